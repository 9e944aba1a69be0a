// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessioninspector.h"

#include "detailform.h"
#include "flagbadgedelegate.h"
#include "selectionsummaryview.h"
#include "sessiontablemodel.h"
#include "statusbadgedelegate.h"
#include "timeformat.h"
#include "usercache.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QFrame>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {
enum Page { EmptyPage, SessionPage, SummaryPage };
constexpr int CopiedFeedbackMs = 1500;
const QString None = QStringLiteral("—");

QString orNone(const QString &text)
{
    return text.isEmpty() ? None : text;
}

// The whole text in the tooltip too: ids may be cut off in a narrow dock.
void setValue(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setToolTip(text.size() > 24 ? text : QString());
}

QString lastActivePhrase(qint64 at, qint64 now)
{
    return SessionInspector::tr("last active %1").arg(TimeFormat::relative(at, now));
}
QString createdPhrase(qint64 at, qint64 now)
{
    return SessionInspector::tr("created %1").arg(TimeFormat::relative(at, now));
}
QString updatedPhrase(qint64 at, qint64 now)
{
    return SessionInspector::tr("updated %1").arg(TimeFormat::relative(at, now));
}
QString expirePhrase(qint64 at, qint64 now)
{
    return at > now ? SessionInspector::tr("expires %1").arg(TimeFormat::relative(at, now))
                    : SessionInspector::tr("expired %1").arg(TimeFormat::relative(at, now));
}
QString abandonPhrase(qint64 at, qint64 now)
{
    return at > now
        ? SessionInspector::tr("abandons %1").arg(TimeFormat::relative(at, now))
        : SessionInspector::tr("abandon time passed %1").arg(TimeFormat::relative(at, now));
}

// "2024-05-28 05:35:00 IST (3 days ago)", or "never".
QString dateWithAge(qint64 at, qint64 now)
{
    if (at == 0)
        return SessionInspector::tr("never");
    return QStringLiteral("%1 (%2)").arg(TimeFormat::localDateTime(at),
                                         TimeFormat::relative(at, now));
}

// "Germany (DE)"; the code alone when Qt does not know it.
QString countryText(const QString &code)
{
    if (code.isEmpty())
        return None;
    const QLocale::Territory territory = QLocale::codeToTerritory(code);
    if (territory == QLocale::AnyTerritory)
        return code;
    return QStringLiteral("%1 (%2)").arg(QLocale::territoryToString(territory), code);
}

QString prettyJson(const QString &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8());
    if (document.isNull())
        return json;
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

QScrollArea *scrolling(QWidget *content, const QString &name)
{
    auto *scroll = new QScrollArea;
    scroll->setObjectName(name);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    return scroll;
}
} // namespace

SessionInspector::SessionInspector(QWidget *parent)
    : QWidget(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_pages(new QStackedWidget(this))
    , m_summary(new SelectionSummaryView)
{
    setObjectName(QStringLiteral("sessionInspector"));
    auto *empty = new QLabel(tr("Select a session to see its details."), this);
    empty->setObjectName(QStringLiteral("inspectorEmpty"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setForegroundRole(QPalette::PlaceholderText);
    m_pages->insertWidget(EmptyPage, empty);
    m_pages->insertWidget(SessionPage, createSessionPage());
    m_pages->insertWidget(SummaryPage, scrolling(m_summary, QStringLiteral("summaryScroll")));
    connect(m_summary, &SelectionSummaryView::copyRequested, this, &SessionInspector::copy);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_pages);
    clear();
}

QSize SessionInspector::sizeHint() const
{
    // Wide enough for Clerk's ids and both times without scrolling; a dock starts at its hint.
    return QSize(fontMetrics().averageCharWidth() * 76, fontMetrics().height() * 40);
}

void SessionInspector::setClock(Clock clock)
{
    m_clock = std::move(clock);
    refreshTimes();
}

// --- Building ---------------------------------------------------------------------------------

QWidget *SessionInspector::createSessionPage()
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(createHeader());
    // Impersonation comes first and stands out: it changes what every other line means.
    layout->addWidget(createImpersonationFrame());

    DetailForm *session = addForm(new DetailForm(tr("Session"), QStringLiteral("sessionSection")));
    layout->addLayout(session);
    m_sessionId = session->addCopyableValue(tr("Session ID"), QStringLiteral("sessionIdValue"),
                                            tr("session ID"));
    m_userId =
        session->addCopyableValue(tr("User ID"), QStringLiteral("userIdValue"), tr("user ID"));
    m_clientId = session->addCopyableValue(tr("Client ID"), QStringLiteral("clientIdValue"),
                                           tr("client ID"));
    m_statusText = session->addValue(tr("Status"), QStringLiteral("statusValue"));
    m_organization = session->addCopyableValue(
        tr("Organization"), QStringLiteral("organizationValue"), tr("organization ID"));
    m_copyOrganization = session->copyButton(m_organization);
    m_tasks = session->addValue(tr("Tasks"), QStringLiteral("tasksValue"));
    m_object = session->addValue(tr("Object"), QStringLiteral("objectValue"));

    m_userForm = addForm(new DetailForm(tr("User"), QStringLiteral("userSection")));
    layout->addLayout(m_userForm);
    m_userState = m_userForm->addValue(QString(), QStringLiteral("userStateValue"));
    m_userName = m_userForm->addValue(tr("Name"), QStringLiteral("userNameValue"));
    m_userEmail = m_userForm->addCopyableValue(
        tr("Primary email"), QStringLiteral("userEmailValue"), tr("email address"));
    m_userCreated = m_userForm->addValue(tr("Created"), QStringLiteral("userCreatedValue"));
    m_userLastSignIn =
        m_userForm->addValue(tr("Last sign-in"), QStringLiteral("userLastSignInValue"));
    m_userAccess = m_userForm->addValue(tr("Sign-in"), QStringLiteral("userAccessValue"));

    DetailForm *times = addForm(new DetailForm(tr("Times"), QStringLiteral("timesSection")));
    layout->addLayout(times);
    addTime(times, tr("Last active"), QStringLiteral("lastActive"), lastActivePhrase);
    addTime(times, tr("Created"), QStringLiteral("created"), createdPhrase);
    addTime(times, tr("Updated"), QStringLiteral("updated"), updatedPhrase);
    addTime(times, tr("Expires"), QStringLiteral("expire"), expirePhrase);
    addTime(times, tr("Abandons"), QStringLiteral("abandon"), abandonPhrase);

    m_activityForm =
        addForm(new DetailForm(tr("Latest activity"), QStringLiteral("activitySection")));
    layout->addLayout(m_activityForm);
    m_noActivity = m_activityForm->addValue(QString(), QStringLiteral("noActivityValue"));
    m_noActivity->setText(tr("No activity recorded."));
    m_browser = m_activityForm->addValue(tr("Browser"), QStringLiteral("browserValue"));
    m_deviceType = m_activityForm->addValue(tr("Device"), QStringLiteral("deviceTypeValue"));
    m_mobile = m_activityForm->addValue(tr("Mobile"), QStringLiteral("mobileValue"));
    m_ipAddress = m_activityForm->addCopyableValue(
        tr("IP address"), QStringLiteral("ipAddressValue"), tr("IP address"));
    m_city = m_activityForm->addValue(tr("City"), QStringLiteral("cityValue"));
    m_country = m_activityForm->addValue(tr("Country"), QStringLiteral("countryValue"));
    m_activityId = m_activityForm->addCopyableValue(
        tr("Activity ID"), QStringLiteral("activityIdValue"), tr("activity ID"));

    layout->addLayout(new DetailForm(tr("Raw JSON"), QStringLiteral("jsonSection")));
    m_json = DetailForm::jsonView(QStringLiteral("rawJson"));
    layout->addWidget(m_json);
    auto *copyJson = new QPushButton(tr("Copy &JSON"), content);
    copyJson->setObjectName(QStringLiteral("copyJson"));
    connect(copyJson, &QPushButton::clicked, this,
            [this, copyJson] { copy(tr("session JSON"), m_json->toPlainText(), copyJson); });
    layout->addWidget(copyJson, 0, Qt::AlignRight);
    layout->addStretch(1);

    // The values of all sections in one column.
    const QList<DetailForm *> forms = {session, m_userForm, times, m_activityForm};
    int titleWidth = 0;
    for (const DetailForm *form : forms)
        titleWidth = std::max(titleWidth, form->titleWidth());
    for (DetailForm *form : forms)
        form->setTitleWidth(titleWidth);
    return scrolling(content, QStringLiteral("inspectorScroll"));
}

QWidget *SessionInspector::createHeader()
{
    auto *header = new QWidget;
    m_badge = new QLabel(header);
    m_badge->setObjectName(QStringLiteral("statusBadge"));
    m_showUser = new QPushButton(tr("Show &User"), header);
    m_showUser->setObjectName(QStringLiteral("showUserButton"));
    m_showUser->setToolTip(tr("Show this user's sessions"));
    m_revoke = new QPushButton(tr("&Revoke…"), header);
    m_revoke->setObjectName(QStringLiteral("revokeButton"));
    m_meaning = new QLabel(header);
    m_meaning->setObjectName(QStringLiteral("statusMeaning"));
    m_meaning->setWordWrap(true);
    m_flagBadges = new QLabel(header);
    m_flagBadges->setObjectName(QStringLiteral("flagBadges"));
    m_flagBadges->setTextFormat(Qt::RichText);
    m_flagBadges->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(m_badge);
    top->addStretch(1);
    top->addWidget(m_showUser);
    top->addWidget(m_revoke);
    auto *layout = new QVBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_meaning);
    layout->addWidget(m_flagBadges);

    connect(m_showUser, &QPushButton::clicked, this, [this] {
        if (m_session)
            emit showUserRequested(m_session->userId);
    });
    connect(m_revoke, &QPushButton::clicked, this, [this] {
        if (m_session)
            emit revokeRequested(m_session->id);
    });
    return header;
}

QFrame *SessionInspector::createImpersonationFrame()
{
    m_impersonation = new QFrame;
    m_impersonation->setObjectName(QStringLiteral("impersonationFrame"));
    // Fixed colours inside the highlight, so that it reads the same in light and dark themes.
    m_impersonation->setStyleSheet(QStringLiteral(
        "QFrame#impersonationFrame[highlighted=\"true\"] { background: #fff3e0;"
        " border: 1px solid #e8a33d; border-radius: 4px; }"
        "QFrame#impersonationFrame[highlighted=\"true\"] QLabel,"
        " QFrame#impersonationFrame[highlighted=\"true\"] QToolButton { color: #4e342e; }"));
    m_impersonationTitle = new QLabel(m_impersonation);
    m_impersonationTitle->setObjectName(QStringLiteral("impersonationTitle"));
    m_impersonationTitle->setWordWrap(true);
    m_impersonationForm = addForm(new DetailForm);
    m_actor = m_impersonationForm->addCopyableValue(tr("Actor"), QStringLiteral("actorValue"),
                                                    tr("actor's user ID"));
    m_actorJson = m_impersonationForm->addJson(tr("Actor JSON"), QStringLiteral("actorJsonValue"));

    auto *layout = new QVBoxLayout(m_impersonation);
    layout->addWidget(m_impersonationTitle);
    layout->addLayout(m_impersonationForm);
    return m_impersonation;
}

DetailForm *SessionInspector::addForm(DetailForm *form)
{
    connect(form, &DetailForm::copyRequested, this, &SessionInspector::copy);
    return form;
}

void SessionInspector::addTime(DetailForm *form, const QString &label, const QString &name,
                               QString (*phrase)(qint64, qint64))
{
    const DetailForm::TimeLines lines = form->addTime(label, name);
    m_times.append({lines.age, lines.local, lines.utc, phrase});
}

// --- Showing ----------------------------------------------------------------------------------

void SessionInspector::setFlags(quint8 flags, const AnomalyRules &rules)
{
    m_flags = flags;
    m_flagBadges->setVisible(flags != 0);
    if (!flags)
        return;
    m_flagBadges->setText(tr("Flagged: %1").arg(FlagBadgeDelegate::badgesHtml(flags)));
    QStringList lines;
    for (const AnomalyRules::Flag flag : AnomalyRules::Flags) {
        if (flags & flag)
            lines.append(rules.description(flag)); // "Travel: another session …"
    }
    m_flagBadges->setToolTip(lines.join(QStringLiteral("\n\n")));
}

void SessionInspector::clear()
{
    m_session.reset();
    m_count = 0;
    m_pages->setCurrentIndex(EmptyPage);
}

void SessionInspector::setSessions(const QList<Session> &sessions, qint64 selected)
{
    selected = std::max<qint64>(selected, sessions.size());
    if (sessions.isEmpty()) {
        clear();
    } else if (selected == 1) {
        setSession(sessions.first());
    } else {
        m_session.reset();
        m_count = selected;
        m_summary->setSessions(sessions, selected, m_clock());
        m_pages->setCurrentIndex(SummaryPage);
    }
}

void SessionInspector::setSession(const Session &session)
{
    const bool sameUser = m_session && m_session->userId == session.userId;
    m_session = session;
    m_count = 1;

    m_badge->setText(statusBadgeText(session.status, session.statusText));
    m_badge->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; "
                                          "border-radius: 9px; padding: 2px 10px; "
                                          "font-weight: bold; }")
                               .arg(StatusBadgeDelegate::colorFor(session.status).name()));
    m_meaning->setText(statusMeaning(session.status, session.statusText));
    setFlags(0);

    setValue(m_sessionId, session.id);
    setValue(m_userId, session.userId);
    setValue(m_clientId, session.clientId);
    setValue(m_statusText, session.statusText);
    setValue(m_object, session.object.isNull() ? tr("(absent)") : session.object);
    const QString &organization = session.lastActiveOrganizationId;
    setValue(m_organization, organization.isEmpty() ? tr("none") : organization);
    m_copyOrganization->setVisible(!organization.isEmpty());
    setValue(m_tasks,
             session.tasks && !session.tasks->isEmpty() ? session.tasks->join(QStringLiteral(", "))
                                                        : tr("none"));

    const qint64 times[] = {session.lastActiveAt, session.createdAt, session.updatedAt,
                            session.expireAt, session.abandonAt};
    for (qsizetype i = 0; i < m_times.size(); ++i)
        m_times[i].at = times[i];
    updateTimes();
    showImpersonation(session);
    showActivity(session);
    if (!sameUser)
        setUserState(UserState::Offline);
    DetailForm::showJson(
        m_json,
        QString::fromUtf8(
            QJsonDocument(session.toJson()).toJson(QJsonDocument::Indented).trimmed()));
    updateButtons();
    m_pages->setCurrentIndex(SessionPage);
}

void SessionInspector::showImpersonation(const Session &session)
{
    const bool impersonated = session.isImpersonated();
    m_impersonation->setProperty("highlighted", impersonated);
    // Inset inside the highlight; flush with the sections below without it.
    const int inset = impersonated ? 6 : 0;
    m_impersonation->layout()->setContentsMargins(inset, impersonated ? 4 : 0, inset, inset);
    // The style sheet depends on the property: apply it again, to the labels inside too.
    m_impersonation->style()->unpolish(m_impersonation);
    m_impersonation->style()->polish(m_impersonation);
    const QList<QWidget *> inside = m_impersonation->findChildren<QWidget *>();
    for (QWidget *widget : inside)
        widget->style()->polish(widget);
    QFont font = m_impersonationTitle->font();
    font.setBold(impersonated);
    m_impersonationTitle->setFont(font);

    if (impersonated) {
        m_impersonationTitle->setText(
            session.actorSub.isEmpty()
                ? tr("⚠ Impersonated: someone else is acting as this user.")
                : tr("⚠ Impersonated: %1 is acting as this user.").arg(session.actorSub));
        setValue(m_actor, orNone(session.actorSub));
        DetailForm::showJson(m_actorJson, prettyJson(session.actorJson));
    } else {
        m_impersonationTitle->setText(tr("Not impersonated: the user signed in themselves."));
        m_actor->clear();
        m_actorJson->clear();
    }
    m_impersonationForm->setValueVisible(m_actor, impersonated);
    m_impersonationForm->setValueVisible(m_actorJson, impersonated);
}

void SessionInspector::showActivity(const Session &session)
{
    const bool has = session.latestActivity.has_value();
    m_activityForm->setValueVisible(m_noActivity, !has);
    for (QLabel *label :
         {m_browser, m_deviceType, m_mobile, m_ipAddress, m_city, m_country, m_activityId})
        m_activityForm->setValueVisible(label, has);
    if (!has)
        return;
    const SessionActivity &activity = *session.latestActivity;
    const QString browser = activity.browserVersion.isEmpty()
        ? activity.browserName
        : activity.browserName + QLatin1Char(' ') + activity.browserVersion;
    setValue(m_browser, orNone(browser.trimmed()));
    setValue(m_deviceType, orNone(activity.deviceType));
    setValue(m_mobile, activity.isMobile ? tr("Yes") : tr("No"));
    setValue(m_ipAddress, orNone(activity.ipAddress));
    setValue(m_city, orNone(activity.city));
    setValue(m_country, countryText(activity.country));
    setValue(m_activityId, orNone(activity.id));
}

// --- The user ---------------------------------------------------------------------------------

void SessionInspector::setUser(const UserSummary &user)
{
    if (!m_session || user.id != m_session->userId)
        return;
    m_userForm->setValueVisible(m_userState, false);
    for (QLabel *label : {m_userName, m_userEmail, m_userCreated, m_userLastSignIn, m_userAccess})
        m_userForm->setValueVisible(label, true);

    const qint64 now = m_clock();
    const QString name = user.displayName();
    setValue(m_userName, name == user.id ? tr("(no name)") : name);
    setValue(m_userEmail, orNone(user.primaryEmail));
    setValue(m_userCreated, dateWithAge(user.createdAt, now));
    setValue(m_userLastSignIn, dateWithAge(user.lastSignInAt, now));
    if (user.banned && user.locked)
        setValue(m_userAccess, tr("Banned and locked: cannot sign in"));
    else if (user.banned)
        setValue(m_userAccess, tr("Banned: cannot sign in"));
    else if (user.locked)
        setValue(m_userAccess, tr("Locked: cannot sign in until the lockout ends"));
    else
        setValue(m_userAccess, tr("Can sign in"));
}

void SessionInspector::setUserState(UserState state)
{
    m_userForm->setValueVisible(m_userState, true);
    for (QLabel *label : {m_userName, m_userEmail, m_userCreated, m_userLastSignIn, m_userAccess})
        m_userForm->setValueVisible(label, false);
    switch (state) {
    case UserState::Offline:
        m_userState->setText(tr("Connect to Clerk to see who this is."));
        break;
    case UserState::Loading:
        m_userState->setText(tr("Loading…"));
        break;
    case UserState::Missing:
        m_userState->setText(tr("The connected instance has no user with this ID (deleted?)."));
        break;
    case UserState::Failed:
        m_userState->setText(tr("Could not look the user up."));
        break;
    }
}

void SessionInspector::updateUser(const UserCache *cache)
{
    if (!m_session)
        return;
    const QString &id = m_session->userId;
    if (cache) {
        if (const std::optional<UserSummary> user = cache->user(id)) {
            setUser(*user);
            return;
        }
    }
    if (!cache || !cache->client())
        setUserState(UserState::Offline);
    else if (cache->isKnownMissing(id))
        setUserState(UserState::Missing);
    else if (cache->hasFailed(id))
        setUserState(UserState::Failed);
    else
        setUserState(UserState::Loading);
}

// --- Actions ----------------------------------------------------------------------------------

void SessionInspector::setRevokeAvailable(bool available)
{
    m_revokeAvailable = available;
    updateButtons();
}

void SessionInspector::updateButtons()
{
    const bool revocable = m_session &&
        (m_session->status == SessionStatus::Active || m_session->status == SessionStatus::Pending);
    m_revoke->setEnabled(m_revokeAvailable && revocable);
    // Offered only where revoking can happen at all, not as a dead button.
    m_revoke->setVisible(m_revokeAvailable);
    if (!revocable)
        m_revoke->setToolTip(tr("Only active and pending sessions can be revoked"));
    else if (!m_revokeAvailable)
        m_revoke->setToolTip(tr("Connect to Clerk to revoke sessions"));
    else
        m_revoke->setToolTip(tr("Sign the user out of this session"));
    m_showUser->setEnabled(m_session && !m_session->userId.isEmpty());
}

void SessionInspector::copy(const QString &what, const QString &text, QAbstractButton *source)
{
    if (text.isEmpty() || text == None)
        return;
    // Plain text: ids, addresses and JSON are no secrets, so nothing is marked concealed.
    QGuiApplication::clipboard()->setText(text);
    emit copied(what, text);
    if (!source)
        return;
    // "Copied" on the button for a moment; a second click within it keeps the first label.
    // A button whose label changes meanwhile keeps it in its "label" property.
    if (!source->property("copiedFeedback").toBool()) {
        source->setProperty("copiedFeedback", true);
        const QString label = source->text();
        QTimer::singleShot(CopiedFeedbackMs, source, [source, label] {
            const QVariant current = source->property("label");
            source->setText(current.isValid() ? current.toString() : label);
            source->setProperty("copiedFeedback", false);
        });
    }
    source->setText(tr("Copied"));
}

// --- Times ------------------------------------------------------------------------------------

void SessionInspector::refreshTimes()
{
    if (m_pages->currentIndex() == SessionPage)
        updateTimes();
}

void SessionInspector::updateTimes()
{
    const qint64 now = m_clock();
    for (const TimeRow &row : std::as_const(m_times)) {
        if (row.at == 0) {
            row.age->setText(tr("not recorded"));
            row.local->hide();
            row.utc->hide();
            continue;
        }
        row.age->setText(row.phrase(row.at, now));
        row.local->setText(TimeFormat::localDateTime(row.at));
        row.utc->setText(TimeFormat::utcDateTime(row.at));
        row.local->show();
        // A machine set to UTC would say the same twice.
        row.utc->setVisible(row.local->text() != row.utc->text());
    }
}

// --- Texts ------------------------------------------------------------------------------------

QString SessionInspector::statusBadgeText(SessionStatus status, const QString &statusText)
{
    const QString label = SessionTableModel::statusLabel(status, statusText);
    return label.isEmpty() ? tr("unknown") : label;
}

QString SessionInspector::statusMeaning(SessionStatus status, const QString &statusText)
{
    switch (status) {
    case SessionStatus::Active:
        return tr("The user is signed in: every request with this session is allowed.");
    case SessionStatus::Pending:
        return tr("The user has signed in but has not completed the session's tasks yet.");
    case SessionStatus::Revoked:
        return tr("The application ended the session (an administrator or the Backend API) and "
                  "removed it from its client.");
    case SessionStatus::Ended:
        return tr("The user signed out; the session stays listed in its client.");
    case SessionStatus::Expired:
        return tr("The session's period of allowed activity has passed; the user has to sign "
                  "in again.");
    case SessionStatus::Removed:
        return tr("The user signed out and the session was removed from its client.");
    case SessionStatus::Abandoned:
        return tr("The session was abandoned on the client, without a sign-out.");
    case SessionStatus::Replaced:
        return tr("Another session replaced this one; it stays listed in its client.");
    case SessionStatus::Unknown:
        break;
    }
    return statusText.isEmpty()
        ? tr("The session has no status.")
        : tr("“%1” is a status this version of SessionDesk does not know.").arg(statusText);
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// The session inspector's texts for fixture sessions, exactly, with a clock the test sets and
// the local time zone fixed to India's (UTC+05:30, no daylight saving): the badge and what each
// status means, times in local time and UTC with their ages, the latest activity,
// impersonation highlighted, the user section, the raw JSON, copying, the signals out, and the
// summary of a multiple selection.

#include "clerkclient.h"
#include "sessioninspector.h"
#include "usercache.h"

#include <QApplication>
#include <QClipboard>
#include <QFrame>
#include <QJsonDocument>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTest>
#include <QToolButton>

#include <ctime>

using UserState = SessionInspector::UserState;

namespace {
constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
// 2024-05-28 00:05:00 UTC, 05:35:00 in India.
constexpr qint64 Now = 1716854400000 + 5 * Minute;

// Impersonated, active, with an organization and the latest activity.
Session activeSession()
{
    Session s;
    s.object = QStringLiteral("session");
    s.id = QStringLiteral("sess_2active");
    s.userId = QStringLiteral("user_2jane");
    s.clientId = QStringLiteral("client_2laptop");
    s.actorJson =
        QStringLiteral("{\"sub\":\"user_2admin\",\"iss\":\"https://dashboard.clerk.com\"}");
    s.actorSub = QStringLiteral("user_2admin");
    s.status = SessionStatus::Active;
    s.statusText = QStringLiteral("active");
    s.lastActiveOrganizationId = QStringLiteral("org_2acme");
    s.lastActiveAt = Now - 5 * Minute;
    s.expireAt = Now + 3 * Day;
    s.abandonAt = Now + 40 * Day;
    s.updatedAt = Now - 5 * Minute;
    s.createdAt = Now - 2 * Day - 3 * Hour;
    SessionActivity activity;
    activity.object = QStringLiteral("session_activity");
    activity.id = QStringLiteral("sess_activity_2x");
    activity.deviceType = QStringLiteral("Macintosh");
    activity.isMobile = false;
    activity.browserName = QStringLiteral("Chrome");
    activity.browserVersion = QStringLiteral("125.0.0.0");
    activity.ipAddress = QStringLiteral("203.0.113.7");
    activity.city = QStringLiteral("Berlin");
    activity.country = QStringLiteral("DE");
    s.latestActivity = activity;
    s.tasks = QStringList();
    return s;
}

// Revoked, from a camelCase export: no object, no activity, no organization, no tasks.
Session revokedSession()
{
    Session s;
    s.id = QStringLiteral("sess_2revoked");
    s.userId = QStringLiteral("user_2bob");
    s.clientId = QStringLiteral("client_2phone");
    s.status = SessionStatus::Revoked;
    s.statusText = QStringLiteral("revoked");
    s.lastActiveAt = Now - 3 * Day;
    s.expireAt = Now - 2 * Day;
    s.abandonAt = 0;
    s.updatedAt = Now - 3 * Day + Hour;
    s.createdAt = Now - 40 * Day;
    return s;
}

Session pendingSession()
{
    Session s = activeSession();
    s.id = QStringLiteral("sess_2pending");
    s.actorJson.clear();
    s.actorSub.clear();
    s.status = SessionStatus::Pending;
    s.statusText = QStringLiteral("pending");
    s.tasks = QStringList{QStringLiteral("choose-organization"), QStringLiteral("reset-password")};
    s.latestActivity->country = QStringLiteral("US");
    s.latestActivity->isMobile = true;
    s.latestActivity->deviceType = QStringLiteral("iPhone");
    s.latestActivity->browserVersion.clear();
    s.createdAt = Now - 10 * Day;
    return s;
}

Session unknownSession()
{
    Session s = revokedSession();
    s.id = QStringLiteral("sess_2odd");
    s.status = SessionStatus::Unknown;
    s.statusText = QStringLiteral("suspended");
    return s;
}

UserSummary jane()
{
    UserSummary user;
    user.id = QStringLiteral("user_2jane");
    user.firstName = QStringLiteral("Jane");
    user.lastName = QStringLiteral("Doe");
    user.primaryEmail = QStringLiteral("jane@example.com");
    user.createdAt = Now - 400 * Day;
    user.lastSignInAt = Now - 2 * Day - 3 * Hour;
    user.banned = true;
    return user;
}
} // namespace

class TestSessionInspector : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startsEmpty();
    void badgeAndMeaning_data();
    void badgeAndMeaning();
    void sessionFields();
    void timesInLocalTimeAndUtcWithAges();
    void timesFollowTheClock();
    void latestActivity();
    void noActivity();
    void impersonationIsHighlighted();
    void rawJsonIsPrettyReadOnlyAndCopyable();
    void copyButtonsCopyEveryId();
    void signalsOut();
    void revokeOnlyWhenRevocableAndConnected();
    void userSection();
    void userSectionFromTheCache();
    void multipleSelectionShowsASummary();
    void clearShowsNothing();

private:
    QString text(const char *name) const;
    bool shown(const char *name) const;
    template<typename T>
    T *child(const char *name) const
    {
        T *widget = m_inspector->findChild<T *>(QLatin1StringView(name));
        [&] { QVERIFY2(widget, name); }();
        return widget;
    }

    std::unique_ptr<SessionInspector> m_inspector;
    qint64 m_now = Now;
};

void TestSessionInspector::init()
{
    m_now = Now;
    m_inspector = std::make_unique<SessionInspector>();
    m_inspector->setClock([this] { return m_now; });
    m_inspector->resize(420, 900);
    m_inspector->show();
}

void TestSessionInspector::cleanup()
{
    m_inspector.reset();
}

QString TestSessionInspector::text(const char *name) const
{
    const QLabel *label = child<QLabel>(name);
    return label ? label->text() : QStringLiteral("<no %1>").arg(QLatin1StringView(name));
}

bool TestSessionInspector::shown(const char *name) const
{
    const QWidget *widget = child<QWidget>(name);
    return widget && widget->isVisibleTo(m_inspector.get());
}

void TestSessionInspector::startsEmpty()
{
    QVERIFY(shown("inspectorEmpty"));
    QCOMPARE(text("inspectorEmpty"), QStringLiteral("Select a session to see its details."));
    QVERIFY(!shown("sessionIdValue"));
    QCOMPARE(m_inspector->selectedCount(), 0);
    QVERIFY(!m_inspector->session());
}

void TestSessionInspector::badgeAndMeaning_data()
{
    QTest::addColumn<SessionStatus>("status");
    QTest::addColumn<QString>("statusText");
    QTest::addColumn<QString>("badge");
    QTest::addColumn<QString>("color");
    QTest::addColumn<QString>("meaning");

    QTest::newRow("active") << SessionStatus::Active << "active"
                            << "Active"
                            << "#2e7d32"
                            << "The user is signed in: every request with this session is "
                               "allowed.";
    QTest::newRow("pending") << SessionStatus::Pending << "pending"
                             << "Pending"
                             << "#b26a00"
                             << "The user has signed in but has not completed the session's "
                                "tasks yet.";
    QTest::newRow("revoked") << SessionStatus::Revoked << "revoked"
                             << "Revoked"
                             << "#c62828"
                             << "The application ended the session (an administrator or the "
                                "Backend API) and removed it from its client.";
    QTest::newRow("ended") << SessionStatus::Ended << "ended"
                           << "Ended"
                           << "#607d8b"
                           << "The user signed out; the session stays listed in its client.";
    QTest::newRow("expired") << SessionStatus::Expired << "expired"
                             << "Expired"
                             << "#607d8b"
                             << "The session's period of allowed activity has passed; the user "
                                "has to sign in again.";
    QTest::newRow("removed") << SessionStatus::Removed << "removed"
                             << "Removed"
                             << "#6a1b9a"
                             << "The user signed out and the session was removed from its "
                                "client.";
    QTest::newRow("abandoned") << SessionStatus::Abandoned << "abandoned"
                               << "Abandoned"
                               << "#607d8b"
                               << "The session was abandoned on the client, without a sign-out.";
    QTest::newRow("replaced") << SessionStatus::Replaced << "replaced"
                              << "Replaced"
                              << "#1565c0"
                              << "Another session replaced this one; it stays listed in its "
                                 "client.";
    QTest::newRow("unknown") << SessionStatus::Unknown << "suspended"
                             << "suspended"
                             << "#37474f"
                             << "“suspended” is a status this version of SessionDesk does not "
                                "know.";
    QTest::newRow("none") << SessionStatus::Unknown << ""
                          << "unknown"
                          << "#37474f"
                          << "The session has no status.";
}

void TestSessionInspector::badgeAndMeaning()
{
    QFETCH(SessionStatus, status);
    QFETCH(QString, statusText);
    QFETCH(QString, badge);
    QFETCH(QString, color);
    QFETCH(QString, meaning);

    Session session = revokedSession();
    session.status = status;
    session.statusText = statusText;
    m_inspector->setSession(session);
    QCOMPARE(text("statusBadge"), badge);
    QVERIFY2(
        child<QLabel>("statusBadge")->styleSheet().contains(QStringLiteral("background: ") + color),
        qPrintable(child<QLabel>("statusBadge")->styleSheet()));
    QCOMPARE(text("statusMeaning"), meaning);
    QCOMPARE(text("statusValue"), statusText);
    QCOMPARE(SessionInspector::statusMeaning(status, statusText), meaning);
}

void TestSessionInspector::sessionFields()
{
    m_inspector->setSession(activeSession());
    QVERIFY(shown("sessionIdValue"));
    QVERIFY(!shown("inspectorEmpty"));
    QCOMPARE(m_inspector->selectedCount(), 1);
    QCOMPARE(m_inspector->session(), activeSession());
    QCOMPARE(text("sessionIdValue"), QStringLiteral("sess_2active"));
    QCOMPARE(text("userIdValue"), QStringLiteral("user_2jane"));
    QCOMPARE(text("clientIdValue"), QStringLiteral("client_2laptop"));
    QCOMPARE(text("statusValue"), QStringLiteral("active"));
    QCOMPARE(text("objectValue"), QStringLiteral("session"));
    QCOMPARE(text("organizationValue"), QStringLiteral("org_2acme"));
    QVERIFY(shown("copyOrganization"));
    QCOMPARE(text("tasksValue"), QStringLiteral("none"));

    m_inspector->setSession(pendingSession());
    QCOMPARE(text("tasksValue"), QStringLiteral("choose-organization, reset-password"));

    m_inspector->setSession(revokedSession());
    QCOMPARE(text("objectValue"), QStringLiteral("(absent)"));
    QCOMPARE(text("organizationValue"), QStringLiteral("none"));
    QVERIFY(!shown("copyOrganization"));
    QCOMPARE(text("tasksValue"), QStringLiteral("none"));
}

void TestSessionInspector::timesInLocalTimeAndUtcWithAges()
{
    m_inspector->setSession(activeSession());
    QCOMPARE(text("lastActiveAge"), QStringLiteral("last active 5 min ago"));
    QCOMPARE(text("lastActiveLocal"), QStringLiteral("2024-05-28 05:30:00 IST"));
    QCOMPARE(text("lastActiveUtc"), QStringLiteral("2024-05-28 00:00:00 UTC"));
    QCOMPARE(text("createdAge"), QStringLiteral("created 2 days ago"));
    QCOMPARE(text("createdLocal"), QStringLiteral("2024-05-26 02:35:00 IST"));
    QCOMPARE(text("createdUtc"), QStringLiteral("2024-05-25 21:05:00 UTC"));
    QCOMPARE(text("updatedAge"), QStringLiteral("updated 5 min ago"));
    QCOMPARE(text("expireAge"), QStringLiteral("expires in 3 days"));
    QCOMPARE(text("expireLocal"), QStringLiteral("2024-05-31 05:35:00 IST"));
    QCOMPARE(text("expireUtc"), QStringLiteral("2024-05-31 00:05:00 UTC"));
    QCOMPARE(text("abandonAge"), QStringLiteral("abandons in 1 month"));
    QCOMPARE(text("abandonUtc"), QStringLiteral("2024-07-07 00:05:00 UTC"));
    QVERIFY(shown("lastActiveUtc"));

    // In the past; and a time the session does not have.
    m_inspector->setSession(revokedSession());
    QCOMPARE(text("lastActiveAge"), QStringLiteral("last active 3 days ago"));
    QCOMPARE(text("expireAge"), QStringLiteral("expired 2 days ago"));
    QCOMPARE(text("expireLocal"), QStringLiteral("2024-05-26 05:35:00 IST"));
    QCOMPARE(text("createdAge"), QStringLiteral("created 1 month ago"));
    QCOMPARE(text("abandonAge"), QStringLiteral("not recorded"));
    QVERIFY(!shown("abandonLocal"));
    QVERIFY(!shown("abandonUtc"));
    QVERIFY(shown("expireLocal"));

    Session old = revokedSession();
    old.abandonAt = Now - Hour;
    m_inspector->setSession(old);
    QCOMPARE(text("abandonAge"), QStringLiteral("abandon time passed 1 h ago"));
    QVERIFY(shown("abandonLocal"));
}

void TestSessionInspector::timesFollowTheClock()
{
    m_inspector->setSession(activeSession());
    m_now = Now + Hour;
    QCOMPARE(text("lastActiveAge"), QStringLiteral("last active 5 min ago")); // until refreshed
    m_inspector->refreshTimes();
    QCOMPARE(text("lastActiveAge"), QStringLiteral("last active 1 h ago"));
    QCOMPARE(text("expireAge"), QStringLiteral("expires in 2 days"));
    QCOMPARE(text("lastActiveLocal"), QStringLiteral("2024-05-28 05:30:00 IST"));

    m_now = Now + 4 * Day;
    m_inspector->setClock([this] { return m_now; }); // a new clock refreshes at once
    QCOMPARE(text("expireAge"), QStringLiteral("expired 1 day ago"));
}

void TestSessionInspector::latestActivity()
{
    m_inspector->setSession(activeSession());
    QVERIFY(!shown("noActivityValue"));
    QCOMPARE(text("browserValue"), QStringLiteral("Chrome 125.0.0.0"));
    QCOMPARE(text("deviceTypeValue"), QStringLiteral("Macintosh"));
    QCOMPARE(text("mobileValue"), QStringLiteral("No"));
    QCOMPARE(text("ipAddressValue"), QStringLiteral("203.0.113.7"));
    QCOMPARE(text("cityValue"), QStringLiteral("Berlin"));
    QCOMPARE(text("countryValue"), QStringLiteral("Germany (DE)"));
    QCOMPARE(text("activityIdValue"), QStringLiteral("sess_activity_2x"));

    m_inspector->setSession(pendingSession());
    QCOMPARE(text("browserValue"), QStringLiteral("Chrome"));
    QCOMPARE(text("deviceTypeValue"), QStringLiteral("iPhone"));
    QCOMPARE(text("mobileValue"), QStringLiteral("Yes"));
    QCOMPARE(text("countryValue"), QStringLiteral("United States (US)"));

    Session odd = activeSession();
    odd.latestActivity->country = QStringLiteral("XX");
    odd.latestActivity->city.clear();
    odd.latestActivity->browserName.clear();
    odd.latestActivity->browserVersion.clear();
    m_inspector->setSession(odd);
    QCOMPARE(text("countryValue"), QStringLiteral("XX"));
    QCOMPARE(text("cityValue"), QStringLiteral("—"));
    QCOMPARE(text("browserValue"), QStringLiteral("—"));
}

void TestSessionInspector::noActivity()
{
    m_inspector->setSession(revokedSession());
    QVERIFY(shown("noActivityValue"));
    QCOMPARE(text("noActivityValue"), QStringLiteral("No activity recorded."));
    QVERIFY(!shown("browserValue"));
    QVERIFY(!shown("ipAddressValue"));
    QVERIFY(!shown("copyIpAddress"));

    m_inspector->setSession(activeSession());
    QVERIFY(!shown("noActivityValue"));
    QVERIFY(shown("browserValue"));
}

void TestSessionInspector::impersonationIsHighlighted()
{
    m_inspector->setSession(activeSession());
    const QFrame *frame = child<QFrame>("impersonationFrame");
    QVERIFY(frame->property("highlighted").toBool());
    QCOMPARE(text("impersonationTitle"),
             QStringLiteral("⚠ Impersonated: user_2admin is acting as this user."));
    QVERIFY(child<QLabel>("impersonationTitle")->font().bold());
    QCOMPARE(text("actorValue"), QStringLiteral("user_2admin"));
    QCOMPARE(child<QPlainTextEdit>("actorJsonValue")->toPlainText(),
             QStringLiteral("{\n"
                            "    \"iss\": \"https://dashboard.clerk.com\",\n"
                            "    \"sub\": \"user_2admin\"\n"
                            "}"));
    QVERIFY(shown("actorValue"));
    QVERIFY(shown("actorJsonValue"));
    // The highlight is drawn: the frame's background differs from the window's.
    const QImage image = m_inspector->grab().toImage();
    const QPoint inside =
        frame->mapTo(m_inspector.get(), QPoint(frame->width() - 3, frame->height() / 2));
    QCOMPARE(image.pixelColor(inside), QColor(0xff, 0xf3, 0xe0));

    m_inspector->setSession(pendingSession());
    QVERIFY(!frame->property("highlighted").toBool());
    QCOMPARE(text("impersonationTitle"),
             QStringLiteral("Not impersonated: the user signed in themselves."));
    QVERIFY(!child<QLabel>("impersonationTitle")->font().bold());
    QVERIFY(!shown("actorValue"));
    QVERIFY(!shown("actorJsonValue"));
    const QImage plain = m_inspector->grab().toImage();
    QVERIFY(plain.pixelColor(inside) != QColor(0xff, 0xf3, 0xe0));

    // An actor without a sub is still an impersonation.
    Session anonymous = activeSession();
    anonymous.actorJson = QStringLiteral("{\"iss\":\"x\"}");
    anonymous.actorSub.clear();
    m_inspector->setSession(anonymous);
    QVERIFY(frame->property("highlighted").toBool());
    QCOMPARE(text("impersonationTitle"),
             QStringLiteral("⚠ Impersonated: someone else is acting as this user."));
    QCOMPARE(text("actorValue"), QStringLiteral("—"));
}

void TestSessionInspector::rawJsonIsPrettyReadOnlyAndCopyable()
{
    const Session session = activeSession();
    m_inspector->setSession(session);
    const QPlainTextEdit *json = child<QPlainTextEdit>("rawJson");
    QVERIFY(json->isReadOnly());
    QVERIFY(json->textInteractionFlags() & Qt::TextSelectableByMouse);
    const QString expected = QString::fromUtf8(
        QJsonDocument(session.toJson()).toJson(QJsonDocument::Indented).trimmed());
    QCOMPARE(json->toPlainText(), expected);
    QVERIFY(json->toPlainText().contains(QStringLiteral("\n    \"user_id\": \"user_2jane\"\n}")));
    QVERIFY(json->toPlainText().contains(
        QStringLiteral("\n        \"ip_address\": \"203.0.113.7\",\n")));

    QSignalSpy copied(m_inspector.get(), &SessionInspector::copied);
    QTest::mouseClick(child<QPushButton>("copyJson"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), expected);
    QCOMPARE(copied.size(), 1);
    QCOMPARE(copied.first().at(0).toString(), QStringLiteral("session JSON"));
}

void TestSessionInspector::copyButtonsCopyEveryId()
{
    m_inspector->setSession(activeSession());
    m_inspector->setUser(jane());
    QSignalSpy copied(m_inspector.get(), &SessionInspector::copied);
    const struct
    {
        const char *button;
        QString what;
        QString text;
    } cases[] = {
        {"copySessionId", QStringLiteral("session ID"), QStringLiteral("sess_2active")},
        {"copyUserId", QStringLiteral("user ID"), QStringLiteral("user_2jane")},
        {"copyClientId", QStringLiteral("client ID"), QStringLiteral("client_2laptop")},
        {"copyOrganization", QStringLiteral("organization ID"), QStringLiteral("org_2acme")},
        {"copyActor", QStringLiteral("actor's user ID"), QStringLiteral("user_2admin")},
        {"copyActivityId", QStringLiteral("activity ID"), QStringLiteral("sess_activity_2x")},
        {"copyIpAddress", QStringLiteral("IP address"), QStringLiteral("203.0.113.7")},
        {"copyUserEmail", QStringLiteral("email address"), QStringLiteral("jane@example.com")},
    };
    for (const auto &c : cases) {
        QToolButton *button = child<QToolButton>(c.button);
        QVERIFY2(button->isVisibleTo(m_inspector.get()), c.button);
        QCOMPARE(button->toolTip(), QStringLiteral("Copy the ") + c.what);
        QCOMPARE(button->text(), QStringLiteral("Copy"));
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), c.text);
        QCOMPARE(copied.last().at(0).toString(), c.what);
        QCOMPARE(copied.last().at(1).toString(), c.text);
        QCOMPARE(button->text(), QStringLiteral("Copied")); // for a moment
    }
    QCOMPARE(copied.size(), qsizetype(std::size(cases)));
    QTRY_COMPARE(child<QToolButton>("copySessionId")->text(), QStringLiteral("Copy"));
}

void TestSessionInspector::signalsOut()
{
    m_inspector->setRevokeAvailable(true);
    m_inspector->setSession(activeSession());
    QSignalSpy showUser(m_inspector.get(), &SessionInspector::showUserRequested);
    QSignalSpy revoke(m_inspector.get(), &SessionInspector::revokeRequested);
    QTest::mouseClick(child<QPushButton>("showUserButton"), Qt::LeftButton);
    QCOMPARE(showUser.size(), 1);
    QCOMPARE(showUser.first().first().toString(), QStringLiteral("user_2jane"));
    QTest::mouseClick(child<QPushButton>("revokeButton"), Qt::LeftButton);
    QCOMPARE(revoke.size(), 1);
    QCOMPARE(revoke.first().first().toString(), QStringLiteral("sess_2active"));
}

void TestSessionInspector::revokeOnlyWhenRevocableAndConnected()
{
    QPushButton *revoke = child<QPushButton>("revokeButton");
    m_inspector->setSession(activeSession());
    QVERIFY(!revoke->isEnabled()); // not connected
    QVERIFY(revoke->isHidden()); // no dead button
    QCOMPARE(revoke->toolTip(), QStringLiteral("Connect to Clerk to revoke sessions"));
    m_inspector->setRevokeAvailable(true);
    QVERIFY(!revoke->isHidden());
    QVERIFY(revoke->isEnabled());
    QCOMPARE(revoke->toolTip(), QStringLiteral("Sign the user out of this session"));
    m_inspector->setSession(pendingSession());
    QVERIFY(revoke->isEnabled());
    m_inspector->setSession(revokedSession());
    QVERIFY(!revoke->isEnabled());
    QCOMPARE(revoke->toolTip(), QStringLiteral("Only active and pending sessions can be revoked"));
    QSignalSpy revoked(m_inspector.get(), &SessionInspector::revokeRequested);
    QTest::mouseClick(revoke, Qt::LeftButton);
    QCOMPARE(revoked.size(), 0);
}

void TestSessionInspector::userSection()
{
    m_inspector->setSession(activeSession());
    QVERIFY(shown("userStateValue"));
    QCOMPARE(text("userStateValue"), QStringLiteral("Connect to Clerk to see who this is."));
    QVERIFY(!shown("userNameValue"));

    m_inspector->setUserState(UserState::Loading);
    QCOMPARE(text("userStateValue"), QStringLiteral("Loading…"));

    // An answer for someone else (the selection moved on) changes nothing.
    UserSummary bob;
    bob.id = QStringLiteral("user_2bob");
    bob.firstName = QStringLiteral("Bob");
    m_inspector->setUser(bob);
    QCOMPARE(text("userStateValue"), QStringLiteral("Loading…"));
    QVERIFY(!shown("userNameValue"));

    m_inspector->setUser(jane());
    QVERIFY(!shown("userStateValue"));
    QVERIFY(shown("userNameValue"));
    QCOMPARE(text("userNameValue"), QStringLiteral("Jane Doe"));
    QCOMPARE(text("userEmailValue"), QStringLiteral("jane@example.com"));
    QCOMPARE(text("userCreatedValue"), QStringLiteral("2023-04-24 05:35:00 IST (1 year ago)"));
    QCOMPARE(text("userLastSignInValue"), QStringLiteral("2024-05-26 02:35:00 IST (2 days ago)"));
    QCOMPARE(text("userAccessValue"), QStringLiteral("Banned: cannot sign in"));

    UserSummary user = jane();
    user.banned = false;
    user.locked = true;
    user.lastSignInAt = 0;
    user.firstName.clear();
    user.lastName.clear();
    user.primaryEmail.clear();
    m_inspector->setUser(user);
    QCOMPARE(text("userAccessValue"),
             QStringLiteral("Locked: cannot sign in until the lockout ends"));
    QCOMPARE(text("userLastSignInValue"), QStringLiteral("never"));
    QCOMPARE(text("userNameValue"), QStringLiteral("(no name)"));
    QCOMPARE(text("userEmailValue"), QStringLiteral("—"));
    user.locked = false;
    m_inspector->setUser(user);
    QCOMPARE(text("userAccessValue"), QStringLiteral("Can sign in"));
    user.banned = user.locked = true;
    m_inspector->setUser(user);
    QCOMPARE(text("userAccessValue"), QStringLiteral("Banned and locked: cannot sign in"));

    // Another session of the same user keeps the user; another user's goes back to waiting.
    m_inspector->setSession(pendingSession());
    QVERIFY(shown("userNameValue"));
    m_inspector->setSession(revokedSession());
    QVERIFY(!shown("userNameValue"));
    QCOMPARE(text("userStateValue"), QStringLiteral("Connect to Clerk to see who this is."));

    m_inspector->setUserState(UserState::Missing);
    QCOMPARE(text("userStateValue"),
             QStringLiteral("The connected instance has no user with this ID (deleted?)."));
    m_inspector->setUserState(UserState::Failed);
    QCOMPARE(text("userStateValue"), QStringLiteral("Could not look the user up."));
}

void TestSessionInspector::userSectionFromTheCache()
{
    m_inspector->setSession(activeSession());
    m_inspector->setUserState(UserState::Loading);
    m_inspector->updateUser(nullptr);
    QCOMPARE(text("userStateValue"), QStringLiteral("Connect to Clerk to see who this is."));

    UserCache cache;
    m_inspector->updateUser(&cache);
    QCOMPARE(text("userStateValue"), QStringLiteral("Connect to Clerk to see who this is."));
    cache.insert({jane()}); // from a file: known without a connection
    m_inspector->updateUser(&cache);
    QCOMPARE(text("userNameValue"), QStringLiteral("Jane Doe"));
    QVERIFY(!shown("userStateValue"));

    // With a client (never asked here: nothing is sent before the event loop runs).
    QNetworkAccessManager manager;
    ClerkConfig config;
    config.setSecretKey(QStringLiteral("sk_test_unused"));
    ClerkClient client(&manager, config);
    cache.setClient(&client); // forgets nothing inserted
    m_inspector->setSession(revokedSession());
    cache.request({QStringLiteral("user_2bob")});
    m_inspector->updateUser(&cache);
    QCOMPARE(text("userStateValue"), QStringLiteral("Loading…"));
    m_inspector->setSession(activeSession());
    m_inspector->updateUser(&cache);
    QCOMPARE(text("userNameValue"), QStringLiteral("Jane Doe"));
    cache.setClient(nullptr);
}

void TestSessionInspector::multipleSelectionShowsASummary()
{
    Session second = activeSession();
    second.id = QStringLiteral("sess_2second");
    second.lastActiveAt = Now - 2 * Minute;
    second.createdAt = Now - 20 * Day;
    const QList<Session> sessions = {activeSession(), revokedSession(), pendingSession(),
                                     unknownSession(), second};
    m_inspector->setSessions(sessions);
    QCOMPARE(m_inspector->selectedCount(), 5);
    QVERIFY(!m_inspector->session());
    QVERIFY(shown("summaryTitle"));
    QVERIFY(!shown("sessionIdValue"));
    QCOMPARE(text("summaryTitle"), QStringLiteral("5 sessions selected"));
    QCOMPARE(text("summaryStatuses"),
             QStringLiteral("2 active, 1 pending, 1 revoked, 1 suspended"));
    QCOMPARE(text("summaryUsers"),
             QStringLiteral("2 users\n"
                            "user_2jane: 3 sessions\n"
                            "user_2bob: 2 sessions"));
    QCOMPARE(text("summaryCountries"), QStringLiteral("2 DE, 2 unknown, 1 US"));
    QCOMPARE(text("summaryImpersonated"), QStringLiteral("2 of 5"));
    QCOMPARE(text("summaryCreated"), QStringLiteral("2024-04-18 to 2024-05-26"));
    QCOMPARE(text("summaryLastActive"), QStringLiteral("latest 2 min ago"));

    QSignalSpy copied(m_inspector.get(), &SessionInspector::copied);
    QTest::mouseClick(child<QPushButton>("copySessionIds"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("sess_2active\nsess_2revoked\nsess_2pending\nsess_2odd\nsess_2second"));
    QCOMPARE(copied.size(), 1);
    QCOMPARE(copied.first().at(0).toString(), QStringLiteral("session IDs"));

    // A selection larger than what was summarised: the button says it copies the first ones.
    m_inspector->setSessions(sessions, 5000);
    QTRY_COMPARE(child<QPushButton>("copySessionIds")->text(),
                 QStringLiteral("Copy the First 5 Session &IDs")); // after "Copied"
    m_inspector->setSessions(sessions);
    QCOMPARE(child<QPushButton>("copySessionIds")->text(), QStringLiteral("Copy Session &IDs"));
    m_inspector->setSessions(sessions, 5000);
    QVERIFY(child<QPushButton>("copySessionIds")->toolTip().contains(QLatin1String("5,000")));

    // Many users: the most frequent are named, the rest counted.
    QList<Session> many;
    for (int i = 0; i < 8; ++i) {
        Session s = revokedSession();
        s.userId = QStringLiteral("user_%1").arg(i);
        many.append(s);
        if (i < 2)
            many.append(s);
    }
    m_inspector->setSessions(many);
    QCOMPARE(text("summaryTitle"), QStringLiteral("10 sessions selected"));
    QCOMPARE(text("summaryStatuses"), QStringLiteral("10 revoked"));
    QCOMPARE(text("summaryUsers"),
             QStringLiteral("8 users\n"
                            "user_0: 2 sessions\n"
                            "user_1: 2 sessions\n"
                            "user_2: 1 session\n"
                            "user_3: 1 session\n"
                            "user_4: 1 session\n"
                            "and 3 more"));
    QCOMPARE(text("summaryImpersonated"), QStringLiteral("none"));
    QCOMPARE(text("summaryCreated"), QStringLiteral("2024-04-18"));

    // A huge selection: its first rows summarised, the whole counted.
    m_inspector->setSessions(many, 1234567);
    QCOMPARE(m_inspector->selectedCount(), 1234567);
    QCOMPARE(text("summaryTitle"),
             QStringLiteral("1,234,567 sessions selected (summary of the first 10)"));
    QCOMPARE(text("summaryStatuses"), QStringLiteral("10 revoked"));
    m_inspector->setSessions({pendingSession()}, 2);
    QVERIFY(shown("summaryTitle"));
    QCOMPARE(text("summaryTitle"), QStringLiteral("2 sessions selected (summary of the first 1)"));

    // One session is not a summary; none is nothing.
    m_inspector->setSessions({pendingSession()});
    QVERIFY(shown("sessionIdValue"));
    QCOMPARE(text("sessionIdValue"), QStringLiteral("sess_2pending"));
    m_inspector->setSessions({});
    QVERIFY(shown("inspectorEmpty"));
    QCOMPARE(m_inspector->selectedCount(), 0);
}

void TestSessionInspector::clearShowsNothing()
{
    m_inspector->setSession(activeSession());
    m_inspector->clear();
    QVERIFY(shown("inspectorEmpty"));
    QVERIFY(!m_inspector->session());
    QSignalSpy showUser(m_inspector.get(), &SessionInspector::showUserRequested);
    child<QPushButton>("showUserButton")->click(); // hidden with its page; nothing to show
    QCOMPARE(showUser.size(), 0);
}

int main(int argc, char **argv)
{
    // Local time is India's (UTC+05:30 all year), whatever the machine's zone.
    qputenv("TZ", "Asia/Kolkata");
    tzset();
    QApplication app(argc, argv);
    TestSessionInspector test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sessioninspector.moc"

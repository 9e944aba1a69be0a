// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "revokeconfirmdialog.h"

#include "sessiontablemodel.h"
#include "usercache.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr QLatin1StringView ProductionStyle("color: #c62828; font-weight: bold;");
constexpr QLatin1StringView NoteStyle("color: palette(mid);");

QTreeWidget *makeList(const QStringList &headers, const QString &name, QWidget *parent)
{
    auto *list = new QTreeWidget(parent);
    list->setObjectName(name);
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list->header()->setStretchLastSection(true);
    return list;
}

QString statusLabel(const RevocationTarget &target)
{
    return SessionTableModel::statusLabel(target.status, target.statusText);
}

} // namespace

RevokeConfirmDialog::RevokeConfirmDialog(const RevocationPlan &plan, const ClerkConfig &instance,
                                         const UserCache *users, QWidget *parent)
    : QDialog(parent)
    , m_plan(plan)
    , m_summary(new QLabel(this))
    , m_reasonEdit(new QLineEdit(this))
    , m_revokeButton(nullptr)
{
    setObjectName(QStringLiteral("revokeConfirmDialog"));
    setMinimumWidth(600);
    const int count = int(m_plan.toRevoke.size());
    const bool production = instance.keyKind() == ClerkConfig::KeyKind::Production;
    m_requiresCount = count > 0 && (production || count > TypedConfirmThreshold);
    setWindowTitle(count == 1 ? tr("Revoke Session") : tr("Revoke %n Sessions", nullptr, count));

    auto *layout = new QVBoxLayout(this);

    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setText(summaryText());
    QFont headline = m_summary->font();
    headline.setBold(true);
    headline.setPointSizeF(headline.pointSizeF() * 1.15);
    m_summary->setFont(headline);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    auto *instanceLabel = new QLabel(this);
    instanceLabel->setObjectName(QStringLiteral("instanceLabel"));
    const QString kind = ClerkConfig::keyKindName(instance.keyKind());
    instanceLabel->setText(
        tr("Instance: %1 (%2 key %3)")
            .arg(instance.apiUrl().toDisplayString(), kind, instance.redactedKey()));
    instanceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(instanceLabel);
    if (production) {
        auto *warning =
            new QLabel(tr("This is a PRODUCTION instance: real users will be signed out."), this);
        warning->setObjectName(QStringLiteral("productionWarning"));
        warning->setStyleSheet(ProductionStyle);
        layout->addWidget(warning);
    }

    auto *dryRun = new QLabel(tr("Dry run: nothing has been revoked yet. Revoking cannot be "
                                 "undone; the users will have to sign in again."),
                              this);
    dryRun->setObjectName(QStringLiteral("dryRunLabel"));
    dryRun->setWordWrap(true);
    layout->addWidget(dryRun);

    // Whose sessions: one line per user, the most sessions first.
    QMap<QString, int> perUser;
    for (const RevocationTarget &target : std::as_const(m_plan.toRevoke))
        ++perUser[target.userId];
    QList<std::pair<QString, int>> byCount(perUser.keyValueBegin(), perUser.keyValueEnd());
    std::stable_sort(byCount.begin(), byCount.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    if (!byCount.isEmpty()) {
        auto *usersList = makeList({tr("User"), tr("Sessions")}, QStringLiteral("usersList"), this);
        for (const auto &[userId, sessions] : std::as_const(byCount)) {
            auto *item = new QTreeWidgetItem(usersList,
                                             {userLabel(userId, users), QString::number(sessions)});
            item->setToolTip(0, userId);
            item->setData(0, Qt::UserRole, userId);
        }
        usersList->resizeColumnToContents(0);
        // As tall as its rows, up to five; a scroll bar beyond.
        const int rows = qMin(int(byCount.size()), 5);
        usersList->setFixedHeight(usersList->header()->sizeHint().height() +
                                  rows * qMax(usersList->sizeHintForRow(0), 1) +
                                  2 * usersList->frameWidth() + 2);
        layout->addWidget(new QLabel(tr("Whose sessions:"), this));
        layout->addWidget(usersList);
    }

    auto *targets =
        makeList({tr("Session"), tr("User"), tr("Status")}, QStringLiteral("targetsList"), this);
    for (const RevocationTarget &target : std::as_const(m_plan.toRevoke))
        new QTreeWidgetItem(
            targets, {target.sessionId, userLabel(target.userId, users), statusLabel(target)});
    targets->resizeColumnToContents(0);
    targets->resizeColumnToContents(1);
    layout->addWidget(new QLabel(tr("Sessions to revoke:"), this));
    layout->addWidget(targets, 3);

    if (!m_plan.skipped.isEmpty()) {
        auto *skipped = makeList({tr("Session"), tr("User"), tr("Skipped because")},
                                 QStringLiteral("skippedList"), this);
        for (const auto &[target, why] : std::as_const(m_plan.skipped))
            new QTreeWidgetItem(skipped, {target.sessionId, userLabel(target.userId, users), why});
        for (int column = 0; column < skipped->columnCount(); ++column)
            skipped->resizeColumnToContents(column);
        layout->addWidget(new QLabel(m_plan.skipped.size() == 1
                                         ? tr("Skipped (1 session):")
                                         : tr("Skipped (%1 sessions):").arg(m_plan.skipped.size()),
                                     this));
        layout->addWidget(skipped, 2);
    }

    auto *form = new QFormLayout;
    m_reasonEdit->setObjectName(QStringLiteral("reasonEdit"));
    m_reasonEdit->setPlaceholderText(tr("Optional, recorded in the audit log (e.g. a ticket)"));
    m_reasonEdit->setMaxLength(500);
    form->addRow(tr("&Reason:"), m_reasonEdit);
    if (m_requiresCount) {
        m_countEdit = new QLineEdit(this);
        m_countEdit->setObjectName(QStringLiteral("confirmCountEdit"));
        m_countEdit->setPlaceholderText(QString::number(count));
        m_countEdit->setMaxLength(12);
        const QString why = production
            ? tr("This is a production instance.")
            : tr("This revokes more than %n sessions.", nullptr, TypedConfirmThreshold);
        m_countEdit->setToolTip(why);
        form->addRow(tr("&Type %1 to confirm:").arg(count), m_countEdit);
        connect(m_countEdit, &QLineEdit::textChanged, this, &RevokeConfirmDialog::updateButtons);
    }
    layout->addLayout(form);

    auto *buttons = new QDialogButtonBox(this);
    m_revokeButton = buttons->addButton(count == 1 ? tr("&Revoke Session")
                                                   : tr("&Revoke %n Sessions", nullptr, count),
                                        QDialogButtonBox::AcceptRole);
    m_revokeButton->setObjectName(QStringLiteral("revokeButton"));
    m_revokeButton->setAutoDefault(false);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setDefault(true); // Enter alone never revokes
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (canConfirm())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    if (m_countEdit)
        m_countEdit->setFocus();
    else
        cancel->setFocus();
    updateButtons();
}

bool RevokeConfirmDialog::canConfirm() const
{
    const int count = int(m_plan.toRevoke.size());
    if (count == 0)
        return false;
    if (!m_requiresCount)
        return true;
    bool ok = false;
    return m_countEdit->text().trimmed().toInt(&ok) == count && ok;
}

QString RevokeConfirmDialog::reason() const
{
    return m_reasonEdit->text().trimmed();
}

QString RevokeConfirmDialog::summaryText() const
{
    const int count = int(m_plan.toRevoke.size());
    const int skipped = int(m_plan.skipped.size());
    if (count == 0)
        return skipped == 0 ? tr("Nothing to revoke.")
                            : tr("Nothing to revoke: the selected sessions are already "
                                 "revoked, ended or expired.",
                                 nullptr, skipped);
    const int users = int(m_plan.userIds().size());
    const QLocale locale;
    const QString sessions =
        count == 1 ? tr("1 session") : tr("%1 sessions").arg(locale.toString(count));
    const QString whose = users == 1 ? tr("1 user") : tr("%1 users").arg(locale.toString(users));
    if (skipped == 0)
        return tr("Revoke %1 of %2?").arg(sessions, whose);
    return tr("Revoke %1 of %2? %n will be skipped.", nullptr, skipped).arg(sessions, whose);
}

void RevokeConfirmDialog::setTypedCount(const QString &text)
{
    if (m_countEdit)
        m_countEdit->setText(text);
}

void RevokeConfirmDialog::setReason(const QString &text)
{
    m_reasonEdit->setText(text);
}

QString RevokeConfirmDialog::userLabel(const QString &userId, const UserCache *users)
{
    if (users) {
        if (const std::optional<UserSummary> user = users->user(userId);
            user && !user->primaryEmail.isEmpty())
            return user->primaryEmail;
    }
    return userId;
}

void RevokeConfirmDialog::updateButtons()
{
    m_revokeButton->setEnabled(canConfirm());
}

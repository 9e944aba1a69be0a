// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkconfig.h"
#include "revocationplan.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class UserCache;

// The confirmation of a revocation, and its dry run: what would happen, and nothing happens
// until the user says so. Lists how many sessions would be revoked, whose (emails when the
// UserCache knows them, else user ids), on which instance, and which sessions are skipped and
// why. With a production key, or for more than TypedConfirmThreshold sessions, the Revoke button
// is enabled only once the number of sessions has been typed. An optional reason goes into the
// audit log.
//
// Passive: it shows a plan and answers accepted/rejected with reason(); it revokes nothing.
class RevokeConfirmDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int TypedConfirmThreshold = 10; // more sessions than this: type the count

    RevokeConfirmDialog(const RevocationPlan &plan, const ClerkConfig &instance,
                        const UserCache *users, QWidget *parent = nullptr);

    const RevocationPlan &plan() const { return m_plan; }
    // Whether the number of sessions must be typed before Revoke is enabled.
    bool requiresTypedCount() const { return m_requiresCount; }
    // Whether Revoke can be pressed now (something to revoke, the count typed where asked).
    bool canConfirm() const;
    // The reason typed (trimmed; empty when none).
    QString reason() const;
    // The headline: "Revoke 3 sessions of 2 users?" (also the test's handle on the counts).
    QString summaryText() const;

    // Test hooks: what a user would type.
    void setTypedCount(const QString &text);
    void setReason(const QString &text);

    // How a user is named: "jane@example.com" when known, else the id.
    static QString userLabel(const QString &userId, const UserCache *users);

private:
    void updateButtons();

    RevocationPlan m_plan;
    bool m_requiresCount = false;
    QLabel *m_summary;
    QLineEdit *m_countEdit = nullptr;
    QLineEdit *m_reasonEdit;
    QPushButton *m_revokeButton;
};

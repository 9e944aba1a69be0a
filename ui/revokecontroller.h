// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkclient.h"
#include "clerkconfig.h"
#include "revocationplan.h"
#include "revokeconfirmdialog.h" // QPointer members need the complete types
#include "revokeprogressdialog.h"
#include "session.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class AuditLog;
class ClerkConnection;
class QAction;
class QTableView;
class QWidget;
class RevocationRun;
class SessionFetch;
class SessionSortProxy;
class SessionTableModel;
class UserCache;

// Revocation from the window: owns the actions (Revoke Session, Revoke Selected…, Revoke All
// Matching Filter…, Sign Out User Everywhere…, Revocation Log…) and enables each from what the
// table's selection and the connection allow, saying why in the tooltip when it cannot.
//
// Each operation is one at a time, in steps (the others wait, their actions disabled):
// 1. snapshot the session ids (selection, filter, or one id);
// 2. read them fresh from the API: GET each session that the table calls revocable (so that
//    sessions from a file are revoked only on an instance that has them, and the dry run shows
//    the server's state), or, to sign a user out everywhere, list all of the user's sessions;
//    what is read is applied to the table;
// 3. the confirmation (RevokeConfirmDialog, non-modal; tests answer through setConfirmAnswer());
// 4. re-read the rows (they may have changed while the dialog was open) and the connection;
// 5. a RevocationRun with a RevokeProgressDialog: each answer updates its row in place, Cancel
//    stops before the next request, failures are listed with message and trace id, Retry.
class RevokeController : public QObject
{
    Q_OBJECT

public:
    // The user's answer to a confirmation: the reason when confirmed, nullopt when not.
    using ConfirmAnswer = std::function<std::optional<QString>(RevokeConfirmDialog *)>;

    // More sessions than this in one operation are refused (narrow the filter).
    static constexpr int MaxSessionsPerOperation = 10'000;

    RevokeController(QTableView *view, SessionSortProxy *proxy, SessionTableModel *model,
                     ClerkConnection *connection, QWidget *dialogParent);
    ~RevokeController() override;

    QAction *revokeAction() const { return m_revoke; }
    QAction *revokeSelectedAction() const { return m_revokeSelected; }
    QAction *revokeMatchingAction() const { return m_revokeMatching; }
    QAction *signOutUserAction() const { return m_signOutUser; }
    QAction *auditLogAction() const { return m_showAuditLog; }
    // The revocation actions, for a menu or the table's context menu.
    QList<QAction *> actions() const;

    // Where the confirmation finds emails for user ids (the investigation docks' cache).
    // Where the confirmation finds emails; users it does not know are looked up first.
    void setUserCache(UserCache *users) { m_users = users; }
    // The audit log to append to; null: the default one (AuditLog::defaultPath()).
    void setAuditLog(AuditLog *log);
    AuditLog *auditLog();

    // Test hook: answers confirmations without showing a dialog.
    void setConfirmAnswer(ConfirmAnswer answer) { m_confirmAnswer = std::move(answer); }

    // An operation is under way (reading, confirming or revoking; its progress dialog open).
    bool isBusy() const { return m_op != nullptr; }
    // The current (or last) operation's dialogs; null when there is none.
    RevokeProgressDialog *progressDialog() const { return m_progress; }
    RevokeConfirmDialog *confirmDialog() const { return m_confirm; }
    RevocationRun *run() const;

public slots:
    void revokeCurrent(); // the one selected session
    void revokeSession(const QString &sessionId); // e.g. from the inspector
    void revokeSelected();
    void revokeMatching();
    void signOutUser(const QString &userId = {}); // empty: the selected rows' user
    void showAuditLog();
    void updateActions();

signals:
    // For the status bar: "Revoked 3 sessions", "Nothing to revoke: …".
    void message(const QString &text);
    // An operation ended, whatever its outcome (also when it had nothing to do).
    void finished();

private:
    struct Operation;
    enum class Kind { One, Selected, Matching, User };

    // The selected rows of the model; in the table's order when `ordered` (for a snapshot: the
    // confirmation lists them as the table shows them).
    QList<int> selectedSourceRows(bool ordered = false) const;
    QString selectedUserId(QString *why) const;
    bool isRevocable(int sourceRow) const;
    QString connectionProblem() const;

    void begin(Kind kind, const QList<int> &sourceRows, const QString &userId = {});
    void readSessions(const QList<int> &sourceRows);
    void sessionRead(const QString &sessionId, const ClerkResult &result);
    void fetchUser(const QString &userId);
    void sessionsRead();
    void confirm(const RevocationPlan &plan);
    void showConfirm(const RevocationPlan &plan);
    void confirmed(const std::optional<QString> &reason);
    void startRun(const RevocationPlan &plan, const QString &reason);
    void runFinished();
    void end(const QString &text);
    void applyToTable(const QList<Session> &sessions);

    QTableView *m_view;
    SessionSortProxy *m_proxy;
    SessionTableModel *m_model;
    ClerkConnection *m_connection;
    QPointer<QWidget> m_dialogParent;
    UserCache *m_users = nullptr;
    AuditLog *m_auditLog = nullptr;
    std::unique_ptr<AuditLog> m_defaultAuditLog;
    ConfirmAnswer m_confirmAnswer;

    QAction *m_revoke;
    QAction *m_revokeSelected;
    QAction *m_revokeMatching;
    QAction *m_signOutUser;
    QAction *m_showAuditLog;

    std::unique_ptr<Operation> m_op;
    QPointer<RevokeConfirmDialog> m_confirm;
    QPointer<RevokeProgressDialog> m_progress;
    bool m_actionsQueued = false;
};

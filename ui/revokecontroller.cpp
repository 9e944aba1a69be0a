// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "revokecontroller.h"

#include "auditlog.h"
#include "auditlogdialog.h"
#include "clerkconnection.h"
#include "revocationrun.h"
#include "revokeconfirmdialog.h"
#include "revokeprogressdialog.h"
#include "sessionbatch.h"
#include "sessionfetch.h"
#include "sessionsortproxy.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"
#include "usercache.h"

#include <QAction>
#include <QHash>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLocale>
#include <QSet>
#include <QTableView>
#include <QTimer>

namespace {

QString readingText(int sessions)
{
    return sessions == 1
        ? RevokeController::tr("Reading the session from the instance…")
        : RevokeController::tr("Reading %1 sessions from the instance…").arg(sessions);
}

QString traceSuffix(const ClerkResult &result)
{
    return result.traceId.isEmpty() ? QString()
                                    : RevokeController::tr(" (trace id: %1)").arg(result.traceId);
}

} // namespace

// One operation, from the snapshot to the progress dialog's Close.
struct RevokeController::Operation
{
    Kind kind = Kind::One;
    QPointer<ClerkClient> client;
    ClerkConfig config;
    std::unique_ptr<QObject> context = std::make_unique<QObject>(); // callbacks die with it

    // Reading: the sessions as the API has them, and those that could not be read.
    int reading = 0; // GETs not answered yet
    int readTotal = 0;
    QList<Session> sessions; // input order
    QHash<QString, int> slot; // session id -> index in `sessions` (GETs answer in any order)
    QList<std::optional<Session>> read; // per snapshot entry, filled by the answers
    QList<RevocationTarget> snapshot; // per entry: the table's view of it
    QList<std::pair<RevocationTarget, QString>> unreadable; // not found, read failed, …
    std::unique_ptr<SessionTableModel> fetchModel; // a user's sessions, listed fresh
    SessionFetch *fetch = nullptr; // child of context

    RevocationPlan plan;
    RevocationRun *run = nullptr; // child of context
};

RevokeController::RevokeController(QTableView *view, SessionSortProxy *proxy,
                                   SessionTableModel *model, ClerkConnection *connection,
                                   QWidget *dialogParent)
    : QObject(dialogParent)
    , m_view(view)
    , m_proxy(proxy)
    , m_model(model)
    , m_connection(connection)
    , m_dialogParent(dialogParent)
    , m_revoke(new QAction(tr("&Revoke Session"), this))
    , m_revokeSelected(new QAction(tr("Revoke &Selected…"), this))
    , m_revokeMatching(new QAction(tr("Revoke All &Matching Filter…"), this))
    , m_signOutUser(new QAction(tr("Sign &Out User Everywhere…"), this))
    , m_showAuditLog(new QAction(tr("Revocation &Log…"), this))
{
    m_revoke->setObjectName(QStringLiteral("actionRevoke"));
    m_revoke->setShortcut(QKeySequence::Delete);
    // Del only where it means "this row": not in the filter field, not in another dock.
    m_revoke->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(m_revoke);
    m_revokeSelected->setObjectName(QStringLiteral("actionRevokeSelected"));
    m_revokeMatching->setObjectName(QStringLiteral("actionRevokeMatching"));
    m_signOutUser->setObjectName(QStringLiteral("actionSignOutUser"));
    m_showAuditLog->setObjectName(QStringLiteral("actionAuditLog"));
    m_showAuditLog->setToolTip(tr("Every revocation attempted from this computer"));

    connect(m_revoke, &QAction::triggered, this, &RevokeController::revokeCurrent);
    connect(m_revokeSelected, &QAction::triggered, this, &RevokeController::revokeSelected);
    connect(m_revokeMatching, &QAction::triggered, this, &RevokeController::revokeMatching);
    connect(m_signOutUser, &QAction::triggered, this, [this] { signOutUser(); });
    connect(m_showAuditLog, &QAction::triggered, this, &RevokeController::showAuditLog);

    // Any of these may change what can be revoked; the actions are updated once per turn.
    const auto schedule = [this] {
        if (m_actionsQueued)
            return;
        m_actionsQueued = true;
        QTimer::singleShot(0, this, [this] {
            m_actionsQueued = false;
            updateActions();
        });
    };
    if (QItemSelectionModel *selection = m_view->selectionModel())
        connect(selection, &QItemSelectionModel::selectionChanged, this, schedule);
    connect(m_proxy, &SessionSortProxy::countsChanged, this, schedule);
    connect(m_proxy, &SessionSortProxy::filterChanged, this, schedule);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, schedule);
    connect(m_model, &QAbstractItemModel::dataChanged, this, schedule);
    connect(m_model, &QAbstractItemModel::modelReset, this, schedule);
    connect(m_connection, &ClerkConnection::stateChanged, this, schedule);
    connect(m_connection, &ClerkConnection::clientChanged, this, [this](ClerkClient *client) {
        if (!m_op || m_op->client == client)
            return;
        if (m_op->run) {
            if (m_op->run->isRunning())
                m_op->run->cancel();
        } else if (!m_confirm) {
            end(tr("The connection changed: nothing was revoked."));
        }
    });
    updateActions();
}

RevokeController::~RevokeController()
{
    if (m_progress)
        delete m_progress.data();
    if (m_confirm)
        delete m_confirm.data();
}

QList<QAction *> RevokeController::actions() const
{
    return {m_revoke, m_revokeSelected, m_revokeMatching, m_signOutUser};
}

void RevokeController::setAuditLog(AuditLog *log)
{
    m_auditLog = log;
}

AuditLog *RevokeController::auditLog()
{
    if (m_auditLog)
        return m_auditLog;
    if (!m_defaultAuditLog)
        m_defaultAuditLog = std::make_unique<AuditLog>();
    return m_defaultAuditLog.get();
}

RevocationRun *RevokeController::run() const
{
    return m_op ? m_op->run : nullptr;
}

// --- What the selection allows -------------------------------------------------------------

QList<int> RevokeController::selectedSourceRows(bool ordered) const
{
    QList<int> rows;
    const QItemSelectionModel *selection = m_view->selectionModel();
    if (!selection)
        return rows;
    for (const QModelIndex &index : selection->selectedRows()) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid())
            rows.append(source.row());
    }
    if (!ordered)
        return rows;
    std::sort(rows.begin(), rows.end(), [this](int a, int b) {
        return m_proxy->mapFromSource(m_model->index(a, 0)).row() <
            m_proxy->mapFromSource(m_model->index(b, 0)).row();
    });
    return rows;
}

bool RevokeController::isRevocable(int sourceRow) const
{
    return RevocationPlan::isRevocable(m_model->store().status(sourceRow));
}

QString RevokeController::selectedUserId(QString *why) const
{
    QString userId;
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty()) {
        *why = tr("Select a session of the user to sign out");
        return {};
    }
    for (const int row : rows) {
        const QString id = m_model->store().string(row, SessionStore::UserId);
        if (id.isEmpty()) {
            *why = tr("The selected session has no user id");
            return {};
        }
        if (!userId.isEmpty() && id != userId) {
            *why = tr("The selected sessions belong to several users: select one user's");
            return {};
        }
        userId = id;
    }
    return userId;
}

QString RevokeController::connectionProblem() const
{
    switch (m_connection->state()) {
    case ClerkConnection::State::Connected:
        return m_connection->client() ? QString() : tr("Not connected to a Clerk instance");
    case ClerkConnection::State::Verifying:
        return tr("Still checking the connection to the Clerk instance");
    case ClerkConnection::State::Disconnected:
        break;
    }
    return tr("Not connected to a Clerk instance: connect to revoke sessions");
}

void RevokeController::updateActions()
{
    const auto set = [](QAction *action, const QString &problem, const QString &description) {
        action->setEnabled(problem.isEmpty());
        action->setToolTip(problem.isEmpty() ? description : problem);
        action->setStatusTip(action->toolTip());
    };
    const QString busy = isBusy() ? tr("A revocation is under way (see its window)") : QString();
    const QString offline = connectionProblem();
    const QString blocked = !busy.isEmpty() ? busy : offline;
    const QString nothingRevocable = tr("The selected sessions are already revoked, ended or "
                                        "expired");

    const QList<int> rows = selectedSourceRows();
    int revocable = 0;
    for (const int row : rows)
        revocable += isRevocable(row) ? 1 : 0;

    QString one = blocked;
    if (one.isEmpty()) {
        if (rows.isEmpty())
            one = tr("Select a session to revoke");
        else if (rows.size() > 1)
            one = tr("Several sessions are selected: use Revoke Selected…");
        else if (revocable == 0)
            one = nothingRevocable;
    }
    set(m_revoke, one, tr("Revoke the selected session (Del)"));

    QString selected = blocked;
    if (selected.isEmpty()) {
        if (rows.isEmpty())
            selected = tr("No session is selected");
        else if (revocable == 0)
            selected = nothingRevocable;
        else if (revocable > MaxSessionsPerOperation)
            selected = tr("At most %1 sessions can be revoked at once")
                           .arg(QLocale().toString(MaxSessionsPerOperation));
    }
    set(m_revokeSelected, selected,
        tr("Revoke the active or pending selected sessions (%1)").arg(revocable));

    int matching = 0;
    if (blocked.isEmpty()) {
        for (const int row : m_proxy->shownSourceRows())
            matching += isRevocable(row) ? 1 : 0;
    }
    QString filtered = blocked;
    if (filtered.isEmpty()) {
        if (m_proxy->rowCount() == 0)
            filtered = tr("No session matches the filter");
        else if (matching == 0)
            filtered = tr("The sessions that match the filter are already revoked, ended or "
                          "expired");
        else if (matching > MaxSessionsPerOperation)
            filtered =
                tr("%1 active or pending sessions match: at most %2 can be revoked at "
                   "once; narrow the filter")
                    .arg(QLocale().toString(matching), QLocale().toString(MaxSessionsPerOperation));
    }
    set(m_revokeMatching, filtered,
        tr("Revoke the active or pending sessions that match the filter (%1)").arg(matching));

    QString user = blocked;
    if (user.isEmpty())
        selectedUserId(&user);
    set(m_signOutUser, user,
        tr("Revoke every active and pending session of the selected session's user, listed "
           "fresh from the instance"));
}

// --- Starting -------------------------------------------------------------------------------

void RevokeController::revokeCurrent()
{
    const QList<int> rows = selectedSourceRows();
    if (rows.size() == 1)
        begin(Kind::One, rows);
}

void RevokeController::revokeSession(const QString &sessionId)
{
    const int row = m_model->rowOfSession(sessionId);
    if (row < 0) {
        emit message(tr("Session %1 is not in the table").arg(sessionId));
        return;
    }
    begin(Kind::One, {row});
}

void RevokeController::revokeSelected()
{
    begin(Kind::Selected, selectedSourceRows(true));
}

void RevokeController::revokeMatching()
{
    const std::span<const int> shown = m_proxy->shownSourceRows();
    begin(Kind::Matching, QList<int>(shown.begin(), shown.end()));
}

void RevokeController::signOutUser(const QString &userId)
{
    QString why;
    const QString user = userId.isEmpty() ? selectedUserId(&why) : userId;
    if (user.isEmpty()) {
        emit message(why);
        return;
    }
    begin(Kind::User, {}, user);
}

void RevokeController::showAuditLog()
{
    auto *dialog = new AuditLogDialog(auditLog()->path(), m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void RevokeController::begin(Kind kind, const QList<int> &sourceRows, const QString &userId)
{
    if (isBusy())
        return;
    if (const QString problem = connectionProblem(); !problem.isEmpty()) {
        emit message(problem);
        return;
    }
    if (m_progress)
        delete m_progress.data();
    m_op = std::make_unique<Operation>();
    m_op->kind = kind;
    m_op->client = m_connection->client();
    m_op->config = m_connection->config();

    m_progress = new RevokeProgressDialog(m_dialogParent);
    connect(m_progress, &RevokeProgressDialog::cancelRequested, this, [this] {
        if (!m_op)
            return;
        if (m_op->run)
            m_op->run->cancel();
        else
            end(tr("Cancelled: nothing was revoked."));
    });
    connect(m_progress, &RevokeProgressDialog::retryRequested, this, [this] {
        // After an audit-log failure nothing more may be sent (the run refuses), and without a
        // connection nothing can be: the dialog stays on its outcome, closable.
        if (!m_op || !m_op->run || m_op->run->isRunning() || !m_op->run->auditError().isEmpty() ||
            !m_connection->client())
            return;
        int failed = 0;
        for (const RevocationRun::Outcome &outcome : m_op->run->outcomes())
            failed += outcome.result == RevocationRun::Result::Failed ? 1 : 0;
        m_progress->showRunning(failed);
        m_op->run->retryFailed();
    });
    connect(m_progress, &QDialog::finished, this, [this] {
        if (m_op && m_op->run && !m_op->run->isRunning())
            end({});
    });
    // Reading is quick for a few sessions: the window shows only when it takes a while.
    QTimer::singleShot(400, m_op->context.get(), [this] {
        if (m_progress && m_op && !m_op->run && !m_confirm)
            m_progress->show();
    });
    updateActions();

    if (kind == Kind::User)
        fetchUser(userId);
    else
        readSessions(sourceRows);
}

// --- Reading fresh ----------------------------------------------------------------------------

void RevokeController::readSessions(const QList<int> &sourceRows)
{
    Operation &op = *m_op;
    const SessionStore &store = m_model->store();
    QStringList toRead;
    for (const int row : sourceRows) {
        RevocationTarget target;
        target.sessionId = QString::fromUtf8(store.id(row));
        target.userId = store.string(row, SessionStore::UserId);
        target.status = store.status(row);
        target.statusText = store.string(row, SessionStore::Status);
        if (isRevocable(row)) {
            op.slot.insert(target.sessionId, int(op.snapshot.size()));
            toRead.append(target.sessionId);
        } else if (op.unreadable.size() < MaxSessionsPerOperation) {
            op.unreadable.append(
                {target, RevocationPlan::skipReason(target.status, target.statusText)});
        }
        op.snapshot.append(target);
    }
    op.read.resize(op.snapshot.size());
    if (toRead.size() > MaxSessionsPerOperation) {
        end(tr("%1 sessions: at most %2 can be revoked at once.")
                .arg(QLocale().toString(toRead.size()),
                     QLocale().toString(MaxSessionsPerOperation)));
        return;
    }
    op.reading = op.readTotal = int(toRead.size());
    m_progress->showChecking(readingText(op.reading), 0, op.reading);
    if (toRead.isEmpty()) {
        sessionsRead();
        return;
    }
    for (const QString &id : std::as_const(toRead)) {
        op.client->getSession(id, op.context.get(),
                              [this, id](const ClerkResult &result) { sessionRead(id, result); });
    }
}

void RevokeController::sessionRead(const QString &sessionId, const ClerkResult &result)
{
    Operation &op = *m_op;
    const int slot = op.slot.value(sessionId, -1);
    if (slot >= 0) {
        const RevocationTarget &target = op.snapshot.at(slot);
        if (result.ok()) {
            if (std::optional<Session> session = RevocationRun::parseSession(result.payload);
                session && session->id == sessionId)
                op.read[slot] = std::move(session);
            else
                op.unreadable.append(
                    {target, tr("the instance's answer could not be read") + traceSuffix(result)});
        } else if (result.status == ClerkResult::Status::NotFound) {
            op.unreadable.append({target,
                                  tr("not found on this instance (loaded from a file of "
                                     "another instance?)")});
        } else {
            op.unreadable.append(
                {target, tr("could not be read: %1").arg(result.message()) + traceSuffix(result)});
        }
    }
    --op.reading;
    m_progress->showChecking(readingText(op.readTotal), op.readTotal - op.reading, op.readTotal);
    if (op.reading == 0)
        sessionsRead();
}

void RevokeController::fetchUser(const QString &userId)
{
    Operation &op = *m_op;
    op.fetchModel = std::make_unique<SessionTableModel>();
    ClerkClient::SessionQuery query;
    query.userId = userId;
    op.fetch = new SessionFetch(op.client, op.fetchModel.get(), query, op.context.get());
    const QString label = RevokeConfirmDialog::userLabel(userId, m_users);
    m_progress->showChecking(tr("Listing the sessions of %1…").arg(label));
    connect(op.fetch, &SessionFetch::progress, this, [this, label](int received, qint64 total) {
        if (m_progress)
            m_progress->showChecking(tr("Listing the sessions of %1…").arg(label), received,
                                     int(total));
    });
    connect(op.fetch, &SessionFetch::finished, this,
            [this, label, userId](const SessionFetch::Result &result) {
                if (!m_op)
                    return;
                if (!result.complete()) {
                    end(tr("Could not list the sessions of %1: %2. Nothing was revoked.")
                            .arg(label, result.outcome.message()));
                    return;
                }
                SessionTableModel &fetched = *m_op->fetchModel;
                for (int row = 0; row < fetched.rowCount(); ++row) {
                    Session session = fetched.session(row);
                    if (session.userId == userId) // the user's own, nothing else
                        m_op->read.append(std::move(session));
                }
                sessionsRead();
            });
    op.fetch->start();
}

void RevokeController::sessionsRead()
{
    Operation &op = *m_op;
    for (const std::optional<Session> &session : std::as_const(op.read)) {
        if (session)
            op.sessions.append(*session);
    }
    applyToTable(op.sessions);
    RevocationPlan plan = RevocationPlan::fromSessions(op.sessions);
    plan.skipped.append(op.unreadable);
    confirm(plan);
}

void RevokeController::applyToTable(const QList<Session> &sessions)
{
    if (sessions.isEmpty())
        return;
    SessionBatch batch;
    for (const Session &session : sessions)
        batch.add(session);
    m_model->upsert(batch);
}

// --- Confirming -------------------------------------------------------------------------------

// The confirmation says whose sessions by email: users the cache does not know yet are looked
// up first (batched, 100 a request), for at most a few seconds; ids stand for the rest.
void RevokeController::confirm(const RevocationPlan &plan)
{
    constexpr int UserWaitMs = 5000;
    QStringList unknown;
    if (m_users && m_users->client()) {
        for (const QString &id : plan.userIds()) {
            if (!id.isEmpty() && !m_users->user(id) && !m_users->isKnownMissing(id) &&
                !m_users->hasFailed(id))
                unknown.append(id);
        }
    }
    if (unknown.isEmpty()) {
        showConfirm(plan);
        return;
    }
    auto *waiting = new QObject(m_op->context.get()); // gone with the operation
    auto pending = std::make_shared<QStringList>(unknown);
    auto done = [this, plan, waiting] {
        if (waiting->property("done").toBool())
            return;
        waiting->setProperty("done", true);
        waiting->deleteLater();
        showConfirm(plan);
    };
    connect(m_users, &UserCache::usersArrived, waiting, [pending, done](const QStringList &ids) {
        for (const QString &id : ids)
            pending->removeAll(id);
        if (pending->isEmpty())
            done();
    });
    connect(m_users, &UserCache::lookupFailed, waiting, done);
    QTimer::singleShot(UserWaitMs, waiting, done);
    m_users->request(unknown);
}

void RevokeController::showConfirm(const RevocationPlan &plan)
{
    m_op->plan = plan;
    if (m_progress)
        m_progress->hide();
    m_confirm = new RevokeConfirmDialog(plan, m_op->config, m_users, m_dialogParent);
    if (m_confirmAnswer) {
        std::optional<QString> answer = m_confirmAnswer(m_confirm);
        if (answer && !m_confirm->canConfirm())
            answer.reset(); // a hook confirms as a person must: the count typed where asked
        m_confirm->deleteLater();
        m_confirm = nullptr;
        confirmed(answer);
        return;
    }
    m_confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_confirm, &QDialog::finished, this, [this](int result) {
        const RevokeConfirmDialog *dialog = m_confirm;
        m_confirm = nullptr;
        confirmed(result == QDialog::Accepted && dialog ? std::optional(dialog->reason())
                                                        : std::nullopt);
    });
    m_confirm->show();
}

void RevokeController::confirmed(const std::optional<QString> &reason)
{
    if (!m_op)
        return;
    if (!reason) {
        end(tr("Revocation cancelled: nothing was revoked."));
        return;
    }
    if (m_connection->state() != ClerkConnection::State::Connected ||
        m_connection->client() != m_op->client || !m_op->client) {
        end(tr("The connection changed while the confirmation was open: nothing was revoked."));
        return;
    }
    // The rows may have changed while the dialog was open (a reload, another window's revoke):
    // what is no longer revocable in the table is not sent.
    RevocationPlan plan = m_op->plan;
    QList<RevocationTarget> still;
    for (const RevocationTarget &target : std::as_const(plan.toRevoke)) {
        const int row = m_model->rowOfSession(target.sessionId);
        if (row >= 0 && !isRevocable(row)) {
            const SessionStatus now = m_model->store().status(row);
            plan.skipped.append({target,
                                 RevocationPlan::skipReason(
                                     now, m_model->store().string(row, SessionStore::Status))});
        } else {
            still.append(target);
        }
    }
    plan.toRevoke = still;
    if (plan.toRevoke.isEmpty()) {
        end(tr("Nothing left to revoke: the sessions changed while the confirmation was open."));
        return;
    }
    startRun(plan, *reason);
}

// --- Running ----------------------------------------------------------------------------------

void RevokeController::startRun(const RevocationPlan &plan, const QString &reason)
{
    Operation &op = *m_op;
    op.plan = plan;
    op.run = new RevocationRun(op.client, auditLog(), plan, reason, op.config, op.context.get());
    connect(op.run, &RevocationRun::progress, this, [this](int done, int total) {
        if (m_progress)
            m_progress->setProgress(done, total);
    });
    connect(op.run, &RevocationRun::sessionUpdated, this,
            [this](const Session &session) { applyToTable({session}); });
    connect(op.run, &RevocationRun::finished, this, &RevokeController::runFinished);
    m_progress->setWindowTitle(plan.size() == 1 ? tr("Revoking 1 Session")
                                                : tr("Revoking %1 Sessions").arg(plan.size()));
    m_progress->showRunning(plan.size());
    m_progress->show();
    op.run->start();
}

void RevokeController::runFinished()
{
    if (!m_op || !m_op->run)
        return;
    const QList<RevocationRun::Outcome> &outcomes = m_op->run->outcomes();
    const QString auditError = m_op->run->auditError();
    if (m_progress) {
        m_progress->showOutcomes(outcomes, auditError);
        if (!m_progress->isVisible())
            m_progress->show();
    }
    emit message(auditError.isEmpty() ? RevokeProgressDialog::summaryFor(outcomes)
                                      : tr("Revocation stopped: %1").arg(auditError));
}

void RevokeController::end(const QString &text)
{
    if (!text.isEmpty())
        emit message(text);
    if (m_progress) {
        m_progress->hide();
        m_progress->deleteLater();
    }
    std::unique_ptr<Operation> op = std::move(m_op);
    op.reset(); // abandons the requests still out, deletes the run
    updateActions();
    emit finished();
}

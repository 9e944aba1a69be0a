// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "revocationrun.h"

#include "sessionfilereader.h"
#include "sessionstore.h"

#include <QDateTime>

#include <memory>
#include <utility>
#include <vector>

using Status = ClerkResult::Status;

RevocationRun::RevocationRun(ClerkClient *client, AuditLog *log, const RevocationPlan &plan,
                             const QString &reason, const ClerkConfig &instance, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_log(log)
    , m_plan(plan)
    , m_reason(reason.trimmed())
    , m_instance(AuditEntry::forInstance(instance))
{
    m_outcomes.reserve(plan.toRevoke.size());
    for (const RevocationTarget &target : plan.toRevoke)
        m_outcomes.append(Outcome{target, Result::Pending, 0, {}, {}, std::nullopt});
    // Whether the current POST has gone on the wire: a POST still queued in the limiter can be
    // taken back by cancel(), one that went cannot.
    if (client) {
        connect(client, &ClerkClient::requestSent, this, [this](const QString &operation) {
            if (m_phase == Phase::Revoking && operation.startsWith(u"POST ") &&
                operation.endsWith(m_currentOperation))
                m_sent = true;
        });
        // A client destroyed mid-request never calls back: the attempt ends here, its outcome
        // unknown, and nothing more is tried.
        connect(client, &QObject::destroyed, this, [this] {
            if (!m_running)
                return;
            m_request = 0;
            m_stopping = true;
            m_stopMessage = QStringLiteral("not attempted: the connection to Clerk was closed");
            if (m_current >= 0 && m_phase == Phase::Revoking && !m_sent) {
                --m_position; // never sent: not attempted, it goes with the rest
                m_current = -1;
                m_phase = Phase::Idle;
            }
            if (m_current < 0) {
                endPass();
                return;
            }
            Outcome outcome = m_outcomes.at(m_current);
            outcome.result = Result::Failed;
            outcome.message = QStringLiteral("the connection to Clerk was closed before the "
                                             "answer came; the session's state is unknown");
            record(std::move(outcome));
        });
    }
}

RevocationRun::~RevocationRun()
{
    if (m_request && m_client)
        m_client->cancel(m_request);
}

int RevocationRun::count(Result result) const
{
    int n = 0;
    for (const Outcome &outcome : m_outcomes)
        n += outcome.result == result ? 1 : 0;
    return n;
}

QString RevocationRun::resultName(Result result)
{
    switch (result) {
    case Result::Pending:
        return QStringLiteral("pending");
    case Result::Revoked:
        return QStringLiteral("revoked");
    case Result::AlreadyInactive:
        return QStringLiteral("already_inactive");
    case Result::NotFound:
        return QStringLiteral("not_found");
    case Result::Failed:
        return QStringLiteral("failed");
    case Result::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<Session> RevocationRun::parseSession(const QByteArray &json, QString *error)
{
    std::vector<std::unique_ptr<SessionBatch>> batches;
    SessionFileReader reader(
        [&batches](std::unique_ptr<SessionBatch> batch) { batches.push_back(std::move(batch)); });
    const FileReport report = reader.readBytes(json, QStringLiteral("session"));
    SessionStore store;
    for (const auto &batch : batches)
        store.upsert(*batch);
    if (report.failed() || report.skipped > 0 || store.size() != 1) {
        if (error) {
            if (report.failed())
                *error = report.error;
            else if (!report.errors.isEmpty())
                *error = QStringLiteral("%1: %2").arg(report.errors.first().field,
                                                      report.errors.first().message);
            else
                *error = QStringLiteral("expected one session, found %1").arg(store.size());
        }
        return std::nullopt;
    }
    return store.session(0);
}

void RevocationRun::start()
{
    if (m_running)
        return;
    QList<int> pending;
    for (qsizetype i = 0; i < m_outcomes.size(); ++i) {
        if (m_outcomes.at(i).result == Result::Pending)
            pending.append(int(i));
    }
    beginPass(pending);
}

void RevocationRun::retryFailed()
{
    if (m_running || !m_auditError.isEmpty())
        return;
    QList<int> failed;
    for (qsizetype i = 0; i < m_outcomes.size(); ++i) {
        Outcome &outcome = m_outcomes[i];
        if (outcome.result != Result::Failed)
            continue;
        outcome = Outcome{outcome.target, Result::Pending, 0, {}, {}, outcome.session};
        failed.append(int(i));
    }
    beginPass(failed);
}

void RevocationRun::cancel()
{
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    m_stopMessage = QStringLiteral("not attempted: cancelled");
    if (m_phase == Phase::Revoking && !m_sent && m_client) {
        // Still waiting for the rate limiter: nothing reached Clerk, take it back.
        m_client->cancel(m_request);
        m_request = 0;
        m_phase = Phase::Idle;
        m_current = -1;
        --m_position; // it goes with the rest, as Cancelled
        endPass();
    }
}

void RevocationRun::beginPass(const QList<int> &indices)
{
    m_queue = indices;
    m_position = 0;
    m_done = 0;
    m_stopping = false;
    m_stopMessage.clear();
    m_running = true;
    emit progress(0, int(m_queue.size()));
    next();
}

void RevocationRun::next()
{
    if (m_stopping || m_position >= m_queue.size()) {
        endPass();
        return;
    }
    revoke(m_queue.at(m_position++));
}

void RevocationRun::revoke(int index)
{
    m_current = index;
    m_phase = Phase::Revoking;
    m_sent = false;
    const QString id = m_outcomes.at(index).target.sessionId;
    m_currentOperation =
        QStringLiteral("/sessions/%1/revoke").arg(QString::fromLatin1(QUrl::toPercentEncoding(id)));
    if (!m_client) {
        // Nothing can be sent: this and the rest are not attempted (no audit line, as nothing
        // reached Clerk).
        m_phase = Phase::Idle;
        m_current = -1;
        --m_position;
        m_stopping = true;
        m_stopMessage = QStringLiteral("not attempted: there is no connection to Clerk");
        endPass();
        return;
    }
    m_request = m_client->revokeSession(
        id, this, [this](const ClerkResult &result) { revokeAnswered(result); });
}

void RevocationRun::takeFromPost(Outcome &outcome, const ClerkResult &postResult) const
{
    outcome.httpStatus = postResult.httpStatus;
    outcome.traceId = postResult.traceId;
    outcome.message = withoutKey(postResult.message());
}

void RevocationRun::revokeAnswered(const ClerkResult &result)
{
    m_request = 0;
    Outcome outcome = m_outcomes.at(m_current);
    switch (result.status) {
    case Status::Ok: {
        outcome.result = Result::Revoked;
        outcome.httpStatus = result.httpStatus;
        outcome.traceId = result.traceId;
        QString error;
        outcome.session = parseSession(result.payload, &error);
        if (!outcome.session)
            outcome.message =
                QStringLiteral("revoked; the answer could not be read: %1").arg(error);
        record(std::move(outcome));
        return;
    }
    case Status::NotFound:
        takeFromPost(outcome, result);
        outcome.result = Result::NotFound;
        record(std::move(outcome));
        return;
    case Status::Unauthorized:
    case Status::Forbidden:
        // Refused before anything was done; every other request would be refused too.
        takeFromPost(outcome, result);
        outcome.result = Result::Failed;
        m_stopping = true;
        m_stopMessage = QStringLiteral("not attempted: %1").arg(outcome.message);
        record(std::move(outcome));
        return;
    case Status::RateLimited: // the client waited as often as it may; Clerk did nothing
    case Status::InvalidRequest: // never sent
    case Status::Cancelled:
        takeFromPost(outcome, result);
        outcome.result = Result::Failed;
        record(std::move(outcome));
        return;
    case Status::Unprocessable: // refused (e.g. not active any more): learn its state
    case Status::ServerError:
    case Status::NetworkError:
    case Status::Timeout:
    case Status::BadResponse:
        readBack(result);
        return;
    }
}

void RevocationRun::readBack(const ClerkResult &postResult)
{
    m_phase = Phase::ReadingBack;
    const QString id = m_outcomes.at(m_current).target.sessionId;
    m_request = m_client->getSession(id, this, [this, postResult](const ClerkResult &result) {
        readBackAnswered(postResult, result);
    });
}

void RevocationRun::readBackAnswered(const ClerkResult &postResult, const ClerkResult &result)
{
    m_request = 0;
    Outcome outcome = m_outcomes.at(m_current);
    takeFromPost(outcome, postResult);
    const bool refused = postResult.status == Status::Unprocessable;
    if (result.status == Status::NotFound) {
        outcome.result = Result::NotFound;
        outcome.message += QStringLiteral("; read back: not found");
        record(std::move(outcome));
        return;
    }
    QString error;
    std::optional<Session> session =
        result.ok() ? parseSession(result.payload, &error) : std::nullopt;
    if (!session) {
        outcome.result = Result::Failed;
        outcome.message += QStringLiteral("; the session could not be read back: %1")
                               .arg(result.ok() ? error : withoutKey(result.message()));
        record(std::move(outcome));
        return;
    }
    const QString now = session->statusText.isEmpty()
        ? QString::fromLatin1(statusName(session->status))
        : session->statusText;
    outcome.session = std::move(session);
    if (RevocationPlan::isRevocable(outcome.session->status)) {
        outcome.result = Result::Failed; // still live: not revoked, and retryable
        outcome.message += QStringLiteral("; read back: still %1").arg(now);
    } else if (outcome.session->status == SessionStatus::Revoked && !refused) {
        // The answer was lost, but the revocation happened: ours, and not to be sent again.
        outcome.result = Result::Revoked;
        outcome.message += QStringLiteral("; read back: revoked");
    } else {
        outcome.result = Result::AlreadyInactive;
        outcome.message += QStringLiteral("; read back: %1").arg(now);
    }
    record(std::move(outcome));
}

void RevocationRun::record(Outcome outcome)
{
    const int index = m_current;
    m_phase = Phase::Idle;
    m_current = -1;

    AuditEntry entry = m_instance;
    entry.time = QDateTime::currentMSecsSinceEpoch();
    entry.sessionId = outcome.target.sessionId;
    entry.userId = outcome.target.userId;
    entry.previousStatus = outcome.target.statusText;
    entry.result = resultName(outcome.result);
    entry.httpStatus = outcome.httpStatus;
    entry.traceId = outcome.traceId;
    entry.reason = m_reason;
    entry.message = outcome.message;

    m_outcomes[index] = std::move(outcome);
    ++m_attempted;
    ++m_done;
    bool written = true;
    if (m_log) {
        QString error;
        written = m_log->append(entry, &error);
        if (!written) {
            // Without its record, nothing more is done.
            m_auditError = error;
            m_stopping = true;
            m_stopMessage = QStringLiteral("not attempted: %1").arg(error);
        }
    }
    const Outcome &stored = m_outcomes.at(index);
    if (stored.session)
        emit sessionUpdated(*stored.session);
    emit outcomeRecorded(index);
    if (written)
        emit logged(entry);
    emit progress(m_done, int(m_queue.size()));
    next();
}

void RevocationRun::endPass()
{
    for (qsizetype i = m_position; i < m_queue.size(); ++i) {
        Outcome &outcome = m_outcomes[m_queue.at(i)];
        if (outcome.result == Result::Pending) {
            outcome.result = Result::Cancelled;
            outcome.message = m_stopMessage;
        }
    }
    m_position = int(m_queue.size());
    m_running = false;
    m_stopping = false;
    emit finished();
}

QString RevocationRun::withoutKey(QString text) const
{
    if (m_client && m_client->config().hasSecretKey())
        text.replace(m_client->config().secretKey(), m_client->config().redactedKey());
    return text;
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "auditlog.h"
#include "clerkclient.h"
#include "clerkresult.h"
#include "revocationplan.h"
#include "session.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <optional>

// The command that revokes a confirmed plan's sessions: one at a time (one request in flight),
// each paced by the client's RateLimiter, each attempt written to the audit log (and fsynced)
// before the next request goes.
//
// What a POST /sessions/{id}/revoke came to decides what happens next:
// - 200: Revoked, with the server's session (sessionUpdated);
// - 404: NotFound;
// - 401/403, or a request that could not be made: Failed (Clerk refused it, nothing was done);
// - 429 still after the client waited as often as it may: Failed (proven not applied);
// - anything else (5xx, a lost connection, a timeout, a broken body, a 400/422 refusal) proves
//   nothing about the session's state, so it is read back with GET: revoked after a lost answer
//   counts as Revoked (the POST did it, and it is not sent again), revoked or otherwise inactive
//   after a refusal as AlreadyInactive, still active or pending as Failed (with the POST's
//   message, HTTP status and trace id, retryable), gone as NotFound, unreadable as Failed.
// The client itself repeats a POST only after a 429 or a refused connection, where Clerk did not
// act. So no session is revoked twice, and nothing outside the plan is touched.
//
// cancel() stops before the next request: a POST still waiting in the limiter is taken back
// (Cancelled, not attempted, no log line); one on the wire finishes and is logged.
class RevocationRun : public QObject
{
    Q_OBJECT

public:
    enum class Result { Pending, Revoked, AlreadyInactive, NotFound, Failed, Cancelled };
    Q_ENUM(Result)

    struct Outcome
    {
        RevocationTarget target;
        Result result = Result::Pending;
        int httpStatus = 0; // of the revocation request
        QString message; // Clerk's message, or what the read-back showed
        QString traceId; // clerk_trace_id of the revocation request
        std::optional<Session> session; // the server's answer (revoke or read-back)
    };

    // `instance` names the instance in the log (URL, key kind; never the key). `log` may be
    // null only in tests that do not look at the log; the run does not own it.
    RevocationRun(ClerkClient *client, AuditLog *log, const RevocationPlan &plan,
                  const QString &reason, const ClerkConfig &instance, QObject *parent = nullptr);
    // Abandons what is in flight (its outcome is not logged); finished() is not emitted.
    ~RevocationRun() override;

    // Revokes every Pending target in plan order. Does nothing while running. finished() may
    // come before start() returns when there is nothing to do.
    void start();
    // Stops before the next request; the request in flight finishes (and is logged), the rest
    // become Cancelled. finished() follows.
    void cancel();
    // Again for the Failed ones only (a new pass; progress counts from 0 of them).
    void retryFailed();

    const RevocationPlan &plan() const { return m_plan; }
    const QList<Outcome> &outcomes() const { return m_outcomes; }
    // Attempts made (each one audit line), over every pass.
    int attempted() const { return m_attempted; }
    bool isRunning() const { return m_running; }
    int count(Result result) const;
    // Set when a line could not be written to the audit log: the run stopped there.
    QString auditError() const { return m_auditError; }
    QString reason() const { return m_reason; }

    // "pending", "revoked", "already_inactive", "not_found", "failed", "cancelled": the audit
    // log's and the command line's spelling.
    static QString resultName(Result result);
    // A Session from the JSON of GET /sessions/{id} or POST …/revoke, through the same parser
    // as files and pages (SessionFileReader). nullopt, with *error, when it is not one session.
    static std::optional<Session> parseSession(const QByteArray &json, QString *error = nullptr);

signals:
    void progress(int done, int total); // of this pass
    // The server's session after a revoke (status revoked, updated_at), or read back with GET.
    void sessionUpdated(const Session &session);
    // Outcome `index` is final and its line is in the log (additions to the first API).
    void outcomeRecorded(int index);
    void logged(const AuditEntry &entry);
    void finished();

private:
    enum class Phase { Idle, Revoking, ReadingBack };

    void beginPass(const QList<int> &indices);
    void next();
    void revoke(int index);
    void revokeAnswered(const ClerkResult &result);
    void readBack(const ClerkResult &postResult);
    void readBackAnswered(const ClerkResult &postResult, const ClerkResult &result);
    void record(Outcome outcome);
    void endPass();
    void takeFromPost(Outcome &outcome, const ClerkResult &postResult) const;
    QString withoutKey(QString text) const;

    QPointer<ClerkClient> m_client;
    AuditLog *m_log;
    RevocationPlan m_plan;
    QString m_reason;
    AuditEntry m_instance; // apiUrl, keyKind, operatorName
    QList<Outcome> m_outcomes;
    QList<int> m_queue; // indices into m_outcomes of this pass
    int m_position = 0; // next in m_queue
    int m_done = 0; // of this pass
    int m_current = -1; // the outcome whose request is in flight
    ClerkClient::RequestId m_request = 0;
    QString m_currentOperation; // "…/sessions/ID/revoke"
    Phase m_phase = Phase::Idle;
    bool m_sent = false; // the current POST has gone on the wire
    int m_attempted = 0;
    bool m_running = false;
    bool m_stopping = false;
    QString m_stopMessage; // why the rest were not attempted
    QString m_auditError;
};

Q_DECLARE_METATYPE(RevocationRun::Outcome)

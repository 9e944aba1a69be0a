// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkclient.h"
#include "clerkresult.h"
#include "revocationplan.h"
#include "session.h"

#include <QList>
#include <QObject>
#include <QPointer>

// Reads sessions afresh from the connected instance, one GET /sessions/{id} at a time: what a
// revocation of sessions that came from a file (or were loaded a while ago) is planned from. A
// session the instance does not have is reported, never revoked. Stops at the first other
// failure (the key rejected, the API down): a plan from half-checked sessions is no plan.
class SessionRecheck : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        ClerkResult outcome; // Ok when every session answered (found or not found)
        QList<Session> found; // as the instance has them now, in input order
        QList<RevocationTarget> notFound; // as the input had them

        bool complete() const { return outcome.ok(); }
        // The plan from the fresh sessions; those not found are skipped with notFoundReason().
        RevocationPlan plan() const;
    };
    static QString notFoundReason() { return QStringLiteral("not found on this instance"); }

    SessionRecheck(ClerkClient *client, const QList<Session> &sessions, QObject *parent = nullptr);
    ~SessionRecheck() override;

    void start();
    // Stops now; finished() comes (Cancelled) before cancel() returns.
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    void progress(int done, int total);
    void finished(const SessionRecheck::Result &result);

private:
    void next();
    void answered(const ClerkResult &result);
    void end(ClerkResult outcome);

    QPointer<ClerkClient> m_client;
    QList<Session> m_input; // each id once
    Result m_result;
    int m_position = 0;
    ClerkClient::RequestId m_request = 0;
    bool m_running = false;
};

Q_DECLARE_METATYPE(SessionRecheck::Result)

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "faultinjector.h"
#include "mockinstance.h"
#include "mockratelimiter.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QObject>
#include <QUrl>

#include <memory>
#include <utility>

class MockQueryParser;
struct ClerkError;

// A local Clerk Backend API (../shared/clerk/backend-api-2026-05-12.yml) over a MockInstance:
// GET /v1/sessions, GET /v1/sessions/{id}, POST /v1/sessions/{id}/revoke, GET /v1/users,
// GET /v1/users/count, GET /v1/users/{id} and GET /v1/clients/{id}, with Bearer authentication,
// Clerk's error bodies, a sliding-window rate limit and fault switches. It listens on 127.0.0.1
// only. Every request is answered from the event loop; nothing blocks.
//
// The pipeline of a request: a trace id; Bearer authentication (401); the rate limit (429 with
// Retry-After); then the faults drawn for it (5xx instead of the answer, a body cut short with
// the connection closed, a malformed body), all after the added latency.
class ClerkMockServer : public QObject
{
    Q_OBJECT

public:
    // The mock's fixed test key. Plainly not a real key, and it only ever opens this mock.
    static constexpr const char DefaultSecretKey[] = "sk_test_sessiondesk_mock_0000000000000000";

    struct Options
    {
        QString secretKey = QString::fromLatin1(DefaultSecretKey);
        int rateLimit = MockRateLimiter::DefaultLimit; // <= 0: unlimited
        qint64 rateWindowMs = MockRateLimiter::DefaultWindowMs;
        int latencyMs = 0;
        FaultInjector::Rates faults;
        std::uint64_t seed = 1; // for faults and trace ids
    };

    ClerkMockServer(std::unique_ptr<MockInstance> instance, const Options &options,
                    QObject *parent = nullptr);
    ~ClerkMockServer() override;

    // Listens on 127.0.0.1:port, port 0 for any free one. Returns the port, 0 on failure.
    quint16 listen(quint16 port = 0);
    quint16 port() const { return m_port; }
    // http://127.0.0.1:PORT, without /v1 (as CLERK_API_URL takes it).
    QUrl url() const;
    QString secretKey() const { return m_options.secretKey; }

    MockInstance &instance() { return *m_instance; }
    const MockInstance &instance() const { return *m_instance; }

    // Switches that tests turn while the server runs.
    void setLatency(int ms) { m_options.latencyMs = ms; }
    void setFaultRates(const FaultInjector::Rates &rates) { m_faults.setRates(rates); }
    void setRateLimit(int limit, qint64 windowMs);

    qint64 requestCount() const { return m_requests; }

    // What came in and what went out, for tests that must know exactly which requests reached
    // the server (off by default: a benchmark makes millions of requests).
    struct LoggedRequest
    {
        QByteArray method; // "GET", "POST", …
        QString path; // e.g. "/v1/sessions/sess_1/revoke"
        int status = 0; // as answered (before a dropped connection cut it short)
        QByteArray traceId;
        bool dropped = false; // the connection was closed part-way through the body
    };
    void setRequestLogging(bool enabled) { m_logRequests = enabled; }
    const QList<LoggedRequest> &requestLog() const { return m_requestLog; }
    void clearRequestLog() { m_requestLog.clear(); }

    // A fault for one particular request, instead of a random one: the next request with this
    // method and path that gets past authentication and the rate limit gets it (each scripted
    // fault is used once, in the order added). A 500 fails before anything is done; a 502 does
    // the work and loses the answer at the gateway; a 503 is turned away by the gateway; `drop`
    // does the work and closes the connection part-way through the answer's body.
    struct ScriptedFault
    {
        QByteArray method;
        QString path;
        int serverErrorStatus = 0; // 500, 502 or 503; 0 for none
        bool drop = false;
    };
    void addScriptedFault(const ScriptedFault &fault) { m_scripted.append(fault); }
    int pendingScriptedFaults() const { return int(m_scripted.size()); }

Q_SIGNALS:
    // After each answer is handed to the socket (or dropped): its status and trace id.
    void answered(int status, const QByteArray &traceId);

private:
    enum class Route {
        ListSessions,
        GetSession,
        RevokeSession,
        ListUsers,
        CountUsers,
        GetUser,
        GetClient,
        Unknown,
    };
    struct Reply
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = QByteArrayLiteral("application/json");
        QList<std::pair<QByteArray, QByteArray>> headers;
        bool fromClerk = true; // false for a gateway's 502/503 page: no trace id
    };

    void addRoutes();
    void serve(Route route, const QString &id, const QHttpServerRequest &request,
               QHttpServerResponder &&responder);
    Reply answer(Route route, const QString &id, const QHttpServerRequest &request,
                 const QByteArray &traceId, FaultInjector::Plan &plan);
    void applyScriptedFault(const QHttpServerRequest &request, FaultInjector::Plan &plan);
    Reply handle(Route route, const QString &id, const MockQueryParser &query,
                 const QByteArray &traceId);
    void deliver(QHttpServerResponder &responder, const Reply &reply, const QByteArray &traceId,
                 const FaultInjector::Plan &plan);
    QByteArray nextTraceId();

    static Reply json(const QJsonDocument &document);
    static Reply error(const ClerkError &error, const QByteArray &traceId);

    Reply listSessions(const MockQueryParser &query, const QByteArray &traceId);
    Reply revokeSession(const QString &id, const QByteArray &traceId);
    Reply listUsers(const MockQueryParser &query, const QByteArray &traceId);
    Reply countUsers(const MockQueryParser &query, const QByteArray &traceId);

    std::unique_ptr<MockInstance> m_instance;
    Options m_options;
    MockRateLimiter m_limiter;
    FaultInjector m_faults;
    QElapsedTimer m_clock;
    std::uint64_t m_traceState = 0;
    qint64 m_requests = 0;
    bool m_logRequests = false;
    QList<LoggedRequest> m_requestLog;
    QList<ScriptedFault> m_scripted;
    quint16 m_port = 0;
    QHttpServer m_server;
};

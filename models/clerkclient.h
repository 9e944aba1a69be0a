// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkconfig.h"
#include "clerkresult.h"
#include "ratelimiter.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <unordered_map>

class QNetworkAccessManager;
class QNetworkReply;

// Clerk's Backend API, asynchronously, on a QNetworkAccessManager that is passed in (and may be
// shared). Nothing blocks: every call returns at once and its result, a ClerkResult value, comes
// to a callback from the event loop.
//
// Each call names a context object, as QObject::connect does: when the context is destroyed the
// request is abandoned and its callback never runs. A callback runs exactly once otherwise,
// unless the request is cancel()ed or the client destroyed first (neither calls it). The client's
// destructor aborts whatever is in flight.
//
// Every request first waits for the RateLimiter (the key kind's budget, see ClerkConfig). Then:
// - a 429 holds the limiter for Retry-After and the request goes again (bounded);
// - a GET retries after a 5xx or a network failure, with exponential backoff and jitter
//   (bounded; see ClerkConfig::RetryPolicy);
// - a POST is never repeated blindly: only after a 429, or a refused connection (which the
//   server never saw); any other failure is reported, since Clerk may have acted on it. (Qt 6.4's
//   HTTP/1 channel itself re-sends any request, a POST too, once when the server closes the
//   connection before the first byte of an answer; newer Qt re-sends only idempotent ones. After
//   a NetworkError from revokeSession, read the session back rather than assume either way.);
// - a timeout (no progress for ClerkConfig::timeoutMs) is reported, not retried: the timeout is
//   the longest a person is asked to wait for one answer;
// - redirects are not followed (they would carry the key elsewhere): a 3xx is an error.
//
// Successful answers are checked to be JSON of the expected kind (object or array) before they
// are handed on, except the session list pages, which SessionFetch parses (and checks) once.
class ClerkClient : public QObject
{
    Q_OBJECT

public:
    using RequestId = quint64;
    using Callback = std::function<void(const ClerkResult &)>;

    // A session listing: one user's or one client's sessions (at least one must be set, as the
    // API requires), optionally only one status ("active", "revoked", …).
    struct SessionQuery
    {
        QString userId;
        QString clientId;
        QString status;
    };

    // GET /users filters. At most MaxIdsPerRequest email addresses and user ids each.
    struct UserQuery
    {
        QStringList emailAddresses;
        QStringList userIds;
        QString query;
        int limit = 10; // 1..500
        int offset = 0;
        QString orderBy; // e.g. "-created_at"; empty: the API's default
    };
    static constexpr int MaxIdsPerRequest = 100;
    static constexpr int MaxPageSize = 500;

    ClerkClient(QNetworkAccessManager *manager, const ClerkConfig &config,
                QObject *parent = nullptr);
    // Aborts every request in flight; no callback runs.
    ~ClerkClient() override;

    const ClerkConfig &config() const { return m_config; }
    // Takes effect for requests made from now on (the rate budget at once).
    void setConfig(const ClerkConfig &config);
    RateLimiter &rateLimiter() { return m_limiter; }

    // GET /sessions/{id}: the Session object.
    RequestId getSession(const QString &sessionId, const QObject *context, Callback callback);
    // POST /sessions/{id}/revoke: the revoked Session.
    RequestId revokeSession(const QString &sessionId, const QObject *context, Callback callback);
    // GET /users/{id}: the User object.
    RequestId getUser(const QString &userId, const QObject *context, Callback callback);
    // GET /clients/{id}: the Client object with its sessions.
    RequestId getClient(const QString &clientId, const QObject *context, Callback callback);
    // GET /users: an array of User objects.
    RequestId listUsers(const UserQuery &query, const QObject *context, Callback callback);
    // GET /sessions?paginated=true&limit=…&offset=…: one page, {"data":[…],"total_count":N}.
    // The payload is not parsed here; SessionFetch walks every page.
    RequestId listSessionsPage(const SessionQuery &query, int limit, int offset,
                               const QObject *context, Callback callback);

    // Abandons a request: aborted if in flight, taken out of the limiter's queue or off its
    // retry timer. The callback does not run. False when the id is not pending.
    bool cancel(RequestId id);
    void cancelAll();
    int pendingCount() const { return int(m_requests.size()); }
    // Requests sent, with retries (for benchmarks and tests).
    qint64 requestsSent() const { return m_sent; }

    // The query string GET /users gets, and the validation error for one that Clerk would
    // refuse (empty when fine).
    static QUrlQuery userListQuery(const UserQuery &query);
    static QString userQueryError(const UserQuery &query);
    // Retry-After as milliseconds (delay-seconds or an HTTP-date; -1 when absent or unreadable).
    static qint64 parseRetryAfter(const QByteArray &value, qint64 nowMsSinceEpoch);
    // The wait before retry number `retry` (1-based): base·2^(retry-1), capped, 50–100 % of it.
    static int backoffDelayMs(const ClerkConfig::RetryPolicy &policy, int retry);

signals:
    // Each request as it goes on the wire (also retries): for benchmarks and tests.
    void requestSent(const QString &operation);

private:
    enum class Method { Get, Post };
    enum class Expect { Object, Array, Unchecked };
    struct Request;
    struct Call
    {
        Method method;
        QString encodedPath; // below /v1, e.g. "sessions/sess_123"
        QUrlQuery query;
        Expect expect;
        QString invalid; // why the call cannot be made; empty when it can
    };

    RequestId submit(const Call &call, const QObject *context, Callback callback);
    void enqueue(Request &request, RateLimiter::Priority priority);
    void send(RequestId id);
    void handleReply(RequestId id);
    void retryLater(Request &request, int delayMs);
    void finish(RequestId id, ClerkResult result);
    void failLater(RequestId id, ClerkResult result);
    void abandon(Request &request);

    QPointer<QNetworkAccessManager> m_manager;
    ClerkConfig m_config;
    RateLimiter m_limiter;
    std::unordered_map<RequestId, std::unique_ptr<Request>> m_requests;
    RequestId m_nextId = 1;
    qint64 m_sent = 0;
};

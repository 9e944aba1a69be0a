// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkclient.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimeZone>
#include <QTimer>

#include <algorithm>
#include <cmath>

using Status = ClerkResult::Status;

namespace {

// Why a call for one object cannot be made, or nothing when it can.
QString missingId(const QString &id, const QString &kind)
{
    if (id.trimmed().isEmpty())
        return QStringLiteral("no %1 id was given").arg(kind);
    return {};
}

QString encodedSegment(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

// A query value as QUrlQuery keeps it: '+' would reach the server as a space, so it is sent
// as %2B (an email address like "ann+test@example.com", or Clerk's "+user_…" id prefix).
QString queryValue(const QString &value)
{
    QString encoded = value;
    encoded.replace(QLatin1Char('%'), QStringLiteral("%25"));
    encoded.replace(QLatin1Char('+'), QStringLiteral("%2B"));
    encoded.replace(QLatin1Char('&'), QStringLiteral("%26"));
    encoded.replace(QLatin1Char('='), QStringLiteral("%3D"));
    encoded.replace(QLatin1Char('#'), QStringLiteral("%23"));
    return encoded;
}

QString duration(qint64 ms)
{
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    if (ms > 1000)
        return QStringLiteral("%1 s").arg(QLocale::c().toString(double(ms) / 1000.0, 'f', 1));
    return QStringLiteral("%1 ms").arg(ms);
}

// Failures where the request never reached the server, or the connection broke: a GET may be
// sent again. TLS and DNS failures are not here: trying again will not mend them.
bool transientNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
        return true;
    default:
        return false;
    }
}

// Errors below 200 are about the connection (1–99) or a proxy (101–199), not an HTTP answer.
bool connectionLevel(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && int(error) < 200;
}

QString jsonKindName(const QJsonDocument &document)
{
    if (document.isObject())
        return QStringLiteral("an object");
    if (document.isArray())
        return QStringLiteral("an array");
    return QStringLiteral("nothing");
}

} // namespace

struct ClerkClient::Request
{
    RequestId id = 0;
    Method method = Method::Get;
    QUrl url;
    QString operation;
    Expect expect = Expect::Object;
    QPointer<const QObject> context;
    QMetaObject::Connection contextConnection;
    Callback callback;
    QPointer<QNetworkReply> reply;
    RateLimiter::Ticket ticket = 0;
    RateLimiter::Ticket grant = 0; // of the attempt in flight, settled when it ends
    bool queued = false; // waiting for the limiter
    std::unique_ptr<QTimer> retryTimer;
    int attempts = 0;
    int retries = 0; // after a 5xx or a network failure
    int rateLimitRetries = 0;
    qint64 retryAfterMs = -1;
};

ClerkClient::ClerkClient(QNetworkAccessManager *manager, const ClerkConfig &config, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_config(config)
    , m_limiter(config.rateLimit(), config.rateWindowMs())
{
    if (manager) {
        // The manager deletes its replies with it: whatever was in flight then has failed.
        connect(manager, &QObject::destroyed, this, [this] {
            std::vector<RequestId> lost;
            for (const auto &[id, request] : m_requests) {
                if (!request->queued && !request->retryTimer)
                    lost.push_back(id);
            }
            for (const RequestId id : lost) {
                m_requests.at(id)->reply = nullptr;
                failLater(id,
                          ClerkResult::failure(Status::NetworkError,
                                               QStringLiteral("the network manager was closed")));
            }
        });
    }
}

ClerkClient::~ClerkClient()
{
    cancelAll();
}

void ClerkClient::setConfig(const ClerkConfig &config)
{
    m_config = config;
    m_limiter.setBudget(config.rateLimit(), config.rateWindowMs());
}

ClerkClient::RequestId ClerkClient::getSession(const QString &sessionId, const QObject *context,
                                               Callback callback)
{
    return submit({Method::Get,
                   QStringLiteral("sessions/") + encodedSegment(sessionId),
                   {},
                   Expect::Object,
                   missingId(sessionId, QStringLiteral("session"))},
                  context, std::move(callback));
}

ClerkClient::RequestId ClerkClient::revokeSession(const QString &sessionId, const QObject *context,
                                                  Callback callback)
{
    return submit({Method::Post,
                   QStringLiteral("sessions/%1/revoke").arg(encodedSegment(sessionId)),
                   {},
                   Expect::Object,
                   missingId(sessionId, QStringLiteral("session"))},
                  context, std::move(callback));
}

ClerkClient::RequestId ClerkClient::getUser(const QString &userId, const QObject *context,
                                            Callback callback)
{
    return submit({Method::Get,
                   QStringLiteral("users/") + encodedSegment(userId),
                   {},
                   Expect::Object,
                   missingId(userId, QStringLiteral("user"))},
                  context, std::move(callback));
}

ClerkClient::RequestId ClerkClient::getClient(const QString &clientId, const QObject *context,
                                              Callback callback)
{
    return submit({Method::Get,
                   QStringLiteral("clients/") + encodedSegment(clientId),
                   {},
                   Expect::Object,
                   missingId(clientId, QStringLiteral("client"))},
                  context, std::move(callback));
}

ClerkClient::RequestId ClerkClient::listUsers(const UserQuery &query, const QObject *context,
                                              Callback callback)
{
    return submit({Method::Get, QStringLiteral("users"), userListQuery(query), Expect::Array,
                   userQueryError(query)},
                  context, std::move(callback));
}

ClerkClient::RequestId ClerkClient::listSessionsPage(const SessionQuery &query, int limit,
                                                     int offset, const QObject *context,
                                                     Callback callback)
{
    QUrlQuery urlQuery;
    if (!query.userId.isEmpty())
        urlQuery.addQueryItem(QStringLiteral("user_id"), queryValue(query.userId));
    if (!query.clientId.isEmpty())
        urlQuery.addQueryItem(QStringLiteral("client_id"), queryValue(query.clientId));
    if (!query.status.isEmpty())
        urlQuery.addQueryItem(QStringLiteral("status"), queryValue(query.status));
    urlQuery.addQueryItem(QStringLiteral("paginated"), QStringLiteral("true"));
    urlQuery.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    urlQuery.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    QString invalid;
    if (query.userId.isEmpty() && query.clientId.isEmpty())
        invalid =
            QStringLiteral("sessions are listed for a user id or a client id; none was given");
    else if (limit < 1 || limit > MaxPageSize)
        invalid =
            QStringLiteral("a page holds 1 to %1 sessions, not %2").arg(MaxPageSize).arg(limit);
    else if (offset < 0)
        invalid = QStringLiteral("the offset cannot be negative");
    return submit({Method::Get, QStringLiteral("sessions"), urlQuery, Expect::Unchecked, invalid},
                  context, std::move(callback));
}

QUrlQuery ClerkClient::userListQuery(const UserQuery &query)
{
    QUrlQuery urlQuery;
    for (const QString &email : query.emailAddresses)
        urlQuery.addQueryItem(QStringLiteral("email_address"), queryValue(email));
    for (const QString &id : query.userIds)
        urlQuery.addQueryItem(QStringLiteral("user_id"), queryValue(id));
    if (!query.query.isEmpty())
        urlQuery.addQueryItem(QStringLiteral("query"), queryValue(query.query));
    if (!query.orderBy.isEmpty())
        urlQuery.addQueryItem(QStringLiteral("order_by"), queryValue(query.orderBy));
    urlQuery.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    urlQuery.addQueryItem(QStringLiteral("offset"), QString::number(query.offset));
    return urlQuery;
}

QString ClerkClient::userQueryError(const UserQuery &query)
{
    if (query.emailAddresses.size() > MaxIdsPerRequest)
        return QStringLiteral("at most %1 email addresses can be looked up in one request, not %2")
            .arg(MaxIdsPerRequest)
            .arg(query.emailAddresses.size());
    if (query.userIds.size() > MaxIdsPerRequest)
        return QStringLiteral("at most %1 user ids can be looked up in one request, not %2")
            .arg(MaxIdsPerRequest)
            .arg(query.userIds.size());
    if (query.limit < 1 || query.limit > MaxPageSize)
        return QStringLiteral("a page holds 1 to %1 users, not %2")
            .arg(MaxPageSize)
            .arg(query.limit);
    if (query.offset < 0)
        return QStringLiteral("the offset cannot be negative");
    return {};
}

qint64 ClerkClient::parseRetryAfter(const QByteArray &value, qint64 nowMsSinceEpoch)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return -1;
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok)
        return seconds >= 0 && std::isfinite(seconds) ? qint64(std::ceil(seconds * 1000.0)) : -1;
    // An HTTP-date: "Sun, 06 Nov 1994 08:49:37 GMT".
    QDateTime date = QDateTime::fromString(QString::fromLatin1(text), Qt::RFC2822Date);
    if (!date.isValid()) {
        date = QLocale::c().toDateTime(QString::fromLatin1(text),
                                       QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        date.setTimeZone(QTimeZone::utc());
    }
    if (!date.isValid())
        return -1;
    return std::max<qint64>(0, date.toMSecsSinceEpoch() - nowMsSinceEpoch);
}

int ClerkClient::backoffDelayMs(const ClerkConfig::RetryPolicy &policy, int retry)
{
    const double exponential =
        double(std::max(policy.baseDelayMs, 0)) * std::pow(2.0, std::max(retry - 1, 0));
    const double capped = std::min(exponential, double(std::max(policy.maxDelayMs, 0)));
    // "Equal jitter": half fixed, half random, so retries spread out but never come at once.
    const double jitter = 0.5 + 0.5 * QRandomGenerator::global()->generateDouble();
    return int(capped * jitter);
}

bool ClerkClient::cancel(RequestId id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return false;
    std::unique_ptr<Request> request = std::move(it->second);
    m_requests.erase(it);
    abandon(*request);
    return true;
}

void ClerkClient::cancelAll()
{
    auto requests = std::move(m_requests);
    m_requests.clear();
    for (auto &[id, request] : requests)
        abandon(*request);
}

// --- the life of a request ------------------------------------------------------------------

ClerkClient::RequestId ClerkClient::submit(const Call &call, const QObject *context,
                                           Callback callback)
{
    auto request = std::make_unique<Request>();
    const RequestId id = m_nextId++;
    request->id = id;
    request->method = call.method;
    request->url = m_config.endpoint(call.encodedPath);
    if (!call.query.isEmpty())
        request->url.setQuery(call.query);
    request->operation = QStringLiteral("%1 %2").arg(
        call.method == Method::Post ? QStringLiteral("POST") : QStringLiteral("GET"),
        request->url.path());
    request->expect = call.expect;
    request->context = context ? context : this;
    request->callback = std::move(callback);
    if (context && context != this) {
        request->contextConnection =
            connect(context, &QObject::destroyed, this, [this, id] { cancel(id); });
    }
    Request &r = *request;
    m_requests.emplace(id, std::move(request));

    QString invalid = m_config.validationError();
    if (invalid.isEmpty())
        invalid = call.invalid;
    if (!invalid.isEmpty()) {
        failLater(id, ClerkResult::failure(Status::InvalidRequest, invalid));
        return id;
    }
    enqueue(r, RateLimiter::Priority::Normal);
    return id;
}

void ClerkClient::enqueue(Request &request, RateLimiter::Priority priority)
{
    const RequestId id = request.id;
    request.queued = true;
    const RateLimiter::Ticket ticket =
        m_limiter.acquire([this, id](qint64) { send(id); }, priority, RateLimiter::Until::Settled);
    // send() may have run already, inside acquire().
    const auto it = m_requests.find(id);
    if (it != m_requests.end() && it->second->queued)
        it->second->ticket = ticket;
}

void ClerkClient::send(RequestId id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    Request &request = *it->second;
    request.queued = false;
    request.grant = m_limiter.granting();
    request.ticket = 0;
    if (!m_manager) {
        failLater(id,
                  ClerkResult::failure(Status::NetworkError,
                                       QStringLiteral("there is no network manager")));
        return;
    }
    QNetworkRequest networkRequest(request.url);
    networkRequest.setRawHeader("Authorization", "Bearer " + m_config.secretKey().toLatin1());
    networkRequest.setRawHeader("User-Agent", ClerkConfig::userAgent());
    networkRequest.setRawHeader("Accept", "application/json");
    networkRequest.setTransferTimeout(m_config.timeoutMs());
    // A redirect would take the Authorization header along to wherever it points.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = request.method == Method::Post
        ? m_manager->post(networkRequest, QByteArray())
        : m_manager->get(networkRequest);
    request.reply = reply;
    ++request.attempts;
    ++m_sent;
    connect(reply, &QNetworkReply::finished, this, [this, id] { handleReply(id); });
    emit requestSent(request.operation);
}

void ClerkClient::handleReply(RequestId id)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    Request &request = *it->second;
    QNetworkReply *reply = request.reply;
    request.reply = nullptr;
    if (!reply)
        return;
    m_limiter.settle(std::exchange(request.grant, 0), m_limiter.now());
    reply->deleteLater();

    const QNetworkReply::NetworkError error = reply->error();
    const int httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool get = request.method == Method::Get;
    const ClerkConfig::RetryPolicy &policy = m_config.retryPolicy();

    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        // Only the transfer timeout aborts a reply that is still connected here: cancel()
        // disconnects before it aborts.
        finish(id,
               ClerkResult::failure(
                   Status::Timeout,
                   QStringLiteral("no answer within %1").arg(duration(m_config.timeoutMs()))));
        return;
    }
    if (connectionLevel(error) || httpStatus == 0) {
        const bool retry =
            get ? transientNetworkError(error) : error == QNetworkReply::ConnectionRefusedError;
        if (retry && request.retries < policy.maxRetries) {
            ++request.retries;
            retryLater(request, backoffDelayMs(policy, request.retries));
            return;
        }
        finish(id,
               ClerkResult::failure(
                   Status::NetworkError,
                   QStringLiteral("%1 (%2)").arg(reply->errorString(), request.url.host())));
        return;
    }

    const QByteArray body = reply->readAll();
    ClerkResult result =
        ClerkResult::fromHttp(httpStatus, body, reply->rawHeader("X-Clerk-Trace-Id"));
    if (httpStatus == 429) {
        const qint64 retryAfter =
            parseRetryAfter(reply->rawHeader("Retry-After"), QDateTime::currentMSecsSinceEpoch());
        request.retryAfterMs = retryAfter;
        if (retryAfter > policy.maxRetryAfterMs) {
            result.detail = QStringLiteral("Clerk asks to wait %1 before trying again")
                                .arg(duration(retryAfter));
        } else if (request.rateLimitRetries < policy.maxRateLimitRetries) {
            ++request.rateLimitRetries;
            // Every request waits, not only this one: the server's window is full.
            const qint64 wait = retryAfter >= 0
                ? retryAfter
                : backoffDelayMs(policy, request.rateLimitRetries) + 1000;
            m_limiter.holdFor(wait);
            enqueue(request, RateLimiter::Priority::First);
            return;
        } else {
            result.detail = QStringLiteral("still refused after waiting %1 times")
                                .arg(request.rateLimitRetries);
        }
        finish(id, std::move(result));
        return;
    }
    if (httpStatus >= 500 && get && request.retries < policy.maxRetries) {
        ++request.retries;
        retryLater(request, backoffDelayMs(policy, request.retries));
        return;
    }
    if (httpStatus >= 300 && httpStatus < 400) {
        result.status = Status::ServerError;
        const QByteArray location = reply->rawHeader("Location");
        result.detail = location.isEmpty()
            ? QStringLiteral("an unexpected redirect")
            : QStringLiteral("an unexpected redirect to %1").arg(QString::fromLatin1(location));
    }
    if (result.ok() && request.expect != Expect::Unchecked) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        const bool object = request.expect == Expect::Object;
        if (document.isNull()) {
            result.status = Status::BadResponse;
            result.detail = body.isEmpty()
                ? QStringLiteral("the body is empty")
                : QStringLiteral("%1 at byte %2 (Content-Type %3)")
                      .arg(parseError.errorString())
                      .arg(parseError.offset)
                      .arg(QString::fromLatin1(reply->rawHeader("Content-Type")));
        } else if (object ? !document.isObject() : !document.isArray()) {
            result.status = Status::BadResponse;
            result.detail =
                QStringLiteral("expected %1, found %2")
                    .arg(object ? QStringLiteral("an object") : QStringLiteral("an array"),
                         jsonKindName(document));
        }
    }
    finish(id, std::move(result));
}

void ClerkClient::retryLater(Request &request, int delayMs)
{
    const RequestId id = request.id;
    request.retryTimer = std::make_unique<QTimer>();
    request.retryTimer->setSingleShot(true);
    connect(request.retryTimer.get(), &QTimer::timeout, this, [this, id] {
        const auto it = m_requests.find(id);
        if (it == m_requests.end())
            return;
        // The timer is in its own signal: delete it later, not here.
        it->second->retryTimer.release()->deleteLater();
        enqueue(*it->second, RateLimiter::Priority::First);
    });
    request.retryTimer->start(delayMs);
}

void ClerkClient::finish(RequestId id, ClerkResult result)
{
    const auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    std::unique_ptr<Request> request = std::move(it->second);
    m_requests.erase(it);
    disconnect(request->contextConnection);
    if (request->grant) // failed without an answer (no manager, the manager gone)
        m_limiter.settle(std::exchange(request->grant, 0), m_limiter.now());
    result.operation = request->operation;
    result.attempts = request->attempts;
    if (result.retryAfterMs < 0)
        result.retryAfterMs = request->retryAfterMs;
    const QPointer<const QObject> context = request->context;
    Callback callback = std::move(request->callback);
    request.reset();
    // Last: the callback may start requests, cancel others, or destroy this client.
    if (context && callback)
        callback(result);
}

void ClerkClient::failLater(RequestId id, ClerkResult result)
{
    QTimer::singleShot(0, this, [this, id, result = std::move(result)]() mutable {
        finish(id, std::move(result));
    });
}

void ClerkClient::abandon(Request &request)
{
    disconnect(request.contextConnection);
    if (request.queued)
        m_limiter.cancel(request.ticket);
    request.queued = false;
    request.retryTimer.reset();
    if (request.grant)
        m_limiter.settle(std::exchange(request.grant, 0), m_limiter.now());
    if (QNetworkReply *reply = request.reply) {
        request.reply = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkmockserver.h"

#include "clerkerror.h"
#include "mockqueryparser.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace {

using Method = QHttpServerRequest::Method;

QByteArray gatewayPage(int status)
{
    const char *title = status == 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable";
    return QByteArray("<html>\r\n<head><title>") + title +
        "</title></head>\r\n<body>\r\n<center><h1>" + title +
        "</h1></center>\r\n</body>\r\n</html>\r\n";
}

// The Authorization header's value; header names are case-insensitive.
QByteArray authorization(const QHttpServerRequest &request)
{
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("authorization", Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return QByteArrayLiteral("GET");
    case Method::Post:
        return QByteArrayLiteral("POST");
    case Method::Put:
        return QByteArrayLiteral("PUT");
    case Method::Delete:
        return QByteArrayLiteral("DELETE");
    case Method::Patch:
        return QByteArrayLiteral("PATCH");
    case Method::Head:
        return QByteArrayLiteral("HEAD");
    case Method::Options:
        return QByteArrayLiteral("OPTIONS");
    default:
        return QByteArrayLiteral("OTHER");
    }
}

} // namespace

ClerkMockServer::ClerkMockServer(std::unique_ptr<MockInstance> instance, const Options &options,
                                 QObject *parent)
    : QObject(parent)
    , m_instance(std::move(instance))
    , m_options(options)
    , m_limiter(options.rateLimit, options.rateWindowMs)
    , m_faults(options.faults, options.seed)
    , m_traceState(options.seed ^ 0x7ace'0000'0000'0000ULL)
{
    m_clock.start();
    addRoutes();
}

// Deferred answers (added latency) are QTimers parented to this object; they hold their
// responder, whose destruction does not touch the (maybe already gone) socket.
ClerkMockServer::~ClerkMockServer() = default;

quint16 ClerkMockServer::listen(quint16 port)
{
    m_port = m_server.listen(QHostAddress::LocalHost, port);
    return m_port;
}

QUrl ClerkMockServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

void ClerkMockServer::setRateLimit(int limit, qint64 windowMs)
{
    m_options.rateLimit = limit;
    m_options.rateWindowMs = windowMs;
    m_limiter = MockRateLimiter(limit, windowMs);
}

void ClerkMockServer::addRoutes()
{
    auto plain = [this](Route route) {
        return [this, route](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(route, QString(), request, std::move(responder));
        };
    };
    auto withId = [this](Route route) {
        return [this, route](const QString &id, const QHttpServerRequest &request,
                             QHttpServerResponder &&responder) {
            serve(route, id, request, std::move(responder));
        };
    };
    m_server.route(QStringLiteral("/v1/sessions"), Method::Get, plain(Route::ListSessions));
    m_server.route(QStringLiteral("/v1/sessions/<arg>"), Method::Get, withId(Route::GetSession));
    m_server.route(QStringLiteral("/v1/sessions/<arg>/revoke"), Method::Post,
                   withId(Route::RevokeSession));
    m_server.route(QStringLiteral("/v1/users"), Method::Get, plain(Route::ListUsers));
    m_server.route(QStringLiteral("/v1/users/count"), Method::Get, plain(Route::CountUsers));
    m_server.route(QStringLiteral("/v1/users/<arg>"), Method::Get, withId(Route::GetUser));
    m_server.route(QStringLiteral("/v1/clients/<arg>"), Method::Get, withId(Route::GetClient));
    // Anything else still needs a key first, then gets Clerk's 404 (not Qt's text page).
    m_server.setMissingHandler(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(Route::Unknown, QString(), request, std::move(responder));
        });
}

QByteArray ClerkMockServer::nextTraceId()
{
    // 32 lower-case hex digits, as Clerk's; a seeded sequence, so runs can be compared.
    QByteArray id;
    for (int half = 0; half < 2; ++half) {
        std::uint64_t z = (m_traceState += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        z ^= z >> 31;
        id += QByteArray::number(qulonglong(z), 16).rightJustified(16, '0');
    }
    return id;
}

void ClerkMockServer::serve(Route route, const QString &id, const QHttpServerRequest &request,
                            QHttpServerResponder &&responder)
{
    ++m_requests;
    const QByteArray traceId = nextTraceId();
    FaultInjector::Plan plan = m_faults.next(); // drawn for every request: deterministic
    const Reply reply = answer(route, id, request, traceId, plan);
    if (m_logRequests) {
        m_requestLog.append({methodName(request.method()), request.url().path(), reply.status,
                             traceId, plan.drop && reply.body.size() > 1});
    }

    if (m_options.latencyMs <= 0) {
        deliver(responder, reply, traceId, plan);
        return;
    }
    auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
    QPointer<QTcpSocket> socket = pending->socket();
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
    connect(timer, &QTimer::timeout, this, [this, timer, pending, socket, reply, traceId, plan] {
        timer->deleteLater();
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            deliver(*pending, reply, traceId, plan);
    });
    timer->start(m_options.latencyMs);
}

ClerkMockServer::Reply ClerkMockServer::answer(Route route, const QString &id,
                                               const QHttpServerRequest &request,
                                               const QByteArray &traceId, FaultInjector::Plan &plan)
{
    // Authentication comes first, before routing: Clerk answers an unknown path without a key
    // with 401 too.
    const QByteArray header = authorization(request);
    if (header.size() < 7 || header.left(7).compare("Bearer ", Qt::CaseInsensitive) != 0 ||
        header.mid(7).trimmed().isEmpty())
        return error(ClerkError::authorizationHeaderFormatInvalid(), traceId);
    if (QString::fromUtf8(header.mid(7).trimmed()) != m_options.secretKey)
        return error(ClerkError::clerkKeyInvalid(), traceId);

    const MockRateLimiter::Decision admitted = m_limiter.admit(m_clock.elapsed());
    if (!admitted.admitted) {
        Reply reply = error(ClerkError::tooManyRequests(), traceId);
        reply.headers.append(
            {QByteArrayLiteral("Retry-After"),
             QByteArray::number(MockRateLimiter::retryAfterSeconds(admitted.retryAfterMs))});
        return reply;
    }

    applyScriptedFault(request, plan);
    const MockQueryParser query(request.url().query(QUrl::FullyEncoded).toLatin1());
    switch (plan.serverErrorStatus) {
    case 500: // Clerk failed before doing anything
        return error(ClerkError::internalError(), traceId);
    case 502: { // Clerk did the work, the gateway lost the answer: a POST may have taken effect
        handle(route, id, query, traceId);
        Reply reply{502, gatewayPage(502), QByteArrayLiteral("text/html"), {}, false};
        return reply;
    }
    case 503: // the gateway turned the request away
        return Reply{503, gatewayPage(503), QByteArrayLiteral("text/html"), {}, false};
    default:
        return handle(route, id, query, traceId);
    }
}

void ClerkMockServer::applyScriptedFault(const QHttpServerRequest &request,
                                         FaultInjector::Plan &plan)
{
    const QByteArray method = methodName(request.method());
    const QString path = request.url().path();
    for (qsizetype i = 0; i < m_scripted.size(); ++i) {
        const ScriptedFault &fault = m_scripted.at(i);
        if (fault.method != method || fault.path != path)
            continue;
        plan = FaultInjector::Plan();
        plan.serverErrorStatus = fault.serverErrorStatus;
        plan.drop = fault.drop;
        plan.dropAt = 0.5;
        m_scripted.removeAt(i);
        return;
    }
}

ClerkMockServer::Reply ClerkMockServer::handle(Route route, const QString &id,
                                               const MockQueryParser &query,
                                               const QByteArray &traceId)
{
    MockInstance &instance = *m_instance;
    switch (route) {
    case Route::ListSessions:
        return listSessions(query, traceId);
    case Route::GetSession: {
        const int row = instance.findSession(id);
        if (row < 0)
            return error(ClerkError::resourceNotFound(QStringLiteral("session"), id), traceId);
        return json(QJsonDocument(instance.sessionJson(row)));
    }
    case Route::RevokeSession:
        return revokeSession(id, traceId);
    case Route::ListUsers:
        return listUsers(query, traceId);
    case Route::CountUsers:
        return countUsers(query, traceId);
    case Route::GetUser: {
        const int user = instance.findUser(id);
        if (user < 0)
            return error(ClerkError::resourceNotFound(QStringLiteral("user"), id), traceId);
        return json(QJsonDocument(instance.userJson(user)));
    }
    case Route::GetClient: {
        const int client = instance.findClient(id);
        if (client < 0)
            return error(ClerkError::resourceNotFound(QStringLiteral("client"), id), traceId);
        return json(QJsonDocument(instance.clientJson(client)));
    }
    case Route::Unknown:
        break;
    }
    return error(ClerkError::pathNotFound(), traceId);
}

ClerkMockServer::Reply ClerkMockServer::listSessions(const MockQueryParser &query,
                                                     const QByteArray &traceId)
{
    MockQueryParser::SessionList list;
    if (auto failure = query.sessionList(list))
        return error(*failure, traceId);
    const std::vector<int> rows = m_instance->sessions(list.filter);
    QJsonArray data;
    const std::size_t first = std::min(rows.size(), std::size_t(list.paging.offset));
    const std::size_t last = std::min(rows.size(), first + std::size_t(list.paging.limit));
    for (std::size_t i = first; i < last; ++i)
        data.append(m_instance->sessionJson(rows[i]));
    // Session.List is a bare array; paginated=true wraps it with the total, as Clerk's paginated
    // lists do ({"data": […], "total_count": N}).
    if (!list.paginated)
        return json(QJsonDocument(data));
    return json(QJsonDocument(QJsonObject{{QStringLiteral("data"), data},
                                          {QStringLiteral("total_count"), qint64(rows.size())}}));
}

// POST /sessions/{session_id}/revoke. The spec documents 200 (the Session), 400 (ClerkErrors),
// 401 and 404, and describes the operation as "Sets the status of a session as revoked, which is
// an unauthenticated state"; it says nothing of a session that is already in an unauthenticated
// state (ended, expired, removed, abandoned, replaced, revoked). The mock answers those with the
// documented 400 and code "session_not_active", and leaves the session untouched: the stricter
// choice, so a client must look at a revocation's answer rather than assume it. Pending sessions
// (signed in, tasks outstanding) are live and can be revoked.
ClerkMockServer::Reply ClerkMockServer::revokeSession(const QString &id, const QByteArray &traceId)
{
    const int row = m_instance->findSession(id);
    if (row < 0)
        return error(ClerkError::resourceNotFound(QStringLiteral("session"), id), traceId);
    if (m_instance->revoke(row) == MockInstance::RevokeOutcome::NotRevocable) {
        return error(ClerkError::sessionNotActive(
                         id, QString::fromLatin1(statusName(m_instance->sessionStatus(row)))),
                     traceId);
    }
    return json(QJsonDocument(m_instance->sessionJson(row)));
}

ClerkMockServer::Reply ClerkMockServer::listUsers(const MockQueryParser &query,
                                                  const QByteArray &traceId)
{
    MockQueryParser::UserList list;
    if (auto failure = query.userList(list))
        return error(*failure, traceId);
    const std::vector<int> users = m_instance->users(list.filter, list.order, list.descending);
    std::size_t first = std::min(users.size(), std::size_t(list.paging.offset));
    if (!list.startingAfter.isNull()) {
        // The users that follow the cursor in created_at order (which the parser required).
        const int cursor = m_instance->findUser(list.startingAfter);
        if (cursor < 0) {
            return error(ClerkError::formParamValueInvalid(
                             QStringLiteral("starting_after"),
                             QStringLiteral("starting_after must be the id of an existing user.")),
                         traceId);
        }
        const int rank = m_instance->creationRank(cursor);
        const auto after = std::find_if(users.begin(), users.end(), [&](int user) {
            const int r = m_instance->creationRank(user);
            return list.descending ? r < rank : r > rank;
        });
        first = std::size_t(after - users.begin());
    }
    const std::size_t last = std::min(users.size(), first + std::size_t(list.paging.limit));
    QJsonArray data;
    for (std::size_t i = first; i < last; ++i)
        data.append(m_instance->userJson(users[i]));
    return json(QJsonDocument(data)); // User.List: a bare array
}

ClerkMockServer::Reply ClerkMockServer::countUsers(const MockQueryParser &query,
                                                   const QByteArray &traceId)
{
    MockInstance::UserFilter filter;
    if (auto failure = query.userFilter(filter))
        return error(*failure, traceId);
    // components/schemas/TotalCount
    return json(QJsonDocument(QJsonObject{
        {QStringLiteral("object"), QStringLiteral("total_count")},
        {QStringLiteral("total_count"), m_instance->countUsers(filter)},
    }));
}

ClerkMockServer::Reply ClerkMockServer::json(const QJsonDocument &document)
{
    Reply reply;
    reply.body = document.toJson(QJsonDocument::Compact);
    return reply;
}

ClerkMockServer::Reply ClerkMockServer::error(const ClerkError &error, const QByteArray &traceId)
{
    Reply reply;
    reply.status = error.httpStatus;
    reply.body = error.toJson(traceId);
    return reply;
}

void ClerkMockServer::deliver(QHttpServerResponder &responder, const Reply &reply,
                              const QByteArray &traceId, const FaultInjector::Plan &plan)
{
    QByteArray body = reply.body;
    if (plan.malformed && reply.fromClerk)
        body = FaultInjector::malform(body, plan.malformDraw);

    responder.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
    responder.writeHeader(QByteArrayLiteral("Content-Type"), reply.contentType);
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    if (reply.fromClerk)
        responder.writeHeader(QByteArrayLiteral("X-Clerk-Trace-Id"), traceId);
    for (const auto &[name, value] : reply.headers)
        responder.writeHeader(name, value);

    if (plan.drop && body.size() > 1) {
        // Part of the body, then the connection closes: the client sees fewer bytes than
        // Content-Length promised.
        const qsizetype sent =
            std::clamp<qsizetype>(qsizetype(double(body.size()) * plan.dropAt), 1, body.size() - 1);
        responder.writeBody(body.constData(), sent);
        QTcpSocket *socket = responder.socket();
        socket->flush();
        socket->disconnectFromHost();
    } else {
        responder.writeBody(body);
    }
    Q_EMIT answered(reply.status, traceId);
}

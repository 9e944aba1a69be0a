// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

// A scriptable HTTP/1.1 server on 127.0.0.1 for ClerkClient's tests: real loopback HTTP, with
// each answer decided by the test (status, body, headers, a delay, a hang, a dropped
// connection). It records every request and when each answer was sent. It is not Clerk: the
// faithful mock is ClerkMockServer; this one exists to make exact failures on demand.

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <functional>

struct FakeRequest
{
    int index = 0; // 0-based, in arrival order
    QByteArray method;
    QString path; // decoded, e.g. "/v1/sessions"
    QByteArray rawQuery; // as sent, percent-encoding intact
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    qint64 receivedAtMs = 0; // on the server's clock

    QString queryValue(const QString &key) const
    {
        return query.queryItemValue(key, QUrl::FullyDecoded);
    }
};

struct FakeResponse
{
    enum class Action {
        Answer,
        Hang, // never answer (the client's timeout)
        Close, // close the connection without an answer
        Truncate, // send the headers and half the body, then close
    };

    int status = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QList<std::pair<QByteArray, QByteArray>> headers;
    int delayMs = 0;
    Action action = Action::Answer;

    static FakeResponse json(const QJsonDocument &document, int status = 200)
    {
        FakeResponse response;
        response.status = status;
        response.body = document.toJson(QJsonDocument::Compact);
        return response;
    }
    // A ClerkErrors body as Clerk sends it.
    static FakeResponse clerkError(int status, const QString &code, const QString &message,
                                   const QString &longMessage,
                                   const QString &traceId = QStringLiteral("trace_fake_1"))
    {
        const QJsonObject error{{QStringLiteral("code"), code},
                                {QStringLiteral("message"), message},
                                {QStringLiteral("long_message"), longMessage},
                                {QStringLiteral("meta"), QJsonObject()}};
        FakeResponse response =
            json(QJsonDocument(QJsonObject{{QStringLiteral("errors"), QJsonArray{error}},
                                           {QStringLiteral("clerk_trace_id"), traceId}}),
                 status);
        response.headers.emplaceBack("X-Clerk-Trace-Id", traceId.toLatin1());
        return response;
    }
};

class FakeClerkServer
{
public:
    using Handler = std::function<FakeResponse(const FakeRequest &)>;

    struct Answer
    {
        int requestIndex = 0;
        int status = 0; // 0 for a hang or a closed connection
        qint64 sentAtMs = 0;
    };

    FakeClerkServer()
    {
        m_clock.start();
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                accept(socket);
        });
    }

    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    void close() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<FakeRequest> &requests() const { return m_requests; }
    const QList<Answer> &answers() const { return m_answers; }
    qint64 now() const { return m_clock.elapsed(); }
    int connectionsAccepted() const { return m_connections; }
    int openConnections() const { return int(m_server.findChildren<QTcpSocket *>().size()); }

private:
    void accept(QTcpSocket *socket)
    {
        ++m_connections;
        auto *buffer = new QByteArray;
        QObject::connect(socket, &QObject::destroyed, socket, [buffer] { delete buffer; });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            serve(socket, *buffer);
        });
    }

    // Serves every complete request in the buffer (clients here send one at a time).
    void serve(QTcpSocket *socket, QByteArray &buffer)
    {
        for (;;) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            FakeRequest request;
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            request.method = requestLine.value(0);
            const QByteArray target = requestLine.value(1);
            const qsizetype question = target.indexOf('?');
            request.path = QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
            request.rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
            request.query = QUrlQuery(QString::fromLatin1(request.rawQuery));
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                           lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer.size() < headerEnd + 4 + length)
                return;
            request.body = buffer.mid(headerEnd + 4, length);
            buffer.remove(0, headerEnd + 4 + length);
            request.index = int(m_requests.size());
            request.receivedAtMs = now();
            m_requests.append(request);
            const FakeResponse response = m_handler ? m_handler(request) : FakeResponse();
            if (response.delayMs > 0) {
                QTimer::singleShot(response.delayMs, socket,
                                   [this, socket, response, index = request.index] {
                                       respond(socket, response, index);
                                   });
            } else {
                respond(socket, response, request.index);
            }
        }
    }

    void respond(QTcpSocket *socket, const FakeResponse &response, int index)
    {
        switch (response.action) {
        case FakeResponse::Action::Hang:
            m_answers.append({index, 0, now()});
            return;
        case FakeResponse::Action::Close:
            m_answers.append({index, 0, now()});
            socket->abort();
            socket->deleteLater();
            return;
        case FakeResponse::Action::Answer:
        case FakeResponse::Action::Truncate:
            break;
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
            reason(response.status) + "\r\n";
        head += "Content-Type: " + response.contentType + "\r\n";
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        for (const auto &[name, value] : response.headers)
            head += name + ": " + value + "\r\n";
        head += "\r\n";
        m_answers.append({index, response.status, now()});
        if (response.action == FakeResponse::Action::Truncate) {
            socket->write(head + response.body.left(response.body.size() / 2));
            socket->flush();
            socket->disconnectFromHost();
            return;
        }
        socket->write(head + response.body);
    }

    static QByteArray reason(int status)
    {
        switch (status) {
        case 200:
            return "OK";
        case 302:
            return "Found";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 422:
            return "Unprocessable Entity";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
        }
    }

    QTcpServer m_server;
    QElapsedTimer m_clock;
    Handler m_handler;
    QList<FakeRequest> m_requests;
    QList<Answer> m_answers;
    int m_connections = 0;
};

// Sessions for the fake to list: `count` sessions of one user, newest first (as GET /sessions
// orders them), each a complete Session object of the spec.
inline QList<QJsonObject> fakeSessions(int count, const QString &userId,
                                       const QString &idPrefix = QStringLiteral("sess_"))
{
    QList<QJsonObject> sessions;
    sessions.reserve(count);
    const qint64 newest = 1'760'000'000'000;
    for (int i = 0; i < count; ++i) {
        const qint64 created = newest - qint64(i) * 60'000;
        QJsonObject activity{
            {QStringLiteral("object"), QStringLiteral("session_activity")},
            {QStringLiteral("id"), QStringLiteral("sess_activity_%1").arg(i)},
            {QStringLiteral("device_type"), QStringLiteral("Macintosh")},
            {QStringLiteral("is_mobile"), false},
            {QStringLiteral("browser_name"), QStringLiteral("Firefox")},
            {QStringLiteral("browser_version"), QStringLiteral("128.0")},
            {QStringLiteral("ip_address"), QStringLiteral("192.0.2.%1").arg(i % 250)},
            {QStringLiteral("city"), QStringLiteral("Lisbon")},
            {QStringLiteral("country"), QStringLiteral("PT")}};
        sessions.append(QJsonObject{
            {QStringLiteral("object"), QStringLiteral("session")},
            {QStringLiteral("id"),
             QStringLiteral("%1%2").arg(idPrefix).arg(i, 5, 10, QLatin1Char('0'))},
            {QStringLiteral("user_id"), userId},
            {QStringLiteral("client_id"), QStringLiteral("client_%1").arg(i % 7)},
            {QStringLiteral("actor"), QJsonValue::Null},
            {QStringLiteral("status"), i % 3 ? QStringLiteral("ended") : QStringLiteral("active")},
            {QStringLiteral("last_active_organization_id"), QJsonValue::Null},
            {QStringLiteral("last_active_at"), created + 1000},
            {QStringLiteral("latest_activity"), activity},
            {QStringLiteral("expire_at"), created + 7 * 86'400'000LL},
            {QStringLiteral("abandon_at"), created + 30 * 86'400'000LL},
            {QStringLiteral("updated_at"), created + 1000},
            {QStringLiteral("created_at"), created},
            {QStringLiteral("tasks"), QJsonValue::Null}});
    }
    return sessions;
}

// GET /v1/sessions?paginated=true&limit=&offset= over `sessions`, as Clerk answers it.
inline FakeResponse fakeSessionPage(const QList<QJsonObject> &sessions, const FakeRequest &request)
{
    const qsizetype offset = std::clamp<qsizetype>(
        request.queryValue(QStringLiteral("offset")).toInt(), 0, sessions.size());
    const int limit = request.query.hasQueryItem(QStringLiteral("limit"))
        ? request.queryValue(QStringLiteral("limit")).toInt()
        : 10;
    QJsonArray data;
    for (qsizetype i = offset; i < std::min<qsizetype>(sessions.size(), offset + limit); ++i)
        data.append(sessions[i]);
    return FakeResponse::json(QJsonDocument(QJsonObject{
        {QStringLiteral("data"), data}, {QStringLiteral("total_count"), qint64(sessions.size())}}));
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkclient.h"
#include "fakeclerkserver.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <memory>
#include <optional>

using Status = ClerkResult::Status;

namespace {

const QString TestKey = QStringLiteral("sk_test_fakekey0123456789abcdef");

QJsonObject sessionJson(const QString &id)
{
    QJsonObject session = fakeSessions(1, QStringLiteral("user_1")).first();
    session.insert(QStringLiteral("id"), id);
    return session;
}

// The answer to one call, waited for in the test (production code never waits).
struct Outcome
{
    std::optional<ClerkResult> result;
    int calls = 0;
};

} // namespace

class TestClerkClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void getSessionSendsKeyAndUserAgent();
    void endpointsAndMethods();
    void listUsersQuery();
    void listUsersTooManyIds();
    void noKeyIsNotSent();
    void failureMessages_data();
    void failureMessages();
    void networkFailure();
    void timeout();
    void notJson_data();
    void notJson();
    void redirectNotFollowed();
    void getRetriesServerErrors();
    void getGivesUpAfterBoundedRetries();
    void postNotRetriedOnServerError();
    void postNotRetriedWhenConnectionDrops();
    void postClosedBeforeAnswer();
    void postRetriedWhenRefused();
    void rateLimitStormRiddenOut();
    void rateLimitGivesUp();
    void retryAfterTooLong();
    void parseRetryAfter();
    void backoffGrows();
    void clientLimiterKeepsBudget();
    void cancelSkipsCallback();
    void contextDestroyedAbandonsRequest();
    void destroyClientWithRequestsInFlight();
    void destroyManagerWithRequestsInFlight();
    void callbackMayDestroyClient();

private:
    ClerkConfig config() const;
    std::unique_ptr<ClerkClient> makeClient(const ClerkConfig &config);
    ClerkResult wait(Outcome &outcome, int timeoutMs = 10000);
    ClerkClient::Callback into(Outcome &outcome)
    {
        return [&outcome](const ClerkResult &result) {
            outcome.result = result;
            ++outcome.calls;
        };
    }

    std::unique_ptr<FakeClerkServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_manager;
};

void TestClerkClient::init()
{
    m_server = std::make_unique<FakeClerkServer>();
    QVERIFY(m_server->listen());
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
}

void TestClerkClient::cleanup()
{
    m_manager.reset();
    m_server.reset();
}

ClerkConfig TestClerkClient::config() const
{
    ClerkConfig config;
    config.setSecretKey(TestKey);
    config.setApiUrl(m_server->url());
    ClerkConfig::RetryPolicy retry;
    retry.baseDelayMs = 20;
    retry.maxDelayMs = 80;
    retry.maxRetries = 3;
    config.setRetryPolicy(retry);
    return config;
}

std::unique_ptr<ClerkClient> TestClerkClient::makeClient(const ClerkConfig &config)
{
    return std::make_unique<ClerkClient>(m_manager.get(), config);
}

ClerkResult TestClerkClient::wait(Outcome &outcome, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!outcome.result && timer.elapsed() < timeoutMs)
        QTest::qWait(5);
    if (!outcome.result)
        return ClerkResult::failure(Status::Cancelled, QStringLiteral("(the test timed out)"));
    return *outcome.result;
}

void TestClerkClient::getSessionSendsKeyAndUserAgent()
{
    m_server->setHandler([](const FakeRequest &request) {
        return FakeResponse::json(QJsonDocument(sessionJson(request.path.section(u'/', 3, 3))));
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->getSession(QStringLiteral("sess_abc"), this, into(outcome));
    QVERIFY(!outcome.result); // never before the call returns
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::Ok);
    QCOMPARE(result.httpStatus, 200);
    QCOMPARE(result.message(), QString());
    QCOMPARE(result.attempts, 1);
    QCOMPARE(result.operation, QStringLiteral("GET /v1/sessions/sess_abc"));
    QCOMPARE(result.json().object().value(QStringLiteral("id")).toString(),
             QStringLiteral("sess_abc"));
    QCOMPARE(outcome.calls, 1);

    QCOMPARE(m_server->requests().size(), 1);
    const FakeRequest &request = m_server->requests().first();
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.path, QStringLiteral("/v1/sessions/sess_abc"));
    QCOMPARE(request.headers.value("authorization"), "Bearer " + TestKey.toLatin1());
    QCOMPARE(request.headers.value("user-agent"), QByteArray("SessionDesk/" SESSIONDESK_VERSION));
    QCOMPARE(request.headers.value("accept"), QByteArray("application/json"));
    QCOMPARE(client->pendingCount(), 0);
}

void TestClerkClient::endpointsAndMethods()
{
    m_server->setHandler([](const FakeRequest &request) {
        if (request.path == QLatin1StringView("/v1/users"))
            return FakeResponse::json(QJsonDocument(QJsonArray{}));
        return FakeResponse::json(
            QJsonDocument(QJsonObject{{QStringLiteral("id"), QStringLiteral("x")}}));
    });
    auto client = makeClient(config());
    Outcome a, b, c, d, e;
    client->revokeSession(QStringLiteral("sess_1"), this, into(a));
    client->getUser(QStringLiteral("user_1"), this, into(b));
    client->getClient(QStringLiteral("client_1"), this, into(c));
    client->listUsers({}, this, into(d));
    // An id is one path segment, whatever it holds.
    client->getUser(QStringLiteral("../sessions/x?y"), this, into(e));
    for (Outcome *outcome : {&a, &b, &c, &d, &e})
        QCOMPARE(wait(*outcome).status, Status::Ok);
    QStringList seen;
    for (const FakeRequest &request : m_server->requests())
        seen.append(QString::fromLatin1(request.method) + u' ' + request.path);
    seen.sort();
    QCOMPARE(
        seen,
        (QStringList{QStringLiteral("GET /v1/clients/client_1"), QStringLiteral("GET /v1/users"),
                     QStringLiteral("GET /v1/users/../sessions/x?y"),
                     QStringLiteral("GET /v1/users/user_1"),
                     QStringLiteral("POST /v1/sessions/sess_1/revoke")}));
    for (const FakeRequest &request : m_server->requests()) {
        if (request.method == "POST")
            QCOMPARE(request.body, QByteArray());
    }
}

void TestClerkClient::listUsersQuery()
{
    m_server->setHandler([](const FakeRequest &) {
        return FakeResponse::json(QJsonDocument(
            QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("user_1")}}}));
    });
    auto client = makeClient(config());
    ClerkClient::UserQuery query;
    query.emailAddresses = {QStringLiteral("ann+test@example.com"),
                            QStringLiteral("bo@example.com")};
    query.userIds = {QStringLiteral("user_1"), QStringLiteral("user_2")};
    query.query = QStringLiteral("Ann & Bo");
    query.limit = 20;
    query.offset = 40;
    Outcome outcome;
    client->listUsers(query, this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::Ok);
    QCOMPARE(result.json().array().size(), 1);
    const FakeRequest &request = m_server->requests().first();
    QCOMPARE(request.path, QStringLiteral("/v1/users"));
    // '+' must arrive as %2B, or the server reads a space.
    QVERIFY2(request.rawQuery.contains("email_address=ann%2Btest%40example.com") ||
                 request.rawQuery.contains("email_address=ann%2Btest@example.com"),
             request.rawQuery.constData());
    QCOMPARE(request.query.allQueryItemValues(QStringLiteral("email_address"), QUrl::FullyDecoded),
             query.emailAddresses);
    QCOMPARE(request.query.allQueryItemValues(QStringLiteral("user_id"), QUrl::FullyDecoded),
             query.userIds);
    QCOMPARE(request.queryValue(QStringLiteral("query")), QStringLiteral("Ann & Bo"));
    QCOMPARE(request.queryValue(QStringLiteral("limit")), QStringLiteral("20"));
    QCOMPARE(request.queryValue(QStringLiteral("offset")), QStringLiteral("40"));
}

void TestClerkClient::listUsersTooManyIds()
{
    auto client = makeClient(config());
    ClerkClient::UserQuery query;
    for (int i = 0; i < 101; ++i)
        query.userIds.append(QStringLiteral("user_%1").arg(i));
    Outcome outcome;
    client->listUsers(query, this, into(outcome));
    QVERIFY(!outcome.result);
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::InvalidRequest);
    QCOMPARE(result.message(),
             QStringLiteral("the request was not sent: at most 100 user ids can "
                            "be looked up in one request, not 101"));
    query.userIds.removeLast();
    QCOMPARE(ClerkClient::userQueryError(query), QString());
    QCOMPARE(m_server->requests().size(), 0);
}

void TestClerkClient::noKeyIsNotSent()
{
    ClerkConfig noKey = config();
    noKey.setSecretKey({});
    auto client = makeClient(noKey);
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    QVERIFY(!outcome.result);
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::InvalidRequest);
    QCOMPARE(result.message(),
             QStringLiteral("the request was not sent: no secret key is set "
                            "(CLERK_SECRET_KEY, or Connect)"));
    Outcome empty;
    makeClient(config())->getSession(QString(), this, into(empty));
    QTest::qWait(50);
    QVERIFY(!empty.result); // that client is gone: no callback
    auto keyed = makeClient(config());
    keyed->getSession(QStringLiteral(" "), this, into(empty));
    QCOMPARE(wait(empty).message(),
             QStringLiteral("the request was not sent: no session id was given"));
    QCOMPARE(m_server->requests().size(), 0);
}

void TestClerkClient::failureMessages_data()
{
    QTest::addColumn<int>("http");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("clerkMessage");
    QTest::addColumn<QString>("clerkLong");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");

    QTest::newRow("401") << 401 << QStringLiteral("authentication_invalid")
                         << QStringLiteral("Invalid authentication")
                         << QStringLiteral("Unable to authenticate the request, you need to "
                                           "supply an active API key")
                         << int(Status::Unauthorized)
                         << QStringLiteral("the secret key was rejected: Unable to authenticate "
                                           "the request, you need to supply an active API key");
    QTest::newRow("403") << 403 << QStringLiteral("authorization_invalid")
                         << QStringLiteral("Unauthorized request")
                         << QStringLiteral("You are not authorized to perform this request")
                         << int(Status::Forbidden)
                         << QStringLiteral("the secret key is not allowed to do this: You are not "
                                           "authorized to perform this request");
    QTest::newRow("404") << 404 << QStringLiteral("resource_not_found")
                         << QStringLiteral("not found")
                         << QStringLiteral("No session was found with id sess_gone")
                         << int(Status::NotFound)
                         << QStringLiteral("not found: No session was found with id sess_gone");
    QTest::newRow("422") << 422 << QStringLiteral("form_param_value_invalid")
                         << QStringLiteral("is invalid")
                         << QStringLiteral("limit must be between 1 and 500")
                         << int(Status::Unprocessable)
                         << QStringLiteral("Clerk refused the request: limit must be between 1 "
                                           "and 500");
    QTest::newRow("422 short only") << 422 << QStringLiteral("form_param_missing")
                                    << QStringLiteral("user_id or client_id is required")
                                    << QString() << int(Status::Unprocessable)
                                    << QStringLiteral("Clerk refused the request: user_id or "
                                                      "client_id is required");
    QTest::newRow("400") << 400 << QStringLiteral("session_not_active")
                         << QStringLiteral("session is not active")
                         << QStringLiteral("Session sess_1 is ended and cannot be revoked")
                         << int(Status::Unprocessable)
                         << QStringLiteral("Clerk refused the request: Session sess_1 is ended "
                                           "and cannot be revoked");
}

void TestClerkClient::failureMessages()
{
    QFETCH(int, http);
    QFETCH(QString, code);
    QFETCH(QString, clerkMessage);
    QFETCH(QString, clerkLong);
    QFETCH(int, status);
    QFETCH(QString, message);
    m_server->setHandler([&](const FakeRequest &) {
        return FakeResponse::clerkError(http, code, clerkMessage, clerkLong,
                                        QStringLiteral("trace_abc123"));
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->getSession(QStringLiteral("sess_gone"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(int(result.status), status);
    QCOMPARE(result.httpStatus, http);
    QCOMPARE(result.message(), message);
    QCOMPARE(result.traceId, QStringLiteral("trace_abc123"));
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().code, code);
    QCOMPARE(result.errors.first().message, clerkMessage);
    QCOMPARE(result.attempts, 1); // 4xx is never retried
    QCOMPARE(m_server->requests().size(), 1);
}

void TestClerkClient::networkFailure()
{
    // A port where nothing listens.
    const ClerkConfig closed = config();
    m_server->close();
    auto client = makeClient(closed);
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::NetworkError);
    QCOMPARE(result.httpStatus, 0);
    QCOMPARE(result.message(),
             QStringLiteral("Clerk could not be reached: Connection refused (127.0.0.1)"));
    QCOMPARE(result.attempts, 4); // the first, and maxRetries = 3
}

void TestClerkClient::timeout()
{
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response;
        response.action = FakeResponse::Action::Hang;
        return response;
    });
    ClerkConfig patient = config();
    patient.setTimeoutMs(300);
    auto client = makeClient(patient);
    QElapsedTimer timer;
    timer.start();
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::Timeout);
    QCOMPARE(result.message(),
             QStringLiteral("Clerk did not answer in time: no answer within 300 ms"));
    QVERIFY(timer.elapsed() >= 290);
    QCOMPARE(result.attempts, 1); // a timeout is reported, not retried
    QCOMPARE(m_server->requests().size(), 1);
}

void TestClerkClient::notJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QString>("message");
    QTest::newRow("html") << QByteArray("<html><body>Welcome</body></html>")
                          << QByteArray("text/html")
                          << QStringLiteral("Clerk's answer was not the JSON expected: illegal "
                                            "value at byte 1 (Content-Type text/html)");
    QTest::newRow("cut") << QByteArray("{\"id\":\"sess_1\",\"status\":")
                         << QByteArray("application/json")
                         << QStringLiteral("Clerk's answer was not the JSON expected: "
                                           "unterminated object at byte 24 (Content-Type "
                                           "application/json)");
    QTest::newRow("array") << QByteArray("[]") << QByteArray("application/json")
                           << QStringLiteral("Clerk's answer was not the JSON expected: expected "
                                             "an object, found an array");
    QTest::newRow("empty") << QByteArray() << QByteArray("application/json")
                           << QStringLiteral("Clerk's answer was not the JSON expected: the body "
                                             "is empty");
}

void TestClerkClient::notJson()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QString, message);
    m_server->setHandler([&](const FakeRequest &) {
        FakeResponse response;
        response.body = body;
        response.contentType = contentType;
        return response;
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::BadResponse);
    QCOMPARE(result.httpStatus, 200);
    QCOMPARE(result.message(), message);
    QCOMPARE(result.payload, body);
}

void TestClerkClient::redirectNotFollowed()
{
    m_server->setHandler([](const FakeRequest &request) {
        if (request.path.startsWith(QLatin1StringView("/elsewhere")))
            return FakeResponse::json(QJsonDocument(QJsonObject()));
        FakeResponse response;
        response.status = 302;
        response.headers.emplaceBack("Location", "/elsewhere/sessions/sess_1");
        return response;
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::ServerError);
    QCOMPARE(result.message(),
             QStringLiteral("Clerk answered with an error (HTTP 302): an "
                            "unexpected redirect to /elsewhere/sessions/sess_1"));
    QCOMPARE(m_server->requests().size(), 1); // the key did not follow the redirect
}

void TestClerkClient::getRetriesServerErrors()
{
    m_server->setHandler([](const FakeRequest &request) {
        switch (request.index) {
        case 0:
            return FakeResponse::clerkError(500, QStringLiteral("internal_clerk_error"),
                                            QStringLiteral("Oops"), QStringLiteral("Oops"));
        case 1: {
            FakeResponse gateway;
            gateway.status = 502;
            gateway.contentType = "text/html";
            gateway.body = "<html>Bad gateway</html>";
            return gateway;
        }
        case 2: {
            // Cut off mid-body. (A connection closed before any answer is re-sent by Qt's
            // HTTP/1 channel itself, unseen by the client.)
            FakeResponse dropped =
                FakeResponse::json(QJsonDocument(sessionJson(QStringLiteral("sess_1"))));
            dropped.action = FakeResponse::Action::Truncate;
            return dropped;
        }
        default:
            return FakeResponse::json(QJsonDocument(sessionJson(QStringLiteral("sess_1"))));
        }
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::Ok);
    QCOMPARE(result.attempts, 4);
    QCOMPARE(m_server->requests().size(), 4);
    // Backoff: each retry waited at least half of base·2^(n-1) (20, 40, 80 ms → ≥ 10, 20, 40).
    const QList<FakeRequest> &requests = m_server->requests();
    const QList<FakeClerkServer::Answer> &answers = m_server->answers();
    QVERIFY(requests[1].receivedAtMs - answers[0].sentAtMs >= 10);
    QVERIFY(requests[2].receivedAtMs - answers[1].sentAtMs >= 20);
    QVERIFY(requests[3].receivedAtMs - answers[2].sentAtMs >= 40);
}

void TestClerkClient::getGivesUpAfterBoundedRetries()
{
    m_server->setHandler([](const FakeRequest &) {
        return FakeResponse::clerkError(
            503, QStringLiteral("service_unavailable"), QStringLiteral("Service unavailable"),
            QStringLiteral("The service is temporarily unavailable"), QStringLiteral("trace_503"));
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->getUser(QStringLiteral("user_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::ServerError);
    QCOMPARE(result.message(),
             QStringLiteral("Clerk answered with an error (HTTP 503): The "
                            "service is temporarily unavailable"));
    QCOMPARE(result.traceId, QStringLiteral("trace_503"));
    QCOMPARE(result.attempts, 4);
    QCOMPARE(m_server->requests().size(), 4);
}

void TestClerkClient::postNotRetriedOnServerError()
{
    m_server->setHandler([](const FakeRequest &) {
        return FakeResponse::clerkError(500, QStringLiteral("internal_clerk_error"),
                                        QStringLiteral("Oops"), QStringLiteral("Something broke"));
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->revokeSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::ServerError);
    QCOMPARE(result.attempts, 1);
    QTest::qWait(200);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestClerkClient::postNotRetriedWhenConnectionDrops()
{
    // The server may have revoked the session before the connection broke: the client reports
    // the failure and does not send the POST again.
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response =
            FakeResponse::json(QJsonDocument(sessionJson(QStringLiteral("sess_1"))));
        response.action = FakeResponse::Action::Truncate;
        return response;
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->revokeSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::NetworkError);
    QCOMPARE(result.attempts, 1);
    QTest::qWait(200);
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(client->requestsSent(), 1);
}

// A connection closed before any byte of an answer: Qt 6.4's HTTP/1 channel re-sends the request
// on its own, a POST too (newer Qt re-sends only idempotent methods). ClerkClient does not add
// a retry of its own, and says what happened; whoever revokes must check the session's state
// after such a failure rather than assume either outcome.
void TestClerkClient::postClosedBeforeAnswer()
{
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response;
        response.action = FakeResponse::Action::Close;
        return response;
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->revokeSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::NetworkError);
    QCOMPARE(result.attempts, 1);
    QCOMPARE(client->requestsSent(), 1);
    QTest::qWait(200);
    QVERIFY(m_server->requests().size() >= 1); // 2 with Qt 6.4
}

void TestClerkClient::postRetriedWhenRefused()
{
    // Nothing listens at first: the request never reached a server, so it may go again.
    ClerkConfig slow = config(); // before close(): the URL names the port
    ClerkConfig::RetryPolicy retry = slow.retryPolicy();
    retry.baseDelayMs = 300;
    retry.maxDelayMs = 300;
    slow.setRetryPolicy(retry);
    const quint16 port = m_server->port();
    m_server->close();
    m_server->setHandler([](const FakeRequest &) {
        return FakeResponse::json(QJsonDocument(sessionJson(QStringLiteral("sess_1"))));
    });
    auto client = makeClient(slow);
    Outcome outcome;
    client->revokeSession(QStringLiteral("sess_1"), this, into(outcome));
    QTest::qWait(50);
    QVERIFY(m_server->listen(port));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::Ok);
    QCOMPARE(result.attempts, 2);
    QCOMPARE(m_server->requests().size(), 1);
}

// Three 429s with Retry-After: 1 for a burst of requests; all come through, and after each 429
// nothing is sent before its Retry-After has passed.
void TestClerkClient::rateLimitStormRiddenOut()
{
    int refused = 0;
    m_server->setHandler([&](const FakeRequest &request) {
        if (refused < 3) {
            ++refused;
            FakeResponse response = FakeResponse::clerkError(
                429, QStringLiteral("too_many_requests"), QStringLiteral("Too Many Requests"),
                QStringLiteral("Too many requests, please try again later."));
            response.headers.emplaceBack("Retry-After", "1");
            return response;
        }
        return FakeResponse::json(QJsonDocument(sessionJson(request.path.section(u'/', 3, 3))));
    });
    auto client = makeClient(config());
    std::vector<Outcome> outcomes(5);
    for (int i = 0; i < 5; ++i)
        client->getSession(QStringLiteral("sess_%1").arg(i), this, into(outcomes[std::size_t(i)]));
    Outcome revoke;
    client->revokeSession(QStringLiteral("sess_9"), this, into(revoke)); // a POST is retried on 429
    for (Outcome &outcome : outcomes) {
        const ClerkResult result = wait(outcome, 15000);
        QCOMPARE(result.status, Status::Ok);
    }
    QCOMPARE(wait(revoke, 15000).status, Status::Ok);
    QCOMPARE(refused, 3);
    QCOMPARE(m_server->requests().size(), 6 + 3);
    // Retry-After honoured: no request arrived within a second after a 429 was sent (except
    // those already on their way when it was).
    const QList<FakeClerkServer::Answer> &answers = m_server->answers();
    for (const FakeClerkServer::Answer &answer : answers) {
        if (answer.status != 429)
            continue;
        for (const FakeRequest &request : m_server->requests()) {
            if (request.index <= answer.requestIndex)
                continue;
            const qint64 after = request.receivedAtMs - answer.sentAtMs;
            // Requests sent before the 429 arrived can land just after it was sent.
            if (after > 50)
                QVERIFY2(after >= 1000,
                         qPrintable(QStringLiteral("request %1 came %2 ms after the 429")
                                        .arg(request.index)
                                        .arg(after)));
        }
    }
    int retried = 0;
    for (const Outcome &outcome : outcomes)
        retried += outcome.result->attempts - 1;
    retried += revoke.result->attempts - 1;
    QCOMPARE(retried, 3);
}

void TestClerkClient::rateLimitGivesUp()
{
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response = FakeResponse::clerkError(
            429, QStringLiteral("too_many_requests"), QStringLiteral("Too Many Requests"),
            QStringLiteral("Too many requests, please try again later."));
        response.headers.emplaceBack("Retry-After", "0");
        return response;
    });
    ClerkConfig impatient = config();
    ClerkConfig::RetryPolicy retry = impatient.retryPolicy();
    retry.maxRateLimitRetries = 2;
    impatient.setRetryPolicy(retry);
    auto client = makeClient(impatient);
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::RateLimited);
    QCOMPARE(result.attempts, 3);
    QCOMPARE(result.retryAfterMs, 0);
    QCOMPARE(result.message(),
             QStringLiteral("Clerk's rate limit was exceeded: Too many "
                            "requests, please try again later."));
}

void TestClerkClient::retryAfterTooLong()
{
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response;
        response.status = 429;
        response.body = "{\"errors\":[]}";
        response.headers.emplaceBack("Retry-After", "3600");
        return response;
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::RateLimited);
    QCOMPARE(result.attempts, 1);
    QCOMPARE(result.retryAfterMs, 3'600'000);
    QCOMPARE(result.message(),
             QStringLiteral("Clerk's rate limit was exceeded: Clerk asks to "
                            "wait 3600 s before trying again"));
}

void TestClerkClient::parseRetryAfter()
{
    const qint64 now =
        QDateTime(QDate(1994, 11, 6), QTime(8, 49, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    QCOMPARE(ClerkClient::parseRetryAfter("1", now), 1000);
    QCOMPARE(ClerkClient::parseRetryAfter(" 2 ", now), 2000);
    QCOMPARE(ClerkClient::parseRetryAfter("0.25", now), 250);
    QCOMPARE(ClerkClient::parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now), 37'000);
    QCOMPARE(ClerkClient::parseRetryAfter("Sun, 06 Nov 1994 08:48:00 GMT", now), 0);
    QCOMPARE(ClerkClient::parseRetryAfter("", now), -1);
    QCOMPARE(ClerkClient::parseRetryAfter("soon", now), -1);
    QCOMPARE(ClerkClient::parseRetryAfter("-5", now), -1);
}

void TestClerkClient::backoffGrows()
{
    ClerkConfig::RetryPolicy policy;
    policy.baseDelayMs = 100;
    policy.maxDelayMs = 1000;
    for (int i = 0; i < 50; ++i) {
        const int first = ClerkClient::backoffDelayMs(policy, 1);
        QVERIFY(first >= 50 && first <= 100);
        const int third = ClerkClient::backoffDelayMs(policy, 3);
        QVERIFY(third >= 200 && third <= 400);
        const int capped = ClerkClient::backoffDelayMs(policy, 10);
        QVERIFY(capped >= 500 && capped <= 1000);
    }
}

// Through the client, over HTTP: the requests the server sees keep within the budget.
void TestClerkClient::clientLimiterKeepsBudget()
{
    constexpr int Limit = 5;
    constexpr qint64 Window = 300;
    m_server->setHandler([](const FakeRequest &request) {
        return FakeResponse::json(QJsonDocument(sessionJson(request.path.section(u'/', 3, 3))));
    });
    ClerkConfig limited = config();
    limited.setRateLimit(Limit, Window);
    auto client = makeClient(limited);
    std::vector<qint64> sent;
    connect(client.get(), &ClerkClient::requestSent, this,
            [&] { sent.push_back(client->rateLimiter().now()); });
    std::vector<Outcome> outcomes(22);
    for (std::size_t i = 0; i < outcomes.size(); ++i)
        client->getSession(QStringLiteral("sess_%1").arg(i), this, into(outcomes[i]));
    QCOMPARE(int(sent.size()), Limit); // the first window's worth at once
    for (Outcome &outcome : outcomes)
        QCOMPARE(wait(outcome).status, Status::Ok);
    QCOMPARE(int(sent.size()), 22);
    QCOMPARE(client->requestsSent(), 22);
    for (std::size_t i = 0; i + Limit < sent.size(); ++i)
        QVERIFY2(sent[i + Limit] - sent[i] >= Window - 1,
                 qPrintable(QStringLiteral("%1 ms").arg(sent[i + Limit] - sent[i])));
    // And the server saw them arrive in the same rhythm: never Limit + 1 within much less than
    // a window (arrival adds a little jitter).
    const QList<FakeRequest> &requests = m_server->requests();
    for (qsizetype i = 0; i + Limit < requests.size(); ++i)
        QVERIFY(requests[i + Limit].receivedAtMs - requests[i].receivedAtMs >= Window - 30);
}

void TestClerkClient::cancelSkipsCallback()
{
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response = FakeResponse::json(QJsonDocument(QJsonObject()));
        response.delayMs = 150;
        return response;
    });
    auto client = makeClient(config());
    Outcome outcome, other;
    const ClerkClient::RequestId id =
        client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    client->getSession(QStringLiteral("sess_2"), this, into(other));
    QTRY_COMPARE(m_server->requests().size(), 2);
    QVERIFY(client->cancel(id));
    QVERIFY(!client->cancel(id));
    QCOMPARE(wait(other).status, Status::Ok);
    QTest::qWait(100);
    QVERIFY(!outcome.result);
    QCOMPARE(client->pendingCount(), 0);
}

void TestClerkClient::contextDestroyedAbandonsRequest()
{
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response = FakeResponse::json(QJsonDocument(QJsonObject()));
        response.delayMs = 200;
        return response;
    });
    auto client = makeClient(config());
    auto context = std::make_unique<QObject>();
    bool called = false;
    client->getSession(QStringLiteral("sess_1"), context.get(),
                       [&](const ClerkResult &) { called = true; });
    QTRY_COMPARE(m_server->requests().size(), 1);
    QCOMPARE(client->pendingCount(), 1);
    context.reset();
    QCOMPARE(client->pendingCount(), 0);
    QTest::qWait(300);
    QVERIFY(!called);
}

void TestClerkClient::destroyClientWithRequestsInFlight()
{
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response = FakeResponse::json(QJsonDocument(QJsonObject()));
        response.delayMs = 300;
        return response;
    });
    ClerkConfig limited = config();
    limited.setRateLimit(4, 10'000); // some on the wire, some waiting for the limiter
    auto client = makeClient(limited);
    int called = 0;
    for (int i = 0; i < 10; ++i)
        client->getSession(QStringLiteral("sess_%1").arg(i), this,
                           [&](const ClerkResult &) { ++called; });
    client->getUser(QStringLiteral("user_1"), this, [&](const ClerkResult &) { ++called; });
    QTRY_COMPARE(m_server->requests().size(), 4);
    QCOMPARE(client->pendingCount(), 11);
    client.reset();
    QTest::qWait(400);
    QCOMPARE(called, 0);
    // Every reply was aborted and deleted.
    QTRY_COMPARE(m_manager->findChildren<QNetworkReply *>().size(), 0);
    QCOMPARE(m_server->requests().size(), 4);
}

void TestClerkClient::destroyManagerWithRequestsInFlight()
{
    m_server->setHandler([](const FakeRequest &) {
        FakeResponse response = FakeResponse::json(QJsonDocument(QJsonObject()));
        response.delayMs = 300;
        return response;
    });
    auto client = makeClient(config());
    Outcome outcome;
    client->getSession(QStringLiteral("sess_1"), this, into(outcome));
    QTRY_COMPARE(m_server->requests().size(), 1);
    m_manager.reset();
    const ClerkResult result = wait(outcome);
    QCOMPARE(result.status, Status::NetworkError);
    QCOMPARE(result.message(),
             QStringLiteral("Clerk could not be reached: the network manager was closed"));
    // And later calls say so too, without crashing.
    Outcome later;
    client->getSession(QStringLiteral("sess_2"), this, into(later));
    QCOMPARE(wait(later).message(),
             QStringLiteral("Clerk could not be reached: there is no network manager"));
}

void TestClerkClient::callbackMayDestroyClient()
{
    m_server->setHandler([](const FakeRequest &request) {
        FakeResponse response = FakeResponse::json(QJsonDocument(QJsonObject()));
        if (request.path.endsWith(QLatin1StringView("sess_2")))
            response.delayMs = 200;
        return response;
    });
    auto *client = new ClerkClient(m_manager.get(), config());
    bool secondCalled = false;
    bool firstCalled = false;
    client->getSession(QStringLiteral("sess_1"), this, [&](const ClerkResult &) {
        firstCalled = true;
        delete client;
    });
    client->getSession(QStringLiteral("sess_2"), this,
                       [&](const ClerkResult &) { secondCalled = true; });
    QTRY_VERIFY(firstCalled);
    QTest::qWait(100);
    QVERIFY(!secondCalled); // abandoned with the client
}

QTEST_GUILESS_MAIN(TestClerkClient)
#include "tst_clerkclient.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkclient.h"
#include "fakeclerkserver.h"
#include "sessionfetch.h"
#include "sessiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using Status = ClerkResult::Status;

namespace {

const QString BulkUser = QStringLiteral("user_bulk");
const QLocale English(QLocale::English, QLocale::UnitedStates);

QString idOf(const QJsonObject &session)
{
    return session.value(QStringLiteral("id")).toString();
}

int offsetOf(const FakeRequest &request)
{
    return request.queryValue(QStringLiteral("offset")).toInt();
}

} // namespace

class TestSessionFetch : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void allSessionsInApiOrder();
    void clientAndStatusQuery();
    void failureKeepsWholePagesInOrder_data();
    void failureKeepsWholePagesInOrder();
    void resumeFromNextOffset();
    void transientFailuresRiddenOut();
    void cancelMidFetch();
    void refetchAddsNoDuplicates();
    void sessionsShiftWhilePaging();
    void emptyListing();
    void tableClosedMidFetch();
    void fetchDestroyedMidFetch();
    void pagesWithinRateLimitAndConcurrency();
    void progressText();

private:
    ClerkConfig config() const;
    // Serves m_sessions (for BulkUser), with `delay` deciding each page's latency.
    void serveSessions(std::function<int(int offset)> delay = {});
    SessionFetch::Result run(SessionFetch &fetch, int timeoutMs = 15000);
    void verifyRowsAre(const QList<QJsonObject> &sessions, int count);

    std::unique_ptr<FakeClerkServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ClerkClient> m_client;
    std::unique_ptr<SessionTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QList<QJsonObject> m_sessions;
};

void TestSessionFetch::init()
{
    m_server = std::make_unique<FakeClerkServer>();
    QVERIFY(m_server->listen());
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
    m_client = std::make_unique<ClerkClient>(m_manager.get(), config());
    m_model = std::make_unique<SessionTableModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_sessions = fakeSessions(1234, BulkUser);
}

void TestSessionFetch::cleanup()
{
    m_tester.reset();
    m_client.reset();
    m_model.reset();
    m_manager.reset();
    m_server.reset();
}

ClerkConfig TestSessionFetch::config() const
{
    ClerkConfig config;
    config.setSecretKey(QStringLiteral("sk_test_fakekey0123456789abcdef"));
    config.setApiUrl(m_server->url());
    ClerkConfig::RetryPolicy retry;
    retry.baseDelayMs = 20;
    retry.maxDelayMs = 80;
    retry.maxRetries = 2;
    config.setRetryPolicy(retry);
    config.setTimeoutMs(400);
    return config;
}

void TestSessionFetch::serveSessions(std::function<int(int offset)> delay)
{
    m_server->setHandler([this, delay](const FakeRequest &request) {
        if (request.path != QLatin1StringView("/v1/sessions"))
            return FakeResponse::clerkError(404, QStringLiteral("resource_not_found"),
                                            QStringLiteral("not found"), QStringLiteral("no"));
        const bool mine = request.queryValue(QStringLiteral("user_id")) == BulkUser;
        FakeResponse response = fakeSessionPage(mine ? m_sessions : QList<QJsonObject>(), request);
        if (delay)
            response.delayMs = delay(offsetOf(request));
        return response;
    });
}

SessionFetch::Result TestSessionFetch::run(SessionFetch &fetch, int timeoutMs)
{
    QSignalSpy finished(&fetch, &SessionFetch::finished);
    if (!fetch.isRunning())
        fetch.start();
    if (finished.isEmpty() && !finished.wait(timeoutMs))
        return {};
    return finished.first().first().value<SessionFetch::Result>();
}

void TestSessionFetch::verifyRowsAre(const QList<QJsonObject> &sessions, int count)
{
    QCOMPARE(m_model->rowCount(), count);
    for (int row = 0; row < count; ++row) {
        if (m_model->session(row).id != idOf(sessions[row]))
            QFAIL(qPrintable(QStringLiteral("row %1 is %2, not %3")
                                 .arg(row)
                                 .arg(m_model->session(row).id, idOf(sessions[row]))));
    }
}

// 1,234 sessions of one user: complete, no duplicates, in the API's order, although the third
// page arrives before the second.
void TestSessionFetch::allSessionsInApiOrder()
{
    serveSessions([](int offset) { return offset == 500 ? 250 : 0; });
    SessionFetch fetch(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    QSignalSpy progress(&fetch, &SessionFetch::progress);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(fetch.start());
    QVERIFY(!fetch.start());
    QVERIFY(fetch.isRunning());
    const SessionFetch::Result result = run(fetch);

    QCOMPARE(result.outcome.status, Status::Ok);
    QVERIFY(result.complete());
    QCOMPARE(result.message(), QString());
    QCOMPARE(result.totalCount, 1234);
    QCOMPARE(result.sessions, 1234);
    QCOMPARE(result.newRows, 1234);
    QCOMPARE(result.pages, 3);
    QCOMPARE(result.nextOffset, 1234);
    QCOMPARE(result.requests, 3);
    QVERIFY(!fetch.isRunning());

    verifyRowsAre(m_sessions, 1234);
    QSet<QString> ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids.insert(m_model->session(row).id);
    QCOMPARE(ids.size(), 1234);
    QCOMPARE(m_model->session(0).userId, BulkUser);
    QCOMPARE(m_model->session(1233).createdAt,
             m_sessions.last().value(QStringLiteral("created_at")).toInteger());

    // One insert per page, in order; never a reset.
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(inserted[0][1].toInt(), 0);
    QCOMPARE(inserted[0][2].toInt(), 499);
    QCOMPARE(inserted[1][1].toInt(), 500);
    QCOMPARE(inserted[1][2].toInt(), 999);
    QCOMPARE(inserted[2][1].toInt(), 1000);
    QCOMPARE(inserted[2][2].toInt(), 1233);
    QCOMPARE(progress.size(), 3);
    QStringList texts;
    for (const QList<QVariant> &signal : progress)
        texts.append(
            SessionFetch::progressText(signal[0].toInt(), signal[1].toLongLong(), English));
    QCOMPARE(texts,
             (QStringList{QStringLiteral("500 of 1,234"), QStringLiteral("1,000 of 1,234"),
                          QStringLiteral("1,234 of 1,234")}));

    // The requests: the first alone, then the other two at once; the third page was answered
    // before the second and waited for it.
    const QList<FakeRequest> &requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    const FakeRequest &first = requests[0];
    QCOMPARE(first.queryValue(QStringLiteral("user_id")), BulkUser);
    QCOMPARE(first.queryValue(QStringLiteral("paginated")), QStringLiteral("true"));
    QCOMPARE(first.queryValue(QStringLiteral("limit")), QStringLiteral("500"));
    QCOMPARE(offsetOf(first), 0);
    QVERIFY(!first.query.hasQueryItem(QStringLiteral("status")));
    QCOMPARE(QSet<int>({offsetOf(requests[1]), offsetOf(requests[2])}), QSet<int>({500, 1000}));
    const QList<FakeClerkServer::Answer> &answers = m_server->answers();
    QCOMPARE(offsetOf(requests[answers[1].requestIndex]), 1000);
    QCOMPARE(offsetOf(requests[answers[2].requestIndex]), 500);
    QCOMPARE(m_client->pendingCount(), 0);
}

void TestSessionFetch::clientAndStatusQuery()
{
    m_server->setHandler([](const FakeRequest &request) {
        return fakeSessionPage(fakeSessions(3, QStringLiteral("user_x")), request);
    });
    SessionFetch fetch(m_client.get(), m_model.get(),
                       {{}, QStringLiteral("client_3"), QStringLiteral("active")});
    const SessionFetch::Result result = run(fetch);
    QVERIFY(result.complete());
    QCOMPARE(result.sessions, 3);
    QCOMPARE(m_model->rowCount(), 3);
    const FakeRequest &request = m_server->requests().first();
    QCOMPARE(request.queryValue(QStringLiteral("client_id")), QStringLiteral("client_3"));
    QCOMPARE(request.queryValue(QStringLiteral("status")), QStringLiteral("active"));
    QVERIFY(!request.query.hasQueryItem(QStringLiteral("user_id")));

    SessionFetch neither(m_client.get(), m_model.get(), {});
    const SessionFetch::Result refused = run(neither);
    QCOMPARE(refused.outcome.status, Status::InvalidRequest);
    QCOMPARE(refused.message(),
             QStringLiteral("the request was not sent: sessions are listed for "
                            "a user id or a client id; none was given"));
    QCOMPARE(m_server->requests().size(), 1);
}

// A failure on the second page: the first page stays, whole; the third, which arrived earlier
// and waited in the buffer, is dropped; the result says how far it came.
void TestSessionFetch::failureKeepsWholePagesInOrder_data()
{
    QTest::addColumn<int>("failure");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("401") << 401 << int(Status::Unauthorized)
                         << QStringLiteral("the secret key was rejected: The provided secret key "
                                           "is invalid");
    QTest::newRow("403") << 403 << int(Status::Forbidden)
                         << QStringLiteral("the secret key is not allowed to do this: The provided "
                                           "secret key is invalid");
    QTest::newRow("422") << 422 << int(Status::Unprocessable)
                         << QStringLiteral("Clerk refused the request: The provided secret key is "
                                           "invalid");
    QTest::newRow("not json") << 1 << int(Status::BadResponse)
                              << QStringLiteral("Clerk's answer was not the JSON expected: the "
                                                "page at offset 500, line 1, column 9: expected a "
                                                "value, found '<'");
    QTest::newRow("bad record")
        << 2 << int(Status::BadResponse)
        << QStringLiteral("Clerk's answer was not the JSON expected: the page at offset 500: 1 of "
                          "its sessions could not be read; the first, record 3: user_id: missing "
                          "required field");
    QTest::newRow("no total") << 3 << int(Status::BadResponse)
                              << QStringLiteral("Clerk's answer was not the JSON expected: the "
                                                "page at offset 500: expected an object "
                                                "{\"data\":[…],\"total_count\":N}, found no "
                                                "total_count");
    QTest::newRow("bare array") << 4 << int(Status::BadResponse)
                                << QStringLiteral("Clerk's answer was not the JSON expected: the "
                                                  "page at offset 500: expected an object "
                                                  "{\"data\":[…],\"total_count\":N}, found an "
                                                  "array");
    QTest::newRow("timeout") << 5 << int(Status::Timeout)
                             << QStringLiteral("Clerk did not answer in time: no answer within "
                                               "400 ms");
    QTest::newRow("network") << 6 << int(Status::NetworkError)
                             << QStringLiteral("Clerk could not be reached: Connection closed "
                                               "(127.0.0.1)");
}

void TestSessionFetch::failureKeepsWholePagesInOrder()
{
    QFETCH(int, failure);
    QFETCH(int, status);
    QFETCH(QString, message);
    m_server->setHandler([&](const FakeRequest &request) {
        const int offset = offsetOf(request);
        FakeResponse page = fakeSessionPage(m_sessions, request);
        if (offset != 500)
            return page;
        FakeResponse response;
        switch (failure) {
        case 1:
            response.body = "{\"data\":<html>";
            break;
        case 2: {
            QJsonArray data;
            for (int i = 500; i < 1000; ++i) {
                QJsonObject session = m_sessions[i];
                if (i == 503)
                    session.remove(QStringLiteral("user_id"));
                data.append(session);
            }
            response = FakeResponse::json(QJsonDocument(QJsonObject{
                {QStringLiteral("data"), data}, {QStringLiteral("total_count"), 1234}}));
            break;
        }
        case 3:
            response = FakeResponse::json(
                QJsonDocument(QJsonObject{{QStringLiteral("data"), QJsonArray{m_sessions[500]}}}));
            break;
        case 4:
            response = FakeResponse::json(QJsonDocument(QJsonArray{m_sessions[500]}));
            break;
        case 5:
            response.action = FakeResponse::Action::Hang;
            break;
        case 6:
            response = page;
            response.action = FakeResponse::Action::Truncate;
            break;
        default:
            response = FakeResponse::clerkError(
                failure, QStringLiteral("some_code"), QStringLiteral("Invalid"),
                QStringLiteral("The provided secret key is invalid"),
                QStringLiteral("trace_page2"));
            break;
        }
        response.delayMs = 150; // after the third page has arrived
        return response;
    });
    SessionFetch fetch(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const SessionFetch::Result result = run(fetch);
    QCOMPARE(int(result.outcome.status), status);
    QCOMPARE(result.outcome.message(), message);
    QCOMPARE(result.message(English),
             QStringLiteral("500 of 1,234 sessions loaded, then: ") + message);
    if (failure >= 400)
        QCOMPARE(result.outcome.traceId, QStringLiteral("trace_page2"));
    QVERIFY(!result.complete());
    QCOMPARE(result.sessions, 500);
    QCOMPARE(result.pages, 1);
    QCOMPARE(result.nextOffset, 500);
    QCOMPARE(result.totalCount, 1234);
    verifyRowsAre(m_sessions, 500);
    QCOMPARE(inserted.size(), 1);
    // The third page had come before the failure, and was not applied.
    bool thirdAnswered = false;
    for (const FakeClerkServer::Answer &answer : m_server->answers())
        thirdAnswered |= offsetOf(m_server->requests()[answer.requestIndex]) == 1000;
    QVERIFY(thirdAnswered);
    QTest::qWait(50);
    QCOMPARE(m_model->rowCount(), 500);
    QCOMPARE(m_client->pendingCount(), 0);
}

void TestSessionFetch::resumeFromNextOffset()
{
    bool broken = true;
    m_server->setHandler([&](const FakeRequest &request) {
        if (broken && offsetOf(request) == 500)
            return FakeResponse::clerkError(401, QStringLiteral("authentication_invalid"),
                                            QStringLiteral("Invalid"), QStringLiteral("Invalid"));
        return fakeSessionPage(m_sessions, request);
    });
    SessionFetch first(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    const SessionFetch::Result failed = run(first);
    QCOMPARE(failed.outcome.status, Status::Unauthorized);
    QCOMPARE(failed.nextOffset, 500);

    broken = false;
    SessionFetch::Options options;
    options.startOffset = failed.nextOffset;
    SessionFetch retry(m_client.get(), m_model.get(), {BulkUser, {}, {}}, options);
    const SessionFetch::Result result = run(retry);
    QVERIFY(result.complete());
    QCOMPARE(result.sessions, 734);
    QCOMPARE(result.newRows, 734);
    QCOMPARE(result.nextOffset, 1234);
    verifyRowsAre(m_sessions, 1234);
}

// 5xx and a 429 storm on the pages: retried inside the client, invisible in the result.
void TestSessionFetch::transientFailuresRiddenOut()
{
    QHash<int, int> seen;
    m_server->setHandler([&](const FakeRequest &request) {
        const int offset = offsetOf(request);
        const int attempt = seen[offset]++;
        if (offset == 500 && attempt == 0)
            return FakeResponse::clerkError(503, QStringLiteral("unavailable"),
                                            QStringLiteral("unavailable"), QStringLiteral("x"));
        if (offset == 1000 && attempt < 2) {
            FakeResponse response = FakeResponse::clerkError(
                429, QStringLiteral("too_many_requests"), QStringLiteral("Too Many Requests"),
                QStringLiteral("Too many requests, please try again later."));
            response.headers.emplaceBack("Retry-After", "1");
            return response;
        }
        return fakeSessionPage(m_sessions, request);
    });
    SessionFetch fetch(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    const SessionFetch::Result result = run(fetch, 20000);
    QVERIFY2(result.complete(), qPrintable(result.message()));
    QCOMPARE(result.requests, 6);
    QCOMPARE(m_server->requests().size(), 6);
    verifyRowsAre(m_sessions, 1234);
    QVERIFY(result.elapsedMs >= 2000); // two Retry-After: 1 in a row
}

void TestSessionFetch::cancelMidFetch()
{
    serveSessions([](int offset) { return offset == 0 ? 0 : 300; });
    SessionFetch fetch(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    QSignalSpy finished(&fetch, &SessionFetch::finished);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    connect(&fetch, &SessionFetch::progress, &fetch, [&](int received) {
        if (received == 500)
            QTimer::singleShot(50, &fetch, [&] { fetch.cancel(); });
    });
    fetch.start();
    QTRY_COMPARE(finished.size(), 1);
    const auto result = finished.first().first().value<SessionFetch::Result>();
    QVERIFY(result.cancelled());
    QCOMPARE(result.message(English),
             QStringLiteral("500 of 1,234 sessions loaded, then: cancelled"));
    QCOMPARE(result.sessions, 500);
    QCOMPARE(result.nextOffset, 500);
    QVERIFY(!fetch.isRunning());
    QCOMPARE(m_client->pendingCount(), 0);
    fetch.cancel(); // nothing more
    QTest::qWait(500); // the answers that were on their way
    QCOMPARE(finished.size(), 1);
    QCOMPARE(inserted.size(), 1);
    verifyRowsAre(m_sessions, 500);
}

void TestSessionFetch::refetchAddsNoDuplicates()
{
    serveSessions();
    SessionFetch first(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    QVERIFY(run(first).complete());
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    SessionFetch again(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    const SessionFetch::Result result = run(again);
    QVERIFY(result.complete());
    QCOMPARE(result.sessions, 1234);
    QCOMPARE(result.newRows, 0);
    QCOMPARE(inserted.size(), 0);
    verifyRowsAre(m_sessions, 1234);
}

// A session created while paging pushes the listing down a place: the session on the border of
// the first two pages comes twice, and is one row.
void TestSessionFetch::sessionsShiftWhilePaging()
{
    const QList<QJsonObject> original = m_sessions;
    m_server->setHandler([&](const FakeRequest &request) {
        FakeResponse page = fakeSessionPage(m_sessions, request);
        if (offsetOf(request) == 0 && m_sessions.size() == 1234)
            m_sessions.prepend(fakeSessions(1, BulkUser, QStringLiteral("sess_new_")).first());
        return page;
    });
    SessionFetch fetch(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    const SessionFetch::Result result = run(fetch);
    QVERIFY(result.complete());
    QCOMPARE(result.totalCount, 1235);
    QCOMPARE(result.sessions, 1235);
    QCOMPARE(result.newRows, 1234);
    verifyRowsAre(original, 1234);
}

void TestSessionFetch::emptyListing()
{
    serveSessions();
    SessionFetch fetch(m_client.get(), m_model.get(), {QStringLiteral("user_nobody"), {}, {}});
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const SessionFetch::Result result = run(fetch);
    QVERIFY(result.complete());
    QCOMPARE(result.totalCount, 0);
    QCOMPARE(result.sessions, 0);
    QCOMPARE(result.pages, 1);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestSessionFetch::tableClosedMidFetch()
{
    serveSessions([](int offset) { return offset == 0 ? 0 : 200; });
    SessionFetch fetch(m_client.get(), m_model.get(), {BulkUser, {}, {}});
    QSignalSpy finished(&fetch, &SessionFetch::finished);
    fetch.start();
    QTRY_COMPARE(m_model->rowCount(), 500);
    m_tester.reset();
    m_model.reset();
    QCOMPARE(finished.size(), 1);
    const auto result = finished.first().first().value<SessionFetch::Result>();
    QCOMPARE(result.outcome.status, Status::Cancelled);
    QCOMPARE(result.message(English),
             QStringLiteral("500 of 1,234 sessions loaded, then: cancelled: the table was closed"));
    QCOMPARE(m_client->pendingCount(), 0);
    QTest::qWait(300);
    QCOMPARE(finished.size(), 1);
}

void TestSessionFetch::fetchDestroyedMidFetch()
{
    serveSessions([](int offset) { return offset == 0 ? 0 : 200; });
    auto fetch = std::make_unique<SessionFetch>(m_client.get(), m_model.get(),
                                                ClerkClient::SessionQuery{BulkUser, {}, {}});
    bool finished = false;
    connect(fetch.get(), &SessionFetch::finished, this, [&] { finished = true; });
    fetch->start();
    QTRY_COMPARE(m_model->rowCount(), 500);
    QTRY_VERIFY(m_client->pendingCount() == 2);
    fetch.reset();
    QCOMPARE(m_client->pendingCount(), 0);
    QTest::qWait(300);
    QVERIFY(!finished);
    QCOMPARE(m_model->rowCount(), 500);
}

// Small pages under a tight budget: the pages go as fast as the limiter allows, at most
// maxConcurrent at a time, and still land in order.
void TestSessionFetch::pagesWithinRateLimitAndConcurrency()
{
    constexpr int Limit = 6;
    constexpr qint64 Window = 250;
    serveSessions([](int offset) { return (offset / 50) % 3 == 1 ? 60 : 5; });
    ClerkConfig limited = config();
    limited.setRateLimit(Limit, Window);
    m_client->setConfig(limited);
    SessionFetch::Options options;
    options.pageSize = 50;
    options.maxConcurrent = 3;
    SessionFetch fetch(m_client.get(), m_model.get(), {BulkUser, {}, {}}, options);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const SessionFetch::Result result = run(fetch, 20000);
    QVERIFY2(result.complete(), qPrintable(result.message()));
    QCOMPARE(result.pages, 25);
    QCOMPARE(inserted.size(), 25);
    verifyRowsAre(m_sessions, 1234);

    const QList<FakeRequest> &requests = m_server->requests();
    QCOMPARE(requests.size(), 25);
    for (qsizetype i = 0; i + Limit < requests.size(); ++i)
        QVERIFY2(requests[i + Limit].receivedAtMs - requests[i].receivedAtMs >= Window - 30,
                 qPrintable(
                     QString::number(requests[i + Limit].receivedAtMs - requests[i].receivedAtMs)));
    // At most three pages in flight: walk arrivals and answers in time order.
    QList<std::pair<qint64, int>> events;
    for (const FakeRequest &request : requests)
        events.append({request.receivedAtMs, +1});
    for (const FakeClerkServer::Answer &answer : m_server->answers())
        events.append({answer.sentAtMs, -1});
    std::sort(events.begin(), events.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : a.second < b.second;
    });
    int inFlight = 0;
    int most = 0;
    for (const auto &[at, change] : events) {
        inFlight += change;
        most = std::max(most, inFlight);
    }
    QVERIFY2(most <= 3, qPrintable(QString::number(most)));
    QVERIFY(most >= 2); // they do go concurrently
}

void TestSessionFetch::progressText()
{
    QCOMPARE(SessionFetch::progressText(320, 1234, English), QStringLiteral("320 of 1,234"));
    QCOMPARE(SessionFetch::progressText(0, -1, English), QStringLiteral("0"));
    QCOMPARE(SessionFetch::progressText(1000000, 1000000, English),
             QStringLiteral("1,000,000 of 1,000,000"));
    QCOMPARE(SessionFetch::progressText(320, 1234, QLocale(QLocale::German)),
             QStringLiteral("320 of 1.234"));
}

QTEST_GUILESS_MAIN(TestSessionFetch)
#include "tst_sessionfetch.moc"

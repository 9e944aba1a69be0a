// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// ClerkClient and SessionFetch against ClerkMockServer, the faithful mock of Clerk's Backend API,
// in-process over loopback HTTP. The exact failures are made by tst_clerkclient and
// tst_sessionfetch on a scriptable server; this test shows the client and the mock agree.

#include "clerkclient.h"
#include "sessionfetch.h"
#include "sessiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include "clerkmockserver.h"

#include <QJsonArray>
#include <QJsonObject>

#include <memory>
#include <optional>

using Status = ClerkResult::Status;

class TestClerkClientMock : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void fetchBulkUserInApiOrder();
    void failuresFromTheMock();
    void getAndRevoke();
    void findUsers();
    void rateLimitStormRiddenOut();
    void serverFaultsRiddenOut();

private:
    ClerkConfig config() const;
    ClerkResult call(const std::function<void(ClerkClient::Callback)> &start);
    SessionFetch::Result fetch(const ClerkClient::SessionQuery &query);
    QString bulkUserId() const { return m_mock->instance().userId(m_mock->instance().bulkUser(0)); }

    std::unique_ptr<ClerkMockServer> m_mock;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ClerkClient> m_client;
    std::unique_ptr<SessionTableModel> m_model;
};

void TestClerkClientMock::init()
{
    MockInstance::Options instance;
    instance.seed = 7;
    instance.sessions = 300;
    instance.bulkUsers = {1234};
    m_mock = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(instance),
                                               ClerkMockServer::Options());
    QVERIFY(m_mock->listen() != 0);
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
    m_client = std::make_unique<ClerkClient>(m_manager.get(), config());
    m_model = std::make_unique<SessionTableModel>();
}

void TestClerkClientMock::cleanup()
{
    m_client.reset();
    m_model.reset();
    m_manager.reset();
    m_mock.reset();
}

ClerkConfig TestClerkClientMock::config() const
{
    ClerkConfig config;
    config.setSecretKey(m_mock->secretKey());
    QString error;
    if (!config.setApiUrl(m_mock->url().toString(), &error))
        qWarning() << error;
    ClerkConfig::RetryPolicy retry;
    retry.baseDelayMs = 20;
    retry.maxDelayMs = 100;
    retry.maxRetries = 6;
    config.setRetryPolicy(retry);
    return config;
}

ClerkResult TestClerkClientMock::call(const std::function<void(ClerkClient::Callback)> &start)
{
    std::optional<ClerkResult> result;
    start([&result](const ClerkResult &r) { result = r; });
    QElapsedTimer timer;
    timer.start();
    while (!result && timer.elapsed() < 20000)
        QTest::qWait(5);
    return result ? *result : ClerkResult::failure(Status::Cancelled, QStringLiteral("timed out"));
}

SessionFetch::Result TestClerkClientMock::fetch(const ClerkClient::SessionQuery &query)
{
    SessionFetch fetch(m_client.get(), m_model.get(), query);
    QSignalSpy finished(&fetch, &SessionFetch::finished);
    fetch.start();
    if (!finished.wait(60000))
        return {};
    return finished.first().first().value<SessionFetch::Result>();
}

void TestClerkClientMock::fetchBulkUserInApiOrder()
{
    QAbstractItemModelTester tester(m_model.get(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    const SessionFetch::Result result = fetch({bulkUserId(), {}, {}});
    QVERIFY2(result.complete(), qPrintable(result.message()));
    QCOMPARE(result.totalCount, 1234);
    QCOMPARE(result.sessions, 1234);
    QCOMPARE(result.newRows, 1234);
    QCOMPARE(result.pages, 3);
    QCOMPARE(inserted.size(), 3);

    MockInstance::SessionFilter filter;
    filter.userId = bulkUserId();
    const std::vector<int> expected = m_mock->instance().sessions(filter);
    QCOMPARE(int(expected.size()), 1234);
    QCOMPARE(m_model->rowCount(), 1234);
    QSet<QString> ids;
    for (int row = 0; row < 1234; ++row) {
        const Session session = m_model->session(row);
        // As JSON: the actor's raw text keeps the mock's key order, the object compares by
        // value.
        QCOMPARE(session.toJson(), m_mock->instance().session(expected[std::size_t(row)]).toJson());
        ids.insert(session.id);
    }
    QCOMPARE(ids.size(), 1234);

    // One status only.
    m_model->clear();
    const SessionFetch::Result active = fetch({bulkUserId(), {}, QStringLiteral("active")});
    QVERIFY2(active.complete(), qPrintable(active.message()));
    filter.status = SessionStatus::Active;
    QCOMPARE(m_model->rowCount(), int(m_mock->instance().sessions(filter).size()));
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(m_model->session(row).status, SessionStatus::Active);
}

void TestClerkClientMock::failuresFromTheMock()
{
    ClerkConfig wrongKey = config();
    wrongKey.setSecretKey(QStringLiteral("sk_test_not_the_mock_key_0000000000"));
    ClerkClient rejected(m_manager.get(), wrongKey);
    const ClerkResult unauthorized =
        call([&](auto done) { rejected.getSession(QStringLiteral("sess_x"), this, done); });
    QCOMPARE(unauthorized.status, Status::Unauthorized);
    QVERIFY2(unauthorized.message().startsWith(QStringLiteral("the secret key was rejected: ")),
             qPrintable(unauthorized.message()));
    QVERIFY(!unauthorized.traceId.isEmpty());

    const ClerkResult missing =
        call([&](auto done) { m_client->getSession(QStringLiteral("sess_nope"), this, done); });
    QCOMPARE(missing.status, Status::NotFound);
    QVERIFY2(missing.message().startsWith(QStringLiteral("not found: ")),
             qPrintable(missing.message()));
    QVERIFY(missing.message().contains(QStringLiteral("sess_nope")));

    const SessionFetch::Result invalid = fetch({bulkUserId(), {}, QStringLiteral("sleeping")});
    QCOMPARE(invalid.outcome.status, Status::Unprocessable);
    QVERIFY2(invalid.outcome.message().startsWith(QStringLiteral("Clerk refused the request: ")),
             qPrintable(invalid.outcome.message()));
    QVERIFY(invalid.outcome.message().contains(QStringLiteral("status")));
    QCOMPARE(m_model->rowCount(), 0);
}

void TestClerkClientMock::getAndRevoke()
{
    MockInstance::SessionFilter filter;
    filter.userId = bulkUserId();
    filter.status = SessionStatus::Active;
    const std::vector<int> active = m_mock->instance().sessions(filter);
    QVERIFY(!active.empty());
    const QString id = m_mock->instance().session(active.front()).id;

    const ClerkResult got = call([&](auto done) { m_client->getSession(id, this, done); });
    QCOMPARE(got.status, Status::Ok);
    QCOMPARE(got.json().object().value(QStringLiteral("id")).toString(), id);

    const ClerkResult revoked = call([&](auto done) { m_client->revokeSession(id, this, done); });
    QCOMPARE(revoked.status, Status::Ok);
    QCOMPARE(revoked.json().object().value(QStringLiteral("status")).toString(),
             QStringLiteral("revoked"));
    QCOMPARE(revoked.attempts, 1);

    const ClerkResult again = call([&](auto done) { m_client->revokeSession(id, this, done); });
    QCOMPARE(again.status, Status::Unprocessable);
    QCOMPARE(again.httpStatus, 400);
    QVERIFY(!again.errors.isEmpty());
}

void TestClerkClientMock::findUsers()
{
    const MockInstance &instance = m_mock->instance();
    const int bulk = instance.bulkUser(0);
    ClerkClient::UserQuery byEmail;
    byEmail.emailAddresses = {instance.userEmail(bulk)};
    const ClerkResult found = call([&](auto done) { m_client->listUsers(byEmail, this, done); });
    QCOMPARE(found.status, Status::Ok);
    QCOMPARE(found.json().array().size(), 1);
    QCOMPARE(found.json().array().first().toObject().value(QStringLiteral("id")).toString(),
             bulkUserId());

    const ClerkResult user = call([&](auto done) { m_client->getUser(bulkUserId(), this, done); });
    QCOMPARE(user.status, Status::Ok);

    ClerkClient::UserQuery byIds;
    byIds.userIds = {instance.userId(0), instance.userId(1), instance.userId(2)};
    byIds.limit = 100;
    const ClerkResult three = call([&](auto done) { m_client->listUsers(byIds, this, done); });
    QCOMPARE(three.status, Status::Ok);
    QCOMPARE(three.json().array().size(), 3);
}

// The mock's own rate limit (5 per second) binds, the client's is set out of the way: every
// request still comes through, by waiting for Retry-After.
void TestClerkClientMock::rateLimitStormRiddenOut()
{
    m_mock->setRateLimit(5, 1000);
    ClerkConfig unlimited = config();
    unlimited.setRateLimit(1000, 10'000);
    m_client->setConfig(unlimited);
    const MockInstance &instance = m_mock->instance();
    std::vector<std::optional<ClerkResult>> results(12);
    QSignalSpy answered(m_mock.get(), &ClerkMockServer::answered);
    for (std::size_t i = 0; i < results.size(); ++i) {
        m_client->getSession(instance.session(int(i)).id, this,
                             [&results, i](const ClerkResult &r) { results[i] = r; });
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(results.begin(), results.end(), [](const auto &r) { return r.has_value(); }),
        30000);
    int limited = 0;
    for (const QList<QVariant> &signal : answered)
        limited += signal[0].toInt() == 429;
    QVERIFY(limited > 0);
    for (const auto &result : results)
        QCOMPARE(result->status, Status::Ok);
}

void TestClerkClientMock::serverFaultsRiddenOut()
{
    FaultInjector::Rates rates;
    rates.serverError = 0.3;
    m_mock->setFaultRates(rates);
    SessionFetch::Options options;
    options.pageSize = 100;
    SessionFetch fetch(m_client.get(), m_model.get(), {bulkUserId(), {}, {}}, options);
    QSignalSpy finished(&fetch, &SessionFetch::finished);
    fetch.start();
    QVERIFY(finished.wait(60000));
    const auto result = finished.first().first().value<SessionFetch::Result>();
    QVERIFY2(result.complete(), qPrintable(result.message()));
    QCOMPARE(m_model->rowCount(), 1234);
    QVERIFY(result.requests > 13); // some pages needed more than one try
}

QTEST_GUILESS_MAIN(TestClerkClientMock)
#include "tst_clerkclientmock.moc"

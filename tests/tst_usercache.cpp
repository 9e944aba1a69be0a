// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// UserCache against the in-process ClerkMockServer over loopback HTTP: N users take
// ceil(N/100) requests, known and in-flight ids are never asked for again, ids the API does not
// return are remembered as missing, failures cool down, a new client starts afresh, and users
// from files fill the same cache.

#include "clerkclient.h"
#include "clerkmockserver.h"
#include "usercache.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace {
QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

// Every id usersArrived() named, over all its emissions.
QStringList arrivedIds(const QSignalSpy &spy)
{
    QStringList ids;
    for (const QList<QVariant> &arguments : spy)
        ids += arguments.first().toStringList();
    return ids;
}
} // namespace

class TestUserCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void batching_data();
    void batching();
    void requestsWithinOneTurnShareRequests();
    void knownIdsAreNotAskedAgain();
    void inFlightIdsAreNotAskedAgain();
    void unknownIdsAreRememberedAsMissing();
    void failedLookupCoolsDown();
    void newClientForgetsEverything();
    void deletedClientEndsItsRequests();
    void withoutClientNothingIsAsked();
    void insertedUsersFillTheCache();

private:
    ClerkConfig config(const QString &key) const;
    QStringList userIds(int count) const;
    // Waits until nothing is queued or in flight; false on timeout.
    bool settle(UserCache &cache);

    std::unique_ptr<ClerkMockServer> m_mock;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ClerkClient> m_client;
};

void TestUserCache::initTestCase()
{
    MockInstance::Options instance;
    instance.seed = 23;
    instance.sessions = 6000; // 1–20 sessions a user: some 500 users
    ClerkMockServer::Options options;
    options.rateLimit = 0;
    m_mock = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(instance), options);
    QVERIFY(m_mock->listen() != 0);
    QVERIFY2(m_mock->instance().userCount() >= 250,
             qPrintable(QString::number(m_mock->instance().userCount())));
}

void TestUserCache::init()
{
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
    m_client = std::make_unique<ClerkClient>(m_manager.get(), config(m_mock->secretKey()));
}

void TestUserCache::cleanup()
{
    m_client.reset();
    m_manager.reset();
}

ClerkConfig TestUserCache::config(const QString &key) const
{
    ClerkConfig config;
    config.setSecretKey(key);
    QString error;
    if (!config.setApiUrl(m_mock->url().toString(), &error))
        qWarning() << error;
    ClerkConfig::RetryPolicy retry;
    retry.maxRetries = 0;
    config.setRetryPolicy(retry);
    return config;
}

QStringList TestUserCache::userIds(int count) const
{
    QStringList ids;
    for (int user = 0; user < count; ++user)
        ids.append(m_mock->instance().userId(user));
    return ids;
}

bool TestUserCache::settle(UserCache &cache)
{
    // The queue is sent from the event loop: give it a turn, then wait for the answers.
    QCoreApplication::processEvents();
    return QTest::qWaitFor([&] { return cache.requestsInFlight() == 0; }, 20000);
}

void TestUserCache::batching_data()
{
    QTest::addColumn<int>("users");
    QTest::addColumn<int>("requests");
    QTest::newRow("1") << 1 << 1;
    QTest::newRow("99") << 99 << 1;
    QTest::newRow("100") << 100 << 1;
    QTest::newRow("101") << 101 << 2;
    QTest::newRow("250") << 250 << 3;
}

void TestUserCache::batching()
{
    QFETCH(int, users);
    QFETCH(int, requests);

    UserCache cache;
    cache.setClient(m_client.get());
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    QSignalSpy arrived(&cache, &UserCache::usersArrived);
    QSignalSpy failed(&cache, &UserCache::lookupFailed);
    const qint64 served = m_mock->requestCount();

    const QStringList ids = userIds(users);
    cache.request(ids);
    QCOMPARE(sent.size(), 0); // nothing goes out before the event loop runs
    QVERIFY(cache.isPending(ids.first()));
    QVERIFY(settle(cache));

    QCOMPARE(sent.size(), requests);
    QCOMPARE(m_mock->requestCount() - served, qint64(requests));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(arrived.size(), requests);
    QCOMPARE(sorted(arrivedIds(arrived)), sorted(ids));
    QCOMPARE(cache.size(), users);
    const MockInstance &instance = m_mock->instance();
    for (int user = 0; user < users; ++user) {
        const std::optional<UserSummary> found = cache.user(ids[user]);
        QVERIFY2(found, qPrintable(ids[user]));
        QCOMPARE(found->primaryEmail, instance.userEmail(user));
        QCOMPARE(found->firstName, instance.userFirstName(user));
        QCOMPARE(found->lastName, instance.userLastName(user));
        QCOMPARE(found->createdAt, instance.userCreatedAt(user));
        QVERIFY(!cache.isPending(ids[user]));
        QVERIFY(!cache.isKnownMissing(ids[user]));
    }
}

void TestUserCache::requestsWithinOneTurnShareRequests()
{
    UserCache cache;
    cache.setClient(m_client.get());
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    const QStringList ids = userIds(100);
    // The visible rows, then the selection (already among them), then more rows: one request.
    cache.request(ids.mid(0, 60));
    cache.request(ids.mid(40, 1));
    cache.request(ids.mid(40, 60));
    cache.request(ids.mid(0, 10) + QStringList{QString(), ids.at(5)});
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(cache.size(), 100);
}

void TestUserCache::knownIdsAreNotAskedAgain()
{
    UserCache cache;
    cache.setClient(m_client.get());
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    const QStringList ids = userIds(150);
    cache.request(ids);
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 2);

    const qint64 served = m_mock->requestCount();
    QSignalSpy arrived(&cache, &UserCache::usersArrived);
    for (int round = 0; round < 5; ++round) {
        cache.request(ids);
        cache.request(ids.mid(round * 10, 10));
        QVERIFY(settle(cache));
    }
    QCOMPARE(sent.size(), 2);
    QCOMPARE(m_mock->requestCount(), served);
    QCOMPARE(arrived.size(), 0);

    // Known ids with a few new ones: only the new ones are asked for, in one request.
    cache.request(userIds(160));
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 3);
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(sorted(arrived.first().first().toStringList()), sorted(userIds(160).mid(150)));
}

void TestUserCache::inFlightIdsAreNotAskedAgain()
{
    UserCache cache;
    cache.setClient(m_client.get());
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    m_mock->setLatency(200);
    const QStringList ids = userIds(30);
    cache.request(ids);
    QVERIFY(QTest::qWaitFor([&] { return sent.size() == 1; }, 5000));
    QCOMPARE(cache.requestsInFlight(), 1);
    cache.request(ids);
    cache.request(ids.mid(3, 4));
    QCoreApplication::processEvents();
    QCOMPARE(cache.requestsInFlight(), 1);
    QVERIFY(settle(cache));
    m_mock->setLatency(0);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(cache.size(), 30);
}

void TestUserCache::unknownIdsAreRememberedAsMissing()
{
    UserCache cache;
    cache.setClient(m_client.get());
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    QSignalSpy arrived(&cache, &UserCache::usersArrived);
    const QStringList known = userIds(3);
    const QStringList gone = {QStringLiteral("user_2deletedAAAAAAAAAAAAAAAAAAA"),
                              QStringLiteral("user_2deletedBBBBBBBBBBBBBBBBBBB")};
    cache.request(known + gone);
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(sorted(arrivedIds(arrived)), sorted(known + gone));
    for (const QString &id : gone) {
        QVERIFY(cache.isKnownMissing(id));
        QVERIFY(!cache.user(id));
        QVERIFY(!cache.isPending(id));
    }
    for (const QString &id : known) {
        QVERIFY(!cache.isKnownMissing(id));
        QVERIFY(cache.user(id));
    }
    QCOMPARE(cache.size(), 3);

    cache.request(gone);
    cache.request(gone + known);
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1);
}

void TestUserCache::failedLookupCoolsDown()
{
    ClerkClient wrongKey(m_manager.get(), config(QStringLiteral("sk_test_wrong")));
    UserCache cache;
    cache.setClient(&wrongKey);
    QSignalSpy sent(&wrongKey, &ClerkClient::requestSent);
    QSignalSpy arrived(&cache, &UserCache::usersArrived);
    QSignalSpy failed(&cache, &UserCache::lookupFailed);
    const QStringList ids = userIds(5);
    cache.request(ids);
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().value<ClerkResult>().status, ClerkResult::Status::Unauthorized);
    QCOMPARE(arrived.size(), 0);
    for (const QString &id : ids) {
        QVERIFY(!cache.isKnownMissing(id)); // not found is not the same as not asked
        QVERIFY(cache.hasFailed(id));
        QVERIFY(!cache.isPending(id));
        QVERIFY(!cache.user(id));
    }

    // Within the delay nothing is asked again; after it, the ids go out once more.
    cache.request(ids);
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1);
    cache.setRetryDelay(0);
    QVERIFY(!cache.hasFailed(ids.first()));
    cache.request(ids);
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 2);
    QCOMPARE(failed.size(), 2);
}

void TestUserCache::newClientForgetsEverything()
{
    UserCache cache;
    cache.setClient(m_client.get());
    const QStringList ids = userIds(10);
    const QString gone = QStringLiteral("user_2goneCCCCCCCCCCCCCCCCCCCCCC");
    cache.request(ids + QStringList{gone});
    QVERIFY(settle(cache));
    QCOMPARE(cache.size(), 10);
    QVERIFY(cache.isKnownMissing(gone));

    // Another connection (another instance, perhaps): nothing known any more, asked afresh.
    ClerkClient other(m_manager.get(), config(m_mock->secretKey()));
    cache.setClient(&other);
    QCOMPARE(cache.client(), &other);
    QCOMPARE(cache.size(), 0);
    QVERIFY(!cache.user(ids.first()));
    QVERIFY(!cache.isKnownMissing(gone));
    QSignalSpy sent(&other, &ClerkClient::requestSent);
    cache.request(ids);
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(cache.size(), 10);
    QSignalSpy cleared(&cache, &UserCache::cleared);
    cache.setClient(&other); // the same client again: nothing forgotten
    QCOMPARE(cache.size(), 10);
    QCOMPARE(cleared.size(), 0);

    // A switch with requests in flight abandons them: their answers never land.
    m_mock->setLatency(200);
    QSignalSpy arrived(&cache, &UserCache::usersArrived);
    cache.request(userIds(20).mid(10));
    QVERIFY(QTest::qWaitFor([&] { return cache.requestsInFlight() == 1; }, 5000));
    cache.setClient(m_client.get());
    QCOMPARE(cleared.size(), 1);
    QCOMPARE(cache.requestsInFlight(), 0);
    QVERIFY(!cache.isPending(userIds(20).last()));
    QTest::qWait(400);
    m_mock->setLatency(0);
    QCOMPARE(arrived.size(), 0);
    QCOMPARE(cache.size(), 0);
}

void TestUserCache::deletedClientEndsItsRequests()
{
    auto client = std::make_unique<ClerkClient>(m_manager.get(), config(m_mock->secretKey()));
    UserCache cache;
    cache.setClient(client.get());
    m_mock->setLatency(200);
    const QStringList ids = userIds(4);
    cache.request(ids);
    QVERIFY(QTest::qWaitFor([&] { return cache.requestsInFlight() == 1; }, 5000));
    client.reset();
    m_mock->setLatency(0);
    QCOMPARE(cache.client(), nullptr);
    QCOMPARE(cache.requestsInFlight(), 0);
    QVERIFY(!cache.isPending(ids.first()));

    // Asked again on a new client, the ids go out (they were not left "in flight").
    cache.setClient(m_client.get());
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    cache.request(ids);
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(cache.size(), 4);
}

void TestUserCache::withoutClientNothingIsAsked()
{
    UserCache cache;
    QSignalSpy arrived(&cache, &UserCache::usersArrived);
    const qint64 served = m_mock->requestCount();
    cache.request(userIds(5));
    QVERIFY(!cache.isPending(userIds(5).first()));
    QVERIFY(settle(cache));
    QCOMPARE(m_mock->requestCount(), served);
    QCOMPARE(arrived.size(), 0);
    QVERIFY(!cache.isKnownMissing(userIds(5).first()));
}

void TestUserCache::insertedUsersFillTheCache()
{
    // Users from a file (webhook payloads carry them), before any connection.
    UserCache cache;
    QSignalSpy arrived(&cache, &UserCache::usersArrived);
    const QStringList ids = userIds(3);
    QList<UserSummary> users;
    for (const QString &id : ids) {
        UserSummary user;
        user.id = id;
        user.primaryEmail = id + QStringLiteral("@file.test");
        users.append(user);
    }
    users.append(UserSummary()); // no id: nothing to key it by
    cache.insert(users);
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(arrived.first().first().toStringList(), ids);
    QCOMPARE(cache.size(), 3);
    QCOMPARE(cache.user(ids[1])->primaryEmail, ids[1] + QStringLiteral("@file.test"));

    // They outlive a change of client (user ids are unique across instances) and are not asked
    // for; an id found missing is known once inserted.
    cache.setClient(m_client.get());
    QCOMPARE(cache.size(), 3);
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    const QString gone = QStringLiteral("user_2goneDDDDDDDDDDDDDDDDDDDDDD");
    cache.request(ids + QStringList{gone});
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1); // for `gone` alone
    QVERIFY(cache.isKnownMissing(gone));
    UserSummary found;
    found.id = gone;
    cache.insert({found});
    QVERIFY(!cache.isKnownMissing(gone));
    QVERIFY(cache.user(gone));
    cache.request(ids + QStringList{gone});
    QVERIFY(settle(cache));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(cache.size(), 4);

    // The API's answer is preferred to a file's.
    cache.request({userIds(4).last()});
    QVERIFY(settle(cache));
    UserSummary stale;
    stale.id = userIds(4).last();
    stale.primaryEmail = QStringLiteral("old@file.test");
    cache.insert({stale});
    QCOMPARE(cache.user(stale.id)->primaryEmail, m_mock->instance().userEmail(3));
    QCOMPARE(cache.size(), 5);

    cache.clear();
    QCOMPARE(cache.size(), 0);
    QVERIFY(!cache.user(ids.first()));
}

QTEST_GUILESS_MAIN(TestUserCache)
#include "tst_usercache.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "batchbuilder.h"
#include "sessionstore.h"
#include "stringpool.h"

#include <QTest>

using namespace std::string_literals;

class TstSessionStore : public QObject
{
    Q_OBJECT

private slots:
    void poolInternsOnce()
    {
        StringPool pool;
        const auto a = pool.intern("Chrome");
        const auto b = pool.intern("Safari");
        QCOMPARE(pool.intern("Chrome"), a);
        QVERIFY(a != b);
        QVERIFY(a != StringPool::Null);
        QCOMPARE(pool.view(b), std::string_view("Safari"));
        QCOMPARE(pool.find("Safari"), b);
        QCOMPARE(pool.find("Firefox"), StringPool::Null);
        QVERIFY(pool.string(StringPool::Null).isNull());
        QCOMPARE(pool.size(), std::size_t(3)); // null entry + two strings
    }

    void poolKeepsEmptyApartFromNull()
    {
        StringPool pool;
        const auto empty = pool.intern("");
        QVERIFY(empty != StringPool::Null);
        QVERIFY(!pool.string(empty).isNull());
        QVERIFY(pool.string(empty).isEmpty());
        QCOMPARE(pool.find(""), empty);
    }

    void poolGrowsThroughRehash()
    {
        StringPool pool;
        for (int i = 0; i < 100000; ++i)
            QCOMPARE(pool.intern(std::to_string(i)), StringPool::Id(i + 1));
        for (int i = 0; i < 100000; i += 997)
            QCOMPARE(pool.find(std::to_string(i)), StringPool::Id(i + 1));
        QCOMPARE(pool.string(42), QStringLiteral("41"));
        QCOMPARE(pool.intern("\xc3\xa9t\xc3\xa9"s), StringPool::Id(100001));
        QCOMPARE(pool.string(100001), QStringLiteral("été"));
    }

    void storeRoundTripsEveryField()
    {
        SessionStore store;
        SessionBatch batch;
        SessionSpec spec;
        spec.id = "sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S";
        spec.actorSub = "user_admin";
        spec.org = "org_2g7np7Hrk0SN6kj5EDMLDaKNL0S";
        spec.status = "pending";
        spec.hasTasks = true;
        spec.tasks = "choose-organization\0reset-password\0"s;
        addSession(batch, spec);
        const auto result = store.upsert(batch);
        QCOMPARE(result.newRows, 1);
        QCOMPARE(store.size(), 1);

        const Session s = store.session(0);
        QCOMPARE(s.object, QStringLiteral("session"));
        QCOMPARE(s.id, QStringLiteral("sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QCOMPARE(s.userId, QStringLiteral("user_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QCOMPARE(s.status, SessionStatus::Pending);
        QCOMPARE(s.statusText, QStringLiteral("pending"));
        QCOMPARE(s.actorJson, QStringLiteral("{\"sub\":\"user_admin\"}"));
        QCOMPARE(s.actorSub, QStringLiteral("user_admin"));
        QCOMPARE(s.lastActiveOrganizationId, QStringLiteral("org_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QVERIFY(s.latestActivity.has_value());
        QCOMPARE(s.latestActivity->browserName, QStringLiteral("Chrome"));
        QCOMPARE(s.latestActivity->city, QStringLiteral("San Francisco"));
        QCOMPARE(s.tasks,
                 std::optional<QStringList>(
                     {QStringLiteral("choose-organization"), QStringLiteral("reset-password")}));
        QCOMPARE(s.updatedAt, 1716883200000);
        QCOMPARE(s.createdAt, 1716883200000 - 3'600'000);
    }

    void nullFieldsStayNull()
    {
        SessionStore store;
        SessionBatch batch;
        SessionSpec spec;
        spec.id = "sess_a";
        spec.activity = false;
        addSession(batch, spec);
        store.upsert(batch);
        const Session s = store.session(0);
        QVERIFY(!s.latestActivity.has_value());
        QVERIFY(!s.tasks.has_value());
        QVERIFY(s.actorJson.isNull());
        QVERIFY(!s.isImpersonated());
        QVERIFY(s.lastActiveOrganizationId.isNull());
    }

    void unknownStatusIsKeptAsText()
    {
        SessionStore store;
        SessionBatch batch;
        addSession(batch, {.id = "sess_a", .status = "suspended"});
        addSession(batch, {.id = "sess_b", .status = "replaced"});
        store.upsert(batch);
        QCOMPARE(store.status(0), SessionStatus::Unknown);
        QCOMPARE(store.string(0, SessionStore::Status), QStringLiteral("suspended"));
        QCOMPARE(store.session(0).statusText, QStringLiteral("suspended"));
        QCOMPARE(store.status(1), SessionStatus::Replaced);
    }

    void upsertKeepsTheNewerCopy()
    {
        SessionStore store;
        SessionBatch first;
        addSession(first, {.id = "sess_a", .status = "active", .updatedAt = 200});
        addSession(first, {.id = "sess_b", .status = "active", .updatedAt = 200});
        store.upsert(first);

        SessionBatch second;
        addSession(second, {.id = "sess_b", .status = "revoked", .updatedAt = 300}); // newer
        addSession(second, {.id = "sess_a", .status = "ended", .updatedAt = 100}); // older
        addSession(second, {.id = "sess_c", .status = "active", .updatedAt = 1});
        const auto result = store.upsert(second);
        QCOMPARE(result.updatedRows, std::vector<int>{1});
        QCOMPARE(result.superseded, 1);
        QCOMPARE(result.firstNewRow, 2);
        QCOMPARE(result.newRows, 1);
        QCOMPARE(store.status(0), SessionStatus::Active);
        QCOMPARE(store.status(1), SessionStatus::Revoked);
        QCOMPARE(store.rowOf("sess_c"), 2);
        QCOMPARE(store.rowOf("sess_zzz"), -1);
    }

    void upsertTieGoesToTheLaterRead()
    {
        SessionStore store;
        SessionBatch batch;
        addSession(batch, {.id = "sess_a", .status = "active", .updatedAt = 500});
        addSession(batch, {.id = "sess_a", .status = "revoked", .updatedAt = 500});
        const auto result = store.upsert(batch);
        QCOMPARE(result.newRows, 1);
        QVERIFY(result.updatedRows.empty()); // the row was new in this very batch
        QCOMPARE(store.size(), 1);
        QCOMPARE(store.status(0), SessionStatus::Revoked);
    }

    void memoryIsCompact()
    {
        // 10,000 sessions over 100 users share their repeated strings.
        SessionStore store;
        SessionBatch batch;
        for (int i = 0; i < 10000; ++i) {
            addSession(
                batch,
                {.id = sessionId(i), .userId = "user_" + std::to_string(i % 100), .updatedAt = i});
        }
        store.upsert(batch);
        QCOMPARE(store.size(), 10000);
        QCOMPARE(store.pool(SessionStore::UserId).size(), std::size_t(101));
        QCOMPARE(store.pool(SessionStore::BrowserName).size(), std::size_t(2));
        const std::size_t perSession = store.memoryBytes() / 10000;
        QVERIFY2(perSession < 250, qPrintable(QString::number(perSession)));
    }

    void clearEmptiesEverything()
    {
        SessionStore store;
        SessionBatch batch;
        addSession(batch, {.id = "sess_a", .status = "bogus"});
        store.upsert(batch);
        store.clear();
        QCOMPARE(store.size(), 0);
        QCOMPARE(store.rowOf("sess_a"), -1);
        // Known statuses keep their fixed ids after a clear.
        SessionBatch again;
        addSession(again, {.id = "sess_a", .status = "expired"});
        store.upsert(again);
        QCOMPARE(store.status(0), SessionStatus::Expired);
    }
};

QTEST_GUILESS_MAIN(TstSessionStore)
#include "tst_sessionstore.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "batchbuilder.h"
#include "sessionstore.h"
#include "usertimeline.h"

#include <QTest>

#include <string>

namespace {

constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 T = 1795651200000 - 30 * Day; // 2026-10-27T00:00:00Z

constexpr const char *Alice = "user_alice";
constexpr const char *Bob = "user_bob";

// One crafted session: "A" is session sess_A. A time of 0 is absent.
struct Row
{
    const char *id;
    const char *user;
    const char *status;
    qint64 created;
    qint64 lastActive;
    qint64 expire = 0;
    qint64 abandon = 0;
    qint64 updated = 0;
    const char *country = "DE";
    const char *device = "Macintosh";
    bool activity = true;
};

void load(SessionStore &store, const std::vector<Row> &rows)
{
    SessionBatch batch;
    for (const Row &row : rows) {
        SessionSpec spec;
        spec.id = std::string("sess_") + row.id;
        spec.userId = row.user;
        spec.status = row.status;
        spec.lastActiveAt = row.lastActive;
        spec.updatedAt = row.updated;
        spec.country = row.country;
        spec.device = row.device;
        spec.activity = row.activity;
        addSession(batch, spec);
        SessionBatch::Record &record = batch.at(batch.size() - 1);
        record.createdAt = row.created;
        record.expireAt = row.expire;
        record.abandonAt = row.abandon;
    }
    store.upsert(batch);
}

// "A B C": the bars' sessions, without the "sess_" prefix.
QString ids(const QList<UserTimeline::Bar> &bars)
{
    QStringList result;
    for (const UserTimeline::Bar &bar : bars)
        result << bar.sessionId.mid(5);
    return result.join(u' ');
}

const UserTimeline::Bar &barOf(const QList<UserTimeline::Bar> &bars, const QString &id)
{
    for (const UserTimeline::Bar &bar : bars) {
        if (bar.sessionId == QStringLiteral("sess_") + id)
            return bar;
    }
    qFatal("no bar for %s", qPrintable(id));
}

} // namespace

class TstUserTimeline : public QObject
{
    Q_OBJECT

private slots:
    void tailFollowsTheStatus_data()
    {
        QTest::addColumn<QString>("status");
        QTest::addColumn<qint64>("expire");
        QTest::addColumn<qint64>("abandon");
        QTest::addColumn<qint64>("tailEnd");
        QTest::addColumn<int>("statusValue");

        const qint64 last = T + 2 * Hour;
        const qint64 expire = last + 7 * Day;
        const qint64 abandon = T + 30 * Day;
        const auto row = [&](const char *name, const char *status, qint64 e, qint64 a, qint64 end,
                             SessionStatus value) {
            QTest::newRow(name) << QString::fromLatin1(status) << e << a << end << int(value);
        };
        // Signed in: until the earlier of the two, whichever it is.
        row("active", "active", expire, abandon, expire, SessionStatus::Active);
        row("active, abandon first", "active", abandon + Day, abandon, abandon,
            SessionStatus::Active);
        row("active, no abandon_at", "active", expire, 0, expire, SessionStatus::Active);
        row("active, no expire_at", "active", 0, abandon, abandon, SessionStatus::Active);
        row("active, neither", "active", 0, 0, last, SessionStatus::Active);
        row("active, expiry before activity", "active", last - Hour, abandon, last,
            SessionStatus::Active);
        row("pending", "pending", expire, abandon, expire, SessionStatus::Pending);
        // Ended on its own: until the moment its status names.
        row("expired", "expired", expire, abandon, expire, SessionStatus::Expired);
        row("expired, no expire_at", "expired", 0, abandon, last, SessionStatus::Expired);
        row("abandoned", "abandoned", expire, abandon, abandon, SessionStatus::Abandoned);
        // Ended at a moment the record does not hold: no tail.
        row("revoked", "revoked", expire, abandon, last, SessionStatus::Revoked);
        row("ended", "ended", expire, abandon, last, SessionStatus::Ended);
        row("removed", "removed", expire, abandon, last, SessionStatus::Removed);
        row("replaced", "replaced", expire, abandon, last, SessionStatus::Replaced);
        row("unknown", "frozen", expire, abandon, last, SessionStatus::Unknown);
    }

    void tailFollowsTheStatus()
    {
        QFETCH(QString, status);
        QFETCH(qint64, expire);
        QFETCH(qint64, abandon);
        QFETCH(qint64, tailEnd);
        QFETCH(int, statusValue);

        SessionStore store;
        const QByteArray statusUtf8 = status.toUtf8();
        load(store, {{"A", Alice, statusUtf8.constData(), T, T + 2 * Hour, expire, abandon}});
        const QList<UserTimeline::Bar> bars = UserTimeline::bars(store, QString::fromLatin1(Alice));
        QCOMPARE(bars.size(), 1);
        const UserTimeline::Bar &bar = bars.first();
        QCOMPARE(bar.row, 0);
        QCOMPARE(bar.sessionId, QStringLiteral("sess_A"));
        QCOMPARE(bar.start, T);
        QCOMPARE(bar.activeEnd, T + 2 * Hour);
        QCOMPARE(bar.tailEnd, tailEnd);
        QCOMPARE(bar.hasTail(), tailEnd > T + 2 * Hour);
        QCOMPARE(int(bar.status), statusValue);
        QCOMPARE(bar.statusText, status);
    }

    void barsAreOrderedByStartThenRow()
    {
        SessionStore store;
        load(store,
             {
                 {"late", Alice, "active", T + 5 * Day, T + 6 * Day},
                 {"early", Alice, "revoked", T, T + Hour},
                 {"tieFirst", Alice, "ended", T + 2 * Day, T + 2 * Day + Hour},
                 {"middle", Alice, "expired", T + Day, T + Day + Hour},
                 {"tieSecond", Alice, "ended", T + 2 * Day, T + 2 * Day + Minute},
             });
        const QList<UserTimeline::Bar> bars = UserTimeline::bars(store, QString::fromLatin1(Alice));
        QCOMPARE(ids(bars), QStringLiteral("early middle tieFirst tieSecond late"));
        QCOMPARE(barOf(bars, QStringLiteral("late")).row, 0);
        QCOMPARE(barOf(bars, QStringLiteral("tieSecond")).row, 4);
    }

    void otherUsersAreLeftOut()
    {
        SessionStore store;
        load(store,
             {
                 {"A1", Alice, "active", T, T + Hour},
                 {"B1", Bob, "active", T, T + Hour},
                 {"A2", Alice, "revoked", T + Day, T + Day + Hour},
                 {"B2", Bob, "ended", T + 2 * Day, T + 2 * Day + Hour},
             });
        QCOMPARE(ids(UserTimeline::bars(store, QString::fromLatin1(Alice))),
                 QStringLiteral("A1 A2"));
        QCOMPARE(ids(UserTimeline::bars(store, QString::fromLatin1(Bob))), QStringLiteral("B1 B2"));
        // By pool id, as a caller holding a row's user id would ask.
        const StringPool::Id bob = store.textId(1, SessionStore::UserId);
        QCOMPARE(ids(UserTimeline::bars(store, bob)), QStringLiteral("B1 B2"));

        QVERIFY(UserTimeline::bars(store, QStringLiteral("user_carol")).isEmpty());
        QVERIFY(UserTimeline::bars(store, QString()).isEmpty());
        QVERIFY(UserTimeline::bars(store, StringPool::Null).isEmpty());
        QVERIFY(UserTimeline::bars(SessionStore(), QString::fromLatin1(Alice)).isEmpty());
    }

    void labelSaysWhereAndOnWhat()
    {
        SessionStore store;
        load(store,
             {
                 {"both", Alice, "active", T, T + Hour, 0, 0, 0, "DE", "Macintosh"},
                 {"country", Alice, "active", T + 1, T + Hour, 0, 0, 0, "FR", ""},
                 {"device", Alice, "active", T + 2, T + Hour, 0, 0, 0, "", "iPhone"},
                 {"none", Alice, "active", T + 3, T + Hour, 0, 0, 0, "DE", "x", false},
             });
        const QList<UserTimeline::Bar> bars = UserTimeline::bars(store, QString::fromLatin1(Alice));
        QCOMPARE(bars.size(), 4);
        QCOMPARE(barOf(bars, QStringLiteral("both")).label, QStringLiteral("DE · Macintosh"));
        QCOMPARE(barOf(bars, QStringLiteral("country")).label, QStringLiteral("FR"));
        QCOMPARE(barOf(bars, QStringLiteral("device")).label, QStringLiteral("iPhone"));
        QCOMPARE(barOf(bars, QStringLiteral("none")).label, QString());

        QCOMPARE(UserTimeline::labelOf(QStringLiteral("US"), QStringLiteral("Windows")),
                 QStringLiteral("US · Windows"));
        QCOMPARE(UserTimeline::labelOf(QString(), QString()), QString());
    }

    void missingTimesMakeNoNonsense()
    {
        SessionStore store;
        load(store,
             {
                 // No created_at: starts at the last activity, not in 1970.
                 {"noCreated", Alice, "revoked", 0, T + Hour},
                 // Only updated_at: a bar of no length there.
                 {"onlyUpdated", Alice, "ended", 0, 0, 0, 0, T + 2 * Hour},
                 // Nothing at all: no bar.
                 {"noTimes", Alice, "ended", 0, 0},
                 // No last activity: the solid part is just its start.
                 {"noLastActive", Alice, "active", T + 3 * Hour, 0, T + 4 * Hour},
                 // Last activity before creation: a clock glitch, clamped.
                 {"backwards", Alice, "ended", T + 5 * Hour, T + 4 * Hour},
                 // Negative times count as absent.
                 {"negative", Alice, "expired", T + 6 * Hour, -5, -7},
             });
        const QList<UserTimeline::Bar> bars = UserTimeline::bars(store, QString::fromLatin1(Alice));
        QCOMPARE(ids(bars),
                 QStringLiteral("noCreated onlyUpdated noLastActive backwards negative"));

        const UserTimeline::Bar &noCreated = barOf(bars, QStringLiteral("noCreated"));
        QCOMPARE(noCreated.start, T + Hour);
        QCOMPARE(noCreated.activeEnd, T + Hour);
        QCOMPARE(noCreated.tailEnd, T + Hour);

        const UserTimeline::Bar &onlyUpdated = barOf(bars, QStringLiteral("onlyUpdated"));
        QCOMPARE(onlyUpdated.start, T + 2 * Hour);
        QCOMPARE(onlyUpdated.activeEnd, T + 2 * Hour);
        QCOMPARE(onlyUpdated.tailEnd, T + 2 * Hour);

        const UserTimeline::Bar &noLastActive = barOf(bars, QStringLiteral("noLastActive"));
        QCOMPARE(noLastActive.start, T + 3 * Hour);
        QCOMPARE(noLastActive.activeEnd, T + 3 * Hour);
        QCOMPARE(noLastActive.tailEnd, T + 4 * Hour);

        const UserTimeline::Bar &backwards = barOf(bars, QStringLiteral("backwards"));
        QCOMPARE(backwards.start, T + 5 * Hour);
        QCOMPARE(backwards.activeEnd, T + 5 * Hour);
        QCOMPARE(backwards.tailEnd, T + 5 * Hour);

        const UserTimeline::Bar &negative = barOf(bars, QStringLiteral("negative"));
        QCOMPARE(negative.start, T + 6 * Hour);
        QCOMPARE(negative.activeEnd, T + 6 * Hour);
        QCOMPARE(negative.tailEnd, T + 6 * Hour);

        QVERIFY(!UserTimeline::barOf(store, store.rowOf("sess_noTimes")).has_value());
    }

    void rangeSpansStartsAndTails()
    {
        QCOMPARE(UserTimeline::range({}), UserTimeline::Range{});
        QVERIFY(UserTimeline::range({}).isEmpty());

        SessionStore store;
        load(store,
             {
                 {"A", Alice, "revoked", T + Day, T + 2 * Day},
                 {"B", Alice, "active", T, T + Hour, T + 10 * Day, T + 30 * Day},
                 {"C", Alice, "ended", T + 3 * Day, T + 4 * Day},
             });
        const UserTimeline::Range range =
            UserTimeline::range(UserTimeline::bars(store, QString::fromLatin1(Alice)));
        QCOMPARE(range.from, T);
        QCOMPARE(range.to, T + 10 * Day);
        QCOMPARE(range.span(), 10 * Day);
        QVERIFY(!range.isEmpty());
    }

    // A user's 20 sessions among 100,000 rows of 5,000 users, loaded newest first. How long this
    // takes over a million rows is bench_timeline's to say, not a test's.
    void findsOneUserAmongManyRows()
    {
        constexpr int Rows = 100'000;
        constexpr int Users = 5'000;
        SessionStore store;
        SessionBatch batch;
        batch.reserve(Rows, Rows * 40);
        for (int i = 0; i < Rows; ++i) {
            SessionBatch::Record &r = batch.append();
            batch.setText(r, SessionBatch::Id, sessionId(i));
            batch.setText(r, SessionBatch::UserId, "user_" + std::to_string(i % Users));
            batch.setText(r, SessionBatch::Status, i % 3 ? "ended" : "active");
            r.createdAt = T + qint64(Rows - i) * Minute;
            r.lastActiveAt = r.createdAt + Hour;
            r.expireAt = r.lastActiveAt + 7 * Day;
            r.abandonAt = r.createdAt + 30 * Day;
            r.updatedAt = r.lastActiveAt;
        }
        store.upsert(batch);
        QCOMPARE(store.size(), Rows);

        const QList<UserTimeline::Bar> bars = UserTimeline::bars(store, QStringLiteral("user_7"));
        QCOMPARE(bars.size(), Rows / Users);
        // Loaded newest first, shown oldest first.
        QCOMPARE(bars.first().sessionId, QString::fromStdString(sessionId(Rows - Users + 7)));
        QCOMPARE(bars.last().sessionId, QString::fromStdString(sessionId(7)));
        QCOMPARE(bars.first().row, Rows - Users + 7);
        for (int i = 1; i < bars.size(); ++i)
            QVERIFY(bars.at(i - 1).start < bars.at(i).start);
        for (const UserTimeline::Bar &bar : bars) {
            QCOMPARE(bar.activeEnd, bar.start + Hour);
            // Row 7 + k * Users is active for k = 1, 4, 7, …: it runs on until it expires.
            QCOMPARE(bar.tailEnd, bar.row % 3 ? bar.activeEnd : bar.activeEnd + 7 * Day);
        }
    }
};

QTEST_GUILESS_MAIN(TstUserTimeline)
#include "tst_usertimeline.moc"

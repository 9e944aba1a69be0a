// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "batchbuilder.h"
#include "insightscounter.h"
#include "insightsdata.h"
#include "sessionfilter.h"
#include "sessionfiltermatcher.h"
#include "sessiongenerator.h"
#include "sessionstore.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <numeric>
#include <time.h>

namespace {

using Bucket = InsightsData::Bucket;
using Kind = Bucket::Kind;
using Period = InsightsData::Period;

constexpr qint64 Now = 1795651200000; // 2026-11-26T00:00:00Z, SessionGenerator's default "now"
constexpr qint64 Hour = 3'600'000;

qint64 utc(const char *iso)
{
    const QDateTime time = QDateTime::fromString(QLatin1String(iso), Qt::ISODate);
    Q_ASSERT(time.isValid() && time.timeSpec() == Qt::UTC);
    return time.toMSecsSinceEpoch();
}

// One crafted session: "A" is session sess_A. created 0: none.
struct Row
{
    const char *id;
    const char *status;
    qint64 created;
    const char *country = "US";
    const char *browser = "Chrome";
    const char *device = "Macintosh";
    bool activity = true;
};

void load(SessionStore &store, const std::vector<Row> &rows)
{
    SessionBatch batch;
    for (const Row &row : rows) {
        SessionSpec spec;
        spec.id = std::string("sess_") + row.id;
        spec.status = row.status;
        spec.country = row.country;
        spec.browser = row.browser;
        spec.device = row.device;
        spec.activity = row.activity;
        addSession(batch, spec);
        batch.at(batch.size() - 1).createdAt = row.created;
    }
    store.upsert(batch);
}

void loadGenerated(SessionStore &store, qint64 count)
{
    SessionGenerator::Options options;
    options.seed = 5;
    options.sessions = count;
    SessionBatch batch;
    SessionGenerator(options).forEachUser([&](const SessionGenerator::User &user) {
        for (const Session &session : user.sessions)
            batch.add(session);
    });
    store.upsert(batch);
}

std::vector<int> allRows(const SessionStore &store)
{
    std::vector<int> rows(std::size_t(store.size()));
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
}

// "label count filter" per bucket, one a line: compact to compare and readable when it fails.
QString describe(const std::vector<Bucket> &buckets)
{
    QStringList lines;
    for (const Bucket &b : buckets) {
        const char *kind = b.kind == Kind::Value ? ""
            : b.kind == Kind::Other              ? "[other] "
                                                 : "[none] ";
        lines << QStringLiteral("%1%2 %3 (%4) %5")
                     .arg(QLatin1String(kind), b.label)
                     .arg(b.count)
                     .arg(b.values)
                     .arg(b.filter);
    }
    return lines.join(u'\n');
}

QString describe(const std::vector<InsightsData::PeriodBucket> &buckets)
{
    QStringList lines;
    for (const InsightsData::PeriodBucket &b : buckets)
        lines << QStringLiteral("%1 %2 %3")
                     .arg(b.start.toString(Qt::ISODate))
                     .arg(b.count)
                     .arg(b.filter);
    return lines.join(u'\n');
}

// How many of `rows` the query selects, through the store matcher the table uses.
int matching(const SessionStore &store, std::span<const int> rows, const QString &query)
{
    FilterError error;
    const std::optional<SessionFilter> filter = SessionFilter::parse(query, Now, &error);
    if (!filter) {
        qWarning("%s: %s", qPrintable(query), qPrintable(error.message));
        return -1;
    }
    SessionFilterMatcher matcher(*filter, store);
    int n = 0;
    for (const int row : rows)
        n += matcher.matches(row) ? 1 : 0;
    return n;
}

// Every bucket's filter selects exactly its rows among `rows`; "Other" has none.
void verifyFilters(const SessionStore &store, std::span<const int> rows, const InsightsData &data)
{
    for (int d = 0; d < InsightsData::DimensionCount; ++d) {
        for (const Bucket &bucket : data.buckets[d]) {
            if (bucket.kind == Kind::Other) {
                QVERIFY(bucket.filter.isEmpty());
                continue;
            }
            QVERIFY2(matching(store, rows, bucket.filter) == bucket.count,
                     qPrintable(QStringLiteral("%1: %2 rows, bucket %3")
                                    .arg(bucket.filter)
                                    .arg(matching(store, rows, bucket.filter))
                                    .arg(bucket.count)));
        }
    }
    for (const InsightsData::PeriodBucket &bucket : data.created) {
        QVERIFY2(matching(store, rows, bucket.filter) == bucket.count, qPrintable(bucket.filter));
    }
    QCOMPARE(matching(store, rows, QStringLiteral("-created:*")), data.createdMissing);
}

// Lets the counter's zero timer fire until `slices` slices have run (one per event loop pass).
void runSlices(const InsightsCounter &counter, int slices)
{
    while (counter.isRunning() && counter.slices() < slices)
        QCoreApplication::processEvents();
}

} // namespace

class TestInsightsData : public QObject
{
    Q_OBJECT

private slots:
    void knownSet();
    void topValuesAndOther();
    void quoting();
    void subsetAndMissingRows();
    void longSpansGoCoarser();
    void emptySet();
    void slicesEqualOneShot();
    void counterCounts();
    void counterRestarts();
    void counterSurvivesStoreChanges();
};

// Local time is India's (UTC+05:30): days end at 18:30 UTC.
void TestInsightsData::knownSet()
{
    SessionStore store;
    load(store,
         {
             {"A", "active", utc("2026-11-20T10:00:00Z"), "DE", "Chrome", "Macintosh"},
             {"B", "active", utc("2026-11-20T18:29:59Z"), "DE", "Chrome", "Windows"},
             {"C", "active", utc("2026-11-20T18:30:00Z"), "de", "Chrome Mobile", "Android"},
             {"D", "active", utc("2026-11-21T05:00:00Z"), "US", "Chrome Mobile", "Android"},
             {"E", "revoked", utc("2026-11-23T12:00:00Z"), "US", "Mobile Safari", "iPhone"},
             {"F", "revoked", utc("2026-11-23T13:00:00Z"), "FR", "Safari", "Macintosh"},
             {"G", "ended", utc("2026-11-19T20:00:00Z"), "DE", "Mobile Safari", "iPhone"},
             {"H", "suspended", utc("2026-11-24T00:00:00Z"), "", "", "", false},
             {"I", "suspended", utc("2026-11-24T01:00:00Z"), "", "", "", false},
             {"J", "pending", 0, "DE", "", "Macintosh"},
         });
    const std::vector<int> rows = allRows(store);
    const InsightsData data = InsightsData::count(store, rows);

    QCOMPARE(data.total, 10);
    // An unknown status is kept under its own text, quoted in its filter.
    QCOMPARE(describe(data.buckets[InsightsData::Status]),
             QStringLiteral("active 4 (1) status:active\n"
                            "revoked 2 (1) status:revoked\n"
                            "suspended 2 (1) status:\"suspended\"\n"
                            "ended 1 (1) status:ended\n"
                            "pending 1 (1) status:pending"));
    // "de" and "DE" are one value to the filter: one bucket, the more common spelling.
    QCOMPARE(describe(data.buckets[InsightsData::Country]),
             QStringLiteral("DE 5 (1) country:DE\n"
                            "US 2 (1) country:US\n"
                            "FR 1 (1) country:FR\n"
                            "[none] (none) 2 (0) -country:*"));
    // Browsers match substrings: a value others contain excludes them. "" is no value.
    QCOMPARE(describe(data.buckets[InsightsData::Browser]),
             QStringLiteral("Chrome 2 (1) browser:Chrome -browser:\"Chrome Mobile\"\n"
                            "Chrome Mobile 2 (1) browser:\"Chrome Mobile\"\n"
                            "Mobile Safari 2 (1) browser:\"Mobile Safari\"\n"
                            "Safari 1 (1) browser:Safari -browser:\"Mobile Safari\"\n"
                            "[none] (none) 3 (0) -browser:*"));
    QCOMPARE(describe(data.buckets[InsightsData::Device]),
             QStringLiteral("Macintosh 3 (1) device:Macintosh\n"
                            "Android 2 (1) device:Android\n"
                            "iPhone 2 (1) device:iPhone\n"
                            "Windows 1 (1) device:Windows\n"
                            "[none] (none) 2 (0) -device:*"));
    // Local days, the empty one between included; J has no created_at.
    QCOMPARE(data.period, Period::Day);
    QCOMPARE(describe(data.created),
             QStringLiteral("2026-11-20 3 created:2026-11-20\n"
                            "2026-11-21 2 created:2026-11-21\n"
                            "2026-11-22 0 created:2026-11-22\n"
                            "2026-11-23 2 created:2026-11-23\n"
                            "2026-11-24 2 created:2026-11-24"));
    QCOMPARE(data.createdMissing, 1);
    QCOMPARE(data.createdOutOfRange, 0);
    verifyFilters(store, rows, data);
}

void TestInsightsData::topValuesAndOther()
{
    // 20 countries, C01 with 1 row … C20 with 20: the top 12 by count, then Other.
    std::vector<Row> rows;
    std::vector<std::string> ids;
    std::vector<std::string> countries;
    ids.reserve(210);
    countries.reserve(20);
    for (int c = 1; c <= 20; ++c)
        countries.push_back(QStringLiteral("C%1").arg(c, 2, 10, QLatin1Char('0')).toStdString());
    for (int c = 1; c <= 20; ++c) {
        for (int k = 0; k < c; ++k) {
            ids.push_back(std::to_string(ids.size()));
            rows.push_back({ids.back().c_str(), "active", Now - Hour, countries[c - 1].c_str()});
        }
    }
    SessionStore store;
    load(store, rows);
    const std::vector<int> all = allRows(store);
    const InsightsData data = InsightsData::count(store, all);
    QCOMPARE(data.total, 210);
    const std::vector<Bucket> &buckets = data.buckets[InsightsData::Country];
    QCOMPARE(int(buckets.size()), InsightsData::TopValues + 1);
    for (int b = 0; b < InsightsData::TopValues; ++b) {
        QCOMPARE(buckets[b].kind, Kind::Value);
        QCOMPARE(buckets[b].label, QString::fromStdString(countries[19 - b]));
        QCOMPARE(buckets[b].count, 20 - b);
        QCOMPARE(buckets[b].filter, QStringLiteral("country:") + buckets[b].label);
    }
    const Bucket &other = buckets.back();
    QCOMPARE(other.kind, Kind::Other);
    QCOMPARE(other.label, QStringLiteral("Other"));
    QCOMPARE(other.values, 8); // C01..C08
    QCOMPARE(other.count, 36); // 1 + … + 8
    QVERIFY(other.filter.isEmpty());
    verifyFilters(store, all, data);

    // Equal counts order by label, without case.
    SessionStore ties;
    load(ties,
         {{"a", "active", Now, "fr"}, {"b", "active", Now, "CH"}, {"c", "active", Now, "de"}});
    const std::vector<int> tieRows = allRows(ties);
    QCOMPARE(describe(InsightsData::count(ties, tieRows).buckets[InsightsData::Country]),
             QStringLiteral("CH 1 (1) country:CH\nde 1 (1) country:de\nfr 1 (1) country:fr"));
}

void TestInsightsData::quoting()
{
    SessionStore store;
    load(store,
         {
             {"A", "active", Now - Hour, "US", "Chrome", "Mac \"Pro\", 2026"},
             {"B", "active", Now - Hour, "US", "Chrome", "back\\slash"},
             {"C", "active", Now - Hour, "US", "Chrome", "*"},
             {"D", "active", Now - Hour, "US", "Chrome", "Pad..."},
             {"E", "active", Now - Hour, "US", "Chrome", "Ünïcødé"},
             {"F", "activ", Now - Hour, "US", "Chrome", "x"}, // a near miss: quoted, taken as meant
             {"G", "active", Now - Hour, "US", "Chrome", "Mac"},
         });
    const std::vector<int> rows = allRows(store);
    const InsightsData data = InsightsData::count(store, rows);
    QStringList filters;
    for (const Bucket &bucket : data.buckets[InsightsData::Device])
        filters << bucket.filter;
    filters.sort();
    QCOMPARE(filters,
             QStringList({
                 QStringLiteral("device:\"*\""),
                 QStringLiteral("device:\"Mac \\\"Pro\\\", 2026\""),
                 QStringLiteral("device:\"Pad...\""),
                 QStringLiteral("device:\"back\\\\slash\""),
                 QStringLiteral("device:Mac -device:\"Mac \\\"Pro\\\", 2026\""),
                 QStringLiteral("device:x"),
                 QStringLiteral("device:Ünïcødé"),
             }));
    QCOMPARE(data.buckets[InsightsData::Status][1].filter, QStringLiteral("status:\"activ\""));
    verifyFilters(store, rows, data);
}

void TestInsightsData::subsetAndMissingRows()
{
    SessionStore store;
    load(store,
         {
             {"A", "active", Now - Hour, "DE"},
             {"B", "revoked", Now - Hour, "FR"},
             {"C", "active", Now - Hour, "DE"},
         });
    // Only the rows given, in any order; rows the store does not have are skipped.
    const std::vector<int> rows = {2, 1, 7, -1};
    const InsightsData data = InsightsData::count(store, rows);
    QCOMPARE(data.total, 2);
    QCOMPARE(describe(data.buckets[InsightsData::Country]),
             QStringLiteral("DE 1 (1) country:DE\nFR 1 (1) country:FR"));
}

void TestInsightsData::longSpansGoCoarser()
{
    struct Case
    {
        const char *first;
        const char *last;
        Period period;
        int buckets;
        const char *firstFilter;
    };
    // Local days (UTC+05:30): 2026-01-04T20:00Z is Monday 5 January locally.
    const Case cases[] = {
        {"2026-01-01T00:00:00Z", "2026-06-29T00:00:00Z", Period::Day, 180, "created:2026-01-01"},
        {"2026-01-04T20:00:00Z", "2026-07-30T00:00:00Z", Period::Week, 30,
         "created>=2026-01-05 created<2026-01-12"},
        {"2020-01-15T00:00:00Z", "2026-11-20T00:00:00Z", Period::Month, 83,
         "created>=2020-01-01 created<2020-02-01"},
        {"1990-03-01T00:00:00Z", "2026-11-20T00:00:00Z", Period::Year, 37,
         "created>=1990-01-01 created<1991-01-01"},
    };
    for (const Case &c : cases) {
        SessionStore store;
        load(store, {{"A", "active", utc(c.first)}, {"B", "active", utc(c.last)}});
        const std::vector<int> rows = allRows(store);
        const InsightsData data = InsightsData::count(store, rows);
        QCOMPARE(data.period, c.period);
        QCOMPARE(int(data.created.size()), c.buckets);
        QCOMPARE(data.created.front().filter, QLatin1String(c.firstFilter));
        QCOMPARE(data.created.front().count, 1);
        QCOMPARE(data.created.back().count, 1);
        int zero = 0;
        for (const InsightsData::PeriodBucket &bucket : data.created)
            zero += bucket.count == 0 ? 1 : 0;
        QCOMPARE(zero, c.buckets - 2);
        verifyFilters(store, rows, data);
    }

    // A date the filter cannot name is left out of the chart, counted apart.
    SessionStore store;
    load(store, {{"A", "active", utc("2026-11-20T00:00:00Z")}, {"B", "active", -62135596800000LL}});
    const std::vector<int> rows = allRows(store);
    const InsightsData data = InsightsData::count(store, rows);
    QCOMPARE(describe(data.created), QStringLiteral("2026-11-20 1 created:2026-11-20"));
    QCOMPARE(data.createdOutOfRange, 1);
    QCOMPARE(data.createdMissing, 0);
}

void TestInsightsData::emptySet()
{
    SessionStore store;
    const InsightsData data = InsightsData::count(store, {});
    QCOMPARE(data.total, 0);
    for (const std::vector<Bucket> &buckets : data.buckets)
        QVERIFY(buckets.empty());
    QVERIFY(data.created.empty());
    QCOMPARE(data, InsightsData());
}

void TestInsightsData::slicesEqualOneShot()
{
    SessionStore store;
    loadGenerated(store, 20000);
    QCOMPARE(store.size(), 20000);
    // The shown rows of a sorted table: a shuffled subset.
    std::vector<int> rows;
    for (int row = 0; row < store.size(); ++row) {
        if (row % 3 != 0)
            rows.push_back(row);
    }
    QRandomGenerator random(11);
    for (std::size_t k = rows.size(); k > 1; --k)
        std::swap(rows[k - 1], rows[random.bounded(quint32(k))]);

    const InsightsData once = InsightsData::count(store, rows);
    QCOMPARE(once.total, int(rows.size()));
    for (const std::size_t slice : {std::size_t(1), std::size_t(777), std::size_t(4096)}) {
        InsightsData::Accumulator accumulator(store);
        for (std::size_t from = 0; from < rows.size(); from += slice) {
            accumulator.add(
                std::span<const int>(rows).subspan(from, std::min(slice, rows.size() - from)));
        }
        QCOMPARE(accumulator.rows(), int(rows.size()));
        QVERIFY(accumulator.result() == once);
    }

    // Sanity of the generated mix, and every filter exact over it.
    QCOMPARE(once.period, Period::Day);
    QVERIFY(once.created.size() >= 80); // 90 days of history
    QVERIFY(once.buckets[InsightsData::Status].size() >= 6);
    QVERIFY(once.buckets[InsightsData::Browser].size() >= 5);
    int sum = 0;
    for (const Bucket &bucket : once.buckets[InsightsData::Country])
        sum += bucket.count;
    QCOMPARE(sum, once.total);
    verifyFilters(store, rows, once);
}

void TestInsightsData::counterCounts()
{
    SessionStore store;
    loadGenerated(store, 20000);
    const std::vector<int> rows = allRows(store);
    InsightsCounter counter;
    counter.setRowsPerSlice(3000);
    QSignalSpy finished(&counter, &InsightsCounter::finished);
    counter.start(&store, rows);
    QVERIFY(counter.isRunning());
    QCOMPARE(finished.size(), 0); // never synchronously
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(!counter.isRunning());
    QCOMPARE(counter.slices(), 7); // 6 × 3000 + 2000
    QVERIFY(counter.longestSliceMs() > 0);
    QVERIFY(finished.at(0).at(0).value<InsightsData>() == InsightsData::count(store, rows));

    // No rows: still finishes, asynchronously.
    counter.start(&store, {});
    QCOMPARE(finished.size(), 1);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(1).at(0).value<InsightsData>().total, 0);

    // Rows out of order (a sorted table) are counted in store order: marked in a bitmap
    // (4 × 3,000 rows a slice), then counted from it a slice's worth of whole words at a time.
    std::vector<int> shuffled(rows.begin() + 5000, rows.end());
    QRandomGenerator random(3);
    for (std::size_t k = shuffled.size(); k > 1; --k)
        std::swap(shuffled[k - 1], shuffled[random.bounded(quint32(k))]);
    counter.start(&store, shuffled);
    QVERIFY(finished.wait(5000));
    QCOMPARE(counter.slices(), 2 + 5); // 15,000 rows: marked in 2 slices, counted in 5
    QVERIFY(finished.at(2).at(0).value<InsightsData>() == InsightsData::count(store, shuffled));
    QCOMPARE(finished.at(2).at(0).value<InsightsData>().total, 15000);
}

void TestInsightsData::counterRestarts()
{
    SessionStore store;
    loadGenerated(store, 20000);
    const std::vector<int> all = allRows(store);
    const std::vector<int> firstHalf(all.begin(), all.begin() + 10000);
    const std::vector<int> few(all.begin(), all.begin() + 50);

    InsightsCounter counter;
    counter.setRowsPerSlice(1000);
    QSignalSpy finished(&counter, &InsightsCounter::finished);

    // Restarted before the event loop ran: only the last start counts.
    counter.start(&store, all);
    counter.start(&store, firstHalf);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).value<InsightsData>().total, 10000);

    // Restarted halfway: what was counted is dropped, the new rows counted from nothing.
    counter.start(&store, all);
    runSlices(counter, 3);
    QCOMPARE(counter.slices(), 3);
    QVERIFY(counter.isRunning());
    counter.start(&store, few);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 2);
    QVERIFY(finished.at(1).at(0).value<InsightsData>() == InsightsData::count(store, few));
    QCOMPARE(counter.slices(), 1);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 2); // the dropped count never reports

    // Cancelled: no word.
    counter.start(&store, all);
    runSlices(counter, 2);
    QVERIFY(counter.isRunning());
    counter.cancel();
    QVERIFY(!counter.isRunning());
    QTest::qWait(50);
    QCOMPARE(finished.size(), 2);
}

void TestInsightsData::counterSurvivesStoreChanges()
{
    SessionStore store;
    load(store, {{"A", "active", Now - Hour, "DE"}, {"B", "active", Now - Hour, "FR"}});
    const std::vector<int> rows = allRows(store);
    InsightsCounter counter;
    counter.setRowsPerSlice(1);
    QSignalSpy finished(&counter, &InsightsCounter::finished);
    counter.start(&store, rows);
    runSlices(counter, 1);
    QCOMPARE(counter.slices(), 1);
    // Between slices a load updates row 1 with a country the dictionary did not have, and
    // appends rows: the count carries on (the owner would restart; nothing may break if not).
    load(store, {{"B", "revoked", Now - Hour, "Atlantis"}, {"C", "active", Now - Hour, "NZ"}});
    QVERIFY(finished.wait(5000));
    const InsightsData data = finished.at(0).at(0).value<InsightsData>();
    QCOMPARE(data.total, 2);
    QCOMPARE(describe(data.buckets[InsightsData::Country]),
             QStringLiteral("Atlantis 1 (1) country:Atlantis\nDE 1 (1) country:DE"));

    // Cleared between slices: the rows it no longer has are skipped.
    counter.start(&store, allRows(store));
    runSlices(counter, 1);
    QCOMPARE(counter.slices(), 1);
    store.clear();
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.at(1).at(0).value<InsightsData>().total, 1);
}

int main(int argc, char **argv)
{
    // Local time is India's (UTC+05:30 all year), whatever the machine's zone.
    qputenv("TZ", "Asia/Kolkata");
    tzset();
    QCoreApplication app(argc, argv);
    TestInsightsData test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_insightsdata.moc"

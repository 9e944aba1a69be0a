// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
//
// bench_insights: how long the Insights panel's counts of a million sessions take, and how long
// the GUI thread is held at a time while InsightsCounter counts them.
//
//   bench_insights [--sessions 1000000] [--seed N] [--rounds 5] [--slice 65536]
//
// The sessions come from SessionGenerator, straight into a SessionStore (no JSON). The rows are
// counted in load order (an unsorted table) and shuffled (a table sorted by some column: rows
// all over the store):
// - InsightsData::count() over every row in one go (--rounds times: best and median);
// - InsightsCounter on the event loop, --slice rows a slice (--rounds times): the time from
//   start() to finished(), the number of slices and the longest one (what the GUI feels).
// Benchmark numbers, not a test: nothing is registered with CTest. Run a Release build.

#include "insightscounter.h"
#include "insightsdata.h"
#include "sessiongenerator.h"
#include "sessionstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <vector>

namespace {

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

QByteArray loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return "unknown";
    return file.readAll().split(' ').mid(0, 3).join(' ');
}

void run(const char *title, const SessionStore &store, const std::vector<int> &rows, int rounds,
         int slice)
{
    std::printf("\n== %s: %zu rows ==\n", title, rows.size());
    std::vector<double> times;
    InsightsData data;
    for (int r = 0; r < rounds; ++r) {
        QElapsedTimer clock;
        clock.start();
        data = InsightsData::count(store, rows);
        times.push_back(msSince(clock));
    }
    std::sort(times.begin(), times.end());
    std::printf("InsightsData::count, one go:  best %7.1f ms, median %7.1f ms\n", times.front(),
                times[times.size() / 2]);

    // The counter: each round from start() to finished() on the event loop. The longest slice
    // is wall time, so a busy machine's preemptions show in it: best and median of the rounds.
    std::vector<double> totals;
    std::vector<double> longest;
    int slices = 0;
    bool same = true;
    for (int r = 0; r < rounds; ++r) {
        InsightsCounter counter;
        counter.setRowsPerSlice(slice);
        QEventLoop loop;
        InsightsData sliced;
        QObject::connect(&counter, &InsightsCounter::finished, &loop, [&](const InsightsData &d) {
            sliced = d;
            loop.quit();
        });
        QElapsedTimer clock;
        clock.start();
        counter.start(&store, rows);
        loop.exec();
        totals.push_back(msSince(clock));
        longest.push_back(counter.longestSliceMs());
        slices = counter.slices();
        same = same && sliced == data;
    }
    std::sort(totals.begin(), totals.end());
    std::sort(longest.begin(), longest.end());
    std::printf("InsightsCounter, %d rows a slice, %d slices:\n", slice, slices);
    std::printf("  start() to finished():      best %7.1f ms, median %7.1f ms\n", totals.front(),
                totals[totals.size() / 2]);
    std::printf("  longest slice:              best %7.2f ms, median %7.2f ms\n", longest.front(),
                longest[longest.size() / 2]);
    std::printf("same result as one go: %s\n", same ? "yes" : "NO");
    std::printf("buckets: %zu statuses, %zu countries, %zu browsers, %zu devices, %zu periods\n",
                data.buckets[InsightsData::Status].size(),
                data.buckets[InsightsData::Country].size(),
                data.buckets[InsightsData::Browser].size(),
                data.buckets[InsightsData::Device].size(), data.created.size());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption sessionsOption(QStringLiteral("sessions"),
                                            QStringLiteral("Sessions to count."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Generator seed."),
                                        QStringLiteral("n"), QStringLiteral("20260512"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Repetitions."),
                                          QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption sliceOption(QStringLiteral("slice"), QStringLiteral("Rows a slice."),
                                         QStringLiteral("n"),
                                         QString::number(InsightsCounter::DefaultRowsPerSlice));
    parser.addOptions({sessionsOption, seedOption, roundsOption, sliceOption});
    parser.process(app);

    SessionGenerator::Options options;
    options.sessions = parser.value(sessionsOption).toLongLong();
    options.seed = parser.value(seedOption).toULongLong();
    const int rounds = std::max(1, parser.value(roundsOption).toInt());
    const int slice = std::max(1, parser.value(sliceOption).toInt());
    std::printf("bench_insights: %lld sessions, load average %s\n",
                static_cast<long long>(options.sessions), loadAverage().constData());

    // Into the store a batch at a time: a million Session values would take gigabytes.
    SessionStore store;
    store.reserve(std::size_t(options.sessions));
    SessionBatch batch;
    SessionGenerator(options).forEachUser([&](const SessionGenerator::User &user) {
        for (const Session &session : user.sessions)
            batch.add(session);
        if (batch.size() >= 50'000) {
            store.upsert(batch);
            batch = SessionBatch();
        }
    });
    store.upsert(batch);

    std::vector<int> rows(std::size_t(store.size()));
    std::iota(rows.begin(), rows.end(), 0);
    run("load order", store, rows, rounds, slice);

    QRandomGenerator random(7);
    for (std::size_t k = rows.size(); k > 1; --k)
        std::swap(rows[k - 1], rows[random.bounded(quint32(k))]);
    run("shuffled (a sorted table)", store, rows, rounds, slice);
    return 0;
}

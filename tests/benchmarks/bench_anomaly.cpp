// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
//
// bench_anomaly: how long the anomaly flags of a million sessions take.
//
//   bench_anomaly [--sessions 1000000] [--seed N] [--rounds 5] [--tail 1000]
//
// The sessions come from SessionGenerator, straight into a SessionStore (no JSON), once in the
// generator's order (each user's sessions together, as a per-user export has them) and once
// shuffled (users scattered, as a list sorted by time has them). For each order:
// - AnomalyDetector::recompute() over every row (--rounds times: best and median);
// - update() after the last --tail sessions are appended, and after --tail rows already there
//   are updated in place;
// - SessionFilterMatcher::matchRows() for flag: queries over every row.
// Benchmark numbers, not a test: nothing is registered with CTest.

#include "anomalydetector.h"
#include "sessionfilter.h"
#include "sessionfiltermatcher.h"
#include "sessiongenerator.h"
#include "sessionstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

constexpr qint64 GeneratorNow = 1795651200000; // SessionGenerator::Options::now

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

void run(const char *title, const std::vector<Session> &sessions, int rounds, int tail)
{
    std::printf("\n== %s ==\n", title);
    const int total = int(sessions.size());
    SessionStore store;
    {
        SessionBatch head;
        for (int k = 0; k < total - tail; ++k)
            head.add(sessions[std::size_t(k)]);
        store.upsert(head);
    }
    AnomalyDetector detector;
    detector.recompute(store, GeneratorNow);

    // The tail appended: update() against the head's flags.
    SessionBatch rest;
    for (int k = total - tail; k < total; ++k)
        rest.add(sessions[std::size_t(k)]);
    const SessionStore::UpsertResult appended = store.upsert(rest);
    QElapsedTimer clock;
    clock.start();
    const std::vector<int> changed = detector.update(store, appended, GeneratorNow);
    std::printf("update, %d sessions appended:  %7.1f ms (%zu older rows changed)\n", tail,
                msSince(clock), changed.size());

    // The same number of rows already there, updated in place (newer updated_at, seen now).
    SessionBatch updates;
    for (int k = 0; k < tail; ++k) {
        Session s = sessions[std::size_t(k) * std::size_t(total / tail)];
        s.updatedAt += 1;
        s.lastActiveAt = GeneratorNow - 60'000;
        updates.add(s);
    }
    const SessionStore::UpsertResult updated = store.upsert(updates);
    clock.restart();
    const std::vector<int> changedByUpdate = detector.update(store, updated, GeneratorNow);
    std::printf("update, %zu rows updated:      %7.1f ms (%zu rows changed)\n",
                updated.updatedRows.size(), msSince(clock), changedByUpdate.size());

    std::vector<double> times;
    for (int r = 0; r < rounds; ++r) {
        clock.restart();
        detector.recompute(store, GeneratorNow);
        times.push_back(msSince(clock));
    }
    std::sort(times.begin(), times.end());
    std::printf("recompute, %d rows:       best %7.1f ms, median %7.1f ms\n", store.size(),
                times.front(), times[times.size() / 2]);

    const auto counts = detector.counts();
    std::printf("flagged:");
    for (std::size_t f = 0; f < counts.size(); ++f)
        std::printf(" %s %d", qPrintable(AnomalyRules::name(AnomalyRules::Flags[f])), counts[f]);
    std::printf("\n");

    for (const char *query : {"flag:travel", "-flag:*", "flag:new-device country:DE"}) {
        const std::optional<SessionFilter> filter =
            SessionFilter::parse(QString::fromUtf8(query), GeneratorNow);
        SessionFilterMatcher matcher(*filter, store);
        matcher.setAnomalyFlags(&detector.allFlags());
        std::vector<double> matchTimes;
        std::size_t matched = 0;
        for (int r = 0; r < rounds; ++r) {
            clock.restart();
            matched = matcher.matchRows(0, store.size()).size();
            matchTimes.push_back(msSince(clock));
        }
        std::sort(matchTimes.begin(), matchTimes.end());
        std::printf("match %-28s best %5.1f ms (%zu rows)\n", query, matchTimes.front(), matched);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption sessionsOption(QStringLiteral("sessions"),
                                            QStringLiteral("Sessions to flag."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Generator seed."),
                                        QStringLiteral("n"), QStringLiteral("20260512"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"), QStringLiteral("Repetitions."),
                                          QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption tailOption(QStringLiteral("tail"),
                                        QStringLiteral("Sessions appended / updated."),
                                        QStringLiteral("n"), QStringLiteral("1000"));
    parser.addOptions({sessionsOption, seedOption, roundsOption, tailOption});
    parser.process(app);

    SessionGenerator::Options options;
    options.sessions = parser.value(sessionsOption).toLongLong();
    options.seed = parser.value(seedOption).toULongLong();
    const int rounds = std::max(1, parser.value(roundsOption).toInt());
    const int tail = std::clamp(parser.value(tailOption).toInt(), 1, int(options.sessions / 2));
    std::printf("bench_anomaly: %lld sessions, load average %s\n",
                static_cast<long long>(options.sessions), loadAverage().constData());

    std::vector<Session> sessions;
    sessions.reserve(std::size_t(options.sessions));
    SessionGenerator(options).forEachUser([&](const SessionGenerator::User &user) {
        sessions.insert(sessions.end(), user.sessions.begin(), user.sessions.end());
    });
    run("each user's sessions together", sessions, rounds, tail);

    QRandomGenerator random(7);
    for (std::size_t k = sessions.size(); k > 1; --k)
        std::swap(sessions[k - 1], sessions[random.bounded(quint32(k))]);
    run("shuffled", sessions, rounds, tail);
    std::printf("\nmemory: %zu bytes a row (flags and the user of each row)\n",
                sizeof(quint8) + sizeof(StringPool::Id));
    return 0;
}

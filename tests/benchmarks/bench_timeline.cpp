// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
//
// bench_timeline: how long one user's timeline takes to build among a million sessions.
//
//   bench_timeline [--sessions 1000000] [--seed N] [--users 50] [--rounds 5]
//
// The sessions come from SessionGenerator (users of 1–20 sessions each), straight into a
// SessionStore (no JSON), in the generator's order. Then UserTimeline::bars() by user id, as
// the user timeline dock asks for it, for --users users spread evenly over the store, and for
// the user with the most sessions: each user's best of --rounds, then the median and the worst
// over the users. The goal: well under 500 ms in a Release build (a click on a session shows
// its user's timeline at once). Each user's bar count is checked against the sessions the
// generator made for it. Benchmark numbers, not a test: nothing is registered with CTest.

#include "sessiongenerator.h"
#include "sessionstore.h"
#include "usertimeline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

constexpr double GoalMs = 500;
constexpr int BatchSessions = 100'000; // sessions per upsert while loading

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

// The machine's load: the figures mean little when other programs compete for the cores.
QByteArray loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return "unknown";
    return file.readAll().split(' ').mid(0, 3).join(' ');
}

struct User
{
    QString id;
    int sessions = 0;
};

struct Timing
{
    double bestMs = 0;
    int bars = 0;
};

// The best of `rounds` calls of UserTimeline::bars() for one user.
Timing timeBars(const SessionStore &store, const QString &userId, int rounds)
{
    Timing timing;
    QElapsedTimer clock;
    for (int r = 0; r < rounds; ++r) {
        clock.start();
        const QList<UserTimeline::Bar> bars = UserTimeline::bars(store, userId);
        const double ms = msSince(clock);
        timing.bestMs = r == 0 ? ms : std::min(timing.bestMs, ms);
        timing.bars = int(bars.size());
    }
    return timing;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption sessionsOption(QStringLiteral("sessions"),
                                            QStringLiteral("Sessions in the store."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Generator seed."),
                                        QStringLiteral("n"), QStringLiteral("20260512"));
    const QCommandLineOption usersOption(QStringLiteral("users"),
                                         QStringLiteral("Users whose timelines are timed."),
                                         QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"),
                                          QStringLiteral("Calls per user (the best counts)."),
                                          QStringLiteral("n"), QStringLiteral("5"));
    parser.addOptions({sessionsOption, seedOption, usersOption, roundsOption});
    parser.process(app);

    SessionGenerator::Options options;
    options.sessions = std::max<qint64>(1, parser.value(sessionsOption).toLongLong());
    options.seed = parser.value(seedOption).toULongLong();
    const int rounds = std::max(1, parser.value(roundsOption).toInt());
    std::printf("bench_timeline: %lld sessions, load average %s\n",
                static_cast<long long>(options.sessions), loadAverage().constData());

    SessionStore store;
    store.reserve(std::size_t(options.sessions));
    std::vector<User> users;
    QElapsedTimer clock;
    clock.start();
    SessionBatch batch;
    SessionGenerator(options).forEachUser([&](const SessionGenerator::User &user) {
        users.push_back({user.id, int(user.sessions.size())});
        for (const Session &session : user.sessions)
            batch.add(session);
        if (batch.size() >= BatchSessions) {
            store.upsert(batch);
            batch = SessionBatch();
        }
    });
    store.upsert(batch);
    std::printf("generated and stored %d sessions of %zu users in %.0f ms\n", store.size(),
                users.size(), msSince(clock));

    // Users spread evenly over the store (first, last and in between), then the largest.
    const int wanted = std::clamp(parser.value(usersOption).toInt(), 1, int(users.size()));
    std::vector<std::size_t> picked;
    for (int k = 0; k < wanted; ++k)
        picked.push_back(wanted == 1 ? 0 : std::size_t(k) * (users.size() - 1) / (wanted - 1));
    const auto largest =
        std::max_element(users.begin(), users.end(),
                         [](const User &a, const User &b) { return a.sessions < b.sessions; });

    timeBars(store, users.front().id, 1); // warm up the caches
    std::vector<double> times;
    int mismatches = 0;
    for (std::size_t index : picked) {
        const Timing timing = timeBars(store, users[index].id, rounds);
        times.push_back(timing.bestMs);
        mismatches += timing.bars != users[index].sessions;
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    std::printf("UserTimeline::bars(), %d users among %d rows (best of %d each):\n", wanted,
                store.size(), rounds);
    std::printf("  median %7.2f ms, max %7.2f ms, min %7.2f ms\n", median, times.back(),
                times.front());
    const Timing big = timeBars(store, largest->id, rounds);
    mismatches += big.bars != largest->sessions;
    std::printf("  largest user %s: %d bars in %.2f ms\n", qPrintable(largest->id), big.bars,
                big.bestMs);
    if (mismatches > 0)
        std::printf("  WRONG: %d users' bar counts differ from their generated sessions\n",
                    mismatches);

    const double worst = std::max(times.back(), big.bestMs);
    std::printf("\ngoal: a timeline well under %.0f ms: %s (worst %.2f ms)\n", GoalMs,
                worst < GoalMs ? "met" : "MISSED", worst);
    return mismatches > 0 ? 1 : 0;
}

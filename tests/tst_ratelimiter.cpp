// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "ratelimiter.h"

#include <QSignalSpy>
#include <QTest>

#include <vector>

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void grantsAtOnceWithinBudget();
    void neverExceedsBudgetInAnyWindow();
    void usesTheBudgetWhenItBinds();
    void firstComeFirstServedAndRetriesFirst();
    void cancelTakesOutOfQueue();
    void holdForStopsEveryGrant();
    void acquireFromInsideStart();
    void unlimitedWhenLimitIsZero();
    void settledGrantsCountUntilAWindowAfterTheAnswer();
};

void TestRateLimiter::grantsAtOnceWithinBudget()
{
    RateLimiter limiter(5, 10'000);
    int started = 0;
    for (int i = 0; i < 5; ++i)
        limiter.acquire([&](qint64) { ++started; });
    QCOMPARE(started, 5); // synchronously: nothing waited
    limiter.acquire([&](qint64) { ++started; });
    QCOMPARE(started, 5); // the sixth waits for the window
    QCOMPARE(limiter.waiting(), 1);
    QCOMPARE(limiter.usedInWindow(), 5);
}

// The budget holds in every window wherever it starts: with grants sorted, any limit + 1
// consecutive ones must span at least the window.
void TestRateLimiter::neverExceedsBudgetInAnyWindow()
{
    constexpr int Limit = 10;
    constexpr qint64 Window = 200;
    constexpr int Requests = 65;
    RateLimiter limiter(Limit, Window);
    std::vector<qint64> grants;
    for (int i = 0; i < Requests; ++i)
        limiter.acquire([&](qint64 at) { grants.push_back(at); });
    QTRY_COMPARE_WITH_TIMEOUT(int(grants.size()), Requests, 5000);
    QVERIFY(std::is_sorted(grants.begin(), grants.end()));
    for (std::size_t i = 0; i + Limit < grants.size(); ++i) {
        const qint64 span = grants[i + Limit] - grants[i];
        if (span < Window)
            QFAIL(qPrintable(QStringLiteral("grants %1..%2 fall within %3 ms (window %4 ms)")
                                 .arg(i)
                                 .arg(i + Limit)
                                 .arg(span)
                                 .arg(Window)));
    }
    // Brute force as well: every window [t, t + Window) starting at a grant.
    for (const qint64 start : grants) {
        const auto inWindow = std::count_if(grants.begin(), grants.end(), [&](qint64 at) {
            return at >= start && at < start + Window;
        });
        QVERIFY2(inWindow <= Limit, qPrintable(QString::number(inWindow)));
    }
}

// Not overcautious: when the limit binds, a new slot is used as soon as it frees.
void TestRateLimiter::usesTheBudgetWhenItBinds()
{
    constexpr int Limit = 8;
    constexpr qint64 Window = 150;
    RateLimiter limiter(Limit, Window);
    std::vector<qint64> grants;
    for (int i = 0; i < 4 * Limit; ++i)
        limiter.acquire([&](qint64 at) { grants.push_back(at); });
    QTRY_COMPARE_WITH_TIMEOUT(int(grants.size()), 4 * Limit, 5000);
    // Three more windows after the first burst; timers may be late by a few milliseconds.
    const qint64 total = grants.back() - grants.front();
    QVERIFY2(total >= 3 * Window && total < 3 * Window + 200, qPrintable(QString::number(total)));
}

void TestRateLimiter::firstComeFirstServedAndRetriesFirst()
{
    RateLimiter limiter(1, 60);
    QList<int> order;
    limiter.acquire([&](qint64) { order.append(0); });
    limiter.acquire([&](qint64) { order.append(1); });
    limiter.acquire([&](qint64) { order.append(2); });
    limiter.acquire([&](qint64) { order.append(9); }, RateLimiter::Priority::First);
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 4, 2000);
    QCOMPARE(order, (QList<int>{0, 9, 1, 2}));
}

void TestRateLimiter::cancelTakesOutOfQueue()
{
    RateLimiter limiter(1, 50);
    int started = 0;
    limiter.acquire([&](qint64) { ++started; });
    const RateLimiter::Ticket second = limiter.acquire([&](qint64) { started += 10; });
    const RateLimiter::Ticket third = limiter.acquire([&](qint64) { started += 100; });
    QVERIFY(limiter.cancel(second));
    QVERIFY(!limiter.cancel(second));
    QTRY_COMPARE_WITH_TIMEOUT(started, 101, 2000);
    QVERIFY(!limiter.cancel(third)); // already started
    QTest::qWait(120);
    QCOMPARE(started, 101);
}

void TestRateLimiter::holdForStopsEveryGrant()
{
    RateLimiter limiter(100, 1000);
    QElapsedTimer clock;
    clock.start();
    limiter.holdFor(150);
    qint64 startedAt = -1;
    limiter.acquire([&](qint64) { startedAt = clock.elapsed(); });
    QCOMPARE(startedAt, -1);
    QTRY_VERIFY_WITH_TIMEOUT(startedAt >= 0, 2000);
    QVERIFY2(startedAt >= 150, qPrintable(QString::number(startedAt)));
    // A shorter hold does not cut a longer one short.
    limiter.holdFor(200);
    limiter.holdFor(10);
    QVERIFY(limiter.heldUntil() >= limiter.now() + 150);
}

void TestRateLimiter::acquireFromInsideStart()
{
    RateLimiter limiter(2, 80);
    QList<int> order;
    limiter.acquire([&](qint64) {
        order.append(1);
        limiter.acquire([&](qint64) { order.append(3); });
    });
    // The one queued from inside came first, so it takes the second slot.
    limiter.acquire([&](qint64) { order.append(2); });
    QCOMPARE(order, (QList<int>{1, 3}));
    QTRY_COMPARE_WITH_TIMEOUT(order, (QList<int>{1, 3, 2}), 2000);
}

void TestRateLimiter::unlimitedWhenLimitIsZero()
{
    RateLimiter limiter(0, 1000);
    int started = 0;
    for (int i = 0; i < 5000; ++i)
        limiter.acquire([&](qint64) { ++started; });
    QCOMPARE(started, 5000);
    QCOMPARE(limiter.waiting(), 0);
}

// A server counts a request when it arrives, somewhere between the grant and the answer: a
// grant held Until::Settled counts while the request is in flight, and for a window after its
// answer, so that however long requests queue on the way the server never sees more.
void TestRateLimiter::settledGrantsCountUntilAWindowAfterTheAnswer()
{
    qint64 now = 1000;
    RateLimiter limiter(2, 100);
    limiter.setClock([&] { return now; });
    std::vector<RateLimiter::Ticket> tickets;
    int started = 0;
    auto start = [&](qint64) {
        ++started;
        tickets.push_back(limiter.granting());
    };
    limiter.acquire(start, RateLimiter::Priority::Normal, RateLimiter::Until::Settled);
    limiter.acquire(start, RateLimiter::Priority::Normal, RateLimiter::Until::Settled);
    limiter.acquire(start, RateLimiter::Priority::Normal, RateLimiter::Until::Settled);
    QCOMPARE(started, 2);
    QCOMPARE(int(tickets.size()), 2);
    QVERIFY(tickets[0] != 0 && tickets[1] != 0);

    // A window has passed since the grants, but neither request has been answered.
    now = 1500;
    QTest::qWait(20);
    QCOMPARE(started, 2);

    // The first answer comes: its grant still counts for a window after it.
    limiter.settle(tickets[0], now);
    now = 1550;
    QTest::qWait(20);
    QCOMPARE(started, 2);
    now = 1500 + 100 + 3; // past the window and the rounding margin
    QTRY_COMPARE(started, 3);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"

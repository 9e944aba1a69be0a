// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <list>

// Keeps requests within a budget of `limit` per `windowMs`, the way Clerk counts them: a sliding
// window, so that no window of windowMs, wherever it starts, holds more than `limit` grants.
// Requests wait their turn in a queue (first come, first served; retries may go first) and are
// started from a QTimer when the budget allows: nothing ever blocks or spins.
//
// A server that answers 429 knows better than this count: holdFor() stops all grants until its
// Retry-After has passed.
class RateLimiter : public QObject
{
    Q_OBJECT

public:
    using Ticket = quint64;
    // Called once, when the request may go, with the limiter's clock at that moment.
    using Start = std::function<void(qint64 grantedAtMs)>;
    using Clock = std::function<qint64()>; // monotonic milliseconds
    enum class Priority { Normal, First };
    // How long a grant counts. Granted: `windowMs` from the grant. Settled: until `windowMs`
    // after settle() (plus the clocks' millisecond resolution), and for as long as it is not
    // settled. For requests whose server counts them on arrival: settled when the answer came, a
    // grant outlives the server's count of it however long the request waited on the way
    // (connection queue, network), so the server never sees more than `limit` in its window.
    enum class Until { Granted, Settled };

    RateLimiter(int limit, qint64 windowMs, QObject *parent = nullptr);
    ~RateLimiter() override;

    // Changes the budget; waiting requests are re-planned. limit <= 0 means no limit.
    void setBudget(int limit, qint64 windowMs);
    int limit() const { return m_limit; }
    qint64 windowMs() const { return m_windowMs; }

    // Queues `start`. When nothing waits before it and the budget allows, it runs before
    // acquire() returns; otherwise later, from the event loop. Returns a ticket for cancel().
    Ticket acquire(Start start, Priority priority = Priority::Normal, Until until = Until::Granted);
    // The request granted under `ticket` is done (answered, failed or abandoned) at `atMs`.
    void settle(Ticket ticket, qint64 atMs);
    // Inside a Start callback: the ticket being started.
    Ticket granting() const { return m_granting; }
    // Takes a request out of the queue; false when it had already started (or never was).
    bool cancel(Ticket ticket);

    // Grants nothing for the next `ms` (a 429's Retry-After). A longer hold already in force
    // stays.
    void holdFor(qint64 ms);
    qint64 heldUntil() const { return m_holdUntil; }

    int waiting() const { return int(m_queue.size()); }
    // Grants inside the window that ends now.
    int usedInWindow() const;
    qint64 granted() const { return m_granted; }

    // Tests may drive the clock; the default is a monotonic clock started with the limiter.
    void setClock(Clock clock);
    qint64 now() const { return m_clock(); }

private:
    struct Waiter
    {
        Ticket ticket;
        Start start;
        Until until;
    };
    struct Grant
    {
        Ticket ticket;
        qint64 at; // granted, or settled
        bool settled;
    };
    static constexpr qint64 SettleMarginMs = 2; // the client's and the server's ms rounding

    void drain();
    void schedule(qint64 now);
    void expire(qint64 now);

    int m_limit;
    qint64 m_windowMs;
    Clock m_clock;
    std::list<Waiter> m_queue;
    std::deque<Grant> m_grants; // the grants that still count
    qint64 m_holdUntil = 0;
    qint64 m_granted = 0;
    Ticket m_nextTicket = 1;
    Ticket m_granting = 0;
    bool m_draining = false;
    QTimer m_timer;
};

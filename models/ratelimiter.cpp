// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "ratelimiter.h"

#include <QElapsedTimer>

#include <algorithm>
#include <memory>

// The window is a log of grant times. A grant at time g counts for every window that holds g,
// so at `now` the grants that still count are those with g > now - windowMs, and a new grant is
// allowed while fewer than `limit` of them are left. Then every half-open interval of windowMs
// holds at most `limit` grants: if it held limit + 1, its last grant would have been made with
// `limit` others less than windowMs before it.

RateLimiter::RateLimiter(int limit, qint64 windowMs, QObject *parent)
    : QObject(parent)
    , m_limit(limit)
    , m_windowMs(std::max<qint64>(windowMs, 1))
{
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    m_clock = [elapsed] { return elapsed->elapsed(); };
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RateLimiter::drain);
}

RateLimiter::~RateLimiter() = default;

void RateLimiter::setBudget(int limit, qint64 windowMs)
{
    m_limit = limit;
    m_windowMs = std::max<qint64>(windowMs, 1);
    drain();
}

RateLimiter::Ticket RateLimiter::acquire(Start start, Priority priority)
{
    const Ticket ticket = m_nextTicket++;
    if (priority == Priority::First)
        m_queue.push_front({ticket, std::move(start)});
    else
        m_queue.push_back({ticket, std::move(start)});
    drain();
    return ticket;
}

bool RateLimiter::cancel(Ticket ticket)
{
    const auto it = std::find_if(m_queue.begin(), m_queue.end(), [ticket](const Waiter &waiter) {
        return waiter.ticket == ticket;
    });
    if (it == m_queue.end())
        return false;
    m_queue.erase(it);
    if (m_queue.empty())
        m_timer.stop();
    return true;
}

void RateLimiter::holdFor(qint64 ms)
{
    if (ms <= 0)
        return;
    const qint64 now = m_clock();
    m_holdUntil = std::max(m_holdUntil, now + ms);
    if (!m_draining)
        schedule(now);
}

int RateLimiter::usedInWindow() const
{
    const qint64 now = m_clock();
    return int(std::count_if(m_grants.begin(), m_grants.end(),
                             [&](qint64 grant) { return grant > now - m_windowMs; }));
}

void RateLimiter::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void RateLimiter::expire(qint64 now)
{
    while (!m_grants.empty() && m_grants.front() <= now - m_windowMs)
        m_grants.pop_front();
}

// Starts every waiting request the budget allows now, then sets the timer for the next one.
// A start callback may queue or cancel requests (or hold): the loop re-reads the queue each
// time, and a call made from inside it does not start a second loop.
void RateLimiter::drain()
{
    if (m_draining)
        return;
    m_draining = true;
    qint64 now = m_clock();
    while (!m_queue.empty()) {
        now = m_clock();
        expire(now);
        if (now < m_holdUntil)
            break;
        if (m_limit > 0 && int(m_grants.size()) >= m_limit)
            break;
        Start start = std::move(m_queue.front().start);
        m_queue.pop_front();
        if (m_limit > 0)
            m_grants.push_back(now);
        ++m_granted;
        start(now);
    }
    m_draining = false;
    schedule(now);
}

void RateLimiter::schedule(qint64 now)
{
    if (m_queue.empty()) {
        m_timer.stop();
        return;
    }
    qint64 next = std::max(now, m_holdUntil);
    if (m_limit > 0 && int(m_grants.size()) >= m_limit)
        next = std::max(next, m_grants[m_grants.size() - std::size_t(m_limit)] + m_windowMs);
    m_timer.start(int(std::clamp<qint64>(next - now, 0, 24 * 3600 * 1000)));
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "ratelimiter.h"

#include <QElapsedTimer>

#include <algorithm>
#include <memory>
#include <vector>

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

RateLimiter::Ticket RateLimiter::acquire(Start start, Priority priority, Until until)
{
    const Ticket ticket = m_nextTicket++;
    if (priority == Priority::First)
        m_queue.push_front({ticket, std::move(start), until});
    else
        m_queue.push_back({ticket, std::move(start), until});
    drain();
    return ticket;
}

void RateLimiter::settle(Ticket ticket, qint64 atMs)
{
    for (Grant &grant : m_grants) {
        if (grant.ticket == ticket && !grant.settled) {
            grant.settled = true;
            grant.at = std::max(grant.at, atMs) + SettleMarginMs;
            if (!m_draining)
                drain();
            return;
        }
    }
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
    return int(std::count_if(m_grants.begin(), m_grants.end(), [&](const Grant &grant) {
        return !grant.settled || grant.at > now - m_windowMs;
    }));
}

void RateLimiter::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void RateLimiter::expire(qint64 now)
{
    std::erase_if(m_grants, [&](const Grant &grant) {
        return grant.settled && grant.at <= now - m_windowMs;
    });
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
        const Ticket ticket = m_queue.front().ticket;
        const bool settled = m_queue.front().until == Until::Granted;
        m_queue.pop_front();
        if (m_limit > 0)
            m_grants.push_back({ticket, now, settled});
        ++m_granted;
        m_granting = ticket;
        start(now);
        m_granting = 0;
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
    if (m_limit > 0 && int(m_grants.size()) >= m_limit) {
        // When enough settled grants have left for one more: the (size - limit + 1)th to go.
        std::vector<qint64> leave;
        for (const Grant &grant : m_grants) {
            if (grant.settled)
                leave.push_back(grant.at + m_windowMs);
        }
        const std::size_t needed = m_grants.size() - std::size_t(m_limit);
        if (leave.size() <= needed) {
            m_timer.stop(); // settle() drains again
            return;
        }
        std::nth_element(leave.begin(), leave.begin() + std::ptrdiff_t(needed), leave.end());
        next = std::max(next, leave[needed]);
    }
    m_timer.start(int(std::clamp<qint64>(next - now, 0, 24 * 3600 * 1000)));
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <deque>

// A sliding-window rate limit like Clerk's Backend API (100 requests per 10 s on development
// instances, 1000 on production ones): at most `limit` requests are admitted in any window of
// `windowMs`. Refused requests do not count. Time is passed in, so tests need no clock.
class MockRateLimiter
{
public:
    static constexpr int DefaultLimit = 100;
    static constexpr qint64 DefaultWindowMs = 10'000;

    // limit <= 0 admits everything.
    explicit MockRateLimiter(int limit = DefaultLimit, qint64 windowMs = DefaultWindowMs);

    struct Decision
    {
        bool admitted = true;
        qint64 retryAfterMs = 0; // when refused: until the oldest admitted request leaves
    };
    Decision admit(qint64 nowMs);

    // Retry-After is whole seconds (RFC 9110 delay-seconds), rounded up and at least 1.
    static int retryAfterSeconds(qint64 retryAfterMs);

    int limit() const { return m_limit; }
    qint64 windowMs() const { return m_windowMs; }

private:
    int m_limit;
    qint64 m_windowMs;
    std::deque<qint64> m_admitted; // times of the admitted requests still inside the window
};

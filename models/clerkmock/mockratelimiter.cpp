// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "mockratelimiter.h"

#include <algorithm>

MockRateLimiter::MockRateLimiter(int limit, qint64 windowMs)
    : m_limit(limit)
    , m_windowMs(std::max<qint64>(1, windowMs))
{ }

MockRateLimiter::Decision MockRateLimiter::admit(qint64 nowMs)
{
    if (m_limit <= 0)
        return {};
    while (!m_admitted.empty() && m_admitted.front() + m_windowMs <= nowMs)
        m_admitted.pop_front();
    if (int(m_admitted.size()) < m_limit) {
        m_admitted.push_back(nowMs);
        return {};
    }
    return {false, m_admitted.front() + m_windowMs - nowMs};
}

int MockRateLimiter::retryAfterSeconds(qint64 retryAfterMs)
{
    return int(std::max<qint64>(1, (retryAfterMs + 999) / 1000));
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "faultinjector.h"

#include <algorithm>

FaultInjector::FaultInjector(const Rates &rates, std::uint64_t seed)
    : m_rates(rates)
    , m_state(seed ^ 0x5eed'fa17'0000'0000ULL)
{ }

// splitmix64: a small, well-mixed stream, the same on every platform.
std::uint64_t FaultInjector::draw()
{
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double FaultInjector::unit()
{
    return double(draw() >> 11) * 0x1.0p-53;
}

FaultInjector::Plan FaultInjector::next()
{
    // Always six draws, in this order.
    const double error = unit();
    const std::uint64_t errorKind = draw();
    const double drop = unit();
    const double dropAt = unit();
    const double malformed = unit();
    const std::uint64_t malformKind = draw();

    Plan plan;
    if (error < m_rates.serverError) {
        static constexpr int Statuses[] = {500, 502, 503};
        plan.serverErrorStatus = Statuses[errorKind % 3];
        return plan;
    }
    plan.drop = drop < m_rates.drop;
    plan.dropAt = 0.05 + 0.9 * dropAt;
    plan.malformed = !plan.drop && malformed < m_rates.malformed;
    plan.malformDraw = std::uint32_t(malformKind);
    return plan;
}

QByteArray FaultInjector::malform(const QByteArray &json, std::uint32_t draw)
{
    if (json.size() < 2)
        return QByteArrayLiteral("{");
    switch (draw % 3) {
    case 0: { // cut short, as a proxy that gave up would leave it
        const qsizetype keep = 1 + qsizetype(draw / 3 % std::uint32_t(json.size() - 1));
        return json.left(keep);
    }
    case 1: { // a key's ':' replaced, as a garbled byte would leave it
        QByteArray broken = json;
        qsizetype at = broken.indexOf("\":", qsizetype(draw / 3 % std::uint32_t(json.size())));
        if (at < 0)
            at = broken.indexOf("\":");
        if (at < 0 || (at > 0 && broken[at - 1] == '\\'))
            return json.left(json.size() - 1);
        broken[at + 1] = ';';
        return broken;
    }
    default: // an HTML error page where JSON was promised
        return QByteArrayLiteral("<html><body><h1>Internal Server Error</h1></body></html>");
    }
}

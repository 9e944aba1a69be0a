// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

#include <cstdint>

// The mock's fault switches: what goes wrong with one answer. Every request draws the same
// number of values from a seeded generator whatever is decided, so a seed and a sequence of
// requests always give the same faults.
class FaultInjector
{
public:
    struct Rates
    {
        double serverError = 0; // fraction answered 500, 502 or 503 instead
        double drop = 0; // fraction whose connection is closed part-way through the body
        double malformed = 0; // fraction whose JSON body is broken
    };

    struct Plan
    {
        int serverErrorStatus = 0; // 500, 502 or 503; 0 for none
        bool drop = false;
        double dropAt = 0; // the fraction of the body sent before the connection is closed
        bool malformed = false;
        std::uint32_t malformDraw = 0; // picks how the body is broken
    };

    FaultInjector(const Rates &rates, std::uint64_t seed);

    void setRates(const Rates &rates) { m_rates = rates; }
    const Rates &rates() const { return m_rates; }

    Plan next();

    // `json` broken in a way a JSON parser must reject (cut short, or a structural character
    // replaced), chosen by `draw`. Never returns valid JSON.
    static QByteArray malform(const QByteArray &json, std::uint32_t draw);

private:
    std::uint64_t draw();
    double unit(); // [0, 1)

    Rates m_rates;
    std::uint64_t m_state;
};

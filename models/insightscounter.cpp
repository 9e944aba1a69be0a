// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "insightscounter.h"

#include "sessionstore.h"

#include <QElapsedTimer>

#include <algorithm>
#include <bit>
#include <cstdint>

InsightsCounter::InsightsCounter(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &InsightsCounter::countSlice);
}

InsightsCounter::~InsightsCounter() = default;

void InsightsCounter::start(const SessionStore *store, std::span<const int> rows)
{
    cancel();
    m_store = store;
    m_rows.assign(rows.begin(), rows.end());
    m_slices = 0;
    m_longestSliceNs = 0;
    m_timer.start();
}

void InsightsCounter::cancel()
{
    m_timer.stop();
    m_accumulator.reset();
    m_store = nullptr;
    m_phase = Phase::Starting;
    m_next = 0;
    // Megabytes at a million rows: not kept between counts.
    m_rows = {};
    m_bits = {};
    m_chunk = {};
}

void InsightsCounter::setRowsPerSlice(int rows)
{
    m_rowsPerSlice = std::max(1, rows);
}

void InsightsCounter::countSlice()
{
    QElapsedTimer clock;
    clock.start();
    bool done = false;
    switch (m_phase) {
    case Phase::Starting:
        // The accumulator sizes its arrays to the dictionaries as they are now, not when
        // start() was called: loads may have added values in between.
        m_accumulator = std::make_unique<InsightsData::Accumulator>(*m_store);
        if (std::is_sorted(m_rows.begin(), m_rows.end())) {
            m_phase = Phase::CountingRows;
            done = countRows();
        } else {
            m_bits.assign((std::size_t(m_store->size()) + 63) / 64, 0);
            m_phase = Phase::Marking;
            markRows();
        }
        break;
    case Phase::Marking:
        markRows();
        break;
    case Phase::CountingRows:
        done = countRows();
        break;
    case Phase::CountingBits:
        done = countBits();
        break;
    }
    ++m_slices;
    if (!done) {
        m_longestSliceNs = std::max(m_longestSliceNs, clock.nsecsElapsed());
        return;
    }
    const InsightsData data = m_accumulator->result();
    m_longestSliceNs = std::max(m_longestSliceNs, clock.nsecsElapsed());
    const int slices = m_slices;
    const qint64 longest = m_longestSliceNs;
    cancel();
    m_slices = slices;
    m_longestSliceNs = longest;
    emit finished(data);
}

// Rows out of order (a sorted table lists its rows all over the store) are counted in store
// order: reading five columns at random costs several times what reading them in order does
// (bench_insights). A bit per store row, set a few slices' worth of rows a slice (setting a bit
// is cheaper than counting a row), then counted word by word. Rows out of the store's range
// are dropped, as Accumulator would skip them.
void InsightsCounter::markRows()
{
    const std::size_t end =
        std::min(m_rows.size(), m_next + MarksPerRow * std::size_t(m_rowsPerSlice));
    const std::size_t limit = m_bits.size() * 64;
    for (std::size_t i = m_next; i < end; ++i) {
        const auto row = std::size_t(unsigned(m_rows[i]));
        if (row < limit)
            m_bits[row / 64] |= std::uint64_t(1) << (row % 64);
    }
    m_next = end;
    if (m_next == m_rows.size()) {
        m_rows = {};
        m_next = 0;
        m_phase = Phase::CountingBits;
    }
}

bool InsightsCounter::countRows()
{
    const std::size_t end = std::min(m_rows.size(), m_next + std::size_t(m_rowsPerSlice));
    m_accumulator->add(std::span<const int>(m_rows).subspan(m_next, end - m_next));
    m_next = end;
    return m_next == m_rows.size();
}

// Whole words until a slice's worth of rows (a word more at most).
bool InsightsCounter::countBits()
{
    m_chunk.clear();
    while (m_next < m_bits.size() && m_chunk.size() < std::size_t(m_rowsPerSlice)) {
        const int base = int(m_next * 64);
        for (std::uint64_t word = m_bits[m_next]; word != 0; word &= word - 1)
            m_chunk.push_back(base + std::countr_zero(word));
        ++m_next;
    }
    m_accumulator->add(m_chunk);
    return m_next == m_bits.size();
}

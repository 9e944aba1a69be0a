// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "insightsdata.h"

#include <QObject>
#include <QTimer>

#include <cstdint>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

class SessionStore;

// Counts InsightsData for a set of rows without blocking the GUI: a slice of rows per pass of
// the event loop (a zero timer), on the thread that owns the store, and finished() once at the
// end.
//
// Why not a worker thread: loads write the store on the GUI thread (upsert() appends to and
// may reallocate every column and dictionary), so a worker reading it would race with the next
// load batch unless it read a snapshot, and copying five columns for a million rows costs as
// much as counting them. Counting is a few array loads and increments a row: 64k rows take
// about half a millisecond (the first slice a little more: each new day asks the time zone),
// so slices keep the window responsive and a million rows are counted in 10-20 ms in all
// (tests/benchmarks/bench_insights).
//
// Restarts: start() drops any count in progress and begins again from nothing, so only the
// last start() emits finished(), and cancel() drops it without a word. Call start() whenever the
// rows change (the proxy's layout or rows changed: shownSourceRows() is then stale) and cancel()
// before the store is cleared or destroyed. If a change slips through between two slices
// nothing breaks: rows the store no longer has are skipped and new values are counted; the
// result is only stale.
class InsightsCounter : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultRowsPerSlice = 65536;

    explicit InsightsCounter(QObject *parent = nullptr);
    ~InsightsCounter() override;

    // Copies `rows` (distinct rows of `store`, in any order) and counts them from the next event
    // loop pass on, even when there are none. Rows out of order are counted in store order
    // (see markRows()).
    void start(const SessionStore *store, std::span<const int> rows);
    void cancel();
    bool isRunning() const { return m_timer.isActive(); }

    void setRowsPerSlice(int rows);
    int rowsPerSlice() const { return m_rowsPerSlice; }

    // The last count's slices (those of the count in progress while one runs): how many, and
    // the longest one, the final strings and buckets included.
    int slices() const { return m_slices; }
    double longestSliceMs() const { return double(m_longestSliceNs) / 1e6; }

signals:
    void finished(const InsightsData &data);

private:
    enum class Phase { Starting, Marking, CountingRows, CountingBits };
    static constexpr std::size_t MarksPerRow = 4; // rows marked a slice per row counted

    void countSlice();
    void markRows();
    bool countRows();
    bool countBits();

    QTimer m_timer;
    const SessionStore *m_store = nullptr;
    Phase m_phase = Phase::Starting;
    std::vector<int> m_rows; // as given
    std::vector<std::uint64_t> m_bits; // rows given out of order: a bit per store row
    std::vector<int> m_chunk; // a slice's rows, from m_bits
    std::size_t m_next = 0; // the next index into m_rows, or word of m_bits
    std::unique_ptr<InsightsData::Accumulator> m_accumulator; // made by the first slice
    int m_rowsPerSlice = DefaultRowsPerSlice;
    int m_slices = 0;
    qint64 m_longestSliceNs = 0;
};

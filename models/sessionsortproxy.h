// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "largeallocator.h"
#include "sessionfilter.h"
#include "sessionfiltermatcher.h"
#include "sessionsortkeys.h"

#include <QAbstractProxyModel>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

class SessionTableModel;

// The session table's sort and filter: a SessionTableModel seen through a vector of the source
// rows that match the filter, in sort order. Built for a million rows, where
// QSortFilterProxyModel takes seconds per keystroke and per sort:
// - filtering asks a SessionFilterMatcher, which tests each distinct string of a column once and
//   matches rows on two threads; a new filter is one layout change, whatever changed;
// - sorting orders all rows once per column and order (a radix sort over keys taken straight
//   from the columnar store, stable, the most recent activity first among equal keys); a new
//   filter then keeps its rows in that order with one pass, without sorting again.
//
// Rows a load appends are matched alone (one insert for those that match); rows an update
// changes are tested again, and their moves in and out of the filter or the order are applied
// once control returns to the event loop, in one layout change however many runs the update
// reported. While a load runs, sorting can be paused: new rows then wait at the end, and one
// sort puts them in place when it resumes.
class SessionSortProxy : public QAbstractProxyModel
{
    Q_OBJECT

public:
    // Rows matching the query by status (index = SessionStatus), the status toggles ignored.
    using StatusCounts = std::array<int, KnownStatusCount + 1>;

    explicit SessionSortProxy(QObject *parent = nullptr);
    ~SessionSortProxy() override;

    void setSessionModel(SessionTableModel *model);
    void setSortingPaused(bool paused);

    // Filters the rows now; the rows that still match keep their persistent indexes (and so the
    // selection and the current row), the others' become invalid.
    void setFilter(const SessionFilter &filter);
    const SessionFilter &filter() const { return m_filter; }
    // The rows the source model shows; rowCount() is how many of them match.
    int sourceRowCount() const { return int(m_state.size()); }
    // For the status toggles: how many rows match the query with each status, whatever the
    // toggles say. Kept up to date as rows are added and updated.
    StatusCounts statusCounts() const { return m_statusCounts; }
    // The source rows shown, in proxy order (proxy row -> source row). Valid until the next
    // layout or row change; for readers that go over every shown row (export, insights).
    std::span<const int> shownSourceRows() const { return {m_toSource.data(), m_toSource.size()}; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_column; }
    Qt::SortOrder sortOrder() const { return m_order; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

signals:
    void filterChanged();
    // rowCount(), sourceRowCount() or statusCounts() may have changed: at most once per
    // re-filter, load batch or applied update.
    void countsChanged();

private:
    void setSourceModel(QAbstractItemModel *model) override; // use setSessionModel()
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void sourceReset();

    void useMatcherFor(const SessionFilter &filter);
    void matchAll();
    void matchRange(int first, int end);
    bool isVisible(std::uint8_t state) const;
    void findVisibleRows();
    void applySort();
    void orderByRecency();
    void applyPendingUpdates();
    void scheduleUpdates();
    void showVisibleRows(bool announce);
    int proxyRowOf(int sourceRow) const;
    void forwardDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                            const QList<int> &roles);

    // Million-row buffers: see LargeAllocator.
    template<typename T>
    using Buffer = std::vector<T, LargeAllocator<T>>;

    struct CachedMatcher
    {
        QString query; // null: not to be reused (relative to the time it was parsed)
        std::unique_ptr<SessionFilterMatcher> matcher;
    };

    SessionTableModel *m_model = nullptr;
    SessionFilter m_filter;
    // The matchers of the last few queries, the current one first: backspacing to a query
    // typed a moment ago reuses its per-dictionary tables instead of building them again.
    std::vector<CachedMatcher> m_matchers;
    SessionFilterMatcher *m_matcher = nullptr; // null when the query matches every row
    // Per source row: whether it matches the query (Matches) and its status (the low bits), so
    // that updates adjust the counts and a status toggle needs no matching.
    Buffer<std::uint8_t> m_state;
    StatusCounts m_statusCounts{};
    Buffer<int> m_sorted; // every source row in sort order; empty: load order
    Buffer<int> m_byRecency; // every source row, most recently active first (the tie-break)
    SessionSortKeys::RankCache m_ranks; // of the strings, for the next sort
    Buffer<int> m_toSource; // proxy row -> source row
    Buffer<int> m_nextToSource; // the next m_toSource, kept to be filled without new memory
    std::vector<std::uint64_t> m_wanted; // a bit per source row, to find persistent rows
    // source row -> proxy row, -1 when filtered out; built when first asked for after a change,
    // as views seldom need it: a keystroke does not pay for it.
    mutable Buffer<int> m_toProxy;
    mutable bool m_toProxyStale = true;
    int m_column = -1; // -1: load order
    Qt::SortOrder m_order = Qt::AscendingOrder;
    bool m_paused = false;
    bool m_dirty = false; // m_sorted is out of order until the next sort
    bool m_membershipChanged = false; // updated rows entered or left the filter
    bool m_updateScheduled = false;
};

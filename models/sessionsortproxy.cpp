// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionsortproxy.h"

#include "sessiontablemodel.h"
#include "twothreads.h"

#include <algorithm>
#include <numeric>
#include <thread>

namespace {

constexpr std::uint8_t Matches = 0x80; // m_state: the row matches the query
constexpr std::uint8_t StatusBits = 0x0f; // m_state: the row's SessionStatus
constexpr std::size_t CachedMatchers = 4;

std::uint64_t timeKey(qint64 ms)
{
    return std::uint64_t(ms) ^ (std::uint64_t(1) << 63); // signed order as unsigned
}

// Whether the model's values may have changed, not only their display (the clock ticked).
bool valuesChanged(const QList<int> &roles)
{
    return roles.isEmpty() || roles.contains(SessionTableModel::SortRole) ||
        roles.contains(SessionTableModel::SessionRole);
}

} // namespace

SessionSortProxy::SessionSortProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{ }

SessionSortProxy::~SessionSortProxy() = default;

void SessionSortProxy::setSessionModel(SessionTableModel *model)
{
    setSourceModel(model);
}

void SessionSortProxy::setSourceModel(QAbstractItemModel *model)
{
    beginResetModel();
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = qobject_cast<SessionTableModel *>(model);
    Q_ASSERT(m_model || !model);
    QAbstractProxyModel::setSourceModel(m_model);
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this,
                &SessionSortProxy::sourceRowsInserted);
        connect(m_model, &QAbstractItemModel::dataChanged, this,
                &SessionSortProxy::sourceDataChanged);
        connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
                &SessionSortProxy::beginResetModel);
        connect(m_model, &QAbstractItemModel::modelReset, this, &SessionSortProxy::sourceReset);
        connect(m_model, &QAbstractItemModel::headerDataChanged, this,
                &SessionSortProxy::headerDataChanged);
        connect(m_model, &QObject::destroyed, this, [this] {
            beginResetModel();
            m_model = nullptr;
            sourceReset();
        });
    }
    sourceReset();
}

void SessionSortProxy::sourceReset()
{
    // The store may have been cleared: its strings have new ids, the matchers start over.
    m_matchers.clear();
    useMatcherFor(m_filter);
    m_state.clear();
    m_statusCounts = {};
    m_sorted.clear();
    m_byRecency.clear();
    m_ranks.clear();
    matchRange(0, m_model ? m_model->rowCount() : 0);
    m_dirty = m_column >= 0 && m_state.size() > 1;
    if (m_dirty && !m_paused)
        applySort(); // before views hear of the rows: no layout change needed
    findVisibleRows();
    showVisibleRows(false);
    m_membershipChanged = false;
    endResetModel();
    emit countsChanged();
}

// Points m_matcher at a matcher for the filter's query (the status toggles are applied here,
// see m_state), reusing a recent one for the same query.
void SessionSortProxy::useMatcherFor(const SessionFilter &filter)
{
    SessionFilter query = filter;
    query.setStatusMask(SessionFilter::AllStatuses);
    m_matcher = nullptr;
    if (!m_model || query.isEmpty())
        return;
    // Relative times ("last_active<2h") were fixed when parsed: the same text may mean
    // another time range now.
    const QString key = query.isRelativeToNow() ? QString() : query.query();
    auto cached = std::find_if(m_matchers.begin(), m_matchers.end(), [&](const auto &entry) {
        return !key.isNull() && entry.query == key;
    });
    if (cached != m_matchers.end()) {
        std::rotate(m_matchers.begin(), cached, cached + 1);
    } else {
        if (m_matchers.size() == CachedMatchers)
            m_matchers.pop_back();
        m_matchers.insert(m_matchers.begin(),
                          {key, std::make_unique<SessionFilterMatcher>(query, m_model->store())});
    }
    m_matcher = m_matchers.front().matcher.get();
    m_matcher->setAnomalyFlags(&m_model->anomalies().allFlags()); // for flag: terms
}

bool SessionSortProxy::isVisible(std::uint8_t state) const
{
    return (state & Matches) && (m_filter.statusMask() >> (state & StatusBits)) & 1;
}

// Appends the states of the source rows [first, end) and counts them.
void SessionSortProxy::matchRange(int first, int end)
{
    Q_ASSERT(first == int(m_state.size()));
    if (end <= first)
        return;
    const SessionStore &store = m_model->store();
    m_state.resize(std::size_t(end));
    for (int row = first; row < end; ++row)
        m_state[std::size_t(row)] = std::uint8_t(store.status(row));
    if (m_matcher) {
        m_matcher->prepare();
        for (const int row : m_matcher->matchRows(first, end))
            m_state[std::size_t(row)] |= Matches;
    } else {
        for (int row = first; row < end; ++row)
            m_state[std::size_t(row)] |= Matches;
    }
    for (int row = first; row < end; ++row) {
        const std::uint8_t state = m_state[std::size_t(row)];
        m_statusCounts[state & StatusBits] += state >> 7;
    }
}

// Matches every row again (a new query).
void SessionSortProxy::matchAll()
{
    m_statusCounts = {};
    if (m_matcher) {
        m_matcher->prepare();
        const std::vector<int> rows = m_matcher->matchRows(0, sourceRowCount());
        for (std::uint8_t &state : m_state)
            state &= StatusBits;
        for (const int row : rows) {
            std::uint8_t &state = m_state[std::size_t(row)];
            state |= Matches;
            ++m_statusCounts[state & StatusBits];
        }
    } else {
        for (std::uint8_t &state : m_state) {
            state |= Matches;
            ++m_statusCounts[state & StatusBits];
        }
    }
}

// Puts the rows that pass the filter and the status toggles, in the current order, into
// m_nextToSource: one pass over the order, two threads each on half of it, testing a byte per
// row. The buffer is the one m_toSource had before: no new memory, no page faults.
void SessionSortProxy::findVisibleRows()
{
    const std::size_t n = m_state.size();
    Buffer<int> &rows = m_nextToSource;
    rows.resize(n);
    if (!m_matcher && m_filter.statusMask() == SessionFilter::AllStatuses) {
        if (m_sorted.empty())
            std::iota(rows.begin(), rows.end(), 0);
        else
            std::copy(m_sorted.begin(), m_sorted.end(), rows.begin());
        return;
    }
    std::array<bool, 256> visible{};
    for (int state = 0; state < 256; ++state)
        visible[std::size_t(state)] = isVisible(std::uint8_t(state));
    // Each half writes where its rows would start if all of them passed; the second's are
    // then moved down behind the first's.
    std::array<std::size_t, 2> found{};
    TwoThreads::run(n, [&](int part) {
        const auto [begin, end] = TwoThreads::half(n, part);
        int *out = rows.data() + begin;
        if (m_sorted.empty()) {
            for (std::size_t row = begin; row < end; ++row) {
                *out = int(row);
                out += visible[m_state[row]];
            }
        } else {
            for (std::size_t i = begin; i < end; ++i) {
                const int row = m_sorted[i];
                *out = row;
                out += visible[m_state[std::size_t(row)]];
            }
        }
        found[std::size_t(part)] = std::size_t(out - (rows.data() + begin));
    });
    const std::size_t second = TwoThreads::half(n, 1).first;
    std::copy(rows.begin() + std::ptrdiff_t(second),
              rows.begin() + std::ptrdiff_t(second + found[1]),
              rows.begin() + std::ptrdiff_t(found[0]));
    rows.resize(found[0] + found[1]);
}

// Shows the rows findVisibleRows() found. With `announce`, as one layout change in which the
// persistent indexes follow their rows, or become invalid for rows that are gone: selection
// models keep the selected rows that remain, and one signal costs a view the same for one row
// or a million, where removing and inserting would take a signal per run of rows.
void SessionSortProxy::showVisibleRows(bool announce)
{
    if (!announce) {
        m_toSource.swap(m_nextToSource);
        m_toProxyStale = true;
        return;
    }
    // Vertical: columns stay as they are. The horizontal header then ignores the change and a
    // selection model follows selected rows by one index each, not one per cell.
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> sources; // of the persistent indexes
    sources.reserve(std::size_t(before.size()));
    QHash<int, int> moved; // source row -> new proxy row
    for (const QModelIndex &index : before) {
        sources.push_back(m_toSource[std::size_t(index.row())]);
        moved.insert(sources.back(), -1);
    }
    m_toSource.swap(m_nextToSource);
    m_toProxyStale = true;
    if (!before.isEmpty()) {
        // Where the persistent rows went, found in one pass over the new rows (a view holds a
        // few persistent indexes: the current row, one per selected row) rather than by
        // building the whole source -> proxy map, which a keystroke then need not pay for.
        m_wanted.resize((m_state.size() + 63) / 64);
        for (const int row : sources)
            m_wanted[std::size_t(row) / 64] |= std::uint64_t(1) << (row % 64);
        for (std::size_t i = 0; i < m_toSource.size(); ++i) {
            const auto row = std::size_t(m_toSource[i]);
            if (m_wanted[row / 64] >> (row % 64) & 1)
                moved[int(row)] = int(i);
        }
        for (const int row : sources)
            m_wanted[std::size_t(row) / 64] = 0;
        QModelIndexList after;
        after.reserve(before.size());
        for (qsizetype i = 0; i < before.size(); ++i) {
            const int row = moved.value(sources[std::size_t(i)]);
            after.append(row >= 0 ? index(row, before[i].column()) : QModelIndex());
        }
        changePersistentIndexList(before, after);
    }
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int SessionSortProxy::proxyRowOf(int sourceRow) const
{
    if (m_toProxyStale) {
        m_toProxy.assign(m_state.size(), -1);
        TwoThreads::run(m_toSource.size(), [this](int part) {
            const auto [begin, end] = TwoThreads::half(m_toSource.size(), part);
            for (std::size_t i = begin; i < end; ++i)
                m_toProxy[std::size_t(m_toSource[i])] = int(i);
        });
        m_toProxyStale = false;
    }
    return sourceRow >= 0 && sourceRow < int(m_toProxy.size()) ? m_toProxy[std::size_t(sourceRow)]
                                                               : -1;
}

void SessionSortProxy::setFilter(const SessionFilter &filter)
{
    const bool sameQuery = m_matcher && filter.query() == m_filter.query() &&
        !filter.isRelativeToNow() && !m_filter.isRelativeToNow();
    m_filter = filter;
    if (m_model) {
        // Only the status toggles changed: the rows' states are current, nothing to match.
        if (!sameQuery) {
            useMatcherFor(m_filter);
            matchAll();
        }
        if (m_dirty && !m_paused)
            applySort();
        findVisibleRows();
        showVisibleRows(true);
        m_membershipChanged = false;
    }
    emit filterChanged();
    emit countsChanged();
}

void SessionSortProxy::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    // SessionTableModel only ever appends. Only the new rows are matched; those that pass join
    // at the end, in order when the proxy is unsorted, and are sorted in when sorting resumes
    // (or at once, when not paused).
    Q_ASSERT(first == sourceRowCount());
    m_byRecency.clear();
    matchRange(first, last + 1);
    if (!m_sorted.empty()) {
        for (int row = first; row <= last; ++row)
            m_sorted.push_back(row);
    }
    std::vector<int> shown;
    for (int row = first; row <= last; ++row) {
        if (isVisible(m_state[std::size_t(row)]))
            shown.push_back(row);
    }
    if (!m_toProxyStale)
        m_toProxy.resize(m_state.size(), -1);
    if (!shown.empty()) {
        const int proxyFirst = rowCount();
        beginInsertRows({}, proxyFirst, proxyFirst + int(shown.size()) - 1);
        for (const int row : shown) {
            if (!m_toProxyStale)
                m_toProxy[std::size_t(row)] = int(m_toSource.size());
            m_toSource.push_back(row);
        }
        endInsertRows();
    }
    if (m_column >= 0) {
        // Rows that are filtered out wait in m_sorted until something needs the order.
        m_dirty = true;
        if (!m_paused && !shown.empty()) {
            applySort();
            findVisibleRows();
            showVisibleRows(true);
            m_membershipChanged = false;
        }
    }
    emit countsChanged();
}

void SessionSortProxy::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                         const QList<int> &roles)
{
    if (topLeft.parent().isValid())
        return;
    forwardDataChanged(topLeft, bottomRight, roles);
    if (!valuesChanged(roles))
        return;
    m_byRecency.clear();
    const int first = topLeft.row(), last = bottomRight.row();
    const SessionStore &store = m_model->store();
    bool countsMoved = false;
    // Many rows are matched together (on two threads), a few one by one.
    std::vector<int> matching;
    const bool together = m_matcher && last - first >= 1024;
    if (m_matcher)
        m_matcher->prepare(); // an update may bring new strings
    if (together)
        matching = m_matcher->matchRows(first, last + 1);
    auto next = matching.cbegin();
    for (int row = first; row <= last; ++row) {
        const std::uint8_t before = m_state[std::size_t(row)];
        bool matches = !m_matcher;
        if (together && next != matching.cend() && *next == row) {
            matches = true;
            ++next;
        } else if (m_matcher && !together) {
            matches = m_matcher->matches(row);
        }
        const auto after = std::uint8_t(std::uint8_t(store.status(row)) | (matches ? Matches : 0));
        if (after == before)
            continue;
        m_state[std::size_t(row)] = after;
        m_statusCounts[before & StatusBits] -= before >> 7;
        m_statusCounts[after & StatusBits] += after >> 7;
        countsMoved = countsMoved || (before & Matches) || (after & Matches);
        m_membershipChanged = m_membershipChanged || isVisible(before) != isVisible(after);
    }
    // A changed value in the sort column may move the row.
    if (m_column >= topLeft.column() && m_column <= bottomRight.column())
        m_dirty = true;
    if (m_membershipChanged || (m_dirty && !m_paused))
        scheduleUpdates();
    if (countsMoved)
        emit countsChanged();
}

void SessionSortProxy::forwardDataChanged(const QModelIndex &topLeft,
                                          const QModelIndex &bottomRight, const QList<int> &roles)
{
    const int first = topLeft.row(), last = bottomRight.row();
    int proxyFirst = 0, proxyLast = -1;
    if (m_sorted.empty()) {
        // In load order: the visible rows of a source range are one range.
        proxyFirst =
            int(std::lower_bound(m_toSource.begin(), m_toSource.end(), first) - m_toSource.begin());
        proxyLast =
            int(std::upper_bound(m_toSource.begin(), m_toSource.end(), last) - m_toSource.begin()) -
            1;
    } else if (last - first >= 256) {
        // Many rows (the clock ticked): one signal over all rows beats one per scattered row.
        proxyLast = rowCount() - 1;
    } else {
        for (int row = first; row <= last; ++row) {
            if (const int proxyRow = proxyRowOf(row); proxyRow >= 0) {
                emit dataChanged(index(proxyRow, topLeft.column()),
                                 index(proxyRow, bottomRight.column()), roles);
            }
        }
    }
    if (proxyFirst <= proxyLast) {
        emit dataChanged(index(proxyFirst, topLeft.column()),
                         index(proxyLast, bottomRight.column()), roles);
    }
}

// Updates come as many small dataChanged signals (one per run of rows in a batch); their moves
// are applied together, once the batch is done.
void SessionSortProxy::scheduleUpdates()
{
    if (m_updateScheduled)
        return;
    m_updateScheduled = true;
    QMetaObject::invokeMethod(this, &SessionSortProxy::applyPendingUpdates, Qt::QueuedConnection);
}

void SessionSortProxy::applyPendingUpdates()
{
    m_updateScheduled = false;
    const bool resort = m_dirty && !m_paused;
    if (!m_model || (!resort && !m_membershipChanged))
        return;
    const int before = rowCount();
    if (resort)
        applySort();
    findVisibleRows();
    showVisibleRows(true);
    m_membershipChanged = false;
    if (rowCount() != before)
        emit countsChanged();
}

void SessionSortProxy::setSortingPaused(bool paused)
{
    m_paused = paused;
    if (!paused && m_dirty)
        sort(m_column, m_order);
}

void SessionSortProxy::sort(int column, Qt::SortOrder order)
{
    if (column == m_column && order == m_order && !m_dirty)
        return;
    m_column = column;
    m_order = order;
    if (m_paused) {
        m_dirty = true;
        return;
    }
    if (!m_model)
        return;
    applySort();
    findVisibleRows();
    showVisibleRows(true);
    m_membershipChanged = false;
}

// Every row, the most recently active first, then in load order: the order among equal keys,
// whatever the column. Kept until rows are added or change.
void SessionSortProxy::orderByRecency()
{
    if (m_byRecency.size() == m_state.size())
        return;
    const SessionStore &store = m_model->store();
    SessionSortKeys::KeyedItems items(m_state.size());
    for (std::size_t row = 0; row < items.size(); ++row) {
        items[row] = {~timeKey(store.time(int(row), SessionStore::LastActiveAt)),
                      std::uint32_t(row)};
    }
    SessionSortKeys::sortStably(items);
    m_byRecency.resize(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        m_byRecency[i] = int(items[i].index);
}

// Orders every row by the sort column: by key, then the most recently active first, then in
// load order. Rows already in that tie-break order, sorted stably by key alone, come out so.
void SessionSortProxy::applySort()
{
    m_dirty = false;
    if (m_column < 0 || m_column >= SessionTableModel::ColumnCount) {
        m_sorted.clear();
        return;
    }
    const SessionStore &store = m_model->store();
    const std::size_t n = m_state.size();
    if (m_column == SessionTableModel::SessionId && std::size_t(store.size()) == n) {
        // Session ids are unique and their keys the ranks 1…n: a row's key is its place, no
        // sort and no tie-break needed. (Rows still staged would leave gaps: sorted below.)
        const SessionSortKeys::Keys keys =
            SessionSortKeys::forColumn(store, m_column, &m_ranks, &m_model->anomalies().allFlags());
        const bool descending = m_order == Qt::DescendingOrder;
        m_sorted.resize(n);
        TwoThreads::run(n, [&](int part) {
            const auto [begin, end] = TwoThreads::half(n, part);
            for (std::size_t row = begin; row < end; ++row) {
                const std::size_t place = keys[row] - 1;
                m_sorted[descending ? n - 1 - place : place] = int(row);
            }
        });
        return;
    }
    SessionSortKeys::Keys keys;
    if (m_byRecency.size() == n) {
        keys =
            SessionSortKeys::forColumn(store, m_column, &m_ranks, &m_model->anomalies().allFlags());
    } else {
        // The keys on a second thread while this one orders the rows by activity.
        std::thread keyMaker([&] {
            keys = SessionSortKeys::forColumn(store, m_column, &m_ranks,
                                              &m_model->anomalies().allFlags());
        });
        orderByRecency();
        keyMaker.join();
    }
    const std::uint64_t flip = m_order == Qt::DescendingOrder ? ~std::uint64_t(0) : 0;
    SessionSortKeys::KeyedItems items(m_byRecency.size());
    TwoThreads::run(items.size(), [&](int part) {
        const auto [begin, end] = TwoThreads::half(items.size(), part);
        for (std::size_t i = begin; i < end; ++i) {
            const auto row = std::uint32_t(m_byRecency[i]);
            items[i] = {keys[row] ^ flip, row};
        }
    });
    SessionSortKeys::sortStably(items);
    m_sorted.resize(items.size());
    TwoThreads::run(items.size(), [&](int part) {
        const auto [begin, end] = TwoThreads::half(items.size(), part);
        for (std::size_t i = begin; i < end; ++i)
            m_sorted[i] = int(items[i].index);
    });
}

QModelIndex SessionSortProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex SessionSortProxy::parent(const QModelIndex &) const
{
    return {};
}

int SessionSortProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_toSource.size());
}

int SessionSortProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

QModelIndex SessionSortProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid())
        return {};
    return m_model->index(m_toSource[std::size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex SessionSortProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid())
        return {};
    return index(proxyRowOf(sourceIndex.row()), sourceIndex.column());
}

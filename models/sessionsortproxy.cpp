// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionsortproxy.h"

#include "sessionsortkeys.h"
#include "sessiontablemodel.h"

#include <algorithm>
#include <numeric>

SessionSortProxy::SessionSortProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{ }

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
    }
    resetToIdentity();
    endResetModel();
}

void SessionSortProxy::resetToIdentity()
{
    const int n = m_model ? m_model->rowCount() : 0;
    m_toSource.resize(std::size_t(n));
    std::iota(m_toSource.begin(), m_toSource.end(), 0);
    m_toProxy = m_toSource;
    m_dirty = m_column >= 0 && n > 1;
}

void SessionSortProxy::sourceReset()
{
    resetToIdentity();
    if (m_dirty && !m_paused)
        applySort(); // before views hear of the rows: no layout change needed
    endResetModel();
}

void SessionSortProxy::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    // SessionTableModel only ever appends; the new rows join at the end, in order when the
    // proxy is unsorted, and are sorted in when sorting resumes (or at once, when not paused).
    Q_ASSERT(first == int(m_toProxy.size()));
    const int proxyFirst = int(m_toSource.size());
    beginInsertRows({}, proxyFirst, proxyFirst + (last - first));
    for (int row = first; row <= last; ++row) {
        m_toProxy.push_back(int(m_toSource.size()));
        m_toSource.push_back(row);
    }
    endInsertRows();
    if (m_column >= 0) {
        m_dirty = true;
        if (!m_paused)
            sort(m_column, m_order);
    }
}

void SessionSortProxy::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                         const QList<int> &roles)
{
    const int first = topLeft.row(), last = bottomRight.row();
    if (m_column < 0) {
        emit dataChanged(mapFromSource(topLeft), mapFromSource(bottomRight), roles);
    } else if (last - first >= 256) {
        // Many rows (the clock ticked): one signal over all rows beats one per scattered row.
        emit dataChanged(index(0, topLeft.column()),
                         index(int(m_toSource.size()) - 1, bottomRight.column()), roles);
    } else {
        for (int row = first; row <= last; ++row) {
            const int proxyRow = m_toProxy[std::size_t(row)];
            emit dataChanged(index(proxyRow, topLeft.column()),
                             index(proxyRow, bottomRight.column()), roles);
        }
    }
    // A changed value in the sort column may move the row (roles given: display only).
    const bool sortValueChanged = roles.isEmpty() || roles.contains(SessionTableModel::SortRole);
    if (m_column >= topLeft.column() && m_column <= bottomRight.column() && sortValueChanged) {
        m_dirty = true;
        if (!m_paused)
            sort(m_column, m_order);
    }
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
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<int> sourceRows;
    sourceRows.reserve(before.size());
    for (const QModelIndex &index : before)
        sourceRows.append(m_toSource[std::size_t(index.row())]);
    applySort();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after.append(index(m_toProxy[std::size_t(sourceRows[i])], before[i].column()));
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void SessionSortProxy::applySort()
{
    m_dirty = false;
    const int n = int(m_toSource.size());
    if (m_column < 0) {
        std::iota(m_toSource.begin(), m_toSource.end(), 0);
    } else {
        const SessionStore &store = m_model->store();
        const std::vector<std::uint64_t> keys = SessionSortKeys::forColumn(store, m_column);
        struct Entry
        {
            std::uint64_t key;
            std::uint64_t recent; // secondary: most recently active first
            int row; // last: keeps the sort stable
        };
        const bool descending = m_order == Qt::DescendingOrder;
        std::vector<Entry> entries(static_cast<std::size_t>(n));
        for (int row = 0; row < n; ++row) {
            const std::uint64_t key = keys[std::size_t(row)];
            const auto lastActive = std::uint64_t(store.time(row, SessionStore::LastActiveAt)) ^
                (std::uint64_t(1) << 63);
            entries[std::size_t(row)] = {descending ? ~key : key, ~lastActive, row};
        }
        std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
            if (a.key != b.key)
                return a.key < b.key;
            if (a.recent != b.recent)
                return a.recent < b.recent;
            return a.row < b.row;
        });
        for (int i = 0; i < n; ++i)
            m_toSource[std::size_t(i)] = entries[std::size_t(i)].row;
    }
    for (int i = 0; i < n; ++i)
        m_toProxy[std::size_t(m_toSource[std::size_t(i)])] = i;
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
    return index(m_toProxy[std::size_t(sourceIndex.row())], sourceIndex.column());
}

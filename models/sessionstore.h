// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "session.h"
#include "sessionbatch.h"
#include "stringpool.h"

#include <cstdint>
#include <vector>

// All loaded sessions, column by column, built for a million rows: repeated strings (users,
// browsers, cities, statuses, …) are interned in StringPools and rows hold 32-bit ids, so a row
// costs about 100 bytes plus its unique strings. Rows are addressed by index in load order; a
// session id maps to its row through the id pool (row = id - 1).
class SessionStore
{
public:
    enum TextColumn {
        Object,
        UserId,
        ClientId,
        ActorJson,
        ActorSub,
        Status, // ids 1..8 are the known statuses in SessionStatus order
        OrganizationId,
        ActivityObject,
        ActivityId,
        DeviceType,
        BrowserName,
        BrowserVersion,
        IpAddress,
        City,
        Country,
        Tasks,
        TextColumnCount
    };
    enum TimeColumn { LastActiveAt, ExpireAt, AbandonAt, UpdatedAt, CreatedAt, TimeColumnCount };

    // What an upsert did: rows updated in place (ascending, all below the row count before the
    // call), and how many rows were appended at the end.
    struct UpsertResult
    {
        std::vector<int> updatedRows;
        int firstNewRow = 0;
        int newRows = 0;
        int superseded = 0; // records ignored because the stored row had a newer updated_at
    };

    SessionStore();

    // Adds the batch's sessions, merging by session id: a session seen again replaces the
    // stored row unless that row has a newer updated_at (on a tie, the later one wins).
    UpsertResult upsert(const SessionBatch &batch);
    // Reserves room for about `sessions` rows so that loading does not reallocate (and touch
    // memory twice); capacity that is never used is never made resident.
    void reserve(std::size_t sessions);
    // Makes room for `rows` already here plus what `bytes` of JSON at `bytesPerSession` hold,
    // with a little slack; does nothing when there is room already.
    void reserveFor(int rows, qint64 bytes, double bytesPerSession);
    // The hash tables' memory (large ones only). They fill at random, so their pages are best
    // faulted in ahead of time on another thread (see SessionLoader).
    std::vector<std::pair<void *, std::size_t>> hashTableMemory() const;
    void clear();

    int size() const { return int(m_flags.size()); }
    int rowOf(std::string_view sessionId) const { return int(m_ids.find(sessionId)) - 1; }

    std::string_view id(int row) const { return m_ids.view(StringPool::Id(row + 1)); }
    StringPool::Id textId(int row, TextColumn column) const { return m_text[column][row]; }
    std::string_view text(int row, TextColumn column) const
    {
        return m_pools[column].view(m_text[column][row]);
    }
    QString string(int row, TextColumn column) const
    {
        return m_pools[column].string(m_text[column][row]);
    }
    bool isNull(int row, TextColumn column) const
    {
        return m_text[column][row] == StringPool::Null;
    }
    qint64 time(int row, TimeColumn column) const { return m_time[column][row]; }
    SessionStatus status(int row) const
    {
        const StringPool::Id id = m_text[Status][row];
        return id >= 1 && id <= KnownStatusCount ? SessionStatus(id - 1) : SessionStatus::Unknown;
    }
    bool hasActivity(int row) const { return m_flags[row] & HasActivity; }
    bool isMobile(int row) const { return m_flags[row] & IsMobile; }

    // The pool behind a column, e.g. to match a filter once per distinct value, not per row.
    const StringPool &pool(TextColumn column) const { return m_pools[column]; }
    const StringPool &idPool() const { return m_ids; } // session ids: id = row + 1

    Session session(int row) const;
    std::size_t memoryBytes() const;

private:
    enum Flag : std::uint8_t { HasActivity = 1, IsMobile = 2 };
    void assign(int row, const SessionBatch &batch, const SessionBatch::Record &record);
    void resetStatusPool();

    StringPool m_ids; // session ids; id = row + 1
    StringPool m_pools[TextColumnCount]; // one dictionary per column
    std::vector<StringPool::Id> m_text[TextColumnCount];
    std::vector<qint64> m_time[TimeColumnCount];
    std::vector<std::uint8_t> m_flags;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionstore.h"

#include <QStringList>

namespace {
// Batch fields in the order of SessionStore::TextColumn (the batch also carries the id).
constexpr SessionBatch::TextField batchFieldOf[SessionStore::TextColumnCount] = {
    SessionBatch::Object,         SessionBatch::UserId,         SessionBatch::ClientId,
    SessionBatch::ActorJson,      SessionBatch::ActorSub,       SessionBatch::Status,
    SessionBatch::OrganizationId, SessionBatch::ActivityObject, SessionBatch::ActivityId,
    SessionBatch::DeviceType,     SessionBatch::BrowserName,    SessionBatch::BrowserVersion,
    SessionBatch::IpAddress,      SessionBatch::City,           SessionBatch::Country,
    SessionBatch::Tasks,
};
} // namespace

SessionStore::SessionStore()
{
    // Activity ids never repeat, so their pool keeps no hash table (8 bytes a session saved).
    m_pools[ActivityId] = StringPool(StringPool::AppendOnly);
    resetStatusPool();
}

void SessionStore::resetStatusPool()
{
    // Known statuses get ids 1..8 in enum order, so status(row) needs no lookup.
    for (int i = 0; i < KnownStatusCount; ++i)
        m_pools[Status].intern(statusName(SessionStatus(i)));
}

void SessionStore::assign(int row, const SessionBatch &batch, const SessionBatch::Record &record)
{
    for (int column = 0; column < TextColumnCount; ++column) {
        const SessionBatch::TextField field = batchFieldOf[column];
        m_text[column][row] = batch.has(record, field)
            ? m_pools[column].intern(batch.text(record, field))
            : StringPool::Null;
    }
    m_time[LastActiveAt][row] = record.lastActiveAt;
    m_time[ExpireAt][row] = record.expireAt;
    m_time[AbandonAt][row] = record.abandonAt;
    m_time[UpdatedAt][row] = record.updatedAt;
    m_time[CreatedAt][row] = record.createdAt;
    m_flags[row] = (record.hasActivity ? HasActivity : 0) | (record.isMobile ? IsMobile : 0);
}

SessionStore::UpsertResult SessionStore::upsert(const SessionBatch &batch)
{
    UpsertResult result;
    result.firstNewRow = size();
    for (const SessionBatch::Record &record : batch.records()) {
        const std::string_view id = batch.text(record, SessionBatch::Id);
        const std::size_t before = m_ids.size();
        const int row = int(m_ids.intern(id, record.text[SessionBatch::Id].hash)) - 1;
        if (m_ids.size() > before) {
            for (auto &column : m_text)
                column.emplace_back();
            for (auto &column : m_time)
                column.emplace_back();
            m_flags.emplace_back();
        } else if (m_time[UpdatedAt][row] > record.updatedAt) {
            ++result.superseded;
            continue;
        } else if (row < result.firstNewRow) {
            result.updatedRows.push_back(row);
        }
        assign(row, batch, record);
    }
    result.newRows = size() - result.firstNewRow;
    std::sort(result.updatedRows.begin(), result.updatedRows.end());
    result.updatedRows.erase(std::unique(result.updatedRows.begin(), result.updatedRows.end()),
                             result.updatedRows.end());
    return result;
}

void SessionStore::reserve(std::size_t sessions)
{
    // Capacity is only address space until a row is written, so reserving generously is cheap;
    // it saves reallocations that would copy (and first-touch) every column mid-load.
    // Hash tables are the exception: they fill at random, so every page of one gets touched.
    // They are sized for what a typical instance has (a session per IP address, users with a
    // few clients and several sessions) and only grow, once or twice, for unusual data.
    m_ids.reserve(sessions, sessions * 32);
    for (auto &column : m_text)
        column.reserve(sessions);
    for (auto &column : m_time)
        column.reserve(sessions);
    m_flags.reserve(sessions);
    m_pools[ActivityId].reserve(sessions, sessions * 40);
    m_pools[IpAddress].reserve(sessions / 2, sessions * 16);
    m_pools[ClientId].reserve(sessions / 3, sessions * 12);
    m_pools[UserId].reserve(sessions / 8, sessions * 4);
}

void SessionStore::reserveFor(int rows, qint64 bytes, double bytesPerSession)
{
    const auto expected =
        std::size_t(rows + qint64(double(bytes) / std::max(bytesPerSession, 1.0) * 1.05) + 64);
    if (expected > m_flags.capacity())
        reserve(expected);
}

std::vector<std::pair<void *, std::size_t>> SessionStore::hashTableMemory() const
{
    constexpr std::size_t Large = 256 * 1024;
    std::vector<std::pair<void *, std::size_t>> ranges;
    if (m_ids.tableMemory().second >= Large)
        ranges.push_back(m_ids.tableMemory());
    for (const StringPool &pool : m_pools) {
        if (pool.tableMemory().second >= Large)
            ranges.push_back(pool.tableMemory());
    }
    return ranges;
}

void SessionStore::clear()
{
    *this = SessionStore();
}

Session SessionStore::session(int row) const
{
    Session s;
    s.object = string(row, Object);
    s.id = QString::fromUtf8(id(row).data(), qsizetype(id(row).size()));
    s.userId = string(row, UserId);
    s.clientId = string(row, ClientId);
    s.actorJson = string(row, ActorJson);
    s.actorSub = string(row, ActorSub);
    s.status = status(row);
    s.statusText = string(row, Status);
    s.lastActiveOrganizationId = string(row, OrganizationId);
    s.lastActiveAt = time(row, LastActiveAt);
    s.expireAt = time(row, ExpireAt);
    s.abandonAt = time(row, AbandonAt);
    s.updatedAt = time(row, UpdatedAt);
    s.createdAt = time(row, CreatedAt);
    if (hasActivity(row)) {
        SessionActivity &a = s.latestActivity.emplace();
        a.object = string(row, ActivityObject);
        a.id = string(row, ActivityId);
        a.deviceType = string(row, DeviceType);
        a.isMobile = isMobile(row);
        a.browserName = string(row, BrowserName);
        a.browserVersion = string(row, BrowserVersion);
        a.ipAddress = string(row, IpAddress);
        a.city = string(row, City);
        a.country = string(row, Country);
    }
    if (!isNull(row, Tasks)) {
        QStringList &keys = s.tasks.emplace();
        std::string_view encoded = text(row, Tasks);
        // Each key is followed by '\0' (see SessionBatch::Tasks).
        for (std::size_t end; (end = encoded.find('\0')) != std::string_view::npos;) {
            keys.append(QString::fromUtf8(encoded.data(), qsizetype(end)));
            encoded.remove_prefix(end + 1);
        }
    }
    return s;
}

std::size_t SessionStore::memoryBytes() const
{
    std::size_t bytes = m_ids.memoryBytes() + m_flags.size();
    for (const StringPool &pool : m_pools)
        bytes += pool.memoryBytes();
    for (const auto &column : m_text)
        bytes += column.size() * sizeof(StringPool::Id);
    for (const auto &column : m_time)
        bytes += column.size() * sizeof(qint64);
    return bytes;
}

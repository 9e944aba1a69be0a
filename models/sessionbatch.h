// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "stringpool.h"

#include <QtGlobal>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// Sessions parsed off the GUI thread, waiting to be upserted into a SessionStore. All text of a
// batch lives in one buffer, so thousands of records cost a handful of allocations.
class SessionBatch
{
public:
    enum TextField {
        Object,
        Id,
        UserId,
        ClientId,
        ActorJson, // raw JSON of the actor object (minified as read)
        ActorSub,
        Status,
        OrganizationId, // last_active_organization_id
        ActivityObject,
        ActivityId,
        DeviceType,
        BrowserName,
        BrowserVersion,
        IpAddress,
        City,
        Country,
        Tasks, // task keys, each followed by '\0' ("" is an empty list)
        TextFieldCount
    };

    struct TextRef
    {
        std::uint32_t offset = 0;
        std::uint32_t size = 0;
        StringPool::Hash hash = 0; // hashed here, on the reading thread, not at upsert
        bool present = false; // false: null or absent
    };

    struct Record
    {
        std::array<TextRef, TextFieldCount> text{};
        qint64 lastActiveAt = 0;
        qint64 expireAt = 0;
        qint64 abandonAt = 0;
        qint64 updatedAt = 0;
        qint64 createdAt = 0;
        bool hasActivity = false; // latest_activity was an object (not null or absent)
        bool isMobile = false;
    };

    void reserve(std::size_t records, std::size_t textBytes)
    {
        m_records.reserve(records);
        m_text.reserve(textBytes);
    }

    Record &append() { return m_records.emplace_back(); }
    void removeLast() { m_records.pop_back(); }
    void setText(Record &record, TextField field, std::string_view value)
    {
        record.text[field] = {std::uint32_t(m_text.size()), std::uint32_t(value.size()),
                              StringPool::hashOf(value), true};
        m_text.append(value);
    }
    // Appends to a field set earlier; only valid for the last field written (used for tasks).
    void appendText(Record &record, TextField field, std::string_view more)
    {
        TextRef &ref = record.text[field];
        ref.size += std::uint32_t(more.size());
        m_text.append(more);
        ref.hash = StringPool::hashOf(text(record, field));
    }

    std::string_view text(const Record &record, TextField field) const
    {
        const TextRef &ref = record.text[field];
        return {m_text.data() + ref.offset, ref.size};
    }
    bool has(const Record &record, TextField field) const { return record.text[field].present; }

    // How far into its input the reader was at the end of this batch's last record: lets the
    // loader size the store from a file's real bytes per session.
    qint64 inputEnd() const { return m_inputEnd; }
    void setInputEnd(qint64 offset) { m_inputEnd = offset; }

    std::size_t size() const { return m_records.size(); }
    bool empty() const { return m_records.empty(); }
    const Record &at(std::size_t i) const { return m_records[i]; }
    Record &at(std::size_t i) { return m_records[i]; }
    const std::vector<Record> &records() const { return m_records; }
    std::size_t textBytes() const { return m_text.size(); }

private:
    std::vector<Record> m_records;
    std::string m_text;
    qint64 m_inputEnd = 0;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "stringpool.h"

#include <bit>
#include <functional>
#include <new>

StringPool::StringPool(Mode mode)
    : m_mode(mode)
{
    clear();
}

StringPool::Hash StringPool::hashOf(std::string_view text)
{
    const std::size_t h = std::hash<std::string_view>{}(text);
    return Hash(h ^ (h >> 32));
}

StringPool::Id StringPool::append(std::string_view text)
{
    const Id id = Id(size());
    m_arena.insert(m_arena.end(), text.begin(), text.end());
    m_offsets.push_back(std::uint32_t(m_arena.size()));
    return id;
}

StringPool::Id StringPool::find(std::string_view text) const
{
    if (m_mode == AppendOnly)
        return Null;
    const std::size_t mask = m_slotCount - 1;
    for (std::size_t slot = hashOf(text) & mask;; slot = (slot + 1) & mask) {
        const Id id = m_slots[slot];
        if (id == Null)
            return Null;
        if (view(id) == text)
            return id;
    }
}

StringPool::Id StringPool::intern(std::string_view text, Hash hash)
{
    if (m_mode == AppendOnly)
        return append(text);
    // Keep the table at most 3/4 full so probes stay short.
    if ((size() + 1) * 4 > m_slotCount * 3)
        rehash(m_slotCount * 2);
    const std::size_t mask = m_slotCount - 1;
    std::size_t slot = hash & mask;
    for (;; slot = (slot + 1) & mask) {
        const Id id = m_slots[slot];
        if (id == Null)
            break;
        if (view(id) == text)
            return id;
    }
    const Id id = append(text);
    m_slots[slot] = id;
    return id;
}

QString StringPool::string(Id id) const
{
    if (id == Null)
        return {};
    const std::string_view text = view(id);
    if (text.empty())
        return QStringLiteral(""); // empty, but not null: "" is a value, unlike null
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

void StringPool::rehash(std::size_t tableSize)
{
    std::unique_ptr<Id[], Free> table(static_cast<Id *>(std::calloc(tableSize, sizeof(Id))));
    if (!table && tableSize > 0)
        throw std::bad_alloc();
    const std::size_t mask = tableSize - 1;
    for (Id id = 1; id < size(); ++id) {
        std::size_t slot = hashOf(view(id)) & mask;
        while (table[slot] != Null)
            slot = (slot + 1) & mask;
        table[slot] = id;
    }
    m_slots = std::move(table);
    m_slotCount = tableSize;
}

void StringPool::reserve(std::size_t strings, std::size_t bytes)
{
    m_arena.reserve(bytes);
    m_offsets.reserve(strings + 2);
    if (m_mode == AppendOnly)
        return;
    const std::size_t tableSize = std::bit_ceil((strings + 1) * 4 / 3 + 1);
    if (tableSize > m_slotCount)
        rehash(tableSize);
}

void StringPool::clear()
{
    m_arena = {};
    m_offsets = {0, 0}; // the null entry: an empty span
    m_slotCount = 0;
    rehash(m_mode == AppendOnly ? 0 : 16);
}

std::size_t StringPool::memoryBytes() const
{
    return m_arena.size() + m_offsets.size() * sizeof(std::uint32_t) + m_slotCount * sizeof(Id);
}

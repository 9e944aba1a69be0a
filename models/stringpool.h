// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

// Interns UTF-8 strings: each distinct string is stored once, in one contiguous arena, and named
// by a 32-bit id. Id 0 is reserved for "null" (a field that was null or absent), so columns of ids
// need no separate presence bits. About len + 10 bytes per distinct string, none per use.
// A pool of values that never repeat (activity ids) can skip deduplication and its hash table.
class StringPool
{
public:
    using Id = std::uint32_t;
    using Hash = std::uint32_t;
    static constexpr Id Null = 0;
    enum Mode { Deduplicate, AppendOnly };

    explicit StringPool(Mode mode = Deduplicate);

    // Hashes are computed by whoever has the time: the loader's worker thread hashes every field
    // so that interning on the GUI thread is a probe and a compare.
    static Hash hashOf(std::string_view text);

    // The id of `text`, adding it if new (AppendOnly: always adds).
    Id intern(std::string_view text) { return intern(text, hashOf(text)); }
    Id intern(std::string_view text, Hash hash);
    // The id of `text`, or Null if it was never interned (always Null when AppendOnly).
    Id find(std::string_view text) const;

    std::string_view view(Id id) const
    {
        return {m_arena.data() + m_offsets[id], m_offsets[id + 1] - m_offsets[id]};
    }
    QString string(Id id) const; // a null QString for Null

    // Distinct strings, including the reserved null entry.
    std::size_t size() const { return m_offsets.size() - 1; }
    void reserve(std::size_t strings, std::size_t bytes);
    void clear();
    // The hash table's memory, so a loader can fault its pages in off the GUI thread.
    std::pair<void *, std::size_t> tableMemory() const
    {
        return {m_slots.get(), m_slotCount * sizeof(Id)};
    }
    // Bytes in use (arena, offsets, hash table), for memory accounting.
    std::size_t memoryBytes() const;

private:
    void rehash(std::size_t tableSize);
    Id append(std::string_view text);

    std::vector<char> m_arena;
    std::vector<std::uint32_t> m_offsets; // string i spans [m_offsets[i], m_offsets[i + 1])
    // Open addressing with linear probing; 0 = empty. calloc'd, so a table reserved for a million
    // strings becomes resident page by page as it fills instead of being zeroed up front.
    struct Free
    {
        void operator()(Id *p) const { std::free(p); }
    };
    std::unique_ptr<Id[], Free> m_slots;
    std::size_t m_slotCount = 0;
    Mode m_mode;
};

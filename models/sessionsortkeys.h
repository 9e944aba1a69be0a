// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "largeallocator.h"

#include <QtGlobal>

#include <cstdint>
#include <vector>

class SessionStore;
class StringPool;

// One unsigned 64-bit key per row such that comparing keys orders rows as the column's display
// text would (times chronologically, statuses in the API's order, text by its characters, browser
// versions numerically, IP addresses by value: IPv4 first, then IPv6, then text that is no
// address). Interned strings are ranked once per distinct value, by a radix sort on their first
// bytes: a million session ids rank in tens of milliseconds.
namespace SessionSortKeys {
using Keys = std::vector<std::uint64_t, LargeAllocator<std::uint64_t>>;
using Ranks = std::vector<std::uint32_t, LargeAllocator<std::uint32_t>>;

// The ranks of interned strings, kept from one sort to the next: a pool only grows, so its ranks
// hold while its size does. Whoever keeps one clears it when the store is cleared.
struct RankCache
{
    enum class Order { Bytes, Natural, Address };
    struct Entry
    {
        const StringPool *pool = nullptr;
        std::size_t size = 0;
        Order order = Order::Bytes;
        Ranks ranks;
    };
    std::vector<Entry> entries;
    void clear() { entries.clear(); }
};

// Session ids are unique: their keys are their ranks among all the store's ids, 1…size().
// `flags` are the anomaly flags of the rows (the Flags column); without them every row has none.
Keys forColumn(const SessionStore &store, int column, RankCache *cache = nullptr,
               const std::vector<quint8> *flags = nullptr);

// A key and what it belongs to (a row, a string id).
struct Keyed
{
    std::uint64_t key;
    std::uint32_t index;
};
using KeyedItems = std::vector<Keyed, LargeAllocator<Keyed>>;
// Sorts by key, stably (equal keys keep their order): a radix sort with one pass per byte in
// which the keys differ, on two threads when there are many.
void sortStably(KeyedItems &items);
} // namespace SessionSortKeys

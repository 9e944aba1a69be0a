// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionsortkeys.h"

#include "ipnetwork.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"
#include "twothreads.h"

#include <algorithm>
#include <array>
#include <bit>
#include <numeric>
#include <string_view>
#include <thread>

namespace {

using SessionSortKeys::Keyed;
using SessionSortKeys::KeyedItems;
using SessionSortKeys::Ranks;
using Order = SessionSortKeys::RankCache::Order;
template<typename T>
using Buffer = std::vector<T, LargeAllocator<T>>; // see LargeAllocator

// Runs work(0) and work(1), on two threads when `items` are many.

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Orders runs of digits by their value, so that "99.0" < "128.0" and "9.1.1.1" < "10.0.0.1".
bool naturalLess(std::string_view a, std::string_view b)
{
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            while (i < a.size() && a[i] == '0')
                ++i;
            while (j < b.size() && b[j] == '0')
                ++j;
            std::size_t ei = i, ej = j;
            while (ei < a.size() && isDigit(a[ei]))
                ++ei;
            while (ej < b.size() && isDigit(b[ej]))
                ++ej;
            if (ei - i != ej - j)
                return ei - i < ej - j;
            if (const int c = a.substr(i, ei - i).compare(b.substr(j, ej - j)); c != 0)
                return c < 0;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j])
                return (unsigned char)a[i] < (unsigned char)b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

// Ranks from ids in order: rank[ids[i]] = i + 1 (null, id 0, ranks 0).
Ranks ranksOf(const Buffer<StringPool::Id> &ids, std::size_t poolSize)
{
    Ranks rank(poolSize, 0);
    for (std::size_t i = 0; i < ids.size(); ++i)
        rank[ids[i]] = std::uint32_t(i + 1);
    return rank;
}

// Few strings, or an order other than by bytes: a comparison sort.
Ranks sortedRanks(const StringPool &pool, bool natural)
{
    Buffer<StringPool::Id> ids(pool.size() - 1);
    std::iota(ids.begin(), ids.end(), StringPool::Id(1));
    std::stable_sort(ids.begin(), ids.end(), [&](StringPool::Id a, StringPool::Id b) {
        return natural ? naturalLess(pool.view(a), pool.view(b)) : pool.view(a) < pool.view(b);
    });
    return ranksOf(ids, pool.size());
}

// Many strings in byte order (ids: "sess_2x…", "user_2x…"): sorted by their first 8 bytes after
// the prefix they all share, as a number, with a radix sort; only strings whose 8 bytes tie
// are then compared whole. Strings are distinct (the pool interns them).
Ranks radixRanks(const StringPool &pool)
{
    const std::size_t n = pool.size();
    std::string_view shared = pool.view(1);
    for (StringPool::Id id = 2; id < n && !shared.empty(); ++id) {
        const std::string_view text = pool.view(id);
        const auto end = std::mismatch(shared.begin(), shared.end(), text.begin(), text.end());
        shared = shared.substr(0, std::size_t(end.first - shared.begin()));
    }
    const std::size_t skip = shared.size();
    KeyedItems items(n - 1);
    TwoThreads::run(items.size(), [&](int part) {
        const auto [begin, end] = TwoThreads::half(items.size(), part);
        for (std::size_t i = begin; i < end; ++i) {
            const auto id = StringPool::Id(i + 1);
            const std::string_view text = pool.view(id).substr(skip);
            std::uint64_t key = 0; // big-endian: bytes compare as the numbers do
            for (std::size_t b = 0; b < 8; ++b)
                key = key << 8 | (b < text.size() ? std::uint8_t(text[b]) : 0);
            items[i] = {key, id};
        }
    });
    SessionSortKeys::sortStably(items);
    Buffer<StringPool::Id> ids(items.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        ids[i] = items[i].index;
    for (std::size_t first = 0; first < items.size();) {
        std::size_t end = first + 1;
        while (end < items.size() && items[end].key == items[first].key)
            ++end;
        if (end - first > 1) {
            std::sort(ids.begin() + std::ptrdiff_t(first), ids.begin() + std::ptrdiff_t(end),
                      [&](StringPool::Id a, StringPool::Id b) {
                          return pool.view(a).substr(skip) < pool.view(b).substr(skip);
                      });
        }
        first = end;
    }
    return ranksOf(ids, n);
}

// For each id of the pool, its position among the pool's strings in order; null ranks first.
Ranks ranks(const StringPool &pool, bool natural)
{
    if (pool.size() <= 1)
        return Ranks(pool.size(), 0);
    if (natural || pool.size() < 4096)
        return sortedRanks(pool, natural);
    return radixRanks(pool);
}

std::uint64_t bigEndian(const std::array<quint8, 16> &bytes, std::size_t first)
{
    std::uint64_t value = 0;
    for (std::size_t b = first; b < first + 8; ++b)
        value = value << 8 | bytes[b];
    return value;
}

// Addresses in order of value, IPv4 first, then IPv6, then whatever is no address (in natural
// order); null first. Each family is sorted alone, IPv4 on its 32 bits.
Ranks addressRanks(const StringPool &pool)
{
    const std::size_t n = pool.size();
    if (n <= 1)
        return Ranks(n, 0);
    Buffer<std::uint8_t> family(n); // 4, 6, or 0: no address
    Buffer<std::uint64_t> high(n), low(n);
    TwoThreads::run(n, [&](int part) {
        const auto [begin, end] = TwoThreads::half(n, part);
        for (std::size_t id = std::max<std::size_t>(begin, 1); id < end; ++id) {
            const auto address = IpNetwork::parseAddress(pool.view(StringPool::Id(id)));
            family[id] = !address ? 0 : address->family == IpNetwork::Family::IPv4 ? 4 : 6;
            high[id] = address ? bigEndian(address->bytes, 0) : 0;
            low[id] = address ? bigEndian(address->bytes, 8) : 0;
        }
    });
    KeyedItems ipv4, ipv6;
    Buffer<StringPool::Id> text;
    ipv4.reserve(n); // address space only: pages are touched as the vectors fill
    ipv6.reserve(n);
    for (std::size_t id = 1; id < n; ++id) {
        if (family[id] == 4)
            ipv4.push_back({high[id] >> 32, std::uint32_t(id)});
        else if (family[id] == 6)
            ipv6.push_back({low[id], std::uint32_t(id)});
        else
            text.push_back(StringPool::Id(id));
    }
    SessionSortKeys::sortStably(ipv4);
    SessionSortKeys::sortStably(ipv6); // least significant half first, then the other
    for (Keyed &item : ipv6)
        item.key = high[item.index];
    SessionSortKeys::sortStably(ipv6);
    std::stable_sort(text.begin(), text.end(), [&](StringPool::Id a, StringPool::Id b) {
        return naturalLess(pool.view(a), pool.view(b));
    });
    Buffer<StringPool::Id> ids;
    ids.reserve(n - 1);
    for (const KeyedItems *items : {&ipv4, &ipv6}) {
        for (const Keyed &item : *items)
            ids.push_back(item.index);
    }
    ids.insert(ids.end(), text.begin(), text.end());
    return ranksOf(ids, n);
}

std::uint64_t timeKey(qint64 ms)
{
    return std::uint64_t(ms) ^ (std::uint64_t(1) << 63); // signed order as unsigned
}

} // namespace

namespace SessionSortKeys {

Keys forColumn(const SessionStore &store, int column, RankCache *cache,
               const std::vector<quint8> *flags)
{
    using S = SessionStore;
    using M = SessionTableModel;
    const int n = store.size();
    Keys keys(std::size_t(n), 0);

    // The pool's ranks, from the cache when it has them for the pool as it is.
    Ranks computed;
    auto ranked = [&](const StringPool &pool, Order order) -> const Ranks & {
        auto make = [&] {
            return order == Order::Address ? addressRanks(pool)
                                           : ranks(pool, order == Order::Natural);
        };
        if (!cache)
            return computed = make();
        for (RankCache::Entry &entry : cache->entries) {
            if (entry.pool == &pool && entry.order == order) {
                if (entry.size != pool.size()) {
                    entry.ranks = make();
                    entry.size = pool.size();
                }
                return entry.ranks;
            }
        }
        cache->entries.push_back({&pool, pool.size(), order, make()});
        return cache->entries.back().ranks;
    };
    auto byText = [&](S::TextColumn text, bool natural, int shift) {
        const Ranks &rank = ranked(store.pool(text), natural ? Order::Natural : Order::Bytes);
        for (int row = 0; row < n; ++row)
            keys[row] |= std::uint64_t(rank[store.textId(row, text)]) << shift;
    };
    auto byTime = [&](S::TimeColumn time) {
        for (int row = 0; row < n; ++row)
            keys[row] = timeKey(store.time(row, time));
    };

    switch (M::Column(column)) {
    case M::Status:
        byText(S::Status, false, 0);
        for (int row = 0; row < n; ++row)
            keys[row] |= std::uint64_t(store.status(row)) << 32;
        break;
    case M::SessionId: {
        const Ranks &rank = ranked(store.idPool(), Order::Bytes);
        for (int row = 0; row < n; ++row)
            keys[row] = rank[std::size_t(row) + 1];
        break;
    }
    case M::User:
        byText(S::UserId, false, 0);
        break;
    case M::Client:
        byText(S::ClientId, false, 0);
        break;
    case M::LastActive:
        byTime(S::LastActiveAt);
        break;
    case M::Created:
        byTime(S::CreatedAt);
        break;
    case M::Expires:
        byTime(S::ExpireAt);
        break;
    case M::Browser:
        byText(S::BrowserName, false, 32);
        byText(S::BrowserVersion, true, 0);
        break;
    case M::Device:
        byText(S::DeviceType, false, 2);
        for (int row = 0; row < n; ++row)
            keys[row] |= (store.hasActivity(row) ? 2 : 0) | (store.isMobile(row) ? 1 : 0);
        break;
    case M::IpAddress: {
        const Ranks &rank = ranked(store.pool(S::IpAddress), Order::Address);
        for (int row = 0; row < n; ++row)
            keys[row] = rank[store.textId(row, S::IpAddress)];
        break;
    }
    case M::Location:
        byText(S::City, false, 32);
        byText(S::Country, false, 0);
        break;
    case M::ImpersonatedBy:
        byText(S::ActorSub, false, 0);
        break;
    case M::Organization:
        byText(S::OrganizationId, false, 0);
        break;
    case M::Flags:
        // By the bits, as SortRole gives them: unflagged rows together at one end.
        for (int row = 0; flags && row < n && std::size_t(row) < flags->size(); ++row)
            keys[row] = (*flags)[std::size_t(row)];
        break;
    case M::ColumnCount:
        break;
    }
    return keys;
}

void sortStably(KeyedItems &items)
{
    // Digits of 11 bits (2,048 buckets), least significant first, over the bits in which the
    // keys differ: a rank below a million takes two passes, a time four.
    constexpr int Bits = 11;
    constexpr std::size_t Buckets = std::size_t(1) << Bits;
    const std::size_t n = items.size();
    std::uint64_t all = ~std::uint64_t(0), any = 0;
    for (const Keyed &item : items) {
        all &= item.key;
        any |= item.key;
    }
    const std::uint64_t varying = all ^ any;
    std::vector<int> shifts;
    for (int shift = varying ? std::countr_zero(varying) : 64; shift < 64; shift += Bits) {
        if ((varying >> shift) & (Buckets - 1))
            shifts.push_back(shift);
    }
    if (shifts.empty())
        return;
    auto digit = [](const Keyed &item, int shift) { return (item.key >> shift) & (Buckets - 1); };
    // Each thread places one half of the items; within a bucket the first half's go first,
    // which keeps the sort stable. The counts of each half for the next digit are taken while
    // placing, by where the items land.
    using Counts = std::vector<std::size_t>;
    std::array<Counts, 2> counts{Counts(Buckets), Counts(Buckets)}; // per half, current digit
    TwoThreads::run(n, [&](int part) {
        const auto [begin, end] = TwoThreads::half(n, part);
        for (std::size_t i = begin; i < end; ++i)
            ++counts[std::size_t(part)][digit(items[i], shifts[0])];
    });
    const std::size_t middle = TwoThreads::half(n, 1).first;
    KeyedItems scratch(n);
    // next[thread][half]: counts for the next digit
    std::array<std::array<Counts, 2>, 2> next{};
    for (auto &perThread : next) {
        for (Counts &c : perThread)
            c.assign(Buckets, 0);
    }
    for (std::size_t pass = 0; pass < shifts.size(); ++pass) {
        const int shift = shifts[pass];
        const bool last = pass + 1 == shifts.size();
        const int nextShift = last ? 0 : shifts[pass + 1];
        std::array<Counts, 2> offsets{Counts(Buckets), Counts(Buckets)};
        std::size_t sum = 0;
        for (std::size_t bucket = 0; bucket < Buckets; ++bucket) {
            for (std::size_t part = 0; part < 2; ++part) {
                offsets[part][bucket] = sum;
                sum += counts[part][bucket];
            }
        }
        TwoThreads::run(n, [&](int part) {
            const auto [begin, end] = TwoThreads::half(n, part);
            std::size_t *place = offsets[std::size_t(part)].data();
            auto &nextCounts = next[std::size_t(part)];
            if (last) {
                for (std::size_t i = begin; i < end; ++i)
                    scratch[place[digit(items[i], shift)]++] = items[i];
                return;
            }
            for (std::size_t i = begin; i < end; ++i) {
                const std::size_t to = place[digit(items[i], shift)]++;
                scratch[to] = items[i];
                ++nextCounts[to >= middle][digit(items[i], nextShift)];
            }
        });
        items.swap(scratch);
        if (!last) {
            for (std::size_t h = 0; h < 2; ++h) {
                for (std::size_t bucket = 0; bucket < Buckets; ++bucket) {
                    counts[h][bucket] = next[0][h][bucket] + next[1][h][bucket];
                    next[0][h][bucket] = next[1][h][bucket] = 0;
                }
            }
        }
    }
}

} // namespace SessionSortKeys

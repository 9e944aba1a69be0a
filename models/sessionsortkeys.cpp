// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionsortkeys.h"

#include "sessionstore.h"
#include "sessiontablemodel.h"

#include <algorithm>
#include <numeric>
#include <string_view>

namespace {

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

// For each id of the pool, its position among the pool's strings in order; null ranks first.
std::vector<std::uint32_t> ranks(const StringPool &pool, bool natural)
{
    std::vector<StringPool::Id> ids(pool.size());
    std::iota(ids.begin(), ids.end(), StringPool::Id(0));
    auto less = [&](StringPool::Id a, StringPool::Id b) {
        return natural ? naturalLess(pool.view(a), pool.view(b)) : pool.view(a) < pool.view(b);
    };
    std::stable_sort(ids.begin() + 1, ids.end(), less);
    std::vector<std::uint32_t> rank(pool.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        rank[ids[i]] = std::uint32_t(i);
    return rank;
}

std::uint64_t timeKey(qint64 ms)
{
    return std::uint64_t(ms) ^ (std::uint64_t(1) << 63); // signed order as unsigned
}

} // namespace

namespace SessionSortKeys {

std::vector<std::uint64_t> forColumn(const SessionStore &store, int column)
{
    using S = SessionStore;
    using M = SessionTableModel;
    const int n = store.size();
    std::vector<std::uint64_t> keys(std::size_t(n), 0);

    auto byText = [&](S::TextColumn text, bool natural, int shift) {
        const std::vector<std::uint32_t> rank = ranks(store.pool(text), natural);
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
        const std::vector<std::uint32_t> rank = ranks(store.idPool(), false);
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
    case M::IpAddress:
        byText(S::IpAddress, true, 0);
        break;
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
    case M::ColumnCount:
        break;
    }
    return keys;
}

} // namespace SessionSortKeys

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// AnomalyDetector: the rules of AnomalyRules over a SessionStore, user by user.
//
// How a million rows are flagged:
// - one sequential pass gives every row the flags of its own (stale-active, impersonated) and
//   counts rows per user pool id; a second places row numbers user by user (a counting sort: no
//   hashing, no comparison sort over a million rows);
// - the few facts the rules need of each row are gathered for a few thousand rows at a time,
//   in one tight loop whose reads the processor overlaps (users' rows may lie far apart);
// - each user's records (a handful, typically) are sorted by time: travel compares each session
//   with the nearest one in another country on either side of it in time (two linear passes),
//   concurrent sweeps the start and end events of the intervals in use, new-device sorts by
//   (device, browser) pair and creation time.
// The scratch buffers are reused from user to user: nothing is allocated per user.
#include "anomalydetector.h"

#include <algorithm>
#include <thread>

namespace {

using Flag = AnomalyRules::Flag;

// Below this many rows of touched users, update() works user by user even when they are most
// of the store (tests exercise the incremental path on small stores).
constexpr std::size_t MinRowsForRecompute = 4096;
// recompute() gathers the records of this many rows at a time (whole users; more for one user
// with more rows).
constexpr int ChunkRows = 4096;
// recompute() splits the users over two threads from this many rows (~10 ms of work).
constexpr int MinRowsPerThread = 200'000;

std::string asciiFolded(std::string_view text)
{
    std::string folded(text);
    for (char &c : folded) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
    return folded;
}

} // namespace

// What the rules need of one row.
struct AnomalyDetector::Item
{
    qint64 lastActive = 0;
    qint64 created = 0;
    std::uint64_t pair = 0; // canonical device << 32 | canonical browser
    StringPool::Id country = StringPool::Null; // canonical; Null when none or empty
    int row = 0;
    bool hasActivity = false;
    bool open = false; // active and not stale: in use until now

    // In use over [start(), end(now)], unless both times are unknown.
    bool inUse() const { return created != 0 || lastActive != 0; }
    qint64 start() const { return created != 0 ? created : lastActive; }
    qint64 end(qint64 now) const
    {
        return std::max(open ? std::max(lastActive, now) : lastActive, start());
    }
};

struct AnomalyDetector::Scratch
{
    std::vector<Item> items; // recompute(): the rows of the users at hand
    std::vector<int> order;
    std::vector<int> nearest; // travel: the nearest item in another country, earlier / later
    std::vector<std::pair<qint64, int>> events; // concurrent: (time, 0 start | 1 end)
    std::vector<std::pair<qint64, qint64>> hot; // concurrent: more than the limit in use
};

void AnomalyDetector::Canonical::extend(const StringPool &pool, bool emptyIsNull)
{
    if (ids.empty())
        ids.push_back(StringPool::Null);
    for (auto id = StringPool::Id(ids.size()); id < pool.size(); ++id) {
        const std::string_view text = pool.view(id);
        if (emptyIsNull && text.empty()) {
            ids.push_back(StringPool::Null);
            continue;
        }
        ids.push_back(byText.try_emplace(asciiFolded(text), id).first->second);
    }
}

AnomalyDetector::AnomalyDetector(const AnomalyRules &rules)
    : m_rules(rules)
{ }

bool AnomalyDetector::setRules(const AnomalyRules &rules)
{
    if (rules == m_rules)
        return false;
    m_rules = rules;
    return true;
}

void AnomalyDetector::clear()
{
    m_flags = {};
    m_users = {};
    m_countries = {};
    m_devices = {};
    m_browsers = {};
    m_touched = {};
    m_computedAt = 0;
}

void AnomalyDetector::extendCanonical(const SessionStore &store)
{
    m_countries.extend(store.pool(SessionStore::Country), true);
    m_devices.extend(store.pool(SessionStore::DeviceType), false);
    m_browsers.extend(store.pool(SessionStore::BrowserName), false);
}

quint8 AnomalyDetector::rowFlags(const SessionStore &store, int row) const
{
    if (store.status(row) != SessionStatus::Active)
        return 0;
    quint8 flags = 0;
    const qint64 expireAt = store.time(row, SessionStore::ExpireAt);
    if (expireAt != 0 && expireAt < m_now)
        flags |= AnomalyRules::StaleActive;
    if (!store.isNull(row, SessionStore::ActorJson))
        flags |= AnomalyRules::Impersonated;
    return flags;
}

AnomalyDetector::Item AnomalyDetector::itemOf(const SessionStore &store, int row) const
{
    Item item;
    item.row = row;
    item.lastActive = store.time(row, SessionStore::LastActiveAt);
    item.created = store.time(row, SessionStore::CreatedAt);
    item.hasActivity = store.hasActivity(row);
    if (item.hasActivity) {
        item.country = m_countries.ids[store.textId(row, SessionStore::Country)];
        item.pair = std::uint64_t(m_devices.ids[store.textId(row, SessionStore::DeviceType)])
                << 32 |
            m_browsers.ids[store.textId(row, SessionStore::BrowserName)];
    }
    item.open = store.status(row) == SessionStatus::Active &&
        !(m_flags[std::size_t(row)] & AnomalyRules::StaleActive);
    return item;
}

void AnomalyDetector::recompute(const SessionStore &store, qint64 nowMs)
{
    m_now = nowMs;
    m_computedAt = nowMs;
    const int rows = store.size();
    m_countries = {};
    m_devices = {};
    m_browsers = {};
    extendCanonical(store);
    // Room for rows to come: update() then grows the vectors without moving them (moving 5 MB
    // to fresh pages cost more than the update itself).
    const std::size_t room = std::size_t(rows) + std::size_t(rows) / 4 + 1024;
    m_flags.reserve(room);
    m_users.reserve(room);
    m_flags.assign(std::size_t(rows), 0);
    m_users.resize(std::size_t(rows));

    // Rows per user (at index id + 1), then each row's record in its user's slots.
    const std::size_t users = store.pool(SessionStore::UserId).size();
    std::vector<int> first(users + 1, 0);
    for (int row = 0; row < rows; ++row) {
        const StringPool::Id user = store.textId(row, SessionStore::UserId);
        m_users[std::size_t(row)] = user;
        m_flags[std::size_t(row)] = rowFlags(store, row);
        ++first[user + 1];
    }
    for (std::size_t u = 1; u <= users; ++u)
        first[u] += first[u - 1];
    std::vector<int> byUser(static_cast<std::size_t>(rows - first[1])); // not those without user
    {
        std::vector<int> next(first.begin() + 1, first.end() - 1);
        for (int row = 0; row < rows; ++row) {
            const StringPool::Id user = m_users[std::size_t(row)];
            if (user != StringPool::Null)
                byUser[std::size_t(next[user - 1]++ - first[1])] = row;
        }
    }

    // Users a chunk at a time, on two threads for many rows (each its own users, so its own
    // flag bytes).
    const auto userRange = [&](std::size_t u, std::size_t end) {
        Scratch scratch;
        flagUsers(store, first, byUser, u, end, scratch);
    };
    if (rows - first[1] >= MinRowsPerThread) {
        const int middle = (first[1] + rows) / 2;
        const auto split = std::size_t(
            std::lower_bound(first.begin() + 1, first.begin() + std::ptrdiff_t(users), middle) -
            first.begin());
        std::thread helper(userRange, split, users);
        userRange(1, split);
        helper.join();
    } else {
        userRange(1, users);
    }
}

// The users [u, end): the records of a few thousand rows gathered in one tight loop, whose
// reads the processor overlaps, then each user's rules over them.
void AnomalyDetector::flagUsers(const SessionStore &store, const std::vector<int> &first,
                                const std::vector<int> &byUser, std::size_t u, std::size_t end,
                                Scratch &scratch)
{
    std::vector<Item> &chunk = scratch.items;
    const int offset = first[1]; // byUser leaves out the rows without a user
    while (u < end) {
        const int from = first[u];
        std::size_t last = u + 1;
        while (last < end && first[last + 1] - from <= ChunkRows)
            ++last;
        const int to = first[last];
        chunk.resize(std::size_t(to - from));
        for (int k = from; k < to; ++k)
            chunk[std::size_t(k - from)] = itemOf(store, byUser[std::size_t(k - offset)]);
        for (; u < last; ++u) {
            const int count = first[u + 1] - first[u];
            if (count > 0)
                flagUser(chunk.data() + (first[u] - from), count, scratch);
        }
    }
}

std::vector<int> AnomalyDetector::update(const SessionStore &store,
                                         const SessionStore::UpsertResult &result, qint64 nowMs)
{
    const int rows = store.size();
    const int before = size();
    // Everything again, the changes found by comparing every row.
    const auto recomputeAll = [&] {
        const std::vector<quint8> old = m_flags;
        recompute(store, nowMs);
        std::vector<int> changed;
        const std::size_t common = std::min(old.size(), m_flags.size());
        for (std::size_t row = 0; row < common; ++row) {
            if (old[row] != m_flags[row])
                changed.push_back(int(row));
        }
        return changed;
    };
    const bool follows = rows >= before && rows == before + result.newRows &&
        (result.newRows == 0 || result.firstNewRow == before) &&
        store.pool(SessionStore::Country).size() >= m_countries.ids.size() &&
        store.pool(SessionStore::DeviceType).size() >= m_devices.ids.size() &&
        store.pool(SessionStore::BrowserName).size() >= m_browsers.ids.size();
    if (!follows || before == 0)
        return recomputeAll();

    // The users whose rows may change: those of the new rows, and of the updated rows before and
    // after the update (a row that changed users changes both).
    std::vector<std::uint8_t> &touched = m_touched;
    touched.resize(store.pool(SessionStore::UserId).size(), 0);
    for (const int row : result.updatedRows) {
        touched[m_users[std::size_t(row)]] = 1;
        touched[store.textId(row, SessionStore::UserId)] = 1;
    }
    for (int row = result.firstNewRow; row < result.firstNewRow + result.newRows; ++row)
        touched[store.textId(row, SessionStore::UserId)] = 1;
    touched[StringPool::Null] = 0;
    std::vector<std::pair<StringPool::Id, int>> affected; // (user, row)
    for (int row = 0; row < rows; ++row) {
        const StringPool::Id user = store.textId(row, SessionStore::UserId);
        if (touched[user])
            affected.emplace_back(user, row);
    }
    for (const auto &[user, row] : affected)
        touched[user] = 0; // clean for the next update
    for (const int row : result.updatedRows)
        touched[m_users[std::size_t(row)]] = 0; // a user with no rows left
    if (affected.size() > std::max<std::size_t>(std::size_t(rows) / 4, MinRowsForRecompute))
        return recomputeAll(); // the counting sort over all rows is cheaper

    // The rows that may change, with their flags before.
    std::vector<std::pair<int, quint8>> previous;
    for (const auto &[user, row] : affected) {
        if (row < before)
            previous.emplace_back(row, m_flags[std::size_t(row)]);
    }
    for (const int row : result.updatedRows)
        previous.emplace_back(row, m_flags[std::size_t(row)]);

    m_now = nowMs;
    extendCanonical(store);
    m_flags.resize(std::size_t(rows));
    m_users.resize(std::size_t(rows));
    const auto reset = [&](int row) {
        m_users[std::size_t(row)] = store.textId(row, SessionStore::UserId);
        m_flags[std::size_t(row)] = rowFlags(store, row);
    };
    for (const int row : result.updatedRows)
        reset(row);
    for (int row = result.firstNewRow; row < result.firstNewRow + result.newRows; ++row)
        reset(row);
    std::sort(affected.begin(), affected.end());
    std::vector<Item> items;
    Scratch scratch;
    for (std::size_t k = 0; k < affected.size();) {
        items.clear();
        const StringPool::Id user = affected[k].first;
        for (; k < affected.size() && affected[k].first == user; ++k) {
            const int row = affected[k].second;
            m_flags[std::size_t(row)] = rowFlags(store, row);
            items.push_back(itemOf(store, row));
        }
        flagUser(items.data(), int(items.size()), scratch);
    }

    std::vector<int> changed;
    for (const auto &[row, flags] : previous) {
        if (m_flags[std::size_t(row)] != flags)
            changed.push_back(row);
    }
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    return changed;
}

void AnomalyDetector::flagUser(const Item *items, int count, Scratch &scratch)
{
    const int limit = m_rules.concurrentLimit;
    if (count < 2 && limit >= 1)
        return; // every rule of a group needs two sessions
    std::vector<int> &order = scratch.order;
    const auto flag = [this, items](int k, Flag f) { m_flags[std::size_t(items[k].row)] |= f; };

    // Travel: in order of last activity, the nearest session in another country before and
    // after each (the nearest before i is i - 1 if its country differs, else i - 1's nearest).
    order.clear();
    for (int k = 0; k < count; ++k) {
        if (items[k].country != StringPool::Null && items[k].lastActive != 0)
            order.push_back(k);
    }
    if (order.size() >= 2) {
        std::sort(order.begin(), order.end(),
                  [items](int a, int b) { return items[a].lastActive < items[b].lastActive; });
        const auto at = [&](std::size_t i) -> const Item & { return items[order[i]]; };
        const std::size_t n = order.size();
        std::vector<int> &nearest = scratch.nearest;
        nearest.assign(n, -1);
        for (std::size_t i = 1; i < n; ++i)
            nearest[i] = at(i - 1).country != at(i).country ? int(i - 1) : nearest[i - 1];
        const qint64 window = m_rules.travelWindowMs;
        for (std::size_t i = 0; i < n; ++i) {
            if (nearest[i] >= 0 &&
                at(i).lastActive - at(std::size_t(nearest[i])).lastActive <= window) {
                flag(order[i], AnomalyRules::Travel);
            }
        }
        nearest.assign(n, -1);
        for (std::size_t i = n - 1; i-- > 0;)
            nearest[i] = at(i + 1).country != at(i).country ? int(i + 1) : nearest[i + 1];
        for (std::size_t i = 0; i < n; ++i) {
            if (nearest[i] >= 0 &&
                at(std::size_t(nearest[i])).lastActive - at(i).lastActive <= window) {
                flag(order[i], AnomalyRules::Travel);
            }
        }
    }

    // Concurrent: sweep the intervals' starts and ends (starts first at equal times: the
    // intervals are closed) into the stretches where more than `limit` are in use, then flag
    // the intervals that meet one.
    const qint64 now = m_now;
    int inUse = 0;
    for (int k = 0; k < count; ++k)
        inUse += items[k].inUse();
    if (inUse > limit) {
        std::vector<std::pair<qint64, int>> &events = scratch.events;
        std::vector<std::pair<qint64, qint64>> &hot = scratch.hot;
        events.clear();
        hot.clear();
        for (int k = 0; k < count; ++k) {
            if (items[k].inUse()) {
                events.emplace_back(items[k].start(), 0);
                events.emplace_back(items[k].end(now), 1);
            }
        }
        std::sort(events.begin(), events.end());
        int active = 0;
        qint64 hotStart = 0;
        for (const auto &[time, end] : events) {
            if (!end) {
                if (++active == limit + 1)
                    hotStart = time;
            } else if (active-- == limit + 1) {
                hot.emplace_back(hotStart, time);
            }
        }
        // The stretches are disjoint and in order: the first that ends at or after an
        // interval's start is the only one that may meet it.
        for (int k = 0; k < count; ++k) {
            if (!items[k].inUse())
                continue;
            const auto it = std::lower_bound(
                hot.begin(), hot.end(), items[k].start(),
                [](const std::pair<qint64, qint64> &h, qint64 start) { return h.second < start; });
            if (it != hot.end() && it->first <= items[k].end(now))
                flag(k, AnomalyRules::Concurrent);
        }
    }

    // New device: by (pair, created_at), the first of each pair is new unless it is among the
    // user's first sessions with an activity.
    order.clear();
    qint64 baseline = 0;
    for (int k = 0; k < count; ++k) {
        if (items[k].hasActivity) {
            baseline = order.empty() ? items[k].created : std::min(baseline, items[k].created);
            order.push_back(k);
        }
    }
    if (order.size() >= 2) {
        std::sort(order.begin(), order.end(), [items](int a, int b) {
            return items[a].pair != items[b].pair ? items[a].pair < items[b].pair
                                                  : items[a].created < items[b].created;
        });
        for (std::size_t i = 0; i < order.size();) {
            const Item &firstOfPair = items[order[i]];
            for (; i < order.size() && items[order[i]].pair == firstOfPair.pair; ++i) {
                const Item &item = items[order[i]];
                if (item.created == firstOfPair.created && item.created > baseline)
                    flag(order[i], AnomalyRules::NewDevice);
            }
        }
    }
}

std::array<int, AnomalyRules::FlagCount> AnomalyDetector::counts() const
{
    std::array<int, AnomalyRules::FlagCount> counts{};
    for (const quint8 flags : m_flags) {
        for (std::size_t f = 0; f < counts.size(); ++f)
            counts[f] += (flags >> f) & 1;
    }
    return counts;
}

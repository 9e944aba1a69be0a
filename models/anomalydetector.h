// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "anomalyrules.h"
#include "sessionstore.h"

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

// Applies AnomalyRules to the rows of a SessionStore: a byte of AnomalyRules::Flag bits per
// row, what the table's badges show and what SessionFilterMatcher reads for `flag:` terms.
//
// The rules, exactly. "The user" is the session's user_id (rows without one get only the rules
// of a single row); countries, device types and browser names are compared ASCII
// case-insensitively; times are the store's milliseconds, 0 meaning unknown.
// - StaleActive: status is active and 0 < expire_at < now.
// - Impersonated: the actor is not null and status is active (expired or not).
// - Travel: the session has a country (not null, not empty) and last_active_at ≠ 0, and
//   another session of the user has another country and a last_active_at ≠ 0 at most
//   travelWindowMs before or after this one's.
// - Concurrent: a session is in use over the closed interval [created_at, last_active_at]
//   (created_at 0: from last_active_at; an end before the start: the start), and, while it is
//   open (active and not stale as above), on to max(last_active_at, now); one with both times 0
//   is never in use. A session is flagged when, at some moment of its interval, more than
//   concurrentLimit of the user's intervals contain that moment (its own included).
// - NewDevice: the session has latest_activity, and some session of the user with
//   latest_activity was created strictly before it, but none of those had the same (device
//   type, browser name) pair (null counts as a value). The first sessions of a user with an
//   activity (the earliest created_at) are never flagged.
//
// Cost (bench_anomaly, a million generated sessions, a two-core machine): recompute() buckets
// rows by user with a counting sort over the user pool's ids and sorts each user's few rows,
// O(rows + users + Σ k log k), on two threads from 200,000 rows: 28 ms when each user's rows lie
// together, 66 ms when they are scattered (about twice that on a busy machine). update() scans
// the user column once (about 1 ms) and works through the users the upsert touched: 1–3 ms for
// 1,000 rows appended or updated, 2–19 ms for 10,000. Memory: 5 bytes a row (the flags and each
// row's user). Not thread-safe; the store must not change while it runs. After
// SessionStore::clear(), call clear() or recompute().
class AnomalyDetector
{
public:
    explicit AnomalyDetector(const AnomalyRules &rules = {});

    const AnomalyRules &rules() const { return m_rules; }
    // Returns whether they changed; the flags are then those of the old rules until the next
    // recompute().
    bool setRules(const AnomalyRules &rules);

    // Flags every row of the store afresh, as of `nowMs`.
    void recompute(const SessionStore &store, qint64 nowMs);
    // After `result` = store.upsert(…): flags the new rows and recomputes every row of the users
    // of the new and updated rows (their users before and after), as of `nowMs`; other rows keep
    // their flags. Falls back to recompute() when the new rows do not follow the rows flagged so
    // far (the store was cleared and loaded again) or when a quarter of the rows are touched.
    // Returns the rows below the previous size() whose flags changed, ascending: a new session
    // can flag its user's older ones (their badges to repaint, their filter match to redo).
    std::vector<int> update(const SessionStore &store, const SessionStore::UpsertResult &result,
                            qint64 nowMs);
    void clear();

    int size() const { return int(m_flags.size()); } // rows flagged: [0, size())
    quint8 flags(int row) const
    {
        return row >= 0 && row < size() ? m_flags[std::size_t(row)] : quint8(0);
    }
    // One byte per row. For SessionFilterMatcher::setAnomalyFlags(): the vector itself stays
    // where it is for the detector's lifetime, its data may move as rows are added.
    const std::vector<quint8> &allFlags() const { return m_flags; }
    // The `nowMs` of the last recompute(): rows that no update() touched since are flagged as
    // of then.
    qint64 computedAt() const { return m_computedAt; }
    // How many rows carry each flag, in AnomalyRules::Flags order.
    std::array<int, AnomalyRules::FlagCount> counts() const;

private:
    struct Item;
    struct Scratch;

    // Per pool id of a column: the smallest id with the same ASCII-folded text.
    struct Canonical
    {
        std::vector<StringPool::Id> ids;
        std::unordered_map<std::string, StringPool::Id> byText;
        void extend(const StringPool &pool, bool emptyIsNull);
    };

    quint8 rowFlags(const SessionStore &store, int row) const;
    Item itemOf(const SessionStore &store, int row) const; // after rowFlags() for the row
    void flagUsers(const SessionStore &store, const std::vector<int> &first,
                   const std::vector<int> &byUser, std::size_t u, std::size_t end,
                   Scratch &scratch);
    void flagUser(const Item *items, int count, Scratch &scratch);
    void extendCanonical(const SessionStore &store);

    AnomalyRules m_rules;
    std::vector<quint8> m_flags;
    std::vector<StringPool::Id> m_users; // the user of each row when flagged
    std::vector<std::uint8_t> m_touched; // update(): a byte per user, all 0 between calls
    Canonical m_countries;
    Canonical m_devices;
    Canonical m_browsers;
    qint64 m_now = 0; // of the computation under way
    qint64 m_computedAt = 0;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "stringpool.h"

#include <QDate>
#include <QMetaType>
#include <QString>

#include <array>
#include <map>
#include <span>
#include <utility>
#include <vector>

class SessionStore;

// What the Insights panel draws for a set of sessions (the shown rows): how many there are by
// status, country, browser and device type, and how many were created in each day (or week,
// month, year). A value; count() makes one in one go, Accumulator a slice at a time
// (InsightsCounter drives it from the event loop).
//
// Every bucket but "Other" carries the query that selects exactly its rows in SessionDesk's
// filter language, so that clicking a bar can filter to it:
// - status:active, status:"some_new_status" (unknown statuses quoted: a word close to a known
//   status is otherwise a typo to the parser), country:DE;
// - browser and device match substrings, so a value that others contain excludes them:
//   browser:Safari -browser:"Mobile Safari" (every longer value in the column's dictionary,
//   the store's whole history, not only the counted rows, so the query is exact on its own);
// - rows without the field: -browser:* (null or empty, as field:* reads);
// - a day: created:2026-11-20; a longer period: created>=2026-11-16 created<2026-11-23.
// Text compares without case in the filter, so values that differ only in case ("Chrome",
// "chrome") are one bucket, labelled with the spelling most of its rows have.
//
// Days are local days, as the filter's dates are. The created chart holds every period from
// the first to the last present, empty ones included. A dock is a few hundred pixels wide, so
// at most MaxPeriods bars (two pixels each in 360): days while the span fits (half a year),
// else weeks (from Monday; three and a half years), else months (fifteen years), else years.
struct InsightsData
{
    enum Dimension { Status, Country, Browser, Device, DimensionCount };
    enum class Period : quint8 { Day, Week, Month, Year };

    static constexpr int TopValues = 12; // values with their own bucket; the rest are "Other"
    static constexpr int MaxPeriods = 180;

    struct Bucket
    {
        enum class Kind : quint8 {
            Value,
            Other, // the values after the top ones: `values` of them, no filter
            None, // no value (null or empty)
        };
        Kind kind = Kind::Value;
        QString label; // the value; "Other" and "(none)" for those kinds
        int count = 0;
        int values = 1; // distinct values in the bucket (case aside); 0 for None
        QString filter; // the query that selects exactly these rows; empty for Other

        bool operator==(const Bucket &) const = default;
    };

    struct PeriodBucket
    {
        QDate start; // the period's first local day
        int count = 0;
        QString filter;

        bool operator==(const PeriodBucket &) const = default;
    };

    int total = 0; // rows counted
    // Per dimension: the top values by count (ties by label), then Other, then None, each only
    // when it has rows.
    std::array<std::vector<Bucket>, DimensionCount> buckets;
    Period period = Period::Day;
    std::vector<PeriodBucket> created; // oldest first; empty when no row has created_at
    int createdMissing = 0; // rows without created_at (0): -created:*
    // Rows whose created_at is a date the filter cannot name (years outside 1000-9999, corrupt
    // data): counted in total, left out of `created`.
    int createdOutOfRange = 0;

    bool operator==(const InsightsData &) const = default;

    // The insights of `rows` (distinct rows of `store`; rows it does not have are skipped).
    static InsightsData count(const SessionStore &store, std::span<const int> rows);

    // The filter's field for a dimension: "status", "country", "browser", "device".
    static QString fieldName(Dimension dimension);
    // The period that holds `day`, by its first day, and the first day of the next one.
    static QDate periodStart(Period period, QDate day);
    static QDate nextPeriod(Period period, QDate start);

    class Accumulator;
};

// Counts rows into plain arrays indexed by the columns' dictionary ids (a few loads and
// increments a row); result() turns ids into strings and buckets once at the end. Adding the
// rows in any number of slices gives what adding them at once gives.
class InsightsData::Accumulator
{
public:
    explicit Accumulator(const SessionStore &store);
    Accumulator(const Accumulator &) = delete;
    Accumulator &operator=(const Accumulator &) = delete;

    // Adds rows; the store may have changed since the last call (rows appended, values added):
    // ids it did not have then are counted too, rows it no longer has are skipped.
    void add(std::span<const int> rows);
    int rows() const { return m_total; }
    InsightsData result() const;

private:
    // A local day as the half-open range of times the filter's created:<date> selects.
    struct Day
    {
        qint64 end = 0;
        QDate date;
        int count = 0;
    };
    using DayEntry = std::pair<const qint64, Day>;
    void addCreated(qint64 time);
    DayEntry *dayOf(qint64 time);
    bool coverSlot(qint64 slot);
    std::vector<InsightsData::Bucket> bucketsOf(Dimension dimension) const;
    std::vector<InsightsData::PeriodBucket> periodsOf(Period *period) const;

    const SessionStore *m_store;
    std::array<std::vector<int>, DimensionCount> m_counts; // per dictionary id, Null included
    // By start, disjoint. A map: a corrupt file may hold a million distinct days.
    std::map<qint64, Day> m_days;
    // The day of each quarter hour (every zone's midnight falls on one) from m_firstSlot on, for
    // those already seen: a division and a load a row instead of a walk down the map. Null:
    // not seen yet, or a day starts within it (zones of old with odd offsets).
    std::vector<DayEntry *> m_slotDays;
    qint64 m_firstSlot = 0;
    int m_total = 0;
    int m_createdMissing = 0;
};

Q_DECLARE_METATYPE(InsightsData)

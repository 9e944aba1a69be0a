// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "insightsdata.h"

#include "session.h"
#include "sessionstore.h"

#include <QDateTime>
#include <QHash>

#include <algorithm>

namespace {

using Bucket = InsightsData::Bucket;
using Dimension = InsightsData::Dimension;
using Period = InsightsData::Period;

constexpr SessionStore::TextColumn Columns[InsightsData::DimensionCount] = {
    SessionStore::Status,
    SessionStore::Country,
    SessionStore::BrowserName,
    SessionStore::DeviceType,
};

constexpr qint64 SlotLength = 15 * 60'000; // every zone's offset is a multiple of it today
constexpr qint64 SlotsPerDay = 96;
constexpr qint64 MaxSlots = 2 * 366 * SlotsPerDay; // two years: 560 KB of pointers at most
constexpr qint64 SlotTimeLimit = 100'000LL * 365 * 86'400'000; // ±100,000 years

// Years the filter's dates can name (four digits).
constexpr int FirstYear = 1000;
constexpr int LastYear = 9999;

// A value as the filter reads it back literally: bare when it is a plain word, else quoted with
// \" and \\ escaped (spaces, commas, quotes, a trailing ... or …, a lone *).
QString queryValue(const QString &value, bool alwaysQuote = false)
{
    bool plain = !alwaysQuote && !value.isEmpty() && !value.endsWith(u"...");
    for (const QChar c : value) {
        if (!c.isLetterOrNumber() && c != u'_' && c != u'-' && c != u'.' && c != u'/')
            plain = false;
    }
    if (plain)
        return value;
    QString quoted;
    quoted.reserve(value.size() + 2);
    quoted += u'"';
    for (const QChar c : value) {
        if (c == u'"' || c == u'\\')
            quoted += u'\\';
        quoted += c;
    }
    quoted += u'"';
    return quoted;
}

QString isoDate(QDate date)
{
    return date.toString(Qt::ISODate);
}

struct Group
{
    QString label; // the spelling with the most rows
    int labelCount = 0;
    int count = 0;
};

bool byCountThenLabel(const Group &a, const Group &b)
{
    if (a.count != b.count)
        return a.count > b.count;
    const int order = a.label.compare(b.label, Qt::CaseInsensitive);
    return order != 0 ? order < 0 : a.label < b.label;
}

// For text matched as a substring (browser, device): the values of the dictionary that contain
// `value` without being it, less those that contain another of them (excluding "Chrome Mobile"
// already excludes "Chrome Mobile iOS"). Sorted, case-insensitively distinct.
QStringList longerValues(const QString &value, const QStringList &dictionary)
{
    QStringList candidates;
    for (const QString &other : dictionary) {
        if (other.size() >= value.size() && other.contains(value, Qt::CaseInsensitive) &&
            other.compare(value, Qt::CaseInsensitive) != 0)
            candidates << other;
    }
    std::sort(candidates.begin(), candidates.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    QStringList kept;
    for (const QString &candidate : std::as_const(candidates)) {
        const bool covered = std::any_of(kept.cbegin(), kept.cend(), [&](const QString &shorter) {
            return candidate.contains(shorter, Qt::CaseInsensitive);
        });
        if (!covered)
            kept << candidate;
    }
    std::sort(kept.begin(), kept.end(), [](const QString &a, const QString &b) {
        const int order = a.compare(b, Qt::CaseInsensitive);
        return order != 0 ? order < 0 : a < b;
    });
    return kept;
}

} // namespace

InsightsData InsightsData::count(const SessionStore &store, std::span<const int> rows)
{
    Accumulator accumulator(store);
    accumulator.add(rows);
    return accumulator.result();
}

QString InsightsData::fieldName(Dimension dimension)
{
    switch (dimension) {
    case Status:
        return QStringLiteral("status");
    case Country:
        return QStringLiteral("country");
    case Browser:
        return QStringLiteral("browser");
    case Device:
        return QStringLiteral("device");
    case DimensionCount:
        break;
    }
    return {};
}

QDate InsightsData::periodStart(Period period, QDate day)
{
    switch (period) {
    case Period::Day:
        return day;
    case Period::Week:
        return day.addDays(1 - day.dayOfWeek()); // Monday
    case Period::Month:
        return QDate(day.year(), day.month(), 1);
    case Period::Year:
        return QDate(day.year(), 1, 1);
    }
    return day;
}

QDate InsightsData::nextPeriod(Period period, QDate start)
{
    switch (period) {
    case Period::Day:
        return start.addDays(1);
    case Period::Week:
        return start.addDays(7);
    case Period::Month:
        return start.addMonths(1);
    case Period::Year:
        return start.addYears(1);
    }
    return start.addDays(1);
}

InsightsData::Accumulator::Accumulator(const SessionStore &store)
    : m_store(&store)
{
    for (int d = 0; d < DimensionCount; ++d)
        m_counts[d].assign(store.pool(Columns[d]).size(), 0);
}

void InsightsData::Accumulator::add(std::span<const int> rows)
{
    const SessionStore &store = *m_store;
    const int size = store.size();
    for (const int row : rows) {
        if (row < 0 || row >= size)
            continue;
        ++m_total;
        for (int d = 0; d < DimensionCount; ++d) {
            const StringPool::Id id = store.textId(row, Columns[d]);
            std::vector<int> &counts = m_counts[d];
            if (id >= counts.size()) // a value added since the count began
                counts.resize(std::max<std::size_t>(id + 1, store.pool(Columns[d]).size()), 0);
            ++counts[id];
        }
        const qint64 created = store.time(row, SessionStore::CreatedAt);
        if (created == 0)
            ++m_createdMissing;
        else
            addCreated(created);
    }
}

void InsightsData::Accumulator::addCreated(qint64 time)
{
    // Far from today the table would not pay (and slot arithmetic could overflow).
    if (time <= -SlotTimeLimit || time >= SlotTimeLimit) {
        ++dayOf(time)->second.count;
        return;
    }
    const qint64 slot = time / SlotLength - (time % SlotLength < 0 ? 1 : 0);
    const qint64 index = slot - m_firstSlot;
    if (index >= 0 && index < qint64(m_slotDays.size())) {
        if (DayEntry *day = m_slotDays[std::size_t(index)]) {
            ++day->second.count;
            return;
        }
    }
    DayEntry *day = dayOf(time);
    ++day->second.count;
    if (day->first <= slot * SlotLength && (slot + 1) * SlotLength <= day->second.end &&
        coverSlot(slot))
        m_slotDays[std::size_t(slot - m_firstSlot)] = day;
}

// Grows the slot table to hold `slot`, with room to spare (a week, or as much again) so that
// rows in time order do not grow it slot by slot, within MaxSlots; false if it cannot.
bool InsightsData::Accumulator::coverSlot(qint64 slot)
{
    const qint64 size = qint64(m_slotDays.size());
    if (size == 0) {
        m_firstSlot = slot - SlotsPerDay;
        m_slotDays.assign(std::size_t(SlotsPerDay * 8), nullptr);
        return true;
    }
    const qint64 first = m_firstSlot;
    const qint64 end = first + size;
    if (slot >= first && slot < end)
        return true;
    const qint64 needed = slot < first ? end - slot : slot + 1 - first;
    if (needed > MaxSlots)
        return false;
    const qint64 grown = std::min(MaxSlots, std::max(needed + 7 * SlotsPerDay, 2 * size));
    const qint64 newFirst = slot < first ? end - grown : first;
    std::vector<DayEntry *> table(std::size_t(grown), nullptr);
    std::copy(m_slotDays.begin(), m_slotDays.end(), table.begin() + (first - newFirst));
    m_slotDays = std::move(table);
    m_firstSlot = newFirst;
    return true;
}

// The day of `time` among those seen, or a new one. A new day asks QDateTime (a time zone
// lookup, about a microsecond); a million rows hold a few hundred days.
InsightsData::Accumulator::DayEntry *InsightsData::Accumulator::dayOf(qint64 time)
{
    auto next = m_days.upper_bound(time);
    if (next != m_days.begin()) {
        auto day = std::prev(next);
        if (time < day->second.end)
            return &*day;
    }
    // The range created:<date> selects: local midnight to local midnight, as the parser
    // computes it. Kept clear of the neighbours and around `time` should a zone's odd day (a
    // skipped midnight) make it otherwise.
    Day day;
    day.date = QDateTime::fromMSecsSinceEpoch(time).date();
    qint64 start = QDateTime(day.date, QTime(0, 0)).toMSecsSinceEpoch();
    day.end = QDateTime(day.date.addDays(1), QTime(0, 0)).toMSecsSinceEpoch();
    if (!(start <= time && time < day.end)) {
        start = time;
        day.end = time + 1;
    }
    if (next != m_days.begin())
        start = std::max(start, std::prev(next)->second.end);
    if (next != m_days.end())
        day.end = std::min(day.end, next->first);
    return &*m_days.emplace_hint(next, start, day);
}

std::vector<Bucket> InsightsData::Accumulator::bucketsOf(Dimension dimension) const
{
    const StringPool &pool = m_store->pool(Columns[dimension]);
    const std::vector<int> &counts = m_counts[dimension];
    // After SessionStore::clear() the ids may be gone: never read past the dictionary.
    const std::size_t ids = std::min(counts.size(), pool.size());

    int none = counts.empty() ? 0 : counts[0];
    std::vector<Group> groups;
    QHash<QString, std::size_t> groupOf; // case-folded value -> index in groups
    for (std::size_t id = 1; id < ids; ++id) {
        const int count = counts[id];
        if (count == 0)
            continue;
        if (pool.view(StringPool::Id(id)).empty()) { // "" is no value to the filter (field:*)
            none += count;
            continue;
        }
        const QString value = pool.string(StringPool::Id(id));
        const QString key = value.toCaseFolded();
        auto it = groupOf.find(key);
        if (it == groupOf.end()) {
            it = groupOf.insert(key, groups.size());
            groups.push_back({});
        }
        Group &group = groups[*it];
        group.count += count;
        if (count > group.labelCount || (count == group.labelCount && value < group.label)) {
            group.label = value;
            group.labelCount = count;
        }
    }
    std::sort(groups.begin(), groups.end(), byCountThenLabel);

    const QString field = fieldName(dimension);
    const bool substring = dimension == Browser || dimension == Device;
    QStringList dictionary; // every value the column has, for the exclusions
    if (substring && !groups.empty()) {
        for (std::size_t id = 1; id < pool.size(); ++id) {
            if (!pool.view(StringPool::Id(id)).empty())
                dictionary << pool.string(StringPool::Id(id));
        }
    }

    std::vector<Bucket> buckets;
    const std::size_t top = std::min<std::size_t>(groups.size(), TopValues);
    for (std::size_t g = 0; g < top; ++g) {
        Bucket bucket;
        bucket.label = groups[g].label;
        bucket.count = groups[g].count;
        if (dimension == Status) {
            // A known status bare; any other text quoted, so that the parser takes it as meant.
            const bool known = statusFromName(bucket.label.toStdString()) != SessionStatus::Unknown;
            bucket.filter = field + u':' + queryValue(bucket.label, !known);
        } else {
            bucket.filter = field + u':' + queryValue(bucket.label);
        }
        if (substring) {
            const QStringList longer = longerValues(bucket.label, dictionary);
            if (!longer.isEmpty()) {
                QStringList values;
                for (const QString &value : longer)
                    values << queryValue(value);
                bucket.filter += QStringLiteral(" -%1:%2").arg(field, values.join(u','));
            }
        }
        buckets.push_back(std::move(bucket));
    }
    if (groups.size() > top) {
        Bucket other;
        other.kind = Bucket::Kind::Other;
        other.label = QStringLiteral("Other");
        other.values = int(groups.size() - top);
        for (std::size_t g = top; g < groups.size(); ++g)
            other.count += groups[g].count;
        buckets.push_back(std::move(other));
    }
    if (none > 0) {
        Bucket bucket;
        bucket.kind = Bucket::Kind::None;
        bucket.label = QStringLiteral("(none)");
        bucket.count = none;
        bucket.values = 0;
        bucket.filter = QStringLiteral("-%1:*").arg(field);
        buckets.push_back(std::move(bucket));
    }
    return buckets;
}

std::vector<InsightsData::PeriodBucket> InsightsData::Accumulator::periodsOf(Period *period) const
{
    std::map<QDate, int> byDate; // a day may have two ranges in an odd zone
    for (const auto &[start, day] : m_days)
        byDate[day.date] += day.count;
    const auto named = [](const auto &entry) {
        return entry.first.year() >= FirstYear && entry.first.year() <= LastYear;
    };
    const auto first = std::find_if(byDate.begin(), byDate.end(), named);
    const auto last = std::find_if(byDate.rbegin(), byDate.rend(), named);
    *period = Period::Day;
    if (first == byDate.end())
        return {};

    // The finest period that keeps the bars within MaxPeriods (years whatever it takes).
    for (const Period p : {Period::Day, Period::Week, Period::Month, Period::Year}) {
        *period = p;
        int periods = 0;
        for (QDate d = periodStart(p, first->first); d <= last->first && periods <= MaxPeriods;
             d = nextPeriod(p, d))
            ++periods;
        if (periods <= MaxPeriods)
            break;
    }

    std::vector<PeriodBucket> buckets;
    auto day = first;
    for (QDate start = periodStart(*period, first->first); start <= last->first;) {
        const QDate end = nextPeriod(*period, start);
        PeriodBucket bucket;
        bucket.start = start;
        for (; day != byDate.end() && day->first < end; ++day)
            bucket.count += day->second;
        bucket.filter = *period == Period::Day
            ? QStringLiteral("created:") + isoDate(start)
            : QStringLiteral("created>=%1 created<%2").arg(isoDate(start), isoDate(end));
        buckets.push_back(std::move(bucket));
        start = end;
    }
    return buckets;
}

InsightsData InsightsData::Accumulator::result() const
{
    InsightsData data;
    data.total = m_total;
    for (int d = 0; d < DimensionCount; ++d)
        data.buckets[d] = bucketsOf(Dimension(d));
    data.created = periodsOf(&data.period);
    data.createdMissing = m_createdMissing;
    int placed = 0;
    for (const PeriodBucket &bucket : data.created)
        placed += bucket.count;
    data.createdOutOfRange = m_total - m_createdMissing - placed;
    return data;
}

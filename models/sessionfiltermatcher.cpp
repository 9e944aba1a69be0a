// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// SessionFilterMatcher: SessionFilter run fast over a SessionStore.
//
// How a query runs over a million rows:
// - Every term on a text column becomes a table of one byte per value of the column's
//   StringPool: 1 where the term (negation folded in) holds for that value. Building it tests
//   each distinct value once: a few hundred for cities, a few hundred thousand for IPs and ids.
//   Session ids are unique per row, so their "pool" is a row-sized table. prepare() extends the
//   tables to values added since, on two threads when there are many.
// - Rows are then tested in blocks of 2,048: a selection vector of row numbers is narrowed by one
//   step after another, each a tight loop (a table lookup, a time range, a flag), so work
//   shrinks as rows drop out and nothing is allocated per row. Steps run most selective first.
// - matchRows() and countByStatus() split a range over two threads, each with its own output,
//   when the plan does enough lookups per row over enough rows to pay for a thread (~1.5 ms of
//   work each); light plans over a million rows take ~1 ms on one thread.
// - A matcher made with the previous query's matcher copies the tables of unchanged terms and
//   narrows a grown word to the values the shorter one matched.
// - flag: terms read the anomaly flags (a byte per row, from AnomalyDetector) like a column.
#include "sessionfiltermatcher.h"
#include "sessionfilter.h"

#include "sessionfilterterm.h"
#include "sessionstore.h"
#include "textneedle.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>

namespace {

using Term = SessionFilter::Term;
using Field = Term::Field;
using Match = Term::Match;
using Column = SessionStore::TextColumn;

constexpr int SessionIdColumn = -1; // the id pool: pool id = row + 1
constexpr int BlockRows = 2048;
constexpr int MinRowsPerThread = 32768;
constexpr std::size_t FillChunk = 32768; // pool values per job when filling tables
constexpr std::size_t MinValuesPerThread = 65536;

int columnOf(Field field)
{
    switch (field) {
    case Field::Status:
        return SessionStore::Status;
    case Field::User:
        return SessionStore::UserId;
    case Field::Client:
        return SessionStore::ClientId;
    case Field::Session:
        return SessionIdColumn;
    case Field::Ip:
        return SessionStore::IpAddress;
    case Field::City:
        return SessionStore::City;
    case Field::Country:
        return SessionStore::Country;
    case Field::Browser:
        return SessionStore::BrowserName;
    case Field::Version:
        return SessionStore::BrowserVersion;
    case Field::Device:
        return SessionStore::DeviceType;
    case Field::Organization:
        return SessionStore::OrganizationId;
    case Field::Actor:
        return SessionStore::ActorSub;
    case Field::Impersonated:
        return SessionStore::ActorJson;
    case Field::Task:
        return SessionStore::Tasks;
    default:
        Q_UNREACHABLE(); // not a text column
    }
    return SessionIdColumn;
}

constexpr int FreeTextColumns[] = {
    SessionIdColumn,           SessionStore::UserId,     SessionStore::ClientId,
    SessionStore::IpAddress,   SessionStore::City,       SessionStore::Country,
    SessionStore::BrowserName, SessionStore::DeviceType, SessionStore::OrganizationId,
    SessionStore::ActorSub,
};

const StringPool &poolOf(const SessionStore &store, int column)
{
    return column == SessionIdColumn ? store.idPool() : store.pool(Column(column));
}

// One value of a term, ready to test pool strings.
struct ValueTest
{
    Match match = Match::Contains;
    TextNeedle needle;
    TextNeedle dotted; // VersionPrefix: needle + "."
    std::optional<IpNetwork> network;

    explicit ValueTest(const Term::Value &value)
        : match(value.match)
        , network(value.network)
    {
        switch (value.match) {
        case Match::Contains:
            needle = TextNeedle(value.text, TextNeedle::Contains, value.sensitivity);
            break;
        case Match::StartsWith:
            needle = TextNeedle(value.text, TextNeedle::StartsWith, value.sensitivity);
            break;
        case Match::Equals:
            needle = TextNeedle(value.text, TextNeedle::Equals, value.sensitivity);
            break;
        case Match::VersionPrefix:
            needle = TextNeedle(value.text, TextNeedle::Equals, Qt::CaseInsensitive);
            dotted = TextNeedle(value.text + u'.', TextNeedle::StartsWith, Qt::CaseInsensitive);
            break;
        default:
            break;
        }
    }

    // Sets marks[id] to 1 for the values of [first, end) (not Null) that match.
    void mark(const StringPool &pool, StringPool::Id first, StringPool::Id end,
              std::uint8_t *marks) const
    {
        switch (match) {
        case Match::Contains:
        case Match::StartsWith:
        case Match::Equals:
            needle.markMatches(pool, first, end, marks);
            return;
        case Match::VersionPrefix:
            needle.markMatches(pool, first, end, marks);
            dotted.markMatches(pool, first, end, marks);
            return;
        default:
            for (StringPool::Id id = std::max<StringPool::Id>(first, 1); id < end; ++id) {
                if (test(pool.view(id)))
                    marks[id] = 1;
            }
        }
    }

    // `text` is a value that is not null.
    bool test(std::string_view text) const
    {
        switch (match) {
        case Match::HasValue:
            return !text.empty();
        case Match::Contains:
        case Match::StartsWith:
        case Match::Equals:
            return needle.matches(text);
        case Match::VersionPrefix:
            return needle.matches(text) || dotted.matches(text);
        case Match::Network:
            return network->contains(text);
        case Match::Yes: // impersonated: the actor is not null
            return true;
        case Match::No:
        case Match::TimeRange:
        case Match::AnyFlag:
            break;
        }
        return false;
    }
};

// A byte per pool value of one column: does the term hold for it?
struct Table
{
    int column = 0;
    bool statusMask = false; // the status toggles: filled from the mask, not from values
    bool tasks = false; // values are '\0'-terminated task keys
    bool negated = false; // folded in (single-column terms)
    std::vector<Term::Value> source; // what `values` were made from
    std::vector<ValueTest> values;
    std::vector<std::uint8_t> bytes;
    std::size_t ones = 0;
    // The pool's value at bytes.size() - 1 when filled: a store cleared and filled again is
    // told apart from one that grew.
    std::string fingerprint;
    // Values that can match at all ([0, candidates.size())): those a shorter word matched in a
    // previous matcher's table. Empty: every value.
    std::vector<std::uint8_t> candidates;

    bool isCurrent(const StringPool &pool) const
    {
        return bytes.empty() ||
            (pool.size() >= bytes.size() &&
             pool.view(StringPool::Id(bytes.size() - 1)) == fingerprint);
    }

    // Fills bytes[first, end) from the pool's values; returns how many are 1.
    std::size_t fill(const StringPool &pool, StringPool::Id first, StringPool::Id end)
    {
        const StringPool::Id begin = first;
        std::uint8_t *marks = bytes.data();
        std::fill(marks + first, marks + end, std::uint8_t(0));
        const auto narrowed = std::min<StringPool::Id>(end, StringPool::Id(candidates.size()));
        if (first < narrowed) { // only the candidates can match
            const ValueTest &value = values.front();
            for (StringPool::Id id = std::max<StringPool::Id>(first, 1); id < narrowed; ++id) {
                if (candidates[id])
                    marks[id] = std::uint8_t(value.test(pool.view(id)));
            }
            first = narrowed;
        }
        if (first < end && tasks) { // any key matching any value
            for (StringPool::Id id = std::max<StringPool::Id>(first, 1); id < end; ++id) {
                std::string_view keys = pool.view(id);
                for (std::size_t k;
                     !marks[id] && (k = keys.find('\0')) != std::string_view::npos;) {
                    for (const ValueTest &value : values)
                        marks[id] |= std::uint8_t(value.test(keys.substr(0, k)));
                    keys.remove_prefix(k + 1);
                }
            }
        } else if (first < end) {
            for (const ValueTest &value : values)
                value.mark(pool, first, end, marks);
        }
        if (begin == StringPool::Null) { // only impersonated:no holds for null
            for (const ValueTest &value : values)
                marks[0] |= std::uint8_t(value.match == Match::No);
        }
        std::size_t ones = 0;
        const std::uint8_t flip = negated ? 1 : 0;
        for (StringPool::Id id = begin; id < end; ++id) {
            marks[id] ^= flip;
            ones += marks[id];
        }
        return ones;
    }
};

struct Step
{
    enum Kind { Lookup, FreeText, Time, Mobile, Anomaly };
    Kind kind = Lookup;
    bool statusMask = false; // the toggles, left out by countByStatus
    bool negated = false; // FreeText, Time, Mobile, Anomaly
    int table = -1; // Lookup
    std::vector<int> tables; // FreeText: one per column
    SessionStore::TimeColumn timeColumn = SessionStore::LastActiveAt;
    std::vector<std::pair<qint64, qint64>> ranges; // Time: [from, to) each
    bool mobileYes = false; // Mobile
    bool mobileNo = false;
    quint8 anyFlag = 0; // Anomaly: the row has one of these flags
};

struct PlannedStep
{
    const Step *step = nullptr;
    std::vector<int> tables; // FreeText: the tables that match anything, densest first
};

struct Plan
{
    bool never = false; // some step holds for no row
    std::vector<PlannedStep> steps; // those that can fail, in order
    double work = 0; // table lookups per row, about: decides whether a second thread pays
};

} // namespace

struct SessionFilterMatcher::Compiled
{
    SessionFilter filter;
    const SessionStore *store = nullptr;
    const std::vector<quint8> *anomalyFlags = nullptr; // a byte per row; null: none known
    std::vector<Table> tables;
    std::vector<Step> steps;
    Plan withMask;
    Plan withoutMask;
    int preparedRows = 0;

    int addTable(int column, bool negated, const std::vector<Term::Value> &values)
    {
        Table table;
        table.column = column;
        table.tasks = column == SessionStore::Tasks;
        table.negated = negated;
        table.source = values;
        for (const Term::Value &value : values)
            table.values.emplace_back(value);
        tables.push_back(std::move(table));
        return int(tables.size()) - 1;
    }

    void compile();
    void reuse(const Compiled &previous);
    void fill();
    void plan();
    void planInto(Plan &plan, bool includeMask) const;
    bool isPrepared() const;

    template<typename Sink>
    void run(const Plan &plan, int first, int end, Sink &&sink) const;
    int apply(const PlannedStep &planned, int *rows, int count) const;
    int threadsFor(const Plan &plan, int rows, int threads) const;
};

void SessionFilterMatcher::Compiled::compile()
{
    for (const Term &term : filter.terms()) {
        Step step;
        step.negated = term.negated;
        if (term.field == Field::FreeText) {
            step.kind = Step::FreeText;
            for (const int column : FreeTextColumns)
                step.tables.push_back(addTable(column, false, term.values));
        } else if (term.field == Field::Flag) {
            step.kind = Step::Anomaly;
            for (const Term::Value &value : term.values)
                step.anyFlag |= value.flags;
        } else if (term.field == Field::Mobile) {
            step.kind = Step::Mobile;
            for (const Term::Value &value : term.values)
                (value.match == Match::Yes ? step.mobileYes : step.mobileNo) = true;
        } else if (Term::isTime(term.field)) {
            step.kind = Step::Time;
            step.timeColumn = term.field == Field::LastActive ? SessionStore::LastActiveAt
                : term.field == Field::Created                ? SessionStore::CreatedAt
                : term.field == Field::Updated                ? SessionStore::UpdatedAt
                : term.field == Field::Expires                ? SessionStore::ExpireAt
                                                              : SessionStore::AbandonAt;
            for (const Term::Value &value : term.values) {
                if (value.match == Match::HasValue) { // not 0
                    step.ranges.emplace_back(std::numeric_limits<qint64>::min(), 0);
                    step.ranges.emplace_back(1, std::numeric_limits<qint64>::max());
                } else {
                    step.ranges.emplace_back(value.from, value.to);
                }
            }
        } else {
            step.kind = Step::Lookup;
            step.table = addTable(columnOf(term.field), term.negated, term.values);
        }
        steps.push_back(std::move(step));
    }
    if (filter.statusMask() != SessionFilter::AllStatuses) {
        // A table over the status pool: ids 1..8 are the known statuses, others Unknown.
        Step step;
        step.kind = Step::Lookup;
        step.statusMask = true;
        Table table;
        table.column = SessionStore::Status;
        table.statusMask = true;
        tables.push_back(std::move(table));
        step.table = int(tables.size()) - 1;
        steps.push_back(std::move(step));
    }
}

bool SessionFilterMatcher::Compiled::isPrepared() const
{
    if (preparedRows != store->size())
        return false;
    for (const Table &table : tables) {
        if (table.bytes.size() != poolOf(*store, table.column).size())
            return false;
    }
    return true;
}

void SessionFilterMatcher::Compiled::fill()
{
    struct Job
    {
        Table *table;
        std::size_t from;
        std::size_t to;
        std::size_t ones = 0;
    };
    std::vector<Job> jobs;
    std::size_t work = 0;
    for (Table &table : tables) {
        const StringPool &pool = poolOf(*store, table.column);
        if (!table.isCurrent(pool)) { // the store was cleared
            table.bytes.clear();
            table.ones = 0;
            table.candidates.clear();
        }
        const std::size_t from = table.bytes.size();
        const std::size_t to = pool.size();
        if (from == to)
            continue;
        table.bytes.resize(to);
        if (table.statusMask) {
            const quint16 bits = filter.statusMask();
            for (std::size_t id = from; id < to; ++id) {
                const SessionStatus status = id >= 1 && id <= std::size_t(KnownStatusCount)
                    ? SessionStatus(id - 1)
                    : SessionStatus::Unknown;
                table.bytes[id] = (bits & SessionFilter::statusBit(status)) ? 1 : 0;
                table.ones += table.bytes[id];
            }
            continue;
        }
        for (std::size_t at = from; at < to; at += FillChunk)
            jobs.push_back({&table, at, std::min(to, at + FillChunk)});
        work += to - from;
    }

    std::atomic<std::size_t> next = 0;
    auto worker = [this, &jobs, &next] {
        for (std::size_t j; (j = next.fetch_add(1, std::memory_order_relaxed)) < jobs.size();) {
            Job &job = jobs[j];
            job.ones = job.table->fill(poolOf(*store, job.table->column), StringPool::Id(job.from),
                                       StringPool::Id(job.to));
        }
    };
    if (work >= MinValuesPerThread && jobs.size() > 1) {
        std::thread helper(worker);
        worker();
        helper.join();
    } else {
        worker();
    }
    for (const Job &job : jobs)
        job.table->ones += job.ones;
    for (Table &table : tables) {
        const StringPool &pool = poolOf(*store, table.column);
        if (!table.bytes.empty())
            table.fingerprint = pool.view(StringPool::Id(table.bytes.size() - 1));
        if (table.candidates.size() <= table.bytes.size())
            table.candidates = {}; // used up
    }
}

// Seeds tables from a matcher of the same store made for an earlier query: a table with the same
// column and values is copied (and inverted if only the negation changed); one for a longer word
// than an earlier Contains or StartsWith value ("berl" after "ber") keeps the earlier matches
// as its only candidates, when they are few.
void SessionFilterMatcher::Compiled::reuse(const Compiled &previous)
{
    if (previous.store != store)
        return;
    for (Table &table : tables) {
        if (table.statusMask)
            continue;
        const StringPool &pool = poolOf(*store, table.column);
        const Table *narrowest = nullptr;
        std::size_t fewest = 0;
        for (const Table &old : previous.tables) {
            if (old.column != table.column || old.tasks != table.tasks || old.statusMask ||
                old.bytes.empty() || !old.isCurrent(pool)) {
                continue;
            }
            if (old.source == table.source) {
                table.bytes = old.bytes;
                table.ones = old.negated == table.negated ? old.ones : old.bytes.size() - old.ones;
                if (old.negated != table.negated) {
                    for (std::uint8_t &byte : table.bytes)
                        byte ^= 1;
                }
                table.fingerprint = old.fingerprint;
                narrowest = nullptr;
                break;
            }
            if (table.source.size() != 1 || old.source.size() != 1 || table.tasks)
                continue;
            const Term::Value &now = table.source.front();
            const Term::Value &before = old.source.front();
            const bool narrower = now.match == before.match &&
                now.sensitivity == before.sensitivity &&
                ((now.match == Match::Contains &&
                  now.text.contains(before.text, now.sensitivity)) ||
                 (now.match == Match::StartsWith &&
                  now.text.startsWith(before.text, now.sensitivity)));
            const std::size_t matched = old.negated ? old.bytes.size() - old.ones : old.ones;
            // Worth it when the earlier word matched few values (each is tested on its own).
            if (narrower && matched * 16 < old.bytes.size() && (!narrowest || matched < fewest)) {
                narrowest = &old;
                fewest = matched;
            }
        }
        if (narrowest) {
            table.candidates = narrowest->bytes;
            if (narrowest->negated) {
                for (std::uint8_t &byte : table.candidates)
                    byte ^= 1;
            }
        }
    }
}

void SessionFilterMatcher::Compiled::planInto(Plan &plan, bool includeMask) const
{
    plan = {};
    std::vector<std::pair<double, const Step *>> ordered;
    for (const Step &step : steps) {
        if (step.statusMask && !includeMask)
            continue;
        double cost = 0; // lower runs first: cheap, selective steps
        switch (step.kind) {
        case Step::Lookup: {
            const Table &table = tables[std::size_t(step.table)];
            if (table.ones == 0) {
                plan.never = true;
                return;
            }
            if (table.ones == table.bytes.size())
                continue; // holds for every value
            cost = double(table.ones) / double(table.bytes.size()); // in [0, 1)
            break;
        }
        case Step::Mobile:
            if (step.mobileYes && step.mobileNo) {
                if (step.negated) {
                    plan.never = true;
                    return;
                }
                continue;
            }
            cost = 1;
            break;
        case Step::Anomaly:
            if (!anomalyFlags) { // no row has a flag
                if (!step.negated) {
                    plan.never = true;
                    return;
                }
                continue;
            }
            cost = 1;
            break;
        case Step::Time:
            cost = 2;
            break;
        case Step::FreeText: {
            bool any = false;
            for (const int t : step.tables)
                any = any || tables[std::size_t(t)].ones > 0;
            if (!any) { // no value anywhere contains the text
                if (!step.negated) {
                    plan.never = true;
                    return;
                }
                continue;
            }
            cost = 3;
            break;
        }
        }
        ordered.emplace_back(cost, &step);
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &entry : ordered) {
        PlannedStep planned;
        planned.step = entry.second;
        double lookups = 1;
        if (planned.step->kind == Step::FreeText) {
            // Densest first: rows it matches need no other lookup.
            std::vector<std::pair<double, int>> dense;
            for (const int t : planned.step->tables) {
                const Table &table = tables[std::size_t(t)];
                if (table.ones > 0)
                    dense.emplace_back(-double(table.ones) / double(table.bytes.size()), t);
            }
            std::stable_sort(dense.begin(), dense.end());
            for (const auto &[density, t] : dense)
                planned.tables.push_back(t);
            lookups = double(planned.tables.size());
        }
        // Later steps see the rows earlier ones kept: count them at half.
        plan.work += plan.steps.empty() ? lookups : lookups / 2;
        plan.steps.push_back(std::move(planned));
    }
}

void SessionFilterMatcher::Compiled::plan()
{
    planInto(withMask, true);
    planInto(withoutMask, false);
}

// Narrows rows[0, count) to those passing `step`; returns the new count. Branch-free loops:
// every row is written, and the count advances only when it passes.
int SessionFilterMatcher::Compiled::apply(const PlannedStep &planned, int *rows, int count) const
{
    const Step &step = *planned.step;
    const SessionStore &s = *store;
    int kept = 0;
    switch (step.kind) {
    case Step::Lookup: {
        const Table &table = tables[std::size_t(step.table)];
        const std::uint8_t *bytes = table.bytes.data();
        if (table.column == SessionIdColumn) {
            for (int k = 0; k < count; ++k) {
                const int row = rows[k];
                rows[kept] = row;
                kept += bytes[row + 1];
            }
        } else {
            const auto c = Column(table.column);
            for (int k = 0; k < count; ++k) {
                const int row = rows[k];
                rows[kept] = row;
                kept += bytes[s.textId(row, c)];
            }
        }
        break;
    }
    case Step::Time: {
        const SessionStore::TimeColumn c = step.timeColumn;
        const int flip = step.negated ? 1 : 0;
        if (step.ranges.size() == 1) {
            const qint64 from = step.ranges[0].first;
            const qint64 to = step.ranges[0].second;
            for (int k = 0; k < count; ++k) {
                const int row = rows[k];
                const qint64 t = s.time(row, c);
                rows[kept] = row;
                kept += int(from <= t && t < to) ^ flip;
            }
        } else {
            for (int k = 0; k < count; ++k) {
                const int row = rows[k];
                const qint64 t = s.time(row, c);
                bool in = false;
                for (const auto &[from, to] : step.ranges)
                    in = in || (from <= t && t < to);
                rows[kept] = row;
                kept += int(in) ^ flip;
            }
        }
        break;
    }
    case Step::Mobile: {
        const bool yes = step.mobileYes != step.negated;
        const bool no = step.mobileNo != step.negated;
        for (int k = 0; k < count; ++k) {
            const int row = rows[k];
            const bool mobile = s.hasActivity(row) && s.isMobile(row);
            rows[kept] = row;
            kept += int(mobile ? yes : no);
        }
        break;
    }
    case Step::Anomaly: {
        // Rows beyond the vector (not flagged yet) have no flags.
        const quint8 *flags = anomalyFlags->data();
        const int flagged = int(anomalyFlags->size());
        const quint8 mask = step.anyFlag;
        const int flip = step.negated ? 1 : 0;
        for (int k = 0; k < count; ++k) {
            const int row = rows[k];
            const quint8 f = row < flagged ? flags[row] : quint8(0);
            rows[kept] = row;
            kept += int((f & mask) != 0) ^ flip;
        }
        break;
    }
    case Step::FreeText: {
        // hit[k]: does row k match in some column. Each table is looked up only for the rows
        // that no earlier (denser) table matched.
        std::uint8_t hit[BlockRows];
        int pending[BlockRows];
        int waiting = count;
        for (int k = 0; k < count; ++k) {
            hit[k] = 0;
            pending[k] = k;
        }
        for (const int t : planned.tables) {
            const Table &table = tables[std::size_t(t)];
            const std::uint8_t *bytes = table.bytes.data();
            int still = 0;
            if (table.column == SessionIdColumn) {
                for (int j = 0; j < waiting; ++j) {
                    const int k = pending[j];
                    const std::uint8_t h = bytes[rows[k] + 1];
                    hit[k] = h;
                    pending[still] = k;
                    still += 1 - h;
                }
            } else {
                const auto c = Column(table.column);
                for (int j = 0; j < waiting; ++j) {
                    const int k = pending[j];
                    const std::uint8_t h = bytes[s.textId(rows[k], c)];
                    hit[k] = h;
                    pending[still] = k;
                    still += 1 - h;
                }
            }
            waiting = still;
            if (waiting == 0)
                break;
        }
        const std::uint8_t flip = step.negated ? 1 : 0;
        for (int k = 0; k < count; ++k) {
            rows[kept] = rows[k];
            kept += hit[k] ^ flip;
        }
        break;
    }
    }
    return kept;
}

// A second thread costs ~0.1 ms to start and, on a busy machine, may wait for a core: worth it
// only for plans that do several lookups per row over many rows.
int SessionFilterMatcher::Compiled::threadsFor(const Plan &plan, int rows, int threads) const
{
    constexpr double MinWorkPerThread = 1.5e6; // lookups, ~1.5 ms
    if (plan.never || threads <= 1)
        return 1;
    const int byRows = rows / MinRowsPerThread;
    const int byWork = int(double(rows) * plan.work / MinWorkPerThread);
    return std::clamp(std::min(byRows, byWork), 1, threads);
}

template<typename Sink>
void SessionFilterMatcher::Compiled::run(const Plan &plan, int first, int end, Sink &&sink) const
{
    if (plan.never)
        return;
    int rows[BlockRows];
    for (int block = first; block < end; block += BlockRows) {
        const int blockEnd = std::min(end, block + BlockRows);
        int count = blockEnd - block;
        for (int k = 0; k < count; ++k)
            rows[k] = block + k;
        for (const PlannedStep &step : plan.steps) {
            count = apply(step, rows, count);
            if (count == 0)
                break;
        }
        if (count > 0)
            sink(rows, count);
    }
}

SessionFilterMatcher::SessionFilterMatcher(const SessionFilter &filter, const SessionStore &store,
                                           const SessionFilterMatcher *previous)
    : d(std::make_unique<Compiled>())
{
    d->filter = filter;
    d->store = &store;
    d->compile();
    if (previous) {
        d->reuse(*previous->d);
        if (previous->d->store == &store)
            d->anomalyFlags = previous->d->anomalyFlags;
    }
    prepare();
}

SessionFilterMatcher::~SessionFilterMatcher() = default;

const SessionFilter &SessionFilterMatcher::filter() const
{
    return d->filter;
}

void SessionFilterMatcher::setAnomalyFlags(const std::vector<quint8> *flags)
{
    if (flags == d->anomalyFlags)
        return;
    d->anomalyFlags = flags;
    d->plan();
}

const std::vector<quint8> *SessionFilterMatcher::anomalyFlags() const
{
    return d->anomalyFlags;
}

void SessionFilterMatcher::prepare()
{
    d->fill();
    d->plan();
    d->preparedRows = d->store->size();
}

int SessionFilterMatcher::preparedRows() const
{
    return d->preparedRows;
}

bool SessionFilterMatcher::matches(int row) const
{
    Q_ASSERT(row >= 0 && row < d->preparedRows);
    Q_ASSERT(d->isPrepared());
    bool matched = false;
    d->run(d->withMask, row, row + 1, [&matched](const int *, int) { matched = true; });
    return matched;
}

std::vector<int> SessionFilterMatcher::matchRows(int first, int end, int threads) const
{
    Q_ASSERT(first >= 0 && first <= end && end <= d->preparedRows);
    Q_ASSERT(d->isPrepared());
    const int rows = end - first;
    const int parts = d->threadsFor(d->withMask, rows, threads);
    std::vector<std::vector<int>> results(static_cast<std::size_t>(parts));
    auto work = [this, first, rows, parts, &results](int part) {
        const int from = first + int(qint64(rows) * part / parts);
        const int to = first + int(qint64(rows) * (part + 1) / parts);
        std::vector<int> &out = results[std::size_t(part)];
        d->run(d->withMask, from, to, [&out](const int *matched, int count) {
            out.insert(out.end(), matched, matched + count);
        });
    };
    std::vector<std::thread> helpers;
    for (int part = 1; part < parts; ++part)
        helpers.emplace_back(work, part);
    work(0);
    for (std::thread &helper : helpers)
        helper.join();
    std::vector<int> all = std::move(results[0]);
    std::size_t total = all.size();
    for (int part = 1; part < parts; ++part)
        total += results[std::size_t(part)].size();
    all.reserve(total);
    for (int part = 1; part < parts; ++part)
        all.insert(all.end(), results[std::size_t(part)].begin(), results[std::size_t(part)].end());
    return all;
}

std::array<int, KnownStatusCount + 1> SessionFilterMatcher::countByStatus(int first, int end) const
{
    Q_ASSERT(first >= 0 && first <= end && end <= d->preparedRows);
    Q_ASSERT(d->isPrepared());
    using Counts = std::array<int, KnownStatusCount + 1>;
    const int rows = end - first;
    const int parts = d->threadsFor(d->withoutMask, rows, 2);
    std::array<Counts, 2> counts{};
    auto work = [this, first, rows, parts, &counts](int part) {
        const int from = first + int(qint64(rows) * part / parts);
        const int to = first + int(qint64(rows) * (part + 1) / parts);
        Counts &c = counts[std::size_t(part)];
        d->run(d->withoutMask, from, to, [this, &c](const int *matched, int count) {
            for (int k = 0; k < count; ++k)
                ++c[std::size_t(d->store->status(matched[k]))];
        });
    };
    if (parts == 2) {
        std::thread helper(work, 1);
        work(0);
        helper.join();
    } else {
        work(0);
    }
    Counts total{};
    for (std::size_t s = 0; s < total.size(); ++s)
        total[s] = counts[0][s] + counts[1][s];
    return total;
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
//
// bench_filter: how fast the session table filters and sorts a million sessions, against
// QSortFilterProxyModel over the same model in the same run.
//
//   bench_filter [--sessions 1000000] [--dir /tmp/sessiondesk-bench] [--seed N] [--rounds 3]
//                [--baseline 3] [--baseline-budget 300] [--regenerate]
//
// The sessions come from SessionGenerator (a file cached in --dir, shared with bench_load) and
// are loaded with SessionLoader, as the window loads them. Then, through SessionSortProxy with a
// selection model attached (a view's current row and selection, which the proxy must carry
// through every change):
// - a scripted sequence of 20 keystrokes, typing and backspacing, free text and field queries,
//   each timed from parsing the query to the proxy having announced its change (--rounds times,
//   in load order and again sorted by last activity);
// - a sort of every column, ascending and descending, unfiltered and filtered;
// - a "scroll": a screenful of cells read through the proxy at random positions;
// - the baseline: QSortFilterProxyModel filtering the first --baseline keystrokes the stock way
//   (setFilterFixedString over every column's display text, case-insensitive), stopped early
//   once --baseline-budget seconds are spent, and sorting two columns.
// It ends with a verdict per goal. Benchmark numbers, not a test: nothing is registered with
// CTest. Run a Release build on an otherwise idle machine.

#include "sessionfilter.h"
#include "sessiongenerator.h"
#include "sessionloader.h"
#include "sessionsortproxy.h"
#include "sessiontablemodel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSortFilterProxyModel>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

namespace {

constexpr std::uint64_t DefaultSeed = 20260512; // bench_load's: the same cached file
constexpr qint64 GeneratorNow = 1795651200000; // SessionGenerator::Options::now

// The script: the filter bar's text after each keystroke (the last of a burst, as the debounce
// hands it over), typing and backspacing, free text and fields.
const char *const Keystrokes[] = {
    "c",
    "ch",
    "chr",
    "chro",
    "chrom",
    "chrome",
    "chrom",
    "chro",
    "country:D",
    "country:DE",
    "country:DE status:active",
    "status:active",
    "status:active last_active<2h",
    "last_active<2h",
    "last_active<24h",
    "ip:10.0.0.0/8",
    "ip:10.0.0.0/8 -browser:safari",
    "ip:10",
    "ip:1",
    "",
};
constexpr int KeystrokeCount = int(std::size(Keystrokes));

// The machine's load: the figures mean little when other programs compete for the cores.
QByteArray loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return "unknown";
    return file.readAll().split(' ').mid(0, 3).join(' ');
}

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

// Nearest-rank percentile.
double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::optional<QString> dataFile(const QString &dir, qint64 sessions, std::uint64_t seed,
                                bool regenerate)
{
    // bench_load's naming and size marker, so that either program reuses the other's file.
    const QString path =
        QStringLiteral("%1/sessions-array-%2-seed%3.json").arg(dir).arg(sessions).arg(seed);
    QFile marker(path + QStringLiteral(".size"));
    const qint64 size = QFileInfo(path).size();
    if (!regenerate && size > 0 && marker.open(QIODevice::ReadOnly) &&
        marker.readAll().trimmed().toLongLong() == size)
        return path;
    marker.close();
    std::printf("generating %lld sessions into %s…\n", static_cast<long long>(sessions),
                qPrintable(path));
    std::fflush(stdout);
    SessionGenerator::Options options;
    options.seed = seed;
    options.sessions = sessions;
    if (!QDir().mkpath(dir) || !SessionGenerator(options).writeFile(path) ||
        !marker.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return std::nullopt;
    marker.write(QByteArray::number(QFileInfo(path).size()) + '\n');
    return path;
}

bool load(SessionTableModel &model, const QString &path)
{
    SessionLoader loader(&model);
    bool ok = false;
    QObject::connect(&loader, &SessionLoader::finished, [&](const LoadResult &result) {
        ok = !result.files.isEmpty() && !result.files.constFirst().failed();
        QCoreApplication::quit();
    });
    QElapsedTimer clock;
    clock.start();
    if (!loader.start({path}))
        return false;
    QCoreApplication::exec();
    std::printf("loaded %d sessions in %.0f ms\n", model.rowCount(), msSince(clock));
    return ok;
}

SessionFilter parsed(const char *query)
{
    FilterError error;
    const std::optional<SessionFilter> filter =
        SessionFilter::parse(QString::fromUtf8(query), GeneratorNow, &error);
    if (!filter) {
        std::fprintf(stderr, "bench_filter: \"%s\" does not parse: %s\n", query,
                     qPrintable(error.message));
        std::exit(1);
    }
    return *filter;
}

// Counts the structural signals a model sends, while it lives.
struct SignalCounter
{
    explicit SignalCounter(QAbstractItemModel *model)
    {
        QObject::connect(model, &QAbstractItemModel::rowsInserted, &context,
                         [this] { ++structural; });
        QObject::connect(model, &QAbstractItemModel::rowsRemoved, &context,
                         [this] { ++structural; });
        QObject::connect(model, &QAbstractItemModel::layoutChanged, &context,
                         [this] { ++structural; });
        QObject::connect(model, &QAbstractItemModel::modelReset, &context,
                         [this] { ++structural; });
    }
    QObject context; // disconnects on destruction
    int structural = 0;
};

struct Script
{
    std::vector<double> ms; // every re-filter of every round
    std::vector<std::vector<double>> perKeystroke =
        std::vector<std::vector<double>>(KeystrokeCount);
    std::vector<int> rows = std::vector<int>(KeystrokeCount);
    int maxSignals = 0;
    bool selectionKept = true;
};

// Types the script into `proxy`, `rounds` times. A row is selected and current before every
// keystroke, as in a view, and must stay so while it matches.
Script runScript(SessionSortProxy &proxy, QItemSelectionModel &selection, int rounds)
{
    Script script;
    SignalCounter counter(&proxy);
    for (int round = 0; round < rounds; ++round) {
        for (int k = 0; k < KeystrokeCount; ++k) {
            QPersistentModelIndex selected;
            if (proxy.rowCount() > 0) {
                selected = proxy.index(proxy.rowCount() / 2, 0);
                selection.setCurrentIndex(
                    selected, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            }
            const QModelIndex source = proxy.mapToSource(selected);
            const int before = counter.structural;
            QElapsedTimer clock;
            clock.start();
            proxy.setFilter(parsed(Keystrokes[k]));
            const double ms = msSince(clock);
            script.ms.push_back(ms);
            script.perKeystroke[std::size_t(k)].push_back(ms);
            script.rows[std::size_t(k)] = proxy.rowCount();
            script.maxSignals = std::max(script.maxSignals, counter.structural - before);
            // The selected row: still selected where it still matches, gone where not.
            if (source.isValid()) {
                const QModelIndex now = proxy.mapFromSource(source);
                const bool kept = now.isValid() ? selected == now &&
                        selection.isRowSelected(now.row()) && selection.currentIndex() == now
                                                : !selected.isValid() && !selection.hasSelection();
                script.selectionKept = script.selectionKept && kept;
            }
        }
    }
    return script;
}

void printScript(const char *title, const Script &script, int sourceRows)
{
    std::printf("\n== %s: %d keystrokes x %zu rounds over %d sessions\n", title, KeystrokeCount,
                script.perKeystroke[0].size(), sourceRows);
    std::printf("  %-34s %10s %12s\n", "query after the keystroke", "rows", "ms (median)");
    for (int k = 0; k < KeystrokeCount; ++k) {
        const QByteArray query = '"' + QByteArray(Keystrokes[k]) + '"';
        std::printf("  %-34s %10d %12.2f\n", query.constData(), script.rows[std::size_t(k)],
                    percentile(script.perKeystroke[std::size_t(k)], 50));
    }
    std::printf("  re-filter: p50 %.2f ms, p95 %.2f ms, max %.2f ms; structural signals per "
                "re-filter: at most %d; selection kept where the row still matched: %s\n",
                percentile(script.ms, 50), percentile(script.ms, 95), percentile(script.ms, 100),
                script.maxSignals, script.selectionKept ? "yes" : "NO");
}

// Sorts every column both ways; returns the slowest.
double sortEveryColumn(SessionSortProxy &proxy, const char *title)
{
    std::printf("\n== sort, %s (%d of %d rows), ms:\n", title, proxy.rowCount(),
                proxy.sourceRowCount());
    double slowest = 0;
    for (int column = 0; column < SessionTableModel::ColumnCount; ++column) {
        double ms[2] = {};
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            QElapsedTimer clock;
            clock.start();
            proxy.sort(column, order);
            ms[order == Qt::DescendingOrder] = msSince(clock);
        }
        slowest = std::max({slowest, ms[0], ms[1]});
        std::printf("  %-16s asc %7.1f   desc %7.1f\n",
                    qPrintable(proxy.headerData(column, Qt::Horizontal).toString()), ms[0], ms[1]);
    }
    proxy.sort(-1);
    return slowest;
}

// Reads a screenful (40 rows, every column's display text) at random places, as a view
// scrolling by pages does; returns the mean time per screen.
double scroll(QAbstractItemModel &model)
{
    constexpr int Screens = 500, RowsPerScreen = 40;
    QRandomGenerator random(7);
    qsizetype chars = 0;
    QElapsedTimer clock;
    clock.start();
    for (int screen = 0; screen < Screens; ++screen) {
        const int top =
            model.rowCount() > RowsPerScreen ? random.bounded(model.rowCount() - RowsPerScreen) : 0;
        for (int row = top; row < std::min(top + RowsPerScreen, model.rowCount()); ++row) {
            for (int column = 0; column < model.columnCount(); ++column)
                chars += model.index(row, column).data().toString().size();
        }
    }
    return chars > 0 ? msSince(clock) / Screens : 0.0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Filters and sorts generated sessions through SessionSortProxy and, as the baseline, "
        "through QSortFilterProxyModel, and prints the times."));
    parser.addHelpOption();
    const QCommandLineOption sessionsOption(QStringLiteral("sessions"),
                                            QStringLiteral("Sessions to load."),
                                            QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"), QStringLiteral("Where the generated file is kept."),
        QStringLiteral("dir"), QStringLiteral("/tmp/sessiondesk-bench"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Generator seed."),
                                        QStringLiteral("n"), QString::number(DefaultSeed));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"),
                                          QStringLiteral("Times the script is typed."),
                                          QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption baselineOption(
        QStringLiteral("baseline"),
        QStringLiteral("Keystrokes given to QSortFilterProxyModel (0: none)."), QStringLiteral("n"),
        QStringLiteral("3"));
    const QCommandLineOption budgetOption(
        QStringLiteral("baseline-budget"),
        QStringLiteral("Seconds after which the baseline takes no further keystroke."),
        QStringLiteral("s"), QStringLiteral("300"));
    const QCommandLineOption regenerateOption(QStringLiteral("regenerate"),
                                              QStringLiteral("Regenerate the file."));
    parser.addOptions({sessionsOption, dirOption, seedOption, roundsOption, baselineOption,
                       budgetOption, regenerateOption});
    parser.process(app);
    const qint64 sessions = parser.value(sessionsOption).toLongLong();
    const int rounds = std::max(1, parser.value(roundsOption).toInt());
    const int baselineKeystrokes =
        std::clamp(parser.value(baselineOption).toInt(), 0, KeystrokeCount);
    const double budgetMs = parser.value(budgetOption).toDouble() * 1000.0;

    const std::optional<QString> path =
        dataFile(parser.value(dirOption), sessions, parser.value(seedOption).toULongLong(),
                 parser.isSet(regenerateOption));
    if (!path) {
        std::fprintf(stderr, "bench_filter: cannot write the sessions file\n");
        return 1;
    }
    std::printf("%d cores; load average %s\n", QThread::idealThreadCount(),
                loadAverage().constData());
    SessionTableModel model;
    model.setClock([] { return GeneratorNow; });
    if (!load(model, *path) || model.rowCount() != sessions) {
        std::fprintf(stderr, "bench_filter: loaded %d of %lld sessions\n", model.rowCount(),
                     static_cast<long long>(sessions));
        return 1;
    }

    // ---- SessionDesk
    SessionSortProxy proxy;
    proxy.setSessionModel(&model);
    QItemSelectionModel selection(&proxy);
    const Script unsorted = runScript(proxy, selection, rounds);
    printScript("re-filter, load order", unsorted, model.rowCount());
    proxy.sort(SessionTableModel::LastActive, Qt::DescendingOrder);
    const Script sorted = runScript(proxy, selection, rounds);
    printScript("re-filter, sorted by last active (descending)", sorted, model.rowCount());
    proxy.sort(-1);

    proxy.setFilter(SessionFilter());
    const double sortAll = sortEveryColumn(proxy, "unfiltered");
    proxy.setFilter(parsed("chrome"));
    const double sortFiltered = sortEveryColumn(proxy, "filtered by \"chrome\"");

    proxy.sort(SessionTableModel::User, Qt::AscendingOrder);
    std::printf("\n== scroll: a screen of 40 rows x %d columns read through the proxy: %.3f ms "
                "(filtered by \"chrome\", sorted by user); the source model alone: %.3f ms\n",
                SessionTableModel::ColumnCount, scroll(proxy), scroll(model));
    // A status toggle: the same query, another mask; the rows' match states are kept, so
    // nothing is matched again.
    {
        SessionFilter hideActive = parsed("chrome");
        hideActive.setStatusMask(SessionFilter::AllStatuses &
                                 ~SessionFilter::statusBit(SessionStatus::Active));
        QElapsedTimer clock;
        clock.start();
        proxy.setFilter(hideActive);
        const double hideMs = msSince(clock);
        const int hidden = proxy.rowCount();
        clock.restart();
        proxy.setFilter(parsed("chrome"));
        std::printf("\n== status toggle (\"chrome\", sorted by user): hiding Active %.2f ms "
                    "(%d rows), showing it again %.2f ms (%d rows); Active matches: %d\n",
                    hideMs, hidden, msSince(clock), proxy.rowCount(),
                    proxy.statusCounts()[std::size_t(SessionStatus::Active)]);
    }
    proxy.sort(-1);
    proxy.setFilter(SessionFilter());

    // Ours, on the keystrokes the baseline gets (each from the one before, as typed).
    std::vector<double> oursOnBaselineKeys;
    for (int k = 0; k < baselineKeystrokes; ++k) {
        QElapsedTimer clock;
        clock.start();
        proxy.setFilter(parsed(Keystrokes[k]));
        oursOnBaselineKeys.push_back(msSince(clock));
    }
    proxy.setFilter(SessionFilter());

    // ---- Baseline: stock QSortFilterProxyModel, the way its documentation filters a table.
    std::vector<double> theirs;
    double theirSort = 0;
    if (baselineKeystrokes > 0) {
        QSortFilterProxyModel stock;
        stock.setSourceModel(&model);
        QItemSelectionModel stockSelection(&stock);
        stock.setFilterKeyColumn(-1); // every column
        stock.setFilterCaseSensitivity(Qt::CaseInsensitive);
        stock.setSortRole(SessionTableModel::SortRole); // raw values, like ours
        std::printf("\n== baseline: QSortFilterProxyModel, setFilterFixedString over the display "
                    "text of every column\n");
        double spent = 0;
        for (int k = 0; k < baselineKeystrokes && spent < budgetMs; ++k) {
            if (stock.rowCount() > 0) {
                stockSelection.setCurrentIndex(stock.index(stock.rowCount() / 2, 0),
                                               QItemSelectionModel::ClearAndSelect |
                                                   QItemSelectionModel::Rows);
            }
            QElapsedTimer clock;
            clock.start();
            stock.setFilterFixedString(QString::fromUtf8(Keystrokes[k]));
            theirs.push_back(msSince(clock));
            spent += theirs.back();
            std::printf("  \"%s\": %d rows in %.0f ms (ours: %d rows in %.2f ms)\n", Keystrokes[k],
                        stock.rowCount(), theirs.back(), unsorted.rows[std::size_t(k)],
                        oursOnBaselineKeys[std::size_t(k)]);
            std::fflush(stdout);
        }
        stock.setFilterFixedString(QString());
        for (const int column :
             {int(SessionTableModel::LastActive), int(SessionTableModel::User)}) {
            QElapsedTimer clock;
            clock.start();
            stock.sort(column, Qt::AscendingOrder);
            const double ms = msSince(clock);
            theirSort = std::max(theirSort, ms);
            std::printf("  sort by %s, unfiltered: %.0f ms\n",
                        qPrintable(model.headerData(column, Qt::Horizontal).toString()), ms);
        }
    }

    // ---- Verdict
    std::vector<double> all = unsorted.ms;
    all.insert(all.end(), sorted.ms.begin(), sorted.ms.end());
    const double p50 = percentile(all, 50), p95 = percentile(all, 95);
    const double slowestSort = std::max(sortAll, sortFiltered);
    std::printf("\n== verdict (%d sessions; re-filters in load order and sorted together, %zu "
                "samples)\n",
                model.rowCount(), all.size());
    auto verdict = [](bool met) { return met ? "MET" : "MISSED"; };
    std::printf("  re-filter p50 %.2f ms  (goal <= 16 ms)  %s\n", p50, verdict(p50 <= 16));
    std::printf("  re-filter p95 %.2f ms  (goal <= 50 ms)  %s\n", p95, verdict(p95 <= 50));
    std::printf("  slowest sort %.1f ms  (goal <= 100 ms)  %s\n", slowestSort,
                verdict(slowestSort <= 100));
    if (!theirs.empty()) {
        const std::vector<double> ours(oursOnBaselineKeys.begin(),
                                       oursOnBaselineKeys.begin() + qsizetype(theirs.size()));
        const double ratio = percentile(theirs, 50) / std::max(percentile(ours, 50), 1e-3);
        std::printf("  QSortFilterProxyModel p50 %.0f ms vs ours %.2f ms on the same %zu "
                    "keystrokes: %.0fx  (goal >= 50x)  %s\n",
                    percentile(theirs, 50), percentile(ours, 50), theirs.size(), ratio,
                    verdict(ratio >= 50));
        std::printf("  QSortFilterProxyModel slowest sort %.0f ms vs ours %.1f ms: %.0fx\n",
                    theirSort, slowestSort, theirSort / std::max(slowestSort, 1e-3));
    }
    const bool structureMet = unsorted.maxSignals <= 1 && sorted.maxSignals <= 1 &&
        unsorted.selectionKept && sorted.selectionKept;
    std::printf("  one structural signal per re-filter, selection kept: %s\n",
                verdict(structureMet));
    std::printf("  (load average at the end: %s)\n", loadAverage().constData());
    return 0;
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Benchmark program (not a test): loads a file into the real MainWindow and prints how long the
// GUI thread was ever blocked while it loaded, and when the first rows showed.
//   bench_window FILE [SORT_COLUMN]   (needs a display: run it under xvfb-run)
// With SORT_COLUMN the table is sorted by that column before the load starts; afterwards every
// column is sorted once and the time of each sort is printed.
#include "mainwindow.h"
#include "sessionloader.h"
#include "sessiontablemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2 || args.size() > 3) {
        std::fprintf(stderr, "usage: bench_window FILE [SORT_COLUMN]\n");
        return 2;
    }
    const int sortColumn = args.size() == 3 ? args.at(2).toInt() : -1;
    MainWindow window;
    window.show();

    QElapsedTimer clock;
    qint64 firstRowsMs = -1;
    qint64 last = 0, longest = 0, over16 = 0, over50 = 0;
    QTimer ticker; // a 1 ms timer that fires late means the GUI thread was busy for the gap
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        const qint64 gap = now - last;
        last = now;
        longest = std::max(longest, gap);
        over16 += gap > 16;
        over50 += gap > 50;
    });
    QObject::connect(window.model(), &QAbstractItemModel::rowsInserted, [&] {
        if (firstRowsMs < 0)
            firstRowsMs = clock.elapsed();
    });
    QObject::connect(window.loader(), &SessionLoader::finished, [&](const LoadResult &result) {
        ticker.stop();
        std::printf("%lld sessions in %lld ms; first rows after %lld ms; GUI thread blocked at "
                    "most %lld ms (%lld gaps over 16 ms, %lld over 50 ms)\n",
                    qint64(window.model()->rowCount()), result.elapsedMs, firstRowsMs, longest,
                    over16, over50);
        std::printf("{\"sessions\":%d,\"load_ms\":%lld,\"first_rows_ms\":%lld,"
                    "\"longest_block_ms\":%lld,\"blocks_over_16ms\":%lld,"
                    "\"blocks_over_50ms\":%lld}\n",
                    window.model()->rowCount(), result.elapsedMs, firstRowsMs, longest, over16,
                    over50);
        std::printf("sort:");
        for (int column = 0; column < SessionTableModel::ColumnCount; ++column) {
            QElapsedTimer sortClock;
            sortClock.start();
            window.view()->sortByColumn(column, Qt::AscendingOrder);
            std::printf(" %s %lld ms;",
                        qPrintable(window.model()->headerData(column, Qt::Horizontal).toString()),
                        sortClock.elapsed());
        }
        std::printf("\n");
        QTimer::singleShot(0, &app, &QApplication::quit);
    });
    // Start once the window is up, so its first layout is not counted against the load.
    if (sortColumn >= 0)
        window.view()->sortByColumn(sortColumn, Qt::AscendingOrder);
    QTimer::singleShot(200, [&] {
        clock.start();
        ticker.start(1);
        window.openFiles({args.at(1)});
    });
    return app.exec();
}

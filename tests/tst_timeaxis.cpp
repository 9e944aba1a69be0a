// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// The user timeline's time axis, with the local time zone fixed to UTC and the locale to
// English, whatever the machine's: the ticks of an hour, a week and a year at each kind of step,
// exactly; which step a zoom level gets; and which labels fit. Label widths come from the
// font, so the tests that place labels compute their columns from the same QFontMetrics.

#include "timeaxis.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QTest>

#include <ctime>

using Step = TimeAxis::Step;
using Unit = TimeAxis::Unit;

namespace {

constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 Nov22 = 1795305600000; // 2026-11-22T00:00:00Z, a Sunday

qint64 utc(int year, int month, int day, int hour = 0, int minute = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute), Qt::UTC).toMSecsSinceEpoch();
}

// "2026-11-22T10:00:00Z 10:00": where each tick is, in UTC, and its label.
QStringList describe(const QList<TimeAxis::Tick> &ticks)
{
    QStringList lines;
    for (const TimeAxis::Tick &tick : ticks)
        lines << QDateTime::fromMSecsSinceEpoch(tick.ms, Qt::UTC).toString(Qt::ISODate) + u' ' +
                tick.text;
    return lines;
}

QStringList lines(std::initializer_list<const char *> texts)
{
    QStringList result;
    for (const char *text : texts)
        result << QString::fromUtf8(text);
    return result;
}

} // namespace

class TstTimeAxis : public QObject
{
    Q_OBJECT

private slots:
    void zoneAndLocaleAreFixed()
    {
        QCOMPARE(utc(2026, 11, 22), Nov22);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(Nov22).time(), QTime(0, 0));
        QCOMPARE(QLocale().toString(QDateTime::fromMSecsSinceEpoch(Nov22), QStringLiteral("ddd")),
                 QStringLiteral("Sun"));
    }

    void ticksOfAnHour()
    {
        // 09:55 to 11:00 every ten minutes; a tick on the end counts, the day before the span
        // is the context.
        const TimeAxis::Ticks ticks = TimeAxis::ticks(
            Nov22 + 9 * Hour + 55 * Minute, Nov22 + 11 * Hour, Step{Unit::Minute, 10, 10 * Minute});
        QCOMPARE(describe(ticks.minor),
                 lines({"2026-11-22T10:00:00Z 10:00", "2026-11-22T10:10:00Z 10:10",
                        "2026-11-22T10:20:00Z 10:20", "2026-11-22T10:30:00Z 10:30",
                        "2026-11-22T10:40:00Z 10:40", "2026-11-22T10:50:00Z 10:50",
                        "2026-11-22T11:00:00Z 11:00"}));
        QCOMPARE(ticks.minor.first().ms, Nov22 + 10 * Hour);
        QCOMPARE(describe(ticks.major), lines({"2026-11-22T00:00:00Z Sun 22 Nov 2026"}));

        // Across midnight: the first day stays as the context of the left edge.
        const TimeAxis::Ticks night =
            TimeAxis::ticks(Nov22 + 23 * Hour + 20 * Minute, Nov22 + Day + 40 * Minute,
                            Step{Unit::Minute, 30, 30 * Minute});
        QCOMPARE(describe(night.minor),
                 lines({"2026-11-22T23:30:00Z 23:30", "2026-11-23T00:00:00Z 00:00",
                        "2026-11-23T00:30:00Z 00:30"}));
        QCOMPARE(describe(night.major),
                 lines({"2026-11-22T00:00:00Z Sun 22 Nov 2026",
                        "2026-11-23T00:00:00Z Mon 23 Nov 2026"}));
    }

    void ticksOfHalfDays()
    {
        // Of the days before the span only the last is kept.
        const TimeAxis::Ticks ticks = TimeAxis::ticks(Nov22 - 6 * Hour, Nov22 + Day + 18 * Hour,
                                                      Step{Unit::Hour, 12, 12 * Hour});
        QCOMPARE(describe(ticks.minor),
                 lines({"2026-11-22T00:00:00Z 00:00", "2026-11-22T12:00:00Z 12:00",
                        "2026-11-23T00:00:00Z 00:00", "2026-11-23T12:00:00Z 12:00"}));
        QCOMPARE(
            describe(ticks.major),
            lines({"2026-11-21T00:00:00Z Sat 21 Nov 2026", "2026-11-22T00:00:00Z Sun 22 Nov 2026",
                   "2026-11-23T00:00:00Z Mon 23 Nov 2026"}));
        // A span that starts on a day's first moment has that day as its context, not the one
        // before.
        const TimeAxis::Ticks onTheDay =
            TimeAxis::ticks(Nov22, Nov22 + 13 * Hour, Step{Unit::Hour, 6, 6 * Hour});
        QCOMPARE(describe(onTheDay.minor),
                 lines({"2026-11-22T00:00:00Z 00:00", "2026-11-22T06:00:00Z 06:00",
                        "2026-11-22T12:00:00Z 12:00"}));
        QCOMPARE(describe(onTheDay.major), lines({"2026-11-22T00:00:00Z Sun 22 Nov 2026"}));
    }

    void ticksOfAWeek()
    {
        // Friday noon to the next Friday noon, across the turn of the month.
        const qint64 from = utc(2026, 11, 27, 12);
        const qint64 to = utc(2026, 12, 4, 12);
        const TimeAxis::Ticks days = TimeAxis::ticks(from, to, Step{Unit::Day, 1, Day});
        QCOMPARE(describe(days.minor),
                 lines({"2026-11-28T00:00:00Z Sat 28", "2026-11-29T00:00:00Z Sun 29",
                        "2026-11-30T00:00:00Z Mon 30", "2026-12-01T00:00:00Z Tue 1",
                        "2026-12-02T00:00:00Z Wed 2", "2026-12-03T00:00:00Z Thu 3",
                        "2026-12-04T00:00:00Z Fri 4"}));
        QCOMPARE(
            describe(days.major),
            lines({"2026-11-01T00:00:00Z November 2026", "2026-12-01T00:00:00Z December 2026"}));

        // Every other day, on even Julian days: the same days whatever the span.
        const TimeAxis::Ticks everyOther = TimeAxis::ticks(from, to, Step{Unit::Day, 2, 2 * Day});
        QCOMPARE(describe(everyOther.minor),
                 lines({"2026-11-29T00:00:00Z Sun 29", "2026-12-01T00:00:00Z Tue 1",
                        "2026-12-03T00:00:00Z Thu 3"}));

        // Mondays over two months.
        const TimeAxis::Ticks weeks =
            TimeAxis::ticks(utc(2026, 11, 20), utc(2026, 12, 20), Step{Unit::Week, 1, 7 * Day});
        QCOMPARE(describe(weeks.minor),
                 lines({"2026-11-23T00:00:00Z 23 Nov", "2026-11-30T00:00:00Z 30 Nov",
                        "2026-12-07T00:00:00Z 7 Dec", "2026-12-14T00:00:00Z 14 Dec"}));
        QCOMPARE(
            describe(weeks.major),
            lines({"2026-11-01T00:00:00Z November 2026", "2026-12-01T00:00:00Z December 2026"}));
    }

    void ticksOfAYear()
    {
        const qint64 from = utc(2026, 3, 15);
        const qint64 to = utc(2027, 3, 15);
        const TimeAxis::Ticks months = TimeAxis::ticks(from, to, Step{Unit::Month, 1, 30 * Day});
        QCOMPARE(describe(months.minor),
                 lines({"2026-04-01T00:00:00Z Apr", "2026-05-01T00:00:00Z May",
                        "2026-06-01T00:00:00Z Jun", "2026-07-01T00:00:00Z Jul",
                        "2026-08-01T00:00:00Z Aug", "2026-09-01T00:00:00Z Sep",
                        "2026-10-01T00:00:00Z Oct", "2026-11-01T00:00:00Z Nov",
                        "2026-12-01T00:00:00Z Dec", "2027-01-01T00:00:00Z Jan",
                        "2027-02-01T00:00:00Z Feb", "2027-03-01T00:00:00Z Mar"}));
        QCOMPARE(describe(months.major),
                 lines({"2026-01-01T00:00:00Z 2026", "2027-01-01T00:00:00Z 2027"}));

        // Quarters begin in January, April, July and October.
        const TimeAxis::Ticks quarters = TimeAxis::ticks(from, to, Step{Unit::Month, 3, 91 * Day});
        QCOMPARE(describe(quarters.minor),
                 lines({"2026-04-01T00:00:00Z Apr", "2026-07-01T00:00:00Z Jul",
                        "2026-10-01T00:00:00Z Oct", "2027-01-01T00:00:00Z Jan"}));
        QCOMPARE(describe(quarters.major), describe(months.major));

        // Years on multiples of the step, with no context above them.
        const TimeAxis::Ticks years =
            TimeAxis::ticks(utc(2003, 6, 1), utc(2031, 6, 1), Step{Unit::Year, 5, 1826 * Day});
        QCOMPARE(describe(years.minor),
                 lines({"2005-01-01T00:00:00Z 2005", "2010-01-01T00:00:00Z 2010",
                        "2015-01-01T00:00:00Z 2015", "2020-01-01T00:00:00Z 2020",
                        "2025-01-01T00:00:00Z 2025", "2030-01-01T00:00:00Z 2030"}));
        QVERIFY(years.major.isEmpty());
    }

    // The finest step whose ticks lie at least roomFor() its unit apart: at exactly enough room
    // that step, at half a pixel less the next coarser one.
    void stepLeavesRoomForLabels_data()
    {
        QTest::addColumn<Step>("step");
        QTest::addColumn<Step>("coarser");
        QTest::newRow("minute") << Step{Unit::Minute, 1, Minute}
                                << Step{Unit::Minute, 5, 5 * Minute};
        QTest::newRow("hour") << Step{Unit::Hour, 1, Hour} << Step{Unit::Hour, 2, 2 * Hour};
        QTest::newRow("day") << Step{Unit::Day, 1, Day} << Step{Unit::Day, 2, 2 * Day};
        QTest::newRow("month") << Step{Unit::Month, 1, 30 * Day} << Step{Unit::Month, 3, 91 * Day};
        QTest::newRow("year") << Step{Unit::Year, 1, 365 * Day} << Step{Unit::Year, 2, 730 * Day};
    }

    void stepLeavesRoomForLabels()
    {
        QFETCH(Step, step);
        QFETCH(Step, coarser);
        const QFontMetrics metrics(QGuiApplication::font());
        const int room = TimeAxis::roomFor(step.unit, metrics);
        QVERIFY(room > 16);
        QCOMPARE(TimeAxis::stepFor(double(step.approxMs) / (room + 0.5), metrics), step);
        QCOMPARE(TimeAxis::stepFor(double(step.approxMs) / (room - 0.5), metrics), coarser);
    }

    void stepIsAtMostACentury()
    {
        const QFontMetrics metrics(QGuiApplication::font());
        QCOMPARE(TimeAxis::stepFor(1e15, metrics), (Step{Unit::Year, 100, 36524 * Day}));
        QCOMPARE(TimeAxis::stepFor(1, metrics), (Step{Unit::Minute, 1, Minute}));
    }

    // 64 minutes 12,800 pixels wide: a tick every minute, 200 pixels apart, each labelled.
    void labelsFollowTheirTicks()
    {
        const QFontMetrics metrics(QGuiApplication::font());
        const qint64 from = Nov22 + 10 * Hour;
        const TimeAxis axis(double(from), double(from + 64 * Minute), 8, 12800, metrics);
        QCOMPARE(axis.step(), (Step{Unit::Minute, 1, Minute}));
        QCOMPARE(axis.minor().size(), 65);
        QCOMPARE(describe({axis.minor().first(), axis.minor().last()}),
                 lines({"2026-11-22T10:00:00Z 10:00", "2026-11-22T11:04:00Z 11:04"}));
        QCOMPARE(axis.xOf(double(from)), 8.0);
        QCOMPARE(axis.xOf(double(from + 32 * Minute)), 6408.0);

        // Each label 3 pixels right of its tick; the last one, at the right edge, would not fit.
        const int limit = 8 + 12800 - 1 + 8;
        const QList<TimeAxis::Label> labels = axis.minorLabels(limit);
        QCOMPARE(labels.size(), 64);
        for (int i = 0; i < labels.size(); ++i) {
            const int left = 8 + 200 * i + 3;
            const int width = metrics.horizontalAdvance(axis.minor().at(i).text) + 1;
            QCOMPARE(labels.at(i), (TimeAxis::Label{i, {left, left + width - 1}}));
        }
        QCOMPARE(axis.minorLabels(limit + 200).size(), 65);

        // A label that would cover something else in its row is left out, its neighbours not.
        const QList<TimeAxis::Label> clear = axis.minorLabels(limit, {{600, 620}});
        QCOMPARE(clear.size(), 63);
        QCOMPARE(clear.at(2).tick, 2);
        QCOMPARE(clear.at(3).tick, 4);
        QCOMPARE(axis.minorLabels(limit, {{0, limit}}).size(), 0);
    }

    // A thousand years so narrow that even the coarsest step leaves no room: labels take turns.
    // Each one shown keeps a gap of 8 pixels from the one before; here the next tick is 5.5
    // pixels more than a label's width away, so every other label is shown.
    void crowdedLabelsGiveWay()
    {
        const QFontMetrics metrics(QGuiApplication::font());
        const int width = metrics.horizontalAdvance(QStringLiteral("2000")) + 1;
        const TimeAxis axis(double(utc(1600, 1, 1)), double(utc(2600, 1, 1)), 8,
                            10 * (width + 5) + 5, metrics);
        QCOMPARE(axis.step(), (Step{Unit::Year, 100, 36524 * Day}));
        QCOMPARE(axis.minor().size(), 11);
        QCOMPARE(axis.minor().at(4).text, QStringLiteral("2000"));

        QList<int> shown;
        for (const TimeAxis::Label &label : axis.minorLabels(100'000)) {
            shown << label.tick;
            QCOMPARE(label.columns.width(),
                     metrics.horizontalAdvance(axis.minor().at(label.tick).text) + 1);
        }
        QCOMPARE(shown, (QList<int>{0, 2, 4, 6, 8, 10}));
    }

    void contextSticksToTheLeftEdge()
    {
        const QFontMetrics metrics(QGuiApplication::font());
        const int sunday = metrics.horizontalAdvance(QStringLiteral("Sun 22 Nov 2026")) + 1;
        const int monday = metrics.horizontalAdvance(QStringLiteral("Mon 23 Nov 2026")) + 1;

        // 23:30 to 00:30 across 12,000 pixels: Sunday at the left edge, Monday at midnight.
        const TimeAxis wide(double(Nov22 + 23 * Hour + 30 * Minute),
                            double(Nov22 + Day + 30 * Minute), 8, 12000, metrics);
        QCOMPARE(wide.major().size(), 2);
        const int mondayLeft = 8 + 6000 + 4;
        const QList<TimeAxis::Label> both{{0, {8, 8 + sunday - 1}},
                                          {1, {mondayLeft, mondayLeft + monday - 1}}};
        QCOMPARE(wide.majorLabels(100'000), both);
        // Each needs a gap of 12 before the limit (the title).
        QCOMPARE(wide.majorLabels(mondayLeft + monday + 12), both);
        QCOMPARE(wide.majorLabels(mondayLeft + monday + 11), both.mid(0, 1));
        QCOMPARE(wide.majorLabels(8 + sunday + 11), QList<TimeAxis::Label>());

        // 23:56 to 01:00 across 640 pixels: midnight is 40 pixels in, Sunday has no room left
        // of it and gives way to Monday.
        const TimeAxis narrow(double(Nov22 + Day - 4 * Minute), double(Nov22 + Day + Hour), 8, 640,
                              metrics);
        QCOMPARE(narrow.major().size(), 2);
        QCOMPARE(narrow.xOf(double(Nov22 + Day)), 48.0);
        QVERIFY(8 + sunday + 12 > 48);
        QCOMPARE(narrow.majorLabels(100'000), (QList<TimeAxis::Label>{{1, {52, 52 + monday - 1}}}));
    }
};

int main(int argc, char **argv)
{
    // Local time is UTC and names are English, whatever the machine's zone and language.
    qputenv("TZ", "UTC");
    tzset();
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QGuiApplication app(argc, argv);
    TstTimeAxis test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_timeaxis.moc"

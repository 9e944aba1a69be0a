// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QFontMetrics>
#include <QList>
#include <QString>

// The time axis of a span of time shown across a strip of pixels, in local time: the ticks
// (round clock times, days, Mondays, months or years, whichever step leaves room for their
// labels at this zoom), the context above them (the day, month or year they lie in), and which
// of the labels fit without running into each other. Pure logic: UserTimelineView paints it.
class TimeAxis
{
public:
    enum class Unit { Minute, Hour, Day, Week, Month, Year };

    // A tick every `count` units, about `approxMs` apart.
    struct Step
    {
        Unit unit = Unit::Minute;
        int count = 1;
        qint64 approxMs = 0;

        bool operator==(const Step &) const = default;
    };

    struct Tick
    {
        qint64 ms = 0; // since the epoch
        QString text; // in local time and the default locale

        bool operator==(const Tick &) const = default;
    };

    struct Ticks
    {
        QList<Tick> minor; // within the span, labelled with the clock time, day, month or year
        QList<Tick> major; // the context (day, month, year); the first may lie before the span
    };

    // Pixel columns from `left` to `right`, both included, as QRect counts them.
    struct Columns
    {
        int left = 0;
        int right = -1;

        int width() const { return right - left + 1; }
        bool intersects(const Columns &other) const
        {
            return left <= other.right && other.left <= right;
        }
        bool operator==(const Columns &) const = default;
    };

    // A label that fits: its tick's index in minor() or major(), and where its text goes.
    struct Label
    {
        int tick = -1;
        Columns columns;

        bool operator==(const Label &) const = default;
    };

    // [fromMs, toMs] shown from column `left`, `width` pixels wide, labelled in `metrics`' font.
    TimeAxis(double fromMs, double toMs, int left, int width, const QFontMetrics &metrics);

    const Step &step() const { return m_step; }
    const QList<Tick> &minor() const { return m_ticks.minor; }
    const QList<Tick> &major() const { return m_ticks.major; }
    double xOf(double ms) const;

    // The context labels that end (with a gap of 12) by `limit`: the one before the span sticks
    // to the left edge until the next one pushes it out; none overlaps the next.
    QList<Label> majorLabels(int limit) const;
    // The tick labels, each just right of its tick, that keep a gap of 8 from the one before,
    // end by `limit` and stay clear of `keepClear` (another label in the same row).
    QList<Label> minorLabels(int limit, const QList<Columns> &keepClear = {}) const;

    // The finest step whose labels have room at `msPerPixel` (see roomFor()); the coarsest if
    // none has.
    static Step stepFor(double msPerPixel, const QFontMetrics &metrics);
    // The pixels between ticks that labels of `unit` need: the widest text and a gap.
    static int roomFor(Unit unit, const QFontMetrics &metrics);
    // The ticks of [fromMs, toMs] every `step`, on local clock times, days, Mondays, months or
    // years; of the context before the span only the last one, which labels the left edge.
    static Ticks ticks(qint64 fromMs, qint64 toMs, const Step &step);

private:
    double m_from;
    double m_to;
    int m_left;
    int m_width;
    QFontMetrics m_metrics;
    Step m_step;
    Ticks m_ticks;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "timeaxis.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <limits>

namespace {
using Unit = TimeAxis::Unit;
using Step = TimeAxis::Step;
using Tick = TimeAxis::Tick;

constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;

// Finest first.
constexpr Step Steps[] = {
    {Unit::Minute, 1, MinuteMs},
    {Unit::Minute, 5, 5 * MinuteMs},
    {Unit::Minute, 10, 10 * MinuteMs},
    {Unit::Minute, 15, 15 * MinuteMs},
    {Unit::Minute, 30, 30 * MinuteMs},
    {Unit::Hour, 1, HourMs},
    {Unit::Hour, 2, 2 * HourMs},
    {Unit::Hour, 3, 3 * HourMs},
    {Unit::Hour, 6, 6 * HourMs},
    {Unit::Hour, 12, 12 * HourMs},
    {Unit::Day, 1, DayMs},
    {Unit::Day, 2, 2 * DayMs},
    {Unit::Week, 1, 7 * DayMs},
    {Unit::Month, 1, 30 * DayMs},
    {Unit::Month, 3, 91 * DayMs},
    {Unit::Month, 6, 182 * DayMs},
    {Unit::Year, 1, 365 * DayMs},
    {Unit::Year, 2, 730 * DayMs},
    {Unit::Year, 5, 1826 * DayMs},
    {Unit::Year, 10, 3652 * DayMs},
    {Unit::Year, 25, 9131 * DayMs},
    {Unit::Year, 50, 18262 * DayMs},
    {Unit::Year, 100, 36524 * DayMs},
};

QString minorFormat(Unit unit)
{
    switch (unit) {
    case Unit::Minute:
    case Unit::Hour:
        return QStringLiteral("HH:mm");
    case Unit::Day:
        return QStringLiteral("ddd d");
    case Unit::Week:
        return QStringLiteral("d MMM");
    case Unit::Month:
        return QStringLiteral("MMM");
    case Unit::Year:
        break;
    }
    return QStringLiteral("yyyy");
}

QString format(const QDateTime &time, const QString &pattern)
{
    return QLocale().toString(time, pattern);
}

void addTick(QList<Tick> &ticks, const QDateTime &time, const QString &pattern, qint64 from,
             qint64 to)
{
    const qint64 ms = time.toMSecsSinceEpoch();
    if (ms >= from && ms <= to)
        ticks.append({ms, format(time, pattern)});
}
} // namespace

TimeAxis::TimeAxis(double fromMs, double toMs, int left, int width, const QFontMetrics &metrics)
    : m_from(fromMs)
    , m_to(toMs)
    , m_left(left)
    , m_width(width)
    , m_metrics(metrics)
    , m_step(stepFor((toMs - fromMs) / width, metrics))
    , m_ticks(ticks(qint64(fromMs), qint64(toMs), m_step))
{ }

double TimeAxis::xOf(double ms) const
{
    return m_left + (ms - m_from) / (m_to - m_from) * m_width;
}

QList<TimeAxis::Label> TimeAxis::majorLabels(int limit) const
{
    QList<Label> labels;
    int left = m_left;
    for (int i = 0; i < m_ticks.major.size(); ++i) {
        const int width = m_metrics.horizontalAdvance(m_ticks.major.at(i).text) + 1;
        const int textX = std::max(int(xOf(double(m_ticks.major.at(i).ms))) + 4, left);
        const bool pushedOut = i + 1 < m_ticks.major.size() &&
            textX + width + 12 > xOf(double(m_ticks.major.at(i + 1).ms));
        if (pushedOut || textX + width + 12 > limit)
            continue;
        labels.append(Label{i, {textX, textX + width - 1}});
        left = textX + width + 12;
    }
    return labels;
}

QList<TimeAxis::Label> TimeAxis::minorLabels(int limit, const QList<Columns> &keepClear) const
{
    QList<Label> labels;
    int right = std::numeric_limits<int>::min();
    for (int i = 0; i < m_ticks.minor.size(); ++i) {
        const Tick &tick = m_ticks.minor.at(i);
        const int textX = int(xOf(double(tick.ms))) + 3;
        const Columns columns{textX, textX + m_metrics.horizontalAdvance(tick.text)};
        if (columns.left < right + 8 || columns.right > limit ||
            std::any_of(keepClear.cbegin(), keepClear.cend(),
                        [&](const Columns &c) { return c.intersects(columns); }))
            continue;
        labels.append(Label{i, columns});
        right = columns.right;
    }
    return labels;
}

TimeAxis::Step TimeAxis::stepFor(double msPerPixel, const QFontMetrics &metrics)
{
    for (const Step &step : Steps) {
        if (step.approxMs / msPerPixel >= roomFor(step.unit, metrics))
            return step;
    }
    return Steps[std::size(Steps) - 1];
}

int TimeAxis::roomFor(Unit unit, const QFontMetrics &metrics)
{
    // The widest label of each unit, on a long day name and a two-digit day.
    const QDateTime sample(QDate(2026, 9, 30), QTime(23, 59));
    return metrics.horizontalAdvance(format(sample, minorFormat(unit))) + 16;
}

TimeAxis::Ticks TimeAxis::ticks(qint64 fromMs, qint64 toMs, const Step &step)
{
    Ticks ticks;
    const QString minor = minorFormat(step.unit);
    const QDate first = QDateTime::fromMSecsSinceEpoch(fromMs).date();
    const QDate last = QDateTime::fromMSecsSinceEpoch(toMs).date();
    constexpr qint64 Unbounded = std::numeric_limits<qint64>::min();

    switch (step.unit) {
    case Unit::Minute:
    case Unit::Hour: {
        // Clock times of each local day, so that ticks stay on the hour across DST changes.
        const int stepSecs = step.count * (step.unit == Unit::Hour ? 3600 : 60);
        for (QDate day = first; day <= last; day = day.addDays(1)) {
            addTick(ticks.major, day.startOfDay(), QStringLiteral("ddd d MMM yyyy"), Unbounded,
                    toMs);
            for (int secs = 0; secs < 86400; secs += stepSecs) {
                const QTime clock = QTime::fromMSecsSinceStartOfDay(secs * 1000);
                const QDateTime time(day, clock);
                if (time.time() == clock) // not in a DST gap
                    addTick(ticks.minor, time, minor, fromMs, toMs);
            }
        }
        break;
    }
    case Unit::Day:
    case Unit::Week:
        for (QDate month(first.year(), first.month(), 1); month <= last; month = month.addMonths(1))
            addTick(ticks.major, month.startOfDay(), QStringLiteral("MMMM yyyy"), Unbounded, toMs);
        for (QDate day = first; day <= last; day = day.addDays(1)) {
            if (step.unit == Unit::Week ? day.dayOfWeek() == Qt::Monday
                                        : day.toJulianDay() % step.count == 0)
                addTick(ticks.minor, day.startOfDay(), minor, fromMs, toMs);
        }
        break;
    case Unit::Month:
        for (QDate year(first.year(), 1, 1); year <= last; year = year.addYears(1))
            addTick(ticks.major, year.startOfDay(), QStringLiteral("yyyy"), Unbounded, toMs);
        for (QDate month(first.year(), first.month(), 1); month <= last;
             month = month.addMonths(1)) {
            if ((month.month() - 1) % step.count == 0)
                addTick(ticks.minor, month.startOfDay(), minor, fromMs, toMs);
        }
        break;
    case Unit::Year:
        for (QDate year(first.year() - first.year() % step.count, 1, 1); year <= last;
             year = year.addYears(step.count))
            addTick(ticks.minor, year.startOfDay(), minor, fromMs, toMs);
        break;
    }
    // Of the context before the span only the last one matters: it labels the left edge.
    while (ticks.major.size() > 1 && ticks.major.at(1).ms <= fromMs)
        ticks.major.removeFirst();
    return ticks;
}

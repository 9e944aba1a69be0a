// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "timeformat.h"

#include <QDateTime>
#include <QTimeZone>

#include <limits>

namespace TimeFormat {

QString relative(qint64 thenMs, qint64 nowMs)
{
    qint64 delta = 0;
    if (__builtin_sub_overflow(nowMs, thenMs, &delta)) // absurd timestamps: saturate
        delta = nowMs > thenMs ? std::numeric_limits<qint64>::max()
                               : std::numeric_limits<qint64>::min() + 1;
    const bool past = delta >= 0;
    const qint64 seconds = past ? delta / 1000 : -(delta / 1000);
    if (seconds < 60)
        return past ? QStringLiteral("just now") : QStringLiteral("in under a minute");

    QString amount;
    if (seconds < 3600) {
        amount = QStringLiteral("%1 min").arg(seconds / 60);
    } else if (seconds < 86400) {
        amount = QStringLiteral("%1 h").arg(seconds / 3600);
    } else if (const qint64 days = seconds / 86400; days < 30) {
        amount = days == 1 ? QStringLiteral("1 day") : QStringLiteral("%1 days").arg(days);
    } else if (days < 365) {
        const qint64 months = days / 30;
        amount = months == 1 ? QStringLiteral("1 month") : QStringLiteral("%1 months").arg(months);
    } else {
        const qint64 years = days / 365;
        amount = years == 1 ? QStringLiteral("1 year") : QStringLiteral("%1 years").arg(years);
    }
    return past ? QStringLiteral("%1 ago").arg(amount) : QStringLiteral("in %1").arg(amount);
}

QString localDateTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
}

QString utcDateTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

} // namespace TimeFormat

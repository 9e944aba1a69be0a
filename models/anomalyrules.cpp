// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "anomalyrules.h"

#include <QSettings>

namespace {

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

int indexOf(AnomalyRules::Flag flag)
{
    for (int i = 0; i < AnomalyRules::FlagCount; ++i) {
        if (AnomalyRules::Flags[std::size_t(i)] == flag)
            return i;
    }
    return 0;
}

// "24 hours", "3 days", "90 minutes": the largest unit that says it exactly (hours up to three
// days, which reads better than "1 day" for a window).
QString durationText(qint64 ms)
{
    const auto plural = [](qint64 n, const char *one, const char *many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    if (ms > 0 && ms % Hour == 0 && ms < 3 * Day)
        return plural(ms / Hour, "hour", "hours");
    if (ms > 0 && ms % Day == 0)
        return plural(ms / Day, "day", "days");
    if (ms > 0 && ms % Minute == 0)
        return plural(ms / Minute, "minute", "minutes");
    if (ms % Second == 0)
        return plural(ms / Second, "second", "seconds");
    return plural(ms, "millisecond", "milliseconds");
}

} // namespace

QString AnomalyRules::name(Flag flag)
{
    static const char *const names[] = {"travel", "concurrent", "stale-active", "impersonated",
                                        "new-device"};
    return QLatin1String(names[indexOf(flag)]);
}

std::optional<AnomalyRules::Flag> AnomalyRules::flagNamed(QStringView word)
{
    QString normalized = word.toString();
    normalized.replace(u'_', u'-');
    for (const Flag flag : Flags) {
        if (normalized.compare(name(flag), Qt::CaseInsensitive) == 0)
            return flag;
    }
    return std::nullopt;
}

QString AnomalyRules::label(Flag flag)
{
    static const char *const labels[] = {"Travel", "Concurrent", "Stale active", "Impersonated",
                                         "New device"};
    return QLatin1String(labels[indexOf(flag)]);
}

QStringList AnomalyRules::labels(quint8 flags)
{
    QStringList out;
    for (const Flag flag : Flags) {
        if (flags & flag)
            out << label(flag);
    }
    return out;
}

QString AnomalyRules::description(Flag flag) const
{
    switch (flag) {
    case Travel:
        return QStringLiteral(
                   "Travel: another session of the same user was last active in a different "
                   "country no more than %1 before or after this session's last activity. Only "
                   "the latest activity of each session is known, so travel shows across "
                   "sessions, not within one; sessions without a country are left out.")
            .arg(durationText(travelWindowMs));
    case Concurrent:
        return QStringLiteral(
                   "Concurrent: at some moment while this session was in use, more than %1 of "
                   "the user's sessions were in use at once (this one included). A session is "
                   "in use from its creation to its last activity and, while it is active and "
                   "not expired, on until now.")
            .arg(concurrentLimit);
    case StaleActive:
        return QStringLiteral(
            "Stale active: the session is still marked active although its expiry time has "
            "passed. Clerk has not caught up with it yet, or the data is an old copy.");
    case Impersonated:
        return QStringLiteral(
            "Impersonated: someone else (the actor, shown in Impersonated by) is signed in as "
            "this user, and the session is still active.");
    case NewDevice:
        return QStringLiteral(
            "New device: the session's device type and browser were not used together in any "
            "of the user's sessions created before it. The user's first session is never "
            "flagged, nor a session without activity.");
    }
    return {};
}

namespace {
const QString travelKey = QStringLiteral("anomalyRules/travelWindowMinutes");
const QString concurrentKey = QStringLiteral("anomalyRules/concurrentLimit");
} // namespace

AnomalyRules AnomalyRules::fromSettings()
{
    AnomalyRules rules;
    const QSettings settings;
    bool ok = false;
    if (const qint64 minutes = settings.value(travelKey).toLongLong(&ok); ok && minutes > 0)
        rules.travelWindowMs = minutes * 60'000;
    if (const int limit = settings.value(concurrentKey).toInt(&ok); ok && limit > 0)
        rules.concurrentLimit = limit;
    return rules;
}

void AnomalyRules::save() const
{
    QSettings settings;
    settings.setValue(travelKey, travelWindowMs / 60'000);
    settings.setValue(concurrentKey, concurrentLimit);
}

QString AnomalyRules::helpHtml() const
{
    QString html = QStringLiteral(
        "<h3>Anomaly flags</h3>"
        "<p>Sessions that look odd carry flags, worked out from the loaded sessions of the same "
        "user. Filter on them with <code>flag:travel,concurrent</code> (any of them), "
        "<code>-flag:new-device</code> (not that one), <code>flag:*</code> (any flag) or "
        "<code>-flag:*</code> (none).</p>"
        "<table cellpadding='3'>"
        "<tr><th align='left'>Filter</th><th align='left'>Meaning</th></tr>");
    for (const Flag flag : Flags) {
        QString text = description(flag);
        text = text.mid(text.indexOf(u':') + 2).toHtmlEscaped(); // the label is the row's name
        html += QStringLiteral("<tr><td><code>flag:%1</code></td><td>%2</td></tr>")
                    .arg(name(flag), text);
    }
    html += QStringLiteral("</table>");
    return html;
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "usertimeline.h"

#include "sessionstore.h"

#include <algorithm>

QList<UserTimeline::Bar> UserTimeline::bars(const SessionStore &store, const QString &userId)
{
    if (userId.isEmpty())
        return {};
    const QByteArray utf8 = userId.toUtf8();
    return bars(store,
                store.pool(SessionStore::UserId).find({utf8.constData(), size_t(utf8.size())}));
}

QList<UserTimeline::Bar> UserTimeline::bars(const SessionStore &store, StringPool::Id userId)
{
    QList<Bar> result;
    if (userId == StringPool::Null)
        return result;
    const int rows = store.size();
    for (int row = 0; row < rows; ++row) {
        if (store.textId(row, SessionStore::UserId) != userId)
            continue;
        if (std::optional<Bar> bar = barOf(store, row))
            result.append(std::move(*bar));
    }
    // Rows come in ascending order, so ties on start stay in load order.
    std::stable_sort(result.begin(), result.end(),
                     [](const Bar &a, const Bar &b) { return a.start < b.start; });
    return result;
}

std::optional<UserTimeline::Bar> UserTimeline::barOf(const SessionStore &store, int row)
{
    // A time of 0 (or a negative one) is a time the record did not have. created_at is always
    // there in Clerk's data; should it not be, the bar starts at the first time that is known,
    // rather than in 1970.
    const auto known = [&](SessionStore::TimeColumn column) {
        return std::max<qint64>(store.time(row, column), 0);
    };
    const qint64 created = known(SessionStore::CreatedAt);
    const qint64 lastActive = known(SessionStore::LastActiveAt);
    const qint64 start = created > 0 ? created
        : lastActive > 0             ? lastActive
                                     : known(SessionStore::UpdatedAt);
    if (start == 0)
        return std::nullopt;

    Bar bar;
    bar.row = row;
    bar.sessionId = QString::fromUtf8(store.id(row));
    bar.start = start;
    // A last activity before the creation is a clock glitch: the bar is then just its start.
    bar.activeEnd = std::max(start, lastActive);
    bar.status = store.status(row);
    bar.statusText = store.string(row, SessionStore::Status);
    bar.tailEnd = tailEndOf(bar.status, bar.activeEnd, known(SessionStore::ExpireAt),
                            known(SessionStore::AbandonAt));
    bar.label = labelOf(store.string(row, SessionStore::Country),
                        store.string(row, SessionStore::DeviceType));
    return bar;
}

// The tail is the time after the last activity during which the session still was (or still
// is) signed in, drawn dimmed because nobody used it then:
// - active and pending sessions: until the earlier of expire_at and abandon_at. Without further
//   activity the session ends at whichever comes first, so that is how long it is open as far
//   as we know.
// - expired sessions: until expire_at, abandoned ones: until abandon_at. The session stayed
//   signed in, idle, until exactly that moment, and its status says so: the tail is a fact,
//   not a guess, and it shows how long a stolen cookie would have worked.
// - revoked, ended, removed, replaced (and unknown) sessions: no tail. They ended at a moment
//   the record does not hold (updated_at moves for other reasons too), and a tail to an expiry
//   they never reached would claim a sign-in that was no longer there.
// A missing time, or one before the last activity, gives no tail.
qint64 UserTimeline::tailEndOf(SessionStatus status, qint64 activeEnd, qint64 expireAt,
                               qint64 abandonAt)
{
    qint64 end = 0;
    switch (status) {
    case SessionStatus::Active:
    case SessionStatus::Pending:
        if (expireAt > 0 && abandonAt > 0)
            end = std::min(expireAt, abandonAt);
        else
            end = std::max(expireAt, abandonAt); // the one that is known, if any
        break;
    case SessionStatus::Expired:
        end = expireAt;
        break;
    case SessionStatus::Abandoned:
        end = abandonAt;
        break;
    case SessionStatus::Revoked:
    case SessionStatus::Ended:
    case SessionStatus::Removed:
    case SessionStatus::Replaced:
    case SessionStatus::Unknown:
        break;
    }
    return std::max(activeEnd, end);
}

QString UserTimeline::labelOf(const QString &country, const QString &deviceType)
{
    if (country.isEmpty())
        return deviceType;
    if (deviceType.isEmpty())
        return country;
    return country + QStringLiteral(" · ") + deviceType;
}

UserTimeline::Range UserTimeline::range(const QList<Bar> &bars)
{
    if (bars.isEmpty())
        return {};
    Range range{bars.first().start, bars.first().tailEnd};
    for (const Bar &bar : bars) {
        range.from = std::min(range.from, bar.start);
        range.to = std::max(range.to, bar.tailEnd);
    }
    return range;
}

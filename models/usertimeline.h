// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "session.h"
#include "stringpool.h"

#include <QList>
#include <QString>

#include <optional>

class SessionStore;

// Where and when one user was signed in: every loaded session of the user as a bar on a time
// axis, from created_at to last_active_at, then a "tail" to the moment the session ended or will
// end without further activity. Pure functions over a SessionStore; UserTimelineView draws them.
class UserTimeline
{
public:
    struct Bar
    {
        int row = -1; // the session's row in the store
        QString sessionId;
        qint64 start = 0; // created_at (ms since the epoch)
        qint64 activeEnd = 0; // last_active_at, never before start
        qint64 tailEnd = 0; // see tailEndOf(); never before activeEnd (== activeEnd: no tail)
        SessionStatus status = SessionStatus::Unknown;
        QString statusText; // as the API spelled it, also for unknown statuses
        QString label; // "DE · Macintosh": country and device type, whatever is known

        bool hasTail() const { return tailEnd > activeEnd; }
        bool operator==(const Bar &) const = default;
    };

    // A span of time in ms since the epoch; empty when there are no bars.
    struct Range
    {
        qint64 from = 0;
        qint64 to = 0;

        bool isEmpty() const { return from == 0 && to == 0; }
        qint64 span() const { return to - from; }
        bool operator==(const Range &) const = default;
    };

    // The bars of every session of `userId`, ordered by start (then by row). A user the store
    // never saw, or a null id, has none. Sessions without any time are left out: there is
    // nowhere to put them. One pass over the user column comparing pool ids, no string work
    // except for the user's own rows.
    static QList<Bar> bars(const SessionStore &store, const QString &userId);
    static QList<Bar> bars(const SessionStore &store, StringPool::Id userId);

    // The bar of one row; nullopt when the row has no time at all.
    static std::optional<Bar> barOf(const SessionStore &store, int row);

    // Where a session's dimmed tail ends, given its status and times (documented in the .cpp).
    static qint64 tailEndOf(SessionStatus status, qint64 activeEnd, qint64 expireAt,
                            qint64 abandonAt);

    // "DE · Macintosh", "DE", "Macintosh" or "": what is known of where and on what.
    static QString labelOf(const QString &country, const QString &deviceType);

    // From the earliest start to the latest tail end of `bars`; empty for no bars.
    static Range range(const QList<Bar> &bars);
};

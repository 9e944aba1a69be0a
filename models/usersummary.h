// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

// What the "Find user" dialog shows of one Clerk User (GET /users): who it is, how to reach them,
// when they were last seen, and whether they can sign in. Times are milliseconds since the epoch,
// 0 when the API gave none (null). UserSearch::parseUsers() makes these.
struct UserSummary
{
    QString id, firstName, lastName, username, primaryEmail;
    QStringList emailAddresses; // all of them, the primary one included, in the API's order
    qint64 createdAt = 0, lastSignInAt = 0;
    // "The latest session activity, with day precision": the start of a day (UTC).
    qint64 lastActiveAt = 0;
    bool banned = false, locked = false;

    // "First Last" (either alone when the other is empty), else the username, else the primary
    // email address, else the id.
    QString displayName() const;
    // "Jane Doe <jane@example.com>", "jane@example.com" (no name), or the id (neither).
    QString label() const;

    bool operator==(const UserSummary &) const = default;
};

Q_DECLARE_METATYPE(UserSummary)

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>
#include <string_view>

// Clerk's Session.status. Values the API adds later are kept as Unknown plus their text.
enum class SessionStatus : quint8 {
    Active,
    Revoked,
    Ended,
    Expired,
    Removed,
    Abandoned,
    Replaced,
    Pending,
    Unknown,
};
inline constexpr int KnownStatusCount = int(SessionStatus::Unknown);

// The API's spelling ("active", …) of a known status; empty for Unknown.
std::string_view statusName(SessionStatus status);
SessionStatus statusFromName(std::string_view name);

// SessionActivityResponse: where and on what the session was last used.
struct SessionActivity
{
    QString object; // "session_activity"; absent (null) in the JS SDK's camelCase export
    QString id;
    QString deviceType;
    bool isMobile = false;
    QString browserName;
    QString browserVersion;
    QString ipAddress;
    QString city;
    QString country;

    bool operator==(const SessionActivity &) const = default;
};

// One Clerk Session as a self-contained value: what SessionTableModel::SessionRole returns and
// what the inspector and exports work from. The store keeps sessions far more compactly; a
// Session is materialised on demand. A null QString means the field was null or absent.
struct Session
{
    QString object; // "session"; null in camelCase exports
    QString id;
    QString userId;
    QString clientId;
    QString actorJson; // the actor object's raw JSON, null when not impersonated
    QString actorSub; // actor.sub, the impersonating user
    SessionStatus status = SessionStatus::Unknown;
    QString statusText; // the status as the API spelled it, also for unknown values
    QString lastActiveOrganizationId;
    qint64 lastActiveAt = 0; // all timestamps: milliseconds since the epoch
    qint64 expireAt = 0;
    qint64 abandonAt = 0;
    qint64 updatedAt = 0;
    qint64 createdAt = 0;
    std::optional<SessionActivity> latestActivity;
    std::optional<QStringList> tasks; // the keys of tasks[]; nullopt when null or absent

    bool isImpersonated() const { return !actorJson.isNull(); }
    // The API's snake_case JSON form (GET /sessions/{id}).
    QJsonObject toJson() const;

    bool operator==(const Session &) const = default;
};

Q_DECLARE_METATYPE(Session)

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "session.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace {
constexpr std::array<std::string_view, KnownStatusCount> statusNames = {
    "active", "revoked", "ended", "expired", "removed", "abandoned", "replaced", "pending",
};

QJsonValue nullable(const QString &text)
{
    return text.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}
} // namespace

std::string_view statusName(SessionStatus status)
{
    const auto index = std::size_t(status);
    return index < statusNames.size() ? statusNames[index] : std::string_view();
}

SessionStatus statusFromName(std::string_view name)
{
    for (std::size_t i = 0; i < statusNames.size(); ++i) {
        if (statusNames[i] == name)
            return SessionStatus(i);
    }
    return SessionStatus::Unknown;
}

QJsonObject Session::toJson() const
{
    QJsonObject json;
    json.insert(u"object", object.isNull() ? QStringLiteral("session") : object);
    json.insert(u"id", id);
    json.insert(u"user_id", userId);
    json.insert(u"client_id", clientId);
    json.insert(u"actor",
                actorJson.isNull()
                    ? QJsonValue(QJsonValue::Null)
                    : QJsonValue(QJsonDocument::fromJson(actorJson.toUtf8()).object()));
    json.insert(u"status", statusText);
    json.insert(u"last_active_organization_id", nullable(lastActiveOrganizationId));
    json.insert(u"last_active_at", lastActiveAt);
    if (latestActivity) {
        const SessionActivity &a = *latestActivity;
        QJsonObject activity;
        activity.insert(u"object",
                        a.object.isNull() ? QStringLiteral("session_activity") : a.object);
        activity.insert(u"id", a.id);
        activity.insert(u"device_type", nullable(a.deviceType));
        activity.insert(u"is_mobile", a.isMobile);
        activity.insert(u"browser_name", nullable(a.browserName));
        activity.insert(u"browser_version", nullable(a.browserVersion));
        activity.insert(u"ip_address", nullable(a.ipAddress));
        activity.insert(u"city", nullable(a.city));
        activity.insert(u"country", nullable(a.country));
        json.insert(u"latest_activity", activity);
    } else {
        json.insert(u"latest_activity", QJsonValue(QJsonValue::Null));
    }
    json.insert(u"expire_at", expireAt);
    json.insert(u"abandon_at", abandonAt);
    json.insert(u"updated_at", updatedAt);
    json.insert(u"created_at", createdAt);
    if (tasks) {
        QJsonArray array;
        for (const QString &key : *tasks)
            array.append(QJsonObject{{QStringLiteral("key"), key}});
        json.insert(u"tasks", array);
    } else {
        json.insert(u"tasks", QJsonValue(QJsonValue::Null));
    }
    return json;
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "sessionbatch.h"

#include <string>

// Builds SessionBatch records in tests without going through JSON.
struct SessionSpec
{
    std::string id;
    std::string userId = "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S";
    std::string status = "active";
    qint64 updatedAt = 1716883200000;
    qint64 lastActiveAt = 1716883200000;
    std::string country = "US";
    std::string city = "San Francisco";
    std::string browser = "Chrome";
    std::string browserVersion = "128.0.0.0";
    std::string device = "Macintosh";
    bool isMobile = false;
    bool activity = true;
    std::string actorSub = {}; // empty: not impersonated
    std::string org = {}; // empty: null
    std::string tasks = {}; // encoded keys ("key\0"), used when hasTasks
    bool hasTasks = false;
};

inline void addSession(SessionBatch &batch, const SessionSpec &spec)
{
    SessionBatch::Record &r = batch.append();
    batch.setText(r, SessionBatch::Object, "session");
    batch.setText(r, SessionBatch::Id, spec.id);
    batch.setText(r, SessionBatch::UserId, spec.userId);
    batch.setText(r, SessionBatch::ClientId, "client_2g7np7Hrk0SN6kj5EDMLDaKNL0S");
    batch.setText(r, SessionBatch::Status, spec.status);
    if (!spec.actorSub.empty()) {
        batch.setText(r, SessionBatch::ActorJson, "{\"sub\":\"" + spec.actorSub + "\"}");
        batch.setText(r, SessionBatch::ActorSub, spec.actorSub);
    }
    if (!spec.org.empty())
        batch.setText(r, SessionBatch::OrganizationId, spec.org);
    if (spec.activity) {
        r.hasActivity = true;
        r.isMobile = spec.isMobile;
        batch.setText(r, SessionBatch::ActivityObject, "session_activity");
        batch.setText(r, SessionBatch::ActivityId, "sess_activity_" + spec.id);
        batch.setText(r, SessionBatch::DeviceType, spec.device);
        batch.setText(r, SessionBatch::BrowserName, spec.browser);
        batch.setText(r, SessionBatch::BrowserVersion, spec.browserVersion);
        batch.setText(r, SessionBatch::IpAddress, "192.168.1.100");
        batch.setText(r, SessionBatch::City, spec.city);
        batch.setText(r, SessionBatch::Country, spec.country);
    }
    if (spec.hasTasks)
        batch.setText(r, SessionBatch::Tasks, spec.tasks);
    r.lastActiveAt = spec.lastActiveAt;
    r.createdAt = spec.lastActiveAt - 3'600'000;
    r.expireAt = spec.lastActiveAt + 7 * 86'400'000LL;
    r.abandonAt = spec.lastActiveAt + 30 * 86'400'000LL;
    r.updatedAt = spec.updatedAt;
}

inline std::string sessionId(int i)
{
    return "sess_" + std::to_string(1000000 + i);
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionbatch.h"

#include "session.h"

void SessionBatch::add(const Session &s)
{
    Record &r = append();
    auto set = [&](TextField field, const QString &text) {
        if (!text.isNull())
            setText(r, field, text.toStdString());
    };
    set(Object, s.object);
    set(Id, s.id);
    set(UserId, s.userId);
    set(ClientId, s.clientId);
    set(ActorJson, s.actorJson);
    set(ActorSub, s.actorSub);
    set(Status, s.statusText);
    set(OrganizationId, s.lastActiveOrganizationId);
    if (s.latestActivity) {
        const SessionActivity &a = *s.latestActivity;
        r.hasActivity = true;
        r.isMobile = a.isMobile;
        set(ActivityObject, a.object);
        set(ActivityId, a.id);
        set(DeviceType, a.deviceType);
        set(BrowserName, a.browserName);
        set(BrowserVersion, a.browserVersion);
        set(IpAddress, a.ipAddress);
        set(City, a.city);
        set(Country, a.country);
    }
    if (s.tasks) {
        std::string keys; // each key followed by '\0'
        for (const QString &key : *s.tasks)
            keys += key.toStdString() + '\0';
        setText(r, Tasks, keys);
    }
    r.lastActiveAt = s.lastActiveAt;
    r.expireAt = s.expireAt;
    r.abandonAt = s.abandonAt;
    r.updatedAt = s.updatedAt;
    r.createdAt = s.createdAt;
}

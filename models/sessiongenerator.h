// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QByteArray>
#include <QIODevice>
#include <QList>
#include <QString>

#include <cstdint>
#include <functional>

// Deterministic, realistic Clerk sessions for benchmarks, samples and (later) the mock server:
// users with 1–20 sessions each across every status, real browser and device mixes, IPv4 and
// IPv6 addresses, cities and countries, some impersonated, some pending with tasks, some in
// organisations. The same seed and options always produce the same bytes.
//
// Ids are KSUIDs as Clerk's are (27 base62 characters whose first 4 bytes are the creation
// second), so they sort by time like real ones. Each user is generated from its own random
// stream: user #n is the same whatever `sessions` is, only the last user may be cut short.
class SessionGenerator
{
public:
    enum class Shape {
        Array, // bare array, as GET /sessions returns
        Paginated, // {"data":[…],"total_count":N}
        SdkCamelCase, // {"data":[…],"totalCount":N} from the JS SDK (no object, no tasks)
        NdJson, // one session per line
        WebhookEvents, // NDJSON of session.* webhook events
    };

    struct Options
    {
        std::uint64_t seed = 1;
        qint64 sessions = 1000;
        qint64 now = 1795651200000; // 2026-11-26T00:00:00Z: "now" for the generated timeline
        Shape shape = Shape::Array;
        bool pretty = false; // indented like a saved API response (ignored by the NDJSON shapes)
    };

    // A user and their sessions as values, for the mock server and tests.
    struct User
    {
        QString id;
        QString firstName;
        QString lastName;
        QString emailAddressId;
        QString emailAddress;
        QString imageUrl;
        qint64 createdAt = 0;
        qint64 updatedAt = 0;
        qint64 lastSignInAt = 0;
        qint64 lastActiveAt = 0;
        QList<Session> sessions; // newest first, as GET /sessions?user_id= returns them
    };

    explicit SessionGenerator(const Options &options);

    // Writes the whole document, streaming: memory stays flat whatever the size. Returns false
    // if the device failed.
    bool write(QIODevice *out);
    QByteArray toByteArray();
    // Writes atomically (QSaveFile): the file is either complete or untouched.
    bool writeFile(const QString &path);

    // The same users and sessions that write() emits, in the same order, as values, handed to
    // `visit` one at a time: only the current user is held, so memory stays flat whatever the
    // size (the mock server builds its million sessions this way). The User is valid only
    // during the call; copy what must outlive it.
    void forEachUser(const std::function<void(const User &)> &visit) const;
    // All of forEachUser()'s users at once. Meant for thousands of sessions, not millions.
    QList<User> users() const;

private:
    Options m_options;
};

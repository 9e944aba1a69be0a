// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "sessionbatch.h"

#include <QString>

#include <simdjson.h>

#include <string_view>

// Turns one Clerk Session JSON object into a SessionBatch record, or says precisely why not.
// Independent of files: the file reader and the network replies share it.
//
// Both spellings are accepted and decided per record: the API's snake_case (user_id,
// last_active_at, latest_activity.ip_address, …) and the JS SDK's camelCase JSON.stringify
// (userId, lastActiveAt, latestActivity.ipAddress, …; no `object`, no `tasks`). Required fields
// and types follow the OpenAPI spec (Session, SessionActivityResponse, SessionTask); unknown
// fields are ignored, since the API grows; an unknown status is kept as text.
//
// A session may carry its `user` (webhook events' sessions do: a full Clerk User, snake_case, or
// camelCase from the JS SDK). What a UserSummary needs of it goes in the batch with the record
// (SessionBatch::userSummaries()), the primary email resolved from primary_email_address_id
// against email_addresses[].id. It is extra data: a user that is null, not an object, without an
// id or malformed is not taken (counted in SessionBatch::ignoredUsers() unless null), and the
// session is read all the same. Its keys do not count towards the record's casing.
class SessionRecordParser
{
public:
    enum class Casing : unsigned char { Unknown, SnakeCase, CamelCase };
    enum class Kind : unsigned char { Session, Event };

    // Timestamps are milliseconds since the epoch within years 1 to 9999 (0001-01-01T00:00:00Z to
    // 9999-12-31T23:59:59.999Z), so that the date arithmetic done on them cannot overflow.
    static constexpr qint64 MinTimestamp = -62135596800000;
    static constexpr qint64 MaxTimestamp = 253402300799999;

    struct Result
    {
        Kind kind = Kind::Session;
        Casing casing = Casing::Unknown;
        // On failure: the field path in the record's own casing ("latest_activity.is_mobile",
        // "tasks[2].key", "data.user_id" in an event), the reason ("missing required field",
        // "expected string, found integer", "expected \"session\", found \"user\"") and where
        // the offending field starts in the parsed text (nullptr: at the record's start).
        QString field;
        QString message;
        const char *where = nullptr;
    };

    // A session, or a webhook event {"object":"event","type":"session.…","data":{session}}.
    // Events of other types fail with field "type". On failure the batch holds no new record.
    static bool parseRecord(simdjson::ondemand::object &object, SessionBatch &batch,
                            Result *result);
    // Exactly one session; `prefix` is put before field paths (events use "data.").
    static bool parseSession(simdjson::ondemand::object &object, SessionBatch &batch,
                             Result *result, std::string_view prefix = {});
    // An event whose data is a session.
    static bool parseEvent(simdjson::ondemand::object &object, SessionBatch &batch, Result *result);

    // "string", "integer", "number", "boolean", "null", "object" or "array".
    static const char *typeName(simdjson::ondemand::value &value);
};

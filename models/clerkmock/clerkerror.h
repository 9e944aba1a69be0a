// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// One error answer of the mock, as Clerk gives it: an HTTP status and a ClerkErrors body
// (spec components/schemas/ClerkErrors and ClerkError: errors[] of {message, long_message, code,
// meta}, and the request's clerk_trace_id).
//
// The spec names the responses (AuthenticationInvalid, ResourceNotFound, UnprocessableEntity,
// TooManyRequests) but gives no example bodies, so codes and texts follow Clerk's published
// error index (clerk.com/docs/guides/development/errors/backend-api) and answers recorded from
// the live API; each factory says where its text comes from.
struct ClerkError
{
    int httpStatus = 400;
    QString code;
    QString message; // Clerk's short message
    QString longMessage;
    QJsonObject meta; // e.g. {"param_name":"limit"}; written as {} when empty

    // {"errors":[{…}],"clerk_trace_id":"…"}, compact.
    QByteArray toJson(const QByteArray &traceId) const;

    // 401 without an Authorization header, or one that is not "Bearer <key>".
    static ClerkError authorizationHeaderFormatInvalid();
    // 401 for a well-formed header with a key the instance does not hold.
    static ClerkError clerkKeyInvalid();
    // 404 for an id that names nothing, e.g. kind "session": "No session was found with id …".
    static ClerkError resourceNotFound(const QString &kind, const QString &id);
    // 404 for a path the API does not have.
    static ClerkError pathNotFound();
    // 422 for a query parameter whose value is not of its type (an integer, a boolean).
    static ClerkError formParamFormatInvalid(const QString &param, const QString &longMessage);
    // 422 for a value of the right type that is not allowed (out of range, not in the enum).
    static ClerkError formParamValueInvalid(const QString &param, const QString &longMessage);
    // 422 for an array parameter with more values than it accepts.
    static ClerkError formParamArraySizeExceeded(const QString &param, int maximum);
    // 422 when none of a set of optional parameters was given.
    static ClerkError atLeastOneParameterMissing(const QStringList &params);
    // 400 for revoking a session that is no longer active (see ClerkMockServer::revokeSession).
    static ClerkError sessionNotActive(const QString &id, const QString &status);
    // 429 over the rate limit.
    static ClerkError tooManyRequests();
    // 500 from Clerk's own servers.
    static ClerkError internalError();
};

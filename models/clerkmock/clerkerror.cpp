// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkerror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace {

ClerkError make(int status, const char *code, const QString &message, const QString &longMessage,
                const QJsonObject &meta = {})
{
    return ClerkError{status, QString::fromLatin1(code), message, longMessage, meta};
}

QJsonObject paramMeta(const QString &param)
{
    return QJsonObject{{QStringLiteral("param_name"), param}};
}

} // namespace

QByteArray ClerkError::toJson(const QByteArray &traceId) const
{
    const QJsonObject error{
        {QStringLiteral("message"), message},
        {QStringLiteral("long_message"), longMessage},
        {QStringLiteral("code"), code},
        {QStringLiteral("meta"), meta},
    };
    const QJsonObject body{
        {QStringLiteral("errors"), QJsonArray{error}},
        {QStringLiteral("clerk_trace_id"), QString::fromLatin1(traceId)},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// Recorded from api.clerk.com: a request without a usable Authorization header.
ClerkError ClerkError::authorizationHeaderFormatInvalid()
{
    return make(401, "authorization_header_format_invalid",
                QStringLiteral("Invalid Authorization header format"),
                QStringLiteral("Invalid Authorization header format. Must be 'Bearer "
                               "<YOUR_API_KEY>'"));
}

// Recorded from api.clerk.com: a secret key the instance does not hold.
ClerkError ClerkError::clerkKeyInvalid()
{
    const QString text = QStringLiteral(
        "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is "
        "correct.");
    return make(401, "clerk_key_invalid", text, text);
}

// Clerk's error index, ResourceNotFound: 404 resource_not_found, "not found".
ClerkError ClerkError::resourceNotFound(const QString &kind, const QString &id)
{
    return make(404, "resource_not_found", QStringLiteral("not found"),
                QStringLiteral("No %1 was found with id %2").arg(kind, id));
}

ClerkError ClerkError::pathNotFound()
{
    return make(404, "resource_not_found", QStringLiteral("not found"),
                QStringLiteral("Resource not found"));
}

// Clerk's error index, form_param_format_invalid / form_param_value_invalid: "is invalid", with
// the parameter in meta.param_name.
ClerkError ClerkError::formParamFormatInvalid(const QString &param, const QString &longMessage)
{
    return make(422, "form_param_format_invalid", QStringLiteral("is invalid"), longMessage,
                paramMeta(param));
}

ClerkError ClerkError::formParamValueInvalid(const QString &param, const QString &longMessage)
{
    return make(422, "form_param_value_invalid", QStringLiteral("is invalid"), longMessage,
                paramMeta(param));
}

ClerkError ClerkError::formParamArraySizeExceeded(const QString &param, int maximum)
{
    return make(422, "form_param_array_size_exceeded", QStringLiteral("too many values"),
                QStringLiteral("%1 accepts up to %2 values.").arg(param).arg(maximum),
                paramMeta(param));
}

ClerkError ClerkError::atLeastOneParameterMissing(const QStringList &params)
{
    return make(422, "form_at_least_one_optional_parameter_missing",
                QStringLiteral("missing parameter"),
                QStringLiteral("At least one of %1 must be provided.")
                    .arg(params.join(QStringLiteral(" or "))),
                QJsonObject{{QStringLiteral("param_names"), QJsonArray::fromStringList(params)}});
}

ClerkError ClerkError::sessionNotActive(const QString &id, const QString &status)
{
    return make(400, "session_not_active", QStringLiteral("session is not active"),
                QStringLiteral("Session %1 cannot be revoked because its status is %2. Only "
                               "active and pending sessions can be revoked.")
                    .arg(id, status),
                QJsonObject{{QStringLiteral("session_id"), id}});
}

ClerkError ClerkError::tooManyRequests()
{
    return make(429, "too_many_requests", QStringLiteral("Too many requests"),
                QStringLiteral("Too many requests, please try again later."));
}

ClerkError ClerkError::internalError()
{
    return make(500, "internal_clerk_error", QStringLiteral("Oops, an unexpected error occurred"),
                QStringLiteral("There was an internal error on our servers. We've been notified "
                               "and are working on fixing it."));
}

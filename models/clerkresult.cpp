// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkresult.h"

#include <QJsonArray>
#include <QJsonObject>

QString ClerkResult::summary() const
{
    switch (status) {
    case Status::Ok:
        return {};
    case Status::Unauthorized:
        return QStringLiteral("the secret key was rejected");
    case Status::Forbidden:
        return QStringLiteral("the secret key is not allowed to do this");
    case Status::NotFound:
        return QStringLiteral("not found");
    case Status::Unprocessable:
        return QStringLiteral("Clerk refused the request");
    case Status::RateLimited:
        return QStringLiteral("Clerk's rate limit was exceeded");
    case Status::ServerError:
        return httpStatus > 0
            ? QStringLiteral("Clerk answered with an error (HTTP %1)").arg(httpStatus)
            : QStringLiteral("Clerk answered with an error");
    case Status::NetworkError:
        return QStringLiteral("Clerk could not be reached");
    case Status::Timeout:
        return QStringLiteral("Clerk did not answer in time");
    case Status::BadResponse:
        return QStringLiteral("Clerk's answer was not the JSON expected");
    case Status::Cancelled:
        return QStringLiteral("cancelled");
    case Status::InvalidRequest:
        return QStringLiteral("the request was not sent");
    }
    return {};
}

QString ClerkResult::clerkMessage() const
{
    QStringList parts;
    for (const ClerkApiError &error : errors) {
        const QString text = error.longMessage.isEmpty() ? error.message : error.longMessage;
        if (!text.isEmpty() && !parts.contains(text))
            parts.append(text);
    }
    return parts.join(QStringLiteral("; "));
}

QString ClerkResult::message() const
{
    if (ok())
        return {};
    QString text = summary();
    const QString clerk = clerkMessage();
    const QString explanation = !clerk.isEmpty() ? clerk : detail;
    if (!explanation.isEmpty())
        text += QStringLiteral(": ") + explanation;
    return text;
}

QJsonDocument ClerkResult::json(QJsonParseError *error) const
{
    return QJsonDocument::fromJson(payload, error);
}

QString ClerkResult::statusName(Status status)
{
    switch (status) {
    case Status::Ok:
        return QStringLiteral("Ok");
    case Status::Unauthorized:
        return QStringLiteral("Unauthorized");
    case Status::Forbidden:
        return QStringLiteral("Forbidden");
    case Status::NotFound:
        return QStringLiteral("NotFound");
    case Status::Unprocessable:
        return QStringLiteral("Unprocessable");
    case Status::RateLimited:
        return QStringLiteral("RateLimited");
    case Status::ServerError:
        return QStringLiteral("ServerError");
    case Status::NetworkError:
        return QStringLiteral("NetworkError");
    case Status::Timeout:
        return QStringLiteral("Timeout");
    case Status::BadResponse:
        return QStringLiteral("BadResponse");
    case Status::Cancelled:
        return QStringLiteral("Cancelled");
    case Status::InvalidRequest:
        return QStringLiteral("InvalidRequest");
    }
    return {};
}

ClerkResult::Status ClerkResult::statusForHttp(int httpStatus)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return Status::Ok;
    switch (httpStatus) {
    case 401:
        return Status::Unauthorized;
    case 403:
        return Status::Forbidden;
    case 404:
        return Status::NotFound;
    case 400:
    case 422:
        return Status::Unprocessable;
    case 429:
        return Status::RateLimited;
    default:
        // 5xx, and anything else Clerk does not document (3xx: redirects are not followed).
        return httpStatus > 0 ? Status::ServerError : Status::NetworkError;
    }
}

ClerkResult ClerkResult::fromHttp(int httpStatus, const QByteArray &body,
                                  const QByteArray &headerTraceId)
{
    ClerkResult result;
    result.httpStatus = httpStatus;
    result.status = statusForHttp(httpStatus);
    result.payload = body;
    result.traceId = QString::fromLatin1(headerTraceId);
    if (result.ok())
        return result;
    // Error bodies: ClerkErrors when Clerk answered; a gateway's HTML page otherwise.
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return result;
    const QJsonObject object = document.object();
    const QString trace = object.value(QLatin1StringView("clerk_trace_id")).toString();
    if (!trace.isEmpty())
        result.traceId = trace;
    const QJsonArray errors = object.value(QLatin1StringView("errors")).toArray();
    for (const QJsonValue &value : errors) {
        const QJsonObject error = value.toObject();
        result.errors.append({error.value(QLatin1StringView("message")).toString(),
                              error.value(QLatin1StringView("long_message")).toString(),
                              error.value(QLatin1StringView("code")).toString()});
    }
    return result;
}

ClerkResult ClerkResult::failure(Status status, const QString &detail)
{
    ClerkResult result;
    result.status = status;
    result.detail = detail;
    return result;
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QMetaType>
#include <QString>

// One error of Clerk's ClerkErrors body ({"errors":[{message, long_message, code, meta}], …}).
struct ClerkApiError
{
    QString message;
    QString longMessage;
    QString code;

    bool operator==(const ClerkApiError &) const = default;
};

// What one Backend API call came to, as a value: the outcome, the HTTP status, Clerk's errors
// and trace id, and the body. message() is the sentence to show a person.
struct ClerkResult
{
    enum class Status {
        Ok,
        Unauthorized, // 401: the key was rejected
        Forbidden, // 403
        NotFound, // 404
        Unprocessable, // 400 and 422: Clerk refused the request's parameters
        RateLimited, // 429, still after waiting for Retry-After as often as allowed
        ServerError, // 5xx, still after retrying (GETs), or another unexpected HTTP status
        NetworkError, // no HTTP answer: refused, reset, DNS, TLS, …
        Timeout, // no progress within the configured timeout
        BadResponse, // an answer that is not the JSON it should be
        Cancelled,
        InvalidRequest, // not sent: no key, a bad id, too many ids, … (see detail)
    };

    Status status = Status::Ok;
    int httpStatus = 0; // 0 when no HTTP answer arrived
    QList<ClerkApiError> errors; // from a ClerkErrors body
    QString traceId; // clerk_trace_id (or the X-Clerk-Trace-Id header)
    QByteArray payload; // the answer's body, also for errors
    // Where the failure was not Clerk's to explain: Qt's network error text, what was wrong
    // with the JSON, the timeout used, what a 429 asked for.
    QString detail;
    QString operation; // what was asked, e.g. "GET /v1/sessions/sess_123"
    int attempts = 0; // requests sent for this call, with retries
    qint64 retryAfterMs = -1; // from the last 429's Retry-After, -1 when none

    bool ok() const { return status == Status::Ok; }

    // A fixed phrase per status: "the secret key was rejected", "not found", …
    QString summary() const;
    // Clerk's own explanation: each error's long_message (else message), joined by "; ".
    QString clerkMessage() const;
    // summary() with whatever explains it: Clerk's message, or the detail. Empty when ok().
    QString message() const;

    // The payload as JSON, null (with *error set) when it is not.
    QJsonDocument json(QJsonParseError *error = nullptr) const;

    // "Ok", "Unauthorized", … (for logs and test output).
    static QString statusName(Status status);
    // The status an HTTP answer stands for (2xx: Ok).
    static Status statusForHttp(int httpStatus);

    // A result for an HTTP answer: status from the code; Clerk's errors and trace id read from
    // a ClerkErrors body when there is one (headerTraceId when the body has none).
    static ClerkResult fromHttp(int httpStatus, const QByteArray &body,
                                const QByteArray &headerTraceId = {});
    static ClerkResult failure(Status status, const QString &detail);
};

Q_DECLARE_METATYPE(ClerkResult)

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

class QDebug;

// Where and as whom ClerkClient talks to Clerk's Backend API, and how patiently.
//
// The secret key is held here and nowhere else: it goes into the Authorization header of each
// request and is never logged, saved or shown. Show redactedKey() instead ("sk_test_…abcd");
// qDebug() of a ClerkConfig prints only that. The API URL is the one CLERK_API_URL takes
// (https://api.clerk.com, no version); requests go to baseUrl(), which has "/v1" appended as
// Clerk's SDKs do. Plain http is refused except to a loopback address (the local mock).
class ClerkConfig
{
public:
    enum class KeyKind { Unknown, Development, Production };

    static constexpr const char DefaultApiUrl[] = "https://api.clerk.com";
    static constexpr const char ApiVersion[] = "v1";
    static constexpr int DefaultTimeoutMs = 30'000;
    // Clerk's Backend API limits: 100 requests per 10 s on development instances (sk_test_),
    // 1000 per 10 s on production ones (sk_live_). A key of unknown kind gets the smaller one.
    static constexpr int DevelopmentRateLimit = 100;
    static constexpr int ProductionRateLimit = 1000;
    static constexpr qint64 DefaultRateWindowMs = 10'000;

    // Retries of GETs after a 5xx answer or a network failure: exponential backoff from
    // retryBaseMs, doubling up to retryMaxMs, with jitter (each wait is 50–100 % of that).
    struct RetryPolicy
    {
        int maxRetries = 4; // after the first attempt; 0: never retry
        int baseDelayMs = 500;
        int maxDelayMs = 8'000;
        // A 429 waits for Retry-After (or, without one, the backoff above) and goes again, up to
        // this many times for one request; a Retry-After longer than maxRetryAfterMs ends the
        // request with RateLimited instead of keeping it waiting.
        int maxRateLimitRetries = 10;
        int maxRetryAfterMs = 60'000;
    };

    ClerkConfig();

    // CLERK_SECRET_KEY and CLERK_API_URL (unset or empty: the default URL). The result may be
    // invalid (no key, a bad URL): ask validationError().
    static ClerkConfig fromEnvironment();

    // The key as given, white space around it removed. Any text is kept; validationError() says
    // what is wrong with it.
    void setSecretKey(const QString &key);
    bool hasSecretKey() const { return !m_secretKey.isEmpty(); }
    // For the Authorization header only. Never log, store or display this.
    const QString &secretKey() const { return m_secretKey; }
    // "sk_test_…abcd": the prefix and the last four characters; "…" alone for a short key.
    QString redactedKey() const { return redact(m_secretKey); }
    KeyKind keyKind() const { return keyKindOf(m_secretKey); }

    // Sets the API URL from text ("https://api.clerk.com", "http://127.0.0.1:8080"). Returns
    // false, leaving the URL as it was, and sets *error when it is not usable: not http(s), no
    // host, plain http to a host that is not loopback, a query or fragment, user info.
    bool setApiUrl(const QString &text, QString *error = nullptr);
    QUrl apiUrl() const { return m_apiUrl; } // as set, without a trailing slash
    // The API URL with "/v1" appended (not again when it already ends in /v1).
    QUrl baseUrl() const;
    // baseUrl() + "/" + path; `encodedPath` is percent-encoded, without a leading slash
    // ("sessions/sess_123/revoke").
    QUrl endpoint(const QString &encodedPath) const;

    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms > 0 ? ms : DefaultTimeoutMs; }

    // The client-side rate budget: the key kind's own unless overridden (limit <= 0 resets).
    int rateLimit() const;
    qint64 rateWindowMs() const { return m_rateWindowMs; }
    void setRateLimit(int limit, qint64 windowMs = DefaultRateWindowMs);

    const RetryPolicy &retryPolicy() const { return m_retry; }
    void setRetryPolicy(const RetryPolicy &policy) { m_retry = policy; }

    // "SessionDesk/0.1.0".
    static QByteArray userAgent();

    // Empty when requests can be made; else what is wrong ("no secret key is set", …).
    QString validationError() const;
    bool isValid() const { return validationError().isEmpty(); }

    static KeyKind keyKindOf(const QString &key);
    static QString redact(const QString &key);
    // "development", "production", "unknown".
    static QString keyKindName(KeyKind kind);
    // The budget Clerk gives a key of this kind in DefaultRateWindowMs.
    static int defaultRateLimit(KeyKind kind);
    // http is allowed to these: localhost, 127.0.0.0/8, ::1.
    static bool isLoopbackHost(const QString &host);

private:
    QString m_secretKey;
    QUrl m_apiUrl;
    int m_timeoutMs = DefaultTimeoutMs;
    int m_rateLimit = 0; // 0: the key kind's default
    qint64 m_rateWindowMs = DefaultRateWindowMs;
    RetryPolicy m_retry;
    QString m_urlError; // CLERK_API_URL could not be used (fromEnvironment)
};

// Prints the URL and the redacted key, never the key.
QDebug operator<<(QDebug debug, const ClerkConfig &config);

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkconfig.h"

#include <QDebug>
#include <QHostAddress>

namespace {

constexpr QLatin1StringView TestPrefix("sk_test_");
constexpr QLatin1StringView LivePrefix("sk_live_");
constexpr qsizetype VisibleTail = 4;

// A key goes into an HTTP header: printable ASCII only, no spaces.
bool keyCharactersValid(const QString &key)
{
    for (const QChar c : key) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return false;
    }
    return true;
}

QString withoutTrailingSlashes(QString path)
{
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

} // namespace

ClerkConfig::ClerkConfig()
    : m_apiUrl(QUrl(QString::fromLatin1(DefaultApiUrl)))
{ }

ClerkConfig ClerkConfig::fromEnvironment()
{
    ClerkConfig config;
    config.setSecretKey(qEnvironmentVariable("CLERK_SECRET_KEY"));
    const QString url = qEnvironmentVariable("CLERK_API_URL").trimmed();
    QString error;
    if (!url.isEmpty() && !config.setApiUrl(url, &error))
        config.m_urlError = QStringLiteral("CLERK_API_URL: %1").arg(error);
    return config;
}

void ClerkConfig::setSecretKey(const QString &key)
{
    m_secretKey = key.trimmed();
}

bool ClerkConfig::setApiUrl(const QString &text, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return fail(QStringLiteral("the API URL is empty"));
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid())
        return fail(
            QStringLiteral("\"%1\" is not a valid URL: %2").arg(trimmed, url.errorString()));
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1StringView("https") && scheme != QLatin1StringView("http"))
        return fail(
            QStringLiteral("\"%1\" is not an http or https URL (for example https://api.clerk.com)")
                .arg(trimmed));
    if (url.host().isEmpty())
        return fail(QStringLiteral("\"%1\" names no host").arg(trimmed));
    if (!url.userInfo().isEmpty())
        return fail(QStringLiteral("the API URL must not hold a user name or password"));
    if (url.hasQuery() || url.hasFragment())
        return fail(QStringLiteral("the API URL must not have a query or fragment"));
    if (scheme == QLatin1StringView("http") && !isLoopbackHost(url.host()))
        return fail(QStringLiteral("plain http is refused for %1: the secret key would cross the "
                                   "network unencrypted; use https (http is allowed only to "
                                   "localhost, 127.0.0.1 or ::1)")
                        .arg(url.host()));
    QUrl normalized = url.adjusted(QUrl::NormalizePathSegments);
    normalized.setScheme(scheme);
    normalized.setPath(withoutTrailingSlashes(normalized.path()));
    m_apiUrl = normalized;
    m_urlError.clear();
    return true;
}

QUrl ClerkConfig::baseUrl() const
{
    QUrl url = m_apiUrl;
    const QString version = QLatin1Char('/') + QLatin1StringView(ApiVersion);
    if (!url.path().endsWith(version))
        url.setPath(url.path() + version);
    return url;
}

QUrl ClerkConfig::endpoint(const QString &encodedPath) const
{
    QUrl url = baseUrl();
    url.setPath(url.path(QUrl::FullyEncoded) + QLatin1Char('/') + encodedPath, QUrl::TolerantMode);
    return url;
}

int ClerkConfig::rateLimit() const
{
    return m_rateLimit > 0 ? m_rateLimit : defaultRateLimit(keyKind());
}

void ClerkConfig::setRateLimit(int limit, qint64 windowMs)
{
    m_rateLimit = std::max(limit, 0);
    m_rateWindowMs = windowMs > 0 ? windowMs : DefaultRateWindowMs;
}

QByteArray ClerkConfig::userAgent()
{
    return QByteArrayLiteral("SessionDesk/" SESSIONDESK_VERSION);
}

QString ClerkConfig::validationError() const
{
    if (!m_urlError.isEmpty())
        return m_urlError;
    if (m_secretKey.isEmpty())
        return QStringLiteral("no secret key is set (CLERK_SECRET_KEY, or Connect)");
    if (!keyCharactersValid(m_secretKey))
        return QStringLiteral("the secret key holds characters no key has (spaces, line breaks "
                              "or non-ASCII letters): was it pasted whole?");
    return {};
}

ClerkConfig::KeyKind ClerkConfig::keyKindOf(const QString &key)
{
    if (key.startsWith(TestPrefix))
        return KeyKind::Development;
    if (key.startsWith(LivePrefix))
        return KeyKind::Production;
    return KeyKind::Unknown;
}

QString ClerkConfig::redact(const QString &key)
{
    const QString ellipsis(QChar(0x2026));
    QString prefix;
    if (key.startsWith(TestPrefix))
        prefix = TestPrefix;
    else if (key.startsWith(LivePrefix))
        prefix = LivePrefix;
    // Show the last characters only when at least eight more stay hidden.
    const qsizetype secret = key.size() - prefix.size();
    if (secret < VisibleTail + 8)
        return prefix + ellipsis;
    return prefix + ellipsis + key.right(VisibleTail);
}

QString ClerkConfig::keyKindName(KeyKind kind)
{
    switch (kind) {
    case KeyKind::Development:
        return QStringLiteral("development");
    case KeyKind::Production:
        return QStringLiteral("production");
    case KeyKind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

int ClerkConfig::defaultRateLimit(KeyKind kind)
{
    return kind == KeyKind::Production ? ProductionRateLimit : DevelopmentRateLimit;
}

bool ClerkConfig::isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1StringView("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QDebug operator<<(QDebug debug, const ClerkConfig &config)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "ClerkConfig(" << config.baseUrl().toString() << ", key "
                    << config.redactedKey() << ", " << ClerkConfig::keyKindName(config.keyKind())
                    << ')';
    return debug;
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "environmentbadge.h"

namespace {

// Rounded pills; the status bar is short, so little vertical padding and a radius near half the
// height of one line of text.
constexpr QLatin1StringView DevelopmentStyle(
    "EnvironmentBadge { background: #fff3cd; color: #6b4a00; border: 1px solid #e0b84f;"
    " border-radius: 9px; padding: 1px 9px; }");
constexpr QLatin1StringView ProductionStyle(
    "EnvironmentBadge { background: #c62828; color: #ffffff; border: 1px solid #a31515;"
    " border-radius: 9px; padding: 1px 9px; font-weight: bold; }");
constexpr QLatin1StringView UnknownStyle(
    "EnvironmentBadge { background: #eceff1; color: #37474f; border: 1px solid #b0bec5;"
    " border-radius: 9px; padding: 1px 9px; }");
constexpr QLatin1StringView DisconnectedStyle(
    "EnvironmentBadge { background: transparent; color: #607d8b; border: 1px solid #cfd8dc;"
    " border-radius: 9px; padding: 1px 9px; }");

} // namespace

EnvironmentBadge::EnvironmentBadge(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("environmentBadge"));
    setTextFormat(Qt::PlainText);
    setAlignment(Qt::AlignCenter);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    showDisconnected();
}

void EnvironmentBadge::showConnection(ClerkConfig::KeyKind kind, const QString &host,
                                      const QString &redactedKey)
{
    m_connected = true;
    m_kind = kind;
    setText(badgeText(kind, host));
    QString tip;
    switch (kind) {
    case ClerkConfig::KeyKind::Development:
        setStyleSheet(DevelopmentStyle);
        tip = tr("Connected to a development instance of Clerk");
        break;
    case ClerkConfig::KeyKind::Production:
        setStyleSheet(ProductionStyle);
        tip = tr("Connected to a PRODUCTION instance of Clerk: revoking a session signs out a "
                 "real user");
        break;
    case ClerkConfig::KeyKind::Unknown:
        setStyleSheet(UnknownStyle);
        tip = tr("Connected with a key that is neither sk_test_ nor sk_live_");
        break;
    }
    if (!host.isEmpty())
        tip += QLatin1Char('\n') + tr("Host: %1").arg(host);
    if (!redactedKey.isEmpty())
        tip += QLatin1Char('\n') + tr("Key: %1").arg(redactedKey);
    setToolTip(tip);
    setAccessibleName(text());
    show();
}

void EnvironmentBadge::showConfig(const ClerkConfig &config)
{
    const QUrl url = config.apiUrl();
    QString host = url.host();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']'); // an IPv6 address
    if (url.port() != -1)
        host += QLatin1Char(':') + QString::number(url.port());
    showConnection(config.keyKind(), host, config.redactedKey());
}

void EnvironmentBadge::showDisconnected()
{
    m_connected = false;
    m_kind = ClerkConfig::KeyKind::Unknown;
    setText(tr("Not connected"));
    setStyleSheet(DisconnectedStyle);
    setToolTip(tr("Not connected to a Clerk instance"));
    setAccessibleName(text());
}

QString EnvironmentBadge::badgeText(ClerkConfig::KeyKind kind, const QString &host)
{
    QString word;
    switch (kind) {
    case ClerkConfig::KeyKind::Development:
        word = tr("DEVELOPMENT");
        break;
    case ClerkConfig::KeyKind::Production:
        word = tr("PRODUCTION");
        break;
    case ClerkConfig::KeyKind::Unknown:
        word = tr("UNKNOWN KEY");
        break;
    }
    return host.isEmpty() ? word : tr("%1 · %2").arg(word, host);
}

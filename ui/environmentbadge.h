// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkconfig.h"

#include <QLabel>

// A pill in the status bar that says which kind of Clerk instance the window is connected to:
// "DEVELOPMENT · api.clerk.com" (amber), "PRODUCTION · api.clerk.com" (bold, white on red),
// "UNKNOWN KEY · …" (grey), or "Not connected" (muted outline). Passive: told what to show.
class EnvironmentBadge : public QLabel
{
    Q_OBJECT

public:
    explicit EnvironmentBadge(QWidget *parent = nullptr);

    // `host` as the user would recognize it ("api.clerk.com", "127.0.0.1:8080"); `redactedKey`
    // already redacted (ClerkConfig::redactedKey()), for the tooltip only.
    void showConnection(ClerkConfig::KeyKind kind, const QString &host,
                        const QString &redactedKey = QString());
    // The same, from a configuration: its host (and port, when given) and redacted key.
    void showConfig(const ClerkConfig &config);
    void showDisconnected();

    bool isConnected() const { return m_connected; }
    ClerkConfig::KeyKind kind() const { return m_kind; }

    // "DEVELOPMENT · api.clerk.com", as the badge reads for this kind and host.
    static QString badgeText(ClerkConfig::KeyKind kind, const QString &host);

private:
    bool m_connected = false;
    ClerkConfig::KeyKind m_kind = ClerkConfig::KeyKind::Unknown;
};

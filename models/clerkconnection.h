// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkconfig.h"
#include "clerkresult.h"

#include <QObject>

class ClerkClient;
class QNetworkAccessManager;

// The window's link to one Clerk instance: its network manager and ClerkClient, and whether the
// key has been seen to work. connectTo() makes a new client and checks the key with one cheap
// request (GET /users?limit=1), so that a wrong key or URL is said at once, not at the first
// search. Until that answer the client is usable but unverified.
class ClerkConnection : public QObject
{
    Q_OBJECT

public:
    enum class State { Disconnected, Verifying, Connected };

    explicit ClerkConnection(QObject *parent = nullptr);
    ~ClerkConnection() override;

    // Replaces any earlier connection (its requests are abandoned, its client deleted).
    void connectTo(const ClerkConfig &config);
    void disconnectFromClerk();

    State state() const { return m_state; }
    // Null when disconnected. Owned here; gone after the next connectTo() or disconnect.
    ClerkClient *client() const { return m_client; }
    // The configuration in use (its key is for requests only: show redactedKey()).
    const ClerkConfig &config() const { return m_config; }

signals:
    // A new client exists (or none, when disconnected): hand it to whoever makes requests.
    void clientChanged(ClerkClient *client);
    void stateChanged(ClerkConnection::State state);
    // The key check failed: the connection is dropped.
    void failed(const ClerkResult &result);

private:
    void setState(State state);

    QNetworkAccessManager *m_manager;
    ClerkClient *m_client = nullptr;
    ClerkConfig m_config;
    State m_state = State::Disconnected;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkconnection.h"

#include "clerkclient.h"

#include <QNetworkAccessManager>

ClerkConnection::ClerkConnection(QObject *parent)
    : QObject(parent)
    , m_manager(new QNetworkAccessManager(this))
{ }

ClerkConnection::~ClerkConnection()
{
    // The client aborts its requests; it must go before the manager that owns the replies.
    delete m_client;
}

void ClerkConnection::connectTo(const ClerkConfig &config)
{
    disconnectFromClerk();
    m_config = config;
    m_client = new ClerkClient(m_manager, m_config, this);
    emit clientChanged(m_client);
    setState(State::Verifying);

    ClerkClient::UserQuery probe;
    probe.limit = 1;
    m_client->listUsers(probe, m_client, [this](const ClerkResult &result) {
        if (result.ok()) {
            setState(State::Connected);
            return;
        }
        // A key or URL that does not work: say so and drop it, rather than fail every request.
        disconnectFromClerk();
        emit failed(result);
    });
}

void ClerkConnection::disconnectFromClerk()
{
    if (!m_client)
        return;
    ClerkClient *client = std::exchange(m_client, nullptr);
    m_config = ClerkConfig(); // forget the key
    emit clientChanged(nullptr);
    // Nothing more reaches its callbacks; deleted later, as this may run inside one of them.
    client->cancelAll();
    client->deleteLater();
    setState(State::Disconnected);
}

void ClerkConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "keychainstore.h"

#include <QObject>
#include <QPointer>

#include <memory>

class ClerkConfig;
class ClerkConnection;
class ConnectDialog;
class EnvironmentBadge;
class MessageBanner;
class QWidget;

// Connecting the window to a Clerk instance: the Connect dialog, the key kept in the system
// keychain when asked (and only there), the URL remembered in QSettings, the environment badge,
// and what to say when a key is rejected or no keychain is running. ClerkConnection does the
// talking; this decides what the person sees.
class ConnectionController : public QObject
{
    Q_OBJECT

public:
    ConnectionController(ClerkConnection *connection, MessageBanner *banner,
                         EnvironmentBadge *badge, QWidget *window);
    ~ConnectionController() override;

    // Shows the Connect dialog (non-modal; made on first use), filled in with what is known.
    ConnectDialog *showConnectDialog();
    // Connects as asked in the dialog: the URL is remembered for next time and, with `remember`,
    // the key goes to the keychain once Clerk has accepted it.
    void connectTo(const ClerkConfig &config, bool remember);
    // Connects for this run only (the demo's mock, CLERK_SECRET_KEY): nothing is remembered.
    void connectForThisRun(const ClerkConfig &config);
    // At start: CLERK_SECRET_KEY (and CLERK_API_URL) when set, else a key kept in the keychain
    // for the last URL. Does nothing when there is neither.
    void restore();

    // Tests replace the system keychain with a fake.
    void setKeychainBackend(std::unique_ptr<KeychainStore::Backend> backend);
    KeychainStore *keychain() const { return m_keychain.get(); }

private:
    void makeKeychain(std::unique_ptr<KeychainStore::Backend> backend);
    void connected();
    void keyWritten(const QString &apiUrl, const KeychainStore::Outcome &outcome);
    void keyRead(const QString &apiUrl, const QString &key, const KeychainStore::Outcome &outcome);
    void updateBadge();

    ClerkConnection *m_connection;
    MessageBanner *m_banner;
    EnvironmentBadge *m_badge;
    QWidget *m_window;
    std::unique_ptr<KeychainStore> m_keychain;
    QPointer<ConnectDialog> m_dialog;
    bool m_rememberPending = false; // keep the key once this connection is verified
    bool m_connectWhenRead = false; // restore(): connect with the key the keychain gives
    bool m_persist = false; // remember this connection's URL in the settings
};

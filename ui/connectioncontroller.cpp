// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "connectioncontroller.h"

#include "clerkconnection.h"
#include "connectdialog.h"
#include "connectionsettings.h"
#include "environmentbadge.h"
#include "messagebanner.h"

#include <QSettings>
#include <QWidget>

ConnectionController::ConnectionController(ClerkConnection *connection, MessageBanner *banner,
                                           EnvironmentBadge *badge, QWidget *window)
    : QObject(window)
    , m_connection(connection)
    , m_banner(banner)
    , m_badge(badge)
    , m_window(window)
{
    makeKeychain(nullptr);
    connect(m_connection, &ClerkConnection::stateChanged, this,
            [this](ClerkConnection::State state) {
                updateBadge();
                if (state == ClerkConnection::State::Connected)
                    connected();
            });
    connect(m_connection, &ClerkConnection::failed, this, [this](const ClerkResult &result) {
        m_rememberPending = false;
        m_connectWhenRead = false;
        m_banner->showMessage(
            MessageBanner::Error,
            tr("Could not connect to Clerk: %1")
                .arg(MessageBanner::failureText(result.message(), result.traceId)),
            tr("Connect…"), [this] { showConnectDialog(); });
    });
    updateBadge();
}

ConnectionController::~ConnectionController() = default;

void ConnectionController::makeKeychain(std::unique_ptr<KeychainStore::Backend> backend)
{
    m_keychain = backend ? std::make_unique<KeychainStore>(std::move(backend))
                         : std::make_unique<KeychainStore>();
    connect(m_keychain.get(), &KeychainStore::keyWritten, this, &ConnectionController::keyWritten);
    connect(m_keychain.get(), &KeychainStore::keyRead, this, &ConnectionController::keyRead);
}

void ConnectionController::setKeychainBackend(std::unique_ptr<KeychainStore::Backend> backend)
{
    makeKeychain(std::move(backend));
}

ConnectDialog *ConnectionController::showConnectDialog()
{
    if (!m_dialog) {
        m_dialog = new ConnectDialog(m_window);
        connect(m_dialog, &ConnectDialog::connectRequested, this, &ConnectionController::connectTo);
    }
    QSettings settings;
    const ConnectionSettings saved = ConnectionSettings::load(settings);
    QString url = m_connection->config().hasSecretKey() ? m_connection->config().apiUrl().toString()
                                                        : saved.apiUrl;
    if (url.isEmpty())
        url = ClerkConfig::fromEnvironment().apiUrl().toString();
    m_dialog->setApiUrl(url);
    m_dialog->setRemember(saved.keyInKeychain && saved.apiUrl == url);
    if (saved.keyInKeychain && saved.apiUrl == url) {
        m_connectWhenRead = false;
        m_keychain->readKey(url); // fills the key in when it comes
    }
    m_dialog->open();
    return m_dialog;
}

void ConnectionController::connectTo(const ClerkConfig &config, bool remember)
{
    m_persist = true;
    m_rememberPending = remember;
    m_banner->hide();
    m_connection->connectTo(config);
}

void ConnectionController::connectForThisRun(const ClerkConfig &config)
{
    m_persist = false;
    m_rememberPending = false;
    m_connectWhenRead = false;
    m_banner->hide();
    m_connection->connectTo(config);
}

void ConnectionController::restore()
{
    const ClerkConfig environment = ClerkConfig::fromEnvironment();
    if (environment.hasSecretKey()) {
        if (const QString error = environment.validationError(); !error.isEmpty()) {
            m_banner->showMessage(
                MessageBanner::Error,
                tr("CLERK_SECRET_KEY is set but cannot be used: %1").arg(error.toHtmlEscaped()));
            return;
        }
        connectForThisRun(environment);
        return;
    }
    QSettings settings;
    const ConnectionSettings saved = ConnectionSettings::load(settings);
    if (saved.keyInKeychain && !saved.apiUrl.isEmpty()) {
        m_connectWhenRead = true;
        m_keychain->readKey(saved.apiUrl);
    }
}

void ConnectionController::connected()
{
    if (!m_persist)
        return;
    const ClerkConfig &config = m_connection->config();
    const QString url = config.apiUrl().toString();
    QSettings settings;
    ConnectionSettings saved = ConnectionSettings::load(settings);
    const bool wasKept = saved.keyInKeychain && saved.apiUrl == url;
    saved.apiUrl = url;
    if (std::exchange(m_rememberPending, false)) {
        m_keychain->writeKey(url, config.secretKey());
    } else if (wasKept && !m_connectWhenRead) {
        m_keychain->deleteKey(url); // asked not to remember it any more
        saved.keyInKeychain = false;
    }
    m_connectWhenRead = false;
    saved.save(settings);
}

void ConnectionController::keyWritten(const QString &apiUrl, const KeychainStore::Outcome &outcome)
{
    QSettings settings;
    ConnectionSettings saved = ConnectionSettings::load(settings);
    saved.apiUrl = apiUrl;
    saved.keyInKeychain = outcome.ok();
    saved.save(settings);
    if (!outcome.ok()) {
        m_banner->showMessage(outcome.status == KeychainStore::Outcome::NoKeychain
                                  ? MessageBanner::Information
                                  : MessageBanner::Warning,
                              outcome.message.toHtmlEscaped());
    }
}

void ConnectionController::keyRead(const QString &apiUrl, const QString &key,
                                   const KeychainStore::Outcome &outcome)
{
    if (!outcome.ok()) {
        if (outcome.status == KeychainStore::Outcome::NotFound) {
            QSettings settings;
            ConnectionSettings saved = ConnectionSettings::load(settings);
            saved.keyInKeychain = false;
            saved.save(settings);
        }
        m_connectWhenRead = false;
        return;
    }
    if (std::exchange(m_connectWhenRead, false)) {
        ClerkConfig config;
        config.setSecretKey(key);
        if (config.setApiUrl(apiUrl)) {
            m_connectWhenRead = true; // connected(): the key stays where it is
            connectTo(config, false);
        }
        return;
    }
    if (m_dialog && m_dialog->isVisible() && m_dialog->config().apiUrl().toString() == apiUrl)
        m_dialog->setSecretKey(key);
}

void ConnectionController::updateBadge()
{
    const ClerkConfig &config = m_connection->config();
    if (m_connection->state() == ClerkConnection::State::Disconnected)
        m_badge->showDisconnected();
    else
        m_badge->showConnection(config.keyKind(), config.apiUrl().host(), config.redactedKey());
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkconfig.h"

#include <QDialog>

#include <optional>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Asks where and as whom to connect: the API URL (CLERK_API_URL or https://api.clerk.com unless
// told otherwise), the secret key (masked, with a show/hide toggle; CLERK_SECRET_KEY when set),
// and whether to keep the key in the system keychain. Says live what the key is (development or,
// in red, production) and what is wrong with the URL; Connect is enabled only for a usable pair.
//
// The key is never logged. When the dialog closes its key field is emptied (and its undo history
// with it); config() then still gives what was accepted, until the dialog is shown again.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(QWidget *parent = nullptr);
    ~ConnectDialog() override;

    void setApiUrl(const QString &url);
    // For a key read from the keychain.
    void setSecretKey(const QString &key);
    void setRemember(bool remember);
    // A line under the keychain check box: what the keychain said (no keychain running, …).
    // Empty: the standing note that the key never goes into the settings file.
    void setKeychainMessage(const QString &message);

    // What is typed (or, once accepted and closed, what was accepted). When the URL is not
    // usable the config keeps the default URL: validationError() says so.
    ClerkConfig config() const;
    bool rememberKey() const;
    // Empty when Connect is enabled; else why not (the URL's error first).
    QString validationError() const;

    // The line under the key field, as it reads for `key`.
    static QString keyKindText(const QString &key);

signals:
    // Connect was clicked (just before accepted()).
    void connectRequested(const ClerkConfig &config, bool rememberKey);

public slots:
    void done(int result) override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateState();
    void setKeyVisible(bool visible);
    ClerkConfig typedConfig(QString *urlError) const;

    QLineEdit *m_urlEdit;
    QLabel *m_urlError;
    QLineEdit *m_keyEdit;
    QAction *m_showKey;
    QLabel *m_keyKind;
    QCheckBox *m_remember;
    QLabel *m_keychainNote;
    QPushButton *m_connect;
    std::optional<ClerkConfig> m_accepted;
};

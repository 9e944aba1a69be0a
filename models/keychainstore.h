// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

// Keeps the Clerk secret key of each API URL in the system keychain (Secret Service, KWallet,
// macOS Keychain, Windows Credential Manager, through QtKeychain): service "SessionDesk",
// account the API URL. Never anywhere else: QtKeychain's insecure QSettings fallback is off.
//
// Every call answers exactly once, later, with the signal of its kind, even when the keychain
// never does (after timeoutMs(), as NoKeychain). Without a keychain (no D-Bus session, no secret
// service running, a platform without one) the outcome is NoKeychain and its message says that
// the key is kept in memory for this session only: the caller does exactly that.
//
// The key is never logged; outcomes carry no key.
class KeychainStore : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        enum Status { Ok, NotFound, NoKeychain, Denied, Failed };
        Status status = Ok;
        // For the user; empty when the operation went well.
        QString message;
        // What the keychain itself said (QtKeychain's error text), for a tooltip or a bug report.
        QString detail;

        bool ok() const { return status == Ok; }
    };

    // Where keys really go: QtKeychain by default, a fake in tests. Each call answers through
    // `reply` at most once (never is allowed: the store times out), with status and detail set
    // (message is the store's) and, for a read that went well, the key. A backend may answer
    // from within the call; the store still reports later.
    class Backend
    {
    public:
        using Reply = std::function<void(const Outcome &outcome, const QString &key)>;

        virtual ~Backend() = default;
        virtual void write(const QString &service, const QString &account, const QString &key,
                           Reply reply) = 0;
        virtual void read(const QString &service, const QString &account, Reply reply) = 0;
        virtual void remove(const QString &service, const QString &account, Reply reply) = 0;
    };

    static constexpr const char ServiceName[] = "SessionDesk";
    static constexpr int DefaultTimeoutMs = 10'000;

    // With the system keychain, through QtKeychain.
    explicit KeychainStore(QObject *parent = nullptr);
    explicit KeychainStore(std::unique_ptr<Backend> backend, QObject *parent = nullptr);
    ~KeychainStore() override;

    // `apiUrl` as ClerkConfig::apiUrl() gives it; a trailing slash does not make another entry.
    void writeKey(const QString &apiUrl, const QString &key);
    void readKey(const QString &apiUrl);
    void deleteKey(const QString &apiUrl);

    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms > 0 ? ms : DefaultTimeoutMs; }
    // Calls that have not answered yet.
    int pendingCount() const { return int(m_pending.size()); }

    // "No keychain service is running: the key is kept in memory for this session only."
    static QString noKeychainMessage();

signals:
    void keyWritten(const QString &apiUrl, const KeychainStore::Outcome &outcome);
    // `key` is empty unless outcome.status is Ok.
    void keyRead(const QString &apiUrl, const QString &key, const KeychainStore::Outcome &outcome);
    void keyDeleted(const QString &apiUrl, const KeychainStore::Outcome &outcome);

private:
    enum class Operation { Write, Read, Delete };
    struct Pending
    {
        Operation operation;
        QString apiUrl; // as the caller gave it, for the signal
    };

    void start(Operation operation, const QString &apiUrl, const QString &key);
    void finish(quint64 id, Outcome outcome, const QString &key);
    static QString messageFor(Operation operation, const Outcome &outcome, const QString &apiUrl);

    std::unique_ptr<Backend> m_backend;
    QHash<quint64, Pending> m_pending;
    quint64 m_nextId = 1;
    int m_timeoutMs = DefaultTimeoutMs;
};

Q_DECLARE_METATYPE(KeychainStore::Outcome)

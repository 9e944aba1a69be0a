// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "keychainstore.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace {

using Outcome = KeychainStore::Outcome;

// Whether a D-Bus session bus is there to be found at all (Linux and the BSDs: Secret Service and
// KWallet both live behind it). Elsewhere the keychain is no D-Bus service.
bool sessionBusConfigured()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return true;
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtimeDir.isEmpty() &&
        QFileInfo::exists(QDir(runtimeDir).filePath(QStringLiteral("bus")));
#else
    return true;
#endif
}

// QtKeychain reports a missing keychain on Linux mostly as OtherError, not NoBackendAvailable:
// with neither libsecret nor libgnome-keyring loadable it says "Unknown error"; the KWallet path
// without a session bus "Could not open wallet: org.freedesktop.DBus.Error.NoServer; D-Bus is not
// running"; libsecret without a bus or secret service passes on GIO's D-Bus errors.
bool meansNoKeychain(const QString &text)
{
    static const char *const markers[] = {
        "Unknown error",
        "D-Bus is not running",
        "org.freedesktop.DBus.Error.NoServer",
        "org.freedesktop.DBus.Error.ServiceUnknown",
        "org.freedesktop.DBus.Error.Spawn",
        "was not provided by any .service files",
        "Cannot autolaunch D-Bus",
        "Could not connect",
        "No keychain service available",
        "No keyring daemon",
    };
    for (const char *marker : markers) {
        if (text.contains(QLatin1StringView(marker), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

const char *errorName(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return "NoError";
    case QKeychain::EntryNotFound:
        return "EntryNotFound";
    case QKeychain::CouldNotDeleteEntry:
        return "CouldNotDeleteEntry";
    case QKeychain::AccessDeniedByUser:
        return "AccessDeniedByUser";
    case QKeychain::AccessDenied:
        return "AccessDenied";
    case QKeychain::NoBackendAvailable:
        return "NoBackendAvailable";
    case QKeychain::NotImplemented:
        return "NotImplemented";
    case QKeychain::OtherError:
        break;
    }
    return "OtherError";
}

Outcome::Status statusOf(QKeychain::Error error, const QString &text)
{
    switch (error) {
    case QKeychain::NoError:
        return Outcome::Ok;
    case QKeychain::EntryNotFound:
        return Outcome::NotFound;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return Outcome::Denied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Outcome::NoKeychain;
    case QKeychain::CouldNotDeleteEntry:
        return Outcome::Failed;
    case QKeychain::OtherError:
        break;
    }
    return !sessionBusConfigured() || meansNoKeychain(text) ? Outcome::NoKeychain : Outcome::Failed;
}

// The system keychain through QtKeychain. Jobs delete themselves when done; a job that outlives
// the backend finds its connection gone with m_context and answers no one.
class QtKeychainBackend final : public KeychainStore::Backend
{
public:
    void write(const QString &service, const QString &account, const QString &key,
               Reply reply) override
    {
        auto *job = new QKeychain::WritePasswordJob(service);
        job->setTextData(key);
        run(job, account, std::move(reply));
    }

    void read(const QString &service, const QString &account, Reply reply) override
    {
        run(new QKeychain::ReadPasswordJob(service), account, std::move(reply));
    }

    void remove(const QString &service, const QString &account, Reply reply) override
    {
        run(new QKeychain::DeletePasswordJob(service), account, std::move(reply));
    }

private:
    void run(QKeychain::Job *job, const QString &account, Reply reply)
    {
        job->setAutoDelete(true);
        job->setInsecureFallback(false); // never a plain-text copy in QSettings
        job->setKey(account);
        QObject::connect(job, &QKeychain::Job::finished, &m_context,
                         [reply = std::move(reply)](QKeychain::Job *done) { answer(done, reply); });
        job->start();
    }

    static void answer(QKeychain::Job *done, const Reply &reply)
    {
        Outcome outcome;
        outcome.status = statusOf(done->error(), done->errorString());
        QString key;
        if (outcome.ok()) {
            if (auto *reader = qobject_cast<QKeychain::ReadPasswordJob *>(done))
                key = reader->textData();
        } else {
            outcome.detail =
                QStringLiteral("%1 [QKeychain::%2]")
                    .arg(done->errorString(), QLatin1StringView(errorName(done->error())));
        }
        reply(outcome, key);
    }

    QObject m_context;
};

// One entry per API URL, however the caller spelled the end of it.
QString accountFor(const QString &apiUrl)
{
    QString account = apiUrl.trimmed();
    while (account.endsWith(QLatin1Char('/')))
        account.chop(1);
    return account;
}

} // namespace

KeychainStore::KeychainStore(QObject *parent)
    : KeychainStore(std::make_unique<QtKeychainBackend>(), parent)
{ }

KeychainStore::KeychainStore(std::unique_ptr<Backend> backend, QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
{ }

KeychainStore::~KeychainStore()
{
    // First, so that no answer arrives while the rest of this object goes.
    m_backend.reset();
}

void KeychainStore::writeKey(const QString &apiUrl, const QString &key)
{
    start(Operation::Write, apiUrl, key);
}

void KeychainStore::readKey(const QString &apiUrl)
{
    start(Operation::Read, apiUrl, QString());
}

void KeychainStore::deleteKey(const QString &apiUrl)
{
    start(Operation::Delete, apiUrl, QString());
}

QString KeychainStore::noKeychainMessage()
{
    return tr("No keychain service is running: the key is kept in memory for this session only.");
}

void KeychainStore::start(Operation operation, const QString &apiUrl, const QString &key)
{
    const quint64 id = m_nextId++;
    m_pending.insert(id, Pending{operation, apiUrl});

    // Answers always arrive through the event loop, never from within this call.
    auto reply = [this, id](const Outcome &outcome, const QString &readKey) {
        QMetaObject::invokeMethod(
            this, [this, id, outcome, readKey] { finish(id, outcome, readKey); },
            Qt::QueuedConnection);
    };

    const QString account = accountFor(apiUrl);
    if (account.isEmpty()) {
        reply(Outcome{Outcome::Failed, {}, tr("no API URL was given")}, {});
        return;
    }
    if (operation == Operation::Write && key.isEmpty()) {
        reply(Outcome{Outcome::Failed, {}, tr("there is no key to keep")}, {});
        return;
    }

    QTimer::singleShot(m_timeoutMs, this, [this, id, ms = m_timeoutMs] {
        const QString detail =
            tr("the keychain did not answer within %1 s").arg(QString::number(ms / 1000.0));
        finish(id, Outcome{Outcome::NoKeychain, {}, detail}, {});
    });

    const QString service = QString::fromLatin1(ServiceName);
    switch (operation) {
    case Operation::Write:
        m_backend->write(service, account, key, std::move(reply));
        break;
    case Operation::Read:
        m_backend->read(service, account, std::move(reply));
        break;
    case Operation::Delete:
        m_backend->remove(service, account, std::move(reply));
        break;
    }
}

void KeychainStore::finish(quint64 id, Outcome outcome, const QString &key)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.cend())
        return; // answered already: by the timeout, or a backend that answered twice
    const Pending pending = *it;
    m_pending.erase(it);

    outcome.message = messageFor(pending.operation, outcome, pending.apiUrl);
    switch (pending.operation) {
    case Operation::Write:
        emit keyWritten(pending.apiUrl, outcome);
        break;
    case Operation::Read:
        emit keyRead(pending.apiUrl, outcome.ok() ? key : QString(), outcome);
        break;
    case Operation::Delete:
        emit keyDeleted(pending.apiUrl, outcome);
        break;
    }
}

QString KeychainStore::messageFor(Operation operation, const Outcome &outcome,
                                  const QString &apiUrl)
{
    QString detail = outcome.detail.trimmed();
    while (detail.endsWith(QLatin1Char('.')))
        detail.chop(1);
    if (detail.isEmpty())
        detail = tr("no reason given");
    switch (outcome.status) {
    case Outcome::Ok:
        return {};
    case Outcome::NoKeychain:
        return noKeychainMessage();
    case Outcome::NotFound:
        return operation == Operation::Delete
            ? tr("The system keychain holds no key for %1: there was nothing to remove.")
                  .arg(apiUrl)
            : tr("The system keychain holds no key for %1.").arg(apiUrl);
    case Outcome::Denied:
        return tr("The system keychain refused access to the key (%1).").arg(detail);
    case Outcome::Failed:
        break;
    }
    switch (operation) {
    case Operation::Write:
        return tr("The key could not be kept in the system keychain: %1.").arg(detail);
    case Operation::Read:
        return tr("The key could not be read from the system keychain: %1.").arg(detail);
    case Operation::Delete:
        break;
    }
    return tr("The key could not be removed from the system keychain: %1.").arg(detail);
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "keychainstore.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

namespace {

using Outcome = KeychainStore::Outcome;

const QString ApiUrl = QStringLiteral("https://api.clerk.com");
const QString Key = QStringLiteral("sk_test_4eC39HqLyjWDarjtT1zdp7dcabcd");

// A keychain in a hash. What the test wants to go wrong is set on the shared state, which
// outlives the backend the store owns.
struct FakeKeychain
{
    QHash<QString, QString> entries; // "service/account" -> key
    std::optional<Outcome> forced; // answer this instead of doing the work
    bool silent = false; // never answer; replies wait in `held`
    QList<KeychainStore::Backend::Reply> held;
    QStringList calls; // "write service account", …
};

class FakeBackend final : public KeychainStore::Backend
{
public:
    explicit FakeBackend(std::shared_ptr<FakeKeychain> keychain)
        : m_keychain(std::move(keychain))
    { }

    void write(const QString &service, const QString &account, const QString &key,
               Reply reply) override
    {
        m_keychain->calls.append(QStringLiteral("write %1 %2").arg(service, account));
        if (answerSpecially(reply))
            return;
        m_keychain->entries.insert(service + QLatin1Char('/') + account, key);
        reply(Outcome{}, {}); // at once, from within the call
    }

    void read(const QString &service, const QString &account, Reply reply) override
    {
        m_keychain->calls.append(QStringLiteral("read %1 %2").arg(service, account));
        if (answerSpecially(reply))
            return;
        const QString entry = service + QLatin1Char('/') + account;
        if (!m_keychain->entries.contains(entry))
            reply(Outcome{Outcome::NotFound, {}, QStringLiteral("Entry not found")}, {});
        else
            reply(Outcome{}, m_keychain->entries.value(entry));
    }

    void remove(const QString &service, const QString &account, Reply reply) override
    {
        m_keychain->calls.append(QStringLiteral("delete %1 %2").arg(service, account));
        if (answerSpecially(reply))
            return;
        if (m_keychain->entries.remove(service + QLatin1Char('/') + account) == 0)
            reply(Outcome{Outcome::NotFound, {}, QStringLiteral("Entry not found")}, {});
        else
            reply(Outcome{}, {});
    }

private:
    bool answerSpecially(Reply &reply)
    {
        if (m_keychain->silent) {
            m_keychain->held.append(std::move(reply));
            return true;
        }
        if (m_keychain->forced) {
            reply(*m_keychain->forced, Key); // a key that must not reach anyone
            return true;
        }
        return false;
    }

    std::shared_ptr<FakeKeychain> m_keychain;
};

Outcome outcomeAt(const QSignalSpy &spy, int index, int argument)
{
    return spy.at(index).at(argument).value<Outcome>();
}

} // namespace

class TestKeychainStore : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void trailingSlashIsTheSameEntry();
    void answersNeverFromWithinTheCall();
    void noKeychainMessage();
    void deniedAndFailedMessages();
    void timeout();
    void refusesEmptyInput();
    void realBackendWithoutSessionBus();
};

void TestKeychainStore::roundTrip()
{
    auto keychain = std::make_shared<FakeKeychain>();
    KeychainStore store(std::make_unique<FakeBackend>(keychain));
    QSignalSpy written(&store, &KeychainStore::keyWritten);
    QSignalSpy read(&store, &KeychainStore::keyRead);
    QSignalSpy deleted(&store, &KeychainStore::keyDeleted);

    store.writeKey(ApiUrl, Key);
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(written.at(0).at(0).toString(), ApiUrl);
    QCOMPARE(outcomeAt(written, 0, 1).status, Outcome::Ok);
    QCOMPARE(outcomeAt(written, 0, 1).message, QString());
    QCOMPARE(keychain->entries.value(QStringLiteral("SessionDesk/https://api.clerk.com")), Key);

    store.readKey(ApiUrl);
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(read.at(0).at(0).toString(), ApiUrl);
    QCOMPARE(read.at(0).at(1).toString(), Key);
    QCOMPARE(outcomeAt(read, 0, 2).status, Outcome::Ok);

    store.deleteKey(ApiUrl);
    QTRY_COMPARE(deleted.size(), 1);
    QCOMPARE(outcomeAt(deleted, 0, 1).status, Outcome::Ok);
    QVERIFY(keychain->entries.isEmpty());

    store.readKey(ApiUrl);
    QTRY_COMPARE(read.size(), 2);
    QCOMPARE(read.at(1).at(1).toString(), QString());
    const Outcome notFound = outcomeAt(read, 1, 2);
    QCOMPARE(notFound.status, Outcome::NotFound);
    QCOMPARE(notFound.message,
             QStringLiteral("The system keychain holds no key for https://api.clerk.com."));

    store.deleteKey(ApiUrl);
    QTRY_COMPARE(deleted.size(), 2);
    QCOMPARE(outcomeAt(deleted, 1, 1).status, Outcome::NotFound);
    QCOMPARE(outcomeAt(deleted, 1, 1).message,
             QStringLiteral("The system keychain holds no key for https://api.clerk.com: there "
                            "was nothing to remove."));

    QCOMPARE(keychain->calls,
             QStringList({QStringLiteral("write SessionDesk https://api.clerk.com"),
                          QStringLiteral("read SessionDesk https://api.clerk.com"),
                          QStringLiteral("delete SessionDesk https://api.clerk.com"),
                          QStringLiteral("read SessionDesk https://api.clerk.com"),
                          QStringLiteral("delete SessionDesk https://api.clerk.com")}));
    QCOMPARE(store.pendingCount(), 0);
}

void TestKeychainStore::trailingSlashIsTheSameEntry()
{
    auto keychain = std::make_shared<FakeKeychain>();
    KeychainStore store(std::make_unique<FakeBackend>(keychain));
    QSignalSpy read(&store, &KeychainStore::keyRead);

    store.writeKey(QStringLiteral("http://127.0.0.1:8080/"), Key);
    store.readKey(QStringLiteral(" http://127.0.0.1:8080 "));
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(read.at(0).at(0).toString(), QStringLiteral(" http://127.0.0.1:8080 ")); // as given
    QCOMPARE(read.at(0).at(1).toString(), Key);
    QCOMPARE(keychain->entries.keys(),
             QStringList{QStringLiteral("SessionDesk/http://127.0.0.1:8080")});
}

void TestKeychainStore::answersNeverFromWithinTheCall()
{
    auto keychain = std::make_shared<FakeKeychain>();
    KeychainStore store(std::make_unique<FakeBackend>(keychain));
    QSignalSpy written(&store, &KeychainStore::keyWritten);
    store.writeKey(ApiUrl, Key); // the fake answers synchronously
    QCOMPARE(written.size(), 0);
    QCOMPARE(store.pendingCount(), 1);
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(store.pendingCount(), 0);
}

void TestKeychainStore::noKeychainMessage()
{
    auto keychain = std::make_shared<FakeKeychain>();
    keychain->forced = Outcome{Outcome::NoKeychain, {}, QStringLiteral("Unknown error")};
    KeychainStore store(std::make_unique<FakeBackend>(keychain));
    QSignalSpy written(&store, &KeychainStore::keyWritten);
    QSignalSpy read(&store, &KeychainStore::keyRead);

    const QString expected = QStringLiteral(
        "No keychain service is running: the key is kept in memory for this session only.");
    QCOMPARE(KeychainStore::noKeychainMessage(), expected);

    store.writeKey(ApiUrl, Key);
    store.readKey(ApiUrl);
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(written.size(), 1);
    QCOMPARE(outcomeAt(written, 0, 1).status, Outcome::NoKeychain);
    QCOMPARE(outcomeAt(written, 0, 1).message, expected);
    QCOMPARE(outcomeAt(written, 0, 1).detail, QStringLiteral("Unknown error"));
    QCOMPARE(outcomeAt(read, 0, 2).status, Outcome::NoKeychain);
    QCOMPARE(outcomeAt(read, 0, 2).message, expected);
    // A failed read hands out no key, whatever the backend passed along.
    QCOMPARE(read.at(0).at(1).toString(), QString());
}

void TestKeychainStore::deniedAndFailedMessages()
{
    auto keychain = std::make_shared<FakeKeychain>();
    KeychainStore store(std::make_unique<FakeBackend>(keychain));
    QSignalSpy written(&store, &KeychainStore::keyWritten);
    QSignalSpy read(&store, &KeychainStore::keyRead);
    QSignalSpy deleted(&store, &KeychainStore::keyDeleted);

    keychain->forced = Outcome{Outcome::Denied, {}, QStringLiteral("Access to keychain denied")};
    store.readKey(ApiUrl);
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(outcomeAt(read, 0, 2).message,
             QStringLiteral("The system keychain refused access to the key (Access to keychain "
                            "denied)."));

    keychain->forced = Outcome{Outcome::Failed, {}, QStringLiteral("I/O error.")};
    store.writeKey(ApiUrl, Key);
    store.deleteKey(ApiUrl);
    QTRY_COMPARE(deleted.size(), 1);
    QCOMPARE(outcomeAt(written, 0, 1).message,
             QStringLiteral("The key could not be kept in the system keychain: I/O error."));
    QCOMPARE(outcomeAt(deleted, 0, 1).message,
             QStringLiteral("The key could not be removed from the system keychain: I/O error."));
}

void TestKeychainStore::timeout()
{
    auto keychain = std::make_shared<FakeKeychain>();
    keychain->silent = true;
    KeychainStore store(std::make_unique<FakeBackend>(keychain));
    QCOMPARE(store.timeoutMs(), 10'000);
    store.setTimeoutMs(200);
    QSignalSpy read(&store, &KeychainStore::keyRead);

    QElapsedTimer clock;
    clock.start();
    store.readKey(ApiUrl);
    QTRY_COMPARE(read.size(), 1);
    QVERIFY2(clock.elapsed() >= 190, qPrintable(QString::number(clock.elapsed())));
    const Outcome outcome = outcomeAt(read, 0, 2);
    QCOMPARE(outcome.status, Outcome::NoKeychain);
    QCOMPARE(outcome.message, KeychainStore::noKeychainMessage());
    QCOMPARE(outcome.detail, QStringLiteral("the keychain did not answer within 0.2 s"));
    QCOMPARE(store.pendingCount(), 0);

    // The keychain wakes up after all: nobody hears of it twice.
    QCOMPARE(keychain->held.size(), 1);
    keychain->held.takeFirst()(Outcome{}, Key);
    QTest::qWait(50);
    QCOMPARE(read.size(), 1);
}

void TestKeychainStore::refusesEmptyInput()
{
    auto keychain = std::make_shared<FakeKeychain>();
    KeychainStore store(std::make_unique<FakeBackend>(keychain));
    QSignalSpy written(&store, &KeychainStore::keyWritten);
    QSignalSpy read(&store, &KeychainStore::keyRead);

    store.writeKey(ApiUrl, QString());
    store.readKey(QStringLiteral("  "));
    QTRY_COMPARE(read.size(), 1);
    QCOMPARE(written.size(), 1);
    QCOMPARE(outcomeAt(written, 0, 1).status, Outcome::Failed);
    QCOMPARE(outcomeAt(written, 0, 1).message,
             QStringLiteral("The key could not be kept in the system keychain: there is no key "
                            "to keep."));
    QCOMPARE(outcomeAt(read, 0, 2).status, Outcome::Failed);
    QCOMPARE(outcomeAt(read, 0, 2).message,
             QStringLiteral("The key could not be read from the system keychain: no API URL was "
                            "given."));
    QVERIFY(keychain->calls.isEmpty());
}

// The real QtKeychain, with no session bus to reach (as here, and on any headless machine):
// an answer within seconds, saying there is no keychain, and no plain-text copy anywhere.
void TestKeychainStore::realBackendWithoutSessionBus()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    // Before anything in this process touches D-Bus or QSettings, which both cache.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sessiondesk-test-bus");
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toLocal8Bit());

    KeychainStore store;
    store.setTimeoutMs(4'000);
    QSignalSpy written(&store, &KeychainStore::keyWritten);
    QSignalSpy read(&store, &KeychainStore::keyRead);

    QElapsedTimer clock;
    clock.start();
    store.writeKey(ApiUrl, Key);
    store.readKey(ApiUrl);
    QTRY_COMPARE_WITH_TIMEOUT(read.size(), 1, 6'000);
    QCOMPARE(written.size(), 1);

    for (const Outcome &outcome : {outcomeAt(written, 0, 1), outcomeAt(read, 0, 2)}) {
        qInfo("QtKeychain without a session bus, after %lld ms: %s; QtKeychain said \"%s\"",
              clock.elapsed(), outcome.status == Outcome::NoKeychain ? "NoKeychain" : "Failed",
              qPrintable(outcome.detail));
        QVERIFY2(outcome.status == Outcome::NoKeychain ||
                     (outcome.status == Outcome::Failed && !outcome.detail.isEmpty()),
                 qPrintable(outcome.message));
        if (outcome.status == Outcome::NoKeychain)
            QCOMPARE(outcome.message, KeychainStore::noKeychainMessage());
        QVERIFY(!outcome.message.contains(Key));
    }
    QCOMPARE(read.at(0).at(1).toString(), QString());

    // No insecure fallback: the key is in no file under the (temporary) home.
    QDirIterator files(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains(Key.toUtf8()), qPrintable(file.fileName()));
    }
}

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "tst_keychainstore.moc"

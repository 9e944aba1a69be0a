// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Drives the real MainWindow against the in-process mock Clerk server over loopback HTTP:
// Connect, the environment badge, Find User, a 1,234-session fetch, Cancel, a failed fetch with
// Retry, a rejected key, the keychain, and closing the window with requests in flight.
#include "clerkconnection.h"
#include "clerkmockserver.h"
#include "connectdialog.h"
#include "connectioncontroller.h"
#include "connectionsettings.h"
#include "finduserdialog.h"
#include "keychainstore.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "sessionloadqueue.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

// The system keychain stands in for nothing here: keys go into a map, or nowhere at all.
struct FakeKeychain
{
    QHash<QString, QString> keys;
    bool available = true;
};

class FakeKeychainBackend final : public KeychainStore::Backend
{
public:
    explicit FakeKeychainBackend(std::shared_ptr<FakeKeychain> keychain)
        : m_keychain(std::move(keychain))
    { }
    void write(const QString &, const QString &account, const QString &key, Reply reply) override
    {
        if (!m_keychain->available)
            return reply({KeychainStore::Outcome::NoKeychain, {}, {}}, {});
        m_keychain->keys.insert(account, key);
        reply({}, {});
    }
    void read(const QString &, const QString &account, Reply reply) override
    {
        if (!m_keychain->available)
            return reply({KeychainStore::Outcome::NoKeychain, {}, {}}, {});
        if (!m_keychain->keys.contains(account))
            return reply({KeychainStore::Outcome::NotFound, {}, {}}, {});
        reply({}, m_keychain->keys.value(account));
    }
    void remove(const QString &, const QString &account, Reply reply) override
    {
        m_keychain->keys.remove(account);
        reply({}, {});
    }

private:
    std::shared_ptr<FakeKeychain> m_keychain;
};

constexpr int BulkSessions = 1234;
const QString BulkEmail = QStringLiteral("bulk1234@sessiondesk.test");

} // namespace

class TstMainWindowLive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void connectsThroughTheDialog();
    void rejectedKeySaysSoAndOffersConnect();
    void productionKeyShowsARedBadge();
    void findUserLoadsEverySessionInApiOrder();
    void clientSessions();
    void cancelMidFetchLeavesTheModelConsistent();
    void failedFetchShowsClerksMessageAndRetries();
    void rememberedKeyGoesToTheKeychainOnly();
    void noKeychainKeepsTheKeyInMemory();
    void closingWithRequestsInFlight();

private:
    ClerkConfig mockConfig(const QString &key = {}) const;
    void connectWindow();
    void waitForFetch();
    QAction *action(const char *name) const;
    void triggerAction(const char *name);
    MessageBanner *banner() const { return m_window->findChild<MessageBanner *>(); }
    QLabel *badge() const
    {
        return m_window->findChild<QLabel *>(QStringLiteral("environmentBadge"));
    }
    QString bulkUserId() const
    {
        const MockInstance &instance = m_server->instance();
        return instance.userId(instance.bulkUser(0));
    }
    // The session ids GET /sessions lists for the bulk user, in the API's order.
    QStringList apiOrder() const;

    QTemporaryDir m_settingsDir;
    std::unique_ptr<ClerkMockServer> m_server;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    std::shared_ptr<FakeKeychain> m_keychain;
};

void TstMainWindowLive::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    qunsetenv("CLERK_SECRET_KEY");
    qunsetenv("CLERK_API_URL");

    MockInstance::Options data;
    data.seed = 5;
    data.sessions = 2000;
    data.bulkUsers = {BulkSessions};
    ClerkMockServer::Options options;
    options.seed = 5;
    options.rateLimit = 0;
    m_server = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(data), options);
    QVERIFY(m_server->listen() != 0);
}

void TstMainWindowLive::init()
{
    QSettings().clear();
    m_server->setLatency(0);
    m_server->setFaultRates({});
    m_window = std::make_unique<MainWindow>();
    m_keychain = std::make_shared<FakeKeychain>();
    m_window->connectionController()->setKeychainBackend(
        std::make_unique<FakeKeychainBackend>(m_keychain));
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_window->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TstMainWindowLive::cleanup()
{
    m_tester.reset();
    m_window.reset();
}

ClerkConfig TstMainWindowLive::mockConfig(const QString &key) const
{
    ClerkConfig config;
    config.setSecretKey(key.isEmpty() ? m_server->secretKey() : key);
    config.setApiUrl(m_server->url().toString());
    ClerkConfig::RetryPolicy retry;
    retry.baseDelayMs = 20;
    retry.maxDelayMs = 40;
    retry.maxRetries = 2;
    config.setRetryPolicy(retry);
    return config;
}

QAction *TstMainWindowLive::action(const char *name) const
{
    return m_window->findChild<QAction *>(QLatin1StringView(name));
}

void TstMainWindowLive::triggerAction(const char *name)
{
    QAction *found = action(name);
    QVERIFY2(found, name);
    QVERIFY2(found->isEnabled(), name);
    found->trigger();
}

void TstMainWindowLive::connectWindow()
{
    m_window->connectToClerk(mockConfig());
    QTRY_COMPARE(m_window->connection()->state(), ClerkConnection::State::Connected);
}

void TstMainWindowLive::waitForFetch()
{
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->loadQueue()->isBusy(), 20'000);
}

QStringList TstMainWindowLive::apiOrder() const
{
    MockInstance &instance = m_server->instance();
    MockInstance::SessionFilter filter;
    filter.userId = bulkUserId();
    QStringList ids;
    for (int row : instance.sessions(filter))
        ids.append(instance.session(row).id);
    return ids;
}

void TstMainWindowLive::connectsThroughTheDialog()
{
    QVERIFY(!action("actionFindUser")->isEnabled());
    QVERIFY(badge()->isHidden() || !badge()->text().contains(QStringLiteral("DEVELOPMENT")));

    triggerAction("actionConnect");
    auto *dialog = m_window->findChild<ConnectDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto *url = dialog->findChild<QLineEdit *>(QStringLiteral("apiUrlEdit"));
    auto *key = dialog->findChild<QLineEdit *>(QStringLiteral("secretKeyEdit"));
    auto *connectButton = dialog->findChild<QPushButton *>(QStringLiteral("connectButton"));
    QVERIFY(url && key && connectButton);
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    url->clear();
    QTest::keyClicks(url, m_server->url().toString());
    key->clear();
    QTest::keyClicks(key, m_server->secretKey());
    QTRY_VERIFY(connectButton->isEnabled());
    QTest::mouseClick(connectButton, Qt::LeftButton);

    QTRY_COMPARE(m_window->connection()->state(), ClerkConnection::State::Connected);
    QVERIFY(!dialog->isVisible());
    QVERIFY(badge()->isVisible());
    QCOMPARE(badge()->text(), QStringLiteral("DEVELOPMENT · 127.0.0.1"));
    QVERIFY(action("actionFindUser")->isEnabled());
    QVERIFY(action("actionDisconnect")->isEnabled());
    QVERIFY(!action("actionReload")->isEnabled()); // nothing fetched yet
    // Not asked to remember: nothing in the keychain, and the key never in the settings.
    QVERIFY(m_keychain->keys.isEmpty());
    for (const QString &name : QSettings().allKeys())
        QVERIFY(!QSettings().value(name).toString().contains(m_server->secretKey()));

    triggerAction("actionDisconnect");
    QCOMPARE(m_window->connection()->state(), ClerkConnection::State::Disconnected);
    QVERIFY(!action("actionFindUser")->isEnabled());
    QVERIFY(badge()->isHidden() || !badge()->text().contains(QStringLiteral("DEVELOPMENT")));
}

void TstMainWindowLive::rejectedKeySaysSoAndOffersConnect()
{
    m_window->connectToClerk(mockConfig(QStringLiteral("sk_test_wrongwrongwrongwrongwrong0000")));
    QTRY_VERIFY(banner()->isVisible());
    QCOMPARE(m_window->connection()->state(), ClerkConnection::State::Disconnected);
    QVERIFY2(banner()->text().contains(QStringLiteral("the secret key was rejected")),
             qPrintable(banner()->text()));
    QVERIFY2(banner()->text().contains(QStringLiteral("trace id: ")), qPrintable(banner()->text()));
    QVERIFY(!banner()->text().contains(QStringLiteral("wrongwrongwrong")));
    QCOMPARE(banner()->actionText(), QStringLiteral("Connect…"));
    QVERIFY(!action("actionFindUser")->isEnabled());

    QTest::mouseClick(banner()->findChild<QPushButton *>(QStringLiteral("messageBannerAction")),
                      Qt::LeftButton);
    auto *dialog = m_window->findChild<ConnectDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->reject();
}

void TstMainWindowLive::productionKeyShowsARedBadge()
{
    // The mock only knows its test key, so a live key is rejected; the badge shows while the
    // key is being checked, and goes when it is refused.
    m_server->setLatency(300);
    m_window->connectToClerk(mockConfig(QStringLiteral("sk_live_0000000000000000000000000")));
    QCOMPARE(m_window->connection()->state(), ClerkConnection::State::Verifying);
    QVERIFY(badge()->isVisible());
    QCOMPARE(badge()->text(), QStringLiteral("PRODUCTION · 127.0.0.1"));
    QVERIFY(badge()->styleSheet().contains(QStringLiteral("#"))); // coloured, not plain
    QTRY_COMPARE(m_window->connection()->state(), ClerkConnection::State::Disconnected);
    QVERIFY(badge()->isHidden() || !badge()->text().contains(QStringLiteral("PRODUCTION")));
}

void TstMainWindowLive::findUserLoadsEverySessionInApiOrder()
{
    connectWindow();
    triggerAction("actionFindUser");
    FindUserDialog *find = m_window->findChild<FindUserDialog *>();
    QVERIFY(find);
    QTRY_VERIFY(find->isVisible());
    auto *edit = find->findChild<QLineEdit *>(QStringLiteral("searchEdit"));
    QVERIFY(edit);
    QTest::keyClicks(edit, BulkEmail);
    QTest::keyClick(edit, Qt::Key_Return);
    auto *users = find->findChild<QTableView *>(QStringLiteral("userTable"));
    QTRY_COMPARE(users->model()->rowCount(), 1);
    users->selectRow(0);
    auto *show = find->findChild<QPushButton *>(QStringLiteral("showSessionsButton"));
    QTRY_VERIFY(show->isEnabled());

    QSignalSpy inserts(m_window->model(), &QAbstractItemModel::rowsInserted);
    QTest::mouseClick(show, Qt::LeftButton);
    QVERIFY(!find->isVisible());
    QVERIFY(m_window->loadQueue()->isBusy());
    waitForFetch();

    SessionTableModel *model = m_window->model();
    QCOMPARE(model->rowCount(), BulkSessions);
    QCOMPARE(inserts.count(), 3); // one insert per page of 500
    // In the API's order, without duplicates.
    const QStringList expected = apiOrder();
    QCOMPARE(expected.size(), BulkSessions);
    QSet<QString> seen;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QString id = model->index(row, SessionTableModel::SessionId).data().toString();
        QCOMPARE(id, expected.at(row));
        seen.insert(id);
    }
    QCOMPARE(seen.size(), BulkSessions);
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("rowCountLabel"))->text(),
             QStringLiteral("1,234 sessions"));
    QVERIFY2(m_window->windowTitle().contains(BulkEmail), qPrintable(m_window->windowTitle()));
    QVERIFY(!banner()->isVisible());
    QVERIFY(action("actionReload")->isEnabled());

    // Reload fetches the same listing again, into a fresh table.
    triggerAction("actionReload");
    QVERIFY(m_window->loadQueue()->isBusy());
    waitForFetch();
    QCOMPARE(model->rowCount(), BulkSessions);
}

void TstMainWindowLive::clientSessions()
{
    connectWindow();
    MockInstance &instance = m_server->instance();
    const int row = instance.findSession(apiOrder().first());
    const QString clientId = instance.clientId(instance.sessionClient(row));
    MockInstance::SessionFilter filter;
    filter.clientId = clientId;
    const qsizetype expected = qsizetype(instance.sessions(filter).size());

    FindUserDialog *find = m_window->showFindUser();
    QVERIFY(find);
    auto *edit = find->findChild<QLineEdit *>(QStringLiteral("clientEdit"));
    QTest::keyClicks(edit, clientId);
    auto *show = find->findChild<QPushButton *>(QStringLiteral("showClientButton"));
    QTRY_VERIFY(show->isEnabled());
    QTest::mouseClick(show, Qt::LeftButton);
    waitForFetch();
    QCOMPARE(m_window->model()->rowCount(), expected);
    QVERIFY(m_window->windowTitle().contains(clientId));
}

void TstMainWindowLive::cancelMidFetchLeavesTheModelConsistent()
{
    connectWindow();
    m_server->setLatency(150);
    ClerkClient::SessionQuery query;
    query.userId = bulkUserId();
    QSignalSpy progress(m_window->loadQueue(), &SessionLoadQueue::fetchProgress);
    m_window->fetchSessions(query, BulkEmail);
    QTRY_VERIFY(progress.count() >= 1); // the first page is in
    auto *cancel = m_window->findChild<QPushButton *>(QStringLiteral("cancelLoadButton"));
    QVERIFY(cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(!m_window->loadQueue()->isBusy());

    SessionTableModel *model = m_window->model();
    const int rows = model->rowCount();
    QVERIFY(rows >= 500 && rows < BulkSessions);
    QCOMPARE(rows % 500, 0); // whole pages only
    QCOMPARE(qsizetype(model->store().size()), qsizetype(rows));
    const QStringList expected = apiOrder();
    for (int row = 0; row < rows; ++row)
        QCOMPARE(model->index(row, SessionTableModel::SessionId).data().toString(),
                 expected.at(row));
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("loadLabel"))
                ->text()
                .startsWith(QStringLiteral("Cancelled after")));
    QTest::qWait(400); // answers still on their way change nothing
    QCOMPARE(model->rowCount(), rows);
    QVERIFY(!banner()->isVisible() || banner()->actionText().isEmpty());
}

void TstMainWindowLive::failedFetchShowsClerksMessageAndRetries()
{
    connectWindow();
    m_server->setLatency(100);
    ClerkClient::SessionQuery query;
    query.userId = bulkUserId();
    // After the first page, every answer is a 503: the GET retries, then gives up.
    connect(
        m_window->loadQueue(), &SessionLoadQueue::fetchProgress, this,
        [this] {
            FaultInjector::Rates rates;
            rates.serverError = 1.0;
            m_server->setFaultRates(rates);
        },
        Qt::SingleShotConnection);
    m_window->fetchSessions(query, BulkEmail);
    waitForFetch();

    const int rows = m_window->model()->rowCount();
    QVERIFY(rows >= 500 && rows < BulkSessions);
    QTRY_VERIFY(banner()->isVisible());
    const QString text = banner()->text();
    QVERIFY2(text.contains(QStringLiteral(" of 1,234 sessions loaded, then: ")), qPrintable(text));
    QCOMPARE(banner()->actionText(), QStringLiteral("Retry"));

    m_server->setFaultRates({});
    QTest::mouseClick(banner()->findChild<QPushButton *>(QStringLiteral("messageBannerAction")),
                      Qt::LeftButton);
    QVERIFY(m_window->loadQueue()->isBusy());
    waitForFetch();
    SessionTableModel *model = m_window->model();
    QCOMPARE(model->rowCount(), BulkSessions);
    const QStringList expected = apiOrder();
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, SessionTableModel::SessionId).data().toString(),
                 expected.at(row));
    QVERIFY(!banner()->isVisible());
}

void TstMainWindowLive::rememberedKeyGoesToTheKeychainOnly()
{
    ConnectDialog *dialog = m_window->connectionController()->showConnectDialog();
    dialog->setApiUrl(m_server->url().toString());
    dialog->setSecretKey(m_server->secretKey());
    dialog->findChild<QCheckBox *>(QStringLiteral("rememberCheck"))->setChecked(true);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("connectButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(m_window->connection()->state(), ClerkConnection::State::Connected);
    const QString url = m_server->url().toString();
    QTRY_COMPARE(m_keychain->keys.value(url), m_server->secretKey());
    // The keychain's answer reaches the controller from the event loop, and only then do the
    // settings say the key is there: wait for that, as the next start reads it.
    QTRY_VERIFY([] {
        QSettings current;
        return ConnectionSettings::load(current).keyInKeychain;
    }());
    QSettings settings;
    settings.sync();
    for (const QString &name : settings.allKeys())
        QVERIFY(!settings.value(name).toString().contains(m_server->secretKey()));

    // A new window connects again by itself with the key from the keychain.
    m_tester.reset();
    m_window = std::make_unique<MainWindow>();
    m_window->connectionController()->setKeychainBackend(
        std::make_unique<FakeKeychainBackend>(m_keychain));
    m_window->connectionController()->restore();
    QTRY_COMPARE(m_window->connection()->state(), ClerkConnection::State::Connected);
    QCOMPARE(m_window->connection()->config().apiUrl().toString(), url);
}

void TstMainWindowLive::noKeychainKeepsTheKeyInMemory()
{
    m_keychain->available = false;
    ConnectDialog *dialog = m_window->connectionController()->showConnectDialog();
    dialog->setApiUrl(m_server->url().toString());
    dialog->setSecretKey(m_server->secretKey());
    dialog->setRemember(true);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("connectButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(m_window->connection()->state(), ClerkConnection::State::Connected);
    QTRY_VERIFY(banner()->isVisible());
    QCOMPARE(banner()->text(), KeychainStore::noKeychainMessage());
    QVERIFY(m_keychain->keys.isEmpty());
    // Still connected, with the key in memory: a search works.
    FindUserDialog *find = m_window->showFindUser();
    find->setSearchText(BulkEmail);
    find->search();
    QTRY_COMPARE(find->findChild<QTableView *>(QStringLiteral("userTable"))->model()->rowCount(),
                 1);
}

void TstMainWindowLive::closingWithRequestsInFlight()
{
    // Under ASan (see README) this also proves nothing leaks or is used after it is freed.
    connectWindow();
    m_server->setLatency(300);
    ClerkClient::SessionQuery query;
    query.userId = bulkUserId();
    m_window->fetchSessions(query, BulkEmail);
    FindUserDialog *find = m_window->showFindUser();
    find->setSearchText(QStringLiteral("a"));
    find->search();
    QTest::qWait(50);
    QVERIFY(m_window->loadQueue()->isBusy());
    m_tester.reset();
    m_window->close();
    m_window.reset();
    QTest::qWait(600); // the answers arrive to nobody
}

QTEST_MAIN(TstMainWindowLive)
#include "tst_mainwindowlive.moc"

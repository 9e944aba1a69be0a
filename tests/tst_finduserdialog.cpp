// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Drives the real FindUserDialog on the offscreen platform against the in-process
// ClerkMockServer over loopback HTTP: type, press Enter, pick a user, ask for the sessions.

#include "clerkclient.h"
#include "clerkmockserver.h"
#include "finduserdialog.h"
#include "userlistmodel.h"

#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

namespace {
struct Request
{
    ClerkClient::SessionQuery query;
    QString label;
};

Request requestAt(const QSignalSpy &spy, int i)
{
    return {spy.at(i).at(0).value<ClerkClient::SessionQuery>(), spy.at(i).at(1).toString()};
}
} // namespace

class TestFindUserDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void enterSearchesAndShowSessionsAsks();
    void doubleClickShowsThatUser();
    void sortedTableStillPicksTheClickedUser();
    void noMatch();
    void clientIdPath();
    void wrongKeyShowsTheMessage();
    void emptyTextExplains();
    void closingStopsTheSearch();

private:
    ClerkConfig config(const QString &key) const;
    void makeDialog(ClerkClient *client);
    template<typename T>
    T *child(const char *name) const;
    void clickRow(int row);
    void typeAndEnter(const char *edit, const QString &text);

    std::unique_ptr<ClerkMockServer> m_mock;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ClerkClient> m_client;
    std::unique_ptr<FindUserDialog> m_dialog;
};

void TestFindUserDialog::init()
{
    MockInstance::Options instance;
    instance.seed = 23;
    instance.sessions = 400;
    m_mock = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(instance),
                                               ClerkMockServer::Options());
    QVERIFY(m_mock->listen() != 0);
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
    m_client = std::make_unique<ClerkClient>(m_manager.get(), config(m_mock->secretKey()));
    makeDialog(m_client.get());
}

void TestFindUserDialog::cleanup()
{
    m_dialog.reset();
    m_client.reset();
    m_manager.reset();
    m_mock.reset();
}

ClerkConfig TestFindUserDialog::config(const QString &key) const
{
    ClerkConfig config;
    config.setSecretKey(key);
    QString error;
    if (!config.setApiUrl(m_mock->url().toString(), &error))
        qWarning() << error;
    return config;
}

void TestFindUserDialog::makeDialog(ClerkClient *client)
{
    m_dialog = std::make_unique<FindUserDialog>(client);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

template<typename T>
T *TestFindUserDialog::child(const char *name) const
{
    T *widget = m_dialog->findChild<T *>(QLatin1StringView(name));
    if (!widget)
        qFatal("no %s named %s", T::staticMetaObject.className(), name);
    return widget;
}

void TestFindUserDialog::clickRow(int row)
{
    auto *table = child<QTableView>("userTable");
    const QRect rect = table->visualRect(table->model()->index(row, UserListModel::UserId));
    QVERIFY(rect.isValid());
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

void TestFindUserDialog::typeAndEnter(const char *edit, const QString &text)
{
    auto *line = child<QLineEdit>(edit);
    line->clear();
    QTest::keyClicks(line, text);
    QCOMPARE(line->text(), text);
    QTest::keyClick(line, Qt::Key_Return);
}

void TestFindUserDialog::enterSearchesAndShowSessionsAsks()
{
    const MockInstance &instance = m_mock->instance();
    const int user = 6;
    auto *table = child<QTableView>("userTable");
    auto *status = child<QLabel>("searchStatus");
    auto *show = child<QPushButton>("showSessionsButton");
    QCOMPARE(child<QLineEdit>("searchEdit")->placeholderText(),
             QStringLiteral("Email address, user ID or name"));
    QVERIFY(!show->isEnabled());
    QSignalSpy requested(m_dialog.get(), &FindUserDialog::sessionsRequested);

    typeAndEnter("searchEdit", instance.userEmail(user));
    QCOMPARE(status->text(), QStringLiteral("Searching…"));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    QCOMPARE(status->text(), QStringLiteral("1 user"));
    QVERIFY(m_dialog->isVisible()); // Enter searched; it did not press a button
    QCOMPARE(requested.size(), 0);
    QCOMPARE(table->model()->index(0, UserListModel::UserId).data().toString(),
             instance.userId(user));
    QCOMPARE(table->model()->index(0, UserListModel::EmailAddress).data().toString(),
             instance.userEmail(user));

    clickRow(0);
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QVERIFY(show->isEnabled());
    QTest::mouseClick(show, Qt::LeftButton);

    QCOMPARE(requested.size(), 1);
    const Request request = requestAt(requested, 0);
    QCOMPARE(request.query.userId, instance.userId(user));
    QCOMPARE(request.query.clientId, QString());
    QCOMPARE(request.query.status, QString());
    QCOMPARE(request.label,
             QStringLiteral("%1 %2 <%3>")
                 .arg(instance.userFirstName(user), instance.userLastName(user),
                      instance.userEmail(user)));
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
    QVERIFY(!m_dialog->isVisible());
}

void TestFindUserDialog::doubleClickShowsThatUser()
{
    const MockInstance &instance = m_mock->instance();
    auto *table = child<QTableView>("userTable");
    QSignalSpy requested(m_dialog.get(), &FindUserDialog::sessionsRequested);
    const QString ids =
        QStringLiteral("%1 %2 %3").arg(instance.userId(0), instance.userId(1), instance.userId(2));
    typeAndEnter("searchEdit", ids);
    QTRY_COMPARE(table->model()->rowCount(), 3);
    QCOMPARE(child<QLabel>("searchStatus")->text(), QStringLiteral("3 users"));
    QVERIFY(!child<QPushButton>("showSessionsButton")->isEnabled()); // none selected yet

    const QString second = table->model()->index(1, UserListModel::UserId).data().toString();
    QVERIFY(second.startsWith(QStringLiteral("user_")));
    const QRect rect = table->visualRect(table->model()->index(1, UserListModel::Name));
    // A double click as the window system delivers it: press, release, then the double click
    // (QTest's widget mouseDClick() sends the last one alone).
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(requested.size(), 0); // a click selects, nothing more
    QVERIFY(child<QPushButton>("showSessionsButton")->isEnabled());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requestAt(requested, 0).query.userId, second);
    QVERIFY(!m_dialog->isVisible());
}

void TestFindUserDialog::sortedTableStillPicksTheClickedUser()
{
    const MockInstance &instance = m_mock->instance();
    auto *table = child<QTableView>("userTable");
    QSignalSpy requested(m_dialog.get(), &FindUserDialog::sessionsRequested);
    QStringList ids;
    for (int user = 10; user < 16; ++user)
        ids.append(instance.userId(user));
    m_dialog->setSearchText(ids.join(u','));
    m_dialog->search();
    QTRY_COMPARE(table->model()->rowCount(), 6);

    table->sortByColumn(UserListModel::UserId, Qt::DescendingOrder);
    QStringList shown;
    for (int row = 0; row < 6; ++row)
        shown.append(table->model()->index(row, UserListModel::UserId).data().toString());
    QStringList expected = ids;
    std::sort(expected.begin(), expected.end(), std::greater<>());
    QCOMPARE(shown, expected);

    clickRow(4);
    QTest::mouseClick(child<QPushButton>("showSessionsButton"), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requestAt(requested, 0).query.userId, expected[4]);
}

void TestFindUserDialog::noMatch()
{
    auto *status = child<QLabel>("searchStatus");
    typeAndEnter("searchEdit", QStringLiteral("zz-nobody-qq"));
    QTRY_COMPARE(status->text(), QStringLiteral("No user matches “zz-nobody-qq”"));
    QCOMPARE(child<QTableView>("userTable")->model()->rowCount(), 0);
    QVERIFY(!child<QPushButton>("showSessionsButton")->isEnabled());
}

void TestFindUserDialog::clientIdPath()
{
    const MockInstance &instance = m_mock->instance();
    auto *edit = child<QLineEdit>("clientEdit");
    auto *button = child<QPushButton>("showClientButton");
    QSignalSpy requested(m_dialog.get(), &FindUserDialog::sessionsRequested);
    QVERIFY(!button->isEnabled());
    QTest::keyClicks(edit, QStringLiteral("user_2abc"));
    QVERIFY(!button->isEnabled());
    QTest::keyClick(edit, Qt::Key_Return); // not a client id: nothing happens
    QCOMPARE(requested.size(), 0);
    QVERIFY(m_dialog->isVisible());

    edit->clear();
    const QString client = instance.clientId(3);
    QVERIFY(client.startsWith(QStringLiteral("client_")));
    QTest::keyClicks(edit, QStringLiteral("  ") + client);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    const Request request = requestAt(requested, 0);
    QCOMPARE(request.query.clientId, client);
    QCOMPARE(request.query.userId, QString());
    QCOMPARE(request.label, client);
    QVERIFY(!m_dialog->isVisible());

    // Enter in the field does the same.
    makeDialog(m_client.get());
    QSignalSpy again(m_dialog.get(), &FindUserDialog::sessionsRequested);
    typeAndEnter("clientEdit", client);
    QCOMPARE(again.size(), 1);
    QCOMPARE(requestAt(again, 0).query.clientId, client);
}

void TestFindUserDialog::wrongKeyShowsTheMessage()
{
    ClerkClient rejected(m_manager.get(),
                         config(QStringLiteral("sk_test_not_the_mock_key_0000000000")));
    makeDialog(&rejected);
    QSignalSpy answered(m_mock.get(), &ClerkMockServer::answered);
    // Rows from an earlier search must not stay under the error.
    UserSummary old;
    old.id = QStringLiteral("user_old");
    m_dialog->model()->setUsers({old});
    typeAndEnter("searchEdit", QStringLiteral("jane@example.com"));
    QTRY_COMPARE(answered.size(), 1);
    const QString traceId = QString::fromLatin1(answered.first().at(1).toByteArray());
    QVERIFY(!traceId.isEmpty());
    QTRY_COMPARE(child<QLabel>("searchStatus")->text(),
                 QStringLiteral("The secret key was rejected: The provided Clerk Secret Key is "
                                "invalid. Make sure that your Clerk Secret Key is correct. "
                                "(trace id: %1)")
                     .arg(traceId));
    QCOMPARE(m_dialog->model()->rowCount(), 0);
    QVERIFY(!child<QPushButton>("showSessionsButton")->isEnabled());
    m_dialog.reset(); // before the client it uses
}

void TestFindUserDialog::emptyTextExplains()
{
    typeAndEnter("searchEdit", QStringLiteral("   "));
    QTRY_COMPARE(child<QLabel>("searchStatus")->text(),
                 QStringLiteral("Nothing to search for: type an email address, a user ID or a "
                                "name"));
    QCOMPARE(m_mock->requestCount(), 0);
}

void TestFindUserDialog::closingStopsTheSearch()
{
    m_mock->setLatency(300);
    QTest::mouseClick(child<QPushButton>("searchButton"), Qt::LeftButton); // empty: no request
    m_dialog->setSearchText(QStringLiteral("a"));
    QTest::mouseClick(child<QPushButton>("searchButton"), Qt::LeftButton);
    QVERIFY(m_dialog->userSearch()->isRunning());
    QCOMPARE(m_client->pendingCount(), 1);
    QTest::keyClick(m_dialog.get(), Qt::Key_Escape);
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(m_dialog->result(), int(QDialog::Rejected));
    QVERIFY(!m_dialog->userSearch()->isRunning());
    QCOMPARE(m_client->pendingCount(), 0);
    QCOMPARE(child<QLabel>("searchStatus")->text(), QStringLiteral("Search cancelled"));
    QTest::qWait(400);
    QCOMPARE(m_dialog->model()->rowCount(), 0);
}

QTEST_MAIN(TestFindUserDialog)
#include "tst_finduserdialog.moc"

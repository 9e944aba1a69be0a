// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkconfig.h"
#include "connectdialog.h"
#include "environmentbadge.h"

#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString TestKey = QStringLiteral("sk_test_4eC39HqLyjWDarjtT1zdp7dcabcd");
const QString LiveKey = QStringLiteral("sk_live_51HqLyjWDarjtT1zdp7dc9xyzQRST");

template<typename T>
T *child(QWidget *parent, const char *name)
{
    auto *found = parent->findChild<T *>(QLatin1StringView(name));
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

// Replaces the field's text the way a person does: select all, type.
void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace

class TestConnectDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void defaults();
    void fromEnvironment();
    void keyKindLine_data();
    void keyKindLine();
    void connectNeedsAUsableKey();
    void plainHttpOnlyToLoopback();
    void configIsWhatWasTyped();
    void showHideKey();
    void closingForgetsTheKey();
    void enterDoesNotGetPastAnError();
    void badgeTexts();
    void badgeFromConfig();

private:
    ConnectDialog *m_dialog = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_key = nullptr;
    QLabel *m_kind = nullptr;
    QLabel *m_urlError = nullptr;
    QPushButton *m_connect = nullptr;
    QCheckBox *m_remember = nullptr;
};

void TestConnectDialog::initTestCase()
{
    qunsetenv("CLERK_API_URL");
    qunsetenv("CLERK_SECRET_KEY");
}

void TestConnectDialog::init()
{
    m_dialog = new ConnectDialog;
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog));
    QVERIFY(m_url = child<QLineEdit>(m_dialog, "apiUrlEdit"));
    QVERIFY(m_key = child<QLineEdit>(m_dialog, "secretKeyEdit"));
    QVERIFY(m_kind = child<QLabel>(m_dialog, "keyKindLabel"));
    QVERIFY(m_urlError = child<QLabel>(m_dialog, "urlErrorLabel"));
    QVERIFY(m_connect = child<QPushButton>(m_dialog, "connectButton"));
    QVERIFY(m_remember = child<QCheckBox>(m_dialog, "rememberCheck"));
}

void TestConnectDialog::cleanup()
{
    delete m_dialog;
    m_dialog = nullptr;
}

void TestConnectDialog::defaults()
{
    QCOMPARE(m_url->text(), QStringLiteral("https://api.clerk.com"));
    QCOMPARE(m_key->text(), QString());
    QCOMPARE(m_key->echoMode(), QLineEdit::Password);
    QVERIFY(!m_urlError->isVisible());
    QVERIFY(!m_connect->isEnabled());
    QVERIFY(!m_remember->isChecked());
    QVERIFY(!m_dialog->rememberKey());
    QCOMPARE(m_kind->text(),
             QStringLiteral("Paste the secret key from the Clerk Dashboard, API keys."));
    QCOMPARE(m_dialog->validationError(),
             QStringLiteral("no secret key is set (CLERK_SECRET_KEY, or Connect)"));
}

void TestConnectDialog::fromEnvironment()
{
    qputenv("CLERK_API_URL", "http://127.0.0.1:4010");
    qputenv("CLERK_SECRET_KEY", LiveKey.toLatin1());
    ConnectDialog dialog;
    qunsetenv("CLERK_API_URL");
    qunsetenv("CLERK_SECRET_KEY");
    QCOMPARE(child<QLineEdit>(&dialog, "apiUrlEdit")->text(),
             QStringLiteral("http://127.0.0.1:4010"));
    QCOMPARE(child<QLineEdit>(&dialog, "secretKeyEdit")->text(), LiveKey);
    QCOMPARE(child<QLineEdit>(&dialog, "secretKeyEdit")->echoMode(), QLineEdit::Password);
    QVERIFY(child<QPushButton>(&dialog, "connectButton")->isEnabled());
    QCOMPARE(dialog.config().apiUrl(), QUrl(QStringLiteral("http://127.0.0.1:4010")));
}

void TestConnectDialog::keyKindLine_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("red");
    QTest::newRow("sk_test_") << TestKey
                              << QStringLiteral("Development instance (sk_test_…): 100 requests "
                                                "per 10 s")
                              << false;
    QTest::newRow("sk_live_") << LiveKey << QStringLiteral("Production instance (sk_live_…)")
                              << true;
    QTest::newRow("garbage") << QStringLiteral("hunter2")
                             << QStringLiteral("Not a Clerk secret key: it should start with "
                                               "sk_test_ or sk_live_")
                             << false;
    QTest::newRow("publishable") << QStringLiteral("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
                                 << QStringLiteral("Not a Clerk secret key: it should start with "
                                                   "sk_test_ or sk_live_")
                                 << false;
}

void TestConnectDialog::keyKindLine()
{
    QFETCH(QString, key);
    QFETCH(QString, text);
    QFETCH(bool, red);
    QTest::keyClicks(m_key, key);
    QCOMPARE(m_key->text(), key);
    QCOMPARE(m_kind->text(), text);
    QCOMPARE(ConnectDialog::keyKindText(key), text);
    QCOMPARE(m_kind->styleSheet().contains(QLatin1StringView("#c62828")), red);
    // The config is usable either way: an unknown key is said, not refused.
    QVERIFY(m_connect->isEnabled());
}

void TestConnectDialog::connectNeedsAUsableKey()
{
    QVERIFY(!m_connect->isEnabled());
    QTest::keyClicks(m_key, QStringLiteral("sk_test_"));
    QVERIFY(m_connect->isEnabled());
    QTest::keyClicks(m_key, QStringLiteral("ab cd")); // a space inside: pasted wrong
    QVERIFY(!m_connect->isEnabled());
    QCOMPARE(m_kind->text(),
             QStringLiteral("The secret key holds characters no key has (spaces, line breaks or "
                            "non-ASCII letters): was it pasted whole?"));
    retype(m_key, QString());
    QVERIFY(!m_connect->isEnabled());
    QTest::keyClicks(m_key, LiveKey);
    QVERIFY(m_connect->isEnabled());
    QCOMPARE(m_dialog->validationError(), QString());
}

void TestConnectDialog::plainHttpOnlyToLoopback()
{
    QTest::keyClicks(m_key, TestKey);
    retype(m_url, QStringLiteral("http://example.com"));
    QCOMPARE(m_url->text(), QStringLiteral("http://example.com"));
    QVERIFY(m_urlError->isVisible());
    QString error;
    QVERIFY(!ClerkConfig().setApiUrl(QStringLiteral("http://example.com"), &error));
    QVERIFY(error.startsWith(QLatin1StringView("plain http is refused for example.com")));
    QCOMPARE(m_urlError->text(), QLatin1Char('P') + error.mid(1));
    QCOMPARE(m_dialog->validationError(), error);
    QVERIFY(!m_connect->isEnabled());

    retype(m_url, QStringLiteral("http://127.0.0.1:8080"));
    QVERIFY(!m_urlError->isVisible());
    QVERIFY(m_connect->isEnabled());
    QCOMPARE(m_dialog->config().apiUrl(), QUrl(QStringLiteral("http://127.0.0.1:8080")));

    retype(m_url, QStringLiteral("ftp://api.clerk.com"));
    QVERIFY(m_urlError->isVisible());
    QCOMPARE(m_urlError->text(),
             QStringLiteral("\"ftp://api.clerk.com\" is not an http or https "
                            "URL (for example https://api.clerk.com)"));
    QVERIFY(!m_connect->isEnabled());

    retype(m_url, QString());
    QCOMPARE(m_urlError->text(), QStringLiteral("The API URL is empty"));
    QVERIFY(!m_connect->isEnabled());
}

void TestConnectDialog::configIsWhatWasTyped()
{
    retype(m_url, QStringLiteral("https://clerk.internal.example.com/"));
    QTest::keyClicks(m_key, LiveKey);
    QTest::mouseClick(m_remember, Qt::LeftButton, {}, QPoint(8, m_remember->height() / 2));
    QVERIFY(m_dialog->rememberKey());

    const ClerkConfig config = m_dialog->config();
    QCOMPARE(config.apiUrl(), QUrl(QStringLiteral("https://clerk.internal.example.com")));
    QCOMPARE(config.secretKey(), LiveKey);
    QCOMPARE(config.keyKind(), ClerkConfig::KeyKind::Production);
    QVERIFY(config.isValid());

    m_dialog->setApiUrl(QStringLiteral("http://localhost:4010"));
    m_dialog->setSecretKey(QStringLiteral("  ") + TestKey + QStringLiteral("\n"));
    m_dialog->setRemember(false);
    QCOMPARE(m_key->text(), TestKey);
    QCOMPARE(m_dialog->config().apiUrl(), QUrl(QStringLiteral("http://localhost:4010")));
    QCOMPARE(m_dialog->config().secretKey(), TestKey);
    QVERIFY(!m_remember->isChecked());
}

void TestConnectDialog::showHideKey()
{
    auto *toggle = m_dialog->findChild<QAction *>(QStringLiteral("showKeyAction"));
    QVERIFY(toggle);
    QVERIFY(toggle->isCheckable());
    QCOMPARE(m_key->echoMode(), QLineEdit::Password);
    toggle->trigger();
    QCOMPARE(m_key->echoMode(), QLineEdit::Normal);
    QCOMPARE(toggle->toolTip(), QStringLiteral("Hide the key"));
    toggle->trigger();
    QCOMPARE(m_key->echoMode(), QLineEdit::Password);
    QCOMPARE(toggle->toolTip(), QStringLiteral("Show the key"));
}

void TestConnectDialog::closingForgetsTheKey()
{
    QSignalSpy requested(m_dialog, &ConnectDialog::connectRequested);
    QSignalSpy accepted(m_dialog, &QDialog::accepted);
    QTest::keyClicks(m_key, LiveKey);
    m_dialog->findChild<QAction *>(QStringLiteral("showKeyAction"))->trigger();
    QTest::mouseClick(m_connect, Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
    QVERIFY(!m_dialog->isVisible());

    QCOMPARE(m_key->text(), QString());
    QVERIFY(!m_key->isUndoAvailable());
    QCOMPARE(m_key->echoMode(), QLineEdit::Password);
    // What was accepted is still there for whoever connects.
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).value<ClerkConfig>().secretKey(), LiveKey);
    QCOMPARE(requested.at(0).at(1).toBool(), false);
    QCOMPARE(m_dialog->config().secretKey(), LiveKey);

    // Shown again: the accepted config is gone with the text.
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog));
    QVERIFY(!m_dialog->config().hasSecretKey());

    QTest::keyClicks(m_key, TestKey);
    m_dialog->reject();
    QCOMPARE(m_key->text(), QString());
    QVERIFY(!m_key->isUndoAvailable());
    QVERIFY(!m_dialog->config().hasSecretKey());
    QCOMPARE(requested.size(), 1);
}

void TestConnectDialog::enterDoesNotGetPastAnError()
{
    QSignalSpy accepted(m_dialog, &QDialog::accepted);
    QTest::keyClicks(m_key, TestKey);
    retype(m_url, QStringLiteral("http://example.com"));
    QTest::keyClick(m_url, Qt::Key_Return);
    m_dialog->accept();
    QCOMPARE(accepted.size(), 0);
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(m_key->text(), TestKey);

    retype(m_url, QStringLiteral("https://api.clerk.com"));
    QTest::keyClick(m_url, Qt::Key_Return);
    QCOMPARE(accepted.size(), 1);
}

void TestConnectDialog::badgeTexts()
{
    EnvironmentBadge badge;
    QCOMPARE(badge.objectName(), QStringLiteral("environmentBadge"));
    QCOMPARE(badge.text(), QStringLiteral("Not connected"));
    QVERIFY(!badge.isConnected());

    badge.showConnection(ClerkConfig::KeyKind::Development, QStringLiteral("api.clerk.com"),
                         QStringLiteral("sk_test_…abcd"));
    QCOMPARE(badge.text(), QStringLiteral("DEVELOPMENT · api.clerk.com"));
    QVERIFY(badge.isConnected());
    QCOMPARE(badge.kind(), ClerkConfig::KeyKind::Development);
    QVERIFY(badge.toolTip().contains(QStringLiteral("sk_test_…abcd")));
    QVERIFY(!badge.styleSheet().contains(QLatin1StringView("#c62828")));

    badge.showConnection(ClerkConfig::KeyKind::Production, QStringLiteral("api.clerk.com"));
    QCOMPARE(badge.text(), QStringLiteral("PRODUCTION · api.clerk.com"));
    QVERIFY(badge.styleSheet().contains(QLatin1StringView("background: #c62828")));
    QVERIFY(badge.styleSheet().contains(QLatin1StringView("font-weight: bold")));

    badge.showConnection(ClerkConfig::KeyKind::Unknown, QString());
    QCOMPARE(badge.text(), QStringLiteral("UNKNOWN KEY"));
    badge.showConnection(ClerkConfig::KeyKind::Unknown, QStringLiteral("api.clerk.com"));
    QCOMPARE(badge.text(), QStringLiteral("UNKNOWN KEY · api.clerk.com"));

    badge.showDisconnected();
    QCOMPARE(badge.text(), QStringLiteral("Not connected"));
    QVERIFY(!badge.isConnected());
}

void TestConnectDialog::badgeFromConfig()
{
    ClerkConfig config;
    QVERIFY(config.setApiUrl(QStringLiteral("http://127.0.0.1:8080")));
    config.setSecretKey(LiveKey);
    EnvironmentBadge badge;
    badge.showConfig(config);
    QCOMPARE(badge.text(), QStringLiteral("PRODUCTION · 127.0.0.1:8080"));
    QVERIFY(badge.toolTip().contains(QStringLiteral("sk_live_…QRST")));
    QVERIFY(!badge.toolTip().contains(LiveKey));
}

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkconfig.h"

#include <QDebug>
#include <QTest>

class TestClerkConfig : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void keyKindAndRedaction_data();
    void keyKindAndRedaction();
    void apiUrl_data();
    void apiUrl();
    void fromEnvironment();
    void debugNeverShowsTheKey();
    void validation();
};

void TestClerkConfig::defaults()
{
    const ClerkConfig config;
    QCOMPARE(config.apiUrl(), QUrl(QStringLiteral("https://api.clerk.com")));
    QCOMPARE(config.baseUrl(), QUrl(QStringLiteral("https://api.clerk.com/v1")));
    QCOMPARE(config.endpoint(QStringLiteral("sessions/sess_1/revoke")),
             QUrl(QStringLiteral("https://api.clerk.com/v1/sessions/sess_1/revoke")));
    QCOMPARE(config.timeoutMs(), 30'000);
    QCOMPARE(ClerkConfig::userAgent(), QByteArray("SessionDesk/" SESSIONDESK_VERSION));
    QVERIFY(ClerkConfig::userAgent().startsWith("SessionDesk/0."));
}

void TestClerkConfig::keyKindAndRedaction_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("redacted");
    QTest::addColumn<int>("rateLimit");
    const int dev = int(ClerkConfig::KeyKind::Development);
    const int prod = int(ClerkConfig::KeyKind::Production);
    const int unknown = int(ClerkConfig::KeyKind::Unknown);
    QTest::newRow("test") << QStringLiteral("sk_test_4eC39HqLyjWDarjtT1zdp7dcabcd") << dev
                          << QStringLiteral("sk_test_…abcd") << 100;
    QTest::newRow("live") << QStringLiteral("sk_live_51HqLyjWDarjtT1zdp7dc9xyz") << prod
                          << QStringLiteral("sk_live_…9xyz") << 1000;
    QTest::newRow("short") << QStringLiteral("sk_test_abc") << dev << QStringLiteral("sk_test_…")
                           << 100;
    QTest::newRow("other") << QStringLiteral("pk_test_0123456789abcdef") << unknown
                           << QStringLiteral("…cdef") << 100;
    QTest::newRow("empty") << QString() << unknown << QStringLiteral("…") << 100;
}

void TestClerkConfig::keyKindAndRedaction()
{
    QFETCH(QString, key);
    QFETCH(int, kind);
    QFETCH(QString, redacted);
    QFETCH(int, rateLimit);
    ClerkConfig config;
    config.setSecretKey(QStringLiteral("  ") + key + QStringLiteral("\n"));
    QCOMPARE(config.secretKey(), key);
    QCOMPARE(int(config.keyKind()), kind);
    QCOMPARE(config.redactedKey(), redacted);
    QCOMPARE(config.rateLimit(), rateLimit);
    QCOMPARE(config.rateWindowMs(), qint64(10'000));
    if (key.size() > 12)
        QVERIFY(!config.redactedKey().contains(key.mid(8, 8)));
    config.setRateLimit(7, 500);
    QCOMPARE(config.rateLimit(), 7);
    QCOMPARE(config.rateWindowMs(), qint64(500));
    config.setRateLimit(0);
    QCOMPARE(config.rateLimit(), rateLimit);
}

void TestClerkConfig::apiUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("base"); // empty: refused
    QTest::addColumn<QString>("error");
    QTest::newRow("default") << QStringLiteral("https://api.clerk.com")
                             << QStringLiteral("https://api.clerk.com/v1") << QString();
    QTest::newRow("trailing slash") << QStringLiteral("https://api.clerk.com/")
                                    << QStringLiteral("https://api.clerk.com/v1") << QString();
    QTest::newRow("already v1") << QStringLiteral("https://api.clerk.com/v1")
                                << QStringLiteral("https://api.clerk.com/v1") << QString();
    QTest::newRow("proxy path") << QStringLiteral("https://gw.example.com/clerk")
                                << QStringLiteral("https://gw.example.com/clerk/v1") << QString();
    QTest::newRow("loopback http") << QStringLiteral("http://127.0.0.1:8080")
                                   << QStringLiteral("http://127.0.0.1:8080/v1") << QString();
    QTest::newRow("localhost http") << QStringLiteral("http://LOCALHOST:9")
                                    << QStringLiteral("http://localhost:9/v1") << QString();
    QTest::newRow("ipv6 loopback") << QStringLiteral("http://[::1]:8080")
                                   << QStringLiteral("http://[::1]:8080/v1") << QString();
    QTest::newRow("127.0.0.2") << QStringLiteral("http://127.0.0.2")
                               << QStringLiteral("http://127.0.0.2/v1") << QString();
    QTest::newRow("plain http") << QStringLiteral("http://api.clerk.com") << QString()
                                << QStringLiteral(
                                       "plain http is refused for api.clerk.com: the secret key "
                                       "would cross the network unencrypted; use https (http is "
                                       "allowed only to localhost, 127.0.0.1 or ::1)");
    QTest::newRow("http lan") << QStringLiteral("http://192.168.1.10:8080") << QString()
                              << QStringLiteral(
                                     "plain http is refused for 192.168.1.10: the secret key "
                                     "would cross the network unencrypted; use https (http is "
                                     "allowed only to localhost, 127.0.0.1 or ::1)");
    QTest::newRow("ftp") << QStringLiteral("ftp://api.clerk.com") << QString()
                         << QStringLiteral("\"ftp://api.clerk.com\" is not an http or https URL "
                                           "(for example https://api.clerk.com)");
    QTest::newRow("no scheme") << QStringLiteral("api.clerk.com") << QString()
                               << QStringLiteral("\"api.clerk.com\" is not an http or https URL "
                                                 "(for example https://api.clerk.com)");
    QTest::newRow("user info") << QStringLiteral("https://me:pw@api.clerk.com") << QString()
                               << QStringLiteral(
                                      "the API URL must not hold a user name or password");
    QTest::newRow("query") << QStringLiteral("https://api.clerk.com?x=1") << QString()
                           << QStringLiteral("the API URL must not have a query or fragment");
    QTest::newRow("empty") << QStringLiteral(" ") << QString()
                           << QStringLiteral("the API URL is empty");
}

void TestClerkConfig::apiUrl()
{
    QFETCH(QString, text);
    QFETCH(QString, base);
    QFETCH(QString, error);
    ClerkConfig config;
    QString message;
    const bool ok = config.setApiUrl(text, &message);
    QCOMPARE(ok, !base.isEmpty());
    QCOMPARE(message, error);
    if (ok)
        QCOMPARE(config.baseUrl().toString(), base);
    else // unchanged
        QCOMPARE(config.baseUrl().toString(), QStringLiteral("https://api.clerk.com/v1"));
}

void TestClerkConfig::fromEnvironment()
{
    qputenv("CLERK_SECRET_KEY", "sk_live_0123456789abcdefWXYZ");
    qputenv("CLERK_API_URL", "http://127.0.0.1:4010");
    ClerkConfig config = ClerkConfig::fromEnvironment();
    QCOMPARE(config.secretKey(), QStringLiteral("sk_live_0123456789abcdefWXYZ"));
    QCOMPARE(config.keyKind(), ClerkConfig::KeyKind::Production);
    QCOMPARE(config.baseUrl().toString(), QStringLiteral("http://127.0.0.1:4010/v1"));
    QVERIFY(config.isValid());

    qputenv("CLERK_API_URL", "http://clerk.example.com");
    config = ClerkConfig::fromEnvironment();
    QVERIFY(!config.isValid());
    QVERIFY2(config.validationError().startsWith(
                 QStringLiteral("CLERK_API_URL: plain http is refused for clerk.example.com")),
             qPrintable(config.validationError()));

    qunsetenv("CLERK_API_URL");
    qunsetenv("CLERK_SECRET_KEY");
    config = ClerkConfig::fromEnvironment();
    QCOMPARE(config.baseUrl().toString(), QStringLiteral("https://api.clerk.com/v1"));
    QCOMPARE(config.validationError(),
             QStringLiteral("no secret key is set (CLERK_SECRET_KEY, or Connect)"));
}

void TestClerkConfig::debugNeverShowsTheKey()
{
    ClerkConfig config;
    config.setSecretKey(QStringLiteral("sk_test_SECRETSECRETSECRET1234"));
    QString text;
    QDebug(&text) << config;
    QVERIFY(!text.contains(QStringLiteral("SECRET")));
    QVERIFY2(text.contains(QStringLiteral("sk_test_…1234")), qPrintable(text));
}

void TestClerkConfig::validation()
{
    ClerkConfig config;
    config.setSecretKey(QStringLiteral("sk_test_abc def"));
    QVERIFY(config.validationError().startsWith(QStringLiteral("the secret key holds")));
    config.setSecretKey(QStringLiteral("sk_test_abcdef"));
    QVERIFY(config.isValid());
    config.setTimeoutMs(0);
    QCOMPARE(config.timeoutMs(), ClerkConfig::DefaultTimeoutMs);
    config.setTimeoutMs(1500);
    QCOMPARE(config.timeoutMs(), 1500);
}

QTEST_GUILESS_MAIN(TestClerkConfig)
#include "tst_clerkconfig.moc"

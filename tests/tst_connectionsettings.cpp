// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "clerkconfig.h"
#include "connectionsettings.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestConnectionSettings : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void emptyByDefault();
    void roundTrip();
    void emptyUrlIsRemoved();
    void keyNeverInTheFile();

private:
    QString iniPath() const { return m_dir.filePath(QStringLiteral("sessiondesk.ini")); }

    QTemporaryDir m_dir;
};

void TestConnectionSettings::init()
{
    QVERIFY(m_dir.isValid());
    QFile::remove(iniPath());
}

void TestConnectionSettings::emptyByDefault()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    const ConnectionSettings loaded = ConnectionSettings::load(settings);
    QCOMPARE(loaded.apiUrl, QString());
    QCOMPARE(loaded.keyInKeychain, false);
}

void TestConnectionSettings::roundTrip()
{
    {
        QSettings settings(iniPath(), QSettings::IniFormat);
        ConnectionSettings{QStringLiteral("http://127.0.0.1:8080"), true}.save(settings);
    }
    QSettings settings(iniPath(), QSettings::IniFormat);
    QCOMPARE(settings.value(QStringLiteral("connection/apiUrl")).toString(),
             QStringLiteral("http://127.0.0.1:8080"));
    QCOMPARE(settings.value(QStringLiteral("connection/keyInKeychain")).toBool(), true);
    const ConnectionSettings loaded = ConnectionSettings::load(settings);
    QCOMPARE(loaded, (ConnectionSettings{QStringLiteral("http://127.0.0.1:8080"), true}));

    ConnectionSettings{QStringLiteral("https://api.clerk.com"), false}.save(settings);
    QCOMPARE(ConnectionSettings::load(settings),
             (ConnectionSettings{QStringLiteral("https://api.clerk.com"), false}));
}

void TestConnectionSettings::emptyUrlIsRemoved()
{
    QSettings settings(iniPath(), QSettings::IniFormat);
    ConnectionSettings{QStringLiteral("https://api.clerk.com"), true}.save(settings);
    ConnectionSettings{}.save(settings);
    QVERIFY(!settings.contains(QStringLiteral("connection/apiUrl")));
    QCOMPARE(ConnectionSettings::load(settings), ConnectionSettings{});
}

// What a connection leaves behind in the settings file: the URL and the flag, never the key,
// in any spelling.
void TestConnectionSettings::keyNeverInTheFile()
{
    const QString key = QStringLiteral("sk_live_51HqLyjWDarjtT1zdp7dc9xyzQRST");
    ClerkConfig config;
    QVERIFY(config.setApiUrl(QStringLiteral("https://api.clerk.com")));
    config.setSecretKey(key);
    QVERIFY(config.isValid());
    {
        QSettings settings(iniPath(), QSettings::IniFormat);
        ConnectionSettings{config.apiUrl().toString(), true}.save(settings);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
    }

    QFile file(iniPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    // The file is really there and holds what was saved, so the checks below can fail.
    QVERIFY2(bytes.contains("apiUrl=https://api.clerk.com"), bytes.constData());
    QVERIFY2(bytes.contains("keyInKeychain=true"), bytes.constData());

    const QString secretPart = key.mid(int(qstrlen("sk_live_")));
    for (const QByteArray &needle :
         {key.toUtf8(), secretPart.toUtf8(), secretPart.right(12).toUtf8(), key.toUtf8().toBase64(),
          key.toUtf8().toPercentEncoding(), key.toUtf8().toHex()}) {
        QVERIFY2(!bytes.contains(needle), needle.constData());
    }
    QVERIFY(!bytes.contains("sk_live_"));
    QVERIFY(!bytes.contains("sk_"));
}

QTEST_GUILESS_MAIN(TestConnectionSettings)
#include "tst_connectionsettings.moc"

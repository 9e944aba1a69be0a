// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// DemoServer against the real clerk-mock executable: ready, answering, gone when destroyed.
#include "clerkconfig.h"
#include "demoserver.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <signal.h>

namespace {
// Whether a process with this id exists (and is not a zombie waiting for its parent).
bool processAlive(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = status.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close < 0 || line.mid(close + 2, 1) != "Z";
}

DemoServer::Options mockOptions()
{
    DemoServer::Options options;
    options.searchDirectory = QFileInfo(QStringLiteral(CLERK_MOCK_BINARY)).absolutePath();
    options.searchPath = false;
    options.arguments = {QStringLiteral("--sessions"), QStringLiteral("50")};
    return options;
}
} // namespace

class TstDemoServer : public QObject
{
    Q_OBJECT

private slots:
    void locatesTheMockInADirectory()
    {
        const QString directory = QFileInfo(QStringLiteral(CLERK_MOCK_BINARY)).absolutePath();
        QCOMPARE(DemoServer::locateMock(directory, false),
                 QFileInfo(QStringLiteral(CLERK_MOCK_BINARY)).absoluteFilePath());
        QTemporaryDir empty;
        QCOMPARE(DemoServer::locateMock(empty.path(), false), QString());
    }

    void startsAndAnswersAndStops()
    {
        auto server = std::make_unique<DemoServer>(mockOptions());
        QSignalSpy ready(server.get(), &DemoServer::ready);
        QSignalSpy failed(server.get(), &DemoServer::failed);
        QVERIFY(server->start());
        QVERIFY(!server->start()); // once
        QVERIFY(ready.wait(15'000));
        QCOMPARE(failed.count(), 0);
        const QUrl url = ready.at(0).at(0).toUrl();
        const QString key = ready.at(0).at(1).toString();
        QCOMPARE(url.scheme(), QStringLiteral("http"));
        QVERIFY2(ClerkConfig::isLoopbackHost(url.host()), qPrintable(url.toString()));
        QVERIFY(url.port() > 0);
        QVERIFY2(key.startsWith(u"sk_test_"), "a test key");
        QVERIFY(server->isReady());
        QCOMPARE(server->apiUrl(), url);
        QCOMPARE(server->secretKey(), key);

        // It is Clerk enough to answer with the key, and only with it.
        ClerkConfig config;
        config.setSecretKey(key);
        QVERIFY(config.setApiUrl(url.toString()));
        QNetworkAccessManager manager;
        QUrl users = config.endpoint(QStringLiteral("users"));
        users.setQuery(QStringLiteral("limit=1"));
        QNetworkRequest request(users);
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
        std::unique_ptr<QNetworkReply> reply(manager.get(request));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        QVERIFY(done.wait(10'000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->readAll().startsWith('['));

        const qint64 pid = server->processId();
        QVERIFY(pid > 0);
        QVERIFY(processAlive(pid));
        server.reset();
        QVERIFY2(!processAlive(pid), "the child is gone with its DemoServer");
        QCOMPARE(failed.count(), 0); // stopping is not a failure
    }

    void aMissingExecutableFails()
    {
        QTemporaryDir empty;
        DemoServer::Options options;
        options.searchDirectory = empty.path();
        options.searchPath = false;
        DemoServer server(options);
        QSignalSpy ready(&server, &DemoServer::ready);
        QSignalSpy failed(&server, &DemoServer::failed);
        QVERIFY(server.start());
        QCOMPARE(failed.count(), 0); // asynchronous, as every outcome
        QVERIFY(failed.wait(5'000));
        QCOMPARE(failed.at(0).at(0).toString(),
                 QStringLiteral("clerk-mock was not found next to sessiondesk (looked in %1)")
                     .arg(empty.path()));
        QCOMPARE(ready.count(), 0);
        QCOMPARE(server.processId(), 0);
    }

    void aProgramThatCannotRunFails()
    {
        QTemporaryDir dir;
        QFile notExecutable(dir.filePath(QStringLiteral("clerk-mock")));
        QVERIFY(notExecutable.open(QIODevice::WriteOnly));
        notExecutable.close();
        DemoServer::Options options;
        options.program = notExecutable.fileName();
        DemoServer server(options);
        QSignalSpy failed(&server, &DemoServer::failed);
        QVERIFY(server.start());
        QVERIFY(failed.wait(5'000));
        const QString message = failed.at(0).at(0).toString();
        QVERIFY2(message.startsWith(QStringLiteral("clerk-mock could not be started (%1): ")
                                        .arg(notExecutable.fileName())),
                 qPrintable(message));
        QCOMPARE(failed.count(), 1);
    }

    void anExitBeforeReadyFailsWithItsErrors()
    {
        DemoServer::Options options = mockOptions();
        options.arguments = {QStringLiteral("--sessions"), QStringLiteral("many")};
        DemoServer server(options);
        QSignalSpy failed(&server, &DemoServer::failed);
        QVERIFY(server.start());
        QVERIFY(failed.wait(15'000));
        QCOMPARE(failed.at(0).at(0).toString(),
                 QStringLiteral("clerk-mock exited with code 2 before it was ready: clerk-mock: "
                                "--sessions must be a number from 0 to 1000000, not \"many\""));
    }

    void aSilentChildTimesOutAndIsStopped()
    {
        // A clerk-mock that prints nothing: the timeout ends it.
        QTemporaryDir dir;
        QFile script(dir.filePath(QStringLiteral("clerk-mock")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\nexec sleep 60\n");
        script.close();
        script.setPermissions(script.permissions() | QFile::ExeOwner);
        DemoServer::Options options;
        options.searchDirectory = dir.path();
        options.searchPath = false;
        options.startTimeoutMs = 300;
        DemoServer server(options);
        QSignalSpy failed(&server, &DemoServer::failed);
        QVERIFY(server.start());
        QTRY_VERIFY(server.processId() > 0);
        const qint64 pid = server.processId();
        QVERIFY(failed.wait(5'000));
        QCOMPARE(failed.at(0).at(0).toString(),
                 QStringLiteral("clerk-mock did not get ready within 0.3 s"));
        QVERIFY(!processAlive(pid));
        QCOMPARE(server.processId(), 0);
    }

    void aCrashAfterReadyIsReported()
    {
        DemoServer server(mockOptions());
        QSignalSpy ready(&server, &DemoServer::ready);
        QSignalSpy failed(&server, &DemoServer::failed);
        QVERIFY(server.start());
        QVERIFY(ready.wait(15'000));
        ::kill(pid_t(server.processId()), SIGKILL);
        QVERIFY(failed.wait(5'000));
        // Only what it said after it was ready (here nothing), not its start-up lines.
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("clerk-mock stopped: it crashed"));
        QCOMPARE(server.processId(), 0);
    }
};

QTEST_GUILESS_MAIN(TstDemoServer)
#include "tst_demoserver.moc"

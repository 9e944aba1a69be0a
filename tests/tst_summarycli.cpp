// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Runs the real `sessiondesk --summary` binary, headless, and checks its JSON and exit codes.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString fixture(const char *name)
{
    return QStringLiteral(SESSIONDESK_TEST_DATA "/gui/") + QLatin1StringView(name);
}

struct Run
{
    int exitCode = -1;
    QJsonObject json;
    QString err;
};

Run summary(const QStringList &files)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY")); // headless must not need a display
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SESSIONDESK_BINARY),
                  QStringList{QStringLiteral("--summary")} + files);
    process.waitForFinished(60'000);
    Run run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}
} // namespace

class TstSummaryCli : public QObject
{
    Q_OBJECT

private slots:
    void summarisesAFile()
    {
        const Run run = summary({fixture("three-sessions.json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json.value(u"sessions").toInt(), 3);
        QCOMPARE(run.json.value(u"skipped").toInt(), 0);
        const QJsonArray files = run.json.value(u"files").toArray();
        QCOMPARE(files.size(), 1);
        const QJsonObject file = files.at(0).toObject();
        QCOMPARE(file.value(u"path").toString(), fixture("three-sessions.json"));
        QCOMPARE(file.value(u"shape").toString(), QStringLiteral("paginated"));
        QCOMPARE(file.value(u"sessions").toInt(), 3);
        const QJsonObject byStatus = run.json.value(u"by_status").toObject();
        QCOMPARE(byStatus.value(u"active").toInt(), 1);
        QCOMPARE(byStatus.value(u"revoked").toInt(), 1);
        QCOMPARE(byStatus.value(u"pending").toInt(), 1);
        QCOMPARE(byStatus.value(u"expired").toInt(), 0);
        QVERIFY(run.json.contains(u"load_ms"));
        QVERIFY(run.json.value(u"bytes_per_session").toInt() > 0);
    }

    void skipsAreReportedAndStillSucceed()
    {
        const Run run = summary({fixture("one-bad-record.json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json.value(u"sessions").toInt(), 2);
        QCOMPARE(run.json.value(u"skipped").toInt(), 1);
        const QJsonObject error = run.json.value(u"files")
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(u"errors")
                                      .toArray()
                                      .at(0)
                                      .toObject();
        QCOMPARE(error.value(u"record").toInt(), 1);
        QCOMPARE(error.value(u"field").toString(), QStringLiteral("user_id"));
        QCOMPARE(error.value(u"message").toString(), QStringLiteral("missing required field"));
    }

    void severalFilesMergeDuplicates()
    {
        const Run run = summary({fixture("three-sessions.json"), fixture("three-sessions.json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json.value(u"sessions").toInt(), 3);
        QCOMPARE(run.json.value(u"duplicates").toInt(), 3);
        QCOMPARE(run.json.value(u"files").toArray().size(), 2);
    }

    void nothingReadableExitsTwo()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("missing.json"));
        const Run run = summary({missing, fixture("syntax-error.json")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(missing + QStringLiteral(": no such file")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("syntax-error.json:3:")), qPrintable(run.err));
        QCOMPARE(run.json.value(u"sessions").toInt(), 0);
    }

    void partlyReadableExitsZero()
    {
        QTemporaryDir dir;
        const Run run =
            summary({dir.filePath(QStringLiteral("missing.json")), fixture("three-sessions.json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.json.value(u"sessions").toInt(), 3);
        QCOMPARE(run.json.value(u"files").toArray().at(0).toObject().value(u"error").toString(),
                 QStringLiteral("no such file"));
    }
};

QTEST_GUILESS_MAIN(TstSummaryCli)
#include "tst_summarycli.moc"

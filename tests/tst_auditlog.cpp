// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// AuditLog: append-only JSON Lines, complete after every append, bad lines reported by number,
// never the key; AuditLogModel over it.
#include "auditlog.h"
#include "auditlogmodel.h"
#include "clerkconfig.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString Key = u"sk_live_AuditLogTestKey0123456789abcdefXYZ9"_s;

ClerkConfig config()
{
    ClerkConfig config;
    config.setSecretKey(Key);
    config.setApiUrl(u"https://api.clerk.com"_s);
    return config;
}

AuditEntry entry(int n, const QString &result = u"revoked"_s)
{
    AuditEntry e = AuditEntry::forInstance(config());
    e.time = 1'790'000'000'000 + n;
    e.sessionId = u"sess_%1"_s.arg(n);
    e.userId = u"user_%1"_s.arg(n % 3);
    e.previousStatus = u"active"_s;
    e.result = result;
    e.httpStatus = 200;
    e.traceId = u"trace%1"_s.arg(n);
    e.reason = u"incident 42"_s;
    return e;
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

private slots:
    void appendAndReadBack();
    void completeAfterEachAppend();
    void corruptLineReported();
    void neverTheKey();
    void unwritable();
    void model();
};

void TestAuditLog::appendAndReadBack()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(u"sub/folder/revocations.jsonl"_s)); // the folder is made
    QString error;
    QVERIFY2(log.append(entry(1), &error), qPrintable(error));
    AuditEntry failed = entry(2, u"failed"_s);
    failed.httpStatus = 500;
    failed.message = u"Clerk answered with an error (HTTP 500): There was an internal error"_s;
    failed.reason = QString(); // no reason given: null in the file
    QVERIFY(log.append(failed, &error));

    QStringList errors;
    const QList<AuditEntry> read = AuditLog::read(log.path(), &errors);
    QVERIFY(errors.isEmpty());
    QCOMPARE(read.size(), 2);
    QCOMPARE(read.at(0), entry(1));
    QCOMPARE(read.at(1), failed);
    QCOMPARE(read.at(0).apiUrl, u"https://api.clerk.com"_s);
    QCOMPARE(read.at(0).keyKind, u"production"_s);
    QVERIFY(!read.at(0).operatorName.isEmpty());

    const QList<QByteArray> lines = contents(log.path()).split('\n');
    QCOMPARE(lines.size(), 3); // two lines, each ended by '\n'
    QVERIFY(lines.last().isEmpty());
    const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(first.value(u"clerk_trace_id").toString(), u"trace1"_s);
    QCOMPARE(first.value(u"session_id").toString(), u"sess_1"_s);
    QCOMPARE(first.value(u"time").toString(), u"2026-09-21T14:13:20.001Z"_s);
    QVERIFY(QJsonDocument::fromJson(lines.at(1)).object().value(u"reason").isNull());
#ifndef Q_OS_WIN
    QCOMPARE(QFile(log.path()).permissions() & (QFile::ReadOther | QFile::ReadGroup),
             QFile::Permissions());
#endif
}

void TestAuditLog::completeAfterEachAppend()
{
    // What a crash after append() returns would leave: every line so far, whole.
    QTemporaryDir dir;
    AuditLog log(dir.filePath(u"revocations.jsonl"_s));
    for (int n = 1; n <= 25; ++n) {
        QVERIFY(log.append(entry(n)));
        const QByteArray bytes = contents(log.path());
        QVERIFY(bytes.endsWith('\n'));
        QCOMPARE(bytes.count('\n'), n);
        QStringList errors;
        const QList<AuditEntry> read = AuditLog::read(log.path(), &errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(read.size(), n);
        QCOMPARE(read.last().sessionId, u"sess_%1"_s.arg(n));
    }
}

void TestAuditLog::corruptLineReported()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(u"revocations.jsonl"_s));
    QVERIFY(log.append(entry(1)));
    {
        QFile file(log.path());
        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"time\":\"2026-09-21T14:13:20.001Z\",\"session_id\":\"sess_x\",\"res\n"); // 2
        file.write("\n"); // 3: empty, ignored
        file.write("[1,2]\n"); // 4
        file.write("{\"time\":\"2026-09-21T14:13:20.001Z\",\"result\":\"revoked\"}\n"); // 5
        file.write("{\"time\":\"yesterday\",\"session_id\":\"s\",\"result\":\"revoked\"}\n"); // 6
    }
    QVERIFY(log.append(entry(7))); // line 7
    QStringList errors;
    const QList<AuditEntry> read = AuditLog::read(log.path(), &errors);
    QCOMPARE(read.size(), 2);
    QCOMPARE(read.at(1).sessionId, u"sess_7"_s);
    QCOMPARE(errors.size(), 4);
    QVERIFY2(errors.at(0).startsWith(u"line 2: "_s), qPrintable(errors.at(0)));
    QCOMPARE(errors.at(1), u"line 4: not a JSON object"_s);
    QCOMPARE(errors.at(2), u"line 5: \"session_id\" is missing"_s);
    QCOMPARE(errors.at(3), u"line 6: \"time\" is not an ISO 8601 date: yesterday"_s);
    // A missing file: nothing, and no error.
    errors.clear();
    QVERIFY(AuditLog::read(dir.filePath(u"none.jsonl"_s), &errors).isEmpty());
    QVERIFY(errors.isEmpty());
}

void TestAuditLog::neverTheKey()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(u"revocations.jsonl"_s));
    const AuditEntry e = AuditEntry::forInstance(config());
    QCOMPARE(e.apiUrl, u"https://api.clerk.com"_s);
    QCOMPARE(e.keyKind, u"production"_s);
    for (int n = 0; n < 5; ++n)
        QVERIFY(log.append(entry(n)));
    const QByteArray bytes = contents(log.path());
    QVERIFY(!bytes.isEmpty());
    QVERIFY(!bytes.contains(Key.toUtf8()));
    QVERIFY(!bytes.contains("AuditLogTestKey")); // not even a part of it
    QVERIFY(!bytes.contains("sk_live_"));
}

void TestAuditLog::unwritable()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    AuditLog log(dir.filePath(u"file/revocations.jsonl"_s)); // its "folder" is a file
    QString error;
    QVERIFY(!log.append(entry(1), &error));
    QVERIFY2(error.startsWith(u"cannot write the audit log "_s), qPrintable(error));
}

void TestAuditLog::model()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(u"revocations.jsonl"_s));
    for (int n = 0; n < 3; ++n)
        QVERIFY(log.append(entry(n)));
    AuditLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload(log.path());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(AuditLogModel::ColumnCount));
    QCOMPARE(model.index(1, AuditLogModel::Session).data().toString(), u"sess_1"_s);
    QCOMPARE(model.index(1, AuditLogModel::Result).data().toString(), u"revoked"_s);
    QCOMPARE(model.index(1, AuditLogModel::HttpStatus).data().toInt(), 200);
    QCOMPARE(model.index(1, AuditLogModel::Instance).data().toString(),
             u"https://api.clerk.com (production)"_s);
    QCOMPARE(model.index(1, AuditLogModel::Time).data(AuditLogModel::SortRole).toLongLong(),
             1'790'000'000'001);
    QCOMPARE(model.index(2, 0).data(AuditLogModel::EntryRole).value<AuditEntry>(), entry(2));
    QCOMPARE(model.headerData(AuditLogModel::TraceId, Qt::Horizontal).toString(), u"Trace id"_s);

    // A live line: one insert at the end, no reset.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.append(entry(3, u"failed"_s));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 3);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(3, AuditLogModel::Result).data().toString(), u"failed"_s);
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// SessionExporter: JSON that SessionDesk reads back as the same sessions, CSV with exact lines,
// atomic writes that leave nothing behind on failure, and saved views in QSettings.
#include "batchbuilder.h"
#include "savedviews.h"
#include "sessionexporter.h"
#include "sessionfilereader.h"
#include "sessionstore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {
SessionStore storeOf(const std::vector<SessionSpec> &specs)
{
    SessionBatch batch;
    for (const SessionSpec &spec : specs)
        addSession(batch, spec);
    SessionStore store;
    store.upsert(batch);
    return store;
}

std::vector<SessionSpec> threeSessions()
{
    SessionSpec a;
    a.id = "sess_a";
    SessionSpec b;
    b.id = "sess_b";
    b.status = "revoked";
    b.city = "Zürich, \"Altstadt\"";
    b.country = "CH";
    b.actorSub = "user_support";
    SessionSpec c;
    c.id = "sess_c";
    c.status = "weird_new_status";
    c.browser = "=HYPERLINK(\"http://evil\")";
    c.activity = true;
    return {a, b, c};
}
} // namespace

class TstSessionExporter : public QObject
{
    Q_OBJECT

private slots:
    void jsonReadsBackAsTheSameSessions()
    {
        const SessionStore store = storeOf(threeSessions());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.json"));
        QString error;
        QVERIFY2(
            SessionExporter::write(path, SessionExporter::formatFor(path), store, {2, 0}, &error),
            qPrintable(error));

        SessionStore back;
        SessionFileReader reader([&](std::unique_ptr<SessionBatch> batch) { back.upsert(*batch); });
        const FileReport report = reader.readFile(path);
        QVERIFY2(!report.failed(), qPrintable(report.errorText()));
        QCOMPARE(report.shape, QStringLiteral("paginated"));
        QCOMPARE(report.sessions, 2);
        QCOMPARE(back.size(), 2);
        QCOMPARE(back.session(0), store.session(2)); // in the order given
        QCOMPARE(back.session(1), store.session(0));
        QVERIFY(QFile(path).size() > 0);
    }

    void csvLines()
    {
        const SessionStore store = storeOf(threeSessions());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.csv"));
        QCOMPARE(SessionExporter::formatFor(path), SessionExporter::Format::Csv);
        QString error;
        QVERIFY(
            SessionExporter::write(path, SessionExporter::Format::Csv, store, {0, 1, 2}, &error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 5); // header, 3 rows, and the empty rest after the last CRLF
        QCOMPARE(lines.at(0), SessionExporter::csvHeader().toUtf8() + '\r');
        QVERIFY(lines.at(1).startsWith("sess_a,active,user_2g7np7Hrk0SN6kj5EDMLDaKNL0S,"));
        QVERIFY(lines.at(1).contains(",2024-05-28T07:00:00.000Z,")); // created, ISO UTC
        // Quoting, and the impersonator.
        QVERIFY2(lines.at(2).contains(",\"Zürich, \"\"Altstadt\"\"\",CH,user_support,"),
                 lines.at(2).constData());
        // An unknown status as the API wrote it; a formula defused.
        QVERIFY(lines.at(3).startsWith("sess_c,weird_new_status,"));
        QVERIFY2(lines.at(3).contains(",\"'=HYPERLINK(\"\"http://evil\"\")\","),
                 lines.at(3).constData());
        QCOMPARE(lines.at(4), QByteArray());
    }

    void failedWriteLeavesNothing()
    {
        const SessionStore store = storeOf(threeSessions());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing/out.json"));
        QString error;
        QVERIFY(!SessionExporter::write(path, SessionExporter::Format::Json, store, {0}, &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot write ") + path + u':'),
                 qPrintable(error));
        QVERIFY(!QFile::exists(path));
    }

    void existingFileReplacedWhole()
    {
        const SessionStore store = storeOf(threeSessions());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.json"));
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write(QByteArray(100'000, 'x'));
        }
        QString error;
        QVERIFY(SessionExporter::write(path, SessionExporter::Format::Json, store, {}, &error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{\"data\":[],\"total_count\":0}\n"));
    }

    void savedViewsRoundTrip()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("views.ini")), QSettings::IniFormat);
        QList<SavedView> views;
        SavedView b{
            QStringLiteral("b: Germany"), QStringLiteral("country:DE"), 0x3, 4, true, {7, 8}};
        SavedView a{QStringLiteral("a: impersonations"),
                    QStringLiteral("impersonated:yes"),
                    0xffff,
                    -1,
                    false,
                    {}};
        views = SavedViews::put(views, b);
        views = SavedViews::put(views, a);
        QCOMPARE(views.size(), 2);
        QCOMPARE(views.at(0).name, a.name); // ordered by name
        SavedView b2 = b;
        b2.query = QStringLiteral("country:DE,AT");
        views = SavedViews::put(views, b2); // same name: replaced
        QCOMPARE(views.size(), 2);
        SavedViews::save(settings, views);
        settings.sync();
        QCOMPARE(SavedViews::load(settings), (QList<SavedView>{a, b2}));
        views = SavedViews::remove(views, a.name);
        SavedViews::save(settings, views);
        QCOMPARE(SavedViews::load(settings), (QList<SavedView>{b2}));
    }
};

QTEST_GUILESS_MAIN(TstSessionExporter)
#include "tst_sessionexporter.moc"

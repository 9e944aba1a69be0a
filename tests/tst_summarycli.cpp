// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Runs the real `sessiondesk --summary` binary, headless, and checks its JSON and exit codes:
// for files, and for --user/--client/--email against the real clerk-mock executable.
#include "anomalyrules.h"
#include "clerkmockprocess.h"
#include "insightsdata.h"
#include "loadsummary.h"
#include "sessionfilter.h"
#include "sessionloader.h"
#include "sessiontablemodel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <memory>

namespace {
QString fixture(const char *name)
{
    return QStringLiteral(SESSIONDESK_TEST_DATA "/gui/") + QLatin1StringView(name);
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QJsonObject json;
    QString err;
};

Run run(const QStringList &arguments, const QProcessEnvironment &extra = {},
        const QStringList &unset = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY")); // headless must not need a display
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("CLERK_SECRET_KEY"));
    env.remove(QStringLiteral("CLERK_API_URL"));
    // The anomaly rules come from the settings: the defaults here, whatever the machine's are.
    static QTemporaryDir config;
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    env.insert(extra);
    for (const QString &name : unset)
        env.remove(name);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SESSIONDESK_BINARY), arguments);
    process.waitForFinished(60'000);
    Run result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.json = QJsonDocument::fromJson(result.out).object();
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Run summary(const QStringList &files)
{
    return run(QStringList{QStringLiteral("--summary")} + files);
}

using Mock = ClerkMockProcess;

constexpr int BulkSessions = 1234;
const QString BulkEmail = QStringLiteral("bulk1234@sessiondesk.test");
} // namespace

class TstSummaryCli : public QObject
{
    Q_OBJECT

    std::unique_ptr<Mock> m_mock;
    QString m_bulkUser; // its id
    QString m_client; // a client of the bulk user's
    int m_clientSessions = 0; // the sessions of that client

    // Neither output ever holds the secret key.
    void verifyKeyNotShown(const Run &run, const QString &key)
    {
        QVERIFY(!key.isEmpty());
        QVERIFY2(!run.out.contains(key.toUtf8()), run.out.constData());
        QVERIFY2(!run.err.contains(key), qPrintable(run.err));
    }

    // The CLI's JSON for one user or client fetched whole.
    void verifyFetched(const Run &run, const QString &id, int sessions)
    {
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.err, QString());
        QCOMPARE(run.json.value(u"sessions").toInt(), sessions);
        QCOMPARE(run.json.value(u"skipped").toInt(), 0);
        QCOMPARE(run.json.value(u"duplicates").toInt(), 0);
        const QJsonArray files = run.json.value(u"files").toArray();
        QCOMPARE(files.size(), 1);
        const QJsonObject file = files.at(0).toObject();
        QCOMPARE(file.value(u"path").toString(), QStringLiteral("clerk:") + id);
        QCOMPARE(file.value(u"shape").toString(), QStringLiteral("api"));
        QCOMPARE(file.value(u"casing").toString(), QStringLiteral("snake_case"));
        QCOMPARE(file.value(u"sessions").toInt(), sessions);
        QVERIFY(!file.contains(u"error"));
        int byStatus = 0;
        const QJsonObject statuses = run.json.value(u"by_status").toObject();
        for (auto it = statuses.begin(); it != statuses.end(); ++it)
            byStatus += it.value().toInt();
        QCOMPARE(byStatus, sessions);
        verifyKeyNotShown(run, m_mock->key);
    }

private slots:
    void initTestCase()
    {
        m_mock = std::make_unique<Mock>();
        QVERIFY(m_mock->start({QStringLiteral("--port"), QStringLiteral("0"),
                               QStringLiteral("--bulk-user"), QString::number(BulkSessions),
                               QStringLiteral("--seed"), QStringLiteral("3")}));
        const QJsonArray users = m_mock
                                     ->get(QStringLiteral("users"),
                                           QUrlQuery{{QStringLiteral("email_address"), BulkEmail}})
                                     .array();
        QCOMPARE(users.size(), 1);
        m_bulkUser = users.at(0).toObject().value(u"id").toString();
        QVERIFY(m_bulkUser.startsWith(u"user_"));
        const QJsonArray sessions =
            m_mock
                ->get(QStringLiteral("sessions"),
                      QUrlQuery{{QStringLiteral("user_id"), m_bulkUser},
                                {QStringLiteral("limit"), QStringLiteral("1")}})
                .array();
        QCOMPARE(sessions.size(), 1);
        m_client = sessions.at(0).toObject().value(u"client_id").toString();
        QVERIFY(!m_client.isEmpty());
        m_clientSessions =
            m_mock
                ->get(QStringLiteral("sessions"),
                      QUrlQuery{{QStringLiteral("client_id"), m_client},
                                {QStringLiteral("paginated"), QStringLiteral("true")},
                                {QStringLiteral("limit"), QStringLiteral("1")}})
                .object()
                .value(u"total_count")
                .toInt();
        QVERIFY(m_clientSessions > 0);
    }

    void cleanupTestCase() { m_mock.reset(); }

    void fetchesAUserFromTheApi()
    {
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--user"), m_bulkUser},
                          m_mock->environment());
        verifyFetched(r, m_bulkUser, BulkSessions);
    }

    void fetchesAUserByEmailAddress()
    {
        const Run r =
            run({QStringLiteral("--summary"), QStringLiteral("--email"), BulkEmail.toUpper()},
                m_mock->environment());
        verifyFetched(r, m_bulkUser, BulkSessions);
    }

    void fetchesAClient()
    {
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--client"), m_client},
                          m_mock->environment());
        verifyFetched(r, m_client, m_clientSessions);
    }

    void severalTargetsAreOneSummary()
    {
        // The client's sessions are the bulk user's too: merged, and counted as duplicates.
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--user"), m_bulkUser,
                           QStringLiteral("--client"), m_client},
                          m_mock->environment());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json.value(u"sessions").toInt(), BulkSessions);
        QCOMPARE(r.json.value(u"duplicates").toInt(), m_clientSessions);
        QCOMPARE(r.json.value(u"files").toArray().size(), 2);
    }

    void aRejectedKeyExitsThree()
    {
        const QString wrong = QStringLiteral("sk_test_not_the_mock_key_0123456789abcdef");
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--user"), m_bulkUser},
                          m_mock->environment(wrong));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.startsWith(QStringLiteral("sessiondesk: clerk:%1: the secret key was "
                                                 "rejected: The provided Clerk Secret Key is "
                                                 "invalid. Make sure that your Clerk Secret Key "
                                                 "is correct. (HTTP 401, trace id: ")
                                      .arg(m_bulkUser)),
                 qPrintable(r.err));
        QCOMPARE(r.json.value(u"sessions").toInt(), 0);
        QVERIFY(
            r.json.value(u"files").toArray().at(0).toObject().value(u"error").toString().contains(
                u"the secret key was rejected"));
        verifyKeyNotShown(r, wrong);
    }

    void anUnknownUserExitsTwo()
    {
        // GET /sessions?user_id= lists nothing for an unknown id, as for a user without sessions;
        // GET /users/{id} tells them apart.
        const Run r = run(
            {QStringLiteral("--summary"), QStringLiteral("--user"), QStringLiteral("user_nobody")},
            m_mock->environment());
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QStringLiteral("sessiondesk: no user has the id user_nobody\n"));
        QCOMPARE(r.json.value(u"sessions").toInt(), 0);
        QCOMPARE(r.json.value(u"files").toArray().at(0).toObject().value(u"error").toString(),
                 QStringLiteral("no user has the id user_nobody"));
        verifyKeyNotShown(r, m_mock->key);
    }

    void anUnknownClientExitsTwo()
    {
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--client"),
                           QStringLiteral("client_nobody")},
                          m_mock->environment());
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err, QStringLiteral("sessiondesk: no client has the id client_nobody\n"));
    }

    void anUnknownTargetBesideAKnownOneIsReported()
    {
        // As a missing file beside a readable one: exit 0, the error in its entry.
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--user"),
                           QStringLiteral("user_nobody"), QStringLiteral("--user"), m_bulkUser},
                          m_mock->environment());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QStringLiteral("sessiondesk: no user has the id user_nobody\n"));
        QCOMPARE(r.json.value(u"sessions").toInt(), BulkSessions);
        QCOMPARE(r.json.value(u"files").toArray().size(), 2);
    }

    void anUnknownEmailAddressExitsTwo()
    {
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--email"),
                           QStringLiteral("nobody@sessiondesk.test")},
                          m_mock->environment());
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err,
                 QStringLiteral("sessiondesk: no user has the email address "
                                "nobody@sessiondesk.test\n"));
        QCOMPARE(r.json.value(u"files").toArray().at(0).toObject().value(u"path").toString(),
                 QStringLiteral("clerk:nobody@sessiondesk.test"));
    }

    void aMissingKeyExitsTwo()
    {
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--user"), m_bulkUser},
                          m_mock->environment(), {QStringLiteral("CLERK_SECRET_KEY")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("sessiondesk: CLERK_SECRET_KEY is not set: ")),
                 qPrintable(r.err));
        QCOMPARE(r.out, QByteArray());
    }

    void plainHttpToAnotherHostIsRefused()
    {
        QProcessEnvironment env = m_mock->environment();
        env.insert(QStringLiteral("CLERK_API_URL"), QStringLiteral("http://example.com"));
        const Run r = run({QStringLiteral("--summary"), QStringLiteral("--user"), m_bulkUser}, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral(
                     "sessiondesk: CLERK_API_URL: plain http is refused for example.com: ")),
                 qPrintable(r.err));
        QCOMPARE(r.out, QByteArray());
        verifyKeyNotShown(r, m_mock->key);
    }

    void badUsageExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        QTest::newRow("files and a user")
            << QStringList{QStringLiteral("--summary"), QStringLiteral("--user"),
                           QStringLiteral("user_1"), fixture("three-sessions.json")}
            << QStringLiteral("sessiondesk: --summary reads either FILE… or --user, --client and "
                              "--email, not both\n");
        QTest::newRow("a user without --summary")
            << QStringList{QStringLiteral("--user"), QStringLiteral("user_1")}
            << QStringLiteral(
                   "sessiondesk: --user, --client and --email go with --summary or --export\n");
        QTest::newRow("an empty id")
            << QStringList{QStringLiteral("--summary"), QStringLiteral("--client=")}
            << QStringLiteral("sessiondesk: --client needs a value\n");
        QTest::newRow("not an email address")
            << QStringList{QStringLiteral("--summary"), QStringLiteral("--email"),
                           QStringLiteral("jane")}
            << QStringLiteral("sessiondesk: --email needs an email address, not \"jane\"\n");
        QTest::newRow("--demo with --summary")
            << QStringList{QStringLiteral("--summary"), QStringLiteral("--demo"),
                           QStringLiteral("--user"), QStringLiteral("user_1")}
            << QStringLiteral("sessiondesk: --demo opens the window; it does not go with "
                              "--summary or --export\n");
    }

    void filterCountsWhatMatches()
    {
        const Run result =
            run({QStringLiteral("--summary"), QStringLiteral("--filter"),
                 QStringLiteral("status:active,revoked"), fixture("three-sessions.json")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.json.value(u"sessions").toInt(), 3);
        const QJsonObject filter = result.json.value(u"filter").toObject();
        QCOMPARE(filter.value(u"query").toString(), QStringLiteral("status:active,revoked"));
        QCOMPARE(filter.value(u"matching").toInt(), 2);
        QCOMPARE(filter.value(u"by_status").toObject().value(u"active").toInt(), 1);
        QCOMPARE(filter.value(u"by_status").toObject().value(u"revoked").toInt(), 1);
        QCOMPARE(filter.value(u"by_status").toObject().value(u"pending").toInt(), 0);
    }

    // --insights and the flags run the window's models: the same counts as InsightsData and the
    // AnomalyDetector give in process, and flag: filters as in the filter bar.
    void insightsAndFlagsAreTheWindows()
    {
        const QString sample =
            QStringLiteral(SESSIONDESK_TEST_DATA "/../../resources/samples/sessions.json");
        const QString query = QStringLiteral("status:active,pending");
        const Run result = run({QStringLiteral("--summary"), QStringLiteral("--insights"),
                                QStringLiteral("--filter"), query, sample});
        QCOMPARE(result.exitCode, 0);

        SessionTableModel model;
        SessionLoader loader(&model);
        QSignalSpy done(&loader, &SessionLoader::finished);
        loader.start({sample});
        QVERIFY(done.wait(10'000));
        QCOMPARE(model.rowCount(), 400);
        const SessionFilter filter = *SessionFilter::parse(query, model.now());
        std::vector<int> rows;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (filter.matches(model.session(row), model.anomalies().flags(row)))
                rows.push_back(row);
        }
        const QJsonObject insights = result.json.value(u"insights").toObject();
        QCOMPARE(insights.value(u"sessions").toInt(), int(rows.size()));
        QCOMPARE(insights, LoadSummary::insightsJson(InsightsData::count(model.store(), rows)));
        int byStatus = 0;
        for (const QJsonValue bucket : insights.value(u"by_status").toArray())
            byStatus += bucket.toObject().value(u"count").toInt();
        QCOMPARE(byStatus, int(rows.size()));
        QCOMPARE(insights.value(u"by_status").toArray().first().toObject().value(u"filter"),
                 QJsonValue(QStringLiteral("status:active")));
        QCOMPARE(result.json.value(u"flags").toObject(),
                 LoadSummary::flagCounts(model.anomalies()));
        QCOMPARE(result.json.value(u"filter").toObject().value(u"flags").toObject(),
                 LoadSummary::flagCounts(model.anomalies(), &rows));

        const Run flagged = run({QStringLiteral("--summary"), QStringLiteral("--filter"),
                                 QStringLiteral("flag:travel,new-device"), sample});
        int expected = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            expected += (model.anomalies().flags(row) &
                         (AnomalyRules::Travel | AnomalyRules::NewDevice)) != 0;
        QVERIFY(expected > 0);
        QCOMPARE(flagged.json.value(u"filter").toObject().value(u"matching").toInt(), expected);

        const Run alone = run({QStringLiteral("--insights"), sample});
        QCOMPARE(alone.exitCode, 2);
        QCOMPARE(alone.err, QStringLiteral("sessiondesk: --insights goes with --summary\n"));
    }

    void invalidFilterExitsTwoWithTheReason()
    {
        const Run result =
            run({QStringLiteral("--summary"), QStringLiteral("--filter"),
                 QStringLiteral("status:active contry:DE"), fixture("three-sessions.json")});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out, QByteArray());
        QCOMPARE(result.err,
                 QStringLiteral("sessiondesk: --filter: unknown field \"contry\"; did you mean "
                                "country?\n"
                                "  status:active contry:DE\n"
                                "                ^^^^^^\n"));
    }

    void exportWritesTheMatchingSessions()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("active.json"));
        const QString input = fixture("three-sessions.json");
        const QByteArray before = readAll(input);
        const Run result = run({QStringLiteral("--export"), out, QStringLiteral("--filter"),
                                QStringLiteral("-status:pending"), input});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray()); // no --summary: nothing on stdout
        QCOMPARE(result.err, QStringLiteral("sessiondesk: wrote 2 of 3 sessions to %1\n").arg(out));
        QCOMPARE(readAll(input), before); // the input is never changed

        // What was written reads back: the same two sessions, in the API's envelope.
        const Run back = summary({out});
        QCOMPARE(back.exitCode, 0);
        QCOMPARE(back.json.value(u"sessions").toInt(), 2);
        const QJsonObject file = back.json.value(u"files").toArray().at(0).toObject();
        QCOMPARE(file.value(u"shape").toString(), QStringLiteral("paginated"));
        QCOMPARE(back.json.value(u"by_status").toObject().value(u"pending").toInt(), 0);

        const QString csv = dir.filePath(QStringLiteral("all.csv"));
        const Run csvRun = run({QStringLiteral("--export"), csv, input});
        QCOMPARE(csvRun.exitCode, 0);
        QCOMPARE(readAll(csv).count('\n'), 4); // the header and three sessions
    }

    void exportThatCannotBeWrittenExitsFour()
    {
        const QString out = QStringLiteral("/nonexistent-dir/out.json");
        const Run result = run({QStringLiteral("--export"), out, fixture("three-sessions.json")});
        QCOMPARE(result.exitCode, 4);
        QVERIFY2(result.err.startsWith(QStringLiteral("sessiondesk: cannot write ") + out),
                 qPrintable(result.err));
        QVERIFY(!QFile::exists(out));
    }

    void badUsageExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        const Run r = run(arguments, m_mock->environment());
        QCOMPARE(r.err, error);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out, QByteArray());
    }

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

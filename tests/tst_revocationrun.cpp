// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// RevocationRun (and UserSessionsFetcher, SessionRecheck) against ClerkMockServer in-process
// over loopback: the mock's data and request log say what really happened to each session.
#include "auditlog.h"
#include "clerkclient.h"
#include "revocationplan.h"
#include "revocationrun.h"
#include "sessionrecheck.h"
#include "usersessionsfetcher.h"

#include "clerkmockserver.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Result = RevocationRun::Result;

class TestRevocationRun : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void revokeOne();
    void signOutUserEverywhere();
    void bulkWithinRateLimit();
    void cancelAfterK();
    void cancelWhileWaitingForTheLimiter();
    void serverErrorMidBatchRetried();
    void lostAnswerReadBack();
    void revokedMeanwhile();
    void recheckFileSessions();
    void clientGoneMidRun();

private:
    ClerkConfig config() const;
    // The first `count` sessions of the mock's data with a revocable status.
    QList<Session> liveSessions(int count) const;
    SessionStatus mockStatus(const QString &id) const;
    // POSTs to the session's revoke endpoint in the mock's log, by answer status.
    QList<int> posts(const QString &id) const;
    bool runToEnd(RevocationRun &run);
    QList<AuditEntry> auditLines() const { return AuditLog::read(m_log->path()); }
    static QString revokePath(const QString &id) { return u"/v1/sessions/%1/revoke"_s.arg(id); }

    std::unique_ptr<ClerkMockServer> m_mock;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ClerkClient> m_client;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AuditLog> m_log;
};

void TestRevocationRun::init()
{
    MockInstance::Options instance;
    instance.seed = 11;
    instance.sessions = 4000;
    instance.bulkUsers = {37};
    ClerkMockServer::Options options;
    options.rateLimit = 0; // unlimited unless a test sets one
    m_mock = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(instance), options);
    m_mock->setRequestLogging(true);
    QVERIFY(m_mock->listen() != 0);
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
    m_client = std::make_unique<ClerkClient>(m_manager.get(), config());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_log = std::make_unique<AuditLog>(m_dir->filePath(u"revocations.jsonl"_s));
}

void TestRevocationRun::cleanup()
{
    m_client.reset();
    m_manager.reset();
    m_mock.reset();
    m_log.reset();
    m_dir.reset();
}

ClerkConfig TestRevocationRun::config() const
{
    ClerkConfig config;
    config.setSecretKey(m_mock->secretKey());
    config.setApiUrl(m_mock->url().toString());
    config.setRateLimit(1000, 1000);
    ClerkConfig::RetryPolicy retry;
    retry.baseDelayMs = 10;
    retry.maxDelayMs = 40;
    config.setRetryPolicy(retry);
    return config;
}

QList<Session> TestRevocationRun::liveSessions(int count) const
{
    QList<Session> sessions;
    const MockInstance &instance = m_mock->instance();
    for (int row = 0; row < instance.sessionCount() && sessions.size() < count; ++row) {
        if (RevocationPlan::isRevocable(instance.sessionStatus(row)))
            sessions.append(instance.session(row));
    }
    return sessions;
}

SessionStatus TestRevocationRun::mockStatus(const QString &id) const
{
    const int row = m_mock->instance().findSession(id);
    return row < 0 ? SessionStatus::Unknown : m_mock->instance().sessionStatus(row);
}

QList<int> TestRevocationRun::posts(const QString &id) const
{
    QList<int> statuses;
    for (const ClerkMockServer::LoggedRequest &request : m_mock->requestLog()) {
        if (request.method == "POST" && request.path == revokePath(id))
            statuses.append(request.status);
    }
    return statuses;
}

bool TestRevocationRun::runToEnd(RevocationRun &run)
{
    QSignalSpy finished(&run, &RevocationRun::finished);
    run.start();
    return !finished.isEmpty() || finished.wait(120'000);
}

void TestRevocationRun::revokeOne()
{
    const Session before = liveSessions(1).value(0);
    QCOMPARE(before.status, SessionStatus::Active);
    const RevocationPlan plan = RevocationPlan::fromSessions({before});
    RevocationRun run(m_client.get(), m_log.get(), plan, u"phished laptop"_s, config());
    QSignalSpy updated(&run, &RevocationRun::sessionUpdated);
    QSignalSpy progress(&run, &RevocationRun::progress);
    QVERIFY(runToEnd(run));

    QCOMPARE(run.attempted(), 1);
    const RevocationRun::Outcome &outcome = run.outcomes().at(0);
    QCOMPARE(outcome.result, Result::Revoked);
    QCOMPARE(outcome.httpStatus, 200);
    QCOMPARE(outcome.traceId.size(), 32);
    QVERIFY(outcome.message.isEmpty());
    QVERIFY(outcome.session);
    QCOMPARE(outcome.session->status, SessionStatus::Revoked);
    QVERIFY(outcome.session->updatedAt > before.updatedAt);
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated.first().first().value<Session>().id, before.id);
    QCOMPARE(progress.last(), (QVariantList{1, 1}));
    QCOMPARE(mockStatus(before.id), SessionStatus::Revoked);
    QCOMPARE(posts(before.id), QList<int>{200});

    const QList<AuditEntry> lines = auditLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().sessionId, before.id);
    QCOMPARE(lines.first().userId, before.userId);
    QCOMPARE(lines.first().previousStatus, u"active"_s);
    QCOMPARE(lines.first().result, u"revoked"_s);
    QCOMPARE(lines.first().httpStatus, 200);
    QCOMPARE(lines.first().traceId, outcome.traceId);
    QCOMPARE(lines.first().reason, u"phished laptop"_s);
    QCOMPARE(lines.first().apiUrl, m_mock->url().toString());
    QCOMPARE(lines.first().keyKind, u"development"_s);
}

void TestRevocationRun::signOutUserEverywhere()
{
    const MockInstance &instance = m_mock->instance();
    const int user = instance.bulkUser(0);
    const QString userId = instance.userId(user);
    QCOMPARE(instance.userSessionCount(user), 37);
    // The mock's own view, before: which sessions are live.
    QHash<QString, SessionStatus> before;
    QSet<QString> live;
    for (const int row : instance.sessions({userId, {}, {}})) {
        const Session s = instance.session(row);
        before.insert(s.id, s.status);
        if (RevocationPlan::isRevocable(s.status))
            live.insert(s.id);
    }
    QCOMPARE(before.size(), 37);
    QVERIFY(!live.isEmpty());
    QVERIFY(live.size() < 37); // mixed statuses

    UserSessionsFetcher fetcher(m_client.get(), userId);
    QSignalSpy fetched(&fetcher, &UserSessionsFetcher::finished);
    fetcher.start();
    QVERIFY(fetched.wait(30'000));
    const auto result = fetched.first().first().value<UserSessionsFetcher::Result>();
    QVERIFY2(result.complete(), qPrintable(result.outcome.message()));
    QCOMPARE(result.sessions.size(), 37);
    QCOMPARE(result.plan.size(), live.size());
    QCOMPARE(result.plan.skipped.size(), 37 - live.size());
    QCOMPARE(result.plan.userIds(), QStringList{userId});

    RevocationRun run(m_client.get(), m_log.get(), result.plan, {}, config());
    QVERIFY(runToEnd(run));
    QCOMPARE(run.count(Result::Revoked), live.size());
    QCOMPARE(run.attempted(), live.size());
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (live.contains(it.key())) {
            QCOMPARE(mockStatus(it.key()), SessionStatus::Revoked);
            QCOMPARE(posts(it.key()), QList<int>{200});
        } else {
            QCOMPARE(mockStatus(it.key()), it.value()); // untouched
            QVERIFY(posts(it.key()).isEmpty());
        }
    }
    int allPosts = 0;
    for (const auto &request : m_mock->requestLog())
        allPosts += request.method == "POST" ? 1 : 0;
    QCOMPARE(allPosts, live.size()); // nothing outside the plan
    QCOMPARE(auditLines().size(), live.size());
}

void TestRevocationRun::bulkWithinRateLimit()
{
    constexpr int Count = 500;
    const QList<Session> sessions = liveSessions(Count);
    QCOMPARE(sessions.size(), Count);
    // A scaled-down window: the client paces at 100 a second, the server admits 60, so 429s
    // come (with Retry-After), and the client must ride them out without doubling anything.
    m_mock->setRateLimit(60, 1000);
    ClerkConfig paced = config();
    paced.setRateLimit(100, 1000);
    m_client->setConfig(paced);

    RevocationRun run(m_client.get(), m_log.get(), RevocationPlan::fromSessions(sessions),
                      u"bulk"_s, paced);
    QVERIFY(runToEnd(run));
    QCOMPARE(run.count(Result::Revoked), Count);
    QCOMPARE(run.attempted(), Count);

    int tooMany = 0;
    QHash<QString, int> applied;
    for (const auto &request : m_mock->requestLog()) {
        QCOMPARE(request.method, QByteArray("POST")); // no read-back was needed
        if (request.status == 429)
            ++tooMany;
        else if (request.status == 200)
            ++applied[request.path];
        else
            QFAIL(qPrintable(u"unexpected %1 for %2"_s.arg(request.status).arg(request.path)));
    }
    QVERIFY2(tooMany > 0, "the server's rate limit was never reached");
    QCOMPARE(applied.size(), Count);
    for (const Session &session : sessions) {
        QCOMPARE(applied.value(revokePath(session.id)), 1); // exactly once
        QCOMPARE(mockStatus(session.id), SessionStatus::Revoked);
    }
    const QList<AuditEntry> lines = auditLines();
    QCOMPARE(lines.size(), Count); // one line per attempt
    QSet<QString> logged;
    for (const AuditEntry &line : lines) {
        QCOMPARE(line.result, u"revoked"_s);
        logged.insert(line.sessionId);
    }
    QCOMPARE(logged.size(), Count);
}

void TestRevocationRun::cancelAfterK()
{
    constexpr int K = 7;
    const QList<Session> sessions = liveSessions(20);
    RevocationRun run(m_client.get(), m_log.get(), RevocationPlan::fromSessions(sessions), {},
                      config());
    connect(&run, &RevocationRun::progress, &run, [&run](int done, int) {
        if (done == K)
            run.cancel();
    });
    QVERIFY(runToEnd(run));
    QVERIFY(!run.isRunning());
    QCOMPARE(run.attempted(), K);
    QCOMPARE(run.count(Result::Revoked), K);
    QCOMPARE(run.count(Result::Cancelled), 20 - K);
    int revoked = 0;
    for (qsizetype i = 0; i < sessions.size(); ++i) {
        const bool expected = i < K;
        QCOMPARE(mockStatus(sessions.at(i).id) == SessionStatus::Revoked, expected);
        QCOMPARE(posts(sessions.at(i).id).size(), expected ? 1 : 0);
        revoked += expected ? 1 : 0;
    }
    QCOMPARE(int(m_mock->requestLog().size()), K);
    QCOMPARE(auditLines().size(), K);
    QCOMPARE(run.outcomes().at(K).message, u"not attempted: cancelled"_s);
}

void TestRevocationRun::cancelWhileWaitingForTheLimiter()
{
    // One request a minute: the second POST waits in the limiter, and cancel() takes it back.
    ClerkConfig slow = config();
    slow.setRateLimit(1, 60'000);
    m_client->setConfig(slow);
    const QList<Session> sessions = liveSessions(3);
    RevocationRun run(m_client.get(), m_log.get(), RevocationPlan::fromSessions(sessions), {},
                      slow);
    QSignalSpy recorded(&run, &RevocationRun::outcomeRecorded);
    QSignalSpy finished(&run, &RevocationRun::finished);
    run.start();
    QVERIFY(recorded.wait(10'000));
    QTest::qWait(50);
    QVERIFY(run.isRunning());
    run.cancel();
    QCOMPARE(finished.size(), 1); // at once: nothing was in flight
    QCOMPARE(run.attempted(), 1);
    QCOMPARE(run.count(Result::Revoked), 1);
    QCOMPARE(run.count(Result::Cancelled), 2);
    QCOMPARE(int(m_mock->requestLog().size()), 1);
    QCOMPARE(m_client->pendingCount(), 0);
    QTest::qWait(100);
    QCOMPARE(int(m_mock->requestLog().size()), 1);
    QCOMPARE(auditLines().size(), 1);
}

void TestRevocationRun::serverErrorMidBatchRetried()
{
    const QList<Session> sessions = liveSessions(10);
    const QString failing = sessions.at(3).id;
    m_mock->addScriptedFault({"POST", revokePath(failing), 500, false});
    RevocationRun run(m_client.get(), m_log.get(), RevocationPlan::fromSessions(sessions),
                      u"incident"_s, config());
    QVERIFY(runToEnd(run));
    QCOMPARE(run.count(Result::Revoked), 9);
    QCOMPARE(run.count(Result::Failed), 1);
    const RevocationRun::Outcome failed = run.outcomes().at(3);
    QCOMPARE(failed.result, Result::Failed);
    QCOMPARE(failed.httpStatus, 500);
    QVERIFY2(failed.message.contains(u"There was an internal error on our servers"_s),
             qPrintable(failed.message));
    QVERIFY2(failed.message.endsWith(u"; read back: still active"_s), qPrintable(failed.message));
    // The trace id is the one the server gave that answer.
    QString serverTrace;
    for (const auto &request : m_mock->requestLog()) {
        if (request.path == revokePath(failing) && request.status == 500)
            serverTrace = QString::fromLatin1(request.traceId);
    }
    QCOMPARE(failed.traceId, serverTrace);
    QCOMPARE(mockStatus(failing), SessionStatus::Active);
    QList<AuditEntry> lines = auditLines();
    QCOMPARE(lines.size(), 10);
    QCOMPARE(lines.at(3).result, u"failed"_s);
    QCOMPARE(lines.at(3).httpStatus, 500);
    QCOMPARE(lines.at(3).traceId, serverTrace);

    QSignalSpy finished(&run, &RevocationRun::finished);
    run.retryFailed();
    QVERIFY(finished.wait(10'000));
    QCOMPARE(run.count(Result::Revoked), 10);
    QCOMPARE(run.outcomes().at(3).httpStatus, 200);
    QCOMPARE(run.attempted(), 11);
    QCOMPARE(mockStatus(failing), SessionStatus::Revoked);
    QCOMPARE(posts(failing), (QList<int>{500, 200}));
    for (const Session &session : sessions) {
        if (session.id != failing)
            QCOMPARE(posts(session.id), QList<int>{200});
    }
    lines = auditLines();
    QCOMPARE(lines.size(), 11);
    QCOMPARE(lines.last().sessionId, failing);
    QCOMPARE(lines.last().result, u"revoked"_s);
}

void TestRevocationRun::lostAnswerReadBack()
{
    // The server revokes, then the answer is lost: the connection closes mid-body (a network
    // error) or the gateway answers 502. Read back with GET: revoked, counted as Revoked, and
    // the POST is not sent again.
    const QList<Session> sessions = liveSessions(3);
    m_mock->addScriptedFault({"POST", revokePath(sessions.at(0).id), 0, true});
    m_mock->addScriptedFault({"POST", revokePath(sessions.at(1).id), 502, false});
    RevocationRun run(m_client.get(), m_log.get(), RevocationPlan::fromSessions(sessions), {},
                      config());
    QSignalSpy updated(&run, &RevocationRun::sessionUpdated);
    QVERIFY(runToEnd(run));
    QCOMPARE(run.count(Result::Revoked), 3);
    QCOMPARE(run.attempted(), 3);
    QCOMPARE(updated.size(), 3);
    const RevocationRun::Outcome dropped = run.outcomes().at(0);
    QVERIFY2(dropped.message.endsWith(u"; read back: revoked"_s), qPrintable(dropped.message));
    QVERIFY(dropped.session && dropped.session->status == SessionStatus::Revoked);
    const RevocationRun::Outcome gateway = run.outcomes().at(1);
    QCOMPARE(gateway.httpStatus, 502);
    QVERIFY2(gateway.message.endsWith(u"; read back: revoked"_s), qPrintable(gateway.message));
    for (const Session &session : sessions) {
        QCOMPARE(posts(session.id).size(), 1); // never twice
        QCOMPARE(mockStatus(session.id), SessionStatus::Revoked);
    }
    int reads = 0;
    for (const auto &request : m_mock->requestLog())
        reads += request.method == "GET" ? 1 : 0;
    QCOMPARE(reads, 2);
    QCOMPARE(m_mock->pendingScriptedFaults(), 0);
    QCOMPARE(auditLines().size(), 3);
}

void TestRevocationRun::revokedMeanwhile()
{
    // Planned while active, revoked by someone else before the run got to it, and one deleted.
    const QList<Session> sessions = liveSessions(3);
    MockInstance &instance = m_mock->instance();
    instance.revoke(instance.findSession(sessions.at(1).id));
    RevocationPlan plan = RevocationPlan::fromSessions(sessions);
    RevocationTarget gone = plan.toRevoke.at(2);
    gone.sessionId = u"sess_doesnotexist"_s;
    plan.toRevoke.append(gone);
    RevocationRun run(m_client.get(), m_log.get(), plan, {}, config());
    QVERIFY(runToEnd(run));
    QCOMPARE(run.outcomes().at(0).result, Result::Revoked);
    QCOMPARE(run.outcomes().at(1).result, Result::AlreadyInactive);
    QCOMPARE(run.outcomes().at(1).httpStatus, 400);
    QVERIFY2(run.outcomes().at(1).message.endsWith(u"; read back: revoked"_s),
             qPrintable(run.outcomes().at(1).message));
    QCOMPARE(run.outcomes().at(2).result, Result::Revoked);
    QCOMPARE(run.outcomes().at(3).result, Result::NotFound);
    QCOMPARE(run.outcomes().at(3).httpStatus, 404);
    QCOMPARE(posts(sessions.at(1).id), QList<int>{400});
    const QList<AuditEntry> lines = auditLines();
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(1).result, u"already_inactive"_s);
    QCOMPARE(lines.at(3).result, u"not_found"_s);
}

void TestRevocationRun::recheckFileSessions()
{
    // Sessions from a file: read back first; one this instance does not have is never revoked.
    QList<Session> sessions = liveSessions(2);
    Session stale = sessions.at(1);
    MockInstance &instance = m_mock->instance();
    instance.revoke(instance.findSession(stale.id)); // the file still says active
    Session foreign = sessions.at(0);
    foreign.id = u"sess_fromanotherinstance"_s;
    sessions.append(foreign);
    SessionRecheck recheck(m_client.get(), sessions);
    QSignalSpy finished(&recheck, &SessionRecheck::finished);
    recheck.start();
    QVERIFY(finished.wait(10'000));
    const auto result = finished.first().first().value<SessionRecheck::Result>();
    QVERIFY(result.complete());
    QCOMPARE(result.found.size(), 2);
    QCOMPARE(result.notFound.size(), 1);
    QCOMPARE(result.notFound.first().sessionId, foreign.id);
    const RevocationPlan plan = result.plan();
    QCOMPARE(plan.size(), 1);
    QCOMPARE(plan.toRevoke.first().sessionId, sessions.at(0).id);
    QCOMPARE(plan.skipped.size(), 2);
    QCOMPARE(plan.skipped.at(0).second, u"already revoked"_s);
    QCOMPARE(plan.skipped.at(1).second, u"not found on this instance"_s);
    for (const auto &request : m_mock->requestLog())
        QCOMPARE(request.method, QByteArray("GET"));
}

void TestRevocationRun::clientGoneMidRun()
{
    // The answer never comes (the server is slow) and the connection goes away: that attempt is
    // logged as failed with its state unknown, and nothing more is tried.
    const QList<Session> sessions = liveSessions(3);
    m_mock->setLatency(2'000);
    RevocationRun run(m_client.get(), m_log.get(), RevocationPlan::fromSessions(sessions), {},
                      config());
    QSignalSpy finished(&run, &RevocationRun::finished);
    run.start();
    QTRY_COMPARE(m_client->requestsSent(), qint64(1));
    m_client.reset();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(run.attempted(), 1);
    QCOMPARE(run.outcomes().at(0).result, Result::Failed);
    QVERIFY(run.outcomes().at(0).message.contains(u"state is unknown"_s));
    QCOMPARE(run.count(Result::Cancelled), 2);
    const QList<AuditEntry> lines = auditLines();
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.first().result, u"failed"_s);
}

QTEST_GUILESS_MAIN(TestRevocationRun)
#include "tst_revocationrun.moc"

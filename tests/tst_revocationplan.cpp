// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// RevocationPlan: the dry run of a revocation, exact lists and reasons.
#include "revocationplan.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {
Session session(const QString &id, const QString &user, SessionStatus status,
                const QString &text = {})
{
    Session s;
    s.id = id;
    s.userId = user;
    s.status = status;
    s.statusText = text.isEmpty() ? QString::fromLatin1(statusName(status)) : text;
    return s;
}

QStringList ids(const QList<RevocationTarget> &targets)
{
    QStringList out;
    for (const RevocationTarget &target : targets)
        out.append(target.sessionId);
    return out;
}

QStringList skippedText(const RevocationPlan &plan)
{
    QStringList out;
    for (const auto &[target, reason] : plan.skipped)
        out.append(target.sessionId + u'=' + reason);
    return out;
}
} // namespace

class TestRevocationPlan : public QObject
{
    Q_OBJECT

private slots:
    void mixedStatuses();
    void unknownStatusSkipped();
    void eachSessionOnce();
    void empty();
};

void TestRevocationPlan::mixedStatuses()
{
    const QList<Session> sessions = {
        session(u"s1"_s, u"u1"_s, SessionStatus::Active),
        session(u"s2"_s, u"u1"_s, SessionStatus::Revoked),
        session(u"s3"_s, u"u2"_s, SessionStatus::Pending),
        session(u"s4"_s, u"u2"_s, SessionStatus::Ended),
        session(u"s5"_s, u"u3"_s, SessionStatus::Expired),
        session(u"s6"_s, u"u3"_s, SessionStatus::Removed),
        session(u"s7"_s, u"u3"_s, SessionStatus::Abandoned),
        session(u"s8"_s, u"u3"_s, SessionStatus::Replaced),
        session(u"s9"_s, u"u1"_s, SessionStatus::Active),
    };
    const RevocationPlan plan = RevocationPlan::fromSessions(sessions);
    QCOMPARE(ids(plan.toRevoke), (QStringList{u"s1"_s, u"s3"_s, u"s9"_s}));
    QCOMPARE(plan.size(), 3);
    QCOMPARE(plan.userIds(), (QStringList{u"u1"_s, u"u2"_s}));
    QCOMPARE(skippedText(plan),
             (QStringList{u"s2=already revoked"_s, u"s4=ended"_s, u"s5=expired"_s, u"s6=removed"_s,
                          u"s7=abandoned"_s, u"s8=replaced"_s}));
    QCOMPARE(plan.toRevoke.at(1).status, SessionStatus::Pending);
    QCOMPARE(plan.toRevoke.at(1).statusText, u"pending"_s);
    QCOMPARE(plan.toRevoke.at(1).userId, u"u2"_s);
}

void TestRevocationPlan::unknownStatusSkipped()
{
    const RevocationPlan plan = RevocationPlan::fromSessions(
        {session(u"s1"_s, u"u1"_s, SessionStatus::Unknown, u"suspended"_s),
         session(u"s2"_s, u"u1"_s, SessionStatus::Active)});
    QCOMPARE(ids(plan.toRevoke), QStringList{u"s2"_s});
    QCOMPARE(skippedText(plan), QStringList{u"s1=unknown status \"suspended\""_s});
    QCOMPARE(plan.skipped.first().first.statusText, u"suspended"_s);
}

void TestRevocationPlan::eachSessionOnce()
{
    // The same session twice (two files, or a file and the API): planned once, the first kept.
    const RevocationPlan plan =
        RevocationPlan::fromSessions({session(u"s1"_s, u"u1"_s, SessionStatus::Active),
                                      session(u"s1"_s, u"u1"_s, SessionStatus::Active),
                                      session(u"s2"_s, u"u1"_s, SessionStatus::Revoked),
                                      session(u"s2"_s, u"u1"_s, SessionStatus::Active),
                                      session(QString(), u"u1"_s, SessionStatus::Active)});
    QCOMPARE(ids(plan.toRevoke), QStringList{u"s1"_s});
    QCOMPARE(skippedText(plan), QStringList{u"s2=already revoked"_s});
}

void TestRevocationPlan::empty()
{
    const RevocationPlan plan = RevocationPlan::fromSessions({});
    QVERIFY(plan.isEmpty());
    QVERIFY(plan.skipped.isEmpty());
    QVERIFY(plan.userIds().isEmpty());
    QVERIFY(RevocationPlan::skipReason(SessionStatus::Active, u"active"_s).isEmpty());
    QVERIFY(RevocationPlan::isRevocable(SessionStatus::Pending));
    QVERIFY(!RevocationPlan::isRevocable(SessionStatus::Revoked));
}

QTEST_GUILESS_MAIN(TestRevocationPlan)
#include "tst_revocationplan.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "anomalydetector.h"
#include "anomalyrules.h"
#include "batchbuilder.h"
#include "sessionfilter.h"
#include "sessionfiltermatcher.h"
#include "sessiongenerator.h"
#include "sessionstore.h"

#include <QTest>

#include <algorithm>
#include <map>

namespace {

constexpr qint64 Now = 1795651200000; // 2026-11-26T00:00:00Z, SessionGenerator's default "now"
constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 T = Now - 30 * Day; // the crafted timelines start here

using Flag = AnomalyRules::Flag;

// One crafted session: "A" is session sess_A.
struct Row
{
    const char *id;
    const char *user;
    const char *status;
    qint64 created;
    qint64 lastActive;
    qint64 expire = Now + 7 * Day;
    const char *country = "US";
    const char *device = "Macintosh";
    const char *browser = "Chrome";
    bool activity = true;
    const char *actor = ""; // empty: not impersonated
};

SessionBatch batchOf(const std::vector<Row> &rows)
{
    SessionBatch batch;
    for (const Row &row : rows) {
        SessionSpec spec;
        spec.id = std::string("sess_") + row.id;
        spec.userId = row.user;
        spec.status = row.status;
        spec.lastActiveAt = row.lastActive;
        spec.updatedAt = std::max(row.created, row.lastActive);
        spec.country = row.country;
        spec.device = row.device;
        spec.browser = row.browser;
        spec.activity = row.activity;
        spec.actorSub = row.actor;
        addSession(batch, spec);
        SessionBatch::Record &record = batch.at(batch.size() - 1);
        record.createdAt = row.created;
        record.expireAt = row.expire;
    }
    return batch;
}

void load(SessionStore &store, const std::vector<Row> &rows)
{
    store.upsert(batchOf(rows));
}

// The sessions carrying `flag`, in row order: "A B".
QString flagged(const AnomalyDetector &detector, const SessionStore &store, Flag flag)
{
    QStringList ids;
    for (int row = 0; row < store.size(); ++row) {
        if (detector.flags(row) & flag)
            ids << QString::fromLatin1(store.id(row).substr(5));
    }
    return ids.join(u' ');
}

QList<Session> generatedSessions(qint64 count, std::uint64_t seed)
{
    SessionGenerator::Options options;
    options.seed = seed;
    options.sessions = count;
    QList<Session> sessions;
    SessionGenerator(options).forEachUser(
        [&](const SessionGenerator::User &user) { sessions.append(user.sessions); });
    return sessions;
}

// The rules as AnomalyDetector's comment states them, the slow way: every pair of a user's
// sessions, over Session values.
std::vector<quint8> referenceFlags(const SessionStore &store, const AnomalyRules &rules, qint64 now)
{
    const int rows = store.size();
    std::vector<Session> sessions;
    for (int row = 0; row < rows; ++row)
        sessions.push_back(store.session(row));
    std::map<QString, std::vector<int>> byUser;
    std::vector<quint8> flags(std::size_t(rows), 0);
    const auto stale = [now](const Session &s) {
        return s.status == SessionStatus::Active && s.expireAt != 0 && s.expireAt < now;
    };
    for (int row = 0; row < rows; ++row) {
        const Session &s = sessions[std::size_t(row)];
        if (stale(s))
            flags[std::size_t(row)] |= AnomalyRules::StaleActive;
        if (s.status == SessionStatus::Active && s.isImpersonated())
            flags[std::size_t(row)] |= AnomalyRules::Impersonated;
        if (!s.userId.isNull())
            byUser[s.userId].push_back(row);
    }
    const auto country = [](const Session &s) {
        return s.latestActivity ? s.latestActivity->country.toLower() : QString();
    };
    struct Interval
    {
        qint64 start = 0;
        qint64 end = 0;
        bool inUse = false;
    };
    const auto interval = [&](const Session &s) {
        Interval i;
        i.start = s.createdAt != 0 ? s.createdAt : s.lastActiveAt;
        i.end = s.lastActiveAt;
        if (s.status == SessionStatus::Active && !stale(s))
            i.end = std::max(s.lastActiveAt, now);
        i.end = std::max(i.end, i.start);
        i.inUse = s.createdAt != 0 || s.lastActiveAt != 0;
        return i;
    };
    for (const auto &[user, group] : byUser) {
        for (const int r : group) {
            const Session &s = sessions[std::size_t(r)];
            quint8 &f = flags[std::size_t(r)];
            // Travel.
            if (!country(s).isEmpty() && s.lastActiveAt != 0) {
                for (const int o : group) {
                    const Session &other = sessions[std::size_t(o)];
                    if (!country(other).isEmpty() && other.lastActiveAt != 0 &&
                        country(other) != country(s) &&
                        std::abs(other.lastActiveAt - s.lastActiveAt) <= rules.travelWindowMs) {
                        f |= AnomalyRules::Travel;
                    }
                }
            }
            // Concurrent: the most intervals in use at once within this one's is reached at
            // its start or at another one's start inside it.
            const Interval mine = interval(s);
            if (mine.inUse) {
                std::vector<qint64> moments = {mine.start};
                for (const int o : group) {
                    const Interval other = interval(sessions[std::size_t(o)]);
                    if (other.inUse && other.start >= mine.start && other.start <= mine.end)
                        moments.push_back(other.start);
                }
                for (const qint64 t : moments) {
                    int inUse = 0;
                    for (const int o : group) {
                        const Interval other = interval(sessions[std::size_t(o)]);
                        inUse += other.inUse && other.start <= t && t <= other.end;
                    }
                    if (inUse > rules.concurrentLimit)
                        f |= AnomalyRules::Concurrent;
                }
            }
            // New device.
            if (s.latestActivity) {
                const auto pair = [](const Session &x) {
                    return std::pair(x.latestActivity->deviceType.toLower(),
                                     x.latestActivity->browserName.toLower());
                };
                bool earlier = false;
                bool seen = false;
                for (const int o : group) {
                    const Session &other = sessions[std::size_t(o)];
                    if (other.latestActivity && other.createdAt < s.createdAt) {
                        earlier = true;
                        seen = seen || pair(other) == pair(s);
                    }
                }
                if (earlier && !seen)
                    f |= AnomalyRules::NewDevice;
            }
        }
    }
    return flags;
}

std::vector<int> rowsWith(const std::vector<quint8> &flags, const char *query,
                          const SessionStore &store)
{
    const std::optional<SessionFilter> filter = SessionFilter::parse(QString::fromUtf8(query), Now);
    std::vector<int> rows;
    for (int row = 0; row < store.size(); ++row) {
        const quint8 f = std::size_t(row) < flags.size() ? flags[std::size_t(row)] : 0;
        if (filter->matches(store.session(row), f))
            rows.push_back(row);
    }
    return rows;
}

} // namespace

class TstAnomalyDetector : public QObject
{
    Q_OBJECT

private slots:
    void names()
    {
        QStringList names;
        for (const Flag flag : AnomalyRules::Flags) {
            names << AnomalyRules::name(flag);
            QCOMPARE(AnomalyRules::flagNamed(AnomalyRules::name(flag)), std::optional(flag));
        }
        QCOMPARE(names.join(u','),
                 QStringLiteral("travel,concurrent,stale-active,impersonated,new-device"));
        QCOMPARE(AnomalyRules::flagNamed(u"Stale_Active"),
                 std::optional(AnomalyRules::StaleActive));
        QCOMPARE(AnomalyRules::flagNamed(u"NEW-DEVICE"), std::optional(AnomalyRules::NewDevice));
        QVERIFY(!AnomalyRules::flagNamed(u"stale"));
        QVERIFY(!AnomalyRules::flagNamed(u""));
        QCOMPARE(AnomalyRules::labels(AnomalyRules::Travel | AnomalyRules::NewDevice),
                 (QStringList{QStringLiteral("Travel"), QStringLiteral("New device")}));
        QCOMPARE(AnomalyRules::labels(0), QStringList());
        QCOMPARE(AnomalyRules::AllFlags, quint8(31));
    }

    void descriptions()
    {
        AnomalyRules rules;
        QCOMPARE(rules.description(AnomalyRules::Travel),
                 QStringLiteral("Travel: another session of the same user was last active in a "
                                "different country no more than 24 hours before or after this "
                                "session's last activity. Only the latest activity of each "
                                "session is known, so travel shows across sessions, not within "
                                "one; sessions without a country are left out."));
        QVERIFY(rules.description(AnomalyRules::Concurrent)
                    .startsWith(QStringLiteral("Concurrent: at some moment while this session "
                                               "was in use, more than 3 of the user's")));
        rules.travelWindowMs = 4 * Day;
        rules.concurrentLimit = 5;
        QVERIFY(rules.description(AnomalyRules::Travel).contains(u"no more than 4 days before"));
        QVERIFY(rules.description(AnomalyRules::Concurrent).contains(u"more than 5 of"));
        rules.travelWindowMs = 90 * Minute;
        QVERIFY(rules.description(AnomalyRules::Travel).contains(u"no more than 90 minutes"));

        // The help names every filter word and says every rule, escaped for HTML.
        const QString help = SessionFilter::syntaxHelp(rules);
        for (const Flag flag : AnomalyRules::Flags) {
            QVERIFY(help.contains(
                QStringLiteral("<code>flag:%1</code>").arg(AnomalyRules::name(flag))));
        }
        QVERIFY(help.contains(u"no more than 90 minutes"));
        QVERIFY(help.contains(u"<td>another session of the same user"));
        QVERIFY(SessionFilter::syntaxHelp().contains(u"no more than 24 hours"));
        QVERIFY(SessionFilter::syntaxHelp().contains(u"<code>flag:travel,concurrent</code>"));
    }

    void staleActive()
    {
        SessionStore store;
        load(store,
             {
                 {"A", "user_1", "active", T, T + Hour, Now - 1}, // expired a moment ago
                 {"B", "user_1", "active", T, T + Hour, Now}, // expires now: not yet past
                 {"C", "user_1", "active", T, T + Hour, Now + Day}, // still valid
                 {"D", "user_1", "ended", T, T + Hour, Now - Day}, // not marked active
                 {"E", "user_1", "active", T, T + Hour, 0}, // no expiry known
                 {"F", "user_1", "expired", T, T + Hour, Now - Day}, // Clerk caught up
                 {"G", "user_2", "active", T, T + Hour, T + 2 * Hour},
             });
        AnomalyDetector detector;
        detector.recompute(store, Now);
        QCOMPARE(flagged(detector, store, AnomalyRules::StaleActive), QStringLiteral("A G"));
        // As of an hour earlier, A had not expired yet; B and C are past at a later time.
        detector.recompute(store, Now - Hour);
        QCOMPARE(flagged(detector, store, AnomalyRules::StaleActive), QStringLiteral("G"));
        detector.recompute(store, Now + Day + 1);
        QCOMPARE(flagged(detector, store, AnomalyRules::StaleActive), QStringLiteral("A B C G"));
        QCOMPARE(detector.computedAt(), Now + Day + 1);
    }

    void impersonated()
    {
        SessionStore store;
        load(store,
             {
                 {"A", "user_1", "active", T, T + Hour, Now + Day, "US", "Macintosh", "Chrome",
                  true, "user_admin"},
                 {"B", "user_1", "ended", T, T + Hour, Now + Day, "US", "Macintosh", "Chrome", true,
                  "user_admin"},
                 {"C", "user_1", "active", T, T + Hour},
                 {"D", "user_2", "active", T, T + Hour, Now - Day, "US", "Macintosh", "Chrome",
                  true, "user_admin"}, // expired: stale too
                 {"E", "user_2", "revoked", T, T + Hour, Now + Day, "US", "Macintosh", "Chrome",
                  true, "user_admin"},
                 {"F", "user_3", "pending", T, T + Hour, Now + Day, "US", "Macintosh", "Chrome",
                  false, "user_admin"},
             });
        AnomalyDetector detector;
        detector.recompute(store, Now);
        QCOMPARE(flagged(detector, store, AnomalyRules::Impersonated), QStringLiteral("A D"));
        QCOMPARE(flagged(detector, store, AnomalyRules::StaleActive), QStringLiteral("D"));
        QCOMPARE(detector.flags(3), quint8(AnomalyRules::Impersonated | AnomalyRules::StaleActive));
    }

    void travel()
    {
        SessionStore store;
        load(store,
             {
                 // Two countries 20 h apart: both; later sessions in DE are 48 h from the US one.
                 {"A", "user_1", "ended", T, T},
                 {"B", "user_1", "ended", T, T + 20 * Hour, Now, "DE"},
                 {"C", "user_1", "ended", T, T + 68 * Hour, Now, "DE"},
                 {"D", "user_1", "ended", T, T + 69 * Hour, Now, "DE"},
                 // Exactly the window apart: in; a millisecond more: out. Case does not count.
                 {"F", "user_2", "ended", T, T, Now, "FR"},
                 {"G", "user_2", "ended", T, T + Hour, Now, "fr"},
                 {"H", "user_2", "ended", T, T + 25 * Hour, Now, "CH"},
                 {"I", "user_2", "ended", T, T + 49 * Hour + 1, Now, "IT"},
                 // No country, or no activity, or no last activity: left out.
                 {"J", "user_3", "ended", T, T, Now, ""},
                 {"K", "user_3", "ended", T, T + Hour, Now, "DE"},
                 {"L", "user_3", "ended", T, T + Hour, Now, "US", "Macintosh", "Chrome", false},
                 {"M", "user_4", "ended", 0, 0, Now, "US"},
                 {"N", "user_4", "ended", T, T, Now, "DE"},
                 // Other users, same moment.
                 {"O", "user_5", "ended", T, T, Now, "US"},
                 {"P", "user_6", "ended", T, T, Now, "BR"},
             });
        AnomalyDetector detector;
        detector.recompute(store, Now);
        QCOMPARE(flagged(detector, store, AnomalyRules::Travel), QStringLiteral("A B G H"));

        AnomalyRules wider;
        wider.travelWindowMs = 25 * Hour;
        QVERIFY(detector.setRules(wider));
        QVERIFY(!detector.setRules(wider));
        detector.recompute(store, Now);
        QCOMPARE(flagged(detector, store, AnomalyRules::Travel), QStringLiteral("A B F G H I"));

        AnomalyRules narrow;
        narrow.travelWindowMs = 0; // the same millisecond only
        detector.setRules(narrow);
        detector.recompute(store, Now);
        QCOMPARE(flagged(detector, store, AnomalyRules::Travel), QString());
    }

    void concurrent()
    {
        SessionStore store;
        load(store,
             {
                 // Ended sessions are in use from creation to last activity. At T+8h four are
                 // (C ends and D starts then: closed intervals); E meets only three.
                 {"A", "user_1", "ended", T, T + 10 * Hour},
                 {"B", "user_1", "ended", T + Hour, T + 9 * Hour},
                 {"C", "user_1", "ended", T + 2 * Hour, T + 8 * Hour},
                 {"D", "user_1", "ended", T + 8 * Hour, T + 12 * Hour},
                 {"E", "user_1", "ended", T + 9 * Hour + 30 * Minute, T + 11 * Hour},
                 // Three at once is not more than three.
                 {"F", "user_2", "ended", T, T + 10 * Hour},
                 {"G", "user_2", "ended", T + Hour, T + 9 * Hour},
                 {"H", "user_2", "revoked", T + 2 * Hour, T + 8 * Hour},
                 {"I", "user_2", "ended", T + 11 * Hour, T + 12 * Hour},
                 // Active sessions stay in use until now, whenever last seen: four at once.
                 {"J", "user_3", "active", T, T + Day},
                 {"K", "user_3", "active", T + 5 * Day, T + 5 * Day + Hour},
                 {"L", "user_3", "active", T + 10 * Day, T + 11 * Day},
                 {"M", "user_3", "active", T + 20 * Day, Now - Hour},
                 // The same with one ended: three.
                 {"N", "user_4", "active", T, T + Day},
                 {"O", "user_4", "ended", T + 5 * Day, T + 5 * Day + Hour},
                 {"P", "user_4", "active", T + 10 * Day, T + 11 * Day},
                 {"Q", "user_4", "active", T + 20 * Day, Now - Hour},
                 // The same with one past its expiry (stale): in use only until last seen.
                 {"R", "user_5", "active", T, T + Day, T + 2 * Day},
                 {"S", "user_5", "active", T + 5 * Day, T + 5 * Day + Hour},
                 {"U", "user_5", "active", T + 10 * Day, T + 11 * Day},
                 {"V", "user_5", "active", T + 20 * Day, Now - Hour},
                 // A session without times is never in use, open or not.
                 {"W", "user_6", "active", T, T},
                 {"X", "user_6", "active", T, T},
                 {"Y", "user_6", "active", T, T},
                 {"Z", "user_6", "active", 0, 0},
             });
        AnomalyDetector detector;
        detector.recompute(store, Now);
        QCOMPARE(flagged(detector, store, AnomalyRules::Concurrent),
                 QStringLiteral("A B C D J K L M"));
        QCOMPARE(flagged(detector, store, AnomalyRules::StaleActive), QStringLiteral("R"));

        AnomalyRules two;
        two.concurrentLimit = 2;
        detector.setRules(two);
        detector.recompute(store, Now);
        QCOMPARE(flagged(detector, store, AnomalyRules::Concurrent),
                 QStringLiteral("A B C D E F G H J K L M N P Q S U V W X Y"));
    }

    void newDevice()
    {
        SessionStore store;
        load(store,
             {
                 {"A", "user_1", "ended", T, T + Hour},
                 {"B", "user_1", "ended", T + Day, T + Day}, // the same pair again
                 {"C", "user_1", "ended", T + 2 * Day, T + 2 * Day, Now, "US", "Windows"},
                 // Both known, never together: new.
                 {"D", "user_1", "ended", T + 3 * Day, T + 3 * Day, Now, "US", "Macintosh",
                  "Firefox"},
                 {"E", "user_1", "ended", T + 4 * Day, T + 4 * Day, Now, "US", "macintosh",
                  "CHROME"},
                 {"F", "user_1", "ended", T + 5 * Day, T + 5 * Day, Now, "US", "Linux", "Chrome",
                  false}, // no activity: nothing to compare
                 {"G", "user_1", "ended", T + 2 * Day, T + 2 * Day, Now, "US", "Windows"},
                 // The first session has no activity: the next ones are the first known.
                 {"H", "user_2", "ended", T, T, Now, "US", "Linux", "Chrome", false},
                 {"I", "user_2", "ended", T + Day, T + Day},
                 {"J", "user_2", "ended", T + Day, T + Day, Now, "US", "iPhone", "Safari"},
                 {"K", "user_2", "ended", T + 2 * Day, T + 2 * Day, Now, "US", "iPhone", "Safari"},
                 // One session only.
                 {"L", "user_3", "ended", T + Day, T + Day, Now, "US", "Android"},
                 // Loaded newest first: creation time decides, not row order.
                 {"M", "user_4", "ended", T + 5 * Day, T + 5 * Day},
                 {"N", "user_4", "ended", T, T, Now, "US", "Linux", "Firefox"},
             });
        AnomalyDetector detector;
        detector.recompute(store, Now);
        QCOMPARE(flagged(detector, store, AnomalyRules::NewDevice), QStringLiteral("C D G M"));
    }

    // Rows without a user are on their own: only the single-row rules apply.
    void rowsWithoutUser()
    {
        SessionStore store;
        SessionBatch batch = batchOf({
            {"A", "user_1", "active", T, T, Now - 1, "US", "Macintosh", "Chrome", true, "adm"},
            {"B", "user_1", "active", T, T, Now + Day, "DE", "Windows", "Firefox"},
        });
        // B and C without a user id.
        batch.at(1).text[SessionBatch::UserId].present = false;
        SessionBatch more = batchOf({{"C", "user_1", "active", T, T + Hour, Now + Day, "FR"}});
        more.at(0).text[SessionBatch::UserId].present = false;
        store.upsert(batch);
        store.upsert(more);
        QVERIFY(store.isNull(1, SessionStore::UserId));
        AnomalyDetector detector;
        detector.recompute(store, Now);
        QCOMPARE(detector.flags(0), quint8(AnomalyRules::StaleActive | AnomalyRules::Impersonated));
        QCOMPARE(detector.flags(1), quint8(0));
        QCOMPARE(detector.flags(2), quint8(0));
        QCOMPARE(detector.flags(3), quint8(0)); // no such row
        QCOMPARE(detector.flags(-1), quint8(0));
    }

    // The detector against the rules written out the slow way, on generated sessions: every
    // rule fires on some rows and not on others.
    void matchesReference()
    {
        SessionStore store;
        SessionBatch batch;
        for (const Session &s : generatedSessions(20'000, 5))
            batch.add(s);
        store.upsert(batch);
        QCOMPARE(store.size(), 20'000);
        for (const AnomalyRules &rules :
             {AnomalyRules{}, AnomalyRules{7 * Day, 1}, AnomalyRules{Hour, 6}}) {
            AnomalyDetector detector(rules);
            detector.recompute(store, Now);
            const std::vector<quint8> expected = referenceFlags(store, rules, Now);
            QCOMPARE(detector.allFlags().size(), expected.size());
            for (int row = 0; row < store.size(); ++row) {
                if (detector.flags(row) != expected[std::size_t(row)]) {
                    QFAIL(qPrintable(QStringLiteral("row %1 (%2): %3, expected %4")
                                         .arg(row)
                                         .arg(store.string(row, SessionStore::UserId))
                                         .arg(detector.flags(row))
                                         .arg(expected[std::size_t(row)])));
                }
            }
            if (!(rules == AnomalyRules{}))
                continue;
            const auto counts = detector.counts();
            for (std::size_t f = 0; f < counts.size(); ++f) {
                QVERIFY2(counts[f] > 0 && counts[f] < store.size() / 2,
                         qPrintable(AnomalyRules::name(AnomalyRules::Flags[f]) + u' ' +
                                    QString::number(counts[f])));
            }
        }
    }

    // update() after an upsert gives what recompute() gives, and names the older rows whose
    // flags changed.
    void updateIsIncremental()
    {
        SessionStore store;
        load(store,
             {
                 {"A", "user_1", "ended", T, T},
                 {"B", "user_1", "ended", T + Day, T + Day},
                 {"C", "user_2", "ended", T, T},
                 {"D", "user_3", "active", T, T, Now + Day},
             });
        AnomalyDetector detector;
        QCOMPARE(detector.update(store, {{}, 0, 4, 0}, Now), std::vector<int>{}); // first: all
        QCOMPARE(detector.size(), 4);
        QCOMPARE(detector.flags(0), quint8(0));

        // A session in Germany 2 h after B's last activity, on a new browser: travel for B and
        // itself (not A, a day earlier), new device for itself.
        SessionStore::UpsertResult result =
            store.upsert(batchOf({{"E", "user_1", "ended", T + Day + Hour, T + Day + 2 * Hour, Now,
                                   "DE", "Macintosh", "Firefox"}}));
        QCOMPARE(result.firstNewRow, 4);
        QCOMPARE(detector.update(store, result, Now), std::vector<int>{1});
        QCOMPARE(flagged(detector, store, AnomalyRules::Travel), QStringLiteral("B E"));
        QCOMPARE(flagged(detector, store, AnomalyRules::NewDevice), QStringLiteral("E"));

        // D expires (updated in place, later): stale, and a later now for the rows of user_3.
        SessionBatch expired = batchOf({{"D", "user_3", "active", T, T + Hour, Now - Minute}});
        expired.at(0).updatedAt = Now;
        result = store.upsert(expired);
        QCOMPARE(result.updatedRows, std::vector<int>{3});
        QCOMPARE(detector.update(store, result, Now), std::vector<int>{3});
        QCOMPARE(flagged(detector, store, AnomalyRules::StaleActive), QStringLiteral("D"));

        // B moves to another user: user_1's travel goes with it.
        SessionBatch moved = batchOf({{"B", "user_2", "ended", T + Day, T + Day}});
        moved.at(0).updatedAt = Now;
        result = store.upsert(moved);
        QCOMPARE(detector.update(store, result, Now), (std::vector<int>{1, 4}));
        QCOMPARE(flagged(detector, store, AnomalyRules::Travel), QString());

        // Cleared and loaded again: the rows do not follow, everything is recomputed.
        store.clear();
        result = store.upsert(batchOf({{"X", "user_9", "active", T, T, Now - 1}}));
        detector.update(store, result, Now);
        QCOMPARE(detector.size(), 1);
        QCOMPARE(flagged(detector, store, AnomalyRules::StaleActive), QStringLiteral("X"));
    }

    // Generated sessions loaded in batches, some updating earlier rows with new countries and
    // browsers: after every batch, update() equals recompute() and reports exactly the changes.
    void updateMatchesRecompute()
    {
        QList<Session> sessions = generatedSessions(12'000, 9);
        // Every 50th session comes again later, elsewhere, on another browser.
        for (qsizetype k = 0; k < 9000; k += 50) {
            Session s = sessions[k];
            s.updatedAt += 1;
            s.lastActiveAt = std::max(s.lastActiveAt, Now - 3 * Hour);
            if (s.latestActivity) {
                s.latestActivity->country = k % 100 ? QStringLiteral("NZ") : QStringLiteral("jp");
                s.latestActivity->browserName = QStringLiteral("Lynx");
            }
            sessions.append(s);
        }
        SessionStore store;
        AnomalyDetector detector;
        AnomalyDetector fresh;
        int changedOld = 0;
        constexpr qsizetype BatchSize = 1500;
        for (qsizetype from = 0; from < sessions.size(); from += BatchSize) {
            SessionBatch batch;
            for (qsizetype k = from; k < std::min(sessions.size(), from + BatchSize); ++k)
                batch.add(sessions[k]);
            const std::vector<quint8> before = detector.allFlags();
            const SessionStore::UpsertResult result = store.upsert(batch);
            const std::vector<int> changed = detector.update(store, result, Now);
            fresh.recompute(store, Now);
            QVERIFY2(detector.allFlags() == fresh.allFlags(), qPrintable(QString::number(from)));
            std::vector<int> expected;
            for (std::size_t row = 0; row < before.size(); ++row) {
                if (before[row] != fresh.allFlags()[row])
                    expected.push_back(int(row));
            }
            QCOMPARE(changed, expected);
            changedOld += int(changed.size());
        }
        QCOMPARE(store.size(), 12'000);
        QVERIFY2(changedOld > 50, qPrintable(QString::number(changedOld)));
    }

    // flag: terms, matched by the reference and by the store matcher given the detector's flags.
    void filterOnFlags_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        const auto row = [](const char *query, const char *expected) {
            QTest::newRow(query) << QString::fromUtf8(query) << QString::fromLatin1(expected);
        };
        row("flag:travel", "A B");
        row("flag:concurrent", "C D E F");
        row("flag:stale-active", "G");
        row("flag:impersonated", "G H");
        row("flag:new-device", "B");
        row("flag:travel,impersonated", "A B G H");
        row("-flag:new-device", "A C D E F G H I");
        row("flag:*", "A B C D E F G H");
        row("-flag:*", "I");
        row("FLAG:Stale_Active", "G");
        row("flags:impersonated -flag:stale-active", "H");
        row("anomaly:travel user:user_1", "A B");
        row("flag:new…", "B");
        row("flag:\"travel\"", "A B");
        row("flag:travel,concurrent status:active", "C D E F");
        row("-flag:travel,concurrent,stale-active", "H I");
    }

    void filterOnFlags()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        SessionStore store;
        load(store,
             {
                 {"A", "user_1", "ended", T, T},
                 {"B", "user_1", "ended", T + Hour, T + Hour, Now, "DE", "Windows"},
                 {"C", "user_2", "active", T, T, Now + Day},
                 {"D", "user_2", "active", T, T, Now + Day},
                 {"E", "user_2", "active", T, T, Now + Day},
                 {"F", "user_2", "active", T, T, Now + Day},
                 {"G", "user_3", "active", T, T, Now - Day, "US", "Macintosh", "Chrome", true,
                  "user_admin"},
                 {"H", "user_4", "active", T, T, Now + Day, "US", "Macintosh", "Chrome", true,
                  "user_admin"},
                 {"I", "user_5", "ended", T, T},
             });
        AnomalyDetector detector;
        detector.recompute(store, Now);
        FilterError error;
        const std::optional<SessionFilter> filter = SessionFilter::parse(query, Now, &error);
        QVERIFY2(filter, qPrintable(error.message));

        const auto ids = [&store](const std::vector<int> &rows) {
            QStringList out;
            for (const int row : rows)
                out << QString::fromLatin1(store.id(row).substr(5));
            return out.join(u' ');
        };
        QCOMPARE(ids(rowsWith(detector.allFlags(), query.toUtf8().constData(), store)), expected);
        SessionFilterMatcher matcher(*filter, store);
        matcher.setAnomalyFlags(&detector.allFlags());
        QCOMPARE(matcher.anomalyFlags(), &detector.allFlags());
        QCOMPARE(ids(matcher.matchRows(0, store.size())), expected);
        for (int row = 0; row < store.size(); ++row)
            QCOMPARE(matcher.matches(row), expected.contains(QLatin1Char(store.id(row)[5])));
        // A matcher made from this one keeps the flags.
        const SessionFilterMatcher next(*filter, store, &matcher);
        QCOMPARE(ids(next.matchRows(0, store.size())), expected);
    }

    // Without flags (none given, or rows past the vector), no row has a flag; flags that change
    // and grow are read at the next match.
    void filterWithoutFlags()
    {
        SessionStore store;
        load(store,
             {
                 {"A", "user_1", "active", T, T, Now - 1},
                 {"B", "user_1", "active", T, T, Now + Day},
             });
        const std::optional<SessionFilter> stale =
            SessionFilter::parse(QStringLiteral("flag:stale-active"), Now);
        const std::optional<SessionFilter> notStale =
            SessionFilter::parse(QStringLiteral("-flag:stale-active"), Now);
        SessionFilterMatcher positive(*stale, store);
        SessionFilterMatcher negative(*notStale, store);
        QVERIFY(!positive.anomalyFlags());
        QCOMPARE(positive.matchRows(0, 2), std::vector<int>{});
        QCOMPARE(negative.matchRows(0, 2), (std::vector<int>{0, 1}));
        QVERIFY(!stale->matches(store.session(0)));
        QVERIFY(notStale->matches(store.session(0)));

        std::vector<quint8> flags; // nothing flagged yet
        positive.setAnomalyFlags(&flags);
        negative.setAnomalyFlags(&flags);
        QCOMPARE(positive.matchRows(0, 2), std::vector<int>{});
        QCOMPARE(negative.matchRows(0, 2), (std::vector<int>{0, 1}));
        flags = {AnomalyRules::StaleActive}; // row 0 only
        QCOMPARE(positive.matchRows(0, 2), std::vector<int>{0});
        QCOMPARE(negative.matchRows(0, 2), std::vector<int>{1});
        flags = {0, AnomalyRules::StaleActive | AnomalyRules::Travel};
        QCOMPARE(positive.matchRows(0, 2), std::vector<int>{1});
        QVERIFY(positive.matches(1));
        QVERIFY(!positive.matches(0));
        std::array<int, KnownStatusCount + 1> counts{};
        counts[std::size_t(SessionStatus::Active)] = 1;
        QCOMPARE(positive.countByStatus(0, 2), counts);
        positive.setAnomalyFlags(nullptr);
        QCOMPARE(positive.matchRows(0, 2), std::vector<int>{});
    }
};

QTEST_GUILESS_MAIN(TstAnomalyDetector)
#include "tst_anomalydetector.moc"

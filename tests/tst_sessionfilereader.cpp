// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "mappedfile.h"
#include "sessionfilereader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>
#include <thread>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using TF = SessionBatch::TextField;

// For QCOMPARE's message when two users differ.
char *toString(const UserSummary &user)
{
    return QTest::toString(
        QStringLiteral("{id %1, first %2, last %3, username %4, primary %5, emails [%6], "
                       "created %7, signed in %8, active %9, banned %10, locked %11}")
            .arg(user.id, user.firstName, user.lastName, user.username, user.primaryEmail,
                 user.emailAddresses.join(u','))
            .arg(user.createdAt)
            .arg(user.lastSignInAt)
            .arg(user.lastActiveAt)
            .arg(user.banned)
            .arg(user.locked));
}

namespace {

QString dataPath(const QString &relative)
{
    return QStringLiteral(SESSIONDESK_TEST_DATA "/") + relative;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    return file.readAll();
}

// Everything one read handed on, with accessors that turn a row back into values.
struct Loaded
{
    FileReport report;
    std::vector<std::unique_ptr<SessionBatch>> batches;
    std::vector<std::pair<const SessionBatch *, std::size_t>> rows;
    QList<qint64> progress;

    std::size_t size() const { return rows.size(); }
    const SessionBatch::Record &record(std::size_t row) const
    {
        return rows.at(row).first->at(rows.at(row).second);
    }
    // A null QString when the field was null or absent.
    QString text(std::size_t row, TF field) const
    {
        const SessionBatch &batch = *rows.at(row).first;
        const SessionBatch::Record &r = record(row);
        if (!batch.has(r, field))
            return {};
        const std::string_view value = batch.text(r, field);
        if (value.empty())
            return u""_s; // present but empty, unlike null
        return QString::fromUtf8(value.data(), qsizetype(value.size()));
    }
    QStringList ids() const
    {
        QStringList list;
        for (std::size_t i = 0; i < size(); ++i)
            list.append(text(i, TF::Id));
        return list;
    }
    // The users of all batches, each id once (a later batch's user replaces an earlier one's).
    QList<UserSummary> users() const
    {
        QList<UserSummary> all;
        for (const auto &batch : batches) {
            for (const UserSummary &user : batch->userSummaries()) {
                const auto same = [&user](const UserSummary &u) { return u.id == user.id; };
                if (const auto it = std::find_if(all.begin(), all.end(), same); it != all.end())
                    *it = user;
                else
                    all.append(user);
            }
        }
        return all;
    }
    int ignoredUsers() const
    {
        int count = 0;
        for (const auto &batch : batches)
            count += batch->ignoredUsers();
        return count;
    }
    // The task keys, or "null" when tasks was null or absent.
    QString tasks(std::size_t row) const
    {
        const QString value = text(row, TF::Tasks);
        if (value.isNull())
            return u"null"_s;
        QStringList keys = value.split(QLatin1Char('\0'));
        keys.removeLast(); // every key ends with '\0'
        return u"["_s + keys.join(u',') + u"]"_s;
    }
};

SessionFileReader::Options defaultOptions()
{
    return {};
}

Loaded read(const QString &path, const QByteArray *bytes = nullptr,
            SessionFileReader::Options options = defaultOptions(),
            const std::atomic_bool *cancel = nullptr, std::function<void(Loaded &)> afterBatch = {})
{
    Loaded loaded;
    SessionFileReader reader(
        [&loaded, &afterBatch](std::unique_ptr<SessionBatch> batch) {
            for (std::size_t i = 0; i < batch->size(); ++i)
                loaded.rows.emplace_back(batch.get(), i);
            loaded.batches.push_back(std::move(batch));
            if (afterBatch)
                afterBatch(loaded);
        },
        [&loaded](qint64 done) { loaded.progress.append(done); }, cancel, options);
    loaded.report = bytes ? reader.readBytes(*bytes, path) : reader.readFile(path);
    return loaded;
}

// A compact, valid snake_case session numbered i.
QByteArray session(int i)
{
    const QByteArray n = QByteArray::number(i).rightJustified(8, '0');
    return R"({"object":"session","id":"sess_)" + n + R"(","user_id":"user_)" + n +
        R"(","client_id":"client_)" + n +
        R"(","actor":null,"status":"active","last_active_organization_id":null,"last_active_at":)" +
        QByteArray::number(1716883200000 + i) +
        R"(,"latest_activity":{"object":"session_activity","id":"sess_activity_)" + n +
        R"(","device_type":"Macintosh","is_mobile":false,"browser_name":"Chrome","browser_version":"128.0.0.0","ip_address":"192.168.1.100","city":"San Francisco","country":"US"},"expire_at":1716969600000,"abandon_at":1719475200000,"updated_at":1716883200000,"created_at":1716883200000})";
}

// "Montréal" as a Latin-1 file holds it: "é" is the one byte 0xE9, which is not UTF-8.
QByteArray latin1Montreal()
{
    return "Montr" + QByteArray(1, char(0xE9)) + "al";
}

// The message for a byte that is not UTF-8, as "E9".
QString badUtf8(const char *byte)
{
    return u"invalid UTF-8: byte 0x"_s + QLatin1StringView(byte) +
        u" is not valid here (is the file Latin-1? save it as UTF-8)"_s;
}

QByteArray sessionArray(int count)
{
    QByteArray json = "[";
    for (int i = 0; i < count; ++i) {
        if (i)
            json += ",\n";
        json += session(i);
    }
    return json + "]\n";
}

// Checks what must hold after any read, however broken the input.
void checkInvariants(const Loaded &loaded)
{
    const FileReport &report = loaded.report;
    QCOMPARE(report.sessions, qint64(loaded.size()));
    QCOMPARE(qint64(report.errors.size()), std::min<qint64>(report.skipped, FileReport::MaxErrors));
    for (const RecordError &error : report.errors) {
        QVERIFY(error.record >= 0);
        QVERIFY(error.line >= 1);
        QVERIFY(error.column >= 1);
        QVERIFY(!error.message.isEmpty());
    }
    if (report.errorLine > 0)
        QVERIFY(report.errorColumn >= 1);
    for (std::size_t i = 0; i < loaded.size(); ++i)
        QVERIFY(!loaded.text(i, TF::Id).isNull()); // a required field
    // Users come only with sessions, each id once a batch.
    for (const auto &batch : loaded.batches) {
        QVERIFY(batch->size() >= batch->userCount());
        const QList<UserSummary> users = batch->userSummaries();
        QVERIFY(qsizetype(batch->userCount()) >= users.size());
        QSet<QString> ids;
        for (const UserSummary &user : users) {
            QVERIFY(!user.id.isEmpty());
            QVERIFY(!ids.contains(user.id));
            ids.insert(user.id);
        }
    }
}

// An event whose session (numbered i) carries `user` (none when null) as its first member, so
// that all of the session's own fields come after it: reading must go on after a user it gave up
// on halfway.
QByteArray eventWithUser(int i, const QByteArray &user)
{
    QByteArray data = session(i);
    if (!user.isNull())
        data.insert(1, "\"user\":" + user + ',');
    return R"({"object":"event","type":"session.created","data":)" + data + "}\n";
}

// The users of the events in shapes/events-users.ndjson.
UserSummary jane()
{
    UserSummary user;
    user.id = u"user_2h3JaNeD0eQw9ZxLmNbVcXdEfG1"_s;
    user.firstName = u"Jane"_s;
    user.lastName = u"Doe"_s;
    user.primaryEmail = u"jane@work.example"_s;
    user.emailAddresses = {u"jane@work.example"_s, u"jane.doe@home.example"_s};
    user.createdAt = 1716800000000;
    user.lastSignInAt = 1716883200000;
    user.lastActiveAt = 1716854400000;
    return user;
}

UserSummary janeLater()
{
    UserSummary user = jane();
    user.lastName = u"Roe"_s;
    user.primaryEmail = u"jane.roe@home.example"_s;
    user.emailAddresses = {u"jane@work.example"_s, u"jane.roe@home.example"_s};
    user.lastSignInAt = 1716969600000;
    user.lastActiveAt = 1716940800000;
    return user;
}

UserSummary bob()
{
    UserSummary user;
    user.id = u"user_2h3BoBbYt3kQw9ZxLmNbVcXdEfG"_s;
    user.firstName = u"Bob"_s;
    user.username = u"bob"_s;
    user.primaryEmail = u"bob@new.example"_s;
    user.emailAddresses = {u"bob@old.example"_s, u"bob@new.example"_s};
    user.createdAt = 1716800000000;
    user.banned = true;
    user.locked = true;
    return user;
}

} // namespace

class TstSessionFileReader : public QObject
{
    Q_OBJECT

private slots:
    void shapes_data();
    void shapes();
    void snakeCaseFields();
    void camelCaseMatchesSnakeCase();
    void envelopesHoldTheSameSessions();
    void webhookEvents();
    void usersFromEvents();
    void userSpellings();
    void userIsExtraData_data();
    void userIsExtraData();
    void userDoesNotVoteOnCasing();
    void clientObject();
    void camelCaseNdjsonAndClient();
    void latin1SkipsOneRecord();
    void latin1Elsewhere();
    void timestampRange();
    void byteOrderMarks();
    void ndjsonLineEndings();
    void malformed_data();
    void malformed();
    void missingFileAndDirectory();
    void permissionDenied();
    void readBytesMatchesReadFile();
    void batching();
    void flushInterval();
    void progress();
    void cancel();
    void pageBoundaries();
    void fileShrinksWhileRead_data();
    void fileShrinksWhileRead();
    void fileShrinksAtAnyMoment();
    void otherBusErrorsStillEndTheProcess();
    void errorsAreCapped();
    void fuzzedFixtures();
    void everyTruncation();
};

void TstSessionFileReader::shapes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("shape");
    QTest::addColumn<QString>("casing");
    QTest::addColumn<int>("sessions");
    QTest::addColumn<int>("skipped");

    QTest::newRow("array snake_case")
        << u"array-snake.json"_s << u"array"_s << u"snake_case"_s << 4 << 0;
    QTest::newRow("array camelCase")
        << u"array-camel.json"_s << u"array"_s << u"camelCase"_s << 3 << 0;
    QTest::newRow("paginated") << u"paginated.json"_s << u"paginated"_s << u"snake_case"_s << 4
                               << 0;
    QTest::newRow("sdk-paginated")
        << u"sdk-paginated.json"_s << u"sdk-paginated"_s << u"camelCase"_s << 3 << 0;
    QTest::newRow("session snake_case")
        << u"session.json"_s << u"session"_s << u"snake_case"_s << 1 << 0;
    QTest::newRow("session camelCase")
        << u"session-camel.json"_s << u"session"_s << u"camelCase"_s << 1 << 0;
    QTest::newRow("ndjson LF") << u"sessions.ndjson"_s << u"ndjson"_s << u"snake_case"_s << 4 << 0;
    QTest::newRow("ndjson CRLF") << u"sessions-crlf.ndjson"_s << u"ndjson"_s << u"snake_case"_s << 3
                                 << 0;
    QTest::newRow("event") << u"event-created.json"_s << u"event"_s << u"snake_case"_s << 1 << 0;
    QTest::newRow("events") << u"events.json"_s << u"events"_s << u"snake_case"_s << 3 << 0;
    QTest::newRow("ndjson-events")
        << u"events.ndjson"_s << u"ndjson-events"_s << u"snake_case"_s << 3 << 1;
    QTest::newRow("ndjson-events with users")
        << u"events-users.ndjson"_s << u"ndjson-events"_s << u"snake_case"_s << 3 << 0;
    QTest::newRow("client") << u"client.json"_s << u"client"_s << u"snake_case"_s << 2 << 0;
    QTest::newRow("ndjson camelCase")
        << u"sessions-camel.ndjson"_s << u"ndjson"_s << u"camelCase"_s << 3 << 0;
    QTest::newRow("client camelCase")
        << u"client-camel.json"_s << u"client"_s << u"camelCase"_s << 2 << 0;
    QTest::newRow("BOM at file start")
        << u"bom-array.json"_s << u"array"_s << u"snake_case"_s << 2 << 0;
    QTest::newRow("BOM at line starts")
        << u"bom-lines.ndjson"_s << u"ndjson"_s << u"snake_case"_s << 2 << 0;
    QTest::newRow("sessions and events mixed")
        << u"mixed.json"_s << u"array"_s << u"mixed"_s << 3 << 0;
}

void TstSessionFileReader::shapes()
{
    QFETCH(QString, file);
    QFETCH(QString, shape);
    QFETCH(QString, casing);
    QFETCH(int, sessions);
    QFETCH(int, skipped);
    const Loaded loaded = read(dataPath(u"shapes/"_s + file));
    QVERIFY2(!loaded.report.failed(), qPrintable(loaded.report.errorText()));
    QCOMPARE(loaded.report.shape, shape);
    QCOMPARE(loaded.report.casing, casing);
    QCOMPARE(loaded.report.sessions, qint64(sessions));
    QCOMPARE(loaded.report.skipped, qint64(skipped));
    QCOMPARE(qint64(loaded.size()), qint64(sessions));
    QCOMPARE(loaded.report.bytes, QFileInfo(dataPath(u"shapes/"_s + file)).size());
    QVERIFY(!loaded.report.cancelled);
    checkInvariants(loaded);
}

void TstSessionFileReader::snakeCaseFields()
{
    const Loaded loaded = read(dataPath(u"shapes/array-snake.json"_s));
    QCOMPARE(loaded.size(), std::size_t(4));

    // The spec's example session.
    QCOMPARE(loaded.text(0, TF::Object), u"session"_s);
    QCOMPARE(loaded.text(0, TF::Id), u"sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s);
    QCOMPARE(loaded.text(0, TF::UserId), u"user_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s);
    QCOMPARE(loaded.text(0, TF::ClientId), u"client_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s);
    QVERIFY(loaded.text(0, TF::ActorJson).isNull());
    QVERIFY(loaded.text(0, TF::ActorSub).isNull());
    QCOMPARE(loaded.text(0, TF::Status), u"active"_s);
    QCOMPARE(loaded.text(0, TF::OrganizationId), u"org_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s);
    QCOMPARE(loaded.record(0).lastActiveAt, 1716883200000LL);
    QCOMPARE(loaded.record(0).expireAt, 1716969600000LL);
    QCOMPARE(loaded.record(0).abandonAt, 1719475200000LL);
    QCOMPARE(loaded.record(0).updatedAt, 1716883200000LL);
    QCOMPARE(loaded.record(0).createdAt, 1716883200000LL);
    QVERIFY(loaded.record(0).hasActivity);
    QVERIFY(!loaded.record(0).isMobile);
    QCOMPARE(loaded.text(0, TF::ActivityObject), u"session_activity"_s);
    QCOMPARE(loaded.text(0, TF::ActivityId), u"sess_activity_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s);
    QCOMPARE(loaded.text(0, TF::DeviceType), u"Macintosh"_s);
    QCOMPARE(loaded.text(0, TF::BrowserName), u"Chrome"_s);
    QCOMPARE(loaded.text(0, TF::BrowserVersion), u"128.0.0.0"_s);
    QCOMPARE(loaded.text(0, TF::IpAddress), u"192.168.1.100"_s);
    QCOMPARE(loaded.text(0, TF::City), u"San Francisco"_s);
    QCOMPARE(loaded.text(0, TF::Country), u"US"_s);
    QCOMPARE(loaded.tasks(0), u"null"_s);

    // Impersonated, on a phone, with unknown fields (ignored) and an empty task list. The actor
    // keeps its JSON on one line although the file is pretty-printed.
    QCOMPARE(
        loaded.text(1, TF::ActorJson),
        u"{\"iss\":\"https://dashboard.clerk.com\",\"sid\":\"sess_2gZ8aB3cD4eF5gH6iJ7kL8mN9oP\",\"sub\":\"user_2gZ8aQ1rS2tU3vW4xY5zA6bC7dE\"}"_s);
    QCOMPARE(loaded.text(1, TF::ActorSub), u"user_2gZ8aQ1rS2tU3vW4xY5zA6bC7dE"_s);
    QVERIFY(loaded.text(1, TF::OrganizationId).isNull());
    QVERIFY(loaded.record(1).isMobile);
    QCOMPARE(loaded.text(1, TF::DeviceType), u"iPhone"_s);
    QCOMPARE(loaded.text(1, TF::BrowserName), u"Safari"_s);
    QCOMPARE(loaded.text(1, TF::IpAddress), u"2001:db8::1"_s);
    QCOMPARE(loaded.text(1, TF::City), u"São Paulo"_s);
    QCOMPARE(loaded.text(1, TF::Country), u"BR"_s);
    QCOMPARE(loaded.tasks(1), u"[]"_s);
    QVERIFY(!loaded.text(1, TF::Tasks).isNull());

    // Pending with tasks; latest_activity null.
    QCOMPARE(loaded.text(2, TF::Status), u"pending"_s);
    QCOMPARE(loaded.tasks(2), u"[choose-organization,reset-password]"_s);
    QVERIFY(!loaded.record(2).hasActivity);
    QVERIFY(loaded.text(2, TF::ActivityId).isNull());
    QVERIFY(loaded.text(2, TF::City).isNull());

    // A status the API may add later is kept as text.
    QCOMPARE(loaded.text(3, TF::Status), u"suspended_by_policy"_s);
    QCOMPARE(loaded.text(3, TF::City), u"Zürich"_s);
}

void TstSessionFileReader::camelCaseMatchesSnakeCase()
{
    // The JS SDK's JSON.stringify of the same sessions: same values, no object, no tasks, no
    // latestActivity.object.
    const Loaded snake = read(dataPath(u"shapes/array-snake.json"_s));
    const Loaded camel = read(dataPath(u"shapes/array-camel.json"_s));
    QCOMPARE(camel.size(), std::size_t(3));
    for (std::size_t i = 0; i < camel.size(); ++i) {
        for (const TF field :
             {TF::Id, TF::UserId, TF::ClientId, TF::ActorJson, TF::ActorSub, TF::Status,
              TF::OrganizationId, TF::ActivityId, TF::DeviceType, TF::BrowserName,
              TF::BrowserVersion, TF::IpAddress, TF::City, TF::Country}) {
            QCOMPARE(camel.text(i, field), snake.text(i, field));
        }
        QVERIFY(camel.text(i, TF::Object).isNull());
        QVERIFY(camel.text(i, TF::ActivityObject).isNull());
        QCOMPARE(camel.tasks(i), u"null"_s);
        QCOMPARE(camel.record(i).lastActiveAt, snake.record(i).lastActiveAt);
        QCOMPARE(camel.record(i).expireAt, snake.record(i).expireAt);
        QCOMPARE(camel.record(i).abandonAt, snake.record(i).abandonAt);
        QCOMPARE(camel.record(i).updatedAt, snake.record(i).updatedAt);
        QCOMPARE(camel.record(i).createdAt, snake.record(i).createdAt);
        QCOMPARE(camel.record(i).hasActivity, snake.record(i).hasActivity);
        QCOMPARE(camel.record(i).isMobile, snake.record(i).isMobile);
    }
}

void TstSessionFileReader::envelopesHoldTheSameSessions()
{
    const QStringList ids = read(dataPath(u"shapes/array-snake.json"_s)).ids();
    QCOMPARE(read(dataPath(u"shapes/paginated.json"_s)).ids(), ids);
    QCOMPARE(read(dataPath(u"shapes/sessions.ndjson"_s)).ids(), ids);
    QCOMPARE(read(dataPath(u"shapes/sessions-crlf.ndjson"_s)).ids(), ids.mid(0, 3));
    QCOMPARE(read(dataPath(u"shapes/sdk-paginated.json"_s)).ids(),
             read(dataPath(u"shapes/array-camel.json"_s)).ids());
    QCOMPARE(read(dataPath(u"shapes/session.json"_s)).ids(), ids.mid(0, 1));
    QCOMPARE(read(dataPath(u"shapes/session-camel.json"_s)).ids(), ids.mid(1, 1));
}

void TstSessionFileReader::webhookEvents()
{
    // The spec's SessionCreatedEventPayloadExample: a Session plus a nested user (ignored).
    const Loaded created = read(dataPath(u"shapes/event-created.json"_s));
    QCOMPARE(created.size(), std::size_t(1));
    QCOMPARE(created.text(0, TF::Id), u"sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s);
    QCOMPARE(created.text(0, TF::UserId), u"user_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s);
    QCOMPARE(created.text(0, TF::Status), u"active"_s);
    QCOMPARE(created.text(0, TF::BrowserVersion), u"128.0.0.0"_s);
    QCOMPARE(created.record(0).expireAt, 1716969600000LL);

    // An array of events, one of them with "data" before "type" as Clerk sends them.
    const Loaded events = read(dataPath(u"shapes/events.json"_s));
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(events.text(1, TF::Status), u"ended"_s);
    QCOMPARE(events.text(2, TF::Status), u"revoked"_s);
    QCOMPARE(events.text(2, TF::ActorSub), u"user_2gZ8aQ1rS2tU3vW4xY5zA6bC7dE"_s);

    // NDJSON of events: the user.created one is skipped, and said so.
    const Loaded ndjson = read(dataPath(u"shapes/events.ndjson"_s));
    QCOMPARE(ndjson.size(), std::size_t(3));
    QCOMPARE(ndjson.text(1, TF::Status), u"pending"_s);
    QCOMPARE(ndjson.tasks(1), u"[choose-organization,reset-password]"_s);
    QCOMPARE(ndjson.text(2, TF::Status), u"removed"_s);
    QCOMPARE(ndjson.report.skipped, 1);
    const RecordError &error = ndjson.report.errors.at(0);
    QCOMPARE(error.record, 2);
    QCOMPARE(error.field, u"type"_s);
    QCOMPARE(error.message, u"event type \"user.created\" holds no session"_s);
    QCOMPARE(error.line, 3);
    QCOMPARE(error.column, 26);
}

void TstSessionFileReader::usersFromEvents()
{
    // The spec's example: John Doe, whose primary address is not among his (empty) addresses.
    const Loaded created = read(dataPath(u"shapes/event-created.json"_s));
    UserSummary john;
    john.id = u"user_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s;
    john.firstName = u"John"_s;
    john.lastName = u"Doe"_s;
    john.createdAt = 1716883200000;
    john.lastSignInAt = 1716883200000;
    john.lastActiveAt = 1716883200000;
    QCOMPARE(created.users().size(), 1);
    QCOMPARE(created.users().at(0), john);
    QVERIFY(created.users().at(0).primaryEmail.isEmpty());
    QCOMPARE(created.ignoredUsers(), 0);

    // Three events of two users, with all the User's other members around. Jane's addresses come
    // after primary_email_address_id, Bob's before it (and each address before its id); Bob was
    // never active (null times). Jane's second event carries newer data, which wins.
    const Loaded events = read(dataPath(u"shapes/events-users.ndjson"_s));
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(events.report.skipped, 0);
    QCOMPARE(events.batches.size(), std::size_t(1));
    QCOMPARE(events.batches.front()->userCount(), std::size_t(3));
    const QList<UserSummary> users = events.batches.front()->userSummaries();
    QCOMPARE(users.size(), 2);
    QCOMPARE(users.at(0), janeLater());
    QCOMPARE(users.at(1), bob());
    QCOMPARE(events.ignoredUsers(), 0);

    // Read alone, Jane's first event gives her first data.
    const QByteArray first = fileBytes(dataPath(u"shapes/events-users.ndjson"_s)).split('\n').at(0);
    const Loaded one = read(u"first"_s, &first);
    QCOMPARE(one.users(), QList<UserSummary>{jane()});

    // Plain sessions may carry a user too; sessions without one have none.
    const QByteArray plain = '[' + session(1) + ',' + eventWithUser(2, {}) + ']';
    QVERIFY(read(u"plain"_s, &plain).users().isEmpty());
    QByteArray withUser = session(3);
    withUser.insert(withUser.size() - 1, R"(,"user":{"id":"user_3","username":"three"})");
    const Loaded three = read(u"session"_s, &withUser);
    QCOMPARE(three.size(), std::size_t(1));
    QCOMPARE(three.users().size(), 1);
    QCOMPARE(three.users().at(0).id, u"user_3"_s);
    QCOMPARE(three.users().at(0).username, u"three"_s);

    // A session that fails leaves no trace, its user included.
    QByteArray broken = eventWithUser(4, R"({"id":"user_4"})");
    broken.replace(R"("client_id")", R"("clientless")");
    const Loaded skipped = read(u"broken"_s, &broken);
    QCOMPARE(skipped.report.skipped, 1);
    QCOMPARE(skipped.report.errors.at(0).field, u"data.client_id"_s);
    QVERIFY(skipped.users().isEmpty());
}

void TstSessionFileReader::userSpellings()
{
    UserSummary expected;
    expected.id = u"user_1"_s;
    expected.firstName = u"Renée"_s;
    expected.lastName = u"O'Hara"_s;
    expected.username = u"renee"_s;
    expected.primaryEmail = u"renee@example.com"_s;
    expected.emailAddresses = {u"r@old.example"_s, u"renee@example.com"_s};
    expected.createdAt = 1700000000000;
    expected.lastSignInAt = 1716883200000;
    expected.lastActiveAt = 1716854400000;
    expected.locked = true;

    // The primary address is found wherever it is: second of two, email_addresses before or
    // after primary_email_address_id, an address's id before or after it; escapes are resolved
    // (in a key too).
    const QList<QByteArray> snake = {
        R"({"object":"user","id":"user_1","first_name":"Ren\u00e9e","last_name":"O'Hara","username":"renee","primary_email_address_id":"idn_2","email_addresses":[{"id":"idn_1","email_address":"r@old.example"},{"id":"idn_2","email_address":"renee@example.com"}],"created_at":1700000000000,"last_sign_in_at":1716883200000,"last_active_at":1716854400000,"banned":false,"locked":true})",
        R"({"email_addresses":[{"email_address":"r@old.example","id":"idn_1","linked_to":[{"id":"x"}]},{"verification":{"status":"verified"},"email_address":"renee@example.com","id":"idn_2"}],"locked":true,"last_active_at":1716854400000,"username":"renee","first\u005fname":"Renée","last_name":"O'Hara","created_at":1700000000000,"id":"user_1","last_sign_in_at":1716883200000,"primary_email_address_id":"idn_2"})",
    };
    for (const QByteArray &user : snake) {
        const QByteArray event = eventWithUser(1, user);
        const Loaded loaded = read(u"snake"_s, &event);
        QCOMPARE(loaded.size(), std::size_t(1));
        QCOMPARE(loaded.users(), QList<UserSummary>{expected});
    }

    // The JS SDK's camelCase User, in a camelCase session.
    const QByteArray camelUser =
        R"({"id":"user_1","firstName":"Renée","lastName":"O'Hara","username":"renee","primaryEmailAddressId":"idn_2","emailAddresses":[{"id":"idn_1","emailAddress":"r@old.example"},{"id":"idn_2","emailAddress":"renee@example.com"}],"createdAt":1700000000000,"lastSignInAt":1716883200000,"lastActiveAt":1716854400000,"banned":false,"locked":true})";
    QByteArray camel = fileBytes(dataPath(u"shapes/session-camel.json"_s));
    camel.insert(1, "\"user\":" + camelUser + ',');
    const Loaded loaded = read(u"camel"_s, &camel);
    QCOMPARE(loaded.report.casing, u"camelCase"_s);
    QCOMPARE(loaded.size(), std::size_t(1));
    QCOMPARE(loaded.users(), QList<UserSummary>{expected});

    // Null stands for none: no names, no addresses, no times, not banned.
    const QByteArray nulls = eventWithUser(
        2,
        R"({"id":"user_2","first_name":null,"last_name":null,"username":null,"primary_email_address_id":null,"email_addresses":null,"created_at":null,"last_sign_in_at":null,"last_active_at":null,"banned":null,"locked":null})");
    UserSummary bare;
    bare.id = u"user_2"_s;
    QCOMPARE(read(u"nulls"_s, &nulls).users(), QList<UserSummary>{bare});

    // An address without an address is left out (as GET /users' reader does); a primary id that
    // matches none leaves the primary address empty.
    const QByteArray sparse = eventWithUser(
        3,
        R"({"id":"user_3","primary_email_address_id":"idn_1","email_addresses":[{"id":"idn_1","email_address":null},{"id":"idn_2"},{"id":"idn_3","email_address":"c@example.com"}]})");
    const QList<UserSummary> users = read(u"sparse"_s, &sparse).users();
    QCOMPARE(users.size(), 1);
    QCOMPARE(users.at(0).emailAddresses, QStringList{u"c@example.com"_s});
    QVERIFY(users.at(0).primaryEmail.isEmpty());
}

void TstSessionFileReader::userIsExtraData_data()
{
    QTest::addColumn<QByteArray>("user"); // null: no "user" member
    QTest::addColumn<int>("ignored");

    QTest::newRow("absent") << QByteArray() << 0;
    QTest::newRow("null") << "null"_ba << 0;
    QTest::newRow("a string") << R"("user_2g7np7Hrk0SN6kj5EDMLDaKNL0S")"_ba << 1;
    QTest::newRow("a number") << "42"_ba << 1;
    QTest::newRow("an array") << R"([{"id":"user_1"}])"_ba << 1;
    QTest::newRow("empty object") << "{}"_ba << 1;
    QTest::newRow("no id") << R"({"object":"user","first_name":"Jane"})"_ba << 1;
    QTest::newRow("empty id") << R"({"id":"","first_name":"Jane"})"_ba << 1;
    QTest::newRow("null id") << R"({"id":null})"_ba << 1;
    QTest::newRow("numeric id") << R"({"id":7})"_ba << 1;
    QTest::newRow("not a user") << R"({"object":"organization","id":"org_1"})"_ba << 1;
    QTest::newRow("email_addresses a string")
        << R"({"id":"user_1","email_addresses":"jane@example.com"})"_ba << 1;
    QTest::newRow("email_addresses an object")
        << R"({"id":"user_1","email_addresses":{"id":"idn_1"}})"_ba << 1;
    QTest::newRow("an address a string")
        << R"({"id":"user_1","email_addresses":["jane@example.com"]})"_ba << 1;
    QTest::newRow("an address a number")
        << R"({"id":"user_1","email_addresses":[{"id":"idn_1","email_address":42}]})"_ba << 1;
    // Given up on inside the array, with more of the array and of the user after it.
    QTest::newRow("an address id an object")
        << R"({"id":"user_1","email_addresses":[{"id":{"x":[1]},"email_address":"a@b.c"},{"id":"idn_2","email_address":"d@e.f"}],"first_name":"Jane","public_metadata":{"a":[[{}]]}})"_ba
        << 1;
    QTest::newRow("first_name an object")
        << R"({"id":"user_1","first_name":{"text":"Jane"}})"_ba << 1;
    QTest::newRow("username a boolean") << R"({"username":true,"id":"user_1"})"_ba << 1;
    QTest::newRow("created_at a string")
        << R"({"id":"user_1","created_at":"2024-05-28T08:00:00Z"})"_ba << 1;
    QTest::newRow("last_active_at a fraction") << R"({"id":"user_1","last_active_at":1.5})"_ba << 1;
    QTest::newRow("last_sign_in_at out of range")
        << R"({"id":"user_1","last_sign_in_at":99999999999999999})"_ba << 1;
    QTest::newRow("last_sign_in_at beyond int64")
        << R"({"id":"user_1","last_sign_in_at":99999999999999999999999})"_ba << 1;
    QTest::newRow("banned a string") << R"({"id":"user_1","banned":"no"})"_ba << 1;
    QTest::newRow("locked a number") << R"({"id":"user_1","locked":0})"_ba << 1;
    QTest::newRow("camelCase address a number")
        << R"({"id":"user_1","emailAddresses":[{"id":"idn_1","emailAddress":1}]})"_ba << 1;
}

void TstSessionFileReader::userIsExtraData()
{
    // Whatever the user holds, the session is read in full; a user that is not one is not taken.
    QFETCH(QByteArray, user);
    QFETCH(int, ignored);
    const QByteArray bytes = eventWithUser(7, user) + eventWithUser(8, user);
    const Loaded loaded = read(u"events"_s, &bytes);
    QVERIFY2(loaded.report.errors.isEmpty(),
             qPrintable(loaded.report.errors.value(0).field + u": "_s +
                        loaded.report.errors.value(0).message));
    QCOMPARE(loaded.report.sessions, 2);
    QCOMPARE(loaded.report.casing, u"snake_case"_s);
    QCOMPARE(loaded.ids(), (QStringList{u"sess_00000007"_s, u"sess_00000008"_s}));
    QCOMPARE(loaded.text(0, TF::UserId), u"user_00000007"_s);
    QCOMPARE(loaded.text(1, TF::City), u"San Francisco"_s);
    QCOMPARE(loaded.record(1).lastActiveAt, 1716883200008LL);
    QCOMPARE(loaded.record(1).createdAt, 1716883200000LL);
    QVERIFY(loaded.users().isEmpty());
    QCOMPARE(loaded.ignoredUsers(), 2 * ignored);
    checkInvariants(loaded);
}

void TstSessionFileReader::userDoesNotVoteOnCasing()
{
    // A camelCase session (no "object", which only snake_case requires) with a snake_case user
    // full of snake_case keys: still a camelCase session, and read.
    const QByteArray snakeUser =
        fileBytes(dataPath(u"shapes/events-users.ndjson"_s)).split('\n').at(0);
    const qsizetype begin = snakeUser.indexOf(R"("user":{)") + 7;
    const qsizetype end = snakeUser.indexOf(R"(,"client_id")");
    QVERIFY(begin > 7 && end > begin);
    QByteArray camel = fileBytes(dataPath(u"shapes/session-camel.json"_s));
    camel.insert(camel.lastIndexOf('}'), ",\"user\":" + snakeUser.mid(begin, end - begin));
    const Loaded fromCamel = read(u"camel"_s, &camel);
    QCOMPARE(fromCamel.report.skipped, 0);
    QCOMPARE(fromCamel.report.casing, u"camelCase"_s);
    QCOMPARE(fromCamel.users(), QList<UserSummary>{jane()});

    // A snake_case session with a camelCase user: snake_case.
    const QByteArray snake = eventWithUser(
        1,
        R"({"id":"user_1","firstName":"A","lastName":"B","primaryEmailAddressId":"idn_1","emailAddresses":[{"id":"idn_1","emailAddress":"a@b.c"}],"createdAt":1,"lastSignInAt":2,"lastActiveAt":3})");
    const Loaded fromSnake = read(u"snake"_s, &snake);
    QCOMPARE(fromSnake.report.skipped, 0);
    QCOMPARE(fromSnake.report.casing, u"snake_case"_s);
    QCOMPARE(fromSnake.users().size(), 1);
    QCOMPARE(fromSnake.users().at(0).primaryEmail, u"a@b.c"_s);
}

void TstSessionFileReader::clientObject()
{
    const Loaded client = read(dataPath(u"shapes/client.json"_s));
    QCOMPARE(client.ids(),
             (QStringList{u"sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s,
                          u"sess_2h2GqS8Zu4lRx0AyMnOcWdYeFgH"_s}));
    QCOMPARE(client.text(1, TF::Status), u"pending"_s);
}

void TstSessionFileReader::camelCaseNdjsonAndClient()
{
    // NDJSON of the JS SDK's sessions, one per line: the same sessions as its array.
    const Loaded array = read(dataPath(u"shapes/array-camel.json"_s));
    const Loaded lines = read(dataPath(u"shapes/sessions-camel.ndjson"_s));
    QCOMPARE(lines.report.shape, u"ndjson"_s);
    QCOMPARE(lines.report.casing, u"camelCase"_s);
    QCOMPARE(lines.ids(), array.ids());
    QCOMPARE(lines.text(1, TF::ActorSub), u"user_2gZ8aQ1rS2tU3vW4xY5zA6bC7dE"_s);
    QCOMPARE(lines.text(1, TF::City), u"São Paulo"_s);
    QVERIFY(lines.record(1).isMobile);
    QCOMPARE(lines.record(1).createdAt, 1716800400000LL);

    // The JS SDK's Client.toJSON(): no "object", "sessionIds" next to camelCase "sessions". It
    // is a client like the API's, with the same sessions.
    const Loaded snake = read(dataPath(u"shapes/client.json"_s));
    const Loaded camel = read(dataPath(u"shapes/client-camel.json"_s));
    QVERIFY(!fileBytes(dataPath(u"shapes/client-camel.json"_s)).contains("\"object\""));
    QCOMPARE(camel.report.shape, u"client"_s);
    QCOMPARE(camel.report.casing, u"camelCase"_s);
    QCOMPARE(camel.report.skipped, 0);
    QCOMPARE(camel.ids(), snake.ids());
    for (std::size_t i = 0; i < camel.size(); ++i) {
        for (const TF field :
             {TF::Id, TF::UserId, TF::ClientId, TF::ActorJson, TF::ActorSub, TF::Status,
              TF::OrganizationId, TF::ActivityId, TF::DeviceType, TF::BrowserName,
              TF::BrowserVersion, TF::IpAddress, TF::City, TF::Country}) {
            QCOMPARE(camel.text(i, field), snake.text(i, field));
        }
        QCOMPARE(camel.record(i).lastActiveAt, snake.record(i).lastActiveAt);
        QCOMPARE(camel.record(i).expireAt, snake.record(i).expireAt);
        QCOMPARE(camel.record(i).abandonAt, snake.record(i).abandonAt);
        QCOMPARE(camel.record(i).updatedAt, snake.record(i).updatedAt);
        QCOMPARE(camel.record(i).createdAt, snake.record(i).createdAt);
        QCOMPARE(camel.record(i).hasActivity, snake.record(i).hasActivity);
        QCOMPARE(camel.tasks(i), u"null"_s); // the SDK has no tasks
    }

    // The API's snake_case client is read as before.
    QCOMPARE(snake.report.shape, u"client"_s);
    QCOMPARE(snake.report.casing, u"snake_case"_s);
    QCOMPARE(snake.text(0, TF::Object), u"session"_s);
    QCOMPARE(snake.tasks(1), u"[choose-organization,reset-password]"_s);
}

void TstSessionFileReader::latin1SkipsOneRecord()
{
    // The review's case: a big array with one Latin-1 "é" in a city, here 20,000 sessions over
    // several chunks. Only that record is lost.
    const int total = 20000, bad = 10000;
    QByteArray json = sessionArray(total);
    const qsizetype city = json.indexOf("San Francisco", json.indexOf(session(bad)));
    json.replace(city, 13, latin1Montreal());
    const Loaded loaded = read(u"generated"_s, &json);
    QVERIFY2(!loaded.report.failed(), qPrintable(loaded.report.errorText()));
    QCOMPARE(loaded.report.shape, u"array"_s);
    QCOMPARE(loaded.report.sessions, qint64(total - 1));
    QCOMPARE(loaded.report.skipped, 1);
    const RecordError &error = loaded.report.errors.at(0);
    QCOMPARE(error.record, qint64(bad));
    QCOMPARE(error.field, u"latest_activity.city"_s);
    QCOMPARE(
        error.message,
        u"invalid UTF-8: byte 0xE9 is not valid here (is the file Latin-1? save it as UTF-8)"_s);
    QCOMPARE(error.line, qint64(bad + 1)); // one session per line
    QCOMPARE(error.column, qint64(json.indexOf('\xE9') - json.lastIndexOf('\n', city)));
    QCOMPARE(loaded.text(std::size_t(bad - 1), TF::Id), u"sess_00009999"_s);
    QCOMPARE(loaded.text(std::size_t(bad), TF::Id), u"sess_00010001"_s);
    QCOMPARE(loaded.text(std::size_t(total - 2), TF::Id), u"sess_00019999"_s);

    // The same in a paginated envelope: shape and error are the same.
    const QByteArray three = fileBytes(dataPath(u"malformed/latin1-city-paginated.json"_s));
    const Loaded envelope = read(u"envelope"_s, &three);
    QCOMPARE(envelope.report.shape, u"paginated"_s);
    QVERIFY(!envelope.report.failed());
    QCOMPARE(envelope.ids(),
             (QStringList{u"sess_2g7np7Hrk0SN6kj5EDMLDaKNL01"_s,
                          u"sess_2g7np7Hrk0SN6kj5EDMLDaKNL03"_s}));
    QCOMPARE(envelope.report.errors.size(), 1);
    QCOMPARE(envelope.report.errors.at(0).record, 1);
    QCOMPARE(envelope.report.errors.at(0).field, u"latest_activity.city"_s);
    QCOMPARE(envelope.report.errors.at(0).message, badUtf8("E9"));
    QCOMPARE(envelope.report.errors.at(0).line, 45);
    QCOMPARE(envelope.report.errors.at(0).column, 23);
}

void TstSessionFileReader::latin1Elsewhere()
{
    const auto latin1 = [](QByteArray json) {
        return json.replace("San Francisco", latin1Montreal());
    };
    {
        // One session alone: skipped and said so, not "no sessions".
        const QByteArray json = latin1(session(1));
        const Loaded loaded = read(u"one"_s, &json);
        QVERIFY(!loaded.report.failed());
        QCOMPARE(loaded.report.shape, u"session"_s);
        QCOMPARE(loaded.report.sessions, 0);
        QCOMPARE(loaded.report.skipped, 1);
        QCOMPARE(loaded.report.errors.at(0).record, 0);
        QCOMPARE(loaded.report.errors.at(0).field, u"latest_activity.city"_s);
        QCOMPARE(loaded.report.errors.at(0).column, json.indexOf('\xE9') + 1);
    }
    {
        // In an event's session, and in a field the reader does not use: the record is still
        // not valid JSON text, so it is skipped with the field named.
        const QByteArray event =
            R"({"object":"event","type":"session.ended","data":)" + latin1(session(2)) + "}";
        const QByteArray extra =
            session(3).replace(R"("status")", "\"note\":\"caf\xE9\",\"status\"");
        const QByteArray json =
            '[' + session(1) + ',' + event + ',' + extra + ',' + session(4) + ']';
        const Loaded loaded = read(u"events"_s, &json);
        QCOMPARE(loaded.ids(), (QStringList{u"sess_00000001"_s, u"sess_00000004"_s}));
        QCOMPARE(loaded.report.skipped, 2);
        QCOMPARE(loaded.report.errors.at(0).record, 1);
        QCOMPARE(loaded.report.errors.at(0).field, u"data.latest_activity.city"_s);
        QCOMPARE(loaded.report.errors.at(1).record, 2);
        QCOMPARE(loaded.report.errors.at(1).field, u"note"_s);
        QCOMPARE(loaded.report.errors.at(1).message, badUtf8("E9"));
    }
    {
        // In a key: the record is named, not the key.
        const QByteArray json = '[' + session(1) + ',' +
            session(2).replace(R"("status")", "\"caf\xE9\":1,\"status\"") + ']';
        const Loaded loaded = read(u"key"_s, &json);
        QCOMPARE(loaded.report.sessions, 1);
        QCOMPARE(loaded.report.errors.at(0).record, 1);
        QCOMPARE(loaded.report.errors.at(0).field, QString());
        QCOMPARE(loaded.report.errors.at(0).message, badUtf8("E9"));
    }
    {
        // Valid structure but no record to skip: the file says where the byte is.
        const QByteArray json = "{\n  \"object\": \"user\",\n  \"first_name\": \"Jos\xE9\"\n}\n";
        const Loaded loaded = read(u"user"_s, &json);
        QCOMPARE(loaded.report.error, badUtf8("E9"));
        QCOMPARE(loaded.report.errorLine, 3);
        QCOMPARE(loaded.report.errorColumn, 21);
        QCOMPARE(loaded.report.skipped, 0);
    }
    {
        // Outside a string the structure itself is broken: reading stops there.
        const QByteArray json = '[' + session(1) + ",\xE9," + session(2) + ']';
        const Loaded loaded = read(u"outside"_s, &json);
        QCOMPARE(loaded.report.sessions, 1);
        QCOMPARE(loaded.report.error, badUtf8("E9"));
        QCOMPARE(loaded.report.errorColumn, session(1).size() + 3);
    }
    {
        // A file that is not text at all is still told apart from the first bytes.
        const QByteArray json = "\xE9\xFF\x80 not JSON"_ba;
        const Loaded loaded = read(u"binary"_s, &json);
        QCOMPARE(loaded.report.error, u"not a text file: binary data at byte 0"_s);
    }
}

void TstSessionFileReader::timestampRange()
{
    // Years 1 to 9999 in milliseconds: anything else is no real time, and would overflow when
    // the table works out "5 min ago".
    const QByteArray base = session(1);
    const auto withTimestamp = [&base](const char *key, qint64 value) {
        const QByteArray field = QByteArray("\"") + key + "\":";
        const qsizetype at = base.indexOf(field) + field.size();
        qsizetype end = at;
        while (end < base.size() && (base[end] == '-' || std::isdigit(uchar(base[end]))))
            ++end;
        QByteArray json = base;
        return json.replace(at, end - at, QByteArray::number(value));
    };
    const qint64 first = -62135596800000; // 0001-01-01T00:00:00.000Z
    const qint64 last = 253402300799999; // 9999-12-31T23:59:59.999Z
    for (const char *key :
         {"last_active_at", "expire_at", "abandon_at", "updated_at", "created_at"}) {
        for (const qint64 value : {first, last}) {
            const QByteArray json = withTimestamp(key, value);
            const Loaded loaded = read(u"edge"_s, &json);
            QCOMPARE(loaded.report.sessions, 1);
        }
        for (const qint64 value : {first - 1, last + 1, std::numeric_limits<qint64>::min(),
                                   std::numeric_limits<qint64>::max()}) {
            const QByteArray json = withTimestamp(key, value);
            const Loaded loaded = read(u"beyond"_s, &json);
            QCOMPARE(loaded.report.sessions, 0);
            QCOMPARE(loaded.report.skipped, 1);
            QCOMPARE(loaded.report.errors.at(0).field, QLatin1StringView(key));
            QCOMPARE(loaded.report.errors.at(0).message, u"timestamp out of range"_s);
            // At the key's opening quote, on the only line.
            QCOMPARE(loaded.report.errors.at(0).column, json.indexOf(key));
        }
    }
    // The values at the edges are kept as they are.
    const QByteArray json = withTimestamp("created_at", first);
    QCOMPARE(read(u"edge"_s, &json).record(0).createdAt, first);

    // camelCase names its own field; beyond int64 stays "integer out of range".
    const QByteArray camel = R"({"id":"sess_1","userId":"user_1","clientId":"client_1",)"
                             R"("status":"active","lastActiveAt":253402300800000,)"
                             R"("expireAt":0,"abandonAt":0,"createdAt":0,"updatedAt":0})";
    const Loaded camelLoaded = read(u"camel"_s, &camel);
    QCOMPARE(camelLoaded.report.errors.at(0).field, u"lastActiveAt"_s);
    QCOMPARE(camelLoaded.report.errors.at(0).message, u"timestamp out of range"_s);
    const QByteArray huge = QByteArray(camel).replace("253402300800000", "9223372036854775808");
    QCOMPARE(read(u"huge"_s, &huge).report.errors.at(0).message, u"integer out of range"_s);
}

void TstSessionFileReader::byteOrderMarks()
{
    QVERIFY(fileBytes(dataPath(u"shapes/bom-array.json"_s)).startsWith("\xEF\xBB\xBF"));
    const QByteArray lines = fileBytes(dataPath(u"shapes/bom-lines.ndjson"_s));
    QVERIFY(lines.contains("\n\xEF\xBB\xBF{"));
    QCOMPARE(read(dataPath(u"shapes/bom-array.json"_s)).ids(),
             read(dataPath(u"shapes/array-snake.json"_s)).ids().mid(0, 2));
    QCOMPARE(read(dataPath(u"shapes/bom-lines.ndjson"_s)).ids(),
             (QStringList{u"sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"_s,
                          u"sess_2h2GqS8Zu4lRx0AyMnOcWdYeFgH"_s}));
}

void TstSessionFileReader::ndjsonLineEndings()
{
    // Guards the fixture itself: a checkout that rewrites line endings would test nothing.
    const QByteArray crlf = fileBytes(dataPath(u"shapes/sessions-crlf.ndjson"_s));
    QCOMPARE(crlf.count("\r\n"), 3);
    QVERIFY(!fileBytes(dataPath(u"shapes/sessions.ndjson"_s)).contains('\r'));

    // An error on a CRLF line is placed where the line's text ends, before the CR.
    QByteArray broken = crlf;
    broken.insert(broken.indexOf("\r\n") - 1, ",\"extra\":"); // line 1 now ends in `:}`
    const Loaded loaded = read(u"crlf"_s, &broken);
    QCOMPARE(loaded.size(), std::size_t(2));
    QCOMPARE(loaded.report.skipped, 1);
    QCOMPARE(loaded.report.errors.at(0).message, u"expected a value, found '}'"_s);
    QCOMPARE(loaded.report.errors.at(0).line, 1);
}

void TstSessionFileReader::malformed_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("sessions");
    QTest::addColumn<int>("skipped");
    // The file-level error (empty if none) and its position (0 if none).
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("errorLine");
    QTest::addColumn<int>("errorColumn");
    // The first record error (record -1 if none).
    QTest::addColumn<int>("record");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    const auto fileError = [](const char *name, const char *file, int sessions,
                              const QString &error, int line = 0, int column = 0) {
        QTest::newRow(name) << QString::fromUtf8(file) << sessions << 0 << error << line << column
                            << -1 << QString() << QString() << 0 << 0;
    };
    const auto recordError = [](const char *name, const char *file, int sessions, int skipped,
                                int record, const QString &field, const QString &message, int line,
                                int column) {
        QTest::newRow(name) << QString::fromUtf8(file) << sessions << skipped << QString() << 0 << 0
                            << record << field << message << line << column;
    };

    // Syntax errors in one document: reading stops there, records before it stay loaded.
    fileError("truncated array", "truncated-array.json", 1,
              u"unexpected end of file: expected a string key"_s, 33, 5);
    fileError("missing comma", "missing-comma.json", 1,
              u"expected ',' or ']' after an array element, found '{'"_s, 27, 3);
    fileError("trailing comma", "trailing-comma.json", 2, u"trailing comma before ']'"_s, 52, 1);
    fileError("trailing comma in a record", "trailing-comma-member.json", 0,
              u"trailing comma before '}'"_s, 26, 3);
    fileError("bad literal", "bad-literal.json", 0,
              u"invalid literal 'nul': expected true, false or null"_s, 7, 14);
    fileError("Python literal", "python-literal.json", 0,
              u"invalid literal 'False': expected true, false or null"_s, 15, 20);
    fileError("leading zero", "bad-number.json", 0, u"invalid number"_s, 22, 18);
    fileError("dot without digits", "bad-number-fraction.json", 0, u"invalid number"_s, 22, 18);
    fileError("unterminated string", "unterminated-string.json", 0, u"unterminated string"_s, 8,
              15);
    fileError("bad escape", "bad-escape.json", 0, u"invalid escape '\\q' in a string"_s, 19, 19);
    fileError("bad unicode escape", "bad-unicode-escape.json", 0,
              u"invalid escape '\\u00G9' in a string"_s, 19, 30);
    fileError("raw tab", "control-char.json", 0,
              u"unescaped control character U+0009 in a string"_s, 19, 19);
    fileError("raw newline", "raw-newline.json", 0,
              u"unescaped control character U+000A in a string"_s, 19, 19);
    fileError("missing colon", "missing-colon.json", 0,
              u"expected ':' after an object key, found '\"'"_s, 8, 14);
    fileError("single quotes", "single-quotes.json", 0,
              u"expected a string key or '}', found \"'\""_s, 1, 3);
    fileError("missing value", "missing-value.json", 0, u"expected a value, found ','"_s, 7, 14);
    fileError("junk after the document", "junk-after.json", 2, u"unexpected character ']'"_s, 53,
              1);
    fileError("HTML error page", "html.json", 0, u"unexpected character '<'"_s, 1, 1);
    fileError("deep nesting", "deep-nesting.json", 0, u"nesting too deep: more than 1024 levels"_s,
              1, 1025);

    // Not UTF-8 text at all.
    fileError("UTF-16 with BOM", "utf16le-bom.json", 0,
              u"UTF-16 text is not supported: save the file as UTF-8"_s);
    fileError("UTF-16 without BOM", "utf16be.json", 0,
              u"UTF-16 text is not supported: save the file as UTF-8"_s);
    fileError("UTF-32 with BOM", "utf32le-bom.json", 0,
              u"UTF-32 text is not supported: save the file as UTF-8"_s);
    fileError("gzip", "gzip.bin", 0, u"not a text file: binary data at byte 1"_s);
    fileError("PNG", "png.bin", 0, u"not a text file: binary data at byte 0"_s);
    fileError("NUL bytes", "nul-bytes.json", 0, u"not a text file: binary data at byte 785"_s);
    fileError("empty", "empty.json", 0, u"the file is empty"_s);
    fileError("white space only", "whitespace.json", 0, u"the file holds only white space"_s);
    fileError("BOM only", "bom-only.json", 0, u"the file holds only white space"_s);

    // Valid JSON that holds no sessions.
    fileError("empty array", "empty-array.json", 0,
              u"valid JSON, but it holds no sessions: an empty array"_s);
    fileError("user object", "user.json", 0,
              u"valid JSON, but it holds no sessions: an object with keys \"object\", \"id\", "
              "\"external_id\", \"primary_email_address_id\", \"first_name\", …"_s);
    fileError("array of strings", "strings.json", 0,
              u"valid JSON, but it holds no sessions: an array of 3 strings"_s);
    fileError("number", "number.json", 0, u"valid JSON, but it holds no sessions: a number"_s);
    fileError("empty data", "empty-data.json", 0,
              u"valid JSON, but it holds no sessions: an empty \"data\" array"_s);

    // Bad records are skipped and reported; the others load.
    recordError("missing id", "missing-id.json", 2, 1, 1, u"id"_s, u"missing required field"_s, 27,
                3);
    recordError("missing user_id", "missing-user-id.json", 2, 1, 1, u"user_id"_s,
                u"missing required field"_s, 27, 3);
    recordError("missing userId", "missing-user-id-camel.json", 2, 1, 1, u"userId"_s,
                u"missing required field"_s, 25, 3);
    recordError("timestamp as string", "timestamp-string.json", 2, 1, 1, u"expire_at"_s,
                u"expected integer, found string"_s, 47, 5);
    recordError("float timestamp", "timestamp-float.json", 2, 1, 1, u"last_active_at"_s,
                u"expected integer, found number"_s, 35, 5);
    recordError("timestamp out of range", "timestamp-out-of-range.json", 2, 1, 1, u"created_at"_s,
                u"integer out of range"_s, 50, 5);
    recordError("timestamp after year 9999", "timestamp-after-year-9999.json", 2, 1, 1,
                u"last_active_at"_s, u"timestamp out of range"_s, 35, 5);
    // A byte that is not UTF-8 in a string leaves the structure intact: only its record is
    // skipped, wherever the records are.
    recordError("invalid UTF-8 in the first record", "invalid-utf8.json", 1, 1, 0,
                u"latest_activity.city"_s, badUtf8("E3"), 19, 17);
    recordError("Latin-1 city in an array", "latin1-city.json", 2, 1, 1, u"latest_activity.city"_s,
                badUtf8("E9"), 44, 21);
    recordError("Latin-1 city in an envelope", "latin1-city-paginated.json", 2, 1, 1,
                u"latest_activity.city"_s, badUtf8("E9"), 45, 23);
    recordError("Latin-1 city in NDJSON", "latin1-city.ndjson", 2, 1, 1, u"latest_activity.city"_s,
                badUtf8("E9"), 2, 488);
    recordError("is_mobile as string", "is-mobile-string.json", 2, 1, 1,
                u"latest_activity.is_mobile"_s, u"expected boolean, found string"_s, 40, 7);
    recordError("object user", "object-user.json", 2, 1, 1, u"object"_s,
                u"expected \"session\", found \"user\""_s, 28, 5);
    recordError("activity without is_mobile", "activity-missing-is-mobile.json", 2, 1, 1,
                u"latest_activity.is_mobile"_s, u"missing required field"_s, 36, 5);
    recordError("activity without isMobile", "activity-missing-is-mobile-camel.json", 2, 1, 1,
                u"latestActivity.isMobile"_s, u"missing required field"_s, 37, 5);
    recordError("tasks not an array", "tasks-not-array.json", 2, 1, 1, u"tasks"_s,
                u"expected array, found string"_s, 51, 5);
    recordError("task key not a string", "task-key-not-string.json", 2, 1, 1, u"tasks[2].key"_s,
                u"expected string, found integer"_s, 59, 9);
    recordError("actor as string", "actor-string.json", 2, 1, 1, u"actor"_s,
                u"expected object, found string"_s, 32, 5);
    recordError("organization as number", "organization-number.json", 2, 1, 1,
                u"last_active_organization_id"_s, u"expected string, found integer"_s, 34, 5);
    recordError("element not an object", "element-string.json", 2, 1, 1, QString(),
                u"expected object, found string"_s, 27, 3);
    recordError("NDJSON bad line", "ndjson-bad-line.ndjson", 3, 1, 2, QString(),
                u"expected ',' or '}' after an object member, found '\"'"_s, 3, 54);
    recordError("NDJSON truncated line", "ndjson-truncated-line.ndjson", 2, 1, 1, QString(),
                u"unexpected end of line: expected a string key"_s, 2, 168);
    recordError("NDJSON deep line", "ndjson-deep-line.ndjson", 2, 1, 1, QString(),
                u"nesting too deep: more than 1024 levels"_s, 2, 1033);
    recordError("non-session event", "non-session-event.json", 0, 1, 0, u"type"_s,
                u"event type \"user.created\" holds no session"_s, 3, 11);
    recordError("event data not a session", "event-data-not-session.json", 0, 2, 0,
                u"data.object"_s, u"expected \"session\", found \"user\""_s, 6, 7);
}

void TstSessionFileReader::malformed()
{
    QFETCH(QString, file);
    QFETCH(int, sessions);
    QFETCH(int, skipped);
    QFETCH(QString, error);
    QFETCH(int, errorLine);
    QFETCH(int, errorColumn);
    QFETCH(int, record);
    QFETCH(QString, field);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);

    const Loaded loaded = read(dataPath(u"malformed/"_s + file));
    const FileReport &report = loaded.report;
    QCOMPARE(report.error, error);
    QCOMPARE(report.errorLine, qint64(errorLine));
    QCOMPARE(report.errorColumn, qint64(errorColumn));
    QCOMPARE(report.sessions, qint64(sessions));
    QCOMPARE(report.skipped, qint64(skipped));
    QCOMPARE(report.errors.size(), qsizetype(skipped));
    if (record >= 0) {
        const RecordError &first = report.errors.at(0);
        QCOMPARE(first.record, qint64(record));
        QCOMPARE(first.field, field);
        QCOMPARE(first.message, message);
        QCOMPARE(first.line, qint64(line));
        QCOMPARE(first.column, qint64(column));
    }
    checkInvariants(loaded);
    // The records around a bad one are the good ones, in order.
    if (record >= 0 && sessions == 2)
        QCOMPARE(loaded.ids(),
                 (QStringList{u"sess_2g7np7Hrk0SN6kj5EDMLDaKNL01"_s,
                              u"sess_2g7np7Hrk0SN6kj5EDMLDaKNL03"_s}));
}

void TstSessionFileReader::missingFileAndDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Loaded missing = read(dir.filePath(u"nothing-here.json"_s));
    QCOMPARE(missing.report.error, u"no such file"_s);
    QCOMPARE(missing.report.errorText(),
             dir.filePath(u"nothing-here.json"_s) + u": no such file"_s);
    QCOMPARE(read(dir.filePath(u"no/such/dir.json"_s)).report.error, u"no such file"_s);
    const Loaded directory = read(dir.path());
    QCOMPARE(directory.report.error, u"is a directory, not a file"_s);
    QCOMPARE(directory.report.sessions, 0);
}

void TstSessionFileReader::permissionDenied()
{
    if (geteuid() == 0)
        QSKIP("root reads any file");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"locked.json"_s);
    QFile::copy(dataPath(u"shapes/session.json"_s), path);
    QVERIFY(QFile::setPermissions(path, {}));
    QCOMPARE(read(path).report.error, u"cannot be read: permission denied"_s);
}

void TstSessionFileReader::readBytesMatchesReadFile()
{
    const QString path = dataPath(u"malformed/missing-id.json"_s);
    const QByteArray bytes = fileBytes(path);
    const Loaded fromFile = read(path);
    const Loaded fromBytes = read(u"pasted"_s, &bytes);
    QCOMPARE(fromBytes.ids(), fromFile.ids());
    QCOMPARE(fromBytes.report.shape, fromFile.report.shape);
    QCOMPARE(fromBytes.report.path, u"pasted"_s);
    QCOMPARE(fromBytes.report.errors.at(0).line, fromFile.report.errors.at(0).line);
    QCOMPARE(fromBytes.report.errors.at(0).column, fromFile.report.errors.at(0).column);
}

void TstSessionFileReader::batching()
{
    const int total = 20000;
    const QByteArray json = sessionArray(total);
    SessionFileReader::Options options;
    options.firstBatchRecords = 100;
    options.batchRecords = 3000;
    options.flushIntervalMs = 60000;
    const Loaded loaded = read(u"generated"_s, &json, options);
    QCOMPARE(loaded.report.sessions, qint64(total));
    QCOMPARE(loaded.report.shape, u"array"_s);
    QVERIFY(loaded.batches.size() >= 2 + (total - 100) / 3000);
    QCOMPARE(loaded.batches.front()->size(), std::size_t(100));
    for (const auto &batch : loaded.batches)
        QVERIFY(batch->size() >= 1 && batch->size() <= 3000);
    // Each batch says how far into the input its last record ended.
    qint64 end = 0;
    std::size_t row = 0;
    for (const auto &batch : loaded.batches) {
        row += batch->size();
        const qint64 lastEnd = json.indexOf("\n", json.indexOf(session(int(row) - 1))) - 1;
        QCOMPARE(batch->inputEnd(), lastEnd);
        QVERIFY(batch->inputEnd() > end);
        end = batch->inputEnd();
    }
    // Order is kept across batches and chunks.
    for (int i = 0; i < total; ++i) {
        QCOMPARE(loaded.text(std::size_t(i), TF::Id),
                 u"sess_"_s + QString::number(i).rightJustified(8, u'0'));
        QCOMPARE(loaded.record(std::size_t(i)).lastActiveAt, 1716883200000LL + i);
    }
}

void TstSessionFileReader::flushInterval()
{
    // With a long batch size, the interval alone hands batches on while reading.
    const QByteArray json = sessionArray(5000);
    SessionFileReader::Options options;
    options.firstBatchRecords = 100000;
    options.batchRecords = 100000;
    options.flushIntervalMs = 0;
    const Loaded loaded = read(u"generated"_s, &json, options);
    QCOMPARE(loaded.report.sessions, 5000);
    QVERIFY(loaded.batches.size() > 2);
}

void TstSessionFileReader::progress()
{
    const QByteArray json = sessionArray(8000); // a few chunks
    const Loaded loaded = read(u"generated"_s, &json);
    QVERIFY(loaded.progress.size() >= 3);
    QVERIFY(std::is_sorted(loaded.progress.begin(), loaded.progress.end()));
    QCOMPARE(loaded.progress.last(), qint64(json.size()));
    QCOMPARE(loaded.report.bytes, qint64(json.size()));
}

void TstSessionFileReader::cancel()
{
    const QByteArray json = sessionArray(20000);
    std::atomic_bool cancelled = false;
    SessionFileReader::Options options;
    options.firstBatchRecords = 10;
    options.batchRecords = 100;
    const Loaded loaded = read(u"generated"_s, &json, options, &cancelled,
                               [&cancelled](Loaded &) { cancelled = true; });
    // Nothing is handed on once the flag is up: only the first batch arrived.
    QVERIFY(loaded.report.cancelled);
    QCOMPARE(loaded.report.sessions, 10);
    QCOMPARE(loaded.size(), std::size_t(10));
    QVERIFY(!loaded.report.failed());
}

void TstSessionFileReader::pageBoundaries()
{
    // The mapped file is followed by zeroed padding even when its last byte is the last byte
    // of a page: values ending right there read correctly, and a string cut off there is an
    // error, not a read past the end.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray first = session(1), second = session(2);
    const qsizetype page = qsizetype(sysconf(_SC_PAGESIZE));
    const auto write = [&dir](const QByteArray &bytes) {
        const QString path = dir.filePath(u"page.json"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    };
    for (int pages = 1; pages <= 3; ++pages) {
        for (int less = 0; less <= 64; ++less) {
            const qsizetype size = pages * page - less;
            const qsizetype fill = size - (first.size() + second.size() + 3);
            if (fill < 0)
                continue;
            {
                const QByteArray array = '[' + first + ',' + QByteArray(fill, ' ') + second + ']';
                QCOMPARE(array.size(), size);
                const Loaded loaded = read(write(array));
                QVERIFY2(!loaded.report.failed(), qPrintable(loaded.report.errorText()));
                QCOMPARE(loaded.report.sessions, 2);
                QCOMPARE(loaded.report.shape, u"array"_s);
            }
            {
                const QByteArray ndjson = first + '\n' + QByteArray(fill + 2, ' ') + second;
                QCOMPARE(ndjson.size(), size);
                const Loaded loaded = read(write(ndjson));
                QCOMPARE(loaded.report.sessions, 2);
                QCOMPARE(loaded.report.shape, u"ndjson"_s);
            }
            {
                QByteArray cut = '[' + first + ",{\"id\":\"";
                const qsizetype quote = cut.size() - 1;
                cut += QByteArray(size - cut.size(), 'x');
                const Loaded loaded = read(write(cut));
                QCOMPARE(loaded.report.sessions, 1);
                QCOMPARE(loaded.report.error, u"unterminated string"_s);
                QCOMPARE(loaded.report.errorColumn, qint64(quote + 1));
            }
        }
    }
}

void TstSessionFileReader::fileShrinksWhileRead_data()
{
    QTest::addColumn<double>("keep"); // the fraction of the file left by the truncation
    QTest::newRow("emptied") << 0.0;
    QTest::newRow("halved") << 0.5;
    QTest::newRow("to a page boundary") << -1.0;
}

void TstSessionFileReader::fileShrinksWhileRead()
{
    // Another process truncates the file while it is mapped: reading its lost pages would raise
    // SIGBUS and kill the process. Instead the read stops with a message, and the records read
    // before it are kept.
    QFETCH(double, keep);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"shrinking.json"_s);
    const int total = 20000;
    const QByteArray json = sessionArray(total); // 12 MB: several chunks and read-ahead steps
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(json), json.size());
    }
    const qsizetype page = qsizetype(sysconf(_SC_PAGESIZE));
    const qsizetype size = keep >= 0 ? qsizetype(double(json.size()) * keep) : 700 * page;
    SessionFileReader::Options options;
    options.firstBatchRecords = 100;
    options.batchRecords = 100;
    bool truncated = false;
    const Loaded loaded =
        read(path, nullptr, options, nullptr, [&truncated, &path, size](Loaded &) {
            if (!truncated)
                truncated = QFile::resize(path, size);
        });
    QVERIFY(truncated);
    QCOMPARE(loaded.report.error, u"the file shrank while it was being read"_s);
    QCOMPARE(loaded.report.errorLine, 0);
    QVERIFY(!loaded.report.cancelled);
    checkInvariants(loaded);
    QCOMPARE(loaded.report.skipped, 0);
    // The sessions read are the first ones of the file, in order: every one that ends before the
    // new end, and those copied for parsing before the truncation (the first chunk, ~1 MB).
    int before = 0;
    for (qsizetype at = 0; before < total; ++before) {
        const QByteArray record = session(before);
        at = json.indexOf(record, at) + record.size();
        if (at > size)
            break;
    }
    if (size > 2 << 20)
        QCOMPARE(loaded.report.sessions, qint64(before));
    else
        QVERIFY(loaded.report.sessions >= 100 && loaded.report.sessions < 2000);
    for (std::size_t i = 0; i < loaded.size(); ++i)
        QCOMPARE(loaded.text(i, TF::Id), u"sess_"_s + QString::number(i).rightJustified(8, u'0'));
}

void TstSessionFileReader::fileShrinksAtAnyMoment()
{
    // The real race: another thread truncates the file at a random moment of the read.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"racing.json"_s);
    const QByteArray json = sessionArray(20000);
    QRandomGenerator random(42);
    int shrank = 0;
    for (int round = 0; round < 12; ++round) {
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            QCOMPARE(file.write(json), json.size());
        }
        const int delayUs = random.bounded(30000);
        const qint64 size = random.bounded(2) ? 0 : random.bounded(qint64(json.size()));
        std::thread truncator([&path, delayUs, size] {
            std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
            QFile::resize(path, size);
        });
        const Loaded loaded = read(path);
        truncator.join();
        checkInvariants(loaded);
        if (loaded.report.failed()) {
            QCOMPARE(loaded.report.error, u"the file shrank while it was being read"_s);
            ++shrank;
        } else {
            QCOMPARE(loaded.report.sessions, 20000); // read whole before the truncation
        }
        for (std::size_t i = 0; i < loaded.size(); ++i)
            QCOMPARE(loaded.text(i, TF::Id),
                     u"sess_"_s + QString::number(i).rightJustified(8, u'0'));
    }
    qDebug("the file shrank during %d of 12 reads", shrank);
}

void TstSessionFileReader::otherBusErrorsStillEndTheProcess()
{
    // The guard only covers files mapped by MappedFile: a bus error elsewhere still ends the
    // process (in a child here), rather than being swallowed or retried for ever.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"other.bin"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(1 << 16, 'x'));
    }
    const QByteArray name = QFile::encodeName(path);
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        alarm(10);
        // Quiet: QTest's crash handler reports the expected SIGBUS with a stack trace.
        const int null = ::open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        MappedFile guarded(64);
        if (!guarded.open(path)) // installs the guard
            _exit(3);
        const int fd = ::open(name.constData(), O_RDWR);
        void *other = mmap(nullptr, 1 << 16, PROT_READ, MAP_SHARED, fd, 0);
        if (fd < 0 || other == MAP_FAILED || ftruncate(fd, 0) != 0)
            _exit(4);
        const volatile char byte = static_cast<const char *>(other)[1 << 15];
        _exit(byte == 'x' ? 5 : 6);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY2(WIFSIGNALED(status), qPrintable(u"exit status %1"_s.arg(WEXITSTATUS(status))));
    QVERIFY2(WTERMSIG(status) == SIGBUS || WTERMSIG(status) == SIGABRT,
             qPrintable(u"signal %1"_s.arg(WTERMSIG(status))));
}

void TstSessionFileReader::errorsAreCapped()
{
    const int bad = FileReport::MaxErrors + 50;
    QByteArray json = "[" + session(0);
    for (int i = 0; i < bad; ++i)
        json += ",{}";
    json += "," + session(1) + "]";
    const Loaded loaded = read(u"generated"_s, &json);
    QCOMPARE(loaded.report.sessions, 2);
    QCOMPARE(loaded.report.skipped, qint64(bad));
    QCOMPARE(loaded.report.errors.size(), qsizetype(FileReport::MaxErrors));
    QCOMPARE(loaded.report.errors.last().record, qint64(FileReport::MaxErrors));
    QCOMPARE(loaded.report.errors.last().field, u"object"_s);
}

void TstSessionFileReader::fuzzedFixtures()
{
    // Random damage to every fixture: reading must never crash, hang or break its promises.
    QRandomGenerator random(20260512);
    const QByteArray alphabet = "{}[],:\"\\\n0e-\xC3 t"_ba;
    const QStringList files = QDir(dataPath(u"shapes"_s)).entryList(QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 10);
    for (const QString &file : files) {
        const QByteArray original = fileBytes(dataPath(u"shapes/"_s + file));
        for (int round = 0; round < 150; ++round) {
            QByteArray bytes = original;
            const int edits = 1 + random.bounded(4);
            for (int edit = 0; edit < edits && !bytes.isEmpty(); ++edit) {
                const int at = random.bounded(int(bytes.size()));
                switch (random.bounded(5)) {
                case 0:
                    bytes.truncate(at);
                    break;
                case 1:
                    bytes[at] = char(random.bounded(256));
                    break;
                case 2:
                    bytes.insert(at, alphabet[random.bounded(int(alphabet.size()))]);
                    break;
                case 3:
                    bytes.remove(at, random.bounded(1, 40));
                    break;
                case 4:
                    bytes.insert(
                        at, bytes.mid(random.bounded(int(bytes.size())), random.bounded(1, 200)));
                    break;
                }
            }
            const Loaded loaded = read(file, &bytes);
            checkInvariants(loaded);
            if (QTest::currentTestFailed()) {
                qWarning() << "input:" << bytes;
                return;
            }
        }
    }
}

void TstSessionFileReader::everyTruncation()
{
    for (const QString &file : {u"shapes/events.json"_s, u"shapes/sessions-crlf.ndjson"_s}) {
        const QByteArray original = fileBytes(dataPath(file));
        for (qsizetype size = 0; size <= original.size(); ++size) {
            const QByteArray bytes = original.left(size);
            const Loaded loaded = read(file, &bytes);
            checkInvariants(loaded);
            if (QTest::currentTestFailed())
                return;
            // A cut document reads the records before the cut, and says where it ended.
            if (size < original.size() && size > 0 && !loaded.report.error.isEmpty() &&
                loaded.report.errorLine > 0)
                QVERIFY(loaded.report.error.startsWith(u"unexpected end of file"_s) ||
                        loaded.report.error == u"unterminated string"_s ||
                        loaded.report.error.startsWith(u"invalid"_s));
        }
        QCOMPARE(read(file, &original).report.failed(), false);
    }
}

QTEST_GUILESS_MAIN(TstSessionFileReader)
#include "tst_sessionfilereader.moc"

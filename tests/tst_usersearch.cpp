// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// "Find user", below the dialog: what a text searches for, the User array parser, UserSearch
// against the in-process ClerkMockServer over loopback HTTP, and UserListModel.

#include "clerkclient.h"
#include "clerkmockserver.h"
#include "timeformat.h"
#include "userlistmodel.h"
#include "usersearch.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using Kind = UserSearch::Kind;
using Status = ClerkResult::Status;

namespace {
// 2024-05-28 00:05:00 UTC.
constexpr qint64 Now = 1716854400000 + 5 * 60'000;
constexpr qint64 Hour = 3'600'000;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 Today = 1716854400000; // the start of Now's UTC day

const QString WrongKeyMessage = QStringLiteral(
    "the secret key was rejected: The provided Clerk Secret Key is invalid. Make sure that your "
    "Clerk Secret Key is correct.");

QStringList idsOf(const QList<UserSummary> &users)
{
    QStringList ids;
    for (const UserSummary &user : users)
        ids.append(user.id);
    return ids;
}
} // namespace

class TestUserSearch : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // Pure functions.
    void kindOf_data();
    void kindOf();
    void queryFor_data();
    void queryFor();
    void queryForRaisesTheLimitToTheIdsGiven();
    void queryString();
    void displayNameAndLabel_data();
    void displayNameAndLabel();
    void parseUsers();
    void parseUsersToleratesNulls();
    void parseUsersRejects_data();
    void parseUsersRejects();

    // Against the mock.
    void byEmailFindsExactlyTheUser();
    void byPastedAddress();
    void byUserIds();
    void byNamePart();
    void noMatch();
    void wrongKeyIsUnauthorized();
    void emptyTextSendsNothing();
    void tooManyIdsSendsNothing();
    void newSearchReplacesTheRunningOne();
    void cancelReportsCancelled();

    // The table.
    void listModel();
    void listModelRefreshTimes();
    void lastActiveText_data();
    void lastActiveText();

private:
    ClerkConfig config(const QString &key) const;
    UserSearch::Result run(UserSearch &search, const QString &text);

    std::unique_ptr<ClerkMockServer> m_mock;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ClerkClient> m_client;
};

void TestUserSearch::init()
{
    MockInstance::Options instance;
    instance.seed = 11;
    instance.sessions = 400;
    m_mock = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(instance),
                                               ClerkMockServer::Options());
    QVERIFY(m_mock->listen() != 0);
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
    m_client = std::make_unique<ClerkClient>(m_manager.get(), config(m_mock->secretKey()));
}

void TestUserSearch::cleanup()
{
    m_client.reset();
    m_manager.reset();
    m_mock.reset();
}

ClerkConfig TestUserSearch::config(const QString &key) const
{
    ClerkConfig config;
    config.setSecretKey(key);
    QString error;
    if (!config.setApiUrl(m_mock->url().toString(), &error))
        qWarning() << error;
    return config;
}

UserSearch::Result TestUserSearch::run(UserSearch &search, const QString &text)
{
    QSignalSpy finished(&search, &UserSearch::finished);
    search.search(text);
    [&] { QVERIFY(search.isRunning()); }();
    if (!finished.wait(20000) || finished.size() != 1)
        return {text, ClerkResult::failure(Status::Cancelled, QStringLiteral("no answer")), {}};
    [&] { QVERIFY(!search.isRunning()); }();
    return finished.first().first().value<UserSearch::Result>();
}

// --- Pure functions ---------------------------------------------------------------------------

void TestUserSearch::kindOf_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Kind>("kind");
    QTest::newRow("email") << QStringLiteral("jane@example.com") << Kind::EmailAddress;
    QTest::newRow("emails") << QStringLiteral("a@x.com, b@y.com") << Kind::EmailAddress;
    QTest::newRow("pasted label") << QStringLiteral(" Jane Doe <jane@example.com> ")
                                  << Kind::EmailAddress;
    QTest::newRow("user id") << QStringLiteral("user_2abc") << Kind::UserId;
    QTest::newRow("user ids") << QStringLiteral("user_2abc,user_3def\tuser_4") << Kind::UserId;
    QTest::newRow("id and name") << QStringLiteral("user_2abc jane") << Kind::Query;
    QTest::newRow("name") << QStringLiteral("Jane Doe") << Kind::Query;
    QTest::newRow("id prefix is case-sensitive") << QStringLiteral("USER_2abc") << Kind::Query;
    QTest::newRow("client id") << QStringLiteral("client_2abc") << Kind::Query;
    QTest::newRow("empty") << QString() << Kind::Query;
}

void TestUserSearch::kindOf()
{
    QFETCH(QString, text);
    QFETCH(Kind, kind);
    QCOMPARE(UserSearch::kindOf(text), kind);
}

void TestUserSearch::queryFor_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("emails");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QString>("query");

    QTest::newRow("email") << QStringLiteral(" jane@example.com ")
                           << QStringList{QStringLiteral("jane@example.com")} << QStringList()
                           << QString();
    QTest::newRow("emails, repeats dropped")
        << QStringLiteral("a@x.com, B@y.com;\n a@X.com")
        << QStringList{QStringLiteral("a@x.com"), QStringLiteral("B@y.com")} << QStringList()
        << QString();
    QTest::newRow("pasted label") << QStringLiteral("Jane Doe <jane@example.com>")
                                  << QStringList{QStringLiteral("jane@example.com")}
                                  << QStringList() << QString();
    QTest::newRow("mailto") << QStringLiteral("mailto:jane+test@example.com.")
                            << QStringList{QStringLiteral("jane+test@example.com")} << QStringList()
                            << QString();
    QTest::newRow("ids") << QStringLiteral("user_1 user_2, user_1") << QStringList()
                         << QStringList{QStringLiteral("user_1"), QStringLiteral("user_2")}
                         << QString();
    QTest::newRow("text") << QStringLiteral("  Jane \t Doe ") << QStringList() << QStringList()
                          << QStringLiteral("Jane Doe");
    QTest::newRow("empty") << QStringLiteral(" ,  ") << QStringList() << QStringList() << QString();
}

void TestUserSearch::queryFor()
{
    QFETCH(QString, text);
    QFETCH(QStringList, emails);
    QFETCH(QStringList, ids);
    QFETCH(QString, query);
    const ClerkClient::UserQuery q = UserSearch::queryFor(text);
    QCOMPARE(q.emailAddresses, emails);
    QCOMPARE(q.userIds, ids);
    QCOMPARE(q.query, query);
    QCOMPARE(q.limit, 50);
    QCOMPARE(q.offset, 0);
    QCOMPARE(q.orderBy, QStringLiteral("-last_active_at"));
}

void TestUserSearch::queryForRaisesTheLimitToTheIdsGiven()
{
    QStringList ids;
    for (int i = 0; i < 60; ++i)
        ids.append(QStringLiteral("user_%1").arg(i));
    QCOMPARE(UserSearch::queryFor(ids.join(u','), 50).limit, 60);
    QCOMPARE(UserSearch::queryFor(QStringLiteral("jane"), 0).limit, 1);
    QCOMPARE(UserSearch::queryFor(QStringLiteral("jane"), 900).limit, 500);

    ids.clear();
    for (int i = 0; i < 101; ++i)
        ids.append(QStringLiteral("user_%1").arg(i));
    const ClerkClient::UserQuery tooMany = UserSearch::queryFor(ids.join(u' '));
    QCOMPARE(tooMany.userIds.size(), 101);
    QCOMPARE(ClerkClient::userQueryError(tooMany),
             QStringLiteral("at most 100 user ids can be looked up in one request, not 101"));
}

void TestUserSearch::queryString()
{
    QCOMPARE(ClerkClient::userListQuery(
                 UserSearch::queryFor(QStringLiteral("ann+test@example.com, bob@example.com")))
                 .query(QUrl::FullyEncoded),
             QStringLiteral("email_address=ann%2Btest@example.com&email_address=bob@example.com"
                            "&order_by=-last_active_at&limit=50&offset=0"));
    QCOMPARE(ClerkClient::userListQuery(UserSearch::queryFor(QStringLiteral("Jane Doe")))
                 .query(QUrl::FullyEncoded),
             QStringLiteral("query=Jane%20Doe&order_by=-last_active_at&limit=50&offset=0"));
}

void TestUserSearch::displayNameAndLabel_data()
{
    QTest::addColumn<UserSummary>("user");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("label");

    UserSummary user;
    user.id = QStringLiteral("user_1");
    QTest::newRow("id only") << user << QStringLiteral("user_1") << QStringLiteral("user_1");
    user.primaryEmail = QStringLiteral("jane@example.com");
    QTest::newRow("email") << user << QStringLiteral("jane@example.com")
                           << QStringLiteral("jane@example.com");
    user.username = QStringLiteral("jdoe");
    QTest::newRow("username") << user << QStringLiteral("jdoe")
                              << QStringLiteral("jdoe <jane@example.com>");
    user.lastName = QStringLiteral("Doe");
    QTest::newRow("last name") << user << QStringLiteral("Doe")
                               << QStringLiteral("Doe <jane@example.com>");
    user.firstName = QStringLiteral("Jane ");
    QTest::newRow("full name") << user << QStringLiteral("Jane Doe")
                               << QStringLiteral("Jane Doe <jane@example.com>");
    user.primaryEmail.clear();
    QTest::newRow("name, no email")
        << user << QStringLiteral("Jane Doe") << QStringLiteral("Jane Doe");
}

void TestUserSearch::displayNameAndLabel()
{
    QFETCH(UserSummary, user);
    QFETCH(QString, name);
    QFETCH(QString, label);
    QCOMPARE(user.displayName(), name);
    QCOMPARE(user.label(), label);
}

void TestUserSearch::parseUsers()
{
    const QByteArray json = R"([
      {"id": "user_2jane", "object": "user", "first_name": "Jane", "last_name": "Doe",
       "username": "jdoe", "primary_email_address_id": "idn_2",
       "email_addresses": [
         {"id": "idn_1", "object": "email_address", "email_address": "old@example.com"},
         {"id": "idn_2", "object": "email_address", "email_address": "jane@example.com"}],
       "created_at": 1700000000123, "last_sign_in_at": 1716800000000,
       "last_active_at": 1716768000000, "banned": true, "locked": false,
       "public_metadata": {}, "phone_numbers": []},
      {"id": "user_2bob", "object": "user", "first_name": "Bob", "last_name": null,
       "primary_email_address_id": "idn_3",
       "email_addresses": [{"id": "idn_3", "email_address": "bob@example.com"}],
       "created_at": 1600000000000, "locked": true}
    ])";
    QString error = QStringLiteral("stale");
    const QList<UserSummary> users = UserSearch::parseUsers(json, &error);
    QCOMPARE(error, QString());
    QCOMPARE(users.size(), 2);

    const UserSummary &jane = users[0];
    QCOMPARE(jane.id, QStringLiteral("user_2jane"));
    QCOMPARE(jane.firstName, QStringLiteral("Jane"));
    QCOMPARE(jane.lastName, QStringLiteral("Doe"));
    QCOMPARE(jane.username, QStringLiteral("jdoe"));
    QCOMPARE(jane.primaryEmail, QStringLiteral("jane@example.com"));
    QCOMPARE(jane.emailAddresses,
             (QStringList{QStringLiteral("old@example.com"), QStringLiteral("jane@example.com")}));
    QCOMPARE(jane.createdAt, Q_INT64_C(1700000000123));
    QCOMPARE(jane.lastSignInAt, Q_INT64_C(1716800000000));
    QCOMPARE(jane.lastActiveAt, Q_INT64_C(1716768000000));
    QVERIFY(jane.banned);
    QVERIFY(!jane.locked);

    const UserSummary &bob = users[1];
    QCOMPARE(bob.id, QStringLiteral("user_2bob"));
    QCOMPARE(bob.lastName, QString());
    QCOMPARE(bob.primaryEmail, QStringLiteral("bob@example.com"));
    QCOMPARE(bob.lastActiveAt, 0);
    QCOMPARE(bob.lastSignInAt, 0);
    QVERIFY(!bob.banned);
    QVERIFY(bob.locked);

    QCOMPARE(UserSearch::parseUsers("[]", &error), QList<UserSummary>());
    QCOMPARE(error, QString());
}

void TestUserSearch::parseUsersToleratesNulls()
{
    const QByteArray json = R"([{"id": "user_1", "object": "user", "first_name": null,
        "last_name": null, "username": null, "primary_email_address_id": null,
        "email_addresses": null, "created_at": null, "last_sign_in_at": null,
        "last_active_at": null, "banned": null, "locked": null},
      {"id": "user_2", "primary_email_address_id": "idn_gone",
       "email_addresses": [{"id": "idn_1", "email_address": null},
                           {"id": null, "email_address": "x@example.com"}]}])";
    QString error;
    const QList<UserSummary> users = UserSearch::parseUsers(json, &error);
    QCOMPARE(error, QString());
    QCOMPARE(users.size(), 2);
    UserSummary bare;
    bare.id = QStringLiteral("user_1");
    QCOMPARE(users[0], bare);
    QCOMPARE(users[0].displayName(), QStringLiteral("user_1"));
    // The primary address is not among them: no primary email, the addresses still listed.
    QCOMPARE(users[1].primaryEmail, QString());
    QCOMPARE(users[1].emailAddresses, QStringList{QStringLiteral("x@example.com")});
}

void TestUserSearch::parseUsersRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    QTest::newRow("html") << QByteArray("<html>502</html>")
                          << QStringLiteral("the body is not JSON: illegal value near byte 1");
    QTest::newRow("cut short") << QByteArray(R"([{"id": "user_1"}, {"id": )")
                               << QStringLiteral(
                                      "the body is not JSON: unterminated object near byte 26");
    QTest::newRow("object") << QByteArray(R"({"data": []})")
                            << QStringLiteral("expected an array of users, found an object");
    QTest::newRow("not a user") << QByteArray(R"([{"id": "user_1"}, "user_2"])")
                                << QStringLiteral(
                                       "users[1]: expected a user object, found a string");
    QTest::newRow("no id") << QByteArray(R"([{"id": "user_1"}, {"first_name": "Jane"}])")
                           << QStringLiteral("users[1]: the user has no \"id\"");
    QTest::newRow("null id") << QByteArray(R"([{"id": null}])")
                             << QStringLiteral("users[0].id: expected a user id, found null");
    QTest::newRow("empty id") << QByteArray(R"([{"id": ""}])")
                              << QStringLiteral(
                                     "users[0].id: expected a user id, found an empty string");
    QTest::newRow("sessions") << QByteArray(R"([{"id": "sess_1", "object": "session"}])")
                              << QStringLiteral(
                                     "users[0].object: expected \"user\", found \"session\"");
    QTest::newRow("time as text")
        << QByteArray(R"([{"id": "user_1", "created_at": "yesterday"}])")
        << QStringLiteral(
               "users[0].created_at: expected an integer (ms since the epoch), found a string");
    QTest::newRow("fractional time")
        << QByteArray(R"([{"id": "user_1", "last_active_at": 1.5}])")
        << QStringLiteral(
               "users[0].last_active_at: expected an integer (ms since the epoch), found 1.5");
    QTest::newRow("banned as text")
        << QByteArray(R"([{"id": "user_1", "banned": "no"}])")
        << QStringLiteral("users[0].banned: expected a boolean, found a string");
    QTest::newRow("name as number")
        << QByteArray(R"([{"id": "user_1", "first_name": 7}])")
        << QStringLiteral("users[0].first_name: expected a string or null, found a number");
    QTest::newRow("emails as object")
        << QByteArray(R"([{"id": "user_1", "email_addresses": {}}])")
        << QStringLiteral("users[0].email_addresses: expected an array or null, found an object");
    QTest::newRow("email as text")
        << QByteArray(R"([{"id": "user_1"}, {"id": "user_2", "email_addresses": ["a@b.c"]}])")
        << QStringLiteral("users[1].email_addresses[0]: expected an email address object, found "
                          "a string");
    QTest::newRow("address as number")
        << QByteArray(R"([{"id": "user_1", "email_addresses": [{"id": "idn_1"},
                          {"id": "idn_2", "email_address": 5}]}])")
        << QStringLiteral("users[0].email_addresses[1].email_address: expected a string or null, "
                          "found a number");
}

void TestUserSearch::parseUsersRejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString actual;
    const QList<UserSummary> users = UserSearch::parseUsers(json, &actual);
    QCOMPARE(actual, error);
    QVERIFY(users.isEmpty()); // never a part of the list passed off as the whole
}

// --- Against the mock ------------------------------------------------------------------------

void TestUserSearch::byEmailFindsExactlyTheUser()
{
    const MockInstance &instance = m_mock->instance();
    const int user = 5;
    UserSearch search(m_client.get());
    const UserSearch::Result result = run(search, instance.userEmail(user));
    QCOMPARE(result.outcome.status, Status::Ok);
    QCOMPARE(result.text, instance.userEmail(user));
    QCOMPARE(result.users.size(), 1);
    const UserSummary &found = result.users.first();
    QCOMPARE(found.id, instance.userId(user));
    QCOMPARE(found.primaryEmail, instance.userEmail(user));
    QCOMPARE(found.emailAddresses, QStringList{instance.userEmail(user)});
    QCOMPARE(found.firstName, instance.userFirstName(user));
    QCOMPARE(found.lastName, instance.userLastName(user));
    QCOMPARE(found.createdAt, instance.userCreatedAt(user));
    // The parser reads the mock's whole User object as the API has it.
    const QJsonObject json = instance.userJson(user);
    QCOMPARE(found.banned, json.value(QStringLiteral("banned")).toBool());
    QCOMPARE(found.locked, json.value(QStringLiteral("locked")).toBool());
    QCOMPARE(found.lastActiveAt, json.value(QStringLiteral("last_active_at")).toInteger(0));
    QCOMPARE(found.lastSignInAt, json.value(QStringLiteral("last_sign_in_at")).toInteger(0));
    QCOMPARE(m_mock->requestCount(), 1);
}

void TestUserSearch::byPastedAddress()
{
    const MockInstance &instance = m_mock->instance();
    UserSearch search(m_client.get());
    const QString pasted = QStringLiteral("%1 %2 <%3>, %4")
                               .arg(instance.userFirstName(7), instance.userLastName(7),
                                    instance.userEmail(7), instance.userEmail(9));
    const UserSearch::Result result = run(search, pasted);
    QCOMPARE(result.outcome.status, Status::Ok);
    QStringList ids = idsOf(result.users);
    ids.sort();
    QStringList expected{instance.userId(7), instance.userId(9)};
    expected.sort();
    QCOMPARE(ids, expected);
}

void TestUserSearch::byUserIds()
{
    const MockInstance &instance = m_mock->instance();
    UserSearch search(m_client.get());
    const UserSearch::Result one = run(search, instance.userId(3));
    QCOMPARE(one.outcome.status, Status::Ok);
    QCOMPARE(idsOf(one.users), QStringList{instance.userId(3)});

    const UserSearch::Result three =
        run(search,
            QStringLiteral("%1, %2\n%3 user_doesnotexist")
                .arg(instance.userId(0), instance.userId(1), instance.userId(2)));
    QCOMPARE(three.outcome.status, Status::Ok);
    QStringList ids = idsOf(three.users);
    ids.sort();
    QStringList expected{instance.userId(0), instance.userId(1), instance.userId(2)};
    expected.sort();
    QCOMPARE(ids, expected);
}

void TestUserSearch::byNamePart()
{
    const MockInstance &instance = m_mock->instance();
    const QString part = instance.userLastName(4).left(4);
    QVERIFY(part.size() == 4);
    MockInstance::UserFilter filter;
    filter.query = part;
    const std::vector<int> matching =
        instance.users(filter, MockInstance::UserOrder::LastActiveAt, true);
    QVERIFY(!matching.empty());
    QStringList expected;
    for (std::size_t i = 0; i < matching.size() && i < 50; ++i)
        expected.append(instance.userId(matching[i]));

    UserSearch search(m_client.get());
    const UserSearch::Result result = run(search, part.toUpper());
    QCOMPARE(result.outcome.status, Status::Ok);
    // Clerk's order: most recently active first.
    QCOMPARE(idsOf(result.users), expected);
    QVERIFY(idsOf(result.users).contains(instance.userId(4)));
}

void TestUserSearch::noMatch()
{
    UserSearch search(m_client.get());
    const UserSearch::Result text = run(search, QStringLiteral("zz-nobody-qq"));
    QCOMPARE(text.outcome.status, Status::Ok);
    QCOMPARE(text.users.size(), 0);
    const UserSearch::Result email = run(search, QStringLiteral("nobody@nowhere.example"));
    QCOMPARE(email.outcome.status, Status::Ok);
    QCOMPARE(email.users.size(), 0);
    const UserSearch::Result id = run(search, QStringLiteral("user_nobody"));
    QCOMPARE(id.outcome.status, Status::Ok);
    QCOMPARE(id.users.size(), 0);
}

void TestUserSearch::wrongKeyIsUnauthorized()
{
    ClerkClient rejected(m_manager.get(),
                         config(QStringLiteral("sk_test_not_the_mock_key_0000000000")));
    QSignalSpy answered(m_mock.get(), &ClerkMockServer::answered);
    UserSearch search(&rejected);
    const UserSearch::Result result = run(search, QStringLiteral("jane@example.com"));
    QCOMPARE(result.outcome.status, Status::Unauthorized);
    QCOMPARE(result.outcome.httpStatus, 401);
    QCOMPARE(result.outcome.message(), WrongKeyMessage);
    QCOMPARE(answered.size(), 1);
    QCOMPARE(result.outcome.traceId, QString::fromLatin1(answered.first().at(1).toByteArray()));
    QVERIFY(result.users.isEmpty());
}

void TestUserSearch::emptyTextSendsNothing()
{
    UserSearch search(m_client.get());
    QSignalSpy finished(&search, &UserSearch::finished);
    search.search(QStringLiteral("  , "));
    QCOMPARE(finished.size(), 0); // from the event loop, as an answer would come
    QVERIFY(search.isRunning());
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    const auto result = finished.first().first().value<UserSearch::Result>();
    QCOMPARE(result.outcome.status, Status::InvalidRequest);
    QCOMPARE(result.outcome.detail,
             QStringLiteral("nothing to search for: type an email address, a user ID or a name"));
    QCOMPARE(result.text, QStringLiteral("  , "));
    QVERIFY(!search.isRunning());
    QCOMPARE(m_mock->requestCount(), 0);
}

void TestUserSearch::tooManyIdsSendsNothing()
{
    QStringList emails;
    for (int i = 0; i < 101; ++i)
        emails.append(QStringLiteral("u%1@example.com").arg(i));
    UserSearch search(m_client.get());
    const UserSearch::Result result = run(search, emails.join(u','));
    QCOMPARE(result.outcome.status, Status::InvalidRequest);
    QCOMPARE(
        result.outcome.detail,
        QStringLiteral("at most 100 email addresses can be looked up in one request, not 101"));
    QCOMPARE(m_mock->requestCount(), 0);
}

void TestUserSearch::newSearchReplacesTheRunningOne()
{
    const MockInstance &instance = m_mock->instance();
    m_mock->setLatency(100);
    UserSearch search(m_client.get());
    QSignalSpy finished(&search, &UserSearch::finished);
    search.search(instance.userEmail(1));
    search.search(instance.userEmail(2));
    QVERIFY(finished.wait(10000));
    QTest::qWait(300); // the first one's answer would have come by now
    QCOMPARE(finished.size(), 1);
    const auto result = finished.first().first().value<UserSearch::Result>();
    QCOMPARE(result.text, instance.userEmail(2));
    QCOMPARE(idsOf(result.users), QStringList{instance.userId(2)});

    // Also a pending empty-text finish is dropped when a real search replaces it.
    finished.clear();
    search.search(QString());
    search.search(instance.userEmail(3));
    QVERIFY(finished.wait(10000));
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<UserSearch::Result>().outcome.status, Status::Ok);
}

void TestUserSearch::cancelReportsCancelled()
{
    m_mock->setLatency(200);
    UserSearch search(m_client.get());
    QSignalSpy finished(&search, &UserSearch::finished);
    search.search(QStringLiteral("jane"));
    QVERIFY(search.isRunning());
    QCOMPARE(m_client->pendingCount(), 1);
    search.cancel();
    QCOMPARE(finished.size(), 1); // before cancel() returns
    QVERIFY(!search.isRunning());
    QCOMPARE(m_client->pendingCount(), 0);
    const auto result = finished.first().first().value<UserSearch::Result>();
    QCOMPARE(result.outcome.status, Status::Cancelled);
    QCOMPARE(result.text, QStringLiteral("jane"));
    QTest::qWait(400);
    QCOMPARE(finished.size(), 1);
    search.cancel(); // nothing running: nothing to say
    QCOMPARE(finished.size(), 1);
}

// --- The table -------------------------------------------------------------------------------

void TestUserSearch::listModel()
{
    UserListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setClock([] { return Now; });
    QCOMPARE(model.columnCount(), 5);
    QCOMPARE(model.headerData(UserListModel::LastActive, Qt::Horizontal).toString(),
             QStringLiteral("Last active"));

    UserSummary jane;
    jane.id = QStringLiteral("user_2jane");
    jane.firstName = QStringLiteral("Jane");
    jane.lastName = QStringLiteral("Doe");
    jane.primaryEmail = QStringLiteral("jane@example.com");
    jane.emailAddresses = {QStringLiteral("old@example.com"), QStringLiteral("jane@example.com")};
    jane.createdAt = Now - 3 * Hour;
    jane.lastActiveAt = Today;
    jane.lastSignInAt = Now - 2 * Hour;
    jane.banned = true;
    UserSummary locked;
    locked.id = QStringLiteral("user_2lock");
    locked.username = QStringLiteral("lockie");
    locked.createdAt = Now - 40 * Day;
    locked.lastActiveAt = Today - 3 * Day;
    locked.locked = true;
    UserSummary bare;
    bare.id = QStringLiteral("user_2bare");
    bare.createdAt = Now - 2 * 365 * Day;

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setUsers({jane, locked, bare});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 3);

    const auto text = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QCOMPARE(text(0, UserListModel::Name).toString(), QStringLiteral("Jane Doe (banned)"));
    QCOMPARE(text(0, UserListModel::Name, Qt::ToolTipRole).toString(),
             QStringLiteral("Banned: the user cannot sign in."));
    QCOMPARE(text(0, UserListModel::EmailAddress).toString(),
             QStringLiteral("jane@example.com (+1)"));
    QCOMPARE(text(0, UserListModel::EmailAddress, Qt::ToolTipRole).toString(),
             QStringLiteral("old@example.com\njane@example.com"));
    QCOMPARE(text(0, UserListModel::UserId).toString(), QStringLiteral("user_2jane"));
    QCOMPARE(text(0, UserListModel::LastActive).toString(), QStringLiteral("today"));
    QCOMPARE(text(0, UserListModel::LastActive, Qt::ToolTipRole).toString(),
             QStringLiteral("Last active on 2024-05-28 (UTC; Clerk records the day only)\n"
                            "Last signed in %1")
                 .arg(TimeFormat::localDateTime(Now - 2 * Hour)));
    QCOMPARE(text(0, UserListModel::Created).toString(), QStringLiteral("3 h ago"));
    QCOMPARE(text(0, UserListModel::Created, Qt::ToolTipRole).toString(),
             TimeFormat::localDateTime(Now - 3 * Hour));

    QCOMPARE(text(1, UserListModel::Name).toString(), QStringLiteral("lockie (locked)"));
    QVERIFY(text(1, UserListModel::Name, Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("Locked: the user cannot sign in")));
    QCOMPARE(text(1, UserListModel::EmailAddress).toString(), QString());
    QCOMPARE(text(1, UserListModel::LastActive).toString(), QStringLiteral("3 days ago"));
    QCOMPARE(text(1, UserListModel::Created).toString(), QStringLiteral("1 month ago"));

    QCOMPARE(text(2, UserListModel::Name).toString(), QStringLiteral("user_2bare"));
    QCOMPARE(text(2, UserListModel::LastActive).toString(), QStringLiteral("never"));
    QCOMPARE(text(2, UserListModel::LastActive, Qt::ToolTipRole).toString(),
             QStringLiteral("No session activity recorded"));
    QCOMPARE(text(2, UserListModel::Created).toString(), QStringLiteral("2 years ago"));

    // Raw values to sort by, the id in every column.
    QCOMPARE(text(0, UserListModel::LastActive, UserListModel::SortRole).toLongLong(), Today);
    QCOMPARE(text(2, UserListModel::LastActive, UserListModel::SortRole).toLongLong(), 0);
    QCOMPARE(text(1, UserListModel::Created, UserListModel::SortRole).toLongLong(), Now - 40 * Day);
    QCOMPARE(text(1, UserListModel::Name, UserListModel::SortRole).toString(),
             QStringLiteral("lockie (locked)"));
    QCOMPARE(text(1, UserListModel::Created, UserListModel::UserIdRole).toString(),
             QStringLiteral("user_2lock"));

    QCOMPARE(model.user(1).id, QStringLiteral("user_2lock"));
    QCOMPARE(model.user(3).id, QString());
    QCOMPARE(model.rowOfUser(QStringLiteral("user_2bare")), 2);
    QCOMPARE(model.rowOfUser(QStringLiteral("user_nope")), -1);

    // A new search result replaces the list.
    model.setUsers({bare});
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 1);
    model.setUsers({});
    QCOMPARE(model.rowCount(), 0);
}

void TestUserSearch::listModelRefreshTimes()
{
    UserListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    qint64 now = Now;
    model.setClock([&now] { return now; });
    UserSummary user;
    user.id = QStringLiteral("user_1");
    user.createdAt = Now - 3 * Hour;
    user.lastActiveAt = Today;
    model.setUsers({user, user});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    now += Day;
    model.refreshTimes();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(0, UserListModel::LastActive));
    QCOMPARE(changed.first().at(1).toModelIndex(), model.index(1, UserListModel::Created));
    QCOMPARE(model.index(1, UserListModel::LastActive).data().toString(),
             QStringLiteral("yesterday"));
    QCOMPARE(model.index(1, UserListModel::Created).data().toString(), QStringLiteral("1 day ago"));
}

void TestUserSearch::lastActiveText_data()
{
    QTest::addColumn<qint64>("day");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << qint64(0) << Now << QStringLiteral("never");
    QTest::newRow("today, just after midnight") << Today << Now << QStringLiteral("today");
    QTest::newRow("today, late") << Today << Today + Day - 1 << QStringLiteral("today");
    QTest::newRow("yesterday, 5 min before") << Today - Day << Now << QStringLiteral("yesterday");
    QTest::newRow("2 days") << Today - 2 * Day << Now << QStringLiteral("2 days ago");
    QTest::newRow("45 days") << Today - 45 * Day << Now << QStringLiteral("1 month ago");
    QTest::newRow("not at midnight")
        << Today - 2 * Day + 20 * Hour << Now << QStringLiteral("2 days ago");
}

void TestUserSearch::lastActiveText()
{
    QFETCH(qint64, day);
    QFETCH(qint64, now);
    QFETCH(QString, text);
    QCOMPARE(UserListModel::lastActiveText(day, now), text);
}

QTEST_GUILESS_MAIN(TestUserSearch)
#include "tst_usersearch.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
//
// clerk-mock's fidelity to Clerk's Backend API spec (backend-api-2026-05-12.yml): every answer
// of every endpoint, successes and errors, carries each field its schema requires, with the
// right JSON type, and (where the schema says additionalProperties: false) nothing else. The
// schemas' required fields, types and properties are copied here from components/schemas, so
// the test needs nothing outside the repository.

#include "clerkmockserver.h"
#include "mockhttp.h"
#include "mockinstance.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <memory>

namespace {

enum class Type { String, Integer, Boolean, Array, Object };

struct Field
{
    const char *name;
    Type type;
    bool nullable = false;
    bool required = true;
};

struct Schema
{
    const char *name;
    QList<Field> fields; // required ones and the optional properties the mock may send
    bool closed = false; // additionalProperties: false
    QStringList otherProperties = {}; // optional properties the mock does not send
};

constexpr bool Nullable = true;
constexpr bool Optional = false;

// components/schemas/Session (additionalProperties: false)
const Schema SessionSchema{
    "Session",
    {
        {"object", Type::String},
        {"id", Type::String},
        {"user_id", Type::String},
        {"client_id", Type::String},
        {"status", Type::String},
        {"last_active_at", Type::Integer},
        {"expire_at", Type::Integer},
        {"abandon_at", Type::Integer},
        {"updated_at", Type::Integer},
        {"created_at", Type::Integer},
        {"actor", Type::Object, Nullable, Optional},
        {"last_active_organization_id", Type::String, Nullable, Optional},
        {"latest_activity", Type::Object, Nullable, Optional},
        {"tasks", Type::Array, Nullable, Optional},
    },
    true,
};

// components/schemas/SessionActivityResponse
const Schema ActivitySchema{
    "SessionActivityResponse",
    {
        {"id", Type::String},
        {"object", Type::String},
        {"is_mobile", Type::Boolean},
        {"device_type", Type::String, false, Optional},
        {"browser_name", Type::String, false, Optional},
        {"browser_version", Type::String, false, Optional},
        {"ip_address", Type::String, false, Optional},
        {"city", Type::String, false, Optional},
        {"country", Type::String, false, Optional},
    },
};

// components/schemas/SessionTask
const Schema TaskSchema{"SessionTask", {{"key", Type::String}}};

// components/schemas/User (additionalProperties: false)
const Schema UserSchema{
    "User",
    {
        {"id", Type::String},
        {"object", Type::String},
        {"username", Type::String, Nullable},
        {"first_name", Type::String, Nullable},
        {"last_name", Type::String, Nullable},
        {"has_image", Type::Boolean},
        {"primary_email_address_id", Type::String, Nullable},
        {"primary_phone_number_id", Type::String, Nullable},
        {"primary_web3_wallet_id", Type::String, Nullable},
        {"password_enabled", Type::Boolean},
        {"two_factor_enabled", Type::Boolean},
        {"totp_enabled", Type::Boolean},
        {"backup_code_enabled", Type::Boolean},
        {"email_addresses", Type::Array},
        {"phone_numbers", Type::Array},
        {"web3_wallets", Type::Array},
        {"passkeys", Type::Array},
        {"external_accounts", Type::Array},
        {"saml_accounts", Type::Array},
        {"enterprise_accounts", Type::Array},
        {"public_metadata", Type::Object},
        {"external_id", Type::String, Nullable},
        {"last_sign_in_at", Type::Integer, Nullable},
        {"banned", Type::Boolean},
        {"locked", Type::Boolean},
        {"lockout_expires_in_seconds", Type::Integer, Nullable},
        {"verification_attempts_remaining", Type::Integer, Nullable},
        {"created_at", Type::Integer},
        {"updated_at", Type::Integer},
        {"delete_self_enabled", Type::Boolean},
        {"create_organization_enabled", Type::Boolean},
        {"last_active_at", Type::Integer, Nullable},
        {"mfa_enabled_at", Type::Integer, Nullable},
        {"mfa_disabled_at", Type::Integer, Nullable},
        {"legal_accepted_at", Type::Integer, Nullable},
        // optional properties
        {"locale", Type::String, Nullable, Optional},
        {"image_url", Type::String, false, Optional},
        {"private_metadata", Type::Object, Nullable, Optional},
        {"unsafe_metadata", Type::Object, false, Optional},
        {"password_last_updated_at", Type::Integer, Nullable, Optional},
        {"deprovisioned", Type::Boolean, false, Optional},
        {"create_organizations_limit", Type::Integer, Nullable, Optional},
        {"bypass_client_trust", Type::Boolean, false, Optional},
    },
    true,
    {QStringLiteral("profile_image_url"), QStringLiteral("organization_memberships"),
     QStringLiteral("scim")},
};

// components/schemas/EmailAddress (additionalProperties: false)
const Schema EmailAddressSchema{
    "EmailAddress",
    {
        {"object", Type::String},
        {"email_address", Type::String},
        {"verification", Type::Object, Nullable},
        {"linked_to", Type::Array},
        {"reserved", Type::Boolean},
        {"created_at", Type::Integer},
        {"updated_at", Type::Integer},
        {"id", Type::String, false, Optional},
        {"matches_sso_connection", Type::Boolean, false, Optional},
    },
    true,
};

// components/schemas/verification_otp (additionalProperties: false)
const Schema OtpSchema{
    "verification_otp",
    {
        {"status", Type::String},
        {"strategy", Type::String},
        {"attempts", Type::Integer, Nullable},
        {"expire_at", Type::Integer, Nullable},
        {"object", Type::String, false, Optional},
        {"channel", Type::String, Nullable, Optional},
        {"verified_at_client", Type::String, Nullable, Optional},
    },
    true,
};

// components/schemas/Client (additionalProperties: false)
const Schema ClientSchema{
    "Client",
    {
        {"object", Type::String},
        {"id", Type::String},
        {"session_ids", Type::Array},
        {"sessions", Type::Array},
        {"sign_in_id", Type::String, Nullable},
        {"sign_up_id", Type::String, Nullable},
        {"last_active_session_id", Type::String, Nullable},
        {"last_authentication_strategy", Type::String, Nullable},
        {"updated_at", Type::Integer},
        {"created_at", Type::Integer},
    },
    true,
};

// components/schemas/ClerkErrors
const Schema ErrorsSchema{
    "ClerkErrors",
    {
        {"errors", Type::Array},
        {"meta", Type::Object, false, Optional},
        {"clerk_trace_id", Type::String, false, Optional},
    },
};

// components/schemas/ClerkError
const Schema ErrorSchema{
    "ClerkError",
    {
        {"message", Type::String},
        {"long_message", Type::String},
        {"code", Type::String},
        {"meta", Type::Object, false, Optional},
    },
};

// components/schemas/TotalCount (additionalProperties: false)
const Schema TotalCountSchema{
    "TotalCount",
    {{"object", Type::String}, {"total_count", Type::Integer}},
    true,
};

// Clerk's paginated list envelope (paginated=true): not a named schema in the spec.
const Schema PaginatedSchema{
    "paginated list",
    {{"data", Type::Array}, {"total_count", Type::Integer}},
    true,
};

const char *typeName(Type type)
{
    switch (type) {
    case Type::String:
        return "string";
    case Type::Integer:
        return "integer";
    case Type::Boolean:
        return "boolean";
    case Type::Array:
        return "array";
    case Type::Object:
        return "object";
    }
    return "?";
}

bool hasType(const QJsonValue &value, Type type)
{
    switch (type) {
    case Type::String:
        return value.isString();
    case Type::Integer: // JSON has numbers; an integer is one without a fraction
        return value.isDouble() && std::isfinite(value.toDouble()) &&
            std::trunc(value.toDouble()) == value.toDouble();
    case Type::Boolean:
        return value.isBool();
    case Type::Array:
        return value.isArray();
    case Type::Object:
        return value.isObject();
    }
    return false;
}

// Every violation of `schema` by `object`, as "where: what" lines.
QStringList violations(const QJsonObject &object, const Schema &schema, const QString &where)
{
    QStringList problems;
    QStringList known = schema.otherProperties;
    for (const Field &field : schema.fields) {
        const QString name = QString::fromLatin1(field.name);
        known.append(name);
        if (!object.contains(name)) {
            if (field.required)
                problems.append(QStringLiteral("%1: %2 lacks required %3")
                                    .arg(where, QString::fromLatin1(schema.name), name));
            continue;
        }
        const QJsonValue value = object.value(name);
        if (value.isNull() ? !field.nullable : !hasType(value, field.type)) {
            problems.append(QStringLiteral("%1: %2.%3 should be %4%5")
                                .arg(where, QString::fromLatin1(schema.name), name,
                                     QString::fromLatin1(typeName(field.type)),
                                     field.nullable ? QStringLiteral(" or null") : QString()));
        }
    }
    if (schema.closed) {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!known.contains(it.key()))
                problems.append(QStringLiteral("%1: %2 has no property %3")
                                    .arg(where, QString::fromLatin1(schema.name), it.key()));
        }
    }
    return problems;
}

const QStringList SessionStatuses = {
    QStringLiteral("active"),   QStringLiteral("revoked"), QStringLiteral("ended"),
    QStringLiteral("expired"),  QStringLiteral("removed"), QStringLiteral("abandoned"),
    QStringLiteral("replaced"), QStringLiteral("pending"),
};

QStringList sessionViolations(const QJsonObject &session, const QString &where)
{
    QStringList problems = violations(session, SessionSchema, where);
    if (session.value(u"object") != QJsonValue(QStringLiteral("session")))
        problems.append(where + QStringLiteral(": Session.object is not \"session\""));
    if (!SessionStatuses.contains(session.value(u"status").toString()))
        problems.append(where + QStringLiteral(": Session.status is not in its enum"));
    const QJsonValue activity = session.value(u"latest_activity");
    if (activity.isObject())
        problems += violations(activity.toObject(), ActivitySchema,
                               where + QStringLiteral(".latest_activity"));
    for (const QJsonValue &task : session.value(u"tasks").toArray()) {
        if (!task.isObject())
            problems.append(where + QStringLiteral(": Session.tasks[] is not an object"));
        else
            problems += violations(task.toObject(), TaskSchema, where + QStringLiteral(".tasks[]"));
    }
    return problems;
}

QStringList userViolations(const QJsonObject &user, const QString &where)
{
    QStringList problems = violations(user, UserSchema, where);
    if (user.value(u"object") != QJsonValue(QStringLiteral("user")))
        problems.append(where + QStringLiteral(": User.object is not \"user\""));
    bool primaryFound = user.value(u"primary_email_address_id").isNull();
    for (const QJsonValue &value : user.value(u"email_addresses").toArray()) {
        const QJsonObject email = value.toObject();
        problems +=
            violations(email, EmailAddressSchema, where + QStringLiteral(".email_addresses[]"));
        if (email.value(u"object") != QJsonValue(QStringLiteral("email_address")))
            problems.append(where +
                            QStringLiteral(": EmailAddress.object is not \"email_address\""));
        const QJsonValue verification = email.value(u"verification");
        if (verification.toObject().value(u"object") ==
            QJsonValue(QStringLiteral("verification_otp")))
            problems += violations(verification.toObject(), OtpSchema,
                                   where + QStringLiteral(".verification"));
        primaryFound =
            primaryFound || email.value(u"id") == user.value(u"primary_email_address_id");
    }
    if (!primaryFound)
        problems.append(where +
                        QStringLiteral(": primary_email_address_id names none of email_addresses"));
    return problems;
}

QStringList clientViolations(const QJsonObject &client, const QString &where)
{
    QStringList problems = violations(client, ClientSchema, where);
    if (client.value(u"object") != QJsonValue(QStringLiteral("client")))
        problems.append(where + QStringLiteral(": Client.object is not \"client\""));
    for (const QJsonValue &id : client.value(u"session_ids").toArray()) {
        if (!id.isString())
            problems.append(where + QStringLiteral(": Client.session_ids[] is not a string"));
    }
    for (const QJsonValue &session : client.value(u"sessions").toArray())
        problems += sessionViolations(session.toObject(), where + QStringLiteral(".sessions[]"));
    return problems;
}

QStringList errorViolations(const MockAnswer &answer, const QString &where)
{
    QStringList problems = violations(answer.json.object(), ErrorsSchema, where);
    const QJsonArray errors = answer.json.object().value(u"errors").toArray();
    if (errors.isEmpty())
        problems.append(where + QStringLiteral(": ClerkErrors.errors is empty"));
    for (const QJsonValue &error : errors)
        problems += violations(error.toObject(), ErrorSchema, where + QStringLiteral(".errors[]"));
    if (answer.json.object().value(u"clerk_trace_id").toString().toLatin1() != answer.traceId)
        problems.append(where + QStringLiteral(": clerk_trace_id differs from X-Clerk-Trace-Id"));
    return problems;
}

} // namespace

class TestClerkMockFidelity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void schemaCheckCatchesViolations();
    void sessionLists_data();
    void sessionLists();
    void singleSessions();
    void revokedSession();
    void userLists_data();
    void userLists();
    void singleUsers();
    void userCount();
    void clients();
    void errors_data();
    void errors();
    void rateLimitAndServerErrors();

private:
    MockAnswer get(const QString &path) { return m_http->get(path); }
    static void verifyNone(const QStringList &problems);

    std::unique_ptr<ClerkMockServer> m_server;
    std::unique_ptr<MockHttp> m_http;
};

void TestClerkMockFidelity::initTestCase()
{
    MockInstance::Options data;
    data.seed = 11;
    data.sessions = 4000;
    data.bulkUsers = {600};
    ClerkMockServer::Options options;
    options.rateLimit = 0;
    m_server = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(data), options);
    QVERIFY(m_server->listen() != 0);
    m_http = std::make_unique<MockHttp>(m_server->url(), m_server->secretKey());
}

void TestClerkMockFidelity::cleanup()
{
    m_server->setFaultRates({});
    m_server->setRateLimit(0, 1000);
    m_http->setKey(m_server->secretKey());
}

void TestClerkMockFidelity::verifyNone(const QStringList &problems)
{
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 20).join(u'\n')));
}

void TestClerkMockFidelity::schemaCheckCatchesViolations()
{
    // The checker itself: a test that cannot fail proves nothing.
    QJsonObject session = m_server->instance().sessionJson(0);
    verifyNone(sessionViolations(session, QStringLiteral("good")));
    QJsonObject missing = session;
    missing.remove(u"abandon_at");
    QCOMPARE(sessionViolations(missing, QStringLiteral("s")).size(), 1);
    QJsonObject wrongType = session;
    wrongType.insert(u"created_at", QStringLiteral("1700000000000"));
    QCOMPARE(sessionViolations(wrongType, QStringLiteral("s")).size(), 1);
    QJsonObject fraction = session;
    fraction.insert(u"expire_at", 1.5);
    QCOMPARE(sessionViolations(fraction, QStringLiteral("s")).size(), 1);
    QJsonObject nullId = session;
    nullId.insert(u"id", QJsonValue::Null);
    QCOMPARE(sessionViolations(nullId, QStringLiteral("s")).size(), 1);
    QJsonObject extra = session;
    extra.insert(u"user", QJsonObject());
    QCOMPARE(sessionViolations(extra, QStringLiteral("s")).size(), 1);
    QJsonObject user = m_server->instance().userJson(0);
    verifyNone(userViolations(user, QStringLiteral("good")));
    user.insert(u"primary_email_address_id", QStringLiteral("idn_other"));
    QCOMPARE(userViolations(user, QStringLiteral("u")).size(), 1);
}

void TestClerkMockFidelity::sessionLists_data()
{
    QTest::addColumn<QString>("query");
    const MockInstance &instance = m_server->instance();
    const QString bulk = instance.userId(instance.bulkUser(0));
    QTest::newRow("bulk, bare") << QStringLiteral("user_id=%1&limit=500").arg(bulk);
    QTest::newRow("bulk, paginated")
        << QStringLiteral("user_id=%1&limit=500&offset=100&paginated=true").arg(bulk);
    for (const char *status :
         {"active", "revoked", "ended", "expired", "removed", "abandoned", "replaced"})
        QTest::addRow("bulk, %s", status) << QStringLiteral("user_id=%1&limit=500&status=%2")
                                                 .arg(bulk, QString::fromLatin1(status));
    for (int user = 0; user < 40; ++user)
        QTest::addRow("user %d", user)
            << QStringLiteral("user_id=%1&limit=500&paginated=true").arg(instance.userId(user));
    const Session some = instance.session(instance.userSessionCount(0));
    QTest::newRow("client") << QStringLiteral("client_id=%1&limit=500").arg(some.clientId);
    QTest::newRow("client and user")
        << QStringLiteral("client_id=%1&user_id=%2&paginated=true").arg(some.clientId, some.userId);
}

void TestClerkMockFidelity::sessionLists()
{
    QFETCH(QString, query);
    const MockAnswer answer = get(QStringLiteral("/v1/sessions?") + query);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.contentType, QByteArray("application/json"));
    QJsonArray sessions;
    if (query.contains(u"paginated=true")) {
        QVERIFY(answer.json.isObject());
        verifyNone(violations(answer.json.object(), PaginatedSchema, QStringLiteral("list")));
        sessions = answer.json.object().value(u"data").toArray();
    } else {
        QVERIFY(answer.json.isArray()); // Session.List
        sessions = answer.json.array();
    }
    QVERIFY(!sessions.isEmpty());
    QStringList problems;
    for (qsizetype i = 0; i < sessions.size(); ++i) {
        if (!sessions[i].isObject())
            problems.append(QStringLiteral("[%1] is not an object").arg(i));
        problems += sessionViolations(sessions[i].toObject(), QStringLiteral("[%1]").arg(i));
    }
    verifyNone(problems);
}

void TestClerkMockFidelity::singleSessions()
{
    // Every session of the population's first users, and all of the bulk user's: every status,
    // with and without activity, actor, organisation and tasks.
    const MockInstance &instance = m_server->instance();
    QStringList problems;
    QSet<QString> statuses;
    bool actor = false, organization = false, tasks = false, noActivity = false;
    const int bulk = instance.bulkUser(0);
    const auto rows = instance.sessions({instance.userId(bulk), QString(), std::nullopt});
    for (const int row : rows) {
        const MockAnswer answer = get(QStringLiteral("/v1/sessions/") + instance.session(row).id);
        if (answer.status != 200 || !answer.json.isObject()) {
            problems.append(QStringLiteral("row %1: HTTP %2").arg(row).arg(answer.status));
            continue;
        }
        const QJsonObject session = answer.json.object();
        problems += sessionViolations(session, QStringLiteral("row %1").arg(row));
        statuses.insert(session.value(u"status").toString());
        actor = actor || session.value(u"actor").isObject();
        organization = organization || session.value(u"last_active_organization_id").isString();
        tasks = tasks || !session.value(u"tasks").toArray().isEmpty();
        noActivity = noActivity || session.value(u"latest_activity").isNull();
    }
    verifyNone(problems);
    QCOMPARE(statuses.size(), 8); // every status was checked
    QVERIFY(actor);
    QVERIFY(tasks);
    QVERIFY(noActivity);
    Q_UNUSED(organization); // a bulk user has none of the population's organisations
}

void TestClerkMockFidelity::revokedSession()
{
    const MockInstance &instance = m_server->instance();
    const auto active = instance.sessions({instance.userId(0), QString(), std::nullopt});
    for (const int row : active) {
        if (instance.sessionStatus(row) != SessionStatus::Active &&
            instance.sessionStatus(row) != SessionStatus::Pending)
            continue;
        const MockAnswer answer =
            m_http->post(QStringLiteral("/v1/sessions/%1/revoke").arg(instance.session(row).id));
        QCOMPARE(answer.status, 200);
        verifyNone(sessionViolations(answer.json.object(), QStringLiteral("revoked")));
        return;
    }
    // The first user may have had nothing to revoke; try the bulk user.
    const auto bulk = instance.sessions(
        {instance.userId(instance.bulkUser(0)), QString(), SessionStatus::Active});
    QVERIFY(!bulk.empty());
    const MockAnswer answer = m_http->post(
        QStringLiteral("/v1/sessions/%1/revoke").arg(instance.session(bulk.front()).id));
    QCOMPARE(answer.status, 200);
    verifyNone(sessionViolations(answer.json.object(), QStringLiteral("revoked")));
}

void TestClerkMockFidelity::userLists_data()
{
    QTest::addColumn<QString>("query");
    const MockInstance &instance = m_server->instance();
    QTest::newRow("default") << QString();
    QTest::newRow("all, newest first") << QStringLiteral("limit=500");
    QTest::newRow("all, oldest first")
        << QStringLiteral("limit=500&offset=200&order_by=%2Bcreated_at");
    QTest::newRow("by last name") << QStringLiteral("limit=500&order_by=last_name");
    QTest::newRow("by email") << QStringLiteral("email_address=%1&email_address=%2")
                                     .arg(instance.userEmail(1), instance.userEmail(2));
    QTest::newRow("by id") << QStringLiteral("user_id=%1").arg(instance.userId(3));
    QTest::newRow("by query") << QStringLiteral("query=%1").arg(instance.userLastName(4));
    QTest::newRow("cursor") << QStringLiteral("starting_after=%1").arg(instance.userId(5));
}

void TestClerkMockFidelity::userLists()
{
    QFETCH(QString, query);
    const MockAnswer answer = get(QStringLiteral("/v1/users?") + query);
    QCOMPARE(answer.status, 200);
    QVERIFY(answer.json.isArray()); // User.List
    const QJsonArray users = answer.json.array();
    QVERIFY(!users.isEmpty());
    QStringList problems;
    for (qsizetype i = 0; i < users.size(); ++i)
        problems += userViolations(users[i].toObject(), QStringLiteral("[%1]").arg(i));
    verifyNone(problems);
}

void TestClerkMockFidelity::singleUsers()
{
    const MockInstance &instance = m_server->instance();
    QStringList problems;
    bool image = false, banned = false, locked = false, twoFactor = false;
    for (int user = 0; user < instance.userCount(); ++user) {
        const MockAnswer answer = get(QStringLiteral("/v1/users/") + instance.userId(user));
        if (answer.status != 200) {
            problems.append(QStringLiteral("user %1: HTTP %2").arg(user).arg(answer.status));
            continue;
        }
        const QJsonObject json = answer.json.object();
        problems += userViolations(json, QStringLiteral("user %1").arg(user));
        image = image || json.value(u"has_image").toBool();
        banned = banned || json.value(u"banned").toBool();
        locked = locked || json.value(u"locked").toBool();
        twoFactor = twoFactor || json.value(u"two_factor_enabled").toBool();
    }
    verifyNone(problems);
    QVERIFY(image && twoFactor); // both sides of the booleans were checked
    Q_UNUSED(banned);
    Q_UNUSED(locked);
}

void TestClerkMockFidelity::userCount()
{
    for (const QString &query :
         {QString(), QStringLiteral("query=a"),
          QStringLiteral("email_address=") + m_server->instance().userEmail(0)}) {
        const MockAnswer answer = get(QStringLiteral("/v1/users/count?") + query);
        QCOMPARE(answer.status, 200);
        verifyNone(violations(answer.json.object(), TotalCountSchema, query));
        QCOMPARE(answer.json.object().value(u"object").toString(), QStringLiteral("total_count"));
    }
}

void TestClerkMockFidelity::clients()
{
    const MockInstance &instance = m_server->instance();
    QStringList problems;
    int withSessions = 0;
    for (int client = 0; client < std::min(instance.clientCount(), 400); ++client) {
        const MockAnswer answer = get(QStringLiteral("/v1/clients/") + instance.clientId(client));
        if (answer.status != 200) {
            problems.append(QStringLiteral("client %1: HTTP %2").arg(client).arg(answer.status));
            continue;
        }
        problems += clientViolations(answer.json.object(), QStringLiteral("client %1").arg(client));
        withSessions += !answer.json.object().value(u"sessions").toArray().isEmpty();
    }
    verifyNone(problems);
    QVERIFY(withSessions > 0);
}

void TestClerkMockFidelity::errors_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("key"); // "none", "wrong" or "right"
    QTest::addColumn<int>("status");
    const MockInstance &instance = m_server->instance();
    int ended = 0;
    while (instance.sessionStatus(ended) != SessionStatus::Ended)
        ++ended;
    const QString right = QStringLiteral("right");
    QTest::newRow("no key") << QByteArray("GET") << QStringLiteral("/v1/users")
                            << QStringLiteral("none") << 401;
    QTest::newRow("wrong key") << QByteArray("GET") << QStringLiteral("/v1/sessions/x")
                               << QStringLiteral("wrong") << 401;
    QTest::newRow("no such path") << QByteArray("GET") << QStringLiteral("/v1/nothing") << right
                                  << 404;
    QTest::newRow("no such session")
        << QByteArray("GET") << QStringLiteral("/v1/sessions/sess_x") << right << 404;
    QTest::newRow("no such session to revoke")
        << QByteArray("POST") << QStringLiteral("/v1/sessions/sess_x/revoke") << right << 404;
    QTest::newRow("no such user") << QByteArray("GET") << QStringLiteral("/v1/users/user_x")
                                  << right << 404;
    QTest::newRow("no such client")
        << QByteArray("GET") << QStringLiteral("/v1/clients/client_x") << right << 404;
    QTest::newRow("no user or client")
        << QByteArray("GET") << QStringLiteral("/v1/sessions") << right << 422;
    QTest::newRow("bad limit") << QByteArray("GET") << QStringLiteral("/v1/users?limit=0") << right
                               << 422;
    QTest::newRow("bad order") << QByteArray("GET") << QStringLiteral("/v1/users?order_by=x")
                               << right << 422;
    QTest::newRow("bad status") << QByteArray("GET")
                                << QStringLiteral("/v1/sessions?user_id=u&status=x") << right
                                << 422;
    QTest::newRow("revoke ended")
        << QByteArray("POST")
        << QStringLiteral("/v1/sessions/%1/revoke").arg(instance.session(ended).id) << right << 400;
}

void TestClerkMockFidelity::errors()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QString, key);
    QFETCH(int, status);
    m_http->setKey(key == u"none"        ? QString()
                       : key == u"wrong" ? QStringLiteral("sk_test_wrong")
                                         : m_server->secretKey());
    const MockAnswer answer = m_http->send(verb, path);
    QCOMPARE(answer.status, status);
    QCOMPARE(answer.contentType, QByteArray("application/json"));
    QVERIFY(answer.json.isObject());
    verifyNone(errorViolations(answer, path));
}

void TestClerkMockFidelity::rateLimitAndServerErrors()
{
    m_server->setRateLimit(1, 60'000);
    QCOMPARE(get(QStringLiteral("/v1/users/count")).status, 200);
    const MockAnswer limited = get(QStringLiteral("/v1/users/count"));
    QCOMPARE(limited.status, 429);
    verifyNone(errorViolations(limited, QStringLiteral("429")));
    m_server->setRateLimit(0, 1000);

    m_server->setFaultRates({1.0, 0, 0});
    bool checked500 = false;
    for (int i = 0; i < 20 && !checked500; ++i) {
        const MockAnswer answer = get(QStringLiteral("/v1/users/count"));
        if (answer.status == 500) {
            verifyNone(errorViolations(answer, QStringLiteral("500")));
            checked500 = true;
        }
    }
    QVERIFY(checked500);
}

QTEST_GUILESS_MAIN(TestClerkMockFidelity)
#include "tst_clerkmockfidelity.moc"

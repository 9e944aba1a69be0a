// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionrecordparser.h"

#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ondemand = simdjson::ondemand;

namespace {

using Result = SessionRecordParser::Result;

enum Spelling : unsigned char { Neutral, Snake, Camel };

// Keys of a Session, in the order the spec lists the required ones (missing fields are
// reported in this order). The optional ones follow CreatedAt.
enum SessionKey : unsigned char {
    Object,
    Id,
    UserId,
    ClientId,
    Status,
    LastActiveAt,
    ExpireAt,
    AbandonAt,
    UpdatedAt,
    CreatedAt,
    Actor,
    OrganizationId,
    LatestActivity,
    Tasks,
    User, // not in the spec's Session: webhook events' sessions carry their User
};

enum ActivityKey : unsigned char {
    ActivityObject,
    ActivityId,
    IsMobile,
    DeviceType,
    BrowserName,
    BrowserVersion,
    IpAddress,
    City,
    Country,
};

struct KeyName
{
    std::string_view name;
    unsigned char key;
    Spelling spelling;
};

constexpr KeyName sessionKeys[] = {
    {"object", Object, Neutral},
    {"id", Id, Neutral},
    {"user_id", UserId, Snake},
    {"userId", UserId, Camel},
    {"client_id", ClientId, Snake},
    {"clientId", ClientId, Camel},
    {"status", Status, Neutral},
    {"last_active_at", LastActiveAt, Snake},
    {"lastActiveAt", LastActiveAt, Camel},
    {"expire_at", ExpireAt, Snake},
    {"expireAt", ExpireAt, Camel},
    {"abandon_at", AbandonAt, Snake},
    {"abandonAt", AbandonAt, Camel},
    {"updated_at", UpdatedAt, Snake},
    {"updatedAt", UpdatedAt, Camel},
    {"created_at", CreatedAt, Snake},
    {"createdAt", CreatedAt, Camel},
    {"actor", Actor, Neutral},
    {"last_active_organization_id", OrganizationId, Snake},
    {"lastActiveOrganizationId", OrganizationId, Camel},
    {"latest_activity", LatestActivity, Snake},
    {"latestActivity", LatestActivity, Camel},
    {"tasks", Tasks, Neutral},
    // Neutral, so it does not vote for a casing; the user's own keys never vote either.
    {"user", User, Neutral},
};

constexpr KeyName activityKeys[] = {
    {"object", ActivityObject, Neutral},
    {"id", ActivityId, Neutral},
    {"is_mobile", IsMobile, Snake},
    {"isMobile", IsMobile, Camel},
    {"device_type", DeviceType, Snake},
    {"deviceType", DeviceType, Camel},
    {"browser_name", BrowserName, Snake},
    {"browserName", BrowserName, Camel},
    {"browser_version", BrowserVersion, Snake},
    {"browserVersion", BrowserVersion, Camel},
    {"ip_address", IpAddress, Snake},
    {"ipAddress", IpAddress, Camel},
    {"city", City, Neutral},
    {"country", Country, Neutral},
};

// The members of a Clerk User that make a UserSummary.
enum class UserKey : unsigned char {
    Object,
    Id,
    FirstName,
    LastName,
    Username,
    PrimaryEmailAddressId,
    EmailAddresses,
    CreatedAt,
    LastSignInAt,
    LastActiveAt,
    Banned,
    Locked,
};

constexpr KeyName userKey(std::string_view name, UserKey key, Spelling spelling)
{
    return {name, static_cast<unsigned char>(key), spelling};
}

// Spellings as elsewhere, though a user's keys never vote for the record's casing.
constexpr KeyName userKeys[] = {
    userKey("object", UserKey::Object, Neutral),
    userKey("id", UserKey::Id, Neutral),
    userKey("first_name", UserKey::FirstName, Snake),
    userKey("firstName", UserKey::FirstName, Camel),
    userKey("last_name", UserKey::LastName, Snake),
    userKey("lastName", UserKey::LastName, Camel),
    userKey("username", UserKey::Username, Neutral),
    userKey("primary_email_address_id", UserKey::PrimaryEmailAddressId, Snake),
    userKey("primaryEmailAddressId", UserKey::PrimaryEmailAddressId, Camel),
    userKey("email_addresses", UserKey::EmailAddresses, Snake),
    userKey("emailAddresses", UserKey::EmailAddresses, Camel),
    userKey("created_at", UserKey::CreatedAt, Snake),
    userKey("createdAt", UserKey::CreatedAt, Camel),
    userKey("last_sign_in_at", UserKey::LastSignInAt, Snake),
    userKey("lastSignInAt", UserKey::LastSignInAt, Camel),
    userKey("last_active_at", UserKey::LastActiveAt, Snake),
    userKey("lastActiveAt", UserKey::LastActiveAt, Camel),
    userKey("banned", UserKey::Banned, Neutral),
    userKey("locked", UserKey::Locked, Neutral),
};

// Where each activity key's text goes in the batch.
constexpr SessionBatch::TextField activityText[] = {
    SessionBatch::ActivityObject, SessionBatch::ActivityId,  SessionBatch::TextFieldCount,
    SessionBatch::DeviceType,     SessionBatch::BrowserName, SessionBatch::BrowserVersion,
    SessionBatch::IpAddress,      SessionBatch::City,        SessionBatch::Country,
};

// Key lookup: the candidates of each length, so most keys cost one or two comparisons.
template<std::size_t N>
struct KeyIndex
{
    static constexpr std::size_t MaxLength = 32;
    std::array<std::array<unsigned char, 8>, MaxLength> bySize{}; // 0xFF: no more
    const KeyName (&table)[N];

    constexpr explicit KeyIndex(const KeyName (&keys)[N])
        : table(keys)
    {
        for (auto &candidates : bySize)
            candidates.fill(0xFF);
        for (std::size_t i = 0; i < N; ++i) {
            auto &candidates = bySize[keys[i].name.size()];
            std::size_t used = 0;
            while (candidates[used] != 0xFF)
                ++used;
            candidates[used] = static_cast<unsigned char>(i);
        }
    }
    const KeyName *find(std::string_view key) const
    {
        if (key.size() >= MaxLength)
            return nullptr;
        for (unsigned char i : bySize[key.size()]) {
            if (i == 0xFF)
                break;
            // Keys are short: an inline loop beats a call to memcmp.
            const std::string_view name = table[i].name;
            std::size_t j = 0;
            while (j < name.size() && name[j] == key[j])
                ++j;
            if (j == name.size())
                return &table[i];
        }
        return nullptr;
    }
};

constexpr KeyIndex sessionIndex(sessionKeys);
constexpr KeyIndex activityIndex(activityKeys);
constexpr KeyIndex userIndex(userKeys);

// The spelling used in messages about a missing key.
std::string_view nameOf(const KeyName *table, std::size_t size, unsigned char key, bool camel)
{
    const KeyName *neutral = nullptr;
    for (std::size_t i = 0; i < size; ++i) {
        if (table[i].key != key)
            continue;
        if (table[i].spelling == (camel ? Camel : Snake))
            return table[i].name;
        if (table[i].spelling == Neutral)
            neutral = &table[i];
    }
    return neutral ? neutral->name : std::string_view();
}

QString jsonError(simdjson::error_code error)
{
    switch (error) {
    case simdjson::UTF8_ERROR:
        return QStringLiteral("invalid UTF-8");
    case simdjson::STRING_ERROR:
        return QStringLiteral("invalid string");
    case simdjson::NUMBER_ERROR:
        return QStringLiteral("invalid number");
    default:
        return QStringLiteral("invalid JSON: %1")
            .arg(QString::fromUtf8(simdjson::error_message(error)));
    }
}

QString expected(const char *wanted, ondemand::value &value)
{
    return QStringLiteral("expected %1, found %2")
        .arg(QLatin1StringView(wanted), QLatin1StringView(SessionRecordParser::typeName(value)));
}

ondemand::json_type typeOf(ondemand::value &value, simdjson::error_code *error)
{
    ondemand::json_type type = ondemand::json_type::null;
    *error = value.type().get(type);
    return type;
}

// Each reader returns an empty string on success, else the message. The value is read first and
// its type only looked at when that fails: the common case costs one call.
inline QString readString(ondemand::value &value, std::string_view *out, bool nullable = false,
                          bool *isNull = nullptr)
{
    simdjson::error_code error = value.get_string().get(*out);
    if (!error)
        return {};
    if (error != simdjson::INCORRECT_TYPE)
        return jsonError(error);
    const ondemand::json_type type = typeOf(value, &error);
    if (error)
        return jsonError(error);
    if (nullable && type == ondemand::json_type::null) {
        *isNull = true;
        return {};
    }
    return expected("string", value);
}

inline QString readInteger(ondemand::value &value, qint64 *out)
{
    // get_int64() only accepts the grammar's integers: "1.5" and "1e3" are INCORRECT_TYPE.
    std::int64_t number = 0;
    if (!value.get_int64().get(number)) {
        *out = number;
        return {};
    }
    const char *type = SessionRecordParser::typeName(value);
    if (std::strcmp(type, "integer") == 0)
        return QStringLiteral("integer out of range");
    return QStringLiteral("expected integer, found %1").arg(QLatin1StringView(type));
}

// An integer beyond int64 is "integer out of range"; one that fits but is no real time is
// "timestamp out of range".
inline QString readTimestamp(ondemand::value &value, qint64 *out)
{
    QString error = readInteger(value, out);
    if (error.isEmpty() &&
        (*out < SessionRecordParser::MinTimestamp || *out > SessionRecordParser::MaxTimestamp))
        error = QStringLiteral("timestamp out of range");
    return error;
}

QString readBoolean(ondemand::value &value, bool *out)
{
    if (!value.get_bool().get(*out))
        return {};
    return expected("boolean", value);
}

// The key as written (escapes unresolved), or unescaped when it holds an escape. `where` is the
// key's opening quote.
inline bool readKey(ondemand::field &field, std::string_view *key, const char **where)
{
    const char *const raw = field.key().raw();
    *where = raw - 1;
    // simdjson has checked that every string is closed, so this stops inside the buffer.
    const char *end = raw;
    while (*end != '"' && *end != '\\')
        ++end;
    if (*end == '"') {
        *key = std::string_view(raw, std::size_t(end - raw));
        return true;
    }
    return !field.unescaped_key().get(*key);
}

QString quoted(std::string_view text)
{
    constexpr std::size_t MaxShown = 60;
    QString shown = QString::fromUtf8(text.data(), qsizetype(std::min(text.size(), MaxShown)));
    if (text.size() > MaxShown)
        shown += QStringLiteral("…");
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

// A session's user as read: views into the parser's buffers, copied into the batch only once the
// session itself is written.
struct UserFields : SessionBatch::UserView
{
    enum class State : unsigned char {
        None, // absent or null
        Taken,
        Ignored, // not an object, no id, or malformed
    };
    State state = State::None;
};

// What one session collects before it is written to the batch in one go, so a record that fails
// halfway leaves no trace.
struct Fields
{
    std::array<std::string_view, SessionBatch::TextFieldCount> text{};
    unsigned textPresent = 0;
    std::array<qint64, 5> timestamps{}; // LastActiveAt … CreatedAt
    unsigned seen = 0; // SessionKey bits
    bool hasActivity = false;
    bool isMobile = false;
    std::string tasks;
    std::string actor; // the actor's JSON when it had to be minified
    std::optional<UserFields> user; // made when there is one: most sessions have none
    int votes[3] = {};

    void set(SessionBatch::TextField field, std::string_view value)
    {
        text[field] = value;
        textPresent |= 1u << field;
    }
    bool camel() const { return votes[Camel] > votes[Snake]; }
};

enum class Outcome { Parsed, Failed, IsEvent };

class Parser
{
public:
    Parser(Result *result, std::string_view prefix)
        : m_result(result)
        , m_prefix(prefix)
    { }

    Outcome session(ondemand::object &object, SessionBatch &batch, bool allowEvent);

private:
    bool fail(std::string_view path, const QString &message, const char *where)
    {
        m_result->field = QString::fromUtf8(m_prefix.data(), qsizetype(m_prefix.size())) +
            QString::fromUtf8(path.data(), qsizetype(path.size()));
        m_result->message = message;
        m_result->where = where;
        return false;
    }
    // For a nullable object or array: Present when it is one, Null when null, Failed (with the
    // error set) for anything else.
    enum class Nullable { Present, Null, Failed };
    Nullable nullable(ondemand::value &value, ondemand::json_type wanted, std::string_view key,
                      const char *where);
    bool activity(ondemand::value &value, std::string_view parentKey, const char *parentWhere);
    bool actor(ondemand::value &value, std::string_view key, const char *where);
    bool tasks(ondemand::value &value, std::string_view key, const char *where);
    void user(ondemand::value &value);

    Result *m_result;
    std::string_view m_prefix;
    Fields m_fields;
};

Outcome Parser::session(ondemand::object &object, SessionBatch &batch, bool allowEvent)
{
    using TF = SessionBatch::TextField;
    static constexpr TF stringText[] = {TF::Object, TF::Id, TF::UserId, TF::ClientId, TF::Status};
    Fields &f = m_fields;
    for (auto member : object) {
        ondemand::field field;
        if (auto error = std::move(member).get(field)) {
            fail({}, jsonError(error), nullptr);
            return Outcome::Failed;
        }
        std::string_view key;
        const char *where = nullptr;
        if (!readKey(field, &key, &where)) {
            fail({}, QStringLiteral("invalid string"), where);
            return Outcome::Failed;
        }
        const KeyName *name = sessionIndex.find(key);
        if (!name)
            continue; // the API grows: unknown fields are fine
        ++f.votes[name->spelling];
        ondemand::value &value = field.value();
        QString error;
        switch (name->key) {
        case Object: {
            std::string_view text;
            error = readString(value, &text);
            if (error.isEmpty() && text != "session") {
                if (allowEvent && text == "event")
                    return Outcome::IsEvent;
                error = QStringLiteral("expected \"session\", found %1").arg(quoted(text));
            }
            if (error.isEmpty())
                f.set(TF::Object, text);
            break;
        }
        case Id:
        case UserId:
        case ClientId:
        case Status: {
            std::string_view text;
            error = readString(value, &text);
            if (error.isEmpty())
                f.set(stringText[name->key], text);
            break;
        }
        case LastActiveAt:
        case ExpireAt:
        case AbandonAt:
        case UpdatedAt:
        case CreatedAt:
            error = readTimestamp(value, &f.timestamps[name->key - LastActiveAt]);
            break;
        case OrganizationId: {
            std::string_view text;
            bool isNull = false;
            error = readString(value, &text, true, &isNull);
            if (error.isEmpty() && !isNull)
                f.set(TF::OrganizationId, text);
            break;
        }
        case Actor:
            if (!actor(value, key, where))
                return Outcome::Failed;
            break;
        case LatestActivity:
            if (!activity(value, key, where))
                return Outcome::Failed;
            break;
        case Tasks:
            if (!tasks(value, key, where))
                return Outcome::Failed;
            break;
        case User:
            user(value); // never fails the session
            break;
        }
        if (!error.isEmpty()) {
            fail(key, error, where);
            return Outcome::Failed;
        }
        f.seen |= 1u << name->key;
    }

    const bool camel = f.camel();
    m_result->casing = f.votes[Camel] || f.votes[Snake]
        ? (camel ? SessionRecordParser::Casing::CamelCase : SessionRecordParser::Casing::SnakeCase)
        : SessionRecordParser::Casing::Unknown;
    // The JS SDK's camelCase export has no `object`.
    for (unsigned key = camel ? Id : Object; key <= CreatedAt; ++key) {
        if (!(f.seen & (1u << key))) {
            fail(
                nameOf(sessionKeys, std::size(sessionKeys), static_cast<unsigned char>(key), camel),
                QStringLiteral("missing required field"), nullptr);
            return Outcome::Failed;
        }
    }

    SessionBatch::Record &record = batch.append();
    for (int field = 0; field < SessionBatch::TextFieldCount; ++field) {
        if (field == TF::Tasks)
            continue;
        if (f.textPresent & (1u << field))
            batch.setText(record, TF(field), f.text[field]);
    }
    if (f.textPresent & (1u << TF::Tasks))
        batch.setText(record, TF::Tasks, f.tasks);
    record.lastActiveAt = f.timestamps[0];
    record.expireAt = f.timestamps[1];
    record.abandonAt = f.timestamps[2];
    record.updatedAt = f.timestamps[3];
    record.createdAt = f.timestamps[4];
    record.hasActivity = f.hasActivity;
    record.isMobile = f.isMobile;
    if (f.user && f.user->state == UserFields::State::Taken)
        batch.addUser(*f.user);
    else if (f.user && f.user->state == UserFields::State::Ignored)
        batch.addIgnoredUser();
    return Outcome::Parsed;
}

Parser::Nullable Parser::nullable(ondemand::value &value, ondemand::json_type wanted,
                                  std::string_view key, const char *where)
{
    simdjson::error_code error;
    const ondemand::json_type type = typeOf(value, &error);
    if (error) {
        fail(key, jsonError(error), where);
        return Nullable::Failed;
    }
    if (type == ondemand::json_type::null)
        return Nullable::Null;
    if (type != wanted) {
        fail(key, expected(wanted == ondemand::json_type::array ? "array" : "object", value),
             where);
        return Nullable::Failed;
    }
    return Nullable::Present;
}

// latest_activity: a SessionActivityResponse or null.
bool Parser::activity(ondemand::value &value, std::string_view parentKey, const char *parentWhere)
{
    if (const Nullable kind = nullable(value, ondemand::json_type::object, parentKey, parentWhere);
        kind != Nullable::Present)
        return kind == Nullable::Null;
    simdjson::error_code error;
    ondemand::object object;
    if ((error = value.get_object().get(object)))
        return fail(parentKey, jsonError(error), parentWhere);

    const std::string path = std::string(parentKey) + '.';
    Fields &f = m_fields;
    unsigned seen = 0;
    for (auto member : object) {
        ondemand::field field;
        if ((error = std::move(member).get(field)))
            return fail(parentKey, jsonError(error), parentWhere);
        std::string_view key;
        const char *where = nullptr;
        if (!readKey(field, &key, &where))
            return fail(parentKey, QStringLiteral("invalid string"), where);
        const KeyName *name = activityIndex.find(key);
        if (!name)
            continue;
        ++f.votes[name->spelling];
        ondemand::value &item = field.value();
        QString message;
        if (name->key == IsMobile) {
            message = readBoolean(item, &f.isMobile);
        } else {
            // id and object are required strings; the descriptive ones may be null or absent.
            const bool required = name->key == ActivityObject || name->key == ActivityId;
            std::string_view text;
            bool isNull = false;
            message = readString(item, &text, !required, &isNull);
            if (message.isEmpty() && !isNull)
                f.set(activityText[name->key], text);
        }
        if (!message.isEmpty())
            return fail(path + std::string(key), message, where);
        seen |= 1u << name->key;
    }
    // The parent's own spelling says which casing the activity is in.
    const bool camel = parentKey == "latestActivity";
    for (unsigned key = camel ? ActivityId : ActivityObject; key <= IsMobile; ++key) {
        if (!(seen & (1u << key))) {
            return fail(path +
                            std::string(nameOf(activityKeys, std::size(activityKeys),
                                               static_cast<unsigned char>(key), camel)),
                        QStringLiteral("missing required field"), parentWhere);
        }
    }
    f.hasActivity = true;
    return true;
}

// actor: any object (kept as its raw JSON) or null; its `sub` is the impersonating user.
bool Parser::actor(ondemand::value &value, std::string_view key, const char *where)
{
    if (const Nullable kind = nullable(value, ondemand::json_type::object, key, where);
        kind != Nullable::Present)
        return kind == Nullable::Null;
    simdjson::error_code error;
    ondemand::object object;
    std::string_view raw;
    if ((error = value.get_object().get(object)) || (error = object.raw_json().get(raw)))
        return fail(key, jsonError(error), where);
    // raw_json() runs up to the next token: drop the white space after the closing brace.
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\n' || raw.back() == '\r' || raw.back() == '\t'))
        raw.remove_suffix(1);
    // Kept on one line, also when the file was pretty-printed (actors are rare: copying is fine).
    if (raw.find_first_of(" \n\r\t") != std::string_view::npos) {
        std::string &minified = m_fields.actor;
        minified.resize(raw.size());
        std::size_t size = 0;
        if (!simdjson::minify(raw.data(), raw.size(), minified.data(), size)) {
            minified.resize(size);
            raw = minified;
        }
    }
    m_fields.set(SessionBatch::ActorJson, raw);
    std::string_view sub;
    if (!object.reset().error() && !object.find_field_unordered("sub").get_string().get(sub))
        m_fields.set(SessionBatch::ActorSub, sub);
    return true;
}

// tasks: an array of {"key": string}, or null. Stored as each key followed by '\0'.
bool Parser::tasks(ondemand::value &value, std::string_view key, const char *where)
{
    if (const Nullable kind = nullable(value, ondemand::json_type::array, key, where);
        kind != Nullable::Present)
        return kind == Nullable::Null;
    simdjson::error_code error;
    ondemand::array array;
    if ((error = value.get_array().get(array)))
        return fail(key, jsonError(error), where);
    std::string &text = m_fields.tasks;
    text.clear();
    std::size_t index = 0;
    for (auto item : array) {
        const std::string path = std::string(key) + '[' + std::to_string(index++) + ']';
        ondemand::value task;
        if ((error = std::move(item).get(task)))
            return fail(path, jsonError(error), where);
        const char *taskWhere = task.raw_json_token().data();
        const ondemand::json_type taskType = typeOf(task, &error);
        if (error)
            return fail(path, jsonError(error), taskWhere);
        if (taskType != ondemand::json_type::object)
            return fail(path, expected("object", task), taskWhere);
        ondemand::object object;
        if ((error = task.get_object().get(object)))
            return fail(path, jsonError(error), taskWhere);
        bool found = false;
        for (auto member : object) {
            ondemand::field field;
            if ((error = std::move(member).get(field)))
                return fail(path, jsonError(error), taskWhere);
            std::string_view name;
            const char *keyWhere = nullptr;
            if (!readKey(field, &name, &keyWhere))
                return fail(path, QStringLiteral("invalid string"), keyWhere);
            if (name != "key")
                continue;
            std::string_view taskKey;
            const QString message = readString(field.value(), &taskKey);
            if (!message.isEmpty())
                return fail(path + ".key", message, keyWhere);
            text.append(taskKey);
            text.push_back('\0');
            found = true;
            break;
        }
        if (!found)
            return fail(path + ".key", QStringLiteral("missing required field"), taskWhere);
    }
    m_fields.set(SessionBatch::Tasks, {}); // the text itself is m_fields.tasks
    return true;
}

// The readers of a user's members say only whether the value was acceptable: a user is taken
// whole or not at all, and why not is nobody's business (it is extra data). Like the API's own
// GET /users reader (UserSearch::parseUsers), null stands for "none" everywhere but the id.
bool isNull(ondemand::value &value)
{
    bool null = false;
    return !value.is_null().get(null) && null;
}

// A string, or null (left empty).
bool readUserString(ondemand::value &value, std::string_view *out)
{
    const simdjson::error_code error = value.get_string().get(*out);
    if (!error)
        return true;
    *out = {};
    return error == simdjson::INCORRECT_TYPE && isNull(value);
}

// Milliseconds since the epoch in the range sessions allow, or null (0).
bool readUserTime(ondemand::value &value, qint64 *out)
{
    std::int64_t number = 0;
    const simdjson::error_code error = value.get_int64().get(number);
    if (!error) {
        *out = number;
        return number >= SessionRecordParser::MinTimestamp &&
            number <= SessionRecordParser::MaxTimestamp;
    }
    *out = 0;
    return error == simdjson::INCORRECT_TYPE && isNull(value);
}

// A boolean, or null (false).
bool readUserBoolean(ondemand::value &value, bool *out)
{
    const simdjson::error_code error = value.get_bool().get(*out);
    if (!error)
        return true;
    *out = false;
    return error == simdjson::INCORRECT_TYPE && isNull(value);
}

// email_addresses: an array of EmailAddress objects ({"id", "email_address", …} in any order), or
// null. An entry without an address (null or absent) is left out, as GET /users' reader does.
bool readUserEmails(ondemand::value &value, UserFields &user)
{
    user.emails.clear();
    ondemand::array array;
    if (const simdjson::error_code error = value.get_array().get(array))
        return error == simdjson::INCORRECT_TYPE && isNull(value);
    for (auto item : array) {
        ondemand::object entry;
        if (item.get_object().get(entry))
            return false;
        std::string_view id, address;
        for (auto member : entry) {
            ondemand::field field;
            std::string_view key;
            const char *where = nullptr;
            if (std::move(member).get(field) || !readKey(field, &key, &where))
                return false;
            std::string_view *target = nullptr;
            if (key == "id")
                target = &id;
            else if (key == "email_address" || key == "emailAddress")
                target = &address;
            if (target && !readUserString(field.value(), target))
                return false;
        }
        if (!address.empty())
            user.emails.emplace_back(id, address);
    }
    return true;
}

// The members of a user object; false as soon as one is not what a Clerk User holds.
bool readUser(ondemand::object &object, UserFields &user)
{
    for (auto member : object) {
        ondemand::field field;
        std::string_view key;
        const char *where = nullptr;
        if (std::move(member).get(field) || !readKey(field, &key, &where))
            return false;
        const KeyName *name = userIndex.find(key);
        if (!name)
            continue; // the rest of the User: metadata, phone numbers, external accounts, …
        ondemand::value &value = field.value();
        bool ok = false;
        switch (UserKey(name->key)) {
        case UserKey::Object: {
            std::string_view text;
            ok = !value.get_string().get(text) && text == "user";
            break;
        }
        case UserKey::Id:
            ok = !value.get_string().get(user.id);
            break;
        case UserKey::FirstName:
            ok = readUserString(value, &user.firstName);
            break;
        case UserKey::LastName:
            ok = readUserString(value, &user.lastName);
            break;
        case UserKey::Username:
            ok = readUserString(value, &user.username);
            break;
        case UserKey::PrimaryEmailAddressId:
            ok = readUserString(value, &user.primaryEmailId);
            break;
        case UserKey::EmailAddresses:
            ok = readUserEmails(value, user);
            break;
        case UserKey::CreatedAt:
            ok = readUserTime(value, &user.createdAt);
            break;
        case UserKey::LastSignInAt:
            ok = readUserTime(value, &user.lastSignInAt);
            break;
        case UserKey::LastActiveAt:
            ok = readUserTime(value, &user.lastActiveAt);
            break;
        case UserKey::Banned:
            ok = readUserBoolean(value, &user.banned);
            break;
        case UserKey::Locked:
            ok = readUserBoolean(value, &user.locked);
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

// user: the Clerk User that a webhook event's session carries, or null. Extra data: whatever it
// holds, the session is read. Only scalar errors can come up here, which leave simdjson able to
// go on with the session; the file reader's JsonScanner has checked the grammar of everything.
void Parser::user(ondemand::value &value)
{
    UserFields &user = m_fields.user.emplace(); // a second "user" replaces the first
    simdjson::error_code error;
    const ondemand::json_type type = typeOf(value, &error);
    if (!error && type == ondemand::json_type::null)
        return;
    ondemand::object object;
    const bool ok = !error && type == ondemand::json_type::object &&
        !value.get_object().get(object) && readUser(object, user) && !user.id.empty();
    user.state = ok ? UserFields::State::Taken : UserFields::State::Ignored;
}

} // namespace

bool SessionRecordParser::parseRecord(ondemand::object &object, SessionBatch &batch, Result *result)
{
    result->kind = Kind::Session;
    Parser parser(result, {});
    switch (parser.session(object, batch, true)) {
    case Outcome::Parsed:
        return true;
    case Outcome::Failed:
        return false;
    case Outcome::IsEvent:
        break;
    }
    return parseEvent(object, batch, result);
}

bool SessionRecordParser::parseSession(ondemand::object &object, SessionBatch &batch,
                                       Result *result, std::string_view prefix)
{
    Parser parser(result, prefix);
    return parser.session(object, batch, false) == Outcome::Parsed;
}

bool SessionRecordParser::parseEvent(ondemand::object &object, SessionBatch &batch, Result *result)
{
    result->kind = Kind::Event;
    const auto fail = [result](const char *field, const QString &message, const char *where) {
        result->field = QLatin1StringView(field);
        result->message = message;
        result->where = where;
        return false;
    };
    simdjson::error_code error;
    if ((error = object.reset().error()))
        return fail("", jsonError(error), nullptr);
    // Clerk sends keys in any order (often "data" first): look them up rather than walk once.
    ondemand::value type;
    if ((error = object.find_field_unordered("type").get(type)))
        return fail("type",
                    error == simdjson::NO_SUCH_FIELD ? QStringLiteral("missing required field")
                                                     : jsonError(error),
                    nullptr);
    const char *typeWhere = type.raw_json_token().data();
    std::string_view typeText;
    QString message = readString(type, &typeText);
    if (!message.isEmpty())
        return fail("type", message, typeWhere);
    if (!typeText.starts_with("session."))
        return fail("type", QStringLiteral("event type %1 holds no session").arg(quoted(typeText)),
                    typeWhere);
    ondemand::value data;
    if ((error = object.find_field_unordered("data").get(data)))
        return fail("data",
                    error == simdjson::NO_SUCH_FIELD ? QStringLiteral("missing required field")
                                                     : jsonError(error),
                    nullptr);
    const char *dataWhere = data.raw_json_token().data();
    const ondemand::json_type dataType = typeOf(data, &error);
    if (error)
        return fail("data", jsonError(error), dataWhere);
    if (dataType != ondemand::json_type::object)
        return fail("data", expected("object", data), dataWhere);
    ondemand::object session;
    if ((error = data.get_object().get(session)))
        return fail("data", jsonError(error), dataWhere);
    return parseSession(session, batch, result, "data.");
}

const char *SessionRecordParser::typeName(ondemand::value &value)
{
    ondemand::json_type type;
    if (value.type().get(type))
        return "invalid JSON";
    switch (type) {
    case ondemand::json_type::array:
        return "array";
    case ondemand::json_type::object:
        return "object";
    case ondemand::json_type::number: {
        // The grammar's integers have neither fraction nor exponent.
        const std::string_view token = value.raw_json_token();
        return token.find_first_of(".eE") == std::string_view::npos ? "integer" : "number";
    }
    case ondemand::json_type::string:
        return "string";
    case ondemand::json_type::boolean:
        return "boolean";
    case ondemand::json_type::null:
        return "null";
    }
    return "value";
}

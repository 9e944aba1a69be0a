// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "usersearch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>

#include <algorithm>

using Status = ClerkResult::Status;

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// Reads the fields of one user object; the first problem found is kept in `error`, prefixed
// with the field's path ("users[2].created_at").
class FieldReader
{
public:
    FieldReader(const QJsonObject &object, const QString &path)
        : m_object(object)
        , m_path(path)
    { }

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    // A string, or empty for null or a missing field.
    QString string(QLatin1StringView key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isString())
            return value.toString();
        if (!value.isNull() && !value.isUndefined())
            fail(key, QStringLiteral("expected a string or null, found %1").arg(typeName(value)));
        return {};
    }

    // Milliseconds since the epoch, or 0 for null or a missing field.
    qint64 time(QLatin1StringView key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isNull() || value.isUndefined())
            return 0;
        if (value.isDouble()) {
            const qint64 ms = value.toInteger(0);
            if (ms != 0 || value.toDouble() == 0.0)
                return ms;
            fail(key,
                 QStringLiteral("expected an integer (ms since the epoch), found %1")
                     .arg(value.toDouble()));
            return 0;
        }
        fail(key,
             QStringLiteral("expected an integer (ms since the epoch), found %1")
                 .arg(typeName(value)));
        return 0;
    }

    // false for null or a missing field.
    bool boolean(QLatin1StringView key)
    {
        const QJsonValue value = m_object.value(key);
        if (value.isBool())
            return value.toBool();
        if (!value.isNull() && !value.isUndefined())
            fail(key, QStringLiteral("expected a boolean, found %1").arg(typeName(value)));
        return false;
    }

    void fail(QLatin1StringView key, const QString &problem) { fail(QString(key), problem); }
    void fail(const QString &key, const QString &problem)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1.%2: %3").arg(m_path, key, problem);
    }

private:
    const QJsonObject &m_object;
    QString m_path;
    QString m_error;
};

// "<jane@example.com>", "mailto:jane@example.com", "\"jane@example.com\"," → the address.
QString bareAddress(QString token)
{
    static const QString wrapping = QStringLiteral("<>\"'()[]");
    qsizetype first = 0;
    qsizetype last = token.size();
    while (first < last && wrapping.contains(token.at(first)))
        ++first;
    while (last > first && (wrapping.contains(token.at(last - 1)) || token.at(last - 1) == u'.'))
        --last;
    token = token.mid(first, last - first);
    if (token.startsWith(QLatin1StringView("mailto:"), Qt::CaseInsensitive))
        token.remove(0, 7);
    return token;
}

// The tokens, without repeats (compared case-insensitively for addresses).
QStringList distinct(const QStringList &tokens, Qt::CaseSensitivity cs)
{
    QStringList result;
    QSet<QString> seen;
    for (const QString &token : tokens) {
        const QString key = cs == Qt::CaseInsensitive ? token.toCaseFolded() : token;
        if (!seen.contains(key)) {
            seen.insert(key);
            result.append(token);
        }
    }
    return result;
}

} // namespace

UserSearch::UserSearch(ClerkClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

UserSearch::~UserSearch()
{
    abandon();
}

QStringList UserSearch::tokensOf(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

UserSearch::Kind UserSearch::kindOf(const QString &text)
{
    if (text.contains(u'@'))
        return Kind::EmailAddress;
    const QStringList tokens = tokensOf(text);
    if (!tokens.isEmpty() && std::all_of(tokens.begin(), tokens.end(), [](const QString &token) {
            return token.startsWith(QLatin1StringView("user_"));
        }))
        return Kind::UserId;
    return Kind::Query;
}

ClerkClient::UserQuery UserSearch::queryFor(const QString &text, int limit)
{
    ClerkClient::UserQuery query;
    query.orderBy = QString::fromLatin1(DefaultOrder);
    qsizetype wanted = 0;
    switch (kindOf(text)) {
    case Kind::EmailAddress: {
        QStringList addresses;
        const QStringList tokens = tokensOf(text);
        for (const QString &token : tokens) {
            if (token.contains(u'@'))
                addresses.append(bareAddress(token));
        }
        query.emailAddresses = distinct(addresses, Qt::CaseInsensitive);
        wanted = query.emailAddresses.size();
        break;
    }
    case Kind::UserId:
        query.userIds = distinct(tokensOf(text), Qt::CaseSensitive);
        wanted = query.userIds.size();
        break;
    case Kind::Query:
        if (!tokensOf(text).isEmpty()) // separators alone are nothing to look for
            query.query = text.simplified();
        break;
    }
    query.limit =
        int(std::clamp<qsizetype>(std::max<qsizetype>(limit, wanted), 1, ClerkClient::MaxPageSize));
    return query;
}

QList<UserSummary> UserSearch::parseUsers(const QByteArray &json, QString *error)
{
    const auto failWith = [error](const QString &message) {
        if (error)
            *error = message;
        return QList<UserSummary>();
    };
    if (error)
        error->clear();

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return failWith(QStringLiteral("the body is not JSON: %1 near byte %2")
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
    }
    if (!document.isArray()) {
        return failWith(QStringLiteral("expected an array of users, found %1")
                            .arg(document.isObject() ? QStringLiteral("an object")
                                                     : QStringLiteral("a single value")));
    }

    const QJsonArray array = document.array();
    QList<UserSummary> users;
    users.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = QStringLiteral("users[%1]").arg(i);
        const QJsonValue value = array.at(i);
        if (!value.isObject())
            return failWith(
                QStringLiteral("%1: expected a user object, found %2").arg(path, typeName(value)));
        const QJsonObject object = value.toObject();
        FieldReader read(object, path);

        const QJsonValue kind = object.value(QLatin1StringView("object"));
        if (!kind.isUndefined() && kind != QJsonValue(QStringLiteral("user"))) {
            return failWith(QStringLiteral("%1.object: expected \"user\", found %2")
                                .arg(path,
                                     kind.isString() ? QStringLiteral("\"%1\"").arg(kind.toString())
                                                     : typeName(kind)));
        }
        const QJsonValue id = object.value(QLatin1StringView("id"));
        if (id.isUndefined())
            return failWith(QStringLiteral("%1: the user has no \"id\"").arg(path));
        if (!id.isString() || id.toString().isEmpty()) {
            return failWith(
                QStringLiteral("%1.id: expected a user id, found %2")
                    .arg(path, id.isString() ? QStringLiteral("an empty string") : typeName(id)));
        }

        UserSummary user;
        user.id = id.toString();
        user.firstName = read.string(QLatin1StringView("first_name"));
        user.lastName = read.string(QLatin1StringView("last_name"));
        user.username = read.string(QLatin1StringView("username"));
        user.createdAt = read.time(QLatin1StringView("created_at"));
        user.lastSignInAt = read.time(QLatin1StringView("last_sign_in_at"));
        user.lastActiveAt = read.time(QLatin1StringView("last_active_at"));
        user.banned = read.boolean(QLatin1StringView("banned"));
        user.locked = read.boolean(QLatin1StringView("locked"));
        const QString primaryId = read.string(QLatin1StringView("primary_email_address_id"));

        const QJsonValue emails = object.value(QLatin1StringView("email_addresses"));
        if (emails.isArray()) {
            const QJsonArray list = emails.toArray();
            for (qsizetype e = 0; e < list.size() && !read.failed(); ++e) {
                const QString where = QStringLiteral("email_addresses[%1]").arg(e);
                const QJsonValue entry = list.at(e);
                if (!entry.isObject()) {
                    read.fail(where,
                              QStringLiteral("expected an email address object, found %1")
                                  .arg(typeName(entry)));
                    break;
                }
                FieldReader email(entry.toObject(), path + QLatin1Char('.') + where);
                const QString address = email.string(QLatin1StringView("email_address"));
                const QString emailId = email.string(QLatin1StringView("id"));
                if (email.failed())
                    return failWith(email.error());
                if (address.isEmpty())
                    continue;
                user.emailAddresses.append(address);
                if (!primaryId.isEmpty() && emailId == primaryId)
                    user.primaryEmail = address;
            }
        } else if (!emails.isNull() && !emails.isUndefined()) {
            read.fail(QStringLiteral("email_addresses"),
                      QStringLiteral("expected an array or null, found %1").arg(typeName(emails)));
        }
        if (read.failed())
            return failWith(read.error());
        users.append(user);
    }
    return users;
}

void UserSearch::search(const QString &text)
{
    abandon();
    m_text = text;
    m_running = true;
    const quint64 generation = m_generation;

    const ClerkClient::UserQuery query = queryFor(text, m_limit);
    QString invalid;
    if (query.emailAddresses.isEmpty() && query.userIds.isEmpty() && query.query.isEmpty())
        invalid =
            QStringLiteral("nothing to search for: type an email address, a user ID or a name");
    else if (!m_client)
        invalid = QStringLiteral("there is no connection to Clerk");
    if (!invalid.isEmpty()) {
        // Later, as an answer would come: a caller sets "Searching…" after search() returns.
        QTimer::singleShot(0, this, [this, generation, text, invalid] {
            if (generation == m_generation && m_running)
                finish({text, ClerkResult::failure(Status::InvalidRequest, invalid), {}});
        });
        return;
    }

    m_request = m_client->listUsers(query, this, [this, text](const ClerkResult &answer) {
        m_request = 0;
        Result result{text, answer, {}};
        if (answer.ok()) {
            QString error;
            result.users = parseUsers(answer.payload, &error);
            if (!error.isEmpty()) {
                result.outcome.status = Status::BadResponse;
                result.outcome.detail = error;
            }
        }
        finish(std::move(result));
    });
}

void UserSearch::cancel()
{
    if (!m_running)
        return;
    abandon();
    emit finished(
        {m_text,
         ClerkResult::failure(Status::Cancelled, QStringLiteral("the search was cancelled")),
         {}});
}

void UserSearch::finish(Result result)
{
    m_running = false;
    emit finished(result);
}

void UserSearch::abandon()
{
    if (m_request != 0 && m_client)
        m_client->cancel(m_request);
    m_request = 0;
    ++m_generation;
    m_running = false;
}

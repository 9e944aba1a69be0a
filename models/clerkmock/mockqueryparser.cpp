// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "mockqueryparser.h"

#include <QUrl>

#include <algorithm>
#include <array>
#include <limits>

namespace {

QString formDecode(QByteArray text)
{
    text.replace('+', ' ');
    return QUrl::fromPercentEncoding(text);
}

struct OrderField
{
    const char *name;
    MockInstance::UserOrder order;
};

// GET /users order_by: "created_at, updated_at, email_address, web3wallet, first_name,
// last_name, phone_number, username, last_active_at, last_sign_in_at".
constexpr std::array<OrderField, 10> OrderFields = {{
    {"created_at", MockInstance::UserOrder::CreatedAt},
    {"updated_at", MockInstance::UserOrder::UpdatedAt},
    {"email_address", MockInstance::UserOrder::EmailAddress},
    {"web3wallet", MockInstance::UserOrder::Web3Wallet},
    {"first_name", MockInstance::UserOrder::FirstName},
    {"last_name", MockInstance::UserOrder::LastName},
    {"phone_number", MockInstance::UserOrder::PhoneNumber},
    {"username", MockInstance::UserOrder::Username},
    {"last_active_at", MockInstance::UserOrder::LastActiveAt},
    {"last_sign_in_at", MockInstance::UserOrder::LastSignInAt},
}};

// GET /sessions status: the spec's enum for this parameter, which (unlike Session.status) has no
// "pending".
constexpr std::array<SessionStatus, 7> FilterStatuses = {
    SessionStatus::Abandoned, SessionStatus::Active,  SessionStatus::Ended,
    SessionStatus::Expired,   SessionStatus::Removed, SessionStatus::Replaced,
    SessionStatus::Revoked,
};

} // namespace

MockQueryParser::MockQueryParser(const QByteArray &encodedQuery)
{
    for (const QByteArray &pair : encodedQuery.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        if (equals < 0)
            m_items.append({formDecode(pair), QString()});
        else
            m_items.append({formDecode(pair.left(equals)), formDecode(pair.mid(equals + 1))});
    }
}

QStringList MockQueryParser::values(const QString &name) const
{
    QStringList result;
    for (const auto &[key, value] : m_items) {
        if (key == name)
            result.append(value);
    }
    return result;
}

QString MockQueryParser::value(const QString &name) const
{
    for (const auto &[key, value] : m_items) {
        if (key == name)
            return value.isEmpty() ? QString() : value;
    }
    return {};
}

std::optional<ClerkError> MockQueryParser::integer(const QString &name, int minimum, int maximum,
                                                   int &out) const
{
    const QString text = value(name);
    if (text.isNull())
        return {};
    bool ok = false;
    const qlonglong number = text.toLongLong(&ok);
    if (!ok)
        return ClerkError::formParamFormatInvalid(
            name, QStringLiteral("%1 must be an integer.").arg(name));
    if (number < minimum || number > maximum) {
        return ClerkError::formParamValueInvalid(
            name,
            maximum == std::numeric_limits<int>::max()
                ? QStringLiteral("%1 must be greater than or equal to %2.").arg(name).arg(minimum)
                : QStringLiteral("%1 must be between %2 and %3.")
                      .arg(name)
                      .arg(minimum)
                      .arg(maximum));
    }
    out = int(number);
    return {};
}

std::optional<ClerkError> MockQueryParser::boolean(const QString &name, bool &out) const
{
    const QString text = value(name);
    if (text.isNull())
        return {};
    // The spellings Go's strconv.ParseBool accepts.
    static const QStringList yes{QStringLiteral("1"),    QStringLiteral("t"),
                                 QStringLiteral("T"),    QStringLiteral("true"),
                                 QStringLiteral("TRUE"), QStringLiteral("True")};
    static const QStringList no{QStringLiteral("0"),     QStringLiteral("f"),
                                QStringLiteral("F"),     QStringLiteral("false"),
                                QStringLiteral("FALSE"), QStringLiteral("False")};
    if (yes.contains(text))
        out = true;
    else if (no.contains(text))
        out = false;
    else
        return ClerkError::formParamFormatInvalid(
            name, QStringLiteral("%1 must be a boolean (true or false).").arg(name));
    return {};
}

std::optional<ClerkError> MockQueryParser::paging(Paging &out) const
{
    if (auto error = integer(QStringLiteral("limit"), 1, MaxLimit, out.limit))
        return error;
    return integer(QStringLiteral("offset"), 0, std::numeric_limits<int>::max(), out.offset);
}

std::optional<ClerkError> MockQueryParser::sessionList(SessionList &out) const
{
    if (auto error = paging(out.paging))
        return error;
    if (auto error = boolean(QStringLiteral("paginated"), out.paginated))
        return error;
    const QString status = value(QStringLiteral("status"));
    if (!status.isNull()) {
        const SessionStatus parsed = statusFromName(status.toStdString());
        if (std::find(FilterStatuses.begin(), FilterStatuses.end(), parsed) ==
            FilterStatuses.end()) {
            return ClerkError::formParamValueInvalid(
                QStringLiteral("status"),
                QStringLiteral("status must be one of: abandoned, active, ended, expired, "
                               "removed, replaced, revoked."));
        }
        out.filter.status = parsed;
    }
    out.filter.userId = value(QStringLiteral("user_id"));
    out.filter.clientId = value(QStringLiteral("client_id"));
    // "moving forward at least one of client_id or user_id parameters should be provided"
    if (out.filter.userId.isNull() && out.filter.clientId.isNull()) {
        return ClerkError::atLeastOneParameterMissing(
            {QStringLiteral("client_id"), QStringLiteral("user_id")});
    }
    return {};
}

std::optional<ClerkError> MockQueryParser::userFilter(MockInstance::UserFilter &out) const
{
    const QStringList emails = values(QStringLiteral("email_address"));
    if (emails.size() > MaxArrayValues)
        return ClerkError::formParamArraySizeExceeded(QStringLiteral("email_address"),
                                                      MaxArrayValues);
    const QStringList ids = values(QStringLiteral("user_id"));
    if (ids.size() > MaxArrayValues)
        return ClerkError::formParamArraySizeExceeded(QStringLiteral("user_id"), MaxArrayValues);
    for (const QString &email : emails) {
        if (!email.trimmed().isEmpty())
            out.emailAddresses.append(email.trimmed());
    }
    // "For each user ID, the + and - can be prepended to the ID, which denote whether the
    // respective user ID should be included or excluded from the result set." An unencoded '+'
    // arrives as a space, which is read the same way.
    for (const QString &id : ids) {
        if (id.startsWith(u'-'))
            out.excludedUserIds.append(id.mid(1).trimmed());
        else if (id.startsWith(u'+'))
            out.userIds.append(id.mid(1).trimmed());
        else if (!id.trimmed().isEmpty())
            out.userIds.append(id.trimmed());
    }
    out.query = value(QStringLiteral("query"));
    return {};
}

std::optional<ClerkError> MockQueryParser::userList(UserList &out) const
{
    if (auto error = userFilter(out.filter))
        return error;
    if (auto error = paging(out.paging))
        return error;

    // "We only support one order_by parameter, and if multiple order_by parameters are
    // provided, we will only keep the first one." No sign means '+'.
    const QString orderBy = value(QStringLiteral("order_by")).trimmed();
    if (!orderBy.isEmpty()) {
        QString field = orderBy;
        out.descending = false;
        if (field.startsWith(u'-') || field.startsWith(u'+')) {
            out.descending = field.startsWith(u'-');
            field.remove(0, 1);
        }
        const auto known =
            std::find_if(OrderFields.begin(), OrderFields.end(),
                         [&](const OrderField &f) { return field == QLatin1String(f.name); });
        if (known == OrderFields.end()) {
            return ClerkError::formParamValueInvalid(
                QStringLiteral("order_by"),
                QStringLiteral("order_by must be one of created_at, updated_at, email_address, "
                               "web3wallet, first_name, last_name, phone_number, username, "
                               "last_active_at, last_sign_in_at, each with an optional + or - "
                               "prefix."));
        }
        out.order = known->order;
    }

    out.startingAfter = value(QStringLiteral("starting_after"));
    if (!out.startingAfter.isNull()) {
        // "Requires ordering by created_at … Any other order_by value is rejected with a 422",
        // and "Cannot be combined with a non-zero offset, which is also a 422."
        if (out.order != MockInstance::UserOrder::CreatedAt) {
            return ClerkError::formParamValueInvalid(
                QStringLiteral("starting_after"),
                QStringLiteral("starting_after can only be used when ordering by created_at."));
        }
        if (out.paging.offset != 0) {
            return ClerkError::formParamValueInvalid(
                QStringLiteral("starting_after"),
                QStringLiteral("starting_after cannot be combined with a non-zero offset."));
        }
    }
    return {};
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkerror.h"
#include "mockinstance.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

// Reads and validates the query parameters of the mock's endpoints as the spec defines them,
// turning each into the typed query MockInstance answers, or into the 422 Clerk would give.
// The query is decoded as a form (application/x-www-form-urlencoded), as Clerk's servers do:
// a '+' that was not percent-encoded arrives as a space.
class MockQueryParser
{
public:
    // components/parameters/LimitParameter and OffsetParameter.
    static constexpr int DefaultLimit = 10;
    static constexpr int MaxLimit = 500;
    // GET /users: "Accepts up to 100 email addresses" (and user ids).
    static constexpr int MaxArrayValues = 100;

    explicit MockQueryParser(const QByteArray &encodedQuery);

    QStringList values(const QString &name) const; // every value, in order
    QString value(const QString &name) const; // the first; null when absent or empty

    struct Paging
    {
        int limit = DefaultLimit;
        int offset = 0;
    };
    struct SessionList
    {
        MockInstance::SessionFilter filter;
        Paging paging;
        bool paginated = false;
    };
    struct UserList
    {
        MockInstance::UserFilter filter;
        MockInstance::UserOrder order = MockInstance::UserOrder::CreatedAt;
        bool descending = true; // order_by defaults to -created_at
        Paging paging;
        QString startingAfter; // null when absent
    };

    // Each returns the error to answer, or nothing with `out` filled in.
    std::optional<ClerkError> sessionList(SessionList &out) const; // GET /sessions
    std::optional<ClerkError> userList(UserList &out) const; // GET /users
    std::optional<ClerkError> userFilter(MockInstance::UserFilter &out) const; // and /users/count

private:
    std::optional<ClerkError> paging(Paging &out) const;
    std::optional<ClerkError> integer(const QString &name, int minimum, int maximum,
                                      int &out) const;
    std::optional<ClerkError> boolean(const QString &name, bool &out) const;

    QList<std::pair<QString, QString>> m_items;
};

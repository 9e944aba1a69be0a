// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "session.h"
#include "sessiongenerator.h"
#include "stringpool.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

// The data of the mock's Clerk instance: users, their clients and sessions, generated from a
// seed by SessionGenerator, and the operations the endpoints need (find, filter, order, revoke).
// Kept compactly, column by column with interned strings (about 300 bytes a session, its user's
// and client's share included: some 300 MB for a million), and turned into JSON only when asked.
// Built from the generator one user at a time, so nothing larger is ever held (but for a bulk
// user's sessions, which are ordered as a whole). Not thread-safe: the server uses it from one
// thread.
class MockInstance
{
public:
    static constexpr qint64 MaxSessions = 1'000'000;

    struct Options
    {
        std::uint64_t seed = 1;
        qint64 sessions = 1000; // generated population, 0..MaxSessions
        qint64 now = 0; // the instance's "now" at start (ms); 0 = SessionGenerator's default
        // Extra users with this many sessions each (a user of the population has 1–20), for
        // paging tests: e.g. {1234}. Their primary emails are bulk<N>@sessiondesk.test.
        QList<int> bulkUsers;
    };

    explicit MockInstance(const Options &options);

    // The instance's clock: options.now plus the time since construction, so that everything
    // generated lies in its past and a revocation is always its latest update.
    qint64 now() const;

    // --- Sessions ---------------------------------------------------------------------------
    int sessionCount() const { return int(m_sessionUser.size()); }
    int findSession(const QString &id) const; // row, or -1
    Session session(int row) const;
    QJsonObject sessionJson(int row) const { return session(row).toJson(); }
    SessionStatus sessionStatus(int row) const { return SessionStatus(m_status[row]); }
    int sessionUser(int row) const { return int(m_sessionUser[row]); }
    int sessionClient(int row) const { return int(m_sessionClient[row]); }

    struct SessionFilter
    {
        QString userId; // null = any
        QString clientId; // null = any
        std::optional<SessionStatus> status;
    };
    // The rows that match, newest first (created_at descending), as GET /sessions lists them.
    std::vector<int> sessions(const SessionFilter &filter) const;

    enum class RevokeOutcome { Revoked, NotRevocable };
    // Active and pending sessions become revoked with updated_at = now(); others are left alone.
    RevokeOutcome revoke(int row);

    // --- Users ------------------------------------------------------------------------------
    int userCount() const { return int(m_users.size()); }
    int findUser(const QString &id) const; // index, or -1
    QString userId(int user) const;
    QString userEmail(int user) const;
    QString userFirstName(int user) const;
    QString userLastName(int user) const;
    qint64 userCreatedAt(int user) const { return m_users[std::size_t(user)].createdAt; }
    int userSessionCount(int user) const { return m_users[std::size_t(user)].sessionCount; }
    // The user's place when all are ordered by created_at, then id (the cursor order).
    int creationRank(int user) const { return m_creationRank[std::size_t(user)]; }
    // The bulk users of Options::bulkUsers, in order.
    int bulkUser(int n) const { return m_firstBulkUser + n; }
    QJsonObject userJson(int user) const;

    struct UserFilter
    {
        QStringList emailAddresses; // any of these (case-insensitive); empty = no constraint
        QStringList userIds; // any of these; empty = no constraint
        QStringList excludedUserIds; // none of these
        QString query; // partial, case-insensitive: id, email address, first and last name
    };
    // GET /users' order_by fields (spec: GetUserList, order_by).
    enum class UserOrder {
        CreatedAt,
        UpdatedAt,
        EmailAddress,
        Web3Wallet,
        FirstName,
        LastName,
        PhoneNumber,
        Username,
        LastActiveAt,
        LastSignInAt,
    };
    // The users that match, in that order; ties (and users without the field) by created_at in
    // the same direction, then by id.
    std::vector<int> users(const UserFilter &filter, UserOrder order, bool descending) const;
    int countUsers(const UserFilter &filter) const;

    // --- Clients ----------------------------------------------------------------------------
    int clientCount() const { return int(m_clients.size()); }
    int findClient(const QString &id) const; // index, or -1
    QString clientId(int client) const;
    QJsonObject clientJson(int client) const;

    std::size_t memoryBytes() const;

private:
    struct UserRecord
    {
        StringPool::Id firstName = 0; // in m_text
        StringPool::Id lastName = 0;
        StringPool::Id emailAddressId = 0; // in m_unique
        StringPool::Id imageUrl = 0; // in m_unique
        qint64 createdAt = 0;
        qint64 updatedAt = 0;
        qint64 lastSignInAt = 0;
        qint64 lastActiveAt = 0;
        int firstSession = 0; // the user's sessions are rows [firstSession, +sessionCount)
        int sessionCount = 0;
        std::uint8_t flags = 0;
    };
    enum UserFlag : std::uint8_t {
        HasImage = 1,
        PasswordEnabled = 2,
        TwoFactor = 4,
        Banned = 8,
        Locked = 16,
    };
    enum SessionFlag : std::uint8_t { HasActivity = 1, IsMobile = 2 };
    enum TaskList : std::uint8_t { NoTasks, EmptyTasks, OneTask };
    enum SessionText {
        ActivityId, // in m_unique
        DeviceType,
        BrowserName,
        BrowserVersion,
        IpAddress,
        City,
        Country,
        ActorSub,
        OrganizationId,
        TaskKey,
        SessionTextCount
    };
    struct ClientRecord
    {
        int user = 0;
    };

    void addUser(const SessionGenerator::User &user, std::uint64_t seed);
    QString uniqueEmail(const QString &email);
    bool matches(int user, const UserFilter &filter, const std::vector<int> &wantedIds,
                 const std::vector<int> &excludedIds) const;
    int userOfEmail(const QString &email) const;

    qint64 m_start = 0;
    QElapsedTimer m_clock;

    // Users: index = id in m_userIds - 1.
    StringPool m_userIds;
    StringPool m_emails{StringPool::Deduplicate}; // lower-case; id - 1 = user index
    std::vector<UserRecord> m_users;
    std::vector<int> m_usersByCreation; // ascending created_at, then id
    std::vector<int> m_creationRank; // a user's position in m_usersByCreation
    int m_firstBulkUser = 0;

    // Clients: index = id in m_clientIds - 1.
    StringPool m_clientIds;
    std::vector<ClientRecord> m_clients;

    // Sessions, one entry per row; row = id in m_sessionIds - 1.
    StringPool m_sessionIds;
    std::vector<std::uint32_t> m_sessionUser;
    std::vector<std::uint32_t> m_sessionClient;
    std::vector<std::uint8_t> m_status; // SessionStatus
    std::vector<std::uint8_t> m_flags;
    std::vector<std::uint8_t> m_tasks; // TaskList
    std::vector<StringPool::Id> m_sessionText[SessionTextCount];
    std::vector<qint64> m_createdAt, m_updatedAt, m_lastActiveAt, m_expireAt, m_abandonAt;

    StringPool m_text; // repeated strings: names, browsers, cities, organisations, …
    StringPool m_unique{StringPool::AppendOnly}; // strings that never repeat
};

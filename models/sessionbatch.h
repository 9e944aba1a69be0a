// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "stringpool.h"
#include "usersummary.h"

#include <QList>
#include <QtGlobal>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

// Sessions parsed off the GUI thread, waiting to be upserted into a SessionStore. All text of a
// batch lives in one buffer, so thousands of records cost a handful of allocations.
//
// Users that came with the records (a webhook event's session carries its `user`) ride along as
// text in a buffer of their own, made into UserSummary values only when asked, each id once.
// Most batches have none, and then they cost nothing.
struct Session;

class SessionBatch
{
public:
    enum TextField {
        Object,
        Id,
        UserId,
        ClientId,
        ActorJson, // raw JSON of the actor object (minified as read)
        ActorSub,
        Status,
        OrganizationId, // last_active_organization_id
        ActivityObject,
        ActivityId,
        DeviceType,
        BrowserName,
        BrowserVersion,
        IpAddress,
        City,
        Country,
        Tasks, // task keys, each followed by '\0' ("" is an empty list)
        TextFieldCount
    };

    struct TextRef
    {
        std::uint32_t offset = 0;
        std::uint32_t size = 0;
        StringPool::Hash hash = 0; // hashed here, on the reading thread, not at upsert
        bool present = false; // false: null or absent
    };

    struct Record
    {
        std::array<TextRef, TextFieldCount> text{};
        qint64 lastActiveAt = 0;
        qint64 expireAt = 0;
        qint64 abandonAt = 0;
        qint64 updatedAt = 0;
        qint64 createdAt = 0;
        bool hasActivity = false; // latest_activity was an object (not null or absent)
        bool isMobile = false;
    };

    void reserve(std::size_t records, std::size_t textBytes)
    {
        m_records.reserve(records);
        m_text.reserve(textBytes);
    }

    Record &append() { return m_records.emplace_back(); }
    // A Session value as a record, field for field (null stays null): what the reader would
    // make of its JSON. For generated and hand-made sessions (tests, benchmarks).
    void add(const Session &session);
    void removeLast() { m_records.pop_back(); }
    void setText(Record &record, TextField field, std::string_view value)
    {
        record.text[field] = {std::uint32_t(m_text.size()), std::uint32_t(value.size()),
                              StringPool::hashOf(value), true};
        m_text.append(value);
    }
    // Appends to a field set earlier; only valid for the last field written (used for tasks).
    void appendText(Record &record, TextField field, std::string_view more)
    {
        TextRef &ref = record.text[field];
        ref.size += std::uint32_t(more.size());
        m_text.append(more);
        ref.hash = StringPool::hashOf(text(record, field));
    }

    std::string_view text(const Record &record, TextField field) const
    {
        const TextRef &ref = record.text[field];
        return {m_text.data() + ref.offset, ref.size};
    }
    bool has(const Record &record, TextField field) const { return record.text[field].present; }

    // How far into its input the reader was at the end of this batch's last record: lets the
    // loader size the store from a file's real bytes per session.
    qint64 inputEnd() const { return m_inputEnd; }
    void setInputEnd(qint64 offset) { m_inputEnd = offset; }

    std::size_t size() const { return m_records.size(); }
    bool empty() const { return m_records.empty(); }
    const Record &at(std::size_t i) const { return m_records[i]; }
    Record &at(std::size_t i) { return m_records[i]; }
    const std::vector<Record> &records() const { return m_records; }
    std::size_t textBytes() const { return m_text.size(); }

    // A session's user as the parser read it (see SessionRecordParser); its text is still the
    // parser's until addUser() copies it.
    struct UserView
    {
        std::string_view id, firstName, lastName, username, primaryEmailId;
        std::vector<std::pair<std::string_view, std::string_view>> emails; // (id, address)
        qint64 createdAt = 0, lastSignInAt = 0, lastActiveAt = 0;
        bool banned = false, locked = false;
    };

    // Keeps a user read with the records, text and all; nothing Qt is made on the parser's side.
    void addUser(const UserView &user)
    {
        UserRecord &record = m_users.emplace_back();
        record.id = keep(user.id);
        record.firstName = keep(user.firstName);
        record.lastName = keep(user.lastName);
        record.username = keep(user.username);
        record.firstEmail = std::uint32_t(m_userEmails.size());
        record.emailCount = std::uint32_t(user.emails.size());
        for (const auto &[id, address] : user.emails) {
            if (!user.primaryEmailId.empty() && id == user.primaryEmailId)
                record.primaryEmail = std::uint32_t(m_userEmails.size()) - record.firstEmail;
            m_userEmails.push_back(keep(address));
        }
        record.createdAt = user.createdAt;
        record.lastSignInAt = user.lastSignInAt;
        record.lastActiveAt = user.lastActiveAt;
        record.banned = user.banned;
        record.locked = user.locked;
    }
    // Users kept, one per record that had one (an id may come more than once).
    std::size_t userCount() const { return m_users.size(); }
    // The users as UserSummary values, each id once: the last one read wins (a later event
    // carries newer data), in the order the ids were first seen. Makes Qt strings, so call it
    // off the GUI thread (SessionLoader does, on its worker), and once.
    QList<UserSummary> userSummaries() const
    {
        QList<UserSummary> summaries;
        if (m_users.empty())
            return summaries;
        std::unordered_map<std::string_view, std::size_t> order; // id -> index in `winners`
        std::vector<std::size_t> winners; // per id, the last of its users
        for (std::size_t i = 0; i < m_users.size(); ++i) {
            const auto [at, added] = order.try_emplace(userText(m_users[i].id), winners.size());
            if (added)
                winners.push_back(i);
            else
                winners[at->second] = i;
        }
        summaries.reserve(qsizetype(winners.size()));
        for (const std::size_t i : winners)
            summaries.append(summary(m_users[i]));
        return summaries;
    }
    // Users that were there but not taken (not an object, no id, malformed): for tests and
    // diagnostics. A null or absent user is not counted.
    void addIgnoredUser() { ++m_ignoredUsers; }
    int ignoredUsers() const { return m_ignoredUsers; }

private:
    struct Span
    {
        std::uint32_t offset = 0;
        std::uint32_t size = 0;
    };
    struct UserRecord
    {
        static constexpr std::uint32_t NoEmail = ~std::uint32_t(0);
        Span id, firstName, lastName, username;
        std::uint32_t firstEmail = 0, emailCount = 0; // in m_userEmails
        std::uint32_t primaryEmail = NoEmail; // among its own emails
        qint64 createdAt = 0, lastSignInAt = 0, lastActiveAt = 0;
        bool banned = false, locked = false;
    };

    Span keep(std::string_view text)
    {
        const Span span{std::uint32_t(m_userText.size()), std::uint32_t(text.size())};
        m_userText.append(text);
        return span;
    }
    std::string_view userText(Span span) const
    {
        return {m_userText.data() + span.offset, span.size};
    }
    QString userString(Span span) const
    {
        return QString::fromUtf8(m_userText.data() + span.offset, qsizetype(span.size));
    }
    UserSummary summary(const UserRecord &record) const
    {
        UserSummary user;
        user.id = userString(record.id);
        user.firstName = userString(record.firstName);
        user.lastName = userString(record.lastName);
        user.username = userString(record.username);
        user.emailAddresses.reserve(qsizetype(record.emailCount));
        for (std::uint32_t i = 0; i < record.emailCount; ++i)
            user.emailAddresses.append(userString(m_userEmails[record.firstEmail + i]));
        if (record.primaryEmail != UserRecord::NoEmail)
            user.primaryEmail = user.emailAddresses.at(qsizetype(record.primaryEmail));
        user.createdAt = record.createdAt;
        user.lastSignInAt = record.lastSignInAt;
        user.lastActiveAt = record.lastActiveAt;
        user.banned = record.banned;
        user.locked = record.locked;
        return user;
    }

    std::vector<Record> m_records;
    std::string m_text;
    qint64 m_inputEnd = 0;
    // Users, apart from the records' text so that textBytes() stays the records' alone.
    std::vector<UserRecord> m_users;
    std::vector<Span> m_userEmails;
    std::string m_userText;
    int m_ignoredUsers = 0;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkclient.h"
#include "clerkresult.h"
#include "usersummary.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>

// Finds users by what a support engineer has at hand: one or more email addresses, one or more
// user ids, or any other text (part of a name, an email address or an id), with GET /users on a
// ClerkClient that is passed in. One search at a time: a new search() replaces the running one.
//
// The text decides the kind of search (kindOf()):
// - any '@' in it: the email addresses in it, exactly (Clerk's email_address filter). Tokens
//   without '@' are ignored, and <>, quotes and "mailto:" around an address are dropped, so a
//   pasted "Jane Doe <jane@example.com>" finds Jane;
// - every token starting with "user_": those user ids (user_id);
// - else the whole text as Clerk's free "query" (partial matches on names, email addresses,
//   usernames, ids, …).
// Tokens are separated by commas, semicolons or white space; up to ClerkClient::MaxIdsPerRequest
// of them (more: the request is not sent, and the outcome says so).
//
// finished() comes from the event loop, never from within search(), exactly once per search
// that is neither replaced by another search() nor abandoned by destroying the object.
class UserSearch : public QObject
{
    Q_OBJECT

public:
    enum class Kind { EmailAddress, UserId, Query };
    Q_ENUM(Kind)

    struct Result
    {
        QString text; // as given to search()
        // Ok with the users; else why there are none (InvalidRequest for an empty text,
        // BadResponse for an answer that is not an array of users, Cancelled for cancel()).
        ClerkResult outcome;
        QList<UserSummary> users; // in the API's order
    };

    static constexpr int DefaultLimit = 50;
    // Most recently active first: whom a support engineer is asked about.
    static constexpr const char DefaultOrder[] = "-last_active_at";

    explicit UserSearch(ClerkClient *client, QObject *parent = nullptr);
    // Abandons a running search; finished() is not emitted.
    ~UserSearch() override;

    static Kind kindOf(const QString &text);
    // The separate tokens of the text (commas, semicolons, white space), empty ones dropped.
    static QStringList tokensOf(const QString &text);
    // The GET /users filters for the text. `limit` (capped to 1..ClerkClient::MaxPageSize) is
    // raised to the number of addresses or ids given, so that each can be found.
    static ClerkClient::UserQuery queryFor(const QString &text, int limit = DefaultLimit);
    // An array of Clerk User objects (GET /users). Nulls and missing fields are taken as
    // empty; anything else that is not what the spec says (a user without an id too) is an
    // error: an empty list is returned and *error says what and where, e.g.
    // "users[2].created_at: expected an integer (ms since the epoch), found a string".
    static QList<UserSummary> parseUsers(const QByteArray &json, QString *error);

    // The most users one search returns (default DefaultLimit).
    void setLimit(int limit) { m_limit = limit; }
    int limit() const { return m_limit; }

    // Starts a search; a running one is abandoned (its finished() never comes). An empty text
    // sends nothing and finishes with InvalidRequest.
    void search(const QString &text);
    // Stops the running search and emits finished() with Cancelled before returning. Does
    // nothing when no search is running.
    void cancel();
    bool isRunning() const { return m_running; }
    QString text() const { return m_text; } // of the running or last search

signals:
    void finished(const UserSearch::Result &result);

private:
    void finish(Result result);
    void abandon();

    QPointer<ClerkClient> m_client;
    ClerkClient::RequestId m_request = 0; // 0: none in flight
    quint64 m_generation = 0; // tells a stale queued finish from the current one
    QString m_text;
    int m_limit = DefaultLimit;
    bool m_running = false;
};

Q_DECLARE_METATYPE(UserSearch::Result)

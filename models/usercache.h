// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkclient.h"
#include "usersummary.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <optional>

// Who is behind a user id: names and primary emails for the user ids in view, looked up with
// GET /users?user_id=…&user_id=… on the connection's ClerkClient, up to BatchSize ids a request,
// never one request per row. Cached per connection: setClient() forgets everything.
//
// request() only notes the ids; the requests go out from the event loop, so that the ids asked
// for within one turn (the visible rows, then the selection) share requests. Ids that are known,
// known to be missing, on their way, or failed within retryDelayMs() are not asked for again.
// An id the API does not return is remembered as missing (a deleted user, or not a user id).
//
// Users read from files (webhook payloads carry them) go in with insert(), client or not, and stay
// when the client changes (user ids are unique across instances); an answer from the API is
// preferred to them.
class UserCache : public QObject
{
    Q_OBJECT

public:
    static constexpr int BatchSize = ClerkClient::MaxIdsPerRequest;
    static constexpr int DefaultRetryDelayMs = 60'000;

    explicit UserCache(QObject *parent = nullptr);
    // Abandons the requests in flight.
    ~UserCache() override;

    // The client to look users up with; null for none (offline). Forgets what the previous
    // client said (users, missing ids, failures) and abandons its requests: another client may
    // be another instance. Users from insert() stay. The same client again changes nothing.
    void setClient(ClerkClient *client);
    ClerkClient *client() const { return m_client; }

    // Looks up the ids that are not known yet, batched, from the event loop. Without a client
    // nothing is asked (the caller asks again after setClient()). Empty ids are ignored.
    void request(const QStringList &userIds);
    // Users known from elsewhere (files): added or replaced; usersArrived() names them. Their
    // ids are not asked for.
    void insert(const QList<UserSummary> &users);
    // Forgets everything, inserted users too; the client stays (its requests are abandoned).
    void clear();

    std::optional<UserSummary> user(const QString &id) const;
    // The API was asked and did not return it.
    bool isKnownMissing(const QString &id) const { return m_missing.contains(id); }
    // Asked for and not answered yet (queued or in flight).
    bool isPending(const QString &id) const { return m_pending.contains(id); }
    // Its look-up failed within retryDelayMs(): not asked for again until then.
    bool hasFailed(const QString &id) const { return coolingDown(id); }
    // The users known, from the API and from files.
    int size() const;
    int requestsInFlight() const { return int(m_inFlight.size()); }

    // After a failed request its ids are not asked for again for this long (default
    // DefaultRetryDelayMs), so that a view scrolling over them does not hammer a broken server.
    void setRetryDelay(int ms) { m_retryDelayMs = ms; }
    int retryDelayMs() const { return m_retryDelayMs; }

signals:
    // Everything was forgotten (setClient(), clear()): views ask again for what they show.
    void cleared();
    // These ids are now known: found (user() has them) or missing (isKnownMissing()).
    void usersArrived(const QStringList &ids);
    // A lookup failed (after the client's own retries); its ids are not marked missing.
    void lookupFailed(const ClerkResult &result);

private:
    void flush();
    void send(const QStringList &ids);
    void answered(ClerkClient::RequestId request, const QStringList &ids,
                  const ClerkResult &result);
    void abandonAll();
    bool coolingDown(const QString &id) const;
    bool isKnown(const QString &id) const
    {
        return m_fetched.contains(id) || m_inserted.contains(id);
    }
    void forgetFetched();

    QPointer<ClerkClient> m_client;
    QHash<QString, UserSummary> m_fetched; // from the client's answers
    QHash<QString, UserSummary> m_inserted; // from insert()
    QSet<QString> m_missing;
    QSet<QString> m_pending; // queued or in flight
    QStringList m_queue; // noted by request(), sent by flush()
    QHash<ClerkClient::RequestId, QStringList> m_inFlight;
    QHash<QString, qint64> m_failedAt; // m_clock's time of the failure
    QElapsedTimer m_clock;
    QTimer m_flushTimer;
    int m_retryDelayMs = DefaultRetryDelayMs;
};

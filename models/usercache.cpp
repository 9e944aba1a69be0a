// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "usercache.h"

#include "usersearch.h"

#include <memory>

UserCache::UserCache(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &UserCache::flush);
}

UserCache::~UserCache()
{
    abandonAll();
}

void UserCache::setClient(ClerkClient *client)
{
    // (Not for null: a destroyed client has already nulled m_client, and still needs this.)
    if (client && client == m_client)
        return;
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    abandonAll();
    forgetFetched();
    m_client = client;
    if (client) {
        // A client deleted without a word (its connection dropped): its answers never come.
        connect(client, &QObject::destroyed, this, [this] { setClient(nullptr); });
    }
    emit cleared();
}

void UserCache::clear()
{
    abandonAll();
    forgetFetched();
    m_inserted.clear();
    emit cleared();
}

void UserCache::forgetFetched()
{
    m_fetched.clear();
    m_missing.clear();
    m_failedAt.clear();
}

int UserCache::size() const
{
    int size = int(m_fetched.size());
    for (auto it = m_inserted.cbegin(); it != m_inserted.cend(); ++it)
        size += m_fetched.contains(it.key()) ? 0 : 1;
    return size;
}

void UserCache::request(const QStringList &userIds)
{
    if (!m_client)
        return;
    for (const QString &id : userIds) {
        if (id.isEmpty() || isKnown(id) || m_missing.contains(id) || m_pending.contains(id) ||
            coolingDown(id))
            continue;
        m_pending.insert(id);
        m_queue.append(id);
    }
    if (!m_queue.isEmpty() && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void UserCache::insert(const QList<UserSummary> &users)
{
    QStringList ids;
    ids.reserve(users.size());
    for (const UserSummary &user : users) {
        if (user.id.isEmpty())
            continue;
        m_inserted.insert(user.id, user);
        m_missing.remove(user.id);
        m_failedAt.remove(user.id);
        ids.append(user.id);
    }
    // An id queued or in flight is still answered by the API, and that answer is preferred.
    if (!ids.isEmpty())
        emit usersArrived(ids);
}

std::optional<UserSummary> UserCache::user(const QString &id) const
{
    if (const auto it = m_fetched.constFind(id); it != m_fetched.cend())
        return *it;
    if (const auto it = m_inserted.constFind(id); it != m_inserted.cend())
        return *it;
    return std::nullopt;
}

bool UserCache::coolingDown(const QString &id) const
{
    const auto it = m_failedAt.constFind(id);
    return it != m_failedAt.cend() && m_clock.elapsed() - *it < m_retryDelayMs;
}

void UserCache::flush()
{
    QStringList queue;
    queue.swap(m_queue);
    if (!m_client) {
        for (const QString &id : std::as_const(queue))
            m_pending.remove(id);
        return;
    }
    for (qsizetype first = 0; first < queue.size(); first += BatchSize)
        send(queue.mid(first, BatchSize));
}

void UserCache::send(const QStringList &ids)
{
    ClerkClient::UserQuery query;
    query.userIds = ids;
    query.limit = BatchSize;
    // The id is known only once listUsers() returns; the answer comes from the event loop.
    auto requestId = std::make_shared<ClerkClient::RequestId>(0);
    *requestId =
        m_client->listUsers(query, this, [this, requestId, ids](const ClerkResult &result) {
            answered(*requestId, ids, result);
        });
    m_inFlight.insert(*requestId, ids);
}

void UserCache::answered(ClerkClient::RequestId request, const QStringList &ids,
                         const ClerkResult &result)
{
    m_inFlight.remove(request);
    for (const QString &id : ids)
        m_pending.remove(id);

    ClerkResult outcome = result;
    QList<UserSummary> users;
    if (outcome.ok()) {
        QString error;
        users = UserSearch::parseUsers(outcome.payload, &error);
        if (!error.isEmpty()) {
            outcome.status = ClerkResult::Status::BadResponse;
            outcome.detail = error;
        }
    }
    if (!outcome.ok()) {
        const qint64 now = m_clock.elapsed();
        for (const QString &id : ids)
            m_failedAt.insert(id, now);
        emit lookupFailed(outcome);
        return;
    }

    QStringList arrived;
    arrived.reserve(ids.size());
    for (const UserSummary &user : std::as_const(users)) {
        m_fetched.insert(user.id, user);
        m_missing.remove(user.id);
        m_failedAt.remove(user.id);
        arrived.append(user.id);
    }
    for (const QString &id : ids) {
        if (!m_fetched.contains(id) && !m_inserted.contains(id)) {
            m_missing.insert(id);
            m_failedAt.remove(id);
            arrived.append(id);
        }
    }
    emit usersArrived(arrived);
}

void UserCache::abandonAll()
{
    m_flushTimer.stop();
    if (m_client) {
        for (auto it = m_inFlight.cbegin(); it != m_inFlight.cend(); ++it)
            m_client->cancel(it.key());
    }
    m_inFlight.clear();
    m_queue.clear();
    m_pending.clear();
}

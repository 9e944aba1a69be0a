// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "usersessionsfetcher.h"

#include "sessiontablemodel.h"

UserSessionsFetcher::UserSessionsFetcher(ClerkClient *client, const QString &userId,
                                         QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_userId(userId)
    , m_model(std::make_unique<SessionTableModel>())
{ }

UserSessionsFetcher::~UserSessionsFetcher() = default;

void UserSessionsFetcher::start()
{
    if (m_fetch)
        return;
    m_fetch = std::make_unique<SessionFetch>(m_client, m_model.get(),
                                             ClerkClient::SessionQuery{m_userId, {}, {}});
    connect(m_fetch.get(), &SessionFetch::finished, this, &UserSessionsFetcher::fetched);
    m_fetch->start();
}

void UserSessionsFetcher::cancel()
{
    if (m_fetch)
        m_fetch->cancel();
}

void UserSessionsFetcher::fetched(const SessionFetch::Result &fetch)
{
    Result result;
    result.outcome = fetch.outcome;
    result.userId = m_userId;
    const int rows = m_model->store().size();
    result.sessions.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        Session session = m_model->store().session(row);
        // The listing asked for this user's sessions; anything else is not to be touched.
        if (session.userId == m_userId)
            result.sessions.append(std::move(session));
    }
    if (result.complete())
        result.plan = RevocationPlan::fromSessions(result.sessions);
    emit finished(result);
}

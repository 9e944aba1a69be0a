// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionrecheck.h"

#include "revocationrun.h"

#include <QSet>

RevocationPlan SessionRecheck::Result::plan() const
{
    RevocationPlan plan = RevocationPlan::fromSessions(found);
    for (const RevocationTarget &target : notFound)
        plan.skipped.append({target, notFoundReason()});
    return plan;
}

SessionRecheck::SessionRecheck(ClerkClient *client, const QList<Session> &sessions, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    QSet<QString> seen;
    for (const Session &session : sessions) {
        if (session.id.isEmpty() || seen.contains(session.id))
            continue;
        seen.insert(session.id);
        m_input.append(session);
    }
}

SessionRecheck::~SessionRecheck()
{
    if (m_request && m_client)
        m_client->cancel(m_request);
}

void SessionRecheck::start()
{
    if (m_running)
        return;
    m_running = true;
    m_position = 0;
    m_result = Result();
    emit progress(0, int(m_input.size()));
    next();
}

void SessionRecheck::cancel()
{
    if (!m_running)
        return;
    if (m_request && m_client)
        m_client->cancel(m_request);
    m_request = 0;
    end(ClerkResult::failure(ClerkResult::Status::Cancelled, QStringLiteral("cancelled")));
}

void SessionRecheck::next()
{
    if (m_position >= m_input.size()) {
        end(ClerkResult());
        return;
    }
    if (!m_client) {
        end(ClerkResult::failure(ClerkResult::Status::NetworkError,
                                 QStringLiteral("there is no connection to Clerk")));
        return;
    }
    m_request = m_client->getSession(m_input.at(m_position).id, this,
                                     [this](const ClerkResult &result) { answered(result); });
}

void SessionRecheck::answered(const ClerkResult &result)
{
    m_request = 0;
    const Session &input = m_input.at(m_position);
    if (result.status == ClerkResult::Status::NotFound) {
        m_result.notFound.append(RevocationTarget::fromSession(input));
    } else if (!result.ok()) {
        end(result);
        return;
    } else {
        QString error;
        std::optional<Session> session = RevocationRun::parseSession(result.payload, &error);
        if (!session || session->id != input.id) {
            ClerkResult bad = result;
            bad.status = ClerkResult::Status::BadResponse;
            bad.detail =
                session ? QStringLiteral("asked for %1, got %2").arg(input.id, session->id) : error;
            end(bad);
            return;
        }
        m_result.found.append(*session);
    }
    ++m_position;
    emit progress(m_position, int(m_input.size()));
    next();
}

void SessionRecheck::end(ClerkResult outcome)
{
    m_running = false;
    m_result.outcome = std::move(outcome);
    emit finished(m_result);
}

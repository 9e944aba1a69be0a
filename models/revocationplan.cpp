// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "revocationplan.h"

#include <QSet>

RevocationTarget RevocationTarget::fromSession(const Session &session)
{
    QString text = session.statusText;
    if (text.isEmpty())
        text = QString::fromLatin1(statusName(session.status));
    return {session.id, session.userId, session.status, text};
}

QStringList RevocationPlan::userIds() const
{
    QStringList ids;
    QSet<QString> seen;
    for (const RevocationTarget &target : toRevoke) {
        if (!seen.contains(target.userId)) {
            seen.insert(target.userId);
            ids.append(target.userId);
        }
    }
    return ids;
}

RevocationPlan RevocationPlan::fromSessions(const QList<Session> &sessions)
{
    RevocationPlan plan;
    QSet<QString> seen;
    seen.reserve(sessions.size());
    for (const Session &session : sessions) {
        if (session.id.isEmpty() || seen.contains(session.id))
            continue;
        seen.insert(session.id);
        const RevocationTarget target = RevocationTarget::fromSession(session);
        if (isRevocable(target.status))
            plan.toRevoke.append(target);
        else
            plan.skipped.append({target, skipReason(target.status, target.statusText)});
    }
    return plan;
}

bool RevocationPlan::isRevocable(SessionStatus status)
{
    return status == SessionStatus::Active || status == SessionStatus::Pending;
}

QString RevocationPlan::skipReason(SessionStatus status, const QString &statusText)
{
    switch (status) {
    case SessionStatus::Active:
    case SessionStatus::Pending:
        return {};
    case SessionStatus::Revoked:
        return QStringLiteral("already revoked");
    case SessionStatus::Ended:
        return QStringLiteral("ended");
    case SessionStatus::Expired:
        return QStringLiteral("expired");
    case SessionStatus::Removed:
        return QStringLiteral("removed");
    case SessionStatus::Abandoned:
        return QStringLiteral("abandoned");
    case SessionStatus::Replaced:
        return QStringLiteral("replaced");
    case SessionStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown status \"%1\"").arg(statusText);
}

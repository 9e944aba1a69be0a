// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

// One session a revocation is about: what was known of it when the plan was made.
struct RevocationTarget
{
    QString sessionId;
    QString userId;
    SessionStatus status = SessionStatus::Unknown;
    QString statusText; // as the API spelled it, also for unknown values

    static RevocationTarget fromSession(const Session &session);
    bool operator==(const RevocationTarget &) const = default;
};

// The dry run: what a revocation would do, computed before anything is sent. Only active and
// pending sessions can be revoked (Clerk refuses the others); every other status is skipped with
// the reason. Each session id is planned once: a later duplicate of an id is left out.
struct RevocationPlan
{
    QList<RevocationTarget> toRevoke; // active or pending, each session once, in input order
    QList<std::pair<RevocationTarget, QString>> skipped; // with the reason ("already revoked", …)

    // The users of toRevoke, each once, in order of first appearance.
    QStringList userIds() const;
    int size() const { return int(toRevoke.size()); }
    bool isEmpty() const { return toRevoke.isEmpty(); }

    static RevocationPlan fromSessions(const QList<Session> &sessions);
    // Whether Clerk can revoke a session of this status (active, pending).
    static bool isRevocable(SessionStatus status);
    // Why a session of this status is not revoked: "already revoked", "ended", "expired",
    // "removed", "abandoned", "replaced", "unknown status \"…\""; empty when it is revocable.
    static QString skipReason(SessionStatus status, const QString &statusText);
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkclient.h"
#include "revocationplan.h"
#include "session.h"
#include "sessionfetch.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class SessionTableModel;

// "Sign out everywhere": every session of one user, listed afresh from the API (all pages,
// through SessionFetch, whatever the window has loaded), and the plan that revokes the active
// and pending ones. A one-shot command object.
class UserSessionsFetcher : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        ClerkResult outcome; // Ok when every page arrived; the plan is only to be used then
        QString userId;
        QList<Session> sessions; // every session of the user, in the API's order
        RevocationPlan plan; // their active and pending ones; the others skipped with reasons

        bool complete() const { return outcome.ok(); }
    };

    UserSessionsFetcher(ClerkClient *client, const QString &userId, QObject *parent = nullptr);
    ~UserSessionsFetcher() override;

    void start();
    void cancel(); // finished() comes (Cancelled) before it returns
    bool isRunning() const { return m_fetch && m_fetch->isRunning(); }

signals:
    void finished(const UserSessionsFetcher::Result &result);

private:
    void fetched(const SessionFetch::Result &result);

    QPointer<ClerkClient> m_client;
    QString m_userId;
    std::unique_ptr<SessionTableModel> m_model;
    std::unique_ptr<SessionFetch> m_fetch;
};

Q_DECLARE_METATYPE(UserSessionsFetcher::Result)

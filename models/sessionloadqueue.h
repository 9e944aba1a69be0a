// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkclient.h"
#include "sessionfetch.h"
#include "sessionloader.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

// What the user asked to load, one load after another: Open replaces the table (cancelling what
// runs), Add waits for the running load and adds to it. It keeps the reports of every load since
// the table was last replaced, so skipped records stay listed however many files were added.
//
// A fetch from Clerk's Backend API (one user's or one client's sessions, through SessionFetch) is
// a load like a file: it replaces the table, shows as one source, reports as a LoadResult. When
// it fails part-way the rows that arrived stay, and resumeFetch() carries on where it stopped.
class SessionLoadQueue : public QObject
{
    Q_OBJECT

public:
    explicit SessionLoadQueue(SessionTableModel *model, QObject *parent = nullptr);

    void open(const QStringList &paths);
    void add(const QStringList &paths);
    void openBytes(const QByteArray &bytes, const QString &name);
    // Stops the running load and drops the queued ones; what was read stays.
    void cancel();

    // Fetches go through this client (not owned; may be replaced or go away).
    void setClient(ClerkClient *client) { m_client = client; }
    ClerkClient *client() const { return m_client; }
    // Replaces the table with the sessions the query lists; `name` names the source ("Jane Doe").
    void openFetch(const ClerkClient::SessionQuery &query, const QString &name);
    // After a fetch that failed part-way: fetches the rest, from where it stopped, into the table.
    bool canResumeFetch() const { return m_resumable.has_value(); }
    void resumeFetch();

    bool isBusy() const { return m_loader->isRunning() || m_fetch; }
    SessionLoader *loader() const { return m_loader; }
    // Every file since the table was last replaced (times and counts add up).
    const LoadResult &sinceOpen() const { return m_sinceOpen; }
    // Display names of what the table holds, in load order.
    const QStringList &sources() const { return m_sources; }

signals:
    void busyChanged(bool busy);
    void progress(qint64 bytesDone, qint64 bytesTotal);
    void finished(const LoadResult &last); // sinceOpen() is up to date
    void sourcesChanged(const QStringList &sources);
    // While a fetch runs: sessions in the table so far, of `total` (-1 until the API says).
    void fetchProgress(int received, qint64 total);
    // A fetch that did not complete (not for Cancel): after finished(), with Clerk's details.
    void fetchFailed(const SessionFetch::Result &result);
    // Users that came with the sessions of a file (webhook payloads carry them): see
    // SessionLoader::usersRead().
    void usersRead(const QList<UserSummary> &users);

private:
    struct Fetch
    {
        ClerkClient::SessionQuery query;
        int startOffset = 0;
    };
    struct Request
    {
        QStringList paths; // display names of fetches and bytes
        QByteArray bytes; // with one name in paths, when loading from memory
        std::optional<Fetch> fetch;
        bool replace = false;
    };

    void enqueue(Request request);
    void startNext();
    void startFetch(const Request &request);
    void fetchFinished(const SessionFetch::Result &result);
    void loadFinished(const LoadResult &result);

    SessionTableModel *m_model;
    SessionLoader *m_loader;
    QPointer<ClerkClient> m_client;
    std::unique_ptr<SessionFetch> m_fetch; // the running fetch
    QString m_fetchName;
    ClerkClient::SessionQuery m_fetchQuery;
    bool m_fetchResumed = false;
    std::optional<Request> m_resumable; // what resumeFetch() asks for
    QList<Request> m_queue;
    LoadResult m_sinceOpen;
    QStringList m_sources;
};

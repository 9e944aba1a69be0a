// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionloadqueue.h"

#include "sessiontablemodel.h"

#include <QFileInfo>

#include <utility>

SessionLoadQueue::SessionLoadQueue(SessionTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_loader(new SessionLoader(model, this))
{
    connect(m_loader, &SessionLoader::progress, this, &SessionLoadQueue::progress);
    connect(m_loader, &SessionLoader::finished, this, &SessionLoadQueue::loadFinished);
    connect(m_loader, &SessionLoader::usersRead, this, &SessionLoadQueue::usersRead);
}

void SessionLoadQueue::open(const QStringList &paths)
{
    enqueue({paths, {}, {}, true});
}

void SessionLoadQueue::add(const QStringList &paths)
{
    enqueue({paths, {}, {}, false});
}

void SessionLoadQueue::openBytes(const QByteArray &bytes, const QString &name)
{
    enqueue({{name}, bytes, {}, true});
}

void SessionLoadQueue::openFetch(const ClerkClient::SessionQuery &query, const QString &name)
{
    enqueue({{name}, {}, Fetch{query, 0}, true});
}

void SessionLoadQueue::resumeFetch()
{
    if (std::optional<Request> request = std::exchange(m_resumable, std::nullopt))
        enqueue(std::move(*request));
}

void SessionLoadQueue::cancel()
{
    m_queue.clear();
    m_loader->cancel();
    if (m_fetch)
        m_fetch->cancel(); // finishes at once
}

void SessionLoadQueue::enqueue(Request request)
{
    if (request.replace) {
        // What was asked before is superseded, and the running load stops.
        m_queue.clear();
        m_loader->cancel();
        if (m_fetch)
            m_fetch->cancel();
    }
    m_resumable.reset(); // a resumed fetch would now land in another table
    m_queue.append(std::move(request));
    if (!isBusy())
        startNext();
}

void SessionLoadQueue::startNext()
{
    if (m_queue.isEmpty())
        return;
    const Request request = m_queue.takeFirst();
    if (request.replace) {
        m_model->clear();
        m_sinceOpen = {};
        m_sources.clear();
    }
    if (request.fetch) {
        if (!m_sources.contains(request.paths.value(0)))
            m_sources.append(request.paths.value(0));
        emit sourcesChanged(m_sources);
        startFetch(request);
        return;
    }
    for (const QString &path : request.paths)
        m_sources.append(QFileInfo(path).fileName());
    emit sourcesChanged(m_sources);
    if (request.bytes.isNull())
        m_loader->start(request.paths);
    else
        m_loader->startBytes(request.bytes, request.paths.value(0));
    emit busyChanged(true);
}

void SessionLoadQueue::startFetch(const Request &request)
{
    SessionFetch::Options options;
    options.startOffset = request.fetch->startOffset;
    m_fetchName = request.paths.value(0);
    m_fetchQuery = request.fetch->query;
    m_fetchResumed = !request.replace;
    m_fetch = std::make_unique<SessionFetch>(m_client, m_model, request.fetch->query, options);
    connect(m_fetch.get(), &SessionFetch::progress, this, &SessionLoadQueue::fetchProgress);
    connect(m_fetch.get(), &SessionFetch::finished, this, &SessionLoadQueue::fetchFinished);
    emit busyChanged(true);
    if (!m_client) {
        // Not connected: a failed fetch, reported as any other.
        SessionFetch::Result result;
        result.outcome = ClerkResult::failure(ClerkResult::Status::InvalidRequest,
                                              tr("not connected to a Clerk instance"));
        fetchFinished(result);
        return;
    }
    m_fetch->start();
}

void SessionLoadQueue::fetchFinished(const SessionFetch::Result &result)
{
    // Not deleted here: this runs inside the fetch's own signal.
    if (SessionFetch *fetch = m_fetch.release())
        fetch->deleteLater();
    const bool failed = !result.complete() && !result.cancelled();
    if (failed)
        m_resumable = Request{{m_fetchName}, {}, Fetch{m_fetchQuery, result.nextOffset}, false};
    LoadResult load = result.toLoadResult(m_fetchName);
    if (m_fetchResumed) {
        // The rest of a fetch that failed: one source, whose report now tells the whole story.
        for (qsizetype i = m_sinceOpen.files.size() - 1; i >= 0; --i) {
            const FileReport &earlier = m_sinceOpen.files.at(i);
            if (earlier.path == m_fetchName && earlier.shape == load.files.first().shape) {
                load.files.first().sessions += earlier.sessions;
                load.files.first().bytes += earlier.bytes;
                m_sinceOpen.files.removeAt(i);
                break;
            }
        }
    }
    loadFinished(load);
    if (failed)
        emit fetchFailed(result);
}

void SessionLoadQueue::loadFinished(const LoadResult &result)
{
    m_sinceOpen.files += result.files;
    m_sinceOpen.elapsedMs += result.elapsedMs;
    m_sinceOpen.bytes += result.bytes;
    m_sinceOpen.newSessions += result.newSessions;
    m_sinceOpen.cancelled = m_sinceOpen.cancelled || result.cancelled;
    emit finished(result);
    if (!m_queue.isEmpty())
        startNext();
    else
        emit busyChanged(false);
}

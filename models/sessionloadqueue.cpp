// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionloadqueue.h"

#include "sessiontablemodel.h"

#include <QFileInfo>

SessionLoadQueue::SessionLoadQueue(SessionTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_loader(new SessionLoader(model, this))
{
    connect(m_loader, &SessionLoader::progress, this, &SessionLoadQueue::progress);
    connect(m_loader, &SessionLoader::finished, this, &SessionLoadQueue::loadFinished);
}

void SessionLoadQueue::open(const QStringList &paths)
{
    enqueue({paths, {}, true});
}

void SessionLoadQueue::add(const QStringList &paths)
{
    enqueue({paths, {}, false});
}

void SessionLoadQueue::openBytes(const QByteArray &bytes, const QString &name)
{
    enqueue({{name}, bytes, true});
}

void SessionLoadQueue::cancel()
{
    m_queue.clear();
    m_loader->cancel();
}

void SessionLoadQueue::enqueue(Request request)
{
    if (request.replace) {
        // What was asked before is superseded, and the running load stops.
        m_queue.clear();
        m_loader->cancel();
    }
    m_queue.append(std::move(request));
    if (!m_loader->isRunning())
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
    for (const QString &path : request.paths)
        m_sources.append(QFileInfo(path).fileName());
    emit sourcesChanged(m_sources);
    if (request.bytes.isNull())
        m_loader->start(request.paths);
    else
        m_loader->startBytes(request.bytes, request.paths.value(0));
    emit busyChanged(true);
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

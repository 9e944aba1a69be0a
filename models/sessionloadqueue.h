// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "sessionloader.h"

#include <QObject>

// What the user asked to load, one load after another: Open replaces the table (cancelling what
// runs), Add waits for the running load and adds to it. It keeps the reports of every load since
// the table was last replaced, so skipped records stay listed however many files were added.
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

    bool isBusy() const { return m_loader->isRunning(); }
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

private:
    struct Request
    {
        QStringList paths;
        QByteArray bytes; // with one name in paths, when loading from memory
        bool replace = false;
    };

    void enqueue(Request request);
    void startNext();
    void loadFinished(const LoadResult &result);

    SessionTableModel *m_model;
    SessionLoader *m_loader;
    QList<Request> m_queue;
    LoadResult m_sinceOpen;
    QStringList m_sources;
};

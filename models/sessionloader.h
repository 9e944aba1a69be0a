// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "loadresult.h"
#include "sessionfilereader.h"
#include "usersummary.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

class SessionTableModel;

// Loads files into a SessionTableModel without blocking the thread it lives on: a worker thread
// reads and parses (SessionFileReader), and batches are upserted on this object's thread in
// slices of a few milliseconds, so the window stays responsive even at a million rows. The worker
// stays at most a few batches ahead, which bounds memory. The command line runs this same class
// under a QCoreApplication.
//
// Users that come with the sessions (webhook events carry them) are handed on with usersRead(),
// for a user cache; the model does not keep them.
class SessionLoader : public QObject
{
    Q_OBJECT

public:
    explicit SessionLoader(SessionTableModel *model, QObject *parent = nullptr);
    // Cancels and joins the worker; never touches the model, which may already be gone.
    ~SessionLoader() override;

    // Starts loading files (or one in-memory document) into the model, added to what it holds.
    // Does nothing and returns false while a load is running.
    bool start(const QStringList &paths);
    bool startBytes(const QByteArray &bytes, const QString &name);
    // Stops after the current chunk; what was read stays in the model.
    void cancel();
    bool isRunning() const { return m_thread.joinable(); }

signals:
    void progress(qint64 bytesDone, qint64 bytesTotal);
    void finished(const LoadResult &result);
    // Users read with a batch of sessions, each id once (the latest read wins), emitted just
    // before the batch's sessions are staged in the model. Not emitted for batches without users.
    void usersRead(const QList<UserSummary> &users);

private:
    struct Source
    {
        QString path;
        QByteArray bytes; // used when path is empty
    };
    struct Item
    {
        std::unique_ptr<SessionBatch> batch; // or, when null:
        std::unique_ptr<FileReport> report; // or, when both are null: the end
        QList<UserSummary> users; // the batch's, made on the worker
    };

    bool startSources(QList<Source> sources, qint64 totalBytes);
    void run(const QList<Source> &sources);
    void push(Item item, bool waitForSpace);
    void postDrain();
    void drain();
    void calibrate(const SessionBatch &first);
    void finish();

    SessionTableModel *m_model;
    std::thread m_thread;
    std::thread m_prefaulter;
    int m_rowsAtStart = 0;
    bool m_calibrated = false;
    std::mutex m_mutex;
    std::condition_variable m_space;
    std::deque<Item> m_queue;
    std::atomic_bool m_cancel = false;
    std::atomic_bool m_drainPosted = false;
    std::atomic<qint64> m_bytesDone = 0;
    qint64 m_bytesTotal = 0;
    qsizetype m_sourceCount = 0;
    QElapsedTimer m_clock;
    QElapsedTimer m_published; // since the model last announced staged rows
    LoadResult m_result;
};

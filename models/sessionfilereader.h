// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "filereport.h"
#include "sessionbatch.h"

#include <QByteArrayView>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

// Reads Clerk sessions from JSON in every shape a support engineer is handed, detected from the
// content: a bare array (GET /sessions), the paginated envelope {"data":[…],"total_count":N}, the
// JS SDK's camelCase export {"data":[…],"totalCount":N}, one session, NDJSON of sessions or events,
// webhook events (alone, in an array, or as NDJSON), and a Client object with its sessions.
//
// Records are handed on in batches while reading (the first one small, so rows show at once).
// Big documents are split into ~1 MB chunks by JsonScanner, so memory stays flat and simdjson
// never indexes a whole 700 MB file. Pure work on bytes: no Qt event loop, safe on any thread.
class SessionFileReader
{
public:
    using BatchHandler = std::function<void(std::unique_ptr<SessionBatch>)>;
    using ProgressHandler = std::function<void(qint64 bytesDone)>; // bytes of this input consumed

    struct Options
    {
        std::size_t firstBatchRecords = 256;
        std::size_t batchRecords = 2048; // ~2 ms to upsert on the GUI thread
        int flushIntervalMs = 40; // a batch is handed on at least this often while reading
    };

    explicit SessionFileReader(BatchHandler onBatch, ProgressHandler onProgress = {},
                               const std::atomic_bool *cancel = nullptr);
    SessionFileReader(BatchHandler onBatch, ProgressHandler onProgress,
                      const std::atomic_bool *cancel, Options options);
    ~SessionFileReader();

    // Memory-maps the file (with simdjson's padding) and reads it.
    FileReport readFile(const QString &path);
    // Reads a document held in memory (Qt resources, network replies); `name` goes in messages.
    FileReport readBytes(QByteArrayView bytes, const QString &name);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

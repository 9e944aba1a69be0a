// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "filereport.h"

#include <QList>
#include <QMetaType>

// What a load did, file by file.
struct LoadResult
{
    QList<FileReport> files;
    qint64 elapsedMs = 0; // from start() until the last row was in the model
    qint64 bytes = 0;
    qint64 newSessions = 0; // rows the load added to the model
    bool cancelled = false;

    qint64 sessionsRead() const;
    qint64 skipped() const;
    qsizetype failedFiles() const; // files with a FileReport::error
    // Records that named a session already in the table (from this load or before): merged by
    // SessionStore::upsert, keeping the newer copy.
    qint64 duplicates() const { return sessionsRead() - newSessions; }
    bool anyRead() const; // at least one file could be read
};
Q_DECLARE_METATYPE(LoadResult)

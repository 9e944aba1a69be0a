// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

// A record that was skipped: which one, which field, and why.
struct RecordError
{
    qint64 record = -1; // 0-based index of the record in its file (array index or NDJSON value)
    QString field; // JSON path inside the record, e.g. "user_id" or "latest_activity.is_mobile"
    QString message; // e.g. "missing required field", "expected integer, found string"
    qint64 line = 0; // 1-based position of the record (or the field) in the file; 0 = unknown
    qint64 column = 0;
};

// What reading one file (or one in-memory document) produced.
struct FileReport
{
    QString path;
    QString shape; // see SessionFileReader: "array", "paginated", "sdk-paginated", ...
    QString casing; // "snake_case", "camelCase" or "mixed": how the records spelled their keys
    qint64 bytes = 0;
    qint64 sessions = 0; // records read and handed on
    qint64 skipped = 0; // records reported in errors and not loaded
    QList<RecordError> errors; // one per skipped record, capped at MaxErrors (skipped stays exact)
    // Set when the file as a whole could not be read (missing, empty, binary, no sessions) or
    // reading stopped at a syntax error. Records read before a syntax error stay loaded.
    QString error;
    qint64 errorLine = 0;
    qint64 errorColumn = 0;
    bool cancelled = false;

    static constexpr int MaxErrors = 10000;

    bool failed() const { return !error.isEmpty(); }
    // "path:line:column: message" (or "path: message" without a position).
    QString errorText() const
    {
        if (error.isEmpty())
            return {};
        if (errorLine > 0)
            return QStringLiteral("%1:%2:%3: %4")
                .arg(path)
                .arg(errorLine)
                .arg(errorColumn)
                .arg(error);
        return QStringLiteral("%1: %2").arg(path, error);
    }
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <functional>
#include <vector>

class SessionStore;

// Writes sessions of a store to a file, atomically (QSaveFile: the file is either complete or
// as it was), streaming row by row so that a million sessions need no more memory than one.
// - Json: the API's paginated envelope {"data":[…],"total_count":N} with each Session in the
//   API's snake_case form, so that SessionDesk (or anything that reads Clerk's API) reopens it.
// - Csv: one line per session, RFC 4180 quoting, times in ISO 8601 UTC; a cell that a
//   spreadsheet would run as a formula (=, +, -, @ first) is prefixed with '.
// Only ever writes the file it is given; never the files the sessions came from.
class SessionExporter
{
public:
    enum class Format { Json, Csv };

    // From the file name: ".csv" is Csv, ".json" (and anything else) Json.
    static Format formatFor(const QString &path);

    // Writes `rows` (store rows, in this order). False with *error set ("cannot write
    // out.json: Permission denied") when the file could not be written; nothing is left behind.
    static bool write(const QString &path, Format format, const SessionStore &store,
                      const std::vector<int> &rows, QString *error);

    // The CSV header, for tests and docs.
    static QString csvHeader();
    // One CSV cell: quoted where needed, and defused where a spreadsheet would run it as a
    // formula. For every CSV SessionDesk writes.
    static QByteArray csvCell(const QString &value);
};

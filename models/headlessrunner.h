// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "sessionfilter.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class ClerkConfig;
class QTextStream;
class SessionTableModel;
struct LoadResult;

// The window's headless twin: `sessiondesk --summary FILE…` loads through the same
// SessionLoader, reader and store as the window and prints one JSON object. Exit codes:
// 0 sessions were read (even with records skipped), 2 no input could be read (or a bad query),
// 4 the export could not be written. With a filter, the summary also counts what matches it;
// `--export OUT` writes the matching sessions.
//
// `sessiondesk --summary --user ID` (--client ID, --email ADDRESS) fetches from Clerk's Backend
// API instead, through the same ClerkClient and SessionFetch as the window, and prints the same
// JSON: one entry in "files" per user or client fetched, its path "clerk:ID", shape "api".
//
// `sessiondesk --revoke` (see revoke()) is the twin of the window's revocation: a dry run that
// changes nothing, and with --yes the revocation itself, one JSON line per session.
class HeadlessRunner
{
public:
    enum ExitCode { Success = 0, NoInput = 2, ApiError = 3, WriteFailed = 4, RevocationFailed = 4 };

    // Whose sessions to fetch.
    struct Target
    {
        enum class Kind { User, Client, Email };
        Kind kind = Kind::User;
        QString value; // a user id, a client id, or an email address (each of its users)
    };

    HeadlessRunner(QTextStream &out, QTextStream &err);

    // --filter: the summary counts what matches (its "filter" object), the export writes it.
    void setFilter(const SessionFilter &filter) { m_filter = filter; }
    // --export: writes the (matching) sessions to this file, JSON or CSV by its suffix; exit 4
    // when it cannot be written.
    void setExportPath(const QString &path) { m_exportPath = path; }
    // Without --summary (only --export), nothing goes to stdout.
    void setPrintSummary(bool print) { m_printSummary = print; }
    // --insights: the summary adds "insights", the Insights panel's counts over the (matching)
    // sessions.
    void setInsights(bool insights) { m_insights = insights; }

    // Needs a QCoreApplication; runs its own event loop until the load is done.
    int summary(const QStringList &paths);

    // Needs a QCoreApplication; runs its own event loop until every target is fetched. Exit
    // codes: 0 every target was fetched, or some were and the others do not exist (as a missing
    // file among readable ones), even with no sessions; 2 the config is unusable, or no target
    // exists (no user with that id or email address, no client with that id); 3 Clerk's API
    // failed (the key rejected, a page lost midway, …): its message, HTTP status and trace id
    // on stderr, and the JSON of what was fetched until then. Stops at the first API failure.
    int summaryFromApi(const ClerkConfig &config, const QList<Target> &targets);

    struct RevokeOptions
    {
        bool execute = false; // --yes; otherwise only the dry run
        QString reason; // --reason, for the audit log
        QString auditLogPath; // --audit-log; empty: AuditLog::defaultPath()
    };

    // Needs a QCoreApplication. The sessions of `targets` (fetched afresh) or of the files in
    // `paths` (each read back with GET from the instance first: one it does not have is
    // "not_found", never revoked), those matching the filter, planned as RevocationPlan does.
    // Without options.execute: prints the plan as one JSON object and changes nothing. With it:
    // revokes the plan with RevocationRun (audit log, rate limit, read-back after an unclear
    // failure) and prints one JSON line per session: {"id", "previous_status", "result",
    // "http_status", "trace_id"} (and "message" when there is one); skipped sessions have
    // result "skipped". Exit codes: 0 done (or dry run), 2 bad usage or nothing to read, 3 the API
    // failed before anything was revoked (listing, read-back), 4 a revocation failed or was not
    // attempted (the audit log could not be written).
    int revoke(const ClerkConfig &config, const QList<Target> &targets, const QStringList &paths,
               const RevokeOptions &options);

private:
    // Prints the summary and writes the export; false when the export could not be written.
    bool report(const LoadResult &result, const SessionTableModel &model);

    QTextStream &m_out;
    QTextStream &m_err;
    std::optional<SessionFilter> m_filter;
    QString m_exportPath;
    bool m_printSummary = true;
    bool m_insights = false;
};

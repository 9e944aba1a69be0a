// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class ClerkConfig;
class QTextStream;

// The window's headless twin: `sessiondesk --summary FILE…` loads through the same
// SessionLoader, reader and store as the window and prints one JSON object. Exit codes:
// 0 sessions were read (even with records skipped), 2 no input could be read.
//
// `sessiondesk --summary --user ID` (--client ID, --email ADDRESS) fetches from Clerk's Backend
// API instead, through the same ClerkClient and SessionFetch as the window, and prints the same
// JSON: one entry in "files" per user or client fetched, its path "clerk:ID", shape "api".
class HeadlessRunner
{
public:
    enum ExitCode { Success = 0, NoInput = 2, ApiError = 3 };

    // Whose sessions to fetch.
    struct Target
    {
        enum class Kind { User, Client, Email };
        Kind kind = Kind::User;
        QString value; // a user id, a client id, or an email address (each of its users)
    };

    HeadlessRunner(QTextStream &out, QTextStream &err);

    // Needs a QCoreApplication; runs its own event loop until the load is done.
    int summary(const QStringList &paths);

    // Needs a QCoreApplication; runs its own event loop until every target is fetched. Exit
    // codes: 0 every target was fetched, or some were and the others do not exist (as a missing
    // file among readable ones), even with no sessions; 2 the config is unusable, or no target
    // exists (no user with that id or email address, no client with that id); 3 Clerk's API
    // failed (the key rejected, a page lost midway, …): its message, HTTP status and trace id
    // on stderr, and the JSON of what was fetched until then. Stops at the first API failure.
    int summaryFromApi(const ClerkConfig &config, const QList<Target> &targets);

private:
    QTextStream &m_out;
    QTextStream &m_err;
};

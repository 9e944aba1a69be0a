// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkclient.h"
#include "clerkresult.h"
#include "loadresult.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QMetaType>
#include <QObject>
#include <QPointer>

#include <map>
#include <memory>

class SessionTableModel;

// Fetches every session of one user or one client (optionally of one status) into a
// SessionTableModel: a one-shot command object. GET /sessions with paginated=true and
// limit=500, offset paging until total_count. The first page says how many there are; the others
// are then requested several at a time (ClerkClient's rate limiter decides when each goes).
//
// Rows keep the API's order (newest first): pages are applied strictly by offset, a page that
// arrives early waits in a buffer (at most Options::maxAhead pages) for those before it. Each
// page is parsed by SessionFileReader (the same code as files) and applied whole, as one insert,
// with SessionTableModel::stage() and publish(), and the model merges by session id, so a session
// that moves from one page to the next while paging (a session created meanwhile pushes the
// others down) is not doubled.
//
// When the fetch fails or is cancelled, the model keeps the pages already applied: the first
// `sessions` sessions of the listing, in order, each page whole; nothing of a failed page and
// nothing of the pages buffered behind it is applied. Rows are real sessions, so they are kept
// rather than taken back (the table has no removal, and an update of a row loaded before could
// not be undone anyway); Result says how far the fetch came and nextOffset where a retry
// (Options::startOffset) carries on.
class SessionFetch : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int pageSize = ClerkClient::MaxPageSize;
        int maxConcurrent = 6; // pages in flight at once
        int maxAhead = 16; // pages requested beyond the next one to apply
        int startOffset = 0; // where in the listing to begin
    };

    struct Result
    {
        // Ok when every page arrived; else what ended the fetch (Cancelled for cancel()).
        ClerkResult outcome;
        qint64 totalCount = -1; // total_count as the API said, -1 when no page arrived
        int sessions = 0; // sessions applied to the model, from whole pages in API order
        int newRows = 0; // of them, rows the model did not have before
        int pages = 0; // pages applied
        int nextOffset = 0; // the listing offset after the last page applied
        int requests = 0; // HTTP requests made for the pages, with retries
        qint64 bytes = 0; // body bytes of the pages applied
        qint64 elapsedMs = 0;

        bool complete() const { return outcome.ok(); }
        bool cancelled() const { return outcome.status == ClerkResult::Status::Cancelled; }
        // Empty when complete; else "500 of 1,234 sessions loaded, then: <outcome.message()>".
        QString message(const QLocale &locale = QLocale()) const;
        // The fetch as a load of one source named `source`, so that the window's status bar,
        // its load report and `--summary` treat it as they treat a file (shape "api").
        LoadResult toLoadResult(const QString &source) const;
    };

    SessionFetch(ClerkClient *client, SessionTableModel *model,
                 const ClerkClient::SessionQuery &query, QObject *parent = nullptr);
    SessionFetch(ClerkClient *client, SessionTableModel *model,
                 const ClerkClient::SessionQuery &query, const Options &options,
                 QObject *parent = nullptr);
    // Abandons the pages in flight; finished() is not emitted.
    ~SessionFetch() override;

    const ClerkClient::SessionQuery &query() const { return m_query; }

    // Requests the first page. False when already started.
    bool start();
    // Stops now: the pages in flight are abandoned, those buffered dropped, and finished() is
    // emitted (Cancelled) before cancel() returns. Does nothing when not running.
    void cancel();
    bool isRunning() const { return m_running; }

    int received() const { return m_applied; } // sessions applied so far
    qint64 totalCount() const { return m_total; } // -1 until the first page has arrived
    // "320 of 1,234" (or "320" before the total is known), in the locale's digits.
    QString progressText(const QLocale &locale = QLocale()) const;
    static QString progressText(qint64 received, qint64 total, const QLocale &locale = QLocale());

signals:
    void progress(int received, qint64 total);
    void finished(const SessionFetch::Result &result);

private:
    struct Page;
    struct PageParser;

    void requestPage(int index);
    void requestMore();
    void pageArrived(int index, const ClerkResult &result);
    bool applyReady();
    void end(ClerkResult outcome);
    void abandonRequests();
    int pageOffset(int index) const { return m_options.startOffset + index * m_options.pageSize; }

    QPointer<ClerkClient> m_client;
    QPointer<SessionTableModel> m_model;
    ClerkClient::SessionQuery m_query;
    Options m_options;
    std::unique_ptr<PageParser> m_parser;
    std::map<int, ClerkClient::RequestId> m_inFlight; // page index → request
    std::map<int, std::unique_ptr<Page>> m_buffered; // pages arrived before their turn
    int m_pageCount = -1; // pages the listing has, from total_count; -1 until known
    int m_nextRequest = 0; // next page index to request
    int m_nextApply = 0; // next page index to apply
    int m_applied = 0;
    int m_newRows = 0;
    int m_requests = 0;
    qint64 m_bytes = 0;
    qint64 m_total = -1;
    bool m_started = false;
    bool m_running = false;
    QElapsedTimer m_elapsed;
};

Q_DECLARE_METATYPE(SessionFetch::Result)

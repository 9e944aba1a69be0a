// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionfetch.h"

#include "sessionfilereader.h"
#include "sessiontablemodel.h"

#include <simdjson.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace ondemand = simdjson::ondemand;
using Status = ClerkResult::Status;

// One page of the listing, parsed and checked, waiting for its turn.
struct SessionFetch::Page
{
    std::vector<std::unique_ptr<SessionBatch>> batches;
    qint64 totalCount = 0;
    int records = 0;
    qint64 bytes = 0;
};

// Reads a page: the envelope {"data":[…],"total_count":N} with simdjson, the sessions in it with
// SessionFileReader (as for files). Reused from page to page, so its buffers are allocated once.
struct SessionFetch::PageParser
{
    explicit PageParser(int pageSize)
        : reader(
              [this](std::unique_ptr<SessionBatch> batch) { batches.push_back(std::move(batch)); },
              {}, nullptr, readerOptions(pageSize))
    { }

    // The page, or nullptr with *error saying what is wrong with it.
    std::unique_ptr<Page> parse(const QByteArray &bytes, int offset, QString *error);

    struct Envelope
    {
        qint64 totalCount = -1;
        qint64 dataCount = -1; // elements of "data", -1 when there is no such array
        QString error; // why this is not a page; empty when it is
    };
    Envelope envelope(const QByteArray &bytes);

    static SessionFileReader::Options readerOptions(int pageSize)
    {
        SessionFileReader::Options options;
        // One batch per page: the page is applied as a whole anyway.
        options.firstBatchRecords = options.batchRecords = std::size_t(std::max(pageSize, 1));
        options.flushIntervalMs = std::numeric_limits<int>::max();
        return options;
    }

    std::vector<std::unique_ptr<SessionBatch>> batches;
    SessionFileReader reader;
    ondemand::parser json;
};

namespace {

QString jsonTypeName(ondemand::json_type type)
{
    switch (type) {
    case ondemand::json_type::array:
        return QStringLiteral("an array");
    case ondemand::json_type::object:
        return QStringLiteral("an object");
    case ondemand::json_type::number:
        return QStringLiteral("a number");
    case ondemand::json_type::string:
        return QStringLiteral("a string");
    case ondemand::json_type::boolean:
        return QStringLiteral("a boolean");
    case ondemand::json_type::null:
        return QStringLiteral("null");
    }
    return QStringLiteral("something else");
}

} // namespace

SessionFetch::PageParser::Envelope SessionFetch::PageParser::envelope(const QByteArray &bytes)
{
    Envelope result;
    const QString shape = QStringLiteral("{\"data\":[…],\"total_count\":N}");
    const simdjson::padded_string padded(bytes.constData(), std::size_t(bytes.size()));
    ondemand::document document;
    ondemand::json_type type;
    if (json.iterate(padded).get(document) || document.type().get(type)) {
        result.error = QStringLiteral("the body is not JSON");
        return result;
    }
    ondemand::object object;
    if (type != ondemand::json_type::object || document.get_object().get(object)) {
        result.error =
            QStringLiteral("expected an object %1, found %2").arg(shape, jsonTypeName(type));
        return result;
    }
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key)) {
            result.error = QStringLiteral("the body is not JSON");
            return result;
        }
        if (key == "total_count") {
            std::int64_t count = 0;
            if (field.value().get_int64().get(count) || count < 0) {
                result.error = QStringLiteral("total_count is not a count");
                return result;
            }
            result.totalCount = count;
        } else if (key == "data") {
            ondemand::array array;
            std::size_t count = 0;
            if (field.value().get_array().get(array) || array.count_elements().get(count)) {
                result.error = QStringLiteral("\"data\" is not an array");
                return result;
            }
            result.dataCount = qint64(count);
        }
    }
    if (result.dataCount < 0)
        result.error = QStringLiteral("expected an object %1, found no \"data\" array").arg(shape);
    else if (result.totalCount < 0)
        result.error = QStringLiteral("expected an object %1, found no total_count").arg(shape);
    return result;
}

std::unique_ptr<SessionFetch::Page> SessionFetch::PageParser::parse(const QByteArray &bytes,
                                                                    int offset, QString *error)
{
    batches.clear();
    const QString name = QStringLiteral("the page at offset %1").arg(offset);
    const Envelope shape = envelope(bytes);
    FileReport report;
    if (shape.dataCount != 0)
        report = reader.readBytes(bytes, name);
    // The reader's messages are the precise ones (line and column); the envelope's say what is
    // missing from valid JSON.
    if (report.failed()) {
        *error = report.errorLine > 0 ? QStringLiteral("%1, line %2, column %3: %4")
                                            .arg(name)
                                            .arg(report.errorLine)
                                            .arg(report.errorColumn)
                                            .arg(report.error)
                                      : QStringLiteral("%1: %2").arg(name, report.error);
        return {};
    }
    if (!shape.error.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(name, shape.error);
        return {};
    }
    if (report.skipped > 0) {
        const RecordError &first = report.errors.value(0);
        *error = QStringLiteral("%1: %2 of its sessions could not be read; the first, record %3: "
                                "%4: %5")
                     .arg(name)
                     .arg(report.skipped)
                     .arg(first.record)
                     .arg(first.field, first.message);
        return {};
    }
    if (report.sessions != shape.dataCount) {
        *error = QStringLiteral("%1: %2 sessions read of the %3 listed")
                     .arg(name)
                     .arg(report.sessions)
                     .arg(shape.dataCount);
        return {};
    }
    auto page = std::make_unique<Page>();
    page->batches = std::move(batches);
    batches.clear();
    page->totalCount = shape.totalCount;
    page->records = int(report.sessions);
    page->bytes = bytes.size();
    return page;
}

// --- SessionFetch ---------------------------------------------------------------------------

QString SessionFetch::Result::message(const QLocale &locale) const
{
    if (complete())
        return {};
    if (sessions == 0 && totalCount < 0)
        return outcome.message();
    return QStringLiteral("%1 sessions loaded, then: %2")
        .arg(progressText(sessions, totalCount, locale), outcome.message());
}

LoadResult SessionFetch::Result::toLoadResult(const QString &source) const
{
    FileReport report;
    report.path = source;
    report.shape = QStringLiteral("api");
    report.casing = QStringLiteral("snake_case");
    report.bytes = bytes;
    report.sessions = sessions;
    report.cancelled = cancelled();
    if (!complete() && !cancelled())
        report.error = message();
    LoadResult load;
    load.files = {report};
    load.elapsedMs = elapsedMs;
    load.bytes = bytes;
    load.newSessions = newRows;
    load.cancelled = cancelled();
    return load;
}

SessionFetch::SessionFetch(ClerkClient *client, SessionTableModel *model,
                           const ClerkClient::SessionQuery &query, QObject *parent)
    : SessionFetch(client, model, query, Options(), parent)
{ }

SessionFetch::SessionFetch(ClerkClient *client, SessionTableModel *model,
                           const ClerkClient::SessionQuery &query, const Options &options,
                           QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_model(model)
    , m_query(query)
    , m_options(options)
{
    m_options.pageSize = std::clamp(m_options.pageSize, 1, ClerkClient::MaxPageSize);
    m_options.maxConcurrent = std::max(m_options.maxConcurrent, 1);
    m_options.maxAhead = std::max(m_options.maxAhead, 1);
    m_options.startOffset = std::max(m_options.startOffset, 0);
    m_parser = std::make_unique<PageParser>(m_options.pageSize);
    if (model) {
        // A table closed mid-fetch: nothing left to fill.
        connect(model, &QObject::destroyed, this, [this] {
            if (m_running)
                end(ClerkResult::failure(Status::Cancelled,
                                         QStringLiteral("the table was closed")));
        });
    }
}

SessionFetch::~SessionFetch()
{
    abandonRequests();
}

bool SessionFetch::start()
{
    if (m_started)
        return false;
    m_started = m_running = true;
    m_elapsed.start();
    if (!m_client || !m_model) {
        // Still asynchronous, as every other outcome is.
        QMetaObject::invokeMethod(
            this,
            [this] {
                end(ClerkResult::failure(Status::InvalidRequest,
                                         QStringLiteral("no client or no table to fetch into")));
            },
            Qt::QueuedConnection);
        return true;
    }
    requestPage(m_nextRequest++);
    return true;
}

void SessionFetch::cancel()
{
    if (m_running)
        end(ClerkResult::failure(Status::Cancelled, {}));
}

QString SessionFetch::progressText(const QLocale &locale) const
{
    return progressText(m_applied, m_total, locale);
}

QString SessionFetch::progressText(qint64 received, qint64 total, const QLocale &locale)
{
    if (total < 0)
        return locale.toString(received);
    return QStringLiteral("%1 of %2").arg(locale.toString(received), locale.toString(total));
}

void SessionFetch::requestPage(int index)
{
    const ClerkClient::RequestId id = m_client->listSessionsPage(
        m_query, m_options.pageSize, pageOffset(index), this,
        [this, index](const ClerkResult &result) { pageArrived(index, result); });
    m_inFlight[index] = id;
}

void SessionFetch::requestMore()
{
    if (!m_running || m_pageCount < 0 || !m_client)
        return;
    while (int(m_inFlight.size()) < m_options.maxConcurrent && m_nextRequest < m_pageCount &&
           m_nextRequest < m_nextApply + m_options.maxAhead)
        requestPage(m_nextRequest++);
}

void SessionFetch::pageArrived(int index, const ClerkResult &result)
{
    m_inFlight.erase(index);
    m_requests += result.attempts;
    if (!m_running)
        return;
    if (!result.ok()) {
        end(result);
        return;
    }
    QString error;
    std::unique_ptr<Page> page = m_parser->parse(result.payload, pageOffset(index), &error);
    if (!page) {
        ClerkResult bad = result;
        bad.status = Status::BadResponse;
        bad.detail = error;
        end(bad);
        return;
    }

    // The listing's size. Sessions created while paging raise it (and push the others down a
    // place: the model merges the session seen twice); the page count never shrinks, so a
    // page past a shrunken end merely comes back empty.
    m_total = std::max(m_total, page->totalCount);
    const qint64 remaining = std::max<qint64>(m_total - m_options.startOffset, 0);
    const int pages =
        int(std::max<qint64>(1, (remaining + m_options.pageSize - 1) / m_options.pageSize));
    if (m_pageCount < 0 && m_model && page->records > 0 && remaining > page->records) {
        const double perSession = double(page->bytes) / page->records;
        m_model->reserveFor(m_model->store().size(), qint64(perSession * double(remaining)),
                            perSession);
    }
    m_pageCount = std::max(m_pageCount, pages);
    m_buffered[index] = std::move(page);

    if (!applyReady())
        return; // ended (or cancelled from a progress slot)
    if (m_nextApply >= m_pageCount && m_inFlight.empty()) {
        end({});
        return;
    }
    requestMore();
}

// Applies the buffered pages that are next in line. False when the fetch ended meanwhile.
bool SessionFetch::applyReady()
{
    while (m_running && !m_buffered.empty() && m_buffered.begin()->first == m_nextApply) {
        if (!m_model) {
            end(ClerkResult::failure(Status::Cancelled, QStringLiteral("the table was closed")));
            return false;
        }
        const std::unique_ptr<Page> page = std::move(m_buffered.begin()->second);
        m_buffered.erase(m_buffered.begin());
        for (const std::unique_ptr<SessionBatch> &batch : page->batches)
            m_newRows += m_model->stage(*batch).newRows;
        m_model->publish();
        m_applied += page->records;
        m_bytes += page->bytes;
        ++m_nextApply;
        emit progress(m_applied, m_total);
    }
    return m_running;
}

void SessionFetch::end(ClerkResult outcome)
{
    if (!m_running)
        return;
    m_running = false;
    abandonRequests();
    m_buffered.clear();

    Result result;
    result.outcome = std::move(outcome);
    result.totalCount = m_total;
    result.sessions = m_applied;
    result.newRows = m_newRows;
    result.pages = m_nextApply;
    result.nextOffset = pageOffset(m_nextApply);
    if (result.complete())
        result.nextOffset = int(std::max<qint64>(m_total, m_options.startOffset + m_applied));
    result.requests = m_requests;
    result.bytes = m_bytes;
    result.elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    // Last: a slot may delete this object.
    emit finished(result);
}

void SessionFetch::abandonRequests()
{
    const std::map<int, ClerkClient::RequestId> inFlight = std::move(m_inFlight);
    m_inFlight.clear();
    if (!m_client)
        return;
    for (const auto &[index, id] : inFlight)
        m_client->cancel(id);
}

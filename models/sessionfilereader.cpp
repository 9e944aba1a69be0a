// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionfilereader.h"

#include "jsonscanner.h"
#include "mappedfile.h"
#include "sessionrecordparser.h"

#include <simdjson.h>

#include <QStringList>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <utility>
#include <vector>

// How reading works. JsonScanner walks the text (validating all of it) and finds each record:
// every element of a streamed array (a bare array, an envelope's "data", a client's "sessions")
// and every other top-level value (one session, one event, NDJSON lines). Records are copied into
// a reused buffer as "[r,r,…]" until it holds ~1 MB; simdjson's On-Demand parser (also reused)
// then parses that chunk and SessionRecordParser turns each record into a batch row. Only the
// chunk is ever indexed, so memory stays flat however big the file is, and the mapped pages
// already parsed are handed back to the kernel as reading goes on.
//
// A string that is not UTF-8 (a Latin-1 city) leaves the structure intact: the scanner goes on,
// and only the record holding it is reported, never copied into a chunk, where simdjson would
// reject the whole chunk. A file truncated while it is mapped reads as zeros past its new end
// (see MappedFile): reading stops there with "the file shrank while it was being read".

namespace ondemand = simdjson::ondemand;
using Kind = JsonScanner::Kind;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t ChunkBytes = 1 << 20;
constexpr std::size_t MaxRecordBytes = 64 << 20; // no session comes near; beyond is not one
constexpr std::size_t BinaryWindow = 8192; // bytes looked at to tell text from binary data
constexpr std::size_t ReleaseStep = 16 << 20; // hand parsed pages back every 16 MB
constexpr std::size_t PrefaultStep = 4 << 20; // map pages ahead of the scanner 4 MB at a time
constexpr std::size_t PrefetchDistance = 4096; // bytes of cache lines ahead of it
constexpr int ParserMaxDepth = JsonScanner::DefaultMaxDepth + 8; // the scanner limits first

constexpr std::string_view Utf8Bom = "\xEF\xBB\xBF";

QString kindPlural(Kind kind, qint64 count)
{
    const QString name = QLatin1StringView(JsonScanner::kindName(kind));
    return count == 1 ? name : name + QLatin1Char('s');
}

QString withArticle(Kind kind)
{
    switch (kind) {
    case Kind::Null:
        return QStringLiteral("null");
    case Kind::Array:
    case Kind::Object:
        return QStringLiteral("an %1").arg(QLatin1StringView(JsonScanner::kindName(kind)));
    default:
        return QStringLiteral("a %1").arg(QLatin1StringView(JsonScanner::kindName(kind)));
    }
}

// Counts what a run of values held, to say what a file without sessions contained.
struct KindTally
{
    qint64 count = 0;
    unsigned kinds = 0;
    Kind first = Kind::Null;

    void add(Kind kind)
    {
        if (!count)
            first = kind;
        ++count;
        kinds |= 1u << unsigned(kind);
    }
    // "3 strings", "1 number" or "other values".
    QString describe() const
    {
        if (kinds == (1u << unsigned(first)))
            return QStringLiteral("%1 %2").arg(count).arg(kindPlural(first, count));
        return QStringLiteral("other values");
    }
};

} // namespace

struct SessionFileReader::Private
{
    // A record on its way to simdjson: where it came from and where it sits in the chunk, or
    // (error >= 0) a record already known to be bad, kept in line so errors stay in file order.
    struct Pending
    {
        std::size_t source = 0;
        std::size_t chunkOffset = 0;
        std::size_t length = 0;
        qint64 index = 0;
        int error = -1; // index into pendingErrors
    };
    struct PendingError
    {
        std::size_t offset;
        QString field;
        QString message;
    };
    // What the top level of the document held.
    enum class TopShape { None, Array, Data, Sessions, Record, Other };

    BatchHandler onBatch;
    ProgressHandler onProgress;
    const std::atomic_bool *cancel = nullptr;
    Options options;

    ondemand::parser parser;
    std::unique_ptr<char[]> chunk;
    std::size_t chunkCapacity = 0; // bytes usable before the padding
    std::size_t chunkUsed = 0;
    std::size_t chunkRecords = 0; // records copied into the chunk
    std::vector<Pending> pending;
    std::vector<PendingError> pendingErrors;

    // Per read.
    FileReport *report = nullptr;
    std::string_view text;
    MappedFile *mapped = nullptr;
    JsonScanner::PositionCache positions;
    std::unique_ptr<SessionBatch> batch;
    Clock::time_point lastHandOff;
    qint64 nextIndex = 0;
    qint64 objectRecords = 0; // records that were objects (so could have been sessions)
    qint64 syntaxSkipped = 0;
    qint64 sessionRecords = 0;
    qint64 eventRecords = 0;
    qint64 snakeRecords = 0;
    qint64 camelRecords = 0;
    qint64 topCount = 0;
    bool lineMode = false; // NDJSON: a syntax error skips one record instead of ending the read
    bool stopped = false;
    std::size_t released = 0;
    std::size_t prefaulted = 0;
    std::size_t prefetched = 0;
    std::size_t consumed = 0;
    TopShape topShape = TopShape::None;
    bool totalCountCamel = false;
    KindTally topArray; // the last streamed array's elements
    KindTally topValues;
    // The first top-level value when it is not clearly a session: if the file holds nothing
    // else, it is described in the "no sessions" message; if more values follow, it is a record.
    struct Deferred
    {
        bool valid = false;
        JsonScanner::Span span;
        qint64 index = 0;
        QStringList keys;
        bool moreKeys = false;
        std::size_t invalidUtf8 = std::string_view::npos; // see JsonScanner::invalidUtf8()
    } deferred;

    void reset(FileReport *r, std::string_view t, MappedFile *m);
    void read();
    bool checkEncoding();
    bool skipSeparators(JsonScanner &scanner);
    bool topValue(JsonScanner &scanner, std::size_t start);
    bool topObject(JsonScanner &scanner, std::size_t start);
    bool streamArray(JsonScanner &scanner, int depth);
    bool recover(JsonScanner &scanner, std::size_t start);
    bool looksLikeNdjson(std::size_t start) const;
    void finish();
    QString describeNoSessions() const;

    void queue(const JsonScanner::Span &span, qint64 index,
               std::size_t invalidUtf8 = std::string_view::npos);
    void readAhead(std::size_t offset);
    void queueError(std::size_t offset, const QString &message, qint64 index,
                    const QString &field = {});
    void parseChunk();
    bool addPendingError(const Pending &record);
    void parseRecord(ondemand::value value, const Pending &record);
    void parseAlone(const Pending &record);
    void recordError(const Pending &record, const QString &field, const QString &message,
                     const char *where);
    void addError(qint64 index, std::size_t offset, const QString &field, const QString &message);
    void handOff();
    bool cancelled();
    JsonScanner::Position position(std::size_t offset);
    void setFileError(const QString &message, std::size_t offset);
    bool fileLost(bool askSize);
};

SessionFileReader::SessionFileReader(BatchHandler onBatch, ProgressHandler onProgress,
                                     const std::atomic_bool *cancel)
    : SessionFileReader(std::move(onBatch), std::move(onProgress), cancel, Options())
{ }

SessionFileReader::SessionFileReader(BatchHandler onBatch, ProgressHandler onProgress,
                                     const std::atomic_bool *cancel, Options options)
    : d(std::make_unique<Private>())
{
    d->onBatch = std::move(onBatch);
    d->onProgress = std::move(onProgress);
    d->cancel = cancel;
    d->options = options;
    d->options.firstBatchRecords = std::max<std::size_t>(d->options.firstBatchRecords, 1);
    d->options.batchRecords = std::max<std::size_t>(d->options.batchRecords, 1);
}

SessionFileReader::~SessionFileReader() = default;

FileReport SessionFileReader::readFile(const QString &path)
{
    FileReport report;
    report.path = path;
    MappedFile file(simdjson::SIMDJSON_PADDING);
    if (!file.open(path)) {
        report.error = file.error();
        return report;
    }
    d->reset(&report, {file.data(), file.size()}, &file);
    d->read();
    d->reset(nullptr, {}, nullptr);
    return report;
}

FileReport SessionFileReader::readBytes(QByteArrayView bytes, const QString &name)
{
    // simdjson only ever parses the reader's own padded chunk buffer, never the input itself,
    // so the bytes are read where they are, without a padded copy.
    FileReport report;
    report.path = name;
    d->reset(&report, {bytes.data(), std::size_t(bytes.size())}, nullptr);
    d->read();
    d->reset(nullptr, {}, nullptr);
    return report;
}

void SessionFileReader::Private::reset(FileReport *r, std::string_view t, MappedFile *m)
{
    report = r;
    text = t;
    mapped = m;
    positions = {};
    batch.reset();
    pending.clear();
    pendingErrors.clear();
    chunkUsed = 0;
    chunkRecords = 0;
    nextIndex = objectRecords = syntaxSkipped = sessionRecords = eventRecords = 0;
    snakeRecords = camelRecords = topCount = 0;
    lineMode = stopped = false;
    released = prefaulted = prefetched = consumed = 0;
    topShape = TopShape::None;
    totalCountCamel = false;
    topArray = topValues = {};
    deferred = {};
}

// --- the document ---------------------------------------------------------------------------

void SessionFileReader::Private::read()
{
    report->bytes = qint64(text.size());
    if (text.empty()) {
        report->error = QStringLiteral("the file is empty");
        return;
    }
    if (!checkEncoding())
        return;
    JsonScanner scanner(text);
    // A Latin-1 byte in a string skips its record, not the rest of the file.
    scanner.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
    if (!skipSeparators(scanner)) {
        report->error = QStringLiteral("the file holds only white space");
        return;
    }
    batch = std::make_unique<SessionBatch>();
    lastHandOff = Clock::now();
    while (!stopped && skipSeparators(scanner)) {
        const std::size_t start = scanner.offset();
        if (++topCount == 2 && topShape != TopShape::Array && topShape != TopShape::Data &&
            topShape != TopShape::Sessions) {
            // A second value after a record: this is NDJSON (or concatenated values).
            lineMode = true;
            if (deferred.valid) {
                deferred.valid = false;
                if (deferred.span.kind == Kind::Object)
                    ++objectRecords;
                queue(deferred.span, deferred.index, deferred.invalidUtf8);
            }
        }
        if (!topValue(scanner, start) && !stopped && scanner.failed() && !recover(scanner, start))
            break;
    }
    finish();
}

// BOMs, UTF-16/32 and binary data, told apart from the first bytes.
bool SessionFileReader::Private::checkEncoding()
{
    const auto byte = [this](std::size_t i) {
        return i < text.size() ? static_cast<unsigned char>(text[i]) : 0x100u;
    };
    if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0xFE && byte(3) == 0xFF) {
        report->error = QStringLiteral("UTF-32 text is not supported: save the file as UTF-8");
        return false;
    }
    if (byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0 && byte(3) == 0) {
        report->error = QStringLiteral("UTF-32 text is not supported: save the file as UTF-8");
        return false;
    }
    // With a BOM, or without one: ASCII text in UTF-16 has every other byte zero.
    if ((byte(0) == 0xFE && byte(1) == 0xFF) || (byte(0) == 0xFF && byte(1) == 0xFE) ||
        (text.size() >= 4 && byte(0) && !byte(1) && byte(2) && !byte(3) && byte(0) < 0x80) ||
        (text.size() >= 4 && !byte(0) && byte(1) && !byte(2) && byte(3) && byte(1) < 0x80)) {
        report->error = QStringLiteral("UTF-16 text is not supported: save the file as UTF-8");
        return false;
    }
    const std::size_t from = text.starts_with(Utf8Bom) ? Utf8Bom.size() : 0;
    const std::string_view window = text.substr(from, BinaryWindow);
    std::size_t bad = window.find('\0');
    // Invalid UTF-8 right at the start means binary; further into a file that starts like JSON
    // it is more likely a Latin-1 city name, reported with its line and column.
    const std::size_t first = window.find_first_not_of(" \t\r\n");
    const bool jsonStart = first != std::string_view::npos &&
        std::string_view("{[\"-0123456789tfn").find(window[first]) != std::string_view::npos;
    if (!jsonStart)
        bad =
            std::min(bad, JsonScanner::findInvalidUtf8(window, window.size() < text.size() - from));
    if (bad != std::string_view::npos) {
        report->error = QStringLiteral("not a text file: binary data at byte %1").arg(from + bad);
        return false;
    }
    return true;
}

// White space and byte order marks between top-level values (NDJSON lines may each start
// with a BOM when they were appended by tools that write one). False at the end.
bool SessionFileReader::Private::skipSeparators(JsonScanner &scanner)
{
    while (scanner.skipWhitespace()) {
        if (scanner.peek() != Utf8Bom[0] || !text.substr(scanner.offset()).starts_with(Utf8Bom))
            return true;
        scanner.seek(scanner.offset() + Utf8Bom.size());
    }
    return false;
}

bool SessionFileReader::Private::topValue(JsonScanner &scanner, std::size_t start)
{
    const char first = scanner.peek();
    if (first == '[') {
        if (topCount == 1)
            topShape = TopShape::Array;
        topValues.add(Kind::Array);
        return streamArray(scanner, 0);
    }
    if (first == '{')
        return topObject(scanner, start);
    JsonScanner::Span span;
    scanner.clearInvalidUtf8();
    if (!scanner.scanValue(&span, 0))
        return false;
    topValues.add(span.kind);
    if (topCount == 1 && !lineMode) {
        topShape = TopShape::Other;
        deferred = {true, span, nextIndex++, {}, false, scanner.invalidUtf8()};
    } else {
        queue(span, nextIndex++, scanner.invalidUtf8());
    }
    return true;
}

// A top-level object: an envelope or a client (whose array is streamed as it is met), or a
// record (a session or an event) parsed whole.
bool SessionFileReader::Private::topObject(JsonScanner &scanner, std::size_t start)
{
    JsonScanner::Container object;
    if (!scanner.enter(&object))
        return false;
    scanner.clearInvalidUtf8(); // for the object as a record (a streamed array clears it again)
    topValues.add(Kind::Object);
    QStringList keys;
    bool moreKeys = false;
    std::string_view objectType;
    bool hasObjectKey = false;
    bool sessionKeys = false;
    bool streamed = false;
    const bool classify = topCount == 1 && !lineMode;
    for (;;) {
        std::string_view key;
        const JsonScanner::Step step = scanner.next(object, &key);
        if (step == JsonScanner::Step::Failed)
            return false;
        if (step == JsonScanner::Step::End)
            break;
        if (!streamed && scanner.peek() == '[' && (key == "data" || key == "sessions")) {
            // {"data":[…],"total_count":N}, {"object":"client",…,"sessions":[…]}, or the JS SDK's
            // Client.toJSON() {"id":…,"sessionIds":[…],"sessions":[…camelCase…],…}
            streamed = true;
            if (topCount == 1)
                topShape = key == "data" ? TopShape::Data : TopShape::Sessions;
            if (!streamArray(scanner, object.depth) || stopped)
                return false;
            continue;
        }
        JsonScanner::Span span;
        if (!scanner.scanValue(&span, object.depth))
            return false;
        if (!classify)
            continue; // NDJSON lines: every object is a record, no need to look at its keys
        if (keys.size() < 5)
            keys.append(
                QString::fromUtf8(key.data(), qsizetype(std::min<std::size_t>(key.size(), 40))));
        else
            moreKeys = true;
        const std::string_view value = text.substr(span.begin, span.size());
        if (key == "object") {
            hasObjectKey = true;
            if (span.kind == Kind::String)
                objectType = value.substr(1, value.size() - 2);
        } else if (key == "totalCount") {
            totalCountCamel = true;
        } else if (key == "user_id" || key == "userId" || key == "client_id" || key == "clientId" ||
                   key == "last_active_at" || key == "lastActiveAt" || key == "expire_at" ||
                   key == "expireAt" || (key == "id" && value.starts_with("\"sess_"))) {
            sessionKeys = true;
        }
    }
    if (streamed)
        return true;
    const JsonScanner::Span span{start, scanner.offset(), Kind::Object};
    const bool record =
        objectType == "session" || objectType == "event" || (!hasObjectKey && sessionKeys);
    if (topCount == 1 && !lineMode && !record) {
        topShape = TopShape::Other;
        deferred = {true, span, nextIndex++, keys, moreKeys, scanner.invalidUtf8()};
        return true;
    }
    if (topCount == 1)
        topShape = TopShape::Record;
    ++objectRecords;
    queue(span, nextIndex++, scanner.invalidUtf8());
    return true;
}

// Streams the elements of the array at the scanner's offset as records.
bool SessionFileReader::Private::streamArray(JsonScanner &scanner, int depth)
{
    JsonScanner::Container array;
    if (!scanner.enter(&array, depth))
        return false;
    topArray = {};
    for (;;) {
        const JsonScanner::Step step = scanner.next(array);
        if (step == JsonScanner::Step::Failed)
            return false;
        if (step == JsonScanner::Step::End)
            return true;
        JsonScanner::Span span;
        scanner.clearInvalidUtf8();
        if (!scanner.scanValue(&span, array.depth))
            return false;
        topArray.add(span.kind);
        if (span.kind == Kind::Object)
            ++objectRecords;
        queue(span, nextIndex++, scanner.invalidUtf8());
        if (stopped)
            return false;
    }
}

// After a syntax error: in NDJSON the broken line is one skipped record and reading goes on at
// the next line; in one document, reading stops there (the records before it stay loaded).
bool SessionFileReader::Private::recover(JsonScanner &scanner, std::size_t start)
{
    if (fileLost(true))
        return false; // the error is in the zeros that stand for what was lost
    JsonScanner::Error error = scanner.error();
    if (!lineMode && topCount == 1 && looksLikeNdjson(start))
        lineMode = true;
    if (!lineMode) {
        if (topCount > 1 && error.offset == start)
            --topCount; // junk after the document, not a second value
        parseChunk();
        if (!stopped)
            handOff();
        setFileError(error.message, error.offset);
        stopped = true;
        return false;
    }
    const auto lineEndAt = [this](std::size_t offset) {
        const std::size_t end = text.find('\n', offset);
        return end == std::string_view::npos ? text.size() : end;
    };
    const std::size_t startLineEnd = lineEndAt(start);
    std::string_view startLine = text.substr(start, startLineEnd - start);
    while (!startLine.empty() && JsonScanner::isWhitespace(startLine.back()))
        startLine.remove_suffix(1);
    std::size_t resume;
    if (startLine.size() > 1) {
        // One value per line: an error found on a later line means this line ended too soon
        // (reported where its text ends, before any CR).
        if (error.offset > startLineEnd) {
            JsonScanner line(text.substr(0, start + startLine.size()));
            line.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
            line.seek(start);
            if (!line.scanValue(nullptr, 0)) {
                error = line.error();
                error.message.replace(QStringLiteral("unexpected end of file"),
                                      QStringLiteral("unexpected end of line"));
            }
        }
        resume = startLineEnd;
    } else {
        resume = lineEndAt(error.offset); // a value spread over lines, as pretty printers do
    }
    queueError(error.offset, error.message, nextIndex++);
    ++syntaxSkipped;
    // Go on at the next line that starts a value; lines in between belong to the broken one.
    while (resume < text.size()) {
        std::size_t p = resume + 1;
        if (text.substr(p).starts_with(Utf8Bom))
            p += Utf8Bom.size();
        while (p < text.size() && (text[p] == ' ' || text[p] == '\t'))
            ++p;
        if (p >= text.size() || text[p] == '{' || text[p] == '[' || text[p] == '\n' ||
            text[p] == '\r')
            break;
        resume = lineEndAt(p);
    }
    scanner.seek(std::min(resume, text.size()));
    return true;
}

// Whether a first value that failed is an NDJSON line: it starts a line holding more than a
// bracket, and one of the next few lines is a complete value all by itself.
bool SessionFileReader::Private::looksLikeNdjson(std::size_t start) const
{
    std::size_t lineEnd = text.find('\n', start);
    if (lineEnd == std::string_view::npos)
        return false;
    const std::string_view first = text.substr(start, lineEnd - start);
    if (first.find_last_not_of(" \t\r") == 0)
        return false;
    for (int tried = 0; tried < 3 && lineEnd < text.size(); ++tried) {
        const std::size_t begin = lineEnd + 1;
        lineEnd = std::min(text.find('\n', begin), text.size());
        JsonScanner line(text.substr(0, lineEnd));
        line.setUtf8Policy(JsonScanner::Utf8Policy::Tolerant);
        line.seek(begin);
        if (text.substr(begin).starts_with(Utf8Bom))
            line.seek(begin + Utf8Bom.size());
        if (!line.skipWhitespace()) {
            --tried; // blank lines do not count
            continue;
        }
        if (line.peek() == '{' && line.scanValue(nullptr, 0) && !line.skipWhitespace())
            return true;
    }
    return false;
}

void SessionFileReader::Private::finish()
{
    if (!stopped && !fileLost(true)) {
        parseChunk();
        if (!stopped)
            handOff();
    }
    if (report->cancelled)
        return;
    if (onProgress)
        onProgress(qint64(text.size()));

    const bool eventsOnly = eventRecords > 0 && sessionRecords == 0;
    if (topCount > 1) {
        report->shape = eventsOnly ? QStringLiteral("ndjson-events") : QStringLiteral("ndjson");
    } else {
        switch (topShape) {
        case TopShape::Array:
            report->shape = eventsOnly ? QStringLiteral("events") : QStringLiteral("array");
            break;
        case TopShape::Data:
            report->shape =
                totalCountCamel ? QStringLiteral("sdk-paginated") : QStringLiteral("paginated");
            break;
        case TopShape::Sessions:
            report->shape = QStringLiteral("client");
            break;
        case TopShape::Record:
            report->shape = eventsOnly ? QStringLiteral("event") : QStringLiteral("session");
            break;
        case TopShape::None:
        case TopShape::Other:
            break;
        }
    }
    if (snakeRecords && camelRecords)
        report->casing = QStringLiteral("mixed");
    else if (snakeRecords)
        report->casing = QStringLiteral("snake_case");
    else if (camelRecords)
        report->casing = QStringLiteral("camelCase");

    // Valid JSON without a single object that could have been a session: say what it was,
    // rather than listing every value as a skipped record.
    if (report->failed() || report->sessions > 0)
        return;
    if (deferred.valid && deferred.invalidUtf8 != std::string_view::npos) {
        // Not a record, so there is none to skip: the bad byte is what the file holds.
        setFileError(
            JsonScanner::invalidUtf8Message(static_cast<unsigned char>(text[deferred.invalidUtf8])),
            deferred.invalidUtf8);
        return;
    }
    if (deferred.valid || (objectRecords == 0 && syntaxSkipped == 0)) {
        report->error =
            QStringLiteral("valid JSON, but it holds no sessions: %1").arg(describeNoSessions());
        report->skipped = 0;
        report->errors.clear();
    }
}

QString SessionFileReader::Private::describeNoSessions() const
{
    if (deferred.valid) {
        if (deferred.span.kind != Kind::Object)
            return withArticle(deferred.span.kind);
        if (deferred.keys.isEmpty())
            return QStringLiteral("an empty object");
        QStringList quoted;
        for (const QString &key : deferred.keys)
            quoted.append(QLatin1Char('"') + key + QLatin1Char('"'));
        return QStringLiteral("an object with keys %1%2")
            .arg(quoted.join(QStringLiteral(", ")),
                 deferred.moreKeys ? QStringLiteral(", …") : QString());
    }
    if (topCount > 1)
        return QStringLiteral("a sequence of %1").arg(topValues.describe());
    const QString array = topShape == TopShape::Data ? QStringLiteral("\"data\" array")
        : topShape == TopShape::Sessions             ? QStringLiteral("\"sessions\" array")
                                                     : QStringLiteral("array");
    if (topArray.count == 0)
        return QStringLiteral("an empty %1").arg(array);
    return QStringLiteral("%1 %2 of %3")
        .arg(topShape == TopShape::Array ? QStringLiteral("an") : QStringLiteral("a"), array,
             topArray.describe());
}

// --- records --------------------------------------------------------------------------------

// `invalidUtf8`: where the scanner met the record's first invalid UTF-8 byte, if it did.
void SessionFileReader::Private::queue(const JsonScanner::Span &span, qint64 index,
                                       std::size_t invalidUtf8)
{
    if (span.kind == Kind::Object && invalidUtf8 != std::string_view::npos) {
        // simdjson would reject the whole chunk: the record is reported (with the field that
        // holds the byte) and the records around it read on.
        queueError(invalidUtf8,
                   JsonScanner::invalidUtf8Message(static_cast<unsigned char>(text[invalidUtf8])),
                   index, JsonScanner::pathAt(text, span.begin, invalidUtf8));
        return;
    }
    if (span.kind != Kind::Object) {
        // Not a session whatever it holds: no need to bother simdjson with it.
        const std::string_view value = text.substr(span.begin, span.size());
        const bool integer =
            span.kind == Kind::Number && value.find_first_of(".eE") == std::string_view::npos;
        queueError(span.begin,
                   QStringLiteral("expected object, found %1")
                       .arg(integer ? QStringLiteral("integer")
                                    : QLatin1StringView(JsonScanner::kindName(span.kind))),
                   index);
        return;
    }
    if (span.size() > MaxRecordBytes) {
        queueError(span.begin, QStringLiteral("record too large: %1 MB").arg(span.size() >> 20),
                   index);
        return;
    }
    if (chunkRecords > 0 && chunkUsed + span.size() + 2 > chunkCapacity) {
        parseChunk();
        if (stopped)
            return;
    }
    if (!chunk || span.size() + 2 > chunkCapacity) {
        // ~1 MB, less for a small input (a network reply needs no megabyte), more for a record
        // bigger than that.
        chunkCapacity = std::max(span.size() + 2, std::min(ChunkBytes, text.size() + 2));
        chunk.reset(new char[chunkCapacity + simdjson::SIMDJSON_PADDING]);
        std::memset(chunk.get(), 0, chunkCapacity + simdjson::SIMDJSON_PADDING);
        chunkUsed = 0; // nothing is pending in a chunk when it grows (see above)
    }
    readAhead(span.end);
    chunk[chunkUsed++] = chunkRecords == 0 ? '[' : ',';
    std::memcpy(chunk.get() + chunkUsed, text.data() + span.begin, span.size());
    pending.push_back({span.begin, chunkUsed, span.size(), index, -1});
    chunkUsed += span.size();
    ++chunkRecords;
    consumed = span.end;
    fileLost(false); // the copy may hold zeros for pages lost since the record was scanned
}

// Keeps the input flowing ahead of the scanner: pages are mapped a few MB ahead (one call instead
// of a fault every few pages), and cache lines are prefetched a little ahead, because hardware
// prefetchers stop at every page boundary (+50% on a 700 MB file here).
void SessionFileReader::Private::readAhead(std::size_t offset)
{
    if (mapped && offset + PrefaultStep > prefaulted) {
        mapped->prefault(prefaulted, offset + 2 * PrefaultStep - prefaulted);
        prefaulted = offset + 2 * PrefaultStep;
    }
    const std::size_t until = std::min(offset + PrefetchDistance, text.size());
    for (prefetched = std::max(prefetched, offset); prefetched < until; prefetched += 64)
        __builtin_prefetch(text.data() + prefetched);
}

void SessionFileReader::Private::queueError(std::size_t offset, const QString &message,
                                            qint64 index, const QString &field)
{
    pending.push_back({offset, 0, 0, index, int(pendingErrors.size())});
    pendingErrors.push_back({offset, field, message});
    consumed = std::max(consumed, offset);
    if (pending.size() >= 65536)
        parseChunk(); // a long run of bad values must not pile up either
}

void SessionFileReader::Private::parseChunk()
{
    if (pending.empty())
        return;
    std::size_t next = 0; // pending records handled so far
    if (chunkRecords > 0) {
        chunk[chunkUsed] = ']';
        ondemand::document document;
        ondemand::array array;
        ondemand::array_iterator it;
        bool ok = (parser.max_depth() == ParserMaxDepth ||
                   !parser.allocate(std::max(chunkCapacity, parser.capacity()), ParserMaxDepth)) &&
            !parser.iterate(chunk.get(), chunkUsed + 1, chunkCapacity + simdjson::SIMDJSON_PADDING)
                 .get(document) &&
            !document.get_array().get(array) && !array.begin().get(it);
        for (; ok && next < pending.size() && !stopped; ++next) {
            const Pending &record = pending[next];
            if (addPendingError(record))
                continue; // not in the chunk
            ondemand::value value;
            if ((*it).get(value)) {
                ok = false; // simdjson lost its way: parse the rest one by one
                break;
            }
            parseRecord(value, record);
            ++it;
            if ((next & 4095) == 4095)
                cancelled();
        }
    }
    for (; next < pending.size() && !stopped; ++next) {
        if (!addPendingError(pending[next]))
            parseAlone(pending[next]);
    }
    pending.clear();
    pendingErrors.clear();
    chunkUsed = 0;
    chunkRecords = 0;
    if (stopped)
        return;
    if (onProgress)
        onProgress(qint64(consumed));
    if (batch && !batch->empty() &&
        Clock::now() - lastHandOff >= std::chrono::milliseconds(options.flushIntervalMs))
        handOff();
    // The parsed pages of a mapped file are not needed any more (keep a deferred first value).
    const std::size_t keep = deferred.valid ? std::min(consumed, deferred.span.begin) : consumed;
    if (mapped && keep >= released + ReleaseStep) {
        mapped->releaseBefore(keep);
        released = keep;
    }
    cancelled();
}

// Reports a record queued as already bad (false for one waiting in the chunk).
bool SessionFileReader::Private::addPendingError(const Pending &record)
{
    if (record.error < 0)
        return false;
    const PendingError &error = pendingErrors[std::size_t(record.error)];
    addError(record.index, error.offset, error.field, error.message);
    return true;
}

// One record of the chunk, parsed into the batch or reported as skipped.
void SessionFileReader::Private::parseRecord(ondemand::value value, const Pending &record)
{
    ondemand::object object;
    SessionRecordParser::Result result;
    if (const auto error = value.get_object().get(object)) {
        recordError(record, {},
                    QStringLiteral("invalid JSON: %1")
                        .arg(QString::fromUtf8(simdjson::error_message(error))),
                    nullptr);
        return;
    }
    const bool ok = SessionRecordParser::parseRecord(object, *batch, &result);
    if (result.kind == SessionRecordParser::Kind::Event)
        ++eventRecords;
    else
        ++sessionRecords;
    if (!ok) {
        recordError(record, result.field, result.message, result.where);
        return;
    }
    batch->setInputEnd(qint64(record.source + record.length)); // input bytes per session
    if (result.casing == SessionRecordParser::Casing::SnakeCase)
        ++snakeRecords;
    else if (result.casing == SessionRecordParser::Casing::CamelCase)
        ++camelRecords;
    const std::size_t threshold =
        report->sessions == 0 ? options.firstBatchRecords : options.batchRecords;
    if (batch->size() >= threshold)
        handOff();
    else if ((batch->size() & 511) == 0 &&
             Clock::now() - lastHandOff >= std::chrono::milliseconds(options.flushIntervalMs))
        handOff();
}

// Fallback when a chunk could not be parsed as a whole: the record is parsed by itself (the
// bytes after it in the chunk serve as simdjson's padding).
void SessionFileReader::Private::parseAlone(const Pending &record)
{
    ondemand::document document;
    ondemand::value value;
    simdjson::error_code error =
        parser
            .iterate(chunk.get() + record.chunkOffset, record.length,
                     chunkCapacity + simdjson::SIMDJSON_PADDING - record.chunkOffset)
            .get(document);
    if (!error)
        error = document.get_value().get(value);
    if (error) {
        recordError(record, {},
                    QStringLiteral("invalid JSON: %1")
                        .arg(QString::fromUtf8(simdjson::error_message(error))),
                    nullptr);
        return;
    }
    parseRecord(value, record);
}

void SessionFileReader::Private::recordError(const Pending &record, const QString &field,
                                             const QString &message, const char *where)
{
    // Map a position inside the chunk back to the file: records are copied byte for byte.
    const char *const begin = chunk.get() + record.chunkOffset;
    std::size_t offset = record.source;
    if (where && where >= begin && where < begin + record.length)
        offset += std::size_t(where - begin);
    addError(record.index, offset, field, message);
}

void SessionFileReader::Private::addError(qint64 index, std::size_t offset, const QString &field,
                                          const QString &message)
{
    ++report->skipped;
    if (report->errors.size() >= FileReport::MaxErrors)
        return;
    const JsonScanner::Position at = position(offset);
    report->errors.append({index, field, message, at.line, at.column});
}

void SessionFileReader::Private::handOff()
{
    if (!batch || batch->empty() || cancelled())
        return;
    report->sessions += qint64(batch->size());
    // The next batch is allocated before this one is handed on: a consumer that frees batches
    // at once then leaves a hole malloc reuses, instead of trimming the heap and having every
    // batch fault its pages in afresh (a third of the time in a VM).
    auto next = std::make_unique<SessionBatch>();
    next->reserve(options.batchRecords, options.batchRecords * 256);
    onBatch(std::exchange(batch, std::move(next)));
    lastHandOff = Clock::now();
}

// Checks the cancel flag: once it is up, reading stops and nothing more is handed on.
bool SessionFileReader::Private::cancelled()
{
    if (cancel && cancel->load(std::memory_order_relaxed)) {
        report->cancelled = true;
        stopped = true;
    }
    return report->cancelled;
}

JsonScanner::Position SessionFileReader::Private::position(std::size_t offset)
{
    return JsonScanner::position(text, offset, &positions);
}

// Whether the mapped file shrank while it was read (another process truncated it: see
// MappedFile), and if so, stops reading. What was read before the new end stays; records copied
// from past it hold zeros, not the file, and are dropped. `askSize` also asks the file system (a
// truncation inside a page zeroes its tail without losing a page): not for every record.
bool SessionFileReader::Private::fileLost(bool askSize)
{
    if (!mapped || stopped || (!askSize && mapped->lostFrom() == MappedFile::npos))
        return false;
    const std::size_t end =
        std::min({mapped->lostFrom(), askSize ? mapped->currentSize() : text.size(), text.size()});
    if (end == text.size())
        return false;
    const auto gone = [end](const Pending &record) {
        return record.error >= 0 ? record.source >= end : record.source + record.length > end;
    };
    pending.erase(std::find_if(pending.begin(), pending.end(), gone), pending.end());
    chunkRecords = 0;
    chunkUsed = 0;
    for (const Pending &record : pending) {
        if (record.error < 0) {
            ++chunkRecords;
            chunkUsed = record.chunkOffset + record.length;
        }
    }
    parseChunk();
    if (!stopped)
        handOff();
    if (report->cancelled)
        return true;
    // Also when it has grown again since (rewritten in place): what was read is not one file.
    report->error = QStringLiteral("the file shrank while it was being read");
    stopped = true;
    return true;
}

void SessionFileReader::Private::setFileError(const QString &message, std::size_t offset)
{
    report->error = message;
    const JsonScanner::Position at = position(offset);
    report->errorLine = at.line;
    report->errorColumn = at.column;
}

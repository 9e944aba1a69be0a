// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
//
// bench_load: how fast SessionDesk loads N sessions and what they cost in memory, against the
// naive Qt approach (QFile::readAll + QJsonDocument::fromJson + a QList<QJsonObject>).
//
//   bench_load [--sizes 100000,1000000] [--dir /tmp/sessiondesk-bench] [--no-qjson]
//              [--shape array|paginated|camel|ndjson|webhooks] [--seed N] [--regenerate]
//
// Files are made by SessionGenerator (fixed seed) and reused while their size marker matches.
// Every measurement runs in a child process (fork + exec of this program with --child), so its
// peak RSS (VmHWM) starts clean and nothing of one measurement lingers into the next. The child
// prints one JSON line; the parent prints a table and, for machines, one JSON line per
// measurement (lines starting with '{').
//
// The file was just written or read, so it is in the page cache: figures are warm-cache ones.

#include "sessiongenerator.h"
#include "sessionloader.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {

constexpr std::uint64_t DefaultSeed = 20260512;

// ------------------------------------------------------------------------------------------
// Process memory, from /proc/self/status (values there are in kB).

struct Memory
{
    qint64 rss = 0; // VmRSS
    qint64 peak = 0; // VmHWM, the peak of VmRSS since exec
    qint64 anon = 0; // RssAnon: heap and anonymous mappings
    qint64 file = 0; // RssFile: mapped files (a memory-mapped input shows here)
};

Memory memoryNow()
{
    Memory memory;
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return memory;
    const QByteArray text = status.readAll();
    for (const QByteArray &line : text.split('\n')) {
        const auto value = [&line] {
            return line.mid(line.indexOf(':') + 1).trimmed().split(' ').value(0).toLongLong() *
                1024;
        };
        if (line.startsWith("VmRSS:"))
            memory.rss = value();
        else if (line.startsWith("VmHWM:"))
            memory.peak = value();
        else if (line.startsWith("RssAnon:"))
            memory.anon = value();
        else if (line.startsWith("RssFile:"))
            memory.file = value();
    }
    return memory;
}

// Returns freed heap to the system, to tell memory in use from memory the allocator keeps.
void trimHeap()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

// Samples memory while the event loop runs, and measures how long the loop was blocked: a 1 ms
// timer that fires late means the thread was busy (applying batches) for the gap.
class Monitor
{
public:
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { tick(); });
        m_timer.start();
    }
    void stop()
    {
        m_timer.stop();
        sample();
    }

    qint64 peakAnon = 0;
    qint64 peakFile = 0;
    qint64 blockedMs = 0; // sum of the gaps longer than BlockedMs
    qint64 blocks = 0;
    qint64 longestBlockMs = 0;
    qint64 blocksOver16Ms = 0;
    qint64 blocksOver50Ms = 0;

private:
    static constexpr qint64 BlockedMs = 3;

    void tick()
    {
        const qint64 now = m_clock.elapsed();
        const qint64 gap = now - m_last;
        m_last = now;
        if (gap >= BlockedMs) {
            ++blocks;
            blockedMs += gap;
            longestBlockMs = std::max(longestBlockMs, gap);
            blocksOver16Ms += gap > 16;
            blocksOver50Ms += gap > 50;
        }
        if (now - m_lastSample >= 10) {
            m_lastSample = now;
            sample();
        }
    }
    void sample()
    {
        const Memory memory = memoryNow();
        peakAnon = std::max(peakAnon, memory.anon);
        peakFile = std::max(peakFile, memory.file);
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_lastSample = 0;
};

void addMemory(QJsonObject &out, const Memory &before, const Memory &after, const Memory &afterTrim)
{
    out[QStringLiteral("rss_before")] = before.rss;
    out[QStringLiteral("rss_after")] = after.rss;
    out[QStringLiteral("rss_after_trim")] = afterTrim.rss;
    out[QStringLiteral("rss_file_after")] = after.file;
    out[QStringLiteral("peak_rss")] = after.peak;
}

// ------------------------------------------------------------------------------------------
// Child: SessionDesk's real path, SessionLoader into a SessionTableModel on an event loop.

QJsonObject measureSessionDesk(const QString &path)
{
    SessionTableModel model;
    SessionLoader loader(&model);
    Monitor monitor;
    QElapsedTimer clock;
    qint64 firstRowsMs = -1;
    qint64 inserts = 0;
    qint64 updates = 0;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, [&] {
        ++inserts;
        if (firstRowsMs < 0)
            firstRowsMs = clock.elapsed();
    });
    QObject::connect(&model, &QAbstractItemModel::dataChanged, [&] { ++updates; });
    std::optional<LoadResult> result;
    QObject::connect(&loader, &SessionLoader::finished, [&](const LoadResult &r) {
        result = r;
        QCoreApplication::quit();
    });

    const Memory before = memoryNow();
    QTimer::singleShot(0, [&] {
        monitor.start();
        clock.start();
        if (!loader.start(QStringList{path}))
            QCoreApplication::exit(1);
    });
    QCoreApplication::exec();
    const qint64 loadMs = clock.elapsed();
    monitor.stop();
    const Memory after = memoryNow();
    trimHeap();
    const Memory afterTrim = memoryNow();

    QJsonObject out;
    out[QStringLiteral("impl")] = QStringLiteral("sessiondesk");
    out[QStringLiteral("load_ms")] = loadMs;
    out[QStringLiteral("loader_elapsed_ms")] = result ? result->elapsedMs : -1;
    out[QStringLiteral("rows")] = model.rowCount();
    out[QStringLiteral("store_rows")] = model.store().size();
    out[QStringLiteral("store_bytes")] = qint64(model.store().memoryBytes());
    addMemory(out, before, after, afterTrim);
    out[QStringLiteral("peak_anon")] = monitor.peakAnon;
    out[QStringLiteral("peak_file")] = monitor.peakFile;
    out[QStringLiteral("first_rows_ms")] = firstRowsMs;
    out[QStringLiteral("inserts")] = inserts;
    out[QStringLiteral("updates")] = updates;
    out[QStringLiteral("blocked_ms")] = monitor.blockedMs;
    out[QStringLiteral("blocks")] = monitor.blocks;
    out[QStringLiteral("longest_block_ms")] = monitor.longestBlockMs;
    out[QStringLiteral("blocks_over_16ms")] = monitor.blocksOver16Ms;
    out[QStringLiteral("blocks_over_50ms")] = monitor.blocksOver50Ms;
    if (result && !result->files.isEmpty()) {
        const FileReport &file = result->files.constFirst();
        out[QStringLiteral("detected_shape")] = file.shape;
        out[QStringLiteral("casing")] = file.casing;
        out[QStringLiteral("sessions_read")] = file.sessions;
        out[QStringLiteral("skipped")] = file.skipped;
        if (file.failed())
            out[QStringLiteral("error")] = file.errorText();
    } else if (!result) {
        out[QStringLiteral("error")] = QStringLiteral("the loader did not finish");
    }
    return out;
}

// Child: the naive approach — the whole file in memory, one QJsonDocument, every session
// converted to a QJsonObject and kept.
QJsonObject measureQJson(const QString &path, bool lines)
{
    const Memory before = memoryNow();
    QElapsedTimer clock;
    clock.start();
    QList<QJsonObject> sessions;
    QString error;
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            error = file.errorString();
        const QByteArray bytes = file.readAll();
        if (lines) {
            for (qsizetype start = 0; start < bytes.size();) {
                qsizetype end = bytes.indexOf('\n', start);
                if (end < 0)
                    end = bytes.size();
                if (end > start)
                    sessions.append(
                        QJsonDocument::fromJson(bytes.mid(start, end - start)).object());
                start = end + 1;
            }
        } else {
            QJsonParseError parseError;
            const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
            if (parseError.error != QJsonParseError::NoError)
                error = parseError.errorString();
            const QJsonArray array = document.isArray()
                ? document.array()
                : document.object().value(QStringLiteral("data")).toArray();
            sessions.reserve(array.size());
            for (const QJsonValue &value : array)
                sessions.append(value.toObject());
        }
    } // the bytes and the document are gone; the objects stay
    const qint64 loadMs = clock.elapsed();
    const Memory after = memoryNow();
    trimHeap();
    const Memory afterTrim = memoryNow();

    QJsonObject out;
    out[QStringLiteral("impl")] = QStringLiteral("qjsondocument");
    out[QStringLiteral("load_ms")] = loadMs;
    out[QStringLiteral("rows")] = sessions.size();
    addMemory(out, before, after, afterTrim);
    if (!error.isEmpty())
        out[QStringLiteral("error")] = error;
    return out;
}

// ------------------------------------------------------------------------------------------
// Parent.

struct ShapeInfo
{
    const char *name;
    SessionGenerator::Shape shape;
    bool lines;
};

constexpr ShapeInfo Shapes[] = {
    {"array", SessionGenerator::Shape::Array, false},
    {"paginated", SessionGenerator::Shape::Paginated, false},
    {"camel", SessionGenerator::Shape::SdkCamelCase, false},
    {"ndjson", SessionGenerator::Shape::NdJson, true},
    {"webhooks", SessionGenerator::Shape::WebhookEvents, true},
};

const ShapeInfo *shapeNamed(const QString &name)
{
    for (const ShapeInfo &shape : Shapes) {
        if (name == QLatin1String(shape.name))
            return &shape;
    }
    return nullptr;
}

// Runs this program with `arguments` in a child process and returns the JSON line it printed.
QJsonObject runChild(const QStringList &arguments)
{
    std::vector<std::string> strings{"/proc/self/exe"};
    for (const QString &argument : arguments)
        strings.push_back(argument.toStdString());
    std::vector<char *> argv;
    for (std::string &s : strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);

    int fds[2];
    if (pipe(fds) != 0)
        return {{QStringLiteral("error"), QStringLiteral("pipe failed")}};
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid < 0)
        return {{QStringLiteral("error"), QStringLiteral("fork failed")}};
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(fds[1]);
    QByteArray output;
    char buffer[4096];
    for (;;) {
        const ssize_t n = read(fds[0], buffer, sizeof buffer);
        if (n > 0)
            output.append(buffer, n);
        else if (n == 0 || errno != EINTR)
            break;
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    const QJsonObject result = QJsonDocument::fromJson(output.trimmed()).object();
    if (result.isEmpty() || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        QJsonObject failed = result;
        failed[QStringLiteral("error")] =
            QStringLiteral("child failed (status %1)%2")
                .arg(status)
                .arg(result.contains(QStringLiteral("error"))
                         ? QStringLiteral(": ") + result[QStringLiteral("error")].toString()
                         : QString());
        return failed;
    }
    return result;
}

struct DataFile
{
    QString path;
    qint64 bytes = 0;
    qint64 generateMs = -1; // -1: reused
};

std::optional<DataFile> dataFile(const QString &dir, const ShapeInfo &shape, qint64 sessions,
                                 std::uint64_t seed, bool regenerate)
{
    DataFile data;
    data.path = QStringLiteral("%1/sessions-%2-%3-seed%4.%5")
                    .arg(dir, QLatin1String(shape.name))
                    .arg(sessions)
                    .arg(seed)
                    .arg(shape.lines ? QStringLiteral("ndjson") : QStringLiteral("json"));
    // The marker holds the size of the complete file; a missing or different size regenerates.
    QFile marker(data.path + QStringLiteral(".size"));
    const qint64 size = QFileInfo(data.path).size();
    if (!regenerate && size > 0 && marker.open(QIODevice::ReadOnly) &&
        marker.readAll().trimmed().toLongLong() == size) {
        data.bytes = size;
        return data;
    }
    marker.close();

    SessionGenerator::Options options;
    options.seed = seed;
    options.sessions = sessions;
    options.shape = shape.shape;
    QElapsedTimer clock;
    clock.start();
    if (!SessionGenerator(options).writeFile(data.path))
        return std::nullopt;
    data.generateMs = clock.elapsed();
    data.bytes = QFileInfo(data.path).size();
    if (!marker.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return std::nullopt;
    marker.write(QByteArray::number(data.bytes) + '\n');
    return data;
}

double perSession(qint64 bytes, qint64 sessions)
{
    return sessions > 0 ? double(bytes) / double(sessions) : 0.0;
}

// Adds the per-session figures to a child's result and prints its JSON line.
QJsonObject complete(QJsonObject result, const ShapeInfo &shape, const DataFile &data,
                     qint64 sessions)
{
    const qint64 loadMs = result[QStringLiteral("load_ms")].toInteger();
    const qint64 before = result[QStringLiteral("rss_before")].toInteger();
    result[QStringLiteral("bench")] = QStringLiteral("load");
    result[QStringLiteral("shape")] = QLatin1String(shape.name);
    result[QStringLiteral("sessions")] = sessions;
    result[QStringLiteral("file_bytes")] = data.bytes;
    result[QStringLiteral("mb_per_s")] =
        loadMs > 0 ? double(data.bytes) / 1e3 / double(loadMs) : 0.0;
    result[QStringLiteral("peak_bytes_per_session")] =
        perSession(result[QStringLiteral("peak_rss")].toInteger() - before, sessions);
    result[QStringLiteral("resident_bytes_per_session")] =
        perSession(result[QStringLiteral("rss_after")].toInteger() - before, sessions);
    result[QStringLiteral("resident_trimmed_bytes_per_session")] =
        perSession(result[QStringLiteral("rss_after_trim")].toInteger() - before, sessions);
    if (result.contains(QStringLiteral("store_bytes")))
        result[QStringLiteral("store_bytes_per_session")] =
            perSession(result[QStringLiteral("store_bytes")].toInteger(), sessions);
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return result;
}

void printRow(const char *label, const QJsonObject &r)
{
    if (r.contains(QStringLiteral("error")) && !r.contains(QStringLiteral("load_ms"))) {
        std::printf("  %-14s FAILED: %s\n", label,
                    qPrintable(r[QStringLiteral("error")].toString()));
        return;
    }
    const QString store = r.contains(QStringLiteral("store_bytes_per_session"))
        ? QString::number(r[QStringLiteral("store_bytes_per_session")].toDouble(), 'f', 1)
        : QStringLiteral("-");
    std::printf("  %-14s %9lld %8.1f %11.1f %11.1f %11.1f %9s %10lld\n", label,
                r[QStringLiteral("load_ms")].toInteger(), r[QStringLiteral("mb_per_s")].toDouble(),
                r[QStringLiteral("peak_bytes_per_session")].toDouble(),
                r[QStringLiteral("resident_bytes_per_session")].toDouble(),
                r[QStringLiteral("resident_trimmed_bytes_per_session")].toDouble(),
                qPrintable(store), r[QStringLiteral("rows")].toInteger());
    if (r.contains(QStringLiteral("error")))
        std::printf("  %-14s error: %s\n", "", qPrintable(r[QStringLiteral("error")].toString()));
}

double ratio(const QJsonObject &a, const QJsonObject &b, const char *key)
{
    const double denominator = b[QLatin1String(key)].toDouble();
    return denominator > 0 ? a[QLatin1String(key)].toDouble() / denominator : 0.0;
}

int runParent(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Loads generated Clerk sessions through SessionDesk and through "
                       "QJsonDocument, and prints time and memory figures."));
    parser.addHelpOption();
    const QCommandLineOption sizesOption(QStringLiteral("sizes"),
                                         QStringLiteral("Session counts, comma-separated."),
                                         QStringLiteral("n,…"), QStringLiteral("100000,1000000"));
    const QCommandLineOption dirOption(
        QStringLiteral("dir"), QStringLiteral("Where the generated files are kept."),
        QStringLiteral("dir"), QStringLiteral("/tmp/sessiondesk-bench"));
    const QCommandLineOption noQJsonOption(QStringLiteral("no-qjson"),
                                           QStringLiteral("Skip the QJsonDocument baseline."));
    const QCommandLineOption shapeOption(
        QStringLiteral("shape"), QStringLiteral("array, paginated, camel, ndjson or webhooks."),
        QStringLiteral("shape"), QStringLiteral("array"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Generator seed."),
                                        QStringLiteral("n"), QString::number(DefaultSeed));
    const QCommandLineOption regenerateOption(QStringLiteral("regenerate"),
                                              QStringLiteral("Regenerate files that exist."));
    parser.addOptions(
        {sizesOption, dirOption, noQJsonOption, shapeOption, seedOption, regenerateOption});
    parser.process(arguments);

    const ShapeInfo *shape = shapeNamed(parser.value(shapeOption));
    if (!shape) {
        std::fprintf(stderr, "bench_load: unknown shape %s\n",
                     qPrintable(parser.value(shapeOption)));
        return 2;
    }
    QList<qint64> sizes;
    for (const QString &text : parser.value(sizesOption).split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 n = text.trimmed().toLongLong(&ok);
        if (!ok || n <= 0) {
            std::fprintf(stderr, "bench_load: bad size %s\n", qPrintable(text));
            return 2;
        }
        sizes.append(n);
    }
    const QString dir = parser.value(dirOption);
    if (!QDir().mkpath(dir)) {
        std::fprintf(stderr, "bench_load: cannot create %s\n", qPrintable(dir));
        return 2;
    }
    const std::uint64_t seed = parser.value(seedOption).toULongLong();

    int failures = 0;
    for (const qint64 n : sizes) {
        const std::optional<DataFile> data =
            dataFile(dir, *shape, n, seed, parser.isSet(regenerateOption));
        if (!data) {
            std::fprintf(stderr, "bench_load: cannot write the %lld-session file in %s\n",
                         static_cast<long long>(n), qPrintable(dir));
            return 1;
        }
        std::printf("\n== %lld sessions, %s: %s (%.1f MB, %.0f bytes/session)",
                    static_cast<long long>(n), shape->name, qPrintable(data->path),
                    double(data->bytes) / 1e6, perSession(data->bytes, n));
        if (data->generateMs >= 0)
            std::printf(
                ", generated in %lld ms (%.0f MB/s)\n", static_cast<long long>(data->generateMs),
                data->generateMs > 0 ? double(data->bytes) / 1e3 / double(data->generateMs) : 0.0);
        else
            std::printf(", reused\n");

        const QStringList child{QStringLiteral("--child"), QString(),
                                QStringLiteral("--file"),  data->path,
                                QStringLiteral("--shape"), QLatin1String(shape->name)};
        QStringList sessionDeskArgs = child;
        sessionDeskArgs[1] = QStringLiteral("sessiondesk");
        const QJsonObject sd = complete(runChild(sessionDeskArgs), *shape, *data, n);
        std::optional<QJsonObject> qjson;
        if (!parser.isSet(noQJsonOption)) {
            QStringList qjsonArgs = child;
            qjsonArgs[1] = QStringLiteral("qjson");
            qjson = complete(runChild(qjsonArgs), *shape, *data, n);
        }

        std::printf("  %-14s %9s %8s %11s %11s %11s %9s %10s\n", "", "load ms", "MB/s",
                    "peak B/ses", "resid B/ses", "trimmed", "store B", "rows");
        printRow("SessionDesk", sd);
        if (qjson)
            printRow("QJsonDocument", *qjson);
        if (qjson && !qjson->contains(QStringLiteral("error")) &&
            !sd.contains(QStringLiteral("error"))) {
            std::printf("  %-14s %8.1fx %8s %10.1fx %10.1fx %10.1fx   (QJsonDocument / "
                        "SessionDesk)\n",
                        "ratio", ratio(*qjson, sd, "load_ms"), "",
                        ratio(*qjson, sd, "peak_bytes_per_session"),
                        ratio(*qjson, sd, "resident_bytes_per_session"),
                        ratio(*qjson, sd, "resident_trimmed_bytes_per_session"));
        }
        if (!sd.contains(QStringLiteral("error")) || sd.contains(QStringLiteral("load_ms"))) {
            const qint64 inserts = sd[QStringLiteral("inserts")].toInteger();
            // Views hear of new rows a few times a second, so inserts are few and large.
            std::printf("  GUI thread: first rows after %lld ms; %lld inserts; blocked %lld ms in "
                        "%lld slices, longest %lld ms, %lld over 16 ms, %lld over 50 ms\n",
                        sd[QStringLiteral("first_rows_ms")].toInteger(), inserts,
                        sd[QStringLiteral("blocked_ms")].toInteger(),
                        sd[QStringLiteral("blocks")].toInteger(),
                        sd[QStringLiteral("longest_block_ms")].toInteger(),
                        sd[QStringLiteral("blocks_over_16ms")].toInteger(),
                        sd[QStringLiteral("blocks_over_50ms")].toInteger());
            std::printf("  SessionDesk memory: peak anon %.1f MB, peak mapped file %.1f MB, "
                        "mapped file after load %.1f MB\n",
                        double(sd[QStringLiteral("peak_anon")].toInteger()) / 1e6,
                        double(sd[QStringLiteral("peak_file")].toInteger()) / 1e6,
                        double(sd[QStringLiteral("rss_file_after")].toInteger()) / 1e6);
        }
        const auto checkRows = [n, &failures](const QJsonObject &r, const char *label) {
            if (r.contains(QStringLiteral("error")) || r[QStringLiteral("rows")].toInteger() != n) {
                ++failures;
                std::printf("  !! %s loaded %lld of %lld rows\n", label,
                            r[QStringLiteral("rows")].toInteger(), static_cast<long long>(n));
            }
        };
        checkRows(sd, "SessionDesk");
        if (qjson)
            checkRows(*qjson, "QJsonDocument");
    }
    std::printf("\nMB = 10^6 bytes; per-session memory is growth over the child's RSS before "
                "loading (peak: VmHWM; resident: VmRSS after the load; trimmed: after "
                "malloc_trim). Warm page cache.\n");
    return failures == 0 ? 0 : 1;
}

int runChildMode(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption childOption(QStringLiteral("child"), QString(),
                                         QStringLiteral("impl"));
    const QCommandLineOption fileOption(QStringLiteral("file"), QString(), QStringLiteral("path"));
    const QCommandLineOption shapeOption(QStringLiteral("shape"), QString(),
                                         QStringLiteral("shape"));
    parser.addOptions({childOption, fileOption, shapeOption});
    parser.process(arguments);
    const ShapeInfo *shape = shapeNamed(parser.value(shapeOption));
    const QString impl = parser.value(childOption);
    QJsonObject result;
    if (impl == QLatin1String("sessiondesk"))
        result = measureSessionDesk(parser.value(fileOption));
    else if (impl == QLatin1String("qjson"))
        result = measureQJson(parser.value(fileOption), shape && shape->lines);
    else
        result[QStringLiteral("error")] = QStringLiteral("unknown implementation");
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return result.contains(QStringLiteral("error")) ? 1 : 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.contains(QStringLiteral("--child")))
        return runChildMode(arguments);
    return runParent(arguments);
}

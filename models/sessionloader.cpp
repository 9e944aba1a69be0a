// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionloader.h"

#include "sessiontablemodel.h"

#include <QFileInfo>

#include <QMetaObject>
#include <cstdint>

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#include <unistd.h>
#endif
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {
constexpr std::size_t MaxQueuedBatches = 4;
constexpr int SliceMs = 8; // longest time one drain() may hold the event loop (plus one batch)
constexpr int PublishIntervalMs = 250; // how often views hear of rows while a load runs
// Until the first batch tells the real figure: webhook events run to ~2.5 KB a session.
constexpr qint64 MaxBytesPerSession = 2500;

// Faults the pages of [address, address + size) in without changing their contents, so the GUI
// thread's first writes there find them present. Safe while another thread uses the memory.
void prefault(void *address, std::size_t size)
{
#if defined(Q_OS_LINUX) && defined(MADV_POPULATE_WRITE)
    const auto page = std::uintptr_t(sysconf(_SC_PAGESIZE));
    const auto begin = std::uintptr_t(address) & ~(page - 1);
    const auto end = std::uintptr_t(address) + size;
    madvise(reinterpret_cast<void *>(begin), end - begin, MADV_POPULATE_WRITE); // best effort
#else
    Q_UNUSED(address);
    Q_UNUSED(size);
#endif
}
} // namespace

qint64 LoadResult::sessionsRead() const
{
    qint64 n = 0;
    for (const FileReport &file : files)
        n += file.sessions;
    return n;
}

qint64 LoadResult::skipped() const
{
    qint64 n = 0;
    for (const FileReport &file : files)
        n += file.skipped;
    return n;
}

qsizetype LoadResult::failedFiles() const
{
    return std::count_if(files.cbegin(), files.cend(),
                         [](const FileReport &file) { return file.failed(); });
}

bool LoadResult::anyRead() const
{
    for (const FileReport &file : files) {
        if (file.sessions > 0 || file.skipped > 0)
            return true;
    }
    return false;
}

SessionLoader::SessionLoader(SessionTableModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
    qRegisterMetaType<LoadResult>();
    qRegisterMetaType<FileReport>();
}

SessionLoader::~SessionLoader()
{
    cancel();
    if (m_thread.joinable())
        m_thread.join();
    if (m_prefaulter.joinable())
        m_prefaulter.join();
}

bool SessionLoader::start(const QStringList &paths)
{
    QList<Source> sources;
    qint64 total = 0;
    for (const QString &path : paths) {
        sources.append({path, {}});
        total += QFileInfo(path).size();
    }
    return startSources(std::move(sources), total);
}

bool SessionLoader::startBytes(const QByteArray &bytes, const QString &name)
{
    return startSources({Source{name, bytes}}, bytes.size());
}

bool SessionLoader::startSources(QList<Source> sources, qint64 totalBytes)
{
    if (isRunning())
        return false;
    m_result = {};
    m_result.bytes = totalBytes;
    m_sourceCount = sources.size();
    m_bytesTotal = totalBytes;
    m_bytesDone = 0;
    m_cancel = false;
    m_clock.start();
    m_rowsAtStart = m_model->rowCount();
    m_calibrated = false;
    m_published.invalidate();
    m_model->reserveFor(m_rowsAtStart, totalBytes, MaxBytesPerSession);
    m_thread = std::thread([this, sources = std::move(sources)] { run(sources); });
    return true;
}

void SessionLoader::cancel()
{
    {
        // Under the lock, or a worker about to wait for space could miss the wake-up.
        std::lock_guard lock(m_mutex);
        m_cancel = true;
    }
    m_space.notify_all();
}

void SessionLoader::run(const QList<Source> &sources)
{
    qint64 base = 0;
    for (const Source &source : sources) {
        auto onBatch = [this](std::unique_ptr<SessionBatch> batch) {
            QList<UserSummary> users = batch->userSummaries(); // Qt strings: here, not in drain()
            push({std::move(batch), nullptr, std::move(users)}, true);
        };
        auto onProgress = [this, base](qint64 done) { m_bytesDone = base + done; };
        SessionFileReader reader(onBatch, onProgress, &m_cancel);
        FileReport report = source.bytes.isNull()
            ? reader.readFile(source.path)
            : reader.readBytes(QByteArrayView(source.bytes), source.path);
        base += report.bytes;
        m_bytesDone = base;
        push({nullptr, std::make_unique<FileReport>(std::move(report)), {}}, false);
        if (m_cancel)
            break;
    }
    push({}, false);
}

void SessionLoader::push(Item item, bool waitForSpace)
{
    {
        std::unique_lock lock(m_mutex);
        if (waitForSpace) {
            m_space.wait(lock, [this] { return m_queue.size() < MaxQueuedBatches || m_cancel; });
        }
        m_queue.push_back(std::move(item));
    }
    postDrain();
}

void SessionLoader::postDrain()
{
    if (!m_drainPosted.exchange(true))
        QMetaObject::invokeMethod(this, &SessionLoader::drain, Qt::QueuedConnection);
}

void SessionLoader::drain()
{
    m_drainPosted = false;
    if (m_published.isValid() && m_published.elapsed() >= PublishIntervalMs &&
        m_model->stagedRows() > 0) {
        m_model->publish();
        m_published.start();
        postDrain();
        return;
    }
    QElapsedTimer slice;
    slice.start();
    for (;;) {
        Item item;
        {
            std::lock_guard lock(m_mutex);
            if (m_queue.empty())
                break;
            item = std::move(m_queue.front());
            m_queue.pop_front();
        }
        m_space.notify_one();
        if (item.batch) {
            if (!m_calibrated)
                calibrate(*item.batch);
            // Before the rows: whoever shows names for user ids has them when the rows appear.
            if (!item.users.isEmpty())
                emit usersRead(item.users);
            m_result.newSessions += m_model->stage(*item.batch).newRows;
            // The first rows show at once; after that views hear of new rows a few times a
            // second, in a turn of the event loop of their own (their layout takes a while).
            if (!m_published.isValid()) {
                m_model->publish();
                m_published.start();
            } else if (m_published.elapsed() >= PublishIntervalMs) {
                postDrain();
                break;
            }
        } else if (item.report) {
            m_model->publish();
            m_result.files.append(*item.report);
        } else {
            finish();
            return;
        }
        if (slice.elapsed() >= SliceMs) {
            postDrain(); // let the event loop paint and take input; carry on in the next turn
            break;
        }
    }
    emit progress(m_bytesDone, m_bytesTotal);
}

void SessionLoader::calibrate(const SessionBatch &first)
{
    // Size the store once, from the first batch's bytes per session, so that a million rows
    // load without a reallocation or rehash (each would stall the GUI thread for a while).
    m_calibrated = true;
    if (first.inputEnd() <= 0 || first.empty())
        return;
    m_model->reserveFor(m_rowsAtStart, m_bytesTotal,
                        double(first.inputEnd()) / double(first.size()));
    // The hash tables are filled at random, so their pages would all fault in during the first
    // few batches; fault them in on a helper thread instead.
    if (m_prefaulter.joinable())
        m_prefaulter.join();
    m_prefaulter = std::thread([ranges = m_model->store().hashTableMemory()] {
        for (const auto &[address, size] : ranges)
            prefault(address, size);
    });
}

void SessionLoader::finish()
{
    m_model->publish();
    m_thread.join();
    if (m_prefaulter.joinable())
        m_prefaulter.join();
#ifdef __GLIBC__
    // The batches' memory went back to malloc, not to the system: return it, so a million
    // sessions leave only the store resident.
    malloc_trim(0);
#endif
    m_result.elapsedMs = m_clock.elapsed();
    m_result.cancelled = std::any_of(m_result.files.cbegin(), m_result.files.cend(),
                                     [](const FileReport &file) { return file.cancelled; }) ||
        (m_cancel && m_result.files.size() < m_sourceCount);
    emit progress(m_bytesTotal, m_bytesTotal);
    emit finished(m_result);
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "mappedfile.h"

#include <QFile>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

std::size_t pageSize()
{
    static const std::size_t size = std::size_t(sysconf(_SC_PAGESIZE));
    return size;
}

QString readError(int error)
{
    switch (error) {
    case ENOENT:
    case ENOTDIR:
        return QStringLiteral("no such file");
    case EISDIR:
        return QStringLiteral("is a directory, not a file");
    default:
        // The untranslated text: messages stay English like the rest of the report.
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
        const char *text = strerrordesc_np(error);
#else
        const char *text = std::strerror(error);
#endif
        return QStringLiteral("cannot be read: %1")
            .arg(text ? QString::fromUtf8(text).toLower() : QString::number(error));
    }
}

// --- the SIGBUS guard -------------------------------------------------------------------------
// Reading a page of a mapped file that lies past the file's end raises SIGBUS, and the end moves
// when another process truncates the file while it is being read. For the mappings registered
// here the handler maps zero pages over the rest of the file's part of the mapping and notes it;
// the faulting read is then retried and finds zeros. (systemd guards its journal files the same
// way.) Any other SIGBUS puts back the handler that was installed before (or the default action,
// which ends the process as it always did) and goes there; the guard is off from then on. The
// handler only uses lock-free atomics and async-signal-safe system calls.

struct GuardSlot
{
    std::atomic<std::uintptr_t> begin{0};
    std::atomic<std::uintptr_t> end{0}; // 0 while the slot is free or being filled
    std::atomic<std::uintptr_t> lostFrom{UINTPTR_MAX}; // the first page replaced with zeros
};

constexpr int GuardSlots = 64; // files mapped at once; more are read unguarded
GuardSlot guardSlots[GuardSlots];
struct sigaction previousSigbus;
std::uintptr_t guardPageSize = 0;

void onSigbus(int signal, siginfo_t *info, void *)
{
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    // BUS_ADRERR: a read past the end (not a hardware memory error, not a signal sent by kill).
    for (GuardSlot &slot : guardSlots) {
        if (info->si_code != BUS_ADRERR)
            break;
        const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
        const std::uintptr_t end = slot.end.load(std::memory_order_acquire);
        if (address < begin || address >= end)
            continue;
        const std::uintptr_t page = address & ~(guardPageSize - 1);
        if (mmap(reinterpret_cast<void *>(page), end - page, PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
            break;
        std::uintptr_t first = slot.lostFrom.load(std::memory_order_relaxed);
        while (page < first && !slot.lostFrom.compare_exchange_weak(first, page)) {
            // `first` now holds the value another thread stored: try again against it
        }
        return; // the read is retried, and finds zeros
    }
    // Not ours: the handler from before takes over (with its own flags), or the default action.
    // A fault is retried on return and goes there; a signal that was sent is sent again.
    sigaction(SIGBUS, &previousSigbus, nullptr);
    if (info->si_code <= 0)
        raise(signal);
}

// The slot now guarding [begin, end), or -1 when all are taken.
int guardMapping(const void *begin, std::size_t length)
{
    static std::once_flag installed;
    std::call_once(installed, [] {
        guardPageSize = pageSize();
        struct sigaction action = {};
        action.sa_sigaction = onSigbus;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        sigaction(SIGBUS, &action, &previousSigbus);
    });
    const auto from = reinterpret_cast<std::uintptr_t>(begin);
    for (int i = 0; i < GuardSlots; ++i) {
        std::uintptr_t unused = 0;
        if (!guardSlots[i].begin.compare_exchange_strong(unused, from, std::memory_order_acq_rel))
            continue;
        guardSlots[i].lostFrom.store(UINTPTR_MAX, std::memory_order_relaxed);
        guardSlots[i].end.store(from + length, std::memory_order_release);
        return i;
    }
    return -1;
}

void unguardMapping(int slot)
{
    if (slot < 0)
        return;
    guardSlots[slot].end.store(0, std::memory_order_release);
    guardSlots[slot].begin.store(0, std::memory_order_release);
}

} // namespace

MappedFile::MappedFile(std::size_t padding)
    : m_padding(padding)
{ }

MappedFile::~MappedFile()
{
    close();
}

void MappedFile::close()
{
    unguardMapping(m_guard);
    m_guard = -1;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (m_mapping)
        munmap(m_mapping, m_mappingSize);
    m_mapping = nullptr;
    m_mappingSize = 0;
    m_buffer.reset();
    m_data = nullptr;
    m_size = 0;
    m_released = 0;
}

bool MappedFile::open(const QString &path)
{
    close();
    m_error.clear();
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        m_error = readError(errno);
        return false;
    }
    struct stat info;
    if (fstat(fd, &info) != 0) {
        m_error = readError(errno);
        ::close(fd);
        return false;
    }
    if (S_ISDIR(info.st_mode)) {
        m_error = readError(EISDIR);
        ::close(fd);
        return false;
    }
    bool ok = true;
    if (!S_ISREG(info.st_mode)) {
        ok = readAll(fd); // a pipe or a device: its size is not known up front
    } else if (info.st_size > 0) {
        m_size = std::size_t(info.st_size);
        const std::size_t page = pageSize();
        m_mappingSize = (m_size + m_padding + page - 1) / page * page;
        // Reserve size + padding of zero pages, then map the file over the start of it.
        void *reserved =
            mmap(nullptr, m_mappingSize, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        void *file = reserved == MAP_FAILED
            ? MAP_FAILED
            : mmap(reserved, m_size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
        if (file != MAP_FAILED) {
            m_mapping = reserved;
            m_data = static_cast<const char *>(reserved);
            madvise(reserved, m_size, MADV_SEQUENTIAL);
            // The file's pages, up to the end of its last page, which a truncation may take.
            m_guard = guardMapping(reserved, (m_size + page - 1) / page * page);
            m_fd = fd; // kept open for currentSize()
            return true;
        }
        if (reserved != MAP_FAILED)
            munmap(reserved, m_mappingSize);
        m_mappingSize = 0;
        m_size = 0;
        ok = readAll(fd);
    }
    ::close(fd);
    return ok;
}

bool MappedFile::readAll(int fd)
{
    std::vector<char> bytes;
    std::size_t used = 0;
    for (;;) {
        if (bytes.size() - used < 65536)
            bytes.resize(std::max<std::size_t>(bytes.size() * 2, 1 << 20));
        const ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            m_error = readError(errno);
            return false;
        }
        if (n == 0)
            break;
        used += std::size_t(n);
    }
    if (used == 0)
        return true;
    m_buffer.reset(new char[used + m_padding]);
    std::memcpy(m_buffer.get(), bytes.data(), used);
    std::memset(m_buffer.get() + used, 0, m_padding);
    m_data = m_buffer.get();
    m_size = used;
    return true;
}

void MappedFile::releaseBefore(std::size_t offset)
{
    if (!m_mapping)
        return;
    const std::size_t end = std::min(offset, m_size) / pageSize() * pageSize();
    if (end <= m_released)
        return;
    madvise(static_cast<char *>(m_mapping) + m_released, end - m_released, MADV_DONTNEED);
    m_released = end;
}

std::size_t MappedFile::lostFrom() const
{
    if (m_guard < 0)
        return npos;
    const std::uintptr_t page = guardSlots[m_guard].lostFrom.load(std::memory_order_acquire);
    return page == UINTPTR_MAX ? npos
                               : std::size_t(page - reinterpret_cast<std::uintptr_t>(m_data));
}

std::size_t MappedFile::currentSize() const
{
    struct stat info;
    if (m_fd < 0 || fstat(m_fd, &info) != 0 || info.st_size < 0)
        return m_size;
    return std::size_t(info.st_size);
}

void MappedFile::prefault(std::size_t offset, std::size_t length)
{
    if (!m_mapping || offset >= m_size)
        return;
    const std::size_t begin = offset / pageSize() * pageSize();
    const std::size_t end = std::min(offset + length, m_size);
#ifdef MADV_POPULATE_READ
    if (madvise(static_cast<char *>(m_mapping) + begin, end - begin, MADV_POPULATE_READ) == 0)
        return;
#endif
    madvise(static_cast<char *>(m_mapping) + begin, end - begin, MADV_WILLNEED); // older kernels
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "mappedfile.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
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
        } else {
            if (reserved != MAP_FAILED)
                munmap(reserved, m_mappingSize);
            m_mappingSize = 0;
            m_size = 0;
            ok = readAll(fd);
        }
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

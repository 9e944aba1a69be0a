// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstddef>
#include <memory>

// A file mapped read-only into memory, followed by at least `padding` readable zero bytes (the
// padding simdjson needs to read past the end without a copy). The mapping is reserved as an
// anonymous zero-filled region of size + padding, and the file is mapped over its start; the
// bytes after the end of the file are therefore readable zeros even when the file ends exactly
// on a page boundary. Pages already parsed can be handed back to the kernel with releaseBefore(),
// so reading a 700 MB file keeps a small resident set.
//
// If the file cannot be mapped (a pipe, an exotic file system), it is read into a padded buffer.
//
// Another process may truncate the file while it is mapped. Reading a page past the new end would
// raise SIGBUS and kill the process; here such pages read as zeros instead (a SIGBUS handler maps
// zero pages over them, see mappedfile.cpp), and lostFrom() says where. A reader meets bytes that
// are not JSON, asks lostFrom() and currentSize(), and stops with a message.
class MappedFile
{
public:
    explicit MappedFile(std::size_t padding);
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    // On failure error() says why: "no such file", "is a directory, not a file" or
    // "cannot be read: <reason>".
    bool open(const QString &path);
    void close();

    const char *data() const { return m_data; } // nullptr for an empty file
    std::size_t size() const { return m_size; }
    bool isMapped() const { return m_mapping != nullptr; }
    const QString &error() const { return m_error; }

    // Tells the kernel the pages wholly before `offset` will not be read again soon; they are
    // dropped from the resident set (and read back from the page cache if touched after all).
    void releaseBefore(std::size_t offset);
    // Maps the pages of [offset, offset + length) ahead of use: one call instead of a page fault
    // every few pages, which matters most in virtual machines.
    void prefault(std::size_t offset, std::size_t length);

    static constexpr std::size_t npos = std::size_t(-1);
    // Where the pages lost to a truncation begin (they read as zeros from there on), or npos.
    // Cheap: call it often.
    std::size_t lostFrom() const;
    // The file's size now (fstat), which is below size() once it has been truncated; size() when
    // it cannot be told. A truncation inside a page zeroes the rest of it without losing it.
    std::size_t currentSize() const;

private:
    bool readAll(int fd);

    std::size_t m_padding;
    const char *m_data = nullptr;
    std::size_t m_size = 0;
    void *m_mapping = nullptr; // the whole reservation
    std::size_t m_mappingSize = 0;
    std::size_t m_released = 0; // bytes from the start already released
    int m_fd = -1; // kept open while mapped, for currentSize()
    int m_guard = -1; // the mapping's slot in the SIGBUS guard, -1 if it has none
    std::unique_ptr<char[]> m_buffer; // fallback when mapping fails
    QString m_error;
};

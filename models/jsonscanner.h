// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstddef>
#include <string>
#include <string_view>

// A fast, grammar-aware walk over JSON text that validates structure and finds where values
// begin and end, without building anything. SessionFileReader uses it to find top-level values
// (one document, NDJSON, concatenated values), to walk the members of an envelope object and to
// cut a huge array into element spans, so simdjson only ever sees ~1 MB at a time.
//
// It checks the whole RFC 8259 grammar: structure, commas and colons, string escapes, raw
// control characters and UTF-8 inside strings, numbers, literals, and a nesting limit. Errors
// carry a byte offset and a precise message ("expected ',' or ']' after an array element,
// found '}'"); position() turns the offset into a line and column.
//
// Invalid UTF-8 inside a string leaves the structure intact, so a reader may choose to go on
// (Utf8Policy::Tolerant) and skip only the record that holds it: see invalidUtf8().
//
// The text needs no padding: every read is bounds-checked.
class JsonScanner
{
public:
    enum class Kind : unsigned char { Object, Array, String, Number, Boolean, Null };

    static constexpr int DefaultMaxDepth = 1024;

    struct Span
    {
        std::size_t begin = 0;
        std::size_t end = 0; // one past the value's last byte
        Kind kind = Kind::Null;
        std::size_t size() const { return end - begin; }
    };

    struct Error
    {
        std::size_t offset = 0;
        QString message;
    };

    // Where a walk over one object or array stands: see enter() and next().
    struct Container
    {
        bool object = false;
        bool first = true;
        int depth = 0; // nesting level of this container: 1 for a top-level one
    };

    enum class Step { Item, End, Failed };

    // What invalid UTF-8 inside a string does: fail the scan (Strict, the default), or let the
    // string scan as valid and remember where the first bad byte was (Tolerant). Invalid UTF-8
    // outside strings is a syntax error either way.
    enum class Utf8Policy : unsigned char { Strict, Tolerant };

    // 1-based line and column; the column counts characters (UTF-8 code points), lines end at LF.
    struct Position
    {
        qint64 line = 1;
        qint64 column = 1;
    };
    // Remembers the last position computed, so positions met in file order cost O(distance).
    struct PositionCache
    {
        std::size_t offset = 0;
        std::size_t lineStart = 0;
        qint64 line = 1;
        qint64 column = 1;
    };

    explicit JsonScanner(std::string_view text, int maxDepth = DefaultMaxDepth);

    std::string_view text() const { return {m_begin, std::size_t(m_end - m_begin)}; }
    std::size_t offset() const { return std::size_t(m_p - m_begin); }
    void seek(std::size_t offset); // also clears the error and invalidUtf8()
    bool failed() const { return m_failed; }
    const Error &error() const { return m_error; }

    void setUtf8Policy(Utf8Policy policy) { m_utf8Policy = policy; }
    // Tolerant: the offset of the first invalid UTF-8 byte met inside a string since the last
    // seek() or clearInvalidUtf8(), or npos.
    std::size_t invalidUtf8() const { return m_invalidUtf8; }
    void clearInvalidUtf8() { m_invalidUtf8 = std::string_view::npos; }

    // Skips JSON white space; false at the end of the text.
    bool skipWhitespace();
    // The byte at the current offset, '\0' at the end.
    char peek() const { return m_p < m_end ? *m_p : '\0'; }

    // Scans one value at the offset (white space first is skipped) and moves past it. `depth` is
    // the number of containers around it (0 at top level, where a stray byte is reported as an
    // "unexpected character" rather than "expected a value").
    bool scanValue(Span *span = nullptr, int depth = 0);

    // Walks one container without scanning its members whole: enter() consumes the '{' or '['
    // at the offset; each next() moves to the next member (for an object it reads the key and
    // the ':' and returns the key's raw text, escapes left as they are) and leaves the offset at
    // the member's value, which the caller scans (scanValue() or enter() with depth + 1).
    // Step::End consumes the closing bracket.
    bool enter(Container *container, int depth = 0);
    Step next(Container &container, std::string_view *key = nullptr);

    static Position position(std::string_view text, std::size_t offset,
                             PositionCache *cache = nullptr);
    // Length of the valid UTF-8 sequence at p (1–4), or 0 if it is invalid or cut off at end.
    static int utf8SequenceLength(const char *p, const char *end);
    // Offset of the first invalid UTF-8 byte in text, or npos. A sequence cut off by the end of
    // text counts as valid when `mayBeCut` (for a window over a longer text).
    static std::size_t findInvalidUtf8(std::string_view text, bool mayBeCut = false);
    // "invalid UTF-8: byte 0xE9 is not valid here (is the file Latin-1? save it as UTF-8)"
    static QString invalidUtf8Message(unsigned char byte);
    // The path from the container at `begin` down to the innermost value holding `offset`, in
    // the style of record errors: "latest_activity.city", "tasks[2].key". Keys are given as
    // written (escapes unresolved); an offset inside a key gives the path of its object. Empty
    // when the offset is not inside a member of that container. Meant for the rare bad record:
    // it rescans each level it descends (at most 32).
    static QString pathAt(std::string_view text, std::size_t begin, std::size_t offset);
    static const char *kindName(Kind kind); // "object", "array", "string", …
    static bool isWhitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

private:
    const char *skipWs(const char *p) const;
    const char *scanString(const char *p);
    const char *scanNumber(const char *p);
    const char *scanLiteral(const char *p);
    const char *scanContainer(const char *p, int depth);
    const char *scanScalar(const char *p, int depth);

    bool fail(const char *at, const QString &message);
    bool failFound(const char *at, const char *expected);
    bool failValue(const char *at, int depth);
    bool failEnd(const char *expected);
    bool failUtf8(const char *at);
    QString describe(const char *at) const;

    const char *m_begin;
    const char *m_end;
    const char *m_p;
    int m_maxDepth;
    Utf8Policy m_utf8Policy = Utf8Policy::Strict;
    bool m_failed = false;
    std::size_t m_invalidUtf8 = std::string_view::npos;
    Error m_error;
    std::string m_stack; // open brackets of the container being scanned
};

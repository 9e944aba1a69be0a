// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "jsonscanner.h"

#include <algorithm>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isWordChar(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isContinuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

constexpr std::string_view Utf8Bom = "\xEF\xBB\xBF";

// Bytes a string can hold as they are: everything but '"', '\\', control characters and the
// non-ASCII bytes (which are checked as UTF-8).
struct PlainStringBytes
{
    bool plain[256];
    constexpr PlainStringBytes()
        : plain{}
    {
        for (int c = 0x20; c < 0x80; ++c)
            plain[c] = c != '"' && c != '\\';
    }
};
constexpr PlainStringBytes plainStringBytes;

} // namespace

JsonScanner::JsonScanner(std::string_view text, int maxDepth)
    : m_begin(text.data())
    , m_end(text.data() + text.size())
    , m_p(text.data())
    , m_maxDepth(maxDepth)
{ }

void JsonScanner::seek(std::size_t offset)
{
    m_p = m_begin + std::min(offset, std::size_t(m_end - m_begin));
    m_failed = false;
    m_error = {};
    clearInvalidUtf8();
}

inline const char *JsonScanner::skipWs(const char *p) const
{
    while (p < m_end && isWhitespace(*p))
        ++p;
    return p;
}

bool JsonScanner::skipWhitespace()
{
    m_p = skipWs(m_p);
    return m_p < m_end;
}

// --- errors ---------------------------------------------------------------------------------

bool JsonScanner::fail(const char *at, const QString &message)
{
    m_failed = true;
    m_error = {std::size_t(at - m_begin), message};
    m_p = at;
    return false;
}

QString JsonScanner::describe(const char *at) const
{
    const auto c = static_cast<unsigned char>(*at);
    if (c == '\'')
        return QStringLiteral("\"'\"");
    if (c >= 0x21 && c < 0x7F)
        return QStringLiteral("'%1'").arg(QLatin1Char(char(c)));
    if (c < 0x80)
        return QStringLiteral("U+%1").arg(uint(c), 4, 16, QLatin1Char('0')).toUpper();
    const int n = utf8SequenceLength(at, m_end);
    return QStringLiteral("'%1'").arg(QString::fromUtf8(at, n));
}

// "expected X[ context], found Y", or the end-of-file and invalid-UTF-8 variants.
bool JsonScanner::failFound(const char *at, const char *expected)
{
    const char *context = "";
    if (std::strcmp(expected, "',' or '}'") == 0)
        context = " after an object member";
    else if (std::strcmp(expected, "',' or ']'") == 0)
        context = " after an array element";
    else if (std::strcmp(expected, "':'") == 0)
        context = " after an object key";
    if (at >= m_end)
        return failEnd(expected);
    if (static_cast<unsigned char>(*at) >= 0x80 && utf8SequenceLength(at, m_end) == 0)
        return failUtf8(at);
    return fail(at,
                QStringLiteral("expected %1%2, found %3")
                    .arg(QLatin1StringView(expected), QLatin1StringView(context), describe(at)));
}

bool JsonScanner::failValue(const char *at, int depth)
{
    if (at < m_end && depth == 0) {
        if (static_cast<unsigned char>(*at) >= 0x80 && utf8SequenceLength(at, m_end) == 0)
            return failUtf8(at);
        return fail(at, QStringLiteral("unexpected character %1").arg(describe(at)));
    }
    return failFound(at, "a value");
}

bool JsonScanner::failEnd(const char *expected)
{
    return fail(
        m_end,
        QStringLiteral("unexpected end of file: expected %1").arg(QLatin1StringView(expected)));
}

bool JsonScanner::failUtf8(const char *at)
{
    return fail(at, invalidUtf8Message(static_cast<unsigned char>(*at)));
}

// --- scalars --------------------------------------------------------------------------------

// p is at the opening quote; returns the byte after the closing one, or nullptr on error.
const char *JsonScanner::scanString(const char *p)
{
    const char *const open = p++;
    for (;;) {
#if defined(__SSE2__)
        // 16 bytes at a time: stop at '"', '\\', a control character or a non-ASCII byte.
        const __m128i quote = _mm_set1_epi8('"');
        const __m128i backslash = _mm_set1_epi8('\\');
        const __m128i control = _mm_set1_epi8(0x1F);
        while (m_end - p >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
            const __m128i special =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                             _mm_cmpeq_epi8(_mm_max_epu8(v, control), control));
            const unsigned mask = unsigned(_mm_movemask_epi8(special) | _mm_movemask_epi8(v));
            if (mask) {
                p += __builtin_ctz(mask);
                goto special;
            }
            p += 16;
        }
#endif
        while (p < m_end && plainStringBytes.plain[static_cast<unsigned char>(*p)])
            ++p;
        if (p >= m_end) {
            fail(open, QStringLiteral("unterminated string"));
            return nullptr;
        }
#if defined(__SSE2__)
    special:
#endif
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"')
            return p + 1;
        if (c == '\\') {
            if (p + 1 >= m_end) {
                fail(open, QStringLiteral("unterminated string"));
                return nullptr;
            }
            const char e = p[1];
            if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
                e == 't') {
                p += 2;
                continue;
            }
            if (e == 'u' && m_end - p >= 6 && isHex(p[2]) && isHex(p[3]) && isHex(p[4]) &&
                isHex(p[5])) {
                p += 6;
                continue;
            }
            // Quote what was written: "\q", or "\u12x" with the hex digits that follow.
            const char *shown = p + 2;
            if (e == 'u') {
                while (shown < m_end && shown < p + 6 && *shown != '"' && *shown >= 0x21 &&
                       *shown < 0x7F)
                    ++shown;
            }
            const QString escape = e >= 0x21 && e < 0x7F ? QString::fromLatin1(p, shown - p)
                                                         : QStringLiteral("\\") + describe(p + 1);
            fail(p, QStringLiteral("invalid escape '%1' in a string").arg(escape));
            return nullptr;
        }
        if (c < 0x20) {
            fail(p, QStringLiteral("unescaped control character %1 in a string").arg(describe(p)));
            return nullptr;
        }
        const int n = utf8SequenceLength(p, m_end);
        if (n > 0) {
            p += n;
            continue;
        }
        if (m_utf8Policy == Utf8Policy::Strict) {
            failUtf8(p);
            return nullptr;
        }
        // The quotes around the string are ASCII, so the structure is still known: go on.
        if (m_invalidUtf8 == std::string_view::npos)
            m_invalidUtf8 = std::size_t(p - m_begin);
        ++p;
    }
}

// RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
const char *JsonScanner::scanNumber(const char *p)
{
    const char *const start = p;
    const auto digits = [this](const char *q) {
        const char *from = q;
        while (q < m_end && isDigit(*q))
            ++q;
        return q == from ? nullptr : q;
    };
    if (p < m_end && *p == '-')
        ++p;
    if (p < m_end && *p == '0')
        ++p;
    else if (!(p = digits(p)))
        goto invalid;
    if (p < m_end && *p == '.' && !(p = digits(p + 1)))
        goto invalid;
    if (p < m_end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < m_end && (*p == '+' || *p == '-'))
            ++p;
        if (!(p = digits(p)))
            goto invalid;
    }
    // "01", "1.2.3", "12abc", "0x1F": a number glued to more number-like bytes is one bad token.
    if (p < m_end && (isWordChar(*p) || *p == '.' || *p == '+' || *p == '-'))
        goto invalid;
    return p;
invalid:
    fail(start, QStringLiteral("invalid number"));
    return nullptr;
}

const char *JsonScanner::scanLiteral(const char *p)
{
    for (const std::string_view literal :
         {std::string_view("true"), std::string_view("false"), std::string_view("null")}) {
        if (std::size_t(m_end - p) >= literal.size() &&
            std::memcmp(p, literal.data(), literal.size()) == 0 &&
            (p + literal.size() == m_end || !isWordChar(p[literal.size()])))
            return p + literal.size();
    }
    const char *end = p;
    while (end < m_end && isWordChar(*end))
        ++end;
    const std::string_view word(p, std::size_t(end - p));
    const std::size_t shown = std::min<std::size_t>(word.size(), 24);
    fail(p,
         QStringLiteral("invalid literal '%1%2': expected true, false or null")
             .arg(QLatin1StringView(word.substr(0, shown)),
                  shown < word.size() ? QStringLiteral("…") : QString()));
    return nullptr;
}

// A value that is not a container, at p (not white space). depth: see failValue().
const char *JsonScanner::scanScalar(const char *p, int depth)
{
    if (p >= m_end) {
        failValue(p, depth);
        return nullptr;
    }
    switch (*p) {
    case '"':
        return scanString(p);
    case '-':
    case '+':
    case '.':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        return scanNumber(p);
    default:
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            return scanLiteral(p);
        failValue(p, depth);
        return nullptr;
    }
}

// --- containers -----------------------------------------------------------------------------

// p is at '{' or '['; scans to the matching bracket with an explicit stack (no recursion, so a
// hostile nesting depth costs neither stack nor time beyond the limit).
const char *JsonScanner::scanContainer(const char *p, int depth)
{
    m_stack.clear();
open:
    if (depth + int(m_stack.size()) >= m_maxDepth) {
        fail(p, QStringLiteral("nesting too deep: more than %1 levels").arg(m_maxDepth));
        return nullptr;
    }
    m_stack.push_back(*p);
    p = skipWs(p + 1);
    if (m_stack.back() == '{') {
        if (p < m_end && *p == '}') {
            ++p;
            goto close;
        }
        if (p < m_end && *p == '"')
            goto key;
        failFound(p, "a string key or '}'");
        return nullptr;
    }
    if (p < m_end && *p == ']') {
        ++p;
        goto close;
    }
    if (p >= m_end) {
        failEnd("a value or ']'");
        return nullptr;
    }
    goto value;

key:
    if (!(p = scanString(p)))
        return nullptr;
    p = skipWs(p);
    if (p >= m_end || *p != ':') {
        failFound(p, "':'");
        return nullptr;
    }
    p = skipWs(p + 1);

value:
    if (p < m_end && (*p == '{' || *p == '['))
        goto open;
    if (!(p = scanScalar(p, 1)))
        return nullptr;

after:
    p = skipWs(p);
    if (m_stack.back() == '{') {
        if (p < m_end && *p == ',') {
            p = skipWs(p + 1);
            if (p < m_end && *p == '"')
                goto key;
            if (p < m_end && *p == '}') {
                fail(p, QStringLiteral("trailing comma before '}'"));
                return nullptr;
            }
            failFound(p, "a string key");
            return nullptr;
        }
        if (p < m_end && *p == '}') {
            ++p;
            goto close;
        }
        failFound(p, "',' or '}'");
        return nullptr;
    }
    if (p < m_end && *p == ',') {
        p = skipWs(p + 1);
        if (p < m_end && *p == ']') {
            fail(p, QStringLiteral("trailing comma before ']'"));
            return nullptr;
        }
        goto value;
    }
    if (p < m_end && *p == ']') {
        ++p;
        goto close;
    }
    failFound(p, "',' or ']'");
    return nullptr;

close:
    m_stack.pop_back();
    if (!m_stack.empty())
        goto after;
    return p;
}

bool JsonScanner::scanValue(Span *span, int depth)
{
    const char *p = skipWs(m_p);
    if (p >= m_end)
        return failEnd("a value");
    const char *const start = p;
    const char first = *p;
    p = (first == '{' || first == '[') ? scanContainer(p, depth) : scanScalar(p, depth);
    if (!p)
        return false;
    m_p = p;
    if (span) {
        span->begin = std::size_t(start - m_begin);
        span->end = std::size_t(p - m_begin);
        switch (first) {
        case '{':
            span->kind = Kind::Object;
            break;
        case '[':
            span->kind = Kind::Array;
            break;
        case '"':
            span->kind = Kind::String;
            break;
        case 't':
        case 'f':
            span->kind = Kind::Boolean;
            break;
        case 'n':
            span->kind = Kind::Null;
            break;
        default:
            span->kind = Kind::Number;
        }
    }
    return true;
}

bool JsonScanner::enter(Container *container, int depth)
{
    m_p = skipWs(m_p);
    if (m_p >= m_end)
        return failEnd("a value");
    if (*m_p != '{' && *m_p != '[')
        return failValue(m_p, depth);
    if (depth >= m_maxDepth)
        return fail(m_p, QStringLiteral("nesting too deep: more than %1 levels").arg(m_maxDepth));
    *container = {*m_p == '{', true, depth + 1};
    ++m_p;
    return true;
}

JsonScanner::Step JsonScanner::next(Container &container, std::string_view *key)
{
    const char *p = skipWs(m_p);
    const bool first = container.first;
    container.first = false;
    if (container.object) {
        if (p < m_end && *p == '}') {
            m_p = p + 1;
            return Step::End;
        }
        if (!first) {
            if (p >= m_end || *p != ',') {
                failFound(p, "',' or '}'");
                return Step::Failed;
            }
            p = skipWs(p + 1);
            if (p < m_end && *p == '}') {
                fail(p, QStringLiteral("trailing comma before '}'"));
                return Step::Failed;
            }
        }
        if (p >= m_end || *p != '"') {
            failFound(p, first ? "a string key or '}'" : "a string key");
            return Step::Failed;
        }
        const char *keyEnd = scanString(p);
        if (!keyEnd)
            return Step::Failed;
        if (key)
            *key = std::string_view(p + 1, std::size_t(keyEnd - p - 2));
        p = skipWs(keyEnd);
        if (p >= m_end || *p != ':') {
            failFound(p, "':'");
            return Step::Failed;
        }
        m_p = skipWs(p + 1);
        return Step::Item;
    }
    if (p < m_end && *p == ']') {
        m_p = p + 1;
        return Step::End;
    }
    if (!first) {
        if (p >= m_end || *p != ',') {
            failFound(p, "',' or ']'");
            return Step::Failed;
        }
        p = skipWs(p + 1);
        if (p < m_end && *p == ']') {
            fail(p, QStringLiteral("trailing comma before ']'"));
            return Step::Failed;
        }
    } else if (p >= m_end) {
        failEnd("a value or ']'");
        return Step::Failed;
    }
    m_p = p;
    return Step::Item;
}

// --- utilities ------------------------------------------------------------------------------

int JsonScanner::utf8SequenceLength(const char *p, const char *end)
{
    const auto *s = reinterpret_cast<const unsigned char *>(p);
    const std::ptrdiff_t avail = end - p;
    if (avail <= 0)
        return 0;
    const unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    // Second-byte ranges exclude overlong forms, UTF-16 surrogates and code points > U+10FFFF.
    unsigned char lo = 0x80, hi = 0xBF;
    int n;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (int i = 2; i < n; ++i) {
        if (!isContinuation(char(s[i])))
            return 0;
    }
    return n;
}

std::size_t JsonScanner::findInvalidUtf8(std::string_view text, bool mayBeCut)
{
    const char *p = text.data();
    const char *const end = p + text.size();
    while (p < end) {
        if (static_cast<unsigned char>(*p) < 0x80) {
            ++p;
            continue;
        }
        const int n = utf8SequenceLength(p, end);
        if (n > 0) {
            p += n;
            continue;
        }
        // A sequence that is only cut off by the end of the window may continue after it.
        const auto lead = static_cast<unsigned char>(*p);
        const int want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (mayBeCut && lead >= 0xC2 && lead <= 0xF4 && end - p < want &&
            std::all_of(p + 1, end, [](char c) { return isContinuation(c); }))
            return std::string_view::npos;
        return std::size_t(p - text.data());
    }
    return std::string_view::npos;
}

JsonScanner::Position JsonScanner::position(std::string_view text, std::size_t offset,
                                            PositionCache *cache)
{
    offset = std::min(offset, text.size());
    const char *const begin = text.data();
    PositionCache at;
    if (cache && cache->offset <= offset)
        at = *cache;
    const auto codePoints = [](const char *from, const char *to) {
        return qint64(std::count_if(from, to, [](char c) { return !isContinuation(c); }));
    };
    // Lines end at LF; the CR of a CRLF is just the last character of its line.
    const char *p = begin + at.offset;
    const char *const target = begin + offset;
    bool newLine = false;
    while (const void *nl = std::memchr(p, '\n', std::size_t(target - p))) {
        p = static_cast<const char *>(nl) + 1;
        ++at.line;
        newLine = true;
    }
    if (newLine) {
        at.lineStart = std::size_t(p - begin);
        at.column = 1 + codePoints(p, target);
    } else {
        at.column += codePoints(begin + at.offset, target);
    }
    // An editor does not show the file's byte order mark as a character.
    if (at.lineStart == 0 && at.offset < 3 && offset >= 3 && text.substr(0, 3) == Utf8Bom)
        --at.column;
    at.offset = offset;
    if (cache)
        *cache = at;
    return {at.line, at.column};
}

QString JsonScanner::invalidUtf8Message(unsigned char byte)
{
    return QStringLiteral("invalid UTF-8: byte 0x%1 is not valid here (is the file Latin-1? save "
                          "it as UTF-8)")
        .arg(QString::number(byte, 16).toUpper().rightJustified(2, QLatin1Char('0')));
}

QString JsonScanner::pathAt(std::string_view text, std::size_t begin, std::size_t offset)
{
    constexpr int MaxLevels = 32;
    JsonScanner scanner(text);
    scanner.setUtf8Policy(Utf8Policy::Tolerant);
    scanner.seek(begin);
    std::string path;
    const auto result = [&path] { return QString::fromUtf8(path.data(), qsizetype(path.size())); };
    for (int level = 0; level < MaxLevels; ++level) {
        Container container;
        if (!scanner.enter(&container, level))
            break;
        bool inside = false;
        for (std::size_t index = 0; !inside; ++index) {
            std::string_view key;
            if (scanner.next(container, &key) != Step::Item || offset < scanner.offset())
                return result(); // past the container, or inside a key
            Span span;
            if (!scanner.scanValue(&span, container.depth))
                return result();
            if (offset >= span.end)
                continue;
            if (!container.object) {
                path += '[' + std::to_string(index) + ']';
            } else {
                if (!path.empty())
                    path += '.';
                path += key;
            }
            if (span.kind != Kind::Object && span.kind != Kind::Array)
                return result();
            scanner.seek(span.begin);
            inside = true;
        }
    }
    return result();
}

const char *JsonScanner::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Object:
        return "object";
    case Kind::Array:
        return "array";
    case Kind::String:
        return "string";
    case Kind::Number:
        return "number";
    case Kind::Boolean:
        return "boolean";
    case Kind::Null:
        return "null";
    }
    return "value";
}

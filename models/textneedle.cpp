// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "textneedle.h"

#include <QChar>
#include <QList>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SESSIONDESK_X86_SIMD 1
#endif

namespace {

// ASCII letters to lower case; every other byte (non-ASCII ones too) to itself.
constexpr std::array<unsigned char, 256> asciiLower = [] {
    std::array<unsigned char, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[std::size_t(c)] = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : (unsigned char)c;
    return table;
}();

bool isAscii(std::string_view text)
{
    unsigned char any = 0;
    for (const char c : text)
        any |= (unsigned char)c;
    return any < 0x80;
}

// `text` folded equals `folded` (ASCII, already folded), over folded.size() bytes. A non-ASCII
// byte in `text` never equals a byte of `folded`.
bool equalFolded(const char *text, std::string_view folded)
{
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (asciiLower[(unsigned char)text[i]] != (unsigned char)folded[i])
            return false;
    }
    return true;
}

constexpr StringPool::Id ScanThreshold = 64; // values; fewer are tested one by one

// What a block scan looks for: the needle's first byte at p and its last at p + k - 1 (letters
// either case when folding), and, when folding, non-ASCII bytes.
struct ScanKeys
{
    const char *arena;
    std::size_t size;
    std::size_t k;
    unsigned char head;
    unsigned char tail;
    bool folding;

    bool headLetter() const { return folding && head >= 'a' && head <= 'z'; }
    bool tailLetter() const { return folding && tail >= 'a' && tail <= 'z'; }
};

// Calls handle(p, nonAscii) for each event at p >= resume, in order, over whole blocks of
// `Width` bytes from pos; handle() returns where to go on. Returns the first position not
// scanned.
#ifdef SESSIONDESK_X86_SIMD
template<typename Handle>
std::size_t scanEvents(unsigned events, unsigned nonAscii, std::size_t pos, std::size_t &resume,
                       Handle &handle)
{
    for (; events != 0; events &= events - 1) {
        const int bit = std::countr_zero(events);
        const std::size_t p = pos + std::size_t(bit);
        if (p < resume)
            continue;
        const std::size_t next = handle(p, (nonAscii >> bit) & 1);
        if (next > p + 1)
            resume = next;
    }
    return resume;
}

template<typename Handle>
std::size_t scanSse2(const ScanKeys &keys, std::size_t pos, std::size_t &resume, Handle &handle)
{
    if (keys.size < keys.k - 1 + 16)
        return pos;
    const __m128i headBytes = _mm_set1_epi8(char(keys.head));
    const __m128i tailBytes = _mm_set1_epi8(char(keys.tail));
    const __m128i headFold = _mm_set1_epi8(keys.headLetter() ? 0x20 : 0);
    const __m128i tailFold = _mm_set1_epi8(keys.tailLetter() ? 0x20 : 0);
    const std::size_t last = keys.size - (keys.k - 1) - 16; // both loads stay in the arena
    while (pos <= last) {
        const char *at = keys.arena + pos;
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at + keys.k - 1));
        const __m128i both = _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(a, headFold), headBytes),
                                           _mm_cmpeq_epi8(_mm_or_si128(b, tailFold), tailBytes));
        const auto nonAscii = keys.folding ? unsigned(_mm_movemask_epi8(a)) : 0u;
        const auto events = unsigned(_mm_movemask_epi8(both)) | nonAscii;
        if (events != 0)
            scanEvents(events, nonAscii, pos, resume, handle);
        pos = std::max(pos + 16, resume);
    }
    return pos;
}

template<typename Handle>
__attribute__((target("avx2"))) std::size_t scanAvx2(const ScanKeys &keys, std::size_t pos,
                                                     std::size_t &resume, Handle &handle)
{
    if (keys.size < keys.k - 1 + 32)
        return pos;
    const __m256i headBytes = _mm256_set1_epi8(char(keys.head));
    const __m256i tailBytes = _mm256_set1_epi8(char(keys.tail));
    const __m256i headFold = _mm256_set1_epi8(keys.headLetter() ? 0x20 : 0);
    const __m256i tailFold = _mm256_set1_epi8(keys.tailLetter() ? 0x20 : 0);
    const std::size_t last = keys.size - (keys.k - 1) - 32;
    while (pos <= last) {
        const char *at = keys.arena + pos;
        const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at));
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(at + keys.k - 1));
        const __m256i both =
            _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_or_si256(a, headFold), headBytes),
                             _mm256_cmpeq_epi8(_mm256_or_si256(b, tailFold), tailBytes));
        const auto nonAscii = keys.folding ? unsigned(_mm256_movemask_epi8(a)) : 0u;
        const auto events = unsigned(_mm256_movemask_epi8(both)) | nonAscii;
        if (events != 0)
            scanEvents(events, nonAscii, pos, resume, handle);
        pos = std::max(pos + 32, resume);
    }
    return pos;
}

bool hasAvx2()
{
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
}
#endif

} // namespace

TextNeedle::TextNeedle(const QString &needle, Mode mode, Qt::CaseSensitivity sensitivity)
    : m_needle(needle)
    , m_mode(mode)
    , m_sensitivity(sensitivity)
{
    if (sensitivity == Qt::CaseSensitive) {
        m_bytes = needle.toStdString();
        return;
    }
    // Per code point, as QString's case-insensitive comparisons fold.
    QString folded;
    for (const char32_t ucs4 : needle.toUcs4()) {
        const char32_t f = QChar::toCaseFolded(ucs4);
        folded.append(QString::fromUcs4(&f, 1));
    }
    m_bytes = folded.toStdString();
    m_foldedAscii = isAscii(m_bytes);
}

bool TextNeedle::matches(std::string_view utf8) const
{
    if (m_sensitivity == Qt::CaseSensitive) {
        // Byte comparisons of valid UTF-8 agree with comparisons of the decoded text.
        switch (m_mode) {
        case Contains:
            return utf8.find(m_bytes) != std::string_view::npos;
        case StartsWith:
            return utf8.starts_with(m_bytes);
        case Equals:
            return utf8 == m_bytes;
        }
        return false;
    }
    if (!m_foldedAscii) // ASCII text folds to ASCII, so only other text can match
        return !isAscii(utf8) && matchesDecoded(utf8);
    // The needle is as many UTF-16 units as bytes, and text has no more units than bytes.
    const std::size_t k = m_bytes.size();
    if (utf8.size() < k)
        return false;
    switch (m_mode) {
    case StartsWith:
        // Decided by the first k bytes when they are ASCII (k whole characters).
        return isAscii(utf8.substr(0, k)) ? equalFolded(utf8.data(), m_bytes)
                                          : matchesDecoded(utf8);
    case Equals:
        if (utf8.size() == k && isAscii(utf8))
            return equalFolded(utf8.data(), m_bytes);
        return !isAscii(utf8) && matchesDecoded(utf8);
    case Contains:
        return isAscii(utf8) ? matchesAscii(utf8) : matchesDecoded(utf8);
    }
    return false;
}

bool TextNeedle::matchesAscii(std::string_view text) const
{
    const std::string_view folded = m_bytes;
    if (folded.empty())
        return true;
    if (text.size() < folded.size())
        return false;
    const unsigned char first = (unsigned char)folded[0];
    const std::string_view rest = folded.substr(1);
    const std::size_t last = text.size() - folded.size();
    for (std::size_t i = 0; i <= last; ++i) {
        if (asciiLower[(unsigned char)text[i]] == first && equalFolded(text.data() + i + 1, rest))
            return true;
    }
    return false;
}

bool TextNeedle::matchesDecoded(std::string_view utf8) const
{
    const QString text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
    switch (m_mode) {
    case Contains:
        return text.contains(m_needle, m_sensitivity);
    case StartsWith:
        return text.startsWith(m_needle, m_sensitivity);
    case Equals:
        return text.compare(m_needle, m_sensitivity) == 0;
    }
    return false;
}

void TextNeedle::markMatches(const StringPool &pool, StringPool::Id first, StringPool::Id end,
                             std::uint8_t *marks) const
{
    first = std::max<StringPool::Id>(first, 1); // Null never matches
    if (first >= end)
        return;
    const bool foldedAway = m_sensitivity == Qt::CaseInsensitive && !m_foldedAscii;
    if (m_mode != Contains || m_bytes.empty() || foldedAway || end - first < ScanThreshold) {
        for (StringPool::Id id = first; id < end; ++id) {
            if (matches(pool.view(id)))
                marks[id] = 1;
        }
        return;
    }
    scanArena(pool, first, end, marks);
}

// The pool's values first..end-1 lie back to back in one arena (StringPool's layout). Events are
// positions where the needle's first and last bytes both fit (candidates) and, when folding
// case, non-ASCII bytes: a string holding one is decided by matches(), since Qt may fold a
// non-ASCII character to an ASCII one (K, the Kelvin sign, to k). A match found on ASCII bytes
// is always a match. After a string is decided the scan resumes at its end.
void TextNeedle::scanArena(const StringPool &pool, StringPool::Id first, StringPool::Id end,
                           std::uint8_t *marks) const
{
    using Id = StringPool::Id;
    const char *arena = pool.view(first).data();
    const std::string_view lastValue = pool.view(end - 1);
    const std::string_view needle = m_bytes;
    const ScanKeys keys{arena,
                        std::size_t(lastValue.data() + lastValue.size() - arena),
                        needle.size(),
                        (unsigned char)needle.front(),
                        (unsigned char)needle.back(),
                        m_sensitivity == Qt::CaseInsensitive};
    const std::size_t k = keys.k;

    auto endOf = [&](Id id) {
        const std::string_view value = pool.view(id);
        return std::size_t(value.data() + value.size() - arena);
    };
    Id id = first; // the string holding the last event; moves forward only
    std::size_t idEnd = endOf(id);
    auto locate = [&](std::size_t p) {
        if (idEnd > p)
            return;
        // Gallop, then bisect: the first string ending after p.
        Id low = id + 1;
        Id high = low;
        Id step = 1;
        while (high < end - 1 && endOf(high) <= p) {
            low = high + 1;
            step *= 2;
            high = std::min<Id>(end - 1, high + step);
        }
        while (low < high) {
            const Id middle = low + (high - low) / 2;
            if (endOf(middle) <= p)
                low = middle + 1;
            else
                high = middle;
        }
        id = low;
        idEnd = endOf(id);
    };
    // Decides the string at event p; returns where to go on.
    auto handle = [&](std::size_t p, bool nonAscii) -> std::size_t {
        locate(p);
        if (nonAscii) {
            if (matches(pool.view(id)))
                marks[id] = 1;
            return idEnd;
        }
        if (p + k <= idEnd &&
            (keys.folding ? equalFolded(arena + p, needle)
                          : std::memcmp(arena + p, needle.data(), k) == 0)) {
            marks[id] = 1;
            return idEnd;
        }
        return p + 1;
    };

    std::size_t pos = 0;
    std::size_t resume = 0; // events before this are in strings already decided
#ifdef SESSIONDESK_X86_SIMD
    if (hasAvx2())
        pos = scanAvx2(keys, pos, resume, handle);
    pos = scanSse2(keys, pos, resume, handle);
#endif
    for (std::size_t p = std::max(pos, resume); p < keys.size;) {
        const auto byte = (unsigned char)arena[p];
        const bool nonAscii = keys.folding && byte >= 0x80;
        const bool candidate = p + k <= keys.size &&
            (keys.folding ? asciiLower[byte] == keys.head &&
                     asciiLower[(unsigned char)arena[p + k - 1]] == keys.tail
                          : byte == keys.head && (unsigned char)arena[p + k - 1] == keys.tail);
        p = nonAscii || candidate ? std::max(p + 1, handle(p, nonAscii)) : p + 1;
    }
}

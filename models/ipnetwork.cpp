// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "ipnetwork.h"

#include <algorithm>
#include <string>

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Four decimal parts 0–255 without leading zeros (as inet_pton reads them), so that an
// address has one spelling.
bool parseIPv4(std::string_view text, quint8 *out)
{
    int part = 0;
    std::size_t i = 0;
    for (; part < 4; ++part) {
        if (part > 0) {
            if (i >= text.size() || text[i] != '.')
                return false;
            ++i;
        }
        int value = 0;
        int digits = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 4) {
            value = value * 10 + (text[i] - '0');
            ++digits;
            ++i;
        }
        if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text[i - digits] == '0'))
            return false;
        out[part] = quint8(value);
    }
    return i == text.size();
}

bool parseIPv6(std::string_view text, quint8 *out)
{
    quint16 groups[8] = {};
    int count = 0; // groups written
    int gap = -1; // index in `groups` where "::" stands
    std::size_t i = 0;
    if (text.size() >= 2 && text[0] == ':' && text[1] == ':') {
        gap = 0;
        i = 2;
        if (i == text.size()) {
            std::fill(out, out + 16, quint8(0));
            return true;
        }
    } else if (!text.empty() && text[0] == ':') {
        return false;
    }
    while (true) {
        if (count == 8)
            return false;
        // A trailing dotted quad stands for the last two groups.
        const std::size_t nextColon = text.find(':', i);
        if (nextColon == std::string_view::npos && text.find('.', i) != std::string_view::npos) {
            if (count > 6)
                return false;
            quint8 v4[4];
            if (!parseIPv4(text.substr(i), v4))
                return false;
            groups[count++] = quint16(v4[0] << 8 | v4[1]);
            groups[count++] = quint16(v4[2] << 8 | v4[3]);
            break;
        }
        int value = 0;
        int digits = 0;
        while (i < text.size() && digits < 5) {
            const int h = hexValue(text[i]);
            if (h < 0)
                break;
            value = value << 4 | h;
            ++digits;
            ++i;
        }
        if (digits == 0 || digits > 4)
            return false;
        groups[count++] = quint16(value);
        if (i == text.size())
            break;
        if (text[i] != ':')
            return false;
        ++i;
        if (i < text.size() && text[i] == ':') {
            if (gap >= 0)
                return false; // a second "::"
            gap = count;
            ++i;
            if (i == text.size())
                break;
        } else if (i == text.size()) {
            return false; // a single trailing ':'
        }
    }
    if (gap < 0 ? count != 8 : count > 7)
        return false;
    quint16 full[8] = {};
    if (gap < 0) {
        std::copy(groups, groups + 8, full);
    } else {
        std::copy(groups, groups + gap, full);
        const int tail = count - gap;
        std::copy(groups + gap, groups + count, full + 8 - tail);
    }
    for (int g = 0; g < 8; ++g) {
        out[2 * g] = quint8(full[g] >> 8);
        out[2 * g + 1] = quint8(full[g]);
    }
    return true;
}

} // namespace

std::optional<IpNetwork::Address> IpNetwork::parseAddress(std::string_view text)
{
    Address address;
    if (text.find(':') != std::string_view::npos) {
        address.family = Family::IPv6;
        if (!parseIPv6(text, address.bytes.data()))
            return std::nullopt;
    } else if (!parseIPv4(text, address.bytes.data())) {
        return std::nullopt;
    }
    return address;
}

std::optional<IpNetwork> IpNetwork::parse(std::string_view text, ParseStatus *status)
{
    auto fail = [status](ParseStatus why) -> std::optional<IpNetwork> {
        if (status)
            *status = why;
        return std::nullopt;
    };
    const std::size_t slash = text.find('/');
    const std::optional<Address> address = parseAddress(text.substr(0, slash));
    if (!address)
        return fail(ParseStatus::BadAddress);
    const int maxLength = address->family == Family::IPv4 ? 32 : 128;
    int length = maxLength;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3)
            return fail(ParseStatus::BadPrefixLength);
        length = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9')
                return fail(ParseStatus::BadPrefixLength);
            length = length * 10 + (c - '0');
        }
        if (length > maxLength)
            return fail(ParseStatus::PrefixTooLong);
    }
    IpNetwork network;
    network.m_base = *address;
    network.m_prefixLength = length;
    for (int bit = length; bit < 128; ++bit)
        network.m_base.bytes[std::size_t(bit / 8)] &= quint8(~(0x80u >> (bit % 8)));
    const std::array<quint8, 16> &bytes = network.m_base.bytes;
    if (network.m_base.family == Family::IPv4) {
        for (int i = 0; i < length / 8; ++i)
            network.m_textPrefix += std::to_string(bytes[std::size_t(i)]) + (i < 3 ? "." : "");
    } else if (bytes[0] >= 0x10) { // a first group of four hex digits, never with leading zeros
        static constexpr char Hex[] = "0123456789abcdef";
        const char digits[4] = {Hex[bytes[0] >> 4], Hex[bytes[0] & 15], Hex[bytes[1] >> 4],
                                Hex[bytes[1] & 15]};
        network.m_textPrefix.assign(digits, std::size_t(std::min(4, length / 4)));
    }
    if (status)
        *status = ParseStatus::Ok;
    return network;
}

bool IpNetwork::contains(const Address &address) const
{
    if (address.family != m_base.family)
        return false;
    const int whole = m_prefixLength / 8;
    for (int i = 0; i < whole; ++i) {
        if (address.bytes[std::size_t(i)] != m_base.bytes[std::size_t(i)])
            return false;
    }
    const int rest = m_prefixLength % 8;
    if (rest == 0)
        return true;
    const auto mask = quint8(0xff00u >> rest);
    return (address.bytes[std::size_t(whole)] & mask) == m_base.bytes[std::size_t(whole)];
}

bool IpNetwork::mayContain(std::string_view address) const
{
    // The first part of the address, read far enough to compare the network's first bits: a
    // byte for IPv4, a group for IPv6. Most addresses of a large pool fail here.
    const int bits = std::min(m_prefixLength, m_base.family == Family::IPv4 ? 8 : 16);
    unsigned value = 0;
    if (m_base.family == Family::IPv4) {
        std::size_t i = 0;
        for (; i < address.size() && i < 4 && address[i] >= '0' && address[i] <= '9'; ++i)
            value = value * 10 + unsigned(address[i] - '0');
        if (i == 0 || i > 3 || i == address.size() || address[i] != '.')
            return false;
        return (value >> (8 - bits)) == unsigned(m_base.bytes[0] >> (8 - bits));
    }
    if (!address.starts_with("::")) {
        std::size_t i = 0;
        for (int h; i < address.size() && i < 5 && (h = hexValue(address[i])) >= 0; ++i)
            value = value << 4 | unsigned(h);
        if (i == 0 || i > 4 || i == address.size() || address[i] != ':')
            return false;
    }
    const unsigned group = unsigned(m_base.bytes[0]) << 8 | m_base.bytes[1];
    return (value >> (16 - bits)) == (group >> (16 - bits));
}

bool IpNetwork::contains(std::string_view address) const
{
    if (!m_textPrefix.empty()) {
        if (address.size() < m_textPrefix.size())
            return false;
        for (std::size_t i = 0; i < m_textPrefix.size(); ++i) {
            const char c = address[i];
            if ((c >= 'A' && c <= 'F' ? char(c + 32) : c) != m_textPrefix[i])
                return false;
        }
    }
    if (!mayContain(address))
        return false;
    const std::optional<Address> parsed = parseAddress(address);
    return parsed && contains(*parsed);
}

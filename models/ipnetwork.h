// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <array>
#include <optional>
#include <string>
#include <string_view>

// An IPv4 or IPv6 network ("203.0.113.0/24", "2a00:1450::/32") or a single address (all bits),
// parsed from text without allocating, so that hundreds of thousands of stored addresses can be
// tested per keystroke. Addresses are strict: IPv4 is a dotted quad of decimal numbers 0–255
// without leading zeros;
// IPv6 is RFC 4291 text (hex groups, one "::", an optional trailing dotted quad), without zone.
// An IPv4 network never contains an IPv6 address, IPv4-mapped ones included.
class IpNetwork
{
public:
    enum class Family : quint8 { IPv4, IPv6 };
    struct Address
    {
        Family family = Family::IPv4;
        std::array<quint8, 16> bytes{}; // IPv4 uses the first 4

        bool operator==(const Address &) const = default;
    };
    enum class ParseStatus : quint8 {
        Ok,
        BadAddress, // the part before '/' (or the whole text) is not an address
        BadPrefixLength, // after '/': not a decimal number
        PrefixTooLong, // over 32 (IPv4) or 128 (IPv6)
    };

    static std::optional<Address> parseAddress(std::string_view text);
    // "address/length" or a bare address; bits after the prefix are ignored (203.0.113.7/24 is
    // 203.0.113.0/24).
    static std::optional<IpNetwork> parse(std::string_view text, ParseStatus *status = nullptr);

    Family family() const { return m_base.family; }
    int prefixLength() const { return m_prefixLength; }
    const Address &base() const { return m_base; } // with the host bits cleared

    bool contains(const Address &address) const;
    // False when `address` is not an address.
    bool contains(std::string_view address) const;

    bool operator==(const IpNetwork &other) const
    {
        return m_base == other.m_base && m_prefixLength == other.m_prefixLength;
    }

private:
    bool mayContain(std::string_view address) const;

    Address m_base;
    int m_prefixLength = 0;
    // How every address of the network begins as text, when that is knowable: the whole bytes
    // of an IPv4 prefix ("203.0.113."), the whole hex digits of a four-digit first IPv6 group
    // ("2a0", any case). Most addresses of a pool differ at their first byte.
    std::string m_textPrefix;
};

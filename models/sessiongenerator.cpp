// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessiongenerator.h"

#include <QBuffer>
#include <QSaveFile>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

using namespace std::string_view_literals;

namespace {

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 History = 90 * Day; // sessions start in the 90 days before `now`
constexpr qint64 AbandonAfter = 30 * Day;

// ---------------------------------------------------------------------------------------------
// Randomness: splitmix64 to seed, xoshiro256** to draw. Integer arithmetic only, no standard
// distributions (their output differs between standard libraries), so every machine agrees.

std::uint64_t splitmix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Independent streams (one per user, organisation, …) derived from the document's seed.
enum Stream : std::uint64_t { UserStream = 1, OrganizationStream, AdminStream, InstanceStream };

std::uint64_t streamSeed(std::uint64_t seed, Stream stream, std::uint64_t index)
{
    std::uint64_t state = seed;
    state = splitmix64(state) ^ stream;
    state = splitmix64(state) ^ index;
    return splitmix64(state);
}

class Random
{
public:
    explicit Random(std::uint64_t seed)
    {
        for (std::uint64_t &word : m_state)
            word = splitmix64(seed);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = std::rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = std::rotl(m_state[3], 45);
        return result;
    }
    // Uniform in [0, n), n < 2^32 (multiply-shift; the bias is below 2^-32).
    std::uint32_t below(std::uint32_t n) { return std::uint32_t(((next() >> 32) * n) >> 32); }
    // Uniform in [low, high); `low` when the range is empty.
    qint64 between(qint64 low, qint64 high)
    {
        return high > low ? low + qint64(next() % std::uint64_t(high - low)) : low;
    }
    bool chance(int basisPoints) { return int(below(10000)) < basisPoints; }

    // An index into `items`, each weighted by its `weight` member.
    template<typename T>
    int pick(std::span<const T> items)
    {
        std::uint32_t total = 0;
        for (const T &item : items)
            total += item.weight;
        std::uint32_t r = below(total);
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (r < items[i].weight)
                return int(i);
            r -= items[i].weight;
        }
        return int(items.size()) - 1;
    }

private:
    std::array<std::uint64_t, 4> m_state;
};

template<typename T, std::size_t N>
int pick(Random &random, const T (&items)[N])
{
    return random.pick(std::span<const T>(items, N));
}

// ---------------------------------------------------------------------------------------------
// Ids: KSUIDs, as Clerk uses — 4 bytes of seconds since 2014-05-13T16:53:20Z then 16 random
// bytes, as 27 base62 digits. user_2g7np7Hrk0SN6kj5EDMLDaKNL0S was made on 2024-05-07.

struct Ksuid
{
    std::array<char, 27> text{};
    std::string_view view() const { return {text.data(), text.size()}; }
};

Ksuid makeKsuid(qint64 ms, Random &random)
{
    constexpr qint64 KsuidEpoch = 1400000000;
    constexpr std::uint64_t Chunk = 62ULL * 62 * 62 * 62 * 62; // five digits, < 2^32
    static constexpr char Digits[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    const std::uint64_t a = random.next();
    const std::uint64_t b = random.next();
    std::uint32_t limbs[5] = {std::uint32_t(std::max<qint64>(0, ms / Second - KsuidEpoch)),
                              std::uint32_t(a >> 32), std::uint32_t(a), std::uint32_t(b >> 32),
                              std::uint32_t(b)};
    char digits[30]; // 62^30 > 2^160: the first three are always '0'
    for (int chunk = 5; chunk >= 0; --chunk) {
        std::uint64_t remainder = 0;
        for (std::uint32_t &limb : limbs) {
            const std::uint64_t current = (remainder << 32) | limb;
            limb = std::uint32_t(current / Chunk);
            remainder = current % Chunk;
        }
        for (int digit = 4; digit >= 0; --digit) {
            digits[chunk * 5 + digit] = Digits[remainder % 62];
            remainder /= 62;
        }
    }
    Ksuid id;
    std::memcpy(id.text.data(), digits + 3, id.text.size());
    return id;
}

// ---------------------------------------------------------------------------------------------
// Tables. Weights are relative.

constexpr std::string_view StatusNames[] = {"active"sv,  "revoked"sv,   "ended"sv,    "expired"sv,
                                            "removed"sv, "abandoned"sv, "replaced"sv, "pending"sv};
static_assert(std::size(StatusNames) == KnownStatusCount);

struct Weighted
{
    std::uint16_t weight;
};

// Indexed by SessionStatus; out of 10,000.
constexpr Weighted StatusWeights[] = {{1800}, {1200}, {2900}, {2500}, {450}, {500}, {350}, {300}};
static_assert(std::size(StatusWeights) == KnownStatusCount);

// Sessions per user, 1..20: most have a few, some many.
constexpr Weighted SessionsPerUser[] = {{280}, {180}, {120}, {90}, {70}, {60}, {45},
                                        {35},  {25},  {20},  {16}, {13}, {11}, {9},
                                        {7},   {6},   {5},   {4},  {3},  {2}};
// Clients (browsers, devices) per user, 1..4.
constexpr Weighted ClientsPerUser[] = {{45}, {35}, {15}, {5}};

enum Region {
    UnitedStates,
    Canada,
    Europe,
    Asia,
    India,
    Oceania,
    LatinAmerica,
    Africa,
    MiddleEast
};

// First IPv4 octets and first IPv6 groups that are allocated in each region (0-terminated);
// no private, shared, documentation or multicast ranges.
struct RegionAddresses
{
    std::uint8_t v4[32];
    std::uint16_t v6[6];
};

constexpr RegionAddresses Regions[] = {
    {{23, 24, 47, 50, 63, 64, 66, 67,  68,  69,  70,  71,  72,  73,
      74, 75, 76, 96, 97, 98, 99, 104, 107, 108, 135, 162, 173, 174},
     {0x2600, 0x2601, 0x2603, 0x2605, 0x2607}},
    {{24, 70, 99, 142, 174, 184, 206, 207}, {0x2607, 0x2604}},
    {{2,  5,  31, 37, 46, 62, 77, 78, 79, 80,  81,  82,  83,  84,  85,  86,
      87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 176, 178, 185, 188, 212, 217},
     {0x2a00, 0x2a01, 0x2a02, 0x2003, 0x2a0a}},
    {{1,   14,  27,  36,  39,  42,  49,  58,  59,  60,  61,  101, 110, 111, 112, 113,
      114, 115, 116, 118, 119, 121, 122, 124, 125, 175, 180, 182, 210, 211, 218, 220},
     {0x2400, 0x2404, 0x240b, 0x2406}},
    {{14, 27, 49, 103, 106, 117, 122, 157, 182, 223}, {0x2401, 0x2405, 0x2409}},
    {{1, 27, 49, 58, 101, 103, 110, 120, 121, 124, 144, 203}, {0x2403, 0x2406, 0x2407}},
    {{177, 179, 181, 186, 187, 189, 190, 191, 200, 201}, {0x2800, 0x2804, 0x2803}},
    {{41, 102, 105, 154, 196, 197}, {0x2c0f, 0x2c0e}},
    {{2, 5, 31, 37, 46, 77, 78, 80, 82, 85, 94, 109, 176, 185}, {0x2a02, 0x2a01, 0x2a0d}},
};

struct City
{
    std::string_view name; // as GeoIP spells it in English
    std::string_view country; // ISO 3166-1 alpha-2
    Region region;
    std::uint16_t weight;
};

constexpr City Cities[] = {
    {"New York"sv, "US"sv, UnitedStates, 60},
    {"San Francisco"sv, "US"sv, UnitedStates, 45},
    {"Los Angeles"sv, "US"sv, UnitedStates, 35},
    {"Chicago"sv, "US"sv, UnitedStates, 25},
    {"Seattle"sv, "US"sv, UnitedStates, 22},
    {"Austin"sv, "US"sv, UnitedStates, 20},
    {"Boston"sv, "US"sv, UnitedStates, 18},
    {"Denver"sv, "US"sv, UnitedStates, 12},
    {"Atlanta"sv, "US"sv, UnitedStates, 12},
    {"Miami"sv, "US"sv, UnitedStates, 12},
    {"Dallas"sv, "US"sv, UnitedStates, 12},
    {"Phoenix"sv, "US"sv, UnitedStates, 8},
    {"Portland"sv, "US"sv, UnitedStates, 8},
    {"Washington"sv, "US"sv, UnitedStates, 10},
    {"San Jose"sv, "US"sv, UnitedStates, 10},
    {"Minneapolis"sv, "US"sv, UnitedStates, 6},
    {"Toronto"sv, "CA"sv, Canada, 18},
    {"Vancouver"sv, "CA"sv, Canada, 10},
    {"Montréal"sv, "CA"sv, Canada, 8},
    {"London"sv, "GB"sv, Europe, 40},
    {"Manchester"sv, "GB"sv, Europe, 8},
    {"Edinburgh"sv, "GB"sv, Europe, 5},
    {"Dublin"sv, "IE"sv, Europe, 8},
    {"Berlin"sv, "DE"sv, Europe, 18},
    {"Munich"sv, "DE"sv, Europe, 10},
    {"Hamburg"sv, "DE"sv, Europe, 7},
    {"Frankfurt am Main"sv, "DE"sv, Europe, 7},
    {"Düsseldorf"sv, "DE"sv, Europe, 5},
    {"Paris"sv, "FR"sv, Europe, 20},
    {"Lyon"sv, "FR"sv, Europe, 5},
    {"Amsterdam"sv, "NL"sv, Europe, 14},
    {"Brussels"sv, "BE"sv, Europe, 5},
    {"Madrid"sv, "ES"sv, Europe, 10},
    {"Barcelona"sv, "ES"sv, Europe, 9},
    {"Lisbon"sv, "PT"sv, Europe, 7},
    {"Milan"sv, "IT"sv, Europe, 8},
    {"Rome"sv, "IT"sv, Europe, 5},
    {"Zurich"sv, "CH"sv, Europe, 6},
    {"Vienna"sv, "AT"sv, Europe, 5},
    {"Stockholm"sv, "SE"sv, Europe, 8},
    {"Malmö"sv, "SE"sv, Europe, 3},
    {"Oslo"sv, "NO"sv, Europe, 4},
    {"Copenhagen"sv, "DK"sv, Europe, 5},
    {"Helsinki"sv, "FI"sv, Europe, 4},
    {"Warsaw"sv, "PL"sv, Europe, 7},
    {"Kraków"sv, "PL"sv, Europe, 4},
    {"Prague"sv, "CZ"sv, Europe, 4},
    {"Kyiv"sv, "UA"sv, Europe, 4},
    {"Istanbul"sv, "TR"sv, MiddleEast, 6},
    {"Tel Aviv"sv, "IL"sv, MiddleEast, 6},
    {"Dubai"sv, "AE"sv, MiddleEast, 6},
    {"Bengaluru"sv, "IN"sv, India, 16},
    {"Mumbai"sv, "IN"sv, India, 10},
    {"New Delhi"sv, "IN"sv, India, 9},
    {"Hyderabad"sv, "IN"sv, India, 7},
    {"Singapore"sv, "SG"sv, Asia, 10},
    {"Tokyo"sv, "JP"sv, Asia, 12},
    {"Osaka"sv, "JP"sv, Asia, 4},
    {"Seoul"sv, "KR"sv, Asia, 7},
    {"Hong Kong"sv, "HK"sv, Asia, 5},
    {"Taipei"sv, "TW"sv, Asia, 4},
    {"Jakarta"sv, "ID"sv, Asia, 5},
    {"Manila"sv, "PH"sv, Asia, 4},
    {"Ho Chi Minh City"sv, "VN"sv, Asia, 4},
    {"Sydney"sv, "AU"sv, Oceania, 12},
    {"Melbourne"sv, "AU"sv, Oceania, 8},
    {"Auckland"sv, "NZ"sv, Oceania, 4},
    {"São Paulo"sv, "BR"sv, LatinAmerica, 12},
    {"Rio de Janeiro"sv, "BR"sv, LatinAmerica, 5},
    {"Mexico City"sv, "MX"sv, LatinAmerica, 8},
    {"Buenos Aires"sv, "AR"sv, LatinAmerica, 5},
    {"Bogotá"sv, "CO"sv, LatinAmerica, 4},
    {"Santiago"sv, "CL"sv, LatinAmerica, 3},
    {"Lagos"sv, "NG"sv, Africa, 5},
    {"Nairobi"sv, "KE"sv, Africa, 3},
    {"Cape Town"sv, "ZA"sv, Africa, 3},
    {"Johannesburg"sv, "ZA"sv, Africa, 3},
    {"Cairo"sv, "EG"sv, Africa, 3},
};

enum Device { Macintosh, Windows, Linux, IPhone, IPad, Android, DeviceCount };
enum Browser { Chrome, Safari, Firefox, Edge, Opera, SamsungInternet, BrowserCount };

struct DeviceInfo
{
    std::string_view name; // device_type as Clerk reports it
    bool mobile;
    std::uint16_t weight;
};
constexpr DeviceInfo Devices[] = {
    {"Macintosh"sv, false, 30}, {"Windows"sv, false, 30}, {"Linux"sv, false, 5},
    {"iPhone"sv, true, 18},     {"iPad"sv, true, 4},      {"Android"sv, true, 13},
};
static_assert(std::size(Devices) == DeviceCount);

constexpr std::string_view BrowserNames[] = {"Chrome"sv, "Safari"sv, "Firefox"sv,
                                             "Edge"sv,   "Opera"sv,  "Samsung Internet"sv};
static_assert(std::size(BrowserNames) == BrowserCount);

// Browser shares per device, in BrowserNames order.
constexpr Weighted BrowserShares[DeviceCount][BrowserCount] = {
    {{55}, {30}, {7}, {5}, {3}, {0}}, // Macintosh
    {{65}, {0}, {10}, {20}, {5}, {0}}, // Windows
    {{60}, {0}, {40}, {0}, {0}, {0}}, // Linux
    {{15}, {85}, {0}, {0}, {0}, {0}}, // iPhone
    {{10}, {90}, {0}, {0}, {0}, {0}}, // iPad
    {{75}, {0}, {4}, {0}, {4}, {17}}, // Android
};

// Chrome 120..131 (also Edge's majors); newer ones more common.
constexpr Weighted ChromeMajors[] = {{2}, {2}, {3}, {3}, {4}, {5}, {6}, {7}, {9}, {12}, {17}, {30}};
constexpr int FirstChromeMajor = 120;
// Chrome for iOS reports full versions: the build number of each major above.
constexpr int ChromeBuilds[] = {6099, 6167, 6261, 6312, 6367, 6422,
                                6478, 6533, 6613, 6668, 6723, 6778};
static_assert(std::size(ChromeBuilds) == std::size(ChromeMajors));
// Firefox 128 (ESR) .. 133.
constexpr Weighted FirefoxMajors[] = {{20}, {8}, {10}, {14}, {20}, {28}};
constexpr int FirstFirefoxMajor = 128;

struct SafariVersion
{
    std::string_view version;
    std::string_view os; // the matching iOS version as user agents spell it
    std::uint16_t weight;
};
constexpr SafariVersion SafariVersions[] = {
    {"17.4.1"sv, "17_4_1"sv, 4},  {"17.5"sv, "17_5"sv, 6},      {"17.6"sv, "17_6"sv, 14},
    {"18.0"sv, "18_0"sv, 8},      {"18.0.1"sv, "18_0_1"sv, 10}, {"18.1"sv, "18_1"sv, 22},
    {"18.1.1"sv, "18_1_1"sv, 24}, {"18.2"sv, "18_2"sv, 12},
};

struct SamsungVersion
{
    std::string_view version;
    int chromeMajor;
    std::uint16_t weight;
};
constexpr SamsungVersion SamsungVersions[] = {
    {"23.0"sv, 115, 10}, {"24.0"sv, 117, 20}, {"25.0"sv, 121, 30}, {"26.0"sv, 122, 40}};

constexpr std::string_view AndroidModels[] = {"SM-S918B"sv, "SM-S928B"sv, "SM-A546B"sv,
                                              "SM-G991B"sv, "SM-S911U"sv, "SM-A155F"sv};

struct Name
{
    std::string_view text;
    std::string_view ascii; // for e-mail addresses
};
constexpr Name FirstNames[] = {
    {"James"sv, "james"sv},       {"Mary"sv, "mary"sv},       {"Olivia"sv, "olivia"sv},
    {"Liam"sv, "liam"sv},         {"Emma"sv, "emma"sv},       {"Noah"sv, "noah"sv},
    {"Sophia"sv, "sophia"sv},     {"Lucas"sv, "lucas"sv},     {"Mia"sv, "mia"sv},
    {"Ethan"sv, "ethan"sv},       {"Ava"sv, "ava"sv},         {"Daniel"sv, "daniel"sv},
    {"Priya"sv, "priya"sv},       {"Arjun"sv, "arjun"sv},     {"Wei"sv, "wei"sv},
    {"Yuki"sv, "yuki"sv},         {"Hana"sv, "hana"sv},       {"Min-jun"sv, "minjun"sv},
    {"Fatima"sv, "fatima"sv},     {"Omar"sv, "omar"sv},       {"José"sv, "jose"sv},
    {"María"sv, "maria"sv},       {"João"sv, "joao"sv},       {"Chloé"sv, "chloe"sv},
    {"François"sv, "francois"sv}, {"Zoë"sv, "zoe"sv},         {"Björn"sv, "bjorn"sv},
    {"Søren"sv, "soren"sv},       {"Łukasz"sv, "lukasz"sv},   {"Ayşe"sv, "ayse"sv},
    {"Chidi"sv, "chidi"sv},       {"Amara"sv, "amara"sv},     {"Mateo"sv, "mateo"sv},
    {"Isabella"sv, "isabella"sv}, {"Hannah"sv, "hannah"sv},   {"Leon"sv, "leon"sv},
    {"Sarah"sv, "sarah"sv},       {"Michael"sv, "michael"sv}, {"Aiko"sv, "aiko"sv},
    {"Nikolai"sv, "nikolai"sv},
};
constexpr Name LastNames[] = {
    {"Smith"sv, "smith"sv},
    {"Johnson"sv, "johnson"sv},
    {"Williams"sv, "williams"sv},
    {"Brown"sv, "brown"sv},
    {"Garcia"sv, "garcia"sv},
    {"Miller"sv, "miller"sv},
    {"Davis"sv, "davis"sv},
    {"Martínez"sv, "martinez"sv},
    {"Rodríguez"sv, "rodriguez"sv},
    {"Nguyen"sv, "nguyen"sv},
    {"Kim"sv, "kim"sv},
    {"Patel"sv, "patel"sv},
    {"Sharma"sv, "sharma"sv},
    {"Chen"sv, "chen"sv},
    {"Wang"sv, "wang"sv},
    {"Tanaka"sv, "tanaka"sv},
    {"Sato"sv, "sato"sv},
    {"Müller"sv, "mueller"sv},
    {"Schmidt"sv, "schmidt"sv},
    {"Dubois"sv, "dubois"sv},
    {"Rossi"sv, "rossi"sv},
    {"Silva"sv, "silva"sv},
    {"Santos"sv, "santos"sv},
    {"O'Brien"sv, "obrien"sv},
    {"Murphy"sv, "murphy"sv},
    {"Kowalski"sv, "kowalski"sv},
    {"Novák"sv, "novak"sv},
    {"Johansson"sv, "johansson"sv},
    {"Nielsen"sv, "nielsen"sv},
    {"Yılmaz"sv, "yilmaz"sv},
    {"Okafor"sv, "okafor"sv},
    {"Mensah"sv, "mensah"sv},
    {"Cohen"sv, "cohen"sv},
    {"Haddad"sv, "haddad"sv},
    {"Ivanova"sv, "ivanova"sv},
    {"Thompson"sv, "thompson"sv},
    {"Walker"sv, "walker"sv},
    {"Lee"sv, "lee"sv},
    {"van der Berg"sv, "vandenberg"sv},
    {"Fernández"sv, "fernandez"sv},
};

struct Domain
{
    std::string_view name;
    std::uint16_t weight;
};
constexpr Domain EmailDomains[] = {
    {"gmail.com"sv, 420},        {"outlook.com"sv, 80}, {"icloud.com"sv, 70}, {"yahoo.com"sv, 50},
    {"hotmail.com"sv, 40},       {"proton.me"sv, 25},   {"hey.com"sv, 8},     {"acme.io"sv, 60},
    {"northwind.dev"sv, 45},     {"globex.com"sv, 40},  {"initech.co"sv, 30}, {"hooli.xyz"sv, 25},
    {"umbrella-labs.com"sv, 20}, {"gmx.de"sv, 20},      {"web.de"sv, 15},     {"yandex.ru"sv, 8},
};

constexpr std::string_view TaskKeys[] = {"choose-organization"sv, "reset-password"sv};

// ---------------------------------------------------------------------------------------------
// The generated population. Plain data with fixed-size text, reused from user to user, so
// generating a million sessions allocates next to nothing.

struct IpAddress
{
    std::array<char, 40> text{};
    std::uint8_t size = 0;
    std::string_view view() const { return {text.data(), size}; }
};

struct GenClient
{
    Ksuid id;
    qint64 createdAt = 0;
    Device device = Macintosh;
    Browser browser = Chrome;
    std::array<char, 20> version{};
    std::uint8_t versionSize = 0;
    int chromeMajor = 0; // the Chromium under Edge, Opera, Samsung Internet
    int safari = 0; // index into SafariVersions (Safari, and the iOS version of iOS browsers)
    int androidVersion = 10;
    int androidModel = 0;
    int city = 0;
    bool ipv6 = false;
    IpAddress ip;

    std::string_view browserVersion() const { return {version.data(), versionSize}; }
};

enum TaskList : std::uint8_t { NoTasks, EmptyTasks, OneTask };

struct GenSession
{
    Ksuid id;
    Ksuid activityId;
    int client = 0;
    SessionStatus status = SessionStatus::Active;
    qint64 createdAt = 0;
    qint64 lastActiveAt = 0;
    qint64 expireAt = 0;
    qint64 abandonAt = 0;
    qint64 updatedAt = 0;
    qint64 organization = -1; // index of the instance's organisation, -1 for none
    int actor = -1; // index into the impersonating admins, -1 for none
    bool hasActivity = true;
    bool shortActivityPrefix = false; // "activity_" rather than "sess_activity_"
    int city = 0;
    IpAddress ip;
    TaskList tasks = NoTasks;
    int task = 0; // index into TaskKeys when tasks == OneTask
};

struct GenUser
{
    Ksuid id;
    Ksuid emailId;
    Ksuid imageId; // img_… of an uploaded picture
    int firstName = 0;
    int lastName = 0;
    int domain = 0;
    int emailStyle = 0;
    int emailNumber = 0;
    bool hasImage = false;
    bool passwordEnabled = true;
    bool twoFactor = false;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 lastSignInAt = 0;
    qint64 lastActiveAt = 0;
    std::vector<GenClient> clients;
    std::vector<GenSession> sessions; // newest first
};

void appendInt(std::string &out, qint64 value)
{
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr);
}

void appendHex(std::string &out, unsigned value)
{
    char digits[8];
    const auto result = std::to_chars(digits, digits + sizeof digits, value, 16);
    out.append(digits, result.ptr);
}

void setIp(IpAddress &ip, const std::string &text)
{
    ip.size = std::uint8_t(std::min(text.size(), ip.text.size()));
    std::memcpy(ip.text.data(), text.data(), ip.size);
}

// A public-looking address from `region`; IPv6 as a /64 of an ISP prefix plus a privacy
// interface id, in RFC 5952 form (no group is zero, so nothing is compressed).
void makeIp(Random &random, Region region, bool v6, IpAddress &ip)
{
    const RegionAddresses &addresses = Regions[region];
    std::string text;
    if (v6) {
        int count = 0;
        while (count < int(std::size(addresses.v6)) && addresses.v6[count])
            ++count;
        appendHex(text, addresses.v6[random.below(std::uint32_t(count))]);
        for (int group = 1; group < 8; ++group) {
            text += ':';
            appendHex(text, 1 + random.below(0xffff));
        }
    } else {
        int count = 0;
        while (count < int(std::size(addresses.v4)) && addresses.v4[count])
            ++count;
        const unsigned first = addresses.v4[random.below(std::uint32_t(count))];
        unsigned second = random.below(256);
        if (first == 203 && second == 0) // 203.0.113.0/24 is for documentation
            second = 1 + random.below(255);
        appendInt(text, first);
        text += '.';
        appendInt(text, second);
        text += '.';
        appendInt(text, random.below(256));
        text += '.';
        appendInt(text, 1 + random.below(254));
    }
    setIp(ip, text);
}

void setVersion(GenClient &client, const std::string &text)
{
    client.versionSize = std::uint8_t(std::min(text.size(), client.version.size()));
    std::memcpy(client.version.data(), text.data(), client.versionSize);
}

void makeClient(Random &random, int homeCity, GenClient &client)
{
    client.device = Device(pick(random, Devices));
    client.browser = Browser(pick(random, BrowserShares[client.device]));
    client.safari = pick(random, SafariVersions);
    const int chromeIndex = pick(random, ChromeMajors);
    client.chromeMajor = FirstChromeMajor + chromeIndex;
    client.androidVersion = 13 + int(random.below(3));
    client.androidModel = int(random.below(std::size(AndroidModels)));
    std::string version;
    switch (client.browser) {
    case Chrome:
        appendInt(version, client.chromeMajor);
        if (client.device == IPhone || client.device == IPad) {
            version += ".0."sv;
            appendInt(version, ChromeBuilds[chromeIndex]);
            version += '.';
            appendInt(version, 30 + random.below(180));
        } else {
            version += ".0.0.0"sv;
        }
        break;
    case Edge:
        appendInt(version, client.chromeMajor);
        version += ".0.0.0"sv;
        break;
    case Safari:
        version = SafariVersions[client.safari].version;
        break;
    case Firefox:
        appendInt(version, FirstFirefoxMajor + pick(random, FirefoxMajors));
        version += ".0"sv;
        break;
    case Opera:
        if (client.device == Android) {
            const int major = 83 + int(random.below(4));
            client.chromeMajor = major + 44;
            appendInt(version, major);
        } else {
            const int major = 110 + int(random.below(6));
            client.chromeMajor = major + 15;
            appendInt(version, major);
        }
        version += ".0.0.0"sv;
        break;
    case SamsungInternet: {
        const SamsungVersion &samsung = SamsungVersions[pick(random, SamsungVersions)];
        client.chromeMajor = samsung.chromeMajor;
        version = samsung.version;
        break;
    }
    case BrowserCount:
        break;
    }
    setVersion(client, version);
    // Mostly at home, sometimes a device set up while travelling.
    client.city = random.chance(9000) ? homeCity : pick(random, Cities);
    client.ipv6 = random.chance(Devices[client.device].mobile ? 3500 : 1500);
    makeIp(random, Cities[client.city].region, client.ipv6, client.ip);
}

// Lifetime of a session: Clerk's default is 7 days, some instances use less.
qint64 lifetime(Random &random)
{
    const std::uint32_t r = random.below(100);
    return r < 90 ? 7 * Day : r < 97 ? Day : 12 * Hour;
}

// When the session started, its last activity and its last update, consistent with its status:
// created_at <= last_active_at <= updated_at <= now, and a session is active or pending only
// while it has not expired (but for a few stale active ones).
void makeTimeline(Random &random, qint64 now, GenSession &session)
{
    const qint64 life = lifetime(random);
    qint64 created = 0;
    qint64 lastActive = 0;
    qint64 updated = 0;
    switch (session.status) {
    case SessionStatus::Active:
        if (random.chance(400)) { // stale: past expire_at, never swept
            created = now - life - random.between(Hour, 14 * Day);
            lastActive = created + random.between(0, life);
            updated = lastActive;
        } else {
            created = now - random.between(0, life);
            // Recent activity is likelier: the later of two uniform draws.
            lastActive = created +
                std::max(random.between(0, now - created), random.between(0, now - created));
            updated = std::min(
                now, lastActive + (random.chance(5000) ? 0 : random.between(0, 5 * Minute)));
        }
        break;
    case SessionStatus::Pending:
        created = now - random.between(0, std::min(life, 3 * Day));
        lastActive = created + random.between(0, std::min(10 * Minute, now - created));
        updated = lastActive;
        break;
    case SessionStatus::Expired:
        created = now - random.between(life, History);
        lastActive = created + random.between(0, life);
        updated = std::min(now, created + life + random.between(0, Hour));
        break;
    case SessionStatus::Abandoned:
        created = now - random.between(AbandonAfter + Day, History);
        lastActive = created + random.between(0, life);
        updated = std::min(now, created + AbandonAfter + random.between(0, Hour));
        break;
    default: { // ended by the user, revoked, removed from the client, replaced by a new sign-in
        created = now - random.between(0, History);
        const qint64 limit = std::min(life, now - created);
        const qint64 ended = created + random.between(std::min(Minute, limit), limit);
        lastActive = created + random.between(0, ended - created);
        updated = ended;
        break;
    }
    }
    session.createdAt = created;
    session.lastActiveAt = lastActive;
    session.updatedAt = std::max(updated, lastActive);
    session.expireAt = created + life;
    session.abandonAt = created + AbandonAfter;
}

// Everything that is shared between users: organisations, admins, the instance.
class Population
{
public:
    static constexpr int AdminCount = 4;
    static constexpr int BigOrganizations = 8;

    explicit Population(const SessionGenerator::Options &options)
        : m_options(options)
    {
        for (int i = 0; i < AdminCount; ++i)
            m_admins[i] = stableId(AdminStream, std::uint64_t(i), 700 * Day);
        m_instance = stableId(InstanceStream, 0, 900 * Day);
    }

    // The next user with their sessions; false once options.sessions sessions were made.
    bool next(GenUser &user)
    {
        if (m_made >= m_options.sessions)
            return false;
        makeUser(m_userIndex++, m_options.sessions - m_made, user);
        m_made += qint64(user.sessions.size());
        return true;
    }

    Ksuid organization(qint64 index) const
    {
        return stableId(OrganizationStream, std::uint64_t(index), 400 * Day);
    }
    const Ksuid &admin(int index) const { return m_admins[index]; }
    const Ksuid &instance() const { return m_instance; }

private:
    // An id made long before the sessions, the same for the same seed.
    Ksuid stableId(Stream stream, std::uint64_t index, qint64 age) const
    {
        Random random(streamSeed(m_options.seed, stream, index));
        return makeKsuid(m_options.now - History - random.between(age / 2, age), random);
    }

    void makeUser(qint64 index, qint64 remaining, GenUser &user) const
    {
        Random random(streamSeed(m_options.seed, UserStream, std::uint64_t(index)));
        const int sessionCount =
            int(std::min<qint64>(1 + pick(random, SessionsPerUser), remaining));
        const int homeCity = pick(random, Cities);
        user.firstName = int(random.below(std::size(FirstNames)));
        user.lastName = int(random.below(std::size(LastNames)));
        user.domain = pick(random, EmailDomains);
        user.emailStyle = int(random.below(4));
        user.emailNumber = int(random.below(100));
        user.hasImage = random.chance(3500);
        user.passwordEnabled = random.chance(8000);
        user.twoFactor = random.chance(1200);
        // Colleagues sign up around the same time, so neighbouring users share organisations
        // (about 30 members each); a few organisations are big. Independent of `sessions`.
        qint64 organizations[2] = {-1, -1};
        if (random.chance(3300)) {
            for (qint64 &organization : organizations) {
                organization = random.chance(1000)
                    ? qint64(random.below(BigOrganizations))
                    : BigOrganizations + index / 24 + random.below(4);
                if (!random.chance(2500))
                    break;
            }
        }

        const int clientCount = std::min(sessionCount, 1 + pick(random, ClientsPerUser));
        user.clients.resize(std::size_t(clientCount));
        for (GenClient &client : user.clients)
            makeClient(random, homeCity, client);

        user.sessions.resize(std::size_t(sessionCount));
        for (int i = 0; i < sessionCount; ++i) {
            GenSession &session = user.sessions[std::size_t(i)];
            session.client = i < clientCount ? i : int(random.below(std::uint32_t(clientCount)));
            session.status = SessionStatus(pick(random, StatusWeights));
            makeTimeline(random, m_options.now, session);
            const GenClient &client = user.clients[std::size_t(session.client)];

            session.hasActivity = !random.chance(150);
            session.shortActivityPrefix = random.chance(2000);
            session.city = random.chance(9500) ? client.city : pick(random, Cities);
            // Mobile networks hand out new addresses more often than home broadband.
            const bool sameIp = session.city == client.city &&
                random.chance(Devices[client.device].mobile ? 5500 : 8000);
            if (sameIp)
                session.ip = client.ip;
            else
                makeIp(random, Cities[session.city].region, client.ipv6, session.ip);

            session.actor = random.chance(300) ? int(random.below(AdminCount)) : -1;
            session.organization = -1;
            if (session.status == SessionStatus::Pending) {
                // Signed in but not yet through the session tasks (usually picking an org).
                session.tasks = OneTask;
                session.task = random.chance(8500) ? 0 : 1;
            } else {
                session.tasks = random.chance(7500) ? NoTasks : EmptyTasks;
                if (organizations[0] >= 0 && random.chance(8000))
                    session.organization = organizations[1] >= 0 && random.chance(4000)
                        ? organizations[1]
                        : organizations[0];
            }
        }

        // As the API lists them: newest first. Ids are made in that order, from the times.
        std::stable_sort(
            user.sessions.begin(), user.sessions.end(),
            [](const GenSession &a, const GenSession &b) { return a.createdAt > b.createdAt; });
        for (GenClient &client : user.clients)
            client.createdAt = m_options.now;
        for (const GenSession &session : user.sessions) {
            GenClient &client = user.clients[std::size_t(session.client)];
            client.createdAt = std::min(client.createdAt, session.createdAt);
        }
        for (GenClient &client : user.clients) {
            client.createdAt -= random.between(Second, 2 * Minute);
            client.id = makeKsuid(client.createdAt, random);
        }
        qint64 firstSeen = m_options.now;
        user.lastSignInAt = 0;
        user.lastActiveAt = 0;
        for (GenSession &session : user.sessions) {
            session.id = makeKsuid(session.createdAt, random);
            session.activityId = makeKsuid(session.createdAt, random);
            firstSeen = std::min(firstSeen, user.clients[std::size_t(session.client)].createdAt);
            user.lastSignInAt = std::max(user.lastSignInAt, session.createdAt);
            user.lastActiveAt = std::max(user.lastActiveAt, session.lastActiveAt);
        }
        // Most users signed up long before; some during the period, just before signing in.
        user.createdAt = firstSeen -
            (random.chance(2000) ? random.between(Minute, Hour)
                                 : random.between(Day, 3 * 365 * Day));
        user.updatedAt = std::max(user.lastSignInAt, user.lastActiveAt);
        user.id = makeKsuid(user.createdAt, random);
        user.emailId = makeKsuid(user.createdAt, random);
        user.imageId = makeKsuid(user.createdAt + random.between(Minute, 30 * Day), random);
    }

    SessionGenerator::Options m_options;
    std::array<Ksuid, AdminCount> m_admins;
    Ksuid m_instance;
    qint64 m_made = 0;
    qint64 m_userIndex = 0;
};

// ---------------------------------------------------------------------------------------------
// Text derived from the model, shared by the writer and the value API.

std::string emailAddress(const GenUser &user)
{
    const std::string_view first = FirstNames[user.firstName].ascii;
    const std::string_view last = LastNames[user.lastName].ascii;
    std::string text;
    switch (user.emailStyle) {
    case 0:
        text.append(first).append("."sv).append(last);
        break;
    case 1:
        text.append(first.substr(0, 1)).append(last);
        break;
    case 2:
        text.append(first).append(last);
        appendInt(text, user.emailNumber);
        break;
    default:
        text.append(first).append("_"sv).append(last.substr(0, 1));
        appendInt(text, 1950 + user.emailNumber / 2);
        break;
    }
    text.append("@"sv).append(EmailDomains[user.domain].name);
    return text;
}

void appendBase64Url(std::string &out, std::string_view bytes)
{
    static constexpr char Alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16 |
            std::uint32_t(std::uint8_t(bytes[i + 1])) << 8 | std::uint8_t(bytes[i + 2]);
        out += Alphabet[v >> 18];
        out += Alphabet[(v >> 12) & 63];
        out += Alphabet[(v >> 6) & 63];
        out += Alphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        out += Alphabet[v >> 18];
        out += Alphabet[(v >> 12) & 63];
    } else if (i + 2 == bytes.size()) {
        const std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16 |
            std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
        out += Alphabet[v >> 18];
        out += Alphabet[(v >> 12) & 63];
        out += Alphabet[(v >> 6) & 63];
    }
}

// img.clerk.com URLs carry their source as base64url JSON: the uploaded picture, or the
// default avatar with the user's initials.
std::string imageUrl(const GenUser &user, const Ksuid &instance)
{
    std::string source;
    if (user.hasImage) {
        source.append(R"({"type":"proxy","src":"https://images.clerk.dev/uploaded/img_)"sv)
            .append(user.imageId.view())
            .append(R"("})"sv);
    } else {
        auto initial = [](std::string_view name) {
            // The first character, whole (UTF-8 continuation bytes are 10xxxxxx).
            std::size_t size = 1;
            while (size < name.size() && (std::uint8_t(name[size]) & 0xc0) == 0x80)
                ++size;
            return name.substr(0, size);
        };
        source.append(R"({"type":"default","iid":"ins_)"sv)
            .append(instance.view())
            .append(R"(","rid":"user_)"sv)
            .append(user.id.view())
            .append(R"(","initials":")"sv)
            .append(initial(FirstNames[user.firstName].text))
            .append(initial(LastNames[user.lastName].text))
            .append(R"("})"sv);
    }
    std::string url = "https://img.clerk.com/";
    appendBase64Url(url, source);
    return url;
}

// The User-Agent header a client sends, for webhook events' http_request.
std::string userAgent(const GenClient &client)
{
    const std::string_view browserVersion = client.browserVersion();
    const std::string_view ios = SafariVersions[client.safari].os;
    std::string ua = "Mozilla/5.0 (";
    auto chromeTail = [&](bool mobile) {
        ua.append(") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"sv);
        appendInt(ua, client.chromeMajor);
        ua.append(mobile ? ".0.0.0 Mobile Safari/537.36"sv : ".0.0.0 Safari/537.36"sv);
    };
    auto geckoTail = [&](std::string_view platform) {
        ua.append(platform).append("; rv:"sv).append(browserVersion);
        ua.append(") Gecko/20100101 Firefox/"sv).append(browserVersion);
    };
    auto iosTail = [&](std::string_view platform) {
        ua.append(platform).append(ios).append(
            " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "sv);
        if (client.browser == Chrome)
            ua.append("CriOS/"sv).append(browserVersion);
        else
            ua.append("Version/"sv).append(SafariVersions[client.safari].version);
        ua.append(" Mobile/15E148 Safari/604.1"sv);
    };
    switch (client.device) {
    case Macintosh:
    case Windows:
    case Linux: {
        const std::string_view platform = client.device == Macintosh
            ? "Macintosh; Intel Mac OS X 10_15_7"sv
            : client.device == Windows ? "Windows NT 10.0; Win64; x64"sv
                                       : "X11; Linux x86_64"sv;
        if (client.browser == Firefox) {
            geckoTail(client.device == Macintosh ? "Macintosh; Intel Mac OS X 10.15"sv : platform);
        } else if (client.browser == Safari) {
            ua.append(platform).append(") AppleWebKit/605.1.15 (KHTML, like Gecko) Version/"sv);
            ua.append(browserVersion).append(" Safari/605.1.15"sv);
        } else {
            ua.append(platform);
            chromeTail(false);
            if (client.browser == Edge)
                ua.append(" Edg/"sv).append(browserVersion);
            else if (client.browser == Opera)
                ua.append(" OPR/"sv).append(browserVersion);
        }
        break;
    }
    case IPhone:
        iosTail("iPhone; CPU iPhone OS "sv);
        break;
    case IPad:
        iosTail("iPad; CPU OS "sv);
        break;
    case Android:
        if (client.browser == Firefox) {
            ua.append("Android "sv);
            appendInt(ua, client.androidVersion);
            ua.append("; Mobile; rv:"sv).append(browserVersion);
            ua.append(") Gecko/"sv)
                .append(browserVersion)
                .append(" Firefox/"sv)
                .append(browserVersion);
        } else if (client.browser == SamsungInternet) {
            ua.append("Linux; Android "sv);
            appendInt(ua, client.androidVersion);
            ua.append("; "sv).append(AndroidModels[client.androidModel]);
            ua.append(") AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/"sv);
            ua.append(browserVersion).append(" Chrome/"sv);
            appendInt(ua, client.chromeMajor);
            ua.append(".0.0.0 Mobile Safari/537.36"sv);
        } else {
            ua.append("Linux; Android 10; K"sv); // Chrome's reduced user agent
            chromeTail(true);
            if (client.browser == Opera)
                ua.append(" OPR/"sv).append(browserVersion);
        }
        break;
    case DeviceCount:
        break;
    }
    return ua;
}

// ---------------------------------------------------------------------------------------------
// A streaming JSON writer into a buffer handed to the device in ~1 MB pieces.

class JsonWriter
{
public:
    static constexpr std::ptrdiff_t FlushSize = 1 << 20;
    static constexpr std::ptrdiff_t Capacity = FlushSize + (64 << 10);

    JsonWriter(QIODevice *out, bool pretty)
        : m_out(out)
        , m_pretty(pretty)
        , m_buffer(std::make_unique_for_overwrite<char[]>(Capacity))
        , m_pos(m_buffer.get())
        , m_end(m_buffer.get() + Capacity)
    { }

    void beginObject()
    {
        beforeValue();
        put('{');
        push();
    }
    void endObject() { pop('}'); }
    void beginArray()
    {
        beforeValue();
        put('[');
        push();
    }
    void endArray() { pop(']'); }

    // `name` is written as is: keys are ASCII literals. Chain the value: key("id"sv).plain(…).
    JsonWriter &key(std::string_view name)
    {
        separate();
        ensure(std::ptrdiff_t(name.size()) + 4);
        *m_pos++ = '"';
        copy(name);
        *m_pos++ = '"';
        *m_pos++ = ':';
        if (m_pretty)
            *m_pos++ = ' ';
        m_afterKey = true;
        return *this;
    }

    void string(std::string_view text)
    {
        beforeValue();
        put('"');
        escaped(text);
        put('"');
    }
    // A string known to need no escaping (ids, tables of ASCII words).
    void plain(std::string_view text)
    {
        beforeValue();
        ensure(std::ptrdiff_t(text.size()) + 2);
        *m_pos++ = '"';
        copy(text);
        *m_pos++ = '"';
    }
    void id(std::string_view prefix, const Ksuid &id)
    {
        beforeValue();
        ensure(std::ptrdiff_t(prefix.size() + id.text.size()) + 2);
        *m_pos++ = '"';
        copy(prefix);
        copy(id.view());
        *m_pos++ = '"';
    }
    void number(qint64 value)
    {
        beforeValue();
        ensure(24);
        m_pos = std::to_chars(m_pos, m_end, value).ptr;
    }
    void boolean(bool value)
    {
        beforeValue();
        raw(value ? "true"sv : "false"sv);
    }
    void null()
    {
        beforeValue();
        raw("null"sv);
    }
    void newline() { put('\n'); }

    // Called between records: hands the buffer on once it holds a megabyte.
    void maybeFlush()
    {
        if (m_pos - m_buffer.get() >= FlushSize)
            flush();
    }
    bool finish()
    {
        flush();
        return !m_failed;
    }

private:
    static constexpr int MaxDepth = 16;

    void beforeValue()
    {
        if (m_afterKey)
            m_afterKey = false;
        else if (m_depth > 0)
            separate();
    }
    void separate()
    {
        if (!m_first[m_depth])
            put(',');
        m_first[m_depth] = false;
        if (m_pretty)
            indent();
    }
    void indent()
    {
        ensure(1 + 2 * m_depth);
        *m_pos++ = '\n';
        std::memset(m_pos, ' ', std::size_t(2 * m_depth));
        m_pos += 2 * m_depth;
    }
    void push()
    {
        Q_ASSERT(m_depth + 1 < MaxDepth);
        m_first[++m_depth] = true;
    }
    void pop(char close)
    {
        const bool empty = m_first[m_depth];
        --m_depth;
        if (m_pretty && !empty)
            indent();
        put(close);
    }

    void put(char c)
    {
        ensure(1);
        *m_pos++ = c;
    }
    void copy(std::string_view text)
    {
        std::memcpy(m_pos, text.data(), text.size());
        m_pos += text.size();
    }
    void raw(std::string_view text)
    {
        if (std::ptrdiff_t(text.size()) > Capacity) {
            flush();
            write(text.data(), std::ptrdiff_t(text.size()));
            return;
        }
        ensure(std::ptrdiff_t(text.size()));
        copy(text);
    }
    void escaped(std::string_view text)
    {
        static constexpr char Hex[] = "0123456789abcdef";
        std::size_t start = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = std::uint8_t(text[i]);
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            raw(text.substr(start, i - start));
            start = i + 1;
            switch (c) {
            case '"':
                raw("\\\""sv);
                break;
            case '\\':
                raw("\\\\"sv);
                break;
            case '\n':
                raw("\\n"sv);
                break;
            case '\r':
                raw("\\r"sv);
                break;
            case '\t':
                raw("\\t"sv);
                break;
            case '\b':
                raw("\\b"sv);
                break;
            case '\f':
                raw("\\f"sv);
                break;
            default: {
                const char escape[] = {'\\', 'u', '0', '0', Hex[c >> 4], Hex[c & 15]};
                raw({escape, sizeof escape});
                break;
            }
            }
        }
        raw(text.substr(start));
    }

    void ensure(std::ptrdiff_t bytes)
    {
        if (m_end - m_pos < bytes)
            flush();
    }
    void flush()
    {
        write(m_buffer.get(), m_pos - m_buffer.get());
        m_pos = m_buffer.get();
    }
    void write(const char *data, std::ptrdiff_t size)
    {
        if (!m_failed && size > 0 && m_out->write(data, size) != size)
            m_failed = true;
    }

    QIODevice *m_out;
    bool m_pretty;
    bool m_failed = false;
    bool m_afterKey = false;
    int m_depth = 0;
    std::array<bool, MaxDepth> m_first{};
    std::unique_ptr<char[]> m_buffer;
    char *m_pos;
    char *m_end;
};

// ---------------------------------------------------------------------------------------------
// Documents.

class DocumentWriter
{
public:
    DocumentWriter(JsonWriter &json, const Population &population)
        : m_json(json)
        , m_population(population)
    { }

    // GET /sessions form; with `user` the webhook payload's data (the user after user_id).
    void session(const GenUser &user, const GenSession &session, bool withUser)
    {
        JsonWriter &w = m_json;
        const GenClient &client = user.clients[std::size_t(session.client)];
        w.beginObject();
        w.key("object"sv).plain("session"sv);
        w.key("id"sv).id("sess_"sv, session.id);
        w.key("user_id"sv).id("user_"sv, user.id);
        if (withUser) {
            w.key("user"sv);
            this->user(user);
        }
        w.key("client_id"sv).id("client_"sv, client.id);
        w.key("actor"sv);
        actor(session);
        w.key("status"sv).plain(StatusNames[int(session.status)]);
        w.key("last_active_organization_id"sv);
        organization(session);
        w.key("last_active_at"sv).number(session.lastActiveAt);
        w.key("latest_activity"sv);
        if (session.hasActivity) {
            w.beginObject();
            w.key("object"sv).plain("session_activity"sv);
            w.key("id"sv).id(session.shortActivityPrefix ? "activity_"sv : "sess_activity_"sv,
                             session.activityId);
            activity(session, client, "device_type"sv, "is_mobile"sv, "browser_name"sv,
                     "browser_version"sv, "ip_address"sv);
            w.endObject();
        } else {
            w.null();
        }
        w.key("expire_at"sv).number(session.expireAt);
        w.key("abandon_at"sv).number(session.abandonAt);
        w.key("updated_at"sv).number(session.updatedAt);
        w.key("created_at"sv).number(session.createdAt);
        w.key("tasks"sv);
        switch (session.tasks) {
        case NoTasks:
            w.null();
            break;
        case EmptyTasks:
            w.beginArray();
            w.endArray();
            break;
        case OneTask:
            w.beginArray();
            w.beginObject();
            w.key("key"sv).plain(TaskKeys[session.task]);
            w.endObject();
            w.endArray();
            break;
        }
        w.endObject();
    }

    // JSON.stringify() of @clerk/backend's Session: camelCase, no object, no tasks.
    void sdkSession(const GenUser &user, const GenSession &session)
    {
        JsonWriter &w = m_json;
        const GenClient &client = user.clients[std::size_t(session.client)];
        w.beginObject();
        w.key("id"sv).id("sess_"sv, session.id);
        w.key("clientId"sv).id("client_"sv, client.id);
        w.key("userId"sv).id("user_"sv, user.id);
        w.key("status"sv).plain(StatusNames[int(session.status)]);
        w.key("lastActiveAt"sv).number(session.lastActiveAt);
        w.key("expireAt"sv).number(session.expireAt);
        w.key("abandonAt"sv).number(session.abandonAt);
        w.key("createdAt"sv).number(session.createdAt);
        w.key("updatedAt"sv).number(session.updatedAt);
        w.key("lastActiveOrganizationId"sv);
        organization(session);
        w.key("latestActivity"sv);
        if (session.hasActivity) {
            w.beginObject();
            w.key("id"sv).id(session.shortActivityPrefix ? "activity_"sv : "sess_activity_"sv,
                             session.activityId);
            activity(session, client, "deviceType"sv, "isMobile"sv, "browserName"sv,
                     "browserVersion"sv, "ipAddress"sv);
            w.endObject();
        } else {
            w.null();
        }
        w.key("actor"sv);
        actor(session);
        w.endObject();
    }

    // One webhook event, its type following the session's status.
    void event(const GenUser &user, const GenSession &session)
    {
        JsonWriter &w = m_json;
        const GenClient &client = user.clients[std::size_t(session.client)];
        std::string_view type = "session.ended"sv;
        qint64 timestamp = session.updatedAt;
        switch (session.status) {
        case SessionStatus::Active:
            type = "session.created"sv;
            timestamp = session.createdAt;
            break;
        case SessionStatus::Pending:
            type = "session.pending"sv;
            timestamp = session.createdAt;
            break;
        case SessionStatus::Revoked:
            type = "session.revoked"sv;
            break;
        case SessionStatus::Removed:
            type = "session.removed"sv;
            break;
        default:
            break;
        }
        w.beginObject();
        w.key("data"sv);
        this->session(user, session, true);
        w.key("object"sv).plain("event"sv);
        w.key("type"sv).plain(type);
        w.key("timestamp"sv).number(timestamp);
        w.key("instance_id"sv).id("ins_"sv, m_population.instance());
        w.key("event_attributes"sv).beginObject();
        w.key("http_request"sv).beginObject();
        w.key("client_ip"sv).plain(session.ip.view());
        w.key("user_agent"sv).string(userAgent(client));
        w.endObject();
        w.endObject();
        w.endObject();
    }

private:
    void actor(const GenSession &session)
    {
        JsonWriter &w = m_json;
        if (session.actor < 0) {
            w.null();
            return;
        }
        w.beginObject();
        w.key("sub"sv).id("user_"sv, m_population.admin(session.actor));
        w.key("iss"sv).plain("https://dashboard.clerk.com"sv);
        w.endObject();
    }

    void organization(const GenSession &session)
    {
        if (session.organization >= 0)
            m_json.id("org_"sv, m_population.organization(session.organization));
        else
            m_json.null();
    }

    void activity(const GenSession &session, const GenClient &client, std::string_view deviceType,
                  std::string_view isMobile, std::string_view browserName,
                  std::string_view browserVersion, std::string_view ipAddress)
    {
        JsonWriter &w = m_json;
        const DeviceInfo &device = Devices[client.device];
        const City &city = Cities[session.city];
        w.key(deviceType).plain(device.name);
        w.key(isMobile).boolean(device.mobile);
        w.key(browserName).plain(BrowserNames[client.browser]);
        w.key(browserVersion).plain(client.browserVersion());
        w.key(ipAddress).plain(session.ip.view());
        w.key("city"sv).string(city.name);
        w.key("country"sv).plain(city.country);
    }

    // A minimal but realistic User, as webhook payloads embed it.
    void user(const GenUser &user)
    {
        JsonWriter &w = m_json;
        const std::string image = imageUrl(user, m_population.instance());
        const qint64 mfaEnabledAt = user.createdAt + Day;
        w.beginObject();
        w.key("object"sv).plain("user"sv);
        w.key("id"sv).id("user_"sv, user.id);
        w.key("external_id"sv).null();
        w.key("primary_email_address_id"sv).id("idn_"sv, user.emailId);
        w.key("primary_phone_number_id"sv).null();
        w.key("primary_web3_wallet_id"sv).null();
        w.key("username"sv).null();
        w.key("first_name"sv).string(FirstNames[user.firstName].text);
        w.key("last_name"sv).string(LastNames[user.lastName].text);
        w.key("image_url"sv).plain(image);
        w.key("has_image"sv).boolean(user.hasImage);
        w.key("public_metadata"sv).beginObject();
        w.endObject();
        w.key("private_metadata"sv).beginObject();
        w.endObject();
        w.key("unsafe_metadata"sv).beginObject();
        w.endObject();
        w.key("email_addresses"sv).beginArray();
        w.beginObject();
        w.key("object"sv).plain("email_address"sv);
        w.key("id"sv).id("idn_"sv, user.emailId);
        w.key("email_address"sv).string(emailAddress(user));
        w.key("reserved"sv).boolean(false);
        w.key("verification"sv).beginObject();
        w.key("object"sv).plain("verification_otp"sv);
        w.key("status"sv).plain("verified"sv);
        w.key("strategy"sv).plain("email_code"sv);
        w.key("attempts"sv).number(1);
        w.key("expire_at"sv).number(user.createdAt + 10 * Minute);
        w.endObject();
        w.key("linked_to"sv).beginArray();
        w.endArray();
        w.key("created_at"sv).number(user.createdAt);
        w.key("updated_at"sv).number(user.createdAt + Minute);
        w.endObject();
        w.endArray();
        for (std::string_view empty : {"phone_numbers"sv, "web3_wallets"sv, "passkeys"sv}) {
            w.key(empty).beginArray();
            w.endArray();
        }
        w.key("password_enabled"sv).boolean(user.passwordEnabled);
        w.key("two_factor_enabled"sv).boolean(user.twoFactor);
        w.key("totp_enabled"sv).boolean(user.twoFactor);
        w.key("backup_code_enabled"sv).boolean(user.twoFactor);
        w.key("mfa_enabled_at"sv);
        if (user.twoFactor)
            w.number(mfaEnabledAt);
        else
            w.null();
        w.key("mfa_disabled_at"sv).null();
        for (std::string_view empty :
             {"external_accounts"sv, "saml_accounts"sv, "enterprise_accounts"sv}) {
            w.key(empty).beginArray();
            w.endArray();
        }
        w.key("last_sign_in_at"sv).number(user.lastSignInAt);
        w.key("banned"sv).boolean(false);
        w.key("locked"sv).boolean(false);
        w.key("lockout_expires_in_seconds"sv).null();
        w.key("verification_attempts_remaining"sv).number(100);
        w.key("updated_at"sv).number(user.updatedAt);
        w.key("created_at"sv).number(user.createdAt);
        w.key("delete_self_enabled"sv).boolean(true);
        w.key("create_organization_enabled"sv).boolean(true);
        w.key("last_active_at"sv).number(user.lastActiveAt);
        w.key("legal_accepted_at"sv).null();
        w.endObject();
    }

    JsonWriter &m_json;
    const Population &m_population;
};

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// "sess_" + the KSUID, ASCII, in one allocation.
QString idString(std::string_view prefix, const Ksuid &id)
{
    QString text(qsizetype(prefix.size() + id.text.size()), Qt::Uninitialized);
    QChar *out = text.data();
    for (const char c : prefix)
        *out++ = QLatin1Char(c);
    for (const char c : id.text)
        *out++ = QLatin1Char(c);
    return text;
}

template<typename T, std::size_t N, typename Text>
std::vector<QString> tableStrings(const T (&table)[N], Text text)
{
    std::vector<QString> strings;
    strings.reserve(N);
    for (const T &entry : table)
        strings.push_back(toQString(text(entry)));
    return strings;
}

// The tables' text as QStrings, made once per pass: the values share them (QString is implicitly
// shared), so a million sessions do not make a million copies of "Chrome".
struct TableText
{
    explicit TableText(const Population &population)
        : status(tableStrings(StatusNames, [](std::string_view name) { return name; }))
        , devices(tableStrings(Devices, [](const DeviceInfo &device) { return device.name; }))
        , browsers(tableStrings(BrowserNames, [](std::string_view name) { return name; }))
        , cities(tableStrings(Cities, [](const City &city) { return city.name; }))
        , countries(tableStrings(Cities, [](const City &city) { return city.country; }))
        , tasks(tableStrings(TaskKeys, [](std::string_view key) { return key; }))
        , firstNames(tableStrings(FirstNames, [](const Name &name) { return name.text; }))
        , lastNames(tableStrings(LastNames, [](const Name &name) { return name.text; }))
    {
        for (int i = 0; i < Population::AdminCount; ++i) {
            admins[std::size_t(i)] = idString("user_"sv, population.admin(i));
            actors[std::size_t(i)] =
                QStringLiteral(R"({"sub":"%1","iss":"https://dashboard.clerk.com"})")
                    .arg(admins[std::size_t(i)]);
        }
    }

    std::vector<QString> status, devices, browsers, cities, countries, tasks, firstNames, lastNames;
    std::array<QString, Population::AdminCount> admins, actors; // sub, and the actor's JSON
};

} // namespace

SessionGenerator::SessionGenerator(const Options &options)
    : m_options(options)
{ }

bool SessionGenerator::write(QIODevice *out)
{
    const Shape shape = m_options.shape;
    const bool lines = shape == Shape::NdJson || shape == Shape::WebhookEvents;
    Population population(m_options);
    JsonWriter json(out, m_options.pretty && !lines);
    DocumentWriter document(json, population);

    if (shape == Shape::Array) {
        json.beginArray();
    } else if (shape == Shape::Paginated || shape == Shape::SdkCamelCase) {
        json.beginObject();
        json.key("data"sv).beginArray();
    }

    GenUser user;
    qint64 count = 0;
    while (population.next(user)) {
        for (const GenSession &session : user.sessions) {
            switch (shape) {
            case Shape::Array:
            case Shape::Paginated:
            case Shape::NdJson:
                document.session(user, session, false);
                break;
            case Shape::SdkCamelCase:
                document.sdkSession(user, session);
                break;
            case Shape::WebhookEvents:
                document.event(user, session);
                break;
            }
            if (lines)
                json.newline();
            json.maybeFlush();
            ++count;
        }
    }

    if (shape == Shape::Array) {
        json.endArray();
    } else if (shape == Shape::Paginated || shape == Shape::SdkCamelCase) {
        json.endArray();
        json.key(shape == Shape::Paginated ? "total_count"sv : "totalCount"sv).number(count);
        json.endObject();
    }
    if (!lines)
        json.newline();
    return json.finish();
}

QByteArray SessionGenerator::toByteArray()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    write(&buffer);
    return buffer.data();
}

bool SessionGenerator::writeFile(const QString &path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    if (!write(&file)) {
        file.cancelWriting();
        return false;
    }
    return file.commit();
}

void SessionGenerator::forEachUser(const std::function<void(const User &)> &visit) const
{
    Population population(m_options);
    const TableText table(population);
    const QString sessionObject = QStringLiteral("session");
    const QString activityObject = QStringLiteral("session_activity");
    GenUser gen;
    User user;
    std::vector<QString> clientIds, browserVersions; // per client, shared by its sessions
    while (population.next(gen)) {
        user.id = idString("user_"sv, gen.id);
        user.firstName = table.firstNames[std::size_t(gen.firstName)];
        user.lastName = table.lastNames[std::size_t(gen.lastName)];
        user.emailAddressId = idString("idn_"sv, gen.emailId);
        user.emailAddress = toQString(emailAddress(gen));
        user.imageUrl = toQString(imageUrl(gen, population.instance()));
        user.createdAt = gen.createdAt;
        user.updatedAt = gen.updatedAt;
        user.lastSignInAt = gen.lastSignInAt;
        user.lastActiveAt = gen.lastActiveAt;
        clientIds.clear();
        browserVersions.clear();
        for (const GenClient &client : gen.clients) {
            clientIds.push_back(idString("client_"sv, client.id));
            browserVersions.push_back(toQString(client.browserVersion()));
        }
        user.sessions.clear();
        user.sessions.reserve(qsizetype(gen.sessions.size()));
        for (const GenSession &s : gen.sessions) {
            const std::size_t clientIndex = std::size_t(s.client);
            const GenClient &client = gen.clients[clientIndex];
            Session session;
            session.object = sessionObject;
            session.id = idString("sess_"sv, s.id);
            session.userId = user.id;
            session.clientId = clientIds[clientIndex];
            if (s.actor >= 0) {
                session.actorSub = table.admins[std::size_t(s.actor)];
                session.actorJson = table.actors[std::size_t(s.actor)];
            }
            session.status = s.status;
            session.statusText = table.status[std::size_t(s.status)];
            if (s.organization >= 0)
                session.lastActiveOrganizationId =
                    idString("org_"sv, population.organization(s.organization));
            session.lastActiveAt = s.lastActiveAt;
            session.expireAt = s.expireAt;
            session.abandonAt = s.abandonAt;
            session.updatedAt = s.updatedAt;
            session.createdAt = s.createdAt;
            if (s.hasActivity) {
                SessionActivity activity;
                activity.object = activityObject;
                activity.id = idString(s.shortActivityPrefix ? "activity_"sv : "sess_activity_"sv,
                                       s.activityId);
                activity.deviceType = table.devices[std::size_t(client.device)];
                activity.isMobile = Devices[client.device].mobile;
                activity.browserName = table.browsers[std::size_t(client.browser)];
                activity.browserVersion = browserVersions[clientIndex];
                activity.ipAddress = toQString(s.ip.view());
                activity.city = table.cities[std::size_t(s.city)];
                activity.country = table.countries[std::size_t(s.city)];
                session.latestActivity = std::move(activity);
            }
            if (s.tasks == EmptyTasks)
                session.tasks = QStringList();
            else if (s.tasks == OneTask)
                session.tasks = QStringList{table.tasks[std::size_t(s.task)]};
            user.sessions.append(std::move(session));
        }
        visit(user);
    }
}

QList<SessionGenerator::User> SessionGenerator::users() const
{
    QList<User> users;
    forEachUser([&users](const User &user) { users.append(user); });
    return users;
}

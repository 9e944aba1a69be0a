// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionfilterparser.h"

#include "anomalyrules.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>
#include <limits>

namespace {

using Term = SessionFilter::Term;
using Field = Term::Field;
using Match = Term::Match;

constexpr qint64 Minimum = std::numeric_limits<qint64>::min();
constexpr qint64 Maximum = std::numeric_limits<qint64>::max();

struct FieldName
{
    const char *name;
    Field field;
};

// Canonical names first (suggestions prefer them), then aliases.
constexpr FieldName FieldNames[] = {
    {"status", Field::Status},
    {"user", Field::User},
    {"client", Field::Client},
    {"session", Field::Session},
    {"ip", Field::Ip},
    {"city", Field::City},
    {"country", Field::Country},
    {"browser", Field::Browser},
    {"version", Field::Version},
    {"device", Field::Device},
    {"org", Field::Organization},
    {"actor", Field::Actor},
    {"impersonated", Field::Impersonated},
    {"mobile", Field::Mobile},
    {"task", Field::Task},
    {"last_active", Field::LastActive},
    {"created", Field::Created},
    {"updated", Field::Updated},
    {"expires", Field::Expires},
    {"abandon", Field::Abandon},
    {"flag", Field::Flag},
    {"user_id", Field::User},
    {"client_id", Field::Client},
    {"id", Field::Session},
    {"session_id", Field::Session},
    {"ip_address", Field::Ip},
    {"browser_name", Field::Browser},
    {"browser_version", Field::Version},
    {"device_type", Field::Device},
    {"organization", Field::Organization},
    {"organisation", Field::Organization},
    {"org_id", Field::Organization},
    {"organization_id", Field::Organization},
    {"impersonator", Field::Actor},
    {"actor_sub", Field::Actor},
    {"is_mobile", Field::Mobile},
    {"tasks", Field::Task},
    {"active", Field::LastActive},
    {"last_active_at", Field::LastActive},
    {"created_at", Field::Created},
    {"updated_at", Field::Updated},
    {"expire_at", Field::Expires},
    {"expires_at", Field::Expires},
    {"abandon_at", Field::Abandon},
    {"flags", Field::Flag},
    {"anomaly", Field::Flag},
};

std::optional<Field> fieldNamed(QStringView name)
{
    for (const FieldName &f : FieldNames) {
        if (name.compare(QLatin1String(f.name), Qt::CaseInsensitive) == 0)
            return f.field;
    }
    return std::nullopt;
}

bool isIdField(Field field)
{
    return field == Field::User || field == Field::Client || field == Field::Session ||
        field == Field::Organization || field == Field::Actor;
}

// Past fields take ages (last_active<2h: less than two hours ago); future fields time left.
bool isFutureField(Field field)
{
    return field == Field::Expires || field == Field::Abandon;
}

bool isNameChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

qint64 saturatingAdd(qint64 a, qint64 b)
{
    qint64 sum;
    if (__builtin_add_overflow(a, b, &sum))
        return b > 0 ? Maximum : Minimum;
    return sum;
}

// Inside quotes, \" is a quote and \\ a backslash.
bool isEscape(QStringView text, qsizetype i)
{
    return text[i] == u'\\' && i + 1 < text.size() && (text[i + 1] == u'"' || text[i + 1] == u'\\');
}

QString quoted(QStringView text)
{
    return u'"' + text.toString() + u'"';
}

const QString &badTimeMessage()
{
    static const QString message =
        QStringLiteral("expected a relative time like 30m, 2h, 7d or a date like 2026-01-01");
    return message;
}

enum class TimeParse { NotATime, NoSuchDate, Relative, Absolute };

struct TimeValue
{
    qint64 duration = 0; // Relative
    qint64 from = 0; // Absolute: [from, to), as wide as the value's precision
    qint64 to = 0;
};

TimeParse parseTime(QStringView text, TimeValue *value)
{
    static const QRegularExpression relative(QStringLiteral("^([0-9]{1,9})([smhdw])$"),
                                             QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression absolute(
        QStringLiteral("^([0-9]{4})-([0-9]{2})-([0-9]{2})"
                       "(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]{1,3}))?)?"
                       "(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$"),
        QRegularExpression::CaseInsensitiveOption);

    const QString subject = text.toString();
    if (const QRegularExpressionMatch m = relative.match(subject); m.hasMatch()) {
        static constexpr qint64 Units[] = {1000, 60'000, 3'600'000, 86'400'000, 604'800'000};
        const int unit =
            int(QStringLiteral("smhdw").indexOf(m.capturedView(2).toString().toLower()));
        value->duration = m.capturedView(1).toLongLong() * Units[unit];
        return TimeParse::Relative;
    }
    const QRegularExpressionMatch m = absolute.match(subject);
    if (!m.hasMatch())
        return TimeParse::NotATime;
    const QDate date(m.capturedView(1).toInt(), m.capturedView(2).toInt(),
                     m.capturedView(3).toInt());
    if (!date.isValid())
        return TimeParse::NoSuchDate;
    if (!m.hasCaptured(4)) { // a whole local day
        value->from = QDateTime(date, QTime(0, 0)).toMSecsSinceEpoch();
        value->to = QDateTime(date.addDays(1), QTime(0, 0)).toMSecsSinceEpoch();
        return TimeParse::Absolute;
    }
    const int hour = m.capturedView(4).toInt();
    const int minute = m.capturedView(5).toInt();
    const int second = m.hasCaptured(6) ? m.capturedView(6).toInt() : 0;
    int millisecond = 0;
    qint64 width = 60'000;
    if (m.hasCaptured(7)) {
        millisecond = m.capturedView(7).toString().leftJustified(3, u'0').toInt();
        width = 1;
    } else if (m.hasCaptured(6)) {
        width = 1000;
    }
    if (hour > 23 || minute > 59 || second > 59)
        return TimeParse::NoSuchDate;
    const QTime time(hour, minute, second, millisecond);
    if (!m.hasCaptured(8)) {
        value->from = QDateTime(date, time).toMSecsSinceEpoch();
    } else {
        const QStringView zone = m.capturedView(8);
        int offsetSeconds = 0;
        if (zone.compare(u"z", Qt::CaseInsensitive) != 0) {
            const QStringView digits = zone.mid(1);
            const int hours = digits.left(2).toInt();
            const int minutes = digits.size() > 2 ? digits.right(2).toInt() : 0;
            if (hours > 23 || minutes > 59)
                return TimeParse::NoSuchDate;
            offsetSeconds = (hours * 3600 + minutes * 60) * (zone[0] == u'-' ? -1 : 1);
        }
        constexpr qint64 UnixEpochJulianDay = 2440588;
        value->from = (date.toJulianDay() - UnixEpochJulianDay) * 86'400'000 +
            time.msecsSinceStartOfDay() - qint64(offsetSeconds) * 1000;
    }
    value->to = value->from + width;
    return TimeParse::Absolute;
}

} // namespace

// One comma-separated value as written: where it is, and what it says once unquoted.
struct SessionFilterParser::Item
{
    int start = 0;
    int length = 0;
    QString text; // quotes removed, escapes resolved, a trailing unquoted ellipsis dropped
    bool quoted = false; // had a quoted part: taken literally
    bool star = false; // exactly *
    bool ellipsis = false; // ended in … or ... outside quotes: a prefix
};

SessionFilterParser::SessionFilterParser(QStringView query, qint64 nowMs)
    : m_query(query)
    , m_now(nowMs)
{ }

std::optional<SessionFilterParser::Result>
SessionFilterParser::parse(QStringView query, qint64 nowMs, FilterError *error)
{
    SessionFilterParser parser(query, nowMs);
    if (!parser.run()) {
        if (error)
            *error = parser.m_error;
        return std::nullopt;
    }
    if (error)
        *error = {};
    return std::move(parser.m_result);
}

bool SessionFilterParser::fail(const QString &message, int start, int length)
{
    m_error = {message, start, length};
    return false;
}

bool SessionFilterParser::run()
{
    const int size = int(m_query.size());
    int i = 0;
    while (true) {
        while (i < size && m_query[i].isSpace())
            ++i;
        if (i == size)
            return true;
        const int start = i;
        int quote = -1; // where the open quote is
        for (; i < size; ++i) {
            const QChar c = m_query[i];
            if (quote >= 0) {
                if (isEscape(m_query, i))
                    ++i;
                else if (c == u'"')
                    quote = -1;
            } else if (c == u'"') {
                quote = i;
            } else if (c.isSpace()) {
                break;
            }
        }
        if (quote >= 0)
            return fail(QStringLiteral("missing closing quote"), quote, size - quote);
        if (!parseTerm(start, i))
            return false;
    }
}

SessionFilterParser::Item SessionFilterParser::makeItem(int from, int to) const
{
    Item item;
    item.start = from;
    item.length = to - from;
    QStringView raw = m_query.mid(from, to - from);
    item.star = raw == u"*";
    // The quotes are balanced, so dots after the last quote are outside quotes.
    if (!raw.endsWith(u'"')) {
        if (raw.endsWith(u"…")) {
            item.ellipsis = true;
            raw.chop(1);
        } else if (raw.endsWith(u"...")) {
            item.ellipsis = true;
            raw.chop(3);
        }
    }
    bool inQuote = false;
    for (qsizetype k = 0; k < raw.size(); ++k) {
        const QChar c = raw[k];
        if (c == u'"') {
            inQuote = !inQuote;
            item.quoted = true;
        } else if (inQuote && isEscape(raw, k)) {
            item.text.append(raw[++k]);
        } else {
            item.text.append(c);
        }
    }
    return item;
}

std::vector<SessionFilterParser::Item> SessionFilterParser::splitItems(int start, int end) const
{
    std::vector<Item> items;
    bool inQuote = false;
    int from = start;
    const QStringView value = m_query.first(end);
    for (int k = start; k < end; ++k) {
        const QChar c = m_query[k];
        if (inQuote && isEscape(value, k)) {
            ++k;
        } else if (c == u'"') {
            inQuote = !inQuote;
        } else if (!inQuote && c == u',') {
            items.push_back(makeItem(from, k));
            from = k + 1;
        }
    }
    items.push_back(makeItem(from, end));
    return items;
}

bool SessionFilterParser::parseTerm(int start, int end)
{
    Term term;
    term.start = start;
    term.length = end - start;
    int body = start;
    if (m_query[start] == u'-') {
        if (end - start == 1)
            return fail(QStringLiteral("\"-\" must be followed by a term"), start, 1);
        term.negated = true;
        ++body;
    }

    // field op values, when it starts with letters and an operator.
    int nameEnd = body;
    while (nameEnd < end && isNameChar(m_query[nameEnd]))
        ++nameEnd;
    const QChar next = nameEnd < end ? m_query[nameEnd] : QChar();
    const bool hasOp =
        nameEnd > body && (next == u':' || next == u'=' || next == u'<' || next == u'>');
    if (hasOp) {
        const QStringView name = m_query.mid(body, nameEnd - body);
        const std::optional<Field> field = fieldNamed(name);
        const bool looksLikeAddress = !field && next == u':' &&
            IpNetwork::parse(m_query.mid(body, end - body).toString().toStdString());
        if (!field && !looksLikeAddress) {
            const QString closest = closestField(name);
            return fail(closest.isEmpty() ? QStringLiteral("unknown field %1").arg(quoted(name))
                                          : QStringLiteral("unknown field %1; did you mean %2?")
                                                .arg(quoted(name), closest),
                        body, int(name.size()));
        }
        if (field) {
            int opLength = 1;
            if ((next == u'<' || next == u'>') && nameEnd + 1 < end && m_query[nameEnd + 1] == u'=')
                opLength = 2;
            term.field = *field;
            if (!parseFieldTerm(term, *field, nameEnd, opLength, nameEnd + opLength, end))
                return false;
            m_result.terms.push_back(std::move(term));
            return true;
        }
    }

    // Free text: the whole word, commas and colons included.
    const Item item = makeItem(body, end);
    if (item.text.isEmpty()) {
        return fail(item.quoted ? QStringLiteral("empty quotes")
                                : QStringLiteral("empty search text"),
                    start, end - start);
    }
    term.field = Field::FreeText;
    Term::Value value;
    value.match = item.ellipsis ? Match::StartsWith : Match::Contains;
    value.text = item.text;
    value.sensitivity = Qt::CaseInsensitive;
    term.values.push_back(std::move(value));
    m_result.terms.push_back(std::move(term));
    return true;
}

bool SessionFilterParser::parseFieldTerm(Term &term, Field field, int opStart, int opLength,
                                         int valueStart, int end)
{
    const QStringView op = m_query.mid(opStart, opLength);
    const bool comparison = op[0] == u'<' || op[0] == u'>';
    const QString fieldName =
        m_query
            .mid(term.start + (term.negated ? 1 : 0), opStart - term.start - (term.negated ? 1 : 0))
            .toString()
            .toLower();
    if (comparison && !Term::isTime(field)) {
        return fail(QStringLiteral("%1 is not a time: use %1:value").arg(fieldName), opStart,
                    opLength);
    }
    if (valueStart == end)
        return fail(QStringLiteral("empty value for %1").arg(fieldName), term.start, term.length);
    const std::vector<Item> items = splitItems(valueStart, end);
    for (const Item &item : items) {
        if (item.text.isEmpty() && !item.star)
            return fail(QStringLiteral("empty value for %1").arg(fieldName), term.start,
                        term.length);
    }
    if (comparison && items.size() > 1)
        return fail(QStringLiteral("a comparison takes one value"), valueStart, end - valueStart);

    for (const Item &item : items) {
        bool ok = true;
        if (Term::isTime(field)) {
            ok = parseTimeValue(term, item, op);
        } else if (field == Field::Status) {
            ok = parseStatusValue(term, item);
        } else if (field == Field::Ip) {
            ok = parseIpValue(term, item);
        } else if (field == Field::Impersonated || field == Field::Mobile) {
            ok = parseFlagValue(term, item, fieldName);
        } else if (field == Field::Flag) {
            ok = parseAnomalyValue(term, item);
        } else {
            ok = parseTextValue(term, item);
        }
        if (!ok)
            return false;
    }
    return true;
}

bool SessionFilterParser::parseTextValue(Term &term, const Item &item)
{
    Term::Value value;
    value.text = item.text;
    value.sensitivity = isIdField(term.field) ? Qt::CaseSensitive : Qt::CaseInsensitive;
    if (item.star) {
        value.match = Match::HasValue;
        value.text.clear();
    } else if (item.ellipsis) {
        value.match = Match::StartsWith;
    } else if (term.field == Field::Country || term.field == Field::Task) {
        value.match = Match::Equals;
    } else if (term.field == Field::Version) {
        value.match = Match::VersionPrefix;
    } else {
        value.match = Match::Contains;
    }
    term.values.push_back(std::move(value));
    return true;
}

bool SessionFilterParser::parseStatusValue(Term &term, const Item &item)
{
    if (!item.star && !item.ellipsis && !item.quoted &&
        statusFromName(item.text.toLower().toStdString()) == SessionStatus::Unknown) {
        // Unknown statuses are valid (the API may add some; the store keeps their text), but a
        // near miss of a known one is a typo. Quoting says "I mean it".
        const QString word = item.text.toLower();
        QString suggestion;
        int best = 3;
        for (int s = 0; s < KnownStatusCount; ++s) {
            const std::string_view name = statusName(SessionStatus(s));
            const QString known = QString::fromLatin1(name.data(), qsizetype(name.size()));
            const int distance = known.startsWith(word) ? 0
                : word.size() >= 4                      ? editDistance(word, known)
                                                        : 3;
            if (distance < best) {
                best = distance;
                suggestion = known;
            }
        }
        if (!suggestion.isEmpty()) {
            return fail(QStringLiteral("unknown status %1; did you mean %2?")
                            .arg(quoted(item.text), suggestion),
                        item.start, item.length);
        }
    }
    Term::Value value;
    value.text = item.text;
    value.sensitivity = Qt::CaseInsensitive;
    value.match = item.star ? Match::HasValue : item.ellipsis ? Match::StartsWith : Match::Equals;
    if (item.star)
        value.text.clear();
    term.values.push_back(std::move(value));
    return true;
}

bool SessionFilterParser::parseIpValue(Term &term, const Item &item)
{
    Term::Value value;
    value.sensitivity = Qt::CaseInsensitive;
    if (item.star) {
        value.match = Match::HasValue;
        term.values.push_back(std::move(value));
        return true;
    }
    const std::string text = item.text.toStdString();
    IpNetwork::ParseStatus status = IpNetwork::ParseStatus::Ok;
    const std::optional<IpNetwork> network = IpNetwork::parse(text, &status);
    if (network && !item.ellipsis) {
        value.match = Match::Network;
        value.network = network;
    } else if (item.text.contains(u'/')) {
        if (status == IpNetwork::ParseStatus::PrefixTooLong) {
            const bool v4 = IpNetwork::parseAddress(text.substr(0, text.find('/')))->family ==
                IpNetwork::Family::IPv4;
            return fail(QStringLiteral("prefix length %1 is over %2 for %3")
                            .arg(item.text.mid(item.text.indexOf(u'/') + 1),
                                 v4 ? QStringLiteral("32") : QStringLiteral("128"),
                                 v4 ? QStringLiteral("IPv4") : QStringLiteral("IPv6")),
                        item.start, item.length);
        }
        return fail(QStringLiteral("%1 is not an IP range").arg(quoted(item.text)), item.start,
                    item.length);
    } else {
        // The start of an address: hex digits, dots and colons.
        for (const QChar c : item.text) {
            if (!(c.isDigit() && c.unicode() < 128) && !(c >= u'a' && c <= u'f') &&
                !(c >= u'A' && c <= u'F') && c != u'.' && c != u':') {
                return fail(QStringLiteral("%1 is not an IP address").arg(quoted(item.text)),
                            item.start, item.length);
            }
        }
        value.match = Match::StartsWith;
        value.text = item.text;
    }
    term.values.push_back(std::move(value));
    return true;
}

bool SessionFilterParser::parseFlagValue(Term &term, const Item &item, const QString &fieldName)
{
    auto is = [&item](const char16_t *word) {
        return item.text.compare(QStringView(word), Qt::CaseInsensitive) == 0;
    };
    const bool yes = is(u"yes") || is(u"true");
    const bool no = is(u"no") || is(u"false");
    if (item.quoted || item.ellipsis || (!yes && !no))
        return fail(QStringLiteral("%1 takes yes or no").arg(fieldName), item.start, item.length);
    Term::Value value;
    value.match = yes ? Match::Yes : Match::No;
    term.values.push_back(std::move(value));
    return true;
}

bool SessionFilterParser::parseAnomalyValue(Term &term, const Item &item)
{
    Term::Value value;
    value.match = Match::AnyFlag;
    if (item.star) {
        value.flags = AnomalyRules::AllFlags;
    } else if (const std::optional<AnomalyRules::Flag> flag = AnomalyRules::flagNamed(item.text);
               flag && !item.ellipsis) {
        value.flags = *flag;
    } else {
        QString word = item.text.toLower();
        word.replace(u'_', u'-');
        QString suggestion;
        int best = 3;
        for (const AnomalyRules::Flag flag : AnomalyRules::Flags) {
            const QString name = AnomalyRules::name(flag);
            if (item.ellipsis) { // a prefix: every flag it begins
                if (name.startsWith(word))
                    value.flags |= flag;
                continue;
            }
            const int distance = name.startsWith(word) && word.size() >= 2 ? 0
                : word.size() >= 4 ? editDistance(word, name)
                                   : 3;
            if (distance < best) {
                best = distance;
                suggestion = name;
            }
        }
        if (value.flags == 0) {
            QStringList names;
            for (const AnomalyRules::Flag flag : AnomalyRules::Flags)
                names << AnomalyRules::name(flag);
            const QString shown = quoted(item.ellipsis ? item.text + u'…' : item.text);
            return fail(
                suggestion.isEmpty()
                    ? QStringLiteral("unknown flag %1; flags are %2")
                          .arg(shown, names.join(QStringLiteral(", ")))
                    : QStringLiteral("unknown flag %1; did you mean %2?").arg(shown, suggestion),
                item.start, item.length);
        }
    }
    term.values.push_back(std::move(value));
    return true;
}

bool SessionFilterParser::parseTimeValue(Term &term, const Item &item, QStringView op)
{
    Term::Value value;
    value.match = Match::TimeRange;
    if (item.star && op == u":") {
        value.match = Match::HasValue;
        term.values.push_back(std::move(value));
        return true;
    }
    TimeValue time;
    const TimeParse parsed = item.ellipsis ? TimeParse::NotATime : parseTime(item.text, &time);
    switch (parsed) {
    case TimeParse::NotATime:
        return fail(badTimeMessage(), item.start, item.length);
    case TimeParse::NoSuchDate:
        return fail(QStringLiteral("no such date: %1").arg(item.text), item.start, item.length);
    case TimeParse::Relative: {
        if (op == u":" || op == u"=") {
            return fail(QStringLiteral("use <, <=, > or >= with a relative time"), item.start,
                        item.length);
        }
        m_result.relativeToNow = true;
        // The distance from now: an age for past fields, the time left for future ones.
        // "distance < d" is t > now - d (past) or t < now + d (future).
        const bool future = isFutureField(term.field);
        const qint64 edge =
            future ? saturatingAdd(m_now, time.duration) : saturatingAdd(m_now, -time.duration);
        const bool less = op[0] == u'<';
        const bool orEqual = op.size() == 2;
        // Whether the range lies after the edge: "<" on a past field, ">" on a future one.
        if (less != future) {
            value.from = orEqual ? edge : saturatingAdd(edge, 1); // t > edge or t >= edge
            value.to = Maximum;
        } else {
            value.from = Minimum;
            value.to = orEqual ? saturatingAdd(edge, 1) : edge; // t <= edge or t < edge
        }
        break;
    }
    case TimeParse::Absolute:
        if (op == u":" || op == u"=") {
            value.from = time.from;
            value.to = time.to;
        } else if (op == u"<") {
            value.from = Minimum;
            value.to = time.from;
        } else if (op == u"<=") {
            value.from = Minimum;
            value.to = time.to;
        } else if (op == u">") {
            value.from = time.to;
            value.to = Maximum;
        } else {
            value.from = time.from;
            value.to = Maximum;
        }
        break;
    }
    term.values.push_back(std::move(value));
    return true;
}

QString SessionFilterParser::closestField(QStringView name)
{
    if (name.size() < 2)
        return {};
    for (const FieldName &f : FieldNames) {
        if (QLatin1String(f.name).startsWith(name, Qt::CaseInsensitive))
            return QLatin1String(f.name);
    }
    const int allowed = name.size() >= 5 ? 2 : name.size() >= 3 ? 1 : 0;
    QString best;
    int bestDistance = allowed + 1;
    for (const FieldName &f : FieldNames) {
        const QString candidate = QLatin1String(f.name);
        const int distance = editDistance(name, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

int SessionFilterParser::editDistance(QStringView a, QStringView b)
{
    const QString x = a.toString().toCaseFolded();
    const QString y = b.toString().toCaseFolded();
    const qsizetype n = x.size();
    const qsizetype m = y.size();
    std::vector<std::vector<int>> d(std::size_t(n + 1), std::vector<int>(std::size_t(m + 1)));
    for (qsizetype i = 0; i <= n; ++i)
        d[std::size_t(i)][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][std::size_t(j)] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const auto I = std::size_t(i);
            const auto J = std::size_t(j);
            const int cost = x[i - 1] == y[j - 1] ? 0 : 1;
            d[I][J] = std::min({d[I - 1][J] + 1, d[I][J - 1] + 1, d[I - 1][J - 1] + cost});
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                d[I][J] = std::min(d[I][J], d[I - 2][J - 2] + 1);
        }
    }
    return d[std::size_t(n)][std::size_t(m)];
}

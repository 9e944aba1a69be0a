// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessionfilter.h"

#include "anomalyrules.h"
#include "sessionfilterparser.h"
#include "sessionfilterterm.h"

#include <QHostAddress>

namespace {

using Term = SessionFilter::Term;
using Field = Term::Field;
using Match = Term::Match;

const std::shared_ptr<const std::vector<Term>> &noTerms()
{
    static const auto terms = std::make_shared<const std::vector<Term>>();
    return terms;
}

// The reference works on QStrings with Qt's own comparisons and QHostAddress, independently of
// the byte-level code the store matcher uses.
bool textMatches(const Term::Value &value, const QString &text)
{
    if (text.isNull())
        return false;
    switch (value.match) {
    case Match::HasValue:
        return !text.isEmpty();
    case Match::Contains:
        return text.contains(value.text, value.sensitivity);
    case Match::StartsWith:
        return text.startsWith(value.text, value.sensitivity);
    case Match::Equals:
        return text.compare(value.text, value.sensitivity) == 0;
    case Match::VersionPrefix:
        return text.compare(value.text, Qt::CaseInsensitive) == 0 ||
            text.startsWith(value.text + u'.', Qt::CaseInsensitive);
    case Match::Network: {
        const IpNetwork::Address &base = value.network->base();
        const QHostAddress network = base.family == IpNetwork::Family::IPv4
            ? QHostAddress(quint32(base.bytes[0] << 24 | base.bytes[1] << 16 | base.bytes[2] << 8 |
                                   base.bytes[3]))
            : QHostAddress(base.bytes.data());
        QHostAddress address;
        return address.setAddress(text) && address.scopeId().isEmpty() &&
            address.isInSubnet(network, value.network->prefixLength());
    }
    case Match::Yes:
    case Match::No:
    case Match::TimeRange:
    case Match::AnyFlag:
        break;
    }
    return false;
}

bool anyTextMatches(const Term &term, const QString &text)
{
    for (const Term::Value &value : term.values) {
        if (textMatches(value, text))
            return true;
    }
    return false;
}

bool flagMatches(const Term &term, bool flag)
{
    for (const Term::Value &value : term.values) {
        if ((value.match == Match::Yes) == flag)
            return true;
    }
    return false;
}

bool timeMatches(const Term &term, qint64 time)
{
    for (const Term::Value &value : term.values) {
        if (value.match == Match::HasValue ? time != 0 : value.from <= time && time < value.to)
            return true;
    }
    return false;
}

bool anomalyMatches(const Term &term, quint8 flags)
{
    for (const Term::Value &value : term.values) {
        if (flags & value.flags)
            return true;
    }
    return false;
}

bool termMatches(const Term &term, const Session &s, quint8 anomalyFlags)
{
    const SessionActivity *a = s.latestActivity ? &*s.latestActivity : nullptr;
    const auto activity = [a](QString SessionActivity::*member) {
        return a ? a->*member : QString();
    };
    switch (term.field) {
    case Field::Status:
        return anyTextMatches(term, s.statusText);
    case Field::User:
        return anyTextMatches(term, s.userId);
    case Field::Client:
        return anyTextMatches(term, s.clientId);
    case Field::Session:
        return anyTextMatches(term, s.id);
    case Field::Ip:
        return anyTextMatches(term, activity(&SessionActivity::ipAddress));
    case Field::City:
        return anyTextMatches(term, activity(&SessionActivity::city));
    case Field::Country:
        return anyTextMatches(term, activity(&SessionActivity::country));
    case Field::Browser:
        return anyTextMatches(term, activity(&SessionActivity::browserName));
    case Field::Version:
        return anyTextMatches(term, activity(&SessionActivity::browserVersion));
    case Field::Device:
        return anyTextMatches(term, activity(&SessionActivity::deviceType));
    case Field::Organization:
        return anyTextMatches(term, s.lastActiveOrganizationId);
    case Field::Actor:
        return anyTextMatches(term, s.actorSub);
    case Field::Impersonated:
        return flagMatches(term, s.isImpersonated());
    case Field::Mobile:
        return flagMatches(term, a && a->isMobile);
    case Field::Task:
        if (s.tasks) {
            for (const QString &key : *s.tasks) {
                if (anyTextMatches(term, key))
                    return true;
            }
        }
        return false;
    case Field::LastActive:
        return timeMatches(term, s.lastActiveAt);
    case Field::Created:
        return timeMatches(term, s.createdAt);
    case Field::Updated:
        return timeMatches(term, s.updatedAt);
    case Field::Expires:
        return timeMatches(term, s.expireAt);
    case Field::Abandon:
        return timeMatches(term, s.abandonAt);
    case Field::Flag:
        return anomalyMatches(term, anomalyFlags);
    case Field::FreeText:
        for (const QString &text :
             {s.id, s.userId, s.clientId, activity(&SessionActivity::ipAddress),
              activity(&SessionActivity::city), activity(&SessionActivity::country),
              activity(&SessionActivity::browserName), activity(&SessionActivity::deviceType),
              s.lastActiveOrganizationId, s.actorSub}) {
            if (anyTextMatches(term, text))
                return true;
        }
        return false;
    }
    return false;
}

} // namespace

SessionFilter::SessionFilter()
    : m_terms(noTerms())
{ }

std::optional<SessionFilter> SessionFilter::parse(const QString &query, qint64 nowMs,
                                                  FilterError *error)
{
    std::optional<SessionFilterParser::Result> result =
        SessionFilterParser::parse(query, nowMs, error);
    if (!result)
        return std::nullopt;
    SessionFilter filter;
    filter.m_query = query;
    filter.m_relativeToNow = result->relativeToNow;
    if (!result->terms.empty())
        filter.m_terms = std::make_shared<const std::vector<Term>>(std::move(result->terms));
    return filter;
}

QString SessionFilter::query() const
{
    return m_query;
}

bool SessionFilter::isEmpty() const
{
    return m_terms->empty() && m_statusMask == AllStatuses;
}

bool SessionFilter::setStatusMask(quint16 mask)
{
    mask &= AllStatuses;
    if (mask == m_statusMask)
        return false;
    m_statusMask = mask;
    return true;
}

quint16 SessionFilter::statusMask() const
{
    return m_statusMask;
}

const std::vector<SessionFilter::Term> &SessionFilter::terms() const
{
    return *m_terms;
}

bool SessionFilter::matches(const Session &session, quint8 anomalyFlags) const
{
    if (!(m_statusMask & statusBit(session.status)))
        return false;
    for (const Term &term : *m_terms) {
        if (termMatches(term, session, anomalyFlags) == term.negated)
            return false;
    }
    return true;
}

QString SessionFilter::syntaxHelp()
{
    return syntaxHelp(AnomalyRules{});
}

QString SessionFilter::syntaxHelp(const AnomalyRules &rules)
{
    const QString syntax = QStringLiteral(
        "<h3>Filter syntax</h3>"
        "<p>Type words and <code>field:value</code> terms separated by spaces; a session must "
        "match every term. <code>field:a,b</code> means a <i>or</i> b. A leading "
        "<code>-</code> negates a term: <code>-country:DE,CH</code> is neither DE nor CH.</p>"
        "<table cellpadding='3'>"
        "<tr><th align='left'>Field</th><th align='left'>Matches</th>"
        "<th align='left'>Example</th></tr>"
        "<tr><td>status</td><td>the status, whole word (unknown statuses too; quote one that "
        "looks like a typo)</td><td><code>status:active,pending</code></td></tr>"
        "<tr><td>user, client, session (id), org, actor</td><td>part of the id, case "
        "matters</td><td><code>user:user_2x…</code> <code>org:*</code></td></tr>"
        "<tr><td>ip</td><td>an address, a CIDR range (IPv4, IPv6) or the start of an "
        "address</td><td><code>ip:203.0.113.0/24</code> <code>ip:2a00::/16</code></td></tr>"
        "<tr><td>country</td><td>the country code</td><td><code>country:DE,CH</code></td></tr>"
        "<tr><td>city, browser, device</td><td>part of the name</td>"
        "<td><code>city:\"new york\"</code> <code>-device:iphone</code></td></tr>"
        "<tr><td>version</td><td>the browser version or its major part</td>"
        "<td><code>version:18</code></td></tr>"
        "<tr><td>task</td><td>a pending task</td><td><code>task:reset-password</code></td></tr>"
        "<tr><td>impersonated, mobile</td><td>yes or no</td>"
        "<td><code>impersonated:yes</code></td></tr>"
        "<tr><td>flag</td><td>an anomaly flag: travel, concurrent, stale-active, "
        "impersonated, new-device (see below); <code>*</code> is any</td>"
        "<td><code>flag:travel,concurrent</code> <code>-flag:new-device</code></td></tr>"
        "<tr><td>last_active, created, updated, expires, abandon</td>"
        "<td>compare with &lt; &lt;= &gt; &gt;= to an age (past fields) or time left (expires, "
        "abandon): 30m, 2h, 7d, 4w; or to a date or time (local unless a zone is given); "
        "<code>:</code> with a date is that day</td>"
        "<td><code>last_active&lt;2h</code> <code>created&gt;=2026-01-01</code> "
        "<code>expires&lt;1d</code></td></tr>"
        "</table>"
        "<p>Text is case-insensitive, ids are not. <code>field:*</code> means the field has a "
        "value, <code>-field:*</code> that it has none. A value ending in <code>…</code> or "
        "<code>...</code> matches values that start with it. Other words search the session, "
        "user, client, organization and actor ids, IP, city, country, browser and device; "
        "<code>\"quoted text\"</code> keeps its spaces.</p>"
        "<p>Aliases: user_id, client_id, id, session_id, ip_address, browser_name, "
        "browser_version, device_type, organization, impersonator, is_mobile, tasks, active, "
        "the API's *_at names, flags, anomaly.</p>");
    return syntax + rules.helpHtml();
}

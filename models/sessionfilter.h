// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QString>

#include <array>
#include <memory>
#include <optional>
#include <vector>

class SessionStore;
struct AnomalyRules;

// Where and why a query could not be read: the message names the term ("unknown field
// \"contry\"; did you mean country?"), start/length mark it in the query text (UTF-16 units),
// for the filter bar's underline and tooltip.
struct FilterError
{
    QString message;
    int start = 0;
    int length = 0;

    bool operator==(const FilterError &) const = default;
};

// A filter over sessions as a value: what the filter bar's text and status toggles say,
// parsed once (SessionFilterParser has the grammar and every error message; syntaxHelp() the
// user's version of it). In short:
//   status:active,pending country:DE,CH browser:chrome -device:iphone ip:203.0.113.0/24
//   user:user_2x… org:* impersonated:yes mobile:no last_active<2h created>2026-01-01 expires<1d
// - terms are separated by spaces and all must hold; field:a,b means a or b; a leading '-'
//   negates the whole term (-country:DE,CH: neither DE nor CH, sessions without a country too);
// - text is case-insensitive (Qt's case folding): browser, device, city: substring; country,
//   status, task: the whole value; version:18 is 18 or 18.x; ids (user, client, session, org,
//   actor) are case-sensitive substrings; a trailing … or ... makes a text value a prefix;
// - status takes any word (the API may add statuses; the store keeps their text), but a word
//   that is close to a known status ("activ", "re") is an error, unless quoted;
// - field:* means "has a value" (text: not null, not empty; times: not 0), -field:* "has none";
// - ip: an address, a CIDR range (IPv4 or IPv6, never matching the other family), or the
//   start of an address as text (ip:203.0.113);
// - impersonated:yes|no (an actor or not), mobile:yes|no (no: not mobile or no activity);
// - flag:travel,concurrent,stale-active,impersonated,new-device: the row carries any of these
//   anomaly flags (AnomalyRules, worked out by AnomalyDetector); flag:* any flag, -flag:* none.
//   A row whose flags are not known has none;
// - times (last_active, created, updated, expires, abandon) take < <= > >= and either an age
//   (past fields) or time left (expires, abandon) as 30s, 30m, 2h, 7d or 4w — last_active<2h is
//   active in the last two hours, expires<1d expires before a day from now (expired ones too) —
//   or a local date or time (2026-01-01, "2026-01-01 12:30", ISO 8601 with Z or an offset),
//   which stands for its whole day, minute, second: created>2026-01-01 is from 2026-01-02 on,
//   created<=2026-01-01 up to its end, created:2026-01-01 within it;
// - other words are free text: a case-insensitive substring of the session id, user id, client
//   id, IP, city, country, browser, device, organization or actor; "quoted text" keeps spaces
//   and is taken literally (no *, no …).
// Relative times are fixed against `nowMs` when parsed (see isRelativeToNow()).
class SessionFilter
{
public:
    SessionFilter(); // matches everything

    // nullopt and *error set when the query cannot be read; an empty query is valid.
    static std::optional<SessionFilter> parse(const QString &query, qint64 nowMs,
                                              FilterError *error = nullptr);

    QString query() const; // as parsed
    bool isEmpty() const; // no terms and every status shown
    // Uses relative times ("2h"): parse again as time passes to keep it current.
    bool isRelativeToNow() const { return m_relativeToNow; }

    // The status toggles, on top of the query: bit n shows SessionStatus(n) (Unknown included);
    // all bits set (AllStatuses) shows every status.
    static constexpr quint16 AllStatuses = (1u << (KnownStatusCount + 1)) - 1;
    static constexpr quint16 statusBit(SessionStatus status) { return quint16(1u << int(status)); }
    // Returns whether the mask changed. Bits beyond AllStatuses are dropped.
    bool setStatusMask(quint16 mask);
    quint16 statusMask() const;

    // The slow, obvious reference: tests compare the store matcher with it. `anomalyFlags` are
    // the session's AnomalyRules::Flag bits (flag: terms see no flags by default).
    bool matches(const Session &session, quint8 anomalyFlags = 0) const;

    // The syntax for the F1 help, as HTML, ending with the anomaly rules (with the default
    // settings, or those given).
    static QString syntaxHelp();
    static QString syntaxHelp(const AnomalyRules &rules);

    struct Term; // a parsed term, see sessionfilterterm.h
    const std::vector<Term> &terms() const;

private:
    QString m_query;
    std::shared_ptr<const std::vector<Term>> m_terms; // shared: copies are cheap
    quint16 m_statusMask = AllStatuses;
    bool m_relativeToNow = false;
};

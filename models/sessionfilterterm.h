// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "ipnetwork.h"
#include "sessionfilter.h"

#include <QString>

#include <optional>
#include <vector>

// One parsed term of a SessionFilter: a field, the values any of which must match, and
// whether the term is negated. What SessionFilterParser makes and what SessionFilter::matches()
// and SessionFilterMatcher read; not for the UI.
struct SessionFilter::Term
{
    enum class Field : quint8 {
        Status,
        User,
        Client,
        Session,
        Ip,
        City,
        Country,
        Browser,
        Version,
        Device,
        Organization,
        Actor, // actor.sub: who impersonates
        Impersonated,
        Mobile,
        Task,
        LastActive,
        Created,
        Updated,
        Expires,
        Abandon,
        Flag, // anomaly flags (AnomalyRules::Flag bits)
        FreeText, // session id, user, client, ip, city, country, browser, device, org, actor
    };

    enum class Match : quint8 {
        HasValue, // field:* (text: not null, not empty; times: not 0)
        Contains, // text with `sensitivity`
        StartsWith,
        Equals,
        VersionPrefix, // equals text, or starts with text + "." (case-insensitive)
        Network, // an address or range (ip)
        Yes, // impersonated, mobile
        No,
        TimeRange, // from <= t < to
        AnyFlag, // the row has one of the AnomalyRules::Flag bits in `flags`
    };

    struct Value
    {
        Match match = Match::Contains;
        QString text;
        Qt::CaseSensitivity sensitivity = Qt::CaseInsensitive;
        std::optional<IpNetwork> network;
        qint64 from = 0;
        qint64 to = 0;
        quint8 flags = 0; // AnyFlag

        bool operator==(const Value &) const = default;
    };

    Field field = Field::FreeText;
    bool negated = false;
    std::vector<Value> values; // any one matching is enough
    int start = 0; // the term in the query, '-' included (UTF-16 units)
    int length = 0;

    static bool isTime(Field field)
    {
        return field >= Field::LastActive && field <= Field::Abandon;
    }
};

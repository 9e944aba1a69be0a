// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "sessionfilter.h"
#include "sessionfilterterm.h"

#include <QString>
#include <QStringView>

#include <optional>
#include <vector>

// Reads the filter bar's query language into SessionFilter terms: a pure function of the text
// and the current time, so that every rule and error is tested directly. The grammar:
//
//   query  := term*                       separated by white space; all terms must hold
//   term   := ['-'] (field op values | text)
//   field  := letters and '_' (case-insensitive), known names and aliases only
//   op     := ':' | '=' | '<' | '<=' | '>' | '>='    (comparisons on time fields only)
//   values := value (',' value)*          any one may match
//   value  := characters and "quoted parts" ("\"" and "\\" escape inside quotes)
//   text   := anything else (a word not starting with `letters:`, or quoted)
//
// A word like fe80::1 that starts like a field but is an IP address or range is text. Quoting
// makes a value literal: "*" is a star, a quoted trailing "..." is dots, a quoted status is
// not checked for typos. Every error names one term or value and says how to fix it.
class SessionFilterParser
{
public:
    struct Result
    {
        std::vector<SessionFilter::Term> terms;
        bool relativeToNow = false; // uses 2h, 7d, … (a date does not)
    };

    static std::optional<Result> parse(QStringView query, qint64 nowMs,
                                       FilterError *error = nullptr);

    // The closest known field name to `name` ("contry" → "country"), or empty when none is
    // close: a name it begins (2+ letters) or one or two typos away (by length).
    static QString closestField(QStringView name);
    // Damerau–Levenshtein (optimal string alignment) distance, case-insensitive.
    static int editDistance(QStringView a, QStringView b);

private:
    using Term = SessionFilter::Term;
    struct Item;

    SessionFilterParser(QStringView query, qint64 nowMs);
    bool run();
    bool parseTerm(int start, int end);
    bool parseFieldTerm(Term &term, Term::Field field, int opStart, int opLength, int valueStart,
                        int end);
    bool parseTextValue(Term &term, const Item &item);
    bool parseStatusValue(Term &term, const Item &item);
    bool parseIpValue(Term &term, const Item &item);
    bool parseFlagValue(Term &term, const Item &item, const QString &fieldName);
    bool parseAnomalyValue(Term &term, const Item &item);
    bool parseTimeValue(Term &term, const Item &item, QStringView op);
    Item makeItem(int from, int to) const;
    std::vector<Item> splitItems(int start, int end) const;
    bool fail(const QString &message, int start, int length);

    QStringView m_query;
    qint64 m_now = 0;
    Result m_result;
    FilterError m_error;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "sessionfilter.h"

#include <QtGlobal>

#include <array>
#include <memory>
#include <vector>

class SessionStore;

// A SessionFilter made fast over a SessionStore: each text term is matched once per distinct
// value of its column's StringPool (a byte per pool id, negation folded in), never once per
// row, so that a row test is a few array lookups, evaluated column by column over blocks of
// rows. prepare() is not thread-safe and must run on the thread that owns the store; the const
// functions may run on any number of threads at once (the store unchanged meanwhile).
class SessionFilterMatcher
{
public:
    // Prepares for the rows the store holds now. Pass the matcher of the previous query on the
    // same store (while typing) to reuse its work: tables of unchanged terms are copied, and a
    // word that grew ("ber" → "berl") is looked up only among the values the shorter one matched.
    // Its anomaly flags (setAnomalyFlags()) carry over.
    SessionFilterMatcher(const SessionFilter &filter, const SessionStore &store,
                         const SessionFilterMatcher *previous = nullptr);
    ~SessionFilterMatcher();
    SessionFilterMatcher(const SessionFilterMatcher &) = delete;
    SessionFilterMatcher &operator=(const SessionFilterMatcher &) = delete;

    const SessionFilter &filter() const;

    // The anomaly flags for `flag:` terms: a byte of AnomalyRules::Flag bits per row
    // (AnomalyDetector::allFlags()), read at every match, so they may change (and grow) between
    // matches like the store; rows beyond its size have no flags. Null (the default): no row has
    // a flag, so flag:travel matches nothing and -flag:travel everything. The vector must
    // outlive the matcher or be unset first.
    void setAnomalyFlags(const std::vector<quint8> *flags);
    const std::vector<quint8> *anomalyFlags() const;

    // Extends the per-dictionary tables to the values the store holds now. Call after every
    // change to the store (appended rows and rows updated in place both bring new values),
    // before matching; cheap when nothing changed. After SessionStore::clear() and a new load,
    // tables are rebuilt (a table notices that its dictionary is no longer the one it read).
    // Uses a second thread when there is much to do.
    void prepare();
    int preparedRows() const; // rows that may be matched: [0, preparedRows())

    bool matches(int row) const;
    // The matching rows of [first, end), ascending, split over up to `threads` threads when the
    // range and the query are large enough to pay for them.
    std::vector<int> matchRows(int first, int end, int threads = 2) const;
    // Of the rows in [first, end) that match the query (the status toggles ignored), how many
    // have each status (index = SessionStatus): the toggle buttons' live counts.
    std::array<int, KnownStatusCount + 1> countByStatus(int first, int end) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> d;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>

#include <vector>

class AnomalyDetector;
struct InsightsData;
struct LoadResult;
class SessionFilter;
class SessionStore;

// The JSON that `sessiondesk --summary` prints: per file its shape, counts and skipped records,
// then totals, sessions by status, load time and the store's bytes per session.
namespace LoadSummary {
// With `anomalies`, also "flags": how many sessions carry each anomaly flag.
QJsonObject toJson(const LoadResult &result, const SessionStore &store,
                   const AnomalyDetector *anomalies = nullptr);
// Sessions by status ("active": 3, …; every known status, unknown ones under their text), over
// the given rows, or over all rows when `rows` is null.
QJsonObject byStatus(const SessionStore &store, const std::vector<int> *rows = nullptr);
// Sessions by anomaly flag ("travel": 2, …; every flag), over the given rows or all of them.
QJsonObject flagCounts(const AnomalyDetector &anomalies, const std::vector<int> *rows = nullptr);
// What `--filter` adds as "filter": the query, how many sessions match, and those by status
// (and by flag, with `anomalies`).
QJsonObject filterJson(const SessionFilter &filter, const SessionStore &store,
                       const std::vector<int> &rows, const AnomalyDetector *anomalies = nullptr);
// What `--insights` adds: the Insights panel's buckets, each with its count and the query that
// selects it ("by_country": [{"value": "DE", "count": 12, "filter": "country:DE"}, …]), and
// sessions created per period.
QJsonObject insightsJson(const InsightsData &insights);
} // namespace LoadSummary

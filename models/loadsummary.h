// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>

#include <vector>

struct LoadResult;
class SessionFilter;
class SessionStore;

// The JSON that `sessiondesk --summary` prints: per file its shape, counts and skipped records,
// then totals, sessions by status, load time and the store's bytes per session.
namespace LoadSummary {
QJsonObject toJson(const LoadResult &result, const SessionStore &store);
// Sessions by status ("active": 3, …; every known status, unknown ones under their text), over
// the given rows, or over all rows when `rows` is null.
QJsonObject byStatus(const SessionStore &store, const std::vector<int> *rows = nullptr);
// What `--filter` adds as "filter": the query, how many sessions match, and those by status.
QJsonObject filterJson(const SessionFilter &filter, const SessionStore &store,
                       const std::vector<int> &rows);
} // namespace LoadSummary

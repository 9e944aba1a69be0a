// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>

struct LoadResult;
class SessionStore;

// The JSON that `sessiondesk --summary` prints: per file its shape, counts and skipped records,
// then totals, sessions by status, load time and the store's bytes per session.
namespace LoadSummary {
QJsonObject toJson(const LoadResult &result, const SessionStore &store);
} // namespace LoadSummary

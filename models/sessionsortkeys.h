// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

class SessionStore;

// One unsigned 64-bit key per row such that comparing keys orders rows as the column's display
// text would (times chronologically, statuses in the API's order, text by its characters, browser
// versions numerically). Interned strings are ranked once per distinct value.
namespace SessionSortKeys {
std::vector<std::uint64_t> forColumn(const SessionStore &store, int column);
} // namespace SessionSortKeys

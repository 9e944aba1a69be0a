// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// Human time texts, shared by the table, the inspector and the command line.
namespace TimeFormat {
// "just now", "5 min ago", "3 h ago", "2 days ago", "4 months ago", "in 3 days", …
QString relative(qint64 thenMs, qint64 nowMs);
// "2026-11-22 14:05:09 CET": local time, to the second, with the zone.
QString localDateTime(qint64 ms);
// "2026-11-22 13:05:09 UTC": the same instant in UTC, to compare with server logs.
QString utcDateTime(qint64 ms);
} // namespace TimeFormat

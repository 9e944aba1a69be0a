// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>

// The anomaly flags a session can carry, the settings of the rules that raise them, and the
// words that explain them (the filter help, a badge's tooltip). AnomalyDetector applies the
// rules to a SessionStore; `flag:travel,concurrent` in the filter bar selects flagged rows.
//
// A row's flags are one byte, a bit per Flag (0: nothing odd). The rules, in short (each
// Flag's description() has the user's version, AnomalyDetector the exact one):
// - travel: another session of the same user was last active in another country within
//   travelWindowMs of this session's last activity;
// - concurrent: at some moment of this session's life more than concurrentLimit of the user's
//   sessions were in use;
// - stale-active: status active, but expire_at has passed;
// - impersonated: an actor is signed in as the user, and the session is still active;
// - new-device: the session's (device type, browser) pair is not among those of the user's
//   sessions created before it (the user's first sessions are never flagged).
struct AnomalyRules
{
    enum Flag : quint8 {
        Travel = 1,
        Concurrent = 2,
        StaleActive = 4,
        Impersonated = 8,
        NewDevice = 16,
    };
    static constexpr int FlagCount = 5;
    static constexpr quint8 AllFlags = (1u << FlagCount) - 1;
    // In bit order: Travel, Concurrent, StaleActive, Impersonated, NewDevice.
    static constexpr std::array<Flag, FlagCount> Flags = {Travel, Concurrent, StaleActive,
                                                          Impersonated, NewDevice};

    qint64 travelWindowMs = 24 * 3'600'000LL; // two countries closer in time than this: travel
    int concurrentLimit = 3; // more sessions in use at once than this: concurrent

    bool operator==(const AnomalyRules &) const = default;

    // The rules the user chose (Sessions ▸ Anomaly Rules…), kept in QSettings so that the window
    // and `sessiondesk --summary` flag the same sessions; the defaults where none were chosen.
    static AnomalyRules fromSettings();
    void save() const;

    // The filter's word for a flag: "travel", "concurrent", "stale-active", "impersonated",
    // "new-device".
    static QString name(Flag flag);
    // The flag a word names, case-insensitive, '_' taken as '-' ("Stale_Active"); nullopt if
    // none does.
    static std::optional<Flag> flagNamed(QStringView word);
    // A badge's text: "Travel", "Concurrent", "Stale active", "Impersonated", "New device".
    static QString label(Flag flag);
    // The labels of the flags set in `flags`, in bit order.
    static QStringList labels(quint8 flags);

    // One paragraph, plain text, for a badge's tooltip, with this object's window and limit.
    QString description(Flag flag) const;
    // Every rule, for the application's help (HTML): the filter words and the descriptions.
    QString helpHtml() const;
};

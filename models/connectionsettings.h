// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QSettings;

// What the Connect dialog remembers across runs, in QSettings: the last API URL and whether the
// secret key for it was kept in the system keychain. Never the key itself: it lives in the
// keychain (KeychainStore) or, without one, in memory for one session only.
struct ConnectionSettings
{
    QString apiUrl; // empty: none yet (the dialog falls back to CLERK_API_URL or the default)
    bool keyInKeychain = false;

    static ConnectionSettings load(QSettings &settings);
    void save(QSettings &settings) const;

    bool operator==(const ConnectionSettings &) const = default;
};

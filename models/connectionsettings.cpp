// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "connectionsettings.h"

#include <QSettings>

namespace {
constexpr QLatin1StringView Group("connection");
constexpr QLatin1StringView ApiUrlKey("apiUrl");
constexpr QLatin1StringView KeyInKeychainKey("keyInKeychain");
} // namespace

ConnectionSettings ConnectionSettings::load(QSettings &settings)
{
    settings.beginGroup(Group);
    ConnectionSettings loaded;
    loaded.apiUrl = settings.value(ApiUrlKey).toString().trimmed();
    loaded.keyInKeychain = settings.value(KeyInKeychainKey, false).toBool();
    settings.endGroup();
    return loaded;
}

void ConnectionSettings::save(QSettings &settings) const
{
    settings.beginGroup(Group);
    if (apiUrl.isEmpty())
        settings.remove(ApiUrlKey);
    else
        settings.setValue(ApiUrlKey, apiUrl);
    settings.setValue(KeyInKeychainKey, keyInKeychain);
    settings.endGroup();
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "usersummary.h"

QString UserSummary::displayName() const
{
    const QString first = firstName.trimmed();
    const QString last = lastName.trimmed();
    if (!first.isEmpty() && !last.isEmpty())
        return first + QLatin1Char(' ') + last;
    if (!first.isEmpty() || !last.isEmpty())
        return first.isEmpty() ? last : first;
    if (!username.isEmpty())
        return username;
    if (!primaryEmail.isEmpty())
        return primaryEmail;
    return id;
}

QString UserSummary::label() const
{
    const QString name = displayName();
    if (primaryEmail.isEmpty())
        return name;
    if (name == primaryEmail)
        return primaryEmail;
    return QStringLiteral("%1 <%2>").arg(name, primaryEmail);
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "savedviews.h"

#include <QSettings>

#include <algorithm>

QList<SavedView> SavedViews::load(QSettings &settings)
{
    QList<SavedView> views;
    const int count = settings.beginReadArray(QStringLiteral("views"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        SavedView view;
        view.name = settings.value(QStringLiteral("name")).toString();
        view.query = settings.value(QStringLiteral("query")).toString();
        view.statusMask = quint16(settings.value(QStringLiteral("statusMask"), 0xffff).toUInt());
        view.sortColumn = settings.value(QStringLiteral("sortColumn"), -1).toInt();
        view.descending = settings.value(QStringLiteral("descending"), false).toBool();
        const QStringList hidden = settings.value(QStringLiteral("hiddenColumns"))
                                       .toString()
                                       .split(u',', Qt::SkipEmptyParts);
        for (const QString &column : hidden)
            view.hiddenColumns.append(column.toInt());
        if (!view.name.isEmpty())
            views.append(view);
    }
    settings.endArray();
    return views;
}

void SavedViews::save(QSettings &settings, const QList<SavedView> &views)
{
    settings.remove(QStringLiteral("views"));
    settings.beginWriteArray(QStringLiteral("views"), int(views.size()));
    for (int i = 0; i < views.size(); ++i) {
        const SavedView &view = views.at(i);
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), view.name);
        settings.setValue(QStringLiteral("query"), view.query);
        settings.setValue(QStringLiteral("statusMask"), uint(view.statusMask));
        settings.setValue(QStringLiteral("sortColumn"), view.sortColumn);
        settings.setValue(QStringLiteral("descending"), view.descending);
        QStringList hidden;
        for (int column : view.hiddenColumns)
            hidden.append(QString::number(column));
        settings.setValue(QStringLiteral("hiddenColumns"), hidden.join(u','));
    }
    settings.endArray();
}

QList<SavedView> SavedViews::put(QList<SavedView> views, const SavedView &view)
{
    views = remove(std::move(views), view.name);
    const auto at = std::lower_bound(views.begin(), views.end(), view,
                                     [](const SavedView &a, const SavedView &b) {
                                         return QString::localeAwareCompare(a.name, b.name) < 0;
                                     });
    views.insert(at, view);
    return views;
}

QList<SavedView> SavedViews::remove(QList<SavedView> views, const QString &name)
{
    views.removeIf([&](const SavedView &view) { return view.name == name; });
    return views;
}

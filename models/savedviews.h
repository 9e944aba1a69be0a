// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

class QSettings;

// A named investigation to come back to: the filter query, the status toggles, the sort and the
// columns shown.
struct SavedView
{
    QString name;
    QString query;
    quint16 statusMask = 0xffff; // see SessionFilter::setStatusMask
    int sortColumn = -1; // -1: load order
    bool descending = false;
    QList<int> hiddenColumns; // SessionTableModel::Column values

    bool operator==(const SavedView &) const = default;
};

// The saved views, kept in QSettings under "views", ordered by name. A view saved under a name
// that exists replaces it.
class SavedViews
{
public:
    static QList<SavedView> load(QSettings &settings);
    static void save(QSettings &settings, const QList<SavedView> &views);

    // Adds or replaces by name (case-sensitive), keeping the list ordered by name.
    static QList<SavedView> put(QList<SavedView> views, const SavedView &view);
    static QList<SavedView> remove(QList<SavedView> views, const QString &name);
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

// The File ▸ Open Recent list, kept in QSettings (paths only; nothing secret ever goes there).
class RecentFiles : public QObject
{
    Q_OBJECT

public:
    explicit RecentFiles(QMenu *menu, QObject *parent = nullptr);

    void add(const QStringList &paths);
    QStringList paths() const { return m_paths; }

signals:
    void openRequested(const QString &path);

private:
    void rebuildMenu();

    static constexpr int MaxEntries = 10;
    QMenu *m_menu;
    QStringList m_paths;
};

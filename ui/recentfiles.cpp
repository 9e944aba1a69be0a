// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace {
const QString settingsKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_menu(menu)
    , m_paths(QSettings().value(settingsKey).toStringList())
{
    rebuildMenu();
}

void RecentFiles::add(const QStringList &paths)
{
    for (const QString &path : paths) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        m_paths.removeAll(absolute);
        m_paths.prepend(absolute);
    }
    while (m_paths.size() > MaxEntries)
        m_paths.removeLast();
    QSettings().setValue(settingsKey, m_paths);
    rebuildMenu();
}

void RecentFiles::rebuildMenu()
{
    m_menu->clear();
    for (const QString &path : std::as_const(m_paths)) {
        QAction *action = m_menu->addAction(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { emit openRequested(path); });
    }
    m_menu->setEnabled(!m_paths.isEmpty());
}

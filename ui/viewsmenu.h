// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "savedviews.h"

#include <QObject>

#include <functional>

class QMenu;
class QWidget;

// The View menu's saved views: "Save Current View…", one entry per saved view (choosing it
// emits viewChosen), and "Delete View" with the same list. Views live in QSettings.
class ViewsMenu : public QObject
{
    Q_OBJECT

public:
    using CurrentView = std::function<SavedView()>; // what the window shows now, unnamed
    // Asks for a name; empty when the user cancels. Tests answer without a modal dialog.
    using NameAsker = std::function<QString(QWidget *parent, const QString &suggestion)>;

    ViewsMenu(QMenu *menu, CurrentView current, QWidget *window);

    void setNameAsker(NameAsker asker) { m_askName = std::move(asker); }
    void saveCurrent();
    QList<SavedView> views() const { return m_views; }

signals:
    void viewChosen(const SavedView &view);

private:
    void rebuild();

    QMenu *m_menu;
    CurrentView m_current;
    QWidget *m_window;
    NameAsker m_askName;
    QList<SavedView> m_views;
};

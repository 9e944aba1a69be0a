// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "viewsmenu.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QSettings>

ViewsMenu::ViewsMenu(QMenu *menu, CurrentView current, QWidget *window)
    : QObject(window)
    , m_menu(menu)
    , m_current(std::move(current))
    , m_window(window)
    , m_askName([](QWidget *parent, const QString &suggestion) {
        return QInputDialog::getText(parent, tr("Save View"),
                                     tr("Name of this view (its filter, sort and columns):"),
                                     QLineEdit::Normal, suggestion)
            .trimmed();
    })
{
    QSettings settings;
    m_views = SavedViews::load(settings);
    rebuild();
}

void ViewsMenu::saveCurrent()
{
    SavedView view = m_current();
    view.name = m_askName(m_window, view.query.left(40));
    if (view.name.isEmpty())
        return;
    m_views = SavedViews::put(m_views, view);
    QSettings settings;
    SavedViews::save(settings, m_views);
    rebuild();
}

void ViewsMenu::rebuild()
{
    m_menu->clear();
    QAction *save = m_menu->addAction(tr("&Save Current View…"), this, &ViewsMenu::saveCurrent);
    save->setObjectName(QStringLiteral("actionSaveView"));
    save->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    m_menu->addSeparator();
    if (m_views.isEmpty()) {
        m_menu->addAction(tr("No saved views"))->setEnabled(false);
        return;
    }
    for (const SavedView &view : std::as_const(m_views)) {
        QAction *choose =
            m_menu->addAction(view.name, this, [this, view] { emit viewChosen(view); });
        choose->setToolTip(view.query);
        choose->setObjectName(QStringLiteral("view:") + view.name);
    }
    m_menu->addSeparator();
    QMenu *remove = m_menu->addMenu(tr("&Delete View"));
    remove->setObjectName(QStringLiteral("menuDeleteView"));
    for (const SavedView &view : std::as_const(m_views)) {
        remove->addAction(view.name, this, [this, name = view.name] {
            m_views = SavedViews::remove(m_views, name);
            QSettings settings;
            SavedViews::save(settings, m_views);
            rebuild();
        });
    }
}

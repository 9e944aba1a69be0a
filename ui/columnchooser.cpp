// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "columnchooser.h"

#include <QHeaderView>
#include <QMenu>

ColumnChooser::ColumnChooser(QHeaderView *header)
    : QObject(header)
    , m_header(header)
{
    m_header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_header, &QWidget::customContextMenuRequested, this, &ColumnChooser::showMenu);
}

QList<int> ColumnChooser::hiddenColumns() const
{
    QList<int> hidden;
    for (int column = 0; column < m_header->count(); ++column) {
        if (m_header->isSectionHidden(column))
            hidden.append(column);
    }
    return hidden;
}

void ColumnChooser::setHiddenColumns(const QList<int> &columns)
{
    for (int column = 0; column < m_header->count(); ++column)
        m_header->setSectionHidden(column, columns.contains(column));
    if (m_header->hiddenSectionCount() == m_header->count())
        m_header->setSectionHidden(0, false); // never an empty table by accident
}

void ColumnChooser::showMenu(const QPoint &position)
{
    QMenu menu(m_header);
    const QAbstractItemModel *model = m_header->model();
    const int visible = m_header->count() - m_header->hiddenSectionCount();
    for (int column = 0; column < m_header->count(); ++column) {
        QAction *action = menu.addAction(model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!m_header->isSectionHidden(column));
        action->setEnabled(m_header->isSectionHidden(column) || visible > 1);
        connect(action, &QAction::toggled, this,
                [this, column](bool shown) { m_header->setSectionHidden(column, !shown); });
    }
    menu.exec(m_header->viewport()->mapToGlobal(position));
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>

class QHeaderView;

// Right-click on the table's header: a menu with a check box per column to show or hide it
// (the last visible column cannot be hidden).
class ColumnChooser : public QObject
{
    Q_OBJECT

public:
    explicit ColumnChooser(QHeaderView *header);

    QList<int> hiddenColumns() const; // logical indexes
    void setHiddenColumns(const QList<int> &columns);

private:
    void showMenu(const QPoint &position);

    QHeaderView *m_header;
};

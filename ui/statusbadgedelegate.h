// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QColor>
#include <QStyledItemDelegate>

// Paints a session's status as a coloured pill, so a column of statuses reads at a glance.
// Reads SessionTableModel::StatusRole and the display text; knows nothing else of the model.
class StatusBadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QColor colorFor(SessionStatus status);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

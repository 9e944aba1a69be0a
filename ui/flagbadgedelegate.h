// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "anomalyrules.h"

#include <QColor>
#include <QStyledItemDelegate>

// Paints a session's anomaly flags as small coloured pills side by side ("Travel", "New
// device"), so that odd sessions stand out in a column of mostly empty cells. Reads
// SessionTableModel::FlagsRole; the cell's tooltip (the model's) explains each flag.
class FlagBadgeDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QColor colorFor(AnomalyRules::Flag flag);
    // The pills as rich text, for labels (the inspector): empty for no flags.
    static QString badgesHtml(quint8 flags);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

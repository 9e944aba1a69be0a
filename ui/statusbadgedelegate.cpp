// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "statusbadgedelegate.h"

#include "sessiontablemodel.h"

#include <QApplication>
#include <QPainter>

namespace {
constexpr int PadX = 8;
constexpr int PadY = 2;
} // namespace

QColor StatusBadgeDelegate::colorFor(SessionStatus status)
{
    switch (status) {
    case SessionStatus::Active:
        return QColor(0x2e, 0x7d, 0x32); // green: signed in
    case SessionStatus::Pending:
        return QColor(0xb2, 0x6a, 0x00); // amber: signed in, tasks open
    case SessionStatus::Revoked:
        return QColor(0xc6, 0x28, 0x28); // red: ended by an admin
    case SessionStatus::Replaced:
        return QColor(0x15, 0x65, 0xc0);
    case SessionStatus::Removed:
        return QColor(0x6a, 0x1b, 0x9a);
    case SessionStatus::Ended:
    case SessionStatus::Expired:
    case SessionStatus::Abandoned:
        return QColor(0x60, 0x7d, 0x8b); // grey: ended the ordinary way
    case SessionStatus::Unknown:
        break;
    }
    return QColor(0x37, 0x47, 0x4f);
}

void StatusBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    // The cell background and selection as the style draws them, then the pill on top.
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty())
        return;

    const auto status = SessionStatus(index.data(SessionTableModel::StatusRole).toInt());
    const QFontMetrics metrics(opt.font);
    const QString shown = metrics.elidedText(text, Qt::ElideRight, opt.rect.width() - 8 - 2 * PadX);
    const int height = metrics.height() + 2 * PadY;
    // +2: horizontalAdvance() rounds, and a pill cut by a pixel would clip its last letter.
    const int width = metrics.horizontalAdvance(shown) + 2 * PadX + 2;
    const QRect pill(opt.rect.left() + 4, opt.rect.center().y() - height / 2 + 1, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(colorFor(status));
    painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
    painter->setPen(Qt::white);
    painter->setFont(opt.font);
    painter->drawText(pill, Qt::AlignCenter, shown);
    painter->restore();
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += 2 * PadX + 8;
    return size;
}

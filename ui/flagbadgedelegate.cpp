// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "flagbadgedelegate.h"

#include "sessiontablemodel.h"

#include <QApplication>
#include <QPainter>

#include <bit>

namespace {
constexpr int PadX = 6;
constexpr int PadY = 1;
constexpr int Gap = 4;
} // namespace

QColor FlagBadgeDelegate::colorFor(AnomalyRules::Flag flag)
{
    switch (flag) {
    case AnomalyRules::Travel:
        return QColor(0xd8, 0x43, 0x15); // deep orange
    case AnomalyRules::Concurrent:
        return QColor(0x5e, 0x35, 0xb1); // purple
    case AnomalyRules::StaleActive:
        return QColor(0xad, 0x14, 0x57); // crimson: the API still says active
    case AnomalyRules::Impersonated:
        return QColor(0xe6, 0x51, 0x00); // amber, like the inspector's impersonation frame
    case AnomalyRules::NewDevice:
        return QColor(0x00, 0x69, 0x7c); // teal
    }
    return QColor(0x37, 0x47, 0x4f);
}

QString FlagBadgeDelegate::badgesHtml(quint8 flags)
{
    QStringList pills;
    for (const AnomalyRules::Flag flag : AnomalyRules::Flags) {
        if (flags & flag) {
            pills.append(
                QStringLiteral("<span style=\"background-color:%1; color:white;\">"
                               "&nbsp;%2&nbsp;</span>")
                    .arg(colorFor(flag).name(), AnomalyRules::label(flag).toHtmlEscaped()));
        }
    }
    return pills.join(QStringLiteral("&nbsp;"));
}

void FlagBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    const auto flags = quint8(index.data(SessionTableModel::FlagsRole).toInt());
    if (!flags)
        return;

    QFont font = opt.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 2 * PadY;
    const int top = opt.rect.center().y() - height / 2 + 1;
    int left = opt.rect.left() + 4;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font);
    painter->setClipRect(opt.rect);
    for (const AnomalyRules::Flag flag : AnomalyRules::Flags) {
        if (!(flags & flag))
            continue;
        const QString text = AnomalyRules::label(flag);
        const int width = metrics.horizontalAdvance(text) + 2 * PadX + 2;
        const QRect pill(left, top, width, height);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colorFor(flag));
        painter->drawRoundedRect(pill, 4, 4);
        painter->setPen(Qt::white);
        painter->drawText(pill, Qt::AlignCenter, text);
        left += width + Gap;
    }
    painter->restore();
}

QSize FlagBadgeDelegate::sizeHint(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const auto flags = quint8(index.data(SessionTableModel::FlagsRole).toInt());
    size.rwidth() += std::popcount(unsigned(flags)) * (2 * PadX + Gap + 2);
    return size;
}

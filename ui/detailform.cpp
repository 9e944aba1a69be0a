// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "detailform.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int MaxJsonLines = 40;

QLabel *valueLabel(const QString &name)
{
    auto *value = new QLabel;
    value->setObjectName(name);
    value->setTextFormat(Qt::PlainText); // everything shown came from a file or the API
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return value;
}
} // namespace

DetailForm::DetailForm(const QString &title, const QString &name)
{
    setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    setRowWrapPolicy(QFormLayout::DontWrapRows);
    if (title.isEmpty())
        return;
    auto *header = new QLabel(title);
    header->setObjectName(name);
    QFont font = header->font();
    font.setBold(true);
    header->setFont(font);
    header->setContentsMargins(0, 10, 0, 2);
    addRow(header);
}

QLabel *DetailForm::addValue(const QString &label, const QString &name)
{
    QLabel *value = valueLabel(name);
    value->setWordWrap(true);
    if (label.isEmpty())
        addRow(value);
    else
        addRow(addTitle(label), value);
    return value;
}

QLabel *DetailForm::addCopyableValue(const QString &label, const QString &name, const QString &what)
{
    auto *field = new QWidget;
    auto *row = new QHBoxLayout(field);
    row->setContentsMargins(0, 0, 0, 0);
    QLabel *value = valueLabel(name);
    value->setParent(field);
    value->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Ids have no spaces to wrap at: in a narrow panel they are cut rather than widen it; the
    // whole id is still selectable, in the tooltip and copied.
    value->setMinimumWidth(40);
    value->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    row->addWidget(value, 1);

    auto *button = new QToolButton(field);
    QString buttonName = name;
    if (buttonName.endsWith(QLatin1StringView("Value")))
        buttonName.chop(5);
    button->setObjectName(QStringLiteral("copy") + buttonName.left(1).toUpper() +
                          buttonName.mid(1));
    button->setText(tr("Copy"));
    button->setAutoRaise(true);
    button->setToolTip(tr("Copy the %1").arg(what));
    connect(button, &QToolButton::clicked, this,
            [this, what, value, button] { emit copyRequested(what, value->text(), button); });
    row->addWidget(button, 0, Qt::AlignTop);

    QLabel *title = addTitle(label);
    title->setAlignment(Qt::AlignLeft | Qt::AlignVCenter); // beside the button, as the value is
    addRow(title, field);
    m_fields.insert(value, field);
    return value;
}

DetailForm::TimeLines DetailForm::addTime(const QString &label, const QString &name)
{
    auto *field = new QWidget;
    auto *lines = new QVBoxLayout(field);
    lines->setContentsMargins(0, 0, 0, 0);
    lines->setSpacing(0);
    const TimeLines time{valueLabel(name + QStringLiteral("Age")),
                         valueLabel(name + QStringLiteral("Local")),
                         valueLabel(name + QStringLiteral("Utc"))};
    time.age->setWordWrap(true);
    time.utc->setForegroundRole(QPalette::PlaceholderText);
    for (QLabel *line : {time.age, time.local, time.utc}) {
        line->setParent(field);
        lines->addWidget(line);
    }
    addRow(addTitle(label), field);
    m_fields.insert(time.age, field);
    return time;
}

QPlainTextEdit *DetailForm::addJson(const QString &label, const QString &name)
{
    QPlainTextEdit *view = jsonView(name);
    addRow(addTitle(label), view);
    return view;
}

// A row's title, muted, at the top of a value that may take several lines.
QLabel *DetailForm::addTitle(const QString &text)
{
    auto *title = new QLabel(text);
    title->setForegroundRole(QPalette::PlaceholderText);
    title->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_titles.append(title);
    return title;
}

int DetailForm::titleWidth() const
{
    int width = 0;
    for (const QLabel *title : m_titles)
        width = std::max(width, title->sizeHint().width());
    return width;
}

void DetailForm::setTitleWidth(int width)
{
    for (QLabel *title : std::as_const(m_titles))
        title->setMinimumWidth(width);
}

void DetailForm::setValueVisible(QWidget *value, bool visible)
{
    setRowVisible(m_fields.value(value, value), visible);
}

QToolButton *DetailForm::copyButton(QLabel *value) const
{
    const QWidget *field = m_fields.value(value);
    return field ? field->findChild<QToolButton *>() : nullptr;
}

QPlainTextEdit *DetailForm::jsonView(const QString &name)
{
    auto *view = new QPlainTextEdit;
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return view;
}

void DetailForm::showJson(QPlainTextEdit *view, const QString &json)
{
    view->setPlainText(json);
    const int lines = std::min(view->document()->blockCount(), MaxJsonLines);
    const int scrollBar = view->horizontalScrollBar()->sizeHint().height();
    view->setFixedHeight(view->fontMetrics().lineSpacing() * lines + 2 * view->frameWidth() +
                         2 * int(view->document()->documentMargin()) + scrollBar);
}

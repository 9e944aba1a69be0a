// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "filterbar.h"

#include <QAction>
#include <QCoreApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QInputMethodEvent>
#include <QLineEdit>
#include <QLocale>
#include <QTextCharFormat>
#include <QToolButton>

namespace {

QString statusLabel(int status)
{
    if (status == int(SessionStatus::Unknown))
        return FilterBar::tr("Other");
    QString name = QString::fromLatin1(statusName(SessionStatus(status)));
    name[0] = name[0].toUpper();
    return name;
}

// QLineEdit draws no partial formatting of its own; an empty pre-edit with format attributes
// is the way to underline part of its text (as KDE's line edits do for spelling).
void underline(QLineEdit *edit, int start, int length)
{
    QList<QInputMethodEvent::Attribute> attributes;
    if (length > 0) {
        QTextCharFormat format;
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(QColor(0xc6, 0x28, 0x28));
        attributes.append(QInputMethodEvent::Attribute(
            QInputMethodEvent::TextFormat, start - edit->cursorPosition(), length, format));
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(edit, &event);
}

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_help(new QToolButton(this))
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    setObjectName(QStringLiteral("filterBar"));
    m_edit->setObjectName(QStringLiteral("filterEdit"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(
        tr("Filter (Ctrl+F): words, or status:active country:DE last_active<2h …  (F1: syntax)"));
    m_help->setObjectName(QStringLiteral("filterHelpButton"));
    m_help->setText(QStringLiteral("?"));
    m_help->setToolTip(tr("Query syntax (F1)"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_help);
    layout->addSpacing(8);
    for (int status = 0; status < StatusButtons; ++status) {
        auto *button = new QToolButton(this);
        button->setObjectName(
            QStringLiteral("statusToggle_%1")
                .arg(status == int(SessionStatus::Unknown)
                         ? QStringLiteral("other")
                         : QString::fromLatin1(statusName(SessionStatus(status)))));
        button->setCheckable(true);
        button->setChecked(true);
        button->setAutoRaise(false);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setToolTip(tr("Show %1 sessions").arg(statusLabel(status).toLower()));
        connect(button, &QToolButton::toggled, this, &FilterBar::apply);
        layout->addWidget(button);
        m_status[std::size_t(status)] = button;
    }
    setStatusCounts({});

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &FilterBar::apply);
    connect(m_edit, &QLineEdit::textEdited, &m_debounce, qOverload<>(&QTimer::start));
    // The clear button changes the text without textEdited.
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty())
            m_debounce.start();
    });
    connect(m_edit, &QLineEdit::returnPressed, this, &FilterBar::apply);
    m_relativeRefresh.setInterval(RelativeRefreshMs);
    connect(&m_relativeRefresh, &QTimer::timeout, this, &FilterBar::apply);
    connect(m_help, &QToolButton::clicked, this, &FilterBar::helpRequested);
    auto *help = new QAction(this);
    help->setShortcut(QKeySequence::HelpContents);
    help->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(help, &QAction::triggered, this, &FilterBar::helpRequested);
    addAction(help);
}

QString FilterBar::query() const
{
    return m_edit->text();
}

void FilterBar::setQuery(const QString &query)
{
    m_edit->setText(query);
    apply();
}

quint16 FilterBar::statusMask() const
{
    quint16 mask = 0;
    for (int status = 0; status < StatusButtons; ++status) {
        if (m_status[std::size_t(status)]->isChecked())
            mask |= quint16(1u << status);
    }
    return mask;
}

void FilterBar::setStatusMask(quint16 mask)
{
    for (int status = 0; status < StatusButtons; ++status) {
        QSignalBlocker blocker(m_status[std::size_t(status)]);
        m_status[std::size_t(status)]->setChecked(mask & (1u << status));
    }
    apply();
}

void FilterBar::setStatusCounts(const std::array<int, StatusButtons> &counts)
{
    const QLocale locale;
    for (int status = 0; status < StatusButtons; ++status) {
        const int count = counts[std::size_t(status)];
        QToolButton *button = m_status[std::size_t(status)];
        button->setText(tr("%1 %2").arg(statusLabel(status), locale.toString(count)));
        // "Other" is only worth its room when the data has statuses SessionDesk does not know.
        if (status == int(SessionStatus::Unknown))
            button->setVisible(count > 0 || !button->isChecked());
    }
}

void FilterBar::focusQuery()
{
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void FilterBar::apply()
{
    m_debounce.stop();
    FilterError error;
    std::optional<SessionFilter> parsed = SessionFilter::parse(m_edit->text(), m_clock(), &error);
    if (!parsed) {
        showError(error); // the table keeps the last valid result
        return;
    }
    showError({});
    parsed->setStatusMask(statusMask());
    m_filter = *parsed;
    if (m_filter.isRelativeToNow())
        m_relativeRefresh.start();
    else
        m_relativeRefresh.stop();
    emit filterChanged(m_filter);
}

void FilterBar::showError(const FilterError &error)
{
    m_error = error;
    const bool invalid = !error.message.isEmpty();
    underline(m_edit, error.start, invalid ? std::max(error.length, 1) : 0);
    m_edit->setToolTip(invalid ? tr("Not applied: %1").arg(error.message) : QString());
    m_edit->setStyleSheet(invalid ? QStringLiteral("QLineEdit { border: 1px solid #c62828; }")
                                  : QString());
}

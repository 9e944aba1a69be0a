// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "messagebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

MessageBanner::MessageBanner(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_action(new QPushButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBanner"));
    setAttribute(Qt::WA_StyledBackground);
    m_label->setObjectName(QStringLiteral("messageBannerText"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_action->setObjectName(QStringLiteral("messageBannerAction"));
    m_action->hide();
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_action, 0, Qt::AlignTop);
    layout->addWidget(m_close, 0, Qt::AlignTop);

    connect(m_label, &QLabel::linkActivated, this, &MessageBanner::linkActivated);
    connect(m_action, &QPushButton::clicked, this, [this] {
        hide();
        if (const std::function<void()> action = m_onAction)
            action();
    });
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBanner::showMessage(Kind kind, const QString &text, const QString &actionText,
                                std::function<void()> action)
{
    static const char *const sheets[] = {
        "MessageBanner { background: #e3f2fd; border: 1px solid #90caf9; border-radius: 4px; }",
        "MessageBanner { background: #fff8e1; border: 1px solid #ffcc80; border-radius: 4px; }",
        "MessageBanner { background: #ffebee; border: 1px solid #ef9a9a; border-radius: 4px; }",
    };
    setStyleSheet(QString::fromLatin1(sheets[kind]));
    m_label->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    m_onAction = std::move(action);
    show();
}

QString MessageBanner::actionText() const
{
    return m_action->isHidden() ? QString() : m_action->text();
}

QString MessageBanner::text() const
{
    return m_label->text();
}

QString MessageBanner::failureText(const QString &message, const QString &traceId)
{
    QString text = message.toHtmlEscaped();
    if (!traceId.isEmpty())
        text += tr(" <small>(trace id: %1)</small>").arg(traceId.toHtmlEscaped());
    return text;
}

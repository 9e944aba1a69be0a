// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

// A non-modal message strip above the table (in the spirit of KMessageWidget): what went wrong,
// a link for details, and a close button. Never blocks the window.
class MessageBanner : public QWidget
{
    Q_OBJECT

public:
    enum Kind { Information, Warning, Error };

    explicit MessageBanner(QWidget *parent = nullptr);

    // `text` may hold a link (<a href="details">…</a>); clicking it emits linkActivated. With an
    // `actionText` ("Retry") a button offers `action`, which belongs to whoever showed the message
    // (a later message replaces it).
    void showMessage(Kind kind, const QString &text, const QString &actionText = {},
                     std::function<void()> action = {});
    QString text() const;
    QString actionText() const;

    // A failure as the banner shows it: the plain-text message, escaped, and Clerk's trace id
    // (what support asks for) after it when there is one.
    static QString failureText(const QString &message, const QString &traceId);

signals:
    void linkActivated(const QString &link);

private:
    QLabel *m_label;
    QPushButton *m_action;
    std::function<void()> m_onAction;
    QToolButton *m_close;
};

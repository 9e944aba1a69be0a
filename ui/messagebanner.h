// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

// A non-modal message strip above the table (in the spirit of KMessageWidget): what went wrong,
// a link for details, and a close button. Never blocks the window.
class MessageBanner : public QWidget
{
    Q_OBJECT

public:
    enum Kind { Information, Warning, Error };

    explicit MessageBanner(QWidget *parent = nullptr);

    // `text` may hold a link (<a href="details">…</a>); clicking it emits linkActivated.
    void showMessage(Kind kind, const QString &text);
    QString text() const;

signals:
    void linkActivated(const QString &link);

private:
    QLabel *m_label;
    QToolButton *m_close;
};

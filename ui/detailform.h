// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QFormLayout>
#include <QHash>

class QAbstractButton;
class QLabel;
class QPlainTextEdit;
class QToolButton;

// One section of a details panel: a bold title, then rows of a muted title and a value. Values
// are plain-text, selectable labels named for tests ("sessionIdValue"); ids get a Copy button
// ("copySessionId") that asks for the copy with copyRequested(); a time gets three lines (its
// age, local time, UTC). Rows are hidden and shown by their value.
class DetailForm : public QFormLayout
{
    Q_OBJECT

public:
    struct TimeLines
    {
        QLabel *age;
        QLabel *local;
        QLabel *utc;
    };

    // No title: rows only. `name` is the title label's object name.
    explicit DetailForm(const QString &title = {}, const QString &name = {});

    // An empty `label` makes the value span the row.
    QLabel *addValue(const QString &label, const QString &name);
    // With a Copy button; `what` names the value in its tooltip ("Copy the session ID").
    QLabel *addCopyableValue(const QString &label, const QString &name, const QString &what);
    // Labels named name + "Age", "Local" and "Utc".
    TimeLines addTime(const QString &label, const QString &name);
    QPlainTextEdit *addJson(const QString &label, const QString &name);

    void setValueVisible(QWidget *value, bool visible);
    // The widest row title, and a width for all of them: forms stacked in one panel line up
    // their values.
    int titleWidth() const;
    void setTitleWidth(int width);
    // The Copy button of a value made by addCopyableValue(), else null.
    QToolButton *copyButton(QLabel *value) const;

    // JSON, read-only and selectable, in a fixed-width font, its lines unwrapped.
    static QPlainTextEdit *jsonView(const QString &name);
    // Sets the text and makes the view as tall as its lines (up to 40), so that a panel
    // scrolls as a whole rather than box by box.
    static void showJson(QPlainTextEdit *view, const QString &json);

signals:
    void copyRequested(const QString &what, const QString &text, QAbstractButton *source);

private:
    QLabel *addTitle(const QString &text);

    QHash<QWidget *, QWidget *> m_fields; // value → the row's field, where they differ
    QList<QLabel *> m_titles;
};

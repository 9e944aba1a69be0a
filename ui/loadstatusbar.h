// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

struct LoadResult;
class QLabel;
class QProgressBar;
class QPushButton;

// The status bar's account of the table and of loading: "12,345 sessions", the last load's
// time, a link to skipped records, and while loading a progress bar with Cancel.
class LoadStatusBar : public QWidget
{
    Q_OBJECT

public:
    explicit LoadStatusBar(QWidget *parent = nullptr);

    void setRowCount(qint64 rows);
    // "12,345 of 1,000,000 sessions" while a filter hides some.
    void setRowCounts(qint64 shown, qint64 total);
    void loadStarted();
    void setProgress(qint64 done, qint64 total);
    // What is loading, while it loads ("Fetching sessions: 320 of 1,234").
    void setActivity(const QString &text);
    // `last` gives the time; problems are counted over everything in the table (`sinceOpen`).
    void loadFinished(const LoadResult &last, const LoadResult &sinceOpen);

signals:
    void cancelRequested();
    void detailsRequested();

private:
    QLabel *m_rows;
    QLabel *m_load;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
};

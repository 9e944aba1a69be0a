// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "filereport.h"

#include <QDialog>

struct LoadResult;
class QTreeWidget;

// Lists what the last load could not read: files that failed, and every skipped record with
// its file, index, position, field and reason. Non-modal; copyable as text.
class LoadReportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit LoadReportDialog(QWidget *parent = nullptr);

    void setReports(const QList<FileReport> &reports);
    // For the window's banner: the first few files that could not be read, with a link
    // ("details") to this dialog; empty when every file was read.
    static QString bannerText(const LoadResult &result);
    int problemCount() const;
    QString toPlainText() const;

private:
    QTreeWidget *m_tree;
};

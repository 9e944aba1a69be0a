// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "auditlog.h"

#include <QDialog>

class AuditLogModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

// The revocation audit log in a table of its own: a filter over every column, sorting, Reload,
// and Export of the rows shown as CSV or JSON Lines (written with QSaveFile: a copy is whole or
// not there at all). The log file itself is never written here.
class AuditLogDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Format { Csv, JsonLines };

    explicit AuditLogDialog(const QString &path, QWidget *parent = nullptr);

    AuditLogModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    void setFilterText(const QString &text);
    QString statusText() const;

    // Writes the entries the filter shows, in the view's order. The format follows the suffix
    // (".csv": CSV, otherwise JSON Lines). False, with *error, when the file could not be written.
    bool exportTo(const QString &path, QString *error = nullptr) const;
    QList<AuditEntry> shownEntries() const;

    static QByteArray toCsv(const QList<AuditEntry> &entries);
    static QByteArray toJsonLines(const QList<AuditEntry> &entries);
    static bool write(const QString &path, const QByteArray &bytes, QString *error);

public slots:
    void reload();

private:
    void exportWithDialog();
    void updateStatus();

    QString m_path;
    AuditLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_view;
    QLabel *m_status;
};

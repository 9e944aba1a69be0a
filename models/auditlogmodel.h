// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "auditlog.h"

#include <QAbstractTableModel>
#include <QStringList>

// The revocation audit log as a table, for the window's audit view (a QSortFilterProxyModel
// over it filters: the log is small). reload() reads the file; append() adds the live lines of
// a running revocation (RevocationRun::logged) as they are written, one insert each.
class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Time,
        Result,
        Session,
        User,
        PreviousStatus,
        HttpStatus,
        TraceId,
        Reason,
        Instance,
        Operator,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        EntryRole = Qt::UserRole, // the whole AuditEntry
        SortRole, // raw values: the time and HTTP status as numbers, text otherwise
    };
    Q_ENUM(Role)

    explicit AuditLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Reads the log at `path` afresh (a reset: the file is the truth, not an update of it).
    // The lines that could not be read are in errors().
    void reload(const QString &path);
    void reload() { reload(m_path); }
    QString path() const { return m_path; }
    const QStringList &errors() const { return m_errors; }

    // A line just written: one row inserted at the end.
    void append(const AuditEntry &entry);
    void append(const QList<AuditEntry> &entries); // one insert for all of them

    AuditEntry entry(int row) const { return m_entries.at(row); }
    const QList<AuditEntry> &entries() const { return m_entries; }

    // "http://127.0.0.1:8080 (development)".
    static QString instanceText(const AuditEntry &entry);

private:
    QVariant displayText(const AuditEntry &entry, int column) const;
    QVariant sortValue(const AuditEntry &entry, int column) const;

    QString m_path;
    QList<AuditEntry> m_entries;
    QStringList m_errors;
};

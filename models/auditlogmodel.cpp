// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "auditlogmodel.h"

#include <QDateTime>
#include <QLocale>

AuditLogModel::AuditLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(entry, index.column());
    case Qt::ToolTipRole:
        return index.column() == Result && !entry.message.isEmpty() ? QVariant(entry.message)
                                                                    : QVariant();
    case EntryRole:
        return QVariant::fromValue(entry);
    case SortRole:
        return sortValue(entry, index.column());
    default:
        return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Result:
        return tr("Result");
    case Session:
        return tr("Session");
    case User:
        return tr("User");
    case PreviousStatus:
        return tr("Previous status");
    case HttpStatus:
        return tr("HTTP");
    case TraceId:
        return tr("Trace id");
    case Reason:
        return tr("Reason");
    case Instance:
        return tr("Instance");
    case Operator:
        return tr("Operator");
    case ColumnCount:
        break;
    }
    return {};
}

void AuditLogModel::reload(const QString &path)
{
    QStringList errors;
    QList<AuditEntry> entries = AuditLog::read(path, &errors);
    beginResetModel();
    m_path = path;
    m_entries = std::move(entries);
    m_errors = std::move(errors);
    endResetModel();
}

void AuditLogModel::append(const AuditEntry &entry)
{
    append(QList<AuditEntry>{entry});
}

void AuditLogModel::append(const QList<AuditEntry> &entries)
{
    if (entries.isEmpty())
        return;
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(entries.size()) - 1);
    m_entries.append(entries);
    endInsertRows();
}

QString AuditLogModel::instanceText(const AuditEntry &entry)
{
    return entry.keyKind.isEmpty() ? entry.apiUrl
                                   : QStringLiteral("%1 (%2)").arg(entry.apiUrl, entry.keyKind);
}

QVariant AuditLogModel::displayText(const AuditEntry &entry, int column) const
{
    switch (Column(column)) {
    case Time:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(entry.time), QLocale::ShortFormat);
    case Result:
        return entry.result;
    case Session:
        return entry.sessionId;
    case User:
        return entry.userId;
    case PreviousStatus:
        return entry.previousStatus;
    case HttpStatus:
        return entry.httpStatus > 0 ? QVariant(entry.httpStatus) : QVariant();
    case TraceId:
        return entry.traceId;
    case Reason:
        return entry.reason;
    case Instance:
        return instanceText(entry);
    case Operator:
        return entry.operatorName;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AuditLogModel::sortValue(const AuditEntry &entry, int column) const
{
    switch (Column(column)) {
    case Time:
        return entry.time;
    case HttpStatus:
        return entry.httpStatus;
    default:
        return displayText(entry, column);
    }
}

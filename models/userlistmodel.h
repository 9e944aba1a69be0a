// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "usersummary.h"

#include <QAbstractTableModel>
#include <QList>

#include <functional>

// The users a search found, as a table, in the order given (sorting belongs to a proxy, with
// SortRole). A new search result replaces the whole list with one reset: it is a different list,
// not an update of the last one.
class UserListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, EmailAddress, UserId, LastActive, Created, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        UserIdRole = Qt::UserRole, // the user's id, in every column
        SortRole, // raw values: times as qint64 (0 when none), text otherwise
    };
    Q_ENUM(Role)

    using Clock = std::function<qint64()>; // milliseconds since the epoch

    explicit UserListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setUsers(const QList<UserSummary> &users);
    const QList<UserSummary> &users() const { return m_users; }
    // The user of a row; an empty UserSummary for a row out of range.
    UserSummary user(int row) const;
    int rowOfUser(const QString &userId) const; // -1 when not listed

    // Relative times are computed against this clock (read on setUsers() and refreshTimes());
    // tests set a fixed one.
    void setClock(Clock clock);
    void refreshTimes();

    // "today", "yesterday", "3 days ago", "2 months ago": Clerk keeps last_active_at by the
    // day (the start of a UTC day), so hours would be made up. "never" for 0.
    static QString lastActiveText(qint64 dayMs, qint64 nowMs);

private:
    QVariant displayText(const UserSummary &user, int column) const;
    QVariant sortValue(const UserSummary &user, int column) const;
    QVariant toolTip(const UserSummary &user, int column) const;

    QList<UserSummary> m_users;
    Clock m_clock;
    qint64 m_now = 0;
};

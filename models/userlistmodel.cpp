// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "userlistmodel.h"

#include "timeformat.h"

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

namespace {
constexpr qint64 DayMs = 86'400'000;

// The UTC day number of a time (floor division: times before 1970 too).
qint64 utcDay(qint64 ms)
{
    return ms >= 0 ? ms / DayMs : -((-ms + DayMs - 1) / DayMs);
}

QString utcDate(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).date().toString(Qt::ISODate);
}
} // namespace

UserListModel::UserListModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_now(m_clock())
{ }

int UserListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int UserListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UserSummary &user = m_users.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(user, index.column());
    case Qt::ToolTipRole:
        return toolTip(user, index.column());
    case SortRole:
        return sortValue(user, index.column());
    case UserIdRole:
        return user.id;
    default:
        return {};
    }
}

QVariant UserListModel::displayText(const UserSummary &user, int column) const
{
    switch (Column(column)) {
    case Name: {
        QString name = user.displayName();
        if (user.banned)
            name += QLatin1Char(' ') + tr("(banned)");
        if (user.locked)
            name += QLatin1Char(' ') + tr("(locked)");
        return name;
    }
    case EmailAddress:
        if (user.emailAddresses.size() > 1) {
            const QString shown =
                user.primaryEmail.isEmpty() ? user.emailAddresses.first() : user.primaryEmail;
            return tr("%1 (+%2)").arg(shown).arg(user.emailAddresses.size() - 1);
        }
        return user.primaryEmail.isEmpty() ? user.emailAddresses.value(0) : user.primaryEmail;
    case UserId:
        return user.id;
    case LastActive:
        return lastActiveText(user.lastActiveAt, m_now);
    case Created:
        return user.createdAt > 0 ? TimeFormat::relative(user.createdAt, m_now) : QString();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant UserListModel::sortValue(const UserSummary &user, int column) const
{
    switch (Column(column)) {
    case LastActive:
        return user.lastActiveAt;
    case Created:
        return user.createdAt;
    default:
        return displayText(user, column);
    }
}

QVariant UserListModel::toolTip(const UserSummary &user, int column) const
{
    switch (Column(column)) {
    case Name: {
        QStringList lines;
        if (user.banned)
            lines.append(tr("Banned: the user cannot sign in."));
        if (user.locked)
            lines.append(tr("Locked: the user cannot sign in until unlocked or the lockout "
                            "expires."));
        if (!user.username.isEmpty())
            lines.append(tr("Username: %1").arg(user.username));
        return lines.isEmpty() ? QVariant() : lines.join(QLatin1Char('\n'));
    }
    case EmailAddress:
        return user.emailAddresses.size() > 1 ? user.emailAddresses.join(QLatin1Char('\n'))
                                              : QVariant();
    case LastActive: {
        QStringList lines;
        lines.append(user.lastActiveAt > 0
                         ? tr("Last active on %1 (UTC; Clerk records the day only)")
                               .arg(utcDate(user.lastActiveAt))
                         : tr("No session activity recorded"));
        if (user.lastSignInAt > 0)
            lines.append(tr("Last signed in %1").arg(TimeFormat::localDateTime(user.lastSignInAt)));
        return lines.join(QLatin1Char('\n'));
    }
    case Created:
        return user.createdAt > 0 ? TimeFormat::localDateTime(user.createdAt) : QVariant();
    default:
        return {};
    }
}

QVariant UserListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Name:
        return tr("Name");
    case EmailAddress:
        return tr("Email address");
    case UserId:
        return tr("User ID");
    case LastActive:
        return tr("Last active");
    case Created:
        return tr("Created");
    case ColumnCount:
        break;
    }
    return {};
}

QHash<int, QByteArray> UserListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(UserIdRole, "userId");
    names.insert(SortRole, "sort");
    return names;
}

void UserListModel::setUsers(const QList<UserSummary> &users)
{
    beginResetModel();
    m_users = users;
    m_now = m_clock();
    endResetModel();
}

UserSummary UserListModel::user(int row) const
{
    return m_users.value(row);
}

int UserListModel::rowOfUser(const QString &userId) const
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).id == userId)
            return row;
    }
    return -1;
}

void UserListModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    refreshTimes();
}

void UserListModel::refreshTimes()
{
    m_now = m_clock();
    if (!m_users.isEmpty())
        emit dataChanged(index(0, LastActive), index(rowCount() - 1, Created),
                         {Qt::DisplayRole, Qt::ToolTipRole});
}

QString UserListModel::lastActiveText(qint64 dayMs, qint64 nowMs)
{
    if (dayMs <= 0)
        return tr("never");
    const qint64 days = utcDay(nowMs) - utcDay(dayMs);
    if (days == 0)
        return tr("today");
    if (days == 1)
        return tr("yesterday");
    if (days < 0)
        return TimeFormat::relative(dayMs, nowMs); // a clock behind Clerk's: "in 2 days"
    // From the start of that day, as many whole days as the calendar says.
    return TimeFormat::relative(utcDay(dayMs) * DayMs, nowMs);
}

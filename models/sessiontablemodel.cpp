// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "sessiontablemodel.h"

#include "timeformat.h"
#include "usercache.h"

#include <QDateTime>

#include <algorithm>

namespace {
QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}
} // namespace

SessionTableModel::SessionTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_now(m_clock())
{ }

int SessionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int SessionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case SessionRole:
        return QVariant::fromValue(m_store.session(row));
    case StatusRole:
        return int(m_store.status(row));
    case StatusTextRole:
        return m_store.string(row, SessionStore::Status);
    case FlagsRole:
        return int(m_anomalies.flags(row));
    default:
        return {};
    }
}

QVariant SessionTableModel::displayText(int row, int column) const
{
    const SessionStore &s = m_store;
    switch (Column(column)) {
    case Status:
        return statusLabel(s.status(row), s.string(row, SessionStore::Status));
    case SessionId:
        return fromView(s.id(row));
    case User: {
        const QString id = s.string(row, SessionStore::UserId);
        if (m_users && !id.isEmpty()) {
            if (const auto user = m_users->user(id); user && !user->primaryEmail.isEmpty())
                return user->primaryEmail;
        }
        return id;
    }
    case Client:
        return s.string(row, SessionStore::ClientId);
    case LastActive:
        return TimeFormat::relative(s.time(row, SessionStore::LastActiveAt), m_now);
    case Created:
        return TimeFormat::relative(s.time(row, SessionStore::CreatedAt), m_now);
    case Expires:
        return TimeFormat::relative(s.time(row, SessionStore::ExpireAt), m_now);
    case Browser: {
        const QString name = s.string(row, SessionStore::BrowserName);
        const QString version = s.string(row, SessionStore::BrowserVersion);
        return version.isEmpty() ? name : name + QLatin1Char(' ') + version;
    }
    case Device: {
        const QString device = s.string(row, SessionStore::DeviceType);
        if (!device.isEmpty() || !s.hasActivity(row))
            return device;
        return s.isMobile(row) ? tr("Mobile") : tr("Desktop");
    }
    case IpAddress:
        return s.string(row, SessionStore::IpAddress);
    case Location: {
        const QString city = s.string(row, SessionStore::City);
        const QString country = s.string(row, SessionStore::Country);
        if (city.isEmpty() || country.isEmpty())
            return city.isEmpty() ? country : city;
        return city + QStringLiteral(", ") + country;
    }
    case ImpersonatedBy: {
        if (s.isNull(row, SessionStore::ActorJson))
            return QString();
        const QString sub = s.string(row, SessionStore::ActorSub);
        return sub.isEmpty() ? tr("(unknown actor)") : sub;
    }
    case Organization:
        return s.string(row, SessionStore::OrganizationId);
    case Flags:
        return AnomalyRules::labels(m_anomalies.flags(row)).join(QStringLiteral(", "));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant SessionTableModel::sortValue(int row, int column) const
{
    const SessionStore &s = m_store;
    switch (Column(column)) {
    case Status:
        return int(s.status(row));
    case User:
        return s.string(row, SessionStore::UserId); // the id, whatever the column shows
    case LastActive:
        return s.time(row, SessionStore::LastActiveAt);
    case Created:
        return s.time(row, SessionStore::CreatedAt);
    case Expires:
        return s.time(row, SessionStore::ExpireAt);
    case Flags:
        return int(m_anomalies.flags(row));
    default:
        return displayText(row, column);
    }
}

QVariant SessionTableModel::toolTip(int row, int column) const
{
    const SessionStore &s = m_store;
    switch (Column(column)) {
    case Status:
        return statusDescription(s.status(row));
    case LastActive:
        return TimeFormat::localDateTime(s.time(row, SessionStore::LastActiveAt));
    case Created:
        return TimeFormat::localDateTime(s.time(row, SessionStore::CreatedAt));
    case Expires:
        return TimeFormat::localDateTime(s.time(row, SessionStore::ExpireAt));
    case Device:
        if (!s.hasActivity(row))
            return tr("No activity recorded");
        return s.isMobile(row) ? tr("Mobile device") : tr("Not a mobile device");
    case ImpersonatedBy:
        return s.isNull(row, SessionStore::ActorJson) ? QVariant()
                                                      : s.string(row, SessionStore::ActorJson);
    case User: {
        const QString id = s.string(row, SessionStore::UserId);
        if (!m_users || id.isEmpty())
            return id;
        if (const auto user = m_users->user(id))
            return user->label() + QLatin1Char('\n') + id;
        if (m_users->isKnownMissing(id))
            return tr("%1\nNot a user of this instance (deleted, or from another one)").arg(id);
        return id;
    }
    case Flags: {
        QStringList lines;
        const quint8 flags = m_anomalies.flags(row);
        for (const AnomalyRules::Flag flag : AnomalyRules::Flags) {
            if (flags & flag)
                lines.append(m_anomalies.rules().description(flag));
        }
        return lines.isEmpty() ? QVariant() : lines.join(QStringLiteral("\n\n"));
    }
    default:
        return {};
    }
}

QVariant SessionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == User)
        return tr("The user's primary email address once it is known, else the user ID. "
                  "Sorts by user ID.");
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == Flags)
        return tr("Anomaly flags: Help ▸ Anomaly Flags says what each means.");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Status:
        return tr("Status");
    case SessionId:
        return tr("Session");
    case User:
        return tr("User");
    case Client:
        return tr("Client");
    case LastActive:
        return tr("Last active");
    case Created:
        return tr("Created");
    case Expires:
        return tr("Expires");
    case Browser:
        return tr("Browser");
    case Device:
        return tr("Device");
    case IpAddress:
        return tr("IP address");
    case Location:
        return tr("Location");
    case ImpersonatedBy:
        return tr("Impersonated by");
    case Organization:
        return tr("Organization");
    case Flags:
        return tr("Flags");
    case ColumnCount:
        break;
    }
    return {};
}

QHash<int, QByteArray> SessionTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SessionRole, "session");
    names.insert(SortRole, "sort");
    names.insert(StatusRole, "status");
    names.insert(StatusTextRole, "statusText");
    return names;
}

SessionStore::UpsertResult SessionTableModel::upsert(const SessionBatch &batch)
{
    SessionStore::UpsertResult result = stage(batch);
    publish();
    return result;
}

SessionStore::UpsertResult SessionTableModel::stage(const SessionBatch &batch)
{
    SessionStore::UpsertResult result = m_store.upsert(batch);
    m_unflaggedUpdates.insert(m_unflaggedUpdates.end(), result.updatedRows.begin(),
                              result.updatedRows.end());
    // Updated rows are reported in runs of consecutive rows, each its own dataChanged; rows that
    // are still staged need no signal, views have not seen them yet.
    const std::vector<int> &rows = result.updatedRows;
    for (std::size_t first = 0; first < rows.size() && rows[first] < m_rowCount;) {
        std::size_t last = first;
        while (last + 1 < rows.size() && rows[last + 1] == rows[last] + 1 &&
               rows[last + 1] < m_rowCount)
            ++last;
        emit dataChanged(index(rows[first], 0), index(rows[last], ColumnCount - 1));
        first = last + 1;
    }
    return result;
}

void SessionTableModel::publish()
{
    updateAnomalies();
    const int staged = stagedRows();
    if (staged <= 0)
        return;
    beginInsertRows({}, m_rowCount, m_rowCount + staged - 1);
    m_rowCount += staged;
    endInsertRows();
}

void SessionTableModel::clear()
{
    beginResetModel();
    m_store.clear();
    m_anomalies.clear();
    m_unflaggedUpdates.clear();
    m_rowCount = 0;
    endResetModel();
}

int SessionTableModel::rowOfSession(const QString &sessionId) const
{
    const QByteArray utf8 = sessionId.toUtf8();
    const int row = m_store.rowOf(std::string_view(utf8.constData(), std::size_t(utf8.size())));
    return row < m_rowCount ? row : -1;
}

void SessionTableModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    refreshTimes();
}

void SessionTableModel::refreshTimes()
{
    const qint64 before = m_now;
    m_now = m_clock();
    if (m_rowCount > 0) {
        emit dataChanged(index(0, LastActive), index(m_rowCount - 1, Expires), {Qt::DisplayRole});
    }
    reflagExpired(before, m_now);
}

void SessionTableModel::setAnomaliesPaused(bool paused)
{
    m_anomaliesPaused = paused;
    if (!paused)
        updateAnomalies();
}

// Time changes flags one way only: an active session whose expire_at passes turns stale-active
// and stops being in use (concurrent). Sessions still open were open together at the last tick
// too, and any other session in use since then came with an update; so only the users of the
// sessions that expired in [from, to) are flagged again, not a million rows every 30 s.
void SessionTableModel::reflagExpired(qint64 from, qint64 to)
{
    if (m_anomaliesPaused || m_anomalies.size() == 0 || to == from)
        return;
    if (to < from) { // a clock set back (tests): start afresh
        recomputeAnomalies();
        return;
    }
    SessionStore::UpsertResult expired;
    expired.firstNewRow = m_anomalies.size();
    for (int row = 0; row < m_anomalies.size(); ++row) {
        const qint64 at = m_store.time(row, SessionStore::ExpireAt);
        if (at >= from && at < to && m_store.status(row) == SessionStatus::Active)
            expired.updatedRows.push_back(row);
    }
    if (!expired.updatedRows.empty())
        announceFlagChanges(m_anomalies.update(m_store, expired, to));
}

void SessionTableModel::setAnomalyRules(const AnomalyRules &rules)
{
    if (m_anomalies.setRules(rules))
        recomputeAnomalies();
}

// Flags the rows staged since the last call and re-flags the users of updated rows.
void SessionTableModel::updateAnomalies()
{
    if (m_anomaliesPaused)
        return;
    const int flagged = m_anomalies.size();
    SessionStore::UpsertResult done;
    done.firstNewRow = flagged;
    done.newRows = m_store.size() - flagged;
    std::vector<int> &updated = m_unflaggedUpdates;
    std::sort(updated.begin(), updated.end());
    updated.erase(std::unique(updated.begin(), updated.end()), updated.end());
    updated.erase(std::lower_bound(updated.begin(), updated.end(), flagged), updated.end());
    done.updatedRows.swap(updated);
    if (done.newRows <= 0 && done.updatedRows.empty())
        return;
    std::vector<int> changed = m_anomalies.update(m_store, done, m_now);
    // Rows published while flagging was paused were shown without flags.
    const std::size_t older = changed.size();
    for (int row = flagged; row < m_rowCount; ++row) {
        if (m_anomalies.flags(row))
            changed.push_back(row);
    }
    std::inplace_merge(changed.begin(), changed.begin() + std::ptrdiff_t(older), changed.end());
    announceFlagChanges(changed);
}

void SessionTableModel::recomputeAnomalies()
{
    if (m_anomalies.size() == 0)
        return;
    const std::vector<quint8> before = m_anomalies.allFlags();
    m_anomalies.recompute(m_store, m_now);
    const std::vector<quint8> &after = m_anomalies.allFlags();
    std::vector<int> changed;
    for (std::size_t row = 0; row < before.size() && row < after.size(); ++row) {
        if (before[row] != after[row])
            changed.push_back(int(row));
    }
    announceFlagChanges(changed);
}

// One dataChanged per run of rows; a scattered many are one range (the proxy tests a range of
// rows together, which beats a thousand small signals).
void SessionTableModel::announceFlagChanges(const std::vector<int> &rows)
{
    constexpr int MaxRuns = 64;
    const QList<int> roles = {Qt::DisplayRole, Qt::ToolTipRole, SortRole, FlagsRole};
    std::vector<std::pair<int, int>> runs;
    for (const int row : rows) {
        if (row >= m_rowCount)
            break;
        if (!runs.empty() && runs.back().second + 1 == row)
            runs.back().second = row;
        else
            runs.emplace_back(row, row);
    }
    if (runs.size() > MaxRuns)
        runs = {{runs.front().first, runs.back().second}};
    for (const auto &[first, last] : runs)
        emit dataChanged(index(first, Flags), index(last, Flags), roles);
}

void SessionTableModel::setUserCache(const UserCache *users)
{
    if (m_users)
        disconnect(m_users, nullptr, this, nullptr);
    m_users = users;
    if (users) {
        connect(users, &UserCache::usersArrived, this, &SessionTableModel::userColumnChanged);
        connect(users, &UserCache::cleared, this, &SessionTableModel::userColumnChanged);
        connect(users, &QObject::destroyed, this, [this] { m_users = nullptr; });
    }
    userColumnChanged();
}

// The emails shown changed: a repaint, no new values to sort or filter by.
void SessionTableModel::userColumnChanged()
{
    if (m_rowCount > 0)
        emit dataChanged(index(0, User), index(m_rowCount - 1, User),
                         {Qt::DisplayRole, Qt::ToolTipRole});
}

QString SessionTableModel::statusLabel(SessionStatus status, const QString &text)
{
    switch (status) {
    case SessionStatus::Active:
        return tr("Active");
    case SessionStatus::Revoked:
        return tr("Revoked");
    case SessionStatus::Ended:
        return tr("Ended");
    case SessionStatus::Expired:
        return tr("Expired");
    case SessionStatus::Removed:
        return tr("Removed");
    case SessionStatus::Abandoned:
        return tr("Abandoned");
    case SessionStatus::Replaced:
        return tr("Replaced");
    case SessionStatus::Pending:
        return tr("Pending");
    case SessionStatus::Unknown:
        break;
    }
    return text;
}

QString SessionTableModel::statusDescription(SessionStatus status)
{
    switch (status) {
    case SessionStatus::Active:
        return tr("Active: the user is signed in with this session.");
    case SessionStatus::Revoked:
        return tr("Revoked: ended by an administrator or the Backend API; the user was signed "
                  "out.");
    case SessionStatus::Ended:
        return tr("Ended: the user signed out.");
    case SessionStatus::Expired:
        return tr("Expired: the session reached its expiry time.");
    case SessionStatus::Removed:
        return tr("Removed: the session was removed from its client.");
    case SessionStatus::Abandoned:
        return tr("Abandoned: the session was inactive for too long.");
    case SessionStatus::Replaced:
        return tr("Replaced: a newer session took its place on the same client.");
    case SessionStatus::Pending:
        return tr("Pending: signed in, but tasks remain before the session becomes active.");
    case SessionStatus::Unknown:
        break;
    }
    return tr("A status this version of SessionDesk does not know; it is shown as the API sent "
              "it.");
}

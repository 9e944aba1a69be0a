// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "anomalydetector.h"
#include "sessionstore.h"

#include <QAbstractTableModel>

#include <functional>

class UserCache;

// The loaded sessions as a table. Owns the SessionStore; rows are in load order (sorting and
// filtering belong to a proxy). Updates are batched and keyed by session id: a batch is one
// beginInsertRows for its new rows and one dataChanged per run of updated rows, never a reset.
class SessionTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Status,
        SessionId,
        User,
        Client,
        LastActive,
        Created,
        Expires,
        Browser,
        Device,
        IpAddress,
        Location,
        ImpersonatedBy,
        Organization,
        Flags, // anomaly flags (AnomalyDetector)
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SessionRole = Qt::UserRole, // the whole Session value
        SortRole, // raw values: timestamps as qint64, status as its SessionStatus number, text
        StatusRole, // SessionStatus as int, for the status badge
        StatusTextRole, // the status as the API spelled it
        FlagsRole, // AnomalyRules::Flag bits as int, for the flag badges
    };
    Q_ENUM(Role)

    using Clock = std::function<qint64()>; // milliseconds since the epoch

    explicit SessionTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Inserts new sessions and updates known ones in place (see SessionStore::upsert).
    SessionStore::UpsertResult upsert(const SessionBatch &batch);
    // The same in two steps, for loads: stage() updates known rows at once but keeps new rows
    // from views until publish() announces everything staged in one insert. A view then lays
    // out and repaints a few times a second instead of after every batch.
    SessionStore::UpsertResult stage(const SessionBatch &batch);
    void publish();
    int stagedRows() const { return m_store.size() - m_rowCount; }
    void reserveFor(int rows, qint64 bytes, double bytesPerSession)
    {
        m_store.reserveFor(rows, bytes, bytesPerSession);
    }
    void clear();

    const SessionStore &store() const { return m_store; }
    // The anomaly flags of every row, kept up to date as rows are added and updated (when they
    // are announced), and as the clock moves on: views hear of changed flags as dataChanged.
    const AnomalyDetector &anomalies() const { return m_anomalies; }
    void setAnomalyRules(const AnomalyRules &rules);
    // While a big load runs, rows are flagged once at its end rather than at every publish()
    // (a million rows would be flagged again and again); views then hear of the flags.
    void setAnomaliesPaused(bool paused);
    // Where the User column finds emails (it shows the user id until the user is known); null
    // for none. Repaints the column when users arrive.
    void setUserCache(const UserCache *users);
    Session session(int row) const { return m_store.session(row); }
    int rowOfSession(const QString &sessionId) const;

    // Relative times ("5 min ago") are computed against this clock; tests set a fixed one.
    void setClock(Clock clock);
    qint64 now() const { return m_now; }
    // Re-reads the clock and repaints the time columns (called by a timer in the window).
    void refreshTimes();

    static QString statusLabel(SessionStatus status, const QString &text);
    static QString statusDescription(SessionStatus status);

private:
    QVariant displayText(int row, int column) const;
    QVariant sortValue(int row, int column) const;
    QVariant toolTip(int row, int column) const;
    void updateAnomalies();
    void recomputeAnomalies();
    void reflagExpired(qint64 from, qint64 to);
    void announceFlagChanges(const std::vector<int> &rows);
    void userColumnChanged();

    SessionStore m_store;
    int m_rowCount = 0; // rows announced to views; the store may briefly hold more
    Clock m_clock;
    qint64 m_now = 0;
    AnomalyDetector m_anomalies;
    // What upserts did since the flags were last brought up to date (at publish()).
    std::vector<int> m_unflaggedUpdates;
    bool m_anomaliesPaused = false;
    const UserCache *m_users = nullptr;
};

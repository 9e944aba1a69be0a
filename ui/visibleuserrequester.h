// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <functional>

class QModelIndex;
class QTableView;
class UserCache;

// Asks a UserCache for the users behind the rows a table view shows and the rows selected in it,
// and for nothing else: never the whole table. It asks once scrolling, resizing, sorting,
// loading or selecting has paused for delayMs(), so a scroll through a million rows asks for the
// rows it stops at. The view must have its model when this is made.
class VisibleUserRequester : public QObject
{
    Q_OBJECT

public:
    // The user id of a row, from an index of the view's model (any column of the row).
    using UserIdOf = std::function<QString(const QModelIndex &index)>;
    static constexpr int DefaultDelayMs = 120;
    static constexpr int MaxSelectedRows = 500; // of a large selection, the first ones

    VisibleUserRequester(QTableView *view, UserCache *cache, UserIdOf userIdOf,
                         QObject *parent = nullptr);

    void setDelay(int ms) { m_timer.setInterval(ms); }
    int delayMs() const { return m_timer.interval(); }

    // The distinct user ids of the visible rows, then of the selected ones not among them.
    QStringList wantedIds() const;

    // Asks after the delay (restarted by every call), or at once.
    void schedule();
    void requestNow();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QPointer<QTableView> m_view;
    QPointer<UserCache> m_cache;
    UserIdOf m_userIdOf;
    QTimer m_timer;
};

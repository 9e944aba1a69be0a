// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>

class ClerkClient;
class InsightsCounter;
class InsightsPanel;
class QAction;
class QDockWidget;
class QMainWindow;
class QTableView;
class SessionInspector;
class SessionSortProxy;
class SessionTableModel;
class UserCache;
class UserTimelineView;
class VisibleUserRequester;

// The docks that answer a ticket's questions beside the session table: the inspector (the
// selected session in full, and the user behind it), the timeline of that user's sessions, and
// the insights over the filtered set. Keeps them in step with the table's selection, the filter,
// loads and the connection; looks users up through one UserCache, only for rows in view or
// selected. The docks themselves are passive; this is the only place that feeds them.
class InvestigationDocks : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    static constexpr int MaxInspectedRows = 2000; // of a large selection, the summary's sample

    InvestigationDocks(QMainWindow *window, QTableView *view, SessionSortProxy *proxy,
                       SessionTableModel *model);

    // The connection's client, for user look-ups; null when offline.
    void setClient(ClerkClient *client);
    void setClock(Clock clock);
    // Recomputes the ages the docks show (the window's 30 s timer calls it).
    void refreshTimes();
    // Selects the session in the table and scrolls to it; false when the filter hides it.
    bool selectSession(const QString &sessionId);

    UserCache *users() const { return m_users; }
    SessionInspector *inspector() const { return m_inspector; }
    UserTimelineView *timeline() const { return m_timeline; }
    InsightsPanel *insights() const { return m_insights; }
    QDockWidget *inspectorDock() const { return m_inspectorDock; }
    QDockWidget *timelineDock() const { return m_timelineDock; }
    QDockWidget *insightsDock() const { return m_insightsDock; }
    // Show/hide actions for the View menu.
    QList<QAction *> toggleActions() const;

signals:
    void showUserRequested(const QString &userId);
    void revokeRequested(const QString &sessionId);
    void filterRequested(const QString &term); // a term to add to the filter (insights)
    void message(const QString &text); // for the status bar
    void copied(const QString &what, const QString &text);

private:
    QDockWidget *addDock(QWidget *content, const QString &title, const QString &name,
                         Qt::DockWidgetArea area);
    void scheduleUpdate();
    void updateSelection();
    void updateInspector();
    void updateInspectorUser();
    void updateTimeline();
    void scheduleInsights();
    void countInsights();
    QString currentUserId() const;
    int currentSourceRow() const;

    QMainWindow *m_window;
    QTableView *m_view;
    SessionSortProxy *m_proxy;
    SessionTableModel *m_model;
    UserCache *m_users;
    SessionInspector *m_inspector;
    UserTimelineView *m_timeline;
    InsightsPanel *m_insights;
    InsightsCounter *m_counter;
    VisibleUserRequester *m_requester;
    QDockWidget *m_inspectorDock;
    QDockWidget *m_timelineDock;
    QDockWidget *m_insightsDock;
    QTimer m_updateTimer; // coalesces selection, layout and data changes into one update
    QTimer m_insightsTimer; // the same for the insights, which count every shown row
    QString m_timelineUser; // the user the timeline shows
    bool m_timelineStale = true; // rows changed since its bars were made
    bool m_insightsStale = true;
};

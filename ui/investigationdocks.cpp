// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "investigationdocks.h"

#include "insightscounter.h"
#include "insightspanel.h"
#include "sessioninspector.h"
#include "sessionsortproxy.h"
#include "sessiontablemodel.h"
#include "usercache.h"
#include "usertimeline.h"
#include "usertimelineview.h"
#include "visibleuserrequester.h"

#include <QAction>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QMainWindow>
#include <QScrollArea>
#include <QTableView>

namespace {
constexpr int InsightsDelayMs = 150; // typing in the filter bar recounts once it pauses

// Whether the model's values may have changed, not only how they look.
bool valuesChanged(const QList<int> &roles)
{
    return roles.isEmpty() || roles.contains(SessionTableModel::SortRole) ||
        roles.contains(SessionTableModel::SessionRole) ||
        roles.contains(SessionTableModel::FlagsRole);
}
} // namespace

InvestigationDocks::InvestigationDocks(QMainWindow *window, QTableView *view,
                                       SessionSortProxy *proxy, SessionTableModel *model)
    : QObject(window)
    , m_window(window)
    , m_view(view)
    , m_proxy(proxy)
    , m_model(model)
    , m_users(new UserCache(this))
    , m_inspector(new SessionInspector)
    , m_timeline(new UserTimelineView)
    , m_insights(new InsightsPanel)
    , m_counter(new InsightsCounter(this))
{
    model->setUserCache(m_users);
    auto *inspectorScroll = new QScrollArea;
    inspectorScroll->setWidget(m_inspector);
    inspectorScroll->setWidgetResizable(true);
    inspectorScroll->setFrameShape(QFrame::NoFrame);
    m_inspectorDock = addDock(inspectorScroll, tr("Inspector"), QStringLiteral("inspectorDock"),
                              Qt::RightDockWidgetArea);
    m_insightsDock = addDock(m_insights, tr("Insights"), QStringLiteral("insightsDock"),
                             Qt::RightDockWidgetArea);
    window->tabifyDockWidget(m_inspectorDock, m_insightsDock);
    m_inspectorDock->raise();
    m_timelineDock = addDock(m_timeline, tr("User Timeline"), QStringLiteral("timelineDock"),
                             Qt::BottomDockWidgetArea);
    window->resizeDocks({m_inspectorDock}, {400}, Qt::Horizontal);

    m_requester = new VisibleUserRequester(
        view, m_users,
        [this](const QModelIndex &index) {
            const QModelIndex source = m_proxy->mapToSource(index);
            return source.isValid() ? m_model->store().string(source.row(), SessionStore::UserId)
                                    : QString();
        },
        this);

    m_updateTimer.setSingleShot(true);
    m_updateTimer.setInterval(0);
    connect(&m_updateTimer, &QTimer::timeout, this, &InvestigationDocks::updateSelection);
    m_insightsTimer.setSingleShot(true);
    m_insightsTimer.setInterval(InsightsDelayMs);
    connect(&m_insightsTimer, &QTimer::timeout, this, &InvestigationDocks::countInsights);

    // What is selected, or what it says, may have changed.
    connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &InvestigationDocks::scheduleUpdate);
    connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &InvestigationDocks::scheduleUpdate);
    connect(proxy, &QAbstractItemModel::layoutChanged, this, &InvestigationDocks::scheduleUpdate);
    connect(proxy, &QAbstractItemModel::modelReset, this, &InvestigationDocks::scheduleUpdate);
    connect(proxy, &QAbstractItemModel::rowsRemoved, this, &InvestigationDocks::scheduleUpdate);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                   const QList<int> &roles) {
                // The clock's and the emails' repaints change no value the docks show.
                if (!valuesChanged(roles))
                    return;
                scheduleUpdate(); // the inspector shows the flags too
                const bool onlyFlags = topLeft.column() == SessionTableModel::Flags &&
                    bottomRight.column() == SessionTableModel::Flags;
                if (!onlyFlags) {
                    m_timelineStale = true;
                    scheduleInsights();
                }
            });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        m_timelineStale = true; // the user may have more sessions now
        if (!m_timelineUser.isEmpty())
            scheduleUpdate();
    });
    connect(model, &QAbstractItemModel::modelAboutToBeReset, m_counter, &InsightsCounter::cancel);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { m_timelineStale = true; });
    // The filtered set changed: count it again (a sort alone changes nothing counted).
    connect(proxy, &SessionSortProxy::filterChanged, this, &InvestigationDocks::scheduleInsights);
    connect(proxy, &SessionSortProxy::countsChanged, this, &InvestigationDocks::scheduleInsights);
    connect(proxy, &QAbstractItemModel::modelReset, this, &InvestigationDocks::scheduleInsights);
    connect(m_timelineDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            scheduleUpdate();
    });
    connect(m_insightsDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_insightsStale)
            scheduleInsights();
    });
    connect(m_counter, &InsightsCounter::finished, this, [this](const InsightsData &data) {
        m_insights->setData(data);
        m_insights->setBusy(false);
    });

    connect(m_users, &UserCache::usersArrived, this, [this](const QStringList &ids) {
        updateInspectorUser();
        if (ids.contains(m_timelineUser)) { // its title: the user's name and email
            m_timelineStale = true;
            scheduleUpdate();
        }
    });
    connect(m_users, &UserCache::lookupFailed, this, &InvestigationDocks::updateInspectorUser);
    connect(m_users, &UserCache::cleared, this, [this] {
        updateInspectorUser();
        m_requester->schedule();
    });

    // The docks' requests go out.
    connect(m_inspector, &SessionInspector::showUserRequested, this,
            &InvestigationDocks::showUserRequested);
    connect(m_inspector, &SessionInspector::revokeRequested, this,
            &InvestigationDocks::revokeRequested);
    connect(m_inspector, &SessionInspector::copied, this, &InvestigationDocks::copied);
    connect(m_insights, &InsightsPanel::filterRequested, this,
            &InvestigationDocks::filterRequested);
    connect(m_timeline, &UserTimelineView::sessionClicked, this,
            [this](const QString &id) { selectSession(id); });
}

QDockWidget *InvestigationDocks::addDock(QWidget *content, const QString &title,
                                         const QString &name, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, m_window);
    dock->setObjectName(name);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    m_window->addDockWidget(area, dock);
    return dock;
}

QList<QAction *> InvestigationDocks::toggleActions() const
{
    QAction *inspector = m_inspectorDock->toggleViewAction();
    inspector->setObjectName(QStringLiteral("actionShowInspector"));
    inspector->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    QAction *timeline = m_timelineDock->toggleViewAction();
    timeline->setObjectName(QStringLiteral("actionShowTimeline"));
    timeline->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    QAction *insights = m_insightsDock->toggleViewAction();
    insights->setObjectName(QStringLiteral("actionShowInsights"));
    insights->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    return {inspector, timeline, insights};
}

void InvestigationDocks::setClient(ClerkClient *client)
{
    m_users->setClient(client);
    updateInspectorUser();
    m_requester->schedule();
}

// The user section: what the cache knows (from the API or from files); offline, a user no file
// named cannot be looked up.
void InvestigationDocks::updateInspectorUser()
{
    const auto &session = m_inspector->session();
    if (session && !m_users->client() && !m_users->user(session->userId))
        m_inspector->setUserState(SessionInspector::UserState::Offline);
    else
        m_inspector->updateUser(m_users);
}

void InvestigationDocks::setClock(Clock clock)
{
    m_inspector->setClock(std::move(clock));
}

void InvestigationDocks::refreshTimes()
{
    m_inspector->refreshTimes();
}

void InvestigationDocks::scheduleUpdate()
{
    m_updateTimer.start();
}

void InvestigationDocks::updateSelection()
{
    updateInspector();
    updateTimeline();
}

// The current row when it is selected, else the first selected row; -1 for none.
int InvestigationDocks::currentSourceRow() const
{
    const QItemSelectionModel *selection = m_view->selectionModel();
    QModelIndex index = selection->currentIndex();
    if (!index.isValid() || !selection->isRowSelected(index.row())) {
        const QItemSelection ranges = selection->selection();
        index = ranges.isEmpty() ? QModelIndex() : QModelIndex(ranges.first().topLeft());
    }
    return index.isValid() ? m_proxy->mapToSource(index).row() : -1;
}

QString InvestigationDocks::currentUserId() const
{
    const int row = currentSourceRow();
    return row < 0 ? QString() : m_model->store().string(row, SessionStore::UserId);
}

void InvestigationDocks::updateInspector()
{
    // Rows from the selection's ranges, not selectedRows(): a million selected rows would be a
    // million indexes.
    const QItemSelection ranges = m_view->selectionModel()->selection();
    qint64 selected = 0;
    QList<int> rows;
    for (const QItemSelectionRange &range : ranges) {
        if (range.left() != 0)
            continue; // rows are selected whole: count each once, by its first column's range
        selected += range.height();
        for (int row = range.top(); row <= range.bottom() && rows.size() < MaxInspectedRows;
             ++row) {
            const int source = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
            if (source >= 0)
                rows.append(source);
        }
    }
    if (rows.isEmpty()) {
        m_inspector->clear();
        return;
    }
    if (selected == 1) {
        const int row = rows.first();
        // Setting the same session again would reset the raw JSON's scroll and selection.
        if (const Session session = m_model->session(row); m_inspector->session() != session)
            m_inspector->setSession(session);
        m_inspector->setFlags(m_model->anomalies().flags(row), m_model->anomalies().rules());
        const QString userId = m_model->store().string(row, SessionStore::UserId);
        if (!userId.isEmpty())
            m_users->request({userId});
        updateInspectorUser();
        return;
    }
    QList<Session> sessions;
    sessions.reserve(rows.size());
    for (const int row : std::as_const(rows))
        sessions.append(m_model->session(row));
    m_inspector->setSessions(sessions, selected);
}

// Bars are made again only when the user changes or their sessions may have (an O(rows) scan),
// and not at all while the dock is hidden.
void InvestigationDocks::updateTimeline()
{
    if (!m_timelineDock->isVisible()) {
        m_timelineStale = true;
        return;
    }
    const int row = currentSourceRow();
    const SessionStore &store = m_model->store();
    const QString userId = row < 0 ? QString() : store.string(row, SessionStore::UserId);
    if (userId != m_timelineUser || m_timelineStale) {
        m_timelineUser = userId;
        m_timelineStale = false;
        if (userId.isEmpty()) {
            m_timeline->clear();
            return;
        }
        QList<UserTimeline::Bar> bars = UserTimeline::bars(store, userId);
        const int shown = m_model->rowCount(); // rows still staged by a load are not in the table
        bars.removeIf([shown](const UserTimeline::Bar &bar) { return bar.row >= shown; });
        const auto user = m_users->user(userId);
        m_timeline->setBars(bars, user ? user->label() : userId);
    }
    const std::string_view id = store.id(row);
    m_timeline->setSelectedSession(QString::fromUtf8(id.data(), qsizetype(id.size())));
}

bool InvestigationDocks::selectSession(const QString &sessionId)
{
    const int source = m_model->rowOfSession(sessionId);
    const QModelIndex index =
        source < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(source, 0));
    if (!index.isValid()) {
        emit message(tr("Session %1 is hidden by the filter.").arg(sessionId));
        return false;
    }
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

void InvestigationDocks::scheduleInsights()
{
    m_insightsStale = true;
    if (m_insightsDock->isVisible())
        m_insightsTimer.start();
}

void InvestigationDocks::countInsights()
{
    m_insightsStale = false;
    m_insights->setBusy(true);
    m_counter->start(&m_model->store(), m_proxy->shownSourceRows());
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "anomalyrulesdialog.h"
#include "clerkconfig.h"
#include "clerkconnection.h"
#include "columnchooser.h"
#include "connectioncontroller.h"
#include "environmentbadge.h"
#include "filterbar.h"
#include "finduserdialog.h"
#include "flagbadgedelegate.h"
#include "investigationdocks.h"
#include "loadreportdialog.h"
#include "loadstatusbar.h"
#include "messagebanner.h"
#include "recentfiles.h"
#include "revokecontroller.h"
#include "savedviews.h"
#include "sessionexporter.h"
#include "sessioninspector.h"
#include "sessionloadqueue.h"
#include "sessionsortproxy.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"
#include "statusbadgedelegate.h"
#include "usercache.h"
#include "viewsmenu.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {
const QString sampleResource = QStringLiteral(":/samples/sessions.json");
constexpr int TimeRefreshMs = 30'000;

QStringList localFiles(const QMimeData *mime)
{
    QStringList paths;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    return paths;
}
} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new SessionTableModel(this))
    , m_queue(new SessionLoadQueue(m_model, this))
    , m_proxy(new SessionSortProxy(this))
    , m_view(new QTableView(this))
    , m_stack(new QStackedWidget(this))
    , m_banner(new MessageBanner(this))
    , m_loadStatus(new LoadStatusBar(this))
    , m_connection(new ClerkConnection(this))
    , m_chooseFiles([](QWidget *parent) {
        return QFileDialog::getOpenFileNames(
            parent, tr("Open Sessions"), QString(),
            tr("Clerk session exports (*.json *.ndjson *.jsonl);;All files (*)"));
    })
    , m_chooseExport([](QWidget *parent) {
        return QFileDialog::getSaveFileName(parent, tr("Export Sessions"), QString(),
                                            tr("Clerk API JSON (*.json);;CSV (*.csv)"));
    })
    , m_filterBar(new FilterBar(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("SessionDesk"));
    setAcceptDrops(true);
    resize(1280, 720);

    setUpView();
    auto *placeholder =
        new QLabel(tr("<h3>No sessions loaded</h3><p>Open a JSON export of Clerk sessions with "
                      "<b>File ▸ Open</b> (Ctrl+O), or drop files here.</p>"
                      "<p>Any shape works: API responses, paginated pages, JS SDK exports, NDJSON, "
                      "webhook events and Client objects.</p>"),
                   this);
    placeholder->setObjectName(QStringLiteral("emptyPlaceholder"));
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    m_stack->addWidget(placeholder);
    m_stack->addWidget(m_view);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
    statusBar()->addWidget(m_loadStatus, 1);
    auto *badge = new EnvironmentBadge(this);
    statusBar()->addPermanentWidget(badge);
    m_connectionController = new ConnectionController(m_connection, m_banner, badge, this);
    m_model->setAnomalyRules(AnomalyRules::fromSettings());
    m_docks = new InvestigationDocks(this, m_view, m_proxy, m_model);
    m_revokeController = new RevokeController(m_view, m_proxy, m_model, m_connection, this);
    m_revokeController->setUserCache(m_docks->users());
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu); // Del is on the view already
    m_view->addActions(m_revokeController->actions());

    createActions();

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState);
    connect(m_queue, &SessionLoadQueue::progress, m_loadStatus, &LoadStatusBar::setProgress);
    connect(m_queue, &SessionLoadQueue::finished, this, &MainWindow::loadFinished);
    connect(m_queue, &SessionLoadQueue::sourcesChanged, this, &MainWindow::updateTitle);
    connect(m_queue, &SessionLoadQueue::busyChanged, this, [this](bool busy) {
        // Sorting a million rows after every batch would stall the window: sort once at the end.
        m_model->setAnomaliesPaused(busy); // flagged once, at the end (before a sort by flags)
        m_proxy->setSortingPaused(busy);
        if (busy) {
            m_banner->hide();
            m_loadStatus->loadStarted();
        }
        updateEmptyState();
    });
    connect(m_queue, &SessionLoadQueue::fetchProgress, this, [this](int received, qint64 total) {
        m_loadStatus->setProgress(received, total);
        m_loadStatus->setActivity(
            tr("Fetching sessions: %1").arg(SessionFetch::progressText(received, total)));
    });
    connect(m_queue, &SessionLoadQueue::fetchFailed, this, &MainWindow::fetchFailed);
    // Webhook payloads carry their users: known offline too.
    connect(m_queue, &SessionLoadQueue::usersRead, m_docks->users(), &UserCache::insert);
    connect(m_connection, &ClerkConnection::clientChanged, this, [this](ClerkClient *client) {
        m_queue->setClient(client);
        m_docks->setClient(client);
        delete m_findUser; // it searched through the client that is gone
        updateClerkActions();
    });
    connect(m_loadStatus, &LoadStatusBar::cancelRequested, m_queue, &SessionLoadQueue::cancel);
    connect(m_filterBar, &FilterBar::filterChanged, m_proxy, &SessionSortProxy::setFilter);
    connect(m_filterBar, &FilterBar::helpRequested, this, [this] {
        QMessageBox::information(this, tr("Filter Syntax"), SessionFilter::syntaxHelp());
    });
    connect(m_proxy, &SessionSortProxy::countsChanged, this, &MainWindow::updateCounts);
    connect(m_loadStatus, &LoadStatusBar::detailsRequested, this, &MainWindow::showLoadReport);
    connect(m_docks, &InvestigationDocks::showUserRequested, this, &MainWindow::showUser);
    connect(m_docks, &InvestigationDocks::revokeRequested, m_revokeController,
            &RevokeController::revokeSession);
    connect(m_revokeController, &RevokeController::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_connection, &ClerkConnection::stateChanged, this, [this] {
        m_docks->inspector()->setRevokeAvailable(m_connection->state() ==
                                                 ClerkConnection::State::Connected);
    });
    connect(m_docks, &InvestigationDocks::filterRequested, this, &MainWindow::addFilterTerm);
    connect(m_docks, &InvestigationDocks::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_docks, &InvestigationDocks::copied, this, [this](const QString &what) {
        statusBar()->showMessage(tr("Copied the %1.").arg(what), 4000);
    });
    connect(m_banner, &MessageBanner::linkActivated, this, &MainWindow::showLoadReport);

    auto *clock = new QTimer(this);
    connect(clock, &QTimer::timeout, m_model, &SessionTableModel::refreshTimes);
    connect(clock, &QTimer::timeout, m_docks, &InvestigationDocks::refreshTimes);
    clock->start(TimeRefreshMs);
    updateEmptyState();
}

MainWindow::~MainWindow()
{
    // A revocation under way stops first, while the window and the connection still stand: its
    // signals must not reach a half-destroyed window.
    disconnect(m_revokeController, nullptr, this, nullptr);
    delete m_revokeController;
    m_revokeController = nullptr;
    // Children die in creation order, the model before its loader: stop the load first. And
    // the dying model's signals must not reach a window that is half gone.
    delete m_queue;
    disconnect(m_model, nullptr, this, nullptr);
    disconnect(m_proxy, nullptr, this, nullptr);
}

SessionLoader *MainWindow::loader() const
{
    return m_queue->loader();
}

void MainWindow::setUpView()
{
    m_proxy->setSessionModel(m_model);
    m_view->setObjectName(QStringLiteral("sessionTable"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegateForColumn(SessionTableModel::Status, new StatusBadgeDelegate(m_view));
    m_view->setItemDelegateForColumn(SessionTableModel::Flags, new FlagBadgeDelegate(m_view));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // load order until the user picks a column
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // ids differ at their ends
    m_view->verticalHeader()->hide();
    m_columns = new ColumnChooser(m_view->horizontalHeader());
    // Fixed row heights keep a million rows cheap to lay out.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    const int widths[SessionTableModel::ColumnCount] = {104, 170, 190, 170, 96,  96,  96,
                                                        150, 96,  130, 170, 150, 150, 160};
    for (int column = 0; column < SessionTableModel::ColumnCount; ++column)
        header->resizeSection(column, widths[column]);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open…"), this, [this] {
        if (const QStringList paths = m_chooseFiles(this); !paths.isEmpty())
            openFiles(paths);
    });
    open->setObjectName(QStringLiteral("actionOpen"));
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open session files, replacing the table's contents"));

    QAction *add = file->addAction(tr("&Add Files…"), this, [this] {
        if (const QStringList paths = m_chooseFiles(this); !paths.isEmpty())
            addFiles(paths);
    });
    add->setObjectName(QStringLiteral("actionAddFiles"));
    add->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    add->setToolTip(tr("Add sessions from more files to the table"));

    QMenu *recentMenu = file->addMenu(tr("Open &Recent"));
    recentMenu->setObjectName(QStringLiteral("menuRecent"));
    m_recent = new RecentFiles(recentMenu, this);
    connect(m_recent, &RecentFiles::openRequested, this,
            [this](const QString &path) { openFiles({path}); });

    QAction *sample = file->addAction(tr("Open &Sample"), this, &MainWindow::openSample);
    sample->setObjectName(QStringLiteral("actionOpenSample"));
    QAction *exportAction = file->addAction(tr("&Export Shown Sessions…"), this, [this] {
        if (const QString path = m_chooseExport(this); !path.isEmpty())
            exportShown(path);
    });
    exportAction->setObjectName(QStringLiteral("actionExport"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportAction->setToolTip(tr("Write the sessions the table shows, filtered and sorted, to "
                                "a JSON or CSV file"));
    file->addSeparator();
    createClerkActions();
    file->addAction(m_connectAction);
    file->addAction(m_disconnectAction);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    createViewMenu();
    QMenu *sessions = menuBar()->addMenu(tr("&Sessions"));
    sessions->addActions(m_clerkActions);
    sessions->addSeparator();
    sessions->addActions(m_revokeController->actions());
    sessions->addAction(m_revokeController->auditLogAction());
    sessions->addSeparator();
    QAction *rules = sessions->addAction(tr("&Anomaly Rules…"), this, [this] {
        AnomalyRulesDialog dialog(m_model->anomalies().rules(), this);
        if (m_answerRules ? m_answerRules(&dialog) : dialog.exec() == QDialog::Accepted) {
            const AnomalyRules rules = dialog.rules();
            rules.save();
            m_model->setAnomalyRules(rules);
        }
    });
    rules->setObjectName(QStringLiteral("actionAnomalyRules"));
    rules->setToolTip(tr("How close in time two countries count as travel, and how many "
                         "sessions at once count as concurrent"));

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->addAction(open);
    toolBar->addSeparator();
    toolBar->addAction(m_connectAction);
    toolBar->addActions(m_clerkActions);
    toolBar->addSeparator();
    toolBar->addAction(m_revokeController->revokeAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *flagsHelp = help->addAction(tr("&Anomaly Flags"), this, [this] {
        QMessageBox::information(this, tr("Anomaly Flags"),
                                 m_model->anomalies().rules().helpHtml());
    });
    flagsHelp->setObjectName(QStringLiteral("actionFlagsHelp"));
    help->addAction(tr("&Filter Syntax"), m_filterBar, &FilterBar::helpRequested);
    help->addAction(tr("&About SessionDesk"), this, [this] {
        QMessageBox::about(this, tr("About SessionDesk"),
                           tr("<h3>SessionDesk %1</h3><p>A desktop admin for Clerk "
                              "authentication sessions.</p>")
                               .arg(QStringLiteral(SESSIONDESK_VERSION)));
    });
}

void MainWindow::openFiles(const QStringList &paths)
{
    m_lastFetch.reset();
    updateClerkActions();
    m_recent->add(paths);
    m_queue->open(paths);
}

void MainWindow::addFiles(const QStringList &paths)
{
    m_recent->add(paths);
    m_queue->add(paths);
}

void MainWindow::openSample()
{
    QFile sample(sampleResource);
    if (!sample.open(QIODevice::ReadOnly)) {
        m_banner->showMessage(MessageBanner::Error, tr("The built-in sample is missing."));
        return;
    }
    m_lastFetch.reset();
    updateClerkActions();
    m_queue->openBytes(sample.readAll(), tr("sample sessions"));
}

void MainWindow::updateTitle(const QStringList &sources)
{
    if (sources.isEmpty())
        setWindowTitle(tr("SessionDesk"));
    else if (sources.size() == 1)
        setWindowTitle(tr("%1 — SessionDesk").arg(sources.first()));
    else
        setWindowTitle(tr("%1 (+%2) — SessionDesk").arg(sources.first()).arg(sources.size() - 1));
}

void MainWindow::loadFinished(const LoadResult &last)
{
    const LoadResult &all = m_queue->sinceOpen();
    m_loadStatus->loadFinished(last, all);
    updateCounts();
    if (m_reportDialog)
        m_reportDialog->setReports(all.files);
    if (const QString problems = LoadReportDialog::bannerText(all); !problems.isEmpty()) {
        m_banner->showMessage(all.anyRead() ? MessageBanner::Warning : MessageBanner::Error,
                              problems);
    }
    updateEmptyState();
}

void MainWindow::showLoadReport()
{
    if (!m_reportDialog) {
        m_reportDialog = new LoadReportDialog(this);
        m_reportDialog->setReports(m_queue->sinceOpen().files);
    }
    m_reportDialog->show();
    m_reportDialog->raise();
}

void MainWindow::createViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *focusFilter = view->addAction(tr("&Filter…"), m_filterBar, &FilterBar::focusQuery);
    focusFilter->setObjectName(QStringLiteral("actionFilter"));
    focusFilter->setShortcut(QKeySequence::Find);
    view->addSeparator();
    view->addActions(m_docks->toggleActions());
    view->addSeparator();
    QMenu *views = view->addMenu(tr("Saved &Views"));
    views->setObjectName(QStringLiteral("menuViews"));
    m_viewsMenu = new ViewsMenu(
        views, [this] { return currentView(); }, this);
    connect(m_viewsMenu, &ViewsMenu::viewChosen, this, &MainWindow::applyView);
}

SavedView MainWindow::currentView() const
{
    SavedView view;
    view.query = m_filterBar->query();
    view.statusMask = m_filterBar->statusMask();
    view.sortColumn = m_proxy->sortColumn();
    view.descending = m_proxy->sortOrder() == Qt::DescendingOrder;
    view.hiddenColumns = m_columns->hiddenColumns();
    return view;
}

void MainWindow::applyView(const SavedView &view)
{
    m_filterBar->setStatusMask(view.statusMask);
    m_filterBar->setQuery(view.query);
    m_columns->setHiddenColumns(view.hiddenColumns);
    m_view->sortByColumn(view.sortColumn,
                         view.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
}

bool MainWindow::exportShown(const QString &path)
{
    std::vector<int> rows;
    rows.reserve(std::size_t(m_proxy->rowCount()));
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        rows.push_back(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
    QApplication::setOverrideCursor(Qt::WaitCursor);
    QString error;
    const bool written = SessionExporter::write(path, SessionExporter::formatFor(path),
                                                m_model->store(), rows, &error);
    QApplication::restoreOverrideCursor();
    if (written) {
        statusBar()->showMessage(
            tr("Exported %1 sessions to %2")
                .arg(QLocale().toString(qint64(rows.size())), QDir::toNativeSeparators(path)),
            8000);
    } else {
        m_banner->showMessage(MessageBanner::Error,
                              tr("Could not export: %1").arg(error.toHtmlEscaped()));
    }
    return written;
}

void MainWindow::updateCounts()
{
    m_loadStatus->setRowCounts(m_proxy->rowCount(), m_model->rowCount());
    const SessionSortProxy::StatusCounts counts = m_proxy->statusCounts();
    m_filterBar->setStatusCounts(counts);
}

void MainWindow::updateEmptyState()
{
    const bool empty = m_model->rowCount() == 0 && !m_queue->isBusy();
    m_stack->setCurrentIndex(empty ? 0 : 1);
    updateCounts();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = localFiles(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    addFiles(paths);
}

void MainWindow::createClerkActions()
{
    m_connectAction = new QAction(tr("&Connect to Clerk…"), this);
    m_connectAction->setObjectName(QStringLiteral("actionConnect"));
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connectAction->setToolTip(tr("Connect to a Clerk instance with its secret key"));
    connect(m_connectAction, &QAction::triggered, m_connectionController,
            &ConnectionController::showConnectDialog);

    m_disconnectAction = new QAction(tr("&Disconnect"), this);
    m_disconnectAction->setObjectName(QStringLiteral("actionDisconnect"));
    connect(m_disconnectAction, &QAction::triggered, m_connection,
            &ClerkConnection::disconnectFromClerk);

    QAction *findUser = new QAction(tr("&Find User…"), this);
    findUser->setObjectName(QStringLiteral("actionFindUser"));
    findUser->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    findUser->setToolTip(
        tr("Find a user by email address, user ID or name and load their sessions"));
    connect(findUser, &QAction::triggered, this, &MainWindow::showFindUser);

    QAction *reload = new QAction(tr("&Reload"), this);
    reload->setObjectName(QStringLiteral("actionReload"));
    reload->setShortcut(QKeySequence::Refresh);
    reload->setToolTip(tr("Fetch the sessions in the table again"));
    connect(reload, &QAction::triggered, this, [this] {
        if (m_lastFetch)
            m_queue->openFetch(m_lastFetch->query, m_lastFetch->name);
    });
    m_reloadAction = reload;
    m_clerkActions = {findUser, reload};
    updateClerkActions();
}

void MainWindow::updateClerkActions()
{
    const bool connected = m_connection->client() != nullptr;
    m_disconnectAction->setEnabled(connected);
    for (QAction *action : std::as_const(m_clerkActions))
        action->setEnabled(connected);
    m_reloadAction->setEnabled(connected && m_lastFetch);
}

void MainWindow::fetchSessions(const ClerkClient::SessionQuery &query, const QString &name)
{
    m_lastFetch = LastFetch{query, name};
    m_queue->openFetch(query, name);
    updateClerkActions();
}

void MainWindow::restoreConnection()
{
    m_connectionController->restore();
}

void MainWindow::showDemoWelcome(const QString &exampleEmail)
{
    m_banner->showMessage(
        MessageBanner::Information,
        tr("<b>Demo:</b> connected to a local mock of Clerk's Backend API (clerk-mock) with its "
           "test key. Find a user by email address, ID or name, for example <i>%1</i>, who has "
           "many sessions.")
            .arg(exampleEmail.toHtmlEscaped()),
        tr("Find User…"), [this, exampleEmail] {
            if (FindUserDialog *find = showFindUser()) {
                find->setSearchText(exampleEmail);
                find->search();
            }
        });
}

void MainWindow::connectToClerk(const ClerkConfig &config)
{
    m_connectionController->connectForThisRun(config);
}

void MainWindow::showUser(const QString &userId)
{
    if (userId.isEmpty())
        return;
    if (m_connection->client()) {
        ClerkClient::SessionQuery query;
        query.userId = userId;
        const auto user = m_docks->users()->user(userId);
        fetchSessions(query, user ? user->label() : userId);
    } else {
        m_filterBar->setQuery(QStringLiteral("user:") + userId);
    }
}

void MainWindow::addFilterTerm(const QString &term)
{
    const QString query = m_filterBar->query().trimmed();
    if ((u' ' + query + u' ').contains(u' ' + term + u' '))
        return; // clicked twice
    m_filterBar->setQuery(query.isEmpty() ? term : query + QLatin1Char(' ') + term);
}

FindUserDialog *MainWindow::showFindUser()
{
    ClerkClient *client = m_connection->client();
    if (!client)
        return nullptr;
    if (!m_findUser) {
        m_findUser = new FindUserDialog(client, this);
        connect(m_findUser, &FindUserDialog::sessionsRequested, this, &MainWindow::fetchSessions);
    }
    m_findUser->show();
    m_findUser->raise();
    m_findUser->activateWindow();
    return m_findUser;
}

void MainWindow::fetchFailed(const SessionFetch::Result &result)
{
    const QString text =
        tr("Could not fetch every session: %1")
            .arg(MessageBanner::failureText(result.message(), result.outcome.traceId));
    m_banner->showMessage(MessageBanner::Error, text, tr("Retry"), [this] {
        if (m_queue->canResumeFetch())
            m_queue->resumeFetch();
    });
}

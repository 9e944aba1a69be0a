// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "loadreportdialog.h"
#include "loadstatusbar.h"
#include "messagebanner.h"
#include "recentfiles.h"
#include "sessionloader.h"
#include "sessiontablemodel.h"
#include "statusbadgedelegate.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
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
    , m_loader(new SessionLoader(m_model, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_stack(new QStackedWidget(this))
    , m_banner(new MessageBanner(this))
    , m_loadStatus(new LoadStatusBar(this))
    , m_chooseFiles([](QWidget *parent) {
        return QFileDialog::getOpenFileNames(
            parent, tr("Open Sessions"), QString(),
            tr("Clerk session exports (*.json *.ndjson *.jsonl);;All files (*)"));
    })
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
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
    statusBar()->addWidget(m_loadStatus, 1);

    createActions();

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState);
    connect(m_loader, &SessionLoader::progress, m_loadStatus, &LoadStatusBar::setProgress);
    connect(m_loader, &SessionLoader::finished, this, &MainWindow::loadFinished);
    connect(m_loadStatus, &LoadStatusBar::cancelRequested, m_loader, &SessionLoader::cancel);
    connect(m_loadStatus, &LoadStatusBar::detailsRequested, this, &MainWindow::showLoadReport);
    connect(m_banner, &MessageBanner::linkActivated, this, &MainWindow::showLoadReport);

    auto *clock = new QTimer(this);
    connect(clock, &QTimer::timeout, m_model, &SessionTableModel::refreshTimes);
    clock->start(TimeRefreshMs);
    updateEmptyState();
}

MainWindow::~MainWindow()
{
    // Children die in creation order, the model before its loader: stop the load first.
    delete m_loader;
}

void MainWindow::setUpView()
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(SessionTableModel::SortRole);
    m_view->setObjectName(QStringLiteral("sessionTable"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegateForColumn(SessionTableModel::Status, new StatusBadgeDelegate(m_view));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // load order until the user picks a column
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle); // ids differ at their ends
    m_view->verticalHeader()->hide();
    // Fixed row heights keep a million rows cheap to lay out.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    const int widths[SessionTableModel::ColumnCount] = {104, 170, 170, 170, 96,  96, 96,
                                                        150, 96,  130, 170, 150, 150};
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
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SessionDesk"), this, [this] {
        QMessageBox::about(this, tr("About SessionDesk"),
                           tr("<h3>SessionDesk %1</h3><p>A desktop admin for Clerk "
                              "authentication sessions.</p>")
                               .arg(QStringLiteral(SESSIONDESK_VERSION)));
    });
}

void MainWindow::openFiles(const QStringList &paths)
{
    request({paths, true, false});
}

void MainWindow::addFiles(const QStringList &paths)
{
    request({paths, false, false});
}

void MainWindow::openSample()
{
    request({{}, true, true});
}

void MainWindow::request(Request next)
{
    // One load at a time: a new request cancels the running one and starts when it has stopped.
    if (m_loader->isRunning()) {
        if (next.replace)
            m_pending.clear();
        m_pending.append(std::move(next));
        m_loader->cancel();
        return;
    }
    startRequest(next);
}

void MainWindow::startRequest(const Request &request)
{
    m_banner->hide();
    if (request.replace) {
        m_model->clear();
        m_titleFiles.clear();
    }
    m_loadStatus->loadStarted();
    if (request.sample) {
        QFile sample(sampleResource);
        sample.open(QIODevice::ReadOnly);
        m_titleFiles.append(tr("sample"));
        m_loader->startBytes(sample.readAll(), tr("sample sessions"));
    } else {
        m_recent->add(request.paths);
        for (const QString &path : request.paths)
            m_titleFiles.append(QFileInfo(path).fileName());
        m_loader->start(request.paths);
    }
    const QString shown = m_titleFiles.value(0);
    setWindowTitle(m_titleFiles.size() > 1
                       ? tr("%1 (+%2) — SessionDesk").arg(shown).arg(m_titleFiles.size() - 1)
                       : tr("%1 — SessionDesk").arg(shown));
    updateEmptyState();
}

void MainWindow::loadFinished(const LoadResult &result)
{
    m_loadStatus->loadFinished(result);
    m_loadStatus->setRowCount(m_model->rowCount());
    if (m_reportDialog)
        m_reportDialog->setReports(result.files);
    m_lastReports = result.files;

    // The banner names the first few files that failed; the details dialog has them all.
    constexpr qsizetype MaxListed = 4;
    QStringList failures;
    qsizetype failed = 0;
    for (const FileReport &file : result.files) {
        if (file.failed() && failed++ < MaxListed)
            failures.append(file.errorText().toHtmlEscaped());
    }
    if (failed > MaxListed)
        failures.append(tr("and %1 more files").arg(failed - MaxListed));
    if (failed > 0) {
        const bool nothing = !result.anyRead();
        m_banner->showMessage(
            nothing ? MessageBanner::Error : MessageBanner::Warning,
            tr("<b>%1</b><br>%2 <a href=\"details\">Details…</a>")
                .arg(nothing ? tr("Nothing could be read.") : tr("Some input could not be read."),
                     failures.join(QStringLiteral("<br>"))));
    }
    if (!m_pending.isEmpty())
        startRequest(m_pending.takeFirst());
    updateEmptyState();
}

void MainWindow::showLoadReport()
{
    if (!m_reportDialog) {
        m_reportDialog = new LoadReportDialog(this);
        m_reportDialog->setReports(m_lastReports);
    }
    m_reportDialog->show();
    m_reportDialog->raise();
}

void MainWindow::updateEmptyState()
{
    const bool empty = m_model->rowCount() == 0 && !m_loader->isRunning();
    m_stack->setCurrentIndex(empty ? 0 : 1);
    m_loadStatus->setRowCount(m_model->rowCount());
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

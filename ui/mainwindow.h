// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "sessionfetch.h"

#include <QMainWindow>
#include <QStringList>

#include <functional>
#include <optional>

struct LoadResult;
class AnomalyRulesDialog;
class ClerkConfig;
class ClerkConnection;
class ColumnChooser;
class FilterBar;
class ViewsMenu;
struct SavedView;
class ConnectionController;
class FindUserDialog;
class InvestigationDocks;
class QAction;
class LoadReportDialog;
class LoadStatusBar;
class MessageBanner;
class QStackedWidget;
class QTableView;
class RecentFiles;
class RevokeController;
class SessionLoadQueue;
class SessionLoader;
class SessionSortProxy;
class SessionTableModel;

// The main window: it builds the widgets and actions and wires them to the models; decisions
// live in the classes it connects (SessionLoadQueue decides what loads when).
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Asks the user for files to open; tests inject their own instead of a modal dialog.
    using FileChooser = std::function<QStringList(QWidget *parent)>;
    // Asks where to export; empty when cancelled. Tests answer without a modal dialog.
    using ExportChooser = std::function<QString(QWidget *parent)>;
    // Answers the Anomaly Rules dialog (true: OK) instead of a person; tests set it.
    using RulesAnswer = std::function<bool(AnomalyRulesDialog *dialog)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openFiles(const QStringList &paths); // replaces what the table holds
    void addFiles(const QStringList &paths); // adds to it
    void openSample(); // the sample export built into the application
    // Talks to Clerk's Backend API (or the demo's clerk-mock) from now on; the key stays in
    // memory only and nothing is remembered for the next run. Verifies the key with one cheap
    // request and says so in the banner when it is refused.
    void connectToClerk(const ClerkConfig &config);
    void setFileChooser(FileChooser chooser) { m_chooseFiles = std::move(chooser); }
    void setExportChooser(ExportChooser chooser) { m_chooseExport = std::move(chooser); }
    void setRulesAnswer(RulesAnswer answer) { m_answerRules = std::move(answer); }
    // Writes the sessions the table shows, in its order (JSON or CSV by the suffix).
    bool exportShown(const QString &path);
    void applyView(const SavedView &view);
    SavedView currentView() const;

    SessionTableModel *model() const { return m_model; }
    SessionLoader *loader() const;
    SessionLoadQueue *loadQueue() const { return m_queue; }
    ClerkConnection *connection() const { return m_connection; }
    ConnectionController *connectionController() const { return m_connectionController; }
    // At start: connects with CLERK_SECRET_KEY, or a key kept in the keychain, when there is one.
    void restoreConnection();
    // The demo's welcome: what it is and an example to search for.
    void showDemoWelcome(const QString &exampleEmail);
    // Replaces the table with the sessions the query lists, fetched from the connected instance.
    void fetchSessions(const ClerkClient::SessionQuery &query, const QString &name);
    // Shows "Find User" (made on first use), for a person and for tests.
    FindUserDialog *showFindUser();
    QTableView *view() const { return m_view; }
    SessionSortProxy *proxy() const { return m_proxy; }
    FilterBar *filterBar() const { return m_filterBar; }
    InvestigationDocks *docks() const { return m_docks; }
    RevokeController *revokeController() const { return m_revokeController; }
    // The user's sessions: fetched afresh when connected, else the loaded ones, filtered.
    void showUser(const QString &userId);
    // Adds a term to the filter (from the insights' charts).
    void addFilterTerm(const QString &term);
    ViewsMenu *viewsMenu() const { return m_viewsMenu; }

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createClerkActions();
    void fetchFailed(const SessionFetch::Result &result);
    void updateClerkActions();
    void setUpView();
    void loadFinished(const LoadResult &last);
    void showLoadReport();
    void updateTitle(const QStringList &sources);
    void updateEmptyState();
    void updateCounts();
    void createViewMenu();

    SessionTableModel *m_model;
    SessionLoadQueue *m_queue;
    SessionSortProxy *m_proxy;
    QTableView *m_view;
    QStackedWidget *m_stack;
    MessageBanner *m_banner;
    LoadStatusBar *m_loadStatus;
    LoadReportDialog *m_reportDialog = nullptr;
    RecentFiles *m_recent = nullptr;
    ClerkConnection *m_connection;
    ConnectionController *m_connectionController;
    FindUserDialog *m_findUser = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_reloadAction = nullptr;
    QList<QAction *> m_clerkActions; // enabled while connected
    struct LastFetch
    {
        ClerkClient::SessionQuery query;
        QString name;
    };
    std::optional<LastFetch> m_lastFetch; // for Reload
    FileChooser m_chooseFiles;
    ExportChooser m_chooseExport;
    RulesAnswer m_answerRules;
    FilterBar *m_filterBar;
    ColumnChooser *m_columns = nullptr;
    ViewsMenu *m_viewsMenu = nullptr;
    InvestigationDocks *m_docks = nullptr;
    RevokeController *m_revokeController = nullptr;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "readreport.h"

#include <QMainWindow>
#include <QStringList>

#include <functional>

struct LoadResult;
class LoadReportDialog;
class LoadStatusBar;
class MessageBanner;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class RecentFiles;
class SessionLoader;
class SessionTableModel;

// The main window: it builds the widgets and actions and wires them to the models; decisions
// live in the classes it connects.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Asks the user for files to open; tests inject their own instead of a modal dialog.
    using FileChooser = std::function<QStringList(QWidget *parent)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openFiles(const QStringList &paths); // replaces what the table holds
    void addFiles(const QStringList &paths); // adds to it
    void openSample(); // the sample export built into the application
    void setFileChooser(FileChooser chooser) { m_chooseFiles = std::move(chooser); }

    SessionTableModel *model() const { return m_model; }
    SessionLoader *loader() const { return m_loader; }
    QTableView *view() const { return m_view; }

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    struct Request
    {
        QStringList paths;
        bool replace = false;
        bool sample = false;
    };

    void createActions();
    void setUpView();
    void request(Request next);
    void startRequest(const Request &request);
    void loadFinished(const LoadResult &result);
    void showLoadReport();
    void updateEmptyState();

    SessionTableModel *m_model;
    SessionLoader *m_loader;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QStackedWidget *m_stack;
    MessageBanner *m_banner;
    LoadStatusBar *m_loadStatus;
    LoadReportDialog *m_reportDialog = nullptr;
    RecentFiles *m_recent = nullptr;
    FileChooser m_chooseFiles;
    QList<Request> m_pending; // asked for while a load was running
    QStringList m_titleFiles;
    QList<FileReport> m_lastReports;
};

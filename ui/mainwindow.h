// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>
#include <QStringList>

#include <functional>

struct LoadResult;
class LoadReportDialog;
class LoadStatusBar;
class MessageBanner;
class QStackedWidget;
class QTableView;
class RecentFiles;
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

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void openFiles(const QStringList &paths); // replaces what the table holds
    void addFiles(const QStringList &paths); // adds to it
    void openSample(); // the sample export built into the application
    void setFileChooser(FileChooser chooser) { m_chooseFiles = std::move(chooser); }

    SessionTableModel *model() const { return m_model; }
    SessionLoader *loader() const;
    SessionLoadQueue *loadQueue() const { return m_queue; }
    QTableView *view() const { return m_view; }

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void setUpView();
    void loadFinished(const LoadResult &last);
    void showLoadReport();
    void updateTitle(const QStringList &sources);
    void updateEmptyState();

    SessionTableModel *m_model;
    SessionLoadQueue *m_queue;
    SessionSortProxy *m_proxy;
    QTableView *m_view;
    QStackedWidget *m_stack;
    MessageBanner *m_banner;
    LoadStatusBar *m_loadStatus;
    LoadReportDialog *m_reportDialog = nullptr;
    RecentFiles *m_recent = nullptr;
    FileChooser m_chooseFiles;
};

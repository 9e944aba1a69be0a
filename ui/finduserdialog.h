// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "clerkclient.h"
#include "usersearch.h"

#include <QDialog>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class UserListModel;

// "Find user": an email address, a user id or any text → GET /users → pick one → that user's
// sessions. Or a client id → that client's sessions. Asks for the sessions with
// sessionsRequested() and closes; loading them is the receiver's business.
//
// Enter in the search field searches, Enter in the client field shows the client's sessions,
// Enter or a double click on a user shows that user's. No button is the dialog's default, so
// Enter never does what the field it was pressed in did not ask for.
class FindUserDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FindUserDialog(ClerkClient *client, QWidget *parent = nullptr);

    // Test hooks (and for a caller that has a text already, e.g. from a selected session).
    void setSearchText(const QString &text);
    QString searchText() const;
    QString statusText() const;
    UserListModel *model() const { return m_model; }
    UserSearch *userSearch() const { return m_search; }

    // The status line for a finished search: "3 users", "No user matches “x”", the error with
    // its trace id, …; `limit` is the most one search returns.
    static QString statusFor(const UserSearch::Result &result, int limit);

public slots:
    // Searches for the text in the search field (a running search is replaced).
    void search();
    // Stops a running search when the dialog closes.
    void done(int result) override;

signals:
    // label: "Jane Doe <jane@example.com>" for a user, the client id for a client.
    void sessionsRequested(const ClerkClient::SessionQuery &query, const QString &label);

private:
    void searchFinished(const UserSearch::Result &result);
    std::optional<UserSummary> selectedUser() const;
    void showUser(const UserSummary &user);
    void showSelectedUser();
    void showClient();
    void updateButtons();

    UserSearch *m_search;
    UserListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_searchEdit;
    QPushButton *m_searchButton;
    QLabel *m_status;
    QTableView *m_table;
    QPushButton *m_showSessionsButton;
    QLineEdit *m_clientEdit;
    QPushButton *m_showClientButton;
};

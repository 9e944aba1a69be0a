// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "finduserdialog.h"

#include "userlistmodel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using Status = ClerkResult::Status;

namespace {
QString sentence(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

QPushButton *plainButton(const QString &text, const QString &name, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setAutoDefault(false); // Enter belongs to the field it is pressed in
    return button;
}
} // namespace

FindUserDialog::FindUserDialog(ClerkClient *client, QWidget *parent)
    : QDialog(parent)
    , m_search(new UserSearch(client, this))
    , m_model(new UserListModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_searchEdit(new QLineEdit(this))
    , m_searchButton(plainButton(tr("&Search"), QStringLiteral("searchButton"), this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
    , m_showSessionsButton(
          plainButton(tr("Show S&essions"), QStringLiteral("showSessionsButton"), this))
    , m_clientEdit(new QLineEdit(this))
    , m_showClientButton(
          plainButton(tr("Show &Client's Sessions"), QStringLiteral("showClientButton"), this))
{
    setObjectName(QStringLiteral("findUserDialog"));
    setWindowTitle(tr("Find User"));
    resize(860, 480);

    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setPlaceholderText(tr("Email address, user ID or name"));
    m_searchEdit->setClearButtonEnabled(true);
    m_searchEdit->setToolTip(
        tr("One or more email addresses or user IDs (separated by commas or spaces), or any part "
           "of a name, email address or ID"));

    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setTextFormat(Qt::PlainText); // Clerk's messages are text, never markup
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse); // the trace id, for support

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(UserListModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_table->setObjectName(QStringLiteral("userTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Clerk's order (most recently active first) until a header is clicked.
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->horizontalHeader()->setSortIndicatorClearable(true);
    m_table->setSortingEnabled(true);

    m_clientEdit->setObjectName(QStringLiteral("clientEdit"));
    m_clientEdit->setPlaceholderText(QStringLiteral("client_…"));
    m_clientEdit->setClearButtonEnabled(true);
    auto *clientLabel = new QLabel(tr("C&lient ID:"), this);
    clientLabel->setBuddy(m_clientEdit);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_showSessionsButton, QDialogButtonBox::ActionRole);
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setAutoDefault(false);

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_searchEdit, 1);
    searchRow->addWidget(m_searchButton);
    auto *clientRow = new QHBoxLayout;
    clientRow->addWidget(clientLabel);
    clientRow->addWidget(m_clientEdit, 1);
    clientRow->addWidget(m_showClientButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(searchRow);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addLayout(clientRow);
    layout->addWidget(buttons);

    connect(m_searchEdit, &QLineEdit::returnPressed, this, &FindUserDialog::search);
    connect(m_searchButton, &QPushButton::clicked, this, &FindUserDialog::search);
    connect(m_search, &UserSearch::finished, this, &FindUserDialog::searchFinished);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FindUserDialog::updateButtons);
    connect(m_table, &QAbstractItemView::activated, this, &FindUserDialog::showSelectedUser);
    connect(m_showSessionsButton, &QPushButton::clicked, this, &FindUserDialog::showSelectedUser);
    connect(m_clientEdit, &QLineEdit::textChanged, this, &FindUserDialog::updateButtons);
    connect(m_clientEdit, &QLineEdit::returnPressed, this, &FindUserDialog::showClient);
    connect(m_showClientButton, &QPushButton::clicked, this, &FindUserDialog::showClient);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_searchEdit->setFocus();
    updateButtons();
}

void FindUserDialog::setSearchText(const QString &text)
{
    m_searchEdit->setText(text);
}

QString FindUserDialog::searchText() const
{
    return m_searchEdit->text();
}

QString FindUserDialog::statusText() const
{
    return m_status->text();
}

void FindUserDialog::search()
{
    m_status->setText(tr("Searching…"));
    m_search->search(m_searchEdit->text());
}

void FindUserDialog::done(int result)
{
    m_search->cancel();
    QDialog::done(result);
}

QString FindUserDialog::statusFor(const UserSearch::Result &result, int limit)
{
    const ClerkResult &outcome = result.outcome;
    if (outcome.status == Status::Cancelled)
        return tr("Search cancelled");
    if (outcome.status == Status::InvalidRequest) // not sent: the detail says why
        return sentence(outcome.detail);
    if (!outcome.ok()) {
        const QString message = sentence(outcome.message());
        return outcome.traceId.isEmpty() ? message
                                         : tr("%1 (trace id: %2)").arg(message, outcome.traceId);
    }
    const qsizetype count = result.users.size();
    if (count == 0)
        return tr("No user matches “%1”").arg(result.text.simplified());
    if (count >= limit)
        return tr("The first %1 users; more may match: narrow the search").arg(count);
    return count == 1 ? tr("1 user") : tr("%1 users").arg(count);
}

void FindUserDialog::searchFinished(const UserSearch::Result &result)
{
    m_status->setText(statusFor(result, m_search->limit()));
    if (result.outcome.status == Status::Cancelled)
        return;
    // A failed search clears the list too: rows under an error would pass for its answer.
    m_model->setUsers(result.users);
    m_table->resizeColumnsToContents();
    if (m_proxy->rowCount() == 1)
        m_table->selectRow(0);
    updateButtons();
}

std::optional<UserSummary> FindUserDialog::selectedUser() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return std::nullopt;
    const int row = m_proxy->mapToSource(rows.first()).row();
    if (row < 0 || row >= m_model->rowCount())
        return std::nullopt;
    return m_model->user(row);
}

void FindUserDialog::showUser(const UserSummary &user)
{
    ClerkClient::SessionQuery query;
    query.userId = user.id;
    emit sessionsRequested(query, user.label());
    accept();
}

void FindUserDialog::showSelectedUser()
{
    if (const std::optional<UserSummary> user = selectedUser())
        showUser(*user);
}

void FindUserDialog::showClient()
{
    if (!m_showClientButton->isEnabled())
        return;
    ClerkClient::SessionQuery query;
    query.clientId = m_clientEdit->text().trimmed();
    emit sessionsRequested(query, query.clientId);
    accept();
}

void FindUserDialog::updateButtons()
{
    m_showSessionsButton->setEnabled(selectedUser().has_value());
    m_showClientButton->setEnabled(
        m_clientEdit->text().trimmed().startsWith(QLatin1StringView("client_")));
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// VisibleUserRequester: users are asked for the rows a table shows and the rows selected in it,
// not for the whole table, after scrolling pauses; against the in-process ClerkMockServer.

#include "clerkclient.h"
#include "clerkmockserver.h"
#include "usercache.h"
#include "visibleuserrequester.h"

#include <QApplication>
#include <QHeaderView>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

#include <memory>

namespace {
constexpr int Rows = 1000;
constexpr int RowHeight = 20;
} // namespace

class TestVisibleUserRequester : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void wantsTheVisibleRowsThenTheSelection();
    void asksOnlyForWhatIsInView();
    void scrollingAsksWhereItStops();
    void aClearedCacheIsAskedAgain();

private:
    // The rows that fit the viewport from `first` on.
    QStringList usersOfRows(int first, int count) const;
    int visibleRows() const { return (m_view->viewport()->height() + RowHeight - 1) / RowHeight; }
    bool settle();

    std::unique_ptr<ClerkMockServer> m_mock;
    std::unique_ptr<QNetworkAccessManager> m_manager;
    std::unique_ptr<ClerkClient> m_client;
    std::unique_ptr<QStandardItemModel> m_model;
    std::unique_ptr<QTableView> m_view;
    std::unique_ptr<UserCache> m_cache;
    std::unique_ptr<VisibleUserRequester> m_requester;
};

void TestVisibleUserRequester::initTestCase()
{
    MockInstance::Options instance;
    instance.seed = 31;
    instance.sessions = 6000;
    ClerkMockServer::Options options;
    options.rateLimit = 0;
    m_mock = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(instance), options);
    QVERIFY(m_mock->listen() != 0);
    QVERIFY(m_mock->instance().userCount() >= Rows / 2);
}

void TestVisibleUserRequester::init()
{
    m_manager = std::make_unique<QNetworkAccessManager>();
    m_manager->setProxy(QNetworkProxy::NoProxy);
    ClerkConfig config;
    config.setSecretKey(m_mock->secretKey());
    QString error;
    QVERIFY2(config.setApiUrl(m_mock->url().toString(), &error), qPrintable(error));
    m_client = std::make_unique<ClerkClient>(m_manager.get(), config);

    // Two rows a user, as sessions come: row r belongs to user r / 2.
    m_model = std::make_unique<QStandardItemModel>(Rows, 2);
    for (int row = 0; row < Rows; ++row) {
        m_model->setItem(row, 0, new QStandardItem(QStringLiteral("sess_%1").arg(row)));
        m_model->setItem(row, 1, new QStandardItem(m_mock->instance().userId(row / 2)));
    }
    m_view = std::make_unique<QTableView>();
    m_view->setModel(m_model.get());
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(RowHeight);
    m_view->resize(500, 300);

    m_cache = std::make_unique<UserCache>();
    m_cache->setClient(m_client.get());
    m_requester = std::make_unique<VisibleUserRequester>(
        m_view.get(), m_cache.get(),
        [](const QModelIndex &index) { return index.siblingAtColumn(1).data().toString(); });
}

void TestVisibleUserRequester::cleanup()
{
    m_requester.reset();
    m_cache.reset();
    m_view.reset();
    m_model.reset();
    m_client.reset();
    m_manager.reset();
}

QStringList TestVisibleUserRequester::usersOfRows(int first, int count) const
{
    QStringList ids;
    for (int row = first; row < std::min(first + count, Rows); ++row) {
        const QString id = m_mock->instance().userId(row / 2);
        if (!ids.contains(id))
            ids.append(id);
    }
    return ids;
}

bool TestVisibleUserRequester::settle()
{
    return QTest::qWaitFor(
        [&] {
            QCoreApplication::processEvents();
            return m_cache->requestsInFlight() == 0;
        },
        20000);
}

void TestVisibleUserRequester::wantsTheVisibleRowsThenTheSelection()
{
    QVERIFY(m_requester->wantedIds().isEmpty()); // a hidden view shows nothing
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QVERIFY(visibleRows() > 4);
    QCOMPARE(m_requester->wantedIds(), usersOfRows(0, visibleRows()));

    m_view->scrollTo(m_model->index(500, 0), QAbstractItemView::PositionAtTop);
    QCOMPARE(m_view->rowAt(0), 500);
    QCOMPARE(m_requester->wantedIds(), usersOfRows(500, visibleRows()));

    // The selection adds its rows, the visible ones only once.
    m_view->selectionModel()->select(m_model->index(900, 0),
                                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
    m_view->selectionModel()->select(m_model->index(501, 0),
                                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(m_requester->wantedIds(),
             usersOfRows(500, visibleRows()) + QStringList{m_mock->instance().userId(450)});

    // Select all: the first MaxSelectedRows rows of it, not a thousand.
    m_view->selectAll();
    QCOMPARE(m_requester->wantedIds().size(),
             usersOfRows(500, visibleRows()).size() + VisibleUserRequester::MaxSelectedRows / 2);

    // The end of a short table is above the viewport's bottom.
    m_model->setRowCount(3);
    m_view->clearSelection();
    QTRY_COMPARE(m_requester->wantedIds(), usersOfRows(0, 3)); // once the view has laid out
}

void TestVisibleUserRequester::asksOnlyForWhatIsInView()
{
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QTRY_COMPARE(sent.size(), 1);
    QVERIFY(settle());
    const QStringList visible = usersOfRows(0, visibleRows());
    QCOMPARE(m_cache->size(), visible.size());
    for (const QString &id : visible)
        QVERIFY(m_cache->user(id));
    QVERIFY(!m_cache->user(m_mock->instance().userId(400)));
    QVERIFY(!m_cache->isPending(m_mock->instance().userId(400)));

    // Selecting a row out of view asks for its user alone.
    m_view->selectionModel()->select(m_model->index(800, 0),
                                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTRY_COMPARE(sent.size(), 2);
    QVERIFY(settle());
    QCOMPARE(m_cache->size(), visible.size() + 1);
    QVERIFY(m_cache->user(m_mock->instance().userId(400)));
}

void TestVisibleUserRequester::scrollingAsksWhereItStops()
{
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QTRY_COMPARE(sent.size(), 1);
    QVERIFY(settle());

    // Ten scroll steps within the delay: one request, for the rows where it stopped.
    m_requester->setDelay(300);
    QScrollBar *bar = m_view->verticalScrollBar();
    for (int step = 1; step <= 10; ++step)
        bar->setValue(step * 60);
    QCOMPARE(m_view->rowAt(0), 600);
    QTest::qWait(100);
    QCOMPARE(sent.size(), 1);
    QTRY_COMPARE(sent.size(), 2);
    QVERIFY(settle());
    for (const QString &id : usersOfRows(600, visibleRows()))
        QVERIFY(m_cache->user(id));
    QVERIFY(!m_cache->user(m_mock->instance().userId(150))); // row 300: scrolled past
    QTest::qWait(400);
    QCOMPARE(sent.size(), 2);
}

void TestVisibleUserRequester::aClearedCacheIsAskedAgain()
{
    QSignalSpy sent(m_client.get(), &ClerkClient::requestSent);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QTRY_COMPARE(sent.size(), 1);
    QVERIFY(settle());

    // Another connection: what is in view is asked for on it.
    ClerkClient other(m_manager.get(), m_client->config());
    QSignalSpy sentOther(&other, &ClerkClient::requestSent);
    m_cache->setClient(&other);
    QTRY_COMPARE(sentOther.size(), 1);
    QVERIFY(settle());
    QCOMPARE(m_cache->size(), usersOfRows(0, visibleRows()).size());
    QCOMPARE(sent.size(), 1);
    m_cache->setClient(m_client.get());
}

QTEST_MAIN(TestVisibleUserRequester)
#include "tst_visibleuserrequester.moc"

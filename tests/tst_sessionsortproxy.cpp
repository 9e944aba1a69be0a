// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "batchbuilder.h"
#include "sessiongenerator.h"
#include "sessionloader.h"
#include "sessionsortproxy.h"
#include "sessiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QCollator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

namespace {
// The reference order, computed the slow way from the source model's raw sort values.
std::vector<int> referenceOrder(const SessionTableModel &model, int column, Qt::SortOrder order)
{
    std::vector<int> rows(std::size_t(model.rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    QCollator natural(QLocale(QLocale::English, QLocale::UnitedStates));
    natural.setNumericMode(true); // versions and addresses compare their numbers by value
    auto value = [&](int row) {
        return model.index(row, column).data(SessionTableModel::SortRole);
    };
    auto lastActive = [&](int row) { return model.store().time(row, SessionStore::LastActiveAt); };
    auto compare = [&](int a, int b) -> int {
        const QVariant va = value(a), vb = value(b);
        if (va.typeId() == QMetaType::QString) {
            const QString sa = va.toString(), sb = vb.toString();
            if (column == SessionTableModel::Browser || column == SessionTableModel::IpAddress)
                return natural.compare(sa, sb);
            return sa.compare(sb);
        }
        const qint64 ia = va.toLongLong(), ib = vb.toLongLong();
        return ia < ib ? -1 : ia > ib ? 1 : 0;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
        int c = compare(a, b);
        if (order == Qt::DescendingOrder)
            c = -c;
        if (c != 0)
            return c < 0;
        return lastActive(a) > lastActive(b);
    });
    return rows;
}
} // namespace

class TstSessionSortProxy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        SessionGenerator::Options options;
        options.sessions = 3000;
        options.seed = 42;
        m_model = std::make_unique<SessionTableModel>();
        SessionLoader loader(m_model.get());
        QSignalSpy finished(&loader, &SessionLoader::finished);
        loader.startBytes(SessionGenerator(options).toByteArray(), QStringLiteral("generated"));
        QVERIFY(finished.wait(30'000));
        QCOMPARE(m_model->rowCount(), 3000);
    }

    void sortsLikeTheReference_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        for (int column = 0; column < SessionTableModel::ColumnCount; ++column) {
            if (column == SessionTableModel::Location || column == SessionTableModel::Device)
                continue; // composite keys, checked below
            const QByteArray name = QByteArray::number(column);
            QTest::newRow(name + " asc") << column << Qt::AscendingOrder;
            QTest::newRow(name + " desc") << column << Qt::DescendingOrder;
        }
    }
    void sortsLikeTheReference()
    {
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        SessionSortProxy proxy;
        proxy.setSessionModel(m_model.get());
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(column, order);
        const std::vector<int> expected = referenceOrder(*m_model, column, order);
        for (int row = 0; row < proxy.rowCount(); ++row) {
            const int source = proxy.mapToSource(proxy.index(row, 0)).row();
            if (source != expected[std::size_t(row)]) {
                QFAIL(qPrintable(
                    QStringLiteral("row %1: %2 instead of %3 (%4 vs %5)")
                        .arg(row)
                        .arg(source)
                        .arg(expected[std::size_t(row)])
                        .arg(
                            proxy.index(row, column).data().toString(),
                            m_model->index(expected[std::size_t(row)], column).data().toString())));
            }
        }
    }

    void locationSortsByCityThenCountry()
    {
        SessionSortProxy proxy;
        proxy.setSessionModel(m_model.get());
        proxy.sort(SessionTableModel::Location);
        const SessionStore &store = m_model->store();
        for (int row = 1; row < proxy.rowCount(); ++row) {
            const int a = proxy.mapToSource(proxy.index(row - 1, 0)).row();
            const int b = proxy.mapToSource(proxy.index(row, 0)).row();
            const auto ka =
                std::pair(store.text(a, SessionStore::City), store.text(a, SessionStore::Country));
            const auto kb =
                std::pair(store.text(b, SessionStore::City), store.text(b, SessionStore::Country));
            QVERIFY(ka <= kb);
        }
    }

    void unsortedIsLoadOrderAndMapsBothWays()
    {
        SessionSortProxy proxy;
        proxy.setSessionModel(m_model.get());
        proxy.sort(SessionTableModel::User);
        proxy.sort(-1);
        for (int row = 0; row < proxy.rowCount(); row += 97) {
            QCOMPARE(proxy.mapToSource(proxy.index(row, 3)), m_model->index(row, 3));
            QCOMPARE(proxy.mapFromSource(m_model->index(row, 3)), proxy.index(row, 3));
        }
    }

    void pausedSortingKeepsNewRowsAtTheEnd()
    {
        SessionTableModel model;
        SessionSortProxy proxy;
        proxy.setSessionModel(&model);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        SessionBatch first;
        addSession(first, {.id = "sess_b", .lastActiveAt = 2000});
        addSession(first, {.id = "sess_a", .lastActiveAt = 3000});
        model.upsert(first);
        proxy.sort(SessionTableModel::LastActive, Qt::AscendingOrder);
        auto ids = [&] {
            QStringList list;
            for (int row = 0; row < proxy.rowCount(); ++row)
                list.append(proxy.index(row, SessionTableModel::SessionId).data().toString());
            return list;
        };
        QCOMPARE(ids(), QStringList({QStringLiteral("sess_b"), QStringLiteral("sess_a")}));

        QPersistentModelIndex selected = proxy.index(1, 0); // sess_a
        proxy.setSortingPaused(true);
        SessionBatch second;
        addSession(second, {.id = "sess_c", .lastActiveAt = 1000});
        model.upsert(second);
        QCOMPARE(ids(),
                 QStringList({QStringLiteral("sess_b"), QStringLiteral("sess_a"),
                              QStringLiteral("sess_c")}));
        QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
        proxy.setSortingPaused(false);
        QCOMPARE(layout.count(), 1);
        QCOMPARE(ids(),
                 QStringList({QStringLiteral("sess_c"), QStringLiteral("sess_b"),
                              QStringLiteral("sess_a")}));
        QCOMPARE(selected.row(), 2); // persistent indexes follow their rows
    }

    void aChangedSortValueMovesItsRow()
    {
        SessionTableModel model;
        SessionSortProxy proxy;
        proxy.setSessionModel(&model);
        SessionBatch first;
        addSession(first, {.id = "sess_a", .status = "active", .updatedAt = 1});
        addSession(first, {.id = "sess_b", .status = "ended", .updatedAt = 1});
        model.upsert(first);
        proxy.sort(SessionTableModel::Status, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, SessionTableModel::SessionId).data().toString(),
                 QStringLiteral("sess_a"));
        SessionBatch update;
        addSession(update, {.id = "sess_a", .status = "expired", .updatedAt = 2});
        model.upsert(update);
        // expired sorts after ended in the API's order of statuses
        QCOMPARE(proxy.index(0, SessionTableModel::SessionId).data().toString(),
                 QStringLiteral("sess_b"));
    }

private:
    std::unique_ptr<SessionTableModel> m_model;
};

QTEST_GUILESS_MAIN(TstSessionSortProxy)
#include "tst_sessionsortproxy.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "batchbuilder.h"
#include "sessiontablemodel.h"
#include "timeformat.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {
constexpr qint64 Now = 1716883200000 + 5 * 60'000; // five minutes after the fixtures' activity
}

class TstSessionTableModel : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_model = std::make_unique<SessionTableModel>();
        m_model->setClock([] { return Now; });
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_model.reset();
    }

    void oneInsertPerBatch()
    {
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        for (int b = 0; b < 3; ++b) {
            SessionBatch batch;
            for (int i = 0; i < 500; ++i)
                addSession(batch, {.id = sessionId(b * 500 + i)});
            m_model->upsert(batch);
        }
        QCOMPARE(m_model->rowCount(), 1500);
        QCOMPARE(inserted.count(), 3);
        QCOMPARE(inserted.at(1).at(1).toInt(), 500);
        QCOMPARE(inserted.at(1).at(2).toInt(), 999);
        QCOMPARE(reset.count(), 0);
    }

    // Time turns active sessions stale-active once expire_at passes: refreshTimes() flags
    // exactly what a full recompute at that time would, and says so for those rows.
    void staleActiveFollowsTheClock()
    {
        constexpr qint64 Day = 86'400'000;
        constexpr qint64 Active = 1716883200000; // the fixtures' activity; expires 7 days on
        qint64 now = Now;
        m_model->setClock([&now] { return now; });
        SessionBatch batch;
        addSession(batch, {.id = sessionId(0), .lastActiveAt = Active});
        addSession(batch, {.id = sessionId(1), .lastActiveAt = Active + 2 * Day});
        addSession(batch, {.id = sessionId(2), .status = "ended", .lastActiveAt = Active});
        addSession(batch, {.id = sessionId(3), .userId = "user_other", .lastActiveAt = Active});
        m_model->upsert(batch);
        auto stale = [&](int row) {
            return bool(m_model->anomalies().flags(row) & AnomalyRules::StaleActive);
        };
        auto matchesRecompute = [&] {
            AnomalyDetector reference(m_model->anomalies().rules());
            reference.recompute(m_model->store(), now);
            return reference.allFlags() == m_model->anomalies().allFlags();
        };
        QVERIFY(!stale(0) && !stale(1) && !stale(2) && !stale(3));

        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        now = Active + 8 * Day;
        m_model->refreshTimes();
        QVERIFY(stale(0) && !stale(1) && !stale(2) && stale(3));
        QVERIFY(matchesRecompute());
        bool announced = false;
        for (const QList<QVariant> &signal : std::as_const(changed)) {
            const QModelIndex topLeft = signal.at(0).toModelIndex();
            if (topLeft.column() == SessionTableModel::Flags && topLeft.row() == 0)
                announced = signal.at(2).value<QList<int>>().contains(SessionTableModel::FlagsRole);
        }
        QVERIFY(announced);
        QVERIFY(m_model->index(0, SessionTableModel::Flags)
                    .data()
                    .toString()
                    .contains(QLatin1String("Stale active")));

        now = Active + 10 * Day;
        m_model->refreshTimes();
        QVERIFY(stale(0) && stale(1) && !stale(2));
        QVERIFY(matchesRecompute());

        now = Now; // set back: everything again
        m_model->refreshTimes();
        QVERIFY(!stale(0) && !stale(1) && !stale(2) && !stale(3));
        QVERIFY(matchesRecompute());
    }

    // While a load runs, rows are flagged once at its end, and views hear of it.
    void pausedFlagsArriveAtTheEnd()
    {
        m_model->setAnomaliesPaused(true);
        SessionBatch batch;
        addSession(batch, {.id = sessionId(0), .country = "US"});
        addSession(batch, {.id = sessionId(1), .country = "DE"}); // same user, same time: travel
        m_model->upsert(batch);
        QCOMPARE(m_model->rowCount(), 2);
        QCOMPARE(m_model->anomalies().size(), 0);
        QCOMPARE(m_model->index(0, SessionTableModel::Flags).data(SessionTableModel::FlagsRole),
                 QVariant(0));

        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setAnomaliesPaused(false);
        QCOMPARE(m_model->anomalies().size(), 2);
        for (int row = 0; row < 2; ++row) {
            QVERIFY(m_model->anomalies().flags(row) & AnomalyRules::Travel);
            QCOMPARE(m_model->index(row, SessionTableModel::Flags).data().toString(),
                     QStringLiteral("Travel"));
        }
        QCOMPARE(changed.count(), 1); // rows 0–1, one run
        QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(0, SessionTableModel::Flags));
        QCOMPARE(changed.at(0).at(1).toModelIndex(), m_model->index(1, SessionTableModel::Flags));
    }

    void updateIsInPlaceForThatRowOnly()
    {
        SessionBatch first;
        for (int i = 0; i < 10; ++i)
            addSession(first, {.id = sessionId(i), .updatedAt = 100});
        m_model->upsert(first);

        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        SessionBatch second;
        addSession(second, {.id = sessionId(4), .status = "revoked", .updatedAt = 200});
        addSession(second, {.id = sessionId(7), .status = "revoked", .updatedAt = 200});
        addSession(second, {.id = sessionId(8), .status = "revoked", .updatedAt = 200});
        addSession(second, {.id = sessionId(2), .status = "revoked", .updatedAt = 50}); // older
        m_model->upsert(second);

        QCOMPARE(inserted.count(), 0);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 2); // row 4, then rows 7–8 as one run
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 4);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 4);
        QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 7);
        QCOMPARE(changed.at(1).at(1).toModelIndex().row(), 8);
        QCOMPARE(changed.at(1).at(1).toModelIndex().column(), SessionTableModel::ColumnCount - 1);
        QCOMPARE(m_model->index(4, SessionTableModel::Status).data().toString(),
                 QStringLiteral("Revoked"));
        QCOMPARE(m_model->index(2, SessionTableModel::Status).data().toString(),
                 QStringLiteral("Active"));
    }

    void mixedBatchUpdatesAndInserts()
    {
        SessionBatch first;
        addSession(first, {.id = "sess_a", .updatedAt = 1});
        m_model->upsert(first);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        SessionBatch second;
        addSession(second, {.id = "sess_b"});
        addSession(second, {.id = "sess_a", .status = "ended", .updatedAt = 2});
        addSession(second, {.id = "sess_c"});
        m_model->upsert(second);
        QCOMPARE(m_model->rowCount(), 3);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m_model->rowOfSession(QStringLiteral("sess_c")), 2);
        QCOMPARE(m_model->rowOfSession(QStringLiteral("sess_x")), -1);
    }

    void stagedRowsWaitForPublish()
    {
        SessionBatch first;
        addSession(first, {.id = "sess_a", .updatedAt = 1});
        m_model->upsert(first);
        QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        for (int b = 0; b < 3; ++b) {
            SessionBatch batch;
            for (int i = 0; i < 100; ++i)
                addSession(batch, {.id = sessionId(b * 100 + i)});
            m_model->stage(batch);
        }
        SessionBatch update;
        addSession(update, {.id = "sess_a", .status = "revoked", .updatedAt = 2});
        addSession(update, {.id = sessionId(5), .status = "revoked", .updatedAt = 1716883200001});
        m_model->stage(update);
        QCOMPARE(m_model->rowCount(), 1);
        QCOMPARE(m_model->stagedRows(), 300);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(changed.count(), 1); // only the row views already know
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QCOMPARE(m_model->rowOfSession(QString::fromStdString(sessionId(5))), -1);

        m_model->publish();
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 1);
        QCOMPARE(inserted.at(0).at(2).toInt(), 300);
        QCOMPARE(m_model->rowCount(), 301);
        QCOMPARE(m_model->index(6, SessionTableModel::Status).data().toString(),
                 QStringLiteral("Revoked"));
        m_model->publish(); // nothing staged: no signal
        QCOMPARE(inserted.count(), 1);
    }

    void displayTexts()
    {
        SessionBatch batch;
        addSession(batch,
                   {.id = "sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
                    .status = "active",
                    .actorSub = "user_support",
                    .org = "org_2g7np7Hrk0SN6kj5EDMLDaKNL0S"});
        addSession(batch, {.id = "sess_b", .status = "mystery", .activity = false});
        addSession(
            batch,
            {.id = "sess_c", .country = "DE", .city = "", .device = "iPhone", .isMobile = true});
        m_model->upsert(batch);
        auto text = [this](int row, int column) {
            return m_model->index(row, column).data().toString();
        };
        using M = SessionTableModel;
        QCOMPARE(text(0, M::Status), QStringLiteral("Active"));
        QCOMPARE(text(0, M::SessionId), QStringLiteral("sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QCOMPARE(text(0, M::User), QStringLiteral("user_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QCOMPARE(text(0, M::Client), QStringLiteral("client_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QCOMPARE(text(0, M::LastActive), QStringLiteral("5 min ago"));
        QCOMPARE(text(0, M::Created), QStringLiteral("1 h ago"));
        QCOMPARE(text(0, M::Expires), QStringLiteral("in 6 days"));
        QCOMPARE(text(0, M::Browser), QStringLiteral("Chrome 128.0.0.0"));
        QCOMPARE(text(0, M::Device), QStringLiteral("Macintosh"));
        QCOMPARE(text(0, M::IpAddress), QStringLiteral("192.168.1.100"));
        QCOMPARE(text(0, M::Location), QStringLiteral("San Francisco, US"));
        QCOMPARE(text(0, M::ImpersonatedBy), QStringLiteral("user_support"));
        QCOMPARE(text(0, M::Organization), QStringLiteral("org_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QCOMPARE(text(1, M::Status), QStringLiteral("mystery"));
        QCOMPARE(text(1, M::Browser), QString());
        QCOMPARE(text(1, M::ImpersonatedBy), QString());
        QCOMPARE(text(2, M::Location), QStringLiteral("DE"));
        QCOMPARE(text(2, M::Device), QStringLiteral("iPhone"));

        QCOMPARE(m_model->index(0, M::LastActive).data(Qt::ToolTipRole).toString(),
                 TimeFormat::localDateTime(1716883200000));
        QCOMPARE(m_model->index(0, M::LastActive).data(M::SortRole).toLongLong(), 1716883200000);
        QCOMPARE(m_model->index(1, M::Status).data(M::StatusRole).toInt(),
                 int(SessionStatus::Unknown));
        QCOMPARE(m_model->index(1, M::Status).data(M::StatusTextRole).toString(),
                 QStringLiteral("mystery"));
        const auto session = m_model->index(0, M::Browser).data(M::SessionRole).value<Session>();
        QCOMPARE(session.id, QStringLiteral("sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QCOMPARE(session.actorSub, QStringLiteral("user_support"));
        QCOMPARE(m_model->headerData(M::IpAddress, Qt::Horizontal).toString(),
                 QStringLiteral("IP address"));
    }

    void relativeTimes_data()
    {
        QTest::addColumn<qint64>("delta");
        QTest::addColumn<QString>("text");
        QTest::newRow("now") << qint64(0) << QStringLiteral("just now");
        QTest::newRow("59s") << qint64(59'000) << QStringLiteral("just now");
        QTest::newRow("5min") << qint64(5 * 60'000) << QStringLiteral("5 min ago");
        QTest::newRow("3h") << qint64(3 * 3'600'000) << QStringLiteral("3 h ago");
        QTest::newRow("1day") << qint64(86'400'000) << QStringLiteral("1 day ago");
        QTest::newRow("3days") << qint64(3 * 86'400'000LL) << QStringLiteral("3 days ago");
        QTest::newRow("2months") << qint64(61 * 86'400'000LL) << QStringLiteral("2 months ago");
        QTest::newRow("1year") << qint64(400 * 86'400'000LL) << QStringLiteral("1 year ago");
        QTest::newRow("future") << qint64(-3 * 86'400'000LL) << QStringLiteral("in 3 days");
        QTest::newRow("soon") << qint64(-30'000) << QStringLiteral("in under a minute");
    }
    void relativeTimes()
    {
        QFETCH(qint64, delta);
        QFETCH(QString, text);
        QCOMPARE(TimeFormat::relative(Now - delta, Now), text);
    }

    void clockRefreshRepaintsTimeColumnsOnly()
    {
        SessionBatch batch;
        addSession(batch, {.id = "sess_a"});
        m_model->upsert(batch);
        QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
        m_model->setClock([] { return Now + 3'600'000; });
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().column(), SessionTableModel::LastActive);
        QCOMPARE(changed.at(0).at(1).toModelIndex().column(), SessionTableModel::Expires);
        QCOMPARE(m_model->index(0, SessionTableModel::LastActive).data().toString(),
                 QStringLiteral("1 h ago"));
    }

    void clearResets()
    {
        SessionBatch batch;
        addSession(batch, {.id = "sess_a"});
        m_model->upsert(batch);
        QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
        m_model->clear();
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m_model->rowCount(), 0);
    }

private:
    std::unique_ptr<SessionTableModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_GUILESS_MAIN(TstSessionTableModel)
#include "tst_sessiontablemodel.moc"

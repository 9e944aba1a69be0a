// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// The asynchronous load path: batches arrive on the model's thread, in order, and Cancel stops.
#include "sessiongenerator.h"
#include "sessionloader.h"
#include "sessionloadqueue.h"
#include "sessiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QString generate(const QTemporaryDir &dir, qint64 sessions, SessionGenerator::Shape shape)
{
    const QString path = dir.filePath(QStringLiteral("sessions-%1.json").arg(sessions));
    SessionGenerator::Options options;
    options.sessions = sessions;
    options.shape = shape;
    [&] { QVERIFY(SessionGenerator(options).writeFile(path)); }();
    return path;
}
} // namespace

class TstSessionLoader : public QObject
{
    Q_OBJECT

private slots:
    void loadsInBatchesInOrder()
    {
        QTemporaryDir dir;
        const QString path = generate(dir, 20000, SessionGenerator::Shape::Paginated);
        SessionTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        SessionLoader loader(&model);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy finished(&loader, &SessionLoader::finished);
        QVERIFY(loader.start({path}));
        QVERIFY(loader.isRunning());
        QVERIFY(!loader.start({path})); // one load at a time
        QVERIFY(finished.wait(60'000));

        const auto result = finished.at(0).at(0).value<LoadResult>();
        QCOMPARE(result.files.size(), 1);
        QCOMPARE(result.files.at(0).shape, QStringLiteral("paginated"));
        QCOMPARE(result.sessionsRead(), 20000);
        QCOMPARE(result.newSessions + result.duplicates(), 20000);
        QCOMPARE(model.rowCount(), int(result.newSessions));
        QVERIFY(!result.cancelled);
        QVERIFY(inserted.count() >= 2);
        // The first batch is small so rows appear at once.
        QVERIFY(inserted.at(0).at(2).toInt() < 256);
        // Rows are contiguous and in file order across batches.
        int expectedFirst = 0;
        for (const QList<QVariant> &args : std::as_const(inserted)) {
            QCOMPARE(args.at(1).toInt(), expectedFirst);
            expectedFirst = args.at(2).toInt() + 1;
        }
        QCOMPARE(expectedFirst, model.rowCount());
    }

    void cancelStopsEarlyAndKeepsWhatWasRead()
    {
        QTemporaryDir dir;
        const QString path = generate(dir, 300000, SessionGenerator::Shape::Array);
        SessionTableModel model;
        SessionLoader loader(&model);
        QSignalSpy finished(&loader, &SessionLoader::finished);
        loader.start({path});
        QTRY_VERIFY(model.rowCount() > 0);
        loader.cancel();
        QVERIFY(finished.wait(60'000));
        const auto result = finished.at(0).at(0).value<LoadResult>();
        QVERIFY(result.cancelled);
        QVERIFY(result.files.at(0).cancelled);
        QVERIFY2(model.rowCount() < 300000, qPrintable(QString::number(model.rowCount())));
        QCOMPARE(qint64(model.rowCount()), result.newSessions);
        QVERIFY(!loader.isRunning());
    }

    void destroyingMidLoadIsSafe()
    {
        QTemporaryDir dir;
        const QString path = generate(dir, 100000, SessionGenerator::Shape::NdJson);
        SessionTableModel model;
        {
            SessionLoader loader(&model);
            loader.start({path});
            QTRY_VERIFY(model.rowCount() > 0);
        } // the destructor cancels and joins the worker
        QVERIFY(model.rowCount() > 0);
        QCoreApplication::processEvents(); // no queued drain may touch the dead loader
    }

    void loadsInMemoryBytes()
    {
        SessionGenerator::Options options;
        options.sessions = 50;
        options.shape = SessionGenerator::Shape::SdkCamelCase;
        SessionTableModel model;
        SessionLoader loader(&model);
        QSignalSpy finished(&loader, &SessionLoader::finished);
        loader.startBytes(SessionGenerator(options).toByteArray(), QStringLiteral("memory"));
        QVERIFY(finished.wait(10'000));
        const auto result = finished.at(0).at(0).value<LoadResult>();
        QCOMPARE(result.files.at(0).path, QStringLiteral("memory"));
        QCOMPARE(result.files.at(0).shape, QStringLiteral("sdk-paginated"));
        QCOMPARE(result.files.at(0).casing, QStringLiteral("camelCase"));
        QCOMPARE(model.rowCount(), 50);
    }

    void webhookUsersAreHandedOn()
    {
        // Three events of two users (Jane twice, her second event newer): one batch, whose users
        // come out once each, Jane's newer data winning, before the rows are staged.
        SessionTableModel model;
        SessionLoader loader(&model);
        QSignalSpy users(&loader, &SessionLoader::usersRead);
        QSignalSpy finished(&loader, &SessionLoader::finished);
        int rowsWhenUsersCame = -1;
        connect(&loader, &SessionLoader::usersRead, this,
                [&] { rowsWhenUsersCame = model.rowCount() + model.stagedRows(); });
        QVERIFY(
            loader.start({QStringLiteral(SESSIONDESK_TEST_DATA "/shapes/events-users.ndjson")}));
        QVERIFY(finished.wait(10'000));
        const auto result = finished.at(0).at(0).value<LoadResult>();
        QCOMPARE(result.sessionsRead(), 3);
        QCOMPARE(model.rowCount(), 2); // Jane's session ended: one row, updated
        QCOMPARE(users.count(), 1);
        QCOMPARE(rowsWhenUsersCame, 0);
        const auto read = users.at(0).at(0).value<QList<UserSummary>>();
        QCOMPARE(read.size(), 2);
        QCOMPARE(read.at(0).id, u"user_2h3JaNeD0eQw9ZxLmNbVcXdEfG1"_s);
        QCOMPARE(read.at(0).lastName, u"Roe"_s);
        QCOMPARE(read.at(0).primaryEmail, u"jane.roe@home.example"_s);
        QCOMPARE(read.at(0).lastActiveAt, 1716940800000LL);
        QCOMPARE(read.at(1).id, u"user_2h3BoBbYt3kQw9ZxLmNbVcXdEfG"_s);
        QCOMPARE(read.at(1).primaryEmail, u"bob@new.example"_s);
        QVERIFY(read.at(1).banned);

        // A plain API export carries no users: nothing is emitted.
        users.clear();
        finished.clear();
        QVERIFY(loader.start({QStringLiteral(SESSIONDESK_TEST_DATA "/shapes/paginated.json")}));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.at(0).at(0).value<LoadResult>().sessionsRead(), 4);
        QCOMPARE(users.count(), 0);
    }

    void queueForwardsUsers()
    {
        SessionTableModel model;
        SessionLoadQueue queue(&model);
        QSignalSpy users(&queue, &SessionLoadQueue::usersRead);
        QSignalSpy finished(&queue, &SessionLoadQueue::finished);
        queue.open({QStringLiteral(SESSIONDESK_TEST_DATA "/shapes/events-users.ndjson")});
        QVERIFY(finished.wait(10'000));
        QCOMPARE(users.count(), 1);
        QCOMPARE(users.at(0).at(0).value<QList<UserSummary>>().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TstSessionLoader)
#include "tst_sessionloader.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// The asynchronous load path: batches arrive on the model's thread, in order, and Cancel stops.
#include "sessiongenerator.h"
#include "sessionloader.h"
#include "sessiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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
};

QTEST_GUILESS_MAIN(TstSessionLoader)
#include "tst_sessionloader.moc"

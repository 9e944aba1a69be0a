// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Drives the real MainWindow on the offscreen platform: menus, drops, status bar, banner.
#include "loadreportdialog.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "sessiongenerator.h"
#include "sessionloader.h"
#include "sessionloadqueue.h"
#include "sessiontablemodel.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString fixture(const char *name)
{
    return QStringLiteral(SESSIONDESK_TEST_DATA "/gui/") + QLatin1StringView(name);
}

// A file big enough that its load is still running when the test acts.
QString bigFile(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("big.json"));
    SessionGenerator::Options options;
    options.sessions = 200000;
    [&] { QVERIFY(SessionGenerator(options).writeFile(path)); }();
    return path;
}
} // namespace

class TstMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_window = std::make_unique<MainWindow>();
        m_window->model()->setClock([] { return qint64(1716883200000) + 5 * 60'000; });
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup() { m_window.reset(); }

    void opensThroughTheMenuAction()
    {
        m_window->setFileChooser(
            [](QWidget *) { return QStringList{fixture("three-sessions.json")}; });
        triggerAction("actionOpen");
        QTRY_COMPARE(m_window->view()->model()->rowCount(), 3);
        QTRY_VERIFY(!m_window->loader()->isRunning());

        const QAbstractItemModel *shown = m_window->view()->model();
        QCOMPARE(shown->index(0, SessionTableModel::SessionId).data().toString(),
                 QStringLiteral("sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
        QCOMPARE(shown->index(0, SessionTableModel::LastActive).data().toString(),
                 QStringLiteral("5 min ago"));
        QCOMPARE(shown->index(1, SessionTableModel::Location).data().toString(),
                 QStringLiteral("Berlin, DE"));
        QCOMPARE(shown->index(1, SessionTableModel::ImpersonatedBy).data().toString(),
                 QStringLiteral("user_2supportAgent000000000000"));
        QCOMPARE(shown->index(2, SessionTableModel::Status).data().toString(),
                 QStringLiteral("Pending"));
        QCOMPARE(label("rowCountLabel")->text(), QStringLiteral("3 sessions"));
        QVERIFY(label("loadLabel")->text().startsWith(QStringLiteral("Loaded in ")));
        QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("three-sessions.json")));
    }

    void openReplacesAndAddAppends()
    {
        m_window->openFiles({fixture("three-sessions.json")});
        QTRY_VERIFY(!m_window->loader()->isRunning());
        m_window->setFileChooser(
            [](QWidget *) { return QStringList{fixture("one-bad-record.json")}; });
        triggerAction("actionAddFiles");
        QTRY_VERIFY(!m_window->loader()->isRunning());
        QTRY_COMPARE(m_window->model()->rowCount(), 5);
        triggerAction("actionOpen");
        QTRY_VERIFY(!m_window->loader()->isRunning());
        QTRY_COMPARE(m_window->model()->rowCount(), 2);
    }

    void addWhileLoadingWaitsItsTurn()
    {
        QTemporaryDir dir;
        const QString big = bigFile(dir);
        m_window->openFiles({big});
        m_window->addFiles({fixture("three-sessions.json")});
        QVERIFY(m_window->loadQueue()->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->loadQueue()->isBusy(), 60'000);
        QCOMPARE(m_window->model()->rowCount(), 200003);
        QCOMPARE(m_window->loadQueue()->sinceOpen().files.size(), 2);
        QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("big.json (+1)")));
    }

    void openDuringALoadReplacesIt()
    {
        QTemporaryDir dir;
        const QString big = bigFile(dir);
        m_window->openFiles({big});
        m_window->openFiles({fixture("three-sessions.json")});
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->loadQueue()->isBusy(), 60'000);
        QCOMPARE(m_window->model()->rowCount(), 3);
        QCOMPARE(m_window->loadQueue()->sinceOpen().files.size(), 1);
    }

    void skippedRecordsStayListedAfterAdd()
    {
        m_window->openFiles({fixture("one-bad-record.json")});
        m_window->addFiles({fixture("three-sessions.json")});
        QTRY_VERIFY(!m_window->loadQueue()->isBusy());
        QCOMPARE(m_window->model()->rowCount(), 5);
        QVERIFY(label("loadLabel")->text().contains(QStringLiteral(">1 skipped<")));
        m_window->openFiles({fixture("three-sessions.json")});
        QTRY_VERIFY(!m_window->loadQueue()->isBusy());
        QVERIFY(!label("loadLabel")->text().contains(QStringLiteral("skipped")));
    }

    void headerClickSorts()
    {
        m_window->openFiles({fixture("three-sessions.json")});
        QTRY_VERIFY(!m_window->loadQueue()->isBusy());
        QHeaderView *header = m_window->view()->horizontalHeader();
        const int x = header->sectionViewportPosition(SessionTableModel::Location) + 10;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        const QAbstractItemModel *shown = m_window->view()->model();
        const Qt::SortOrder order = header->sortIndicatorOrder();
        QCOMPARE(header->sortIndicatorSection(), int(SessionTableModel::Location));
        QStringList column;
        for (int row = 0; row < shown->rowCount(); ++row)
            column.append(shown->index(row, SessionTableModel::Location).data().toString());
        QStringList ascending{QString(), QStringLiteral("Berlin, DE"),
                              QStringLiteral("San Francisco, US")}; // no activity sorts first
        if (order == Qt::DescendingOrder)
            std::reverse(ascending.begin(), ascending.end());
        QCOMPARE(column, ascending);
    }

    void sortsByColumn()
    {
        m_window->openFiles({fixture("three-sessions.json")});
        QTRY_VERIFY(!m_window->loader()->isRunning());
        m_window->view()->sortByColumn(SessionTableModel::LastActive, Qt::AscendingOrder);
        const QAbstractItemModel *shown = m_window->view()->model();
        QCOMPARE(shown->index(0, SessionTableModel::SessionId).data().toString(),
                 QStringLiteral("sess_2h8oq8Isl1TO7lk6FENMEbLOM1T"));
        QCOMPARE(shown->index(2, SessionTableModel::SessionId).data().toString(),
                 QStringLiteral("sess_2g7np7Hrk0SN6kj5EDMLDaKNL0S"));
    }

    void skippedRecordsAreLinkedFromTheStatusBar()
    {
        m_window->openFiles({fixture("one-bad-record.json")});
        QTRY_VERIFY(!m_window->loader()->isRunning());
        QCOMPARE(m_window->model()->rowCount(), 2);
        const QString text = label("loadLabel")->text();
        QVERIFY2(text.contains(QStringLiteral("<a href=\"details\">1 skipped</a>")),
                 qPrintable(text));
        emit label("loadLabel")->linkActivated(QStringLiteral("details"));
        auto *dialog = m_window->findChild<LoadReportDialog *>(QStringLiteral("loadReportDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->problemCount(), 1);
        QVERIFY2(dialog->toPlainText().startsWith(QStringLiteral("one-bad-record.json\t1\t")),
                 qPrintable(dialog->toPlainText()));
        QVERIFY(dialog->toPlainText().contains(QStringLiteral("user_id")));
    }

    void syntaxErrorShowsABanner()
    {
        m_window->openFiles({fixture("syntax-error.json")});
        QTRY_VERIFY(!m_window->loader()->isRunning());
        auto *banner = m_window->findChild<MessageBanner *>(QStringLiteral("messageBanner"));
        QVERIFY(banner);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QStringLiteral("syntax-error.json:3:")),
                 qPrintable(banner->text()));
        QVERIFY(banner->text().contains(QStringLiteral("expected")));
    }

    void dropAddsFiles()
    {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(fixture("three-sessions.json"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        QTRY_COMPARE(m_window->model()->rowCount(), 3);
    }

    void sampleOpensByDefault()
    {
        triggerAction("actionOpenSample");
        QTRY_VERIFY(!m_window->loader()->isRunning());
        QVERIFY(m_window->model()->rowCount() >= 100);
        QVERIFY(!m_window->findChild<MessageBanner *>()->isVisible());
    }

private:
    void triggerAction(const char *name)
    {
        auto *action = m_window->findChild<QAction *>(QLatin1StringView(name));
        QVERIFY2(action, name);
        QVERIFY2(action->isEnabled(), name);
        action->trigger();
    }
    QLabel *label(const char *name)
    {
        auto *found = m_window->findChild<QLabel *>(QLatin1StringView(name));
        [&] { QVERIFY2(found, name); }();
        return found;
    }

    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TstMainWindow)
#include "tst_mainwindow.moc"

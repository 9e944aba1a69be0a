// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// The filter bar in the real MainWindow: typing a query filters the table (checked against
// SessionFilter's reference matcher), the status bar says "N of M sessions", an invalid query
// says why and keeps the last result, status toggles, Ctrl+F, saved views, and the export.
#include "filterbar.h"
#include "mainwindow.h"
#include "savedviews.h"
#include "sessionfilereader.h"
#include "sessionfilter.h"
#include "sessionloadqueue.h"
#include "sessionsortproxy.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"
#include "viewsmenu.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

class TstFilterBar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void init()
    {
        QSettings().clear();
        m_window = std::make_unique<MainWindow>();
        m_window->filterBar()->setClock([] { return Now; });
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->openSample();
        QTRY_VERIFY(!m_window->loadQueue()->isBusy());
        QCOMPARE(m_window->model()->rowCount(), 400);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_window->view()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_window.reset();
    }

    void typingAQueryFilters()
    {
        QLineEdit *edit = filterEdit();
        triggerAction("actionFilter"); // Ctrl+F
        QTRY_VERIFY(edit->hasFocus());
        const QString query = QStringLiteral("status:active,pending -device:iphone");
        QTest::keyClicks(edit, query);
        const int expected = referenceCount(query);
        QVERIFY(expected > 0 && expected < 400);
        QTRY_COMPARE(m_window->view()->model()->rowCount(), expected);
        QCOMPARE(rowCountLabel(), QStringLiteral("%1 of 400 sessions").arg(expected));
        // Every row shown matches, by the reference.
        const SessionFilter filter = *SessionFilter::parse(query, Now);
        QAbstractItemModel *shown = m_window->view()->model();
        for (int row = 0; row < shown->rowCount(); ++row) {
            const Session session =
                shown->index(row, 0).data(SessionTableModel::SessionRole).value<Session>();
            QVERIFY(filter.matches(session));
        }

        // Cleared: everything again.
        edit->clear();
        QTRY_COMPARE(m_window->view()->model()->rowCount(), 400);
        QCOMPARE(rowCountLabel(), QStringLiteral("400 sessions"));
    }

    void invalidQueryKeepsTheLastResult()
    {
        QLineEdit *edit = filterEdit();
        QTest::keyClicks(edit, QStringLiteral("country:DE"));
        const int expected = referenceCount(QStringLiteral("country:DE"));
        QTRY_COMPARE(m_window->view()->model()->rowCount(), expected);
        QTest::keyClicks(edit, QStringLiteral(" contry:CH"));
        QTRY_VERIFY(!m_window->filterBar()->errorText().isEmpty());
        QCOMPARE(m_window->filterBar()->errorText(),
                 QStringLiteral("unknown field \"contry\"; did you mean country?"));
        QCOMPARE(edit->toolTip(),
                 QStringLiteral("Not applied: unknown field \"contry\"; did you mean country?"));
        QTest::qWait(2 * FilterBar::DebounceMs);
        QCOMPARE(m_window->view()->model()->rowCount(), expected); // the last valid result
        // Fixed: applied, and the complaint goes.
        for (int i = 0; i < 8; ++i) // back to "country:DE c"
            QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, QStringLiteral("ountry:DE,CH"));
        QTRY_VERIFY(m_window->filterBar()->errorText().isEmpty());
        QCOMPARE(m_window->filterBar()->filter().query(),
                 QStringLiteral("country:DE country:DE,CH"));
        QCOMPARE(m_window->view()->model()->rowCount(),
                 referenceCount(QStringLiteral("country:DE country:DE,CH")));
        QVERIFY(edit->toolTip().isEmpty());
    }

    void statusTogglesAndCounts()
    {
        auto *active = m_window->findChild<QToolButton *>(QStringLiteral("statusToggle_active"));
        QVERIFY(active);
        const int activeCount = referenceCount(QStringLiteral("status:active"));
        QCOMPARE(active->text(), QStringLiteral("Active %1").arg(activeCount));
        QTest::mouseClick(active, Qt::LeftButton); // hide the active ones
        QTRY_COMPARE(m_window->view()->model()->rowCount(), 400 - activeCount);
        QCOMPARE(active->text(), QStringLiteral("Active %1").arg(activeCount)); // still counted
        QTest::keyClicks(filterEdit(), QStringLiteral("country:DE"));
        QTRY_COMPARE(active->text(),
                     QStringLiteral("Active %1")
                         .arg(referenceCount(QStringLiteral("status:active country:DE"))));
        QTRY_COMPARE(m_window->view()->model()->rowCount(),
                     referenceCount(QStringLiteral("country:DE -status:active")));
    }

    void selectionSurvivesAFilterThatKeepsIt()
    {
        QTableView *view = m_window->view();
        const QString query = QStringLiteral("status:active");
        // Select a row that will still match.
        int row = 0;
        while (view->model()->index(row, SessionTableModel::Status).data().toString() !=
               QStringLiteral("Active"))
            ++row;
        view->selectRow(row);
        const QString id =
            view->model()->index(row, SessionTableModel::SessionId).data().toString();
        m_window->filterBar()->setQuery(query);
        QCOMPARE(view->model()->rowCount(), referenceCount(query));
        const QModelIndexList selected = view->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().siblingAtColumn(SessionTableModel::SessionId).data().toString(),
                 id);
    }

    void savedViewRoundTrip()
    {
        m_window->filterBar()->setQuery(QStringLiteral("browser:chrome"));
        m_window->view()->sortByColumn(SessionTableModel::Location, Qt::DescendingOrder);
        m_window->view()->horizontalHeader()->setSectionHidden(SessionTableModel::Client, true);
        m_window->viewsMenu()->setNameAsker(
            [](QWidget *, const QString &) { return QStringLiteral("Chrome users"); });
        triggerAction("actionSaveView");
        QSettings settings;
        QCOMPARE(SavedViews::load(settings).size(), 1);

        // Another window (another run) shows the view in its menu and applies it.
        m_tester.reset();
        m_window = std::make_unique<MainWindow>();
        m_window->openSample();
        QTRY_VERIFY(!m_window->loadQueue()->isBusy());
        QCOMPARE(m_window->view()->model()->rowCount(), 400);
        triggerAction("view:Chrome users");
        QCOMPARE(m_window->filterBar()->query(), QStringLiteral("browser:chrome"));
        QCOMPARE(m_window->view()->model()->rowCount(),
                 referenceCount(QStringLiteral("browser:chrome")));
        QCOMPARE(m_window->proxy()->sortColumn(), int(SessionTableModel::Location));
        QCOMPARE(m_window->proxy()->sortOrder(), Qt::DescendingOrder);
        QVERIFY(m_window->view()->horizontalHeader()->isSectionHidden(SessionTableModel::Client));
    }

    void exportWritesWhatIsShown()
    {
        m_window->filterBar()->setQuery(QStringLiteral("country:DE"));
        const int expected = referenceCount(QStringLiteral("country:DE"));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("german.json"));
        m_window->setExportChooser([&](QWidget *) { return path; });
        triggerAction("actionExport");
        SessionStore back;
        SessionFileReader reader([&](std::unique_ptr<SessionBatch> batch) { back.upsert(*batch); });
        const FileReport report = reader.readFile(path);
        QVERIFY2(!report.failed(), qPrintable(report.errorText()));
        QCOMPARE(back.size(), expected);
        QAbstractItemModel *shown = m_window->view()->model();
        for (int row = 0; row < expected; ++row)
            QCOMPARE(QString::fromUtf8(back.id(row)),
                     shown->index(row, SessionTableModel::SessionId).data().toString());
    }

private:
    static constexpr qint64 Now = 1795651200000; // the sample's "now"

    QLineEdit *filterEdit() const
    {
        return m_window->findChild<QLineEdit *>(QStringLiteral("filterEdit"));
    }
    QString rowCountLabel() const
    {
        return m_window->findChild<QLabel *>(QStringLiteral("rowCountLabel"))->text();
    }
    void triggerAction(const char *name)
    {
        auto *action = m_window->findChild<QAction *>(QLatin1StringView(name));
        QVERIFY2(action, name);
        QVERIFY2(action->isEnabled(), name);
        action->trigger();
    }
    // How many of the table's sessions the reference matcher says match `query`.
    int referenceCount(const QString &query) const
    {
        FilterError error;
        const std::optional<SessionFilter> filter = SessionFilter::parse(query, Now, &error);
        [&] { QVERIFY2(filter, qPrintable(error.message)); }();
        const SessionStore &store = m_window->model()->store();
        int count = 0;
        for (int row = 0; row < store.size(); ++row)
            count += filter->matches(store.session(row)) ? 1 : 0;
        return count;
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TstFilterBar)
#include "tst_filterbar.moc"

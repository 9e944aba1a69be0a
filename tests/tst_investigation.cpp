// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// The investigation docks in the real MainWindow: selecting a row fills the inspector and the
// user's timeline, a click on the timeline selects that session, several rows show a summary,
// flags show in the table and filter with flag:, the insights count the filtered set and a click
// on a bar filters to it; connected to the mock, the User column and the inspector show the
// user's email, looked up in batches of at most 100 ids.
#include "anomalyrules.h"
#include "anomalyrulesdialog.h"
#include "clerkconnection.h"
#include "clerkmockserver.h"
#include "filterbar.h"
#include "insightspanel.h"
#include "investigationdocks.h"
#include "mainwindow.h"
#include "sessionfilter.h"
#include "sessioninspector.h"
#include "sessionloadqueue.h"
#include "sessionsortproxy.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"
#include "usercache.h"
#include "usertimeline.h"
#include "usertimelineview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TstInvestigation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        qunsetenv("CLERK_SECRET_KEY");
        qunsetenv("CLERK_API_URL");
    }

    void init()
    {
        QSettings().clear();
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_window->view()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    }
    void cleanup()
    {
        m_tester.reset();
        m_window.reset();
    }

    void selectingARowFillsTheInspector()
    {
        openSample();
        QVERIFY(m_window->docks()->inspectorDock()->isVisible());
        QCOMPARE(label("inspectorEmpty")->isVisible(), true);

        clickRow(5);
        const Session session = shownSession(5);
        QTRY_COMPARE(label("sessionIdValue")->text(), session.id);
        QCOMPARE(label("userIdValue")->text(), session.userId);
        QCOMPARE(label("clientIdValue")->text(), session.clientId);
        QCOMPARE(label("statusBadge")->text(),
                 SessionInspector::statusBadgeText(session.status, session.statusText));
        QCOMPARE(label("statusMeaning")->text(),
                 SessionInspector::statusMeaning(session.status, session.statusText));
        QCOMPARE(m_window->docks()->inspector()->session()->id, session.id);

        // Another row: the inspector follows.
        clickRow(9);
        QTRY_COMPARE(label("sessionIdValue")->text(), shownSession(9).id);
    }

    void severalRowsShowASummary()
    {
        openSample();
        clickRow(2);
        clickRow(3, Qt::ControlModifier);
        clickRow(7, Qt::ControlModifier);
        SessionInspector *inspector = m_window->docks()->inspector();
        QTRY_COMPARE(inspector->selectedCount(), 3);
        QVERIFY(!inspector->session());
        QVERIFY(label("summaryTitle")->isVisible());
        QVERIFY(label("summaryTitle")->text().contains(QLatin1String("3")));

        // Ctrl+A on all 400: counted from the selection's ranges.
        m_window->view()->selectAll();
        QTRY_COMPARE(inspector->selectedCount(), 400);
    }

    void timelineShowsTheUsersSessionsAndSelectsOnClick()
    {
        openSample();
        // A row whose user has several sessions.
        const SessionStore &store = m_window->model()->store();
        int row = -1;
        QString userId;
        for (int shown = 0; shown < proxy()->rowCount() && row < 0; ++shown) {
            const QString user = shownSession(shown).userId;
            if (UserTimeline::bars(store, user).size() >= 3) {
                row = shown;
                userId = user;
            }
        }
        QVERIFY(row >= 0);
        clickRow(row);
        UserTimelineView *timeline = m_window->docks()->timeline();
        QTRY_COMPARE(timeline->bars(), UserTimeline::bars(store, userId));
        QCOMPARE(timeline->selectedSession(), shownSession(row).id);

        // Click another of the user's sessions on the timeline: the table selects it.
        QString other;
        for (const UserTimeline::Bar &bar : timeline->bars()) {
            if (bar.sessionId != shownSession(row).id) {
                other = bar.sessionId;
                break;
            }
        }
        timeline->fitToBars();
        const QRectF rect = timeline->barRect(other);
        QVERIFY(!rect.isEmpty());
        QTest::mouseClick(timeline, Qt::LeftButton, {}, rect.center().toPoint());
        QTRY_COMPARE(currentSessionId(), other);
        QTRY_COMPARE(label("sessionIdValue")->text(), other);
        QCOMPARE(timeline->selectedSession(), other);

        // A session the filter hides cannot be selected: the status bar says so.
        m_window->filterBar()->setQuery(QStringLiteral("session:") + shownSession(row).id);
        QTRY_COMPARE(proxy()->rowCount(), 1);
        QVERIFY(!m_window->docks()->selectSession(other));
        QCOMPARE(m_window->statusBar()->currentMessage(),
                 QStringLiteral("Session %1 is hidden by the filter.").arg(other));
    }

    void flagsShowInTheTableAndFilter()
    {
        openSample();
        const AnomalyDetector &anomalies = m_window->model()->anomalies();
        QCOMPARE(anomalies.size(), 400);
        const auto counts = anomalies.counts();
        int flaggedRow = -1;
        for (int row = 0; row < 400 && flaggedRow < 0; ++row) {
            if (anomalies.flags(row))
                flaggedRow = row;
        }
        QVERIFY2(flaggedRow >= 0, "the sample has flagged sessions");
        const quint8 flags = anomalies.flags(flaggedRow);
        const QModelIndex cell = m_window->model()->index(flaggedRow, SessionTableModel::Flags);
        QCOMPARE(cell.data().toString(), AnomalyRules::labels(flags).join(QStringLiteral(", ")));
        QCOMPARE(cell.data(SessionTableModel::FlagsRole).toInt(), int(flags));

        // The inspector shows the same flags.
        m_window->filterBar()->setQuery(QStringLiteral("session:") +
                                        m_window->model()->session(flaggedRow).id);
        QTRY_COMPARE(proxy()->rowCount(), 1);
        clickRow(0);
        QTRY_COMPARE(m_window->docks()->inspector()->flags(), flags);
        QVERIFY(label("flagBadges")->isVisible());

        // flag: filters to exactly the flagged rows.
        for (int i = 0; i < AnomalyRules::FlagCount; ++i) {
            const AnomalyRules::Flag flag = AnomalyRules::Flags[std::size_t(i)];
            m_window->filterBar()->setQuery(QStringLiteral("flag:") + AnomalyRules::name(flag));
            QTRY_COMPARE(proxy()->rowCount(), counts[std::size_t(i)]);
        }
        m_window->filterBar()->setQuery(QStringLiteral("-flag:*"));
        int unflagged = 0;
        for (int row = 0; row < 400; ++row)
            unflagged += anomalies.flags(row) == 0;
        QTRY_COMPARE(proxy()->rowCount(), unflagged);
    }

    void anomalyRulesAreSetAndKept()
    {
        openSample();
        const AnomalyDetector &anomalies = m_window->model()->anomalies();
        const int concurrent = anomalies.counts()[1];
        m_window->filterBar()->setQuery(QStringLiteral("flag:concurrent"));
        QTRY_COMPARE(proxy()->rowCount(), concurrent);

        // A limit of 1: any overlap of two sessions is concurrent.
        m_window->setRulesAnswer([](AnomalyRulesDialog *dialog) {
            dialog->findChild<QSpinBox *>(QStringLiteral("concurrentLimit"))->setValue(1);
            dialog->findChild<QSpinBox *>(QStringLiteral("travelWindowHours"))->setValue(48);
            return true;
        });
        triggerAction("actionAnomalyRules");
        QCOMPARE(anomalies.rules().concurrentLimit, 1);
        QCOMPARE(anomalies.rules().travelWindowMs, 48 * 3'600'000LL);
        const int more = anomalies.counts()[1];
        QVERIFY2(more > concurrent,
                 qPrintable(QStringLiteral("%1 vs %2").arg(more).arg(concurrent)));
        QTRY_COMPARE(proxy()->rowCount(), more); // the filter follows the new flags
        AnomalyDetector reference(anomalies.rules());
        reference.recompute(m_window->model()->store(), m_window->model()->now());
        QCOMPARE(anomalies.allFlags(), reference.allFlags());

        // Kept for the next start (and for --summary).
        QCOMPARE(AnomalyRules::fromSettings(), anomalies.rules());
        MainWindow next;
        QCOMPARE(next.model()->anomalies().rules(), anomalies.rules());

        // Cancel changes nothing.
        m_window->setRulesAnswer([](AnomalyRulesDialog *dialog) {
            dialog->findChild<QSpinBox *>(QStringLiteral("concurrentLimit"))->setValue(7);
            return false;
        });
        triggerAction("actionAnomalyRules");
        QCOMPARE(anomalies.rules().concurrentLimit, 1);
    }

    void insightsCountTheFilteredSetAndFilterOnClick()
    {
        openSample();
        m_window->docks()->insightsDock()->raise();
        InsightsPanel *insights = m_window->docks()->insights();
        QTRY_VERIFY(insights->isVisible());
        QTRY_COMPARE(insights->data().total, 400);
        QVERIFY(!insights->isBusy());

        m_window->filterBar()->setQuery(QStringLiteral("status:active"));
        const int active = proxy()->rowCount();
        QTRY_COMPARE(insights->data().total, active);
        QCOMPARE(insights->data(),
                 InsightsData::count(m_window->model()->store(), proxy()->shownSourceRows()));

        // The first country bar adds its term to the query.
        const InsightsData::Bucket country =
            insights->data().buckets[InsightsData::Country].front();
        QVERIFY(!country.filter.isEmpty());
        QVERIFY(insights->activateBucket(InsightsPanel::CountryChart, 0));
        QTRY_COMPARE(m_window->filterBar()->query(),
                     QStringLiteral("status:active ") + country.filter);
        QTRY_COMPARE(proxy()->rowCount(), country.count);
        QTRY_COMPARE(insights->data().total, country.count);
    }

    void webhookUsersShowOffline()
    {
        m_window->openFiles({QStringLiteral(SESSIONDESK_TEST_DATA "/shapes/events-users.ndjson")});
        QTRY_VERIFY(!m_window->loadQueue()->isBusy());
        QVERIFY(m_window->model()->rowCount() > 0);
        UserCache *users = m_window->docks()->users();
        QCOMPARE(users->size(), 2);
        for (int row = 0; row < proxy()->rowCount(); ++row) {
            const QString userId = shownSession(row).userId;
            const auto user = users->user(userId);
            QVERIFY(user.has_value());
            QCOMPARE(proxy()->index(row, SessionTableModel::User).data().toString(),
                     user->primaryEmail);
        }
        clickRow(0);
        const auto user = users->user(shownSession(0).userId);
        QTRY_COMPARE(label("userEmailValue")->text(), user->primaryEmail);
        QCOMPARE(label("userNameValue")->text(), user->displayName());
    }

    void connectedUsersShowTheirEmailInBatches()
    {
        MockInstance::Options data;
        data.seed = 9;
        data.sessions = 600;
        ClerkMockServer::Options options;
        options.seed = 9;
        options.rateLimit = 0;
        ClerkMockServer server(std::make_unique<MockInstance>(data), options);
        QVERIFY(server.listen() != 0);
        ClerkConfig config;
        config.setSecretKey(server.secretKey());
        config.setApiUrl(server.url().toString());
        m_window->connectToClerk(config);
        QTRY_COMPARE(m_window->connection()->state(), ClerkConnection::State::Connected);

        // A client's sessions: a handful of users.
        const MockInstance &instance = server.instance();
        const QString userId = instance.session(0).userId;
        ClerkClient::SessionQuery query;
        query.userId = userId;
        m_window->fetchSessions(query, userId);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->loadQueue()->isBusy(), 20'000);
        QVERIFY(proxy()->rowCount() > 0);
        const int before = server.requestCount();

        clickRow(0);
        UserCache *users = m_window->docks()->users();
        QTRY_VERIFY(users->user(userId).has_value());
        const UserSummary user = *users->user(userId);
        QVERIFY(!user.primaryEmail.isEmpty());
        QTRY_COMPARE(label("userEmailValue")->text(), user.primaryEmail);
        QCOMPARE(proxy()->index(0, SessionTableModel::User).data().toString(), user.primaryEmail);
        // One user in view: one request, whatever the rows.
        QTest::qWait(300);
        QCOMPARE(server.requestCount() - before, 1);
    }

private:
    void openSample()
    {
        m_window->openSample();
        QTRY_VERIFY(!m_window->loadQueue()->isBusy());
        QCOMPARE(m_window->model()->rowCount(), 400);
    }
    SessionSortProxy *proxy() const { return m_window->proxy(); }
    Session shownSession(int row) const
    {
        return proxy()->index(row, 0).data(SessionTableModel::SessionRole).value<Session>();
    }
    QString currentSessionId() const
    {
        const QModelIndex current = m_window->view()->selectionModel()->currentIndex();
        return current.data(SessionTableModel::SessionRole).value<Session>().id;
    }
    void clickRow(int row, Qt::KeyboardModifiers modifiers = {})
    {
        QTableView *view = m_window->view();
        const QModelIndex index = proxy()->index(row, SessionTableModel::SessionId);
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, modifiers,
                          view->visualRect(index).center());
    }
    void triggerAction(const char *name)
    {
        auto *action = m_window->findChild<QAction *>(QLatin1StringView(name));
        QVERIFY2(action, name);
        QVERIFY2(action->isEnabled(), name);
        action->trigger();
    }
    QLabel *label(const char *name) const
    {
        auto *found = m_window->findChild<QLabel *>(QLatin1StringView(name));
        if (!found)
            qWarning("no label %s", name);
        return found;
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QTEST_MAIN(TstInvestigation)
#include "tst_investigation.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
// Revocation through the real MainWindow against the in-process mock: the Del key on the table,
// the inspector's Revoke button, the Sessions menu and the table's context menu, with the
// confirmation answered by the controller's test hook and the audit log in a temporary file.
#include "auditlog.h"
#include "clerkconnection.h"
#include "clerkmockserver.h"
#include "investigationdocks.h"
#include "mainwindow.h"
#include "revocationrun.h"
#include "revokeconfirmdialog.h"
#include "revokecontroller.h"
#include "revokeprogressdialog.h"
#include "sessioninspector.h"
#include "sessionloadqueue.h"
#include "sessionsortproxy.h"
#include "sessionstore.h"
#include "sessiontablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <memory>

class TstRevokeWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
        qunsetenv("CLERK_SECRET_KEY");
        qunsetenv("CLERK_API_URL");
        MockInstance::Options data;
        data.seed = 77;
        data.sessions = 300;
        data.bulkUsers = {40};
        ClerkMockServer::Options options;
        options.seed = 77;
        options.rateLimit = 0;
        m_server = std::make_unique<ClerkMockServer>(std::make_unique<MockInstance>(data), options);
        QVERIFY(m_server->listen() != 0);
    }

    void init()
    {
        m_server->setLatency(0);
        m_log = std::make_unique<AuditLog>(m_dir.filePath(
            QStringLiteral("audit-%1.jsonl").arg(QLatin1StringView(QTest::currentTestFunction()))));
        m_window = std::make_unique<MainWindow>();
        m_window->revokeController()->setAuditLog(m_log.get());
        m_window->revokeController()->setConfirmAnswer(
            [this](RevokeConfirmDialog *dialog) -> std::optional<QString> {
                ++m_confirmations;
                if (auto *users = dialog->findChild<QTreeWidget *>(QStringLiteral("usersList"));
                    users && users->topLevelItemCount() > 0)
                    m_whose = users->topLevelItem(0)->text(0);
                dialog->setTypedCount(QString::number(dialog->plan().toRevoke.size()));
                return QStringLiteral("ticket-7");
            });
        m_confirmations = 0;
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_window->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup()
    {
        m_tester.reset();
        m_window.reset();
        m_log.reset();
    }

    void offlineOffersNoRevocation()
    {
        m_window->openSample();
        QTRY_VERIFY(!m_window->loadQueue()->isBusy());
        selectRow(0);
        QAction *revoke = action("actionRevoke");
        QVERIFY(revoke);
        QVERIFY(!revoke->isEnabled());
        QVERIFY(revoke->toolTip().contains(QLatin1String("connect")));
        QVERIFY(m_window->findChild<QPushButton *>(QStringLiteral("revokeButton"))->isHidden());
        // Where a person finds it: the Sessions menu, the toolbar and the table's context menu.
        QVERIFY(m_window->view()->actions().contains(revoke));
        QVERIFY(m_window->view()->actions().contains(action("actionRevokeSelected")));
        QVERIFY(m_window->view()->actions().contains(action("actionRevokeMatching")));
    }

    void deleteKeyRevokesTheSelectedSession()
    {
        connectAndFetch();
        const QString target = firstActiveRowSession();
        QVERIFY(!target.isEmpty());
        QTest::keyClick(m_window->view(), Qt::Key_Delete);
        QTRY_COMPARE(m_confirmations, 1);
        QTRY_COMPARE(tableStatus(target), SessionStatus::Revoked);
        const MockInstance &instance = m_server->instance();
        QCOMPARE(instance.session(instance.findSession(target)).status, SessionStatus::Revoked);
        finishRun();
        const QList<AuditEntry> log = AuditLog::read(m_log->path());
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.first().sessionId, target);
        QCOMPARE(log.first().result, QStringLiteral("revoked"));
        QCOMPARE(log.first().reason, QStringLiteral("ticket-7"));
        // Whose: the user's email, looked up before the confirmation showed.
        QCOMPARE(m_whose, QStringLiteral("bulk40@sessiondesk.test"));
    }

    void inspectorRevokeButton()
    {
        connectAndFetch();
        const QString target = firstActiveRowSession();
        auto *button = m_window->findChild<QPushButton *>(QStringLiteral("revokeButton"));
        QTRY_VERIFY(!button->isHidden() && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(m_confirmations, 1);
        QTRY_COMPARE(tableStatus(target), SessionStatus::Revoked);
        finishRun();
        // Revoked now: the inspector offers no second revocation.
        QTRY_VERIFY(!button->isEnabled());
        QCOMPARE(AuditLog::read(m_log->path()).size(), 1);
    }

    // Closing the window while sessions are being revoked: no crash, and the audit log holds
    // only whole lines, one per attempt that was answered.
    void closingMidRunLeavesAValidLog()
    {
        connectAndFetch();
        m_server->setLatency(150);
        m_window->view()->selectAll();
        QApplication::processEvents();
        m_window->findChild<QAction *>(QStringLiteral("actionRevokeSelected"))->trigger();
        QTRY_COMPARE(m_confirmations, 1);
        QTRY_VERIFY(m_window->revokeController()->run() &&
                    m_window->revokeController()->run()->attempted() >= 1);
        m_tester.reset();
        m_window.reset(); // mid-run
        QTest::qWait(400); // answers still on their way find nobody
        m_server->setLatency(0);
        QStringList errors;
        const QList<AuditEntry> log = AuditLog::read(m_log->path(), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QVERIFY(!log.isEmpty());
        const MockInstance &instance = m_server->instance();
        for (const AuditEntry &entry : log) {
            QCOMPARE(entry.result, QStringLiteral("revoked"));
            QCOMPARE(instance.session(instance.findSession(entry.sessionId)).status,
                     SessionStatus::Revoked);
        }
    }

private:
    QAction *action(const char *name) const
    {
        return m_window->findChild<QAction *>(QLatin1StringView(name));
    }
    void connectAndFetch()
    {
        ClerkConfig config;
        config.setSecretKey(m_server->secretKey());
        config.setApiUrl(m_server->url().toString());
        m_window->connectToClerk(config);
        QTRY_COMPARE(m_window->connection()->state(), ClerkConnection::State::Connected);
        ClerkClient::SessionQuery query;
        const MockInstance &instance = m_server->instance();
        query.userId = instance.userId(instance.bulkUser(0));
        m_window->fetchSessions(query, query.userId);
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->loadQueue()->isBusy(), 20'000);
        QCOMPARE(m_window->model()->rowCount(), 40);
    }
    // Selects the first active row and makes the table current; returns its session id.
    QString firstActiveRowSession()
    {
        SessionSortProxy *proxy = m_window->proxy();
        for (int row = 0; row < proxy->rowCount(); ++row) {
            const Session s =
                proxy->index(row, 0).data(SessionTableModel::SessionRole).value<Session>();
            if (s.status == SessionStatus::Active) {
                selectRow(row);
                return s.id;
            }
        }
        return {};
    }
    void selectRow(int row)
    {
        QTableView *view = m_window->view();
        const QModelIndex index = m_window->proxy()->index(row, SessionTableModel::SessionId);
        view->setFocus();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        QApplication::processEvents();
    }
    SessionStatus tableStatus(const QString &id) const
    {
        const int row = m_window->model()->rowOfSession(id);
        return row < 0 ? SessionStatus::Unknown : m_window->model()->store().status(row);
    }
    void finishRun()
    {
        RevokeProgressDialog *progress = m_window->revokeController()->progressDialog();
        QVERIFY(progress);
        QTRY_VERIFY(!progress->isRunning());
        auto *close = progress->findChild<QPushButton *>(QStringLiteral("closeButton"));
        QVERIFY(close);
        close->click();
        QTRY_VERIFY(!m_window->revokeController()->isBusy());
    }

    QTemporaryDir m_dir;
    std::unique_ptr<ClerkMockServer> m_server;
    std::unique_ptr<AuditLog> m_log;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    int m_confirmations = 0;
    QString m_whose; // the confirmation's first "whose" entry
};

QTEST_MAIN(TstRevokeWindow)
#include "tst_revokewindow.moc"

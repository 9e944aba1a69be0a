// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "revocationrun.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

// A revocation as it runs: "Revoking 3 of 10…" with Cancel, which stops before the next request
// (what is in flight finishes). Then the outcome: how many were revoked, skipped, cancelled, and
// the failures one per session with Clerk's message and trace id, Retry and Close.
//
// Passive: it shows what it is told and asks with signals; the controller runs the revocation.
class RevokeProgressDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RevokeProgressDialog(QWidget *parent = nullptr);

    // A step before the revocation proper ("Checking 12 sessions on the instance…"): a busy bar
    // or done of total, with Cancel.
    void showChecking(const QString &text, int done = 0, int total = 0);
    // The revocation is (again) running.
    void showRunning(int total);
    void setProgress(int done, int total);
    // The run ended: the summary and the failures (with Retry when there are any to retry);
    // `problem` when it stopped early (the audit log could not be written).
    void showOutcomes(const QList<RevocationRun::Outcome> &outcomes, const QString &problem = {});

    QString statusText() const;
    // The failures listed: one row per session (session id, result, message, trace id).
    QTreeWidget *failuresList() const { return m_failures; }
    bool isRunning() const { return m_running; }

    // "7 revoked, 1 already inactive, 2 failed" for these outcomes.
    static QString summaryFor(const QList<RevocationRun::Outcome> &outcomes);
    static QString resultName(RevocationRun::Result result);

signals:
    void cancelRequested();
    void retryRequested();

protected:
    void reject() override; // Escape and the window's close button: Cancel while running

private:
    QLabel *m_status;
    QProgressBar *m_bar;
    QLabel *m_failuresLabel;
    QTreeWidget *m_failures;
    QPushButton *m_cancel;
    QPushButton *m_retry;
    QPushButton *m_close;
    bool m_running = false;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "revokeprogressdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

RevokeProgressDialog::RevokeProgressDialog(QWidget *parent)
    : QDialog(parent)
    , m_status(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_failuresLabel(new QLabel(tr("Failed:"), this))
    , m_failures(new QTreeWidget(this))
    , m_cancel(nullptr)
    , m_retry(nullptr)
    , m_close(nullptr)
{
    setObjectName(QStringLiteral("revokeProgressDialog"));
    setWindowTitle(tr("Revoking Sessions"));
    setMinimumWidth(560);

    auto *layout = new QVBoxLayout(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_bar->setObjectName(QStringLiteral("progressBar"));
    layout->addWidget(m_bar);

    m_failures->setObjectName(QStringLiteral("failuresList"));
    m_failures->setHeaderLabels({tr("Session"), tr("Result"), tr("Message"), tr("Trace id")});
    m_failures->setRootIsDecorated(false);
    m_failures->setUniformRowHeights(true);
    m_failures->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_failures->header()->setStretchLastSection(false);
    m_failures->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    layout->addWidget(m_failuresLabel);
    layout->addWidget(m_failures, 1);

    auto *buttons = new QDialogButtonBox(this);
    m_retry = buttons->addButton(tr("&Retry Failed"), QDialogButtonBox::ActionRole);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("closeButton"));
    for (QPushButton *button : {m_retry, m_cancel, m_close})
        button->setAutoDefault(false);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancel->setEnabled(false);
        m_status->setText(tr("Cancelling: the requests in flight finish, no new one is sent…"));
        emit cancelRequested();
    });
    connect(m_retry, &QPushButton::clicked, this, &RevokeProgressDialog::retryRequested);
    connect(m_close, &QPushButton::clicked, this, &QDialog::accept);
    layout->addWidget(buttons);

    showChecking(QString());
}

void RevokeProgressDialog::showChecking(const QString &text, int done, int total)
{
    m_running = true;
    m_status->setText(text);
    m_bar->setRange(0, total);
    m_bar->setValue(done);
    m_failuresLabel->hide();
    m_failures->hide();
    m_retry->hide();
    m_close->hide();
    m_cancel->show();
    m_cancel->setEnabled(true);
}

void RevokeProgressDialog::showRunning(int total)
{
    showChecking(QString(), 0, total);
    setProgress(0, total);
}

void RevokeProgressDialog::setProgress(int done, int total)
{
    m_bar->setRange(0, qMax(total, 1));
    m_bar->setValue(done);
    if (m_cancel->isEnabled())
        m_status->setText(tr("Revoking sessions: %1 of %2 done…")
                              .arg(QLocale().toString(done), QLocale().toString(total)));
}

void RevokeProgressDialog::showOutcomes(const QList<RevocationRun::Outcome> &outcomes,
                                        const QString &problem)
{
    m_running = false;
    m_status->setText(problem.isEmpty() ? summaryFor(outcomes)
                                        : tr("Stopped: %1\n%2").arg(problem, summaryFor(outcomes)));
    int done = 0;
    m_failures->clear();
    bool retryable = false;
    for (const RevocationRun::Outcome &outcome : outcomes) {
        if (outcome.result != RevocationRun::Result::Pending &&
            outcome.result != RevocationRun::Result::Cancelled)
            ++done;
        if (outcome.result != RevocationRun::Result::Failed &&
            outcome.result != RevocationRun::Result::NotFound)
            continue;
        retryable = retryable || outcome.result == RevocationRun::Result::Failed;
        auto *item = new QTreeWidgetItem(m_failures,
                                         {outcome.target.sessionId, resultName(outcome.result),
                                          outcome.message, outcome.traceId});
        item->setToolTip(2, outcome.message);
        if (outcome.httpStatus != 0)
            item->setToolTip(1, tr("HTTP %1").arg(outcome.httpStatus));
    }
    m_bar->setRange(0, qMax(int(outcomes.size()), 1));
    m_bar->setValue(done);
    const bool anyListed = m_failures->topLevelItemCount() > 0;
    m_failuresLabel->setVisible(anyListed);
    m_failures->setVisible(anyListed);
    m_failures->resizeColumnToContents(0);
    m_failures->resizeColumnToContents(1);
    m_failures->resizeColumnToContents(3);
    if (anyListed && width() < 860)
        resize(860, qMax(height(), 320)); // room for Clerk's message
    m_retry->setVisible(retryable);
    m_cancel->hide();
    m_close->show();
    m_close->setFocus();
}

QString RevokeProgressDialog::statusText() const
{
    return m_status->text();
}

QString RevokeProgressDialog::summaryFor(const QList<RevocationRun::Outcome> &outcomes)
{
    int counts[int(RevocationRun::Result::Cancelled) + 1] = {};
    for (const RevocationRun::Outcome &outcome : outcomes)
        ++counts[int(outcome.result)];
    QStringList parts;
    const auto add = [&](RevocationRun::Result result, const QString &text) {
        if (counts[int(result)] > 0)
            parts.append(text);
    };
    using R = RevocationRun::Result;
    add(R::Revoked, tr("%n revoked", nullptr, counts[int(R::Revoked)]));
    add(R::AlreadyInactive, tr("%n already inactive", nullptr, counts[int(R::AlreadyInactive)]));
    add(R::NotFound, tr("%n not found", nullptr, counts[int(R::NotFound)]));
    add(R::Failed, tr("%n failed", nullptr, counts[int(R::Failed)]));
    add(R::Cancelled, tr("%n cancelled (not attempted)", nullptr, counts[int(R::Cancelled)]));
    add(R::Pending, tr("%n not attempted", nullptr, counts[int(R::Pending)]));
    if (parts.isEmpty())
        return tr("Nothing was revoked.");
    return parts.join(QStringLiteral(", ")) + QLatin1Char('.');
}

QString RevokeProgressDialog::resultName(RevocationRun::Result result)
{
    switch (result) {
    case RevocationRun::Result::Pending:
        return tr("Pending");
    case RevocationRun::Result::Revoked:
        return tr("Revoked");
    case RevocationRun::Result::AlreadyInactive:
        return tr("Already inactive");
    case RevocationRun::Result::NotFound:
        return tr("Not found");
    case RevocationRun::Result::Failed:
        return tr("Failed");
    case RevocationRun::Result::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

void RevokeProgressDialog::reject()
{
    if (m_running) {
        if (m_cancel->isEnabled())
            m_cancel->click();
        return; // stays open until what is in flight has finished
    }
    QDialog::reject();
}

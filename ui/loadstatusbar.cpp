// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "loadstatusbar.h"

#include "sessionloader.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>

LoadStatusBar::LoadStatusBar(QWidget *parent)
    : QWidget(parent)
    , m_rows(new QLabel(this))
    , m_load(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    m_rows->setObjectName(QStringLiteral("rowCountLabel"));
    m_load->setObjectName(QStringLiteral("loadLabel"));
    m_load->setTextFormat(Qt::RichText);
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_cancel->setObjectName(QStringLiteral("cancelLoadButton"));
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_cancel->hide();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_rows);
    layout->addSpacing(16);
    layout->addWidget(m_load);
    layout->addStretch(1);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);

    connect(m_cancel, &QPushButton::clicked, this, &LoadStatusBar::cancelRequested);
    connect(m_load, &QLabel::linkActivated, this, &LoadStatusBar::detailsRequested);
    setRowCount(0);
}

void LoadStatusBar::setRowCount(qint64 rows)
{
    m_rows->setText(tr("%1 sessions").arg(QLocale().toString(rows)));
}

void LoadStatusBar::setRowCounts(qint64 shown, qint64 total)
{
    if (shown == total) {
        setRowCount(total);
        return;
    }
    const QLocale locale;
    m_rows->setText(tr("%1 of %2 sessions").arg(locale.toString(shown), locale.toString(total)));
}

void LoadStatusBar::loadStarted()
{
    m_load->setText(tr("Loading…"));
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
}

void LoadStatusBar::setProgress(qint64 done, qint64 total)
{
    m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
}

void LoadStatusBar::setActivity(const QString &text)
{
    m_load->setText(text.toHtmlEscaped());
}

void LoadStatusBar::loadFinished(const LoadResult &result, const LoadResult &sinceOpen)
{
    m_progress->hide();
    m_cancel->hide();
    const QLocale locale;
    const QString took = result.elapsedMs < 1000
        ? tr("%1 ms").arg(result.elapsedMs)
        : tr("%1 s").arg(locale.toString(result.elapsedMs / 1000.0, 'f', 2));
    QString text =
        result.cancelled ? tr("Cancelled after %1").arg(took) : tr("Loaded in %1").arg(took);
    if (const qint64 duplicates = sinceOpen.duplicates(); duplicates > 0)
        text += tr(" · %1 duplicates merged").arg(locale.toString(duplicates));
    const qsizetype failedFiles = sinceOpen.failedFiles();
    if (const qint64 skipped = sinceOpen.skipped(); skipped > 0 || failedFiles > 0) {
        QStringList problems;
        if (skipped > 0)
            problems.append(tr("%1 skipped").arg(locale.toString(skipped)));
        if (failedFiles > 0)
            problems.append(failedFiles == 1 ? tr("1 file with errors")
                                             : tr("%1 files with errors").arg(failedFiles));
        text += QStringLiteral(" · <a href=\"details\">%1</a>").arg(problems.join(tr(", ")));
    }
    m_load->setText(text);
}

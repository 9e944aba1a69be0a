// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "loadreportdialog.h"

#include "sessionloader.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QString position(qint64 line, qint64 column)
{
    return line > 0 ? QStringLiteral("%1:%2").arg(line).arg(column) : QString();
}
} // namespace

LoadReportDialog::LoadReportDialog(QWidget *parent)
    : QDialog(parent)
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("loadReportDialog"));
    setWindowTitle(tr("Load problems"));
    resize(860, 420);
    m_tree->setObjectName(QStringLiteral("loadReportTree"));
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setHeaderLabels(
        {tr("File"), tr("Record"), tr("Line:column"), tr("Field"), tr("Problem")});
    m_tree->header()->setStretchLastSection(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy All"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(toPlainText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tree);
    layout->addWidget(buttons);
}

void LoadReportDialog::setReports(const QList<FileReport> &reports)
{
    m_tree->clear();
    QList<QTreeWidgetItem *> items;
    for (const FileReport &report : reports) {
        const QString file = QFileInfo(report.path).fileName();
        for (const RecordError &error : report.errors) {
            auto *item = new QTreeWidgetItem({file, QString::number(error.record),
                                              position(error.line, error.column), error.field,
                                              error.message});
            item->setToolTip(0, report.path);
            items.append(item);
        }
        if (report.errors.size() < report.skipped) {
            items.append(new QTreeWidgetItem({file, QString(), QString(), QString(),
                                              tr("%n more skipped record(s) not listed", nullptr,
                                                 int(report.skipped - report.errors.size()))}));
        }
        if (report.failed()) {
            auto *item = new QTreeWidgetItem({file, QString(),
                                              position(report.errorLine, report.errorColumn),
                                              QString(), report.error});
            item->setToolTip(0, report.path);
            items.append(item);
        }
    }
    m_tree->addTopLevelItems(items);
    for (int column = 0; column < 4; ++column)
        m_tree->resizeColumnToContents(column);
}

QString LoadReportDialog::bannerText(const LoadResult &result)
{
    constexpr qsizetype MaxListed = 4;
    const qsizetype failed = result.failedFiles();
    if (failed == 0)
        return {};
    QStringList lines;
    for (const FileReport &file : result.files) {
        if (file.failed() && lines.size() < MaxListed)
            lines.append(file.errorText().toHtmlEscaped());
    }
    if (failed > MaxListed)
        lines.append(tr("and %1 more files").arg(failed - MaxListed));
    return tr("<b>%1</b><br>%2 <a href=\"details\">Details…</a>")
        .arg(result.anyRead() ? tr("Some input could not be read.") : tr("Nothing could be read."),
             lines.join(QStringLiteral("<br>")));
}

int LoadReportDialog::problemCount() const
{
    return m_tree->topLevelItemCount();
}

QString LoadReportDialog::toPlainText() const
{
    QStringList lines;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_tree->topLevelItem(i);
        QStringList cells;
        for (int column = 0; column < m_tree->columnCount(); ++column)
            cells.append(item->text(column));
        lines.append(cells.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n'));
}

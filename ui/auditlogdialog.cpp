// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "auditlogdialog.h"

#include "sessionexporter.h"

#include "auditlogmodel.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

AuditLogDialog::AuditLogDialog(const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_path(path)
    , m_model(new AuditLogModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("auditLogDialog"));
    setWindowTitle(tr("Revocation Log"));
    resize(1000, 520);

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(AuditLogModel::SortRole);

    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter: session, user, result, trace id, reason…"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateStatus();
    });

    m_view->setObjectName(QStringLiteral("auditTable"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AuditLogModel::Time, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);

    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *reloadButton = buttons->addButton(tr("&Reload"), QDialogButtonBox::ActionRole);
    reloadButton->setObjectName(QStringLiteral("reloadButton"));
    QPushButton *exportButton = buttons->addButton(tr("&Export…"), QDialogButtonBox::ActionRole);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    connect(reloadButton, &QPushButton::clicked, this, &AuditLogDialog::reload);
    connect(exportButton, &QPushButton::clicked, this, &AuditLogDialog::exportWithDialog);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *pathLabel = new QLabel(tr("Log file: %1").arg(QDir::toNativeSeparators(m_path)), this);
    pathLabel->setObjectName(QStringLiteral("pathLabel"));
    pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(pathLabel);
    layout->addWidget(buttons);

    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &AuditLogDialog::updateStatus);
    reload();
}

void AuditLogDialog::reload()
{
    m_model->reload(m_path);
    m_view->resizeColumnsToContents();
    updateStatus();
}

void AuditLogDialog::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

QString AuditLogDialog::statusText() const
{
    return m_status->text();
}

void AuditLogDialog::updateStatus()
{
    const QLocale locale;
    QString text = m_proxy->rowCount() == m_model->rowCount()
        ? (m_model->rowCount() == 1 ? tr("1 attempt")
                                    : tr("%1 attempts").arg(locale.toString(m_model->rowCount())))
        : tr("%1 of %2 attempts")
              .arg(locale.toString(m_proxy->rowCount()), locale.toString(m_model->rowCount()));
    if (!m_model->errors().isEmpty())
        text += tr("; %1 lines could not be read, the first: %2")
                    .arg(QString::number(m_model->errors().size()), m_model->errors().constFirst());
    m_status->setText(text);
}

QList<AuditEntry> AuditLogDialog::shownEntries() const
{
    QList<AuditEntry> entries;
    entries.reserve(m_proxy->rowCount());
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        entries.append(m_model->entry(m_proxy->mapToSource(m_proxy->index(row, 0)).row()));
    return entries;
}

bool AuditLogDialog::exportTo(const QString &path, QString *error) const
{
    const QList<AuditEntry> entries = shownEntries();
    const bool csv =
        QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0;
    return write(path, csv ? toCsv(entries) : toJsonLines(entries), error);
}

QByteArray AuditLogDialog::toCsv(const QList<AuditEntry> &entries)
{
    QByteArray out("time,result,session_id,user_id,previous_status,http_status,clerk_trace_id,"
                   "reason,api_url,key_kind,operator,message\r\n");
    for (const AuditEntry &entry : entries) {
        const QStringList fields{
            QDateTime::fromMSecsSinceEpoch(entry.time, Qt::UTC).toString(Qt::ISODateWithMs),
            entry.result,
            entry.sessionId,
            entry.userId,
            entry.previousStatus,
            entry.httpStatus != 0 ? QString::number(entry.httpStatus) : QString(),
            entry.traceId,
            entry.reason,
            entry.apiUrl,
            entry.keyKind,
            entry.operatorName,
            entry.message,
        };
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i > 0)
                out.append(',');
            out.append(SessionExporter::csvCell(fields.at(i)));
        }
        out.append("\r\n");
    }
    return out;
}

QByteArray AuditLogDialog::toJsonLines(const QList<AuditEntry> &entries)
{
    QByteArray out;
    for (const AuditEntry &entry : entries) {
        out.append(QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact));
        out.append('\n');
    }
    return out;
}

bool AuditLogDialog::write(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void AuditLogDialog::exportWithDialog()
{
    const QString csvFilter = tr("CSV (*.csv)");
    const QString jsonFilter = tr("JSON Lines (*.jsonl)");
    QString selected = csvFilter;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export Revocation Log"), QStringLiteral("revocations.csv"),
        csvFilter + QStringLiteral(";;") + jsonFilter, &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected == jsonFilter ? QStringLiteral(".jsonl") : QStringLiteral(".csv");
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(
            this, tr("Export Revocation Log"),
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), error));
}

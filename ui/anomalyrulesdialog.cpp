// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "anomalyrulesdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
constexpr qint64 HourMs = 3'600'000;
} // namespace

AnomalyRulesDialog::AnomalyRulesDialog(const AnomalyRules &rules, QWidget *parent)
    : QDialog(parent)
    , m_travelHours(new QSpinBox(this))
    , m_concurrentLimit(new QSpinBox(this))
    , m_help(new QLabel(this))
{
    setObjectName(QStringLiteral("anomalyRulesDialog"));
    setWindowTitle(tr("Anomaly Rules"));
    m_travelHours->setObjectName(QStringLiteral("travelWindowHours"));
    m_travelHours->setRange(1, 24 * 90);
    m_travelHours->setSuffix(tr(" h"));
    m_travelHours->setValue(int(std::clamp<qint64>(rules.travelWindowMs / HourMs, 1, 24 * 90)));
    m_concurrentLimit->setObjectName(QStringLiteral("concurrentLimit"));
    m_concurrentLimit->setRange(1, 1000);
    m_concurrentLimit->setValue(rules.concurrentLimit);
    m_help->setObjectName(QStringLiteral("rulesHelp"));
    m_help->setWordWrap(true);
    m_help->setTextFormat(Qt::RichText);
    m_help->setMinimumWidth(520);

    auto *form = new QFormLayout;
    form->addRow(tr("&Travel: two countries within"), m_travelHours);
    form->addRow(tr("&Concurrent: more sessions in use at once than"), m_concurrentLimit);
    auto *buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] {
                const AnomalyRules defaults;
                m_travelHours->setValue(int(defaults.travelWindowMs / HourMs));
                m_concurrentLimit->setValue(defaults.concurrentLimit);
            });
    connect(m_travelHours, &QSpinBox::valueChanged, this, &AnomalyRulesDialog::updateHelp);
    connect(m_concurrentLimit, &QSpinBox::valueChanged, this, &AnomalyRulesDialog::updateHelp);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_help);
    layout->addWidget(buttons);
    updateHelp();
}

AnomalyRules AnomalyRulesDialog::rules() const
{
    AnomalyRules rules;
    rules.travelWindowMs = m_travelHours->value() * HourMs;
    rules.concurrentLimit = m_concurrentLimit->value();
    return rules;
}

// The rules' text follows the settings, so what is read is what will apply.
void AnomalyRulesDialog::updateHelp()
{
    m_help->setText(rules().helpHtml());
}

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "anomalyrules.h"

#include <QDialog>

class QLabel;
class QSpinBox;

// Sessions ▸ Anomaly Rules…: the two settings of the rules (how close in time two countries
// count as travel, how many sessions at once count as concurrent), with what each rule means.
// Passive: rules() after exec(); the window applies and saves them.
class AnomalyRulesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AnomalyRulesDialog(const AnomalyRules &rules, QWidget *parent = nullptr);

    AnomalyRules rules() const;

private:
    void updateHelp();

    QSpinBox *m_travelHours;
    QSpinBox *m_concurrentLimit;
    QLabel *m_help;
};

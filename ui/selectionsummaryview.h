// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "session.h"

#include <QList>
#include <QStringList>
#include <QWidget>

class QAbstractButton;
class QLabel;

// What the inspector shows for several selected sessions: how many, by status, by user (the
// most frequent named), by country, how many impersonated, when created and last active, and
// a button to copy their ids.
class SelectionSummaryView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int ListedUsers = 5; // named; the rest are counted

    explicit SelectionSummaryView(QWidget *parent = nullptr);

    // `selected`: the whole selection's size, when `sessions` are only its first rows. `now`
    // for the age of the latest activity.
    void setSessions(const QList<Session> &sessions, qint64 selected, qint64 now);
    const QStringList &sessionIds() const { return m_ids; }

signals:
    void copyRequested(const QString &what, const QString &text, QAbstractButton *source);

private:
    QStringList m_ids;
    QLabel *m_title;
    QLabel *m_statuses;
    QLabel *m_users;
    QLabel *m_countries;
    QLabel *m_impersonated;
    QLabel *m_created;
    QLabel *m_lastActive;
    QAbstractButton *m_copyIds;
};

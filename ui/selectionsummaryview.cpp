// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "selectionsummaryview.h"

#include "detailform.h"
#include "sessioninspector.h"
#include "timeformat.h"

#include <QDateTime>
#include <QHash>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {
// "2 active, 1 revoked": most frequent first, ties by name.
QString countsText(const QMap<QString, int> &counts)
{
    QList<std::pair<QString, int>> sorted(counts.keyValueBegin(), counts.keyValueEnd());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList parts;
    for (const auto &[name, count] : sorted)
        parts.append(QStringLiteral("%1 %2").arg(count).arg(name));
    return parts.join(QStringLiteral(", "));
}

QString day(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd"));
}
} // namespace

SelectionSummaryView::SelectionSummaryView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
{
    m_title->setObjectName(QStringLiteral("summaryTitle"));
    QFont font = m_title->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.15);
    m_title->setFont(font);

    auto *form = new DetailForm;
    m_statuses = form->addValue(tr("Statuses"), QStringLiteral("summaryStatuses"));
    m_users = form->addValue(tr("Users"), QStringLiteral("summaryUsers"));
    m_countries = form->addValue(tr("Countries"), QStringLiteral("summaryCountries"));
    m_impersonated = form->addValue(tr("Impersonated"), QStringLiteral("summaryImpersonated"));
    m_created = form->addValue(tr("Created"), QStringLiteral("summaryCreated"));
    m_lastActive = form->addValue(tr("Last active"), QStringLiteral("summaryLastActive"));

    auto *copyIds = new QPushButton(tr("Copy Session &IDs"), this);
    m_copyIds = copyIds;
    copyIds->setObjectName(QStringLiteral("copySessionIds"));
    copyIds->setToolTip(tr("Copy the selected sessions' IDs, one a line"));
    connect(copyIds, &QPushButton::clicked, this, [this, copyIds] {
        emit copyRequested(tr("session IDs"), m_ids.join(QLatin1Char('\n')), copyIds);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(form);
    layout->addWidget(copyIds, 0, Qt::AlignLeft);
    layout->addStretch(1);
}

void SelectionSummaryView::setSessions(const QList<Session> &sessions, qint64 selected, qint64 now)
{
    m_ids.clear();
    m_ids.reserve(sessions.size());
    QMap<QString, int> statuses;
    QHash<QString, int> users;
    QMap<QString, int> countries;
    int impersonated = 0;
    qint64 firstCreated = 0;
    qint64 lastCreated = 0;
    qint64 lastActive = 0;
    for (const Session &session : sessions) {
        m_ids.append(session.id);
        ++statuses[SessionInspector::statusBadgeText(session.status, session.statusText).toLower()];
        ++users[session.userId];
        const QString country =
            session.latestActivity ? session.latestActivity->country : QString();
        ++countries[country.isEmpty() ? tr("unknown") : country];
        impersonated += session.isImpersonated() ? 1 : 0;
        if (session.createdAt != 0) {
            firstCreated =
                firstCreated == 0 ? session.createdAt : std::min(firstCreated, session.createdAt);
            lastCreated = std::max(lastCreated, session.createdAt);
        }
        lastActive = std::max(lastActive, session.lastActiveAt);
    }
    const int count = int(sessions.size());
    // A huge selection is summarised from its first rows: the button says what it copies.
    const QLocale locale;
    const QString label = selected > count
        ? tr("Copy the First %1 Session &IDs").arg(locale.toString(count))
        : tr("Copy Session &IDs");
    m_copyIds->setProperty("label", label); // kept through the "Copied" feedback
    if (!m_copyIds->property("copiedFeedback").toBool())
        m_copyIds->setText(label);
    m_copyIds->setToolTip(selected > count
                              ? tr("Copies the IDs of the first %1 of the %2 selected sessions; "
                                   "File ▸ Export Shown Sessions writes them all")
                                    .arg(locale.toString(count), locale.toString(selected))
                              : tr("Copy the selected sessions' IDs, one a line"));

    if (selected > count) {
        m_title->setText(tr("%1 sessions selected (summary of the first %2)")
                             .arg(locale.toString(selected), locale.toString(count)));
    } else {
        m_title->setText(tr("%1 sessions selected").arg(locale.toString(count)));
    }
    m_statuses->setText(countsText(statuses));

    QList<std::pair<QString, int>> byUser(users.keyValueBegin(), users.keyValueEnd());
    std::sort(byUser.begin(), byUser.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    QStringList lines{byUser.size() == 1 ? tr("1 user") : tr("%1 users").arg(byUser.size())};
    for (qsizetype i = 0; i < std::min<qsizetype>(byUser.size(), ListedUsers); ++i) {
        const QString id = byUser[i].first.isEmpty() ? tr("(no user)") : byUser[i].first;
        const int sessionsOfUser = byUser[i].second;
        lines.append(sessionsOfUser == 1 ? tr("%1: 1 session").arg(id)
                                         : tr("%1: %2 sessions").arg(id).arg(sessionsOfUser));
    }
    if (byUser.size() > ListedUsers)
        lines.append(tr("and %1 more").arg(byUser.size() - ListedUsers));
    m_users->setText(lines.join(QLatin1Char('\n')));

    m_countries->setText(countsText(countries));
    m_impersonated->setText(impersonated == 0 ? tr("none")
                                              : tr("%1 of %2").arg(impersonated).arg(count));
    if (firstCreated == 0)
        m_created->setText(QStringLiteral("—"));
    else if (day(firstCreated) == day(lastCreated))
        m_created->setText(day(firstCreated));
    else
        m_created->setText(tr("%1 to %2").arg(day(firstCreated), day(lastCreated)));
    m_lastActive->setText(
        lastActive == 0 ? tr("never") : tr("latest %1").arg(TimeFormat::relative(lastActive, now)));
}

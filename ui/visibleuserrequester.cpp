// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "visibleuserrequester.h"

#include "usercache.h"

#include <QEvent>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QSet>
#include <QTableView>

VisibleUserRequester::VisibleUserRequester(QTableView *view, UserCache *cache, UserIdOf userIdOf,
                                           QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_cache(cache)
    , m_userIdOf(std::move(userIdOf))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(DefaultDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &VisibleUserRequester::requestNow);

    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &VisibleUserRequester::schedule);
    connect(view->verticalScrollBar(), &QScrollBar::rangeChanged, this,
            &VisibleUserRequester::schedule);
    view->viewport()->installEventFilter(this);
    if (QAbstractItemModel *model = view->model()) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &VisibleUserRequester::schedule);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &VisibleUserRequester::schedule);
        connect(model, &QAbstractItemModel::modelReset, this, &VisibleUserRequester::schedule);
        connect(model, &QAbstractItemModel::layoutChanged, this, &VisibleUserRequester::schedule);
    }
    if (QItemSelectionModel *selection = view->selectionModel()) {
        connect(selection, &QItemSelectionModel::selectionChanged, this,
                &VisibleUserRequester::schedule);
    }
    connect(cache, &UserCache::cleared, this, &VisibleUserRequester::schedule);
}

bool VisibleUserRequester::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize || event->type() == QEvent::Show)
        schedule();
    return QObject::eventFilter(watched, event);
}

void VisibleUserRequester::schedule()
{
    m_timer.start();
}

QStringList VisibleUserRequester::wantedIds() const
{
    QStringList ids;
    if (!m_view || !m_view->model() || !m_view->isVisible())
        return ids;
    const QAbstractItemModel *model = m_view->model();
    const int rows = model->rowCount();
    if (rows == 0)
        return ids;
    QSet<QString> seen;
    const auto add = [&](int row) {
        const QString id = m_userIdOf(model->index(row, 0));
        if (!id.isEmpty() && !seen.contains(id)) {
            seen.insert(id);
            ids.append(id);
        }
    };

    int first = m_view->rowAt(0);
    int last = m_view->rowAt(m_view->viewport()->height() - 1);
    if (first >= 0) {
        if (last < 0)
            last = rows - 1; // the table ends above the viewport's bottom
        for (int row = first; row <= last; ++row) {
            if (!m_view->isRowHidden(row))
                add(row);
        }
    }

    if (const QItemSelectionModel *selection = m_view->selectionModel()) {
        int budget = MaxSelectedRows;
        const QItemSelection ranges = selection->selection();
        for (const QItemSelectionRange &range : ranges) {
            for (int row = range.top(); row <= range.bottom() && budget > 0; ++row, --budget)
                add(row);
            if (budget == 0)
                break;
        }
    }
    return ids;
}

void VisibleUserRequester::requestNow()
{
    m_timer.stop();
    if (m_cache)
        m_cache->request(wantedIds());
}

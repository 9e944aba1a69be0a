// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "sessionfilter.h"

#include <QTimer>
#include <QWidget>

#include <array>
#include <functional>

class QLineEdit;
class QToolButton;

// The filter bar above the table: a query field (the query language of SessionFilter) and a
// toggle per status with its live count. It parses as the user types, debounced, and hands on
// only valid filters: an invalid query is underlined where it goes wrong, its reason in the
// tooltip, and the table keeps the last valid result.
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int DebounceMs = 80;
    // "last_active<2h" slides with the clock: such a filter is applied again this often.
    static constexpr int RelativeRefreshMs = 30'000;
    static constexpr int StatusButtons = KnownStatusCount + 1; // the known ones and "Other"
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    explicit FilterBar(QWidget *parent = nullptr);

    // For relative times ("last_active<2h"); tests set their own.
    void setClock(Clock clock) { m_clock = std::move(clock); }

    QString query() const;
    // Sets the text and applies it at once (a saved view, a test).
    void setQuery(const QString &query);
    quint16 statusMask() const;
    void setStatusMask(quint16 mask);
    // How many rows of each status match the query (index = SessionStatus).
    void setStatusCounts(const std::array<int, StatusButtons> &counts);

    const SessionFilter &filter() const { return m_filter; }
    // Why the text is not a valid query; empty when it is.
    QString errorText() const { return m_error.message; }

    void focusQuery();

signals:
    void filterChanged(const SessionFilter &filter);
    void helpRequested();

private:
    void apply();
    void showError(const FilterError &error);

    QLineEdit *m_edit;
    QToolButton *m_help;
    std::array<QToolButton *, StatusButtons> m_status{};
    QTimer m_debounce;
    QTimer m_relativeRefresh;
    Clock m_clock;
    SessionFilter m_filter;
    FilterError m_error;
};

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "insightsdata.h"

#include <QPoint>
#include <QWidget>

#include <array>
#include <vector>

class QChartView;
class QLabel;

// The Insights dock's contents: the shown sessions by status, country, browser and device type
// (horizontal bars, the biggest on top, "Other" and "(none)" in grey) and by creation day (or
// week, month, year), drawn with Qt Charts in a vertical scroll area. Passive: setData() and
// setBusy() in (InsightsCounter does the counting); filterRequested() out when the user clicks
// a bar whose bucket has a query (all but "Other"). Hovering a bar says its count, share and
// query.
class InsightsPanel : public QWidget
{
    Q_OBJECT

public:
    enum Chart { StatusChart, CountryChart, BrowserChart, DeviceChart, CreatedChart, ChartCount };

    explicit InsightsPanel(QWidget *parent = nullptr);
    ~InsightsPanel() override;

    void setData(const InsightsData &data);
    const InsightsData &data() const { return m_data; }
    // Says "Counting…" while a count runs; the charts keep showing the last result meanwhile.
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }

    QChartView *chartView(Chart chart) const { return m_views[chart]; }
    // What clicking the bar of bucket `index` (in InsightsData's order) does: emits
    // filterRequested() with its query and returns true, or returns false when it has none.
    bool activateBucket(Chart chart, int index);
    // The middle of that bar in its chart view's viewport, where a test clicks.
    QPoint bucketPosition(Chart chart, int index) const;

signals:
    void filterRequested(const QString &term);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QStringList categoryLabels(Chart chart) const;
    void fillBucketChart(Chart chart);
    void fillCreatedChart();
    void hoverBucket(Chart chart, int index, bool entered);
    int bucketCount(Chart chart) const;
    QString filterOf(Chart chart, int index) const;

    InsightsData m_data;
    std::array<QChartView *, ChartCount> m_views{};
    std::array<QLabel *, ChartCount> m_titles{};
    QLabel *m_total = nullptr;
    QLabel *m_busyLabel = nullptr;
    QLabel *m_empty = nullptr;
    bool m_busy = false;
};

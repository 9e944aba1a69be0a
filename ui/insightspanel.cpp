// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "insightspanel.h"

#include "session.h"
#include "statusbadgedelegate.h"

#include <QCursor>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLocale>
#include <QResizeEvent>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QHorizontalStackedBarSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace {

using Bucket = InsightsData::Bucket;
using Period = InsightsData::Period;

// Qt Charts gives a vertical axis at most about 40% of the chart's width and cuts what is
// longer; labels are elided to fit it, less a margin.
constexpr double LabelShare = 0.4;
constexpr int LabelMargin = 12;
constexpr int CreatedChartHeight = 200;
constexpr int CreatedAxisLabels = 4; // dates under the created chart

const char *const ChartNames[InsightsPanel::ChartCount] = {
    "statusChart", "countryChart", "browserChart", "deviceChart", "createdChart",
};

QColor restColor()
{
    return QColor(0xb0, 0xbe, 0xc5); // "Other" and "(none)": blue grey, out of the way
}

QString periodTitle(Period period)
{
    switch (period) {
    case Period::Day:
        return InsightsPanel::tr("Created per day");
    case Period::Week:
        return InsightsPanel::tr("Created per week");
    case Period::Month:
        return InsightsPanel::tr("Created per month");
    case Period::Year:
        return InsightsPanel::tr("Created per year");
    }
    return {};
}

// Under the created chart: short dates. Days span half a year at most; weeks more, so a day
// and month could repeat: weeks are told by month and year (labels are seven weeks apart).
QString axisDate(Period period, QDate start)
{
    const QLocale locale;
    switch (period) {
    case Period::Day:
        return locale.toString(start, QStringLiteral("d MMM"));
    case Period::Week:
    case Period::Month:
        return locale.toString(start, QStringLiteral("MMM yyyy"));
    case Period::Year:
        return QString::number(start.year());
    }
    return {};
}

// In a bar's tooltip: the period in full.
QString periodText(Period period, QDate start)
{
    const QLocale locale;
    switch (period) {
    case Period::Day:
        return locale.toString(start, QLocale::LongFormat);
    case Period::Week:
        return InsightsPanel::tr("Week of %1").arg(locale.toString(start, QLocale::LongFormat));
    case Period::Month:
        return locale.toString(start, QStringLiteral("MMMM yyyy"));
    case Period::Year:
        return QString::number(start.year());
    }
    return {};
}

QString bucketLabel(const Bucket &bucket)
{
    switch (bucket.kind) {
    case Bucket::Kind::Other:
        return bucket.values == 1 ? InsightsPanel::tr("1 other")
                                  : InsightsPanel::tr("%1 others").arg(bucket.values);
    case Bucket::Kind::None:
        return InsightsPanel::tr("(none)");
    case Bucket::Kind::Value:
        break;
    }
    return bucket.label;
}

// A category axis needs distinct labels; a browser may well be called "(none)".
QString distinct(QString label, const QStringList &taken)
{
    while (taken.contains(label))
        label += QChar(0x200b); // zero width space
    return label;
}

void clearChart(QChart *chart)
{
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace

InsightsPanel::InsightsPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("insightsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(2);

    auto *header = new QHBoxLayout;
    m_total = new QLabel;
    m_total->setObjectName(QStringLiteral("insightsTotal"));
    m_busyLabel = new QLabel(tr("Counting…"));
    m_busyLabel->setObjectName(QStringLiteral("insightsBusy"));
    m_busyLabel->setForegroundRole(QPalette::PlaceholderText);
    m_busyLabel->hide();
    header->addWidget(m_total);
    header->addStretch();
    header->addWidget(m_busyLabel);
    layout->addLayout(header);
    auto *hint = new QLabel(tr("Click a bar to filter to it."));
    hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(hint);
    m_empty = new QLabel(tr("No sessions to count."));
    m_empty->setObjectName(QStringLiteral("insightsEmpty"));
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_empty);

    const QString titles[ChartCount] = {tr("Status"), tr("Country"), tr("Browser"),
                                        tr("Device type"), periodTitle(Period::Day)};
    QFont titleFont = font();
    titleFont.setBold(true);
    for (int c = 0; c < ChartCount; ++c) {
        m_titles[c] = new QLabel(titles[c]);
        m_titles[c]->setFont(titleFont);
        layout->addSpacing(6);
        layout->addWidget(m_titles[c]);

        auto *chart = new QChart;
        chart->legend()->hide();
        chart->setAnimationOptions(QChart::NoAnimation);
        chart->setBackgroundVisible(false);
        chart->setMargins(QMargins(0, 0, 0, 0));
        chart->layout()->setContentsMargins(0, 0, 0, 0);
        auto *view = new QChartView(chart);
        view->setObjectName(QLatin1String(ChartNames[c]));
        view->setRenderHint(QPainter::Antialiasing);
        view->setFrameShape(QFrame::NoFrame);
        view->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        view->setBackgroundBrush(palette().brush(QPalette::Window));
        view->setMouseTracking(true);
        m_views[c] = view;
        if (c != CreatedChart)
            view->installEventFilter(this); // labels fit the width
        layout->addWidget(view);
    }
    layout->addStretch();
    scroll->setWidget(content);
    setData({});
}

InsightsPanel::~InsightsPanel() = default;

void InsightsPanel::setData(const InsightsData &data)
{
    m_data = data;
    const QLocale locale;
    m_total->setText(tr("%1 sessions").arg(locale.toString(data.total)));
    const bool empty = data.total == 0;
    m_empty->setVisible(empty);
    for (int c = 0; c < ChartCount; ++c) {
        m_titles[c]->setVisible(!empty);
        m_views[c]->setVisible(!empty);
    }
    for (int c = StatusChart; c <= DeviceChart; ++c)
        fillBucketChart(Chart(c));
    fillCreatedChart();
}

void InsightsPanel::setBusy(bool busy)
{
    m_busy = busy;
    m_busyLabel->setVisible(busy);
}

int InsightsPanel::bucketCount(Chart chart) const
{
    return chart == CreatedChart ? int(m_data.created.size()) : int(m_data.buckets[chart].size());
}

QString InsightsPanel::filterOf(Chart chart, int index) const
{
    if (index < 0 || index >= bucketCount(chart))
        return {};
    return chart == CreatedChart ? m_data.created[std::size_t(index)].filter
                                 : m_data.buckets[chart][std::size_t(index)].filter;
}

bool InsightsPanel::activateBucket(Chart chart, int index)
{
    const QString filter = filterOf(chart, index);
    if (filter.isEmpty())
        return false;
    emit filterRequested(filter);
    return true;
}

QPoint InsightsPanel::bucketPosition(Chart chart, int index) const
{
    QChart *c = m_views[chart]->chart();
    const int n = bucketCount(chart);
    if (c->series().isEmpty() || index < 0 || index >= n)
        return {};
    QPointF value;
    if (chart == CreatedChart) {
        value = QPointF(index, m_data.created[std::size_t(index)].count / 2.0);
    } else {
        // Bars run bottom-up on the category axis: bucket 0 is the top one.
        value = QPointF(m_data.buckets[chart][std::size_t(index)].count / 2.0, n - 1 - index);
    }
    const QPointF scene = c->mapToScene(c->mapToPosition(value, c->series().constFirst()));
    return m_views[chart]->mapFromScene(scene);
}

// Bottom-up, as the category axis lists them: each value with its count beside its bar (the
// counts line up, right-aligned, next to the bars), elided to the room the axis gets. Axis
// labels are rich text: escaped, with no-break spaces that do not collapse.
QStringList InsightsPanel::categoryLabels(Chart chart) const
{
    const QFontMetrics metrics(font());
    const int room = std::max(metrics.averageCharWidth() * 8,
                              int(m_views[chart]->width() * LabelShare) - LabelMargin);
    const std::vector<Bucket> &buckets = m_data.buckets[chart];
    QStringList labels;
    for (auto bucket = buckets.crbegin(); bucket != buckets.crend(); ++bucket) {
        const QString count = QStringLiteral("\u00a0\u00a0") + QLocale().toString(bucket->count);
        const QString value = metrics.elidedText(bucketLabel(*bucket), Qt::ElideRight,
                                                 room - metrics.horizontalAdvance(count));
        labels << distinct(value.toHtmlEscaped() + count, labels);
    }
    return labels;
}

bool InsightsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize) {
        const auto *resize = static_cast<QResizeEvent *>(event);
        for (int c = StatusChart; c <= DeviceChart; ++c) {
            if (watched != m_views[c] || resize->size().width() == resize->oldSize().width())
                continue;
            const QList<QAbstractAxis *> axes = m_views[c]->chart()->axes(Qt::Vertical);
            if (auto *axis = qobject_cast<QBarCategoryAxis *>(axes.value(0)))
                axis->setCategories(categoryLabels(Chart(c)));
        }
    }
    return QWidget::eventFilter(watched, event);
}

void InsightsPanel::fillBucketChart(Chart which)
{
    QChartView *view = m_views[which];
    QChart *chart = view->chart();
    clearChart(chart);
    const std::vector<Bucket> &buckets = m_data.buckets[which];
    const int n = int(buckets.size());

    // Stacked, one set per colour with each bucket in its own category: a bar set has one
    // colour, and statuses need theirs.
    auto *series = new QHorizontalStackedBarSeries;
    series->setBarWidth(0.7);
    std::vector<std::pair<QRgb, QBarSet *>> sets;
    int highest = 1;
    for (int category = 0; category < n; ++category) {
        const Bucket &bucket = buckets[std::size_t(n - 1 - category)]; // the biggest on top
        highest = std::max(highest, bucket.count);
        QColor color = palette().color(QPalette::Highlight);
        if (bucket.kind != Bucket::Kind::Value)
            color = restColor();
        else if (which == StatusChart)
            color = StatusBadgeDelegate::colorFor(statusFromName(bucket.label.toStdString()));
        auto set = std::find_if(sets.begin(), sets.end(),
                                [&](const auto &entry) { return entry.first == color.rgb(); });
        if (set == sets.end()) {
            auto *barSet = new QBarSet(QString());
            barSet->setColor(color);
            barSet->setBorderColor(color);
            for (int k = 0; k < n; ++k)
                barSet->append(0);
            series->append(barSet);
            sets.emplace_back(color.rgb(), barSet);
            set = sets.end() - 1;
        }
        set->second->replace(category, bucket.count);
    }
    chart->addSeries(series);

    const QColor text = palette().color(QPalette::WindowText);
    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categoryLabels(which));
    categoryAxis->setLabelsFont(font());
    categoryAxis->setLabelsBrush(text);
    categoryAxis->setGridLineVisible(false);
    categoryAxis->setLineVisible(false);
    categoryAxis->setTruncateLabels(false);
    // The counts are in the labels: a scale would only take room.
    auto *valueAxis = new QValueAxis;
    valueAxis->setRange(0, highest);
    valueAxis->setVisible(false);
    chart->addAxis(categoryAxis, Qt::AlignLeft);
    chart->addAxis(valueAxis, Qt::AlignBottom);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);

    connect(series, &QAbstractBarSeries::clicked, this,
            [this, which, n](int category, QBarSet *) { activateBucket(which, n - 1 - category); });
    connect(series, &QAbstractBarSeries::hovered, this,
            [this, which, n](bool entered, int category, QBarSet *) {
                hoverBucket(which, n - 1 - category, entered);
            });

    // A line of text per bar.
    const int rowHeight = fontMetrics().height() + 6;
    view->setFixedHeight(std::max(2, n) * rowHeight + 12);
}

void InsightsPanel::fillCreatedChart()
{
    QChartView *view = m_views[CreatedChart];
    QChart *chart = view->chart();
    clearChart(chart);
    const std::vector<InsightsData::PeriodBucket> &buckets = m_data.created;
    const int n = int(buckets.size());
    QString title = periodTitle(m_data.period);
    if (const int undated = m_data.createdMissing + m_data.createdOutOfRange; undated > 0)
        title += tr(" (%1 without a date)").arg(QLocale().toString(undated));
    m_titles[CreatedChart]->setText(title);

    auto *series = new QBarSeries;
    series->setBarWidth(n > 60 ? 1.0 : 0.8); // thin bars need no gaps
    auto *set = new QBarSet(QString());
    const QColor color = palette().color(QPalette::Highlight);
    set->setColor(color);
    set->setBorderColor(color);
    int highest = 1;
    for (const InsightsData::PeriodBucket &bucket : buckets) {
        set->append(bucket.count);
        highest = std::max(highest, bucket.count);
    }
    series->append(set);
    chart->addSeries(series);

    // Dates at a few bars, not under every one.
    const QColor text = palette().color(QPalette::WindowText);
    auto *timeAxis = new QCategoryAxis;
    timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    timeAxis->setRange(-0.5, std::max(0, n - 1) + 0.5);
    const int step = std::max(1, int(std::ceil(double(n) / CreatedAxisLabels)));
    for (int i = 0; i < n; i += step)
        timeAxis->append(axisDate(m_data.period, buckets[std::size_t(i)].start), i);
    timeAxis->setLabelsFont(font());
    timeAxis->setLabelsBrush(text);
    timeAxis->setGridLineVisible(false);
    auto *countAxis = new QValueAxis;
    countAxis->setRange(0, highest);
    countAxis->setTickCount(3);
    countAxis->setLabelFormat(QStringLiteral("%d"));
    countAxis->setLabelsFont(font());
    countAxis->setLabelsBrush(text);
    countAxis->applyNiceNumbers();
    countAxis->setGridLineColor(palette().color(QPalette::Midlight));
    countAxis->setLineVisible(false);
    chart->addAxis(timeAxis, Qt::AlignBottom);
    chart->addAxis(countAxis, Qt::AlignLeft);
    series->attachAxis(timeAxis);
    series->attachAxis(countAxis);

    connect(series, &QAbstractBarSeries::clicked, this,
            [this](int index, QBarSet *) { activateBucket(CreatedChart, index); });
    connect(series, &QAbstractBarSeries::hovered, this, [this](bool entered, int index, QBarSet *) {
        hoverBucket(CreatedChart, index, entered);
    });
    view->setFixedHeight(CreatedChartHeight);
}

// Over a bar: its count, share and query in a tooltip, and a hand where a click filters.
void InsightsPanel::hoverBucket(Chart chart, int index, bool entered)
{
    QChartView *view = m_views[chart];
    if (!entered || index < 0 || index >= bucketCount(chart)) {
        view->unsetCursor();
        QToolTip::hideText();
        return;
    }
    const QLocale locale;
    QString what;
    int count = 0;
    if (chart == CreatedChart) {
        const InsightsData::PeriodBucket &bucket = m_data.created[std::size_t(index)];
        what = periodText(m_data.period, bucket.start);
        count = bucket.count;
    } else {
        const Bucket &bucket = m_data.buckets[chart][std::size_t(index)];
        what = bucket.kind == Bucket::Kind::Value ? bucket.label : bucketLabel(bucket);
        count = bucket.count;
    }
    const double share = m_data.total > 0 ? 100.0 * count / m_data.total : 0.0;
    QString text = tr("%1: %2 (%3%)")
                       .arg(what.toHtmlEscaped(), locale.toString(count),
                            locale.toString(share, 'f', share < 10 ? 1 : 0));
    const QString filter = filterOf(chart, index);
    if (!filter.isEmpty()) {
        text += QStringLiteral("<br><code>%1</code>").arg(filter.toHtmlEscaped());
        view->setCursor(Qt::PointingHandCursor);
    }
    QToolTip::showText(QCursor::pos(), text, view);
}

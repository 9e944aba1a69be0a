// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "insightspanel.h"
#include "statusbadgedelegate.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>
#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>

#include <algorithm>

namespace {

using Bucket = InsightsData::Bucket;
using Kind = Bucket::Kind;

Bucket bucket(Kind kind, const char *label, int count, int values, const char *filter)
{
    Bucket b;
    b.kind = kind;
    b.label = QString::fromUtf8(label);
    b.count = count;
    b.values = values;
    b.filter = QString::fromUtf8(filter);
    return b;
}

InsightsData sample()
{
    InsightsData data;
    data.total = 100;
    data.buckets[InsightsData::Status] = {
        bucket(Kind::Value, "active", 60, 1, "status:active"),
        bucket(Kind::Value, "revoked", 25, 1, "status:revoked"),
        bucket(Kind::Value, "suspended", 10, 1, "status:\"suspended\""),
        bucket(Kind::None, "(none)", 5, 0, "-status:*"),
    };
    data.buckets[InsightsData::Country] = {
        bucket(Kind::Value, "DE", 50, 1, "country:DE"),
        bucket(Kind::Value, "US", 30, 1, "country:US"),
        bucket(Kind::Other, "Other", 15, 8, ""),
        bucket(Kind::None, "(none)", 5, 0, "-country:*"),
    };
    data.buckets[InsightsData::Browser] = {
        bucket(Kind::Value, "Chrome", 70, 1, "browser:Chrome -browser:\"Chrome Mobile\""),
        bucket(Kind::Value, "Mobile Safari", 30, 1, "browser:\"Mobile Safari\""),
    };
    data.buckets[InsightsData::Device] = {
        bucket(Kind::Value, "Macintosh", 100, 1, "device:Macintosh"),
    };
    data.period = InsightsData::Period::Day;
    data.created = {
        {QDate(2026, 11, 20), 40, QStringLiteral("created:2026-11-20")},
        {QDate(2026, 11, 21), 0, QStringLiteral("created:2026-11-21")},
        {QDate(2026, 11, 22), 60, QStringLiteral("created:2026-11-22")},
    };
    return data;
}

QAbstractBarSeries *seriesOf(QChartView *view)
{
    return qobject_cast<QAbstractBarSeries *>(view->chart()->series().value(0));
}

// The bars' lengths in InsightsData's order (horizontal charts list their categories
// bottom-up), each the sum over the series' sets (one set per colour).
QList<qreal> barValues(QChartView *view, bool horizontal)
{
    QAbstractBarSeries *series = seriesOf(view);
    if (!series || series->barSets().isEmpty())
        return {};
    QList<qreal> values(series->barSets().constFirst()->count(), 0);
    for (const QBarSet *set : series->barSets()) {
        for (int i = 0; i < set->count(); ++i)
            values[i] += set->at(i);
    }
    if (horizontal)
        std::reverse(values.begin(), values.end());
    return values;
}

// A horizontal chart's label: the value (rich text, escaped) and its count.
QString label(const char *value, int count)
{
    return QString::fromUtf8(value) + QStringLiteral("\u00a0\u00a0") + QString::number(count);
}

QStringList categories(QChartView *view)
{
    auto *axis = qobject_cast<QBarCategoryAxis *>(view->chart()->axes(Qt::Vertical).value(0));
    if (!axis)
        return {};
    QStringList labels = axis->categories();
    std::reverse(labels.begin(), labels.end());
    return labels;
}

// The colour of the bar of category `index` (in InsightsData's order).
QColor barColor(QChartView *view, int index)
{
    QAbstractBarSeries *series = seriesOf(view);
    const int count = series->barSets().constFirst()->count();
    for (QBarSet *set : series->barSets()) {
        if (set->at(count - 1 - index) != 0)
            return set->color();
    }
    return {};
}

} // namespace

class TestInsightsPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void setDataFillsCharts();
    void clickingABarFilters();
    void busyAndEmpty();

private:
    QChartView *view(const char *name) const
    {
        auto *v = m_panel->findChild<QChartView *>(QLatin1String(name));
        Q_ASSERT(v);
        return v;
    }

    std::unique_ptr<InsightsPanel> m_panel;
};

void TestInsightsPanel::initTestCase()
{
    // Counts and dates as written in the US, whatever the machine's locale.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestInsightsPanel::init()
{
    m_panel = std::make_unique<InsightsPanel>();
    m_panel->resize(380, 1600);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

void TestInsightsPanel::cleanup()
{
    m_panel.reset();
}

void TestInsightsPanel::setDataFillsCharts()
{
    m_panel->setData(sample());
    QCOMPARE(m_panel->findChild<QLabel *>(QStringLiteral("insightsTotal"))->text(),
             QStringLiteral("100 sessions"));

    QChartView *status = view("statusChart");
    QCOMPARE(barValues(status, true), QList<qreal>({60, 25, 10, 5}));
    QCOMPARE(categories(status),
             QStringList({label("active", 60), label("revoked", 25), label("suspended", 10),
                          label("(none)", 5)}));
    QCOMPARE(barColor(status, 0), StatusBadgeDelegate::colorFor(SessionStatus::Active));
    QCOMPARE(barColor(status, 1), StatusBadgeDelegate::colorFor(SessionStatus::Revoked));
    QCOMPARE(barColor(status, 2), StatusBadgeDelegate::colorFor(SessionStatus::Unknown));
    QVERIFY(!status->chart()->legend()->isVisible());
    QCOMPARE(status->chart()->animationOptions(), QChart::NoAnimation);

    QChartView *country = view("countryChart");
    QCOMPARE(barValues(country, true), QList<qreal>({50, 30, 15, 5}));
    QCOMPARE(
        categories(country),
        QStringList({label("DE", 50), label("US", 30), label("8 others", 15), label("(none)", 5)}));
    // Values in the highlight colour, "Other" and "(none)" in grey.
    QCOMPARE(barColor(country, 0), m_panel->palette().color(QPalette::Highlight));
    QCOMPARE(barColor(country, 2), barColor(country, 3));
    QVERIFY(barColor(country, 2) != barColor(country, 0));

    QCOMPARE(barValues(view("browserChart"), true), QList<qreal>({70, 30}));
    QCOMPARE(categories(view("browserChart")),
             QStringList({label("Chrome", 70), label("Mobile Safari", 30)}));
    QCOMPARE(barValues(view("deviceChart"), true), QList<qreal>({100}));

    QChartView *created = view("createdChart");
    QCOMPARE(barValues(created, false), QList<qreal>({40, 0, 60}));
    auto *timeAxis = qobject_cast<QCategoryAxis *>(created->chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(timeAxis);
    QCOMPARE(timeAxis->categoriesLabels().constFirst(), QStringLiteral("20 Nov"));

    // New data replaces the old, axes included.
    InsightsData less = sample();
    less.buckets[InsightsData::Device] = {
        bucket(Kind::Value, "Mac <Pro> & a very long name indeed", 1, 1, "device:x"),
        bucket(Kind::None, "(none)", 1200, 0, "-device:*"),
    };
    m_panel->setData(less);
    QCOMPARE(barValues(view("deviceChart"), true), QList<qreal>({1, 1200}));
    // Labels are rich text to Qt Charts: escaped, cut to the axis' room (about 40% of the
    // width), counts as the locale writes them.
    QChartView *device = view("deviceChart");
    QStringList labels = categories(device);
    QCOMPARE(labels.size(), 2);
    QCOMPARE(labels.at(1), QStringLiteral("(none)\u00a0\u00a01,200"));
    const auto shown = [&](const QString &label) {
        QTextDocument document;
        document.setHtml(label);
        return document.toPlainText();
    };
    const auto fits = [&](const QString &label) {
        return m_panel->fontMetrics().horizontalAdvance(shown(label)) <= device->width() * 0.4;
    };
    QVERIFY2(labels.at(0).startsWith(QStringLiteral("Mac &lt;Pro&gt; &amp; a")),
             qPrintable(labels.at(0)));
    QVERIFY(labels.at(0).endsWith(QStringLiteral("…\u00a0\u00a01")));
    QVERIFY(fits(labels.at(0)));
    // Narrower, shorter; wider, the whole value.
    const int wide = shown(labels.at(0)).size();
    m_panel->resize(280, m_panel->height());
    QTRY_VERIFY(device->width() < 280);
    labels = categories(device);
    QVERIFY(shown(labels.at(0)).size() < wide);
    QVERIFY(fits(labels.at(0)));
    m_panel->resize(1000, m_panel->height());
    QTRY_VERIFY(device->width() > 900);
    QCOMPARE(shown(categories(device).at(0)),
             QStringLiteral("Mac <Pro> & a very long name indeed  1")); // nbsp as plain spaces
    QCOMPARE(view("deviceChart")->chart()->axes().size(), 2);
    QCOMPARE(view("deviceChart")->chart()->series().size(), 1);
}

void TestInsightsPanel::clickingABarFilters()
{
    m_panel->setData(sample());
    QCoreApplication::processEvents(); // the charts lay out
    QSignalSpy requested(m_panel.get(), &InsightsPanel::filterRequested);

    // Real clicks on the bars, through the views' viewports.
    struct Click
    {
        InsightsPanel::Chart chart;
        int index;
        const char *filter; // null: nothing emitted
    };
    const Click clicks[] = {
        {InsightsPanel::StatusChart, 1, "status:revoked"},
        {InsightsPanel::StatusChart, 2, "status:\"suspended\""},
        {InsightsPanel::CountryChart, 0, "country:DE"},
        {InsightsPanel::CountryChart, 3, "-country:*"},
        {InsightsPanel::BrowserChart, 0, "browser:Chrome -browser:\"Chrome Mobile\""},
        {InsightsPanel::CreatedChart, 2, "created:2026-11-22"},
        {InsightsPanel::CountryChart, 2, nullptr}, // "Other": no query
    };
    for (const Click &click : clicks) {
        requested.clear();
        QChartView *chartView = m_panel->chartView(click.chart);
        const QPoint at = m_panel->bucketPosition(click.chart, click.index);
        QVERIFY(chartView->viewport()->rect().contains(at));
        QTest::mouseClick(chartView->viewport(), Qt::LeftButton, {}, at);
        if (click.filter) {
            QCOMPARE(requested.size(), 1);
            QCOMPARE(requested.at(0).at(0).toString(), QString::fromUtf8(click.filter));
        } else {
            QCOMPARE(requested.size(), 0);
        }
    }

    // Beside a short bar is no bar.
    requested.clear();
    QChartView *device = m_panel->chartView(InsightsPanel::StatusChart);
    const QPoint suspended = m_panel->bucketPosition(InsightsPanel::StatusChart, 2);
    QTest::mouseClick(device->viewport(), Qt::LeftButton, {},
                      QPoint(device->viewport()->width() - 4, suspended.y()));
    QCOMPARE(requested.size(), 0);

    // The hook does what a click does.
    QVERIFY(m_panel->activateBucket(InsightsPanel::DeviceChart, 0));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("device:Macintosh"));
    QVERIFY(!m_panel->activateBucket(InsightsPanel::CountryChart, 2)); // Other
    QVERIFY(!m_panel->activateBucket(InsightsPanel::CountryChart, 9)); // no such bar
    QCOMPARE(requested.size(), 1);
}

void TestInsightsPanel::busyAndEmpty()
{
    auto *busy = m_panel->findChild<QLabel *>(QStringLiteral("insightsBusy"));
    auto *empty = m_panel->findChild<QLabel *>(QStringLiteral("insightsEmpty"));
    QVERIFY(!busy->isVisible());
    m_panel->setBusy(true);
    QVERIFY(busy->isVisible());
    QCOMPARE(busy->text(), QStringLiteral("Counting…"));
    QVERIFY(m_panel->isBusy());
    m_panel->setBusy(false);
    QVERIFY(!busy->isVisible());

    // Nothing counted: a word instead of empty charts.
    QVERIFY(empty->isVisible());
    QVERIFY(!view("statusChart")->isVisible());
    m_panel->setData(sample());
    QVERIFY(!empty->isVisible());
    QVERIFY(view("statusChart")->isVisible());
    QVERIFY(view("createdChart")->isVisible());
    m_panel->setData({});
    QVERIFY(empty->isVisible());
    QVERIFY(!view("createdChart")->isVisible());
    QCOMPARE(barValues(view("countryChart"), true), QList<qreal>());
}

QTEST_MAIN(TestInsightsPanel)

#include "tst_insightspanel.moc"

// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "usertimeline.h"
#include "usertimelineview.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>

#include <memory>

namespace {

constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 T = 1795651200000 - 30 * Day; // 2026-10-27T00:00:00Z

UserTimeline::Bar bar(const char *id, SessionStatus status, const char *statusText, qint64 start,
                      qint64 activeEnd, qint64 tailEnd, const char *label)
{
    UserTimeline::Bar bar;
    bar.sessionId = QString::fromLatin1(id);
    bar.start = start;
    bar.activeEnd = activeEnd;
    bar.tailEnd = tailEnd;
    bar.status = status;
    bar.statusText = QString::fromLatin1(statusText);
    bar.label = QString::fromUtf8(label);
    return bar;
}

// Three sessions over five days, in lane order.
QList<UserTimeline::Bar> threeBars()
{
    return {
        bar("sess_A", SessionStatus::Revoked, "revoked", T, T + 6 * Hour, T + 6 * Hour,
            "DE · Macintosh"),
        bar("sess_B", SessionStatus::Expired, "expired", T + Day, T + Day + 3 * Hour, T + 3 * Day,
            "US · iPhone"),
        bar("sess_C", SessionStatus::Active, "active", T + 3 * Day, T + 4 * Day, T + 5 * Day,
            "FR · Windows"),
    };
}

void sendWheel(QWidget *widget, QPoint pos, QPoint angle, Qt::KeyboardModifiers modifiers)
{
    QWheelEvent event(QPointF(pos), QPointF(widget->mapToGlobal(pos)), QPoint(), angle,
                      Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class TstUserTimelineView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<UserTimelineView> makeView(const QList<UserTimeline::Bar> &bars)
    {
        auto view = std::make_unique<UserTimelineView>();
        view->resize(800, 200);
        view->setBars(bars, QStringLiteral("Ada Lovelace (user_ada)"));
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            return {};
        return view;
    }

private slots:
    void emptyStateSaysWhatToDo()
    {
        UserTimelineView view;
        QCOMPARE(view.objectName(), QStringLiteral("userTimeline"));
        QCOMPARE(view.emptyText(), QStringLiteral("Select a session to see its user's sessions"));
        QVERIFY(view.visibleRange().isEmpty());
        QVERIFY(view.barRect(QStringLiteral("sess_A")).isEmpty());
        QCOMPARE(view.sizeHint().height(), 180);

        view.setBars({}, QStringLiteral("user_ada"));
        QCOMPARE(view.emptyText(), QStringLiteral("No sessions of user_ada with known times"));

        view.setBars(threeBars(), QStringLiteral("user_ada"));
        QCOMPARE(view.emptyText(), QString());
        QVERIFY(!view.visibleRange().isEmpty());

        view.clear();
        QCOMPARE(view.emptyText(), QStringLiteral("Select a session to see its user's sessions"));
        QVERIFY(view.bars().isEmpty());
        QVERIFY(view.visibleRange().isEmpty());
        QVERIFY(view.selectedSession().isEmpty());
    }

    void fitShowsEveryBar()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        const UserTimeline::Range range = view->visibleRange();
        QVERIFY(range.from < T);
        QVERIFY(range.to > T + 5 * Day);
        QVERIFY(range.span() < 6 * Day); // a small margin, not a month
        // One lane each, top to bottom in the given order, every bar on screen.
        const QRectF a = view->barRect(QStringLiteral("sess_A"));
        const QRectF b = view->barRect(QStringLiteral("sess_B"));
        const QRectF c = view->barRect(QStringLiteral("sess_C"));
        QVERIFY(!a.isEmpty() && !b.isEmpty() && !c.isEmpty());
        QVERIFY(a.bottom() <= b.top());
        QVERIFY(b.bottom() <= c.top());
        QVERIFY(a.left() < b.left());
        QVERIFY(b.left() < c.left());
        QVERIFY(view->rect().contains(c.toRect()));
        QVERIFY(view->barRect(QStringLiteral("sess_unknown")).isEmpty());
    }

    void clickOnABarAsksForItsSession()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        QSignalSpy clicked(view.get(), &UserTimelineView::sessionClicked);
        QTest::mouseClick(view.get(), Qt::LeftButton, {},
                          view->barRect(QStringLiteral("sess_B")).center().toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("sess_B"));
        // Passive: the owner decides what is selected.
        QVERIFY(view->selectedSession().isEmpty());

        // Empty space (below the last lane) asks for nothing.
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, QPoint(view->width() / 2, 190));
        QCOMPARE(clicked.count(), 1);
    }

    void dragPansWithoutClicking()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        QSignalSpy clicked(view.get(), &UserTimelineView::sessionClicked);
        const UserTimeline::Range before = view->visibleRange();
        const QPoint start = view->barRect(QStringLiteral("sess_C")).center().toPoint();
        QTest::mousePress(view.get(), Qt::LeftButton, {}, start);
        QMouseEvent move(QEvent::MouseMove, QPointF(start - QPoint(100, 0)),
                         QPointF(view->mapToGlobal(start - QPoint(100, 0))), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view.get(), &move);
        QTest::mouseRelease(view.get(), Qt::LeftButton, {}, start - QPoint(100, 0));
        QCOMPARE(clicked.count(), 0);
        const UserTimeline::Range after = view->visibleRange();
        QVERIFY(after.from > before.from); // dragged left: later times come into view
        QCOMPARE(after.span(), before.span());
    }

    void keysZoomAndFit()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        const UserTimeline::Range fitted = view->visibleRange();

        QTest::keyClick(view.get(), Qt::Key_Plus);
        const UserTimeline::Range zoomed = view->visibleRange();
        QVERIFY(zoomed.span() < fitted.span());
        QVERIFY(zoomed.from > fitted.from && zoomed.to < fitted.to); // around the centre

        QTest::keyClick(view.get(), Qt::Key_Minus);
        QTest::keyClick(view.get(), Qt::Key_Minus);
        QVERIFY(view->visibleRange().span() > fitted.span());

        QTest::keyClick(view.get(), Qt::Key_Right);
        QTest::keyClick(view.get(), Qt::Key_0);
        QCOMPARE(view->visibleRange(), fitted);
    }

    void ctrlWheelZoomsAroundThePointer()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        const UserTimeline::Range fitted = view->visibleRange();
        const QPoint at = view->barRect(QStringLiteral("sess_A")).center().toPoint();

        sendWheel(view.get(), at, QPoint(0, 120 * 3), Qt::ControlModifier);
        const UserTimeline::Range zoomed = view->visibleRange();
        QVERIFY(zoomed.span() < fitted.span());
        // The time under the pointer stayed put: A is still where it was.
        QVERIFY(view->barRect(QStringLiteral("sess_A")).contains(at));

        // A plain wheel scrolls lanes (here there is nothing to scroll) and never zooms.
        sendWheel(view.get(), at, QPoint(0, 120), Qt::NoModifier);
        QCOMPARE(view->visibleRange(), zoomed);

        // Shift+wheel pans.
        sendWheel(view.get(), at, QPoint(0, -120), Qt::ShiftModifier);
        QVERIFY(view->visibleRange().from > zoomed.from);
        QCOMPARE(view->visibleRange().span(), zoomed.span());

        // A double-click on empty space fits again.
        QTest::mouseDClick(view.get(), Qt::LeftButton, {}, QPoint(view->width() / 2, 190));
        QCOMPARE(view->visibleRange(), fitted);
    }

    void zoomStopsAtAMinute()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        for (int i = 0; i < 100; ++i)
            view->zoomIn();
        QCOMPARE(view->visibleRange().span(), Minute);
        for (int i = 0; i < 100; ++i)
            view->zoomOut();
        QVERIFY(view->visibleRange().span() <= 70 * Day); // ten times the bars' span at most
    }

    void setSelectedSessionHighlightsWithoutEmitting()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        QSignalSpy clicked(view.get(), &UserTimelineView::sessionClicked);
        view->setSelectedSession(QStringLiteral("sess_C"));
        QCOMPARE(view->selectedSession(), QStringLiteral("sess_C"));
        QCOMPARE(clicked.count(), 0);

        // Selecting a session that is out of view brings it into view.
        for (int i = 0; i < 20; ++i)
            view->zoomIn();
        QVERIFY(view->barRect(QStringLiteral("sess_A")).isEmpty());
        view->setSelectedSession(QStringLiteral("sess_A"));
        QVERIFY(!view->barRect(QStringLiteral("sess_A")).isEmpty());
        QCOMPARE(clicked.count(), 0);
    }

    void manyLanesScroll()
    {
        QList<UserTimeline::Bar> bars;
        for (int i = 0; i < 300; ++i) {
            const QByteArray id = "sess_" + QByteArray::number(i);
            bars << bar(id.constData(), SessionStatus::Ended, "ended", T + i * Hour,
                        T + i * Hour + 30 * Minute, T + i * Hour + 30 * Minute, "DE");
        }
        const auto view = makeView(bars);
        QVERIFY(view);
        // The last lane is below the fold, until selected.
        QVERIFY(!view->barRect(QStringLiteral("sess_0")).isEmpty());
        QVERIFY(view->barRect(QStringLiteral("sess_299")).isEmpty());
        QSignalSpy clicked(view.get(), &UserTimelineView::sessionClicked);
        view->setSelectedSession(QStringLiteral("sess_299"));
        const QRectF last = view->barRect(QStringLiteral("sess_299"));
        QVERIFY(!last.isEmpty());
        QVERIFY(view->barRect(QStringLiteral("sess_0")).isEmpty());
        QTest::mouseClick(view.get(), Qt::LeftButton, {}, last.center().toPoint());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("sess_299"));

        // The wheel scrolls the lanes back up.
        for (int i = 0; i < 200; ++i)
            sendWheel(view.get(), last.center().toPoint(), QPoint(0, 120), Qt::NoModifier);
        QVERIFY(!view->barRect(QStringLiteral("sess_0")).isEmpty());
    }

    // The owner may set the selection first and the user's bars after.
    void selectionBeforeBarsIsRevealed()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        view->setSelectedSession(QStringLiteral("sess_250"));
        QList<UserTimeline::Bar> bars;
        for (int i = 0; i < 300; ++i) {
            const QByteArray id = "sess_" + QByteArray::number(i);
            bars << bar(id.constData(), SessionStatus::Ended, "ended", T + i * Hour,
                        T + i * Hour + 30 * Minute, T + i * Hour + 30 * Minute, "DE");
        }
        view->setBars(bars, QStringLiteral("Grace Hopper (user_grace)"));
        QVERIFY(!view->barRect(QStringLiteral("sess_250")).isEmpty());
        QVERIFY(view->barRect(QStringLiteral("sess_0")).isEmpty());
    }

    void sameUserKeepsTheZoom()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        view->zoomIn();
        const UserTimeline::Range zoomed = view->visibleRange();
        view->setBars(threeBars(), QStringLiteral("Ada Lovelace (user_ada)"));
        QCOMPARE(view->visibleRange(), zoomed);
        view->setBars(threeBars().mid(0, 2), QStringLiteral("Grace Hopper (user_grace)"));
        QVERIFY(view->visibleRange().to < T + 4 * Day); // fitted to the new user's bars
    }

    void toolTipDescribesTheSession()
    {
        const auto view = makeView(threeBars());
        QVERIFY(view);
        const QPoint at = view->barRect(QStringLiteral("sess_B")).center().toPoint();
        QHelpEvent help(QEvent::ToolTip, at, view->mapToGlobal(at));
        QApplication::sendEvent(view.get(), &help);
        const QString text = QToolTip::text();
        QVERIFY2(text.startsWith(QStringLiteral("sess_B\nStatus: expired\nUS · iPhone\n")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Expired: ")), qPrintable(text));
        QToolTip::hideText();
    }
};

QTEST_MAIN(TstUserTimelineView)
#include "tst_usertimelineview.moc"

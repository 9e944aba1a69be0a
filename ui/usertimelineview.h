// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#pragma once

#include "usertimeline.h"

#include <QHash>
#include <QList>
#include <QPoint>
#include <QString>
#include <QWidget>

class QScrollBar;
class TimeAxis;

// Where and when one user was signed in: each of the user's sessions on its own lane, a bar from
// creation to last activity, continuing dimmed to the moment it ended or will end (see
// UserTimeline), coloured by status and labelled with country, device and status, under a time
// axis in local time. Passive: the owner sets the bars and the selection; a click on a bar asks
// for that session with sessionClicked().
//
// Controls, as in Qt's own scroll areas: the wheel scrolls the lanes, Ctrl+wheel zooms around the
// pointer, Shift+wheel and horizontal wheels pan; dragging pans; + and - zoom, Left/Right pan,
// 0 or a double-click on empty space fits all bars into view.
class UserTimelineView : public QWidget
{
    Q_OBJECT

public:
    explicit UserTimelineView(QWidget *parent = nullptr);

    // Shows `bars` (in lane order) as the sessions of `userTitle`. A new user is fitted into
    // view; the same user again (a refresh) keeps the zoom and scroll position.
    void setBars(const QList<UserTimeline::Bar> &bars, const QString &userTitle);
    // Highlights a session and scrolls it into view; emits nothing. Unknown ids highlight none.
    void setSelectedSession(const QString &sessionId);
    void clear();

    const QList<UserTimeline::Bar> &bars() const { return m_bars; }
    const QString &userTitle() const { return m_userTitle; }
    const QString &selectedSession() const { return m_selected; }
    // The visible part of a session's bar in widget coordinates: empty when the session is not
    // shown or its bar is scrolled or zoomed out of view.
    QRectF barRect(const QString &sessionId) const;
    // The time span shown, in ms since the epoch; empty when there are no bars.
    UserTimeline::Range visibleRange() const;
    // What is shown instead of bars; empty when there are bars.
    QString emptyText() const;

    void zoomIn();
    void zoomOut();
    void fitToBars();

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void sessionClicked(const QString &sessionId);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct LabelPlace
    {
        QRectF rect;
        QString text; // elided to fit
        bool onBar = false; // drawn on the solid part, in white
    };

    int laneHeight() const;
    int headerHeight() const;
    QRect plotRect() const; // where lanes are drawn, below the axis, left of the scroll bar
    double xOf(double ms) const;
    double msAt(double x) const;
    QRectF laneRect(int index) const;
    QRectF activeRect(int index) const; // unclipped
    QRectF wholeRect(int index) const; // unclipped: solid part and tail
    LabelPlace labelPlace(int index) const;
    QString labelText(int index) const;
    int barAt(const QPoint &pos) const;
    QString toolTipFor(int index) const;

    void updateScrollBar();
    void revealSelected();
    void zoomAround(double factor, double anchorMs);
    void panBy(double ms);
    void setVisibleRange(double from, double to);
    void setHoveredBar(int index);

    void paintHeader(QPainter &painter, const TimeAxis &axis) const;
    void paintBar(QPainter &painter, int index) const;

    QList<UserTimeline::Bar> m_bars;
    QHash<QString, int> m_indexOf;
    QString m_userTitle;
    QString m_selected;
    double m_from = 0; // the visible time span, ms since the epoch
    double m_to = 0;
    UserTimeline::Range m_fit; // all bars with a margin: what fitting shows
    int m_hovered = -1;
    QScrollBar *m_scrollBar;

    // A press that becomes a click on release, or a drag that pans.
    bool m_pressed = false;
    bool m_dragging = false;
    QPoint m_pressPos;
    double m_pressFrom = 0;
    int m_pressScroll = 0;
};

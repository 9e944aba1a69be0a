// Copyright (c) 2026 SessionDesk authors. SPDX-License-Identifier: MIT
#include "usertimelineview.h"

#include "statusbadgedelegate.h"
#include "timeaxis.h"
#include "timeformat.h"

#include <QApplication>
#include <QDateTime>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace {
constexpr int Margin = 8; // left and right of the plot
constexpr int LabelPad = 6; // clear of the selection frame
constexpr double MinBarWidth = 3; // a session of seconds is still a bar one can click
constexpr double ZoomStep = 1.25; // one key press or wheel notch
constexpr double PanStep = 0.1; // of the visible span, per key press or wheel notch
constexpr qint64 MinuteMs = 60'000;
constexpr qint64 HourMs = 60 * MinuteMs;
constexpr qint64 DayMs = 24 * HourMs;
constexpr double MinSpan = MinuteMs; // zoomed in fully: a minute across
constexpr double MaxSpan = 200 * 365.0 * DayMs;

QColor withAlpha(QColor color, double alpha)
{
    color.setAlphaF(float(alpha));
    return color;
}
} // namespace

UserTimelineView::UserTimelineView(QWidget *parent)
    : QWidget(parent)
    , m_scrollBar(new QScrollBar(Qt::Vertical, this))
{
    setObjectName(QStringLiteral("userTimeline"));
    setAccessibleName(tr("User timeline"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_scrollBar->setVisible(false);
    connect(m_scrollBar, &QScrollBar::valueChanged, this, [this] {
        setHoveredBar(barAt(mapFromGlobal(QCursor::pos())));
        update();
    });
}

void UserTimelineView::setBars(const QList<UserTimeline::Bar> &bars, const QString &userTitle)
{
    const bool sameUser = !m_bars.isEmpty() && userTitle == m_userTitle;
    m_bars = bars;
    m_userTitle = userTitle;
    m_indexOf.clear();
    m_indexOf.reserve(m_bars.size());
    for (int i = 0; i < m_bars.size(); ++i)
        m_indexOf.insert(m_bars.at(i).sessionId, i);
    m_hovered = -1;
    m_pressed = m_dragging = false;

    const UserTimeline::Range all = UserTimeline::range(m_bars);
    // A margin either side; a lone instant gets an hour around it.
    const qint64 pad = all.span() > 0 ? std::max<qint64>(all.span() / 25, MinuteMs) : 30 * MinuteMs;
    m_fit =
        all.isEmpty() ? UserTimeline::Range{} : UserTimeline::Range{all.from - pad, all.to + pad};

    updateScrollBar();
    if (sameUser) {
        setVisibleRange(m_from, m_to);
    } else {
        m_scrollBar->setValue(0);
        fitToBars();
        revealSelected();
    }
    update();
}

void UserTimelineView::setSelectedSession(const QString &sessionId)
{
    if (sessionId == m_selected)
        return;
    m_selected = sessionId;
    revealSelected();
    update();
}

// The selected session's lane into view, and its bar too if none of it is shown.
void UserTimelineView::revealSelected()
{
    const int index = m_indexOf.value(m_selected, -1);
    if (index < 0)
        return;
    const int lane = laneHeight();
    const int top = index * lane;
    const int shown = plotRect().height();
    if (top < m_scrollBar->value())
        m_scrollBar->setValue(top);
    else if (top + lane > m_scrollBar->value() + shown)
        m_scrollBar->setValue(top + lane - shown);
    const UserTimeline::Bar &bar = m_bars.at(index);
    if (bar.tailEnd < m_from || bar.start > m_to) {
        const double span = m_to - m_from;
        const double from = bar.tailEnd - bar.start < span * 0.8
            ? (bar.start + bar.tailEnd) / 2.0 - span / 2
            : bar.start - span * PanStep;
        setVisibleRange(from, from + span);
    }
}

void UserTimelineView::clear()
{
    m_selected.clear();
    setBars({}, QString());
}

QRectF UserTimelineView::barRect(const QString &sessionId) const
{
    const int index = m_indexOf.value(sessionId, -1);
    if (index < 0)
        return {};
    const QRectF shown = wholeRect(index).intersected(QRectF(plotRect()));
    return shown.isValid() ? shown : QRectF();
}

UserTimeline::Range UserTimelineView::visibleRange() const
{
    if (m_bars.isEmpty())
        return {};
    return {qint64(std::llround(m_from)), qint64(std::llround(m_to))};
}

QString UserTimelineView::emptyText() const
{
    if (!m_bars.isEmpty())
        return {};
    if (m_userTitle.isEmpty())
        return tr("Select a session to see its user's sessions");
    return tr("No sessions of %1 with known times").arg(m_userTitle);
}

void UserTimelineView::zoomIn()
{
    zoomAround(ZoomStep, (m_from + m_to) / 2);
}

void UserTimelineView::zoomOut()
{
    zoomAround(1 / ZoomStep, (m_from + m_to) / 2);
}

void UserTimelineView::fitToBars()
{
    setVisibleRange(double(m_fit.from), double(m_fit.to));
}

QSize UserTimelineView::sizeHint() const
{
    return {640, 180};
}

QSize UserTimelineView::minimumSizeHint() const
{
    return {200, headerHeight() + 2 * laneHeight()};
}

// Geometry ------------------------------------------------------------------------------------

int UserTimelineView::laneHeight() const
{
    return fontMetrics().height() + 8;
}

int UserTimelineView::headerHeight() const
{
    return 2 * fontMetrics().height() + 12;
}

QRect UserTimelineView::plotRect() const
{
    const int scrollBar = m_scrollBar->isVisibleTo(this) ? m_scrollBar->width() : 0;
    const int top = headerHeight();
    return {Margin, top, std::max(1, width() - 2 * Margin - scrollBar),
            std::max(0, height() - top)};
}

double UserTimelineView::xOf(double ms) const
{
    const QRect plot = plotRect();
    return plot.left() + (ms - m_from) / (m_to - m_from) * plot.width();
}

double UserTimelineView::msAt(double x) const
{
    const QRect plot = plotRect();
    return m_from + (x - plot.left()) / plot.width() * (m_to - m_from);
}

QRectF UserTimelineView::laneRect(int index) const
{
    const QRect plot = plotRect();
    const int lane = laneHeight();
    return QRectF(0, plot.top() + index * lane - m_scrollBar->value(), plot.right() + Margin, lane);
}

QRectF UserTimelineView::activeRect(int index) const
{
    const UserTimeline::Bar &bar = m_bars.at(index);
    const QRectF lane = laneRect(index);
    const double left = xOf(double(bar.start));
    const double right = std::max(xOf(double(bar.activeEnd)), left + MinBarWidth);
    return QRectF(left, lane.top() + 4, right - left, lane.height() - 8);
}

QRectF UserTimelineView::wholeRect(int index) const
{
    QRectF rect = activeRect(index);
    rect.setRight(std::max(rect.right(), xOf(double(m_bars.at(index).tailEnd))));
    return rect;
}

QString UserTimelineView::labelText(int index) const
{
    const UserTimeline::Bar &bar = m_bars.at(index);
    const QString status = bar.statusText.isEmpty() ? tr("unknown") : bar.statusText;
    return bar.label.isEmpty() ? status : bar.label + QStringLiteral(" · ") + status;
}

// On the solid part if it fits there, else beside the bar (right, then left), else wherever is
// most room, elided. With one session per lane a label beside its bar never covers another bar.
UserTimelineView::LabelPlace UserTimelineView::labelPlace(int index) const
{
    const QFontMetricsF metrics(font());
    const QRectF plot(plotRect());
    const QString text = labelText(index);
    const double width = metrics.horizontalAdvance(text) + 1;
    const QRectF active = activeRect(index);
    const QRectF whole = wholeRect(index);
    if (whole.right() < plot.left() || whole.left() > plot.right())
        return {}; // the bar is out of view, and so is its label
    const double activeLeft = std::max(active.left(), plot.left());
    const double activeRight = std::min(active.right(), plot.right());
    const double left = std::max(whole.left(), plot.left());
    const double right = std::min(whole.right(), plot.right());
    const auto at = [&](double x, double w, const QString &shown, bool onBar) {
        return LabelPlace{QRectF(x, active.top(), w, active.height()), shown, onBar};
    };

    if (activeRight - activeLeft >= width + 2 * LabelPad)
        return at(activeLeft + LabelPad, width, text, true);
    const double rightRoom = plot.right() - right - LabelPad;
    if (rightRoom >= width)
        return at(right + LabelPad, width, text, false);
    const double leftRoom = left - LabelPad - plot.left();
    if (leftRoom >= width)
        return at(left - LabelPad - width, width, text, false);

    const double tailLeft = std::max(activeRight, left);
    const double tailRoom = right - tailLeft - 2 * LabelPad;
    const double best = std::max({rightRoom, leftRoom, tailRoom});
    if (best < 3 * metrics.averageCharWidth())
        return {};
    const QString elided = metrics.elidedText(text, Qt::ElideRight, best);
    if (best == rightRoom)
        return at(right + LabelPad, best, elided, false);
    if (best == leftRoom)
        return at(plot.left(), best, elided, false);
    return at(tailLeft + LabelPad, best, elided, false);
}

int UserTimelineView::barAt(const QPoint &pos) const
{
    const QRect plot = plotRect();
    if (m_bars.isEmpty() || !plot.contains(pos))
        return -1;
    const int index = (pos.y() - plot.top() + m_scrollBar->value()) / laneHeight();
    if (index < 0 || index >= m_bars.size())
        return -1;
    // A little slack either side: thin bars are hard to hit. The label counts as the bar.
    if (wholeRect(index).adjusted(-2, 0, 2, 0).contains(pos) ||
        labelPlace(index).rect.contains(pos))
        return index;
    return -1;
}

QString UserTimelineView::toolTipFor(int index) const
{
    const UserTimeline::Bar &bar = m_bars.at(index);
    QStringList lines{
        bar.sessionId,
        tr("Status: %1").arg(bar.statusText.isEmpty() ? tr("unknown") : bar.statusText)};
    if (!bar.label.isEmpty())
        lines << bar.label;
    lines << tr("Created: %1").arg(TimeFormat::localDateTime(bar.start))
          << tr("Last active: %1").arg(TimeFormat::localDateTime(bar.activeEnd));
    if (bar.hasTail()) {
        const QString end = TimeFormat::localDateTime(bar.tailEnd);
        switch (bar.status) {
        case SessionStatus::Expired:
            lines << tr("Expired: %1").arg(end);
            break;
        case SessionStatus::Abandoned:
            lines << tr("Abandoned: %1").arg(end);
            break;
        default:
            lines << tr("Ends without activity: %1").arg(end);
            break;
        }
    }
    return lines.join(u'\n');
}

// State ---------------------------------------------------------------------------------------

void UserTimelineView::updateScrollBar()
{
    const int top = headerHeight();
    const int shown = std::max(0, height() - top);
    const int content = int(m_bars.size()) * laneHeight();
    m_scrollBar->setRange(0, std::max(0, content - shown));
    m_scrollBar->setPageStep(std::max(1, shown));
    m_scrollBar->setSingleStep(laneHeight());
    const int extent = m_scrollBar->sizeHint().width();
    m_scrollBar->setGeometry(width() - extent, top, extent, shown);
    m_scrollBar->setVisible(content > shown);
}

void UserTimelineView::zoomAround(double factor, double anchorMs)
{
    if (m_bars.isEmpty())
        return;
    const double span = m_to - m_from;
    const double wanted = std::clamp(span / factor, MinSpan, MaxSpan);
    const double from = anchorMs - (anchorMs - m_from) * wanted / span;
    setVisibleRange(from, from + wanted);
}

void UserTimelineView::panBy(double ms)
{
    setVisibleRange(m_from + ms, m_to + ms);
}

// Keeps the span between a minute and ten times all bars (at least a week), and the centre over
// the bars, so that one cannot lose them by panning or zooming away.
void UserTimelineView::setVisibleRange(double from, double to)
{
    if (m_fit.isEmpty()) {
        m_from = m_to = 0;
        update();
        return;
    }
    const double limit = std::clamp(double(m_fit.span()) * 10, double(7 * DayMs), MaxSpan);
    const double span = std::clamp(to - from, MinSpan, limit);
    const double centre = std::clamp((from + to) / 2, double(m_fit.from), double(m_fit.to));
    m_from = centre - span / 2;
    m_to = centre + span / 2;
    update();
}

void UserTimelineView::setHoveredBar(int index)
{
    if (!m_dragging)
        setCursor(index >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    if (index == m_hovered)
        return;
    m_hovered = index;
    update();
}

// Events --------------------------------------------------------------------------------------

bool UserTimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = barAt(help->pos());
        if (index >= 0) {
            QToolTip::showText(help->globalPos(), toolTipFor(index), this,
                               wholeRect(index).toAlignedRect());
        } else if (!m_bars.isEmpty() && plotRect().contains(help->pos())) {
            QToolTip::showText(help->globalPos(),
                               tr("Ctrl+wheel or +/−: zoom\nDrag, Shift+wheel or ←/→: pan\n"
                                  "0 or double-click: fit all sessions"),
                               this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

void UserTimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateScrollBar();
}

void UserTimelineView::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    if (m_bars.isEmpty() || delta.isNull()) {
        event->ignore();
        return;
    }
    const double span = m_to - m_from;
    if (event->modifiers() & Qt::ControlModifier) {
        const int notches = delta.y() != 0 ? delta.y() : delta.x();
        zoomAround(std::pow(ZoomStep, notches / 120.0), msAt(event->position().x()));
    } else if (delta.x() != 0 || (event->modifiers() & Qt::ShiftModifier)) {
        const int notches = delta.x() != 0 ? delta.x() : delta.y();
        panBy(-notches / 120.0 * PanStep * span);
    } else if (m_scrollBar->maximum() > 0) {
        const double lanes = delta.y() / 120.0 * QApplication::wheelScrollLines();
        m_scrollBar->setValue(m_scrollBar->value() - int(std::lround(lanes * laneHeight())));
    } else {
        event->ignore();
        return;
    }
    event->accept();
}

void UserTimelineView::keyPressEvent(QKeyEvent *event)
{
    if (m_bars.isEmpty()) {
        QWidget::keyPressEvent(event);
        return;
    }
    const double span = m_to - m_from;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_0:
        fitToBars();
        break;
    case Qt::Key_Left:
        panBy(-PanStep * span);
        break;
    case Qt::Key_Right:
        panBy(PanStep * span);
        break;
    case Qt::Key_Up:
        m_scrollBar->triggerAction(QAbstractSlider::SliderSingleStepSub);
        break;
    case Qt::Key_Down:
        m_scrollBar->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        break;
    case Qt::Key_PageUp:
        m_scrollBar->triggerAction(QAbstractSlider::SliderPageStepSub);
        break;
    case Qt::Key_PageDown:
        m_scrollBar->triggerAction(QAbstractSlider::SliderPageStepAdd);
        break;
    case Qt::Key_Home:
        m_scrollBar->triggerAction(QAbstractSlider::SliderToMinimum);
        break;
    case Qt::Key_End:
        m_scrollBar->triggerAction(QAbstractSlider::SliderToMaximum);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void UserTimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_bars.isEmpty()) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_pressed = true;
    m_dragging = false;
    m_pressPos = event->position().toPoint();
    m_pressFrom = m_from;
    m_pressScroll = m_scrollBar->value();
}

void UserTimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (!m_pressed) {
        setHoveredBar(barAt(pos));
        return;
    }
    const QPoint moved = pos - m_pressPos;
    if (!m_dragging && moved.manhattanLength() >= QApplication::startDragDistance()) {
        m_dragging = true;
        setCursor(Qt::ClosedHandCursor);
    }
    if (m_dragging) {
        const double span = m_to - m_from;
        const double from = m_pressFrom - moved.x() * span / plotRect().width();
        setVisibleRange(from, from + span);
        m_scrollBar->setValue(m_pressScroll - moved.y());
    }
}

void UserTimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    const bool click = !m_dragging;
    m_pressed = m_dragging = false;
    const int index = barAt(event->position().toPoint());
    setHoveredBar(index);
    if (click && index >= 0)
        emit sessionClicked(m_bars.at(index).sessionId);
}

void UserTimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    // The first click of the two has selected a bar already; on empty space, fit.
    if (event->button() == Qt::LeftButton && !m_bars.isEmpty() &&
        barAt(event->position().toPoint()) < 0)
        fitToBars();
}

void UserTimelineView::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    if (!m_dragging)
        setHoveredBar(-1);
}

// Painting ------------------------------------------------------------------------------------

void UserTimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    if (m_bars.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(Margin, Margin, -Margin, -Margin),
                         Qt::AlignCenter | Qt::TextWordWrap, emptyText());
        return;
    }

    const QRect plot = plotRect();
    const int lane = laneHeight();
    const int first = std::max(0, m_scrollBar->value() / lane);
    const int last =
        std::min(int(m_bars.size()) - 1, (m_scrollBar->value() + plot.height()) / lane);
    const QColor highlight = palette().color(QPalette::Highlight);

    painter.save();
    painter.setClipRect(QRect(0, plot.top(), plot.right() + Margin + 1, plot.height()));
    for (int i = first; i <= last; ++i) {
        const QRectF row = laneRect(i);
        if (m_bars.at(i).sessionId == m_selected)
            painter.fillRect(row, withAlpha(highlight, 0.22));
        else if (i == m_hovered)
            painter.fillRect(row, withAlpha(highlight, 0.10));
        else if (i % 2)
            painter.fillRect(row, palette().alternateBase());
    }

    // Grid: faint at every tick, stronger where a day (month, year) begins.
    const TimeAxis axis(m_from, m_to, plot.left(), plot.width(), fontMetrics());
    const QColor grid = palette().color(QPalette::Mid);
    painter.setPen(withAlpha(grid, 0.35));
    for (const TimeAxis::Tick &tick : axis.minor())
        painter.drawLine(QPointF(xOf(double(tick.ms)), plot.top()),
                         QPointF(xOf(double(tick.ms)), plot.bottom()));
    painter.setPen(withAlpha(grid, 0.9));
    for (const TimeAxis::Tick &tick : axis.major()) {
        if (tick.ms >= m_from)
            painter.drawLine(QPointF(xOf(double(tick.ms)), plot.top()),
                             QPointF(xOf(double(tick.ms)), plot.bottom()));
    }
    const double now = double(QDateTime::currentMSecsSinceEpoch());
    if (now >= m_from && now <= m_to) {
        painter.setPen(QPen(withAlpha(palette().color(QPalette::Text), 0.55), 1, Qt::DashLine));
        painter.drawLine(QPointF(xOf(now), plot.top()), QPointF(xOf(now), plot.bottom()));
    }

    painter.setClipRect(plot);
    painter.setRenderHint(QPainter::Antialiasing);
    for (int i = first; i <= last; ++i)
        paintBar(painter, i);
    painter.restore();

    paintHeader(painter, axis);
}

void UserTimelineView::paintBar(QPainter &painter, int index) const
{
    const UserTimeline::Bar &bar = m_bars.at(index);
    const QColor color = StatusBadgeDelegate::colorFor(bar.status);
    const QRectF active = activeRect(index);
    const QRectF whole = wholeRect(index);
    const QRectF plot(plotRect());

    if (whole.right() < plot.left() || whole.left() > plot.right()) {
        // Out of view: an arrow at the edge it lies beyond, so that no lane looks empty.
        const bool before = whole.right() < plot.left();
        const double tip = before ? plot.left() : plot.right();
        const double base = tip + (before ? 1 : -1) * active.height() / 2;
        const double middle = active.center().y();
        const double half = active.height() / 2;
        painter.setPen(Qt::NoPen);
        painter.setBrush(withAlpha(color, 0.8));
        painter.drawPolygon(QPolygonF{QPointF(tip, middle), QPointF(base, middle - half),
                                      QPointF(base, middle + half)});
        return;
    }
    if (whole.right() > active.right()) {
        // The tail: signed in but idle, a pale band with the status colour's edge.
        const QRectF tail(active.right(), active.top(), whole.right() - active.right(),
                          active.height());
        painter.setPen(QPen(withAlpha(color, 0.55), 1));
        painter.setBrush(withAlpha(color, 0.22));
        painter.drawRect(tail.adjusted(0.5, 0.5, -0.5, -0.5));
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawRoundedRect(active, 2, 2);

    if (bar.sessionId == m_selected) {
        painter.setPen(QPen(palette().color(QPalette::Text), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(whole.adjusted(-2, -2, 2, 2), 3, 3);
    }

    const LabelPlace label = labelPlace(index);
    if (label.text.isEmpty())
        return;
    painter.setPen(label.onBar ? QColor(Qt::white) : palette().color(QPalette::Text));
    painter.drawText(label.rect, Qt::AlignLeft | Qt::AlignVCenter, label.text);
}

// Two rows: the user and the context of the axis (the day, month or year), then the ticks.
void UserTimelineView::paintHeader(QPainter &painter, const TimeAxis &axis) const
{
    const QRect plot = plotRect();
    const QFontMetrics metrics = fontMetrics();
    const int rowHeight = metrics.height();
    const int bottom = headerHeight() - 1;
    const QRect titleRow(Margin, 4, plot.width(), rowHeight);
    const QRect tickRow(Margin, 8 + rowHeight, plot.width(), rowHeight);

    painter.fillRect(QRect(0, 0, width(), bottom + 1), palette().window());
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(0, bottom, width(), bottom);

    // The user and how many sessions, on the right: the left edge belongs to the context of the
    // axis, which names the day (month, year) of the ticks below it.
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    const QString count =
        m_bars.size() == 1 ? tr("1 session") : tr("%1 sessions").arg(m_bars.size());
    const QString counted = (m_userTitle.isEmpty() ? QString() : QStringLiteral(" · ")) + count;
    const int countWidth = metrics.horizontalAdvance(counted) + 1;
    const QString title = boldMetrics.elidedText(m_userTitle, Qt::ElideMiddle,
                                                 std::max(0, titleRow.width() / 2 - countWidth));
    const int titleWidth = title.isEmpty() ? 0 : boldMetrics.horizontalAdvance(title) + 1;
    const int titleLeft = titleRow.right() - countWidth - titleWidth;
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRect(titleLeft, titleRow.top(), titleWidth, rowHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, title);
    painter.setFont(font());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(titleLeft + titleWidth, titleRow.top(), countWidth, rowHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, counted);

    painter.save();
    painter.setClipRect(QRect(plot.left(), 0, plot.width() + Margin, bottom));

    const auto textRect = [&](const TimeAxis::Label &label, const QRect &row) {
        return QRect(label.columns.left, row.top(), label.columns.width(), rowHeight);
    };
    // The context: the one before the span sticks to the left edge until the next one pushes it
    // out; none runs into the title (TimeAxis chooses the labels that fit).
    const QList<TimeAxis::Label> contextLabels = axis.majorLabels(titleLeft);
    auto contextLabel = contextLabels.cbegin();
    for (int i = 0; i < axis.major().size(); ++i) {
        const double x = xOf(double(axis.major().at(i).ms));
        if (x >= plot.left()) {
            painter.setPen(palette().color(QPalette::Mid));
            painter.drawLine(QPointF(x, titleRow.top()), QPointF(x, bottom));
        }
        if (contextLabel != contextLabels.cend() && contextLabel->tick == i) {
            painter.setPen(palette().color(QPalette::WindowText));
            painter.drawText(textRect(*contextLabel, titleRow), Qt::AlignLeft | Qt::AlignVCenter,
                             axis.major().at(i).text);
            ++contextLabel;
        }
    }

    // "now", then the ticks wherever their labels do not run into it or each other.
    QList<TimeAxis::Columns> taken;
    const double now = double(QDateTime::currentMSecsSinceEpoch());
    if (now >= m_from && now <= m_to) {
        const QString text = tr("now");
        const QRect nowRect(int(xOf(now)) + 3, tickRow.top(), metrics.horizontalAdvance(text) + 1,
                            rowHeight);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawLine(QPointF(xOf(now), tickRow.top()), QPointF(xOf(now), bottom));
        painter.drawText(nowRect, Qt::AlignLeft | Qt::AlignVCenter, text);
        taken << TimeAxis::Columns{nowRect.left() - 8, nowRect.right() + 8};
    }
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QList<TimeAxis::Label> tickLabels = axis.minorLabels(plot.right() + Margin, taken);
    auto tickLabel = tickLabels.cbegin();
    for (int i = 0; i < axis.minor().size(); ++i) {
        const double x = xOf(double(axis.minor().at(i).ms));
        painter.drawLine(QPointF(x, bottom - 5), QPointF(x, bottom));
        if (tickLabel != tickLabels.cend() && tickLabel->tick == i) {
            painter.drawText(textRect(*tickLabel, tickRow), Qt::AlignLeft | Qt::AlignVCenter,
                             axis.minor().at(i).text);
            ++tickLabel;
        }
    }
    painter.restore();
}

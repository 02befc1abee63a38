#include "chartview.h"

#include <QCoreApplication>
#include <QCursor>
#include <QGraphicsLineItem>
#include <QLegend>
#include <QPainter>
#include <QScatterSeries>
#include <QToolTip>

#include <cmath>

#include "chartfactory.h"

namespace ffui {

ChartView::ChartView(QChart *chart, QWidget *parent) : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    // A chart changes as a whole (new series, axes, fonts when presenting): repaint all of it, so no
    // piece of an earlier layout is left on screen after a resize or a restyle.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    setMinimumSize(400, 260);
    chartUpdated();
}

ChartView::ChartView(Builder builder, QWidget *parent) : QChartView(parent), mBuilder(std::move(builder))
{
    setRenderHint(QPainter::Antialiasing);
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    setMinimumSize(400, 260);
}

QChart *ChartView::chart() const
{
    if (mBuilder)
        const_cast<ChartView *>(this)->build();
    return QChartView::chart();
}

void ChartView::build()
{
    if (!mBuilder)
        return;
    const Builder make = std::move(mBuilder);
    mBuilder = nullptr; // built from here on: chart() inside the builder or the fit must not recurse
    // A hidden tab's page keeps the size it was made with (a stack lays out only its current page):
    // made at the stack's size, the chart is fitted as it will be shown, not at the minimum size.
    if (!isVisible() && parentWidget() && parentWidget()->width() >= minimumWidth() && parentWidget()->height() >= minimumHeight())
        resize(parentWidget()->size());
    QChart *standIn = QChartView::chart();
    setChart(make()); // the view gives up the stand-in without deleting it
    delete standIn;
    chartUpdated();
}

void ChartView::showEvent(QShowEvent *event)
{
    build(); // before its first paint
    QChartView::showEvent(event);
}

void ChartView::paintEvent(QPaintEvent *event)
{
    QChartView::paintEvent(event);
    if (!mPainted) {
        mPainted = true;
        emit firstPainted();
    }
}

void ChartView::chartUpdated()
{
    if (mBuilder)
        return; // fitted when it is made
    for (QAbstractSeries *s : chart()->series())
        if (auto *scatter = qobject_cast<QScatterSeries *>(s))
            connect(scatter, &QScatterSeries::hovered, this, &ChartView::pointHovered, Qt::UniqueConnection);
    refit();
}

void ChartView::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event); // the chart takes the view's size
    // QChartView raises the view's minimum to the chart's (legend rows and a two-line title
    // included) and never lowers it: the window could then not shrink back to a projector's size.
    setMinimumSize(400, 260);
    if (!mBuilder)
        refit();
}

void ChartView::refit()
{
    if (mFitting)
        return;
    mFitting = true;
    QChart *c = chart();
    // Qt's legend keeps one row and cuts its labels: the view draws the legend under the plot instead.
    c->legend()->setVisible(false);
    mEntries = ChartFit::legendEntries(c);
    mLegendFont = c->legend()->font();
    const QFontMetricsF fm(mLegendFont, viewport());
    const qreal pad = fm.height() * 0.5;
    const qreal w = std::max<qreal>(50, width() - 4 * pad);
    const qreal h = ChartFit::layoutLegend(mEntries, mLegendFont, viewport(), w, nullptr);
    // Narrow margins (the view has little room at 1280x720); the legend's rows under the plot.
    const int side = int(std::ceil(pad * 2));
    const QMargins m(side, int(std::ceil(pad)), side, int(std::ceil(h + pad)));
    if (m != c->margins())
        c->setMargins(m);
    mLegendRect = QRectF(2 * pad, height() - h - pad / 2, w, h);
    ChartFit::fitTitle(c, width());
    // The plot's size is known once the chart is laid out; fitting the axes may need a second pass.
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents(c, QEvent::LayoutRequest); // the chart alone: no widget moves meanwhile
        if (!ChartFit::fitAxes(c))
            break;
    }
    mFitting = false;
    cacheStillParts();
    viewport()->update();
}

void ChartView::cacheStillParts()
{
    // The grid lines and ticks of the axes are painted from a pixmap of each, made once and again
    // only when the line moves (a refit). A drag step moves the series alone (the axes hold still
    // while a slider is held), yet the view repaints all of it: the raster engine drew the 100-odd
    // antialiased grid lines of the trends chart pixel by pixel on every paint, about two thirds of
    // a drag step's GUI instructions (callgrind over gui-bench's ff_gui_step). The axes' text items
    // are left uncached: cached, Qt Charts' tick labels went missing after a refit.
    for (QGraphicsItem *item : scene()->items()) {
        if (item->type() == QGraphicsLineItem::Type && item->cacheMode() == QGraphicsItem::NoCache)
            item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    }
}

QList<QRectF> ChartView::legendBoxes() const
{
    QList<QRectF> rects;
    ChartFit::layoutLegend(mEntries, mLegendFont, viewport(), mLegendRect.width(), &rects);
    for (QRectF &r : rects)
        r.translate(mLegendRect.topLeft());
    return rects;
}

void ChartView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    ChartFit::drawLegend(*painter, mEntries, mLegendFont, mapToScene(mLegendRect.toRect()).boundingRect(), chart()->legend()->labelColor());
}

void ChartView::pointHovered(const QPointF &point, bool state)
{
    auto *series = qobject_cast<QXYSeries *>(sender());
    if (!series || !state) {
        QToolTip::hideText();
        return;
    }
    const QStringList names = series->property(ChartFactory::kPointNamesProperty).toStringList();
    const QList<QPointF> pts = series->points();
    for (qsizetype i = 0; i < pts.size() && i < names.size(); ++i)
        if (pts[i] == point) {
            QToolTip::showText(QCursor::pos(), names[i], this);
            return;
        }
}

} // namespace ffui

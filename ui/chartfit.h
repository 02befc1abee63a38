#pragma once
// Making a chart fit the space it is given, for the window and the exports alike: the legend drawn
// under the plot in as many rows as it needs (Qt's own legend cuts its labels to one row), a title
// that takes a second line rather than an ellipsis, axis titles that shrink to the plot, and tick
// labels thinned or turned so they never run together.
#include <QBrush>
#include <QFont>
#include <QList>
#include <QPen>
#include <QRectF>
#include <QString>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QChart;
class QPaintDevice;
class QPainter;
QT_END_NAMESPACE

namespace ffui {

// One legend entry as drawn under the plot: a swatch in the series' own pen or brush and its name.
struct LegendEntry {
    QString label;
    QPen pen;
    QBrush brush;
    enum { Line, Point, Box } shape = Line;
};

namespace ChartFit {
// The entries the chart's legend shows (series drawn without an entry are left out).
QList<LegendEntry> legendEntries(QChart *chart);
// Lays the entries out in rows across `width` (as many rows as they need); returns the height.
// `rects` receives each entry's box (swatch and label) relative to the legend's top left.
qreal layoutLegend(const QList<LegendEntry> &entries, const QFont &font, QPaintDevice *device, qreal width, QList<QRectF> *rects);
void drawLegend(QPainter &painter, const QList<LegendEntry> &entries, const QFont &font, const QRectF &area, const QColor &text);
// The width a label needs next to its swatch (what layoutLegend gives an entry that is not cut).
qreal legendEntryWidth(const LegendEntry &entry, const QFont &font, QPaintDevice *device);

// The chart's title on two lines when one line is wider than `width` (the chart's own width).
void fitTitle(QChart *chart, qreal width);
// After the chart has been laid out (plotArea() is current): axis titles no longer than the plot's
// side (smaller type, down to the tick labels' size), tick labels thinned (value and category axes)
// or turned upright (bar categories) so that neighbours never overlap. Returns whether anything
// changed (the chart must then be laid out again).
bool fitAxes(QChart *chart);
// Forget what fitAxes learnt of an axis (its sizes, interval, labels): an axis kept for a new
// spec or style is fitted from that spec alone.
void forgetFit(QAbstractAxis *axis);
} // namespace ChartFit

} // namespace ffui

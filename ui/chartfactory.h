#pragma once
// Builds each chart from a forecast Result: the one source of charts for the window and for exports.
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace ff {
class Engine;
struct Result;
} // namespace ff

namespace ffui {

enum class ChartKind { Trends, Crossing, Timeline, Hardware };

// Font sizes (points) and line widths. The window uses the defaults; exports scale them with the image.
struct ChartStyle {
    qreal titlePt = 14;
    qreal axisTitlePt = 12;
    qreal axisLabelPt = 11;
    qreal legendPt = 11;
    qreal lineWidth = 2.5;
    qreal markerSize = 10;

    // Larger fonts for a larger canvas, so a 1920x1080 export stays readable when projected.
    static ChartStyle forSize(const QSize &logicalSize);
};

class ChartFactory {
public:
    static QList<ChartKind> kinds();
    static QString id(ChartKind kind); // "trends", ...: command line names and file names
    static QString title(ChartKind kind);    // the chart's own title
    static QString tabTitle(ChartKind kind); // short, for tabs and menus
    static std::optional<ChartKind> fromId(const QString &id);
    static QStringList ids();

    // A new chart showing `r` (the caller owns it). Charts hold no data of their own beyond the series.
    static QChart *create(ChartKind kind, const ff::Engine &engine, const ff::Result &r, const ChartStyle &style = {});
    // Shows a new result in a chart made by create(), reusing its series and axes.
    static void update(QChart *chart, const ff::Engine &engine, const ff::Result &r);
    static ChartKind kindOf(const QChart *chart);
    // Legend below the plot when its entries fit in one row of `width`, otherwise on the right.
    static void fitLegend(QChart *chart, qreal width);

    // Scatter series carry one tooltip text per point in this dynamic property (a QStringList).
    static const char kPointNamesProperty[];
};

} // namespace ffui

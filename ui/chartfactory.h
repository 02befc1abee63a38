#pragma once
// Builds each chart from a forecast Result and the extras the model computes beside it (Monte Carlo,
// sensitivity, back-test): the one source of charts for the window and for exports.
#include <QList>
#include <QPointF>
#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

#include "forecastextras.h"

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace ff {
class Engine;
struct Result;
struct ReportExtras;
} // namespace ff

namespace ffui {

enum class ChartKind { Trends, Crossing, Timeline, Hardware, Fan, Histogram, Tornado, Backtest, Economics };

// Font sizes (points), line widths and the palette. The window uses the defaults (or larger ones
// when presenting); exports scale them with the image and stay light unless asked.
struct ChartStyle {
    qreal titlePt = 14;
    qreal axisTitlePt = 12;
    qreal axisLabelPt = 11;
    qreal legendPt = 11;
    qreal lineWidth = 2.5;
    qreal markerSize = 10;
    bool dark = false;   // light text on a dark background
    bool pixels = false; // sizes are pixels, the family generic sans-serif (exports); else points

    // Larger fonts for a larger canvas, so a 1920x1080 export stays readable when projected.
    static ChartStyle forSize(const QSize &logicalSize);
    // Every size multiplied by k (presentation mode).
    ChartStyle scaled(qreal k) const;
    bool operator==(const ChartStyle &o) const;
};

class ChartFactory {
public:
    static QList<ChartKind> kinds();
    static QString id(ChartKind kind); // "trends", ...: command line names and file names
    static QString title(ChartKind kind);    // the chart's own title (a chart may add what it shows)
    static QString tabTitle(ChartKind kind); // short, for tabs and menus
    static std::optional<ChartKind> fromId(const QString &id);
    static QStringList ids();
    // What a chart needs beyond the Result (Extra::None: the Result alone).
    static Extras needs(ChartKind kind);
    // The parts of the Result it draws besides the headline (ff::ResultPart).
    static unsigned parts(ChartKind kind);

    // A new chart showing `r` and `extras` (the caller owns it). Charts hold no data of their own
    // beyond the series. A chart whose extras are missing shows its axes and says so in its title.
    static QChart *create(ChartKind kind, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras,
                          const ChartStyle &style = {});
    static QChart *create(ChartKind kind, const ff::Engine &engine, const ff::Result &r, const ChartStyle &style = {});
    static QChart *create(ChartKind kind, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras,
                          const ChartStyle &style, const ff::Result *pinned);
    // Shows a new result in a chart made by create(), reusing its series and axes where it can.
    static void update(QChart *chart, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras);
    static void update(QChart *chart, const ff::Engine &engine, const ff::Result &r);
    // The same with a pinned scenario's result overlaid in a muted style (null: none).
    static void update(QChart *chart, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras,
                       const ff::Result *pinned);
    // Frozen axes keep their range through update() (a drag); unfreezing and updating refits them.
    static void setAxesFrozen(QChart *chart, bool frozen);
    static bool axesFrozen(const QChart *chart);
    // A new style (fonts, palette) for a chart made by create(); the next update() rebuilds it.
    static void setStyle(QChart *chart, const ChartStyle &style);
    static ChartStyle style(const QChart *chart);
    static ChartKind kindOf(const QChart *chart);
    // Legend below the plot when its entries fit in one row of `width`, otherwise on the right.
    static void fitLegend(QChart *chart, qreal width);
    // The chart's data as drawn (for tests): each series' name and points.
    struct DrawnSeries {
        QString name;
        QList<QPointF> points;
        bool legend = true;
    };
    static QList<DrawnSeries> drawnSeries(ChartKind kind, const ff::Engine &engine, const ff::Result &r,
                                          const ff::ReportExtras &extras = {}, const ff::Result *pinned = nullptr);

    // Scatter series carry one tooltip text per point in this dynamic property (a QStringList).
    static const char kPointNamesProperty[];
    // Whether a series has an entry in the legend (false: drawn without one), a bool.
    static const char kLegendShownProperty[];
};

} // namespace ffui

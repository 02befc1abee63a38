#pragma once
// What every chart builder shares (internal to ui/, not part of ChartFactory's interface): the
// description of a chart before it becomes a QChart (ChartSpec: axes, series, bars), the palette,
// and the helpers several charts use (year axes, log and linear ranges, today's line, parity markers,
// the pinned scenario's style). Each chart's builder lives in its own ui/chart_<kind>.cpp;
// ChartFactory (chartfactory.cpp) turns a ChartSpec into a QChart.
#include <QColor>
#include <QList>
#include <QPointF>
#include <QScatterSeries>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chartfactory.h"

namespace ff {
class Engine;
struct Distribution;
struct ParityResult;
struct Result;
struct ReportExtras;
struct Series;
} // namespace ff

namespace ffui::chartparts {

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
inline const QColor kBlue(0x00, 0x72, 0xB2);
inline const QColor kOrange(0xE6, 0x9F, 0x00);
inline const QColor kGreen(0x00, 0x9E, 0x73);
inline const QColor kVermillion(0xD5, 0x5E, 0x00);
inline const QColor kPurple(0xCC, 0x79, 0xA7);
inline const QColor kSky(0x56, 0xB4, 0xE9);
inline const QColor kBlack(0x22, 0x22, 0x22);
inline const QColor kGrey(0x88, 0x88, 0x88);

QString tr(const char *text);

enum class Draw { Line, Dashed, Marker, Scatter, LinePoints, Band };

struct AxisSpec {
    QString title;
    bool log = false;
    double base = 10;
    double min = 0, max = 1;
    QString format = QStringLiteral("%g");
    double tickInterval = 0; // linear axes: a label every tickInterval from tickAnchor
    double tickAnchor = 0;
    std::vector<std::pair<QString, double>> labels; // labels at values (a relative axis labelled in years)
    bool grid = true;
};

struct SeriesSpec {
    QString name;
    QList<QPointF> points;      // Band: the upper edge
    QList<QPointF> lower;       // Band: the lower edge
    QColor color;
    Draw draw = Draw::Line;
    bool rightAxis = false;
    QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle;
    Qt::PenStyle dash = Qt::DashLine; // Draw::Dashed
    QStringList pointNames; // tooltips for scatter points
    bool legend = true;     // false: drawn without a legend entry (the projected half of a trend)
};

struct BarSetSpec {
    QString name;
    QColor color;
    QList<qreal> values;
};

// Bars over categories: vertical (categories along x) or horizontal (categories up y, the first at the bottom).
struct BarsSpec {
    bool horizontal = false;
    QStringList categories;
    std::vector<BarSetSpec> sets;
    qreal barWidth = 0.8;
};

struct ChartSpec {
    QString title;
    AxisSpec x, y; // with bars: the value axis is y (vertical bars) or x (horizontal bars)
    bool hasY2 = false;
    AxisSpec y2;
    std::vector<SeriesSpec> series;
    std::optional<BarsSpec> bars;
};

// The series with this role (null: none).
const ff::Series *byRole(const std::vector<ff::Series> &list, const char *role);
// Its finite points (positiveOnly: only y > 0 too, for a log axis).
QList<QPointF> pointsOf(const ff::Series &s, bool positiveOnly);
// Draws a sampled step function as steps: the old value holds until the sample where it changes.
QList<QPointF> asSteps(const QList<QPointF> &p);
// A model series as drawn: steps when the model says it changes in steps.
QList<QPointF> drawnPoints(const ff::Series &s, bool positiveOnly);
// The right end of the time axis: a few years past parity, so the crossing is in view.
double viewEnd(const ff::Engine &e, const ff::Result &r);
// A calendar-year axis over [from, to] in whole years, a label every 1, 2 or 5 years.
void setYearAxis(AxisSpec &a, double from, double to, const QString &title = tr("Year"));

// The range of the values a chart shows (values that are not finite are left out).
struct Bounds {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v)
    {
        if (!std::isfinite(v))
            return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    void addY(const QList<QPointF> &pts, double xFrom, double xTo)
    {
        for (const QPointF &p : pts)
            if (p.x() >= xFrom - 1e-9 && p.x() <= xTo + 1e-9)
                add(p.y());
    }
    bool valid() const { return lo <= hi; }
};

// A log axis over b, out to whole powers of base.
void setLogRange(AxisSpec &a, const Bounds &b, double base);
// A linear axis over [lo, hi], out to a round step (about six labels).
void setLinearRange(AxisSpec &a, double lo, double hi);
// A vertical line at a parity date; its legend entry gives the date in the cards' words.
SeriesSpec parityMarker(const ff::ParityResult &p, double yLo, double yHi, double xFrom, double xTo,
                        const ff::Distribution *precision, const QString &which = tr("Task-level"));
// A dollar amount as the report writes it.
QString usd(double x);

// The pinned scenario: its own hue and a dash-dot line, so it never reads as "Today" (grey, dotted);
// every legend entry of it starts "Pinned: <its name>".
inline const QColor kPinned = kPurple;
inline const Qt::PenStyle kPinnedDash = Qt::DashDotDotLine;

// The pinned curves beside the marker that names the pin: "Pinned: needs" (the name once per legend).
QString pinnedCurve(const QString &what);
// A vertical line at the pinned scenario's task-level parity date (no points when it falls outside
// [xFrom, xTo] or is not reached; the legend still says so).
SeriesSpec pinnedParityMarker(const ff::Result &pinned, double yLo, double yHi, double xFrom, double xTo);
// The view's end, far enough right to show the pinned parity date too.
double withPinned(double end, const ff::Engine &e, const ff::Result *pinned);
// A vertical line at as-of: left of it is observed, right of it projected.
SeriesSpec todayLine(const ff::Result &r, double yLo, double yHi);
// The markers a chart over years ends with, over the y range it has by then, in this order: today's
// line, the task-level parity marker (its date worded by the Monte Carlo range once there is one;
// none when withParity is false) and, with a pin, the pinned scenario's parity marker.
void addYearMarkers(ChartSpec &c, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned, bool withParity = true);
// A series as observed (solid, up to as-of) and projected (dashed, after it, no legend entry of its own).
std::vector<SeriesSpec> splitAtToday(const SeriesSpec &s, double asOf);
// A y range for quality over time that keeps the frontier and the target readable while the
// projected local line keeps climbing.
void setQualityRange(ChartSpec &c, const Bounds &all, const Bounds &bar, const ff::Engine &e);
// A chart's title when what it shows is missing: its own title and why.
QString noData(ChartKind kind, const QString &why);

// One builder per chart (ui/chart_<kind>.cpp), in ChartKind's order.
ChartSpec trendsSpec(const ff::Engine &e, const ff::Result &r);
ChartSpec crossingSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned);
ChartSpec timelineSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned);
ChartSpec hardwareSpec(const ff::Engine &e, const ff::Result &r);
ChartSpec fanSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned);
ChartSpec histogramSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x);
ChartSpec tornadoSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x);
ChartSpec backtestSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x);
ChartSpec economicsSpec(const ff::Engine &e, const ff::Result &r);

} // namespace ffui::chartparts

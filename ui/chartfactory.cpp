#include "chartfactory.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <vector>

#include "assumptions.h"
#include "economics.h"
#include "forecast.h"
#include "market.h"
#include "qtstrings.h"
#include "report.h"
#include "timeutil.h"

namespace ffui {
namespace detail {
// A chart's kind, style and update state (see kStateProperty).
struct ChartState {
    ChartKind kind = ChartKind::Trends;
    ChartStyle style;
    bool rebuild = true;     // the next update builds the series and axes anew (new style, new shape)
    bool axesFrozen = false; // updates keep the axes' range (a drag)
};
} // namespace detail
} // namespace ffui
Q_DECLARE_METATYPE(ffui::detail::ChartState)

namespace ffui {

namespace {

using detail::ChartState;

// What a chart made by ChartFactory::create carries between updates, as one typed value (a new
// style field travels with it; nothing is spelled out field by field).
const char kStateProperty[] = "ffChartState";

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
const QColor kBlue(0x00, 0x72, 0xB2);
const QColor kOrange(0xE6, 0x9F, 0x00);
const QColor kGreen(0x00, 0x9E, 0x73);
const QColor kVermillion(0xD5, 0x5E, 0x00);
const QColor kPurple(0xCC, 0x79, 0xA7);
const QColor kSky(0x56, 0xB4, 0xE9);
const QColor kBlack(0x22, 0x22, 0x22);
const QColor kGrey(0x88, 0x88, 0x88);

// The same hues on a dark background: dark blue and near-black would vanish there.
QColor onTheme(const QColor &c, bool dark)
{
    if (!dark)
        return c;
    if (c == kBlack)
        return QColor(0xEE, 0xEE, 0xEE);
    if (c == kBlue)
        return kSky;
    if (c == kSky)
        return QColor(0xA8, 0xDC, 0xF8);
    if (c == kGrey)
        return QColor(0xAA, 0xAA, 0xAA);
    return c;
}

struct Palette {
    QColor background, text, grid, minorGrid, axisLine;
};

Palette paletteFor(bool dark)
{
    if (dark)
        return {QColor(0x1E, 0x1F, 0x22), QColor(0xEE, 0xEE, 0xEE), QColor(0x55, 0x58, 0x5E), QColor(0x2B, 0x2D, 0x31),
                QColor(0xAA, 0xAA, 0xAA)};
    return {Qt::white, QColor(0x22, 0x22, 0x22), QColor(0xD4, 0xD4, 0xD4), QColor(0xF0, 0xF0, 0xF0), QColor(0x88, 0x88, 0x88)};
}

QString tr(const char *text) { return QCoreApplication::translate("ffui::ChartFactory", text); }

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

const ff::Series *byRole(const std::vector<ff::Series> &list, const char *role)
{
    for (const auto &s : list)
        if (s.role == role)
            return &s;
    return nullptr;
}

QList<QPointF> pointsOf(const ff::Series &s, bool positiveOnly)
{
    QList<QPointF> out;
    out.reserve(static_cast<qsizetype>(s.x.size()));
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (positiveOnly && s.y[i] <= 0))
            continue;
        out.append(QPointF(s.x[i], s.y[i]));
    }
    return out;
}

// Draws a sampled step function as steps: the old value holds until the sample where it changes.
QList<QPointF> asSteps(const QList<QPointF> &p)
{
    QList<QPointF> out;
    out.reserve(p.size() * 2);
    for (qsizetype i = 0; i < p.size(); ++i) {
        if (i > 0 && p[i].y() != p[i - 1].y() && p[i].x() != p[i - 1].x())
            out.append(QPointF(p[i].x(), p[i - 1].y()));
        out.append(p[i]);
    }
    return out;
}

// A model series as drawn: steps when the model says it changes in steps.
QList<QPointF> drawnPoints(const ff::Series &s, bool positiveOnly)
{
    const QList<QPointF> p = pointsOf(s, positiveOnly);
    return s.stepped ? asSteps(p) : p;
}

// The right end of the time axis: a few years past parity, so the crossing is in view.
double viewEnd(const ff::Engine &e, const ff::Result &r)
{
    const double horizon = e.data().settings.horizonYear;
    double end = r.asOf + 6;
    if (r.task.reached)
        end = std::max(end, r.task.year + 3);
    if (r.full.reached)
        end = std::max(end, r.full.year + 2);
    else
        end = horizon;
    return std::min(std::ceil(end), horizon);
}

void setYearAxis(AxisSpec &a, double from, double to, const QString &title = tr("Year"))
{
    a.title = title;
    a.min = std::floor(from);
    a.max = std::max(a.min + 1, std::ceil(to));
    const double span = a.max - a.min;
    a.tickInterval = span <= 10 ? 1 : span <= 20 ? 2 : 5;
    a.tickAnchor = std::ceil(a.min / a.tickInterval) * a.tickInterval;
    a.format = QStringLiteral("%.0f");
}

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

void setLogRange(AxisSpec &a, const Bounds &b, double base)
{
    a.log = true;
    a.base = base;
    if (!b.valid() || b.lo <= 0) {
        a.min = 1;
        a.max = base;
        return;
    }
    // A little room so points on a power of the base do not sit on the frame.
    const double lb = std::log(base);
    a.min = std::pow(base, std::floor(std::log(b.lo / 1.08) / lb));
    a.max = std::pow(base, std::ceil(std::log(b.hi * 1.08) / lb));
    if (a.max <= a.min)
        a.max = a.min * base;
    // pow() can land a hair inside a power of the base, and the axis then drops that end's label.
    a.min *= 1 - 1e-9;
    a.max *= 1 + 1e-9;
}

void setLinearRange(AxisSpec &a, double lo, double hi)
{
    a.log = false;
    if (!(hi > lo)) {
        lo -= 1;
        hi += 1;
    }
    const double span = hi - lo;
    const double raw = span / 6;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    a.min = std::floor(lo / step) * step;
    a.max = std::ceil(hi / step) * step;
    a.tickInterval = step;
    a.tickAnchor = a.min;
    a.format = step >= 1 ? QStringLiteral("%.0f") : QStringLiteral("%.1f");
}

SeriesSpec parityMarker(const ff::ParityResult &p, double yLo, double yHi, double xFrom, double xTo,
                        const ff::Distribution *precision, const QString &which = tr("Task-level"))
{
    SeriesSpec m;
    m.draw = Draw::Marker;
    m.color = kBlack;
    if (p.reached) {
        m.name = tr("%1 parity (%2)").arg(which, qs(ff::yearText(p, precision))); // the cards' words (one date rule)
        if (p.year >= xFrom && p.year <= xTo)
            m.points = {QPointF(p.year, yLo), QPointF(p.year, yHi)};
    } else {
        m.name = tr("%1 parity: not within the horizon").arg(which);
    }
    return m;
}

QString usd(double x) { return qs(ff::fmtUsd(x)); }

// The pinned scenario: its own hue and a dash-dot line, so it never reads as "Today" (grey, dotted);
// every legend entry of it starts "Pinned: <its name>".
const QColor kPinned = kPurple;
const Qt::PenStyle kPinnedDash = Qt::DashDotDotLine;

QString pinnedLegend(const ff::Result &pinned, const QString &what)
{
    return what.isEmpty() ? tr("Pinned: %1").arg(qs(pinned.scenario.name)) : tr("Pinned: %1: %2").arg(qs(pinned.scenario.name), what);
}

// The pinned curves beside the marker that names the pin: "Pinned: needs" (the name once per legend).
QString pinnedCurve(const QString &what) { return tr("Pinned: %1").arg(what); }

// A vertical line at the pinned scenario's task-level parity date (no points when it falls outside
// [xFrom, xTo] or is not reached; the legend still says so).
SeriesSpec pinnedParityMarker(const ff::Result &pinned, double yLo, double yHi, double xFrom, double xTo)
{
    SeriesSpec m;
    m.draw = Draw::Marker; // a legend entry even when the date is off the chart or not reached
    m.dash = kPinnedDash;
    m.color = kPinned;
    if (pinned.task.reached) {
        // Short: the legend carries several pinned entries at 1280x720 ("due since" for an answer implied by the law).
        const QString when = pinned.task.kind == ff::ParityKind::Implied ? tr("due since %1").arg(qs(ff::formatMonth(pinned.task.year)))
                                                                          : qs(ff::yearText(pinned.task));
        m.name = pinnedLegend(pinned, tr("task-level parity %1").arg(when));
        if (pinned.task.year >= xFrom && pinned.task.year <= xTo)
            m.points = {QPointF(pinned.task.year, yLo), QPointF(pinned.task.year, yHi)};
    } else {
        m.name = pinnedLegend(pinned, tr("task-level parity not within the horizon"));
    }
    return m;
}

// The view's end, far enough right to show the pinned parity date too.
double withPinned(double end, const ff::Engine &e, const ff::Result *pinned)
{
    if (pinned && pinned->task.reached)
        end = std::max(end, std::ceil(pinned->task.year + 1));
    return std::min(end, e.data().settings.horizonYear);
}

// A vertical line at as-of: left of it is observed, right of it projected.
SeriesSpec todayLine(const ff::Result &r, double yLo, double yHi)
{
    SeriesSpec t;
    t.draw = Draw::Dashed;
    t.dash = Qt::DotLine;
    t.color = kGrey;
    t.name = tr("Today (as of %1)").arg(qs(ff::formatMonth(r.asOf)));
    t.points = {QPointF(r.asOf, yLo), QPointF(r.asOf, yHi)};
    return t;
}

// A series as observed (solid, up to as-of) and projected (dashed, after it, no legend entry of its own).
std::vector<SeriesSpec> splitAtToday(const SeriesSpec &s, double asOf)
{
    SeriesSpec past = s, future = s;
    past.points.clear();
    future.points.clear();
    for (qsizetype i = 0; i < s.points.size(); ++i) {
        const QPointF &p = s.points[i];
        if (p.x() <= asOf + 1e-9)
            past.points.append(p);
        if (p.x() >= asOf - 1e-9)
            future.points.append(p);
        // The point where the two meet, so the line does not break.
        if (i + 1 < s.points.size() && p.x() < asOf && s.points[i + 1].x() > asOf) {
            const QPointF &q = s.points[i + 1];
            const QPointF mid(asOf, p.y() + (q.y() - p.y()) * (asOf - p.x()) / (q.x() - p.x()));
            past.points.append(mid);
            future.points.append(mid);
        }
    }
    future.draw = Draw::Dashed;
    future.legend = false;
    future.name = s.name + tr(" (projected)");
    std::vector<SeriesSpec> out;
    if (!past.points.isEmpty())
        out.push_back(past);
    if (!future.points.isEmpty())
        out.push_back(future);
    return out;
}

QColor roleColor(const std::string &role, std::size_t fallbackIndex)
{
    static const std::map<std::string, QColor> colors = {
        {"compute_per_dollar", kBlue},     {"bandwidth_per_dollar", kOrange}, {"memory_per_dollar", kGreen},
        {"model_efficiency", kVermillion}, {"memory_roadmap", kPurple},       {"frontier", kBlack},
        {"local_projected", kBlue},        {"target", kVermillion},
    };
    const auto it = colors.find(role);
    if (it != colors.end())
        return it->second;
    const QColor cycle[] = {kSky, kGreen, kPurple, kOrange, kGrey};
    return cycle[fallbackIndex % std::size(cycle)];
}

ChartSpec trendsSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Trends);
    double xFrom = std::numeric_limits<double>::infinity();
    for (const auto &s : r.trends)
        if (!s.x.empty())
            xFrom = std::min(xFrom, s.x.front());
    if (!std::isfinite(xFrom))
        xFrom = e.data().settings.t0 - 5;
    setYearAxis(c.x, xFrom, viewEnd(e, r));
    Bounds b;
    std::size_t i = 0;
    for (const auto &s : r.trends) {
        SeriesSpec sp;
        sp.name = qs(s.name);
        sp.points = drawnPoints(s, true);
        sp.color = roleColor(s.role, i++);
        b.addY(sp.points, c.x.min, c.x.max);
        for (SeriesSpec &part : splitAtToday(sp, r.asOf))
            c.series.push_back(part);
    }
    // The efficiency index runs many decades from 1.0 when the fitted law is extrapolated far from t0;
    // keep the hardware lines readable and let that one leave the plot.
    b.lo = std::max(b.lo, 1e-3);
    b.hi = std::min(b.hi, 1e4);
    setLogRange(c.y, b, 10);
    c.y.title = tr("Index, 1.0 in %1 (log)").arg(e.data().settings.t0, 0, 'f', 0);
    c.series.push_back(todayLine(r, c.y.min, c.y.max));
    return c;
}

ChartSpec crossingSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Crossing);
    const ff::Series *need = byRole(r.crossing, "need_deff");
    const ff::Series *offer = byRole(r.crossing, "offer_deff");
    // A year of history to the left of today, a few years past parity to the right.
    setYearAxis(c.x, r.asOf - 1, withPinned(viewEnd(e, r), e, pinned));
    Bounds b;
    const auto add = [&](const ff::Series *s, const QString &name, const QColor &color, Draw draw, bool muted) {
        if (!s)
            return;
        SeriesSpec sp;
        sp.name = name;
        sp.points = drawnPoints(*s, true);
        sp.color = muted ? kPinned : color;
        sp.draw = draw;
        if (muted) {
            sp.dash = kPinnedDash;
            sp.legend = false; // the pinned marker's entry (dash-dot) names the pin once; a legend of five rows left no plot at 1280x720
        }
        for (const std::string &l : s->labels)
            sp.pointNames << qs(l);
        b.addY(sp.points, c.x.min, c.x.max);
        c.series.push_back(sp);
    };
    add(need, tr("Sonnet-class needs (by the law)"), kVermillion, Draw::Dashed, false);
    add(offer, tr("%1 box runs at API speed (best box, projected)").arg(usd(r.budgetUsd)), kBlue, Draw::Line, false);
    if (pinned) {
        // The pinned need only when it differs (another target, law or yardstick); else it hides under this one.
        const ff::Series *pinnedNeed = byRole(pinned->crossing, "need_deff");
        if (pinnedNeed && (!need || pinnedNeed->x != need->x || pinnedNeed->y != need->y))
            add(pinnedNeed, pinnedCurve(tr("needs")), kPinned, Draw::Dashed, true);
        add(byRole(pinned->crossing, "offer_deff"), pinnedCurve(tr("%1 box runs").arg(usd(pinned->budgetUsd))), kPinned, Draw::Dashed,
            true);
    }
    // The need falls by orders of magnitude far from today; keep the offer readable.
    Bounds offerB;
    if (offer)
        offerB.addY(drawnPoints(*offer, true), c.x.min, c.x.max);
    if (offerB.valid()) {
        b.lo = std::max(b.lo, offerB.lo / 64);
        b.hi = std::min(b.hi, offerB.hi * 64);
    }
    setLogRange(c.y, b, 10);
    c.y.title = tr("Size at API speed (B dense-equiv., log)");
    c.series.push_back(todayLine(r, c.y.min, c.y.max));
    c.series.push_back(parityMarker(r.task, c.y.min, c.y.max, c.x.min, c.x.max, x.monteCarlo ? &x.monteCarlo->task : nullptr));
    if (pinned)
        c.series.push_back(pinnedParityMarker(*pinned, c.y.min, c.y.max, c.x.min, c.x.max));
    return c;
}

// A y range for quality over time that keeps the frontier and the target readable while the
// projected local line keeps climbing.
void setQualityRange(ChartSpec &c, const Bounds &all, const Bounds &bar, const ff::Engine &e)
{
    const double hi = bar.valid() ? std::min(all.hi, bar.hi + 20) : all.hi;
    setLinearRange(c.y, all.valid() ? all.lo - 2 : 100, all.valid() ? hi + 2 : 160);
    c.y.title = tr("Quality (%1)").arg(qs(e.data().qualityIndexName));
}

ChartSpec timelineSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Timeline);
    double xFrom = std::numeric_limits<double>::infinity();
    for (const auto &s : r.timeline)
        if (!s.x.empty() && s.role != "frontier")
            xFrom = std::min(xFrom, s.x.front());
    if (!std::isfinite(xFrom))
        xFrom = r.asOf - 3;
    setYearAxis(c.x, xFrom, withPinned(viewEnd(e, r), e, pinned));
    Bounds all, bar;
    std::vector<SeriesSpec> points;
    const auto add = [&](const ff::Series &s, bool muted) {
        SeriesSpec sp;
        sp.name = qs(s.name);
        for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k)
            if (s.x[k] >= c.x.min - 1e-9 || s.role != "frontier" || k + 1 == s.x.size() || s.x[k + 1] >= c.x.min)
                sp.points.append(QPointF(std::max(s.x[k], c.x.min), s.y[k]));
        if (s.stepped)
            sp.points = asSteps(sp.points);
        sp.color = s.role == "frontier" ? kBlack : s.role == "target" ? kVermillion : kBlue;
        // Observed (the frontier, the catalog's best local run): solid, with the real models as points;
        // projected and the bar: dashed.
        const bool observedRole = s.role == "local_observed" || s.role == "frontier";
        sp.draw = observedRole ? Draw::Line : Draw::Dashed;
        sp.dash = s.role == "target" ? Qt::DashDotLine : Qt::DashLine;
        if (muted) {
            sp.name = pinnedCurve(sp.name);
            sp.color = kPinned;
            sp.dash = kPinnedDash;
            sp.draw = Draw::Dashed;
            sp.legend = false; // named once, by the pinned marker's entry
        }
        if (observedRole && !muted) {
            SeriesSpec pts;
            pts.draw = Draw::Scatter;
            pts.color = sp.color;
            pts.legend = false;
            pts.name = tr("%1: models").arg(sp.name);
            for (std::size_t k = 0; k < s.x.size() && k < s.labels.size(); ++k)
                if (!s.labels[k].empty() && s.x[k] >= c.x.min - 1e-9 &&
                    (k == 0 || s.labels[k] != s.labels[k - 1])) {
                    pts.points.append(QPointF(s.x[k], s.y[k]));
                    pts.pointNames << qs(s.labels[k]);
                }
            points.push_back(pts);
        }
        all.addY(sp.points, c.x.min, c.x.max);
        if (s.role != "local_projected")
            bar.addY(sp.points, c.x.min, c.x.max);
        c.series.push_back(sp);
    };
    for (const ff::Series &s : r.timeline)
        add(s, false);
    for (const SeriesSpec &pts : points)
        c.series.push_back(pts);
    if (pinned)
        for (const ff::Series &s : pinned->timeline)
            if (s.role == "local_projected" || (s.role == "target" && pinned->targetQuality != r.targetQuality))
                add(s, true);
    setQualityRange(c, all, bar, e);
    c.series.push_back(todayLine(r, c.y.min, c.y.max));
    c.series.push_back(parityMarker(r.task, c.y.min, c.y.max, c.x.min, c.x.max, x.monteCarlo ? &x.monteCarlo->task : nullptr));
    if (pinned)
        c.series.push_back(pinnedParityMarker(*pinned, c.y.min, c.y.max, c.x.min, c.x.max));
    return c;
}

ChartSpec hardwareSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Hardware);
    const ff::DataSet &d = e.data();
    // Split at the budget: a card counts with the host it needs, a unified system is the whole box.
    double host = 0;
    {
        const std::vector<double> v = ff::assumptionValues(d, r.scenario);
        for (std::size_t i = 0; i < d.assumptions.size() && i < v.size(); ++i)
            if (d.assumptions[i].name == "host_cost_usd")
                host = v[i];
    }
    SeriesSpec within, over, chosen;
    within.draw = over.draw = chosen.draw = Draw::Scatter;
    within.color = kBlue;
    over.color = kGrey;
    within.name = tr("Within %1 (cards with a %2 host)").arg(usd(r.budgetUsd), usd(host));
    over.name = tr("Over %1").arg(usd(r.budgetUsd));
    // The box the forecast chose: today's best box under the budget.
    std::string chosenBox;
    for (const auto &row : r.budgets)
        if (std::fabs(row.budgetUsd - r.budgetUsd) < 0.5)
            chosenBox = row.box;
    if (chosenBox.empty() && !r.scenarios.empty())
        chosenBox = r.scenarios.front().box;
    const ff::HardwarePart *chosenPart = nullptr;
    for (const auto &part : d.parts)
        if (!chosenBox.empty() && part.priceUsd && part.released <= r.asOf && chosenBox.find(part.name) != std::string::npos &&
            (!chosenPart || part.name.size() > chosenPart->name.size()))
            chosenPart = &part;
    chosen.color = kVermillion;
    chosen.shape = QScatterSeries::MarkerShapeStar;
    chosen.name = chosenPart ? tr("Chosen today: %1").arg(qs(chosenBox)) : tr("No box under the budget today");
    for (const auto &part : d.parts) {
        if (!part.priceUsd || part.memoryGb <= 0 || part.bandwidthGbps <= 0 || part.released > r.asOf)
            continue;
        const double box = *part.priceUsd + (part.kind == ff::PartKind::Gpu ? host : 0.0);
        SeriesSpec &sp = box <= r.budgetUsd ? within : over;
        const QString name = tr("%1 (%2, %3): %4 GB, %5 GB/s, %6 %7")
                                 .arg(qs(part.name), qs(ff::formatMonth(part.released)), usd(*part.priceUsd))
                                 .arg(part.memoryGb, 0, 'g', 4)
                                 .arg(part.bandwidthGbps, 0, 'g', 5)
                                 .arg(part.kind == ff::PartKind::Unified ? tr("whole system") : tr("card"));
        sp.points.append(QPointF(part.memoryGb, part.bandwidthGbps));
        sp.pointNames.append(name);
        if (&part == chosenPart) {
            chosen.points.append(QPointF(part.memoryGb, part.bandwidthGbps));
            chosen.pointNames.append(name);
        }
    }
    c.series.push_back(over);
    c.series.push_back(within);
    // Future generations as the model projects them for this scenario.
    SeriesSpec roadmap, trend;
    roadmap.draw = trend.draw = Draw::Scatter;
    roadmap.name = tr("Projected: next generation (roadmap)");
    roadmap.color = kPurple;
    roadmap.shape = QScatterSeries::MarkerShapeStar;
    trend.name = tr("Projected: later generations (trend), to %1").arg(viewEnd(e, r), 0, 'f', 0);
    trend.color = kGreen;
    trend.shape = QScatterSeries::MarkerShapeTriangle;
    try {
        const double end = viewEnd(e, r);
        for (const auto &g : e.projectedParts(r.scenario)) {
            if (g.released > end + 1e-9 || g.memoryGb <= 0 || g.bandwidthGbps <= 0)
                continue;
            SeriesSpec &sp = g.explicitRoadmap ? roadmap : trend;
            sp.points.append(QPointF(g.memoryGb, g.bandwidthGbps));
            sp.pointNames.append(tr("%1: %2 GB, %3 GB/s, %4")
                                     .arg(qs(g.name()))
                                     .arg(g.memoryGb, 0, 'f', 0)
                                     .arg(g.bandwidthGbps, 0, 'f', 0)
                                     .arg(usd(g.priceUsd)));
        }
    } catch (const std::exception &) {
        // Projections are an extra; the catalog alone is still worth showing.
    }
    c.series.push_back(roadmap);
    c.series.push_back(trend);
    c.series.push_back(chosen);
    Bounds mem, bw;
    for (const auto &s : c.series)
        for (const QPointF &p : s.points) {
            mem.add(p.x());
            bw.add(p.y());
        }
    setLogRange(c.x, mem, 2);
    c.x.title = tr("Memory (GB, log scale)");
    setLogRange(c.y, bw, 2);
    c.y.title = tr("Memory bandwidth (GB/s, log scale)");
    return c;
}

QString yearLabel(double t, double horizon)
{
    return std::isfinite(t) ? qs(ff::formatMonth(t)).left(4) : tr("after %1").arg(horizon, 0, 'f', 0);
}

QString noData(ChartKind kind, const QString &why) { return ChartFactory::title(kind) + QStringLiteral(" \u2014 ") + why; }

ChartSpec fanSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned)
{
    ChartSpec c;
    const double horizon = e.data().settings.horizonYear;
    const ff::MonteCarloResult *mc = x.monteCarlo ? &*x.monteCarlo : nullptr;
    const bool have = mc && !mc->fanYears.empty();
    c.title = have ? tr("%1 (%2 samples)").arg(ChartFactory::title(ChartKind::Fan)).arg(mc->task.samples)
                   : noData(ChartKind::Fan, tr("no Monte Carlo run yet"));
    const ff::Series *frontier = byRole(r.timeline, "frontier");
    const ff::Series *target = byRole(r.timeline, "target");
    double from = std::floor(r.asOf) - 3;
    if (frontier && !frontier->x.empty())
        from = std::max(from, std::floor(frontier->x.front()));
    double to = withPinned(viewEnd(e, r), e, pinned);
    SeriesSpec band, median;
    band.draw = Draw::Band;
    band.color = kBlue;
    band.name = tr("Best local, P10 to P90");
    median.draw = Draw::Line;
    median.color = kBlue;
    median.name = tr("Best local, median");
    if (have) {
        const double tq = target && !target->y.empty() ? target->y.front() : r.targetQuality;
        for (std::size_t i = 0; i < mc->fanYears.size(); ++i) {
            band.points.append(QPointF(mc->fanYears[i], mc->fanP90[i]));
            band.lower.append(QPointF(mc->fanYears[i], mc->fanP10[i]));
            median.points.append(QPointF(mc->fanYears[i], mc->fanP50[i]));
        }
        // Keep going until even the pessimistic edge has passed the bar, when that happens in the horizon.
        for (std::size_t i = 0; i < mc->fanYears.size(); ++i)
            if (mc->fanP10[i] >= tq) {
                to = std::max(to, mc->fanYears[i] + 1);
                break;
            }
        to = std::min(to, horizon);
    }
    setYearAxis(c.x, from, to);
    Bounds all, bar;
    all.addY(band.points, c.x.min, c.x.max);
    all.addY(band.lower, c.x.min, c.x.max);
    c.series.push_back(band);
    c.series.push_back(median);
    if (frontier) {
        SeriesSpec f;
        f.name = qs(frontier->name);
        f.points = drawnPoints(*frontier, false);
        f.color = kBlack;
        all.addY(f.points, c.x.min, c.x.max);
        bar.addY(f.points, c.x.min, c.x.max);
        c.series.push_back(f);
    }
    if (target) {
        SeriesSpec t;
        t.name = qs(target->name);
        t.points = drawnPoints(*target, false);
        t.color = kVermillion;
        t.draw = Draw::Dashed;
        all.addY(t.points, c.x.min, c.x.max);
        bar.addY(t.points, c.x.min, c.x.max);
        c.series.push_back(t);
    }
    setQualityRange(c, all, bar, e);
    c.series.push_back(todayLine(r, c.y.min, c.y.max));
    if (pinned)
        c.series.push_back(pinnedParityMarker(*pinned, c.y.min, c.y.max, c.x.min, c.x.max));
    return c;
}

ChartSpec histogramSpec(const ff::Engine &e, const ff::Result &, const ff::ReportExtras &x)
{
    ChartSpec c;
    const double horizon = e.data().settings.horizonYear;
    BarsSpec bars;
    c.y.title = tr("Share of samples (%)");
    if (!x.monteCarlo || x.monteCarlo->task.samples <= 0) {
        c.title = noData(ChartKind::Histogram, tr("no Monte Carlo run yet"));
        setLinearRange(c.y, 0, 100);
        bars.sets = {{tr("Task-level"), kBlue, {}}, {tr("Full product"), kOrange, {}}};
        c.bars = bars;
        return c;
    }
    const ff::MonteCarloResult &mc = *x.monteCarlo;
    c.title = tr("%1, fixed target (%2 samples, seed %3)").arg(ChartFactory::title(ChartKind::Histogram)).arg(mc.task.samples).arg(mc.seed);
    int first = std::numeric_limits<int>::max(), last = std::numeric_limits<int>::min();
    for (const ff::Distribution *d : {&mc.task, &mc.full})
        for (double y : d->histogramYears) {
            first = std::min(first, int(y));
            last = std::max(last, int(y));
        }
    const bool later = mc.task.shareNotReached > 0 || mc.full.shareNotReached > 0;
    // Samples at or before as-of (due by the law, or observed) are their own bar, not years of the range.
    const bool past = mc.task.due + mc.task.alreadyObserved > 0 || mc.full.due + mc.full.alreadyObserved > 0;
    if (past)
        bars.categories << tr("past"); // as short as a year: the axis title says what it holds
    if (first <= last)
        for (int y = first; y <= last; ++y)
            bars.categories << QString::number(y);
    if (later)
        bars.categories << tr("later");
    double top = 0;
    const auto setOf = [&](const ff::Distribution &d, const QString &which, const QColor &color) {
        BarSetSpec s;
        s.color = color;
        s.name = tr("%1: P10 to P90 after as-of %2 to %3").arg(which, yearLabel(d.p10, horizon), yearLabel(d.p90, horizon));
        if (past)
            s.values << 100.0 * (d.due + d.alreadyObserved) / std::max(1, d.samples);
        for (int y = first; first <= last && y <= last; ++y) {
            qreal v = 0;
            for (std::size_t i = 0; i < d.histogramYears.size(); ++i)
                if (int(d.histogramYears[i]) == y)
                    v = 100.0 * d.histogramCounts[i] / std::max(1, d.samples);
            s.values << v;
        }
        if (later)
            s.values << 100.0 * d.shareNotReached;
        for (qreal v : s.values)
            top = std::max(top, double(v));
        return s;
    };
    bars.sets.push_back(setOf(mc.task, tr("Task-level"), kBlue));
    bars.sets.push_back(setOf(mc.full, tr("Full product"), kOrange));
    c.bars = bars;
    setLinearRange(c.y, 0, std::max(5.0, top * 1.05));
    c.y.min = 0;
    QStringList notes;
    if (past)
        notes << tr("past: due or seen by %1").arg(qs(ff::formatMonth(mc.task.asOf)));
    if (later)
        notes << tr("later: after %1").arg(horizon, 0, 'f', 0);
    c.x.title = notes.isEmpty() ? tr("Parity year") : tr("Parity year (%1)").arg(notes.join(QStringLiteral("; ")));
    return c;
}

ChartSpec tornadoSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x)
{
    ChartSpec c;
    const ff::DataSet &d = e.data();
    const double horizon = d.settings.horizonYear;
    const auto capped = [horizon](double y) { return std::isfinite(y) ? y : horizon + 1; };
    // Task-level parity unless no assumption moves it; then the full product, and the title says so.
    // The ranking is the headline's (its biggest accelerant is the top bar).
    const SensitivityRanking ranking = sensitivityRanking(x.sensitivity, horizon);
    const bool full = ranking.full;
    const ff::ParityResult &baseParity = full ? r.full : r.task;
    const double base = capped(baseParity.reached ? baseParity.year : std::numeric_limits<double>::infinity());
    struct Row {
        const ff::SensitivityRow *row;
        double low, high; // years relative to the base
    };
    std::vector<Row> rows;
    for (std::size_t k : ranking.order) {
        const ff::SensitivityRow &row = x.sensitivity[k];
        const double lo = capped(full ? row.fullLowYear : row.lowYear) - base;
        const double hi = capped(full ? row.fullHighYear : row.highYear) - base;
        rows.push_back({&row, lo, hi});
    }
    const std::size_t moving = rows.size();
    constexpr std::size_t kMaxRows = 12;
    if (rows.size() > kMaxRows)
        rows.resize(kMaxRows);
    const QString which = full ? tr("full-product") : tr("task-level");
    if (x.sensitivity.empty())
        c.title = noData(ChartKind::Tornado, tr("no sensitivity run yet"));
    else if (rows.empty())
        c.title = noData(ChartKind::Tornado, tr("no assumption moves parity within its range"));
    else if (full)
        c.title = tr("Tornado: full-product parity, fixed target, at each assumption's P10 and P90 (%1 of %2 move it; task-level parity does not move)")
                      .arg(moving)
                      .arg(x.sensitivity.size());
    else
        c.title = tr("Tornado: task-level parity, fixed target, at each assumption's P10 and P90 (%1 of %2 move it)").arg(moving).arg(x.sensitivity.size());

    BarsSpec bars;
    bars.horizontal = true;
    bars.barWidth = 0.75;
    BarSetSpec low{tr("At the low end of its range (P10)"), kBlue, {}};
    BarSetSpec high{tr("At the high end of its range (P90)"), kOrange, {}};
    const auto number = [](double v) { return QString::number(v, 'g', 3); };
    Bounds b;
    b.add(0);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        const ff::AssumptionDef *a = d.assumption(it->row->name);
        const QString unit = a ? qs(a->unit) : QString();
        bars.categories << tr("%1: %2 / %3 %4").arg(qs(it->row->label), number(it->row->lowValue), number(it->row->highValue), unit).trimmed();
        low.values << it->low;
        high.values << it->high;
        b.add(it->low);
        b.add(it->high);
    }
    bars.sets = {low, high};
    bars.barWidth = std::min(0.75, 0.25 * std::max<qsizetype>(1, bars.categories.size())); // a lone row stays a bar, not a slab
    c.bars = bars;
    // A relative axis labelled with calendar years.
    const double pad = std::max(0.25, (b.hi - b.lo) * 0.05);
    c.x.min = b.lo - pad;
    c.x.max = b.hi + pad;
    const double span = c.x.max - c.x.min;
    const double step = span <= 4 ? 0.5 : span <= 10 ? 1 : span <= 20 ? 2 : 5;
    for (double y = std::ceil((base + c.x.min) / step) * step; y <= base + c.x.max + 1e-9; y += step)
        c.x.labels.push_back({y > horizon ? tr("after %1").arg(horizon, 0, 'f', 0)
                                          : step < 1 ? qs(ff::formatMonth(y)) : QString::number(y, 'f', 0),
                              y - base});
    c.x.title = tr("%1 parity year (base %2)").arg(which.left(1).toUpper() + which.mid(1), qs(ff::yearText(baseParity)));
    c.y.title = tr("Assumption: P10 / P90 value");
    SeriesSpec baseLine;
    baseLine.draw = Draw::Marker;
    baseLine.color = kBlack;
    baseLine.name = tr("Base: %1").arg(qs(ff::yearText(baseParity)));
    baseLine.points = {QPointF(0, -0.5), QPointF(0, std::max<qsizetype>(1, bars.categories.size()) - 0.5)};
    c.series.push_back(baseLine);
    return c;
}

ChartSpec backtestSpec(const ff::Engine &e, const ff::Result &, const ff::ReportExtras &x)
{
    ChartSpec c;
    const double newest = e.defaultAsOf();
    c.title = x.backtest.empty() ? noData(ChartKind::Backtest, tr("no back-test for this data"))
                                 : ChartFactory::title(ChartKind::Backtest);
    Bounds dates, years;
    for (const auto &b : x.backtest)
        dates.add(b.asOf);
    for (const auto &cr : x.ceiling)
        dates.add(cr.asOf);
    dates.add(newest);
    setYearAxis(c.x, dates.valid() ? dates.lo - 0.25 : newest - 3, dates.valid() ? dates.hi + 0.25 : newest + 1,
                tr("As of (the model refitted on what was released by then)"));
    std::vector<std::string> thresholds;
    for (const auto &b : x.backtest)
        if (std::find(thresholds.begin(), thresholds.end(), b.threshold) == thresholds.end())
            thresholds.push_back(b.threshold);
    const QColor colors[] = {kBlue, kGreen, kVermillion, kPurple, kOrange};
    const Qt::PenStyle dashes[] = {Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
    for (std::size_t t = 0; t < thresholds.size(); ++t) {
        SeriesSpec predicted, actual;
        predicted.draw = Draw::LinePoints;
        actual.draw = Draw::Dashed;
        actual.dash = dashes[t % std::size(dashes)]; // two bars reached in the same month stay apart
        predicted.color = actual.color = colors[t % std::size(colors)];
        const ff::BacktestRow *observed = nullptr;
        for (const auto &b : x.backtest) {
            if (b.threshold != thresholds[t])
                continue;
            if (b.predictedReached) {
                predicted.points.append(QPointF(b.asOf, b.predictedYear));
                years.add(b.predictedYear);
            }
            if (b.actualReached)
                observed = &b;
        }
        predicted.name = tr("%1: said then").arg(qs(thresholds[t]));
        if (observed) {
            actual.name = tr("%1: happened %2").arg(qs(thresholds[t]), qs(ff::formatMonth(observed->actualYear)));
            actual.points = {QPointF(c.x.min, observed->actualYear), QPointF(c.x.max, observed->actualYear)};
            years.add(observed->actualYear);
        } else {
            actual.name = tr("%1: not yet by %2").arg(qs(thresholds[t]), qs(ff::formatMonth(newest)));
        }
        // Bars reached in the same month share one line (two lines on top of each other read as one).
        bool merged = false;
        for (SeriesSpec &other : c.series)
            if (observed && other.draw == Draw::Dashed && other.points == actual.points && !other.points.isEmpty()) {
                other.name = tr("%1 and %2").arg(other.name.section(QStringLiteral(": happened"), 0, 0), actual.name);
                other.color = kGrey;
                merged = true;
            }
        c.series.push_back(predicted);
        if (!merged)
            c.series.push_back(actual);
    }
    years.add(dates.valid() ? dates.lo : newest);
    setLinearRange(c.y, years.valid() ? years.lo - 0.3 : newest - 1, years.valid() ? years.hi + 0.3 : newest + 1);
    c.y.title = tr("Task-level parity year");
    c.y.format = c.y.tickInterval >= 1 ? QStringLiteral("%.0f") : QStringLiteral("%.1f");
    // One axis: the lag of the best local model is a table of its own (the ceiling history).
    return c;
}

// Cumulative cost of the task-level answer's box against the API for the chosen usage profile (economics.h):
// the purchase, then energy month by month and the resale back at the end of its life, and the break-even.
ChartSpec economicsSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Economics);
    c.x.title = tr("Months after buying the box");
    const ff::EconomicsResult x = ff::computeEconomics(e, r, false, true);
    const ff::EconomicsRow *row = x.selected();
    std::vector<ff::Series> series;
    if (!x.available)
        c.title = noData(ChartKind::Economics, qs(x.why));
    else if (!row || !row->task.reached)
        c.title = noData(ChartKind::Economics, tr("no box reaches task-level parity by the horizon"));
    else if (!row->answerBox.costed)
        c.title = noData(ChartKind::Economics, qs(row->answerBox.why));
    else {
        series = ff::cumulativeCostSeries(*row, x.assumptions.lifetimeYears, x.assumptions.resaleShare);
        c.title = tr("%1 (%2, %3, bought %4)").arg(ChartFactory::title(ChartKind::Economics), qs(row->profile.label),
                                                 qs(row->target), qs(ff::formatMonth(row->answerBox.t)));
    }
    Bounds xs, ys;
    const auto add = [&](const char *role, const QString &name, const QColor &color, Draw draw) {
        const ff::Series *s = byRole(series, role);
        if (!s)
            return;
        SeriesSpec sp;
        sp.name = name;
        sp.points = pointsOf(*s, false);
        sp.color = color;
        sp.draw = draw;
        for (const QPointF &pt : sp.points) {
            xs.add(pt.x());
            ys.add(pt.y());
        }
        if (!sp.points.isEmpty())
            c.series.push_back(sp);
    };
    add("api_cumulative", row ? tr("API (%1 a year)").arg(usd(row->answerBox.apiUsdPerYear)) : tr("API"), kVermillion, Draw::Line);
    add("box_cumulative",
        row ? tr("%1: %2, then %3 a year of energy").arg(qs(row->answerBox.box), usd(row->answerBox.purchaseUsd),
                                                          usd(row->answerBox.energyUsdPerYear))
            : tr("Box"),
        kBlue, Draw::Line);
    add("break_even", row ? tr("Break-even: %1").arg(qs(ff::breakEvenText(row->answerBox))) : tr("Break-even"), kBlack,
        Draw::Scatter);
    setLinearRange(c.x, 0, xs.valid() ? xs.hi : 48);
    c.x.format = QStringLiteral("%.0f");
    setLinearRange(c.y, 0, ys.valid() ? ys.hi * 1.05 : 1000);
    c.y.title = tr("Cumulative cost (USD)");
    c.y.format = QStringLiteral("%.0f");
    return c;
}

// One descriptor per chart: its names, what it needs beyond the Result and the builder of its
// series and axes. Every per-kind question (id, titles, needs, spec) is answered from here.
struct ChartDescriptor {
    ChartKind kind;
    const char *id;       // command-line and file names
    const char *tabTitle; // short, for tabs and menus (translated)
    const char *title;    // the chart's own title (translated)
    Extras needs;
    ChartSpec (*spec)(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned);
    const char *alias;    // an older command-line name that still works (or null)
};

const ChartDescriptor kCharts[] = {
    {ChartKind::Trends, "trends", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Trends"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "Trends: hardware per dollar and model efficiency"), Extra::None,
     [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &, const ff::Result *) { return trendsSpec(e, r); }, nullptr},
    {ChartKind::Crossing, "crossing", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Crossing"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "Crossing: the model size a Sonnet-class target needs vs what the budget runs at API speed"),
     Extra::None,
     [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned) { return crossingSpec(e, r, x, pinned); },
     nullptr},
    {ChartKind::Timeline, "local-vs-frontier", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Local vs frontier"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "Local vs frontier: quality over time"), Extra::None,
     [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned) { return timelineSpec(e, r, x, pinned); },
     "timeline"},
    {ChartKind::Hardware, "hardware-catalog", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Hardware catalog"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "Hardware catalog: memory vs bandwidth, within the budget or over it"), Extra::None,
     [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &, const ff::Result *) { return hardwareSpec(e, r); }, "hardware"},
    {ChartKind::Fan, "fan", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Fan"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "Uncertainty fan: best local quality at API speed vs the target and the frontier"),
     Extra::MonteCarlo, [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned) { return fanSpec(e, r, x, pinned); },
     nullptr},
    {ChartKind::Histogram, "histogram", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Histogram"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "When parity arrives: Monte Carlo distribution of the parity year"), Extra::MonteCarlo,
     [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *) { return histogramSpec(e, r, x); }, nullptr},
    {ChartKind::Tornado, "tornado", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Tornado"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "Tornado: parity year at each assumption's P10 and P90"), Extra::Sensitivity,
     [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *) { return tornadoSpec(e, r, x); }, nullptr},
    {ChartKind::Backtest, "back-test", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Back-test"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "Back-test: what the model said then vs what happened"), Extra::Backtest,
     [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *) { return backtestSpec(e, r, x); }, "backtest"},
    {ChartKind::Economics, "economics", QT_TRANSLATE_NOOP("ffui::ChartFactory", "Economics"),
     QT_TRANSLATE_NOOP("ffui::ChartFactory", "Economics: cumulative cost, box vs API"), Extra::None,
     [](const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &, const ff::Result *) { return economicsSpec(e, r); }, nullptr},
};

const ChartDescriptor &descriptor(ChartKind kind)
{
    for (const ChartDescriptor &d : kCharts)
        if (d.kind == kind)
            return d;
    return kCharts[0];
}

ChartSpec specFor(ChartKind kind, const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned)
{
    return descriptor(kind).spec(e, r, x, pinned);
}

// Window charts: points (the desktop's DPI applies). Exports: the same numbers as pixels, in the
// generic sans-serif family (what an SVG viewer anywhere can resolve).
QFont styleFont(const ChartStyle &st, qreal size, bool bold = false)
{
    QFont f;
    if (st.pixels) {
        f.setFamily(QStringLiteral("sans-serif"));
        f.setPixelSize(std::max(1, qRound(size)));
    } else {
        f.setPointSizeF(size);
    }
    f.setBold(bold);
    return f;
}

void themeAxis(QAbstractAxis *axis, const ChartStyle &st)
{
    const Palette pal = paletteFor(st.dark);
    axis->setTitleFont(styleFont(st, st.axisTitlePt));
    axis->setLabelsFont(styleFont(st, st.axisLabelPt));
    axis->setTitleBrush(pal.text);
    axis->setLabelsColor(pal.text);
    axis->setGridLineColor(pal.grid);
    axis->setMinorGridLineColor(pal.minorGrid);
    axis->setLinePenColor(pal.axisLine);
}

QAbstractAxis *makeAxis(const AxisSpec &a, const ChartStyle &st)
{
    QAbstractAxis *axis = nullptr;
    if (a.log) {
        auto *l = new QLogValueAxis;
        l->setBase(a.base);
        l->setMinorTickCount(a.base == 10 ? 8 : 0);
        axis = l;
    } else if (!a.labels.empty()) {
        auto *cat = new QCategoryAxis;
        cat->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        axis = cat;
    } else {
        auto *v = new QValueAxis;
        v->setTickType(QValueAxis::TicksDynamic);
        axis = v;
    }
    themeAxis(axis, st);
    axis->setGridLineVisible(a.grid);
    axis->setMinorGridLineVisible(a.grid);
    return axis;
}

void applyAxis(QAbstractAxis *axis, const AxisSpec &a)
{
    if (!axis)
        return;
    axis->setTitleText(a.title);
    if (auto *l = qobject_cast<QLogValueAxis *>(axis)) {
        l->setLabelFormat(a.format);
        l->setRange(a.min, a.max);
    } else if (auto *cat = qobject_cast<QCategoryAxis *>(axis)) {
        for (const QString &label : cat->categoriesLabels())
            cat->remove(label);
        cat->setRange(a.min, a.max);
        cat->setStartValue(a.min);
        for (const auto &[label, value] : a.labels)
            if (value >= a.min && value <= a.max && !cat->categoriesLabels().contains(label))
                cat->append(label, value);
    } else if (auto *v = qobject_cast<QValueAxis *>(axis)) {
        v->setLabelFormat(a.format);
        v->setRange(a.min, a.max);
        if (a.tickInterval > 0) {
            v->setTickAnchor(a.tickAnchor);
            v->setTickInterval(a.tickInterval);
        }
    }
}

bool axisMatches(const QAbstractAxis *axis, const AxisSpec &a)
{
    if (!axis)
        return false;
    if (a.log)
        return qobject_cast<const QLogValueAxis *>(axis) != nullptr;
    if (!a.labels.empty())
        return qobject_cast<const QCategoryAxis *>(axis) != nullptr;
    return qobject_cast<const QValueAxis *>(axis) != nullptr && qobject_cast<const QCategoryAxis *>(axis) == nullptr;
}

QAbstractSeries *makeSeries(const SeriesSpec &s, const ChartStyle &st)
{
    const QColor color = onTheme(s.color, st.dark);
    if (s.draw == Draw::Scatter) {
        auto *sc = new QScatterSeries;
        sc->setMarkerShape(s.shape);
        sc->setMarkerSize(s.shape == QScatterSeries::MarkerShapeStar ? st.markerSize * 1.6 : st.markerSize);
        sc->setColor(color);
        sc->setBorderColor(st.dark ? color.lighter(140) : color.darker(140));
        return sc;
    }
    if (s.draw == Draw::Band) {
        auto *area = new QAreaSeries(new QLineSeries, new QLineSeries);
        QColor fill = color;
        fill.setAlphaF(st.dark ? 0.40 : 0.28);
        area->setBrush(fill);
        QPen edge(color);
        edge.setWidthF(st.lineWidth * 0.4);
        area->setPen(edge);
        return area;
    }
    auto *line = new QLineSeries;
    QPen pen(color);
    pen.setWidthF(s.draw == Draw::Marker ? st.lineWidth * 0.8 : st.lineWidth);
    // A marker is dotted unless it names its own dash (the pinned parity date: dash-dot-dot).
    pen.setStyle(s.draw == Draw::Dashed ? s.dash : s.draw == Draw::Marker ? (s.dash == Qt::DashLine ? Qt::DotLine : s.dash) : Qt::SolidLine);
    if (s.draw == Draw::Dashed && s.dash == Qt::DotLine)
        pen.setCapStyle(Qt::RoundCap);
    pen.setCapStyle(Qt::FlatCap);
    line->setPen(pen);
    if (s.draw == Draw::LinePoints) {
        line->setPointsVisible(true);
        line->setMarkerSize(st.markerSize * 0.8);
    }
    return line;
}

void applySeries(QAbstractSeries *series, const SeriesSpec &s)
{
    series->setName(s.name);
    if (auto *area = qobject_cast<QAreaSeries *>(series)) {
        area->upperSeries()->replace(s.points);
        area->lowerSeries()->replace(s.lower);
        return;
    }
    auto *xy = static_cast<QXYSeries *>(series);
    xy->replace(s.points);
    xy->setProperty(ChartFactory::kPointNamesProperty, s.pointNames);
}

bool seriesMatches(const QAbstractSeries *series, const SeriesSpec &s)
{
    if (s.draw == Draw::Band)
        return qobject_cast<const QAreaSeries *>(series) != nullptr;
    return (s.draw == Draw::Scatter) == (qobject_cast<const QScatterSeries *>(series) != nullptr) &&
           qobject_cast<const QXYSeries *>(series) != nullptr;
}

ChartState stateOf(const QChart *chart) { return chart->property(kStateProperty).value<ChartState>(); }

void setState(QChart *chart, const ChartState &state) { chart->setProperty(kStateProperty, QVariant::fromValue(state)); }

ChartStyle styleOf(const QChart *chart) { return stateOf(chart).style; }

void applyChartStyle(QChart *chart, const ChartStyle &st)
{
    const Palette pal = paletteFor(st.dark);
    chart->setTitleFont(styleFont(st, st.titlePt, true));
    chart->setTitleBrush(pal.text);
    chart->setBackgroundBrush(pal.background);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->legend()->setFont(styleFont(st, st.legendPt));
    chart->legend()->setLabelColor(pal.text);
    chart->legend()->setBrush(Qt::NoBrush);
    chart->legend()->setPen(Qt::NoPen);
}

void build(QChart *chart, const ChartSpec &spec, const ChartStyle &st)
{
    chart->removeAllSeries();
    for (QAbstractAxis *a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
    applyChartStyle(chart, st);
    QAbstractAxis *x = nullptr, *y = nullptr, *y2 = nullptr;
    if (spec.bars) {
        const BarsSpec &b = *spec.bars;
        QAbstractBarSeries *bars = b.horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                                                : static_cast<QAbstractBarSeries *>(new QBarSeries);
        bars->setBarWidth(b.barWidth);
        for (const BarSetSpec &s : b.sets) {
            auto *set = new QBarSet(s.name);
            set->append(s.values);
            const QColor color = onTheme(s.color, st.dark);
            set->setColor(color);
            set->setBorderColor(st.dark ? color.lighter(130) : color.darker(130));
            set->setLabelColor(paletteFor(st.dark).text);
            bars->append(set);
        }
        auto *categories = new QBarCategoryAxis;
        categories->append(b.categories.isEmpty() ? QStringList{QStringLiteral(" ")} : b.categories);
        themeAxis(categories, st);
        QAbstractAxis *values = makeAxis(b.horizontal ? spec.x : spec.y, st);
        x = b.horizontal ? values : categories;
        y = b.horizontal ? categories : values;
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        chart->addSeries(bars);
        bars->attachAxis(x);
        bars->attachAxis(y);
    } else {
        x = makeAxis(spec.x, st);
        y = makeAxis(spec.y, st);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
    }
    if (spec.hasY2) {
        y2 = makeAxis(spec.y2, st);
        chart->addAxis(y2, Qt::AlignRight);
    }
    for (const SeriesSpec &s : spec.series) {
        QAbstractSeries *series = makeSeries(s, st);
        chart->addSeries(series);
        if (!s.legend)
            for (QLegendMarker *m : chart->legend()->markers(series))
                m->setVisible(false);
        series->attachAxis(x);
        series->attachAxis(s.rightAxis && y2 ? y2 : y);
        if (auto *area = qobject_cast<QAreaSeries *>(series)) {
            // The edges are drawn by the area itself.
            area->upperSeries()->setParent(area);
            area->lowerSeries()->setParent(area);
        }
    }
    // Filled swatches for bands and bars; and the legend font again, now that every marker exists.
    for (QLegendMarker *m : chart->legend()->markers())
        if (m->type() == QLegendMarker::LegendMarkerTypeArea || m->type() == QLegendMarker::LegendMarkerTypeBar)
            m->setShape(QLegend::MarkerShapeRectangle);
        else if (m->type() == QLegendMarker::LegendMarkerTypeXY)
            m->setShape(QLegend::MarkerShapeFromSeries);
    chart->legend()->setFont(styleFont(st, st.legendPt));
    chart->legend()->setLabelColor(paletteFor(st.dark).text);
}

// Charts whose shape never changes between updates (only XY series): their series and axes are reused.
bool reusable(const QChart *chart, const ChartSpec &spec)
{
    if (spec.bars || stateOf(chart).rebuild)
        return false;
    for (const SeriesSpec &s : spec.series)
        if (s.draw == Draw::Band)
            return false;
    const QList<QAbstractSeries *> series = chart->series();
    const QList<QAbstractAxis *> xs = chart->axes(Qt::Horizontal);
    const QList<QAbstractAxis *> ys = chart->axes(Qt::Vertical);
    bool same = series.size() == static_cast<qsizetype>(spec.series.size()) && xs.size() == 1 &&
                ys.size() == (spec.hasY2 ? 2 : 1) && axisMatches(xs.value(0), spec.x);
    for (qsizetype i = 0; same && i < series.size(); ++i)
        same = seriesMatches(series[i], spec.series[static_cast<std::size_t>(i)]);
    return same;
}

} // namespace

const char ChartFactory::kPointNamesProperty[] = "ffPointNames";
const char ChartFactory::kLegendShownProperty[] = "ffLegendShown";

ChartStyle ChartStyle::forSize(const QSize &logicalSize)
{
    // Pixels, for slides: at 1920x1080 tick labels and the legend 26 px, lines 4 px; smaller and
    // larger canvases scale with their shorter side.
    const qreal k = std::clamp(std::min(logicalSize.width() / 1920.0, logicalSize.height() / 1080.0), 0.4, 4.0);
    ChartStyle s;
    s.pixels = true;
    s.titlePt = 36;
    s.axisTitlePt = 28;
    s.axisLabelPt = 26;
    s.legendPt = 26;
    s.lineWidth = 4;
    s.markerSize = 16;
    return s.scaled(k);
}

ChartStyle ChartStyle::scaled(qreal k) const
{
    ChartStyle s = *this;
    s.titlePt *= k;
    s.axisTitlePt *= k;
    s.axisLabelPt *= k;
    s.legendPt *= k;
    s.lineWidth *= k;
    s.markerSize *= k;
    return s;
}

bool ChartStyle::operator==(const ChartStyle &o) const
{
    return titlePt == o.titlePt && axisTitlePt == o.axisTitlePt && axisLabelPt == o.axisLabelPt && legendPt == o.legendPt &&
           lineWidth == o.lineWidth && markerSize == o.markerSize && dark == o.dark && pixels == o.pixels;
}

QList<ChartKind> ChartFactory::kinds()
{
    QList<ChartKind> out;
    for (const ChartDescriptor &d : kCharts)
        out << d.kind;
    return out;
}

QString ChartFactory::id(ChartKind kind) { return QLatin1String(descriptor(kind).id); }

QString ChartFactory::title(ChartKind kind) { return tr(descriptor(kind).title); }

QString ChartFactory::tabTitle(ChartKind kind) { return tr(descriptor(kind).tabTitle); }

Extras ChartFactory::needs(ChartKind kind) { return descriptor(kind).needs; }

std::optional<ChartKind> ChartFactory::fromId(const QString &id)
{
    // The tab's name in lower case with dashes; the older names still work.
    const QString name = id.trimmed().toLower().replace(QLatin1Char(' '), QLatin1Char('-'));
    for (const ChartDescriptor &d : kCharts)
        if (name == QLatin1String(d.id) || (d.alias && name == QLatin1String(d.alias)))
            return d.kind;
    return std::nullopt;
}

QStringList ChartFactory::ids()
{
    QStringList out;
    for (ChartKind k : kinds())
        out << id(k);
    return out;
}

QChart *ChartFactory::create(ChartKind kind, const ff::Engine &engine, const ff::Result &r, const ChartStyle &style)
{
    return create(kind, engine, r, ff::ReportExtras{}, style);
}

QChart *ChartFactory::create(ChartKind kind, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras,
                             const ChartStyle &style)
{
    return create(kind, engine, r, extras, style, nullptr);
}

QList<ChartFactory::DrawnSeries> ChartFactory::drawnSeries(ChartKind kind, const ff::Engine &engine, const ff::Result &r,
                                                           const ff::ReportExtras &extras, const ff::Result *pinned)
{
    QList<DrawnSeries> out;
    for (const SeriesSpec &s : specFor(kind, engine, r, extras, pinned).series)
        out.append(DrawnSeries{s.name, s.points, s.legend});
    return out;
}

QChart *ChartFactory::create(ChartKind kind, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras,
                             const ChartStyle &style, const ff::Result *pinned)
{
    auto *chart = new QChart;
    ChartState state;
    state.kind = kind;
    setState(chart, state);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    chart->setBackgroundRoundness(0);
    setStyle(chart, style);
    update(chart, engine, r, extras, pinned);
    return chart;
}

void ChartFactory::setStyle(QChart *chart, const ChartStyle &style)
{
    ChartState state = stateOf(chart);
    state.style = style;
    state.rebuild = true;
    setState(chart, state);
    applyChartStyle(chart, style);
}

ChartStyle ChartFactory::style(const QChart *chart) { return styleOf(chart); }

ChartKind ChartFactory::kindOf(const QChart *chart) { return stateOf(chart).kind; }

void ChartFactory::fitLegend(QChart *chart, qreal width)
{
    QLegend *legend = chart->legend();
    const QFontMetricsF fm(legend->font());
    qreal needed = 0;
    for (const QAbstractSeries *s : chart->series()) {
        if (const auto *bars = qobject_cast<const QAbstractBarSeries *>(s)) {
            for (const QBarSet *set : bars->barSets())
                needed += fm.horizontalAdvance(set->label()) + fm.height() * 2.5;
            continue;
        }
        needed += fm.horizontalAdvance(s->name()) + fm.height() * 2.5; // marker, spacing
    }
    const Qt::Alignment want = needed > width * 0.92 ? Qt::AlignRight : Qt::AlignBottom;
    if (legend->alignment() != want)
        legend->setAlignment(want);
}

void ChartFactory::update(QChart *chart, const ff::Engine &engine, const ff::Result &r)
{
    update(chart, engine, r, ff::ReportExtras{});
}

void ChartFactory::update(QChart *chart, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras)
{
    update(chart, engine, r, extras, nullptr);
}

void ChartFactory::setAxesFrozen(QChart *chart, bool frozen)
{
    ChartState state = stateOf(chart);
    state.axesFrozen = frozen;
    setState(chart, state);
}

bool ChartFactory::axesFrozen(const QChart *chart) { return stateOf(chart).axesFrozen; }

void ChartFactory::update(QChart *chart, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras,
                          const ff::Result *pinned)
{
    ChartState state = stateOf(chart);
    const ChartSpec spec = specFor(state.kind, engine, r, extras, pinned);
    chart->setTitle(spec.title);
    const bool reuse = reusable(chart, spec);
    if (!reuse) {
        build(chart, spec, state.style);
        state.rebuild = false;
        setState(chart, state);
    }
    // During a drag the axes keep their range, so before and after can be compared; the release refits them.
    const bool keepAxes = reuse && state.axesFrozen;
    QAbstractAxis *x = nullptr, *y = nullptr, *y2 = nullptr;
    for (QAbstractAxis *a : chart->axes(Qt::Horizontal))
        x = a;
    for (QAbstractAxis *a : chart->axes(Qt::Vertical))
        (a->alignment() == Qt::AlignRight ? y2 : y) = a;
    if (keepAxes) {
        // Only the titles follow (they name what is shown, not the range).
    } else if (spec.bars) {
        // The category axis came with the bars; only the value axis takes the spec.
        if (spec.bars->horizontal) {
            applyAxis(x, spec.x);
            if (y)
                y->setTitleText(spec.y.title);
        } else {
            applyAxis(y, spec.y);
            if (x)
                x->setTitleText(spec.x.title);
        }
    } else {
        applyAxis(x, spec.x);
        applyAxis(y, spec.y);
    }
    if (y2 && !keepAxes)
        applyAxis(y2, spec.y2);
    qsizetype i = 0;
    for (QAbstractSeries *s : chart->series()) {
        if (qobject_cast<QAbstractBarSeries *>(s))
            continue;
        if (i < static_cast<qsizetype>(spec.series.size())) {
            const SeriesSpec &sp = spec.series[static_cast<std::size_t>(i++)];
            applySeries(s, sp);
            // A legend entry only for what is drawn (a series with no points says nothing).
            const bool show = sp.legend && (!sp.points.isEmpty() || sp.draw == Draw::Marker);
            s->setProperty(ChartFactory::kLegendShownProperty, show);
            for (QLegendMarker *m : chart->legend()->markers(s))
                if (m->isVisible() != show)
                    m->setVisible(show);
        }
    }
}

} // namespace ffui

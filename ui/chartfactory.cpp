#include "chartfactory.h"

#include <QChart>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <vector>

#include "assumptions.h"
#include "forecast.h"
#include "market.h"
#include "report.h"
#include "timeutil.h"

namespace ffui {

namespace {

const char kKindProperty[] = "ffChartKind";
const char kStyleProperty[] = "ffChartStyle";

// The product line the explicit memory roadmap applies to. It mirrors kRoadmapFamily in model/forecast.cpp,
// which the model does not export yet.
const char kRoadmapFamily[] = "nvidia-geforce-flagship";

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
const QColor kBlue(0x00, 0x72, 0xB2);
const QColor kOrange(0xE6, 0x9F, 0x00);
const QColor kGreen(0x00, 0x9E, 0x73);
const QColor kVermillion(0xD5, 0x5E, 0x00);
const QColor kPurple(0xCC, 0x79, 0xA7);
const QColor kSky(0x56, 0xB4, 0xE9);
const QColor kBlack(0x22, 0x22, 0x22);
const QColor kGrey(0x88, 0x88, 0x88);

QString tr(const char *text) { return QCoreApplication::translate("ffui::ChartFactory", text); }
QString qs(const std::string &s) { return QString::fromStdString(s); }

enum class Draw { Line, Dashed, Marker, Scatter };

struct AxisSpec {
    QString title;
    bool log = false;
    double base = 10;
    double min = 0, max = 1;
    QString format = QStringLiteral("%g");
    double tickInterval = 0; // linear axes: a label every tickInterval from tickAnchor
    double tickAnchor = 0;
};

struct SeriesSpec {
    QString name;
    QList<QPointF> points;
    QColor color;
    Draw draw = Draw::Line;
    bool rightAxis = false;
    QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle;
    QStringList pointNames; // tooltips for scatter points
};

struct ChartSpec {
    QString title;
    AxisSpec x, y;
    bool hasY2 = false;
    AxisSpec y2;
    std::vector<SeriesSpec> series;
};

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

// A series that holds its value between samples (a card generation, the frontier envelope).
bool isPiecewiseConstant(const QList<QPointF> &p)
{
    if (p.size() < 3)
        return false;
    int equal = 0;
    for (qsizetype i = 1; i < p.size(); ++i)
        if (p[i].y() == p[i - 1].y())
            ++equal;
    return equal * 4 >= (p.size() - 1) * 3;
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

void setYearAxis(AxisSpec &a, double from, double to)
{
    a.title = tr("Year");
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

SeriesSpec parityMarker(const ff::ParityResult &p, double yLo, double yHi, double xFrom, double xTo)
{
    SeriesSpec m;
    m.draw = Draw::Marker;
    m.color = kBlack;
    if (p.reached) {
        m.name = tr("Task-level parity (%1)").arg(qs(ff::yearText(p)));
        if (p.year >= xFrom && p.year <= xTo)
            m.points = {QPointF(p.year, yLo), QPointF(p.year, yHi)};
    } else {
        m.name = tr("Task-level parity: not within the horizon");
    }
    return m;
}

ChartSpec trendsSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Trends);
    const QColor colors[] = {kBlue, kOrange, kGreen, kVermillion, kPurple, kSky, kBlack};
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
        sp.points = pointsOf(s, true);
        if (isPiecewiseConstant(sp.points))
            sp.points = asSteps(sp.points);
        sp.color = colors[i++ % std::size(colors)];
        b.addY(sp.points, c.x.min, c.x.max);
        c.series.push_back(sp);
    }
    // The efficiency index runs many decades from 1.0 when the fitted law is extrapolated far from t0;
    // keep the hardware lines readable and let that one leave the plot.
    b.lo = std::max(b.lo, 1e-3);
    b.hi = std::min(b.hi, 1e4);
    setLogRange(c.y, b, 10);
    c.y.title = tr("Index (1.0 in %1, log scale)").arg(e.data().settings.t0, 0, 'f', 0);
    return c;
}

ChartSpec crossingSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Crossing);
    double xFrom = std::numeric_limits<double>::infinity();
    for (const auto &s : r.crossing)
        if (!s.x.empty())
            xFrom = std::min(xFrom, s.x.front());
    if (!std::isfinite(xFrom))
        xFrom = r.asOf - 2;
    setYearAxis(c.x, xFrom, viewEnd(e, r));
    c.hasY2 = true;
    // Order as documented in forecast.h: needed memory, needed bandwidth, bought memory, bought bandwidth.
    Bounds mem, bw, memNeed, bwNeed;
    for (std::size_t i = 0; i < r.crossing.size(); ++i) {
        const ff::Series &s = r.crossing[i];
        SeriesSpec sp;
        sp.name = qs(s.name);
        sp.points = pointsOf(s, true);
        const bool bandwidth = s.unit.find('/') != std::string::npos; // GB/s, against GB
        const bool bought = i >= 2;
        if (bought) {
            sp.points = asSteps(sp.points); // what the budget buys changes when a part ships
            sp.draw = Draw::Line;
        } else {
            sp.draw = Draw::Dashed;
        }
        sp.color = bandwidth ? kOrange : kBlue;
        sp.rightAxis = bandwidth;
        (bought ? (bandwidth ? bw : mem) : (bandwidth ? bwNeed : memNeed)).addY(sp.points, c.x.min, c.x.max);
        c.series.push_back(sp);
    }
    // The need falls by orders of magnitude far from today; frame the range around what money buys.
    const auto frame = [](Bounds bought, const Bounds &need) {
        if (!bought.valid())
            return need;
        if (need.valid()) {
            bought.lo = std::min(bought.lo, std::max(need.lo, bought.lo / 16));
            bought.hi = std::max(bought.hi, std::min(need.hi, bought.hi * 16));
        }
        return bought;
    };
    mem = frame(mem, memNeed);
    bw = frame(bw, bwNeed);
    setLogRange(c.y, mem, 2);
    c.y.title = tr("Memory (GB, log scale)");
    setLogRange(c.y2, bw, 2);
    c.y2.title = tr("Bandwidth (GB/s, log scale)");
    c.series.push_back(parityMarker(r.task, c.y.min, c.y.max, c.x.min, c.x.max));
    return c;
}

ChartSpec timelineSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Timeline);
    double xFrom = std::numeric_limits<double>::infinity();
    for (const auto &s : r.timeline)
        if (!s.x.empty())
            xFrom = std::min(xFrom, s.x.front());
    if (!std::isfinite(xFrom))
        xFrom = r.asOf - 3;
    setYearAxis(c.x, xFrom, viewEnd(e, r));
    // Order as documented in forecast.h: frontier envelope, best local, target.
    const QColor colors[] = {kBlack, kBlue, kVermillion};
    Bounds all, bar;
    for (std::size_t i = 0; i < r.timeline.size(); ++i) {
        SeriesSpec sp;
        sp.name = qs(r.timeline[i].name);
        sp.points = pointsOf(r.timeline[i], false);
        if (isPiecewiseConstant(sp.points))
            sp.points = asSteps(sp.points);
        sp.color = colors[std::min<std::size_t>(i, 2)];
        sp.draw = i == 2 ? Draw::Dashed : Draw::Line;
        all.addY(sp.points, c.x.min, c.x.max);
        if (i != 1)
            bar.addY(sp.points, c.x.min, c.x.max);
        c.series.push_back(sp);
    }
    // The projected local line keeps climbing; keep the frontier and the target readable.
    const double hi = bar.valid() ? std::min(all.hi, bar.hi + 20) : all.hi;
    setLinearRange(c.y, all.valid() ? all.lo - 2 : 100, all.valid() ? hi + 2 : 160);
    c.y.title = tr("Quality (%1)").arg(qs(e.data().qualityIndexName));
    c.series.push_back(parityMarker(r.task, c.y.min, c.y.max, c.x.min, c.x.max));
    return c;
}

QString usd(double x) { return qs(ff::fmtUsd(x)); }

ChartSpec hardwareSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Hardware);
    const ff::DataSet &d = e.data();
    struct Band {
        double below;
        QColor color;
    };
    const Band bands[] = {{1000, kSky}, {2500, kGreen}, {5000, kOrange}, {std::numeric_limits<double>::infinity(), kVermillion}};
    double from = 0;
    for (const Band &band : bands) {
        SeriesSpec sp;
        sp.draw = Draw::Scatter;
        sp.color = band.color;
        sp.name = std::isfinite(band.below) ? (from > 0 ? tr("%1 to %2").arg(usd(from), usd(band.below - 1))
                                                        : tr("Under %1").arg(usd(band.below)))
                                            : tr("%1 and more").arg(usd(from));
        for (const auto &part : d.parts) {
            if (!part.priceUsd || *part.priceUsd < from || *part.priceUsd >= band.below || part.memoryGb <= 0 ||
                part.bandwidthGbps <= 0)
                continue;
            sp.points.append(QPointF(part.memoryGb, part.bandwidthGbps));
            sp.pointNames.append(tr("%1 (%2, %3): %4 GB, %5 GB/s, %6 %7")
                                     .arg(qs(part.name), qs(ff::formatMonth(part.released)), usd(*part.priceUsd))
                                     .arg(part.memoryGb, 0, 'g', 4)
                                     .arg(part.bandwidthGbps, 0, 'g', 5)
                                     .arg(part.kind == ff::PartKind::Unified ? tr("whole system") : tr("card")));
        }
        from = band.below;
        c.series.push_back(sp);
    }
    // Future generations as the model projects them for this scenario (a model call, not a UI estimate).
    SeriesSpec roadmap, trend;
    roadmap.draw = trend.draw = Draw::Scatter;
    roadmap.name = tr("Projected: next generation (roadmap)");
    roadmap.color = kPurple;
    roadmap.shape = QScatterSeries::MarkerShapeStar;
    trend.name = tr("Projected: later generations (trend), to %1").arg(viewEnd(e, r), 0, 'f', 0);
    trend.color = kGrey;
    trend.shape = QScatterSeries::MarkerShapeTriangle;
    try {
        const ff::Params p = ff::resolveParams(d, ff::assumptionValues(d, r.scenario));
        const auto ctx = e.context(r.asOf);
        const double end = viewEnd(e, r);
        for (const auto &g : ff::projectGenerations(d, p, r.asOf, ctx->hindcast, kRoadmapFamily, d.settings.horizonYear)) {
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

ChartSpec specFor(ChartKind kind, const ff::Engine &e, const ff::Result &r)
{
    switch (kind) {
    case ChartKind::Trends:
        return trendsSpec(e, r);
    case ChartKind::Crossing:
        return crossingSpec(e, r);
    case ChartKind::Timeline:
        return timelineSpec(e, r);
    case ChartKind::Hardware:
        return hardwareSpec(e, r);
    }
    return {};
}

QFont pointFont(qreal pt, bool bold = false)
{
    QFont f;
    f.setPointSizeF(pt);
    f.setBold(bold);
    return f;
}

ChartStyle styleOf(const QChart *chart)
{
    ChartStyle s;
    const QVariantList v = chart->property(kStyleProperty).toList();
    if (v.size() == 6) {
        s.titlePt = v[0].toReal();
        s.axisTitlePt = v[1].toReal();
        s.axisLabelPt = v[2].toReal();
        s.legendPt = v[3].toReal();
        s.lineWidth = v[4].toReal();
        s.markerSize = v[5].toReal();
    }
    return s;
}

QAbstractAxis *makeAxis(const AxisSpec &a, const ChartStyle &st)
{
    QAbstractAxis *axis = nullptr;
    if (a.log) {
        auto *l = new QLogValueAxis;
        l->setBase(a.base);
        l->setMinorTickCount(a.base == 10 ? 8 : 0);
        axis = l;
    } else {
        auto *v = new QValueAxis;
        v->setTickType(QValueAxis::TicksDynamic);
        axis = v;
    }
    axis->setTitleFont(pointFont(st.axisTitlePt));
    axis->setLabelsFont(pointFont(st.axisLabelPt));
    return axis;
}

void applyAxis(QAbstractAxis *axis, const AxisSpec &a)
{
    axis->setTitleText(a.title);
    if (auto *l = qobject_cast<QLogValueAxis *>(axis)) {
        l->setLabelFormat(a.format);
        l->setRange(a.min, a.max);
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
    return axis && (a.log ? qobject_cast<const QLogValueAxis *>(axis) != nullptr
                          : qobject_cast<const QValueAxis *>(axis) != nullptr);
}

QXYSeries *makeSeries(const SeriesSpec &s, const ChartStyle &st)
{
    if (s.draw == Draw::Scatter) {
        auto *sc = new QScatterSeries;
        sc->setMarkerShape(s.shape);
        sc->setMarkerSize(s.shape == QScatterSeries::MarkerShapeStar ? st.markerSize * 1.6 : st.markerSize);
        sc->setColor(s.color);
        sc->setBorderColor(s.color.darker(140));
        return sc;
    }
    auto *line = new QLineSeries;
    QPen pen(s.color);
    pen.setWidthF(s.draw == Draw::Marker ? st.lineWidth * 0.8 : st.lineWidth);
    pen.setStyle(s.draw == Draw::Dashed ? Qt::DashLine : s.draw == Draw::Marker ? Qt::DotLine : Qt::SolidLine);
    pen.setCapStyle(Qt::FlatCap);
    line->setPen(pen);
    return line;
}

void applySeries(QXYSeries *series, const SeriesSpec &s)
{
    series->setName(s.name);
    series->replace(s.points);
    series->setProperty(ChartFactory::kPointNamesProperty, s.pointNames);
}

bool seriesMatches(const QAbstractSeries *series, const SeriesSpec &s)
{
    return (s.draw == Draw::Scatter) == (qobject_cast<const QScatterSeries *>(series) != nullptr);
}

void build(QChart *chart, const ChartSpec &spec, const ChartStyle &st)
{
    chart->removeAllSeries();
    for (QAbstractAxis *a : chart->axes()) {
        chart->removeAxis(a);
        delete a;
    }
    QAbstractAxis *x = makeAxis(spec.x, st);
    QAbstractAxis *y = makeAxis(spec.y, st);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    QAbstractAxis *y2 = nullptr;
    if (spec.hasY2) {
        y2 = makeAxis(spec.y2, st);
        chart->addAxis(y2, Qt::AlignRight);
    }
    for (const SeriesSpec &s : spec.series) {
        QXYSeries *series = makeSeries(s, st);
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(s.rightAxis && y2 ? y2 : y);
    }
}

} // namespace

const char ChartFactory::kPointNamesProperty[] = "ffPointNames";

ChartStyle ChartStyle::forSize(const QSize &logicalSize)
{
    // 1.0 at 1280x720; a 1920x1080 export gets 1.5x the window's point sizes.
    const qreal k = std::clamp(std::min(logicalSize.width() / 1280.0, logicalSize.height() / 720.0), 0.85, 3.0);
    ChartStyle s;
    s.titlePt *= k;
    s.axisTitlePt *= k;
    s.axisLabelPt *= k;
    s.legendPt *= k;
    s.lineWidth *= k;
    s.markerSize *= k;
    return s;
}

QList<ChartKind> ChartFactory::kinds()
{
    return {ChartKind::Trends, ChartKind::Crossing, ChartKind::Timeline, ChartKind::Hardware};
}

QString ChartFactory::id(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Trends:
        return QStringLiteral("trends");
    case ChartKind::Crossing:
        return QStringLiteral("crossing");
    case ChartKind::Timeline:
        return QStringLiteral("timeline");
    case ChartKind::Hardware:
        return QStringLiteral("hardware");
    }
    return {};
}

QString ChartFactory::title(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Trends:
        return tr("Trends: hardware per dollar and model efficiency");
    case ChartKind::Crossing:
        return tr("Crossing: what a Sonnet-class model needs vs what the budget buys");
    case ChartKind::Timeline:
        return tr("Local vs frontier: quality over time");
    case ChartKind::Hardware:
        return tr("Hardware catalog: memory vs bandwidth, coloured by launch price");
    }
    return {};
}

QString ChartFactory::tabTitle(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Trends:
        return tr("Trends");
    case ChartKind::Crossing:
        return tr("Crossing");
    case ChartKind::Timeline:
        return tr("Local vs frontier");
    case ChartKind::Hardware:
        return tr("Hardware catalog");
    }
    return {};
}

std::optional<ChartKind> ChartFactory::fromId(const QString &id)
{
    for (ChartKind k : kinds())
        if (ChartFactory::id(k) == id)
            return k;
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
    auto *chart = new QChart;
    chart->setProperty(kKindProperty, static_cast<int>(kind));
    chart->setProperty(kStyleProperty, QVariantList{style.titlePt, style.axisTitlePt, style.axisLabelPt, style.legendPt,
                                                    style.lineWidth, style.markerSize});
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTitleFont(pointFont(style.titlePt, true));
    chart->legend()->setFont(pointFont(style.legendPt));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    chart->setBackgroundRoundness(0);
    update(chart, engine, r);
    return chart;
}

ChartKind ChartFactory::kindOf(const QChart *chart)
{
    return static_cast<ChartKind>(chart->property(kKindProperty).toInt());
}

void ChartFactory::fitLegend(QChart *chart, qreal width)
{
    QLegend *legend = chart->legend();
    const QFontMetricsF fm(legend->font());
    qreal needed = 0;
    for (const QAbstractSeries *s : chart->series())
        needed += fm.horizontalAdvance(s->name()) + fm.height() * 2.5; // marker, spacing
    const Qt::Alignment want = needed > width * 0.92 ? Qt::AlignRight : Qt::AlignBottom;
    if (legend->alignment() != want)
        legend->setAlignment(want);
}

void ChartFactory::update(QChart *chart, const ff::Engine &engine, const ff::Result &r)
{
    const ChartSpec spec = specFor(kindOf(chart), engine, r);
    chart->setTitle(spec.title);
    // Reuse series and axes when the shape is unchanged (the common case: a slider moved).
    const QList<QAbstractSeries *> series = chart->series();
    const QList<QAbstractAxis *> xs = chart->axes(Qt::Horizontal);
    const QList<QAbstractAxis *> ys = chart->axes(Qt::Vertical);
    bool same = series.size() == static_cast<qsizetype>(spec.series.size()) && xs.size() == 1 &&
                ys.size() == (spec.hasY2 ? 2 : 1) && axisMatches(xs.value(0), spec.x);
    for (qsizetype i = 0; same && i < series.size(); ++i)
        same = seriesMatches(series[i], spec.series[static_cast<std::size_t>(i)]);
    if (!same)
        build(chart, spec, styleOf(chart));
    QAbstractAxis *x = chart->axes(Qt::Horizontal).value(0);
    QAbstractAxis *y = nullptr, *y2 = nullptr;
    for (QAbstractAxis *a : chart->axes(Qt::Vertical))
        (a->alignment() == Qt::AlignRight ? y2 : y) = a;
    applyAxis(x, spec.x);
    applyAxis(y, spec.y);
    if (y2)
        applyAxis(y2, spec.y2);
    const QList<QAbstractSeries *> now = chart->series();
    for (qsizetype i = 0; i < now.size(); ++i)
        applySeries(static_cast<QXYSeries *>(now[i]), spec.series[static_cast<std::size_t>(i)]);
}

} // namespace ffui

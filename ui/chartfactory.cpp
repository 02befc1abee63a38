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
#include <limits>
#include <vector>

#include "chartfit.h"
#include "chartparts.h"
#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

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

using namespace chartparts;

namespace {

using detail::ChartState;

// What a chart made by ChartFactory::create carries between updates, as one typed value (a new
// style field travels with it; nothing is spelled out field by field).
const char kStateProperty[] = "ffChartState";

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

// An axis for the spec: `kept` when it is of the spec's kind (made anew otherwise), styled.
QAbstractAxis *makeAxis(const AxisSpec &a, const ChartStyle &st, QAbstractAxis *kept = nullptr)
{
    QAbstractAxis *axis = kept;
    if (a.log) {
        auto *l = axis ? static_cast<QLogValueAxis *>(axis) : new QLogValueAxis;
        l->setBase(a.base);
        l->setMinorTickCount(a.base == 10 ? 8 : 0);
        axis = l;
    } else if (!a.labels.empty()) {
        auto *cat = axis ? static_cast<QCategoryAxis *>(axis) : new QCategoryAxis;
        cat->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        axis = cat;
    } else {
        auto *v = axis ? static_cast<QValueAxis *>(axis) : new QValueAxis;
        v->setTickType(QValueAxis::TicksDynamic);
        axis = v;
    }
    ChartFit::forgetFit(axis);
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

// The chart's axis on one side, if it can serve as `fits` wants (else it is removed): a rebuild
// keeps its axes. Qt Charts hides a removed axis's element but leaves its tick labels, grid lines
// and title on screen (they are items of the chart, not of the element) until the event loop
// deletes the element later (ChartPresenter::handleAxisRemoved: deleteLater). A rebuild during a
// drag (a series appearing or splitting at today) drew two or three sets of year labels at once,
// and moved the axes the drag holds still. A kept axis has neither problem.
template <typename Fits>
QAbstractAxis *keptAxis(QChart *chart, Qt::Alignment side, Fits fits)
{
    QAbstractAxis *kept = nullptr;
    for (QAbstractAxis *a : chart->axes())
        if (a->alignment() == side && !kept && fits(a))
            kept = a;
    for (QAbstractAxis *a : chart->axes())
        if (a->alignment() == side && a != kept) {
            chart->removeAxis(a);
            delete a;
        }
    return kept;
}

// Builds the series anew; keeps the axes where they are of the spec's kind. True when every axis was kept.
bool build(QChart *chart, const ChartSpec &spec, const ChartStyle &st)
{
    chart->removeAllSeries();
    const bool horizontalBars = spec.bars && spec.bars->horizontal;
    const auto isBarCategories = [](const QAbstractAxis *a) { return qobject_cast<const QBarCategoryAxis *>(a) != nullptr; };
    const AxisSpec &xSpec = spec.x, &ySpec = spec.y;
    QAbstractAxis *keptX = keptAxis(chart, Qt::AlignBottom, [&](const QAbstractAxis *a) {
        return spec.bars && !horizontalBars ? isBarCategories(a) : axisMatches(a, xSpec);
    });
    QAbstractAxis *keptY = keptAxis(chart, Qt::AlignLeft, [&](const QAbstractAxis *a) {
        return horizontalBars ? isBarCategories(a) : axisMatches(a, ySpec);
    });
    QAbstractAxis *keptY2 = keptAxis(chart, Qt::AlignRight, [&](const QAbstractAxis *a) { return spec.hasY2 && axisMatches(a, spec.y2); });
    const bool allKept = keptX && keptY && (!spec.hasY2 || keptY2);
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
        QAbstractAxis *keptCategories = b.horizontal ? keptY : keptX;
        auto *categories = keptCategories ? static_cast<QBarCategoryAxis *>(keptCategories) : new QBarCategoryAxis;
        const QStringList names = b.categories.isEmpty() ? QStringList{QStringLiteral(" ")} : b.categories;
        if (categories->categories() != names) {
            categories->clear();
            categories->append(names);
        }
        ChartFit::forgetFit(categories);
        themeAxis(categories, st);
        QAbstractAxis *values = makeAxis(b.horizontal ? spec.x : spec.y, st, b.horizontal ? keptX : keptY);
        x = b.horizontal ? values : categories;
        y = b.horizontal ? categories : values;
        if (!keptX)
            chart->addAxis(x, Qt::AlignBottom);
        if (!keptY)
            chart->addAxis(y, Qt::AlignLeft);
        chart->addSeries(bars);
        bars->attachAxis(x);
        bars->attachAxis(y);
    } else {
        x = makeAxis(spec.x, st, keptX);
        y = makeAxis(spec.y, st, keptY);
        if (!keptX)
            chart->addAxis(x, Qt::AlignBottom);
        if (!keptY)
            chart->addAxis(y, Qt::AlignLeft);
    }
    if (spec.hasY2) {
        y2 = makeAxis(spec.y2, st, keptY2);
        if (!keptY2)
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
    return allKept;
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

unsigned ChartFactory::parts(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Trends:
    case ChartKind::Crossing:
    case ChartKind::Timeline:
    case ChartKind::Fan:
        return ff::PartSeries;
    case ChartKind::Hardware:
        return ff::PartScenarios | ff::PartBudgets; // the budget's boxes and the scenario table's best boxes
    case ChartKind::Economics:
        return ff::PartTargets | ff::PartBudgets; // computeEconomics: the answer's box per target and budget
    case ChartKind::Histogram:
    case ChartKind::Tornado:
    case ChartKind::Backtest:
        break;
    }
    return ff::PartHeadline;
}

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
    bool axesKept = reuse;
    if (!reuse) {
        axesKept = build(chart, spec, state.style);
        state.rebuild = false;
        setState(chart, state);
    }
    // During a drag the axes keep their range, so before and after can be compared; the release
    // refits them. A rebuild mid-drag (a series more or less) keeps them too.
    const bool keepAxes = axesKept && state.axesFrozen;
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

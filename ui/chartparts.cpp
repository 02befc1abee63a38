#include "chartparts.h"

#include <QCoreApplication>

#include "solver/forecast.h"
#include "uncertainty/montecarlo.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

QString tr(const char *text) { return QCoreApplication::translate("ffui::ChartFactory", text); }

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

void setYearAxis(AxisSpec &a, double from, double to, const QString &title)
{
    a.title = title;
    a.min = std::floor(from);
    a.max = std::max(a.min + 1, std::ceil(to));
    const double span = a.max - a.min;
    a.tickInterval = span <= 10 ? 1 : span <= 20 ? 2 : 5;
    a.tickAnchor = std::ceil(a.min / a.tickInterval) * a.tickInterval;
    a.format = QStringLiteral("%.0f");
}

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
                        const ff::Distribution *precision, const QString &which)
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

namespace {

QString pinnedLegend(const ff::Result &pinned, const QString &what)
{
    return what.isEmpty() ? tr("Pinned: %1").arg(qs(pinned.scenario.name)) : tr("Pinned: %1: %2").arg(qs(pinned.scenario.name), what);
}

} // namespace

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

void addYearMarkers(ChartSpec &c, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned, bool withParity)
{
    c.series.push_back(todayLine(r, c.y.min, c.y.max));
    if (withParity)
        c.series.push_back(parityMarker(r.task, c.y.min, c.y.max, c.x.min, c.x.max, x.monteCarlo ? &x.monteCarlo->task : nullptr));
    if (pinned)
        c.series.push_back(pinnedParityMarker(*pinned, c.y.min, c.y.max, c.x.min, c.x.max));
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

// A y range for quality over time that keeps the frontier and the target readable while the
// projected local line keeps climbing.
void setQualityRange(ChartSpec &c, const Bounds &all, const Bounds &bar, const ff::Engine &e)
{
    const double hi = bar.valid() ? std::min(all.hi, bar.hi + 20) : all.hi;
    setLinearRange(c.y, all.valid() ? all.lo - 2 : 100, all.valid() ? hi + 2 : 160);
    c.y.title = tr("Quality (%1)").arg(qs(e.data().qualityIndexName));
}

QString noData(ChartKind kind, const QString &why) { return ChartFactory::title(kind) + QStringLiteral(" \u2014 ") + why; }

} // namespace ffui::chartparts

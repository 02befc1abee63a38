// The histogram: the Monte Carlo distribution of the parity year.
#include "chartparts.h"

#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

namespace {

QString yearLabel(double t, double horizon)
{
    return std::isfinite(t) ? qs(ff::formatMonth(t)).left(4) : tr("after %1").arg(horizon, 0, 'f', 0);
}

} // namespace

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
        // A span only from enough samples after as-of (montecarlo.h hasFutureRange), as the report says it.
        s.name = ff::hasFutureRange(d) ? tr("%1: P10 to P90 after as-of %2 to %3").arg(which, yearLabel(d.p10, horizon), yearLabel(d.p90, horizon))
                                       : tr("%1: %2 samples after as-of, too few for a range").arg(which).arg(d.future);
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

} // namespace ffui::chartparts

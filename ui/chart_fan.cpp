// The uncertainty fan: the Monte Carlo spread of the best local quality at API speed.
#include "chartparts.h"

#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

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
    addYearMarkers(c, r, x, pinned, false); // today and the pin: the fan draws no task-level parity marker
    return c;
}

} // namespace ffui::chartparts

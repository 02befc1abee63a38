// The chart series of a Result (resultbuilder.h): the hardware and efficiency indices, the size
// needed vs the size the budget runs (the crossing), and the quality timeline.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "solver/resultbuilder.h"

namespace ff {

void ResultBuilder::trendSeries()
{
    const double t0 = data.settings.t0;
    const double start = 2016.0;
    Series compute{"Compute per $", "index", {}, {}, "compute_per_dollar"},
        bandwidth{"Bandwidth per $", "index", {}, {}, "bandwidth_per_dollar"},
        memory{"Memory per $", "index", {}, {}, "memory_per_dollar"},
        efficiency{"Model efficiency", "index", {}, {}, "model_efficiency"},
        roadmap{"Largest card under budget (memory)", "index", {}, {}, "memory_roadmap", true};
    // The efficiency index is drawn from two years before as-of: further back, the fitted pace
    // (a quality index rising fast at fixed size) extrapolates to meaningless sizes. Never before
    // the law's own evidence starts: a law fitted on a few months (the SWE-rebench window) run
    // backwards is a spike, not a trend.
    const double efficiencyStart = std::max(std::floor(asOf) - 2.0, ctx.lawStart);
    const double req0 = e.requiredDeff(ctx, p, tgt.quality, t0);
    double mem0 = 0;
    for (const auto &b : boxes())
        if (b.kind == PartKind::Gpu && b.availableFrom <= t0)
            mem0 = std::max(mem0, b.cardMemoryGb);
    for (double t = start; t <= horizon + 1e-9; t += 0.25) {
        compute.x.push_back(t);
        compute.y.push_back(std::exp2((t - t0) / p.computePerDollarDoublingYears));
        bandwidth.x.push_back(t);
        bandwidth.y.push_back(std::exp2((t - t0) / p.bandwidthPerDollarDoublingYears));
        memory.x.push_back(t);
        memory.y.push_back(std::exp2((t - t0) / p.memoryPerDollarDoublingYears));
        if (t >= efficiencyStart && ctx.projectable) { // a law not projectable draws no efficiency line
            Params noDrift = p;
            noDrift.targetDriftPerYear = 0;
            efficiency.x.push_back(t);
            efficiency.y.push_back(req0 / e.requiredDeff(ctx, noDrift, tgt.quality, t));
        }
        double m = 0;
        for (const auto &b : boxes())
            if (b.kind == PartKind::Gpu && b.availableFrom <= t)
                m = std::max(m, b.cardMemoryGb);
        if (m > 0 && mem0 > 0) {
            roadmap.x.push_back(t);
            roadmap.y.push_back(m / mem0);
        }
    }
    {
        // One axis for all: the efficiency index is drawn only while it stays within the range the
        // hardware series span (past it, it would set an axis of its own, 1e-4 to 1e5).
        double lo = std::numeric_limits<double>::infinity(), hi = 0;
        for (const Series *x : {&compute, &bandwidth, &memory, &roadmap})
            for (double y : x->y) {
                lo = std::min(lo, y);
                hi = std::max(hi, y);
            }
        Series kept = efficiency;
        kept.x.clear();
        kept.y.clear();
        for (std::size_t i = 0; i < efficiency.x.size(); ++i)
            if (efficiency.y[i] >= lo && efficiency.y[i] <= hi) {
                kept.x.push_back(efficiency.x[i]);
                kept.y.push_back(efficiency.y[i]);
            }
        efficiency = std::move(kept);
    }
    r.trends = {compute, bandwidth, memory, efficiency, roadmap};
}

// On the solver's month grid, from a year before the answer (or before as-of, whichever is
// earlier) but not before the law's evidence starts: the law's line also runs through the past,
// where a crossing is what the law implies (not observed), so an implied answer is drawn where
// the headline puts it.
double ResultBuilder::projectionStart() const
{
    return ceilToMonth(std::max(ctx.lawStart, std::min(asOf, r.task.reached ? r.task.year : asOf) - 1.0));
}

void ResultBuilder::crossingSeries()
{
    // Crossing, on the solver's own test (a box reaches parity when the size it runs at API speed is
    // at least the size the target needs, KV at the needed size): each month from as-of, the size
    // needed and the size the best box under budget runs, both by the law (the past is observed in the
    // timeline's catalog runs).
    Series need{"Sonnet-class needs", "B (dense-equiv.)", {}, {}, "need_deff"},
        offer{"Budget runs at API speed (best box)", "B (dense-equiv.)", {}, {}, "offer_deff", true};
    for (double t = projectionStart(); t <= horizon + 1e-9; t += 1.0 / 12) {
        const double req = e.requiredDeff(ctx, p, tgt.quality, t);
        need.x.push_back(t);
        need.y.push_back(req);
        ShapeLimit s;
        if (const Box *b = bestBoxAt(mainShaped, t, &s)) {
            // Near the need the KV is taken at the needed size, exactly as the solver's test; far from
            // it the box's own size (KV at that size) is on the same side and costs nothing more.
            double off = s.deffB;
            if (off > 0.6 * req && off < 1.6 * req)
                off = e.bestShape(ctx, p, w, b->spec, e.kvPerToken(ctx, p, req, t), tps, p.taskContextTokens, false,
                                  nullptr).deffB;
            offer.x.push_back(t);
            offer.y.push_back(off);
        } else {
            // No box is within the budget this month (before the first affordability window, or between
            // two): the budget runs nothing then (0), as the answer counts a box only in a month it can
            // be bought in. Skipping the month would leave the last box's size drawn across the gap.
            offer.x.push_back(t);
            offer.y.push_back(0);
        }
    }
    r.crossing = {need, offer};
}

void ResultBuilder::timelineSeries()
{
    // Timeline: frontier envelope vs the best local quality at API speed, observed up to as-of
    // (catalog models on the boxes that existed and were affordable) and projected by the law after.
    Series frontier{"Frontier (hosted)", "quality index", {}, {}, "frontier", true},
        observed{"Best local at API speed (observed)", "quality index", {}, {}, "local_observed", true},
        local{"Best local at API speed (by the law)", "quality index", {}, {}, "local_projected"},
        target{"Target: " + tgt.name, "quality index", {}, {}, "target"};
    std::vector<const FrontierModel *> fm;
    for (const auto &m : ctx.frontierModels)
        if (m.scored && m.released <= asOf)
            fm.push_back(&m);
    std::sort(fm.begin(), fm.end(), [](auto *a, auto *b) { return a->released < b->released; });
    double env = -1e300;
    for (const auto *m : fm) {
        if (m->quality <= env)
            continue;
        if (!frontier.x.empty()) {
            frontier.x.push_back(m->released);
            frontier.y.push_back(env);
            frontier.labels.push_back(std::string());
        }
        env = m->quality;
        frontier.x.push_back(m->released);
        frontier.y.push_back(env);
        frontier.labels.push_back(m->name);
    }
    if (!frontier.x.empty()) {
        frontier.x.push_back(asOf);
        frontier.y.push_back(env);
        frontier.labels.push_back(std::string());
    }
    const double timelineStart = std::max(2023.0, floorToMonth(asOf) - 2.0);
    // Observed: quarter by quarter, then as-of itself (the best run changes only when a model or box appears).
    std::vector<double> obsTimes;
    for (double t = std::ceil(timelineStart * 4) / 4; t < asOf - 1e-9; t += 0.25)
        obsTimes.push_back(t);
    obsTimes.push_back(asOf);
    // And the day the headline's observed parity came (its month, or the model's release in it): the
    // line then steps onto the target in the month the headline names (quarterly samples alone drew the
    // step up to three months late).
    double seen = r.task.year;
    for (const auto &m : ctx.openModels)
        if (m.name == r.task.model)
            seen = std::max(seen, m.released);
    if (r.task.kind == ParityKind::Observed && seen > obsTimes.front() + 1e-9 && seen < asOf - 1e-9) {
        obsTimes.insert(std::lower_bound(obsTimes.begin(), obsTimes.end(), seen), seen);
        obsTimes.erase(std::unique(obsTimes.begin(), obsTimes.end(), [](double a, double b) { return std::fabs(a - b) < 1e-9; }), obsTimes.end());
    }
    for (double t : obsTimes) {
        const CatalogRun run = e.bestCatalogRun(ctx, p, w, boxesAt(boxes(), t, 0), tps, false, t);
        if (!run.found)
            continue;
        observed.x.push_back(t);
        observed.y.push_back(run.quality);
        observed.labels.push_back(run.model + " " + run.quant + " on " + run.box);
    }
    for (double t = projectionStart(); t <= horizon + 1e-9; t += 1.0 / 12) {
        ShapeLimit s;
        const double bar = barAt(t);
        if (bestBoxAt(mainShaped, t, &s) && s.deffB > 0) {
            double q = e.lawQuality(ctx, p, s.deffB, t);
            if (e.breakthroughOn(p) && t >= p.distillBreakthroughYear && s.deffB >= e.requiredDeff(ctx, p, tgt.quality, t))
                q = std::max(q, bar);
            if (!local.x.empty() && t - local.x.back() > 1.5 / 12) // months skipped: no affordable box then
                local.restarts.push_back(local.x.size());
            local.x.push_back(t);
            local.y.push_back(q);
        }
    }
    for (double t = timelineStart; t <= horizon + 1e-9; t += 1.0 / 12) {
        target.x.push_back(t);
        target.y.push_back(barAt(t));
    }
    r.timeline = {frontier, observed, local, target};
}

} // namespace ff

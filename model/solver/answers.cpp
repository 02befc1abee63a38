// The parity answers of a Result (resultbuilder.h): the headline and the fits beside it, the moving
// bar, every Sonnet-class target, every yardstick, what the answer rests on and the answers without
// the roadmap entry.
#include <algorithm>
#include <cmath>
#include <string>

#include "solver/resultbuilder.h"
#include "core/timeutil.h"

namespace ff {

namespace {
// A Sonnet-class target the per-target table answers for at as-of: scored and released by then.
bool answeredTarget(const FrontierModel &m, double asOf) { return m.sonnetClass && m.scored && m.released <= asOf; }
// Its row before the answers: the name, the bar and how the bar was scored.
TargetParity targetRow(const FrontierModel &m)
{
    TargetParity tp;
    tp.target = m.name;
    tp.targetQuality = m.quality;
    tp.crosswalked = crosswalkedBarText(m);
    return tp;
}
} // namespace

void ResultBuilder::headlineFits()
{
    r.scenario = sc;
    r.yardstick = sc.yardstick;
    r.asOf = asOf;
    r.budgetUsd = p.budgetUsd;
    r.targetModel = tgt.name;
    r.targetQuality = tgt.quality;
    r.targetCrosswalked = crosswalkedBarText(tgt);
    r.targetReleased = tgt.released;
    r.law = ctx.law;
    r.kv = ctx.kv;
    r.kvFloorBytes = p.kvFloorBytesPerToken;
    if (ctx.kv.perYear < 0) {
        const double t = ctx.kv.t0 + std::log(p.kvFloorBytesPerToken / ctx.kv.bytesPerToken(30.0, ctx.kv.t0)) / ctx.kv.perYear;
        r.kvFloorFromYear = t <= data.settings.horizonYear ? t : 0.0;
    }
    r.fittedBandwidthDoublingYears = ctx.bandwidthPerDollar.doublingYears();
    r.fittedMemoryDoublingYears = ctx.memoryPerDollar.doublingYears();
    r.fittedComputeDoublingYears = ctx.computePerDollar.doublingYears();
    r.fittedComputeKind = ctx.computePerDollarKind;
    r.fittedComputeN = ctx.computePerDollar.n;
    r.fittedDensityDoublingYears = ctx.law.densityDoublingYears();
}

void ResultBuilder::headline()
{
    r.task = e.parity(ctx, p, w, boxes(), tgt.quality, tgt.released, ParityMode::TaskLevel);
    if (r.task.reached) // the full product includes the task level
        r.full = e.parity(ctx, p, w, boxes(), tgt.quality, std::max(tgt.released, r.task.year), ParityMode::FullProduct);
    else // not reached at task level: nor the full product, for the same reason
        r.full.notProjectable = r.task.notProjectable;
}

void ResultBuilder::movingBar()
{
    Params moving = p;
    moving.targetDriftPerYear = drift;
    r.movingBarDrift = drift;
    r.movingTask = e.parity(ctx, moving, w, boxes(), tgt.quality, tgt.released, ParityMode::TaskLevel);
    if (r.movingTask.reached)
        r.movingFull =
            e.parity(ctx, moving, w, boxes(), tgt.quality, std::max(tgt.released, r.movingTask.year), ParityMode::FullProduct);
}

void ResultBuilder::perTarget()
{
    for (const auto &m : ctx.frontierModels) {
        if (!answeredTarget(m, asOf))
            continue;
        TargetParity tp = targetRow(m);
        if (m.name == tgt.name) { // the answer above: the same search
            tp.task = r.task;
            tp.full = r.full;
        } else {
            const Params pm = paramsFor(m);
            tp.task = e.parity(ctx, pm, w, boxes(), m.quality, m.released, ParityMode::TaskLevel);
            if (tp.task.reached)
                tp.full = e.parity(ctx, pm, w, boxes(), m.quality, std::max(m.released, tp.task.year), ParityMode::FullProduct);
            else // not reached at task level: nor the full product, for the same reason
                tp.full.notProjectable = tp.task.notProjectable;
        }
        r.perTarget.push_back(tp);
    }
}

void ResultBuilder::byYardstick()
{
    // Parity on every yardstick, side by side; the chosen one is the answer above (and its targets,
    // perTarget: Engine::compute runs perTarget first whenever it runs this).
    r.contextTrend = ctx.contextTrend;
    for (Yardstick y : allYardsticks()) {
        YardstickParity yp;
        yp.yardstick = y;
        try {
            const auto yc = y == sc.yardstick ? ctxPtr : e.context(asOf, y);
            // The law is the yardstick's whatever the target: kept even when the target has no score on it.
            yp.law = yc->law;
            yp.vendorGap = yc->vendorGap;
            yp.barCrosswalk = yc->barCrosswalk;
            yp.independentOpen = yc->independentOpen;
            yp.vendorOpen = yc->vendorOpen;
            const FrontierModel &yt = e.target(sc, *yc);
            yp.targetScore = displayScore(y, yt.quality);
            yp.targetCrosswalked = crosswalkedBarText(yt);
            yp.targetIndependent = y == Yardstick::General || (codingScore(yt, y) && codingScore(yt, y)->independent);
            if (y == sc.yardstick) {
                yp.task = r.task;
                yp.full = r.full;
                yp.perTarget = r.perTarget;
            } else {
                yp.task = e.parity(*yc, p, w, boxes(), yt.quality, yt.released, ParityMode::TaskLevel);
                if (yp.task.reached)
                    yp.full = e.parity(*yc, p, w, boxes(), yt.quality, std::max(yt.released, yp.task.year), ParityMode::FullProduct);
                else // not reached at task level: nor the full product, for the same reason
                    yp.full.notProjectable = yp.task.notProjectable;
                for (const auto &m : yc->frontierModels) {
                    if (!answeredTarget(m, asOf))
                        continue;
                    TargetParity tp = targetRow(m);
                    const Params pm = paramsFor(m);
                    tp.task = e.parity(*yc, pm, w, boxes(), m.quality, m.released, ParityMode::TaskLevel);
                    if (tp.task.reached)
                        tp.full = e.parity(*yc, pm, w, boxes(), m.quality, std::max(m.released, tp.task.year), ParityMode::FullProduct);
                    else // not reached at task level: nor the full product, for the same reason
                        tp.full.notProjectable = tp.task.notProjectable;
                    yp.perTarget.push_back(tp);
                }
            }
            for (auto &tp : yp.perTarget) {
                tp.targetQuality = displayScore(y, tp.targetQuality);
                for (const auto &m : yc->frontierModels)
                    if (m.name == tp.target && isCoding(y) && codingScore(m, y) && !codingScore(m, y)->independent)
                        yp.vendorOnlyTargets.push_back(m.name);
            }
            yp.available = true;
        } catch (const std::exception &ex) {
            yp.why = ex.what();
        }
        r.byYardstick.push_back(yp);
    }
}

void ResultBuilder::restsOn()
{
    e.restsOn(ctx, ws, values, tgt.quality, tgt.released, r);
}

void ResultBuilder::roadmapAnswers()
{
    // The roadmap entry: every answer re-solved without it (the same scenario otherwise).
    r.roadmapKnown = ctx.roadmapKnown;
    if (ctx.roadmapKnown) {
        const auto yearText = [](double y) {
            const double m = std::round(y * 12) / 12;
            return std::to_string(static_cast<int>(std::floor(m + 1e-9)));
        };
        r.roadmapAssumption = "a " + std::to_string(static_cast<int>(std::lround(p.roadmapNextMemoryGb))) + " GB " +
                              data.settings.roadmap.vendor + " flagship ships in " + yearText(p.roadmapNextYear) +
                              " (roadmap entry, known since " + formatMonth(data.settings.roadmap.knownSince) + ")";
        Params off = p;
        off.roadmapOff = true;
        const auto offMarket = e.market(ctx, off, off.budgetUsd);
        r.taskWithoutRoadmap = e.parity(ctx, off, w, offMarket->boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
        if (r.taskWithoutRoadmap.reached)
            r.fullWithoutRoadmap = e.parity(ctx, off, w, offMarket->boxes, tgt.quality,
                                            std::max(tgt.released, r.taskWithoutRoadmap.year), ParityMode::FullProduct);
        off.targetDriftPerYear = drift;
        r.movingTaskWithoutRoadmap = e.parity(ctx, off, w, offMarket->boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
        if (r.movingTaskWithoutRoadmap.reached)
            r.movingFullWithoutRoadmap = e.parity(ctx, off, w, offMarket->boxes, tgt.quality,
                                                  std::max(tgt.released, r.movingTaskWithoutRoadmap.year), ParityMode::FullProduct);
    } else {
        r.taskWithoutRoadmap = r.task;
        r.fullWithoutRoadmap = r.full;
        r.movingTaskWithoutRoadmap = r.movingTask;
        r.movingFullWithoutRoadmap = r.movingFull;
    }
}

} // namespace ff

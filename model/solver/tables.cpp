// The tables of a Result (resultbuilder.h): the scenario table (year by year), the budget table
// (today) and the reverse prediction, on the boxes' largest shapes at API speed.
#include <algorithm>
#include <cmath>
#include <string>

#include "solver/resultbuilder.h"

namespace ff {

namespace {
// First frontier model whose quality reaches q (the frontier envelope), or nullptr.
const FrontierModel *firstFrontierAtLeast(const std::vector<FrontierModel> &fm, double q, double asOf)
{
    const FrontierModel *first = nullptr;
    for (const auto &m : fm)
        if (m.scored && m.quality >= q && m.released <= asOf && (!first || m.released < first->released))
            first = &m;
    return first;
}
} // namespace

// A box's largest shape at API speed with the KV of that shape (a fixed point, a few steps).
ShapeLimit ResultBuilder::shapeOne(const Box &b)
{
    // The KV of a model released when the box is (or at as-of): a box bought later runs later models.
    const double tk = std::max(b.availableFrom, ctx.asOf);
    double kv = e.kvPerToken(ctx, p, 30.0, tk);
    ShapeLimit sh;
    for (int it = 0; it < 3; ++it) {
        sh = e.bestShape(ctx, p, w, b.spec, kv, tps, p.taskContextTokens, false, nullptr);
        const double next = e.kvPerToken(ctx, p, std::max(sh.deffB, 0.5), tk);
        if (std::fabs(next - kv) < 1e-3 * kv)
            break;
        kv = next;
    }
    return sh;
}

ResultBuilder::Shaped ResultBuilder::shapeAll(const std::vector<Box> &bx)
{
    Shaped s{&bx, {}};
    s.shapes.reserve(bx.size());
    for (const auto &b : bx)
        s.shapes.push_back(shapeOne(b));
    return s;
}

// The first box of a sorted list available by t with the largest shape: what bestBoxAt finds on
// shapeAll(bx), solving only the boxes whose bound (KV at 0.5B at least, as the fixed point's)
// can reach the largest shape found.
const Box *ResultBuilder::bestBoxBounded(const std::vector<Box> &bx, double t, ShapeLimit *shapeOut)
{
    std::size_t n = 0, top = 0;
    double topUb = -1;
    for (; n < bx.size() && bx[n].availableFrom <= t; ++n) {
        if (!bx[n].affordableAt(t)) // bought then, at that month's price
            continue;
        const double ub = shapeBound(bx[n].spec);
        if (ub > topUb) {
            topUb = ub;
            top = n;
        }
    }
    if (topUb < 0)
        return nullptr;
    const ShapeLimit topShape = shapeOne(bx[top]);
    const Box *best = nullptr;
    ShapeLimit bestS;
    for (std::size_t i = 0; i < n; ++i) {
        if (i != top && (!bx[i].affordableAt(t) || shapeBound(bx[i].spec) < topShape.deffB))
            continue;
        const ShapeLimit sh = i == top ? topShape : shapeOne(bx[i]);
        if (!best || sh.deffB > bestS.deffB || (sh.deffB == bestS.deffB && bx[i].priceAt(t) < best->priceAt(t))) { // as bestBoxAt
            best = &bx[i];
            bestS = sh;
        }
    }
    if (shapeOut)
        *shapeOut = bestS;
    return best;
}

const Box *ResultBuilder::bestBoxAt(const Shaped &s, double t, ShapeLimit *shapeOut, bool cheapestTie)
{
    const std::vector<Box> &bx = *s.boxes;
    std::size_t best = bx.size();
    double bestDeff = 0;
    for (std::size_t i = 0; i < bx.size() && bx[i].availableFrom <= t; ++i) { // sorted by availability
        if (!bx[i].affordableAt(t)) // bought then, at its price then
            continue;
        // The largest shape; on a tie (another host RAM tier of the same cards, most often) the cheaper box.
        const bool tie = cheapestTie && best < bx.size() && s.shapes[i].deffB == bestDeff;
        if (best == bx.size() || s.shapes[i].deffB > bestDeff || (tie && bx[i].priceAt(t) < bx[best].priceAt(t))) {
            best = i;
            bestDeff = s.shapes[i].deffB;
        }
    }
    if (shapeOut)
        *shapeOut = best < bx.size() ? s.shapes[best] : ShapeLimit{};
    return best < bx.size() ? &bx[best] : nullptr;
}

std::vector<const Box *> ResultBuilder::boxesAt(const std::vector<Box> &bx, double t, int gpus)
{
    std::vector<const Box *> v;
    for (const auto &b : bx)
        if (b.affordableAt(t) && (gpus == 0 || (b.kind == PartKind::Gpu && b.gpus == gpus)))
            v.push_back(&b);
    return v;
}

void ResultBuilder::shapeBoxes()
{
    shapeBound = e.deffBound(ctx, p, w, p.taskContextTokens, false, 0.5);
    mainShaped = shapeAll(boxes());
}

void ResultBuilder::scenarioTable()
{
    for (double y : data.settings.scenarioYears) {
        ScenarioRow row;
        row.year = y;
        const double t = y + 0.5;
        ShapeLimit s;
        const Box *b = bestBoxAt(mainShaped, t, &s, true);
        row.targetQuality = barAt(t);
        if (b) {
            row.box = b->label();
            row.boxCostUsd = b->priceAt(t);
            row.hostRamGb = b->kind == PartKind::Gpu ? b->ramGb : 0.0;
            row.usedOnly = t >= b->newSupplyEnded;
            row.localDeffB = s.deffB;
            const double req = e.requiredDeff(ctx, p, tgt.quality, t);
            // Quality of the best shape: the law, with the breakthrough counted as reaching the target.
            row.localQuality = e.lawQuality(ctx, p, std::max(s.deffB, 1e-3), t);
            if (e.breakthroughOn(p) && t >= p.distillBreakthroughYear && s.deffB >= req)
                row.localQuality = std::max(row.localQuality, row.targetQuality);
            // Speed of a Sonnet-class-size model on that box (the most favourable shape and level).
            const double kv = e.kvPerToken(ctx, p, req, t);
            double bestTps = 0;
            for (std::size_t i = 0; i < ctx.levels.size(); ++i) {
                const double dl = req / w.levels(ctx, p).retention[i];
                const double pa = dl / std::pow(p.maxSparsity, 1.0 - p.moeAlpha);
                ModelShape shape{pa * p.maxSparsity, pa, ctx.levels[i].bitsPerWeight, kv};
                const Estimate est = decodeEstimate(b->spec, shape, p.taskContextTokens, eff);
                if (est.fits)
                    bestTps = std::max(bestTps, est.decodeTokensPerS * p.speculativeGain);
            }
            row.targetSpeedTokensPerS = bestTps;
        }
        // After as-of the law decides year by year: a bar that drifts up faster than local models
        // improve can be lost again, and the row then says so instead of "parity".
        const bool holds = t <= asOf || row.localQuality >= row.targetQuality - 1e-9;
        row.taskParity = r.task.reached && r.task.year <= t && holds;
        row.fullParity = r.full.reached && r.full.year <= t && holds;
        if (const FrontierModel *f = firstFrontierAtLeast(ctx.frontierModels, row.localQuality, asOf)) {
            row.frontierEquivalent = f->name;
            row.frontierEquivalentYear = f->released;
        } else {
            row.frontierEquivalent = "beyond every catalogued frontier model";
        }
        if (row.fullParity)
            row.verdict = Verdict::FullProduct;
        else if (row.taskParity)
            row.verdict = Verdict::TaskLevel;
        else if (row.targetQuality - row.localQuality <= data.settings.closeQualityGap * ctx.pointScale)
            row.verdict = Verdict::Close;
        else
            row.verdict = Verdict::TooEarly;
        r.scenarios.push_back(row);
    }
}

void ResultBuilder::budgetTable()
{
    for (double budget : data.settings.budgetsUsd) {
        BudgetRow row;
        row.budgetUsd = budget;
        const auto otherMarket = std::abs(budget - p.budgetUsd) < 1e-9 ? mainMarket : e.market(ctx, p, budget);
        const std::vector<Box> &bx = otherMarket->boxes;
        ShapeLimit s;
        if (const Box *b = bestBoxBounded(bx, asOf, &s)) {
            row.box = b->label();
            row.boxCostUsd = b->priceAt(asOf);
            row.shapeDeffB = s.deffB;
            row.binding = s.binding;
        }
        const auto today = boxesAt(bx, asOf, 0);
        row.atApiSpeed = e.bestCatalogRun(ctx, p, w, today, tps, false);
        row.largestFit = e.bestCatalogRun(ctx, p, w, today, 0, true);
        row.compromise = row.binding == Binding::Memory      ? "memory capacity caps the model size"
                         : row.binding == Binding::Bandwidth ? "bandwidth caps the active parameters at API speed"
                         : row.binding == Binding::KvCache   ? "the KV cache crowds out the weights"
                                                             : "nothing runs at API speed";
        if (&bx == &boxes()) { // the scenario's own budget: the answer above
            row.task = r.task;
            row.full = r.full;
        } else {
            row.task = e.parity(ctx, p, w, bx, tgt.quality, tgt.released, ParityMode::TaskLevel);
            if (row.task.reached)
                row.full = e.parity(ctx, p, w, bx, tgt.quality, std::max(tgt.released, row.task.year), ParityMode::FullProduct);
            else // not reached at task level: nor the full product, for the same reason
                row.full.notProjectable = row.task.notProjectable;
        }
        r.budgets.push_back(row);
    }
}

void ResultBuilder::addReverse(const std::string &label, const std::vector<const Box *> &bx, double speed)
{
    ReverseRow row;
    row.constraint = label;
    row.run = e.bestCatalogRun(ctx, p, w, bx, speed, false);
    if (row.run.found) {
        if (const FrontierModel *f = firstFrontierAtLeast(ctx.frontierModels, row.run.quality, asOf)) {
            row.hasMatch = true;
            row.frontierMatch = f->name;
            row.frontierMatchYear = f->released;
            row.lagYears = asOf - f->released;
        }
    }
    r.reverse.push_back(row);
}

void ResultBuilder::reverseTable()
{
    const auto today = boxesAt(boxes(), asOf, 0);
    addReverse("Match API speed", today, p.targetTokensPerS);
    addReverse("Relaxed speed", today, p.relaxedTokensPerS);
    if (p.maxGpus >= 2)
        addReverse("Two GPUs", boxesAt(boxes(), asOf, 2), p.targetTokensPerS);
    r.currentLagYears = !r.reverse.empty() && r.reverse.front().hasMatch ? r.reverse.front().lagYears : 0.0;
}

} // namespace ff

// The presentation builders: Engine::compute fills a Result's headline, tables and chart series
// from the solver's searches (forecast.cpp); what the answer rests on; the boxes a budget buys,
// cached on what they depend on.
#include "forecast.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "solverdetail.h"
#include "timeutil.h"

namespace ff {

CatalogRun Engine::bestCatalogRun(const Context &ctx, const Params &p, Work &w, const std::vector<const Box *> &boxes, double tps,
                                  bool largestInstead, double modelsBy) const
{
    const double by = modelsBy < 0 ? ctx.asOf : std::min(modelsBy, ctx.asOf);
    const Efficiency eff = efficiency(p);
    // Models in order of preference (best quality, or most parameters); the first model that runs
    // anywhere wins, so most of the catalog is never evaluated.
    std::vector<const OpenModel *> order;
    for (const auto &m : ctx.openModels)
        if (m.released <= by && m.paramsTotalB > 0 && (largestInstead || m.quality) &&
            (!m.contextLimitTokens || *m.contextLimitTokens >= p.taskContextTokens))
            order.push_back(&m);
    std::sort(order.begin(), order.end(), [&](const OpenModel *a, const OpenModel *b) {
        return largestInstead ? a->paramsTotalB > b->paramsTotalB : *a->quality > *b->quality;
    });
    CatalogRun best;
    const Box *bestBox = nullptr; // its label is made once, at the end
    double bestKey = -1e300;
    for (const OpenModel *mp : order) {
        const OpenModel &m = *mp;
        // Quantization costs at most a few points: stop once no later model can beat the best found.
        if (best.found && !largestInstead && *m.quality < best.quality)
            break;
        if (best.found && largestInstead)
            break;
        const double d = deff(m.paramsActiveB, m.paramsTotalB, ctx.law.alpha);
        const double kv = m.kvBytesPerToken ? *m.kvPerTokenAt(p.taskContextTokens) : kvPerToken(ctx, p, d, m.released) * p.kvCompression;
        double minBits = m.nativeBitsPerWeight.value_or(64.0);
        for (const auto &l : ctx.levels)
            minBits = std::min(minBits, l.bitsPerWeight);
        for (const Box *box : boxes) {
            // Necessary conditions at the smallest precision (it fits and decodes fastest), from the
            // roofline without KV, buffers or fixed time: when they fail, no level runs on this box.
            const double weightsGb = m.paramsTotalB * minBits / 8, activeGb = m.paramsActiveB * minBits / 8;
            if (weightsGb > box->spec.vramGb + box->spec.ramGb)
                continue;
            if (!largestInstead) {
                const double off = std::max(0.0, weightsGb - box->spec.vramGb) / weightsGb;
                if (activeGb * tps * ((1 - off) / box->spec.bandwidthGbps + (off > 0 ? off / box->spec.ramBandwidthGbps : 0.0)) >
                    eff.bandwidth)
                    continue;
            }
            // The llama.cpp levels, plus the precision a model was released in (quantization-aware, no loss).
            const std::size_t nLevels = ctx.levels.size() + (m.nativeBitsPerWeight ? 1 : 0);
            for (std::size_t i = 0; i < nLevels; ++i) {
                const bool native = i == ctx.levels.size();
                const double bits = native ? *m.nativeBitsPerWeight : ctx.levels[i].bitsPerWeight;
                if (!native && m.nativeBitsPerWeight && bits > *m.nativeBitsPerWeight + 0.5)
                    continue; // no point re-inflating a natively quantized model
                ModelShape shape{m.paramsTotalB, m.paramsActiveB, bits, kv / p.kvCompression};
                const Estimate e = decodeEstimate(box->spec, shape, p.taskContextTokens, eff);
                if (!e.fits || (!largestInstead && e.decodeTokensPerS < tps))
                    continue;
                const double loss = native ? 0.0 : lawSlope(ctx, p) * std::log2(w.levels(ctx, p).retention[i]);
                const double q = m.quality ? *m.quality + loss : 0.0;
                // Largest: most bits. Best: highest quality, then fastest.
                const double key = largestInstead ? bits : q * 1e4 + std::min(e.decodeTokensPerS, 9999.0);
                if (key > bestKey) {
                    bestKey = key;
                    best.found = true;
                    best.model = m.name;
                    best.quant = native ? m.nativeFormat : ctx.levels[i].name;
                    bestBox = box;
                    best.quality = q;
                    best.derived = m.qualityDerived;
                    best.decodeTokensPerS = e.decodeTokensPerS;
                    best.memoryGb = e.memoryGb;
                }
            }
        }
    }
    if (bestBox)
        best.box = bestBox->label();
    return best;
}

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

std::shared_ptr<const Engine::Market> Engine::market(const Context &ctx, const Params &p, double budget) const
{
    // Every input of projectGenerations and buildBoxes besides the data: they read nothing else, so
    // the caches below see every input by construction.
    const double horizon = mData.settings.horizonYear;
    const MarketInputs in =
        marketInputs(p, ctx.asOf, ctx.observedUntil, ctx.roadmapKnown && !p.roadmapOff, kRoadmapFamily, budget, horizon);
    {
        std::lock_guard<std::mutex> lock(mMarketMutex);
        for (const auto &m : mMarkets)
            if (m->key == in)
                return m;
    }
    auto m = std::make_shared<Market>();
    m->key = in;
    projectGenerations(lineBases(mData, in.projection.observedUntil), in.projection, m->projected);
    std::shared_ptr<const CatalogConfigs> cat;
    {
        std::lock_guard<std::mutex> lock(mMarketMutex);
        for (const auto &c : mCatalogConfigs)
            if (c->key == in.catalog)
                cat = c;
    }
    if (!cat) {
        auto c = std::make_shared<CatalogConfigs>();
        catalogConfigs(mData, in.catalog, c->boxes);
        c->key = in.catalog;
        cat = c;
        std::lock_guard<std::mutex> lock(mMarketMutex);
        if (mCatalogConfigs.size() >= 12)
            mCatalogConfigs.erase(mCatalogConfigs.begin());
        mCatalogConfigs.push_back(cat);
    }
    buildBoxes(mData, in.catalog, cat->boxes, m->projected, BoxList::Pruned, m->boxes);
    std::lock_guard<std::mutex> lock(mMarketMutex);
    if (mMarkets.size() >= 12) // a few budgets of a few scenarios (the window's pin, the claims' default)
        mMarkets.erase(mMarkets.begin());
    mMarkets.push_back(m);
    return m;
}

Result Engine::compute(const Scenario &sc) const
{
    SolverWorkspace ws;
    Work &w = ws.impl();
    Result r;
    r.scenario = sc;
    const double asOf = sc.asOf.value_or(mDefaultAsOf);
    const auto ctxPtr = context(asOf, sc.yardstick);
    const Context &ctx = *ctxPtr;
    // The fixed target: every answer below holds today's bar (the drift at 0); the moving bar is
    // answered on its own (r.movingTask/movingFull) with the scenario's drift.
    std::vector<double> values = assumptionValues(mData, sc);
    double drift = 0;
    for (std::size_t i = 0; i < mData.assumptions.size(); ++i)
        if (mData.assumptions[i].name == kDriftAssumption)
            std::swap(drift, values[i]);
    const Params p = resolveParams(mData, values);
    const FrontierModel &tgt = target(sc, ctx);
    // Each Sonnet-class row at its own measured speed, unless the scenario sets the speed.
    const auto paramsFor = [&](const FrontierModel &m) {
        Params q = p;
        if (!sc.values.count(kTargetSpeedName) && m.outputSpeed)
            q.targetTokensPerS = m.outputSpeed->value;
        return q;
    };
    if (tgt.released > asOf)
        throw std::invalid_argument("the target " + tgt.name + " was released after the as-of date " + formatMonth(asOf));
    const double horizon = mData.settings.horizonYear;
    const Efficiency eff = efficiency(p);
    r.asOf = asOf;
    r.budgetUsd = p.budgetUsd;
    r.targetModel = tgt.name;
    r.targetQuality = tgt.quality;
    r.targetReleased = tgt.released;
    r.law = ctx.law;
    r.kv = ctx.kv;
    r.kvFloorBytes = p.kvFloorBytesPerToken;
    if (ctx.kv.perYear < 0) {
        const double t = ctx.kv.t0 + std::log(p.kvFloorBytesPerToken / ctx.kv.bytesPerToken(30.0, ctx.kv.t0)) / ctx.kv.perYear;
        r.kvFloorFromYear = t <= mData.settings.horizonYear ? t : 0.0;
    }
    r.fittedBandwidthDoublingYears = ctx.bandwidthPerDollar.doublingYears();
    r.fittedMemoryDoublingYears = ctx.memoryPerDollar.doublingYears();
    r.fittedComputeDoublingYears = ctx.computePerDollar.doublingYears();
    r.fittedComputeKind = ctx.computePerDollarKind;
    r.fittedComputeN = ctx.computePerDollar.n;
    r.fittedDensityDoublingYears = ctx.law.densityDoublingYears();

    const auto mainMarket = market(ctx, p, p.budgetUsd);
    const std::vector<Box> &boxes = mainMarket->boxes;
    r.task = parity(ctx, p, w, boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
    if (r.task.reached) // the full product includes the task level
        r.full = parity(ctx, p, w, boxes, tgt.quality, std::max(tgt.released, r.task.year), ParityMode::FullProduct);
    else // not reached at task level: nor the full product, for the same reason
        r.full.notProjectable = r.task.notProjectable;

    {
        Params moving = p;
        moving.targetDriftPerYear = drift;
        r.movingBarDrift = drift;
        r.movingTask = parity(ctx, moving, w, boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
        if (r.movingTask.reached)
            r.movingFull = parity(ctx, moving, w, boxes, tgt.quality, std::max(tgt.released, r.movingTask.year), ParityMode::FullProduct);
    }

    for (const auto &m : ctx.frontierModels) {
        if (!m.sonnetClass || !m.scored || m.released > asOf)
            continue;
        TargetParity tp;
        tp.target = m.name;
        tp.targetQuality = m.quality;
        if (m.name == tgt.name) { // the answer above: the same search
            tp.task = r.task;
            tp.full = r.full;
        } else {
            const Params pm = paramsFor(m);
            tp.task = parity(ctx, pm, w, boxes, m.quality, m.released, ParityMode::TaskLevel);
            if (tp.task.reached)
                tp.full = parity(ctx, pm, w, boxes, m.quality, std::max(m.released, tp.task.year), ParityMode::FullProduct);
            else // not reached at task level: nor the full product, for the same reason
                tp.full.notProjectable = tp.task.notProjectable;
        }
        r.perTarget.push_back(tp);
    }

    const double tps = p.targetTokensPerS / p.speculativeGain;
    // Each box's largest effective model shape at API speed and the task context (KV follows the
    // model size), computed once per box list; the best box at time t is then a lookup.
    struct Shaped {
        const std::vector<Box> *boxes;
        std::vector<ShapeLimit> shapes;
    };
    // A box's largest shape at API speed with the KV of that shape (a fixed point, a few steps).
    const auto shapeOne = [&](const Box &b) {
        // The KV of a model released when the box is (or at as-of): a box bought later runs later models.
        const double tk = std::max(b.availableFrom, ctx.asOf);
        double kv = kvPerToken(ctx, p, 30.0, tk);
        ShapeLimit sh;
        for (int it = 0; it < 3; ++it) {
            sh = bestShape(ctx, p, w, b.spec, kv, tps, p.taskContextTokens, false, nullptr);
            const double next = kvPerToken(ctx, p, std::max(sh.deffB, 0.5), tk);
            if (std::fabs(next - kv) < 1e-3 * kv)
                break;
            kv = next;
        }
        return sh;
    };
    const auto shapeAll = [&](const std::vector<Box> &bx) {
        Shaped s{&bx, {}};
        s.shapes.reserve(bx.size());
        for (const auto &b : bx)
            s.shapes.push_back(shapeOne(b));
        return s;
    };
    // The first box of a sorted list available by t with the largest shape: what bestBoxAt finds on
    // shapeAll(bx), solving only the boxes whose bound (KV at 0.5B at least, as the fixed point's)
    // can reach the largest shape found.
    const DeffBound shapeBound = deffBound(ctx, p, w, p.taskContextTokens, false, 0.5);
    const auto bestBoxBounded = [&](const std::vector<Box> &bx, double t, ShapeLimit *shapeOut) -> const Box * {
        std::size_t n = 0, top = 0;
        double topUb = -1;
        for (; n < bx.size() && bx[n].availableFrom <= t; ++n) {
            const double ub = shapeBound(bx[n].spec);
            if (ub > topUb) {
                topUb = ub;
                top = n;
            }
        }
        if (n == 0)
            return nullptr;
        const ShapeLimit topShape = shapeOne(bx[top]);
        const Box *best = nullptr;
        ShapeLimit bestS;
        for (std::size_t i = 0; i < n; ++i) {
            if (i != top && shapeBound(bx[i].spec) < topShape.deffB)
                continue;
            const ShapeLimit sh = i == top ? topShape : shapeOne(bx[i]);
            if (!best || sh.deffB > bestS.deffB) {
                best = &bx[i];
                bestS = sh;
            }
        }
        if (shapeOut)
            *shapeOut = bestS;
        return best;
    };
    const auto bestBoxAt = [&](const Shaped &s, double t, ShapeLimit *shapeOut) -> const Box * {
        const Box *best = nullptr;
        ShapeLimit bestS;
        for (std::size_t i = 0; i < s.boxes->size(); ++i) {
            const Box &b = (*s.boxes)[i];
            if (b.availableFrom > t)
                break; // sorted by availability
            if (!best || s.shapes[i].deffB > bestS.deffB) {
                best = &b;
                bestS = s.shapes[i];
            }
        }
        if (shapeOut)
            *shapeOut = bestS;
        return best;
    };
    const Shaped mainShaped = shapeAll(boxes);

    // Scenario table.
    for (double y : mData.settings.scenarioYears) {
        ScenarioRow row;
        row.year = y;
        const double t = y + 0.5;
        ShapeLimit s;
        const Box *b = bestBoxAt(mainShaped, t, &s);
        row.targetQuality = tgt.quality + p.targetDriftPerYear * ctx.pointScale * std::max(0.0, t - ctx.evidenceEnd);
        if (b) {
            row.box = b->label();
            row.boxCostUsd = b->purchase(t, false).totalUsd;
            row.localDeffB = s.deffB;
            const double req = requiredDeff(ctx, p, tgt.quality, t);
            // Quality of the best shape: the law, with the breakthrough counted as reaching the target.
            row.localQuality = lawQuality(ctx, p, std::max(s.deffB, 1e-3), t);
            if (breakthroughOn(p) && t >= p.distillBreakthroughYear && s.deffB >= req)
                row.localQuality = std::max(row.localQuality, row.targetQuality);
            // Speed of a Sonnet-class-size model on that box (the most favourable shape and level).
            const double kv = kvPerToken(ctx, p, req, t);
            double bestTps = 0;
            for (std::size_t i = 0; i < ctx.levels.size(); ++i) {
                const double dl = req / w.levels(ctx, p).retention[i];
                const double pa = dl / std::pow(p.maxSparsity, 1.0 - p.moeAlpha);
                ModelShape shape{pa * p.maxSparsity, pa, ctx.levels[i].bitsPerWeight, kv};
                const Estimate e = decodeEstimate(b->spec, shape, p.taskContextTokens, eff);
                if (e.fits)
                    bestTps = std::max(bestTps, e.decodeTokensPerS * p.speculativeGain);
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
        else if (row.targetQuality - row.localQuality <= mData.settings.closeQualityGap * ctx.pointScale)
            row.verdict = Verdict::Close;
        else
            row.verdict = Verdict::TooEarly;
        r.scenarios.push_back(row);
    }

    // Budget table (today) and reverse prediction.
    const auto boxesAt = [&](const std::vector<Box> &bx, double t, int gpus) {
        std::vector<const Box *> v;
        for (const auto &b : bx)
            if (b.availableFrom <= t && (gpus == 0 || (b.kind == PartKind::Gpu && b.gpus == gpus)))
                v.push_back(&b);
        return v;
    };
    for (double budget : mData.settings.budgetsUsd) {
        BudgetRow row;
        row.budgetUsd = budget;
        const auto otherMarket = std::abs(budget - p.budgetUsd) < 1e-9 ? mainMarket : market(ctx, p, budget);
        const std::vector<Box> &bx = otherMarket->boxes;
        ShapeLimit s;
        if (const Box *b = bestBoxBounded(bx, asOf, &s)) {
            row.box = b->label();
            row.boxCostUsd = b->purchase(asOf, false).totalUsd;
            row.shapeDeffB = s.deffB;
            row.binding = s.binding;
        }
        const auto today = boxesAt(bx, asOf, 0);
        row.atApiSpeed = bestCatalogRun(ctx, p, w, today, tps, false);
        row.largestFit = bestCatalogRun(ctx, p, w, today, 0, true);
        row.compromise = row.binding == Binding::Memory      ? "memory capacity caps the model size"
                         : row.binding == Binding::Bandwidth ? "bandwidth caps the active parameters at API speed"
                         : row.binding == Binding::KvCache   ? "the KV cache crowds out the weights"
                                                             : "nothing runs at API speed";
        if (&bx == &boxes) { // the scenario's own budget: the answer above
            row.task = r.task;
            row.full = r.full;
        } else {
            row.task = parity(ctx, p, w, bx, tgt.quality, tgt.released, ParityMode::TaskLevel);
            if (row.task.reached)
                row.full = parity(ctx, p, w, bx, tgt.quality, std::max(tgt.released, row.task.year), ParityMode::FullProduct);
            else // not reached at task level: nor the full product, for the same reason
                row.full.notProjectable = row.task.notProjectable;
        }
        r.budgets.push_back(row);
    }

    const auto today = boxesAt(boxes, asOf, 0);
    const auto addReverse = [&](const std::string &label, const std::vector<const Box *> &bx, double speed) {
        ReverseRow row;
        row.constraint = label;
        row.run = bestCatalogRun(ctx, p, w, bx, speed, false);
        if (row.run.found) {
            if (const FrontierModel *f = firstFrontierAtLeast(ctx.frontierModels, row.run.quality, asOf)) {
                row.hasMatch = true;
                row.frontierMatch = f->name;
                row.frontierMatchYear = f->released;
                row.lagYears = asOf - f->released;
            }
        }
        r.reverse.push_back(row);
    };
    addReverse("Match API speed", today, p.targetTokensPerS);
    addReverse("Relaxed speed", today, p.relaxedTokensPerS);
    if (p.maxGpus >= 2)
        addReverse("Two GPUs", boxesAt(boxes, asOf, 2), p.targetTokensPerS);
    r.currentLagYears = !r.reverse.empty() && r.reverse.front().hasMatch ? r.reverse.front().lagYears : 0.0;

    // Chart series.
    const double t0 = mData.settings.t0;
    const double start = 2016.0;
    Series compute{"Compute per $", "index", {}, {}, "compute_per_dollar"},
        bandwidth{"Bandwidth per $", "index", {}, {}, "bandwidth_per_dollar"},
        memory{"Memory per $", "index", {}, {}, "memory_per_dollar"},
        efficiency{"Model efficiency", "index", {}, {}, "model_efficiency"},
        roadmap{"Largest card under budget (memory)", "index", {}, {}, "memory_roadmap", true};
    // The efficiency index is drawn from two years before as-of: further back, the fitted pace
    // (a quality index rising fast at fixed size) extrapolates to meaningless sizes.
    const double efficiencyStart = std::floor(asOf) - 2.0;
    const double req0 = requiredDeff(ctx, p, tgt.quality, t0);
    double mem0 = 0;
    for (const auto &b : boxes)
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
            efficiency.y.push_back(req0 / requiredDeff(ctx, noDrift, tgt.quality, t));
        }
        double m = 0;
        for (const auto &b : boxes)
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

    // Crossing, on the solver's own test (a box reaches parity when the size it runs at API speed is
    // at least the size the target needs, KV at the needed size): each month from as-of, the size
    // needed and the size the best box under budget runs, both by the law (the past is observed in the
    // timeline's catalog runs).
    Series need{"Sonnet-class needs", "B (dense-equiv.)", {}, {}, "need_deff"},
        offer{"Budget runs at API speed (best box)", "B (dense-equiv.)", {}, {}, "offer_deff", true};
    // On the solver's month grid, from a year before the answer (or before as-of, whichever is
    // earlier) but not before the law's evidence starts: the law's line also runs through the past,
    // where a crossing is what the law implies (not observed), so an implied answer is drawn where
    // the headline puts it.
    const double projStart =
        ceilToMonth(std::max(ctx.lawStart, std::min(asOf, r.task.reached ? r.task.year : asOf) - 1.0));
    for (double t = projStart; t <= horizon + 1e-9; t += 1.0 / 12) {
        const double req = requiredDeff(ctx, p, tgt.quality, t);
        need.x.push_back(t);
        need.y.push_back(req);
        ShapeLimit s;
        if (const Box *b = bestBoxAt(mainShaped, t, &s)) {
            // Near the need the KV is taken at the needed size, exactly as the solver's test; far from
            // it the box's own size (KV at that size) is on the same side and costs nothing more.
            double off = s.deffB;
            if (off > 0.6 * req && off < 1.6 * req)
                off = bestShape(ctx, p, w, b->spec, kvPerToken(ctx, p, req, t), tps, p.taskContextTokens, false,
                                nullptr).deffB;
            offer.x.push_back(t);
            offer.y.push_back(off);
        }
    }
    r.crossing = {need, offer};

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
    for (double t : obsTimes) {
        const CatalogRun run = bestCatalogRun(ctx, p, w, boxesAt(boxes, t, 0), tps, false, t);
        if (!run.found)
            continue;
        observed.x.push_back(t);
        observed.y.push_back(run.quality);
        observed.labels.push_back(run.model + " " + run.quant + " on " + run.box);
    }
    for (double t = projStart; t <= horizon + 1e-9; t += 1.0 / 12) {
        ShapeLimit s;
        const double bar = tgt.quality + p.targetDriftPerYear * ctx.pointScale * std::max(0.0, t - ctx.evidenceEnd);
        if (bestBoxAt(mainShaped, t, &s) && s.deffB > 0) {
            double q = lawQuality(ctx, p, s.deffB, t);
            if (breakthroughOn(p) && t >= p.distillBreakthroughYear && s.deffB >= requiredDeff(ctx, p, tgt.quality, t))
                q = std::max(q, bar);
            local.x.push_back(t);
            local.y.push_back(q);
        }
    }
    for (double t = timelineStart; t <= horizon + 1e-9; t += 1.0 / 12) {
        target.x.push_back(t);
        target.y.push_back(tgt.quality + p.targetDriftPerYear * ctx.pointScale * std::max(0.0, t - ctx.evidenceEnd));
    }
    r.timeline = {frontier, observed, local, target};

    // Parity on every yardstick, side by side; the chosen one is the answer above.
    r.yardstick = sc.yardstick;
    r.contextTrend = ctx.contextTrend;
    for (Yardstick y : allYardsticks()) {
        YardstickParity yp;
        yp.yardstick = y;
        try {
            const auto yc = y == sc.yardstick ? ctxPtr : context(asOf, y);
            const FrontierModel &yt = this->target(sc, *yc);
            yp.law = yc->law;
            yp.vendorGap = yc->vendorGap;
            yp.independentOpen = yc->independentOpen;
            yp.vendorOpen = yc->vendorOpen;
            yp.targetScore = displayScore(y, yt.quality);
            yp.targetIndependent = y == Yardstick::General || (yt.sweBench && yt.sweBench->independent);
            if (y == sc.yardstick) {
                yp.task = r.task;
                yp.full = r.full;
                yp.perTarget = r.perTarget;
            } else {
                yp.task = parity(*yc, p, w, boxes, yt.quality, yt.released, ParityMode::TaskLevel);
                if (yp.task.reached)
                    yp.full = parity(*yc, p, w, boxes, yt.quality, std::max(yt.released, yp.task.year), ParityMode::FullProduct);
                else // not reached at task level: nor the full product, for the same reason
                    yp.full.notProjectable = yp.task.notProjectable;
                for (const auto &m : yc->frontierModels) {
                    if (!m.sonnetClass || !m.scored || m.released > asOf)
                        continue;
                    TargetParity tp;
                    tp.target = m.name;
                    tp.targetQuality = m.quality;
                    const Params pm = paramsFor(m);
                    tp.task = parity(*yc, pm, w, boxes, m.quality, m.released, ParityMode::TaskLevel);
                    if (tp.task.reached)
                        tp.full = parity(*yc, pm, w, boxes, m.quality, std::max(m.released, tp.task.year), ParityMode::FullProduct);
                    else // not reached at task level: nor the full product, for the same reason
                        tp.full.notProjectable = tp.task.notProjectable;
                    yp.perTarget.push_back(tp);
                }
            }
            for (auto &tp : yp.perTarget) {
                tp.targetQuality = displayScore(y, tp.targetQuality);
                for (const auto &m : yc->frontierModels)
                    if (m.name == tp.target && y == Yardstick::Coding && m.sweBench && !m.sweBench->independent)
                        yp.vendorOnlyTargets.push_back(m.name);
            }
            yp.available = true;
        } catch (const std::exception &e) {
            yp.why = e.what();
        }
        r.byYardstick.push_back(yp);
    }
    restsOn(ctx, ws, values, tgt.quality, tgt.released, r);

    // The roadmap entry: every answer re-solved without it (the same scenario otherwise).
    r.roadmapKnown = ctx.roadmapKnown;
    if (ctx.roadmapKnown) {
        const auto yearText = [](double y) {
            const double m = std::round(y * 12) / 12;
            return std::to_string(static_cast<int>(std::floor(m + 1e-9)));
        };
        r.roadmapAssumption = "a " + std::to_string(static_cast<int>(std::lround(p.roadmapNextMemoryGb))) + " GB " +
                              mData.settings.roadmap.vendor + " flagship ships in " + yearText(p.roadmapNextYear) +
                              " (roadmap entry, known since " + formatMonth(mData.settings.roadmap.knownSince) + ")";
        Params off = p;
        off.roadmapOff = true;
        const auto offMarket = market(ctx, off, off.budgetUsd);
        r.taskWithoutRoadmap = parity(ctx, off, w, offMarket->boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
        if (r.taskWithoutRoadmap.reached)
            r.fullWithoutRoadmap = parity(ctx, off, w, offMarket->boxes, tgt.quality,
                                          std::max(tgt.released, r.taskWithoutRoadmap.year), ParityMode::FullProduct);
        off.targetDriftPerYear = drift;
        r.movingTaskWithoutRoadmap = parity(ctx, off, w, offMarket->boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
        if (r.movingTaskWithoutRoadmap.reached)
            r.movingFullWithoutRoadmap = parity(ctx, off, w, offMarket->boxes, tgt.quality,
                                                std::max(tgt.released, r.movingTaskWithoutRoadmap.year), ParityMode::FullProduct);
    } else {
        r.taskWithoutRoadmap = r.task;
        r.fullWithoutRoadmap = r.full;
        r.movingTaskWithoutRoadmap = r.movingTask;
        r.movingFullWithoutRoadmap = r.movingFull;
    }
    return r;
}

void Engine::restsOn(const Context &ctx, const std::vector<double> &values, double targetQuality,
                     double targetReleased, Result &r) const
{
    SolverWorkspace ws;
    restsOn(ctx, ws, values, targetQuality, targetReleased, r);
}

void Engine::restsOn(const Context &ctx, SolverWorkspace &ws, const std::vector<double> &values, double targetQuality,
                     double targetReleased, Result &r) const
{
    // Each assumption with an "off" value, re-solved at it (the other values as they are).
    const double horizon = mData.settings.horizonYear;
    const auto yearOf = [&](const ParityResult &x) { return x.reached ? x.year : horizon + 1.0; };
    r.taskRestsOn = {};
    r.fullRestsOn = {};
    if (r.task.reached)
        r.taskRestsOn.binding = r.task.heldBack;
    if (r.full.reached)
        r.fullRestsOn.binding = r.full.heldBack;
    for (std::size_t i = 0; i < mData.assumptions.size(); ++i) {
        const AssumptionDef &a = mData.assumptions[i];
        if (!a.neutral || std::fabs(*a.neutral - values[i]) < 1e-12)
            continue;
        std::vector<double> v = values;
        v[i] = *a.neutral;
        const Params q = resolveParams(mData, v);
        const Solve s = solve(ws, ctx, q, targetQuality, targetReleased, q.budgetUsd, true);
        for (int k = 0; k < 2; ++k) {
            const ParityResult &without = k == 0 ? s.task : s.full;
            const ParityResult &with = k == 0 ? r.task : r.full;
            RestsOnRow row;
            row.name = a.name;
            row.label = a.label;
            row.neutralLabel = a.neutralLabel;
            row.value = values[i];
            row.neutral = *a.neutral;
            row.reached = without.reached;
            row.year = without.year;
            row.movesYears = yearOf(without) - yearOf(with);
            (k == 0 ? r.taskRestsOn : r.fullRestsOn).rows.push_back(row);
        }
    }
    for (RestsOn *ro : {&r.taskRestsOn, &r.fullRestsOn}) {
        std::stable_sort(ro->rows.begin(), ro->rows.end(),
                         [](const RestsOnRow &x, const RestsOnRow &y) { return std::fabs(x.movesYears) > std::fabs(y.movesYears); });
    }
}

} // namespace ff

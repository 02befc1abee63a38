// What Engine::compute's builders (engine.cpp, resultbuilder.h) ask the Engine for besides the
// solver's searches (forecast.cpp): the best catalog model a box list runs, what the answer rests
// on, and the boxes a budget buys, cached on what they depend on.
#include "solver/forecast.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "solver/solverdetail.h"
#include "core/timeutil.h"

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

// The Context (forecast.h): the fits and catalog views that depend only on the data, the as-of date
// and the yardstick, made once per (as-of, yardstick) and cached. Engine::context is the table of
// contents; each step below fills the part of the Context it names, in the order they were made.
#include "solver/forecast.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>

#include "solver/solverdetail.h"
#include "core/timeutil.h"

namespace ff {

namespace {

// The catalogs on the yardstick's scale and the quality law fitted on them; whether the law may be
// projected; and the scale of the sliders' index points on this yardstick.
void fitLaw(const DataSet &data, Context &c, double alpha)
{
    const double asOf = c.asOf, t0 = data.settings.t0;
    const Yardstick yardstick = c.yardstick;
    {
        ScaledCatalog sc = scaleCatalog(data, yardstick, asOf);
        c.openModels = std::move(sc.open);
        c.frontierModels = std::move(sc.frontier);
        c.vendorGap = sc.gap;
        c.barCrosswalk = sc.barCrosswalk;
        c.independentOpen = sc.independentOpen;
        c.vendorOpen = sc.vendorOpen;
    }
    try {
        // The coding law may come out flat; the gate below then keeps it from being projected.
        c.law = fitQualityLaw(c.openModels, asOf, t0, alpha,
                              isCoding(yardstick) ? LawGrowth::AllowFlat : LawGrowth::Require);
    } catch (const std::runtime_error &e) {
        throw std::runtime_error("the " + yardstickLabel(yardstick) + " yardstick as of " + formatMonth(asOf) + ": " + e.what());
    }
    c.law.scale = isCoding(yardstick) ? "logit" : "index";
    c.evidenceEnd = c.law.lastRelease;
    c.lawStart = ceilToMonth(c.law.firstRelease);
    {
        // Never project through a slope indistinguishable from zero: the required size is
        // (target - law at 1B) / b, so with b's 95% interval reaching zero any date is an artefact.
        const double b = c.law.b, seB = c.law.se(1);
        // (Checked on the coding yardstick, whose law is fitted on a few points; the general law's slope
        // is many standard errors from zero, and a hindcast's thin law widens its range instead.)
        if (isCoding(yardstick) && !(b - 1.96 * seB > 0)) {
            c.projectable = false;
            char buf[256];
            std::snprintf(buf, sizeof buf,
                          "not projectable from this evidence: the %s law's size slope is %.3f +- %.3f %s per doubling "
                          "(95%% interval %.3f to %.3f includes zero; n = %d)",
                          yardstickName(yardstick).c_str(), b, seB, isCoding(yardstick) ? "log-odds" : "points",
                          b - 1.96 * seB, b + 1.96 * seB, c.law.n);
            c.notProjectableWhy = buf;
        }
    }
    if (yardstick != Yardstick::General) {
        const QualityLaw general = fitQualityLaw(data.openModels, asOf, t0, alpha);
        c.pointScale = general.residualSd > 0 ? c.law.residualSd / general.residualSd : 1.0;
    }
}

// The scored models the law rests on: each must state its context limit (observed parity asks
// whether it supports the context), and the law is not extrapolated below the smallest of them.
void checkScoredModels(const DataSet &data, Context &c, double alpha)
{
    const double asOf = c.asOf;
    for (const auto &m : c.openModels)
        if (m.quality && m.paramsTotalB > 0 && m.released <= asOf && !m.contextLimitTokens)
            throw DataError(data.directory + "/models.json",
                            "open_models[" + std::to_string(m.index) + "].context_limit_tokens",
                            "\"" + m.name + "\" has a score but no context limit: observed parity needs to know the longest context it supports");
    c.minFittedDeffB = std::numeric_limits<double>::infinity();
    for (const auto &m : c.openModels)
        if (m.quality && m.paramsTotalB > 0 && m.released <= asOf)
            c.minFittedDeffB = std::min(c.minFittedDeffB, deff(m.paramsActiveB, m.paramsTotalB, alpha));
}

// Historical per-dollar trends of consumer GPUs (launch specs over launch price).
void fitPerDollarTrends(const DataSet &data, Context &c)
{
    const double asOf = c.asOf, t0 = data.settings.t0;
    std::vector<double> t, bw, mem;
    // Compute per dollar by figure kind: an INT8 tensor figure and a 1/64-rate FP16 figure are not one
    // quantity, so each kind is fitted on its own and the kind with the most parts is the trend.
    std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> byKind;
    for (const auto &part : data.parts) {
        if (part.kind != PartKind::Gpu || !part.priceUsd || part.released > asOf)
            continue;
        t.push_back(part.released);
        bw.push_back(part.bandwidthGbps / *part.priceUsd);
        mem.push_back(part.memoryGb / *part.priceUsd);
        if (part.prefillTops && !part.prefillTopsKind.empty()) {
            auto &k = byKind[part.prefillTopsKind];
            k.first.push_back(part.released);
            k.second.push_back(*part.prefillTops / *part.priceUsd);
        }
    }
    c.bandwidthPerDollar = fitLog2Trend(t, bw, t0);
    c.memoryPerDollar = fitLog2Trend(t, mem, t0);
    std::size_t most = 0;
    for (const auto &[kind, xy] : byKind) {
        if (xy.first.size() >= 3)
            c.computePerDollarByKind.emplace_back(kind, fitLog2Trend(xy.first, xy.second, t0));
        if (xy.first.size() > most) { // ties: the first kind by name (std::map order)
            most = xy.first.size();
            c.computePerDollarKind = kind;
        }
    }
    if (most > 0) {
        const auto &xy = byKind[c.computePerDollarKind];
        c.computePerDollar = fitLog2Trend(xy.first, xy.second, t0);
    } else {
        c.computePerDollar = fitLog2Trend({}, {}, t0);
    }
}

// Observed parity's candidates: the scored models released by as-of, best first.
void rankScoredModels(Context &c)
{
    for (const auto &m : c.openModels)
        if (m.quality && m.paramsTotalB > 0 && m.released <= c.asOf)
            c.scoredOpenModels.push_back(&m);
    std::stable_sort(c.scoredOpenModels.begin(), c.scoredOpenModels.end(),
                     [](const OpenModel *a, const OpenModel *b) { return *a->quality > *b->quality; });
}

// Per catalog part, the priced parts of its kind that match or beat it on every spec (Context::specDominators).
void findSpecDominators(const DataSet &data, Context &c)
{
    const double asOf = c.asOf;
    c.specDominators.resize(data.parts.size());
    for (std::size_t i = 0; i < data.parts.size(); ++i) {
        const HardwarePart &x = data.parts[i];
        if (!x.priceUsd || x.released > asOf)
            continue;
        for (std::size_t j = 0; j < data.parts.size(); ++j) {
            const HardwarePart &y = data.parts[j];
            if (j == i || !y.priceUsd || y.released > asOf || y.kind != x.kind || systemKindOf(y) != systemKindOf(x))
                continue;
            // The decode fixed time too: a family fitted on its own has its own, -1 is the kind's (compared only with itself).
            const bool fixedAtMost = y.decodeFixedSeconds == x.decodeFixedSeconds ||
                                     (y.decodeFixedSeconds >= 0 && y.decodeFixedSeconds <= x.decodeFixedSeconds);
            const bool atLeast = y.memoryGb >= x.memoryGb && y.bandwidthGbps >= x.bandwidthGbps &&
                                 y.prefillTflops >= x.prefillTflops && fixedAtMost;
            const bool same = y.memoryGb == x.memoryGb && y.bandwidthGbps == x.bandwidthGbps &&
                              y.prefillTflops == x.prefillTflops && y.decodeFixedSeconds == x.decodeFixedSeconds;
            if (atLeast && (!same || j < i))
                c.specDominators[i].push_back(static_cast<std::uint32_t>(j));
        }
        // Cheapest first: the likeliest to be within budget already.
        std::sort(c.specDominators[i].begin(), c.specDominators[i].end(), [&](std::uint32_t a, std::uint32_t b) {
            return *data.parts[a].priceUsd < *data.parts[b].priceUsd || (*data.parts[a].priceUsd == *data.parts[b].priceUsd && a < b);
        });
    }
}

// The quantization levels the solver may choose (settings.quant_levels) and their loss against F16.
void chooseLevels(const DataSet &data, Context &c)
{
    double f16 = 0;
    for (const auto &q : data.quantLevels)
        if (q.name == "F16")
            f16 = q.perplexity;
    for (const auto &name : data.settings.quantLevels)
        for (const auto &q : data.quantLevels)
            if (q.name == name) {
                c.levels.push_back(q);
                c.levelNatsLoss.push_back(std::max(0.0, std::log(q.perplexity / f16)));
            }
}

} // namespace

std::shared_ptr<const Context> Engine::context(double asOf, Yardstick yardstick) const
{
    std::lock_guard<std::mutex> lock(mMutex);
    for (const auto &c : mContexts)
        if (std::fabs(c->asOf - asOf) < 1e-9 && c->yardstick == yardstick)
            return c;
    auto c = std::make_shared<Context>();
    static std::atomic<std::uint64_t> nextId{1};
    c->id = nextId++;
    c->asOf = asOf;
    c->hindcast = asOf < mNewest - 1e-9;
    c->roadmapKnown = asOf >= mData.settings.roadmap.knownSince - 1e-9;
    c->observedUntil = std::min(asOf, mNewest);
    c->yardstick = yardstick;
    const AssumptionDef *alphaDef = mData.assumption("moe_alpha");
    const double alpha = alphaDef ? alphaDef->value : 0.5;
    fitLaw(mData, *c, alpha);
    c->kv = fitKvLaw(mData.openModels, asOf, alpha);
    c->contextTrend = fitContextTrend(mData.openModels, asOf, mData.settings.t0);
    checkScoredModels(mData, *c, alpha);
    fitPerDollarTrends(mData, *c);
    rankScoredModels(*c);
    c->lineBases = lineBases(mData, asOf);
    c->pricedUntil = pricedUntil(mData, asOf);
    findSpecDominators(mData, *c);
    chooseLevels(mData, *c);
    if (mContexts.size() > 16)
        mContexts.erase(mContexts.begin());
    mContexts.push_back(c);
    return c;
}

} // namespace ff

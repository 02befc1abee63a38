#pragma once
// What the solver (forecast.cpp, context.cpp, lawsearch.cpp, observedsearch.cpp) and the presentation
// builders (presentation.cpp, resultbuilder.h) share inside model/: month arithmetic, the size bound,
// the level choice and the workspace's storage. Not an interface: nothing outside the solver's files,
// presentation.cpp and compute's builders (engine.cpp, answers.cpp, tables.cpp, series.cpp) includes it.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "solver/forecast.h"
#include "core/timeutil.h"

namespace ff {

inline constexpr double kMonth = 1.0 / 12.0;
inline const std::string kRoadmapFamily = "nvidia-geforce-flagship";

inline double ceilToMonth(double t)
{
    const double m = floorToMonth(t);
    return m + 1e-9 < t ? m + kMonth : m;
}
// Among boxes that reach parity in the same month, a person buys the cheapest, then the newest.
inline bool preferredBox(const Box &a, const Box &b, double t, const Params &p)
{
    (void)p;
    const double ca = a.purchase(t, false).totalUsd, cb = b.purchase(t, false).totalUsd; // numbers only: no words per tie
    if (std::fabs(ca - cb) > 0.5)
        return ca < cb;
    return a.released > b.released;
}
// estimate() for the questions the searches ask (does it fit, how fast does it decode, how much
// memory): the same figures, without the prefill figures estimate() adds when the box's FLOPS are known.
inline Estimate decodeEstimate(BoxSpec spec, const ModelShape &m, double contextTokens, const Efficiency &eff)
{
    spec.tflops = 0;
    spec.peakTflops = 0;
    return estimate(spec, m, contextTokens, eff);
}

// An optimistic bound on the effective size a box runs at speed, for a few multiplications: the
// smallest KV per token the search can need, every weight streamed from fast memory (offloaded
// ones are slower), and the levels the exact search tries. A box whose bound cannot beat the best
// answer found so far is skipped without the full search.
struct DeffBound {
    double kvGb = 0;             // KV cache at the smallest KV per token
    double secondsPerToken = 0;  // 1 / target speed
    double kvBandwidthShare = 1; // the larger of the weight and KV shares of peak bandwidth
    double bandwidthShare = 1;
    Efficiency eff;              // for the fixed time per token
    double overheadGb = 0;
    double activePerTflop = INFINITY; // prefill cap on active parameters per TFLOPS (full product)
    double maxSparsity = 1;
    double alpha = 0.5;
    int levels = 1;
    double bytesPerParam[2] = {2, 2}; // GB per billion parameters at each level tried
    double retention[2] = {1, 1};     // and its quantization loss

    double operator()(const BoxSpec &s) const
    {
        const double T = secondsPerToken - eff.fixedSeconds(s) - kvGb / (kvBandwidthShare * s.bandwidthGbps);
        const double fast = s.vramGb - kvGb - overheadGb;
        if (!(T > 0) || !(fast > 0))
            return 0;
        double best = 0;
        for (int k = 0; k < levels; ++k) {
            const double ptMax = (fast + s.ramGb) / bytesPerParam[k];
            double paMax = std::min(ptMax, T * bandwidthShare * s.bandwidthGbps / bytesPerParam[k]);
            if (std::isfinite(activePerTflop))
                paMax = std::min(paMax, activePerTflop * s.tflops);
            if (!(paMax > 0))
                continue;
            const double pt = std::min(ptMax, maxSparsity * paMax);
            const double d = alpha == 0.5 ? std::sqrt(paMax * pt) : std::pow(paMax, alpha) * std::pow(pt, 1.0 - alpha);
            best = std::max(best, d * retention[k]);
        }
        return best;
    }
};

// The quantization levels' retention and the best level(s): they depend only on the context and
// two sliders, but are asked for in the innermost loops, so the workspace keeps the last answer.
struct LevelChoice {
    std::uint64_t ctxId = 0;
    double k = 0, alpha = 0;
    std::vector<double> retention;
    std::size_t best = 0, bestWithPrefill = 0;
};

namespace detail {
// A box by what it is, not where it sits in memory: catalog part index, or the index of the catalog
// part a projected line starts from with its generation; and the number of cards.
struct BoxKey {
    std::int64_t part = -1, base = -1;
    int generation = 0, gpus = 0, ramTier = 0;
    bool roadmap = false;
};
inline BoxKey keyOf(const Box &b, const DataSet &d)
{
    BoxKey k;
    k.gpus = b.gpus;
    k.ramTier = b.ramTier;
    if (b.catalogPart)
        k.part = b.catalogPart - d.parts.data();
    if (b.projectedPart) {
        k.base = b.projectedPart->base ? b.projectedPart->base - d.parts.data() : -1;
        k.generation = b.projectedPart->generation;
        k.roadmap = b.projectedPart->explicitRoadmap;
    }
    return k;
}
inline bool sameBox(const BoxKey &a, const BoxKey &b)
{
    return a.part == b.part && a.base == b.base && a.generation == b.generation && a.gpus == b.gpus && a.ramTier == b.ramTier &&
           a.roadmap == b.roadmap;
}
// The law search's queue: a box's earliest possible parity (lb) under its size bound (ub).
struct Candidate {
    double lb, ub;
    std::uint32_t i;
    bool refined;
};
struct BoundNow {
    std::uint32_t i;
    double ub;
};
struct PathCandidate {
    std::uint32_t year;
    double ub;
    std::uint32_t i;
};
} // namespace detail
using detail::BoxKey;
using detail::Candidate;
using detail::BoundNow;
using detail::PathCandidate;
using detail::keyOf;
using detail::sameBox;

// Engine::efficiency(p) for the last parameters asked: it reads three sliders (runtime overhead,
// bandwidth and compute efficiency) beside the engine's calibration, and bestShape asks for it per
// box, so the workspace keeps the answer for one sample's parameters. Keyed on the engine, the
// context (whose id no other context ever takes) and those three values.
struct EfficiencyChoice {
    const Engine *engine = nullptr;
    std::uint64_t ctxId = 0;
    EfficiencyInputs inputs; // everything of the scenario calibratedEfficiency reads
    Efficiency eff;
    Efficiency widened; // eff with an attention width (bestShape's full product), set per call
};

// The boxes solve() searches for one sample's market, kept for the next solve with the same market
// (the Monte Carlo's moving bar re-solves the sample it has just solved). Keyed on the context (its
// lines, its priced-until dates and, through its engine, the data) and on the MarketInputs the list
// was built from: the key is what is passed to projectGenerations and buildBoxes, so no input can
// be missed. A list projected to a cutoff holds the one projected to any earlier cutoff: the
// generations past it are dropped (projectGenerations stops each line at the cutoff, and a part's
// boxes do not depend on the cutoff), so a shorter look is a filter, not a rebuild.
struct BoxListChoice {
    std::uint64_t ctxId = 0;
    MarketInputs key; // key.projection.horizon: the cutoff `all` was projected to
    std::vector<ProjectedPart> projected;
    std::vector<Box> all;          // point into `projected`
    double shorterCutoff = -1;     // `shorter`: `all` without the generations past this cutoff
    std::vector<Box> shorter;      // (-1: none made for this key)
};

struct SolverWorkspace::Impl {
    const LevelChoice &levels(const Context &ctx, const Params &p);
    const Efficiency &efficiency(const Engine &e, const Context &ctx, const Params &p);
    LevelChoice levelChoice;
    EfficiencyChoice efficiencyChoice;
    // solve(): the boxes of one sample's market (boxList below).
    const std::vector<Box> &boxList(const DataSet &d, const Context &ctx, const MarketInputs &in);
    BoxListChoice boxListChoice;
    // observedParity(): the boxes available at the end of the observations.
    std::vector<const Box *> today;
    // observedParity(): each level's loss, lawSlope * log2(retention), for the walk's parameters.
    std::vector<double> levelLoss;
    // lawParity(): which (part, cards) boxes are available at the start (== stamp), the boxes
    // available at the start with their bounds, the queue; the last winner per mode (task, full).
    std::vector<std::uint32_t> cardsNow, boxNow;
    std::uint32_t stamp = 0;
    std::vector<BoundNow> now;
    std::vector<Candidate> queue;
    BoxKey lastWinner[2];
    // localQualityPath(): candidates grouped by year.
    std::vector<PathCandidate> pathCandidates;
    std::vector<std::uint32_t> start, order, fill;
};



} // namespace ff

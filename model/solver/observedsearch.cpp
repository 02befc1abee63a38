// Observed parity (model/README.md section 5): the past is observed, not modelled. A catalog model at
// least as good as the target (after its quantization loss), released by then, running at speed on a
// box that existed and was affordable. Engine::observedParity walks the catalog, best model first;
// ObservedSearch below holds what the walk knows and builds the answer it finds.
#include "solver/forecast.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "solver/solverdetail.h"
#include "core/timeutil.h"

namespace ff {

namespace {

constexpr std::size_t kNoLevel = SIZE_MAX;

// The question, the boxes available by the end of the observations (summarised by the most memory
// and bandwidth any of them has, to rule a model out at once), and the answer so far.
struct ObservedSearch {
    ObservedSearch(const Engine &engine, const Context &ctx, const Params &p, SolverWorkspace::Impl &w,
                   double targetQuality, ParityMode mode, bool details)
        : engine(engine), ctx(ctx), p(p), w(w), targetQuality(targetQuality), details(details), eff(engine.efficiency(p)),
          full(mode == ParityMode::FullProduct), ctxTokens(full ? p.fullContextTokens : p.taskContextTokens),
          tps(p.targetTokensPerS / p.speculativeGain), until(ctx.observedUntil)
    {
        // Each level's quality loss on the law's scale: the same for every model and box of the walk.
        const LevelChoice &lc = w.levels(ctx, p);
        const double slope = engine.lawSlope(ctx, p);
        w.levelLoss.resize(lc.retention.size());
        for (std::size_t i = 0; i < lc.retention.size(); ++i)
            w.levelLoss[i] = slope * std::log2(lc.retention[i]);
    }
    const Engine &engine;
    const Context &ctx;
    const Params &p;
    SolverWorkspace::Impl &w;
    const double targetQuality;
    const bool details;
    const Efficiency eff;
    const bool full;
    const double ctxTokens, tps, until;
    double maxMem = 0, maxVram = 0, maxBw = 0, maxRamBw = 0; // over the boxes available by `until`
    double minBits = 64;                                     // the smallest precision among the levels
    ParityResult r;                                          // the earliest month found so far
    const Box *bestBox = nullptr;                            // and the box it was seen on

    void measureToday(const std::vector<Box> &boxes);
    bool runsOnNoBoxToday(const OpenModel &m, double bits) const;
    double kvBytesPerToken(const OpenModel &m) const;
    void walkBoxes(const OpenModel &m, double bits, double kv, double mStart);
    bool smallestRuns(const OpenModel &m, const Box &b, double bits, double kv) const;
    std::size_t firstLevelThatRuns(const OpenModel &m, const Box &b, double kv) const;
    void record(const OpenModel &m, const Box &b, double t, double month, std::size_t level);
};

void ObservedSearch::measureToday(const std::vector<Box> &boxes)
{
    for (const auto &b : boxes)
        if (b.availableFrom <= until) {
            maxMem = std::max(maxMem, b.spec.vramGb + b.spec.ramGb);
            maxVram = std::max(maxVram, b.spec.vramGb);
            maxBw = std::max(maxBw, b.spec.bandwidthGbps);
            if (b.spec.ramGb > 0)
                maxRamBw = std::max(maxRamBw, b.spec.ramBandwidthGbps);
        }
    for (const auto &l : ctx.levels)
        minBits = std::min(minBits, l.bitsPerWeight);
}

// No box today can run the model even at its smallest precision: too big for any memory, too many
// active bytes for any bandwidth, or, streaming at least the share of its weights that no card holds
// from the fastest host RAM, too slow.
bool ObservedSearch::runsOnNoBoxToday(const OpenModel &m, double bits) const
{
    const double weightsGb = m.paramsTotalB * bits / 8, activeGb = m.paramsActiveB * bits / 8;
    const double offMax = std::min(1.0, eff.bandwidth * maxRamBw / (activeGb * tps));
    return weightsGb > maxMem || activeGb * tps > eff.bandwidth * maxBw || weightsGb * (1 - offMax) > maxVram;
}

// The model's KV cache per token at the context asked: its own architecture's, else the KV law's.
double ObservedSearch::kvBytesPerToken(const OpenModel &m) const
{
    return (m.kvBytesPerToken ? *m.kvPerTokenAt(ctxTokens)
                              : engine.kvPerToken(ctx, p, deff(m.paramsActiveB, m.paramsTotalB, ctx.law.alpha), m.released) *
                                    p.kvCompression) /
           p.kvCompression;
}

// Whether a (model, box, precision) runs is time-independent; it counts from when both exist.
void ObservedSearch::walkBoxes(const OpenModel &m, double bits, double kv, double mStart)
{
    const double startMonth = floorToMonth(mStart); // the month of every box that existed before the model
    for (const Box *bp : w.today) {
        const Box &b = *bp;
        const double t = b.nextAffordable(mStart); // bought in a month it is within the budget
        if (t > until)
            continue;
        // The earliest month wins; within it, the box a person would buy (cheapest, then newest).
        // The month it was observed in (rounding up could pass as-of).
        const double month = t <= mStart ? startMonth : floorToMonth(t);
        if (r.reached && (month > r.year || (month == r.year && (!details || !bestBox))))
            continue;
        if (!smallestRuns(m, b, bits, kv))
            continue;
        const std::size_t level = firstLevelThatRuns(m, b, kv);
        // A tie in the month goes to the box a person would buy; priced only for a box that runs.
        if (level != kNoLevel && !(r.reached && month == r.year && !preferredBox(b, *bestBox, month, p)))
            record(m, b, t, month, level);
    }
}

// Bounds: the smallest precision fits and decodes fastest; if it does not run, none does. First
// without KV, buffers or fixed time (a few operations), then the roofline.
bool ObservedSearch::smallestRuns(const OpenModel &m, const Box &b, double bits, double kv) const
{
    const double weightsGb = m.paramsTotalB * bits / 8, activeGb = m.paramsActiveB * bits / 8;
    if (weightsGb > b.spec.vramGb + b.spec.ramGb)
        return false;
    const double off = std::max(0.0, weightsGb - b.spec.vramGb) / weightsGb; // at least this is offloaded
    if (activeGb * tps * ((1 - off) / b.spec.bandwidthGbps + (off > 0 ? off / b.spec.ramBandwidthGbps : 0.0)) >
        eff.bandwidth)
        return false;
    const Estimate lo = decodeEstimate(b.spec, ModelShape{m.paramsTotalB, m.paramsActiveB, bits, kv}, ctxTokens, eff);
    return lo.fits && lo.decodeTokensPerS >= tps;
}

// The first precision (the context's levels, then the model's native format) at which the model is
// at least as good as the target and runs at speed on the box (and prefills in time for the full
// product); kNoLevel when none does.
std::size_t ObservedSearch::firstLevelThatRuns(const OpenModel &m, const Box &b, double kv) const
{
    const std::size_t n = ctx.levels.size() + (m.nativeBitsPerWeight ? 1 : 0);
    for (std::size_t i = 0; i < n; ++i) {
        const bool native = i == ctx.levels.size();
        const double bits = native ? *m.nativeBitsPerWeight : ctx.levels[i].bitsPerWeight;
        const double q = *m.quality + (native ? 0.0 : w.levelLoss[i]);
        if (q < targetQuality)
            continue;
        const Estimate e = decodeEstimate(b.spec, ModelShape{m.paramsTotalB, m.paramsActiveB, bits, kv}, ctxTokens, eff);
        if (!e.fits || e.decodeTokensPerS < tps)
            continue;
        if (full && prefillSeconds(b.spec, ModelShape{m.paramsTotalB, m.paramsActiveB, bits, kv}, p.ttftPromptTokens, 0,
                                   eff) > p.ttftMaxSeconds)
            continue;
        return i;
    }
    return kNoLevel;
}

// The answer: observed in `month` (the model on the box at `level`); with details, what it rests on.
void ObservedSearch::record(const OpenModel &m, const Box &b, double t, double month, std::size_t level)
{
    r.reached = true;
    r.alreadyReached = true;
    r.kind = ParityKind::Observed;
    r.year = month;
    r.derivedScore = m.qualityDerived;
    bestBox = &b;
    if (!details)
        return;
    const bool native = level == ctx.levels.size();
    r.box = b.label();
    r.boxPrice = b.priceDetail(t);
    r.priceAtParity = r.boxPrice;
    r.earlierPurchase.reset();
    if (const BoxPrice c = b.cheapestUpTo(t); c.t < t - 1e-9)
        r.earlierPurchase = c;
    r.pricedThen = t <= b.pricedUntil;
    r.model = m.name;
    r.quant = native ? m.nativeFormat : ctx.levels[level].name;
    r.paramsTotalB = m.paramsTotalB;
    r.paramsActiveB = m.paramsActiveB;
    r.bottleneck = Binding::None;
    r.heldBack.by = HeldBack::Observed;
    r.heldBack.observedModel = m.name;
    r.heldBack.observedBox = r.box;
}

} // namespace

ParityResult Engine::observedParity(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes,
                                    double targetQuality, double startYear, ParityMode mode, bool details) const
{
    // Observed means seen in the data: no later than as-of, nor than the newest data (a box's
    // affordability after that would rest on extrapolated prices, a projection).
    if (startYear > ctx.observedUntil)
        return ParityResult{}; // e.g. the full product searched from a task-level parity after as-of
    // Candidates, best first: the context lists the scored models released by as-of by quality.
    const auto &byQuality = ctx.scoredOpenModels;
    const std::size_t nCands = static_cast<std::size_t>(
        std::partition_point(byQuality.begin(), byQuality.end(),
                             [&](const OpenModel *m) { return *m->quality >= targetQuality; }) -
        byQuality.begin());
    if (nCands == 0)
        return ParityResult{};
    ObservedSearch s(*this, ctx, p, w, targetQuality, mode, details);
    s.measureToday(boxes);
    w.today.clear(); // filled when a candidate first passes the checks on all of them
    bool listed = false;
    for (std::size_t c = 0; c < nCands; ++c) {
        const OpenModel &m = *byQuality[c];
        // A model cannot hold a context longer than its own limit (checked present when the context was made).
        if (m.contextLimitTokens && *m.contextLimitTokens < s.ctxTokens)
            continue;
        const double bits = std::min(s.minBits, m.nativeBitsPerWeight.value_or(64.0));
        if (s.runsOnNoBoxToday(m, bits))
            continue;
        if (!listed) {
            for (const auto &b : boxes)
                if (b.availableFrom <= s.until)
                    w.today.push_back(&b);
            listed = true;
        }
        s.walkBoxes(m, bits, s.kvBytesPerToken(m), std::max(startYear, m.released));
    }
    return s.r;
}

} // namespace ff

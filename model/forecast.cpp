#include "forecast.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "timeutil.h"

namespace ff {

namespace {
constexpr double kMonth = 1.0 / 12.0;
const std::string kRoadmapFamily = "nvidia-geforce-flagship";

double ceilToMonth(double t)
{
    const double m = floorToMonth(t);
    return m + 1e-9 < t ? m + kMonth : m;
}
// Among boxes that reach parity in the same month, a person buys the cheapest, then the newest.
bool preferredBox(const Box &a, const Box &b, double t, const Params &p)
{
    (void)p;
    const double ca = a.purchase(t).totalUsd, cb = b.purchase(t).totalUsd;
    if (std::fabs(ca - cb) > 0.5)
        return ca < cb;
    return a.released > b.released;
}
} // namespace

const char *parityKindName(ParityKind k)
{
    switch (k) {
    case ParityKind::Observed:
        return "observed";
    case ParityKind::Implied:
        return "implied";
    case ParityKind::Projected:
        return "projected";
    case ParityKind::NotReached:
        break;
    }
    return "not_reached";
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

DeffBound Engine::deffBound(const Context &ctx, const Params &p, double ctxTokens, bool full, double dMin) const
{
    DeffBound b;
    b.eff = efficiency(p);
    // KV per token follows a power law of the size: its smallest is at dMin when it grows with size,
    // and unbounded below (take none) when the fit has it shrink.
    const double kvBytes = ctx.kv.gamma >= 0 ? ctx.kv.bytesPerToken(dMin) / p.kvCompression : 0.0;
    b.kvGb = ctxTokens * kvBytes / 1e9;
    b.secondsPerToken = p.speculativeGain / p.targetTokensPerS;
    // The largest weight share of any kind of system (an optimistic bound for every box).
    b.bandwidthShare = b.eff.bandwidth;
    for (const auto &k : b.eff.kinds)
        b.bandwidthShare = std::max(b.bandwidthShare, std::min(1.0, b.eff.bandwidth * k.bandwidthScale));
    b.kvBandwidthShare = std::max(b.bandwidthShare, b.eff.kvFraction());
    b.overheadGb = b.eff.overheadGb;
    if (full)
        b.activePerTflop = b.eff.compute * 1e12 * p.ttftMaxSeconds / (2.0 * p.ttftPromptTokens * 1e9);
    b.maxSparsity = p.maxSparsity;
    b.alpha = p.moeAlpha;
    // The levels bestShape tries (the one best for bandwidth and memory; with the prefill bound
    // also the one best for it).
    const LevelChoice &lc = levelChoice(ctx, p);
    const std::size_t cand[2] = {lc.best, lc.bestWithPrefill};
    b.levels = full && cand[1] != cand[0] ? 2 : 1;
    for (int k = 0; k < b.levels; ++k) {
        b.bytesPerParam[k] = ctx.levels[cand[k]].bitsPerWeight / 8;
        b.retention[k] = lc.retention[cand[k]];
    }
    return b;
}

std::vector<ProjectedPart> Engine::projectedParts(const Scenario &s) const
{
    const double asOf = s.asOf.value_or(mDefaultAsOf);
    const auto ctx = context(asOf);
    const Params p = resolveParams(mData, assumptionValues(mData, s));
    // Generations the trend puts after the newest data are projected even when as-of is later: the
    // data cannot say they did not come.
    return projectGenerations(mData, p, ctx->observedUntil, ctx->hindcast, kRoadmapFamily, mData.settings.horizonYear);
}

Efficiency Engine::efficiency(const Params &p) const { return calibratedEfficiency(mCal, p); }

Engine::Engine(DataSet data) : mData(std::move(data))
{
    mCal = loadCalibration(mData.directory);
    init();
}

Engine::Engine(DataSet data, Calibration cal) : mData(std::move(data)), mCal(std::move(cal))
{
    init();
}

void Engine::init()
{
    // Prefill: each part's fitted rate for its architecture family on its prefill figure
    // (calibration.json), in units the compute-share slider scales.
    for (auto &part : mData.parts)
        part.prefillTflops = prefillTflopsOf(mCal, part);
    mDefaultAsOf = mData.newestDate();
    context(mDefaultAsOf); // fail early if the data cannot be fitted
}

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
    c->hindcast = asOf < mDefaultAsOf - 1e-9;
    c->observedUntil = std::min(asOf, mDefaultAsOf);
    c->yardstick = yardstick;
    const double t0 = mData.settings.t0;
    const AssumptionDef *alphaDef = mData.assumption("moe_alpha");
    const double alpha = alphaDef ? alphaDef->value : 0.5;
    {
        ScaledCatalog sc = scaleCatalog(mData, yardstick, asOf);
        c->openModels = std::move(sc.open);
        c->frontierModels = std::move(sc.frontier);
        c->vendorGap = sc.gap;
        c->independentOpen = sc.independentOpen;
        c->vendorOpen = sc.vendorOpen;
    }
    try {
        c->law = fitQualityLaw(c->openModels, asOf, t0, alpha);
    } catch (const std::runtime_error &e) {
        throw std::runtime_error("the " + yardstickLabel(yardstick) + " yardstick as of " + formatMonth(asOf) + ": " + e.what());
    }
    c->law.scale = yardstick == Yardstick::Coding ? "logit" : "index";
    c->evidenceEnd = c->law.lastRelease;
    c->lawStart = ceilToMonth(c->law.firstRelease);
    if (yardstick != Yardstick::General) {
        const QualityLaw general = fitQualityLaw(mData.openModels, asOf, t0, alpha);
        c->pointScale = general.residualSd > 0 ? c->law.residualSd / general.residualSd : 1.0;
    }
    c->kv = fitKvLaw(mData.openModels, asOf, alpha);
    c->contextTrend = fitContextTrend(mData.openModels, asOf, t0);
    // A scored model is a candidate for observed parity, which asks whether it supports the context.
    for (const auto &m : c->openModels)
        if (m.quality && m.paramsTotalB > 0 && m.released <= asOf && !m.contextLimitTokens)
            throw DataError(mData.directory + "/models.json",
                            "open_models[" + std::to_string(m.index) + "].context_limit_tokens",
                            "\"" + m.name + "\" has a score but no context limit: observed parity needs to know the longest context it supports");
    // The law is not extrapolated below the smallest model it was fitted on.
    c->minFittedDeffB = std::numeric_limits<double>::infinity();
    for (const auto &m : c->openModels)
        if (m.quality && m.paramsTotalB > 0 && m.released <= asOf)
            c->minFittedDeffB = std::min(c->minFittedDeffB, deff(m.paramsActiveB, m.paramsTotalB, alpha));
    // Historical per-dollar trends of consumer GPUs (launch specs over launch price).
    std::vector<double> t, bw, mem, fl, tf;
    for (const auto &part : mData.parts) {
        if (part.kind != PartKind::Gpu || !part.priceUsd || part.released > asOf)
            continue;
        t.push_back(part.released);
        bw.push_back(part.bandwidthGbps / *part.priceUsd);
        mem.push_back(part.memoryGb / *part.priceUsd);
        if (part.fp16Tflops) {
            tf.push_back(part.released);
            fl.push_back(*part.fp16Tflops / *part.priceUsd);
        }
    }
    c->bandwidthPerDollar = fitLog2Trend(t, bw, t0);
    c->memoryPerDollar = fitLog2Trend(t, mem, t0);
    c->computePerDollar = fitLog2Trend(tf, fl, t0);
    double f16 = 0;
    for (const auto &q : mData.quantLevels)
        if (q.name == "F16")
            f16 = q.perplexity;
    for (const auto &m : c->openModels)
        if (m.quality && m.paramsTotalB > 0 && m.released <= asOf)
            c->scoredOpenModels.push_back(&m);
    std::stable_sort(c->scoredOpenModels.begin(), c->scoredOpenModels.end(),
                     [](const OpenModel *a, const OpenModel *b) { return *a->quality > *b->quality; });
    c->lineBases = lineBases(mData, asOf);
    c->specDominators.resize(mData.parts.size());
    for (std::size_t i = 0; i < mData.parts.size(); ++i) {
        const HardwarePart &x = mData.parts[i];
        if (!x.priceUsd || x.released > asOf)
            continue;
        for (std::size_t j = 0; j < mData.parts.size(); ++j) {
            const HardwarePart &y = mData.parts[j];
            if (j == i || !y.priceUsd || y.released > asOf || y.kind != x.kind)
                continue;
            const bool atLeast = y.memoryGb >= x.memoryGb && y.bandwidthGbps >= x.bandwidthGbps &&
                                 y.prefillTflops >= x.prefillTflops;
            const bool same = y.memoryGb == x.memoryGb && y.bandwidthGbps == x.bandwidthGbps &&
                              y.prefillTflops == x.prefillTflops;
            if (atLeast && (!same || j < i))
                c->specDominators[i].push_back(static_cast<std::uint32_t>(j));
        }
        // Cheapest first: the likeliest to be within budget already.
        std::sort(c->specDominators[i].begin(), c->specDominators[i].end(), [&](std::uint32_t a, std::uint32_t b) {
            return *mData.parts[a].priceUsd < *mData.parts[b].priceUsd || (*mData.parts[a].priceUsd == *mData.parts[b].priceUsd && a < b);
        });
    }
    for (const auto &name : mData.settings.quantLevels)
        for (const auto &q : mData.quantLevels)
            if (q.name == name) {
                c->levels.push_back(q);
                c->levelNatsLoss.push_back(std::max(0.0, std::log(q.perplexity / f16)));
            }
    if (mContexts.size() > 16)
        mContexts.erase(mContexts.begin());
    mContexts.push_back(c);
    return c;
}

const FrontierModel &Engine::target(const Scenario &s) const
{
    const std::string &name = s.targetModel.empty() ? mData.settings.defaultTarget : s.targetModel;
    const FrontierModel *m = mData.frontier(name);
    if (!m)
        throw std::invalid_argument("unknown target model \"" + name + "\"");
    if (!m->scored)
        throw std::invalid_argument("the target model \"" + name + "\" has no quality score in the data");
    return *m;
}

const FrontierModel &Engine::target(const Scenario &s, const Context &ctx) const
{
    const std::string &name = s.targetModel.empty() ? mData.settings.defaultTarget : s.targetModel;
    for (const auto &m : ctx.frontierModels)
        if (m.name == name) {
            if (!m.scored)
                throw std::invalid_argument("the target model \"" + name + "\" has no score on the " +
                                            yardstickLabel(ctx.yardstick) + " yardstick in models.json");
            return m;
        }
    throw std::invalid_argument("unknown target model \"" + name + "\"");
}

const Engine::LevelChoice &Engine::levelChoice(const Context &ctx, const Params &p) const
{
    // Retention per level and the best level(s) depend only on the context and two sliders, but are
    // asked for in the innermost loops: remember the last answer on this thread.
    thread_local LevelChoice lc;
    if (lc.ctxId == ctx.id && lc.k == p.quantNatsPerDoubling && lc.alpha == p.moeAlpha && lc.retention.size() == ctx.levels.size())
        return lc;
    lc.ctxId = ctx.id;
    lc.k = p.quantNatsPerDoubling;
    lc.alpha = p.moeAlpha;
    lc.retention.resize(ctx.levels.size());
    // Every limit of maxShape but the prefill bound scales as 1/bits, so the size at bits b is
    // Deff(1 bit)/b and the best level maximises retention/b whatever the box. With the prefill
    // bound (full product) the best is that level or the one maximising retention/b^(1-alpha).
    double best0 = -1, best1 = -1;
    for (std::size_t i = 0; i < ctx.levels.size(); ++i) {
        const double r = std::exp2(-ctx.levelNatsLoss[i] / p.quantNatsPerDoubling), b = ctx.levels[i].bitsPerWeight;
        lc.retention[i] = r;
        if (r / b > best0) {
            best0 = r / b;
            lc.best = i;
        }
        const double v = r / (p.moeAlpha == 0.5 ? std::sqrt(b) : std::pow(b, 1.0 - p.moeAlpha));
        if (v > best1) {
            best1 = v;
            lc.bestWithPrefill = i;
        }
    }
    return lc;
}

double Engine::retention(const Context &ctx, const Params &p, std::size_t level) const
{
    return levelChoice(ctx, p).retention[level];
}

bool Engine::breakthroughOn(const Params &p) const
{
    // The slider's top (the horizon) means "no breakthrough".
    return p.distillBreakthroughYear < mData.settings.horizonYear;
}

double Engine::lawQuality(const Context &ctx, const Params &p, double deffB, double t) const
{
    // The fitted pace holds up to the end of the evidence (the law reproduces the models it was fitted
    // on), the slider's pace after it. The pivot is the evidence, never as-of: the same evidence gives
    // the same law whatever "today" is. The Monte Carlo adds a draw of the coefficients from the fit's
    // covariance (lawDelta*) and places the hypothetical model `quality_offset_points` off the fitted
    // mean (the law's residual scatter); both are zero in the deterministic answer.
    const QualityLaw &L = ctx.law;
    const double b = L.b + p.lawDeltaB, c = L.c + p.lawDeltaC;
    const double te = ctx.evidenceEnd;
    return L.a + p.lawDeltaA + b * std::log2(deffB) + c * (std::min(t, te) - L.t0) +
           b / p.densityDoublingYears * std::max(0.0, t - te) + p.qualityOffsetPoints * ctx.pointScale;
}

double Engine::lawSlope(const Context &ctx, const Params &p) const
{
    return ctx.law.b + p.lawDeltaB;
}

double Engine::requiredDeff(const Context &ctx, const Params &p, double targetQuality, double t) const
{
    // A drifting hosted bar rises from the end of the evidence on.
    const double q = targetQuality + p.targetDriftPerYear * ctx.pointScale * std::max(0.0, t - ctx.evidenceEnd);
    // Invert lawQuality for the size: log2 D = (q - Q(1B, t)) / b.
    double d = std::max(std::exp2((q - lawQuality(ctx, p, 1.0, t)) / lawSlope(ctx, p)), ctx.minFittedDeffB);
    if (breakthroughOn(p) && t >= p.distillBreakthroughYear)
        d = std::min(d, p.distillBreakthroughDeffB);
    return d;
}

ShapeLimit Engine::bestShape(const Context &ctx, const Params &p, const BoxSpec &spec, double kvBytes, double tps,
                             double ctxTokens, bool full, std::size_t *levelOut, double attnDeffB) const
{
    Efficiency eff = efficiency(p);
    if (full && attnDeffB > 0 && eff.attentionLawCoef > 0)
        eff.attentionWidth = eff.attentionLawCoef * std::pow(attnDeffB, eff.attentionLawExp);
    const LevelChoice &lc = levelChoice(ctx, p);
    const std::size_t cand[2] = {lc.best, lc.bestWithPrefill};
    const int nCand = full && cand[1] != cand[0] ? 2 : 1;
    ShapeLimit best;
    bool have = false;
    for (int k = 0; k < nCand; ++k) {
        const std::size_t i = cand[k];
        ShapeLimit s = maxShape(spec, ctx.levels[i].bitsPerWeight, ctxTokens, kvBytes, tps, p.maxSparsity, p.moeAlpha,
                                eff, full ? p.ttftPromptTokens : 0, full ? p.ttftMaxSeconds : 0);
        s.deffB *= lc.retention[i]; // effective size after quantization loss
        if (!have || s.deffB > best.deffB) {
            best = s;
            have = true;
            if (levelOut)
                *levelOut = i;
        }
    }
    return best;
}

bool Engine::feasible(const Context &ctx, const Params &p, const Box &box, double targetQuality, double t,
                      ParityMode mode, ParityResult *detail) const
{
    if (t < box.availableFrom)
        return false;
    // A projected model supports the context limit of the open-release trend at its date.
    const bool contextOk = t >= contextReadyYear(ctx.contextTrend, mData.settings.t0,
                                                 mode == ParityMode::FullProduct ? p.fullContextTokens : p.taskContextTokens);
    if (!contextOk && !detail)
        return false;
    const double req = requiredDeff(ctx, p, targetQuality, t);
    const double kv = ctx.kv.bytesPerToken(req) / p.kvCompression;
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    std::size_t level = 0;
    // The full product's prompt is prefilled with the attention of a model of the size required at
    // the end of the evidence (calibration's width law; never as-of, so as-of moves nothing): fixed per scenario, so a box's largest size stays fixed and
    // the closed form in time exact. Slightly pessimistic later on, as required sizes shrink.
    const ShapeLimit s = bestShape(ctx, p, box.spec, kv, tps, ctxTokens, full, &level,
                                   full ? requiredDeff(ctx, p, targetQuality, ctx.evidenceEnd) : 0.0);
    if (detail) {
        detail->box = box.label();
        detail->boxPrice = box.purchase(t);
        detail->quant = ctx.levels[level].name;
        detail->paramsTotalB = s.paramsTotalB;
        detail->paramsActiveB = s.paramsActiveB;
        detail->requiredDeffB = req;
        detail->achievedDeffB = s.deffB;
        detail->bottleneck = contextOk ? s.binding : Binding::None;
    }
    return contextOk && s.deffB >= req;
}

ParityResult Engine::observedParity(const Context &ctx, const Params &p, const std::vector<Box> &boxes,
                                    double targetQuality, double startYear, ParityMode mode, bool details) const
{
    // The past is observed, not modelled: a catalog model at least as good as the target (after its
    // quantization loss), released by then, running at speed on a box that existed and was affordable.
    ParityResult r;
    // Observed means seen in the data: no later than as-of, nor than the newest data (a box's
    // affordability after that would rest on extrapolated prices, a projection).
    const double until = ctx.observedUntil;
    if (startYear > until)
        return r; // e.g. the full product searched from a task-level parity after as-of
    // Candidates, best first: the context lists the scored models released by as-of by quality.
    const auto &byQuality = ctx.scoredOpenModels;
    const std::size_t nCands = static_cast<std::size_t>(
        std::partition_point(byQuality.begin(), byQuality.end(),
                             [&](const OpenModel *m) { return *m->quality >= targetQuality; }) -
        byQuality.begin());
    if (nCands == 0)
        return r;
    const Efficiency eff = efficiency(p);
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    // Whether a (model, box, precision) runs is time-independent; it counts from when both exist.
    thread_local std::vector<const Box *> today; // filled when a candidate first passes the checks on all of them
    today.clear();
    bool listed = false;
    double maxMem = 0, maxVram = 0, maxBw = 0, maxRamBw = 0;
    for (const auto &b : boxes)
        if (b.availableFrom <= until) {
            maxMem = std::max(maxMem, b.spec.vramGb + b.spec.ramGb);
            maxVram = std::max(maxVram, b.spec.vramGb);
            maxBw = std::max(maxBw, b.spec.bandwidthGbps);
            if (b.spec.ramGb > 0)
                maxRamBw = std::max(maxRamBw, b.spec.ramBandwidthGbps);
        }
    double minBits = 64;
    for (const auto &l : ctx.levels)
        minBits = std::min(minBits, l.bitsPerWeight);
    const Box *bestBox = nullptr;
    for (std::size_t c = 0; c < nCands; ++c) {
        const OpenModel *m = byQuality[c];
        // A model cannot hold a context longer than its own limit (checked present when the context was made).
        if (m->contextLimitTokens && *m->contextLimitTokens < ctxTokens)
            continue;
        const double bits = std::min(minBits, m->nativeBitsPerWeight.value_or(64.0));
        // No box today can run it even at its smallest precision: too big for any memory, too many
        // active bytes for any bandwidth, or, streaming at least the share of its weights that no
        // card holds from the fastest host RAM, too slow.
        {
            const double weightsGb = m->paramsTotalB * bits / 8, activeGb = m->paramsActiveB * bits / 8;
            const double offMax = std::min(1.0, eff.bandwidth * maxRamBw / (activeGb * tps));
            if (weightsGb > maxMem || activeGb * tps > eff.bandwidth * maxBw || weightsGb * (1 - offMax) > maxVram)
                continue;
        }
        if (!listed) {
            for (const auto &b : boxes)
                if (b.availableFrom <= until)
                    today.push_back(&b);
            listed = true;
        }
        const double kv = (m->kvBytesPerToken ? *m->kvBytesPerToken
                                              : ctx.kv.bytesPerToken(deff(m->paramsActiveB, m->paramsTotalB, ctx.law.alpha))) /
                          p.kvCompression;
        const double mStart = std::max(startYear, m->released);
        for (const Box *bp : today) {
            const Box &b = *bp;
            const double t = std::max(mStart, b.availableFrom);
            if (t > until)
                continue;
            // The earliest month wins; within it, the box a person would buy (cheapest, then newest).
            // The month it was observed in (rounding up could pass as-of).
            const double month = floorToMonth(t);
            if (r.reached &&
                (month > r.year || (month == r.year && (!details || !bestBox || !preferredBox(b, *bestBox, month, p)))))
                continue;
            // Bounds: the smallest precision fits and decodes fastest; if it does not run, none does.
            // First without KV, buffers or fixed time (a few operations), then the roofline.
            const double weightsGb = m->paramsTotalB * bits / 8, activeGb = m->paramsActiveB * bits / 8;
            if (weightsGb > b.spec.vramGb + b.spec.ramGb)
                continue;
            const double off = std::max(0.0, weightsGb - b.spec.vramGb) / weightsGb; // at least this is offloaded
            if (activeGb * tps * ((1 - off) / b.spec.bandwidthGbps + (off > 0 ? off / b.spec.ramBandwidthGbps : 0.0)) >
                eff.bandwidth)
                continue;
            const Estimate lo = estimate(b.spec, ModelShape{m->paramsTotalB, m->paramsActiveB, bits, kv}, ctxTokens, eff);
            if (!lo.fits || lo.decodeTokensPerS < tps)
                continue;
            const std::size_t n = ctx.levels.size() + (m->nativeBitsPerWeight ? 1 : 0);
            for (std::size_t i = 0; i < n; ++i) {
                const bool native = i == ctx.levels.size();
                const double bits = native ? *m->nativeBitsPerWeight : ctx.levels[i].bitsPerWeight;
                const double q = *m->quality + (native ? 0.0 : lawSlope(ctx, p) * std::log2(retention(ctx, p, i)));
                if (q < targetQuality)
                    continue;
                const Estimate e = estimate(b.spec, ModelShape{m->paramsTotalB, m->paramsActiveB, bits, kv}, ctxTokens, eff);
                if (!e.fits || e.decodeTokensPerS < tps)
                    continue;
                if (full && prefillSeconds(b.spec, ModelShape{m->paramsTotalB, m->paramsActiveB, bits, kv}, p.ttftPromptTokens, 0,
                                           eff) > p.ttftMaxSeconds)
                    continue;
                r.reached = true;
                r.alreadyReached = true;
                r.kind = ParityKind::Observed;
                r.year = month;
                bestBox = &b;
                if (!details)
                    break;
                r.box = b.label();
                r.boxPrice = b.purchase(t);
                r.model = m->name;
                r.quant = native ? m->nativeFormat : ctx.levels[i].name;
                r.paramsTotalB = m->paramsTotalB;
                r.paramsActiveB = m->paramsActiveB;
                r.bottleneck = Binding::None;
                r.bottleneckText = "none (observed: " + m->name + " on " + b.label() + ")";
                break;
            }
        }
    }
    return r;
}

Engine::RequiredPath Engine::requiredPath(const Context &ctx, const Params &p, double targetQuality) const
{
    // log2 of the law's required size is piecewise linear in t: slope -c/b up to the end of the
    // evidence, (drift - b/T)/b after it, A0 at the pivot (the same expression as requiredDeff).
    const QualityLaw &L = ctx.law;
    const double b = lawSlope(ctx, p), c = L.c + p.lawDeltaC;
    RequiredPath r;
    r.pivot = ctx.evidenceEnd;
    r.a0 = (targetQuality - (L.a + p.lawDeltaA + c * (ctx.evidenceEnd - L.t0) + p.qualityOffsetPoints * ctx.pointScale)) / b;
    r.kBefore = -c / b;
    r.kAfter = (p.targetDriftPerYear * ctx.pointScale - b / p.densityDoublingYears) / b;
    r.minFittedDeffB = ctx.minFittedDeffB;
    r.breakthrough = breakthroughOn(p);
    r.breakthroughYear = p.distillBreakthroughYear;
    r.breakthroughDeffB = p.distillBreakthroughDeffB;
    r.horizon = mData.settings.horizonYear;
    return r;
}

double Engine::RequiredPath::firstTimeBelow(double M, double ts) const
{
    double best = std::numeric_limits<double>::infinity();
    if (M >= minFittedDeffB) {
        const double lm = std::log2(M);
        // Up to the pivot.
        if (ts < pivot) {
            const double A = a0 + kBefore * (ts - pivot);
            if (A <= lm)
                best = ts;
            else if (kBefore < 0 && ts + (lm - A) / kBefore <= pivot)
                best = ts + (lm - A) / kBefore;
        }
        // After it.
        if (!std::isfinite(best)) {
            const double s = std::max(ts, pivot);
            const double A = a0 + kAfter * (s - pivot);
            if (A <= lm)
                best = s;
            else if (kAfter < 0)
                best = s + (lm - A) / kAfter;
        }
    }
    if (breakthrough && breakthroughDeffB <= M)
        best = std::min(best, std::max(ts, breakthroughYear));
    return best <= horizon ? best : std::numeric_limits<double>::infinity();
}

double Engine::firstTimeRequiredBelow(const Context &ctx, const Params &p, double targetQuality, double M, double ts) const
{
    return requiredPath(ctx, p, targetQuality).firstTimeBelow(M, ts);
}

double Engine::boxParityTime(const Context &ctx, const Params &p, const Box &box, double targetQuality, double ts,
                             ParityMode mode) const
{
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    const double horizon = mData.settings.horizonYear;
    // The box's specs are fixed, so it runs up to a fixed size M at speed; only the KV per token
    // depends on the required size. Iterate: KV at the required size -> M -> first time required <= M.
    double t = ts;
    double kv = ctx.kv.bytesPerToken(requiredDeff(ctx, p, targetQuality, t)) / p.kvCompression;
    bool converged = false;
    const double attnDeff = requiredDeff(ctx, p, targetQuality, ctx.evidenceEnd); // the prompt's attention width: see feasible()
    for (int it = 0; it < 4; ++it) {
        const double M = bestShape(ctx, p, box.spec, kv, tps, ctxTokens, full, nullptr, attnDeff).deffB;
        double tn = firstTimeRequiredBelow(ctx, p, targetQuality, M, ts);
        if (!std::isfinite(tn)) {
            if (it > 0 || t >= horizon)
                return tn;
            tn = horizon; // try once with the KV of the smallest required size
        }
        t = tn;
        const double kvNext = ctx.kv.bytesPerToken(requiredDeff(ctx, p, targetQuality, t)) / p.kvCompression;
        if (std::fabs(kvNext - kv) <= 1e-6 * kv) {
            converged = std::isfinite(tn) && tn < horizon;
            break;
        }
        kv = kvNext;
    }
    // With the KV settled the closed form is exact: the month it falls in (or the next) works.
    if (converged) {
        const double m = ceilToMonth(t);
        if (m <= horizon && (m == t || feasible(ctx, p, box, targetQuality, m, mode, nullptr)))
            return m;
    }
    // Check on the month grid; the KV iteration may leave it a little early, or (a KV law that grows
    // as models shrink, with a fast-falling requirement) a little late: walk back while it still holds.
    double m = ceilToMonth(std::max(t, ts));
    for (int i = 0; i < 24 && m <= horizon; ++i, m += kMonth)
        if (feasible(ctx, p, box, targetQuality, m, mode, nullptr)) {
            const double first = ceilToMonth(ts);
            for (int k = 0; k < 36 && m - kMonth >= first - 1e-9 && feasible(ctx, p, box, targetQuality, m - kMonth, mode, nullptr); ++k)
                m -= kMonth;
            return m;
        }
    // Rare (a KV law that grows as models shrink): scan yearly, then bisect.
    double lo = ts;
    for (double y = ts; y <= horizon + 1e-9; y += 1.0) {
        if (feasible(ctx, p, box, targetQuality, y, mode, nullptr)) {
            double hi = y;
            for (int i = 0; i < 7; ++i) {
                const double mid = 0.5 * (lo + hi);
                (feasible(ctx, p, box, targetQuality, mid, mode, nullptr) ? hi : lo) = mid;
            }
            return ceilToMonth(hi);
        }
        lo = y;
    }
    return std::numeric_limits<double>::infinity();
}

ParityResult Engine::parity(const Context &ctx, const Params &p, const std::vector<Box> &boxes, double targetQuality,
                            double startYear, ParityMode mode, bool details) const
{
    const double horizon = mData.settings.horizonYear;
    ParityResult observed = observedParity(ctx, p, boxes, targetQuality, startYear, mode, details);
    if (observed.reached && !details)
        return observed;
    // The law's answer: the first month the fitted law and the roofline allow it, searched from the
    // start of the law's evidence (never from as-of). Up to the end of the evidence that is what the
    // law implies should already exist; after it, a projection.
    startYear = std::max(startYear, ctx.lawStart);
    ParityResult law = lawParity(ctx, p, boxes, targetQuality, startYear, mode, details);
    law.evidenceEnd = ctx.evidenceEnd;
    if (observed.reached) {
        observed.lawYear = law.reached ? law.year : 0.0;
        observed.evidenceEnd = ctx.evidenceEnd;
        return observed;
    }
    if (law.reached)
        law.kind = law.year <= ctx.evidenceEnd ? ParityKind::Implied : ParityKind::Projected;
    return law;
}

ParityResult Engine::lawParity(const Context &ctx, const Params &p, const std::vector<Box> &boxes, double targetQuality,
                               double startYear, ParityMode mode, bool details) const
{
    const double horizon = mData.settings.horizonYear;
    ParityResult best;
    const double contextReady = contextReadyYear(ctx.contextTrend, mData.settings.t0,
                                                 mode == ParityMode::FullProduct ? p.fullContextTokens : p.taskContextTokens);
    if (contextReady > horizon)
        return best;
    const bool contextBinds = contextReady > startYear;
    if (contextBinds)
        startYear = ceilToMonth(contextReady);
    double bestT = std::numeric_limits<double>::infinity();
    const Box *bestBox = nullptr;
    const bool full = mode == ParityMode::FullProduct;
    // Best first: each box's earliest possible parity under the bound, smallest first; the exact
    // search runs only while that can still beat the best time found. Ties go to the box listed
    // first (the earliest available in a pruned list), as a scan in list order would choose.
    // Among equal bounds on the time (often the start itself) the largest size bound goes first.
    struct Candidate {
        double lb, ub;
        std::uint32_t i;
        bool refined;
    };
    const auto later = [](const Candidate &a, const Candidate &b) {
        return a.lb > b.lb || (a.lb == b.lb && (a.ub < b.ub || (a.ub == b.ub && a.i > b.i)));
    };
    std::uint32_t bestIndex = 0;
    const auto evaluate = [&](std::uint32_t i) {
        const Box &box = boxes[i];
        const double t = boxParityTime(ctx, p, box, targetQuality, std::max(startYear, box.availableFrom), mode);
        // Ties (the same month) go to the box a person would buy: the cheapest, then the newest.
        if (t < bestT || (t == bestT && bestBox && std::isfinite(t) &&
                          (details ? preferredBox(box, *bestBox, t, p) : i < bestIndex))) {
            bestT = t;
            bestBox = &box;
            bestIndex = i;
        }
    };
    // Parity times fall on the month grid, so without details (ties do not matter) a box can only
    // win if its bound is at least a month ahead; with details an equal time may still win a tie.
    const auto hopeless = [&](double lb) { return details ? lb > bestT + 1e-9 : lb > bestT - 0.5 * kMonth; };
    // Without details the box that won the last search on this thread (the Monte Carlo's previous
    // sample, usually the same box) is tried first: its time prunes the rest, and parity in the
    // first month possible cannot be beaten, which settles the search at once. Only the speed
    // depends on it; the answer is the minimum over the boxes whichever is tried first.
    struct Hint {
        const HardwarePart *part = nullptr, *base = nullptr;
        int generation = 0, gpus = 0;
        bool roadmap = false;
        bool matches(const Box &b) const
        {
            return b.gpus == gpus && b.catalogPart == part &&
                   (b.projectedPart ? b.projectedPart->base == base && b.projectedPart->generation == generation &&
                                          b.projectedPart->explicitRoadmap == roadmap
                                    : base == nullptr);
        }
    };
    thread_local Hint hints[2];
    Hint &hint = hints[full ? 1 : 0];
    bool settled = false;
    std::uint32_t tried = std::numeric_limits<std::uint32_t>::max(); // the hinted box, searched already
    if (!details && hint.gpus > 0) {
        for (std::uint32_t i = 0; i < boxes.size(); ++i)
            if (hint.matches(boxes[i])) {
                tried = i;
                evaluate(i);
                settled = bestBox && bestT <= ceilToMonth(startYear) + 1e-9;
                break;
            }
    }
    if (!settled) {
        const double dMin = breakthroughOn(p) ? std::min(ctx.minFittedDeffB, p.distillBreakthroughDeffB) : ctx.minFittedDeffB;
        const DeffBound bound = deffBound(ctx, p, full ? p.fullContextTokens : p.taskContextTokens, full, dMin);
        const RequiredPath path = requiredPath(ctx, p, targetQuality);
        // The boxes available at the start all start then, so their bounds on the time fall as their
        // size bounds rise: the largest is searched first (usually it settles the search), and a size
        // bound no larger than one found hopeless is hopeless too.
        // Without details, a catalog box is skipped when a box of as many cards of a part that matches
        // or beats it on every spec is also available at the start (it can only tie).
        const std::size_t maxCards = 8;
        // [part * maxCards + gpus - 1] == stamp: that many cards of that part are available at the start.
        thread_local std::vector<std::uint32_t> cardsNow;
        thread_local std::uint32_t stamp = 0;
        if (!details) {
            if (cardsNow.size() != mData.parts.size() * maxCards || ++stamp == 0) {
                cardsNow.assign(mData.parts.size() * maxCards, 0);
                stamp = 1;
            }
            for (const Box &b : boxes)
                if (b.catalogPart && b.availableFrom <= startYear && b.gpus <= static_cast<int>(maxCards))
                    cardsNow[static_cast<std::size_t>(b.catalogPart - mData.parts.data()) * maxCards + b.gpus - 1] = stamp;
        }
        const auto dominatedNow = [&](const Box &b) {
            if (details || !b.catalogPart || b.gpus > static_cast<int>(maxCards))
                return false;
            for (std::uint32_t j : ctx.specDominators[static_cast<std::size_t>(b.catalogPart - mData.parts.data())])
                if (cardsNow[j * maxCards + b.gpus - 1] == stamp)
                    return true;
            return false;
        };
        struct Now {
            std::uint32_t i;
            double ub;
        };
        thread_local std::vector<Now> now;
        now.clear();
        std::size_t first = 0;
        double firstUb = 0;
        for (std::uint32_t i = 0; i < boxes.size(); ++i)
            if (boxes[i].availableFrom <= startYear && !dominatedNow(boxes[i])) {
                const double ub = bound(boxes[i].spec);
                if (!(ub > 0))
                    continue;
                if (ub > firstUb) {
                    firstUb = ub;
                    first = now.size();
                }
                now.push_back({i, ub});
            }
        const bool haveFirst = firstUb > 0 && now[first].i != tried && !hopeless(path.firstTimeBelow(firstUb, startYear)) &&
                               path.firstTimeBelow(firstUb, startYear) <= horizon;
        if (haveFirst)
            evaluate(now[first].i);
        thread_local std::vector<Candidate> queue;
        queue.clear();
        if (!hopeless(startYear)) {
            double hopelessUb = 0;
            for (std::size_t k = 0; k < now.size(); ++k) {
                if ((haveFirst && k == first) || now[k].i == tried || now[k].ub <= hopelessUb)
                    continue;
                const double lb = path.firstTimeBelow(now[k].ub, startYear);
                if (lb > horizon || hopeless(lb))
                    hopelessUb = std::max(hopelessUb, now[k].ub);
                else
                    queue.push_back({lb, now[k].ub, now[k].i, false});
            }
        }
        for (std::uint32_t i = 0; i < boxes.size(); ++i) {
            const double ts = boxes[i].availableFrom;
            if (i == tried || ts <= startYear || ts > horizon || hopeless(ts))
                continue;
            const double ub = bound(boxes[i].spec);
            if (!(ub > 0))
                continue;
            const double lb = path.firstTimeBelow(ub, ts);
            if (lb <= horizon && !hopeless(lb))
                queue.push_back({lb, ub, i, false});
        }
        std::make_heap(queue.begin(), queue.end(), later);
        // A box's cheap bound is refined by the roofline search at the smallest KV per token (a valid
        // bound: less KV leaves more memory and time for weights) before its exact search; a box whose
        // refined bound falls behind goes back in the queue.
        const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
        const double kvMinBytes = bound.kvGb * 1e9 / ctxTokens;
        const double tps = p.targetTokensPerS / p.speculativeGain;
        while (!queue.empty() && !hopeless(queue.front().lb)) {
            std::pop_heap(queue.begin(), queue.end(), later);
            Candidate c = queue.back();
            queue.pop_back();
            if (c.refined) {
                evaluate(c.i);
                continue;
            }
            c.ub = bestShape(ctx, p, boxes[c.i].spec, kvMinBytes, tps, ctxTokens, full, nullptr,
                             full ? requiredDeff(ctx, p, targetQuality, ctx.evidenceEnd) : 0.0).deffB;
            c.lb = c.ub > 0 ? path.firstTimeBelow(c.ub, std::max(startYear, boxes[c.i].availableFrom))
                            : std::numeric_limits<double>::infinity();
            c.refined = true;
            if (hopeless(c.lb))
                continue;
            queue.push_back(c);
            std::push_heap(queue.begin(), queue.end(), later);
        }
    }
    if (!details && bestBox) {
        hint.part = bestBox->catalogPart;
        hint.base = bestBox->projectedPart ? bestBox->projectedPart->base : nullptr;
        hint.generation = bestBox->projectedPart ? bestBox->projectedPart->generation : 0;
        hint.roadmap = bestBox->projectedPart && bestBox->projectedPart->explicitRoadmap;
        hint.gpus = bestBox->gpus;
    }
    if (!bestBox)
        return best;
    best.reached = true;
    best.year = bestT;
    best.lawYear = bestT;
    best.alreadyReached = false;
    if (!details)
        return best;
    feasible(ctx, p, *bestBox, targetQuality, std::max(bestT, bestBox->availableFrom), mode, &best);
    // What held it back: the constraint that binds on the best box available just before parity.
    const double before = bestT - kMonth;
    const Box *prev = nullptr;
    ParityResult prevDetail;
    double prevMargin = -1;
    for (const auto &box : boxes) {
        if (box.availableFrom > before)
            continue;
        ParityResult d;
        feasible(ctx, p, box, targetQuality, before, mode, &d);
        const double margin = d.achievedDeffB / std::max(d.requiredDeffB, 1e-9);
        if (!prev || margin > prevMargin) {
            prev = &box;
            prevDetail = d;
            prevMargin = margin;
        }
    }
    best.bottleneck = prev ? prevDetail.bottleneck : Binding::None;
    best.bottleneckText = prev ? bindingName(prevDetail.bottleneck) : std::string("no box within budget");
    if (contextBinds && bestT <= startYear + 1e-9) {
        // Boxes were ready; the open models' context limits were not.
        best.bottleneck = Binding::None;
        best.bottleneckText = "the context limit of open models (their release trend reaches " +
                              std::to_string(static_cast<long long>(mode == ParityMode::FullProduct ? p.fullContextTokens
                                                                                                     : p.taskContextTokens)) +
                              " tokens then)";
        return best;
    }
    if (bestBox->availableFrom >= before && prev != bestBox)
        best.bottleneckText += std::string(", relieved when ") + bestBox->label() +
                               (bestBox->projected ? " ships" : " falls within budget");
    return best;
}

std::vector<double> Engine::localQualityPath(const Context &ctx, const Params &p, const std::vector<Box> &boxes,
                                             const std::vector<double> &years) const
{
    // Best effective size at API speed on any box available by each year, as a quality index.
    const double tps = p.targetTokensPerS / p.speculativeGain;
    std::vector<double> best(years.size(), 0.0);
    // A box counts from the first year it is available, so the best size is a running maximum over
    // the years. Year by year, the newly available boxes are solved largest bound first, and only
    // while a bound beats the best so far. The KV per token is taken at the size found, at least
    // 0.5B, so the bounds' KV is the law's at 0.5B (or none if the law shrinks with size).
    const DeffBound bound = deffBound(ctx, p, p.taskContextTokens, false, 0.5);
    const double kvMin = bound.kvGb * 1e9 / p.taskContextTokens;
    struct Candidate {
        std::uint32_t year;
        double ub;
        std::uint32_t i;
    };
    thread_local std::vector<Candidate> cands;
    cands.clear();
    for (std::uint32_t i = 0; i < boxes.size(); ++i)
        if (boxes[i].availableFrom <= years.back()) {
            const double ub = bound(boxes[i].spec);
            if (ub > 0)
                cands.push_back({static_cast<std::uint32_t>(
                                     std::lower_bound(years.begin(), years.end(), boxes[i].availableFrom) - years.begin()),
                                 ub, i});
        }
    // Group by year (a counting sort); within a year the largest bound goes first.
    thread_local std::vector<std::uint32_t> start, order;
    start.assign(years.size() + 1, 0);
    for (const Candidate &c : cands)
        ++start[c.year + 1];
    for (std::size_t y = 0; y < years.size(); ++y)
        start[y + 1] += start[y];
    order.resize(cands.size());
    {
        thread_local std::vector<std::uint32_t> fill;
        fill.assign(start.begin(), start.end() - 1);
        for (std::uint32_t k = 0; k < cands.size(); ++k)
            order[fill[cands[k].year]++] = k;
    }
    const auto solveBox = [&](const Candidate &c, double &running) {
        if (c.ub <= running)
            return;
        const BoxSpec &spec = boxes[c.i].spec;
        // The roofline at the smallest KV per token is a tight bound (the KV law is nearly flat);
        // most boxes stop here. The rest are solved again with the KV per token of the size found.
        const double r = bestShape(ctx, p, spec, kvMin, tps, p.taskContextTokens, false, nullptr).deffB;
        if (r <= running)
            return;
        const double kv = ctx.kv.bytesPerToken(std::max(r, 0.5)) / p.kvCompression;
        running = std::max(running, bestShape(ctx, p, spec, kv, tps, p.taskContextTokens, false, nullptr).deffB);
    };
    double running = 0;
    for (std::uint32_t y = 0; y < years.size(); ++y) {
        std::uint32_t top = start[y];
        for (std::uint32_t k = start[y]; k < start[y + 1]; ++k)
            if (cands[order[k]].ub > cands[order[top]].ub)
                top = k;
        if (start[y] < start[y + 1]) {
            solveBox(cands[order[top]], running);
            for (std::uint32_t k = start[y]; k < start[y + 1]; ++k)
                if (k != top)
                    solveBox(cands[order[k]], running);
        }
        best[y] = running;
    }
    std::vector<double> q(years.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < years.size(); ++i)
        if (best[i] > 0)
            q[i] = lawQuality(ctx, p, best[i], years[i]);
    return q;
}

Engine::Solve Engine::solve(const Context &ctx, const Params &p, double targetQuality, double targetReleased,
                            double budget, bool wantFull, const std::vector<double> *pathYears) const
{
    const double horizon = mData.settings.horizonYear;
    // Storage reused from call to call on this thread (the Monte Carlo calls this thousands of times).
    thread_local std::vector<ProjectedPart> proj;
    thread_local std::vector<Box> boxes;
    Solve s;
    // Look a few years ahead first: a generation released after a parity year found cannot beat it
    // (a box exists no earlier than its part), so the later generations are needed only when parity
    // is not found by then. The fan needs every year.
    const double firstLook = pathYears ? horizon : std::min(horizon, ctx.asOf + 4.0);
    for (double cutoff : {firstLook, horizon}) {
        projectGenerations(ctx.lineBases, p, ctx.observedUntil, ctx.hindcast, kRoadmapFamily, cutoff, proj);
        buildBoxes(mData, p, proj, ctx.asOf, budget, horizon, BoxList::Unsorted, boxes);
        s.task = parity(ctx, p, boxes, targetQuality, targetReleased, ParityMode::TaskLevel, false);
        if (wantFull && s.task.reached) // the full product includes the task level
            s.full = parity(ctx, p, boxes, targetQuality, std::max(targetReleased, s.task.year), ParityMode::FullProduct,
                            false);
        const bool settled = s.task.reached && s.task.year <= cutoff &&
                             (!wantFull || (s.full.reached && s.full.year <= cutoff));
        if (settled || cutoff >= horizon)
            break;
    }
    if (pathYears && !pathYears->empty())
        s.localQuality = localQualityPath(ctx, p, boxes, *pathYears);
    return s;
}

CatalogRun Engine::bestCatalogRun(const Context &ctx, const Params &p, const std::vector<const Box *> &boxes, double tps,
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
    double bestKey = -1e300;
    for (const OpenModel *mp : order) {
        const OpenModel &m = *mp;
        // Quantization costs at most a few points: stop once no later model can beat the best found.
        if (best.found && !largestInstead && *m.quality < best.quality)
            break;
        if (best.found && largestInstead)
            break;
        const double d = deff(m.paramsActiveB, m.paramsTotalB, ctx.law.alpha);
        const double kv = m.kvBytesPerToken ? *m.kvBytesPerToken : ctx.kv.bytesPerToken(d);
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
                const Estimate e = estimate(box->spec, shape, p.taskContextTokens, eff);
                if (!e.fits || (!largestInstead && e.decodeTokensPerS < tps))
                    continue;
                const double loss = native ? 0.0 : lawSlope(ctx, p) * std::log2(retention(ctx, p, i));
                const double q = m.quality ? *m.quality + loss : 0.0;
                // Largest: most bits. Best: highest quality, then fastest.
                const double key = largestInstead ? bits : q * 1e4 + std::min(e.decodeTokensPerS, 9999.0);
                if (key > bestKey) {
                    bestKey = key;
                    best.found = true;
                    best.model = m.name;
                    best.quant = native ? m.nativeFormat : ctx.levels[i].name;
                    best.box = box->label();
                    best.quality = q;
                    best.decodeTokensPerS = e.decodeTokensPerS;
                    best.memoryGb = e.memoryGb;
                }
            }
        }
    }
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

Result Engine::compute(const Scenario &sc) const
{
    Result r;
    r.scenario = sc;
    const double asOf = sc.asOf.value_or(mDefaultAsOf);
    const auto ctxPtr = context(asOf, sc.yardstick);
    const Context &ctx = *ctxPtr;
    const std::vector<double> values = assumptionValues(mData, sc);
    const Params p = resolveParams(mData, values);
    const FrontierModel &tgt = target(sc, ctx);
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
    r.fittedBandwidthDoublingYears = ctx.bandwidthPerDollar.doublingYears();
    r.fittedMemoryDoublingYears = ctx.memoryPerDollar.doublingYears();
    r.fittedComputeDoublingYears = ctx.computePerDollar.doublingYears();
    r.fittedDensityDoublingYears = ctx.law.densityDoublingYears();

    const auto proj = projectGenerations(mData, p, ctx.observedUntil, ctx.hindcast, kRoadmapFamily, horizon);
    const auto boxes = buildBoxes(mData, p, proj, asOf, p.budgetUsd, horizon);
    r.task = parity(ctx, p, boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
    if (r.task.reached) // the full product includes the task level
        r.full = parity(ctx, p, boxes, tgt.quality, std::max(tgt.released, r.task.year), ParityMode::FullProduct);

    for (const auto &m : ctx.frontierModels) {
        if (!m.sonnetClass || !m.scored || m.released > asOf)
            continue;
        TargetParity tp;
        tp.target = m.name;
        tp.targetQuality = m.quality;
        tp.task = parity(ctx, p, boxes, m.quality, m.released, ParityMode::TaskLevel);
        if (tp.task.reached)
            tp.full = parity(ctx, p, boxes, m.quality, std::max(m.released, tp.task.year), ParityMode::FullProduct);
        r.perTarget.push_back(tp);
    }

    const double tps = p.targetTokensPerS / p.speculativeGain;
    // Each box's largest effective model shape at API speed and the task context (KV follows the
    // model size), computed once per box list; the best box at time t is then a lookup.
    struct Shaped {
        const std::vector<Box> *boxes;
        std::vector<ShapeLimit> shapes;
    };
    const auto shapeAll = [&](const std::vector<Box> &bx) {
        Shaped s{&bx, {}};
        s.shapes.reserve(bx.size());
        for (const auto &b : bx) {
            double kv = ctx.kv.bytesPerToken(30.0) / p.kvCompression;
            ShapeLimit sh;
            for (int it = 0; it < 3; ++it) {
                sh = bestShape(ctx, p, b.spec, kv, tps, p.taskContextTokens, false, nullptr);
                const double next = ctx.kv.bytesPerToken(std::max(sh.deffB, 0.5)) / p.kvCompression;
                if (std::fabs(next - kv) < 1e-3 * kv)
                    break;
                kv = next;
            }
            s.shapes.push_back(sh);
        }
        return s;
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
            row.boxCostUsd = b->purchase(t).totalUsd;
            row.localDeffB = s.deffB;
            const double req = requiredDeff(ctx, p, tgt.quality, t);
            // Quality of the best shape: the law, with the breakthrough counted as reaching the target.
            row.localQuality = lawQuality(ctx, p, std::max(s.deffB, 1e-3), t);
            if (breakthroughOn(p) && t >= p.distillBreakthroughYear && s.deffB >= req)
                row.localQuality = std::max(row.localQuality, row.targetQuality);
            // Speed of a Sonnet-class-size model on that box (the most favourable shape and level).
            const double kv = ctx.kv.bytesPerToken(req) / p.kvCompression;
            double bestTps = 0;
            for (std::size_t i = 0; i < ctx.levels.size(); ++i) {
                const double dl = req / retention(ctx, p, i);
                const double pa = dl / std::pow(p.maxSparsity, 1.0 - p.moeAlpha);
                ModelShape shape{pa * p.maxSparsity, pa, ctx.levels[i].bitsPerWeight, kv};
                const Estimate e = estimate(b->spec, shape, p.taskContextTokens, eff);
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
            row.verdict = "Full-product parity";
        else if (row.taskParity)
            row.verdict = "Task-level parity";
        else if (row.targetQuality - row.localQuality <= mData.settings.closeQualityGap * ctx.pointScale)
            row.verdict = "Close";
        else
            row.verdict = "Too early";
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
    std::vector<Box> budgetBoxes;
    for (double budget : mData.settings.budgetsUsd) {
        BudgetRow row;
        row.budgetUsd = budget;
        const auto bx = std::abs(budget - p.budgetUsd) < 1e-9 ? boxes : buildBoxes(mData, p, proj, asOf, budget, horizon);
        ShapeLimit s;
        if (const Box *b = bestBoxAt(shapeAll(bx), asOf, &s)) {
            row.box = b->label();
            row.boxCostUsd = b->purchase(asOf).totalUsd;
            row.shapeDeffB = s.deffB;
            row.binding = s.binding;
        }
        const auto today = boxesAt(bx, asOf, 0);
        row.atApiSpeed = bestCatalogRun(ctx, p, today, tps, false);
        row.largestFit = bestCatalogRun(ctx, p, today, 0, true);
        row.compromise = row.binding == Binding::Memory      ? "memory capacity caps the model size"
                         : row.binding == Binding::Bandwidth ? "bandwidth caps the active parameters at API speed"
                         : row.binding == Binding::KvCache   ? "the KV cache crowds out the weights"
                                                             : "nothing runs at API speed";
        row.task = parity(ctx, p, bx, tgt.quality, tgt.released, ParityMode::TaskLevel);
        if (row.task.reached)
            row.full = parity(ctx, p, bx, tgt.quality, std::max(tgt.released, row.task.year), ParityMode::FullProduct);
        r.budgets.push_back(row);
    }

    const auto today = boxesAt(boxes, asOf, 0);
    const auto addReverse = [&](const std::string &label, const std::vector<const Box *> &bx, double speed) {
        ReverseRow row;
        row.constraint = label;
        row.run = bestCatalogRun(ctx, p, bx, speed, false);
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
        if (t >= efficiencyStart) {
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
                off = bestShape(ctx, p, b->spec, ctx.kv.bytesPerToken(req) / p.kvCompression, tps, p.taskContextTokens, false,
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
        const CatalogRun run = bestCatalogRun(ctx, p, boxesAt(boxes, t, 0), tps, false, t);
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
                yp.task = parity(*yc, p, boxes, yt.quality, yt.released, ParityMode::TaskLevel);
                if (yp.task.reached)
                    yp.full = parity(*yc, p, boxes, yt.quality, std::max(yt.released, yp.task.year), ParityMode::FullProduct);
                for (const auto &m : yc->frontierModels) {
                    if (!m.sonnetClass || !m.scored || m.released > asOf)
                        continue;
                    TargetParity tp;
                    tp.target = m.name;
                    tp.targetQuality = m.quality;
                    tp.task = parity(*yc, p, boxes, m.quality, m.released, ParityMode::TaskLevel);
                    if (tp.task.reached)
                        tp.full = parity(*yc, p, boxes, m.quality, std::max(m.released, tp.task.year), ParityMode::FullProduct);
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
    restsOn(ctx, values, tgt.quality, tgt.released, r);
    return r;
}

void Engine::restsOn(const Context &ctx, const std::vector<double> &values, double targetQuality,
                     double targetReleased, Result &r) const
{
    // Each assumption with an "off" value, re-solved at it (the other values as they are).
    const double horizon = mData.settings.horizonYear;
    const auto yearOf = [&](const ParityResult &x) { return x.reached ? x.year : horizon + 1.0; };
    r.taskRestsOn = {};
    r.fullRestsOn = {};
    r.taskRestsOn.binding = r.task.reached ? r.task.bottleneckText : "not reached within the horizon";
    r.fullRestsOn.binding = r.full.reached ? r.full.bottleneckText : "not reached within the horizon";
    for (std::size_t i = 0; i < mData.assumptions.size(); ++i) {
        const AssumptionDef &a = mData.assumptions[i];
        if (!a.neutral || std::fabs(*a.neutral - values[i]) < 1e-12)
            continue;
        std::vector<double> v = values;
        v[i] = *a.neutral;
        const Params q = resolveParams(mData, v);
        const Solve s = solve(ctx, q, targetQuality, targetReleased, q.budgetUsd, true);
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
        ro->text = "binding: " + ro->binding;
        if (const RestsOnRow *t = ro->top()) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", t->value);
            const AssumptionDef *def = mData.assumption(t->name);
            ro->text += std::string("; ") + (t->movesYears > 0 ? "needs " : "held back by ") + t->label + " at " + buf +
                        (def ? " " + def->unit : std::string()) +
                        "; with " + t->neutralLabel + " " +
                        (t->reached ? formatMonth(t->year) : "not within the horizon");
        }
    }
}

} // namespace ff

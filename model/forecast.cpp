#include "forecast.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "timeutil.h"

namespace ff {

namespace {
constexpr double kMonth = 1.0 / 12.0;
const char *kRoadmapFamily = "nvidia-geforce-flagship";

double ceilToMonth(double t)
{
    const double m = floorToMonth(t);
    return m + 1e-9 < t ? m + kMonth : m;
}
} // namespace

std::vector<ProjectedPart> Engine::projectedParts(const Scenario &s) const
{
    const double asOf = s.asOf.value_or(mDefaultAsOf);
    const auto ctx = context(asOf);
    const Params p = resolveParams(mData, assumptionValues(mData, s));
    return projectGenerations(mData, p, asOf, ctx->hindcast, kRoadmapFamily, mData.settings.horizonYear);
}

Efficiency Engine::efficiency(const Params &p) const { return calibratedEfficiency(mCal, p); }

Engine::Engine(DataSet data) : mData(std::move(data))
{
    mCal = loadCalibration(mData.directory);
    // Prefill sees tensor-equivalent FLOPS: scale each quoted figure by its kind's achieved share.
    double reference = mCal.computeEfficiency;
    for (const auto &f : mCal.prefill)
        if (f.flopsKind == mCal.inputs.prefillReferenceFlopsKind)
            reference = f.efficiency;
    for (auto &part : mData.parts) {
        double scale = 1.0;
        for (const auto &f : mCal.prefill)
            if (f.flopsKind == part.tflopsKind && reference > 0)
                scale = f.efficiency / reference;
        part.prefillTflops = part.fp16Tflops.value_or(0) * scale;
    }
    mDefaultAsOf = mData.newestDate();
    context(mDefaultAsOf); // fail early if the data cannot be fitted
}

std::shared_ptr<const Context> Engine::context(double asOf) const
{
    std::lock_guard<std::mutex> lock(mMutex);
    for (const auto &c : mContexts)
        if (std::fabs(c->asOf - asOf) < 1e-9)
            return c;
    auto c = std::make_shared<Context>();
    static std::atomic<std::uint64_t> nextId{1};
    c->id = nextId++;
    c->asOf = asOf;
    c->hindcast = asOf < mDefaultAsOf - 1e-9;
    const double t0 = mData.settings.t0;
    const AssumptionDef *alphaDef = mData.assumption("moe_alpha");
    const double alpha = alphaDef ? alphaDef->value : 0.5;
    c->law = fitQualityLaw(mData.openModels, asOf, t0, alpha);
    c->kv = fitKvLaw(mData.openModels, asOf, alpha);
    // The law is not extrapolated below the smallest model it was fitted on.
    c->minFittedDeffB = std::numeric_limits<double>::infinity();
    for (const auto &m : mData.openModels)
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
        const double v = r / std::pow(b, 1.0 - p.moeAlpha);
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
    // Fitted pace up to as-of (the law reproduces today's models), the slider's pace after it.
    const QualityLaw &L = ctx.law;
    const double future = L.b / p.densityDoublingYears;
    // Models released after as-of land `quality_offset_points` from the fitted mean (the law's own
    // scatter, sampled by the Monte Carlo); the past is what was measured.
    const double offset = t > ctx.asOf ? p.qualityOffsetPoints : 0.0;
    return L.a + L.b * std::log2(deffB) + L.c * (std::min(t, ctx.asOf) - L.t0) + future * std::max(0.0, t - ctx.asOf) +
           offset;
}

double Engine::requiredDeff(const Context &ctx, const Params &p, double targetQuality, double t) const
{
    const QualityLaw &L = ctx.law;
    const double q = targetQuality + p.targetDriftPerYear * std::max(0.0, t - ctx.asOf);
    // Invert lawQuality for the size: log2 D = (q - Q(1B, t)) / b.
    double d = std::max(std::exp2((q - lawQuality(ctx, p, 1.0, t)) / L.b), ctx.minFittedDeffB);
    if (breakthroughOn(p) && t >= p.distillBreakthroughYear)
        d = std::min(d, p.distillBreakthroughDeffB);
    return d;
}

ShapeLimit Engine::bestShape(const Context &ctx, const Params &p, const BoxSpec &spec, double kvBytes, double tps,
                             double ctxTokens, bool full, std::size_t *levelOut) const
{
    const Efficiency eff = efficiency(p);
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
    const double req = requiredDeff(ctx, p, targetQuality, t);
    const double kv = ctx.kv.bytesPerToken(req) / p.kvCompression;
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    std::size_t level = 0;
    const ShapeLimit s = bestShape(ctx, p, box.spec, kv, tps, ctxTokens, full, &level);
    if (detail) {
        detail->box = box.label();
        detail->quant = ctx.levels[level].name;
        detail->paramsTotalB = s.paramsTotalB;
        detail->paramsActiveB = s.paramsActiveB;
        detail->requiredDeffB = req;
        detail->achievedDeffB = s.deffB;
        detail->bottleneck = s.binding;
    }
    return s.deffB >= req;
}

ParityResult Engine::observedParity(const Context &ctx, const Params &p, const std::vector<Box> &boxes,
                                    double targetQuality, double startYear, ParityMode mode, bool details) const
{
    // The past is observed, not modelled: a catalog model at least as good as the target (after its
    // quantization loss), released by then, running at speed on a box that existed and was affordable.
    ParityResult r;
    const Efficiency eff = efficiency(p);
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    std::vector<const OpenModel *> cands;
    for (const auto &m : mData.openModels)
        if (m.quality && *m.quality >= targetQuality && m.paramsTotalB > 0 && m.released <= ctx.asOf)
            cands.push_back(&m);
    if (cands.empty())
        return r;
    // Whether a (model, box, precision) runs is time-independent; it counts from when both exist.
    // Cheap bound first: no box today has the memory or the bandwidth for the model at its smallest
    // precision, so it cannot run at speed anywhere.
    double maxMem = 0, maxBw = 0, minBits = 64;
    for (const auto &b : boxes)
        if (b.availableFrom <= ctx.asOf) {
            maxMem = std::max(maxMem, b.spec.vramGb + b.spec.ramGb);
            maxBw = std::max(maxBw, b.spec.bandwidthGbps);
        }
    for (const auto &l : ctx.levels)
        minBits = std::min(minBits, l.bitsPerWeight);
    double bestT = std::numeric_limits<double>::infinity();
    for (const auto *m : cands) {
        const double bits = std::min(minBits, m->nativeBitsPerWeight.value_or(64.0));
        if (m->paramsTotalB * bits / 8 > maxMem || m->paramsActiveB * bits / 8 * tps > eff.bandwidth * maxBw)
            continue;
        const double kv = (m->kvBytesPerToken ? *m->kvBytesPerToken
                                              : ctx.kv.bytesPerToken(deff(m->paramsActiveB, m->paramsTotalB, ctx.law.alpha))) /
                          p.kvCompression;
        const double mStart = std::max(startYear, m->released);
        for (const auto &b : boxes) {
            const double t = std::max(mStart, b.availableFrom);
            if (t > ctx.asOf || t >= bestT)
                continue;
            // Per-box bound: even at the smallest precision with every active weight in fast memory.
            if (m->paramsTotalB * bits / 8 > b.spec.vramGb + b.spec.ramGb ||
                m->paramsActiveB * bits / 8 * tps > eff.bandwidth * b.spec.bandwidthGbps)
                continue;
            const std::size_t n = ctx.levels.size() + (m->nativeBitsPerWeight ? 1 : 0);
            for (std::size_t i = 0; i < n; ++i) {
                const bool native = i == ctx.levels.size();
                const double bits = native ? *m->nativeBitsPerWeight : ctx.levels[i].bitsPerWeight;
                const double q = *m->quality + (native ? 0.0 : ctx.law.b * std::log2(retention(ctx, p, i)));
                if (q < targetQuality)
                    continue;
                const Estimate e = estimate(b.spec, ModelShape{m->paramsTotalB, m->paramsActiveB, bits, kv}, ctxTokens, eff);
                if (!e.fits || e.decodeTokensPerS < tps)
                    continue;
                if (full && (e.prefillTokensPerS <= 0 || p.ttftPromptTokens / e.prefillTokensPerS > p.ttftMaxSeconds))
                    continue;
                bestT = t;
                r.reached = true;
                r.alreadyReached = true;
                r.year = ceilToMonth(t);
                if (!details)
                    break;
                r.box = b.label();
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

double Engine::firstTimeRequiredBelow(const Context &ctx, const Params &p, double targetQuality, double M, double ts) const
{
    // For t >= as-of, log2 of the law's required size is linear in t: A + k (t - ts).
    double best = std::numeric_limits<double>::infinity();
    if (M >= ctx.minFittedDeffB) {
        const double q = targetQuality + p.targetDriftPerYear * std::max(0.0, ts - ctx.asOf);
        const double A = (q - lawQuality(ctx, p, 1.0, ts)) / ctx.law.b;
        const double k = (p.targetDriftPerYear - ctx.law.b / p.densityDoublingYears) / ctx.law.b;
        const double lm = std::log2(M);
        if (A <= lm)
            best = ts;
        else if (k < 0)
            best = ts + (lm - A) / k;
    }
    if (breakthroughOn(p) && p.distillBreakthroughDeffB <= M)
        best = std::min(best, std::max(ts, p.distillBreakthroughYear));
    return best <= mData.settings.horizonYear ? best : std::numeric_limits<double>::infinity();
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
    for (int it = 0; it < 4; ++it) {
        const double M = bestShape(ctx, p, box.spec, kv, tps, ctxTokens, full, nullptr).deffB;
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
    // Check on the month grid; the KV iteration may leave it a little early.
    double m = ceilToMonth(t);
    for (int i = 0; i < 24 && m <= horizon; ++i, m += kMonth)
        if (feasible(ctx, p, box, targetQuality, m, mode, nullptr))
            return m;
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
    if (observed.reached)
        return observed;
    // The future is modelled: from the month after as-of on, the quality law and the roofline.
    startYear = std::max(startYear, ceilToMonth(ctx.asOf + 1e-6));
    ParityResult best;
    double bestT = std::numeric_limits<double>::infinity();
    const Box *bestBox = nullptr;
    // An optimistic bound on any box's size at speed: the smallest KV per token, no quantization
    // loss, the smallest precision, no sparsity cap. A box whose bound cannot beat the best time
    // found is skipped without the full search.
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    const double kvMin = ctx.kv.bytesPerToken(ctx.minFittedDeffB) / p.kvCompression;
    double minBits = 64;
    for (const auto &l : ctx.levels)
        minBits = std::min(minBits, l.bitsPerWeight);
    const double eta = p.bandwidthEfficiency;
    for (const auto &box : boxes) { // sorted by availability: later boxes cannot start earlier
        const double ts = std::max(startYear, box.availableFrom);
        if (ts >= bestT || ts > horizon)
            break;
        {
            const double kvGb = ctxTokens * kvMin / 1e9;
            const double T = 1.0 / tps - kvGb / (eta * box.spec.bandwidthGbps);
            const double fast = box.spec.vramGb - kvGb - p.runtimeOverheadGb;
            if (T <= 0 || fast <= 0)
                continue;
            const double ptMax = (fast + box.spec.ramGb) / (minBits / 8);
            double paMax = std::min(ptMax, T * eta * box.spec.bandwidthGbps / (minBits / 8));
            if (full)
                paMax = std::min(paMax, p.computeEfficiency * box.spec.tflops * 1e12 * p.ttftMaxSeconds /
                                            (2.0 * p.ttftPromptTokens * 1e9));
            if (!(paMax > 0))
                continue;
            const double ub = p.moeAlpha == 0.5 ? std::sqrt(paMax * ptMax)
                                                : std::pow(paMax, p.moeAlpha) * std::pow(ptMax, 1.0 - p.moeAlpha);
            if (!(firstTimeRequiredBelow(ctx, p, targetQuality, ub, ts) < bestT))
                continue;
        }
        const double t = boxParityTime(ctx, p, box, targetQuality, ts, mode);
        if (t < bestT) {
            bestT = t;
            bestBox = &box;
        }
    }
    if (!bestBox)
        return best;
    best.reached = true;
    best.year = bestT;
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
    for (const auto &b : boxes) {
        if (b.availableFrom > years.back())
            break;
        double kv = ctx.kv.bytesPerToken(30.0) / p.kvCompression;
        ShapeLimit s = bestShape(ctx, p, b.spec, kv, tps, p.taskContextTokens, false, nullptr);
        kv = ctx.kv.bytesPerToken(std::max(s.deffB, 0.5)) / p.kvCompression;
        s = bestShape(ctx, p, b.spec, kv, tps, p.taskContextTokens, false, nullptr);
        for (std::size_t i = 0; i < years.size(); ++i)
            if (b.availableFrom <= years[i])
                best[i] = std::max(best[i], s.deffB);
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
    const auto proj = projectGenerations(mData, p, ctx.asOf, ctx.hindcast, kRoadmapFamily, horizon);
    const auto boxes = buildBoxes(mData, p, proj, ctx.asOf, budget, horizon, pathYears != nullptr);
    Solve s;
    s.task = parity(ctx, p, boxes, targetQuality, targetReleased, ParityMode::TaskLevel, false);
    if (wantFull && s.task.reached) // the full product includes the task level
        s.full = parity(ctx, p, boxes, targetQuality, std::max(targetReleased, s.task.reached ? s.task.year : targetReleased),
                        ParityMode::FullProduct, false);
    if (pathYears && !pathYears->empty())
        s.localQuality = localQualityPath(ctx, p, boxes, *pathYears);
    return s;
}

CatalogRun Engine::bestCatalogRun(const Context &ctx, const Params &p, const std::vector<const Box *> &boxes, double tps,
                                  bool largestInstead) const
{
    const Efficiency eff = efficiency(p);
    // Models in order of preference (best quality, or most parameters); the first model that runs
    // anywhere wins, so most of the catalog is never evaluated.
    std::vector<const OpenModel *> order;
    for (const auto &m : mData.openModels)
        if (m.released <= ctx.asOf && m.paramsTotalB > 0 && (largestInstead || m.quality))
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
        for (const Box *box : boxes) {
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
                const double loss = native ? 0.0 : ctx.law.b * std::log2(retention(ctx, p, i));
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
    const auto ctxPtr = context(asOf);
    const Context &ctx = *ctxPtr;
    const Params p = resolveParams(mData, assumptionValues(mData, sc));
    const FrontierModel &tgt = target(sc);
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

    const auto proj = projectGenerations(mData, p, asOf, ctx.hindcast, kRoadmapFamily, horizon);
    const auto boxes = buildBoxes(mData, p, proj, asOf, p.budgetUsd, horizon);
    r.task = parity(ctx, p, boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
    if (r.task.reached) // the full product includes the task level
        r.full = parity(ctx, p, boxes, tgt.quality, std::max(tgt.released, r.task.year), ParityMode::FullProduct);

    for (const auto &m : mData.frontierModels) {
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
        row.targetQuality = tgt.quality + p.targetDriftPerYear * std::max(0.0, t - asOf);
        if (b) {
            row.box = b->label();
            row.boxCostUsd = b->costAt(t, p.streetPriceHalfLifeYears, p.hostCostUsd);
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
        row.taskParity = r.task.reached && r.task.year <= t;
        row.fullParity = r.full.reached && r.full.year <= t;
        if (const FrontierModel *f = firstFrontierAtLeast(mData.frontierModels, row.localQuality, asOf)) {
            row.frontierEquivalent = f->name;
            row.frontierEquivalentYear = f->released;
        } else {
            row.frontierEquivalent = "beyond every catalogued frontier model";
        }
        if (row.fullParity)
            row.verdict = "Full-product parity";
        else if (row.taskParity)
            row.verdict = "Task-level parity";
        else if (row.targetQuality - row.localQuality <= mData.settings.closeQualityGap)
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
            row.boxCostUsd = b->costAt(asOf, p.streetPriceHalfLifeYears, p.hostCostUsd);
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
            if (const FrontierModel *f = firstFrontierAtLeast(mData.frontierModels, row.run.quality, asOf)) {
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

    // Crossing: what a Sonnet-class model needs at the reference level and the sparsity cap, against
    // the most memory and the most bandwidth the budget buys.
    std::size_t ref = ctx.levels.size() - 1;
    for (std::size_t i = 0; i < ctx.levels.size(); ++i)
        if (ctx.levels[i].name == "Q4_K_M")
            ref = i;
    Series needMem{"Sonnet-class needs: memory", "GB", {}, {}, "need_memory"},
        needBw{"Sonnet-class needs: bandwidth", "GB/s", {}, {}, "need_bandwidth"},
        buyMem{"Budget buys: memory", "GB", {}, {}, "buy_memory", true},
        buyBw{"Budget buys: bandwidth", "GB/s", {}, {}, "buy_bandwidth", true};
    for (double t = std::max(efficiencyStart, tgt.released - 1.0); t <= horizon + 1e-9; t += 0.25) {
        const double req = requiredDeff(ctx, p, tgt.quality, t);
        const double dl = req / retention(ctx, p, ref);
        const double pa = dl / std::pow(p.maxSparsity, 1.0 - p.moeAlpha);
        const double bpp = ctx.levels[ref].bitsPerWeight / 8.0;
        const double kvGb = p.taskContextTokens * ctx.kv.bytesPerToken(req) / p.kvCompression / 1e9;
        needMem.x.push_back(t);
        needMem.y.push_back(pa * p.maxSparsity * bpp + kvGb + p.runtimeOverheadGb);
        needBw.x.push_back(t);
        needBw.y.push_back(tps * (pa * bpp + kvGb) / p.bandwidthEfficiency);
        double bm = 0, bb = 0;
        for (const auto &b : boxes)
            if (b.availableFrom <= t) {
                bm = std::max(bm, b.spec.vramGb);
                bb = std::max(bb, b.spec.bandwidthGbps);
            }
        if (bm > 0) {
            buyMem.x.push_back(t);
            buyMem.y.push_back(bm);
            buyBw.x.push_back(t);
            buyBw.y.push_back(bb);
        }
    }
    r.crossing = {needMem, needBw, buyMem, buyBw};

    // Timeline: frontier envelope vs the best local quality at API speed (projected by the law).
    Series frontier{"Frontier (hosted)", "quality index", {}, {}, "frontier", true},
        local{"Best local at API speed (projected)", "quality index", {}, {}, "local_projected"},
        target{"Target: " + tgt.name, "quality index", {}, {}, "target"};
    std::vector<const FrontierModel *> fm;
    for (const auto &m : mData.frontierModels)
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
        }
        env = m->quality;
        frontier.x.push_back(m->released);
        frontier.y.push_back(env);
    }
    if (!frontier.x.empty()) {
        frontier.x.push_back(asOf);
        frontier.y.push_back(env);
    }
    for (double t = std::max(2023.0, floorToMonth(asOf) - 2.0); t <= horizon + 1e-9; t += 0.5) {
        ShapeLimit s;
        if (bestBoxAt(mainShaped, t, &s) && s.deffB > 0) {
            double q = lawQuality(ctx, p, s.deffB, t);
            if (breakthroughOn(p) && t >= p.distillBreakthroughYear && s.deffB >= requiredDeff(ctx, p, tgt.quality, t))
                q = std::max(q, tgt.quality);
            local.x.push_back(t);
            local.y.push_back(q);
        }
        target.x.push_back(t);
        target.y.push_back(tgt.quality + p.targetDriftPerYear * std::max(0.0, t - asOf));
    }
    r.timeline = {frontier, local, target};
    return r;
}

} // namespace ff

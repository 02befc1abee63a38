#include "forecast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "timeutil.h"
#include "solverdetail.h"

namespace ff {

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


bool restsOnRoadmap(const ParityResult &with, const ParityResult &without)
{
    if (with.kind != without.kind || with.reached != without.reached)
        return true;
    return with.reached && std::fabs(with.year - without.year) > 1e-9;
}

SolverWorkspace::SolverWorkspace() : mImpl(std::make_unique<Impl>()) {}
SolverWorkspace::~SolverWorkspace() = default;

DeffBound Engine::deffBound(const Context &ctx, const Params &p, Work &w, double ctxTokens, bool full, double dMin) const
{
    DeffBound b;
    b.eff = efficiency(p);
    // KV per token follows a power law of the size: its smallest is at dMin when it grows with size,
    // and unbounded below (take none) when the fit has it shrink.
    const double kvBytes = ctx.kv.gamma >= 0 ? kvPerTokenMin(ctx, p, dMin) : 0.0;
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
    const LevelChoice &lc = w.levels(ctx, p);
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
    return projectGenerations(mData, p, ctx->observedUntil, ctx->roadmapKnown && !p.roadmapOff, kRoadmapFamily, mData.settings.horizonYear);
}

Efficiency Engine::efficiency(const Params &p) const { return calibratedEfficiency(mCal, mEffBase, p); }

Engine::Engine(DataSet data) : mData(std::move(data))
{
    // No file is read here: loadDataSet read calibration.json with the rest of the data.
    if (!mData.calibration)
        throw DataError(mData.directory + "/calibration.json", "",
                        "no calibration: the data directory has no calibration.json (the speed model needs it)");
    mCal = *mData.calibration;
    init();
}

Engine::Engine(DataSet data, Calibration cal) : mData(std::move(data)), mCal(std::move(cal))
{
    init();
}

void Engine::init()
{
    mEffBase = efficiencyBase(mCal);
    // Prefill: each part's fitted rate for its architecture family on its prefill figure
    // (calibration.json), in units the compute-share slider scales.
    for (auto &part : mData.parts)
        part.prefillTflops = prefillTflopsOf(mCal, part);
    mDefaultAsOf = latestAsOf(); // today's month (clock.h): the evidence end is stated beside the answer
    // What the catalogs know runs to their newest date: an as-of after it is not a hindcast, and
    // nothing is observed after it (so answers do not move with as-of past the data).
    double newest = mData.newestDate();
    for (const auto &series : mData.prices.parts)
        for (const auto &o : series.obs)
            newest = std::max(newest, o.t);
    for (const auto &o : mData.prices.ramUsdPerGb.obs)
        newest = std::max(newest, o.t);
    mNewest = std::min(newest, mDefaultAsOf);
    context(mDefaultAsOf); // fail early if the data cannot be fitted
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

const LevelChoice &SolverWorkspace::Impl::levels(const Context &ctx, const Params &p)
{
    LevelChoice &lc = levelChoice;
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
    SolverWorkspace ws;
    return ws.impl().levels(ctx, p).retention[level];
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

double Engine::kvPerToken(const Context &ctx, const Params &p, double deffB, double t) const
{
    const KvLaw &k = ctx.kv;
    const double law = k.bytesPerToken(deffB, t) * std::exp(p.kvLawDeltaA + p.kvLawDeltaC * (t - k.t0));
    return std::max(p.kvFloorBytesPerToken, law) / p.kvCompression;
}

double Engine::kvPerTokenMin(const Context &ctx, const Params &p, double dMin) const
{
    // ln kv is linear in t, so its least over the dates is at an end; it grows with size (gamma >= 0).
    const double t1 = std::min(ctx.kv.firstRelease, ctx.asOf), t2 = mData.settings.horizonYear;
    return std::min(kvPerToken(ctx, p, dMin, t1), kvPerToken(ctx, p, dMin, t2));
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

ShapeLimit Engine::bestShape(const Context &ctx, const Params &p, Work &w, const BoxSpec &spec, double kvBytes, double tps,
                             double ctxTokens, bool full, std::size_t *levelOut, double attnDeffB) const
{
    Efficiency eff = efficiency(p);
    if (full && attnDeffB > 0 && eff.attentionLawCoef > 0)
        eff.attentionWidth = eff.attentionLawCoef * std::pow(attnDeffB, eff.attentionLawExp);
    const LevelChoice &lc = w.levels(ctx, p);
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

bool Engine::feasible(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double t,
                      ParityMode mode, ParityResult *detail) const
{
    if (!detail)
        return feasibleTest(ctx, p, w, box, targetQuality, t, mode, nullptr);
    BoxTest d;
    const bool ok = feasibleTest(ctx, p, w, box, targetQuality, t, mode, &d);
    detail->box = box.label();
    detail->boxPrice = box.purchase(t);
    detail->priceAtParity = box.priceDetail(t);
    detail->pricedThen = t <= box.pricedUntil;
    detail->quant = ctx.levels[d.level].name;
    detail->paramsTotalB = d.paramsTotalB;
    detail->paramsActiveB = d.paramsActiveB;
    detail->requiredDeffB = d.requiredDeffB;
    detail->achievedDeffB = d.achievedDeffB;
    detail->bottleneck = d.bottleneck;
    return ok;
}

bool Engine::feasibleTest(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double t,
                          ParityMode mode, BoxTest *detail) const
{
    if (t < box.availableFrom)
        return false;
    // A projected model supports the context limit of the open-release trend at its date.
    const bool contextOk = t >= contextReadyYear(ctx.contextTrend, mData.settings.t0,
                                                 mode == ParityMode::FullProduct ? p.fullContextTokens : p.taskContextTokens);
    if (!contextOk && !detail)
        return false;
    const double req = requiredDeff(ctx, p, targetQuality, t);
    const double kv = kvPerToken(ctx, p, req, t);
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    std::size_t level = 0;
    // The full product's prompt is prefilled with the attention of a model of the size required at
    // the end of the evidence (calibration's width law; never as-of, so as-of moves nothing): fixed per scenario, so a box's largest size stays fixed and
    // the closed form in time exact. Slightly pessimistic later on, as required sizes shrink.
    const ShapeLimit s = bestShape(ctx, p, w, box.spec, kv, tps, ctxTokens, full, &level,
                                   full ? requiredDeff(ctx, p, targetQuality, ctx.evidenceEnd) : 0.0);
    if (detail) {
        detail->level = level;
        detail->paramsTotalB = s.paramsTotalB;
        detail->paramsActiveB = s.paramsActiveB;
        detail->requiredDeffB = req;
        detail->achievedDeffB = s.deffB;
        detail->bottleneck = contextOk ? s.binding : Binding::None;
    }
    return contextOk && s.deffB >= req;
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

double Engine::boxParityTime(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double ts,
                             ParityMode mode) const
{
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    const double horizon = mData.settings.horizonYear;
    // The box's specs are fixed, so it runs up to a fixed size M at speed; only the KV per token
    // depends on the required size. Iterate: KV at the required size -> M -> first time required <= M.
    double t = ts;
    double kv = kvPerToken(ctx, p, requiredDeff(ctx, p, targetQuality, t), t);
    bool converged = false;
    const double attnDeff = requiredDeff(ctx, p, targetQuality, ctx.evidenceEnd); // the prompt's attention width: see feasible()
    for (int it = 0; it < 4; ++it) {
        const double M = bestShape(ctx, p, w, box.spec, kv, tps, ctxTokens, full, nullptr, attnDeff).deffB;
        double tn = firstTimeRequiredBelow(ctx, p, targetQuality, M, ts);
        bool retry = false;
        if (!std::isfinite(tn)) {
            // With a KV law that falls with release date an iteration may test the KV of an early
            // guess and find no time, while later (less KV) the box reaches it: scan below.
            if ((it > 0 || t >= horizon) && ctx.kv.perYear == 0)
                return tn;
            if (it > 0 || t >= horizon)
                break;
            tn = horizon; // try once with the KV of the smallest required size
            retry = true;
        }
        t = tn;
        const double kvNext = kvPerToken(ctx, p, requiredDeff(ctx, p, targetQuality, t), t);
        // The retry's KV is exactly the one just tried (a KV law flat in size, as the shipped fit):
        // it would find the same size and no time either, as the next iteration returns. Without
        // this the box fell through to the yearly scan below, 15 or so tests of a box that never
        // reaches parity (most of the Monte Carlo's time once the calibration slowed decode).
        if (retry && kvNext == kv)
            return std::numeric_limits<double>::infinity();
        if (std::fabs(kvNext - kv) <= 1e-6 * kv) {
            converged = std::isfinite(tn) && tn < horizon;
            break;
        }
        kv = kvNext;
    }
    // With the KV settled the closed form is exact: the month it falls in (or the next) works.
    if (converged) {
        const double m = ceilToMonth(t);
        if (m <= horizon && (m == t || feasible(ctx, p, w, box, targetQuality, m, mode, nullptr)))
            return m;
    }
    // Check on the month grid; the KV iteration may leave it a little early, or (a KV law that grows
    // as models shrink, with a fast-falling requirement) a little late: walk back while it still holds.
    // With a KV law that falls with release date the iteration alternates between a late and an
    // early guess and may end far from the answer: the walk below would then return a month that is
    // not the first. Feasibility only grows with t then (less KV and a smaller required size), so
    // the yearly scan and bisection from ts below find the first month.
    if (ctx.kv.perYear == 0) {
        double m = ceilToMonth(std::max(t, ts));
        for (int i = 0; i < 24 && m <= horizon; ++i, m += kMonth)
            if (feasible(ctx, p, w, box, targetQuality, m, mode, nullptr)) {
                const double first = ceilToMonth(ts);
                for (int k = 0; k < 36 && m - kMonth >= first - 1e-9 && feasible(ctx, p, w, box, targetQuality, m - kMonth, mode, nullptr); ++k)
                    m -= kMonth;
                return m;
            }
    }
    // Rare (a KV law that grows as models shrink, or a bar that rises faster than the box's size
    // stays ahead of it): scan yearly, then bisect. The answer is a month the box passes the test
    // in: a window that opens between the grid's months may close before the next one (a box that
    // arrives mid-month as a rising bar overtakes it), so the months after the bisection's time are
    // checked up to the next year scanned, and the scan goes on when none passes.
    double lo = ts;
    // Yearly from ts, and the horizon itself last (the year steps from a mid-year ts end before it).
    for (double y = ts; y <= horizon + 1e-9; y = (y < horizon - 1e-9 && y + 1.0 > horizon) ? horizon : y + 1.0) {
        if (feasible(ctx, p, w, box, targetQuality, y, mode, nullptr)) {
            double hi = y;
            for (int i = 0; i < 7; ++i) {
                const double mid = 0.5 * (lo + hi);
                (feasible(ctx, p, w, box, targetQuality, mid, mode, nullptr) ? hi : lo) = mid;
            }
            for (double m = ceilToMonth(hi); m <= std::min(y + 1.0, horizon) + 1e-9; m += kMonth)
                if (feasible(ctx, p, w, box, targetQuality, m, mode, nullptr))
                    return m;
        }
        lo = y;
    }
    return std::numeric_limits<double>::infinity();
}

ParityResult Engine::parity(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes, double targetQuality,
                            double startYear, ParityMode mode, bool details) const
{
    ParityResult observed = observedParity(ctx, p, w, boxes, targetQuality, startYear, mode, details);
    observed.asOf = ctx.asOf;
    if (observed.reached && !details)
        return observed;
    if (!ctx.projectable) { // only what was observed stands
        observed.evidenceEnd = ctx.evidenceEnd;
        if (!observed.reached)
            observed.notProjectable = ctx.notProjectableWhy;
        return observed;
    }
    // The law's answer: the first month the fitted law and the roofline allow it, searched from the
    // start of the law's evidence (never from as-of). Up to as-of that is what the law says should
    // already exist (due, not observed); after it, a projection.
    startYear = std::max(startYear, ctx.lawStart);
    ParityResult law = lawParity(ctx, p, w, boxes, targetQuality, startYear, mode, details);
    law.evidenceEnd = ctx.evidenceEnd;
    law.asOf = ctx.asOf;
    if (observed.reached) {
        observed.lawYear = law.reached ? law.year : 0.0;
        observed.evidenceEnd = ctx.evidenceEnd;
        return observed;
    }
    // Past and future kept apart: a law month at or before as-of that nothing observed confirms is
    // due by the law, not a projection, whether it falls before or after the end of the evidence.
    if (law.reached)
        law.kind = law.year <= ctx.asOf + 1e-9 ? ParityKind::Implied : ParityKind::Projected;
    return law;
}

ParityResult Engine::lawParity(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes, double targetQuality,
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
    const auto later = [](const Candidate &a, const Candidate &b) {
        return a.lb > b.lb || (a.lb == b.lb && (a.ub < b.ub || (a.ub == b.ub && a.i > b.i)));
    };
    std::uint32_t bestIndex = 0;
    double bestCost = -1; // the best box's price at bestT (details: ties), once asked for
    const auto evaluate = [&](std::uint32_t i) {
        const Box &box = boxes[i];
        const double t = boxParityTime(ctx, p, w, box, targetQuality, std::max(startYear, box.availableFrom), mode);
        // Ties (the same month) go to the box a person would buy: the cheapest, then the newest
        // (preferredBox, with the best box's price kept rather than recomputed per tie).
        bool wins = t < bestT;
        double cost = -1;
        if (!wins && t == bestT && bestBox && std::isfinite(t)) {
            if (details) {
                if (bestCost < 0)
                    bestCost = bestBox->purchase(t, false).totalUsd;
                cost = box.purchase(t, false).totalUsd;
                wins = std::fabs(cost - bestCost) > 0.5 ? cost < bestCost : box.released > bestBox->released;
            } else {
                wins = i < bestIndex;
            }
        }
        if (wins) {
            bestT = t;
            bestBox = &box;
            bestIndex = i;
            bestCost = cost;
        }
    };
    // Parity times fall on the month grid, so without details (ties do not matter) a box can only
    // win if its bound is at least a month ahead; with details an equal time may still win a tie.
    const auto hopeless = [&](double lb) { return details ? lb > bestT + 1e-9 : lb > bestT - 0.5 * kMonth; };
    // Without details the box that won the last search with this workspace (the Monte Carlo's
    // previous sample, usually the same box) is tried first: its time prunes the rest, and parity in
    // the first month possible cannot be beaten, which settles the search at once. Only the speed
    // depends on it; the answer is the minimum over the boxes whichever is tried first.
    BoxKey &hint = w.lastWinner[full ? 1 : 0];
    bool settled = false;
    std::uint32_t tried = std::numeric_limits<std::uint32_t>::max(); // the hinted box, searched already
    if (!details && hint.gpus > 0) {
        for (std::uint32_t i = 0; i < boxes.size(); ++i)
            if (sameBox(hint, keyOf(boxes[i], mData))) {
                tried = i;
                evaluate(i);
                settled = bestBox && bestT <= ceilToMonth(startYear) + 1e-9;
                break;
            }
    }
    if (!settled) {
        const double dMin = breakthroughOn(p) ? std::min(ctx.minFittedDeffB, p.distillBreakthroughDeffB) : ctx.minFittedDeffB;
        const DeffBound bound = deffBound(ctx, p, w, full ? p.fullContextTokens : p.taskContextTokens, full, dMin);
        const RequiredPath path = requiredPath(ctx, p, targetQuality);
        // The boxes available at the start all start then, so their bounds on the time fall as their
        // size bounds rise: the largest is searched first (usually it settles the search), and a size
        // bound no larger than one found hopeless is hopeless too.
        // Without details, a catalog box is skipped when a box of as many cards of a part that matches
        // or beats it on every spec is also available at the start (it can only tie).
        const std::size_t maxCards = 8;
        // [part * maxCards + gpus - 1] == stamp: that many cards of that part are available at the start.
        std::vector<std::uint32_t> &cardsNow = w.cardsNow;
        std::uint32_t &stamp = w.stamp;
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
        std::vector<BoundNow> &now = w.now;
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
        std::vector<Candidate> &queue = w.queue;
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
            c.ub = bestShape(ctx, p, w, boxes[c.i].spec, kvMinBytes, tps, ctxTokens, full, nullptr,
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
    if (!details && bestBox)
        hint = keyOf(*bestBox, mData);
    if (!bestBox)
        return best;
    best.reached = true;
    best.year = bestT;
    best.lawYear = bestT;
    best.alreadyReached = false;
    if (!details)
        return best;
    feasible(ctx, p, w, *bestBox, targetQuality, std::max(bestT, bestBox->availableFrom), mode, &best);
    // What held it back: the constraint that binds on the best box available just before parity.
    const double before = bestT - kMonth;
    const Box *prev = nullptr;
    BoxTest prevDetail;
    double prevMargin = -1;
    {
        // The first box (in list order) with the largest margin. The required size is the same for
        // every box then, so the margin orders as the achieved size, which the cheap bound caps: the
        // box with the largest bound is solved first, and a box whose bound is below the best size
        // found cannot be the one (nor tie it), so it is skipped unsolved.
        const double dMin = breakthroughOn(p) ? std::min(ctx.minFittedDeffB, p.distillBreakthroughDeffB) : ctx.minFittedDeffB;
        const DeffBound bound = deffBound(ctx, p, w, full ? p.fullContextTokens : p.taskContextTokens, full, dMin);
        std::size_t top = boxes.size();
        double topUb = -1;
        for (std::size_t i = 0; i < boxes.size(); ++i)
            if (boxes[i].availableFrom <= before) {
                const double ub = bound(boxes[i].spec);
                if (ub > topUb) {
                    topUb = ub;
                    top = i;
                }
            }
        BoxTest topDetail;
        double floor = -1;
        if (top < boxes.size()) {
            feasibleTest(ctx, p, w, boxes[top], targetQuality, before, mode, &topDetail);
            floor = topDetail.achievedDeffB;
        }
        for (std::size_t i = 0; i < boxes.size(); ++i) {
            const Box &box = boxes[i];
            if (box.availableFrom > before)
                continue;
            BoxTest d;
            if (i == top)
                d = topDetail;
            else if (bound(box.spec) < floor)
                continue;
            else
                feasibleTest(ctx, p, w, box, targetQuality, before, mode, &d);
            const double margin = d.achievedDeffB / std::max(d.requiredDeffB, 1e-9);
            if (!prev || margin > prevMargin) {
                prev = &box;
                prevDetail = d;
                prevMargin = margin;
            }
        }
    }
    best.bottleneck = prev ? prevDetail.bottleneck : Binding::None;
    best.heldBack.by = prev ? HeldBack::Binding : HeldBack::NoBox;
    best.heldBack.binding = best.bottleneck;
    if (contextBinds && bestT <= startYear + 1e-9) {
        // Boxes were ready; the open models' context limits were not.
        best.bottleneck = Binding::None;
        best.heldBack = Bottleneck{};
        best.heldBack.by = HeldBack::ContextLimit;
        best.heldBack.contextTokens = mode == ParityMode::FullProduct ? p.fullContextTokens : p.taskContextTokens;
        return best;
    }
    if (bestBox->availableFrom >= before && prev != bestBox) {
        best.heldBack.reliefBox = bestBox->label();
        best.heldBack.reliefShips = bestBox->projected;
    }
    return best;
}

double Engine::firstLawMonth(const Context &ctx, const Params &p, SolverWorkspace &ws, const std::vector<Box> &boxes,
                             double targetQuality, double startYear, ParityMode mode) const
{
    const ParityResult r = lawParity(ctx, p, ws.impl(), boxes, targetQuality, std::max(startYear, ctx.lawStart), mode, false);
    return r.reached ? r.year : std::numeric_limits<double>::infinity();
}

bool Engine::runsAt(const Context &ctx, const Params &p, const Box &box, double targetQuality, double t, ParityMode mode) const
{
    SolverWorkspace ws;
    return feasibleTest(ctx, p, ws.impl(), box, targetQuality, t, mode, nullptr);
}

bool Engine::runsAt(const Context &ctx, const Params &p, const Box &box, double targetQuality, double t, ParityMode mode,
                    ParityResult *detail) const
{
    SolverWorkspace ws;
    return feasible(ctx, p, ws.impl(), box, targetQuality, t, mode, detail);
}

std::vector<double> Engine::localQualityPath(const Context &ctx, const Params &p, const std::vector<Box> &boxes,
                                             const std::vector<double> &years) const
{
    SolverWorkspace ws;
    return localQualityPath(ctx, p, ws.impl(), boxes, years);
}

std::vector<double> Engine::localQualityPath(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes,
                                             const std::vector<double> &years) const
{
    // Best effective size at API speed on any box available by each year, as a quality index.
    const double tps = p.targetTokensPerS / p.speculativeGain;
    std::vector<double> best(years.size(), 0.0);
    // A box counts from the first year it is available, so the best size is a running maximum over
    // the years. Year by year, the newly available boxes are solved largest bound first, and only
    // while a bound beats the best so far. The KV per token is taken at the size found, at least
    // 0.5B, so the bounds' KV is the law's at 0.5B (or none if the law shrinks with size).
    const DeffBound bound = deffBound(ctx, p, w, p.taskContextTokens, false, 0.5);
    const double kvMin = bound.kvGb * 1e9 / p.taskContextTokens;
    using Candidate = PathCandidate;
    std::vector<Candidate> &cands = w.pathCandidates;
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
    std::vector<std::uint32_t> &start = w.start, &order = w.order;
    start.assign(years.size() + 1, 0);
    for (const Candidate &c : cands)
        ++start[c.year + 1];
    for (std::size_t y = 0; y < years.size(); ++y)
        start[y + 1] += start[y];
    order.resize(cands.size());
    {
        std::vector<std::uint32_t> &fill = w.fill;
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
        const double r = bestShape(ctx, p, w, spec, kvMin, tps, p.taskContextTokens, false, nullptr).deffB;
        if (r <= running)
            return;
        const double kv = kvPerToken(ctx, p, std::max(r, 0.5), years[c.year]);
        running = std::max(running, bestShape(ctx, p, w, spec, kv, tps, p.taskContextTokens, false, nullptr).deffB);
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
    SolverWorkspace ws;
    return solve(ws, ctx, p, targetQuality, targetReleased, budget, wantFull, pathYears);
}

Engine::Solve Engine::solve(SolverWorkspace &ws, const Context &ctx, const Params &p, double targetQuality,
                            double targetReleased, double budget, bool wantFull, const std::vector<double> *pathYears) const
{
    const double horizon = mData.settings.horizonYear;
    // Storage reused from call to call with the caller's workspace (the Monte Carlo calls this
    // thousands of times).
    Work &w = ws.impl();
    std::vector<ProjectedPart> &proj = w.projected;
    std::vector<Box> &boxes = w.boxes;
    Solve s;
    // Look a few years ahead first: a generation released after a parity year found cannot beat it
    // (a box exists no earlier than its part), so the later generations are needed only when parity
    // is not found by then. The fan needs every year.
    const double firstLook = pathYears ? horizon : std::min(horizon, ctx.asOf + 4.0);
    for (double cutoff : {firstLook, horizon}) {
        projectGenerations(ctx.lineBases, p, ctx.observedUntil, ctx.roadmapKnown && !p.roadmapOff, kRoadmapFamily, cutoff, proj);
        buildBoxes(mData, p, proj, ctx.asOf, budget, horizon, BoxList::Unsorted, boxes);
        s.task = parity(ctx, p, w, boxes, targetQuality, targetReleased, ParityMode::TaskLevel, false);
        if (wantFull && s.task.reached) // the full product includes the task level
            s.full = parity(ctx, p, w, boxes, targetQuality, std::max(targetReleased, s.task.year), ParityMode::FullProduct,
                            false);
        const bool settled = s.task.reached && s.task.year <= cutoff &&
                             (!wantFull || (s.full.reached && s.full.year <= cutoff));
        if (settled || cutoff >= horizon)
            break;
    }
    if (pathYears && !pathYears->empty())
        s.localQuality = localQualityPath(ctx, p, w, boxes, *pathYears);
    return s;
}

} // namespace ff

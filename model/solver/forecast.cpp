#include "solver/forecast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/timeutil.h"
#include "solver/solverdetail.h"

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
    // On the entry's box (or a generation projected from it) the answer rests on the entry even when
    // another line gives the same month without it: moving the entry moves the answer (issue 26: a box
    // answers only while affordable, so a launch year sets the month a 2x box comes within budget).
    if (with.reached && with.onRoadmap)
        return true;
    if (with.kind != without.kind || with.reached != without.reached)
        return true;
    return with.reached && std::fabs(with.year - without.year) > 1e-9;
}

SolverWorkspace::SolverWorkspace() : mImpl(std::make_unique<Impl>()) {}
SolverWorkspace::~SolverWorkspace() = default;

DeffBound Engine::deffBound(const Context &ctx, const Params &p, Work &w, double ctxTokens, bool full, double dMin) const
{
    DeffBound b;
    b.eff = w.efficiency(*this, ctx, p);
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
    // Decode: each part of a family fitted on its own (one run) that family's fixed time per token.
    for (auto &part : mData.parts) {
        part.prefillTflops = prefillTflopsOf(mCal, part);
        part.decodeFixedSeconds = mCal.decodeFamilyFixedSeconds(part.archFamily);
    }
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
                                            yardstickLabel(ctx.yardstick) + " yardstick in models.json" +
                                            unscoredTargetWhy(mData, ctx.yardstick, ctx.asOf));
            return m;
        }
    throw std::invalid_argument("unknown target model \"" + name + "\"");
}

const Efficiency &SolverWorkspace::Impl::efficiency(const Engine &e, const Context &ctx, const Params &p)
{
    EfficiencyChoice &c = efficiencyChoice;
    const EfficiencyInputs in = efficiencyInputs(p);
    if (c.engine == &e && c.ctxId == ctx.id && c.inputs == in)
        return c.eff;
    c.engine = &e;
    c.ctxId = ctx.id;
    c.inputs = in;
    c.eff = e.efficiency(p);
    c.widened = c.eff;
    return c.eff;
}

const std::vector<Box> &SolverWorkspace::Impl::boxList(const DataSet &d, const Context &ctx, const MarketInputs &in)
{
    BoxListChoice &c = boxListChoice;
    ProjectionInputs sameCutoff = in.projection;
    sameCutoff.horizon = c.key.projection.horizon;
    if (c.ctxId == ctx.id && c.key.catalog == in.catalog && c.key.projection == sameCutoff &&
        in.projection.horizon <= c.key.projection.horizon) {
        if (in.projection.horizon == c.key.projection.horizon)
            return c.all;
        if (c.shorterCutoff != in.projection.horizon) {
            // The generations projectGenerations would have stopped at this cutoff; the explicit
            // roadmap entry is projected whatever the cutoff.
            c.shorter.clear();
            for (const Box &b : c.all)
                if (!b.projectedPart || b.projectedPart->explicitRoadmap || b.projectedPart->released <= in.projection.horizon)
                    c.shorter.push_back(b);
            c.shorterCutoff = in.projection.horizon;
        }
        return c.shorter;
    }
    c.ctxId = ctx.id;
    c.key = in;
    c.shorterCutoff = -1;
    projectGenerations(ctx.lineBases, in.projection, c.projected);
    if (ctx.pricedUntil.size() == d.parts.size())
        buildBoxes(d, in.catalog, ctx.pricedUntil, c.projected, BoxList::MonthOnly, c.all);
    else // a Context not made by context() (none is, today)
        buildBoxes(d, in.catalog, pricedUntil(d, in.catalog.asOf), c.projected, BoxList::MonthOnly, c.all);
    return c.all;
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
    const Efficiency *effp = &w.efficiency(*this, ctx, p);
    if (full && attnDeffB > 0 && effp->attentionLawCoef > 0) {
        Efficiency &widened = w.efficiencyChoice.widened; // a copy of eff; only its attention width is set
        widened.attentionWidth = widened.attentionLawCoef * std::pow(attnDeffB, widened.attentionLawExp);
        effp = &widened;
    }
    const Efficiency &eff = *effp;
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
    detail->onRoadmap = box.projectedPart && box.projectedPart->onRoadmap;
    // Bought in the month it answers in, at that month's price (within the budget: a box is an answer only
    // in its affordability windows); a cheaper earlier month is said beside it.
    detail->boxPrice = box.priceDetail(t);
    detail->priceAtParity = detail->boxPrice;
    detail->earlierPurchase.reset();
    if (const BoxPrice c = box.cheapestUpTo(t); c.t < t - 1e-9)
        detail->earlierPurchase = c;
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
                          ParityMode mode, BoxTest *detail, bool priced) const
{
    // A box is an answer only in a month it can be bought within the budget (its affordability windows).
    if (priced ? !box.affordableAt(t) : t < box.availableFrom)
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
    const std::vector<Box> *boxesp = nullptr;
    Solve s;
    // Look a few years ahead first: a generation released after a parity year found cannot beat it
    // (a box exists no earlier than its part), so the later generations are needed only when parity
    // is not found by then. The fan needs every year.
    const double firstLook = pathYears ? horizon : std::min(horizon, ctx.asOf + 4.0);
    for (double cutoff : {firstLook, horizon}) {
        MarketInputs in = marketInputs(p, ctx.asOf, ctx.observedUntil, ctx.roadmapKnown && !p.roadmapOff, kRoadmapFamily,
                                       budget, horizon);
        in.projection.horizon = cutoff; // the generations up to the cutoff, priced up to the horizon
        const std::vector<Box> &boxes = *(boxesp = &w.boxList(mData, ctx, in));
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
        s.localQuality = localQualityPath(ctx, p, w, *boxesp, *pathYears);
    return s;
}

} // namespace ff

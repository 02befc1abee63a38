// The law's answer (model/README.md section 5): the first month the fitted quality law and the
// roofline allow a box within budget to run a model of the size the law requires then. The required
// size's path in time (requiredPath), one box's first month (boxParityTime), and the search over the
// boxes (lawParity): best first by a cheap bound on each box's first month (the bound-ordered queue),
// each box's bound refined by the roofline before its exact search (the per-box refinement), then,
// for the answer's details, what held it back.
#include "solver/forecast.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "solver/solverdetail.h"
#include "core/timeutil.h"

namespace ff {

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

double Engine::boxParityTime(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double ts,
                             ParityMode mode) const
{
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    const double horizon = mData.settings.horizonYear;
    const RequiredPath path = requiredPath(ctx, p, targetQuality);
    const double attnDeff = requiredDeff(ctx, p, targetQuality, ctx.evidenceEnd); // the prompt's attention width: see feasible()
    // Feasibility only grows with time when the required size never rises and the KV per token never
    // grows (a cache that grows with size and does not grow with release date): the first time is then
    // a threshold. With a KV law flat in time the KV follows the required size alone, so the box passes
    // while the required size is below a fixed size: one window of the required size's path, which the
    // closed form finds. Otherwise (a bar that rises faster than models shrink, a KV law that grows
    // with date or shrinks with size) the months may pass and fail in any pattern: scan them, in the
    // windows where the box's largest size at speed could reach the required one.
    const bool kvFlat = ctx.kv.perYear + p.kvLawDeltaC == 0;
    const bool monotone = path.kBefore <= 0 && path.kAfter <= 0 && ctx.kv.gamma >= 0 && ctx.kv.perYear + p.kvLawDeltaC <= 0;
    if (!monotone && !kvFlat)
        return windowScan(ctx, p, w, box, targetQuality, ts, mode, path, attnDeff);
    // The box's specs are fixed, so it runs up to a fixed size M at speed; only the KV per token
    // depends on the required size. Iterate: KV at the required size -> M -> first time required <= M.
    double t = ts;
    double kv = kvPerToken(ctx, p, requiredDeff(ctx, p, targetQuality, t), t);
    bool converged = false;
    for (int it = 0; it < 4; ++it) {
        const double M = bestShape(ctx, p, w, box.spec, kv, tps, ctxTokens, full, nullptr, attnDeff).deffB;
        double tn = path.firstTimeBelow(M, ts);
        bool retry = false;
        if (!std::isfinite(tn)) {
            // With a KV law that falls with release date an iteration may test the KV of an early
            // guess and find no time, while later (less KV) the box reaches it: scan below.
            if ((it > 0 || t >= horizon) && kvFlat)
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
        if (m <= horizon && (m == t || feasibleTest(ctx, p, w, box, targetQuality, m, mode, nullptr, false)))
            return m;
    }
    // Check on the month grid; the KV iteration may leave it a little early, or (a KV law that grows
    // as models shrink, with a fast-falling requirement) a little late: walk back while it still holds.
    // With a KV law that falls with release date the iteration alternates between a late and an
    // early guess and may end far from the answer: the walk below would then return a month that is
    // not the first. Feasibility only grows with t then (less KV and a smaller required size), so
    // the yearly scan and bisection from ts below find the first month.
    if (kvFlat) {
        double m = ceilToMonth(std::max(t, ts));
        for (int i = 0; i < 24 && m <= horizon; ++i, m += kMonth)
            if (feasibleTest(ctx, p, w, box, targetQuality, m, mode, nullptr, false)) {
                const double first = ceilToMonth(ts);
                for (int k = 0; k < 36 && m - kMonth >= first - 1e-9 && feasibleTest(ctx, p, w, box, targetQuality, m - kMonth, mode, nullptr, false); ++k)
                    m -= kMonth;
                return m;
            }
    }
    if (!monotone) // a KV law flat in time under a bar that rises: the window may be shorter than a year
        return windowScan(ctx, p, w, box, targetQuality, ts, mode, path, attnDeff);
    // Feasibility grows with time: scan yearly, then bisect to within a few days. Every time up to
    // the bisection's lower end fails, so the first month at or after it that passes is the answer
    // (starting from the upper end instead missed a month that falls between the two).
    double lo = ts;
    // Yearly from ts, and the horizon itself last (the year steps from a mid-year ts end before it).
    for (double y = ts; y <= horizon + 1e-9; y = (y < horizon - 1e-9 && y + 1.0 > horizon) ? horizon : y + 1.0) {
        if (feasibleTest(ctx, p, w, box, targetQuality, y, mode, nullptr, false)) {
            double hi = y;
            for (int i = 0; i < 7; ++i) {
                const double mid = 0.5 * (lo + hi);
                (feasibleTest(ctx, p, w, box, targetQuality, mid, mode, nullptr, false) ? hi : lo) = mid;
            }
            for (double m = ceilToMonth(lo); m <= std::min(y + 1.0, horizon) + 1e-9; m += kMonth)
                if (feasibleTest(ctx, p, w, box, targetQuality, m, mode, nullptr, false))
                    return m;
        }
        lo = y;
    }
    return std::numeric_limits<double>::infinity();
}
// The first month from ts in which the box passes, for any pattern of passing and failing months:
// each month is tested where the required size is at most the box's largest size at speed with the
// least KV per token any model gets (a bound over every date), and the months where it is above are
// skipped to the next time the required size's path falls to that bound (none: the box never passes).
double Engine::windowScan(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double ts,
                          ParityMode mode, const RequiredPath &path, double attnDeff) const
{
    const bool full = mode == ParityMode::FullProduct;
    const double ctxTokens = full ? p.fullContextTokens : p.taskContextTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    const double dMin = breakthroughOn(p) ? std::min(ctx.minFittedDeffB, p.distillBreakthroughDeffB) : ctx.minFittedDeffB;
    const double kvMin = ctx.kv.gamma >= 0 ? kvPerTokenMin(ctx, p, dMin) : 0.0;
    const double mMax = bestShape(ctx, p, w, box.spec, kvMin, tps, ctxTokens, full, nullptr, attnDeff).deffB;
    const double horizon = mData.settings.horizonYear;
    for (double m = ceilToMonth(ts); m <= horizon + 1e-9;) {
        const double reach = path.firstTimeBelow(mMax, m);
        if (!std::isfinite(reach))
            return reach;
        if (reach > m) {
            m = ceilToMonth(reach);
            continue;
        }
        if (feasibleTest(ctx, p, w, box, targetQuality, m, mode, nullptr, false))
            return m;
        m = floorToMonth(m + 1.5 * kMonth); // the next month, as the grid writes it (no sum of twelfths)
    }
    return std::numeric_limits<double>::infinity();
}

namespace {

// The queue's order (a max-heap on "later"): each box's earliest possible parity under the bound,
// smallest first. Ties go to the box listed first (the earliest available in a pruned list), as a scan
// in list order would choose. Among equal bounds on the time (often the start itself) the largest
// size bound goes first.
bool later(const Candidate &a, const Candidate &b)
{
    return a.lb > b.lb || (a.lb == b.lb && (a.ub < b.ub || (a.ub == b.ub && a.i > b.i)));
}

// Boxes of up to this many cards are indexed by (part, cards, RAM tier) for the dominance test.
constexpr std::size_t kMaxCards = 8;
inline std::size_t cell(std::size_t part, const Box &b)
{
    return (part * kMaxCards + static_cast<std::size_t>(b.gpus - 1)) * kMaxRamTiers + static_cast<std::size_t>(b.ramTier);
}

} // namespace

// The law search's state: what it was asked, and the best box found so far (the earliest month; ties
// to the box a person would buy). Its steps are in the order lawParity takes them.
struct Engine::LawSearch {
    LawSearch(const Engine &e, const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes,
              double targetQuality, double startYear, ParityMode mode, bool details)
        : e(e), ctx(ctx), p(p), w(w), boxes(boxes), targetQuality(targetQuality), startYear(startYear), mode(mode),
          full(mode == ParityMode::FullProduct), details(details), horizon(e.mData.settings.horizonYear)
    {
    }
    const Engine &e;
    const Context &ctx;
    const Params &p;
    Work &w;
    const std::vector<Box> &boxes;
    const double targetQuality, startYear;
    const ParityMode mode;
    const bool full, details;
    const double horizon;
    double bestT = std::numeric_limits<double>::infinity();
    const Box *bestBox = nullptr;
    std::uint32_t bestIndex = 0;
    double bestCost = -1; // the best box's price at bestT (details: ties), once asked for
    std::uint32_t tried = std::numeric_limits<std::uint32_t>::max(); // the hinted box, searched already

    // Parity times fall on the month grid, so without details (ties do not matter) a box can only win
    // if its bound is at least a month ahead; with details an equal time may still win a tie. A bound
    // lb is hopeless when lb > cut(). The cut moves only when evaluate() finds a better box, so the
    // hot loops below keep it (and the search's other fields) in locals rather than read them
    // through `this` after every call that the compiler cannot see through.
    double cut() const { return details ? bestT + 1e-9 : bestT - 0.5 * kMonth; }
    bool hopeless(double lb) const { return lb > cut(); }

    double affordableParityTime(const Box &box) const;
    void evaluate(std::uint32_t i);
    bool tryHint(const BoxKey &hint);
    DeffBound sizeBound() const;
    void searchByBound();
    void markCardsAtStart();
    std::size_t boundsAtStart(const DeffBound &bound);
    void fillQueue(const DeffBound &bound, const RequiredPath &path, std::size_t searched);
    void refineQueue(const DeffBound &bound, const RequiredPath &path);
    void explain(ParityResult &best, bool contextBinds) const;
    const Box *bestBoxBefore(double before, BoxTest &detail) const;
};

// The box's exact first month; it becomes the best when earlier, or in the same month when a person
// would buy it rather than the best so far (the cheapest, then the newest: preferredBox, with the best
// box's price kept rather than recomputed per tie).
// A box's first month that it runs the target in and can be bought within the budget in, window by
// window: the first month from the window's start that it runs it in (boxParityTime, whatever the
// price); if that month falls outside every window, no month before it answers, and the search goes on
// from the window after it. Running it need not last (a moving bar), so each window asks afresh. A
// window that starts after the best month so far is not asked (the box cannot win there).
double Engine::LawSearch::affordableParityTime(const Box &box) const
{
    double s = std::max(startYear, box.availableFrom);
    for (int k = 0; k < box.nWindows; ++k) {
        const AffordableWindow &win = box.windows[static_cast<std::size_t>(k)];
        if (win.to < s - 1e-9)
            continue;
        const double a = ceilToMonth(std::max(s, win.from));
        if (a > win.to + 1e-9)
            continue; // no month in this window
        if (a > horizon + 1e-9 || hopeless(a))
            break;
        const double t = e.boxParityTime(ctx, p, w, box, targetQuality, a, mode);
        if (!std::isfinite(t))
            return t;
        if (box.affordableAt(t))
            return floorToMonth(t + 1e-7); // one representation per month (the scans add kMonth up)
        s = t;
    }
    return std::numeric_limits<double>::infinity();
}

void Engine::LawSearch::evaluate(std::uint32_t i)
{
    const Box &box = boxes[i];
    const double t = affordableParityTime(box);
    const double best = bestT;
    bool wins = t < best;
    double cost = -1;
    if (!wins && t == best && bestBox && std::isfinite(t)) {
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
}

// Without details the box that won the last search with this workspace (the Monte Carlo's previous
// sample, usually the same box) is tried first: its time prunes the rest, and parity in the first
// month possible cannot be beaten, which settles the search at once (the result: settled). Only the
// speed depends on it; the answer is the minimum over the boxes whichever is tried first.
bool Engine::LawSearch::tryHint(const BoxKey &hint)
{
    if (details || hint.gpus <= 0)
        return false;
    for (std::uint32_t i = 0; i < boxes.size(); ++i)
        if (sameBox(hint, keyOf(boxes[i], e.mData))) {
            tried = i;
            evaluate(i);
            return bestBox && bestT <= ceilToMonth(startYear) + 1e-9;
        }
    return false;
}

// The cheap bound on the size any box runs at speed (required sizes are at least dMin).
DeffBound Engine::LawSearch::sizeBound() const
{
    const double dMin = e.breakthroughOn(p) ? std::min(ctx.minFittedDeffB, p.distillBreakthroughDeffB) : ctx.minFittedDeffB;
    return e.deffBound(ctx, p, w, full ? p.fullContextTokens : p.taskContextTokens, full, dMin);
}

// The bound-ordered search. The boxes available at the start all start then, so their bounds on the
// time fall as their size bounds rise: the largest is searched first (usually it settles the search),
// and a size bound no larger than one found hopeless is hopeless too. The rest wait in the queue,
// searched exactly only while their bound can still beat the best time found.
void Engine::LawSearch::searchByBound()
{
    const DeffBound bound = sizeBound();
    const RequiredPath path = e.requiredPath(ctx, p, targetQuality);
    if (!details)
        markCardsAtStart();
    const std::size_t first = boundsAtStart(bound);
    const double firstUb = w.now.empty() ? 0.0 : w.now[first].ub;
    const std::uint32_t firstBox = w.now.empty() ? 0 : w.now[first].i;
    bool haveFirst = firstUb > 0 && firstBox != tried;
    if (haveFirst) {
        const double firstLb = path.firstTimeBelow(firstUb, startYear);
        haveFirst = !hopeless(firstLb) && firstLb <= horizon;
    }
    if (haveFirst)
        evaluate(firstBox);
    fillQueue(bound, path, haveFirst ? first : w.now.size());
    refineQueue(bound, path);
}

// Without details, a catalog box is skipped when a box of as many cards of a part that matches or
// beats it on every spec, on the same RAM tier, is also available at the start and affordable whenever
// it is (windowsCover; it can only tie). This marks cell(part, box) = stamp for each (part, cards, tier)
// available at the start, and which box it is (w.boxNow).
void Engine::LawSearch::markCardsAtStart()
{
    std::vector<std::uint32_t> &cardsNow = w.cardsNow;
    const std::size_t cells = e.mData.parts.size() * kMaxCards * kMaxRamTiers;
    if (cardsNow.size() != cells || ++w.stamp == 0) {
        cardsNow.assign(cells, 0);
        w.boxNow.assign(cells, 0);
        w.stamp = 1;
    }
    const std::uint32_t stamp = w.stamp;
    std::uint32_t *const cards = cardsNow.data();
    std::uint32_t *const which = w.boxNow.data();
    const HardwarePart *const parts = e.mData.parts.data();
    const double start = startYear;
    const std::uint32_t n = static_cast<std::uint32_t>(boxes.size());
    for (std::uint32_t i = 0; i < n; ++i) {
        const Box &b = boxes[i];
        if (b.catalogPart && b.availableFrom <= start && b.gpus <= static_cast<int>(kMaxCards)) {
            const std::size_t k = cell(static_cast<std::size_t>(b.catalogPart - parts), b);
            cards[k] = stamp;
            which[k] = i;
        }
    }
}

// The boxes available at the start with a positive size bound (w.now), not dominated (without
// details: markCardsAtStart); the result is the index in w.now of the first with the largest bound
// (0 when none).
std::size_t Engine::LawSearch::boundsAtStart(const DeffBound &bound)
{
    std::vector<BoundNow> &now = w.now;
    now.clear();
    const Box *const bx = boxes.data();
    const std::uint32_t n = static_cast<std::uint32_t>(boxes.size());
    const double start = startYear;
    const bool skipDominated = !details;
    const HardwarePart *const parts = e.mData.parts.data();
    const std::vector<std::vector<std::uint32_t>> &dominators = ctx.specDominators;
    const std::uint32_t *const cards = w.cardsNow.data();
    const std::uint32_t *const which = w.boxNow.data();
    const std::uint32_t stamp = w.stamp;
    // A catalog box is dominated when a box of as many cards of a part that matches or beats it on
    // every spec, on the same RAM tier, is also available at the start and affordable whenever it is.
    const auto dominated = [&](const Box &b) {
        if (!skipDominated || !b.catalogPart || b.gpus > static_cast<int>(kMaxCards))
            return false;
        for (std::uint32_t j : dominators[static_cast<std::size_t>(b.catalogPart - parts)]) {
            const std::size_t k = cell(j, b);
            if (cards[k] == stamp && windowsCover(bx[which[k]], b))
                return true;
        }
        return false;
    };
    std::size_t first = 0;
    double firstUb = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        const Box &b = bx[i];
        if (!(b.availableFrom <= start) || dominated(b))
            continue;
        const double ub = bound(b.spec);
        if (!(ub > 0))
            continue;
        if (ub > firstUb) {
            firstUb = ub;
            first = now.size();
        }
        now.push_back({i, ub});
    }
    return first;
}

// The queue: every box not searched yet (`searched`: the index in w.now already searched, if any)
// whose bound on its first month is within the horizon and can still beat the best; the boxes
// available at the start from the start, the later ones from when they are available.
void Engine::LawSearch::fillQueue(const DeffBound &bound, const RequiredPath &path, std::size_t searched)
{
    const BoundNow *const now = w.now.data();
    const std::size_t nNow = w.now.size();
    std::vector<Candidate> &queue = w.queue;
    queue.clear();
    const double cut = this->cut(), start = startYear, end = horizon; // no box is evaluated here
    const std::uint32_t done = tried;
    if (!(start > cut)) {
        double hopelessUb = 0;
        for (std::size_t k = 0; k < nNow; ++k) {
            const BoundNow b = now[k];
            if (k == searched || b.i == done || b.ub <= hopelessUb)
                continue;
            const double lb = path.firstTimeBelow(b.ub, start);
            if (lb > end || lb > cut)
                hopelessUb = std::max(hopelessUb, b.ub);
            else
                queue.push_back({lb, b.ub, b.i, false});
        }
    }
    const Box *const bx = boxes.data();
    const std::uint32_t n = static_cast<std::uint32_t>(boxes.size());
    for (std::uint32_t i = 0; i < n; ++i) {
        const double ts = bx[i].availableFrom;
        if (i == done || ts <= start || ts > end || ts > cut)
            continue;
        const double ub = bound(bx[i].spec);
        if (!(ub > 0))
            continue;
        const double lb = path.firstTimeBelow(ub, ts);
        if (lb <= end && !(lb > cut))
            queue.push_back({lb, ub, i, false});
    }
    std::make_heap(queue.begin(), queue.end(), later);
}

// The per-box refinement: a box's cheap bound is refined by the roofline search at the smallest KV
// per token (a valid bound: less KV leaves more memory and time for weights) before its exact search;
// a box whose refined bound falls behind goes back in the queue.
void Engine::LawSearch::refineQueue(const DeffBound &bound, const RequiredPath &path)
{
    std::vector<Candidate> &queue = w.queue;
    const bool isFull = full;
    const double ctxTokens = isFull ? p.fullContextTokens : p.taskContextTokens;
    const double kvMinBytes = bound.kvGb * 1e9 / ctxTokens;
    const double tps = p.targetTokensPerS / p.speculativeGain;
    const double start = startYear;
    const Box *const bx = boxes.data();
    // The prompt's attention width (full product): the same for every box, worked out once when needed.
    double attnDeff = -1;
    double cut = this->cut(); // changes only in evaluate()
    while (!queue.empty() && !(queue.front().lb > cut)) {
        std::pop_heap(queue.begin(), queue.end(), later);
        Candidate c = queue.back();
        queue.pop_back();
        if (c.refined) {
            evaluate(c.i);
            cut = this->cut();
            continue;
        }
        if (attnDeff < 0)
            attnDeff = isFull ? e.requiredDeff(ctx, p, targetQuality, ctx.evidenceEnd) : 0.0;
        const Box &box = bx[c.i];
        c.ub = e.bestShape(ctx, p, w, box.spec, kvMinBytes, tps, ctxTokens, isFull, nullptr, attnDeff).deffB;
        c.lb = c.ub > 0 ? path.firstTimeBelow(c.ub, std::max(start, box.availableFrom)) : std::numeric_limits<double>::infinity();
        c.refined = true;
        if (c.lb > cut)
            continue;
        queue.push_back(c);
        std::push_heap(queue.begin(), queue.end(), later);
    }
}

// The answer's details: the best box's size, shape and price at parity, and what held it back (the
// constraint that binds on the best box available just before parity).
void Engine::LawSearch::explain(ParityResult &best, bool contextBinds) const
{
    e.feasible(ctx, p, w, *bestBox, targetQuality, bestT, mode, &best);
    const double before = bestT - kMonth;
    BoxTest prevDetail;
    const Box *prev = bestBoxBefore(before, prevDetail);
    best.bottleneck = prev ? prevDetail.bottleneck : Binding::None;
    best.heldBack.by = prev ? HeldBack::Binding : HeldBack::NoBox;
    best.heldBack.binding = best.bottleneck;
    if (contextBinds && bestT <= startYear + 1e-9) {
        // Boxes were ready; the open models' context limits were not.
        best.bottleneck = Binding::None;
        best.heldBack = Bottleneck{};
        best.heldBack.by = HeldBack::ContextLimit;
        best.heldBack.contextTokens = mode == ParityMode::FullProduct ? p.fullContextTokens : p.taskContextTokens;
        return;
    }
    if (!bestBox->affordableAt(before) && prev != bestBox) {
        best.heldBack.reliefBox = bestBox->label();
        best.heldBack.reliefShips = bestBox->projected;
    }
}

// The box available at `before` that comes closest to running the required size: the first (in list
// order) with the largest margin, its test in `detail`; null when no box is available then. The
// required size is the same for every box then, so the margin orders as the achieved size, which the
// cheap bound caps: the box with the largest bound is solved first, and a box whose bound is below the
// best size found cannot be the one (nor tie it), so it is skipped unsolved.
const Box *Engine::LawSearch::bestBoxBefore(double before, BoxTest &detail) const
{
    const Box *prev = nullptr;
    double prevMargin = -1;
    const DeffBound bound = sizeBound();
    const std::size_t n = boxes.size();
    std::size_t top = n;
    double topUb = -1;
    std::vector<double> ubs(n, 0.0); // each available box's bound, asked again below
    for (std::size_t i = 0; i < n; ++i)
        if (boxes[i].affordableAt(before)) {
            const double ub = ubs[i] = bound(boxes[i].spec);
            if (ub > topUb) {
                topUb = ub;
                top = i;
            }
        }
    BoxTest topDetail;
    double floor = -1;
    if (top < boxes.size()) {
        e.feasibleTest(ctx, p, w, boxes[top], targetQuality, before, mode, &topDetail);
        floor = topDetail.achievedDeffB;
    }
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const Box &box = boxes[i];
        if (!box.affordableAt(before))
            continue;
        BoxTest d;
        if (i == top)
            d = topDetail;
        else if (ubs[i] < floor)
            continue;
        else
            e.feasibleTest(ctx, p, w, box, targetQuality, before, mode, &d);
        const double margin = d.achievedDeffB / std::max(d.requiredDeffB, 1e-9);
        if (!prev || margin > prevMargin) {
            prev = &box;
            detail = d;
            prevMargin = margin;
        }
    }
    return prev;
}

ParityResult Engine::lawParity(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes, double targetQuality,
                               double startYear, ParityMode mode, bool details) const
{
    ParityResult best;
    const double contextReady = contextReadyYear(ctx.contextTrend, mData.settings.t0,
                                                 mode == ParityMode::FullProduct ? p.fullContextTokens : p.taskContextTokens);
    if (contextReady > mData.settings.horizonYear)
        return best;
    const bool contextBinds = contextReady > startYear;
    if (contextBinds)
        startYear = ceilToMonth(contextReady);
    LawSearch s(*this, ctx, p, w, boxes, targetQuality, startYear, mode, details);
    BoxKey &hint = w.lastWinner[s.full ? 1 : 0];
    if (!s.tryHint(hint))
        s.searchByBound();
    if (!details && s.bestBox)
        hint = keyOf(*s.bestBox, mData);
    if (!s.bestBox)
        return best;
    best.reached = true;
    best.year = s.bestT;
    best.lawYear = s.bestT;
    best.alreadyReached = false;
    if (details)
        s.explain(best, contextBinds);
    return best;
}

double Engine::firstLawMonth(const Context &ctx, const Params &p, SolverWorkspace &ws, const std::vector<Box> &boxes,
                             double targetQuality, double startYear, ParityMode mode) const
{
    const ParityResult r = lawParity(ctx, p, ws.impl(), boxes, targetQuality, std::max(startYear, ctx.lawStart), mode, false);
    return r.reached ? r.year : std::numeric_limits<double>::infinity();
}

} // namespace ff

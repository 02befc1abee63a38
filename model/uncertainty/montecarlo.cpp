#include "uncertainty/montecarlo.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <thread>
#include <type_traits>
#include <tuple>

namespace ff {

namespace {
constexpr double kZ90 = 1.2815515655446004; // standard normal 90th percentile
const double kInf = std::numeric_limits<double>::infinity();

double quantile(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return kInf;
    const double pos = q * (sorted.size() - 1);
    const std::size_t i = static_cast<std::size_t>(std::floor(pos));
    const std::size_t j = std::min(i + 1, sorted.size() - 1);
    if (!std::isfinite(sorted[i]) || !std::isfinite(sorted[j]))
        return std::isfinite(sorted[i]) && pos == i ? sorted[i] : kInf;
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
}
} // namespace

namespace {
enum class Shape { Fixed, LogNormal, Normal, Triangular, Uniform };

Shape shapeOf(const AssumptionDef &a)
{
    if (!a.sampled || !(a.high > a.low))
        return Shape::Fixed;
    if (a.distribution == "lognormal")
        return Shape::LogNormal;
    if (a.distribution == "normal")
        return Shape::Normal;
    if (a.distribution == "triangular")
        return Shape::Triangular;
    return Shape::Uniform;
}

double sampleShape(const AssumptionDef &a, Shape shape, double value, double u, double z)
{
    double x = value;
    // The range is centred on the default data file value; a user's value moves it along.
    const double shiftLow = a.low - a.value, shiftHigh = a.high - a.value;
    switch (shape) {
    case Shape::Fixed:
        return value;
    case Shape::LogNormal: {
        const double lo = a.low / a.value * value, hi = a.high / a.value * value;
        const double sigma = z < 0 ? std::log(value / lo) / kZ90 : std::log(hi / value) / kZ90;
        x = value * std::exp(sigma * z);
        break;
    }
    case Shape::Normal: {
        const double lo = value + shiftLow, hi = value + shiftHigh;
        const double sigma = z < 0 ? (value - lo) / kZ90 : (hi - value) / kZ90;
        x = value + sigma * z;
        break;
    }
    case Shape::Triangular: {
        const double lo = value + shiftLow, hi = value + shiftHigh, c = value;
        const double fc = (c - lo) / (hi - lo);
        x = u < fc ? lo + std::sqrt(u * (hi - lo) * (c - lo)) : hi - std::sqrt((1 - u) * (hi - lo) * (hi - c));
        break;
    }
    case Shape::Uniform:
        x = value + shiftLow + u * (shiftHigh - shiftLow);
        break;
    }
    x = std::clamp(x, a.min, a.max);
    if (a.integer)
        x = std::round(x);
    return x;
}
} // namespace

void drawLawCoefficients(const QualityLaw &law, double z0, double z1, double z2, Params &p)
{
    const double z[3] = {z0, z1, z2};
    double d[3] = {0, 0, 0};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j <= i; ++j)
            d[i] += law.chol[3 * i + j] * z[j];
    // The size slope must stay positive for the law to mean anything; a draw below a quarter of the
    // fitted slope (more than 5 standard errors with the shipped data) is held there.
    d[1] = std::max(d[1], -0.75 * law.b);
    p.lawDeltaA = d[0];
    p.lawDeltaB = d[1];
    p.lawDeltaC = d[2];
}

void drawKvLawCoefficients(const KvLaw &kv, double z0, double z1, Params &p)
{
    p.kvLawDeltaA = kv.chol[0] * z0;
    p.kvLawDeltaC = kv.chol[2] * z0 + kv.chol[3] * z1;
}

void countKind(Distribution &d, ParityKind k)
{
    d.observed += k == ParityKind::Observed;
    d.implied += k == ParityKind::Implied;
    d.projected += k == ParityKind::Projected;
}

double sampleAssumption(const AssumptionDef &a, double value, double u, double z)
{
    return sampleShape(a, shapeOf(a), value, u, z);
}

double sampleQuantile(const std::vector<double> &sorted, double q) { return quantile(sorted, q); }

Distribution summarize(std::vector<double> years, double horizon, double asOf, const std::vector<char> &observed)
{
    Distribution d;
    d.samples = static_cast<int>(years.size());
    d.asOf = asOf;
    // Past and future apart: a sample at or before as-of is either observed or due by the law (not
    // seen); the range of the future date comes from the others alone (truncated at as-of, renormalised).
    std::vector<double> future;
    future.reserve(years.size());
    for (std::size_t i = 0; i < years.size(); ++i) {
        const double y = years[i];
        d.reached += std::isfinite(y);
        if (y <= asOf + 1e-9)
            ++(i < observed.size() && observed[i] ? d.alreadyObserved : d.due);
        else
            future.push_back(y);
    }
    std::sort(years.begin(), years.end());
    std::sort(future.begin(), future.end());
    d.future = static_cast<int>(future.size());
    d.shareNotReached = d.samples ? 1.0 - double(d.reached) / d.samples : 0.0;
    d.shareDue = d.samples ? double(d.due) / d.samples : 0.0;
    d.shareObserved = d.samples ? double(d.alreadyObserved) / d.samples : 0.0;
    if (future.empty()) {
        d.p10 = d.p50 = d.p90 = std::numeric_limits<double>::quiet_NaN();
    } else {
        d.p10 = quantile(future, 0.10);
        d.p50 = quantile(future, 0.50);
        d.p90 = quantile(future, 0.90);
    }
    const auto firstInf = std::find_if(future.begin(), future.end(), [](double y) { return !std::isfinite(y); });
    if (firstInf != future.begin()) {
        const int first = static_cast<int>(std::floor(future.front()));
        const int last = static_cast<int>(std::floor(std::min(horizon, *(firstInf - 1))));
        for (int y = first; y <= last; ++y) {
            d.histogramYears.push_back(y);
            d.histogramCounts.push_back(0);
        }
        for (auto it = future.begin(); it != firstInf; ++it)
            ++d.histogramCounts[static_cast<int>(std::floor(*it)) - first];
    }
    d.years = std::move(years);
    return d;
}

namespace {

// One run's draws: every sampled assumption, then the law's and the KV law's coefficients and the
// target's speed, always in this order from one stream, so sample i is the same when a range changes.
class Drawer
{
public:
    // barDof > 0: the target's bar is crosswalked; each sample also draws a Student t for it, last, so
    // a measured bar's samples are drawn exactly as before.
    Drawer(const Engine &engine, const Scenario &s, const QualityLaw &law, const KvLaw &kv, std::uint64_t seed, int barDof = 0)
        : mData(engine.data()), mLaw(law), mKv(kv), mBase(assumptionValues(mData, s)), mIndex(paramIndex(mData)),
          mV(mBase.size()), mRng(seed), mBarDof(barDof), mT(barDof > 0 ? barDof : 1)
    {
        for (const auto &a : mData.assumptions) {
            mShapes.push_back(shapeOf(a));
            mDrawsNormal.push_back(a.distribution == "lognormal" || a.distribution == "normal");
        }
        // The target's own measured speed, where the scenario leaves the speed to it and providers
        // differ: each sample takes a speed uniform in the measured range.
        mSpeed = s.values.count(kTargetSpeedName) ? nullptr : targetSpeed(mData, s);
        if (mSpeed && !(mSpeed->high > mSpeed->low))
            mSpeed = nullptr;
    }

    Params draw()
    {
        for (std::size_t k = 0; k < mBase.size(); ++k) {
            // Choices (not sampled) draw nothing; an uncertainty draws one number (a standard normal
            // or a uniform, as its distribution needs) even when its range is collapsed.
            if (!mData.assumptions[k].sampled) {
                mV[k] = mBase[k];
                continue;
            }
            const bool normal = mDrawsNormal[k];
            const double z = normal ? mN(mRng) : 0.0, u = normal ? 0.5 : mU(mRng);
            mV[k] = sampleShape(mData.assumptions[k], mShapes[k], mBase[k], u, z);
        }
        Params p = resolveParams(mIndex, mV);
        const double z0 = mN(mRng), z1 = mN(mRng), z2 = mN(mRng); // in this order (argument order is unspecified)
        drawLawCoefficients(mLaw, z0, z1, z2, p);
        const double uSpeed = mU(mRng); // drawn for every target (common random numbers)
        if (mSpeed)
            p.targetTokensPerS = mSpeed->low + uSpeed * (mSpeed->high - mSpeed->low);
        const double k0 = mN(mRng), k1 = mN(mRng);
        drawKvLawCoefficients(mKv, k0, k1, p);
        if (mBarDof > 0)
            p.targetBarT = mT(mRng);
        return p;
    }

private:
    const DataSet &mData;
    const QualityLaw &mLaw;
    const KvLaw &mKv;
    const std::vector<double> mBase;
    const std::vector<int> mIndex;
    std::vector<double> mV;
    std::vector<Shape> mShapes;
    std::vector<char> mDrawsNormal; // by the declared distribution, so a collapsed range draws the same
    const OutputSpeed *mSpeed = nullptr;
    std::mt19937_64 mRng;
    std::uniform_real_distribution<double> mU{0.0, 1.0};
    std::normal_distribution<double> mN{0.0, 1.0};
    int mBarDof = 0;
    std::student_t_distribution<double> mT;
};

// The fan: each year's P10, P50 and P90 of the local quality, for the years where at least 90% of
// samples run anything at speed.
void fanPercentiles(std::vector<std::vector<double>> &fan, const std::vector<double> &fanYears, MonteCarloResult &r)
{
    for (std::size_t k = 0; k < fan.size(); ++k) {
        auto &v = fan[k];
        if (v.empty())
            continue;
        std::sort(v.begin(), v.end());
        const auto q = [&](double f) { return v[static_cast<std::size_t>(std::lround(f * (v.size() - 1)))]; };
        if (!std::isfinite(q(0.1)))
            continue; // fewer than 90% of samples run anything at speed that year
        r.fanYears.push_back(fanYears[k]);
        r.fanP10.push_back(q(0.1));
        r.fanP50.push_back(q(0.5));
        r.fanP90.push_back(q(0.9));
    }
}

// Solves `samples` draws of `drawer` and hands each answer to `gather` in sample order; true when
// `cancelled` stopped it (the samples gathered are then a prefix, the same on any thread count). On
// several threads every draw is made first, in sample order from the one stream (cheap beside a
// solve); blocks of samples go to whichever thread is free; the answers are gathered in sample order.
template <class Solve, class Gather, class Cancelled>
bool solveSamples(Drawer &drawer, int samples, int threads, const Solve &solveOne, const Gather &gather, const Cancelled &cancelled)
{
    using Sample = std::invoke_result_t<const Solve &, SolverWorkspace &, Params>;
    constexpr int kBlock = 64; // samples between looks at `cancel`
    if (threads <= 1 || samples <= kBlock) {
        SolverWorkspace ws; // the solver's storage for every sample of this run
        for (int i = 0; i < samples; ++i) {
            if ((i % kBlock) == 0 && cancelled())
                return true;
            gather(solveOne(ws, drawer.draw()));
        }
        return false;
    }
    std::vector<Params> draws;
    draws.reserve(samples);
    for (int i = 0; i < samples; ++i)
        draws.push_back(drawer.draw());
    std::vector<Sample> out(static_cast<std::size_t>(samples));
    const int blocks = (samples + kBlock - 1) / kBlock;
    std::vector<char> done(static_cast<std::size_t>(blocks), 0);
    std::atomic<int> next{0};
    const auto work = [&] {
        SolverWorkspace ws;
        for (int b; (b = next.fetch_add(1)) < blocks;) {
            if (cancelled())
                return;
            for (int i = b * kBlock; i < std::min(samples, (b + 1) * kBlock); ++i)
                out[static_cast<std::size_t>(i)] = solveOne(ws, draws[static_cast<std::size_t>(i)]);
            done[static_cast<std::size_t>(b)] = 1; // each block is written by one thread; read after join
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::min(threads, blocks); ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();
    // A cancelled run keeps the blocks done before the first one left undone, as one thread would.
    for (int b = 0; b < blocks; ++b) {
        if (!done[static_cast<std::size_t>(b)])
            return true;
        for (int i = b * kBlock; i < std::min(samples, (b + 1) * kBlock); ++i)
            gather(out[static_cast<std::size_t>(i)]);
    }
    return false;
}

} // namespace

MonteCarloResult runMonteCarlo(const Engine &engine, const Scenario &s, int samples, std::uint64_t seed,
                               const std::atomic<bool> *cancel, bool withFan, bool taskOnly, int threads, bool movingBar)
{
    const auto started = std::chrono::steady_clock::now();
    MonteCarloResult r;
    r.seed = seed;
    movingBar = movingBar && !taskOnly;
    r.movingSolved = movingBar;
    const DataSet &d = engine.data();
    const double asOf = s.asOf.value_or(engine.defaultAsOf());
    const auto ctx = engine.context(asOf, s.yardstick);
    const FrontierModel &tgt = engine.target(s, *ctx);
    Drawer drawer(engine, s, ctx->law, ctx->kv, seed, tgt.crosswalked ? tgt.barDof : 0);
    std::vector<double> task, full, movingTask, movingFull;
    std::vector<char> taskObserved, fullObserved, movingTaskObserved, movingFullObserved;
    task.reserve(samples);
    full.reserve(samples);
    const double horizon = d.settings.horizonYear;
    std::vector<double> fanYears;
    if (withFan)
        for (double y = std::floor(asOf) + 1; y <= horizon + 1e-9; y += 1)
            fanYears.push_back(y);
    std::vector<std::vector<double>> fan(fanYears.size());
    // One sample's answers: what the distributions keep of each parity answer, and its fan.
    struct Answer {
        bool reached = false;
        double year = 0;
        ParityKind kind = ParityKind::NotReached;
    };
    struct Sample {
        Answer task, full, movingTask, movingFull;
        std::vector<double> localQuality;
    };
    const auto answer = [](const ParityResult &x) { return Answer{x.reached, x.year, x.kind}; };
    const auto solveOne = [&](SolverWorkspace &ws, Params p) {
        Sample out;
        // Two questions from the same draws: the fixed target holds today's bar (the drift's draw is
        // made, so the stream is the same, but not used); the moving bar lets it rise by the draw.
        const double drift = p.targetDriftPerYear;
        p.targetDriftPerYear = 0;
        // A crosswalked bar carries the crosswalk's prediction error (zero draw for a measured one).
        const double bar = tgt.quality + (tgt.crosswalked ? p.targetBarT * tgt.barSd : 0.0);
        auto solved = engine.solve(ws, *ctx, p, bar, tgt.released, p.budgetUsd, !taskOnly, withFan ? &fanYears : nullptr);
        out.task = answer(solved.task);
        if (!taskOnly) {
            out.full = answer(solved.full);
            if (!movingBar) {
                // (a quick range: not asked for)
            } else if (drift != 0) {
                p.targetDriftPerYear = drift;
                const auto moving = engine.solve(ws, *ctx, p, bar, tgt.released, p.budgetUsd, true);
                out.movingTask = answer(moving.task);
                out.movingFull = answer(moving.full);
            } else {
                out.movingTask = out.task;
                out.movingFull = out.full;
            }
        }
        out.localQuality = std::move(solved.localQuality);
        return out;
    };
    const auto keep = [](const Answer &x, std::vector<double> &years, std::vector<char> &obs, Distribution &d) {
        years.push_back(x.reached ? x.year : kInf);
        obs.push_back(x.kind == ParityKind::Observed);
        countKind(d, x.kind);
    };
    const auto gather = [&](const Sample &x) {
        keep(x.task, task, taskObserved, r.task);
        if (!taskOnly) {
            keep(x.full, full, fullObserved, r.full);
            if (movingBar) {
                keep(x.movingTask, movingTask, movingTaskObserved, r.movingTask);
                keep(x.movingFull, movingFull, movingFullObserved, r.movingFull);
            }
        }
        for (std::size_t k = 0; k < x.localQuality.size(); ++k)
            fan[k].push_back(std::isfinite(x.localQuality[k]) ? x.localQuality[k] : -kInf);
    };
    const auto cancelled = [&] { return cancel && cancel->load(std::memory_order_relaxed); };
    r.cancelled = solveSamples(drawer, samples, threads, solveOne, gather, cancelled);
    fanPercentiles(fan, fanYears, r);
    const auto keepKinds = [&](Distribution &d, std::vector<double> &years, const std::vector<char> &obs) {
        const Distribution counted = d;
        d = summarize(std::move(years), horizon, ctx->asOf, obs);
        d.observed = counted.observed;
        d.implied = counted.implied;
        d.projected = counted.projected;
    };
    keepKinds(r.task, task, taskObserved);
    keepKinds(r.full, full, fullObserved);
    keepKinds(r.movingTask, movingTask, movingTaskObserved);
    keepKinds(r.movingFull, movingFull, movingFullObserved);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return r;
}

std::vector<SensitivityRow> sensitivity(const Engine &engine, const Scenario &s, const std::atomic<bool> *cancel,
                                        bool *completed)
{
    if (completed)
        *completed = false;
    std::vector<SensitivityRow> rows;
    const DataSet &d = engine.data();
    const double asOf = s.asOf.value_or(engine.defaultAsOf());
    const auto ctx = engine.context(asOf, s.yardstick);
    const FrontierModel &tgt = engine.target(s, *ctx);
    const std::vector<double> base = assumptionValues(d, s);
    const double horizon = d.settings.horizonYear;
    // Task-level and full-product years for one set of parameters (+inf: not within the horizon).
    SolverWorkspace ws; // the solver's storage for every row
    // The tornado answers the fixed target (today's bar): the drift of the hosted bar is the moving
    // bar's question, so it is held at 0 here and has no row.
    const auto yearsOf = [&](Params p) {
        p.targetDriftPerYear = 0;
        const auto solved = engine.solve(ws, *ctx, p, tgt.quality, tgt.released, p.budgetUsd, true);
        return std::make_pair(solved.task.reached ? solved.task.year : kInf, solved.full.reached ? solved.full.year : kInf);
    };
    // A row from its low and high parameters: both years at each end and the combined swing.
    const auto finish = [&](SensitivityRow &row, const Params &lo, const Params &hi) {
        std::tie(row.lowYear, row.fullLowYear) = yearsOf(lo);
        std::tie(row.highYear, row.fullHighYear) = yearsOf(hi);
        const auto capped = [&](double y) { return std::isfinite(y) ? y : horizon + 1; };
        row.swing = std::fabs(capped(row.highYear) - capped(row.lowYear)) +
                    std::fabs(capped(row.fullHighYear) - capped(row.fullLowYear));
        rows.push_back(row);
    };
    for (std::size_t k = 0; k < d.assumptions.size(); ++k) {
        const AssumptionDef &a = d.assumptions[k];
        if (!a.sampled || !(a.high > a.low) || a.name == kDriftAssumption)
            continue;
        if (cancel && cancel->load(std::memory_order_relaxed))
            break;
        SensitivityRow row;
        row.name = a.name;
        row.label = a.label;
        const auto with = [&](double x) {
            std::vector<double> v = base;
            v[k] = x;
            return resolveParams(d, v);
        };
        // The range as sampled: P10 and P90 of the distribution around the current value.
        row.lowValue = sampleAssumption(a, base[k], 0.1, -kZ90);
        row.highValue = sampleAssumption(a, base[k], 0.9, kZ90);
        finish(row, with(row.lowValue), with(row.highValue));
    }
    // The law's own fit: its size slope b at its P10 and P90 (1.28 standard errors), with a and c moved
    // to their expected values given b (the covariance's regression), others at their values.
    const QualityLaw &law = ctx->law;
    const double sdB = std::sqrt(law.cov[4]);
    if (sdB > 0 && std::isfinite(sdB) && !(cancel && cancel->load(std::memory_order_relaxed))) {
        SensitivityRow row;
        row.name = kLawFitRow;
        row.label = "Quality law fit (size slope)"; // a and c move with it, by the covariance (above)
        row.lowValue = law.b - kZ90 * sdB;
        row.highValue = law.b + kZ90 * sdB;
        const Params base0 = resolveParams(d, base);
        const auto with = [&](double zb) {
            Params p = base0;
            const double db = std::max(zb * sdB, -0.75 * law.b);
            p.lawDeltaA = law.cov[1] / law.cov[4] * db;
            p.lawDeltaB = db;
            p.lawDeltaC = law.cov[7] / law.cov[4] * db;
            return p;
        };
        finish(row, with(-kZ90), with(kZ90));
    }
    if (completed)
        *completed = !(cancel && cancel->load(std::memory_order_relaxed));
    std::stable_sort(rows.begin(), rows.end(), [](const auto &x, const auto &y) { return x.swing > y.swing; });
    return rows;
}

} // namespace ff

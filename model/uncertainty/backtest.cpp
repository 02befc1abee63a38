#include "uncertainty/backtest.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>

#include "uncertainty/montecarlo.h"
#include "core/timeutil.h"

namespace ff {
namespace {
constexpr double kZ90 = 1.2815515655446004; // the standard normal's 90th percentile
}

BacktestSpec defaultBacktestSpec()
{
    BacktestSpec s;
    for (const char *d : {"2023-12", "2024-07", "2025-01", "2025-07"})
        s.asOfDates.push_back(*parseDate(d));
    s.thresholds = {"GPT-4", "Claude 3.5 Sonnet (Jun 2024)", "o1"};
    s.base.name = "Back-test";
    return s;
}

namespace {
const FrontierModel &threshold(const Engine &e, const std::string &name)
{
    const FrontierModel *m = e.data().frontier(name);
    if (!m)
        throw std::invalid_argument("back-test threshold \"" + name + "\" is not a frontier model in the data");
    if (!m->scored)
        throw std::invalid_argument("back-test threshold \"" + name + "\" has no quality score");
    return *m;
}
} // namespace

std::vector<BacktestRow> backtest(const Engine &engine, const BacktestSpec &spec)
{
    const DataSet &d = engine.data();
    const Params p = resolveParams(d, assumptionValues(d, spec.base));
    const double newest = engine.defaultAsOf();

    // What happened: observed parity as of the newest date, once per threshold (with details).
    struct Actual {
        ParityResult task;
    };
    std::vector<Actual> actual;
    for (const auto &name : spec.thresholds) {
        Scenario s = spec.base;
        s.targetModel = name;
        s.asOf.reset();
        s.yardstick = Yardstick::General; // the back-test's bars are index scores
        (void)threshold(engine, name); // checks the name and the score
        // compute() gives the model and box behind an observed parity; solve() only the year.
        const Result r = engine.compute(s);
        actual.push_back({r.task});
    }

    std::vector<BacktestRow> rows;
    for (double asOf : spec.asOfDates) {
        const auto ctx = engine.context(asOf);
        for (std::size_t i = 0; i < spec.thresholds.size(); ++i) {
            const FrontierModel &t = threshold(engine, spec.thresholds[i]);
            if (t.released > asOf)
                continue; // the bar did not exist yet
            BacktestRow row;
            row.asOf = asOf;
            row.threshold = t.name;
            row.thresholdQuality = t.quality;
            row.thresholdReleased = t.released;
            const Engine::Solve s = engine.solve(*ctx, p, t.quality, t.released, p.budgetUsd, false);
            row.predictedReached = s.task.reached;
            row.predictedYear = s.task.reached ? s.task.year : INFINITY;
            row.observedAtAsOf = s.task.reached && s.task.alreadyReached;
            const ParityResult &a = actual[i].task;
            row.actualReached = a.reached && a.alreadyReached && a.year <= newest;
            if (row.actualReached) {
                row.actualYear = a.year;
                row.actualModel = a.model;
                row.actualBox = a.box;
                row.actualQuant = a.quant;
                row.actualKind = actualKindOf(d, a.model, a.box);
            }
            row.hasError = row.predictedReached && row.actualReached;
            if (row.hasError)
                row.errorYears = row.predictedYear - row.actualYear;
            else if (row.predictedReached && !row.actualReached && row.predictedYear < newest)
                row.earlyByAtLeast = newest - row.predictedYear;
            rows.push_back(row);
        }
    }
    return rows;
}

std::vector<CeilingRow> ceilingHistory(const Engine &engine, const BacktestSpec &spec)
{
    const DataSet &d = engine.data();
    std::vector<double> dates = spec.asOfDates;
    dates.push_back(engine.defaultAsOf());
    std::vector<CeilingRow> out;
    for (double asOf : dates) {
        // Any scored frontier model released by then will do as the target: the reverse
        // prediction does not depend on it. Take the newest one.
        const FrontierModel *target = nullptr;
        for (const auto &m : d.frontierModels)
            if (m.scored && m.released <= asOf && (!target || m.released > target->released))
                target = &m;
        if (!target)
            continue;
        Scenario s = spec.base;
        s.targetModel = target->name;
        s.asOf = asOf < engine.defaultAsOf() - 1e-9 ? std::optional<double>(asOf) : std::nullopt;
        s.yardstick = Yardstick::General;
        const Result r = engine.compute(s);
        CeilingRow row;
        row.asOf = r.asOf;
        if (!r.reverse.empty()) {
            const ReverseRow &x = r.reverse.front();
            row.run = x.run;
            row.hasMatch = x.hasMatch;
            row.frontierMatch = x.frontierMatch;
            row.frontierMatchYear = x.frontierMatchYear;
            row.lagYears = x.lagYears;
        }
        out.push_back(row);
    }
    return out;
}

DataSet cutData(const DataSet &d, double cut)
{
    DataSet f = d;
    const auto after = [cut](const auto &x) { return x.released > cut + 1e-9; };
    f.openModels.erase(std::remove_if(f.openModels.begin(), f.openModels.end(), after), f.openModels.end());
    f.frontierModels.erase(std::remove_if(f.frontierModels.begin(), f.frontierModels.end(), after), f.frontierModels.end());
    // Parts and their price paths are aligned: cut them together. Measured-only devices are not
    // buyer options (they carry the calibration's measurements): kept.
    const bool priced = f.prices.parts.size() == f.parts.size();
    std::vector<HardwarePart> parts;
    std::vector<PriceSeries> series;
    for (std::size_t i = 0; i < f.parts.size(); ++i) {
        if (!f.parts[i].measuredOnly && after(f.parts[i]))
            continue;
        parts.push_back(f.parts[i]);
        if (priced)
            series.push_back(f.prices.parts[i]);
    }
    f.parts = std::move(parts);
    const auto known = [cut](PriceSeries &p) {
        p.obs.erase(std::remove_if(p.obs.begin(), p.obs.end(), [cut](const PriceObservation &o) { return o.t > cut + 1e-9; }),
                    p.obs.end());
        if (p.newSupplyEnded > cut)
            p.newSupplyEnded = std::numeric_limits<double>::infinity();
        p.finish();
    };
    if (priced) {
        for (auto &p : series)
            known(p);
        f.prices.parts = std::move(series);
    }
    known(f.prices.ramUsdPerGb);
    return f;
}

DataSet frozenData(const DataSet &d, const CalibrationInputs &in, double origin, double *snapshot, bool *snapshotAfter)
{
    DataSet f = cutData(d, origin);
    // Scores as published then: the newest snapshot out by the origin, else the earliest there is.
    std::vector<double> snaps = d.earlierSnapshots;
    snaps.push_back(d.scoreSnapshot);
    std::sort(snaps.begin(), snaps.end());
    double use = snaps.front();
    for (double s : snaps)
        if (s <= origin)
            use = s;
    if (snapshot)
        *snapshot = use;
    if (snapshotAfter)
        *snapshotAfter = use > origin;
    if (use != d.scoreSnapshot) {
        const auto scoreIn = [use](const std::vector<std::pair<double, double>> &v) -> std::optional<double> {
            for (const auto &[when, score] : v)
                if (when == use)
                    return score;
            return std::nullopt;
        };
        for (auto &m : f.openModels)
            m.quality = m.quality ? scoreIn(m.earlierScores) : std::nullopt;
        for (auto &m : f.frontierModels) {
            const auto q = m.scored ? scoreIn(m.earlierScores) : std::nullopt;
            m.scored = q.has_value();
            m.quality = q.value_or(0.0);
        }
    }
    // Measurements made by then: llama.cpp generations dated before the origin. A prompt row of no
    // named generation (the llama-bench rows quoted from public threads) counts as made at the newest
    // generation's date: it is dropped from every earlier origin, never credited too early.
    double newest = -INFINITY;
    for (const auto &g : in.generations)
        newest = std::max(newest, g.date);
    f.measurements.erase(std::remove_if(f.measurements.begin(), f.measurements.end(),
                                        [&](const Measurement &m) {
                                            for (const auto &g : in.generations)
                                                if (m.source.find(g.sourceContains) != std::string::npos)
                                                    return g.date > origin;
                                            return m.decode || newest > origin;
                                        }),
                         f.measurements.end());
    return f;
}

const char *actualKindName(ActualKind k)
{
    switch (k) {
    case ActualKind::Measured:
        return "measured";
    case ActualKind::Computed:
        return "computed";
    case ActualKind::None:
        break;
    }
    return "";
}

double censoredCrps(const std::vector<double> &samples, double actual, double cutoff)
{
    if (samples.empty() || !std::isfinite(cutoff))
        return std::numeric_limits<double>::quiet_NaN();
    std::vector<double> s = samples;
    std::sort(s.begin(), s.end());
    const double n = static_cast<double>(s.size());
    const bool resolved = std::isfinite(actual) && actual <= cutoff;
    // Breakpoints below the cutoff: the samples and the actual; between two of them F and the step
    // 1{actual <= x} are constant (F right-continuous: the count of samples <= x).
    std::vector<double> at;
    at.reserve(s.size() + 2);
    for (double x : s)
        if (x < cutoff)
            at.push_back(x);
    if (resolved)
        at.push_back(actual);
    at.push_back(cutoff);
    std::sort(at.begin(), at.end());
    double sum = 0;
    std::size_t below = 0; // samples <= the segment's start
    for (std::size_t i = 0; i + 1 < at.size(); ++i) {
        const double a = at[i], b = at[i + 1];
        if (b <= a)
            continue;
        while (below < s.size() && s[below] <= a)
            ++below;
        const double F = below / n;
        const double H = resolved && actual <= a ? 1.0 : 0.0;
        sum += (F - H) * (F - H) * (b - a);
    }
    return sum;
}

namespace {
// "2x RTX 3090" -> (RTX 3090, 2); "RTX 5090" -> (RTX 5090, 1).
std::pair<std::string, int> splitBox(const std::string &box)
{
    const auto x = box.find("x ");
    if (x != std::string::npos && x > 0 && std::all_of(box.begin(), box.begin() + x, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        return {box.substr(x + 2), std::stoi(box.substr(0, x))};
    return {box, 1};
}
} // namespace

ActualKind actualKindOf(const DataSet &d, const std::string &model, const std::string &box)
{
    if (model.empty() || box.empty())
        return ActualKind::None;
    const auto [part, gpus] = splitBox(box);
    for (const auto &m : d.measurements)
        if (m.decode && m.model == model && m.hardware == part && m.gpuCount == gpus)
            return ActualKind::Measured;
    return ActualKind::Computed;
}

RollingSpec firstReleaseRollingSpec(const Engine &today, const Scenario &base)
{
    RollingSpec spec;
    spec.bars = defaultBacktestSpec().thresholds;
    for (const auto &m : today.data().frontierModels)
        if (m.sonnetClass && m.scored && std::find(spec.bars.begin(), spec.bars.end(), m.name) == spec.bars.end())
            spec.bars.push_back(m.name);
    spec.budgetsUsd = {resolveParams(today.data(), assumptionValues(today.data(), base)).budgetUsd};
    return spec;
}

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// The bars: the spec's, or every scored frontier model the catalog holds (the back-test's historical
// thresholds first, for the order of the rows).
std::vector<std::string> rollingBars(const DataSet &d, const RollingSpec &spec)
{
    if (!spec.bars.empty())
        return spec.bars;
    std::vector<std::string> targets;
    for (const auto &name : defaultBacktestSpec().thresholds)
        if (const FrontierModel *m = d.frontier(name); m && m->scored)
            targets.push_back(name);
    for (const auto &m : d.frontierModels)
        if (m.scored && std::find(targets.begin(), targets.end(), m.name) == targets.end())
            targets.push_back(m.name);
    return targets;
}

// The spec's budgets, or every budget row of the data and the scenario's own budget when it is not one of them.
std::vector<double> rollingBudgets(const DataSet &d, const Scenario &base, const RollingSpec &spec)
{
    if (!spec.budgetsUsd.empty())
        return spec.budgetsUsd;
    std::vector<double> budgets = d.settings.budgetsUsd;
    const Params p = resolveParams(d, assumptionValues(d, base));
    if (std::none_of(budgets.begin(), budgets.end(), [&](double b) { return std::fabs(b - p.budgetUsd) < 0.5; }))
        budgets.push_back(p.budgetUsd);
    std::sort(budgets.begin(), budgets.end());
    return budgets;
}

// What happened, by today's catalogs: observed parity for one bar and budget.
struct Truth {
    bool observed = false;
    double year = 0;
    std::string model, box;
    ActualKind kind = ActualKind::None;
};

// The model as it could have been built at an origin: the frozen catalogs, the speed calibration on
// what had been measured by then (before any measurement, the plain rule: a flat share of peak
// bandwidth) and the law's scatter refitted on the frozen scores.
struct OriginEngine {
    std::unique_ptr<Engine> engine;
    Calibration cal;
    bool refitted = false;
    int nMeasured = 0;
    int lawModels = 0; // scored open models the law was fitted on
    double snapshot = 0;
    bool snapshotAfter = false;
};

// nullopt: the law cannot be fitted on what was known then.
std::optional<OriginEngine> engineAt(const Engine &today, double origin)
{
    const CalibrationInputs &inputs = today.calibration().inputs;
    OriginEngine o;
    DataSet frozen = frozenData(today.data(), inputs, origin, &o.snapshot, &o.snapshotAfter);
    int scored = 0;
    for (const auto &m : frozen.openModels)
        scored += m.quality && m.paramsTotalB > 0;
    if (scored < 4)
        return std::nullopt;
    o.cal = today.calibration();
    o.nMeasured = static_cast<int>(frozen.measurements.size());
    if (o.nMeasured > 0) {
        try {
            o.cal = fitCalibration(frozen, inputs);
            o.refitted = true;
        } catch (const std::exception &) {
            o.refitted = false;
        }
    }
    if (!o.refitted)
        applyFlatRule(o.cal);
    // Fitted defaults refitted on the frozen data: the law's scatter (the range of the hypothetical
    // model's offset from the law) and, in the scenario, the calibrated shares.
    QualityLaw law;
    try {
        const AssumptionDef *alpha = frozen.assumption("moe_alpha");
        law = fitQualityLaw(frozen.openModels, origin, frozen.settings.t0, alpha ? alpha->value : 0.5);
    } catch (const std::exception &) {
        return std::nullopt;
    }
    for (auto &a : frozen.assumptions)
        if (a.name == "quality_offset_points") {
            a.low = std::max(a.min, -kZ90 * law.residualSd);
            a.high = std::min(a.max, kZ90 * law.residualSd);
        }
    try {
        o.engine = std::make_unique<Engine>(std::move(frozen), o.cal);
    } catch (const std::exception &) {
        return std::nullopt; // nothing to fit at this origin
    }
    o.lawModels = o.engine->context(origin)->law.n;
    return o;
}

// Baseline (a)'s lag: of the bars observed by the origin at one budget (today's record up to the
// origin, or the frozen engine's), the one observed last (the newest bar on a tie).
struct LastSeen {
    double year = -kInf, released = 0;
    std::string bar;
    void see(double y, double rel, const std::string &name)
    {
        if (y > year + 1e-9 || (std::fabs(y - year) <= 1e-9 && rel > released)) {
            year = y;
            released = rel;
            bar = name;
        }
    }
};

// One run of the rolling back-test: the bars, budgets and truths fixed up front, the rows appended
// origin by origin.
struct RollingRun {
    const Engine &today;
    const Scenario &base;
    int samples;
    std::uint64_t seed;
    std::vector<std::string> targets;
    std::vector<double> budgets;
    std::vector<Truth> truth;             // [bar * budgets + budget]
    std::vector<long> previous, current;  // last and this quarter's row by (bar, budget); -1: none
    RollingBacktest out;

    std::size_t cell(std::size_t i, std::size_t b) const { return i * budgets.size() + b; }

    void findTruths()
    {
        truth.assign(targets.size() * budgets.size(), Truth{});
        for (std::size_t i = 0; i < targets.size(); ++i)
            for (std::size_t b = 0; b < budgets.size(); ++b) {
                Scenario s = base;
                s.targetModel = targets[i];
                s.asOf.reset();
                s.values["budget_usd"] = budgets[b];
                const Result r = today.compute(s);
                Truth &t = truth[cell(i, b)];
                t.observed = r.task.kind == ParityKind::Observed;
                t.year = r.task.year;
                t.model = r.task.model;
                t.box = r.task.box;
                if (t.observed)
                    t.kind = actualKindOf(today.data(), t.model, t.box);
            }
    }

    void rowsAt(double origin, const OriginEngine &o, std::size_t b);
    RollingRow scoreRow(double origin, const OriginEngine &o, std::size_t i, std::size_t b, const Scenario &s,
                        const Result &r, const LastSeen &last) const;
};

void RollingRun::rowsAt(double origin, const OriginEngine &o, std::size_t b)
{
    const Engine &e = *o.engine;
    Scenario s = base;
    s.asOf = origin;
    s.values["budget_usd"] = budgets[b];
    s.values["bandwidth_efficiency"] = o.cal.bandwidthEfficiency;
    if (o.refitted && o.cal.computeEfficiency > 0)
        s.values["compute_efficiency"] = o.cal.computeEfficiency;
    LastSeen last;
    struct Pending {
        std::size_t i;
        Result r;
    };
    std::vector<Pending> pending;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const FrontierModel *t = e.data().frontier(targets[i]);
        if (!t || !t->scored || t->released > origin)
            continue; // not released or not scored then
        const Truth &tr = truth[cell(i, b)];
        if (tr.observed && tr.year <= origin) {
            last.see(tr.year, t->released, t->name);
            continue; // it had happened: nothing to forecast
        }
        s.targetModel = t->name;
        Result r = e.compute(s);
        if (r.task.kind == ParityKind::Observed) {
            last.see(r.task.year, t->released, t->name);
            continue;
        }
        pending.push_back({i, std::move(r)});
    }
    for (const auto &[i, r] : pending) {
        s.targetModel = e.data().frontier(targets[i])->name;
        RollingRow row = scoreRow(origin, o, i, b, s, r, last);
        current[cell(i, b)] = static_cast<long>(out.rows.size());
        out.rows.push_back(std::move(row));
    }
}

RollingRow RollingRun::scoreRow(double origin, const OriginEngine &o, std::size_t i, std::size_t b, const Scenario &s,
                                const Result &r, const LastSeen &last) const
{
    const Engine &e = *o.engine;
    const FrontierModel *t = e.data().frontier(targets[i]);
    const Truth &tr = truth[cell(i, b)];
    const double newest = out.newest;
    // The task level alone: the back-test scores nothing else (a third of the cost).
    const MonteCarloResult mc = runMonteCarlo(e, s, samples, seed, nullptr, false, true);
    RollingRow row;
    row.origin = origin;
    row.target = t->name;
    row.budgetUsd = budgets[b];
    row.targetQuality = t->quality;
    row.kind = r.task.kind;
    row.point = r.task.reached ? r.task.year : kInf;
    row.p10 = mc.task.p10;
    row.p50 = mc.task.p50;
    row.p90 = mc.task.p90;
    row.nModels = o.lawModels;
    row.nMeasurements = o.refitted ? o.nMeasured : 0;
    row.scoreSnapshot = o.snapshot;
    row.snapshotAfterOrigin = o.snapshotAfter;
    row.hasActual = tr.observed;
    if (row.hasActual) {
        row.actual = tr.year;
        row.actualModel = tr.model;
        row.actualBox = tr.box;
        row.actualKind = tr.kind;
        row.inside = row.p10 <= row.actual + 1e-9 && row.actual <= row.p90 + 1e-9;
        row.errorYears = std::isfinite(row.p50) ? row.p50 - row.actual : kInf;
    } else {
        row.inside = row.p90 > newest;
    }
    // The forecast scored is the range's own: the samples after the origin; when the law put every
    // sample at or before it (all due, none seen), the forecast is "now".
    for (double y : mc.task.years)
        if (y > origin + 1e-9)
            row.samples.push_back(y);
    if (row.samples.empty())
        row.samples.assign(mc.task.years.size(), origin);
    const double truthYear = row.hasActual ? row.actual : kInf;
    row.crps = censoredCrps(row.samples, truthYear, newest);
    if (std::isfinite(last.year)) {
        row.hasLagBaseline = true;
        row.lagYears = last.year - last.released;
        row.lagFrom = last.bar;
        row.lagForecast = std::max(origin, t->released + row.lagYears);
        row.lagCrps = censoredCrps({row.lagForecast}, truthYear, newest);
    }
    if (const long k = previous[cell(i, b)]; k >= 0) {
        const RollingRow &prev = out.rows[static_cast<std::size_t>(k)];
        row.hasPreviousBaseline = true;
        row.previousP50 = sampleQuantile(prev.samples, 0.5);
        row.previousCrps = censoredCrps(prev.samples, truthYear, newest);
    }
    return row;
}

// The summary over every row, and the two baselines' scores over the rows each answered.
RollingSummary summarise(const std::vector<RollingRow> &rows, double horizonYear)
{
    RollingSummary sum;
    const auto absError = [&](double point, double actual) {
        return std::isfinite(point) ? std::fabs(point - actual) : horizonYear - actual;
    };
    double absSum = 0, crpsSum = 0;
    int inside = 0;
    std::set<std::pair<std::string, std::string>> events;
    BaselineScore lag{"constant_lag", "constant lag (the last observed lag, held)"};
    BaselineScore last{"last_quarter", "last quarter's answer (the forecast made 3 months earlier)"};
    double lagAbs = 0, lastAbs = 0;
    for (const auto &r : rows) {
        ++sum.n;
        crpsSum += r.crps;
        if (r.hasActual) {
            ++sum.resolved;
            absSum += absError(r.p50, r.actual);
            inside += r.inside;
            events.insert({r.actualModel, r.actualBox});
            sum.measured += r.actualKind == ActualKind::Measured;
        } else {
            ++sum.notYet;
            sum.notYetConsistent += r.inside;
        }
        if (r.hasLagBaseline) {
            ++lag.n;
            lag.crpsYears += r.lagCrps;
            lag.modelCrpsYears += r.crps;
            if (r.hasActual) {
                ++lag.resolved;
                lagAbs += absError(r.lagForecast, r.actual);
            }
        }
        if (r.hasPreviousBaseline) {
            ++last.n;
            last.crpsYears += r.previousCrps;
            last.modelCrpsYears += r.crps;
            if (r.hasActual) {
                ++last.resolved;
                lastAbs += absError(r.previousP50, r.actual);
            }
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    sum.maeYears = sum.resolved ? absSum / sum.resolved : nan;
    sum.coverage = sum.resolved ? double(inside) / sum.resolved : nan;
    sum.crpsYears = sum.n ? crpsSum / sum.n : nan;
    sum.distinctEvents = static_cast<int>(events.size());
    const auto finish = [&](BaselineScore &bl, double absError) {
        bl.maeYears = bl.resolved ? absError / bl.resolved : nan;
        bl.crpsYears = bl.n ? bl.crpsYears / bl.n : nan;
        bl.modelCrpsYears = bl.n ? bl.modelCrpsYears / bl.n : nan;
        sum.baselines.push_back(bl);
    };
    finish(lag, lagAbs);
    finish(last, lastAbs);
    return sum;
}
} // namespace

// Quarterly origins from four years before the score snapshot to the newest data: at each, the model
// rebuilt on what was known then forecasts every bar not yet reached, scored later against today's record.
RollingBacktest rollingBacktest(const Engine &today, const Scenario &base, int samples, std::uint64_t seed, const RollingSpec &spec)
{
    const DataSet &d = today.data();
    RollingRun run{today, base, samples, seed, rollingBars(d, spec), rollingBudgets(d, base, spec), {}, {}, {}, {}};
    run.out.newest = today.defaultAsOf();
    run.findTruths();
    run.previous.assign(run.truth.size(), -1);
    run.current.assign(run.truth.size(), -1);
    const double first = std::floor(d.scoreSnapshot) - 4.0;
    for (double origin = first; origin <= run.out.newest - 0.25 + 1e-9; origin += 0.25) {
        run.previous.swap(run.current);
        std::fill(run.current.begin(), run.current.end(), -1);
        const std::optional<OriginEngine> o = engineAt(today, origin);
        if (!o)
            continue; // the law cannot be fitted on what was known then
        for (std::size_t b = 0; b < run.budgets.size(); ++b)
            run.rowsAt(origin, *o, b);
    }
    run.out.summary = summarise(run.out.rows, d.settings.horizonYear);
    return std::move(run.out);
}

} // namespace ff

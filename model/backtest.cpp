#include "backtest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "montecarlo.h"
#include "timeutil.h"

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

RollingBacktest rollingBacktest(const Engine &today, const Scenario &base, int samples, std::uint64_t seed)
{
    RollingBacktest out;
    const DataSet &d = today.data();
    const double newest = today.defaultAsOf();
    out.newest = newest;
    const double kInf = std::numeric_limits<double>::infinity();
    // The bars: every Sonnet-class model and the back-test's historical thresholds.
    std::vector<std::string> targets = defaultBacktestSpec().thresholds;
    for (const auto &m : d.frontierModels)
        if (m.sonnetClass && m.scored && std::find(targets.begin(), targets.end(), m.name) == targets.end())
            targets.push_back(m.name);
    // What happened, by today's catalogs: observed parity, once per bar.
    struct Truth {
        bool observed = false;
        double year = 0;
        std::string model, box;
    };
    std::vector<Truth> truth;
    for (const auto &name : targets) {
        Scenario s = base;
        s.targetModel = name;
        s.asOf.reset();
        const Result r = today.compute(s);
        Truth t;
        t.observed = r.task.kind == ParityKind::Observed;
        t.year = r.task.year;
        t.model = r.task.model;
        t.box = r.task.box;
        truth.push_back(t);
    }
    const CalibrationInputs &inputs = today.calibration().inputs;
    const double first = std::floor(d.scoreSnapshot) - 4.0;
    for (double origin = first; origin <= newest - 0.25 + 1e-9; origin += 0.25) {
        double snapshot = 0;
        bool snapshotAfter = false;
        DataSet frozen = frozenData(d, inputs, origin, &snapshot, &snapshotAfter);
        int scored = 0;
        for (const auto &m : frozen.openModels)
            scored += m.quality && m.paramsTotalB > 0;
        if (scored < 4)
            continue; // the law cannot be fitted on what was known then
        // The speed calibration on what had been measured by then; before any measurement, the
        // plain rule (a flat share of peak bandwidth) the calibration is compared with.
        Calibration cal = today.calibration();
        const int nMeasured = static_cast<int>(frozen.measurements.size());
        bool refitted = false;
        if (nMeasured > 0) {
            try {
                cal = fitCalibration(frozen, inputs);
                refitted = true;
            } catch (const std::exception &) {
                refitted = false;
            }
        }
        if (!refitted)
            applyFlatRule(cal);
        // Fitted defaults refitted on the frozen data: the law's scatter (the range of the hypothetical
        // model's offset from the law) and, below, the calibrated shares.
        QualityLaw law;
        try {
            const AssumptionDef *alpha = frozen.assumption("moe_alpha");
            law = fitQualityLaw(frozen.openModels, origin, frozen.settings.t0, alpha ? alpha->value : 0.5);
        } catch (const std::exception &) {
            continue; // the law cannot be fitted on what was known then
        }
        for (auto &a : frozen.assumptions)
            if (a.name == "quality_offset_points") {
                a.low = std::max(a.min, -kZ90 * law.residualSd);
                a.high = std::min(a.max, kZ90 * law.residualSd);
            }
        std::unique_ptr<Engine> e;
        try {
            e = std::make_unique<Engine>(std::move(frozen), cal);
        } catch (const std::exception &) {
            continue; // nothing to fit at this origin
        }
        const auto ctx = e->context(origin);
        Scenario s = base;
        s.asOf = origin;
        s.values["bandwidth_efficiency"] = cal.bandwidthEfficiency;
        if (refitted && cal.computeEfficiency > 0)
            s.values["compute_efficiency"] = cal.computeEfficiency;
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const FrontierModel *t = e->data().frontier(targets[i]);
            if (!t || !t->scored || t->released > origin)
                continue; // not released or not scored then
            if (truth[i].observed && truth[i].year <= origin)
                continue; // it had happened: nothing to forecast
            s.targetModel = t->name;
            const Result r = e->compute(s);
            if (r.task.kind == ParityKind::Observed)
                continue;
            const MonteCarloResult mc = runMonteCarlo(*e, s, samples, seed);
            RollingRow row;
            row.origin = origin;
            row.target = t->name;
            row.targetQuality = t->quality;
            row.kind = r.task.kind;
            row.point = r.task.reached ? r.task.year : kInf;
            row.p10 = mc.task.p10;
            row.p50 = mc.task.p50;
            row.p90 = mc.task.p90;
            row.nModels = ctx->law.n;
            row.nMeasurements = refitted ? nMeasured : 0;
            row.scoreSnapshot = snapshot;
            row.snapshotAfterOrigin = snapshotAfter;
            row.hasActual = truth[i].observed;
            if (row.hasActual) {
                row.actual = truth[i].year;
                row.actualModel = truth[i].model;
                row.actualBox = truth[i].box;
                row.inside = row.p10 <= row.actual + 1e-9 && row.actual <= row.p90 + 1e-9;
                row.errorYears = std::isfinite(row.p50) ? row.p50 - row.actual : kInf;
            } else {
                row.inside = row.p90 > newest;
            }
            out.rows.push_back(row);
        }
    }
    RollingSummary &sum = out.summary;
    double absSum = 0;
    int inside = 0;
    for (const auto &r : out.rows) {
        ++sum.n;
        if (r.hasActual) {
            ++sum.resolved;
            absSum += std::isfinite(r.errorYears) ? std::fabs(r.errorYears) : d.settings.horizonYear - r.actual;
            inside += r.inside;
        } else {
            ++sum.notYet;
            sum.notYetConsistent += r.inside;
        }
    }
    sum.maeYears = sum.resolved ? absSum / sum.resolved : std::numeric_limits<double>::quiet_NaN();
    sum.coverage = sum.resolved ? double(inside) / sum.resolved : std::numeric_limits<double>::quiet_NaN();
    return out;
}

} // namespace ff

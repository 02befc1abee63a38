#include "backtest.h"

#include <cmath>
#include <stdexcept>

#include "timeutil.h"

namespace ff {

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

} // namespace ff

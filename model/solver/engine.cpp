// Engine::compute: a Result, part by part. Each step is one builder (resultbuilder.h) that fills
// one part of the Result from the solver's searches (forecast.cpp); the order is the order in
// which the parts are solved (the tables reuse the headline answer, the series the boxes' shapes).
#include "solver/forecast.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "solver/resultbuilder.h"
#include "core/timeutil.h"

namespace ff {

Result Engine::compute(const Scenario &sc, unsigned parts) const
{
    if (parts & PartYardsticks)
        parts |= PartTargets; // the chosen yardstick's column is perTarget
    SolverWorkspace ws;
    ResultBuilder b(*this, sc, ws); // the scenario resolved and the boxes its budget buys
    b.headlineFits();   // scenario, asOf, budgetUsd, target*, law, kv*, fitted*
    b.headline();       // task, full
    b.movingBar();      // movingTask, movingFull
    if (parts & PartTargets)
        b.perTarget();  // perTarget
    b.shapeBoxes();     // (each box's largest shape at API speed, for the tables and series)
    if (parts & PartScenarios)
        b.scenarioTable(); // scenarios
    if (parts & PartBudgets)
        b.budgetTable();   // budgets
    b.reverseTable();   // reverse, currentLagYears
    if (parts & PartSeries) {
        b.trendSeries();    // trends
        b.crossingSeries(); // crossing
        b.timelineSeries(); // timeline
    }
    if (parts & PartYardsticks)
        b.byYardstick(); // yardstick, byYardstick, contextTrend
    b.restsOn();        // taskRestsOn, fullRestsOn
    b.roadmapAnswers(); // roadmapKnown, roadmapAssumption, *WithoutRoadmap
    return b.take(parts);
}

namespace {
// The scenario's assumption values for the fixed target: every answer holds today's bar (the drift
// at 0); the moving bar is answered on its own (Result::movingTask/movingFull) with the scenario's
// drift, returned in `drift`.
std::vector<double> fixedTargetValues(const DataSet &data, const Scenario &sc, double &drift)
{
    std::vector<double> values = assumptionValues(data, sc);
    for (std::size_t i = 0; i < data.assumptions.size(); ++i)
        if (data.assumptions[i].name == kDriftAssumption)
            std::swap(drift, values[i]);
    return values;
}
} // namespace

ResultBuilder::ResultBuilder(const Engine &engine, const Scenario &scenario, SolverWorkspace &workspace)
    : e(engine), data(engine.mData), sc(scenario), ws(workspace), w(workspace.impl()),
      asOf(scenario.asOf.value_or(engine.mDefaultAsOf)), ctxPtr(engine.context(asOf, scenario.yardstick)), ctx(*ctxPtr),
      drift(0), values(fixedTargetValues(data, scenario, drift)), p(resolveParams(data, values)),
      tgt(engine.target(scenario, ctx))
{
    if (tgt.released > asOf)
        throw std::invalid_argument("the target " + tgt.name + " was released after the as-of date " + formatMonth(asOf));
    horizon = data.settings.horizonYear;
    eff = e.efficiency(p);
    mainMarket = e.market(ctx, p, p.budgetUsd);
    tps = p.targetTokensPerS / p.speculativeGain;
}

Params ResultBuilder::paramsFor(const FrontierModel &m) const
{
    // Each Sonnet-class row at its own measured speed, unless the scenario sets the speed.
    Params q = p;
    if (!sc.values.count(kTargetSpeedName) && m.outputSpeed)
        q.targetTokensPerS = m.outputSpeed->value;
    return q;
}

double ResultBuilder::barAt(double t) const
{
    return tgt.quality + p.targetDriftPerYear * ctx.pointScale * std::max(0.0, t - ctx.evidenceEnd);
}

} // namespace ff

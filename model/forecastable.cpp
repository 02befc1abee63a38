#include "forecastable.h"

#include <exception>

#include "forecast.h"

namespace ff {

std::vector<double> fittableAsOfDates(const Engine &engine, double from, double step)
{
    std::vector<double> out;
    const double newest = engine.defaultAsOf();
    for (double t = from; step > 0 && t < newest - 1e-6; t += step) {
        // Engine::context states the reason it cannot fit (too few scored models by then); here
        // only whether it can matters.
        try {
            engine.context(t);
            out.push_back(t);
        } catch (const std::exception &) {
        }
    }
    out.push_back(newest);
    return out;
}

std::string forecastProblem(const Engine &engine, const Scenario &s)
{
    try {
        engine.compute(s);
    } catch (const std::exception &e) {
        return e.what();
    }
    return {};
}

CarriedScenario carryScenario(const Engine &to, const Scenario &from)
{
    CarriedScenario out;
    out.scenario.name = from.name;
    out.scenario.asOf = from.asOf;
    for (const auto &[name, value] : from.values) {
        const AssumptionDef *a = to.data().assumption(name);
        if (a && checkAssumptionValue(*a, value).empty())
            out.scenario.values[name] = value;
        else
            out.droppedValues.push_back(name);
    }
    if (!from.targetModel.empty()) {
        const FrontierModel *m = to.data().frontier(from.targetModel);
        if (m && m->scored)
            out.scenario.targetModel = from.targetModel;
        else
            out.droppedTarget = from.targetModel;
    }
    if (from.asOf && !forecastProblem(to, out.scenario).empty()) {
        out.droppedAsOf = from.asOf;
        out.scenario.asOf.reset();
    }
    return out;
}

} // namespace ff

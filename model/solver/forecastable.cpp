#include "solver/forecastable.h"

#include <cmath>
#include <cstdio>
#include <exception>

#include "data/dataset.h"
#include "solver/forecast.h"
#include "core/timeutil.h"

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

std::string asOfProblem(const Engine &engine, double asOf, const std::string &target)
{
    const DataSet &d = engine.data();
    const double newest = latestAsOf(); // today's month
    const auto fits = [&](double t, std::string *why) {
        try {
            engine.context(t);
            return true;
        } catch (const std::exception &e) {
            if (why)
                *why = e.what();
            return false;
        }
    };
    // The target must be out by then, too.
    const std::string targetName = target.empty() ? d.settings.defaultTarget : target;
    const FrontierModel *m = d.frontier(targetName);
    const double released = m ? m->released : 0.0;
    std::string why;
    if (asOf > newest + 1.0 / 24)
        why = "after today's month";
    else if (asOf + 1e-9 < released)
        why = "the target " + targetName + " was released in " + formatMonth(released);
    else if (fits(asOf, &why))
        return {};
    // The earliest month the laws can be fitted at (more data only ever helps): a bisection on months.
    // Month m after 1990-01, as a YYYY-MM date reads (the middle of the month).
    const auto month = [](int m) {
        char text[16];
        std::snprintf(text, sizeof text, "%d-%02d", 1990 + m / 12, m % 12 + 1);
        return *parseDate(text);
    };
    int lo = 0;
    int hi = static_cast<int>(std::floor((newest - 1990) * 12 + 1e-6));
    std::string range;
    if (!fits(month(hi), nullptr)) {
        range = "none: the data cannot fit the laws even at " + formatMonth(newest);
    } else {
        while (lo < hi) {
            const int mid = (lo + hi) / 2;
            if (fits(month(mid), nullptr))
                hi = mid;
            else
                lo = mid + 1;
        }
        // The first whole month at or after both the fit's start and the target's release.
        int first = lo;
        while (month(first) + 1e-9 < released)
            ++first;
        range = formatMonth(month(first)) + " to " + formatMonth(newest) + " for target " + targetName;
    }
    return "as-of " + formatMonth(asOf) + " is outside the range the data supports, " + range + " (" + why + ")";
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

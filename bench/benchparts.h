#pragma once
// What forecast-bench times and instruction-driver counts: the same parts, defined once.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/assumptions.h"
#include "solver/forecast.h"

namespace ffbench {

// Median, 10th and 90th percentile and the largest of a set of timings, keys suffixed by the unit.
inline nlohmann::ordered_json spread(std::vector<double> v, const char *unit)
{
    std::sort(v.begin(), v.end());
    nlohmann::ordered_json j;
    if (v.empty())
        return j;
    j[std::string("median_") + unit] = v[v.size() / 2];
    j[std::string("p10_") + unit] = v[v.size() / 10];
    j[std::string("p90_") + unit] = v[v.size() * 9 / 10];
    j[std::string("max_") + unit] = v.back();
    j["n"] = v.size();
    return j;
}

// The machine's load when a figure was taken (wall-clock figures mean little without it).
inline std::string loadAverage()
{
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a.empty() ? std::string("unknown") : a + " " + b + " " + c;
}

// The main sliders: the ones a user drags first, one for each thing a slider moves (the market's
// trends and budget: the box list; the law; the speed; the KV term).
inline const std::vector<std::string> &mainSliders()
{
    static const std::vector<std::string> names = {
        "bandwidth_per_dollar_doubling_years", "memory_per_dollar_doubling_years", "density_doubling_years",
        "budget_usd", "target_tokens_per_s", "kv_compression"};
    return names;
}

// `n` values a drag passes through, 10 % to 90 % of the assumption's allowed range.
inline std::vector<double> dragValues(const ff::AssumptionDef &a, int n)
{
    std::vector<double> v;
    for (int i = 0; i < n; ++i) {
        double x = a.min + (a.max - a.min) * (0.1 + 0.8 * i / std::max(1, n - 1));
        if (a.integer)
            x = std::round(x);
        v.push_back(x);
    }
    return v;
}

// The headline as the window's cards show it (Engine::compute with ff::PartHeadline: the fixed
// target's answers, the moving bar, what each rests on, the answers without the roadmap entry, the
// reverse table's lag), and a drag step in the window as it opens (the headline, the Trends chart's
// series and the scenario table): what ForecastSession computes on each change of a drag.
inline ff::Result headlineRecompute(const ff::Engine &engine, const ff::Scenario &sc)
{
    return engine.compute(sc, ff::PartHeadline);
}
inline ff::Result dragStepRecompute(const ff::Engine &engine, const ff::Scenario &sc)
{
    return engine.compute(sc, ff::PartSeries | ff::PartScenarios);
}

} // namespace ffbench

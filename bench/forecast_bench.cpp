// forecast-bench: times one deterministic recompute (median of many) and Monte Carlo samples/s.
// Prints JSON. A benchmark, not a test: it asserts nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "forecast.h"
#include "montecarlo.h"

int main(int argc, char **argv)
{
    std::string dataDir = FF_SOURCE_DATA_DIR;
    int repeats = 200, samples = 10000;
    // --only recompute|mc|fan|sensitivity runs one part (for callgrind's instruction counts).
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--data" && i + 1 < argc)
            dataDir = argv[++i];
        else if (a == "--repeats" && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
        else if (a == "--samples" && i + 1 < argc)
            samples = std::max(1, std::atoi(argv[++i]));
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
    }
    using clock = std::chrono::steady_clock;
    const ff::Engine engine(ff::loadDataSet(dataDir));
    ff::Scenario s;
    std::vector<double> us;
    volatile double sink = 0;
    const auto want = [&](const char *part) { return only.empty() || only == part; };
    for (int i = 0; want("recompute") && i < repeats; ++i) {
        // Alternate a slider value as a drag would, so nothing is cached between calls.
        s.values["bandwidth_per_dollar_doubling_years"] = 6.0 + (i % 20) * 0.2;
        const auto t0 = clock::now();
        const ff::Result r = engine.compute(s);
        const auto t1 = clock::now();
        sink = sink + r.task.year;
        us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::sort(us.begin(), us.end());
    s.values.clear();
    nlohmann::ordered_json j;
    if (!us.empty()) {
        j["recompute_us_median"] = us[us.size() / 2];
        j["recompute_us_p90"] = us[us.size() * 9 / 10];
        j["recompute_us_max"] = us.back();
        j["recompute_repeats"] = repeats;
    }
    if (want("mc")) {
        const auto m0 = clock::now();
        const ff::MonteCarloResult mc = ff::runMonteCarlo(engine, s, samples, 42);
        const auto m1 = clock::now();
        const double mcSeconds = std::chrono::duration<double>(m1 - m0).count();
        j["mc_samples"] = samples;
        j["mc_seconds"] = mcSeconds;
        j["mc_samples_per_s"] = samples / mcSeconds;
        j["mc_ms_per_10000_samples"] = 1e7 / (samples / mcSeconds);
        j["mc_task_p50"] = mc.task.p50;
    }
    if (want("fan")) {
        const auto f0 = clock::now();
        const ff::MonteCarloResult fan = ff::runMonteCarlo(engine, s, samples, 42, nullptr, true);
        const auto f1 = clock::now();
        j["mc_with_fan_samples_per_s"] = samples / std::chrono::duration<double>(f1 - f0).count();
        j["fan_years"] = fan.fanYears.size();
    }
    if (want("sensitivity")) {
        const auto s0 = clock::now();
        const auto sens = ff::sensitivity(engine, s);
        const auto s1 = clock::now();
        j["sensitivity_ms"] = std::chrono::duration<double, std::milli>(s1 - s0).count();
        j["sensitivity_rows"] = sens.size();
    }
    std::printf("%s\n", j.dump(2).c_str());
    return sink < -1 ? 1 : 0;
}

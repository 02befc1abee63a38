// forecast-bench: the model's share of a drag step and of the range, on the shipped data.
//   recompute (Engine::compute: every part, what the window runs when a drag settles), a drag step
//   (the headline and the parts the opening window shows) and the headline alone (benchparts.h),
//   each moved through 20 values of every main slider: median and spread per slider;
//   Monte Carlo WITH the fan (what the window's worker runs) and without, samples/s;
//   sensitivity (the tornado), ms.
// Prints JSON with the commit it was built from. A benchmark, not a test: it asserts nothing.
// Wall-clock figures: on a shared machine read the spread, and count instructions
// (bench/instructions.py) for ratios that hold.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_commit.h"
#include "benchparts.h"
#include "solver/forecast.h"
#include "uncertainty/montecarlo.h"
#include "files/loaddata.h"

namespace {
using ffbench::loadAverage;
using ffbench::spread;
using Clock = std::chrono::steady_clock;
volatile double gSink = 0;



double cpuNowUs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

// Wall-clock and this thread's CPU time of f(), in us. On a loaded machine the wall figure counts
// the time the scheduler gave to others; the CPU figure does not (cache sharing still shows).
struct Timing {
    double wall = 0, cpu = 0;
};
template <class F> Timing timeUs(F &&f)
{
    const double c0 = cpuNowUs();
    const auto t0 = Clock::now();
    f();
    return {std::chrono::duration<double, std::micro>(Clock::now() - t0).count(), cpuNowUs() - c0};
}

// Each main slider moved through 20 values as a drag would (each value differs from the last):
// `part` (recompute, headline or drag_step) timed per value, into j.
void timeSliders(const ff::Engine &engine, const char *part, int repeats, nlohmann::ordered_json &j)
{
    const std::string which = part;
    nlohmann::ordered_json per;
    std::vector<double> all, allCpu;
    for (const std::string &name : ffbench::mainSliders()) {
        const ff::AssumptionDef *def = engine.data().assumption(name);
        if (!def)
            continue;
        std::vector<double> us, cpu;
        ff::Scenario s;
        for (int r = 0; r < repeats; ++r)
            for (double v : ffbench::dragValues(*def, 20)) {
                s.values[name] = v;
                const Timing t = timeUs([&] {
                    if (which == "recompute")
                        gSink = gSink + engine.compute(s).task.year;
                    else if (which == "headline")
                        gSink = gSink + ffbench::headlineRecompute(engine, s).task.year;
                    else
                        gSink = gSink + ffbench::dragStepRecompute(engine, s).task.year;
                });
                us.push_back(t.wall);
                cpu.push_back(t.cpu);
            }
        all.insert(all.end(), us.begin(), us.end());
        allCpu.insert(allCpu.end(), cpu.begin(), cpu.end());
        per[name] = spread(us, "us");
        per[name]["cpu"] = spread(cpu, "us");
    }
    j[std::string(part) + "_us"] = spread(all, "us");
    j[std::string(part) + "_cpu_us"] = spread(allCpu, "us");
    j[std::string(part) + "_us_per_slider"] = per;
}
} // namespace

int main(int argc, char **argv)
{
    std::string dataDir = FF_SOURCE_DATA_DIR;
    int repeats = 5, samples = 5000;
    // --only recompute|headline|drag_step|fan|fan2|mc|sensitivity runs one part.
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--data" && i + 1 < argc)
            dataDir = argv[++i];
        else if (a == "--repeats" && i + 1 < argc) // passes over each slider's 20 values
            repeats = std::max(1, std::atoi(argv[++i]));
        else if (a == "--samples" && i + 1 < argc)
            samples = std::max(1, std::atoi(argv[++i]));
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
    }
    const ff::Engine engine(ff::loadDataSet(dataDir));
    const auto want = [&](const char *part) { return only.empty() || only == part; };
    volatile double sink = 0;
    nlohmann::ordered_json j;
    j["commit"] = FF_BENCH_COMMIT;
    j["build_type"] = FF_BENCH_BUILD_TYPE;
    j["load_average_at_start"] = loadAverage();
    engine.compute(ff::Scenario{}); // the as-of context is fitted once per data set: not a drag step's cost

    for (const char *part : {"recompute", "headline", "drag_step"})
        if (want(part))
            timeSliders(engine, part, repeats, j);
    const ff::Scenario defaults;
    if (want("fan")) { // what the window's worker runs for the range
        ff::MonteCarloResult fan;
        const Timing t = timeUs([&] { fan = ff::runMonteCarlo(engine, defaults, samples, 42, nullptr, true); });
        j["mc_with_fan_samples"] = samples;
        j["mc_with_fan_samples_per_s"] = samples / (t.wall / 1e6);
        j["mc_with_fan_samples_per_cpu_s"] = samples / (t.cpu / 1e6);
        j["mc_with_fan_ms"] = t.wall / 1e3;
        j["fan_years"] = fan.fanYears.size();
        j["mc_with_fan_task_p50"] = fan.task.p50;
    }
    if (want("fan2")) { // the same run on two threads (the same figures: tst_forecast threadsGiveTheSameRange)
        ff::MonteCarloResult fan;
        timespec p0{}, p1{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &p0);
        const Timing t = timeUs([&] { fan = ff::runMonteCarlo(engine, defaults, samples, 42, nullptr, true, false, 2); });
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &p1);
        const double processCpuUs = (p1.tv_sec - p0.tv_sec) * 1e6 + (p1.tv_nsec - p0.tv_nsec) / 1e3;
        j["mc_with_fan_2_threads_samples_per_s"] = samples / (t.wall / 1e6);
        j["mc_with_fan_2_threads_samples_per_cpu_s"] = samples / (processCpuUs / 1e6); // both threads' CPU
        j["mc_with_fan_2_threads_task_p50"] = fan.task.p50;
    }
    if (want("mc")) { // without the fan (the report's range alone)
        ff::MonteCarloResult mc;
        const Timing t = timeUs([&] { mc = ff::runMonteCarlo(engine, defaults, samples, 42); });
        j["mc_samples_per_s"] = samples / (t.wall / 1e6);
        j["mc_samples_per_cpu_s"] = samples / (t.cpu / 1e6);
        j["mc_task_p50"] = mc.task.p50;
    }
    if (want("sensitivity")) {
        std::size_t rows = 0;
        const Timing t = timeUs([&] { rows = ff::sensitivity(engine, defaults).size(); });
        j["sensitivity_ms"] = t.wall / 1e3;
        j["sensitivity_cpu_ms"] = t.cpu / 1e3;
        j["sensitivity_rows"] = rows;
    }
    j["load_average_at_end"] = loadAverage();
    std::printf("%s\n", j.dump(2).c_str());
    return sink < -1 ? 1 : 0;
}

// instruction-driver: runs one measured part once, inside a function named for it, so that
//   valgrind --tool=callgrind --toggle-collect=ff_measure_<part> build/bench/instruction-driver <part>
// counts the instructions of that part alone (not the data loading or the warm-up).
// Parts: headline (benchparts.h), recompute (Engine::compute), fan1000 (1,000 Monte Carlo samples
// with the fan, as the window's worker runs them), startup (data, engine, first result; reported,
// not gated). bench/instructions.py runs it (the CI gate).
// `--info` prints the commit and build type (the budget is only comparable within one build type).
#include <cstdio>
#include <cstring>
#include <string>

#include "bench_commit.h"
#include "benchparts.h"
#include "solver/forecast.h"
#include "uncertainty/montecarlo.h"
#include "files/loaddata.h"

namespace {
// One drag step's scenario: a market slider moved off its default (the box list is rebuilt, as a
// drag on it does).
ff::Scenario dragStep()
{
    ff::Scenario s;
    s.values["bandwidth_per_dollar_doubling_years"] = 3.1;
    return s;
}
volatile double gSink = 0;
} // namespace

// Not inlined and with C names, so --toggle-collect finds them.
extern "C" __attribute__((noinline)) void ff_measure_headline(const ff::Engine *e)
{
    gSink = gSink + ffbench::headlineRecompute(*e, dragStep()).task.year;
}
extern "C" __attribute__((noinline)) void ff_measure_recompute(const ff::Engine *e)
{
    gSink = gSink + e->compute(dragStep()).task.year;
}
extern "C" __attribute__((noinline)) void ff_measure_fan1000(const ff::Engine *e)
{
    gSink = gSink + ff::runMonteCarlo(*e, ff::Scenario{}, 1000, 42, nullptr, true).task.p50;
}

// Start-up's model part (reported, not gated): the data parsed, the engine built, the first result.
extern "C" __attribute__((noinline)) void ff_measure_startup(const char *dataDir)
{
    const ff::Engine engine(ff::loadDataSet(dataDir));
    gSink = gSink + engine.compute(ff::Scenario{}).task.year;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: instruction-driver headline|recompute|fan1000|startup|--info [DATA_DIR]\n");
        return 2;
    }
    const std::string part = argv[1];
    if (part == "--info") {
        std::printf("{\"commit\": \"%s\", \"build_type\": \"%s\"}\n", FF_BENCH_COMMIT, FF_BENCH_BUILD_TYPE);
        return 0;
    }
    const char *dataDir = argc > 2 ? argv[2] : FF_SOURCE_DATA_DIR;
    if (part == "startup") {
        ff_measure_startup(dataDir);
        return gSink < -1 ? 1 : 0;
    }
    const ff::Engine engine(ff::loadDataSet(dataDir));
    engine.compute(ff::Scenario{}); // warm-up: the as-of context is fitted once per data set
    if (part == "headline")
        ff_measure_headline(&engine);
    else if (part == "recompute")
        ff_measure_recompute(&engine);
    else if (part == "fan1000")
        ff_measure_fan1000(&engine);
    else {
        std::fprintf(stderr, "instruction-driver: unknown part \"%s\"\n", part.c_str());
        return 2;
    }
    return gSink < -1 ? 1 : 0;
}

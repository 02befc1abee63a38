#pragma once
// Back-test: run the engine as of past dates (every fit redone on what was released by then) and
// compare when it said a model of a given quality would first run at the target speed on a box
// under the budget with when the catalogs say it did (the engine's observed parity as of the
// newest date). Also how the local ceiling (best catalog model at API speed) and the lag moved.
#include <string>
#include <vector>

#include "assumptions.h"
#include "forecast.h"

namespace ff {

struct BacktestSpec {
    std::vector<double> asOfDates;          // fractional years
    std::vector<std::string> thresholds;    // frontier models (scored): their quality is the bar
    Scenario base;                          // values other than as-of and target (budget, speed, ...)
};

// 2023-12, 2024-07, 2025-01, 2025-07 against the quality of GPT-4 (Mar 2023), Claude 3.5 Sonnet
// (Jun 2024) and o1 (Dec 2024). 2023-12 is the first month-end at which the quality law can be
// fitted (it needs four scored open models: Llama 2 x3 and Yi-34B).
BacktestSpec defaultBacktestSpec();

struct BacktestRow {
    double asOf = 0;
    std::string threshold;          // the frontier model whose quality is the bar
    double thresholdQuality = 0;
    double thresholdReleased = 0;
    bool predictedReached = false;  // within the horizon
    double predictedYear = 0;       // task-level parity year the engine gave as of asOf
    bool observedAtAsOf = false;    // it had already happened at asOf (the prediction is the record)
    bool actualReached = false;     // observed by the newest date in the catalogs
    double actualYear = 0;
    std::string actualModel, actualBox, actualQuant;
    bool hasError = false;          // both years known
    double errorYears = 0;          // predicted - actual (negative: predicted too early)
    double earlyByAtLeast = 0;      // not yet happened although predicted before the newest date: how late it already is
};

struct CeilingRow {
    double asOf = 0;
    CatalogRun run;                 // best catalog model at API speed on a box under the budget then
    bool hasMatch = false;
    std::string frontierMatch;      // first frontier model at least as good
    double frontierMatchYear = 0;
    double lagYears = 0;
};

// One row per (as-of date, threshold released by then). Throws what Engine throws for a date the
// data cannot be fitted at.
std::vector<BacktestRow> backtest(const Engine &engine, const BacktestSpec &spec = defaultBacktestSpec());
// The reverse prediction's first row at each date of the spec and at the newest date.
std::vector<CeilingRow> ceilingHistory(const Engine &engine, const BacktestSpec &spec = defaultBacktestSpec());

} // namespace ff

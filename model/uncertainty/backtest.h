#pragma once
// Back-test: run the engine as of past dates (every fit redone on what was released by then) and
// compare when it said a model of a given quality would first run at the target speed on a box
// under the budget with when the catalogs say it did (the engine's observed parity as of the
// newest date). Also how the local ceiling (best catalog model at API speed) and the lag moved.
#include <cstdint>
#include <string>
#include <vector>

#include "data/assumptions.h"
#include "physics/calibration.h"
#include "solver/forecast.h"

namespace ff {

// What a resolved row's "actual" rests on: a measured run of that model on that box (a decode row of
// data/measurements.json, same model, part and GPU count), or the released model's size through the
// calibrated roofline (no such run).
enum class ActualKind { None, Measured, Computed };

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
    ActualKind actualKind = ActualKind::None; // measured run or computed (see actualKindOf)
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

// Rolling back-test (model/README.md, "Rolling back-test"): at every quarter from the first date the
// quality law can be fitted on what was known then up to the last that leaves a quarter to check,
// everything is frozen to that origin: catalogs cut by release, scores from the newest index
// snapshot published by then (the earliest one when none was; said per row), the speed calibration
// refitted on the measurements made by then (llama.cpp generations dated before the origin), and the
// fitted defaults (the calibrated efficiencies, the law's scatter) refitted on that data. The Monte
// Carlo's P10/P50/P90 of task-level parity is set against what happened: observed parity in today's
// catalogs, or "not yet".
const char *actualKindName(ActualKind k); // "measured", "computed", "" (no actual)
// Measured when `d` holds a decode measurement of `model` on the box's part with its GPU count
// ("2x RTX 3090": two RTX 3090); None for an empty model or box.
ActualKind actualKindOf(const DataSet &d, const std::string &model, const std::string &box);

// The threshold-weighted CRPS (years) of the forecast given by `samples` (+inf: beyond the horizon)
// with the weight 1{x <= cutoff}: integral over x <= cutoff of (F(x) - 1{actual <= x})^2, F the
// samples' empirical CDF. An actual after the cutoff (or +inf / NaN: not yet by the newest data) is
// right-censored there: the score is then integral over x <= cutoff of F(x)^2, which needs only
// "later than the cutoff". Proper for every row alike (model/README.md, "Rolling back-test").
double censoredCrps(const std::vector<double> &samples, double actual, double cutoff);

struct RollingRow {
    double origin = 0;
    std::string target;
    double budgetUsd = 0;          // the budget row the box must stay under
    double targetQuality = 0;      // in the frozen snapshot
    ParityKind kind = ParityKind::NotReached; // the deterministic answer at the origin
    double point = 0;              // its year (+inf: none within the horizon)
    double p10 = 0, p50 = 0, p90 = 0; // +inf: beyond the horizon
    bool hasActual = false;        // observed in today's catalogs
    double actual = 0;
    std::string actualModel, actualBox;
    ActualKind actualKind = ActualKind::None;
    bool inside = false;           // actual within [P10, P90]; for "not yet": P90 after the newest data
    double errorYears = 0;         // P50 - actual (resolved rows)
    int nModels = 0;               // scored open models the law was fitted on
    int nMeasurements = 0;         // measured runs the calibration was refitted on
    double scoreSnapshot = 0;      // the index snapshot the scores come from
    bool snapshotAfterOrigin = false; // no snapshot had been published by the origin: the earliest is used
    // The forecast scored: the Monte Carlo's samples after the origin (the range's own samples, sorted;
    // +inf beyond the horizon); when none lies after it, every sample moved to the origin.
    std::vector<double> samples;
    double crps = 0;               // censoredCrps(samples, actual or +inf, newest data)
    // Baseline (a): the lag of the bar observed last by the origin held constant: bar release + lag
    // (not before the origin). hasLagBaseline false: nothing observed by then at this budget.
    bool hasLagBaseline = false;
    double lagYears = 0, lagForecast = 0, lagCrps = 0;
    std::string lagFrom;           // the bar that lag was observed on
    // Baseline (b): last quarter's answer, the row of the origin a quarter earlier (same bar and budget),
    // its samples scored against this row's truth. false: no such row.
    bool hasPreviousBaseline = false;
    double previousP50 = 0, previousCrps = 0;
};
struct BaselineScore {
    std::string name;              // "constant_lag", "last_quarter"
    std::string label;
    int n = 0;                     // rows with an answer from the baseline
    int resolved = 0;              // of which resolved
    double maeYears = 0;           // mean |point - actual| over resolved rows (point: its P50)
    double crpsYears = 0;          // mean censored CRPS over its n rows
    double modelCrpsYears = 0;     // the model's mean censored CRPS over the same rows
};
struct RollingSummary {
    int n = 0;                     // rows
    int resolved = 0;              // rows whose truth is known (observed by the newest data)
    double maeYears = 0;           // mean |P50 - actual| over resolved rows
    double coverage = 0;           // share of resolved rows with the actual within P10-P90
    int notYet = 0;                // rows not observed by the newest data
    int notYetConsistent = 0;      // of which P90 lies after the newest data (the range allowed "not yet")
    int distinctEvents = 0;        // distinct (model, box) that resolved rows
    int measured = 0;              // resolved rows whose actual is a measured run
    double crpsYears = 0;          // mean censored CRPS over every row
    std::vector<BaselineScore> baselines; // constant lag, last quarter
};
struct RollingBacktest {
    std::vector<RollingRow> rows;
    RollingSummary summary;
    double newest = 0;             // the newest data date: what "not yet" means
};
// Monte Carlo draws per back-test row: every scored frontier model at every budget row gives a few
// hundred rows; 200 draws each keep the whole sweep to a few seconds.
constexpr int kBacktestSamples = 200;
// Which bars and budgets the sweep covers. Empty: every scored frontier model, and every budget row
// of the data plus the scenario's own budget (the report's). A narrower spec replays an older sweep
// (the first release's: the three thresholds and the Sonnet-class models at the scenario's budget).
struct RollingSpec {
    std::vector<std::string> bars;
    std::vector<double> budgetsUsd;
};
RollingSpec firstReleaseRollingSpec(const Engine &today, const Scenario &base);
// `samples` Monte Carlo draws per row (seeded); `base` supplies everything but target, budget and as-of.
RollingBacktest rollingBacktest(const Engine &today, const Scenario &base, int samples, std::uint64_t seed,
                                const RollingSpec &spec = {});
// Every catalog row released after `cut` removed, with the price observations dated after it (and a
// new-supply end after it); the hardware and its price paths stay aligned.
DataSet cutData(const DataSet &d, double cut);
// The data as known at `origin` (see above): *snapshot gets the index snapshot its scores come from,
// *snapshotAfter whether that snapshot was published after the origin (none had been by then).
DataSet frozenData(const DataSet &d, const CalibrationInputs &in, double origin, double *snapshot, bool *snapshotAfter);

// One row per (as-of date, threshold released by then). Throws what Engine throws for a date the
// data cannot be fitted at.
std::vector<BacktestRow> backtest(const Engine &engine, const BacktestSpec &spec = defaultBacktestSpec());
// The reverse prediction's first row at each date of the spec and at the newest date.
std::vector<CeilingRow> ceilingHistory(const Engine &engine, const BacktestSpec &spec = defaultBacktestSpec());

} // namespace ff

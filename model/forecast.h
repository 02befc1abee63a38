#pragma once
// The forecast: parity solver, scenario and budget tables, reverse prediction and chart series,
// all computed from a DataSet and a Scenario.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "assumptions.h"
#include "calibration.h"
#include "dataset.h"
#include "fits.h"
#include "market.h"
#include "roofline.h"

namespace ff {

struct DeffBound; // forecast.cpp

enum class ParityMode { TaskLevel, FullProduct };

// Everything that depends only on the data and the as-of date (refitted for a hindcast).
struct Context {
    std::uint64_t id = 0; // unique per Context made (caches key on it, never on an address)
    double asOf = 0;
    bool hindcast = false;
    QualityLaw law;
    KvLaw kv;
    LineFit bandwidthPerDollar; // consumer GPUs, launch bandwidth per launch dollar
    LineFit memoryPerDollar;
    LineFit computePerDollar;
    std::vector<QuantLevel> levels;     // the levels the solver may choose (settings.quant_levels)
    std::vector<double> levelNatsLoss;  // ln(ppl/ppl_F16) per level
    double minFittedDeffB = 0;         // the law is not extrapolated below this size
    std::vector<const OpenModel *> scoredOpenModels; // released by asOf, with a score, best first
    // Per catalog part (index in DataSet::parts): the priced parts of its kind released by asOf with
    // at least its memory, bandwidth and FLOPS (the first of identical parts counts as the better).
    // Any box of n such cards matches or beats one of n of this part, whatever the assumptions.
    std::vector<std::vector<std::uint16_t>> specDominators;
    std::vector<const HardwarePart *> lineBases; // what each product line projects from (market.h)
};

struct ParityResult {
    bool reached = false;          // within the horizon
    bool alreadyReached = false;   // feasible on or before as_of
    double year = 0;               // fractional year, first day of the month
    std::string box;
    std::string model;             // observed parity: the catalog model; projected: empty (a model shape)
    std::string quant;
    double paramsTotalB = 0, paramsActiveB = 0;
    double requiredDeffB = 0;
    double achievedDeffB = 0;      // largest effective size the box runs at speed then
    Binding bottleneck = Binding::None; // what limits the box just before parity
    std::string bottleneckText;
};

struct ScenarioRow {
    double year = 0;
    std::string box;
    double boxCostUsd = 0;
    double localDeffB = 0;         // best dense-equivalent size at API speed (after quantization loss)
    double localQuality = 0;       // quality law at that size and year
    double targetQuality = 0;
    std::string frontierEquivalent; // first frontier model at least as good
    double frontierEquivalentYear = 0;
    double targetSpeedTokensPerS = 0; // a Sonnet-class-size model on that box (0: does not fit)
    bool taskParity = false, fullParity = false;
    std::string verdict;
};

struct CatalogRun {
    std::string model;
    std::string quant;
    std::string box;
    double quality = 0;       // after quantization loss
    double decodeTokensPerS = 0;
    double memoryGb = 0;
    bool found = false;
};

struct BudgetRow {
    double budgetUsd = 0;
    std::string box;
    double boxCostUsd = 0;
    CatalogRun atApiSpeed;     // best catalog model at API speed
    CatalogRun largestFit;     // largest catalog model that fits at any speed
    double shapeDeffB = 0;     // best model shape at API speed
    Binding binding = Binding::None;
    std::string compromise;
    ParityResult task, full;
};

struct ReverseRow {
    std::string constraint;    // "API speed", "relaxed speed", "dual GPU"
    CatalogRun run;
    std::string frontierMatch; // first frontier model at least as good
    double frontierMatchYear = 0;
    double lagYears = 0;
    bool hasMatch = false;
};

// A chart series. `role` names what it is (stable, for the window to style and find it);
// `stepped` marks a quantity that changes in steps (a new part, a new model), drawn as steps.
struct Series {
    std::string name;
    std::string unit;
    std::vector<double> x, y;
    std::string role;
    bool stepped = false;
    std::vector<std::string> labels; // per point, when the points are named (catalog models, boxes)
};

struct TargetParity {
    std::string target;
    double targetQuality = 0;
    ParityResult task, full;
};

struct Result {
    Scenario scenario;
    double asOf = 0;
    double budgetUsd = 0;
    std::string targetModel;
    double targetQuality = 0;
    double targetReleased = 0;
    ParityResult task, full;
    std::vector<TargetParity> perTarget; // every Sonnet-class model in the catalog, plus a drifting bar
    std::vector<ScenarioRow> scenarios;
    std::vector<BudgetRow> budgets;
    std::vector<ReverseRow> reverse;
    double currentLagYears = 0;
    // Fits shown beside the sliders.
    double fittedBandwidthDoublingYears = 0, fittedMemoryDoublingYears = 0, fittedComputeDoublingYears = 0;
    double fittedDensityDoublingYears = 0;
    QualityLaw law;
    KvLaw kv;
    // Chart series.
    std::vector<Series> trends;      // indexed to 1.0 at t0
    // needed vs offered, as dense-equivalent sizes (B) on the solver's own test: the size the target
    // needs each month (projected from as-of) and the size the best box under budget runs at API speed
    std::vector<Series> crossing;
    // frontier envelope; best local observed (catalog models on catalog boxes, up to as-of) and
    // projected (the law on the best box, from as-of); the target
    std::vector<Series> timeline;
    std::vector<std::string> warnings;
};

class Engine {
public:
    // Reads calibration.json from the data's directory (throws DataError if it is missing or bad).
    explicit Engine(DataSet data);

    const DataSet &data() const { return mData; }
    // Fits for an as-of date (cached; thread-safe).
    std::shared_ptr<const Context> context(double asOf) const;
    double defaultAsOf() const { return mDefaultAsOf; }

    Result compute(const Scenario &s) const;

    // The solver alone, for Monte Carlo and sensitivity.
    struct Solve {
        ParityResult task, full;
        std::vector<double> localQuality; // at pathYears, when asked (NaN: nothing runs at speed)
    };
    Solve solve(const Context &ctx, const Params &p, double targetQuality, double targetReleased, double budget,
                bool wantFull = true, const std::vector<double> *pathYears = nullptr) const;
    // Best local quality index at API speed on the boxes available by each year (the law at that size).
    std::vector<double> localQualityPath(const Context &ctx, const Params &p, const std::vector<Box> &boxes,
                                         const std::vector<double> &years) const;

    // Helpers exposed for tests.
    bool breakthroughOn(const Params &p) const;
    double lawQuality(const Context &ctx, const Params &p, double deffB, double t) const;
    double requiredDeff(const Context &ctx, const Params &p, double targetQuality, double t) const;
    double retention(const Context &ctx, const Params &p, std::size_t level) const;
    const FrontierModel &target(const Scenario &s) const;
    // The roofline's constants: the sliders' shares plus the calibrated KV share and fixed times.
    Efficiency efficiency(const Params &p) const;
    const Calibration &calibration() const { return mCal; }
    // The projected generations (roadmap entry and trend successors) the solver sees for a scenario.
    std::vector<ProjectedPart> projectedParts(const Scenario &s) const;

private:
    // The law's required size after as-of, for the first time it falls to a size M (from ts >= as-of).
    struct RequiredPath {
        double asOf = 0, a0 = 0, k = 0, minFittedDeffB = 0;
        bool breakthrough = false;
        double breakthroughYear = 0, breakthroughDeffB = 0, horizon = 0;
        double firstTimeBelow(double M, double ts) const; // +inf: not by the horizon
    };
    RequiredPath requiredPath(const Context &ctx, const Params &p, double targetQuality) const;
    double firstTimeRequiredBelow(const Context &ctx, const Params &p, double targetQuality, double M, double ts) const;
    double boxParityTime(const Context &ctx, const Params &p, const Box &box, double targetQuality, double ts,
                         ParityMode mode) const;
    ParityResult observedParity(const Context &ctx, const Params &p, const std::vector<Box> &boxes,
                                double targetQuality, double startYear, ParityMode mode, bool details) const;
    // details: also fill box, shape and bottleneck (strings and extra solves the Monte Carlo skips).
    ParityResult parity(const Context &ctx, const Params &p, const std::vector<Box> &boxes, double targetQuality,
                        double startYear, ParityMode mode, bool details = true) const;
    bool feasible(const Context &ctx, const Params &p, const Box &box, double targetQuality, double t,
                  ParityMode mode, ParityResult *detail) const;
    ShapeLimit bestShape(const Context &ctx, const Params &p, const BoxSpec &spec, double kvBytes, double tps,
                         double ctxTokens, bool full, std::size_t *levelOut) const;
    // modelsBy: only models released by then (default: as-of).
    CatalogRun bestCatalogRun(const Context &ctx, const Params &p, const std::vector<const Box *> &boxes,
                              double tps, bool largestInstead, double modelsBy = -1) const;

    struct LevelChoice {
        std::uint64_t ctxId = 0;
        double k = 0, alpha = 0;
        std::vector<double> retention;
        std::size_t best = 0, bestWithPrefill = 0;
    };
    const LevelChoice &levelChoice(const Context &ctx, const Params &p) const;
    // An optimistic bound on the effective size any box runs at speed (required sizes >= dMin).
    DeffBound deffBound(const Context &ctx, const Params &p, double ctxTokens, bool full, double dMin) const;

    DataSet mData;
    Calibration mCal;
    double mDefaultAsOf = 0;
    mutable std::mutex mMutex;
    mutable std::vector<std::shared_ptr<const Context>> mContexts;
};


} // namespace ff

#pragma once
// The forecast: parity solver, scenario and budget tables, reverse prediction and chart series,
// all computed from a DataSet and a Scenario.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "data/assumptions.h"
#include "physics/calibration.h"
#include "data/dataset.h"
#include "data/fits.h"
#include "market/market.h"
#include "physics/roofline.h"
#include "data/yardstick.h"

namespace ff {

struct DeffBound; // forecast.cpp

// Scratch storage for the solver's searches, owned by the caller and reused from call to call (the
// Monte Carlo keeps one for all its samples; one per thread, never shared). It also remembers the
// box that won the last search (by part index, line and generation, not by address), tried first
// next time. Only the speed depends on what it holds, never an answer.
class SolverWorkspace {
public:
    SolverWorkspace();
    ~SolverWorkspace();
    SolverWorkspace(const SolverWorkspace &) = delete;
    SolverWorkspace &operator=(const SolverWorkspace &) = delete;
    struct Impl; // forecast.cpp
    Impl &impl() { return *mImpl; }

private:
    std::unique_ptr<Impl> mImpl;
};

enum class ParityMode { TaskLevel, FullProduct };

// What a parity answer rests on (model/README.md, section 5):
// Observed    a released, scored catalog model runs at the target on a catalog box within budget;
// Implied     due by the law on or before as-of, nothing observed confirms it ("due by the law since
//             YYYY-MM, not observed"), whether the law's month falls before or after the end of the evidence;
// Projected   a date from the law after as-of (the only kind that is a forecast of the future);
// NotReached  not within the horizon.
enum class ParityKind { NotReached, Observed, Implied, Projected };
const char *parityKindName(ParityKind k); // "observed", "implied", "projected", "not_reached"

// Everything that depends only on the data, the as-of date (refitted for a hindcast) and the yardstick.
struct Context {
    std::uint64_t id = 0; // unique per Context made (caches key on it, never on an address)
    double asOf = 0;
    bool hindcast = false;
    // Whether the law may be projected (implied and projected answers): not when its size slope's 95%
    // interval includes zero, since the required size divides by that slope (then only observed
    // answers stand, and `notProjectableWhy` says why).
    bool projectable = true;
    std::string notProjectableWhy;
    // The explicit roadmap entry is known at this as-of (as-of >= settings.roadmap.knownSince): a
    // back-test origin before it does not see it; any as-of after it sees it the same way.
    bool roadmapKnown = false;
    // The end of the evidence: the newest release among the scored open models the law is fitted on.
    // The law's fitted pace holds up to it and projections start from it, never from as-of, so moving
    // as-of with the same evidence moves no answer.
    double evidenceEnd = 0;
    // The law is searched from the first month of its evidence on (it is not extrapolated backwards).
    double lawStart = 0;
    // Observed parity counts up to here: as-of, but never past the newest data.
    double observedUntil = 0;
    // The yardstick: the catalogs below carry `quality` on its scale (ECI points, or the log-odds of
    // SWE-bench Verified), and the law is fitted on it, so the solver reads them unchanged.
    Yardstick yardstick = Yardstick::General;
    std::vector<OpenModel> openModels;         // the data's open models, quality on this yardstick's scale
    std::vector<FrontierModel> frontierModels; // likewise (unscored on it: scored == false)
    VendorGap vendorGap;                       // coding: vendor claims vs independent runs (log-odds)
    BarCrosswalk barCrosswalk;                 // coding (SWE-rebench): the targets' bars from the general index
    int independentOpen = 0, vendorOpen = 0;   // the law's points by kind of figure
    // Sliders in index points (quality offset, target drift, close gap) are read in residual SDs of
    // the general law: on another yardstick they are scaled by its residual SD over the general one.
    double pointScale = 1.0;
    // Context limits: projected models support the trend of open releases (log2 tokens per year).
    LineFit contextTrend;
    QualityLaw law;
    KvLaw kv;
    LineFit bandwidthPerDollar; // consumer GPUs, launch bandwidth per launch dollar
    LineFit memoryPerDollar;
    // Compute per launch dollar, fitted on ONE figure kind (hardware.json prefill_tops_kind, the figure
    // prefill uses and the projection grows): the kind with the most priced GPUs released by asOf.
    // Fits of the other kinds (three parts or more) are kept beside it, never pooled.
    LineFit computePerDollar;
    std::string computePerDollarKind;
    std::vector<std::pair<std::string, LineFit>> computePerDollarByKind; // every kind with >= 3 parts
    std::vector<QuantLevel> levels;     // the levels the solver may choose (settings.quant_levels)
    std::vector<double> levelNatsLoss;  // ln(ppl/ppl_F16) per level
    double minFittedDeffB = 0;         // the law is not extrapolated below this size
    std::vector<const OpenModel *> scoredOpenModels; // released by asOf, with a score, best first
    // Per catalog part (index in DataSet::parts): the priced parts of its kind released by asOf with
    // at least its memory, bandwidth and FLOPS (the first of identical parts counts as the better).
    // Any box of n such cards matches or beats one of n of this part, whatever the assumptions.
    std::vector<std::vector<std::uint32_t>> specDominators;
    std::vector<const HardwarePart *> lineBases; // what each product line projects from (market.h)
    // pricedUntil(data, asOf) (market.h): when each catalog part stops having a price a buyer could
    // pay. It depends on the data and the as-of alone, so the solver's box lists (one per Monte Carlo
    // sample) read it here instead of working it out per list.
    std::vector<double> pricedUntil;
};

// Why a parity answer comes when it does. State only: the words are bottleneckText (report.h).
enum class HeldBack {
    NotReached,   // no answer within the horizon
    Binding,      // `binding` limits the best box available just before parity
    Observed,     // nothing: it was observed (the catalog model on the catalog box)
    NoBox,        // no box within budget just before parity
    ContextLimit, // boxes were ready; the open models' context limits were not
};
struct Bottleneck {
    HeldBack by = HeldBack::NotReached;
    Binding binding = Binding::None;
    std::string observedModel, observedBox; // Observed
    double contextTokens = 0;               // ContextLimit: the context the release trend reaches then
    std::string reliefBox;                  // Binding/NoBox: the box that relieves it (empty: none named)
    bool reliefShips = false;               // it relieves it when it ships (projected), not when it falls within budget
};

// A row of the scenario table: how the best local box compares with the target that year.
enum class Verdict { TooEarly, Close, TaskLevel, FullProduct }; // words: verdictText (report.h)

struct ParityResult {
    bool reached = false;          // within the horizon (observed, implied or projected)
    bool alreadyReached = false;   // observed: on or before as_of with a real model on a real box
    ParityKind kind = ParityKind::NotReached;
    // Fractional year, first day of the month: observed, the first month a catalog model ran on a
    // catalog box; implied and projected, the first month the law allows it (for implied this is in
    // the past of the evidence and is not a forecast: the answer gives no date, only how overdue).
    double year = 0;
    double lawYear = 0;            // the law's first month (also for observed answers; 0 when none)
    double evidenceEnd = 0;        // the end of the evidence the answer rests on
    double asOf = 0;               // the as-of the kind was decided against (implied: year <= asOf < projected)
    std::string box;
    bool onRoadmap = false;        // the box is the roadmap entry or a generation projected from it (restsOnRoadmap)
    std::string model;             // observed parity: the catalog model; projected: empty (a model shape)
    bool derivedScore = false;     // observed on a model whose score is derived (crosswalk.h), not the index's
    std::string quant;
    double paramsTotalB = 0, paramsActiveB = 0;
    double requiredDeffB = 0;
    double achievedDeffB = 0;      // largest effective size the box runs at speed then
    Binding bottleneck = Binding::None; // what limits the box just before parity
    Bottleneck heldBack;                // why the answer comes then (the bottleneck above, or why none is named)
    std::optional<BoxPrice> boxPrice; // the box's price by part when it is bought: in the parity month (within budget then)
    std::string notProjectable; // not reached because the law cannot be projected (Context::notProjectableWhy)
    // What the box costs in the parity month itself (the same as boxPrice: a box is an answer only in a
    // month it is affordable, issue 26). pricedThen: false when the part has no price then.
    std::optional<BoxPrice> priceAtParity;
    bool pricedThen = true;
    // The cheapest month it could have been bought in before (Box::cheapestUpTo), when cheaper than in
    // the parity month: said beside the answer, never instead of it.
    std::optional<BoxPrice> earlierPurchase;
};

struct ScenarioRow {
    double year = 0;
    std::string box;
    double boxCostUsd = 0;         // the box bought that year: the card(s) and, for a GPU box, the host with its RAM tier
    double hostRamGb = 0;          // GPU boxes: the host RAM tier the cost includes (0: a unified system)
    bool usedOnly = false;         // the part is sold only used by then (its new supply ended)
    double localDeffB = 0;         // best dense-equivalent size at API speed (after quantization loss)
    double localQuality = 0;       // quality law at that size and year
    double targetQuality = 0;
    std::string frontierEquivalent; // first frontier model at least as good
    double frontierEquivalentYear = 0;
    double targetSpeedTokensPerS = 0; // a Sonnet-class-size model on that box (0: does not fit)
    bool taskParity = false, fullParity = false;
    Verdict verdict = Verdict::TooEarly;
};

struct CatalogRun {
    std::string model;
    std::string quant;
    std::string box;
    double quality = 0;       // after quantization loss
    bool derived = false;     // the model's score is derived (crosswalk.h): shown as "derived"
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
    std::vector<std::string> labels{}; // per point, when the points are named (catalog models, boxes)
    // Indices where the line starts again after a gap (months with no answer, e.g. no box under the
    // budget): a chart draws the points between two starts as one line and never bridges a gap.
    std::vector<std::size_t> restarts{};
};

struct TargetParity {
    std::string target;
    double targetQuality = 0;
    std::string crosswalked; // the bar is crosswalked, not measured: "crosswalked from ECI ..." (yardstick.h)
    ParityResult task, full;
};

// Parity under one yardstick (the report prints them side by side).
struct YardstickParity {
    Yardstick yardstick = Yardstick::General;
    bool available = false;
    std::string why;            // when not available: what is missing
    double targetScore = 0;     // on the display scale (index points or percent)
    bool targetIndependent = true;
    std::string targetCrosswalked; // as TargetParity::crosswalked
    ParityResult task, full;
    std::vector<TargetParity> perTarget; // quality on the display scale
    std::vector<std::string> vendorOnlyTargets; // targets scored by a vendor claim only (adjusted by the gap)
    QualityLaw law;
    VendorGap vendorGap;
    BarCrosswalk barCrosswalk; // coding (SWE-rebench): the targets' bars from the general index
    int independentOpen = 0, vendorOpen = 0;
};

// What an answer rests on: each assumption that has an "off" value (data/assumptions.json `neutral`),
// re-solved at it; the one that moves the date most is named in the headline.
struct RestsOnRow {
    std::string name, label, neutralLabel;
    double value = 0, neutral = 0;
    bool reached = false;   // parity within the horizon with it off
    double year = 0;        // then
    double movesYears = 0;  // later (+) or earlier (-) than the answer; horizon + 1 when not reached
};
struct RestsOn {
    Bottleneck binding;             // what binds the answer (HeldBack::NotReached: no answer)
    std::vector<RestsOnRow> rows;   // most moving first
    const RestsOnRow *top() const { return rows.empty() || rows.front().movesYears == 0 ? nullptr : &rows.front(); }
    // Its sentence ("binding: memory bandwidth; needs 2x KV-cache compression; with ... 2030-07") is restsOnText (report.h).
};

// The hosted bar's drift (data/assumptions.json): it moves only the moving-bar answer, never the fixed
// target (the headline, the tables, the charts, the tornado and the fan answer the fixed target).
constexpr const char *kDriftAssumption = "target_drift_per_year";

// Whether an answer rests on the roadmap entry: without it, its kind or its month differs.
bool restsOnRoadmap(const ParityResult &with, const ParityResult &without);

// The parts of a Result, for a compute that fills only what is on screen (a drag step: the headline
// and the visible chart or table; Engine::compute(s, parts)). Every part filled is what the full
// compute gives (tst_engine::partsEqualTheFullCompute); a part left out stays empty.
enum ResultPart : unsigned {
    // Always filled: the target and the fits beside the sliders, the fixed-target answer, the moving
    // bar, what each answer rests on, the answers without the roadmap entry, the reverse table (the
    // lag card) and the warnings.
    PartHeadline = 0,
    PartTargets = 1u << 0,    // perTarget
    PartScenarios = 1u << 1,  // scenarios (the table year by year)
    PartBudgets = 1u << 2,    // budgets (the table budget by budget)
    PartSeries = 1u << 3,     // trends, crossing, timeline
    PartYardsticks = 1u << 4, // byYardstick, contextTrend
    PartAll = PartTargets | PartScenarios | PartBudgets | PartSeries | PartYardsticks,
};

struct Result {
    unsigned parts = PartAll; // what was computed (ResultPart); the rest is empty
    Scenario scenario;
    double asOf = 0;
    double budgetUsd = 0;
    std::string targetModel;
    double targetQuality = 0;
    std::string targetCrosswalked; // the bar is crosswalked, not measured: "crosswalked from ECI ..." (yardstick.h)
    double targetReleased = 0;
    // Two questions (model/README.md section 5): the fixed target (today's bar: the target's score, the
    // drift held at 0) is task/full and everything below answers it; the moving bar (the hosted model
    // keeps improving by target_drift_per_year after the end of the evidence) is movingTask/movingFull.
    ParityResult task, full;
    double movingBarDrift = 0; // quality points a year
    ParityResult movingTask, movingFull;
    // The explicit roadmap entry (a labelled assumption): whether it is known at as-of, its sentence
    // ("a 64 GB NVIDIA flagship ships in 2028"), and each answer re-solved without it. An answer rests on
    // it when its kind or month differs without it (restsOnRoadmap).
    bool roadmapKnown = false;
    std::string roadmapAssumption;
    ParityResult taskWithoutRoadmap, fullWithoutRoadmap, movingTaskWithoutRoadmap, movingFullWithoutRoadmap;
    std::vector<TargetParity> perTarget; // every Sonnet-class model in the catalog (fixed targets)
    Yardstick yardstick = Yardstick::General;
    std::vector<YardstickParity> byYardstick; // every yardstick, the chosen one included
    RestsOn taskRestsOn, fullRestsOn;
    LineFit contextTrend;                 // log2 context limit of open releases per year
    std::vector<ScenarioRow> scenarios;
    std::vector<BudgetRow> budgets;
    std::vector<ReverseRow> reverse;
    double currentLagYears = 0;
    // Fits shown beside the sliders.
    double fittedBandwidthDoublingYears = 0, fittedMemoryDoublingYears = 0, fittedComputeDoublingYears = 0;
    std::string fittedComputeKind; // the one figure kind the compute fit uses
    int fittedComputeN = 0;
    double fittedDensityDoublingYears = 0;
    QualityLaw law;
    KvLaw kv;
    double kvFloorBytes = 0;      // the scenario's floor under the KV law (FP16 bytes per token)
    double kvFloorFromYear = 0;   // the release date from which the floor binds for a 30B-class model (0: never before the horizon)
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
    // With the calibration loadDataSet read beside the data (throws DataError when it had none).
    // No constructor reads a file.
    explicit Engine(DataSet data);
    // With a calibration made elsewhere (the rolling back-test refits it on what was measured by then).
    Engine(DataSet data, Calibration cal);

    const DataSet &data() const { return mData; }
    // Fits for an as-of date and a yardstick (cached; thread-safe). Throws std::runtime_error when the
    // yardstick has too few scored open models by then.
    std::shared_ptr<const Context> context(double asOf, Yardstick y = Yardstick::General) const;
    double defaultAsOf() const { return mDefaultAsOf; }

    Result compute(const Scenario &s) const { return compute(s, PartAll); }
    // Only the headline and `parts` (ResultPart): what a drag step shows. Each part filled equals the
    // full compute's.
    Result compute(const Scenario &s, unsigned parts) const;

    // The solver alone, for Monte Carlo and sensitivity.
    struct Solve {
        ParityResult task, full;
        std::vector<double> localQuality; // at pathYears, when asked (NaN: nothing runs at speed)
    };
    Solve solve(const Context &ctx, const Params &p, double targetQuality, double targetReleased, double budget,
                bool wantFull = true, const std::vector<double> *pathYears = nullptr) const;
    // The same with the caller's workspace (what a loop of solves should use: no allocation per call).
    Solve solve(SolverWorkspace &ws, const Context &ctx, const Params &p, double targetQuality, double targetReleased,
                double budget, bool wantFull = true, const std::vector<double> *pathYears = nullptr) const;
    // Best local quality index at API speed on the boxes available by each year (the law at that size).
    std::vector<double> localQualityPath(const Context &ctx, const Params &p, const std::vector<Box> &boxes,
                                         const std::vector<double> &years) const;

    // The solver's named searches on a box list (tests compare them with a brute-force oracle):
    // the law's first month from startYear on (never before the law's evidence), +inf when not
    // within the horizon; the bounded best-first search, as the answers use it.
    double firstLawMonth(const Context &ctx, const Params &p, SolverWorkspace &ws, const std::vector<Box> &boxes,
                         double targetQuality, double startYear, ParityMode mode) const;
    // The solver's test of one box in one month: it runs, at the target speed and context, a model
    // of the size the law requires then (and the context limit of open models allows it).
    bool runsAt(const Context &ctx, const Params &p, const Box &box, double targetQuality, double t, ParityMode mode) const;
    // The same test with what it found (the box, its price, the precision and shape it runs) in `detail`:
    // for callers that need the model a box serves (economics.h).
    bool runsAt(const Context &ctx, const Params &p, const Box &box, double targetQuality, double t, ParityMode mode,
                ParityResult *detail) const;

    // Helpers exposed for tests.
    bool breakthroughOn(const Params &p) const;
    double lawQuality(const Context &ctx, const Params &p, double deffB, double t) const;
    // The law's quality per doubling of size with the Monte Carlo's draw of it.
    double lawSlope(const Context &ctx, const Params &p) const;
    double requiredDeff(const Context &ctx, const Params &p, double targetQuality, double t) const;
    // KV bytes per context token of a hypothetical model of size deffB released at t: the KV law
    // (with the Monte Carlo's draw of its fit) held at or above the floor, divided by the compression.
    double kvPerToken(const Context &ctx, const Params &p, double deffB, double t) const;
    // A lower bound of kvPerToken over sizes >= dMin and dates from the law's start to the horizon.
    double kvPerTokenMin(const Context &ctx, const Params &p, double dMin) const;
    double retention(const Context &ctx, const Params &p, std::size_t level) const;
    const FrontierModel &target(const Scenario &s) const;
    // The target on a context's yardstick (its quality on that scale). Throws std::invalid_argument
    // when the target has no score on it.
    const FrontierModel &target(const Scenario &s, const Context &ctx) const;
    // What the answer rests on: re-solves with each assumption that has a neutral value at it.
    void restsOn(const Context &ctx, const std::vector<double> &values, double targetQuality,
                 double targetReleased, Result &r) const;
    // The roofline's constants: the sliders' shares plus the calibrated KV share and fixed times.
    Efficiency efficiency(const Params &p) const;
    const Calibration &calibration() const { return mCal; }
    // The projected generations (roadmap entry and trend successors) the solver sees for a scenario.
    std::vector<ProjectedPart> projectedParts(const Scenario &s) const;

private:
    friend class ResultBuilder; // compute's builders (resultbuilder.h) ask the solver's searches
    void init();
    // The law's required size after as-of, for the first time it falls to a size M (from ts >= as-of).
    struct RequiredPath {
        double pivot = 0, a0 = 0, kBefore = 0, kAfter = 0, minFittedDeffB = 0;
        bool breakthrough = false;
        double breakthroughYear = 0, breakthroughDeffB = 0, horizon = 0;
        double firstTimeBelow(double M, double ts) const; // +inf: not by the horizon
    };
    RequiredPath requiredPath(const Context &ctx, const Params &p, double targetQuality) const;
    using Work = SolverWorkspace::Impl;
    double boxParityTime(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double ts,
                         ParityMode mode) const;
    // boxParityTime's exhaustive search, for boxes whose passing months need not form one window.
    double windowScan(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double ts,
                      ParityMode mode, const RequiredPath &path, double attnDeff) const;
    ParityResult observedParity(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes,
                                double targetQuality, double startYear, ParityMode mode, bool details) const;
    // The law's first month from startYear on (kind left to parity()); its state and steps: LawSearch.
    struct LawSearch; // lawsearch.cpp
    ParityResult lawParity(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes, double targetQuality,
                           double startYear, ParityMode mode, bool details) const;
    // details: also fill box, shape and bottleneck (strings and extra solves the Monte Carlo skips).
    ParityResult parity(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes, double targetQuality,
                        double startYear, ParityMode mode, bool details = true) const;
    bool feasible(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double t,
                  ParityMode mode, ParityResult *detail) const;
    // The solver's test on one box in one month; `detail` (when given) gets the sizes and what binds.
    struct BoxTest {
        std::size_t level = 0;
        double paramsTotalB = 0, paramsActiveB = 0, requiredDeffB = 0, achievedDeffB = 0;
        Binding bottleneck = Binding::None;
    };
    // priced false: whether the box runs it at t whatever it costs then (boxParityTime's question;
    // the windows in which it is affordable are asked apart).
    bool feasibleTest(const Context &ctx, const Params &p, Work &w, const Box &box, double targetQuality, double t,
                      ParityMode mode, BoxTest *detail, bool priced = true) const;
    // attnDeffB: the size whose attention width (calibration's law) the prefill bound counts (full product).
    ShapeLimit bestShape(const Context &ctx, const Params &p, Work &w, const BoxSpec &spec, double kvBytes, double tps,
                         double ctxTokens, bool full, std::size_t *levelOut, double attnDeffB = 0) const;
    // modelsBy: only models released by then (default: as-of).
    CatalogRun bestCatalogRun(const Context &ctx, const Params &p, Work &w, const std::vector<const Box *> &boxes,
                              double tps, bool largestInstead, double modelsBy = -1) const;

    std::vector<double> localQualityPath(const Context &ctx, const Params &p, Work &w, const std::vector<Box> &boxes,
                                         const std::vector<double> &years) const;
    void restsOn(const Context &ctx, SolverWorkspace &ws, const std::vector<double> &values, double targetQuality,
                 double targetReleased, Result &r) const;
    // An optimistic bound on the effective size any box runs at speed (required sizes >= dMin).
    DeffBound deffBound(const Context &ctx, const Params &p, Work &w, double ctxTokens, bool full, double dMin) const;

    // The boxes a budget buys (projected generations and configurations, pruned), cached on exactly
    // what they depend on: the as-of date, the budget and the market's assumptions. A slider that
    // moves only the target, the law or the speed reuses them.
    struct Market {
        MarketInputs key;
        std::vector<ProjectedPart> projected;
        std::vector<Box> boxes; // point into `projected`
    };
    std::shared_ptr<const Market> market(const Context &ctx, const Params &p, double budget) const;

    DataSet mData;
    Calibration mCal;
    EfficiencyBase mEffBase; // what efficiency() takes from mCal, worked out once (init)
    mutable std::mutex mMarketMutex;
    mutable std::vector<std::shared_ptr<const Market>> mMarkets; // newest last
    // The catalog parts' configurations per CatalogInputs (market.h): a slider that moves only the
    // projection (a pace, the roadmap) rebuilds the projected boxes and the pruning, not these.
    struct CatalogConfigs {
        CatalogInputs key;
        std::vector<Box> boxes;
    };
    mutable std::vector<std::shared_ptr<const CatalogConfigs>> mCatalogConfigs; // newest last (mMarketMutex)
    double mDefaultAsOf = 0;
    double mNewest = 0; // the catalogs' newest date (at most today's month): the end of what is observed
    mutable std::mutex mMutex;
    mutable std::vector<std::shared_ptr<const Context>> mContexts;
};


} // namespace ff

#pragma once
// Uncertainty: Monte Carlo over every assumption's range, and a one-at-a-time tornado.
#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "solver/forecast.h"

namespace ff {

// Samples the window, the report and the exports draw unless told otherwise: at 115,000-165,000
// samples/s (~43,000 with the fan) the range arrives a fraction of a second after a change. With 5,000
// samples the default scenario's task-level quantiles agree across seeds 1-5 to the month; the
// full-product median moves by a month and its P90 spans 2028-10..2029-01.
constexpr int kDefaultSamples = 5000;

// One question's samples, with past and future kept apart (model/README.md, "Monte Carlo"): the
// samples whose answer lies at or before as-of (due by the law but not seen, or observed) are counted
// on their own, and the range of the future date is taken from the rest (the distribution truncated
// at as-of and renormalised), never from a mix of both.
struct Distribution {
    int samples = 0;
    int reached = 0;        // samples with parity inside the horizon
    double asOf = 0;        // where the samples are split
    int due = 0;            // samples whose law month is at or before as-of, nothing observed
    int alreadyObserved = 0; // samples observed by as-of
    int future = 0;         // samples after as-of or not reached: what p10/p50/p90 are taken from
    double shareDue = 0, shareObserved = 0; // of all samples
    // Quantiles of the future samples (+inf when that quantile lies beyond the horizon; NaN when no
    // sample lies after as-of). Never before as-of.
    double p10 = 0, p50 = 0, p90 = 0;
    double shareNotReached = 0; // of all samples
    int observed = 0, implied = 0, projected = 0; // samples by the kind of their answer
    std::vector<double> histogramYears; // bin starts (one per year), future samples only
    std::vector<int> histogramCounts;
    std::vector<double> years; // every sample's year, sorted (+inf: not reached); tests recompute from it
};

// The fewest future samples (after as-of, or not reached) a range of the future date is taken
// from. P10 and P90 of n samples are about the n/10-th from each end: under 20 there is at most one
// sample beyond each, and the "range" is the extremes of a handful of draws. The default scenario with
// Claude Sonnet 4.5 as the target has 2 future samples of 5,000 (the rest observed), which gave
// "80% between 2028 and 2029". Below the floor the answer says how few there are instead of a range
// (futureRangeText, report.h); the quantiles themselves stay in the Distribution (the back-test and
// the JSON report read them as they are).
constexpr int kMinFutureSamples = 20;
inline bool hasFutureRange(const Distribution &d) { return d.future >= kMinFutureSamples; }

struct MonteCarloResult {
    // The fixed target (today's bar, the drift held at 0 whatever its draw) and the moving bar (the
    // hosted model improving by the sampled drift): two questions, two distributions, the same draws.
    Distribution task, full;
    Distribution movingTask, movingFull;
    std::uint64_t seed = 0;
    bool cancelled = false;
    bool movingSolved = true; // false: a drag's quick range, the moving bar left out (its distributions empty)
    double seconds = 0; // wall time of the run (steady clock)
    // Fan chart: P10/P50/P90 of the best local quality index at API speed (empty unless asked).
    std::vector<double> fanYears, fanP10, fanP50, fanP90;
};

struct SensitivityRow {
    std::string name;
    std::string label;
    double lowValue = 0, highValue = 0;
    double lowYear = 0, highYear = 0;         // task-level parity; +inf: not within the horizon
    double fullLowYear = 0, fullHighYear = 0; // full-product parity
    double swing = 0;                         // |high - low| of task-level plus full-product (horizon+1 for +inf)
};

// The tornado row for the quality law's own fit uncertainty (not an assumption of data/assumptions.json).
constexpr const char *kLawFitRow = "quality_law_fit";


// Draws one value of an assumption: log-normal or normal (low/high as its P10/P90, split around
// the value), uniform on [low, high] or triangular (low, value, high); clamped to [min, max].
double sampleAssumption(const AssumptionDef &a, double value, double u, double z);

// Draws the quality law's coefficients from the fit's covariance (three standard normals), into p.
void drawLawCoefficients(const QualityLaw &law, double z0, double z1, double z2, Params &p);
// The KV law's (ln ref, perYear) from its fit's covariance: (ln ref, perYear) + chol z (fits.h KvLaw).
void drawKvLawCoefficients(const KvLaw &kv, double z0, double z1, Params &p);
void countKind(Distribution &d, ParityKind k);

// `cancel` may be set from another thread to stop early (the result says so).
// `taskOnly` (the back-test's case) solves the fixed target's task level alone: no full product and no
// moving bar (their distributions are then empty), from the same draws, so `task` is identical.
// `threads` > 1 solves the samples on that many threads: the draws are made first, in sample order
// from the one stream, and the answers are gathered in sample order, so every figure is the same
// whatever the thread count (tst_forecast, threadsGiveTheSameRange).
// `movingBar` false (a drag's quick range: the cards show the fixed target's range while the slider
// moves) leaves the moving bar out: half the solves a sample, the same draws, so the fixed target's
// distributions are identical to a run with it (tst_forecast, quickRangeEqualsTheFixedTargetsRange).
MonteCarloResult runMonteCarlo(const Engine &engine, const Scenario &s, int samples, std::uint64_t seed,
                               const std::atomic<bool> *cancel = nullptr, bool withFan = false, bool taskOnly = false,
                               int threads = 1, bool movingBar = true);

// Ranked by the combined swing of task-level and full-product parity; the top row is the
// biggest accelerant (or brake).
// When `cancel` stops it early, the rows are partial and *completed (if given) is false.
std::vector<SensitivityRow> sensitivity(const Engine &engine, const Scenario &s, const std::atomic<bool> *cancel = nullptr,
                                        bool *completed = nullptr);

// `years`: one per sample (+inf: not reached); `past`: per sample, 0 future, 1 due by the law (not
// observed), 2 observed (empty: the samples at or before asOf count as due).
Distribution summarize(std::vector<double> years, double horizon, double asOf = -std::numeric_limits<double>::infinity(),
                       const std::vector<char> &observed = {});
// The same quantile rule the distributions use (linear between order statistics; +inf beyond).
double sampleQuantile(const std::vector<double> &sorted, double q);

} // namespace ff

#pragma once
// Claims audit: each quantitative claim of the reference page (data/claims.json), recomputed
// with the calibrated roofline or the engine, and a verdict.
#include <string>
#include <vector>

#include "data/assumptions.h"
#include "physics/calibration.h"
#include "data/dataset.h"
#include "solver/forecast.h"
#include "physics/roofline.h"

namespace ff {

enum class ClaimKind {
    DecodeSpeed,      // tokens/s of a model on a catalog box
    MemoryTotal,      // GB a model needs in fast memory (weights + KV + runtime overhead)
    WeightsGb,        // GB of weights at a precision
    MaxDenseAtSpeed,  // largest dense model (B params) a box decodes at a speed
    Engine,           // a figure of the default forecast (lag, parity years, fitted trends)
    Assumption,       // an input of the model (not checkable against anything else)
};

struct Claim {
    std::string id;
    std::string text;             // the claim in the project's words
    std::string source;           // where on the reference page
    double claimedLow = 0, claimedHigh = 0;
    std::string unit;
    bool higherIsBetter = true;   // a speed is better high; a lag, a size, a year, better low
    double relTolerance = 0.10;   // "consistent" within this fraction of the nearest bound ...
    double absTolerance = -1;     // ... or, when >= 0, within this many units (calendar years)
    ClaimKind kind = ClaimKind::DecodeSpeed;
    // How to compute it.
    std::string hardware;         // hardware.json name
    int gpus = 1;
    std::string model;            // models.json name (params, KV) or empty with explicit params
    double paramsTotalB = 0, paramsActiveB = 0;
    std::string quant;            // quantization.json level, or "native"
    double bits = 0;              // explicit bits per weight (0: from quant)
    double contextTokens = 0;
    double kvBytesPerToken = -1;  // explicit (>= 0) or from models.json
    std::string kvSource;
    double tokensPerS = 0;        // MaxDenseAtSpeed
    std::string metric;           // Engine: lag_years | task_parity_year | full_parity_year | compute_per_dollar_doubling_years
    std::string assumption;       // Assumption: name in assumptions.json
    std::string note;
};

// A claim against what the model computes: within its range or tolerance (consistent), promising
// more than the computation gives (optimistic), less (pessimistic), or nothing to compute.
enum class ClaimVerdict { NotCheckable, Consistent, Optimistic, Pessimistic };

struct ClaimResult {
    Claim claim;
    double computed = 0;          // NaN when it cannot be computed
    ClaimVerdict verdict = ClaimVerdict::NotCheckable; // words: claimVerdictText (report.h)
    double margin = 0;            // computed vs the nearest claimed bound: fraction (relative) or units (absolute)
    bool marginAbsolute = false;
    std::string detail;           // how it was computed, in a few words
};

// data/claims.json of the data set's directory, checked against its catalogs.
std::vector<Claim> loadClaims(const DataSet &d);
std::vector<Claim> parseClaims(const nlohmann::json &j, const std::string &file, const DataSet &d);

// The box a catalog part makes, as the market builds it: n cards in a layer split (one card's
// bandwidth, n x memory; tensor parallelism per the scenario), or a unified system's usable share.
BoxSpec catalogBoxSpec(const HardwarePart &part, int gpus, const Params &p);

// The verdict for a computed value against a claim (exposed for tests).
void judge(ClaimResult &r);

// `engineResult` is the default forecast (needed by Engine claims; computed when null).
std::vector<ClaimResult> auditClaims(const Engine &engine, const Calibration &cal, const std::vector<Claim> &claims,
                                     const Result *engineResult = nullptr);

} // namespace ff

#pragma once
// A scenario (values the user chose) and the resolved parameter block the solver reads.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/yardstick.h"

namespace ff {

// Every slider the model reads, resolved to plain doubles for the hot path.
// Names match data/assumptions.json; kParamFields below binds the two.
struct Params {
    // hardware trends
    double computePerDollarDoublingYears = 0;
    double bandwidthPerDollarDoublingYears = 0;
    double memoryPerDollarDoublingYears = 0;
    double streetPriceTrendPctPerYear = 0; // after a part's last price observation (prices.json)
    double hostBaseUsd = 0;                // host without cards and RAM
    double hostPerCardUsd = 0;             // board, PSU and case share per card
    double hostRamGb = 0;
    double hostRamBandwidthGbps = 0;
    double maxGpus = 0;
    double tensorParallelEfficiency = 0;
    double unifiedUsableFraction = 0;
    double runtimeOverheadGb = 0;
    // memory roadmap
    double roadmapNextYear = 0;
    double roadmapNextMemoryGb = 0;
    double roadmapNextBandwidthRatio = 0;
    double roadmapNextPriceRatio = 0;
    double generationCadenceYears = 0;
    // model efficiency
    double densityDoublingYears = 0;
    double qualityOffsetPoints = 0;
    double distillBreakthroughYear = 0;
    double distillBreakthroughDeffB = 0;
    double maxSparsity = 0;
    double moeAlpha = 0;
    double kvCompression = 0;
    double kvFloorBytesPerToken = 0; // the KV law over time stops here (FP16, before compression)
    double speculativeGain = 0;
    double quantNatsPerDoubling = 0;
    double bandwidthEfficiency = 0;
    double computeEfficiency = 0;
    // targets
    double budgetUsd = 0;
    double targetTokensPerS = 0;
    double taskContextTokens = 0;
    double fullContextTokens = 0;
    double ttftPromptTokens = 0;
    double ttftMaxSeconds = 0;
    double targetDriftPerYear = 0;
    double relaxedTokensPerS = 0;
    // Not assumptions: a draw of the quality law's coefficients from the fit's own covariance, added
    // to the fitted (a, b, c) by the Monte Carlo (zero everywhere else).
    double lawDeltaA = 0, lawDeltaB = 0, lawDeltaC = 0;
    // A Student t draw for a crosswalked target bar (yardstick.h BarCrosswalk): the bar is the crosswalk's
    // prediction plus this times its prediction sd (zero for a measured bar and outside the Monte Carlo).
    double targetBarT = 0;
    // The same for the KV law's (ln ref, perYear) (fits.h KvLaw).
    double kvLawDeltaA = 0, kvLawDeltaC = 0;
    // Not an assumption: the answer without the explicit roadmap entry ("without it: ..."), re-solved
    // with it switched off (model/README.md, "The roadmap entry").
    bool roadmapOff = false;
};

struct ParamField {
    const char *name;
    double Params::*member;
    // What the model can compute with: the loader refuses an assumption whose allowed [min, max]
    // in assumptions.json reaches outside (a cadence of 0 years or 1e9 cards would never finish,
    // a budget of -1e300 prints nonsense). Wider than any sourced range, so data can move freely.
    double lo;
    double hi;
    bool integer = false;
};
const std::vector<ParamField> &paramFields();

// What a user explores: overrides of the defaults, a target model and an optional as-of date.
struct Scenario {
    std::string name = "Untitled";
    std::map<std::string, double> values; // only what differs from (or is pinned over) defaults
    std::string targetModel;              // empty: the data's default target
    std::optional<double> asOf;           // hindcast date; empty: today's month (clock.h)
    Yardstick yardstick = Yardstick::General; // what Sonnet-class quality is measured by

    bool operator==(const Scenario &o) const
    {
        return name == o.name && values == o.values && targetModel == o.targetModel && asOf == o.asOf &&
               yardstick == o.yardstick;
    }
};

// The full assumption vector in data order: defaults with the scenario's overrides applied.
// A default can depend on the target: target_tokens_per_s defaults to the chosen target's measured
// output speed (models.json output_tokens_per_s) where it has one, else to assumptions.json's value.
std::vector<double> assumptionValues(const DataSet &d, const Scenario &s);
// The assumption's default in this scenario (its value when the scenario does not set it).
double defaultValue(const DataSet &d, const Scenario &s, const AssumptionDef &a);
// The target's measured output speed, or null when the target has none (the data's value applies).
const OutputSpeed *targetSpeed(const DataSet &d, const Scenario &s);
// What parity requires, in one place, each figure with where it comes from: the speed, the contexts,
// the long prompt and its time to first token, the budget. `scope`: "both", "task" or "full".
struct Requirement {
    std::string name, label, unit, scope;
    double value = 0;
    std::string source; // the scenario's own setting, the target's measurement, or assumptions.json's source
};
std::vector<Requirement> parityRequirements(const DataSet &d, const Scenario &s);
// The assumption whose default follows the target's measured speed.
inline constexpr const char *kTargetSpeedName = "target_tokens_per_s";
// Resolves a value vector (data order) into Params. Throws DataError if data lacks a parameter.
Params resolveParams(const DataSet &d, const std::vector<double> &values);
// The same through a precomputed index (paramIndex), for hot loops such as Monte Carlo.
std::vector<int> paramIndex(const DataSet &d);
Params resolveParams(const std::vector<int> &index, const std::vector<double> &values);

// Checks one value against its assumption's allowed range. Returns an error text or empty.
std::string checkAssumptionValue(const AssumptionDef &a, double value);

// Parses "NAME=VALUE" (the --set syntax) and applies it to the scenario.
// Special names: target_model (a frontier model name), as_of (YYYY-MM), yardstick (general|coding).
// Throws std::invalid_argument with a message listing valid names or the allowed range.
void applySetting(const DataSet &d, Scenario &s, const std::string &assignment);

// Scenario files: {"format":"frontier-forecast-scenario","version":2,"name":..,"target_model":..,
// "as_of":..,"yardstick":"general"|"coding"|"coding_verified","values":{...}}. fromJson throws DataError naming
// the file and field. Version 1 files were written when "coding" meant SWE-bench Verified: read, their
// "coding" is coding_verified, with a warning saying so (version 2: "coding" is SWE-rebench).
constexpr int kScenarioVersion = 2;
// An assumption a scenario file may still name that the data no longer has: renamed (its value
// converted into the replacement's unit) or removed (dropped). scenarioFromJson migrates it and notes
// what became of it in *warnings; data/README.md's table of them is generated from this one.
struct RetiredAssumption {
    const char *name;
    const char *replacement;   // "": removed, nothing carries its value
    double (*convert)(double); // the old value in the replacement's unit; null when removed
    const char *note;          // what changed, for the user
};
const std::vector<RetiredAssumption> &retiredAssumptions();
// A file may carry a second scenario to compare with (the window's pin) as its "compare" object,
// a scenario of the same form; `compare` (when not null) receives it.
std::string scenarioToJson(const DataSet &d, const Scenario &s, const Scenario *compare = nullptr);
// Unknown top-level keys (a typo: "valeus") are ignored and named in *warnings (when not null), as
// the data files' are.
Scenario scenarioFromJson(const DataSet &d, const std::string &text, const std::string &file,
                          std::optional<Scenario> *compare = nullptr, std::vector<std::string> *warnings = nullptr);
Scenario loadScenarioFile(const DataSet &d, const std::string &path, std::optional<Scenario> *compare = nullptr,
                          std::vector<std::string> *warnings = nullptr);

} // namespace ff

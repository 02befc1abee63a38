#pragma once
// What a local box costs per token against the hosted API, when it pays for itself, and the first
// month a box under the budget is both Sonnet-class at API speed and no dearer than the API over its
// life (economic parity). Data: data/economics.json (API prices, part power, usage profiles) and the
// 'Economics' assumptions of data/assumptions.json. Speeds come from the roofline and calibration the
// solver uses (estimate(), prefillSeconds()); the parity search reuses the solver's box test (runsAt).
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "solver/forecast.h"

namespace ff {

struct ApiPrice {
    std::string target;            // a frontier model in models.json
    double inputUsdPerMtok = 0;    // uncached input
    double cacheWriteUsdPerMtok = 0;
    double cacheReadUsdPerMtok = 0;
    double outputUsdPerMtok = 0;
    double date = 0;
    std::string source;
};

struct PartPower {
    std::optional<double> loadW; // board power (card) or wall maximum (system); empty: not sourced
    std::optional<double> idleW; // measured idle at the wall (systems); empty: the idle assumptions apply
    std::string source;
};

struct UsageProfile {
    std::string name, label;
    double inputPerDay = 0;       // uncached input tokens per active day
    double cacheWritePerDay = 0;  // input written to the prompt cache (billed at the cache-write price)
    double cachedInputPerDay = 0; // input read from the prompt cache
    double outputPerDay = 0;
    double activeDaysPerYear = 365;
    std::string source;
};

struct EconomicsData {
    std::vector<ApiPrice> apiPrices;
    std::vector<PartPower> power; // aligned with DataSet::parts
    std::vector<UsageProfile> profiles;
    const ApiPrice *price(const std::string &target) const;
};

// Reads data/economics.json into out.economics (hardware.json, models.json and assumptions.json must
// be parsed first: it names their parts, targets and needs the Economics assumptions). Throws DataError.
void parseEconomics(const nlohmann::json &j, const std::string &file, DataSet &out);

// The Economics assumptions, resolved from a scenario's value vector (assumptionValues order).
struct EconomicsAssumptions {
    double electricityUsdPerKwh = 0;
    double lifetimeYears = 0;
    double resaleShare = 0;       // 0..1
    double inferencePowerShare = 0;
    double gpuIdleW = 0, hostIdleW = 0, hostLoadW = 0;
    int profileIndex = 0;         // 0 chat, 1 coding agent, 2 custom
    UsageProfile custom;
};
// Throws DataError when the data lacks an Economics assumption.
EconomicsAssumptions economicsAssumptions(const DataSet &d, const std::vector<double> &values);
// The presets of economics.json, then the custom profile.
std::vector<UsageProfile> usageProfiles(const DataSet &d, const EconomicsAssumptions &a);

// One box serving one profile with one model shape, bought at `t`.
struct BoxEconomics {
    bool costed = false;          // false: a part of the box has no power figure (`why`)
    std::string why;
    std::string box;
    double t = 0;                 // bought then
    double purchaseUsd = 0;
    double decodeTokensPerS = 0;  // the model the box serves, at the task context (roofline + calibration)
    double prefillTokensPerS = 0; // new input on top of half the task context
    double busyHoursPerActiveDay = 0;
    bool canServe = false;        // the profile's tokens of a day fit in 24 hours at those speeds
    double loadW = 0, idleW = 0;
    double energyUsdPerYear = 0, capitalUsdPerYear = 0, localUsdPerYear = 0, apiUsdPerYear = 0;
    double outputMtokPerYear = 0;
    // Per million output tokens of the profile (input, cached input and output all counted in the total).
    double localUsdPerMtok = 0, energyUsdPerMtok = 0, apiUsdPerMtok = 0;
    double breakEvenMonths = std::numeric_limits<double>::infinity(); // purchase / monthly saving; inf: never
    bool cheaperOverLife = false; // purchase - resale + energy over the lifetime <= the API over it
};

BoxEconomics boxEconomics(const Engine &e, const Params &p, const EconomicsAssumptions &a, const UsageProfile &profile,
                          const ApiPrice &price, const Box &box, const ModelShape &shape, double t);
// The shape a parity answer runs (its precision's bits, KV of its size) for boxEconomics.
ModelShape answerShape(const Engine &e, const Context &ctx, const Params &p, const ParityResult &r);

// Economic parity: the first month, no earlier than task-level parity, when a box under the budget runs
// the target at API speed (the solver's test) and costs no more than the API over its life.
struct EconomicParity {
    bool reached = false;
    ParityKind kind = ParityKind::NotReached;
    double year = 0;
    // The same search with every Economics assumption at its cheap end and at its dear end (the task-level
    // answer itself as at the defaults: its Monte Carlo range comes on top).
    bool lowReached = false, highReached = false;
    double low = 0, high = 0;
    BoxEconomics box;             // the box that reaches it, when reached
    std::string restsOn;          // what the answer rests on, in words
};

struct EconomicsRow {
    std::string target;
    double budgetUsd = 0;
    UsageProfile profile;
    int profileIndex = 0;
    ParityResult task;            // the task-level answer it starts from
    BoxEconomics answerBox;       // the task-level answer's box and model, bought at parity
    EconomicParity parity;
};

struct EconomicsResult {
    bool available = false;
    std::string why;              // when not: no economics.json, ...
    EconomicsAssumptions assumptions;
    std::vector<EconomicsRow> targets; // every Sonnet-class target x every preset profile (and custom when chosen), at the budget
    std::vector<EconomicsRow> budgets; // the scenario's target x the chosen profile, per budget of settings.budgets_usd
    const EconomicsRow *selected() const; // the scenario's target and chosen profile at its budget (null: none)
};

// Everything above for a computed Result. `budgetRows` false skips the table per budget; `selectedOnly`
// keeps only the scenario's target with the chosen profile (the window's line and chart).
EconomicsResult computeEconomics(const Engine &e, const Result &r, bool budgetRows = true, bool selectedOnly = false);

// The cumulative cost chart of one row: API and box (purchase, then energy, the resale back at the end
// of life) per month; roles "api_cumulative", "box_cumulative", "break_even" (one point, or none).
std::vector<Series> cumulativeCostSeries(const EconomicsRow &row, double lifetimeYears, double resaleShare);

// "14 months", "never", "cannot serve"
std::string breakEvenText(const BoxEconomics &b);

} // namespace ff

// Shown: the report's tables and JSON, and the line under the window's headline.
#include "report/report.h"
namespace ff {
// Per target x profile at the scenario's budget; per budget for the scenario's target and profile.
Table economicsTable(const EconomicsResult &x);
Table economicsBudgetTable(const EconomicsResult &x);
nlohmann::ordered_json economicsJson(const EconomicsResult &x, const DataSet &d);
// "Coding-agent user, Claude Sonnet 4: local $41/M output tokens vs API $209 on 2x RTX 3090; pays back in
// 14 months; economic parity projected 2027-03 (2026-11 to 2028-05)"
std::string economicsLine(const EconomicsRow &row);
// "projected 2027-03 (2026-11 to 2028-05 over the economics' ranges)", "not by 2045"
std::string economicParityText(const EconomicParity &p, double horizon);
} // namespace ff

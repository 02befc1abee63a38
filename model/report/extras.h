#pragma once
// What the charts, tables and the report need beyond ff::Engine::compute: the Monte Carlo range
// and fan, the sensitivity rows, the back-test with the ceiling history, and the claims audit.
// One sequence (runExtras) serves the command line's report and export and the window's worker.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace ff {

enum class Extra : unsigned {
    None = 0,
    MonteCarlo = 1,  // runMonteCarlo with the fan
    Sensitivity = 2, // sensitivity
    Backtest = 4,    // backtest, rollingBacktest and ceilingHistory for the scenario's budget and speed
    Claims = 8,      // auditClaims (depends on the data only)
};

// A set of Extra (bit flags): `what & Extra::Backtest` tests, `|` and `|=` add.
class Extras {
public:
    constexpr Extras() = default;
    constexpr Extras(Extra e) : mBits(static_cast<unsigned>(e)) {}
    constexpr explicit operator bool() const { return mBits != 0; }
    constexpr bool operator!() const { return mBits == 0; }
    constexpr Extras operator&(Extras o) const { return fromBits(mBits & o.mBits); }
    constexpr Extras operator|(Extras o) const { return fromBits(mBits | o.mBits); }
    Extras &operator|=(Extras o) { mBits |= o.mBits; return *this; }
    Extras &operator&=(Extras o) { mBits &= o.mBits; return *this; }
    constexpr bool operator==(Extras o) const { return mBits == o.mBits; }
    constexpr bool operator!=(Extras o) const { return mBits != o.mBits; }
    constexpr bool testFlag(Extra e) const { return (mBits & static_cast<unsigned>(e)) != 0; }
    constexpr unsigned bits() const { return mBits; }

private:
    static constexpr Extras fromBits(unsigned b) { Extras x; x.mBits = b; return x; }
    unsigned mBits = 0;
};
constexpr Extras operator|(Extra a, Extra b) { return Extras(a) | Extras(b); }
constexpr Extras operator&(Extra a, Extras b) { return Extras(a) & b; }

struct ExtrasRequest {
    Extras what;
    int samples = kDefaultSamples;
    std::uint64_t seed = 1;
    const std::atomic<bool> *cancel = nullptr;
    // A drag's quick range (runMonteCarlo): the moving bar left out, the fan only when `fan`.
    bool quickRange = false;
    bool fan = true;
};

// Everything the report prints beyond the forecast (the range and the tornado only with samples).
Extras reportExtras(int samples);

// Told as each part of the sequence finishes (on the calling thread), so a worker can show the
// quick ones before the Monte Carlo is done. Each may be empty.
struct ExtrasProgress {
    std::function<void(const std::vector<SensitivityRow> &)> sensitivity;
    // `error` says why the back-test is empty for this data (empty when it ran).
    std::function<void(const std::vector<BacktestRow> &, const std::vector<CeilingRow> &, const std::string &error)> backtest;
    std::function<void(const std::vector<ClaimResult> &, const std::string &error)> claims;
    std::function<void(const MonteCarloResult &)> monteCarlo;
};

// The extras sequence: sensitivity, back-test, claims, Monte Carlo (the quick ones first), each only
// when `request.what` asks for it. A part the data cannot support (a data set without the back-test
// thresholds or without claims.json) is left empty and explained in *warnings. Returns false when
// cancelled (the extras are then incomplete). Throws DataError for a broken data file.
// `rolling`: also the rolling back-test (the report's; the window's chart draws the fixed-origin one).
bool runExtras(const Engine &engine, const Scenario &scenario, const ExtrasRequest &request, ReportExtras &out,
               std::vector<std::string> *warnings = nullptr, const ExtrasProgress *progress = nullptr,
               bool rolling = true);

// The back-test and ceiling history for a scenario (its budget, speed and other values; the
// as-of dates are the back-test's own). Throws only DataError; other failures go to *error.
void computeBacktest(const Engine &engine, const Scenario &scenario, std::vector<BacktestRow> &rows,
                     std::vector<CeilingRow> &ceiling, std::string *error,
                     std::optional<RollingBacktest> *rolling = nullptr);
// The claims audit of the data set (the page's claims are about the default scenario).
std::vector<ClaimResult> computeClaims(const Engine &engine, std::string *error);

// The sensitivity rows as the tornado shows them and the headline names the biggest accelerant
// (rankSensitivity): one ranking, so the two can never disagree.
struct SensitivityRanking {
    bool full = false;              // ranked by full-product parity (no row moves the task level)
    std::vector<std::size_t> order; // indices into the rows, the largest move first
};
SensitivityRanking sensitivityRanking(const std::vector<SensitivityRow> &rows, double horizon);

} // namespace ff

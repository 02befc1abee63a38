#pragma once
// What the charts and tables need beyond ff::Engine::compute: the Monte Carlo range and fan, the
// sensitivity rows, the back-test with the ceiling history, and the claims audit. One place that
// calls the model for them, shared by the window's worker, window exports and the command line.
#include <QFlags>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>
#include <cstdint>
#include <vector>

#include "report.h"

namespace ffui {

enum class Extra {
    None = 0,
    MonteCarlo = 1,  // ff::runMonteCarlo with the fan
    Sensitivity = 2, // ff::sensitivity
    Backtest = 4,    // ff::backtest and ff::ceilingHistory for the scenario's budget and speed
    Claims = 8,      // ff::auditClaims (depends on the data only)
};
Q_DECLARE_FLAGS(Extras, Extra)

struct ExtrasRequest {
    Extras what;
    int samples = ff::kDefaultSamples;
    std::uint64_t seed = 1;
    const std::atomic<bool> *cancel = nullptr;
};

// Everything the report prints beyond the forecast (the range and the tornado only with samples).
inline Extras reportExtras(int samples)
{
    Extras what(Extra::Backtest);
    what |= Extra::Claims;
    if (samples > 0) {
        what |= Extra::MonteCarlo;
        what |= Extra::Sensitivity;
    }
    return what;
}

// The sensitivity rows as the tornado shows them and the headline names the biggest accelerant
// (ff::rankSensitivity): one ranking, so the two can never disagree.
struct SensitivityRanking {
    bool full = false;              // ranked by full-product parity (no row moves the task level)
    std::vector<std::size_t> order; // indices into the rows, the largest move first
};
SensitivityRanking sensitivityRanking(const std::vector<ff::SensitivityRow> &rows, double horizon);

// Computes what `request` asks for. A part the data cannot support (a data set without the
// back-test thresholds or without claims.json) is left empty and explained in *warnings.
// Returns false when cancelled (the extras are then incomplete).
bool computeExtras(const ff::Engine &engine, const ff::Scenario &scenario, const ExtrasRequest &request,
                   ff::ReportExtras &out, QStringList *warnings = nullptr);

// The back-test and ceiling history for a scenario (its budget, speed and other values; the
// as-of dates are the back-test's own). Throws only ff::DataError; other failures go to *error.
void computeBacktest(const ff::Engine &engine, const ff::Scenario &scenario, std::vector<ff::BacktestRow> &rows,
                     std::vector<ff::CeilingRow> &ceiling, QString *error,
                     std::optional<ff::RollingBacktest> *rolling = nullptr);
// The claims audit of the data set (the page's claims are about the default scenario).
std::vector<ff::ClaimResult> computeClaims(const ff::Engine &engine, QString *error);

} // namespace ffui

Q_DECLARE_OPERATORS_FOR_FLAGS(ffui::Extras)

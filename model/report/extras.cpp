#include "report/extras.h"

#include <filesystem>
#include <stdexcept>

#include "uncertainty/backtest.h"
#include "uncertainty/claims.h"
#include "uncertainty/montecarlo.h"

namespace ff {

Extras reportExtras(int samples)
{
    Extras what = Extra::Backtest | Extra::Claims;
    if (samples > 0)
        what |= Extra::MonteCarlo | Extra::Sensitivity;
    return what;
}

void computeBacktest(const Engine &engine, const Scenario &scenario, std::vector<BacktestRow> &rows,
                     std::vector<CeilingRow> &ceiling, std::string *error, std::optional<RollingBacktest> *rolling)
{
    rows.clear();
    if (rolling)
        rolling->reset();
    ceiling.clear();
    BacktestSpec spec = defaultBacktestSpec();
    spec.base = scenario;
    try {
        rows = backtest(engine, spec);
        ceiling = ceilingHistory(engine, spec);
        if (rolling) {
            Scenario base = scenario;
            base.asOf.reset();
            *rolling = rollingBacktest(engine, base, kBacktestSamples, 1);
        }
    } catch (const DataError &) {
        throw;
    } catch (const std::exception &e) { // a data set without the thresholds, or too thin to refit
        rows.clear();
        ceiling.clear();
        if (rolling)
            rolling->reset();
        if (error)
            *error = std::string("back-test left out: ") + e.what();
    }
}

std::vector<ClaimResult> computeClaims(const Engine &engine, std::string *error)
{
    const DataSet &d = engine.data();
    std::error_code ec;
    if (!std::filesystem::exists(d.directory + "/claims.json", ec)) {
        if (error)
            *error = "claims audit left out: " + d.directory + " has no claims.json";
        return {};
    }
    try {
        // The page's parity claims are about its own question: the default scenario.
        const Result byDefault = engine.compute(Scenario{});
        return auditClaims(engine, engine.calibration(), loadClaims(d), &byDefault);
    } catch (const std::exception &e) {
        if (error)
            *error = std::string("claims audit left out: ") + e.what();
        return {};
    }
}

bool runExtras(const Engine &engine, const Scenario &scenario, const ExtrasRequest &request, ReportExtras &out,
               std::vector<std::string> *warnings, const ExtrasProgress *progress, bool rolling)
{
    const auto cancelled = [&] { return request.cancel && request.cancel->load(); };
    if (request.what & Extra::Sensitivity) {
        bool completed = false;
        out.sensitivity = sensitivity(engine, scenario, request.cancel, &completed);
        if (!completed || cancelled())
            return false;
        if (progress && progress->sensitivity)
            progress->sensitivity(out.sensitivity);
    }
    if (request.what & Extra::Backtest) {
        std::string error;
        computeBacktest(engine, scenario, out.backtest, out.ceiling, &error, rolling ? &out.rolling : nullptr);
        if (!error.empty() && warnings)
            warnings->push_back(error);
        if (cancelled())
            return false;
        if (progress && progress->backtest)
            progress->backtest(out.backtest, out.ceiling, error);
    }
    if (request.what & Extra::Claims) {
        std::string error;
        out.claims = computeClaims(engine, &error);
        out.calibration = engine.calibration();
        if (!error.empty() && warnings)
            warnings->push_back(error);
        if (cancelled())
            return false;
        if (progress && progress->claims)
            progress->claims(out.claims, error);
    }
    if ((request.what & Extra::MonteCarlo) && request.samples > 0) {
        MonteCarloResult mc = runMonteCarlo(engine, scenario, request.samples, request.seed, request.cancel,
                                            request.fan || !request.quickRange, false, 1, !request.quickRange);
        if (mc.cancelled || cancelled())
            return false;
        out.monteCarlo = std::move(mc);
        if (progress && progress->monteCarlo)
            progress->monteCarlo(*out.monteCarlo);
    }
    return !cancelled();
}

SensitivityRanking sensitivityRanking(const std::vector<SensitivityRow> &rows, double horizon)
{
    SensitivityRanking out;
    out.order = rankSensitivity(rows, horizon, &out.full);
    return out;
}

} // namespace ff

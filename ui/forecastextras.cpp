#include "forecastextras.h"

#include <algorithm>
#include <cmath>

#include <QCoreApplication>
#include <QFileInfo>

#include <stdexcept>

#include "backtest.h"
#include "claims.h"
#include "montecarlo.h"

namespace ffui {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("ffui::ForecastExtras", text); }
} // namespace

void computeBacktest(const ff::Engine &engine, const ff::Scenario &scenario, std::vector<ff::BacktestRow> &rows,
                     std::vector<ff::CeilingRow> &ceiling, QString *error, std::optional<ff::RollingBacktest> *rolling)
{
    rows.clear();
    if (rolling)
        rolling->reset();
    ceiling.clear();
    ff::BacktestSpec spec = ff::defaultBacktestSpec();
    spec.base = scenario;
    try {
        rows = ff::backtest(engine, spec);
        ceiling = ff::ceilingHistory(engine, spec);
        if (rolling) {
            ff::Scenario base = scenario;
            base.asOf.reset();
            *rolling = ff::rollingBacktest(engine, base, ff::kBacktestSamples, 1);
        }
    } catch (const ff::DataError &) {
        throw;
    } catch (const std::exception &e) { // a data set without the thresholds, or too thin to refit
        rows.clear();
        ceiling.clear();
        if (rolling)
            rolling->reset();
        if (error)
            *error = tr("back-test left out: %1").arg(QString::fromStdString(e.what()));
    }
}

std::vector<ff::ClaimResult> computeClaims(const ff::Engine &engine, QString *error)
{
    const ff::DataSet &d = engine.data();
    if (!QFileInfo::exists(QString::fromStdString(d.directory + "/claims.json"))) {
        if (error)
            *error = tr("claims audit left out: %1 has no claims.json").arg(QString::fromStdString(d.directory));
        return {};
    }
    try {
        // The page's parity claims are about its own question: the default scenario.
        const ff::Result byDefault = engine.compute(ff::Scenario{});
        return ff::auditClaims(engine, engine.calibration(), ff::loadClaims(d), &byDefault);
    } catch (const std::exception &e) {
        if (error)
            *error = tr("claims audit left out: %1").arg(QString::fromStdString(e.what()));
        return {};
    }
}

bool computeExtras(const ff::Engine &engine, const ff::Scenario &scenario, const ExtrasRequest &request,
                   ff::ReportExtras &out, QStringList *warnings)
{
    const auto cancelled = [&] { return request.cancel && request.cancel->load(); };
    QString error;
    if (request.what & Extra::Sensitivity) {
        bool completed = false;
        out.sensitivity = ff::sensitivity(engine, scenario, request.cancel, &completed);
        if (!completed)
            return false;
    }
    if (request.what & Extra::Backtest) {
        computeBacktest(engine, scenario, out.backtest, out.ceiling, &error, &out.rolling);
        if (!error.isEmpty() && warnings)
            *warnings << error;
        if (cancelled())
            return false;
    }
    if (request.what & Extra::Claims) {
        error.clear();
        out.claims = computeClaims(engine, &error);
        out.calibration = engine.calibration();
        if (!error.isEmpty() && warnings)
            *warnings << error;
    }
    if ((request.what & Extra::MonteCarlo) && request.samples > 0) {
        ff::MonteCarloResult mc = ff::runMonteCarlo(engine, scenario, request.samples, request.seed, request.cancel, true);
        if (mc.cancelled)
            return false;
        out.monteCarlo = std::move(mc);
    }
    return !cancelled();
}

SensitivityRanking sensitivityRanking(const std::vector<ff::SensitivityRow> &rows, double horizon)
{
    SensitivityRanking out;
    out.order = ff::rankSensitivity(rows, horizon, &out.full);
    return out;
}

} // namespace ffui

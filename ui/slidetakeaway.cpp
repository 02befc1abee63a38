#include "slidetakeaway.h"

#include <QCoreApplication>

#include <cmath>

#include "report/economics.h"
#include "solver/forecast.h"
#include "uncertainty/montecarlo.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::SlideTakeaway {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("ffui::SlideTakeaway", text); }

QString years(double v) { return QString::number(v, 'f', 1); }

QString when(double y, double horizon)
{
    return std::isfinite(y) && y <= horizon ? qs(ff::formatMonth(y)) : tr("after %1").arg(horizon, 0, 'f', 0);
}

// A table's first row as "header: cell" pairs of the given columns (by header text), for the sentence.
QString firstRow(const ff::Table &t, const QStringList &columns)
{
    if (t.rows.empty())
        return tr("no rows for this scenario");
    QStringList parts;
    for (std::size_t c = 0; c < t.header.size(); ++c)
        for (const QString &want : columns)
            if (qs(t.header[c]).startsWith(want, Qt::CaseInsensitive) && c < t.rows.front().size())
                parts << QStringLiteral("%1 %2").arg(qs(t.header[c]).toLower(), qs(t.rows.front()[c]));
    return parts.join(QStringLiteral(", "));
}
} // namespace

QString forChart(const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &x, ChartKind kind)
{
    const double horizon = engine.data().settings.horizonYear;
    const QString budget = qs(ff::fmtUsd(r.budgetUsd));
    switch (kind) {
    case ChartKind::Trends:
        return tr("Fitted doubling times: compute per dollar %1 years, bandwidth per dollar %2, memory per dollar %3; model "
                  "quality per parameter %4 (the dashed part of each line is projected).")
            .arg(years(r.fittedComputeDoublingYears), years(r.fittedBandwidthDoublingYears), years(r.fittedMemoryDoublingYears),
                 years(r.fittedDensityDoublingYears));
    case ChartKind::Crossing:
        return tr("Parity is where the size a %1-class model needs (dashed) meets what a %2 box runs at API speed (solid): "
                  "task-level %3.")
            .arg(qs(r.targetModel), budget, qs(ff::yearText(r.task)));
    case ChartKind::Timeline:
        return tr("The best local model at API speed trails the frontier by %1 years today; it reaches %2's line %3.")
            .arg(years(r.currentLagYears), qs(r.targetModel), qs(ff::yearText(r.task)));
    case ChartKind::Hardware:
        return tr("Every catalogued box by price: memory bandwidth per dollar decides how large a model a %1 budget runs at "
                  "API speed.")
            .arg(budget);
    case ChartKind::Fan:
        if (x.monteCarlo && ff::hasFutureRange(x.monteCarlo->task))
            // The quantiles are those of the samples that reach parity after as-of, and say so.
            return tr("The band holds 80% of %L1 Monte Carlo samples of the best local quality; of the %L2 that reach "
                      "task-level parity after %3, 80% do between %4 and %5.")
                .arg(x.monteCarlo->task.samples)
                .arg(x.monteCarlo->task.future)
                .arg(qs(ff::formatMonth(x.monteCarlo->task.asOf)))
                .arg(when(x.monteCarlo->task.p10, horizon), when(x.monteCarlo->task.p90, horizon));
        if (x.monteCarlo)
            return tr("The band holds 80% of %L1 Monte Carlo samples of the best local quality; %L2 reach task-level parity "
                      "after %3, too few for a range.")
                .arg(x.monteCarlo->task.samples)
                .arg(x.monteCarlo->task.future)
                .arg(qs(ff::formatMonth(x.monteCarlo->task.asOf)));
        return tr("The band of the best local quality across the Monte Carlo samples (not run yet).");
    case ChartKind::Histogram:
        if (x.monteCarlo) {
            const ff::Distribution &t = x.monteCarlo->task;
            const long past = std::lround(100 * (t.shareDue + t.shareObserved));
            const QString median = ff::hasFutureRange(t)
                                       ? tr("after %1 the median task-level year is %2").arg(qs(ff::formatMonth(t.asOf)), when(t.p50, horizon))
                                       : tr("too few samples reach task-level parity after %1 for a median").arg(qs(ff::formatMonth(t.asOf)));
            return tr("When parity comes across the samples: %1% are due or seen by as-of; %2; %3% of samples do not reach "
                      "the full product by %4.")
                .arg(past)
                .arg(median)
                .arg(std::lround(100 * x.monteCarlo->full.shareNotReached))
                .arg(horizon, 0, 'f', 0);
        }
        return tr("When parity comes across the Monte Carlo samples (not run yet).");
    case ChartKind::Tornado: {
        const ff::SensitivityRow *top = nullptr;
        for (const ff::SensitivityRow &row : x.sensitivity)
            if (!top || row.swing > top->swing)
                top = &row;
        if (top)
            return tr("Each bar moves one assumption to its P10 and P90 and shows the parity date it gives; %1 moves it most.")
                .arg(qs(top->label));
        return tr("Each bar moves one assumption to its P10 and P90 (no sensitivity run yet).");
    }
    case ChartKind::Economics: {
        const ff::EconomicsResult ec = ff::computeEconomics(engine, r, false, true);
        if (const ff::EconomicsRow *row = ec.selected())
            return tr("What the answer's box costs over time against the hosted API for the chosen usage: %1.")
                .arg(qs(ff::economicsLine(*row)));
        return tr("The answer's box against the hosted API: %1.")
            .arg(qs(ec.why.empty() ? std::string("no API price for the target") : ec.why));
    }
    case ChartKind::Backtest:
        return tr("Each point is what the model, fitted only on data known then, predicted at a past date, against when "
                  "local models actually got there (%1 dates).")
            .arg(x.backtest.size());
    }
    return {};
}

QString forTable(const ff::Result &r, const ff::ReportExtras &x, TableKind kind)
{
    const ff::Table t = ForecastTables::table(kind, r, x);
    switch (kind) {
    case TableKind::Scenario:
        return tr("Year by year, the best box under the budget and whether its best model matches the target; first: %1.")
            .arg(firstRow(t, {QStringLiteral("Year"), QStringLiteral("Best box"), QStringLiteral("Verdict")}));
    case TableKind::Budget:
        return tr("What each budget buys and when it reaches parity; first: %1.")
            .arg(firstRow(t, {QStringLiteral("Budget"), QStringLiteral("Task-level parity")}));
    case TableKind::Reverse:
        return tr("The best local model today under each constraint and how far it trails the frontier; first: %1.")
            .arg(firstRow(t, {QStringLiteral("Constraint"), QStringLiteral("Best local"), QStringLiteral("Lag")}));
    case TableKind::Targets:
        return tr("Parity for every Sonnet-class target in the catalog; first: %1.")
            .arg(firstRow(t, {QStringLiteral("Target"), QStringLiteral("Task-level parity")}));
    case TableKind::Claims:
        return tr("Published speed claims against what the model computes for the same box; %1 claims checked.").arg(t.rows.size());
    case TableKind::Backtest:
        return tr("What the model said at past dates against what happened; first: %1.")
            .arg(firstRow(t, {QStringLiteral("As of"), QStringLiteral("Predicted"), QStringLiteral("Actual")}));
    case TableKind::Ceiling:
        return tr("How the best local model at API speed has moved at each date; first: %1.")
            .arg(firstRow(t, {QStringLiteral("As of"), QStringLiteral("Best local"), QStringLiteral("Lag")}));
    }
    return {};
}

} // namespace ffui::SlideTakeaway

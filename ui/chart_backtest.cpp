// The back-test chart: what the model said then vs what happened.
#include "chartparts.h"

#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

ChartSpec backtestSpec(const ff::Engine &e, const ff::Result &, const ff::ReportExtras &x)
{
    ChartSpec c;
    const double newest = e.defaultAsOf();
    c.title = x.backtest.empty() ? noData(ChartKind::Backtest, tr("no back-test for this data"))
                                 : ChartFactory::title(ChartKind::Backtest);
    Bounds dates, years;
    for (const auto &b : x.backtest)
        dates.add(b.asOf);
    for (const auto &cr : x.ceiling)
        dates.add(cr.asOf);
    dates.add(newest);
    setYearAxis(c.x, dates.valid() ? dates.lo - 0.25 : newest - 3, dates.valid() ? dates.hi + 0.25 : newest + 1,
                tr("As of (the model refitted on what was released by then)"));
    std::vector<std::string> thresholds;
    for (const auto &b : x.backtest)
        if (std::find(thresholds.begin(), thresholds.end(), b.threshold) == thresholds.end())
            thresholds.push_back(b.threshold);
    const QColor colors[] = {kBlue, kGreen, kVermillion, kPurple, kOrange};
    const Qt::PenStyle dashes[] = {Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
    for (std::size_t t = 0; t < thresholds.size(); ++t) {
        SeriesSpec predicted, actual;
        predicted.draw = Draw::LinePoints;
        actual.draw = Draw::Dashed;
        actual.dash = dashes[t % std::size(dashes)]; // two bars reached in the same month stay apart
        predicted.color = actual.color = colors[t % std::size(colors)];
        const ff::BacktestRow *observed = nullptr;
        for (const auto &b : x.backtest) {
            if (b.threshold != thresholds[t])
                continue;
            if (b.predictedReached) {
                predicted.points.append(QPointF(b.asOf, b.predictedYear));
                years.add(b.predictedYear);
            }
            if (b.actualReached)
                observed = &b;
        }
        predicted.name = tr("%1: said then").arg(qs(thresholds[t]));
        if (observed) {
            actual.name = tr("%1: happened %2").arg(qs(thresholds[t]), qs(ff::formatMonth(observed->actualYear)));
            actual.points = {QPointF(c.x.min, observed->actualYear), QPointF(c.x.max, observed->actualYear)};
            years.add(observed->actualYear);
        } else {
            actual.name = tr("%1: not yet by %2").arg(qs(thresholds[t]), qs(ff::formatMonth(newest)));
        }
        // Bars reached in the same month share one line (two lines on top of each other read as one).
        bool merged = false;
        for (SeriesSpec &other : c.series)
            if (observed && other.draw == Draw::Dashed && other.points == actual.points && !other.points.isEmpty()) {
                other.name = tr("%1 and %2").arg(other.name.section(QStringLiteral(": happened"), 0, 0), actual.name);
                other.color = kGrey;
                merged = true;
            }
        c.series.push_back(predicted);
        if (!merged)
            c.series.push_back(actual);
    }
    years.add(dates.valid() ? dates.lo : newest);
    setLinearRange(c.y, years.valid() ? years.lo - 0.3 : newest - 1, years.valid() ? years.hi + 0.3 : newest + 1);
    c.y.title = tr("Task-level parity year");
    c.y.format = c.y.tickInterval >= 1 ? QStringLiteral("%.0f") : QStringLiteral("%.1f");
    // One axis: the lag of the best local model is a table of its own (the ceiling history).
    return c;
}

} // namespace ffui::chartparts

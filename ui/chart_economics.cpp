// The economics chart: cumulative cost of the box vs the API.
#include "chartparts.h"

#include "report/economics.h"
#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

// Cumulative cost of the task-level answer's box against the API for the chosen usage profile (economics.h):
// the purchase, then energy month by month and the resale back at the end of its life, and the break-even.
ChartSpec economicsSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Economics);
    c.x.title = tr("Months after buying the box");
    const ff::EconomicsResult x = ff::computeEconomics(e, r, false, true);
    const ff::EconomicsRow *row = x.selected();
    std::vector<ff::Series> series;
    if (!x.available)
        c.title = noData(ChartKind::Economics, qs(x.why));
    else if (!row || !row->task.reached)
        c.title = noData(ChartKind::Economics, tr("no box reaches task-level parity by the horizon"));
    else if (!row->answerBox.costed)
        c.title = noData(ChartKind::Economics, qs(row->answerBox.why));
    else {
        series = ff::cumulativeCostSeries(*row, x.assumptions.lifetimeYears, x.assumptions.resaleShare);
        c.title = tr("%1 (%2, %3, bought %4)").arg(ChartFactory::title(ChartKind::Economics), qs(row->profile.label),
                                                 qs(row->target), qs(ff::formatMonth(row->answerBox.t)));
    }
    Bounds xs, ys;
    const auto add = [&](const char *role, const QString &name, const QColor &color, Draw draw) {
        const ff::Series *s = byRole(series, role);
        if (!s)
            return;
        SeriesSpec sp;
        sp.name = name;
        sp.points = pointsOf(*s, false);
        sp.color = color;
        sp.draw = draw;
        for (const QPointF &pt : sp.points) {
            xs.add(pt.x());
            ys.add(pt.y());
        }
        if (!sp.points.isEmpty())
            c.series.push_back(sp);
    };
    add("api_cumulative", row ? tr("API (%1 a year)").arg(usd(row->answerBox.apiUsdPerYear)) : tr("API"), kVermillion, Draw::Line);
    add("box_cumulative",
        row ? tr("%1: %2, then %3 a year of energy").arg(qs(row->answerBox.box), usd(row->answerBox.purchaseUsd),
                                                          usd(row->answerBox.energyUsdPerYear))
            : tr("Box"),
        kBlue, Draw::Line);
    add("break_even", row ? tr("Break-even: %1").arg(qs(ff::breakEvenText(row->answerBox))) : tr("Break-even"), kBlack,
        Draw::Scatter);
    setLinearRange(c.x, 0, xs.valid() ? xs.hi : 48);
    c.x.format = QStringLiteral("%.0f");
    setLinearRange(c.y, 0, ys.valid() ? ys.hi * 1.05 : 1000);
    c.y.title = tr("Cumulative cost (USD)");
    c.y.format = QStringLiteral("%.0f");
    return c;
}

} // namespace ffui::chartparts

// The Hardware catalog chart: memory vs bandwidth, within the budget or over it, and the projected generations.
#include "chartparts.h"

#include "data/assumptions.h"
#include "market/market.h"
#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

ChartSpec hardwareSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Hardware);
    const ff::DataSet &d = e.data();
    // Split at the budget: a card counts with the host it needs, a unified system is the whole box.
    double host = 0;
    {
        const std::vector<double> v = ff::assumptionValues(d, r.scenario);
        for (std::size_t i = 0; i < d.assumptions.size() && i < v.size(); ++i)
            if (d.assumptions[i].name == "host_cost_usd")
                host = v[i];
    }
    SeriesSpec within, over, chosen;
    within.draw = over.draw = chosen.draw = Draw::Scatter;
    within.color = kBlue;
    over.color = kGrey;
    within.name = tr("Within %1 (cards with a %2 host)").arg(usd(r.budgetUsd), usd(host));
    over.name = tr("Over %1").arg(usd(r.budgetUsd));
    // The box the forecast chose: today's best box under the budget.
    std::string chosenBox;
    for (const auto &row : r.budgets)
        if (std::fabs(row.budgetUsd - r.budgetUsd) < 0.5)
            chosenBox = row.box;
    if (chosenBox.empty() && !r.scenarios.empty())
        chosenBox = r.scenarios.front().box;
    const ff::HardwarePart *chosenPart = nullptr;
    for (const auto &part : d.parts)
        if (!chosenBox.empty() && part.priceUsd && part.released <= r.asOf && chosenBox.find(part.name) != std::string::npos &&
            (!chosenPart || part.name.size() > chosenPart->name.size()))
            chosenPart = &part;
    chosen.color = kVermillion;
    chosen.shape = QScatterSeries::MarkerShapeStar;
    chosen.name = chosenPart ? tr("Chosen today: %1").arg(qs(chosenBox)) : tr("No box under the budget today");
    for (const auto &part : d.parts) {
        if (!part.priceUsd || part.memoryGb <= 0 || part.bandwidthGbps <= 0 || part.released > r.asOf)
            continue;
        const double box = *part.priceUsd + (part.kind == ff::PartKind::Gpu ? host : 0.0);
        SeriesSpec &sp = box <= r.budgetUsd ? within : over;
        const QString name = tr("%1 (%2, %3): %4 GB, %5 GB/s, %6 %7")
                                 .arg(qs(part.name), qs(ff::formatMonth(part.released)), usd(*part.priceUsd))
                                 .arg(part.memoryGb, 0, 'g', 4)
                                 .arg(part.bandwidthGbps, 0, 'g', 5)
                                 .arg(part.kind == ff::PartKind::Unified ? tr("whole system") : tr("card"));
        sp.points.append(QPointF(part.memoryGb, part.bandwidthGbps));
        sp.pointNames.append(name);
        if (&part == chosenPart) {
            chosen.points.append(QPointF(part.memoryGb, part.bandwidthGbps));
            chosen.pointNames.append(name);
        }
    }
    c.series.push_back(over);
    c.series.push_back(within);
    // Future generations as the model projects them for this scenario.
    SeriesSpec roadmap, trend;
    roadmap.draw = trend.draw = Draw::Scatter;
    roadmap.name = tr("Projected: next generation (roadmap)");
    roadmap.color = kPurple;
    roadmap.shape = QScatterSeries::MarkerShapeStar;
    trend.name = tr("Projected: later generations (trend), to %1").arg(viewEnd(e, r), 0, 'f', 0);
    trend.color = kGreen;
    trend.shape = QScatterSeries::MarkerShapeTriangle;
    try {
        const double end = viewEnd(e, r);
        for (const auto &g : e.projectedParts(r.scenario)) {
            if (g.released > end + 1e-9 || g.memoryGb <= 0 || g.bandwidthGbps <= 0)
                continue;
            SeriesSpec &sp = g.explicitRoadmap ? roadmap : trend;
            sp.points.append(QPointF(g.memoryGb, g.bandwidthGbps));
            sp.pointNames.append(tr("%1: %2 GB, %3 GB/s, %4")
                                     .arg(qs(g.name()))
                                     .arg(g.memoryGb, 0, 'f', 0)
                                     .arg(g.bandwidthGbps, 0, 'f', 0)
                                     .arg(usd(g.priceUsd)));
        }
    } catch (const std::exception &) {
        // Projections are an extra; the catalog alone is still worth showing.
    }
    c.series.push_back(roadmap);
    c.series.push_back(trend);
    c.series.push_back(chosen);
    Bounds mem, bw;
    for (const auto &s : c.series)
        for (const QPointF &p : s.points) {
            mem.add(p.x());
            bw.add(p.y());
        }
    setLogRange(c.x, mem, 2);
    c.x.title = tr("Memory (GB, log scale)");
    setLogRange(c.y, bw, 2);
    c.y.title = tr("Memory bandwidth (GB/s, log scale)");
    return c;
}

} // namespace ffui::chartparts

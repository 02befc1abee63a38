// The tornado: the parity year at each assumption's P10 and P90.
#include "chartparts.h"

#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

ChartSpec tornadoSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x)
{
    ChartSpec c;
    const ff::DataSet &d = e.data();
    const double horizon = d.settings.horizonYear;
    const auto capped = [horizon](double y) { return std::isfinite(y) ? y : horizon + 1; };
    // Task-level parity unless no assumption moves it; then the full product, and the title says so.
    // The ranking is the headline's (its biggest accelerant is the top bar).
    const SensitivityRanking ranking = sensitivityRanking(x.sensitivity, horizon);
    const bool full = ranking.full;
    const ff::ParityResult &baseParity = full ? r.full : r.task;
    const double base = capped(baseParity.reached ? baseParity.year : std::numeric_limits<double>::infinity());
    struct Row {
        const ff::SensitivityRow *row;
        double low, high; // years relative to the base
    };
    std::vector<Row> rows;
    for (std::size_t k : ranking.order) {
        const ff::SensitivityRow &row = x.sensitivity[k];
        const double lo = capped(full ? row.fullLowYear : row.lowYear) - base;
        const double hi = capped(full ? row.fullHighYear : row.highYear) - base;
        rows.push_back({&row, lo, hi});
    }
    const std::size_t moving = rows.size();
    // The rows that move it most: each label must stay readable on a projected 1280x720 page (the
    // report's sensitivity table has every row).
    constexpr std::size_t kMaxRows = 8;
    if (rows.size() > kMaxRows)
        rows.resize(kMaxRows);
    const QString shown = moving > rows.size() ? tr("; the %1 that move it most").arg(rows.size()) : QString();
    const QString which = full ? tr("full-product") : tr("task-level");
    if (x.sensitivity.empty())
        c.title = noData(ChartKind::Tornado, tr("no sensitivity run yet"));
    else if (rows.empty())
        c.title = noData(ChartKind::Tornado, tr("no assumption moves parity within its range"));
    else if (full)
        c.title = tr("Tornado: full-product parity, fixed target, at each assumption's P10 and P90 (%1 of %2 move it%3; task-level parity does not move)")
                      .arg(moving)
                      .arg(x.sensitivity.size())
                      .arg(shown);
    else
        c.title = tr("Tornado: task-level parity, fixed target, at each assumption's P10 and P90 (%1 of %2 move it%3)")
                      .arg(moving)
                      .arg(x.sensitivity.size())
                      .arg(shown);

    BarsSpec bars;
    bars.horizontal = true;
    bars.barWidth = 0.75;
    BarSetSpec low{tr("At the low end of its range (P10)"), kBlue, {}};
    BarSetSpec high{tr("At the high end of its range (P90)"), kOrange, {}};
    const auto number = [](double v) { return QString::number(v, 'g', 3); };
    Bounds b;
    b.add(0);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        const ff::AssumptionDef *a = d.assumption(it->row->name);
        const QString unit = a ? qs(a->unit) : QString();
        bars.categories << tr("%1: %2 / %3 %4").arg(qs(it->row->label), number(it->row->lowValue), number(it->row->highValue), unit).trimmed();
        low.values << it->low;
        high.values << it->high;
        b.add(it->low);
        b.add(it->high);
    }
    bars.sets = {low, high};
    bars.barWidth = std::min(0.75, 0.25 * std::max<qsizetype>(1, bars.categories.size())); // a lone row stays a bar, not a slab
    c.bars = bars;
    // A relative axis labelled with calendar years.
    const double pad = std::max(0.25, (b.hi - b.lo) * 0.05);
    c.x.min = b.lo - pad;
    c.x.max = b.hi + pad;
    const double span = c.x.max - c.x.min;
    const double step = span <= 4 ? 0.5 : span <= 10 ? 1 : span <= 20 ? 2 : 5;
    for (double y = std::ceil((base + c.x.min) / step) * step; y <= base + c.x.max + 1e-9; y += step)
        c.x.labels.push_back({y > horizon ? tr("after %1").arg(horizon, 0, 'f', 0)
                                          : step < 1 ? qs(ff::formatMonth(y)) : QString::number(y, 'f', 0),
                              y - base});
    c.x.title = tr("%1 parity year (base %2)").arg(which.left(1).toUpper() + which.mid(1), qs(ff::yearText(baseParity)));
    c.y.title = tr("Assumption: P10 / P90 value");
    SeriesSpec baseLine;
    baseLine.draw = Draw::Marker;
    baseLine.color = kBlack;
    baseLine.name = tr("Base: %1").arg(qs(ff::yearText(baseParity)));
    baseLine.points = {QPointF(0, -0.5), QPointF(0, std::max<qsizetype>(1, bars.categories.size()) - 0.5)};
    c.series.push_back(baseLine);
    return c;
}

} // namespace ffui::chartparts

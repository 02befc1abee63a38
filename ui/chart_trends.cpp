// The Trends chart: hardware per dollar and model efficiency as indices over time.
#include "chartparts.h"

#include <iterator>
#include <map>

#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

namespace {

QColor roleColor(const std::string &role, std::size_t fallbackIndex)
{
    static const std::map<std::string, QColor> colors = {
        {"compute_per_dollar", kBlue},     {"bandwidth_per_dollar", kOrange}, {"memory_per_dollar", kGreen},
        {"model_efficiency", kVermillion}, {"memory_roadmap", kPurple},       {"frontier", kBlack},
        {"local_projected", kBlue},        {"target", kVermillion},
    };
    const auto it = colors.find(role);
    if (it != colors.end())
        return it->second;
    const QColor cycle[] = {kSky, kGreen, kPurple, kOrange, kGrey};
    return cycle[fallbackIndex % std::size(cycle)];
}

} // namespace

ChartSpec trendsSpec(const ff::Engine &e, const ff::Result &r)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Trends);
    double xFrom = std::numeric_limits<double>::infinity();
    for (const auto &s : r.trends)
        if (!s.x.empty())
            xFrom = std::min(xFrom, s.x.front());
    if (!std::isfinite(xFrom))
        xFrom = e.data().settings.t0 - 5;
    setYearAxis(c.x, xFrom, viewEnd(e, r));
    Bounds b;
    std::size_t i = 0;
    for (const auto &s : r.trends) {
        SeriesSpec sp;
        sp.name = qs(s.name);
        sp.points = drawnPoints(s, true);
        sp.color = roleColor(s.role, i++);
        b.addY(sp.points, c.x.min, c.x.max);
        for (SeriesSpec &part : splitAtToday(sp, r.asOf))
            c.series.push_back(part);
    }
    // The efficiency index runs many decades from 1.0 when the fitted law is extrapolated far from t0;
    // keep the hardware lines readable and let that one leave the plot.
    b.lo = std::max(b.lo, 1e-3);
    b.hi = std::min(b.hi, 1e4);
    setLogRange(c.y, b, 10);
    c.y.title = tr("Index, 1.0 in %1 (log)").arg(e.data().settings.t0, 0, 'f', 0);
    c.series.push_back(todayLine(r, c.y.min, c.y.max));
    return c;
}

} // namespace ffui::chartparts

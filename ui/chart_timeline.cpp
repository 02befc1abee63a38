// The Local vs frontier chart: quality over time, observed and projected.
#include "chartparts.h"

#include <algorithm>

#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

ChartSpec timelineSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Timeline);
    double xFrom = std::numeric_limits<double>::infinity();
    for (const auto &s : r.timeline)
        if (!s.x.empty() && s.role != "frontier")
            xFrom = std::min(xFrom, s.x.front());
    if (!std::isfinite(xFrom))
        xFrom = r.asOf - 3;
    setYearAxis(c.x, xFrom, withPinned(viewEnd(e, r), e, pinned));
    Bounds all, bar;
    std::vector<SeriesSpec> points;
    const auto add = [&](const ff::Series &s, bool muted) {
        SeriesSpec sp;
        sp.name = qs(s.name);
        // One line per stretch the model answered (Series::restarts): a gap is never bridged.
        QList<QList<QPointF>> stretches{{}};
        for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
            if (std::find(s.restarts.begin(), s.restarts.end(), k) != s.restarts.end() && !stretches.back().isEmpty())
                stretches.append(QList<QPointF>());
            if (s.x[k] >= c.x.min - 1e-9 || s.role != "frontier" || k + 1 == s.x.size() || s.x[k + 1] >= c.x.min)
                stretches.back().append(QPointF(std::max(s.x[k], c.x.min), s.y[k]));
        }
        sp.points = stretches.takeFirst();
        if (s.stepped)
            sp.points = asSteps(sp.points);
        sp.color = s.role == "frontier" ? kBlack : s.role == "target" ? kVermillion : kBlue;
        // Observed (the frontier, the catalog's best local run): solid, with the real models as points;
        // projected and the bar: dashed.
        const bool observedRole = s.role == "local_observed" || s.role == "frontier";
        sp.draw = observedRole ? Draw::Line : Draw::Dashed;
        sp.dash = s.role == "target" ? Qt::DashDotLine : Qt::DashLine;
        if (muted) {
            sp.name = pinnedCurve(sp.name);
            sp.color = kPinned;
            sp.dash = kPinnedDash;
            sp.draw = Draw::Dashed;
            sp.legend = false; // named once, by the pinned marker's entry
        }
        if (observedRole && !muted) {
            SeriesSpec pts;
            pts.draw = Draw::Scatter;
            pts.color = sp.color;
            pts.legend = false;
            pts.name = tr("%1: models").arg(sp.name);
            for (std::size_t k = 0; k < s.x.size() && k < s.labels.size(); ++k)
                if (!s.labels[k].empty() && s.x[k] >= c.x.min - 1e-9 &&
                    (k == 0 || s.labels[k] != s.labels[k - 1])) {
                    pts.points.append(QPointF(s.x[k], s.y[k]));
                    pts.pointNames << qs(s.labels[k]);
                }
            points.push_back(pts);
        }
        all.addY(sp.points, c.x.min, c.x.max);
        if (s.role != "local_projected")
            bar.addY(sp.points, c.x.min, c.x.max);
        c.series.push_back(sp);
        for (const QList<QPointF> &more : stretches) { // the same line after a gap, named once in the legend
            SeriesSpec next = sp;
            next.points = s.stepped ? asSteps(more) : more;
            next.legend = false;
            all.addY(next.points, c.x.min, c.x.max);
            c.series.push_back(next);
        }
    };
    for (const ff::Series &s : r.timeline)
        add(s, false);
    for (const SeriesSpec &pts : points)
        c.series.push_back(pts);
    if (pinned)
        for (const ff::Series &s : pinned->timeline)
            if (s.role == "local_projected" || (s.role == "target" && pinned->targetQuality != r.targetQuality))
                add(s, true);
    setQualityRange(c, all, bar, e);
    addYearMarkers(c, r, x, pinned);
    return c;
}

} // namespace ffui::chartparts

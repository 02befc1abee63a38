// The Crossing chart: the model size the target needs vs what the budget runs at API speed.
#include "chartparts.h"

#include "solver/forecast.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui::chartparts {

ChartSpec crossingSpec(const ff::Engine &e, const ff::Result &r, const ff::ReportExtras &x, const ff::Result *pinned)
{
    ChartSpec c;
    c.title = ChartFactory::title(ChartKind::Crossing);
    const ff::Series *need = byRole(r.crossing, "need_deff");
    const ff::Series *offer = byRole(r.crossing, "offer_deff");
    // A year of history to the left of today, a few years past parity to the right.
    setYearAxis(c.x, r.asOf - 1, withPinned(viewEnd(e, r), e, pinned));
    Bounds b;
    std::vector<std::size_t> offers; // which of c.series are offer lines
    const auto add = [&](const ff::Series *s, const QString &name, const QColor &color, Draw draw, bool muted) {
        if (!s)
            return;
        SeriesSpec sp;
        sp.name = name;
        // The offer keeps its empty months (0) for the floor below; the bounds take only what is drawn above it.
        const bool offerLine = s->role == "offer_deff";
        sp.points = drawnPoints(*s, !offerLine);
        sp.color = muted ? kPinned : color;
        sp.draw = draw;
        if (muted) {
            sp.dash = kPinnedDash;
            sp.legend = false; // the pinned marker's entry (dash-dot) names the pin once; a legend of five rows left no plot at 1280x720
        }
        for (const std::string &l : s->labels)
            sp.pointNames << qs(l);
        b.addY(offerLine ? drawnPoints(*s, true) : sp.points, c.x.min, c.x.max);
        if (offerLine)
            offers.push_back(c.series.size());
        c.series.push_back(sp);
    };
    add(need, tr("Sonnet-class needs (by the law)"), kVermillion, Draw::Dashed, false);
    add(offer, tr("%1 box runs at API speed (best box, projected)").arg(usd(r.budgetUsd)), kBlue, Draw::Line, false);
    if (pinned) {
        // The pinned need only when it differs (another target, law or yardstick); else it hides under this one.
        const ff::Series *pinnedNeed = byRole(pinned->crossing, "need_deff");
        if (pinnedNeed && (!need || pinnedNeed->x != need->x || pinnedNeed->y != need->y))
            add(pinnedNeed, pinnedCurve(tr("needs")), kPinned, Draw::Dashed, true);
        add(byRole(pinned->crossing, "offer_deff"), pinnedCurve(tr("%1 box runs").arg(usd(pinned->budgetUsd))), kPinned, Draw::Dashed,
            true);
    }
    // The need falls by orders of magnitude far from today; keep the offer readable.
    Bounds offerB;
    if (offer)
        offerB.addY(drawnPoints(*offer, true), c.x.min, c.x.max);
    if (offerB.valid()) {
        b.lo = std::max(b.lo, offerB.lo / 64);
        b.hi = std::min(b.hi, offerB.hi * 64);
    }
    setLogRange(c.y, b, 10);
    // A month in which the budget buys no box (the model's offer is 0 there) is drawn on the axis floor,
    // not dropped: a dropped month would hold the last box's size across the gap, a crossing that is not there.
    for (std::size_t i : offers)
        for (QPointF &pt : c.series[i].points)
            if (!(pt.y() > 0))
                pt.setY(c.y.min);
    c.y.title = tr("Size at API speed (B dense-equiv., log)");
    addYearMarkers(c, r, x, pinned);
    return c;
}

} // namespace ffui::chartparts

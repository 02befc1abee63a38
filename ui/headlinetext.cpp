#include "headlinetext.h"

#include "report/compare.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>
#include <cmath>

#include "forecastextras.h"
#include "forecastsession.h"
#include "headlinecards.h"
#include "qtstrings.h"
#include "report/economics.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui {

namespace {
// The texts were the window's; they keep its translation context.
QString tr(const char *text) { return QCoreApplication::translate("ffui::MainWindow", text); }

// The lag card: today's best run at API speed and the frontier model it is level with.
void showLag(HeadlineCards *cards, const ff::Result &r)
{
    QString lagDetail = tr("No local option runs at API speed today.");
    if (!r.reverse.empty() && r.reverse.front().run.found) {
        const ff::ReverseRow &row = r.reverse.front();
        lagDetail = tr("Best at API speed today: %1 %2 on %3, level with %4.")
                        .arg(qs(row.run.model), qs(row.run.quant), qs(row.run.box),
                             row.hasMatch ? tr("%1 (%2)").arg(qs(row.frontierMatch), qs(ff::formatMonth(row.frontierMatchYear)))
                                          : tr("the frontier"));
    }
    // No run at API speed today means no lag to state (not "0.0 years").
    const bool runs = !r.reverse.empty() && r.reverse.front().run.found;
    cards->setCard(HeadlineCards::Lag,
                    !runs ? tr("None runs")
                          : r.reverse.front().hasMatch ? qs(ff::yearsText(r.currentLagYears, 1)) : tr("ahead of the catalog"),
                    lagDetail);
}
} // namespace

void HeadlineText::showResult(HeadlineCards *cards, const ForecastSession &s)
{
    const ff::Result &r = s.result();
    const double horizon = s.engine().data().settings.horizonYear;
    const auto parityDetail = [&](const ff::ParityResult &p) {
        if (!p.reached)
            return tr("No box within %1 gets there by %2.").arg(qs(ff::fmtUsd(r.budgetUsd))).arg(horizon, 0, 'f', 0);
        const QString used = p.boxPrice && p.boxPrice->usedOnly ? tr(" (used market only)") : QString();
        // The box as bought in its parity month (its RAM tier, its price then); a cheaper earlier month
        // beside it, never instead of it.
        QString bought;
        if (p.boxPrice) {
            bought = p.boxPrice->unified ? tr(" (%1 in %2)").arg(qs(ff::fmtUsd(p.boxPrice->totalUsd)), qs(ff::formatMonth(p.boxPrice->t)))
                                         : tr(" with %1 GB RAM (%2 in %3)")
                                               .arg(qs(ff::fmtFixed(p.boxPrice->ramGb, 0)), qs(ff::fmtUsd(p.boxPrice->totalUsd)),
                                                    qs(ff::formatMonth(p.boxPrice->t)));
            if (p.earlierPurchase)
                bought += tr("; bought in %1 it cost %2").arg(qs(ff::formatMonth(p.earlierPurchase->t)), qs(ff::fmtUsd(p.earlierPurchase->totalUsd)));
        }
        if (p.kind == ff::ParityKind::Implied)
            return tr("Due by the law on %1%2 since %3 (%4 years before as-of %5); no catalogued model shows it yet.")
                .arg(qs(p.box) + bought, used, qs(ff::formatMonth(p.year)), qs(ff::fmtFixed(std::max(0.0, p.asOf - p.year), 1)),
                     qs(ff::formatMonth(p.asOf)));
        const QString model = p.model.empty() ? tr("a hypothetical %1B dense-equivalent model").arg(qs(ff::fmtFixed(p.requiredDeffB, 0)))
                                              : qs(p.model);
        return tr("%1%2: %3 at %4").arg(qs(p.box) + bought, used, model, qs(p.quant));
    };
    const QString target = tr("Target: %1 (%2 %3), budget %4, as of %5. Yardstick: %6.")
                               .arg(qs(r.targetModel),
                                    ff::isCoding(r.yardstick) ? qs(ff::yardstickBenchmark(r.yardstick)) : qs(s.engine().data().qualityIndexName),
                                    qs(ff::scoreText(r.yardstick, r.targetQuality) +
                                       (r.targetCrosswalked.empty() ? std::string() : ", " + r.targetCrosswalked)),
                                    qs(ff::fmtUsd(r.budgetUsd)),
                                    qs(ff::formatMonth(r.asOf)), qs(ff::yardstickLabel(r.yardstick)));
    // One date format rule: the precision comes from the last known range (kept until the new one
    // arrives), so the card does not flip between month and year while the Monte Carlo runs.
    const ff::MonteCarloResult *lastMc = s.extras().monteCarlo ? &*s.extras().monteCarlo : nullptr;
    const ff::Distribution *taskPrecision = lastMc ? &lastMc->task : nullptr;
    const ff::Distribution *fullPrecision = lastMc ? &lastMc->full : nullptr;
    // The second question and the roadmap entry, in the tooltip.
    const auto movingLine = [&](const ff::ParityResult &moving, const ff::Distribution *precision) {
        return tr("Moving bar (the hosted bar rising %1 points a year): %2.")
            .arg(qs(ff::fmtFixed(r.movingBarDrift, 1)), qs(ff::yearText(moving, precision)));
    };
    const auto roadmapLine = [&](const ff::ParityResult &with, const ff::ParityResult &without) {
        if (!r.roadmapKnown || !ff::restsOnRoadmap(with, without))
            return QString();
        return QLatin1Char('\n') + tr("Rests on the assumption that %1; without it: %2.")
                                        .arg(qs(r.roadmapAssumption), qs(ff::yearText(without)));
    };
    // What the full product rests on: the assumption whose "off" value moves the date most.
    QString restsOn;
    if (const ff::RestsOnRow *t = r.fullRestsOn.top())
        restsOn = tr("Needs %1; with %2: %3.")
                      .arg(qs(t->label), qs(t->neutralLabel),
                           t->reached ? qs(ff::formatMonth(t->year)) : tr("not by %1").arg(horizon, 0, 'f', 0));
    cards->setCard(HeadlineCards::TaskYear, qs(ff::cardText(r.task, nullptr, horizon, taskPrecision)), parityDetail(r.task),
                    target + QLatin1Char('\n') + parityDetail(r.task) + roadmapLine(r.task, r.taskWithoutRoadmap) +
                        QLatin1Char('\n') + movingLine(r.movingTask, lastMc ? &lastMc->movingTask : nullptr));
    cards->setCard(HeadlineCards::FullYear, qs(ff::cardText(r.full, nullptr, horizon, fullPrecision)),
                    restsOn.isEmpty() ? parityDetail(r.full) : parityDetail(r.full) + QLatin1Char(' ') + restsOn,
                    target + QLatin1Char('\n') + parityDetail(r.full) + QLatin1Char('\n') + restsOn +
                        roadmapLine(r.full, r.fullWithoutRoadmap) + QLatin1Char('\n') + movingLine(r.movingFull, lastMc ? &lastMc->movingFull : nullptr));
    showLag(cards, r);
    if (s.pinnedResult()) {
        // Compare: both answers and the difference on the parity cards.
        const ff::Result &c = *s.pinnedResult();
        // The value stays this scenario's answer (it must fit the card); the line under it gives the
        // pinned one and the difference.
        const auto detail = [&](const ff::ParityResult &now, const ff::ParityResult &pinned) {
            // Short enough for the card at 1280x720; the tooltip says it in full.
            return tr("pinned %1 · %2").arg(qs(ff::parityDateShort(pinned)), qs(ff::parityDifferenceShort(now, pinned)));
        };
        const auto tip = [&](const ff::ParityResult &now, const ff::ParityResult &pinned) {
            return tr("Pinned \u201c%1\u201d: %2; this scenario: %3 (%4).")
                .arg(qs(c.scenario.name), qs(ff::yearText(pinned)), qs(ff::yearText(now)), qs(ff::parityDifferenceText(now, pinned)));
        };
        cards->setCard(HeadlineCards::TaskYear, qs(ff::cardText(r.task, nullptr, horizon, taskPrecision)), detail(r.task, c.task),
                        target + QLatin1Char('\n') + parityDetail(r.task) + QLatin1Char('\n') + tip(r.task, c.task));
        cards->setCard(HeadlineCards::FullYear, qs(ff::cardText(r.full, nullptr, horizon, fullPrecision)), detail(r.full, c.full),
                        target + QLatin1Char('\n') + parityDetail(r.full) + QLatin1Char('\n') + tip(r.full, c.full));
    }
    // An observed answer has nothing holding it back: the value says "none" and the lines under it
    // name the run that shows it (a model and box name is too long for the value's one line).
    const bool seen = r.task.reached && r.task.heldBack.by == ff::HeldBack::Observed;
    cards->setCard(HeadlineCards::Bottleneck,
                   seen ? tr("none") : r.task.reached ? qs(ff::bottleneckText(r.task.heldBack)) : tr("not reached"),
                   tr("Full product: %1").arg(r.full.reached ? qs(ff::bottleneckText(r.full.heldBack)) : tr("not reached")));
    const QString seenText = seen ? tr("observed: %1 on %2").arg(qs(r.task.heldBack.observedModel), qs(r.task.heldBack.observedBox)) : QString();
    cards->setRange(HeadlineCards::Bottleneck, seenText, seenText);
    // Off the drag path: during a drag the card waits for the release (MainWindow::setDragging).
    if (s.isInteracting())
        cards->setCard(HeadlineCards::Economics, QStringLiteral("\u2026"), tr("Computed when the drag ends."));
    else
        showEconomics(cards, s);
}

void HeadlineText::showEconomics(HeadlineCards *cards, const ForecastSession &s)
{
    const ff::Result &r = s.result();
    const double horizon = s.engine().data().settings.horizonYear;
    // Economics (economics.h): the answer's box against the API for the chosen usage profile.
    const ff::EconomicsResult ec = ff::computeEconomics(s.engine(), r, false, true);
    if (const ff::EconomicsRow *row = ec.selected()) {
        const ff::BoxEconomics &b = row->answerBox;
        const QString value = !row->task.reached ? tr("not reached") : qs(ff::breakEvenText(b));
        const QString detail = b.costed && row->task.reached
                                   ? tr("%1: %2 vs API %3 per M output tokens; economic parity %4")
                                         .arg(qs(row->profile.label), qs(ff::fmtUsd(b.localUsdPerMtok)), qs(ff::fmtUsd(b.apiUsdPerMtok)),
                                              qs(ff::economicParityText(row->parity, horizon)))
                                   : qs(row->profile.label);
        cards->setCard(HeadlineCards::Economics, value, detail,
                       qs(ff::economicsLine(*row)) + QLatin1Char('\n') + tr("Rests on: %1").arg(qs(row->parity.restsOn)));
    } else {
        cards->setCard(HeadlineCards::Economics, tr("n/a"), qs(ec.why.empty() ? std::string("no API price for the target") : ec.why));
    }
}

void HeadlineText::showComputing(HeadlineCards *cards, const ForecastSession &s)
{
    const QString computing = tr("%1 \u00b7 P10\u2013P90 computing\u2026");
    const QString why = tr("Running %1 Monte Carlo samples\u2026").arg(s.samples());
    cards->setRange(HeadlineCards::TaskYear, computing.arg(qs(ff::kindText(s.result().task))), why);
    cards->setRange(HeadlineCards::FullYear, computing.arg(qs(ff::kindText(s.result().full))), why);
    cards->setCard(HeadlineCards::Accelerant, QStringLiteral("\u2026"), tr("Computing the sensitivity of each assumption\u2026"));
}

void HeadlineText::showMonteCarlo(HeadlineCards *cards, const ForecastSession &s)
{
    const ff::MonteCarloResult &mc = *s.extras().monteCarlo;
    const double horizon = s.engine().data().settings.horizonYear;
    const auto month = [horizon](double t) {
        return std::isnan(t) ? tr("none") : std::isfinite(t) ? qs(ff::formatMonth(t)) : tr("after %1").arg(horizon, 0, 'f', 0);
    };
    const auto show = [&](HeadlineCards::Card card, const ff::Distribution &d, const ff::Distribution &moving, const QString &which) {
        const ff::ParityResult &answer = card == HeadlineCards::TaskYear ? s.result().task : s.result().full;
        // The one date format rule (report.h): the card says in a few words what the report and the
        // takeaway say in a sentence (the tooltip has the sentence).
        const QString range = qs(ff::cardRangeText(answer.kind, d, horizon, ff::monthPrecision(&d), answer.derivedScore));
        // Too few future samples for a range (the model's floor): their count, not quantiles of a handful.
        const QString rest = d.future > 0 && !ff::hasFutureRange(d)
                                 ? tr("the rest are %1 samples, too few for a range").arg(d.future)
                                 : tr("of the rest, P10 %1, median %2, P90 %3").arg(month(d.p10), month(d.p50), month(d.p90));
        cards->setRange(card, range,
                         tr("%1 parity with the fixed target when every uncertain assumption is drawn from its range: "
                            "%2% of samples are due by the law by as-of %3 but not seen, %4% observed; %5 "
                            "(%6 samples, seed %7). Not reached within the horizon: %8% of samples.")
                             .arg(which, qs(ff::fmtFixed(d.shareDue * 100, 1)), qs(ff::formatMonth(d.asOf)),
                                  qs(ff::fmtFixed(d.shareObserved * 100, 1)), rest)
                             .arg(d.samples)
                             .arg(mc.seed)
                             .arg(d.shareNotReached * 100, 0, 'f', 1) +
                             (s.monteCarloProvisional()
                                  ? QLatin1Char('\n') + tr("A quick range while the slider moves; the full %1 samples follow when it settles.")
                                                             .arg(s.samples())
                                  : QString()) +
                             QLatin1Char('\n') +
                             (mc.movingSolved ? tr("Moving bar (the drift drawn from its range): %1.")
                                                    .arg(qs(ff::rangeText(moving, horizon, ff::monthPrecision(&moving))))
                                              : tr("Moving bar: its range follows when the drag ends.")));
    };
    show(HeadlineCards::TaskYear, mc.task, mc.movingTask, tr("Task-level"));
    show(HeadlineCards::FullYear, mc.full, mc.movingFull, tr("Full-product"));
    // Months only where the range earns them.
    if (!s.pinnedResult()) {
        cards->setValue(HeadlineCards::TaskYear, qs(ff::cardText(s.result().task, &mc.task, horizon)));
        cards->setValue(HeadlineCards::FullYear, qs(ff::cardText(s.result().full, &mc.full, horizon)));
    }
}

void HeadlineText::showSensitivity(HeadlineCards *cards, const ForecastSession &s)
{
    const std::vector<ff::SensitivityRow> &rows = s.extras().sensitivity;
    const double horizon = s.engine().data().settings.horizonYear;
    const auto year = [horizon](double t) {
        return std::isfinite(t) ? qs(ff::formatMonth(t)) : tr("after %1").arg(horizon, 0, 'f', 0);
    };
    // The tornado's own ranking: its top bar is the accelerant named here.
    const SensitivityRanking ranking = sensitivityRanking(rows, horizon);
    if (ranking.order.empty()) {
        cards->setCard(HeadlineCards::Accelerant, tr("None"),
                        tr("No single assumption moves task-level or full-product parity within its uncertainty range."));
    } else {
        const ff::SensitivityRow &top = rows[ranking.order.front()];
        const ff::AssumptionDef *def = s.engine().data().assumption(top.name);
        const QString unit = def ? qs(def->unit) : QString();
        const auto value = [&unit](double v) {
            const int decimals = std::fabs(v) >= 100 ? 0 : std::fabs(v) >= 10 ? 1 : 2;
            return tr("%1 %2").arg(qs(ff::fmtFixed(v, decimals)), unit).trimmed();
        };
        const bool taskMoves = year(top.lowYear) != year(top.highYear);
        const bool fullMoves = year(top.fullLowYear) != year(top.fullHighYear);
        QStringList lines;
        const auto moves = [&](const QString &which, double lowYear, double highYear) {
            return tr("%1: %2 at %3, %4 at %5.").arg(which, year(lowYear), value(top.lowValue), year(highYear), value(top.highValue));
        };
        if (fullMoves)
            lines << moves(tr("Full product"), top.fullLowYear, top.fullHighYear);
        if (taskMoves)
            lines << moves(tr("Task-level"), top.lowYear, top.highYear);
        else
            lines << tr("Task-level stays %1.").arg(year(top.lowYear));
        cards->setCard(HeadlineCards::Accelerant, qs(top.label), lines.join(QLatin1Char(' ')),
                        tr("The assumption that moves parity most between the low (P10) and high (P90) ends of its range, "
                           "the others held at their values.\n%1")
                            .arg(lines.join(QLatin1Char('\n'))));
    }
}

QString HeadlineText::takeaway(const ForecastSession &s)
{
    const ff::MonteCarloResult *mc = s.isCurrent(Extra::MonteCarlo) && s.extras().monteCarlo ? &*s.extras().monteCarlo : nullptr;
    // The precision of the last known range, kept until the new one arrives (as on the cards).
    const ff::Distribution *precision = s.extras().monteCarlo ? &s.extras().monteCarlo->task : nullptr;
    QString text = qs(ff::takeawayText(s.result(), mc, s.engine().data().settings.horizonYear, precision));
    if (s.pinnedResult())
        text += QLatin1Char(' ') + tr("Pinned \u201c%1\u201d: %2 (now %3).")
                                       .arg(qs(s.pinnedResult()->scenario.name), qs(ff::yearText(s.pinnedResult()->task)),
                                            qs(ff::parityDifferenceText(s.result().task, s.pinnedResult()->task)));
    return text;
}

} // namespace ffui

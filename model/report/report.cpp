#include "report/report.h"

#include "data/crosswalk.h"
#include "report/economics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "core/timeutil.h"

namespace ff {

using nlohmann::ordered_json;

std::string fmtFixed(double x, int decimals)
{
    if (!std::isfinite(x))
        return "n/a";
    // std::to_chars, not printf: the C locale of a decimal-comma desktop must not reach CSV or JSON.
    char buf[400];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals);
    return std::string(buf, r.ptr);
}

std::string fmtUsd(double x)
{
    if (!std::isfinite(x))
        return "n/a";
    const long long v = std::llround(x);
    std::string s = std::to_string(v < 0 ? -v : v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return (v < 0 ? "-$" : "$") + s;
}

std::string yearText(const ParityResult &p, const Distribution *precisionFrom)
{
    switch (p.kind) {
    case ParityKind::Observed:
        return (p.derivedScore ? "observed (derived score) " : "observed ") + formatMonth(p.year);
    case ParityKind::Implied:
        return "due by the law since " + formatMonth(p.year) + ", not observed";
    case ParityKind::Projected:
        return "projected " + dateText(p.year, monthPrecision(precisionFrom), 0);
    case ParityKind::NotReached:
        break;
    }
    return p.notProjectable.empty() ? "not within the horizon" : "not projectable from this evidence";
}

bool monthPrecision(const Distribution *d)
{
    // Months only where the evidence earns them: a P10-P90 range of the future date narrower than a
    // year. Without a range (none computed) the month.
    const bool range = d && d->samples > 0 && hasFutureRange(*d) && std::isfinite(d->p10);
    return !range || (std::isfinite(d->p90) && d->p90 - d->p10 < 1.0);
}

std::string dateText(double t, bool months, double horizon)
{
    if (!std::isfinite(t))
        return "after " + fmtFixed(horizon, 0);
    return months ? formatMonth(t) : std::to_string(static_cast<int>(std::floor(t + 1e-9)));
}

std::string cardText(const ParityResult &p, const Distribution *d, double horizon, const Distribution *precisionFrom)
{
    const bool months = monthPrecision(precisionFrom ? precisionFrom : d);
    switch (p.kind) {
    case ParityKind::Observed:
        return formatMonth(p.year);
    case ParityKind::Implied:
        return "due " + formatMonth(p.year);
    case ParityKind::Projected:
        return dateText(p.year, months, horizon);
    case ParityKind::NotReached:
        break;
    }
    return p.notProjectable.empty() ? "not by " + fmtFixed(horizon, 0) : "not projectable";
}

std::string verdictText(Verdict v)
{
    switch (v) {
    case Verdict::FullProduct:
        return "Full-product parity";
    case Verdict::TaskLevel:
        return "Task-level parity";
    case Verdict::Close:
        return "Close";
    case Verdict::TooEarly:
        break;
    }
    return "Too early";
}

std::string claimVerdictText(ClaimVerdict v)
{
    switch (v) {
    case ClaimVerdict::Consistent:
        return "consistent";
    case ClaimVerdict::Optimistic:
        return "optimistic";
    case ClaimVerdict::Pessimistic:
        return "pessimistic";
    case ClaimVerdict::NotCheckable:
        break;
    }
    return "not checkable";
}

std::string bottleneckText(const Bottleneck &b)
{
    std::string t;
    switch (b.by) {
    case HeldBack::NotReached:
        return "not reached within the horizon";
    case HeldBack::Observed:
        return "none (observed: " + b.observedModel + " on " + b.observedBox + ")";
    case HeldBack::ContextLimit:
        return "the context limit of open models (their release trend reaches " +
               std::to_string(static_cast<long long>(b.contextTokens)) + " tokens then)";
    case HeldBack::NoBox:
        t = "no box within budget";
        break;
    case HeldBack::Binding:
        t = bindingName(b.binding);
        break;
    }
    if (!b.reliefBox.empty())
        t += ", relieved when " + b.reliefBox + (b.reliefShips ? " ships" : " falls within budget");
    return t;
}

std::string restsOnText(const RestsOn &ro, const DataSet &d)
{
    std::string text = "binding: " + bottleneckText(ro.binding);
    if (const RestsOnRow *t = ro.top()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", t->value);
        const AssumptionDef *def = d.assumption(t->name);
        text += std::string("; ") + (t->movesYears > 0 ? "needs " : "held back by ") + t->label + " at " + buf +
                (def ? " " + def->unit : std::string()) + "; with " + t->neutralLabel + " " +
                (t->reached ? formatMonth(t->year) : "not within the horizon");
    }
    return text;
}

std::string kindText(ParityKind k)
{
    switch (k) {
    case ParityKind::Observed:
        return "observed";
    case ParityKind::Implied:
        return "due by the law, not observed";
    case ParityKind::Projected:
        return "projected";
    case ParityKind::NotReached:
        break;
    }
    return "not reached";
}

std::string kindText(const ParityResult &p)
{
    return p.kind == ParityKind::Observed && p.derivedScore ? "observed (derived score)" : kindText(p.kind);
}

std::string shareText(double share)
{
    if (share > 0 && share < 0.005)
        return "<1%";
    if (share < 1 && share > 0.995)
        return ">99%";
    return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

namespace {
// The two parts of a range in the words given: the shares already due or observed at as-of, and the
// P10-P90 span of the rest ("after 2045" when it lies past the horizon). rangeText and cardRangeText
// say the same numbers, one in a sentence, one in a card's few words.
std::string pastShares(const Distribution &d, const char *due, const char *observed, const char *separator)
{
    std::string past;
    if (d.due > 0)
        past = shareText(d.shareDue) + due;
    if (d.alreadyObserved > 0)
        past += (past.empty() ? "" : separator) + shareText(d.shareObserved) + observed;
    return past;
}

// `few`: what is said instead of a span when the future samples are too few for one (hasFutureRange).
std::string futureSpan(const Distribution &d, double horizon, bool months, const char *in, const char *from, const char *to,
                       const std::string &few)
{
    if (d.future <= 0)
        return {};
    if (!hasFutureRange(d))
        return few;
    if (!std::isfinite(d.p10))
        return "after " + fmtFixed(horizon, 0);
    const std::string lo = dateText(d.p10, months, horizon), hi = dateText(d.p90, months, horizon);
    return lo == hi ? in + lo : from + lo + to + hi;
}
} // namespace

std::string tooFewFutureText(const Distribution &d)
{
    if (d.future <= 0 || hasFutureRange(d))
        return {};
    return "too few future samples for a range (" + std::to_string(d.future) + " of " + std::to_string(d.samples) + ")";
}

std::string rangeText(const Distribution &d, double horizon, bool months)
{
    if (d.samples <= 0)
        return {};
    const std::string past = pastShares(d, " of samples: due by the law, not yet seen", " of samples: observed", "; ");
    const std::string future = futureSpan(d, horizon, months, "80% in ", "80% between ", " and ", tooFewFutureText(d));
    if (past.empty())
        return future;
    return future.empty() ? past : past + "; otherwise " + future;
}

std::string cardRangeText(ParityKind k, const Distribution &d, double horizon, bool months, bool derived)
{
    const std::string kind = k == ParityKind::Implied                  ? "unseen" // the value says "due YYYY-MM"
                             : k == ParityKind::Observed && derived ? "observed (derived score)"
                                                                     : kindText(k);
    if (d.samples <= 0)
        return kind;
    // No-break spaces: each phrase stays whole on one line of the card.
    const std::string past = pastShares(d, "\u00a0due", "\u00a0seen", ", ");
    // The count and the reason, in the card's few words (the tooltip and the report have the sentence).
    const std::string few = std::to_string(d.future) + "\u00a0future samples, too\u00a0few for a\u00a0range";
    const std::string future = futureSpan(d, horizon, months, "", "", "\u2013", few);
    // A law month not yet seen: the value ("due 2026-05") and the share due already say so, and the
    // card's three lines at 1280x720 hold the shares and the rest's span but not a fourth word.
    const std::string text = k == ParityKind::Implied ? std::string() : kind + " \u00b7 ";
    if (past.empty())
        return text + (hasFutureRange(d) ? "P10\u2013P90\u00a0" : "") + future;
    return future.empty() ? text + past : text + past + "; rest\u00a0" + future;
}

std::string answerText(const ParityResult &p, const Distribution *d, double horizon, const Distribution *precisionFrom)
{
    std::ostringstream o;
    const bool months = monthPrecision(precisionFrom ? precisionFrom : d);
    switch (p.kind) {
    case ParityKind::Observed:
        o << (p.derivedScore ? "observed (derived score) " : "observed ") << formatMonth(p.year);
        break;
    case ParityKind::Implied:
        o << "due by the law since " << formatMonth(p.year) << ", not observed";
        break;
    case ParityKind::Projected:
        o << "projected " << dateText(p.year, months, horizon);
        break;
    case ParityKind::NotReached:
        if (!p.notProjectable.empty())
            o << "not observed, and " << p.notProjectable;
        else
            o << "not within the horizon (" << fmtFixed(horizon, 0) << ")";
        break;
    }
    if (d) {
        const std::string range = rangeText(*d, horizon, months);
        if (!range.empty())
            o << (d->due + d->alreadyObserved > 0 ? "; " : ", ") << range;
    }
    return o.str();
}

std::optional<int> parityDifferenceMonths(const ParityResult &now, const ParityResult &pinned)
{
    if (!now.reached || !pinned.reached)
        return std::nullopt;
    return static_cast<int>(std::lround((now.year - pinned.year) * 12));
}

std::string parityDifferenceText(const ParityResult &now, const ParityResult &pinned)
{
    if (!now.reached && !pinned.reached)
        return "not within the horizon in either";
    if (!now.reached)
        return "lost: the pinned scenario reaches it, this one does not";
    if (!pinned.reached)
        return "gained: the pinned scenario does not reach it";
    const int m = *parityDifferenceMonths(now, pinned);
    if (m == 0)
        return "the same month";
    const int a = std::abs(m), y = a / 12, mo = a % 12;
    std::string t;
    if (y > 0)
        t = std::to_string(y) + (y == 1 ? " year" : " years");
    if (mo > 0)
        t += (t.empty() ? "" : " ") + std::to_string(mo) + (mo == 1 ? " month" : " months");
    return t + (m < 0 ? " earlier" : " later");
}

std::string yearsText(double years, int decimals)
{
    const std::string n = fmtFixed(years, decimals);
    return n + (std::stod(n) == 1.0 ? " year" : " years");
}

std::vector<std::size_t> rankSensitivity(const std::vector<SensitivityRow> &rows, double horizonYear, bool *fullOut)
{
    const auto capped = [horizonYear](double y) { return std::isfinite(y) ? y : horizonYear + 1; };
    bool taskMoves = false;
    for (const auto &row : rows)
        taskMoves = taskMoves || capped(row.lowYear) != capped(row.highYear);
    const bool full = !taskMoves;
    std::vector<double> move(rows.size());
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        move[i] = full ? std::fabs(capped(rows[i].fullHighYear) - capped(rows[i].fullLowYear))
                       : std::fabs(capped(rows[i].highYear) - capped(rows[i].lowYear));
        if (move[i] > 0)
            order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return move[a] > move[b]; });
    if (fullOut)
        *fullOut = full;
    return order;
}

std::string takeawayText(const Result &r, const MonteCarloResult *mc, double horizonYear, const Distribution *precisionFrom)
{
    // One sentence: what the budget's box runs and when, with the kind of answer and the range the
    // evidence gives (months only when that range is narrower than a year, as in answerText).
    std::ostringstream o;
    const Distribution *d = mc && mc->task.samples > 0 ? &mc->task : nullptr;
    const std::string answer = answerText(r.task, d, horizonYear, precisionFrom);
    const std::string cls = r.targetModel + "-class model at API speed";
    o << "A " << fmtUsd(r.budgetUsd) << " box ";
    switch (r.task.kind) {
    case ParityKind::NotReached:
        o << "does not run a " << cls << " by " << fmtFixed(horizonYear, 0) << " (" << answer << ").";
        break;
    case ParityKind::Observed:
        o << "already runs a " << cls << ": " << answer << " (" << r.task.model << " on " << r.task.box << ").";
        break;
    case ParityKind::Implied:
        o << "should already run a " << cls << " by the fitted law, on " << r.task.box
          << ", but no catalogued model shows it yet (" << answer << ").";
        break;
    case ParityKind::Projected:
        o << "runs a " << cls << ": " << answer << ", on " << r.task.box << " with a hypothetical model.";
        break;
    }
    return o.str();
}

std::string headlineText(const Result &r)
{
    std::ostringstream o;
    o << "Task-level parity with " << r.targetModel << ": " << yearText(r.task);
    if (r.task.reached)
        o << " (" << r.task.box << ", bottleneck: " << bottleneckText(r.task.heldBack) << ")";
    o << ". Full-product parity: " << yearText(r.full);
    if (r.full.reached)
        o << " (" << r.full.box << ", bottleneck: " << bottleneckText(r.full.heldBack) << ")";
    if (const RestsOnRow *t = r.fullRestsOn.top())
        o << "; with " << t->neutralLabel << ": " << (t->reached ? formatMonth(t->year) : std::string("not within the horizon"));
    o << ". Yardstick: " << yardstickLabel(r.yardstick) << ".";
    return o.str();
}

Table scenarioTable(const Result &r)
{
    Table t;
    t.title = "Scenario table (fixed target: " + r.targetModel + " at today's score)";
    t.header = {"Year", "Best box", "Best local (dense-equiv.)", "Local quality", "Target quality", "Frontier equivalent",
                "Sonnet-class speed (tok/s)", "Verdict"};
    for (const auto &s : r.scenarios)
        t.rows.push_back({fmtFixed(s.year, 0),
                          s.box.empty() ? "-"
                                        : s.box + (s.hostRamGb > 0 ? " with " + fmtFixed(s.hostRamGb, 0) + " GB RAM" : "") +
                                              (s.usedOnly ? ", used" : "") + " (" + fmtUsd(s.boxCostUsd) + ")",
                          fmtFixed(s.localDeffB, 0) + "B", scoreText(r.yardstick, s.localQuality), scoreText(r.yardstick, s.targetQuality),
                          s.frontierEquivalent + (s.frontierEquivalentYear > 0 ? " (" + formatMonth(s.frontierEquivalentYear) + ")" : ""),
                          s.targetSpeedTokensPerS > 0 ? fmtFixed(s.targetSpeedTokensPerS, 0) : "does not fit", verdictText(s.verdict)});
    return t;
}

Table budgetTable(const Result &r)
{
    Table t;
    t.title = "Budget table (as of " + formatMonth(r.asOf) + ")";
    t.header = {"Budget", "Box", "Best at API speed", "Largest that fits", "Binding compromise", "Task-level parity",
                "Full-product parity"};
    for (const auto &b : r.budgets) {
        // Every cell one configuration: a run on another box than the row's names its box.
        const auto run = [&b](const CatalogRun &c) {
            if (!c.found)
                return std::string("none");
            std::string s = c.model + " " + c.quant + " (" + fmtFixed(c.decodeTokensPerS, c.decodeTokensPerS < 10 ? 1 : 0) + " tok/s" +
                            (c.derived ? ", derived score" : "") + ")";
            if (!c.box.empty() && c.box != b.box)
                s += " on " + c.box;
            return s;
        };
        t.rows.push_back({fmtUsd(b.budgetUsd), b.box.empty() ? "-" : b.box + " (" + fmtUsd(b.boxCostUsd) + ")",
                          run(b.atApiSpeed), run(b.largestFit), b.compromise, yearText(b.task), yearText(b.full)});
    }
    return t;
}

Table reverseTable(const Result &r)
{
    Table t;
    t.title = "Reverse prediction (as of " + formatMonth(r.asOf) + ")";
    t.header = {"Constraint", "Best local option", "Box", "Speed (tok/s)", "Quality", "Frontier equivalent", "Lag (years)"};
    for (const auto &x : r.reverse) {
        if (!x.run.found) {
            t.rows.push_back({x.constraint, "none", "-", "-", "-", "-", "-"});
            continue;
        }
        t.rows.push_back({x.constraint, x.run.model + " " + x.run.quant, x.run.box, fmtFixed(x.run.decodeTokensPerS, 0),
                          scoreText(r.yardstick, x.run.quality) + (x.run.derived ? " (derived)" : ""),
                          x.hasMatch ? x.frontierMatch + " (" + formatMonth(x.frontierMatchYear) + ")" : "at or beyond the frontier",
                          x.hasMatch ? fmtFixed(x.lagYears, 1) : "0"});
    }
    return t;
}

std::string scoreText(Yardstick y, double scaled)
{
    return isCoding(y) ? fmtFixed(displayScore(y, scaled), 1) + "%" : fmtFixed(scaled, 1);
}

Table yardstickTable(const Result &r)
{
    Table t;
    t.title = "Parity by yardstick (task-level / full product; SWE-bench Verified scores are Epoch's runs, * a vendor claim "
              "lowered by the vendor gap; a SWE-rebench bar of a target not run in its window is crosswalked from the general "
              "index, with its error, never a measured score)";
    t.header = {"Target"};
    for (const auto &y : r.byYardstick)
        t.header.push_back(yardstickLabel(y.yardstick) + (y.yardstick == r.yardstick ? " [chosen]" : ""));
    std::vector<std::string> names;
    for (const auto &y : r.byYardstick)
        for (const auto &p : y.perTarget)
            if (std::find(names.begin(), names.end(), p.target) == names.end())
                names.push_back(p.target);
    for (const auto &n : names) {
        std::vector<std::string> row{n};
        for (const auto &y : r.byYardstick) {
            std::string cell = y.available ? "no score" : "n/a";
            for (const auto &p : y.perTarget)
                if (p.target == n)
                    cell = (isCoding(y.yardstick) ? fmtFixed(p.targetQuality, 1) + "%" : fmtFixed(p.targetQuality, 1)) +
                           (std::find(y.vendorOnlyTargets.begin(), y.vendorOnlyTargets.end(), n) != y.vendorOnlyTargets.end()
                                ? "*"
                                : "") +
                           (p.crosswalked.empty() ? "" : " " + p.crosswalked) + ": " + yearText(p.task) + " / " + yearText(p.full);
            row.push_back(cell);
        }
        t.rows.push_back(row);
    }
    return t;
}

Table targetTable(const Result &r)
{
    Table t;
    t.title = "Parity by Sonnet generation";
    t.header = {"Target", "Quality", "Task-level parity", "Full-product parity", "Task-level box"};
    for (const auto &x : r.perTarget)
        t.rows.push_back({x.target,
                          scoreText(r.yardstick, x.targetQuality) + (x.crosswalked.empty() ? "" : " " + x.crosswalked),
                          yearText(x.task), yearText(x.full), x.task.box});
    return t;
}

namespace {

std::string claimedText(const ClaimResult &c)
{
    const int dec = c.claim.unit == "year" ? 0 : (c.claim.claimedHigh < 10 ? 1 : 0);
    if (c.claim.claimedLow == c.claim.claimedHigh)
        return "~" + fmtFixed(c.claim.claimedLow, dec);
    if (c.claim.claimedLow == 0 && !c.claim.higherIsBetter)
        return "<= " + fmtFixed(c.claim.claimedHigh, dec);
    return fmtFixed(c.claim.claimedLow, dec) + "-" + fmtFixed(c.claim.claimedHigh, dec);
}

std::string computedText(const ClaimResult &c)
{
    if (!std::isfinite(c.computed))
        return "n/a";
    if (c.claim.unit == "year")
        return formatMonth(c.computed);
    return fmtFixed(c.computed, std::fabs(c.computed) < 10 ? 2 : 1);
}

std::string marginText(const ClaimResult &c)
{
    if (c.verdict == ClaimVerdict::NotCheckable)
        return "-";
    if (c.margin == 0)
        return "inside";
    if (c.marginAbsolute)
        return (c.margin > 0 ? "+" : "") + fmtFixed(c.margin, 1) + " " + c.claim.unit;
    return (c.margin > 0 ? "+" : "") + fmtFixed(100 * c.margin, 0) + "%";
}
} // namespace

Table backtestTable(const std::vector<BacktestRow> &rows)
{
    Table t;
    t.title = "Back-test (task-level: a model as good as the bar at target speed on a box under the budget)";
    t.header = {"As of", "Bar (quality)", "Predicted then", "Actual (catalogs)", "Actual is", "Error (years)", "First run"};
    for (const auto &r : rows) {
        std::string pred = r.predictedReached ? formatMonth(r.predictedYear) : "beyond horizon";
        if (r.observedAtAsOf)
            pred += " (already observed)";
        std::string err = r.hasError ? (r.errorYears > 0 ? "+" : "") + fmtFixed(r.errorYears, 1)
                                     : (r.earlyByAtLeast > 0 ? "early by >= " + fmtFixed(r.earlyByAtLeast, 1) : "-");
        t.rows.push_back({formatMonth(r.asOf), r.threshold + " (" + fmtFixed(r.thresholdQuality, 1) + ")", pred,
                          r.actualReached ? formatMonth(r.actualYear) : "not yet",
                          r.actualReached ? actualKindName(r.actualKind) : "-", err,
                          r.actualReached ? r.actualModel + " " + r.actualQuant + " on " + r.actualBox : "-"});
    }
    return t;
}

Table rollingBacktestTable(const RollingBacktest &b)
{
    Table t;
    const RollingSummary &s = b.summary;
    const auto pct = [](double v) { return std::isfinite(v) ? fmtFixed(100 * v, 0) + "%" : std::string("-"); };
    const auto yrs = [](double v, int p) { return std::isfinite(v) ? fmtFixed(v, p) : std::string("-"); };
    t.title = "Rolling back-test (task level; everything frozen at each origin; every scored frontier model as the bar, every "
              "budget row): " + std::to_string(s.n) + " rows, " + std::to_string(s.resolved) + " resolved by " +
              std::to_string(s.distinctEvents) + " distinct events (model, box; " + std::to_string(s.measured) +
              " rows with a measured run), mean absolute error of the median " + yrs(s.maeYears, 2) +
              " years, truth inside P10-P90 " + pct(s.coverage) + "; " + std::to_string(s.notYet) + " not yet by " +
              formatMonth(b.newest) + " (" + std::to_string(s.notYetConsistent) + " with a P90 after it); censored CRPS " +
              yrs(s.crpsYears, 3) + " years";
    for (const auto &bl : s.baselines)
        t.title += "; " + bl.label + ": CRPS " + yrs(bl.crpsYears, 3) + " vs the model's " + yrs(bl.modelCrpsYears, 3) +
                   " on its " + std::to_string(bl.n) + " rows, MAE " + yrs(bl.maeYears, 2) + " years on " +
                   std::to_string(bl.resolved) + " resolved";
    t.header = {"Origin", "Bar (quality then)", "Budget", "Answer then", "P10", "P50", "P90", "Actual", "Actual is", "Hit",
                "Error (years)", "CRPS", "Lag baseline (CRPS)", "Last quarter (CRPS)", "Frozen"};
    const auto m = [](double y) { return std::isfinite(y) ? formatMonth(y) : std::string("beyond horizon"); };
    for (const auto &r : b.rows) {
        ParityResult p;
        p.kind = r.kind;
        p.reached = std::isfinite(r.point);
        p.year = r.point;
        t.rows.push_back({formatMonth(r.origin), r.target + " (" + fmtFixed(r.targetQuality, 1) + ")",
                          fmtUsd(r.budgetUsd), yearText(p), m(r.p10),
                          m(r.p50), m(r.p90), r.hasActual ? formatMonth(r.actual) + " (" + r.actualModel + " on " + r.actualBox + ")" : "not yet",
                          r.hasActual ? actualKindName(r.actualKind) : "-",
                          r.inside ? (r.hasActual ? "inside" : "consistent") : "MISS",
                          r.hasActual && std::isfinite(r.errorYears) ? (r.errorYears > 0 ? "+" : "") + fmtFixed(r.errorYears, 2) : "-",
                          yrs(r.crps, 2),
                          r.hasLagBaseline ? m(r.lagForecast) + " (" + yrs(r.lagCrps, 2) + ")" : "-",
                          r.hasPreviousBaseline ? m(r.previousP50) + " (" + yrs(r.previousCrps, 2) + ")" : "-",
                          std::to_string(r.nModels) + " models, " + std::to_string(r.nMeasurements) + " runs, scores " +
                              formatMonth(r.scoreSnapshot) + (r.snapshotAfterOrigin ? " (later)" : "")});
    }
    return t;
}

Table ceilingTable(const std::vector<CeilingRow> &rows)
{
    Table t;
    t.title = "Local ceiling at API speed and lag, as the engine saw it at each date";
    t.header = {"As of", "Best local at API speed", "Box", "Speed (tok/s)", "Quality", "Frontier equivalent", "Lag (years)"};
    for (const auto &r : rows) {
        if (!r.run.found) {
            t.rows.push_back({formatMonth(r.asOf), "none", "-", "-", "-", "-", "-"});
            continue;
        }
        t.rows.push_back({formatMonth(r.asOf), r.run.model + " " + r.run.quant, r.run.box, fmtFixed(r.run.decodeTokensPerS, 0),
                          fmtFixed(r.run.quality, 1),
                          r.hasMatch ? r.frontierMatch + " (" + formatMonth(r.frontierMatchYear) + ")" : "at or beyond the frontier",
                          r.hasMatch ? fmtFixed(r.lagYears, 1) : "0"});
    }
    return t;
}

Table claimsTable(const std::vector<ClaimResult> &rows)
{
    Table t;
    t.title = "Claims audit (reference page, recomputed with the calibrated model)";
    t.header = {"Claim", "Claimed", "Computed", "Unit", "Verdict", "Margin"};
    for (const auto &c : rows)
        t.rows.push_back({c.claim.text, claimedText(c), computedText(c), c.claim.unit, claimVerdictText(c.verdict), marginText(c)});
    return t;
}

Table calibrationTable(const Calibration &c)
{
    Table t;
    t.title = "Calibration: decode error on " + std::to_string(c.n) + " measured runs (APE, %)";
    t.header = {"Family", "n", "Median", "P90", "Median, " + fmtFixed(100 * c.inputs.flatRuleEfficiency, 0) + "% rule",
                "P90, " + fmtFixed(100 * c.inputs.flatRuleEfficiency, 0) + "% rule"};
    for (const auto &e : c.decodeErrors)
        t.rows.push_back({e.family, std::to_string(e.n), fmtFixed(e.medianApe, 1), fmtFixed(e.p90Ape, 1), fmtFixed(e.flatMedianApe, 1),
                          fmtFixed(e.flatP90Ape, 1)});
    return t;
}

Table decodeCrossValidationTable(const Calibration &c)
{
    Table t;
    t.title = "Calibration: decode error with each architecture family left out of the fit (APE, %)";
    t.header = {"Family left out", "n", "Median", "P90"};
    for (const auto &e : c.decodeCvErrors)
        t.rows.push_back({e.family, std::to_string(e.n), fmtFixed(e.medianApe, 1), fmtFixed(e.p90Ape, 1)});
    return t;
}

Table decodeHeldOutByKindTable(const Calibration &c)
{
    Table t;
    t.title = "Calibration: decode error by kind of system, in sample and held out (APE, %; held out = refitted without "
              "the row's hardware family, or without its source)";
    t.header = {"Kind", "n", "Median", "P90", "Median, family out", "P90, family out", "Median, source out", "P90, source out"};
    for (const auto &e : c.decodeCvByKind)
        t.rows.push_back({e.group, std::to_string(e.n), fmtFixed(e.medianApe, 1), fmtFixed(e.p90Ape, 1), fmtFixed(e.familyOutMedianApe, 1),
                          fmtFixed(e.familyOutP90Ape, 1), fmtFixed(e.sourceOutMedianApe, 1), fmtFixed(e.sourceOutP90Ape, 1)});
    return t;
}

Table decodeKindTable(const Calibration &c)
{
    Table t;
    t.title = "Calibration: decode constants by kind of system (each extra card in a layer split " +
              fmtFixed(1000 * c.secondsPerExtraGpu, 2) + " ms per token; an MoE model adds its kind's MoE time)";
    t.header = {"Kind", "Fitted", "n", "Weights, share of peak", "Fixed, ms/token", "MoE, ms/token", "Arithmetic, share of prefill rate", "Note"};
    for (const auto &k : c.decodeKinds)
        t.rows.push_back({k.kind, k.fitted ? "yes" : "no", std::to_string(k.n), fmtFixed(k.weightEfficiency, 3),
                          fmtFixed(1000 * k.fixedSeconds, 2), fmtFixed(1000 * k.moeSeconds, 2), fmtFixed(k.computeShare, 3), k.note});
    return t;
}

Table catalogChangesTable(const Calibration &c)
{
    Table t;
    t.title = "Catalog and calibration rows changed (data/catalog_changes.json)";
    t.header = {"Round", "File", "Row", "Field", "Was", "Now", "Source"};
    for (const auto &ch : c.catalogChanges)
        t.rows.push_back({ch.round, ch.file, ch.row, ch.field, ch.oldValue, ch.newValue, ch.source});
    return t;
}

Table prefillCalibrationTable(const Calibration &c)
{
    Table t;
    t.title = "Calibration: prefill error on " + std::to_string(c.prefillN) +
              " measured prompts by architecture family (APE, %; cross-validated = the family left out of the fit)";
    t.header = {"Family", "Figure", "n", "Parts", "Share of figure", "Median", "P90", "Fallback share", "Median, cross-validated",
                "P90, cross-validated"};
    for (const auto &f : c.prefillFamilies)
        t.rows.push_back({f.family, f.figureKind, std::to_string(f.n), std::to_string(f.parts), fmtFixed(f.efficiency, 3),
                          fmtFixed(f.medianApe, 1), fmtFixed(f.p90Ape, 1), fmtFixed(f.cvEfficiency, 3), fmtFixed(f.cvMedianApe, 1),
                          fmtFixed(f.cvP90Ape, 1)});
    t.rows.push_back({"all rows", "", std::to_string(c.prefillN), std::to_string(c.prefillParts), fmtFixed(c.computeEfficiency, 3),
                      fmtFixed(c.prefillMedianApe, 1), fmtFixed(c.prefillP90Ape, 1), "", fmtFixed(c.prefillCvMedianApe, 1),
                      fmtFixed(c.prefillCvP90Ape, 1)});
    if (c.prefillParts > 0)
        t.rows.push_back({"all, each part once", "", "", std::to_string(c.prefillParts), "", "", "", "",
                          fmtFixed(c.prefillCvPartMedianApe, 1), fmtFixed(c.prefillCvPartP90Ape, 1)});
    return t;
}

Table prefillTermsTable(const Calibration &c)
{
    Table t;
    t.title = "Calibration: prefill kernel eras and model terms (rate relative to current kernels on a dense quantized model)";
    t.header = {"Term", "n", "Rate scale", "F16 weights, scale", "Attention, share of matmul rate"};
    for (const auto &g : c.prefillGenerations) {
        if (g.n == 0) { // an era whose rows are all left out (its reason is in the rows below)
            t.rows.push_back({g.generation, "0", "not fitted", "", ""});
            continue;
        }
        t.rows.push_back({g.generation, std::to_string(g.n), fmtFixed(g.scale, 3), fmtFixed(g.f16Scale, 3), fmtFixed(g.attentionEfficiency, 3)});
    }
    t.rows.push_back({"MoE model (under 95% of weights active)", "", fmtFixed(c.prefillMoeScale, 3), "", ""});
    for (const auto &[why, n] : c.prefillExcludedBy)
        t.rows.push_back({"not fitted: " + why, std::to_string(n), "", "", ""});
    return t;
}

std::string tableCsv(const Table &t)
{
    const auto cell = [](std::string s) {
        // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula: text
        // such as a crafted model name gets a leading apostrophe; numbers like -0.5 stay numbers.
        if (!s.empty() && std::string("=+-@\t\r").find(s[0]) != std::string::npos) {
            double x = 0;
            const auto r = std::from_chars(s.data(), s.data() + s.size(), x);
            if (r.ec != std::errc() || r.ptr != s.data() + s.size())
                s.insert(0, 1, '\'');
        }
        if (s.find_first_of(",\"\n\r") == std::string::npos)
            return s;
        std::string q = "\"";
        for (char c : s)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    std::string out;
    for (std::size_t i = 0; i < t.header.size(); ++i)
        out += (i ? "," : "") + cell(t.header[i]);
    out += "\n";
    for (const auto &row : t.rows) {
        for (std::size_t i = 0; i < row.size(); ++i)
            out += (i ? "," : "") + cell(row[i]);
        out += "\n";
    }
    return out;
}

EvidenceSummary evidenceSummary(const DataSet &d, double asOf, Yardstick y)
{
    EvidenceSummary ev;
    ev.asOf = asOf;
    ev.bands = {{"up to 35B", 35, 0}, {"35-120B", 120, 0}, {"120-250B", 250, 0}, {"over 250B", 1e12, 0}};
    const auto by = [&](double t) { return t <= asOf + 1e-9; };
    for (const auto &m : d.openModels) {
        const bool scored = isCoding(y) ? codingScore(m, y).has_value() : m.quality.has_value();
        if (!scored || m.paramsTotalB <= 0 || !by(m.released))
            continue;
        for (auto &b : ev.bands)
            if (m.paramsTotalB <= b.maxTotalB) {
                ++b.scored;
                break;
            }
        if (m.released > ev.newestModelDate) {
            ev.newestModelDate = m.released;
            ev.newestModel = m.name;
        }
    }
    for (const auto &p : d.parts)
        if (!p.measuredOnly && by(p.released) && p.released > ev.newestPartDate) {
            ev.newestPartDate = p.released;
            ev.newestPart = p.name;
        }
    const auto prices = [&](const PriceSeries &s, const std::string &name) {
        for (const auto &o : s.obs)
            if (by(o.t) && o.t > ev.newestPriceDate) {
                ev.newestPriceDate = o.t;
                ev.newestPricePart = name;
            }
    };
    for (const auto &s : d.prices.parts)
        prices(s, s.name);
    prices(d.prices.ramUsdPerGb, "DDR5 per GB");
    ev.end = std::max({ev.newestModelDate, ev.newestPartDate, ev.newestPriceDate});
    for (const auto &m : d.previewModels)
        if (by(m.released))
            ev.previews.push_back(m.name + " (" + formatMonth(m.released) + ")");
    return ev;
}

} // namespace ff

// The text and Markdown report: render() lists its sections in order, one function each. Markdown
// and text differ only in markup: "## " and "- " against "== " and two spaces.
#include "report/report.h"

#include "data/crosswalk.h"
#include "report/economics.h"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <sstream>

#include "core/timeutil.h"

namespace ff {

namespace {
std::string yearOnly(double t) { return std::isfinite(t) ? formatMonth(t).substr(0, 4) : "beyond horizon"; }

std::string params(double pt, double pa)
{
    if (pt <= 0)
        return "-";
    if (pa >= pt * 0.999)
        return fmtFixed(pt, pt < 10 ? 1 : 0) + "B dense";
    return fmtFixed(pt, pt < 10 ? 1 : 0) + "B total / " + fmtFixed(pa, pa < 10 ? 1 : 0) + "B active";
}


std::string evidenceText(const EvidenceSummary &ev)
{
    std::ostringstream o;
    const auto item = [](const std::string &name, double t) { return name.empty() ? std::string("none") : name + " " + formatMonth(t); };
    o << "As of " << formatMonth(ev.asOf) << "; evidence ends " << (ev.end > 0 ? formatMonth(ev.end) : std::string("n/a"))
      << " (newest scored open model " << item(ev.newestModel, ev.newestModelDate) << ", newest part "
      << item(ev.newestPart, ev.newestPartDate) << ", newest price " << item(ev.newestPricePart, ev.newestPriceDate) << ")";
    o << "; scored open models by total size:";
    for (std::size_t i = 0; i < ev.bands.size(); ++i)
        o << (i ? "," : "") << " " << ev.bands[i].label << " " << ev.bands[i].scored;
    if (!ev.previews.empty()) {
        o << "; previews left out (not generally available):";
        for (std::size_t i = 0; i < ev.previews.size(); ++i)
            o << (i ? "," : "") << " " << ev.previews[i];
    }
    return o.str();
}

std::string renderTable(const Table &t, bool markdown)
{
    std::ostringstream o;
    if (markdown) {
        o << "| ";
        for (const auto &h : t.header)
            o << h << " | ";
        o << "\n|";
        for (std::size_t i = 0; i < t.header.size(); ++i)
            o << "---|";
        o << "\n";
        for (const auto &row : t.rows) {
            o << "| ";
            for (const auto &c : row)
                o << c << " | ";
            o << "\n";
        }
        return o.str();
    }
    std::vector<std::size_t> w(t.header.size(), 0);
    for (std::size_t i = 0; i < t.header.size(); ++i)
        w[i] = t.header[i].size();
    for (const auto &row : t.rows)
        for (std::size_t i = 0; i < row.size() && i < w.size(); ++i)
            w[i] = std::max(w[i], row[i].size());
    const auto line = [&](const std::vector<std::string> &cells) {
        for (std::size_t i = 0; i < cells.size(); ++i)
            o << cells[i] << std::string(w[i] - cells[i].size() + 2, ' ');
        o << "\n";
    };
    line(t.header);
    for (const auto &row : t.rows)
        line(row);
    return o.str();
}

std::string boxPriceText(const std::string &box, const BoxPrice &b)
{
    std::ostringstream o;
    o << box << " " << fmtUsd(b.totalUsd) << " in " << formatMonth(b.t) << " = ";
    if (b.unified)
        o << "the whole system";
    else
        o << b.cards << " x " << fmtUsd(b.cardUsd) << " card" << (b.cards > 1 ? "s" : "") << " + host "
          << fmtUsd(b.hostBaseUsd) << " + " << b.cards << " x " << fmtUsd(b.hostPerCardUsd) << " per card (PSU, board, case) + "
          << fmtFixed(b.ramGb, 0) << " GB RAM at " << "$" << fmtFixed(b.ramUsdPerGb, 2) << "/GB (" << fmtUsd(b.ramUsd) << ")";
    o << "; " << (b.unified ? "system" : "card") << " price from " << b.basis;
    if (b.usedOnly)
        o << "; used market only";
    if (!b.observed)
        o << "; extrapolated past the last dated price";
    return o.str();
}

// A second-level heading, with the blank line before it.
std::string heading(bool md) { return md ? "\n## " : "\n== "; }

void writeTable(std::ostream &o, const Table &t, bool md) { o << heading(md) << t.title << "\n" << (md ? "\n" : "") << renderTable(t, md); }

// The title, then as-of, target, budget, the evidence and the yardstick in a line each.
void writeHeader(std::ostream &o, const Engine &e, const Result &r, bool md)
{
    const std::string h1 = md ? "# " : "";
    o << h1 << "Frontier Forecast: " << r.scenario.name << "\n\n";
    o << "As of " << formatMonth(r.asOf) << ", target " << r.targetModel << " ("
      << (isCoding(r.yardstick) ? yardstickBenchmark(r.yardstick) : e.data().qualityIndexName) << " "
      << scoreText(r.yardstick, r.targetQuality) << (r.targetCrosswalked.empty() ? "" : " " + r.targetCrosswalked) << "), budget "
      << fmtUsd(r.budgetUsd) << "\n";
    o << "Evidence: " << evidenceText(evidenceSummary(e.data(), r.asOf, r.yardstick)) << "\n";
    o << "Yardstick: " << yardstickLabel(r.yardstick) << " (--set yardstick=" << yardstickNameList() << ")\n";
    if (const std::string caveat = yardstickCaveat(r.yardstick); !caveat.empty())
        o << "Caveat: " << caveat << "\n";
}

void writeRequirements(std::ostream &o, const Engine &e, const Result &r, bool md)
{
    const std::string h2 = heading(md);
    o << h2 << "What parity requires" << (md ? "\n\n" : "\n");
    for (const Requirement &q : parityRequirements(e.data(), r.scenario))
        o << (md ? "- " : "  ") << (q.scope == "task" ? "Task level: " : q.scope == "full" ? "Full product: " : "Both: ") << q.label
          << " " << (q.unit == "USD" ? fmtUsd(q.value) : fmtFixed(q.value, q.value < 100 ? 1 : 0) + " " + q.unit) << " ("
          << q.source << ")\n";
}

// The four answers: fixed target and moving bar, task level and full product, each with its range.
void writeAnswers(std::ostream &o, const Engine &e, const Result &r, const ReportExtras &x, bool md)
{
    const double horizon = e.data().settings.horizonYear;
    // What a named model is: a catalog model (observed) or a hypothetical one the law says would do.
    const auto who = [&](const ParityResult &p) {
        return p.model.empty() ? "a hypothetical " + params(p.paramsTotalB, p.paramsActiveB) + " model" : p.model;
    };
    const auto where = [&](const ParityResult &p) {
        std::string s = p.box;
        if (p.boxPrice && !p.boxPrice->unified) // the RAM tier it takes
            s += " with " + fmtFixed(p.boxPrice->ramGb, 0) + " GB RAM";
        return s + (p.boxPrice && p.boxPrice->usedOnly ? " (used market only)" : "");
    };
    const auto line = [&](const char *what, const ParityResult &p, const Distribution *d, bool details) {
        o << (md ? "- " : "  ") << what << ": " << answerText(p, d, horizon);
        if (d)
            o << " (median of the future samples "
              << (std::isnan(d->p50)         ? std::string("n/a")
                  : !hasFutureRange(*d)      ? "n/a: " + std::to_string(d->future) + " of them, fewer than " + std::to_string(kMinFutureSamples)
                  : std::isfinite(d->p50)    ? formatMonth(d->p50)
                                             : "after " + fmtFixed(horizon, 0))
              << "; " << d->samples << " samples: " << d->observed << " observed, " << d->implied << " due by the law, "
              << d->projected << " projected)";
        if (p.reached && details)
            o << "; " << who(p) << " at " << p.quant << " on " << where(p) << "; bottleneck: " << bottleneckText(p.heldBack);
    };
    // "rests on the assumption that a 64 GB NVIDIA flagship ships in 2028 (...); without it: projected 2029-10"
    const auto roadmapNote = [&](const ParityResult &with, const ParityResult &without) {
        if (r.roadmapKnown && restsOnRoadmap(with, without))
            o << "; rests on the assumption that " << r.roadmapAssumption << "; without it: " << yearText(without);
    };
    o << (md ? "- " : "  ") << "Fixed target (" << r.targetModel << " at today's score, the hosted bar held still):\n";
    line("Task-level parity", r.task, x.monteCarlo ? &x.monteCarlo->task : nullptr, true);
    roadmapNote(r.task, r.taskWithoutRoadmap);
    o << "\n";
    line("Full-product parity", r.full, x.monteCarlo ? &x.monteCarlo->full : nullptr, true);
    roadmapNote(r.full, r.fullWithoutRoadmap);
    o << "\n" << (md ? "- " : "  ") << "Moving bar (" << r.targetModel << "'s score rising " << fmtFixed(r.movingBarDrift, 2)
      << " points a year after the end of the evidence; the range draws the drift from its range):\n";
    line("Task-level parity, moving bar", r.movingTask, x.monteCarlo ? &x.monteCarlo->movingTask : nullptr, false);
    roadmapNote(r.movingTask, r.movingTaskWithoutRoadmap);
    o << "\n";
    line("Full-product parity, moving bar", r.movingFull, x.monteCarlo ? &x.monteCarlo->movingFull : nullptr, false);
    roadmapNote(r.movingFull, r.movingFullWithoutRoadmap);
}

// What the quality law rests on, and the derived scores in it.
void writeEvidenceNotes(std::ostream &o, const Engine &e, const Result &r, bool md)
{
    o << "\n" << (md ? "- " : "  ") << "Evidence: the quality law rests on " << r.law.n << " scored open models released "
      << formatMonth(r.law.firstRelease) << " to " << formatMonth(r.law.lastRelease)
      << "; projections start there, not at the as-of date";
    if (const auto &cw = e.data().crosswalk; cw && r.yardstick == Yardstick::General) {
        int derived = 0;
        for (const auto &m : e.data().openModels)
            derived += m.qualityDerived && m.paramsTotalB > 0 && m.released <= r.asOf + 1e-9;
        o << "\n" << (md ? "- " : "  ") << "Derived scores: " << cw->derived.size() << " open models without an index score have a derived one"
          << (cw->inputs.apply ? ", " + std::to_string(derived) + " of them in this answer's law" : std::string(", not applied (crosswalk.json inputs.apply is false)"))
          << " (ECI = "
          << fmtFixed(cw->a, 1) << " + " << fmtFixed(cw->b, 1) << " x GPQA Diamond + " << fmtFixed(cw->c, 1) << " x HLE"
          << (cw->sizeTerm == CrosswalkSizeTerm::None
                  ? std::string()
                  : " " + std::string(cw->d < 0 ? "- " : "+ ") + fmtFixed(std::fabs(cw->d), 1) + " x s, s = " + crosswalkSizeTermName(cw->sizeTerm) +
                        " (edge " + fmtFixed(cw->edgeB, 0) + "B), chosen by leave-one-out")
          << ", " << cw->n << " models with both, leave-one-out error " << fmtFixed(cw->looRms, 1) << " points; by size band:";
        for (std::size_t i = 0; i < cw->bands.size(); ++i)
            o << (i ? ";" : "") << " " << cw->bands[i].label << " n " << cw->bands[i].n << ", bias " << fmtFixed(cw->bands[i].meanResidual, 1)
              << ", rms " << fmtFixed(cw->bands[i].rmsResidual, 1);
        if (cw->sizeTerm != CrosswalkSizeTerm::None && !cw->candidates.empty()) {
            o << "; without the size term:";
            const auto &un = cw->candidates.front().bands;
            for (std::size_t i = 0; i < un.size(); ++i)
                o << (i ? "," : "") << " bias " << fmtFixed(un[i].meanResidual, 1) << " rms " << fmtFixed(un[i].rmsResidual, 1);
        }
        o << "), weighted in the law by that error";
    }
}

void writeBoxPrices(std::ostream &o, const Result &r, bool md)
{
    // The box at its parity month's price first; an earlier, cheaper purchase beside it, never instead.
    const auto priceLine = [&](const char *what, const ParityResult &p) {
        o << "\n" << (md ? "- " : "  ") << "Price of the " << what << " box";
        if (p.priceAtParity && p.pricedThen) {
            o << " in its parity month: " << boxPriceText(p.box, *p.priceAtParity);
            if (p.priceAtParity->totalUsd > r.budgetUsd * (1 + 1e-9))
                o << " (over the " << fmtUsd(r.budgetUsd) << " budget then)";
        } else {
            o << ": no dated price in its parity month (" << formatMonth(p.year) << ")";
        }
        if (p.earlierPurchase)
            o << "; bought in " << formatMonth(p.earlierPurchase->t) << " it cost " << fmtUsd(p.earlierPurchase->totalUsd)
              << " (cheaper then; the answer is bought in its parity month)";
    };
    if (r.task.boxPrice && r.task.reached)
        priceLine("task-level", r.task);
    if (r.full.boxPrice && r.full.reached && r.full.box != r.task.box)
        priceLine("full-product", r.full);
}

// What each answer rests on, and the answer under the other yardsticks.
void writeRestsOn(std::ostream &o, const Engine &e, const Result &r, bool md)
{
    o << "\n" << (md ? "- " : "  ") << "Full product rests on: " << restsOnText(r.fullRestsOn, e.data());
    o << "\n" << (md ? "- " : "  ") << "Task level rests on: " << restsOnText(r.taskRestsOn, e.data());
    for (const auto &y : r.byYardstick)
        if (y.yardstick != r.yardstick)
            o << "\n" << (md ? "- " : "  ") << "On the " << yardstickLabel(y.yardstick) << " yardstick: "
              << (y.available ? "task-level " + yearText(y.task) + ", full product " + yearText(y.full) : "n/a (" + y.why + ")");
}

// The current lag, the biggest accelerant and the compared scenario's answers.
void writeLagAndComparison(std::ostream &o, const Engine &e, const Result &r, const ReportExtras &x, bool md)
{
    o << "\n" << (md ? "- " : "  ") << "Current lag of the local ceiling at API speed: "
      << (!r.reverse.empty() && r.reverse.front().run.found ? yearsText(r.currentLagYears, 1) : "none: nothing runs at API speed today");
    if (!r.reverse.empty() && r.reverse.front().hasMatch && r.law.lastRelease < r.asOf - 1.0 / 24) {
        const double end = r.law.lastRelease;
        o << " (" << yearsText(std::max(0.0, end - r.reverse.front().frontierMatchYear), 1) << " at the evidence end, "
          << formatMonth(end) << "; the rest is time without newer scored open models)";
    }
    o << "\n";
    if (!x.sensitivity.empty()) {
        const auto order = rankSensitivity(x.sensitivity, e.data().settings.horizonYear);
        if (!order.empty())
            o << (md ? "- " : "  ") << "Biggest accelerant: " << x.sensitivity[order.front()].label << "\n";
    }
    if (x.compare) {
        const Result &c = *x.compare;
        o << (md ? "- " : "  ") << "Compared with \"" << c.scenario.name << "\": task-level " << yearText(c.task) << " ("
          << parityDifferenceText(r.task, c.task) << "), full product " << yearText(c.full) << " ("
          << parityDifferenceText(r.full, c.full) << ")\n";
    }
}

// The fitted laws: quality, KV cache, coding (when available) and the context trend.
void writeLaws(std::ostream &o, const Result &r, bool md)
{
    o << (md ? "- " : "  ") << "Quality law: Q = " << fmtFixed(r.law.a, 1) << " + " << fmtFixed(r.law.b, 2)
      << " log2(Deff) + " << fmtFixed(r.law.c, 2) << " (t - " << fmtFixed(r.law.t0, 0) << "), n = " << r.law.n
      << ", R2 = " << fmtFixed(r.law.r2, 2) << "; fitted density doubling " << fmtFixed(r.fittedDensityDoublingYears, 2)
      << " years\n";
    {
        // The KV law beside the quality law: its time term, its floor and the catalog by attention kind.
        const KvLaw &k = r.kv;
        o << (md ? "- " : "  ") << "KV law (FP16 bytes per context token, growing layers only): kv = "
          << fmtFixed(k.ref, 0) << " Deff^" << fmtFixed(k.gamma, 2) << " exp(" << fmtFixed(k.perYear, 3) << " (t - "
          << fmtFixed(k.t0, 0) << ")), n = " << k.n << ", R2 = " << fmtFixed(k.r2, 2) << ", residual sd "
          << fmtFixed(k.residualSd, 2) << " (ln); per-year term " << fmtFixed(k.perYear, 3) << " +/- "
          << fmtFixed(std::sqrt(std::max(0.0, k.cov[3])), 3)
          << (k.perYear < 0 ? "; halves every " + fmtFixed(k.halvingYears(), 1) + " years" : std::string())
          << "; floor " << fmtFixed(r.kvFloorBytes / 1024.0, 1) << " KiB/token"
          << (r.kvFloorFromYear > 0 ? " (binds for a 30B-class model from " + formatMonth(r.kvFloorFromYear) + ")" : std::string())
          << "; by attention kind (n, geometric mean, off the law):";
        for (int i = 0; i < kAttentionKinds; ++i)
            if (k.kinds[i].n > 0)
                o << " " << attentionKindName(static_cast<AttentionKind>(i)) << " " << k.kinds[i].n << ", "
                  << fmtFixed(k.kinds[i].geoMeanBytes / 1024.0, 0) << " KiB, " << (k.kinds[i].meanResidual >= 0 ? "+" : "")
                  << fmtFixed(100.0 * (std::exp(k.kinds[i].meanResidual) - 1.0), 0) << "%;";
        o << "\n";
    }
    for (const auto &y : r.byYardstick) {
        if (y.law.n == 0 || !isCoding(y.yardstick))
            continue;
        o << (md ? "- " : "  ") << (y.yardstick == Yardstick::Coding ? "Coding law" : "Secondary coding law") << ": logit("
          << yardstickBenchmark(y.yardstick) << ") = " << fmtFixed(y.law.a, 2) << " + "
          << fmtFixed(y.law.b, 3) << " (+/- " << fmtFixed(y.law.se(1), 3) << ") log2(Deff) + " << fmtFixed(y.law.c, 2)
          << " (+/- " << fmtFixed(y.law.se(2), 2) << ") (t - " << fmtFixed(y.law.t0, 0) << "), n = " << y.law.n << " (";
        if (y.yardstick == Yardstick::Coding)
            o << y.independentOpen << " runs on one scaffold and one task window";
        else
            o << y.independentOpen << " independent runs, " << y.vendorOpen << " vendor claims lowered by "
              << fmtFixed(y.vendorGap.meanLogit, 2) << " log-odds, the mean gap over " << y.vendorGap.n << " models with both";
        o << "), R2 = " << fmtFixed(y.law.r2, 2) << ", residual sd " << fmtFixed(y.law.residualSd, 2)
          << " log-odds" << (y.law.b - 1.96 * y.law.se(1) > 0 ? "" : "; size is not distinguishable from zero here (95% interval includes zero), so the law is not projected: only observed answers stand")
          << "\n";
        if (y.yardstick == Yardstick::Coding) {
            const BarCrosswalk &cw = y.barCrosswalk;
            const std::string problem = barCrosswalkProblem(cw);
            o << (md ? "- " : "  ") << "Target bars on SWE-rebench (the Sonnet targets were not run in its window): ";
            if (cw.n >= 3)
                o << "crosswalk logit(SWE-rebench) = " << fmtFixed(cw.a, 2) << " + " << fmtFixed(cw.b, 4) << " (+/- "
                  << fmtFixed(cw.seB, 4) << ", 95% " << fmtFixed(cw.b - cw.t975 * cw.seB, 4) << " to "
                  << fmtFixed(cw.b + cw.t975 * cw.seB, 4) << ") ECI, n = " << cw.n << " (models with an ECI, derived or the "
                  << "index's, and a run in the window), residual sd " << fmtFixed(cw.residualSd, 3) << " log-odds; ";
            o << (problem.empty() ? std::string("a target's bar is the crosswalk at its ECI, and the Monte Carlo draws it from "
                                                "the prediction interval (Student t)")
                                  : problem)
              << "\n";
        }
    }
    o << (md ? "- " : "  ") << "Open models' context limits: doubling every " << fmtFixed(r.contextTrend.doublingYears(), 2)
      << " years (n = " << r.contextTrend.n << ", R2 = " << fmtFixed(r.contextTrend.r2, 2) << "); projected models get the trend's limit\n";
}

// The forecast's own tables: per yardstick, per target, by year, by budget, economics, reverse.
void writeForecastTables(std::ostream &o, const Engine &e, const Result &r, bool md)
{
    const auto table = [&](const Table &t) { writeTable(o, t, md); };
    table(yardstickTable(r));
    table(targetTable(r));
    table(scenarioTable(r));
    table(budgetTable(r));
    if (e.data().economics) {
        const EconomicsResult ec = computeEconomics(e, r);
        if (const EconomicsRow *sel = ec.selected())
            o << "\n" << (md ? "- " : "  ") << "Economics: " << economicsLine(*sel) << "\n"
              << (md ? "- " : "  ") << "Economic parity rests on: " << sel->parity.restsOn << "\n";
        table(economicsTable(ec));
        table(economicsBudgetTable(ec));
    }
    table(reverseTable(r));
}

void writeCalibrationTables(std::ostream &o, const Calibration &c, bool md)
{
    const auto table = [&](const Table &t) { writeTable(o, t, md); };
    // Held-out error first: it, not the in-sample one, says how far an unmeasured part can be trusted.
    if (!c.decodeCvByKind.empty())
        table(decodeHeldOutByKindTable(c));
    if (!c.decodeKinds.empty())
        table(decodeKindTable(c));
    table(calibrationTable(c));
    if (!c.decodeCvErrors.empty())
        table(decodeCrossValidationTable(c));
    table(prefillCalibrationTable(c));
    table(prefillTermsTable(c));
    if (!c.catalogChanges.empty())
        table(catalogChangesTable(c));
}

// The back-test (rolling when there is one, else the fixed origins), the ceiling history and the claims audit.
void writeAuditTables(std::ostream &o, const ReportExtras &x, bool md)
{
    const auto table = [&](const Table &t) { writeTable(o, t, md); };
    if (x.rolling)
        table(rollingBacktestTable(*x.rolling));
    else if (!x.backtest.empty())
        table(backtestTable(x.backtest));
    if (!x.ceiling.empty())
        table(ceilingTable(x.ceiling));
    if (!x.claims.empty())
        table(claimsTable(x.claims));
}

Table sensitivityTable(const std::vector<SensitivityRow> &rows)
{
    Table t;
    t.title = "Sensitivity of the fixed target (parity with one assumption at its P10 / P90, the others at their values; "
              "the hosted bar's drift moves only the moving bar)";
    t.header = {"Assumption", "Low value", "High value", "Task-level at low / high", "Full product at low / high",
                "Swing (years)"};
    for (const auto &s : rows)
        t.rows.push_back({s.label, fmtFixed(s.lowValue, 2), fmtFixed(s.highValue, 2),
                          yearOnly(s.lowYear) + " / " + yearOnly(s.highYear),
                          yearOnly(s.fullLowYear) + " / " + yearOnly(s.fullHighYear), fmtFixed(s.swing, 1)});
    return t;
}

std::string render(const Engine &e, const Result &r, const ReportExtras &x, bool md)
{
    std::ostringstream o;
    writeHeader(o, e, r, md);
    writeRequirements(o, e, r, md);
    o << heading(md) << "Headline" << (md ? "\n\n" : "\n");
    writeAnswers(o, e, r, x, md);
    writeEvidenceNotes(o, e, r, md);
    writeBoxPrices(o, r, md);
    writeRestsOn(o, e, r, md);
    writeLagAndComparison(o, e, r, x, md);
    writeLaws(o, r, md);
    writeForecastTables(o, e, r, md);
    if (x.calibration)
        writeCalibrationTables(o, *x.calibration, md);
    writeAuditTables(o, x, md);
    if (!x.sensitivity.empty())
        writeTable(o, sensitivityTable(x.sensitivity), md);
    return o.str();
}
} // namespace

std::string reportText(const Engine &e, const Result &r, const ReportExtras &x) { return render(e, r, x, false); }
std::string reportMarkdown(const Engine &e, const Result &r, const ReportExtras &x) { return render(e, r, x, true); }

} // namespace ff

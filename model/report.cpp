#include "report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "timeutil.h"

namespace ff {

using nlohmann::ordered_json;

std::string fmtFixed(double x, int decimals)
{
    if (!std::isfinite(x))
        return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    return buf;
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

ordered_json parityJson(const ParityResult &p)
{
    ordered_json j;
    if (p.reached) {
        j["year"] = std::round(p.year * 100) / 100;
        j["month"] = formatMonth(p.year);
    } else {
        j["year"] = nullptr;
        j["month"] = nullptr;
    }
    j["already_reached"] = p.alreadyReached;
    j["bottleneck"] = p.reached ? ordered_json(p.bottleneckText) : ordered_json("not reached within the horizon");
    j["box"] = p.box;
    j["model"] = p.model.empty() ? ordered_json(nullptr) : ordered_json(p.model);
    j["quant"] = p.quant;
    j["params_total_b"] = p.paramsTotalB;
    j["params_active_b"] = p.paramsActiveB;
    j["required_deff_b"] = p.requiredDeffB;
    return j;
}

ordered_json runJson(const CatalogRun &c)
{
    if (!c.found)
        return nullptr;
    return ordered_json{{"model", c.model}, {"quant", c.quant}, {"box", c.box}, {"quality", c.quality},
                        {"decode_tokens_per_s", c.decodeTokensPerS}, {"memory_gb", c.memoryGb}};
}

ordered_json yearOrNull(double y) { return std::isfinite(y) ? ordered_json(std::round(y * 100) / 100) : ordered_json(nullptr); }

void addDistribution(ordered_json &j, const Distribution &d)
{
    j["p10"] = yearOrNull(d.p10);
    j["p50"] = yearOrNull(d.p50);
    j["p90"] = yearOrNull(d.p90);
    j["share_not_reached"] = d.shareNotReached;
    ordered_json h = ordered_json::array();
    for (std::size_t i = 0; i < d.histogramYears.size(); ++i)
        h.push_back({{"year", d.histogramYears[i]}, {"samples", d.histogramCounts[i]}});
    j["histogram"] = h;
}
} // namespace

std::string yearText(const ParityResult &p)
{
    if (!p.reached)
        return "not within the horizon";
    if (p.alreadyReached)
        return "reached " + formatMonth(p.year);
    return formatMonth(p.year);
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

std::string takeawayText(const Result &r, const MonteCarloResult *mc, double horizonYear)
{
    std::ostringstream o;
    const auto month = [&](double t) { return std::isfinite(t) ? formatMonth(t) : "beyond " + fmtFixed(horizonYear, 0); };
    std::string range;
    if (mc && mc->task.samples > 0 && std::isfinite(mc->task.p10))
        range = "P10-P90 " + month(mc->task.p10) + " to " + month(mc->task.p90);
    o << "A " << fmtUsd(r.budgetUsd) << " box ";
    if (!r.task.reached) {
        o << "does not run a " << r.targetModel << "-class model at API speed by " << fmtFixed(horizonYear, 0)
          << " (not reached" << (range.empty() ? "" : "; " + range) << ").";
    } else if (r.task.alreadyReached) {
        o << "already runs a " << r.targetModel << "-class model at API speed: observed since " << formatMonth(r.task.year)
          << " (" << (r.task.model.empty() ? std::string("a catalog model") : r.task.model) << " on " << r.task.box
          << (range.empty() ? "" : "; " + range) << ").";
    } else {
        o << "runs a " << r.targetModel << "-class model at API speed from " << formatMonth(r.task.year) << " (projected"
          << (range.empty() ? "" : "; " + range) << "), on " << r.task.box << ".";
    }
    return o.str();
}

std::string headlineText(const Result &r)
{
    std::ostringstream o;
    o << "Task-level parity with " << r.targetModel << ": " << yearText(r.task);
    if (r.task.reached)
        o << " (" << r.task.box << ", bottleneck: " << r.task.bottleneckText << ")";
    o << ". Full-product parity: " << yearText(r.full);
    if (r.full.reached)
        o << " (" << r.full.box << ", bottleneck: " << r.full.bottleneckText << ")";
    o << ".";
    return o.str();
}

Table scenarioTable(const Result &r)
{
    Table t;
    t.title = "Scenario table";
    t.header = {"Year", "Best box", "Best local (dense-equiv.)", "Local quality", "Target quality", "Frontier equivalent",
                "Sonnet-class speed (tok/s)", "Verdict"};
    for (const auto &s : r.scenarios)
        t.rows.push_back({fmtFixed(s.year, 0), s.box.empty() ? "-" : s.box + " (" + fmtUsd(s.boxCostUsd) + ")",
                          fmtFixed(s.localDeffB, 0) + "B", fmtFixed(s.localQuality, 1), fmtFixed(s.targetQuality, 1),
                          s.frontierEquivalent + (s.frontierEquivalentYear > 0 ? " (" + formatMonth(s.frontierEquivalentYear) + ")" : ""),
                          s.targetSpeedTokensPerS > 0 ? fmtFixed(s.targetSpeedTokensPerS, 0) : "does not fit", s.verdict});
    return t;
}

Table budgetTable(const Result &r)
{
    Table t;
    t.title = "Budget table (as of " + formatMonth(r.asOf) + ")";
    t.header = {"Budget", "Box", "Best at API speed", "Largest that fits", "Binding compromise", "Task-level parity",
                "Full-product parity"};
    for (const auto &b : r.budgets) {
        const auto run = [](const CatalogRun &c) {
            return c.found ? c.model + " " + c.quant + " (" + fmtFixed(c.decodeTokensPerS, c.decodeTokensPerS < 10 ? 1 : 0) + " tok/s)" : std::string("none");
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
                          fmtFixed(x.run.quality, 1),
                          x.hasMatch ? x.frontierMatch + " (" + formatMonth(x.frontierMatchYear) + ")" : "at or beyond the frontier",
                          x.hasMatch ? fmtFixed(x.lagYears, 1) : "0"});
    }
    return t;
}

Table targetTable(const Result &r)
{
    Table t;
    t.title = "Parity by Sonnet generation";
    t.header = {"Target", "Quality", "Task-level parity", "Full-product parity", "Task-level box"};
    for (const auto &x : r.perTarget)
        t.rows.push_back({x.target, fmtFixed(x.targetQuality, 1), yearText(x.task), yearText(x.full), x.task.box});
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
    if (c.verdict == "not checkable")
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
    t.header = {"As of", "Bar (quality)", "Predicted then", "Actual (catalogs)", "Error (years)", "First run"};
    for (const auto &r : rows) {
        std::string pred = r.predictedReached ? formatMonth(r.predictedYear) : "beyond horizon";
        if (r.observedAtAsOf)
            pred += " (already observed)";
        std::string err = r.hasError ? (r.errorYears > 0 ? "+" : "") + fmtFixed(r.errorYears, 1)
                                     : (r.earlyByAtLeast > 0 ? "early by >= " + fmtFixed(r.earlyByAtLeast, 1) : "-");
        t.rows.push_back({formatMonth(r.asOf), r.threshold + " (" + fmtFixed(r.thresholdQuality, 1) + ")", pred,
                          r.actualReached ? formatMonth(r.actualYear) : "not yet", err,
                          r.actualReached ? r.actualModel + " " + r.actualQuant + " on " + r.actualBox : "-"});
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
        t.rows.push_back({c.claim.text, claimedText(c), computedText(c), c.claim.unit, c.verdict, marginText(c)});
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

std::string tableCsv(const Table &t)
{
    const auto cell = [](const std::string &s) {
        if (s.find_first_of(",\"\n") == std::string::npos)
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

ordered_json reportJson(const Engine &e, const Result &r, const ReportExtras &x)
{
    ordered_json j;
    j["format"] = "frontier-forecast-report";
    j["version"] = 1;
    j["scenario"] = r.scenario.name;
    j["as_of"] = formatMonth(r.asOf);
    j["budget_usd"] = r.budgetUsd;
    j["data_directory"] = e.data().directory;
    j["target"] = {{"model", r.targetModel}, {"quality", r.targetQuality}, {"released", formatMonth(r.targetReleased)},
                   {"quality_index", e.data().qualityIndexName}};
    if (x.compare) {
        const Result &c = *x.compare;
        const auto diff = [](const ParityResult &a, const ParityResult &b) {
            const auto m = parityDifferenceMonths(a, b);
            return m ? ordered_json(*m) : ordered_json(nullptr);
        };
        ordered_json cj;
        cj["scenario"] = c.scenario.name;
        cj["budget_usd"] = c.budgetUsd;
        cj["target"] = c.targetModel;
        cj["this"] = {{"task_level", parityJson(r.task)}, {"full_product", parityJson(r.full)}};
        cj["compared"] = {{"task_level", parityJson(c.task)}, {"full_product", parityJson(c.full)}};
        cj["difference_months"] = {{"task_level", diff(r.task, c.task)}, {"full_product", diff(r.full, c.full)}};
        cj["difference"] = {{"task_level", parityDifferenceText(r.task, c.task)},
                            {"full_product", parityDifferenceText(r.full, c.full)}};
        j["compare"] = cj;
    }
    ordered_json parity;
    parity["task_level"] = parityJson(r.task);
    parity["full_product"] = parityJson(r.full);
    if (x.monteCarlo) {
        addDistribution(parity["task_level"], x.monteCarlo->task);
        addDistribution(parity["full_product"], x.monteCarlo->full);
        parity["samples"] = x.monteCarlo->task.samples;
        parity["seed"] = x.monteCarlo->seed;
    }
    j["parity"] = parity;
    if (x.monteCarlo && !x.monteCarlo->fanYears.empty()) {
        ordered_json fan = ordered_json::array();
        for (std::size_t i = 0; i < x.monteCarlo->fanYears.size(); ++i)
            fan.push_back({{"year", x.monteCarlo->fanYears[i]}, {"p10", x.monteCarlo->fanP10[i]},
                           {"p50", x.monteCarlo->fanP50[i]}, {"p90", x.monteCarlo->fanP90[i]}});
        j["local_quality_fan"] = fan;
    }
    ordered_json per = ordered_json::array();
    for (const auto &t : r.perTarget)
        per.push_back({{"target", t.target}, {"quality", t.targetQuality}, {"task_level", parityJson(t.task)},
                       {"full_product", parityJson(t.full)}});
    j["per_target"] = per;
    ordered_json rev;
    rev["lag_years"] = r.currentLagYears;
    ordered_json rows = ordered_json::array();
    for (const auto &row : r.reverse)
        rows.push_back({{"constraint", row.constraint}, {"run", runJson(row.run)},
                        {"frontier_match", row.hasMatch ? ordered_json(row.frontierMatch) : ordered_json(nullptr)},
                        {"frontier_match_released", row.hasMatch ? ordered_json(formatMonth(row.frontierMatchYear)) : ordered_json(nullptr)},
                        {"lag_years", row.lagYears}});
    rev["rows"] = rows;
    j["reverse"] = rev;
    ordered_json sc = ordered_json::array();
    for (const auto &s : r.scenarios)
        sc.push_back({{"year", s.year}, {"box", s.box}, {"box_cost_usd", s.boxCostUsd}, {"local_deff_b", s.localDeffB},
                      {"local_quality", s.localQuality}, {"target_quality", s.targetQuality},
                      {"frontier_equivalent", s.frontierEquivalent},
                      {"target_speed_tokens_per_s", s.targetSpeedTokensPerS}, {"task_parity", s.taskParity},
                      {"full_parity", s.fullParity}, {"verdict", s.verdict}});
    j["scenarios"] = sc;
    ordered_json bu = ordered_json::array();
    for (const auto &b : r.budgets)
        bu.push_back({{"budget_usd", b.budgetUsd}, {"box", b.box}, {"box_cost_usd", b.boxCostUsd},
                      {"best_at_api_speed", runJson(b.atApiSpeed)}, {"largest_fit", runJson(b.largestFit)},
                      {"shape_deff_b", b.shapeDeffB}, {"binding", bindingName(b.binding)}, {"compromise", b.compromise},
                      {"task_level", parityJson(b.task)}, {"full_product", parityJson(b.full)}});
    j["budgets"] = bu;
    if (!x.sensitivity.empty()) {
        ordered_json se = ordered_json::array();
        for (const auto &s : x.sensitivity)
            se.push_back({{"name", s.name}, {"label", s.label}, {"low_value", s.lowValue}, {"high_value", s.highValue},
                          {"low_year", yearOrNull(s.lowYear)}, {"high_year", yearOrNull(s.highYear)},
                          {"full_low_year", yearOrNull(s.fullLowYear)}, {"full_high_year", yearOrNull(s.fullHighYear)},
                          {"swing_years", s.swing}});
        j["sensitivity"] = se;
    }
    if (!x.backtest.empty()) {
        ordered_json bt = ordered_json::array();
        for (const auto &b : x.backtest)
            bt.push_back({{"as_of", formatMonth(b.asOf)}, {"threshold", b.threshold}, {"threshold_quality", b.thresholdQuality},
                          {"threshold_released", formatMonth(b.thresholdReleased)},
                          {"predicted_year", b.predictedReached ? yearOrNull(b.predictedYear) : ordered_json(nullptr)},
                          {"observed_at_as_of", b.observedAtAsOf},
                          {"actual_year", b.actualReached ? yearOrNull(b.actualYear) : ordered_json(nullptr)},
                          {"actual_model", b.actualReached ? ordered_json(b.actualModel) : ordered_json(nullptr)},
                          {"actual_box", b.actualReached ? ordered_json(b.actualBox) : ordered_json(nullptr)},
                          {"error_years", b.hasError ? ordered_json(std::round(b.errorYears * 100) / 100) : ordered_json(nullptr)},
                          {"early_by_at_least_years", b.earlyByAtLeast > 0 ? ordered_json(std::round(b.earlyByAtLeast * 100) / 100)
                                                                           : ordered_json(nullptr)}});
        j["backtest"] = bt;
    }
    if (!x.ceiling.empty()) {
        ordered_json ce = ordered_json::array();
        for (const auto &c : x.ceiling)
            ce.push_back({{"as_of", formatMonth(c.asOf)}, {"run", runJson(c.run)},
                          {"frontier_match", c.hasMatch ? ordered_json(c.frontierMatch) : ordered_json(nullptr)},
                          {"frontier_match_released", c.hasMatch ? ordered_json(formatMonth(c.frontierMatchYear)) : ordered_json(nullptr)},
                          {"lag_years", c.lagYears}});
        j["ceiling_history"] = ce;
    }
    if (!x.claims.empty()) {
        ordered_json cl = ordered_json::array();
        for (const auto &c : x.claims)
            cl.push_back({{"id", c.claim.id}, {"claim", c.claim.text}, {"claimed_low", c.claim.claimedLow},
                          {"claimed_high", c.claim.claimedHigh},
                          {"computed", std::isfinite(c.computed) ? ordered_json(c.computed) : ordered_json(nullptr)},
                          {"unit", c.claim.unit}, {"verdict", c.verdict}, {"margin", c.margin},
                          {"margin_kind", c.marginAbsolute ? "absolute" : "fraction"}, {"detail", c.detail},
                          {"source", c.claim.source}});
        j["claims"] = cl;
    }
    if (x.calibration) {
        const Calibration &c = *x.calibration;
        ordered_json er = ordered_json::array();
        for (const auto &e : c.decodeErrors)
            er.push_back({{"family", e.family}, {"n", e.n}, {"median_ape_pct", e.medianApe}, {"p90_ape_pct", e.p90Ape},
                          {"flat_rule_median_ape_pct", e.flatMedianApe}, {"flat_rule_p90_ape_pct", e.flatP90Ape}});
        j["calibration"] = {{"bandwidth_efficiency", c.bandwidthEfficiency}, {"kv_efficiency", c.kvEfficiency},
                            {"fixed_seconds_per_token_gpu", c.fixedSecondsGpu},
                            {"fixed_seconds_per_token_unified", c.fixedSecondsUnified},
                            {"seconds_per_extra_gpu", c.secondsPerExtraGpu}, {"compute_efficiency", c.computeEfficiency},
                            {"n", c.n}, {"r2_log_tokens_per_s", c.r2Log}, {"errors", er}};
    }
    j["fits"] = {{"quality_law", {{"a", r.law.a}, {"b_per_doubling", r.law.b}, {"c_per_year", r.law.c}, {"t0", r.law.t0},
                                  {"alpha", r.law.alpha}, {"n", r.law.n}, {"r2", r.law.r2}, {"residual_sd", r.law.residualSd},
                                  {"density_doubling_years", r.fittedDensityDoublingYears}}},
                 {"kv_law", {{"bytes_per_token_at_1b", r.kv.ref}, {"gamma", r.kv.gamma}, {"n", r.kv.n}, {"r2", r.kv.r2}}},
                 {"bandwidth_per_dollar_doubling_years", yearOrNull(r.fittedBandwidthDoublingYears)},
                 {"memory_per_dollar_doubling_years", yearOrNull(r.fittedMemoryDoublingYears)},
                 {"compute_per_dollar_doubling_years", yearOrNull(r.fittedComputeDoublingYears)}};
    return j;
}

namespace {
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

std::string render(const Engine &e, const Result &r, const ReportExtras &x, bool md)
{
    std::ostringstream o;
    const std::string h1 = md ? "# " : "", h2 = md ? "\n## " : "\n== ";
    o << h1 << "Frontier Forecast: " << r.scenario.name << "\n\n";
    o << "As of " << formatMonth(r.asOf) << ", target " << r.targetModel << " (" << e.data().qualityIndexName << " "
      << fmtFixed(r.targetQuality, 1) << "), budget " << fmtUsd(r.budgetUsd) << "\n";
    o << h2 << "Headline" << (md ? "\n\n" : "\n");
    o << (md ? "- " : "  ") << "Task-level parity: " << yearText(r.task);
    // The Monte Carlo range beside the best estimate, to the month; quantiles past the horizon say so.
    const auto range = [&](const Distribution &d) {
        if (!std::isfinite(d.p10))
            return;
        const auto month = [&](double t) {
            return std::isfinite(t) ? formatMonth(t) : "beyond " + fmtFixed(e.data().settings.horizonYear, 0);
        };
        o << " (P10-P90 " << month(d.p10) << " to " << month(d.p90) << ", median " << month(d.p50) << ", "
          << d.samples << " samples)";
    };
    if (x.monteCarlo)
        range(x.monteCarlo->task);
    if (r.task.reached)
        o << " on " << r.task.box << " with " << (r.task.model.empty() ? "a " + params(r.task.paramsTotalB, r.task.paramsActiveB) + " model" : r.task.model)
          << " at " << r.task.quant << "; bottleneck: " << r.task.bottleneckText;
    o << "\n" << (md ? "- " : "  ") << "Full-product parity: " << yearText(r.full);
    if (x.monteCarlo)
        range(x.monteCarlo->full);
    if (r.full.reached)
        o << " on " << r.full.box << "; bottleneck: " << r.full.bottleneckText;
    o << "\n" << (md ? "- " : "  ") << "Current lag of the local ceiling at API speed: "
      << (!r.reverse.empty() && r.reverse.front().run.found ? yearsText(r.currentLagYears, 1) : "none: nothing runs at API speed today")
      << "\n";
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
    o << (md ? "- " : "  ") << "Quality law: Q = " << fmtFixed(r.law.a, 1) << " + " << fmtFixed(r.law.b, 2)
      << " log2(Deff) + " << fmtFixed(r.law.c, 2) << " (t - " << fmtFixed(r.law.t0, 0) << "), n = " << r.law.n
      << ", R2 = " << fmtFixed(r.law.r2, 2) << "; fitted density doubling " << fmtFixed(r.fittedDensityDoublingYears, 2)
      << " years\n";
    const auto table = [&](const Table &t) { o << h2 << t.title << "\n" << (md ? "\n" : "") << renderTable(t, md); };
    table(targetTable(r));
    table(scenarioTable(r));
    table(budgetTable(r));
    table(reverseTable(r));
    if (x.calibration)
        table(calibrationTable(*x.calibration));
    if (!x.backtest.empty())
        table(backtestTable(x.backtest));
    if (!x.ceiling.empty())
        table(ceilingTable(x.ceiling));
    if (!x.claims.empty())
        table(claimsTable(x.claims));
    if (!x.sensitivity.empty()) {
        Table t;
        t.title = "Sensitivity (parity with one assumption at its P10 / P90, the others at their values)";
        t.header = {"Assumption", "Low value", "High value", "Task-level at low / high", "Full product at low / high",
                    "Swing (years)"};
        for (const auto &s : x.sensitivity)
            t.rows.push_back({s.label, fmtFixed(s.lowValue, 2), fmtFixed(s.highValue, 2),
                              yearOnly(s.lowYear) + " / " + yearOnly(s.highYear),
                              yearOnly(s.fullLowYear) + " / " + yearOnly(s.fullHighYear), fmtFixed(s.swing, 1)});
        table(t);
    }
    return o.str();
}
} // namespace

std::string reportText(const Engine &e, const Result &r, const ReportExtras &x) { return render(e, r, x, false); }
std::string reportMarkdown(const Engine &e, const Result &r, const ReportExtras &x) { return render(e, r, x, true); }

} // namespace ff

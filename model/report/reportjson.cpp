// The report's JSON (the stable machine format, see model/README.md): one builder per top-level
// section, and reportJson, which lists them in the order they appear.
#include "report/report.h"

#include "data/crosswalk.h"
#include "report/economics.h"

#include <algorithm>
#include <cmath>

#include "core/timeutil.h"

namespace ff {

using nlohmann::ordered_json;

namespace {
ordered_json kvLawJson(const Result &r)
{
    const KvLaw &k = r.kv;
    ordered_json kinds = ordered_json::object();
    for (int i = 0; i < kAttentionKinds; ++i)
        if (k.kinds[i].n > 0)
            kinds[attentionKindName(static_cast<AttentionKind>(i))] = {
                {"n", k.kinds[i].n}, {"geo_mean_bytes_per_token", k.kinds[i].geoMeanBytes}, {"mean_ln_residual", k.kinds[i].meanResidual}};
    return {{"bytes_per_token_at_1b", k.ref}, {"gamma", k.gamma}, {"ln_per_year", k.perYear}, {"t0", k.t0},
            {"halving_years", k.perYear < 0 ? ordered_json(k.halvingYears()) : ordered_json(nullptr)},
            {"se_ln_per_year", std::sqrt(std::max(0.0, k.cov[3]))},
            {"covariance_ln_ref_per_year", {k.cov[0], k.cov[1], k.cov[2], k.cov[3]}},
            {"n", k.n}, {"r2", k.r2}, {"residual_sd_ln", k.residualSd}, {"floor_bytes_per_token", r.kvFloorBytes},
            {"floor_binds_from", r.kvFloorFromYear > 0 ? ordered_json(formatMonth(r.kvFloorFromYear)) : ordered_json(nullptr)},
            {"by_attention_kind", kinds}};
}

ordered_json boxPriceJson(const std::string &box, const BoxPrice &b)
{
    ordered_json j;
    j["box"] = box;
    j["priced"] = formatMonth(b.t);
    j["total_usd"] = std::round(b.totalUsd);
    j["cards"] = b.cards;
    j["card_usd"] = std::round(b.cardUsd);
    j["unified_system"] = b.unified;
    j["used_market_only"] = b.usedOnly;
    j["extrapolated"] = !b.observed; // past the part's last dated price (the price-trend assumption)
    j["card_price_basis"] = b.basis;  // the observations the card's price comes from
    if (!b.unified) {
        j["host_base_usd"] = std::round(b.hostBaseUsd);
        j["host_per_card_usd"] = std::round(b.hostPerCardUsd);
        j["ram_gb"] = b.ramGb;
        j["ram_usd_per_gb"] = std::round(b.ramUsdPerGb * 100) / 100;
        j["ram_usd"] = std::round(b.ramUsd);
    }
    return j;
}

ordered_json parityJson(const ParityResult &p, const Distribution *precisionFrom = nullptr)
{
    ordered_json j;
    j["kind"] = parityKindName(p.kind);
    j["text"] = yearText(p, precisionFrom); // the words every other place (window, deck, exports) shows for it
    // An implied answer has no date: the law says it should exist, nothing shows it yet.
    if (p.reached && p.kind != ParityKind::Implied) {
        j["year"] = std::round(p.year * 100) / 100;
        j["month"] = formatMonth(p.year);
    } else {
        j["year"] = nullptr;
        j["month"] = nullptr;
    }
    j["law_month"] = p.lawYear > 0 ? ordered_json(formatMonth(p.lawYear)) : ordered_json(nullptr);
    j["evidence_end"] = formatMonth(p.evidenceEnd);
    j["as_of"] = p.asOf > 0 ? ordered_json(formatMonth(p.asOf)) : ordered_json(nullptr);
    // Due by the law at or before as-of, nothing observed: since when, and for how long by as-of.
    j["due_since"] = p.kind == ParityKind::Implied ? ordered_json(formatMonth(p.year)) : ordered_json(nullptr);
    if (p.kind == ParityKind::Implied)
        j["overdue_years"] = std::round((p.asOf - p.year) * 100) / 100;
    j["already_reached"] = p.alreadyReached;
    j["derived_score"] = p.derivedScore; // observed on a model whose score the crosswalk derived
    j["hypothetical_model"] = p.reached && p.model.empty();
    j["used_market_only"] = p.boxPrice && p.boxPrice->usedOnly;
    j["bottleneck"] = p.reached ? bottleneckText(p.heldBack) : std::string("not reached within the horizon");
    j["box"] = p.box;
    j["model"] = p.model.empty() ? ordered_json(nullptr) : ordered_json(p.model);
    j["quant"] = p.quant;
    j["params_total_b"] = p.paramsTotalB;
    j["params_active_b"] = p.paramsActiveB;
    j["required_deff_b"] = p.requiredDeffB;
    j["box_price"] = p.boxPrice ? boxPriceJson(p.box, *p.boxPrice) : ordered_json(nullptr);
    j["box_price_at_parity_month"] = p.priceAtParity && p.pricedThen ? boxPriceJson(p.box, *p.priceAtParity) : ordered_json(nullptr);
    j["ram_tier_gb"] = p.boxPrice && !p.boxPrice->unified ? ordered_json(p.boxPrice->ramGb) : ordered_json(nullptr);
    // A cheaper month before the answer's (beside it, never instead of it): null when none was cheaper.
    j["cheaper_earlier"] = p.earlierPurchase ? boxPriceJson(p.box, *p.earlierPurchase) : ordered_json(nullptr);
    j["not_projectable"] = p.notProjectable.empty() ? ordered_json(nullptr) : ordered_json(p.notProjectable);
    return j;
}

ordered_json restsOnJson(const RestsOn &ro, const DataSet &d)
{
    ordered_json j;
    j["binding"] = bottleneckText(ro.binding);
    const auto row = [](const RestsOnRow &x) {
        return ordered_json{{"name", x.name},
                            {"label", x.label},
                            {"value", x.value},
                            {"neutral", x.neutral},
                            {"neutral_label", x.neutralLabel},
                            {"year_without", x.reached ? ordered_json(std::round(x.year * 100) / 100) : ordered_json(nullptr)},
                            {"month_without", x.reached ? ordered_json(formatMonth(x.year)) : ordered_json(nullptr)},
                            {"moves_years", std::round(x.movesYears * 100) / 100}};
    };
    j["assumption"] = ro.top() ? row(*ro.top()) : ordered_json(nullptr);
    ordered_json all = ordered_json::array();
    for (const auto &x : ro.rows)
        all.push_back(row(x));
    j["all"] = all;
    j["text"] = restsOnText(ro, d);
    return j;
}

ordered_json lawJson(const QualityLaw &l)
{
    ordered_json cov = ordered_json::array();
    for (double c : l.cov)
        cov.push_back(std::isfinite(c) ? ordered_json(c) : ordered_json(nullptr));
    return {{"scale", l.scale}, {"a", l.a}, {"b_per_doubling", l.b}, {"c_per_year", l.c}, {"t0", l.t0}, {"alpha", l.alpha},
            {"n", l.n}, {"r2", l.r2}, {"residual_sd", l.residualSd}, {"se_a", l.se(0)}, {"se_b", l.se(1)}, {"se_c", l.se(2)},
            {"covariance_abc", cov}, {"size_effect_significant", l.b > 2 * l.se(1)}, {"density_doubling_years", std::isfinite(l.densityDoublingYears()) ? ordered_json(l.densityDoublingYears()) : ordered_json(nullptr)}};
}

ordered_json runJson(const CatalogRun &c)
{
    if (!c.found)
        return nullptr;
    return ordered_json{{"model", c.model}, {"quant", c.quant}, {"box", c.box}, {"quality", c.quality}, {"quality_derived", c.derived},
                        {"decode_tokens_per_s", c.decodeTokensPerS}, {"memory_gb", c.memoryGb}};
}

ordered_json yearOrNull(double y) { return std::isfinite(y) ? ordered_json(std::round(y * 100) / 100) : ordered_json(nullptr); }

void addDistribution(ordered_json &j, const Distribution &d)
{
    // The quantiles are those of the future samples (after as-of); the samples already due by the law
    // (not observed) or observed at as-of are their own shares.
    // With fewer than kMinFutureSamples of them there is no range (montecarlo.h hasFutureRange): the
    // quantiles are null, as the text report and the window say "too few".
    const bool range = hasFutureRange(d);
    j["p10"] = range ? yearOrNull(d.p10) : ordered_json(nullptr);
    j["p50"] = range ? yearOrNull(d.p50) : ordered_json(nullptr);
    j["p90"] = range ? yearOrNull(d.p90) : ordered_json(nullptr);
    j["range_conditioned_on"] = "after as-of " + formatMonth(d.asOf);
    j["samples"] = d.samples;
    j["future_samples"] = d.future;
    j["too_few_for_range"] = !range;
    j["min_future_samples_for_range"] = kMinFutureSamples;
    j["share_due"] = d.shareDue;
    j["share_observed"] = d.shareObserved;
    j["share_not_reached"] = d.shareNotReached;
    ordered_json h = ordered_json::array();
    for (std::size_t i = 0; i < d.histogramYears.size(); ++i)
        h.push_back({{"year", d.histogramYears[i]}, {"samples", d.histogramCounts[i]}});
    j["histogram"] = h;
}

ordered_json evidenceJson(const EvidenceSummary &ev)
{
    const auto item = [](const std::string &name, double t) {
        return name.empty() ? ordered_json(nullptr) : ordered_json{{"name", name}, {"date", formatMonth(t)}};
    };
    ordered_json bands = ordered_json::array();
    for (const auto &b : ev.bands)
        bands.push_back({{"band", b.label}, {"scored_open_models", b.scored}});
    return {{"as_of", formatMonth(ev.asOf)},
            {"evidence_end", ev.end > 0 ? ordered_json(formatMonth(ev.end)) : ordered_json(nullptr)},
            {"newest_scored_open_model", item(ev.newestModel, ev.newestModelDate)},
            {"newest_part", item(ev.newestPart, ev.newestPartDate)},
            {"newest_price", item(ev.newestPricePart, ev.newestPriceDate)},
            {"scored_open_models_by_size", bands},
            {"previews_left_out", ev.previews}};
}

// One builder per top-level section of the report's JSON; reportJson below lists them in order.
ordered_json targetJson(const Engine &e, const Result &r)
{
    ordered_json t = {{"model", r.targetModel}, {"quality", r.targetQuality}, {"released", formatMonth(r.targetReleased)},
                      {"quality_index", e.data().qualityIndexName}};
    t["yardstick"] = yardstickName(r.yardstick);
    t["yardstick_caveat"] = yardstickCaveat(r.yardstick);
    if (!r.targetCrosswalked.empty()) // a bar crosswalked from the general index, not a measured score
        t["quality_crosswalked"] = r.targetCrosswalked;
    return t;
}

ordered_json requirementsJson(const Engine &e, const Result &r)
{
    ordered_json req = ordered_json::array();
    for (const Requirement &q : parityRequirements(e.data(), r.scenario))
        req.push_back({{"name", q.name}, {"label", q.label}, {"scope", q.scope}, {"value", q.value},
                       {"unit", q.unit}, {"source", q.source}});
    return req;
}

ordered_json compareJson(const Result &r, const Result &c)
{
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
    return cj;
}

ordered_json byYardstickJson(const Result &r)
{
    ordered_json by = ordered_json::object();
    for (const auto &y : r.byYardstick) {
        ordered_json b;
        b["label"] = yardstickLabel(y.yardstick);
        b["available"] = y.available;
        if (!y.available) {
            b["why"] = y.why;
            by[yardstickName(y.yardstick)] = b;
            continue;
        }
        b["target_score"] = y.targetScore;
        b["target_score_unit"] = isCoding(y.yardstick) ? "percent resolved" : "index points";
        b["target_score_independent"] = y.targetIndependent;
        if (!y.targetCrosswalked.empty())
            b["target_score_crosswalked"] = y.targetCrosswalked;
        b["task_level"] = parityJson(y.task);
        b["full_product"] = parityJson(y.full);
        ordered_json per = ordered_json::array();
        for (const auto &t : y.perTarget) {
            per.push_back({{"target", t.target}, {"score", t.targetQuality},
                           {"score_independent", std::find(y.vendorOnlyTargets.begin(), y.vendorOnlyTargets.end(), t.target) ==
                                                     y.vendorOnlyTargets.end()},
                           {"task_level", parityJson(t.task)}, {"full_product", parityJson(t.full)}});
            if (!t.crosswalked.empty())
                per.back()["score_crosswalked"] = t.crosswalked;
        }
        b["per_target"] = per;
        b["law"] = lawJson(y.law);
        b["law"]["independent_points"] = y.independentOpen;
        b["law"]["vendor_points"] = y.vendorOpen;
        by[yardstickName(y.yardstick)] = b;
    }
    return by;
}

// One answer of the parity section: the answer, what it rests on (fixed target only), whether it rests on
// the roadmap entry and what it would be without it, then the Monte Carlo's range when there is one (`d`,
// which also sets the text's date precision).
ordered_json answerJson(const Engine &e, const Result &r, const ParityResult &with, const ParityResult &without,
                        const RestsOn *restsOn, const Distribution *d)
{
    ordered_json j = parityJson(with, d);
    if (restsOn)
        j["rests_on"] = restsOnJson(*restsOn, e.data());
    const bool rests = r.roadmapKnown && restsOnRoadmap(with, without);
    j["rests_on_roadmap"] = rests ? ordered_json{{"assumption", r.roadmapAssumption},
                                                 {"entry", e.data().settings.roadmap.label},
                                                 {"known_since", formatMonth(e.data().settings.roadmap.knownSince)},
                                                 {"source", e.data().settings.roadmap.source}}
                                  : ordered_json(nullptr);
    j["without_roadmap"] = rests ? ordered_json{{"kind", parityKindName(without.kind)},
                                                {"month", without.reached ? ordered_json(formatMonth(without.year)) : ordered_json(nullptr)},
                                                {"text", yearText(without)}}
                                 : ordered_json(nullptr);
    if (d)
        addDistribution(j, *d);
    return j;
}

// The second question: the hosted bar keeps rising by the drift after the end of the evidence.
ordered_json movingBarJson(const Engine &e, const Result &r, const MonteCarloResult *mc)
{
    ordered_json moving;
    moving["question"] = "moving bar: " + r.targetModel + "'s score rising " + fmtFixed(r.movingBarDrift, 2) +
                         " points a year after the end of the evidence (the Monte Carlo draws the drift from its range)";
    moving["drift_per_year"] = r.movingBarDrift;
    moving["task_level"] = answerJson(e, r, r.movingTask, r.movingTaskWithoutRoadmap, nullptr, mc ? &mc->movingTask : nullptr);
    moving["full_product"] = answerJson(e, r, r.movingFull, r.movingFullWithoutRoadmap, nullptr, mc ? &mc->movingFull : nullptr);
    return moving;
}

ordered_json paritySectionJson(const Engine &e, const Result &r, const MonteCarloResult *mc)
{
    ordered_json parity;
    parity["yardstick"] = yardstickName(r.yardstick);
    // The text follows the one date format rule: the year when the Monte Carlo's range spans a year or more.
    parity["task_level"] = answerJson(e, r, r.task, r.taskWithoutRoadmap, &r.taskRestsOn, mc ? &mc->task : nullptr);
    parity["full_product"] = answerJson(e, r, r.full, r.fullWithoutRoadmap, &r.fullRestsOn, mc ? &mc->full : nullptr);
    parity["by_yardstick"] = byYardstickJson(r);
    parity["question"] = "fixed target: " + r.targetModel + " at today's score (the hosted bar held still)";
    if (mc) {
        parity["samples"] = mc->task.samples;
        parity["seed"] = mc->seed;
    }
    parity["moving_bar"] = movingBarJson(e, r, mc);
    return parity;
}

ordered_json localQualityFanJson(const MonteCarloResult &mc)
{
    ordered_json fan = ordered_json::array();
    for (std::size_t i = 0; i < mc.fanYears.size(); ++i)
        fan.push_back({{"year", mc.fanYears[i]}, {"p10", mc.fanP10[i]}, {"p50", mc.fanP50[i]}, {"p90", mc.fanP90[i]}});
    return fan;
}

ordered_json perTargetJson(const Result &r)
{
    ordered_json per = ordered_json::array();
    for (const auto &t : r.perTarget)
        per.push_back({{"target", t.target}, {"quality", t.targetQuality}, {"task_level", parityJson(t.task)},
                       {"full_product", parityJson(t.full)}});
    return per;
}

ordered_json reverseJson(const Result &r)
{
    ordered_json rev;
    rev["lag_years"] = r.currentLagYears;
    // The same lag measured at the end of the evidence (the newest scored open model): what is
    // beyond it is time without newer scores, not a measured lag (issue 25).
    if (!r.reverse.empty() && r.reverse.front().hasMatch) {
        const double end = std::min(r.asOf, r.law.lastRelease);
        rev["lag_years_at_evidence_end"] = std::max(0.0, end - r.reverse.front().frontierMatchYear);
        rev["evidence_end"] = formatMonth(end);
    }
    ordered_json rows = ordered_json::array();
    for (const auto &row : r.reverse)
        rows.push_back({{"constraint", row.constraint}, {"run", runJson(row.run)},
                        {"frontier_match", row.hasMatch ? ordered_json(row.frontierMatch) : ordered_json(nullptr)},
                        {"frontier_match_released", row.hasMatch ? ordered_json(formatMonth(row.frontierMatchYear)) : ordered_json(nullptr)},
                        {"lag_years", row.lagYears}});
    rev["rows"] = rows;
    return rev;
}

ordered_json scenariosJson(const Result &r)
{
    ordered_json sc = ordered_json::array();
    for (const auto &s : r.scenarios)
        sc.push_back({{"year", s.year}, {"box", s.box}, {"box_cost_usd", s.boxCostUsd}, {"host_ram_gb", s.hostRamGb},
                      {"used_market_only", s.usedOnly}, {"local_deff_b", s.localDeffB},
                      {"local_quality", s.localQuality}, {"target_quality", s.targetQuality},
                      {"frontier_equivalent", s.frontierEquivalent},
                      {"target_speed_tokens_per_s", s.targetSpeedTokensPerS}, {"task_parity", s.taskParity},
                      {"full_parity", s.fullParity}, {"verdict", verdictText(s.verdict)}});
    return sc;
}

ordered_json budgetsJson(const Result &r)
{
    ordered_json bu = ordered_json::array();
    for (const auto &b : r.budgets)
        bu.push_back({{"budget_usd", b.budgetUsd}, {"box", b.box}, {"box_cost_usd", b.boxCostUsd},
                      {"best_at_api_speed", runJson(b.atApiSpeed)}, {"largest_fit", runJson(b.largestFit)},
                      {"shape_deff_b", b.shapeDeffB}, {"binding", bindingName(b.binding)}, {"compromise", b.compromise},
                      {"task_level", parityJson(b.task)}, {"full_product", parityJson(b.full)}});
    return bu;
}

ordered_json sensitivityJson(const std::vector<SensitivityRow> &rows)
{
    ordered_json se = ordered_json::array();
    for (const auto &s : rows)
        se.push_back({{"name", s.name}, {"label", s.label}, {"low_value", s.lowValue}, {"high_value", s.highValue},
                      {"low_year", yearOrNull(s.lowYear)}, {"high_year", yearOrNull(s.highYear)},
                      {"full_low_year", yearOrNull(s.fullLowYear)}, {"full_high_year", yearOrNull(s.fullHighYear)},
                      {"swing_years", s.swing}});
    return se;
}

ordered_json rollingBacktestJson(const RollingBacktest &rolling)
{
    ordered_json bt = ordered_json::array();
    for (const auto &b : rolling.rows)
        bt.push_back({{"as_of", formatMonth(b.origin)}, {"target", b.target}, {"target_quality", b.targetQuality},
                      {"kind", parityKindName(b.kind)}, {"point", yearOrNull(b.point)},
                      {"p10", yearOrNull(b.p10)}, {"p50", yearOrNull(b.p50)}, {"p90", yearOrNull(b.p90)},
                      {"actual", b.hasActual ? yearOrNull(b.actual) : ordered_json(nullptr)},
                      {"actual_model", b.hasActual ? ordered_json(b.actualModel) : ordered_json(nullptr)},
                      {"actual_box", b.hasActual ? ordered_json(b.actualBox) : ordered_json(nullptr)},
                      {"actual_kind", b.hasActual ? ordered_json(actualKindName(b.actualKind)) : ordered_json(nullptr)},
                      {"budget_usd", b.budgetUsd},
                      {"inside_p10_p90", b.inside},
                      {"crps_years", std::isfinite(b.crps) ? ordered_json(std::round(b.crps * 1000) / 1000) : ordered_json(nullptr)},
                      {"baselines",
                       {{"constant_lag", b.hasLagBaseline ? ordered_json{{"lag_years", std::round(b.lagYears * 100) / 100},
                                                                         {"from", b.lagFrom}, {"forecast", yearOrNull(b.lagForecast)},
                                                                         {"crps_years", std::round(b.lagCrps * 1000) / 1000}}
                                                          : ordered_json(nullptr)},
                        {"last_quarter", b.hasPreviousBaseline ? ordered_json{{"p50", yearOrNull(b.previousP50)},
                                                                              {"crps_years", std::round(b.previousCrps * 1000) / 1000}}
                                                               : ordered_json(nullptr)}}},
                      {"error_years", b.hasActual && std::isfinite(b.errorYears) ? ordered_json(std::round(b.errorYears * 100) / 100)
                                                                                  : ordered_json(nullptr)},
                      {"frozen", {{"n_models", b.nModels}, {"n_measurements", b.nMeasurements},
                                  {"score_snapshot", formatMonth(b.scoreSnapshot)},
                                  {"snapshot_after_origin", b.snapshotAfterOrigin}}},
                      {"n_models", b.nModels}, {"n_measurements", b.nMeasurements}});
    return bt;
}

ordered_json backtestSummaryJson(const RollingBacktest &rolling)
{
    const RollingSummary &s = rolling.summary;
    const auto nanNull = [](double v) { return std::isfinite(v) ? ordered_json(std::round(v * 1000) / 1000) : ordered_json(nullptr); };
    ordered_json baselines = ordered_json::array();
    for (const auto &b : s.baselines)
        baselines.push_back({{"name", b.name}, {"label", b.label}, {"n", b.n}, {"resolved", b.resolved},
                             {"mae_years", nanNull(b.maeYears)}, {"crps_years", nanNull(b.crpsYears)},
                             {"model_crps_years", nanNull(b.modelCrpsYears)}});
    return {{"n", s.n}, {"resolved", s.resolved}, {"mae_years", nanNull(s.maeYears)},
            {"coverage_p10_p90", nanNull(s.coverage)}, {"not_yet", s.notYet},
            {"not_yet_consistent", s.notYetConsistent}, {"newest_data", formatMonth(rolling.newest)},
            {"distinct_events", s.distinctEvents}, {"measured_actuals", s.measured},
            {"crps_years", nanNull(s.crpsYears)},
            {"crps", "threshold-weighted CRPS in years, weight 1{x <= newest_data}: not yet is right-censored there"},
            {"baselines", baselines}};
}

ordered_json fixedOriginBacktestJson(const std::vector<BacktestRow> &rows)
{
    ordered_json bt = ordered_json::array();
    for (const auto &b : rows)
        bt.push_back({{"as_of", formatMonth(b.asOf)}, {"threshold", b.threshold}, {"threshold_quality", b.thresholdQuality},
                      {"threshold_released", formatMonth(b.thresholdReleased)},
                      {"predicted_year", b.predictedReached ? yearOrNull(b.predictedYear) : ordered_json(nullptr)},
                      {"observed_at_as_of", b.observedAtAsOf},
                      {"actual_year", b.actualReached ? yearOrNull(b.actualYear) : ordered_json(nullptr)},
                      {"actual_model", b.actualReached ? ordered_json(b.actualModel) : ordered_json(nullptr)},
                      {"actual_box", b.actualReached ? ordered_json(b.actualBox) : ordered_json(nullptr)},
                      {"actual_kind", b.actualReached ? ordered_json(actualKindName(b.actualKind)) : ordered_json(nullptr)},
                      {"error_years", b.hasError ? ordered_json(std::round(b.errorYears * 100) / 100) : ordered_json(nullptr)},
                      {"early_by_at_least_years", b.earlyByAtLeast > 0 ? ordered_json(std::round(b.earlyByAtLeast * 100) / 100)
                                                                       : ordered_json(nullptr)}});
    return bt;
}

ordered_json ceilingHistoryJson(const std::vector<CeilingRow> &rows)
{
    ordered_json ce = ordered_json::array();
    for (const auto &c : rows)
        ce.push_back({{"as_of", formatMonth(c.asOf)}, {"run", runJson(c.run)},
                      {"frontier_match", c.hasMatch ? ordered_json(c.frontierMatch) : ordered_json(nullptr)},
                      {"frontier_match_released", c.hasMatch ? ordered_json(formatMonth(c.frontierMatchYear)) : ordered_json(nullptr)},
                      {"lag_years", c.lagYears}});
    return ce;
}

ordered_json claimsJson(const std::vector<ClaimResult> &rows)
{
    ordered_json cl = ordered_json::array();
    for (const auto &c : rows)
        cl.push_back({{"id", c.claim.id}, {"claim", c.claim.text}, {"claimed_low", c.claim.claimedLow},
                      {"claimed_high", c.claim.claimedHigh},
                      {"computed", std::isfinite(c.computed) ? ordered_json(c.computed) : ordered_json(nullptr)},
                      {"unit", c.claim.unit}, {"verdict", claimVerdictText(c.verdict)}, {"margin", c.margin},
                      {"margin_kind", c.marginAbsolute ? "absolute" : "fraction"}, {"detail", c.detail},
                      {"source", c.claim.source}});
    return cl;
}

// calibration.prefill: the prefill fit by family and kernel era, and the rows left out by reason.
ordered_json prefillCalibrationJson(const Calibration &c)
{
    ordered_json pf = ordered_json::array();
    for (const auto &f : c.prefillFamilies)
        pf.push_back({{"family", f.family}, {"figure_kind", f.figureKind}, {"n", f.n}, {"parts", f.parts}, {"efficiency", f.efficiency},
                      {"median_ape_pct", f.medianApe}, {"p90_ape_pct", f.p90Ape}, {"cv_fallback_efficiency", f.cvEfficiency},
                      {"cv_median_ape_pct", f.cvMedianApe}, {"cv_p90_ape_pct", f.cvP90Ape}});
    ordered_json prefill = {{"n", c.prefillN}, {"attention_efficiency", c.attentionEfficiency},
                            {"median_ape_pct", c.prefillMedianApe}, {"p90_ape_pct", c.prefillP90Ape},
                            {"cv_median_ape_pct", c.prefillCvMedianApe}, {"cv_p90_ape_pct", c.prefillCvP90Ape},
                            {"parts", c.prefillParts},
                            {"cv_part_weighted_median_ape_pct", c.prefillCvPartMedianApe},
                            {"cv_part_weighted_p90_ape_pct", c.prefillCvPartP90Ape},
                            {"moe_scale", c.prefillMoeScale},
                            {"by_family", pf}};
    ordered_json pgen = ordered_json::array();
    for (const auto &g : c.prefillGenerations)
        pgen.push_back({{"generation", g.generation}, {"n", g.n}, {"scale", g.scale}, {"f16_scale", g.f16Scale},
                        {"attention_efficiency", g.attentionEfficiency}});
    prefill["by_generation"] = pgen;
    ordered_json pex = ordered_json::array();
    for (const auto &[why, n] : c.prefillExcludedBy)
        pex.push_back({{"reason", why}, {"n", n}});
    prefill["excluded_by_reason"] = pex;
    return prefill;
}

// The report's calibration section: the fitted terms and their errors (calibrationJson writes data/calibration.json).
ordered_json calibrationSectionJson(const Calibration &c)
{
    ordered_json er = ordered_json::array();
    for (const auto &e : c.decodeErrors)
        er.push_back({{"family", e.family}, {"n", e.n}, {"median_ape_pct", e.medianApe}, {"p90_ape_pct", e.p90Ape},
                      {"flat_rule_median_ape_pct", e.flatMedianApe}, {"flat_rule_p90_ape_pct", e.flatP90Ape}});
    ordered_json cal = {{"bandwidth_efficiency", c.bandwidthEfficiency}, {"kv_efficiency", c.kvEfficiency},
                        {"fixed_seconds_per_token_gpu", c.fixedSecondsGpu},
                        {"fixed_seconds_per_token_unified", c.fixedSecondsUnified},
                        {"seconds_per_extra_gpu", c.secondsPerExtraGpu}, {"compute_efficiency", c.computeEfficiency},
                        {"n", c.n}, {"r2_log_tokens_per_s", c.r2Log}, {"errors", er}};
    ordered_json cve = ordered_json::array();
    for (const auto &e : c.decodeCvErrors)
        cve.push_back({{"family", e.family}, {"n", e.n}, {"median_ape_pct", e.medianApe}, {"p90_ape_pct", e.p90Ape}});
    cal["cross_validated_errors"] = cve;
    ordered_json kinds = ordered_json::array();
    for (const auto &k : c.decodeKinds)
        kinds.push_back({{"kind", k.kind}, {"fitted", k.fitted}, {"n", k.n}, {"weight_efficiency", k.weightEfficiency},
                         {"fixed_seconds_per_token", k.fixedSeconds}, {"moe_seconds_per_token", k.moeSeconds}, {"compute_share", k.computeShare},
                         {"note", k.note.empty() ? ordered_json(nullptr) : ordered_json(k.note)}});
    cal["decode_by_kind"] = kinds;
    cal["moe_seconds_per_token"] = c.moeSecondsPerToken;
    ordered_json byKind = ordered_json::array();
    for (const auto &e : c.decodeCvByKind)
        byKind.push_back({{"kind", e.group}, {"n", e.n}, {"median_ape_pct", e.medianApe}, {"p90_ape_pct", e.p90Ape},
                          {"family_out_median_ape_pct", e.familyOutMedianApe}, {"family_out_p90_ape_pct", e.familyOutP90Ape},
                          {"source_out_median_ape_pct", e.sourceOutMedianApe}, {"source_out_p90_ape_pct", e.sourceOutP90Ape}});
    cal["decode_held_out_by_kind"] = byKind;
    ordered_json src = ordered_json::array();
    for (const auto &e : c.decodeCvSourceErrors)
        src.push_back({{"source", e.family}, {"n", e.n}, {"median_ape_pct", e.medianApe}, {"p90_ape_pct", e.p90Ape}});
    cal["decode_source_out_errors"] = src;
    ordered_json changes = ordered_json::array();
    for (const auto &ch : c.catalogChanges)
        changes.push_back({{"round", ch.round}, {"file", ch.file}, {"row", ch.row}, {"field", ch.field}, {"old", ch.oldValue},
                           {"new", ch.newValue}, {"source", ch.source}});
    cal["catalog_changes"] = changes;
    cal["prefill"] = prefillCalibrationJson(c);
    return cal;
}

// fits.crosswalk: derived general scores (crosswalk.h): the fit, its leave-one-out residuals by size
// band, and every derived score, each labelled derived.
ordered_json crosswalkJson(const Crosswalk &cw)
{
    ordered_json bands = ordered_json::array();
    for (const auto &b : cw.bands)
        bands.push_back({{"band", b.label}, {"n", b.n}, {"loo_mean_residual", b.meanResidual}, {"loo_rms_residual", b.rmsResidual}});
    ordered_json der = ordered_json::array();
    for (const auto &dv : cw.derived)
        der.push_back({{"model", dv.name}, {"score", dv.score}, {"sd", dv.sd}, {"band", dv.band}, {"label", "derived"}});
    ordered_json uncorrected = ordered_json::array();
    if (!cw.candidates.empty())
        for (const auto &b : cw.candidates.front().bands)
            uncorrected.push_back({{"band", b.label}, {"n", b.n}, {"loo_mean_residual", b.meanResidual}, {"loo_rms_residual", b.rmsResidual}});
    return {{"law", "eci = a + b * gpqa_diamond + c * hle + d * s"}, {"a", cw.a}, {"b", cw.b}, {"c", cw.c},
            {"d", cw.d}, {"size_term", crosswalkSizeTermName(cw.sizeTerm)}, {"size_term_edge_b", cw.edgeB},
            {"loo_by_size_band_uncorrected", uncorrected}, {"n", cw.n}, {"r2", cw.r2}, {"loo_rms", cw.looRms}, {"index", cw.inputs.index}, {"applied", cw.inputs.apply},
            {"loo_by_size_band", bands}, {"derived", der}};
}

// Every yardstick's law (fits.quality_laws).
ordered_json qualityLawsJson(const Result &r)
{
    ordered_json laws = ordered_json::object();
    for (const auto &y : r.byYardstick) {
        if (!y.available && y.law.n == 0) {
            laws[yardstickName(y.yardstick)] = {{"available", false}, {"why", y.why}};
            continue;
        }
        ordered_json l = lawJson(y.law);
        if (!y.available) // fitted, but the target has no score on this yardstick
            l["target_why"] = y.why;
        l["independent_points"] = y.independentOpen;
        l["vendor_points"] = y.vendorOpen;
        if (y.yardstick == Yardstick::CodingVerified)
            l["vendor_gap"] = {{"mean_logit", y.vendorGap.meanLogit}, {"sd_logit", y.vendorGap.sdLogit}, {"n", y.vendorGap.n}};
        if (y.yardstick == Yardstick::Coding) {
            const BarCrosswalk &cw = y.barCrosswalk;
            const std::string problem = barCrosswalkProblem(cw);
            ordered_json b = {{"law", "logit(swe_rebench) = a + b * eci"}, {"n", cw.n}, {"models", cw.names}};
            if (cw.n >= 3) {
                b["a"] = cw.a;
                b["b"] = cw.b;
                b["b_se"] = cw.seB;
                b["b_95"] = {cw.b - cw.t975 * cw.seB, cw.b + cw.t975 * cw.seB};
                b["residual_sd_logit"] = cw.residualSd;
            }
            b["usable"] = problem.empty();
            if (!problem.empty())
                b["why"] = problem;
            l["target_bar_crosswalk"] = b;
        }
        laws[yardstickName(y.yardstick)] = l;
    }
    return laws;
}

ordered_json fitsJson(const Engine &e, const Result &r)
{
    ordered_json fits = {{"quality_law", {{"a", r.law.a}, {"b_per_doubling", r.law.b}, {"c_per_year", r.law.c}, {"t0", r.law.t0},
                                          {"alpha", r.law.alpha}, {"n", r.law.n}, {"r2", r.law.r2}, {"residual_sd", r.law.residualSd},
                                          {"density_doubling_years", r.fittedDensityDoublingYears}}},
                         {"yardstick", yardstickName(r.yardstick)},
                         {"kv_law", kvLawJson(r)},
                         {"bandwidth_per_dollar_doubling_years", yearOrNull(r.fittedBandwidthDoublingYears)},
                         {"memory_per_dollar_doubling_years", yearOrNull(r.fittedMemoryDoublingYears)},
                         {"compute_per_dollar_doubling_years", yearOrNull(r.fittedComputeDoublingYears)}, {"compute_per_dollar_kind", r.fittedComputeKind}, {"compute_per_dollar_n", r.fittedComputeN}};
    // The chosen law with its scatter and parameter covariance, and every yardstick's law.
    const ordered_json chosenLaw = lawJson(r.law);
    for (auto it = chosenLaw.begin(); it != chosenLaw.end(); ++it)
        fits["quality_law"][it.key()] = it.value();
    fits["quality_laws"] = qualityLawsJson(r);
    if (const auto &cw = e.data().crosswalk)
        fits["crosswalk"] = crosswalkJson(*cw);
    fits["context_trend"] = {{"log2_tokens_at_t0", r.contextTrend.intercept},
                             {"doublings_per_year", r.contextTrend.slope},
                             {"doubling_years", yearOrNull(r.contextTrend.doublingYears())},
                             {"n", r.contextTrend.n},
                             {"r2", r.contextTrend.r2},
                             {"residual_sd_log2", r.contextTrend.residualSd}};
    return fits;
}
} // namespace

ordered_json reportJson(const Engine &e, const Result &r, const ReportExtras &x)
{
    const MonteCarloResult *mc = x.monteCarlo ? &*x.monteCarlo : nullptr;
    ordered_json j;
    j["format"] = "frontier-forecast-report";
    j["version"] = 1;
    j["scenario"] = r.scenario.name;
    j["as_of"] = formatMonth(r.asOf);
    j["evidence"] = evidenceJson(evidenceSummary(e.data(), r.asOf, r.yardstick));
    j["budget_usd"] = r.budgetUsd;
    j["data_directory"] = e.data().directory;
    j["target"] = targetJson(e, r);
    j["requirements"] = requirementsJson(e, r);
    if (x.compare)
        j["compare"] = compareJson(r, *x.compare);
    j["parity"] = paritySectionJson(e, r, mc);
    // The price of the default answer's box (task-level parity), by part.
    j["best_box_price"] = r.task.boxPrice ? boxPriceJson(r.task.box, *r.task.boxPrice) : ordered_json(nullptr);
    if (mc && !mc->fanYears.empty())
        j["local_quality_fan"] = localQualityFanJson(*mc);
    j["per_target"] = perTargetJson(r);
    j["reverse"] = reverseJson(r);
    j["scenarios"] = scenariosJson(r);
    j["budgets"] = budgetsJson(r);
    if (e.data().economics) // data/economics.json: local cost per token against the API (economics.h)
        j["economics"] = economicsJson(computeEconomics(e, r), e.data());
    if (!x.sensitivity.empty()) {
        j["sensitivity"] = sensitivityJson(x.sensitivity);
        j["sensitivity_question"] = "fixed target (the hosted bar's drift is held at 0 and has no row)";
    }
    if (x.rolling) {
        j["backtest"] = rollingBacktestJson(*x.rolling);
        j["backtest_summary"] = backtestSummaryJson(*x.rolling);
    }
    if (!x.backtest.empty())
        j["backtest_fixed_origins"] = fixedOriginBacktestJson(x.backtest);
    if (!x.ceiling.empty())
        j["ceiling_history"] = ceilingHistoryJson(x.ceiling);
    if (!x.claims.empty())
        j["claims"] = claimsJson(x.claims);
    if (x.calibration)
        j["calibration"] = calibrationSectionJson(*x.calibration);
    j["fits"] = fitsJson(e, r);
    return j;
}

} // namespace ff

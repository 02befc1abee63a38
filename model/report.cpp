#include "report.h"

#include "crosswalk.h"
#include "economics.h"

#include <algorithm>
#include <charconv>
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

std::string yearOnly(double t) { return std::isfinite(t) ? formatMonth(t).substr(0, 4) : "beyond horizon"; }

std::string params(double pt, double pa)
{
    if (pt <= 0)
        return "-";
    if (pa >= pt * 0.999)
        return fmtFixed(pt, pt < 10 ? 1 : 0) + "B dense";
    return fmtFixed(pt, pt < 10 ? 1 : 0) + "B total / " + fmtFixed(pa, pa < 10 ? 1 : 0) + "B active";
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
    j["p10"] = yearOrNull(d.p10);
    j["p50"] = yearOrNull(d.p50);
    j["p90"] = yearOrNull(d.p90);
    j["range_conditioned_on"] = "after as-of " + formatMonth(d.asOf);
    j["share_due"] = d.shareDue;
    j["share_observed"] = d.shareObserved;
    j["share_not_reached"] = d.shareNotReached;
    ordered_json h = ordered_json::array();
    for (std::size_t i = 0; i < d.histogramYears.size(); ++i)
        h.push_back({{"year", d.histogramYears[i]}, {"samples", d.histogramCounts[i]}});
    j["histogram"] = h;
}
} // namespace

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
    const bool range = d && d->samples > 0 && d->future > 0 && std::isfinite(d->p10);
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

std::string futureSpan(const Distribution &d, double horizon, bool months, const char *in, const char *from, const char *to)
{
    if (d.future <= 0)
        return {};
    if (!std::isfinite(d.p10))
        return "after " + fmtFixed(horizon, 0);
    const std::string lo = dateText(d.p10, months, horizon), hi = dateText(d.p90, months, horizon);
    return lo == hi ? in + lo : from + lo + to + hi;
}
} // namespace

std::string rangeText(const Distribution &d, double horizon, bool months)
{
    if (d.samples <= 0)
        return {};
    const std::string past = pastShares(d, " of samples: due by the law, not yet seen", " of samples: observed", "; ");
    const std::string future = futureSpan(d, horizon, months, "80% in ", "80% between ", " and ");
    if (past.empty())
        return future;
    return future.empty() ? past : past + "; otherwise " + future;
}

std::string cardRangeText(ParityKind k, const Distribution &d, double horizon, bool months)
{
    const std::string kind = k == ParityKind::Implied ? "unseen" : kindText(k); // the value says "due YYYY-MM"
    if (d.samples <= 0)
        return kind;
    // No-break spaces: each phrase stays whole on one line of the card.
    const std::string past = pastShares(d, "\u00a0due", "\u00a0seen", ", ");
    const std::string future = futureSpan(d, horizon, months, "", "", "\u2013");
    const std::string text = kind + " \u00b7 ";
    if (past.empty())
        return text + "P10\u2013P90\u00a0" + future;
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
        t.rows.push_back({fmtFixed(s.year, 0), s.box.empty() ? "-" : s.box + " (" + fmtUsd(s.boxCostUsd) + ")",
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
    return y == Yardstick::Coding ? fmtFixed(displayScore(y, scaled), 1) + "%" : fmtFixed(scaled, 1);
}

Table yardstickTable(const Result &r)
{
    Table t;
    t.title = "Parity by yardstick (task-level / full product; coding scores are Epoch's runs, * a vendor claim lowered by the "
              "vendor gap)";
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
                    cell = (y.yardstick == Yardstick::Coding ? fmtFixed(p.targetQuality, 1) + "%" : fmtFixed(p.targetQuality, 1)) +
                           (std::find(y.vendorOnlyTargets.begin(), y.vendorOnlyTargets.end(), n) != y.vendorOnlyTargets.end()
                                ? "*"
                                : "") +
                           ": " + yearText(p.task) + " / " + yearText(p.full);
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
        t.rows.push_back({x.target, scoreText(r.yardstick, x.targetQuality), yearText(x.task), yearText(x.full), x.task.box});
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
        const bool scored = y == Yardstick::Coding ? m.sweBench.has_value() : m.quality.has_value();
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

namespace {
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
} // namespace

ordered_json reportJson(const Engine &e, const Result &r, const ReportExtras &x)
{
    ordered_json j;
    j["format"] = "frontier-forecast-report";
    j["version"] = 1;
    j["scenario"] = r.scenario.name;
    j["as_of"] = formatMonth(r.asOf);
    j["evidence"] = evidenceJson(evidenceSummary(e.data(), r.asOf, r.yardstick));
    j["budget_usd"] = r.budgetUsd;
    j["data_directory"] = e.data().directory;
    j["target"] = {{"model", r.targetModel}, {"quality", r.targetQuality}, {"released", formatMonth(r.targetReleased)},
                   {"quality_index", e.data().qualityIndexName}};
    j["target"]["yardstick"] = yardstickName(r.yardstick);
    j["target"]["yardstick_caveat"] = yardstickCaveat(r.yardstick);
    j["requirements"] = ordered_json::array();
    for (const Requirement &q : parityRequirements(e.data(), r.scenario))
        j["requirements"].push_back({{"name", q.name}, {"label", q.label}, {"scope", q.scope}, {"value", q.value},
                                     {"unit", q.unit}, {"source", q.source}});
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
    parity["yardstick"] = yardstickName(r.yardstick);
    // The text follows the one date format rule: the year when the Monte Carlo's range spans a year or more.
    const MonteCarloResult *mc = x.monteCarlo ? &*x.monteCarlo : nullptr;
    parity["task_level"] = parityJson(r.task, mc ? &mc->task : nullptr);
    parity["full_product"] = parityJson(r.full, mc ? &mc->full : nullptr);
    parity["task_level"]["rests_on"] = restsOnJson(r.taskRestsOn, e.data());
    parity["full_product"]["rests_on"] = restsOnJson(r.fullRestsOn, e.data());
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
        b["target_score_unit"] = y.yardstick == Yardstick::Coding ? "percent resolved" : "index points";
        b["target_score_independent"] = y.targetIndependent;
        b["task_level"] = parityJson(y.task);
        b["full_product"] = parityJson(y.full);
        ordered_json per = ordered_json::array();
        for (const auto &t : y.perTarget)
            per.push_back({{"target", t.target}, {"score", t.targetQuality},
                           {"score_independent", std::find(y.vendorOnlyTargets.begin(), y.vendorOnlyTargets.end(), t.target) ==
                                                     y.vendorOnlyTargets.end()},
                           {"task_level", parityJson(t.task)}, {"full_product", parityJson(t.full)}});
        b["per_target"] = per;
        b["law"] = lawJson(y.law);
        b["law"]["independent_points"] = y.independentOpen;
        b["law"]["vendor_points"] = y.vendorOpen;
        by[yardstickName(y.yardstick)] = b;
    }
    parity["by_yardstick"] = by;
    // The roadmap entry: does each answer rest on it, and what would it be without it.
    const auto roadmapJson = [&](ordered_json &j, const ParityResult &with, const ParityResult &without) {
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
    };
    roadmapJson(parity["task_level"], r.task, r.taskWithoutRoadmap);
    roadmapJson(parity["full_product"], r.full, r.fullWithoutRoadmap);
    parity["question"] = "fixed target: " + r.targetModel + " at today's score (the hosted bar held still)";
    // The second question: the hosted bar keeps rising by the drift after the end of the evidence.
    ordered_json moving;
    moving["question"] = "moving bar: " + r.targetModel + "'s score rising " + fmtFixed(r.movingBarDrift, 2) +
                         " points a year after the end of the evidence (the Monte Carlo draws the drift from its range)";
    moving["drift_per_year"] = r.movingBarDrift;
    moving["task_level"] = parityJson(r.movingTask, mc ? &mc->movingTask : nullptr);
    moving["full_product"] = parityJson(r.movingFull, mc ? &mc->movingFull : nullptr);
    roadmapJson(moving["task_level"], r.movingTask, r.movingTaskWithoutRoadmap);
    roadmapJson(moving["full_product"], r.movingFull, r.movingFullWithoutRoadmap);
    if (x.monteCarlo) {
        addDistribution(parity["task_level"], x.monteCarlo->task);
        addDistribution(parity["full_product"], x.monteCarlo->full);
        addDistribution(moving["task_level"], x.monteCarlo->movingTask);
        addDistribution(moving["full_product"], x.monteCarlo->movingFull);
        parity["samples"] = x.monteCarlo->task.samples;
        parity["seed"] = x.monteCarlo->seed;
    }
    parity["moving_bar"] = moving;
    j["parity"] = parity;
    // The price of the default answer's box (task-level parity), by part.
    j["best_box_price"] = r.task.boxPrice ? boxPriceJson(r.task.box, *r.task.boxPrice) : ordered_json(nullptr);
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
    j["reverse"] = rev;
    ordered_json sc = ordered_json::array();
    for (const auto &s : r.scenarios)
        sc.push_back({{"year", s.year}, {"box", s.box}, {"box_cost_usd", s.boxCostUsd}, {"local_deff_b", s.localDeffB},
                      {"local_quality", s.localQuality}, {"target_quality", s.targetQuality},
                      {"frontier_equivalent", s.frontierEquivalent},
                      {"target_speed_tokens_per_s", s.targetSpeedTokensPerS}, {"task_parity", s.taskParity},
                      {"full_parity", s.fullParity}, {"verdict", verdictText(s.verdict)}});
    j["scenarios"] = sc;
    ordered_json bu = ordered_json::array();
    for (const auto &b : r.budgets)
        bu.push_back({{"budget_usd", b.budgetUsd}, {"box", b.box}, {"box_cost_usd", b.boxCostUsd},
                      {"best_at_api_speed", runJson(b.atApiSpeed)}, {"largest_fit", runJson(b.largestFit)},
                      {"shape_deff_b", b.shapeDeffB}, {"binding", bindingName(b.binding)}, {"compromise", b.compromise},
                      {"task_level", parityJson(b.task)}, {"full_product", parityJson(b.full)}});
    j["budgets"] = bu;
    if (e.data().economics) // data/economics.json: local cost per token against the API (economics.h)
        j["economics"] = economicsJson(computeEconomics(e, r), e.data());
    if (!x.sensitivity.empty()) {
        ordered_json se = ordered_json::array();
        for (const auto &s : x.sensitivity)
            se.push_back({{"name", s.name}, {"label", s.label}, {"low_value", s.lowValue}, {"high_value", s.highValue},
                          {"low_year", yearOrNull(s.lowYear)}, {"high_year", yearOrNull(s.highYear)},
                          {"full_low_year", yearOrNull(s.fullLowYear)}, {"full_high_year", yearOrNull(s.fullHighYear)},
                          {"swing_years", s.swing}});
        j["sensitivity"] = se;
        j["sensitivity_question"] = "fixed target (the hosted bar's drift is held at 0 and has no row)";
    }
    if (x.rolling) {
        ordered_json bt = ordered_json::array();
        for (const auto &b : x.rolling->rows)
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
        j["backtest"] = bt;
        const RollingSummary &s = x.rolling->summary;
        const auto nanNull = [](double v) { return std::isfinite(v) ? ordered_json(std::round(v * 1000) / 1000) : ordered_json(nullptr); };
        ordered_json baselines = ordered_json::array();
        for (const auto &b : s.baselines)
            baselines.push_back({{"name", b.name}, {"label", b.label}, {"n", b.n}, {"resolved", b.resolved},
                                 {"mae_years", nanNull(b.maeYears)}, {"crps_years", nanNull(b.crpsYears)},
                                 {"model_crps_years", nanNull(b.modelCrpsYears)}});
        j["backtest_summary"] = {{"n", s.n}, {"resolved", s.resolved}, {"mae_years", nanNull(s.maeYears)},
                                 {"coverage_p10_p90", nanNull(s.coverage)}, {"not_yet", s.notYet},
                                 {"not_yet_consistent", s.notYetConsistent}, {"newest_data", formatMonth(x.rolling->newest)},
                                 {"distinct_events", s.distinctEvents}, {"measured_actuals", s.measured},
                                 {"crps_years", nanNull(s.crpsYears)},
                                 {"crps", "threshold-weighted CRPS in years, weight 1{x <= newest_data}: not yet is right-censored there"},
                                 {"baselines", baselines}};
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
                          {"actual_kind", b.actualReached ? ordered_json(actualKindName(b.actualKind)) : ordered_json(nullptr)},
                          {"error_years", b.hasError ? ordered_json(std::round(b.errorYears * 100) / 100) : ordered_json(nullptr)},
                          {"early_by_at_least_years", b.earlyByAtLeast > 0 ? ordered_json(std::round(b.earlyByAtLeast * 100) / 100)
                                                                           : ordered_json(nullptr)}});
        j["backtest_fixed_origins"] = bt;
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
                          {"unit", c.claim.unit}, {"verdict", claimVerdictText(c.verdict)}, {"margin", c.margin},
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
        ordered_json pf = ordered_json::array();
        for (const auto &f : c.prefillFamilies)
            pf.push_back({{"family", f.family}, {"figure_kind", f.figureKind}, {"n", f.n}, {"parts", f.parts}, {"efficiency", f.efficiency},
                          {"median_ape_pct", f.medianApe}, {"p90_ape_pct", f.p90Ape}, {"cv_fallback_efficiency", f.cvEfficiency},
                          {"cv_median_ape_pct", f.cvMedianApe}, {"cv_p90_ape_pct", f.cvP90Ape}});
        ordered_json cve = ordered_json::array();
        for (const auto &e : c.decodeCvErrors)
            cve.push_back({{"family", e.family}, {"n", e.n}, {"median_ape_pct", e.medianApe}, {"p90_ape_pct", e.p90Ape}});
        j["calibration"]["cross_validated_errors"] = cve;
        ordered_json kinds = ordered_json::array();
        for (const auto &k : c.decodeKinds)
            kinds.push_back({{"kind", k.kind}, {"fitted", k.fitted}, {"n", k.n}, {"weight_efficiency", k.weightEfficiency},
                             {"fixed_seconds_per_token", k.fixedSeconds}, {"moe_seconds_per_token", k.moeSeconds}, {"compute_share", k.computeShare},
                             {"note", k.note.empty() ? ordered_json(nullptr) : ordered_json(k.note)}});
        j["calibration"]["decode_by_kind"] = kinds;
        j["calibration"]["moe_seconds_per_token"] = c.moeSecondsPerToken;
        ordered_json byKind = ordered_json::array();
        for (const auto &e : c.decodeCvByKind)
            byKind.push_back({{"kind", e.group}, {"n", e.n}, {"median_ape_pct", e.medianApe}, {"p90_ape_pct", e.p90Ape},
                              {"family_out_median_ape_pct", e.familyOutMedianApe}, {"family_out_p90_ape_pct", e.familyOutP90Ape},
                              {"source_out_median_ape_pct", e.sourceOutMedianApe}, {"source_out_p90_ape_pct", e.sourceOutP90Ape}});
        j["calibration"]["decode_held_out_by_kind"] = byKind;
        ordered_json src = ordered_json::array();
        for (const auto &e : c.decodeCvSourceErrors)
            src.push_back({{"source", e.family}, {"n", e.n}, {"median_ape_pct", e.medianApe}, {"p90_ape_pct", e.p90Ape}});
        j["calibration"]["decode_source_out_errors"] = src;
        ordered_json changes = ordered_json::array();
        for (const auto &ch : c.catalogChanges)
            changes.push_back({{"round", ch.round}, {"file", ch.file}, {"row", ch.row}, {"field", ch.field}, {"old", ch.oldValue},
                               {"new", ch.newValue}, {"source", ch.source}});
        j["calibration"]["catalog_changes"] = changes;
        j["calibration"]["prefill"] = {{"n", c.prefillN}, {"attention_efficiency", c.attentionEfficiency},
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
        j["calibration"]["prefill"]["by_generation"] = pgen;
        ordered_json pex = ordered_json::array();
        for (const auto &[why, n] : c.prefillExcludedBy)
            pex.push_back({{"reason", why}, {"n", n}});
        j["calibration"]["prefill"]["excluded_by_reason"] = pex;
    }
    j["fits"] = {{"quality_law", {{"a", r.law.a}, {"b_per_doubling", r.law.b}, {"c_per_year", r.law.c}, {"t0", r.law.t0},
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
        j["fits"]["quality_law"][it.key()] = it.value();
    ordered_json laws = ordered_json::object();
    for (const auto &y : r.byYardstick) {
        if (!y.available) {
            laws[yardstickName(y.yardstick)] = {{"available", false}, {"why", y.why}};
            continue;
        }
        ordered_json l = lawJson(y.law);
        l["independent_points"] = y.independentOpen;
        l["vendor_points"] = y.vendorOpen;
        if (y.yardstick == Yardstick::Coding)
            l["vendor_gap"] = {{"mean_logit", y.vendorGap.meanLogit}, {"sd_logit", y.vendorGap.sdLogit}, {"n", y.vendorGap.n}};
        laws[yardstickName(y.yardstick)] = l;
    }
    j["fits"]["quality_laws"] = laws;
    if (const auto &cw = e.data().crosswalk) {
        // Derived general scores (crosswalk.h): the fit, its leave-one-out residuals by size band, and
        // every derived score, each labelled derived.
        ordered_json bands = ordered_json::array();
        for (const auto &b : cw->bands)
            bands.push_back({{"band", b.label}, {"n", b.n}, {"loo_mean_residual", b.meanResidual}, {"loo_rms_residual", b.rmsResidual}});
        ordered_json der = ordered_json::array();
        for (const auto &dv : cw->derived)
            der.push_back({{"model", dv.name}, {"score", dv.score}, {"sd", dv.sd}, {"band", dv.band}, {"label", "derived"}});
        ordered_json uncorrected = ordered_json::array();
        if (!cw->candidates.empty())
            for (const auto &b : cw->candidates.front().bands)
                uncorrected.push_back({{"band", b.label}, {"n", b.n}, {"loo_mean_residual", b.meanResidual}, {"loo_rms_residual", b.rmsResidual}});
        j["fits"]["crosswalk"] = {{"law", "eci = a + b * gpqa_diamond + c * hle + d * s"}, {"a", cw->a}, {"b", cw->b}, {"c", cw->c},
                                  {"d", cw->d}, {"size_term", crosswalkSizeTermName(cw->sizeTerm)}, {"size_term_edge_b", cw->edgeB},
                                  {"loo_by_size_band_uncorrected", uncorrected}, {"n", cw->n}, {"r2", cw->r2}, {"loo_rms", cw->looRms}, {"index", cw->inputs.index}, {"applied", cw->inputs.apply},
                                  {"loo_by_size_band", bands}, {"derived", der}};
    }
    j["fits"]["context_trend"] = {{"log2_tokens_at_t0", r.contextTrend.intercept},
                                  {"doublings_per_year", r.contextTrend.slope},
                                  {"doubling_years", yearOrNull(r.contextTrend.doublingYears())},
                                  {"n", r.contextTrend.n},
                                  {"r2", r.contextTrend.r2},
                                  {"residual_sd_log2", r.contextTrend.residualSd}};
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

std::string render(const Engine &e, const Result &r, const ReportExtras &x, bool md)
{
    std::ostringstream o;
    const std::string h1 = md ? "# " : "", h2 = md ? "\n## " : "\n== ";
    o << h1 << "Frontier Forecast: " << r.scenario.name << "\n\n";
    o << "As of " << formatMonth(r.asOf) << ", target " << r.targetModel << " ("
      << (r.yardstick == Yardstick::Coding ? std::string("SWE-bench Verified") : e.data().qualityIndexName) << " "
      << scoreText(r.yardstick, r.targetQuality) << "), budget " << fmtUsd(r.budgetUsd) << "\n";
    o << "Evidence: " << evidenceText(evidenceSummary(e.data(), r.asOf, r.yardstick)) << "\n";
    o << "Yardstick: " << yardstickLabel(r.yardstick) << " (--set yardstick=" << yardstickNameList() << ")\n";
    if (const std::string caveat = yardstickCaveat(r.yardstick); !caveat.empty())
        o << "Caveat: " << caveat << "\n";
    o << h2 << "What parity requires" << (md ? "\n\n" : "\n");
    for (const Requirement &q : parityRequirements(e.data(), r.scenario))
        o << (md ? "- " : "  ") << (q.scope == "task" ? "Task level: " : q.scope == "full" ? "Full product: " : "Both: ") << q.label
          << " " << (q.unit == "USD" ? fmtUsd(q.value) : fmtFixed(q.value, q.value < 100 ? 1 : 0) + " " + q.unit) << " ("
          << q.source << ")\n";
    o << h2 << "Headline" << (md ? "\n\n" : "\n");
    const double horizon = e.data().settings.horizonYear;
    // What a named model is: a catalog model (observed) or a hypothetical one the law says would do.
    const auto who = [&](const ParityResult &p) {
        return p.model.empty() ? "a hypothetical " + params(p.paramsTotalB, p.paramsActiveB) + " model" : p.model;
    };
    const auto where = [&](const ParityResult &p) {
        return p.box + (p.boxPrice && p.boxPrice->usedOnly ? " (used market only)" : "");
    };
    const auto line = [&](const char *what, const ParityResult &p, const Distribution *d, bool details) {
        o << (md ? "- " : "  ") << what << ": " << answerText(p, d, horizon);
        if (d)
            o << " (median of the future samples "
              << (std::isnan(d->p50) ? std::string("n/a") : std::isfinite(d->p50) ? formatMonth(d->p50) : "after " + fmtFixed(horizon, 0))
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
        if (p.boxPrice && p.boxPrice->t < p.year - 1e-9)
            o << "; bought in " << formatMonth(p.boxPrice->t) << " it cost " << fmtUsd(p.boxPrice->totalUsd)
              << " (the answer counts a box bought within budget then as owned)";
    };
    if (r.task.boxPrice && r.task.reached)
        priceLine("task-level", r.task);
    if (r.full.boxPrice && r.full.reached && r.full.box != r.task.box)
        priceLine("full-product", r.full);
    o << "\n" << (md ? "- " : "  ") << "Full product rests on: " << restsOnText(r.fullRestsOn, e.data());
    o << "\n" << (md ? "- " : "  ") << "Task level rests on: " << restsOnText(r.taskRestsOn, e.data());
    for (const auto &y : r.byYardstick)
        if (y.yardstick != r.yardstick)
            o << "\n" << (md ? "- " : "  ") << "On the " << yardstickLabel(y.yardstick) << " yardstick: "
              << (y.available ? "task-level " + yearText(y.task) + ", full product " + yearText(y.full) : "n/a (" + y.why + ")");
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
        if (!y.available || y.yardstick != Yardstick::Coding)
            continue;
        o << (md ? "- " : "  ") << "Coding law: logit(SWE-bench Verified) = " << fmtFixed(y.law.a, 2) << " + "
          << fmtFixed(y.law.b, 3) << " (+/- " << fmtFixed(y.law.se(1), 3) << ") log2(Deff) + " << fmtFixed(y.law.c, 2)
          << " (+/- " << fmtFixed(y.law.se(2), 2) << ") (t - " << fmtFixed(y.law.t0, 0) << "), n = " << y.law.n << " ("
          << y.independentOpen << " independent runs, " << y.vendorOpen << " vendor claims lowered by "
          << fmtFixed(y.vendorGap.meanLogit, 2) << " log-odds, the mean gap over " << y.vendorGap.n
          << " models with both), R2 = " << fmtFixed(y.law.r2, 2) << ", residual sd " << fmtFixed(y.law.residualSd, 2)
          << " log-odds" << (y.law.b - 1.96 * y.law.se(1) > 0 ? "" : "; size is not distinguishable from zero here (95% interval includes zero), so the law is not projected: only observed answers stand")
          << "\n";
    }
    o << (md ? "- " : "  ") << "Open models' context limits: doubling every " << fmtFixed(r.contextTrend.doublingYears(), 2)
      << " years (n = " << r.contextTrend.n << ", R2 = " << fmtFixed(r.contextTrend.r2, 2) << "); projected models get the trend's limit\n";
    const auto table = [&](const Table &t) { o << h2 << t.title << "\n" << (md ? "\n" : "") << renderTable(t, md); };
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
    if (x.calibration) {
        // Held-out error first: it, not the in-sample one, says how far an unmeasured part can be trusted.
        if (!x.calibration->decodeCvByKind.empty())
            table(decodeHeldOutByKindTable(*x.calibration));
        if (!x.calibration->decodeKinds.empty())
            table(decodeKindTable(*x.calibration));
        table(calibrationTable(*x.calibration));
        if (!x.calibration->decodeCvErrors.empty())
            table(decodeCrossValidationTable(*x.calibration));
        table(prefillCalibrationTable(*x.calibration));
        table(prefillTermsTable(*x.calibration));
        if (!x.calibration->catalogChanges.empty())
            table(catalogChangesTable(*x.calibration));
    }
    if (x.rolling)
        table(rollingBacktestTable(*x.rolling));
    else if (!x.backtest.empty())
        table(backtestTable(x.backtest));
    if (!x.ceiling.empty())
        table(ceilingTable(x.ceiling));
    if (!x.claims.empty())
        table(claimsTable(x.claims));
    if (!x.sensitivity.empty()) {
        Table t;
        t.title = "Sensitivity of the fixed target (parity with one assumption at its P10 / P90, the others at their values; "
                  "the hosted bar's drift moves only the moving bar)";
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

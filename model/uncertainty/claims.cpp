#include "uncertainty/claims.h"
#include "uncertainty/claimsschemas.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include "physics/calibration.h"
#include "data/fits.h"
#include "data/jsonread.h"

namespace ff {

namespace {
const char *kFile = "claims.json";

ClaimKind kindOf(const JsonObject &o, const std::string &key)
{
    const std::string k = o.str(key);
    if (k == "decode_speed")
        return ClaimKind::DecodeSpeed;
    if (k == "memory_total")
        return ClaimKind::MemoryTotal;
    if (k == "weights_gb")
        return ClaimKind::WeightsGb;
    if (k == "max_dense_at_speed")
        return ClaimKind::MaxDenseAtSpeed;
    if (k == "engine")
        return ClaimKind::Engine;
    if (k == "assumption")
        return ClaimKind::Assumption;
    o.fail(o.field(key), "expected decode_speed, memory_total, weights_gb, max_dense_at_speed, engine or assumption, got \"" + k + "\"");
}

const char *kMetrics[] = {"lag_years", "task_parity_year", "full_parity_year", "compute_per_dollar_doubling_years"};

std::string fmt(double x, int decimals)
{
    char buf[400];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, decimals); // locale-independent
    return std::string(buf, r.ptr);
}
} // namespace

using schema::Need;
using schema::Type;

const std::vector<schema::Field<Claim>> &claimSchema()
{
    using C = Claim;
    static const std::vector<schema::Field<C>> fields = {
        schema::text("id", &C::id, "Names the claim"),
        schema::text("claim", &C::text, "The claim, in the project's words"),
        schema::text("source", &C::source, "Where the reference page makes it"),
        schema::number("claimed_low", &C::claimedLow, -1e9, 1e9, "unit", "The claimed range's low end"),
        schema::number("claimed_high", &C::claimedHigh, -1e9, 1e9, "unit", "Its high end (not below claimed_low)"),
        schema::text("unit", &C::unit, "The range's unit"),
        {"better", Type::Choice, Need::Required, std::nullopt, -1e300, 1e300, "", "Which way is a promise: a speed is better higher; a lag, a size or a year lower", false, {"higher", "lower"}, 0},
        schema::number("tolerance_fraction", &C::relTolerance, 0, 10, "fraction", "Consistent within this fraction of the nearest bound", Need::Optional, 0.10),
        schema::number("tolerance_abs", &C::absTolerance, 0, 1e6, "unit", "Or, when given, within this many units (calendar years); absent (-1): the fraction applies", Need::Optional, -1),
        schema::text("note", &C::note, "For the reader", Need::Optional),
        {"compute", Type::Object, Need::Required, std::nullopt, -1e300, 1e300, "", "How the model computes the figure (the table below)", false, {}, 0},
    };
    return fields;
}

const std::vector<schema::Field<Claim>> &claimComputeSchema()
{
    // Every field is read by a rule of its kind in parseClaims; the table documents them.
    const auto rule = [](std::string name, Type type, double lo, double hi, std::string unit, std::string doc) {
        return schema::Field<Claim>{std::move(name), type, Need::Rule, std::nullopt, lo, hi, std::move(unit), std::move(doc), false, {}, 0};
    };
    static const std::vector<schema::Field<Claim>> fields = {
        {"kind", Type::Choice, Need::Required, std::nullopt, -1e300, 1e300, "", "What is computed", false,
         {"decode_speed", "memory_total", "weights_gb", "max_dense_at_speed", "engine", "assumption"}, 0},
        rule("metric", Type::Text, -1e300, 1e300, "", "engine: lag_years, task_parity_year, full_parity_year or compute_per_dollar_doubling_years"),
        rule("name", Type::Text, -1e300, 1e300, "", "assumption: an assumption of assumptions.json"),
        rule("hardware", Type::Text, -1e300, 1e300, "", "every kind but weights_gb, engine and assumption: a part of hardware.json"),
        rule("gpus", Type::Number, 1, 16, "cards", "the same kinds: how many (absent: 1)"),
        rule("context_tokens", Type::Number, 0, 1e8, "tokens", "the same kinds: the context the KV cache holds"),
        rule("model", Type::Text, -1e300, 1e300, "", "an open model of models.json, whose parameters and KV size are used (or give them below)"),
        rule("tokens_per_s", Type::Number, 0.01, 1e6, "tokens/s", "max_dense_at_speed: the speed the largest dense model must reach"),
        rule("params_total_b", Type::Number, 0.001, 1e6, "B", "without a model (and but for max_dense_at_speed): total parameters"),
        rule("params_active_b", Type::Number, 0.001, 1e6, "B", "the same: active parameters (absent: the total)"),
        rule("kv_bytes_per_token", Type::Number, 0, 1e9, "bytes", "the KV cache per token, needed when the model has none in models.json (with kv_source)"),
        rule("kv_source", Type::Text, -1e300, 1e300, "", "where kv_bytes_per_token comes from (needed beside it)"),
        rule("quant", Type::Text, -1e300, 1e300, "", "a level of quantization.json, or \"native\" for a model released quantized (or give bits)"),
        rule("bits", Type::Number, 1, 32, "bits", "bits per weight, in place of quant"),
    };
    return fields;
}

std::vector<Claim> parseClaims(const nlohmann::json &j, const std::string &file, const DataSet &d)
{
    JsonObject top(j, file, "");
    if (top.str("format") != "frontier-forecast-claims")
        top.fail("format", "expected \"frontier-forecast-claims\"");
    const auto &arr = top.array("claims");
    std::vector<Claim> out;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject o(arr[i], file, "claims[" + std::to_string(i) + "]");
        Claim c;
        schema::read(o, claimSchema(), c);
        if (c.claimedHigh < c.claimedLow)
            o.fail(o.field("claimed_high"), "below claimed_low");
        c.higherIsBetter = schema::choice(o, claimSchema(), "better") == "higher";
        const JsonObject h = o.object("compute");
        c.kind = kindOf(h, "kind");
        if (c.kind == ClaimKind::Engine) {
            c.metric = h.str("metric");
            bool ok = false;
            for (const char *m : kMetrics)
                ok = ok || c.metric == m;
            if (!ok)
                h.fail(h.field("metric"), "expected lag_years, task_parity_year, full_parity_year or compute_per_dollar_doubling_years");
        } else if (c.kind == ClaimKind::Assumption) {
            c.assumption = h.str("name");
            if (!d.assumption(c.assumption))
                h.fail(h.field("name"), "no assumption \"" + c.assumption + "\" in assumptions.json");
        } else {
            if (c.kind != ClaimKind::WeightsGb) {
                c.hardware = h.str("hardware");
                if (!d.part(c.hardware))
                    h.fail(h.field("hardware"), "no part \"" + c.hardware + "\" in hardware.json");
                c.gpus = static_cast<int>(h.optNum("gpus", 1, 16).value_or(1));
                c.contextTokens = h.num("context_tokens", 0, 1e8);
            }
            c.model = h.optStr("model");
            if (!c.model.empty()) {
                const OpenModel *m = d.openModel(c.model);
                if (!m)
                    h.fail(h.field("model"), "no open model \"" + c.model + "\" in models.json");
                c.paramsTotalB = m->paramsTotalB;
                c.paramsActiveB = m->paramsActiveB > 0 ? m->paramsActiveB : m->paramsTotalB;
                if (m->kvBytesPerToken)
                    c.kvBytesPerToken = *m->kvBytesPerToken;
            }
            if (c.kind == ClaimKind::MaxDenseAtSpeed) {
                c.tokensPerS = h.num("tokens_per_s", 0.01, 1e6);
            } else if (c.model.empty()) {
                c.paramsTotalB = h.num("params_total_b", 0.001, 1e6);
                c.paramsActiveB = h.optNum("params_active_b", 0.001, 1e6).value_or(c.paramsTotalB);
            }
            if (const auto kv = h.optNum("kv_bytes_per_token", 0, 1e9)) {
                c.kvBytesPerToken = *kv;
                c.kvSource = h.str("kv_source");
            } else if (c.kind != ClaimKind::WeightsGb && c.kvBytesPerToken < 0) {
                h.fail(h.field("kv_bytes_per_token"), "the model has no KV size in models.json: give one with kv_source");
            }
            c.quant = h.optStr("quant");
            if (const auto b = h.optNum("bits", 1, 32))
                c.bits = *b;
            else if (c.quant == "native") {
                const OpenModel *m = d.openModel(c.model);
                if (!m || !m->nativeBitsPerWeight)
                    h.fail(h.field("quant"), "\"native\" needs a model released quantized");
                c.bits = *m->nativeBitsPerWeight;
            } else {
                for (const auto &q : d.quantLevels)
                    if (q.name == c.quant)
                        c.bits = q.bitsPerWeight;
                if (c.bits <= 0)
                    h.fail(h.field("quant"), "no quantization level \"" + c.quant + "\" in quantization.json (or give bits)");
            }
        }
        out.push_back(c);
    }
    return out;
}

std::vector<Claim> loadClaims(const DataSet &d)
{
    return parseClaims(readJsonFile(d.directory + "/" + kFile), kFile, d);
}

BoxSpec catalogBoxSpec(const HardwarePart &part, int gpus, const Params &p)
{
    BoxSpec b;
    b.fixedSeconds = part.decodeFixedSeconds; // its family's when fitted on its own (Engine::data()), or -1: its kind's
    if (part.kind == PartKind::Unified) {
        b.vramGb = part.memoryGb * p.unifiedUsableFraction;
        b.bandwidthGbps = part.bandwidthGbps;
        b.tflops = part.prefillTflops; // the engine's fitted rate (Engine::data())
        b.peakTflops = part.prefillTops.value_or(0);
        b.unified = true;
        b.kind = systemKindOf(part);
        b.gpus = 1;
        return b;
    }
    const int n = std::max(1, gpus);
    const double tp = std::max(1.0, n * p.tensorParallelEfficiency);
    b.vramGb = n * part.memoryGb;
    b.bandwidthGbps = part.bandwidthGbps * tp;
    b.tflops = part.prefillTflops * tp;
    b.peakTflops = part.prefillTops.value_or(0) * tp;
    b.gpus = n;
    return b;
}

void judge(ClaimResult &r)
{
    const Claim &c = r.claim;
    const double x = r.computed;
    r.margin = 0;
    r.marginAbsolute = c.absTolerance >= 0;
    if (!std::isfinite(x) || c.kind == ClaimKind::Assumption) {
        r.verdict = ClaimVerdict::NotCheckable;
        return;
    }
    if (x >= c.claimedLow && x <= c.claimedHigh) {
        r.verdict = ClaimVerdict::Consistent;
        return;
    }
    const double bound = x < c.claimedLow ? c.claimedLow : c.claimedHigh;
    bool within;
    if (r.marginAbsolute) {
        r.margin = x - bound;
        within = std::fabs(r.margin) <= c.absTolerance;
    } else {
        r.margin = (x - bound) / std::max(std::fabs(bound), 1e-12);
        within = std::fabs(r.margin) <= c.relTolerance;
    }
    if (within) {
        r.verdict = ClaimVerdict::Consistent;
        return;
    }
    // The claim promises more than the computation gives: optimistic.
    const bool claimBetter = c.higherIsBetter ? x < c.claimedLow : x > c.claimedHigh;
    r.verdict = claimBetter ? ClaimVerdict::Optimistic : ClaimVerdict::Pessimistic;
}

std::vector<ClaimResult> auditClaims(const Engine &engine, const Calibration &cal, const std::vector<Claim> &claims,
                                     const Result *engineResult)
{
    const DataSet &d = engine.data();
    const Params p = resolveParams(d, assumptionValues(d, Scenario{}));
    const Efficiency eff = calibratedEfficiency(cal, p.runtimeOverheadGb);
    std::optional<Result> own;
    const auto result = [&]() -> const Result & {
        if (engineResult)
            return *engineResult;
        if (!own)
            own = engine.compute(Scenario{});
        return *own;
    };
    std::vector<ClaimResult> out;
    for (const Claim &c : claims) {
        ClaimResult r;
        r.claim = c;
        r.computed = std::numeric_limits<double>::quiet_NaN();
        const ModelShape shape{c.paramsTotalB, c.paramsActiveB, c.bits, std::max(0.0, c.kvBytesPerToken)};
        const HardwarePart *part = c.hardware.empty() ? nullptr : d.part(c.hardware);
        const std::string on = part ? (c.gpus > 1 ? std::to_string(c.gpus) + "x " : std::string()) + c.hardware : std::string();
        switch (c.kind) {
        case ClaimKind::DecodeSpeed: {
            const Estimate e = estimate(catalogBoxSpec(*part, c.gpus, p), shape, c.contextTokens, eff);
            r.computed = e.fits ? e.decodeTokensPerS : 0.0;
            r.detail = e.fits ? "calibrated decode on " + on + " at " + fmt(c.bits, 2) + " bits, " + fmt(c.contextTokens, 0) +
                                    " tokens of context (roofline " + fmt(e.decodeBoundTokensPerS, 1) + " tok/s)"
                              : std::string("does not fit: ") + e.why;
            break;
        }
        case ClaimKind::MemoryTotal: {
            const BoxSpec box = catalogBoxSpec(*part, c.gpus, p);
            const Estimate e = estimate(box, shape, c.contextTokens, eff);
            r.computed = e.memoryGb;
            r.detail = "weights " + fmt(e.weightsGb, 1) + " GB + KV " + fmt(e.kvGb, 1) + " GB + runtime " +
                       fmt(eff.overheadGb, 1) + " GB against " + fmt(box.vramGb, 0) + " GB on " + on;
            break;
        }
        case ClaimKind::WeightsGb:
            r.computed = c.paramsTotalB * c.bits / 8.0;
            r.detail = fmt(c.paramsTotalB, 1) + "B params x " + fmt(c.bits, 3) + " bits / 8";
            break;
        case ClaimKind::MaxDenseAtSpeed: {
            const BoxSpec box = catalogBoxSpec(*part, c.gpus, p);
            const ShapeLimit s = maxShape(box, c.bits, c.contextTokens, std::max(0.0, c.kvBytesPerToken), c.tokensPerS, 1.0,
                                          p.moeAlpha, eff);
            r.computed = s.paramsTotalB;
            r.detail = "largest dense model at " + fmt(c.tokensPerS, 0) + " tok/s on " + on + " at " + fmt(c.bits, 2) +
                       " bits (binding: " + bindingName(s.binding) + ")";
            break;
        }
        case ClaimKind::Engine: {
            const Result &res = result();
            if (c.metric == "lag_years") {
                r.computed = res.currentLagYears;
                if (!res.reverse.empty() && res.reverse.front().run.found)
                    r.detail = "best at API speed: " + res.reverse.front().run.model + " " + res.reverse.front().run.quant + " on " +
                               res.reverse.front().run.box + "; first frontier model as good: " + res.reverse.front().frontierMatch;
            } else if (c.metric == "task_parity_year" || c.metric == "full_parity_year") {
                const ParityResult &pr = c.metric == "task_parity_year" ? res.task : res.full;
                r.computed = pr.reached ? pr.year : std::numeric_limits<double>::infinity();
                r.detail = "default forecast (" + res.targetModel + ", " + fmt(res.budgetUsd, 0) + " USD)" +
                           (pr.reached ? ": " + pr.box : std::string(": not within the horizon"));
                if (!pr.reached) // beyond the horizon: later than any claimed year
                    r.computed = d.settings.horizonYear + 1;
            } else {
                r.computed = res.fittedComputeDoublingYears;
                r.detail = "fit of one figure kind, " + res.fittedComputeKind + " (hardware.json prefill_tops), per launch dollar over the " +
                           std::to_string(res.fittedComputeN) + " priced GPUs of that kind in hardware.json (kinds are never pooled)";
            }
            break;
        }
        case ClaimKind::Assumption:
            r.computed = d.assumption(c.assumption)->value;
            r.detail = "an input of the model (assumptions.json " + c.assumption + "), taken from this page";
            break;
        }
        judge(r);
        out.push_back(r);
    }
    return out;
}

} // namespace ff

#include "report/estimate.h"

#include <algorithm>
#include <cmath>

#include "data/assumptions.h"
#include "physics/calibration.h"
#include "uncertainty/claims.h"
#include "data/fits.h"
#include "solver/forecast.h"
#include "report/report.h"

namespace ff {

namespace {

// "a, b, c" of names, for an unknown-name error.
template <class T, class F>
std::string nameList(const std::vector<T> &items, F name)
{
    std::string out;
    for (const auto &x : items) {
        const std::string n = name(x);
        if (!n.empty())
            out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

double required(const std::optional<double> &v, const char *option, const char *why)
{
    if (!v)
        throw EstimateInputError(std::string(option) + ": required " + why);
    return *v;
}

nlohmann::ordered_json orNull(bool ok, double v) { return ok ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); }
nlohmann::ordered_json orNull(const std::string &s) { return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s); }

// The box: a catalog part (as the market builds it), then explicit figures on top.
void estimateBox(const DataSet &d, const Calibration &cal, const Params &params, const EstimateRequest &q, EstimateResult &r)
{
    if (!q.hardware.empty()) {
        r.part = d.part(q.hardware);
        if (!r.part)
            throw EstimateInputError("--hardware: unknown part \"" + q.hardware + "\"; valid names: " +
                                     nameList(d.parts, [](const HardwarePart &x) { return x.name; }));
        if (r.part->kind == PartKind::Unified && q.gpus > 1)
            throw EstimateInputError("--gpus: " + q.hardware + " is a unified-memory system (one per box)");
        r.box = catalogBoxSpec(*r.part, q.gpus, params);
        r.box.kind = systemKindOf(*r.part);
        r.kindFromPart = true;
        if (q.kind && *q.kind != r.box.kind)
            throw EstimateInputError(std::string("--kind: ") + r.part->name + " is of kind " + systemKindName(r.box.kind) + ", not " +
                                     systemKindName(*q.kind));
    } else {
        r.box.gpus = q.gpus;
        r.box.kind = q.kind.value_or(SystemKind::Gpu);
        r.box.unified = r.box.kind == SystemKind::Apple || r.box.kind == SystemKind::Unified;
        if (r.box.kind != SystemKind::Gpu && q.gpus > 1)
            throw EstimateInputError(std::string("--gpus: a ") + systemKindName(r.box.kind) + " system is one per box");
    }
    r.kind = r.box.kind;
    const DecodeKindFit &kf = decodeKind(cal, r.kind);
    r.kindFitted = kf.fitted;
    r.kindNote = kf.note;
    const char *noPart = "without --hardware";
    if (!r.part || q.bandwidthGbps)
        r.box.bandwidthGbps = required(q.bandwidthGbps, "--bandwidth", noPart);
    if (!r.part || q.memoryGb)
        r.box.vramGb = required(q.memoryGb, "--memory", noPart);
    if (r.part && r.part->prefillTops) {
        r.prefillFamily = r.part->archFamily;
        r.prefillKind = r.part->prefillTopsKind;
        r.prefillShare = cal.prefillEfficiency(r.part->archFamily, r.part->prefillTopsKind, &r.prefillFallback);
    }
    if (q.tflops || !r.part) {
        // An explicit peak: the pooled share of every fitted family.
        r.box.peakTflops = q.tflops.value_or(0);
        r.box.tflops = r.box.peakTflops;
        r.prefillFamily.clear();
        r.prefillKind = q.tflops ? "given" : "";
        r.prefillShare = cal.computeEfficiency;
        r.prefillFallback = "every fitted family";
    }
    r.box.ramGb = q.ramGb.value_or(0);
    r.box.ramBandwidthGbps = q.ramBandwidthGbps.value_or(80.0);
    if (r.kind == SystemKind::Cpu) {
        // A CPU-only box: the given memory is system RAM; its arithmetic is the host CPU's unless given.
        if (!q.tflops && cal.computeEfficiency > 0 && cal.inputs.hostCpu.tflops > 0) {
            r.box.tflops = cal.inputs.hostCpu.tflops / cal.computeEfficiency;
            r.box.peakTflops = 0;
            r.prefillKind = "host CPU";
            r.prefillShare = cal.computeEfficiency;
            r.prefillFallback = "the host CPU's measured rate (calibration inputs.host_cpu), not fitted on prefill rows";
        }
    }
}

// The model: a catalog model, then explicit figures on top (all but its KV bytes, which need the law).
void estimateShape(const DataSet &d, const EstimateRequest &q, EstimateResult &r)
{
    ModelShape &m = r.shape;
    if (!q.model.empty()) {
        r.model = d.openModel(q.model);
        if (!r.model || r.model->paramsTotalB <= 0)
            throw EstimateInputError("--model: unknown model \"" + q.model + "\"; valid names: " +
                                     nameList(d.openModels, [](const OpenModel &x) { return x.paramsTotalB > 0 ? x.name : std::string(); }));
        m.paramsTotalB = r.model->paramsTotalB;
        m.paramsActiveB = r.model->paramsActiveB > 0 ? r.model->paramsActiveB : r.model->paramsTotalB;
    }
    const char *noModel = "without --model";
    if (!r.model || q.paramsTotalB)
        m.paramsTotalB = required(q.paramsTotalB, "--params-total", noModel);
    if (q.paramsActiveB)
        m.paramsActiveB = *q.paramsActiveB;
    else if (!r.model)
        m.paramsActiveB = m.paramsTotalB;
    else
        m.paramsActiveB = std::min(m.paramsActiveB, m.paramsTotalB);
    if (m.paramsActiveB > m.paramsTotalB)
        throw EstimateInputError("--params-active must not exceed --params-total");
    if (q.bits) {
        m.bitsPerWeight = *q.bits;
    } else if (!q.quant.empty()) {
        r.quantName = q.quant;
        if (q.quant == "native") {
            if (!r.model || !r.model->nativeBitsPerWeight)
                throw EstimateInputError("--quant native: needs a --model released quantized (e.g. gpt-oss-120b)");
            m.bitsPerWeight = *r.model->nativeBitsPerWeight;
            r.quantName = r.model->nativeFormat;
        } else {
            const QuantLevel *level = nullptr;
            for (const auto &l : d.quantLevels)
                if (l.name == q.quant)
                    level = &l;
            if (!level)
                throw EstimateInputError("--quant: unknown level \"" + q.quant + "\"; valid: native, " +
                                         nameList(d.quantLevels, [](const QuantLevel &l) { return l.name; }));
            m.bitsPerWeight = level->bitsPerWeight;
        }
    } else if (r.model && r.model->nativeBitsPerWeight) {
        m.bitsPerWeight = *r.model->nativeBitsPerWeight; // released quantized: its own precision
        r.quantName = r.model->nativeFormat;
    } else {
        m.bitsPerWeight = required(q.bits, "--bits", "(or --quant, or a --model released quantized)");
    }
}

} // namespace

EstimateResult runEstimate(const Engine &engine, const EstimateRequest &q)
{
    const DataSet &d = engine.data();
    const Params params = resolveParams(d, assumptionValues(d, Scenario{}));
    const Calibration &cal = engine.calibration();
    EstimateResult r;
    r.contextTokens = q.contextTokens;
    estimateBox(d, cal, params, q, r);
    estimateShape(d, q, r);
    ModelShape &m = r.shape;
    const auto ctx = engine.context(engine.defaultAsOf());
    const double dEff = deff(m.paramsActiveB, m.paramsTotalB, ctx->law.alpha);
    // A catalog model's growing bytes plus its fixed ones (windows, linear state) spread over the
    // context; else the KV law at as-of (FP16, above its floor).
    m.kvBytesPerToken = q.kvBytesPerToken ? *q.kvBytesPerToken
                        : r.model && r.model->kvBytesPerToken ? *r.model->kvPerTokenAt(q.contextTokens)
                                                              : engine.kvPerToken(*ctx, params, dEff, ctx->asOf) * params.kvCompression;
    // The engine's own efficiencies (the scenario defaults): estimate and the solver are one model.
    r.eff = calibratedEfficiency(cal, params);
    r.e = estimate(r.box, m, q.contextTokens, r.eff);
    const double perB = r.eff.computeSecondsPerB(r.box);
    r.decodeComputeTflops = perB > 0 ? 2e9 / perB / 1e12 : 0.0;
    return r;
}

nlohmann::ordered_json estimateJson(const EstimateResult &r)
{
    const Estimate &e = r.e;
    const bool pre = e.fits && r.box.tflops > 0;
    const bool ttft = pre && r.contextTokens > 0;
    nlohmann::ordered_json j;
    j["fits"] = e.fits;
    if (!e.fits)
        j["why"] = e.why;
    j["memory_gb"] = e.memoryGb;
    j["weights_gb"] = e.weightsGb;
    j["kv_gb"] = e.kvGb;
    j["offload_gb"] = e.offloadGb;
    j["kv_bytes_per_token"] = r.shape.kvBytesPerToken;
    j["decode_tokens_per_s"] = orNull(e.fits, e.decodeTokensPerS);
    j["decode_bound_tokens_per_s"] = orNull(e.fits, e.decodeBoundTokensPerS);
    j["decode_compute_s_per_token"] = orNull(e.fits, e.decodeComputeSeconds);
    j["decode_moe_s_per_token"] = orNull(e.fits, e.decodeMoeSeconds);
    j["decode_compute_tflops"] = orNull(r.decodeComputeTflops > 0, r.decodeComputeTflops);
    j["prefill_tokens_per_s"] = orNull(pre, e.prefillTokensPerS);
    j["prefill_bound_tokens_per_s"] = orNull(pre, e.prefillBoundTokensPerS);
    j["bandwidth_efficiency"] = r.eff.weightShare(r.box);
    j["compute_efficiency"] = r.eff.compute;
    j["ttft_s"] = orNull(ttft, e.ttftSeconds);
    j["ttft_prompt_tokens"] = r.contextTokens;
    j["ttft_attention_share"] = orNull(ttft, e.ttftAttentionShare);
    j["prefill_figure_tops"] = orNull(r.box.peakTflops > 0, r.box.peakTflops);
    j["prefill_figure_kind"] = orNull(r.prefillKind);
    j["prefill_family"] = orNull(r.prefillFamily);
    j["prefill_family_share"] = orNull(r.prefillShare > 0, r.prefillShare);
    j["prefill_fallback"] = orNull(r.prefillFallback);
    j["prefill_moe_share"] = orNull(isMoe(r.shape.paramsActiveB, r.shape.paramsTotalB), r.eff.prefillMoe);
    j["attention_efficiency"] = r.eff.attentionEfficiency;
    j["attention_width"] = attentionWidth(r.shape, r.eff);
    j["calibrated"] = true; // the engine requires data/calibration.json
    j["kind"] = systemKindName(r.kind);
    j["kind_from_hardware"] = r.kindFromPart;
    j["kind_fitted"] = r.kindFitted;
    j["kind_note"] = orNull(r.kindNote);
    j["kv_efficiency"] = r.eff.kvFraction();
    j["fixed_seconds_per_token"] = r.eff.fixedSeconds(r.box);
    j["hardware"] = r.part ? nlohmann::ordered_json(r.part->name) : nlohmann::ordered_json(nullptr);
    j["gpus"] = r.box.gpus;
    j["unified"] = r.box.unified;
    j["bandwidth_gbps"] = r.box.bandwidthGbps;
    j["memory_capacity_gb"] = r.box.vramGb;
    j["model"] = r.model ? nlohmann::ordered_json(r.model->name) : nlohmann::ordered_json(nullptr);
    j["params_total_b"] = r.shape.paramsTotalB;
    j["params_active_b"] = r.shape.paramsActiveB;
    j["bits_per_weight"] = r.shape.bitsPerWeight;
    return j;
}

std::string estimateText(const EstimateResult &r)
{
    const Estimate &e = r.e;
    const BoxSpec &box = r.box;
    const ModelShape &m = r.shape;
    std::string out;
    if (r.part || r.model)
        out += (r.model ? r.model->name : fmtFixed(m.paramsTotalB, 1) + "B") + (r.quantName.empty() ? "" : " " + r.quantName) + " (" +
               fmtFixed(m.bitsPerWeight, 2) + " bits) on " + (box.gpus > 1 ? std::to_string(box.gpus) + "x " : "") +
               (r.part ? r.part->name : std::string("the given box")) + " (" + fmtFixed(box.vramGb, 0) + " GB, " +
               fmtFixed(box.bandwidthGbps, 0) + " GB/s" + (box.gpus > 1 ? " per card, layer split" : "") + ")\n";
    out += std::string("Kind: ") + systemKindName(r.kind) + (r.kindFromPart ? " (from --hardware)" : "") +
           (r.kindFitted ? ", decode constants fitted on its measured runs" : ", " + r.kindNote) + "\n";
    out += std::string("Fits: ") + (e.fits ? std::string("yes") : "no (" + std::string(e.why) + ")") + "\n";
    out += "Memory needed: " + fmtFixed(e.memoryGb, 1) + " GB (weights " + fmtFixed(e.weightsGb, 1) + ", KV " + fmtFixed(e.kvGb, 1) +
           ", overhead " + fmtFixed(r.eff.overheadGb, 1) + ")\n";
    if (!e.fits)
        return out;
    if (e.offloadGb > 0)
        out += "Offloaded to RAM: " + fmtFixed(e.offloadGb, 1) + " GB (" + fmtFixed(box.ramBandwidthGbps, 0) + " GB/s" +
               (r.eff.hostCpuTflops > 0 ? ", its arithmetic at the host CPU's " + fmtFixed(r.eff.hostCpuTflops, 2) + " TFLOPS" : std::string()) +
               ")\n";
    out += "Decode: " + fmtFixed(e.decodeTokensPerS, 1) + " tokens/s (roofline " + fmtFixed(e.decodeBoundTokensPerS, 1) +
           " at peak bandwidth; " + systemKindName(r.kind) + " constants: weights at x" + fmtFixed(r.eff.weightShare(box), 2) +
           ", KV at x" + fmtFixed(r.eff.kvFraction(), 2) + " of peak, +" + fmtFixed(1000 * r.eff.fixedSeconds(box), 2) + " ms per token" +
           (e.decodeComputeSeconds > 0 ? ", arithmetic " + fmtFixed(1000 * e.decodeComputeSeconds, 2) + " ms" +
                                             (r.decodeComputeTflops > 0 ? " at " + fmtFixed(r.decodeComputeTflops, 1) + " TFLOPS" : std::string())
                                       : std::string()) +
           (e.decodeMoeSeconds > 0 ? ", MoE +" + fmtFixed(1000 * e.decodeMoeSeconds, 2) + " ms" : std::string()) + ")\n";
    if (box.tflops > 0 && r.kind == SystemKind::Cpu && r.prefillKind == "host CPU") {
        out += "Prefill: " + fmtFixed(e.prefillTokensPerS, 0) + " tokens/s on a 512-token prompt at the host CPU's achieved " +
               fmtFixed(r.eff.compute * box.tflops, 2) + " TFLOPS (" + r.prefillFallback + "; no peak figure, pass --tflops)\n";
        if (r.contextTokens > 0)
            out += "Time to first token, " + fmtFixed(r.contextTokens, 0) + "-token prompt: " + fmtFixed(e.ttftSeconds, 1) + " s\n";
    } else if (box.tflops > 0) {
        const bool given = r.prefillKind == "given";
        out += "Prefill: " + fmtFixed(e.prefillTokensPerS, 0) + " tokens/s on a 512-token prompt (roofline " +
               fmtFixed(e.prefillBoundTokensPerS, 0) + " at the peak " + fmtFixed(box.peakTflops > 0 ? box.peakTflops : box.tflops, 1) + " T" +
               (given ? std::string(" given by --tflops") : " (" + r.prefillKind + ")") + "; " +
               (r.prefillFamily.empty() ? std::string() : r.prefillFamily + " ") + "rate x" + fmtFixed(r.prefillShare, 3) + " of it" +
               (r.prefillFallback.empty() ? std::string(", fitted") : ", fallback: " + r.prefillFallback + ", family not measured") +
               "; attention FLOPs at x" + fmtFixed(r.eff.attentionEfficiency, 2) + " of that rate" +
               (isMoe(r.shape.paramsActiveB, r.shape.paramsTotalB) && r.eff.prefillMoe < 1
                    ? "; an MoE model: x" + fmtFixed(r.eff.prefillMoe, 2) + " of the dense rate"
                    : std::string()) +
               ")\n";
        if (r.contextTokens > 0)
            out += "Time to first token, " + fmtFixed(r.contextTokens, 0) + "-token prompt: " + fmtFixed(e.ttftSeconds, 1) + " s (" +
                   fmtFixed(100 * e.ttftAttentionShare, 0) + "% of its FLOPs in attention)\n";
    } else {
        out += "Prefill: unknown (" + std::string(r.part && !r.part->prefillTops ? "no sourced compute figure for " + r.part->name + "; " : "") +
               "pass --tflops)\n";
    }
    return out;
}

} // namespace ff

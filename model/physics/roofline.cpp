#include "physics/roofline.h"

#include <algorithm>
#include <cmath>

namespace ff {

const char *bindingName(Binding b)
{
    switch (b) {
    case Binding::None: return "none";
    case Binding::Memory: return "memory capacity";
    case Binding::Bandwidth: return "memory bandwidth";
    case Binding::Compute: return "compute (time to first token)";
    case Binding::KvCache: return "KV cache";
    }
    return "none";
}

const char *systemKindName(SystemKind k)
{
    switch (k) {
    case SystemKind::Gpu: return "gpu";
    case SystemKind::Apple: return "apple";
    case SystemKind::Unified: return "unified";
    case SystemKind::Cpu: return "cpu";
    }
    return "gpu";
}

bool parseSystemKind(const std::string &name, SystemKind *out)
{
    for (int k = 0; k < kSystemKinds; ++k)
        if (name == systemKindName(static_cast<SystemKind>(k))) {
            *out = static_cast<SystemKind>(k);
            return true;
        }
    return false;
}

double attentionWidth(const ModelShape &m, const Efficiency &eff)
{
    if (m.attentionDim > 0)
        return m.attentionDim;
    if (!(eff.attentionLawCoef > 0) || !(m.paramsActiveB > 0) || !(m.paramsTotalB > 0))
        return 0;
    return eff.attentionLawCoef * std::pow(std::sqrt(m.paramsActiveB * m.paramsTotalB), eff.attentionLawExp);
}

PrefillFlops prefillFlops(const ModelShape &m, double prompt, double depth, const Efficiency &eff)
{
    PrefillFlops f;
    if (!(prompt > 0))
        return f;
    f.weights = 2.0 * m.paramsActiveB * 1e9 * prompt;
    const double pairs = prompt * depth + prompt * prompt / 2.0;
    f.attention = 4.0 * attentionWidth(m, eff) * pairs;
    if (m.windowAttentionDim > 0 && m.windowTokens > 0)
        f.attention += 4.0 * m.windowAttentionDim * prompt * std::min(m.windowTokens, depth + prompt / 2.0);
    return f;
}

double prefillSeconds(const BoxSpec &box, const ModelShape &m, double prompt, double depth, const Efficiency &eff)
{
    if (!(box.tflops > 0) || !(eff.compute > 0))
        return INFINITY;
    const PrefillFlops f = prefillFlops(m, prompt, depth, eff);
    const double rate = eff.compute * box.tflops * 1e12 * (isMoe(m.paramsActiveB, m.paramsTotalB) ? eff.prefillMoe : 1.0);
    double t = f.weights / rate + f.attention / (std::max(eff.attentionEfficiency, 1e-6) * rate);
    if (box.peakTflops > 0)
        t = std::max(t, (f.weights + f.attention) / (box.peakTflops * 1e12)); // never above the roofline
    return t;
}

Estimate estimate(const BoxSpec &box, const ModelShape &m, double contextTokens, const Efficiency &eff)
{
    Estimate e;
    const double bytesPerParam = m.bitsPerWeight / 8.0; // GB per billion parameters
    e.weightsGb = m.paramsTotalB * bytesPerParam;
    e.kvGb = contextTokens * m.kvBytesPerToken / 1e9;
    e.memoryGb = e.weightsGb + e.kvGb + eff.overheadGb;
    const double fastForWeights = box.vramGb - e.kvGb - eff.overheadGb;
    if (fastForWeights <= 0) {
        e.why = "the KV cache and runtime buffers alone exceed the fast memory";
        return e;
    }
    e.offloadGb = std::max(0.0, e.weightsGb - fastForWeights);
    if (e.offloadGb > box.ramGb + 1e-12) {
        e.why = "weights do not fit in memory";
        e.offloadGb = 0;
        return e;
    }
    e.fits = true;
    const double activeGb = m.paramsActiveB * bytesPerParam;
    const double offFrac = e.weightsGb > 0 ? e.offloadGb / e.weightsGb : 0.0;
    // Time per token: each memory streams its share of the active weights, the fast one also the KV.
    const double fastBytes = activeGb * (1.0 - offFrac) + e.kvGb;
    const double slowBytes = activeGb * offFrac;
    double peakTime = fastBytes / box.bandwidthGbps;
    if (slowBytes > 0)
        peakTime += slowBytes / box.ramBandwidthGbps;
    e.decodeBoundTokensPerS = peakTime > 0 ? 1.0 / peakTime : 0.0;
    // Achieved: weights and KV at their own shares of the peaks, the decode arithmetic (the box's
    // kind share of its prefill rate; the host CPU for offloaded weights), the fixed time per token
    // and, for an MoE model, the kind's MoE cost. Every added term is >= 0 and every share <= 1, so
    // the result never exceeds the roofline.
    e.decodeComputeSeconds = m.paramsActiveB * ((1.0 - offFrac) * eff.computeSecondsPerB(box) + offFrac * eff.offloadComputeSecondsPerB());
    e.decodeMoeSeconds = m.paramsActiveB < kMoeActiveShare * m.paramsTotalB ? eff.moeSeconds(box) : 0.0;
    double time = (activeGb * (1.0 - offFrac)) / (eff.weightShare(box) * box.bandwidthGbps) +
                  e.kvGb / (eff.kvFraction() * box.bandwidthGbps) + eff.fixedSeconds(box) + e.decodeComputeSeconds +
                  e.decodeMoeSeconds;
    if (slowBytes > 0)
        time += slowBytes / (eff.bandwidth * box.ramBandwidthGbps);
    e.decodeTokensPerS = time > 0 ? 1.0 / time : 0.0;
    if (box.tflops > 0 && m.paramsActiveB > 0) {
        const PrefillFlops ref = prefillFlops(m, kPrefillReferencePrompt, 0, eff);
        const double peak = box.peakTflops > 0 ? box.peakTflops : box.tflops;
        e.prefillBoundTokensPerS = kPrefillReferencePrompt * peak * 1e12 / (ref.weights + ref.attention);
        e.prefillTokensPerS = kPrefillReferencePrompt / prefillSeconds(box, m, kPrefillReferencePrompt, 0, eff);
        if (contextTokens > 0) {
            e.ttftSeconds = prefillSeconds(box, m, contextTokens, 0, eff);
            const PrefillFlops f = prefillFlops(m, contextTokens, 0, eff);
            e.ttftAttentionShare = f.attention / (f.weights + f.attention);
        }
    }
    return e;
}

namespace {

// The prefill bound on active parameters (full-product mode): a dense and an MoE cap, or none
// (`bound` false) when the box has no compute or the prompt's attention alone takes too long.
struct PrefillCaps {
    bool bound = true;
    double dense = INFINITY, moe = INFINITY;
};

PrefillCaps prefillCaps(const BoxSpec &box, const Efficiency &eff, double ttftPrompt, double ttftMax)
{
    PrefillCaps c;
    if (!(ttftPrompt > 0))
        return c;
    if (box.tflops <= 0) {
        c.bound = false;
        return c;
    }
    // The prompt's attention FLOPs at the width of the model asked about (eff.attentionWidth,
    // fixed for the call, so the bound stays a constant cap on active parameters) come first.
    const double attn = 4.0 * std::max(0.0, eff.attentionWidth) * ttftPrompt * ttftPrompt / 2.0;
    const double rate = eff.compute * box.tflops * 1e12;
    // An MoE shape prefills at eff.prefillMoe of the dense rate (roofline.h), so its cap is lower.
    const auto cap = [&](double r) {
        double pa = std::max(0.0, r * ttftMax - attn / std::max(eff.attentionEfficiency, 1e-6)) / (2.0 * ttftPrompt * 1e9);
        if (box.peakTflops > 0)
            pa = std::min(pa, std::max(0.0, box.peakTflops * 1e12 * ttftMax - attn) / (2.0 * ttftPrompt * 1e9));
        return pa;
    };
    c.dense = cap(rate);
    c.moe = cap(rate * std::min(1.0, eff.prefillMoe));
    c.bound = c.dense > 0; // else the attention alone takes longer than allowed
    return c;
}

// The search over shapes (total, active): its constants and the best shape so far, which a later
// family of shapes replaces only when strictly better.
struct ShapeSearch {
    const BoxSpec &box;
    double B;         // GB per billion params
    double alpha;
    bool halfAlpha;   // alpha = 1/2: compare pa * x, no logarithms
    double aF, aS;    // seconds per billion active params in fast memory, offloaded
    double bwS;       // achieved system RAM bandwidth
    double Pv, Ptot;  // params that fit in fast memory, anywhere
    ShapeLimit best;
    double bestScore = -INFINITY;

    // Active params allowed by bandwidth for a total of x params (offload beyond Pv), T seconds per token.
    double paBandwidth(double T, double x) const
    {
        if (x <= Pv || !(bwS > 0))
            return T / aF; // every weight in fast memory
        const double f = 1.0 - Pv / x;
        return T / ((1.0 - f) * aF + f * aS);
    }

    // The shape with total x (capped by memory and sparsity), kept when it beats the best.
    void consider(double x, double T, double sparsity, double paC)
    {
        if (!(x > 0))
            return;
        x = std::min(x, Ptot);
        double paBw = paBandwidth(T, x);
        double pa = std::min({paBw, paC, x});
        if (x > sparsity * pa) { // too sparse: shrink the total to the sparsity cap
            x = sparsity * pa;
            paBw = paBandwidth(T, x);
            pa = std::min({paBw, paC, x});
        }
        if (!(pa > 0))
            return;
        // Compare in a monotone transform of Deff; with alpha = 1/2 (the default) no logarithms.
        const double score = halfAlpha ? pa * x : alpha * std::log(pa) + (1.0 - alpha) * std::log(x);
        if (score > bestScore) {
            bestScore = score;
            best.deffB = halfAlpha ? std::sqrt(score) : std::exp(score);
            best.paramsTotalB = x;
            best.paramsActiveB = pa;
            best.offloadGb = std::max(0.0, (x - Pv) * B);
            const bool memCap = x >= Ptot * (1 - 1e-9) || (x >= Pv * (1 - 1e-9) && box.ramGb <= 0);
            if (pa >= x * (1 - 1e-9) && pa < paBw && pa < paC)
                best.binding = Binding::Memory; // dense and still memory-limited
            else if (memCap && x < sparsity * pa * (1 - 1e-9))
                best.binding = Binding::Memory;
            else if (paC < paBw)
                best.binding = Binding::Compute;
            else
                best.binding = Binding::Bandwidth;
        }
    }

    // The best shape with total/active at most `sparsity` and T seconds per token for the weights.
    void family(double T, double sparsity, double paComputeCap)
    {
        if (!(T > 0))
            return;
        // Over the offload range the active params are min(paBandwidth(x), paComputeCap, x): on each
        // piece the objective rises (paComputeCap or x active) or has its minimum inside (the
        // bandwidth piece), so its maximum is at an end of a piece: Pv, Ptot, a sparsity cap, or
        // where two limits meet. x <= s * paBandwidth(x) is linear in x (s = 1: where the bandwidth
        // meets "active <= total"), and so is paBandwidth(x) = paComputeCap. Leaving the last out
        // let a box with more host RAM (a larger Ptot, past that meeting point) find a smaller model.
        consider(Pv, T, sparsity, paComputeCap);
        if (box.ramGb > 0 && bwS > 0) {
            consider(Ptot, T, sparsity, paComputeCap);
            for (double s : {sparsity, 1.0}) {
                const double xCap = (s * T - Pv * (aF - aS)) / aS;
                if (xCap > Pv)
                    consider(xCap, T, sparsity, paComputeCap);
            }
            if (std::isfinite(paComputeCap) && paComputeCap > 0) {
                const double k = T / paComputeCap; // seconds per billion active at the cap
                if (k > aF && k < aS)
                    consider(Pv * (aS - aF) / (aS - k), T, sparsity, paComputeCap);
            }
        }
        if (std::isfinite(paComputeCap))
            consider(sparsity * paComputeCap, T, sparsity, paComputeCap);
    }

    // Dense shapes (active at least kMoeActiveShare of total) pay no MoE cost per token.
    void dense(double T0, const PrefillCaps &caps) { family(T0, 1.0 / kMoeActiveShare, caps.dense); }
    // MoE shapes pay the kind's MoE cost per token and prefill at eff.prefillMoe of the dense rate.
    void moe(double T0, double moeSeconds, double maxSparsity, const PrefillCaps &caps) { family(T0 - moeSeconds, maxSparsity, caps.moe); }
};

} // namespace

ShapeLimit maxShape(const BoxSpec &box, double bits, double ctx, double kvBytes, double tps, double maxSparsity,
                    double alpha, const Efficiency &eff, double ttftPrompt, double ttftMax)
{
    ShapeLimit best;
    const double B = bits / 8.0;                       // GB per billion params
    const double kvGb = ctx * kvBytes / 1e9;
    const double V = box.vramGb - kvGb - eff.overheadGb; // fast memory left for weights
    if (V <= 0 || tps <= 0) {
        best.binding = Binding::KvCache;
        return best;
    }
    const double bwF = eff.weightShare(box) * box.bandwidthGbps;
    const double bwS = eff.bandwidth * box.ramBandwidthGbps;
    // Seconds per billion active parameters: their bytes plus their decode arithmetic, in fast
    // memory and offloaded to system RAM (the host CPU's compute limit).
    const double aF = B / bwF + eff.computeSecondsPerB(box);
    const double aS = bwS > 0 ? B / bwS + eff.offloadComputeSecondsPerB() : INFINITY;
    // Seconds per token left for the weights: the KV stream and the fixed cost come first.
    const double T0 = 1.0 / tps - eff.fixedSeconds(box) - kvGb / (eff.kvFraction() * box.bandwidthGbps);
    if (T0 <= 0) {
        // Nothing decodes this fast: the fixed cost alone is the speed limit, else the KV stream.
        best.binding = 1.0 / tps <= eff.fixedSeconds(box) ? Binding::Bandwidth : Binding::KvCache;
        return best;
    }
    const PrefillCaps caps = prefillCaps(box, eff, ttftPrompt, ttftMax);
    if (!caps.bound) {
        best.binding = Binding::Compute;
        return best;
    }
    ShapeSearch search{box, B, alpha, alpha == 0.5, aF, aS, bwS, V / B, (V + box.ramGb) / B, best};
    // An MoE shape (active below kMoeActiveShare of total) pays the kind's MoE cost per token and
    // prefills at eff.prefillMoe of the dense rate; a dense one does not: the better of the two
    // families of shapes. Without either cost one search covers every sparsity.
    const double moe = eff.moeSeconds(box);
    if ((moe > 0 || caps.moe < caps.dense) && maxSparsity > 1.0 / kMoeActiveShare) {
        search.dense(T0, caps);
        search.moe(T0, moe, maxSparsity, caps);
    } else {
        search.family(T0, maxSparsity, caps.dense);
    }
    return search.best;
}

} // namespace ff

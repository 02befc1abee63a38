#pragma once
// Inference physics: what fits in a box and how fast it decodes and prefills (a roofline).
#include <string>

namespace ff {

// One purchasable configuration: n identical GPUs in a host, or one unified-memory system.
struct BoxSpec {
    double vramGb = 0;        // fast memory usable for weights + KV (all cards, or the unified pool's usable part)
    double ramGb = 0;         // slow memory for offloaded weights (host RAM; 0 for unified systems)
    double bandwidthGbps = 0; // peak bandwidth a decode step sees over the fast memory (layer split: one card)
    double ramBandwidthGbps = 0;
    double tflops = 0;        // dense FP16 TFLOPS a prefill sees (0: unknown)
    int gpus = 1;             // cards in a layer split: each extra card adds a hand-off per token
    bool unified = false;     // unified-memory system: its own fixed cost per token
};

// The efficiency and overhead constants the roofline applies. The defaults of the last four
// (0) give the plain roofline times efficiency; calibratedEfficiency() (calibration.h) fills them
// from the fit to the measurements. None of them depends on bits per weight, so every maxShape
// limit but the prefill bound still scales as 1/bits.
struct Efficiency {
    double bandwidth = 0.65;  // achieved fraction of peak bandwidth in decode (weights)
    double compute = 0.4;     // achieved fraction of peak FLOPS in prefill
    double overheadGb = 1.5;  // runtime buffers that must sit in fast memory
    double kvBandwidth = 0;   // achieved fraction of peak bandwidth reading the KV cache (0: same as bandwidth)
    double fixedSecondsPerToken = 0;        // per-token cost that does not scale with bytes (GPU boxes)
    double unifiedFixedSecondsPerToken = 0; // the same for unified-memory systems
    double secondsPerExtraGpu = 0;          // layer-split hand-off per token and extra card

    double kvFraction() const { return kvBandwidth > 0 ? kvBandwidth : bandwidth; }
    // Seconds per token that no bandwidth can remove on this box.
    double fixedSeconds(const BoxSpec &box) const
    {
        return (box.unified ? unifiedFixedSecondsPerToken : fixedSecondsPerToken) +
               secondsPerExtraGpu * (box.gpus > 1 ? box.gpus - 1 : 0);
    }
};

struct ModelShape {
    double paramsTotalB = 0;
    double paramsActiveB = 0;
    double bitsPerWeight = 16;
    double kvBytesPerToken = 0; // at the KV precision used
};

struct Estimate {
    bool fits = false;
    const char *why = "";    // when it does not fit
    double weightsGb = 0;
    double kvGb = 0;
    double memoryGb = 0;      // weights + KV + overhead
    double offloadGb = 0;     // weights placed in slow memory
    double decodeTokensPerS = 0;      // bytes over the achieved bandwidths plus the fixed time per token
    double decodeBoundTokensPerS = 0; // the bandwidth roofline: peak BW / bytes per token
    double prefillTokensPerS = 0;     // 0 when the box's FLOPS are unknown
    double prefillBoundTokensPerS = 0;
};

// Memory fit, decode (bandwidth-bound, KV included, offload summed over memories) and
// prefill (compute-bound) of one model on one box at a context of `contextTokens`.
Estimate estimate(const BoxSpec &box, const ModelShape &m, double contextTokens, const Efficiency &eff);

enum class Binding { None, Memory, Bandwidth, Compute, KvCache };
const char *bindingName(Binding b);

// The largest dense-equivalent model (Deff = Pa^alpha * Pt^(1-alpha)) that fits `box` and decodes at
// `tokensPerS` with `contextTokens` of KV (kvBytesPerToken each), at `bitsPerWeight`, with
// Pt/Pa <= maxSparsity, and, when ttftPromptTokens > 0, prefills that prompt within ttftMaxSeconds.
struct ShapeLimit {
    double deffB = 0; // 0: nothing fits at this speed
    double paramsTotalB = 0;
    double paramsActiveB = 0;
    double offloadGb = 0;
    Binding binding = Binding::None;
};
ShapeLimit maxShape(const BoxSpec &box, double bitsPerWeight, double contextTokens, double kvBytesPerToken,
                    double tokensPerS, double maxSparsity, double alpha, const Efficiency &eff,
                    double ttftPromptTokens = 0, double ttftMaxSeconds = 0);

} // namespace ff

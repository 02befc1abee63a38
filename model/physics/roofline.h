#pragma once
// Inference physics: what fits in a box and how fast it decodes and prefills (a roofline).
#include <algorithm>
#include <string>

namespace ff {

// The kind of system a box is, for the decode constants fitted per kind (calibration.h): a discrete
// GPU box, an Apple unified-memory Mac, another unified-memory system (DGX Spark / GB10, Strix Halo),
// or a CPU-only box (weights in system RAM).
enum class SystemKind { Gpu = 0, Apple = 1, Unified = 2, Cpu = 3 };
constexpr int kSystemKinds = 4;
const char *systemKindName(SystemKind k); // "gpu", "apple", "unified", "cpu"
// Parses one of those names; false when it is none of them.
bool parseSystemKind(const std::string &name, SystemKind *out);
// A model counts as MoE (its own fixed cost per token) when fewer than this share of its weights are active.
constexpr double kMoeActiveShare = 0.95;

// One purchasable configuration: n identical GPUs in a host, or one unified-memory system.
struct BoxSpec {
    double vramGb = 0;        // fast memory usable for weights + KV (all cards, or the unified pool's usable part)
    double ramGb = 0;         // slow memory for offloaded weights (host RAM; 0 for unified systems)
    double bandwidthGbps = 0; // peak bandwidth a decode step sees over the fast memory (layer split: one card)
    double ramBandwidthGbps = 0;
    double tflops = 0;        // prefill rate at the reference compute share: achieved TFLOPS / Efficiency::compute (0: unknown)
    double peakTflops = 0;    // the part's peak on the path prefill uses (the prefill roofline; 0: not known, no cap)
    int gpus = 1;             // cards in a layer split: each extra card adds a hand-off per token
    bool unified = false;     // unified-memory system (one pool, no host RAM)
    SystemKind kind = SystemKind::Gpu; // which kind's decode constants apply
    double fixedSeconds = -1; // decode fixed time per token of the part's family when fitted on its own (-1: the kind's)
};

// Decode constants of one kind of system (calibration.h fits them; the defaults are the plain roofline).
struct KindDecode {
    double bandwidthScale = 1;  // the kind's weight-stream share relative to Efficiency::bandwidth (capped at 1)
    double fixedSeconds = 0;    // per token, whatever the size
    double computeShare = 0;    // decode arithmetic at this share of the box's prefill rate (BoxSpec::tflops); 0: no term
    double moeSeconds = 0;      // per token, MoE models only (routing, expert gathers)
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
    KindDecode kinds[kSystemKinds];         // per kind of system (BoxSpec::kind)
    double secondsPerExtraGpu = 0;          // layer-split hand-off per token and extra card
    // CPU compute limit on weights offloaded to system RAM: their 2 FLOPs per active parameter run
    // at this many TFLOPS on the host CPU (0: no limit, bandwidth only).
    double hostCpuTflops = 0;
    // Prefill attention: FLOPs of attention run at this share of the weight-matmul rate, and the
    // attention width (sum over full-attention layers of heads x head_dim) of a model whose
    // architecture is not given: attentionLawCoef * Deff^attentionLawExp (Deff = sqrt(Pa Pt), B).
    // attentionLawCoef = 0: no attention term (the plain roofline).
    double attentionEfficiency = 1;
    // An MoE model (isMoe) prefills at this share of a dense model's rate: its experts' matrix
    // products are smaller and routed (fitted on measured MoE prompts; 1: no penalty).
    double prefillMoe = 1;
    double attentionLawCoef = 0;
    double attentionLawExp = 0;
    // maxShape only: the attention width of the model the caller asks about (the solver: the
    // required size's, from the law), fixed for the call so the prefill bound stays a constant
    // cap on active parameters. 0: no attention term.
    double attentionWidth = 0;

    double kvFraction() const { return kvBandwidth > 0 ? kvBandwidth : bandwidth; }
    const KindDecode &kind(const BoxSpec &box) const { return kinds[static_cast<int>(box.kind)]; }
    // Seconds per token that no bandwidth can remove on this box (an MoE model adds moeSeconds()).
    double fixedSeconds(const BoxSpec &box) const
    {
        return (box.fixedSeconds >= 0 ? box.fixedSeconds : kind(box).fixedSeconds) + secondsPerExtraGpu * (box.gpus > 1 ? box.gpus - 1 : 0);
    }
    double moeSeconds(const BoxSpec &box) const { return kind(box).moeSeconds; }
    // Achieved share of peak bandwidth streaming weights from the box's fast memory.
    double weightShare(const BoxSpec &box) const { return std::min(1.0, bandwidth * kind(box).bandwidthScale); }
    // Seconds per billion active parameters of decode arithmetic in fast memory and in system RAM.
    double computeSecondsPerB(const BoxSpec &box) const
    {
        const double r = kind(box).computeShare * box.tflops;
        return r > 0 ? 2e9 / (r * 1e12) : 0.0;
    }
    double offloadComputeSecondsPerB() const { return hostCpuTflops > 0 ? 2e9 / (hostCpuTflops * 1e12) : 0.0; }
};

// A mixture-of-experts shape: under 95% of the weights active per token (the calibration's rule).
inline bool isMoe(double activeB, double totalB) { return activeB < kMoeActiveShare * totalB; }

struct ModelShape {
    double paramsTotalB = 0;
    double paramsActiveB = 0;
    double bitsPerWeight = 16;
    double kvBytesPerToken = 0; // at the KV precision used
    // Attention width for prefill FLOPs: full-attention layers x heads x head_dim (0: from the
    // Efficiency's size law), and sliding-window layers with their window.
    double attentionDim = 0;
    double windowAttentionDim = 0;
    double windowTokens = 0;
};

// Prefill FLOPs of a prompt of `prompt` tokens on top of `depth` cached tokens: weights
// 2 Pa per token, attention 4 x width x (query-key pairs) (QK^T and AV, 2 FLOPs per multiply-add);
// full attention has prompt x depth + prompt^2 / 2 pairs, window layers prompt x min(window, depth + prompt/2).
struct PrefillFlops {
    double weights = 0;
    double attention = 0;
};
double attentionWidth(const ModelShape &m, const Efficiency &eff);
PrefillFlops prefillFlops(const ModelShape &m, double prompt, double depth, const Efficiency &eff);
// Seconds to prefill that prompt: weight FLOPs at eff.compute x box.tflops, attention FLOPs at
// eff.attentionEfficiency of that, never faster than the peak (box.peakTflops). Infinity when the
// box's FLOPS are unknown.
double prefillSeconds(const BoxSpec &box, const ModelShape &m, double prompt, double depth, const Efficiency &eff);
// The prompt length behind Estimate::prefillTokensPerS (llama-bench's pp512).
constexpr double kPrefillReferencePrompt = 512;

struct Estimate {
    bool fits = false;
    const char *why = "";    // when it does not fit
    double weightsGb = 0;
    double kvGb = 0;
    double memoryGb = 0;      // weights + KV + overhead
    double offloadGb = 0;     // weights placed in slow memory
    double decodeTokensPerS = 0;      // bytes over the achieved bandwidths plus the fixed time per token
    double decodeBoundTokensPerS = 0; // the bandwidth roofline: peak BW / bytes per token
    double decodeComputeSeconds = 0;  // of the decode time per token: arithmetic (GPU part and offloaded part)
    double decodeMoeSeconds = 0;      // of it: the MoE cost (0 for a dense model)
    double prefillTokensPerS = 0;     // a 512-token prompt into an empty cache (pp512); 0 when the box's FLOPS are unknown
    double prefillBoundTokensPerS = 0; // the same at the peak FLOPS (the compute roofline)
    double ttftSeconds = 0;           // a prompt of the whole context into an empty cache (0: no context or FLOPS unknown)
    double ttftAttentionShare = 0;    // share of that prompt's FLOPs in attention
};

// Memory fit, decode (bandwidth-bound, KV included, offload summed over memories) and
// prefill (compute-bound) of one model on one box at a context of `contextTokens`.
Estimate estimate(const BoxSpec &box, const ModelShape &m, double contextTokens, const Efficiency &eff);

enum class Binding { None, Memory, Bandwidth, Compute, KvCache };
const char *bindingName(Binding b);

// The largest dense-equivalent model (Deff = Pa^alpha * Pt^(1-alpha)) that fits `box` and decodes at
// `tokensPerS` with `contextTokens` of KV (kvBytesPerToken each), at `bitsPerWeight`, with
// Pt/Pa <= maxSparsity, and, when ttftPromptTokens > 0, prefills that prompt within ttftMaxSeconds
// (weights and the attention of a model of eff.attentionWidth; prefillSeconds() gives the same time
// for a model of that width).
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

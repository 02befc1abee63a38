#pragma once
// The KV cache of one model from its attention architecture: one function (kvCost) that the
// catalog (data/models.json kv_architecture), the KV law over time (fits.h) and the model importer
// (importers.h, `import model CONFIG.json`) all call, so a catalog row and an imported config.json
// of the same model give the same bytes.
//
// Cache at a context of L tokens = bytesPerToken x L + windowBytesPerToken x min(L, windowTokens)
//                                  + linearStateBytes.
// bytesPerToken: the layers that attend to the whole context (grouped-query: kv heads x (K dim + V
// dim); latent attention (MLA): the latent plus the decoupled RoPE key, once per layer). Sliding-window
// (or chunked) layers stop growing at their window; linear-attention layers (Gated DeltaNet, Mamba)
// keep a fixed state whatever the context.
#include <string>

namespace ff {

// How a model's context is kept, for the KV law's attention kinds.
enum class AttentionKind {
    Full = 0,    // every layer attends to the whole context (MHA, GQA, MQA)
    Window = 1,  // some layers use a sliding window (or chunks) and stop growing
    Latent = 2,  // multi-head latent attention: a compressed latent per layer
    Hybrid = 3,  // linear-attention layers with a fixed state beside full-attention ones
};
constexpr int kAttentionKinds = 4;
const char *attentionKindName(AttentionKind k); // "full", "window", "latent", "hybrid"

// The fields of a model's attention that set its cache (data/models.json kv_architecture;
// config.json as the importer reads it).
struct KvArchitectureSpec {
    int layers = 0;              // decoder layers in all
    int windowLayers = 0;        // of them: sliding-window or chunked layers
    double windowTokens = 0;     // their window
    int linearLayers = 0;        // of them: linear-attention layers (fixed state)
    double linearStateBytes = 0; // state of one linear layer (recurrent state + convolution state)
    int kvHeads = 0;             // grouped-query attention: key/value heads per layer
    int headDim = 0;             // key head dim
    int valueHeadDim = 0;        // value head dim (0: headDim)
    int latentDim = 0;           // MLA: kv_lora_rank (> 0: latent attention, kvHeads unused)
    int ropeDim = 0;             // MLA: qk_rope_head_dim (the decoupled key stored beside the latent)
    double bytesPerElement = 2;  // FP16/BF16 cache
    int fullLayers() const { return layers - windowLayers - linearLayers; }
};

struct KvCost {
    double bytesPerToken = 0;       // grows with the context: full-attention layers
    double windowBytesPerToken = 0; // sliding-window layers, up to windowTokens
    double windowTokens = 0;
    double linearStateBytes = 0;    // all linear layers' fixed state
    AttentionKind kind = AttentionKind::Full;
    std::string how;                // the computation in words, e.g. "12 full-attention layers x 2 KV heads x ..."
    // Fixed bytes at a context of at least the window: windowed layers full, plus the linear state.
    double fixedBytes() const { return windowBytesPerToken * windowTokens + linearStateBytes; }
    double bytesAt(double contextTokens) const;
};

// Throws std::invalid_argument naming the field when the fields are inconsistent (no layers,
// more windowed and linear layers than layers, a window layer without a window, no heads).
KvCost kvCost(const KvArchitectureSpec &a);

} // namespace ff

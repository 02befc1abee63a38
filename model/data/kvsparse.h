#pragma once
// Sparse and compressed attention, beside the layouts of kvcache.h (same kvCost, same KvCost):
// - sparse attention keeps an indexer key per token beside a full layer's cache (DeepSeek Sparse
//   Attention in GLM-5, MiniMax M3's lightning indexer): indexDim dims on indexLayers of the full
//   layers (0: all of them);
// - compressed attention (DeepSeek V4's CSA/HCA) keeps, on windowed layers, one entry (the layer's
//   per-token row plus an optional indexer key) per `ratio` tokens: it grows with the context at
//   1/ratio of a full layer;
// - compressor buffers are fixed bytes per sequence (stateBytes). KvCost carries them in
//   linearStateBytes, its fixed state that is not a window, so fixedBytes() and bytesAt() count them.
// Read from data/models.json kv_architecture index_dim, index_layers, compressed_layers, state_bytes.
#include <vector>

#include "data/kvcache.h"

namespace ff {

struct CompressedLayers {
    int layers = 0;   // how many of the windowed layers
    double ratio = 1; // tokens per compressed entry
    int indexDim = 0; // indexer key dims stored per entry (0: no indexer)
};

struct KvSparseSpec {
    int indexDim = 0;                         // indexer key dims per token beside a full layer's cache
    int indexLayers = 0;                      // how many full layers keep that key (0: all of them)
    std::vector<CompressedLayers> compressed; // windowed layers that also keep a compressed cache
    double stateBytes = 0;                    // other fixed bytes per sequence (compressor buffers), all layers
};

// kvCost(a) with the sparse and compressed parts. Throws std::invalid_argument naming the field
// (more compressed layers than windowed ones, a ratio below 1, more indexed layers than full ones,
// indexed layers without an index_dim).
KvCost kvCost(const KvArchitectureSpec &a, const KvSparseSpec &s);

} // namespace ff

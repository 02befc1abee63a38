#include "data/kvcache.h"
#include "data/kvsparse.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ff {

const char *attentionKindName(AttentionKind k)
{
    switch (k) {
    case AttentionKind::Full:
        return "full";
    case AttentionKind::Window:
        return "window";
    case AttentionKind::Latent:
        return "latent";
    case AttentionKind::Hybrid:
        return "hybrid";
    }
    return "full";
}

double KvCost::bytesAt(double contextTokens) const
{
    const double l = std::max(0.0, contextTokens);
    return bytesPerToken * l + windowBytesPerToken * std::min(l, windowTokens) + linearStateBytes;
}

namespace {

std::string num(double v)
{
    std::ostringstream s;
    s.precision(15);
    s << v;
    return s.str();
}

} // namespace

KvCost kvCost(const KvArchitectureSpec &a) { return kvCost(a, KvSparseSpec{}); }

KvCost kvCost(const KvArchitectureSpec &a, const KvSparseSpec &s)
{
    if (a.layers <= 0)
        throw std::invalid_argument("layers: expected at least one layer");
    if (a.windowLayers < 0 || a.linearLayers < 0 || a.windowLayers + a.linearLayers > a.layers)
        throw std::invalid_argument("window_layers/linear_layers: more windowed and linear layers than layers");
    if (a.windowLayers > 0 && !(a.windowTokens > 0))
        throw std::invalid_argument("window_tokens: windowed layers need a window");
    if (a.linearLayers > 0 && !(a.linearStateBytes >= 0))
        throw std::invalid_argument("linear_state_bytes: expected a state size");
    if (!(a.bytesPerElement > 0))
        throw std::invalid_argument("bytes_per_element: expected a positive size");
    const bool latent = a.latentDim > 0;
    if (!latent && (a.kvHeads <= 0 || a.headDim <= 0))
        throw std::invalid_argument("kv_heads/head_dim: expected key/value heads and a head dim (or an MLA latent)");
    if (latent && a.ropeDim < 0)
        throw std::invalid_argument("rope_dim: expected a RoPE key dim");
    if (s.indexDim < 0)
        throw std::invalid_argument("index_dim: expected an indexer key dim of 0 or more");
    if (s.indexLayers < 0 || s.indexLayers > a.fullLayers())
        throw std::invalid_argument("index_layers: more indexed layers than full-attention layers");
    if (s.indexLayers > 0 && s.indexDim <= 0)
        throw std::invalid_argument("index_layers: indexed layers need an index_dim");
    if (!(s.stateBytes >= 0))
        throw std::invalid_argument("state_bytes: expected a state size");
    int compressedLayers = 0;
    for (const auto &g : s.compressed) {
        if (g.layers <= 0)
            throw std::invalid_argument("compressed_layers: each entry needs at least one layer");
        if (!(g.ratio >= 1))
            throw std::invalid_argument("compressed_layers: a compression ratio is at least 1 token per entry");
        if (g.indexDim < 0)
            throw std::invalid_argument("compressed_layers: expected an indexer key dim of 0 or more");
        compressedLayers += g.layers;
    }
    if (compressedLayers > a.windowLayers)
        throw std::invalid_argument("compressed_layers: more compressed layers than windowed layers");

    KvCost c;
    // Bytes one attention layer stores per token.
    double perLayer = 0;
    std::string perLayerHow;
    if (latent) {
        perLayer = (a.latentDim + a.ropeDim) * a.bytesPerElement;
        perLayerHow = "(" + num(a.latentDim) + " latent + " + num(a.ropeDim) + " RoPE key) x " + num(a.bytesPerElement) + " bytes";
    } else {
        const int v = a.valueHeadDim > 0 ? a.valueHeadDim : a.headDim;
        perLayer = a.kvHeads * double(a.headDim + v) * a.bytesPerElement;
        perLayerHow = num(a.kvHeads) + " KV heads x (" + num(a.headDim) + " K + " + num(v) + " V dims) x " +
                      num(a.bytesPerElement) + " bytes";
    }
    const int full = a.fullLayers();
    // A full layer stores its row and, with sparse attention, the indexer's key for every token (on
    // all full layers, or on indexLayers of them).
    const int indexed = s.indexDim > 0 ? (s.indexLayers > 0 ? s.indexLayers : full) : 0;
    c.bytesPerToken = full * perLayer + indexed * s.indexDim * a.bytesPerElement;
    c.windowBytesPerToken = a.windowLayers * perLayer;
    c.windowTokens = a.windowLayers > 0 ? a.windowTokens : 0.0;
    c.linearStateBytes = a.linearLayers * a.linearStateBytes + s.stateBytes; // fixed state that is not a window
    std::string compressedHow;
    for (const auto &g : s.compressed) {
        const double b = g.layers * (perLayer + g.indexDim * a.bytesPerElement) / g.ratio;
        c.bytesPerToken += b;
        compressedHow += " + " + num(g.layers) + " compressed layers x (row" +
                         (g.indexDim > 0 ? " + " + num(g.indexDim) + " indexer dims x " + num(a.bytesPerElement) + " bytes" : std::string()) +
                         ") / " + num(g.ratio) + " tokens = " + num(b);
    }
    c.kind = a.linearLayers > 0 ? AttentionKind::Hybrid
             : latent           ? AttentionKind::Latent
             : a.windowLayers > 0 ? AttentionKind::Window
                                  : AttentionKind::Full;
    c.how = num(full) + " full-attention layers x " + perLayerHow +
            (indexed > 0 ? " + " + num(indexed) + " indexed layers x " + num(s.indexDim) + " indexer key dims x " +
                               num(a.bytesPerElement) + " bytes"
                         : std::string()) +
            compressedHow + " = " + num(c.bytesPerToken) + " bytes per token";
    if (a.windowLayers > 0)
        c.how += "; " + num(a.windowLayers) + " sliding-window layers x the same up to " + num(a.windowTokens) +
                 " tokens = " + num(c.windowBytesPerToken * c.windowTokens) + " bytes fixed";
    if (a.linearLayers > 0)
        c.how += "; " + num(a.linearLayers) + " linear-attention layers x " + num(a.linearStateBytes) +
                 " bytes of state = " + num(c.linearStateBytes) + " bytes fixed";
    if (s.stateBytes > 0)
        c.how += "; other state " + num(s.stateBytes) + " bytes fixed";
    return c;
}

} // namespace ff

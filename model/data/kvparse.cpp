// data/models.json kv_architecture: the fields of kvcache.h's KvArchitectureSpec and kvsparse.h's
// KvSparseSpec, read into the cache's cost (dataset.cpp's model reader calls it).
#include "data/kvparse.h"

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "data/kvsparse.h"

namespace ff {

namespace {
// A whole number in [lo, hi] (0 when optional and absent); anything else fails naming the field.
int wholeField(const JsonObject &o, const char *key, double lo, double hi, bool required)
{
    const auto v = required ? std::optional<double>(o.num(key, lo, hi)) : o.optNum(key, lo, hi);
    if (v && std::fabs(*v - std::round(*v)) > 1e-9)
        o.fail(o.field(key), "expected a whole number");
    return v ? static_cast<int>(std::lround(*v)) : 0;
}
} // namespace

KvCost parseKvArchitecture(const JsonObject &a)
{
    KvArchitectureSpec k;
    KvSparseSpec sp;
    const auto whole = [&](const char *key, double lo, double hi, bool required) { return wholeField(a, key, lo, hi, required); };
    k.layers = whole("layers", 1, 1000, true);
    k.windowLayers = whole("window_layers", 0, 1000, false);
    k.windowTokens = a.optNum("window_tokens", 1, 1e9).value_or(0.0);
    k.linearLayers = whole("linear_layers", 0, 1000, false);
    k.linearStateBytes = a.optNum("linear_state_bytes", 0, 1e12).value_or(0.0);
    k.kvHeads = whole("kv_heads", 1, 10000, false);
    k.headDim = whole("head_dim", 1, 10000, false);
    k.valueHeadDim = whole("value_head_dim", 1, 10000, false);
    k.latentDim = whole("latent_dim", 1, 100000, false);
    k.ropeDim = whole("rope_dim", 0, 10000, false);
    sp.indexDim = whole("index_dim", 1, 100000, false);
    sp.indexLayers = whole("index_layers", 1, 1000, false);
    sp.stateBytes = a.optNum("state_bytes", 0, 1e12).value_or(0.0);
    if (a.has("compressed_layers")) {
        const auto &arr = a.array("compressed_layers", false, 16);
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const JsonObject g(arr[i], a.file(), a.field("compressed_layers[" + std::to_string(i) + "]"));
            CompressedLayers c;
            c.layers = wholeField(g, "layers", 1, 1000, true);
            c.ratio = g.num("ratio", 1, 1e6);
            c.indexDim = wholeField(g, "index_dim", 1, 100000, false);
            sp.compressed.push_back(c);
        }
    }
    try {
        return kvCost(k, sp);
    } catch (const std::invalid_argument &e) {
        const std::string what = e.what();
        const auto colon = what.find(':');
        a.fail(a.field(colon == std::string::npos ? std::string("layers") : what.substr(0, colon)),
               colon == std::string::npos ? what : what.substr(colon + 2));
    }
}

} // namespace ff

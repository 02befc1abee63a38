#include "data/schemas.h"

#include <charconv>
#include <cmath>

namespace ff {

namespace schema::detail {
std::string number(double x)
{
    if (x == std::floor(x) && std::fabs(x) < 1e12) { // whole numbers as a reader writes them: 100,000
        std::string digits = std::to_string(static_cast<long long>(std::fabs(x)));
        for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
            digits.insert(static_cast<std::size_t>(i), ",");
        return (x < 0 ? "-" : "") + digits;
    }
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

std::string cell(const std::string &s)
{
    std::string out;
    for (char c : s)
        out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}
} // namespace schema::detail

using schema::Need;
using schema::Type;
using P = HardwarePart;

const std::vector<schema::Field<HardwarePart>> &hardwarePartSchema()
{
    // clang-format off
    static const std::vector<schema::Field<P>> fields = {
        {"name", Type::Text, Need::Required, &P::name, -1e300, 1e300, "", "Short display name, unique in the file; measurements.json and prices.json refer to parts by it", true, {}},
        {"full_name", Type::Text, Need::Optional, &P::fullName, -1e300, 1e300, "", "The vendor's full product name (absent: the name)", false, {}},
        {"vendor", Type::Text, Need::Optional, &P::vendor, -1e300, 1e300, "", "Who makes it", false, {}},
        {"kind", Type::Choice, Need::Required, std::nullopt, -1e300, 1e300, "", "gpu: a discrete card that needs a host (priced separately); unified: a whole system whose GPU shares its memory", false, {"gpu", "unified"}},
        {"family", Type::Text, Need::Optional, &P::family, -1e300, 1e300, "", "Product line; prices.json's product_lines says which lines go on (and get successors)", false, {}},
        {"measured_device_only", Type::Flag, Need::Optional, &P::measuredOnly, -1e300, 1e300, "", "In the catalog only because it was measured: never offered as a box to buy", false, {}},
        {"released", Type::Date, Need::Rule, std::nullopt, -1e300, 1e300, "", "Required unless measured_device_only; a measured device without it is never offered", false, {}},
        {"launch_price_usd", Type::Number, Need::Optional, &P::priceUsd, 1, 1e6, "USD", "Launch list price: the card alone for gpu, the whole system for unified; where its price path in prices.json starts", false, {}},
        {"memory_gb", Type::Number, Need::Required, &P::memoryGb, 0.5, 4096, "GB", "Memory the GPU can hold weights and KV cache in", false, {}},
        {"bandwidth_gbps", Type::Number, Need::Required, &P::bandwidthGbps, 1, 100000, "GB/s", "Peak memory bandwidth (the decode roofline)", false, {}},
        {"fp16_tflops", Type::Number, Need::Optional, &P::fp16Tflops, 0.01, 100000, "TFLOPS", "Dense FP16 matmul throughput as quoted (tensor where known, no sparsity)", false, {}},
        {"fp16_tflops_kind", Type::Text, Need::Optional, &P::tflopsKind, -1e300, 1e300, "", "Which figure fp16_tflops is: tensor-fp16acc, tensor-fp32acc, non-tensor, estimate", false, {}},
        {"arch_family", Type::Text, Need::Rule, &P::archFamily, -1e300, 1e300, "", "Architecture family whose fitted prefill rate applies (calibration.json); required with prefill_tops", false, {}},
        {"prefill_tops", Type::Number, Need::Optional, &P::prefillTops, 0.01, 1e7, "TOPS", "The dense figure llama.cpp's quantized prefill uses (INT8 tensor, DP4A, matrix FP16, ...; no sparsity)", false, {}},
        {"prefill_tops_kind", Type::Text, Need::Rule, &P::prefillTopsKind, -1e300, 1e300, "", "Which figure prefill_tops is (tensor-int8, dp4a-int8, matrix-fp16, fp16-packed, gpu-fp32, fp16-estimate); required with prefill_tops", false, {}},
        {"prefill_tops_source", Type::Text, Need::Rule, std::nullopt, -1e300, 1e300, "", "Where prefill_tops comes from; required with prefill_tops", false, {}},
        {"source", Type::Text, Need::Required, &P::source, -1e300, 1e300, "", "A public address for the row's figures (URL or owner/repo path @commit)", true, {}},
        {"notes", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "Free text: conflicts between sources, which value was chosen and why (not read by the model; so are *_note fields)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<Measurement>> &measurementSchema()
{
    using M = Measurement;
    // clang-format off
    static const std::vector<schema::Field<M>> fields = {
        {"hardware", Type::Text, Need::Required, &M::hardware, -1e300, 1e300, "", "The device: a part name in hardware.json or a name in other_devices (a row naming neither is an error)", false, {}},
        {"gpu_count", Type::Number, Need::Rule, std::nullopt, 1, 16, "cards", "How many cards ran it (absent: 1); the fits take single-card rows", false, {}},
        {"model", Type::Text, Need::Required, &M::model, -1e300, 1e300, "", "The model as its source names it", false, {}},
        {"params_total_b", Type::Number, Need::Required, &M::paramsTotalB, 0.01, 100000, "billions", "Total parameters (what the weights' bytes scale with)", false, {}},
        {"params_active_b", Type::Number, Need::Rule, std::nullopt, 0.01, 100000, "billions", "Parameters active per token (absent: the total, a dense model)", false, {}},
        {"bits_per_weight", Type::Number, Need::Required, &M::bitsPerWeight, 1, 32, "bits", "Average bits per weight of the file run (quantization.json's figure for its level)", false, {}},
        {"test", Type::Choice, Need::Required, std::nullopt, -1e300, 1e300, "", "decode: token generation (bandwidth-bound); prefill: prompt processing (compute-bound)", false, {"decode", "prefill"}},
        {"context_depth", Type::Number, Need::Required, &M::contextDepth, 0, 1e7, "tokens", "Tokens already in the context when the test ran (llama-bench -d)", false, {}},
        {"tokens_per_s", Type::Number, Need::Required, &M::tokensPerS, 1e-3, 1e7, "tokens/s", "The measured rate", false, {}},
        {"prompt_tokens", Type::Number, Need::Rule, std::nullopt, 1, 1e8, "tokens", "Prefill rows: the prompt length (absent: N of a ppN test_label)", false, {}},
        {"test_label", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "llama-bench's test name as printed (tg128, pp512, pp512 @ d4096)", false, {}},
        {"backend", Type::Text, Need::Optional, &M::backend, -1e300, 1e300, "", "llama.cpp backend (CUDA, HIP, Metal or \"MTL,BLAS\", Vulkan, SYCL); absent: the vendor's native one", false, {}},
        {"source", Type::Text, Need::Required, &M::source, -1e300, 1e300, "", "A public address for the row (URL or owner/repo path @commit)", false, {}},
        {"hardware_raw", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "The device as the source wrote it (kept for provenance; not read)", false, {}},
        {"in_hardware_catalog", Type::Flag, Need::Optional, std::nullopt, -1e300, 1e300, "", "Whether the device is a hardware.json part when the row was curated (kept for provenance; not read)", false, {}},
        {"quant", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "The quantization level's name (Q4_K_M, MXFP4, ...); bits_per_weight is what is read", false, {}},
        {"model_label", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "llama-bench's model type string (kept for provenance; not read)", false, {}},
        {"hf_repo", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "The Hugging Face repository of the file run (kept for provenance; not read)", false, {}},
        {"size_gib", Type::Number, Need::Optional, std::nullopt, -1e300, 1e300, "GiB", "The file's size as llama-bench printed it (kept for provenance; not read; size_GiB in older rows)", false, {}},
        {"generated_tokens", Type::Number, Need::Optional, std::nullopt, -1e300, 1e300, "tokens", "Decode rows: tokens generated per run (kept for provenance; not read)", false, {}},
        {"stddev", Type::Number, Need::Optional, std::nullopt, -1e300, 1e300, "tokens/s", "Standard deviation over llama-bench's repetitions (kept for provenance; not read)", false, {}},
        {"build", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "llama.cpp build (commit and build number) of the run (kept for provenance; not read)", false, {}},
        {"n_ubatch", Type::Number, Need::Optional, std::nullopt, -1e300, 1e300, "tokens", "Physical batch size when not llama-bench's default 512 (kept for provenance; not read)", false, {}},
        {"flash_attn", Type::Number, Need::Optional, std::nullopt, -1e300, 1e300, "", "1 when run with flash attention on, 0 off (kept for provenance; not read)", false, {}},
        {"table_group", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "Which table of the source the row is from (kept for provenance; not read)", false, {}},
        {"origin", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "Set on imported rows (user-data.json): the file and date of the import", false, {}},
        {"notes", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "Free text (not read by the model; so are *_note fields)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<DataSet>> &qualityIndexSchema()
{
    using D = DataSet;
    // clang-format off
    static const std::vector<schema::Field<D>> fields = {
        {"name", Type::Text, Need::Required, &D::qualityIndexName, -1e300, 1e300, "", "The general quality index the scores are in (the Epoch Capabilities Index)", false, {}},
        {"snapshot", Type::Date, Need::Optional, std::nullopt, -1e300, 1e300, "", "When the index was read: the date every model's quality is as of", false, {}},
        {"earlier_snapshots", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "Earlier readings of the index, each {\"date\", \"source\"} with a source and a date before snapshot (which it needs); the models' earlier_scores are keyed by these dates", false, {}},
        {"source", Type::Text, Need::Required, &D::qualityIndexSource, -1e300, 1e300, "", "Where the index and its snapshot are published", false, {}},
        {"scale_note", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "What the index's scale means (not read)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<DataSet>> &quantizationSchema()
{
    using D = DataSet;
    // clang-format off
    static const std::vector<schema::Field<D>> fields = {
        {"reference_model", Type::Text, Need::Required, &D::quantReferenceModel, -1e300, 1e300, "", "The model whose quantized copies the table measured", false, {}},
        {"reference_params_b", Type::Number, Need::Required, &D::quantReferenceParamsB, 0.1, 100000, "B", "Its parameters, in billions: bits per weight are its files' sizes over these", false, {}},
        {"source", Type::Text, Need::Required, std::nullopt, -1e300, 1e300, "", "Where the table is published", false, {}},
        {"levels", Type::List, Need::Required, std::nullopt, -1e300, 1e300, "", "The levels, each a row of the table below; names unique, and one of them F16 (the reference the others lose quality against)", false, {}},
        {"metric", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "What the perplexity was measured on (not read)", false, {}},
        {"reference_params_source", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "Where the parameter count comes from (not read)", false, {}},
        {"provenance", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", "How the table was copied, for a reader (not read)", false, {}},
        {"description", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "What the file is, for a reader (not read)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<QuantLevel>> &quantLevelSchema()
{
    using Q = QuantLevel;
    // clang-format off
    static const std::vector<schema::Field<Q>> fields = {
        {"quant", Type::Text, Need::Required, &Q::name, -1e300, 1e300, "", "The level's name as llama.cpp gives it (Q4_K_M, ...); assumptions.json's quant_levels name these", false, {}},
        {"bits_per_weight", Type::Number, Need::Required, &Q::bitsPerWeight, 1, 32, "bits", "Stored bits per weight, from the file's size", false, {}},
        {"perplexity", Type::Number, Need::Required, &Q::perplexity, 1, 1e6, "", "Its perplexity; the loss against F16's sets the level's quality cost", false, {}},
        {"ppl_stderr", Type::Number, Need::Optional, std::nullopt, 0, 1e6, "", "The perplexity's standard error (not read)", false, {}},
        {"size_gib", Type::Number, Need::Optional, std::nullopt, 0, 1e6, "GiB", "The quantized file's size (not read; bits_per_weight is computed from it)", false, {}},
        {"size_GiB", Type::Number, Need::Optional, std::nullopt, 0, 1e6, "GiB", "The same, as an earlier copy spelled it (not read)", false, {}},
        {"ppl_delta_vs_f16_pct", Type::Number, Need::Optional, std::nullopt, -1e6, 1e6, "%", "The perplexity's change against F16, as the source gives it (not read)", false, {}},
        {"ppl_delta_vs_f16", Type::Number, Need::Optional, std::nullopt, -1e6, 1e6, "", "The same as a difference, as an earlier copy gave it (not read)", false, {}},
        {"ppl_delta_vs_F16", Type::Number, Need::Optional, std::nullopt, -1e6, 1e6, "", "The same, as an earlier copy spelled it (not read)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<CrosswalkInputs>> &crosswalkInputsSchema()
{
    using C = CrosswalkInputs;
    // clang-format off
    static const std::vector<schema::Field<C>> fields = {
        {"index", Type::Text, Need::Required, &C::index, -1e300, 1e300, "", "The source of the two benchmark scores, with its public address (not empty)", false, {}},
        {"rule", Type::Text, Need::Required, &C::rule, -1e300, 1e300, "", "How a model's row of the source is chosen", false, {}},
        {"apply", Type::Flag, Need::Optional, &C::apply, -1e300, 1e300, "", "Whether the loader gives the open models the index has not scored their derived scores", false, {}},
        {"band_edges_b", Type::List, Need::Required, std::nullopt, -1e300, 1e300, "", "Increasing total sizes (billions) that split the open models into the bands the residuals are reported by", false, {}},
        {"rows", Type::List, Need::Required, std::nullopt, -1e300, 1e300, "", "The models with the source's scores, each a row of the table below; a model at most once", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<CrosswalkRow>> &crosswalkRowSchema()
{
    using R = CrosswalkRow;
    // clang-format off
    static const std::vector<schema::Field<R>> fields = {
        {"name", Type::Text, Need::Required, &R::name, -1e300, 1e300, "", "The catalog model (open_models or frontier_models)", false, {}},
        {"index_row", Type::Text, Need::Required, &R::indexRow, -1e300, 1e300, "", "The source's row it is read from (its best-scoring setting)", false, {}},
        {"gpqa_diamond", Type::Number, Need::Required, &R::gpqa, 0, 1, "fraction", "Its GPQA Diamond score", false, {}},
        {"hle", Type::Number, Need::Required, &R::hle, 0, 1, "fraction", "Its Humanity's Last Exam score", false, {}},
    };
    // clang-format on
    return fields;
}

namespace {
// The fields open and frontier models share, in the order both tables list them.
const char *const kEarlierScoresDoc = "{\"YYYY-MM-DD\": score, ...}: the model's scores in the index's earlier snapshots, each key one of quality_index.earlier_snapshots (score 0 to 1,000)";
const char *const kRebenchDoc = "{\"value\", \"window\", \"source\"}: percent 0-100 of SWE-rebench's tasks of one dated window resolved on Nebius's one scaffold (the primary coding yardstick); every entry of the file names the same window";
const char *const kVerifiedDoc = "{\"value\", \"source\", \"independent\"}: percent 0-100 of SWE-bench Verified (the secondary coding yardstick); independent: true for Epoch AI's own run, false for the vendor's claim (required)";
const char *const kVendorDoc = "{\"value\", \"source\"}: the vendor's own claim, only beside an independent swe_bench_verified run (the vendor gap is measured from such pairs)";
const char *const kNotesDoc = "Free text (not read by the model; so are *_note fields: quality_note, released_note, params_note, kv_note, ...)";
} // namespace

const std::vector<schema::Field<OpenModel>> &openModelSchema()
{
    using O = OpenModel;
    // clang-format off
    static const std::vector<schema::Field<O>> fields = {
        {"name", Type::Text, Need::Required, &O::name, -1e300, 1e300, "", "The model's name, unique among open_models", false, {}},
        {"organization", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "Who released it (not read for open models)", false, {}},
        {"released", Type::Date, Need::Required, &O::released, -1e300, 1e300, "", "When its weights were released: when it enters the quality law and the runs", false, {}},
        {"params_total_b", Type::Number, Need::Rule, std::nullopt, 0.01, 100000, "billions", "Total parameters (what the weights' bytes scale with); null only with a params_note saying why, and then the model is left out of the fits and the runs", false, {}},
        {"params_active_b", Type::Number, Need::Rule, std::nullopt, 0.01, 100000, "billions", "Parameters active per token (the total for a dense model, at most the total); null as params_total_b", false, {}},
        {"quality", Type::Number, Need::Optional, &O::quality, 0, 1000, "ECI", "Score in quality_index.snapshot (null: not scored; a quality_note says why)", false, {}},
        {"earlier_scores", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", kEarlierScoresDoc, false, {}},
        {"kv_bytes_per_token", Type::Number, Need::Optional, &O::kvBytesPerToken, 1, 1e8, "bytes", "FP16 KV cache per context token (null: unknown); beside kv_architecture it must agree with it to half a byte", false, {}},
        {"kv_architecture", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", "The attention layout the KV cache is computed from (layers, kv_heads, head_dim, window and linear layers, latent_dim, ...; model/data/kvcache.h) with its source; gives the growing and the fixed KV bytes", false, {}},
        {"native_bits_per_weight", Type::Number, Need::Optional, &O::nativeBitsPerWeight, 1, 32, "bits", "Released quantized (e.g. MXFP4): no quality loss at this precision", false, {}},
        {"native_format", Type::Text, Need::Optional, &O::nativeFormat, -1e300, 1e300, "", "The released precision's name, as the report shows it (absent: native)", false, {}},
        {"swe_rebench", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", kRebenchDoc, false, {}},
        {"swe_bench_verified", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", kVerifiedDoc, false, {}},
        {"swe_bench_verified_vendor", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", kVendorDoc, false, {}},
        {"context_limit_tokens", Type::Number, Need::Optional, &O::contextLimitTokens, 512, 1e9, "tokens", "The longest context the model supports, a whole number (observed parity needs it for every scored model); needs context_source", false, {}},
        {"context_source", Type::Text, Need::Rule, std::nullopt, -1e300, 1e300, "", "Where context_limit_tokens comes from; required with it", false, {}},
        {"source", Type::Text, Need::Required, &O::source, -1e300, 1e300, "", "A public address for the row's figures (URL or owner/repo path @commit)", true, {}},
        {"notes", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", kNotesDoc, false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<FrontierModel>> &frontierModelSchema()
{
    using F = FrontierModel;
    // clang-format off
    static const std::vector<schema::Field<F>> fields = {
        {"name", Type::Text, Need::Required, &F::name, -1e300, 1e300, "", "The model's name, unique among frontier_models; a scenario names its target so", false, {}},
        {"organization", Type::Text, Need::Optional, &F::organization, -1e300, 1e300, "", "Who made it", false, {}},
        {"released", Type::Date, Need::Required, &F::released, -1e300, 1e300, "", "When it became available: the date of its bar", false, {}},
        {"quality", Type::Number, Need::Rule, std::nullopt, 0, 1000, "ECI", "Score in quality_index.snapshot; null only with a quality_note saying why (an unscored model is never the frontier or a target)", false, {}},
        {"sonnet_class", Type::Flag, Need::Optional, &F::sonnetClass, -1e300, 1e300, "", "A Claude Sonnet release: a fixed target. The report answers for every scored one released by its date (each target's row, the economics, the backtest's bars), and on the SWE-rebench yardstick only these, when not run, get a bar crosswalked from their index score", false, {}},
        {"earlier_scores", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", kEarlierScoresDoc, false, {}},
        {"swe_rebench", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", kRebenchDoc, false, {}},
        {"swe_bench_verified", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", kVerifiedDoc, false, {}},
        {"swe_bench_verified_vendor", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", kVendorDoc, false, {}},
        {"output_tokens_per_s", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", "{\"value\", \"low\", \"high\", \"date\", \"source\", \"range_reason\"}: its measured hosted output speed in tokens/s (0.1 to 100,000, low <= value <= high; a range needs range_reason), the target speed's default when it is the target", false, {}},
        {"source", Type::Text, Need::Required, &F::source, -1e300, 1e300, "", "A public address for the row's figures (URL or owner/repo path @commit)", true, {}},
        {"generally_available", Type::Flag, Need::Optional, std::nullopt, -1e300, 1e300, "", "false: announced but not generally available; kept apart (the report lists it), never the frontier, a target or the evidence end", false, {}, 1},
        {"availability_note", Type::Text, Need::Rule, std::nullopt, -1e300, 1e300, "", "Required when generally_available is false: why, with its source", false, {}},
        {"notes", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", kNotesDoc, false, {}},
    };
    // clang-format on
    return fields;
}

} // namespace ff

#include "schemas.h"

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
        {"kv_architecture", Type::Object, Need::Optional, std::nullopt, -1e300, 1e300, "", "The attention layout the KV cache is computed from (layers, kv_heads, head_dim, window and linear layers, latent_dim, ...; model/kvcache.h) with its source; gives the growing and the fixed KV bytes", false, {}},
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

const std::vector<schema::Field<UserLayer>> &userLayerSchema()
{
    using L = UserLayer;
    // clang-format off
    static const std::vector<schema::Field<L>> fields = {
        {"format", Type::Text, Need::Required, std::nullopt, -1e300, 1e300, "", "\"frontier-forecast user data\": says the file is a user layer", false, {}},
        {"version", Type::Number, Need::Required, std::nullopt, 1, 1000, "", "The file's format version; this program reads 1", false, {}},
        {"description", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "What the file is, for a reader (not read)", false, {}},
        {"use_shipped_only", Type::Flag, Need::Optional, &L::useShippedOnly, -1e300, 1e300, "", "Keep the imports but show the shipped data alone", false, {}},
        {"imports", Type::List, Need::Required, std::nullopt, -1e300, 1e300, "", "The imports, applied in order (at most " + schema::detail::number(kMaxImports) + "; may be empty)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<UserImport>> &userImportSchema()
{
    using U = UserImport;
    // clang-format off
    static const std::vector<schema::Field<U>> fields = {
        {"id", Type::Text, Need::Required, &U::id, -1e300, 1e300, "", "Names the import, unique in the layer and not empty (the file's name and date, then \" #2\", ... for another import of it that day)", false, {}},
        {"kind", Type::Choice, Need::Required, std::nullopt, -1e300, 1e300, "", "The command that made it: llama-bench runs, index scores, a model config, dated prices or a part that is sold", false, {"llama-bench", "index", "model", "prices", "part"}},
        {"file", Type::Text, Need::Required, &U::file, -1e300, 1e300, "", "The imported file as the user named it (its base name goes into every row's origin)", false, {}},
        {"date", Type::Text, Need::Required, &U::date, -1e300, 1e300, "", "The day of the import, YYYY-MM-DD", false, {}},
        {"parts", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "hardware.json parts rows: measured devices (measured_device_only, no launch price), or from kind part a part that is sold (a launch price); a name the data has is an error", false, {}},
        {"measurements", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "measurements.json rows, each on a part of the data or of this import (at most " + schema::detail::number(kMaxLayerRows) + " in the whole layer)", false, {}},
        {"open_models", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "models.json open_models rows: new models, or from kind model one that completes a catalog model waiting for its parameter counts", false, {}},
        {"frontier_models", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "models.json frontier_models rows: new models", false, {}},
        {"prices", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "prices.json parts rows ({\"part\", \"observations\", optional \"new_supply_ended\"}); only from kind prices or part", false, {}},
        {"updates", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "Scores and release dates an index import changes in the catalog (the table below)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<ModelUpdate>> &modelUpdateSchema()
{
    using M = ModelUpdate;
    // clang-format off
    static const std::vector<schema::Field<M>> fields = {
        {"name", Type::Text, Need::Required, &M::name, -1e300, 1e300, "", "The catalog model changed (an error when the catalog named has no such model)", false, {}},
        {"catalog", Type::Choice, Need::Required, std::nullopt, -1e300, 1e300, "", "Which list it is in: open_models or frontier_models", false, {"open", "frontier"}},
        {"quality", Type::Number, Need::Rule, &M::quality, 0, 1000, "ECI", "Its new score; an update has this or released", false, {}},
        {"previous_quality", Type::Number, Need::Optional, &M::previousQuality, 0, 1000, "ECI", "The score it replaced, for the reader (not applied)", false, {}},
        {"released", Type::Date, Need::Rule, std::nullopt, -1e300, 1e300, "", "Its new release date; an update has this or quality", false, {}},
        {"previous_released", Type::Text, Need::Optional, &M::previousReleased, -1e300, 1e300, "", "The release date it replaced, for the reader (not applied)", false, {}},
        {"source", Type::Text, Need::Required, &M::source, -1e300, 1e300, "", "The index row it comes from; not empty", false, {}},
    };
    // clang-format on
    return fields;
}

namespace {
constexpr double kCount = 1e7;   // the bound on any count the fitter writes
constexpr double kPercent = 1e6; // an error in percent (a bad prediction can be far over 100)
} // namespace

const std::vector<schema::Field<ErrorStats>> &errorStatsSchema(bool bySource, bool withFlatRule)
{
    using E = ErrorStats;
    const auto make = [](bool source, bool flat) {
        std::vector<schema::Field<E>> f = {
            schema::text(source ? "source" : "family", &E::family, source ? "The source left out (its rows predicted by a fit without them)" : "The device family"),
            schema::number("n", &E::n, 0, kCount, "rows", "Rows in the group"),
            schema::number("median_ape_pct", &E::medianApe, 0, kPercent, "%", "Median absolute error of the calibrated model"),
            schema::number("p90_ape_pct", &E::p90Ape, 0, kPercent, "%", "90th percentile absolute error of the calibrated model"),
        };
        if (flat) {
            f.push_back(schema::number("flat_rule_median_ape_pct", &E::flatMedianApe, 0, kPercent, "%", "The same for the flat rule (one bandwidth share for every device)"));
            f.push_back(schema::number("flat_rule_p90_ape_pct", &E::flatP90Ape, 0, kPercent, "%", "90th percentile for the flat rule"));
        }
        return f;
    };
    static const std::vector<schema::Field<E>> byFamily = make(false, false), byFamilyFlat = make(false, true), bySourceOnly = make(true, false),
                                               bySourceFlat = make(true, true);
    return bySource ? (withFlatRule ? bySourceFlat : bySourceOnly) : (withFlatRule ? byFamilyFlat : byFamily);
}

const std::vector<schema::Field<DecodeCvStats>> &decodeCvSchema()
{
    using D = DecodeCvStats;
    static const std::vector<schema::Field<D>> fields = {
        schema::text("group", &D::group, "The kind of system (gpu, apple, unified, cpu) or all"),
        schema::number("n", &D::n, 0, kCount, "rows", "Decode rows of the group"),
        schema::number("median_ape_pct", &D::medianApe, 0, kPercent, "%", "Median absolute error in sample"),
        schema::number("p90_ape_pct", &D::p90Ape, 0, kPercent, "%", "90th percentile absolute error in sample"),
        schema::number("family_out_median_ape_pct", &D::familyOutMedianApe, 0, kPercent, "%", "Median error with each row's device family left out of the fit"),
        schema::number("family_out_p90_ape_pct", &D::familyOutP90Ape, 0, kPercent, "%", "90th percentile, family left out"),
        schema::number("source_out_median_ape_pct", &D::sourceOutMedianApe, 0, kPercent, "%", "Median error with each row's source left out of the fit"),
        schema::number("source_out_p90_ape_pct", &D::sourceOutP90Ape, 0, kPercent, "%", "90th percentile, source left out"),
    };
    return fields;
}

const std::vector<schema::Field<KvGenerationFit>> &kvGenerationSchema()
{
    using K = KvGenerationFit;
    static const std::vector<schema::Field<K>> fields = {
        schema::text("generation", &K::generation, "The llama.cpp software generation (calibration inputs' software_generations)"),
        schema::number("n", &K::n, 0, kCount, "rows", "Decode rows of that generation fitted"),
        schema::number("efficiency", &K::efficiency, 0, 1, "share", "Achieved share of peak bandwidth reading the KV cache"),
    };
    return fields;
}

const std::vector<schema::Field<PrefillGenerationFit>> &prefillGenerationSchema()
{
    using G = PrefillGenerationFit;
    static const std::vector<schema::Field<G>> fields = {
        schema::text("generation", &G::generation, "The prefill era (calibration inputs' prefill_eras)"),
        schema::number("n", &G::n, 0, kCount, "rows", "Prompt rows of the era fitted"),
        schema::number("scale", &G::scale, 1e-4, 1e4, "ratio", "Prefill rate relative to the newest era (newest: 1)"),
        schema::number("attention_efficiency", &G::attentionEfficiency, 1e-4, 10, "share", "Attention FLOPs at this share of the weight-matmul rate"),
        schema::number("f16_scale", &G::f16Scale, 1e-3, 1e3, "ratio", "F16/BF16 weights relative to quantized ones in the era (1: not fitted)", schema::Need::Optional, 1),
    };
    return fields;
}

const std::vector<schema::Field<PrefillFamilyFit>> &prefillFamilySchema()
{
    using F = PrefillFamilyFit;
    static const std::vector<schema::Field<F>> fields = {
        schema::text("family", &F::family, "hardware.json arch_family"),
        schema::text("figure_kind", &F::figureKind, "hardware.json prefill_tops_kind of its parts"),
        schema::number("n", &F::n, 1, kCount, "rows", "Prompt rows fitted"),
        schema::number("parts", &F::parts, 1, kCount, "parts", "Distinct measured parts among them (the weight in other families' fallback)", schema::Need::Optional, 1),
        schema::number("efficiency", &F::efficiency, 1e-4, 10, "share", "Achieved share of the part's prefill_tops the forecast uses"),
        schema::number("median_ape_pct", &F::medianApe, 0, kPercent, "%", "Median absolute error in sample"),
        schema::number("p90_ape_pct", &F::p90Ape, 0, kPercent, "%", "90th percentile absolute error in sample"),
        schema::number("cv_fallback_efficiency", &F::cvEfficiency, 1e-4, 10, "share", "The fallback the family gets when it is left out"),
        schema::number("cv_median_ape_pct", &F::cvMedianApe, 0, kPercent, "%", "Median error of its rows predicted with that fallback"),
        schema::number("cv_p90_ape_pct", &F::cvP90Ape, 0, kPercent, "%", "90th percentile of the same"),
    };
    return fields;
}

namespace {
// The assumptions a scenario file may still name, and what becomes of them (model/assumptions.h).
std::string retiredMarkdown()
{
    std::string s = "| Name | Now | What changed and how it is read |\n|---|---|---|\n";
    for (const auto &r : retiredAssumptions()) {
        const std::string now = r.convert ? "`" + std::string(r.replacement) + "`" : "removed";
        s += "| `" + std::string(r.name) + "` | " + now + " | " + schema::detail::cell(r.note) + " |\n";
    }
    return s;
}
} // namespace

std::vector<SchemaDoc> schemaDocs()
{
    return {{"hardware.json", "parts", schema::markdown(hardwarePartSchema())},
            {"measurements.json", "measurements", schema::markdown(measurementSchema())},
            {"models.json", "quality_index", schema::markdown(qualityIndexSchema())},
            {"models.json", "open_models", schema::markdown(openModelSchema())},
            {"models.json", "frontier_models", schema::markdown(frontierModelSchema())},
            {"user-data.json", "(top level)", schema::markdown(userLayerSchema())},
            {"user-data.json", "imports", schema::markdown(userImportSchema())},
            {"user-data.json", "imports[].updates", schema::markdown(modelUpdateSchema())},
            {"assumptions.json", "assumptions", schema::markdown(assumptionSchema())},
            {"assumptions.json", "settings", schema::markdown(settingsSchema())},
            {"assumptions.json", "settings.roadmap", schema::markdown(roadmapSchema())},
            {"trends.json", "trends", schema::markdown(trendSchema())},
            {"prices.json", "ram_usd_per_gb.observations", schema::markdown(ramObservationSchema())},
            {"prices.json", "parts", schema::markdown(partPricesSchema())},
            {"prices.json", "parts[].observations", schema::markdown(priceObservationSchema())},
            {"prices.json", "product_lines.lines", schema::markdown(productLineSchema())},
            {"scenario", "(top level)", schema::markdown(scenarioSchema())},
            {"scenario", "values (retired names)", retiredMarkdown()},
            {"calibration.json", "decode.errors", schema::markdown(errorStatsSchema(false, true))},
            {"calibration.json", "decode.cv_by_kind", schema::markdown(decodeCvSchema())},
            {"calibration.json", "decode.kv_efficiency_by_generation", schema::markdown(kvGenerationSchema())},
            {"calibration.json", "prefill.by_generation", schema::markdown(prefillGenerationSchema())},
            {"calibration.json", "prefill.by_family", schema::markdown(prefillFamilySchema())}};
}

std::string withSchemaTables(const std::string &readme, std::vector<std::string> &missing)
{
    std::string out = readme;
    for (const auto &d : schemaDocs()) {
        const std::string open = "<!-- schema " + d.file + " " + d.record + " -->\n";
        const std::string close = "<!-- /schema -->";
        const auto a = out.find(open);
        const auto b = a == std::string::npos ? a : out.find(close, a);
        if (b == std::string::npos) {
            missing.push_back(d.file + " " + d.record);
            continue;
        }
        out.replace(a + open.size(), b - a - open.size(), d.markdown);
    }
    return out;
}

} // namespace ff

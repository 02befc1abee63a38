#pragma once
// The catalogs and defaults of data/, loaded and schema-checked.
#include <map>
#include <optional>
#include <stdexcept>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "data/kvcache.h"
#include "data/prices.h"

namespace ff {

struct Calibration; // calibration.h
struct EconomicsData; // economics.h


// An error in an input file: names the file and the field, says what was expected.
class DataError : public std::runtime_error {
public:
    DataError(std::string file, std::string field, const std::string &what);
    const std::string &file() const { return mFile; }
    const std::string &field() const { return mField; }

private:
    std::string mFile;
    std::string mField;
};

enum class PartKind { Gpu, Unified };

constexpr double kNeverReleased = 9999.0;

struct HardwarePart {
    std::string name;
    bool measuredOnly = false; // in the catalog only because it was measured (no price)
    std::string fullName;
    std::string vendor;
    PartKind kind = PartKind::Gpu;
    std::string family;
    int familyId = -1;              // index of `family` among the catalog's families (-1: none)
    double released = 0;            // fractional year
    std::optional<double> priceUsd; // launch price: card alone (gpu) or whole system (unified)
    double memoryGb = 0;
    double bandwidthGbps = 0;
    std::optional<double> fp16Tflops; // dense FP16 matmul throughput as quoted
    std::string tflopsKind;           // which figure was quoted (tensor, non-tensor, estimate)
    // What prefill sees, in tensor-equivalent TFLOPS: the quoted figure times the calibrated achieved
    // share for its kind over that of the reference kind (set by the Engine from calibration.json).
    double prefillTflops = 0;
    // Decode fixed time per token of the part's hardware family when that family has a single run,
    // fitted on its own (calibration.json decode.by_family; set by the Engine), -1 otherwise (the
    // box takes its kind's).
    double decodeFixedSeconds = -1;
    // The dense compute figure llama.cpp's quantized prefill uses on this part (hardware.json
    // prefill_tops: INT8 tensor, DP4A, WMMA FP16, Apple GPU FP32, ...), its kind, and the
    // architecture family whose fitted prefill rate applies (calibration.json).
    std::optional<double> prefillTops;
    std::string prefillTopsKind;
    std::string archFamily;
    std::string source;
    std::string origin; // empty: shipped data/; else "imported from FILE on DATE" (model/files/userdata.h)
};

// A benchmark score as curated in data/models.json: percent 0-100, where it comes from, and whether it
// is an independent run (Epoch AI's own) or a vendor claim.
struct BenchScore {
    double value = 0;     // percent
    std::string source;
    bool independent = false;
    std::string window; // SWE-rebench: the task window the run used ("2026-05-15/2026-07-01"); empty otherwise
};

struct OpenModel {
    std::string name;
    double released = 0;
    double paramsTotalB = 0;
    double paramsActiveB = 0;
    std::optional<double> quality;          // quality index (ECI)
    // A score derived through the crosswalk (crosswalk.h) where the index has none: labelled "derived"
    // wherever it appears, and weighed in the quality law by its variance (ECI points squared).
    bool qualityDerived = false;
    double qualityVariance = 0;
    // Scores in earlier snapshots of the index (snapshot date, score); a snapshot of
    // DataSet::earlierSnapshots without an entry here did not score the model.
    std::vector<std::pair<double, double>> earlierScores;
    std::optional<double> kvBytesPerToken;  // FP16 KV cache per context token that grows with the context (full-attention layers)
    // Fixed FP16 KV bytes whatever the context beyond the window: sliding-window layers at their
    // window and linear-attention layers' state (0 when every layer attends to the whole context).
    double kvFixedBytes = 0;
    std::optional<KvCost> kv;                 // from kv_architecture (kvcache.h), when the catalog gives it
    std::string kvSource;                     // where kv_architecture's fields come from
    // KV bytes per context token at a context of `tokens`: the growing part plus the fixed part spread over it.
    std::optional<double> kvPerTokenAt(double tokens) const
    {
        if (!kvBytesPerToken)
            return std::nullopt;
        return *kvBytesPerToken + (tokens > 0 ? kvFixedBytes / tokens : 0.0);
    }
    std::optional<double> nativeBitsPerWeight; // released quantized (e.g. MXFP4): no loss at this precision
    std::string nativeFormat;
    std::optional<BenchScore> sweRebench;     // SWE-rebench, one task window, Nebius's one scaffold (the primary coding yardstick)
    std::optional<BenchScore> sweBench;       // SWE-bench Verified (the secondary coding yardstick)
    std::optional<double> sweBenchVendor;     // the vendor's claim too, when sweBench is an independent run (percent)
    std::optional<double> contextLimitTokens; // the longest context the model supports (its own limit)
    std::string source;
    int index = -1;                           // position in models.json open_models (for messages)
    std::string origin;                       // empty: shipped; else what import added or changed it
};

// A hosted model's measured output speed (decode tokens per second after the first token): the
// figure the target-speed assumption defaults to when this model is the target, with the range
// over providers or runs that the Monte Carlo samples (uniform in [low, high]).
struct OutputSpeed {
    double value = 0, low = 0, high = 0; // tokens per second
    double measured = 0;                 // when (fractional year)
    std::string source, rangeReason;
};

struct FrontierModel {
    std::string name;
    std::string organization;
    double released = 0;
    double quality = 0;
    bool scored = false; // false: no score in the index snapshot (quality is meaningless)
    bool sonnetClass = false;
    std::vector<std::pair<double, double>> earlierScores; // as for OpenModel
    std::optional<BenchScore> sweRebench;
    std::optional<BenchScore> sweBench;
    std::optional<double> sweBenchVendor;
    // Set on a yardstick's scaled copy only (yardstick.h scaleCatalog): the bar is not a measured score
    // but crosswalked from the general index (quality = the crosswalk at the model's index score), with
    // the prediction's sd and degrees of freedom, which the Monte Carlo samples as a Student t.
    bool crosswalked = false;
    double crosswalkedFrom = 0; // the index score it was crosswalked from
    double barSd = 0;           // prediction sd of the bar on the yardstick's scale (log-odds)
    int barDof = 0;
    std::optional<OutputSpeed> outputSpeed; // measured hosted speed (Sonnet-class targets)
    std::string source;
    std::string origin; // empty: shipped; else what import added or changed it
};

struct QuantLevel {
    std::string name;
    double bitsPerWeight = 0;
    double perplexity = 0;
};

struct Measurement {
    std::string hardware;
    int gpuCount = 1;
    std::string model;
    double paramsTotalB = 0;
    double paramsActiveB = 0;
    double bitsPerWeight = 0;
    bool decode = true;
    double contextDepth = 0;
    double tokensPerS = 0;
    double promptTokens = 0; // prefill rows: the prompt length (prompt_tokens, or N of a ppN test_label)
    std::string backend;     // llama.cpp backend (CUDA, HIP, Metal, Vulkan, SYCL, CPU); empty: the vendor's native one
    std::string source;
    std::string origin;      // empty: shipped; else "imported from FILE on DATE"
};

struct TrendFigure {
    std::string id;
    std::string quantity;
    std::optional<double> value;
    std::string unit;
    std::string citation;
};

// One slider: its default, uncertainty range and allowed range, all from data/assumptions.json.
struct AssumptionDef {
    std::string name;
    std::string label;
    std::string group;
    std::string unit;
    double value = 0; // default
    double low = 0;   // uncertainty range (Monte Carlo, tornado)
    double high = 0;
    double min = 0;   // what a user may set
    double max = 0;
    std::string distribution; // lognormal | uniform | triangular
    bool integer = false;
    bool sampled = true; // false: a choice (budget, target), not an uncertainty
    std::string source;
    std::string rangeReason;
    std::string description;
    // The value at which the assumption is switched off (no KV compression, one card, ...): the
    // headline re-solves with it to say what the answer rests on. Empty: no such value.
    std::optional<double> neutral;
    std::string neutralLabel; // what "off" means, e.g. "no KV-cache compression"
};

// Settings that are lists or names rather than sliders.
struct Settings {
    double t0 = 2025.0;
    double horizonYear = 2045.0;
    std::vector<double> scenarioYears;
    std::vector<double> budgetsUsd;
    std::vector<std::string> quantLevels;
    std::string defaultTarget;
    double closeQualityGap = 3.0;
    std::string source;
    // The explicit roadmap entry (the next NVIDIA consumer flagship; its ship date, memory, bandwidth and
    // price are the roadmap_next_* assumptions, sampled): a labelled assumption with the date it became
    // known. At any as-of on or after that date it applies the same way, whatever later data exist; a
    // back-test origin before it does not see it.
    struct Roadmap {
        std::string label;      // "the next NVIDIA consumer flagship (RTX 60 series)"
        std::string vendor;     // "NVIDIA"
        double knownSince = 0;  // fractional year
        std::string source;
    } roadmap;
};

struct Crosswalk;

struct DataSet {
    std::string directory;
    std::vector<HardwarePart> parts;
    std::vector<OpenModel> openModels;
    std::vector<FrontierModel> frontierModels;
    // Frontier rows marked "generally_available": false (a preview announced as not publicly
    // available): listed in the report, never the frontier, a target or the evidence end.
    std::vector<FrontierModel> previewModels;
    std::string qualityIndexName;
    double scoreSnapshot = 0;                // the date of the index snapshot behind `quality`
    std::vector<double> earlierSnapshots;    // dates of earlier snapshots (rolling back-test only)
    std::string qualityIndexSource;
    std::string quantReferenceModel;
    double quantReferenceParamsB = 0;
    std::vector<QuantLevel> quantLevels;
    std::vector<Measurement> measurements;
    std::vector<TrendFigure> trends;
    std::vector<AssumptionDef> assumptions;
    PriceBook prices; // street and used prices over time (prices.json), aligned with parts
    Settings settings;
    std::vector<std::string> warnings; // unknown fields and the like: reported, not fatal

    // Newest release date in any catalog (previews excluded). The default as-of is today's month
    // (clock.h, latestAsOf()), not this.
    double newestDate() const;
    // data/calibration.json, read by loadDataSet when the directory has one (null otherwise, and for
    // a data set made in memory: Engine(DataSet, Calibration) takes one made elsewhere).
    std::shared_ptr<const Calibration> calibration;
    // data/economics.json (economics.h), read by loadDataSet when the directory has one (null otherwise).
    std::shared_ptr<const EconomicsData> economics;
    // data/crosswalk.json (crosswalk.h), fitted and applied by loadDataSet when the directory has one.
    std::shared_ptr<const Crosswalk> crosswalk;

    const AssumptionDef *assumption(const std::string &name) const;
    const HardwarePart *part(const std::string &name) const;
    const FrontierModel *frontier(const std::string &name) const;
    const OpenModel *openModel(const std::string &name) const;
};

// The latest as-of a scenario may ask for, and the default: the month that contains ff::today()
// (its middle, as "YYYY-MM" reads).
double latestAsOf();

// Deepest nesting of arrays and objects any input file may have. The data files need 4 levels
// and a scenario 2; a limit keeps a crafted file (70,000 levels in 200 KB) from exhausting the
// stack of whatever walks the parsed document recursively.
constexpr int kMaxJsonDepth = 64;
// Most parts in hardware.json (39 today). The solver's market work grows with the square of the
// part count (pairwise dominance): `report --samples 0` took 0.25 s with 39 parts, 0.64 s with
// 500, 1.3 s with 1,000, 2.8 s with 2,000 and 54 s with 30,000, so the bound stays at 1,000.
constexpr std::size_t kMaxParts = 1000;
// Most entries in settings.budgets_usd and settings.scenario_years (each is a solve per row).
constexpr std::size_t kMaxSettingsList = 16;

// Reads a regular file's bytes, at most maxBytes (counted while reading, not trusted from the
// size: /proc files report 0). Refuses directories, FIFOs, sockets and devices with a message
// rather than hanging on a FIFO without a writer or reading a pipe as empty. Throws DataError.
std::string readFileCapped(const std::string &path, std::size_t maxBytes);
// Parses UTF-8 JSON text: refuses nesting deeper than kMaxJsonDepth and a key repeated in one
// object (JSON would silently keep the last value). Throws DataError naming the file.
nlohmann::json parseJsonText(const std::string &text, const std::string &file);
// readFileCapped + parseJsonText.
nlohmann::json readJsonFile(const std::string &path, std::size_t maxBytes = 16u << 20);

// Text from an input file made safe to print in a message or on a terminal: control characters
// (C0, DEL, C1) and NUL become \xNN escapes; newlines too unless keepNewlines.
std::string printable(const std::string &s, bool keepNewlines = false);

// Parses one data file's content (exposed for tests and fuzzing).
void parseHardware(const nlohmann::json &j, const std::string &file, DataSet &out);
void parseModels(const nlohmann::json &j, const std::string &file, DataSet &out);
void parseQuantization(const nlohmann::json &j, const std::string &file, DataSet &out);
void parseMeasurements(const nlohmann::json &j, const std::string &file, DataSet &out);
void parseTrends(const nlohmann::json &j, const std::string &file, DataSet &out);
void parseAssumptions(const nlohmann::json &j, const std::string &file, DataSet &out);

// Cross-file checks (duplicate names, empty catalogs, default target present, ...).
void validateDataSet(const DataSet &d);

} // namespace ff

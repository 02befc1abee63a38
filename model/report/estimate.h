#pragma once
// `frontier-forecast estimate`: the calibrated roofline for one model on one box, built from a
// catalog part and model and/or explicit figures. The command line only parses options into an
// EstimateRequest; everything computed and printed is here.
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "physics/roofline.h"

namespace ff {

class Engine;

// A request that cannot be answered as given (an unknown name, a missing figure, figures that
// contradict each other). The message names the option (e.g. "--bits"); the command line exits 2.
struct EstimateInputError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

struct EstimateRequest {
    std::string hardware;            // a part in hardware.json ("": none)
    int gpus = 1;
    std::optional<SystemKind> kind;  // --kind; taken from the part when one is named
    std::string model;               // an open model in models.json ("": none)
    std::string quant;               // a level in quantization.json, "native", or "": the model's own / --bits
    // Explicit figures (override the catalog's).
    std::optional<double> bandwidthGbps, memoryGb, tflops, ramGb, ramBandwidthGbps;
    std::optional<double> paramsTotalB, paramsActiveB, bits, kvBytesPerToken;
    double contextTokens = 0;
};

struct EstimateResult {
    const HardwarePart *part = nullptr;
    const OpenModel *model = nullptr;
    std::string quantName;
    BoxSpec box;
    ModelShape shape;
    Efficiency eff;
    Estimate e;
    double contextTokens = 0;
    // Which kind's decode constants applied and whether they were fitted or pooled.
    SystemKind kind = SystemKind::Gpu;
    bool kindFromPart = false;
    bool kindFitted = false;
    std::string kindNote;
    // The compute figure prefill (and the decode arithmetic) used and the family rate applied to it.
    std::string prefillFamily, prefillKind, prefillFallback;
    double prefillShare = 0;      // achieved share of the figure
    double decodeComputeTflops = 0; // the decode arithmetic's achieved rate (0: no term)
};

// Throws EstimateInputError for a request it cannot answer.
EstimateResult runEstimate(const Engine &engine, const EstimateRequest &request);
nlohmann::ordered_json estimateJson(const EstimateResult &r);
std::string estimateText(const EstimateResult &r);

} // namespace ff

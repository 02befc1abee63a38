#pragma once
// The speed model calibrated on the measured llama.cpp runs in data/measurements.json.
//
// Decode, one token (weighted least squares on time per token, residuals relative to the
// measured time):
//     t = W / (eta BW) + K(depth) / (eta_kv[g] BW) + t_fixed(kind) + (gpus - 1) t_gpu
// W: bytes of active weights (params_active x bits / 8), K: KV bytes read at that depth (layers
// with a sliding window stop growing at the window), BW: peak bandwidth of one card (llama.cpp
// splits layers, so a token visits the cards one after another), g: the llama.cpp generation of
// the measurement (KV reads got much faster with flash attention), kind: discrete GPU or
// unified memory. Prefill: the achieved share of the part's quoted FP16 peak, geometric mean per
// kind of FLOPS figure. See model/README.md, "Calibration".
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assumptions.h"
#include "dataset.h"
#include "roofline.h"

namespace ff {

// Where the KV bytes per context token of a measured model come from. The cache read per token
// at depth D is grows * D + window * min(D, windowTokens).
struct KvArchitecture {
    std::string model;                 // as named in measurements.json
    double growingBytesPerToken = 0;   // layers attending to the whole context
    double windowBytesPerToken = 0;    // sliding-window layers (stop growing at windowTokens)
    double windowTokens = 0;
    std::string source;
};

// A generation of the runtime: measurements whose source contains `sourceContains`.
struct SoftwareGeneration {
    std::string name;
    std::string sourceContains;
    double date = 0; // fractional year; the newest generation is the one the forecast uses
};

struct CalibrationInputs {
    std::vector<KvArchitecture> kv;
    std::vector<SoftwareGeneration> generations;
    double flatRuleEfficiency = 0.55;   // the plain rule the fit is compared with
    double longContextTokens = 8192;    // "long context" family: depth at least this
    double prefillMaxPromptTokens = 2048;
    std::string prefillReferenceFlopsKind = "tensor-fp16acc"; // the FLOPS figure the forecast's efficiency refers to
};

struct ErrorStats {
    std::string family;
    int n = 0;
    double medianApe = 0, p90Ape = 0;         // calibrated model, percent
    double flatMedianApe = 0, flatP90Ape = 0; // the flat rule, percent
};

struct KvGenerationFit {
    std::string generation;
    int n = 0;                 // fitted rows of that generation
    double efficiency = 0;     // achieved share of peak bandwidth reading the KV cache
};

struct PrefillFit {
    std::string flopsKind;     // hardware.json fp16_tflops_kind ("all" for one constant over every kind)
    int n = 0;
    double efficiency = 0;     // geometric mean of achieved / quoted peak
    double medianApe = 0, p90Ape = 0;
};

struct Calibration {
    CalibrationInputs inputs;
    std::string source;
    std::string method;
    // Decode.
    double bandwidthEfficiency = 0;        // weights stream at this share of peak
    double kvEfficiency = 0;               // newest generation: what the forecast uses
    std::vector<KvGenerationFit> kvByGeneration;
    double fixedSecondsGpu = 0;            // per token, discrete GPU boxes
    double fixedSecondsUnified = 0;        // per token, unified-memory systems
    double secondsPerExtraGpu = 0;         // per token and extra card in a layer split
    int n = 0;                             // decode rows fitted
    int excluded = 0;                      // decode rows not fitted (devices outside the catalog, no KV source)
    double r2Log = 0;                      // R2 of log tokens/s over the fitted rows
    std::vector<ErrorStats> decodeErrors;  // overall first
    // Prefill.
    double computeEfficiency = 0;          // for inputs.prefillReferenceFlopsKind
    std::vector<PrefillFit> prefill;       // per FLOPS kind, then "all"
};

// One measured row joined with its device and model architecture (for fits, stats and tests).
struct CalibrationRow {
    const Measurement *m = nullptr;
    std::string vendor;
    bool unified = false;
    bool inCatalog = false;     // the device is a buyer option in hardware.json
    bool hasKv = false;         // the model's KV architecture is sourced
    double bandwidthGbps = 0;   // peak of one card
    std::optional<double> tflops;
    std::string tflopsKind;
    double promptTokens = 0;    // prefill rows
    int generation = -1;        // index into inputs.generations
    double weightsGb = 0;       // active weights read per token
    double kvReadGb = 0;        // KV read per token at the row's depth
    bool moe = false;
    bool fitted = false;        // used by the decode fit
};

// Reads data/calibration.json (inputs, fitted constants, statistics). Throws DataError naming the
// file and the field.
Calibration loadCalibration(const std::string &dataDir);
Calibration parseCalibration(const nlohmann::json &j, const std::string &file);
// Only the inputs section (what a refit needs).
CalibrationInputs parseCalibrationInputs(const nlohmann::json &j, const std::string &file);

// Joins every measurement of `d` with its device (hardware.json, or measurements.json
// other_devices) and KV architecture. Throws DataError when a device or generation is unknown.
std::vector<CalibrationRow> calibrationRows(const DataSet &d, const CalibrationInputs &in);

// Refits every constant and statistic from the measurements of `d` (its directory is read for the
// device details the DataSet does not keep). Deterministic: the test compares it with the file.
Calibration fitCalibration(const DataSet &d, const CalibrationInputs &in);

// The file's content for a calibration (numbers rounded to 6 significant digits).
nlohmann::ordered_json calibrationJson(const Calibration &c);

// The roofline's constants as fitted (estimate, claims): overhead as given.
Efficiency calibratedEfficiency(const Calibration &c, double overheadGb = 1.5);
// For the engine: the sliders stay in charge of the weight and prefill shares (their defaults
// should be the fitted values); the KV share moves with the weight share in proportion, and the
// fixed per-token times come from the fit.
Efficiency calibratedEfficiency(const Calibration &c, const Params &p);

// Predicted decode tokens/s of a measured row with the calibration (its own generation's KV
// share) or, when flatRule, with inputs.flatRuleEfficiency of peak and nothing else.
double predictDecode(const Calibration &c, const CalibrationRow &r, bool flatRule = false);
// The bandwidth roofline of the row: peak BW / bytes per token.
double decodeRoofline(const CalibrationRow &r);
// The BoxSpec and ModelShape that reproduce a row in ff::estimate (memory is not limiting: it ran).
BoxSpec rowBox(const CalibrationRow &r);
ModelShape rowShape(const CalibrationRow &r);

} // namespace ff

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

#include "data/assumptions.h"
#include "data/dataset.h"
#include "physics/roofline.h"

namespace ff {

// Where the KV bytes per context token of a measured model come from. The cache read per token
// at depth D is grows * D + window * min(D, windowTokens).
struct KvArchitecture {
    std::string model;                 // as named in measurements.json
    double growingBytesPerToken = 0;   // layers attending to the whole context
    double windowBytesPerToken = 0;    // sliding-window layers (stop growing at windowTokens)
    double windowTokens = 0;
    // Prefill attention width (heads x head_dim summed over layers): full-attention layers and
    // sliding-window layers (0 and 0: not sourced; the model's prefill rows are not fitted).
    double attentionFullDim = 0;
    double attentionWindowDim = 0;
    std::string source;
    bool hasAttention() const { return attentionFullDim + attentionWindowDim > 0; }
};

// A generation of the runtime: measurements whose source contains `sourceContains`.
struct SoftwareGeneration {
    std::string name;
    std::string sourceContains;
    double date = 0; // fractional year; the newest generation is the one the forecast uses
    // false: its rows cannot tell the KV read apart (short runs at one depth); they read the KV cache
    // at the share of the newest generation that is fitted, and it never is the forecast's generation.
    bool kvFitted = true;
};

// A past era of llama.cpp's prefill kernels on one vendor's parts: its rows get their own fitted
// rate scale and attention share; every other row is the current era (scale 1, what the forecast uses).
struct PrefillEra {
    std::string name;
    std::string vendor;
    std::string sourceContains;
    std::string why;
    bool fitted = true; // false: its prompt rows are kept and listed but not fitted (why says so)
};

// The host CPU's achieved matrix rate: the compute limit on weights offloaded to system RAM and on a
// CPU-only box (no measured offload decode rows exist to fit it).
struct HostCpu {
    double tflops = 0;
    std::string source;
};

struct CalibrationInputs {
    std::vector<KvArchitecture> kv;
    HostCpu hostCpu;
    std::vector<SoftwareGeneration> generations;
    std::vector<PrefillEra> prefillEras;
    std::string prefillCurrentEra = "current";
    // Backends whose prefill rows are fitted (empty backend: the vendor's native one, fitted); rows
    // on any other backend (Vulkan, SYCL on an NVIDIA or AMD part) are shown but not fitted.
    std::vector<std::string> prefillBackends;
    std::string prefillBackendsWhy;
    double flatRuleEfficiency = 0.55;   // the plain rule the fit is compared with
    double longContextTokens = 8192;    // "long context" family: depth at least this
    // Decode row weights: a hardware family of n rows weighs n / (n + familyPriorRows) in the fit
    // (0: every family weighs the same whatever its rows, so one run of a new family weighs as much
    // as a family of hundreds).
    double familyPriorRows = 0;
    double prefillMaxPromptTokens = 2048;
    std::string prefillReferenceFlopsKind = "tensor-fp16acc"; // the FLOPS figure the forecast's efficiency refers to
};

struct ErrorStats {
    std::string family;
    int n = 0;
    double medianApe = 0, p90Ape = 0;         // calibrated model, percent
    double flatMedianApe = 0, flatP90Ape = 0; // the flat rule, percent
};

// Decode constants of one kind of system (roofline.h SystemKind). Kinds without measured decode rows
// (fitted = false) carry the pooled constants of the fitted kinds and say so in `note`.
struct DecodeKindFit {
    std::string kind;             // systemKindName()
    bool fitted = false;
    int n = 0;                    // decode rows fitted
    double weightEfficiency = 0;  // weights stream at this share of peak bandwidth
    double fixedSeconds = 0;      // per token
    double computeShare = 0;      // decode arithmetic (2 FLOPs per active parameter) at this share of the part's achieved prefill rate
    double moeSeconds = 0;        // an MoE model's extra time per token on this kind (fitted, or the measured kinds' mean)
    std::string note;
};

// A hardware family with a single fitted decode run (an imported part of a family never measured):
// in a model where each family could have its own fixed time, one run identifies only that time
// (it fits the run exactly) and says nothing about the terms families share, so it refits its own
// family's fixed time against the shared constants instead of entering the shared fit, where its
// leverage could move every other family's constants (issue 27). Its parts decode with it.
struct DecodeFamilyFit {
    std::string family;        // hardware.json arch_family (or other_devices')
    std::string kind;          // systemKindName()
    int n = 0;                 // decode runs (1)
    double fixedSeconds = 0;   // per token: the run's time less the shared terms' prediction (at least 0)
};

// Decode error of one group of rows (a kind, or all): in sample, with each hardware family left
// out of the fit, and with each source (publication / table) left out.
struct DecodeCvStats {
    std::string group;
    int n = 0;
    double medianApe = 0, p90Ape = 0;             // in sample
    double familyOutMedianApe = 0, familyOutP90Ape = 0;
    double sourceOutMedianApe = 0, sourceOutP90Ape = 0;
};

struct KvGenerationFit {
    std::string generation;
    int n = 0;                 // fitted rows of that generation
    double efficiency = 0;     // achieved share of peak bandwidth reading the KV cache
};

// Prefill rate of one architecture family: achieved share of the parts' prefill_tops figure at the
// newest runtime generation. Families with no measured rows carry the fallback (fitted = false).
struct PrefillFamilyFit {
    std::string family;        // hardware.json arch_family
    std::string figureKind;    // hardware.json prefill_tops_kind of its parts
    bool fitted = false;
    int n = 0;                 // prefill rows fitted
    int parts = 0;             // distinct measured parts among them (the weight in other families' fallback)
    double efficiency = 0;     // what the forecast uses: fitted, or the fallback when not fitted
    double medianApe = 0, p90Ape = 0;     // in sample, percent
    double cvEfficiency = 0;              // the fallback the family gets when it is left out
    double cvMedianApe = 0, cvP90Ape = 0; // its rows predicted with that fallback (left out of the fit)
};

struct PrefillGenerationFit {
    std::string generation;
    int n = 0;
    double scale = 1;                // rate relative to the newest generation (newest: 1)
    double f16Scale = 1;             // F16/BF16 weights relative to quantized ones in this era (1: not fitted)
    double attentionEfficiency = 1;  // attention FLOPs at this share of the weight-matmul rate
};

// Attention width of a model of unknown architecture: coef * Deff^exponent, fitted in logs over
// the measured models with a sourced architecture (Deff = sqrt(active x total), billions).
struct AttentionLaw {
    double coef = 0, exponent = 0, r2 = 0;
    int n = 0;
};

// One entry of data/catalog_changes.json: a catalog or calibration row changed in a round.
struct CatalogChange {
    std::string round, file, row, field, oldValue, newValue, source;
};
// Reads dataDir/catalog_changes.json (none when the file is absent). Throws DataError naming the
// file and the field.
std::vector<CatalogChange> loadCatalogChanges(const std::string &dataDir);

struct Calibration {
    CalibrationInputs inputs;
    std::vector<CatalogChange> catalogChanges; // data/catalog_changes.json (shown in the report; not part of calibration.json)
    std::string source;
    std::string method;
    // Decode.
    double bandwidthEfficiency = 0;        // weights stream at this share of peak
    double kvEfficiency = 0;               // newest generation: what the forecast uses
    std::vector<KvGenerationFit> kvByGeneration;
    double fixedSecondsGpu = 0;            // per token, discrete GPU boxes
    double fixedSecondsUnified = 0;        // per token, unified-memory systems
    double secondsPerExtraGpu = 0;         // per token and extra card in a layer split
    std::vector<DecodeKindFit> decodeKinds; // gpu, apple, unified, cpu (SystemKind order)
    std::vector<DecodeFamilyFit> decodeFamilies; // families of a single run, fitted on their own (sorted by name)
    // MoE: each kind with measured MoE rows has its own MoE time per token (DecodeKindFit::moeSeconds,
    // fitted jointly with the other terms: its own launch and sync costs); a kind without them gets the
    // mean of the measured kinds'.
    double moeSecondsPerToken = 0;         // the gpu kind's MoE time, for display
    std::vector<DecodeCvStats> decodeCvByKind; // overall first, then each kind with rows
    std::vector<ErrorStats> decodeCvSourceErrors; // each source left out (overall first; no flat-rule figures)
    int n = 0;                             // decode rows fitted
    int excluded = 0;                      // decode rows not fitted (devices outside the catalog, no KV source)
    double r2Log = 0;                      // R2 of log tokens/s over the fitted rows
    std::vector<ErrorStats> decodeErrors;  // overall first
    std::vector<ErrorStats> decodeCvErrors; // each architecture family left out of the fit (overall first; no flat-rule figures)
    // Prefill: t = (W + A / eta_att[g]) / (e[family] s[g] F), F = the part's prefill_tops.
    double computeEfficiency = 0;          // pooled fallback: geometric mean of the fitted families' e (the slider's reference)
    double attentionEfficiency = 1;        // newest generation's eta_att
    double prefillMoeScale = 1;            // MoE models prefill at this share of a dense model's rate (fitted, every family)
    std::vector<PrefillFamilyFit> prefillFamilies; // the fitted families
    std::vector<PrefillGenerationFit> prefillGenerations;
    AttentionLaw attentionLaw;
    int prefillN = 0, prefillExcluded = 0;
    double prefillMedianApe = 0, prefillP90Ape = 0;     // in sample, every fitted row
    double prefillCvMedianApe = 0, prefillCvP90Ape = 0; // each row predicted with its family left out
    // The same, each part weighted equally (a part's rows at many depths are one piece of evidence).
    double prefillCvPartMedianApe = 0, prefillCvPartP90Ape = 0;
    int prefillParts = 0;
    std::vector<std::pair<std::string, int>> prefillExcludedBy; // prompt rows not fitted, by reason (sorted)
    // Achieved share of prefill_tops for a part of `family` whose figure is of `figureKind`: the
    // family's fit, else (a family never measured) the geometric mean of the fitted families with
    // figures of that kind, else computeEfficiency. `fallback` (when given) says which applied.
    double prefillEfficiency(const std::string &family, const std::string &figureKind, std::string *fallback = nullptr) const;
    // The decode fixed time per token of a part of `family`: its own when fitted on its own
    // (decodeFamilies), else -1 (the box takes its kind's, Efficiency::fixedSeconds).
    double decodeFamilyFixedSeconds(const std::string &family) const;
};

// One measured row joined with its device and model architecture (for fits, stats and tests).
struct CalibrationRow {
    const Measurement *m = nullptr;
    std::string vendor;
    bool unified = false;
    bool inCatalog = false;     // the device is a buyer option in hardware.json
    bool decodeFitted = false;  // a measured-only device (other_devices) the decode fit takes
    bool hasKv = false;         // the model's KV architecture is sourced
    double bandwidthGbps = 0;   // peak of one card
    std::optional<double> tflops;
    std::string tflopsKind;
    std::optional<double> prefillTops; // the part's prefill_tops (catalog parts)
    std::string prefillTopsKind;
    std::string archFamily;
    SystemKind kind = SystemKind::Gpu;
    double attentionFullDim = 0, attentionWindowDim = 0, windowTokens = 0;
    bool hasAttention = false;
    bool prefillFitted = false; // used by the prefill fit
    std::string prefillNotFitted; // why a prefill row is not fitted (empty when it is)
    int prefillEra = -1;        // index into inputs.prefillEras (-1: the current era)
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
// device details the DataSet does not keep). Deterministic: the same data give the same file, byte
// for byte (calibrationJson); `frontier-forecast-calibrate` writes it and tst_calibration checks the
// shipped data/calibration.json is what it gives.
Calibration fitCalibration(const DataSet &d, const CalibrationInputs &in);

// Before any measurement: the plain rule (a flat share of peak bandwidth, no other term) in `c`.
void applyFlatRule(Calibration &c);

// The file's content for a calibration (numbers rounded to 6 significant digits), and the file's
// exact text (2-space indent, final newline): what frontier-forecast-calibrate writes.
nlohmann::ordered_json calibrationJson(const Calibration &c);
std::string calibrationText(const Calibration &c);

// The roofline's constants as fitted (estimate, claims): overhead as given.
Efficiency calibratedEfficiency(const Calibration &c, double overheadGb = 1.5);
// For the engine: the sliders stay in charge of the weight and prefill shares (their defaults
// should be the fitted values); the KV share moves with the weight share in proportion, and the
// fixed per-token times come from the fit.
Efficiency calibratedEfficiency(const Calibration &c, const Params &p);
// What calibratedEfficiency(c, p) takes from the calibration alone, worked out once: the engine asks
// for the efficiency in its innermost searches, and the per-kind terms and the prefill cap need a
// pass over the fit each time. calibratedEfficiency(c, efficiencyBase(c), p) == calibratedEfficiency(c, p).
struct EfficiencyBase {
    Efficiency eff;          // calibratedEfficiency(c, 0.0)
    bool capped = false;     // the compute slider is capped (the calibration has a compute share)
    double computeCap = 0;   // then at this share
};
EfficiencyBase efficiencyBase(const Calibration &c);
// The scenario's inputs to the efficiency, all of them: calibratedEfficiency(c, base, p) reads p only
// through this, so a cache keyed on it (the solver workspace's) cannot miss an input.
struct EfficiencyInputs {
    double runtimeOverheadGb = 0, bandwidthEfficiency = 0, computeEfficiency = 0;
    bool operator==(const EfficiencyInputs &o) const
    {
        return runtimeOverheadGb == o.runtimeOverheadGb && bandwidthEfficiency == o.bandwidthEfficiency &&
               computeEfficiency == o.computeEfficiency;
    }
};
EfficiencyInputs efficiencyInputs(const Params &p);
Efficiency calibratedEfficiency(const Calibration &c, const EfficiencyBase &base, const Params &p);

// Predicted decode tokens/s of a measured row with the calibration (its own generation's KV
// share) or, when flatRule, with inputs.flatRuleEfficiency of peak and nothing else.
double predictDecode(const Calibration &c, const CalibrationRow &r, bool flatRule = false);
// The bandwidth roofline of the row: peak BW / bytes per token.
double decodeRoofline(const CalibrationRow &r);
// The BoxSpec and ModelShape that reproduce a row in ff::estimate (memory is not limiting: it ran).
// With the calibration, the box carries the part's prefill rate (the decode arithmetic term).
BoxSpec rowBox(const CalibrationRow &r);
BoxSpec rowBox(const CalibrationRow &r, const Calibration &c);
// The system kind of a catalog part: gpu, apple (an Apple unified-memory Mac) or unified (others).
SystemKind systemKindOf(const HardwarePart &part);
// The decode constants of a kind (c.decodeKinds; the gpu kind when absent).
const DecodeKindFit &decodeKind(const Calibration &c, SystemKind k);
ModelShape rowShape(const CalibrationRow &r);

// Predicted prefill tokens/s of a measured prefill row: its family's rate (or `efficiency` when
// > 0), its generation's scale and attention share.
double predictPrefill(const Calibration &c, const CalibrationRow &r, double efficiency = 0);
// The part's prefill rate in BoxSpec::tflops units (achieved TFLOPS / c.computeEfficiency), 0 when
// the part has no sourced prefill figure.
double prefillTflopsOf(const Calibration &c, const HardwarePart &part);

} // namespace ff

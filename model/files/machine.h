#pragma once
// "This machine": the box in front of the user, detected (nvidia-smi, /sys/class/drm, lspci,
// /proc/meminfo) or described ("RTX 4090 + 64 GB", "2x RTX 3090 + 128 GB", a catalog name), and
// what it runs at API speed today, how far that is from the target, and which purchase within the
// budget reaches parity first. The parsers take the tools' text, so they are tested on fixtures;
// io/machinedetect.h runs the tools and reads the files (the model probes nothing itself).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/assumptions.h"
#include "data/dataset.h"
#include "solver/forecast.h"

namespace ff {

struct DetectedGpu {
    std::string name;     // as the tool names it
    double memoryGb = 0;  // 0: not reported
    std::string source;   // "nvidia-smi", "lspci", "sysfs"
};

// `nvidia-smi --query-gpu=name,memory.total --format=csv` (header and units optional: noheader,nounits).
std::vector<DetectedGpu> parseNvidiaSmiCsv(const std::string &text);
// `lspci` lines of display controllers (VGA compatible, 3D, Display): the marketing name in the last [brackets].
std::vector<DetectedGpu> parseLspci(const std::string &text);
// One /sys/class/drm/cardN/device entry: its `vendor` file (0x10de, 0x1002, 0x8086) and, for amdgpu,
// `mem_info_vram_total` (bytes; empty when absent).
std::optional<DetectedGpu> parseDrmDevice(const std::string &vendorText, const std::string &vramTotalText);
// MemTotal of /proc/meminfo, GB (10^9 bytes).
std::optional<double> parseMeminfoGb(const std::string &text);

struct MachineSpec {
    std::string label;      // "RTX 4090 + 64 GB"
    std::string part;       // catalog part (hardware.json, or a device imported with a llama-bench run)
    int gpus = 1;
    std::optional<double> ramGb; // host RAM for offloaded weights (unset: the scenario's host_ram_gb)
    std::vector<std::string> notes; // how it was found
};

// What detection found: io/machinedetect.h fills it from the system.
struct DetectedMachine {
    std::vector<DetectedGpu> gpus;
    std::optional<double> ramGb; // /proc/meminfo's MemTotal, GB
};

// Matches detected devices to the catalog. Throws std::invalid_argument saying what could not be matched.
MachineSpec machineFromDetected(const DataSet &d, const std::vector<DetectedGpu> &gpus, std::optional<double> ramGb);
// "RTX 4090 + 64 GB", "2x RTX 3090 + 128 GB RAM", "DGX Spark", "Mac Studio M4 Max 128GB". Throws
// std::invalid_argument naming what is wrong and the valid part names.
MachineSpec parseBoxDescription(const DataSet &d, const std::string &text);

// How a model sits in a box's memory, as local-LLM calculators say it: runs (at least 10% of the
// memory left over), tight (it fits with less than 10% left) or does not fit.
enum class FitLevel { Runs, Tight, DoesNotFit };
constexpr double kTightHeadroom = 0.10;
FitLevel fitLevel(double memoryGb, double capacityGb);
const char *fitLevelName(FitLevel f); // "runs", "tight", "does not fit"

struct MachineRun {
    bool found = false;
    std::string model, quant;
    // memoryGb split: weights, KV cache at the task's context, the runtime's overhead.
    double weightsGb = 0, kvGb = 0, overheadGb = 0;
    FitLevel fit = FitLevel::DoesNotFit;
    double quality = 0;          // after quantization loss, on the yardstick's scale
    bool derived = false;        // the model's score is derived (crosswalk.h): shown as "derived"
    double decodeTokensPerS = 0; // calibrated
    double decodeBoundTokensPerS = 0; // the bandwidth roofline
    double memoryGb = 0, offloadGb = 0, capacityGb = 0;
};

struct MachineReport {
    MachineSpec spec;
    double asOf = 0;
    double targetTokensPerS = 0, contextTokens = 0;
    std::string target;
    double targetQuality = 0;
    std::string qualityUnit;         // "ECI points" or "log-odds"
    MachineRun atApiSpeed;           // best catalog model at API speed on it today
    MachineRun largestFit;           // the best model that fits at any speed
    // Each catalog model that fits, at its best precision at API speed (else its best at any speed),
    // best first: what else the box runs.
    std::vector<MachineRun> runs;
    // Each scored catalog model that fits at no precision (its smallest footprint): what it would need.
    std::vector<MachineRun> tooBig;
    double gapPoints = 0;            // target quality - best at API speed
    // The progress bar: the quality of the catalog's best model this box runs at API speed over the
    // target's quality, clamped to [0, 1] (0 when nothing runs at API speed or the scale is not positive).
    double qualityShare = 0;
    std::string matchesFrontier;     // first frontier model at least as good as the best at API speed
    double matchesFrontierYear = 0;
    double lagYears = 0;
    double runsDeffB = 0, needsDeffB = 0; // dense-equivalent size at API speed on it vs what the target needs today
    bool reachesByLaw = false;
    double lawYear = 0;              // when the law's required size falls to what it runs (this box, no purchase)
    bool lawDue = false;             // lawYear is at or before as-of: due by the law since then, not observed
    ParityResult purchase;           // the budget's answer: the box bought that reaches parity first
    double budgetUsd = 0;
};

// `computed`: the scenario's result when the caller has it (the window), else it is computed here.
MachineReport analyseMachine(const Engine &engine, const Scenario &s, const MachineSpec &m, const Result *computed = nullptr);
std::string machineText(const MachineReport &r);
nlohmann::ordered_json machineJson(const MachineReport &r);

} // namespace ff

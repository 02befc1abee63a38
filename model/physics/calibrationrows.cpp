// The measured rows the calibration fits: each measurement joined with its device (hardware.json or
// measurements.json other_devices), its runtime generation, KV architecture and kernel era.
#include "physics/calibration.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "data/jsonread.h"

namespace ff {

namespace {

const char *kFile = "calibration.json";

bool contains(const std::string &s, const std::string &part) { return !part.empty() && s.find(part) != std::string::npos; }

struct Device {
    std::string vendor;
    bool unified = false;
    bool inCatalog = false;
    bool decodeFitted = false; // a measured-only device the decode fit takes (other_devices decode_fitted)
    double bandwidthGbps = 0;
    std::optional<double> tflops;
    std::string tflopsKind;
    std::optional<double> prefillTops;
    std::string prefillTopsKind;
    std::string archFamily;
};

// A measured-only device of measurements.json other_devices.
Device otherDevice(JsonObject &o)
{
    Device v;
    const std::string full = o.optStr("full_name");
    v.vendor = full.substr(0, full.find(' '));
    v.unified = v.vendor == "Apple"; // Apple silicon: one unified memory pool (the apple kind)
    // A measured-only device is left out of the decode fit (the datacenter HBM cards run in another
    // regime) unless the file says it belongs and why (a chip the catalog sells in another size).
    v.decodeFitted = o.boolean("decode_fitted", false);
    if (v.decodeFitted)
        o.str("decode_fitted_why");
    v.bandwidthGbps = o.num("bandwidth_gbps", 0.1, 1e6);
    v.tflops = o.optNum("fp16_tflops", 0, 1e7);
    v.tflopsKind = o.optStr("fp16_tflops_kind");
    // Measured-only devices with a sourced prefill figure join the prefill fit (they are
    // not buyer options, so never the decode fit's catalog rows).
    v.prefillTops = o.optNum("prefill_tops", 0.001, 1e7);
    if (v.prefillTops) {
        v.prefillTopsKind = o.str("prefill_tops_kind");
        o.str("prefill_tops_source");
    }
    v.archFamily = o.optStr("arch_family");
    return v;
}

// Every device a measurement may name: the catalog parts (with the kind of their FLOPS figure from
// hardware.json) and measurements.json other_devices.
std::map<std::string, Device> deviceTable(const DataSet &d, const nlohmann::json &hw, const nlohmann::json &ms)
{
    std::map<std::string, Device> devices;
    for (const auto &p : d.parts) {
        Device v;
        v.vendor = p.vendor;
        v.unified = p.kind == PartKind::Unified;
        v.inCatalog = true;
        v.bandwidthGbps = p.bandwidthGbps;
        v.tflops = p.fp16Tflops;
        v.prefillTops = p.prefillTops;
        v.prefillTopsKind = p.prefillTopsKind;
        v.archFamily = p.archFamily;
        devices[p.name] = v;
    }
    if (hw.contains("parts") && hw["parts"].is_array())
        for (const auto &p : hw["parts"])
            if (p.is_object() && p.contains("name") && p["name"].is_string() && devices.count(p["name"].get<std::string>()) &&
                p.contains("fp16_tflops_kind") && p["fp16_tflops_kind"].is_string())
                devices[p["name"].get<std::string>()].tflopsKind = p["fp16_tflops_kind"].get<std::string>();
    if (ms.contains("other_devices") && ms["other_devices"].is_array()) {
        const auto &od = ms["other_devices"];
        for (std::size_t i = 0; i < od.size(); ++i) {
            JsonObject o(od[i], "measurements.json", "other_devices[" + std::to_string(i) + "]");
            const Device v = otherDevice(o);
            devices[o.str("name")] = v;
        }
    }
    return devices;
}

// What the rows are joined with: the device table, the file's own rows (for details the DataSet does
// not keep) and the inputs.
struct RowSources {
    RowSources(const DataSet &data, const CalibrationInputs &inputs) : d(data), in(inputs) {}
    const DataSet &d;
    const CalibrationInputs &in;
    std::map<std::string, Device> devices;
    const nlohmann::json *raw = nullptr; // measurements.json "measurements", when an array
};

// What every row carries: its device, its runtime generation (when its source names one), its
// weights and KV read, its kernel era.
CalibrationRow joinedRow(const RowSources &s, std::size_t i)
{
    const Measurement &m = s.d.measurements[i];
    const auto dev = s.devices.find(m.hardware);
    if (dev == s.devices.end())
        throw DataError("measurements.json", "measurements[" + std::to_string(i) + "].hardware",
                        "\"" + m.hardware + "\" is neither in hardware.json nor in other_devices");
    CalibrationRow r;
    r.m = &m;
    r.vendor = dev->second.vendor;
    r.unified = dev->second.unified;
    r.inCatalog = dev->second.inCatalog;
    r.decodeFitted = dev->second.decodeFitted;
    r.bandwidthGbps = dev->second.bandwidthGbps;
    r.tflops = dev->second.tflops;
    r.tflopsKind = dev->second.tflopsKind;
    r.prefillTops = dev->second.prefillTops;
    r.prefillTopsKind = dev->second.prefillTopsKind;
    r.archFamily = dev->second.archFamily;
    r.kind = !r.unified ? SystemKind::Gpu : r.vendor == "Apple" ? SystemKind::Apple : SystemKind::Unified;
    for (std::size_t g = 0; g < s.in.generations.size(); ++g)
        if (contains(m.source, s.in.generations[g].sourceContains)) {
            r.generation = static_cast<int>(g);
            break;
        }
    r.weightsGb = m.paramsActiveB * m.bitsPerWeight / 8.0;
    r.moe = isMoe(m.paramsActiveB, m.paramsTotalB);
    for (const auto &k : s.in.kv)
        if (k.model == m.model) {
            r.hasKv = true;
            r.kvReadGb = (k.growingBytesPerToken * m.contextDepth +
                          k.windowBytesPerToken * std::min(m.contextDepth, k.windowTokens)) / 1e9;
            r.hasAttention = k.hasAttention();
            r.attentionFullDim = k.attentionFullDim;
            r.attentionWindowDim = k.attentionWindowDim;
            r.windowTokens = k.windowTokens;
        }
    for (std::size_t e = 0; e < s.in.prefillEras.size(); ++e)
        if (r.vendor == s.in.prefillEras[e].vendor && contains(m.source, s.in.prefillEras[e].sourceContains)) {
            r.prefillEra = static_cast<int>(e);
            break;
        }
    return r;
}

// The row's prompt length: the file's prompt_tokens, else its ppN test label, else (rows past the
// file's own: imported rows, model/files/userdata.h) what the measurement carries itself.
double promptTokensOf(const RowSources &s, std::size_t i)
{
    double tokens = 0;
    if (s.raw && i < s.raw->size() && (*s.raw)[i].is_object()) {
        const auto &x = (*s.raw)[i];
        if (x.contains("prompt_tokens") && x["prompt_tokens"].is_number())
            tokens = x["prompt_tokens"].get<double>();
        else if (x.contains("test_label") && x["test_label"].is_string()) {
            const std::string l = x["test_label"].get<std::string>();
            if (l.size() > 2 && l.compare(0, 2, "pp") == 0)
                tokens = std::atof(l.c_str() + 2);
        }
    }
    if (tokens <= 0)
        tokens = s.d.measurements[i].promptTokens;
    return tokens;
}

// Whether the row ran on a backend the fits cover (inputs.prefill_backends; none recorded: the
// vendor's native one).
bool nativeBackend(const Measurement &m, const CalibrationInputs &in)
{
    return m.backend.empty() || std::find(in.prefillBackends.begin(), in.prefillBackends.end(), m.backend) != in.prefillBackends.end();
}

// A decode row must have a runtime generation; the decode fit uses it on a catalog device (or a
// measured-only one marked decode_fitted) with a sourced KV architecture, run on a native backend
// (a Vulkan run of a tiny model on one card moved the gpu kind's fixed time by a quarter).
void decodeRow(CalibrationRow &r, std::size_t i, const CalibrationInputs &in)
{
    if (r.generation < 0)
        throw DataError(kFile, "inputs.software_generations",
                        "no generation's source_contains matches the source of measurements.json measurements[" +
                            std::to_string(i) + "]");
    r.fitted = (r.inCatalog || r.decodeFitted) && r.hasKv && nativeBackend(*r.m, in);
}

// A prompt (prefill) row needs no runtime generation (its kernel era is matched instead); the
// prefill fit uses it unless one of the reasons below applies.
void prefillRow(CalibrationRow &r, const CalibrationInputs &in)
{
    const Measurement &m = *r.m;
    if (r.generation < 0)
        r.generation = static_cast<int>(in.generations.size()) - 1;
    if (m.gpuCount != 1)
        r.prefillNotFitted = "more than one device";
    else if (!(r.promptTokens > 0))
        r.prefillNotFitted = "no prompt length";
    else if (!r.prefillTops)
        r.prefillNotFitted = "no sourced prefill figure for the device";
    else if (r.archFamily.empty())
        r.prefillNotFitted = "no architecture family";
    else if (!r.hasAttention)
        r.prefillNotFitted = "the model's attention shape is not sourced";
    else if (!nativeBackend(m, in))
        r.prefillNotFitted = "backend " + m.backend + " is not one the fit covers";
    else if (r.prefillEra >= 0 && !in.prefillEras[static_cast<std::size_t>(r.prefillEra)].fitted)
        r.prefillNotFitted = "kernel era not fitted: " + in.prefillEras[static_cast<std::size_t>(r.prefillEra)].name;
    r.prefillFitted = r.prefillNotFitted.empty();
}

} // namespace

std::vector<CalibrationRow> calibrationRows(const DataSet &d, const CalibrationInputs &in)
{
    // Details the DataSet does not keep: the kind of FLOPS figure, the prompt length, and the
    // datacenter devices measured but not in the buyer catalog.
    const nlohmann::json hw = readJsonFile(d.directory + "/hardware.json");
    const nlohmann::json ms = readJsonFile(d.directory + "/measurements.json");
    RowSources s(d, in);
    s.devices = deviceTable(d, hw, ms);
    s.raw = ms.contains("measurements") && ms["measurements"].is_array() ? &ms["measurements"] : nullptr;
    std::vector<CalibrationRow> rows;
    rows.reserve(d.measurements.size());
    for (std::size_t i = 0; i < d.measurements.size(); ++i) {
        CalibrationRow r = joinedRow(s, i);
        r.promptTokens = promptTokensOf(s, i);
        if (r.m->decode)
            decodeRow(r, i, s.in);
        else
            prefillRow(r, in);
        rows.push_back(r);
    }
    return rows;
}

} // namespace ff

#include "calibration.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include <Eigen/Dense>

#include "jsonread.h"

namespace ff {

namespace {

const char *kFile = "calibration.json";

// Linear interpolation between order statistics (the common "type 7" quantile).
double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    const double k = (static_cast<double>(v.size()) - 1.0) * q;
    const auto lo = static_cast<std::size_t>(std::floor(k));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (k - static_cast<double>(lo));
}

// Weighted quantile: the smallest value whose cumulative weight reaches q of the total.
double weightedQuantile(std::vector<std::pair<double, double>> v, double q)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    double total = 0;
    for (const auto &x : v)
        total += x.second;
    double cum = 0;
    for (const auto &x : v) {
        cum += x.second;
        if (cum >= q * total - 1e-12)
            return x.first;
    }
    return v.back().first;
}

double ape(double predicted, double measured) { return std::fabs(predicted - measured) / measured * 100.0; }

bool contains(const std::string &s, const std::string &part) { return !part.empty() && s.find(part) != std::string::npos; }

struct Device {
    std::string vendor;
    bool unified = false;
    bool inCatalog = false;
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
// file's own: imported rows, model/userdata.h) what the measurement carries itself.
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

// A decode row must have a runtime generation; the decode fit uses it on a catalog device with a
// sourced KV architecture.
void decodeRow(CalibrationRow &r, std::size_t i)
{
    if (r.generation < 0)
        throw DataError(kFile, "inputs.software_generations",
                        "no generation's source_contains matches the source of measurements.json measurements[" +
                            std::to_string(i) + "]");
    r.fitted = r.inCatalog && r.hasKv;
}

// A prompt (prefill) row needs no runtime generation (its kernel era is matched instead); the
// prefill fit uses it unless one of the reasons below applies.
void prefillRow(CalibrationRow &r, const CalibrationInputs &in)
{
    const Measurement &m = *r.m;
    if (r.generation < 0)
        r.generation = static_cast<int>(in.generations.size()) - 1;
    const bool nativeBackend = m.backend.empty() ||
                               std::find(in.prefillBackends.begin(), in.prefillBackends.end(), m.backend) != in.prefillBackends.end();
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
    else if (!nativeBackend)
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
            decodeRow(r, i);
        else
            prefillRow(r, in);
        rows.push_back(r);
    }
    return rows;
}

BoxSpec rowBox(const CalibrationRow &r)
{
    BoxSpec b;
    b.vramGb = 1e9; // it ran: memory is not what is being predicted
    b.bandwidthGbps = r.bandwidthGbps;
    b.tflops = r.tflops.value_or(0);
    b.gpus = r.m->gpuCount;
    b.unified = r.unified;
    b.kind = r.kind;
    return b;
}

namespace {
// The part's achieved prefill rate (TFLOPS, current kernels): its family's share of its figure, or
// `share` when given (a family left out of the fit gets its fallback). 0: no sourced figure.
double rowPrefillRate(const Calibration &c, const CalibrationRow &r, double share = 0)
{
    if (!r.prefillTops || !r.inCatalog)
        return 0;
    return (share > 0 ? share : c.prefillEfficiency(r.archFamily, r.prefillTopsKind)) * *r.prefillTops;
}
} // namespace

BoxSpec rowBox(const CalibrationRow &r, const Calibration &c)
{
    BoxSpec b = rowBox(r);
    b.tflops = c.computeEfficiency > 0 ? rowPrefillRate(c, r) / c.computeEfficiency : 0.0;
    b.peakTflops = r.prefillTops.value_or(0);
    return b;
}

SystemKind systemKindOf(const HardwarePart &part)
{
    if (part.kind != PartKind::Unified)
        return SystemKind::Gpu;
    return part.vendor == "Apple" ? SystemKind::Apple : SystemKind::Unified;
}

const DecodeKindFit &decodeKind(const Calibration &c, SystemKind k)
{
    static const DecodeKindFit none;
    const auto i = static_cast<std::size_t>(k);
    if (i < c.decodeKinds.size())
        return c.decodeKinds[i];
    return c.decodeKinds.empty() ? none : c.decodeKinds.front();
}

void applyFlatRule(Calibration &c)
{
    c.bandwidthEfficiency = c.inputs.flatRuleEfficiency;
    c.kvEfficiency = c.inputs.flatRuleEfficiency;
    c.fixedSecondsGpu = c.fixedSecondsUnified = c.secondsPerExtraGpu = 0;
    c.moeSecondsPerToken = 0;
    c.decodeKinds.assign(kSystemKinds, DecodeKindFit{});
    for (int k = 0; k < kSystemKinds; ++k) {
        DecodeKindFit &f = c.decodeKinds[static_cast<std::size_t>(k)];
        f.kind = systemKindName(static_cast<SystemKind>(k));
        f.weightEfficiency = c.inputs.flatRuleEfficiency;
        f.note = "the plain rule (no measurements)";
    }
}

ModelShape rowShape(const CalibrationRow &r)
{
    ModelShape s;
    s.paramsTotalB = r.m->paramsTotalB;
    s.paramsActiveB = r.m->paramsActiveB;
    s.bitsPerWeight = r.m->bitsPerWeight;
    s.kvBytesPerToken = r.m->contextDepth > 0 ? r.kvReadGb * 1e9 / r.m->contextDepth : 0.0;
    return s;
}

double decodeRoofline(const CalibrationRow &r)
{
    return 1.0 / ((r.weightsGb + r.kvReadGb) / r.bandwidthGbps);
}

double predictDecode(const Calibration &c, const CalibrationRow &r, bool flatRule)
{
    Efficiency e;
    e.overheadGb = 0;
    if (flatRule) {
        e.bandwidth = c.inputs.flatRuleEfficiency;
    } else {
        e = calibratedEfficiency(c, 0.0);
        if (r.generation >= 0 && static_cast<std::size_t>(r.generation) < c.kvByGeneration.size() &&
            c.kvByGeneration[static_cast<std::size_t>(r.generation)].efficiency > 0)
            e.kvBandwidth = c.kvByGeneration[static_cast<std::size_t>(r.generation)].efficiency;
    }
    return estimate(flatRule ? rowBox(r) : rowBox(r, c), rowShape(r), r.m->contextDepth, e).decodeTokensPerS;
}

Efficiency calibratedEfficiency(const Calibration &c, double overheadGb)
{
    Efficiency e;
    e.bandwidth = c.bandwidthEfficiency;
    e.kvBandwidth = c.kvEfficiency;
    e.compute = c.computeEfficiency;
    e.overheadGb = overheadGb;
    // Per kind: the weight share relative to the GPU kind's (the slider's reference), the fixed
    // time, the decode arithmetic (its share of the achieved prefill rate, in units of the box's
    // tflops = achieved / computeEfficiency), the MoE cost.
    for (int k = 0; k < kSystemKinds; ++k) {
        const DecodeKindFit &f = decodeKind(c, static_cast<SystemKind>(k));
        KindDecode &kd = e.kinds[k];
        kd.bandwidthScale = c.bandwidthEfficiency > 0 && f.weightEfficiency > 0 ? f.weightEfficiency / c.bandwidthEfficiency : 1.0;
        kd.fixedSeconds = f.fixedSeconds;
        kd.computeShare = f.computeShare * c.computeEfficiency;
        kd.moeSeconds = f.moeSeconds;
    }
    e.hostCpuTflops = c.inputs.hostCpu.tflops;
    e.secondsPerExtraGpu = c.secondsPerExtraGpu;
    e.attentionEfficiency = c.attentionEfficiency;
    e.prefillMoe = std::min(1.0, c.prefillMoeScale);
    e.attentionLawCoef = c.attentionLaw.coef;
    e.attentionLawExp = c.attentionLaw.exponent;
    return e;
}

Efficiency calibratedEfficiency(const Calibration &c, const Params &p)
{
    return calibratedEfficiency(c, efficiencyBase(c), p);
}

EfficiencyBase efficiencyBase(const Calibration &c)
{
    EfficiencyBase b;
    b.eff = calibratedEfficiency(c, 0.0);
    // The slider scales every part's fitted rate by slider / computeEfficiency; capped so that no
    // family's rate goes above its parts' peak (the compute roofline).
    double maxShare = c.computeEfficiency;
    for (const auto &f : c.prefillFamilies)
        maxShare = std::max(maxShare, f.efficiency);
    b.capped = c.computeEfficiency > 0;
    b.computeCap = b.capped ? c.computeEfficiency / maxShare : 0.0;
    return b;
}

Efficiency calibratedEfficiency(const Calibration &c, const EfficiencyBase &base, const Params &p)
{
    Efficiency e = base.eff;
    e.overheadGb = p.runtimeOverheadGb;
    e.bandwidth = p.bandwidthEfficiency;
    e.compute = base.capped ? std::min(p.computeEfficiency, base.computeCap) : p.computeEfficiency;
    if (c.bandwidthEfficiency > 0)
        e.kvBandwidth = std::min(1.0, c.kvEfficiency * p.bandwidthEfficiency / c.bandwidthEfficiency);
    return e;
}

namespace {

// One prefill row as the fit sees it.
struct PrefillObs {
    const CalibrationRow *r = nullptr;
    double weights = 0, attention = 0; // FLOPs
    double seconds = 0;                // measured
    double figure = 0;                 // FLOP/s of the part's prefill_tops
    int family = -1, generation = -1;
    bool moe = false, f16 = false;     // an MoE model; F16/BF16 weights (bits >= 15)
};

ModelShape prefillShape(const CalibrationRow &r)
{
    ModelShape s = rowShape(r);
    s.attentionDim = r.attentionFullDim;
    s.windowAttentionDim = r.attentionWindowDim;
    s.windowTokens = r.windowTokens;
    return s;
}

struct PrefillModel {
    std::vector<double> logE;  // per family (NaN: no rows)
    std::vector<double> logS;  // per generation (newest 0)
    std::vector<double> attn;  // per generation
    std::vector<double> logF16; // per generation: F16 weights against quantized ones (0: not fitted)
    double logMoe = 0;          // MoE models against dense ones
};

double predictSeconds(const PrefillObs &o, double e, const PrefillModel &m)
{
    const auto g = static_cast<std::size_t>(o.generation);
    const double logScale = m.logS[g] + (o.f16 ? m.logF16[g] : 0.0) + (o.moe ? m.logMoe : 0.0);
    return (o.weights + o.attention / m.attn[g]) / (e * std::exp(logScale) * o.figure);
}

// Least squares in logs for the family shares and generation scales, given the attention shares.
void solveShares(const std::vector<const PrefillObs *> &obs, int families, int gens, int newest, PrefillModel &m, double *sse)
{
    std::vector<int> famCol(static_cast<std::size_t>(families), -1), genCol(static_cast<std::size_t>(gens), -1),
        f16Col(static_cast<std::size_t>(gens), -1);
    int cols = 0;
    for (const auto *o : obs)
        if (famCol[static_cast<std::size_t>(o->family)] < 0)
            famCol[static_cast<std::size_t>(o->family)] = cols++;
    for (const auto *o : obs)
        if (o->generation != newest && genCol[static_cast<std::size_t>(o->generation)] < 0)
            genCol[static_cast<std::size_t>(o->generation)] = cols++;
    // An F16 factor for an era with both F16 and quantized rows, an MoE factor when both kinds of
    // model were measured: otherwise the factor is not identified and stays 1.
    std::vector<int> f16Seen(static_cast<std::size_t>(gens), 0), quantSeen(static_cast<std::size_t>(gens), 0);
    bool moeSeen = false, denseSeen = false;
    for (const auto *o : obs) {
        (o->f16 ? f16Seen : quantSeen)[static_cast<std::size_t>(o->generation)] = 1;
        (o->moe ? moeSeen : denseSeen) = true;
    }
    for (int g = 0; g < gens; ++g)
        if (f16Seen[static_cast<std::size_t>(g)] && quantSeen[static_cast<std::size_t>(g)])
            f16Col[static_cast<std::size_t>(g)] = cols++;
    const int moeCol = moeSeen && denseSeen ? cols++ : -1;
    // Every row is a sum of at most four indicator columns: the normal equations are built from those
    // directly (O(rows), a cols x cols system) instead of a QR of the rows x cols matrix. This runs
    // thousands of times per fit (attention grid x families left out) and in every rolling back-test
    // origin's refit; column-pivoting QR of the small system keeps the rank-revealing behaviour.
    Eigen::MatrixXd XtX = Eigen::MatrixXd::Zero(cols, cols);
    Eigen::VectorXd Xty = Eigen::VectorXd::Zero(cols);
    std::vector<std::array<int, 4>> active(obs.size());
    std::vector<double> y(obs.size());
    for (std::size_t i = 0; i < obs.size(); ++i) {
        const PrefillObs &o = *obs[i];
        std::array<int, 4> &c = active[i];
        c = {famCol[static_cast<std::size_t>(o.family)], -1, -1, -1};
        if (o.generation != newest)
            c[1] = genCol[static_cast<std::size_t>(o.generation)];
        if (o.f16)
            c[2] = f16Col[static_cast<std::size_t>(o.generation)];
        if (o.moe)
            c[3] = moeCol;
        y[i] = std::log((o.weights + o.attention / m.attn[static_cast<std::size_t>(o.generation)]) / (o.seconds * o.figure));
        for (int a : c) {
            if (a < 0)
                continue;
            Xty(a) += y[i];
            for (int b : c)
                if (b >= 0)
                    XtX(a, b) += 1;
        }
    }
    const Eigen::VectorXd b = XtX.colPivHouseholderQr().solve(Xty);
    m.logE.assign(static_cast<std::size_t>(families), std::numeric_limits<double>::quiet_NaN());
    m.logS.assign(static_cast<std::size_t>(gens), 0.0);
    for (int f = 0; f < families; ++f)
        if (famCol[static_cast<std::size_t>(f)] >= 0)
            m.logE[static_cast<std::size_t>(f)] = b(famCol[static_cast<std::size_t>(f)]);
    for (int g = 0; g < gens; ++g)
        if (genCol[static_cast<std::size_t>(g)] >= 0)
            m.logS[static_cast<std::size_t>(g)] = b(genCol[static_cast<std::size_t>(g)]);
    m.logF16.assign(static_cast<std::size_t>(gens), 0.0);
    for (int g = 0; g < gens; ++g)
        if (f16Col[static_cast<std::size_t>(g)] >= 0)
            m.logF16[static_cast<std::size_t>(g)] = b(f16Col[static_cast<std::size_t>(g)]);
    m.logMoe = moeCol >= 0 ? b(moeCol) : 0.0;
    if (sse) {
        double e = 0;
        for (std::size_t i = 0; i < obs.size(); ++i) {
            double fit = 0;
            for (int a : active[i])
                if (a >= 0)
                    fit += b(a);
            e += (fit - y[i]) * (fit - y[i]);
        }
        *sse = e;
    }
}

// The attention shares by coordinate search on a log grid (0.02 .. 1), the shares by least squares.
PrefillModel fitPrefillModel(const std::vector<const PrefillObs *> &obs, int families, int gens, int newest)
{
    PrefillModel m;
    m.attn.assign(static_cast<std::size_t>(gens), 1.0);
    // An era's attention share is searched only when its rows differ in how much of their work is
    // attention (several prompt lengths or depths); otherwise it is not identified and stays 1.
    std::vector<bool> hasGen(static_cast<std::size_t>(gens), false);
    std::vector<double> lo(static_cast<std::size_t>(gens), INFINITY), hi(static_cast<std::size_t>(gens), 0.0);
    for (const auto *o : obs) {
        const auto g = static_cast<std::size_t>(o->generation);
        const double share = o->attention / (o->weights + o->attention);
        lo[g] = std::min(lo[g], share);
        hi[g] = std::max(hi[g], share);
    }
    for (int g = 0; g < gens; ++g)
        hasGen[static_cast<std::size_t>(g)] = hi[static_cast<std::size_t>(g)] - lo[static_cast<std::size_t>(g)] > 0.05;
    for (int round = 0; round < 3; ++round)
        for (int g = 0; g < gens; ++g) {
            if (!hasGen[static_cast<std::size_t>(g)])
                continue;
            double bestSse = INFINITY, bestA = m.attn[static_cast<std::size_t>(g)];
            for (int k = 0; k <= 60; ++k) {
                m.attn[static_cast<std::size_t>(g)] = 0.02 * std::pow(50.0, k / 60.0);
                double sse = 0;
                solveShares(obs, families, gens, newest, m, &sse);
                if (sse < bestSse - 1e-12) {
                    bestSse = sse;
                    bestA = m.attn[static_cast<std::size_t>(g)];
                }
            }
            m.attn[static_cast<std::size_t>(g)] = bestA;
        }
    solveShares(obs, families, gens, newest, m, nullptr);
    return m;
}

// The share a family never measured gets: the geometric mean of the fitted families' shares with
// figures of `kind` (all families when none has it), every family counted once. (Weighting each
// family by its measured parts was tried: cross-validated error 22.7% median / 61.5% P90 against
// 19.8% / 54.8% unweighted, so it is not used.)
double fallbackShare(const std::vector<double> &logE, const std::vector<std::string> &kinds, const std::string &kind, int skip)
{
    double sum = 0, sumAll = 0, n = 0, nAll = 0;
    for (std::size_t f = 0; f < logE.size(); ++f) {
        if (static_cast<int>(f) == skip || !std::isfinite(logE[f]))
            continue;
        sumAll += logE[f];
        ++nAll;
        if (kinds[f] == kind) {
            sum += logE[f];
            ++n;
        }
    }
    if (n > 0)
        return std::exp(sum / n);
    return nAll > 0 ? std::exp(sumAll / nAll) : 0.0;
}

// The prompt rows the prefill fit uses, with their families and generations.
struct PrefillSet {
    std::vector<PrefillObs> obs;
    std::vector<std::string> famNames, famKinds; // PrefillObs::family indexes these (first seen first)
    int G = 0;                                   // "generations": the prefill eras, the current one last
    int newest = 0;                              // G - 1
    int families() const { return static_cast<int>(famNames.size()); }
};

// The row selection: each prompt row the fit uses as an observation; the others counted in `c` by
// the reason they are not fitted.
PrefillSet prefillObservations(const std::vector<CalibrationRow> &rows, Calibration &c)
{
    PrefillSet s;
    s.G = static_cast<int>(c.inputs.prefillEras.size()) + 1;
    s.newest = s.G - 1;
    for (const auto &r : rows) {
        if (r.m->decode)
            continue;
        if (!r.prefillFitted) {
            ++c.prefillExcluded;
            auto it = std::find_if(c.prefillExcludedBy.begin(), c.prefillExcludedBy.end(),
                                   [&](const auto &x) { return x.first == r.prefillNotFitted; });
            if (it == c.prefillExcludedBy.end())
                c.prefillExcludedBy.emplace_back(r.prefillNotFitted, 1);
            else
                ++it->second;
            continue;
        }
        PrefillObs o;
        o.r = &r;
        const PrefillFlops f = prefillFlops(prefillShape(r), r.promptTokens, r.m->contextDepth, Efficiency{});
        o.weights = f.weights;
        o.attention = f.attention;
        o.seconds = r.promptTokens / r.m->tokensPerS;
        o.figure = *r.prefillTops * 1e12;
        auto it = std::find(s.famNames.begin(), s.famNames.end(), r.archFamily);
        if (it == s.famNames.end()) {
            s.famNames.push_back(r.archFamily);
            s.famKinds.push_back(r.prefillTopsKind);
            it = s.famNames.end() - 1;
        }
        o.family = static_cast<int>(it - s.famNames.begin());
        o.generation = r.prefillEra >= 0 ? r.prefillEra : s.newest;
        o.moe = r.moe;
        o.f16 = r.m->bitsPerWeight >= 15;
        s.obs.push_back(o);
    }
    std::sort(c.prefillExcludedBy.begin(), c.prefillExcludedBy.end());
    c.prefillN = static_cast<int>(s.obs.size());
    if (s.obs.empty())
        throw DataError("measurements.json", "measurements", "no prefill rows on catalog parts with a prefill_tops figure to calibrate");
    return s;
}

// The fitted indicator columns: each generation's scale, F16 factor and attention share (the current
// era's is the headline attention share), the MoE factor, and the headline compute share (the
// geometric mean of the family shares).
void setPrefillColumns(const PrefillSet &s, const PrefillModel &m, Calibration &c)
{
    const CalibrationInputs &in = c.inputs;
    c.attentionEfficiency = m.attn[static_cast<std::size_t>(s.newest)];
    c.prefillMoeScale = std::exp(m.logMoe);
    for (int g = 0; g < s.G; ++g) {
        PrefillGenerationFit pg;
        pg.generation = g == s.newest ? in.prefillCurrentEra : in.prefillEras[static_cast<std::size_t>(g)].name;
        for (const auto &o : s.obs)
            pg.n += o.generation == g;
        pg.scale = std::exp(m.logS[static_cast<std::size_t>(g)]);
        pg.f16Scale = std::exp(m.logF16[static_cast<std::size_t>(g)]);
        pg.attentionEfficiency = m.attn[static_cast<std::size_t>(g)];
        c.prefillGenerations.push_back(pg);
    }
    double sum = 0;
    for (int f = 0; f < s.families(); ++f)
        sum += m.logE[static_cast<std::size_t>(f)];
    c.computeEfficiency = std::exp(sum / s.families());
}

// Measured parts per family.
std::vector<int> partsPerFamily(const PrefillSet &s)
{
    std::vector<std::set<std::string>> seen(static_cast<std::size_t>(s.families()));
    for (const auto &o : s.obs)
        seen[static_cast<std::size_t>(o.family)].insert(o.r->m->hardware);
    std::vector<int> parts(seen.size());
    for (std::size_t f = 0; f < seen.size(); ++f)
        parts[f] = static_cast<int>(seen[f].size());
    return parts;
}

// The held-out errors with each part weighted equally: a row weighs 1 / (its part's rows).
void setPrefillPartErrors(const std::vector<std::pair<const CalibrationRow *, double>> &cvByRow, Calibration &c)
{
    std::map<std::string, int> perPart;
    for (const auto &[r, e] : cvByRow)
        ++perPart[r->m->hardware];
    std::vector<std::pair<double, double>> weighted;
    for (const auto &[r, e] : cvByRow)
        weighted.emplace_back(e, 1.0 / perPart[r->m->hardware]);
    c.prefillParts = static_cast<int>(perPart.size());
    c.prefillCvPartMedianApe = weightedQuantile(weighted, 0.5);
    c.prefillCvPartP90Ape = weightedQuantile(weighted, 0.9);
}

// The held-out table: each family (in name order) with its fitted share and in-sample errors, then
// left out (everything refitted on the others, its rows predicted with the fallback share); the
// totals over every family, and per part.
void setPrefillFamilies(const PrefillSet &s, const PrefillModel &m, Calibration &c)
{
    const int F = s.families();
    const std::vector<int> famParts = partsPerFamily(s);
    const auto apeOf = [](const PrefillObs &o, double e, const PrefillModel &mm) {
        const double t = predictSeconds(o, e, mm);
        return ape(o.r->promptTokens / t, o.r->m->tokensPerS);
    };
    std::vector<double> inAll, cvAll;
    std::vector<std::pair<const CalibrationRow *, double>> cvByRow; // for the per-part statistics
    // Families in name order (deterministic output).
    std::vector<int> order(static_cast<std::size_t>(F));
    for (int f = 0; f < F; ++f)
        order[static_cast<std::size_t>(f)] = f;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return s.famNames[static_cast<std::size_t>(a)] < s.famNames[static_cast<std::size_t>(b)]; });
    for (int f : order) {
        PrefillFamilyFit pf;
        pf.family = s.famNames[static_cast<std::size_t>(f)];
        pf.figureKind = s.famKinds[static_cast<std::size_t>(f)];
        pf.fitted = true;
        pf.efficiency = std::exp(m.logE[static_cast<std::size_t>(f)]);
        pf.parts = famParts[static_cast<std::size_t>(f)];
        std::vector<double> inApe, cvApe;
        std::vector<const PrefillObs *> rest;
        for (const auto &o : s.obs)
            if (o.family == f) {
                ++pf.n;
                inApe.push_back(apeOf(o, pf.efficiency, m));
            } else {
                rest.push_back(&o);
            }
        // Leave the family out: refit on the others, predict its rows with the fallback share.
        if (!rest.empty()) {
            const PrefillModel mo = fitPrefillModel(rest, F, s.G, s.newest);
            pf.cvEfficiency = fallbackShare(mo.logE, s.famKinds, pf.figureKind, f);
            for (const auto &o : s.obs)
                if (o.family == f) {
                    cvApe.push_back(apeOf(o, pf.cvEfficiency, mo));
                    cvByRow.emplace_back(o.r, cvApe.back());
                }
        }
        pf.medianApe = quantile(inApe, 0.5);
        pf.p90Ape = quantile(inApe, 0.9);
        pf.cvMedianApe = cvApe.empty() ? 0.0 : quantile(cvApe, 0.5);
        pf.cvP90Ape = cvApe.empty() ? 0.0 : quantile(cvApe, 0.9);
        inAll.insert(inAll.end(), inApe.begin(), inApe.end());
        cvAll.insert(cvAll.end(), cvApe.begin(), cvApe.end());
        c.prefillFamilies.push_back(pf);
    }
    c.prefillMedianApe = quantile(inAll, 0.5);
    c.prefillP90Ape = quantile(inAll, 0.9);
    c.prefillCvMedianApe = cvAll.empty() ? 0.0 : quantile(cvAll, 0.5);
    c.prefillCvP90Ape = cvAll.empty() ? 0.0 : quantile(cvAll, 0.9);
    setPrefillPartErrors(cvByRow, c);
}

// Attention width against size over the measured models with a sourced architecture.
void fitAttentionLaw(const std::vector<CalibrationRow> &rows, Calibration &c)
{
    std::vector<double> lx, ly;
    for (const auto &k : c.inputs.kv) {
        if (!(k.attentionFullDim > 0))
            continue;
        for (const auto &r : rows)
            if (r.m->model == k.model) {
                lx.push_back(std::log(std::sqrt(r.m->paramsActiveB * r.m->paramsTotalB)));
                ly.push_back(std::log(k.attentionFullDim));
                break;
            }
    }
    c.attentionLaw.n = static_cast<int>(lx.size());
    if (lx.size() >= 2) {
        Eigen::MatrixXd X(static_cast<Eigen::Index>(lx.size()), 2);
        Eigen::VectorXd y(static_cast<Eigen::Index>(lx.size()));
        for (std::size_t i = 0; i < lx.size(); ++i) {
            X(static_cast<Eigen::Index>(i), 0) = 1;
            X(static_cast<Eigen::Index>(i), 1) = lx[i];
            y(static_cast<Eigen::Index>(i)) = ly[i];
        }
        const Eigen::VectorXd b = X.colPivHouseholderQr().solve(y);
        c.attentionLaw.coef = std::exp(b(0));
        c.attentionLaw.exponent = b(1);
        const double mean = y.mean();
        const double ssTot = (y.array() - mean).square().sum();
        c.attentionLaw.r2 = ssTot > 0 ? 1.0 - (X * b - y).squaredNorm() / ssTot : 0.0;
    }
}

// The prefill fit: the rows it uses, the model fitted on all of them, its columns, the held-out
// table, and the attention width law.
void fitPrefill(Calibration &c, const std::vector<CalibrationRow> &rows)
{
    const PrefillSet s = prefillObservations(rows, c);
    std::vector<const PrefillObs *> all;
    for (const auto &o : s.obs)
        all.push_back(&o);
    const PrefillModel m = fitPrefillModel(all, s.families(), s.G, s.newest);
    setPrefillColumns(s, m, c);
    setPrefillFamilies(s, m, c);
    fitAttentionLaw(rows, c);
}

} // namespace

double Calibration::prefillEfficiency(const std::string &family, const std::string &figureKind, std::string *fallback) const
{
    for (const auto &f : prefillFamilies)
        if (f.family == family) {
            if (fallback)
                fallback->clear();
            return f.efficiency;
        }
    // As in the cross-validation: the geometric mean over the fitted families of that kind.
    double s = 0;
    int n = 0;
    for (const auto &f : prefillFamilies)
        if (f.figureKind == figureKind) {
            s += std::log(f.efficiency);
            ++n;
        }
    if (n > 0) {
        if (fallback)
            *fallback = "families with " + figureKind + " figures";
        return std::exp(s / n);
    }
    if (fallback)
        *fallback = "every fitted family";
    return computeEfficiency;
}

double predictPrefill(const Calibration &c, const CalibrationRow &r, double efficiency)
{
    if (!r.prefillTops || r.promptTokens <= 0)
        return 0;
    const double e = efficiency > 0 ? efficiency : c.prefillEfficiency(r.archFamily, r.prefillTopsKind);
    double scale = 1, attn = c.attentionEfficiency;
    const bool f16 = r.m->bitsPerWeight >= 15;
    if (r.prefillEra >= 0 && static_cast<std::size_t>(r.prefillEra) < c.prefillGenerations.size()) {
        const PrefillGenerationFit &g = c.prefillGenerations[static_cast<std::size_t>(r.prefillEra)];
        scale = g.scale * (f16 ? g.f16Scale : 1.0);
        attn = g.attentionEfficiency;
    } else if (f16 && !c.prefillGenerations.empty()) {
        scale = c.prefillGenerations.back().f16Scale;
    }
    if (r.moe)
        scale *= c.prefillMoeScale;
    const PrefillFlops f = prefillFlops(prefillShape(r), r.promptTokens, r.m->contextDepth, Efficiency{});
    const double t = (f.weights + f.attention / attn) / (e * scale * *r.prefillTops * 1e12);
    return r.promptTokens / t;
}

double prefillTflopsOf(const Calibration &c, const HardwarePart &part)
{
    if (!part.prefillTops || !(c.computeEfficiency > 0))
        return 0;
    return c.prefillEfficiency(part.archFamily, part.prefillTopsKind) * *part.prefillTops / c.computeEfficiency;
}

namespace {

// What the decode fit says it rests on and how it fits (calibration.json "source" and "method").
void describeFit(Calibration &c)
{
    c.source = "data/measurements.json (measured llama.cpp decode and prefill: XiongjieDai GPU-Benchmarks-on-LLM-Inference "
               "May 2024; llama.cpp repository benches 2025-11 and 2026-02; llama-bench prompt rows from the llama.cpp CUDA "
               "scoreboard, the Apple Silicon discussion, pull requests and public benchmark logs, each with its thread), "
               "peak specs from data/hardware.json and measurements.json other_devices, KV architectures in "
               "inputs.kv_architectures";
    c.method = "Decode: weighted least squares (Eigen, column-pivoting QR) of time per token t = W/(eta[kind] BW) + "
               "K(depth)/(eta_kv[generation] BW) + 2 Pa/(c[kind] R) + t_fixed[kind] + moe t_moe + (gpus-1) t_gpu, kind = gpu, "
               "apple or unified (other unified memory), R = the part's achieved prefill rate (its family's share of "
               "prefill_tops), moe = 1 when under 95% of the weights are active; rows weighted 1/t_measured (relative "
               "residuals) times sqrt(1/rows of their hardware family) so that no family drowns the others; over the decode "
               "rows on devices in hardware.json with a sourced KV architecture; shares above 1 and negative times are pinned "
               "at the bound and the rest refitted; a kind without rows gets the pooled constants of the others (cpu: weights "
               "at the gpu share of RAM bandwidth, arithmetic at inputs.host_cpu). Held out: each hardware family left out "
               "(refitted without it, its parts credited only with their prefill fallback share) and each source left out. "
               "APE = |predicted - measured| / measured; quantiles interpolate linearly. "
               "Prefill: time = (weight FLOPs + attention FLOPs / eta_att[generation]) / (e[arch family] x s[generation] x "
               "f16[generation]^F16 x m^MoE x prefill_tops) over single-device prompts on a fitted backend (inputs.prefill_backends) "
               "on parts (catalog or other_devices) with a sourced prefill_tops figure and models with a sourced attention width; "
               "F16 = 1 for F16/BF16 weights (fitted only in an era with both F16 and quantized rows), MoE = 1 when under 95% of "
               "the weights are active; log e, log s, log f16 and log m by least squares in logs (newest generation s = 1), "
               "eta_att by coordinate search on a log grid 0.02-1 for an era whose rows differ by more than 5 points in attention "
               "share (1 otherwise). Cross-validation: each family left out in turn, everything refitted, "
               "its rows predicted with the geometric mean share of the remaining families whose figures are of the same kind "
               "(all remaining families when none is). Attention width law: least squares of log width on log sqrt(active x total).";
}

// The decode design: its columns (weights, KV per generation, fixed, arithmetic, MoE (each per
// kind), extra GPU), the KV column each generation uses, and each hardware family's row count.
struct DecodeDesign {
    DecodeDesign(const Calibration &c, const CalibrationInputs &inputs) : prefill(c), in(inputs) {}
    const Calibration &prefill; // the fitted prefill table each row's part is credited from
    const CalibrationInputs &in;
    int K = kSystemKinds;
    int G = 0;
    int cW = 0, cKv = 0, cFix = 0, cComp = 0, cMoe = 0, cExtra = 0, cols = 0;
    std::vector<int> kvCol;
    std::map<std::string, int> perFamily;

    // Efficiency-like columns (weights, KV, arithmetic): coefficient = 1 / share, share <= 1.
    bool isEfficiency(int k) const { return k < cFix || (k >= cComp && k < cMoe); }
};

// The KV column of each generation: its own, or (kv_fitted false) the newest fitted generation's.
std::vector<int> kvColumns(const CalibrationInputs &in)
{
    const int G = static_cast<int>(in.generations.size());
    std::vector<int> kvCol(static_cast<std::size_t>(G));
    int newestFitted = -1;
    for (int g = 0; g < G; ++g)
        if (in.generations[static_cast<std::size_t>(g)].kvFitted &&
            (newestFitted < 0 || in.generations[static_cast<std::size_t>(g)].date > in.generations[static_cast<std::size_t>(newestFitted)].date))
            newestFitted = g;
    for (int g = 0; g < G; ++g)
        kvCol[static_cast<std::size_t>(g)] = in.generations[static_cast<std::size_t>(g)].kvFitted || newestFitted < 0 ? g : newestFitted;
    return kvCol;
}

DecodeDesign decodeDesign(const Calibration &c, const CalibrationInputs &in, const std::vector<const CalibrationRow *> &fit)
{
    DecodeDesign d(c, in);
    const int K = d.K;
    const int G = static_cast<int>(in.generations.size());
    d.G = G;
    d.cW = 0;
    d.cKv = K;
    d.cFix = K + G;
    d.cComp = 2 * K + G;
    d.cMoe = 3 * K + G;
    d.cExtra = 4 * K + G;
    d.cols = 4 * K + G + 1;
    d.kvCol = kvColumns(in);
    // Each row weighs 1/n of its hardware family, so the most-measured family does not drown the others.
    for (const auto *r : fit)
        ++d.perFamily[r->archFamily];
    return d;
}

// The weighted design matrix of a set of rows: A = diag(w) X, b = w t_measured; `shareOverride`
// gives the prefill share a row's part is credited with (a family left out: its fallback).
void decodeSystem(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit,
                  const std::map<std::string, double> &shareOverride, Eigen::MatrixXd &X, Eigen::MatrixXd &A, Eigen::VectorXd &b)
{
    X.resize(static_cast<Eigen::Index>(fit.size()), d.cols);
    Eigen::VectorXd w(fit.size()), tm(fit.size());
    X.setZero();
    for (std::size_t i = 0; i < fit.size(); ++i) {
        const CalibrationRow &r = *fit[i];
        const int k = static_cast<int>(r.kind);
        X(i, d.cW + k) = r.weightsGb / r.bandwidthGbps;
        X(i, d.cKv + d.kvCol[static_cast<std::size_t>(r.generation)]) = r.kvReadGb / r.bandwidthGbps;
        X(i, d.cFix + k) = 1.0;
        if (r.moe)
            X(i, d.cMoe + k) = 1.0;
        const auto ov = shareOverride.find(r.archFamily);
        const double rate = rowPrefillRate(d.prefill, r, ov == shareOverride.end() ? 0.0 : ov->second);
        if (rate > 0)
            X(i, d.cComp + k) = 2.0 * r.m->paramsActiveB * 1e9 / (rate * 1e12);
        X(i, d.cExtra) = r.m->gpuCount - 1;
        const double t = 1.0 / r.m->tokensPerS;
        tm(i) = t;
        // Relative residuals (divide by the measured time), each family weighing the same.
        // A family of n rows weighs n / (n + n0) in all (n0 = inputs.familyPriorRows): a family
        // with many rows weighs about one, a single row of a new family about 1 / n0, so one
        // imported run cannot swing the constants every other family uses.
        const double nf = d.perFamily.at(r.archFamily);
        w(i) = std::sqrt(1.0 / (nf + d.prefill.inputs.familyPriorRows)) / t;
    }
    A = w.asDiagonal() * X;
    b = w.cwiseProduct(tm); // the measured time, weighted
}

// One weighted least squares on a set of rows; returns the weighted sum of squares and leaves the
// coefficients in beta / used. Shares above 1 and negative times are pinned at the bound and the
// rest refitted.
double solveDecodeSystem(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit,
                         const std::map<std::string, double> &shareOverride, Eigen::VectorXd &beta, std::vector<bool> &used)
{
    const int cols = d.cols;
    Eigen::MatrixXd X, A;
    Eigen::VectorXd b;
    decodeSystem(d, fit, shareOverride, X, A, b);
    // A coefficient is free, pinned at a bound, or unused (no data in its column).
    std::vector<int> state(cols, 0); // 0 free, 1 pinned
    beta = Eigen::VectorXd::Zero(cols);
    used.assign(cols, false);
    for (int k = 0; k < cols; ++k)
        used[static_cast<std::size_t>(k)] = X.col(k).cwiseAbs().maxCoeff() > 0;
    for (int iter = 0; iter <= cols; ++iter) {
        std::vector<int> freeCols;
        Eigen::VectorXd rhs = b;
        for (int k = 0; k < cols; ++k) {
            if (!used[static_cast<std::size_t>(k)])
                continue;
            if (state[static_cast<std::size_t>(k)] == 1)
                rhs -= A.col(k) * beta(k);
            else
                freeCols.push_back(k);
        }
        Eigen::MatrixXd Af(A.rows(), static_cast<Eigen::Index>(freeCols.size()));
        for (std::size_t j = 0; j < freeCols.size(); ++j)
            Af.col(static_cast<Eigen::Index>(j)) = A.col(freeCols[j]);
        const Eigen::VectorXd sol = Af.colPivHouseholderQr().solve(rhs);
        for (std::size_t j = 0; j < freeCols.size(); ++j)
            beta(freeCols[j]) = sol(static_cast<Eigen::Index>(j));
        bool changed = false;
        for (int k : freeCols) {
            if (d.isEfficiency(k) && beta(k) < 1.0) { // a share above 1: pin at the roofline
                beta(k) = 1.0;
                state[static_cast<std::size_t>(k)] = 1;
                changed = true;
            } else if (!d.isEfficiency(k) && beta(k) < 0.0) {
                beta(k) = 0.0;
                state[static_cast<std::size_t>(k)] = 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    return (A * beta - b).squaredNorm();
}

// The per-kind constants (weight share, fixed time, arithmetic share); a kind without rows gets the
// pooled constants of those with rows (geometric mean of the shares, mean of the fixed times).
void setDecodeKinds(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit, const Eigen::VectorXd &beta,
                    const std::vector<bool> &used, Calibration &out)
{
    const int K = d.K;
    out.decodeKinds.assign(static_cast<std::size_t>(K), DecodeKindFit{});
    double logW = 0, logC = 0, fix = 0;
    int nW = 0, nC = 0;
    for (int k = 0; k < K; ++k) {
        DecodeKindFit &f = out.decodeKinds[static_cast<std::size_t>(k)];
        f.kind = systemKindName(static_cast<SystemKind>(k));
        for (const auto *r : fit)
            f.n += static_cast<int>(r->kind) == k;
        f.fitted = used[static_cast<std::size_t>(d.cW + k)];
        if (!f.fitted)
            continue;
        f.weightEfficiency = 1.0 / beta(d.cW + k);
        f.fixedSeconds = beta(d.cFix + k);
        f.computeShare = used[static_cast<std::size_t>(d.cComp + k)] && beta(d.cComp + k) > 0 ? 1.0 / beta(d.cComp + k) : 0.0;
        logW += std::log(f.weightEfficiency);
        fix += f.fixedSeconds;
        ++nW;
        if (f.computeShare > 0) {
            logC += std::log(f.computeShare);
            ++nC;
        }
    }
    for (int k = 0; k < K; ++k) {
        DecodeKindFit &f = out.decodeKinds[static_cast<std::size_t>(k)];
        if (f.fitted || nW == 0)
            continue;
        f.weightEfficiency = std::exp(logW / nW);
        f.fixedSeconds = fix / nW;
        f.computeShare = nC > 0 ? std::exp(logC / nC) : 0.0;
        f.note = "no measured decode rows: the pooled constants of the measured kinds";
    }
    // A CPU-only box: weights from system RAM at the offload share, arithmetic at the host CPU's
    // achieved matrix rate (inputs.host_cpu), no fixed time.
    DecodeKindFit &cpu = out.decodeKinds[static_cast<std::size_t>(SystemKind::Cpu)];
    if (!cpu.fitted) {
        cpu.weightEfficiency = out.decodeKinds[static_cast<std::size_t>(SystemKind::Gpu)].weightEfficiency;
        cpu.fixedSeconds = 0;
        cpu.computeShare = 1.0;
        cpu.note = "no measured decode rows: weights at the GPU kind's share of RAM bandwidth, arithmetic at the host CPU's "
                   "achieved matrix rate (inputs.host_cpu)";
    }
    const DecodeKindFit &gpu = out.decodeKinds[static_cast<std::size_t>(SystemKind::Gpu)];
    out.bandwidthEfficiency = gpu.weightEfficiency;
    out.fixedSecondsGpu = gpu.fixedSeconds;
    out.fixedSecondsUnified = out.decodeKinds[static_cast<std::size_t>(SystemKind::Unified)].fixedSeconds;
}

// MoE: each kind with measured MoE rows its own time per token (its own launch and sync costs); a
// kind without them (cpu: none) the mean of the measured kinds'. Then the extra-GPU time.
void setDecodeMoe(const DecodeDesign &d, const Eigen::VectorXd &beta, const std::vector<bool> &used, Calibration &out)
{
    const int K = d.K;
    double sum = 0;
    int n = 0;
    for (int k = 0; k < K; ++k) {
        DecodeKindFit &f = out.decodeKinds[static_cast<std::size_t>(k)];
        if (!used[static_cast<std::size_t>(d.cMoe + k)])
            continue;
        f.moeSeconds = beta(d.cMoe + k);
        sum += f.moeSeconds;
        ++n;
    }
    for (int k = 0; k < K; ++k)
        if (!used[static_cast<std::size_t>(d.cMoe + k)] && k != static_cast<int>(SystemKind::Cpu))
            out.decodeKinds[static_cast<std::size_t>(k)].moeSeconds = n > 0 ? sum / n : 0.0;
    out.moeSecondsPerToken = out.decodeKinds[static_cast<std::size_t>(SystemKind::Gpu)].moeSeconds;
    out.secondsPerExtraGpu = used[static_cast<std::size_t>(d.cExtra)] ? beta(d.cExtra) : 0.0;
}

// The KV share of each generation; the headline KV share is the newest fitted generation's with rows
// (the weight share when none has).
void setDecodeKv(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit, const Eigen::VectorXd &beta,
                 const std::vector<bool> &used, Calibration &out)
{
    const CalibrationInputs &in = d.in;
    out.kvByGeneration.clear();
    double newest = -1e300;
    out.kvEfficiency = 0;
    for (int g = 0; g < d.G; ++g) {
        KvGenerationFit k;
        k.generation = in.generations[static_cast<std::size_t>(g)].name;
        for (const auto *r : fit)
            if (r->generation == g && r->kvReadGb > 0)
                ++k.n;
        const int col = d.cKv + d.kvCol[static_cast<std::size_t>(g)];
        k.efficiency = used[static_cast<std::size_t>(col)] ? 1.0 / beta(col) : 0.0;
        if (k.n > 0 && in.generations[static_cast<std::size_t>(g)].kvFitted && in.generations[static_cast<std::size_t>(g)].date > newest) {
            newest = in.generations[static_cast<std::size_t>(g)].date;
            out.kvEfficiency = k.efficiency;
        }
        out.kvByGeneration.push_back(k);
    }
    if (!(out.kvEfficiency > 0))
        out.kvEfficiency = out.bandwidthEfficiency;
}

// The decode fit on a set of rows: sets the decode constants of `out`.
void solveDecode(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit, Calibration &out,
                 const std::map<std::string, double> &shareOverride)
{
    Eigen::VectorXd beta;
    std::vector<bool> used;
    solveDecodeSystem(d, fit, shareOverride, beta, used);
    setDecodeKinds(d, fit, beta, used, out);
    setDecodeMoe(d, beta, used, out);
    setDecodeKv(d, fit, beta, used, out);
}

// A calibration to refit the decode constants in, sharing the fitted prefill table of `c`.
Calibration heldOutCopy(const Calibration &c)
{
    Calibration cv;
    cv.inputs = c.inputs;
    cv.prefillFamilies = c.prefillFamilies;
    cv.computeEfficiency = c.computeEfficiency;
    cv.attentionEfficiency = c.attentionEfficiency;
    return cv;
}

ErrorStats errorStats(const std::string &group, const std::vector<double> &e)
{
    ErrorStats st;
    st.family = group;
    st.n = static_cast<int>(e.size());
    st.medianApe = quantile(e, 0.5);
    st.p90Ape = quantile(e, 0.9);
    return st;
}

// The distinct keys of the fitted rows, sorted.
template <class Key>
std::vector<std::string> distinctKeys(const std::vector<const CalibrationRow *> &fit, Key key)
{
    std::vector<std::string> keys;
    for (const auto *r : fit)
        if (std::find(keys.begin(), keys.end(), key(*r)) == keys.end())
            keys.push_back(key(*r));
    std::sort(keys.begin(), keys.end());
    return keys;
}

// Held out by hardware family: each left out in turn, the constants refitted on the rest, its rows
// predicted with them; a family left out is also credited only with its prefill fallback share (as a
// part never measured would be). Returns each row's held-out APE.
std::map<const CalibrationRow *, double> decodeFamilyOut(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit,
                                                         Calibration &c)
{
    std::map<const CalibrationRow *, double> out;
    std::vector<double> all;
    for (const auto &f : distinctKeys(fit, [](const CalibrationRow &r) { return r.archFamily; })) {
        std::vector<const CalibrationRow *> rest;
        for (const auto *r : fit)
            if (r->archFamily != f)
                rest.push_back(r);
        std::map<std::string, double> share;
        for (const auto &pf : c.prefillFamilies)
            if (pf.family == f)
                share[f] = pf.cvEfficiency;
        Calibration cv = heldOutCopy(c);
        solveDecode(d, rest, cv, share);
        // Predict with the fallback share: a copy of the prefill table with the family's fitted share replaced.
        for (auto &pf : cv.prefillFamilies)
            if (pf.family == f)
                pf.efficiency = pf.cvEfficiency;
        std::vector<double> e;
        for (const auto *r : fit)
            if (r->archFamily == f) {
                const double a = ape(predictDecode(cv, *r), r->m->tokensPerS);
                out[r] = a;
                e.push_back(a);
            }
        all.insert(all.end(), e.begin(), e.end());
        c.decodeCvErrors.push_back(errorStats(f.empty() ? std::string("(no family)") : f, e));
    }
    c.decodeCvErrors.insert(c.decodeCvErrors.begin(), errorStats("all (each family left out)", all));
    return out;
}

// Held out by source (the publication and table a row was read from): each left out in turn, the
// constants refitted on the rest. Returns each row's held-out APE.
std::map<const CalibrationRow *, double> decodeSourceOut(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit,
                                                         Calibration &c)
{
    const auto sourceOf = [](const CalibrationRow &r) { return r.m->source; };
    std::map<const CalibrationRow *, double> out;
    std::vector<double> all;
    for (const auto &s : distinctKeys(fit, sourceOf)) {
        std::vector<const CalibrationRow *> rest;
        for (const auto *r : fit)
            if (sourceOf(*r) != s)
                rest.push_back(r);
        Calibration cv = heldOutCopy(c);
        solveDecode(d, rest, cv, {});
        std::vector<double> e;
        for (const auto *r : fit)
            if (sourceOf(*r) == s) {
                const double a = ape(predictDecode(cv, *r), r->m->tokensPerS);
                out[r] = a;
                e.push_back(a);
            }
        all.insert(all.end(), e.begin(), e.end());
        c.decodeCvSourceErrors.push_back(errorStats(s, e));
    }
    c.decodeCvSourceErrors.insert(c.decodeCvSourceErrors.begin(), errorStats("all (each source left out)", all));
    return out;
}

// By kind: in sample, family out, source out.
void decodeCvByKind(const std::vector<const CalibrationRow *> &fit, std::map<const CalibrationRow *, double> &famOut,
                    std::map<const CalibrationRow *, double> &srcOut, Calibration &c)
{
    for (int k = -1; k < kSystemKinds; ++k) {
        std::vector<double> in_, fo, so;
        for (const auto *r : fit)
            if (k < 0 || static_cast<int>(r->kind) == k) {
                in_.push_back(ape(predictDecode(c, *r), r->m->tokensPerS));
                fo.push_back(famOut[r]);
                so.push_back(srcOut[r]);
            }
        if (in_.empty())
            continue;
        DecodeCvStats st;
        st.group = k < 0 ? std::string("all") : std::string(systemKindName(static_cast<SystemKind>(k)));
        st.n = static_cast<int>(in_.size());
        st.medianApe = quantile(in_, 0.5);
        st.p90Ape = quantile(in_, 0.9);
        st.familyOutMedianApe = quantile(fo, 0.5);
        st.familyOutP90Ape = quantile(fo, 0.9);
        st.sourceOutMedianApe = quantile(so, 0.5);
        st.sourceOutP90Ape = quantile(so, 0.9);
        c.decodeCvByKind.push_back(st);
    }
}

// R2 of log tokens/s over the fitted rows.
double decodeR2Log(const Calibration &c, const std::vector<const CalibrationRow *> &fit)
{
    double mean = 0;
    for (const auto *r : fit)
        mean += std::log(r->m->tokensPerS);
    mean /= static_cast<double>(fit.size());
    double ssRes = 0, ssTot = 0;
    for (const auto *r : fit) {
        const double y = std::log(r->m->tokensPerS);
        ssRes += std::pow(std::log(predictDecode(c, *r)) - y, 2);
        ssTot += std::pow(y - mean, 2);
    }
    return ssTot > 0 ? 1.0 - ssRes / ssTot : 0.0;
}

// Error table: the families the issue names, each against the flat rule.
void decodeErrorTable(const std::vector<CalibrationRow> &rows, const CalibrationInputs &in, Calibration &c)
{
    struct Family {
        const char *name;
        bool (*member)(const CalibrationRow &, const CalibrationInputs &);
    };
    static const Family families[] = {
        {"overall", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted; }},
        {"NVIDIA GPUs", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.vendor == "NVIDIA" && !r.unified; }},
        {"Apple", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.vendor == "Apple"; }},
        {"unified memory", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.unified; }},
        {"other unified memory (GB10, Strix Halo)", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.kind == SystemKind::Unified; }},
        {"MoE", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.moe; }},
        {"long context", [](const CalibrationRow &r, const CalibrationInputs &in) { return r.fitted && r.m->contextDepth >= in.longContextTokens; }},
        {"multi-GPU", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.m->gpuCount > 1; }},
        {"datacenter cards (not fitted)", [](const CalibrationRow &r, const CalibrationInputs &) { return r.m->decode && !r.inCatalog && r.hasKv; }},
    };
    for (const auto &f : families) {
        std::vector<double> cal, flat;
        for (const auto &r : rows)
            if (r.m->decode && f.member(r, in)) {
                cal.push_back(ape(predictDecode(c, r), r.m->tokensPerS));
                flat.push_back(ape(predictDecode(c, r, true), r.m->tokensPerS));
            }
        ErrorStats s;
        s.family = f.name;
        s.n = static_cast<int>(cal.size());
        if (s.n > 0) {
            s.medianApe = quantile(cal, 0.5);
            s.p90Ape = quantile(cal, 0.9);
            s.flatMedianApe = quantile(flat, 0.5);
            s.flatP90Ape = quantile(flat, 0.9);
        }
        c.decodeErrors.push_back(s);
    }
}

// The decode rows the fit uses (counting the fitted and the excluded ones in `c`).
std::vector<const CalibrationRow *> decodeFitRows(const std::vector<CalibrationRow> &rows, Calibration &c)
{
    std::vector<const CalibrationRow *> fit;
    for (const auto &r : rows) {
        if (r.m->decode)
            (r.fitted ? ++c.n : ++c.excluded);
        if (r.fitted)
            fit.push_back(&r);
    }
    return fit;
}

} // namespace

Calibration fitCalibration(const DataSet &d, const CalibrationInputs &in)
{
    Calibration c;
    c.inputs = in;
    c.catalogChanges = loadCatalogChanges(d.directory);
    describeFit(c);
    const std::vector<CalibrationRow> rows = calibrationRows(d, in);
    // Prefill first: the decode arithmetic term runs at a share of each part's achieved prefill rate.
    fitPrefill(c, rows);

    const std::vector<const CalibrationRow *> fit = decodeFitRows(rows, c);
    const DecodeDesign design = decodeDesign(c, in, fit);
    if (fit.size() < static_cast<std::size_t>(design.cols / 2))
        throw DataError("measurements.json", "measurements", "too few decode rows on catalog devices to calibrate");
    solveDecode(design, fit, c, {});

    std::map<const CalibrationRow *, double> famOut = decodeFamilyOut(design, fit, c);
    std::map<const CalibrationRow *, double> srcOut = decodeSourceOut(design, fit, c);
    decodeCvByKind(fit, famOut, srcOut, c);
    c.r2Log = decodeR2Log(c, fit);
    decodeErrorTable(rows, in, c);
    return c;
}

} // namespace ff

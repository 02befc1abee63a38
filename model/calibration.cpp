#include "calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include <Eigen/Dense>

#include "jsonread.h"

namespace ff {

namespace {

const char *kFile = "calibration.json";

double round6(double x)
{
    if (!std::isfinite(x) || x == 0)
        return x;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return std::strtod(buf, nullptr);
}

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

double ape(double predicted, double measured) { return std::fabs(predicted - measured) / measured * 100.0; }

bool contains(const std::string &s, const std::string &part) { return !part.empty() && s.find(part) != std::string::npos; }

struct Device {
    std::string vendor;
    bool unified = false;
    bool inCatalog = false;
    double bandwidthGbps = 0;
    std::optional<double> tflops;
    std::string tflopsKind;
};

} // namespace

CalibrationInputs parseCalibrationInputs(const nlohmann::json &j, const std::string &file)
{
    JsonObject top(j, file, "");
    const JsonObject o = top.object("inputs");
    CalibrationInputs in;
    in.flatRuleEfficiency = o.num("flat_rule_bandwidth_efficiency", 0.01, 1);
    in.longContextTokens = o.num("long_context_tokens", 1, 1e7);
    in.prefillMaxPromptTokens = o.num("prefill_max_prompt_tokens", 1, 1e7);
    in.prefillReferenceFlopsKind = o.str("prefill_reference_flops_kind");
    const auto &gens = o.array("software_generations");
    for (std::size_t i = 0; i < gens.size(); ++i) {
        JsonObject g(gens[i], file, o.field("software_generations[" + std::to_string(i) + "]"));
        SoftwareGeneration s;
        s.name = g.str("name");
        s.sourceContains = g.str("source_contains");
        if (s.sourceContains.empty())
            g.fail(g.field("source_contains"), "expected a non-empty string");
        s.date = g.date("date");
        in.generations.push_back(s);
    }
    const auto &kv = o.array("kv_architectures");
    for (std::size_t i = 0; i < kv.size(); ++i) {
        JsonObject k(kv[i], file, o.field("kv_architectures[" + std::to_string(i) + "]"));
        KvArchitecture a;
        a.model = k.str("model");
        a.growingBytesPerToken = k.num("growing_bytes_per_token", 0, 1e8);
        a.windowBytesPerToken = k.num("window_bytes_per_token", 0, 1e8);
        a.windowTokens = k.num("window_tokens", 0, 1e8);
        a.source = k.str("source");
        if (a.growingBytesPerToken + a.windowBytesPerToken <= 0)
            k.fail(k.field("growing_bytes_per_token"), "a model with no KV cache: both byte counts are 0");
        in.kv.push_back(a);
    }
    return in;
}

Calibration parseCalibration(const nlohmann::json &j, const std::string &file)
{
    JsonObject top(j, file, "");
    const std::string format = top.str("format");
    if (format != "frontier-forecast-calibration")
        top.fail("format", "expected \"frontier-forecast-calibration\"");
    Calibration c;
    c.inputs = parseCalibrationInputs(j, file);
    c.source = top.str("source");
    c.method = top.str("method");
    const JsonObject d = top.object("decode");
    c.bandwidthEfficiency = d.num("bandwidth_efficiency", 1e-3, 1);
    c.kvEfficiency = d.num("kv_efficiency", 1e-3, 1);
    c.fixedSecondsGpu = d.num("fixed_seconds_per_token_gpu", 0, 1);
    c.fixedSecondsUnified = d.num("fixed_seconds_per_token_unified", 0, 1);
    c.secondsPerExtraGpu = d.num("seconds_per_extra_gpu", 0, 1);
    c.n = static_cast<int>(d.num("n", 1, 1e7));
    c.excluded = static_cast<int>(d.num("excluded", 0, 1e7));
    c.r2Log = d.num("r2_log_tokens_per_s", -1e9, 1);
    const auto &kg = d.array("kv_efficiency_by_generation");
    for (std::size_t i = 0; i < kg.size(); ++i) {
        JsonObject g(kg[i], file, d.field("kv_efficiency_by_generation[" + std::to_string(i) + "]"));
        c.kvByGeneration.push_back({g.str("generation"), static_cast<int>(g.num("n", 0, 1e7)), g.num("efficiency", 0, 1)});
    }
    const auto &er = d.array("errors");
    for (std::size_t i = 0; i < er.size(); ++i) {
        JsonObject e(er[i], file, d.field("errors[" + std::to_string(i) + "]"));
        ErrorStats s;
        s.family = e.str("family");
        s.n = static_cast<int>(e.num("n", 0, 1e7));
        s.medianApe = e.num("median_ape_pct", 0, 1e6);
        s.p90Ape = e.num("p90_ape_pct", 0, 1e6);
        s.flatMedianApe = e.num("flat_rule_median_ape_pct", 0, 1e6);
        s.flatP90Ape = e.num("flat_rule_p90_ape_pct", 0, 1e6);
        c.decodeErrors.push_back(s);
    }
    const JsonObject p = top.object("prefill");
    c.computeEfficiency = p.num("compute_efficiency", 1e-3, 10);
    const auto &pk = p.array("by_flops_kind");
    for (std::size_t i = 0; i < pk.size(); ++i) {
        JsonObject e(pk[i], file, p.field("by_flops_kind[" + std::to_string(i) + "]"));
        PrefillFit f;
        f.flopsKind = e.str("flops_kind");
        f.n = static_cast<int>(e.num("n", 0, 1e7));
        f.efficiency = e.num("compute_efficiency", 0, 100);
        f.medianApe = e.num("median_ape_pct", 0, 1e6);
        f.p90Ape = e.num("p90_ape_pct", 0, 1e6);
        c.prefill.push_back(f);
    }
    return c;
}

Calibration loadCalibration(const std::string &dataDir)
{
    const std::string path = dataDir + "/" + kFile;
    const nlohmann::json j = readJsonFile(path);
    try {
        return parseCalibration(j, kFile);
    } catch (const DataError &) {
        throw;
    } catch (const nlohmann::json::exception &e) {
        throw DataError(kFile, "(top level)", std::string("not valid: ") + e.what());
    }
}

std::vector<CalibrationRow> calibrationRows(const DataSet &d, const CalibrationInputs &in)
{
    // Details the DataSet does not keep: the kind of FLOPS figure, the prompt length, and the
    // datacenter devices measured but not in the buyer catalog.
    const nlohmann::json hw = readJsonFile(d.directory + "/hardware.json");
    const nlohmann::json ms = readJsonFile(d.directory + "/measurements.json");
    std::map<std::string, Device> devices;
    for (const auto &p : d.parts) {
        Device v;
        v.vendor = p.vendor;
        v.unified = p.kind == PartKind::Unified;
        v.inCatalog = true;
        v.bandwidthGbps = p.bandwidthGbps;
        v.tflops = p.fp16Tflops;
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
            Device v;
            const std::string full = o.optStr("full_name");
            v.vendor = full.substr(0, full.find(' '));
            v.bandwidthGbps = o.num("bandwidth_gbps", 0.1, 1e6);
            v.tflops = o.optNum("fp16_tflops", 0, 1e7);
            v.tflopsKind = o.optStr("fp16_tflops_kind");
            devices[o.str("name")] = v;
        }
    }
    const nlohmann::json *raw = ms.contains("measurements") && ms["measurements"].is_array() ? &ms["measurements"] : nullptr;
    std::vector<CalibrationRow> rows;
    rows.reserve(d.measurements.size());
    for (std::size_t i = 0; i < d.measurements.size(); ++i) {
        const Measurement &m = d.measurements[i];
        const std::string where = "measurements[" + std::to_string(i) + "]";
        const auto dev = devices.find(m.hardware);
        if (dev == devices.end())
            throw DataError("measurements.json", where + ".hardware",
                            "\"" + m.hardware + "\" is neither in hardware.json nor in other_devices");
        CalibrationRow r;
        r.m = &m;
        r.vendor = dev->second.vendor;
        r.unified = dev->second.unified;
        r.inCatalog = dev->second.inCatalog;
        r.bandwidthGbps = dev->second.bandwidthGbps;
        r.tflops = dev->second.tflops;
        r.tflopsKind = dev->second.tflopsKind;
        for (std::size_t g = 0; g < in.generations.size(); ++g)
            if (contains(m.source, in.generations[g].sourceContains)) {
                r.generation = static_cast<int>(g);
                break;
            }
        if (r.generation < 0)
            throw DataError(kFile, "inputs.software_generations",
                            "no generation's source_contains matches the source of measurements.json " + where);
        if (raw && i < raw->size() && (*raw)[i].is_object()) {
            const auto &x = (*raw)[i];
            if (x.contains("prompt_tokens") && x["prompt_tokens"].is_number())
                r.promptTokens = x["prompt_tokens"].get<double>();
            else if (x.contains("test_label") && x["test_label"].is_string()) {
                const std::string l = x["test_label"].get<std::string>();
                if (l.size() > 2 && l.compare(0, 2, "pp") == 0)
                    r.promptTokens = std::atof(l.c_str() + 2);
            }
        }
        r.weightsGb = m.paramsActiveB * m.bitsPerWeight / 8.0;
        r.moe = m.paramsActiveB < 0.95 * m.paramsTotalB;
        for (const auto &k : in.kv)
            if (k.model == m.model) {
                r.hasKv = true;
                r.kvReadGb = (k.growingBytesPerToken * m.contextDepth +
                              k.windowBytesPerToken * std::min(m.contextDepth, k.windowTokens)) / 1e9;
            }
        r.fitted = m.decode && r.inCatalog && r.hasKv;
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
    return b;
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
    return estimate(rowBox(r), rowShape(r), r.m->contextDepth, e).decodeTokensPerS;
}

Efficiency calibratedEfficiency(const Calibration &c, double overheadGb)
{
    Efficiency e;
    e.bandwidth = c.bandwidthEfficiency;
    e.kvBandwidth = c.kvEfficiency;
    e.compute = c.computeEfficiency;
    e.overheadGb = overheadGb;
    e.fixedSecondsPerToken = c.fixedSecondsGpu;
    e.unifiedFixedSecondsPerToken = c.fixedSecondsUnified;
    e.secondsPerExtraGpu = c.secondsPerExtraGpu;
    return e;
}

Efficiency calibratedEfficiency(const Calibration &c, const Params &p)
{
    Efficiency e = calibratedEfficiency(c, p.runtimeOverheadGb);
    e.bandwidth = p.bandwidthEfficiency;
    e.compute = p.computeEfficiency;
    if (c.bandwidthEfficiency > 0)
        e.kvBandwidth = std::min(1.0, c.kvEfficiency * p.bandwidthEfficiency / c.bandwidthEfficiency);
    return e;
}

Calibration fitCalibration(const DataSet &d, const CalibrationInputs &in)
{
    Calibration c;
    c.inputs = in;
    c.source = "data/measurements.json (measured llama.cpp decode and prefill: XiongjieDai GPU-Benchmarks-on-LLM-Inference "
               "May 2024; llama.cpp repository benches 2025-11 and 2026-02), peak specs from data/hardware.json and "
               "measurements.json other_devices, KV architectures in inputs.kv_architectures";
    c.method = "Decode: weighted least squares (Eigen, column-pivoting QR) of time per token t = W/(eta BW) + "
               "K(depth)/(eta_kv[generation] BW) + t_fixed(GPU or unified) + (gpus-1) t_gpu with weights 1/t_measured "
               "(relative residuals), over the decode rows on devices in hardware.json with a sourced KV architecture; "
               "coefficients outside their physical range (efficiency above 1, negative time) are pinned at the bound "
               "and the rest refitted. APE = |predicted - measured| / measured; quantiles interpolate linearly. "
               "Prefill: geometric mean of achieved/quoted FP16 peak per fp16_tflops_kind over single-device prompts "
               "of at most inputs.prefill_max_prompt_tokens tokens into an empty cache.";
    const std::vector<CalibrationRow> rows = calibrationRows(d, in);

    // Columns: weights, KV per generation, fixed (GPU), fixed (unified), extra GPU.
    const int G = static_cast<int>(in.generations.size());
    const int cols = 1 + G + 3;
    const int cFixGpu = 1 + G, cFixUni = 2 + G, cExtra = 3 + G;
    std::vector<const CalibrationRow *> fit;
    for (const auto &r : rows) {
        if (r.m->decode)
            (r.fitted ? ++c.n : ++c.excluded);
        if (r.fitted)
            fit.push_back(&r);
    }
    if (fit.size() < static_cast<std::size_t>(cols))
        throw DataError("measurements.json", "measurements", "too few decode rows on catalog devices to calibrate");
    Eigen::MatrixXd X(fit.size(), cols);
    Eigen::VectorXd t(fit.size());
    X.setZero();
    for (std::size_t i = 0; i < fit.size(); ++i) {
        const CalibrationRow &r = *fit[i];
        X(i, 0) = r.weightsGb / r.bandwidthGbps;
        X(i, 1 + r.generation) = r.kvReadGb / r.bandwidthGbps;
        X(i, r.unified ? cFixUni : cFixGpu) = 1.0;
        X(i, cExtra) = r.m->gpuCount - 1;
        t(i) = 1.0 / r.m->tokensPerS;
    }
    // Weighted: divide each row by its measured time, so the residuals are relative.
    const Eigen::VectorXd w = t.cwiseInverse();
    const Eigen::MatrixXd A = w.asDiagonal() * X;
    const Eigen::VectorXd b = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(fit.size()));
    // A coefficient is free, pinned at a bound, or unused (no data in its column).
    std::vector<int> state(cols, 0); // 0 free, 1 pinned
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(cols);
    std::vector<bool> used(cols, false);
    for (int k = 0; k < cols; ++k)
        used[static_cast<std::size_t>(k)] = X.col(k).cwiseAbs().maxCoeff() > 0;
    const auto isEfficiency = [&](int k) { return k <= G; };
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
            if (isEfficiency(k) && beta(k) < 1.0) { // efficiency above 1: pin at the roofline
                beta(k) = 1.0;
                state[static_cast<std::size_t>(k)] = 1;
                changed = true;
            } else if (!isEfficiency(k) && beta(k) < 0.0) {
                beta(k) = 0.0;
                state[static_cast<std::size_t>(k)] = 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    c.bandwidthEfficiency = 1.0 / beta(0);
    double newest = -1e300;
    for (int g = 0; g < G; ++g) {
        KvGenerationFit k;
        k.generation = in.generations[static_cast<std::size_t>(g)].name;
        for (const auto *r : fit)
            if (r->generation == g && r->kvReadGb > 0)
                ++k.n;
        k.efficiency = used[static_cast<std::size_t>(1 + g)] ? 1.0 / beta(1 + g) : 0.0;
        if (k.n > 0 && in.generations[static_cast<std::size_t>(g)].date > newest) {
            newest = in.generations[static_cast<std::size_t>(g)].date;
            c.kvEfficiency = k.efficiency;
        }
        c.kvByGeneration.push_back(k);
    }
    if (!(c.kvEfficiency > 0))
        c.kvEfficiency = c.bandwidthEfficiency;
    c.fixedSecondsGpu = used[static_cast<std::size_t>(cFixGpu)] ? beta(cFixGpu) : 0.0;
    c.fixedSecondsUnified = used[static_cast<std::size_t>(cFixUni)] ? beta(cFixUni) : c.fixedSecondsGpu;
    c.secondsPerExtraGpu = used[static_cast<std::size_t>(cExtra)] ? beta(cExtra) : 0.0;

    // R2 of log tokens/s over the fitted rows.
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
        c.r2Log = ssTot > 0 ? 1.0 - ssRes / ssTot : 0.0;
    }

    // Error table: the families the issue names, each against the flat rule.
    struct Family {
        const char *name;
        bool (*member)(const CalibrationRow &, const CalibrationInputs &);
    };
    static const Family families[] = {
        {"overall", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted; }},
        {"NVIDIA GPUs", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.vendor == "NVIDIA" && !r.unified; }},
        {"Apple", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.vendor == "Apple"; }},
        {"unified memory", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.unified; }},
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

    // Prefill: achieved share of the quoted FP16 peak, per kind of figure and over all.
    std::map<std::string, std::vector<const CalibrationRow *>> byKind;
    std::vector<const CalibrationRow *> all;
    for (const auto &r : rows)
        if (!r.m->decode && r.inCatalog && r.m->gpuCount == 1 && r.m->contextDepth == 0 && r.promptTokens > 0 &&
            r.promptTokens <= in.prefillMaxPromptTokens && r.tflops && *r.tflops > 0) {
            byKind[r.tflopsKind.empty() ? std::string("unknown") : r.tflopsKind].push_back(&r);
            all.push_back(&r);
        }
    const auto achieved = [](const CalibrationRow &r) { return r.m->tokensPerS * 2.0 * r.m->paramsActiveB * 1e9 / (*r.tflops * 1e12); };
    const auto fitPrefill = [&](const std::string &kind, const std::vector<const CalibrationRow *> &v) {
        PrefillFit f;
        f.flopsKind = kind;
        f.n = static_cast<int>(v.size());
        double s = 0;
        for (const auto *r : v)
            s += std::log(achieved(*r));
        f.efficiency = std::exp(s / static_cast<double>(v.size()));
        std::vector<double> e;
        for (const auto *r : v)
            e.push_back(ape(f.efficiency * *r->tflops * 1e12 / (2.0 * r->m->paramsActiveB * 1e9), r->m->tokensPerS));
        f.medianApe = quantile(e, 0.5);
        f.p90Ape = quantile(e, 0.9);
        return f;
    };
    for (const auto &[kind, v] : byKind)
        c.prefill.push_back(fitPrefill(kind, v));
    if (!all.empty())
        c.prefill.push_back(fitPrefill("all", all));
    c.computeEfficiency = 0;
    for (const auto &f : c.prefill)
        if (f.flopsKind == in.prefillReferenceFlopsKind)
            c.computeEfficiency = f.efficiency;
    if (!(c.computeEfficiency > 0))
        for (const auto &f : c.prefill)
            if (f.flopsKind == "all")
                c.computeEfficiency = f.efficiency;
    return c;
}

nlohmann::ordered_json calibrationJson(const Calibration &c)
{
    using nlohmann::ordered_json;
    ordered_json j;
    j["format"] = "frontier-forecast-calibration";
    j["version"] = 1;
    j["description"] = "The decode and prefill speed model fitted to the measured llama.cpp runs. Generated by "
                       "FF_WRITE_CALIBRATION=<path> tst_calibration; tests/tst_calibration.cpp refits it and fails "
                       "if this file has drifted. Only the inputs section is edited by hand.";
    j["source"] = c.source;
    j["method"] = c.method;
    ordered_json in;
    in["flat_rule_bandwidth_efficiency"] = c.inputs.flatRuleEfficiency;
    in["long_context_tokens"] = c.inputs.longContextTokens;
    in["prefill_max_prompt_tokens"] = c.inputs.prefillMaxPromptTokens;
    in["prefill_reference_flops_kind"] = c.inputs.prefillReferenceFlopsKind;
    ordered_json gens = ordered_json::array();
    for (const auto &g : c.inputs.generations) {
        char date[32];
        const int y = static_cast<int>(std::floor(g.date));
        const int m = std::min(12, static_cast<int>(std::floor((g.date - y) * 12.0 + 1e-9)) + 1);
        std::snprintf(date, sizeof date, "%04d-%02d", y, m);
        gens.push_back({{"name", g.name}, {"source_contains", g.sourceContains}, {"date", date}});
    }
    in["software_generations"] = gens;
    ordered_json kv = ordered_json::array();
    for (const auto &k : c.inputs.kv)
        kv.push_back({{"model", k.model}, {"growing_bytes_per_token", k.growingBytesPerToken},
                      {"window_bytes_per_token", k.windowBytesPerToken}, {"window_tokens", k.windowTokens},
                      {"source", k.source}});
    in["kv_architectures"] = kv;
    j["inputs"] = in;
    ordered_json d;
    d["bandwidth_efficiency"] = round6(c.bandwidthEfficiency);
    d["kv_efficiency"] = round6(c.kvEfficiency);
    ordered_json kg = ordered_json::array();
    for (const auto &g : c.kvByGeneration)
        kg.push_back({{"generation", g.generation}, {"n", g.n}, {"efficiency", round6(g.efficiency)}});
    d["kv_efficiency_by_generation"] = kg;
    d["fixed_seconds_per_token_gpu"] = round6(c.fixedSecondsGpu);
    d["fixed_seconds_per_token_unified"] = round6(c.fixedSecondsUnified);
    d["seconds_per_extra_gpu"] = round6(c.secondsPerExtraGpu);
    d["n"] = c.n;
    d["excluded"] = c.excluded;
    d["r2_log_tokens_per_s"] = round6(c.r2Log);
    ordered_json er = ordered_json::array();
    for (const auto &e : c.decodeErrors)
        er.push_back({{"family", e.family}, {"n", e.n}, {"median_ape_pct", round6(e.medianApe)}, {"p90_ape_pct", round6(e.p90Ape)},
                      {"flat_rule_median_ape_pct", round6(e.flatMedianApe)}, {"flat_rule_p90_ape_pct", round6(e.flatP90Ape)}});
    d["errors"] = er;
    j["decode"] = d;
    ordered_json p;
    p["compute_efficiency"] = round6(c.computeEfficiency);
    ordered_json pk = ordered_json::array();
    for (const auto &f : c.prefill)
        pk.push_back({{"flops_kind", f.flopsKind}, {"n", f.n}, {"compute_efficiency", round6(f.efficiency)},
                      {"median_ape_pct", round6(f.medianApe)}, {"p90_ape_pct", round6(f.p90Ape)}});
    p["by_flops_kind"] = pk;
    j["prefill"] = p;
    return j;
}

} // namespace ff

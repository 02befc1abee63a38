// calibration.json: its reader (one reader per section) and its writer, and catalog_changes.json.
// The fit is in calibration.cpp; the structures both share are declared in calibration.h.
#include "physics/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "data/jsonread.h"
#include "physics/calibrationschemas.h"

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

} // namespace

CalibrationInputs parseCalibrationInputs(const nlohmann::json &j, const std::string &file)
{
    JsonObject top(j, file, "");
    const JsonObject o = top.object("inputs");
    CalibrationInputs in;
    in.flatRuleEfficiency = o.num("flat_rule_bandwidth_efficiency", 0.01, 1);
    in.longContextTokens = o.num("long_context_tokens", 1, 1e7);
    in.familyPriorRows = o.optNum("family_prior_rows", 0, 1e6).value_or(0);
    const auto &gens = o.array("software_generations");
    for (std::size_t i = 0; i < gens.size(); ++i) {
        JsonObject g(gens[i], file, o.field("software_generations[" + std::to_string(i) + "]"));
        SoftwareGeneration s;
        s.name = g.str("name");
        s.sourceContains = g.str("source_contains");
        if (s.sourceContains.empty())
            g.fail(g.field("source_contains"), "expected a non-empty string");
        s.date = g.date("date");
        s.kvFitted = g.boolean("kv_fitted", true);
        in.generations.push_back(s);
    }
    if (o.has("prefill_eras")) {
        const auto &eras = o.array("prefill_eras");
        for (std::size_t i = 0; i < eras.size(); ++i) {
            JsonObject g(eras[i], file, o.field("prefill_eras[" + std::to_string(i) + "]"));
            PrefillEra e;
            e.name = g.str("name");
            e.vendor = g.str("vendor");
            e.sourceContains = g.str("source_contains");
            if (e.sourceContains.empty())
                g.fail(g.field("source_contains"), "expected a non-empty string");
            e.why = g.optStr("why");
            e.fitted = g.boolean("fitted", true);
            in.prefillEras.push_back(e);
        }
    }
    in.prefillCurrentEra = o.optStr("prefill_current_era", "current");
    if (o.has("prefill_backends")) {
        const JsonObject pb = o.object("prefill_backends");
        const auto &names = pb.array("fitted");
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (!names[i].is_string() || names[i].get<std::string>().empty())
                pb.fail(pb.field("fitted[" + std::to_string(i) + "]"), "expected a non-empty string");
            in.prefillBackends.push_back(names[i].get<std::string>());
        }
        in.prefillBackendsWhy = pb.str("why");
    }
    if (o.has("host_cpu")) {
        const JsonObject h = o.object("host_cpu");
        in.hostCpu.tflops = h.num("tflops", 0.001, 1e4);
        in.hostCpu.source = h.str("source");
    }
    const auto &kv = o.array("kv_architectures");
    for (std::size_t i = 0; i < kv.size(); ++i) {
        JsonObject k(kv[i], file, o.field("kv_architectures[" + std::to_string(i) + "]"));
        KvArchitecture a;
        a.model = k.str("model");
        a.growingBytesPerToken = k.num("growing_bytes_per_token", 0, 1e8);
        a.windowBytesPerToken = k.num("window_bytes_per_token", 0, 1e8);
        a.windowTokens = k.num("window_tokens", 0, 1e8);
        a.attentionFullDim = k.optNum("attention_full_dim", 0, 1e9).value_or(0);
        a.attentionWindowDim = k.optNum("attention_window_dim", 0, 1e9).value_or(0);
        a.source = k.str("source");
        if (a.growingBytesPerToken + a.windowBytesPerToken <= 0)
            k.fail(k.field("growing_bytes_per_token"), "a model with no KV cache: both byte counts are 0");
        in.kv.push_back(a);
    }
    return in;
}

namespace {

// A table of rows read through its schema (model/data/schemas.cpp), the writer below uses the same one.
template <class T>
std::vector<T> rows(const JsonObject &parent, const std::string &key, const std::vector<schema::Field<T>> &fields)
{
    std::vector<T> out;
    const auto &arr = parent.array(key);
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject e(arr[i], parent.file(), parent.field(key + "[" + std::to_string(i) + "]"));
        T row;
        schema::read(e, fields, row);
        out.push_back(std::move(row));
    }
    return out;
}

// calibration.json "decode": the constants per term, per kind and per generation, and the error tables.
void parseDecodeSection(const JsonObject &d, const std::string &file, Calibration &c)
{
    c.bandwidthEfficiency = d.num("bandwidth_efficiency", 1e-3, 1);
    c.kvEfficiency = d.num("kv_efficiency", 1e-3, 1);
    c.fixedSecondsGpu = d.num("fixed_seconds_per_token_gpu", 0, 1);
    c.fixedSecondsUnified = d.num("fixed_seconds_per_token_unified", 0, 1);
    c.secondsPerExtraGpu = d.num("seconds_per_extra_gpu", 0, 1);
    c.n = static_cast<int>(d.num("n", 1, 1e7));
    c.excluded = static_cast<int>(d.num("excluded", 0, 1e7));
    c.r2Log = d.num("r2_log_tokens_per_s", -1e9, 1);
    c.moeSecondsPerToken = d.num("moe_seconds_per_token", 0, 1);
    {
        const auto &bk = d.array("by_kind");
        for (std::size_t i = 0; i < bk.size(); ++i) {
            JsonObject k(bk[i], file, d.field("by_kind[" + std::to_string(i) + "]"));
            DecodeKindFit f;
            f.kind = k.str("kind");
            SystemKind sk;
            if (!parseSystemKind(f.kind, &sk))
                k.fail(k.field("kind"), "expected gpu, apple, unified or cpu");
            f.fitted = k.boolean("fitted", false);
            f.n = static_cast<int>(k.num("n", 0, 1e7));
            f.weightEfficiency = k.num("weight_efficiency", 1e-3, 1);
            f.fixedSeconds = k.num("fixed_seconds_per_token", 0, 1);
            f.computeShare = k.num("compute_share", 0, 1);
            f.moeSeconds = k.optNum("moe_seconds_per_token", 0, 1).value_or(c.moeSecondsPerToken);
            f.note = k.optStr("note");
            c.decodeKinds.push_back(f);
        }
        for (int k = 0; k < kSystemKinds; ++k)
            if (static_cast<int>(c.decodeKinds.size()) <= k || c.decodeKinds[static_cast<std::size_t>(k)].kind != systemKindName(static_cast<SystemKind>(k)))
                d.fail(d.field("by_kind"), "expected the kinds gpu, apple, unified, cpu in that order");
    }
    if (d.has("by_family")) // written since round 20; without it every part takes its kind's fixed time
        c.decodeFamilies = rows(d, "by_family", decodeFamilySchema());
    if (d.has("cv_by_kind"))
        c.decodeCvByKind = rows(d, "cv_by_kind", decodeCvSchema());
    if (d.has("source_out_errors"))
        c.decodeCvSourceErrors = rows(d, "source_out_errors", errorStatsSchema(true, false));
    c.kvByGeneration = rows(d, "kv_efficiency_by_generation", kvGenerationSchema());
    c.decodeErrors = rows(d, "errors", errorStatsSchema(false, true));
    if (d.has("cross_validated_errors"))
        c.decodeCvErrors = rows(d, "cross_validated_errors", errorStatsSchema(false, false));
}

// calibration.json "prefill": the constants, the attention width law, per generation and per family.
void parsePrefillSection(const JsonObject &p, const std::string &file, Calibration &c)
{
    c.computeEfficiency = p.num("compute_efficiency", 1e-4, 10);
    c.attentionEfficiency = p.num("attention_efficiency", 1e-4, 10);
    c.prefillN = static_cast<int>(p.num("n", 0, 1e7));
    c.prefillExcluded = static_cast<int>(p.num("excluded", 0, 1e7));
    c.prefillMedianApe = p.num("median_ape_pct", 0, 1e6);
    c.prefillP90Ape = p.num("p90_ape_pct", 0, 1e6);
    c.prefillCvMedianApe = p.num("cv_median_ape_pct", 0, 1e6);
    c.prefillCvP90Ape = p.num("cv_p90_ape_pct", 0, 1e6);
    // Fields added in round 6; a file written before them reads as "not fitted" (the fitter writes them).
    c.prefillParts = static_cast<int>(p.optNum("parts", 0, 1e7).value_or(0));
    c.prefillCvPartMedianApe = p.optNum("cv_part_weighted_median_ape_pct", 0, 1e6).value_or(0);
    c.prefillCvPartP90Ape = p.optNum("cv_part_weighted_p90_ape_pct", 0, 1e6).value_or(0);
    c.prefillMoeScale = p.optNum("moe_scale", 1e-3, 10).value_or(1);
    if (p.has("excluded_by_reason")) {
        const auto &ex = p.array("excluded_by_reason");
        for (std::size_t i = 0; i < ex.size(); ++i) {
            JsonObject e(ex[i], file, p.field("excluded_by_reason[" + std::to_string(i) + "]"));
            c.prefillExcludedBy.emplace_back(e.str("reason"), static_cast<int>(e.num("n", 0, 1e7)));
        }
    }
    {
        const JsonObject a = p.object("attention_law");
        c.attentionLaw.coef = a.num("coef", 0, 1e12);
        c.attentionLaw.exponent = a.num("exponent", -10, 10);
        c.attentionLaw.r2 = a.num("r2", -1e9, 1);
        c.attentionLaw.n = static_cast<int>(a.num("n", 0, 1e7));
    }
    c.prefillGenerations = rows(p, "by_generation", prefillGenerationSchema());
    c.prefillFamilies = rows(p, "by_family", prefillFamilySchema());
    for (auto &f : c.prefillFamilies)
        f.fitted = true; // a family in the file was fitted
}

} // namespace

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
    parseDecodeSection(top.object("decode"), file, c);
    parsePrefillSection(top.object("prefill"), file, c);
    return c;
}

std::vector<CatalogChange> loadCatalogChanges(const std::string &dataDir)
{
    static const char *file = "catalog_changes.json";
    std::vector<CatalogChange> out;
    const std::string path = dataDir + "/" + file;
    if (FILE *f = std::fopen(path.c_str(), "rb"))
        std::fclose(f);
    else
        return out;
    const nlohmann::json j = readJsonFile(path);
    JsonObject top(j, file, "");
    if (top.str("format") != "frontier-forecast-catalog-changes")
        top.fail("format", "expected \"frontier-forecast-catalog-changes\"");
    top.optStr("description");
    top.num("version", 1, 1);
    const auto &a = top.array("changes");
    for (std::size_t i = 0; i < a.size(); ++i) {
        JsonObject e(a[i], file, "changes[" + std::to_string(i) + "]");
        CatalogChange c;
        schema::read(e, catalogChangeSchema(), c);
        if (c.source.empty())
            e.fail(e.field("source"), "every change needs a source");
        out.push_back(c);
    }
    return out;
}

Calibration loadCalibration(const std::string &dataDir)
{
    const std::string path = dataDir + "/" + kFile;
    const nlohmann::json j = readJsonFile(path);
    try {
        Calibration c = parseCalibration(j, kFile);
        c.catalogChanges = loadCatalogChanges(dataDir);
        return c;
    } catch (const DataError &) {
        throw;
    } catch (const nlohmann::json::exception &e) {
        throw DataError(kFile, "(top level)", std::string("not valid: ") + e.what());
    }
}

std::string calibrationText(const Calibration &c) { return calibrationJson(c).dump(2) + "\n"; }

namespace {

// A table of rows written through its schema (model/data/schemas.cpp), as the reader above reads it.
template <class T>
nlohmann::ordered_json table(const std::vector<T> &rowsIn, const std::vector<schema::Field<T>> &fields)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto &r : rowsIn)
        a.push_back(schema::write<T, nlohmann::ordered_json>(fields, r, round6));
    return a;
}


// calibration.json "inputs": the hand-edited settings, written back as read.
nlohmann::ordered_json inputsJson(const Calibration &c)
{
    using nlohmann::ordered_json;
    ordered_json in;
    in["flat_rule_bandwidth_efficiency"] = c.inputs.flatRuleEfficiency;
    in["long_context_tokens"] = c.inputs.longContextTokens;
    in["family_prior_rows"] = c.inputs.familyPriorRows;
    ordered_json gens = ordered_json::array();
    for (const auto &g : c.inputs.generations) {
        char date[32];
        const int y = static_cast<int>(std::floor(g.date));
        const int m = std::min(12, static_cast<int>(std::floor((g.date - y) * 12.0 + 1e-9)) + 1);
        std::snprintf(date, sizeof date, "%04d-%02d", y, m);
        ordered_json e = {{"name", g.name}, {"source_contains", g.sourceContains}, {"date", date}};
        if (!g.kvFitted)
            e["kv_fitted"] = false;
        gens.push_back(e);
    }
    in["software_generations"] = gens;
    ordered_json eras = ordered_json::array();
    for (const auto &e : c.inputs.prefillEras)
    {
        ordered_json era = {{"name", e.name}, {"vendor", e.vendor}, {"source_contains", e.sourceContains}, {"why", e.why}};
        if (!e.fitted)
            era["fitted"] = false;
        eras.push_back(era);
    }
    in["prefill_eras"] = eras;
    in["prefill_current_era"] = c.inputs.prefillCurrentEra;
    if (!c.inputs.prefillBackends.empty())
        in["prefill_backends"] = {{"fitted", c.inputs.prefillBackends}, {"why", c.inputs.prefillBackendsWhy}};
    if (c.inputs.hostCpu.tflops > 0)
        in["host_cpu"] = {{"tflops", c.inputs.hostCpu.tflops}, {"source", c.inputs.hostCpu.source}};
    ordered_json kv = ordered_json::array();
    for (const auto &k : c.inputs.kv)
    {
        ordered_json e = {{"model", k.model}, {"growing_bytes_per_token", k.growingBytesPerToken},
                          {"window_bytes_per_token", k.windowBytesPerToken}, {"window_tokens", k.windowTokens}};
        if (k.hasAttention()) {
            e["attention_full_dim"] = k.attentionFullDim;
            e["attention_window_dim"] = k.attentionWindowDim;
        }
        e["source"] = k.source;
        kv.push_back(e);
    }
    in["kv_architectures"] = kv;
    return in;
}

// calibration.json "decode": the constants per term, per kind and per generation, and the error tables.
nlohmann::ordered_json decodeJson(const Calibration &c)
{
    using nlohmann::ordered_json;
    ordered_json d;
    d["bandwidth_efficiency"] = round6(c.bandwidthEfficiency);
    d["kv_efficiency"] = round6(c.kvEfficiency);
    d["kv_efficiency_by_generation"] = table(c.kvByGeneration, kvGenerationSchema());
    ordered_json bk = ordered_json::array();
    for (const auto &k : c.decodeKinds) {
        ordered_json e = {{"kind", k.kind}, {"fitted", k.fitted}, {"n", k.n}, {"weight_efficiency", round6(k.weightEfficiency)},
                          {"fixed_seconds_per_token", round6(k.fixedSeconds)}, {"compute_share", round6(k.computeShare)},
                          {"moe_seconds_per_token", round6(k.moeSeconds)}};
        if (!k.note.empty())
            e["note"] = k.note;
        bk.push_back(e);
    }
    d["by_kind"] = bk;
    if (!c.decodeFamilies.empty()) // families of one run (an import); the shipped data has none
        d["by_family"] = table(c.decodeFamilies, decodeFamilySchema());
    d["moe_seconds_per_token"] = round6(c.moeSecondsPerToken);
    d["fixed_seconds_per_token_gpu"] = round6(c.fixedSecondsGpu);
    d["fixed_seconds_per_token_unified"] = round6(c.fixedSecondsUnified);
    d["seconds_per_extra_gpu"] = round6(c.secondsPerExtraGpu);
    d["n"] = c.n;
    d["excluded"] = c.excluded;
    d["r2_log_tokens_per_s"] = round6(c.r2Log);
    d["errors"] = table(c.decodeErrors, errorStatsSchema(false, true));
    d["cross_validated_errors"] = table(c.decodeCvErrors, errorStatsSchema(false, false));
    d["source_out_errors"] = table(c.decodeCvSourceErrors, errorStatsSchema(true, false));
    d["cv_by_kind"] = table(c.decodeCvByKind, decodeCvSchema());
    return d;
}

// calibration.json "prefill": the constants, the attention width law, per generation and per family.
nlohmann::ordered_json prefillJson(const Calibration &c)
{
    using nlohmann::ordered_json;
    ordered_json p;
    p["compute_efficiency"] = round6(c.computeEfficiency);
    p["attention_efficiency"] = round6(c.attentionEfficiency);
    p["n"] = c.prefillN;
    p["excluded"] = c.prefillExcluded;
    p["median_ape_pct"] = round6(c.prefillMedianApe);
    p["p90_ape_pct"] = round6(c.prefillP90Ape);
    p["cv_median_ape_pct"] = round6(c.prefillCvMedianApe);
    p["cv_p90_ape_pct"] = round6(c.prefillCvP90Ape);
    p["parts"] = c.prefillParts;
    p["cv_part_weighted_median_ape_pct"] = round6(c.prefillCvPartMedianApe);
    p["cv_part_weighted_p90_ape_pct"] = round6(c.prefillCvPartP90Ape);
    p["moe_scale"] = round6(c.prefillMoeScale);
    ordered_json exb = ordered_json::array();
    for (const auto &[why, n] : c.prefillExcludedBy)
        exb.push_back({{"reason", why}, {"n", n}});
    p["excluded_by_reason"] = exb;
    p["attention_law"] = {{"coef", round6(c.attentionLaw.coef)}, {"exponent", round6(c.attentionLaw.exponent)},
                          {"r2", round6(c.attentionLaw.r2)}, {"n", c.attentionLaw.n}};
    p["by_generation"] = table(c.prefillGenerations, prefillGenerationSchema());
    p["by_family"] = table(c.prefillFamilies, prefillFamilySchema());
    return p;
}

} // namespace

nlohmann::ordered_json calibrationJson(const Calibration &c)
{
    using nlohmann::ordered_json;
    ordered_json j;
    j["format"] = "frontier-forecast-calibration";
    j["version"] = 1;
    j["description"] = "The decode and prefill speed model fitted to the measured llama.cpp runs. Generated by "
                       "frontier-forecast-calibrate --data data --out data/calibration.json (byte-identical on rerun); "
                       "tests/tst_calibration.cpp refits it and fails if this file differs from what the fitter gives. "
                       "Only the inputs section is edited by hand.";
    j["source"] = c.source;
    j["method"] = c.method;
    j["inputs"] = inputsJson(c);
    j["decode"] = decodeJson(c);
    j["prefill"] = prefillJson(c);
    return j;
}

} // namespace ff

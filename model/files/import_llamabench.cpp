// The llama-bench importer: llama.cpp's llama-bench output (JSON, JSONL or CSV) to measurements.
#include "files/importers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "data/assumptions.h"
#include "physics/calibration.h"
#include "core/clock.h"
#include "solver/forecast.h"
#include "report/report.h"
#include "core/timeutil.h"

#include "files/importutil.h"

namespace ff {

using nlohmann::json;
using namespace importutil;

namespace {

// One result: field -> text, as the CSV writes it (JSON values are turned into the same text).
struct RawRow {
    int line = 0;
    std::map<std::string, std::string> f;
};

std::string cellText(const json &v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "true" : "false"; // never a number: "n_gen": true is refused, not read as 1
    if (v.is_null())
        return {};
    return v.dump();
}

// Fields every row needs (llama-bench writes them in JSON, JSONL and CSV alike).
const char *const kBenchRequired[] = {"build_commit", "build_number", "cpu_info", "gpu_info", "backends", "model_filename",
                                      "model_type", "model_size", "model_n_params", "n_prompt", "n_gen", "test_time",
                                      "avg_ts", "stddev_ts"};

struct ModelCandidate {
    std::string name;
    double totalB = 0, activeB = 0;
    bool measured = false; // in measurements.json (its KV architecture is sourced for the fit)
};

std::vector<ModelCandidate> modelCandidates(const DataSet &d)
{
    std::vector<ModelCandidate> c;
    std::set<std::string> seen;
    for (const auto &m : d.measurements)
        if (seen.insert(m.model).second)
            c.push_back({m.model, m.paramsTotalB, m.paramsActiveB, true});
    for (const auto &m : d.openModels)
        if (m.paramsTotalB > 0 && seen.insert(m.name).second)
            c.push_back({m.name, m.paramsTotalB, m.paramsActiveB, false});
    return c;
}

// "qwen3moe 30B.A3B Q4_K - Medium": the active size after ".A" (billions), when llama.cpp names it.
std::optional<double> activeFromType(const std::string &type)
{
    const auto p = type.find(".A");
    if (p == std::string::npos)
        return std::nullopt;
    std::size_t e = p + 2;
    while (e < type.size() && (std::isdigit(static_cast<unsigned char>(type[e])) || type[e] == '.'))
        ++e;
    if (e >= type.size() || (type[e] != 'B' && type[e] != 'b') || e == p + 2)
        return std::nullopt;
    return number(type.substr(p + 2, e - p - 2));
}

void addProblem(ImportPreview &pv, int line, const std::string &field, const std::string &msg)
{
    pv.errors.push_back({line, field, msg});
}

// The JSON array format (-o json): one object per result.
void readBenchJson(const std::string &text, const std::string &file, ImportPreview &pv, std::vector<RawRow> &raw)
{
    pv.format = "json";
    json j;
    try {
        j = parseJsonText(text, file);
    } catch (const DataError &e) {
        addProblem(pv, 0, "", std::string(e.what()).substr(printable(file).size() + 2));
        return;
    }
    const auto lines = arrayObjectLines(text);
    for (std::size_t i = 0; i < j.size(); ++i) {
        RawRow r;
        r.line = i < lines.size() ? lines[i] : 0;
        if (!j[i].is_object()) {
            addProblem(pv, r.line, "", "expected an object for each result");
            continue;
        }
        for (auto it = j[i].begin(); it != j[i].end(); ++it)
            r.f[it.key()] = cellText(it.value());
        raw.push_back(std::move(r));
    }
}

// The JSON lines format (-o jsonl): one object per line.
void readBenchJsonl(const std::string &text, const std::string &file, ImportPreview &pv, std::vector<RawRow> &raw)
{
    pv.format = "jsonl";
    std::istringstream in(text);
    std::string l;
    int line = 0;
    while (std::getline(in, l)) {
        ++line;
        if (trim(l).empty())
            continue;
        json j;
        try {
            j = parseJsonText(l, file);
        } catch (const DataError &e) {
            addProblem(pv, line, "", "not one JSON object per line (-o jsonl): " + std::string(e.what()).substr(printable(file).size() + 2));
            continue;
        }
        if (!j.is_object()) {
            addProblem(pv, line, "", "expected one JSON object per line (-o jsonl)");
            continue;
        }
        RawRow r;
        r.line = line;
        for (auto it = j.begin(); it != j.end(); ++it)
            r.f[it.key()] = cellText(it.value());
        raw.push_back(std::move(r));
    }
}

// The CSV format (-o csv): a header naming every required column, then one record per result.
void readBenchCsv(const std::string &text, ImportPreview &pv, std::vector<RawRow> &raw)
{
    pv.format = "csv";
    const auto recs = parseCsv(text, pv.errors);
    if (recs.empty() || std::find(recs.front().cells.begin(), recs.front().cells.end(), "avg_ts") == recs.front().cells.end()) {
        addProblem(pv, 1, "", "not llama-bench output: expected JSON (-o json), JSONL (-o jsonl) or CSV (-o csv) with an avg_ts column");
        return;
    }
    const auto &head = recs.front().cells;
    if (!duplicateColumnOk(head, "; keep one (which one holds the result is not known)", pv.errors) || !cellsUtf8(recs, false, pv.errors))
        return;
    const bool oldSchema = std::find(head.begin(), head.end(), "cuda") != head.end() || std::find(head.begin(), head.end(), "metal") != head.end();
    for (const char *k : kBenchRequired)
        if (std::find(head.begin(), head.end(), k) == head.end()) {
            addProblem(pv, 1, k, oldSchema ? "unknown llama-bench version: an older build (cuda/metal flags instead of backends) without this column; "
                                             "rerun with a current llama-bench"
                                           : "missing column (llama-bench -o csv writes it)");
            return;
        }
    for (std::size_t k = 1; k < recs.size(); ++k) {
        RawRow r;
        r.line = recs[k].line;
        if (recs[k].cells.size() != head.size()) {
            addProblem(pv, r.line, "", std::to_string(recs[k].cells.size()) + " cells where the header has " + std::to_string(head.size()));
            continue;
        }
        for (std::size_t c = 0; c < head.size(); ++c)
            r.f[head[c]] = recs[k].cells[c];
        raw.push_back(std::move(r));
    }
}

// The file's results as field -> text, whatever its format: by the first character, '[' JSON, '{'
// JSONL, '|' the markdown table (refused), else CSV. False with the problems in pv.errors.
bool readBenchRows(const std::string &text, const std::string &file, ImportPreview &pv, std::vector<RawRow> &raw)
{
    std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string::npos) {
        addProblem(pv, 0, "", "the file is empty");
        return false;
    }
    const char c0 = text[first];
    if (c0 == '|') {
        addProblem(pv, 1, "", "this is llama-bench's markdown table (-o md), which leaves out the hardware and the model's size; "
                              "run llama-bench with -o json, -o jsonl or -o csv");
        return false;
    }
    if ((c0 == '[' || c0 == '{') && firstBadUtf8Line(text)) {
        pv.format = c0 == '[' ? "json" : "jsonl";
        addProblem(pv, firstBadUtf8Line(text), "", "not UTF-8 text");
        return false;
    }
    if (c0 == '[')
        readBenchJson(text, file, pv, raw);
    else if (c0 == '{')
        readBenchJsonl(text, file, pv, raw);
    else
        readBenchCsv(text, pv, raw);
    if (!pv.errors.empty())
        return false;
    if (raw.empty()) {
        addProblem(pv, 0, "", "no results in the file");
        return false;
    }
    return true;
}

// The schema: a current llama-bench writes every required field. An old one (cuda/metal flags
// instead of `backends`, no build_number) or an unrelated file is named as such. One message for the
// file: every row has the same schema.
bool benchSchemaOk(const std::vector<RawRow> &raw, ImportPreview &pv)
{
    for (const RawRow &r : raw) {
        std::vector<std::string> missing;
        for (const char *k : kBenchRequired)
            if (!r.f.count(k))
                missing.push_back(k);
        if (missing.empty())
            continue;
        const bool looksBench = r.f.count("avg_ts") && (r.f.count("n_prompt") || r.f.count("n_gen"));
        std::string list;
        for (const auto &m : missing)
            list += (list.empty() ? "" : ", ") + m;
        if (looksBench && (r.f.count("cuda") || r.f.count("metal") || r.f.count("opencl") || r.f.count("gpu_blas")))
            addProblem(pv, r.line, missing.front(), "unknown llama-bench version: an older build (cuda/metal flags instead of backends) without " + list +
                                                        "; rerun with a current llama-bench");
        else if (looksBench)
            addProblem(pv, r.line, missing.front(), "missing field" + std::string(missing.size() > 1 ? "s " : " ") + list + " (llama-bench writes " +
                                                        (missing.size() > 1 ? "them" : "it") + " in every result)");
        else
            addProblem(pv, r.line, missing.front(), "missing field" + std::string(missing.size() > 1 ? "s " : " ") + list +
                                                        " (is this llama-bench output?)");
        return false;
    }
    return true;
}

// What a row's step decided: go on, drop this row (its problem is recorded), or stop the whole
// preview (an option that applies to every row is wrong).
enum class Step { Next, SkipRow, Stop };

// Rows -> results: the matching state shared by the rows of one file (devices and models are matched
// once per name; a file has thousands of rows of a few devices).
class BenchRows
{
public:
    BenchRows(const DataSet &d, const std::string &file, const LlamaBenchOptions &o, ImportPreview &pv)
        : mD(d), mFile(file), mO(o), mPv(pv), mCandidates(modelCandidates(d))
    {
        // The data's rows by device, model and phase (the duplicate check: thousands of rows against thousands).
        for (const auto &m : d.measurements)
            mExisting[m.hardware + "|" + m.model + "|" + (m.decode ? "d" : "p")].push_back(&m);
    }

    // False when the preview must stop.
    bool add(const RawRow &r)
    {
        BenchRow b;
        if (!readNumbers(r, b))
            return true;
        const HardwarePart *part = nullptr;
        const Step s = matchDevice(r, b, part);
        if (s != Step::Next)
            return s != Step::Stop;
        const Step m = matchModel(r, b);
        if (m != Step::Next)
            return m != Step::Stop;
        if (!physicsAndDuplicatesOk(r, b, part))
            return true;
        store(r, std::move(b));
        return true;
    }

    void finish()
    {
        for (const auto &[k, v] : mDeviceNotes)
            mPv.notes.push_back(v);
        for (const auto &[k, v] : mModelNotes)
            mPv.notes.push_back(v);
    }

private:
    void problem(int line, const std::string &field, const std::string &msg) { addProblem(mPv, line, field, msg); }

    std::optional<double> num(const RawRow &r, const char *key, double lo, double hi, bool whole)
    {
        const auto it = r.f.find(key);
        const std::string v = it == r.f.end() ? std::string() : it->second;
        const auto x = number(v);
        if (!x) {
            problem(r.line, key, "expected a number, got \"" + printable(v) + "\"");
            return std::nullopt;
        }
        if (*x < lo || *x > hi) {
            problem(r.line, key, fmtNum(*x) + " is out of range " + fmtNum(lo) + ".." + fmtNum(hi));
            return std::nullopt;
        }
        if (whole && std::floor(*x) != *x) {
            problem(r.line, key, "expected a whole number, got " + v);
            return std::nullopt;
        }
        return x;
    }

    // The row's figures, texts and test; false when the row is dropped (or skipped: a pg test).
    bool readNumbers(const RawRow &r, BenchRow &b);
    Step matchDevice(const RawRow &r, BenchRow &b, const HardwarePart *&part);
    // The catalog parts a device name matches: exactly, else partially (memoized by device key).
    const std::pair<std::vector<const HardwarePart *>, std::vector<const HardwarePart *>> &devicesNamed(const std::string &k);
    void describeNewDevice(BenchRow &b);
    Step matchModel(const RawRow &r, BenchRow &b);
    const ModelCandidate *modelByWords(BenchRow &b);
    bool physicsAndDuplicatesOk(const RawRow &r, const BenchRow &b, const HardwarePart *part);
    void store(const RawRow &r, BenchRow &&b);

    const DataSet &mD;
    const std::string &mFile;
    const LlamaBenchOptions &mO;
    ImportPreview &mPv;
    const std::vector<ModelCandidate> mCandidates;
    std::set<std::string> mSeenRows;
    std::map<std::string, std::string> mDeviceNotes, mModelNotes;
    std::map<std::string, std::pair<std::vector<const HardwarePart *>, std::vector<const HardwarePart *>>> mDeviceMatches;
    std::map<std::string, std::pair<const ModelCandidate *, std::string>> mModelMatches; // file|type|params -> match, how
    std::map<std::string, std::vector<const Measurement *>> mExisting;
    bool mNewDeviceAdded = false;
};

bool BenchRows::readNumbers(const RawRow &r, BenchRow &b)
{
    const std::size_t before = mPv.errors.size();
    // The ranges of measurements.json's reader (tokens_per_s 0.001..1e7, context_depth up to 1e7,
    // params_total_b 0.01..100000), so every row written reads back.
    const auto nPrompt = num(r, "n_prompt", 0, 4e6, true);
    const auto nGen = num(r, "n_gen", 0, 4e6, true);
    const auto nDepth = r.f.count("n_depth") ? num(r, "n_depth", 0, 4e6, true) : std::optional<double>(0.0);
    const auto avgTs = num(r, "avg_ts", 1e-3, 1e7, false);
    const auto sdTs = num(r, "stddev_ts", 0, 1e7, false);
    const auto size = num(r, "model_size", 1e6, 1e15, true);
    const auto params = num(r, "model_n_params", 1e7, 1e14, true);
    const auto build = num(r, "build_number", 0, 1e9, true);
    if (mPv.errors.size() != before)
        return false;
    // Text that goes into the layer: UTF-8, no control characters, bounded.
    for (const char *key : {"gpu_info", "model_filename", "model_type", "build_commit", "backends", "test_time"}) {
        const std::string why = textProblem(r.f.at(key));
        if (!why.empty()) {
            problem(r.line, key, why);
            return false;
        }
    }
    if (trim(r.f.at("model_filename")).empty()) {
        problem(r.line, "model_filename", "empty: the run's model has no name");
        return false;
    }
    b.line = r.line;
    b.nPrompt = *nPrompt;
    b.nGen = *nGen;
    b.nDepth = *nDepth;
    b.tokensPerS = *avgTs;
    b.stddev = *sdTs;
    b.modelFile = r.f.at("model_filename");
    b.modelType = r.f.at("model_type");
    b.build = r.f.at("build_commit") + " (" + fmt(*build, 0) + ")";
    if (b.nPrompt > 0 && b.nGen > 0) {
        ++mPv.skippedRows;
        mPv.notes.push_back("line " + std::to_string(r.line) + ": a pg test (prompt and generation timed together) is not one phase; skipped");
        return false;
    }
    if (b.nPrompt == 0 && b.nGen == 0) {
        problem(r.line, "n_prompt", "neither n_prompt nor n_gen is set: not a pp or tg test");
        return false;
    }
    b.decode = b.nGen > 0;
    b.testLabel = (b.decode ? "tg" + fmt(b.nGen, 0) : "pp" + fmt(b.nPrompt, 0)) + (b.nDepth > 0 ? " @ d" + fmt(b.nDepth, 0) : "");
    b.paramsTotalB = *params / 1e9;
    b.bitsPerWeight = *size * 8 / *params;
    if (b.bitsPerWeight < 1 || b.bitsPerWeight > 32) {
        problem(r.line, "model_size", "model_size / model_n_params gives " + fmt(b.bitsPerWeight, 2) + " bits per weight (expected 1-32)");
        return false;
    }
    // Duplicates within the file: the same test of the same model on the same device at the same time.
    const auto field = [&](const char *k) { return r.f.count(k) ? r.f.at(k) : std::string(); };
    const std::string key = r.f.at("gpu_info") + "|" + b.modelFile + "|" + b.testLabel + "|" + r.f.at("test_time") + "|" + r.f.at("build_commit") +
                            "|" + field("n_batch") + "|" + field("n_ubatch") + "|" + field("type_k") + "|" + field("n_gpu_layers");
    if (!mSeenRows.insert(key).second) {
        problem(r.line, "test_time", "duplicate row: the same " + b.testLabel + " test of " + b.modelFile + " at " + r.f.at("test_time") +
                                         " appears earlier in the file");
        return false;
    }
    return true;
}

const std::pair<std::vector<const HardwarePart *>, std::vector<const HardwarePart *>> &BenchRows::devicesNamed(const std::string &k)
{
    auto found = mDeviceMatches.find(k);
    if (found == mDeviceMatches.end()) {
        std::vector<const HardwarePart *> ex, pa;
        for (const auto &p : mD.parts) {
            const std::string a = deviceKey(p.name), f = deviceKey(p.fullName);
            if (a == k || f == k)
                ex.push_back(&p);
            else if (!k.empty() && (a.find(k) != std::string::npos || f.find(k) != std::string::npos))
                pa.push_back(&p);
        }
        found = mDeviceMatches.emplace(k, std::make_pair(ex, pa)).first;
    }
    return found->second;
}

// The device: every entry of gpu_info (comma-separated, one per device) must be the same part.
Step BenchRows::matchDevice(const RawRow &r, BenchRow &b, const HardwarePart *&part)
{
    std::string devices = trim(r.f.at("gpu_info"));
    const std::string backends = r.f.at("backends");
    std::vector<std::string> list;
    {
        std::string cur;
        std::istringstream in(devices);
        while (std::getline(in, cur, ','))
            if (!trim(cur).empty())
                list.push_back(trim(cur));
    }
    if (list.empty()) {
        problem(r.line, "gpu_info", "no GPU (backends \"" + printable(backends) + "\"): CPU-only runs are not in the hardware catalog; pass --hardware NAME to name the part");
        return Step::SkipRow;
    }
    b.device = list.front();
    b.gpus = static_cast<int>(list.size());
    if (b.gpus > 16) {
        problem(r.line, "gpu_info", std::to_string(b.gpus) + " devices in one run, more than the 16 a measurement may have");
        return Step::SkipRow;
    }
    if (std::any_of(list.begin(), list.end(), [&](const std::string &x) { return deviceKey(x) != deviceKey(list.front()); }) && mO.hardware.empty()) {
        problem(r.line, "gpu_info", "different devices in one run (\"" + printable(devices) + "\"): pass --hardware NAME for the part that sets the speed");
        return Step::SkipRow;
    }
    if (!mO.hardware.empty()) {
        part = mD.part(mO.hardware);
        if (!part) {
            problem(0, "--hardware", "\"" + mO.hardware + "\" is not a part of the catalog");
            return Step::Stop;
        }
    } else {
        const auto &[exact, partial] = devicesNamed(deviceKey(b.device));
        if (exact.size() == 1)
            part = exact.front();
        else if (exact.empty() && partial.size() == 1)
            part = partial.front();
        else if (mO.bandwidthGbps <= 0) {
            std::string names;
            for (const auto *p : exact.empty() ? partial : exact)
                names += (names.empty() ? "" : ", ") + p->name;
            problem(r.line, "gpu_info", "\"" + printable(b.device) + "\" " +
                                            (names.empty() ? "matches no part of the catalog" : "matches several parts (" + names + ")") +
                                            ": pass --hardware NAME, or describe a new device with --bandwidth GBPS --memory GB");
            return Step::SkipRow;
        }
    }
    if (part) {
        b.hardware = part->name;
        mDeviceNotes[b.device] = "\"" + b.device + "\" is the catalog part " + part->name + (mO.hardware.empty() ? "" : " (--hardware)");
    } else {
        if (mO.memoryGb <= 0) {
            b.hardware = b.device;
            b.newHardware = true;
            problem(0, "--memory", "a new device needs its memory (--memory GB) beside --bandwidth");
            return Step::Stop;
        }
        describeNewDevice(b);
    }
    if (b.gpus > 1 && part && part->kind == PartKind::Unified) {
        problem(r.line, "gpu_info", "several devices named, but " + part->name + " is a unified-memory system");
        return Step::SkipRow;
    }
    return Step::Next;
}

// A device no catalog part matches, described by --bandwidth and --memory: measured only, never sold.
void BenchRows::describeNewDevice(BenchRow &b)
{
    b.hardware = b.device;
    b.newHardware = true;
    if (!mNewDeviceAdded) {
        json pj = {{"name", b.device},
                   {"full_name", b.device},
                   {"vendor", b.device.substr(0, b.device.find(' '))},
                   {"kind", mO.unified ? "unified" : "gpu"},
                   {"measured_device_only", true},
                   {"memory_gb", mO.memoryGb},
                   {"bandwidth_gbps", mO.bandwidthGbps},
                   {"source", "described by the user when importing " + layerSafeText(baseName(mFile)) + " on " + mO.today +
                                  " (llama-bench gpu_info \"" + b.device + "\")"}};
        mPv.import.parts.push_back(pj);
        mNewDeviceAdded = true;
    }
    mDeviceNotes[b.device] = "\"" + b.device + "\" is a new device (" + fmt(mO.bandwidthGbps, 0) + " GB/s, " + fmt(mO.memoryGb, 0) +
                             " GB), measured only: not offered for sale";
}

// A catalog name whose words are all in the file name and type with the same size, else the one
// measured model of the same parameter count (nullptr: none).
const ModelCandidate *BenchRows::modelByWords(BenchRow &b)
{
    const std::vector<std::string> words = [&] {
        auto w = tokens(baseName(b.modelFile));
        for (auto &t : tokens(b.modelType))
            w.push_back(t);
        return w;
    }();
    const ModelCandidate *match = nullptr;
    std::size_t best = 0;
    for (const auto &c : mCandidates) {
        const auto ct = tokens(c.name);
        const bool all = std::all_of(ct.begin(), ct.end(), [&](const std::string &t) { return std::find(words.begin(), words.end(), t) != words.end(); });
        const bool sized = std::fabs(c.totalB / b.paramsTotalB - 1) < 0.03;
        if (all && sized && (ct.size() > best || (ct.size() == best && match && c.measured && !match->measured))) {
            best = ct.size();
            match = &c;
        }
    }
    if (match) {
        b.matchedBy = "name and size";
        return match;
    }
    std::vector<const ModelCandidate *> same;
    for (const auto &c : mCandidates)
        if (c.measured && std::fabs(c.totalB / b.paramsTotalB - 1) < 0.002)
            same.push_back(&c);
    if (same.size() == 1) {
        b.matchedBy = "parameter count (" + fmt(b.paramsTotalB, 3) + " B, same architecture)";
        return same.front();
    }
    return nullptr;
}

// The model: --model, else by name and size or parameter count (modelByWords), else a new model.
Step BenchRows::matchModel(const RawRow &r, BenchRow &b)
{
    const ModelCandidate *match = nullptr;
    const std::string modelKey = b.modelFile + "|" + b.modelType + "|" + fmt(b.paramsTotalB, 9);
    if (const auto memo = mModelMatches.find(modelKey); memo != mModelMatches.end() && mO.model.empty()) {
        match = memo->second.first;
        b.matchedBy = memo->second.second;
    } else if (!mO.model.empty()) {
        for (const auto &c : mCandidates)
            if (c.name == mO.model)
                match = &c;
        if (!match) {
            problem(0, "--model", "\"" + mO.model + "\" is not a model with known parameters in the catalog or the measurements");
            return Step::Stop;
        }
        b.matchedBy = "--model";
    } else {
        match = modelByWords(b);
        mModelMatches[modelKey] = {match, b.matchedBy};
    }
    if (match && std::fabs(match->totalB / b.paramsTotalB - 1) > kParamsMatchTolerance) {
        problem(r.line, "model_n_params", "the file's model has " + fmt(b.paramsTotalB, 2) + " B parameters, " + match->name + " has " +
                                              fmt(match->totalB, 2) + " B (more than " + fmtNum(kParamsMatchTolerance * 100) +
                                              "% apart): wrong model" + (b.matchedBy == "--model" ? " for --model?" : "?"));
        return Step::SkipRow;
    }
    if (match) {
        b.model = match->name;
        b.paramsActiveB = match->activeB > 0 ? std::min(b.paramsTotalB, match->activeB * b.paramsTotalB / match->totalB) : b.paramsTotalB;
        mModelNotes[b.modelFile] = baseName(b.modelFile) + " (" + b.modelType + ") is " + b.model + ", matched by " + b.matchedBy;
    } else {
        std::string name = baseName(b.modelFile);
        if (name.size() > 5 && lower(name.substr(name.size() - 5)) == ".gguf")
            name = name.substr(0, name.size() - 5);
        if (trim(name).empty()) {
            problem(r.line, "model_filename", "\"" + printable(b.modelFile) + "\" leaves no model name");
            return Step::SkipRow;
        }
        b.model = name;
        b.newModel = true;
        const auto active = activeFromType(b.modelType);
        b.paramsActiveB = active ? std::min(*active, b.paramsTotalB) : b.paramsTotalB;
        mModelNotes[b.modelFile] = baseName(b.modelFile) + " (" + b.modelType + ") matches no catalog model: described as " + fmt(b.paramsTotalB, 2) +
                                   " B total, " + fmt(b.paramsActiveB, 2) + " B active (" +
                                   (active ? "from model_type" : "dense: model_type names no active size") +
                                   "); its KV cache is not sourced, so its rows are kept but not fitted";
    }
    if (b.paramsTotalB <= 0) {
        problem(r.line, "model_n_params", "the model cannot be described without its parameter count");
        return Step::SkipRow;
    }
    return Step::Next;
}

bool BenchRows::physicsAndDuplicatesOk(const RawRow &r, const BenchRow &b, const HardwarePart *part)
{
    // Physics: a decode faster than the device's bandwidth roofline means the wrong device or model.
    const double bw = part ? part->bandwidthGbps : mO.bandwidthGbps;
    if (b.decode && bw > 0) {
        const double roof = bw / (b.paramsActiveB * b.bitsPerWeight / 8);
        if (b.tokensPerS > roof * 1.02) {
            problem(r.line, "avg_ts", fmt(b.tokensPerS, 1) + " tokens/s is above the bandwidth roofline of " + b.hardware + " for this model (" +
                                          fmt(roof, 1) + " tokens/s at " + fmt(bw, 0) + " GB/s): wrong device or model?");
            return false;
        }
    }
    // Duplicates of rows already in the data (shipped or imported before).
    const auto sameKind = mExisting.find(b.hardware + "|" + b.model + "|" + (b.decode ? "d" : "p"));
    const bool dup = sameKind != mExisting.end() && std::any_of(sameKind->second.begin(), sameKind->second.end(), [&](const Measurement *m) {
        const double depth = b.decode ? b.nDepth + b.nGen / 2 : b.nDepth;
        return std::fabs(m->contextDepth - depth) < 0.5 && std::fabs(m->tokensPerS / b.tokensPerS - 1) < 0.005 && m->gpuCount == b.gpus;
    });
    if (dup) {
        problem(r.line, "avg_ts", "duplicate row: " + b.hardware + " / " + b.model + " " + b.testLabel + " at " + fmt(b.tokensPerS, 2) +
                                      " tokens/s is already in the data (shipped or imported before)");
        return false;
    }
    return true;
}

// The row as measurements.json writes it, into the import.
void BenchRows::store(const RawRow &r, BenchRow &&b)
{
    (b.decode ? mPv.decodeRows : mPv.prefillRows)++;
    json m = {{"hardware", b.hardware},
              {"hardware_raw", r.f.at("gpu_info")},
              {"gpu_count", b.gpus},
              {"model", b.model},
              {"model_label", b.modelType},
              {"params_total_b", b.paramsTotalB},
              {"params_active_b", b.paramsActiveB},
              {"bits_per_weight", b.bitsPerWeight},
              {"test", b.decode ? "decode" : "prefill"},
              // Decode: the average depth over the generated tokens (as the shipped rows count it).
              {"context_depth", b.decode ? b.nDepth + b.nGen / 2 : b.nDepth},
              {"test_label", b.testLabel},
              {"tokens_per_s", b.tokensPerS},
              {"stddev", b.stddev},
              {"backend", r.f.at("backends")},
              {"build", b.build},
              // The build is its own field: the source names the file and the line (rows stay compact).
              {"source", "llama-bench output (github.com/ggml-org/llama.cpp), " + layerSafeText(baseName(mFile)) + " line " + std::to_string(r.line) +
                             ", test_time " + r.f.at("test_time") + ", imported by the user on " + mO.today}};
    if (b.decode)
        m["generated_tokens"] = b.nGen;
    else
        m["prompt_tokens"] = b.nPrompt;
    mPv.import.measurements.push_back(std::move(m));
    mPv.rows.push_back(std::move(b));
}

} // namespace

ImportPreview previewLlamaBench(const DataSet &d, const std::string &text, const std::string &file, const LlamaBenchOptions &o)
{
    ImportPreview pv;
    pv.kind = "llama-bench";
    pv.file = file;
    pv.import.kind = "llama-bench";
    pv.import.file = file;
    pv.import.date = o.today;
    std::vector<RawRow> raw;
    if (!readBenchRows(text, file, pv, raw) || !benchSchemaOk(raw, pv))
        return pv;
    BenchRows rows(d, file, o, pv);
    for (const RawRow &r : raw)
        if (!rows.add(r))
            return pv;
    rows.finish();
    if (pv.errors.empty() && pv.rows.empty())
        addProblem(pv, 0, "", "no pp or tg result to import");
    if (!pv.errors.empty()) {
        pv.import.measurements = json::array();
        pv.import.parts = json::array();
    }
    return pv;
}

} // namespace ff

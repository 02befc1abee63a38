#include "importers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "assumptions.h"
#include "calibration.h"
#include "clock.h"
#include "forecast.h"
#include "report.h"
#include "timeutil.h"

namespace ff {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string ImportProblem::text(const std::string &file) const
{
    std::string s = printable(file);
    if (line > 0)
        s += ":" + std::to_string(line);
    if (!field.empty())
        s += ": " + printable(field);
    return s + ": " + printable(message);
}

namespace {

std::string lower(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string baseName(const std::string &path)
{
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<double> number(const std::string &s)
{
    const std::string t = trim(s);
    if (t.empty())
        return std::nullopt;
    double v = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v))
        return std::nullopt;
    if (v == 0 && std::signbit(v))
        return std::nullopt; // "-0": no measurement or score is written so
    return v;
}

// A range bound or a value as a reader writes it: 0.001, 1000000000, 1e-06 (never 0.000000).
std::string fmtNum(double x)
{
    char buf[32];
    if (x == std::floor(x) && std::fabs(x) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", x);
    else
        std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
}

// The 1-based line of the first byte that is not UTF-8 (0: the text is UTF-8).
int firstBadUtf8Line(const std::string &s)
{
    if (isUtf8(s))
        return 0;
    int line = 1;
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t len = utf8SequenceAt(s, i);
        const bool ok = len > 0;
        if (!ok)
            return line;
        if (c == '\n')
            ++line;
        i += len;
    }
    return line;
}

// Why a text the importer would store cannot be stored (empty: it can): the layer's reader refuses
// control characters, and every stored field has a length bound.
std::string textProblem(const std::string &v)
{
    if (!isUtf8(v))
        return "not UTF-8 text";
    if (printable(v) != v)
        return "control characters are not allowed in text: \"" + printable(v) + "\"";
    if (v.size() > kMaxLayerText)
        return std::to_string(v.size()) + " characters, more than the " + std::to_string(kMaxLayerText) + " a stored text may have";
    return {};
}

// A CSV header with a column named twice: the first repeated name and its two positions.
bool duplicateColumn(const std::vector<std::string> &head, std::string &name, std::size_t &a, std::size_t &b)
{
    for (std::size_t i = 0; i < head.size(); ++i)
        for (std::size_t j = i + 1; j < head.size(); ++j)
            if (trim(head[i]) == trim(head[j]) && !trim(head[i]).empty()) {
                name = trim(head[i]);
                a = i + 1;
                b = j + 1;
                return true;
            }
    return false;
}

std::string fmt(double x, int digits)
{
    return fmtFixed(x, digits);
}

std::string fmtSigned(double x, int digits)
{
    return (x >= 0 ? "+" : "") + fmtFixed(x, digits);
}

// YYYY-MM-DD of a fractional year (the inverse of parseDate for a full date).
std::string formatDate(double t)
{
    const int year = static_cast<int>(std::floor(t));
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int doy = static_cast<int>(std::lround((t - year) * (leap ? 366.0 : 365.0)));
    const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = 0;
    while (month < 11 && doy >= days[month])
        doy -= days[month++];
    char buf[32]; // room for any int year, month and day (-Wformat-truncation)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month + 1, std::min(doy, days[month] - 1) + 1);
    return buf;
}

// Words of a name for matching: lower case, split at anything but letters, digits and '.'.
std::vector<std::string> tokens(const std::string &s)
{
    std::vector<std::string> out;
    std::string cur;
    for (char ch : lower(s)) {
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.') {
            cur += ch;
        } else if (!cur.empty()) {
            out.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

// A device name without vendor and brand words: "NVIDIA GeForce RTX 4090" -> "rtx4090".
std::string deviceKey(const std::string &s)
{
    static const std::set<std::string> brand = {"nvidia", "geforce", "amd", "radeon", "apple", "intel", "graphics", "(tm)", "(r)", "gpu"};
    std::string out;
    for (const auto &t : tokens(s))
        if (!brand.count(t))
            for (char c : t)
                if (c != '.')
                    out += c;
    return out;
}

// Line numbers of the top-level objects of a JSON array.
std::vector<int> arrayObjectLines(const std::string &text)
{
    std::vector<int> lines;
    int line = 1, depth = 0;
    bool inString = false, escape = false;
    for (char c : text) {
        if (c == '\n')
            ++line;
        if (inString) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            if (depth == 1 && c == '{')
                lines.push_back(line);
            ++depth;
        } else if (c == ']' || c == '}')
            --depth;
    }
    return lines;
}

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

} // namespace

std::vector<CsvRecord> parseCsv(const std::string &text, std::vector<ImportProblem> &problems)
{
    std::vector<CsvRecord> out;
    CsvRecord rec;
    std::string cell;
    bool quoted = false, any = false;
    int line = 1, quoteLine = 0;
    std::size_t i = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        i = 3; // a byte-order mark (Excel writes one)
    rec.line = 1;
    const auto endRecord = [&] {
        rec.cells.push_back(cell);
        cell.clear();
        if (any || rec.cells.size() > 1 || !rec.cells.front().empty())
            out.push_back(rec);
        rec = CsvRecord{};
        any = false;
    };
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                cell += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
            quoteLine = line;
        } else if (c == ',') {
            rec.cells.push_back(cell);
            cell.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            endRecord();
            ++line;
            rec.line = line;
        } else {
            cell += c;
        }
    }
    if (quoted)
        problems.push_back({quoteLine, "", "a quoted field is never closed"});
    else if (!cell.empty() || !rec.cells.empty())
        endRecord();
    return out;
}

// ---------------------------------------------------------------------------------------------
// llama-bench

namespace {

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

} // namespace

ImportPreview previewLlamaBench(const DataSet &d, const std::string &text, const std::string &file, const LlamaBenchOptions &o)
{
    ImportPreview pv;
    pv.kind = "llama-bench";
    pv.file = file;
    pv.import.kind = "llama-bench";
    pv.import.file = file;
    pv.import.date = o.today;
    const auto problem = [&](int line, const std::string &field, const std::string &msg) { pv.errors.push_back({line, field, msg}); };

    // The format, from the first character: '[' JSON, '{' JSONL, '|' the markdown table, else CSV.
    std::vector<RawRow> raw;
    std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string::npos) {
        problem(0, "", "the file is empty");
        return pv;
    }
    const char c0 = text[first];
    if (c0 == '|') {
        problem(1, "", "this is llama-bench's markdown table (-o md), which leaves out the hardware and the model's size; "
                       "run llama-bench with -o json, -o jsonl or -o csv");
        return pv;
    }
    if ((c0 == '[' || c0 == '{') && firstBadUtf8Line(text)) {
        pv.format = c0 == '[' ? "json" : "jsonl";
        problem(firstBadUtf8Line(text), "", "not UTF-8 text");
        return pv;
    }
    if (c0 == '[') {
        pv.format = "json";
        json j;
        try {
            j = parseJsonText(text, file);
        } catch (const DataError &e) {
            problem(0, "", std::string(e.what()).substr(printable(file).size() + 2));
            return pv;
        }
        const auto lines = arrayObjectLines(text);
        for (std::size_t i = 0; i < j.size(); ++i) {
            RawRow r;
            r.line = i < lines.size() ? lines[i] : 0;
            if (!j[i].is_object()) {
                problem(r.line, "", "expected an object for each result");
                continue;
            }
            for (auto it = j[i].begin(); it != j[i].end(); ++it)
                r.f[it.key()] = cellText(it.value());
            raw.push_back(std::move(r));
        }
    } else if (c0 == '{') {
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
                problem(line, "", "not one JSON object per line (-o jsonl): " + std::string(e.what()).substr(printable(file).size() + 2));
                continue;
            }
            if (!j.is_object()) {
                problem(line, "", "expected one JSON object per line (-o jsonl)");
                continue;
            }
            RawRow r;
            r.line = line;
            for (auto it = j.begin(); it != j.end(); ++it)
                r.f[it.key()] = cellText(it.value());
            raw.push_back(std::move(r));
        }
    } else {
        pv.format = "csv";
        const auto recs = parseCsv(text, pv.errors);
        if (recs.empty() || std::find(recs.front().cells.begin(), recs.front().cells.end(), "avg_ts") == recs.front().cells.end()) {
            problem(1, "", "not llama-bench output: expected JSON (-o json), JSONL (-o jsonl) or CSV (-o csv) with an avg_ts column");
            return pv;
        }
        const auto &head = recs.front().cells;
        if (std::string dup; true) {
            std::size_t a = 0, b = 0;
            if (duplicateColumn(head, dup, a, b)) {
                problem(1, layerSafeText(dup), "the column appears twice in the header (columns " + std::to_string(a) + " and " + std::to_string(b) +
                                    "); keep one (which one holds the result is not known)");
                return pv;
            }
        }
        for (const auto &rec : recs)
            for (std::size_t c = 0; c < rec.cells.size(); ++c)
                if (!isUtf8(rec.cells[c])) {
                    problem(rec.line, c < head.size() ? layerSafeText(head[c]) : std::string(), "not UTF-8 text");
                    return pv;
                }
        const bool oldSchema = std::find(head.begin(), head.end(), "cuda") != head.end() || std::find(head.begin(), head.end(), "metal") != head.end();
        for (const char *k : kBenchRequired)
            if (std::find(head.begin(), head.end(), k) == head.end()) {
                problem(1, k, oldSchema ? "unknown llama-bench version: an older build (cuda/metal flags instead of backends) without this column; "
                                          "rerun with a current llama-bench"
                                        : "missing column (llama-bench -o csv writes it)");
                return pv;
            }
        for (std::size_t k = 1; k < recs.size(); ++k) {
            RawRow r;
            r.line = recs[k].line;
            if (recs[k].cells.size() != head.size()) {
                problem(r.line, "", std::to_string(recs[k].cells.size()) + " cells where the header has " + std::to_string(head.size()));
                continue;
            }
            for (std::size_t c = 0; c < head.size(); ++c)
                r.f[head[c]] = recs[k].cells[c];
            raw.push_back(std::move(r));
        }
    }
    if (!pv.errors.empty())
        return pv;
    if (raw.empty()) {
        problem(0, "", "no results in the file");
        return pv;
    }

    // The schema: a current llama-bench writes every required field. An old one (cuda/metal flags
    // instead of `backends`, no build_number) or an unrelated file is named as such.
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
            problem(r.line, missing.front(), "unknown llama-bench version: an older build (cuda/metal flags instead of backends) without " + list +
                                                 "; rerun with a current llama-bench");
        else if (looksBench)
            problem(r.line, missing.front(), "missing field" + std::string(missing.size() > 1 ? "s " : " ") + list + " (llama-bench writes " +
                                                 (missing.size() > 1 ? "them" : "it") + " in every result)");
        else
            problem(r.line, missing.front(), "missing field" + std::string(missing.size() > 1 ? "s " : " ") + list +
                                                 " (is this llama-bench output?)");
        return pv; // one message for the file: every row has the same schema
    }

    // Rows -> results.
    const auto candidates = modelCandidates(d);
    std::set<std::string> seenRows;
    std::map<std::string, std::string> deviceNotes, modelNotes;
    std::map<std::string, std::pair<std::vector<const HardwarePart *>, std::vector<const HardwarePart *>>> deviceMatches;
    std::map<std::string, std::pair<const ModelCandidate *, std::string>> modelMatches; // file|type|params -> match, how
    // The data's rows by device, model and phase (the duplicate check: thousands of rows against thousands).
    std::map<std::string, std::vector<const Measurement *>> existing;
    for (const auto &m : d.measurements)
        existing[m.hardware + "|" + m.model + "|" + (m.decode ? "d" : "p")].push_back(&m);
    bool newDeviceAdded = false;
    for (const RawRow &r : raw) {
        const auto num = [&](const char *key, double lo, double hi, bool whole) -> std::optional<double> {
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
        };
        const std::size_t before = pv.errors.size();
        // The ranges of measurements.json's reader (tokens_per_s 0.001..1e7, context_depth up to 1e7,
        // params_total_b 0.01..100000), so every row written reads back.
        const auto nPrompt = num("n_prompt", 0, 4e6, true);
        const auto nGen = num("n_gen", 0, 4e6, true);
        const auto nDepth = r.f.count("n_depth") ? num("n_depth", 0, 4e6, true) : std::optional<double>(0.0);
        const auto avgTs = num("avg_ts", 1e-3, 1e7, false);
        const auto sdTs = num("stddev_ts", 0, 1e7, false);
        const auto size = num("model_size", 1e6, 1e15, true);
        const auto params = num("model_n_params", 1e7, 1e14, true);
        const auto build = num("build_number", 0, 1e9, true);
        if (pv.errors.size() != before)
            continue;
        // Text that goes into the layer: UTF-8, no control characters, bounded.
        bool textOk = true;
        for (const char *key : {"gpu_info", "model_filename", "model_type", "build_commit", "backends", "test_time"}) {
            const std::string why = textProblem(r.f.at(key));
            if (!why.empty()) {
                problem(r.line, key, why);
                textOk = false;
                break;
            }
        }
        if (!textOk)
            continue;
        if (trim(r.f.at("model_filename")).empty()) {
            problem(r.line, "model_filename", "empty: the run's model has no name");
            continue;
        }
        BenchRow b;
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
            ++pv.skippedRows;
            pv.notes.push_back("line " + std::to_string(r.line) + ": a pg test (prompt and generation timed together) is not one phase; skipped");
            continue;
        }
        if (b.nPrompt == 0 && b.nGen == 0) {
            problem(r.line, "n_prompt", "neither n_prompt nor n_gen is set: not a pp or tg test");
            continue;
        }
        b.decode = b.nGen > 0;
        b.testLabel = (b.decode ? "tg" + fmt(b.nGen, 0) : "pp" + fmt(b.nPrompt, 0)) + (b.nDepth > 0 ? " @ d" + fmt(b.nDepth, 0) : "");
        b.paramsTotalB = *params / 1e9;
        b.bitsPerWeight = *size * 8 / *params;
        if (b.bitsPerWeight < 1 || b.bitsPerWeight > 32) {
            problem(r.line, "model_size", "model_size / model_n_params gives " + fmt(b.bitsPerWeight, 2) + " bits per weight (expected 1-32)");
            continue;
        }
        // Duplicates within the file: the same test of the same model on the same device at the same time.
        const std::string key = r.f.at("gpu_info") + "|" + b.modelFile + "|" + b.testLabel + "|" + r.f.at("test_time") + "|" +
                                r.f.at("build_commit") + "|" + (r.f.count("n_batch") ? r.f.at("n_batch") : "") + "|" +
                                (r.f.count("n_ubatch") ? r.f.at("n_ubatch") : "") + "|" + (r.f.count("type_k") ? r.f.at("type_k") : "") + "|" +
                                (r.f.count("n_gpu_layers") ? r.f.at("n_gpu_layers") : "");
        if (!seenRows.insert(key).second) {
            problem(r.line, "test_time", "duplicate row: the same " + b.testLabel + " test of " + b.modelFile + " at " + r.f.at("test_time") +
                                             " appears earlier in the file");
            continue;
        }

        // The device: every entry of gpu_info (comma-separated, one per device) must be the same part.
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
            continue;
        }
        b.device = list.front();
        b.gpus = static_cast<int>(list.size());
        if (b.gpus > 16) {
            problem(r.line, "gpu_info", std::to_string(b.gpus) + " devices in one run, more than the 16 a measurement may have");
            continue;
        }
        if (std::any_of(list.begin(), list.end(), [&](const std::string &x) { return deviceKey(x) != deviceKey(list.front()); }) && o.hardware.empty()) {
            problem(r.line, "gpu_info", "different devices in one run (\"" + printable(devices) + "\"): pass --hardware NAME for the part that sets the speed");
            continue;
        }
        const HardwarePart *part = nullptr;
        if (!o.hardware.empty()) {
            part = d.part(o.hardware);
            if (!part) {
                problem(0, "--hardware", "\"" + o.hardware + "\" is not a part of the catalog");
                return pv;
            }
        } else {
            const std::string k = deviceKey(b.device);
            // Matched once per device name (a file has thousands of rows of a few devices).
            auto found = deviceMatches.find(k);
            if (found == deviceMatches.end()) {
                std::vector<const HardwarePart *> ex, pa;
                for (const auto &p : d.parts) {
                    const std::string a = deviceKey(p.name), f = deviceKey(p.fullName);
                    if (a == k || f == k)
                        ex.push_back(&p);
                    else if (!k.empty() && (a.find(k) != std::string::npos || f.find(k) != std::string::npos))
                        pa.push_back(&p);
                }
                found = deviceMatches.emplace(k, std::make_pair(ex, pa)).first;
            }
            const std::vector<const HardwarePart *> &exact = found->second.first, &partial = found->second.second;
            if (exact.size() == 1)
                part = exact.front();
            else if (exact.empty() && partial.size() == 1)
                part = partial.front();
            else if (o.bandwidthGbps <= 0) {
                std::string names;
                for (const auto *p : exact.empty() ? partial : exact)
                    names += (names.empty() ? "" : ", ") + p->name;
                problem(r.line, "gpu_info", "\"" + printable(b.device) + "\" " +
                                                (names.empty() ? "matches no part of the catalog"
                                                               : "matches several parts (" + names + ")") +
                                                ": pass --hardware NAME, or describe a new device with --bandwidth GBPS --memory GB");
                continue;
            }
        }
        if (part) {
            b.hardware = part->name;
            deviceNotes[b.device] = "\"" + b.device + "\" is the catalog part " + part->name + (o.hardware.empty() ? "" : " (--hardware)");
        } else {
            b.hardware = b.device;
            b.newHardware = true;
            if (o.memoryGb <= 0) {
                problem(0, "--memory", "a new device needs its memory (--memory GB) beside --bandwidth");
                return pv;
            }
            if (!newDeviceAdded) {
                json pj = {{"name", b.device},
                           {"full_name", b.device},
                           {"vendor", b.device.substr(0, b.device.find(' '))},
                           {"kind", o.unified ? "unified" : "gpu"},
                           {"measured_device_only", true},
                           {"memory_gb", o.memoryGb},
                           {"bandwidth_gbps", o.bandwidthGbps},
                           {"source", "described by the user when importing " + layerSafeText(baseName(file)) + " on " + o.today +
                                          " (llama-bench gpu_info \"" + b.device + "\")"}};
                pv.import.parts.push_back(pj);
                newDeviceAdded = true;
            }
            deviceNotes[b.device] = "\"" + b.device + "\" is a new device (" + fmt(o.bandwidthGbps, 0) + " GB/s, " + fmt(o.memoryGb, 0) +
                                    " GB), measured only: not offered for sale";
        }
        if (b.gpus > 1 && part && part->kind == PartKind::Unified) {
            problem(r.line, "gpu_info", "several devices named, but " + part->name + " is a unified-memory system");
            continue;
        }

        // The model: --model, else a catalog name whose words are all in the file name and type with
        // the same size, else the one measured model of the same parameter count, else a new model.
        const std::vector<std::string> words = [&] {
            auto w = tokens(baseName(b.modelFile));
            for (auto &t : tokens(b.modelType))
                w.push_back(t);
            return w;
        }();
        const ModelCandidate *match = nullptr;
        const std::string modelKey = b.modelFile + "|" + b.modelType + "|" + fmt(b.paramsTotalB, 9);
        if (const auto memo = modelMatches.find(modelKey); memo != modelMatches.end() && o.model.empty()) {
            match = memo->second.first;
            b.matchedBy = memo->second.second;
        } else if (!o.model.empty()) {
            for (const auto &c : candidates)
                if (c.name == o.model)
                    match = &c;
            if (!match) {
                problem(0, "--model", "\"" + o.model + "\" is not a model with known parameters in the catalog or the measurements");
                return pv;
            }
            b.matchedBy = "--model";
        } else {
            std::size_t best = 0;
            for (const auto &c : candidates) {
                const auto ct = tokens(c.name);
                const bool all = std::all_of(ct.begin(), ct.end(), [&](const std::string &t) { return std::find(words.begin(), words.end(), t) != words.end(); });
                const bool sized = std::fabs(c.totalB / b.paramsTotalB - 1) < 0.03;
                if (all && sized && (ct.size() > best || (ct.size() == best && match && c.measured && !match->measured))) {
                    best = ct.size();
                    match = &c;
                }
            }
            if (match)
                b.matchedBy = "name and size";
            else {
                std::vector<const ModelCandidate *> same;
                for (const auto &c : candidates)
                    if (c.measured && std::fabs(c.totalB / b.paramsTotalB - 1) < 0.002)
                        same.push_back(&c);
                if (same.size() == 1) {
                    match = same.front();
                    b.matchedBy = "parameter count (" + fmt(b.paramsTotalB, 3) + " B, same architecture)";
                }
            }
            modelMatches[modelKey] = {match, b.matchedBy};
        }
        if (match && std::fabs(match->totalB / b.paramsTotalB - 1) > kParamsMatchTolerance) {
            problem(r.line, "model_n_params", "the file's model has " + fmt(b.paramsTotalB, 2) + " B parameters, " + match->name + " has " +
                                                  fmt(match->totalB, 2) + " B (more than " + fmtNum(kParamsMatchTolerance * 100) +
                                                  "% apart): wrong model" + (b.matchedBy == "--model" ? " for --model?" : "?"));
            continue;
        }
        if (match) {
            b.model = match->name;
            b.paramsActiveB = match->activeB > 0 ? std::min(b.paramsTotalB, match->activeB * b.paramsTotalB / match->totalB) : b.paramsTotalB;
            modelNotes[b.modelFile] = baseName(b.modelFile) + " (" + b.modelType + ") is " + b.model + ", matched by " + b.matchedBy;
        } else {
            std::string name = baseName(b.modelFile);
            if (name.size() > 5 && lower(name.substr(name.size() - 5)) == ".gguf")
                name = name.substr(0, name.size() - 5);
            if (trim(name).empty()) {
                problem(r.line, "model_filename", "\"" + printable(b.modelFile) + "\" leaves no model name");
                continue;
            }
            b.model = name;
            b.newModel = true;
            const auto active = activeFromType(b.modelType);
            b.paramsActiveB = active ? std::min(*active, b.paramsTotalB) : b.paramsTotalB;
            modelNotes[b.modelFile] = baseName(b.modelFile) + " (" + b.modelType + ") matches no catalog model: described as " + fmt(b.paramsTotalB, 2) +
                                      " B total, " + fmt(b.paramsActiveB, 2) + " B active (" + (active ? "from model_type" : "dense: model_type names no active size") +
                                      "); its KV cache is not sourced, so its rows are kept but not fitted";
        }
        if (b.paramsTotalB <= 0) {
            problem(r.line, "model_n_params", "the model cannot be described without its parameter count");
            continue;
        }
        // Physics: a decode faster than the device's bandwidth roofline means the wrong device or model.
        const HardwarePart *dev = part;
        const double bw = dev ? dev->bandwidthGbps : o.bandwidthGbps;
        if (b.decode && bw > 0) {
            const double roof = bw / (b.paramsActiveB * b.bitsPerWeight / 8);
            if (b.tokensPerS > roof * 1.02) {
                problem(r.line, "avg_ts", fmt(b.tokensPerS, 1) + " tokens/s is above the bandwidth roofline of " + b.hardware + " for this model (" +
                                              fmt(roof, 1) + " tokens/s at " + fmt(bw, 0) + " GB/s): wrong device or model?");
                continue;
            }
        }
        // Duplicates of rows already in the data (shipped or imported before).
        const auto sameKind = existing.find(b.hardware + "|" + b.model + "|" + (b.decode ? "d" : "p"));
        const bool dup = sameKind != existing.end() && std::any_of(sameKind->second.begin(), sameKind->second.end(), [&](const Measurement *m) {
            const double depth = b.decode ? b.nDepth + b.nGen / 2 : b.nDepth;
            return std::fabs(m->contextDepth - depth) < 0.5 && std::fabs(m->tokensPerS / b.tokensPerS - 1) < 0.005 && m->gpuCount == b.gpus;
        });
        if (dup) {
            problem(r.line, "avg_ts", "duplicate row: " + b.hardware + " / " + b.model + " " + b.testLabel + " at " + fmt(b.tokensPerS, 2) +
                                          " tokens/s is already in the data (shipped or imported before)");
            continue;
        }
        (b.decode ? pv.decodeRows : pv.prefillRows)++;
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
                  {"backend", backends},
                  {"build", b.build},
                  // The build is its own field: the source names the file and the line (rows stay compact).
                  {"source", "llama-bench output (github.com/ggml-org/llama.cpp), " + layerSafeText(baseName(file)) + " line " + std::to_string(r.line) +
                                 ", test_time " + r.f.at("test_time") + ", imported by the user on " + o.today}};
        if (b.decode)
            m["generated_tokens"] = b.nGen;
        else
            m["prompt_tokens"] = b.nPrompt;
        pv.import.measurements.push_back(std::move(m));
        pv.rows.push_back(std::move(b));
    }
    for (const auto &[k, v] : deviceNotes)
        pv.notes.push_back(v);
    for (const auto &[k, v] : modelNotes)
        pv.notes.push_back(v);
    if (pv.errors.empty() && pv.rows.empty())
        problem(0, "", "no pp or tg result to import");
    if (!pv.errors.empty()) {
        pv.import.measurements = json::array();
        pv.import.parts = json::array();
    }
    return pv;
}

// ---------------------------------------------------------------------------------------------
// Capabilities Index

namespace {
// One scored row of an index export, kept until every row is read.
struct IndexRow {
    int line = 0;
    std::string version, modelName;
    double score = 0;
    std::string scoreText;
    std::optional<double> date;
    std::string dateText, source;
};
} // namespace

ImportPreview previewIndex(const DataSet &d, const std::string &text, const std::string &file, const std::string &today, bool updateDates)
{
    ImportPreview pv;
    pv.kind = "index";
    pv.file = file;
    pv.format = "csv";
    pv.import.kind = "index";
    pv.import.file = file;
    pv.import.date = today;
    const auto problem = [&](int line, const std::string &field, const std::string &msg) { pv.errors.push_back({line, field, msg}); };
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        problem(0, "", "the file is empty");
        return pv;
    }
    if (text[first] == '[' || text[first] == '{') {
        problem(1, "", "this is JSON; expected the Capabilities Index CSV export (columns Model version, ECI Score, Release date, ...)");
        return pv;
    }
    const auto recs = parseCsv(text, pv.errors);
    if (!pv.errors.empty())
        return pv;
    if (recs.empty()) {
        problem(0, "", "the file is empty");
        return pv;
    }
    const auto &head = recs.front().cells;
    {
        std::string dup;
        std::size_t a = 0, b = 0;
        if (duplicateColumn(head, dup, a, b)) {
            problem(1, layerSafeText(dup), "the column appears twice in the header (columns " + std::to_string(a) + " and " + std::to_string(b) +
                                "); keep one (which one holds the value is not known)");
            return pv;
        }
    }
    for (const auto &rec : recs)
        for (std::size_t c = 0; c < rec.cells.size(); ++c)
            if (!isUtf8(rec.cells[c])) {
                problem(rec.line, c < head.size() ? layerSafeText(trim(head[c])) : std::string(), "not UTF-8 text");
                return pv;
            }
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < head.size(); ++i)
        col[trim(head[i])] = i;
    for (const char *need : {"Model version", "ECI Score", "Release date", "Organization", "Model accessibility", "Model name"})
        if (!col.count(need)) {
            problem(1, need, "missing column (the Epoch Capabilities Index CSV has Model version, ECI Score, Release date, Organization, "
                             "Model accessibility, Model name, ...)");
        }
    if (!pv.errors.empty())
        return pv;
    // Catalog rows by the index row named in their source ("row 'claude-3-opus-20240229' (Model name 'Claude 3 Opus'").
    struct Target {
        std::string name;
        bool frontier;
        std::optional<double> quality;
        double released;
    };
    std::map<std::string, Target> byVersion, byModelName;
    const auto index = [&](const std::string &name, bool frontier, std::optional<double> q, double released, const std::string &source) {
        Target t{name, frontier, q, released};
        const auto grab = [&](const std::string &tag, std::map<std::string, Target> &into) {
            std::size_t p = 0;
            while ((p = source.find(tag, p)) != std::string::npos) {
                p += tag.size();
                const auto e = source.find('\'', p);
                if (e == std::string::npos)
                    break;
                into.emplace(lower(source.substr(p, e - p)), t);
            }
        };
        grab("row '", byVersion);
        grab("Model name '", byModelName);
        byModelName.emplace(lower(name), t);
    };
    for (const auto &m : d.openModels)
        index(m.name, false, m.quality, m.released, m.source);
    for (const auto &m : d.frontierModels)
        index(m.name, true, m.scored ? std::optional<double>(m.quality) : std::nullopt, m.released, m.source);
    const double newest = d.newestDate();
    // Rows matched to catalog models, by target: the rows naming the version the catalog cites, and
    // the rows matching only by display name. Decided after every row is read, so the row order of
    // the file never matters: an exact version row wins over any display-name match, and
    // display-name matches that disagree on the score are refused.
    struct Matched {
        const Target *target = nullptr;
        std::vector<IndexRow> exact, byName;
        std::size_t order = 0; // first row of the file that matched it (the preview's order)
    };
    std::map<std::string, Matched> matched;
    std::set<std::string> done; // names of new models
    std::set<std::string> seenVersions;
    for (std::size_t k = 1; k < recs.size(); ++k) {
        const CsvRecord &r = recs[k];
        if (r.cells.size() != head.size()) {
            problem(r.line, "", std::to_string(r.cells.size()) + " cells where the header has " + std::to_string(head.size()));
            continue;
        }
        ++pv.rowsRead;
        const auto cell = [&](const char *c) { return trim(r.cells[col.at(c)]); };
        bool textOk = true;
        for (const char *c : {"Model version", "Model name", "Organization", "Model accessibility", "ECI Score", "Release date"}) {
            const std::string why = textProblem(cell(c));
            if (!why.empty()) {
                problem(r.line, c, why);
                textOk = false;
                break;
            }
        }
        if (!textOk)
            continue;
        const std::string version = cell("Model version"), modelName = cell("Model name");
        if (version.empty()) {
            problem(r.line, "Model version", "empty");
            continue;
        }
        if (!seenVersions.insert(lower(version)).second) {
            problem(r.line, "Model version", "duplicate row: \"" + version + "\" appears earlier in the file");
            continue;
        }
        const std::string scoreText = cell("ECI Score");
        std::optional<double> score;
        if (!scoreText.empty()) {
            score = number(scoreText);
            if (!score || *score < 0 || *score > 1000) {
                problem(r.line, "ECI Score", "expected a score (a number 0-1000), got \"" + printable(scoreText) + "\"");
                continue;
            }
        }
        const std::string dateText = cell("Release date");
        const auto date = parseDate(dateText);
        if (!dateText.empty() && (!date || *date < 1990 || *date > 2100)) {
            problem(r.line, "Release date", "expected YYYY-MM-DD, got \"" + printable(dateText) + "\"");
            continue;
        }
        // The shipped data's rule: nothing is released after today (a date in the future would move
        // the as-of date and every answer with it).
        const std::string firstDay = dateText.size() == 4 ? dateText + "-01-01" : dateText.size() == 7 ? dateText + "-01" : dateText;
        if (date && !today.empty() && firstDay > today) {
            problem(r.line, "Release date", dateText + " is after today (" + today + "): a row cannot be released in the future");
            continue;
        }
        const std::string label = version + (modelName.empty() ? "" : " (" + modelName + ")");
        if (!score) {
            pv.unmatched.push_back("line " + std::to_string(r.line) + ": " + label + ": no score in this export");
            continue;
        }
        const Target *t = nullptr;
        bool exact = false;
        if (auto it = byVersion.find(lower(version)); it != byVersion.end()) {
            t = &it->second;
            exact = true;
        } else if (auto it2 = byModelName.find(lower(modelName)); !modelName.empty() && it2 != byModelName.end()) {
            t = &it2->second;
        }
        const std::string src = "Epoch Capabilities Index export " + layerSafeText(baseName(file)) + " line " + std::to_string(r.line) + " row '" + version +
                                "' (Model name '" + modelName + "', score " + scoreText + "), imported by the user on " + today;
        if (t) {
            Matched &m = matched[t->name];
            if (!m.target) {
                m.target = t;
                m.order = k;
            }
            (exact ? m.exact : m.byName).push_back({r.line, version, modelName, *score, scoreText, date, dateText, src});
            continue;
        }
        // Not in the catalog: released since the data (what the import is for) becomes a new model;
        // an older row the catalog chose to leave out stays out.
        if (!date) {
            pv.unmatched.push_back("line " + std::to_string(r.line) + ": " + label + ": not in the catalog and no release date");
            continue;
        }
        const bool open = lower(cell("Model accessibility")).find("open weights") != std::string::npos;
        // An older open model the catalog lacks is taken (the law wants every open model); an older
        // frontier row is left out (the catalog's frontier is curated: previews, superseded versions).
        if (*date <= newest && !open) {
            pv.unmatched.push_back("line " + std::to_string(r.line) + ": " + label + ": not in the catalog, a frontier model released " + dateText +
                                   ", before the data's newest date " + formatMonth(newest) + " (left out)");
            continue;
        }
        const std::string name = modelName.empty() ? version : modelName;
        if (d.openModel(name) || d.frontier(name) || !done.insert(name).second) {
            pv.unmatched.push_back("line " + std::to_string(r.line) + ": " + label + ": its name is already taken");
            continue;
        }
        if (open) {
            pv.import.openModels.push_back({{"name", name},
                                            {"organization", cell("Organization")},
                                            {"released", dateText},
                                            {"params_total_b", nullptr},
                                            {"params_active_b", nullptr},
                                            {"params_note", "the index export gives no parameter count: left out of the quality law and the runs until one is added"},
                                            {"quality", *score},
                                            {"source", src}});
        } else {
            pv.import.frontierModels.push_back({{"name", name}, {"organization", cell("Organization")}, {"released", dateText}, {"quality", *score}, {"source", src}});
        }
        pv.newModels.push_back(name + " (" + (open ? "open weights" : "frontier") + ", score " + fmt(*score, 2) + ", released " + dateText +
                               (open ? "; waiting for `import model`" : "") + ")");
        if (open)
            pv.waiting.push_back(name + " (released " + dateText + ", score " + fmt(*score, 2) +
                                 "): waiting for `import model` (the index gives no parameter counts; until then it is out of the quality law and the runs)");
    }
    std::vector<const Matched *> targets;
    for (const auto &[name, m] : matched)
        targets.push_back(&m);
    std::sort(targets.begin(), targets.end(), [](const Matched *x, const Matched *y) { return x->order < y->order; });
    for (const Matched *m : targets) {
        const Target *t = m->target;
        const std::vector<IndexRow> &use = m->exact.empty() ? m->byName : m->exact;
        // The rows taken must agree on the score (Epoch's version rows of one model share it).
        const auto disagree = std::find_if(use.begin(), use.end(), [&](const IndexRow &x) { return std::fabs(x.score - use.front().score) >= 0.005; });
        if (disagree != use.end()) {
            problem(disagree->line, "ECI Score",
                    "\"" + disagree->version + "\" (score " + disagree->scoreText + ") and \"" + use.front().version + "\" (line " +
                        std::to_string(use.front().line) + ", score " + use.front().scoreText + ") both match " + t->name +
                        (m->exact.empty() ? " by its display name \"" + use.front().modelName + "\"" : " by version") +
                        " and disagree on the score; neither is taken (keep the row of the version the catalog cites)");
            continue;
        }
        if (!m->exact.empty())
            for (const IndexRow &x : m->byName)
                pv.unmatched.push_back("line " + std::to_string(x.line) + ": " + x.version + " (" + x.modelName + "): another version of " + t->name +
                                       "; the row the catalog cites (\"" + m->exact.front().version + "\", line " + std::to_string(m->exact.front().line) +
                                       ") is used");
        const IndexRow &row = use.front();
        ModelUpdate up;
        up.name = t->name;
        up.frontier = t->frontier;
        up.source = row.source;
        if (!t->quality || std::fabs(*t->quality - row.score) >= 0.005) {
            up.quality = row.score;
            up.previousQuality = t->quality;
            pv.changedScores.push_back(t->name + ": " + (t->quality ? fmt(*t->quality, 2) : std::string("unscored")) + " -> " + fmt(row.score, 2));
        }
        if (row.date && std::fabs(*row.date - t->released) > 1.5 / 365.25) {
            if (updateDates) {
                up.released = row.dateText;
                up.previousReleased = formatDate(t->released);
                pv.changedDates.push_back(t->name + ": " + formatDate(t->released) + " -> " + row.dateText);
            } else {
                pv.keptDates.push_back(t->name + ": the index says " + row.dateText + ", the catalog " + formatDate(t->released) + " (kept)");
            }
        }
        if (up.quality || up.released)
            pv.import.updates.push_back(std::move(up));
        else
            pv.unchanged.push_back(t->name);
    }
    if (!pv.errors.empty()) {
        pv.import = UserImport{};
        pv.import.kind = "index";
        pv.import.file = file;
        pv.import.date = today;
    }
    return pv;
}

// ---------------------------------------------------------------------------------------------
// Prices and parts (CSV)

std::string publicAddressProblem(const std::string &source)
{
    const std::string s = trim(source);
    if (s.empty())
        return "empty: every row needs a public address where its figure can be read";
    const std::string l = lower(s);
    for (const char *bad : {"file id", "corpus", "as recalled", "search index"})
        if (l.find(bad) != std::string::npos)
            return "\"" + printable(s) + "\" names a private index or memory (\"" + bad + "\"), not a public address";
    const auto urlEnd = s.find_first_of(" \t");
    const std::string first = s.substr(0, urlEnd);
    for (const char *scheme : {"https://", "http://"}) {
        const std::string sch = scheme;
        if (lower(first).compare(0, sch.size(), sch) != 0)
            continue;
        const std::string rest = first.substr(sch.size());
        const std::string host = rest.substr(0, rest.find_first_of("/?#"));
        const bool hostChars = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':';
        });
        if (!hostChars || host.find('.') == std::string::npos || host.front() == '.' || host.back() == '.')
            return "\"" + printable(first) + "\" is not a web address with a host (https://host/page)";
        return {};
    }
    // owner/repo path @commit
    static const std::regex repo(R"(^(github\.com/)?[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]* \S.*@[0-9a-fA-F]{7,40}\b.*$)");
    if (std::regex_match(s, repo))
        return {};
    return "\"" + printable(s) + "\" is not a public address: expected a URL (https://...) or owner/repo path @commit";
}

namespace {

// A CSV file of the prices or part importer: its header (lower-cased names) and records.
struct CsvTable {
    std::map<std::string, std::size_t> col;
    std::vector<CsvRecord> rows; // without the header
};

// Reads `text` as a CSV with the required columns (and only them or the optional ones). False with
// the problems in pv.errors when the file as a whole cannot be read.
bool readTable(ImportPreview &pv, const std::string &text, const std::string &formatWords, const std::vector<std::string> &required,
               const std::vector<std::string> &optional, CsvTable &t)
{
    const auto problem = [&](int line, const std::string &field, const std::string &msg) { pv.errors.push_back({line, field, msg}); };
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        problem(0, "", "the file is empty");
        return false;
    }
    if (text[first] == '[' || text[first] == '{') {
        problem(1, "", "this is JSON; expected " + formatWords);
        return false;
    }
    if (const int bad = firstBadUtf8Line(text)) {
        problem(bad, "", "not UTF-8 text");
        return false;
    }
    const auto recs = parseCsv(text, pv.errors);
    if (!pv.errors.empty())
        return false;
    if (recs.empty()) {
        problem(0, "", "the file is empty");
        return false;
    }
    const auto &head = recs.front().cells;
    std::string dup;
    std::size_t a = 0, b = 0;
    if (duplicateColumn(head, dup, a, b)) {
        problem(1, layerSafeText(dup), "the column appears twice in the header (columns " + std::to_string(a) + " and " + std::to_string(b) + ")");
        return false;
    }
    for (std::size_t i = 0; i < head.size(); ++i) {
        const std::string name = lower(trim(head[i]));
        if (std::find(required.begin(), required.end(), name) == required.end() && std::find(optional.begin(), optional.end(), name) == optional.end()) {
            std::string known;
            for (const auto &k : required)
                known += (known.empty() ? "" : ", ") + k;
            for (const auto &k : optional)
                known += ", " + k + " (optional)";
            problem(1, layerSafeText(trim(head[i])), "unknown column; expected " + formatWords + " with the columns " + known);
            continue;
        }
        t.col[name] = i;
    }
    for (const auto &need : required)
        if (!t.col.count(need))
            problem(1, need, "missing column (" + formatWords + ")");
    if (!pv.errors.empty())
        return false;
    if (recs.size() < 2) {
        problem(1, "", "a header and no rows");
        return false;
    }
    if (recs.size() - 1 > kMaxLayerRows) {
        problem(0, "", std::to_string(recs.size() - 1) + " rows, more than the " + std::to_string(kMaxLayerRows) + " one import may have");
        return false;
    }
    t.rows.assign(recs.begin() + 1, recs.end());
    for (const auto &r : t.rows)
        if (r.cells.size() != head.size())
            problem(r.line, "", std::to_string(r.cells.size()) + " cells where the header has " + std::to_string(head.size()));
    return pv.errors.empty();
}

std::string usdText(double x)
{
    const long long v = std::llround(x);
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-$" : "$") + out;
}

// A date of a CSV cell: YYYY-MM-DD or YYYY-MM, a calendar date in 1990..today. Empty `why` when it is one.
std::optional<double> csvDate(const std::string &text, const std::string &today, std::string &why)
{
    const std::string t = trim(text);
    const bool shape = (t.size() == 7 || t.size() == 10) && t[4] == '-' && (t.size() == 7 || t[7] == '-');
    const auto day = shape ? normalizeDay(t) : std::nullopt;
    const auto v = day ? parseDate(t) : std::nullopt;
    if (!v || *v < 1990 || *v > 2100) {
        why = "expected a date YYYY-MM-DD or YYYY-MM (1990 or later), got \"" + printable(t) + "\"";
        return std::nullopt;
    }
    const std::string firstDay = t.size() == 7 ? t + "-01" : t;
    if (!today.empty() && firstDay > today) {
        why = t + " is after today (" + today + "): a price or a release cannot be in the future";
        return std::nullopt;
    }
    why.clear();
    return v;
}

// A number of a CSV cell within [lo, hi]. Empty `why` when it is one.
std::optional<double> csvNumber(const std::string &text, double lo, double hi, const std::string &what, std::string &why)
{
    const std::string t = trim(text);
    const auto v = number(t);
    if (!v) {
        why = "expected " + what + " (a number), got \"" + printable(t) + "\"";
        return std::nullopt;
    }
    if (*v <= 0 && lo > 0) {
        why = "expected " + what + " above 0, got " + printable(t);
        return std::nullopt;
    }
    if (*v < lo || *v > hi) {
        why = "expected " + what + " from " + fmtNum(lo) + " to " + fmtNum(hi) + ", got " + printable(t);
        return std::nullopt;
    }
    why.clear();
    return v;
}

const char *const kPricesFormat = "the prices CSV (part, date, usd, kind, source)";
const char *const kPartFormat = "the part CSV (name, kind, family, released, launch_price_usd, memory_gb, bandwidth_gbps, prefill_tops, "
                                "prefill_tops_kind, arch_family, source)";

void resetImport(ImportPreview &pv, const std::string &kind, const std::string &file, const std::string &today)
{
    pv.import = UserImport{};
    pv.import.kind = kind;
    pv.import.file = file;
    pv.import.date = today;
}

} // namespace

ImportPreview previewPrices(const DataSet &d, const std::string &text, const std::string &file, const std::string &today)
{
    ImportPreview pv;
    pv.kind = "prices";
    pv.file = file;
    pv.format = "csv";
    resetImport(pv, "prices", file, today);
    CsvTable t;
    if (!readTable(pv, text, kPricesFormat, {"part", "date", "usd", "kind", "source"}, {}, t))
        return pv;
    const auto problem = [&](int line, const std::string &field, const std::string &msg) { pv.errors.push_back({line, field, msg}); };
    struct Seen {
        int line;
        double t;
        PriceKind kind;
    };
    std::map<std::string, std::vector<Seen>> seen;
    std::vector<std::string> order;
    std::map<std::string, json> rowsByPart;
    for (const CsvRecord &r : t.rows) {
        ++pv.rowsRead;
        const auto cell = [&](const char *c) { return trim(r.cells[t.col.at(c)]); };
        bool ok = true;
        for (const char *c : {"part", "date", "usd", "kind", "source"})
            if (const std::string why = textProblem(cell(c)); !why.empty()) {
                problem(r.line, c, why);
                ok = false;
            }
        if (!ok)
            continue;
        std::string why;
        const std::string name = cell("part");
        const auto it = std::find_if(d.parts.begin(), d.parts.end(), [&](const HardwarePart &p) { return p.name == name; });
        const HardwarePart *part = it == d.parts.end() ? nullptr : &*it;
        if (!part) {
            const auto near = std::find_if(d.parts.begin(), d.parts.end(), [&](const HardwarePart &p) { return lower(p.name) == lower(name); });
            problem(r.line, "part", "\"" + name + "\" is not a part of the data" +
                                        (near != d.parts.end() ? " (did you mean \"" + near->name + "\"?)" : std::string(" (`import part` adds one)")));
            ok = false;
        } else if (!part->priceUsd) {
            problem(r.line, "part", "\"" + name + "\" is not sold in the data (no launch price): its prices would not reach the market");
            ok = false;
        }
        const auto date = csvDate(cell("date"), today, why);
        if (!date) {
            problem(r.line, "date", why);
            ok = false;
        } else if (part && *date < part->released - 1e-9) {
            problem(r.line, "date", cell("date") + " is before the part's release (" + formatDate(part->released) + ")");
            ok = false;
        }
        const auto usd = csvNumber(cell("usd"), 1, 1e6, "a price in US dollars", why);
        if (!usd) {
            problem(r.line, "usd", why);
            ok = false;
        }
        const std::string kindText = lower(cell("kind"));
        std::optional<PriceKind> kind;
        for (PriceKind k : {PriceKind::Launch, PriceKind::Street, PriceKind::Used})
            if (kindText == priceKindName(k))
                kind = k;
        if (!kind) {
            problem(r.line, "kind", "unknown kind \"" + cell("kind") + "\": expected launch, street or used (as prices.json names them)");
            ok = false;
        }
        if (const std::string bad = publicAddressProblem(cell("source")); !bad.empty()) {
            problem(r.line, "source", bad);
            ok = false;
        }
        if (!ok)
            continue;
        // Duplicates: in the file (part, date and kind), and in the data (the same price too).
        auto &mine = seen[name];
        const auto again = std::find_if(mine.begin(), mine.end(), [&](const Seen &x) { return std::fabs(x.t - *date) < 1e-9 && x.kind == *kind; });
        if (again != mine.end()) {
            problem(r.line, "date", "duplicate: line " + std::to_string(again->line) + " has a " + priceKindName(*kind) + " price of " + name + " on " +
                                        cell("date") + " too (keep one: on one date the lowest counts)");
            continue;
        }
        const PriceSeries &series = d.prices.parts[static_cast<std::size_t>(part - d.parts.data())];
        const auto inData = std::find_if(series.obs.begin(), series.obs.end(), [&](const PriceObservation &o) {
            return std::fabs(o.t - *date) < 1e-9 && o.kind == *kind && std::fabs(o.usd - *usd) < 0.005;
        });
        if (inData != series.obs.end()) {
            problem(r.line, "usd", "duplicate: the data has this " + std::string(priceKindName(*kind)) + " price of " + name + " on " + cell("date") +
                                       " already (" + (inData->origin.empty() ? std::string("shipped") : inData->origin) + ")");
            continue;
        }
        mine.push_back({r.line, *date, *kind});
        if (!rowsByPart.count(name)) {
            order.push_back(name);
            rowsByPart[name] = {{"part", name}, {"observations", json::array()}};
        }
        rowsByPart[name]["observations"].push_back({{"date", cell("date")}, {"usd", *usd}, {"kind", priceKindName(*kind)}, {"source", cell("source")}});
        pv.listed.push_back("line " + std::to_string(r.line) + ": " + name + " " + priceKindName(*kind) + " " + cell("date") + " " + usdText(*usd) +
                            " (" + cell("source") + ")");
    }
    if (!pv.errors.empty()) {
        resetImport(pv, "prices", file, today);
        pv.listed.clear();
        return pv;
    }
    for (const auto &n : order)
        pv.import.prices.push_back(rowsByPart[n]);
    return pv;
}

ImportPreview previewPart(const DataSet &d, const std::string &text, const std::string &file, const std::string &today)
{
    ImportPreview pv;
    pv.kind = "part";
    pv.file = file;
    pv.format = "csv";
    resetImport(pv, "part", file, today);
    CsvTable t;
    const std::vector<std::string> required = {"name", "kind", "family", "released", "launch_price_usd", "memory_gb", "bandwidth_gbps",
                                               "prefill_tops", "prefill_tops_kind", "arch_family", "source"};
    const std::vector<std::string> optional = {"full_name", "vendor", "fp16_tflops", "fp16_tflops_kind", "new_supply_ended", "notes"};
    if (!readTable(pv, text, kPartFormat, required, optional, t))
        return pv;
    const auto problem = [&](int line, const std::string &field, const std::string &msg) { pv.errors.push_back({line, field, msg}); };
    // The compute kinds the data knows (a figure of another kind has no achieved share to scale it by).
    std::set<std::string> topsKinds, tflopsKinds;
    for (const auto &p : d.parts) {
        if (!p.prefillTopsKind.empty())
            topsKinds.insert(p.prefillTopsKind);
        if (!p.tflopsKind.empty())
            tflopsKinds.insert(p.tflopsKind);
    }
    const auto joined = [](const std::set<std::string> &s) {
        std::string o;
        for (const auto &x : s)
            o += (o.empty() ? "" : ", ") + x;
        return o;
    };
    std::map<std::string, int> names;
    for (const CsvRecord &r : t.rows) {
        ++pv.rowsRead;
        const auto cell = [&](const char *c) { return t.col.count(c) ? trim(r.cells[t.col.at(c)]) : std::string(); };
        bool ok = true;
        for (const auto &[c, i] : t.col)
            if (const std::string why = textProblem(trim(r.cells[i])); !why.empty()) {
                problem(r.line, c, why);
                ok = false;
            }
        if (!ok)
            continue;
        std::string why;
        const std::string name = cell("name");
        if (name.empty()) {
            problem(r.line, "name", "empty");
            ok = false;
        } else if (d.part(name) || std::any_of(d.parts.begin(), d.parts.end(), [&](const HardwarePart &p) { return lower(p.name) == lower(name); })) {
            problem(r.line, "name", "\"" + name + "\" is already a part of the data");
            ok = false;
        } else if (names.count(lower(name))) {
            problem(r.line, "name", "duplicate: line " + std::to_string(names[lower(name)]) + " adds \"" + name + "\" too");
            ok = false;
        } else {
            names[lower(name)] = r.line;
        }
        const std::string kind = lower(cell("kind"));
        if (kind != "gpu" && kind != "unified") {
            problem(r.line, "kind", "unknown system kind \"" + cell("kind") + "\": expected gpu (a card in a PC) or unified (a whole unified-memory system)");
            ok = false;
        }
        const std::string family = cell("family");
        if (family.empty()) {
            problem(r.line, "family", "empty: the product line the part belongs to (hardware.json's family; a new name starts a line that is not projected)");
            ok = false;
        }
        const auto released = csvDate(cell("released"), today, why);
        if (!released) {
            problem(r.line, "released", why);
            ok = false;
        }
        const auto price = csvNumber(cell("launch_price_usd"), 1, 1e6, "a launch price in US dollars", why);
        if (!price) {
            problem(r.line, "launch_price_usd", why);
            ok = false;
        }
        const auto memory = csvNumber(cell("memory_gb"), kMinDeviceMemoryGb, kMaxDeviceMemoryGb, "memory in GB", why);
        if (!memory) {
            problem(r.line, "memory_gb", why);
            ok = false;
        }
        const auto bandwidth = csvNumber(cell("bandwidth_gbps"), kMinDeviceBandwidthGbps, kMaxDeviceBandwidthGbps, "peak memory bandwidth in GB/s", why);
        if (!bandwidth) {
            problem(r.line, "bandwidth_gbps", why);
            ok = false;
        }
        const auto tops = csvNumber(cell("prefill_tops"), 0.01, 1e7, "the dense compute figure prefill uses (TOPS or TFLOPS)", why);
        if (!tops) {
            problem(r.line, "prefill_tops", why);
            ok = false;
        }
        const std::string topsKind = cell("prefill_tops_kind");
        if (!topsKinds.count(topsKind)) {
            problem(r.line, "prefill_tops_kind", "unknown compute kind \"" + topsKind + "\": expected one the data has (" + joined(topsKinds) + ")");
            ok = false;
        }
        const std::string arch = cell("arch_family");
        if (arch.empty()) {
            problem(r.line, "arch_family", "empty: the architecture family whose fitted prefill rate applies (Ada, Blackwell, RDNA4, Apple M4, ...)");
            ok = false;
        }
        std::optional<double> tflops;
        if (!cell("fp16_tflops").empty()) {
            tflops = csvNumber(cell("fp16_tflops"), 0.01, 100000, "dense FP16 TFLOPS", why);
            if (!tflops) {
                problem(r.line, "fp16_tflops", why);
                ok = false;
            } else if (!tflopsKinds.count(cell("fp16_tflops_kind"))) {
                problem(r.line, "fp16_tflops_kind", "unknown FP16 figure kind \"" + cell("fp16_tflops_kind") + "\": expected one the data has (" +
                                                        joined(tflopsKinds) + ")");
                ok = false;
            }
        } else if (!cell("fp16_tflops_kind").empty()) {
            problem(r.line, "fp16_tflops_kind", "a kind without an fp16_tflops figure");
            ok = false;
        }
        std::optional<double> ended;
        if (!cell("new_supply_ended").empty()) {
            ended = csvDate(cell("new_supply_ended"), today, why);
            if (!ended) {
                problem(r.line, "new_supply_ended", why);
                ok = false;
            } else if (released && *ended < *released) {
                problem(r.line, "new_supply_ended", cell("new_supply_ended") + " is before the part's release (" + cell("released") + ")");
                ok = false;
            }
        }
        if (const std::string bad = publicAddressProblem(cell("source")); !bad.empty()) {
            problem(r.line, "source", bad);
            ok = false;
        }
        if (!ok)
            continue;
        if (d.parts.size() + pv.import.parts.size() + 1 > kMaxParts) {
            problem(r.line, "name", "the data would hold more than " + std::to_string(kMaxParts) + " parts (the catalog's cap)");
            continue;
        }
        json row = {{"name", name},
                    {"full_name", cell("full_name").empty() ? name : cell("full_name")},
                    {"vendor", cell("vendor")},
                    {"kind", kind},
                    {"family", family},
                    {"released", cell("released")},
                    {"launch_price_usd", *price},
                    {"memory_gb", *memory},
                    {"bandwidth_gbps", *bandwidth},
                    {"fp16_tflops", tflops ? json(*tflops) : json(nullptr)},
                    {"fp16_tflops_kind", tflops ? json(cell("fp16_tflops_kind")) : json(nullptr)},
                    {"arch_family", arch},
                    {"prefill_tops", *tops},
                    {"prefill_tops_kind", topsKind},
                    {"prefill_tops_source", cell("source")},
                    {"measured_device_only", false},
                    {"source", cell("source")}};
        if (!cell("notes").empty())
            row["notes"] = cell("notes");
        pv.import.parts.push_back(row);
        if (ended)
            pv.import.prices.push_back({{"part", name},
                                        {"new_supply_ended", cell("new_supply_ended")},
                                        {"new_supply_ended_source", cell("source")},
                                        {"observations", json::array()}});
        std::string line = "line " + std::to_string(r.line) + ": " + name + " (" + kind + ", family " + family + ", released " + cell("released") +
                           ", " + usdText(*price) + " at launch, " + fmtNum(*memory) + " GB, " + fmtNum(*bandwidth) + " GB/s, " + fmtNum(*tops) + " " +
                           topsKind + " (" + arch + ")" + (tflops ? ", FP16 " + fmtNum(*tflops) + " TFLOPS " + cell("fp16_tflops_kind") : std::string()) +
                           (ended ? ", sold new until " + cell("new_supply_ended") : std::string()) + ") (" + cell("source") + ")";
        pv.listed.push_back(line);
        const ProductLine *pl = d.prices.line(family);
        const bool known = std::any_of(d.parts.begin(), d.parts.end(), [&](const HardwarePart &p) { return p.family == family; });
        if (!known)
            pv.notes.push_back(name + ": \"" + family + "\" is a family the data does not have: no product line, so no successors are projected from it");
        else if (pl && pl->status == LineStatus::Continues)
            pv.notes.push_back(name + ": joins the line " + family + ", which continues: its projected successors start from the line's newest priced part");
        else if (pl)
            pv.notes.push_back(name + ": joins the line " + family + " (" + lineStatusName(pl->status) + "): no successors are projected from it");
        else
            pv.notes.push_back(name + ": joins the family " + family + ", which has no line status in prices.json: not projected");
    }
    if (!pv.errors.empty()) {
        resetImport(pv, "part", file, today);
        pv.listed.clear();
        pv.notes.clear();
    }
    return pv;
}

// ---------------------------------------------------------------------------------------------
// Impact

namespace {
std::string answerText(const ParityResult &p)
{
    if (!p.reached)
        return "not reached";
    std::string s = parityKindName(p.kind);
    if (p.kind != ParityKind::Implied)
        s += " " + formatMonth(p.year);
    else if (p.lawYear > 0)
        s += ", the law's month " + formatMonth(p.lawYear);
    if (!p.box.empty())
        s += " (" + p.box + ")";
    return s;
}

// One card's box (one card, or the unified system) of `part` as the market prices it at t (0: not offered).
double oneBoxPrice(const DataSet &d, const std::string &part, double t)
{
    const Params p = resolveParams(d, assumptionValues(d, Scenario{}));
    const double asOf = std::max(latestAsOf(), t);
    // A budget no box exceeds: the price is asked, not whether the default budget reaches it.
    const std::vector<Box> boxes = buildBoxes(d, p, {}, asOf, 1e7, d.settings.horizonYear, BoxList::Unsorted);
    for (const Box &b : boxes)
        if (b.catalogPart && b.catalogPart->name == part && b.gpus == 1)
            return t + 1e-9 < b.released ? 0.0 : b.priceDetail(t, false).totalUsd;
    return 0;
}

std::vector<std::string> marketEffects(const DataSet &before, const DataSet &after, const std::string &origin)
{
    std::vector<std::string> out;
    const auto usd = [](double v) { return v > 0 ? usdText(v) : std::string("not offered"); };
    for (std::size_t i = 0; i < after.parts.size() && i < after.prices.parts.size(); ++i) {
        const HardwarePart &part = after.parts[i];
        if (part.origin == origin && part.priceUsd)
            out.push_back(part.name + " (new part): one " + (part.kind == PartKind::Gpu ? "card's box" : "system") + " at its release " +
                          formatDate(part.released) + " costs " + usd(oneBoxPrice(after, part.name, part.released)));
        for (const PriceObservation &o : after.prices.parts[i].obs) {
            if (o.origin != origin || (o.kind == PriceKind::Launch && part.origin == origin))
                continue;
            const double b = oneBoxPrice(before, part.name, o.t), a = oneBoxPrice(after, part.name, o.t);
            out.push_back(part.name + " " + priceKindName(o.kind) + " " + formatMonth(o.t) + " " + usdText(o.usd) + ": one " +
                          (part.kind == PartKind::Gpu ? "card's box" : "system") + " in " + formatMonth(o.t) + " costs " + usd(b) + " -> " + usd(a) +
                          (std::fabs(a - b) < 0.5 ? " (unchanged: a lower price on that date counts)" : ""));
        }
    }
    return out;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
} // namespace

ImportImpact assessImport(const Engine &before, const Engine &after, const std::string &origin, const std::vector<BenchRow> &rows)
{
    ImportImpact x;
    x.before = before.calibration();
    x.after = after.calibration();
    const Result rb = before.compute(Scenario{}), ra = after.compute(Scenario{});
    x.taskBefore = answerText(rb.task);
    x.taskAfter = answerText(ra.task);
    x.fullBefore = answerText(rb.full);
    x.fullAfter = answerText(ra.full);
    x.taskYearBefore = rb.task.year;
    x.taskYearAfter = ra.task.year;
    const auto law = [](const QualityLaw &l) { return "quality = " + fmtFixed(l.a, 1) + " + " + fmtFixed(l.b, 2) + " log2 Deff + " + fmtFixed(l.c, 2) + " (t - t0)"; };
    x.lawBefore = law(rb.law);
    x.lawAfter = law(ra.law);
    x.openModelsBefore = static_cast<int>(before.data().openModels.size());
    x.openModelsAfter = static_cast<int>(after.data().openModels.size());
    x.frontierBefore = static_cast<int>(before.data().frontierModels.size());
    x.frontierAfter = static_cast<int>(after.data().frontierModels.size());
    x.measurementsBefore = static_cast<int>(before.data().measurements.size());
    x.measurementsAfter = static_cast<int>(after.data().measurements.size());
    x.partsBefore = static_cast<int>(before.data().parts.size());
    x.partsAfter = static_cast<int>(after.data().parts.size());
    x.market = marketEffects(before.data(), after.data(), origin);
    if (rows.empty())
        return x;
    // The imported rows as the calibration sees them (in `after`, with the import's origin).
    const std::vector<CalibrationRow> cr = calibrationRows(after.data(), x.after.inputs);
    std::vector<double> errBefore, errAfter;
    std::size_t k = 0;
    for (const auto &r : cr) {
        if (r.m->origin != origin)
            continue;
        RowCheck c;
        if (k < rows.size()) {
            c.line = rows[k].line;
            c.label = rows[k].hardware + " / " + rows[k].model + " " + rows[k].testLabel;
        }
        ++k;
        c.decode = r.m->decode;
        c.fitted = r.m->decode ? r.fitted : r.prefillFitted;
        c.measured = r.m->tokensPerS;
        if (r.m->decode) {
            c.predictedBefore = predictDecode(x.before, r);
            c.predictedAfter = predictDecode(x.after, r);
        } else if (r.prefillTops && r.promptTokens > 0) {
            c.predictedBefore = predictPrefill(x.before, r);
            c.predictedAfter = predictPrefill(x.after, r);
        }
        if (c.predictedBefore > 0 && std::isfinite(c.predictedBefore)) {
            errBefore.push_back(std::fabs(c.predictedBefore / c.measured - 1) * 100);
            errAfter.push_back(std::fabs(c.predictedAfter / c.measured - 1) * 100);
        }
        x.rows.push_back(c);
    }
    x.medianErrorBeforePct = median(errBefore);
    x.medianErrorAfterPct = median(errAfter);
    return x;
}

std::string previewText(const ImportPreview &p, const ImportImpact *impact, bool dryRun)
{
    std::string out;
    out += (p.kind == "index"    ? "Capabilities Index import: "
            : p.kind == "model"  ? "Model import: "
            : p.kind == "prices" ? "Prices import: "
            : p.kind == "part"   ? "Part import: "
                                 : "llama-bench import: ") + printable(p.file) +
           (p.format.empty() ? "" : " (" + p.format + ")") + "\n";
    if (!p.errors.empty()) {
        out += "Refused: nothing was merged. " + std::to_string(p.errors.size()) + " problem" + (p.errors.size() > 1 ? "s" : "") + ":\n";
        for (const auto &e : p.errors)
            out += "  " + e.text(p.file) + "\n";
        return out;
    }
    if (p.kind == "model") {
        // Each figure with how it was computed (modelimport.cpp), then the row it adds.
        for (const auto &n : p.notes)
            out += "  " + printable(n) + "\n";
        for (const auto &n : p.newModels)
            out += "New model: " + printable(n) + "\n";
    } else if (p.kind == "prices" || p.kind == "part") {
        out += "Rows read: " + std::to_string(p.rowsRead) + "; " + (p.kind == "prices" ? "price observations " : "new parts ") +
               std::to_string(p.listed.size()) + "\n";
        for (const auto &s : p.listed)
            out += "  " + printable(s) + "\n";
        for (const auto &n : p.notes)
            out += "  " + printable(n) + "\n";
    } else if (p.kind == "llama-bench") {
        out += "Rows: " + std::to_string(p.prefillRows) + " prefill (pp), " + std::to_string(p.decodeRows) + " decode (tg)" +
               (p.skippedRows ? ", " + std::to_string(p.skippedRows) + " skipped" : "") + "\n";
        for (const auto &n : p.notes)
            out += "  " + printable(n) + "\n";
    } else {
        out += "Rows read: " + std::to_string(p.rowsRead) + "; changed scores " + std::to_string(p.changedScores.size()) + ", changed release dates " +
               std::to_string(p.changedDates.size()) + ", new models " + std::to_string(p.newModels.size()) + ", unchanged " +
               std::to_string(p.unchanged.size()) + ", not matched " + std::to_string(p.unmatched.size()) + "\n";
        const auto list = [&](const char *title, const std::vector<std::string> &v) {
            if (v.empty())
                return;
            out += std::string(title) + ":\n";
            for (const auto &s : v)
                out += "  " + printable(s) + "\n";
        };
        list("New models", p.newModels);
        list("Open models waiting for `import model CONFIG.json --name NAME --released DATE --source URL` (it completes them)", p.waiting);
        list("Changed scores", p.changedScores);
        list("Changed release dates", p.changedDates);
        list("Release dates that differ (the catalog's sourced dates are kept; --update-dates takes the index's)", p.keptDates);
        list("Rows it could not match", p.unmatched);
    }
    if (impact) {
        const ImportImpact &x = *impact;
        if (!x.rows.empty()) {
            out += "Imported runs against the calibrated prediction (tokens/s; before the refit -> after):\n";
            for (const auto &r : x.rows) {
                out += "  line " + std::to_string(r.line) + " " + printable(r.label) + ": measured " + fmtFixed(r.measured, 1);
                if (r.predictedBefore > 0 && std::isfinite(r.predictedBefore))
                    out += ", predicted " + fmtFixed(r.predictedBefore, 1) + " (" + fmtSigned(100 * (r.predictedBefore / r.measured - 1), 0) + "%) -> " +
                           fmtFixed(r.predictedAfter, 1) + " (" + fmtSigned(100 * (r.predictedAfter / r.measured - 1), 0) + "%)";
                else
                    out += ", no prediction (the device has no sourced compute figure)";
                out += r.fitted ? "; fitted\n" : "; not fitted (kept as a measurement)\n";
            }
            out += "  median error " + fmtFixed(x.medianErrorBeforePct, 1) + "% before the refit, " + fmtFixed(x.medianErrorAfterPct, 1) + "% after\n";
            out += "Calibration: decode rows " + std::to_string(x.before.n) + " -> " + std::to_string(x.after.n) + ", weights at x" +
                   fmtFixed(x.before.bandwidthEfficiency, 4) + " -> x" + fmtFixed(x.after.bandwidthEfficiency, 4) + " of peak bandwidth, KV at x" +
                   fmtFixed(x.before.kvEfficiency, 4) + " -> x" + fmtFixed(x.after.kvEfficiency, 4) + ", fixed " +
                   fmtFixed(1000 * x.before.fixedSecondsGpu, 3) + " -> " + fmtFixed(1000 * x.after.fixedSecondsGpu, 3) + " ms/token (GPU); prefill rows " +
                   std::to_string(x.before.prefillN) + " -> " + std::to_string(x.after.prefillN) + ", pooled compute share x" +
                   fmtFixed(x.before.computeEfficiency, 4) + " -> x" + fmtFixed(x.after.computeEfficiency, 4) + "\n";
        }
        if (!x.market.empty()) {
            out += "Market (as the forecast prices it; before -> after):\n";
            for (const auto &m : x.market)
                out += "  " + printable(m) + "\n";
        }
        out += "Catalog: parts " + std::to_string(x.partsBefore) + " -> " + std::to_string(x.partsAfter) + ", open models " + std::to_string(x.openModelsBefore) + " -> " + std::to_string(x.openModelsAfter) + ", frontier models " +
               std::to_string(x.frontierBefore) + " -> " + std::to_string(x.frontierAfter) + ", measurements " + std::to_string(x.measurementsBefore) +
               " -> " + std::to_string(x.measurementsAfter) + "\n";
        out += "Quality law: " + x.lawBefore + " -> " + x.lawAfter + "\n";
        out += "Default answer, task-level: " + x.taskBefore + " -> " + x.taskAfter + "\n";
        out += "Default answer, full product: " + x.fullBefore + " -> " + x.fullAfter + "\n";
    }
    out += dryRun ? "Dry run: nothing was written.\n" : "";
    return out;
}

ojson previewJson(const ImportPreview &p, const ImportImpact *impact, bool dryRun)
{
    ojson j;
    j["kind"] = p.kind;
    j["file"] = layerSafeText(p.file);
    j["format"] = p.format;
    j["valid"] = p.valid();
    j["dry_run"] = dryRun;
    j["errors"] = ojson::array();
    for (const auto &e : p.errors)
        j["errors"].push_back({{"line", e.line}, {"field", e.field}, {"message", e.message}});
    j["notes"] = p.notes;
    if (p.kind == "model") {
        j["new_models"] = p.newModels;
        if (!p.import.openModels.empty())
            j["row"] = p.import.openModels.front();
    } else if (p.kind == "prices" || p.kind == "part") {
        j["rows_read"] = p.rowsRead;
        j["rows"] = p.listed;
    } else if (p.kind == "llama-bench") {
        j["prefill_rows"] = p.prefillRows;
        j["decode_rows"] = p.decodeRows;
        j["skipped_rows"] = p.skippedRows;
    } else {
        j["rows_read"] = p.rowsRead;
        j["new_models"] = p.newModels;
        j["changed_scores"] = p.changedScores;
        j["changed_dates"] = p.changedDates;
        j["kept_dates"] = p.keptDates;
        j["unmatched"] = p.unmatched;
        j["waiting_for_import_model"] = p.waiting;
        j["unchanged"] = p.unchanged.size();
    }
    if (impact) {
        const ImportImpact &x = *impact;
        ojson rows = ojson::array();
        for (const auto &r : x.rows)
            rows.push_back({{"line", r.line},
                            {"label", r.label},
                            {"test", r.decode ? "decode" : "prefill"},
                            {"fitted", r.fitted},
                            {"measured_tokens_per_s", r.measured},
                            {"predicted_before", r.predictedBefore > 0 && std::isfinite(r.predictedBefore) ? ojson(r.predictedBefore) : ojson(nullptr)},
                            {"predicted_after", r.predictedAfter > 0 && std::isfinite(r.predictedAfter) ? ojson(r.predictedAfter) : ojson(nullptr)}});
        j["runs"] = rows;
        j["median_error_before_pct"] = x.medianErrorBeforePct;
        j["median_error_after_pct"] = x.medianErrorAfterPct;
        j["calibration"] = {{"decode_rows", {x.before.n, x.after.n}},
                            {"bandwidth_efficiency", {x.before.bandwidthEfficiency, x.after.bandwidthEfficiency}},
                            {"kv_efficiency", {x.before.kvEfficiency, x.after.kvEfficiency}},
                            {"fixed_seconds_gpu", {x.before.fixedSecondsGpu, x.after.fixedSecondsGpu}},
                            {"prefill_rows", {x.before.prefillN, x.after.prefillN}},
                            {"compute_efficiency", {x.before.computeEfficiency, x.after.computeEfficiency}}};
        j["market"] = x.market;
        j["parts"] = {x.partsBefore, x.partsAfter};
        j["task_parity"] = {{"before", x.taskBefore}, {"after", x.taskAfter}};
        j["full_parity"] = {{"before", x.fullBefore}, {"after", x.fullAfter}};
        j["quality_law"] = {{"before", x.lawBefore}, {"after", x.lawAfter}};
    }
    return j;
}

} // namespace ff

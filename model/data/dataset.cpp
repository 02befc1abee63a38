#include "data/dataset.h"
#include "data/yardstick.h"

#include <charconv>
#include <cstdlib>
#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <fstream>
#include <set>
#include <sstream>

#include "data/assumptions.h"
#include "core/clock.h"
#include "data/jsonread.h"
#include "data/schemas.h"
#include "data/kvparse.h"
#include "core/timeutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ff {

using nlohmann::json;

DataError::DataError(std::string file, std::string field, const std::string &what)
    : std::runtime_error(printable(file) + (field.empty() ? std::string() : ": " + printable(field)) + ": " +
                         printable(what, true)),
      mFile(std::move(file)), mField(std::move(field))
{
}

std::string JsonObject::fmt(double x)
{
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 6); // %g, locale-independent
    return std::string(buf, r.ptr);
}

double JsonObject::date(const std::string &key) const
{
    const std::string s = str(key);
    const auto t = parseDate(s);
    if (!t)
        fail(field(key), "expected a date YYYY, YYYY-MM or YYYY-MM-DD, got \"" + s + "\"");
    if (*t < 1990 || *t > 2100)
        fail(field(key), "date \"" + s + "\" out of range 1990..2100");
    return *t;
}

namespace {

bool validUtf8(const std::string &s)
{
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > n)
            return false;
        for (int k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
                return false;
        i += len;
    }
    return true;
}

template <class T>
void checkUnique(const std::vector<T> &items, const std::string &file, const std::string &what)
{
    std::set<std::string> seen;
    for (std::size_t i = 0; i < items.size(); ++i)
        if (!seen.insert(items[i].name).second)
            throw DataError(file, what + "[" + std::to_string(i) + "].name",
                            "duplicate name \"" + items[i].name + "\"");
}

} // namespace

std::string printable(const std::string &s, bool keepNewlines)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const int n = controlLength(s, i, keepNewlines);
        if (n == 0) {
            out += s[i];
            continue;
        }
        i += static_cast<std::size_t>(n - 1); // a C1 control is named by its second byte
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(s[i])));
        out += buf;
    }
    return out;
}

std::string readFileCapped(const std::string &path, std::size_t maxBytes)
{
    // Non-blocking so that opening a FIFO without a writer returns at once (it is refused below).
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw DataError(path, "", std::string("cannot open the file for reading: ") + std::strerror(errno));
    const std::unique_ptr<int, void (*)(int *)> closer(new int(fd), [](int *f) {
        ::close(*f);
        delete f;
    });
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        throw DataError(path, "", std::string("cannot read the file: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode))
        throw DataError(path, "", "is a directory, not a file");
    if (!S_ISREG(st.st_mode))
        throw DataError(path, "", "not a regular file (a pipe, socket or device); save the content to a file and open that");
    const std::string limit = "larger than the " + std::to_string(maxBytes / 1024) + " KiB limit for this kind of file";
    if (st.st_size > 0 && static_cast<std::uint64_t>(st.st_size) > maxBytes)
        throw DataError(path, "", "file is " + std::to_string(static_cast<std::uint64_t>(st.st_size) / 1024) + " KiB, " + limit);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    std::string text;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw DataError(path, "", std::string("cannot read the file: ") + std::strerror(errno));
        if (n == 0)
            break;
        if (text.size() + static_cast<std::size_t>(n) > maxBytes) // a file that grew, or a /proc file
            throw DataError(path, "", "file is " + limit);
        text.append(buf, static_cast<std::size_t>(n));
    }
    return text;
}

namespace {

// Builds the document as json::parse does (the same values, the same types), and refuses on the way
// what JSON would silently accept: a key twice in one object (found by the object's own insertion, so
// no second set of keys) and nesting deeper than kMaxJsonDepth. A SAX handler, not json::parse's
// callback: the callback parser copied every key into a set and ran a std::function per token, about
// a sixth of the instructions of loading the data (bench/instructions.py, startup).
class CheckedDomBuilder
{
public:
    CheckedDomBuilder(json &root, const std::string &file)
        : m_root(root), m_file(file)
    {
        m_stack.reserve(16);
    }

    bool null() { return put(nullptr), true; }
    bool boolean(bool v) { return put(v), true; }
    bool number_integer(json::number_integer_t v) { return put(v), true; }
    bool number_unsigned(json::number_unsigned_t v) { return put(v), true; }
    bool number_float(json::number_float_t v, const json::string_t &) { return put(v), true; }
    bool string(json::string_t &v) { return put(std::move(v)), true; }
    bool binary(json::binary_t &v) { return put(json::binary(std::move(v))), true; }
    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }
    bool end_object() { return m_stack.pop_back(), true; }
    bool end_array() { return m_stack.pop_back(), true; }
    bool key(json::string_t &k)
    {
        auto &obj = m_stack.back()->get_ref<json::object_t &>();
        const auto [it, inserted] = obj.emplace(k, nullptr);
        if (!inserted)
            throw DataError(m_file, k, "this key appears twice in one object; keep one (JSON would silently use the last)");
        m_slot = &it->second;
        return true;
    }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &e)
    {
        const std::string msg = e.what();
        const auto p = msg.find("parse error");
        throw DataError(m_file, "", "not valid JSON: " + (p == std::string::npos ? msg : msg.substr(p)));
    }

private:
    template <class V>
    json *put(V &&v)
    {
        if (m_stack.empty()) {
            m_root = json(std::forward<V>(v));
            return &m_root;
        }
        json &top = *m_stack.back();
        if (top.is_array()) {
            auto &arr = top.get_ref<json::array_t &>();
            arr.emplace_back(std::forward<V>(v));
            return &arr.back();
        }
        *m_slot = json(std::forward<V>(v)); // the value of the key just read
        return m_slot;
    }
    bool open(json::value_t t)
    {
        if (m_stack.size() >= static_cast<std::size_t>(kMaxJsonDepth))
            throw DataError(m_file, "", "nested deeper than " + std::to_string(kMaxJsonDepth) +
                                            " levels of arrays and objects (no input file needs that many)");
        m_stack.push_back(put(json(t)));
        return true;
    }

    json &m_root;
    const std::string &m_file;
    std::vector<json *> m_stack; // the open arrays and objects, innermost last (their parents never grow meanwhile)
    json *m_slot = nullptr;
};

} // namespace

json parseJsonText(const std::string &text, const std::string &file)
{
    if (!validUtf8(text))
        throw DataError(file, "", "not UTF-8 text (is it a JSON file?)");
    json result;
    CheckedDomBuilder builder(result, file);
    try {
        json::sax_parse(text, &builder);
    } catch (const json::exception &e) {
        std::string msg = e.what();
        const auto p = msg.find("parse error");
        throw DataError(file, "", "not valid JSON: " + (p == std::string::npos ? msg : msg.substr(p)));
    }
    return result;
}

json readJsonFile(const std::string &path, std::size_t maxBytes)
{
    return parseJsonText(readFileCapped(path, maxBytes), path);
}

void parseHardware(const json &j, const std::string &file, DataSet &out)
{
    JsonObject top(j, file, "");
    // The solver compares parts pairwise when it builds a market: kMaxParts keeps that fast.
    const auto &arr = top.array("parts", false, kMaxParts);
    top.warnUnknown(out.warnings, {"provenance", "description"});
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject o(arr[i], file, "parts[" + std::to_string(i) + "]");
        HardwarePart p;
        const auto &fields = hardwarePartSchema();
        schema::read(o, fields, p);
        // The rules across fields (the table's "by rule" rows).
        if (!o.has("full_name"))
            p.fullName = p.name;
        p.kind = schema::choice(o, fields, "kind") == "gpu" ? PartKind::Gpu : PartKind::Unified;
        if (o.has("released") || !p.measuredOnly)
            p.released = o.date("released");
        else
            p.released = kNeverReleased; // a measured device with no sourced date: never offered to buy
        p.prefillTflops = p.fp16Tflops.value_or(0);
        if (p.prefillTops && p.prefillTopsKind.empty())
            o.fail(o.field("prefill_tops_kind"), "a prefill_tops figure needs its kind");
        if (p.prefillTops && p.archFamily.empty())
            o.fail(o.field("arch_family"), "a prefill_tops figure needs the part's architecture family");
        if (o.optStr("prefill_tops_source").empty() && p.prefillTops)
            o.fail(o.field("prefill_tops_source"), "a prefill_tops figure needs its source");
        o.warnUnknown(out.warnings, {"released"});
        out.parts.push_back(std::move(p));
    }
    checkUnique(out.parts, file, "parts");
    std::vector<std::string> families;
    for (auto &p : out.parts) {
        if (p.family.empty())
            continue;
        auto it = std::find(families.begin(), families.end(), p.family);
        p.familyId = static_cast<int>(it - families.begin());
        if (it == families.end())
            families.push_back(p.family);
    }
}

namespace {
// {"value": percent 0-100, "source": "...", "independent": true|false}, or absent/null.
std::optional<BenchScore> parseBenchScore(const JsonObject &o, const std::string &key, std::vector<std::string> &warnings)
{
    if (!o.has(key)) {
        o.optStr(key); // marks it read (null)
        return std::nullopt;
    }
    JsonObject b = o.object(key);
    BenchScore s;
    s.value = b.num("value", 0, 100);
    s.source = b.str("source");
    if (s.source.empty())
        b.fail(b.field("source"), "every score needs a source");
    s.independent = b.boolean("independent", false);
    if (!b.json().contains("independent"))
        b.fail(b.field("independent"), "missing field: say whether this is an independent run (true) or a vendor claim (false)");
    b.warnUnknown(warnings);
    return s;
}

// The vendor's own figure beside an independent run: {"value": percent, "source": "..."}.
std::optional<double> parseVendorClaim(const JsonObject &o, const std::string &key, const std::optional<BenchScore> &primary)
{
    if (!o.has(key)) {
        o.optStr(key);
        return std::nullopt;
    }
    JsonObject b = o.object(key);
    const double v = b.num("value", 0, 100);
    if (b.str("source").empty())
        b.fail(b.field("source"), "every score needs a source");
    if (!primary || !primary->independent)
        o.fail(o.field(key), "a vendor claim beside the score is only meaningful when swe_bench_verified is an independent run");
    return v;
}
} // namespace

namespace {
// quality_index: the index's name and source, its snapshot and the earlier snapshots the models'
// earlier_scores are keyed by.
void parseQualityIndex(const JsonObject &top, DataSet &out)
{
    JsonObject qi = top.object("quality_index");
    const auto &fields = qualityIndexSchema();
    schema::read(qi, fields, out);
    if (qi.has("snapshot"))
        out.scoreSnapshot = qi.date("snapshot");
    if (qi.has("earlier_snapshots")) {
        const auto &snaps = qi.array("earlier_snapshots");
        for (std::size_t i = 0; i < snaps.size(); ++i) {
            JsonObject e(snaps[i], top.file(), qi.field("earlier_snapshots") + "[" + std::to_string(i) + "]");
            const double when = e.date("date");
            if (!qi.has("snapshot") || when >= out.scoreSnapshot)
                e.fail(e.field("date"), "an earlier snapshot must be older than quality_index.snapshot");
            if (e.str("source").empty())
                e.fail(e.field("source"), "every snapshot needs a source");
            out.earlierSnapshots.push_back(when);
        }
    }
    qi.warnUnknown(out.warnings, schema::names(fields));
}

// "earlier_scores": {"YYYY-MM-DD": score, ...}, each date one of the earlier snapshots.
std::vector<std::pair<double, double>> parseEarlierScores(const JsonObject &o, const std::vector<double> &snapshots)
{
    std::vector<std::pair<double, double>> v;
    if (!o.has("earlier_scores"))
        return v;
    const JsonObject es = o.object("earlier_scores");
    for (auto it = es.json().begin(); it != es.json().end(); ++it) {
        const auto parsed = parseDate(it.key());
        if (!parsed)
            es.fail(es.field(it.key()), "expected a snapshot date (YYYY-MM-DD) as the key");
        const double when = *parsed;
        if (std::find(snapshots.begin(), snapshots.end(), when) == snapshots.end())
            es.fail(es.field(it.key()), "not one of quality_index.earlier_snapshots");
        v.emplace_back(when, es.num(it.key(), 0, 1000));
    }
    return v;
}

// The coding scores both kinds of model carry (yardstick.h).
template <class M>
void parseCodingScores(const JsonObject &o, RebenchWindow &rebench, std::vector<std::string> &warnings, M &m)
{
    m.sweRebench = parseRebenchScore(o, rebench, warnings);
    m.sweBench = parseBenchScore(o, "swe_bench_verified", warnings);
    m.sweBenchVendor = parseVendorClaim(o, "swe_bench_verified_vendor", m.sweBench);
}

// kv_architecture: one function (kvcache.h) for the catalog and the model importer: the growing bytes
// per token and the fixed bytes come from the architecture; a kv_bytes_per_token beside it must agree.
void parseModelKv(const JsonObject &o, OpenModel &m, std::vector<std::string> &warnings)
{
    const JsonObject a = o.object("kv_architecture");
    m.kv = parseKvArchitecture(a);
    m.kvSource = a.str("source");
    if (m.kvSource.empty())
        a.fail(a.field("source"), "the architecture needs a source");
    a.warnUnknown(warnings);
    if (m.kvBytesPerToken && std::fabs(*m.kvBytesPerToken - m.kv->bytesPerToken) > 0.5)
        o.fail(o.field("kv_bytes_per_token"), "disagrees with kv_architecture (" + m.kv->how + ")");
    m.kvBytesPerToken = m.kv->bytesPerToken;
    m.kvFixedBytes = m.kv->fixedBytes();
}

// A row of open_models: the table's fields, then its rules across fields ("by rule" rows).
OpenModel parseOpenModel(const JsonObject &o, RebenchWindow &rebench, DataSet &out)
{
    OpenModel m;
    const auto &fields = openModelSchema();
    schema::read(o, fields, m);
    // Unknown sizes are allowed with a note; such a model is left out of fits and runs.
    const auto total = o.optNum("params_total_b", 0.01, 100000);
    const auto active = o.optNum("params_active_b", 0.01, 100000);
    if ((!total || !active) && !o.has("params_note") && !o.has("params_active_b_note") && !o.has("params_total_b_note"))
        o.fail(o.field(total ? "params_active_b" : "params_total_b"), "missing value (null) without a params_note saying why");
    m.paramsTotalB = total && active ? *total : 0.0;
    m.paramsActiveB = total && active ? *active : 0.0;
    if (m.paramsActiveB > m.paramsTotalB * (1 + 1e-9))
        o.fail(o.field("params_active_b"), "active parameters exceed total parameters");
    m.earlierScores = parseEarlierScores(o, out.earlierSnapshots);
    if (o.has("kv_architecture"))
        parseModelKv(o, m, out.warnings);
    if (!o.has("native_format"))
        m.nativeFormat = "native";
    parseCodingScores(o, rebench, out.warnings, m);
    if (m.contextLimitTokens) {
        if (std::fabs(*m.contextLimitTokens - std::round(*m.contextLimitTokens)) > 1e-9)
            o.fail(o.field("context_limit_tokens"), "expected a whole number of tokens");
        if (o.optStr("context_source").empty())
            o.fail(o.field("context_source"), "a context limit needs a source");
    }
    auto known = schema::names(fields);
    known.insert("arch"); // allowed without a warning, never read
    o.warnUnknown(out.warnings, known);
    return m;
}

// output_tokens_per_s: a frontier model's measured hosted speed.
OutputSpeed parseOutputSpeed(const JsonObject &o, std::vector<std::string> &warnings)
{
    JsonObject sp = o.object("output_tokens_per_s");
    OutputSpeed v;
    v.value = sp.num("value", 0.1, 100000);
    v.low = sp.num("low", 0.1, 100000);
    v.high = sp.num("high", 0.1, 100000);
    if (!(v.low <= v.value && v.value <= v.high))
        sp.fail(sp.field("value"), "expected low <= value <= high");
    v.measured = sp.date("date");
    v.source = sp.str("source");
    if (v.source.empty())
        sp.fail(sp.field("source"), "a measured speed needs a source");
    v.rangeReason = sp.optStr("range_reason");
    if (v.high > v.low && v.rangeReason.empty())
        sp.fail(sp.field("range_reason"), "a range needs its reason");
    sp.warnUnknown(warnings);
    return v;
}

// A row of frontier_models; `available` says which list it goes to.
FrontierModel parseFrontierModel(const JsonObject &o, RebenchWindow &rebench, DataSet &out, bool &available)
{
    FrontierModel m;
    const auto &fields = frontierModelSchema();
    schema::read(o, fields, m);
    const auto q = o.optNum("quality", 0, 1000);
    if (!q && !o.has("quality_note"))
        o.fail(o.field("quality"), "missing value (null) without a quality_note saying why");
    m.scored = q.has_value();
    m.quality = q.value_or(0.0);
    m.earlierScores = parseEarlierScores(o, out.earlierSnapshots);
    parseCodingScores(o, rebench, out.warnings, m);
    if (o.has("output_tokens_per_s"))
        m.outputSpeed = parseOutputSpeed(o, out.warnings);
    available = o.boolean("generally_available", true);
    if (!available && o.optStr("availability_note").empty())
        o.fail(o.field("availability_note"), "a model that is not generally available needs a note saying so, with its source");
    o.warnUnknown(out.warnings, schema::names(fields));
    return m;
}
} // namespace

void parseModels(const json &j, const std::string &file, DataSet &out)
{
    JsonObject top(j, file, "");
    RebenchWindow rebench; // one task window for the whole catalog (yardstick.h)
    parseQualityIndex(top, out);
    const auto &open = top.array("open_models");
    for (std::size_t i = 0; i < open.size(); ++i) {
        OpenModel m = parseOpenModel(JsonObject(open[i], file, "open_models[" + std::to_string(i) + "]"), rebench, out);
        m.index = static_cast<int>(i);
        out.openModels.push_back(std::move(m));
    }
    const auto &fr = top.array("frontier_models");
    for (std::size_t i = 0; i < fr.size(); ++i) {
        bool available = true;
        FrontierModel m = parseFrontierModel(JsonObject(fr[i], file, "frontier_models[" + std::to_string(i) + "]"), rebench, out, available);
        (available ? out.frontierModels : out.previewModels).push_back(std::move(m));
    }
    top.warnUnknown(out.warnings, {"provenance", "description"});
    checkUnique(out.openModels, file, "open_models");
    checkUnique(out.frontierModels, file, "frontier_models");
}

namespace {
// A list whose records are read by their table alone: each read, its unknown fields warned about, and
// appended to `out` (quantization.json's levels, trends.json's figures).
template <class T>
void readRecords(const json &arr, const std::string &file, const std::string &path, const std::vector<schema::Field<T>> &fields,
                 std::vector<T> &out, std::vector<std::string> &warnings)
{
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject o(arr[i], file, path + "[" + std::to_string(i) + "]");
        T record;
        schema::read(o, fields, record);
        o.warnUnknown(warnings, schema::names(fields));
        out.push_back(std::move(record));
    }
}
} // namespace

void parseQuantization(const json &j, const std::string &file, DataSet &out)
{
    JsonObject top(j, file, "");
    const auto &topFields = quantizationSchema();
    schema::read(top, topFields, out);
    top.str("source");
    const auto &arr = top.array("levels");
    top.warnUnknown(out.warnings, schema::names(topFields));
    readRecords(arr, file, "levels", quantLevelSchema(), out.quantLevels, out.warnings);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < out.quantLevels.size(); ++i)
        if (!seen.insert(out.quantLevels[i].name).second)
            throw DataError(file, "levels[" + std::to_string(i) + "].quant", "duplicate level");
    if (!seen.count("F16"))
        throw DataError(file, "levels", "needs the F16 reference level");
}

void parseMeasurements(const json &j, const std::string &file, DataSet &out)
{
    JsonObject top(j, file, "");
    const auto &arr = top.array("measurements");
    top.warnUnknown(out.warnings, {"provenance", "description", "not_run", "other_devices"});
    const auto &fields = measurementSchema();
    // The known keys, built once for the whole array (not once a row).
    auto known = schema::names(fields);
    known.insert("size_GiB"); // older rows' spelling of size_gib
    out.measurements.reserve(out.measurements.size() + arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject o(arr[i], file, "measurements[" + std::to_string(i) + "]");
        Measurement m;
        schema::read(o, fields, m);
        // The rules across fields (the table's "by rule" rows).
        m.gpuCount = static_cast<int>(o.optNum("gpu_count", 1, 16).value_or(1));
        m.paramsActiveB = o.optNum("params_active_b", 0.01, 100000).value_or(m.paramsTotalB);
        m.decode = schema::choice(o, fields, "test") == "decode";
        if (const auto prompt = o.optNum("prompt_tokens", 1, 1e8))
            m.promptTokens = *prompt;
        else if (o.has("test_label")) {
            const std::string l = o.str("test_label");
            if (!m.decode && l.size() > 2 && l.compare(0, 2, "pp") == 0)
                m.promptTokens = std::atof(l.c_str() + 2);
        }
        o.warnUnknown(out.warnings, known);
        out.measurements.push_back(std::move(m));
    }
}

void parseTrends(const json &j, const std::string &file, DataSet &out)
{
    JsonObject top(j, file, "");
    const auto &arr = top.array("trends");
    top.warnUnknown(out.warnings, {"provenance", "description"});
    readRecords(arr, file, "trends", trendSchema(), out.trends, out.warnings);
}

namespace {
// assumptions.json's settings block: the model's fixed settings and the roadmap entry (its unknown
// fields warned about in `warnings`). The plain fields are read by their tables; the lists here.
Settings parseSettings(const JsonObject &s, std::vector<std::string> &warnings)
{
    Settings st;
    schema::read(s, settingsSchema(), st);
    const auto readList = [&](const std::string &key, double lo, double hi) {
        std::vector<double> v;
        // Each entry is a full solve per table row: a handful is what a table shows.
        const auto &a = s.array(key, false, kMaxSettingsList);
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!a[i].is_number() || !std::isfinite(a[i].get<double>()))
                s.fail(s.field(key) + "[" + std::to_string(i) + "]", "expected a finite number");
            const double x = a[i].get<double>();
            if (x < lo || x > hi)
                s.fail(s.field(key) + "[" + std::to_string(i) + "]", "out of range");
            v.push_back(x);
        }
        return v;
    };
    st.scenarioYears = readList("scenario_years", 2000, 2100);
    st.budgetsUsd = readList("budgets_usd", 100, 1e6);
    for (const auto &q : s.array("quant_levels")) {
        if (!q.is_string())
            s.fail(s.field("quant_levels"), "expected strings naming levels of quantization.json");
        st.quantLevels.push_back(q.get<std::string>());
    }
    JsonObject rm = s.object("roadmap");
    schema::read(rm, roadmapSchema(), st.roadmap);
    rm.warnUnknown(warnings, schema::names(roadmapSchema()));
    s.warnUnknown(warnings, schema::names(settingsSchema()));
    return st;
}

std::string fmt6(double x)
{
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 6);
    return std::string(buf, r.ptr);
}

// The rules across an assumption's fields (the table's plain fields are read by then).
void checkAssumption(const JsonObject &o, const AssumptionDef &a)
{
    if (a.neutral && a.neutralLabel.empty())
        o.fail(o.field("neutral_label"), "a neutral value needs a label saying what it switches off");
    if (a.source.empty())
        o.fail(o.field("source"), "every assumption needs a source");
    if (!(a.min < a.max))
        o.fail(o.field("max"), "max must be above min");
    if (a.value < a.min || a.value > a.max)
        o.fail(o.field("value"), "default outside [min, max]");
    if (a.low > a.value || a.high < a.value)
        o.fail(o.field("low"), "the range [low, high] must contain the default");
    if (a.low < a.min || a.high > a.max)
        o.fail(o.field("high"), "the range [low, high] must lie within [min, max]");
    if (a.neutral && (*a.neutral < a.min || *a.neutral > a.max))
        o.fail(o.field("neutral"), "the neutral value must lie within [min, max]");
    const auto &kinds = schema::field(assumptionSchema(), "distribution").choices;
    if (std::find(kinds.begin(), kinds.end(), a.distribution) == kinds.end())
        o.fail(o.field("distribution"), "expected " + schema::detail::choiceList(kinds, "", ""));
    if (a.distribution == "lognormal" && a.low <= 0)
        o.fail(o.field("low"), "a log-normal range must be positive");
    for (const ParamField &f : paramFields()) {
        if (a.name != f.name)
            continue;
        const std::string can = "the model computes with " + a.name + " in [" + fmt6(f.lo) + ", " + fmt6(f.hi) + "]";
        if (a.min < f.lo)
            o.fail(o.field("min"), fmt6(a.min) + " is below what the model can handle: " + can);
        if (a.max > f.hi)
            o.fail(o.field("max"), fmt6(a.max) + " is above what the model can handle: " + can);
        if (f.integer && !a.integer)
            o.fail(o.field("integer"), a.name + " counts whole things: it needs \"integer\": true");
    }
}
} // namespace

void parseAssumptions(const json &j, const std::string &file, DataSet &out)
{
    JsonObject top(j, file, "");
    out.settings = parseSettings(top.object("settings"), out.warnings);

    const auto &arr = top.array("assumptions");
    top.warnUnknown(out.warnings, {"provenance", "description"});
    const auto &fields = assumptionSchema();
    std::set<std::string> names;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject o(arr[i], file, "assumptions[" + std::to_string(i) + "]");
        AssumptionDef a;
        a.name = o.str("name");
        if (a.name.empty() || a.name.find_first_of(" =\t") != std::string::npos)
            o.fail(o.field("name"), "expected an identifier (no spaces or '=')");
        if (!names.insert(a.name).second)
            o.fail(o.field("name"), "duplicate assumption \"" + a.name + "\"");
        schema::read(o, fields, a);
        a.distribution = o.optStr("distribution", "uniform");
        checkAssumption(o, a);
        o.warnUnknown(out.warnings, schema::names(fields));
        out.assumptions.push_back(std::move(a));
    }
}

void validateDataSet(const DataSet &d)
{
    const std::string dir = d.directory.empty() ? std::string() : d.directory + "/";
    if (d.parts.empty())
        throw DataError(dir + "hardware.json", "parts", "the hardware catalog is empty");
    bool anyPriced = false;
    for (const auto &p : d.parts)
        anyPriced = anyPriced || p.priceUsd.has_value();
    if (!anyPriced)
        throw DataError(dir + "hardware.json", "parts", "no part has a launch price");
    int scored = 0;
    for (const auto &m : d.openModels)
        scored += m.quality.has_value();
    if (scored < 4)
        throw DataError(dir + "models.json", "open_models", "at least 4 scored open models are needed to fit the quality law");
    const FrontierModel *target = d.frontier(d.settings.defaultTarget);
    if (target && !target->scored)
        throw DataError(dir + "assumptions.json", "settings.default_target", "the default target has no quality score");
    if (!target)
        throw DataError(dir + "assumptions.json", "settings.default_target",
                        "\"" + d.settings.defaultTarget + "\" is not a frontier model in models.json");
    for (std::size_t i = 0; i < d.settings.quantLevels.size(); ++i) {
        const auto &n = d.settings.quantLevels[i];
        if (std::none_of(d.quantLevels.begin(), d.quantLevels.end(), [&](const QuantLevel &q) { return q.name == n; }))
            throw DataError(dir + "assumptions.json", "settings.quant_levels[" + std::to_string(i) + "]",
                            "\"" + n + "\" is not a level in quantization.json");
    }
}

double latestAsOf()
{
    return *parseDate(formatMonth(todayYear()));
}

double DataSet::newestDate() const
{
    double t = 0;
    for (const auto &p : parts)
        if (!p.measuredOnly)
            t = std::max(t, p.released);
    for (const auto &m : openModels)
        t = std::max(t, m.released);
    for (const auto &m : frontierModels)
        t = std::max(t, m.released);
    return t;
}

namespace {
// The first entry named `name` in a catalog, or null: the one lookup every find-by-name uses.
template <class T>
const T *findByName(const std::vector<T> &items, const std::string &name)
{
    for (const T &x : items)
        if (x.name == name)
            return &x;
    return nullptr;
}
} // namespace

const AssumptionDef *DataSet::assumption(const std::string &name) const { return findByName(assumptions, name); }
const HardwarePart *DataSet::part(const std::string &name) const { return findByName(parts, name); }
const FrontierModel *DataSet::frontier(const std::string &name) const { return findByName(frontierModels, name); }
const OpenModel *DataSet::openModel(const std::string &name) const { return findByName(openModels, name); }

} // namespace ff

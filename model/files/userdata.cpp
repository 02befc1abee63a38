#include "files/userdata.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sys/stat.h>

#include <dirent.h>

#include "solver/forecast.h"
#include "data/jsonread.h"
#include "data/schemas.h"
#include "core/timeutil.h"
#include "files/loaddata.h"

namespace ff {

using nlohmann::json;

namespace {

std::string baseName(const std::string &path)
{
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool fileExists(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

// A DataError from parsing an import's rows, re-thrown naming the layer file and the import.
// `offset`: the rows were parsed in chunks; the index after "measurements[" is shifted by it.
[[noreturn]] void rethrowIn(const DataError &e, const std::string &layerFile, const std::string &prefix, std::size_t offset = 0)
{
    const std::string w = e.what();
    const std::string head = printable(e.file()) + (e.field().empty() ? std::string() : ": " + printable(e.field())) + ": ";
    std::string field = e.field();
    const std::string tag = "measurements[";
    if (offset > 0 && field.compare(0, tag.size(), tag) == 0) {
        const auto close = field.find(']');
        if (close != std::string::npos)
            field = tag + std::to_string(std::stoul(field.substr(tag.size(), close - tag.size())) + offset) + field.substr(close);
    }
    throw DataError(layerFile, prefix + (field.empty() ? std::string() : "." + field),
                    w.compare(0, head.size(), head) == 0 ? w.substr(head.size()) : w);
}

std::string humanBytes(std::size_t n)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1024.0 * 1024.0));
    return buf;
}

} // namespace

std::string userLayerPath(const std::string &dataHome) { return dataHome + "/" + kUserDataFile; }

bool isUtf8(const std::string &s)
{
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > n)
            return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
                return false;
        i += len;
    }
    return true;
}

std::size_t utf8SequenceAt(const std::string &s, std::size_t i)
{
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size())
        return 0;
    for (std::size_t k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
            return 0;
    return len;
}

std::string layerSafeText(const std::string &s)
{
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t len = utf8SequenceAt(s, i);
        const bool ok = len > 0;
        if (!ok) {
            out += '?';
            ++i;
            continue;
        }
        const bool c1 = c == 0xC2 && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
        if (c < 0x20 || c == 0x7F || c1)
            out += '?';
        else
            out.append(s, i, len);
        i += len;
    }
    return out;
}

std::string UserImport::origin() const
{
    std::string o = "imported from " + baseName(file) + " on " + date;
    const auto hash = id.rfind(" #");
    if (hash != std::string::npos)
        o += id.substr(hash);
    return o;
}

std::size_t UserImport::rowCount() const
{
    std::size_t observations = 0;
    for (const auto &r : prices)
        if (r.is_object() && r.contains("observations") && r["observations"].is_array())
            observations += r["observations"].size();
    return parts.size() + measurements.size() + openModels.size() + frontierModels.size() + updates.size() + observations;
}

const UserImport *UserLayer::find(const std::string &id) const
{
    for (const auto &i : imports)
        if (i.id == id)
            return &i;
    return nullptr;
}

UserLayer parseUserLayer(const std::string &text, const std::string &file)
{
    const json j = parseJsonText(text, file);
    JsonObject top(j, file, "");
    if (top.str("format") != "frontier-forecast user data")
        top.fail("format", "expected \"frontier-forecast user data\" (is this the user data file?)");
    const double version = top.num("version", 1, 1000);
    if (version != 1)
        top.fail("version", "this program reads version 1 of the user data file");
    UserLayer l;
    schema::read(top, userLayerSchema(), l);
    const auto &arr = top.array("imports", true, kMaxImports);
    std::set<std::string> ids;
    std::size_t measurements = 0;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject o(arr[i], file, "imports[" + std::to_string(i) + "]");
        UserImport u;
        schema::read(o, userImportSchema(), u);
        // The rules across fields and rows (the table's kind is checked here, with the message it always had).
        if (u.id.empty() || !ids.insert(u.id).second)
            o.fail(o.field("id"), "expected a non-empty id used by one import only");
        u.kind = o.str("kind");
        if (u.kind != "llama-bench" && u.kind != "index" && u.kind != "model" && u.kind != "prices" && u.kind != "part")
            o.fail(o.field("kind"), "expected \"llama-bench\", \"index\", \"model\", \"prices\" or \"part\"");
        if (!parseDate(u.date))
            o.fail(o.field("date"), "expected YYYY-MM-DD");
        const auto list = [&](const char *key, json &out, std::size_t cap) {
            if (!o.has(key)) {
                o.optStr(key);
                return;
            }
            out = o.array(key, true, cap);
        };
        list("parts", u.parts, kMaxParts);
        list("measurements", u.measurements, kMaxLayerRows);
        list("open_models", u.openModels, kMaxLayerModels);
        list("frontier_models", u.frontierModels, kMaxLayerModels);
        list("prices", u.prices, kMaxParts);
        measurements += u.measurements.size();
        if (measurements > kMaxLayerRows)
            o.fail(o.field("measurements"), "the layer's imports hold " + std::to_string(measurements) + " measurement rows together, more than the " +
                                                std::to_string(kMaxLayerRows) + " a layer may have; remove an import first");
        if (o.has("updates")) {
            const auto &ups = o.array("updates", true, kMaxLayerModels);
            for (std::size_t k = 0; k < ups.size(); ++k) {
                JsonObject x(ups[k], file, o.field("updates") + "[" + std::to_string(k) + "]");
                ModelUpdate m;
                schema::read(x, modelUpdateSchema(), m);
                const std::string cat = x.str("catalog");
                if (cat != "open" && cat != "frontier")
                    x.fail(x.field("catalog"), "expected \"open\" or \"frontier\"");
                m.frontier = cat == "frontier";
                if (x.has("released")) {
                    x.date("released");
                    m.released = x.str("released");
                }
                if (m.source.empty())
                    x.fail(x.field("source"), "every update needs a source");
                if (!m.quality && !m.released)
                    x.fail(x.field("quality"), "an update changes a score or a release date");
                u.updates.push_back(std::move(m));
            }
        } else {
            o.optStr("updates");
        }
        l.imports.push_back(std::move(u));
    }
    return l;
}

UserLayer loadUserLayer(const std::string &dataHome)
{
    const std::string path = userLayerPath(dataHome);
    if (dataHome.empty() || !fileExists(path))
        return {};
    return parseUserLayer(readFileCapped(path, kMaxUserLayerBytes), path);
}

std::string userLayerText(const UserLayer &layer)
{
    // Compact: each row on one line (the rows are what grows), the frame indented for a reader.
    using oj = nlohmann::ordered_json;
    const auto str = [](const std::string &x) { return oj(x).dump(); };
    std::string out;
    out += "{\n \"format\": \"frontier-forecast user data\",\n \"version\": 1,\n";
    out += " \"description\": " +
           str("Rows imported by the user, applied on top of the shipped data/ (never written into it). "
               "Written by frontier-forecast; Help > Data Sources lists every row's origin.") +
           ",\n";
    out += std::string(" \"use_shipped_only\": ") + (layer.useShippedOnly ? "true" : "false") + ",\n";
    out += " \"imports\": [";
    for (std::size_t n = 0; n < layer.imports.size(); ++n) {
        const UserImport &u = layer.imports[n];
        out += n ? ",\n  {" : "\n  {";
        out += "\"id\": " + str(u.id) + ", \"kind\": " + str(u.kind) + ", \"file\": " + str(u.file) + ", \"date\": " + str(u.date);
        const auto rows = [&](const char *key, const json &arr) {
            if (arr.empty())
                return;
            out += std::string(",\n   \"") + key + "\": [";
            for (std::size_t k = 0; k < arr.size(); ++k)
                out += (k ? ",\n    " : "\n    ") + arr[k].dump();
            out += "\n   ]";
        };
        rows("parts", u.parts);
        rows("measurements", u.measurements);
        rows("open_models", u.openModels);
        rows("frontier_models", u.frontierModels);
        rows("prices", u.prices);
        if (!u.updates.empty()) {
            out += ",\n   \"updates\": [";
            for (std::size_t k = 0; k < u.updates.size(); ++k) {
                const auto &m = u.updates[k];
                oj x;
                x["name"] = m.name;
                x["catalog"] = m.frontier ? "frontier" : "open";
                if (m.quality)
                    x["quality"] = *m.quality;
                if (m.previousQuality)
                    x["previous_quality"] = *m.previousQuality;
                if (m.released)
                    x["released"] = *m.released;
                if (!m.previousReleased.empty())
                    x["previous_released"] = m.previousReleased;
                x["source"] = m.source;
                out += (k ? ",\n    " : "\n    ") + x.dump();
            }
            out += "\n   ]";
        }
        out += "}";
    }
    out += layer.imports.empty() ? "]\n}\n" : "\n ]\n}\n";
    return out;
}

std::string checkedUserLayerText(const UserLayer &layer, const std::string &file)
{
    std::string text;
    try {
        text = userLayerText(layer);
    } catch (const nlohmann::json::exception &) {
        throw DataError(file, "", "the imported rows hold text that is not UTF-8; nothing was written");
    }
    if (text.size() > kMaxUserLayerBytes)
        throw DataError(file, "", "with this import the file would be " + humanBytes(text.size()) + ", more than the " +
                                      humanBytes(kMaxUserLayerBytes) + " the program reads back; nothing was written (remove an older import first)");
    try {
        parseUserLayer(text, file);
    } catch (const DataError &e) {
        throw DataError(file, e.field(), std::string("the program could not read this layer back, so it was not written: ") + e.what());
    }
    return text;
}

UserLayer withImport(const UserLayer &layer, UserImport import)
{
    UserLayer l = layer;
    // The id and the file name come from what the user gave: no control characters, valid UTF-8.
    import.file = layerSafeText(import.file);
    const std::string base = baseName(import.file) + " " + import.date;
    import.id = base;
    for (int n = 2; l.find(import.id); ++n)
        import.id = base + " #" + std::to_string(n);
    l.imports.push_back(std::move(import));
    return l;
}

UserLayer withoutImport(const UserLayer &layer, const std::string &id)
{
    UserLayer l = layer;
    l.imports.erase(std::remove_if(l.imports.begin(), l.imports.end(), [&](const UserImport &u) { return u.id == id; }),
                    l.imports.end());
    return l;
}

UserLayer withShippedOnly(const UserLayer &layer, bool on)
{
    UserLayer l = layer;
    l.useShippedOnly = on;
    return l;
}

namespace {

// One import being applied to the data: where its rows go and how its messages and origins read.
struct ImportTarget {
    DataSet &d;
    const UserImport &u;
    const std::string &layerFile;
    std::string where;  // "imports[i]"
    std::string origin; // "imported from FILE on DATE"
};

// Its family's id among the data's families (a new family gets the next one).
int familyIdIn(const DataSet &d, const std::string &family)
{
    if (family.empty())
        return -1;
    int id = -1, next = 0;
    for (const auto &q : d.parts) {
        if (q.family == family && q.familyId >= 0)
            id = q.familyId;
        next = std::max(next, q.familyId + 1);
    }
    return id < 0 ? next : id;
}

// Parts: measured devices, or from `import part` a part that is sold, each with its price path.
void addImportedParts(const ImportTarget &t)
{
    DataSet tmp;
    try {
        if (!t.u.parts.empty())
            parseHardware(json{{"parts", t.u.parts}}, t.layerFile, tmp);
    } catch (const DataError &e) {
        rethrowIn(e, t.layerFile, t.where);
    }
    for (std::size_t k = 0; k < tmp.parts.size(); ++k) {
        if (t.d.part(tmp.parts[k].name))
            throw DataError(t.layerFile, t.where + ".parts[" + std::to_string(k) + "].name",
                            "\"" + tmp.parts[k].name + "\" is already a part of the data");
        HardwarePart &p = tmp.parts[k];
        const std::string at = t.where + ".parts[" + std::to_string(k) + "]";
        if (t.u.kind == "part") {
            // import part: a part that is sold (the market offers it from its release at its price).
            if (p.measuredOnly || !p.priceUsd)
                throw DataError(t.layerFile, at + (p.measuredOnly ? ".measured_device_only" : ".launch_price_usd"),
                                "an imported part is one that is sold: measured_device_only false and a launch price");
            if (t.d.parts.size() >= kMaxParts)
                throw DataError(t.layerFile, at + ".name", "the data would hold more than " + std::to_string(kMaxParts) + " parts");
        } else if (!p.measuredOnly || p.priceUsd) {
            throw DataError(t.layerFile, at + ".measured_device_only",
                            "an imported device is a measured device only (true, no launch price): parts that are sold come from `import part`");
        }
        p.origin = t.origin;
        p.familyId = familyIdIn(t.d, p.family);
        t.d.parts.push_back(p);
        // A sold part's price path starts at its launch price; a measured device has none.
        PriceSeries s;
        s.name = p.name;
        if (p.priceUsd) {
            s.obs.push_back({p.released, *p.priceUsd, PriceKind::Launch, p.source, t.origin});
            s.finish();
        }
        t.d.prices.parts.push_back(std::move(s));
    }
}

void addImportedPrices(const ImportTarget &t)
{
    if (t.u.prices.empty())
        return;
    if (t.u.kind != "prices" && t.u.kind != "part")
        throw DataError(t.layerFile, t.where + ".prices", "only an import of prices or of a part carries prices");
    try {
        addPriceRows(t.u.prices, t.layerFile, "prices", t.origin, t.d);
    } catch (const DataError &e) {
        rethrowIn(e, t.layerFile, t.where);
    }
}

void addImportedMeasurements(const ImportTarget &t)
{
    DataSet tmp;
    const json &rows = t.u.measurements;
    // measurements.json's parser takes JsonObject::kMaxArrayItems rows at a time: an import may hold more.
    for (std::size_t from = 0; from < rows.size(); from += JsonObject::kMaxArrayItems) {
        const std::size_t to = std::min(rows.size(), from + JsonObject::kMaxArrayItems);
        try {
            parseMeasurements(json{{"measurements", json(rows.begin() + static_cast<std::ptrdiff_t>(from), rows.begin() + static_cast<std::ptrdiff_t>(to))}},
                              t.layerFile, tmp);
        } catch (const DataError &e) {
            rethrowIn(e, t.layerFile, t.where, from);
        }
    }
    for (std::size_t k = 0; k < tmp.measurements.size(); ++k) {
        Measurement m = tmp.measurements[k];
        if (!t.d.part(m.hardware))
            throw DataError(t.layerFile, t.where + ".measurements[" + std::to_string(k) + "].hardware",
                            "\"" + m.hardware + "\" is not a part of the data or of this import");
        m.origin = t.origin;
        t.d.measurements.push_back(std::move(m));
    }
}

// The import's model rows through models.json's parser (the same checks).
DataSet parseImportedModels(const ImportTarget &t)
{
    DataSet models;
    // models.json's parser wants both lists non-empty: a placeholder stands in for an empty one
    // and is dropped after (it is the last entry, so the rows' positions in messages are theirs).
    const json placeholderOpen = {{"name", "(empty list placeholder)"}, {"released", "2025-01-01"}, {"params_total_b", 1}, {"params_active_b", 1}, {"source", "-"}};
    const json placeholderFrontier = {{"name", "(empty list placeholder)"}, {"released", "2025-01-01"}, {"quality", 100}, {"source", "-"}};
    json open = t.u.openModels, frontier = t.u.frontierModels;
    const bool noOpen = open.empty(), noFrontier = frontier.empty();
    if (noOpen)
        open.push_back(placeholderOpen);
    if (noFrontier)
        frontier.push_back(placeholderFrontier);
    try {
        parseModels(json{{"quality_index", {{"name", t.d.qualityIndexName}, {"source", t.d.qualityIndexSource}}}, {"open_models", open}, {"frontier_models", frontier}},
                    t.layerFile, models);
    } catch (const DataError &e) {
        rethrowIn(e, t.layerFile, t.where);
    }
    if (noOpen)
        models.openModels.pop_back();
    if (noFrontier)
        models.frontierModels.pop_back();
    return models;
}

// import model completes an open model that has no parameter counts (import index adds such rows):
// true when `m` did so.
bool completeWaitingModel(const ImportTarget &t, OpenModel &m)
{
    auto waiting = std::find_if(t.d.openModels.begin(), t.d.openModels.end(), [&](const OpenModel &x) { return x.name == m.name; });
    if (t.u.kind != "model" || waiting == t.d.openModels.end() || waiting->paramsTotalB > 0)
        return false;
    if (!m.quality)
        m.quality = waiting->quality;
    if (m.earlierScores.empty())
        m.earlierScores = waiting->earlierScores;
    if (!m.sweRebench)
        m.sweRebench = waiting->sweRebench;
    if (!m.sweBench) {
        m.sweBench = waiting->sweBench;
        m.sweBenchVendor = waiting->sweBenchVendor;
    }
    m.origin = (waiting->origin.empty() ? std::string("shipped") : waiting->origin) + "; completed by the import " +
               t.origin.substr(std::string("imported ").size());
    m.index = waiting->index;
    *waiting = std::move(m);
    return true;
}

void addImportedModels(const ImportTarget &t)
{
    if (t.u.openModels.empty() && t.u.frontierModels.empty())
        return;
    DataSet models = parseImportedModels(t);
    for (std::size_t k = 0; k < models.openModels.size(); ++k) {
        OpenModel m = models.openModels[k];
        if (completeWaitingModel(t, m))
            continue;
        if (t.d.openModel(m.name) || t.d.frontier(m.name))
            throw DataError(t.layerFile, t.where + ".open_models[" + std::to_string(k) + "].name", "\"" + m.name + "\" is already a model of the data");
        m.origin = t.origin;
        m.index = -1;
        t.d.openModels.push_back(std::move(m));
    }
    for (std::size_t k = 0; k < models.frontierModels.size(); ++k) {
        FrontierModel m = models.frontierModels[k];
        if (t.d.openModel(m.name) || t.d.frontier(m.name))
            throw DataError(t.layerFile, t.where + ".frontier_models[" + std::to_string(k) + "].name",
                            "\"" + m.name + "\" is already a model of the data");
        m.origin = t.origin;
        t.d.frontierModels.push_back(std::move(m));
    }
}

// Scores and dates an index import changes in the catalog.
void applyModelUpdates(const ImportTarget &t)
{
    for (std::size_t k = 0; k < t.u.updates.size(); ++k) {
        const ModelUpdate &up = t.u.updates[k];
        const std::string field = t.where + ".updates[" + std::to_string(k) + "]";
        const auto touched = [&](std::string &o) { o = (o.empty() ? std::string("shipped") : o) + "; changed by the import " + t.origin.substr(std::string("imported ").size()); };
        if (up.frontier) {
            auto it = std::find_if(t.d.frontierModels.begin(), t.d.frontierModels.end(), [&](const FrontierModel &m) { return m.name == up.name; });
            if (it == t.d.frontierModels.end())
                throw DataError(t.layerFile, field + ".name", "\"" + up.name + "\" is not a frontier model of the data");
            if (up.quality) {
                it->quality = *up.quality;
                it->scored = true;
            }
            if (up.released)
                it->released = *parseDate(*up.released);
            touched(it->origin);
        } else {
            auto it = std::find_if(t.d.openModels.begin(), t.d.openModels.end(), [&](const OpenModel &m) { return m.name == up.name; });
            if (it == t.d.openModels.end())
                throw DataError(t.layerFile, field + ".name", "\"" + up.name + "\" is not an open model of the data");
            if (up.quality)
                it->quality = *up.quality;
            if (up.released)
                it->released = *parseDate(*up.released);
            touched(it->origin);
        }
    }
}

} // namespace

void applyUserLayer(DataSet &d, const UserLayer &layer, const std::string &layerFile)
{
    if (layer.useShippedOnly)
        return;
    for (std::size_t i = 0; i < layer.imports.size(); ++i) {
        const UserImport &u = layer.imports[i];
        // Each kind of row goes through the shipped file's own parser (the same checks), then is appended.
        const ImportTarget t{d, u, layerFile, "imports[" + std::to_string(i) + "]", u.origin()};
        addImportedParts(t);
        addImportedPrices(t);
        addImportedMeasurements(t);
        addImportedModels(t);
        applyModelUpdates(t);
    }
    try {
        validateDataSet(d);
    } catch (const DataError &e) {
        throw DataError(layerFile, "imports", std::string("with the imports applied: ") + e.what());
    }
}

bool hasImportedMeasurements(const DataSet &d)
{
    return std::any_of(d.measurements.begin(), d.measurements.end(), [](const Measurement &m) { return !m.origin.empty(); });
}

std::string calibrationCacheKey(const std::string &shippedDir, const std::string &layerText)
{
    std::uint64_t h = 1469598103934665603ull;
    const auto mix = [&](const std::string &s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ull;
        }
        h ^= 0xff; // a separator: "ab"+"c" and "a"+"bc" differ
        h *= 1099511628211ull;
    };
    mix("frontier-forecast calibration cache 1");
    std::vector<std::string> names;
    if (DIR *dir = ::opendir(shippedDir.c_str())) {
        while (const dirent *e = ::readdir(dir)) {
            const std::string n = e->d_name;
            if (n.size() > 5 && n.compare(n.size() - 5, 5, ".json") == 0)
                names.push_back(n);
        }
        ::closedir(dir);
    }
    std::sort(names.begin(), names.end());
    for (const auto &n : names) {
        mix(n);
        try {
            mix(readFileCapped(shippedDir + "/" + n, 64u << 20));
        } catch (const DataError &) {
            mix("(unreadable)");
        }
    }
    mix(layerText);
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

Calibration calibrationFor(const DataSet &d, const CalibrationCache *cache, const std::string &key)
{
    Calibration shipped = loadCalibration(d.directory);
    if (!hasImportedMeasurements(d))
        return shipped;
    const bool useCache = cache && !key.empty();
    if (useCache && cache->read) {
        try {
            if (const auto text = cache->read()) {
                const json j = parseJsonText(*text, kCalibrationCacheFile);
                if (j.is_object() && j.value("format", std::string()) == "frontier-forecast calibration cache" && j.value("key", std::string()) == key &&
                    j.contains("calibration")) {
                    Calibration c = parseCalibration(j.at("calibration"), kCalibrationCacheFile);
                    c.catalogChanges = shipped.catalogChanges;
                    return c;
                }
            }
        } catch (const std::exception &) {
            // Not valid (truncated, edited, another version): refitted and replaced below.
        }
    }
    const Calibration fitted = fitCalibration(d, shipped.inputs);
    // Rounded as calibration.json is, so that the cached and the fresh runs agree to the last digit.
    const std::string text = calibrationText(fitted);
    Calibration c = parseCalibration(json::parse(text), kCalibrationCacheFile);
    c.catalogChanges = shipped.catalogChanges;
    if (useCache && cache->write) {
        nlohmann::ordered_json j;
        j["format"] = "frontier-forecast calibration cache";
        j["version"] = 1;
        j["description"] = "The calibration refitted with the imported measurements, kept so that an unchanged layer is not refitted. "
                           "Safe to delete: it is rebuilt.";
        j["key"] = key;
        j["calibration"] = nlohmann::ordered_json::parse(text);
        try {
            cache->write(j.dump(1) + "\n");
        } catch (const std::exception &) {
            // A cache that cannot be written costs time, never a result.
        }
    }
    return c;
}

LayeredData layeredData(const std::string &shippedDir, const std::string &dataHome, const UserLayer &layer, const CalibrationCache *cache)
{
    LayeredData r;
    r.shippedDir = shippedDir;
    r.dataHome = dataHome;
    r.layerFile = dataHome.empty() ? std::string() : userLayerPath(dataHome);
    DataSet d = loadDataSet(shippedDir);
    const std::string file = r.layerFile.empty() ? std::string(kUserDataFile) : r.layerFile;
    applyUserLayer(d, layer, file);
    Calibration cal;
    try {
        std::string key;
        if (cache && hasImportedMeasurements(d)) {
            try {
                key = calibrationCacheKey(shippedDir, userLayerText(layer));
            } catch (const std::exception &) {
                key.clear(); // text that cannot be written: no cache
            }
        }
        cal = calibrationFor(d, cache, key);
    } catch (const DataError &e) {
        throw DataError(file, "imports", std::string("the calibration cannot be refitted with the imports: ") + e.what());
    }
    try {
        r.engine = std::make_shared<const Engine>(std::move(d), std::move(cal));
    } catch (const DataError &) {
        throw;
    } catch (const std::exception &e) {
        throw DataError(file, "imports", std::string("the forecast cannot be made with the imports: ") + e.what());
    }
    r.layer = layer;
    r.layerApplied = !layer.useShippedOnly && !layer.imports.empty();
    return r;
}

LayeredData loadLayeredData(const std::string &shippedDir, const std::string &dataHome, const CalibrationCache *cache)
{
    try {
        const UserLayer layer = loadUserLayer(dataHome);
        return layeredData(shippedDir, dataHome, layer, cache);
    } catch (const DataError &e) {
        // Only the layer is refused: the shipped data must still load (a broken shipped directory throws here).
        LayeredData r = layeredData(shippedDir, std::string(), UserLayer{});
        r.dataHome = dataHome;
        r.layerFile = userLayerPath(dataHome);
        r.layerError = e.what();
        return r;
    }
}

std::vector<OriginRow> originRows(const DataSet &d, const UserLayer &layer)
{
    // "from FILE on DATE": in an added row's origin and in a changed row's (the longest match wins: " #2").
    std::map<std::string, std::string> idOf;
    for (const auto &u : layer.imports)
        idOf[u.origin().substr(std::string("imported ").size())] = u.id;
    const auto idFor = [&](const std::string &origin) {
        std::string best, id;
        for (const auto &[o, i] : idOf)
            if (!origin.empty() && origin.find(o) != std::string::npos && o.size() > best.size()) {
                best = o;
                id = i;
            }
        return id;
    };
    std::vector<OriginRow> rows;
    const auto add = [&](const char *kind, const std::string &name, const std::string &origin) {
        rows.push_back({kind, name, origin.empty() ? "shipped" : origin, idFor(origin)});
    };
    for (const auto &p : d.parts)
        add("part", p.name, p.origin);
    for (const auto &m : d.openModels)
        add("open model", m.name, m.origin);
    for (const auto &m : d.frontierModels)
        add("frontier model", m.name, m.origin);
    // Imported prices (the shipped ones are prices.json's, listed there with their sources).
    for (std::size_t i = 0; i < d.prices.parts.size() && i < d.parts.size(); ++i)
        for (const auto &o : d.prices.parts[i].obs)
            if (!o.origin.empty() && !(o.kind == PriceKind::Launch && o.origin == d.parts[i].origin))
                add("price", d.parts[i].name + " " + priceKindName(o.kind) + " " + formatMonth(o.t) + " $" + std::to_string(std::llround(o.usd)), o.origin);
    for (const auto &m : d.measurements)
        add("measurement", m.hardware + " / " + m.model + (m.decode ? " decode" : " prefill") + " @" +
                               std::to_string(static_cast<long long>(m.contextDepth)),
            m.origin);
    return rows;
}

} // namespace ff

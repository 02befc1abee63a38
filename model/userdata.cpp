#include "userdata.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sys/stat.h>

#include "forecast.h"
#include "jsonread.h"
#include "timeutil.h"

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
[[noreturn]] void rethrowIn(const DataError &e, const std::string &layerFile, const std::string &prefix)
{
    const std::string w = e.what();
    const std::string head = printable(e.file()) + (e.field().empty() ? std::string() : ": " + printable(e.field())) + ": ";
    throw DataError(layerFile, prefix + (e.field().empty() ? std::string() : "." + e.field()),
                    w.compare(0, head.size(), head) == 0 ? w.substr(head.size()) : w);
}

} // namespace

std::string userLayerPath(const std::string &dataHome) { return dataHome + "/" + kUserDataFile; }

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
    return parts.size() + measurements.size() + openModels.size() + frontierModels.size() + updates.size();
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
    l.useShippedOnly = top.boolean("use_shipped_only", false);
    const auto &arr = top.array("imports", true);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject o(arr[i], file, "imports[" + std::to_string(i) + "]");
        UserImport u;
        u.id = o.str("id");
        if (u.id.empty() || !ids.insert(u.id).second)
            o.fail(o.field("id"), "expected a non-empty id used by one import only");
        u.kind = o.str("kind");
        if (u.kind != "llama-bench" && u.kind != "index" && u.kind != "model")
            o.fail(o.field("kind"), "expected \"llama-bench\", \"index\" or \"model\"");
        u.file = o.str("file");
        u.date = o.str("date");
        if (!parseDate(u.date))
            o.fail(o.field("date"), "expected YYYY-MM-DD");
        const auto list = [&](const char *key, json &out) {
            if (!o.has(key)) {
                o.optStr(key);
                return;
            }
            out = o.array(key, true);
        };
        list("parts", u.parts);
        list("measurements", u.measurements);
        list("open_models", u.openModels);
        list("frontier_models", u.frontierModels);
        if (o.has("updates")) {
            const auto &ups = o.array("updates", true);
            for (std::size_t k = 0; k < ups.size(); ++k) {
                JsonObject x(ups[k], file, o.field("updates") + "[" + std::to_string(k) + "]");
                ModelUpdate m;
                m.name = x.str("name");
                const std::string cat = x.str("catalog");
                if (cat != "open" && cat != "frontier")
                    x.fail(x.field("catalog"), "expected \"open\" or \"frontier\"");
                m.frontier = cat == "frontier";
                m.quality = x.optNum("quality", 0, 1000);
                m.previousQuality = x.optNum("previous_quality", 0, 1000);
                if (x.has("released")) {
                    x.date("released");
                    m.released = x.str("released");
                }
                m.previousReleased = x.optStr("previous_released");
                m.source = x.str("source");
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
    return parseUserLayer(readFileCapped(path, 16u << 20), path);
}

std::string userLayerText(const UserLayer &layer)
{
    nlohmann::ordered_json j;
    j["format"] = "frontier-forecast user data";
    j["version"] = 1;
    j["description"] = "Rows imported by the user, applied on top of the shipped data/ (never written into it). "
                       "Written by frontier-forecast; Help > Data Sources lists every row's origin.";
    j["use_shipped_only"] = layer.useShippedOnly;
    j["imports"] = nlohmann::ordered_json::array();
    for (const auto &u : layer.imports) {
        nlohmann::ordered_json o;
        o["id"] = u.id;
        o["kind"] = u.kind;
        o["file"] = u.file;
        o["date"] = u.date;
        if (!u.parts.empty())
            o["parts"] = u.parts;
        if (!u.measurements.empty())
            o["measurements"] = u.measurements;
        if (!u.openModels.empty())
            o["open_models"] = u.openModels;
        if (!u.frontierModels.empty())
            o["frontier_models"] = u.frontierModels;
        if (!u.updates.empty()) {
            auto ups = nlohmann::ordered_json::array();
            for (const auto &m : u.updates) {
                nlohmann::ordered_json x;
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
                ups.push_back(std::move(x));
            }
            o["updates"] = std::move(ups);
        }
        j["imports"].push_back(std::move(o));
    }
    return j.dump(1) + "\n";
}

UserLayer withImport(const UserLayer &layer, UserImport import)
{
    UserLayer l = layer;
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

void applyUserLayer(DataSet &d, const UserLayer &layer, const std::string &layerFile)
{
    if (layer.useShippedOnly)
        return;
    for (std::size_t i = 0; i < layer.imports.size(); ++i) {
        const UserImport &u = layer.imports[i];
        const std::string where = "imports[" + std::to_string(i) + "]";
        const std::string origin = u.origin();
        // Each kind of row goes through the shipped file's own parser (the same checks), then is appended.
        DataSet tmp;
        try {
            if (!u.parts.empty())
                parseHardware(json{{"parts", u.parts}}, layerFile, tmp);
        } catch (const DataError &e) {
            rethrowIn(e, layerFile, where);
        }
        for (std::size_t k = 0; k < tmp.parts.size(); ++k) {
            if (d.part(tmp.parts[k].name))
                throw DataError(layerFile, where + ".parts[" + std::to_string(k) + "].name",
                                "\"" + tmp.parts[k].name + "\" is already a part of the data");
            if (!tmp.parts[k].measuredOnly || tmp.parts[k].priceUsd)
                throw DataError(layerFile, where + ".parts[" + std::to_string(k) + "].measured_device_only",
                                "an imported device is a measured device only (true, no launch price): the market is the shipped catalog's");
            tmp.parts[k].origin = origin;
            tmp.parts[k].familyId = -1;
            d.parts.push_back(tmp.parts[k]);
            d.prices.parts.emplace_back(); // no price path: imported devices are measured, not offered for sale
        }
        try {
            if (!u.measurements.empty())
                parseMeasurements(json{{"measurements", u.measurements}}, layerFile, tmp);
        } catch (const DataError &e) {
            rethrowIn(e, layerFile, where);
        }
        for (std::size_t k = 0; k < tmp.measurements.size(); ++k) {
            Measurement m = tmp.measurements[k];
            if (!d.part(m.hardware))
                throw DataError(layerFile, where + ".measurements[" + std::to_string(k) + "].hardware",
                                "\"" + m.hardware + "\" is not a part of the data or of this import");
            m.origin = origin;
            d.measurements.push_back(std::move(m));
        }
        if (!u.openModels.empty() || !u.frontierModels.empty()) {
            DataSet models;
            // models.json's parser wants both lists non-empty: a placeholder stands in for an empty one
            // and is dropped after (it is the last entry, so the rows' positions in messages are theirs).
            const json placeholderOpen = {{"name", "(empty list placeholder)"}, {"released", "2025-01-01"}, {"params_total_b", 1}, {"params_active_b", 1}, {"source", "-"}};
            const json placeholderFrontier = {{"name", "(empty list placeholder)"}, {"released", "2025-01-01"}, {"quality", 100}, {"source", "-"}};
            json open = u.openModels, frontier = u.frontierModels;
            const bool noOpen = open.empty(), noFrontier = frontier.empty();
            if (noOpen)
                open.push_back(placeholderOpen);
            if (noFrontier)
                frontier.push_back(placeholderFrontier);
            try {
                parseModels(json{{"quality_index", {{"name", d.qualityIndexName}, {"source", d.qualityIndexSource}}},
                                 {"open_models", open},
                                 {"frontier_models", frontier}},
                            layerFile, models);
            } catch (const DataError &e) {
                rethrowIn(e, layerFile, where);
            }
            if (noOpen)
                models.openModels.pop_back();
            if (noFrontier)
                models.frontierModels.pop_back();
            for (std::size_t k = 0; k < models.openModels.size(); ++k) {
                OpenModel m = models.openModels[k];
                if (d.openModel(m.name) || d.frontier(m.name))
                    throw DataError(layerFile, where + ".open_models[" + std::to_string(k) + "].name",
                                    "\"" + m.name + "\" is already a model of the data");
                m.origin = origin;
                m.index = -1;
                d.openModels.push_back(std::move(m));
            }
            for (std::size_t k = 0; k < models.frontierModels.size(); ++k) {
                FrontierModel m = models.frontierModels[k];
                if (d.openModel(m.name) || d.frontier(m.name))
                    throw DataError(layerFile, where + ".frontier_models[" + std::to_string(k) + "].name",
                                    "\"" + m.name + "\" is already a model of the data");
                m.origin = origin;
                d.frontierModels.push_back(std::move(m));
            }
        }
        for (std::size_t k = 0; k < u.updates.size(); ++k) {
            const ModelUpdate &up = u.updates[k];
            const std::string field = where + ".updates[" + std::to_string(k) + "]";
            const auto touched = [&](std::string &o) { o = (o.empty() ? std::string("shipped") : o) + "; changed by the import " + origin.substr(std::string("imported ").size()); };
            if (up.frontier) {
                auto it = std::find_if(d.frontierModels.begin(), d.frontierModels.end(), [&](const FrontierModel &m) { return m.name == up.name; });
                if (it == d.frontierModels.end())
                    throw DataError(layerFile, field + ".name", "\"" + up.name + "\" is not a frontier model of the data");
                if (up.quality) {
                    it->quality = *up.quality;
                    it->scored = true;
                }
                if (up.released)
                    it->released = *parseDate(*up.released);
                touched(it->origin);
            } else {
                auto it = std::find_if(d.openModels.begin(), d.openModels.end(), [&](const OpenModel &m) { return m.name == up.name; });
                if (it == d.openModels.end())
                    throw DataError(layerFile, field + ".name", "\"" + up.name + "\" is not an open model of the data");
                if (up.quality)
                    it->quality = *up.quality;
                if (up.released)
                    it->released = *parseDate(*up.released);
                touched(it->origin);
            }
        }
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

Calibration calibrationFor(const DataSet &d)
{
    Calibration shipped = loadCalibration(d.directory);
    if (!hasImportedMeasurements(d))
        return shipped;
    return fitCalibration(d, shipped.inputs);
}

LayeredData layeredData(const std::string &shippedDir, const std::string &dataHome, const UserLayer &layer)
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
        cal = calibrationFor(d);
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

LayeredData loadLayeredData(const std::string &shippedDir, const std::string &dataHome)
{
    try {
        const UserLayer layer = loadUserLayer(dataHome);
        return layeredData(shippedDir, dataHome, layer);
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
    for (const auto &m : d.measurements)
        add("measurement", m.hardware + " / " + m.model + (m.decode ? " decode" : " prefill") + " @" +
                               std::to_string(static_cast<long long>(m.contextDepth)),
            m.origin);
    return rows;
}

} // namespace ff

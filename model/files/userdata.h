#pragma once
// The user data layer: rows imported by the user (llama-bench runs, Capabilities Index exports,
// model configs, dated prices, buyable parts)
// kept in one JSON file in a user data folder chosen by the caller (the window: the platform's
// app data folder; the command line: --data-home DIR), applied on top of the shipped data/ and
// never written into it. Every row keeps its origin. model/ only makes and reads the file's text;
// the caller writes it atomically (io/outputfile.h).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "physics/calibration.h"
#include "data/dataset.h"
#include "data/schema.h"

namespace ff {

class Engine;

// The file in the data home that holds the layer.
constexpr const char *kUserDataFile = "user-data.json";
std::string userLayerPath(const std::string &dataHome);

// The layer's bounds: one set, used by the reader (parseUserLayer, loadUserLayer, applyUserLayer)
// and by the writer (checkedUserLayerText refuses a layer beyond them before it is written), so
// the program never writes a layer it would refuse to read. Sized for tens of thousands of rows:
// a compact measurement row is ~0.6 KB, 50,000 of them ~30 MB.
constexpr std::size_t kMaxUserLayerBytes = 64u << 20;  // the layer file
constexpr std::size_t kMaxImportFileBytes = 64u << 20; // a file to import
constexpr std::size_t kMaxLayerRows = 50000;           // rows of one kind, in one import and in the whole layer
constexpr std::size_t kMaxLayerModels = 5000;          // new models or updates of one kind in one import (models.json's parser takes 10,000)
constexpr std::size_t kMaxImports = 1000;              // imports in the layer
constexpr std::size_t kMaxLayerText = 4096;            // characters of one text field the importers write

// Model scores or dates an index import changes in the catalog.
struct ModelUpdate {
    std::string name;
    bool frontier = false;            // frontier_models (else open_models)
    std::optional<double> quality;    // new score (absent: unchanged)
    std::optional<double> previousQuality;
    std::optional<std::string> released; // new release date YYYY-MM-DD (absent: unchanged)
    std::string previousReleased;
    std::string source;               // the index row it comes from
};

// One import: what it adds, where it came from and when.
struct UserImport {
    std::string id;      // unique in the layer
    std::string kind;    // "llama-bench", "index", "model", "prices" or "part"
    std::string file;    // the imported file as the user named it
    std::string date;    // YYYY-MM-DD of the import
    nlohmann::json parts = nlohmann::json::array();         // hardware.json "parts" rows (new devices)
    nlohmann::json measurements = nlohmann::json::array();  // measurements.json rows
    nlohmann::json openModels = nlohmann::json::array();    // models.json open_models rows (new models)
    nlohmann::json frontierModels = nlohmann::json::array(); // models.json frontier_models rows
    // prices.json "parts" rows ({"part", "observations", optional "new_supply_ended"}): dated prices of
    // parts of the data (import prices), or a new part's supply end (import part). Only an import of
    // kind "part" adds parts that are sold (a launch price, not measured_device_only).
    nlohmann::json prices = nlohmann::json::array();
    std::vector<ModelUpdate> updates;
    // "imported from FILE on DATE" (FILE without its folder).
    std::string origin() const;
    std::size_t rowCount() const;
};

struct UserLayer {
    bool useShippedOnly = false; // keep the imports but show the shipped data alone
    std::vector<UserImport> imports;
    bool empty() const { return imports.empty(); }
    const UserImport *find(const std::string &id) const;
};

// Parses the layer's text. Throws DataError naming `file` and the field (imports[2].measurements[0].tokens_per_s).
UserLayer parseUserLayer(const std::string &text, const std::string &file);
// The layer in `dataHome` (no file: an empty layer). Throws DataError.
UserLayer loadUserLayer(const std::string &dataHome);
// The file's text for a layer (what the caller writes atomically): one row per line.
std::string userLayerText(const UserLayer &layer);
// The text, checked by the reader that will load it (size, characters, fields, bounds): throws
// DataError naming `file` with the reason when the layer could not be read back.
std::string checkedUserLayerText(const UserLayer &layer, const std::string &file);

// Text safe to store in the layer: valid UTF-8 (a stray byte becomes '?') without control characters
// (each becomes '?'). Ids and file names built from what the user gave go through it.
std::string layerSafeText(const std::string &s);
bool isUtf8(const std::string &s);
// The length of the UTF-8 sequence that starts at s[i] (1-4), or 0 when no valid sequence starts there.
std::size_t utf8SequenceAt(const std::string &s, std::size_t i);

// Copies of a layer with one change (each is one undoable step in the window).
UserLayer withImport(const UserLayer &layer, UserImport import);
UserLayer withoutImport(const UserLayer &layer, const std::string &id);
UserLayer withShippedOnly(const UserLayer &layer, bool on);

// Applies the layer's imports, in order, to data loaded from the shipped directory (unless
// useShippedOnly). Parts, measurements and new models are appended (the shipped rows keep their
// positions), updates change scores and dates, each touched row's `origin` says which import.
// Throws DataError naming `layerFile` and the import's field when a row is bad or clashes with the data.
void applyUserLayer(DataSet &d, const UserLayer &layer, const std::string &layerFile);

// Where a refitted calibration is kept between runs (the caller's file in the data home, written
// atomically): read gives the file's text (nullopt: none), write replaces it. Either may be empty.
struct CalibrationCache {
    std::function<std::optional<std::string>()> read;
    std::function<void(const std::string &)> write;
};
constexpr const char *kCalibrationCacheFile = "calibration-cache.json";
// The key of a fit: a hash (FNV-1a, 64 bits, hex) of every *.json file of the shipped directory
// (calibration.json among them: a changed fitter regenerates it) and of the layer's text.
std::string calibrationCacheKey(const std::string &shippedDir, const std::string &layerText);

// The calibration for data that may carry imported measurements: the shipped calibration.json
// when none are imported, otherwise refitted (fitCalibration) with them. With a cache whose file
// holds this key, the fit is read back instead of redone (a cache that is unreadable, for another
// key or not valid is ignored and replaced). A refit is always rounded as calibration.json rounds
// it, so a cached run and a fresh one give the same numbers.
Calibration calibrationFor(const DataSet &d, const CalibrationCache *cache = nullptr, const std::string &key = {});
bool hasImportedMeasurements(const DataSet &d);

// What the window and the command line start from: the shipped data with the user layer on top.
// A broken layer (bad file, a row the data refuses, a layer the forecast cannot fit) is refused:
// the shipped data loads alone and layerError says which file and field. A broken shipped
// directory throws DataError as loadDataSet does.
struct LayeredData {
    std::string shippedDir;
    std::string dataHome;   // empty: no user layer
    std::string layerFile;  // dataHome/user-data.json
    UserLayer layer;        // as read (empty when refused)
    bool layerApplied = false;
    std::string layerError; // non-empty: the layer was refused, with this message
    std::shared_ptr<const Engine> engine;
};
LayeredData loadLayeredData(const std::string &shippedDir, const std::string &dataHome, const CalibrationCache *cache = nullptr);
// The same with a layer given in memory (a preview, an undo step). Throws DataError when the
// layer cannot be applied; nothing is read from the data home (but the cache, when given).
LayeredData layeredData(const std::string &shippedDir, const std::string &dataHome, const UserLayer &layer,
                        const CalibrationCache *cache = nullptr);

// Data sources: one row per catalog row with its origin ("shipped" or "imported from ..."), for
// Help > Data sources and the command line.
struct OriginRow {
    std::string kind;   // part, open model, frontier model, measurement
    std::string name;
    std::string origin; // "shipped" or the import's origin
    std::string importId; // empty for shipped rows
};
std::vector<OriginRow> originRows(const DataSet &d, const UserLayer &layer);

// user-data.json (model/files/userdata.cpp): the file, an import and a model update of an index import.
const std::vector<schema::Field<UserLayer>> &userLayerSchema();
const std::vector<schema::Field<UserImport>> &userImportSchema();
const std::vector<schema::Field<ModelUpdate>> &modelUpdateSchema();

} // namespace ff

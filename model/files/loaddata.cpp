#include "files/loaddata.h"

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "physics/calibration.h"
#include "data/crosswalk.h"
#include "report/economics.h"
#include "data/prices.h"

namespace ff {

using nlohmann::json;

DataSet loadDataSet(const std::string &directory)
{
    DataSet d;
    d.directory = directory;
    const auto path = [&](const char *f) { return directory + "/" + f; };
    const auto load = [&](const char *f, void (*parse)(const json &, const std::string &, DataSet &)) {
        const std::string p = path(f);
        parse(readJsonFile(p), p, d);
    };
    load("hardware.json", parseHardware);
    load("models.json", parseModels);
    load("quantization.json", parseQuantization);
    load("measurements.json", parseMeasurements);
    load("trends.json", parseTrends);
    load("assumptions.json", parseAssumptions);
    load("prices.json", parsePrices);
    validateDataSet(d);
    {
        std::error_code ec;
        if (std::filesystem::exists(path("calibration.json"), ec))
            d.calibration = std::make_shared<const Calibration>(loadCalibration(directory));
        // data/economics.json (API prices, power, usage profiles) is optional: without it the
        // report and the window leave the economics out.
        if (std::filesystem::exists(path("economics.json"), ec))
            load("economics.json", parseEconomics);
        // data/crosswalk.json: derived scores for open models the index has not scored (fitted here
        // on the index-scored rows, so a stale generated section cannot feed the law).
        if (std::filesystem::exists(path("crosswalk.json"), ec)) {
            const std::string p = path("crosswalk.json");
            const CrosswalkInputs in = parseCrosswalkInputs(readJsonFile(p), p);
            Crosswalk cw;
            try {
                cw = fitCrosswalk(d, in);
            } catch (const std::runtime_error &e) {
                throw DataError(p, "inputs.rows", e.what());
            }
            if (cw.inputs.apply)
                applyCrosswalk(d, cw);
            d.crosswalk = std::make_shared<const Crosswalk>(std::move(cw));
        }
    }
    // One line per unknown field name, not one per row: "parts[*].colour (12 rows)".
    std::map<std::string, int> counts;
    std::vector<std::string> order;
    for (const auto &w : d.warnings) {
        std::string key;
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (w[i] == '[') {
                const auto close = w.find(']', i);
                key += "[*]";
                i = close == std::string::npos ? w.size() : close;
            } else {
                key += w[i];
            }
        }
        if (counts[key]++ == 0)
            order.push_back(key);
    }
    d.warnings.clear();
    for (const auto &k : order)
        d.warnings.push_back(counts[k] > 1 ? k + " (" + std::to_string(counts[k]) + " entries)" : k);
    return d;
}

} // namespace ff

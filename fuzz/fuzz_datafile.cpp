// Fuzzes every data-file parser: the first byte picks the file kind, the rest is its content.
// Anything but a DataError (or a clean parse) is a defect.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "data/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const int kind = data[0] % 6;
    const std::string text(reinterpret_cast<const char *>(data + 1), size - 1);
    nlohmann::json j;
    try {
        j = ff::parseJsonText(text, "fuzz.json"); // as the loader reads: depth and duplicate keys checked
    } catch (const ff::DataError &) {
        return 0;
    }
    ff::DataSet d;
    try {
        switch (kind) {
        case 0: ff::parseHardware(j, "hardware.json", d); break;
        case 1: ff::parseModels(j, "models.json", d); break;
        case 2: ff::parseQuantization(j, "quantization.json", d); break;
        case 3: ff::parseMeasurements(j, "measurements.json", d); break;
        case 4: ff::parseTrends(j, "trends.json", d); break;
        default: ff::parseAssumptions(j, "assumptions.json", d); break;
        }
        ff::validateDataSet(d);
    } catch (const ff::DataError &) {
    }
    return 0;
}

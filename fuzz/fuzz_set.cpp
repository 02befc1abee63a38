// Fuzzes the --set NAME=VALUE parser: std::invalid_argument or a valid, in-range value.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "data/assumptions.h"
#include "files/loaddata.h"

static const ff::DataSet &data()
{
    static const ff::DataSet d = ff::loadDataSet(FF_SOURCE_DATA_DIR);
    return d;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *bytes, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(bytes), size);
    ff::Scenario s;
    try {
        ff::applySetting(data(), s, text);
    } catch (const std::invalid_argument &) {
        return 0;
    }
    for (const auto &[name, value] : s.values) {
        const ff::AssumptionDef *a = data().assumption(name);
        if (!a || !std::isfinite(value) || value < a->min || value > a->max)
            std::abort(); // accepted something outside its allowed range
    }
    return 0;
}

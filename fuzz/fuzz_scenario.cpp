// Fuzzes the scenario loader: any bytes must give a Scenario or a DataError, nothing else.
// A loaded scenario must also survive a full recompute without non-finite output.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "data/assumptions.h"
#include "solver/forecast.h"
#include "files/loaddata.h"

static const ff::Engine &engine()
{
    static const ff::Engine e(ff::loadDataSet(FF_SOURCE_DATA_DIR));
    return e;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    ff::Scenario s;
    try {
        s = ff::scenarioFromJson(engine().data(), text, "fuzz.json");
    } catch (const ff::DataError &) {
        return 0;
    }
    try {
        const ff::Result r = engine().compute(s);
        if (r.task.reached && !std::isfinite(r.task.year))
            std::abort();
    } catch (const std::invalid_argument &) {
        // e.g. a target released after as_of: a clear error, not a crash
    } catch (const std::runtime_error &) {
        // e.g. an as_of so early that too few models were released to fit the quality law
    }
    return 0;
}

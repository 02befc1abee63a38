#pragma once
// A data directory read whole: every file of the catalogs, then the files fitted or derived from them
// (calibration.json, economics.json, crosswalk.json), which the layers above dataset.h define. Kept
// apart from dataset.h, so that the records' layer does not reach up to the models that read them.
#include <string>

#include "data/dataset.h"

namespace ff {

// Loads and checks every file of a data directory. Throws DataError.
DataSet loadDataSet(const std::string &directory);

} // namespace ff

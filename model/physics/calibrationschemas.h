#pragma once
#include <vector>

#include "physics/calibration.h"
#include "data/schema.h"

namespace ff {

// calibration.json's row tables (read by calibrationio.cpp and written by it from the same tables).
// An error table keyed by a family or a source, with or without the flat rule's columns.
const std::vector<schema::Field<ErrorStats>> &errorStatsSchema(bool bySource, bool withFlatRule);
const std::vector<schema::Field<DecodeCvStats>> &decodeCvSchema();
const std::vector<schema::Field<KvGenerationFit>> &kvGenerationSchema();
const std::vector<schema::Field<DecodeFamilyFit>> &decodeFamilySchema();
const std::vector<schema::Field<PrefillGenerationFit>> &prefillGenerationSchema();
const std::vector<schema::Field<PrefillFamilyFit>> &prefillFamilySchema();
// catalog_changes.json (loadCatalogChanges): one change to a catalog row the calibration was fitted on.
const std::vector<schema::Field<CatalogChange>> &catalogChangeSchema();

} // namespace ff

#pragma once
// economics.json's declarative tables (model/data/schema.h): an API price, a part's power figures and a
// usage profile. parseEconomics reads through them; data/README.md's tables are generated from them.
#include <vector>

#include "data/schema.h"
#include "report/economics.h"

namespace ff {

// The days of a year the economics count (a profile's active days are at most these).
inline constexpr double kDaysPerYear = 365.0;

const std::vector<schema::Field<ApiPrice>> &apiPriceSchema();
const std::vector<schema::Field<PartPower>> &partPowerSchema();
const std::vector<schema::Field<UsageProfile>> &usageProfileSchema();

} // namespace ff

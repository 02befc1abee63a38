#pragma once
// claims.json's declarative tables (model/data/schema.h): a claim, and its "compute" object, whose
// fields depend on its kind (read by rules in claims.cpp; the table says which kind needs which).
#include <vector>

#include "data/schema.h"
#include "uncertainty/claims.h"

namespace ff {

const std::vector<schema::Field<Claim>> &claimSchema();
const std::vector<schema::Field<Claim>> &claimComputeSchema();

} // namespace ff

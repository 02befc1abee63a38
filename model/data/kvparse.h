#pragma once
// Reads a model's kv_architecture (data/models.json) into its KV cache cost; a bad field fails
// naming the file and the field (DataError through JsonObject::fail).
#include "data/jsonread.h"
#include "data/kvcache.h"

namespace ff {

KvCost parseKvArchitecture(const JsonObject &a);

} // namespace ff

#pragma once
// `import model CONFIG.json`: a Hugging Face config.json read into a catalog open model: total and
// active parameters counted from the shapes it gives, the KV cache from the attention layout by the
// catalog's own function (kvcache.h), and the context limit. Each figure comes with how it was
// computed, for the preview.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "files/importers.h"
#include "data/kvcache.h"
#include "data/kvsparse.h"

namespace ff {

struct ConfigFigure {
    std::string name;  // "total parameters", "active parameters", "KV cache", "context limit"
    double value = 0;
    std::string unit;
    std::string how;   // the computation in words
};

struct ConfigModel {
    std::string modelType;        // config.json model_type (the text model's, for a multimodal config)
    double totalParams = 0;       // language model, every expert (vision towers and draft/MTP layers not counted)
    // Active per token: everything but the experts a token is not routed to, embedding table
    // included (as Qwen, DeepSeek and Mistral count); and the same without the input embedding
    // table (a lookup of one row per token: as OpenAI counts gpt-oss, and what decode streams).
    double activeParams = 0;
    double activeParamsNoEmbedding = 0;
    KvArchitectureSpec kvSpec;
    KvSparseSpec kvSparse; // sparse attention's indexer keys (GLM-5's DSA); empty for the others
    KvCost kv;
    double contextLimitTokens = 0;
    std::vector<ConfigFigure> figures;
    std::vector<std::string> notes; // defaults taken, parts not counted
};

// Reads the config's shapes. Throws DataError naming `file` and the field when a needed field is
// missing or out of range, or the model_type is one the counting does not know.
ConfigModel readModelConfig(const nlohmann::json &config, const std::string &file);

struct ModelImportOptions {
    std::string name;      // the catalog name (default: the file's folder or _name_or_path)
    std::string released;  // YYYY-MM or YYYY-MM-DD (required: a config has no date)
    std::optional<double> score; // general quality index score (Epoch Capabilities Index)
    std::string source;    // where the config (and the score) can be read
    std::string today;     // YYYY-MM-DD of the import
};

// The preview of importing one config.json as a new open model (kind "model"): the figures and how
// they were computed, the open_models row it adds (models.json's own format, so the catalog's
// parser and KV function read it back), or the problems.
ImportPreview previewModelConfig(const DataSet &d, const std::string &text, const std::string &file, const ModelImportOptions &o);

} // namespace ff

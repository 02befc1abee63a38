// user-data.json's declarative tables (userdata.h): the file, an import and a model update.
#include "files/userdata.h"

namespace ff {

using schema::Need;
using schema::Type;

const std::vector<schema::Field<UserLayer>> &userLayerSchema()
{
    using L = UserLayer;
    // clang-format off
    static const std::vector<schema::Field<L>> fields = {
        {"format", Type::Text, Need::Required, std::nullopt, -1e300, 1e300, "", "\"frontier-forecast user data\": says the file is a user layer", false, {}},
        {"version", Type::Number, Need::Required, std::nullopt, 1, 1000, "", "The file's format version; this program reads 1", false, {}},
        {"description", Type::Text, Need::Optional, std::nullopt, -1e300, 1e300, "", "What the file is, for a reader (not read)", false, {}},
        {"use_shipped_only", Type::Flag, Need::Optional, &L::useShippedOnly, -1e300, 1e300, "", "Keep the imports but show the shipped data alone", false, {}},
        {"imports", Type::List, Need::Required, std::nullopt, -1e300, 1e300, "", "The imports, applied in order (at most " + schema::detail::number(kMaxImports) + "; may be empty)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<UserImport>> &userImportSchema()
{
    using U = UserImport;
    // clang-format off
    static const std::vector<schema::Field<U>> fields = {
        {"id", Type::Text, Need::Required, &U::id, -1e300, 1e300, "", "Names the import, unique in the layer and not empty (the file's name and date, then \" #2\", ... for another import of it that day)", false, {}},
        {"kind", Type::Choice, Need::Required, std::nullopt, -1e300, 1e300, "", "The command that made it: llama-bench runs, index scores, a model config, dated prices or a part that is sold", false, {"llama-bench", "index", "model", "prices", "part"}},
        {"file", Type::Text, Need::Required, &U::file, -1e300, 1e300, "", "The imported file as the user named it (its base name goes into every row's origin)", false, {}},
        {"date", Type::Text, Need::Required, &U::date, -1e300, 1e300, "", "The day of the import, YYYY-MM-DD", false, {}},
        {"parts", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "hardware.json parts rows: measured devices (measured_device_only, no launch price), or from kind part a part that is sold (a launch price); a name the data has is an error", false, {}},
        {"measurements", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "measurements.json rows, each on a part of the data or of this import (at most " + schema::detail::number(kMaxLayerRows) + " in the whole layer)", false, {}},
        {"open_models", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "models.json open_models rows: new models, or from kind model one that completes a catalog model waiting for its parameter counts", false, {}},
        {"frontier_models", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "models.json frontier_models rows: new models", false, {}},
        {"prices", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "prices.json parts rows ({\"part\", \"observations\", optional \"new_supply_ended\"}); only from kind prices or part", false, {}},
        {"updates", Type::List, Need::Optional, std::nullopt, -1e300, 1e300, "", "Scores and release dates an index import changes in the catalog (the table below)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<ModelUpdate>> &modelUpdateSchema()
{
    using M = ModelUpdate;
    // clang-format off
    static const std::vector<schema::Field<M>> fields = {
        {"name", Type::Text, Need::Required, &M::name, -1e300, 1e300, "", "The catalog model changed (an error when the catalog named has no such model)", false, {}},
        {"catalog", Type::Choice, Need::Required, std::nullopt, -1e300, 1e300, "", "Which list it is in: open_models or frontier_models", false, {"open", "frontier"}},
        {"quality", Type::Number, Need::Rule, &M::quality, 0, 1000, "ECI", "Its new score; an update has this or released", false, {}},
        {"previous_quality", Type::Number, Need::Optional, &M::previousQuality, 0, 1000, "ECI", "The score it replaced, for the reader (not applied)", false, {}},
        {"released", Type::Date, Need::Rule, std::nullopt, -1e300, 1e300, "", "Its new release date; an update has this or quality", false, {}},
        {"previous_released", Type::Text, Need::Optional, &M::previousReleased, -1e300, 1e300, "", "The release date it replaced, for the reader (not applied)", false, {}},
        {"source", Type::Text, Need::Required, &M::source, -1e300, 1e300, "", "The index row it comes from; not empty", false, {}},
    };
    // clang-format on
    return fields;
}

} // namespace ff

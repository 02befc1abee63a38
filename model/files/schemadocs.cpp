#include "files/schemadocs.h"

#include "data/assumptions.h"
#include "physics/calibrationschemas.h"
#include "report/economicsschemas.h"
#include "uncertainty/claimsschemas.h"
#include "data/schemas.h"
#include "files/userdata.h"

namespace ff {

namespace {
// The assumptions a scenario file may still name, and what becomes of them (model/data/assumptions.h).
std::string retiredMarkdown()
{
    std::string s = "| Name | Now | What changed and how it is read |\n|---|---|---|\n";
    for (const auto &r : retiredAssumptions()) {
        const std::string now = r.convert ? "`" + std::string(r.replacement) + "`" : "removed";
        s += "| `" + std::string(r.name) + "` | " + now + " | " + schema::detail::cell(r.note) + " |\n";
    }
    return s;
}
} // namespace

std::vector<SchemaDoc> schemaDocs()
{
    return {{"hardware.json", "parts", schema::markdown(hardwarePartSchema())},
            {"measurements.json", "measurements", schema::markdown(measurementSchema())},
            {"models.json", "quality_index", schema::markdown(qualityIndexSchema())},
            {"models.json", "open_models", schema::markdown(openModelSchema())},
            {"models.json", "frontier_models", schema::markdown(frontierModelSchema())},
            {"quantization.json", "(top level)", schema::markdown(quantizationSchema())},
            {"quantization.json", "levels", schema::markdown(quantLevelSchema())},
            {"crosswalk.json", "inputs", schema::markdown(crosswalkInputsSchema())},
            {"crosswalk.json", "inputs.rows", schema::markdown(crosswalkRowSchema())},
            {"economics.json", "api_prices", schema::markdown(apiPriceSchema())},
            {"economics.json", "part_power", schema::markdown(partPowerSchema())},
            {"economics.json", "profiles", schema::markdown(usageProfileSchema())},
            {"claims.json", "claims", schema::markdown(claimSchema())},
            {"claims.json", "claims[].compute", schema::markdown(claimComputeSchema())},
            {"catalog_changes.json", "changes", schema::markdown(catalogChangeSchema())},
            {"user-data.json", "(top level)", schema::markdown(userLayerSchema())},
            {"user-data.json", "imports", schema::markdown(userImportSchema())},
            {"user-data.json", "imports[].updates", schema::markdown(modelUpdateSchema())},
            {"assumptions.json", "assumptions", schema::markdown(assumptionSchema())},
            {"assumptions.json", "settings", schema::markdown(settingsSchema())},
            {"assumptions.json", "settings.roadmap", schema::markdown(roadmapSchema())},
            {"trends.json", "trends", schema::markdown(trendSchema())},
            {"prices.json", "ram_usd_per_gb.observations", schema::markdown(ramObservationSchema())},
            {"prices.json", "parts", schema::markdown(partPricesSchema())},
            {"prices.json", "parts[].observations", schema::markdown(priceObservationSchema())},
            {"prices.json", "product_lines.lines", schema::markdown(productLineSchema())},
            {"scenario", "(top level)", schema::markdown(scenarioSchema())},
            {"scenario", "values (retired names)", retiredMarkdown()},
            {"calibration.json", "decode.errors", schema::markdown(errorStatsSchema(false, true))},
            {"calibration.json", "decode.cv_by_kind", schema::markdown(decodeCvSchema())},
            {"calibration.json", "decode.kv_efficiency_by_generation", schema::markdown(kvGenerationSchema())},
            {"calibration.json", "decode.by_family", schema::markdown(decodeFamilySchema())},
            {"calibration.json", "prefill.by_generation", schema::markdown(prefillGenerationSchema())},
            {"calibration.json", "prefill.by_family", schema::markdown(prefillFamilySchema())}};
}

std::string withSchemaTables(const std::string &readme, std::vector<std::string> &missing)
{
    std::string out = readme;
    for (const auto &d : schemaDocs()) {
        const std::string open = "<!-- schema " + d.file + " " + d.record + " -->\n";
        const std::string close = "<!-- /schema -->";
        const auto a = out.find(open);
        const auto b = a == std::string::npos ? a : out.find(close, a);
        if (b == std::string::npos) {
            missing.push_back(d.file + " " + d.record);
            continue;
        }
        out.replace(a + open.size(), b - a - open.size(), d.markdown);
    }
    return out;
}

} // namespace ff

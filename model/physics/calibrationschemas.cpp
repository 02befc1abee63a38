// calibration.json's row tables (calibrationschemas.h).
#include "physics/calibrationschemas.h"

namespace ff {

using schema::Need;
using schema::Type;

namespace {
constexpr double kCount = 1e7;   // the bound on any count the fitter writes
constexpr double kPercent = 1e6; // an error in percent (a bad prediction can be far over 100)
} // namespace

const std::vector<schema::Field<ErrorStats>> &errorStatsSchema(bool bySource, bool withFlatRule)
{
    using E = ErrorStats;
    const auto make = [](bool source, bool flat) {
        std::vector<schema::Field<E>> f = {
            schema::text(source ? "source" : "family", &E::family, source ? "The source left out (its rows predicted by a fit without them)" : "The device family"),
            schema::number("n", &E::n, 0, kCount, "rows", "Rows in the group"),
            schema::number("median_ape_pct", &E::medianApe, 0, kPercent, "%", "Median absolute error of the calibrated model"),
            schema::number("p90_ape_pct", &E::p90Ape, 0, kPercent, "%", "90th percentile absolute error of the calibrated model"),
        };
        if (flat) {
            f.push_back(schema::number("flat_rule_median_ape_pct", &E::flatMedianApe, 0, kPercent, "%", "The same for the flat rule (one bandwidth share for every device)"));
            f.push_back(schema::number("flat_rule_p90_ape_pct", &E::flatP90Ape, 0, kPercent, "%", "90th percentile for the flat rule"));
        }
        return f;
    };
    static const std::vector<schema::Field<E>> byFamily = make(false, false), byFamilyFlat = make(false, true), bySourceOnly = make(true, false),
                                               bySourceFlat = make(true, true);
    return bySource ? (withFlatRule ? bySourceFlat : bySourceOnly) : (withFlatRule ? byFamilyFlat : byFamily);
}

const std::vector<schema::Field<DecodeCvStats>> &decodeCvSchema()
{
    using D = DecodeCvStats;
    static const std::vector<schema::Field<D>> fields = {
        schema::text("group", &D::group, "The kind of system (gpu, apple, unified, cpu) or all"),
        schema::number("n", &D::n, 0, kCount, "rows", "Decode rows of the group"),
        schema::number("median_ape_pct", &D::medianApe, 0, kPercent, "%", "Median absolute error in sample"),
        schema::number("p90_ape_pct", &D::p90Ape, 0, kPercent, "%", "90th percentile absolute error in sample"),
        schema::number("family_out_median_ape_pct", &D::familyOutMedianApe, 0, kPercent, "%", "Median error with each row's device family left out of the fit"),
        schema::number("family_out_p90_ape_pct", &D::familyOutP90Ape, 0, kPercent, "%", "90th percentile, family left out"),
        schema::number("source_out_median_ape_pct", &D::sourceOutMedianApe, 0, kPercent, "%", "Median error with each row's source left out of the fit"),
        schema::number("source_out_p90_ape_pct", &D::sourceOutP90Ape, 0, kPercent, "%", "90th percentile, source left out"),
    };
    return fields;
}

const std::vector<schema::Field<KvGenerationFit>> &kvGenerationSchema()
{
    using K = KvGenerationFit;
    static const std::vector<schema::Field<K>> fields = {
        schema::text("generation", &K::generation, "The llama.cpp software generation (calibration inputs' software_generations)"),
        schema::number("n", &K::n, 0, kCount, "rows", "Decode rows of that generation fitted"),
        schema::number("efficiency", &K::efficiency, 0, 1, "share", "Achieved share of peak bandwidth reading the KV cache"),
    };
    return fields;
}

const std::vector<schema::Field<DecodeFamilyFit>> &decodeFamilySchema()
{
    using F = DecodeFamilyFit;
    static const std::vector<schema::Field<F>> fields = {
        schema::text("family", &F::family, "The hardware family (hardware.json arch_family, or other_devices')"),
        schema::text("kind", &F::kind, "Its kind of system (gpu, apple, unified)"),
        schema::number("n", &F::n, 1, kCount, "rows", "Decode runs of that family (one: it is fitted on its own)"),
        schema::number("fixed_seconds_per_token", &F::fixedSeconds, 0, 1, "s",
                       "Fixed time per token of the family's parts: the run's time less the shared terms' prediction"),
    };
    return fields;
}

const std::vector<schema::Field<PrefillGenerationFit>> &prefillGenerationSchema()
{
    using G = PrefillGenerationFit;
    static const std::vector<schema::Field<G>> fields = {
        schema::text("generation", &G::generation, "The prefill era (calibration inputs' prefill_eras)"),
        schema::number("n", &G::n, 0, kCount, "rows", "Prompt rows of the era fitted"),
        schema::number("scale", &G::scale, 1e-4, 1e4, "ratio", "Prefill rate relative to the newest era (newest: 1)"),
        schema::number("attention_efficiency", &G::attentionEfficiency, 1e-4, 10, "share", "Attention FLOPs at this share of the weight-matmul rate"),
        schema::number("f16_scale", &G::f16Scale, 1e-3, 1e3, "ratio", "F16/BF16 weights relative to quantized ones in the era (1: not fitted)", schema::Need::Optional, 1),
    };
    return fields;
}

const std::vector<schema::Field<PrefillFamilyFit>> &prefillFamilySchema()
{
    using F = PrefillFamilyFit;
    static const std::vector<schema::Field<F>> fields = {
        schema::text("family", &F::family, "hardware.json arch_family"),
        schema::text("figure_kind", &F::figureKind, "hardware.json prefill_tops_kind of its parts"),
        schema::number("n", &F::n, 1, kCount, "rows", "Prompt rows fitted"),
        schema::number("parts", &F::parts, 1, kCount, "parts", "Distinct measured parts among them (the weight in other families' fallback)", schema::Need::Optional, 1),
        schema::number("efficiency", &F::efficiency, 1e-4, 10, "share", "Achieved share of the part's prefill_tops the forecast uses"),
        schema::number("median_ape_pct", &F::medianApe, 0, kPercent, "%", "Median absolute error in sample"),
        schema::number("p90_ape_pct", &F::p90Ape, 0, kPercent, "%", "90th percentile absolute error in sample"),
        schema::number("cv_fallback_efficiency", &F::cvEfficiency, 1e-4, 10, "share", "The fallback the family gets when it is left out"),
        schema::number("cv_median_ape_pct", &F::cvMedianApe, 0, kPercent, "%", "Median error of its rows predicted with that fallback"),
        schema::number("cv_p90_ape_pct", &F::cvP90Ape, 0, kPercent, "%", "90th percentile of the same"),
    };
    return fields;
}

const std::vector<schema::Field<CatalogChange>> &catalogChangeSchema()
{
    using C = CatalogChange;
    static const std::vector<schema::Field<C>> fields = {
        schema::text("round", &C::round, "The round that made the change"),
        schema::text("file", &C::file, "The data file changed"),
        schema::text("row", &C::row, "The row changed (its name)"),
        schema::text("field", &C::field, "The field changed"),
        schema::text("old", &C::oldValue, "Its value before, as text"),
        schema::text("new", &C::newValue, "Its value after, as text"),
        schema::text("source", &C::source, "Why, with a public address (not empty)"),
    };
    return fields;
}

} // namespace ff

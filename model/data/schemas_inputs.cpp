// The declarative tables of the hand-edited input files (assumptions.json, trends.json, prices.json)
// and of saved scenario files: what their readers read and what data/README.md documents.
#include "data/schemas.h"

#include "data/yardstick.h"

namespace ff {

using schema::Need;
using schema::Type;

namespace {
constexpr double kLo = -1e300, kHi = 1e300; // no range
} // namespace

const std::vector<schema::Field<AssumptionDef>> &assumptionSchema()
{
    using A = AssumptionDef;
    // clang-format off
    static const std::vector<schema::Field<A>> fields = {
        {"name", Type::Text, Need::Required, &A::name, kLo, kHi, "", "The slider's identifier (no spaces or '='), unique in the file: --set NAME=VALUE and scenario files' values name it; model/data/assumptions.cpp's paramFields binds it to what the model reads", false, {}},
        {"label", Type::Text, Need::Required, &A::label, kLo, kHi, "", "The slider's label in the window", false, {}},
        {"group", Type::Text, Need::Required, &A::group, kLo, kHi, "", "The panel group it is shown in", false, {}},
        {"unit", Type::Text, Need::Required, &A::unit, kLo, kHi, "", "The unit of value, low, high, min and max", false, {}},
        {"value", Type::Number, Need::Required, &A::value, kLo, kHi, "the unit", "The default, within [min, max]", false, {}},
        {"min", Type::Number, Need::Required, &A::min, kLo, kHi, "the unit", "What a user may set, from (not below what the model can compute with: paramFields)", false, {}},
        {"max", Type::Number, Need::Required, &A::max, kLo, kHi, "the unit", "What a user may set, to; above min (not above what the model can compute with)", false, {}},
        {"low", Type::Number, Need::Required, &A::low, kLo, kHi, "the unit", "The uncertainty range's low end (Monte Carlo, tornado): at most the default, at least min; positive for a log-normal", false, {}},
        {"high", Type::Number, Need::Required, &A::high, kLo, kHi, "the unit", "The uncertainty range's high end: at least the default, at most max", false, {}},
        {"distribution", Type::Choice, Need::Optional, std::nullopt, kLo, kHi, "", "How the Monte Carlo draws it within [low, high] (absent: uniform)", false, {"lognormal", "normal", "uniform", "triangular"}},
        {"integer", Type::Flag, Need::Optional, &A::integer, kLo, kHi, "", "Counts whole things (max_gpus must say so)", false, {}},
        {"sampled", Type::Flag, Need::Optional, &A::sampled, kLo, kHi, "", "false: a choice (the budget, a context), not an uncertainty: the Monte Carlo keeps it fixed", false, {}, 1},
        {"source", Type::Text, Need::Required, &A::source, kLo, kHi, "", "Where the default and the range come from; not empty", false, {}},
        {"range_reason", Type::Text, Need::Required, &A::rangeReason, kLo, kHi, "", "Why the uncertainty range is what it is", false, {}},
        {"description", Type::Text, Need::Optional, &A::description, kLo, kHi, "", "What the slider does, for the window's tooltip", false, {}},
        {"neutral", Type::Number, Need::Optional, &A::neutral, kLo, kHi, "the unit", "The value that switches the assumption off, within [min, max]: the headline re-solves with it to say what the answer rests on", false, {}},
        {"neutral_label", Type::Text, Need::Rule, &A::neutralLabel, kLo, kHi, "", "Required with neutral: what \"off\" means (\"an FP16 KV cache (no compression)\")", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<Settings>> &settingsSchema()
{
    using S = Settings;
    // clang-format off
    static const std::vector<schema::Field<S>> fields = {
        {"t0", Type::Number, Need::Required, &S::t0, 2000, 2100, "year", "The reference year of the model's trends", false, {}},
        {"horizon_year", Type::Number, Need::Required, &S::horizonYear, 2026, 2100, "year", "How far the solver looks for an answer", false, {}},
        {"scenario_years", Type::List, Need::Required, std::nullopt, kLo, kHi, "", "Years the report's tables answer for (numbers 2000 to 2100, at most " + schema::detail::number(kMaxSettingsList) + "; not empty)", false, {}},
        {"budgets_usd", Type::List, Need::Required, std::nullopt, kLo, kHi, "", "Budgets the report's tables answer for (USD 100 to 1,000,000, at most " + schema::detail::number(kMaxSettingsList) + "; not empty)", false, {}},
        {"quant_levels", Type::List, Need::Required, std::nullopt, kLo, kHi, "", "The quantization levels a box may run, each a level of quantization.json; not empty", false, {}},
        {"default_target", Type::Text, Need::Required, &S::defaultTarget, kLo, kHi, "", "The target when a scenario names none: a scored frontier model of models.json", false, {}},
        {"close_quality_gap", Type::Number, Need::Required, &S::closeQualityGap, 0, 100, "ECI", "How close below the bar a model counts as near it", false, {}},
        {"source", Type::Text, Need::Required, &S::source, kLo, kHi, "", "Where the settings come from", false, {}},
        {"roadmap", Type::Object, Need::Required, std::nullopt, kLo, kHi, "", "The explicit roadmap entry (the table below); its figures are the roadmap_next_* assumptions", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<Settings::Roadmap>> &roadmapSchema()
{
    using R = Settings::Roadmap;
    // clang-format off
    static const std::vector<schema::Field<R>> fields = {
        {"label", Type::Text, Need::Required, &R::label, kLo, kHi, "", "What the entry is, as the report names it (\"the next NVIDIA consumer flagship\")", false, {}},
        {"vendor", Type::Text, Need::Required, &R::vendor, kLo, kHi, "", "Whose product it is", false, {}},
        {"known_since", Type::Date, Need::Required, &R::knownSince, kLo, kHi, "", "When it became known: a back-test origin before it does not see it", false, {}},
        {"known_since_reason", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "Why that date (not read)", false, {}},
        {"source", Type::Text, Need::Required, &R::source, kLo, kHi, "", "Where the entry comes from", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<TrendFigure>> &trendSchema()
{
    using T = TrendFigure;
    // clang-format off
    static const std::vector<schema::Field<T>> fields = {
        {"id", Type::Text, Need::Required, &T::id, kLo, kHi, "", "The figure's identifier", false, {}},
        {"quantity", Type::Text, Need::Required, &T::quantity, kLo, kHi, "", "What is measured, as shown beside the sliders", false, {}},
        {"value", Type::Number, Need::Optional, &T::value, kLo, kHi, "unit", "The published figure (null: none as a number; value_text and a value_note say what there is)", false, {}},
        {"unit", Type::Text, Need::Optional, &T::unit, kLo, kHi, "", "The value's unit", false, {}},
        {"citation", Type::Text, Need::Optional, &T::citation, kLo, kHi, "", "The publication, as shown beside the sliders", false, {}},
        {"source", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "A public address for the figure (not read)", false, {}},
        {"value_text", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "The figure as published, when not one number (not read)", false, {}},
        {"interval", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "Its published confidence interval (not read)", false, {}},
        {"sample_period", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "The years its data cover (not read)", false, {}},
        {"sample", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "What its data are (not read)", false, {}},
        {"publisher", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "Who published it (not read)", false, {}},
        {"url", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "Its address (not read)", false, {}},
        {"provenance_quality", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "Primary or secondary, and why (not read)", false, {}},
    };
    // clang-format on
    return fields;
}

namespace {
const std::vector<std::string> kPriceKinds = {"launch", "street", "used"};
} // namespace

const std::vector<schema::Field<PriceObservation>> &ramObservationSchema()
{
    using O = PriceObservation;
    // clang-format off
    static const std::vector<schema::Field<O>> fields = {
        {"date", Type::Date, Need::Required, &O::t, kLo, kHi, "", "When the price was seen", false, {}},
        {"usd_per_gb", Type::Number, Need::Required, &O::usd, 0.01, 1000, "USD/GB", "Desktop DDR5 per GB (a kit's price over its size)", false, {}},
        {"kind", Type::Choice, Need::Required, std::nullopt, kLo, kHi, "", "launch: a list price; street: the cheapest new listing then; used", false, kPriceKinds},
        {"source", Type::Text, Need::Required, &O::source, kLo, kHi, "", "A public address for the price; not empty", false, {}},
        {"kit", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "The kit priced (not read)", false, {}},
        {"kit_usd", Type::Number, Need::Optional, std::nullopt, kLo, kHi, "USD", "The kit's price (not read)", false, {}},
        {"kit_gb", Type::Number, Need::Optional, std::nullopt, kLo, kHi, "GB", "The kit's size (not read)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<PriceSeries>> &partPricesSchema()
{
    using S = PriceSeries;
    // clang-format off
    static const std::vector<schema::Field<S>> fields = {
        {"part", Type::Text, Need::Required, std::nullopt, kLo, kHi, "", "A part of hardware.json with a launch_price_usd (its path starts there), once in the file", false, {}},
        {"new_supply_ended", Type::Date, Need::Optional, std::nullopt, kLo, kHi, "", "When new supply ended (from then on only sold used); not before the part's release; needs new_supply_ended_source", false, {}},
        {"new_supply_ended_source", Type::Text, Need::Rule, &S::newSupplyEndedSource, kLo, kHi, "", "Where the end of new supply comes from; required with new_supply_ended", false, {}},
        {"observations", Type::List, Need::Required, std::nullopt, kLo, kHi, "", "The dated prices (the table below; may be empty)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<PriceObservation>> &priceObservationSchema()
{
    using O = PriceObservation;
    // clang-format off
    static const std::vector<schema::Field<O>> fields = {
        {"date", Type::Date, Need::Required, &O::t, kLo, kHi, "", "When the price was seen; not before the part's release", false, {}},
        {"usd", Type::Number, Need::Required, &O::usd, 1, 1e6, "USD", "The price (of a range, the low end: the buyer's price)", false, {}},
        {"kind", Type::Choice, Need::Required, std::nullopt, kLo, kHi, "", "launch: a list price; street: the cheapest new listing then; used", false, kPriceKinds},
        {"source", Type::Text, Need::Required, &O::source, kLo, kHi, "", "A public address for the price; not empty", false, {}},
        {"range_usd", Type::List, Need::Optional, std::nullopt, kLo, kHi, "", "[low, high] where the page gives a range (usd is its low end or within it; shown in Help > Data Sources)", false, {}},
        {"condition", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "The listing's condition as the page states it (not read)", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<ProductLine>> &productLineSchema()
{
    using L = ProductLine;
    // clang-format off
    static const std::vector<schema::Field<L>> fields = {
        {"family", Type::Text, Need::Required, &L::family, kLo, kHi, "", "A family of hardware.json, once in the list", false, {}},
        {"status", Type::Choice, Need::Required, std::nullopt, kLo, kHi, "", "continues: gets trended successors; ended: only in a hindcast before its end; not_projected: never", false, {"continues", "ended", "not_projected"}},
        {"ended", Type::Date, Need::Rule, std::nullopt, kLo, kHi, "", "Required when status is ended: the month the line ended", false, {}},
        {"source", Type::Text, Need::Required, &L::source, kLo, kHi, "", "Where the status comes from; not empty", false, {}},
        {"reason", Type::Text, Need::Rule, &L::reason, kLo, kHi, "", "Required when status is not_projected: why", false, {}},
    };
    // clang-format on
    return fields;
}

const std::vector<schema::Field<Scenario>> &scenarioSchema()
{
    using S = Scenario;
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (Yardstick y : allYardsticks())
            v.push_back(yardstickName(y));
        return v;
    }();
    // clang-format off
    static const std::vector<schema::Field<S>> fields = {
        {"format", Type::Text, Need::Required, std::nullopt, kLo, kHi, "", "\"frontier-forecast-scenario\": says the file is a scenario", false, {}},
        {"version", Type::Number, Need::Required, std::nullopt, 1, kScenarioVersion, "", "The file's format version, a whole number; this program writes " + std::to_string(kScenarioVersion) + " and reads 1 too (there \"coding\" meant SWE-bench Verified: read as coding_verified, with a note)", false, {}},
        {"name", Type::Text, Need::Optional, &S::name, kLo, kHi, "", "The scenario's name (absent: Untitled)", false, {}},
        {"description", Type::Text, Need::Optional, std::nullopt, kLo, kHi, "", "What the scenario is, for a reader (not read)", false, {}},
        {"target_model", Type::Text, Need::Optional, &S::targetModel, kLo, kHi, "", "The target: a scored frontier model of models.json (absent: settings.default_target)", false, {}},
        {"as_of", Type::Date, Need::Rule, std::nullopt, kLo, kHi, "", "A hindcast's date, 2016-01 to today's month (absent: today)", false, {}},
        {"yardstick", Type::Choice, Need::Optional, std::nullopt, kLo, kHi, "", "What Sonnet-class quality is measured by (absent: general)", false, names},
        {"values", Type::Object, Need::Optional, std::nullopt, kLo, kHi, "", "{\"assumption_name\": value, ...}: what the scenario sets, each a name of assumptions.json within its [min, max] (a renamed or removed one is migrated on read, with a note; the table below)", false, {}},
        {"compare", Type::Object, Need::Optional, std::nullopt, kLo, kHi, "", "A second scenario of the same form (without a compare of its own): the window's pinned scenario", false, {}},
    };
    // clang-format on
    return fields;
}

} // namespace ff

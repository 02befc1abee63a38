#include "report/economicsschemas.h"

namespace ff {

using schema::Need;
using schema::Type;

const std::vector<schema::Field<ApiPrice>> &apiPriceSchema()
{
    using A = ApiPrice;
    static const std::vector<schema::Field<A>> fields = {
        schema::text("target", &A::target, "A frontier model of models.json (one price each)"),
        schema::number("input_usd_per_mtok", &A::inputUsdPerMtok, 0, 1e4, "USD/Mtok", "Uncached input"),
        schema::number("cache_write_usd_per_mtok", &A::cacheWriteUsdPerMtok, 0, 1e4, "USD/Mtok", "Input written to the prompt cache"),
        schema::number("cache_read_usd_per_mtok", &A::cacheReadUsdPerMtok, 0, 1e4, "USD/Mtok", "Input read from the prompt cache"),
        schema::number("output_usd_per_mtok", &A::outputUsdPerMtok, 0, 1e4, "USD/Mtok", "Output"),
        {"date", Type::Date, Need::Required, &A::date, -1e300, 1e300, "", "When the price was read", false, {}, 0},
        schema::text("source", &A::source, "The price page (not empty)"),
    };
    return fields;
}

const std::vector<schema::Field<PartPower>> &partPowerSchema()
{
    using P = PartPower;
    static const std::vector<schema::Field<P>> fields = {
        {"part", Type::Text, Need::Required, std::nullopt, -1e300, 1e300, "", "A part of hardware.json (one entry each)", false, {}, 0},
        schema::number("load_w", &P::loadW, 1, 100000, "W", "Board power (a card) or the wall maximum (a system); absent: not sourced", Need::Optional),
        schema::number("idle_w", &P::idleW, 0, 100000, "W", "Measured idle at the wall (systems; not above load_w); absent: the idle assumptions apply", Need::Optional),
        schema::text("source", &P::source, "Where the figures come from (needed beside either)", Need::Optional),
    };
    return fields;
}

const std::vector<schema::Field<UsageProfile>> &usageProfileSchema()
{
    using U = UsageProfile;
    static const std::vector<schema::Field<U>> fields = {
        schema::text("name", &U::name, "The preset's name: the file has \"chat\" then \"coding_agent\", which the usage_profile slider names"),
        schema::text("label", &U::label, "As the window shows it"),
        schema::number("input_tokens_per_day", &U::inputPerDay, 0, 1e11, "tokens", "Uncached input per active day"),
        schema::number("cache_write_tokens_per_day", &U::cacheWritePerDay, 0, 1e11, "tokens", "Input written to the prompt cache per active day"),
        schema::number("cached_input_tokens_per_day", &U::cachedInputPerDay, 0, 1e12, "tokens", "Input read from the prompt cache per active day"),
        schema::number("output_tokens_per_day", &U::outputPerDay, 0, 1e11, "tokens", "Output per active day"),
        schema::number("active_days_per_year", &U::activeDaysPerYear, 1, kDaysPerYear, "days", "Days a year the profile runs"),
        schema::text("source", &U::source, "Where the usage comes from (not empty)"),
    };
    return fields;
}

} // namespace ff

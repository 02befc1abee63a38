#include "assumptions.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "jsonread.h"
#include "timeutil.h"

namespace ff {

const std::vector<ParamField> &paramFields()
{
    static const std::vector<ParamField> fields = {
        {"compute_per_dollar_doubling_years", &Params::computePerDollarDoublingYears},
        {"bandwidth_per_dollar_doubling_years", &Params::bandwidthPerDollarDoublingYears},
        {"memory_per_dollar_doubling_years", &Params::memoryPerDollarDoublingYears},
        {"street_price_halflife_years", &Params::streetPriceHalfLifeYears},
        {"host_cost_usd", &Params::hostCostUsd},
        {"host_ram_gb", &Params::hostRamGb},
        {"host_ram_bandwidth_gbps", &Params::hostRamBandwidthGbps},
        {"max_gpus", &Params::maxGpus},
        {"tensor_parallel_efficiency", &Params::tensorParallelEfficiency},
        {"unified_usable_fraction", &Params::unifiedUsableFraction},
        {"runtime_overhead_gb", &Params::runtimeOverheadGb},
        {"roadmap_next_year", &Params::roadmapNextYear},
        {"roadmap_next_memory_gb", &Params::roadmapNextMemoryGb},
        {"roadmap_next_bandwidth_ratio", &Params::roadmapNextBandwidthRatio},
        {"roadmap_next_price_ratio", &Params::roadmapNextPriceRatio},
        {"generation_cadence_years", &Params::generationCadenceYears},
        {"density_doubling_years", &Params::densityDoublingYears},
        {"quality_offset_points", &Params::qualityOffsetPoints},
        {"distill_breakthrough_year", &Params::distillBreakthroughYear},
        {"distill_breakthrough_deff_b", &Params::distillBreakthroughDeffB},
        {"max_sparsity", &Params::maxSparsity},
        {"moe_alpha", &Params::moeAlpha},
        {"kv_compression", &Params::kvCompression},
        {"speculative_gain", &Params::speculativeGain},
        {"quant_nats_per_doubling", &Params::quantNatsPerDoubling},
        {"bandwidth_efficiency", &Params::bandwidthEfficiency},
        {"compute_efficiency", &Params::computeEfficiency},
        {"budget_usd", &Params::budgetUsd},
        {"target_tokens_per_s", &Params::targetTokensPerS},
        {"task_context_tokens", &Params::taskContextTokens},
        {"full_context_tokens", &Params::fullContextTokens},
        {"ttft_prompt_tokens", &Params::ttftPromptTokens},
        {"ttft_max_seconds", &Params::ttftMaxSeconds},
        {"target_drift_per_year", &Params::targetDriftPerYear},
        {"relaxed_tokens_per_s", &Params::relaxedTokensPerS},
    };
    return fields;
}

std::vector<double> assumptionValues(const DataSet &d, const Scenario &s)
{
    std::vector<double> v;
    v.reserve(d.assumptions.size());
    for (const auto &a : d.assumptions) {
        const auto it = s.values.find(a.name);
        v.push_back(it == s.values.end() ? a.value : it->second);
    }
    return v;
}

std::vector<int> paramIndex(const DataSet &d)
{
    std::vector<int> idx;
    for (const auto &f : paramFields()) {
        int found = -1;
        for (std::size_t i = 0; i < d.assumptions.size(); ++i)
            if (d.assumptions[i].name == f.name)
                found = static_cast<int>(i);
        if (found < 0)
            throw DataError(d.directory + "/assumptions.json", "assumptions",
                            std::string("the model needs an assumption named \"") + f.name + "\"");
        idx.push_back(found);
    }
    return idx;
}

Params resolveParams(const std::vector<int> &index, const std::vector<double> &values)
{
    Params p;
    const auto &fields = paramFields();
    for (std::size_t k = 0; k < fields.size(); ++k)
        p.*(fields[k].member) = values[static_cast<std::size_t>(index[k])];
    return p;
}

Params resolveParams(const DataSet &d, const std::vector<double> &values)
{
    Params p;
    for (const auto &f : paramFields()) {
        bool found = false;
        for (std::size_t i = 0; i < d.assumptions.size() && i < values.size(); ++i) {
            if (d.assumptions[i].name == f.name) {
                p.*(f.member) = values[i];
                found = true;
                break;
            }
        }
        if (!found)
            throw DataError(d.directory + "/assumptions.json", "assumptions",
                            std::string("the model needs an assumption named \"") + f.name + "\"");
    }
    return p;
}

namespace {
std::string fmtNum(double x)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}
} // namespace

std::string checkAssumptionValue(const AssumptionDef &a, double value)
{
    if (!std::isfinite(value))
        return a.name + ": expected a finite number";
    if (value < a.min || value > a.max)
        return a.name + ": " + fmtNum(value) + " is outside the allowed range [" + fmtNum(a.min) + ", " +
               fmtNum(a.max) + "] " + a.unit;
    if (a.integer && std::fabs(value - std::round(value)) > 1e-9)
        return a.name + ": expected a whole number";
    return {};
}

void applySetting(const DataSet &d, Scenario &s, const std::string &assignment)
{
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw std::invalid_argument("expected NAME=VALUE, got \"" + assignment + "\"");
    const std::string name = assignment.substr(0, eq);
    const std::string value = assignment.substr(eq + 1);
    if (name == "target_model") {
        const FrontierModel *fm = d.frontier(value);
        if (!fm || !fm->scored) {
            std::string names;
            for (const auto &m : d.frontierModels)
                if (m.scored)
                    names += "\n  " + m.name;
            throw std::invalid_argument("unknown target_model \"" + value + "\"; valid models:" + names);
        }
        s.targetModel = value;
        return;
    }
    if (name == "as_of") {
        const auto t = parseDate(value);
        const double newest = d.newestDate();
        if (!t || *t < 2016 || *t > newest + 1.0 / 12)
            throw std::invalid_argument("as_of: expected a date YYYY-MM between 2016-01 and " + formatMonth(newest) +
                                        " (the newest date in the data), got \"" + value + "\"");
        s.asOf = *t;
        return;
    }
    const AssumptionDef *a = d.assumption(name);
    if (!a) {
        std::string names;
        for (const auto &x : d.assumptions)
            names += "\n  " + x.name + " (" + fmtNum(x.min) + ".." + fmtNum(x.max) + " " + x.unit + ")";
        throw std::invalid_argument("unknown assumption \"" + name + "\"; valid names:" + names +
                                    "\n  target_model (a frontier model name)\n  as_of (YYYY-MM)");
    }
    std::size_t used = 0;
    double x = 0;
    try {
        x = std::stod(value, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used == 0 || used != value.size())
        throw std::invalid_argument(name + ": expected a number, got \"" + value + "\"");
    const std::string err = checkAssumptionValue(*a, x);
    if (!err.empty())
        throw std::invalid_argument(err);
    s.values[name] = x;
}

namespace {
nlohmann::ordered_json scenarioJson(const DataSet &d, const Scenario &s)
{
    nlohmann::ordered_json j;
    j["format"] = "frontier-forecast-scenario";
    j["version"] = 1;
    j["name"] = s.name;
    j["target_model"] = s.targetModel.empty() ? d.settings.defaultTarget : s.targetModel;
    if (s.asOf)
        j["as_of"] = formatMonth(*s.asOf);
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    const auto v = assumptionValues(d, s);
    for (std::size_t i = 0; i < d.assumptions.size(); ++i)
        values[d.assumptions[i].name] = v[i];
    j["values"] = values;
    return j;
}
} // namespace

std::string scenarioToJson(const DataSet &d, const Scenario &s, const Scenario *compare)
{
    nlohmann::ordered_json j = scenarioJson(d, s);
    if (compare)
        j["compare"] = scenarioJson(d, *compare);
    return j.dump(2) + "\n";
}

Scenario scenarioFromJson(const DataSet &d, const std::string &text, const std::string &file, std::optional<Scenario> *compare)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &e) {
        std::string msg = e.what();
        const auto p = msg.find("parse error");
        throw DataError(file, "", "not valid JSON: " + (p == std::string::npos ? msg : msg.substr(p)));
    }
    JsonObject o(j, file, "");
    if (o.str("format") != "frontier-forecast-scenario")
        o.fail("format", "expected \"frontier-forecast-scenario\"");
    const double version = o.num("version", 1, 1);
    (void)version;
    Scenario s;
    s.name = o.optStr("name", "Untitled");
    s.targetModel = o.optStr("target_model");
    if (!s.targetModel.empty() && (!d.frontier(s.targetModel) || !d.frontier(s.targetModel)->scored))
        o.fail("target_model", "\"" + s.targetModel + "\" is not a scored frontier model in the data");
    if (o.has("as_of")) {
        s.asOf = o.date("as_of");
        if (*s.asOf < 2016 || *s.asOf > d.newestDate() + 1.0 / 12)
            o.fail("as_of", "expected a date between 2016-01 and " + formatMonth(d.newestDate()) + " (the newest date in the data)");
    }
    if (o.has("values")) {
        JsonObject vals = o.object("values");
        for (auto it = vals.json().begin(); it != vals.json().end(); ++it) {
            const AssumptionDef *a = d.assumption(it.key());
            if (!a)
                vals.fail("values." + it.key(), "unknown assumption (valid names: see `frontier-forecast assumptions`)");
            const double x = vals.num(it.key());
            const std::string err = checkAssumptionValue(*a, x);
            if (!err.empty())
                vals.fail("values." + it.key(), err.substr(err.find(':') + 2));
            s.values[it.key()] = x;
        }
    }
    if (o.has("compare")) {
        const nlohmann::json &c = j["compare"];
        if (!c.is_object())
            o.fail("compare", "expected a scenario object (the pinned scenario)");
        if (c.contains("compare"))
            o.fail("compare.compare", "a compared scenario cannot carry a comparison of its own");
        try {
            const Scenario pinned = scenarioFromJson(d, c.dump(), file, nullptr);
            if (compare)
                *compare = pinned;
        } catch (const DataError &e) {
            // The same reason, named as a field of the outer file: compare.values.NAME.
            std::string why = e.what();
            const std::string prefix = e.file() + (e.field().empty() ? std::string() : ": " + e.field()) + ": ";
            if (why.compare(0, prefix.size(), prefix) == 0)
                why = why.substr(prefix.size());
            throw DataError(file, "compare" + (e.field().empty() ? std::string() : "." + e.field()), why);
        }
    } else if (compare) {
        compare->reset();
    }
    std::vector<std::string> ignored;
    o.warnUnknown(ignored, {"description", "values", "compare"});
    return s;
}

Scenario loadScenarioFile(const DataSet &d, const std::string &path, std::optional<Scenario> *compare)
{
    const nlohmann::json j = readJsonFile(path, 4u << 20);
    return scenarioFromJson(d, j.dump(), path, compare);
}

} // namespace ff

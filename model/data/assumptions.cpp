#include "data/assumptions.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "data/jsonread.h"
#include "data/schemas.h"
#include "core/timeutil.h"

namespace ff {

const std::vector<ParamField> &paramFields()
{
    static const std::vector<ParamField> fields = {
        {"compute_per_dollar_doubling_years", &Params::computePerDollarDoublingYears, 0.25, 1000},
        {"bandwidth_per_dollar_doubling_years", &Params::bandwidthPerDollarDoublingYears, 0.25, 1000},
        {"memory_per_dollar_doubling_years", &Params::memoryPerDollarDoublingYears, 0.25, 1000},
        {"street_price_trend_pct_per_year", &Params::streetPriceTrendPctPerYear, -90, 1000},
        {"host_base_usd", &Params::hostBaseUsd, 0, 1e+06},
        {"host_per_card_usd", &Params::hostPerCardUsd, 0, 1e+06},
        {"host_ram_gb", &Params::hostRamGb, 0, 100000},
        {"host_ram_bandwidth_gbps", &Params::hostRamBandwidthGbps, 1, 100000},
        {"max_gpus", &Params::maxGpus, 1, 16, true},
        {"tensor_parallel_efficiency", &Params::tensorParallelEfficiency, 0, 1},
        {"unified_usable_fraction", &Params::unifiedUsableFraction, 0.01, 1},
        {"runtime_overhead_gb", &Params::runtimeOverheadGb, 0, 10000},
        {"roadmap_next_year", &Params::roadmapNextYear, 2000, 2100},
        {"roadmap_next_memory_gb", &Params::roadmapNextMemoryGb, 1, 100000},
        {"roadmap_next_bandwidth_ratio", &Params::roadmapNextBandwidthRatio, 0.01, 100},
        {"roadmap_next_price_ratio", &Params::roadmapNextPriceRatio, 0.01, 100},
        {"generation_cadence_years", &Params::generationCadenceYears, 0.25, 100},
        {"density_doubling_years", &Params::densityDoublingYears, 0.1, 1000},
        {"quality_offset_points", &Params::qualityOffsetPoints, -1000, 1000},
        {"distill_breakthrough_year", &Params::distillBreakthroughYear, 2000, 2200},
        {"distill_breakthrough_deff_b", &Params::distillBreakthroughDeffB, 0.01, 1e+06},
        {"max_sparsity", &Params::maxSparsity, 1, 10000},
        {"moe_alpha", &Params::moeAlpha, 0, 1},
        {"kv_compression", &Params::kvCompression, 1, 10000},
        {"kv_floor_bytes_per_token", &Params::kvFloorBytesPerToken, 1, 1e+08},
        {"speculative_gain", &Params::speculativeGain, 1, 100},
        {"quant_nats_per_doubling", &Params::quantNatsPerDoubling, 0.001, 100},
        {"bandwidth_efficiency", &Params::bandwidthEfficiency, 0.01, 1},
        {"compute_efficiency", &Params::computeEfficiency, 0.01, 1},
        {"budget_usd", &Params::budgetUsd, 1, 1e+08},
        {"target_tokens_per_s", &Params::targetTokensPerS, 0.1, 100000},
        {"task_context_tokens", &Params::taskContextTokens, 1, 1e+08},
        {"full_context_tokens", &Params::fullContextTokens, 1, 1e+08},
        {"ttft_prompt_tokens", &Params::ttftPromptTokens, 1, 1e+08},
        {"ttft_max_seconds", &Params::ttftMaxSeconds, 0.01, 100000},
        {"target_drift_per_year", &Params::targetDriftPerYear, 0, 100},
        {"relaxed_tokens_per_s", &Params::relaxedTokensPerS, 0.1, 100000},
    };
    return fields;
}

const OutputSpeed *targetSpeed(const DataSet &d, const Scenario &s)
{
    const FrontierModel *m = d.frontier(s.targetModel.empty() ? d.settings.defaultTarget : s.targetModel);
    return m && m->outputSpeed ? &*m->outputSpeed : nullptr;
}

double defaultValue(const DataSet &d, const Scenario &s, const AssumptionDef &a)
{
    if (a.name == kTargetSpeedName)
        if (const OutputSpeed *sp = targetSpeed(d, s))
            return sp->value;
    return a.value;
}

std::vector<Requirement> parityRequirements(const DataSet &d, const Scenario &s)
{
    static const std::pair<const char *, const char *> items[] = {
        {kTargetSpeedName, "both"},       {"task_context_tokens", "task"}, {"full_context_tokens", "full"},
        {"ttft_prompt_tokens", "full"},   {"ttft_max_seconds", "full"},    {"budget_usd", "both"},
    };
    std::vector<Requirement> out;
    for (const auto &[name, scope] : items) {
        const AssumptionDef *a = d.assumption(name);
        if (!a)
            continue;
        Requirement r;
        r.name = name;
        r.label = a->label;
        r.unit = a->unit;
        r.scope = scope;
        const auto it = s.values.find(name);
        r.value = it != s.values.end() ? it->second : defaultValue(d, s, *a);
        const OutputSpeed *sp = r.name == kTargetSpeedName ? targetSpeed(d, s) : nullptr;
        if (it != s.values.end())
            r.source = "set by this scenario";
        else if (sp)
            r.source = "the target's measured output speed (" + formatMonth(sp->measured) + "): " + sp->source;
        else
            r.source = a->source;
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<double> assumptionValues(const DataSet &d, const Scenario &s)
{
    std::vector<double> v;
    v.reserve(d.assumptions.size());
    for (const auto &a : d.assumptions) {
        const auto it = s.values.find(a.name);
        v.push_back(it == s.values.end() ? defaultValue(d, s, a) : it->second);
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
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 6); // %g, locale-independent
    return std::string(buf, r.ptr);
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
        throw std::invalid_argument("expected NAME=VALUE, got \"" + printable(assignment) + "\"");
    const std::string name = assignment.substr(0, eq);
    const std::string value = assignment.substr(eq + 1);
    if (name == "target_model") {
        const FrontierModel *fm = d.frontier(value);
        if (!fm || !fm->scored) {
            std::string names;
            for (const auto &m : d.frontierModels)
                if (m.scored)
                    names += "\n  " + m.name;
            throw std::invalid_argument("unknown target_model \"" + printable(value) + "\"; valid models:" + names);
        }
        s.targetModel = value;
        return;
    }
    if (name == "yardstick") {
        const auto y = parseYardstick(value);
        if (!y)
            throw std::invalid_argument("unknown yardstick \"" + value + "\"; valid yardsticks: " + yardstickNameList());
        s.yardstick = *y;
        return;
    }
    if (name == "as_of") {
        const auto t = parseDate(value);
        const double newest = latestAsOf();
        if (!t || *t < 2016 || *t > newest + 1.0 / 24)
            throw std::invalid_argument("as_of: expected a date YYYY-MM between 2016-01 and " + formatMonth(newest) +
                                        " (today's month), got \"" + printable(value) + "\"");
        s.asOf = *t;
        return;
    }
    const AssumptionDef *a = d.assumption(name);
    if (!a) {
        std::string names;
        for (const auto &x : d.assumptions)
            names += "\n  " + x.name + " (" + fmtNum(x.min) + ".." + fmtNum(x.max) + " " + x.unit + ")";
        throw std::invalid_argument("unknown assumption \"" + printable(name) + "\"; valid names:" + names +
                                    "\n  target_model (a frontier model name)\n  as_of (YYYY-MM)\n  yardstick (" +
                                    yardstickNameList() + ")");
    }
    // std::from_chars: a decimal point whatever the locale, no hex, no leading '+' or spaces.
    double x = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), x, std::chars_format::general);
    if (ec != std::errc() || end != value.data() + value.size() || value.empty())
        throw std::invalid_argument(name + ": expected a number (plain decimal such as 0.5), got \"" + printable(value) + "\"");
    const std::string err = checkAssumptionValue(*a, x);
    if (!err.empty())
        throw std::invalid_argument(err);
    s.values[name] = x;
}

const std::vector<RetiredAssumption> &retiredAssumptions()
{
    static const std::vector<RetiredAssumption> retired = {
        {"street_price_halflife_years", "street_price_trend_pct_per_year", [](double h) { return 100 * (std::exp2(-1 / h) - 1); },
         "the price halving every H years from launch became the yearly price change after a part's last dated price "
         "(prices.json); read as 100 (2^(-1/H) - 1) % a year"},
        {"host_cost_usd", "", nullptr,
         "one flat host cost became host_base_usd and host_per_card_usd, with the host's RAM priced per GB by date; no one "
         "value maps onto them, so the file's value is dropped and their defaults apply"},
    };
    return retired;
}

namespace {
nlohmann::ordered_json scenarioJson(const DataSet &d, const Scenario &s)
{
    nlohmann::ordered_json j;
    j["format"] = "frontier-forecast-scenario";
    j["version"] = kScenarioVersion;
    j["name"] = s.name; // written even when empty (absent reads as Untitled)
    Scenario plain = s;
    if (plain.targetModel.empty())
        plain.targetModel = d.settings.defaultTarget;
    const auto fields = schema::write<Scenario, nlohmann::ordered_json>(scenarioSchema(), plain, [](double x) { return x; });
    for (auto it = fields.begin(); it != fields.end(); ++it)
        j[it.key()] = it.value();
    if (s.asOf)
        j["as_of"] = formatMonth(*s.asOf);
    j["yardstick"] = yardstickName(s.yardstick);
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    const auto v = assumptionValues(d, s);
    for (std::size_t i = 0; i < d.assumptions.size(); ++i) {
        // A speed the scenario did not set follows its target (loaded again, it still does).
        if (d.assumptions[i].name == kTargetSpeedName && !s.values.count(kTargetSpeedName) && targetSpeed(d, s))
            continue;
        values[d.assumptions[i].name] = v[i];
    }
    j["values"] = values;
    return j;
}

void note(std::vector<std::string> *warnings, const std::string &file, const std::string &field, const std::string &what)
{
    if (warnings)
        warnings->push_back(printable(file) + ": " + field + ": " + what);
}

// The table's plain fields and the rules across them: format, version, target, date and yardstick.
Scenario readScenarioHead(const DataSet &d, const JsonObject &o, const std::string &file, std::vector<std::string> *warnings)
{
    const auto &fields = scenarioSchema();
    if (o.str("format") != "frontier-forecast-scenario")
        o.fail("format", "expected \"frontier-forecast-scenario\"");
    const double version = o.num("version", 1, kScenarioVersion);
    if (version != std::floor(version))
        o.fail("version", "expected a whole number (1 to " + std::to_string(kScenarioVersion) + ")");
    Scenario s;
    schema::read(o, fields, s);
    if (!o.has("name"))
        s.name = "Untitled";
    if (!s.targetModel.empty() && (!d.frontier(s.targetModel) || !d.frontier(s.targetModel)->scored))
        o.fail("target_model", "\"" + s.targetModel + "\" is not a scored frontier model in the data");
    if (o.has("as_of")) {
        s.asOf = o.date("as_of");
        if (*s.asOf < 2016 || *s.asOf > latestAsOf() + 1.0 / 24)
            o.fail("as_of", "expected a date between 2016-01 and " + formatMonth(latestAsOf()) + " (today's month)");
    }
    if (o.has("yardstick")) {
        const std::string y = o.str("yardstick");
        auto parsed = parseYardstick(y);
        if (!parsed)
            o.fail("yardstick", "unknown yardstick \"" + y + "\" (valid: " + yardstickNameList() + ")");
        if (version < 2 && *parsed == Yardstick::Coding) {
            // Version 1 files were written when "coding" was SWE-bench Verified: they keep that meaning.
            parsed = Yardstick::CodingVerified;
            note(warnings, file, "yardstick",
                 "\"coding\" in a version 1 scenario meant SWE-bench Verified, read as \"coding_verified\" (the secondary coding "
                 "yardstick); \"coding\" is now SWE-rebench. Saving the scenario writes version " + std::to_string(kScenarioVersion) + ".");
        }
        s.yardstick = *parsed;
    }
    return s;
}

const RetiredAssumption *retired(const std::string &name)
{
    for (const auto &r : retiredAssumptions())
        if (name == r.name)
            return &r;
    return nullptr;
}

// "values": each a current assumption in its range; a retired one migrated (after the current ones,
// which win over a migrated value), with a note saying what became of it.
void readScenarioValues(const DataSet &d, const JsonObject &vals, Scenario &s, const std::string &file, std::vector<std::string> *warnings)
{
    std::vector<std::pair<const RetiredAssumption *, double>> old;
    for (auto it = vals.json().begin(); it != vals.json().end(); ++it) {
        const AssumptionDef *a = d.assumption(it.key());
        const RetiredAssumption *r = a ? nullptr : retired(it.key());
        if (!a && !r)
            vals.fail("values." + it.key(), "unknown assumption (valid names: see `frontier-forecast assumptions`)");
        const double x = vals.num(it.key());
        if (r) {
            old.emplace_back(r, x);
            continue;
        }
        const std::string err = checkAssumptionValue(*a, x);
        if (!err.empty())
            vals.fail("values." + it.key(), err.substr(err.find(':') + 2));
        s.values[it.key()] = x;
    }
    for (const auto &[r, x] : old) {
        const std::string field = std::string("values.") + r->name, saving = " Saving the scenario writes the current names.";
        const AssumptionDef *a = r->convert ? d.assumption(r->replacement) : nullptr;
        if (!a) {
            note(warnings, file, field, std::string("no longer an assumption: ") + r->note + "." + saving);
            continue;
        }
        const double y = r->convert(x);
        std::string fate = "read as " + a->name + " = " + fmtNum(y);
        if (s.values.count(a->name))
            fate = "not read: the file sets " + a->name + " itself";
        else if (const std::string err = checkAssumptionValue(*a, y); !err.empty())
            fate = "not read: " + err + "; its default applies";
        else
            s.values[a->name] = y;
        note(warnings, file, field, std::string("renamed: ") + r->note + "; " + fate + "." + saving);
    }
}
} // namespace

std::string scenarioToJson(const DataSet &d, const Scenario &s, const Scenario *compare)
{
    nlohmann::ordered_json j = scenarioJson(d, s);
    if (compare)
        j["compare"] = scenarioJson(d, *compare);
    return j.dump(2) + "\n";
}

Scenario scenarioFromJson(const DataSet &d, const std::string &text, const std::string &file, std::optional<Scenario> *compare,
                          std::vector<std::string> *warnings)
{
    const nlohmann::json j = parseJsonText(text, file);
    JsonObject o(j, file, "");
    Scenario s = readScenarioHead(d, o, file, warnings);
    if (o.has("values"))
        readScenarioValues(d, o.object("values"), s, file, warnings);
    if (o.has("compare")) {
        const nlohmann::json &c = j["compare"];
        if (!c.is_object())
            o.fail("compare", "expected a scenario object (the pinned scenario)");
        if (c.contains("compare"))
            o.fail("compare.compare", "a compared scenario cannot carry a comparison of its own");
        try {
            std::vector<std::string> inner;
            const Scenario pinned = scenarioFromJson(d, c.dump(), file, nullptr, &inner);
            const std::string head = printable(file) + ": ";
            for (const auto &w : inner)
                if (warnings)
                    warnings->push_back(w.compare(0, head.size(), head) == 0 ? head + "compare." + w.substr(head.size()) : w);
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
    o.warnUnknown(warnings ? *warnings : ignored, schema::names(scenarioSchema()));
    return s;
}

Scenario loadScenarioFile(const DataSet &d, const std::string &path, std::optional<Scenario> *compare, std::vector<std::string> *warnings)
{
    return scenarioFromJson(d, readFileCapped(path, 4u << 20), path, compare, warnings);
}

} // namespace ff

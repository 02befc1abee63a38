#include "data/prices.h"

#include <algorithm>
#include <cmath>

#include "data/dataset.h"
#include "data/jsonread.h"
#include "data/schemas.h"

namespace ff {

const char *priceKindName(PriceKind k)
{
    switch (k) {
    case PriceKind::Launch: return "launch";
    case PriceKind::Street: return "street";
    case PriceKind::Used: return "used";
    }
    return "street";
}

const char *lineStatusName(LineStatus s)
{
    switch (s) {
    case LineStatus::Continues: return "continues";
    case LineStatus::Ended: return "ended";
    case LineStatus::NotProjected: return "not_projected";
    }
    return "not_projected";
}

const ProductLine *PriceBook::line(const std::string &family) const
{
    for (const auto &l : lines)
        if (l.family == family)
            return &l;
    return nullptr;
}

int PriceSeries::knotsBy(double asOf) const
{
    int n = 0;
    while (n < static_cast<int>(t.size()) && t[static_cast<std::size_t>(n)] <= asOf + 1e-9)
        ++n;
    return n;
}

double PriceSeries::at(double time, double asOf, double trendLog) const
{
    const int n = std::max(1, knotsBy(asOf)); // the first knot (launch) is always known once the part exists
    if (t.empty())
        return NAN;
    if (time <= t[0])
        return std::exp(logUsd[0]);
    const std::size_t last = static_cast<std::size_t>(n - 1);
    if (time >= t[last])
        return std::exp(logUsd[last] + trendLog * (time - t[last]));
    std::size_t i = 0;
    while (t[i + 1] < time)
        ++i;
    const double f = (time - t[i]) / (t[i + 1] - t[i]);
    return std::exp(logUsd[i] + f * (logUsd[i + 1] - logUsd[i]));
}

void PriceSeries::finish()
{
    std::stable_sort(obs.begin(), obs.end(), [](const PriceObservation &a, const PriceObservation &b) { return a.t < b.t; });
    t.clear();
    logUsd.clear();
    for (const auto &o : obs) {
        const double lp = std::log(o.usd);
        if (!t.empty() && std::abs(t.back() - o.t) < 1e-9) {
            logUsd.back() = std::min(logUsd.back(), lp); // same date: the buyer takes the lowest price
            continue;
        }
        t.push_back(o.t);
        logUsd.push_back(lp);
    }
}

void launchPrices(DataSet &out)
{
    out.prices.parts.assign(out.parts.size(), PriceSeries{});
    for (std::size_t i = 0; i < out.parts.size(); ++i) {
        const HardwarePart &p = out.parts[i];
        PriceSeries &s = out.prices.parts[i];
        s.name = p.name;
        if (!p.priceUsd)
            continue;
        s.obs.push_back({p.released, *p.priceUsd, PriceKind::Launch, p.source, {}});
        s.finish();
    }
}

namespace {

// A price's kind, checked against its table's choices (launch, street or used).
PriceKind readKind(const JsonObject &o, const std::vector<schema::Field<PriceObservation>> &fields)
{
    const std::string k = schema::choice(o, fields, "kind");
    return k == "launch" ? PriceKind::Launch : k == "used" ? PriceKind::Used : PriceKind::Street;
}

// One observation through its table (RAM's or a part's), with the rule its table states: a source.
PriceObservation readObservation(const JsonObject &o, const std::vector<schema::Field<PriceObservation>> &fields, std::vector<std::string> &warnings)
{
    PriceObservation p;
    schema::read(o, fields, p);
    p.kind = readKind(o, fields);
    if (p.source.empty())
        o.fail(o.field("source"), "every price observation needs a source");
    o.warnUnknown(warnings, schema::names(fields));
    return p;
}

// An observation's optional range_usd: [low, high] in US dollars, the price taken within it.
void readRange(const JsonObject &ob, PriceObservation &p)
{
    if (!ob.has("range_usd"))
        return;
    const auto &r = ob.array("range_usd", false, 2);
    const auto end = [&](std::size_t i) {
        if (r.size() != 2 || !r[i].is_number() || !std::isfinite(r[i].get<double>()) || r[i].get<double>() < 1 || r[i].get<double>() > 1e6)
            ob.fail(ob.field("range_usd"), "expected [low, high], two prices in US dollars from 1 to 1,000,000");
        return r[i].get<double>();
    };
    p.rangeLowUsd = end(0);
    p.rangeHighUsd = end(1);
    if (p.rangeHighUsd < p.rangeLowUsd)
        ob.fail(ob.field("range_usd"), "the high end is below the low end");
    if (p.usd < p.rangeLowUsd - 0.005 || p.usd > p.rangeHighUsd + 0.005)
        ob.fail(ob.field("usd"), "outside its range_usd (the price taken is the range's low end or within it)");
}

// One prices.json "parts" entry's supply end and observations, checked against its part, added to s.
void readPartPrices(const JsonObject &o, const HardwarePart &part, PriceSeries &s, std::vector<std::string> &warnings, const std::string &origin)
{
    PriceSeries read; // the plain fields; a later import without a supply end keeps the earlier one's
    schema::read(o, partPricesSchema(), read);
    if (o.has("new_supply_ended")) {
        s.newSupplyEnded = o.date("new_supply_ended");
        s.newSupplyEndedSource = read.newSupplyEndedSource;
        if (s.newSupplyEndedSource.empty())
            o.fail(o.field("new_supply_ended_source"), "the end of new supply needs a source");
        if (s.newSupplyEnded < part.released)
            o.fail(o.field("new_supply_ended"), "before the part's release in hardware.json");
    }
    const auto &obs = o.array("observations", true);
    for (std::size_t m = 0; m < obs.size(); ++m) {
        JsonObject ob(obs[m], o.file(), o.field("observations[" + std::to_string(m) + "]"));
        PriceObservation p = readObservation(ob, priceObservationSchema(), warnings);
        p.origin = origin;
        if (p.t < part.released - 1e-9)
            ob.fail(ob.field("date"), "before the part's release in hardware.json");
        readRange(ob, p);
        s.obs.push_back(std::move(p));
    }
}

// product_lines.lines[i]: which product lines continue.
ProductLine readLine(const JsonObject &o, const DataSet &out)
{
    const auto &fields = productLineSchema();
    ProductLine l;
    schema::read(o, fields, l);
    if (std::none_of(out.parts.begin(), out.parts.end(), [&](const HardwarePart &p) { return p.family == l.family; }))
        o.fail(o.field("family"), "\"" + l.family + "\" is not a family in hardware.json");
    if (out.prices.line(l.family))
        o.fail(o.field("family"), "duplicate entry for \"" + l.family + "\"");
    const std::string st = schema::choice(o, fields, "status");
    l.status = st == "continues" ? LineStatus::Continues : st == "ended" ? LineStatus::Ended : LineStatus::NotProjected;
    if (l.status == LineStatus::Ended)
        l.ended = o.date("ended");
    if (l.source.empty())
        o.fail(o.field("source"), "a product line's status needs a source");
    if (l.status == LineStatus::NotProjected && l.reason.empty())
        o.fail(o.field("reason"), "a line that is not projected needs its reason");
    return l;
}

} // namespace

void parsePrices(const nlohmann::json &j, const std::string &file, DataSet &out)
{
    launchPrices(out);
    JsonObject top(j, file, "");
    out.prices.source = top.optStr("source");

    JsonObject ram = top.object("ram_usd_per_gb");
    const auto &ramObs = ram.array("observations");
    ram.warnUnknown(out.warnings, {"description"});
    PriceSeries &rs = out.prices.ramUsdPerGb;
    rs = PriceSeries{};
    rs.name = "RAM (USD per GB)";
    for (std::size_t i = 0; i < ramObs.size(); ++i)
        rs.obs.push_back(readObservation(JsonObject(ramObs[i], file, ram.field("observations[" + std::to_string(i) + "]")), ramObservationSchema(), out.warnings));
    rs.finish();

    const auto &arr = top.array("parts");
    top.warnUnknown(out.warnings, {"provenance", "description", "product_lines"});
    std::vector<bool> seen(out.parts.size(), false);
    for (std::size_t i = 0; i < arr.size(); ++i) {
        JsonObject o(arr[i], file, "parts[" + std::to_string(i) + "]");
        const std::string name = o.str("part");
        const auto it = std::find_if(out.parts.begin(), out.parts.end(), [&](const HardwarePart &p) { return p.name == name; });
        if (it == out.parts.end())
            o.fail(o.field("part"), "\"" + name + "\" is not a part in hardware.json");
        const std::size_t k = static_cast<std::size_t>(it - out.parts.begin());
        if (seen[k])
            o.fail(o.field("part"), "duplicate entry for \"" + name + "\"");
        seen[k] = true;
        if (!it->priceUsd)
            o.fail(o.field("part"), "\"" + name + "\" has no launch_price_usd in hardware.json to start its price path from");
        PriceSeries &s = out.prices.parts[k];
        readPartPrices(o, *it, s, out.warnings, std::string());
        o.warnUnknown(out.warnings, schema::names(partPricesSchema()));
        s.finish();
    }

    // Which product lines continue (read after the parts, whose errors come first).
    JsonObject pl = top.object("product_lines");
    const auto &lineArr = pl.array("lines");
    pl.warnUnknown(out.warnings, {"description"});
    out.prices.lines.clear();
    for (std::size_t i = 0; i < lineArr.size(); ++i) {
        JsonObject o(lineArr[i], file, pl.field("lines[" + std::to_string(i) + "]"));
        ProductLine l = readLine(o, out);
        o.warnUnknown(out.warnings, schema::names(productLineSchema()));
        out.prices.lines.push_back(std::move(l));
    }
}

void addPriceRows(const nlohmann::json &rows, const std::string &file, const std::string &field, const std::string &origin, DataSet &out)
{
    if (out.prices.parts.size() != out.parts.size())
        throw DataError(file, field, "the price book is not aligned with the parts (internal error)");
    if (!rows.is_array())
        throw DataError(file, field, "expected an array");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        JsonObject o(rows[i], file, field + "[" + std::to_string(i) + "]");
        const std::string name = o.str("part");
        const auto it = std::find_if(out.parts.begin(), out.parts.end(), [&](const HardwarePart &p) { return p.name == name; });
        if (it == out.parts.end())
            o.fail(o.field("part"), "\"" + name + "\" is not a part of the data");
        if (!it->priceUsd)
            o.fail(o.field("part"), "\"" + name + "\" has no launch price to start its price path from (it is not sold in the catalog)");
        PriceSeries &s = out.prices.parts[static_cast<std::size_t>(it - out.parts.begin())];
        std::vector<std::string> warnings; // as for the layer's other rows: unknown fields are not fatal
        readPartPrices(o, *it, s, warnings, origin);
        s.finish();
    }
}

} // namespace ff

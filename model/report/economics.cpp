#include "report/economics.h"
#include "report/economicsschemas.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "data/fits.h"
#include "data/jsonread.h"
#include "market/market.h"
#include "report/report.h"
#include "physics/roofline.h"
#include "core/timeutil.h"

namespace ff {

namespace {

constexpr double kSecondsPerDay = 86400.0;

// The assumptions the economics read, in EconomicsAssumptions order.
const char *const kNames[] = {"electricity_usd_per_kwh",
                              "box_lifetime_years",
                              "resale_value_pct",
                              "inference_power_share",
                              "gpu_idle_w",
                              "host_idle_w",
                              "host_load_w",
                              "usage_profile",
                              "custom_input_tokens_per_day",
                              "custom_cached_input_tokens_per_day",
                              "custom_output_tokens_per_day"};

std::vector<int> economicsIndex(const DataSet &d)
{
    std::vector<int> idx;
    for (const char *n : kNames) {
        int found = -1;
        for (std::size_t i = 0; i < d.assumptions.size(); ++i)
            if (d.assumptions[i].name == n)
                found = static_cast<int>(i);
        if (found < 0)
            throw DataError(d.directory + "/assumptions.json", "assumptions",
                            std::string("the economics (economics.json) need an assumption named \"") + n + "\"");
        idx.push_back(found);
    }
    return idx;
}

EconomicsAssumptions fromValues(const DataSet &d, const std::vector<int> &idx, const std::vector<double> &v)
{
    EconomicsAssumptions a;
    const auto at = [&](int k) { return v.at(static_cast<std::size_t>(idx[static_cast<std::size_t>(k)])); };
    a.electricityUsdPerKwh = at(0);
    a.lifetimeYears = std::max(at(1), 1.0 / 12);
    a.resaleShare = std::clamp(at(2) / 100.0, 0.0, 1.0);
    a.inferencePowerShare = at(3);
    a.gpuIdleW = at(4);
    a.hostIdleW = at(5);
    a.hostLoadW = at(6);
    a.profileIndex = std::clamp(static_cast<int>(std::lround(at(7))), 0, 2);
    a.custom.name = "custom";
    a.custom.label = "Custom";
    a.custom.inputPerDay = at(8);
    a.custom.cachedInputPerDay = at(9);
    a.custom.outputPerDay = at(10);
    a.custom.activeDaysPerYear = kDaysPerYear;
    a.custom.source = "the custom_* assumptions";
    (void)d;
    return a;
}

// Each Economics assumption at the end of its range that makes the box cheaper (cheap = true) or dearer;
// a value the user set beyond that end stays (the range always holds the answer).
std::vector<double> corner(const DataSet &d, const std::vector<double> &values, bool cheap)
{
    std::vector<double> v = values;
    const auto set = [&](const char *name, bool lowIsCheap) {
        for (std::size_t i = 0; i < d.assumptions.size(); ++i)
            if (d.assumptions[i].name == name)
                v[i] = (cheap == lowIsCheap) ? std::min(v[i], d.assumptions[i].low) : std::max(v[i], d.assumptions[i].high);
    };
    set("electricity_usd_per_kwh", true);
    set("box_lifetime_years", false);
    set("resale_value_pct", false);
    set("inference_power_share", true);
    set("gpu_idle_w", true);
    set("host_idle_w", true);
    set("host_load_w", true);
    return v;
}

std::string usd(double x) { return fmtUsd(x); }

std::string fixed(double x, int decimals) { return fmtFixed(x, decimals); }

// The part whose power a box draws: its catalog part, or the base of its projected line.
const HardwarePart *powerPart(const Box &b)
{
    if (b.catalogPart)
        return b.catalogPart;
    return b.projectedPart ? b.projectedPart->base : nullptr;
}

struct BoxDraw {
    bool known = false;
    std::string why;
    double loadW = 0, idleW = 0;
};

BoxDraw boxDraw(const DataSet &d, const EconomicsAssumptions &a, const Box &box)
{
    BoxDraw out;
    const HardwarePart *part = powerPart(box);
    if (!part || !d.economics) {
        out.why = "no part";
        return out;
    }
    const std::ptrdiff_t i = part - d.parts.data();
    if (i < 0 || static_cast<std::size_t>(i) >= d.economics->power.size()) {
        out.why = "no power figure for " + part->name;
        return out;
    }
    const PartPower &pw = d.economics->power[static_cast<std::size_t>(i)];
    if (!pw.loadW) {
        out.why = "no power figure for " + part->name + " in economics.json";
        return out;
    }
    out.known = true;
    if (box.kind == PartKind::Unified) {
        out.loadW = a.inferencePowerShare * *pw.loadW;
        out.idleW = pw.idleW.value_or(a.hostIdleW);
    } else {
        out.loadW = box.gpus * a.inferencePowerShare * *pw.loadW + a.hostLoadW;
        out.idleW = box.gpus * a.gpuIdleW + a.hostIdleW;
    }
    out.loadW = std::max(out.loadW, out.idleW); // serving never draws less than idling
    return out;
}

double apiUsdPerActiveDay(const UsageProfile &u, const ApiPrice &price)
{
    return (u.inputPerDay * price.inputUsdPerMtok + u.cacheWritePerDay * price.cacheWriteUsdPerMtok +
            u.cachedInputPerDay * price.cacheReadUsdPerMtok + u.outputPerDay * price.outputUsdPerMtok) /
           1e6;
}

} // namespace

const ApiPrice *EconomicsData::price(const std::string &target) const
{
    for (const auto &p : apiPrices)
        if (p.target == target)
            return &p;
    return nullptr;
}

void parseEconomics(const nlohmann::json &j, const std::string &file, DataSet &out)
{
    JsonObject top(j, file, "");
    auto ed = std::make_shared<EconomicsData>();
    const auto &prices = top.array("api_prices");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < prices.size(); ++i) {
        JsonObject o(prices[i], file, "api_prices[" + std::to_string(i) + "]");
        ApiPrice a;
        schema::read(o, apiPriceSchema(), a);
        if (!out.frontier(a.target))
            o.fail(o.field("target"), "\"" + printable(a.target) + "\" is not a frontier model in models.json");
        if (!seen.insert(a.target).second)
            o.fail(o.field("target"), "a second price for \"" + printable(a.target) + "\"");
        if (a.source.empty())
            o.fail(o.field("source"), "every price needs a source");
        o.warnUnknown(out.warnings);
        ed->apiPrices.push_back(std::move(a));
    }
    ed->power.resize(out.parts.size());
    std::vector<bool> have(out.parts.size(), false);
    const auto &power = top.array("part_power");
    for (std::size_t i = 0; i < power.size(); ++i) {
        JsonObject o(power[i], file, "part_power[" + std::to_string(i) + "]");
        const std::string name = o.str("part");
        std::size_t k = 0;
        while (k < out.parts.size() && out.parts[k].name != name)
            ++k;
        if (k == out.parts.size())
            o.fail(o.field("part"), "\"" + printable(name) + "\" is not a part in hardware.json");
        if (have[k])
            o.fail(o.field("part"), "a second power entry for \"" + printable(name) + "\"");
        have[k] = true;
        PartPower pw;
        schema::read(o, partPowerSchema(), pw);
        if ((pw.loadW || pw.idleW) && pw.source.empty())
            o.fail(o.field("source"), "a power figure needs a source");
        if (pw.idleW && pw.loadW && *pw.idleW > *pw.loadW)
            o.fail(o.field("idle_w"), "idle above the load figure");
        o.warnUnknown(out.warnings);
        ed->power[k] = pw;
    }
    const auto &profiles = top.array("profiles");
    for (std::size_t i = 0; i < profiles.size(); ++i) {
        JsonObject o(profiles[i], file, "profiles[" + std::to_string(i) + "]");
        UsageProfile u;
        schema::read(o, usageProfileSchema(), u);
        if (u.source.empty())
            o.fail(o.field("source"), "every profile needs a source");
        o.warnUnknown(out.warnings);
        ed->profiles.push_back(std::move(u));
    }
    if (ed->profiles.size() != 2 || ed->profiles[0].name != "chat" || ed->profiles[1].name != "coding_agent")
        top.fail("profiles", "expected the two presets the usage_profile slider names: \"chat\", then \"coding_agent\"");
    top.warnUnknown(out.warnings, {"description"});
    economicsIndex(out); // the assumptions they need (throws naming assumptions.json)
    out.economics = std::move(ed);
}

EconomicsAssumptions economicsAssumptions(const DataSet &d, const std::vector<double> &values)
{
    return fromValues(d, economicsIndex(d), values);
}

std::vector<UsageProfile> usageProfiles(const DataSet &d, const EconomicsAssumptions &a)
{
    std::vector<UsageProfile> out;
    if (d.economics)
        out = d.economics->profiles;
    out.push_back(a.custom);
    return out;
}

ModelShape answerShape(const Engine &e, const Context &ctx, const Params &p, const ParityResult &r)
{
    const DataSet &d = e.data();
    ModelShape m;
    m.paramsTotalB = r.paramsTotalB;
    m.paramsActiveB = r.paramsActiveB;
    const OpenModel *om = r.model.empty() ? nullptr : d.openModel(r.model);
    double bits = 0;
    for (const auto &l : ctx.levels)
        if (l.name == r.quant)
            bits = l.bitsPerWeight;
    if (bits <= 0)
        for (const auto &l : d.quantLevels)
            if (l.name == r.quant)
                bits = l.bitsPerWeight;
    if (bits <= 0 && om && om->nativeBitsPerWeight)
        bits = *om->nativeBitsPerWeight;
    m.bitsPerWeight = bits > 0 ? bits : 16;
    if (om && om->kvBytesPerToken)
        m.kvBytesPerToken = *om->kvBytesPerToken / p.kvCompression;
    else {
        const double size = r.requiredDeffB > 0 ? r.requiredDeffB : deff(r.paramsActiveB, r.paramsTotalB, ctx.law.alpha);
        m.kvBytesPerToken = e.kvPerToken(ctx, p, size, r.year); // the KV law at the answer's month, floor and compression applied
    }
    return m;
}

BoxEconomics boxEconomics(const Engine &e, const Params &p, const EconomicsAssumptions &a, const UsageProfile &u,
                          const ApiPrice &price, const Box &box, const ModelShape &shape, double t)
{
    BoxEconomics b;
    b.box = box.label();
    b.t = t;
    b.purchaseUsd = box.purchase(t, false).totalUsd;
    const BoxDraw draw = boxDraw(e.data(), a, box);
    if (!draw.known) {
        b.why = draw.why;
        return b;
    }
    b.costed = true;
    b.loadW = draw.loadW;
    b.idleW = draw.idleW;
    // Speeds from the same roofline and calibration as the solver: decode at the task context (with the
    // speculative-decoding gain the solver credits), new input prefilled on top of half that context.
    const Efficiency eff = e.efficiency(p);
    const Estimate est = estimate(box.spec, shape, p.taskContextTokens, eff);
    b.decodeTokensPerS = est.fits ? est.decodeTokensPerS * p.speculativeGain : 0.0;
    const double chunk = kPrefillReferencePrompt;
    const double secs = prefillSeconds(box.spec, shape, chunk, p.taskContextTokens / 2, eff);
    b.prefillTokensPerS = est.fits && std::isfinite(secs) && secs > 0 ? chunk / secs : 0.0;
    const double prefillTokens = u.inputPerDay + u.cacheWritePerDay;
    double busy = 0;
    if (u.outputPerDay > 0)
        busy += b.decodeTokensPerS > 0 ? u.outputPerDay / b.decodeTokensPerS : std::numeric_limits<double>::infinity();
    if (prefillTokens > 0)
        busy += b.prefillTokensPerS > 0 ? prefillTokens / b.prefillTokensPerS : std::numeric_limits<double>::infinity();
    b.busyHoursPerActiveDay = busy / 3600;
    b.canServe = est.fits && busy <= kSecondsPerDay;
    const double busyCapped = std::min(busy, kSecondsPerDay);
    const double activeDays = u.activeDaysPerYear;
    const double kwhPerYear = (activeDays * (busyCapped * b.loadW + (kSecondsPerDay - busyCapped) * b.idleW) +
                               (kDaysPerYear - activeDays) * kSecondsPerDay * b.idleW) /
                              3.6e6;
    b.energyUsdPerYear = kwhPerYear * a.electricityUsdPerKwh;
    b.capitalUsdPerYear = b.purchaseUsd * (1 - a.resaleShare) / a.lifetimeYears;
    b.localUsdPerYear = b.capitalUsdPerYear + b.energyUsdPerYear;
    b.apiUsdPerYear = activeDays * apiUsdPerActiveDay(u, price);
    b.outputMtokPerYear = activeDays * u.outputPerDay / 1e6;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    b.localUsdPerMtok = b.outputMtokPerYear > 0 ? b.localUsdPerYear / b.outputMtokPerYear : nan;
    b.energyUsdPerMtok = b.outputMtokPerYear > 0 ? b.energyUsdPerYear / b.outputMtokPerYear : nan;
    b.apiUsdPerMtok = b.outputMtokPerYear > 0 ? b.apiUsdPerYear / b.outputMtokPerYear : nan;
    const double savingPerMonth = (b.apiUsdPerYear - b.energyUsdPerYear) / 12;
    if (b.canServe && savingPerMonth > 0)
        b.breakEvenMonths = b.purchaseUsd / savingPerMonth;
    b.cheaperOverLife = b.canServe && b.localUsdPerYear <= b.apiUsdPerYear;
    return b;
}

namespace {

// The search behind economic parity (see EconomicParity): months from task-level parity to the horizon;
// in each, every box under the budget that the solver says runs the target at API speed then (the task
// answer's own box with its own model from the task month), cheapest over its life first.
struct Search {
    const Engine &e;
    const Context &ctx;
    const Params &p;
    const EconomicsAssumptions &a;
    const UsageProfile &u;
    const ApiPrice &price;
    double targetQuality;
    const ParityResult &task;
    const std::vector<Box> &boxes;

    EconomicParity run() const
    {
        EconomicParity out;
        if (!task.reached)
            return out;
        const double horizon = e.data().settings.horizonYear;
        const long m0 = std::lround(floorToMonth(task.year) * 12);
        const long mEnd = static_cast<long>(std::floor(horizon * 12 + 1e-9));
        const double apiPerYear = u.activeDaysPerYear * apiUsdPerActiveDay(u, price);
        struct Cand {
            const Box *box;
            BoxDraw draw;
            bool answer = false;
            long first = -2;   // first month it runs (-2: not searched yet, -1: never)
            ModelShape shape;
        };
        std::vector<Cand> cands;
        cands.reserve(boxes.size());
        for (const Box &b : boxes) {
            Cand c{&b, boxDraw(e.data(), a, b), false, -2, ModelShape{}};
            if (!c.draw.known)
                continue;
            c.answer = b.label() == task.box;
            if (c.answer) {
                c.first = m0;
                c.shape = answerShape(e, ctx, p, task);
            }
            cands.push_back(std::move(c));
        }
        const auto runs = [&](const Box &b, long m) {
            return e.runsAt(ctx, p, b, targetQuality, static_cast<double>(m) / 12, ParityMode::TaskLevel);
        };
        // The first month a box runs the target (the solver's test; later months run it too, as the
        // required size only falls), by bisection; -1 when not by the horizon.
        const auto firstMonth = [&](Cand &c) {
            if (c.first != -2)
                return c.first;
            long lo = std::max(m0, static_cast<long>(std::ceil(c.box->availableFrom * 12 - 1e-9)));
            if (lo > mEnd || !runs(*c.box, mEnd))
                return c.first = -1;
            long hi = mEnd;
            while (lo < hi) {
                const long mid = lo + (hi - lo) / 2;
                if (runs(*c.box, mid))
                    hi = mid;
                else
                    lo = mid + 1;
            }
            ParityResult detail;
            e.runsAt(ctx, p, *c.box, targetQuality, static_cast<double>(lo) / 12, ParityMode::TaskLevel, &detail);
            c.shape = answerShape(e, ctx, p, detail);
            return c.first = lo;
        };
        for (long m = m0; m <= mEnd; ++m) {
            const double t = static_cast<double>(m) / 12;
            const Cand *best = nullptr;
            BoxEconomics bestEcon;
            for (Cand &c : cands) {
                if (!c.box->affordableAt(t)) // bought in the month, within the budget then
                    continue;
                // A bound first: the purchase spread over the life and idling all year.
                const double price0 = c.box->purchase(t, false).totalUsd;
                const double bound = price0 * (1 - a.resaleShare) / a.lifetimeYears +
                                     c.draw.idleW * kDaysPerYear * kSecondsPerDay / 3.6e6 * a.electricityUsdPerKwh;
                if (bound > apiPerYear)
                    continue;
                const long f = firstMonth(c);
                if (f < 0 || f > m)
                    continue;
                const BoxEconomics be = boxEconomics(e, p, a, u, price, *c.box, c.shape, t);
                if (!be.cheaperOverLife)
                    continue;
                if (!best || be.localUsdPerYear < bestEcon.localUsdPerYear) {
                    best = &c;
                    bestEcon = be;
                }
            }
            if (best) {
                out.reached = true;
                out.year = t;
                out.box = bestEcon;
                if (best->answer && t <= ctx.observedUntil)
                    out.kind = task.kind;
                else
                    out.kind = t <= ctx.evidenceEnd ? ParityKind::Implied : ParityKind::Projected;
                if (out.kind == ParityKind::NotReached)
                    out.kind = ParityKind::Projected;
                return out;
            }
        }
        return out;
    }
};

std::string restsOnWords(const EconomicParity &ep, const ParityResult &task, const EconomicsAssumptions &a,
                         const UsageProfile &u)
{
    std::string s = "task-level parity (" + yearText(task) + ")";
    if (ep.reached) {
        const BoxEconomics &b = ep.box;
        s += "; " + b.box + " bought for " + usd(b.purchaseUsd) + ", serving " + fixed(b.decodeTokensPerS, 0) +
             " tok/s decode and " + fixed(b.prefillTokensPerS, 0) + " tok/s prefill (roofline and calibration), " +
             fixed(b.busyHoursPerActiveDay, 1) + " h busy a day at " + fixed(b.loadW, 0) + " W, idle at " + fixed(b.idleW, 0) +
             " W";
    }
    s += "; " + fixed(a.electricityUsdPerKwh, 3) + " USD/kWh, " + fixed(a.lifetimeYears, 1) + "-year life, " +
         fixed(a.resaleShare * 100, 0) + "% resale; " + u.label + " profile; API list prices held flat";
    return s;
}

EconomicsRow makeRow(const Engine &e, const Context &ctx, const Params &p, const std::vector<double> &values,
                     const EconomicsAssumptions &a, const UsageProfile &u, int profileIndex, const ApiPrice &price,
                     const std::string &target, double targetQuality, double budget, const ParityResult &task,
                     const std::vector<Box> &boxes)
{
    const DataSet &d = e.data();
    EconomicsRow row;
    row.target = target;
    row.budgetUsd = budget;
    row.profile = u;
    row.profileIndex = profileIndex;
    row.task = task;
    if (task.reached) {
        for (const Box &b : boxes)
            if (b.label() == task.box) {
                row.answerBox = boxEconomics(e, p, a, u, price, b, answerShape(e, ctx, p, task), floorToMonth(task.year));
                break;
            }
        if (row.answerBox.box.empty())
            row.answerBox.why = "the answer's box " + task.box + " is not in the market list";
    }
    row.parity = Search{e, ctx, p, a, u, price, targetQuality, task, boxes}.run();
    const auto at = [&](bool cheap, bool &reached, double &year) {
        EconomicsAssumptions c = fromValues(d, economicsIndex(d), corner(d, values, cheap));
        UsageProfile uc = profileIndex == 2 ? c.custom : u;
        const EconomicParity r = Search{e, ctx, p, c, uc, price, targetQuality, task, boxes}.run();
        reached = r.reached;
        year = r.year;
    };
    at(true, row.parity.lowReached, row.parity.low);
    at(false, row.parity.highReached, row.parity.high);
    row.parity.restsOn = restsOnWords(row.parity, task, a, u);
    return row;
}

} // namespace

const EconomicsRow *EconomicsResult::selected() const
{
    for (const auto &r : targets)
        if (r.profileIndex == assumptions.profileIndex)
            return &r; // targets[] lists the scenario's target first
    return nullptr;
}

EconomicsResult computeEconomics(const Engine &e, const Result &r, bool budgetRows, bool selectedOnly)
{
    EconomicsResult out;
    const DataSet &d = e.data();
    if (!d.economics) {
        out.why = "no economics.json in the data directory";
        return out;
    }
    const auto ctxPtr = e.context(r.asOf, r.yardstick);
    const Context &ctx = *ctxPtr;
    const std::vector<double> values = assumptionValues(d, r.scenario);
    const Params p = resolveParams(d, values);
    out.assumptions = economicsAssumptions(d, values);
    const EconomicsAssumptions &a = out.assumptions;
    const std::vector<UsageProfile> profiles = usageProfiles(d, a);
    const double horizon = d.settings.horizonYear;
    const std::vector<ProjectedPart> proj = e.projectedParts(r.scenario);
    const auto boxesFor = [&](double budget) {
        std::vector<Box> boxes;
        buildBoxes(d, p, proj, ctx.asOf, budget, horizon, BoxList::Unsorted, boxes);
        return boxes;
    };
    const std::vector<Box> boxes = boxesFor(r.budgetUsd);
    // The scenario's target first (selected() relies on it), then the other Sonnet-class targets.
    std::vector<const TargetParity *> order;
    for (const auto &tp : r.perTarget)
        if (tp.target == r.targetModel)
            order.push_back(&tp);
    for (const auto &tp : r.perTarget)
        if (tp.target != r.targetModel)
            order.push_back(&tp);
    for (const TargetParity *tp : order) {
        const ApiPrice *price = d.economics->price(tp->target);
        if (!price)
            continue;
        for (int k = 0; k < static_cast<int>(profiles.size()); ++k) {
            if (k == 2 && a.profileIndex != 2)
                continue; // the custom profile only when chosen
            if (selectedOnly && (k != a.profileIndex || tp->target != r.targetModel))
                continue;
            out.targets.push_back(makeRow(e, ctx, p, values, a, profiles[static_cast<std::size_t>(k)], k, *price, tp->target,
                                          tp->targetQuality, r.budgetUsd, tp->task, boxes));
        }
    }
    if (budgetRows) {
        const ApiPrice *price = d.economics->price(r.targetModel);
        if (price)
            for (const auto &br : r.budgets) {
                const std::vector<Box> bb = br.budgetUsd == r.budgetUsd ? boxes : boxesFor(br.budgetUsd);
                out.budgets.push_back(makeRow(e, ctx, p, values, a, profiles[static_cast<std::size_t>(a.profileIndex)],
                                              a.profileIndex, *price, r.targetModel, r.targetQuality, br.budgetUsd, br.task, bb));
            }
    }
    out.available = true;
    if (out.targets.empty())
        out.why = "no API price for any Sonnet-class target in economics.json";
    return out;
}

std::vector<Series> cumulativeCostSeries(const EconomicsRow &row, double lifetimeYears, double resaleShare)
{
    std::vector<Series> out;
    const BoxEconomics &b = row.answerBox;
    if (!b.costed)
        return out;
    const int lifeMonths = std::max(1, static_cast<int>(std::lround(lifetimeYears * 12)));
    int months = lifeMonths;
    if (std::isfinite(b.breakEvenMonths))
        months = std::max(months, static_cast<int>(std::ceil(b.breakEvenMonths)) + 6);
    months = std::min(months, 240);
    Series api{"API", "USD", {}, {}, "api_cumulative", false, {}};
    Series box{b.box, "USD", {}, {}, "box_cumulative", false, {}};
    for (int m = 0; m <= months; ++m) {
        api.x.push_back(m);
        api.y.push_back(b.apiUsdPerYear / 12 * m);
        box.x.push_back(m);
        box.y.push_back(b.purchaseUsd + b.energyUsdPerYear / 12 * m - (m >= lifeMonths ? resaleShare * b.purchaseUsd : 0.0));
    }
    out.push_back(api);
    out.push_back(box);
    Series be{"Break-even", "USD", {}, {}, "break_even", false, {}};
    if (std::isfinite(b.breakEvenMonths) && b.breakEvenMonths <= months) {
        be.x.push_back(b.breakEvenMonths);
        be.y.push_back(b.apiUsdPerYear / 12 * b.breakEvenMonths);
    }
    out.push_back(be);
    return out;
}

std::string breakEvenText(const BoxEconomics &b)
{
    if (!b.costed)
        return "not costed";
    if (!b.canServe)
        return "cannot serve";
    if (!std::isfinite(b.breakEvenMonths))
        return "never";
    return fmtFixed(b.breakEvenMonths, 0) + " months";
}

namespace {

nlohmann::ordered_json numOrNull(double x, double scale = 100)
{
    return std::isfinite(x) ? nlohmann::ordered_json(std::round(x * scale) / scale) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json monthOrNull(bool reached, double t)
{
    return reached ? nlohmann::ordered_json(formatMonth(t)) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json boxJson(const BoxEconomics &b)
{
    nlohmann::ordered_json j;
    j["box"] = b.box.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(b.box);
    j["costed"] = b.costed;
    if (!b.costed) {
        j["why"] = b.why;
        return j;
    }
    j["bought"] = formatMonth(b.t);
    j["purchase_usd"] = std::round(b.purchaseUsd);
    j["decode_tokens_per_s"] = numOrNull(b.decodeTokensPerS, 10);
    j["prefill_tokens_per_s"] = numOrNull(b.prefillTokensPerS, 1);
    j["busy_hours_per_active_day"] = numOrNull(b.busyHoursPerActiveDay);
    j["can_serve"] = b.canServe;
    j["load_w"] = std::round(b.loadW);
    j["idle_w"] = std::round(b.idleW);
    j["capital_usd_per_year"] = numOrNull(b.capitalUsdPerYear);
    j["energy_usd_per_year"] = numOrNull(b.energyUsdPerYear);
    j["local_usd_per_year"] = numOrNull(b.localUsdPerYear);
    j["api_usd_per_year"] = numOrNull(b.apiUsdPerYear);
    j["local_usd_per_mtok_output"] = numOrNull(b.localUsdPerMtok);
    j["energy_usd_per_mtok_output"] = numOrNull(b.energyUsdPerMtok);
    j["api_usd_per_mtok_output"] = numOrNull(b.apiUsdPerMtok);
    j["break_even_months"] = numOrNull(b.breakEvenMonths, 10);
    j["cheaper_over_life"] = b.cheaperOverLife;
    return j;
}

nlohmann::ordered_json rowJson(const EconomicsRow &r)
{
    nlohmann::ordered_json j;
    j["target"] = r.target;
    j["profile"] = r.profile.name;
    j["budget_usd"] = r.budgetUsd;
    j["task_level"] = {{"kind", parityKindName(r.task.kind)}, {"month", monthOrNull(r.task.reached, r.task.year)},
                       {"box", r.task.box}};
    j["answer_box"] = boxJson(r.answerBox);
    const EconomicParity &p = r.parity;
    nlohmann::ordered_json ep;
    ep["kind"] = parityKindName(p.kind);
    ep["month"] = monthOrNull(p.reached, p.year);
    ep["low"] = monthOrNull(p.lowReached, p.low);
    ep["high"] = monthOrNull(p.highReached, p.high);
    ep["range_over"] = "the Economics assumptions' low and high ends (task-level parity as at the defaults)";
    ep["box"] = p.reached ? boxJson(p.box) : nlohmann::ordered_json(nullptr);
    ep["rests_on"] = p.restsOn;
    j["economic_parity"] = ep;
    return j;
}

std::string perMtok(double x) { return std::isfinite(x) ? fmtUsd(x) : std::string("n/a"); }

std::string rangeText(const EconomicParity &p, double horizon)
{
    if (!p.lowReached && !p.highReached)
        return "";
    const std::string lo = p.lowReached ? formatMonth(p.low) : "not by " + fmtFixed(horizon, 0);
    const std::string hi = p.highReached ? formatMonth(p.high) : "not by " + fmtFixed(horizon, 0);
    return lo == hi ? "" : lo + " to " + hi;
}

} // namespace

std::string economicParityText(const EconomicParity &p, double horizon)
{
    std::string s = p.reached ? kindText(p.kind) + " " + formatMonth(p.year) : "not by " + fmtFixed(horizon, 0);
    const std::string range = rangeText(p, horizon);
    if (!range.empty())
        s += " (" + range + ")";
    return s;
}

std::string economicsLine(const EconomicsRow &row)
{
    std::string s = row.profile.label + ", " + row.target + ": ";
    const BoxEconomics &b = row.answerBox;
    if (!row.task.reached)
        return s + "no box reaches task-level parity by the horizon";
    if (!b.costed)
        return s + "the answer's box is not costed (" + b.why + ")";
    s += "local " + perMtok(b.localUsdPerMtok) + " vs API " + perMtok(b.apiUsdPerMtok) + " per M output tokens on " + b.box;
    s += "; break-even " + breakEvenText(b);
    s += "; economic parity " + economicParityText(row.parity, 2045);
    return s;
}

Table economicsTable(const EconomicsResult &x)
{
    Table t;
    t.title = "Economics: local box vs hosted API (at the scenario's budget)";
    t.header = {"Target", "Profile", "Task-level box", "Local $/M out", "of it energy", "API $/M out", "Break-even",
                "Economic parity", "Range"};
    for (const auto &r : x.targets) {
        const BoxEconomics &b = r.answerBox;
        const bool c = b.costed;
        t.rows.push_back({r.target, r.profile.label, r.task.reached ? r.task.box : std::string("-"),
                          c ? perMtok(b.localUsdPerMtok) : "-", c ? perMtok(b.energyUsdPerMtok) : "-",
                          c ? perMtok(b.apiUsdPerMtok) : "-", r.task.reached ? breakEvenText(b) : "-",
                          r.parity.reached ? kindText(r.parity.kind) + " " + formatMonth(r.parity.year) : "not reached",
                          rangeText(r.parity, 2045)});
    }
    return t;
}

Table economicsBudgetTable(const EconomicsResult &x)
{
    Table t;
    const EconomicsRow *sel = x.budgets.empty() ? nullptr : &x.budgets.front();
    t.title = "Economics per budget" + (sel ? " (" + sel->target + ", " + sel->profile.label + ")" : std::string());
    t.header = {"Budget", "Task-level parity", "Box", "Local $/M out", "API $/M out", "Break-even", "Economic parity", "Box then"};
    for (const auto &r : x.budgets) {
        const BoxEconomics &b = r.answerBox;
        t.rows.push_back({fmtUsd(r.budgetUsd), yearText(r.task), r.task.reached ? r.task.box : std::string("-"),
                          b.costed ? perMtok(b.localUsdPerMtok) : "-", b.costed ? perMtok(b.apiUsdPerMtok) : "-",
                          r.task.reached ? breakEvenText(b) : "-", economicParityText(r.parity, 2045),
                          r.parity.reached ? r.parity.box.box + " (" + fmtUsd(r.parity.box.purchaseUsd) + ")" : "-"});
    }
    return t;
}

nlohmann::ordered_json economicsJson(const EconomicsResult &x, const DataSet &d)
{
    nlohmann::ordered_json j;
    j["available"] = x.available;
    if (!x.available) {
        j["why"] = x.why;
        return j;
    }
    const EconomicsAssumptions &a = x.assumptions;
    j["assumptions"] = {{"electricity_usd_per_kwh", a.electricityUsdPerKwh},
                        {"box_lifetime_years", a.lifetimeYears},
                        {"resale_value_pct", a.resaleShare * 100},
                        {"inference_power_share", a.inferencePowerShare},
                        {"gpu_idle_w", a.gpuIdleW},
                        {"host_idle_w", a.hostIdleW},
                        {"host_load_w", a.hostLoadW},
                        {"usage_profile", a.profileIndex == 0 ? "chat" : a.profileIndex == 1 ? "coding_agent" : "custom"}};
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto &r : x.targets)
        rows.push_back(rowJson(r));
    j["targets"] = rows;
    nlohmann::ordered_json bud = nlohmann::ordered_json::array();
    for (const auto &r : x.budgets)
        bud.push_back(rowJson(r));
    j["budgets"] = bud;
    nlohmann::ordered_json src;
    nlohmann::ordered_json prices = nlohmann::ordered_json::array();
    if (d.economics) {
        for (const auto &p : d.economics->apiPrices)
            prices.push_back({{"target", p.target}, {"input_usd_per_mtok", p.inputUsdPerMtok},
                              {"cache_write_usd_per_mtok", p.cacheWriteUsdPerMtok},
                              {"cache_read_usd_per_mtok", p.cacheReadUsdPerMtok}, {"output_usd_per_mtok", p.outputUsdPerMtok},
                              {"date", formatMonth(p.date)}, {"source", p.source}});
    }
    src["api_prices"] = prices;
    nlohmann::ordered_json prof = nlohmann::ordered_json::array();
    for (const auto &u : usageProfiles(d, a))
        prof.push_back({{"name", u.name}, {"input_tokens_per_day", u.inputPerDay},
                        {"cache_write_tokens_per_day", u.cacheWritePerDay},
                        {"cached_input_tokens_per_day", u.cachedInputPerDay}, {"output_tokens_per_day", u.outputPerDay},
                        {"active_days_per_year", u.activeDaysPerYear}, {"source", u.source}});
    src["profiles"] = prof;
    j["sources"] = src;
    return j;
}

} // namespace ff

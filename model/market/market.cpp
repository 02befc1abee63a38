#include "market/market.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>

#include "market/affordability.h"
#include "physics/calibration.h"
#include "core/timeutil.h"

namespace ff {

using namespace pricing; // affordability.h: price paths and affordability windows

double Box::cardPriceAt(double t) const
{
    if (cardPrices && !cardPrices->t.empty())
        return cardPrices->at(t, priceCutoff, trendLog);
    return launchPriceUsd * std::exp(trendLog * std::max(0.0, t - released));
}

std::vector<double> pricedUntil(const DataSet &d, double asOf)
{
    // One pass per family (sorted release months of its priced members known at asOf), so a
    // catalog of kMaxParts parts costs P log P here, not P^2 string compares: the back-test asks
    // this at every frontier bar.
    std::unordered_map<std::string, std::vector<double>> releases;
    for (const auto &q : d.parts)
        if (!q.family.empty() && q.priceUsd && q.released <= asOf)
            releases[q.family].push_back(q.released);
    for (auto &r : releases)
        std::sort(r.second.begin(), r.second.end());
    std::vector<double> out(d.parts.size(), std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < d.parts.size(); ++i) {
        const HardwarePart &part = d.parts[i];
        const PriceSeries *s = i < d.prices.parts.size() ? &d.prices.parts[i] : nullptr;
        if (s && s->knotsBy(asOf) > 1)
            continue; // a dated street or used price after launch: priced for good
        // Only the launch price: it is a buying price while the part is its line's current member.
        double &until = out[i];
        if (!part.family.empty()) {
            const auto r = releases.find(part.family);
            if (r != releases.end()) {
                const auto next = std::upper_bound(r->second.begin(), r->second.end(), part.released + 1e-9);
                if (next != r->second.end())
                    until = *next;
            }
            if (const ProductLine *line = d.prices.line(part.family))
                if (line->status == LineStatus::Ended && line->ended <= asOf)
                    until = std::min(until, line->ended);
        }
        if (s && s->newSupplyEnded <= asOf)
            until = std::min(until, s->newSupplyEnded);
    }
    return out;
}

double Box::ramUsdPerGbAt(double t) const
{
    return ramPrices && !ramPrices->t.empty() ? ramPrices->at(t, priceCutoff, trendLog) : 0.0;
}

double Box::priceAt(double t) const
{
    if (kind != PartKind::Gpu)
        return cardPriceAt(t);
    return gpus * (cardPriceAt(t) + hostPerCardUsd) + hostBaseUsd + ramGb * ramUsdPerGbAt(t);
}

BoxPrice Box::priceDetail(double t, bool withBasis) const
{
    BoxPrice b;
    b.t = t;
    b.unified = kind != PartKind::Gpu;
    b.cards = b.unified ? 1 : gpus;
    b.cardUsd = cardPriceAt(t);
    if (!b.unified) {
        b.hostBaseUsd = hostBaseUsd;
        b.hostPerCardUsd = hostPerCardUsd;
        b.ramGb = ramGb;
        b.ramUsdPerGb = ramUsdPerGbAt(t);
        b.ramUsd = ramGb * b.ramUsdPerGb;
    }
    b.totalUsd = b.cards * (b.cardUsd + b.hostPerCardUsd) + b.hostBaseUsd + b.ramUsd;
    b.usedOnly = usedOnly(t);
    if (cardPrices && !cardPrices->t.empty())
        b.observed = t <= cardPrices->t[static_cast<std::size_t>(std::max(1, cardPrices->knotsBy(priceCutoff)) - 1)] + 1e-9;
    if (!withBasis)
        return b;
    const auto usd = [](double x) { return "$" + std::to_string(static_cast<long long>(std::llround(x))); };
    const auto trendText = [&](double from) {
        if (t <= from + 1e-9)
            return std::string();
        const double pct = std::expm1(trendLog) * 100;
        return std::string(" then ") + (pct >= 0 ? "+" : "") + std::to_string(static_cast<int>(std::lround(pct))) +
               "%/yr for " + std::to_string(static_cast<int>(std::lround((t - from) * 12))) + " months (the price-trend assumption)";
    };
    if (cardPrices && !cardPrices->t.empty()) {
        const int n = std::max(1, cardPrices->knotsBy(priceCutoff));
        // The knots on either side of t (the observation that set a knot: the lowest of its date).
        const auto obsAt = [&](std::size_t k) {
            const PriceObservation *best = nullptr;
            for (const auto &o : cardPrices->obs)
                if (std::abs(o.t - cardPrices->t[k]) < 1e-9 && (!best || o.usd < best->usd))
                    best = &o;
            return best ? std::string(priceKindName(best->kind)) + " " + formatMonth(best->t) + " " + usd(best->usd) : std::string();
        };
        std::size_t k = 0;
        while (k + 1 < static_cast<std::size_t>(n) && cardPrices->t[k + 1] <= t + 1e-9)
            ++k;
        if (t <= cardPrices->t[0] + 1e-9 || k + 1 >= static_cast<std::size_t>(n))
            b.basis = obsAt(k) + trendText(cardPrices->t[k]);
        else
            b.basis = "between " + obsAt(k) + " and " + obsAt(k + 1);
    } else if (projectedPart) {
        b.basis = "projected generation at its base's launch price (" + projectedPart->base->name + " " + usd(launchPriceUsd) + ")" +
                  trendText(released);
    } else {
        b.basis = "launch " + formatMonth(released) + " " + usd(launchPriceUsd) + trendText(released);
    }
    return b;
}

bool Box::affordableAt(double t) const
{
    for (int i = 0; i < nWindows; ++i)
        if (t >= windows[i].from - 1e-9 && t <= windows[i].to + 1e-9)
            return true;
    return false;
}

double Box::nextAffordable(double t) const
{
    for (int i = 0; i < nWindows; ++i)
        if (t <= windows[i].to + 1e-9)
            return std::max(t, windows[i].from);
    return std::numeric_limits<double>::infinity();
}

BoxPrice Box::purchase(double t, bool withBasis) const
{
    if (affordableAt(t) || t <= availableFrom)
        return priceDetail(t, withBasis);
    // The end of the last window before t (the last time it was bought within the budget).
    double last = availableFrom;
    for (int i = 0; i < nWindows && windows[i].from <= t; ++i)
        last = std::min(t, windows[i].to);
    return priceDetail(last, withBasis);
}

BoxPrice Box::cheapestUpTo(double t, bool withBasis) const
{
    double best = t, bestUsd = priceAt(t);
    const double first = std::max(released, availableFrom);
    // Month by month back from t (a few hundred months at most; asked only for an answer's box).
    for (double m = floorToMonth(t) - 1.0 / 12; m >= floorToMonth(first) - 1e-9; m -= 1.0 / 12) {
        const double u = std::max(m, first);
        if (!affordableAt(u))
            continue;
        const double v = priceAt(u);
        if (v < bestUsd - 0.5) {
            bestUsd = v;
            best = u;
        }
    }
    return priceDetail(best, withBasis);
}

bool windowsCover(const Box &a, const Box &b)
{
    for (int i = 0; i < b.nWindows; ++i) {
        bool inside = false;
        for (int k = 0; k < a.nWindows && !inside; ++k)
            inside = a.windows[k].from <= b.windows[i].from + 1e-9 && a.windows[k].to >= b.windows[i].to - 1e-9;
        if (!inside)
            return false;
    }
    return true;
}

int ramTiers(double hostRamGb, double out[kMaxRamTiers])
{
    int n = 0;
    out[n++] = hostRamGb;
    for (double gb : {64.0, 32.0})
        if (gb < hostRamGb - 1e-9 && n < kMaxRamTiers)
            out[n++] = gb;
    return n;
}

std::string ProjectedPart::name() const
{
    const std::string year = formatMonth(released).substr(0, 4);
    if (explicitRoadmap)
        return "Next " + base->vendor + " flagship (" + year + ", roadmap)";
    return base->name + " successor +" + std::to_string(generation) + " (" + year + ", trend)";
}

std::string Box::partName() const { return catalogPart ? catalogPart->name : projectedPart->name(); }

std::string Box::label() const { return gpus > 1 ? std::to_string(gpus) + "x " + partName() : partName(); }

std::vector<ProjectedPart> projectGenerations(const DataSet &d, const Params &p, double asOf, bool roadmap,
                                              const std::string &roadmapFamily, double horizon)
{
    std::vector<ProjectedPart> out;
    projectGenerations(d, p, asOf, roadmap, roadmapFamily, horizon, out);
    return out;
}

std::vector<const HardwarePart *> lineBases(const DataSet &d, double asOf)
{
    // The newest priced member of each product line released by asOf is the base of its line.
    // Only a line that continues (prices.json product_lines) has successors: an ended line stays ended,
    // and a family with no stated status is not trended.
    std::vector<const HardwarePart *> bases;
    for (const auto &part : d.parts) {
        if (part.family.empty() || !part.priceUsd || part.released > asOf)
            continue;
        const ProductLine *line = d.prices.line(part.family);
        if (!line || !line->projectedAt(asOf))
            continue;
        auto it = std::find_if(bases.begin(), bases.end(), [&](const HardwarePart *b) { return b->familyId == part.familyId; });
        if (it == bases.end())
            bases.push_back(&part);
        else if (part.released > (*it)->released)
            *it = &part;
    }
    return bases;
}

void projectGenerations(const DataSet &d, const Params &p, double asOf, bool roadmap, const std::string &roadmapFamily,
                        double horizon, std::vector<ProjectedPart> &out)
{
    projectGenerations(lineBases(d, asOf), p, asOf, roadmap, roadmapFamily, horizon, out);
}

void projectGenerations(const std::vector<const HardwarePart *> &bases, const Params &p, double asOf, bool roadmap,
                        const std::string &roadmapFamily, double horizon, std::vector<ProjectedPart> &out)
{
    projectGenerations(bases, projectionInputs(p, asOf, roadmap, roadmapFamily, horizon), out);
}

CatalogInputs catalogInputs(const Params &p, double asOf, double budgetUsd, double horizon)
{
    CatalogInputs in;
    in.asOf = asOf;
    in.budgetUsd = budgetUsd;
    in.horizon = horizon;
    in.maxGpus = p.maxGpus;
    in.hostBaseUsd = p.hostBaseUsd;
    in.hostPerCardUsd = p.hostPerCardUsd;
    in.hostRamGb = p.hostRamGb;
    in.hostRamBandwidthGbps = p.hostRamBandwidthGbps;
    in.streetPriceTrendPctPerYear = p.streetPriceTrendPctPerYear;
    in.tensorParallelEfficiency = p.tensorParallelEfficiency;
    in.unifiedUsableFraction = p.unifiedUsableFraction;
    return in;
}

ProjectionInputs projectionInputs(const Params &p, double observedUntil, bool roadmap, std::string_view roadmapFamily,
                                  double horizon)
{
    ProjectionInputs in;
    in.observedUntil = observedUntil;
    in.horizon = horizon;
    in.generationCadenceYears = p.generationCadenceYears;
    in.memoryPerDollarDoublingYears = p.memoryPerDollarDoublingYears;
    in.bandwidthPerDollarDoublingYears = p.bandwidthPerDollarDoublingYears;
    in.computePerDollarDoublingYears = p.computePerDollarDoublingYears;
    in.roadmapNextYear = p.roadmapNextYear;
    in.roadmapNextMemoryGb = p.roadmapNextMemoryGb;
    in.roadmapNextBandwidthRatio = p.roadmapNextBandwidthRatio;
    in.roadmapNextPriceRatio = p.roadmapNextPriceRatio;
    in.roadmapFamily = roadmapFamily;
    in.roadmap = roadmap;
    return in;
}

MarketInputs marketInputs(const Params &p, double asOf, double observedUntil, bool roadmap, std::string_view roadmapFamily,
                          double budgetUsd, double horizon)
{
    return {catalogInputs(p, asOf, budgetUsd, horizon), projectionInputs(p, observedUntil, roadmap, roadmapFamily, horizon)};
}

void projectGenerations(const std::vector<const HardwarePart *> &bases, const ProjectionInputs &in,
                        std::vector<ProjectedPart> &out)
{
    const double asOf = in.observedUntil;
    out.clear();
    out.reserve(bases.size() * 10);
    const double cad = in.generationCadenceYears;
    // Later generations: at a constant price, each quantity grows by its per-dollar trend.
    const double memStep = std::exp2(cad / in.memoryPerDollarDoublingYears);
    const double bwStep = std::exp2(cad / in.bandwidthPerDollarDoublingYears);
    const double tfStep = std::exp2(cad / in.computePerDollarDoublingYears);
    for (const HardwarePart *b : bases) {
        ProjectedPart g;
        g.base = b;
        g.kind = b->kind;
        g.released = b->released;
        g.memoryGb = b->memoryGb;
        g.bandwidthGbps = b->bandwidthGbps;
        g.tflops = b->prefillTflops;
        g.priceUsd = *b->priceUsd;
        if (in.roadmap && b->family == in.roadmapFamily && in.roadmapNextYear > b->released) {
            // The explicit roadmap entry: year and memory as set, bandwidth and price relative to the base.
            // It applies whatever the as-of (once known) and whatever later data exist: its ship date is
            // an assumption, not something the end of the data can switch off.
            g.tflops *= std::exp2((in.roadmapNextYear - g.released) / in.computePerDollarDoublingYears);
            g.released = in.roadmapNextYear;
            g.memoryGb = in.roadmapNextMemoryGb;
            g.bandwidthGbps *= in.roadmapNextBandwidthRatio;
            g.priceUsd *= in.roadmapNextPriceRatio;
            g.explicitRoadmap = true;
            g.onRoadmap = true;
            g.generation = 1;
            out.push_back(g);
            g.explicitRoadmap = false;
        }
        while (true) {
            g.released += cad;
            if (g.released > in.horizon)
                break;
            g.memoryGb *= memStep;
            g.bandwidthGbps *= bwStep;
            g.tflops *= tfStep;
            ++g.generation;
            if (g.released > asOf)
                out.push_back(g);
        }
    }
}

namespace {

// What every configuration of one market shares.
struct ConfigTerms {
    int maxGpus = 1;
    double hostBase = 0, hostPerCard = 0, ramGb = 0; // GPU boxes (ramGb: the largest tier)
    double tiers[kMaxRamTiers] = {};                 // the host RAM tiers, largest first
    int nTiers = 1;
    double ramBandwidthGbps = 0, tensorParallelEfficiency = 1;
    double unifiedUsableFraction = 1;                // unified boxes
    const PriceSeries *ram = nullptr;                // USD per GB
    Path ramPath;
    double trendLog = 0, cutoff = 0;
    double budget = 0, horizon = 0;
    bool monthOnly = false; // BoxList::MonthOnly: no smaller RAM tier its largest sibling covers
    double ramMin = 0, ramMax = 0; // the lowest and highest RAM price per GB from the first knot to the horizon
};

// The system the roofline sees: n cards with the host's RAM tier, or a unified box's usable share;
// and the host's prices a GPU box adds to its cards.
void setSpec(Box &b, const HardwarePart *part, bool catalogPart, int n, double ramGb, double memGb, double bwGbps, double tflops,
             const ConfigTerms &c)
{
    b.spec.gpus = n;
    b.spec.unified = b.kind == PartKind::Unified;
    if (part)
        b.spec.kind = systemKindOf(*part); // which kind's decode constants apply
    // A catalog part of a family fitted on its own (one run) decodes with that family's fixed time;
    // a projected part (a later generation, its family never measured) with its kind's.
    b.spec.fixedSeconds = part && catalogPart ? part->decodeFixedSeconds : -1;
    if (b.kind == PartKind::Gpu) {
        b.hostBaseUsd = c.hostBase;
        b.hostPerCardUsd = c.hostPerCard;
        b.ramGb = ramGb;
        const double tp = std::max(1.0, n * c.tensorParallelEfficiency);
        b.spec.vramGb = n * memGb;
        b.spec.ramGb = ramGb;
        b.spec.bandwidthGbps = bwGbps * tp; // layer split streams one card at a time
        b.spec.ramBandwidthGbps = c.ramBandwidthGbps;
        b.spec.tflops = tflops * tp;
    } else {
        b.spec.vramGb = memGb * c.unifiedUsableFraction;
        b.spec.bandwidthGbps = bwGbps;
        b.spec.tflops = tflops;
    }
}

void addConfigs(std::vector<Box> &out, const HardwarePart *cat, const PriceSeries *series, const ProjectedPart *proj,
                PartKind kind, double released, double price, double memGb, double bwGbps, double tflops, const ConfigTerms &c,
                double pricedTill = std::numeric_limits<double>::infinity())
{
    const bool gpu = kind == PartKind::Gpu;
    const int maxN = gpu ? c.maxGpus : 1;
    Path card = knownPath(series, c.cutoff);
    double launchLog = 0; // ln of the launch price, read only without a price path
    if (card.n == 0) { // a projected part (or a catalog part without a price path): its launch price
        launchLog = std::log(price);
        card.t = &released;
        card.lp = &launchLog;
        card.n = 1;
    }
    const Path noRam;
    const double newSupplyEnded = series ? series->newSupplyEnded : 1e300;
    const int nTiers = gpu ? c.nTiers : 1;
    const double end = std::min(c.horizon, pricedTill);
    // The card's lowest and highest price on the way (the same for every count and tier).
    const double cardMin = released <= end ? minOver(card, released, end, c.trendLog) : 0.0;
    const double cardMax = released <= end ? maxOver(card, released, end, c.trendLog) : 0.0;
    // The part's prices at its knots, built for the first configuration that needs the walk.
    thread_local KnotPrices knots; // storage kept from part to part (the Monte Carlo's threads: one each)
    bool haveKnots = false;
    const auto prices = [&]() -> const KnotPrices & {
        if (!haveKnots) {
            knotPrices(card, gpu ? c.ramPath : noRam, released, end, c.trendLog, knots);
            haveKnots = true;
        }
        return knots;
    };
    for (int n = 1; n <= maxN; ++n) {
    std::size_t largest = out.size(); // the largest tier's box of these cards (out.size(): none)
    for (int tier = 0; tier < nTiers; ++tier) {
        const double ramGb = gpu ? c.tiers[tier] : 0.0;
        const double fixed = gpu ? c.hostBase + n * c.hostPerCard : 0.0;
        const bool haveLargest = tier > 0 && largest < out.size();
        // Month only: a largest tier affordable all the way covers every smaller one (not priced).
        if (c.monthOnly && haveLargest && out[largest].nWindows == 1 && out[largest].windows[0].from <= released &&
            out[largest].windows[0].to >= end)
            break;
        AffordableWindow win[kMaxWindows];
        const int nWin = affordableWindows(prices, n, ramGb, fixed, c.budget, released, end, c.ramMin, c.ramMax, cardMin,
                                           cardMax, win, kMaxWindows);
        if (nWin == 0) { // never within budget while the part has a price (a launch-only part: until superseded)
            // The smallest tier of n cards never: n + 1 cards of any tier cost more at every time.
            if (tier == nTiers - 1)
                return;
            continue;
        }
        if (c.monthOnly && haveLargest) {
            Box probe;
            std::copy(win, win + nWin, probe.windows.begin());
            probe.nWindows = nWin;
            if (windowsCover(out[largest], probe))
                continue;
        }
        if (tier == 0)
            largest = out.size();
        const double avail = win[0].from;
        Box &b = out.emplace_back();
        std::copy(win, win + nWin, b.windows.begin());
        b.nWindows = nWin;
        b.ramTier = tier;
        b.catalogPart = cat;
        b.projectedPart = proj;
        b.kind = kind;
        b.gpus = n;
        b.projected = proj != nullptr;
        b.released = released;
        b.cardMemoryGb = memGb;
        b.cardBandwidthGbps = bwGbps;
        b.availableFrom = avail;
        b.cardPrices = series && !series->t.empty() ? series : nullptr;
        b.ramPrices = gpu ? c.ram : nullptr;
        b.launchPriceUsd = price;
        b.priceCutoff = c.cutoff;
        b.budgetUsd = c.budget;
        b.trendLog = c.trendLog;
        b.newSupplyEnded = newSupplyEnded;
        b.pricedUntil = pricedTill;
        setSpec(b, cat ? cat : proj ? proj->base : nullptr, cat != nullptr, n, ramGb, memGb, bwGbps, tflops, c);
    }
    }
}

// Box::purchase(t).totalUsd, without the rest of the price detail (whether used only, whether
// observed) that the pruning never reads: priceAt sums the same terms in the same order.
double purchaseUsd(const Box &b, double t)
{
    if (b.affordableAt(t) || t <= b.availableFrom)
        return b.priceAt(t);
    return b.purchase(t, false).totalUsd;
}

// b's price at the month a dominance check prices it: the later of its release and its
// availability, unless a was released later still. Most checks with b price it there, so the
// sweep keeps it (NaN until first asked).
struct PricedAt {
    double t;
    double usd = std::numeric_limits<double>::quiet_NaN();
};

bool dominates(const Box &a, const Box &b, PricedAt &bPrice)
{
    // (more cards add fixed time per token, so they do not dominate, and neither does a box of another
    // kind, whose decode constants differ; a dearer box
    // does not either: among boxes reaching parity in the same month the report names the cheapest)
    if (!(a.availableFrom <= b.availableFrom && a.spec.vramGb >= b.spec.vramGb && a.spec.ramGb >= b.spec.ramGb &&
          a.spec.bandwidthGbps >= b.spec.bandwidthGbps && a.spec.ramBandwidthGbps >= b.spec.ramBandwidthGbps &&
          a.spec.tflops >= b.spec.tflops && a.spec.gpus <= b.spec.gpus && a.spec.unified == b.spec.unified &&
          a.spec.kind == b.spec.kind && // each kind has its own decode constants
          (a.spec.fixedSeconds == b.spec.fixedSeconds || (a.spec.fixedSeconds >= 0 && a.spec.fixedSeconds <= b.spec.fixedSeconds))))
        return false; // (and a family fitted on its own has its own fixed time: -1, the kind's, compares only with itself)
    // A box is an answer only while it is affordable: a dominates b only if it is affordable whenever b is.
    if (!windowsCover(a, b))
        return false;
    const double t = std::max(a.released, bPrice.t);
    if (t != bPrice.t)
        return purchaseUsd(a, t) <= purchaseUsd(b, t) + 0.5;
    if (std::isnan(bPrice.usd))
        bPrice.usd = purchaseUsd(b, t);
    return purchaseUsd(a, t) <= bPrice.usd + 0.5;
}

// Sorts `boxes` by availability (then list order) and drops each box that a box kept before it
// dominates (domination is transitive, so checking the kept ones suffices). A sweep: the kept
// boxes are grouped by what must match exactly or be at most (cards, unified, host RAM and its
// bandwidth), and within a group sorted by memory, largest first, so only the kept boxes with at
// least a box's memory are compared with it. The same boxes are kept as by comparing each with
// every kept one; on a catalog of near-copies (1,000 parts) it compares a few instead of all.
void pruneDominated(std::vector<Box> &boxes)
{
    std::vector<std::uint32_t> order(boxes.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<std::uint32_t>(i);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return boxes[a].availableFrom < boxes[b].availableFrom || (boxes[a].availableFrom == boxes[b].availableFrom && a < b);
    });
    struct Group {
        int gpus;
        bool unified;
        double ramGb, ramBandwidthGbps;
        std::vector<std::uint32_t> byMemory; // indices into `boxes`, vramGb descending
    };
    std::vector<Group> groups;
    std::vector<std::uint32_t> keptOrder;
    keptOrder.reserve(boxes.size());
    for (std::uint32_t i : order) {
        const Box &b = boxes[i];
        PricedAt bPrice{std::max(b.released, b.availableFrom)};
        bool dominated = false;
        for (const Group &g : groups) {
            // What dominates() asks of the two boxes' group terms.
            if (!(g.gpus <= b.spec.gpus && (!g.unified || b.spec.unified) && g.ramGb >= b.spec.ramGb &&
                  g.ramBandwidthGbps >= b.spec.ramBandwidthGbps))
                continue;
            for (std::uint32_t k : g.byMemory) {
                const Box &a = boxes[k];
                if (a.spec.vramGb < b.spec.vramGb)
                    break; // the rest have less memory
                if (a.spec.bandwidthGbps >= b.spec.bandwidthGbps && a.spec.tflops >= b.spec.tflops && dominates(a, b, bPrice)) {
                    dominated = true;
                    break;
                }
            }
            if (dominated)
                break;
        }
        if (dominated)
            continue;
        keptOrder.push_back(i);
        auto g = std::find_if(groups.begin(), groups.end(), [&](const Group &x) {
            return x.gpus == b.spec.gpus && x.unified == b.spec.unified && x.ramGb == b.spec.ramGb &&
                   x.ramBandwidthGbps == b.spec.ramBandwidthGbps;
        });
        if (g == groups.end()) {
            groups.push_back({b.spec.gpus, b.spec.unified, b.spec.ramGb, b.spec.ramBandwidthGbps, {}});
            g = groups.end() - 1;
        }
        const auto at = std::upper_bound(g->byMemory.begin(), g->byMemory.end(), b.spec.vramGb,
                                         [&](double v, std::uint32_t k) { return v > boxes[k].spec.vramGb; });
        g->byMemory.insert(at, i);
    }
    std::vector<Box> kept;
    kept.reserve(keptOrder.size());
    for (std::uint32_t i : keptOrder)
        kept.push_back(boxes[i]);
    boxes.swap(kept);
}

} // namespace

std::vector<Box> buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected,
                            double asOf, double budget, double horizon, BoxList list)
{
    std::vector<Box> out;
    buildBoxes(d, p, projected, asOf, budget, horizon, list, out);
    return out;
}

namespace {
ConfigTerms configTerms(const DataSet &d, const CatalogInputs &in)
{
    ConfigTerms c;
    c.maxGpus = std::max(1, static_cast<int>(std::lround(in.maxGpus)));
    c.hostBase = in.hostBaseUsd;
    c.hostPerCard = in.hostPerCardUsd;
    c.ramGb = in.hostRamGb;
    c.nTiers = ramTiers(in.hostRamGb, c.tiers);
    c.ramBandwidthGbps = in.hostRamBandwidthGbps;
    c.tensorParallelEfficiency = in.tensorParallelEfficiency;
    c.unifiedUsableFraction = in.unifiedUsableFraction;
    c.ram = d.prices.ramUsdPerGb.t.empty() ? nullptr : &d.prices.ramUsdPerGb;
    c.ramPath = knownPath(c.ram, in.asOf);
    c.trendLog = std::log1p(in.streetPriceTrendPctPerYear / 100.0);
    c.cutoff = in.asOf;
    c.budget = in.budgetUsd;
    const double horizon = in.horizon;
    c.horizon = horizon;
    c.ramMin = c.ramPath.n > 0 ? minOver(c.ramPath, c.ramPath.t[0], std::max(horizon, c.ramPath.t[0]), c.trendLog) : 0.0;
    c.ramMax = c.ramPath.n > 0 ? maxOver(c.ramPath, c.ramPath.t[0], std::max(horizon, c.ramPath.t[0]), c.trendLog) : 0.0;
    return c;
}

void addCatalogConfigs(const DataSet &d, const ConfigTerms &c, const std::vector<double> &until, std::vector<Box> &dst)
{
    const double asOf = c.cutoff;
    for (std::size_t i = 0; i < d.parts.size(); ++i) {
        const HardwarePart &part = d.parts[i];
        if (!part.priceUsd || part.released > asOf)
            continue;
        const PriceSeries *series = i < d.prices.parts.size() ? &d.prices.parts[i] : nullptr;
        addConfigs(dst, &part, series, nullptr, part.kind, part.released, *part.priceUsd, part.memoryGb,
                   part.bandwidthGbps, part.prefillTflops, c, until[i]);
    }
}
} // namespace

void catalogConfigs(const DataSet &d, const CatalogInputs &in, std::vector<Box> &out)
{
    out.clear();
    addCatalogConfigs(d, configTerms(d, in), pricedUntil(d, in.asOf), out);
}

void buildBoxes(const DataSet &d, const CatalogInputs &in, const std::vector<Box> &catalog,
                const std::vector<ProjectedPart> &projected, BoxList list, std::vector<Box> &out)
{
    ConfigTerms c = configTerms(d, in);
    c.monthOnly = list == BoxList::MonthOnly;
    out.clear();
    out.reserve(catalog.size() + projected.size() * 2);
    out.insert(out.end(), catalog.begin(), catalog.end());
    for (const auto &g : projected)
        addConfigs(out, nullptr, nullptr, &g, g.kind, g.released, g.priceUsd, g.memoryGb, g.bandwidthGbps, g.tflops, c);
    if (list == BoxList::Pruned)
        pruneDominated(out);
}

void buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected, double asOf,
                double budget, double horizon, BoxList list, std::vector<Box> &out)
{
    buildBoxes(d, p, projected, asOf, budget, horizon, list, pricedUntil(d, asOf), out);
}

void buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected, double asOf,
                double budget, double horizon, BoxList list, const std::vector<double> &until, std::vector<Box> &out)
{
    buildBoxes(d, catalogInputs(p, asOf, budget, horizon), until, projected, list, out);
}

void buildBoxes(const DataSet &d, const CatalogInputs &in, const std::vector<double> &until,
                const std::vector<ProjectedPart> &projected, BoxList list, std::vector<Box> &out)
{
    const bool prune = list == BoxList::Pruned;
    std::vector<Box> &dst = out;
    dst.clear();
    dst.reserve(d.parts.size() * 2 + projected.size() * 2);
    ConfigTerms c = configTerms(d, in);
    c.monthOnly = list == BoxList::MonthOnly;
    addCatalogConfigs(d, c, until, dst);
    for (const auto &g : projected)
        addConfigs(dst, nullptr, nullptr, &g, g.kind, g.released, g.priceUsd, g.memoryGb, g.bandwidthGbps, g.tflops, c);
    if (!prune)
        return;
    pruneDominated(out);
}

} // namespace ff

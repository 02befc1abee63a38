#pragma once
// What a budget can buy over time: catalog parts (with street prices falling after launch)
// and future generations (the explicit memory roadmap, then trend extrapolation).
#include <array>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "data/assumptions.h"
#include "data/dataset.h"
#include "physics/roofline.h"

namespace ff {

struct ProjectedPart;

// A box's price at one time, by part (the report's "best box price").
struct BoxPrice {
    double t = 0;            // when it is priced
    double totalUsd = 0;
    int cards = 1;           // 1 for a unified system
    double cardUsd = 0;      // one card (gpu) or the whole system (unified)
    double hostBaseUsd = 0;  // GPU boxes: CPU, board, SSD, case
    double hostPerCardUsd = 0; // GPU boxes: PSU, board and case share, per card
    double ramGb = 0, ramUsdPerGb = 0, ramUsd = 0; // GPU boxes: system RAM
    bool unified = false;
    bool usedOnly = false;   // the part is only on the used market at t
    bool observed = false;   // t lies within the part's dated observations (not extrapolated)
    // The observations the card's price comes from: "street 2026-01 $3,059", "launch 2025-01 $1,999 then
    // -10%/yr", or for a projected generation its base's launch price. Never empty.
    std::string basis;
};

// A stretch of time in which a box costs at most the budget (both ends affordable).
struct AffordableWindow {
    double from = 0, to = 0;
};
// The most windows a box keeps (a price path with more separate affordable stretches up to the
// horizon keeps its first ones; the shipped paths give at most three).
inline constexpr int kMaxWindows = 6;

struct Box {
    const HardwarePart *catalogPart = nullptr;  // one of these two is set
    const ProjectedPart *projectedPart = nullptr;
    PartKind kind = PartKind::Gpu;
    int gpus = 1;
    bool projected = false;
    double released = 0;       // when the part exists
    double availableFrom = 0;  // first time it exists and costs <= budget (windows[0].from)
    // When it can be bought within the budget: the box is an answer only in these windows (bought in the
    // month it is used, at that month's price), up to the horizon and while the part has a price.
    std::array<AffordableWindow, kMaxWindows> windows{};
    int nWindows = 0;
    int ramTier = 0;           // GPU boxes: which host RAM tier (0 = the largest, host_ram_gb; ramTiers)
    double cardMemoryGb = 0;   // per card (or system memory for unified)
    double cardBandwidthGbps = 0;
    BoxSpec spec;
    // Pricing (market.cpp): the card's dated path (catalog parts) or its launch price (projected),
    // the host terms and the trend past the last observation; observations after priceCutoff (as-of) are unknown.
    const PriceSeries *cardPrices = nullptr;
    const PriceSeries *ramPrices = nullptr; // USD per GB; null: RAM not priced (no prices.json)
    double launchPriceUsd = 0; // projected parts (and catalog parts without a series): price at `released`
    double priceCutoff = 0;
    double trendLog = 0;       // ln(1 + trend) per year
    double hostBaseUsd = 0, hostPerCardUsd = 0, ramGb = 0;
    double budgetUsd = 0;
    double newSupplyEnded = 1e300; // from then on only used
    // The last time the part has a price a buyer could pay: +inf for a part with dated street or used
    // observations (extrapolated by the trend after the last); for a part priced only at launch, when
    // its line's next member came out, its line ended or its new supply ended. It is never bought later.
    double pricedUntil = 1e300;
    double cardPriceAt(double t) const;  // one card or the whole unified system
    double ramUsdPerGbAt(double t) const;
    double priceAt(double t) const;      // the whole box
    // (withBasis false: the numbers only, no words; for searches that price every month.)
    BoxPrice priceDetail(double t, bool withBasis = true) const;
    // Whether it costs at most the budget at t (t within one of its windows).
    bool affordableAt(double t) const;
    // The first time >= t at which it is affordable; +inf if none up to the horizon.
    double nextAffordable(double t) const;
    // What the box cost when last bought within the budget by t: at t if it is affordable then, else at
    // the end of its last window before t (before its first window: at availableFrom).
    BoxPrice purchase(double t, bool withBasis = true) const;
    // The cheapest month to buy it in, from its first window up to t (the month grid; t itself when
    // nothing earlier was cheaper): the report's "bought in 2025-01 it cost $3,613", said beside the
    // price at t, never instead of it.
    BoxPrice cheapestUpTo(double t, bool withBasis = true) const;
    bool usedOnly(double t) const { return t >= newSupplyEnded; }
    std::string partName() const;
    std::string label() const; // "2x RTX 4090", "DGX Spark", "RTX 5090 successor +1 (2030, trend)"
};

// Whether a is affordable whenever b is (each of b's windows inside one of a's).
bool windowsCover(const Box &a, const Box &b);

// A projected part (roadmap or extrapolated generation), before it is put into boxes.
struct ProjectedPart {
    const HardwarePart *base = nullptr; // the newest catalog member of the line
    int generation = 0;                 // 1 = the first generation after base
    PartKind kind = PartKind::Gpu;
    double released = 0;
    double priceUsd = 0;
    double memoryGb = 0;
    double bandwidthGbps = 0;
    double tflops = 0;
    bool explicitRoadmap = false;
    // The entry or a generation projected from it (its line's schedule runs from the entry's year):
    // an answer on such a box rests on the entry whether or not it comes without it in the same month.
    bool onRoadmap = false;
    std::string name() const;
};

// What the market reads besides the data, as values: the only way in to projectGenerations and
// buildBoxes below, so a cache keyed by these (Engine::market) sees every input by construction.
// fields() lists every member; the static_asserts below fail when a member is missing from it.
//
// The catalog parts' box configurations (catalogConfigs, and the host terms buildBoxes adds to
// projected parts): they do not move with the projection's assumptions (the paces, the roadmap).
struct CatalogInputs {
    double asOf = 0; // price observations after it are unknown; parts released after it do not exist
    double budgetUsd = 0, horizon = 0;
    double maxGpus = 1, hostBaseUsd = 0, hostPerCardUsd = 0, hostRamGb = 0, hostRamBandwidthGbps = 0; // hostRamGb: the largest tier
    double streetPriceTrendPctPerYear = 0, tensorParallelEfficiency = 1, unifiedUsableFraction = 1;
    auto fields() const
    {
        return std::tie(asOf, budgetUsd, horizon, maxGpus, hostBaseUsd, hostPerCardUsd, hostRamGb, hostRamBandwidthGbps,
                        streetPriceTrendPctPerYear, tensorParallelEfficiency, unifiedUsableFraction);
    }
    bool operator==(const CatalogInputs &o) const { return fields() == o.fields(); }
    bool operator!=(const CatalogInputs &o) const { return !(*this == o); }
};
// The projected generations (projectGenerations).
struct ProjectionInputs {
    double observedUntil = 0; // the lines project from their newest member released by then
    double horizon = 0;
    double generationCadenceYears = 0;
    double memoryPerDollarDoublingYears = 0, bandwidthPerDollarDoublingYears = 0, computePerDollarDoublingYears = 0;
    double roadmapNextYear = 0, roadmapNextMemoryGb = 0, roadmapNextBandwidthRatio = 0, roadmapNextPriceRatio = 0;
    std::string_view roadmapFamily; // the line that gets the explicit roadmap entry (a static string)
    bool roadmap = false;           // the explicit roadmap entry applies (known at the as-of, not switched off)
    auto fields() const
    {
        return std::tie(observedUntil, horizon, generationCadenceYears, memoryPerDollarDoublingYears,
                        bandwidthPerDollarDoublingYears, computePerDollarDoublingYears, roadmapNextYear, roadmapNextMemoryGb,
                        roadmapNextBandwidthRatio, roadmapNextPriceRatio, roadmapFamily, roadmap);
    }
    bool operator==(const ProjectionInputs &o) const { return fields() == o.fields(); }
    bool operator!=(const ProjectionInputs &o) const { return !(*this == o); }
};
struct MarketInputs {
    CatalogInputs catalog;
    ProjectionInputs projection;
    bool operator==(const MarketInputs &o) const { return catalog == o.catalog && projection == o.projection; }
    bool operator!=(const MarketInputs &o) const { return !(*this == o); }
};

namespace detail {
template <class T> struct ValuesOf;
template <class... A> struct ValuesOf<std::tuple<A...>> {
    using type = std::tuple<std::decay_t<A>...>;
};
// A struct whose fields() leaves out a member is larger than the tuple of what fields() names.
template <class T> constexpr bool fieldsNameEveryMember()
{
    return sizeof(T) == sizeof(typename ValuesOf<decltype(std::declval<const T &>().fields())>::type);
}
} // namespace detail
static_assert(detail::fieldsNameEveryMember<CatalogInputs>(), "CatalogInputs::fields() must name every member");
static_assert(detail::fieldsNameEveryMember<ProjectionInputs>(), "ProjectionInputs::fields() must name every member");
static_assert(sizeof(MarketInputs) == sizeof(CatalogInputs) + sizeof(ProjectionInputs), "MarketInputs::operator== must compare every member");

// The one place the market's inputs are read from the assumptions: the engine builds its market
// with marketInputs and keys its caches by the result; the Params overloads below go through the two parts.
CatalogInputs catalogInputs(const Params &p, double asOf, double budgetUsd, double horizon);
ProjectionInputs projectionInputs(const Params &p, double observedUntil, bool roadmap, std::string_view roadmapFamily,
                                  double horizon);
MarketInputs marketInputs(const Params &p, double asOf, double observedUntil, bool roadmap, std::string_view roadmapFamily,
                          double budgetUsd, double horizon);

// Future generations of every product line with a priced member released by asOf.
// The roadmap family gets the explicit next generation first when `roadmap` (the entry is known at the
// as-of and not switched off), as the successor of the line's newest part released before it.
std::vector<ProjectedPart> projectGenerations(const DataSet &d, const Params &p, double asOf, bool roadmap,
                                              const std::string &roadmapFamily, double horizon);
// The same into `out` (cleared first), reusing its storage.
void projectGenerations(const DataSet &d, const Params &p, double asOf, bool roadmap, const std::string &roadmapFamily,
                        double horizon, std::vector<ProjectedPart> &out);
// When each catalog part stops having a price a buyer could pay (Box::pricedUntil), as known at
// asOf; aligned with d.parts (infinity: priced for good).
std::vector<double> pricedUntil(const DataSet &d, double asOf);
// The newest priced member of each continuing product line released by asOf (what the lines project from).
std::vector<const HardwarePart *> lineBases(const DataSet &d, double asOf);
// projectGenerations from bases made by lineBases (for callers that project many times).
void projectGenerations(const std::vector<const HardwarePart *> &bases, const Params &p, double asOf, bool roadmap,
                        const std::string &roadmapFamily, double horizon, std::vector<ProjectedPart> &out);
// What the overloads above compute, from their inputs (bases made by lineBases(d, in.observedUntil)).
void projectGenerations(const std::vector<const HardwarePart *> &bases, const ProjectionInputs &in,
                        std::vector<ProjectedPart> &out);

// How buildBoxes leaves the list.
enum class BoxList {
    Pruned,   // sorted by availability, without the boxes another one matches or beats on every spec no later
    Unsorted, // every configuration in catalog order (the Monte Carlo's searches are bound-ordered instead)
    // Unsorted, for searches that want the month and not the box (solve(), the Monte Carlo's): without
    // each smaller RAM tier that its largest sibling (the same cards) covers, i.e. is affordable whenever
    // it is (windowsCover): such a tier runs no more and is affordable no more often, so it can only tie
    // in the month. Bounds the tiers' cost per sample: a largest tier affordable all the way (most
    // older parts) has its smaller tiers not even priced.
    MonthOnly,
};

// The host RAM tiers of a GPU box, largest first: host_ram_gb (the slider: the largest tier), then the
// standard 64 and 32 GB below it. At most kMaxRamTiers.
inline constexpr int kMaxRamTiers = 3;
int ramTiers(double hostRamGb, double out[kMaxRamTiers]);

// Every box configuration within budget at some time up to the horizon (GPU boxes: one per RAM tier,
// each with its affordability windows). Pruned boxes can never win (a box that dominates them is
// affordable whenever they are), so both lists give the same parity years.
// `projected` must outlive the boxes (they point into it).
std::vector<Box> buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected,
                            double asOf, double budgetUsd, double horizon, BoxList list = BoxList::Pruned);
// The same into `out` (cleared first), reusing its storage.
void buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected, double asOf,
                double budgetUsd, double horizon, BoxList list, std::vector<Box> &out);
// The same with pricedUntil(d, asOf) made once by the caller (`until`, aligned with d.parts; the
// solver keeps it in its Context): the same list.
void buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected, double asOf,
                double budgetUsd, double horizon, BoxList list, const std::vector<double> &until, std::vector<Box> &out);
// What the Params overloads compute, from the market's inputs (catalogInputs(p, asOf, budgetUsd,
// horizon)): for a caller that keys a cache on the CatalogInputs it passes here.
void buildBoxes(const DataSet &d, const CatalogInputs &in, const std::vector<double> &until,
                const std::vector<ProjectedPart> &projected, BoxList list, std::vector<Box> &out);

// The catalog parts' configurations alone (the first part of buildBoxes, unpruned, in catalog
// order): they do not move with the projection's assumptions (the paces, the roadmap), so a caller
// that builds many lists keeps them, keyed on their CatalogInputs, and passes them to buildBoxes below.
void catalogConfigs(const DataSet &d, const CatalogInputs &in, std::vector<Box> &out);
// buildBoxes with the catalog's configurations made by catalogConfigs (same data and inputs):
// the same list as buildBoxes makes.
void buildBoxes(const DataSet &d, const CatalogInputs &in, const std::vector<Box> &catalog,
                const std::vector<ProjectedPart> &projected, BoxList list, std::vector<Box> &out);

} // namespace ff

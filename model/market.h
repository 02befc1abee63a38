#pragma once
// What a budget can buy over time: catalog parts (with street prices falling after launch)
// and future generations (the explicit memory roadmap, then trend extrapolation).
#include <string>
#include <vector>

#include "assumptions.h"
#include "dataset.h"
#include "roofline.h"

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
};

struct Box {
    const HardwarePart *catalogPart = nullptr;  // one of these two is set
    const ProjectedPart *projectedPart = nullptr;
    PartKind kind = PartKind::Gpu;
    int gpus = 1;
    bool projected = false;
    double released = 0;       // when the part exists
    double availableFrom = 0;  // first time it exists and costs <= budget (bought then, it is owned later)
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
    double cardPriceAt(double t) const;  // one card or the whole unified system
    double ramUsdPerGbAt(double t) const;
    double priceAt(double t) const;      // the whole box
    BoxPrice priceDetail(double t) const;
    // What owning the box at t cost: bought at t if it is within the budget then, else when it first
    // was (availableFrom; street prices can rise after that).
    BoxPrice purchase(double t) const;
    bool usedOnly(double t) const { return t >= newSupplyEnded; }
    std::string partName() const;
    std::string label() const; // "2x RTX 4090", "DGX Spark", "RTX 5090 successor +1 (2030, trend)"
};

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
    std::string name() const;
};

// Future generations of every product line with a priced member released by asOf.
// The roadmap family gets the explicit next generation first when `roadmap` (the entry is known at the
// as-of and not switched off), as the successor of the line's newest part released before it.
std::vector<ProjectedPart> projectGenerations(const DataSet &d, const Params &p, double asOf, bool roadmap,
                                              const std::string &roadmapFamily, double horizon);
// The same into `out` (cleared first), reusing its storage.
void projectGenerations(const DataSet &d, const Params &p, double asOf, bool roadmap, const std::string &roadmapFamily,
                        double horizon, std::vector<ProjectedPart> &out);
// The newest priced member of each product line released by asOf (what the lines project from).
std::vector<const HardwarePart *> lineBases(const DataSet &d, double asOf);
// projectGenerations from bases made by lineBases (for callers that project many times).
void projectGenerations(const std::vector<const HardwarePart *> &bases, const Params &p, double asOf, bool roadmap,
                        const std::string &roadmapFamily, double horizon, std::vector<ProjectedPart> &out);

// How buildBoxes leaves the list.
enum class BoxList {
    Pruned,   // sorted by availability, without the boxes another one matches or beats on every spec no later
    Unsorted, // every configuration in catalog order (the Monte Carlo's searches are bound-ordered instead)
};

// Every box configuration within budget at some time up to the horizon. Pruned boxes can never win
// (a box that dominates them is available no later), so both lists give the same parity years.
// `projected` must outlive the boxes (they point into it).
std::vector<Box> buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected,
                            double asOf, double budgetUsd, double horizon, BoxList list = BoxList::Pruned);
// The same into `out` (cleared first), reusing its storage.
void buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected, double asOf,
                double budgetUsd, double horizon, BoxList list, std::vector<Box> &out);

// The catalog parts' configurations alone (the first part of buildBoxes, unpruned, in catalog
// order): they do not move with the projection's assumptions (the paces, the roadmap), so a caller
// that builds many lists keeps them, keyed on catalogConfigKey, and passes them to buildBoxes below.
std::vector<double> catalogConfigKey(const Params &p, double asOf, double budgetUsd, double horizon);
void catalogConfigs(const DataSet &d, const Params &p, double asOf, double budgetUsd, double horizon, std::vector<Box> &out);
// buildBoxes with the catalog's configurations made by catalogConfigs (same data, parameters and key):
// the same list as buildBoxes makes.
void buildBoxes(const DataSet &d, const Params &p, const std::vector<Box> &catalog, const std::vector<ProjectedPart> &projected,
                double asOf, double budgetUsd, double horizon, BoxList list, std::vector<Box> &out);

} // namespace ff

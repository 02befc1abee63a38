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

struct Box {
    const HardwarePart *catalogPart = nullptr;  // one of these two is set
    const ProjectedPart *projectedPart = nullptr;
    PartKind kind = PartKind::Gpu;
    int gpus = 1;
    bool projected = false;
    double released = 0;       // when the part exists
    double launchCostUsd = 0;  // whole box at launch (cards + host)
    double availableFrom = 0;  // first time it exists and costs <= budget
    double cardMemoryGb = 0;   // per card (or system memory for unified)
    double cardBandwidthGbps = 0;
    BoxSpec spec;
    double costAt(double t, double halfLife, double hostCost) const;
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
// The roadmap family gets the explicit next generation first (unless hindcasting).
std::vector<ProjectedPart> projectGenerations(const DataSet &d, const Params &p, double asOf, bool hindcast,
                                              const std::string &roadmapFamily, double horizon);
// The same into `out` (cleared first), reusing its storage.
void projectGenerations(const DataSet &d, const Params &p, double asOf, bool hindcast, const std::string &roadmapFamily,
                        double horizon, std::vector<ProjectedPart> &out);
// The newest priced member of each product line released by asOf (what the lines project from).
std::vector<const HardwarePart *> lineBases(const DataSet &d, double asOf);
// projectGenerations from bases made by lineBases (for callers that project many times).
void projectGenerations(const std::vector<const HardwarePart *> &bases, const Params &p, double asOf, bool hindcast,
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

} // namespace ff

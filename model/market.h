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

// Every box configuration within budget at some time up to the horizon, sorted by when it becomes
// available, without those another box matches or beats on every spec no later (they can never win).
// `projected` must outlive the boxes (they point into it).
std::vector<Box> buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected,
                            double asOf, double budgetUsd, double horizon, bool prune = true);

} // namespace ff

#include "market.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "timeutil.h"

namespace ff {

double Box::costAt(double t, double halfLife, double hostCost) const
{
    const double age = std::max(0.0, t - released);
    const double host = kind == PartKind::Gpu ? hostCost : 0.0;
    return (launchCostUsd - host) * std::exp2(-age / halfLife) + host;
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

std::vector<ProjectedPart> projectGenerations(const DataSet &d, const Params &p, double asOf, bool hindcast,
                                              const std::string &roadmapFamily, double horizon)
{
    std::vector<ProjectedPart> out;
    projectGenerations(d, p, asOf, hindcast, roadmapFamily, horizon, out);
    return out;
}

std::vector<const HardwarePart *> lineBases(const DataSet &d, double asOf)
{
    // The newest priced member of each product line released by asOf is the base of its line.
    std::vector<const HardwarePart *> bases;
    for (const auto &part : d.parts) {
        if (part.family.empty() || !part.priceUsd || part.released > asOf)
            continue;
        auto it = std::find_if(bases.begin(), bases.end(), [&](const HardwarePart *b) { return b->familyId == part.familyId; });
        if (it == bases.end())
            bases.push_back(&part);
        else if (part.released > (*it)->released)
            *it = &part;
    }
    return bases;
}

void projectGenerations(const DataSet &d, const Params &p, double asOf, bool hindcast, const std::string &roadmapFamily,
                        double horizon, std::vector<ProjectedPart> &out)
{
    projectGenerations(lineBases(d, asOf), p, asOf, hindcast, roadmapFamily, horizon, out);
}

void projectGenerations(const std::vector<const HardwarePart *> &bases, const Params &p, double asOf, bool hindcast,
                        const std::string &roadmapFamily, double horizon, std::vector<ProjectedPart> &out)
{
    out.clear();
    out.reserve(bases.size() * 10);
    const double cad = p.generationCadenceYears;
    // Later generations: at a constant price, each quantity grows by its per-dollar trend.
    const double memStep = std::exp2(cad / p.memoryPerDollarDoublingYears);
    const double bwStep = std::exp2(cad / p.bandwidthPerDollarDoublingYears);
    const double tfStep = std::exp2(cad / p.computePerDollarDoublingYears);
    for (const HardwarePart *b : bases) {
        ProjectedPart g;
        g.base = b;
        g.kind = b->kind;
        g.released = b->released;
        g.memoryGb = b->memoryGb;
        g.bandwidthGbps = b->bandwidthGbps;
        g.tflops = b->prefillTflops;
        g.priceUsd = *b->priceUsd;
        if (!hindcast && p.roadmapNextYear > asOf && b->family == roadmapFamily) {
            // The explicit roadmap entry: year and memory as set, bandwidth and price relative to the base.
            g.tflops *= std::exp2((p.roadmapNextYear - g.released) / p.computePerDollarDoublingYears);
            g.released = p.roadmapNextYear;
            g.memoryGb = p.roadmapNextMemoryGb;
            g.bandwidthGbps *= p.roadmapNextBandwidthRatio;
            g.priceUsd *= p.roadmapNextPriceRatio;
            g.explicitRoadmap = true;
            g.generation = 1;
            out.push_back(g);
            g.explicitRoadmap = false;
        }
        while (true) {
            g.released += cad;
            if (g.released > horizon)
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
    double host = 0;        // host cost for GPU boxes
    double left = 0;        // budget left for the cards of a GPU box
    double log2Left = 0;
    double log2Budget = 0;  // for unified systems (no host)
    double budget = 0, horizon = 0;
};

void addConfigs(std::vector<Box> &out, const HardwarePart *cat, const ProjectedPart *proj, PartKind kind,
                double released, double price, double memGb, double bwGbps, double tflops, const Params &p,
                const ConfigTerms &c)
{
    const bool gpu = kind == PartKind::Gpu;
    const int maxN = gpu ? c.maxGpus : 1;
    const double host = gpu ? c.host : 0.0;
    const double left = gpu ? c.left : c.budget;
    if (left <= 0)
        return;
    const double log2Left = gpu ? c.log2Left : c.log2Budget;
    double log2Price = NAN;
    for (int n = 1; n <= maxN; ++n) {
        // Street price halves every half-life after launch: affordable once cards * 2^(-age/h) <= budget - host.
        const double cards = n * price;
        double ageNeeded = 0;
        if (cards > left) {
            if (std::isnan(log2Price))
                log2Price = std::log2(price);
            static const double log2Cards[] = {0.0, 0.0, 1.0, 1.5849625007211562, 2.0}; // log2(n), n <= 4
            const double log2N = n < 5 ? log2Cards[n] : std::log2(static_cast<double>(n));
            ageNeeded = p.streetPriceHalfLifeYears * (log2Price + log2N - log2Left);
        }
        if (released + ageNeeded > c.horizon)
            continue;
        Box &b = out.emplace_back();
        b.catalogPart = cat;
        b.projectedPart = proj;
        b.kind = kind;
        b.gpus = n;
        b.projected = proj != nullptr;
        b.released = released;
        b.cardMemoryGb = memGb;
        b.cardBandwidthGbps = bwGbps;
        b.launchCostUsd = cards + host;
        b.availableFrom = released + ageNeeded;
        b.spec.gpus = n;
        b.spec.unified = kind == PartKind::Unified;
        if (gpu) {
            const double tp = std::max(1.0, n * p.tensorParallelEfficiency);
            b.spec.vramGb = n * memGb;
            b.spec.ramGb = p.hostRamGb;
            b.spec.bandwidthGbps = bwGbps * tp; // layer split streams one card at a time
            b.spec.ramBandwidthGbps = p.hostRamBandwidthGbps;
            b.spec.tflops = tflops * tp;
        } else {
            b.spec.vramGb = memGb * p.unifiedUsableFraction;
            b.spec.bandwidthGbps = bwGbps;
            b.spec.tflops = tflops;
        }
    }
}

bool dominates(const Box &a, const Box &b)
{
    return a.availableFrom <= b.availableFrom && a.spec.vramGb >= b.spec.vramGb && a.spec.ramGb >= b.spec.ramGb &&
           a.spec.bandwidthGbps >= b.spec.bandwidthGbps && a.spec.ramBandwidthGbps >= b.spec.ramBandwidthGbps &&
           a.spec.tflops >= b.spec.tflops && a.spec.gpus <= b.spec.gpus && (!a.spec.unified || b.spec.unified);
    // (more cards or a unified system add fixed time per token, so they do not dominate)
}

} // namespace

std::vector<Box> buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected,
                            double asOf, double budget, double horizon, BoxList list)
{
    std::vector<Box> out;
    buildBoxes(d, p, projected, asOf, budget, horizon, list, out);
    return out;
}

void buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected, double asOf,
                double budget, double horizon, BoxList list, std::vector<Box> &out)
{
    const bool prune = list == BoxList::Pruned;
    thread_local std::vector<Box> all;
    std::vector<Box> &dst = prune ? all : out;
    dst.clear();
    dst.reserve(d.parts.size() * 2 + projected.size() * 2);
    ConfigTerms c;
    c.maxGpus = std::max(1, static_cast<int>(std::lround(p.maxGpus)));
    c.host = p.hostCostUsd;
    c.left = budget - p.hostCostUsd;
    c.log2Left = c.left > 0 ? std::log2(c.left) : 0.0;
    c.log2Budget = budget > 0 ? std::log2(budget) : 0.0;
    c.budget = budget;
    c.horizon = horizon;
    for (const auto &part : d.parts) {
        if (!part.priceUsd || part.released > asOf)
            continue;
        addConfigs(dst, &part, nullptr, part.kind, part.released, *part.priceUsd, part.memoryGb, part.bandwidthGbps,
                   part.prefillTflops, p, c);
    }
    for (const auto &g : projected)
        addConfigs(dst, nullptr, &g, g.kind, g.released, g.priceUsd, g.memoryGb, g.bandwidthGbps, g.tflops, p, c);
    if (!prune)
        return;
    out.clear();
    std::vector<std::uint32_t> order(all.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = static_cast<std::uint32_t>(i);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return all[a].availableFrom < all[b].availableFrom || (all[a].availableFrom == all[b].availableFrom && a < b);
    });
    // A box can only be dominated by one available no later: those before it in this order, and
    // checking the kept ones suffices (domination is transitive).
    out.reserve(all.size());
    for (std::uint32_t i : order) {
        const Box &b = all[i];
        // The newest kept boxes are the likeliest to dominate: check from the back.
        if (std::none_of(out.rbegin(), out.rend(), [&](const Box &k) { return dominates(k, b); }))
            out.push_back(b);
    }
}

} // namespace ff

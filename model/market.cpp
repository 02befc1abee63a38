#include "market.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "timeutil.h"

namespace ff {

double Box::costAt(double t, double halfLife, double hostCost) const
{
    const double age = std::max(0.0, t - released);
    const double cards = launchCostUsd - (kind == PartKind::Gpu ? hostCost : 0.0);
    return cards * std::exp2(-age / halfLife) + (kind == PartKind::Gpu ? hostCost : 0.0);
}

std::vector<ProjectedPart> projectGenerations(const DataSet &d, const Params &p, double asOf, bool hindcast,
                                              const std::string &roadmapFamily, double horizon)
{
    // Newest priced member of each family released by asOf is the base of its line.
    std::map<std::string, const HardwarePart *> base;
    for (const auto &part : d.parts) {
        if (part.family.empty() || !part.priceUsd || part.released > asOf)
            continue;
        auto &b = base[part.family];
        if (!b || part.released > b->released)
            b = &part;
    }
    std::vector<ProjectedPart> out;
    const double cad = p.generationCadenceYears;
    for (const auto &[family, b] : base) {
        double t = b->released;
        double mem = b->memoryGb, bw = b->bandwidthGbps, tf = b->fp16Tflops.value_or(0), price = *b->priceUsd;
        int gen = 0;
        if (family == roadmapFamily && !hindcast && p.roadmapNextYear > asOf) {
            // The explicit roadmap entry: year and memory as set, bandwidth and price relative to the base.
            const double dt = p.roadmapNextYear - t;
            ProjectedPart g;
            g.family = family;
            g.kind = b->kind;
            g.released = p.roadmapNextYear;
            g.memoryGb = p.roadmapNextMemoryGb;
            g.bandwidthGbps = bw * p.roadmapNextBandwidthRatio;
            g.tflops = tf * std::exp2(dt / p.computePerDollarDoublingYears);
            g.priceUsd = price * p.roadmapNextPriceRatio;
            g.explicitRoadmap = true;
            g.name = "Next " + b->vendor + " flagship (" + formatMonth(g.released).substr(0, 4) + ", roadmap)";
            out.push_back(g);
            t = g.released;
            mem = g.memoryGb;
            bw = g.bandwidthGbps;
            tf = g.tflops;
            price = g.priceUsd;
            ++gen;
        }
        // Later generations: at a constant price, each quantity grows by its per-dollar trend.
        while (true) {
            t += cad;
            if (t > horizon)
                break;
            mem *= std::exp2(cad / p.memoryPerDollarDoublingYears);
            bw *= std::exp2(cad / p.bandwidthPerDollarDoublingYears);
            tf *= std::exp2(cad / p.computePerDollarDoublingYears);
            ++gen;
            if (t <= asOf)
                continue;
            ProjectedPart g;
            g.family = family;
            g.kind = b->kind;
            g.released = t;
            g.memoryGb = mem;
            g.bandwidthGbps = bw;
            g.tflops = tf;
            g.priceUsd = price;
            g.name = b->name + " successor +" + std::to_string(gen) + " (" + formatMonth(t).substr(0, 4) + ", trend)";
            out.push_back(g);
        }
    }
    return out;
}

namespace {

void addConfigs(std::vector<Box> &out, const std::string &name, PartKind kind, double released, double price,
                double memGb, double bwGbps, double tflops, bool projected, const Params &p, double asOf,
                double budget, double horizon)
{
    const int maxN = kind == PartKind::Gpu ? std::max(1, static_cast<int>(std::lround(p.maxGpus))) : 1;
    for (int n = 1; n <= maxN; ++n) {
        Box b;
        b.part = name;
        b.kind = kind;
        b.gpus = n;
        b.projected = projected;
        b.released = released;
        b.cardMemoryGb = memGb;
        b.cardBandwidthGbps = bwGbps;
        b.label = n > 1 ? std::to_string(n) + "x " + name : name;
        const double host = kind == PartKind::Gpu ? p.hostCostUsd : 0.0;
        const double cards = n * price;
        b.launchCostUsd = cards + host;
        if (budget <= host)
            continue;
        // Street price halves every half-life after launch: affordable once cards*2^(-age/h) <= budget - host.
        const double ageNeeded = cards > budget - host ? p.streetPriceHalfLifeYears * std::log2(cards / (budget - host)) : 0.0;
        b.availableFrom = released + ageNeeded;
        if (b.availableFrom > horizon)
            continue;
        (void)asOf;
        if (kind == PartKind::Gpu) {
            const double tp = std::max(1.0, n * p.tensorParallelEfficiency);
            b.spec.vramGb = n * memGb;
            b.spec.ramGb = p.hostRamGb;
            b.spec.bandwidthGbps = bwGbps * tp; // layer split streams one card at a time
            b.spec.ramBandwidthGbps = p.hostRamBandwidthGbps;
            b.spec.tflops = tflops * tp;
        } else {
            b.spec.vramGb = memGb * p.unifiedUsableFraction;
            b.spec.ramGb = 0;
            b.spec.bandwidthGbps = bwGbps;
            b.spec.ramBandwidthGbps = 0;
            b.spec.tflops = tflops;
        }
        out.push_back(b);
    }
}

} // namespace

std::vector<Box> buildBoxes(const DataSet &d, const Params &p, const std::vector<ProjectedPart> &projected,
                            double asOf, double budget, double horizon)
{
    std::vector<Box> out;
    out.reserve(d.parts.size() * 2 + projected.size() * 2);
    for (const auto &part : d.parts) {
        if (!part.priceUsd || part.released > asOf)
            continue;
        addConfigs(out, part.name, part.kind, part.released, *part.priceUsd, part.memoryGb, part.bandwidthGbps,
                   part.fp16Tflops.value_or(0), false, p, asOf, budget, horizon);
    }
    for (const auto &g : projected)
        addConfigs(out, g.name, g.kind, g.released, g.priceUsd, g.memoryGb, g.bandwidthGbps, g.tflops, true, p, asOf,
                   budget, horizon);
    // Drop configurations that another one matches or beats on every spec and is available no later.
    std::vector<Box> kept;
    kept.reserve(out.size());
    const auto dominates = [](const Box &a, const Box &b) {
        return a.availableFrom <= b.availableFrom && a.spec.vramGb >= b.spec.vramGb && a.spec.ramGb >= b.spec.ramGb &&
               a.spec.bandwidthGbps >= b.spec.bandwidthGbps && a.spec.ramBandwidthGbps >= b.spec.ramBandwidthGbps &&
               a.spec.tflops >= b.spec.tflops;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        bool dominated = false;
        for (std::size_t j = 0; j < out.size() && !dominated; ++j) {
            if (i == j || !dominates(out[j], out[i]))
                continue;
            // Exact ties: keep the earlier entry only.
            const bool tie = dominates(out[i], out[j]);
            dominated = !tie || j < i;
        }
        if (!dominated)
            kept.push_back(out[i]);
    }
    return kept;
}

} // namespace ff

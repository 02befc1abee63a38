#include "files/machine.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "uncertainty/claims.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ff {

using ojson = nlohmann::ordered_json;

namespace {

constexpr std::size_t kClosestParts = 3;

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string lower(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::optional<double> number(const std::string &s)
{
    const std::string t = trim(s);
    double v = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

// Letters and digits of a device name without vendor and brand words ("NVIDIA GeForce RTX 4090" -> "rtx4090").
std::string deviceKey(const std::string &s)
{
    static const char *const brand[] = {"nvidia", "geforce", "amd", "radeon", "apple", "intel", "graphics", "corporation", "gpu"};
    std::string out, word;
    const auto flush = [&] {
        if (!word.empty() && std::none_of(std::begin(brand), std::end(brand), [&](const char *b) { return word == b; }))
            out += word;
        word.clear();
    };
    for (char c : lower(s)) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            word += c;
        else
            flush();
    }
    flush();
    return out;
}

std::size_t editDistance(const std::string &a, const std::string &b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::vector<std::string> words(const std::string &s)
{
    std::vector<std::string> out;
    std::string w;
    for (char c : lower(s) + ' ') {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            w += c;
        } else if (!w.empty()) {
            out.push_back(w);
            w.clear();
        }
    }
    return out;
}

// Up to three catalog parts closest to what was typed: most shared words first, then the smallest
// edit distance (case-insensitive). A short list instead of the whole catalog.
std::string closestParts(const DataSet &d, const std::string &typed)
{
    const std::vector<std::string> tw = words(typed);
    std::vector<std::pair<std::pair<int, std::size_t>, std::string>> scored;
    for (const auto &p : d.parts) {
        int shared = 0;
        for (const auto &w : words(p.name))
            shared += std::count(tw.begin(), tw.end(), w) > 0 ? 1 : 0;
        scored.push_back({{-shared, editDistance(lower(typed), lower(p.name))}, p.name});
    }
    std::sort(scored.begin(), scored.end());
    std::string s;
    for (std::size_t i = 0; i < scored.size() && i < kClosestParts; ++i)
        s += (s.empty() ? "" : ", ") + scored[i].second;
    return s;
}

// The catalog part a device name means: an exact name, else the one part whose key equals or
// contains it (memory breaks a tie between variants). nullptr with *why set otherwise.
const HardwarePart *matchPart(const DataSet &d, const std::string &name, double memoryGb, std::string *why)
{
    for (const auto &p : d.parts)
        if (lower(p.name) == lower(trim(name)))
            return &p;
    const std::string k = deviceKey(name);
    std::vector<const HardwarePart *> exact, partial;
    for (const auto &p : d.parts) {
        const std::string a = deviceKey(p.name), f = deviceKey(p.fullName);
        if (!k.empty() && (a == k || f == k))
            exact.push_back(&p);
        else if (!k.empty() && (a.find(k) != std::string::npos || f.find(k) != std::string::npos))
            partial.push_back(&p);
    }
    auto &c = exact.empty() ? partial : exact;
    if (c.size() > 1 && memoryGb > 0) {
        // Variants of one chip: the memory the tool reports decides (within 10 %).
        std::vector<const HardwarePart *> near;
        for (const auto *p : c)
            if (std::fabs(p->memoryGb / memoryGb - 1) < 0.1)
                near.push_back(p);
        if (!near.empty())
            c = near;
    }
    if (c.size() == 1)
        return c.front();
    if (why) {
        std::string names;
        for (const auto *p : c)
            names += (names.empty() ? "" : ", ") + p->name;
        *why = "\"" + trim(name) + "\" " + (c.empty() ? "is not a part of the catalog" : "could be several parts: " + names);
    }
    return nullptr;
}

} // namespace

std::vector<DetectedGpu> parseNvidiaSmiCsv(const std::string &text)
{
    std::vector<DetectedGpu> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || lower(line).rfind("name", 0) == 0) // the header
            continue;
        const auto comma = line.rfind(',');
        if (comma == std::string::npos)
            continue;
        DetectedGpu g;
        g.name = trim(line.substr(0, comma));
        std::string mem = trim(line.substr(comma + 1));
        double scale = 1.048576 / 1000; // MiB -> GB
        if (mem.size() > 3 && lower(mem.substr(mem.size() - 3)) == "mib")
            mem = trim(mem.substr(0, mem.size() - 3));
        if (const auto v = number(mem))
            g.memoryGb = *v * scale;
        g.source = "nvidia-smi";
        if (!g.name.empty())
            out.push_back(g);
    }
    return out;
}

std::vector<DetectedGpu> parseLspci(const std::string &text)
{
    std::vector<DetectedGpu> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const std::string l = lower(line);
        if (l.find("vga compatible controller") == std::string::npos && l.find("3d controller") == std::string::npos &&
            l.find("display controller") == std::string::npos)
            continue;
        const auto colon = line.find(": ");
        std::string name = colon == std::string::npos ? line : line.substr(colon + 2);
        const auto close = name.rfind(']');
        const auto open = close == std::string::npos ? std::string::npos : name.rfind('[', close);
        // "NVIDIA Corporation AD102 [GeForce RTX 4090] (rev a1)": the bracket is the product name;
        // "[AMD/ATI]" alone is the vendor, not a product.
        if (open != std::string::npos && name.substr(open + 1, close - open - 1) != "AMD/ATI")
            name = name.substr(open + 1, close - open - 1);
        else {
            const auto rev = name.find(" (rev");
            name = trim(name.substr(0, rev));
        }
        out.push_back({trim(name), 0, "lspci"});
    }
    return out;
}

std::optional<DetectedGpu> parseDrmDevice(const std::string &vendorText, const std::string &vramTotalText)
{
    const std::string v = lower(trim(vendorText));
    DetectedGpu g;
    g.source = "sysfs";
    if (v == "0x10de")
        g.name = "NVIDIA GPU";
    else if (v == "0x1002")
        g.name = "AMD GPU";
    else if (v == "0x8086")
        g.name = "Intel GPU";
    else
        return std::nullopt;
    if (const auto bytes = number(vramTotalText))
        g.memoryGb = *bytes / 1e9;
    return g;
}

std::optional<double> parseMeminfoGb(const std::string &text)
{
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("MemTotal:", 0) != 0)
            continue;
        std::istringstream f(line.substr(9));
        double kb = 0;
        std::string unit;
        if (f >> kb >> unit && lower(unit) == "kb" && kb > 0)
            return kb * 1024 / 1e9;
        return std::nullopt;
    }
    return std::nullopt;
}

MachineSpec machineFromDetected(const DataSet &d, const std::vector<DetectedGpu> &gpus, std::optional<double> ramGb)
{
    if (gpus.empty())
        throw std::invalid_argument("no GPU found (nvidia-smi, /sys/class/drm and lspci name none); describe the box instead, e.g. \"RTX 4090 + 64 GB\"");
    // The first named device sets the box; identical ones make a multi-card box.
    const DetectedGpu *first = nullptr;
    for (const auto &g : gpus)
        if (g.source != "sysfs") {
            first = &g;
            break;
        }
    if (!first)
        throw std::invalid_argument("a " + gpus.front().name + " is present but no tool names its model (install nvidia-smi or lspci), or describe the box");
    std::string why;
    const HardwarePart *p = matchPart(d, first->name, first->memoryGb, &why);
    if (!p)
        throw std::invalid_argument("detected " + why + "; describe the box instead, e.g. \"RTX 4090 + 64 GB\"");
    MachineSpec m;
    m.part = p->name;
    m.gpus = 0;
    for (const auto &g : gpus)
        if (g.source == first->source && deviceKey(g.name) == deviceKey(first->name))
            ++m.gpus;
    if (p->kind == PartKind::Unified)
        m.gpus = 1;
    m.ramGb = p->kind == PartKind::Unified ? std::nullopt : ramGb;
    m.label = (m.gpus > 1 ? std::to_string(m.gpus) + "x " : "") + p->name + (m.ramGb ? " + " + fmtFixed(*m.ramGb, 0) + " GB" : "");
    m.notes.push_back(first->source + " names \"" + first->name + "\"" + (first->memoryGb > 0 ? " (" + fmtFixed(first->memoryGb, 1) + " GB)" : "") +
                      ": the catalog part " + p->name);
    if (ramGb)
        m.notes.push_back("/proc/meminfo: " + fmtFixed(*ramGb, 1) + " GB of system RAM");
    return m;
}

MachineSpec parseBoxDescription(const DataSet &d, const std::string &text)
{
    std::string device = trim(text), ram;
    const auto plus = device.find('+');
    if (plus != std::string::npos) {
        ram = trim(device.substr(plus + 1));
        device = trim(device.substr(0, plus));
    }
    if (device.empty())
        throw std::invalid_argument("expected a catalog part, e.g. \"RTX 4090 + 64 GB\"");
    MachineSpec m;
    // "2x RTX 3090", "2 x RTX 3090"
    std::size_t i = 0;
    while (i < device.size() && std::isdigit(static_cast<unsigned char>(device[i])))
        ++i;
    if (i > 0 && i < device.size()) {
        std::size_t j = i;
        while (j < device.size() && device[j] == ' ')
            ++j;
        if (j < device.size() && (device[j] == 'x' || device[j] == 'X') && j + 1 < device.size() && device[j + 1] == ' ') {
            m.gpus = std::stoi(device.substr(0, i));
            device = trim(device.substr(j + 1));
            if (m.gpus < 1 || m.gpus > 16)
                throw std::invalid_argument("between 1 and 16 cards, got " + std::to_string(m.gpus));
        }
    }
    std::string why;
    const HardwarePart *p = matchPart(d, device, 0, &why);
    if (!p)
        throw std::invalid_argument(why + (why.find("not a part") != std::string::npos ? "; closest: " + closestParts(d, device) : std::string()));
    if (p->kind == PartKind::Unified && m.gpus > 1)
        throw std::invalid_argument(p->name + " is a unified-memory system (one per box)");
    if (!ram.empty()) {
        std::string r = lower(ram);
        for (const char *suffix : {" ram", "ram"})
            if (r.size() > std::string(suffix).size() && r.compare(r.size() - std::string(suffix).size(), std::string::npos, suffix) == 0)
                r = trim(r.substr(0, r.size() - std::string(suffix).size()));
        double scale = 1;
        for (const auto &[suffix, s] : {std::pair<const char *, double>{"gib", 1.073741824}, {"gb", 1.0}, {"g", 1.0}})
            if (r.size() > std::string(suffix).size() && r.compare(r.size() - std::string(suffix).size(), std::string::npos, suffix) == 0) {
                r = trim(r.substr(0, r.size() - std::string(suffix).size()));
                scale = s;
                break;
            }
        const auto gb = number(r);
        if (!gb || *gb < 0 || *gb > 65536)
            throw std::invalid_argument("after '+' expected the system RAM, e.g. \"64 GB\", got \"" + ram + "\"");
        if (p->kind == PartKind::Unified)
            throw std::invalid_argument(p->name + " is a unified-memory system: its memory is part of it, no RAM to add");
        m.ramGb = *gb * scale;
    }
    m.part = p->name;
    m.label = (m.gpus > 1 ? std::to_string(m.gpus) + "x " : "") + p->name + (m.ramGb ? " + " + fmtFixed(*m.ramGb, 0) + " GB" : "");
    if (lower(device) != lower(p->name))
        m.notes.push_back("\"" + device + "\" is the catalog part " + p->name);
    return m;
}

FitLevel fitLevel(double memoryGb, double capacityGb)
{
    if (!(capacityGb > 0) || memoryGb > capacityGb)
        return FitLevel::DoesNotFit;
    return capacityGb - memoryGb < kTightHeadroom * capacityGb ? FitLevel::Tight : FitLevel::Runs;
}

const char *fitLevelName(FitLevel f)
{
    switch (f) {
    case FitLevel::Runs: return "runs";
    case FitLevel::Tight: return "tight";
    case FitLevel::DoesNotFit: break;
    }
    return "does not fit";
}

namespace {

// `x` in place of `best` unless `best` is at least as good: higher quality first, then faster decode;
// of equals, the first kept (a run not found is never kept).
void keepBetter(MachineRun &best, const MachineRun &x)
{
    if (!x.found || (best.found && (x.quality < best.quality || (x.quality == best.quality && x.decodeTokensPerS <= best.decodeTokensPerS))))
        return;
    best = x;
}

// One catalog model on the box, at every precision the solver may use and its native one: its best
// at API speed and at any speed (keepBetter over the precisions in order), and its smallest
// footprint, for a model that fits at no precision.
struct ModelOnBox {
    MachineRun fast, any, smallest;
};

ModelOnBox modelOnBox(const Engine &engine, const Context &ctx, const Params &p, const BoxSpec &box, const Efficiency &eff, double slope,
                      const OpenModel &om)
{
    const double deffB = deff(om.paramsActiveB, om.paramsTotalB, ctx.law.alpha);
    const double kv = om.kvBytesPerToken ? *om.kvPerTokenAt(p.taskContextTokens)
                                          : engine.kvPerToken(ctx, p, deffB, om.released) * p.kvCompression;
    const std::size_t nLevels = ctx.levels.size() + (om.nativeBitsPerWeight ? 1 : 0);
    ModelOnBox m;
    m.smallest.model = om.name;
    m.smallest.capacityGb = box.vramGb + box.ramGb;
    for (std::size_t i = 0; i < nLevels; ++i) {
        const bool native = i == ctx.levels.size();
        const double bits = native ? *om.nativeBitsPerWeight : ctx.levels[i].bitsPerWeight;
        if (!native && om.nativeBitsPerWeight && bits > *om.nativeBitsPerWeight + 0.5)
            continue;
        const ModelShape shape{om.paramsTotalB, om.paramsActiveB, bits, kv / p.kvCompression};
        const Estimate e = estimate(box, shape, p.taskContextTokens, eff);
        if (m.smallest.quant.empty() || e.memoryGb < m.smallest.memoryGb) {
            m.smallest.quant = native ? om.nativeFormat : ctx.levels[i].name;
            m.smallest.memoryGb = e.memoryGb;
            m.smallest.weightsGb = e.weightsGb;
            m.smallest.kvGb = e.kvGb;
            m.smallest.overheadGb = e.memoryGb - e.weightsGb - e.kvGb;
            m.smallest.quality = *om.quality;
            m.smallest.derived = om.qualityDerived;
        }
        if (!e.fits)
            continue;
        MachineRun run;
        run.found = true;
        run.model = om.name;
        run.quant = native ? om.nativeFormat : ctx.levels[i].name;
        run.quality = *om.quality + (native ? 0.0 : slope * std::log2(engine.retention(ctx, p, i)));
        run.derived = om.qualityDerived;
        run.decodeTokensPerS = e.decodeTokensPerS;
        run.decodeBoundTokensPerS = e.decodeBoundTokensPerS;
        run.memoryGb = e.memoryGb;
        run.weightsGb = e.weightsGb;
        run.kvGb = e.kvGb;
        run.overheadGb = e.memoryGb - e.weightsGb - e.kvGb;
        run.offloadGb = e.offloadGb;
        run.capacityGb = box.vramGb + box.ramGb;
        run.fit = fitLevel(e.memoryGb, run.capacityGb);
        keepBetter(m.any, run);
        if (e.decodeTokensPerS >= p.targetTokensPerS)
            keepBetter(m.fast, run);
    }
    return m;
}

} // namespace

MachineReport analyseMachine(const Engine &engine, const Scenario &s, const MachineSpec &m, const Result *computed)
{
    const DataSet &d = engine.data();
    const HardwarePart *part = d.part(m.part);
    if (!part)
        throw std::invalid_argument("\"" + m.part + "\" is not a part of the data");
    MachineReport r;
    r.spec = m;
    const Result res = computed ? *computed : engine.compute(s);
    r.purchase = res.task;
    r.budgetUsd = res.budgetUsd;
    r.asOf = res.asOf;
    r.target = res.targetModel;
    const auto ctx = engine.context(res.asOf, res.yardstick);
    const Params p = resolveParams(d, assumptionValues(d, s));
    const FrontierModel &target = engine.target(s, *ctx);
    r.targetQuality = target.quality;
    r.qualityUnit = isCoding(res.yardstick) ? "log-odds" : "index points";
    r.targetTokensPerS = p.targetTokensPerS;
    r.contextTokens = p.taskContextTokens;
    BoxSpec box = catalogBoxSpec(*part, m.gpus, p);
    if (part->kind == PartKind::Gpu) {
        box.ramGb = m.ramGb.value_or(p.hostRamGb);
        box.ramBandwidthGbps = p.hostRamBandwidthGbps;
    }
    const Efficiency eff = engine.efficiency(p);
    const double slope = engine.lawSlope(*ctx, p);
    // Every released, scored open model at every precision the solver may use (and its native one).
    for (const auto &om : ctx->openModels) {
        if (om.released > ctx->asOf || om.paramsTotalB <= 0 || !om.quality ||
            (om.contextLimitTokens && *om.contextLimitTokens < p.taskContextTokens))
            continue;
        const ModelOnBox mb = modelOnBox(engine, *ctx, p, box, eff, slope, om);
        keepBetter(r.largestFit, mb.any);
        keepBetter(r.atApiSpeed, mb.fast);
        if (mb.fast.found || mb.any.found)
            r.runs.push_back(mb.fast.found ? mb.fast : mb.any);
        else if (!mb.smallest.quant.empty())
            r.tooBig.push_back(mb.smallest);
    }
    std::stable_sort(r.runs.begin(), r.runs.end(), [](const MachineRun &a, const MachineRun &b) { return a.quality > b.quality; });
    if (r.atApiSpeed.found) {
        r.gapPoints = r.targetQuality - r.atApiSpeed.quality;
        if (r.targetQuality > 0)
            r.qualityShare = std::clamp(r.atApiSpeed.quality / r.targetQuality, 0.0, 1.0);
        // The first frontier model at least as good (released order), and how long ago it came out.
        const FrontierModel *match = nullptr;
        for (const auto &f : ctx->frontierModels)
            if (f.scored && f.released <= ctx->asOf && f.quality >= r.atApiSpeed.quality && (!match || f.released < match->released))
                match = &f;
        if (match) {
            r.matchesFrontier = match->name;
            r.matchesFrontierYear = match->released;
            r.lagYears = ctx->asOf - match->released;
        }
    }
    // The law on this box: the largest dense-equivalent size it runs at API speed (best precision)
    // against the size the target needs, month by month from today (no purchase).
    const double kvNeed = engine.kvPerToken(*ctx, p, engine.requiredDeff(*ctx, p, r.targetQuality, ctx->asOf), ctx->asOf);
    for (std::size_t i = 0; i < ctx->levels.size(); ++i) {
        const ShapeLimit lim = maxShape(box, ctx->levels[i].bitsPerWeight, p.taskContextTokens, kvNeed, p.targetTokensPerS, p.maxSparsity,
                                        ctx->law.alpha, eff);
        r.runsDeffB = std::max(r.runsDeffB, lim.deffB * engine.retention(*ctx, p, i));
    }
    r.needsDeffB = engine.requiredDeff(*ctx, p, r.targetQuality, ctx->asOf);
    const double horizon = d.settings.horizonYear;
    // From the first month the law is searched on, as the headline's solver does: a
    // month at or before as-of is "due by the law since", not a projection (nothing observed shows it).
    for (double t = floorToMonth(ctx->lawStart); t <= horizon && r.runsDeffB > 0; t += 1.0 / 12) {
        if (engine.requiredDeff(*ctx, p, r.targetQuality, t) <= r.runsDeffB) {
            r.reachesByLaw = true;
            r.lawYear = t;
            r.lawDue = t <= ctx->asOf + 1e-9;
            break;
        }
    }
    if (isCoding(res.yardstick)) {
        // Coding scores are shown in percent resolved, never as log-odds.
        if (!ctx->projectable)
            r.reachesByLaw = false; // the coding law is not projectable from its evidence
        const auto pct = [](MachineRun &x) { x.quality = logitToPercent(x.quality); };
        pct(r.largestFit);
        pct(r.atApiSpeed);
        for (MachineRun &x : r.runs)
            pct(x);
        r.targetQuality = logitToPercent(r.targetQuality);
        if (r.atApiSpeed.found)
            r.gapPoints = r.targetQuality - r.atApiSpeed.quality;
        r.qualityUnit = "% (SWE-bench Verified)";
    }
    return r;
}

std::string machineText(const MachineReport &r)
{
    std::string out = "This machine: " + r.spec.label + "\n";
    for (const auto &n : r.spec.notes)
        out += "  " + printable(n) + "\n";
    const auto run = [&](const MachineRun &x) {
        return x.model + " " + x.quant + " (" + fmtFixed(x.quality, 1) + " " + r.qualityUnit + (x.derived ? ", derived" : "") + "), " + fmtFixed(x.decodeTokensPerS, 1) +
               " tokens/s (roofline " + fmtFixed(x.decodeBoundTokensPerS, 1) + "), " + fmtFixed(x.memoryGb, 1) + " of " + fmtFixed(x.capacityGb, 0) +
               " GB" + (x.offloadGb > 0 ? " (" + fmtFixed(x.offloadGb, 1) + " GB in host RAM)" : "") + " = weights " + fmtFixed(x.weightsGb, 1) +
               " + KV " + fmtFixed(x.kvGb, 1) + " + overhead " + fmtFixed(x.overheadGb, 1) + ": " + fitLevelName(x.fit);
    };
    out += "  Today (" + formatMonth(r.asOf) + ") at API speed (" + fmtFixed(r.targetTokensPerS, 0) + " tokens/s, " + fmtFixed(r.contextTokens / 1000, 0) +
           "k context): " + (r.atApiSpeed.found ? run(r.atApiSpeed) : std::string("no catalog model runs that fast")) + "\n";
    if (r.largestFit.found && (!r.atApiSpeed.found || r.largestFit.model != r.atApiSpeed.model || r.largestFit.quant != r.atApiSpeed.quant))
        out += "  Best that fits at any speed: " + run(r.largestFit) + "\n";
    if (r.atApiSpeed.found) {
        out += "  Target " + r.target + ": " + fmtFixed(r.targetQuality, 1) + " " + r.qualityUnit + "; this machine is " +
               (r.gapPoints > 0 ? fmtFixed(r.gapPoints, 1) + " below it" : "at or above it") + "\n";
        if (!r.matchesFrontier.empty())
            out += "  It matches " + r.matchesFrontier + " (released " + formatMonth(r.matchesFrontierYear) + ", " + yearsText(r.lagYears, 1) + " behind the frontier)\n";
    }
    out += "  Size at API speed: " + fmtFixed(r.runsDeffB, 1) + " B dense-equivalent; the target needs " + fmtFixed(r.needsDeffB, 1) + " B today" +
           (r.reachesByLaw ? (r.lawDue ? "; by the law this box is due there since " + formatMonth(r.lawYear) + ", not observed (no purchase)"
                                       : "; by the law this box gets there " + formatMonth(r.lawYear) + " (better models, no purchase)")
                           : "; by the law not on this box before the horizon") +
           "\n";
    if (!r.tooBig.empty()) {
        out += "  Does not fit (" + std::to_string(r.tooBig.size()) + " scored models; smallest footprint of the largest):";
        for (std::size_t i = 0; i < r.tooBig.size() && i < 3; ++i)
            out += (i ? "; " : " ") + r.tooBig[i].model + " " + r.tooBig[i].quant + " " + fmtFixed(r.tooBig[i].memoryGb, 0) + " of " +
                   fmtFixed(r.tooBig[i].capacityGb, 0) + " GB";
        out += "\n";
    }
    const ParityResult &b = r.purchase;
    out += "  Within the " + fmtUsd(r.budgetUsd) + " budget, the purchase that reaches parity first: ";
    if (!b.reached)
        out += "none before the horizon\n";
    else {
        out += b.box + ", " + yearText(b) + " (the headline's answer)";
        if (b.boxPrice)
            out += " (" + fmtUsd(b.boxPrice->totalUsd) + ")";
        out += "\n";
    }
    return out;
}

ojson machineJson(const MachineReport &r)
{
    const auto fields = [&](const MachineRun &x) -> ojson {
        return {{"model", x.model},     {"quant", x.quant},       {"quality", x.quality}, {"quality_derived", x.derived}, {"decode_tokens_per_s", x.decodeTokensPerS},
                {"decode_bound_tokens_per_s", x.decodeBoundTokensPerS}, {"memory_gb", x.memoryGb}, {"offload_gb", x.offloadGb},
                {"capacity_gb", x.capacityGb}, {"weights_gb", x.weightsGb}, {"kv_gb", x.kvGb}, {"overhead_gb", x.overheadGb},
                {"fit", fitLevelName(x.fit)}};
    };
    const auto run = [&](const MachineRun &x) -> ojson { return x.found ? fields(x) : ojson(nullptr); };
    ojson j;
    j["box"] = r.spec.label;
    j["part"] = r.spec.part;
    j["gpus"] = r.spec.gpus;
    j["ram_gb"] = r.spec.ramGb ? ojson(*r.spec.ramGb) : ojson(nullptr);
    j["notes"] = r.spec.notes;
    j["as_of"] = formatMonth(r.asOf);
    j["target"] = r.target;
    j["target_quality"] = r.targetQuality;
    j["target_tokens_per_s"] = r.targetTokensPerS;
    j["at_api_speed"] = run(r.atApiSpeed);
    j["best_fit_any_speed"] = run(r.largestFit);
    j["runs"] = ojson::array();
    for (const auto &x : r.runs)
        j["runs"].push_back(run(x));
    j["too_big"] = ojson::array();
    for (const auto &x : r.tooBig)
        j["too_big"].push_back(fields(x)); // (a model that does not fit is no run found, but has its footprint)
    j["gap_to_target"] = r.atApiSpeed.found ? ojson(r.gapPoints) : ojson(nullptr);
    j["matches_frontier"] = r.matchesFrontier.empty() ? ojson(nullptr) : ojson(r.matchesFrontier);
    j["lag_years"] = r.matchesFrontier.empty() ? ojson(nullptr) : ojson(r.lagYears);
    j["runs_deff_b"] = r.runsDeffB;
    j["needs_deff_b"] = r.needsDeffB;
    j["reaches_by_law"] = r.reachesByLaw ? ojson(formatMonth(r.lawYear)) : ojson(nullptr);
    j["reaches_by_law_kind"] = r.reachesByLaw ? ojson(r.lawDue ? "implied" : "projected") : ojson(nullptr);
    ojson b;
    b["budget_usd"] = r.budgetUsd;
    b["reached"] = r.purchase.reached;
    b["kind"] = parityKindName(r.purchase.kind);
    b["box"] = r.purchase.box;
    b["date"] = r.purchase.reached && r.purchase.kind != ParityKind::Implied ? ojson(formatMonth(r.purchase.year)) : ojson(nullptr);
    b["price_usd"] = r.purchase.boxPrice ? ojson(r.purchase.boxPrice->totalUsd) : ojson(nullptr);
    j["purchase"] = b;
    return j;
}

} // namespace ff

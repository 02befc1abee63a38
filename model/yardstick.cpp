#include "yardstick.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "jsonread.h"

namespace ff {

const std::vector<Yardstick> &allYardsticks()
{
    static const std::vector<Yardstick> all = {Yardstick::General, Yardstick::Coding, Yardstick::CodingVerified};
    return all;
}

std::string yardstickName(Yardstick y)
{
    switch (y) {
    case Yardstick::Coding:
        return "coding";
    case Yardstick::CodingVerified:
        return "coding_verified";
    default:
        return "general";
    }
}

std::string yardstickLabel(Yardstick y)
{
    switch (y) {
    case Yardstick::Coding:
        return "coding agents (SWE-rebench)";
    case Yardstick::CodingVerified:
        return "coding agents, secondary (SWE-bench Verified)";
    default:
        return "general ability (Epoch Capabilities Index)";
    }
}

std::string yardstickBenchmark(Yardstick y)
{
    return y == Yardstick::Coding ? "SWE-rebench" : y == Yardstick::CodingVerified ? "SWE-bench Verified" : "";
}

const std::optional<BenchScore> &codingScore(const OpenModel &m, Yardstick y)
{
    static const std::optional<BenchScore> none;
    return y == Yardstick::Coding ? m.sweRebench : y == Yardstick::CodingVerified ? m.sweBench : none;
}

const std::optional<BenchScore> &codingScore(const FrontierModel &m, Yardstick y)
{
    static const std::optional<BenchScore> none;
    return y == Yardstick::Coding ? m.sweRebench : y == Yardstick::CodingVerified ? m.sweBench : none;
}

std::string unscoredTargetWhy(const DataSet &d, Yardstick y)
{
    if (y != Yardstick::Coding)
        return {};
    std::string window;
    for (const auto &m : d.openModels)
        if (m.sweRebench)
            window = m.sweRebench->window;
    return window.empty() ? std::string(": the data has no SWE-rebench run")
                          : ": SWE-rebench's task window " + window +
                                " (the only one the data uses; windows are never pooled) did not run it; the secondary yardstick "
                                "coding_verified has SWE-bench Verified scores";
}

std::string yardstickCaveat(Yardstick y)
{
    if (y == Yardstick::Coding)
        return "SWE-rebench (Nebius, https://swe-rebench.com/; method: arXiv 2505.20411) runs every model on one fixed "
               "scaffold over tasks mined from GitHub after the models were released, so its scores are neither contaminated "
               "nor a vendor scaffold's; the data uses one task window only (windows are never pooled), and a target without "
               "a run in that window has no score on it. SWE-bench Verified is kept as the secondary yardstick (coding_verified).";
    if (y != Yardstick::CodingVerified)
        return {};
    return "SWE-bench Verified is a secondary yardstick with known problems: OpenAI stopped using it for frontier "
           "evaluation on 2026-02-23 after an audit found flawed tests in 59.4% of 138 hard tasks ('Why SWE-bench Verified no "
           "longer measures frontier coding capabilities', archived at https://pubt.io/view/C1949E2E0230FCEC126814EC994642D375B93B2D), "
           "and it is contaminated: models name the buggy file from the issue text alone up to 76% of the time against up to 53% "
           "on repositories outside it (https://arxiv.org/abs/2506.12286). Vendor claims use their own scaffolds (lowered by the "
           "mean vendor gap, not re-run on one harness). The primary coding yardstick is SWE-rebench (coding).";
}

std::optional<Yardstick> parseYardstick(const std::string &name)
{
    for (Yardstick y : allYardsticks())
        if (yardstickName(y) == name)
            return y;
    return std::nullopt;
}

std::string yardstickNameList()
{
    std::string s;
    for (Yardstick y : allYardsticks())
        s += (s.empty() ? "" : ", ") + yardstickName(y);
    return s;
}

std::optional<BenchScore> parseRebenchScore(const JsonObject &o, RebenchWindow &w, std::vector<std::string> &warnings)
{
    if (!o.has("swe_rebench")) {
        o.optStr("swe_rebench"); // marks it read (null)
        return std::nullopt;
    }
    JsonObject b = o.object("swe_rebench");
    BenchScore s;
    s.value = b.num("value", 0, 100);
    s.source = b.str("source");
    if (s.source.empty())
        b.fail(b.field("source"), "every score needs a source");
    s.window = b.str("window");
    if (s.window.empty())
        b.fail(b.field("window"), "say which task window the run used (e.g. \"2026-05-15/2026-07-01\"): windows are never pooled");
    s.independent = true;
    b.warnUnknown(warnings);
    const std::string name = o.str("name");
    if (w.window.empty())
        w = {s.window, name};
    else if (s.window != w.window)
        b.fail(b.field("window"), "\"" + name + "\" uses the task window " + s.window + " but \"" + w.first + "\" uses " + w.window +
                                      ": SWE-rebench windows are never pooled, use one window for every model");
    return s;
}

double percentToLogit(double percent)
{
    const double p = std::clamp(percent, 0.5, 99.5) / 100.0;
    return std::log(p / (1.0 - p));
}

double logitToPercent(double x) { return 100.0 / (1.0 + std::exp(-x)); }

VendorGap vendorGap(const DataSet &d, double asOf)
{
    std::vector<double> gaps;
    const auto add = [&](const std::optional<BenchScore> &s, const std::optional<double> &vendor, double released) {
        if (s && s->independent && vendor && released <= asOf + 1e-9)
            gaps.push_back(percentToLogit(*vendor) - percentToLogit(s->value));
    };
    for (const auto &m : d.openModels)
        add(m.sweBench, m.sweBenchVendor, m.released);
    for (const auto &m : d.frontierModels)
        add(m.sweBench, m.sweBenchVendor, m.released);
    VendorGap g;
    g.n = static_cast<int>(gaps.size());
    if (g.n == 0)
        return g;
    double sum = 0;
    for (double x : gaps)
        sum += x;
    g.meanLogit = sum / g.n;
    double ss = 0;
    for (double x : gaps)
        ss += (x - g.meanLogit) * (x - g.meanLogit);
    g.sdLogit = g.n > 1 ? std::sqrt(ss / (g.n - 1)) : 0.0;
    return g;
}

ScaledCatalog scaleCatalog(const DataSet &d, Yardstick y, double asOf)
{
    ScaledCatalog c;
    c.open = d.openModels;
    c.frontier = d.frontierModels;
    if (y == Yardstick::General) {
        for (const auto &m : c.open)
            if (m.quality && m.released <= asOf + 1e-9)
                ++c.independentOpen; // the index is Epoch's own
        return c;
    }
    if (y == Yardstick::Coding) {
        // One harness, one window, Nebius's own runs: no vendor claims, no gap.
        for (auto &m : c.open) {
            m.quality.reset();
            m.qualityDerived = false; // the crosswalk derives general scores only
            m.qualityVariance = 0;
            if (!m.sweRebench)
                continue;
            m.quality = percentToLogit(m.sweRebench->value);
            if (m.released <= asOf + 1e-9 && m.paramsTotalB > 0)
                ++c.independentOpen;
        }
        for (auto &m : c.frontier) {
            m.scored = m.sweRebench.has_value();
            m.quality = m.sweRebench ? percentToLogit(m.sweRebench->value) : 0.0;
        }
        return c;
    }
    c.gap = vendorGap(d, asOf);
    const auto scaled = [&](const BenchScore &s) {
        return percentToLogit(s.value) - (s.independent ? 0.0 : c.gap.meanLogit);
    };
    for (auto &m : c.open) {
        m.quality.reset();
        m.qualityDerived = false; // the crosswalk derives general scores only
        m.qualityVariance = 0;
        if (!m.sweBench)
            continue;
        m.quality = scaled(*m.sweBench);
        if (m.released <= asOf + 1e-9 && m.paramsTotalB > 0)
            ++(m.sweBench->independent ? c.independentOpen : c.vendorOpen);
    }
    for (auto &m : c.frontier) {
        m.scored = m.sweBench.has_value();
        m.quality = m.sweBench ? scaled(*m.sweBench) : 0.0;
    }
    return c;
}

double displayScore(Yardstick y, double scaled) { return isCoding(y) ? logitToPercent(scaled) : scaled; }

std::string displayUnit(Yardstick y) { return isCoding(y) ? "%" : ""; }

LineFit fitContextTrend(const std::vector<OpenModel> &models, double asOf, double t0)
{
    std::vector<double> t, c;
    for (const auto &m : models)
        if (m.contextLimitTokens && m.released <= asOf + 1e-9) {
            t.push_back(m.released);
            c.push_back(*m.contextLimitTokens);
        }
    return fitLog2Trend(t, c, t0);
}

double contextReadyYear(const LineFit &trend, double t0, double tokens)
{
    if (!trend.ok || trend.n < 2)
        return -std::numeric_limits<double>::infinity(); // no trend: no constraint (said in the report)
    const double need = std::log2(tokens);
    if (trend.slope <= 0)
        return trend.intercept >= need ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return t0 + (need - trend.intercept) / trend.slope;
}

} // namespace ff

#include "data/yardstick.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "data/jsonread.h"
#include "core/leastsquares.h"

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

std::string unscoredTargetWhy(const DataSet &d, Yardstick y, double asOf)
{
    if (y != Yardstick::Coding)
        return {};
    std::string window;
    for (const auto &m : d.openModels)
        if (m.sweRebench)
            window = m.sweRebench->window;
    if (window.empty())
        return ": the data has no SWE-rebench run";
    std::string why = ": SWE-rebench's task window " + window +
                      " (the only one the data uses; windows are never pooled) did not run it";
    const std::string problem = barCrosswalkProblem(fitBarCrosswalk(d, asOf));
    why += problem.empty() ? std::string(", and only Sonnet-class targets get a bar crosswalked from the general index")
                           : ", and its bar is " + problem;
    return why + "; the secondary yardstick coding_verified has SWE-bench Verified scores";
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
        // The Sonnet-class targets were not run in the window: their bar is crosswalked from their index
        // score, labelled so and carrying the prediction's error (never shown as a measured score).
        c.barCrosswalk = fitBarCrosswalk(d, asOf);
        const bool usable = barCrosswalkProblem(c.barCrosswalk).empty();
        for (auto &m : c.frontier) {
            const bool indexScored = m.scored;
            m.scored = m.sweRebench.has_value();
            m.quality = m.sweRebench ? percentToLogit(m.sweRebench->value) : 0.0;
            if (!m.sweRebench && m.sonnetClass && indexScored && usable) {
                m.scored = true;
                m.crosswalked = true;
                m.crosswalkedFrom = m.quality = 0;
                for (const auto &g : d.frontierModels)
                    if (g.name == m.name)
                        m.crosswalkedFrom = g.quality;
                m.quality = c.barCrosswalk.predict(m.crosswalkedFrom);
                m.barSd = c.barCrosswalk.predictionSd(m.crosswalkedFrom);
                m.barDof = c.barCrosswalk.n - 2;
            }
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

double tQuantile975(int dof)
{
    static const double t[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (dof < 1)
        return std::numeric_limits<double>::infinity();
    return dof <= 30 ? t[dof - 1] : 1.96;
}

double BarCrosswalk::predictionSd(double x) const
{
    if (n < 3 || !(sxx > 0))
        return std::numeric_limits<double>::infinity();
    return residualSd * std::sqrt(1.0 + 1.0 / n + (x - meanX) * (x - meanX) / sxx);
}

BarCrosswalk fitBarCrosswalk(const DataSet &d, double asOf)
{
    BarCrosswalk cw;
    std::vector<double> x, y;
    const auto add = [&](const std::string &name, double released, bool hasIndex, double index, const std::optional<BenchScore> &r) {
        if (!r || !hasIndex || released > asOf + 1e-9)
            return;
        cw.names.push_back(name);
        x.push_back(index);
        y.push_back(percentToLogit(r->value));
    };
    for (const auto &m : d.openModels)
        add(m.name, m.released, m.quality.has_value(), m.quality.value_or(0), m.sweRebench);
    for (const auto &m : d.frontierModels)
        add(m.name, m.released, m.scored, m.quality, m.sweRebench);
    cw.n = static_cast<int>(x.size());
    if (cw.n < 3)
        return cw;
    double mx = 0;
    for (int i = 0; i < cw.n; ++i)
        mx += x[i];
    mx /= cw.n;
    for (int i = 0; i < cw.n; ++i)
        cw.sxx += (x[i] - mx) * (x[i] - mx);
    cw.meanX = mx;
    if (!(cw.sxx > 0))
        return cw;
    Eigen::MatrixXd X(cw.n, 2);
    Eigen::VectorXd v(cw.n);
    for (int i = 0; i < cw.n; ++i) {
        X(i, 0) = 1.0;
        X(i, 1) = x[i];
        v(i) = y[i];
    }
    const LeastSquares ls = leastSquares(X, v);
    cw.a = ls.beta(0);
    cw.b = ls.beta(1);
    cw.residualSd = ls.residualSd;
    cw.seB = cw.residualSd / std::sqrt(cw.sxx);
    cw.t975 = tQuantile975(cw.n - 2);
    cw.distinguishable = cw.b - cw.t975 * cw.seB > 0;
    return cw;
}

std::string barCrosswalkProblem(const BarCrosswalk &cw)
{
    char buf[320];
    if (cw.n < 3) {
        std::snprintf(buf, sizeof buf,
                      "not projectable from this evidence: the SWE-rebench crosswalk from the general index needs at least three "
                      "models with both, the data has %d",
                      cw.n);
        return buf;
    }
    if (cw.distinguishable)
        return {};
    std::snprintf(buf, sizeof buf,
                  "not projectable from this evidence: the SWE-rebench crosswalk's slope is %.3f +- %.3f log-odds per index point "
                  "(95%% interval %.3f to %.3f includes zero; n = %d)",
                  cw.b, cw.seB, cw.b - cw.t975 * cw.seB, cw.b + cw.t975 * cw.seB, cw.n);
    return buf;
}

std::string crosswalkedBarText(const FrontierModel &m)
{
    if (!m.crosswalked)
        return {};
    const double t = tQuantile975(m.barDof);
    char buf[200];
    std::snprintf(buf, sizeof buf, "crosswalked from ECI %.1f (n = %d, 95%% prediction interval %.1f-%.1f%%)", m.crosswalkedFrom,
                  m.barDof + 2, logitToPercent(m.quality - t * m.barSd), logitToPercent(m.quality + t * m.barSd));
    return buf;
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

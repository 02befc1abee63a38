// The prefill fit: achieved shares of prefill_tops per architecture family, scales per kernel era,
// attention shares, the family-left-out table, the attention width law; and the prefill predictions.
#include "physics/calibration.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <Eigen/Dense>

#include "physics/calibrationdetail.h"

namespace ff {

using calibdetail::ape;
using calibdetail::quantile;

namespace {

// Weighted quantile: the smallest value whose cumulative weight reaches q of the total.
double weightedQuantile(std::vector<std::pair<double, double>> v, double q)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    double total = 0;
    for (const auto &x : v)
        total += x.second;
    double cum = 0;
    for (const auto &x : v) {
        cum += x.second;
        if (cum >= q * total - 1e-12)
            return x.first;
    }
    return v.back().first;
}

// One prefill row as the fit sees it.
struct PrefillObs {
    const CalibrationRow *r = nullptr;
    double weights = 0, attention = 0; // FLOPs
    double seconds = 0;                // measured
    double figure = 0;                 // FLOP/s of the part's prefill_tops
    int family = -1, generation = -1;
    bool moe = false, f16 = false;     // an MoE model; F16/BF16 weights (bits >= 15)
};

ModelShape prefillShape(const CalibrationRow &r)
{
    ModelShape s = rowShape(r);
    s.attentionDim = r.attentionFullDim;
    s.windowAttentionDim = r.attentionWindowDim;
    s.windowTokens = r.windowTokens;
    return s;
}

struct PrefillModel {
    std::vector<double> logE;  // per family (NaN: no rows)
    std::vector<double> logS;  // per generation (newest 0)
    std::vector<double> attn;  // per generation
    std::vector<double> logF16; // per generation: F16 weights against quantized ones (0: not fitted)
    double logMoe = 0;          // MoE models against dense ones
};

double predictSeconds(const PrefillObs &o, double e, const PrefillModel &m)
{
    const auto g = static_cast<std::size_t>(o.generation);
    const double logScale = m.logS[g] + (o.f16 ? m.logF16[g] : 0.0) + (o.moe ? m.logMoe : 0.0);
    return (o.weights + o.attention / m.attn[g]) / (e * std::exp(logScale) * o.figure);
}

// Least squares in logs for the family shares and generation scales, given the attention shares.
void solveShares(const std::vector<const PrefillObs *> &obs, int families, int gens, int newest, PrefillModel &m, double *sse)
{
    std::vector<int> famCol(static_cast<std::size_t>(families), -1), genCol(static_cast<std::size_t>(gens), -1),
        f16Col(static_cast<std::size_t>(gens), -1);
    int cols = 0;
    for (const auto *o : obs)
        if (famCol[static_cast<std::size_t>(o->family)] < 0)
            famCol[static_cast<std::size_t>(o->family)] = cols++;
    for (const auto *o : obs)
        if (o->generation != newest && genCol[static_cast<std::size_t>(o->generation)] < 0)
            genCol[static_cast<std::size_t>(o->generation)] = cols++;
    // An F16 factor for an era with both F16 and quantized rows, an MoE factor when both kinds of
    // model were measured: otherwise the factor is not identified and stays 1.
    std::vector<int> f16Seen(static_cast<std::size_t>(gens), 0), quantSeen(static_cast<std::size_t>(gens), 0);
    bool moeSeen = false, denseSeen = false;
    for (const auto *o : obs) {
        (o->f16 ? f16Seen : quantSeen)[static_cast<std::size_t>(o->generation)] = 1;
        (o->moe ? moeSeen : denseSeen) = true;
    }
    for (int g = 0; g < gens; ++g)
        if (f16Seen[static_cast<std::size_t>(g)] && quantSeen[static_cast<std::size_t>(g)])
            f16Col[static_cast<std::size_t>(g)] = cols++;
    const int moeCol = moeSeen && denseSeen ? cols++ : -1;
    // Every row is a sum of at most four indicator columns: the normal equations are built from those
    // directly (O(rows), a cols x cols system) instead of a QR of the rows x cols matrix. This runs
    // thousands of times per fit (attention grid x families left out) and in every rolling back-test
    // origin's refit; column-pivoting QR of the small system keeps the rank-revealing behaviour.
    Eigen::MatrixXd XtX = Eigen::MatrixXd::Zero(cols, cols);
    Eigen::VectorXd Xty = Eigen::VectorXd::Zero(cols);
    std::vector<std::array<int, 4>> active(obs.size());
    std::vector<double> y(obs.size());
    for (std::size_t i = 0; i < obs.size(); ++i) {
        const PrefillObs &o = *obs[i];
        std::array<int, 4> &c = active[i];
        c = {famCol[static_cast<std::size_t>(o.family)], -1, -1, -1};
        if (o.generation != newest)
            c[1] = genCol[static_cast<std::size_t>(o.generation)];
        if (o.f16)
            c[2] = f16Col[static_cast<std::size_t>(o.generation)];
        if (o.moe)
            c[3] = moeCol;
        y[i] = std::log((o.weights + o.attention / m.attn[static_cast<std::size_t>(o.generation)]) / (o.seconds * o.figure));
        for (int a : c) {
            if (a < 0)
                continue;
            Xty(a) += y[i];
            for (int b : c)
                if (b >= 0)
                    XtX(a, b) += 1;
        }
    }
    const Eigen::VectorXd b = XtX.colPivHouseholderQr().solve(Xty);
    m.logE.assign(static_cast<std::size_t>(families), std::numeric_limits<double>::quiet_NaN());
    m.logS.assign(static_cast<std::size_t>(gens), 0.0);
    for (int f = 0; f < families; ++f)
        if (famCol[static_cast<std::size_t>(f)] >= 0)
            m.logE[static_cast<std::size_t>(f)] = b(famCol[static_cast<std::size_t>(f)]);
    for (int g = 0; g < gens; ++g)
        if (genCol[static_cast<std::size_t>(g)] >= 0)
            m.logS[static_cast<std::size_t>(g)] = b(genCol[static_cast<std::size_t>(g)]);
    m.logF16.assign(static_cast<std::size_t>(gens), 0.0);
    for (int g = 0; g < gens; ++g)
        if (f16Col[static_cast<std::size_t>(g)] >= 0)
            m.logF16[static_cast<std::size_t>(g)] = b(f16Col[static_cast<std::size_t>(g)]);
    m.logMoe = moeCol >= 0 ? b(moeCol) : 0.0;
    if (sse) {
        double e = 0;
        for (std::size_t i = 0; i < obs.size(); ++i) {
            double fit = 0;
            for (int a : active[i])
                if (a >= 0)
                    fit += b(a);
            e += (fit - y[i]) * (fit - y[i]);
        }
        *sse = e;
    }
}

// The attention shares by coordinate search on a log grid (0.02 .. 1), the shares by least squares.
PrefillModel fitPrefillModel(const std::vector<const PrefillObs *> &obs, int families, int gens, int newest)
{
    PrefillModel m;
    m.attn.assign(static_cast<std::size_t>(gens), 1.0);
    // An era's attention share is searched only when its rows differ in how much of their work is
    // attention (several prompt lengths or depths); otherwise it is not identified and stays 1.
    std::vector<bool> hasGen(static_cast<std::size_t>(gens), false);
    std::vector<double> lo(static_cast<std::size_t>(gens), INFINITY), hi(static_cast<std::size_t>(gens), 0.0);
    for (const auto *o : obs) {
        const auto g = static_cast<std::size_t>(o->generation);
        const double share = o->attention / (o->weights + o->attention);
        lo[g] = std::min(lo[g], share);
        hi[g] = std::max(hi[g], share);
    }
    for (int g = 0; g < gens; ++g)
        hasGen[static_cast<std::size_t>(g)] = hi[static_cast<std::size_t>(g)] - lo[static_cast<std::size_t>(g)] > 0.05;
    for (int round = 0; round < 3; ++round)
        for (int g = 0; g < gens; ++g) {
            if (!hasGen[static_cast<std::size_t>(g)])
                continue;
            double bestSse = INFINITY, bestA = m.attn[static_cast<std::size_t>(g)];
            for (int k = 0; k <= 60; ++k) {
                m.attn[static_cast<std::size_t>(g)] = 0.02 * std::pow(50.0, k / 60.0);
                double sse = 0;
                solveShares(obs, families, gens, newest, m, &sse);
                if (sse < bestSse - 1e-12) {
                    bestSse = sse;
                    bestA = m.attn[static_cast<std::size_t>(g)];
                }
            }
            m.attn[static_cast<std::size_t>(g)] = bestA;
        }
    solveShares(obs, families, gens, newest, m, nullptr);
    return m;
}

// The share a family never measured gets: the geometric mean of the fitted families' shares with
// figures of `kind` (all families when none has it), every family counted once. (Weighting each
// family by its measured parts was tried: cross-validated error 22.7% median / 61.5% P90 against
// 19.8% / 54.8% unweighted, so it is not used.)
double fallbackShare(const std::vector<double> &logE, const std::vector<std::string> &kinds, const std::string &kind, int skip)
{
    double sum = 0, sumAll = 0, n = 0, nAll = 0;
    for (std::size_t f = 0; f < logE.size(); ++f) {
        if (static_cast<int>(f) == skip || !std::isfinite(logE[f]))
            continue;
        sumAll += logE[f];
        ++nAll;
        if (kinds[f] == kind) {
            sum += logE[f];
            ++n;
        }
    }
    if (n > 0)
        return std::exp(sum / n);
    return nAll > 0 ? std::exp(sumAll / nAll) : 0.0;
}

// The prompt rows the prefill fit uses, with their families and generations.
struct PrefillSet {
    std::vector<PrefillObs> obs;
    std::vector<std::string> famNames, famKinds; // PrefillObs::family indexes these (first seen first)
    int G = 0;                                   // "generations": the prefill eras, the current one last
    int newest = 0;                              // G - 1
    int families() const { return static_cast<int>(famNames.size()); }
};

// The row selection: each prompt row the fit uses as an observation; the others counted in `c` by
// the reason they are not fitted.
PrefillSet prefillObservations(const std::vector<CalibrationRow> &rows, Calibration &c)
{
    PrefillSet s;
    s.G = static_cast<int>(c.inputs.prefillEras.size()) + 1;
    s.newest = s.G - 1;
    for (const auto &r : rows) {
        if (r.m->decode)
            continue;
        if (!r.prefillFitted) {
            ++c.prefillExcluded;
            auto it = std::find_if(c.prefillExcludedBy.begin(), c.prefillExcludedBy.end(),
                                   [&](const auto &x) { return x.first == r.prefillNotFitted; });
            if (it == c.prefillExcludedBy.end())
                c.prefillExcludedBy.emplace_back(r.prefillNotFitted, 1);
            else
                ++it->second;
            continue;
        }
        PrefillObs o;
        o.r = &r;
        const PrefillFlops f = prefillFlops(prefillShape(r), r.promptTokens, r.m->contextDepth, Efficiency{});
        o.weights = f.weights;
        o.attention = f.attention;
        o.seconds = r.promptTokens / r.m->tokensPerS;
        o.figure = *r.prefillTops * 1e12;
        auto it = std::find(s.famNames.begin(), s.famNames.end(), r.archFamily);
        if (it == s.famNames.end()) {
            s.famNames.push_back(r.archFamily);
            s.famKinds.push_back(r.prefillTopsKind);
            it = s.famNames.end() - 1;
        }
        o.family = static_cast<int>(it - s.famNames.begin());
        o.generation = r.prefillEra >= 0 ? r.prefillEra : s.newest;
        o.moe = r.moe;
        o.f16 = r.m->bitsPerWeight >= 15;
        s.obs.push_back(o);
    }
    std::sort(c.prefillExcludedBy.begin(), c.prefillExcludedBy.end());
    c.prefillN = static_cast<int>(s.obs.size());
    if (s.obs.empty())
        throw DataError("measurements.json", "measurements", "no prefill rows on catalog parts with a prefill_tops figure to calibrate");
    return s;
}

// The fitted indicator columns: each generation's scale, F16 factor and attention share (the current
// era's is the headline attention share), the MoE factor, and the headline compute share (the
// geometric mean of the family shares).
void setPrefillColumns(const PrefillSet &s, const PrefillModel &m, Calibration &c)
{
    const CalibrationInputs &in = c.inputs;
    c.attentionEfficiency = m.attn[static_cast<std::size_t>(s.newest)];
    c.prefillMoeScale = std::exp(m.logMoe);
    for (int g = 0; g < s.G; ++g) {
        PrefillGenerationFit pg;
        pg.generation = g == s.newest ? in.prefillCurrentEra : in.prefillEras[static_cast<std::size_t>(g)].name;
        for (const auto &o : s.obs)
            pg.n += o.generation == g;
        pg.scale = std::exp(m.logS[static_cast<std::size_t>(g)]);
        pg.f16Scale = std::exp(m.logF16[static_cast<std::size_t>(g)]);
        pg.attentionEfficiency = m.attn[static_cast<std::size_t>(g)];
        c.prefillGenerations.push_back(pg);
    }
    double sum = 0;
    for (int f = 0; f < s.families(); ++f)
        sum += m.logE[static_cast<std::size_t>(f)];
    c.computeEfficiency = std::exp(sum / s.families());
}

// Measured parts per family.
std::vector<int> partsPerFamily(const PrefillSet &s)
{
    std::vector<std::set<std::string>> seen(static_cast<std::size_t>(s.families()));
    for (const auto &o : s.obs)
        seen[static_cast<std::size_t>(o.family)].insert(o.r->m->hardware);
    std::vector<int> parts(seen.size());
    for (std::size_t f = 0; f < seen.size(); ++f)
        parts[f] = static_cast<int>(seen[f].size());
    return parts;
}

// The held-out errors with each part weighted equally: a row weighs 1 / (its part's rows).
void setPrefillPartErrors(const std::vector<std::pair<const CalibrationRow *, double>> &cvByRow, Calibration &c)
{
    std::map<std::string, int> perPart;
    for (const auto &[r, e] : cvByRow)
        ++perPart[r->m->hardware];
    std::vector<std::pair<double, double>> weighted;
    for (const auto &[r, e] : cvByRow)
        weighted.emplace_back(e, 1.0 / perPart[r->m->hardware]);
    c.prefillParts = static_cast<int>(perPart.size());
    c.prefillCvPartMedianApe = weightedQuantile(weighted, 0.5);
    c.prefillCvPartP90Ape = weightedQuantile(weighted, 0.9);
}

// The held-out table: each family (in name order) with its fitted share and in-sample errors, then
// left out (everything refitted on the others, its rows predicted with the fallback share); the
// totals over every family, and per part.
void setPrefillFamilies(const PrefillSet &s, const PrefillModel &m, Calibration &c)
{
    const int F = s.families();
    const std::vector<int> famParts = partsPerFamily(s);
    const auto apeOf = [](const PrefillObs &o, double e, const PrefillModel &mm) {
        const double t = predictSeconds(o, e, mm);
        return ape(o.r->promptTokens / t, o.r->m->tokensPerS);
    };
    std::vector<double> inAll, cvAll;
    std::vector<std::pair<const CalibrationRow *, double>> cvByRow; // for the per-part statistics
    // Families in name order (deterministic output).
    std::vector<int> order(static_cast<std::size_t>(F));
    for (int f = 0; f < F; ++f)
        order[static_cast<std::size_t>(f)] = f;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return s.famNames[static_cast<std::size_t>(a)] < s.famNames[static_cast<std::size_t>(b)]; });
    for (int f : order) {
        PrefillFamilyFit pf;
        pf.family = s.famNames[static_cast<std::size_t>(f)];
        pf.figureKind = s.famKinds[static_cast<std::size_t>(f)];
        pf.fitted = true;
        pf.efficiency = std::exp(m.logE[static_cast<std::size_t>(f)]);
        pf.parts = famParts[static_cast<std::size_t>(f)];
        std::vector<double> inApe, cvApe;
        std::vector<const PrefillObs *> rest;
        for (const auto &o : s.obs)
            if (o.family == f) {
                ++pf.n;
                inApe.push_back(apeOf(o, pf.efficiency, m));
            } else {
                rest.push_back(&o);
            }
        // Leave the family out: refit on the others, predict its rows with the fallback share.
        if (!rest.empty()) {
            const PrefillModel mo = fitPrefillModel(rest, F, s.G, s.newest);
            pf.cvEfficiency = fallbackShare(mo.logE, s.famKinds, pf.figureKind, f);
            for (const auto &o : s.obs)
                if (o.family == f) {
                    cvApe.push_back(apeOf(o, pf.cvEfficiency, mo));
                    cvByRow.emplace_back(o.r, cvApe.back());
                }
        }
        pf.medianApe = quantile(inApe, 0.5);
        pf.p90Ape = quantile(inApe, 0.9);
        pf.cvMedianApe = cvApe.empty() ? 0.0 : quantile(cvApe, 0.5);
        pf.cvP90Ape = cvApe.empty() ? 0.0 : quantile(cvApe, 0.9);
        inAll.insert(inAll.end(), inApe.begin(), inApe.end());
        cvAll.insert(cvAll.end(), cvApe.begin(), cvApe.end());
        c.prefillFamilies.push_back(pf);
    }
    c.prefillMedianApe = quantile(inAll, 0.5);
    c.prefillP90Ape = quantile(inAll, 0.9);
    c.prefillCvMedianApe = cvAll.empty() ? 0.0 : quantile(cvAll, 0.5);
    c.prefillCvP90Ape = cvAll.empty() ? 0.0 : quantile(cvAll, 0.9);
    setPrefillPartErrors(cvByRow, c);
}

// Attention width against size over the measured models with a sourced architecture.
void fitAttentionLaw(const std::vector<CalibrationRow> &rows, Calibration &c)
{
    std::vector<double> lx, ly;
    for (const auto &k : c.inputs.kv) {
        if (!(k.attentionFullDim > 0))
            continue;
        for (const auto &r : rows)
            if (r.m->model == k.model) {
                lx.push_back(std::log(std::sqrt(r.m->paramsActiveB * r.m->paramsTotalB)));
                ly.push_back(std::log(k.attentionFullDim));
                break;
            }
    }
    c.attentionLaw.n = static_cast<int>(lx.size());
    if (lx.size() >= 2) {
        Eigen::MatrixXd X(static_cast<Eigen::Index>(lx.size()), 2);
        Eigen::VectorXd y(static_cast<Eigen::Index>(lx.size()));
        for (std::size_t i = 0; i < lx.size(); ++i) {
            X(static_cast<Eigen::Index>(i), 0) = 1;
            X(static_cast<Eigen::Index>(i), 1) = lx[i];
            y(static_cast<Eigen::Index>(i)) = ly[i];
        }
        const Eigen::VectorXd b = X.colPivHouseholderQr().solve(y);
        c.attentionLaw.coef = std::exp(b(0));
        c.attentionLaw.exponent = b(1);
        const double mean = y.mean();
        const double ssTot = (y.array() - mean).square().sum();
        c.attentionLaw.r2 = ssTot > 0 ? 1.0 - (X * b - y).squaredNorm() / ssTot : 0.0;
    }
}

} // namespace

// The prefill fit: the rows it uses, the model fitted on all of them, its columns, the held-out
// table, and the attention width law.
void calibdetail::fitPrefill(Calibration &c, const std::vector<CalibrationRow> &rows)
{
    const PrefillSet s = prefillObservations(rows, c);
    std::vector<const PrefillObs *> all;
    for (const auto &o : s.obs)
        all.push_back(&o);
    const PrefillModel m = fitPrefillModel(all, s.families(), s.G, s.newest);
    setPrefillColumns(s, m, c);
    setPrefillFamilies(s, m, c);
    fitAttentionLaw(rows, c);
}

double Calibration::prefillEfficiency(const std::string &family, const std::string &figureKind, std::string *fallback) const
{
    for (const auto &f : prefillFamilies)
        if (f.family == family) {
            if (fallback)
                fallback->clear();
            return f.efficiency;
        }
    // As in the cross-validation: the geometric mean over the fitted families of that kind.
    double s = 0;
    int n = 0;
    for (const auto &f : prefillFamilies)
        if (f.figureKind == figureKind) {
            s += std::log(f.efficiency);
            ++n;
        }
    if (n > 0) {
        if (fallback)
            *fallback = "families with " + figureKind + " figures";
        return std::exp(s / n);
    }
    if (fallback)
        *fallback = "every fitted family";
    return computeEfficiency;
}

double predictPrefill(const Calibration &c, const CalibrationRow &r, double efficiency)
{
    if (!r.prefillTops || r.promptTokens <= 0)
        return 0;
    const double e = efficiency > 0 ? efficiency : c.prefillEfficiency(r.archFamily, r.prefillTopsKind);
    double scale = 1, attn = c.attentionEfficiency;
    const bool f16 = r.m->bitsPerWeight >= 15;
    if (r.prefillEra >= 0 && static_cast<std::size_t>(r.prefillEra) < c.prefillGenerations.size()) {
        const PrefillGenerationFit &g = c.prefillGenerations[static_cast<std::size_t>(r.prefillEra)];
        scale = g.scale * (f16 ? g.f16Scale : 1.0);
        attn = g.attentionEfficiency;
    } else if (f16 && !c.prefillGenerations.empty()) {
        scale = c.prefillGenerations.back().f16Scale;
    }
    if (r.moe)
        scale *= c.prefillMoeScale;
    const PrefillFlops f = prefillFlops(prefillShape(r), r.promptTokens, r.m->contextDepth, Efficiency{});
    const double t = (f.weights + f.attention / attn) / (e * scale * *r.prefillTops * 1e12);
    return r.promptTokens / t;
}

double prefillTflopsOf(const Calibration &c, const HardwarePart &part)
{
    if (!part.prefillTops || !(c.computeEfficiency > 0))
        return 0;
    return c.prefillEfficiency(part.archFamily, part.prefillTopsKind) * *part.prefillTops / c.computeEfficiency;
}

} // namespace ff

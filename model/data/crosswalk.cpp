#include "data/crosswalk.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>

#include <Eigen/Dense>

#include "data/dataset.h"
#include "data/jsonread.h"
#include "data/schemas.h"
#include "core/leastsquares.h"

namespace ff {

namespace {
double round4(double x) { return std::round(x * 1e4) / 1e4; }
} // namespace

CrosswalkInputs parseCrosswalkInputs(const nlohmann::json &j, const std::string &file)
{
    JsonObject top(j, file, "");
    CrosswalkInputs in;
    const JsonObject inputs = top.object("inputs");
    schema::read(inputs, crosswalkInputsSchema(), in);
    if (in.index.empty())
        inputs.fail(inputs.field("index"), "the source needs a public address");
    const auto &edges = inputs.array("band_edges_b");
    for (std::size_t i = 0; i < edges.size(); ++i) {
        if (!edges[i].is_number() || edges[i].get<double>() <= 0 || (i > 0 && edges[i].get<double>() <= in.bandEdgesB.back()))
            inputs.fail(inputs.field("band_edges_b[" + std::to_string(i) + "]"), "expected increasing sizes in billions");
        in.bandEdgesB.push_back(edges[i].get<double>());
    }
    const auto &rows = inputs.array("rows");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        JsonObject r(rows[i], file, "inputs.rows[" + std::to_string(i) + "]");
        CrosswalkRow row;
        schema::read(r, crosswalkRowSchema(), row);
        for (const auto &o : in.rows)
            if (o.name == row.name)
                r.fail(r.field("name"), "\"" + row.name + "\" is listed twice");
        in.rows.push_back(std::move(row));
    }
    return in;
}

namespace {
// Least squares of y on the columns (a constant first), with leave-one-out residuals.
CrosswalkFit fitColumns(const std::vector<const std::vector<double> *> &cols, const std::vector<double> &y)
{
    const int n = static_cast<int>(y.size());
    const int k = static_cast<int>(cols.size()) + 1;
    bool sized = true;
    for (const auto *c : cols)
        sized = sized && c->size() == y.size();
    if (n < k + 2 || !sized)
        throw std::runtime_error("too few models with both scores to fit the crosswalk (need " + std::to_string(k + 2) + ", have " +
                                 std::to_string(n) + ")");
    Eigen::MatrixXd X(n, k);
    Eigen::VectorXd v(n);
    for (int i = 0; i < n; ++i) {
        X(i, 0) = 1.0;
        for (int c = 1; c < k; ++c)
            X(i, c) = (*cols[static_cast<std::size_t>(c - 1)])[static_cast<std::size_t>(i)];
        v(i) = y[static_cast<std::size_t>(i)];
    }
    // Leave-one-out by refitting without each point (n small: plain, and obviously right).
    const LeastSquares ls = leastSquares(X, v, true);
    if (ls.rank < k)
        throw std::runtime_error("the crosswalk's design is singular (the two scores do not vary independently)");
    CrosswalkFit f;
    f.a = ls.beta(0);
    f.b = ls.beta(1);
    f.c = ls.beta(2);
    f.d = k > 3 ? ls.beta(3) : 0.0;
    f.r2 = ls.r2;
    f.residualSd = ls.residualSd;
    f.loo = ls.loo;
    f.fitted.assign(ls.fitted.data(), ls.fitted.data() + n);
    return f;
}
} // namespace

CrosswalkFit fitCrosswalkPoints(const std::vector<double> &x1, const std::vector<double> &x2, const std::vector<double> &y)
{
    return fitColumns({&x1, &x2}, y);
}

CrosswalkFit fitCrosswalkPoints(const std::vector<double> &x1, const std::vector<double> &x2, const std::vector<double> &x3,
                                const std::vector<double> &y)
{
    return fitColumns({&x1, &x2, &x3}, y);
}

std::string crosswalkSizeTermName(CrosswalkSizeTerm t)
{
    switch (t) {
    case CrosswalkSizeTerm::None:
        return "none";
    case CrosswalkSizeTerm::SmallBand:
        return "small band (open, up to the first edge): 1, else 0";
    case CrosswalkSizeTerm::BelowEdgeTotal:
        return "doublings of total parameters below the first edge: max(0, log2(edge / total))";
    case CrosswalkSizeTerm::BelowEdgeActive:
        return "doublings of active parameters below the first edge: max(0, log2(edge / active))";
    case CrosswalkSizeTerm::BelowEdgeEffective:
        return "doublings of effective parameters below the first edge: max(0, log2(edge / sqrt(active x total)))";
    }
    return "none";
}

double crosswalkSizeValue(CrosswalkSizeTerm t, double edgeB, double totalB, double activeB)
{
    if (totalB <= 0 || edgeB <= 0)
        return 0.0;
    const double active = activeB > 0 ? activeB : totalB;
    switch (t) {
    case CrosswalkSizeTerm::None:
        return 0.0;
    case CrosswalkSizeTerm::SmallBand:
        return totalB <= edgeB ? 1.0 : 0.0;
    case CrosswalkSizeTerm::BelowEdgeTotal:
        return std::max(0.0, std::log2(edgeB / totalB));
    case CrosswalkSizeTerm::BelowEdgeActive:
        return std::max(0.0, std::log2(edgeB / active));
    case CrosswalkSizeTerm::BelowEdgeEffective:
        return std::max(0.0, std::log2(edgeB / std::sqrt(active * totalB)));
    }
    return 0.0;
}

namespace {
std::string bandOf(const std::vector<double> &edges, double totalB)
{
    const auto num = [](double x) {
        char b[32];
        std::snprintf(b, sizeof b, "%g", x);
        return std::string(b);
    };
    if (edges.empty())
        return "open";
    if (totalB <= edges.front())
        return "open, up to " + num(edges.front()) + "B total";
    for (std::size_t i = 1; i < edges.size(); ++i)
        if (totalB <= edges[i])
            return "open, " + num(edges[i - 1]) + "-" + num(edges[i]) + "B total";
    return "open, over " + num(edges.back()) + "B total";
}
} // namespace

std::string crosswalkBand(const Crosswalk &cw, const DataSet &d, const std::string &name)
{
    if (const OpenModel *m = d.openModel(name))
        return m->paramsTotalB > 0 ? bandOf(cw.inputs.bandEdgesB, m->paramsTotalB) : "open, size unknown";
    return "closed (size not published)";
}

namespace {
std::vector<CrosswalkBand> looByBand(const std::vector<std::string> &bandOfPoint, const std::vector<double> &loo)
{
    std::map<std::string, std::vector<double>> byBand;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < loo.size(); ++i) {
        if (!byBand.count(bandOfPoint[i]))
            order.push_back(bandOfPoint[i]);
        byBand[bandOfPoint[i]].push_back(loo[i]);
    }
    std::vector<CrosswalkBand> out;
    for (const auto &label : order) {
        const auto &r = byBand[label];
        CrosswalkBand b;
        b.label = label;
        b.n = static_cast<int>(r.size());
        double s = 0, s2 = 0;
        for (double x : r) {
            s += x;
            s2 += x * x;
        }
        b.meanResidual = s / b.n;
        b.rmsResidual = std::sqrt(s2 / b.n);
        out.push_back(b);
    }
    return out;
}

double rms(const std::vector<double> &v)
{
    double ss = 0;
    for (double x : v)
        ss += x * x;
    return std::sqrt(ss / static_cast<double>(v.size()));
}

// The size term's value for a catalog model (0 for a frontier model: size unpublished).
double sizeValueOf(CrosswalkSizeTerm t, double edgeB, const DataSet &d, const std::string &name)
{
    if (const OpenModel *m = d.openModel(name))
        return crosswalkSizeValue(t, edgeB, m->paramsTotalB, m->paramsActiveB);
    return 0.0;
}
} // namespace

Crosswalk fitCrosswalk(const DataSet &d, const CrosswalkInputs &in)
{
    Crosswalk cw;
    cw.inputs = in;
    cw.edgeB = in.bandEdgesB.empty() ? 0.0 : in.bandEdgesB.front();
    std::vector<double> x1, x2, y;
    std::vector<const CrosswalkRow *> used;
    for (const auto &r : in.rows) {
        std::optional<double> eci;
        if (const OpenModel *m = d.openModel(r.name); m && m->quality && !m->qualityDerived)
            eci = m->quality;
        else if (const FrontierModel *f = d.frontier(r.name); f && f->scored)
            eci = f->quality;
        if (!eci)
            continue;
        x1.push_back(r.gpqa);
        x2.push_back(r.hle);
        y.push_back(*eci);
        used.push_back(&r);
    }
    std::vector<std::string> bandOfPoint;
    for (const auto *r : used)
        bandOfPoint.push_back(crosswalkBand(cw, d, r->name));
    // Every candidate size term, fitted and scored by leave-one-out; the least rms is kept (a strict
    // improvement is needed to leave an earlier, simpler candidate, so "none" wins a tie).
    CrosswalkFit best;
    std::vector<double> bestX3(y.size(), 0.0);
    for (CrosswalkSizeTerm t : {CrosswalkSizeTerm::None, CrosswalkSizeTerm::SmallBand, CrosswalkSizeTerm::BelowEdgeTotal,
                                CrosswalkSizeTerm::BelowEdgeActive, CrosswalkSizeTerm::BelowEdgeEffective}) {
        std::vector<double> x3;
        for (const auto *r : used)
            x3.push_back(sizeValueOf(t, cw.edgeB, d, r->name));
        if (t != CrosswalkSizeTerm::None && (cw.edgeB <= 0 || std::all_of(x3.begin(), x3.end(), [](double v) { return v == 0; })))
            continue; // no band edge, or no fitted model below it: the term cannot be fitted
        const CrosswalkFit f = t == CrosswalkSizeTerm::None ? fitCrosswalkPoints(x1, x2, y) : fitCrosswalkPoints(x1, x2, x3, y);
        CrosswalkCandidate c;
        c.term = t;
        c.d = f.d;
        c.looRms = rms(f.loo);
        c.bands = looByBand(bandOfPoint, f.loo);
        if (cw.candidates.empty() || c.looRms < cw.looRms - 1e-9) {
            best = f;
            bestX3 = x3;
            cw.sizeTerm = t;
            cw.looRms = c.looRms;
        }
        cw.candidates.push_back(std::move(c));
    }
    const CrosswalkFit &f = best;
    cw.a = f.a;
    cw.b = f.b;
    cw.c = f.c;
    cw.d = f.d;
    cw.n = static_cast<int>(y.size());
    cw.r2 = f.r2;
    cw.residualSd = f.residualSd;
    for (std::size_t i = 0; i < used.size(); ++i)
        cw.points.push_back(CrosswalkPoint{used[i]->name, bandOfPoint[i], y[i], f.fitted[i], f.loo[i], bestX3[i]});
    cw.bands = looByBand(bandOfPoint, f.loo);
    for (const auto &r : in.rows) {
        const OpenModel *m = d.openModel(r.name);
        if (!m || (m->quality && !m->qualityDerived) || m->paramsTotalB <= 0)
            continue;
        CrosswalkDerived dv;
        dv.name = r.name;
        dv.indexRow = r.indexRow;
        dv.band = crosswalkBand(cw, d, r.name);
        dv.sizeValue = crosswalkSizeValue(cw.sizeTerm, cw.edgeB, m->paramsTotalB, m->paramsActiveB);
        dv.score = cw.predict(r.gpqa, r.hle, dv.sizeValue);
        // The band's leave-one-out error; a band with fewer than 3 fitted models takes the overall one.
        dv.sd = cw.looRms;
        for (const auto &b : cw.bands)
            if (b.label == dv.band && b.n >= 3)
                dv.sd = b.rmsResidual;
        cw.derived.push_back(dv);
    }
    return cw;
}

void applyCrosswalk(DataSet &d, const Crosswalk &cw)
{
    for (const auto &dv : cw.derived)
        for (auto &m : d.openModels)
            if (m.name == dv.name) {
                m.quality = round4(dv.score);
                m.qualityDerived = true;
                m.qualityVariance = dv.sd * dv.sd;
            }
}

std::string crosswalkText(const Crosswalk &cw)
{
    using nlohmann::ordered_json;
    ordered_json j;
    j["format"] = "frontier-forecast-crosswalk";
    j["version"] = 1;
    j["description"] =
        "Derived general scores (Epoch Capabilities Index points) for open models the index has not scored: "
        "ECI = a + b x GPQA Diamond + c x Humanity's Last Exam + d x s, fitted on the catalog models with both, where s is at most one "
        "size term chosen by leave-one-out error (fit.size_term, fit.size_term_candidates: the first candidate, none, is the "
        "uncorrected fit). Only the inputs "
        "section is edited by hand; the rest is generated by frontier-forecast-calibrate --data data --crosswalk "
        "data/crosswalk.json (byte-identical on rerun) and tests/tst_fits.cpp fails when it is stale.";
    ordered_json in;
    in["index"] = cw.inputs.index;
    in["rule"] = cw.inputs.rule;
    in["apply"] = cw.inputs.apply;
    in["band_edges_b"] = cw.inputs.bandEdgesB;
    ordered_json rows = ordered_json::array();
    for (const auto &r : cw.inputs.rows)
        rows.push_back({{"name", r.name}, {"index_row", r.indexRow}, {"gpqa_diamond", r.gpqa}, {"hle", r.hle}});
    in["rows"] = rows;
    j["inputs"] = in;
    ordered_json fit;
    fit["law"] = "eci = a + b * gpqa_diamond + c * hle + d * s";
    fit["a"] = round4(cw.a);
    fit["b"] = round4(cw.b);
    fit["c"] = round4(cw.c);
    fit["d"] = round4(cw.d);
    fit["size_term"] = {{"s", crosswalkSizeTermName(cw.sizeTerm)}, {"edge_b", cw.edgeB},
                        {"closed_models", "s = 0 (size unpublished, taken to be above the edge)"},
                        {"chosen_by", "least leave-one-out rms over the candidates below, none on a tie"}};
    fit["n"] = cw.n;
    fit["r2"] = round4(cw.r2);
    fit["residual_sd"] = round4(cw.residualSd);
    fit["loo_rms"] = round4(cw.looRms);
    ordered_json bands = ordered_json::array();
    for (const auto &b : cw.bands)
        bands.push_back({{"band", b.label}, {"n", b.n}, {"loo_mean_residual", round4(b.meanResidual)}, {"loo_rms_residual", round4(b.rmsResidual)}});
    fit["loo_by_size_band"] = bands;
    ordered_json cands = ordered_json::array();
    for (const auto &c : cw.candidates) {
        ordered_json cb = ordered_json::array();
        for (const auto &b : c.bands)
            cb.push_back({{"band", b.label}, {"n", b.n}, {"loo_mean_residual", round4(b.meanResidual)}, {"loo_rms_residual", round4(b.rmsResidual)}});
        cands.push_back({{"s", crosswalkSizeTermName(c.term)}, {"d", round4(c.d)}, {"loo_rms", round4(c.looRms)}, {"loo_by_size_band", cb}});
    }
    fit["size_term_candidates"] = cands;
    ordered_json pts = ordered_json::array();
    for (const auto &p : cw.points)
        pts.push_back({{"name", p.name}, {"band", p.band}, {"eci", round4(p.eci)}, {"s", round4(p.sizeValue)}, {"fitted", round4(p.fitted)}, {"loo_residual", round4(p.looResidual)}});
    fit["points"] = pts;
    j["fit"] = fit;
    ordered_json der = ordered_json::array();
    for (const auto &dv : cw.derived)
        der.push_back({{"name", dv.name}, {"index_row", dv.indexRow}, {"band", dv.band}, {"s", round4(dv.sizeValue)}, {"derived_score", round4(dv.score)}, {"sd", round4(dv.sd)}});
    j["derived"] = der;
    return j.dump(2) + "\n";
}

} // namespace ff

#include "crosswalk.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>

#include <Eigen/Dense>

#include "dataset.h"
#include "jsonread.h"

namespace ff {

namespace {
double round4(double x) { return std::round(x * 1e4) / 1e4; }
} // namespace

CrosswalkInputs parseCrosswalkInputs(const nlohmann::json &j, const std::string &file)
{
    JsonObject top(j, file, "");
    CrosswalkInputs in;
    const JsonObject inputs = top.object("inputs");
    in.index = inputs.str("index");
    if (in.index.empty())
        inputs.fail(inputs.field("index"), "the source needs a public address");
    in.rule = inputs.str("rule");
    in.apply = inputs.boolean("apply", false);
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
        row.name = r.str("name");
        row.indexRow = r.str("index_row");
        row.gpqa = r.num("gpqa_diamond", 0, 1);
        row.hle = r.num("hle", 0, 1);
        for (const auto &o : in.rows)
            if (o.name == row.name)
                r.fail(r.field("name"), "\"" + row.name + "\" is listed twice");
        in.rows.push_back(std::move(row));
    }
    return in;
}

CrosswalkFit fitCrosswalkPoints(const std::vector<double> &x1, const std::vector<double> &x2, const std::vector<double> &y)
{
    const int n = static_cast<int>(y.size());
    if (n < 5 || x1.size() != y.size() || x2.size() != y.size())
        throw std::runtime_error("too few models with both scores to fit the crosswalk (need 5, have " + std::to_string(n) + ")");
    Eigen::MatrixXd X(n, 3);
    Eigen::VectorXd v(n);
    for (int i = 0; i < n; ++i) {
        X(i, 0) = 1.0;
        X(i, 1) = x1[static_cast<std::size_t>(i)];
        X(i, 2) = x2[static_cast<std::size_t>(i)];
        v(i) = y[static_cast<std::size_t>(i)];
    }
    const Eigen::Matrix3d xtx = X.transpose() * X;
    const Eigen::FullPivLU<Eigen::Matrix3d> lu(xtx);
    if (!lu.isInvertible())
        throw std::runtime_error("the crosswalk's design is singular (the two scores do not vary independently)");
    const Eigen::Vector3d beta = lu.solve(X.transpose() * v);
    CrosswalkFit f;
    f.a = beta(0);
    f.b = beta(1);
    f.c = beta(2);
    const Eigen::VectorXd fitted = X * beta;
    const Eigen::VectorXd res = v - fitted;
    const double ssTot = (v.array() - v.mean()).square().sum();
    f.r2 = ssTot > 0 ? 1 - res.squaredNorm() / ssTot : 0.0;
    f.residualSd = n > 3 ? std::sqrt(res.squaredNorm() / (n - 3)) : 0.0;
    // Leave-one-out by refitting without each point (n small: plain, and obviously right).
    for (int i = 0; i < n; ++i) {
        std::vector<double> a1, a2, ay;
        for (int k = 0; k < n; ++k)
            if (k != i) {
                a1.push_back(x1[static_cast<std::size_t>(k)]);
                a2.push_back(x2[static_cast<std::size_t>(k)]);
                ay.push_back(y[static_cast<std::size_t>(k)]);
            }
        Eigen::MatrixXd Xi(n - 1, 3);
        Eigen::VectorXd vi(n - 1);
        for (int k = 0; k < n - 1; ++k) {
            Xi(k, 0) = 1.0;
            Xi(k, 1) = a1[static_cast<std::size_t>(k)];
            Xi(k, 2) = a2[static_cast<std::size_t>(k)];
            vi(k) = ay[static_cast<std::size_t>(k)];
        }
        const Eigen::Vector3d bi = (Xi.transpose() * Xi).fullPivLu().solve(Xi.transpose() * vi);
        f.loo.push_back(v(i) - (bi(0) + bi(1) * X(i, 1) + bi(2) * X(i, 2)));
        f.fitted.push_back(fitted(i));
    }
    return f;
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

Crosswalk fitCrosswalk(const DataSet &d, const CrosswalkInputs &in)
{
    Crosswalk cw;
    cw.inputs = in;
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
    const CrosswalkFit f = fitCrosswalkPoints(x1, x2, y);
    cw.a = f.a;
    cw.b = f.b;
    cw.c = f.c;
    cw.n = static_cast<int>(y.size());
    cw.r2 = f.r2;
    cw.residualSd = f.residualSd;
    std::map<std::string, std::vector<double>> byBand;
    std::vector<std::string> order;
    double ss = 0;
    for (std::size_t i = 0; i < used.size(); ++i) {
        CrosswalkPoint p{used[i]->name, crosswalkBand(cw, d, used[i]->name), y[i], f.fitted[i], f.loo[i]};
        if (!byBand.count(p.band))
            order.push_back(p.band);
        byBand[p.band].push_back(p.looResidual);
        ss += p.looResidual * p.looResidual;
        cw.points.push_back(std::move(p));
    }
    cw.looRms = std::sqrt(ss / static_cast<double>(used.size()));
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
        cw.bands.push_back(b);
    }
    for (const auto &r : in.rows) {
        const OpenModel *m = d.openModel(r.name);
        if (!m || (m->quality && !m->qualityDerived) || m->paramsTotalB <= 0)
            continue;
        CrosswalkDerived dv;
        dv.name = r.name;
        dv.indexRow = r.indexRow;
        dv.band = crosswalkBand(cw, d, r.name);
        dv.score = cw.predict(r.gpqa, r.hle);
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
        "ECI = a + b x GPQA Diamond + c x Humanity's Last Exam, fitted on the catalog models with both. Only the inputs "
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
    fit["law"] = "eci = a + b * gpqa_diamond + c * hle";
    fit["a"] = round4(cw.a);
    fit["b"] = round4(cw.b);
    fit["c"] = round4(cw.c);
    fit["n"] = cw.n;
    fit["r2"] = round4(cw.r2);
    fit["residual_sd"] = round4(cw.residualSd);
    fit["loo_rms"] = round4(cw.looRms);
    ordered_json bands = ordered_json::array();
    for (const auto &b : cw.bands)
        bands.push_back({{"band", b.label}, {"n", b.n}, {"loo_mean_residual", round4(b.meanResidual)}, {"loo_rms_residual", round4(b.rmsResidual)}});
    fit["loo_by_size_band"] = bands;
    ordered_json pts = ordered_json::array();
    for (const auto &p : cw.points)
        pts.push_back({{"name", p.name}, {"band", p.band}, {"eci", round4(p.eci)}, {"fitted", round4(p.fitted)}, {"loo_residual", round4(p.looResidual)}});
    fit["points"] = pts;
    j["fit"] = fit;
    ordered_json der = ordered_json::array();
    for (const auto &dv : cw.derived)
        der.push_back({{"name", dv.name}, {"index_row", dv.indexRow}, {"band", dv.band}, {"derived_score", round4(dv.score)}, {"sd", round4(dv.sd)}});
    j["derived"] = der;
    return j.dump(2) + "\n";
}

} // namespace ff

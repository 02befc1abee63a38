#pragma once
// The score crosswalk (issue 25, item 3): a general quality score (the Epoch Capabilities Index)
// derived for open models the index has not scored, from one other source that runs every model on
// one harness (data/crosswalk.json names it) and uses no coding benchmark:
//     ECI = a + b * GPQA Diamond + c * Humanity's Last Exam   (both fractions 0-1)
// fitted by least squares on the catalog models that have both an ECI score and a row there.
// Leave-one-out residuals are kept per size band, so that a size bias shows (small reasoning models
// score high on such benchmarks); a derived score carries the mean squared leave-one-out residual of
// its band as its variance, which the quality law weighs it by (fits.h) and so the Monte Carlo samples.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ff {

struct DataSet;

struct CrosswalkRow {
    std::string name;     // the catalog model (open_models or frontier_models)
    std::string indexRow; // the source's row (its best-scoring setting)
    double gpqa = 0, hle = 0;
};

struct CrosswalkInputs {
    std::string index;  // the source, with its public address
    std::string rule;   // how a row is chosen
    std::vector<double> bandEdgesB; // total parameters (billions): open models up to the first edge, ...
    // Whether loadDataSet gives the open models their derived scores (inputs.apply). Shipped false in
    // round 10: the derived scores are fitted, reported and tested, but with them the default answer
    // becomes observed, and the suites built on a projected default (box ties, economics of the
    // answer box, the purchase month of an observed answer) need their own review first.
    bool apply = false;
    std::vector<CrosswalkRow> rows;
};

struct CrosswalkBand {
    std::string label;
    int n = 0;
    double meanResidual = 0; // leave-one-out, ECI points (observed - predicted)
    double rmsResidual = 0;  // its root mean square (the derived score's standard error in this band)
};

struct CrosswalkPoint {
    std::string name, band;
    double eci = 0, fitted = 0, looResidual = 0;
};

struct CrosswalkDerived {
    std::string name, indexRow, band;
    double score = 0, sd = 0;
};

struct Crosswalk {
    CrosswalkInputs inputs;
    double a = 0, b = 0, c = 0;
    int n = 0;
    double r2 = 0, residualSd = 0, looRms = 0;
    std::vector<CrosswalkPoint> points;
    std::vector<CrosswalkBand> bands;
    std::vector<CrosswalkDerived> derived;
    double predict(double gpqa, double hle) const { return a + b * gpqa + c * hle; }
};

CrosswalkInputs parseCrosswalkInputs(const nlohmann::json &j, const std::string &file);
// Ordinary least squares ECI = a + b x1 + c x2 with leave-one-out residuals (each point refitted
// without it). Throws std::runtime_error with fewer than 5 points or a singular design.
struct CrosswalkFit {
    double a = 0, b = 0, c = 0, r2 = 0, residualSd = 0;
    std::vector<double> fitted, loo;
};
CrosswalkFit fitCrosswalkPoints(const std::vector<double> &x1, const std::vector<double> &x2, const std::vector<double> &y);
// Fits on the data set's index-scored models (derived scores never enter) and derives a score for
// every open model without one. Size band: by total parameters for open models, "closed" for frontier.
Crosswalk fitCrosswalk(const DataSet &d, const CrosswalkInputs &in);
std::string crosswalkBand(const Crosswalk &cw, const DataSet &d, const std::string &name);
// Sets quality, qualityDerived and qualityVariance on the open models the crosswalk derived.
void applyCrosswalk(DataSet &d, const Crosswalk &cw);
// The whole data/crosswalk.json: inputs as given, then the fit (byte-identical on rerun).
std::string crosswalkText(const Crosswalk &cw);

} // namespace ff

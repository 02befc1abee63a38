#pragma once
// The score crosswalk (issue 25, item 3): a general quality score (the Epoch Capabilities Index)
// derived for open models the index has not scored, from one other source that runs every model on
// one harness (data/crosswalk.json names it) and uses no coding benchmark:
//     ECI = a + b * GPQA Diamond + c * Humanity's Last Exam   (both fractions 0-1)
// fitted by least squares on the catalog models that have both an ECI score and a row there.
// Leave-one-out residuals are kept per size band, so that a size bias shows (small reasoning models
// score high on such benchmarks); a derived score carries the mean squared leave-one-out residual of
// its band as its variance, which the quality law weighs it by (fits.h) and so the Monte Carlo samples.
// Size correction (issue 25, round 11): the uncorrected fit over-rated the small band (leave-one-out
// mean -2.9 points), so the fit takes at most one size term, d x s, chosen by leave-one-out error among
// a fixed list (CrosswalkSizeTerm): none, an indicator of the small band, or how far below the first
// band edge the model's total, active or effective size is, in doublings (s = max(0, log2(edge / P))).
// Closed models (size unpublished) take s = 0, i.e. are taken to be above the edge.
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

// The one extra term the fit may take (none by default). Candidates in this order.
enum class CrosswalkSizeTerm { None, SmallBand, BelowEdgeTotal, BelowEdgeActive, BelowEdgeEffective };
std::string crosswalkSizeTermName(CrosswalkSizeTerm t);
// Its value for a model of the given sizes (billions; total <= 0: unknown, closed or unsized, s = 0).
double crosswalkSizeValue(CrosswalkSizeTerm t, double edgeB, double totalB, double activeB);

// One candidate of the size-term choice: its leave-one-out error overall and by band.
struct CrosswalkCandidate {
    CrosswalkSizeTerm term = CrosswalkSizeTerm::None;
    double d = 0, looRms = 0;
    std::vector<CrosswalkBand> bands;
};

struct CrosswalkPoint {
    std::string name, band;
    double eci = 0, fitted = 0, looResidual = 0;
    double sizeValue = 0; // the size term's regressor s
};

struct CrosswalkDerived {
    std::string name, indexRow, band;
    double score = 0, sd = 0;
    double sizeValue = 0;
};

struct Crosswalk {
    CrosswalkInputs inputs;
    double a = 0, b = 0, c = 0;
    // The size term chosen (least leave-one-out rms of the candidates; ties to the simpler, earlier one)
    // and its coefficient d (ECI points per unit of s); edgeB the knot, the first band edge.
    CrosswalkSizeTerm sizeTerm = CrosswalkSizeTerm::None;
    double d = 0, edgeB = 0;
    int n = 0;
    double r2 = 0, residualSd = 0, looRms = 0;
    std::vector<CrosswalkPoint> points;
    std::vector<CrosswalkBand> bands;            // leave-one-out by band, chosen fit
    std::vector<CrosswalkCandidate> candidates;  // every candidate, "none" (the uncorrected fit) first
    std::vector<CrosswalkDerived> derived;
    double predict(double gpqa, double hle, double sizeValue = 0) const { return a + b * gpqa + c * hle + d * sizeValue; }
};

CrosswalkInputs parseCrosswalkInputs(const nlohmann::json &j, const std::string &file);
// Ordinary least squares ECI = a + b x1 + c x2 with leave-one-out residuals (each point refitted
// without it). Throws std::runtime_error with fewer than 5 points or a singular design.
struct CrosswalkFit {
    double a = 0, b = 0, c = 0, d = 0, r2 = 0, residualSd = 0;
    std::vector<double> fitted, loo;
};
CrosswalkFit fitCrosswalkPoints(const std::vector<double> &x1, const std::vector<double> &x2, const std::vector<double> &y);
// The same with a third regressor x3 (coefficient d): ECI = a + b x1 + c x2 + d x3. Needs 6 points.
CrosswalkFit fitCrosswalkPoints(const std::vector<double> &x1, const std::vector<double> &x2, const std::vector<double> &x3,
                                const std::vector<double> &y);
// Fits on the data set's index-scored models (derived scores never enter) and derives a score for
// every open model without one. Size band: by total parameters for open models, "closed" for frontier.
Crosswalk fitCrosswalk(const DataSet &d, const CrosswalkInputs &in);
std::string crosswalkBand(const Crosswalk &cw, const DataSet &d, const std::string &name);
// Sets quality, qualityDerived and qualityVariance on the open models the crosswalk derived.
void applyCrosswalk(DataSet &d, const Crosswalk &cw);
// The whole data/crosswalk.json: inputs as given, then the fit (byte-identical on rerun).
std::string crosswalkText(const Crosswalk &cw);

} // namespace ff

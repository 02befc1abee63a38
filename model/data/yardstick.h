#pragma once
// What "Sonnet-class" is measured by: the yardstick. General ability is the Epoch Capabilities Index;
// coding agents is SWE-rebench (one task window, Nebius's one scaffold) on a log-odds scale, with
// SWE-bench Verified kept as a labelled secondary. Also the context a model really has.
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/fits.h"

namespace ff {

enum class Yardstick { General, Coding, CodingVerified };

// The two coding yardsticks share the log-odds scale, the percent display and the slope gate.
inline bool isCoding(Yardstick y) { return y != Yardstick::General; }

const std::vector<Yardstick> &allYardsticks();
std::string yardstickName(Yardstick y);  // "general", "coding", "coding_verified" (CLI, scenario files, JSON keys)
std::string yardstickLabel(Yardstick y); // "general ability (Epoch Capabilities Index)", ...
std::optional<Yardstick> parseYardstick(const std::string &name);
// What the reader must know about the yardstick's benchmark (empty for general): SWE-rebench's harness
// and window; SWE-bench Verified is kept only as a labelled secondary, with its known problems and their sources.
std::string yardstickCaveat(Yardstick y);
std::string yardstickBenchmark(Yardstick y); // "SWE-rebench", "SWE-bench Verified" ("" for general)
// Why a target has no score on a yardstick, to follow the bare fact ("" when there is nothing to add):
// on SWE-rebench, the task window the data uses, which did not run it, and why no bar is crosswalked.
std::string unscoredTargetWhy(const DataSet &d, Yardstick y, double asOf);
// data/models.json "swe_rebench": {"value": percent, "window": "YYYY-MM-DD/YYYY-MM-DD", "source": "..."}.
// Nebius runs every model itself on one scaffold (no vendor claims: independent); the window names the
// tasks, and a catalog uses one window: a second window is an error naming the entry (never pooled).
class JsonObject; // jsonread.h
struct RebenchWindow {
    std::string window, first; // the window in use and the entry that set it
};
std::optional<BenchScore> parseRebenchScore(const JsonObject &o, RebenchWindow &w, std::vector<std::string> &warnings);

// A model's score on a coding yardstick's benchmark (nullopt for general or when it has none).
const std::optional<BenchScore> &codingScore(const OpenModel &m, Yardstick y);
const std::optional<BenchScore> &codingScore(const FrontierModel &m, Yardstick y);
std::string yardstickNameList(); // "general, coding"

// Percent (0-100) <-> log-odds. Scores are clamped to [0.5, 99.5] % so that 0 and 100 stay finite.
double percentToLogit(double percent);
double logitToPercent(double x);

// How far vendor claims sit above Epoch's own runs of the same models, on the log-odds scale: the
// mean over the catalog models (open and frontier, released by asOf) that have both figures.
struct VendorGap {
    double meanLogit = 0;
    double sdLogit = 0;
    int n = 0;
};
VendorGap vendorGap(const DataSet &d, double asOf);

// The catalogs with `quality` (and, for frontier models, `scored`) on a yardstick's scale. General:
// the index as loaded. Coding: log-odds of SWE-rebench (one harness and window, no vendor claims).
// CodingVerified: log-odds of SWE-bench Verified, an independent run where there is one, else the
// vendor's claim lowered by the vendor gap; models without a score are unscored.
// The bar crosswalk (SWE-rebench): logit(SWE-rebench) = a + b (index score), least squares over the
// catalog models released by asOf with both an index score (derived ones included: they are the
// index's crosswalk from GPQA Diamond and HLE, crosswalk.h) and a SWE-rebench run. A target without a
// run gets its bar from it, at its index score, with the prediction interval's error; never when the
// slope's 95% interval (Student t, n - 2 degrees of freedom) includes zero.
struct BarCrosswalk {
    int n = 0;
    double a = 0, b = 0, seB = 0, residualSd = 0;
    double meanX = 0, sxx = 0;
    double t975 = 0;            // the t quantile for n - 2 degrees of freedom
    bool distinguishable = false; // b - t975 seB > 0
    std::vector<std::string> names;
    double predict(double x) const { return a + b * x; }
    // The prediction's sd at x (on the log-odds scale): the residual's plus the line's.
    double predictionSd(double x) const;
};
BarCrosswalk fitBarCrosswalk(const DataSet &d, double asOf);
// The two-sided 95% Student t quantile for dof degrees of freedom (1.96 beyond 30).
double tQuantile975(int dof);
// "crosswalked from ECI 146.8 (n = 5, 95% prediction interval 18.2-51.4%)" for a crosswalked bar, "" otherwise.
std::string crosswalkedBarText(const FrontierModel &m);
// "not projectable from this evidence: ..." when the crosswalk cannot give a bar ("" when it can).
std::string barCrosswalkProblem(const BarCrosswalk &cw);

struct ScaledCatalog {
    std::vector<OpenModel> open;
    std::vector<FrontierModel> frontier;
    VendorGap gap;
    BarCrosswalk barCrosswalk; // coding (SWE-rebench) only
    int independentOpen = 0, vendorOpen = 0; // scored open models released by asOf, by kind of figure
};
ScaledCatalog scaleCatalog(const DataSet &d, Yardstick y, double asOf);

// The display value of a score on the yardstick's scale: index points, or percent for coding.
double displayScore(Yardstick y, double scaled);
std::string displayUnit(Yardstick y); // "" or "%"

// Context limits of open releases: log2(limit) = intercept + slope (t - t0), over the models with a
// limit released by asOf. A projected model released at t supports 2^(intercept + slope (t - t0)).
LineFit fitContextTrend(const std::vector<OpenModel> &models, double asOf, double t0);
// First time the trend reaches `tokens` (-inf: always; +inf: never, the trend does not grow).
double contextReadyYear(const LineFit &trend, double t0, double tokens);

} // namespace ff

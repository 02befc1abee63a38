#pragma once
// What "Sonnet-class" is measured by: the yardstick. General ability is the Epoch Capabilities Index;
// coding agents is SWE-bench Verified on a log-odds scale. Also the context a model really has.
#include <optional>
#include <string>
#include <vector>

#include "dataset.h"
#include "fits.h"

namespace ff {

enum class Yardstick { General, Coding };

const std::vector<Yardstick> &allYardsticks();
std::string yardstickName(Yardstick y);  // "general", "coding" (CLI, scenario files, JSON keys)
std::string yardstickLabel(Yardstick y); // "general ability (Epoch Capabilities Index)", ...
std::optional<Yardstick> parseYardstick(const std::string &name);
// What the reader must know about the yardstick's benchmark (empty for general): SWE-bench Verified is
// kept only as a labelled secondary, with its known problems and their sources.
std::string yardstickCaveat(Yardstick y);
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
// the index as loaded. Coding: log-odds of SWE-bench Verified, an independent run where there is one,
// else the vendor's claim lowered by the vendor gap; models without a score are unscored.
struct ScaledCatalog {
    std::vector<OpenModel> open;
    std::vector<FrontierModel> frontier;
    VendorGap gap;
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

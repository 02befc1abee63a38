#pragma once
// Least-squares fits (Eigen) of the historical trends, the quality law and the KV-cache law.
#include <array>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace ff {

struct LineFit {
    double intercept = 0;
    double slope = 0; // per year (in log2 units for doubling fits)
    double r2 = 0;
    int n = 0;
    double residualSd = 0;
    bool ok = false;
    // For log2 fits: years per doubling (inf when slope <= 0).
    double doublingYears() const;
};

// Fits log2(y) = a + s*(t - t0). Points with y <= 0 are skipped.
LineFit fitLog2Trend(const std::vector<double> &t, const std::vector<double> &y, double t0);

// Q = a + b*log2(Deff) + c*(t - t0), Deff = Pa^alpha * Pt^(1-alpha) (billions of parameters).
// The same law serves every yardstick: Q is the Epoch Capabilities Index (general) or the log-odds of
// a SWE-bench Verified score (coding); `scale` says which.
struct QualityLaw {
    double a = 0, b = 0, c = 0;
    double t0 = 2025.0;
    double alpha = 0.5;
    int n = 0;
    double r2 = 0;
    double residualSd = 0;
    // Covariance of (a, b, c), row-major: residual variance x (X'X)^-1. With few points it is wide,
    // and a Monte Carlo that samples it widens the range instead of sharpening the date.
    std::array<double, 9> cov{};
    std::string scale = "index"; // "index" (ECI points) or "logit" (log-odds of a percentage)
    double se(int i) const;      // standard error of a (0), b (1), c (2)
    // Lower Cholesky factor of cov (row-major), so that (a, b, c) + chol * z with z ~ N(0, I)
    // samples the coefficients (the Monte Carlo).
    double chol[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    // The evidence the law rests on: the first and the last release date of the models it was fitted on.
    double firstRelease = 0, lastRelease = 0;
    // Years for the dense-equivalent size needed for a fixed quality to halve: b / c.
    double densityDoublingYears() const;
    double quality(double deffB, double t) const;
};

// Fits the quality law on open models released up to asOf that have a score. Throws
// std::runtime_error when fewer than 4 points or a singular design.
// A law whose size slope is not positive is refused (RequireGrowth), unless the caller gates its
// projection on the slope's interval itself (AllowFlat: the coding yardstick, whose few points may
// fit a flat or falling slope; then only observed answers stand, see Context::projectable).
enum class LawGrowth { Require, AllowFlat };
QualityLaw fitQualityLaw(const std::vector<OpenModel> &models, double asOf, double t0, double alpha,
                         LawGrowth growth = LawGrowth::Require);

// The least-squares core: Q = a + b log2(deff) + c (t - t0) over explicit points (also for tests).
struct LawPoint {
    double deffB = 0, t = 0, q = 0;
    // Variance of q itself (ECI points squared): 0 for an index score, the crosswalk's leave-one-out
    // error for a derived one. With any above 0 the fit is weighted, w = s^2 / (s^2 + var), s the
    // law's own residual sd (iterated), and the covariance (so the Monte Carlo) carries it.
    double var = 0;
};
QualityLaw fitLaw(const std::vector<LawPoint> &points, double t0, double alpha, LawGrowth growth = LawGrowth::Require);

// KV bytes per context token that grow with the context (FP16 cache; windowed layers and
// linear-attention state are fixed bytes, kvcache.h), over release date and size:
//     ln kv = ln ref + gamma ln Deff + perYear (t - t0)
// fitted by least squares over the open models with a kv_architecture (or kv_bytes_per_token)
// released by as-of. A negative gamma (a cache that grows as models shrink) is set to 0 and the
// rest refitted. The time term carries the move of attention designs (grouped-query -> latent,
// sliding-window, hybrid linear layers); it cannot run to zero: Engine::kvPerToken holds it above
// the floor `kv_floor_bytes_per_token` (an assumption, sampled).
struct KvLaw {
    double ref = 0;     // bytes per token at Deff = 1B and t = t0
    double gamma = 0;   // elasticity in size
    double perYear = 0; // d ln(bytes) / d year (negative: caches shrink)
    double t0 = 2025.0;
    int n = 0;
    double r2 = 0;
    double residualSd = 0; // of ln bytes
    // Covariance of (ln ref, perYear) (gamma held at its fit), row-major, and its lower Cholesky
    // factor: the Monte Carlo draws (ln ref, perYear) + chol z.
    double cov[4] = {0, 0, 0, 0};
    double chol[4] = {0, 0, 0, 0};
    double firstRelease = 0, lastRelease = 0;
    // The catalog by attention kind (kvcache.h AttentionKind): models, geometric mean bytes per
    // token, and their mean residual from the law (ln units): where each kind sits off the trend.
    struct Kind {
        int n = 0;
        double geoMeanBytes = 0;
        double meanResidual = 0;
    };
    Kind kinds[kAttentionKinds];
    // Years for the fitted cache to halve (inf when it does not shrink).
    double halvingYears() const;
    double bytesPerToken(double deffB, double t) const;
};
KvLaw fitKvLaw(const std::vector<OpenModel> &models, double asOf, double alpha, double t0 = 2025.0);

double deff(double paramsActiveB, double paramsTotalB, double alpha);

} // namespace ff

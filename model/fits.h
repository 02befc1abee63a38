#pragma once
// Least-squares fits (Eigen) of the historical trends, the quality law and the KV-cache law.
#include <vector>

#include "dataset.h"

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
struct QualityLaw {
    double a = 0, b = 0, c = 0;
    double t0 = 2025.0;
    double alpha = 0.5;
    int n = 0;
    double r2 = 0;
    double residualSd = 0;
    // The fit's own uncertainty: covariance of (a, b, c) = sd^2 (X^T X)^-1, and its lower Cholesky
    // factor (row-major 3x3), so that (a, b, c) + chol * z with z ~ N(0, I) samples the coefficients.
    double cov[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    double chol[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    // The evidence the law rests on: the first and the last release date of the models it was fitted on.
    double firstRelease = 0, lastRelease = 0;
    // Years for the dense-equivalent size needed for a fixed quality to halve: b / c.
    double densityDoublingYears() const;
    double quality(double deffB, double t) const;
};

// Fits the quality law on open models released up to asOf that have a score. Throws
// std::runtime_error when fewer than 4 points or a singular design.
QualityLaw fitQualityLaw(const std::vector<OpenModel> &models, double asOf, double t0, double alpha);

// KV bytes per context token = ref * Deff^gamma (FP16 cache, today's attention designs).
struct KvLaw {
    double ref = 0;   // bytes per token at Deff = 1B
    double gamma = 0; // elasticity
    int n = 0;
    double r2 = 0;
    double bytesPerToken(double deffB) const;
};
KvLaw fitKvLaw(const std::vector<OpenModel> &models, double asOf, double alpha);

double deff(double paramsActiveB, double paramsTotalB, double alpha);

} // namespace ff

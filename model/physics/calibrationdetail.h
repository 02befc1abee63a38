#pragma once
// What the calibration fitter's files share inside model/ (calibration.cpp: the entry points and the
// decode fit; calibrationrows.cpp: the measured rows; calibrationprefill.cpp: the prefill fit;
// calibrationerrors.cpp: the decode fit's held-out and error tables). Not an interface: nothing
// else includes it.
#include <map>
#include <string>
#include <vector>

#include "physics/calibration.h"

namespace ff::calibdetail {

// Linear interpolation between order statistics (the common "type 7" quantile); NaN when empty.
double quantile(std::vector<double> v, double q);
// Absolute percentage error of a prediction.
double ape(double predicted, double measured);

// The prefill fit (before the decode fit: the decode arithmetic term runs at a share of each part's
// achieved prefill rate): the shares, scales, held-out table and attention width law in `c`.
void fitPrefill(Calibration &c, const std::vector<CalibrationRow> &rows);

// The decode design: its columns (weights, KV per generation, fixed, arithmetic, MoE (each per
// kind), extra GPU), the KV column each generation uses, and each hardware family's row count.
struct DecodeDesign {
    DecodeDesign(const Calibration &c, const CalibrationInputs &inputs) : prefill(c), in(inputs) {}
    const Calibration &prefill; // the fitted prefill table each row's part is credited from
    const CalibrationInputs &in;
    int K = kSystemKinds;
    int G = 0;
    int cW = 0, cKv = 0, cFix = 0, cComp = 0, cMoe = 0, cExtra = 0, cols = 0;
    std::vector<int> kvCol;
    std::map<std::string, int> perFamily;

    // Efficiency-like columns (weights, KV, arithmetic): coefficient = 1 / share, share <= 1.
    bool isEfficiency(int k) const { return k < cFix || (k >= cComp && k < cMoe); }
};

// The decode fit on a set of rows: sets the decode constants of `out`; `shareOverride` gives the
// prefill share a family's parts are credited with (a family left out: its fallback).
void solveDecode(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit, Calibration &out,
                 const std::map<std::string, double> &shareOverride);

// The decode fit's statistics in `c`: held out by family and by source, by kind, R2 of log tokens/s,
// and the error table of the named families against the flat rule.
void decodeErrorTables(const DecodeDesign &design, const std::vector<CalibrationRow> &rows,
                       const std::vector<const CalibrationRow *> &fit, Calibration &c);

} // namespace ff::calibdetail

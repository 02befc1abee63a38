#pragma once
// What the calibration suites share (tst_calibration, tst_calibration_roofline): the shipped data,
// its shipped calibration and a refit of it, each loaded once a process, and a relative comparison.
#include <algorithm>
#include <cmath>

#include "physics/calibration.h"
#include "data/dataset.h"
#include "files/loaddata.h"

namespace {
inline bool nearRel(double a, double b, double rel) { return std::fabs(a - b) <= rel * std::max(std::fabs(b), 1e-12); }

inline const ff::DataSet &data()
{
    static const ff::DataSet d = ff::loadDataSet(FF_SOURCE_DATA_DIR);
    return d;
}
inline const ff::Calibration &shipped()
{
    static const ff::Calibration c = ff::loadCalibration(FF_SOURCE_DATA_DIR);
    return c;
}
inline const ff::Calibration &refit()
{
    static const ff::Calibration c = ff::fitCalibration(data(), shipped().inputs);
    return c;
}
} // namespace

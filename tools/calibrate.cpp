// frontier-forecast-calibrate --data DIR [--inputs FILE] [--out FILE]
// frontier-forecast-calibrate --data DIR --crosswalk FILE
//
// With --crosswalk: refits the score crosswalk (model/data/crosswalk.h) from FILE's inputs section and
// DIR's catalogs and rewrites FILE whole (inputs as given, fit and derived scores generated).
//
// Refits the decode and prefill speed model on DIR's measurements (measurements.json, hardware.json)
// with the inputs section of FILE (default DIR/calibration.json) and writes the whole calibration
// file to --out (default: standard output). The same data give the same bytes. The output is
// written to a temporary file beside it and renamed, so a failed run never leaves half a file.
#include <cstdio>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include "physics/calibration.h"
#include "data/crosswalk.h"
#include "data/dataset.h"
#include "data/jsonread.h"
#include "files/loaddata.h"

namespace {

int usage(const char *why)
{
    std::cerr << "frontier-forecast-calibrate: " << why << "\n"
              << "usage: frontier-forecast-calibrate --data DIR [--inputs FILE] [--out FILE]\n";
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    std::string dataDir, inputs, out, crosswalk;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&](std::string &dst) {
            if (i + 1 >= argc)
                return false;
            dst = argv[++i];
            return true;
        };
        if (a == "--data") {
            if (!value(dataDir))
                return usage("--data needs a directory");
        } else if (a == "--inputs") {
            if (!value(inputs))
                return usage("--inputs needs a file");
        } else if (a == "--crosswalk") {
            if (!value(crosswalk))
                return usage("--crosswalk needs a file");
        } else if (a == "--out") {
            if (!value(out))
                return usage("--out needs a file");
        } else if (a == "--help" || a == "-h") {
            usage("refits data/calibration.json from the measurements");
            return 0;
        } else {
            return usage(("unknown argument \"" + ff::printable(a, true) + "\"").c_str());
        }
    }
    if (dataDir.empty())
        return usage("--data is required");
    if (inputs.empty())
        inputs = dataDir + "/calibration.json";
    try {
        std::string text;
        if (!crosswalk.empty()) {
            // The data set as loaded has the derived scores applied; the fit uses only index scores.
            const ff::CrosswalkInputs in = ff::parseCrosswalkInputs(ff::readJsonFile(crosswalk), crosswalk);
            text = ff::crosswalkText(ff::fitCrosswalk(ff::loadDataSet(dataDir), in));
            if (out.empty())
                out = crosswalk;
        } else {
            const ff::CalibrationInputs in = ff::parseCalibrationInputs(ff::readJsonFile(inputs), "calibration.json");
            const ff::Calibration c = ff::fitCalibration(ff::loadDataSet(dataDir), in);
            text = ff::calibrationText(c);
        }
        if (out.empty()) {
            std::cout << text;
            return std::cout.good() ? 0 : 1;
        }
        const std::string tmp = out + ".tmp";
        {
            std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
            f << text;
            f.flush();
            if (!f.good()) {
                std::remove(tmp.c_str());
                std::cerr << "frontier-forecast-calibrate: cannot write " << ff::printable(tmp, true) << "\n";
                return 1;
            }
        }
        if (std::rename(tmp.c_str(), out.c_str()) != 0) {
            std::remove(tmp.c_str());
            std::cerr << "frontier-forecast-calibrate: cannot replace " << ff::printable(out, true) << ": "
                      << std::strerror(errno) << "\n";
            return 1;
        }
        return 0;
    } catch (const ff::DataError &e) {
        std::cerr << "frontier-forecast-calibrate: error in " << ff::printable(e.what(), true) << "\n";
        return 1;
    } catch (const std::exception &e) {
        std::cerr << "frontier-forecast-calibrate: " << ff::printable(e.what(), true) << "\n";
        return 1;
    }
}

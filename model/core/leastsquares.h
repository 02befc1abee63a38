#pragma once
// The model's one least-squares routine: the trend lines, the quality law and the KV law (fits.cpp),
// the index crosswalk with its leave-one-out residuals (crosswalk.cpp) and the SWE-rebench crosswalk
// (yardstick.cpp) all fit with it, so they share one solver and one definition of r2 and residual sd.
#include <vector>

#include <Eigen/Dense>

namespace ff {

struct LeastSquares {
    Eigen::VectorXd beta;     // the coefficients of X's columns
    Eigen::VectorXd fitted;   // X beta
    double r2 = 0;            // 1 - SSres / SStot (0 when y does not vary)
    double residualSd = 0;    // sqrt(SSres / (n - columns)); 0 without a degree of freedom
    int rank = 0;             // X's numerical rank: below its columns the design is singular
    std::vector<double> loo;  // with leaveOneOut: y_i minus row i's prediction by the fit without it
};

// Least squares of y on X's columns (column-pivoting Householder QR).
LeastSquares leastSquares(const Eigen::MatrixXd &X, const Eigen::VectorXd &y, bool leaveOneOut = false);

} // namespace ff

#include "data/fits.h"
#include "core/leastsquares.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

#include <Eigen/Dense>

namespace ff {

double LineFit::doublingYears() const
{
    return slope > 0 ? 1.0 / slope : std::numeric_limits<double>::infinity();
}

LeastSquares leastSquares(const Eigen::MatrixXd &X, const Eigen::VectorXd &y, bool leaveOneOut)
{
    LeastSquares f;
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(X);
    f.rank = static_cast<int>(qr.rank());
    f.beta = qr.solve(y);
    const Eigen::VectorXd res = y - X * f.beta; // (one expression: Eigen subtracts the product in place)
    f.fitted = X * f.beta;
    const double ssRes = res.squaredNorm();
    const double ssTot = (y.array() - y.mean()).square().sum();
    f.r2 = ssTot > 0 ? 1.0 - ssRes / ssTot : 0.0;
    const int dof = static_cast<int>(y.size() - X.cols());
    f.residualSd = dof > 0 ? std::sqrt(ssRes / dof) : 0.0;
    const Eigen::Index n = X.rows();
    for (Eigen::Index i = 0; leaveOneOut && i < n; ++i) {
        Eigen::MatrixXd Xi(n - 1, X.cols());
        Eigen::VectorXd yi(n - 1);
        for (Eigen::Index r = 0, k = 0; r < n; ++r) {
            if (r == i)
                continue;
            Xi.row(k) = X.row(r);
            yi(k++) = y(r);
        }
        f.loo.push_back(y(i) - X.row(i).dot(leastSquares(Xi, yi).beta));
    }
    return f;
}

namespace {
// The coefficients, with r2 and the residual sd.
Eigen::VectorXd fitBeta(const Eigen::MatrixXd &X, const Eigen::VectorXd &y, double &r2, double &sd)
{
    LeastSquares f = leastSquares(X, y);
    r2 = f.r2;
    sd = f.residualSd;
    return std::move(f.beta);
}
} // namespace

LineFit fitLog2Trend(const std::vector<double> &t, const std::vector<double> &y, double t0)
{
    LineFit f;
    std::vector<std::pair<double, double>> pts;
    for (std::size_t i = 0; i < t.size() && i < y.size(); ++i)
        if (y[i] > 0 && std::isfinite(y[i]) && std::isfinite(t[i]))
            pts.emplace_back(t[i] - t0, std::log2(y[i]));
    f.n = static_cast<int>(pts.size());
    if (f.n < 2)
        return f;
    Eigen::MatrixXd X(f.n, 2);
    Eigen::VectorXd v(f.n);
    for (int i = 0; i < f.n; ++i) {
        X(i, 0) = 1.0;
        X(i, 1) = pts[i].first;
        v(i) = pts[i].second;
    }
    const auto beta = fitBeta(X, v, f.r2, f.residualSd);
    f.intercept = beta(0);
    f.slope = beta(1);
    f.ok = std::isfinite(f.slope);
    return f;
}

double deff(double pa, double pt, double alpha)
{
    return std::pow(pa, alpha) * std::pow(pt, 1.0 - alpha);
}

double QualityLaw::densityDoublingYears() const
{
    return c > 0 ? b / c : std::numeric_limits<double>::infinity();
}

double QualityLaw::quality(double deffB, double t) const
{
    return a + b * std::log2(deffB) + c * (t - t0);
}

double QualityLaw::se(int i) const
{
    return i >= 0 && i < 3 ? std::sqrt(std::max(0.0, cov[static_cast<std::size_t>(i * 4)])) : 0.0;
}

QualityLaw fitLaw(const std::vector<LawPoint> &pts, double t0, double alpha, LawGrowth growth)
{
    if (pts.size() < 4)
        throw std::runtime_error("too few scored open models released by this date to fit the quality law (need 4, have " +
                                 std::to_string(pts.size()) + ")");
    const int n = static_cast<int>(pts.size());
    Eigen::MatrixXd X(n, 3);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
        X(i, 0) = 1.0;
        X(i, 1) = std::log2(pts[static_cast<std::size_t>(i)].deffB);
        X(i, 2) = pts[static_cast<std::size_t>(i)].t - t0;
        y(i) = pts[static_cast<std::size_t>(i)].q;
    }
    QualityLaw q;
    Eigen::VectorXd beta = fitBeta(X, y, q.r2, q.residualSd);
    bool weighted = false;
    for (const auto &p : pts)
        weighted = weighted || p.var > 0;
    // Weighted least squares when some scores are derived (their error adds to the law's own scatter).
    Eigen::VectorXd wts = Eigen::VectorXd::Ones(n);
    if (weighted) {
        double s2 = std::max(q.residualSd * q.residualSd, 1e-6);
        for (int iter = 0; iter < 20; ++iter) {
            for (int i = 0; i < n; ++i)
                wts(i) = s2 / (s2 + pts[static_cast<std::size_t>(i)].var);
            const Eigen::VectorXd sw = wts.array().sqrt();
            const Eigen::MatrixXd Xw = sw.asDiagonal() * X;
            const Eigen::VectorXd yw = sw.asDiagonal() * y;
            double r2w = 0, sdw = 0;
            beta = fitBeta(Xw, yw, r2w, sdw);
            const Eigen::VectorXd res = y - X * beta;
            // The law's own scatter: the part of each residual its score's error does not explain.
            double num = 0;
            for (int i = 0; i < n; ++i)
                num += std::max(0.0, res(i) * res(i) - pts[static_cast<std::size_t>(i)].var);
            const double next = std::max(num / std::max(1, n - 3), 1e-6);
            const bool done = std::fabs(next - s2) < 1e-9 * s2;
            s2 = next;
            if (done)
                break;
        }
        for (int i = 0; i < n; ++i)
            wts(i) = s2 / (s2 + pts[static_cast<std::size_t>(i)].var);
        const Eigen::VectorXd res = y - X * beta;
        const double ssTot = (y.array() - y.mean()).square().sum();
        q.r2 = ssTot > 0 ? 1.0 - res.squaredNorm() / ssTot : 0.0;
        q.residualSd = std::sqrt(s2);
    }
    q.a = beta(0);
    q.b = beta(1);
    q.c = beta(2);
    q.t0 = t0;
    q.alpha = alpha;
    q.n = n;
    if ((growth == LawGrowth::Require && !(q.b > 0)) || !std::isfinite(q.b) || !std::isfinite(q.c))
        throw std::runtime_error("the quality law fit is degenerate (quality does not grow with size)");
    q.firstRelease = X.col(2).minCoeff() + t0;
    q.lastRelease = X.col(2).maxCoeff() + t0;
    // Parameter covariance of ordinary least squares: sd^2 (X^T X)^-1 (with few points it is wide,
    // and the Monte Carlo that samples it widens the range instead of sharpening the date).
    // Weighted: s^2 (X^T W X)^-1 with W = s^2 / (s^2 + var), each point's whole variance.
    const Eigen::Matrix3d xtx = X.transpose() * wts.asDiagonal() * X;
    const Eigen::LDLT<Eigen::Matrix3d> ldlt(xtx);
    if (ldlt.info() == Eigen::Success && ldlt.isPositive()) {
        const Eigen::Matrix3d cov = q.residualSd * q.residualSd * ldlt.solve(Eigen::Matrix3d::Identity());
        const Eigen::LLT<Eigen::Matrix3d> llt(cov);
        const Eigen::Matrix3d L = llt.info() == Eigen::Success ? Eigen::Matrix3d(llt.matrixL()) : Eigen::Matrix3d::Zero();
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
                q.cov[static_cast<std::size_t>(3 * i + j)] = cov(i, j);
                q.chol[3 * i + j] = L(i, j);
            }
    } else {
        q.cov.fill(std::numeric_limits<double>::infinity()); // rank-deficient: no standard errors (chol stays 0)
    }
    return q;
}

QualityLaw fitQualityLaw(const std::vector<OpenModel> &models, double asOf, double t0, double alpha, LawGrowth growth)
{
    std::vector<LawPoint> pts;
    for (const auto &m : models)
        if (m.quality && m.paramsTotalB > 0 && m.released <= asOf + 1e-9)
            pts.push_back({deff(m.paramsActiveB, m.paramsTotalB, alpha), m.released, *m.quality, m.qualityVariance});
    return fitLaw(pts, t0, alpha, growth);
}

double KvLaw::bytesPerToken(double deffB, double t) const
{
    return ref * std::pow(std::max(deffB, 0.01), gamma) * std::exp(perYear * (t - t0));
}

double KvLaw::halvingYears() const
{
    return perYear < 0 ? std::log(2.0) / -perYear : std::numeric_limits<double>::infinity();
}

KvLaw fitKvLaw(const std::vector<OpenModel> &models, double asOf, double alpha, double t0)
{
    std::vector<double> x, tt, y;
    std::vector<int> kind;
    KvLaw k;
    k.t0 = t0;
    k.firstRelease = std::numeric_limits<double>::infinity();
    k.lastRelease = -std::numeric_limits<double>::infinity();
    for (const auto &m : models)
        if (m.kvBytesPerToken && m.paramsTotalB > 0 && m.released <= asOf + 1e-9) {
            x.push_back(std::log(deff(m.paramsActiveB, m.paramsTotalB, alpha)));
            tt.push_back(m.released - t0);
            y.push_back(std::log(*m.kvBytesPerToken));
            kind.push_back(static_cast<int>(m.kv ? m.kv->kind : AttentionKind::Full));
            k.firstRelease = std::min(k.firstRelease, m.released);
            k.lastRelease = std::max(k.lastRelease, m.released);
        }
    k.n = static_cast<int>(x.size());
    if (k.n < 4)
        throw std::runtime_error("too few models with a known KV cache size to fit the KV law (need 4)");
    Eigen::VectorXd v(k.n);
    for (int i = 0; i < k.n; ++i)
        v(i) = y[i];
    const auto fit = [&](bool withSize, double &r2, double &sd) {
        Eigen::MatrixXd X(k.n, withSize ? 3 : 2);
        for (int i = 0; i < k.n; ++i) {
            X(i, 0) = 1.0;
            X(i, 1) = tt[i];
            if (withSize)
                X(i, 2) = x[i];
        }
        return std::make_pair(X, fitBeta(X, v, r2, sd));
    };
    auto [X, beta] = fit(true, k.r2, k.residualSd);
    k.gamma = beta(2);
    // A cache that grows as models shrink has no physical basis (grouped-query and latent attention
    // decoupled the cache from size); a negative elasticity is noise, and it would make a smaller
    // required model need more memory at long context, so that a faster pace of model efficiency
    // could delay parity. Then size leaves the law.
    if (k.gamma < 0) {
        k.gamma = 0;
        std::tie(X, beta) = fit(false, k.r2, k.residualSd);
    }
    k.ref = std::exp(beta(0));
    k.perYear = beta(1);
    // Covariance of (ln ref, perYear): the top-left block of sd^2 (X^T X)^-1.
    const Eigen::MatrixXd xtx = X.transpose() * X;
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(xtx);
    if (ldlt.info() == Eigen::Success && ldlt.isPositive()) {
        const Eigen::MatrixXd full =
            k.residualSd * k.residualSd * ldlt.solve(Eigen::MatrixXd::Identity(X.cols(), X.cols()));
        const Eigen::Matrix2d c = full.topLeftCorner(2, 2);
        const Eigen::LLT<Eigen::Matrix2d> llt(c);
        if (llt.info() == Eigen::Success) {
            const Eigen::Matrix2d L = llt.matrixL();
            for (int i = 0; i < 2; ++i)
                for (int j = 0; j < 2; ++j) {
                    k.cov[2 * i + j] = c(i, j);
                    k.chol[2 * i + j] = L(i, j);
                }
        }
    }
    double sumLog[kAttentionKinds] = {0, 0, 0, 0}, sumRes[kAttentionKinds] = {0, 0, 0, 0};
    for (int i = 0; i < k.n; ++i) {
        const double pred = beta(0) + k.perYear * tt[i] + k.gamma * x[i];
        sumLog[kind[i]] += y[i];
        sumRes[kind[i]] += y[i] - pred;
        ++k.kinds[kind[i]].n;
    }
    for (int j = 0; j < kAttentionKinds; ++j)
        if (k.kinds[j].n > 0) {
            k.kinds[j].geoMeanBytes = std::exp(sumLog[j] / k.kinds[j].n);
            k.kinds[j].meanResidual = sumRes[j] / k.kinds[j].n;
        }
    return k;
}

} // namespace ff

#include "physics/calibration.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <Eigen/Dense>

#include "physics/calibrationdetail.h"

namespace ff {

using calibdetail::DecodeDesign;

BoxSpec rowBox(const CalibrationRow &r)
{
    BoxSpec b;
    b.vramGb = 1e9; // it ran: memory is not what is being predicted
    b.bandwidthGbps = r.bandwidthGbps;
    b.tflops = r.tflops.value_or(0);
    b.gpus = r.m->gpuCount;
    b.unified = r.unified;
    b.kind = r.kind;
    return b;
}

namespace {
// The part's achieved prefill rate (TFLOPS, current kernels): its family's share of its figure, or
// `share` when given (a family left out of the fit gets its fallback). 0: no sourced figure.
double rowPrefillRate(const Calibration &c, const CalibrationRow &r, double share = 0)
{
    if (!r.prefillTops || !(r.inCatalog || r.decodeFitted))
        return 0;
    return (share > 0 ? share : c.prefillEfficiency(r.archFamily, r.prefillTopsKind)) * *r.prefillTops;
}
} // namespace

double Calibration::decodeFamilyFixedSeconds(const std::string &family) const
{
    for (const auto &f : decodeFamilies)
        if (f.family == family)
            return f.fixedSeconds;
    return -1;
}

BoxSpec rowBox(const CalibrationRow &r, const Calibration &c)
{
    BoxSpec b = rowBox(r);
    b.fixedSeconds = c.decodeFamilyFixedSeconds(r.archFamily); // a family of one run: its own
    b.tflops = c.computeEfficiency > 0 ? rowPrefillRate(c, r) / c.computeEfficiency : 0.0;
    b.peakTflops = r.prefillTops.value_or(0);
    return b;
}

SystemKind systemKindOf(const HardwarePart &part)
{
    if (part.kind != PartKind::Unified)
        return SystemKind::Gpu;
    return part.vendor == "Apple" ? SystemKind::Apple : SystemKind::Unified;
}

const DecodeKindFit &decodeKind(const Calibration &c, SystemKind k)
{
    static const DecodeKindFit none;
    const auto i = static_cast<std::size_t>(k);
    if (i < c.decodeKinds.size())
        return c.decodeKinds[i];
    return c.decodeKinds.empty() ? none : c.decodeKinds.front();
}

void applyFlatRule(Calibration &c)
{
    c.bandwidthEfficiency = c.inputs.flatRuleEfficiency;
    c.kvEfficiency = c.inputs.flatRuleEfficiency;
    c.fixedSecondsGpu = c.fixedSecondsUnified = c.secondsPerExtraGpu = 0;
    c.moeSecondsPerToken = 0;
    c.decodeKinds.assign(kSystemKinds, DecodeKindFit{});
    for (int k = 0; k < kSystemKinds; ++k) {
        DecodeKindFit &f = c.decodeKinds[static_cast<std::size_t>(k)];
        f.kind = systemKindName(static_cast<SystemKind>(k));
        f.weightEfficiency = c.inputs.flatRuleEfficiency;
        f.note = "the plain rule (no measurements)";
    }
}

ModelShape rowShape(const CalibrationRow &r)
{
    ModelShape s;
    s.paramsTotalB = r.m->paramsTotalB;
    s.paramsActiveB = r.m->paramsActiveB;
    s.bitsPerWeight = r.m->bitsPerWeight;
    s.kvBytesPerToken = r.m->contextDepth > 0 ? r.kvReadGb * 1e9 / r.m->contextDepth : 0.0;
    return s;
}

double decodeRoofline(const CalibrationRow &r)
{
    return 1.0 / ((r.weightsGb + r.kvReadGb) / r.bandwidthGbps);
}

double predictDecode(const Calibration &c, const CalibrationRow &r, bool flatRule)
{
    Efficiency e;
    e.overheadGb = 0;
    if (flatRule) {
        e.bandwidth = c.inputs.flatRuleEfficiency;
    } else {
        e = calibratedEfficiency(c, 0.0);
        if (r.generation >= 0 && static_cast<std::size_t>(r.generation) < c.kvByGeneration.size() &&
            c.kvByGeneration[static_cast<std::size_t>(r.generation)].efficiency > 0)
            e.kvBandwidth = c.kvByGeneration[static_cast<std::size_t>(r.generation)].efficiency;
    }
    return estimate(flatRule ? rowBox(r) : rowBox(r, c), rowShape(r), r.m->contextDepth, e).decodeTokensPerS;
}

Efficiency calibratedEfficiency(const Calibration &c, double overheadGb)
{
    Efficiency e;
    e.bandwidth = c.bandwidthEfficiency;
    e.kvBandwidth = c.kvEfficiency;
    e.compute = c.computeEfficiency;
    e.overheadGb = overheadGb;
    // Per kind: the weight share relative to the GPU kind's (the slider's reference), the fixed
    // time, the decode arithmetic (its share of the achieved prefill rate, in units of the box's
    // tflops = achieved / computeEfficiency), the MoE cost.
    for (int k = 0; k < kSystemKinds; ++k) {
        const DecodeKindFit &f = decodeKind(c, static_cast<SystemKind>(k));
        KindDecode &kd = e.kinds[k];
        kd.bandwidthScale = c.bandwidthEfficiency > 0 && f.weightEfficiency > 0 ? f.weightEfficiency / c.bandwidthEfficiency : 1.0;
        kd.fixedSeconds = f.fixedSeconds;
        kd.computeShare = f.computeShare * c.computeEfficiency;
        kd.moeSeconds = f.moeSeconds;
    }
    e.hostCpuTflops = c.inputs.hostCpu.tflops;
    e.secondsPerExtraGpu = c.secondsPerExtraGpu;
    e.attentionEfficiency = c.attentionEfficiency;
    e.prefillMoe = std::min(1.0, c.prefillMoeScale);
    e.attentionLawCoef = c.attentionLaw.coef;
    e.attentionLawExp = c.attentionLaw.exponent;
    return e;
}

Efficiency calibratedEfficiency(const Calibration &c, const Params &p)
{
    return calibratedEfficiency(c, efficiencyBase(c), p);
}

EfficiencyBase efficiencyBase(const Calibration &c)
{
    EfficiencyBase b;
    b.eff = calibratedEfficiency(c, 0.0);
    // The slider scales every part's fitted rate by slider / computeEfficiency; capped so that no
    // family's rate goes above its parts' peak (the compute roofline).
    double maxShare = c.computeEfficiency;
    for (const auto &f : c.prefillFamilies)
        maxShare = std::max(maxShare, f.efficiency);
    b.capped = c.computeEfficiency > 0;
    b.computeCap = b.capped ? c.computeEfficiency / maxShare : 0.0;
    return b;
}

EfficiencyInputs efficiencyInputs(const Params &p)
{
    return {p.runtimeOverheadGb, p.bandwidthEfficiency, p.computeEfficiency};
}

Efficiency calibratedEfficiency(const Calibration &c, const EfficiencyBase &base, const Params &p)
{
    const EfficiencyInputs in = efficiencyInputs(p); // the only read of p
    Efficiency e = base.eff;
    e.overheadGb = in.runtimeOverheadGb;
    e.bandwidth = in.bandwidthEfficiency;
    e.compute = base.capped ? std::min(in.computeEfficiency, base.computeCap) : in.computeEfficiency;
    if (c.bandwidthEfficiency > 0)
        e.kvBandwidth = std::min(1.0, c.kvEfficiency * in.bandwidthEfficiency / c.bandwidthEfficiency);
    return e;
}

namespace {

// What the decode fit says it rests on and how it fits (calibration.json "source" and "method").
void describeFit(Calibration &c)
{
    c.source = "data/measurements.json (measured llama.cpp decode and prefill: XiongjieDai GPU-Benchmarks-on-LLM-Inference "
               "May 2024; llama.cpp repository benches 2025-11 and 2026-02; decode runs from llama.cpp pull requests, public "
               "benchmark issues and third-party pages; llama-bench prompt rows from the llama.cpp CUDA "
               "scoreboard, the Apple Silicon discussion, pull requests and public benchmark logs, each with its thread), "
               "peak specs from data/hardware.json and measurements.json other_devices, KV architectures in "
               "inputs.kv_architectures";
    c.method = "Decode: weighted least squares (Eigen, column-pivoting QR) of time per token t = W/(eta[kind] BW) + "
               "K(depth)/(eta_kv[generation] BW) + 2 Pa/(c[kind] R) + t_fixed[kind] + moe t_moe + (gpus-1) t_gpu, kind = gpu, "
               "apple or unified (other unified memory), R = the part's achieved prefill rate (its family's share of "
               "prefill_tops), moe = 1 when under 95% of the weights are active; rows weighted 1/t_measured (relative "
               "residuals) times sqrt(1/rows of their hardware family) so that no family drowns the others; over the decode "
               "rows on devices in hardware.json (and measured-only devices marked decode_fitted) with a sourced KV architecture, "
               "run on a fitted backend (inputs.prefill_backends); shares above 1 and negative times are pinned "
               "at the bound and the rest refitted; a hardware family of one run, of a kind other families measure, is not in "
               "that fit: its fixed time is its run's time less the fitted terms' prediction (at least 0), its parts use it; "
               "a kind without rows gets the pooled constants of the others (cpu: weights "
               "at the gpu share of RAM bandwidth, arithmetic at inputs.host_cpu). Held out: each hardware family left out "
               "(refitted without it, its parts credited only with their prefill fallback share) and each source left out. "
               "APE = |predicted - measured| / measured; quantiles interpolate linearly. "
               "Prefill: time = (weight FLOPs + attention FLOPs / eta_att[generation]) / (e[arch family] x s[generation] x "
               "f16[generation]^F16 x m^MoE x prefill_tops) over single-device prompts on a fitted backend (inputs.prefill_backends) "
               "on parts (catalog or other_devices) with a sourced prefill_tops figure and models with a sourced attention width; "
               "F16 = 1 for F16/BF16 weights (fitted only in an era with both F16 and quantized rows), MoE = 1 when under 95% of "
               "the weights are active; log e, log s, log f16 and log m by least squares in logs (newest generation s = 1), "
               "eta_att by coordinate search on a log grid 0.02-1 for an era whose rows differ by more than 5 points in attention "
               "share (1 otherwise). Cross-validation: each family left out in turn, everything refitted, "
               "its rows predicted with the geometric mean share of the remaining families whose figures are of the same kind "
               "(all remaining families when none is). Attention width law: least squares of log width on log sqrt(active x total).";
}

// The KV column of each generation: its own, or (kv_fitted false) the newest fitted generation's.
std::vector<int> kvColumns(const CalibrationInputs &in)
{
    const int G = static_cast<int>(in.generations.size());
    std::vector<int> kvCol(static_cast<std::size_t>(G));
    int newestFitted = -1;
    for (int g = 0; g < G; ++g)
        if (in.generations[static_cast<std::size_t>(g)].kvFitted &&
            (newestFitted < 0 || in.generations[static_cast<std::size_t>(g)].date > in.generations[static_cast<std::size_t>(newestFitted)].date))
            newestFitted = g;
    for (int g = 0; g < G; ++g)
        kvCol[static_cast<std::size_t>(g)] = in.generations[static_cast<std::size_t>(g)].kvFitted || newestFitted < 0 ? g : newestFitted;
    return kvCol;
}

DecodeDesign decodeDesign(const Calibration &c, const CalibrationInputs &in, const std::vector<const CalibrationRow *> &fit)
{
    DecodeDesign d(c, in);
    const int K = d.K;
    const int G = static_cast<int>(in.generations.size());
    d.G = G;
    d.cW = 0;
    d.cKv = K;
    d.cFix = K + G;
    d.cComp = 2 * K + G;
    d.cMoe = 3 * K + G;
    d.cExtra = 4 * K + G;
    d.cols = 4 * K + G + 1;
    d.kvCol = kvColumns(in);
    // Each row weighs 1/n of its hardware family, so the most-measured family does not drown the others.
    for (const auto *r : fit)
        ++d.perFamily[r->archFamily];
    return d;
}

// The weighted design matrix of a set of rows: A = diag(w) X, b = w t_measured; `shareOverride`
// gives the prefill share a row's part is credited with (a family left out: its fallback).
void decodeSystem(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit,
                  const std::map<std::string, double> &shareOverride, Eigen::MatrixXd &X, Eigen::MatrixXd &A, Eigen::VectorXd &b)
{
    X.resize(static_cast<Eigen::Index>(fit.size()), d.cols);
    Eigen::VectorXd w(fit.size()), tm(fit.size());
    X.setZero();
    for (std::size_t i = 0; i < fit.size(); ++i) {
        const CalibrationRow &r = *fit[i];
        const int k = static_cast<int>(r.kind);
        X(i, d.cW + k) = r.weightsGb / r.bandwidthGbps;
        X(i, d.cKv + d.kvCol[static_cast<std::size_t>(r.generation)]) = r.kvReadGb / r.bandwidthGbps;
        X(i, d.cFix + k) = 1.0;
        if (r.moe)
            X(i, d.cMoe + k) = 1.0;
        const auto ov = shareOverride.find(r.archFamily);
        const double rate = rowPrefillRate(d.prefill, r, ov == shareOverride.end() ? 0.0 : ov->second);
        if (rate > 0)
            X(i, d.cComp + k) = 2.0 * r.m->paramsActiveB * 1e9 / (rate * 1e12);
        X(i, d.cExtra) = r.m->gpuCount - 1;
        const double t = 1.0 / r.m->tokensPerS;
        tm(i) = t;
        // Relative residuals (divide by the measured time), each family weighing the same.
        // A family of n rows weighs n / (n + n0) in all (n0 = inputs.familyPriorRows): a family
        // with many rows weighs about one, a single row of a new family about 1 / n0, so one
        // imported run cannot swing the constants every other family uses.
        const double nf = d.perFamily.at(r.archFamily);
        w(i) = std::sqrt(1.0 / (nf + d.prefill.inputs.familyPriorRows)) / t;
    }
    A = w.asDiagonal() * X;
    b = w.cwiseProduct(tm); // the measured time, weighted
}

// One weighted least squares on a set of rows; returns the weighted sum of squares and leaves the
// coefficients in beta / used. Shares above 1 and negative times are pinned at the bound and the
// rest refitted.
double solveDecodeSystem(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit,
                         const std::map<std::string, double> &shareOverride, Eigen::VectorXd &beta, std::vector<bool> &used)
{
    const int cols = d.cols;
    Eigen::MatrixXd X, A;
    Eigen::VectorXd b;
    decodeSystem(d, fit, shareOverride, X, A, b);
    // A coefficient is free, pinned at a bound, or unused (no data in its column).
    std::vector<int> state(cols, 0); // 0 free, 1 pinned
    beta = Eigen::VectorXd::Zero(cols);
    used.assign(cols, false);
    for (int k = 0; k < cols; ++k)
        used[static_cast<std::size_t>(k)] = X.col(k).cwiseAbs().maxCoeff() > 0;
    for (int iter = 0; iter <= cols; ++iter) {
        std::vector<int> freeCols;
        Eigen::VectorXd rhs = b;
        for (int k = 0; k < cols; ++k) {
            if (!used[static_cast<std::size_t>(k)])
                continue;
            if (state[static_cast<std::size_t>(k)] == 1)
                rhs -= A.col(k) * beta(k);
            else
                freeCols.push_back(k);
        }
        Eigen::MatrixXd Af(A.rows(), static_cast<Eigen::Index>(freeCols.size()));
        for (std::size_t j = 0; j < freeCols.size(); ++j)
            Af.col(static_cast<Eigen::Index>(j)) = A.col(freeCols[j]);
        const Eigen::VectorXd sol = Af.colPivHouseholderQr().solve(rhs);
        for (std::size_t j = 0; j < freeCols.size(); ++j)
            beta(freeCols[j]) = sol(static_cast<Eigen::Index>(j));
        bool changed = false;
        for (int k : freeCols) {
            if (d.isEfficiency(k) && beta(k) < 1.0) { // a share above 1: pin at the roofline
                beta(k) = 1.0;
                state[static_cast<std::size_t>(k)] = 1;
                changed = true;
            } else if (!d.isEfficiency(k) && beta(k) < 0.0) {
                beta(k) = 0.0;
                state[static_cast<std::size_t>(k)] = 1;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    return (A * beta - b).squaredNorm();
}

// The per-kind constants (weight share, fixed time, arithmetic share); a kind without rows gets the
// pooled constants of those with rows (geometric mean of the shares, mean of the fixed times).
void setDecodeKinds(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit, const Eigen::VectorXd &beta,
                    const std::vector<bool> &used, Calibration &out)
{
    const int K = d.K;
    out.decodeKinds.assign(static_cast<std::size_t>(K), DecodeKindFit{});
    double logW = 0, logC = 0, fix = 0;
    int nW = 0, nC = 0;
    for (int k = 0; k < K; ++k) {
        DecodeKindFit &f = out.decodeKinds[static_cast<std::size_t>(k)];
        f.kind = systemKindName(static_cast<SystemKind>(k));
        for (const auto *r : fit)
            f.n += static_cast<int>(r->kind) == k;
        f.fitted = used[static_cast<std::size_t>(d.cW + k)];
        if (!f.fitted)
            continue;
        f.weightEfficiency = 1.0 / beta(d.cW + k);
        f.fixedSeconds = beta(d.cFix + k);
        f.computeShare = used[static_cast<std::size_t>(d.cComp + k)] && beta(d.cComp + k) > 0 ? 1.0 / beta(d.cComp + k) : 0.0;
        logW += std::log(f.weightEfficiency);
        fix += f.fixedSeconds;
        ++nW;
        if (f.computeShare > 0) {
            logC += std::log(f.computeShare);
            ++nC;
        }
    }
    for (int k = 0; k < K; ++k) {
        DecodeKindFit &f = out.decodeKinds[static_cast<std::size_t>(k)];
        if (f.fitted || nW == 0)
            continue;
        f.weightEfficiency = std::exp(logW / nW);
        f.fixedSeconds = fix / nW;
        f.computeShare = nC > 0 ? std::exp(logC / nC) : 0.0;
        f.note = "no measured decode rows: the pooled constants of the measured kinds";
    }
    // A CPU-only box: weights from system RAM at the offload share, arithmetic at the host CPU's
    // achieved matrix rate (inputs.host_cpu), no fixed time.
    DecodeKindFit &cpu = out.decodeKinds[static_cast<std::size_t>(SystemKind::Cpu)];
    if (!cpu.fitted) {
        cpu.weightEfficiency = out.decodeKinds[static_cast<std::size_t>(SystemKind::Gpu)].weightEfficiency;
        cpu.fixedSeconds = 0;
        cpu.computeShare = 1.0;
        cpu.note = "no measured decode rows: weights at the GPU kind's share of RAM bandwidth, arithmetic at the host CPU's "
                   "achieved matrix rate (inputs.host_cpu)";
    }
    const DecodeKindFit &gpu = out.decodeKinds[static_cast<std::size_t>(SystemKind::Gpu)];
    out.bandwidthEfficiency = gpu.weightEfficiency;
    out.fixedSecondsGpu = gpu.fixedSeconds;
    out.fixedSecondsUnified = out.decodeKinds[static_cast<std::size_t>(SystemKind::Unified)].fixedSeconds;
}

// MoE: each kind with measured MoE rows its own time per token (its own launch and sync costs); a
// kind without them (cpu: none) the mean of the measured kinds'. Then the extra-GPU time.
void setDecodeMoe(const DecodeDesign &d, const Eigen::VectorXd &beta, const std::vector<bool> &used, Calibration &out)
{
    const int K = d.K;
    double sum = 0;
    int n = 0;
    for (int k = 0; k < K; ++k) {
        DecodeKindFit &f = out.decodeKinds[static_cast<std::size_t>(k)];
        if (!used[static_cast<std::size_t>(d.cMoe + k)])
            continue;
        f.moeSeconds = beta(d.cMoe + k);
        sum += f.moeSeconds;
        ++n;
    }
    for (int k = 0; k < K; ++k)
        if (!used[static_cast<std::size_t>(d.cMoe + k)] && k != static_cast<int>(SystemKind::Cpu))
            out.decodeKinds[static_cast<std::size_t>(k)].moeSeconds = n > 0 ? sum / n : 0.0;
    out.moeSecondsPerToken = out.decodeKinds[static_cast<std::size_t>(SystemKind::Gpu)].moeSeconds;
    out.secondsPerExtraGpu = used[static_cast<std::size_t>(d.cExtra)] ? beta(d.cExtra) : 0.0;
}

// The KV share of each generation; the headline KV share is the newest fitted generation's with rows
// (the weight share when none has).
void setDecodeKv(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit, const Eigen::VectorXd &beta,
                 const std::vector<bool> &used, Calibration &out)
{
    const CalibrationInputs &in = d.in;
    out.kvByGeneration.clear();
    double newest = -1e300;
    out.kvEfficiency = 0;
    for (int g = 0; g < d.G; ++g) {
        KvGenerationFit k;
        k.generation = in.generations[static_cast<std::size_t>(g)].name;
        for (const auto *r : fit)
            if (r->generation == g && r->kvReadGb > 0)
                ++k.n;
        const int col = d.cKv + d.kvCol[static_cast<std::size_t>(g)];
        k.efficiency = used[static_cast<std::size_t>(col)] ? 1.0 / beta(col) : 0.0;
        if (k.n > 0 && in.generations[static_cast<std::size_t>(g)].kvFitted && in.generations[static_cast<std::size_t>(g)].date > newest) {
            newest = in.generations[static_cast<std::size_t>(g)].date;
            out.kvEfficiency = k.efficiency;
        }
        out.kvByGeneration.push_back(k);
    }
    if (!(out.kvEfficiency > 0))
        out.kvEfficiency = out.bandwidthEfficiency;
}

} // namespace

void calibdetail::solveDecode(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit, Calibration &out,
                              const std::map<std::string, double> &shareOverride)
{
    // A family of one run, of a kind other families measure, is fitted on its own (DecodeFamilyFit):
    // in the shared fit its lone row's leverage could move every other family's constants.
    std::map<std::string, int> rowsOf;
    for (const auto *r : fit)
        ++rowsOf[r->archFamily];
    bool kindShared[kSystemKinds] = {};
    for (const auto *r : fit)
        if (rowsOf.at(r->archFamily) > 1)
            kindShared[static_cast<int>(r->kind)] = true;
    std::vector<const CalibrationRow *> shared, solo;
    for (const auto *r : fit)
        (rowsOf.at(r->archFamily) == 1 && kindShared[static_cast<int>(r->kind)] ? solo : shared).push_back(r);

    Eigen::VectorXd beta;
    std::vector<bool> used;
    solveDecodeSystem(d, shared, shareOverride, beta, used);
    setDecodeKinds(d, shared, beta, used, out);
    setDecodeMoe(d, beta, used, out);
    setDecodeKv(d, shared, beta, used, out);

    // Each such family's fixed time: its run's time less what the shared terms predict without it
    // (cleared first, so that predictDecode gives the run its kind's fixed time).
    out.decodeFamilies.clear();
    std::vector<DecodeFamilyFit> own;
    for (const auto *r : solo) {
        const double kindFixed = decodeKind(out, r->kind).fixedSeconds;
        const double predicted = 1.0 / predictDecode(out, *r);
        DecodeFamilyFit f;
        f.family = r->archFamily;
        f.kind = systemKindName(r->kind);
        f.n = 1;
        f.fixedSeconds = std::max(0.0, kindFixed + 1.0 / r->m->tokensPerS - predicted);
        own.push_back(f);
    }
    std::sort(own.begin(), own.end(), [](const DecodeFamilyFit &a, const DecodeFamilyFit &b) { return a.family < b.family; });
    out.decodeFamilies = std::move(own);
}

namespace {

// The decode rows the fit uses (counting the fitted and the excluded ones in `c`).
std::vector<const CalibrationRow *> decodeFitRows(const std::vector<CalibrationRow> &rows, Calibration &c)
{
    std::vector<const CalibrationRow *> fit;
    for (const auto &r : rows) {
        if (r.m->decode)
            (r.fitted ? ++c.n : ++c.excluded);
        if (r.fitted)
            fit.push_back(&r);
    }
    return fit;
}

} // namespace

Calibration fitCalibration(const DataSet &d, const CalibrationInputs &in)
{
    Calibration c;
    c.inputs = in;
    c.catalogChanges = loadCatalogChanges(d.directory);
    describeFit(c);
    const std::vector<CalibrationRow> rows = calibrationRows(d, in);
    // Prefill first: the decode arithmetic term runs at a share of each part's achieved prefill rate.
    calibdetail::fitPrefill(c, rows);

    const std::vector<const CalibrationRow *> fit = decodeFitRows(rows, c);
    const DecodeDesign design = decodeDesign(c, in, fit);
    if (fit.size() < static_cast<std::size_t>(design.cols / 2))
        throw DataError("measurements.json", "measurements", "too few decode rows on catalog devices to calibrate");
    calibdetail::solveDecode(design, fit, c, {});

    calibdetail::decodeErrorTables(design, rows, fit, c);
    return c;
}

} // namespace ff

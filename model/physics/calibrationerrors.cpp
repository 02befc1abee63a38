// The decode fit's statistics: held out by hardware family and by source, by system kind, R2 of
// log tokens/s, and the error table of the named families against the flat rule.
#include "physics/calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "physics/calibrationdetail.h"

namespace ff {

using calibdetail::ape;
using calibdetail::quantile;
using calibdetail::DecodeDesign;
using calibdetail::solveDecode;

// Linear interpolation between order statistics (the common "type 7" quantile).
double calibdetail::quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    const double k = (static_cast<double>(v.size()) - 1.0) * q;
    const auto lo = static_cast<std::size_t>(std::floor(k));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (k - static_cast<double>(lo));
}

double calibdetail::ape(double predicted, double measured) { return std::fabs(predicted - measured) / measured * 100.0; }

namespace {

// A calibration to refit the decode constants in, sharing the fitted prefill table of `c`.
Calibration heldOutCopy(const Calibration &c)
{
    Calibration cv;
    cv.inputs = c.inputs;
    cv.prefillFamilies = c.prefillFamilies;
    cv.computeEfficiency = c.computeEfficiency;
    cv.attentionEfficiency = c.attentionEfficiency;
    return cv;
}

ErrorStats errorStats(const std::string &group, const std::vector<double> &e)
{
    ErrorStats st;
    st.family = group;
    st.n = static_cast<int>(e.size());
    st.medianApe = quantile(e, 0.5);
    st.p90Ape = quantile(e, 0.9);
    return st;
}

// The distinct keys of the fitted rows, sorted.
template <class Key>
std::vector<std::string> distinctKeys(const std::vector<const CalibrationRow *> &fit, Key key)
{
    std::vector<std::string> keys;
    for (const auto *r : fit)
        if (std::find(keys.begin(), keys.end(), key(*r)) == keys.end())
            keys.push_back(key(*r));
    std::sort(keys.begin(), keys.end());
    return keys;
}

// Held out by hardware family: each left out in turn, the constants refitted on the rest, its rows
// predicted with them; a family left out is also credited only with its prefill fallback share (as a
// part never measured would be). Returns each row's held-out APE.
std::map<const CalibrationRow *, double> decodeFamilyOut(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit,
                                                         Calibration &c)
{
    std::map<const CalibrationRow *, double> out;
    std::vector<double> all;
    for (const auto &f : distinctKeys(fit, [](const CalibrationRow &r) { return r.archFamily; })) {
        std::vector<const CalibrationRow *> rest;
        for (const auto *r : fit)
            if (r->archFamily != f)
                rest.push_back(r);
        std::map<std::string, double> share;
        for (const auto &pf : c.prefillFamilies)
            if (pf.family == f)
                share[f] = pf.cvEfficiency;
        Calibration cv = heldOutCopy(c);
        solveDecode(d, rest, cv, share);
        // Predict with the fallback share: a copy of the prefill table with the family's fitted share replaced.
        for (auto &pf : cv.prefillFamilies)
            if (pf.family == f)
                pf.efficiency = pf.cvEfficiency;
        std::vector<double> e;
        for (const auto *r : fit)
            if (r->archFamily == f) {
                const double a = ape(predictDecode(cv, *r), r->m->tokensPerS);
                out[r] = a;
                e.push_back(a);
            }
        all.insert(all.end(), e.begin(), e.end());
        c.decodeCvErrors.push_back(errorStats(f.empty() ? std::string("(no family)") : f, e));
    }
    c.decodeCvErrors.insert(c.decodeCvErrors.begin(), errorStats("all (each family left out)", all));
    return out;
}

// Held out by source (the publication and table a row was read from): each left out in turn, the
// constants refitted on the rest. Returns each row's held-out APE.
std::map<const CalibrationRow *, double> decodeSourceOut(const DecodeDesign &d, const std::vector<const CalibrationRow *> &fit,
                                                         Calibration &c)
{
    const auto sourceOf = [](const CalibrationRow &r) { return r.m->source; };
    std::map<const CalibrationRow *, double> out;
    std::vector<double> all;
    for (const auto &s : distinctKeys(fit, sourceOf)) {
        std::vector<const CalibrationRow *> rest;
        for (const auto *r : fit)
            if (sourceOf(*r) != s)
                rest.push_back(r);
        Calibration cv = heldOutCopy(c);
        solveDecode(d, rest, cv, {});
        std::vector<double> e;
        for (const auto *r : fit)
            if (sourceOf(*r) == s) {
                const double a = ape(predictDecode(cv, *r), r->m->tokensPerS);
                out[r] = a;
                e.push_back(a);
            }
        all.insert(all.end(), e.begin(), e.end());
        c.decodeCvSourceErrors.push_back(errorStats(s, e));
    }
    c.decodeCvSourceErrors.insert(c.decodeCvSourceErrors.begin(), errorStats("all (each source left out)", all));
    return out;
}

// By kind: in sample, family out, source out.
void decodeCvByKind(const std::vector<const CalibrationRow *> &fit, std::map<const CalibrationRow *, double> &famOut,
                    std::map<const CalibrationRow *, double> &srcOut, Calibration &c)
{
    for (int k = -1; k < kSystemKinds; ++k) {
        std::vector<double> in_, fo, so;
        for (const auto *r : fit)
            if (k < 0 || static_cast<int>(r->kind) == k) {
                in_.push_back(ape(predictDecode(c, *r), r->m->tokensPerS));
                fo.push_back(famOut[r]);
                so.push_back(srcOut[r]);
            }
        if (in_.empty())
            continue;
        DecodeCvStats st;
        st.group = k < 0 ? std::string("all") : std::string(systemKindName(static_cast<SystemKind>(k)));
        st.n = static_cast<int>(in_.size());
        st.medianApe = quantile(in_, 0.5);
        st.p90Ape = quantile(in_, 0.9);
        st.familyOutMedianApe = quantile(fo, 0.5);
        st.familyOutP90Ape = quantile(fo, 0.9);
        st.sourceOutMedianApe = quantile(so, 0.5);
        st.sourceOutP90Ape = quantile(so, 0.9);
        c.decodeCvByKind.push_back(st);
    }
}

// R2 of log tokens/s over the fitted rows.
double decodeR2Log(const Calibration &c, const std::vector<const CalibrationRow *> &fit)
{
    double mean = 0;
    for (const auto *r : fit)
        mean += std::log(r->m->tokensPerS);
    mean /= static_cast<double>(fit.size());
    double ssRes = 0, ssTot = 0;
    for (const auto *r : fit) {
        const double y = std::log(r->m->tokensPerS);
        ssRes += std::pow(std::log(predictDecode(c, *r)) - y, 2);
        ssTot += std::pow(y - mean, 2);
    }
    return ssTot > 0 ? 1.0 - ssRes / ssTot : 0.0;
}

// Error table: the families the issue names, each against the flat rule.
void decodeErrorTable(const std::vector<CalibrationRow> &rows, const CalibrationInputs &in, Calibration &c)
{
    struct Family {
        const char *name;
        bool (*member)(const CalibrationRow &, const CalibrationInputs &);
    };
    static const Family families[] = {
        {"overall", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted; }},
        {"NVIDIA GPUs", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.vendor == "NVIDIA" && !r.unified; }},
        {"Apple", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.vendor == "Apple"; }},
        {"unified memory", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.unified; }},
        {"other unified memory (GB10, Strix Halo)", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.kind == SystemKind::Unified; }},
        {"MoE", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.moe; }},
        {"long context", [](const CalibrationRow &r, const CalibrationInputs &in) { return r.fitted && r.m->contextDepth >= in.longContextTokens; }},
        {"multi-GPU", [](const CalibrationRow &r, const CalibrationInputs &) { return r.fitted && r.m->gpuCount > 1; }},
        {"not fitted (datacenter cards, other backends)", [](const CalibrationRow &r, const CalibrationInputs &) { return r.m->decode && !r.fitted && r.hasKv; }},
    };
    for (const auto &f : families) {
        std::vector<double> cal, flat;
        for (const auto &r : rows)
            if (r.m->decode && f.member(r, in)) {
                cal.push_back(ape(predictDecode(c, r), r.m->tokensPerS));
                flat.push_back(ape(predictDecode(c, r, true), r.m->tokensPerS));
            }
        ErrorStats s;
        s.family = f.name;
        s.n = static_cast<int>(cal.size());
        if (s.n > 0) {
            s.medianApe = quantile(cal, 0.5);
            s.p90Ape = quantile(cal, 0.9);
            s.flatMedianApe = quantile(flat, 0.5);
            s.flatP90Ape = quantile(flat, 0.9);
        }
        c.decodeErrors.push_back(s);
    }
}

} // namespace

void calibdetail::decodeErrorTables(const DecodeDesign &design, const std::vector<CalibrationRow> &rows,
                                    const std::vector<const CalibrationRow *> &fit, Calibration &c)
{
    std::map<const CalibrationRow *, double> famOut = decodeFamilyOut(design, fit, c);
    std::map<const CalibrationRow *, double> srcOut = decodeSourceOut(design, fit, c);
    decodeCvByKind(fit, famOut, srcOut, c);
    c.r2Log = decodeR2Log(c, fit);
    decodeErrorTable(rows, design.in, c);
}

} // namespace ff

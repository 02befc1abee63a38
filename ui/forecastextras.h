#pragma once
// The extras moved to model/report/extras.h (no Qt there). This header only keeps the ui's old names
// (ffui::Extra, ffui::Extras, ...) working while the ui code moves over to ff:: directly.
#include <QString>
#include <QStringList>

#include "report/extras.h"

namespace ffui {

using ff::Extra;
using ff::Extras;
using ff::ExtrasRequest;
using ff::reportExtras;
using ff::SensitivityRanking;
using ff::sensitivityRanking;

inline bool computeExtras(const ff::Engine &engine, const ff::Scenario &scenario, const ExtrasRequest &request,
                          ff::ReportExtras &out, QStringList *warnings = nullptr)
{
    std::vector<std::string> w;
    const bool done = ff::runExtras(engine, scenario, request, out, &w);
    if (warnings)
        for (const auto &s : w)
            *warnings << QString::fromStdString(s);
    return done;
}

inline std::vector<ff::ClaimResult> computeClaims(const ff::Engine &engine, QString *error)
{
    std::string e;
    std::vector<ff::ClaimResult> out = ff::computeClaims(engine, &e);
    if (error)
        *error = QString::fromStdString(e);
    return out;
}

} // namespace ffui

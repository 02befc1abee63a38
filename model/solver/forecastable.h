#pragma once
// What a data set can forecast: the as-of dates its laws can be fitted at, whether a scenario can
// be forecast at all, and a scenario carried over to other data (what still fits it, what not).
// The window asks these instead of trying Engine calls and catching what they throw.
#include <optional>
#include <string>
#include <vector>

#include "data/assumptions.h"

namespace ff {

class Engine;

// Every `step` years from `from` up to (not including) the newest data at which the data can be
// fitted (enough scored open models by then), then the newest data date itself.
std::vector<double> fittableAsOfDates(const Engine &engine, double from = 2023.0, double step = 0.25);

// Why `engine` cannot forecast from `asOf` for `target` (empty: the data's default target), with the
// range it can: "as-of 2024-01 is outside the range the data supports, 2025-06 to 2026-12 for target
// X (the reason)". The range's start is the first month the laws fit at (a bisection on months, as
// more data only ever helps) and the target is out; its end is today's month. Empty when it can.
std::string asOfProblem(const Engine &engine, double asOf, const std::string &target);

// Why `engine` cannot forecast `s` (an as-of it cannot be fitted at, a target released after it,
// a value it refuses); empty when it can.
std::string forecastProblem(const Engine &engine, const Scenario &s);

// A scenario moved to other data: the user's choices kept where they still fit, the rest dropped
// (so the new data's defaults apply) and named.
struct CarriedScenario
{
    Scenario scenario;
    std::vector<std::string> droppedValues; // assumption names unknown to the data or out of its range
    std::string droppedTarget;              // a target model the data does not score (empty: kept)
    std::optional<double> droppedAsOf;      // an as-of the data cannot forecast from (empty: kept)
    bool droppedAnything() const { return !droppedValues.empty() || !droppedTarget.empty() || droppedAsOf; }
};
CarriedScenario carryScenario(const Engine &to, const Scenario &from);

} // namespace ff

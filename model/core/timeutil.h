#pragma once
// Dates as fractional years: the model's one time axis.
#include <optional>
#include <string>

namespace ff {

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" into a fractional year.
// "YYYY-MM" is the middle of the month, "YYYY" the middle of the year.
std::optional<double> parseDate(const std::string &text);

// Formats a fractional year as "YYYY-MM" (the month that contains it).
std::string formatMonth(double year);

// First day of the month containing t, as a fractional year (snaps solver output to months).
double floorToMonth(double t);

} // namespace ff

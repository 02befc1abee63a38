#pragma once
// The one clock of the program: "today" for everything that must not lie in the future (imported
// release dates) or that dates what it writes. Tests and reproducible runs pin it: the command
// line's --today YYYY-MM-DD (setToday), else the environment variable FF_TODAY (YYYY-MM or
// YYYY-MM-DD; YYYY-MM is the month's last day; a malformed value throws std::runtime_error naming
// the variable, never a silent fallback), else the system's local date.
#include <optional>
#include <string>

namespace ff {

// YYYY-MM-DD.
std::string today();
// Pins today (YYYY-MM-DD or YYYY-MM); an empty text unpins it. False (nothing changed) when the
// text is not a valid date.
bool setToday(const std::string &text);
// The date a YYYY-MM-DD or YYYY-MM text names, as YYYY-MM-DD (YYYY-MM: the month's last day);
// nullopt when it is not a valid calendar date.
std::optional<std::string> normalizeDay(const std::string &text);
// today() on timeutil.h's axis (a fractional year), for the as-of and the evidence dates.
double todayYear();

} // namespace ff

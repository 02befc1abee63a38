#pragma once
// "Today": the one clock the model reads. Tests and the command line pin it.

namespace ff {

// Today as a fractional year (timeutil.h's axis): the environment variable FF_TODAY
// (YYYY-MM or YYYY-MM-DD) when set, else the system's date (UTC). A malformed FF_TODAY
// throws std::runtime_error naming the variable.
double today();

} // namespace ff

#include "clock.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>

#include "timeutil.h"

namespace ff {

double today()
{
    if (const char *env = std::getenv("FF_TODAY"); env && *env) {
        const std::string text(env);
        const auto t = text.size() >= 7 && text[4] == '-' ? parseDate(text) : std::nullopt;
        if (!t || *t < 1990 || *t > 2100)
            throw std::runtime_error("FF_TODAY: expected a date YYYY-MM or YYYY-MM-DD, got \"" + text + "\"");
        return *t;
    }
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday);
    return *parseDate(buf);
}

} // namespace ff

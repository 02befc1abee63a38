#include "core/clock.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "core/timeutil.h"

namespace ff {

namespace {

std::string &pinned()
{
    static std::string p;
    return p;
}

int daysIn(int year, int month)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : d[month - 1];
}

} // namespace

std::optional<std::string> normalizeDay(const std::string &t)
{
    const auto digits = [&](std::size_t from, std::size_t n) {
        for (std::size_t i = from; i < from + n; ++i)
            if (i >= t.size() || t[i] < '0' || t[i] > '9')
                return false;
        return true;
    };
    if ((t.size() != 7 && t.size() != 10) || !digits(0, 4) || t[4] != '-' || !digits(5, 2))
        return std::nullopt;
    const int y = std::atoi(t.substr(0, 4).c_str()), m = std::atoi(t.substr(5, 2).c_str());
    if (y < 1900 || m < 1 || m > 12)
        return std::nullopt;
    int day = daysIn(y, m);
    if (t.size() == 10) {
        if (t[7] != '-' || !digits(8, 2))
            return std::nullopt;
        day = std::atoi(t.substr(8, 2).c_str());
        if (day < 1 || day > daysIn(y, m))
            return std::nullopt;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, day);
    return std::string(buf);
}

bool setToday(const std::string &text)
{
    if (text.empty()) {
        pinned().clear();
        return true;
    }
    const auto d = normalizeDay(text);
    if (!d)
        return false;
    pinned() = *d;
    return true;
}

std::string today()
{
    if (!pinned().empty())
        return pinned();
    if (const char *env = std::getenv("FF_TODAY"); env && *env) {
        if (const auto d = normalizeDay(env))
            return *d;
        throw std::runtime_error(std::string("FF_TODAY: expected a date YYYY-MM or YYYY-MM-DD, got \"") + env + "\"");
    }
    const std::time_t now = std::time(nullptr);
    std::tm tm {};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

double todayYear()
{
    return *parseDate(today());
}

} // namespace ff

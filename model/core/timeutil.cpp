#include "core/timeutil.h"

#include <cmath>
#include <cstdio>

namespace ff {

namespace {
bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int daysInMonth(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}
bool allDigits(const std::string &s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}
} // namespace

std::optional<double> parseDate(const std::string &text)
{
    const std::string y = text.substr(0, 4);
    if (text.size() < 4 || !allDigits(y))
        return std::nullopt;
    const int year = std::stoi(y);
    if (year < 1900 || year > 2200)
        return std::nullopt;
    if (text.size() == 4)
        return year + 0.5;
    if (text.size() < 7 || text[4] != '-' || !allDigits(text.substr(5, 2)))
        return std::nullopt;
    const int month = std::stoi(text.substr(5, 2));
    if (month < 1 || month > 12)
        return std::nullopt;
    const double yearDays = isLeap(year) ? 366.0 : 365.0;
    int before = 0;
    for (int m = 1; m < month; ++m)
        before += daysInMonth(year, m);
    if (text.size() == 7)
        return year + (before + daysInMonth(year, month) / 2.0) / yearDays;
    if (text.size() != 10 || text[7] != '-' || !allDigits(text.substr(8, 2)))
        return std::nullopt;
    const int day = std::stoi(text.substr(8, 2));
    if (day < 1 || day > daysInMonth(year, month))
        return std::nullopt;
    return year + (before + day - 1) / yearDays;
}

std::string formatMonth(double year)
{
    if (!std::isfinite(year))
        return "n/a";
    int y = static_cast<int>(std::floor(year));
    int m = static_cast<int>(std::floor((year - y) * 12.0 + 1e-9)) + 1;
    if (m > 12) {
        m = 1;
        ++y;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    return buf;
}

double floorToMonth(double t)
{
    const double y = std::floor(t);
    const double m = std::floor((t - y) * 12.0 + 1e-9);
    return y + m / 12.0;
}

} // namespace ff

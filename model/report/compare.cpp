#include "report/compare.h"

#include <cctype>
#include <cmath>
#include <functional>

#include "core/timeutil.h"
#include "data/yardstick.h"

namespace ff {

namespace {

const char *const kArrow = " \u2192 "; // "pinned → now"

// The words for one changed cell: `c` the column, `i` the current row, `j` the pinned row.
using Fragment = std::function<std::string(std::size_t c, std::size_t i, std::size_t j)>;

std::string lowerFirst(std::string s)
{
    // "Verdict" -> "verdict", but "KV cache" and "MoE" keep their capitals.
    if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) && std::islower(static_cast<unsigned char>(s[1])))
        s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
    return s;
}

std::string upperFirst(std::string s)
{
    if (!s.empty())
        s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string signedText(double d, int decimals)
{
    const std::string t = fmtFixed(d, decimals);
    return (d > 0 && t.find_first_not_of("0.") != std::string::npos ? "+" : "") + t;
}

// The generic comparison: rows matched on their first cell, cells compared as text (what a reader
// sees), the decisive column first in the difference.
ComparedTable compareRows(Table now, const Table &pin, std::size_t decisive, const std::string &pinnedWhat, const Fragment &special)
{
    ComparedTable out;
    const std::size_t n = now.header.size();
    out.table = std::move(now);
    out.table.header.push_back("Pinned: " + pinnedWhat);
    out.table.header.push_back("Difference");
    out.pinnedColumn = static_cast<int>(n);
    out.differenceColumn = static_cast<int>(n + 1);
    std::vector<std::size_t> order{decisive};
    for (std::size_t c = 1; c < n; ++c)
        if (c != decisive)
            order.push_back(c);
    for (std::size_t i = 0; i < out.table.rows.size(); ++i) {
        auto &row = out.table.rows[i];
        row.resize(n);
        std::vector<std::string> pinned(n + 2);
        std::size_t j = 0;
        while (j < pin.rows.size() && (pin.rows[j].empty() || pin.rows[j][0] != row[0]))
            ++j;
        if (j == pin.rows.size()) {
            row.push_back("-");
            row.push_back("not in the pinned scenario");
            ++out.changedRows;
            out.pinnedText.push_back(std::move(pinned));
            out.differenceFull.push_back(row.back());
            continue;
        }
        const auto &prow = pin.rows[j];
        std::string parts, shown;
        std::size_t count = 0;
        for (std::size_t c : order) {
            const std::string &was = c < prow.size() ? prow[c] : std::string();
            if (row[c] == was)
                continue;
            pinned[c] = was.empty() ? "-" : was;
            std::string f = special ? special(c, i, j) : std::string();
            if (f.empty())
                f = lowerFirst(out.table.header[c]) + " " + pinned[c] + kArrow + row[c];
            parts += (parts.empty() ? "" : "; ") + f;
            if (++count <= 2)
                shown = parts;
        }
        row.push_back(decisive < prow.size() ? prow[decisive] : "-");
        // Two changes say what moved; the rest are tinted in their own cells and listed in full apart.
        row.push_back(parts.empty() ? "same" : count > 2 ? shown + "; +" + std::to_string(count - 2) + " more" : parts);
        out.differenceFull.push_back(parts.empty() ? "same" : parts);
        if (!parts.empty())
            ++out.changedRows;
        out.pinnedText.push_back(std::move(pinned));
    }
    return out;
}

// "task-level 5 months later"; empty (the generic words: "was -> is") when both are the same month but differ in kind.
std::string dateFragment(const char *what, const ParityResult &now, const ParityResult &pinned)
{
    const std::optional<int> m = parityDifferenceMonths(now, pinned);
    if (m && *m == 0)
        return {};
    // Both dates are in the row already (its column and the pinned one): the difference alone.
    return std::string(what) + " " + parityDifferenceText(now, pinned);
}

std::size_t column(const Table &t, const std::string &header)
{
    for (std::size_t c = 0; c < t.header.size(); ++c)
        if (t.header[c] == header)
            return c;
    return t.header.size();
}

} // namespace

ComparedTable compareScenarioTable(const Result &now, const Result &pinned)
{
    const Table t = scenarioTable(now);
    const std::size_t verdict = column(t, "Verdict"), local = column(t, "Local quality"), target = column(t, "Target quality");
    return compareRows(t, scenarioTable(pinned), verdict, "verdict", [&](std::size_t c, std::size_t i, std::size_t j) -> std::string {
        const ScenarioRow &a = now.scenarios[i], &b = pinned.scenarios[j];
        if (c == verdict)
            return "verdict " + verdictText(b.verdict) + kArrow + verdictText(a.verdict);
        if ((c == local || c == target) && now.yardstick == pinned.yardstick) {
            const double d = c == local ? displayScore(now.yardstick, a.localQuality) - displayScore(pinned.yardstick, b.localQuality)
                                        : displayScore(now.yardstick, a.targetQuality) - displayScore(pinned.yardstick, b.targetQuality);
            return (c == local ? "local quality " : "target quality ") + signedText(d, 1);
        }
        return {};
    });
}

ComparedTable compareBudgetTable(const Result &now, const Result &pinned)
{
    const Table t = budgetTable(now);
    const std::size_t task = column(t, "Task-level parity"), full = column(t, "Full-product parity");
    return compareRows(t, budgetTable(pinned), task, "task-level parity", [&](std::size_t c, std::size_t i, std::size_t j) -> std::string {
        const BudgetRow &a = now.budgets[i], &b = pinned.budgets[j];
        if (c == task)
            return dateFragment("task-level", a.task, b.task);
        if (c == full)
            return dateFragment("full product", a.full, b.full);
        return {};
    });
}

ComparedTable compareReverseTable(const Result &now, const Result &pinned)
{
    const Table t = reverseTable(now);
    const std::size_t option = column(t, "Best local option"), quality = column(t, "Quality"), lag = column(t, "Lag (years)");
    return compareRows(t, reverseTable(pinned), option, "best local option", [&](std::size_t c, std::size_t i, std::size_t j) -> std::string {
        const ReverseRow &a = now.reverse[i], &b = pinned.reverse[j];
        if (!a.run.found || !b.run.found)
            return {};
        if (c == quality && now.yardstick == pinned.yardstick)
            return "quality " + signedText(displayScore(now.yardstick, a.run.quality) - displayScore(pinned.yardstick, b.run.quality), 1);
        if (c == lag && a.hasMatch && b.hasMatch)
            return "lag " + signedText(a.lagYears - b.lagYears, 1) + " years";
        return {};
    });
}

ComparedTable compareTargetTable(const Result &now, const Result &pinned)
{
    const Table t = targetTable(now);
    const std::size_t task = column(t, "Task-level parity"), full = column(t, "Full-product parity");
    return compareRows(t, targetTable(pinned), task, "task-level parity", [&](std::size_t c, std::size_t i, std::size_t j) -> std::string {
        const TargetParity &a = now.perTarget[i], &b = pinned.perTarget[j];
        if (c == task)
            return dateFragment("task-level", a.task, b.task);
        if (c == full)
            return dateFragment("full product", a.full, b.full);
        return {};
    });
}

std::string parityDifferenceShort(const ParityResult &now, const ParityResult &pinned)
{
    if (!now.reached && !pinned.reached)
        return "neither";
    if (!now.reached)
        return "lost";
    if (!pinned.reached)
        return "gained";
    const int m = *parityDifferenceMonths(now, pinned);
    if (m == 0)
        return "same month";
    const int a = std::abs(m), y = a / 12, mo = a % 12;
    std::string t = m < 0 ? "-" : "+";
    if (y > 0)
        t += std::to_string(y) + "y";
    if (mo > 0)
        t += (y > 0 ? " " : "") + std::to_string(mo) + "m";
    return t;
}

std::string parityDateShort(const ParityResult &p)
{
    switch (p.kind) {
    case ParityKind::Observed:
        return "seen " + formatMonth(p.year);
    case ParityKind::Implied:
        return "due " + formatMonth(p.year);
    case ParityKind::Projected:
        return formatMonth(p.year);
    case ParityKind::NotReached:
        break;
    }
    return "not reached";
}

// ---- names ----

namespace {

std::string numberText(double v)
{
    // As few decimals as say it (up to 3): "1.5", "2028", "0.55".
    for (int dec = 0; dec <= 3; ++dec)
        if (std::fabs(v - std::round(v * std::pow(10.0, dec)) / std::pow(10.0, dec)) < 1e-9 * std::max(1.0, std::fabs(v)))
            return fmtFixed(v, dec);
    return fmtFixed(v, 3);
}

std::string valueText(const AssumptionDef &a, double v)
{
    if (a.unit == "USD")
        return fmtUsd(v);
    if (a.unit == "year")
        return numberText(v);
    if (a.unit == "x")
        return numberText(v) + "x";
    if (!a.unit.empty() && a.unit[0] == '%')
        return numberText(v) + a.unit;
    return numberText(v) + (a.unit.empty() ? "" : " " + a.unit);
}

std::string targetOf(const DataSet &d, const Scenario &s) { return s.targetModel.empty() ? d.settings.defaultTarget : s.targetModel; }

} // namespace

bool isDefaultScenario(const DataSet &d, const Scenario &s)
{
    return s.values.empty() && targetOf(d, s) == d.settings.defaultTarget && !s.asOf && s.yardstick == Yardstick::General;
}

std::vector<std::string> scenarioChanges(const DataSet &d, const Scenario &s, const Scenario &origin)
{
    std::vector<std::string> out;
    if (targetOf(d, s) != targetOf(d, origin))
        out.push_back("target " + targetOf(d, s));
    const auto assumption = [&](const AssumptionDef &a) {
        const auto is = s.values.find(a.name), was = origin.values.find(a.name);
        // A default that follows the target (its speed) moves with the target: no change of its own.
        if (is == s.values.end() && was == origin.values.end())
            return;
        const double v = is != s.values.end() ? is->second : defaultValue(d, s, a);
        const double o = was != origin.values.end() ? was->second : defaultValue(d, origin, a);
        if (std::fabs(v - o) > 1e-9 * std::max(1.0, std::fabs(o)))
            out.push_back(lowerFirst(a.label) + " " + valueText(a, v));
    };
    for (const AssumptionDef &a : d.assumptions)
        if (a.name == "budget_usd")
            assumption(a);
    if (s.asOf.has_value() != origin.asOf.has_value() || (s.asOf && std::fabs(*s.asOf - *origin.asOf) > 1e-9))
        out.push_back(s.asOf ? "as of " + formatMonth(*s.asOf) : std::string("as of today"));
    if (s.yardstick != origin.yardstick)
        out.push_back(yardstickName(s.yardstick) + " yardstick");
    for (const AssumptionDef &a : d.assumptions)
        if (a.name != "budget_usd")
            assumption(a);
    return out;
}

std::string scenarioLabel(const DataSet &d, const Scenario &s, const Scenario &origin, std::size_t maxChanges)
{
    const std::vector<std::string> changes = scenarioChanges(d, s, origin);
    if (changes.empty())
        return origin.name.empty() ? s.name : origin.name;
    std::string text;
    for (std::size_t k = 0; k < changes.size() && k < std::max<std::size_t>(1, maxChanges); ++k)
        text += (text.empty() ? "" : ", ") + changes[k];
    if (changes.size() > std::max<std::size_t>(1, maxChanges))
        text += " +" + std::to_string(changes.size() - std::max<std::size_t>(1, maxChanges)) + " more";
    if (isDefaultScenario(d, origin) || origin.name.empty())
        return upperFirst(text);
    return origin.name + ", " + text;
}

} // namespace ff

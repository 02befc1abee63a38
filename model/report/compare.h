#pragma once
// Compare: the current scenario against a pinned one (the window's pin, `--compare FILE`), table by
// table, and the names that tell two scenarios apart. Which cells differ and the words for each
// difference are decided here; the window, the exports and the deck only show them.
#include <cstddef>
#include <string>
#include <vector>

#include "data/assumptions.h"
#include "data/dataset.h"
#include "report/report.h"

namespace ff {

// A table of the current scenario with the pinned scenario's answer beside each row.
struct ComparedTable {
    // The current table and two more columns: "Pinned: <what decides>" (the pinned row's decisive
    // cell) and "Difference" (every changed cell of the row in words, the decisive one first;
    // "same" when nothing changed; at most two changes then "+N more", the rest in differenceFull; "not in the pinned scenario" for a row the pinned one lacks).
    Table table;
    // Per row, per column of `table`: the pinned scenario's text where this cell differs from it,
    // empty where it is the same (the two added columns are always empty here).
    std::vector<std::vector<std::string>> pinnedText;
    // Per row: every change in words (the "Difference" cell shows the first two and how many more).
    std::vector<std::string> differenceFull;
    int pinnedColumn = -1, differenceColumn = -1;
    std::size_t changedRows = 0; // rows with at least one changed cell (or no pinned row)

    bool changed(std::size_t row, std::size_t column) const
    {
        return row < pinnedText.size() && column < pinnedText[row].size() && !pinnedText[row][column].empty();
    }
};

// Rows are matched on their first cell (the year, the budget, the constraint, the target).
ComparedTable compareScenarioTable(const Result &now, const Result &pinned); // decisive: the verdict
ComparedTable compareBudgetTable(const Result &now, const Result &pinned);   // decisive: task-level parity
ComparedTable compareReverseTable(const Result &now, const Result &pinned);  // decisive: the best local option
ComparedTable compareTargetTable(const Result &now, const Result &pinned);   // decisive: task-level parity

// The difference for a small space (a headline card): "+1y 7m", "-3m", "same month", "lost", "gained",
// "neither"; parityDifferenceText (report.h) says it in full.
std::string parityDifferenceShort(const ParityResult &now, const ParityResult &pinned);
// The pinned answer's date for a small space: "2027-03", "due 2026-02", "seen 2025-10", "not reached".
std::string parityDateShort(const ParityResult &p);

// What a scenario changes against the one it came from (a preset, a file, the defaults), in the
// order a reader asks: the target, the budget, the date, the yardstick, then every other assumption
// in data order. Each as a short phrase: "target Claude Sonnet 4.5", "budget $8,000", "as of 2025-06",
// "coding yardstick", "capability density doubling time 1.5 years".
std::vector<std::string> scenarioChanges(const DataSet &d, const Scenario &s, const Scenario &origin);
// The name a reader tells it by: the origin's name when nothing changed; else the changes
// ("Target Claude Sonnet 4.5, budget $8,000"), after the origin's name when the origin is not the
// defaults ("Earlier upside, budget $8,000"); at most `maxChanges` phrases, then "+N more".
std::string scenarioLabel(const DataSet &d, const Scenario &s, const Scenario &origin, std::size_t maxChanges = 3);
// True when the scenario sets nothing: every assumption at its default, the data's target, today's
// month and the general yardstick.
bool isDefaultScenario(const DataSet &d, const Scenario &s);

} // namespace ff

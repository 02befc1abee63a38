#pragma once
// Renders a forecast as text, Markdown or JSON (the stable machine format, see model/README.md).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "uncertainty/backtest.h"
#include "physics/calibration.h"
#include "uncertainty/claims.h"
#include "solver/forecast.h"
#include "uncertainty/montecarlo.h"

namespace ff {

struct ReportExtras {
    std::optional<MonteCarloResult> monteCarlo;
    std::vector<SensitivityRow> sensitivity;
    std::vector<BacktestRow> backtest;      // fixed-origin back-test (the window's chart)
    std::optional<RollingBacktest> rolling; // JSON backtest[] and backtest_summary, a table
    std::vector<CeilingRow> ceiling;        // JSON ceiling_history[], a table
    std::vector<ClaimResult> claims;        // JSON claims[], a table
    std::optional<Calibration> calibration; // JSON calibration, the error table
    std::shared_ptr<const Result> compare;  // JSON compare: a second scenario (the window's pin, --compare FILE)
};

// What the answer as of `asOf` can rest on: the newest scored open model, part and price known then,
// and the scored open models by size band (total parameters). Previews are never the evidence.
struct EvidenceSummary {
    double asOf = 0;
    std::string newestModel, newestPart, newestPricePart; // empty: none by then
    double newestModelDate = 0, newestPartDate = 0, newestPriceDate = 0;
    double end = 0; // the newest of the three dates
    struct Band {
        std::string label;
        double maxTotalB = 0; // upper bound (inclusive) of total parameters, billions
        int scored = 0;
    };
    std::vector<Band> bands;
    std::vector<std::string> previews; // left out: not generally available
};
EvidenceSummary evidenceSummary(const DataSet &d, double asOf, Yardstick y);

nlohmann::ordered_json reportJson(const Engine &e, const Result &r, const ReportExtras &x = {});
std::string reportText(const Engine &e, const Result &r, const ReportExtras &x = {});
std::string reportMarkdown(const Engine &e, const Result &r, const ReportExtras &x = {});

// Short human strings shared by the report and the window.
// The answer's kind and date in the headline's words: "projected 2030-03", "observed 2025-10", "due by the
// law since ...". A projected date follows the one date format rule below when `precisionFrom` (the last
// known range) is given: "projected 2030" when that range spans a year or more; the month without one.
std::string yearText(const ParityResult &p, const Distribution *precisionFrom = nullptr);
// One date format rule for every place an answer is written (headline, cards, takeaway, report, exports):
// months only where the P10-P90 range of the future date is narrower than a year (monthPrecision), else
// the year; `precisionFrom` (when given) decides the precision instead of `d`, so a caller can keep the
// last known range while a new one is computed and the text does not flip between month and year.
bool monthPrecision(const Distribution *d);
std::string dateText(double t, bool months, double horizon); // "2026", "2026-03", "after 2045"
// The headline's answer: its kind, then, when a distribution is given, its share of samples already due
// (or observed) at as-of and the P10-P90 range of the rest: "projected 2027; 54% of samples: due by the
// law, not yet seen; otherwise 80% between 2026-05 and 2029-10".
std::string answerText(const ParityResult &p, const Distribution *d, double horizon, const Distribution *precisionFrom = nullptr);
// The range part alone ("80% between 2026 and 2029", with the share already due first when there is one).
std::string rangeText(const Distribution &d, double horizon, bool months);
std::string shareText(double share); // "54%", "<1%"
// Some future samples but too few for a range (montecarlo.h hasFutureRange): "too few future samples
// for a range (2 of 5000)"; empty when there are none or enough.
std::string tooFewFutureText(const Distribution &d);
// The same, short, for a headline card's big text: "2027", "2025-04", "due 2026-03", "not by 2045"; the
// kind goes beside it (kindText: "projected", "observed", "due by the law, not observed", "not reached").
std::string cardText(const ParityResult &p, const Distribution *d, double horizon, const Distribution *precisionFrom = nullptr);
std::string kindText(ParityKind k);
// The same for an answer: "observed (derived score)" when the model it rests on has a crosswalk score.
std::string kindText(const ParityResult &p);
// The card's second line: the kind in a word or two and the range in as few words as say it whole
// ("78% due; rest 2027\u20132028" under "due 2026-03", "projected \u00b7 P10\u2013P90 2027\u20132029"); the
// tooltip and the report carry the sentence (rangeText). Empty before any sample.
// `derived`: an observed answer whose model has a derived score says so ("observed (derived score) \u00b7 100% seen").
std::string cardRangeText(ParityKind k, const Distribution &d, double horizon, bool months, bool derived = false);
std::string headlineText(const Result &r);        // one sentence
// What a box under the budget runs and when, with the range and the kind of answer: the sentence a
// presentation page leads with. `mc` adds the P10-P90 range.
std::string takeawayText(const Result &r, const MonteCarloResult *mc, double horizonYear, const Distribution *precisionFrom = nullptr);
// "3 months earlier", "the same month", "1 year 2 months later", "not within the horizon in either":
// `now` against `pinned`.
std::string parityDifferenceText(const ParityResult &now, const ParityResult &pinned);
// Months from `pinned` to `now` (negative: earlier); empty when either is not reached.
std::optional<int> parityDifferenceMonths(const ParityResult &now, const ParityResult &pinned);
// "1 year", "2.5 years"
std::string yearsText(double years, int decimals);
// The sensitivity rows in the order the tornado draws them and the headline names the biggest
// accelerant: by how far they move task-level parity, or full-product parity when no row moves the
// task level (*full is then true). Rows that move nothing are left out.
std::vector<std::size_t> rankSensitivity(const std::vector<SensitivityRow> &rows, double horizonYear, bool *full = nullptr);
// The words for the model's states (the window uses the same).
std::string verdictText(Verdict v);            // "Full-product parity", "Task-level parity", "Close", "Too early"
std::string claimVerdictText(ClaimVerdict v);  // "consistent", "optimistic", "pessimistic", "not checkable"
// "memory bandwidth, relieved when RTX 5090 falls within budget", "none (observed: X on Y)", ...
std::string bottleneckText(const Bottleneck &b);
// "binding: memory bandwidth; needs 2x KV-cache compression at 2 x; with ... 2030-07"
std::string restsOnText(const RestsOn &r, const DataSet &d);
std::string fmtFixed(double x, int decimals);
std::string fmtUsd(double x);

// Table cells (strings) for the scenario, budget and reverse tables: one source for the report,
// the window's table models and CSV export.
struct Table {
    std::string title;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};
Table scenarioTable(const Result &r);
Table budgetTable(const Result &r);
Table reverseTable(const Result &r);
Table targetTable(const Result &r);
Table yardstickTable(const Result &r); // parity per Sonnet generation under every yardstick
std::string scoreText(Yardstick y, double scaled); // "142.9" or "60.6%"
Table backtestTable(const std::vector<BacktestRow> &rows);
Table rollingBacktestTable(const RollingBacktest &b);
Table ceilingTable(const std::vector<CeilingRow> &rows);
Table claimsTable(const std::vector<ClaimResult> &rows);
Table calibrationTable(const Calibration &c);
// Decode error with each architecture family left out of the fit.
Table decodeCrossValidationTable(const Calibration &c);
// Decode error by kind of system, in sample and held out (family out, source out).
Table decodeHeldOutByKindTable(const Calibration &c);
// The decode constants fitted per kind of system.
Table decodeKindTable(const Calibration &c);
// The catalog and calibration rows changed (data/catalog_changes.json).
Table catalogChangesTable(const Calibration &c);
// Prefill error by architecture family, in sample and with the family left out.
Table prefillCalibrationTable(const Calibration &c);
// The prefill kernel eras (rate, F16 and attention scales), the MoE term and the rows not fitted by reason.
Table prefillTermsTable(const Calibration &c);
std::string tableCsv(const Table &t);

} // namespace ff

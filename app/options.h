#pragma once
// Command-line pieces shared by the sub-commands: usage errors, the data directory and the
// scenario options (--scenario, --set, --as-of).
#include <QCommandLineOption>
#include <QList>
#include <QTextStream>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "data/assumptions.h"
#include "data/dataset.h"
#include "report/extras.h"
#include "solver/forecast.h"

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

namespace ffapp {

// A mistake in the command line: reported on stderr with exit status 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

QTextStream &err();
// Parses a sub-command's arguments (the sub-command is the only positional argument): --help
// prints and exits 0; an unknown option, a missing value or an extra argument is a UsageError
// (QCommandLineParser::process would exit with 1, the README promises 2 for usage errors).
void parseArguments(QCommandLineParser &p, const QStringList &args);
void writeOut(const std::string &s);

// --format's value, one of `allowed` (else a UsageError naming them).
QString formatOf(const QCommandLineParser &p, const QStringList &allowed);

QCommandLineOption dataOption();
// --scenario FILE, --set NAME=VALUE (repeatable), --as-of YYYY-MM.
QList<QCommandLineOption> scenarioOptions();

// --samples N and --seed S (`samplesHelp` says what the samples are for).
QList<QCommandLineOption> monteCarloOptions(const QString &samplesHelp);
// A whole number option within [lo, hi] (1.5 is refused, not truncated).
long long integerOption(const QCommandLineParser &p, const QString &name, double lo, double hi,
                        std::optional<double> def = std::nullopt);
// The most --samples a command accepts: a run keeps every sample for its percentiles and the
// command line shows no progress and offers no cancel, so the bound keeps the longest run short
// (100,000: 27 s here on a loaded 2-core VM; 1,000,000 took 167 s and 200 MB, 10,000,000
// 180 s or more and 1.7 GB). The window runs its samples in a cancellable worker thread.
constexpr int kMaxSamples = 100000;
// A request with --samples and --seed read (and checked); `what` is left for the caller.
ff::ExtrasRequest monteCarloRequest(const QCommandLineParser &p);
// computeExtras for a command: warnings go to stderr.
ff::ReportExtras computeExtrasWarning(const ff::Engine &engine, const ff::Scenario &s, const ff::ExtrasRequest &request);

// A number option within [lo, hi]; `def` when absent (otherwise it is required).
double numberOption(const QCommandLineParser &p, const QString &name, double lo, double hi,
                    std::optional<double> def = std::nullopt);

// The data directory named by --data (or found by locateDataDir), loaded; warnings go to stderr.
ff::DataSet loadData(const QCommandLineParser &p);
// The scenario the options describe: a file, then each --set, then --as-of.
ff::Scenario scenarioFrom(const QCommandLineParser &p, const ff::DataSet &d);
// The scenario's as-of date (from --as-of or the scenario file) is one the data can fit the
// laws at; otherwise the error states the real range, computed from the data.
void checkAsOf(const QCommandLineParser &p, const ff::Engine &engine, const ff::Scenario &s);

// --compare FILE: a second scenario to compare with (report, export).
QCommandLineOption compareOption();
// The scenario to compare with, computed: --compare FILE, or the "compare" object saved in the
// --scenario file (the window's pin); null when neither. Bad files throw ff::DataError.
std::shared_ptr<const ff::Result> compareFrom(const QCommandLineParser &p, const ff::Engine &engine);

} // namespace ffapp

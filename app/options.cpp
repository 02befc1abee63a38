#include "options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include <cmath>
#include <cstdio>

#include "commands.h"
#include "core/clock.h"
#include "solver/forecast.h"
#include "solver/forecastable.h"
#include "uncertainty/montecarlo.h"
#include "core/timeutil.h"
#include "files/loaddata.h"

namespace ffapp {

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

void writeOut(const std::string &s)
{
    std::fwrite(s.data(), 1, s.size(), stdout);
    std::fflush(stdout);
}

void parseArguments(QCommandLineParser &p, const QStringList &args)
{
    if (!p.parse(args))
        throw UsageError(p.errorText().toStdString());
    if (p.isSet(QStringLiteral("help")))
        p.showHelp(0);
    // --today pins the one clock (clock.h reads FF_TODAY) before any data or engine is made.
    if (p.optionNames().contains(QStringLiteral("today")) && p.isSet(QStringLiteral("today"))) {
        const QString v = p.value(QStringLiteral("today"));
        if (!ff::setToday(v.toStdString()))
            throw UsageError(QStringLiteral("--today: expected a date YYYY-MM or YYYY-MM-DD, got \"%1\"").arg(v).toStdString());
    }
    const QStringList positional = p.positionalArguments();
    if (positional.size() > 1)
        throw UsageError(QStringLiteral("unexpected argument \"%1\" (options start with --; see --help)")
                             .arg(positional.at(1))
                             .toStdString());
}

QCommandLineOption dataOption()
{
    return QCommandLineOption(QStringLiteral("data"), QCoreApplication::translate("cli", "Read the catalogs from DIR."),
                              QStringLiteral("DIR"));
}

QList<QCommandLineOption> scenarioOptions()
{
    return {
        {QStringLiteral("scenario"), QCoreApplication::translate("cli", "Start from a scenario FILE."), QStringLiteral("FILE")},
        {QStringLiteral("set"), QCoreApplication::translate("cli", "Override an assumption (repeatable)."), QStringLiteral("NAME=VALUE")},
        {QStringLiteral("as-of"), QCoreApplication::translate("cli", "Use only what was known by YYYY-MM (default: today's month; earlier is a hindcast)."), QStringLiteral("YYYY-MM")},
        {QStringLiteral("today"), QCoreApplication::translate("cli", "Take DATE as today (default: the environment's FF_TODAY, else the system date)."), QStringLiteral("YYYY-MM[-DD]")},
    };
}

QList<QCommandLineOption> monteCarloOptions(const QString &samplesHelp)
{
    return {
        {QStringLiteral("samples"), samplesHelp, QStringLiteral("N"), QString::number(ff::kDefaultSamples)},
        {QStringLiteral("seed"), QCoreApplication::translate("cli", "Monte Carlo seed."), QStringLiteral("S"), QStringLiteral("1")},
    };
}

ff::ExtrasRequest monteCarloRequest(const QCommandLineParser &p)
{
    ff::ExtrasRequest request;
    request.samples = static_cast<int>(integerOption(p, QStringLiteral("samples"), 0, kMaxSamples));
    request.seed = static_cast<std::uint64_t>(integerOption(p, QStringLiteral("seed"), 0, 9.0e15));
    return request;
}

ff::ReportExtras computeExtrasWarning(const ff::Engine &engine, const ff::Scenario &s, const ff::ExtrasRequest &request)
{
    ff::ReportExtras x;
    std::vector<std::string> warnings;
    ff::runExtras(engine, s, request, x, &warnings);
    for (const std::string &w : warnings)
        err() << "warning: " << QString::fromStdString(w) << Qt::endl;
    return x;
}

double numberOption(const QCommandLineParser &p, const QString &name, double lo, double hi, std::optional<double> def)
{
    if (!p.isSet(name) && p.value(name).isEmpty()) {
        if (def)
            return *def;
        throw UsageError(QStringLiteral("--%1 is required").arg(name).toStdString());
    }
    bool ok = false;
    const double v = p.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(v))
        throw UsageError(QStringLiteral("--%1: expected a number, got \"%2\"").arg(name, p.value(name)).toStdString());
    if (v < lo || v > hi)
        throw UsageError(QStringLiteral("--%1: %2 is outside [%3, %4]")
                             .arg(name, QString::number(v, 'g', 12), QString::number(lo, 'g', 12), QString::number(hi, 'g', 12))
                             .toStdString());
    return v;
}

long long integerOption(const QCommandLineParser &p, const QString &name, double lo, double hi, std::optional<double> def)
{
    const double v = numberOption(p, name, lo, hi, def);
    if (v != std::floor(v))
        throw UsageError(QStringLiteral("--%1: expected a whole number, got \"%2\"").arg(name, p.value(name)).toStdString());
    return static_cast<long long>(v);
}

ff::DataSet loadData(const QCommandLineParser &p)
{
    const QString dir = locateDataDir(p.value(QStringLiteral("data")));
    if (dir.isEmpty())
        throw ff::DataError("data", "", "no data directory found: pass --data DIR or set FF_DATA_DIR");
    ff::DataSet d = ff::loadDataSet(QDir(dir).absolutePath().toStdString());
    for (const auto &w : d.warnings)
        err() << "warning: " << QString::fromStdString(w) << Qt::endl;
    return d;
}

ff::Scenario scenarioFrom(const QCommandLineParser &p, const ff::DataSet &d)
{
    ff::Scenario s;
    s.name = "Base case";
    if (p.isSet(QStringLiteral("scenario"))) {
        std::vector<std::string> warnings; // unknown keys, as the data files' are reported
        s = ff::loadScenarioFile(d, p.value(QStringLiteral("scenario")).toStdString(), nullptr, &warnings);
        for (const auto &w : warnings)
            err() << "warning: " << QString::fromStdString(w) << Qt::endl;
    }
    for (const QString &set : p.values(QStringLiteral("set"))) {
        if (set.trimmed() == QStringLiteral("yardstick=coding"))
            err() << QCoreApplication::translate("cli", "note: yardstick=coding is SWE-rebench (the Sonnet targets' bars crosswalked "
                                                        "from the general index); before scenario version 2 it was SWE-bench "
                                                        "Verified, now yardstick=coding_verified")
                  << Qt::endl;
        try {
            ff::applySetting(d, s, set.toStdString());
        } catch (const std::invalid_argument &e) {
            throw UsageError(std::string("--set: ") + e.what());
        }
    }
    if (p.isSet(QStringLiteral("as-of"))) {
        // The format here; the range once the engine can say which dates it can fit (checkAsOf).
        const auto t = ff::parseDate(p.value(QStringLiteral("as-of")).toStdString());
        if (!t)
            throw UsageError(QStringLiteral("--as-of: expected a date YYYY-MM, got \"%1\"").arg(p.value(QStringLiteral("as-of"))).toStdString());
        s.asOf = *t;
    }
    return s;
}

void checkAsOf(const QCommandLineParser &p, const ff::Engine &engine, const ff::Scenario &s)
{
    if (!s.asOf)
        return;
    const std::string what = ff::asOfProblem(engine, *s.asOf, s.targetModel);
    if (what.empty())
        return;
    if (p.isSet(QStringLiteral("as-of")))
        throw UsageError("--as-of: " + what);
    throw ff::DataError(p.value(QStringLiteral("scenario")).toStdString(), "as_of", what);
}

QCommandLineOption compareOption()
{
    return {QStringLiteral("compare"),
            QCoreApplication::translate("cli", "Compare with the scenario in FILE: both answers and their difference "
                                               "(default: the comparison saved in the --scenario file, if any)."),
            QStringLiteral("FILE")};
}

std::shared_ptr<const ff::Result> compareFrom(const QCommandLineParser &p, const ff::Engine &engine)
{
    std::optional<ff::Scenario> other;
    if (p.isSet(QStringLiteral("compare"))) {
        std::vector<std::string> warnings; // migrations and unknown keys, as --scenario's are reported
        other = ff::loadScenarioFile(engine.data(), p.value(QStringLiteral("compare")).toStdString(), nullptr, &warnings);
        for (const auto &w : warnings)
            err() << "warning: " << QString::fromStdString(w) << Qt::endl;
    } else if (p.isSet(QStringLiteral("scenario")))
        ff::loadScenarioFile(engine.data(), p.value(QStringLiteral("scenario")).toStdString(), &other);
    if (!other)
        return nullptr;
    return std::make_shared<const ff::Result>(engine.compute(*other));
}

QString formatOf(const QCommandLineParser &p, const QStringList &allowed)
{
    const QString f = p.value(QStringLiteral("format"));
    if (!allowed.contains(f))
        throw UsageError(QStringLiteral("--format: expected one of %1, got \"%2\"").arg(allowed.join(QStringLiteral(", ")), f).toStdString());
    return f;
}

} // namespace ffapp

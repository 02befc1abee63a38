#include "options.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include <cmath>
#include <cstdio>

#include "cli.h"

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
        {QStringLiteral("as-of"), QCoreApplication::translate("cli", "Hindcast: use only what was known by YYYY-MM."), QStringLiteral("YYYY-MM")},
    };
}

QList<QCommandLineOption> monteCarloOptions(const QString &samplesHelp)
{
    return {
        {QStringLiteral("samples"), samplesHelp, QStringLiteral("N"), QString::number(ff::kDefaultSamples)},
        {QStringLiteral("seed"), QCoreApplication::translate("cli", "Monte Carlo seed."), QStringLiteral("S"), QStringLiteral("1")},
    };
}

ffui::ExtrasRequest monteCarloRequest(const QCommandLineParser &p)
{
    ffui::ExtrasRequest request;
    request.samples = static_cast<int>(numberOption(p, QStringLiteral("samples"), 0, 1e7));
    request.seed = static_cast<std::uint64_t>(numberOption(p, QStringLiteral("seed"), 0, 9.0e15));
    return request;
}

ff::ReportExtras computeExtrasWarning(const ff::Engine &engine, const ff::Scenario &s, const ffui::ExtrasRequest &request)
{
    ff::ReportExtras x;
    QStringList warnings;
    ffui::computeExtras(engine, s, request, x, &warnings);
    for (const QString &w : warnings)
        err() << "warning: " << w << Qt::endl;
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
        throw UsageError(QStringLiteral("--%1: %2 is outside [%3, %4]").arg(name).arg(v).arg(lo).arg(hi).toStdString());
    return v;
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
    if (p.isSet(QStringLiteral("scenario")))
        s = ff::loadScenarioFile(d, p.value(QStringLiteral("scenario")).toStdString());
    for (const QString &set : p.values(QStringLiteral("set"))) {
        try {
            ff::applySetting(d, s, set.toStdString());
        } catch (const std::invalid_argument &e) {
            throw UsageError(std::string("--set: ") + e.what());
        }
    }
    if (p.isSet(QStringLiteral("as-of"))) {
        try {
            ff::applySetting(d, s, "as_of=" + p.value(QStringLiteral("as-of")).toStdString());
        } catch (const std::invalid_argument &e) {
            throw UsageError(std::string("--as-of: ") + e.what());
        }
    }
    return s;
}

} // namespace ffapp

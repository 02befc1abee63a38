// The user data layer under the shipped data (--data-home), as report, export and import read it,
// and the report's "this machine" section (--box).
#include "userlayer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

#include "commands.h"
#include "solver/forecast.h"
#include "files/machine.h"
#include "machinedetect.h"
#include "options.h"
#include "files/userdata.h"
#include "userdatafile.h"

namespace ffapp {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("cli", s); }
} // namespace

QString dataHomeOf(const QCommandLineParser &p)
{
    return p.isSet(QStringLiteral("data-home")) ? QDir(p.value(QStringLiteral("data-home"))).absolutePath() : ffui::defaultDataHome();
}

std::string shippedDirOf(const QCommandLineParser &p)
{
    const QString dir = locateDataDir(p.value(QStringLiteral("data")));
    if (dir.isEmpty())
        throw ff::DataError("data", "", "no data directory found: pass --data DIR or set FF_DATA_DIR");
    return QDir(dir).absolutePath().toStdString();
}

QCommandLineOption dataHomeOption()
{
    return QCommandLineOption(QStringLiteral("data-home"),
                              tr("The user data folder with imported rows (default: $FF_DATA_HOME, else the app data folder)."),
                              QStringLiteral("DIR"));
}

QCommandLineOption boxOption()
{
    return QCommandLineOption(QStringLiteral("box"),
                              tr("Add the \"this machine\" section for a box: a catalog part with optional count and RAM "
                                 "(\"RTX 4090 + 64 GB\", \"2x RTX 3090 + 128 GB\", \"DGX Spark\"), or \"detect\"."),
                              QStringLiteral("BOX"));
}

std::shared_ptr<const ff::Engine> layeredEngine(const QCommandLineParser &p)
{
    const QString home = dataHomeOf(p);
    const ff::CalibrationCache cache = ffui::calibrationCache(home);
    const ff::LayeredData ld = ff::loadLayeredData(shippedDirOf(p), home.toStdString(), &cache);
    for (const auto &w : ld.engine->data().warnings)
        err() << "warning: " << QString::fromStdString(w) << Qt::endl;
    if (!ld.layerError.empty())
        err() << "warning: the imported data was refused, the shipped data is used alone: "
              << QString::fromStdString(ff::printable(ld.layerError, true)) << Qt::endl;
    return ld.engine;
}

void addMachineSection(const QCommandLineParser &p, const ff::Engine &engine, const ff::Scenario &s, std::string *text,
                       nlohmann::ordered_json *json)
{
    if (!p.isSet(QStringLiteral("box")))
        return;
    const std::string box = p.value(QStringLiteral("box")).toStdString();
    ff::MachineSpec spec;
    try {
        spec = box == "detect" ? ff::detectMachine(engine.data()) : ff::parseBoxDescription(engine.data(), box);
    } catch (const std::invalid_argument &e) {
        throw UsageError(std::string("--box: ") + e.what());
    }
    const ff::MachineReport r = ff::analyseMachine(engine, s, spec);
    if (text)
        *text += "\n" + ff::machineText(r);
    if (json)
        (*json)["this_machine"] = ff::machineJson(r);
}

} // namespace ffapp

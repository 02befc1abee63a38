#pragma once
// The user data layer under the shipped data (--data-home DIR), as report, export and import read
// it, and `report --box` (the "this machine" section).
#include <QCommandLineOption>
#include <QString>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "data/assumptions.h"

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

namespace ff {
class Engine;
}

namespace ffapp {

QCommandLineOption dataHomeOption();
QCommandLineOption boxOption();
// --data-home as an absolute path, else $FF_DATA_HOME or the app data folder.
QString dataHomeOf(const QCommandLineParser &p);
// The shipped data's directory (--data, else found by locateDataDir); a DataError when there is none.
std::string shippedDirOf(const QCommandLineParser &p);
// The shipped data (--data) with the user layer of --data-home (else $FF_DATA_HOME or the app data
// folder) on top. A refused layer is a warning on stderr; the shipped data is used alone.
std::shared_ptr<const ff::Engine> layeredEngine(const QCommandLineParser &p);
// report --box NAME|detect: the "this machine" section, appended to the text or added to the JSON
// as "this_machine". Nothing when --box is not given.
void addMachineSection(const QCommandLineParser &p, const ff::Engine &engine, const ff::Scenario &s, std::string *text,
                       nlohmann::ordered_json *json);

} // namespace ffapp

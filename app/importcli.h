#pragma once
// The command line's user data: `import llama-bench|index FILE`, the user layer under the shipped
// data (--data-home DIR), and `report --box` (the "this machine" section).
#include <QCommandLineOption>
#include <QStringList>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "assumptions.h"

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

namespace ff {
class Engine;
}

namespace ffapp {

int runImport(const QStringList &arguments);

QCommandLineOption dataHomeOption();
QCommandLineOption boxOption();
// The shipped data (--data) with the user layer of --data-home (else $FF_DATA_HOME or the app data
// folder) on top. A refused layer is a warning on stderr; the shipped data is used alone.
std::shared_ptr<const ff::Engine> layeredEngine(const QCommandLineParser &p);
// report --box NAME|detect: the "this machine" section, appended to the text or added to the JSON
// as "this_machine". Nothing when --box is not given.
void addMachineSection(const QCommandLineParser &p, const ff::Engine &engine, const ff::Scenario &s, std::string *text,
                       nlohmann::ordered_json *json);

} // namespace ffapp

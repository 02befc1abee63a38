#pragma once
// The command line's sub-commands (report, assumptions, estimate, import, export): one registry
// (commands.cpp) names them, each runs from its own file (reportcmd.cpp, assumptionscmd.cpp,
// estimatecmd.cpp, importcli.cpp, exportcli.cpp).
#include <QString>
#include <QStringList>

#include <vector>

namespace ffapp {

// One sub-command. `run` gets the whole argument list with the sub-command at [1] and returns the
// process's exit status (0 done, 1 an error in the data or while writing, 2 a usage error).
struct Command {
    const char *name;
    const char *summary;  // for the window's --help (translated in the "commands" context)
    bool needsGui;        // draws (QApplication, offscreen without a display)
    int (*run)(const QStringList &arguments);
};

// Every sub-command this build has, in the order --help lists them.
const std::vector<Command> &commands();
const Command *findCommand(const QString &name);
// "  report       the forecast ...\n", a line a command.
QString commandSummaries();

// Names of the sub-commands; the first positional argument selects one.
bool isSubcommand(const QString &name);
bool subcommandNeedsGui(const QString &name);

// Runs a sub-command; returns the process exit status. Errors go to stderr.
int runSubcommand(const QStringList &arguments);

// Finds the data directory: --data, $FF_DATA_DIR, the installed share dir, then the source tree.
QString locateDataDir(const QString &explicitDir);

// The commands in their own files (importcli.h and exportcli.h declare runImport and runExport).
int cmdReport(const QStringList &args);
int cmdAssumptions(const QStringList &args);
int cmdEstimate(const QStringList &args);

} // namespace ffapp

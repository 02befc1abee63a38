#pragma once
// The command line: sub-commands that need no window (report, assumptions, estimate, export).
#include <QStringList>

namespace ffapp {

// Names of the sub-commands; the first positional argument selects one.
bool isSubcommand(const QString &name);
bool subcommandNeedsGui(const QString &name);

// Runs a sub-command; returns the process exit status. Errors go to stderr.
int runSubcommand(const QStringList &arguments);

// Finds the data directory: --data, $FF_DATA_DIR, the installed share dir, then the source tree.
QString locateDataDir(const QString &explicitDir);

} // namespace ffapp

// The sub-command registry: one table names every command, what it does, whether it draws, and the
// function that runs it. The window's --help, the dispatch and the "is this a command" check all read it.
#include "commands.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "data/dataset.h"
#include "importcli.h"
#include "options.h"
#include "core/timeutil.h"
#ifdef FF_WITH_EXPORT
#include "exportcli.h"
#endif

namespace ffapp {

const std::vector<Command> &commands()
{
    static const std::vector<Command> table = {
        {"report", QT_TRANSLATE_NOOP("commands", "the forecast as text, Markdown or JSON"), false, cmdReport},
        {"assumptions", QT_TRANSLATE_NOOP("commands", "every assumption with its range and source"), false, cmdAssumptions},
        {"estimate", QT_TRANSLATE_NOOP("commands", "the roofline for one model on one box"), false, cmdEstimate},
        {"import",
         QT_TRANSLATE_NOOP("commands", "a llama-bench run or a Capabilities Index export into your own data (never the shipped data)"),
         false, runImport},
#ifdef FF_WITH_EXPORT
        {"export", QT_TRANSLATE_NOOP("commands", "a chart (PNG, SVG), a table (CSV) or the report (Markdown), as the window draws them"),
         true, runExport},
#endif
    };
    return table;
}

const Command *findCommand(const QString &name)
{
    for (const Command &c : commands())
        if (name == QLatin1String(c.name))
            return &c;
    return nullptr;
}

QString commandSummaries()
{
    QString out;
    for (const Command &c : commands())
        out += QStringLiteral("  %1 %2\n").arg(QString::fromLatin1(c.name), -12).arg(QCoreApplication::translate("commands", c.summary));
    return out;
}

bool isSubcommand(const QString &name) { return findCommand(name) != nullptr; }

bool subcommandNeedsGui(const QString &name)
{
    const Command *c = findCommand(name);
    return c && c->needsGui;
}

QString locateDataDir(const QString &explicitDir)
{
    QStringList candidates;
    if (!explicitDir.isEmpty())
        return QFileInfo(explicitDir + QStringLiteral("/assumptions.json")).exists() ? explicitDir : QString();
    const QByteArray env = qgetenv("FF_DATA_DIR");
    if (!env.isEmpty())
        candidates << QString::fromLocal8Bit(env);
    const QString exeDir = QCoreApplication::applicationDirPath();
    candidates << exeDir + QStringLiteral("/../" FF_DATA_INSTALL_DIR) << exeDir + QStringLiteral("/../data")
               << QStringLiteral(FF_SOURCE_DATA_DIR);
    for (const QString &c : candidates)
        if (QFileInfo(c + QStringLiteral("/assumptions.json")).exists())
            return QDir(c).absolutePath();
    return {};
}

int runSubcommand(const QStringList &arguments)
{
    const QString cmd = arguments.size() > 1 ? arguments.at(1) : QString();
    try {
        if (const Command *c = findCommand(cmd))
            return c->run(arguments);
    } catch (const UsageError &e) {
        // printable: what the user typed or a file held never reaches the terminal as control codes.
        err() << "frontier-forecast " << cmd << ": " << QString::fromStdString(ff::printable(e.what(), true)) << Qt::endl;
        return 2;
    } catch (const ff::DataError &e) {
        err() << "frontier-forecast: error in " << QString::fromStdString(ff::printable(e.what(), true)) << Qt::endl;
        return 1;
    } catch (const std::exception &e) {
        err() << "frontier-forecast " << cmd << ": " << QString::fromStdString(ff::printable(e.what(), true)) << Qt::endl;
        return 1;
    }
    err() << "frontier-forecast: unknown command \"" << cmd << "\"" << Qt::endl;
    return 2;
}

} // namespace ffapp

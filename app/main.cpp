// frontier-forecast: with a sub-command, runs it (no display needed); without, opens the window.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>
#ifdef FF_WITH_GUI
#include <QApplication>
#include <QDir>
#include <QMessageBox>
#endif

#include <clocale>
#include <memory>

#include "commands.h"
#ifdef FF_WITH_GUI
#include "mainwindow.h"
#endif

namespace {

QString windowDescription()
{
    return QCoreApplication::translate("main",
        "When can a personal box under a budget run a Claude Sonnet-class model at hosted-API speed?\n\n"
        "Sub-commands (each has --help):\n") +
           ffapp::commandSummaries() +
           QCoreApplication::translate("main",
#ifdef FF_WITH_GUI
        "\nWithout a sub-command the window opens. In it: F11 presents (one chart or table per screen,\n"
        "arrows page, Esc leaves); View > Theme picks light or dark; Help > Model and Equations and\n"
        "Help > Data Sources show how every number is made and where it comes from."
#else
        "\nThis build has no window (FF_BUILD_GUI=OFF): give a sub-command."
#endif
        );
}

// The window's own options. `qtOptions`: also accept (hidden) the options QApplication takes
// itself (-platform, -style, ...), for the check made before QApplication exists.
struct WindowOptions {
    QCommandLineOption data{QStringLiteral("data"), QCoreApplication::translate("main", "Read the catalogs from DIR."), QStringLiteral("DIR")};
    QCommandLineOption scenario{QStringLiteral("scenario"), QCoreApplication::translate("main", "Open a scenario FILE."), QStringLiteral("FILE")};
};

void setUpParser(QCommandLineParser &parser, const WindowOptions &o, bool qtOptions)
{
    parser.setApplicationDescription(windowDescription());
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(o.data);
    parser.addOption(o.scenario);
    parser.addPositionalArgument(QStringLiteral("command"), QCoreApplication::translate("main", "Optional sub-command (see above)."));
    if (qtOptions) {
        // QApplication's documented command-line options; it removes them before the window's parse.
        parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
        for (const char *name : {"platform", "platformpluginpath", "platformtheme", "plugin", "qwindowgeometry", "qwindowicon",
                                 "qwindowtitle", "geometry", "style", "stylesheet", "session", "display", "widgetcount",
                                 "fontengine", "qmljsdebugger"}) {
            QCommandLineOption opt(QString::fromLatin1(name), QString(), QStringLiteral("VALUE"));
            opt.setFlags(QCommandLineOption::HiddenFromHelp);
            parser.addOption(opt);
        }
        for (const char *name : {"reverse", "nograb", "dograb", "sync"}) {
            QCommandLineOption opt(QString::fromLatin1(name));
            opt.setFlags(QCommandLineOption::HiddenFromHelp);
            parser.addOption(opt);
        }
    }
}

// A usage error, --help or --version: handled here and the exit status returned; otherwise -1.
int checkWindowArguments(QCommandLineParser &parser, const QStringList &arguments)
{
    // parse(), not process(): a usage error exits with 2 as the README says, not 1.
    if (!parser.parse(arguments)) {
        QTextStream(stderr) << QCoreApplication::translate("main", "frontier-forecast: %1; try --help").arg(parser.errorText()) << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        QTextStream(stderr) << QCoreApplication::translate("main", "frontier-forecast: unknown command \"%1\"; try --help")
                                   .arg(parser.positionalArguments().first())
                            << Qt::endl;
        return 2;
    }
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QString sub;
    for (int i = 1; i < argc; ++i) {
        const QString a = QString::fromLocal8Bit(argv[i]);
        if (!a.startsWith(QLatin1Char('-'))) {
            sub = a;
            break;
        }
    }
    QCoreApplication::setOrganizationName(QStringLiteral("FrontierForecast"));
    QCoreApplication::setApplicationName(QStringLiteral("frontier-forecast"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FF_VERSION));

    if (ffapp::isSubcommand(sub) && !ffapp::subcommandNeedsGui(sub)) {
        QCoreApplication app(argc, argv);
        // Qt sets the C locale from the environment; numbers in files and output use a decimal point.
        std::setlocale(LC_NUMERIC, "C");
        QStringList args = app.arguments();
        args.removeAll(QString()); // keep positions stable
        // Put the sub-command right after the program name.
        args.removeOne(sub);
        args.insert(1, sub);
        return ffapp::runSubcommand(args);
    }

#ifndef FF_WITH_GUI
    if (sub == QLatin1String("export")) {
        QTextStream(stderr) << QCoreApplication::translate("main", "frontier-forecast: export draws charts and needs a build with FF_BUILD_GUI=ON")
                            << Qt::endl;
        return 2;
    }
#endif
    // The window's arguments are checked before QApplication exists: a usage error, --help or
    // --version needs no display (QApplication aborts without one).
    if (!ffapp::isSubcommand(sub)) {
        QCoreApplication pre(argc, argv);
        QCommandLineParser parser;
        WindowOptions o;
        setUpParser(parser, o, true);
        const int status = checkWindowArguments(parser, pre.arguments());
        if (status >= 0)
            return status;
#ifndef FF_WITH_GUI
        QTextStream(stderr) << QCoreApplication::translate("main", "frontier-forecast: this build has no window; give a sub-command (try --help)")
                            << Qt::endl;
        return 2;
#endif
    }

#ifdef FF_WITH_GUI
    // A sub-command that draws (export) needs no screen: without a display, render offscreen.
    if (ffapp::isSubcommand(sub) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::setlocale(LC_NUMERIC, "C"); // as above: the window shows numbers through QLocale instead
    QApplication::setApplicationDisplayName(QObject::tr("Frontier Forecast"));
    if (ffapp::isSubcommand(sub)) {
        QStringList args = app.arguments();
        args.removeOne(sub);
        args.insert(1, sub);
        return ffapp::runSubcommand(args);
    }

    QCommandLineParser parser;
    WindowOptions o;
    setUpParser(parser, o, false);
    const int status = checkWindowArguments(parser, app.arguments());
    if (status >= 0)
        return status;
    const QCommandLineOption &dataOpt = o.data, &scenarioOpt = o.scenario;

    const QString dataDir = ffapp::locateDataDir(parser.value(dataOpt));
    std::unique_ptr<ffui::MainWindow> w;
    try {
        if (dataDir.isEmpty())
            throw ff::DataError("data", "", "no data directory found: pass --data DIR or set FF_DATA_DIR");
        w = std::make_unique<ffui::MainWindow>(dataDir);
        // Data the user pointed at (--data, FF_DATA_DIR) is not "shipped": the status bar names it.
        if (parser.isSet(dataOpt) || !qEnvironmentVariableIsEmpty("FF_DATA_DIR"))
            w->setBaseDataName(QDir::toNativeSeparators(QDir(dataDir).absolutePath()));
    } catch (const std::exception &e) {
        QMessageBox::critical(nullptr, QObject::tr("Frontier Forecast"),
                              QObject::tr("The data could not be loaded:\n%1").arg(QString::fromStdString(e.what())));
        return 1;
    }
    if (parser.isSet(scenarioOpt))
        w->openScenario(parser.value(scenarioOpt));
    w->show();
    return app.exec();
#endif
}

// frontier-forecast: with a sub-command, runs it (no display needed); without, opens the window.
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <clocale>
#include <memory>

#include "cli.h"
#include "mainwindow.h"

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
    parser.setApplicationDescription(QObject::tr(
        "When can a personal box under a budget run a Claude Sonnet-class model at hosted-API speed?\n\n"
        "Sub-commands (each has --help):\n"
        "  report       the forecast as text, Markdown or JSON\n"
        "  assumptions  every assumption with its range and source\n"
        "  estimate     the roofline for one model on one box\n"
        "  export       a chart (PNG, SVG), a table (CSV) or the report (Markdown), as the window draws them\n"
        "  import       a llama-bench run or a Capabilities Index export into your own data (never the shipped data)\n\n"
        "Without a sub-command the window opens. In it: F11 presents (one chart or table per screen,\n"
        "arrows page, Esc leaves); View > Theme picks light or dark; Help > Model and Equations and\n"
        "Help > Data Sources show how every number is made and where it comes from."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataOpt(QStringLiteral("data"), QObject::tr("Read the catalogs from DIR."), QStringLiteral("DIR"));
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"), QObject::tr("Open a scenario FILE."), QStringLiteral("FILE"));
    parser.addOption(dataOpt);
    parser.addOption(scenarioOpt);
    parser.addPositionalArgument(QStringLiteral("command"), QObject::tr("Optional sub-command (see above)."));
    // parse(), not process(): a usage error exits with 2 as the README says, not 1.
    if (!parser.parse(app.arguments())) {
        QTextStream(stderr) << QObject::tr("frontier-forecast: %1; try --help").arg(parser.errorText()) << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        QTextStream(stderr) << QObject::tr("frontier-forecast: unknown command \"%1\"; try --help").arg(parser.positionalArguments().first())
                            << Qt::endl;
        return 2;
    }

    const QString dataDir = ffapp::locateDataDir(parser.value(dataOpt));
    std::unique_ptr<ffui::MainWindow> w;
    try {
        if (dataDir.isEmpty())
            throw ff::DataError("data", "", "no data directory found: pass --data DIR or set FF_DATA_DIR");
        w = std::make_unique<ffui::MainWindow>(dataDir);
    } catch (const std::exception &e) {
        QMessageBox::critical(nullptr, QObject::tr("Frontier Forecast"),
                              QObject::tr("The data could not be loaded:\n%1").arg(QString::fromStdString(e.what())));
        return 1;
    }
    if (parser.isSet(scenarioOpt))
        w->openScenario(parser.value(scenarioOpt));
    w->show();
    return app.exec();
}

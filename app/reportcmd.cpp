// `frontier-forecast report`: the forecast as text, Markdown or JSON.
#include <QCommandLineParser>
#include <QCoreApplication>

#include "commands.h"
#include "report/extras.h"
#include "solver/forecast.h"
#include "userlayer.h"
#include "options.h"
#include "report/report.h"

namespace ffapp {

int cmdReport(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate("cli", "Print the forecast: headline, tables, reverse prediction."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("report"), QCoreApplication::translate("cli", "The sub-command."));
    p.addOptions(scenarioOptions());
    p.addOptions({
        {QStringLiteral("format"), QCoreApplication::translate("cli", "text, markdown or json."), QStringLiteral("FORMAT"), QStringLiteral("text")},
        dataOption(),
        compareOption(),
        dataHomeOption(), // userlayer.h: the user's imported rows on top of the data
        boxOption(),
    });
    p.addOptions(monteCarloOptions(QCoreApplication::translate("cli", "Monte Carlo samples for the range (0: none).")));
    parseArguments(p, args);
    const QString format = formatOf(p, {QStringLiteral("text"), QStringLiteral("markdown"), QStringLiteral("json")});
    ff::ExtrasRequest request = monteCarloRequest(p);
    const std::shared_ptr<const ff::Engine> layered = layeredEngine(p);
    const ff::Engine &engine = *layered;
    const ff::DataSet &d = engine.data();
    const ff::Scenario s = scenarioFrom(p, d);
    checkAsOf(p, engine, s);
    const ff::Result r = engine.compute(s);
    // The same model calls as the window's worker and `export --report` (one place: model/report/extras.h).
    request.what = ff::reportExtras(request.samples);
    ff::ReportExtras x = computeExtrasWarning(engine, s, request);
    x.compare = compareFrom(p, engine);
    if (format == QLatin1String("json")) {
        auto j = ff::reportJson(engine, r, x);
        addMachineSection(p, engine, s, nullptr, &j);
        writeOut(j.dump(2) + "\n");
    } else {
        std::string out = format == QLatin1String("markdown") ? ff::reportMarkdown(engine, r, x) : ff::reportText(engine, r, x);
        addMachineSection(p, engine, s, &out, nullptr);
        writeOut(out);
    }
    return 0;
}

} // namespace ffapp

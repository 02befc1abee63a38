// `frontier-forecast assumptions`: every assumption with its range and source.
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cmath>

#include "commands.h"
#include "data/dataset.h"
#include "options.h"
#include "core/timeutil.h"

namespace ffapp {

int cmdAssumptions(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate("cli", "List every assumption with its range and source."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("assumptions"), QCoreApplication::translate("cli", "The sub-command."));
    p.addOptions({{QStringLiteral("format"), QCoreApplication::translate("cli", "text or json."), QStringLiteral("FORMAT"), QStringLiteral("text")},
                  dataOption()});
    parseArguments(p, args);
    const QString format = formatOf(p, {QStringLiteral("text"), QStringLiteral("json")});
    const ff::DataSet d = loadData(p);
    if (format == QLatin1String("json")) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const auto &x : d.assumptions)
            a.push_back({{"name", x.name}, {"label", x.label}, {"group", x.group}, {"value", x.value}, {"low", x.low},
                         {"high", x.high}, {"min", x.min}, {"max", x.max}, {"unit", x.unit},
                         {"distribution", x.distribution}, {"sampled", x.sampled}, {"source", x.source},
                         {"range_reason", x.rangeReason}});
        writeOut(a.dump(2) + "\n");
        return 0;
    }
    std::string out;
    std::string group;
    for (const auto &x : d.assumptions) {
        if (x.group != group) {
            group = x.group;
            out += "\n" + group + "\n";
        }
        out += "  " + x.name + " = " + ff::fmtFixed(x.value, x.value == std::floor(x.value) ? 0 : 2) + " " + x.unit +
               "  (range " + ff::fmtFixed(x.low, 2) + " .. " + ff::fmtFixed(x.high, 2) + ", allowed " +
               ff::fmtFixed(x.min, 2) + " .. " + ff::fmtFixed(x.max, 2) + ")\n      " + x.label + ". Source: " + x.source + "\n";
    }
    writeOut(out);
    return 0;
}

} // namespace ffapp

#include "cli.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "assumptions.h"
#include "backtest.h"
#include "calibration.h"
#include "claims.h"
#include "dataset.h"
#include "estimate.h"
#include "fits.h"
#include "forecast.h"
#include "extras.h"
#include "montecarlo.h"
#include "options.h"
#include "report.h"
#include "roofline.h"
#include "timeutil.h"

#ifdef FF_WITH_EXPORT
#include "exportcli.h"
#endif
#include "importcli.h"

namespace ffapp {

namespace {

QString formatOf(const QCommandLineParser &p, const QStringList &allowed)
{
    const QString f = p.value(QStringLiteral("format"));
    if (!allowed.contains(f))
        throw UsageError(QStringLiteral("--format: expected one of %1, got \"%2\"").arg(allowed.join(QStringLiteral(", ")), f).toStdString());
    return f;
}

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
        dataHomeOption(), // importcli.h: the user's imported rows on top of the data
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
    // The same model calls as the window's worker and `export --report` (one place: model/extras.h).
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

int cmdEstimate(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "cli", "The calibrated roofline for one model on one box. Name a catalog part (--hardware) and model (--model), "
               "or give the numbers; explicit numbers override the catalog."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("estimate"), QCoreApplication::translate("cli", "The sub-command."));
    p.addOptions({
        {QStringLiteral("hardware"), QCoreApplication::translate("cli", "A part in hardware.json, e.g. \"RTX 4090\" (memory, bandwidth, FLOPS, kind)."), QStringLiteral("NAME")},
        {QStringLiteral("kind"), QCoreApplication::translate("cli", "The kind of system whose decode constants apply: gpu, apple, unified or cpu (default: the part's, else gpu)."), QStringLiteral("KIND")},
        {QStringLiteral("gpus"), QCoreApplication::translate("cli", "Cards in a layer split (GPU parts)."), QStringLiteral("N"), QStringLiteral("1")},
        {QStringLiteral("model"), QCoreApplication::translate("cli", "An open model in models.json, e.g. \"gpt-oss-120b\" (params, KV bytes, native bits)."), QStringLiteral("NAME")},
        {QStringLiteral("quant"), QCoreApplication::translate("cli", "A quantization level in quantization.json (e.g. Q4_K_M), or \"native\"."), QStringLiteral("LEVEL")},
        {QStringLiteral("bandwidth"), QCoreApplication::translate("cli", "Peak memory bandwidth of one card, GB/s."), QStringLiteral("GBPS")},
        {QStringLiteral("memory"), QCoreApplication::translate("cli", "Fast memory (VRAM of all cards, or usable unified), GB."), QStringLiteral("GB")},
        {QStringLiteral("tflops"), QCoreApplication::translate("cli", "Peak TFLOPS (or TOPS) of the compute path prefill uses (INT8 tensor on NVIDIA, GPU FP32 on Apple)."), QStringLiteral("T")},
        {QStringLiteral("ram"), QCoreApplication::translate("cli", "Host RAM for offloaded weights, GB."), QStringLiteral("GB")},
        {QStringLiteral("ram-bandwidth"), QCoreApplication::translate("cli", "Host RAM bandwidth, GB/s."), QStringLiteral("GBPS")},
        {QStringLiteral("params-total"), QCoreApplication::translate("cli", "Total parameters, billions."), QStringLiteral("B")},
        {QStringLiteral("params-active"), QCoreApplication::translate("cli", "Active parameters per token, billions."), QStringLiteral("B")},
        {QStringLiteral("bits"), QCoreApplication::translate("cli", "Bits per weight (e.g. 4.85 for Q4_K_M)."), QStringLiteral("BITS")},
        {QStringLiteral("context"), QCoreApplication::translate("cli", "Tokens in the KV cache."), QStringLiteral("TOKENS"), QStringLiteral("0")},
        {QStringLiteral("kv-bytes-per-token"), QCoreApplication::translate("cli", "KV cache bytes per token (default: the model's, else the fitted KV law)."), QStringLiteral("BYTES")},
        {QStringLiteral("format"), QCoreApplication::translate("cli", "text or json."), QStringLiteral("FORMAT"), QStringLiteral("text")},
        dataOption(),
    });
    parseArguments(p, args);
    const QString format = formatOf(p, {QStringLiteral("text"), QStringLiteral("json")});
    // Options only: every figure and every check of what they mean together is in model/estimate.
    ff::EstimateRequest q;
    const auto opt = [&](const char *name, double lo, double hi) -> std::optional<double> {
        const QString n = QString::fromLatin1(name);
        if (!p.isSet(n))
            return std::nullopt;
        return numberOption(p, n, lo, hi);
    };
    q.hardware = p.value(QStringLiteral("hardware")).toStdString();
    q.gpus = static_cast<int>(integerOption(p, QStringLiteral("gpus"), 1, 16, 1.0));
    if (p.isSet(QStringLiteral("kind"))) {
        ff::SystemKind k;
        const std::string name = p.value(QStringLiteral("kind")).toStdString();
        if (!ff::parseSystemKind(name, &k))
            throw UsageError("--kind: expected gpu, apple, unified or cpu, got \"" + name + "\"");
        q.kind = k;
    }
    q.model = p.value(QStringLiteral("model")).toStdString();
    q.quant = p.value(QStringLiteral("quant")).toStdString();
    q.bandwidthGbps = opt("bandwidth", 1, 1e6);
    q.memoryGb = opt("memory", 0.1, 1e6);
    q.tflops = opt("tflops", 0, 1e7);
    q.ramGb = opt("ram", 0, 1e6);
    q.ramBandwidthGbps = opt("ram-bandwidth", 0.1, 1e6);
    q.paramsTotalB = opt("params-total", 0.001, 1e6);
    q.paramsActiveB = opt("params-active", 0.001, 1e6);
    q.bits = opt("bits", 1, 32);
    q.kvBytesPerToken = opt("kv-bytes-per-token", 0, 1e9);
    q.contextTokens = numberOption(p, QStringLiteral("context"), 0, 1e8);
    const ff::Engine engine(loadData(p)); // its parts carry the fitted prefill rates
    ff::EstimateResult r;
    try {
        r = ff::runEstimate(engine, q);
    } catch (const ff::EstimateInputError &e) {
        throw UsageError(e.what());
    }
    writeOut(format == QLatin1String("json") ? ff::estimateJson(r).dump(2) + "\n" : ff::estimateText(r));
    return 0;
}

} // namespace

bool isSubcommand(const QString &name)
{
    static const QStringList names = {QStringLiteral("report"), QStringLiteral("assumptions"), QStringLiteral("estimate"),
                                      QStringLiteral("import")
#ifdef FF_WITH_EXPORT
                                      , QStringLiteral("export")
#endif
    };
    return names.contains(name);
}

bool subcommandNeedsGui(const QString &name) { return name == QLatin1String("export"); }

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
        if (cmd == QLatin1String("report"))
            return cmdReport(arguments);
        if (cmd == QLatin1String("assumptions"))
            return cmdAssumptions(arguments);
        if (cmd == QLatin1String("estimate"))
            return cmdEstimate(arguments);
        if (cmd == QLatin1String("import"))
            return runImport(arguments); // importcli.cpp
#ifdef FF_WITH_EXPORT
        if (cmd == QLatin1String("export"))
            return runExport(arguments);
#endif
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

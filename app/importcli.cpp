#include "importcli.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QDir>

#include "cli.h"
#include "clock.h"
#include "forecast.h"
#include "importers.h"
#include "machine.h"
#include "modelimport.h"
#include "options.h"
#include "userdata.h"
#include "userdatafile.h"

namespace ffapp {

namespace {

QString tr(const char *s) { return QCoreApplication::translate("cli", s); }

// The file name as the command line gave its bytes. QCoreApplication::arguments() decodes them
// as the locale's text, so a name that is not UTF-8 comes back with U+FFFD in place of its bytes
// (and "No such file or directory"): the raw argument that decodes to the same text is used.
std::string localFileName(const QString &arg)
{
    const QByteArray encoded = QFile::encodeName(arg);
    if (QFile::exists(arg))
        return encoded.toStdString();
    QFile cmdline(QStringLiteral("/proc/self/cmdline"));
    if (cmdline.open(QIODevice::ReadOnly))
        for (const QByteArray &a : cmdline.readAll().split('\0'))
            if (!a.isEmpty() && QString::fromLocal8Bit(a) == arg)
                return a.toStdString();
    return encoded.toStdString();
}

QString dataHomeOf(const QCommandLineParser &p)
{
    return p.isSet(QStringLiteral("data-home")) ? QDir(p.value(QStringLiteral("data-home"))).absolutePath() : ffui::defaultDataHome();
}

std::string shippedDirOf(const QCommandLineParser &p)
{
    const QString dir = locateDataDir(p.value(QStringLiteral("data")));
    if (dir.isEmpty())
        throw ff::DataError("data", "", "no data directory found: pass --data DIR or set FF_DATA_DIR");
    return QDir(dir).absolutePath().toStdString();
}

} // namespace

QCommandLineOption dataHomeOption()
{
    return QCommandLineOption(QStringLiteral("data-home"),
                              tr("The user data folder with imported rows (default: $FF_DATA_HOME, else the app data folder)."),
                              QStringLiteral("DIR"));
}

QCommandLineOption boxOption()
{
    return QCommandLineOption(QStringLiteral("box"),
                              tr("Add the \"this machine\" section for a box: a catalog part with optional count and RAM "
                                 "(\"RTX 4090 + 64 GB\", \"2x RTX 3090 + 128 GB\", \"DGX Spark\"), or \"detect\"."),
                              QStringLiteral("BOX"));
}

std::shared_ptr<const ff::Engine> layeredEngine(const QCommandLineParser &p)
{
    const QString home = dataHomeOf(p);
    const ff::CalibrationCache cache = ffui::calibrationCache(home);
    const ff::LayeredData ld = ff::loadLayeredData(shippedDirOf(p), home.toStdString(), &cache);
    for (const auto &w : ld.engine->data().warnings)
        err() << "warning: " << QString::fromStdString(w) << Qt::endl;
    if (!ld.layerError.empty())
        err() << "warning: the imported data was refused, the shipped data is used alone: "
              << QString::fromStdString(ff::printable(ld.layerError, true)) << Qt::endl;
    return ld.engine;
}

void addMachineSection(const QCommandLineParser &p, const ff::Engine &engine, const ff::Scenario &s, std::string *text,
                       nlohmann::ordered_json *json)
{
    if (!p.isSet(QStringLiteral("box")))
        return;
    const std::string box = p.value(QStringLiteral("box")).toStdString();
    ff::MachineSpec spec;
    try {
        spec = box == "detect" ? ff::detectMachine(engine.data()) : ff::parseBoxDescription(engine.data(), box);
    } catch (const std::invalid_argument &e) {
        throw UsageError(std::string("--box: ") + e.what());
    }
    const ff::MachineReport r = ff::analyseMachine(engine, s, spec);
    if (text)
        *text += "\n" + ff::machineText(r);
    if (json)
        (*json)["this_machine"] = ff::machineJson(r);
}

int runImport(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(tr(
        "Import rows into the user data layer (never into the shipped data):\n"
        "  import llama-bench FILE   llama.cpp llama-bench output (-o json, -o jsonl or -o csv): pp rows become prefill\n"
        "                            measurements, tg rows decode; the calibration is refitted with them\n"
        "  import index FILE         Epoch AI's Capabilities Index CSV: new models, changed scores and release dates\n"
        "  import model CONFIG.json  a Hugging Face config.json: a new open model with its parameters, KV cache and\n"
        "                            context limit counted from the config (--released and --source required)\n"
        "  import prices FILE        dated prices, CSV with the columns part, date, usd, kind (launch, street or used),\n"
        "                            source: they join the parts' price paths the market buys from\n"
        "  import part FILE          buyable parts, CSV with hardware.json's fields (name, kind, family, released,\n"
        "                            launch_price_usd, memory_gb, bandwidth_gbps, prefill_tops, prefill_tops_kind,\n"
        "                            arch_family, source; optional full_name, vendor, fp16_tflops, fp16_tflops_kind,\n"
        "                            new_supply_ended)\n"
        "The preview lists what changes; nothing is merged unless the whole file is valid."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("import"), tr("The sub-command."));
    p.addPositionalArgument(QStringLiteral("kind"), tr("llama-bench, index, model, prices or part."));
    p.addPositionalArgument(QStringLiteral("file"), tr("The file to import."));
    p.addOptions({
        {QStringLiteral("dry-run"), tr("Print the preview only; write nothing.")},
        {QStringLiteral("hardware"), tr("llama-bench: the catalog part of every row (when gpu_info names none or several)."), QStringLiteral("NAME")},
        {QStringLiteral("bandwidth"), tr("llama-bench: a new device's peak memory bandwidth, GB/s (with --memory)."), QStringLiteral("GBPS")},
        {QStringLiteral("memory"), tr("llama-bench: a new device's memory, GB."), QStringLiteral("GB")},
        {QStringLiteral("unified"), tr("llama-bench: the new device is a unified-memory system.")},
        {QStringLiteral("model"), tr("llama-bench: the catalog model of every row."), QStringLiteral("NAME")},
        {QStringLiteral("name"), tr("model: the catalog name of the new model (default: the config's _name_or_path)."), QStringLiteral("NAME")},
        {QStringLiteral("released"), tr("model: release date of the public weights, YYYY-MM or YYYY-MM-DD."), QStringLiteral("DATE")},
        {QStringLiteral("score"), tr("model: its general quality score (Epoch Capabilities Index)."), QStringLiteral("S")},
        {QStringLiteral("source"), tr("model: a public address where the config.json (and the score) can be read."), QStringLiteral("URL")},
        {QStringLiteral("update-dates"), tr("index: also take the index's release dates for catalog models (default: keep the catalog's sourced dates).")},
        {QStringLiteral("format"), tr("text or json."), QStringLiteral("FORMAT"), QStringLiteral("text")},
        {QStringLiteral("today"), tr("The date of today, YYYY-MM-DD (default: $FF_TODAY, else the system date): the import's date and the "
                                     "latest release date an imported row may carry."), QStringLiteral("DATE")},
        dataOption(),
        dataHomeOption(),
    });
    if (!p.parse(arguments))
        throw UsageError(p.errorText().toStdString());
    if (p.isSet(QStringLiteral("help")))
        p.showHelp(0);
    const QStringList pos = p.positionalArguments();
    const QStringList kinds = {QStringLiteral("llama-bench"), QStringLiteral("index"), QStringLiteral("model"), QStringLiteral("prices"),
                               QStringLiteral("part")};
    if (pos.size() != 3 || !kinds.contains(pos.at(1)))
        throw UsageError("expected `import llama-bench FILE`, `import index FILE`, `import model CONFIG.json`, `import prices FILE` or "
                         "`import part FILE`");
    if (pos.size() > 3)
        throw UsageError(QStringLiteral("unexpected argument \"%1\"").arg(pos.at(3)).toStdString());
    const QString format = p.value(QStringLiteral("format"));
    if (format != QLatin1String("text") && format != QLatin1String("json"))
        throw UsageError("--format: expected text or json");
    const bool dryRun = p.isSet(QStringLiteral("dry-run"));
    const std::string file = localFileName(pos.at(2));
    if (const QByteArray env = qgetenv("FF_TODAY"); !env.isEmpty() && !ff::normalizeDay(env.toStdString()))
        throw UsageError("FF_TODAY: expected YYYY-MM-DD or YYYY-MM, got \"" + ff::printable(env.toStdString()) + "\"");
    if (p.isSet(QStringLiteral("today")) && !ff::setToday(p.value(QStringLiteral("today")).toStdString()))
        throw UsageError("--today: expected YYYY-MM-DD, got \"" + p.value(QStringLiteral("today")).toStdString() + "\"");
    const std::string today = ff::today();
    ff::LlamaBenchOptions o;
    if (pos.at(1) == QLatin1String("llama-bench")) {
        o.today = today;
        o.hardware = p.value(QStringLiteral("hardware")).toStdString();
        o.model = p.value(QStringLiteral("model")).toStdString();
        // A new device within what the layer's reader accepts (hardware.json's ranges): a usage error now, not a refusal later.
        if (p.isSet(QStringLiteral("bandwidth")))
            o.bandwidthGbps = numberOption(p, QStringLiteral("bandwidth"), ff::kMinDeviceBandwidthGbps, ff::kMaxDeviceBandwidthGbps);
        if (p.isSet(QStringLiteral("memory")))
            o.memoryGb = numberOption(p, QStringLiteral("memory"), ff::kMinDeviceMemoryGb, ff::kMaxDeviceMemoryGb);
        if (p.isSet(QStringLiteral("memory")) != p.isSet(QStringLiteral("bandwidth")))
            throw UsageError("--bandwidth and --memory describe a new device together: give both");
        o.unified = p.isSet(QStringLiteral("unified"));
    }

    const std::string shipped = shippedDirOf(p);
    const QString home = dataHomeOf(p);
    // One writer at a time: the lock is held from the read of the layer to the write of the next
    // one, so an import made meanwhile by another program (or the window) is never lost.
    ffui::UserLayerLock lock(home);
    if (!dryRun) {
        QString error;
        if (!lock.lock(&error))
            throw ff::DataError(ff::userLayerPath(home.toStdString()), "", error.toStdString());
    }
    // The layer as it is now: an import on top of a broken layer is refused (the user fixes or removes it first).
    const ff::UserLayer layer = ff::loadUserLayer(home.toStdString());
    const ff::CalibrationCache cache = ffui::calibrationCache(home);
    const ff::LayeredData before = ff::layeredData(shipped, home.toStdString(), layer, &cache);
    const std::string text = ff::readFileCapped(file, ff::kMaxImportFileBytes);

    ff::ImportPreview pv;
    if (pos.at(1) == QLatin1String("llama-bench")) {
        pv = ff::previewLlamaBench(before.engine->data(), text, file, o);
    } else if (pos.at(1) == QLatin1String("model")) {
        ff::ModelImportOptions o;
        o.today = today;
        o.name = p.value(QStringLiteral("name")).toStdString();
        o.released = p.value(QStringLiteral("released")).toStdString();
        o.source = p.value(QStringLiteral("source")).toStdString();
        if (p.isSet(QStringLiteral("score")))
            o.score = numberOption(p, QStringLiteral("score"), 0, 1000);
        pv = ff::previewModelConfig(before.engine->data(), text, file, o);
    } else if (pos.at(1) == QLatin1String("prices")) {
        pv = ff::previewPrices(before.engine->data(), text, file, today);
    } else if (pos.at(1) == QLatin1String("part")) {
        pv = ff::previewPart(before.engine->data(), text, file, today);
    } else {
        pv = ff::previewIndex(before.engine->data(), text, file, today, p.isSet(QStringLiteral("update-dates")));
    }
    if (!pv.valid()) {
        writeOut(format == QLatin1String("json") ? ff::previewJson(pv, nullptr, dryRun).dump(2) + "\n" : ff::previewText(pv, nullptr, dryRun));
        return 1;
    }
    const ff::UserLayer next = ff::withImport(layer, pv.import);
    ff::LayeredData after;
    try {
        // The layer as its reader will see it: a layer that could not be read back is refused here.
        ff::checkedUserLayerText(next, ff::userLayerPath(home.toStdString()));
        after = ff::layeredData(shipped, home.toStdString(), next, dryRun ? nullptr : &cache);
    } catch (const ff::DataError &e) {
        pv.errors.push_back({0, e.field(), std::string("the data refuses the import: ") + e.what()});
        writeOut(format == QLatin1String("json") ? ff::previewJson(pv, nullptr, dryRun).dump(2) + "\n" : ff::previewText(pv, nullptr, dryRun));
        return 1;
    }
    const ff::ImportImpact impact = ff::assessImport(*before.engine, *after.engine, next.imports.back().origin(), pv.rows);
    std::string out;
    if (format == QLatin1String("json")) {
        auto j = ff::previewJson(pv, &impact, dryRun);
        if (!dryRun)
            j["written"] = ff::userLayerPath(home.toStdString());
        out = j.dump(2) + "\n";
    } else {
        out = ff::previewText(pv, &impact, dryRun);
    }
    if (!dryRun) {
        QString error;
        if (!ffui::writeUserLayer(home, next, &error))
            throw ff::DataError(ff::userLayerPath(home.toStdString()), "", error.toStdString());
        if (format != QLatin1String("json"))
            out += "Written to " + ff::userLayerPath(home.toStdString()) + " as \"" + next.imports.back().origin() + "\" (the shipped data is unchanged).\n";
    }
    writeOut(out);
    return 0;
}

} // namespace ffapp

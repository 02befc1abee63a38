#include "importcli.h"
#include "userlayer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QDir>

#include "commands.h"
#include "core/clock.h"
#include "solver/forecast.h"
#include "files/importers.h"
#include "files/machine.h"
#include "files/modelimport.h"
#include "options.h"
#include "data/schemas.h"
#include "files/userdata.h"
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

// The command's help and options.
void addImportOptions(QCommandLineParser &p)
{
    p.setApplicationDescription(tr(
        "Import rows into the user data layer (never into the shipped data):\n"
        "  import llama-bench FILE   llama.cpp llama-bench output (-o json, -o jsonl or -o csv): pp rows become prefill\n"
        "                            measurements, tg rows decode; the calibration is refitted with them\n"
        "  import index FILE         Epoch AI's Capabilities Index CSV: new models, changed scores and release dates\n"
        "  import model CONFIG.json  a Hugging Face config.json: a new open model with its parameters, KV cache and\n"
        "                            context limit counted from the config (--released and --source required)\n"
        "  import prices FILE        dated prices, CSV with the columns part, date, usd, kind (launch, street or used),\n"
        "                            source; optional range_low_usd, range_high_usd (a page's range, kept as prices.json's\n"
        "                            range_usd) and new_supply_ended (the part is sold used only after it): they join the\n"
        "                            parts' price paths the market buys from\n"
        "  import part FILE          buyable parts, CSV with hardware.json's fields (name, kind, family, released,\n"
        "                            launch_price_usd, memory_gb, bandwidth_gbps, prefill_tops, prefill_tops_kind,\n"
        "                            arch_family, source; optional full_name, vendor, fp16_tflops, fp16_tflops_kind,\n"
        "                            new_supply_ended, prefill_tops_source, notes and the figures' *_note columns)\n"
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
}

// What the command line asks for, checked before any file is read.
struct ImportArgs {
    QString kind; // llama-bench, index, model, prices or part
    QString format;
    bool dryRun = false;
    std::string file;
    std::string today;
    ff::LlamaBenchOptions bench; // llama-bench only
};

ImportArgs importArgs(QCommandLineParser &p, const QStringList &arguments)
{
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
    ImportArgs a;
    a.kind = pos.at(1);
    a.format = p.value(QStringLiteral("format"));
    if (a.format != QLatin1String("text") && a.format != QLatin1String("json"))
        throw UsageError("--format: expected text or json");
    a.dryRun = p.isSet(QStringLiteral("dry-run"));
    a.file = localFileName(pos.at(2));
    if (const QByteArray env = qgetenv("FF_TODAY"); !env.isEmpty() && !ff::normalizeDay(env.toStdString()))
        throw UsageError("FF_TODAY: expected YYYY-MM-DD or YYYY-MM, got \"" + ff::printable(env.toStdString()) + "\"");
    if (p.isSet(QStringLiteral("today")) && !ff::setToday(p.value(QStringLiteral("today")).toStdString()))
        throw UsageError("--today: expected YYYY-MM-DD, got \"" + p.value(QStringLiteral("today")).toStdString() + "\"");
    a.today = ff::today();
    if (a.kind == QLatin1String("llama-bench")) {
        ff::LlamaBenchOptions &o = a.bench;
        o.today = a.today;
        o.hardware = p.value(QStringLiteral("hardware")).toStdString();
        o.model = p.value(QStringLiteral("model")).toStdString();
        // A new device within what the layer's reader accepts (hardware.json's ranges): a usage error now, not a refusal later.
        const auto &bandwidth = ff::schema::field(ff::hardwarePartSchema(), "bandwidth_gbps");
        const auto &memory = ff::schema::field(ff::hardwarePartSchema(), "memory_gb");
        if (p.isSet(QStringLiteral("bandwidth")))
            o.bandwidthGbps = numberOption(p, QStringLiteral("bandwidth"), bandwidth.lo, bandwidth.hi);
        if (p.isSet(QStringLiteral("memory")))
            o.memoryGb = numberOption(p, QStringLiteral("memory"), memory.lo, memory.hi);
        if (p.isSet(QStringLiteral("memory")) != p.isSet(QStringLiteral("bandwidth")))
            throw UsageError("--bandwidth and --memory describe a new device together: give both");
        o.unified = p.isSet(QStringLiteral("unified"));
    }
    return a;
}

// The file's rows checked against the data they would join.
ff::ImportPreview previewOf(const QCommandLineParser &p, const ImportArgs &a, const ff::DataSet &d, const std::string &text)
{
    if (a.kind == QLatin1String("llama-bench"))
        return ff::previewLlamaBench(d, text, a.file, a.bench);
    if (a.kind == QLatin1String("model")) {
        ff::ModelImportOptions o;
        o.today = a.today;
        o.name = p.value(QStringLiteral("name")).toStdString();
        o.released = p.value(QStringLiteral("released")).toStdString();
        o.source = p.value(QStringLiteral("source")).toStdString();
        if (p.isSet(QStringLiteral("score")))
            o.score = numberOption(p, QStringLiteral("score"), 0, 1000);
        return ff::previewModelConfig(d, text, a.file, o);
    }
    if (a.kind == QLatin1String("prices"))
        return ff::previewPrices(d, text, a.file, a.today);
    if (a.kind == QLatin1String("part"))
        return ff::previewPart(d, text, a.file, a.today);
    return ff::previewIndex(d, text, a.file, a.today, p.isSet(QStringLiteral("update-dates")));
}

// A refused preview: printed, exit status 1.
int refused(const ImportArgs &a, const ff::ImportPreview &pv)
{
    writeOut(a.format == QLatin1String("json") ? ff::previewJson(pv, nullptr, a.dryRun).dump(2) + "\n" : ff::previewText(pv, nullptr, a.dryRun));
    return 1;
}

} // namespace

int runImport(const QStringList &arguments)
{
    QCommandLineParser p;
    addImportOptions(p);
    const ImportArgs a = importArgs(p, arguments);
    const std::string shipped = shippedDirOf(p);
    const QString home = dataHomeOf(p);
    const std::string layerPath = ff::userLayerPath(home.toStdString());
    // One writer at a time: the lock is held from the read of the layer to the write of the next
    // one, so an import made meanwhile by another program (or the window) is never lost.
    ffui::UserLayerLock lock(home);
    if (!a.dryRun) {
        QString error;
        if (!lock.lock(&error))
            throw ff::DataError(layerPath, "", error.toStdString());
    }
    // The layer as it is now: an import on top of a broken layer is refused (the user fixes or removes it first).
    const ff::UserLayer layer = ff::loadUserLayer(home.toStdString());
    const ff::CalibrationCache cache = ffui::calibrationCache(home);
    const ff::LayeredData before = ff::layeredData(shipped, home.toStdString(), layer, &cache);
    const std::string text = ff::readFileCapped(a.file, ff::kMaxImportFileBytes);
    ff::ImportPreview pv = previewOf(p, a, before.engine->data(), text);
    if (!pv.valid())
        return refused(a, pv);
    const ff::UserLayer next = ff::withImport(layer, pv.import);
    ff::LayeredData after;
    try {
        // The layer as its reader will see it: a layer that could not be read back is refused here.
        ff::checkedUserLayerText(next, layerPath);
        after = ff::layeredData(shipped, home.toStdString(), next, a.dryRun ? nullptr : &cache);
    } catch (const ff::DataError &e) {
        pv.errors.push_back({0, e.field(), std::string("the data refuses the import: ") + e.what()});
        return refused(a, pv);
    }
    const ff::ImportImpact impact = ff::assessImport(*before.engine, *after.engine, next.imports.back().origin(), pv.rows);
    const bool json = a.format == QLatin1String("json");
    std::string out;
    if (json) {
        auto j = ff::previewJson(pv, &impact, a.dryRun);
        if (!a.dryRun)
            j["written"] = layerPath;
        out = j.dump(2) + "\n";
    } else {
        out = ff::previewText(pv, &impact, a.dryRun);
    }
    if (!a.dryRun) {
        QString error;
        if (!ffui::writeUserLayer(home, next, &error))
            throw ff::DataError(layerPath, "", error.toStdString());
        if (!json)
            out += "Written to " + layerPath + " as \"" + next.imports.back().origin() + "\" (the shipped data is unchanged).\n";
    }
    writeOut(out);
    return 0;
}

} // namespace ffapp

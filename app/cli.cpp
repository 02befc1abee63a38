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
#include "fits.h"
#include "forecast.h"
#include "forecastextras.h"
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

// "a, b, c" of names, for an unknown-name error.
template <class T, class F>
std::string nameList(const std::vector<T> &items, F name)
{
    std::string out;
    for (const auto &x : items) {
        const std::string n = name(x);
        if (!n.empty())
            out += (out.empty() ? "" : ", ") + n;
    }
    return out;
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
    ffui::ExtrasRequest request = monteCarloRequest(p);
    const std::shared_ptr<const ff::Engine> layered = layeredEngine(p);
    const ff::Engine &engine = *layered;
    const ff::DataSet &d = engine.data();
    const ff::Scenario s = scenarioFrom(p, d);
    checkAsOf(p, engine, s);
    const ff::Result r = engine.compute(s);
    // The same model calls as the window's worker and `export --report` (one place: ui/forecastextras).
    request.what = ffui::reportExtras(request.samples);
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
        {QStringLiteral("hardware"), QCoreApplication::translate("cli", "A part in hardware.json, e.g. \"RTX 4090\" (memory, bandwidth, FLOPS)."), QStringLiteral("NAME")},
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
    const ff::Engine engine(loadData(p)); // its parts carry the fitted prefill rates
    const ff::DataSet &d = engine.data();
    const ff::Params params = ff::resolveParams(d, ff::assumptionValues(d, ff::Scenario{}));
    const int gpus = static_cast<int>(integerOption(p, QStringLiteral("gpus"), 1, 16, 1.0));
    const ff::Calibration &cal = engine.calibration();

    // The box: a catalog part (as the market builds it), then explicit numbers on top.
    ff::BoxSpec box;
    const ff::HardwarePart *part = nullptr;
    if (p.isSet(QStringLiteral("hardware"))) {
        const std::string name = p.value(QStringLiteral("hardware")).toStdString();
        part = d.part(name);
        if (!part)
            throw UsageError("--hardware: unknown part \"" + name + "\"; valid names: " +
                             nameList(d.parts, [](const ff::HardwarePart &x) { return x.name; }));
        if (part->kind == ff::PartKind::Unified && gpus > 1)
            throw UsageError("--gpus: " + name + " is a unified-memory system (one per box)");
        box = ff::catalogBoxSpec(*part, gpus, params);
    } else {
        box.gpus = gpus;
    }
    if (!part || p.isSet(QStringLiteral("bandwidth")))
        box.bandwidthGbps = numberOption(p, QStringLiteral("bandwidth"), 1, 1e6);
    if (!part || p.isSet(QStringLiteral("memory")))
        box.vramGb = numberOption(p, QStringLiteral("memory"), 0.1, 1e6);
    // The compute figure prefill uses and the family rate applied to it.
    std::string prefillFamily, prefillFallback, prefillKind;
    double prefillShare = 0;
    if (part && part->prefillTops) {
        prefillFamily = part->archFamily;
        prefillKind = part->prefillTopsKind;
        prefillShare = cal.prefillEfficiency(part->archFamily, part->prefillTopsKind, &prefillFallback);
    }
    if (p.isSet(QStringLiteral("tflops")) || !part) {
        // An explicit peak: the pooled share of every fitted family.
        box.peakTflops = numberOption(p, QStringLiteral("tflops"), 0, 1e7, 0.0);
        box.tflops = box.peakTflops;
        prefillFamily.clear();
        prefillKind = "given";
        prefillShare = cal.computeEfficiency;
        prefillFallback = "every fitted family";
    }
    box.ramGb = numberOption(p, QStringLiteral("ram"), 0, 1e6, 0.0);
    box.ramBandwidthGbps = numberOption(p, QStringLiteral("ram-bandwidth"), 0.1, 1e6, 80.0);

    // The model: a catalog model, then explicit numbers on top.
    ff::ModelShape m;
    const ff::OpenModel *model = nullptr;
    if (p.isSet(QStringLiteral("model"))) {
        const std::string name = p.value(QStringLiteral("model")).toStdString();
        model = d.openModel(name);
        if (!model || model->paramsTotalB <= 0)
            throw UsageError("--model: unknown model \"" + name + "\"; valid names: " +
                             nameList(d.openModels, [](const ff::OpenModel &x) { return x.paramsTotalB > 0 ? x.name : std::string(); }));
        m.paramsTotalB = model->paramsTotalB;
        m.paramsActiveB = model->paramsActiveB > 0 ? model->paramsActiveB : model->paramsTotalB;
    }
    if (!model || p.isSet(QStringLiteral("params-total")))
        m.paramsTotalB = numberOption(p, QStringLiteral("params-total"), 0.001, 1e6);
    if (!model || p.isSet(QStringLiteral("params-active")))
        m.paramsActiveB = numberOption(p, QStringLiteral("params-active"), 0.001, 1e6, model ? std::min(m.paramsActiveB, m.paramsTotalB) : m.paramsTotalB);
    if (m.paramsActiveB > m.paramsTotalB)
        throw UsageError("--params-active must not exceed --params-total");
    std::string quantName;
    if (p.isSet(QStringLiteral("bits"))) {
        m.bitsPerWeight = numberOption(p, QStringLiteral("bits"), 1, 32);
    } else if (p.isSet(QStringLiteral("quant"))) {
        quantName = p.value(QStringLiteral("quant")).toStdString();
        if (quantName == "native") {
            if (!model || !model->nativeBitsPerWeight)
                throw UsageError("--quant native: needs a --model released quantized (e.g. gpt-oss-120b)");
            m.bitsPerWeight = *model->nativeBitsPerWeight;
            quantName = model->nativeFormat;
        } else {
            const ff::QuantLevel *level = nullptr;
            for (const auto &q : d.quantLevels)
                if (q.name == quantName)
                    level = &q;
            if (level)
                m.bitsPerWeight = level->bitsPerWeight;
            else
                throw UsageError("--quant: unknown level \"" + quantName + "\"; valid: native, " +
                                 nameList(d.quantLevels, [](const ff::QuantLevel &q) { return q.name; }));
        }
    } else if (model && model->nativeBitsPerWeight) {
        m.bitsPerWeight = *model->nativeBitsPerWeight; // released quantized: its own precision
        quantName = model->nativeFormat;
    } else {
        m.bitsPerWeight = numberOption(p, QStringLiteral("bits"), 1, 32); // required: names --bits in the error
    }
    const double context = numberOption(p, QStringLiteral("context"), 0, 1e8);
    const auto ctx = engine.context(engine.defaultAsOf());
    const double dEff = ff::deff(m.paramsActiveB, m.paramsTotalB, ctx->law.alpha);
    m.kvBytesPerToken = p.isSet(QStringLiteral("kv-bytes-per-token"))
                            ? numberOption(p, QStringLiteral("kv-bytes-per-token"), 0, 1e9)
                        : model && model->kvBytesPerToken ? *model->kvBytesPerToken
                                                          : ctx->kv.bytesPerToken(dEff);
    // The engine's own efficiencies (the scenario defaults): estimate and the solver are one model.
    const ff::Efficiency eff = ff::calibratedEfficiency(engine.calibration(), params);
    const ff::Estimate e = ff::estimate(box, m, context, eff);
    if (format == QLatin1String("json")) {
        nlohmann::ordered_json j;
        j["fits"] = e.fits;
        if (!e.fits)
            j["why"] = e.why;
        j["memory_gb"] = e.memoryGb;
        j["weights_gb"] = e.weightsGb;
        j["kv_gb"] = e.kvGb;
        j["offload_gb"] = e.offloadGb;
        j["kv_bytes_per_token"] = m.kvBytesPerToken;
        j["decode_tokens_per_s"] = e.fits ? nlohmann::ordered_json(e.decodeTokensPerS) : nlohmann::ordered_json(nullptr);
        j["decode_bound_tokens_per_s"] = e.fits ? nlohmann::ordered_json(e.decodeBoundTokensPerS) : nlohmann::ordered_json(nullptr);
        j["prefill_tokens_per_s"] = e.fits && box.tflops > 0 ? nlohmann::ordered_json(e.prefillTokensPerS) : nlohmann::ordered_json(nullptr);
        j["prefill_bound_tokens_per_s"] = e.fits && box.tflops > 0 ? nlohmann::ordered_json(e.prefillBoundTokensPerS) : nlohmann::ordered_json(nullptr);
        j["bandwidth_efficiency"] = eff.bandwidth;
        j["compute_efficiency"] = eff.compute;
        j["ttft_s"] = e.fits && box.tflops > 0 && context > 0 ? nlohmann::ordered_json(e.ttftSeconds) : nlohmann::ordered_json(nullptr);
        j["ttft_prompt_tokens"] = context;
        j["ttft_attention_share"] = e.fits && box.tflops > 0 && context > 0 ? nlohmann::ordered_json(e.ttftAttentionShare)
                                                                            : nlohmann::ordered_json(nullptr);
        j["prefill_figure_tops"] = box.peakTflops > 0 ? nlohmann::ordered_json(box.peakTflops) : nlohmann::ordered_json(nullptr);
        j["prefill_figure_kind"] = prefillKind.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(prefillKind);
        j["prefill_family"] = prefillFamily.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(prefillFamily);
        j["prefill_family_share"] = prefillShare > 0 ? nlohmann::ordered_json(prefillShare) : nlohmann::ordered_json(nullptr);
        j["prefill_fallback"] = prefillFallback.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(prefillFallback);
        j["attention_efficiency"] = eff.attentionEfficiency;
        j["attention_width"] = ff::attentionWidth(m, eff);
        j["calibrated"] = true; // the engine requires data/calibration.json
        j["kv_efficiency"] = eff.kvFraction();
        j["fixed_seconds_per_token"] = eff.fixedSeconds(box);
        j["hardware"] = part ? nlohmann::ordered_json(part->name) : nlohmann::ordered_json(nullptr);
        j["gpus"] = box.gpus;
        j["unified"] = box.unified;
        j["bandwidth_gbps"] = box.bandwidthGbps;
        j["memory_capacity_gb"] = box.vramGb;
        j["model"] = model ? nlohmann::ordered_json(model->name) : nlohmann::ordered_json(nullptr);
        j["params_total_b"] = m.paramsTotalB;
        j["params_active_b"] = m.paramsActiveB;
        j["bits_per_weight"] = m.bitsPerWeight;
        writeOut(j.dump(2) + "\n");
        return 0;
    }
    std::string out;
    if (part || model)
        out += (model ? model->name : ff::fmtFixed(m.paramsTotalB, 1) + "B") + (quantName.empty() ? "" : " " + quantName) + " (" +
               ff::fmtFixed(m.bitsPerWeight, 2) + " bits) on " + (box.gpus > 1 ? std::to_string(box.gpus) + "x " : "") +
               (part ? part->name : std::string("the given box")) + " (" + ff::fmtFixed(box.vramGb, 0) + " GB, " +
               ff::fmtFixed(box.bandwidthGbps, 0) + " GB/s" + (box.gpus > 1 ? " per card, layer split" : "") + ")\n";
    out += std::string("Fits: ") + (e.fits ? std::string("yes") : "no (" + std::string(e.why) + ")") + "\n";
    out += "Memory needed: " + ff::fmtFixed(e.memoryGb, 1) + " GB (weights " + ff::fmtFixed(e.weightsGb, 1) + ", KV " +
           ff::fmtFixed(e.kvGb, 1) + ", overhead " + ff::fmtFixed(eff.overheadGb, 1) + ")\n";
    if (e.fits) {
        if (e.offloadGb > 0)
            out += "Offloaded to RAM: " + ff::fmtFixed(e.offloadGb, 1) + " GB\n";
        out += "Decode: " + ff::fmtFixed(e.decodeTokensPerS, 1) + " tokens/s (roofline " + ff::fmtFixed(e.decodeBoundTokensPerS, 1) +
               " at peak bandwidth; " +
               "calibrated: weights at x" + ff::fmtFixed(eff.bandwidth, 2) + ", KV at x" + ff::fmtFixed(eff.kvFraction(), 2) +
               " of peak, +" + ff::fmtFixed(1000 * eff.fixedSeconds(box), 2) + " ms per token)" +
               "\n";
        if (box.tflops > 0) {
            out += "Prefill: " + ff::fmtFixed(e.prefillTokensPerS, 0) + " tokens/s on a 512-token prompt (roofline " +
                   ff::fmtFixed(e.prefillBoundTokensPerS, 0) + " at the peak " + ff::fmtFixed(box.peakTflops, 1) + " T" +
                   (prefillKind == "given" ? std::string(" given by --tflops") : " (" + prefillKind + ")") + "; " +
                   (prefillFamily.empty() ? std::string() : prefillFamily + " ") + "rate x" + ff::fmtFixed(prefillShare, 3) +
                   " of it" + (prefillFallback.empty() ? std::string(", fitted") : ", fallback: " + prefillFallback + ", family not measured") +
                   "; attention FLOPs at x" + ff::fmtFixed(eff.attentionEfficiency, 2) + " of that rate)\n";
            if (context > 0)
                out += "Time to first token, " + ff::fmtFixed(context, 0) + "-token prompt: " + ff::fmtFixed(e.ttftSeconds, 1) + " s (" +
                       ff::fmtFixed(100 * e.ttftAttentionShare, 0) + "% of its FLOPs in attention)\n";
        } else {
            out += "Prefill: unknown (" + std::string(part && !part->prefillTops ? "no sourced compute figure for " + part->name + "; " : "") +
                   "pass --tflops)\n";
        }
    }
    writeOut(out);
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

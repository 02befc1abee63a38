// `frontier-forecast estimate`: the calibrated roofline for one model on one box.
#include <QCommandLineParser>
#include <QCoreApplication>

#include <optional>

#include "commands.h"
#include "report/estimate.h"
#include "solver/forecast.h"
#include "options.h"
#include "physics/roofline.h"

namespace ffapp {

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

} // namespace ffapp

// The command line end to end: JSON contracts, error messages and exit codes.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>

#include "physics/calibration.h"
#include "uncertainty/claims.h"
#include "solver/forecast.h"
#include "files/loaddata.h"

namespace {
struct Run {
    int code = -1;
    QByteArray out, err;
};
Run app(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(FF_APP_PATH), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void reportJson()
    {
        const Run r = app({"report", "--format", "json", "--samples", "300", "--seed", "5"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        const QJsonObject task = j["parity"].toObject()["task_level"].toObject();
        const QJsonObject full = j["parity"].toObject()["full_product"].toObject();
        QVERIFY(task["year"].isDouble() || task["year"].isNull());
        QVERIFY(full["year"].isDouble() || full["year"].isNull());
        QVERIFY(task["bottleneck"].isString());
        QVERIFY(full["bottleneck"].isString());
        QVERIFY(task.contains("p10") && task.contains("p50") && task.contains("p90"));
        QVERIFY(j["reverse"].toObject()["lag_years"].isDouble());
        QVERIFY(j["scenarios"].toArray().first().toObject()["year"].isDouble());
        QVERIFY(j["budgets"].toArray().first().toObject()["budget_usd"].isDouble());
        const QJsonArray sens = j["sensitivity"].toArray();
        QVERIFY(!sens.isEmpty());
        QVERIFY(sens.first().toObject().contains("low_year") && sens.first().toObject().contains("high_year"));
        // The same seed gives the same output.
        QCOMPARE(app({"report", "--format", "json", "--samples", "300", "--seed", "5"}).out, r.out);
        // A range only from enough samples after as-of, flagged otherwise with no quantile quoted (as the
        // text report says n/a). The default's full product has a range at 300 samples, and not at 10.
        const auto rangeAgrees = [](const QJsonObject &d) {
            const bool few = d["future_samples"].toInt() < d["min_future_samples_for_range"].toInt();
            return d["too_few_for_range"].toBool() == few && d["samples"].toInt() >= d["future_samples"].toInt() &&
                   (few ? d["p10"].isNull() && d["p50"].isNull() && d["p90"].isNull()
                        : d["p10"].toDouble() <= d["p50"].toDouble() && d["p50"].toDouble() <= d["p90"].toDouble());
        };
        QVERIFY(rangeAgrees(task) && rangeAgrees(full));
        QVERIFY(!full["too_few_for_range"].toBool());
        const QJsonObject few = QJsonDocument::fromJson(app({"report", "--format", "json", "--samples", "10", "--seed", "5"}).out)
                                    .object()["parity"].toObject()["full_product"].toObject();
        QCOMPARE(few["samples"].toInt(), 10);
        QVERIFY(few["too_few_for_range"].toBool());
        QVERIFY(rangeAgrees(few));
    }

    // A scenario saved by an earlier version migrates with a note on every path that reads one:
    // --scenario and --compare alike (a note on the first only would leave the second silent).
    void oldScenarioFilesMigrateOnEveryPath()
    {
        QTemporaryDir dir;
        const QString old = dir.filePath(QStringLiteral("old.json"));
        QFile f(old);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "frontier-forecast-scenario", "version": 1, "name": "2025",
                    "values": {"street_price_halflife_years": 8, "budget_usd": 6000}})");
        f.close();
        const QByteArray note = "values.street_price_halflife_years: renamed";
        for (const QString &option : {QStringLiteral("--scenario"), QStringLiteral("--compare")}) {
            const Run r = app({"report", "--samples", "0", option, old});
            QVERIFY2(r.code == 0, r.err.constData());
            QVERIFY2(r.err.contains("warning: " + old.toUtf8() + ": " + note), qPrintable(option + ": " + r.err));
        }
    }

    void reportTextAndMarkdown()
    {
        const Run t = app({"report", "--samples", "0"});
        QCOMPARE(t.code, 0);
        QVERIFY(t.out.contains("Task-level parity"));
        const Run m = app({"report", "--samples", "0", "--format", "markdown"});
        QCOMPARE(m.code, 0);
        QVERIFY(m.out.startsWith("# "));
        QVERIFY(m.out.contains("|---|"));
    }

    void setMovesTheAnswer()
    {
        const auto year = [](const QStringList &sets) {
            QStringList args{"report", "--format", "json", "--samples", "0", "--set", "target_model=Claude Sonnet 4.6"};
            for (const auto &s : sets)
                args << "--set" << s;
            const Run r = app(args);
            return QJsonDocument::fromJson(r.out).object()["parity"].toObject()["task_level"].toObject()["year"].toDouble();
        };
        // Ten times the money buys more bandwidth and memory in every month: a projected answer
        // (Sonnet 4.6 is not observed at either budget) must come strictly earlier.
        QVERIFY(year({"budget_usd=20000"}) < year({"budget_usd=2000"}));
        QVERIFY(year({"density_doubling_years=0.5"}) < year({"density_doubling_years=3"}));
    }

    // Issue 25: today's month is a valid as-of and the default; a later month is refused; --today
    // moves the clock; the report states the as-of, the evidence end and the scored models by size.
    void asOfUpToToday()
    {
        const Run r = app({"report", "--format", "json", "--samples", "0", "--as-of", "2026-12"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["as_of"].toString(), QStringLiteral("2026-12"));
        const QJsonObject ev = j["evidence"].toObject();
        QCOMPARE(ev["as_of"].toString(), QStringLiteral("2026-12"));
        QVERIFY(ev["evidence_end"].toString() >= QStringLiteral("2026-06")); // the June 2026 prices are read
        QVERIFY(ev["evidence_end"].toString() <= QStringLiteral("2026-12"));
        QCOMPARE(ev["newest_price"].toObject()["date"].toString(), ev["evidence_end"].toString());
        int scored = 0;
        for (const auto &b : ev["scored_open_models_by_size"].toArray())
            scored += b.toObject()["scored_open_models"].toInt();
        QVERIFY(scored >= 40);
        QVERIFY(ev["previews_left_out"].toArray().first().toString().startsWith(QStringLiteral("Claude Mythos")));
        // The default as-of is today's month (the tests pin FF_TODAY=2026-12-05).
        const Run d = app({"report", "--format", "json", "--samples", "0"});
        QCOMPARE(QJsonDocument::fromJson(d.out).object()["as_of"].toString(), QStringLiteral("2026-12"));
        // A month after today is refused, naming today's month.
        const Run late = app({"report", "--samples", "0", "--as-of", "2027-01"});
        QCOMPARE(late.code, 2);
        QVERIFY2(late.err.contains("2026-12") && late.err.contains("today"), late.err.constData());
        // --today moves the clock: 2027-01 becomes today's month, and the text says so.
        const Run moved = app({"report", "--samples", "0", "--today", "2027-01-10", "--as-of", "2027-01"});
        QVERIFY2(moved.code == 0, moved.err.constData());
        QVERIFY2(moved.out.contains("As of 2027-01") && moved.out.contains("evidence ends"), moved.out.left(400).constData());
        const Run bad = app({"report", "--samples", "0", "--today", "soon"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--today"), bad.err.constData());
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expect");
        QTest::newRow("unknown assumption") << QStringList{"report", "--set", "warp=1"} << 2 << "valid names";
        QTest::newRow("out of range") << QStringList{"report", "--set", "budget_usd=1"} << 2 << "allowed range";
        QTest::newRow("bad format") << QStringList{"report", "--format", "xml"} << 2 << "--format";
        QTest::newRow("bad as-of") << QStringList{"report", "--as-of", "2025-14"} << 2 << "YYYY-MM";
        QTest::newRow("missing scenario") << QStringList{"report", "--scenario", "/nonexistent/s.json"} << 1 << "/nonexistent/s.json";
        QTest::newRow("missing --bits") << QStringList{"estimate", "--bandwidth", "1000", "--memory", "24", "--params-total", "8"} << 2 << "--bits";
        QTest::newRow("negative bandwidth") << QStringList{"estimate", "--bandwidth", "-1", "--memory", "24", "--params-total", "8", "--bits", "4"} << 2 << "--bandwidth";
        QTest::newRow("active above total") << QStringList{"estimate", "--bandwidth", "1000", "--memory", "24", "--params-total", "8", "--params-active", "9", "--bits", "4"} << 2 << "params-active";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command";
        QTest::newRow("unknown hardware") << QStringList{"estimate", "--hardware", "RTX 9999", "--model", "gpt-oss-120b"} << 2 << "RTX 4090";
        QTest::newRow("unknown model") << QStringList{"estimate", "--hardware", "RTX 4090", "--model", "GPT-7"} << 2 << "gpt-oss-120b";
        QTest::newRow("unknown quant") << QStringList{"estimate", "--hardware", "RTX 4090", "--model", "Llama 3 8B", "--quant", "Q9"} << 2 << "Q4_K_M";
        QTest::newRow("bad data dir") << QStringList{"report", "--data", "/nonexistent"} << 1 << "data";
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, expect);
        const Run r = app(args);
        QCOMPARE(r.code, code);
        QVERIFY2(QString::fromUtf8(r.err).contains(expect), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void corruptDataFileNamed()
    {
        QTemporaryDir dir;
        for (const char *f : {"hardware.json", "models.json", "quantization.json", "measurements.json", "trends.json", "assumptions.json", "prices.json"})
            QVERIFY(QFile::copy(QStringLiteral(FF_SOURCE_DATA_DIR "/") + f, dir.path() + "/" + f));
        QFile h(dir.path() + "/models.json");
        QVERIFY(h.open(QIODevice::WriteOnly | QIODevice::Truncate));
        h.write("{ \"open_models\": [ ");
        h.close();
        const Run r = app({"report", "--data", dir.path()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("models.json") && r.err.contains("not valid JSON"), r.err.constData());
    }

    void assumptionsJson()
    {
        const Run r = app({"assumptions", "--format", "json"});
        QCOMPARE(r.code, 0);
        const QJsonArray a = QJsonDocument::fromJson(r.out).array();
        QVERIFY(a.size() >= 20);
        for (const auto &v : a) {
            const QJsonObject o = v.toObject();
            for (const char *k : {"name", "value", "low", "high", "unit", "source"})
                QVERIFY2(o.contains(k), k);
            QVERIFY(o["low"].toDouble() <= o["value"].toDouble() && o["value"].toDouble() <= o["high"].toDouble());
        }
    }

    // estimate gives the time to first token of a prompt of the whole context, grows faster than
    // linearly with it, and names the compute figure and family rate it used.
    void estimateTimeToFirstToken()
    {
        const auto ttft = [](const char *ctx) {
            const Run r = app({"estimate", "--hardware", "RTX 5090", "--model", "gpt-oss-20b", "--context", ctx, "--format", "json"});
            const QJsonObject j = QJsonDocument::fromJson(r.out).object();
            return j;
        };
        const QJsonObject a = ttft("50000"), b = ttft("100000");
        QVERIFY(b["ttft_s"].isDouble() && a["ttft_s"].isDouble());
        QVERIFY(b["ttft_s"].toDouble() > 2.0 * a["ttft_s"].toDouble());
        QCOMPARE(b["prefill_figure_kind"].toString(), QStringLiteral("tensor-int8"));
        QCOMPARE(b["prefill_family"].toString(), QStringLiteral("Blackwell"));
        QVERIFY(b["prefill_family_share"].toDouble() > 0);
        QVERIFY(b["prefill_fallback"].isNull()); // Blackwell is measured (RTX 5070-5090 llama-bench rows): fitted
        // gpt-oss-20b is an MoE model: it prefills at the fitted MoE share of the dense rate.
        QVERIFY(b["prefill_moe_share"].toDouble() > 0 && b["prefill_moe_share"].toDouble() < 1);
        // RDNA4 has no fitted prompt rows (the RX 9070 XT rows are Vulkan, the R9700 has no figure):
        // its fallback is named, the matrix-int8 families'.
        const QJsonObject rdna4 = QJsonDocument::fromJson(app({"estimate", "--hardware", "RX 9070 XT", "--model", "gpt-oss-20b",
                                                                 "--format", "json"}).out).object();
        QCOMPARE(rdna4["prefill_family"].toString(), QStringLiteral("RDNA4"));
        QVERIFY2(rdna4["prefill_fallback"].toString().contains(QStringLiteral("matrix-int8")),
                 qPrintable(rdna4["prefill_fallback"].toString()));
        QVERIFY(b["prefill_tokens_per_s"].toDouble() <= b["prefill_bound_tokens_per_s"].toDouble());
        // The RTX 5090 prefills faster than the RTX 4090 (its tensor figure, not the non-tensor one).
        const Run r4090 = app({"estimate", "--hardware", "RTX 4090", "--model", "gpt-oss-20b", "--format", "json"});
        QVERIFY(b["prefill_tokens_per_s"].toDouble() > QJsonDocument::fromJson(r4090.out).object()["prefill_tokens_per_s"].toDouble());
        // The solver agrees: the largest model the engine's roofline lets this box prefill 100k tokens
        // in that time (its attention counted at that model's width) is this model.
        const ff::Engine engine(ff::loadDataSet(FF_SOURCE_DATA_DIR));
        const ff::DataSet &d = engine.data();
        const ff::Params p = ff::resolveParams(d, ff::assumptionValues(d, ff::Scenario{}));
        ff::Efficiency eff = ff::calibratedEfficiency(engine.calibration(), p);
        const ff::ModelShape m{b["params_total_b"].toDouble(), b["params_active_b"].toDouble(), b["bits_per_weight"].toDouble(), 0};
        eff.attentionWidth = ff::attentionWidth(m, eff);
        const ff::BoxSpec box = ff::catalogBoxSpec(*d.part("RTX 5090"), 1, p);
        const ff::ShapeLimit s = ff::maxShape(box, m.bitsPerWeight, 0, 0, 1e-3, m.paramsTotalB / m.paramsActiveB, 0.5, eff, 100000,
                                              b["ttft_s"].toDouble());
        QVERIFY2(std::fabs(s.paramsActiveB - m.paramsActiveB) < 1e-6 * m.paramsActiveB, qPrintable(QString::number(s.paramsActiveB)));
        QCOMPARE(s.binding, ff::Binding::Compute);
        const Run text = app({"estimate", "--hardware", "RTX 5090", "--model", "gpt-oss-20b", "--context", "100000"});
        QVERIFY(text.out.contains("tensor-int8"));
        QVERIFY(text.out.contains("Time to first token"));
    }

    void estimateJson()
    {
        // 8B dense at 4.85 bits: 4.85 GB per token; roofline 1008 / 4.85 = 207.8 tok/s.
        const Run r = app({"estimate", "--bandwidth", "1008", "--memory", "24", "--tflops", "165", "--params-total", "8",
                           "--bits", "4.85", "--context", "0", "--format", "json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QVERIFY(j["fits"].toBool());
        QVERIFY(std::fabs(j["decode_bound_tokens_per_s"].toDouble() - 1008 / 4.85) < 0.01);
        // Calibrated: 4.85 GB at the achieved share of 1008 GB/s plus the fixed time per token and the
        // decode arithmetic (the gpu kind's share of the prefill rate; a dense model: no MoE cost).
        QVERIFY(j["decode_compute_s_per_token"].toDouble() > 0);
        QCOMPARE(j["decode_moe_s_per_token"].toDouble(), 0.0);
        QCOMPARE(j["kind"].toString(), QStringLiteral("gpu"));
        QVERIFY(std::fabs(j["decode_tokens_per_s"].toDouble() -
                          1.0 / (4.85 / (j["bandwidth_efficiency"].toDouble() * 1008) + j["fixed_seconds_per_token"].toDouble() +
                                 j["decode_compute_s_per_token"].toDouble())) < 0.01);
        QVERIFY(j["decode_tokens_per_s"].toDouble() <= j["decode_bound_tokens_per_s"].toDouble());
        QVERIFY(std::fabs(j["memory_gb"].toDouble() - (4.85 + 1.5)) < 0.01);
        QVERIFY(j["prefill_tokens_per_s"].toDouble() > 0);
        // 120B dense does not fit in 24 GB without RAM.
        const Run big = app({"estimate", "--bandwidth", "1008", "--memory", "24", "--params-total", "120", "--bits", "4",
                             "--format", "json"});
        QCOMPARE(big.code, 0);
        QVERIFY(!QJsonDocument::fromJson(big.out).object()["fits"].toBool());
    }

    void estimateFromCatalog()
    {
        // gpt-oss-120b (116.8B total, 5.1B active, native MXFP4 4.34 bits) does not fit one 24 GB card,
        // fits a DGX Spark; two 4090s split layers: one card's bandwidth, twice the memory.
        const auto est = [](const QStringList &extra) {
            const Run r = app(QStringList{"estimate", "--format", "json"} + extra);
            return QJsonDocument::fromJson(r.out).object();
        };
        QVERIFY(!est({"--hardware", "RTX 4090", "--model", "gpt-oss-120b"})["fits"].toBool());
        const QJsonObject spark = est({"--hardware", "DGX Spark", "--model", "gpt-oss-120b", "--context", "4096"});
        QVERIFY(spark["fits"].toBool());
        QVERIFY(spark["unified"].toBool());
        QVERIFY(std::fabs(spark["bits_per_weight"].toDouble() - 4.34) < 1e-9);
        // Measured 55.7-56.9 tok/s at depth 4096 (llama.cpp benches); the calibrated model within 25 %.
        QVERIFY2(std::fabs(spark["decode_tokens_per_s"].toDouble() / 56.3 - 1) < 0.25, qPrintable(QString::number(spark["decode_tokens_per_s"].toDouble())));
        const QJsonObject one = est({"--hardware", "RTX 4090", "--model", "Llama 3 70B", "--quant", "Q4_K_M"});
        const QJsonObject two = est({"--hardware", "RTX 4090", "--gpus", "2", "--model", "Llama 3 70B", "--quant", "Q4_K_M"});
        QVERIFY(!one["fits"].toBool());
        QVERIFY(two["fits"].toBool());
        QCOMPARE(two["memory_capacity_gb"].toDouble(), 48.0);
        QCOMPARE(two["bandwidth_gbps"].toDouble(), 1008.0);
        // Measured 19.2 tok/s (XiongjieDai, 2x 4090, tg512): within 15 %.
        QVERIFY2(std::fabs(two["decode_tokens_per_s"].toDouble() / 19.2 - 1) < 0.15, qPrintable(QString::number(two["decode_tokens_per_s"].toDouble())));
        // Explicit numbers override the catalog.
        const QJsonObject over = est({"--hardware", "RTX 4090", "--bandwidth", "2016", "--model", "Llama 3 8B", "--bits", "16"});
        QCOMPARE(over["bandwidth_gbps"].toDouble(), 2016.0);
        QCOMPARE(over["bits_per_weight"].toDouble(), 16.0);
    }

    void reportHasBacktestAndClaims()
    {
        const Run r = app({"report", "--format", "json", "--samples", "0"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        const QJsonArray bt = j["backtest"].toArray();
        QVERIFY(bt.size() >= 8);
        for (const auto &v : bt)
            for (const char *k : {"as_of", "target", "kind", "p10", "p50", "p90", "actual", "actual_kind", "budget_usd", "crps_years",
                                  "baselines", "n_models", "n_measurements", "frozen"})
                QVERIFY2(v.toObject().contains(k), k);
        const QJsonObject sum = j["backtest_summary"].toObject();
        for (const char *k : {"mae_years", "coverage_p10_p90", "n", "resolved", "not_yet", "distinct_events", "crps_years", "baselines"})
            QVERIFY2(sum.contains(k), k);
        QCOMPARE(sum["n"].toInt(), bt.size());
        QVERIFY(sum["distinct_events"].toInt() >= 1 && sum["distinct_events"].toInt() <= sum["resolved"].toInt());
        const QJsonArray baselines = sum["baselines"].toArray();
        QCOMPARE(baselines.size(), 2);
        for (const auto &v : baselines)
            for (const char *k : {"name", "n", "mae_years", "crps_years", "model_crps_years"})
                QVERIFY2(v.toObject().contains(k), k);
        const QJsonArray cl = j["claims"].toArray();
        QVERIFY(cl.size() >= 8);
        for (const auto &v : cl)
            for (const char *k : {"claim", "claimed_low", "claimed_high", "computed", "unit", "verdict", "margin"})
                QVERIFY2(v.toObject().contains(k), k);
        QVERIFY(j["calibration"].toObject()["n"].toInt() > 300);
    }

    void helpAndVersion()
    {
        const Run v = app({"--version"});
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.contains("frontier-forecast"));
        const Run h = app({"report", "--help"});
        QCOMPARE(h.code, 0);
        QVERIFY(h.out.contains("--set"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

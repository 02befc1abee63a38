// This machine (issue 17, issue 31's fit levels): the detection tools' text parsed (nvidia-smi, lspci,
// /sys/class/drm, /proc/meminfo; io/machinedetect.cpp runs them), a box described in words, the
// analysis on the scenario, and report --box on the command line (with import's dry run and refusals).
// Qt Core only: it runs in the headless build too. (Split from tst_import.)
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

#include "data/assumptions.h"
#include "data/dataset.h"
#include "solver/forecast.h"
#include "importfixture.h"
#include "files/machine.h"
#include "core/timeutil.h"
#include "files/userdata.h"
#include "files/loaddata.h"

using namespace ff;

class TestMachine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void machineParsers();
    void machineDescriptions();
    void machineAnalysis();
    void cliImportAndReportBox();

private:
    std::unique_ptr<DataSet> mShipped;
};

void TestMachine::initTestCase()
{
    mShipped = std::make_unique<DataSet>(loadDataSet(kData));
}

void TestMachine::machineParsers()
{
    const auto smi = parseNvidiaSmiCsv("name, memory.total [MiB]\nNVIDIA GeForce RTX 4090, 24564 MiB\nNVIDIA GeForce RTX 4090, 24564 MiB\n");
    QCOMPARE(smi.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(smi[0].name), QStringLiteral("NVIDIA GeForce RTX 4090"));
    QVERIFY(std::fabs(smi[0].memoryGb - 24564 * 1.048576 / 1000) < 1e-9);
    QCOMPARE(parseNvidiaSmiCsv("NVIDIA GeForce RTX 3060, 12288\n").at(0).memoryGb, 12288 * 1.048576 / 1000);
    const auto pci = parseLspci("00:02.0 Host bridge: Intel Corporation Device 4c8a\n"
                                "01:00.0 VGA compatible controller: NVIDIA Corporation AD102 [GeForce RTX 4090] (rev a1)\n"
                                "03:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Navi 31 [Radeon RX 7900 XT/7900 XTX] (rev c8)\n");
    QCOMPARE(pci.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(pci[0].name), QStringLiteral("GeForce RTX 4090"));
    QCOMPARE(QString::fromStdString(pci[1].name), QStringLiteral("Radeon RX 7900 XT/7900 XTX"));
    const auto drm = parseDrmDevice("0x1002\n", "25753026560\n");
    QVERIFY(drm && drm->name == "AMD GPU");
    QVERIFY(std::fabs(drm->memoryGb - 25.75302656) < 1e-9);
    QVERIFY(!parseDrmDevice("0x1af4\n", ""));
    const auto mem = parseMeminfoGb("MemTotal:       65842148 kB\nMemFree:         1234 kB\n");
    QVERIFY(mem && std::fabs(*mem - 65842148.0 * 1024 / 1e9) < 1e-9);
    QVERIFY(!parseMeminfoGb("nothing here"));
    // Matched to the catalog: two identical cards, RAM from meminfo.
    const MachineSpec m = machineFromDetected(*mShipped, smi, mem);
    QCOMPARE(QString::fromStdString(m.part), QStringLiteral("RTX 4090"));
    QCOMPARE(m.gpus, 2);
    QVERIFY(m.ramGb && std::fabs(*m.ramGb - *mem) < 1e-9);
    QCOMPARE(QString::fromStdString(machineFromDetected(*mShipped, {pci[0]}, std::nullopt).part), QStringLiteral("RTX 4090"));
    // Memory breaks the tie between the variants lspci cannot tell apart.
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, machineFromDetected(*mShipped, {pci[1]}, std::nullopt));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, machineFromDetected(*mShipped, {}, std::nullopt));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, machineFromDetected(*mShipped, {*drm}, std::nullopt));
}

void TestMachine::machineDescriptions()
{
    const MachineSpec a = parseBoxDescription(*mShipped, "RTX 4090 + 64 GB");
    QCOMPARE(QString::fromStdString(a.part), QStringLiteral("RTX 4090"));
    QCOMPARE(a.gpus, 1);
    QCOMPARE(*a.ramGb, 64.0);
    QCOMPARE(QString::fromStdString(a.label), QStringLiteral("RTX 4090 + 64 GB"));
    const MachineSpec b = parseBoxDescription(*mShipped, "2x NVIDIA GeForce RTX 3090 + 128 GB RAM");
    QCOMPARE(QString::fromStdString(b.part), QStringLiteral("RTX 3090"));
    QCOMPARE(b.gpus, 2);
    QCOMPARE(*b.ramGb, 128.0);
    QVERIFY(!parseBoxDescription(*mShipped, "DGX Spark").ramGb);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseBoxDescription(*mShipped, "RTX 9999"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseBoxDescription(*mShipped, "RTX 4090 + lots"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseBoxDescription(*mShipped, "2x DGX Spark"));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseBoxDescription(*mShipped, ""));
    // Issue 31: an unknown part names at most three closest parts, not the whole catalog.
    try {
        parseBoxDescription(*mShipped, "RTX 4099");
        QFAIL("RTX 4099 was accepted");
    } catch (const std::invalid_argument &e) {
        const QString why = QString::fromUtf8(e.what());
        const qsizetype at = why.indexOf(QStringLiteral("closest: "));
        QVERIFY2(at >= 0, qPrintable(why));
        const QStringList names = why.mid(at + 9).split(QStringLiteral(", "));
        QVERIFY2(names.size() <= 3 && !names.isEmpty(), qPrintable(why));
        QVERIFY2(names.contains(QStringLiteral("RTX 4090")), qPrintable(why));
        QVERIFY2(!why.contains(QStringLiteral("Mac Studio")), qPrintable(why));
    }
}

void TestMachine::machineAnalysis()
{
    const Engine engine(loadDataSet(kData));
    const Scenario s;
    const Result r = engine.compute(s);
    const MachineReport m = analyseMachine(engine, s, parseBoxDescription(engine.data(), "RTX 4090 + 64 GB"));
    QVERIFY(m.atApiSpeed.found);
    // At API speed, under its roofline, within its memory.
    QVERIFY(m.atApiSpeed.decodeTokensPerS >= m.targetTokensPerS);
    QVERIFY(m.atApiSpeed.decodeTokensPerS <= m.atApiSpeed.decodeBoundTokensPerS);
    QVERIFY(m.atApiSpeed.memoryGb <= m.atApiSpeed.capacityGb);
    QVERIFY(m.largestFit.quality >= m.atApiSpeed.quality);
    QCOMPARE(m.gapPoints, m.targetQuality - m.atApiSpeed.quality);
    // What else runs on it: best first, the answer at API speed among them, none above its roofline.
    QVERIFY(!m.runs.empty());
    for (std::size_t i = 1; i < m.runs.size(); ++i)
        QVERIFY(m.runs[i - 1].quality >= m.runs[i].quality);
    QVERIFY(std::any_of(m.runs.begin(), m.runs.end(), [&](const MachineRun &x) { return x.model == m.atApiSpeed.model; }));
    for (const auto &x : m.runs)
        QVERIFY(x.decodeTokensPerS <= x.decodeBoundTokensPerS && x.memoryGb <= x.capacityGb);
    // The purchase is the forecast's own answer.
    QCOMPARE(QString::fromStdString(m.purchase.box), QString::fromStdString(r.task.box));
    QCOMPARE(m.purchase.year, r.task.year);
    // More RAM never makes it worse at any speed; a second card never makes it worse at API speed.
    const MachineReport big = analyseMachine(engine, s, parseBoxDescription(engine.data(), "2x RTX 4090 + 256 GB"));
    QVERIFY(big.largestFit.quality >= m.largestFit.quality);
    QVERIFY(big.runsDeffB >= m.runsDeffB * 0.999);
    // Past and future kept apart (issue 28's rule on This Machine): an RTX 5090 runs more than today's
    // required size, so by the law it has been due since a month before as-of, and says so, not "gets
    // there" at as-of; the month is the first one the law holds (the month before it does not).
    const MachineReport fast = analyseMachine(engine, s, parseBoxDescription(engine.data(), "RTX 5090 + 128 GB"));
    QVERIFY2(fast.runsDeffB > fast.needsDeffB, "premise: the RTX 5090 runs today's required size");
    QVERIFY(fast.reachesByLaw && fast.lawDue);
    QVERIFY(fast.lawYear < r.asOf);
    const Params p = resolveParams(engine.data(), assumptionValues(engine.data(), s));
    QVERIFY(engine.requiredDeff(*engine.context(r.asOf), p, fast.targetQuality, fast.lawYear - 1.0 / 12) > fast.runsDeffB);
    const std::string fastText = machineText(fast);
    QVERIFY2(fastText.find("due there since " + formatMonth(fast.lawYear)) != std::string::npos, fastText.c_str());
    // Issue 31: the fit level on a constructed case (100 GB of memory): 10% left or more runs,
    // under 10% is tight, over the capacity does not fit.
    QCOMPARE(fitLevel(80, 100), FitLevel::Runs);
    QCOMPARE(fitLevel(90, 100), FitLevel::Runs);
    QCOMPARE(fitLevel(90.5, 100), FitLevel::Tight);
    QCOMPARE(fitLevel(100, 100), FitLevel::Tight);
    QCOMPARE(fitLevel(100.5, 100), FitLevel::DoesNotFit);
    QCOMPARE(fitLevel(1, 0), FitLevel::DoesNotFit);
    QCOMPARE(QString::fromLatin1(fitLevelName(FitLevel::Tight)), QStringLiteral("tight"));
    // Every row's memory is weights + KV + overhead, and its level follows from memory and capacity.
    for (const auto &x : m.runs) {
        QVERIFY(x.weightsGb > 0 && x.kvGb >= 0 && x.overheadGb >= 0);
        QVERIFY(std::abs(x.weightsGb + x.kvGb + x.overheadGb - x.memoryGb) < 1e-9);
        QCOMPARE(x.fit, fitLevel(x.memoryGb, x.capacityGb));
        QVERIFY(x.fit != FitLevel::DoesNotFit);
    }
    QVERIFY(!m.tooBig.empty()); // the catalog holds models too large for one RTX 4090 + 64 GB
    for (const auto &x : m.tooBig)
        QVERIFY(x.fit == FitLevel::DoesNotFit && x.weightsGb > 0);
    const std::string text = machineText(m);
    QVERIFY(text.find("This machine: RTX 4090 + 64 GB") == 0);
    QCOMPARE(QString::fromStdString(machineJson(m)["at_api_speed"]["model"].get<std::string>()),
             QString::fromStdString(m.atApiSpeed.model));
}

void TestMachine::cliImportAndReportBox()
{
    QTemporaryDir home;
    const QMap<QString, QByteArray> shippedBefore = hashTree(QString::fromStdString(kData));
    const QString layerFile = home.filePath(QString::fromLatin1(kUserDataFile));
    // Dry run: the preview, nothing written.
    Run dry = runCli({QStringLiteral("import"), QStringLiteral("llama-bench"), fixture("llama-bench-rtx4080.csv"), QStringLiteral("--data-home"),
                      home.path(), QStringLiteral("--dry-run")});
    QCOMPARE(dry.code, 0);
    QVERIFY2(dry.out.contains(QStringLiteral("Rows: 1 prefill (pp), 1 decode (tg)")), qPrintable(dry.out));
    QVERIFY(dry.out.contains(QStringLiteral("median error")));
    QVERIFY(dry.out.contains(QStringLiteral("Default answer, task-level:")));
    QVERIFY(!QFile::exists(layerFile));
    // Broken: exit 1, the line and field named, nothing written.
    Run bad = runCli({QStringLiteral("import"), QStringLiteral("llama-bench"), fixture("bad-field.json"), QStringLiteral("--data-home"), home.path()});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.out.contains(QStringLiteral("bad-field.json:60: avg_ts: expected a number")), qPrintable(bad.out));
    QVERIFY(!QFile::exists(layerFile));
    // Real: written to the data home only; the shipped files are unchanged.
    Run ok = runCli({QStringLiteral("import"), QStringLiteral("llama-bench"), fixture("llama-bench-rtx4080.csv"), QStringLiteral("--data-home"),
                     home.path(), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(ok.code, 0);
    QVERIFY(QFile::exists(layerFile));
    const QJsonObject j = QJsonDocument::fromJson(ok.out.toUtf8()).object();
    QCOMPARE(j.value(QStringLiteral("decode_rows")).toInt(), 1);
    QVERIFY(j.value(QStringLiteral("calibration")).toObject().value(QStringLiteral("decode_rows")).toArray().at(1).toInt() >
            j.value(QStringLiteral("calibration")).toObject().value(QStringLiteral("decode_rows")).toArray().at(0).toInt());
    QCOMPARE(hashTree(QString::fromStdString(kData)), shippedBefore);
    // report reads the layer; report --box adds this machine, in text and JSON.
    Run box = runCli({QStringLiteral("report"), QStringLiteral("--samples"), QStringLiteral("0"), QStringLiteral("--data-home"), home.path(),
                      QStringLiteral("--box"), QStringLiteral("RTX 4090 + 64 GB")});
    QCOMPARE(box.code, 0);
    QVERIFY(box.out.contains(QStringLiteral("This machine: RTX 4090 + 64 GB")));
    QVERIFY(box.out.contains(QStringLiteral("purchase that reaches parity first")));
    Run boxJson = runCli({QStringLiteral("report"), QStringLiteral("--samples"), QStringLiteral("0"), QStringLiteral("--format"), QStringLiteral("json"),
                          QStringLiteral("--box"), QStringLiteral("RTX 4090 + 64 GB")});
    QCOMPARE(boxJson.code, 0);
    const QJsonObject machine = QJsonDocument::fromJson(boxJson.out.toUtf8()).object().value(QStringLiteral("this_machine")).toObject();
    QCOMPARE(machine.value(QStringLiteral("part")).toString(), QStringLiteral("RTX 4090"));
    QVERIFY(machine.value(QStringLiteral("at_api_speed")).toObject().value(QStringLiteral("decode_tokens_per_s")).toDouble() > 0);
    // The fit split is in the JSON: memory = weights + KV + overhead, a level per run, and the models
    // that fit at no precision (a 24 GB card and 64 GB of RAM cannot hold every catalog model).
    for (const QJsonValue &v : machine.value(QStringLiteral("runs")).toArray()) {
        const QJsonObject o = v.toObject();
        QVERIFY(qAbs(o.value(QStringLiteral("weights_gb")).toDouble() + o.value(QStringLiteral("kv_gb")).toDouble() +
                          o.value(QStringLiteral("overhead_gb")).toDouble() - o.value(QStringLiteral("memory_gb")).toDouble()) < 0.05);
        QVERIFY(o.value(QStringLiteral("fit")).toString() != QStringLiteral("does not fit"));
    }
    const QJsonArray tooBig = machine.value(QStringLiteral("too_big")).toArray();
    QVERIFY(!tooBig.isEmpty());
    for (const QJsonValue &v : tooBig)
        QCOMPARE(v.toObject().value(QStringLiteral("fit")).toString(), QStringLiteral("does not fit"));
    QVERIFY(box.out.contains(QStringLiteral("Does not fit (")));
    Run badBox = runCli({QStringLiteral("report"), QStringLiteral("--samples"), QStringLiteral("0"), QStringLiteral("--box"), QStringLiteral("RTX 9999")});
    QCOMPARE(badBox.code, 2);
    QVERIFY(badBox.err.contains(QStringLiteral("--box")));
    // A broken layer: report still runs on the shipped data and says why.
    QFile f(layerFile);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\": 3}");
    f.close();
    Run refused = runCli({QStringLiteral("report"), QStringLiteral("--samples"), QStringLiteral("0"), QStringLiteral("--data-home"), home.path()});
    QCOMPARE(refused.code, 0);
    QVERIFY2(refused.err.contains(QStringLiteral("user-data.json: format")), qPrintable(refused.err));
}

QTEST_MAIN(TestMachine)
#include "tst_machine.moc"

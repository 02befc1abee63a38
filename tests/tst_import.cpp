// Issue 17: the user data layer, the llama-bench and Capabilities Index importers (issue 25: prices and parts), "this machine",
// the command line's import and report --box, and the window's import, undo and data origins.
#include <QApplication>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QPointer>
#include <QProgressBar>
#include <QRegularExpression>
#include <QPushButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

#include "assumptions.h"
#include "calibration.h"
#include "market.h"
#include "dataset.h"
#include "forecast.h"
#include "helpdialogs.h"
#include "importdialog.h"
#include "importers.h"
#include "machine.h"
#include "machineview.h"
#include "mainwindow.h"
#include "modelimport.h"
#include "scenariodocument.h"
#include "userdata.h"
#include "userdatadialog.h"
#include "userdatafile.h"
#include "userdatastore.h"
#include "timeutil.h"

using namespace ff;

namespace {

const std::string kData = FF_SOURCE_DATA_DIR;

QString fixture(const char *name) { return QStringLiteral(FF_IMPORT_FILES_DIR "/") + QString::fromLatin1(name); }

std::string readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

LlamaBenchOptions today()
{
    LlamaBenchOptions o;
    o.today = "2026-11-30";
    return o;
}

// Every file of the shipped data directory, hashed: an import must leave them byte for byte.
QMap<QString, QByteArray> hashTree(const QString &dir)
{
    QMap<QString, QByteArray> h;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        QFile f(p);
        if (f.open(QIODevice::ReadOnly))
            h[p] = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
    return h;
}

struct Run {
    int code;
    QString out, err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(FF_APP_PATH), args);
    p.waitForFinished(300000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// The layer with one llama-bench import of `file`.
UserLayer benchLayer(const DataSet &d, const char *file)
{
    const ImportPreview pv = previewLlamaBench(d, readText(fixture(file)), fixture(file).toStdString(), today());
    return withImport(UserLayer{}, pv.import);
}

} // namespace

class TestImport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void llamaBenchFormats_data();
    void llamaBenchFormats();
    void llamaBenchRefitsCalibration();
    void brokenLlamaBench_data();
    void brokenLlamaBench();
    void duplicateOfAnEarlierImport();
    void indexSlice();
    void indexScoreChangeMovesTheLaw();
    void brokenLayerIsRefusedShippedStillLoads();
    void layerSteps();
    void machineParsers();
    void machineDescriptions();
    void machineAnalysis();
    void cliImportAndReportBox();
    void windowImportUndoRestoresExactly();
    void brokenImportInTheWindowChangesNothing();
    void windowMergesImportsMadeElsewhere();
    void pricesPreviewApplyUndo();
    void priceDecidesTheAnswer();
    void brokenPrices_data();
    void brokenPrices();
    void partPreviewApplyUndo();
    void brokenPart_data();
    void brokenPart();
    void publicAddresses();
    void indexTakesOlderOpenModels();
    void cliImportPricesAndPart();
    void windowImportsPricesAndUndoes();

private:
    std::unique_ptr<DataSet> mShipped;
};

void TestImport::initTestCase()
{
    mShipped = std::make_unique<DataSet>(loadDataSet(kData));
}

void TestImport::llamaBenchFormats_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    QTest::addColumn<double>("decodeTps");
    QTest::addColumn<int>("decodeLine");
    QTest::newRow("json") << QStringLiteral("llama-bench-rtx4080.json") << QStringLiteral("json") << 118.881588 << 48;
    QTest::newRow("jsonl") << QStringLiteral("llama-bench-rtx4080.jsonl") << QStringLiteral("jsonl") << 118.881588 << 2;
    QTest::newRow("csv") << QStringLiteral("llama-bench-rtx4080.csv") << QStringLiteral("csv") << 119.915244 << 3;
}

void TestImport::llamaBenchFormats()
{
    QFETCH(QString, file);
    QFETCH(QString, format);
    QFETCH(double, decodeTps);
    QFETCH(int, decodeLine);
    const QString path = QStringLiteral(FF_IMPORT_FILES_DIR "/") + file;
    const ImportPreview pv = previewLlamaBench(*mShipped, readText(path), path.toStdString(), today());
    QVERIFY2(pv.valid(), pv.errors.empty() ? "no rows" : pv.errors.front().text(path.toStdString()).c_str());
    QCOMPARE(QString::fromStdString(pv.format), format);
    QCOMPARE(pv.prefillRows, 1);
    QCOMPARE(pv.decodeRows, 1);
    QCOMPARE(pv.import.measurements.size(), std::size_t(2));
    QCOMPARE(pv.rows.size(), std::size_t(2));
    for (const BenchRow &r : pv.rows) {
        QCOMPARE(QString::fromStdString(r.hardware), QStringLiteral("RTX 4080")); // "NVIDIA GeForce RTX 4080"
        QVERIFY(!r.newHardware);
        // Qwen2.5-7B is the Qwen2 7B architecture of the measured Qwen2.5-Coder-7B: same parameter count.
        QCOMPARE(QString::fromStdString(r.model), QStringLiteral("Qwen2.5-Coder-7B"));
        QVERIFY(!r.newModel);
        QVERIFY(std::fabs(r.bitsPerWeight - 4677120000.0 * 8 / 7615616512.0) < 1e-9);
    }
    const BenchRow &tg = pv.rows[1];
    QVERIFY(tg.decode);
    QCOMPARE(tg.line, decodeLine);
    QCOMPARE(tg.tokensPerS, decodeTps);
    // tg128 counts at the average depth over the generated tokens, pp512 with its prompt length.
    QCOMPARE(pv.import.measurements[1]["context_depth"].get<double>(), 64.0);
    QCOMPARE(pv.import.measurements[0]["prompt_tokens"].get<double>(), 512.0);
    QVERIFY(pv.import.measurements[0]["source"].get<std::string>().find("ggml-org/llama.cpp") != std::string::npos);
    QCOMPARE(QString::fromStdString(pv.import.measurements[0]["build"].get<std::string>()), QStringLiteral("8cf427ff (5163)"));
    QVERIFY(pv.import.parts.empty());
}

void TestImport::llamaBenchRefitsCalibration()
{
    const UserLayer layer = benchLayer(*mShipped, "llama-bench-rtx4080.json");
    const LayeredData before = layeredData(kData, std::string(), UserLayer{});
    const LayeredData after = layeredData(kData, std::string(), layer);
    const Calibration &b = before.engine->calibration(), &a = after.engine->calibration();
    // The shipped calibration is the file's; with the import it is refitted with one more row of each kind.
    QCOMPARE(after.engine->data().measurements.size(), mShipped->measurements.size() + 2);
    QCOMPARE(a.n, b.n + 1);
    QCOMPARE(a.prefillN, b.prefillN + 1);
    QVERIFY(a.bandwidthEfficiency != b.bandwidthEfficiency);
    QVERIFY(a.computeEfficiency != b.computeEfficiency);
    // Every imported row keeps its origin; shipped rows have none.
    const std::string origin = layer.imports.front().origin();
    QCOMPARE(QString::fromStdString(origin), QStringLiteral("imported from llama-bench-rtx4080.json on 2026-11-30"));
    int imported = 0;
    for (const auto &m : after.engine->data().measurements)
        imported += m.origin == origin;
    QCOMPARE(imported, 2);
    // The forecast is recomputed on the refitted engine: its efficiencies are the refit's.
    const Params p = resolveParams(after.engine->data(), assumptionValues(after.engine->data(), Scenario{}));
    QCOMPARE(after.engine->efficiency(p).kvBandwidth, calibratedEfficiency(a, p).kvBandwidth);
    QVERIFY(after.engine->efficiency(p).kvBandwidth != before.engine->efficiency(p).kvBandwidth);
    after.engine->compute(Scenario{});
    // The report: measured against the calibrated prediction, before and after the refit.
    const ImportImpact x = assessImport(*before.engine, *after.engine, origin,
                                        previewLlamaBench(*mShipped, readText(fixture("llama-bench-rtx4080.json")), "f", today()).rows);
    QCOMPARE(x.rows.size(), std::size_t(2));
    for (const RowCheck &r : x.rows) {
        QVERIFY(r.fitted);
        QVERIFY(r.predictedBefore > 0 && r.predictedAfter > 0);
        QVERIFY(r.predictedBefore != r.predictedAfter);
    }
    QCOMPARE(x.rows[1].measured, 118.881588);
    QVERIFY(x.medianErrorBeforePct > 0);
}

void TestImport::brokenLlamaBench_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("says");
    QTest::newRow("wrong format") << QStringLiteral("bad-markdown.md") << 1 << QString() << QStringLiteral("markdown table");
    QTest::newRow("unknown version") << QStringLiteral("bad-old-version.json") << 2 << QStringLiteral("backends")
                                     << QStringLiteral("unknown llama-bench version");
    QTest::newRow("missing column") << QStringLiteral("bad-missing-column.csv") << 1 << QStringLiteral("model_n_params")
                                    << QStringLiteral("missing column");
    QTest::newRow("duplicate row") << QStringLiteral("bad-duplicate.jsonl") << 3 << QStringLiteral("test_time") << QStringLiteral("duplicate row");
    QTest::newRow("unknown device") << QStringLiteral("bad-unknown-device.json") << 2 << QStringLiteral("gpu_info")
                                    << QStringLiteral("matches no part");
    QTest::newRow("not a number") << QStringLiteral("bad-field.json") << 60 << QStringLiteral("avg_ts") << QStringLiteral("expected a number");
    QTest::newRow("an index file") << QStringLiteral("eci-2026-04-10-slice.csv") << 1 << QString() << QStringLiteral("not llama-bench output");
}

void TestImport::brokenLlamaBench()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, field);
    QFETCH(QString, says);
    const QString path = QStringLiteral(FF_IMPORT_FILES_DIR "/") + file;
    const ImportPreview pv = previewLlamaBench(*mShipped, readText(path), path.toStdString(), today());
    QVERIFY(!pv.valid());
    QVERIFY(!pv.errors.empty());
    const ImportProblem &e = pv.errors.front();
    QCOMPARE(e.line, line);
    QCOMPARE(QString::fromStdString(e.field), field);
    QVERIFY2(QString::fromStdString(e.message).contains(says), e.message.c_str());
    // Nothing is merged unless the whole file is valid.
    QCOMPARE(pv.import.rowCount(), std::size_t(0));
    // The message names the file and the line.
    QVERIFY(QString::fromStdString(e.text(path.toStdString())).startsWith(path + QStringLiteral(":") + QString::number(line)));
}

void TestImport::duplicateOfAnEarlierImport()
{
    // The JSONL is the same run as the JSON: once the JSON is imported, every JSONL row is a duplicate.
    const LayeredData withJson = layeredData(kData, std::string(), benchLayer(*mShipped, "llama-bench-rtx4080.json"));
    const ImportPreview pv =
        previewLlamaBench(withJson.engine->data(), readText(fixture("llama-bench-rtx4080.jsonl")), "llama-bench-rtx4080.jsonl", today());
    QVERIFY(!pv.valid());
    QCOMPARE(pv.errors.size(), std::size_t(2));
    QCOMPARE(pv.errors[0].line, 1);
    QCOMPARE(pv.errors[1].line, 2);
    QCOMPARE(QString::fromStdString(pv.errors[0].field), QStringLiteral("avg_ts"));
    QVERIFY(QString::fromStdString(pv.errors[0].message).contains(QStringLiteral("already in the data")));
    // The CSV is another run of the same machine: not a duplicate.
    QVERIFY(previewLlamaBench(withJson.engine->data(), readText(fixture("llama-bench-rtx4080.csv")), "c.csv", today()).valid());
}

void TestImport::indexSlice()
{
    const std::string text = readText(fixture("eci-2026-04-10-slice.csv"));
    const ImportPreview pv = previewIndex(*mShipped, text, "eci-2026-04-10-slice.csv", "2026-11-30");
    QVERIFY(pv.errors.empty());
    QCOMPARE(pv.rowsRead, 11);
    // The shipped catalog cites this very snapshot: no score changes.
    QVERIFY2(pv.changedScores.empty(), pv.changedScores.empty() ? "" : pv.changedScores.front().c_str());
    // Issue 25 added Muse Spark (the slice's one new model before) to the shipped catalog with this
    // snapshot's score: it is now unchanged, and the slice brings no new model.
    QCOMPARE(pv.unchanged.size(), std::size_t(7));
    QVERIFY(pv.newModels.empty());
    QCOMPARE(pv.import.frontierModels.size(), std::size_t(0));
    // Not matched: two rows without a score, two older rows the catalog left out; with their real line
    // numbers (two records above them span two lines each).
    QCOMPARE(pv.unmatched.size(), std::size_t(4));
    int gpt4Line = 0;
    {
        int n = 0;
        for (const QString &l : QString::fromStdString(text).split(QLatin1Char('\n'))) {
            ++n;
            if (l.startsWith(QStringLiteral("gpt-4-0613,")))
                gpt4Line = n;
        }
    }
    QVERIFY(gpt4Line > 0);
    bool found = false;
    for (const auto &u : pv.unmatched)
        found = found || QString::fromStdString(u).startsWith(QStringLiteral("line %1: gpt-4-0613").arg(gpt4Line));
    QVERIFY(found);
    // The index dates Phi-4 at its announcement; the catalog's sourced date is kept unless asked.
    QVERIFY(std::any_of(pv.keptDates.begin(), pv.keptDates.end(), [](const std::string &s) { return s.rfind("Phi-4 14B", 0) == 0; }));
    QVERIFY(pv.import.updates.empty());
    const ImportPreview dates = previewIndex(*mShipped, text, "eci.csv", "2026-11-30", true);
    QCOMPARE(dates.changedDates.size(), dates.import.updates.size());
    QVERIFY(!dates.changedDates.empty());
    // Applied with the dates, the forecast still computes; Muse Spark is the shipped row.
    const LayeredData ld = layeredData(kData, std::string(), withImport(UserLayer{}, dates.import));
    const FrontierModel *muse = ld.engine->data().frontier("Muse Spark");
    QVERIFY(muse && muse->scored);
    QCOMPARE(muse->quality, 154.0);
    QVERIFY(muse->origin.empty());
    ld.engine->compute(Scenario{});
    // Bad index input: a missing column names it; a bad score names the line and the column.
    const ImportPreview missing = previewIndex(*mShipped, "Model version,Release date\nx,2026-01-01\n", "m.csv", "2026-11-30");
    QCOMPARE(QString::fromStdString(missing.errors.at(0).field), QStringLiteral("ECI Score"));
    std::string bad = text;
    bad.replace(bad.find(",133.18123534748986,"), 20, ",about 133,");
    const ImportPreview badScore = previewIndex(*mShipped, bad, "b.csv", "2026-11-30");
    QVERIFY(!badScore.valid());
    QCOMPARE(QString::fromStdString(badScore.errors.at(0).field), QStringLiteral("ECI Score"));
    QVERIFY(badScore.errors.at(0).line > 1);
    QCOMPARE(badScore.import.rowCount(), std::size_t(0));
    std::string dup = text + text.substr(text.find('\n') + 1);
    QVERIFY(!previewIndex(*mShipped, dup, "d.csv", "2026-11-30").valid());
}

void TestImport::indexScoreChangeMovesTheLaw()
{
    // A later snapshot that scores Llama 3 8B higher: the score changes and the law is refitted.
    std::string text = readText(fixture("eci-2026-04-10-slice.csv"));
    const auto at = text.find("116.92743986404255");
    QVERIFY(at != std::string::npos);
    text.replace(at, 18, "121.5");
    const ImportPreview pv = previewIndex(*mShipped, text, "later.csv", "2026-11-30");
    QCOMPARE(pv.changedScores.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(pv.changedScores.front()), QStringLiteral("Llama 3 8B: 116.93 -> 121.50"));
    const LayeredData before = layeredData(kData, std::string(), UserLayer{});
    const LayeredData after = layeredData(kData, std::string(), withImport(UserLayer{}, pv.import));
    QCOMPARE(*after.engine->data().openModel("Llama 3 8B")->quality, 121.5);
    QVERIFY(after.engine->data().openModel("Llama 3 8B")->origin.find("changed by the import from later.csv") != std::string::npos);
    const Result rb = before.engine->compute(Scenario{}), ra = after.engine->compute(Scenario{});
    QVERIFY(ra.law.a != rb.law.a || ra.law.b != rb.law.b || ra.law.c != rb.law.c);
}

void TestImport::brokenLayerIsRefusedShippedStillLoads()
{
    QTemporaryDir home;
    const UserLayer good = benchLayer(*mShipped, "llama-bench-rtx4080.json");
    std::string text = userLayerText(good);
    const auto at = text.find("\"tokens_per_s\":118.881588"); // one row a line, compact
    QVERIFY(at != std::string::npos);
    text.replace(at, 25, "\"tokens_per_s\":-5");
    QFile f(home.filePath(QString::fromLatin1(kUserDataFile)));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromStdString(text));
    f.close();
    const LayeredData ld = loadLayeredData(kData, home.path().toStdString());
    QVERIFY(!ld.layerError.empty());
    QVERIFY2(ld.layerError.find("user-data.json") != std::string::npos, ld.layerError.c_str());
    QVERIFY2(ld.layerError.find("imports[0].measurements[1].tokens_per_s") != std::string::npos, ld.layerError.c_str());
    QCOMPARE(ld.engine->data().measurements.size(), mShipped->measurements.size());
    QVERIFY(!ld.layerApplied);
    // Not JSON at all, and an import that clashes with the data, are refused the same way.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\": \"frontier-forecast user data\", \"version\": 1, \"imports\": [");
    f.close();
    QVERIFY(!loadLayeredData(kData, home.path().toStdString()).layerError.empty());
    UserLayer clash = good;
    clash.imports[0].measurements[0]["hardware"] = "No Such Card";
    QVERIFY_THROWS_EXCEPTION(DataError, layeredData(kData, std::string(), clash));
}

void TestImport::layerSteps()
{
    const UserLayer one = benchLayer(*mShipped, "llama-bench-rtx4080.json");
    // The text round-trips.
    QCOMPARE(userLayerText(parseUserLayer(userLayerText(one), "x")), userLayerText(one));
    // Two imports of the same file on the same day get distinct ids and origins.
    const UserLayer two = withImport(one, one.imports.front());
    QCOMPARE(two.imports.size(), std::size_t(2));
    QVERIFY(two.imports[0].id != two.imports[1].id);
    QVERIFY(two.imports[1].origin() != two.imports[0].origin());
    // "Use shipped data only" keeps the imports but applies none.
    DataSet d = loadDataSet(kData);
    applyUserLayer(d, withShippedOnly(one, true), "u");
    QCOMPARE(d.measurements.size(), mShipped->measurements.size());
    QCOMPARE(withoutImport(one, one.imports.front().id).imports.size(), std::size_t(0));
    // Origins for Help > Data Sources.
    DataSet d2 = loadDataSet(kData);
    applyUserLayer(d2, one, "u");
    const auto rows = originRows(d2, one);
    int imported = 0;
    for (const auto &r : rows)
        if (r.origin != "shipped") {
            ++imported;
            QCOMPARE(r.importId, one.imports.front().id);
        }
    QCOMPARE(imported, 2);
}

void TestImport::machineParsers()
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

void TestImport::machineDescriptions()
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

void TestImport::machineAnalysis()
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

void TestImport::cliImportAndReportBox()
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

// Issue 31: This Machine's bar, dates, unknown-part error and the three ways to close it.
static void checkMachineViewWords(ffui::MainWindow &w, ffui::MachineView *machine)
{
    // Issue 31: the bar is the best model's quality at API speed over the target's, from the model.
    const ff::MachineReport &mr = machine->report();
    QVERIFY(mr.targetQuality > 0);
    QCOMPARE(machine->findChild<QProgressBar *>(QStringLiteral("machineProgress"))->value(),
             static_cast<int>(std::lround(100 * std::clamp(mr.atApiSpeed.quality / mr.targetQuality, 0.0, 1.0))));
    QVERIFY(machine->findChild<QProgressBar *>(QStringLiteral("machineProgress"))->value() < 100 || mr.gapPoints <= 0);
    // Each line with a date says whose date it is, and one question has one date: this box's by the law,
    // the best purchase's the headline's (the window's own result).
    const QRegularExpression month(QStringLiteral("\\b(19|20)\\d\\d-\\d\\d\\b"));
    const auto dates = [&](const QString &name) {
        QStringList out;
        for (auto it = month.globalMatch(machine->findChild<QLabel *>(name)->text()); it.hasNext();)
            out << it.next().captured(0);
        return out;
    };
    const QString law = machine->findChild<QLabel *>(QStringLiteral("machineLaw"))->text();
    QVERIFY2(law.contains(QStringLiteral("this box")), qPrintable(law));
    for (const QString &d : dates(QStringLiteral("machineLaw")))
        QCOMPARE(d, QString::fromStdString(ff::formatMonth(mr.lawYear)));
    // Past and future kept apart: a law month at or before as-of is "due since", never "projected".
    if (mr.reachesByLaw) {
        const bool past = mr.lawYear <= w.result().asOf + 1e-9;
        QCOMPARE(mr.lawDue, past);
        QVERIFY2(law.contains(QStringLiteral("projected")) != past, qPrintable(law));
        QVERIFY2(law.contains(QStringLiteral("due")) == past, qPrintable(law));
    }
    const QStringList bought = dates(QStringLiteral("machinePurchase"));
    QVERIFY(!w.result().task.reached || !bought.isEmpty());
    for (const QString &d : bought)
        QCOMPARE(d, QString::fromStdString(ff::formatMonth(w.result().task.year)));
    QVERIFY(!machine->setBox(QStringLiteral("RTX 9999")));
    QVERIFY2(machine->statusText().count(QStringLiteral(", ")) <= 2, qPrintable(machine->statusText()));
    QVERIFY2(!machine->statusText().contains(QStringLiteral("--")), qPrintable(machine->statusText()));
    // Issue 31: Esc, Ctrl+W (QKeySequence::Close) and the Close button each close the window
    // (and delete it: WA_DeleteOnClose).
    for (int way = 0; way < 3; ++way) {
        QPointer<ffui::MachineView> open = w.showMachine();
        QVERIFY(open->isVisible());
        if (way == 0)
            QTest::keyClick(open, Qt::Key_Escape);
        else if (way == 1)
            QTest::keySequence(open, QKeySequence(QKeySequence::Close));
        else
            QTest::mouseClick(open->findChild<QPushButton *>(QStringLiteral("machineClose")), Qt::LeftButton);
        QTRY_VERIFY2(!open, qPrintable(QStringLiteral("way %1 left it open").arg(way)));
    }
}

void TestImport::windowImportUndoRestoresExactly()
{
    QTemporaryDir home;
    qputenv("FF_DATA_HOME", home.path().toLocal8Bit());
    const QString layerFile = home.filePath(QString::fromLatin1(kUserDataFile));
    ffui::MainWindow w(QString::fromStdString(kData));
    w.setMessageHandler([](QMessageBox::Icon, const QString &, const QString &) {});
    const std::size_t shippedRows = w.engine().data().measurements.size();
    const double shippedEff = w.engine().calibration().bandwidthEfficiency;
    const ff::Result before = w.result();
    ffui::ImportDialog *dlg = w.showImport(fixture("llama-bench-rtx4080.json"));
    // The refit runs off the GUI thread with a progress indicator; Import waits for it.
    QVERIFY(dlg->isRefitting());
    QVERIFY(dlg->findChild<QProgressBar *>(QStringLiteral("importProgress"))->isVisible());
    QVERIFY(!dlg->canImport());
    QVERIFY(dlg->waitForPreview());
    QVERIFY(!dlg->findChild<QProgressBar *>(QStringLiteral("importProgress"))->isVisible());
    QVERIFY(dlg->canImport());
    QVERIFY(dlg->previewText().contains(QStringLiteral("Rows: 1 prefill (pp), 1 decode (tg)")));
    QVERIFY(dlg->importNow());
    dlg->close();
    // The window runs on the new data: two more rows, a refitted calibration, the forecast recomputed.
    QCOMPARE(w.engine().data().measurements.size(), shippedRows + 2);
    QVERIFY(w.engine().calibration().bandwidthEfficiency != shippedEff);
    QCOMPARE(w.result().task.year, w.engine().compute(w.document()->scenario()).task.year);
    const std::string afterFirst = readText(layerFile);
    QVERIFY(!afterFirst.empty());
    // Help > Data Sources: the origin column, and one click removes the import (undoable).
    ffui::DataSourcesDialog *sources = w.showDataSources();
    const auto rows = ffui::DataSourcesDialog::rows(w.engine().data());
    QCOMPARE(std::count_if(rows.begin(), rows.end(), [](const QStringList &r) { return r.value(3).startsWith(QStringLiteral("imported from")); }), 2);
    auto *panel = sources->findChild<ffui::UserDataPanel *>(QStringLiteral("userDataPanel"));
    QVERIFY(panel);
    QCOMPARE(panel->list()->count(), 1);
    QVERIFY(panel->removeImport(0));
    QCOMPARE(w.engine().data().measurements.size(), shippedRows);
    QUndoStack *undo = w.userData()->undoStack();
    undo->undo(); // the import is back, and the file is what it was byte for byte
    QCOMPARE(w.engine().data().measurements.size(), shippedRows + 2);
    QCOMPARE(readText(layerFile), afterFirst);
    // "Use shipped data only": one step, undone exactly.
    panel = w.showDataSources()->findChild<ffui::UserDataPanel *>(QStringLiteral("userDataPanel"));
    QVERIFY(panel->setShippedOnly(true));
    QCOMPARE(w.engine().data().measurements.size(), shippedRows);
    QCOMPARE(w.engine().calibration().bandwidthEfficiency, shippedEff);
    undo->undo();
    QCOMPARE(readText(layerFile), afterFirst);
    // Undo the import itself: no file, the shipped engine, the same answer as before.
    undo->undo();
    QVERIFY(!QFile::exists(layerFile));
    QCOMPARE(w.engine().data().measurements.size(), shippedRows);
    QCOMPARE(w.engine().calibration().bandwidthEfficiency, shippedEff);
    QCOMPARE(w.result().task.year, before.task.year);
    QCOMPARE(w.result().full.year, before.full.year);
    QCOMPARE(QString::fromStdString(w.result().task.box), QString::fromStdString(before.task.box));
    // This machine.
    ffui::MachineView *machine = w.showMachine();
    QVERIFY(machine->setBox(QStringLiteral("RTX 4090 + 64 GB")));
    QVERIFY(machine->report().atApiSpeed.found);
    QCOMPARE(machine->findChild<QLabel *>(QStringLiteral("machineHeadline"))->text(),
             QStringLiteral("RTX 4090 + 64 GB runs %1 at API speed today").arg(QString::fromStdString(machine->report().atApiSpeed.model)));
    checkMachineViewWords(w, machine);
    qunsetenv("FF_DATA_HOME");
}

void TestImport::brokenImportInTheWindowChangesNothing()
{
    QTemporaryDir home;
    qputenv("FF_DATA_HOME", home.path().toLocal8Bit());
    ffui::MainWindow w(QString::fromStdString(kData));
    w.setMessageHandler([](QMessageBox::Icon, const QString &, const QString &) {});
    const std::size_t rows = w.engine().data().measurements.size();
    const ff::Engine *engine = &w.engine();
    for (const char *bad : {"bad-duplicate.jsonl", "bad-old-version.json", "bad-markdown.md", "bad-unknown-device.json"}) {
        ffui::ImportDialog *dlg = w.showImport(fixture(bad));
        QVERIFY(!dlg->canImport());
        QVERIFY(dlg->previewText().contains(QStringLiteral("Refused: nothing was merged")));
        QVERIFY(!dlg->importNow());
        dlg->close();
    }
    QCOMPARE(&w.engine(), engine);
    QCOMPARE(w.engine().data().measurements.size(), rows);
    QCOMPARE(w.userData()->undoStack()->count(), 0);
    QVERIFY(!QFile::exists(home.filePath(QString::fromLatin1(kUserDataFile))));
    // A broken layer at start: the window opens on the shipped data, says which file and field, keeps the file.
    QFile f(home.filePath(QString::fromLatin1(kUserDataFile)));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"frontier-forecast user data\", \"version\": 7, \"imports\": []}");
    f.close();
    QStringList messages;
    ffui::MainWindow w2(QString::fromStdString(kData));
    w2.setMessageHandler([&](QMessageBox::Icon, const QString &, const QString &text) { messages << text; });
    QTRY_COMPARE(messages.size(), 1);
    QVERIFY2(messages.front().contains(QStringLiteral("user-data.json: version")), qPrintable(messages.front()));
    QCOMPARE(w2.engine().data().measurements.size(), rows);
    QVERIFY(f.exists());
    QString error;
    QVERIFY(!w2.userData()->change(ff::UserLayer{}, QStringLiteral("x"), &error));
    QVERIFY(error.contains(QStringLiteral("refused at start")));
    qunsetenv("FF_DATA_HOME");
}

void TestImport::windowMergesImportsMadeElsewhere()
{
    // Issue 24: the window and the command line write one layer. An import from the command line
    // while the window is open is read back (file watcher, status bar), kept by the window's next
    // import, and undoing the window's import removes that import only.
    QTemporaryDir home;
    qputenv("FF_DATA_HOME", home.path().toLocal8Bit());
    const QString layerFile = home.filePath(QString::fromLatin1(kUserDataFile));
    ffui::MainWindow w(QString::fromStdString(kData));
    w.setMessageHandler([](QMessageBox::Icon, const QString &, const QString &) {});
    QStringList said;
    connect(w.userData(), &ffui::UserDataStore::externalChange, this, [&](const QString &m) { said << m; });
    const std::size_t shippedRows = w.engine().data().measurements.size();
    Run cli = runCli({QStringLiteral("import"), QStringLiteral("llama-bench"), fixture("llama-bench-rtx4080.csv"), QStringLiteral("--data-home"), home.path()});
    QCOMPARE(cli.code, 0);
    QTRY_COMPARE(w.userData()->layer().imports.size(), std::size_t(1));
    QTRY_COMPARE(w.engine().data().measurements.size(), shippedRows + 2);
    QVERIFY(!said.isEmpty() && said.last().contains(QStringLiteral("changed by another program")));
    QVERIFY2(w.statusBar()->currentMessage().contains(QStringLiteral("another program")), qPrintable(w.statusBar()->currentMessage()));
    // The window's own import keeps the command line's.
    // An index file with one frontier row the shipped data lacks, released after its newest date (the shipped slice's new row, Muse
    // Spark, is now in the catalog, so that slice brings nothing to import).
    QTemporaryDir files;
    const QString index = files.filePath(QStringLiteral("eci-new-row.csv"));
    {
        QFile f(index);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Model version,ECI Score,Release date,Organization,Country,Model accessibility,Training compute (FLOP),"
                "Confidence,Model name,Description,Display name\n"
                "test-frontier-2026-09-01,150,2026-09-01,Test Lab,United States of America,API access,,Unverified,"
                "Test Frontier Model,,Test Frontier Model\n");
    }
    ffui::ImportDialog *dlg = w.showImport(index);
    QVERIFY(dlg->waitForPreview());
    QVERIFY(dlg->importNow());
    dlg->close();
    QCOMPARE(loadUserLayer(home.path().toStdString()).imports.size(), std::size_t(2));
    // Written elsewhere again, behind the window's back (no time for the watcher): merged at the next step.
    UserLayer now = loadUserLayer(home.path().toStdString());
    UserImport extra = now.imports.front();
    extra.file = "other-machine.csv";
    QVERIFY(ffui::writeUserLayer(home.path(), withImport(now, extra), nullptr));
    // Undo the window's import: by id, the two others stay.
    w.userData()->undoStack()->undo();
    const UserLayer after = loadUserLayer(home.path().toStdString());
    QCOMPARE(after.imports.size(), std::size_t(2));
    QVERIFY(std::none_of(after.imports.begin(), after.imports.end(), [](const UserImport &u) { return u.kind == "index"; }));
    QCOMPARE(w.userData()->layer().imports.size(), std::size_t(2));
    QVERIFY(QFile::exists(layerFile));
    qunsetenv("FF_DATA_HOME");
}

// Issue 25, item 5: `import prices` and `import part`.
namespace {
// The one-card box of `part` as the market prices it at t (totalUsd 0: not offered).
BoxPrice oneCardPrice(const DataSet &d, const std::string &part, double t, double asOf)
{
    const Params p = resolveParams(d, assumptionValues(d, Scenario{}));
    for (const Box &b : buildBoxes(d, p, {}, asOf, 1e7, d.settings.horizonYear, BoxList::Unsorted))
        if (b.catalogPart && b.catalogPart->name == part && b.gpus == 1)
            return b.priceDetail(t, false);
    return BoxPrice{};
}
double oneCardBox(const DataSet &d, const std::string &part, double t, double asOf) { return oneCardPrice(d, part, t, asOf).totalUsd; }
} // namespace

void TestImport::pricesPreviewApplyUndo()
{
    const std::string text = readText(fixture("prices-good.csv"));
    const ImportPreview pv = previewPrices(*mShipped, text, "prices-good.csv", "2026-11-30");
    QVERIFY2(pv.valid(), pv.errors.empty() ? "" : pv.errors.front().text(pv.file).c_str());
    // The preview lists each row with its line.
    QCOMPARE(pv.listed.size(), std::size_t(3));
    QVERIFY2(pv.listed[0].rfind("line 2: RTX 5090 street 2026-03-10 $1,899 (https://example.com/", 0) == 0, pv.listed[0].c_str());
    QVERIFY2(pv.listed[1].rfind("line 3: RTX 3090 used 2026-05 $850 (", 0) == 0, pv.listed[1].c_str());
    QCOMPARE(pv.import.rowCount(), std::size_t(3));
    const std::string previewed = previewText(pv, nullptr, true);
    QVERIFY2(previewed.find("Rows read: 3; price observations 3") != std::string::npos, previewed.c_str());
    // Applied: the observation joins the part's price path with the import's origin; the layer round-trips.
    const UserLayer layer = withImport(UserLayer{}, pv.import);
    QCOMPARE(userLayerText(parseUserLayer(userLayerText(layer), "x")), userLayerText(layer));
    const LayeredData before = layeredData(kData, std::string(), UserLayer{});
    const LayeredData after = layeredData(kData, std::string(), layer);
    const DataSet &a = after.engine->data();
    const PriceSeries &s = a.prices.parts[static_cast<std::size_t>(a.part("RTX 5090") - a.parts.data())];
    const auto imported = std::find_if(s.obs.begin(), s.obs.end(), [](const PriceObservation &o) { return !o.origin.empty() && o.usd == 1899; });
    QVERIFY(imported != s.obs.end());
    QCOMPARE(imported->usd, 1899.0);
    QCOMPARE(imported->kind, PriceKind::Street);
    QCOMPARE(QString::fromStdString(imported->origin), QString::fromStdString(layer.imports.front().origin()));
    // The market buys at it: the one-card RTX 5090 box in 2026-03 is cheaper by the card's drop.
    const double t = *parseDate("2026-03-10"), asOf = *parseDate("2026-11");
    const double boxBefore = oneCardBox(before.engine->data(), "RTX 5090", t, asOf), boxAfter = oneCardBox(a, "RTX 5090", t, asOf);
    QVERIFY2(boxBefore > 0 && boxAfter > 0, qPrintable(QStringLiteral("%1 %2").arg(boxBefore).arg(boxAfter)));
    const double cardBefore = before.engine->data().prices.parts[static_cast<std::size_t>(a.part("RTX 5090") - a.parts.data())].at(t, asOf, 0);
    QVERIFY2(std::fabs((boxBefore - boxAfter) - (cardBefore - 1899)) < 1.0,
             qPrintable(QStringLiteral("box %1 -> %2, card %3 -> 1899").arg(boxBefore).arg(boxAfter).arg(cardBefore)));
    // The impact the preview shows names that box price, before -> after.
    const ImportImpact impact = assessImport(*before.engine, *after.engine, layer.imports.front().origin(), {});
    QCOMPARE(impact.market.size(), std::size_t(3));
    QVERIFY2(std::any_of(impact.market.begin(), impact.market.end(),
                         [](const std::string &m) { return m.rfind("RTX 5090 street 2026-03 $1,899: one card's box in 2026-03 costs $", 0) == 0; }),
             impact.market.front().c_str());
    // Data Sources lists the imported prices with their origin.
    const auto rows = originRows(a, layer);
    QCOMPARE(std::count_if(rows.begin(), rows.end(), [](const OriginRow &r) { return r.kind == "price" && r.origin != "shipped"; }), 3L);
    // Undo (the layer without the import) gives the shipped series back, box price included.
    const LayeredData undone = layeredData(kData, std::string(), withoutImport(layer, layer.imports.front().id));
    QCOMPARE(oneCardBox(undone.engine->data(), "RTX 5090", t, asOf), boxBefore);
    QCOMPARE(userLayerText(withoutImport(layer, layer.imports.front().id)), userLayerText(UserLayer{}));
}

void TestImport::priceDecidesTheAnswer()
{
    // A budget the RTX 5090 box does not reach at its shipped prices ($3,613 at launch, more after as
    // street prices rose) but reaches from 2025-03 at the imported street price of $1,799 ($1,799 +
    // host $1,000 + $300 + 128 GB of RAM at 2025-03's $2.45/GB): the budget's answer moves earlier.
    // (Sonnet 4.6: a target still projected, so the answer is the law's box rather than an observed run.)
    Scenario sc;
    sc.values["budget_usd"] = 3500;
    sc.targetModel = "Claude Sonnet 4.6";
    const LayeredData before = layeredData(kData, std::string(), UserLayer{});
    const ImportPreview pv = previewPrices(*mShipped, readText(fixture("prices-good.csv")), "prices-good.csv", "2026-11-30");
    const LayeredData after = layeredData(kData, std::string(), withImport(UserLayer{}, pv.import));
    const Result rb = before.engine->compute(sc), ra = after.engine->compute(sc);
    const QString b = QStringLiteral("%1 %2 %3").arg(QString::fromStdString(parityKindName(rb.task.kind))).arg(rb.task.year).arg(QString::fromStdString(rb.task.box));
    const QString a = QStringLiteral("%1 %2 %3").arg(QString::fromStdString(parityKindName(ra.task.kind))).arg(ra.task.year).arg(QString::fromStdString(ra.task.box));
    QVERIFY2(b != a, qPrintable(b + QStringLiteral(" | ") + a));
    QVERIFY2(QString::fromStdString(ra.task.box).contains(QStringLiteral("RTX 5090")), qPrintable(a));
    QVERIFY2(ra.task.year < rb.task.year, qPrintable(b + QStringLiteral(" | ") + a));
}

void TestImport::brokenPrices_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("where"); // FILE:LINE: FIELD
    QTest::newRow("bad date") << "prices-bad-date.csv" << "prices-bad-date.csv:3: date: expected a date";
    QTest::newRow("unknown part") << "prices-bad-part.csv" << "prices-bad-part.csv:3: part: \"RTX 9999\" is not a part of the data";
    QTest::newRow("negative price") << "prices-bad-usd.csv" << "prices-bad-usd.csv:2: usd: expected a price in US dollars above 0";
    QTest::newRow("NaN price") << "prices-bad-nan.csv" << "prices-bad-nan.csv:3: usd: expected a price in US dollars (a number), got \"NaN\"";
    QTest::newRow("unknown kind") << "prices-bad-kind.csv" << "prices-bad-kind.csv:2: kind: unknown kind \"retail\"";
    QTest::newRow("private source") << "prices-bad-source.csv" << "prices-bad-source.csv:3: source: \"file id 48213 (as recalled)\" names a private index";
    QTest::newRow("duplicate in the file") << "prices-bad-duplicate.csv" << "prices-bad-duplicate.csv:4: date: duplicate: line 2 has a street price of RTX 5090";
    QTest::newRow("duplicate of the data") << "prices-bad-shipped-duplicate.csv"
                                            << "prices-bad-shipped-duplicate.csv:2: usd: duplicate: the data has this street price of RTX 5090 on 2026-01-05 already (shipped)";
}

void TestImport::brokenPrices()
{
    QFETCH(QString, file);
    QFETCH(QString, where);
    const ImportPreview pv = previewPrices(*mShipped, readText(fixture(file.toLatin1().constData())), file.toStdString(), "2026-11-30");
    QVERIFY(!pv.valid());
    QCOMPARE(pv.import.rowCount(), std::size_t(0)); // the whole file is refused, its good rows too
    const QString text = QString::fromStdString(previewText(pv, nullptr, false));
    QVERIFY2(text.contains(QStringLiteral("Refused: nothing was merged")), qPrintable(text));
    QVERIFY2(text.contains(where), qPrintable(text));
}

void TestImport::partPreviewApplyUndo()
{
    const ImportPreview pv = previewPart(*mShipped, readText(fixture("part-good.csv")), "part-good.csv", "2026-11-30");
    QVERIFY2(pv.valid(), pv.errors.empty() ? "" : pv.errors.front().text(pv.file).c_str());
    QCOMPARE(pv.listed.size(), std::size_t(1));
    QVERIFY2(pv.listed[0].rfind("line 2: RTX 5060 Ti 16GB (gpu, family nvidia-geforce-mid, released 2025-04-16, $429 at launch, 16 GB, 448 GB/s, "
                                "189.75 tensor-int8 (Blackwell))", 0) == 0,
             pv.listed[0].c_str());
    QCOMPARE(pv.import.parts.size(), std::size_t(1));
    const UserLayer layer = withImport(UserLayer{}, pv.import);
    const LayeredData before = layeredData(kData, std::string(), UserLayer{});
    const LayeredData after = layeredData(kData, std::string(), layer);
    const HardwarePart *p = after.engine->data().part("RTX 5060 Ti 16GB");
    QVERIFY(p);
    QVERIFY(!p->measuredOnly);
    QCOMPARE(*p->priceUsd, 429.0);
    QCOMPARE(p->bandwidthGbps, 448.0);
    QCOMPARE(*p->prefillTops, 189.75);
    QVERIFY(p->familyId >= 0);
    QCOMPARE(p->familyId, after.engine->data().part("RTX 3060")->familyId); // its family's id
    QCOMPARE(after.engine->data().parts.size(), before.engine->data().parts.size() + 1);
    // The market offers it: its one-card box at its release is the launch price plus the host.
    const double t = *parseDate("2025-04-16"), asOf = *parseDate("2026-11");
    const BoxPrice box = oneCardPrice(after.engine->data(), "RTX 5060 Ti 16GB", t, asOf);
    QVERIFY2(std::fabs(box.cardUsd - 429) < 0.01 && box.totalUsd > box.cardUsd, qPrintable(QStringLiteral("card %1, box %2").arg(box.cardUsd).arg(box.totalUsd)));
    QCOMPARE(box.totalUsd, box.cardUsd + box.hostPerCardUsd + box.hostBaseUsd + box.ramUsd);
    QCOMPARE(oneCardBox(before.engine->data(), "RTX 5060 Ti 16GB", t, asOf), 0.0);
    // Undo: the layer without it is the shipped data again.
    const LayeredData undone = layeredData(kData, std::string(), withoutImport(layer, layer.imports.front().id));
    QVERIFY(!undone.engine->data().part("RTX 5060 Ti 16GB"));
    QCOMPARE(undone.engine->data().parts.size(), mShipped->parts.size());
    // A sold part only through `import part`: the same row in an import of another kind is refused.
    UserLayer wrong = layer;
    wrong.imports.front().kind = "llama-bench";
    QVERIFY_THROWS_EXCEPTION(DataError, layeredData(kData, std::string(), wrong));
    // The supply end goes to the part's price path.
    std::string ended = readText(fixture("part-good.csv"));
    ended.replace(ended.find(",source\n"), 8, ",source,new_supply_ended\n");
    ended.insert(ended.find_last_not_of("\n") + 1, ",2026-02");
    // (the source column holds commas inside quotes? no: the row's last cell is the source, then the date)
    const ImportPreview withEnd = previewPart(*mShipped, ended, "ended.csv", "2026-11-30");
    QVERIFY2(withEnd.valid(), withEnd.errors.empty() ? "" : withEnd.errors.front().text("ended.csv").c_str());
    const LayeredData endedData = layeredData(kData, std::string(), withImport(UserLayer{}, withEnd.import));
    const DataSet &ed = endedData.engine->data();
    QCOMPARE(ed.prices.parts[static_cast<std::size_t>(ed.part("RTX 5060 Ti 16GB") - ed.parts.data())].newSupplyEnded, *parseDate("2026-02"));
}

void TestImport::brokenPart_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("where");
    QTest::newRow("system kind") << "part-bad-kind.csv" << "part-bad-kind.csv:2: kind: unknown system kind \"card\"";
    QTest::newRow("negative memory") << "part-bad-memory.csv" << "part-bad-memory.csv:2: memory_gb: expected memory in GB above 0";
    QTest::newRow("compute kind") << "part-bad-compute-kind.csv" << "part-bad-compute-kind.csv:2: prefill_tops_kind: unknown compute kind \"fp4-sparse\"";
    QTest::newRow("already a part") << "part-bad-duplicate.csv" << "part-bad-duplicate.csv:2: name: \"RTX 5090\" is already a part of the data";
    QTest::newRow("private source") << "part-bad-source.csv" << "part-bad-source.csv:2: source: \"corpus page 12\" names a private index";
    QTest::newRow("supply end before release") << "part-bad-supply.csv" << "part-bad-supply.csv:2: new_supply_ended: 2024-12 is before the part's release";
}

void TestImport::brokenPart()
{
    QFETCH(QString, file);
    QFETCH(QString, where);
    const ImportPreview pv = previewPart(*mShipped, readText(fixture(file.toLatin1().constData())), file.toStdString(), "2026-11-30");
    QVERIFY(!pv.valid());
    QCOMPARE(pv.import.rowCount(), std::size_t(0));
    const QString text = QString::fromStdString(previewText(pv, nullptr, false));
    QVERIFY2(text.contains(where), qPrintable(text));
}

void TestImport::publicAddresses()
{
    for (const char *ok : {"https://www.nvidia.com/en-us/geforce/", "http://kad8.com/news/x (read for the row)",
                           "epoch-research/training-cost-trends data/Hardware prices.csv @263c40a159307e917213d1dc433c617e47d55bfe",
                           "github.com/ggml-org/llama.cpp tools/llama-bench/README.md @8cf427ff"})
        QVERIFY2(publicAddressProblem(ok).empty(), ok);
    for (const char *bad : {"", "my notes", "file id 123", "https://localhost/x", "https:// example.com", "the corpus, page 3",
                            "owner/repo path without commit", "as recalled"})
        QVERIFY2(!publicAddressProblem(bad).empty(), bad);
}

void TestImport::indexTakesOlderOpenModels()
{
    // An open-weights row released before the data's newest date that the catalog lacks: taken, and
    // listed as waiting for `import model` (the index gives no parameter counts). An older frontier
    // row stays out.
    const std::string text = readText(fixture("eci-2026-04-10-slice.csv"));
    std::string extra = text;
    if (extra.back() != '\n')
        extra += '\n';
    // A row shaped as the slice's (11 columns), not in the catalog, released 2025-06 (before the data's newest date).
    const std::string older = "test-older-open-9b,120.5,2025-06-10,Test Lab,United States of America,Open weights (unrestricted),,Unverified,"
                              "Test Older Open 9B,,Test Older Open 9B";
    extra += older + "\n";
    const ImportPreview pv = previewIndex(*mShipped, extra, "older.csv", "2026-11-30");
    QVERIFY2(pv.errors.empty(), pv.errors.empty() ? "" : pv.errors.front().text("older.csv").c_str());
    QCOMPARE(pv.import.openModels.size(), std::size_t(1));
    QCOMPARE(pv.waiting.size(), std::size_t(1));
    QVERIFY2(pv.waiting.front().find("waiting for `import model`") != std::string::npos, pv.waiting.front().c_str());
    const std::string shown = previewText(pv, nullptr, true);
    QVERIFY2(shown.find("Open models waiting for `import model") != std::string::npos, shown.c_str());
    // Released before the data's newest date.
    QVERIFY(*parseDate(pv.import.openModels[0]["released"].get<std::string>()) <= mShipped->newestDate());
    // Applied, it is in the catalog without parameter counts (out of the law until `import model`).
    const LayeredData ld = layeredData(kData, std::string(), withImport(UserLayer{}, pv.import));
    const OpenModel *m = ld.engine->data().openModel(pv.import.openModels[0]["name"].get<std::string>());
    QVERIFY(m);
    QCOMPARE(m->paramsTotalB, 0.0);
    const int lawN = layeredData(kData, std::string(), UserLayer{}).engine->compute(Scenario{}).law.n;
    QCOMPARE(ld.engine->compute(Scenario{}).law.n, lawN);
    // `import model` completes it: its counts from a config.json, the index's score kept; the law takes it.
    ModelImportOptions mo;
    mo.name = m->name;
    mo.released = pv.import.openModels[0]["released"].get<std::string>();
    mo.source = "https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json";
    mo.today = "2026-11-30";
    const ImportPreview cfg = previewModelConfig(ld.engine->data(), readText(fixture("configs/llama-3.1-8b.json")), "config.json", mo);
    QVERIFY2(cfg.valid(), cfg.errors.empty() ? "" : cfg.errors.front().text("config.json").c_str());
    QVERIFY2(cfg.newModels.front().find("completes the catalog's row") != std::string::npos, cfg.newModels.front().c_str());
    const LayeredData done = layeredData(kData, std::string(), withImport(withImport(UserLayer{}, pv.import), cfg.import));
    const OpenModel *completed = done.engine->data().openModel(m->name);
    QVERIFY(completed && completed->paramsTotalB > 7 && completed->paramsTotalB < 9);
    QCOMPARE(*completed->quality, *m->quality);
    QVERIFY2(completed->origin.find("completed by the import from config.json") != std::string::npos, completed->origin.c_str());
    QCOMPARE(done.engine->compute(Scenario{}).law.n, lawN + 1);
}

void TestImport::cliImportPricesAndPart()
{
    QTemporaryDir home;
    const QMap<QString, QByteArray> shippedBefore = hashTree(QString::fromStdString(kData));
    const QString layerFile = home.filePath(QString::fromLatin1(kUserDataFile));
    const QString today = QStringLiteral("--today=2026-11-30");
    Run dry = runCli({QStringLiteral("import"), QStringLiteral("prices"), fixture("prices-good.csv"), QStringLiteral("--data-home"), home.path(),
                      QStringLiteral("--dry-run"), today});
    QCOMPARE(dry.code, 0);
    QVERIFY2(dry.out.contains(QStringLiteral("Prices import: ")), qPrintable(dry.out));
    QVERIFY2(dry.out.contains(QStringLiteral("line 2: RTX 5090 street 2026-03-10 $1,899")), qPrintable(dry.out));
    QVERIFY2(dry.out.contains(QStringLiteral("Market (as the forecast prices it; before -> after):")), qPrintable(dry.out));
    QVERIFY(dry.out.contains(QStringLiteral("Default answer, task-level:")));
    QVERIFY(!QFile::exists(layerFile));
    Run bad = runCli({QStringLiteral("import"), QStringLiteral("prices"), fixture("prices-bad-kind.csv"), QStringLiteral("--data-home"), home.path(), today});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.out.contains(QStringLiteral("prices-bad-kind.csv:2: kind: unknown kind \"retail\"")), qPrintable(bad.out));
    QVERIFY(!QFile::exists(layerFile));
    Run ok = runCli({QStringLiteral("import"), QStringLiteral("prices"), fixture("prices-good.csv"), QStringLiteral("--data-home"), home.path(), today});
    QCOMPARE(ok.code, 0);
    QVERIFY(QFile::exists(layerFile));
    Run part = runCli({QStringLiteral("import"), QStringLiteral("part"), fixture("part-good.csv"), QStringLiteral("--data-home"), home.path(),
                       QStringLiteral("--format"), QStringLiteral("json"), today});
    QCOMPARE(part.code, 0);
    const QJsonObject j = QJsonDocument::fromJson(part.out.toUtf8()).object();
    QCOMPARE(j.value(QStringLiteral("kind")).toString(), QStringLiteral("part"));
    QCOMPARE(j.value(QStringLiteral("rows")).toArray().size(), 1);
    QCOMPARE(j.value(QStringLiteral("parts")).toArray().at(1).toInt(), j.value(QStringLiteral("parts")).toArray().at(0).toInt() + 1);
    QCOMPARE(hashTree(QString::fromStdString(kData)), shippedBefore);
    const UserLayer layer = loadUserLayer(home.path().toStdString());
    QCOMPARE(layer.imports.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(layer.imports[0].kind), QStringLiteral("prices"));
    QCOMPARE(QString::fromStdString(layer.imports[1].kind), QStringLiteral("part"));
    // The same prices again: now a duplicate of the data (the layer's rows), refused.
    Run again = runCli({QStringLiteral("import"), QStringLiteral("prices"), fixture("prices-good.csv"), QStringLiteral("--data-home"), home.path(), today});
    QCOMPARE(again.code, 1);
    QVERIFY2(again.out.contains(QStringLiteral("prices-good.csv:2: usd: duplicate: the data has this street price of RTX 5090 on 2026-03-10 already (imported from prices-good.csv")),
             qPrintable(again.out));
}

void TestImport::windowImportsPricesAndUndoes()
{
    QTemporaryDir home;
    qputenv("FF_DATA_HOME", home.path().toLocal8Bit());
    const QString layerFile = home.filePath(QString::fromLatin1(kUserDataFile));
    ffui::MainWindow w(QString::fromStdString(kData));
    w.setMessageHandler([](QMessageBox::Icon, const QString &, const QString &) {});
    const std::size_t parts = w.engine().data().parts.size();
    // The dialog offers both kinds and reads them from the header.
    ffui::ImportDialog *dlg = w.showImport(fixture("prices-good.csv"));
    auto *kind = dlg->findChild<QComboBox *>(QStringLiteral("importKind"));
    QVERIFY(kind);
    QVERIFY(kind->findData(QStringLiteral("prices")) >= 0);
    QVERIFY(kind->findData(QStringLiteral("part")) >= 0);
    QCOMPARE(kind->currentData().toString(), QStringLiteral("prices"));
    QVERIFY(dlg->waitForPreview());
    QVERIFY2(dlg->previewText().contains(QStringLiteral("line 2: RTX 5090 street 2026-03-10 $1,899")), qPrintable(dlg->previewText()));
    QVERIFY(dlg->canImport());
    QVERIFY(dlg->importNow());
    // The same dialog takes the next file (closing it deletes it later: WA_DeleteOnClose).
    const std::string afterPrices = readText(layerFile);
    QVERIFY(afterPrices.find("\"kind\": \"prices\"") != std::string::npos);
    dlg = w.showImport(fixture("part-good.csv"));
    QCOMPARE(dlg->findChild<QComboBox *>(QStringLiteral("importKind"))->currentData().toString(), QStringLiteral("part"));
    QVERIFY(dlg->waitForPreview());
    QVERIFY(dlg->importNow());
    QCOMPARE(w.engine().data().parts.size(), parts + 1);
    // A bad file: refused with its line and field, nothing changes.
    dlg = w.showImport(fixture("prices-bad-usd.csv"));
    QVERIFY(!dlg->canImport());
    QVERIFY2(dlg->previewText().contains(QStringLiteral("prices-bad-usd.csv:2: usd:")), qPrintable(dlg->previewText()));
    dlg->close();
    QUndoStack *undo = w.userData()->undoStack();
    undo->undo();
    QCOMPARE(w.engine().data().parts.size(), parts);
    QCOMPARE(readText(layerFile), afterPrices);
    undo->undo();
    QVERIFY(!QFile::exists(layerFile));
    qunsetenv("FF_DATA_HOME");
}

QTEST_MAIN(TestImport)
#include "tst_import.moc"

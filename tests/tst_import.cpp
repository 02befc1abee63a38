// Issue 17: the user data layer, the llama-bench and Capabilities Index importers, and the window's
// import, undo and data origins. Prices and parts (issue 25): tst_import_prices; "this machine" and
// report --box: tst_machine (the three share importfixture.h).
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

#include "data/assumptions.h"
#include "physics/calibration.h"
#include "market/market.h"
#include "data/dataset.h"
#include "solver/forecast.h"
#include "helpdialogs.h"
#include "importdialog.h"
#include "files/importers.h"
#include "files/machine.h"
#include "machineview.h"
#include "mainwindow.h"
#include "files/modelimport.h"
#include "scenariodocument.h"
#include "files/userdata.h"
#include "userdatadialog.h"
#include "userdatafile.h"
#include "userdatastore.h"
#include "core/timeutil.h"
#include "importfixture.h"
#include "files/loaddata.h"

using namespace ff;

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
    void windowImportUndoRestoresExactly();
    void brokenImportInTheWindowChangesNothing();
    void windowMergesImportsMadeElsewhere();

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

QTEST_MAIN(TestImport)
#include "tst_import.moc"

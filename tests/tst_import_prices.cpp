// Issue 25, item 5: `import prices` and `import part` into the user data layer: the preview, apply
// and undo, a price that decides the answer, broken files named by line and field, public addresses,
// older open models from the index, the command line, and the window's import with Edit > Undo.
// (Split from tst_import.)
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

class TestImportPrices : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
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

void TestImportPrices::initTestCase()
{
    mShipped = std::make_unique<DataSet>(loadDataSet(kData));
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

void TestImportPrices::pricesPreviewApplyUndo()
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

void TestImportPrices::priceDecidesTheAnswer()
{
    // A box is bought in the month it answers in, at that month's price (issue 26), so an imported
    // price decides the answer where it decides what the budget buys in that month. Sonnet 4.5 at
    // budgets where it is still projected (the answer is the law's box, not an observed run). The
    // import is a used RTX 3090 price in 2026-11, the latest month a price can carry before today
    // (2026-11-30); the 2027 purchase is priced from it by the trend after the last observation.
    const LayeredData shipped = layeredData(kData, std::string(), UserLayer{});
    const auto withPrice = [&](const char *usd) {
        const std::string csv = std::string("part,date,usd,kind,source\nRTX 3090,2026-11-15,") + usd +
                                ",used,https://example.com/rtx-3090-used-2026-11 (test input: a price chosen to test the answer)\n";
        const ImportPreview pv = previewPrices(*mShipped, csv, "prices-answer.csv", "2026-11-30");
        [&] { QVERIFY2(pv.valid(), pv.errors.empty() ? "" : pv.errors.front().text(pv.file).c_str()); }();
        return layeredData(kData, std::string(), withImport(UserLayer{}, pv.import));
    };
    const auto answer = [](const LayeredData &l, double budget) {
        Scenario sc;
        sc.values["budget_usd"] = budget;
        sc.targetModel = "Claude Sonnet 4.5";
        return l.engine->compute(sc).task;
    };
    const auto text = [](const ParityResult &r) {
        return QStringLiteral("%1 %2 on %3 at %4 (%5)")
            .arg(QString::fromStdString(parityKindName(r.kind)), QString::fromStdString(formatMonth(r.year)), QString::fromStdString(r.box))
            .arg(r.boxPrice ? r.boxPrice->totalUsd : -1)
            .arg(r.boxPrice ? QString::fromStdString(r.boxPrice->basis) : QString());
    };
    const auto onRtx3090 = [](const ParityResult &r) { return r.box == "RTX 3090"; };

    // Cheaper: at $2,000 the one-card RTX 3090 box is over the budget in 2027 at its shipped prices
    // (used $700 in 2026-05, then the trend); at $400 it is within it, and the answer moves earlier onto
    // it, bought in its answer month at the price the import gives then.
    {
        const ParityResult before = answer(shipped, 2000), after = answer(withPrice("400"), 2000);
        const QString what = text(before) + QStringLiteral(" | ") + text(after);
        QVERIFY2(before.reached && after.reached && before.kind == ParityKind::Projected && after.kind == ParityKind::Projected, qPrintable(what));
        QVERIFY2(!onRtx3090(before) && onRtx3090(after), qPrintable(what));
        QVERIFY2(after.year < before.year, qPrintable(what));
        QVERIFY2(after.boxPrice && std::fabs(after.boxPrice->t - after.year) < 1e-9 && after.boxPrice->totalUsd <= 2000, qPrintable(what));
        QVERIFY2(after.boxPrice->basis.rfind("used 2026-11 $400", 0) == 0, qPrintable(what));
    }
    // Dearer: at $2,500 the RTX 3090 box is the answer at its shipped prices; at $1,200 it is over the
    // budget in that month, and the answer moves later (onto another box, or onto it once within budget).
    {
        const ParityResult before = answer(shipped, 2500), after = answer(withPrice("1200"), 2500);
        const QString what = text(before) + QStringLiteral(" | ") + text(after);
        QVERIFY2(before.reached && before.kind == ParityKind::Projected && onRtx3090(before), qPrintable(what));
        QVERIFY2(before.boxPrice && before.boxPrice->totalUsd <= 2500, qPrintable(what));
        QVERIFY2(!after.reached || after.year > before.year, qPrintable(what));
        if (after.reached && onRtx3090(after))
            QVERIFY2(after.boxPrice && after.boxPrice->totalUsd <= 2500 && after.boxPrice->basis.rfind("used 2026-11 $1200", 0) == 0,
                     qPrintable(what));
    }
}

void TestImportPrices::brokenPrices_data()
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

void TestImportPrices::brokenPrices()
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

void TestImportPrices::partPreviewApplyUndo()
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

void TestImportPrices::brokenPart_data()
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

void TestImportPrices::brokenPart()
{
    QFETCH(QString, file);
    QFETCH(QString, where);
    const ImportPreview pv = previewPart(*mShipped, readText(fixture(file.toLatin1().constData())), file.toStdString(), "2026-11-30");
    QVERIFY(!pv.valid());
    QCOMPARE(pv.import.rowCount(), std::size_t(0));
    const QString text = QString::fromStdString(previewText(pv, nullptr, false));
    QVERIFY2(text.contains(where), qPrintable(text));
}

void TestImportPrices::publicAddresses()
{
    for (const char *ok : {"https://www.nvidia.com/en-us/geforce/", "http://kad8.com/news/x (read for the row)",
                           "epoch-research/training-cost-trends data/Hardware prices.csv @263c40a159307e917213d1dc433c617e47d55bfe",
                           "github.com/ggml-org/llama.cpp tools/llama-bench/README.md @8cf427ff"})
        QVERIFY2(publicAddressProblem(ok).empty(), ok);
    for (const char *bad : {"", "my notes", "file id 123", "https://localhost/x", "https:// example.com", "the corpus, page 3",
                            "owner/repo path without commit", "as recalled"})
        QVERIFY2(!publicAddressProblem(bad).empty(), bad);
}

void TestImportPrices::indexTakesOlderOpenModels()
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

void TestImportPrices::cliImportPricesAndPart()
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

void TestImportPrices::windowImportsPricesAndUndoes()
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
    // Help > Data Sources lists every price with its source and origin, the page's range beside it.
    {
        const auto rows = ffui::DataSourcesDialog::rows(w.engine().data());
        const auto find = [&](const QString &name) {
            return std::find_if(rows.begin(), rows.end(), [&](const QStringList &r) { return r.value(0) == QStringLiteral("Price") && r.value(1) == name; });
        };
        const auto imported = find(QStringLiteral("RTX 5090: street $1,899 in 2026-03"));
        QVERIFY(imported != rows.end());
        QVERIFY(imported->value(2).startsWith(QStringLiteral("https://example.com/rtx-5090-street-2026-03")));
        QVERIFY2(imported->value(3).startsWith(QStringLiteral("imported from prices-good.csv")), qPrintable(imported->value(3)));
        const auto shipped = find(QStringLiteral("RTX 5090: street $3,059 in 2026-01 (the page's range $3,059 to $4,000)"));
        QVERIFY(shipped != rows.end());
        QCOMPARE(shipped->value(3), QStringLiteral("shipped"));
        QVERIFY(find(QStringLiteral("DDR5: street $2.45 per GB in 2025-03")) != rows.end());
    }
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

QTEST_MAIN(TestImportPrices)
#include "tst_import_prices.moc"

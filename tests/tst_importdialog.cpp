// Issue 25, item 5: the window's Import dialog offers `import model` (a Hugging Face config.json with
// its name, release, score and source typed in fields), with the preview the command line prints,
// refusals naming the file and the field, Edit > Undo, and the shipped data never written; and an
// imported part's end of new supply reaches the market (used only after it, never bought new then);
// an imported price keeps the range its page gives, and can end a shipped part's new supply.
#include <QAction>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "data/assumptions.h"
#include "solver/forecast.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "market/market.h"
#include "testutil.h"
#include "core/timeutil.h"
#include "files/userdata.h"
#include "userdatastore.h"

using namespace ff;

namespace {

const QString kData = QStringLiteral(FF_SOURCE_DATA_DIR);
QString configFile(const char *name) { return QStringLiteral(FF_IMPORT_FILES_DIR "/configs/") + QString::fromLatin1(name); }
QString importFile(const char *name) { return QStringLiteral(FF_IMPORT_FILES_DIR "/") + QString::fromLatin1(name); }

QByteArray readBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every file of the shipped data by its hash: the dialog must never write there.
QMap<QString, QByteArray> shippedHashes()
{
    QMap<QString, QByteArray> h;
    const QDir dir(kData);
    for (const QString &f : dir.entryList({QStringLiteral("*.json")}, QDir::Files))
        h[f] = QCryptographicHash::hash(readBytes(dir.filePath(f)), QCryptographicHash::Sha256);
    return h;
}

// Types into one of the dialog's fields as a user would (textEdited, then the preview's pause).
void type(ffui::ImportDialog *dlg, const char *field, const QString &text)
{
    auto *e = dlg->findChild<QLineEdit *>(QLatin1String(field));
    QVERIFY2(e, field);
    QVERIFY2(e->isVisibleTo(dlg), field);
    QVERIFY2(!e->accessibleName().isEmpty(), field);
    e->clear();
    QTest::keyClicks(e, text);
}

// The one-card box of `part` as the market builds it at asOf (nullptr: not offered).
std::vector<Box> boxesOf(const DataSet &d, double asOf)
{
    const Params p = resolveParams(d, assumptionValues(d, Scenario{}));
    return buildBoxes(d, p, {}, asOf, 1e7, d.settings.horizonYear, BoxList::Unsorted);
}
const Box *oneCard(const std::vector<Box> &boxes, const std::string &part)
{
    for (const Box &b : boxes)
        if (b.catalogPart && b.catalogPart->name == part && b.gpus == 1)
            return &b;
    return nullptr;
}

} // namespace

class TestImportDialog : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void modelConfigPreviewImportAndUndo();
    void badConfigRefusedNamingFileAndField();
    void partSupplyEndReachesTheMarket();
    void pricesKeepTheirRange();
    void pricesSetANewSupplyEnd();
    void partKeepsHardwareJsonNotes();

private:
    QTemporaryDir *mHome = nullptr;
};

void TestImportDialog::init()
{
    mHome = new QTemporaryDir;
    QVERIFY(mHome->isValid());
    qputenv("FF_DATA_HOME", mHome->path().toLocal8Bit());
}

void TestImportDialog::cleanup()
{
    qunsetenv("FF_DATA_HOME");
    delete mHome;
    mHome = nullptr;
}

void TestImportDialog::modelConfigPreviewImportAndUndo()
{
    const auto hashes = shippedHashes();
    ffui::MainWindow w(kData);
    QStringList messages;
    w.setMessageHandler([&](QMessageBox::Icon, const QString &, const QString &text) { messages << text; });
    const std::size_t openBefore = w.engine().data().openModels.size();
    const QString config = configFile("qwen3-30b-a3b.json");
    ffui::ImportDialog *dlg = w.showImport(config);
    // Recognised as a config.json from its content; without a release date and a source it is refused, naming them.
    QVERIFY(dlg->waitForPreview());
    QCOMPARE(dlg->preview().kind, std::string("model"));
    QVERIFY(!dlg->canImport());
    QString text = dlg->previewText();
    QVERIFY2(text.contains(QDir::toNativeSeparators(config) + QStringLiteral(": Released: ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral(": Source: ")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("--released")), qPrintable(text)); // the window's fields, not the CLI's options

    const QString name = QStringLiteral("Dialog Qwen3-30B-A3B");
    const QString source = QStringLiteral("https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json");
    type(dlg, "importModelName", name);
    type(dlg, "importModelReleased", QStringLiteral("2025-04"));
    type(dlg, "importModelScore", QStringLiteral("131.5"));
    type(dlg, "importModelSource", source);
    QVERIFY(dlg->waitForPreview());
    text = dlg->previewText();
    QVERIFY2(dlg->canImport(), qPrintable(text));
    // Each computed figure with how it was computed; the KV cache by hand: 48 layers x 4 KV heads x 128 x (K + V) x 2 bytes.
    const double kvHand = 48.0 * 4 * 128 * 2 * 2;
    QCOMPARE(kvHand, 98304.0);
    for (const QString &want : {QStringLiteral("total parameters: "), QStringLiteral("active parameters: "),
                                QStringLiteral("KV cache: 98304 bytes per token (FP16) = "), QStringLiteral("context limit: 40960 tokens = max_position_embeddings")})
        QVERIFY2(text.contains(want), qPrintable(want + QStringLiteral("\n---\n") + text));
    // The same preview the command line prints: every line of its dry run is in the dialog's.
    const fftest::Run cli = fftest::runApp({QStringLiteral("import"), QStringLiteral("model"), config, QStringLiteral("--dry-run"),
                                            QStringLiteral("--name"), name, QStringLiteral("--released"), QStringLiteral("2025-04"),
                                            QStringLiteral("--score"), QStringLiteral("131.5"), QStringLiteral("--source"), source});
    QVERIFY2(cli.code == 0, cli.err.constData());
    int shared = 0;
    for (const QString &line : QString::fromUtf8(cli.out).split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("  ")) || line.startsWith(QStringLiteral("New model: "))) {
            QVERIFY2(text.contains(line), qPrintable(line + QStringLiteral("\n---\n") + text));
            ++shared;
        }
    }
    QVERIFY2(shared >= 5, qPrintable(QString::fromUtf8(cli.out))); // four figures and the new row at least

    // Import: one step of Edit > Undo; the model joins the data with its counted figures.
    QVERIFY(dlg->importNow());
    dlg->close();
    const OpenModel *m = w.engine().data().openModel(name.toStdString());
    QVERIFY(m);
    QCOMPARE(w.engine().data().openModels.size(), openBefore + 1);
    QVERIFY2(std::fabs(m->paramsTotalB / 30.5 - 1) < 0.02, qPrintable(QString::number(m->paramsTotalB)));
    QVERIFY2(std::fabs(m->paramsActiveB / 3.3 - 1) < 0.02, qPrintable(QString::number(m->paramsActiveB)));
    QVERIFY(m->kvBytesPerToken);
    QCOMPARE(*m->kvBytesPerToken, kvHand);
    QVERIFY(m->quality);
    QCOMPARE(*m->quality, 131.5);
    const QString layerFile = mHome->filePath(QStringLiteral("user-data.json"));
    QVERIFY(QFile::exists(layerFile));
    QVERIFY(readBytes(layerFile).contains(name.toUtf8()));
    QAction *undo = w.action(QStringLiteral("undo"));
    QVERIFY(undo && undo->isEnabled());
    QVERIFY2(undo->text().contains(QStringLiteral("qwen3-30b-a3b.json")), qPrintable(undo->text()));

    // Edit > Undo: the previous state, layer file included; Redo puts it back.
    undo->trigger();
    QVERIFY(!w.engine().data().openModel(name.toStdString()));
    QCOMPARE(w.engine().data().openModels.size(), openBefore);
    QVERIFY(!QFile::exists(layerFile));
    w.action(QStringLiteral("redo"))->trigger();
    QVERIFY(w.engine().data().openModel(name.toStdString()));
    // The shipped data was never written.
    QCOMPARE(shippedHashes(), hashes);
    QVERIFY2(messages.isEmpty(), qPrintable(messages.join(QLatin1Char('\n'))));
}

void TestImportDialog::badConfigRefusedNamingFileAndField()
{
    ffui::MainWindow w(kData);
    w.setMessageHandler([](QMessageBox::Icon, const QString &, const QString &) {});
    QTemporaryDir files;
    // A real config with one needed field taken out.
    nlohmann::json j = nlohmann::json::parse(readBytes(configFile("llama-3.1-8b.json")).toStdString());
    QVERIFY(j.contains("num_key_value_heads"));
    j["num_key_value_heads"] = -8;
    const QString bad = files.filePath(QStringLiteral("config.json"));
    QVERIFY(fftest::writeFile(bad, QByteArray::fromStdString(j.dump(2))));
    ffui::ImportDialog *dlg = w.showImport(bad);
    QCOMPARE(dlg->preview().kind, std::string("model"));
    type(dlg, "importModelReleased", QStringLiteral("2024-07"));
    type(dlg, "importModelSource", QStringLiteral("https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json"));
    type(dlg, "importModelName", QStringLiteral("Broken Llama"));
    QVERIFY(dlg->waitForPreview());
    QVERIFY(!dlg->canImport());
    QString text = dlg->previewText();
    QVERIFY2(text.contains(QDir::toNativeSeparators(bad) + QStringLiteral(": num_key_value_heads: ")), qPrintable(text));
    QVERIFY2(!dlg->importNow(), "a refused config was imported");
    QVERIFY(!w.engine().data().openModel("Broken Llama"));

    // A good config with a score that is not a number: refused, naming the field.
    dlg->loadFile(configFile("llama-3.1-8b.json"));
    type(dlg, "importModelName", QStringLiteral("Llama with a bad score"));
    type(dlg, "importModelScore", QStringLiteral("high"));
    QVERIFY(dlg->waitForPreview());
    QVERIFY(!dlg->canImport());
    text = dlg->previewText();
    QVERIFY2(text.contains(QDir::toNativeSeparators(configFile("llama-3.1-8b.json")) + QStringLiteral(": Score: expected an index score")),
             qPrintable(text));
    QVERIFY(!QFile::exists(mHome->filePath(QStringLiteral("user-data.json"))));
    QVERIFY(!w.userData()->undoStack() || w.userData()->undoStack()->count() == 0);
    dlg->close();
}

void TestImportDialog::partSupplyEndReachesTheMarket()
{
    ffui::MainWindow w(kData);
    w.setMessageHandler([](QMessageBox::Icon, const QString &, const QString &) {});
    // part-good.csv with its new supply ending 2026-02, through the dialog.
    std::string csv = readBytes(importFile("part-good.csv")).toStdString();
    csv.replace(csv.find(",source\n"), 8, ",new_supply_ended,source\n");
    const auto lastComma = csv.find(",https://");
    QVERIFY(lastComma != std::string::npos);
    csv.insert(lastComma, ",2026-02");
    QTemporaryDir files;
    const QString path = files.filePath(QStringLiteral("part-ended.csv"));
    QVERIFY(fftest::writeFile(path, QByteArray::fromStdString(csv)));
    ffui::ImportDialog *dlg = w.showImport(path);
    QVERIFY(dlg->waitForPreview());
    QCOMPARE(dlg->preview().kind, std::string("part"));
    QVERIFY2(dlg->previewText().contains(QStringLiteral("sold new until 2026-02")), qPrintable(dlg->previewText()));
    QVERIFY2(dlg->importNow(), qPrintable(dlg->previewText()));
    dlg->close();

    const std::string part = "RTX 5060 Ti 16GB";
    const double asOf = *parseDate("2026-11"), end = *parseDate("2026-02");
    const double before = *parseDate("2025-12"), after = *parseDate("2026-06");
    const auto boxes = boxesOf(w.engine().data(), asOf);
    const Box *b = oneCard(boxes, part);
    QVERIFY(b);
    QCOMPARE(b->newSupplyEnded, end);
    // New before the end, the used market only after it.
    QVERIFY(!b->priceDetail(before, false).usedOnly);
    QVERIFY(b->priceDetail(after, false).usedOnly);
    // A part priced only at launch is not bought new after its supply ended: owning it then means it was bought by the end.
    QVERIFY2(b->pricedUntil <= end + 1e-9, qPrintable(QString::number(b->pricedUntil)));
    const BoxPrice owned = b->purchase(after, false);
    QVERIFY2(owned.t <= end + 1e-9, qPrintable(QString::number(owned.t)));

    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the closed dialog goes
    // Edit > Undo: the part is gone from the market again.
    w.action(QStringLiteral("undo"))->trigger();
    QVERIFY(!oneCard(boxesOf(w.engine().data(), asOf), part));
    // The same row without an end: sold new at that date, bought then.
    std::string open = readBytes(importFile("part-good.csv")).toStdString();
    QVERIFY(fftest::writeFile(path, QByteArray::fromStdString(open)));
    dlg = w.showImport(path);
    QVERIFY(dlg->waitForPreview());
    QVERIFY2(dlg->importNow(), qPrintable(dlg->previewText()));
    dlg->close();
    const auto boxes2 = boxesOf(w.engine().data(), asOf);
    const Box *c = oneCard(boxes2, part);
    QVERIFY(c);
    QVERIFY(!c->priceDetail(after, false).usedOnly);
    QVERIFY2(c->purchase(after, false).t > end, qPrintable(QString::number(c->purchase(after, false).t)));
}

// `import prices` takes a page's range as prices.json keeps it (range_usd beside the price taken),
// and refuses a half range or a price outside its range, naming line and field.
void TestImportDialog::pricesKeepTheirRange()
{
    const DataSet &d = fftest::shippedData();
    const std::string head = "part,date,usd,kind,source,range_low_usd,range_high_usd\n";
    const std::string src = "https://example.com/rtx-4090-used-2026-06 (test input)";
    ImportPreview pv = previewPrices(d, head + "RTX 4090,2026-06,2000,used," + src + ",2000,2400\n", "range.csv", "2026-12-05");
    QVERIFY2(pv.valid(), pv.errors.empty() ? "" : pv.errors.front().text("range.csv").c_str());
    const nlohmann::json &ob = pv.import.prices.at(0).at("observations").at(0);
    QCOMPARE(ob.value("range_usd", nlohmann::json()), nlohmann::json::array({2000.0, 2400.0}));
    const std::string text = previewText(pv, nullptr, true);
    QVERIFY2(text.find("range $2,000 to $2,400") != std::string::npos, text.c_str());
    // Through the layer's file and its reader: the range is kept, the market takes the price.
    const UserLayer back = parseUserLayer(userLayerText(withImport(UserLayer{}, pv.import)), "user-data.json");
    QCOMPARE(back.imports.front().prices.at(0).at("observations").at(0).value("range_usd", nlohmann::json()), ob.at("range_usd"));
    const LayeredData ld = layeredData(FF_SOURCE_DATA_DIR, "", back);
    const DataSet &a = ld.engine->data();
    const PriceSeries &s = a.prices.parts[static_cast<std::size_t>(a.part("RTX 4090") - a.parts.data())];
    QVERIFY(std::any_of(s.obs.begin(), s.obs.end(), [](const PriceObservation &o) { return o.usd == 2000 && o.kind == PriceKind::Used; }));
    // Without the range columns the file is read as before.
    pv = previewPrices(d, "part,date,usd,kind,source\nRTX 4090,2026-06,2000,used," + src + "\n", "plain.csv", "2026-12-05");
    QVERIFY(pv.valid());
    QVERIFY(!pv.import.prices.at(0).at("observations").at(0).contains("range_usd"));
    // Refusals, each naming line and field.
    const struct {
        std::string cells, where;
    } bad[] = {
        {"1900,used," + src + ",2000,2400", "bad.csv:2: usd: 1900 is outside its range 2000 to 2400"},
        {"2000,used," + src + ",2000,", "bad.csv:2: range_high_usd: empty: a range needs both ends"},
        {"2000,used," + src + ",2400,2000", "bad.csv:2: range_high_usd: 2000 is below the range's low end (2400)"},
        {"2000,used," + src + ",2000,lots", "bad.csv:2: range_high_usd: expected the range's high end in US dollars (a number)"},
    };
    for (const auto &b : bad) {
        pv = previewPrices(d, head + "RTX 4090,2026-06," + b.cells + "\n", "bad.csv", "2026-12-05");
        const std::string t = previewText(pv, nullptr, true);
        QVERIFY2(!pv.valid() && pv.import.rowCount() == 0, t.c_str());
        QVERIFY2(t.find(b.where) != std::string::npos, t.c_str());
    }
}

// `import prices` sets the end of a shipped part's new supply (prices.json's new_supply_ended): the
// market sells it used only after that date.
void TestImportDialog::pricesSetANewSupplyEnd()
{
    const DataSet &d = fftest::shippedData();
    const std::string head = "part,date,usd,kind,source,new_supply_ended\n";
    const std::string src = "https://example.com/rtx-5090-used-2026-09 (test input)";
    const double asOf = *parseDate("2026-11"), before = *parseDate("2026-07"), after = *parseDate("2026-10");
    const std::vector<Box> shippedBoxes = boxesOf(d, asOf); // kept: the box points into it
    const Box *shipped = oneCard(shippedBoxes, "RTX 5090");
    QVERIFY(shipped);
    QVERIFY(!shipped->priceDetail(after, false).usedOnly); // sold new in the shipped data
    ImportPreview pv = previewPrices(d, head + "RTX 5090,2026-09,2100,used," + src + ",2026-08\n", "end.csv", "2026-12-05");
    QVERIFY2(pv.valid(), pv.errors.empty() ? "" : pv.errors.front().text("end.csv").c_str());
    QVERIFY2(previewText(pv, nullptr, true).find("sold new until 2026-08") != std::string::npos, previewText(pv, nullptr, true).c_str());
    const LayeredData ld = layeredData(FF_SOURCE_DATA_DIR, "", parseUserLayer(userLayerText(withImport(UserLayer{}, pv.import)), "user-data.json"));
    const auto boxes = boxesOf(ld.engine->data(), asOf);
    const Box *b = oneCard(boxes, "RTX 5090");
    QVERIFY(b);
    QCOMPARE(b->newSupplyEnded, *parseDate("2026-08"));
    QVERIFY(!b->priceDetail(before, false).usedOnly);
    QVERIFY(b->priceDetail(after, false).usedOnly);
    // Refusals naming line and field: before the release, two ends for one part, not a date.
    const struct {
        std::string rows, where;
    } bad[] = {
        {"RTX 5090,2026-09,2100,used," + src + ",2024-12\n", "bad.csv:2: new_supply_ended: 2024-12 is before the part's release"},
        {"RTX 5090,2026-09,2100,used," + src + ",2026-08\nRTX 5090,2026-10,2000,used," + src + ",2026-09\n",
         "bad.csv:3: new_supply_ended: 2026-09: line 2 gives 2026-08 for RTX 5090"},
        {"RTX 5090,2026-09,2100,used," + src + ",soon\n", "bad.csv:2: new_supply_ended: expected a date YYYY-MM-DD or YYYY-MM"},
    };
    for (const auto &x : bad) {
        pv = previewPrices(d, head + x.rows, "bad.csv", "2026-12-05");
        const std::string t = previewText(pv, nullptr, true);
        QVERIFY2(!pv.valid() && pv.import.rowCount() == 0, t.c_str());
        QVERIFY2(t.find(x.where) != std::string::npos, t.c_str());
    }
}

// `import part` keeps what hardware.json carries beside the figures: each figure's note and the
// compute figure's own source, checked like the row's source.
void TestImportDialog::partKeepsHardwareJsonNotes()
{
    const DataSet &d = fftest::shippedData();
    std::string csv = readBytes(importFile("part-good.csv")).toStdString();
    const std::string extra = "prefill_tops_source,launch_price_usd_note,bandwidth_note";
    const std::string tops = "https://www.nvidia.com/content/dam/en-zz/Solutions/design-visualization/technologies/blackwell-architecture/"
                             "nvidia-rtx-blackwell-gpu-architecture.pdf (test input)";
    csv.replace(csv.find(",source\n"), 8, "," + extra + ",source\n");
    const auto at = csv.find(",https://");
    QVERIFY(at != std::string::npos);
    csv.insert(at, "," + tops + ",the 16 GB card's list price,128-bit bus at 28 Gbps");
    ImportPreview pv = previewPart(d, csv, "notes.csv", "2026-12-05");
    QVERIFY2(pv.valid(), pv.errors.empty() ? "" : pv.errors.front().text("notes.csv").c_str());
    const nlohmann::json &row = pv.import.parts.at(0);
    QCOMPARE(row.value("prefill_tops_source", ""), tops);
    QCOMPARE(row.value("launch_price_usd_note", ""), std::string("the 16 GB card's list price"));
    QCOMPARE(row.value("bandwidth_note", ""), std::string("128-bit bus at 28 Gbps"));
    QVERIFY(row.value("source", "") != tops);
    // The layer keeps them and the data reads the part.
    const UserLayer back = parseUserLayer(userLayerText(withImport(UserLayer{}, pv.import)), "user-data.json");
    QCOMPARE(back.imports.front().parts.at(0).value("bandwidth_note", ""), std::string("128-bit bus at 28 Gbps"));
    const LayeredData ld = layeredData(FF_SOURCE_DATA_DIR, "", back);
    QVERIFY(ld.engine->data().part("RTX 5060 Ti 16GB"));
    // A compute source no reader can follow is refused, naming line and field.
    std::string bad = csv;
    bad.replace(bad.find(tops), tops.size(), "corpus page 3");
    pv = previewPart(d, bad, "notes.csv", "2026-12-05");
    const std::string t = previewText(pv, nullptr, true);
    QVERIFY2(!pv.valid() && t.find("notes.csv:2: prefill_tops_source: ") != std::string::npos, t.c_str());
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"

// The window's files: autosave and recovery after a crash (never blocking, never another running
// window's copy), failed autosaves and saves (the old file kept), bad data refused with the window
// left as it was, good data replacing the catalogs. Offscreen, with temporary settings and application
// data; widgets found by objectName. (Split from tst_window, on the same fixture: windowfixture.h.)
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QFrame>
#include <QLockFile>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "assumptionpanel.h"
#include "autosaver.h"
#include "solver/forecast.h"
#include "headlinecards.h"
#include "mainwindow.h"
#include "report/report.h"
#include "scenariodocument.h"
#include "windowfixture.h"
#include "files/loaddata.h"

using namespace ffui;

class TestWindowFiles : public QObject, public WindowFixture {
    Q_OBJECT

private slots:
    void initTestCase() { initCase("tst_window_files"); }
    void cleanupTestCase() { cleanupCase(); }
    void init() { openWindow(); }
    void cleanup() { closeWindow(); }

    void autosaveKeepsAnUnsavedWhatIf();
    void recoveryIsOfferedWithoutBlocking();
    void failedAutosaveIsReported();
    void twoWindowsKeepTheirOwnCopies();
    void onlyCopiesOfDeadOwnersAreOffered_data();
    void onlyCopiesOfDeadOwnersAreOffered();
    void failedSaveKeepsTheOldFile();
    void badDataLeavesTheWindowAsItWas_data();
    void badDataLeavesTheWindowAsItWas();
    void goodDataReplacesTheCatalogs();
};

// ---- autosave, recovery, failed saves, bad data ----

void TestWindowFiles::autosaveKeepsAnUnsavedWhatIf()
{
    Autosaver *autosaver = mWindow->autosaver();
    QVERIFY(QFileInfo(autosaver->path()).fileName().startsWith(QStringLiteral("autosave-")));
    QVERIFY(autosaver->path().startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    autosaver->setInterval(50);
    QVERIFY(!autosaver->hasCopy());
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 4200));
    QVERIFY(mWindow->setAssumption(QStringLiteral("max_sparsity"), 30));
    QTRY_VERIFY(autosaver->hasCopy());
    const ff::Scenario kept = ff::loadScenarioFile(mEngine->data(), autosaver->path().toStdString());
    QCOMPARE(ff::assumptionValues(mEngine->data(), kept), ff::assumptionValues(mEngine->data(), mWindow->document()->scenario()));
    // Saved: nothing left to recover.
    QVERIFY(mWindow->saveScenario(mFiles.filePath(QStringLiteral("autosaved.json"))));
    QVERIFY(!autosaver->hasCopy());
    // Changed again, then undone back to the saved state: the copy goes again.
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 6100));
    QTRY_VERIFY(autosaver->hasCopy());
    mWindow->action(QStringLiteral("undo"))->trigger();
    QVERIFY(!mWindow->isWindowModified());
    QVERIFY(!autosaver->hasCopy());
    // A drag writes once per interval, not once per step.
    autosaver->setInterval(400);
    QSignalSpy saved(autosaver, &Autosaver::saved);
    for (int i = 0; i < 20; ++i)
        QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000 + 50 * i));
    QTRY_COMPARE(saved.size(), 1);
    QTest::qWait(500);
    QCOMPARE(saved.size(), 1);
}

void TestWindowFiles::recoveryIsOfferedWithoutBlocking()
{
    mWindow->autosaver()->setInterval(50);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 4300));
    QVERIFY(mWindow->setTargetModel(QStringLiteral("Fixture Sonnet A")));
    QTRY_VERIFY(mWindow->autosaver()->hasCopy());
    const ff::Scenario lost = mWindow->document()->scenario();
    const QString copy = mWindow->autosaver()->path();
    // The program stops without closing the window (a crash): the copy stays.
    mWindow.reset();
    QVERIFY(QFile::exists(copy));

    init();
    QVERIFY(mWindow->recoveryOffered());
    auto *bar = mWindow->findChild<QFrame *>(QStringLiteral("recoveryBar"));
    QVERIFY(bar && bar->isVisible());
    QVERIFY(!QApplication::activeModalWidget()); // nothing blocks
    QVERIFY(mWindow->document()->scenario().values.empty());
    // While it is on offer, new edits do not overwrite it.
    QCOMPARE(mWindow->autosaver()->orphan(), copy);
    QFile file(copy);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();
    mWindow->autosaver()->setInterval(20);
    QVERIFY(mWindow->setAssumption(QStringLiteral("max_gpus"), 3));
    QTest::qWait(100);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    file.close();
    mWindow->action(QStringLiteral("undo"))->trigger();

    bar->findChild<QPushButton *>(QStringLiteral("recoveryRestoreButton"))->click();
    QVERIFY(!mWindow->recoveryOffered());
    QCOMPARE(ff::assumptionValues(mEngine->data(), mWindow->document()->scenario()), ff::assumptionValues(mEngine->data(), lost));
    QCOMPARE(mWindow->document()->targetModel(), QString::fromStdString(lost.targetModel));
    QVERIFY(mWindow->isWindowModified()); // restored, not yet saved
    QVERIFY(mMessages.isEmpty());
    mWindow->action(QStringLiteral("undo"))->trigger(); // the restore is one undo step
    QVERIFY(mWindow->document()->scenario().values.empty());
    QVERIFY(!mWindow->isWindowModified());

    // Back at the saved state there was nothing to keep; redone, it is kept again.
    QVERIFY(!mWindow->autosaver()->hasCopy());
    mWindow->action(QStringLiteral("redo"))->trigger();
    QTRY_VERIFY(mWindow->autosaver()->hasCopy());
    // Discard: the copy goes and is not offered again.
    mWindow.reset();
    init();
    QVERIFY(mWindow->recoveryOffered());
    mWindow->findChild<QPushButton *>(QStringLiteral("recoveryDiscardButton"))->click();
    QVERIFY(!mWindow->recoveryOffered());
    QVERIFY(QDir(Autosaver::defaultDirectory()).entryList({QStringLiteral("autosave*.json")}, QDir::Files).isEmpty());
    mWindow.reset();
    init();
    QVERIFY(!mWindow->recoveryOffered());
}

void TestWindowFiles::twoWindowsKeepTheirOwnCopies()
{
    // Window A has unsaved changes and a live copy.
    mWindow->autosaver()->setInterval(20);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 4500));
    QTRY_VERIFY(mWindow->autosaver()->hasCopy());
    const QString copyA = mWindow->autosaver()->path();
    // Window B starts while A runs: A's copy is not a crash leftover and is not offered.
    auto b = std::make_unique<MainWindow>(QStringLiteral(FF_TEST_DATA_DIR));
    b->setMessageHandler([this](QMessageBox::Icon, const QString &title, const QString &text) { mMessages << title + QStringLiteral(": ") + text; });
    b->setQuestionHandler([](const QString &, const QString &) { return QMessageBox::Discard; });
    QVERIFY(!b->recoveryOffered());
    QVERIFY(b->autosaver()->path() != copyA);
    b->autosaver()->setInterval(20);
    QVERIFY(b->setAssumption(QStringLiteral("budget_usd"), 9000));
    QTRY_VERIFY(b->autosaver()->hasCopy());
    // B's work is discarded on close: only B's copy goes.
    b->close();
    b.reset();
    QVERIFY(QFileInfo(copyA).isFile());
    QCOMPARE(ff::loadScenarioFile(mEngine->data(), copyA.toStdString()).values.at("budget_usd"), 4500.0);
    QVERIFY(mMessages.isEmpty());
}

void TestWindowFiles::onlyCopiesOfDeadOwnersAreOffered_data()
{
    QTest::addColumn<QString>("owner");
    QTest::addColumn<bool>("offered");
    QTest::newRow("owner crashed (stale lock)") << "dead" << true;
    QTest::newRow("owner still running") << "alive" << false;
    QTest::newRow("no lock (an older version's copy)") << "none" << true;
    QTest::newRow("a directory named like a copy") << "directory" << false;
    // An earlier version's copy naming a since renamed assumption: restored, migrated, and said.
    QTest::newRow("an older version's copy with a retired name") << "retired" << true;
}
void TestWindowFiles::onlyCopiesOfDeadOwnersAreOffered()
{
    QFETCH(QString, owner);
    QFETCH(bool, offered);
    mWindow.reset();
    clearAutosaves();
    const QString copy = QDir(Autosaver::defaultDirectory()).filePath(QStringLiteral("autosave-424242-1.json"));
    QDir().mkpath(Autosaver::defaultDirectory());
    std::unique_ptr<QLockFile> held;
    if (owner == QLatin1String("directory")) {
        QVERIFY(QDir().mkdir(copy));
    } else if (owner == QLatin1String("retired")) {
        QFile f(copy);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "frontier-forecast-scenario", "version": 1, "name": "Unsaved",
                    "values": {"budget_usd": 4700, "street_price_halflife_years": 8}})");
        f.close();
    } else {
        ff::Scenario s;
        s.values["budget_usd"] = 4700;
        QFile f(copy);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(ff::scenarioToJson(mEngine->data(), s)));
        f.close();
    }
    if (owner == QLatin1String("dead")) {
        // A lock naming a process that has ended, as a crash leaves it.
        QProcess gone;
        gone.start(QStringLiteral("true"));
        QVERIFY(gone.waitForStarted());
        const qint64 pid = gone.processId();
        QVERIFY(gone.waitForFinished());
        QFile lock(copy + QStringLiteral(".lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(QByteArray::number(pid) + '\n' + QCoreApplication::applicationName().toUtf8() + '\n' +
                   QSysInfo::machineHostName().toUtf8() + '\n');
        lock.close();
    } else if (owner == QLatin1String("alive")) {
        held = std::make_unique<QLockFile>(copy + QStringLiteral(".lock"));
        QVERIFY(held->tryLock(0));
    }
    init();
    QCOMPARE(mWindow->recoveryOffered(), offered);
    if (offered) {
        mWindow->findChild<QPushButton *>(QStringLiteral("recoveryRestoreButton"))->click();
        QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), 4700.0);
        QVERIFY(!QFile::exists(copy)); // now this window's work, kept in its own copy
        const bool migrated = mMessages.join(QLatin1Char('\n')).contains(QStringLiteral("values.street_price_halflife_years: renamed"));
        QVERIFY2(migrated == (owner == QLatin1String("retired")), qPrintable(mMessages.join(QLatin1Char('\n'))));
    } else {
        QVERIFY(QFileInfo::exists(copy)); // left alone
    }
    held.reset();
    clearAutosaves();
}

void TestWindowFiles::failedAutosaveIsReported()
{
    // Tests run as root, so a read-only directory would not stop a write: a parent that is a file does.
    const QString blocker = mFiles.filePath(QStringLiteral("a-file"));
    QFile f(blocker);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a directory");
    f.close();
    Autosaver *autosaver = mWindow->autosaver();
    autosaver->setPath(blocker + QStringLiteral("/autosave.json"));
    QSignalSpy failed(autosaver, &Autosaver::failed);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 4400));
    QString error;
    QVERIFY(!autosaver->saveNow(&error));
    QVERIFY2(error.contains(QStringLiteral("autosave.json")), qPrintable(error));
    QCOMPARE(failed.size(), 1);
    QVERIFY(mWindow->statusBar()->currentMessage().contains(QStringLiteral("autosave.json")));
    QVERIFY(mMessages.isEmpty()); // reported, never in the way
    QVERIFY(mWindow->isWindowModified());
}

void TestWindowFiles::failedSaveKeepsTheOldFile()
{
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000));
    // Tests run as root, so a read-only file or directory would not stop the save. A name of 250
    // bytes can exist, but the temporary file QSaveFile writes beside it (the name + ".XXXXXX") is
    // longer than a file name may be: saving again to this same path fails.
    const QString good = mFiles.filePath(QString(245, QLatin1Char('k')) + QStringLiteral(".json"));
    QVERIFY(mWindow->saveScenario(good));
    QFile f(good);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray saved = f.readAll();
    f.close();
    QVERIFY(saved.contains("\"budget_usd\": 3000"));
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 8000));
    QVERIFY(!mWindow->saveScenario(good));
    QCOMPARE(mMessages.size(), 1);
    QVERIFY2(mMessages.first().contains(QStringLiteral("kkkk.json")), qPrintable(mMessages.first()));
    QVERIFY2(mMessages.first().contains(QStringLiteral("left as it was")), qPrintable(mMessages.first()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), saved);
    f.close();
    QCOMPARE(QDir(mFiles.path()).entryList({QStringLiteral("kkkk*")}, QDir::Files | QDir::Hidden).size(), 1); // no temporary left
    QCOMPARE(mWindow->document()->filePath(), QFileInfo(good).absoluteFilePath());
    QVERIFY(mWindow->isWindowModified());
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), 8000.0);
    // Save As over a directory fails the same way, and the directory stays one.
    QVERIFY(!mWindow->saveScenario(mFiles.path()));
    QCOMPARE(mMessages.size(), 2);
    QVERIFY(QFileInfo(mFiles.path()).isDir());
}

void TestWindowFiles::badDataLeavesTheWindowAsItWas_data()
{
    // Every bad-input class of tst_data, loaded through the window.
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pointer");     // JSON pointer to change ("" = replace the whole file)
    QTest::addColumn<QByteArray>("newValue"); // JSON text, raw bytes when pointer is "", DELETE to remove
    QTest::addColumn<QString>("expectField");
    QTest::newRow("negative price") << "hardware.json" << "/parts/0/launch_price_usd" << QByteArray("-5") << "parts[0].launch_price_usd";
    QTest::newRow("wrong type") << "hardware.json" << "/parts/1/memory_gb" << QByteArray("\"lots\"") << "parts[1].memory_gb";
    QTest::newRow("missing field") << "hardware.json" << "/parts/2/bandwidth_gbps" << QByteArray("DELETE") << "parts[2].bandwidth_gbps";
    QTest::newRow("bad date") << "hardware.json" << "/parts/0/released" << QByteArray("\"2022-13-01\"") << "parts[0].released";
    QTest::newRow("bad kind") << "hardware.json" << "/parts/0/kind" << QByteArray("\"tpu\"") << "parts[0].kind";
    QTest::newRow("empty catalog") << "hardware.json" << "/parts" << QByteArray("[]") << "parts";
    QTest::newRow("duplicate name") << "hardware.json" << "/parts/1/name" << QByteArray("\"RTX 4090\"") << "name";
    QTest::newRow("active > total") << "models.json" << "/open_models/0/params_active_b" << QByteArray("1e5") << "params_active_b";
    QTest::newRow("no source") << "models.json" << "/frontier_models/0/source" << QByteArray("\"\"") << "frontier_models[0].source";
    QTest::newRow("default outside range") << "assumptions.json" << "/assumptions/0/value" << QByteArray("1000") << "assumptions[0].value";
    QTest::newRow("unknown target") << "assumptions.json" << "/settings/default_target" << QByteArray("\"Claude 9\"") << "settings.default_target";
    QTest::newRow("unknown quant level") << "assumptions.json" << "/settings/quant_levels/0" << QByteArray("\"Q9_Z\"") << "settings.quant_levels[0]";
    QTest::newRow("random bytes") << "models.json" << "" << QByteArray("\x01\x02garbage{{{") << "";
    QTest::newRow("not UTF-8") << "trends.json" << "" << QByteArray("{\"trends\": [\"\xff\xfe\"]}") << "";
    QTest::newRow("number overflow") << "hardware.json" << "" << QByteArray("{\"parts\": [1e99999]}") << "";
    QTest::newRow("NaN literal") << "quantization.json" << "" << QByteArray("{\"levels\": [NaN]}") << "";
    QTest::newRow("huge file") << "trends.json" << "" << QByteArray(17 << 20, ' ') << "";
    QTest::newRow("missing file") << "measurements.json" << "" << QByteArray("DELETE") << "";
}

void TestWindowFiles::badDataLeavesTheWindowAsItWas()
{
    QFETCH(QString, file);
    QFETCH(QString, pointer);
    QFETCH(QByteArray, newValue);
    QFETCH(QString, expectField);
    const QString dir = copyData(QStringLiteral("bad-%1").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
    const QString path = dir + QLatin1Char('/') + file;
    if (pointer.isEmpty()) {
        if (newValue == "DELETE") {
            QVERIFY(QFile::remove(path));
        } else {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(newValue);
        }
    } else {
        std::ifstream in(path.toStdString());
        nlohmann::json j = nlohmann::json::parse(in);
        const nlohmann::json::json_pointer ptr(pointer.toStdString());
        if (newValue == "DELETE")
            j.at(ptr.parent_pointer()).erase(ptr.back());
        else
            j[ptr] = nlohmann::json::parse(newValue.toStdString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(j.dump(1)));
    }

    // A state worth protecting: a saved scenario with an unsaved change on top.
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000));
    QVERIFY(mWindow->saveScenario(mFiles.filePath(QStringLiteral("state.json"))));
    QVERIFY(mWindow->setAssumption(QStringLiteral("max_sparsity"), 40));
    const ff::Engine *engine = &mWindow->engine();
    const QString dataDir = mWindow->dataDirectory();
    const ff::Scenario scenario = mWindow->document()->scenario();
    const int undo = mWindow->document()->undoStack()->count();
    const QString title = mWindow->windowTitle();
    const QString task = headline(HeadlineCards::TaskYear);
    const AssumptionPanel *panel = mWindow->assumptionPanel();
    const int presets = mWindow->findChild<QMenu *>(QStringLiteral("menu_presets"))->actions().size();

    QVERIFY(!mWindow->openDataDirectory(dir));
    QCOMPARE(mMessages.size(), 1);
    const QString message = mMessages.first();
    QVERIFY2(message.contains(file), qPrintable(message)); // the file ...
    if (!expectField.isEmpty())
        QVERIFY2(message.contains(expectField), qPrintable(message)); // ... and the field
    QVERIFY2(message.contains(QStringLiteral("not loaded")), qPrintable(message));
    QCOMPARE(&mWindow->engine(), engine);
    QCOMPARE(mWindow->dataDirectory(), dataDir);
    QVERIFY(mWindow->document()->scenario() == scenario);
    QCOMPARE(mWindow->document()->undoStack()->count(), undo);
    QCOMPARE(mWindow->windowTitle(), title);
    QVERIFY(mWindow->isWindowModified());
    QCOMPARE(headline(HeadlineCards::TaskYear), task);
    QCOMPARE(mWindow->assumptionPanel(), panel);
    QCOMPARE(mWindow->findChild<QMenu *>(QStringLiteral("menu_presets"))->actions().size(), presets);
}

void TestWindowFiles::goodDataReplacesTheCatalogs()
{
    // A copy with a different default budget: the window shows the new data's forecast.
    const QString dir = copyData(QStringLiteral("good"));
    {
        std::ifstream in((dir + QStringLiteral("/assumptions.json")).toStdString());
        nlohmann::json j = nlohmann::json::parse(in);
        for (auto &a : j["assumptions"])
            if (a["name"] == "max_sparsity")
                a["value"] = 20;
        QFile f(dir + QStringLiteral("/assumptions.json"));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(j.dump(1)));
    }
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000));
    const AssumptionPanel *oldPanel = mWindow->assumptionPanel();
    QVERIFY(mWindow->openDataDirectory(dir));
    QVERIFY2(mMessages.isEmpty(), qPrintable(mMessages.join(QLatin1Char('\n'))));
    QCOMPARE(mWindow->dataDirectory(), QDir(dir).absolutePath());
    QCOMPARE(QString::fromStdString(mWindow->engine().data().directory), QDir(dir).absolutePath());
    QVERIFY(mWindow->assumptionPanel() != oldPanel);
    // The scenario's own value carries over; the new default applies elsewhere.
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), 3000.0);
    QCOMPARE(mWindow->assumption(QStringLiteral("max_sparsity")), 20.0);
    const ff::Engine fresh(ff::loadDataSet(QDir(dir).absolutePath().toStdString()));
    ff::Scenario s;
    s.values["budget_usd"] = 3000;
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), fresh.compute(s).task), qPrintable(headline(HeadlineCards::TaskYear)));
    QCOMPARE(mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_max_sparsity"))->value(), 20.0);
    // Still a working window: sliders, undo, the worker.
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 5000));
    mWindow->action(QStringLiteral("undo"))->trigger();
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), 3000.0);
    mWindow->setUncertaintyDelay(0);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3500));
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->extrasCurrent(), 120000);
    QVERIFY(!mWindow->tableModel(TableKind::Claims)->table().rows.empty());
}

QTEST_MAIN(TestWindowFiles)
#include "tst_window_files.moc"

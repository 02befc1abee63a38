// Issue 31, item 7: import undo where people look for it. One undo history for scenario steps and
// data steps (Edit > Undo undoes an import through the data layer's lock), the scenario's history
// survives an import, a step the data in use refuses is dropped with a note, the status bar names
// the data in use, and the import dialog's errors speak the window's language.
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>

#include "data/dataset.h"
#include "solver/forecast.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "scenariodocument.h"
#include "userdatafile.h"
#include "userdatastore.h"

namespace {

const QString kData = QStringLiteral(FF_SOURCE_DATA_DIR);
QString fixture(const char *name) { return QStringLiteral(FF_IMPORT_FILES_DIR "/") + QString::fromLatin1(name); }

// An index file with one frontier row the shipped data lacks (released after its newest date).
QString writeIndexFile(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("eci-new-row.csv"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write("Model version,ECI Score,Release date,Organization,Country,Model accessibility,Training compute (FLOP),"
            "Confidence,Model name,Description,Display name\n"
            "test-frontier-2026-09-01,150,2026-09-01,Test Lab,United States of America,API access,,Unverified,"
            "Test Frontier Model,,Test Frontier Model\n");
    return path;
}

} // namespace

class TestImportUndo : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void editUndoUndoesAnImportAndKeepsTheScenarioHistory();
    void stepTheDataRefusesIsDroppedWithANote();
    void importRemovedElsewhereDropsTheStepsThatNeedIt();
    void unknownDeviceErrorSpeaksTheWindowsLanguage();

private:
    QTemporaryDir *mHome = nullptr;
};

void TestImportUndo::init()
{
    mHome = new QTemporaryDir;
    QVERIFY(mHome->isValid());
    qputenv("FF_DATA_HOME", mHome->path().toLocal8Bit());
}

void TestImportUndo::cleanup()
{
    qunsetenv("FF_DATA_HOME");
    delete mHome;
    mHome = nullptr;
}

void TestImportUndo::editUndoUndoesAnImportAndKeepsTheScenarioHistory()
{
    ffui::MainWindow w(kData);
    QStringList messages;
    w.setMessageHandler([&](QMessageBox::Icon, const QString &, const QString &text) { messages << text; });
    auto *dataLabel = w.statusBar()->findChild<QLabel *>(QStringLiteral("dataLabel"));
    QVERIFY(dataLabel);
    QCOMPARE(dataLabel->text(), QStringLiteral("Data: shipped"));
    // A data directory the user chose is named, not called shipped; back to shipped after.
    w.setBaseDataName(QStringLiteral("/tmp/mydata"));
    QCOMPARE(dataLabel->text(), QStringLiteral("Data: /tmp/mydata"));
    QCOMPARE(dataLabel->toolTip(), QStringLiteral("The data in /tmp/mydata alone"));
    w.setBaseDataName(QString());
    QCOMPARE(dataLabel->text(), QStringLiteral("Data: shipped"));
    const std::size_t shippedRows = w.engine().data().measurements.size();
    QAction *undo = w.action(QStringLiteral("undo"));
    QAction *redo = w.action(QStringLiteral("redo"));
    QVERIFY(undo && redo);
    QVERIFY(!undo->isEnabled());

    // Two scenario steps, then an import from the dialog.
    const double densityBefore = w.document()->value(QStringLiteral("density_doubling_years"));
    QVERIFY(w.setAssumption(QStringLiteral("density_doubling_years"), densityBefore * 1.5));
    w.document()->endInteraction();
    const double speedBefore = w.document()->value(QStringLiteral("target_tokens_per_s"));
    QVERIFY(w.setAssumption(QStringLiteral("target_tokens_per_s"), speedBefore + 10));
    w.document()->endInteraction();
    QCOMPARE(w.document()->undoStack()->count(), 2);
    ffui::ImportDialog *dlg = w.showImport(fixture("llama-bench-rtx4080.json"));
    QVERIFY(dlg->waitForPreview());
    QVERIFY(dlg->importNow());
    dlg->close();
    QCOMPARE(w.engine().data().measurements.size(), shippedRows + 2);

    // The scenario's history survived; the import is its newest step, and Edit > Undo names it.
    QCOMPARE(w.document()->undoStack()->count(), 3);
    QCOMPARE(w.userData()->undoStack(), w.document()->undoStack());
    QCOMPARE(w.document()->value(QStringLiteral("target_tokens_per_s")), speedBefore + 10);
    QVERIFY(undo->isEnabled());
    QVERIFY2(undo->text().contains(QStringLiteral("Import llama-bench-rtx4080.json")), qPrintable(undo->text()));
    QVERIFY2(dataLabel->text().startsWith(QStringLiteral("Data: shipped + 1 import (")) &&
                 dataLabel->text().contains(QStringLiteral("llama-bench-rtx4080.json")),
             qPrintable(dataLabel->text()));

    // Edit > Undo: the import goes (the layer file too), the scenario stays where it was.
    undo->trigger();
    QCOMPARE(w.engine().data().measurements.size(), shippedRows);
    QVERIFY(!QFile::exists(mHome->filePath(QStringLiteral("user-data.json"))));
    QCOMPARE(dataLabel->text(), QStringLiteral("Data: shipped"));
    QCOMPARE(w.document()->value(QStringLiteral("target_tokens_per_s")), speedBefore + 10);
    QVERIFY(redo->isEnabled());
    QVERIFY2(redo->text().contains(QStringLiteral("Import llama-bench-rtx4080.json")), qPrintable(redo->text()));
    // The scenario steps before it are still undoable, on the data now in use.
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(w.document()->value(QStringLiteral("target_tokens_per_s")), speedBefore);
    undo->trigger();
    QCOMPARE(w.document()->value(QStringLiteral("density_doubling_years")), densityBefore);
    QVERIFY(!undo->isEnabled());
    // Redo all the way: both steps and the import again.
    for (int i = 0; i < 3; ++i)
        redo->trigger();
    QCOMPARE(w.engine().data().measurements.size(), shippedRows + 2);
    QCOMPARE(w.document()->value(QStringLiteral("target_tokens_per_s")), speedBefore + 10);
    QVERIFY(dataLabel->text().startsWith(QStringLiteral("Data: shipped + 1 import")));
    QVERIFY2(messages.isEmpty(), qPrintable(messages.join(QLatin1Char('\n'))));
}

void TestImportUndo::stepTheDataRefusesIsDroppedWithANote()
{
    ffui::MainWindow w(kData);
    QStringList messages;
    w.setMessageHandler([&](QMessageBox::Icon, const QString &, const QString &text) { messages << text; });
    QTemporaryDir files;
    const QString index = writeIndexFile(files);
    QVERIFY(!index.isEmpty());
    std::vector<std::string> shippedFrontier;
    for (const auto &m : w.engine().data().frontierModels)
        shippedFrontier.push_back(m.name);
    ffui::ImportDialog *dlg = w.showImport(index);
    QVERIFY(dlg->waitForPreview());
    QVERIFY2(dlg->importNow(), qPrintable(dlg->previewText()));
    dlg->close();
    QString added;
    for (const auto &m : w.engine().data().frontierModels)
        if (std::find(shippedFrontier.begin(), shippedFrontier.end(), m.name) == shippedFrontier.end())
            added = QString::fromStdString(m.name);
    QVERIFY(!added.isEmpty());
    // A step that needs the imported model: the target becomes it.
    QString error;
    QVERIFY2(w.document()->setTargetModel(added, &error), qPrintable(error));
    QCOMPARE(w.document()->undoStack()->count(), 2);
    // Removing the import (Help > Data Sources does the same) leaves data that refuses that step.
    QVERIFY(w.userData()->removeImport(w.userData()->layer().imports.front().id, QStringLiteral("Remove import"), &error));
    QVERIFY(w.document()->targetModel() != added);
    QCOMPARE(messages.size(), 1);
    QVERIFY2(messages.front().contains(QStringLiteral("dropped from the undo history")), qPrintable(messages.front()));
    // Undo: the removal, then the dropped step is skipped (nothing applies it), then the import.
    QAction *undo = w.action(QStringLiteral("undo"));
    undo->trigger(); // the import is back
    QVERIFY(w.engine().data().frontier(added.toStdString()));
    QVERIFY(w.document()->targetModel() != added);
    undo->trigger(); // the dropped step: gone from the history, the target stays
    QVERIFY(w.document()->targetModel() != added);
    QVERIFY2(undo->text().contains(QStringLiteral("Import")), qPrintable(undo->text()));
    undo->trigger();
    QVERIFY(!w.engine().data().frontier(added.toStdString()));
    QVERIFY(!undo->isEnabled());
}

void TestImportUndo::importRemovedElsewhereDropsTheStepsThatNeedIt()
{
    // The command line removes the import behind the window's back: no data step is pushed, so an
    // undo would put back a target the data no longer has, unless that step was dropped.
    ffui::MainWindow w(kData);
    QStringList messages;
    w.setMessageHandler([&](QMessageBox::Icon, const QString &, const QString &text) { messages << text; });
    QTemporaryDir files;
    const QString index = writeIndexFile(files);
    ffui::ImportDialog *dlg = w.showImport(index);
    QVERIFY(dlg->waitForPreview());
    QVERIFY(dlg->importNow());
    dlg->close();
    const QString original = w.document()->targetModel();
    QString added;
    for (const auto &m : w.engine().data().frontierModels)
        if (QString::fromStdString(m.name).contains(QStringLiteral("Test Frontier")))
            added = QString::fromStdString(m.name);
    QVERIFY(!added.isEmpty());
    QString error;
    QVERIFY2(w.document()->setTargetModel(added, &error), qPrintable(error));
    QVERIFY2(w.document()->setTargetModel(original, &error), qPrintable(error)); // its undo needs the imported model
    QVERIFY(ffui::removeUserLayer(mHome->path(), &error));
    w.userData()->reloadFromDisk();
    QVERIFY(!w.engine().data().frontier(added.toStdString()));
    QVERIFY2(messages.size() == 1 && messages.front().contains(QStringLiteral("dropped from the undo history")),
             qPrintable(messages.join(QLatin1Char('\n'))));
    QAction *undo = w.action(QStringLiteral("undo"));
    QVERIFY2(undo->text().contains(QStringLiteral("dropped")), qPrintable(undo->text()));
    undo->trigger(); // skipped: the target stays one the data has
    QCOMPARE(w.document()->targetModel(), original);
    QVERIFY(w.engine().data().frontier(w.document()->targetModel().toStdString()));
}

void TestImportUndo::unknownDeviceErrorSpeaksTheWindowsLanguage()
{
    ffui::MainWindow w(kData);
    w.setMessageHandler([](QMessageBox::Icon, const QString &, const QString &) {});
    ffui::ImportDialog *dlg = w.showImport(fixture("bad-unknown-device.json"));
    QVERIFY(!dlg->canImport());
    const QString text = dlg->previewText();
    QVERIFY2(text.contains(QStringLiteral("RTX 9090 Ti")), qPrintable(text));
    // The window's own control, not the command line's flag.
    QVERIFY2(!text.contains(QStringLiteral("pass --hardware")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("choose the part in \"llama-bench hardware\" above")), qPrintable(text));
    dlg->close();
}

QTEST_MAIN(TestImportUndo)
#include "tst_importundo.moc"

#pragma once
// The fixture the window suites share (tst_window: presentation, themes, help, sizes and
// accessibility; tst_window_files: autosave, recovery, failed saves, bad data): a main window on the
// shipped data for each test, no uncertainty worker unless a test asks, its messages caught, settings
// in a temporary folder and application data (autosaves) in a folder of this process, and an engine of
// its own for the reference answers. A suite derives from it and calls initCase, cleanupCase,
// openWindow and closeWindow from its initTestCase, cleanupTestCase, init and cleanup.
#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

#include "testutil.h"
#include "autosaver.h"
#include "solver/forecast.h"
#include "headlinecards.h"
#include "mainwindow.h"
#include "report/report.h"
#include "theme.h"
#include "files/loaddata.h"

namespace {
// Every autosaved copy (and lock) of this test process's application data directory.
inline void clearAutosaves()
{
    QDir dir(ffui::Autosaver::defaultDirectory());
    for (const QFileInfo &f : dir.entryInfoList({QStringLiteral("autosave*")}, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (f.isDir())
            QDir(f.absoluteFilePath()).removeRecursively();
        else
            QFile::remove(f.absoluteFilePath());
    }
}
} // namespace

// The headline card shows the answer's kind and date, to the month until the Monte Carlo's range
// says a year is all the evidence earns (ff::cardText).
[[maybe_unused]] static bool showsAnswer(const QString &h, const ff::ParityResult &p)
{
    const QString exact = QString::fromStdString(ff::cardText(p, nullptr, 2045));
    if (h == exact)
        return true;
    return p.kind == ff::ParityKind::Projected && h == QString::number(int(std::floor(p.year + 1e-9)));
}

class WindowFixture {
protected:
    void cleanupCase()
    {
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    void initCase(const char *suite)
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(mSettingsDir.isValid());
        QVERIFY(mFiles.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("FrontierForecastTest"));
        // One app-data folder per process: CTest runs tst_window and tst_window_scale2 at the same
        // time, and both would otherwise autosave to and recover from the same file.
        QCoreApplication::setApplicationName(QStringLiteral("%1-%2").arg(QString::fromLatin1(suite)).arg(QCoreApplication::applicationPid()));
        QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, mSettingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, mSettingsDir.path());
        QSettings().clear();
        clearAutosaves();
        // On the fixture (tests/fixture): what these suites check (presentation, themes, files, help)
        // holds on any data, and a change to the shipped numbers cannot break them.
        mEngine = std::make_unique<ff::Engine>(ff::loadDataSet(FF_TEST_DATA_DIR));
    }

    void openWindow()
    {
        mMessages.clear();
        mWindow = std::make_unique<ffui::MainWindow>(QStringLiteral(FF_TEST_DATA_DIR));
        mWindow->setMessageHandler([this](QMessageBox::Icon, const QString &title, const QString &text) {
            mMessages << title + QStringLiteral(": ") + text;
        });
        mWindow->setQuestionHandler([](const QString &, const QString &) { return QMessageBox::Discard; });
        mWindow->setUncertaintyDelay(60000); // no worker unless a test asks
        mWindow->show();
        QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
    }

    void closeWindow()
    {
        if (mWindow) {
            mWindow->setPresenting(false);
            mWindow->setTheme(ffui::ThemeChoice::System);
            mWindow->close();
        }
        mWindow.reset();
        clearAutosaves();
        QSettings().clear();
    }

    void showActive()
    {
        mWindow->activateWindow();
        QApplication::setActiveWindow(mWindow.get());
        QVERIFY(QTest::qWaitForWindowActive(mWindow.get()));
    }

    // A copy of the shipped data directory (every JSON file and the presets).
    QString copyData(const QString &name) const
    {
        return fftest::copyShippedData(mFiles.filePath(name)); // testutil.h
    }
    QString headline(ffui::HeadlineCards::Card card) const { return mWindow->headline()->value(card); }

    QTemporaryDir mSettingsDir;
    QTemporaryDir mFiles;
    std::unique_ptr<ff::Engine> mEngine;
    std::unique_ptr<ffui::MainWindow> mWindow;
    QStringList mMessages;
};

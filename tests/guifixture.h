#pragma once
// The fixture the window suites share (tst_gui, tst_gui_charts, tst_gui_tables): a main window on
// the shipped data for each test, its messages and questions caught, settings in a temporary folder,
// and an engine of its own for the reference answers. A suite derives from it and calls initCase,
// openWindow and closeWindow from its initTestCase, init and cleanup.
#include <QCoreApplication>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "solver/forecast.h"
#include "headlinecards.h"
#include "mainwindow.h"
#include "report/report.h"
#include "files/loaddata.h"

// The headline card shows the answer's kind and date, to the month until the Monte Carlo's range
// says a year is all the evidence earns (ff::cardText).
[[maybe_unused]] static bool showsAnswer(const QString &h, const ff::ParityResult &p)
{
    const QString exact = QString::fromStdString(ff::cardText(p, nullptr, 2045));
    if (h == exact)
        return true;
    return p.kind == ff::ParityKind::Projected && h == QString::number(int(std::floor(p.year + 1e-9)));
}

class GuiFixture {
protected:
    void initCase(const char *applicationName)
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(mSettingsDir.isValid());
        QVERIFY(mFiles.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("FrontierForecastTest"));
        QCoreApplication::setApplicationName(QString::fromLatin1(applicationName));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, mSettingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, mSettingsDir.path());
        QSettings().clear();
        mEngine = std::make_unique<ff::Engine>(ff::loadDataSet(FF_SOURCE_DATA_DIR));
    }

    void openWindow(bool show = true)
    {
        mMessages.clear();
        mQuestions = 0;
        mAnswer = QMessageBox::Cancel;
        mWindow = std::make_unique<ffui::MainWindow>(QStringLiteral(FF_SOURCE_DATA_DIR));
        mWindow->setMessageHandler([this](QMessageBox::Icon, const QString &title, const QString &text) {
            mMessages << title + QStringLiteral(": ") + text;
        });
        mWindow->setQuestionHandler([this](const QString &, const QString &) {
            ++mQuestions;
            return mAnswer;
        });
        if (!show)
            return;
        mWindow->show();
        QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
    }

    void closeWindow()
    {
        mWindow->setQuestionHandler([](const QString &, const QString &) { return QMessageBox::Discard; });
        mWindow.reset();
    }

    QString headline(ffui::HeadlineCards::Card card) const
    {
        auto *label = mWindow->findChild<QLabel *>(QStringLiteral("headline_") + ffui::HeadlineCards::id(card));
        return label ? label->text() : QStringLiteral("<no label>");
    }
    QString range(ffui::HeadlineCards::Card card) const { return mWindow->headline()->range(card); }
    ff::Result computeWith(const std::map<std::string, double> &values, const std::string &target = {}) const
    {
        ff::Scenario s;
        s.values = values;
        s.targetModel = target;
        return mEngine->compute(s);
    }
    QString tempPath(const QString &name) const { return mFiles.filePath(name); }

    QTemporaryDir mSettingsDir;
    QTemporaryDir mFiles;
    std::unique_ptr<ff::Engine> mEngine; // independent of the window's: the reference answers
    std::unique_ptr<ffui::MainWindow> mWindow;
    QStringList mMessages;
    int mQuestions = 0;
    QMessageBox::StandardButton mAnswer = QMessageBox::Cancel;
};

// The explorer window driven as a user would: widgets and actions found by objectName, every number
// checked against ff::Engine::compute for the same scenario. Offscreen, with a temporary settings file.
#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QSpinBox>
#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QLogValueAxis>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QXYSeries>
#include <QtTest>

#include <cmath>
#include <memory>

#include "assumptionpanel.h"
#include "exportdialog.h"
#include "forecast.h"
#include "headlinecards.h"
#include "mainwindow.h"
#include "montecarlo.h"
#include "report.h"
#include "scenariodocument.h"
#include "tablemodel.h"
#include "timeutil.h"
#include "uncertaintyrunner.h"

using namespace ffui;

class TestGui : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void everyActionAndControlIsNamed();
    void sliderMovesHeadlineAsTheEngineSays();
    void undoRestoresHeadline();
    void dragIsOneUndoStep();
    void spinBoxAndSliderAgree();
    void targetModelIsUndoable();
    void saveThenLoadRoundTripsEveryAssumption();
    void badScenarioFileLeavesStateUntouched_data();
    void badScenarioFileLeavesStateUntouched();
    void failedSaveReportsAndKeepsState();
    void presetsApplyAndUndo();
    void resetToDefaults();
    void closeWithUnsavedChangesAsks();
    void uncertaintyArrivesFromTheWorker();
    void staleUncertaintyIsDropped();
    void changedCellsAreHighlightedThenFade();
    void tablesShowReportCells();
    void chartsHaveSeriesAndTitles();
    void exportsFromTheWindow();
    void copyChartPutsAnImageOnTheClipboard();
    void exportDialogReturnsTheChosenOptions();
    void settingsPersistInTheTemporaryLocation();
    void redrawnIsEmittedPerChange();

private:
    QString headline(HeadlineCards::Card card) const;
    ff::Result computeWith(const std::map<std::string, double> &values, const std::string &target = {}) const;
    QString tempPath(const QString &name) const { return mFiles.filePath(name); }

    QTemporaryDir mSettingsDir;
    QTemporaryDir mFiles;
    std::unique_ptr<ff::Engine> mEngine; // independent of the window's: the reference answers
    std::unique_ptr<MainWindow> mWindow;
    QStringList mMessages;
    int mQuestions = 0;
    QMessageBox::StandardButton mAnswer = QMessageBox::Cancel;
};

void TestGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(mSettingsDir.isValid());
    QVERIFY(mFiles.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("FrontierForecastTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_gui"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, mSettingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, mSettingsDir.path());
    QSettings().clear();
    mEngine = std::make_unique<ff::Engine>(ff::loadDataSet(FF_SOURCE_DATA_DIR));
}

void TestGui::init()
{
    mMessages.clear();
    mQuestions = 0;
    mAnswer = QMessageBox::Cancel;
    mWindow = std::make_unique<MainWindow>(QStringLiteral(FF_SOURCE_DATA_DIR));
    mWindow->setMessageHandler([this](QMessageBox::Icon, const QString &title, const QString &text) {
        mMessages << title + QStringLiteral(": ") + text;
    });
    mWindow->setQuestionHandler([this](const QString &, const QString &) {
        ++mQuestions;
        return mAnswer;
    });
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
}

void TestGui::cleanup()
{
    mWindow->setQuestionHandler([](const QString &, const QString &) { return QMessageBox::Discard; });
    mWindow.reset();
}

QString TestGui::headline(HeadlineCards::Card card) const
{
    auto *label = mWindow->findChild<QLabel *>(QStringLiteral("headline_") + HeadlineCards::id(card));
    return label ? label->text() : QStringLiteral("<no label>");
}

ff::Result TestGui::computeWith(const std::map<std::string, double> &values, const std::string &target) const
{
    ff::Scenario s;
    s.values = values;
    s.targetModel = target;
    return mEngine->compute(s);
}

void TestGui::everyActionAndControlIsNamed()
{
    // Actions in the menus.
    std::function<void(QMenu *)> visit = [&](QMenu *menu) {
        QVERIFY2(!menu->objectName().isEmpty(), qPrintable(menu->title()));
        for (QAction *a : menu->actions()) {
            if (a->isSeparator())
                continue;
            if (a->menu()) {
                visit(a->menu());
                continue;
            }
            QVERIFY2(a->objectName().startsWith(QLatin1String("action_")), qPrintable(a->text()));
        }
    };
    for (QAction *top : mWindow->menuBar()->actions())
        if (top->menu())
            visit(top->menu());
    // Standard shortcuts (where the platform defines one; otherwise the common binding).
    const std::pair<const char *, QKeySequence::StandardKey> standard[] = {
        {"new", QKeySequence::New},   {"open", QKeySequence::Open}, {"save", QKeySequence::Save}, {"saveAs", QKeySequence::SaveAs},
        {"quit", QKeySequence::Quit}, {"undo", QKeySequence::Undo}, {"redo", QKeySequence::Redo}};
    for (const auto &[id, key] : standard) {
        const QList<QKeySequence> platform = QKeySequence::keyBindings(key);
        const QList<QKeySequence> got = mWindow->action(QLatin1String(id))->shortcuts();
        QVERIFY2(!got.isEmpty(), id);
        if (!platform.isEmpty())
            QCOMPARE(got, platform);
    }

    // Controls: one slider, spin box and reset button per assumption, each named and accessible.
    for (const auto &a : mEngine->data().assumptions) {
        const QString n = QString::fromStdString(a.name);
        auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_") + n);
        auto *spin = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_") + n);
        auto *reset = mWindow->findChild<QToolButton *>(QStringLiteral("reset_") + n);
        QVERIFY2(slider && spin && reset, qPrintable(n));
        QVERIFY(!slider->accessibleName().isEmpty());
        QVERIFY(!spin->accessibleName().isEmpty());
        QVERIFY(!reset->accessibleName().isEmpty());
        QVERIFY(slider->toolTip().contains(QString::fromStdString(a.source).toHtmlEscaped().left(20)));
        if (a.integer)
            QCOMPARE(spin->decimals(), 0);
    }
    const auto *panel = mWindow->findChild<AssumptionPanel *>(QStringLiteral("assumptionPanel"));
    QVERIFY(panel);
    for (QWidget *w : panel->findChildren<QWidget *>()) {
        if (qobject_cast<QAbstractSlider *>(w) || qobject_cast<QAbstractSpinBox *>(w) || qobject_cast<QComboBox *>(w) ||
            qobject_cast<QAbstractButton *>(w)) {
            QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
            QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }
    }
    for (const QString &n : {QStringLiteral("chartTabs"), QStringLiteral("tableTabs")})
        QVERIFY(mWindow->findChild<QTabWidget *>(n));
    for (const QString &id : ChartFactory::ids())
        QVERIFY(mWindow->findChild<QWidget *>(QStringLiteral("chart_") + id));
    for (const QString &id : ForecastTables::ids())
        QVERIFY(mWindow->findChild<QTableView *>(QStringLiteral("table_") + id));

    // The target combo: Sonnet-class models first.
    auto *combo = mWindow->findChild<QComboBox *>(QStringLiteral("targetModelCombo"));
    QVERIFY(combo);
    const ff::FrontierModel *first = mEngine->data().frontier(combo->itemData(0).toString().toStdString());
    QVERIFY(first && first->sonnetClass && first->scored);
    QCOMPARE(combo->currentData().toString(), QString::fromStdString(mEngine->data().settings.defaultTarget));
}

void TestGui::sliderMovesHeadlineAsTheEngineSays()
{
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_budget_usd"));
    QVERIFY(slider);
    QCOMPARE(headline(HeadlineCards::TaskYear), QString::fromStdString(ff::yearText(computeWith({}).task)));
    const QString before = headline(HeadlineCards::TaskYear);

    slider->setValue(slider->minimum() + (slider->maximum() - slider->minimum()) / 50); // about $1,500
    const double budget = mWindow->assumption(QStringLiteral("budget_usd"));
    QVERIFY(budget < 2000 && budget >= 500);
    const ff::Result expected = computeWith({{"budget_usd", budget}});
    QCOMPARE(headline(HeadlineCards::TaskYear), QString::fromStdString(ff::yearText(expected.task)));
    QCOMPARE(headline(HeadlineCards::FullYear), QString::fromStdString(ff::yearText(expected.full)));
    QVERIFY2(headline(HeadlineCards::TaskYear) != before, "a $1,500 budget should move task-level parity");
    auto *spin = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_budget_usd"));
    QCOMPARE(spin->value(), budget);
    QVERIFY(mWindow->isWindowModified());
}

void TestGui::undoRestoresHeadline()
{
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_budget_usd"));
    const int startPos = slider->value();
    const QString before = headline(HeadlineCards::TaskYear);
    slider->setValue(slider->minimum() + (slider->maximum() - slider->minimum()) / 50);
    QVERIFY(headline(HeadlineCards::TaskYear) != before);

    QAction *undo = mWindow->action(QStringLiteral("undo"));
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(headline(HeadlineCards::TaskYear), before);
    QCOMPARE(slider->value(), startPos);
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), mEngine->data().assumption("budget_usd")->value);
    QVERIFY(!mWindow->isWindowModified());

    mWindow->action(QStringLiteral("redo"))->trigger();
    QVERIFY(headline(HeadlineCards::TaskYear) != before);
}

void TestGui::dragIsOneUndoStep()
{
    QUndoStack *stack = mWindow->document()->undoStack();
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_bandwidth_per_dollar_doubling_years"));
    QVERIFY(slider);
    const int start = slider->value();
    const double original = mWindow->assumption(QStringLiteral("bandwidth_per_dollar_doubling_years"));
    slider->setSliderDown(true);
    for (int i = 1; i <= 20; ++i)
        slider->setValue(start + i * 5);
    slider->setSliderDown(false); // released: the drag ends
    QCOMPARE(stack->count(), 1);
    const double afterFirstDrag = mWindow->assumption(QStringLiteral("bandwidth_per_dollar_doubling_years"));
    QVERIFY(afterFirstDrag != original);
    // A second drag of the same slider is a second step.
    slider->setSliderDown(true);
    slider->setValue(start - 50);
    slider->setValue(start - 60);
    slider->setSliderDown(false);
    QCOMPARE(stack->count(), 2);
    // Another assumption is a step of its own.
    const ff::AssumptionDef *sparsity = mEngine->data().assumption("max_sparsity");
    mWindow->setAssumption(QStringLiteral("max_sparsity"), (sparsity->value + sparsity->max) / 2);
    QCOMPARE(stack->count(), 3);
    stack->undo();
    stack->undo();
    QCOMPARE(mWindow->assumption(QStringLiteral("bandwidth_per_dollar_doubling_years")), afterFirstDrag);
    const auto *a = mEngine->data().assumption("bandwidth_per_dollar_doubling_years");
    QCOMPARE(slider->value(), SliderScale::forAssumption(*a).toSlider(afterFirstDrag));
    stack->undo();
    QCOMPARE(mWindow->assumption(QStringLiteral("bandwidth_per_dollar_doubling_years")), original);
    QCOMPARE(slider->value(), start);
}

void TestGui::spinBoxAndSliderAgree()
{
    auto *spin = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_density_doubling_years"));
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_density_doubling_years"));
    const ff::AssumptionDef *a = mEngine->data().assumption("density_doubling_years");
    const SliderScale scale = SliderScale::forAssumption(*a);
    QVERIFY(scale.log); // log-normal assumptions map logarithmically
    spin->setValue(1.5);
    QCOMPARE(mWindow->assumption(QStringLiteral("density_doubling_years")), 1.5);
    QCOMPARE(slider->value(), scale.toSlider(1.5));
    // The geometric middle of the range sits in the middle of a log slider.
    QCOMPARE(scale.toSlider(std::sqrt(a->min * a->max)), SliderScale::kSteps / 2);

    auto *gpus = mWindow->findChild<QSlider *>(QStringLiteral("slider_max_gpus"));
    const ff::AssumptionDef *g = mEngine->data().assumption("max_gpus");
    QVERIFY(g->integer);
    QCOMPARE(gpus->minimum(), int(g->min));
    QCOMPARE(gpus->maximum(), int(g->max));
    gpus->setValue(gpus->value() + 1);
    QCOMPARE(mWindow->assumption(QStringLiteral("max_gpus")), g->value + 1);

    // The reset button goes back to the default in one undoable step.
    auto *reset = mWindow->findChild<QToolButton *>(QStringLiteral("reset_density_doubling_years"));
    QVERIFY(reset->isEnabled());
    reset->click();
    QCOMPARE(mWindow->assumption(QStringLiteral("density_doubling_years")), a->value);
    QVERIFY(!reset->isEnabled());
}

void TestGui::targetModelIsUndoable()
{
    auto *combo = mWindow->findChild<QComboBox *>(QStringLiteral("targetModelCombo"));
    const QString before = combo->currentData().toString();
    int other = -1;
    for (int i = 0; i < combo->count(); ++i)
        if (!combo->itemData(i).toString().isEmpty() && combo->itemData(i).toString() != before) {
            other = i;
            break;
        }
    QVERIFY(other >= 0);
    const QString target = combo->itemData(other).toString();
    combo->setCurrentIndex(other);
    emit combo->activated(other); // what a user's pick emits
    QCOMPARE(QString::fromStdString(mWindow->result().targetModel), target);
    const ff::Result expected = computeWith({}, target.toStdString());
    QCOMPARE(headline(HeadlineCards::TaskYear), QString::fromStdString(ff::yearText(expected.task)));
    mWindow->action(QStringLiteral("undo"))->trigger();
    QCOMPARE(combo->currentData().toString(), before);
    QCOMPARE(QString::fromStdString(mWindow->result().targetModel), before);
}

void TestGui::saveThenLoadRoundTripsEveryAssumption()
{
    std::map<std::string, double> chosen;
    for (const auto &a : mEngine->data().assumptions) {
        double v;
        if (a.integer)
            v = a.value + 1 <= a.max ? a.value + 1 : a.value - 1;
        else
            v = a.value < a.max ? a.value + (a.max - a.value) * 0.37 : a.value - (a.value - a.min) * 0.37;
        QVERIFY2(mWindow->setAssumption(QString::fromStdString(a.name), v), a.name.c_str());
        chosen[a.name] = mWindow->assumption(QString::fromStdString(a.name));
    }
    QVERIFY(mWindow->setTargetModel(QStringLiteral("Claude Sonnet 4.5")));
    const QString taskBefore = headline(HeadlineCards::TaskYear);
    const QString path = tempPath(QStringLiteral("round trip.json"));
    QVERIFY(mWindow->saveScenario(path));
    QVERIFY(mMessages.isEmpty());
    QVERIFY(!mWindow->isWindowModified());
    QVERIFY(mWindow->windowTitle().contains(QStringLiteral("round trip.json")));
    QVERIFY(mWindow->windowTitle().contains(QStringLiteral("[*]")));

    mWindow->newScenario();
    for (const auto &a : mEngine->data().assumptions)
        QCOMPARE(mWindow->assumption(QString::fromStdString(a.name)), a.value);

    QVERIFY(mWindow->openScenario(path));
    QVERIFY(mMessages.isEmpty());
    for (const auto &[name, v] : chosen) {
        const double got = mWindow->assumption(QString::fromStdString(name));
        QVERIFY2(std::fabs(got - v) <= 1e-12 * std::max(1.0, std::fabs(v)), name.c_str());
        auto *spin = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_") + QString::fromStdString(name));
        QVERIFY2(std::fabs(spin->value() - v) <= std::pow(10.0, -spin->decimals()), name.c_str());
    }
    QCOMPARE(mWindow->document()->targetModel(), QStringLiteral("Claude Sonnet 4.5"));
    QCOMPARE(headline(HeadlineCards::TaskYear), taskBefore);
    QVERIFY(!mWindow->isWindowModified());
    QVERIFY(!mWindow->action(QStringLiteral("undo"))->isEnabled());
}

void TestGui::badScenarioFileLeavesStateUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("field"); // the message must name it
    QTest::newRow("not JSON") << QByteArray("{ \"format\": ") << QString();
    QTest::newRow("wrong format") << QByteArray(R"({"format": "something-else", "version": 1})") << QStringLiteral("format");
    QTest::newRow("value out of range")
        << QByteArray(R"({"format": "frontier-forecast-scenario", "version": 1, "values": {"budget_usd": 1e9}})")
        << QStringLiteral("values.budget_usd");
    QTest::newRow("unknown assumption")
        << QByteArray(R"({"format": "frontier-forecast-scenario", "version": 1, "values": {"warp_drive": 1}})")
        << QStringLiteral("values.warp_drive");
    QTest::newRow("unknown target")
        << QByteArray(R"({"format": "frontier-forecast-scenario", "version": 1, "target_model": "HAL 9000"})")
        << QStringLiteral("target_model");
    QTest::newRow("value not a number")
        << QByteArray(R"({"format": "frontier-forecast-scenario", "version": 1, "values": {"max_gpus": "two"}})")
        << QStringLiteral("max_gpus");
}

void TestGui::badScenarioFileLeavesStateUntouched()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, field);
    // A state worth protecting: a saved file, then an unsaved change.
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000));
    QVERIFY(mWindow->saveScenario(tempPath(QStringLiteral("good.json"))));
    QVERIFY(mWindow->setAssumption(QStringLiteral("max_sparsity"), 40));
    const ff::Scenario before = mWindow->document()->scenario();
    const QString title = mWindow->windowTitle();
    const bool modified = mWindow->isWindowModified();
    const int undoCount = mWindow->document()->undoStack()->count();
    const QString task = headline(HeadlineCards::TaskYear);
    const QString filePath = mWindow->document()->filePath();

    const QString bad = tempPath(QStringLiteral("bad.json"));
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(content);
    f.close();
    QVERIFY(!mWindow->openScenario(bad));

    QCOMPARE(mMessages.size(), 1);
    QVERIFY2(mMessages.first().contains(QStringLiteral("bad.json")), qPrintable(mMessages.first()));
    if (!field.isEmpty())
        QVERIFY2(mMessages.first().contains(field), qPrintable(mMessages.first()));
    QVERIFY(mWindow->document()->scenario() == before);
    QCOMPARE(mWindow->windowTitle(), title);
    QCOMPARE(mWindow->isWindowModified(), modified);
    QCOMPARE(mWindow->document()->undoStack()->count(), undoCount);
    QCOMPARE(mWindow->document()->filePath(), filePath);
    QCOMPARE(headline(HeadlineCards::TaskYear), task);
}

void TestGui::failedSaveReportsAndKeepsState()
{
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000));
    const QString path = tempPath(QStringLiteral("no such directory/scenario.json"));
    QVERIFY(!mWindow->saveScenario(path));
    QCOMPARE(mMessages.size(), 1);
    QVERIFY2(mMessages.first().contains(QStringLiteral("scenario.json")), qPrintable(mMessages.first()));
    QVERIFY(mWindow->isWindowModified());
    QVERIFY(mWindow->document()->filePath().isEmpty());
    QVERIFY(!QFile::exists(path));

    // A good save, a change, then a save that fails: the first file keeps its content.
    const QString good = tempPath(QStringLiteral("kept.json"));
    QVERIFY(mWindow->saveScenario(good));
    QFile f(good);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray saved = f.readAll();
    f.close();
    QVERIFY(saved.contains("\"budget_usd\": 3000"));
}

void TestGui::presetsApplyAndUndo()
{
    QAction *upside = mWindow->action(QStringLiteral("preset_upside"));
    QAction *downside = mWindow->action(QStringLiteral("preset_downside"));
    QAction *base = mWindow->action(QStringLiteral("preset_base"));
    QVERIFY(upside && downside && base);
    QVERIFY(!upside->statusTip().isEmpty()); // the description, citing the reference page
    upside->trigger();
    QVERIFY(mMessages.isEmpty());
    QCOMPARE(mWindow->assumption(QStringLiteral("distill_breakthrough_year")), 2028.0);
    QCOMPARE(mWindow->assumption(QStringLiteral("distill_breakthrough_deff_b")), 12.0);
    QCOMPARE(QString::fromStdString(mWindow->result().scenario.name), QStringLiteral("Earlier upside"));
    const ff::Result expected = computeWith({{"distill_breakthrough_year", 2028}, {"distill_breakthrough_deff_b", 12}});
    QCOMPARE(headline(HeadlineCards::TaskYear), QString::fromStdString(ff::yearText(expected.task)));
    QVERIFY(mWindow->isWindowModified());

    downside->trigger();
    QCOMPARE(mWindow->assumption(QStringLiteral("target_drift_per_year")), 2.0);
    QCOMPARE(mWindow->assumption(QStringLiteral("density_doubling_years")), 1.5);
    QCOMPARE(mWindow->assumption(QStringLiteral("distill_breakthrough_year")),
             mEngine->data().assumption("distill_breakthrough_year")->value);

    mWindow->action(QStringLiteral("undo"))->trigger();
    QCOMPARE(mWindow->assumption(QStringLiteral("distill_breakthrough_year")), 2028.0);
    base->trigger();
    for (const auto &a : mEngine->data().assumptions)
        QCOMPARE(mWindow->assumption(QString::fromStdString(a.name)), a.value);
}

void TestGui::resetToDefaults()
{
    const ff::AssumptionDef *kv = mEngine->data().assumption("kv_compression");
    mWindow->setAssumption(QStringLiteral("budget_usd"), 9000);
    mWindow->setAssumption(QStringLiteral("kv_compression"), (kv->value + kv->max) / 2);
    mWindow->action(QStringLiteral("resetDefaults"))->trigger();
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), mEngine->data().assumption("budget_usd")->value);
    QCOMPARE(mWindow->assumption(QStringLiteral("kv_compression")), mEngine->data().assumption("kv_compression")->value);
    mWindow->action(QStringLiteral("undo"))->trigger();
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), 9000.0);
}

void TestGui::closeWithUnsavedChangesAsks()
{
    QVERIFY(mWindow->close()); // nothing to save: no question
    QCOMPARE(mQuestions, 0);
    mWindow->show();
    mWindow->setAssumption(QStringLiteral("budget_usd"), 9000);
    mAnswer = QMessageBox::Cancel;
    QVERIFY(!mWindow->close());
    QCOMPARE(mQuestions, 1);
    QVERIFY(mWindow->isVisible());
    mAnswer = QMessageBox::Discard;
    QVERIFY(mWindow->close());
    QCOMPARE(mQuestions, 2);
}

void TestGui::uncertaintyArrivesFromTheWorker()
{
    mWindow->setUncertaintyDelay(0);
    mWindow->setAssumption(QStringLiteral("budget_usd"), 2500);
    QCOMPARE(headline(HeadlineCards::Range), QStringLiteral("\u2026"));
    QCOMPARE(headline(HeadlineCards::Accelerant), QStringLiteral("\u2026"));
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);

    // The same numbers the model gives for this scenario and seed.
    const ff::Scenario s = mWindow->document()->scenario();
    const ff::MonteCarloResult mc = ff::runMonteCarlo(*mEngine, s, mWindow->uncertaintyRunner()->samples(), 1);
    const auto year = [&](double t) {
        return std::isfinite(t) ? QString::fromStdString(ff::formatMonth(t)).left(4) : QStringLiteral("after");
    };
    QVERIFY2(headline(HeadlineCards::Range).startsWith(year(mc.task.p10)), qPrintable(headline(HeadlineCards::Range)));
    QVERIFY2(headline(HeadlineCards::Range).contains(year(mc.task.p90)), qPrintable(headline(HeadlineCards::Range)));
    const auto rows = ff::sensitivity(*mEngine, s);
    if (!rows.empty() && rows.front().swing > 0)
        QCOMPARE(headline(HeadlineCards::Accelerant), QString::fromStdString(rows.front().label));
    else
        QVERIFY(headline(HeadlineCards::Accelerant) != QStringLiteral("\u2026"));
}

void TestGui::staleUncertaintyIsDropped()
{
    // Let the window's own first request finish, so only ours are in flight.
    mWindow->setUncertaintyDelay(0);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    UncertaintyRunner *runner = mWindow->uncertaintyRunner();
    QSignalSpy mc(runner, &UncertaintyRunner::monteCarloReady);
    QSignalSpy sens(runner, &UncertaintyRunner::sensitivityReady);
    ff::Scenario a, b;
    a.values["budget_usd"] = 2000;
    b.values["budget_usd"] = 8000;
    runner->request(a);
    const quint64 newest = runner->request(b); // cancels the first
    QVERIFY(runner->waitForIdle(120000));
    QTRY_VERIFY_WITH_TIMEOUT(!runner->isBusy(), 10000);
    for (const auto &args : mc)
        QCOMPARE(args.at(0).value<quint64>(), newest);
    for (const auto &args : sens)
        QCOMPARE(args.at(0).value<quint64>(), newest);
    QCOMPARE(sens.size(), 1);
}

void TestGui::changedCellsAreHighlightedThenFade()
{
    TableModel *model = mWindow->tableModel(TableKind::Scenario);
    QVERIFY(model);
    QCOMPARE(model->highlightedCount(), 0);
    mWindow->setAssumption(QStringLiteral("target_tokens_per_s"), 200);
    QVERIFY(model->highlightedCount() > 0);
    bool found = false;
    for (int r = 0; r < model->rowCount() && !found; ++r)
        for (int c = 0; c < model->columnCount() && !found; ++c)
            if (model->highlight(r, c) > 0) {
                found = true;
                QVERIFY(model->data(model->index(r, c), Qt::BackgroundRole).isValid());
            }
    QVERIFY(found);
    QTRY_COMPARE_WITH_TIMEOUT(model->highlightedCount(), 0, model->highlightDuration() + 3000);
    for (int r = 0; r < model->rowCount(); ++r)
        QVERIFY(!model->data(model->index(r, 0), Qt::BackgroundRole).isValid());
}

void TestGui::tablesShowReportCells()
{
    mWindow->setAssumption(QStringLiteral("budget_usd"), 7000);
    const ff::Result expected = computeWith({{"budget_usd", 7000}});
    for (TableKind k : ForecastTables::kinds()) {
        const ff::Table t = ForecastTables::table(k, expected);
        TableModel *m = mWindow->tableModel(k);
        QCOMPARE(m->rowCount(), int(t.rows.size()));
        QCOMPARE(m->columnCount(), int(t.header.size()));
        for (int c = 0; c < m->columnCount(); ++c)
            QCOMPARE(m->headerData(c, Qt::Horizontal).toString(), QString::fromStdString(t.header[std::size_t(c)]));
        for (int r = 0; r < m->rowCount(); ++r)
            for (int c = 0; c < m->columnCount(); ++c)
                QCOMPARE(m->data(m->index(r, c)).toString(), QString::fromStdString(t.rows[std::size_t(r)][std::size_t(c)]));
    }
}

void TestGui::chartsHaveSeriesAndTitles()
{
    for (ChartKind k : ChartFactory::kinds()) {
        QChart *c = mWindow->chart(k);
        QVERIFY(c);
        QVERIFY(!c->title().isEmpty());
        QVERIFY(c->legend()->isVisible());
        QVERIFY(!c->series().isEmpty());
        int points = 0;
        for (QAbstractSeries *s : c->series())
            points += int(static_cast<QXYSeries *>(s)->count());
        QVERIFY2(points > 10, qPrintable(ChartFactory::id(k)));
        for (QAbstractAxis *a : c->axes()) {
            QVERIFY2(!a->titleText().isEmpty(), qPrintable(ChartFactory::id(k)));
            QVERIFY(a->labelsFont().pointSizeF() >= 11);
        }
    }
    // The trends chart has a log Y axis.
    QVERIFY(qobject_cast<QLogValueAxis *>(mWindow->chart(ChartKind::Trends)->axes(Qt::Vertical).value(0)));
}

void TestGui::exportsFromTheWindow()
{
    ExportOptions o;
    o.size = QSize(640, 360);
    o.scale = 2;
    const QString png = tempPath(QStringLiteral("window-chart.png"));
    QVERIFY(mWindow->exportChart(ChartKind::Timeline, png, o));
    QImage image(png);
    QCOMPARE(image.size(), QSize(1280, 720));
    const QString csv = tempPath(QStringLiteral("budget.csv"));
    QVERIFY(mWindow->exportTable(TableKind::Budget, csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().toStdString(), ff::tableCsv(ff::budgetTable(computeWith({}))));
    const QString md = tempPath(QStringLiteral("report.md"));
    QVERIFY(mWindow->exportReport(md));
    QFile r(md);
    QVERIFY(r.open(QIODevice::ReadOnly));
    QVERIFY(r.readAll().startsWith("# Frontier Forecast"));
    QVERIFY(!mWindow->exportChart(ChartKind::Timeline, tempPath(QStringLiteral("chart.gif")), o));
    QCOMPARE(mMessages.size(), 1);
}

void TestGui::copyChartPutsAnImageOnTheClipboard()
{
    auto *tabs = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    tabs->setCurrentIndex(int(ChartFactory::kinds().indexOf(ChartKind::Crossing)));
    QGuiApplication::clipboard()->clear();
    mWindow->action(QStringLiteral("copyChart"))->trigger();
    const QImage image = QGuiApplication::clipboard()->image();
    QVERIFY(!image.isNull());
    const QWidget *view = tabs->currentWidget();
    const QSize expected = view->size().expandedTo(QSize(ExportOptions::kMinSide, ExportOptions::kMinSide)) * view->devicePixelRatioF();
    QCOMPARE(image.size(), expected);
}

void TestGui::exportDialogReturnsTheChosenOptions()
{
    ExportOptions o;
    o.size = QSize(1280, 720);
    o.scale = 2;
    o.caption = false;
    ExportDialog dialog(ChartKind::Hardware, o, ChartExporter::Format::Svg, mWindow.get());
    QCOMPARE(dialog.chart(), ChartKind::Hardware);
    QCOMPARE(dialog.format(), ChartExporter::Format::Svg);
    QCOMPARE(dialog.options().size, QSize(1280, 720));
    QCOMPARE(dialog.options().scale, qreal(2));
    QVERIFY(!dialog.options().caption);
    auto *preset = dialog.findChild<QComboBox *>(QStringLiteral("exportSizePresetCombo"));
    QVERIFY(preset);
    QCOMPARE(preset->itemData(preset->currentIndex()).toSize(), QSize(1280, 720));
    emit preset->activated(0); // the first preset: Full HD
    QCOMPARE(dialog.options().size, QSize(1920, 1080));
    dialog.findChild<QSpinBox *>(QStringLiteral("exportWidthSpin"))->setValue(1000);
    QCOMPARE(dialog.options().size, QSize(1000, 1080));
    QVERIFY(!preset->itemData(preset->currentIndex()).toSize().isValid()); // "Custom"
    dialog.findChild<QCheckBox *>(QStringLiteral("exportCaptionCheck"))->setChecked(true);
    QVERIFY(dialog.options().caption);
}

void TestGui::settingsPersistInTheTemporaryLocation()
{
    QAction *caption = mWindow->action(QStringLiteral("captionToggle"));
    QVERIFY(caption->isChecked());
    caption->setChecked(false);
    const QString path = tempPath(QStringLiteral("recent.json"));
    QVERIFY(mWindow->saveScenario(path));
    QVERIFY(mWindow->close());
    QVERIFY(QSettings().fileName().startsWith(mSettingsDir.path()));

    mWindow = std::make_unique<MainWindow>(QStringLiteral(FF_SOURCE_DATA_DIR));
    mWindow->setMessageHandler([this](QMessageBox::Icon, const QString &, const QString &text) { mMessages << text; });
    QVERIFY(!mWindow->action(QStringLiteral("captionToggle"))->isChecked());
    QVERIFY(!mWindow->exportOptions().caption);
    QAction *recent = mWindow->findChild<QAction *>(QStringLiteral("action_recent_0"));
    QVERIFY(recent);
    QCOMPARE(recent->data().toString(), QFileInfo(path).absoluteFilePath());
    mWindow->action(QStringLiteral("captionToggle"))->setChecked(true);
}

void TestGui::redrawnIsEmittedPerChange()
{
    // Two values inside the allowed range, neither of them the default.
    const ff::AssumptionDef *a = mEngine->data().assumption("kv_compression");
    const double v1 = a->value + (a->max - a->value) / 3, v2 = a->value + (a->max - a->value) * 2 / 3;
    QSignalSpy spy(mWindow.get(), &MainWindow::redrawn);
    QVERIFY(mWindow->setAssumption(QStringLiteral("kv_compression"), v1));
    QCOMPARE(spy.size(), 1); // synchronous: the window is up to date when the call returns
    QVERIFY(mWindow->setAssumption(QStringLiteral("kv_compression"), v2));
    QCOMPARE(spy.size(), 2);
    QVERIFY(!mWindow->setAssumption(QStringLiteral("kv_compression"), a->max * 2)); // outside the allowed range
    QCOMPARE(spy.size(), 2);
    QCOMPARE(mMessages.size(), 1);
}

QTEST_MAIN(TestGui)
#include "tst_gui.moc"

// The explorer window driven as a user would: widgets and actions found by objectName, every number
// checked against ff::Engine::compute for the same scenario. Offscreen, with a temporary settings file.
// This suite: naming, editing and undo, scenario files, presets, settings and the keyboard; the charts
// are in tst_gui_charts, the tables and exports in tst_gui_tables (tests/guifixture.h: the shared window).
#include <QAbstractButton>
#include <QAction>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QLineSeries>
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
#include <QLineEdit>
#include <QHeaderView>
#include <QLegend>
#include <QLegendMarker>
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
#include <QValueAxis>
#include <QXYSeries>
#include <QtTest>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QStatusBar>

#include <QScrollArea>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>
#include <memory>
#include <random>

#include "testutil.h"

#include "filesizelimit.h"
#include "assumptionpanel.h"
#include "uncertainty/backtest.h"
#include "uncertainty/claims.h"
#include "report/compare.h"
#include "exportdialog.h"
#include "solver/forecast.h"
#include "forecastextras.h"
#include "forecastsession.h"
#include "headlinecards.h"
#include "chartfit.h"
#include "chartview.h"
#include "mainwindow.h"
#include "uncertainty/montecarlo.h"
#include "report/report.h"
#include "scenariodocument.h"
#include "tablemodel.h"
#include "core/timeutil.h"
#include "montecarlodialog.h"
#include "preferences.h"
#include "uncertaintyrunner.h"

#include "guifixture.h"

using namespace ffui;
using ffui::Extra;

class TestGui : public QObject, private GuiFixture {
    Q_OBJECT

private slots:
    void initTestCase() { initCase("tst_gui"); }
    void init() { openWindow(); }
    void cleanup() { closeWindow(); }

    void everyActionAndControlIsNamed();
    void sliderMovesHeadlineAsTheEngineSays();
    void undoRestoresHeadline();
    void dragIsOneUndoStep();
    void rangeFollowsTheDrag();
    void rapidDragThenSettleGivesTheFullRange();
    void spinBoxAndSliderAgree();
    void targetModelIsUndoable();
    void asOfHindcastsAndIsUndoable();
    void saveThenLoadRoundTripsEveryAssumption();
    void badScenarioFileLeavesStateUntouched_data();
    void badScenarioFileLeavesStateUntouched();
    void failedSaveReportsAndKeepsState();
    void presetsApplyAndUndo();
    void resetToDefaults();
    void closeWithUnsavedChangesAsks();
    void settingsPersistInTheTemporaryLocation();
    void redrawnIsEmittedPerChange();
    void wheelNeverChangesAnUnfocusedControl();
    void undoActsOnTheScenarioWhileASpinBoxHasFocus();
    void resetToDefaultsOfAnUnchangedFileIsClean();
    void compareRoundTripsThroughSaveAndOpen();
};

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
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), computeWith({}).task), qPrintable(headline(HeadlineCards::TaskYear)));
    const QString before = headline(HeadlineCards::TaskYear);

    slider->setValue(slider->minimum() + (slider->maximum() - slider->minimum()) / 50); // about $1,500
    const double budget = mWindow->assumption(QStringLiteral("budget_usd"));
    QVERIFY(budget < 2000 && budget >= 500);
    const ff::Result expected = computeWith({{"budget_usd", budget}});
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), expected.task), qPrintable(headline(HeadlineCards::TaskYear)));
    QVERIFY2(showsAnswer(headline(HeadlineCards::FullYear), expected.full), qPrintable(headline(HeadlineCards::FullYear)));
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

void TestGui::rangeFollowsTheDrag()
{
    // The settle run (sensitivity, back-test, the full count) held back: only the drag's quick range.
    mWindow->setUncertaintyDelay(60000);
    ForecastSession *session = mWindow->session();
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_density_doubling_years"));
    QVERIFY(slider);
    const int start = slider->value();
    slider->setSliderDown(true);
    QVERIFY(session->isInteracting());
    // Several changes in a row, each restarting the range (and cancelling the one before).
    for (int i = 1; i <= 8; ++i) {
        slider->setValue(start + i * 3);
        if (i % 3 == 0)
            QTest::qWait(2);
    }
    const ff::Scenario last = mWindow->document()->scenario();
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->uncertaintyRunner()->isBusy(), 60000);
    QVERIFY(session->extras().monteCarlo);
    QVERIFY(session->monteCarloProvisional());
    // The range shown is the last value's, with the drag's sample count, and not a stale one.
    const ff::MonteCarloResult want = ff::runMonteCarlo(*mEngine, last, session->dragSamples(), session->seed(), nullptr, true);
    const ff::MonteCarloResult &shown = *session->extras().monteCarlo;
    QCOMPARE(shown.task.samples, want.task.samples);
    QCOMPARE(shown.task.p10, want.task.p10);
    QCOMPARE(shown.task.p50, want.task.p50);
    QCOMPARE(shown.task.p90, want.task.p90);
    QCOMPARE(shown.full.p50, want.full.p50);
    // On the card, before the release; not current (an export runs the full count itself).
    QVERIFY(!mWindow->findChild<QLabel *>(QStringLiteral("headlineRange_") + HeadlineCards::id(HeadlineCards::TaskYear))
                 ->text()
                 .contains(QStringLiteral("computing")));
    QVERIFY(!session->isCurrent(Extra::MonteCarlo));
    // The economics card waits for the release, then is filled in.
    QCOMPARE(headline(HeadlineCards::Economics), QStringLiteral("\u2026"));
    slider->setSliderDown(false);
    QVERIFY(!session->isInteracting());
    QVERIFY(headline(HeadlineCards::Economics) != QStringLiteral("\u2026"));
}

void TestGui::rapidDragThenSettleGivesTheFullRange()
{
    mWindow->setMonteCarloSettings(800, 7);
    // The settings are preferences: leave the defaults for the other tests, pass or fail.
    const auto restore = qScopeGuard([this] { mWindow->setMonteCarloSettings(ff::kDefaultSamples, 1); });
    mWindow->setUncertaintyDelay(5); // the settle run starts between changes too, and is cancelled
    ForecastSession *session = mWindow->session();
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_budget_usd"));
    QVERIFY(slider);
    const int start = slider->value();
    slider->setSliderDown(true);
    for (int i = 1; i <= 40; ++i) {
        slider->setValue(start + (i % 7) * 4 - i);
        QTest::qWait(i % 4); // 0-3 ms: a quick range, a settle run or neither is in flight
    }
    slider->setSliderDown(false);
    const ff::Scenario last = mWindow->document()->scenario();
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->extrasCurrent(), 120000);
    QVERIFY(!session->monteCarloProvisional());
    const ff::MonteCarloResult want = ff::runMonteCarlo(*mEngine, last, 800, 7, nullptr, true);
    const ff::MonteCarloResult &shown = *session->extras().monteCarlo;
    QCOMPARE(shown.task.samples, 800);
    QCOMPARE(shown.task.p10, want.task.p10);
    QCOMPARE(shown.task.p90, want.task.p90);
    QCOMPARE(shown.fanYears.size(), want.fanYears.size());
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
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), expected.task), qPrintable(headline(HeadlineCards::TaskYear)));
    mWindow->action(QStringLiteral("undo"))->trigger();
    QCOMPARE(combo->currentData().toString(), before);
    QCOMPARE(QString::fromStdString(mWindow->result().targetModel), before);
}

void TestGui::asOfHindcastsAndIsUndoable()
{
    auto *combo = mWindow->findChild<QComboBox *>(QStringLiteral("asOfCombo"));
    QVERIFY(combo);
    QVERIFY(!combo->accessibleName().isEmpty());
    QVERIFY(combo->count() > 4);
    // The latest data first; every choice can be fitted.
    QCOMPARE(combo->currentIndex(), combo->count() - 1);
    QVERIFY(combo->currentText().contains(QStringLiteral("latest")));
    QCOMPARE(combo->currentData().toDouble(), mEngine->defaultAsOf());
    for (int i = 0; i < combo->count(); ++i)
        QVERIFY(mEngine->context(combo->itemData(i).toDouble()) != nullptr);

    // A hindcast: the forecast as the data stood then, with the target still Sonnet 4 (2025-05).
    const int k = combo->findText(QStringLiteral("2025-07"));
    QVERIFY(k >= 0);
    emit combo->activated(k);
    QVERIFY(mWindow->document()->scenario().asOf.has_value());
    QCOMPARE(ff::formatMonth(mWindow->result().asOf), std::string("2025-07"));
    ff::Scenario s;
    s.asOf = combo->itemData(k).toDouble();
    const ff::Result expected = mEngine->compute(s);
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), expected.task), qPrintable(headline(HeadlineCards::TaskYear)));
    QVERIFY2(showsAnswer(headline(HeadlineCards::FullYear), expected.full), qPrintable(headline(HeadlineCards::FullYear)));
    QVERIFY(mWindow->document()->isModified());

    // Before the target existed: refused with a message naming both dates; nothing changes.
    mMessages.clear();
    const int early = combo->findText(QStringLiteral("2024-01"));
    QVERIFY(early >= 0);
    combo->setCurrentIndex(early);
    emit combo->activated(early);
    QCOMPARE(mMessages.size(), 1);
    QVERIFY2(mMessages.front().contains(QStringLiteral("2025-05")) && mMessages.front().contains(QStringLiteral("2024-01")),
             qPrintable(mMessages.front()));
    QCOMPARE(combo->currentIndex(), k);
    QCOMPARE(ff::formatMonth(mWindow->result().asOf), std::string("2025-07"));

    // Undo goes back to the latest data (no as-of in the scenario).
    mWindow->action(QStringLiteral("undo"))->trigger();
    QVERIFY(!mWindow->document()->scenario().asOf.has_value());
    QCOMPARE(combo->currentIndex(), combo->count() - 1);
    QCOMPARE(mWindow->result().asOf, mEngine->defaultAsOf());
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
    // Valid files the engine cannot forecast: refused at the door, not shown half-applied.
    QTest::newRow("as_of the data cannot be fitted at")
        << QByteArray(R"({"format": "frontier-forecast-scenario", "version": 1, "as_of": "2023-03"})")
        << QStringLiteral("as_of 2023-03");
    QTest::newRow("target released after as_of")
        << QByteArray(R"({"format": "frontier-forecast-scenario", "version": 1, "as_of": "2024-06"})")
        << QStringLiteral("as_of 2024-06");
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
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 7000));
    {
        const FileSizeLimit limit(64); // the write itself fails (EFBIG), as root too
        QVERIFY(limit.ok());
        QVERIFY(!mWindow->saveScenario(good));
    }
    QCOMPARE(mMessages.size(), 2);
    QVERIFY2(mMessages.last().contains(QStringLiteral("kept.json")), qPrintable(mMessages.last()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), saved);
    f.close();
    QVERIFY(mWindow->isWindowModified());
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), 7000.0);
    QCOMPARE(mWindow->document()->filePath(), QFileInfo(good).absoluteFilePath());
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
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), expected.task), qPrintable(headline(HeadlineCards::TaskYear)));
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

void TestGui::wheelNeverChangesAnUnfocusedControl()
{
    auto *spin = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_roadmap_next_year"));
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_kv_compression"));
    auto *scroll = mWindow->findChild<QScrollArea *>(QStringLiteral("assumptionsScroll"));
    QVERIFY(spin && slider && scroll);
    mWindow->activateWindow();
    mWindow->findChild<QWidget *>(QStringLiteral("chartTabs"))->setFocus();
    QTRY_VERIFY(!spin->hasFocus());
    const auto wheel = [](QWidget *w) {
        const QPointF at(w->width() / 2.0, w->height() / 2.0);
        QWheelEvent e(at, w->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        // As from the mouse: Qt passes only a spontaneous wheel event on to the parent when ignored.
        QSpontaneKeyEvent::setSpontaneous(&e);
        QApplication::sendEvent(w, &e);
    };
    const double year = mWindow->assumption(QStringLiteral("roadmap_next_year"));
    const double kv = mWindow->assumption(QStringLiteral("kv_compression"));
    wheel(spin);
    wheel(slider);
    QCOMPARE(mWindow->assumption(QStringLiteral("roadmap_next_year")), year);
    QCOMPARE(mWindow->assumption(QStringLiteral("kv_compression")), kv);
    QVERIFY(!mWindow->document()->isModified());
    // With the focus (a click, Tab) the control takes the wheel as usual.
    QVERIFY(spin->focusPolicy() == Qt::StrongFocus);
    spin->setFocus();
    QTRY_VERIFY(spin->hasFocus());
    wheel(spin);
    QVERIFY(mWindow->assumption(QStringLiteral("roadmap_next_year")) != year);
}

void TestGui::undoActsOnTheScenarioWhileASpinBoxHasFocus()
{
    auto *spin = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_kv_compression"));
    QVERIFY(spin);
    mWindow->activateWindow();
    spin->setFocus();
    QTRY_VERIFY(spin->hasFocus());
    const double before = mWindow->assumption(QStringLiteral("kv_compression"));
    spin->findChild<QLineEdit *>()->selectAll();
    QTest::keyClicks(spin, QStringLiteral("5"));
    QTest::keyClick(spin, Qt::Key_Return);
    QCOMPARE(mWindow->assumption(QStringLiteral("kv_compression")), 5.0);
    QVERIFY(spin->hasFocus());
    QTest::keyClick(spin, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(mWindow->assumption(QStringLiteral("kv_compression")), before);
    QTest::keyClick(spin, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(mWindow->assumption(QStringLiteral("kv_compression")), 5.0);
}

void TestGui::resetToDefaultsOfAnUnchangedFileIsClean()
{
    QVERIFY(!mWindow->document()->isModified());
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 9000));
    QVERIFY(mWindow->document()->isModified());
    mWindow->action(QStringLiteral("resetDefaults"))->trigger();
    // Back to what the (untitled, default) document was: nothing to save.
    QVERIFY(!mWindow->document()->isModified());
    QVERIFY(!mWindow->isWindowModified());
    // Saved with a change, the defaults are a change again.
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 9000));
    const QString path = tempPath(QStringLiteral("nine-thousand.json"));
    QVERIFY(mWindow->saveScenario(path));
    QVERIFY(!mWindow->document()->isModified());
    mWindow->action(QStringLiteral("resetDefaults"))->trigger();
    QVERIFY(mWindow->document()->isModified());
    mWindow->action(QStringLiteral("undo"))->trigger();
    QVERIFY(!mWindow->document()->isModified());
}

void TestGui::compareRoundTripsThroughSaveAndOpen()
{
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 20000));
    const ff::Result pinnedExpected = mEngine->compute(mWindow->document()->scenario());
    mWindow->action(QStringLiteral("pin"))->trigger();
    QVERIFY(mWindow->hasPin());
    QVERIFY(mWindow->action(QStringLiteral("pin"))->isChecked());
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000));
    const ff::Result now = mEngine->compute(mWindow->document()->scenario());
    // The headline shows both answers and the difference.
    const QString both = QStringLiteral("pinned %1 \u00b7 %2")
                             .arg(QString::fromStdString(ff::parityDateShort(pinnedExpected.task)),
                                  QString::fromStdString(ff::parityDifferenceShort(now.task, pinnedExpected.task)));
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), now.task), qPrintable(headline(HeadlineCards::TaskYear)));
    QCOMPARE(mWindow->headline()->detail(HeadlineCards::TaskYear), both);
    // The charts overlay the pinned curves; the tables gain the difference columns.
    bool overlaid = false;
    for (QAbstractSeries *series : mWindow->chart(ChartKind::Timeline)->series())
        overlaid = overlaid || series->name().startsWith(QStringLiteral("Pinned"));
    QVERIFY(overlaid);
    const ff::Table budget = mWindow->tableModel(TableKind::Budget)->table();
    QCOMPARE(QString::fromStdString(budget.header.back()), QStringLiteral("Difference"));
    // Saved and opened again: the pin comes back with the scenario.
    const QString path = tempPath(QStringLiteral("compare.json"));
    QVERIFY(mWindow->saveScenario(path));
    mWindow->newScenario();
    QVERIFY(!mWindow->hasPin());
    QVERIFY(mWindow->openScenario(path));
    QVERIFY(mWindow->hasPin());
    QVERIFY(!mWindow->document()->isModified());
    QCOMPARE(mWindow->document()->pinned()->values.at("budget_usd"), 20000.0);
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), 3000.0);
    QCOMPARE(mWindow->pinnedResult()->task.year, pinnedExpected.task.year);
    QCOMPARE(mWindow->headline()->detail(HeadlineCards::TaskYear), both);
    // Unpinning is a change to the document.
    mWindow->action(QStringLiteral("pin"))->trigger();
    QVERIFY(!mWindow->hasPin());
    QVERIFY(mWindow->document()->isModified());
    QVERIFY(!mWindow->headline()->detail(HeadlineCards::TaskYear).contains(QStringLiteral("pinned")));
}

QTEST_MAIN(TestGui)
#include "tst_gui.moc"

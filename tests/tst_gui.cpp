// The explorer window driven as a user would: widgets and actions found by objectName, every number
// checked against ff::Engine::compute for the same scenario. Offscreen, with a temporary settings file.
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
#include "backtest.h"
#include "claims.h"
#include "compare.h"
#include "exportdialog.h"
#include "forecast.h"
#include "forecastextras.h"
#include "forecastsession.h"
#include "headlinecards.h"
#include "chartfit.h"
#include "chartview.h"
#include "mainwindow.h"
#include "montecarlo.h"
#include "report.h"
#include "scenariodocument.h"
#include "tablemodel.h"
#include "timeutil.h"
#include "montecarlodialog.h"
#include "preferences.h"
#include "uncertaintyrunner.h"

using namespace ffui;
using ffui::Extra;


// The headline card shows the answer's kind and date, to the month until the Monte Carlo's range
// says a year is all the evidence earns (ff::cardText).
[[maybe_unused]] static bool showsAnswer(const QString &h, const ff::ParityResult &p)
{
    const QString exact = QString::fromStdString(ff::cardText(p, nullptr, 2045));
    if (h == exact)
        return true;
    return p.kind == ff::ParityKind::Projected && h == QString::number(int(std::floor(p.year + 1e-9)));
}

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
    void uncertaintyArrivesFromTheWorker();
    void accelerantCardShowsTheYearsThatMove_data();
    void accelerantCardShowsTheYearsThatMove();
    void uncertaintyChartsShowTheModelsNumbers();
    void monteCarloSettingsRedrawTheRangeAndPersist();
    void tornadoFallsBackToFullProduct();
    void claimsTableColoursTheVerdict();
    void staleUncertaintyIsDropped();
    void changedCellsAreHighlightedThenFade();
    void tablesShowReportCells();
    void chartsHaveSeriesAndTitles();
    void exportsFromTheWindow();
    void copyChartPutsAnImageOnTheClipboard();
    void exportDialogReturnsTheChosenOptions();
    void settingsPersistInTheTemporaryLocation();
    void redrawnIsEmittedPerChange();
    void chartsAgreeWithTheHeadline();
    void wheelNeverChangesAnUnfocusedControl();
    void undoActsOnTheScenarioWhileASpinBoxHasFocus();
    void resetToDefaultsOfAnUnchangedFileIsClean();
    void compareRoundTripsThroughSaveAndOpen();
    void compareShowsWhatChangedAndThePinnedDate();
    void axesHoldStillDuringADrag();
    void budgetIsOnTopOnALogScaleInDollars();
    void hiddenChartsCatchUpWhenShown();

private:
    QString headline(HeadlineCards::Card card) const;
    QString range(HeadlineCards::Card card) const { return mWindow->headline()->range(card); }
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

void TestGui::uncertaintyArrivesFromTheWorker()
{
    mWindow->setUncertaintyDelay(0);
    mWindow->setAssumption(QStringLiteral("budget_usd"), 2500);
    // The deterministic years at once; the ranges and the accelerant when the worker delivers them.
    const ff::Result expected = computeWith({{"budget_usd", 2500}});
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), expected.task), qPrintable(headline(HeadlineCards::TaskYear)));
    QVERIFY2(showsAnswer(headline(HeadlineCards::FullYear), expected.full), qPrintable(headline(HeadlineCards::FullYear)));
    QVERIFY2(range(HeadlineCards::TaskYear).contains(QStringLiteral("computing")), qPrintable(range(HeadlineCards::TaskYear)));
    QVERIFY2(range(HeadlineCards::FullYear).contains(QStringLiteral("computing")), qPrintable(range(HeadlineCards::FullYear)));
    QCOMPARE(headline(HeadlineCards::Accelerant), QStringLiteral("\u2026"));
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);

    // The same numbers the model gives for this scenario and seed, with the fan (as the worker asks).
    const ff::Scenario s = mWindow->document()->scenario();
    const ff::MonteCarloResult mc = ff::runMonteCarlo(*mEngine, s, mWindow->uncertaintyRunner()->samples(), 1, nullptr, true);
    QVERIFY(!mc.fanYears.empty());
    const auto year = [&](double t) {
        return std::isfinite(t) ? QString::fromStdString(ff::formatMonth(t)).left(4) : QStringLiteral("after");
    };
    for (const auto &[card, d] : {std::pair{HeadlineCards::TaskYear, mc.task}, std::pair{HeadlineCards::FullYear, mc.full}}) {
        const QString text = range(card);
        // The kind of answer first, then the range.
        const ff::Result now = mEngine->compute(s);
        const auto &answer = card == HeadlineCards::TaskYear ? now.task : now.full;
        // The range is the model's short form of the report's words (one date format rule): the kind,
        // the share already due, then the rest; the tooltip carries the report's sentence.
        const QString words = QString::fromStdString(ff::cardRangeText(answer.kind, d, mEngine->data().settings.horizonYear, ff::monthPrecision(&d), answer.derivedScore));
        QCOMPARE(text, words);
        QVERIFY2(text.contains(year(d.p10)), qPrintable(text));
        QVERIFY2(text.contains(year(d.p90)), qPrintable(text));
    }
    // The fan the window holds is the model's.
    QVERIFY(mWindow->extras().monteCarlo.has_value());
    QCOMPARE(mWindow->extras().monteCarlo->fanYears, mc.fanYears);
    QCOMPARE(mWindow->extras().monteCarlo->fanP50, mc.fanP50);
    const auto rows = ff::sensitivity(*mEngine, s);
    const auto order = ff::rankSensitivity(rows, mEngine->data().settings.horizonYear);
    if (!order.empty())
        QCOMPARE(headline(HeadlineCards::Accelerant), QString::fromStdString(rows[order.front()].label));
    else
        QVERIFY(headline(HeadlineCards::Accelerant) != QStringLiteral("\u2026"));
}

void TestGui::accelerantCardShowsTheYearsThatMove_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("value");
    QTest::newRow("defaults") << QString() << 0.0;
    QTest::newRow("budget $2,500") << QStringLiteral("budget_usd") << 2500.0;
    QTest::newRow("budget $12,000") << QStringLiteral("budget_usd") << 12000.0;
}

void TestGui::accelerantCardShowsTheYearsThatMove()
{
    QFETCH(QString, name);
    QFETCH(double, value);
    mWindow->setUncertaintyDelay(0);
    if (!name.isEmpty())
        QVERIFY(mWindow->setAssumption(name, value));
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    const auto rows = ff::sensitivity(*mEngine, mWindow->document()->scenario());
    QVERIFY(!rows.empty());
    // The accelerant is the tornado's top bar: one ranking for both.
    const auto order = ff::rankSensitivity(rows, mEngine->data().settings.horizonYear);
    QVERIFY(!order.empty());
    const ff::SensitivityRow &top = rows[order.front()];
    QCOMPARE(headline(HeadlineCards::Accelerant), QString::fromStdString(top.label));
    auto *bars = qobject_cast<QHorizontalBarSeries *>(mWindow->chart(ChartKind::Tornado)->series().value(0));
    QVERIFY(bars);
    auto *categories = qobject_cast<QBarCategoryAxis *>(mWindow->chart(ChartKind::Tornado)->axes(Qt::Vertical).value(0));
    QVERIFY(categories && !categories->categories().isEmpty());
    QVERIFY2(categories->categories().last().startsWith(QString::fromStdString(top.label)), qPrintable(categories->categories().last()));
    const QString detail = mWindow->headline()->detail(HeadlineCards::Accelerant);
    const auto month = [](double t) { return std::isfinite(t) ? QString::fromStdString(ff::formatMonth(t)) : QStringLiteral("after"); };
    // The swing adds task-level and full-product moves: the card must not present it as task-level years.
    QVERIFY2(!detail.contains(QStringLiteral("by %1 years").arg(QString::fromStdString(ff::fmtFixed(top.swing, 1)))), qPrintable(detail));
    const bool taskMoves = month(top.lowYear) != month(top.highYear);
    const bool fullMoves = month(top.fullLowYear) != month(top.fullHighYear);
    QVERIFY(taskMoves || fullMoves);
    if (fullMoves) {
        QVERIFY2(detail.contains(QStringLiteral("Full product: %1").arg(month(top.fullLowYear))), qPrintable(detail));
        QVERIFY2(detail.contains(month(top.fullHighYear)), qPrintable(detail));
    }
    if (taskMoves) {
        QVERIFY2(detail.contains(QStringLiteral("Task-level: %1").arg(month(top.lowYear))), qPrintable(detail));
        QVERIFY2(detail.contains(month(top.highYear)), qPrintable(detail));
    } else {
        QVERIFY2(detail.contains(QStringLiteral("Task-level stays %1").arg(month(top.lowYear))), qPrintable(detail));
    }
}

void TestGui::monteCarloSettingsRedrawTheRangeAndPersist()
{
    // The dialog: named controls, clamped values, defaults restored by its button.
    {
        MonteCarloDialog dialog(50, 0, QString());
        QCOMPARE(dialog.samples(), MonteCarloDialog::kMinSamples);
        QCOMPARE(dialog.seed(), std::uint64_t(1));
        QVERIFY(!dialog.samplesBox()->accessibleName().isEmpty());
        QVERIFY(!dialog.seedBox()->accessibleName().isEmpty());
        dialog.samplesBox()->setValue(1234);
        dialog.seedBox()->setValue(99);
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        buttons->button(QDialogButtonBox::RestoreDefaults)->click();
        QCOMPARE(dialog.samples(), ff::kDefaultSamples);
        QCOMPARE(dialog.seed(), std::uint64_t(1));
    }
    QVERIFY(mWindow->action(QStringLiteral("monteCarloSettings")));

    // New settings rerun the worker; the range is the model's for those samples and that seed.
    mWindow->setUncertaintyDelay(0);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    mWindow->setMonteCarloSettings(1500, 7);
    QVERIFY(!mWindow->uncertaintyCurrent());
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    const ff::Scenario s = mWindow->document()->scenario();
    const ff::MonteCarloResult mc = ff::runMonteCarlo(*mEngine, s, 1500, 7, nullptr, true);
    QVERIFY(mWindow->extras().monteCarlo.has_value());
    const ff::MonteCarloResult &got = *mWindow->extras().monteCarlo;
    QCOMPARE(got.task.samples, 1500);
    QCOMPARE(got.seed, std::uint64_t(7));
    QCOMPARE(got.task.p90, mc.task.p90);
    QCOMPARE(got.full.p90, mc.full.p90);
    QCOMPARE(got.fanP50, mc.fanP50);
    auto *status = mWindow->findChild<QLabel *>(QStringLiteral("uncertaintyLabel"));
    QVERIFY(status);
    QTRY_VERIFY2(status->text().contains(QStringLiteral("1,500 samples, seed 7, in ")), qPrintable(status->text()));

    // Kept for the next start.
    mWindow.reset();
    mWindow = std::make_unique<MainWindow>(QStringLiteral(FF_SOURCE_DATA_DIR));
    QCOMPARE(mWindow->uncertaintyRunner()->samples(), 1500);
    QCOMPARE(mWindow->uncertaintyRunner()->seed(), std::uint64_t(7));
    mWindow->setMonteCarloSettings(ff::kDefaultSamples, 1); // leave the defaults for the other tests
    QCOMPARE(prefs::monteCarloSamples.get(), ff::kDefaultSamples);
}

void TestGui::uncertaintyChartsShowTheModelsNumbers()
{
    mWindow->setUncertaintyDelay(0);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000));
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->extrasCurrent(), 120000);
    const ff::Scenario s = mWindow->document()->scenario();
    const ff::MonteCarloResult mc = ff::runMonteCarlo(*mEngine, s, mWindow->uncertaintyRunner()->samples(), 1, nullptr, true);

    // Fan: a band from P10 to P90 and the median line, over the model's years.
    QChart *fan = mWindow->chart(ChartKind::Fan);
    QVERIFY(!fan->title().contains(QStringLiteral("updating")));
    QAreaSeries *band = nullptr;
    for (QAbstractSeries *x : fan->series())
        if (auto *a = qobject_cast<QAreaSeries *>(x))
            band = a;
    QVERIFY(band);
    QCOMPARE(band->upperSeries()->count(), qsizetype(mc.fanYears.size()));
    for (std::size_t i = 0; i < mc.fanYears.size(); ++i) {
        QCOMPARE(band->upperSeries()->at(qsizetype(i)), QPointF(mc.fanYears[i], mc.fanP90[i]));
        QCOMPARE(band->lowerSeries()->at(qsizetype(i)), QPointF(mc.fanYears[i], mc.fanP10[i]));
    }
    QStringList names;
    for (QAbstractSeries *x : fan->series())
        names << x->name();
    const ff::Result r = mEngine->compute(s);
    for (const ff::Series &series : r.timeline)
        if (series.role == "target" || series.role == "frontier")
            QVERIFY2(names.contains(QString::fromStdString(series.name)), qPrintable(names.join(QStringLiteral(", "))));

    // Histogram: task-level and full product as bars, shares of the samples.
    QChart *hist = mWindow->chart(ChartKind::Histogram);
    auto *bars = qobject_cast<QBarSeries *>(hist->series().value(0));
    QVERIFY(bars);
    QCOMPARE(bars->count(), 2);
    for (int i = 0; i < 2; ++i) {
        const ff::Distribution &d = i == 0 ? mc.task : mc.full;
        double total = 0;
        for (int k = 0; k < bars->barSets()[i]->count(); ++k)
            total += bars->barSets()[i]->at(k);
        QVERIFY2(std::fabs(total - 100.0) < 1e-6, qPrintable(QString::number(total)));
        // The first year's bar is the model's count for that year.
        if (!d.histogramYears.empty()) {
            auto *axis = qobject_cast<QBarCategoryAxis *>(hist->axes(Qt::Horizontal).value(0));
            QVERIFY(axis);
            const int at = int(axis->categories().indexOf(QString::number(int(d.histogramYears.front()))));
            QVERIFY(at >= 0);
            QCOMPARE(bars->barSets()[i]->at(at), 100.0 * d.histogramCounts.front() / d.samples);
        }
    }

    // Tornado: ranked, the biggest mover on top, around the base year.
    QChart *tornado = mWindow->chart(ChartKind::Tornado);
    auto *hbars = qobject_cast<QHorizontalBarSeries *>(tornado->series().value(0));
    QVERIFY(hbars);
    auto *cats = qobject_cast<QBarCategoryAxis *>(tornado->axes(Qt::Vertical).value(0));
    QVERIFY(cats && cats->count() > 0);
    const auto rows = ff::sensitivity(*mEngine, s);
    bool taskMoves = false;
    for (const auto &r : rows)
        taskMoves = taskMoves || r.lowYear != r.highYear;
    QCOMPARE(tornado->title().contains(QStringLiteral("full-product")), !taskMoves);
    // The top category (the last one on a horizontal axis) moves the shown parity at least as far as any other.
    const auto swingOf = [&](int k) { return std::fabs(hbars->barSets()[1]->at(k) - hbars->barSets()[0]->at(k)); };
    for (int k = 0; k + 1 < cats->count(); ++k)
        QVERIFY(swingOf(cats->count() - 1) >= swingOf(k) - 1e-9);

    // Back-test: one "said then" line per bar, its points the model's predictions.
    const auto backtest = mWindow->extras().backtest;
    QVERIFY(!backtest.empty());
    QChart *bt = mWindow->chart(ChartKind::Backtest);
    int predicted = 0;
    for (QAbstractSeries *x : bt->series())
        if (x->name().endsWith(QStringLiteral("said then")))
            predicted += int(static_cast<QXYSeries *>(x)->count());
    int expectedPoints = 0;
    for (const auto &b : backtest)
        expectedPoints += b.predictedReached ? 1 : 0;
    QCOMPARE(predicted, expectedPoints);
    ff::BacktestSpec spec = ff::defaultBacktestSpec();
    spec.base = s;
    const auto fresh = ff::backtest(*mEngine, spec);
    QCOMPARE(backtest.size(), fresh.size());
    for (std::size_t i = 0; i < fresh.size(); ++i)
        QCOMPARE(backtest[i].predictedYear, fresh[i].predictedYear);
    // The tables of the back-test and the ceiling history show the same rows.
    QCOMPARE(mWindow->tableModel(TableKind::Backtest)->rowCount(), int(fresh.size()));
    QCOMPARE(mWindow->tableModel(TableKind::Ceiling)->rowCount(), int(ff::ceilingHistory(*mEngine, spec).size()));

    // A change marks them as updating until the worker is back.
    mWindow->setUncertaintyDelay(60000);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3500));
    // (Hidden charts are marked when they are shown or asked for: chart() gives them as shown.)
    QVERIFY(mWindow->chart(ChartKind::Fan)->title().contains(QStringLiteral("updating")));
    QVERIFY(mWindow->chart(ChartKind::Tornado)->title().contains(QStringLiteral("updating")));
}

void TestGui::tornadoFallsBackToFullProduct()
{
    const ff::Scenario s;
    const ff::Result r = mEngine->compute(s);
    ff::ReportExtras x;
    x.sensitivity = ff::sensitivity(*mEngine, s);
    QVERIFY(!x.sensitivity.empty());
    // Task-level moves for one row: the tornado shows task-level parity.
    ff::ReportExtras taskMoves = x;
    for (auto &row : taskMoves.sensitivity)
        row.lowYear = row.highYear = r.task.year;
    taskMoves.sensitivity.front().highYear = r.task.year + 1;
    std::unique_ptr<QChart> a(ChartFactory::create(ChartKind::Tornado, *mEngine, r, taskMoves));
    QVERIFY2(a->title().contains(QStringLiteral("task-level")), qPrintable(a->title()));
    QVERIFY(a->axes(Qt::Horizontal).value(0)->titleText().startsWith(QStringLiteral("Task-level")));
    // No task-level swing at all: full-product years, and the chart says which.
    ff::ReportExtras fullOnly = x;
    for (auto &row : fullOnly.sensitivity) {
        row.lowYear = row.highYear = r.task.year;
        row.fullLowYear = row.fullHighYear = r.full.year; // only the first row moves
    }
    fullOnly.sensitivity.front().fullLowYear = r.full.year - 0.5;
    fullOnly.sensitivity.front().fullHighYear = r.full.year + 2;
    std::unique_ptr<QChart> b(ChartFactory::create(ChartKind::Tornado, *mEngine, r, fullOnly));
    QVERIFY2(b->title().contains(QStringLiteral("full-product")), qPrintable(b->title()));
    QVERIFY(b->axes(Qt::Horizontal).value(0)->titleText().startsWith(QStringLiteral("Full-product")));
    auto *bars = qobject_cast<QHorizontalBarSeries *>(b->series().value(0));
    QVERIFY(bars);
    auto *cats = qobject_cast<QBarCategoryAxis *>(b->axes(Qt::Vertical).value(0));
    const int top = int(cats->count()) - 1;
    QVERIFY(cats->at(top).startsWith(QString::fromStdString(fullOnly.sensitivity.front().label)));
    QCOMPARE(bars->barSets()[0]->at(top), -0.5); // relative to the base year
    QCOMPARE(bars->barSets()[1]->at(top), 2.0);
}

void TestGui::claimsTableColoursTheVerdict()
{
    TableModel *m = mWindow->tableModel(TableKind::Claims);
    QVERIFY(m);
    const auto claims = ff::auditClaims(*mEngine, mEngine->calibration(), ff::loadClaims(mEngine->data()));
    QVERIFY(!claims.empty());
    const ff::Table t = ff::claimsTable(claims);
    QCOMPARE(m->rowCount(), int(t.rows.size()));
    const int verdict = ForecastTables::verdictColumn(TableKind::Claims);
    QVERIFY(verdict >= 0);
    QCOMPARE(m->headerData(verdict, Qt::Horizontal).toString(), QStringLiteral("Verdict"));
    QSet<QString> seen;
    for (int r = 0; r < m->rowCount(); ++r) {
        for (int c = 0; c < m->columnCount(); ++c)
            QCOMPARE(m->data(m->index(r, c)).toString(), QString::fromStdString(t.rows[std::size_t(r)][std::size_t(c)]));
        const QString v = m->data(m->index(r, verdict)).toString();
        seen << v;
        const QVariant bg = m->data(m->index(r, verdict), Qt::BackgroundRole);
        QVERIFY2(bg.isValid(), qPrintable(v));
        QCOMPARE(bg.value<QColor>(), verdictColor(v));
        QVERIFY(!m->data(m->index(r, 0), Qt::BackgroundRole).isValid()); // only the verdict is coloured
    }
    // Different verdicts get different colours.
    QVERIFY(seen.size() >= 2);
    QSet<QRgb> colours;
    for (const QString &v : seen)
        colours << verdictColor(v).rgb();
    QCOMPARE(colours.size(), seen.size());
    // The claims are about the data, not the scenario: a slider leaves them as they are.
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 9000));
    QCOMPARE(m->rowCount(), int(t.rows.size()));
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
    mWindow->setUncertaintyDelay(0);
    mWindow->setAssumption(QStringLiteral("budget_usd"), 7000);
    const ff::Result expected = computeWith({{"budget_usd", 7000}});
    // The back-test tables arrive from the worker; the claims are there from the start.
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->backtestCurrent(), 120000);
    ff::ReportExtras extras;
    ffui::ExtrasRequest request;
    request.what = Extra::Backtest | Extra::Claims;
    QVERIFY(ffui::computeExtras(*mEngine, mWindow->document()->scenario(), request, extras));
    for (TableKind k : ForecastTables::kinds()) {
        const ff::Table t = ForecastTables::table(k, expected, extras);
        QVERIFY2(!t.rows.empty(), qPrintable(ForecastTables::id(k)));
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
    mWindow->setUncertaintyDelay(0);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->extrasCurrent(), 120000);
    for (ChartKind k : ChartFactory::kinds()) {
        QChart *c = mWindow->chart(k);
        QVERIFY(c);
        QVERIFY(!c->title().isEmpty());
        // The legend is drawn by the view under the plot (Qt's own would cut its labels to one row).
        auto *view = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(k));
        QVERIFY(view && !view->legendEntries().isEmpty() && !view->legendRect().isEmpty());
        QVERIFY(!c->series().isEmpty());
        int points = 0;
        for (QAbstractSeries *s : c->series()) {
            if (auto *xy = qobject_cast<QXYSeries *>(s))
                points += int(xy->count());
            else if (auto *area = qobject_cast<QAreaSeries *>(s))
                points += int(area->upperSeries()->count());
            else if (auto *bars = qobject_cast<QAbstractBarSeries *>(s))
                for (const QBarSet *set : bars->barSets())
                    points += int(set->count());
        }
        const int needed = k == ChartKind::Tornado ? 2 : 10; // one assumption may be all that moves parity
        QVERIFY2(points >= needed, qPrintable(ChartFactory::id(k)));
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

    // The uncertainty charts export before the worker is done: the same model calls, made there and then.
    mWindow->setUncertaintyDelay(60000);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3300));
    QVERIFY(!mWindow->uncertaintyCurrent());
    ExportOptions one;
    one.size = QSize(640, 360);
    ffui::ExtrasRequest request;
    request.what = Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest;
    request.samples = mWindow->uncertaintyRunner()->samples();
    ff::ReportExtras x;
    QVERIFY(ffui::computeExtras(*mEngine, mWindow->document()->scenario(), request, x));
    const ff::Result now = mWindow->result();
    for (ChartKind k : {ChartKind::Fan, ChartKind::Histogram, ChartKind::Tornado, ChartKind::Backtest}) {
        const QString path = tempPath(ChartFactory::id(k) + QStringLiteral(".png"));
        QVERIFY(mWindow->exportChart(k, path, one));
        const QImage expected = ChartExporter(*mEngine, now, x).render(k, one);
        QCOMPARE(QImage(path).convertToFormat(QImage::Format_RGB32), expected.convertToFormat(QImage::Format_RGB32));
    }
    QVERIFY(!mWindow->uncertaintyCurrent()); // the window's own state is the worker's to set
    // The claims table exports as CSV as well.
    QVERIFY(mWindow->exportTable(TableKind::Claims, tempPath(QStringLiteral("claims.csv"))));
    QFile claims(tempPath(QStringLiteral("claims.csv")));
    QVERIFY(claims.open(QIODevice::ReadOnly));
    QVERIFY(claims.readAll().startsWith("Claim,Claimed,Computed"));
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
    // Exports are light unless asked.
    auto *dark = dialog.findChild<QCheckBox *>(QStringLiteral("exportDarkCheck"));
    QVERIFY(dark && !dark->isChecked());
    QVERIFY(!dialog.options().dark);
    dark->setChecked(true);
    QVERIFY(dialog.options().dark);
    // Every chart can be picked, the uncertainty and back-test ones included.
    auto *charts = dialog.findChild<QComboBox *>(QStringLiteral("exportChartCombo"));
    QCOMPARE(charts->count(), int(ChartFactory::kinds().size()));
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

namespace {
// The value a drawn line has at x (steps hold their value; NaN before its first point).
double valueAt(const QList<QPointF> &pts, double x)
{
    double v = std::numeric_limits<double>::quiet_NaN();
    for (const QPointF &p : pts)
        if (p.x() <= x + 1e-9)
            v = p.y();
    return v;
}
const ChartFactory::DrawnSeries *seriesNamed(const QList<ChartFactory::DrawnSeries> &all, const QString &prefix)
{
    for (const auto &s : all)
        if (s.name.startsWith(prefix) || s.name.contains(prefix))
            return &s;
    return nullptr;
}
} // namespace

void TestGui::chartsAgreeWithTheHeadline()
{
    // The default scenario and random ones (every sampled assumption uniform between its P10 and
    // P90, the budget log-uniform over its range): where the drawn lines cross is where the headline
    // says parity is, to the month.
    // Each also for Sonnet 4.6: with the derived scores the default target is observed in most of
    // them, and the crossing is drawn for answers still to come.
    std::vector<ff::Scenario> scenarios = fftest::checkedScenarios(*mEngine); // testutil.h
    for (std::size_t i = 0, n = scenarios.size(); i < n; ++i) {
        ff::Scenario s = scenarios[i];
        s.targetModel = "Claude Sonnet 4.6";
        scenarios.push_back(s);
    }
    int projected = 0;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const ff::Result r = mEngine->compute(scenarios[i]);
        const QString where = QStringLiteral("scenario %1, parity %2").arg(i).arg(QString::fromStdString(ff::yearText(r.task)));
        const auto crossing = ChartFactory::drawnSeries(ChartKind::Crossing, *mEngine, r);
        const auto timeline = ChartFactory::drawnSeries(ChartKind::Timeline, *mEngine, r);
        const auto *need = seriesNamed(crossing, QStringLiteral("needs"));
        const auto *offer = seriesNamed(crossing, QStringLiteral("runs at API speed"));
        const auto *local = seriesNamed(timeline, QStringLiteral("(by the law)"));
        const auto *target = seriesNamed(timeline, QStringLiteral("Target"));
        const auto *observed = seriesNamed(timeline, QStringLiteral("(observed)"));
        QVERIFY2(need && offer && local && target && observed, qPrintable(where));
        // The law's lines start no earlier than its evidence (nor more than a year before the answer or today).
        const double lawStart = std::ceil(r.law.firstRelease * 12 - 1e-6) / 12;
        QVERIFY2(!need->points.isEmpty() && need->points.front().x() >= lawStart - 1e-9, qPrintable(where));
        QVERIFY2(local->points.isEmpty() || local->points.front().x() >= lawStart - 1e-9, qPrintable(where));
        QVERIFY2(observed->points.isEmpty() || observed->points.back().x() <= r.asOf + 1e-9, qPrintable(where));
        // A today line at as-of on both.
        QVERIFY2(seriesNamed(crossing, QStringLiteral("Today")) && seriesNamed(timeline, QStringLiteral("Today")), qPrintable(where));
        const double axisEnd = need->points.back().x();
        const auto firstCrossing = [&](const ChartFactory::DrawnSeries &above, const ChartFactory::DrawnSeries &below) {
            for (const QPointF &p : below.points) {
                const double v = valueAt(above.points, p.x());
                if (std::isfinite(v) && v >= p.y() * (1 - 1e-9))
                    return p.x();
            }
            return std::numeric_limits<double>::infinity();
        };
        if (r.task.reached && !r.task.alreadyReached) {
            ++projected;
            const double cross = firstCrossing(*offer, *need);
            QVERIFY2(std::fabs(cross - r.task.year) <= 1.0 / 12 + 1e-6,
                     qPrintable(where + QStringLiteral(": need and offer cross at %1").arg(cross)));
            const double line = firstCrossing(*local, *target);
            QVERIFY2(std::fabs(line - r.task.year) <= 1.0 / 12 + 1e-6,
                     qPrintable(where + QStringLiteral(": local meets the target at %1").arg(line)));
            // The marker is drawn where the headline says.
            const auto *marker = seriesNamed(crossing, QStringLiteral("parity ("));
            QVERIFY2(marker && !marker->points.isEmpty() && std::fabs(marker->points.front().x() - r.task.year) < 1e-9, qPrintable(where));
        } else if (!r.task.reached) {
            const double cross = firstCrossing(*offer, *need);
            QVERIFY2(!std::isfinite(cross) || cross > axisEnd - 1e-9,
                     qPrintable(where + QStringLiteral(": a crossing is drawn at %1 (need %2, offer %3, as of %4, breakthrough %5) but parity is not reached")
                                            .arg(cross)
                                            .arg(valueAt(need->points, cross))
                                            .arg(valueAt(offer->points, cross))
                                            .arg(r.asOf)
                                            .arg(scenarios[i].values.count("distill_breakthrough_year") ? scenarios[i].values.at("distill_breakthrough_year") : -1)
                                            + QStringLiteral(" drift %1 sparsity %2 kv %3 budget %4 need+1m %5 offer+1m %6")
                                                  .arg(scenarios[i].values.count("target_drift_per_year") ? scenarios[i].values.at("target_drift_per_year") : -1)
                                                  .arg(scenarios[i].values.count("max_sparsity") ? scenarios[i].values.at("max_sparsity") : -1)
                                                  .arg(scenarios[i].values.count("kv_compression") ? scenarios[i].values.at("kv_compression") : -1)
                                                  .arg(r.budgetUsd)
                                                  .arg(valueAt(need->points, cross + 1.0 / 12))
                                                  .arg(valueAt(offer->points, cross + 1.0 / 12))));
        } else {
            // Observed: the catalog's best local run is at the bar today.
            QVERIFY2(!observed->points.isEmpty() && observed->points.back().y() >= valueAt(target->points, r.asOf) - 1e-6,
                     qPrintable(where));
        }
    }
    QVERIFY(projected >= 5); // the random scenarios exercise the projected case
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

void TestGui::compareShowsWhatChangedAndThePinnedDate()
{
    // Issue 31, item 5: pin the defaults, switch the target to Sonnet 4.5.
    // Which later Sonnet flips a year's verdict depends on the data: the first that flips one is taken.
    QString sonnet45 = QStringLiteral("Claude Sonnet 4.5");
    mWindow->action(QStringLiteral("pin"))->trigger();
    QVERIFY(mWindow->hasPin());
    QVERIFY(mWindow->setTargetModel(sonnet45));
    const ff::Result *pinned = mWindow->pinnedResult();
    QVERIFY(pinned);
    const auto flips = [&] {
        for (std::size_t i = 0; i < mWindow->result().scenarios.size() && i < pinned->scenarios.size(); ++i)
            if (mWindow->result().scenarios[i].verdict != pinned->scenarios[i].verdict)
                return true;
        return false;
    };
    if (!flips()) {
        sonnet45 = QStringLiteral("Claude Sonnet 4.6");
        QVERIFY(mWindow->setTargetModel(sonnet45));
        pinned = mWindow->pinnedResult();
    }
    // Two names: the pin keeps the preset's, the change is named by what changed.
    QCOMPARE(QString::fromStdString(pinned->scenario.name), QStringLiteral("Base case"));
    QCOMPARE(QString::fromStdString(mWindow->result().scenario.name), QStringLiteral("Target ") + sonnet45);
    // The scenario table: the verdict cells that changed differ from the pinned ones, and say so.
    TableModel *scenario = mWindow->tableModel(TableKind::Scenario);
    const ff::Table &t = scenario->table();
    int verdict = -1;
    for (int c = 0; c < scenario->columnCount(); ++c)
        if (scenario->headerData(c, Qt::Horizontal).toString() == QLatin1String("Verdict"))
            verdict = c;
    QVERIFY(verdict >= 0);
    const int difference = scenario->columnCount() - 1;
    QCOMPARE(scenario->headerData(difference, Qt::Horizontal).toString(), QStringLiteral("Difference"));
    int changedVerdicts = 0;
    for (int r = 0; r < scenario->rowCount(); ++r) {
        const bool changed = mWindow->result().scenarios[std::size_t(r)].verdict != pinned->scenarios[std::size_t(r)].verdict;
        QCOMPARE(scenario->differsFromPinned(r, verdict), changed);
        const QString diff = scenario->data(scenario->index(r, difference)).toString();
        QVERIFY2(!diff.isEmpty() && diff != QLatin1String("same"), qPrintable(diff));
        if (changed) {
            ++changedVerdicts;
            QVERIFY2(diff.startsWith(QLatin1String("verdict ")), qPrintable(diff));
            QCOMPARE(scenario->data(scenario->index(r, verdict), TableModel::PinnedRole).toString(),
                     QString::fromStdString(ff::verdictText(pinned->scenarios[std::size_t(r)].verdict)));
            QVERIFY(scenario->data(scenario->index(r, verdict), Qt::FontRole).value<QFont>().bold());
        }
    }
    QVERIFY(changedVerdicts > 0);
    QCOMPARE(t.rows.size(), std::size_t(scenario->rowCount()));
    // On screen the verdict, the pinned verdict and the difference come right after the year.
    auto *view = mWindow->findChild<QTableView *>(QStringLiteral("table_scenario"));
    QVERIFY(view);
    QCOMPARE(view->horizontalHeader()->visualIndex(verdict), 1);
    QCOMPARE(view->horizontalHeader()->visualIndex(difference - 1), 2);
    QCOMPARE(view->horizontalHeader()->visualIndex(difference), 3);
    // The crossing chart: a line at the pinned parity date, in the pinned style, named for the pin.
    QVERIFY(pinned->task.reached);
    QChart *crossing = mWindow->chart(ChartKind::Crossing);
    QLineSeries *marker = nullptr, *today = nullptr;
    for (QAbstractSeries *series : crossing->series()) {
        if (series->name().startsWith(QStringLiteral("Pinned: Base case: task-level parity")))
            marker = qobject_cast<QLineSeries *>(series);
        if (series->name().startsWith(QStringLiteral("Today")))
            today = qobject_cast<QLineSeries *>(series);
    }
    QVERIFY(marker && today);
    QCOMPARE(marker->count(), 2);
    QCOMPARE(marker->at(0).x(), pinned->task.year);
    QCOMPARE(marker->at(1).x(), pinned->task.year);
    QVERIFY(marker->name().contains(QString::fromStdString(ff::formatMonth(pinned->task.year))));
    QVERIFY(marker->pen().color() != today->pen().color());
    QVERIFY(marker->pen().style() != today->pen().style());
    // Every pinned series on the crossing chart is told apart from Today the same way.
    for (QAbstractSeries *series : crossing->series())
        if (series->name().startsWith(QStringLiteral("Pinned: "))) {
            auto *line = qobject_cast<QXYSeries *>(series);
            QVERIFY(line);
            QCOMPARE(line->pen().color(), marker->pen().color());
        }
    // In the legend.
    bool inLegend = false;
    for (const LegendEntry &e : ChartFit::legendEntries(crossing))
        inLegend = inLegend || e.label == marker->name();
    QVERIFY(inLegend);
}

void TestGui::axesHoldStillDuringADrag()
{
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_budget_usd"));
    QVERIFY(slider);
    // On screen: a hidden chart is not redrawn during a drag at all.
    auto *tabs = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    auto *timeline = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Timeline));
    QVERIFY(timeline);
    tabs->setCurrentWidget(timeline);
    QChart *chart = mWindow->chart(ChartKind::Timeline);
    auto *x = qobject_cast<QValueAxis *>(chart->axes(Qt::Horizontal).value(0));
    QVERIFY(x);
    const double before = x->max();
    // A press starts a drag: from then until the release the axes keep their range.
    emit slider->sliderPressed();
    slider->setValue(slider->minimum());
    QCOMPARE(x->max(), before);
    std::unique_ptr<QChart> fresh(ChartFactory::create(ChartKind::Timeline, *mEngine, mWindow->result()));
    const double fitted = qobject_cast<QValueAxis *>(fresh->axes(Qt::Horizontal).value(0))->max();
    QVERIFY2(fitted != before, "the test needs a budget that moves the axis");
    emit slider->sliderReleased();
    // The release refits them to what is shown.
    QVERIFY(!ChartFactory::axesFrozen(chart));
    QCOMPARE(x->max(), fitted);
}

void TestGui::budgetIsOnTopOnALogScaleInDollars()
{
    const ff::AssumptionDef *budget = mEngine->data().assumption("budget_usd");
    const SliderScale scale = SliderScale::forAssumption(*budget);
    QVERIFY(scale.log && scale.money);
    // The middle of the slider is the geometric middle of the range, shown as money.
    QCOMPARE(scale.fromSlider(SliderScale::kSteps / 2), std::round(std::sqrt(budget->min * budget->max) / 100) * 100);
    QCOMPARE(scale.text(5000, QStringLiteral("USD")), QStringLiteral("$5,000"));
    QCOMPARE(SliderScale::forAssumption(*mEngine->data().assumption("roadmap_next_year")).text(2028, QStringLiteral("year")),
             QStringLiteral("2028-01"));
    // In the Target group, right under the target model.
    auto *group = mWindow->findChild<QWidget *>(QStringLiteral("group_target"));
    QVERIFY(group && group->findChild<QSlider *>(QStringLiteral("slider_budget_usd")));
    auto *spin = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_budget_usd"));
    QVERIFY(spin->text().startsWith(QLatin1Char('$')));
    auto *year = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_roadmap_next_year"));
    QCOMPARE(year->text(), QStringLiteral("2028-01"));
}

void TestGui::hiddenChartsCatchUpWhenShown()
{
    // A change redraws only the chart on screen (issue 30); a chart that was hidden meanwhile shows
    // the model's current lines the moment its tab is chosen, without asking chart() for it.
    auto *tabs = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    auto *trends = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Trends));
    auto *crossing = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Crossing));
    QVERIFY(tabs && trends && crossing);
    tabs->setCurrentWidget(trends);
    const auto drawn = [&](const QString &prefix) {
        for (QAbstractSeries *s : crossing->chart()->series())
            if (auto *xy = qobject_cast<QXYSeries *>(s); xy && (xy->name().startsWith(prefix) || xy->name().contains(prefix)))
                return xy->points();
        return QList<QPointF>{};
    };
    const QList<QPointF> before = drawn(QStringLiteral("runs at API speed"));
    QVERIFY(!before.isEmpty());
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 2000));
    tabs->setCurrentWidget(crossing);
    const auto model = ChartFactory::drawnSeries(ChartKind::Crossing, *mEngine, mWindow->result());
    const auto *offer = seriesNamed(model, QStringLiteral("runs at API speed"));
    QVERIFY(offer);
    const QList<QPointF> after = drawn(QStringLiteral("runs at API speed"));
    QVERIFY(after != before); // the budget moved the line
    QCOMPARE(after, offer->points);
}

QTEST_MAIN(TestGui)
#include "tst_gui.moc"

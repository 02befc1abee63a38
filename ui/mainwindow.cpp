#include "mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "assumptionpanel.h"
#include "chartview.h"
#include "exportdialog.h"
#include "headlinecards.h"
#include "preferences.h"
#include "report.h"
#include "scenariodocument.h"
#include "timeutil.h"
#include "uncertaintyrunner.h"

namespace ffui {

namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

const char *const kPresetOrder[] = {"base", "upside", "downside"};

} // namespace

MainWindow::MainWindow(const QString &dataDir, QWidget *parent)
    : QMainWindow(parent), mDataDir(dataDir),
      mEngine(std::make_shared<const ff::Engine>(ff::loadDataSet(QDir(dataDir).absolutePath().toStdString())))
{
    setObjectName(QStringLiteral("mainWindow"));
    mDocument = std::make_unique<ScenarioDocument>(mEngine->data());
    mRunner = std::make_unique<UncertaintyRunner>(mEngine);
    mUncertaintyTimer = new QTimer(this);
    mUncertaintyTimer->setSingleShot(true);
    mUncertaintyTimer->setInterval(150);
    connect(mUncertaintyTimer, &QTimer::timeout, this, [this] { mRunner->request(mDocument->scenario()); });
    connect(mRunner.get(), &UncertaintyRunner::monteCarloReady, this, &MainWindow::showMonteCarlo);
    connect(mRunner.get(), &UncertaintyRunner::sensitivityReady, this, &MainWindow::showSensitivity);
    connect(mRunner.get(), &UncertaintyRunner::busyChanged, this, [this](bool busy) {
        mUncertaintyLabel->setText(busy ? tr("Monte Carlo: running\u2026") : tr("Monte Carlo: %1 samples").arg(mRunner->samples()));
    });

    mResult = mEngine->compute(mDocument->scenario()); // the charts are built from a real result

    createActions();
    createCentralWidget();
    createAssumptionsDock();
    createMenus();
    loadPresets();

    mComputeLabel = new QLabel(this);
    mComputeLabel->setObjectName(QStringLiteral("computeTimeLabel"));
    mUncertaintyLabel = new QLabel(tr("Monte Carlo: waiting"), this);
    mUncertaintyLabel->setObjectName(QStringLiteral("uncertaintyLabel"));
    statusBar()->addPermanentWidget(mUncertaintyLabel);
    statusBar()->addPermanentWidget(mComputeLabel);
    statusBar()->setObjectName(QStringLiteral("statusBar"));

    connect(mDocument.get(), &ScenarioDocument::changed, this, &MainWindow::recompute);
    connect(mDocument.get(), &ScenarioDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(mDocument.get(), &ScenarioDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(mPanel, &AssumptionPanel::assumptionEdited, this, [this](const QString &name, double v) {
        QString error;
        if (!mDocument->setAssumption(name, v, &error))
            showMessage(QMessageBox::Warning, tr("Assumption"), error);
    });
    connect(mPanel, &AssumptionPanel::targetEdited, this, &MainWindow::setTargetModel);
    connect(mPanel, &AssumptionPanel::interactionFinished, mDocument.get(), &ScenarioDocument::endInteraction);

    QWidget::setTabOrder(mPanel->lastControl(), mChartTabs);
    QWidget::setTabOrder(mChartTabs, mTableTabs);

    readSettings();
    updateTitle();
    updateRecentMenu();
    recompute();
}

MainWindow::~MainWindow()
{
    // The worker holds its own reference to the engine; stop it before the window's parts go.
    mRunner.reset();
}

// ---- actions, menus, widgets ----

QAction *MainWindow::addAction(const QString &id, const QString &text, const QList<QKeySequence> &shortcuts, const QString &tip)
{
    auto *a = new QAction(text, this);
    a->setObjectName(QStringLiteral("action_") + id);
    a->setShortcuts(shortcuts);
    a->setStatusTip(tip);
    a->setToolTip(tip);
    mActions.insert(id, a);
    return a;
}

namespace {
// The platform's standard shortcut, or a common one where the platform defines none (e.g. Save As).
QList<QKeySequence> standard(QKeySequence::StandardKey key, const char *fallback)
{
    const QList<QKeySequence> keys = QKeySequence::keyBindings(key);
    return keys.isEmpty() ? QList<QKeySequence>{QKeySequence(QString::fromLatin1(fallback))} : keys;
}
QList<QKeySequence> keys(const char *sequence) { return {QKeySequence(QString::fromLatin1(sequence))}; }
} // namespace

void MainWindow::createActions()
{
    // Every action of the window, with its id and standard shortcut, is registered here.
    connect(addAction(QStringLiteral("new"), tr("&New"), standard(QKeySequence::New, "Ctrl+N"), tr("Start a new scenario from the defaults")),
            &QAction::triggered, this, &MainWindow::newTriggered);
    connect(addAction(QStringLiteral("open"), tr("&Open\u2026"), standard(QKeySequence::Open, "Ctrl+O"), tr("Open a scenario file")),
            &QAction::triggered, this, &MainWindow::openTriggered);
    connect(addAction(QStringLiteral("save"), tr("&Save"), standard(QKeySequence::Save, "Ctrl+S"), tr("Save the scenario")), &QAction::triggered,
            this, &MainWindow::saveTriggered);
    connect(addAction(QStringLiteral("saveAs"), tr("Save &As\u2026"), standard(QKeySequence::SaveAs, "Ctrl+Shift+S"),
                      tr("Save the scenario under a new name")),
            &QAction::triggered, this, &MainWindow::saveAsTriggered);
    connect(addAction(QStringLiteral("clearRecent"), tr("&Clear Menu"), {}, tr("Forget the recent files")),
            &QAction::triggered, this, [this] {
                prefs::recentFiles.set({});
                updateRecentMenu();
            });
    connect(addAction(QStringLiteral("exportChart"), tr("&Export Chart\u2026"), keys("Ctrl+E"),
                      tr("Export a chart as PNG or SVG")),
            &QAction::triggered, this, &MainWindow::exportChartTriggered);
    connect(addAction(QStringLiteral("copyChart"), tr("&Copy Chart"), keys("Ctrl+Shift+C"),
                      tr("Copy the chart shown to the clipboard as an image")),
            &QAction::triggered, this, &MainWindow::copyChartTriggered);
    connect(addAction(QStringLiteral("exportTable"), tr("Export &Table as CSV\u2026"), keys("Ctrl+Shift+T"),
                      tr("Export the table shown as CSV")),
            &QAction::triggered, this, &MainWindow::exportTableTriggered);
    connect(addAction(QStringLiteral("exportReport"), tr("Export &Report as Markdown\u2026"), keys("Ctrl+Shift+E"),
                      tr("Export the whole report as Markdown")),
            &QAction::triggered, this, &MainWindow::exportReportTriggered);
    QAction *caption = addAction(QStringLiteral("captionToggle"), tr("Caption on &Exported Charts"), {},
                                 tr("Put the scenario name and key assumptions under exported and copied charts"));
    caption->setCheckable(true);
    caption->setChecked(true);
    connect(caption, &QAction::toggled, this, [](bool on) { prefs::exportCaption.set(on); });
    connect(addAction(QStringLiteral("quit"), tr("&Quit"), standard(QKeySequence::Quit, "Ctrl+Q"), tr("Quit Frontier Forecast")),
            &QAction::triggered, this, &QWidget::close);

    QUndoStack *undo = mDocument->undoStack();
    QAction *undoAction = addAction(QStringLiteral("undo"), tr("&Undo"), standard(QKeySequence::Undo, "Ctrl+Z"), tr("Undo the last change"));
    QAction *redoAction = addAction(QStringLiteral("redo"), tr("&Redo"), standard(QKeySequence::Redo, "Ctrl+Shift+Z"), tr("Redo the change undone"));
    undoAction->setEnabled(false);
    redoAction->setEnabled(false);
    connect(undoAction, &QAction::triggered, undo, &QUndoStack::undo);
    connect(redoAction, &QAction::triggered, undo, &QUndoStack::redo);
    connect(undo, &QUndoStack::canUndoChanged, undoAction, &QAction::setEnabled);
    connect(undo, &QUndoStack::canRedoChanged, redoAction, &QAction::setEnabled);
    connect(undo, &QUndoStack::undoTextChanged, undoAction,
            [undoAction](const QString &t) { undoAction->setText(t.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(t)); });
    connect(undo, &QUndoStack::redoTextChanged, redoAction,
            [redoAction](const QString &t) { redoAction->setText(t.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(t)); });
    connect(addAction(QStringLiteral("resetDefaults"), tr("Reset to &Defaults"), keys("Ctrl+Shift+R"),
                      tr("Set every assumption back to its default (undoable)")),
            &QAction::triggered, this, &MainWindow::resetToDefaults);
    connect(addAction(QStringLiteral("about"), tr("&About Frontier Forecast"), {}, tr("What this program is")),
            &QAction::triggered, this, &MainWindow::aboutTriggered);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menu_file"));
    file->addAction(action(QStringLiteral("new")));
    file->addAction(action(QStringLiteral("open")));
    mRecentMenu = file->addMenu(tr("Open &Recent"));
    mRecentMenu->setObjectName(QStringLiteral("menu_recent"));
    file->addAction(action(QStringLiteral("save")));
    file->addAction(action(QStringLiteral("saveAs")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("exportChart")));
    file->addAction(action(QStringLiteral("copyChart")));
    file->addAction(action(QStringLiteral("exportTable")));
    file->addAction(action(QStringLiteral("exportReport")));
    file->addAction(action(QStringLiteral("captionToggle")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menu_edit"));
    edit->addAction(action(QStringLiteral("undo")));
    edit->addAction(action(QStringLiteral("redo")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("resetDefaults")));

    mPresetMenu = menuBar()->addMenu(tr("&Presets"));
    mPresetMenu->setObjectName(QStringLiteral("menu_presets"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menu_view"));
    view->addAction(action(QStringLiteral("showAssumptions")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menu_help"));
    help->addAction(action(QStringLiteral("about")));
}

void MainWindow::createCentralWidget()
{
    auto *central = new QWidget(this);
    central->setObjectName(QStringLiteral("central"));
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 4);
    mCards = new HeadlineCards(central);
    mCards->setObjectName(QStringLiteral("headlineCards"));
    layout->addWidget(mCards);

    mSplitter = new QSplitter(Qt::Vertical, central);
    mSplitter->setObjectName(QStringLiteral("mainSplitter"));
    mSplitter->setChildrenCollapsible(false);
    mChartTabs = new QTabWidget(mSplitter);
    mChartTabs->setObjectName(QStringLiteral("chartTabs"));
    mChartTabs->setAccessibleName(tr("Charts"));
    ChartStyle style;
    style.titlePt = 14;
    style.axisTitlePt = 13;
    style.axisLabelPt = 12;
    style.legendPt = 12;
    for (ChartKind k : ChartFactory::kinds()) {
        auto *view = new ChartView(ChartFactory::create(k, *mEngine, mResult, style), mChartTabs);
        view->setObjectName(QStringLiteral("chart_") + ChartFactory::id(k));
        view->setAccessibleName(ChartFactory::title(k));
        mChartViews.insert(static_cast<int>(k), view);
        mChartTabs->addTab(view, ChartFactory::tabTitle(k));
    }
    mTableTabs = new QTabWidget(mSplitter);
    mTableTabs->setObjectName(QStringLiteral("tableTabs"));
    mTableTabs->setAccessibleName(tr("Tables"));
    for (TableKind k : ForecastTables::kinds()) {
        auto *model = new TableModel(this);
        model->setObjectName(QStringLiteral("tableModel_") + ForecastTables::id(k));
        auto *view = new QTableView(mTableTabs);
        view->setObjectName(QStringLiteral("table_") + ForecastTables::id(k));
        view->setAccessibleName(ForecastTables::tabTitle(k));
        view->setModel(model);
        view->setWordWrap(false);
        view->setAlternatingRowColors(true);
        view->setSelectionBehavior(QAbstractItemView::SelectItems);
        view->verticalHeader()->setVisible(false);
        view->horizontalHeader()->setStretchLastSection(true);
        view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        mTableModels.insert(static_cast<int>(k), model);
        mTableTabs->addTab(view, ForecastTables::tabTitle(k));
    }
    mSplitter->setStretchFactor(0, 3);
    mSplitter->setStretchFactor(1, 1);
    layout->addWidget(mSplitter, 1);
    setCentralWidget(central);
}

void MainWindow::createAssumptionsDock()
{
    auto *dock = new QDockWidget(tr("Assumptions"), this);
    dock->setObjectName(QStringLiteral("assumptionsDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    auto *scroll = new QScrollArea(dock);
    scroll->setObjectName(QStringLiteral("assumptionsScroll"));
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mPanel = new AssumptionPanel(mEngine->data(), scroll);
    mPanel->setObjectName(QStringLiteral("assumptionPanel"));
    scroll->setWidget(mPanel);
    scroll->setMinimumWidth(std::max(mPanel->sizeHint().width() + 24, 400));
    dock->setWidget(scroll);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    QAction *toggle = dock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("action_showAssumptions"));
    toggle->setText(tr("&Assumptions"));
    toggle->setShortcut(QKeySequence(QStringLiteral("Ctrl+1")));
    toggle->setStatusTip(tr("Show or hide the assumptions panel"));
    mActions.insert(QStringLiteral("showAssumptions"), toggle);
}

void MainWindow::loadPresets()
{
    // Scenario files in <data>/presets: the three of the reference page first, then any others.
    const QDir dir(QDir(mDataDir).filePath(QStringLiteral("presets")));
    QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QStringList ordered;
    for (const char *name : kPresetOrder)
        if (files.removeOne(QLatin1String(name) + QStringLiteral(".json")))
            ordered << QLatin1String(name) + QStringLiteral(".json");
    ordered << files;
    for (const QString &f : ordered) {
        const QString path = dir.filePath(f);
        QFile file(path);
        QString title = QFileInfo(f).completeBaseName(), description;
        if (file.open(QIODevice::ReadOnly)) {
            const QJsonObject o = QJsonDocument::fromJson(file.read(1 << 20)).object();
            title = o.value(QStringLiteral("name")).toString(title);
            description = o.value(QStringLiteral("description")).toString();
        }
        QAction *a = addAction(QStringLiteral("preset_") + QFileInfo(f).completeBaseName(), title, {}, description);
        a->setData(path);
        connect(a, &QAction::triggered, this, [this, path] { applyPreset(path); });
        mPresetMenu->addAction(a);
    }
    if (ordered.isEmpty()) {
        QAction *none = mPresetMenu->addAction(tr("No presets in %1").arg(QDir::toNativeSeparators(dir.path())));
        none->setObjectName(QStringLiteral("action_noPresets"));
        none->setEnabled(false);
    }
    mPresetMenu->addSeparator();
    mPresetMenu->addAction(action(QStringLiteral("resetDefaults")));
}

void MainWindow::readSettings()
{
    const QByteArray geometry = prefs::windowGeometry.get();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1680, 1020);
    restoreState(prefs::windowState.get());
    const QByteArray splitter = prefs::splitterState.get();
    if (splitter.isEmpty() || !mSplitter->restoreState(splitter))
        mSplitter->setSizes({700, 260});
    mChartTabs->setCurrentIndex(std::clamp(prefs::chartTab.get(), 0, mChartTabs->count() - 1));
    mTableTabs->setCurrentIndex(std::clamp(prefs::tableTab.get(), 0, mTableTabs->count() - 1));
    action(QStringLiteral("captionToggle"))->setChecked(prefs::exportCaption.get());
}

void MainWindow::writeSettings() const
{
    prefs::windowGeometry.set(saveGeometry());
    prefs::windowState.set(saveState());
    prefs::splitterState.set(mSplitter->saveState());
    prefs::chartTab.set(mChartTabs->currentIndex());
    prefs::tableTab.set(mTableTabs->currentIndex());
}

// ---- the forecast ----

void MainWindow::recompute()
{
    QElapsedTimer timer;
    timer.start();
    try {
        mResult = mEngine->compute(mDocument->scenario());
    } catch (const std::exception &e) {
        showMessage(QMessageBox::Warning, tr("Forecast"), tr("The forecast could not be computed:\n%1").arg(qs(e.what())));
        return;
    }
    const double computeMs = timer.nsecsElapsed() / 1e6;
    mPanel->showScenario(mDocument->scenario());
    showHeadline();
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it) {
        ChartFactory::update(it.value()->chart(), *mEngine, mResult);
        it.value()->chartUpdated();
    }
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it)
        it.value()->setTable(ForecastTables::table(static_cast<TableKind>(it.key()), mResult));
    for (int i = 0; i < mTableTabs->count(); ++i)
        if (auto *view = qobject_cast<QTableView *>(mTableTabs->widget(i)))
            view->resizeColumnsToContents();

    // The range and the accelerant are recomputed on the worker; until then they are unknown.
    mMonteCarlo.reset();
    mSensitivity.clear();
    mSensitivityCurrent = false;
    mRunner->cancel();
    mCards->setCard(HeadlineCards::Accelerant, QStringLiteral("\u2026"), tr("Computing the sensitivity of each assumption\u2026"));
    mCards->setCard(HeadlineCards::Range, QStringLiteral("\u2026"), tr("Running %1 Monte Carlo samples\u2026").arg(mRunner->samples()));
    mUncertaintyTimer->start();

    mComputeLabel->setText(tr("Forecast computed in %1 ms, redrawn in %2 ms")
                               .arg(computeMs, 0, 'f', 1)
                               .arg(timer.nsecsElapsed() / 1e6, 0, 'f', 1));
    emit redrawn();
}

void MainWindow::showHeadline()
{
    const ff::Result &r = mResult;
    const double horizon = mEngine->data().settings.horizonYear;
    const auto parityDetail = [&](const ff::ParityResult &p) {
        if (!p.reached)
            return tr("No box within %1 gets there by %2.").arg(qs(ff::fmtUsd(r.budgetUsd))).arg(horizon, 0, 'f', 0);
        const QString model = p.model.empty() ? tr("a %1B dense-equivalent model").arg(qs(ff::fmtFixed(p.requiredDeffB, 0)))
                                              : qs(p.model);
        return tr("%1: %2 at %3").arg(qs(p.box), model, qs(p.quant));
    };
    const QString target = tr("Target: %1 (%2 %3), budget %4, as of %5.")
                               .arg(qs(r.targetModel), qs(mEngine->data().qualityIndexName), qs(ff::fmtFixed(r.targetQuality, 1)),
                                    qs(ff::fmtUsd(r.budgetUsd)), qs(ff::formatMonth(r.asOf)));
    mCards->setCard(HeadlineCards::TaskYear, qs(ff::yearText(r.task)), parityDetail(r.task),
                    target + QLatin1Char('\n') + parityDetail(r.task));
    mCards->setCard(HeadlineCards::FullYear, qs(ff::yearText(r.full)), parityDetail(r.full),
                    target + QLatin1Char('\n') + parityDetail(r.full));
    QString lagDetail = tr("No local option runs at API speed today.");
    if (!r.reverse.empty() && r.reverse.front().run.found) {
        const ff::ReverseRow &row = r.reverse.front();
        lagDetail = tr("Best at API speed today: %1 %2 on %3, level with %4.")
                        .arg(qs(row.run.model), qs(row.run.quant), qs(row.run.box),
                             row.hasMatch ? tr("%1 (%2)").arg(qs(row.frontierMatch), qs(ff::formatMonth(row.frontierMatchYear)))
                                          : tr("the frontier"));
    }
    mCards->setCard(HeadlineCards::Lag, tr("%1 years").arg(qs(ff::fmtFixed(r.currentLagYears, 1))), lagDetail);
    mCards->setCard(HeadlineCards::Bottleneck, r.task.reached ? qs(r.task.bottleneckText) : tr("not reached"),
                    tr("Full product: %1").arg(r.full.reached ? qs(r.full.bottleneckText) : tr("not reached")));
}

void MainWindow::showMonteCarlo(quint64 generation, const ff::MonteCarloResult &mc)
{
    if (generation != mRunner->generation())
        return;
    mMonteCarlo = mc;
    const double horizon = mEngine->data().settings.horizonYear;
    const auto year = [horizon](double t) {
        return std::isfinite(t) ? qs(ff::formatMonth(t)).left(4) : tr("after %1").arg(horizon, 0, 'f', 0);
    };
    mCards->setCard(HeadlineCards::Range, tr("%1 to %2").arg(year(mc.task.p10), year(mc.task.p90)),
                    tr("Task-level, median %1 (%2 samples). Full product: %3 to %4.")
                        .arg(year(mc.task.p50))
                        .arg(mc.task.samples)
                        .arg(year(mc.full.p10), year(mc.full.p90)),
                    tr("P10 to P90 of the parity year when every uncertain assumption is drawn from its range.\n"
                       "Not reached within the horizon: %1% of samples (task-level).")
                        .arg(mc.task.shareNotReached * 100, 0, 'f', 0));
    emit uncertaintyUpdated();
}

void MainWindow::showSensitivity(quint64 generation, const std::vector<ff::SensitivityRow> &rows)
{
    if (generation != mRunner->generation())
        return;
    mSensitivity = rows;
    mSensitivityCurrent = true;
    const double horizon = mEngine->data().settings.horizonYear;
    const auto year = [horizon](double t) {
        return std::isfinite(t) ? qs(ff::formatMonth(t)) : tr("after %1").arg(horizon, 0, 'f', 0);
    };
    if (rows.empty() || rows.front().swing <= 0) {
        mCards->setCard(HeadlineCards::Accelerant, tr("None"),
                        tr("No single assumption moves task-level parity within its uncertainty range."));
    } else {
        const ff::SensitivityRow &top = rows.front();
        const ff::AssumptionDef *def = mEngine->data().assumption(top.name);
        const QString unit = def ? qs(def->unit) : QString();
        const auto value = [&unit](double v) {
            const int decimals = std::fabs(v) >= 100 ? 0 : std::fabs(v) >= 10 ? 1 : 2;
            return tr("%1 %2").arg(qs(ff::fmtFixed(v, decimals)), unit).trimmed();
        };
        mCards->setCard(HeadlineCards::Accelerant, qs(top.label),
                        tr("Moves task-level parity by %1 years: %2 at %3, %4 at %5.")
                            .arg(qs(ff::fmtFixed(top.swing, 1)), year(top.lowYear), value(top.lowValue), year(top.highYear),
                                 value(top.highValue)));
    }
    emit uncertaintyUpdated();
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*]").arg(mDocument->displayName()));
    setWindowModified(mDocument->isModified());
}

void MainWindow::updateRecentMenu()
{
    mRecentMenu->clear();
    const QStringList files = prefs::existingRecentFiles();
    for (int i = 0; i < files.size(); ++i) {
        QAction *a = mRecentMenu->addAction(tr("&%1 %2").arg(i + 1).arg(QFileInfo(files[i]).fileName()));
        a->setObjectName(QStringLiteral("action_recent_%1").arg(i));
        a->setData(files[i]);
        a->setStatusTip(QDir::toNativeSeparators(files[i]));
        const QString path = files[i];
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openScenario(path);
        });
    }
    mRecentMenu->addSeparator();
    mRecentMenu->addAction(action(QStringLiteral("clearRecent")));
    mRecentMenu->setEnabled(true);
    action(QStringLiteral("clearRecent"))->setEnabled(!files.isEmpty());
}

// ---- public entry points ----

QAction *MainWindow::action(const QString &id) const { return mActions.value(id); }

TableModel *MainWindow::tableModel(TableKind kind) const { return mTableModels.value(static_cast<int>(kind)); }

QChart *MainWindow::chart(ChartKind kind) const
{
    ChartView *v = mChartViews.value(static_cast<int>(kind));
    return v ? v->chart() : nullptr;
}

void MainWindow::setUncertaintyDelay(int ms) { mUncertaintyTimer->setInterval(ms); }

bool MainWindow::setAssumption(const QString &name, double value)
{
    QString error;
    if (!mDocument->setAssumption(name, value, &error)) {
        showMessage(QMessageBox::Warning, tr("Assumption"), error);
        return false;
    }
    return true;
}

double MainWindow::assumption(const QString &name) const { return mDocument->value(name); }

bool MainWindow::setTargetModel(const QString &model)
{
    QString error;
    if (!mDocument->setTargetModel(model, &error)) {
        showMessage(QMessageBox::Warning, tr("Target model"), error);
        mPanel->showScenario(mDocument->scenario());
        return false;
    }
    return true;
}

bool MainWindow::openScenario(const QString &path)
{
    QString error;
    if (!mDocument->load(path, &error)) {
        showMessage(QMessageBox::Warning, tr("Open Scenario"),
                    tr("%1 was not opened; the current scenario is unchanged.\n\n%2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    prefs::addRecentFile(path);
    updateRecentMenu();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::saveScenario(const QString &path)
{
    QString error;
    if (!mDocument->save(path, &error)) {
        showMessage(QMessageBox::Critical, tr("Save Scenario"), error + QLatin1Char('\n') + tr("Any existing file was left as it was."));
        return false;
    }
    prefs::addRecentFile(path);
    updateRecentMenu();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void MainWindow::newScenario() { mDocument->newScenario(); }

bool MainWindow::applyPreset(const QString &path)
{
    ff::Scenario s;
    try {
        s = ff::loadScenarioFile(mEngine->data(), path.toStdString());
    } catch (const std::exception &e) {
        showMessage(QMessageBox::Warning, tr("Preset"), tr("The preset could not be loaded:\n%1").arg(qs(e.what())));
        return false;
    }
    // A preset is about assumptions: it keeps the chosen target and date unless it names its own.
    if (s.targetModel.empty())
        s.targetModel = mDocument->scenario().targetModel;
    if (!s.asOf)
        s.asOf = mDocument->scenario().asOf;
    mDocument->replaceScenario(s, tr("Apply preset %1").arg(qs(s.name)));
    statusBar()->showMessage(tr("Preset: %1").arg(qs(s.name)), 4000);
    return true;
}

ExportOptions MainWindow::exportOptions() const
{
    ExportOptions o;
    o.size = prefs::exportSize.get();
    o.scale = prefs::exportScale.get();
    o.caption = action(QStringLiteral("captionToggle"))->isChecked();
    if (!o.validate().isEmpty())
        o = ExportOptions{};
    return o;
}

bool MainWindow::exportChart(ChartKind kind, const QString &path, const ExportOptions &options)
{
    ChartExporter exporter(*mEngine, mResult);
    if (!exporter.exportToFile(kind, path, options)) {
        showMessage(QMessageBox::Critical, tr("Export Chart"), exporter.errorString());
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::exportTable(TableKind kind, const QString &path)
{
    QString error;
    if (!writeTextFile(path, ff::tableCsv(ForecastTables::table(kind, mResult)), &error)) {
        showMessage(QMessageBox::Critical, tr("Export Table"), error);
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::exportReport(const QString &path)
{
    ff::ReportExtras extras;
    if (mMonteCarlo)
        extras.monteCarlo = mMonteCarlo;
    if (mSensitivityCurrent)
        extras.sensitivity = mSensitivity;
    QString error;
    if (!writeTextFile(path, ff::reportMarkdown(*mEngine, mResult, extras), &error)) {
        showMessage(QMessageBox::Critical, tr("Export Report"), error);
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

// ---- action handlers ----

void MainWindow::newTriggered()
{
    if (maybeSave())
        newScenario();
}

void MainWindow::openTriggered()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), prefs::lastDirectoryOrHome(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty())
        openScenario(path);
}

bool MainWindow::saveTriggered()
{
    if (mDocument->filePath().isEmpty())
        return saveAsTriggered();
    return saveScenario(mDocument->filePath());
}

bool MainWindow::saveAsTriggered()
{
    const QString suggested =
        mDocument->filePath().isEmpty() ? qs(mDocument->scenario().name) + QStringLiteral(".json") : QFileInfo(mDocument->filePath()).fileName();
    const QString path = askSavePath(tr("Save Scenario As"), suggested, tr("Scenarios (*.json)"), QStringLiteral("json"));
    return !path.isEmpty() && saveScenario(path);
}

QString MainWindow::askSavePath(const QString &title, const QString &suggestedName, const QString &filter, const QString &suffix)
{
    QString path = QFileDialog::getSaveFileName(this, title, QDir(prefs::lastDirectoryOrHome()).filePath(suggestedName), filter);
    if (path.isEmpty())
        return path;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    prefs::lastDirectory.set(QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::exportChartTriggered()
{
    const ExportOptions defaults = exportOptions();
    ExportDialog dialog(currentChart(), defaults, ChartExporter::Format::Png, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExportOptions options = dialog.options();
    prefs::exportSize.set(options.size);
    prefs::exportScale.set(options.scale);
    action(QStringLiteral("captionToggle"))->setChecked(options.caption);
    const bool svg = dialog.format() == ChartExporter::Format::Svg;
    const QString suffix = svg ? QStringLiteral("svg") : QStringLiteral("png");
    const QString path = askSavePath(tr("Export Chart"), ChartFactory::id(dialog.chart()) + QLatin1Char('.') + suffix,
                                     svg ? tr("SVG drawings (*.svg)") : tr("PNG images (*.png)"), suffix);
    if (!path.isEmpty())
        exportChart(dialog.chart(), path, options);
}

void MainWindow::copyChartTriggered()
{
    const ChartKind kind = currentChart();
    ExportOptions o;
    const QWidget *view = mChartTabs->currentWidget();
    o.size = view->size().expandedTo(QSize(ExportOptions::kMinSide, ExportOptions::kMinSide));
    o.scale = view->devicePixelRatioF();
    o.caption = action(QStringLiteral("captionToggle"))->isChecked();
    const QImage image = ChartExporter(*mEngine, mResult).render(kind, o);
    QGuiApplication::clipboard()->setImage(image);
    statusBar()->showMessage(tr("Copied the %1 chart (%2 x %3 pixels)").arg(ChartFactory::tabTitle(kind)).arg(image.width()).arg(image.height()),
                             4000);
}

void MainWindow::exportTableTriggered()
{
    const TableKind kind = currentTable();
    const QString path = askSavePath(tr("Export Table"), ForecastTables::id(kind) + QStringLiteral(".csv"),
                                     tr("CSV files (*.csv)"), QStringLiteral("csv"));
    if (!path.isEmpty())
        exportTable(kind, path);
}

void MainWindow::exportReportTriggered()
{
    const QString path = askSavePath(tr("Export Report"), QStringLiteral("report.md"), tr("Markdown files (*.md)"), QStringLiteral("md"));
    if (!path.isEmpty())
        exportReport(path);
}

void MainWindow::resetToDefaults()
{
    ff::Scenario s;
    s.name = mDocument->scenario().name;
    s.asOf = mDocument->scenario().asOf;
    mDocument->replaceScenario(s, tr("Reset to defaults"));
}

void MainWindow::aboutTriggered()
{
    QMessageBox::about(this, tr("About Frontier Forecast"),
                       tr("<p><b>Frontier Forecast %1</b></p><p>When can a personal box under a budget run a Claude "
                          "Sonnet-class model at hosted-API speed? Every number comes from the catalogs in %2 and the "
                          "assumptions on the left; hover over a slider for its source.</p>")
                           .arg(QCoreApplication::applicationVersion(), QDir::toNativeSeparators(mDataDir).toHtmlEscaped()));
}

// ---- helpers ----

ChartKind MainWindow::currentChart() const
{
    return ChartFactory::kinds().value(mChartTabs->currentIndex(), ChartKind::Trends);
}

TableKind MainWindow::currentTable() const
{
    return ForecastTables::kinds().value(mTableTabs->currentIndex(), TableKind::Scenario);
}

bool MainWindow::writeTextFile(const QString &path, const std::string &text, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !file.commit()) {
        *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        file.cancelWriting();
        return false;
    }
    return true;
}

void MainWindow::showMessage(QMessageBox::Icon icon, const QString &title, const QString &text)
{
    statusBar()->showMessage(text.section(QLatin1Char('\n'), 0, 0), 6000);
    if (mMessageHandler) {
        mMessageHandler(icon, title, text);
        return;
    }
    // Window-modal and non-blocking: the caller carries on, the user reads it when ready.
    auto *box = new QMessageBox(icon, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("messageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QMessageBox::StandardButton MainWindow::ask(const QString &title, const QString &text)
{
    if (mQuestionHandler)
        return mQuestionHandler(title, text);
    return QMessageBox::question(this, title, text, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                 QMessageBox::Save);
}

bool MainWindow::maybeSave()
{
    if (!mDocument->isModified())
        return true;
    const auto answer = ask(tr("Unsaved Changes"),
                            tr("The scenario \"%1\" has changes that are not saved. Save them first?").arg(mDocument->displayName()));
    if (answer == QMessageBox::Save)
        return saveTriggered();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    writeSettings();
    mRunner->cancel();
    event->accept();
}

} // namespace ffui

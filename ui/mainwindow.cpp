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
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "assumptionpanel.h"
#include "autosaver.h"
#include "chartview.h"
#include "exportdialog.h"
#include "headlinecards.h"
#include "helpdialogs.h"
#include "inputguard.h"
#include "montecarlodialog.h"
#include "outputfile.h"
#include "preferences.h"
#include "presenter.h"
#include "report.h"
#include "scenariodocument.h"
#include "timeutil.h"
#include "uncertaintyrunner.h"
#include "userdatastore.h" // user data hooks: mainwindow_userdata.cpp
#include "whatifstrip.h"

namespace ffui {

namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

const char *const kPresetOrder[] = {"base", "upside", "downside"};

// The title suffix of a chart whose extras belong to an earlier scenario while the worker runs.
QString staleSuffix() { return QCoreApplication::translate("ffui::MainWindow", " (updating\u2026)"); }

} // namespace

MainWindow::MainWindow(const QString &dataDir, QWidget *parent)
    : QMainWindow(parent), mDataDir(QDir(dataDir).absolutePath()),
      mUserData(std::make_unique<UserDataStore>(mDataDir, defaultDataHome())), // the shipped data and the user's imports
      mEngine(mUserData->engine())
{
    setObjectName(QStringLiteral("mainWindow"));
    mDocument = std::make_unique<ScenarioDocument>(mEngine->data());
    mUncertaintyTimer = new QTimer(this);
    mUncertaintyTimer->setSingleShot(true);
    mUncertaintyTimer->setInterval(150);
    connect(mUncertaintyTimer, &QTimer::timeout, this, [this] { mRunner->request(mDocument->scenario()); });
    mUncertaintyLabel = new QLabel(tr("Monte Carlo: waiting"), this);
    mUncertaintyLabel->setObjectName(QStringLiteral("uncertaintyLabel"));
    createRunner();

    mResult = mEngine->compute(mDocument->scenario()); // the charts are built from a real result
    // The claims audit depends on the data only (the page's claims are about the default scenario).
    mExtras.claims = computeClaims(*mEngine, &mClaimsError);
    mExtras.calibration = mEngine->calibration();

    createActions();
    createCentralWidget();
    createAssumptionsDock();
    createMenus();
    createUserDataHooks();
    loadPresets();

    mComputeLabel = new QLabel(this);
    mComputeLabel->setObjectName(QStringLiteral("computeTimeLabel"));
    statusBar()->addPermanentWidget(mUncertaintyLabel);
    statusBar()->addPermanentWidget(mComputeLabel);
    statusBar()->setObjectName(QStringLiteral("statusBar"));

    mPresenter = new Presenter({this, mDock, mChartTabs, mTableTabs, mCards, mStrip, mSlideHeader, mSlideTitle, mSlidePage}, this);
    connect(mPresenter, &Presenter::activeChanged, this, [this](bool on) {
        action(QStringLiteral("presentation"))->setChecked(on);
        if (mToolBar)
            mToolBar->setVisible(!on);
        if (mTakeaway) {
            QFont f = QApplication::font();
            if (f.pointSizeF() > 0)
                f.setPointSizeF(f.pointSizeF() * mPresenter->fontScale() * 0.95);
            mTakeaway->setFont(f);
        }
        for (const char *id : {"presentNext", "presentPrevious", "presentExit"})
            action(QLatin1String(id))->setEnabled(on);
        restyleCharts();
    });
    connect(mPresenter, &Presenter::slideChanged, this, [](int slide) { prefs::presentationSlide.set(slide); });

    mAutosaver = new Autosaver(this);
    connect(mAutosaver, &Autosaver::failed, this, [this](const QString &error) { statusBar()->showMessage(error, 8000); });
    connectDocument();

    readSettings();
    updateTitle();
    updateRecentMenu();
    offerRecovery();
    recompute();
}

MainWindow::~MainWindow()
{
    // Closing a shown window moves the focus, and a control losing it reports the end of an edit
    // (AssumptionPanel::interactionFinished), whose handler uses the document. QWidget's destructor
    // closes the window only after the members are gone (ASan: use after free), so hide it and stop
    // listening to the panel while everything is still alive.
    if (mPanel)
        mPanel->disconnect(this);
    hide();
    // The worker holds its own reference to the engine; stop it before the window's parts go.
    mRunner.reset();
    // Going away is not saving: the autosaved copy stays for the next start (a crash looks the same).
    mAutosaver->setDocument(nullptr);
    if (mPresenter && mPresenter->isActive())
        mPresenter->setActive(false);
}

void MainWindow::createRunner()
{
    mRunner = std::make_unique<UncertaintyRunner>(mEngine);
    mRunner->setSamples(std::clamp(prefs::monteCarloSamples.get(), MonteCarloDialog::kMinSamples, MonteCarloDialog::kMaxSamples));
    mRunner->setSeed(static_cast<std::uint64_t>(std::max(1, prefs::monteCarloSeed.get())));
    connect(mRunner.get(), &UncertaintyRunner::monteCarloReady, this, &MainWindow::showMonteCarlo);
    connect(mRunner.get(), &UncertaintyRunner::sensitivityReady, this, &MainWindow::showSensitivity);
    connect(mRunner.get(), &UncertaintyRunner::backtestReady, this, &MainWindow::showBacktest);
    connect(mRunner.get(), &UncertaintyRunner::busyChanged, this, [this](bool busy) {
        const QString last = lastMonteCarloRun();
        mUncertaintyLabel->setText(busy ? tr("Monte Carlo: running\u2026")
                                        : last.isEmpty() ? tr("Monte Carlo: %L1 samples").arg(mRunner->samples())
                                                         : tr("Monte Carlo: %1").arg(last));
    });
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
    QWidget::addAction(a); // shortcuts keep working while the menu bar is hidden (presentation)
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
    connect(addAction(QStringLiteral("openData"), tr("Open &Data Directory\u2026"), {},
                      tr("Load the catalogs and assumptions from another data directory")),
            &QAction::triggered, this, &MainWindow::openDataTriggered);
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

    QAction *undoAction = addAction(QStringLiteral("undo"), tr("&Undo"), standard(QKeySequence::Undo, "Ctrl+Z"), tr("Undo the last change"));
    QAction *redoAction = addAction(QStringLiteral("redo"), tr("&Redo"), standard(QKeySequence::Redo, "Ctrl+Shift+Z"), tr("Redo the change undone"));
    undoAction->setEnabled(false);
    redoAction->setEnabled(false);
    connect(addAction(QStringLiteral("resetDefaults"), tr("Reset to &Defaults"), keys("Ctrl+Shift+R"),
                      tr("Set every assumption back to its default (undoable)")),
            &QAction::triggered, this, &MainWindow::resetToDefaults);
    QAction *pin = addAction(QStringLiteral("pin"), tr("&Pin for Comparison"), keys("Ctrl+Shift+P"),
                             tr("Keep the current scenario on screen to compare with while you explore (saved with the scenario)"));
    pin->setCheckable(true);
    connect(pin, &QAction::triggered, this, [this](bool on) {
        if (on)
            pinCurrent();
        else
            unpin();
    });
    connect(addAction(QStringLiteral("monteCarloSettings"), tr("&Monte Carlo Settings\u2026"), {},
                      tr("How many samples the ranges draw, and the seed")),
            &QAction::triggered, this, &MainWindow::monteCarloSettingsTriggered);

    // View: presentation mode and its paging keys (enabled only while presenting, so the arrows
    // move sliders and table cursors otherwise).
    QAction *present = addAction(QStringLiteral("presentation"), tr("&Presentation Mode"), standard(QKeySequence::FullScreen, "F11"),
                                 tr("Full screen, one chart or table per screen, large type; arrows page, Esc leaves"));
    if (!present->shortcuts().contains(QKeySequence(Qt::Key_F11)))
        present->setShortcuts(present->shortcuts() << QKeySequence(Qt::Key_F11));
    present->setCheckable(true);
    connect(present, &QAction::triggered, this, [this](bool on) { setPresenting(on); });
    QAction *next = addAction(QStringLiteral("presentNext"), tr("Next Slide"),
                              {QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::Key_Space)},
                              tr("The next chart or table"));
    QAction *previous = addAction(QStringLiteral("presentPrevious"), tr("Previous Slide"),
                                  {QKeySequence(Qt::Key_Left), QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::Key_Backspace)},
                                  tr("The previous chart or table"));
    QAction *exitPresentation = addAction(QStringLiteral("presentExit"), tr("Leave Presentation"), {QKeySequence(Qt::Key_Escape)},
                                          tr("Back to the explorer"));
    for (QAction *a : {next, previous, exitPresentation})
        a->setEnabled(false);
    connect(next, &QAction::triggered, this, [this] { mPresenter->next(); });
    connect(previous, &QAction::triggered, this, [this] { mPresenter->previous(); });
    connect(exitPresentation, &QAction::triggered, this, [this] { setPresenting(false); });

    mThemeGroup = new QActionGroup(this);
    mThemeGroup->setExclusive(true);
    const QString themeNames[] = {tr("&System"), tr("&Light"), tr("&Dark")};
    const QString themeTips[] = {tr("Follow the desktop's colours"), tr("Dark text on a light background"),
                                 tr("Light text on a dark background")};
    for (int i = 0; i < 3; ++i) {
        const auto choice = static_cast<ThemeChoice>(i);
        QAction *a = addAction(QStringLiteral("theme_") + Theme::id(choice), themeNames[i], {}, themeTips[i]);
        a->setCheckable(true);
        a->setData(Theme::id(choice));
        mThemeGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, choice] { setTheme(choice); });
    }

    connect(addAction(QStringLiteral("modelHelp"), tr("&Model and Equations"), standard(QKeySequence::HelpContents, "F1"),
                      tr("How the forecast is computed, with every equation")),
            &QAction::triggered, this, &MainWindow::showModelHelp);
    connect(addAction(QStringLiteral("dataSources"), tr("&Data Sources"), {},
                      tr("Where every catalog entry and assumption comes from")),
            &QAction::triggered, this, &MainWindow::showDataSources);
    connect(addAction(QStringLiteral("about"), tr("&About Frontier Forecast"), {}, tr("What this program is")),
            &QAction::triggered, this, &MainWindow::showAbout);
}

QString MainWindow::cannotForecast(const ff::Scenario &s) const
{
    try {
        mEngine->compute(s);
    } catch (const std::exception &e) {
        return s.asOf ? tr("as_of %1: %2").arg(qs(ff::formatMonth(*s.asOf)), qs(e.what())) : qs(e.what());
    }
    return {};
}

void MainWindow::connectDocument()
{
    for (const auto &c : mDocumentConnections)
        disconnect(c);
    mDocumentConnections.clear();
    // A file the engine cannot forecast is refused at the door, so the window never holds a
    // scenario it cannot show.
    mDocument->setLoadCheck([this](const ff::Scenario &s) { return cannotForecast(s); });
    QUndoStack *undo = mDocument->undoStack();
    QAction *undoAction = action(QStringLiteral("undo"));
    QAction *redoAction = action(QStringLiteral("redo"));
    undoAction->setEnabled(undo->canUndo());
    redoAction->setEnabled(undo->canRedo());
    undoAction->setText(tr("&Undo"));
    redoAction->setText(tr("&Redo"));
    auto &c = mDocumentConnections;
    c.push_back(connect(undoAction, &QAction::triggered, undo, &QUndoStack::undo));
    c.push_back(connect(redoAction, &QAction::triggered, undo, &QUndoStack::redo));
    c.push_back(connect(undo, &QUndoStack::canUndoChanged, undoAction, &QAction::setEnabled));
    c.push_back(connect(undo, &QUndoStack::canRedoChanged, redoAction, &QAction::setEnabled));
    c.push_back(connect(undo, &QUndoStack::undoTextChanged, undoAction,
                        [undoAction](const QString &t) { undoAction->setText(t.isEmpty() ? tr("&Undo") : tr("&Undo %1").arg(t)); }));
    c.push_back(connect(undo, &QUndoStack::redoTextChanged, redoAction,
                        [redoAction](const QString &t) { redoAction->setText(t.isEmpty() ? tr("&Redo") : tr("&Redo %1").arg(t)); }));
    c.push_back(connect(mDocument.get(), &ScenarioDocument::changed, this, &MainWindow::recompute));
    c.push_back(connect(mDocument.get(), &ScenarioDocument::pinnedChanged, this, &MainWindow::pinnedChanged));
    c.push_back(connect(mDocument.get(), &ScenarioDocument::modifiedChanged, this, &MainWindow::updateTitle));
    c.push_back(connect(mDocument.get(), &ScenarioDocument::filePathChanged, this, &MainWindow::updateTitle));
    mAutosaver->setDocument(mDocument.get());
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
    file->addAction(action(QStringLiteral("openData")));
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
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("pin")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("monteCarloSettings")));

    mToolBar = addToolBar(tr("Main"));
    mToolBar->setObjectName(QStringLiteral("mainToolBar"));
    mToolBar->setMovable(false);
    mToolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    mToolBar->addAction(action(QStringLiteral("undo")));
    mToolBar->addAction(action(QStringLiteral("redo")));
    mToolBar->addSeparator();
    mToolBar->addAction(action(QStringLiteral("pin")));
    mToolBar->addAction(action(QStringLiteral("presentation")));

    mPresetMenu = menuBar()->addMenu(tr("&Presets"));
    mPresetMenu->setObjectName(QStringLiteral("menu_presets"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menu_view"));
    view->addAction(action(QStringLiteral("showAssumptions")));
    view->addAction(action(QStringLiteral("presentation")));
    QMenu *theme = view->addMenu(tr("&Theme"));
    theme->setObjectName(QStringLiteral("menu_theme"));
    theme->addActions(mThemeGroup->actions());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menu_help"));
    help->addAction(action(QStringLiteral("modelHelp")));
    help->addAction(action(QStringLiteral("dataSources")));
    help->addSeparator();
    help->addAction(action(QStringLiteral("about")));
}

void MainWindow::createCentralWidget()
{
    auto *central = new QWidget(this);
    central->setObjectName(QStringLiteral("central"));
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 4);

    // Offered at start when an autosaved what-if is found; it never blocks.
    mRecoveryBar = new QFrame(central);
    mRecoveryBar->setObjectName(QStringLiteral("recoveryBar"));
    mRecoveryBar->setFrameShape(QFrame::StyledPanel);
    mRecoveryBar->setAutoFillBackground(true);
    mRecoveryBar->setBackgroundRole(QPalette::ToolTipBase);
    auto *bar = new QHBoxLayout(mRecoveryBar);
    bar->setContentsMargins(10, 4, 10, 4);
    mRecoveryLabel = new QLabel(mRecoveryBar);
    mRecoveryLabel->setObjectName(QStringLiteral("recoveryLabel"));
    mRecoveryLabel->setForegroundRole(QPalette::ToolTipText);
    mRecoveryLabel->setWordWrap(true);
    auto *restore = new QPushButton(tr("&Restore"), mRecoveryBar);
    restore->setObjectName(QStringLiteral("recoveryRestoreButton"));
    restore->setAccessibleName(tr("Restore the unsaved changes"));
    auto *discard = new QPushButton(tr("D&iscard"), mRecoveryBar);
    discard->setObjectName(QStringLiteral("recoveryDiscardButton"));
    discard->setAccessibleName(tr("Discard the unsaved changes"));
    bar->addWidget(mRecoveryLabel, 1);
    bar->addWidget(restore);
    bar->addWidget(discard);
    connect(restore, &QPushButton::clicked, this, &MainWindow::restoreAutosave);
    connect(discard, &QPushButton::clicked, this, &MainWindow::discardAutosave);
    mRecoveryBar->hide();
    layout->addWidget(mRecoveryBar);

    // Presentation: the slide's title and page, then the takeaway sentence (hidden while exploring).
    mSlideHeader = new QWidget(central);
    mSlideHeader->setObjectName(QStringLiteral("slideHeader"));
    auto *headerLayout = new QVBoxLayout(mSlideHeader);
    headerLayout->setContentsMargins(2, 0, 2, 2);
    headerLayout->setSpacing(0);
    auto *titleRow = new QHBoxLayout;
    mSlideTitle = new QLabel(mSlideHeader);
    mSlideTitle->setObjectName(QStringLiteral("slideTitle"));
    mSlidePage = new QLabel(mSlideHeader);
    mSlidePage->setObjectName(QStringLiteral("slidePage"));
    mSlidePage->setForegroundRole(QPalette::PlaceholderText);
    titleRow->addWidget(mSlideTitle, 1);
    titleRow->addWidget(mSlidePage);
    headerLayout->addLayout(titleRow);
    mTakeaway = new QLabel(mSlideHeader);
    mTakeaway->setObjectName(QStringLiteral("takeaway"));
    mTakeaway->setAccessibleName(tr("Takeaway"));
    mTakeaway->setWordWrap(true);
    mTakeaway->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    headerLayout->addWidget(mTakeaway);
    mSlideHeader->hide();
    layout->addWidget(mSlideHeader);

    mCards = new HeadlineCards(central);
    mCards->setObjectName(QStringLiteral("headlineCards"));
    layout->addWidget(mCards);

    mSplitter = new QSplitter(Qt::Vertical, central);
    mSplitter->setObjectName(QStringLiteral("mainSplitter"));
    mSplitter->setChildrenCollapsible(false);
    mChartTabs = new QTabWidget(mSplitter);
    mChartTabs->setObjectName(QStringLiteral("chartTabs"));
    mChartTabs->setAccessibleName(tr("Charts"));
    mChartTabs->setUsesScrollButtons(true);
    mChartTabs->setDocumentMode(true);
    for (ChartKind k : ChartFactory::kinds()) {
        auto *view = new ChartView(ChartFactory::create(k, *mEngine, mResult, mExtras, chartStyle()), mChartTabs);
        view->setObjectName(QStringLiteral("chart_") + ChartFactory::id(k));
        view->setAccessibleName(ChartFactory::title(k));
        mChartViews.insert(static_cast<int>(k), view);
        mChartTabs->addTab(view, ChartFactory::tabTitle(k));
    }
    mTableTabs = new QTabWidget(mSplitter);
    mTableTabs->setObjectName(QStringLiteral("tableTabs"));
    mTableTabs->setAccessibleName(tr("Tables"));
    mTableTabs->setUsesScrollButtons(true);
    mTableTabs->setDocumentMode(true);
    for (TableKind k : ForecastTables::kinds()) {
        auto *model = new TableModel(this);
        model->setObjectName(QStringLiteral("tableModel_") + ForecastTables::id(k));
        model->setVerdictColumn(ForecastTables::verdictColumn(k));
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
    // Every table is sized when it is shown (a hidden one was never measured), not on every change.
    connect(mTableTabs, &QTabWidget::currentChanged, this, [this](int) {
        if (auto *view = qobject_cast<QTableView *>(mTableTabs->currentWidget()))
            view->resizeColumnsToContents();
    });
    mSplitter->setStretchFactor(0, 3);
    mSplitter->setStretchFactor(1, 1);
    layout->addWidget(mSplitter, 1);

    mStrip = new WhatIfStrip(mEngine->data(), central);
    mStrip->hide();
    connect(mStrip, &WhatIfStrip::assumptionEdited, this, [this](const QString &name, double v) { setAssumption(name, v); });
    connect(mStrip, &WhatIfStrip::interactionFinished, this, [this] {
        mDocument->endInteraction();
        setDragging(false);
    });
    connect(mStrip, &WhatIfStrip::interactionStarted, this, [this] { setDragging(true); });
    connect(mStrip, &WhatIfStrip::chosenChanged, this, [](const QStringList &names) { prefs::presentationAssumptions.set(names); });
    layout->addWidget(mStrip);
    setCentralWidget(central);
    // The claims audit is known from the start; the back-test arrives from the worker.
    tableModel(TableKind::Claims)->setTable(ForecastTables::table(TableKind::Claims, mResult, mExtras));
}

void MainWindow::createAssumptionsDock()
{
    mDock = new QDockWidget(tr("Assumptions"), this);
    mDock->setObjectName(QStringLiteral("assumptionsDock"));
    mDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    mPanelScroll = new QScrollArea(mDock);
    mPanelScroll->setObjectName(QStringLiteral("assumptionsScroll"));
    mPanelScroll->setAccessibleName(tr("Assumptions"));
    mPanelScroll->setWidgetResizable(true);
    mPanelScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    installPanel();
    mDock->setWidget(mPanelScroll);
    addDockWidget(Qt::LeftDockWidgetArea, mDock);
    QAction *toggle = mDock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("action_showAssumptions"));
    toggle->setText(tr("&Assumptions"));
    toggle->setShortcut(QKeySequence(QStringLiteral("Ctrl+1")));
    toggle->setStatusTip(tr("Show or hide the assumptions panel"));
    mActions.insert(QStringLiteral("showAssumptions"), toggle);
}

void MainWindow::installPanel()
{
    // A panel for the data in use (another data directory brings other assumptions).
    auto *panel = new AssumptionPanel(mEngine->data(), mPanelScroll);
    panel->setObjectName(QStringLiteral("assumptionPanel"));
    QWidget *old = mPanelScroll->takeWidget();
    mPanelScroll->setWidget(panel);
    delete old;
    mPanel = panel;
    mPanelScroll->setMinimumWidth(std::clamp(mPanel->sizeHint().width() + 24, 320, 420));
    connect(mPanel, &AssumptionPanel::assumptionEdited, this, [this](const QString &name, double v) {
        QString error;
        if (!mDocument->setAssumption(name, v, &error))
            showMessage(QMessageBox::Warning, tr("Assumption"), error);
    });
    connect(mPanel, &AssumptionPanel::targetEdited, this, &MainWindow::setTargetModel);
    connect(mPanel, &AssumptionPanel::yardstickEdited, this, [this](ff::Yardstick y) { mDocument->setYardstick(y); });
    connect(mPanel, &AssumptionPanel::asOfEdited, this, [this](double asOf) { setAsOf(asOf); });
    connect(mPanel, &AssumptionPanel::interactionFinished, this, [this] {
        mDocument->endInteraction();
        setDragging(false);
    });
    connect(mPanel, &AssumptionPanel::interactionStarted, this, [this] { setDragging(true); });
    // Every quarter from 2023 to the newest data that the data can be fitted at (too few scored
    // models before), then the newest data itself.
    std::vector<double> asOfChoices;
    const double newest = mEngine->defaultAsOf();
    for (double t = 2023.0; t < newest - 1e-6; t += 0.25) {
        try {
            mEngine->context(t);
            asOfChoices.push_back(t);
        } catch (const std::exception &) {
        }
    }
    asOfChoices.push_back(newest);
    mPanel->setAsOfChoices(asOfChoices);
    QWidget::setTabOrder(mPanel->lastControl(), mChartTabs);
    QWidget::setTabOrder(mChartTabs, mTableTabs);
}

void MainWindow::loadPresets()
{
    // Scenario files in <data>/presets: the three of the reference page first, then any others.
    for (QAction *a : mPresetMenu->actions())
        if (a->objectName().startsWith(QLatin1String("action_preset_"))) {
            mActions.remove(a->objectName().mid(int(qstrlen("action_"))));
            delete a;
        }
    mPresetMenu->clear();
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
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        // Most of the screen, at most the size the layout was designed for.
        QSize size(1680, 1020);
        if (const QScreen *s = screen())
            size = size.boundedTo(s->availableSize() * 0.95);
        resize(size);
    }
    restoreState(prefs::windowState.get());
    const QByteArray splitter = prefs::splitterState.get();
    if (splitter.isEmpty() || !mSplitter->restoreState(splitter))
        mSplitter->setSizes({700, 260});
    mChartTabs->setCurrentIndex(std::clamp(prefs::chartTab.get(), 0, mChartTabs->count() - 1));
    mTableTabs->setCurrentIndex(std::clamp(prefs::tableTab.get(), 0, mTableTabs->count() - 1));
    action(QStringLiteral("captionToggle"))->setChecked(prefs::exportCaption.get());
    mStrip->setChosen(prefs::presentationAssumptions.get());
    mPresenter->setSlide(prefs::presentationSlide.get());
    setTheme(Theme::fromId(prefs::theme.get()));
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
    mStrip->showScenario(mDocument->scenario());
    showHeadline();
    updateCharts(false);
    ff::ReportExtras compare;
    compare.compare = mPinnedResult;
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it)
        if (ForecastTables::needs(static_cast<TableKind>(it.key())) == Extra::None)
            it.value()->setTable(ForecastTables::table(static_cast<TableKind>(it.key()), mResult, compare));
    if (auto *view = qobject_cast<QTableView *>(mTableTabs->currentWidget()))
        view->resizeColumnsToContents();

    // The range, the accelerant and the back-test are recomputed on the worker; until then the
    // cards say so and the charts that show them are marked as updating.
    mMonteCarloCurrent = mSensitivityCurrent = mBacktestCurrent = false;
    mRunner->cancel();
    markStale();
    mUncertaintyTimer->start();

    mComputeLabel->setText(tr("Forecast computed in %1 ms, redrawn in %2 ms")
                               .arg(computeMs, 0, 'f', 1)
                               .arg(timer.nsecsElapsed() / 1e6, 0, 'f', 1));
    emit redrawn();
}

void MainWindow::updateCharts(bool withExtras)
{
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it) {
        const Extras needs = ChartFactory::needs(static_cast<ChartKind>(it.key()));
        if (needs != Extra::None && !withExtras)
            continue; // redrawn when the worker delivers
        ChartFactory::update(it.value()->chart(), *mEngine, mResult, needs == Extra::None ? ff::ReportExtras{} : mExtras,
                             mPinnedResult.get());
        if (needs != Extra::None && !isCurrent(needs))
            it.value()->chart()->setTitle(it.value()->chart()->title() + staleSuffix());
        it.value()->chartUpdated();
    }
}

void MainWindow::setDragging(bool dragging)
{
    if (dragging == mDragging)
        return;
    mDragging = dragging;
    // The axes hold still while a slider is held, so what moved can be seen; the release refits them.
    for (ChartView *view : std::as_const(mChartViews))
        ChartFactory::setAxesFrozen(view->chart(), dragging);
    if (!dragging)
        updateCharts(true);
}

void MainWindow::markStale()
{
    const QString computing = tr("%1 \u00b7 P10\u2013P90 computing\u2026");
    const QString why = tr("Running %1 Monte Carlo samples\u2026").arg(mRunner->samples());
    mCards->setRange(HeadlineCards::TaskYear, computing.arg(qs(ff::kindText(mResult.task.kind))), why);
    mCards->setRange(HeadlineCards::FullYear, computing.arg(qs(ff::kindText(mResult.full.kind))), why);
    mCards->setCard(HeadlineCards::Accelerant, QStringLiteral("\u2026"), tr("Computing the sensitivity of each assumption\u2026"));
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it) {
        if (ChartFactory::needs(static_cast<ChartKind>(it.key())) == Extra::None)
            continue;
        QChart *c = it.value()->chart();
        if (!c->title().endsWith(staleSuffix()))
            c->setTitle(c->title() + staleSuffix());
    }
}

bool MainWindow::isCurrent(Extras needs) const
{
    return (!(needs & Extra::MonteCarlo) || mMonteCarloCurrent) && (!(needs & Extra::Sensitivity) || mSensitivityCurrent) &&
           (!(needs & Extra::Backtest) || mBacktestCurrent);
}

void MainWindow::updateExtraViews(Extras which)
{
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it) {
        const Extras needs = ChartFactory::needs(static_cast<ChartKind>(it.key()));
        if (!(needs & which))
            continue;
        ChartFactory::update(it.value()->chart(), *mEngine, mResult, mExtras, mPinnedResult.get());
        if (!isCurrent(needs))
            it.value()->chart()->setTitle(it.value()->chart()->title() + staleSuffix());
        it.value()->chartUpdated();
    }
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it)
        if (ForecastTables::needs(static_cast<TableKind>(it.key())) & which)
            it.value()->setTable(ForecastTables::table(static_cast<TableKind>(it.key()), mResult, mExtras));
}

void MainWindow::showHeadline()
{
    const ff::Result &r = mResult;
    const double horizon = mEngine->data().settings.horizonYear;
    const auto parityDetail = [&](const ff::ParityResult &p) {
        if (!p.reached)
            return tr("No box within %1 gets there by %2.").arg(qs(ff::fmtUsd(r.budgetUsd))).arg(horizon, 0, 'f', 0);
        const QString used = p.boxPrice && p.boxPrice->usedOnly ? tr(" (used market only)") : QString();
        if (p.kind == ff::ParityKind::Implied)
            return tr("The fitted law allows it on %1%2 since %3 (%4 years before its evidence ends); no catalogued model shows it yet.")
                .arg(qs(p.box), used, qs(ff::formatMonth(p.year)), qs(ff::fmtFixed(std::max(0.0, p.evidenceEnd - p.year), 1)));
        const QString model = p.model.empty() ? tr("a hypothetical %1B dense-equivalent model").arg(qs(ff::fmtFixed(p.requiredDeffB, 0)))
                                              : qs(p.model);
        return tr("%1%2: %3 at %4").arg(qs(p.box), used, model, qs(p.quant));
    };
    const QString target = tr("Target: %1 (%2 %3), budget %4, as of %5. Yardstick: %6.")
                               .arg(qs(r.targetModel),
                                    r.yardstick == ff::Yardstick::Coding ? tr("SWE-bench Verified") : qs(mEngine->data().qualityIndexName),
                                    qs(ff::scoreText(r.yardstick, r.targetQuality)), qs(ff::fmtUsd(r.budgetUsd)),
                                    qs(ff::formatMonth(r.asOf)), qs(ff::yardstickLabel(r.yardstick)));
    // What the full product rests on: the assumption whose "off" value moves the date most.
    QString restsOn;
    if (const ff::RestsOnRow *t = r.fullRestsOn.top())
        restsOn = tr("Needs %1; with %2: %3.")
                      .arg(qs(t->label), qs(t->neutralLabel),
                           t->reached ? qs(ff::formatMonth(t->year)) : tr("not by %1").arg(horizon, 0, 'f', 0));
    mCards->setCard(HeadlineCards::TaskYear, qs(ff::cardText(r.task, nullptr, horizon)), parityDetail(r.task),
                    target + QLatin1Char('\n') + parityDetail(r.task));
    mCards->setCard(HeadlineCards::FullYear, qs(ff::cardText(r.full, nullptr, horizon)),
                    restsOn.isEmpty() ? parityDetail(r.full) : parityDetail(r.full) + QLatin1Char(' ') + restsOn,
                    target + QLatin1Char('\n') + parityDetail(r.full) + QLatin1Char('\n') + restsOn);
    QString lagDetail = tr("No local option runs at API speed today.");
    if (!r.reverse.empty() && r.reverse.front().run.found) {
        const ff::ReverseRow &row = r.reverse.front();
        lagDetail = tr("Best at API speed today: %1 %2 on %3, level with %4.")
                        .arg(qs(row.run.model), qs(row.run.quant), qs(row.run.box),
                             row.hasMatch ? tr("%1 (%2)").arg(qs(row.frontierMatch), qs(ff::formatMonth(row.frontierMatchYear)))
                                          : tr("the frontier"));
    }
    // No run at API speed today means no lag to state (not "0.0 years").
    const bool runs = !r.reverse.empty() && r.reverse.front().run.found;
    mCards->setCard(HeadlineCards::Lag,
                    !runs ? tr("None runs")
                          : r.reverse.front().hasMatch ? qs(ff::yearsText(r.currentLagYears, 1)) : tr("ahead of the catalog"),
                    lagDetail);
    if (mPinnedResult) {
        // Compare: both answers and the difference on the parity cards.
        const ff::Result &c = *mPinnedResult;
        // The value stays this scenario's answer (it must fit the card); the line under it gives the
        // pinned one and the difference.
        const auto detail = [&](const ff::ParityResult &now, const ff::ParityResult &pinned) {
            return tr("vs pinned %1: %2").arg(qs(ff::yearText(pinned)), qs(ff::parityDifferenceText(now, pinned)));
        };
        const auto tip = [&](const ff::ParityResult &now, const ff::ParityResult &pinned) {
            return tr("Pinned \u201c%1\u201d: %2; this scenario: %3 (%4).")
                .arg(qs(c.scenario.name), qs(ff::yearText(pinned)), qs(ff::yearText(now)), qs(ff::parityDifferenceText(now, pinned)));
        };
        mCards->setCard(HeadlineCards::TaskYear, qs(ff::cardText(r.task, nullptr, horizon)), detail(r.task, c.task),
                        target + QLatin1Char('\n') + parityDetail(r.task) + QLatin1Char('\n') + tip(r.task, c.task));
        mCards->setCard(HeadlineCards::FullYear, qs(ff::cardText(r.full, nullptr, horizon)), detail(r.full, c.full),
                        target + QLatin1Char('\n') + parityDetail(r.full) + QLatin1Char('\n') + tip(r.full, c.full));
    }
    if (mTakeaway)
        mTakeaway->setText(takeaway());
    mCards->setCard(HeadlineCards::Bottleneck, r.task.reached ? qs(r.task.bottleneckText) : tr("not reached"),
                    tr("Full product: %1").arg(r.full.reached ? qs(r.full.bottleneckText) : tr("not reached")));
}

void MainWindow::showMonteCarlo(quint64 generation, const ff::MonteCarloResult &mc)
{
    if (generation != mRunner->generation())
        return;
    mExtras.monteCarlo = mc;
    mMonteCarloCurrent = true;
    const double horizon = mEngine->data().settings.horizonYear;
    const auto year = [horizon](double t) {
        return std::isfinite(t) ? qs(ff::formatMonth(t)).left(4) : tr("after %1").arg(horizon, 0, 'f', 0);
    };
    const auto month = [horizon](double t) {
        return std::isfinite(t) ? qs(ff::formatMonth(t)) : tr("after %1").arg(horizon, 0, 'f', 0);
    };
    const auto show = [&](HeadlineCards::Card card, const ff::Distribution &d, const QString &which) {
        const QString kind = qs(ff::kindText((card == HeadlineCards::TaskYear ? mResult.task : mResult.full).kind));
        const QString range = year(d.p10) == year(d.p90) ? tr("%1 \u00b7 P10\u2013P90 %2").arg(kind, year(d.p10))
                                                         : tr("%1 \u00b7 P10\u2013P90 %2\u2013%3").arg(kind, year(d.p10), year(d.p90));
        mCards->setRange(card, range,
                         tr("%1 parity when every uncertain assumption is drawn from its range: P10 %2, median %3, P90 %4 "
                            "(%5 samples, seed %6). Not reached within the horizon: %7% of samples.")
                             .arg(which, month(d.p10), month(d.p50), month(d.p90))
                             .arg(d.samples)
                             .arg(mc.seed)
                             .arg(d.shareNotReached * 100, 0, 'f', 1));
    };
    show(HeadlineCards::TaskYear, mc.task, tr("Task-level"));
    show(HeadlineCards::FullYear, mc.full, tr("Full-product"));
    // Months only where the range earns them.
    if (!mPinnedResult) {
        mCards->setValue(HeadlineCards::TaskYear, qs(ff::cardText(mResult.task, &mc.task, horizon)));
        mCards->setValue(HeadlineCards::FullYear, qs(ff::cardText(mResult.full, &mc.full, horizon)));
    }
    if (mTakeaway)
        mTakeaway->setText(takeaway());
    updateExtraViews(Extra::MonteCarlo);
    emit uncertaintyUpdated();
}

void MainWindow::showSensitivity(quint64 generation, const std::vector<ff::SensitivityRow> &rows)
{
    if (generation != mRunner->generation())
        return;
    mExtras.sensitivity = rows;
    mSensitivityCurrent = true;
    const double horizon = mEngine->data().settings.horizonYear;
    const auto year = [horizon](double t) {
        return std::isfinite(t) ? qs(ff::formatMonth(t)) : tr("after %1").arg(horizon, 0, 'f', 0);
    };
    // The tornado's own ranking: its top bar is the accelerant named here.
    const SensitivityRanking ranking = sensitivityRanking(rows, horizon);
    if (ranking.order.empty()) {
        mCards->setCard(HeadlineCards::Accelerant, tr("None"),
                        tr("No single assumption moves task-level or full-product parity within its uncertainty range."));
    } else {
        const ff::SensitivityRow &top = rows[ranking.order.front()];
        const ff::AssumptionDef *def = mEngine->data().assumption(top.name);
        const QString unit = def ? qs(def->unit) : QString();
        const auto value = [&unit](double v) {
            const int decimals = std::fabs(v) >= 100 ? 0 : std::fabs(v) >= 10 ? 1 : 2;
            return tr("%1 %2").arg(qs(ff::fmtFixed(v, decimals)), unit).trimmed();
        };
        const bool taskMoves = year(top.lowYear) != year(top.highYear);
        const bool fullMoves = year(top.fullLowYear) != year(top.fullHighYear);
        QStringList lines;
        const auto moves = [&](const QString &which, double lowYear, double highYear) {
            return tr("%1: %2 at %3, %4 at %5.").arg(which, year(lowYear), value(top.lowValue), year(highYear), value(top.highValue));
        };
        if (fullMoves)
            lines << moves(tr("Full product"), top.fullLowYear, top.fullHighYear);
        if (taskMoves)
            lines << moves(tr("Task-level"), top.lowYear, top.highYear);
        else
            lines << tr("Task-level stays %1.").arg(year(top.lowYear));
        mCards->setCard(HeadlineCards::Accelerant, qs(top.label), lines.join(QLatin1Char(' ')),
                        tr("The assumption that moves parity most between the low (P10) and high (P90) ends of its range, "
                           "the others held at their values.\n%1")
                            .arg(lines.join(QLatin1Char('\n'))));
    }
    updateExtraViews(Extra::Sensitivity);
    emit uncertaintyUpdated();
}

void MainWindow::showBacktest(quint64 generation, const std::vector<ff::BacktestRow> &rows, const std::vector<ff::CeilingRow> &ceiling,
                              const QString &error)
{
    if (generation != mRunner->generation())
        return;
    mExtras.backtest = rows;
    mExtras.ceiling = ceiling;
    mBacktestError = error;
    mBacktestCurrent = true;
    updateExtraViews(Extra::Backtest);
    emit uncertaintyUpdated();
}

ff::ReportExtras MainWindow::extrasFor(Extras needs)
{
    ff::ReportExtras x = mExtras;
    Extras missing;
    if ((needs & Extra::MonteCarlo) && !mMonteCarloCurrent)
        missing |= Extra::MonteCarlo;
    if ((needs & Extra::Sensitivity) && !mSensitivityCurrent)
        missing |= Extra::Sensitivity;
    if ((needs & Extra::Backtest) && !mBacktestCurrent)
        missing |= Extra::Backtest;
    if (missing) {
        // The same calls and seed as the worker: the same numbers, computed now.
        ExtrasRequest request;
        request.what = missing;
        request.samples = mRunner->samples();
        request.seed = mRunner->seed();
        computeExtras(*mEngine, mDocument->scenario(), request, x);
    }
    return x;
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

// ---- compare ----

QString MainWindow::takeaway() const
{
    const ff::MonteCarloResult *mc = mMonteCarloCurrent && mExtras.monteCarlo ? &*mExtras.monteCarlo : nullptr;
    QString text = qs(ff::takeawayText(mResult, mc, mEngine->data().settings.horizonYear));
    if (mPinnedResult)
        text += QLatin1Char(' ') + tr("Pinned \u201c%1\u201d: %2 (now %3).")
                                       .arg(qs(mPinnedResult->scenario.name), qs(ff::yearText(mPinnedResult->task)),
                                            qs(ff::parityDifferenceText(mResult.task, mPinnedResult->task)));
    return text;
}

void MainWindow::pinCurrent()
{
    ff::Scenario s = mDocument->scenario();
    if (s.name.empty())
        s.name = tr("Pinned").toStdString();
    mDocument->setPinned(s);
    statusBar()->showMessage(tr("Pinned \u201c%1\u201d: keep exploring, the charts and tables compare with it").arg(qs(s.name)), 5000);
}

void MainWindow::unpin()
{
    mDocument->setPinned(std::nullopt);
    statusBar()->showMessage(tr("Comparison removed"), 3000);
}

void MainWindow::pinnedChanged()
{
    mPinnedResult.reset();
    if (const auto &pinned = mDocument->pinned()) {
        try {
            mPinnedResult = std::make_shared<const ff::Result>(mEngine->compute(*pinned));
        } catch (const std::exception &e) {
            showMessage(QMessageBox::Warning, tr("Compare"), tr("The pinned scenario could not be computed:\n%1").arg(qs(e.what())));
        }
    }
    mExtras.compare = mPinnedResult;
    action(QStringLiteral("pin"))->setChecked(mPinnedResult != nullptr);
    action(QStringLiteral("pin"))->setText(mPinnedResult ? tr("Un&pin the Comparison") : tr("&Pin for Comparison"));
    // The charts change shape (the pinned series come and go): rebuild them all.
    for (ChartView *view : std::as_const(mChartViews))
        ChartFactory::setStyle(view->chart(), ChartFactory::style(view->chart()));
    recompute();
    updateCharts(true);
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it)
        if (ForecastTables::needs(static_cast<TableKind>(it.key())) != Extra::None)
            it.value()->setTable(ForecastTables::table(static_cast<TableKind>(it.key()), mResult, mExtras));
}

// ---- presentation and theme ----

bool MainWindow::isPresenting() const { return mPresenter->isActive(); }

void MainWindow::setPresenting(bool on) { mPresenter->setActive(on); }

ChartStyle MainWindow::chartStyle() const
{
    ChartStyle style;
    style.titlePt = 14;
    style.axisTitlePt = 13;
    style.axisLabelPt = 12;
    style.legendPt = 12;
    if (mPresenter && mPresenter->isActive())
        style = style.scaled(mPresenter->fontScale());
    style.dark = Theme::isDark();
    return style;
}

void MainWindow::restyleCharts()
{
    const ChartStyle style = chartStyle();
    const QColor background = style.dark ? QColor(0x1E, 0x1F, 0x22) : QColor(Qt::white);
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it) {
        QChart *c = it.value()->chart();
        if (ChartFactory::style(c) == style)
            continue;
        ChartFactory::setStyle(c, style);
        const Extras needs = ChartFactory::needs(static_cast<ChartKind>(it.key()));
        ChartFactory::update(c, *mEngine, mResult, mExtras, mPinnedResult.get());
        if (needs != Extra::None && !isCurrent(needs))
            c->setTitle(c->title() + staleSuffix());
        it.value()->setBackgroundBrush(background);
        it.value()->chartUpdated();
    }
}

void MainWindow::setTheme(ThemeChoice choice)
{
    mTheme = choice;
    prefs::theme.set(Theme::id(choice));
    for (QAction *a : mThemeGroup->actions())
        a->setChecked(a->data().toString() == Theme::id(choice));
    mApplyingTheme = true;
    Theme::apply(choice);
    mApplyingTheme = false;
    restyleCharts();
}

void MainWindow::changeEvent(QEvent *event)
{
    // The desktop switched between light and dark while we follow it.
    if (event->type() == QEvent::PaletteChange && !mApplyingTheme && mTheme == ThemeChoice::System && !mChartViews.isEmpty())
        restyleCharts();
    QMainWindow::changeEvent(event);
}

// ---- help ----

ModelDialog *MainWindow::showModelHelp()
{
    if (!mModelDialog) {
        mModelDialog = new ModelDialog(mDataDir, this);
        mModelDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    mModelDialog->show();
    mModelDialog->raise();
    return mModelDialog;
}

DataSourcesDialog *MainWindow::showDataSources()
{
    if (!mSourcesDialog) {
        mSourcesDialog = new DataSourcesDialog(mEngine->data(), this);
        addImportsPanel(mSourcesDialog); // mainwindow_userdata.cpp
        mSourcesDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    mSourcesDialog->show();
    mSourcesDialog->raise();
    return mSourcesDialog;
}

QMessageBox *MainWindow::showAbout()
{
    if (!mAboutBox) {
        const QString version = QCoreApplication::applicationVersion().isEmpty() ? tr("(development build)")
                                                                                : QCoreApplication::applicationVersion();
        mAboutBox = new QMessageBox(QMessageBox::Information, tr("About Frontier Forecast"),
                                    tr("<p><b>Frontier Forecast %1</b></p><p>When can a personal box under a budget run a Claude "
                                       "Sonnet-class model at hosted-API speed? Every number comes from the catalogs in %2 and the "
                                       "assumptions on the left; hover over a slider for its source, or see Help &gt; Data Sources.</p>"
                                       "<p>Built with Qt %3, running on Qt %4.</p>")
                                        .arg(version.toHtmlEscaped(), QDir::toNativeSeparators(mDataDir).toHtmlEscaped(),
                                             QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())),
                                    QMessageBox::Ok, this);
        mAboutBox->setObjectName(QStringLiteral("aboutBox"));
        mAboutBox->setAttribute(Qt::WA_DeleteOnClose);
    }
    mAboutBox->open();
    return mAboutBox;
}

// ---- autosave and recovery ----

void MainWindow::offerRecovery()
{
    // A copy whose window is gone (this window's own copy goes to another file, so nothing
    // overwrites the offered one meanwhile).
    const QString orphan = mAutosaver->claimOrphan();
    if (orphan.isEmpty()) {
        mRecoveryBar->hide();
        return;
    }
    const QFileInfo info(orphan);
    mRecoveryLabel->setText(tr("Unsaved changes from %1 were kept when Frontier Forecast last stopped. Restore them?")
                                .arg(QLocale().toString(info.lastModified(), QLocale::ShortFormat)));
    mRecoveryBar->show();
}

bool MainWindow::recoveryOffered() const { return !mRecoveryBar->isHidden(); }

bool MainWindow::restoreAutosave()
{
    ff::Scenario s;
    try {
        s = ff::loadScenarioFile(mEngine->data(), mAutosaver->orphan().toStdString());
    } catch (const std::exception &e) {
        showMessage(QMessageBox::Warning, tr("Restore Unsaved Changes"),
                    tr("The kept copy could not be read and was left in place:\n%1").arg(qs(e.what())));
        return false;
    }
    mRecoveryBar->hide();
    mDocument->replaceScenario(s, tr("Restore unsaved changes"));
    mAutosaver->releaseOrphan(true); // now in this window, which keeps its own copy
    statusBar()->showMessage(tr("Restored the unsaved changes; save them to keep them."), 6000);
    return true;
}

void MainWindow::discardAutosave()
{
    mRecoveryBar->hide();
    mAutosaver->releaseOrphan(true);
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

void MainWindow::setMonteCarloSettings(int samples, std::uint64_t seed)
{
    samples = std::clamp(samples, MonteCarloDialog::kMinSamples, MonteCarloDialog::kMaxSamples);
    seed = std::max<std::uint64_t>(1, seed);
    prefs::monteCarloSamples.set(samples);
    prefs::monteCarloSeed.set(static_cast<int>(std::min<std::uint64_t>(seed, std::numeric_limits<int>::max())));
    if (samples == mRunner->samples() && seed == mRunner->seed())
        return;
    mRunner->setSamples(samples);
    mRunner->setSeed(seed);
    // The range, fan and histogram were drawn with the old settings: draw them again.
    mMonteCarloCurrent = false;
    mRunner->cancel();
    markStale();
    mUncertaintyTimer->start();
}

QString MainWindow::lastMonteCarloRun() const
{
    if (!mExtras.monteCarlo)
        return {};
    const ff::MonteCarloResult &mc = *mExtras.monteCarlo;
    return tr("%L1 samples, seed %2, in %3 s").arg(mc.task.samples).arg(mc.seed).arg(mc.seconds, 0, 'f', 2);
}

void MainWindow::monteCarloSettingsTriggered()
{
    auto *dialog = new MonteCarloDialog(mRunner->samples(), mRunner->seed(), lastMonteCarloRun(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { setMonteCarloSettings(dialog->samples(), dialog->seed()); });
    dialog->open();
}

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

bool MainWindow::setAsOf(double asOf)
{
    QString error;
    const bool latest = std::fabs(asOf - mEngine->defaultAsOf()) < 1e-6;
    if (!mDocument->setAsOf(latest ? std::nullopt : std::optional<double>(asOf), &error)) {
        showMessage(QMessageBox::Warning, tr("As of"), error);
        mPanel->showScenario(mDocument->scenario());
        return false;
    }
    return true;
}

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
    mAutosaver->discard(); // saved: nothing left to recover
    prefs::addRecentFile(path);
    updateRecentMenu();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void MainWindow::newScenario() { mDocument->newScenario(); }

bool MainWindow::openDataDirectory(const QString &dir)
{
    // Everything is loaded and checked before anything in the window changes.
    const QString absolute = QDir(dir).absolutePath();
    std::shared_ptr<const ff::Engine> engine;
    try {
        engine = mUserData->engineFor(absolute); // the user's imports stay on top
    } catch (const ff::DataError &e) {
        QString where = qs(e.file());
        if (!e.field().empty())
            where = tr("%1, field %2").arg(where, qs(e.field()));
        showMessage(QMessageBox::Warning, tr("Open Data Directory"),
                    tr("%1 was not loaded; the window still shows %2.\n\nIn %3: %4")
                        .arg(QDir::toNativeSeparators(absolute), QDir::toNativeSeparators(mDataDir), where, qs(e.what())));
        return false;
    } catch (const std::exception &e) {
        showMessage(QMessageBox::Warning, tr("Open Data Directory"),
                    tr("%1 was not loaded; the window still shows %2.\n\n%3")
                        .arg(QDir::toNativeSeparators(absolute), QDir::toNativeSeparators(mDataDir), qs(e.what())));
        return false;
    }
    if (!installEngine(engine, absolute, true))
        return false;
    mUserData->setShippedDir(absolute, engine);
    return true;
}

bool MainWindow::installEngine(std::shared_ptr<const ff::Engine> engine, const QString &absolute, bool askToSave)
{
    // The scenario carries over what the user chose (not the old defaults) where it still fits the new data.
    const ff::Scenario &before = mDocument->scenario();
    ff::Scenario scenario;
    scenario.name = before.name;
    scenario.asOf = before.asOf;
    QStringList dropped;
    for (const auto &[name, value] : before.values) {
        const ff::AssumptionDef *a = engine->data().assumption(name);
        if (a && ff::checkAssumptionValue(*a, value).empty())
            scenario.values[name] = value;
        else
            dropped << qs(name);
    }
    if (!before.targetModel.empty()) {
        const ff::FrontierModel *m = engine->data().frontier(before.targetModel);
        if (m && m->scored)
            scenario.targetModel = before.targetModel;
        else
            dropped << tr("target model %1").arg(qs(before.targetModel));
    }
    if (before.asOf) {
        ff::Scenario check = scenario;
        try {
            engine->compute(check);
        } catch (const std::exception &) {
            scenario.asOf.reset();
            dropped << tr("as of %1").arg(qs(ff::formatMonth(*before.asOf)));
        }
    }
    if (askToSave && !maybeSave())
        return false;

    // Swap: the old engine stays alive until the old document, panel and worker are gone.
    const std::shared_ptr<const ff::Engine> old = mEngine;
    mRunner.reset();
    mUncertaintyTimer->stop();
    mAutosaver->setDocument(nullptr);
    mEngine = engine;
    mDataDir = absolute;
    auto document = std::make_unique<ScenarioDocument>(mEngine->data());
    mDocument.swap(document);
    createRunner();
    installPanel();
    connectDocument();
    document.reset();
    mExtras = ff::ReportExtras{};
    mClaimsError.clear();
    mExtras.claims = computeClaims(*mEngine, &mClaimsError);
    mExtras.calibration = mEngine->calibration();
    tableModel(TableKind::Claims)->setTable(ForecastTables::table(TableKind::Claims, mResult, mExtras));
    mStrip->setData(mEngine->data());
    loadPresets();
    if (mModelDialog)
        mModelDialog->close();
    if (mSourcesDialog)
        mSourcesDialog->close();
    mDocument->replaceScenario(scenario, tr("Open data directory"));
    mDocument->undoStack()->clear();
    mDocument->markClean();
    updateTitle();
    recompute();
    updateExtraViews(Extra::Claims);
    statusBar()->showMessage(tr("Loaded the data in %1").arg(QDir::toNativeSeparators(mDataDir)), 6000);
    if (!dropped.isEmpty())
        showMessage(QMessageBox::Information, tr("Open Data Directory"),
                    tr("These choices do not fit the new data and were set to its defaults: %1.").arg(dropped.join(QStringLiteral(", "))));
    return true;
}

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
    const QString why = cannotForecast(s);
    if (!why.isEmpty()) {
        showMessage(QMessageBox::Warning, tr("Preset"),
                    tr("The preset %1 cannot be forecast with the current target and date:\n%2").arg(qs(s.name), why));
        return false;
    }
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
    ChartExporter exporter(*mEngine, mResult, extrasFor(ChartFactory::needs(kind)));
    exporter.setPinned(mPinnedResult.get());
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
    if (!writeTextFile(path, ff::tableCsv(ForecastTables::table(kind, mResult, extrasFor(ForecastTables::needs(kind)))), &error)) {
        showMessage(QMessageBox::Critical, tr("Export Table"), error);
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::exportReport(const QString &path)
{
    const ff::ReportExtras extras = extrasFor(Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest);
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

void MainWindow::openDataTriggered()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Data Directory"), mDataDir);
    if (!dir.isEmpty())
        openDataDirectory(dir);
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
    ChartExporter exporter(*mEngine, mResult, extrasFor(ChartFactory::needs(kind)));
    exporter.setPinned(mPinnedResult.get());
    const QImage image = exporter.render(kind, o);
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
    QString why;
    if (!OutputFile::write(path, text, &why)) {
        *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), why);
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
    if (mPresenter->isActive())
        mPresenter->setActive(false);
    writeSettings();
    mRunner->cancel();
    // Saved or deliberately discarded: nothing to recover next time (unless a recovery is still on offer).
    if (!mAutosaver->isPaused())
        mAutosaver->discard();
    event->accept();
}

} // namespace ffui

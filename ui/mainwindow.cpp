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
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QInputDialog>
#include <QMenuBar>
#include <QPushButton>
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
#include "dataloader.h"
#include "chartview.h"
#include "exportdialog.h"
#include "forecastable.h"
#include "forecastsession.h"
#include "headlinecards.h"
#include "headlinetext.h"
#include "helpdialogs.h"
#include "inputguard.h"
#include "montecarlodialog.h"
#include "outputfile.h"
#include "preferences.h"
#include "presenter.h"
#include "presets.h"
#include "qtstrings.h"
#include "report.h"
#include "scenariodocument.h"
#include "slidetakeaway.h"
#include "deckwriter.h"
#include "timeutil.h"
#include "uncertaintyrunner.h"
#include "userdatastore.h" // user data hooks: mainwindow_userdata.cpp
#include "whatifstrip.h"
#include "windowactions.h"
#include "importdialog.h"
#include "machineview.h"

namespace ffui {

namespace {

// A wrapped label whose height the window sets from its text and width (MainWindow::fitTakeaway)
// rather than by the layouts' height-for-width.
class TakeawayLabel : public QLabel {
public:
    using QLabel::QLabel;
    bool hasHeightForWidth() const override { return false; }
    QSize sizeHint() const override { return {100, minimumHeight()}; }
    QSize minimumSizeHint() const override { return {0, minimumHeight()}; }
};

// The title suffix of a chart whose extras belong to an earlier scenario while the worker runs.
QString staleSuffix() { return QCoreApplication::translate("ffui::MainWindow", " (updating\u2026)"); }

} // namespace

MainWindow::MainWindow(const QString &dataDir, QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    const QString absolute = QDir(dataDir).absolutePath();
    // The shipped data with the user's imports on top (a broken layer is refused and said once the window is up).
    mUserData = std::make_unique<UserDataStore>(absolute, defaultDataHome());
    mSession = new ForecastSession(mUserData->engine(), absolute, this);
    mSession->setMonteCarloSettings(std::clamp(prefs::monteCarloSamples.get(), MonteCarloDialog::kMinSamples, MonteCarloDialog::kMaxSamples),
                                    static_cast<std::uint64_t>(std::max(1, prefs::monteCarloSeed.get())));
    mUncertaintyLabel = new QLabel(tr("Monte Carlo: waiting"), this);
    mUncertaintyLabel->setObjectName(QStringLiteral("uncertaintyLabel"));

    mActions = new WindowActions(this);
    connectActions();
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
    const auto restyle = [this] {
        if (mTakeaway) {
            QFont f = QApplication::font();
            if (f.pointSizeF() > 0)
                f.setPointSizeF(f.pointSizeF() * mPresenter->fontScale() * 0.95);
            mTakeaway->setFont(f);
            setTakeaway(slideTakeaway(mPresenter->slide()));
        }
        restyleCharts();
    };
    connect(mPresenter, &Presenter::activeChanged, this, [this, restyle](bool on) {
        mActions->setPresenting(on);
        if (mToolBar)
            mToolBar->setVisible(!on);
        restyle();
    });
    connect(mPresenter, &Presenter::fontScaleChanged, this, restyle);
    connect(mPresenter, &Presenter::slideChanged, this, [this](int slide) {
        prefs::presentationSlide.set(slide);
        if (mTakeaway)
            setTakeaway(slideTakeaway(slide));
    });

    mAutosaver = new Autosaver(this);
    connect(mAutosaver, &Autosaver::failed, this, [this](const QString &error) { statusBar()->showMessage(error, 8000); });
    connectSession();
    bindDocument();

    readSettings();
    updateTitle();
    updateRecentMenu();
    offerRecovery();
    mSession->recompute();
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
    // Going away is not saving: the autosaved copy stays for the next start (a crash looks the same).
    mAutosaver->setDocument(nullptr);
    // The import, data-sources and machine windows use the user data store: they go before it.
    delete mImportDialog;
    delete mSourcesDialog;
    delete mMachineView;
    if (mUserData)
        mUserData->disconnect(this);
    // The worker holds its own reference to the engine; stop it before the window's parts go.
    mSession->disconnect(this);
    delete mSession;
    mSession = nullptr;
    if (mPresenter && mPresenter->isActive())
        mPresenter->setActive(false);
}

void MainWindow::connectSession()
{
    connect(mSession, &ForecastSession::computed, this, &MainWindow::showResult);
    connect(mSession, &ForecastSession::computeFailed, this, [this](const QString &error) {
        showMessage(QMessageBox::Warning, tr("Forecast"), tr("The forecast could not be computed:\n%1").arg(error));
    });
    connect(mSession, &ForecastSession::monteCarloUpdated, this, &MainWindow::showMonteCarlo);
    connect(mSession, &ForecastSession::sensitivityUpdated, this, &MainWindow::showSensitivity);
    connect(mSession, &ForecastSession::backtestUpdated, this, [this] {
        updateExtraViews(Extra::Backtest);
        emit uncertaintyUpdated();
    });
    connect(mSession, &ForecastSession::monteCarloStale, this, &MainWindow::markStale);
    connect(mSession, &ForecastSession::pinnedChanged, this, &MainWindow::pinnedChanged);
    connect(mSession, &ForecastSession::busyChanged, this, [this](bool busy) {
        const QString last = lastMonteCarloRun();
        mUncertaintyLabel->setText(busy ? tr("Monte Carlo: running\u2026")
                                        : last.isEmpty() ? tr("Monte Carlo: %L1 samples").arg(mSession->samples())
                                                         : tr("Monte Carlo: %1").arg(last));
    });
    // Other data: the old document goes, the panel, strip, presets and dialogs follow the new one.
    connect(mSession, &ForecastSession::dataAboutToChange, this, [this] { mAutosaver->setDocument(nullptr); });
    connect(mSession, &ForecastSession::dataChanged, this, [this] {
        installPanel();
        bindDocument();
        tableModel(TableKind::Claims)->setTable(ForecastTables::table(TableKind::Claims, result(), extras()));
        mStrip->setData(engine().data());
        loadPresets();
        if (mModelDialog)
            mModelDialog->close();
        if (mSourcesDialog)
            mSourcesDialog->close();
    });
}

// ---- actions, menus, widgets ----

void MainWindow::connectActions()
{
    // What each action does (WindowActions makes them, with their ids and shortcuts).
    const auto on = [this](const char *id, auto slot) { connect(action(QLatin1String(id)), &QAction::triggered, this, slot); };
    on("new", &MainWindow::newTriggered);
    on("open", &MainWindow::openTriggered);
    on("save", &MainWindow::saveTriggered);
    on("saveAs", &MainWindow::saveAsTriggered);
    on("openData", &MainWindow::openDataTriggered);
    on("clearRecent", [this] {
        prefs::recentFiles.set({});
        updateRecentMenu();
    });
    on("exportChart", &MainWindow::exportChartTriggered);
    on("copyChart", &MainWindow::copyChartTriggered);
    on("exportTable", &MainWindow::exportTableTriggered);
    on("exportReport", &MainWindow::exportReportTriggered);
    on("exportDeck", [this] {
        const QString path = askSavePath(tr("Export Deck"), QStringLiteral("deck.pdf"), tr("PDF documents (*.pdf)"), QStringLiteral("pdf"));
        if (!path.isEmpty())
            exportDeck(path);
    });
    connect(action(QStringLiteral("captionToggle")), &QAction::toggled, this, [](bool on) { prefs::exportCaption.set(on); });
    on("quit", &QWidget::close);
    on("resetDefaults", &MainWindow::resetToDefaults);
    on("pin", [this](bool on) {
        if (on)
            pinCurrent();
        else
            unpin();
    });
    on("monteCarloSettings", &MainWindow::monteCarloSettingsTriggered);
    on("presentation", [this](bool on) { setPresenting(on); });
    on("presentNext", [this] { mPresenter->next(); });
    on("presentPrevious", [this] { mPresenter->previous(); });
    on("presentExit", [this] { setPresenting(false); });
    on("presentFirst", [this] { mPresenter->first(); });
    on("presentLast", [this] { mPresenter->last(); });
    on("presentGoTo", [this] {
        bool ok = false;
        const int n = mPresenter->slideCount();
        const int page = QInputDialog::getInt(this, tr("Go to Page"), tr("Page (1 to %1):").arg(n), mPresenter->slide() + 1, 1, n, 1, &ok);
        if (ok)
            mPresenter->setSlide(page - 1);
    });
    for (int digit = 0; digit <= 9; ++digit)
        connect(action(QStringLiteral("presentDigit%1").arg(digit)), &QAction::triggered, this,
                [this, digit] { mPresenter->typeDigit(digit); });
    on("presentColumns", [this](bool all) { mPresenter->setAllColumns(all); });
    for (QAction *a : mActions->themeGroup()->actions()) {
        const ThemeChoice choice = Theme::fromId(a->data().toString());
        connect(a, &QAction::triggered, this, [this, choice] { setTheme(choice); });
    }
    on("modelHelp", &MainWindow::showModelHelp);
    on("dataSources", &MainWindow::showDataSources);
    on("about", &MainWindow::showAbout);
}

void MainWindow::bindDocument()
{
    // The session's document (a new one with other data): undo, the title and the autosave follow it.
    ScenarioDocument *document = mSession->document();
    mActions->bindUndoStack(document->undoStack());
    mUserData->setUndoStack(document->undoStack()); // one history: data steps join the scenario's
    connect(document, &ScenarioDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(document, &ScenarioDocument::filePathChanged, this, &MainWindow::updateTitle);
    mAutosaver->setDocument(document);
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
    file->addAction(action(QStringLiteral("exportDeck")));
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
    // The buttons keep one short text each, so they stay where they are while the menus' texts change
    // ("Undo Set Budget", "Unpin the Comparison"); the full text is in the tooltip.
    const auto steady = [this](const QString &id, const QString &text) {
        QAction *real = action(id);
        auto *button = new QAction(text, this);
        button->setObjectName(QStringLiteral("toolbar_") + id);
        button->setCheckable(real->isCheckable());
        const auto sync = [real, button] {
            button->setEnabled(real->isEnabled());
            button->setChecked(real->isChecked());
            button->setToolTip(QString(real->text()).remove(QLatin1Char('&')));
        };
        sync();
        connect(real, &QAction::changed, button, sync);
        connect(real, &QAction::toggled, button, sync);
        connect(button, &QAction::triggered, real, [real, sync] {
            real->trigger();
            sync();
        });
        mToolBar->addAction(button);
    };
    steady(QStringLiteral("undo"), tr("Undo"));
    steady(QStringLiteral("redo"), tr("Redo"));
    mToolBar->addSeparator();
    steady(QStringLiteral("pin"), tr("Pin for Comparison"));
    steady(QStringLiteral("presentation"), tr("Presentation Mode"));

    mPresetMenu = menuBar()->addMenu(tr("&Presets"));
    mPresetMenu->setObjectName(QStringLiteral("menu_presets"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menu_view"));
    view->addAction(action(QStringLiteral("showAssumptions")));
    view->addAction(action(QStringLiteral("presentation")));
    // The presentation's keys, where a presenter looks for them (enabled while presenting).
    QMenu *keys = view->addMenu(tr("Presentation &Keys"));
    keys->setObjectName(QStringLiteral("menu_presentationKeys"));
    for (const char *id : {"presentNext", "presentPrevious", "presentFirst", "presentLast", "presentGoTo", "presentColumns", "presentExit"})
        keys->addAction(action(QLatin1String(id)));
    QMenu *theme = view->addMenu(tr("&Theme"));
    theme->setObjectName(QStringLiteral("menu_theme"));
    theme->addActions(mActions->themeGroup()->actions());

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
    mTakeaway = new TakeawayLabel(mSlideHeader);
    mTakeaway->setObjectName(QStringLiteral("takeaway"));
    mTakeaway->setAccessibleName(tr("Takeaway"));
    mTakeaway->setWordWrap(true);
    mTakeaway->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    mTakeaway->installEventFilter(this); // its height follows its wrapped text (eventFilter)
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
        auto *view = new ChartView(ChartFactory::create(k, engine(), result(), extras(), chartStyle()), mChartTabs);
        view->setObjectName(QStringLiteral("chart_") + ChartFactory::id(k));
        view->setAccessibleName(ChartFactory::title(k));
        mChartViews.insert(static_cast<int>(k), view);
        mChartTabs->addTab(view, ChartFactory::tabTitle(k));
    }
    // A chart that changed while hidden is redrawn as it is shown.
    connect(mChartTabs, &QTabWidget::currentChanged, this, [this](int) {
        for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it)
            if (it.value() == mChartTabs->currentWidget())
                refreshIfStale(it.key());
    });
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
        // Compared with a pin, the deciding column, the pinned one and the difference come right after
        // the row's name on screen (the model's order, and so the CSV's, stays): never off to the side.
        const auto compareFirst = [view, model] {
            QHeaderView *h = view->horizontalHeader();
            const int n = model->columnCount();
            for (int l = 0; l < n; ++l)
                if (h->visualIndex(l) != l)
                    h->moveSection(h->visualIndex(l), l);
            if (n < 4 || model->headerData(n - 1, Qt::Horizontal).toString() != QLatin1String("Difference"))
                return;
            const QString what = model->headerData(n - 2, Qt::Horizontal).toString().section(QStringLiteral(": "), 1);
            int visual = 1;
            for (int l = 1; l < n - 2; ++l)
                if (model->headerData(l, Qt::Horizontal).toString().compare(what, Qt::CaseInsensitive) == 0)
                    h->moveSection(h->visualIndex(l), visual++);
            h->moveSection(h->visualIndex(n - 2), visual++);
            h->moveSection(h->visualIndex(n - 1), visual);
        };
        connect(model, &QAbstractItemModel::modelReset, view, compareFirst);
        connect(model, &QAbstractItemModel::headerDataChanged, view, compareFirst);
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

    mStrip = new WhatIfStrip(engine().data(), central);
    mStrip->hide();
    connect(mStrip, &WhatIfStrip::assumptionEdited, this, [this](const QString &name, double v) { setAssumption(name, v); });
    connect(mStrip, &WhatIfStrip::interactionFinished, this, [this] {
        mSession->document()->endInteraction();
        setDragging(false);
    });
    connect(mStrip, &WhatIfStrip::interactionStarted, this, [this] { setDragging(true); });
    connect(mStrip, &WhatIfStrip::chosenChanged, this, [](const QStringList &names) { prefs::presentationAssumptions.set(names); });
    layout->addWidget(mStrip);
    setCentralWidget(central);
    // The claims audit is known from the start; the back-test arrives from the worker.
    tableModel(TableKind::Claims)->setTable(ForecastTables::table(TableKind::Claims, result(), extras()));
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
    mActions->insert(QStringLiteral("showAssumptions"), toggle);
}

void MainWindow::installPanel()
{
    // A panel for the data in use (another data directory brings other assumptions).
    auto *panel = new AssumptionPanel(engine().data(), mPanelScroll);
    panel->setObjectName(QStringLiteral("assumptionPanel"));
    QWidget *old = mPanelScroll->takeWidget();
    mPanelScroll->setWidget(panel);
    delete old;
    mPanel = panel;
    mPanelScroll->setMinimumWidth(std::clamp(mPanel->sizeHint().width() + 24, 320, 420));
    connect(mPanel, &AssumptionPanel::assumptionEdited, this, [this](const QString &name, double v) {
        QString error;
        if (!mSession->document()->setAssumption(name, v, &error))
            showMessage(QMessageBox::Warning, tr("Assumption"), error);
    });
    connect(mPanel, &AssumptionPanel::targetEdited, this, &MainWindow::setTargetModel);
    connect(mPanel, &AssumptionPanel::yardstickEdited, this, [this](ff::Yardstick y) { mSession->document()->setYardstick(y); });
    connect(mPanel, &AssumptionPanel::asOfEdited, this, [this](double asOf) { setAsOf(asOf); });
    connect(mPanel, &AssumptionPanel::interactionFinished, this, [this] {
        mSession->document()->endInteraction();
        setDragging(false);
    });
    connect(mPanel, &AssumptionPanel::interactionStarted, this, [this] { setDragging(true); });
    // Every quarter from 2023 to the newest data that the data can be fitted at (too few scored
    // models before), then the newest data itself.
    const std::vector<double> asOfChoices = ff::fittableAsOfDates(engine());
    mPanel->setAsOfChoices(asOfChoices);
    QWidget::setTabOrder(mPanel->lastControl(), mChartTabs);
    QWidget::setTabOrder(mChartTabs, mTableTabs);
}

void MainWindow::loadPresets()
{
    // Scenario files in <data>/presets, in the model's order (the reference page's three first).
    mActions->removeAll(QStringLiteral("preset_"));
    mPresetMenu->clear();
    const std::vector<ff::PresetInfo> presets = ff::listPresets(dataDirectory().toStdString());
    for (const ff::PresetInfo &p : presets) {
        const QString path = qs(p.path);
        QAction *a = mActions->add(QStringLiteral("preset_") + qs(p.id), qs(p.name), {}, p.error.empty() ? qs(p.description) : qs(p.error));
        a->setData(path);
        connect(a, &QAction::triggered, this, [this, path] { applyPreset(path); });
        mPresetMenu->addAction(a);
    }
    if (presets.empty()) {
        QAction *none = mPresetMenu->addAction(
            tr("No presets in %1").arg(nativePath(QDir(dataDirectory()).filePath(QStringLiteral("presets")))));
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
        mSplitter->setSizes({760, 200}); // the chart first: at 1280x720 it needs the height
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

void MainWindow::showResult()
{
    QElapsedTimer timer;
    timer.start();
    const ff::Scenario &scenario = mSession->document()->scenario();
    mPanel->showScenario(scenario);
    mStrip->showScenario(scenario);
    showHeadline();
    updateCharts(false);
    ff::ReportExtras compare;
    compare.compare = mSession->pinnedResultShared();
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it)
        if (ForecastTables::needs(static_cast<TableKind>(it.key())) == Extra::None)
            it.value()->setForecast(static_cast<TableKind>(it.key()), result(), compare);
    if (isPresenting())
        mPresenter->setAllColumns(mPresenter->allColumns()); // the table slide refits its columns
    else if (auto *view = qobject_cast<QTableView *>(mTableTabs->currentWidget()))
        view->resizeColumnsToContents();

    // The range, the accelerant and the back-test are recomputed on the worker; until then the
    // cards say so and the charts that show them are marked as updating.
    markStale();

    const double computeMs = mSession->lastComputeMs();
    mComputeLabel->setText(tr("Forecast computed in %1 ms, redrawn in %2 ms")
                               .arg(computeMs, 0, 'f', 1)
                               .arg(computeMs + timer.nsecsElapsed() / 1e6, 0, 'f', 1));
    emit redrawn();
}

void MainWindow::updateCharts(bool withExtras)
{
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it) {
        const Extras needs = ChartFactory::needs(static_cast<ChartKind>(it.key()));
        if (needs != Extra::None && !withExtras)
            continue; // redrawn when the worker delivers
        if (it.value() != mChartTabs->currentWidget()) {
            mStaleCharts.insert(it.key());
            continue;
        }
        refreshChart(it.key());
    }
}

void MainWindow::refreshChart(int kind)
{
    mStaleCharts.remove(kind);
    ChartView *view = mChartViews.value(kind);
    const Extras needs = ChartFactory::needs(static_cast<ChartKind>(kind));
    // Every chart gets the extras as they stand (a reference, no copy): the crossing and timeline
    // markers word their date by the last known range, as the cards do (the one date format rule).
    ChartFactory::update(view->chart(), engine(), result(), extras(), pinnedResult());
    if (needs != Extra::None && !mSession->isCurrent(needs))
        view->chart()->setTitle(view->chart()->title() + staleSuffix());
    view->chartUpdated();
}

void MainWindow::refreshIfStale(int kind) const
{
    // (A cache fill: what chart() returns is what it would have been had every chart been redrawn.)
    if (mStaleCharts.contains(kind))
        const_cast<MainWindow *>(this)->refreshChart(kind);
}

void MainWindow::setDragging(bool dragging)
{
    if (dragging == mDragging)
        return;
    mDragging = dragging;
    // While a slider is held the range restarts on each change and the economics card waits.
    mSession->setInteracting(dragging);
    if (!dragging)
        HeadlineText::showEconomics(mCards, *mSession);
    // The axes hold still while a slider is held, so what moved can be seen; the release refits them.
    for (ChartView *view : std::as_const(mChartViews))
        ChartFactory::setAxesFrozen(view->chart(), dragging);
    if (!dragging)
        updateCharts(true);
}

void MainWindow::markStale()
{
    HeadlineText::showComputing(mCards, *mSession);
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it) {
        if (ChartFactory::needs(static_cast<ChartKind>(it.key())) == Extra::None)
            continue;
        if (it.value() != mChartTabs->currentWidget()) {
            mStaleCharts.insert(it.key()); // marked when shown
            continue;
        }
        QChart *c = it.value()->chart();
        if (!c->title().endsWith(staleSuffix())) {
            c->setTitle(c->title() + staleSuffix());
            it.value()->chartUpdated(); // the longer title may need a second line
        }
    }
}

void MainWindow::updateExtraViews(Extras which)
{
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it) {
        const Extras needs = ChartFactory::needs(static_cast<ChartKind>(it.key()));
        if (!(needs & which))
            continue;
        if (it.value() != mChartTabs->currentWidget())
            mStaleCharts.insert(it.key());
        else
            refreshChart(it.key());
    }
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it)
        if (ForecastTables::needs(static_cast<TableKind>(it.key())) & which)
            it.value()->setForecast(static_cast<TableKind>(it.key()), result(), extras());
}

void MainWindow::showHeadline()
{
    HeadlineText::showResult(mCards, *mSession);
    if (mTakeaway)
        setTakeaway(slideTakeaway(mPresenter->slide()));
}

void MainWindow::showMonteCarlo()
{
    HeadlineText::showMonteCarlo(mCards, *mSession);
    if (mTakeaway)
        setTakeaway(slideTakeaway(mPresenter->slide()));
    updateExtraViews(Extra::MonteCarlo);
    emit uncertaintyUpdated();
}

void MainWindow::showSensitivity()
{
    HeadlineText::showSensitivity(mCards, *mSession);
    updateExtraViews(Extra::Sensitivity);
    emit uncertaintyUpdated();
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*]").arg(mSession->document()->displayName()));
    setWindowModified(mSession->document()->isModified());
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

QString MainWindow::takeaway() const { return HeadlineText::takeaway(*mSession); }

void MainWindow::setTakeaway(const QString &text)
{
    mTakeaway->setText(text);
    fitTakeaway();
}

void MainWindow::fitTakeaway()
{
    // As many lines high as the text needs at the width it has (or will have once shown: hidden,
    // it may still have its first, tiny size).
    const int w = std::max(mTakeaway->width(), centralWidget()->width() - 24) - 2;
    if (w < 200)
        return; // not laid out yet
    const int h = QFontMetrics(mTakeaway->font()).boundingRect(QRect(0, 0, std::max(1, w), 100000), Qt::TextWordWrap, mTakeaway->text()).height() + 4;
    if (mTakeaway->minimumHeight() != h)
        mTakeaway->setMinimumHeight(h);
}

QString MainWindow::slideTakeaway(int slide) const
{
    const int charts = mChartTabs->count();
    if (slide < 0 || slide >= charts + mTableTabs->count())
        return {};
    QString text = slide < charts ? SlideTakeaway::forChart(engine(), result(), extras(), ChartFactory::kinds().value(slide))
                                  : SlideTakeaway::forTable(result(), extras(), ForecastTables::kinds().value(slide - charts));
    if (const ff::Result *pinned = pinnedResult())
        text += QLatin1Char(' ') + tr("Pinned \u201c%1\u201d: task-level %2 (now %3).")
                                       .arg(qs(pinned->scenario.name), qs(ff::yearText(pinned->task)),
                                            qs(ff::parityDifferenceText(result().task, pinned->task)));
    return text;
}

void MainWindow::pinCurrent()
{
    ff::Scenario s = mSession->document()->scenario();
    s.name = mSession->document()->label().toStdString(); // the pin keeps the name of what it was
    if (s.name.empty())
        s.name = tr("Pinned").toStdString();
    mSession->document()->setPinned(s);
    statusBar()->showMessage(tr("Pinned \u201c%1\u201d: keep exploring, the charts and tables compare with it").arg(qs(s.name)), 5000);
}

void MainWindow::unpin()
{
    mSession->document()->setPinned(std::nullopt);
    statusBar()->showMessage(tr("Comparison removed"), 3000);
}

void MainWindow::pinnedChanged(const QString &error)
{
    if (!error.isEmpty())
        showMessage(QMessageBox::Warning, tr("Compare"), tr("The pinned scenario could not be computed:\n%1").arg(error));
    mActions->setPinned(hasPin());
    // The charts change shape (the pinned series come and go): rebuild them all.
    for (ChartView *view : std::as_const(mChartViews))
        ChartFactory::setStyle(view->chart(), ChartFactory::style(view->chart()));
    updateCharts(true);
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it)
        if (ForecastTables::needs(static_cast<TableKind>(it.key())) != Extra::None)
            it.value()->setForecast(static_cast<TableKind>(it.key()), result(), extras());
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
    if (mPresenter && mPresenter->isActive()) {
        // Presenting: the title as large as the cards' type, the rest a little smaller, so the
        // plot keeps its height at 1280x720 (axis titles, ticks and the legend take less of it).
        const qreal k = mPresenter->fontScale();
        const qreal title = style.titlePt * k;
        style = style.scaled(k * 0.8);
        style.titlePt = title;
    }
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
        ChartFactory::update(c, engine(), result(), extras(), pinnedResult());
        if (needs != Extra::None && !mSession->isCurrent(needs))
            c->setTitle(c->title() + staleSuffix());
        it.value()->setBackgroundBrush(background);
        it.value()->chartUpdated();
    }
}

void MainWindow::setTheme(ThemeChoice choice)
{
    mTheme = choice;
    prefs::theme.set(Theme::id(choice));
    for (QAction *a : mActions->themeGroup()->actions())
        a->setChecked(a->data().toString() == Theme::id(choice));
    mApplyingTheme = true;
    Theme::apply(choice);
    mApplyingTheme = false;
    restyleCharts();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // The takeaway wraps: as many lines high as its text needs at its width, never cut.
    if (watched == mTakeaway && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange))
        fitTakeaway();
    return QMainWindow::eventFilter(watched, event);
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
        mModelDialog = new ModelDialog(dataDirectory(), this);
        mModelDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    mModelDialog->show();
    mModelDialog->raise();
    return mModelDialog;
}

DataSourcesDialog *MainWindow::showDataSources()
{
    if (!mSourcesDialog) {
        mSourcesDialog = new DataSourcesDialog(engine().data(), this);
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
                                        .arg(version.toHtmlEscaped(), QDir::toNativeSeparators(dataDirectory()).toHtmlEscaped(),
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
        s = ff::loadScenarioFile(engine().data(), mAutosaver->orphan().toStdString());
    } catch (const std::exception &e) {
        showMessage(QMessageBox::Warning, tr("Restore Unsaved Changes"),
                    tr("The kept copy could not be read and was left in place:\n%1").arg(qs(e.what())));
        return false;
    }
    mRecoveryBar->hide();
    mSession->document()->replaceScenario(s, tr("Restore unsaved changes"));
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

QAction *MainWindow::action(const QString &id) const { return mActions->action(id); }

const ff::Engine &MainWindow::engine() const { return mSession->engine(); }
const ff::Result &MainWindow::result() const { return mSession->result(); }
const ff::ReportExtras &MainWindow::extras() const { return mSession->extras(); }
const ff::Result *MainWindow::pinnedResult() const { return mSession->pinnedResult(); }
ScenarioDocument *MainWindow::document() const { return mSession->document(); }
UncertaintyRunner *MainWindow::uncertaintyRunner() const { return mSession->runner(); }
QString MainWindow::dataDirectory() const { return mSession->dataDirectory(); }
bool MainWindow::uncertaintyCurrent() const { return mSession->uncertaintyCurrent(); }
bool MainWindow::backtestCurrent() const { return mSession->backtestCurrent(); }

TableModel *MainWindow::tableModel(TableKind kind) const { return mTableModels.value(static_cast<int>(kind)); }

QChart *MainWindow::chart(ChartKind kind) const
{
    refreshIfStale(static_cast<int>(kind));
    ChartView *v = mChartViews.value(static_cast<int>(kind));
    return v ? v->chart() : nullptr;
}

void MainWindow::setUncertaintyDelay(int ms) { mSession->setUncertaintyDelay(ms); }

void MainWindow::setMonteCarloSettings(int samples, std::uint64_t seed)
{
    samples = std::clamp(samples, MonteCarloDialog::kMinSamples, MonteCarloDialog::kMaxSamples);
    seed = std::max<std::uint64_t>(1, seed);
    prefs::monteCarloSamples.set(samples);
    prefs::monteCarloSeed.set(static_cast<int>(std::min<std::uint64_t>(seed, std::numeric_limits<int>::max())));
    mSession->setMonteCarloSettings(samples, seed); // a change marks the range stale and reruns it
}

QString MainWindow::lastMonteCarloRun() const
{
    if (!extras().monteCarlo)
        return {};
    const ff::MonteCarloResult &mc = *extras().monteCarlo;
    return tr("%L1 samples, seed %2, in %3 s").arg(mc.task.samples).arg(mc.seed).arg(mc.seconds, 0, 'f', 2);
}

void MainWindow::monteCarloSettingsTriggered()
{
    auto *dialog = new MonteCarloDialog(mSession->samples(), mSession->seed(), lastMonteCarloRun(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { setMonteCarloSettings(dialog->samples(), dialog->seed()); });
    dialog->open();
}

bool MainWindow::setAssumption(const QString &name, double value)
{
    QString error;
    if (!mSession->document()->setAssumption(name, value, &error)) {
        showMessage(QMessageBox::Warning, tr("Assumption"), error);
        return false;
    }
    return true;
}

double MainWindow::assumption(const QString &name) const { return mSession->document()->value(name); }

bool MainWindow::setAsOf(double asOf)
{
    QString error;
    const bool latest = std::fabs(asOf - engine().defaultAsOf()) < 1e-6;
    if (!mSession->document()->setAsOf(latest ? std::nullopt : std::optional<double>(asOf), &error)) {
        showMessage(QMessageBox::Warning, tr("As of"), error);
        mPanel->showScenario(mSession->document()->scenario());
        return false;
    }
    return true;
}

bool MainWindow::setTargetModel(const QString &model)
{
    QString error;
    if (!mSession->document()->setTargetModel(model, &error)) {
        showMessage(QMessageBox::Warning, tr("Target model"), error);
        mPanel->showScenario(mSession->document()->scenario());
        return false;
    }
    return true;
}

bool MainWindow::openScenario(const QString &path)
{
    QString error;
    if (!mSession->document()->load(path, &error)) {
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
    if (!mSession->document()->save(path, &error)) {
        showMessage(QMessageBox::Critical, tr("Save Scenario"), error + QLatin1Char('\n') + tr("Any existing file was left as it was."));
        return false;
    }
    mAutosaver->discard(); // saved: nothing left to recover
    prefs::addRecentFile(path);
    updateRecentMenu();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

void MainWindow::newScenario() { mSession->document()->newScenario(); }

bool MainWindow::openDataDirectory(const QString &dir)
{
    // Everything is loaded and checked before anything in the window changes.
    const QString absolute = QDir(dir).absolutePath();
    std::shared_ptr<const ff::Engine> engine;
    QString error;
    try {
        engine = mUserData->engineFor(absolute); // the user's imports stay on top
    } catch (const ff::DataError &e) {
        QString where = qs(e.file());
        if (!e.field().empty())
            where = tr("%1, field %2").arg(where, qs(e.field()));
        error = tr("In %1: %2").arg(where, qs(e.what())); // worded as DataLoader::load words it
    } catch (const std::exception &e) {
        error = qs(e.what());
    }
    if (!engine) {
        showMessage(QMessageBox::Warning, tr("Open Data Directory"),
                    tr("%1 was not loaded; the window still shows %2.\n\n%3").arg(nativePath(absolute), nativePath(dataDirectory()), error));
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
    QStringList dropped;
    const ff::Scenario scenario = DataLoader::carry(*engine, mSession->document()->scenario(), &dropped);
    if (askToSave && !maybeSave())
        return false;
    mSession->replaceData(engine, absolute, scenario, tr("Open data directory"));
    updateTitle();
    updateExtraViews(Extra::Claims);
    statusBar()->showMessage(tr("Loaded the data in %1").arg(nativePath(dataDirectory())), 6000);
    if (!dropped.isEmpty())
        showMessage(QMessageBox::Information, tr("Open Data Directory"),
                    tr("These choices do not fit the new data and were set to its defaults: %1.").arg(dropped.join(QStringLiteral(", "))));
    return true;
}

bool MainWindow::applyPreset(const QString &path)
{
    QString error;
    if (!mSession->applyPreset(path, &error)) {
        showMessage(QMessageBox::Warning, tr("Preset"), error);
        return false;
    }
    statusBar()->showMessage(tr("Preset: %1").arg(qs(mSession->document()->scenario().name)), 4000);
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
    ChartExporter exporter(engine(), result(), mSession->extrasFor(ChartFactory::needs(kind)));
    exporter.setPinned(pinnedResult());
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
    if (!writeTextFile(path, ff::tableCsv(ForecastTables::table(kind, result(), mSession->extrasFor(ForecastTables::needs(kind)))), &error)) {
        showMessage(QMessageBox::Critical, tr("Export Table"), error);
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::exportDeck(const QString &path)
{
    // Every chart and table: the extras as far as the worker has them (a stale part says so in its title).
    DeckWriter writer(engine(), result(), mSession->extrasFor(Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest | Extra::Claims));
    if (!writer.write(path)) {
        showMessage(QMessageBox::Critical, tr("Export Deck"), writer.errorString());
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::exportReport(const QString &path)
{
    const ff::ReportExtras extras = mSession->extrasFor(Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest);
    QString error;
    if (!writeTextFile(path, ff::reportMarkdown(engine(), result(), extras), &error)) {
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
    if (mSession->document()->filePath().isEmpty())
        return saveAsTriggered();
    return saveScenario(mSession->document()->filePath());
}

bool MainWindow::saveAsTriggered()
{
    const QString suggested =
        mSession->document()->filePath().isEmpty() ? QString(mSession->document()->label()).replace(QLatin1Char('/'), QLatin1Char('-')) + QStringLiteral(".json") : QFileInfo(mSession->document()->filePath()).fileName();
    const QString path = askSavePath(tr("Save Scenario As"), suggested, tr("Scenarios (*.json)"), QStringLiteral("json"));
    return !path.isEmpty() && saveScenario(path);
}

void MainWindow::openDataTriggered()
{
    const QString dir = DataLoader::choose(this, dataDirectory());
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
    ChartExporter exporter(engine(), result(), mSession->extrasFor(ChartFactory::needs(kind)));
    exporter.setPinned(pinnedResult());
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
    s.name = mSession->document()->scenario().name;
    s.asOf = mSession->document()->scenario().asOf;
    mSession->document()->replaceScenario(s, tr("Reset to defaults"));
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
    if (!mSession->document()->isModified())
        return true;
    const auto answer = ask(tr("Unsaved Changes"),
                            tr("The scenario \"%1\" has changes that are not saved. Save them first?").arg(mSession->document()->displayName()));
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
    mSession->runner()->cancel();
    // Saved or deliberately discarded: nothing to recover next time (unless a recovery is still on offer).
    if (!mAutosaver->isPaused())
        mAutosaver->discard();
    event->accept();
}

} // namespace ffui

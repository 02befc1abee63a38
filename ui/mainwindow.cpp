#include "mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFrame>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "assumptionpanel.h"
#include "autosaver.h"
#include "dataloader.h"
#include "chartview.h"
#include "forecastsession.h"
#include "headlinecards.h"
#include "headlinetext.h"
#include "helpdialogs.h"
#include "inputguard.h"
#include "montecarlodialog.h"
#include "outputfile.h"
#include "preferences.h"
#include "presenter.h"
#include "data/presets.h"
#include "qtstrings.h"
#include "report/report.h"
#include "scenariodocument.h"
#include "core/timeutil.h"
#include "uncertaintyrunner.h"
#include "userdatastore.h" // user data hooks: mainwindow_userdata.cpp
#include "whatifstrip.h"
#include "windowactions.h"
#include "importdialog.h"
#include "machineview.h"

namespace ffui {

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
    showTables();
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

void MainWindow::showTables()
{
    ff::ReportExtras compare;
    compare.compare = mSession->pinnedResultShared();
    // A drag step's result has the headline and what is on screen; a table whose part it left out
    // keeps its rows until the release computes the rest (setDragging runs this again).
    const ff::Result &shown = mSession->result();
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it) {
        const auto kind = static_cast<TableKind>(it.key());
        const unsigned parts = ForecastTables::parts(kind);
        if (ForecastTables::needs(kind) == Extra::None && (shown.parts & parts) == parts)
            it.value()->setForecast(kind, shown, compare);
    }
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
    const ff::Result &r = mSession->resultWith(ChartFactory::parts(static_cast<ChartKind>(kind)));
    ChartFactory::update(view->chart(), engine(), r, extras(), pinnedResult());
    if (needs != Extra::None && !mSession->isCurrent(needs))
        view->chart()->setTitle(view->chart()->title() + staleSuffix());
    view->chartUpdated();
}

// The title suffix of a chart whose extras belong to an earlier scenario while the worker runs.
QString MainWindow::staleSuffix() { return tr(" (updating\u2026)"); }

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
    // While a slider is held each change computes the headline and what is on screen (when
    // presenting: everything, as the slide's takeaway reads it all), the range restarts on each
    // change and the economics card waits. The release computes the rest and shows it.
    if (dragging)
        mSession->setShownParts(isPresenting() ? unsigned(ff::PartAll) : shownParts(),
                                isPresenting() || mChartTabs->currentWidget() == mChartViews.value(int(ChartKind::Fan)));
    if (mSession->setInteracting(dragging)) { // the parts the drag left out, now computed
        showTables();
        if (mTakeaway)
            setTakeaway(slideTakeaway(mPresenter->slide()));
    }
    if (!dragging)
        HeadlineText::showEconomics(mCards, *mSession);
    // The axes hold still while a slider is held, so what moved can be seen; the release refits them.
    for (ChartView *view : std::as_const(mChartViews))
        if (view->isBuilt()) // one made later takes the state as it is made
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
            it.value()->setForecast(static_cast<TableKind>(it.key()),
                                    mSession->resultWith(ForecastTables::parts(static_cast<TableKind>(it.key()))), extras());
}

void MainWindow::showHeadline()
{
    HeadlineText::showResult(mCards, *mSession);
    if (mTakeaway && (isPresenting() || mSession->result().parts == ff::PartAll)) // (the release shows it)
        setTakeaway(slideTakeaway(mPresenter->slide()));
}

void MainWindow::showMonteCarlo()
{
    HeadlineText::showMonteCarlo(mCards, *mSession);
    if (mTakeaway && (isPresenting() || mSession->result().parts == ff::PartAll))
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
        if (!it.value()->isBuilt()) {
            it.value()->setBackgroundBrush(background);
            continue; // made in the style of its day
        }
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

void MainWindow::changeEvent(QEvent *event)
{
    // The desktop switched between light and dark while we follow it.
    if (event->type() == QEvent::PaletteChange && !mApplyingTheme && mTheme == ThemeChoice::System && !mChartViews.isEmpty())
        restyleCharts();
    QMainWindow::changeEvent(event);
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
    std::vector<std::string> noted; // a copy kept by an earlier version: its migrations are said
    try {
        s = ff::loadScenarioFile(engine().data(), mAutosaver->orphan().toStdString(), nullptr, &noted);
    } catch (const std::exception &e) {
        showMessage(QMessageBox::Warning, tr("Restore Unsaved Changes"),
                    tr("The kept copy could not be read and was left in place:\n%1").arg(qs(e.what())));
        return false;
    }
    mRecoveryBar->hide();
    mSession->document()->replaceScenario(s, tr("Restore unsaved changes"));
    mAutosaver->releaseOrphan(true); // now in this window, which keeps its own copy
    statusBar()->showMessage(tr("Restored the unsaved changes; save them to keep them."), 6000);
    if (!noted.empty()) {
        QStringList notes;
        for (const auto &n : noted)
            notes << qs(n);
        showMessage(QMessageBox::Information, tr("Restore Unsaved Changes"), notes.join(QStringLiteral("\n\n")));
    }
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
const ff::Result &MainWindow::result() const { return mSession->completeResult(); }

unsigned MainWindow::shownParts() const
{
    // The visible chart's and the visible table's parts of the Result.
    unsigned parts = ff::PartHeadline;
    for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it)
        if (it.value() == mChartTabs->currentWidget())
            parts |= ChartFactory::parts(static_cast<ChartKind>(it.key()));
    const int table = mTableTabs->currentIndex();
    if (table >= 0 && table < ForecastTables::kinds().size())
        parts |= ForecastTables::parts(ForecastTables::kinds().value(table));
    return parts;
}
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
    QStringList warnings;
    if (!mSession->document()->load(path, &error, &warnings)) {
        showMessage(QMessageBox::Warning, tr("Open Scenario"),
                    tr("%1 was not opened; the current scenario is unchanged.\n\n%2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    prefs::addRecentFile(path);
    updateRecentMenu();
    statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 4000);
    if (!warnings.isEmpty()) // e.g. an old file's "coding" read as SWE-bench Verified: said, not silent
        showMessage(QMessageBox::Information, tr("Open Scenario"), warnings.join(QStringLiteral("\n\n")));
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
    QStringList notes;
    if (!mSession->applyPreset(path, &error, &notes)) {
        showMessage(QMessageBox::Warning, tr("Preset"), error);
        return false;
    }
    statusBar()->showMessage(tr("Preset: %1").arg(qs(mSession->document()->scenario().name)), 4000);
    if (!notes.isEmpty()) // e.g. a renamed assumption migrated: said, as File > Open says it
        showMessage(QMessageBox::Information, tr("Preset"), notes.join(QStringLiteral("\n\n")));
    return true;
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

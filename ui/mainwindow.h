#pragma once
// The explorer window: assumptions on the left; headline cards, charts and tables on the right.
// Layout and wiring only: the ForecastSession holds the engine, the scenario document, the result
// and the worker's extras; WindowActions every action; DataLoader reads data directories; the
// model lists presets (ff::listPresets) and says what data can forecast (forecastable.h).
#include <QHash>
#include <QSet>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include <functional>

#include "chartexporter.h"
#include "chartfactory.h"
#include "solver/forecast.h"
#include "forecastextras.h"
#include "uncertainty/montecarlo.h"
#include "report/report.h"
#include "tablemodel.h"
#include "theme.h"

QT_BEGIN_NAMESPACE
class QAction;
class QDialog;
class QDockWidget;
class QFrame;
class QLabel;
class QMenu;
class QScrollArea;
class QSplitter;
class QTabWidget;
QT_END_NAMESPACE

namespace ffui {

class AssumptionPanel;
class Autosaver;
class ChartView;
class DataSourcesDialog;
class ForecastSession;
class HeadlineCards;
class ImportDialog;
class MachineView;
class UserDataStore;
class ModelDialog;
class Presenter;
class ScenarioDocument;
class UncertaintyRunner;
class WhatIfStrip;
class WindowActions;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Loads the data directory; throws ff::DataError on bad data.
    explicit MainWindow(const QString &dataDir, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Files, without dialogs (main() and tests use these; errors go to the message handler).
    bool openScenario(const QString &path);
    bool saveScenario(const QString &path);
    void newScenario();
    bool applyPreset(const QString &path);
    bool exportChart(ChartKind kind, const QString &path, const ExportOptions &options);
    bool exportTable(TableKind kind, const QString &path);
    bool exportReport(const QString &path);
    // The whole deck as one PDF (File > Export Deck).
    bool exportDeck(const QString &path);
    // Loads another data directory. Bad data leaves everything as it was and says which file and
    // field; good data replaces the catalogs, keeping the scenario's values where they still fit.
    bool openDataDirectory(const QString &dir);
    QString dataDirectory() const;

    // Sets an assumption as its slider would (undoable, merged like a drag) and redraws before
    // returning; redrawn() is emitted on the way. A benchmark can time this call.
    bool setAssumption(const QString &name, double value);
    double assumption(const QString &name) const;
    bool setTargetModel(const QString &model);
    // Forecast as of a date (a hindcast); the newest data date means "latest". Undoable.
    bool setAsOf(double asOf);

    // The engine, document, result, extras and worker: the session the window shows.
    ForecastSession *session() const { return mSession; }
    const ff::Engine &engine() const;
    // Every part of the result (computed now if a drag step left some out): what exports read.
    const ff::Result &result() const;
    // The parts of a Result the visible chart and table show (ff::ResultPart).
    unsigned shownParts() const;
    // The extras shown (Monte Carlo, sensitivity, back-test, claims); see *Current() for which are
    // up to date with the scenario.
    const ff::ReportExtras &extras() const;
    ScenarioDocument *document() const;
    UncertaintyRunner *uncertaintyRunner() const;
    Autosaver *autosaver() const { return mAutosaver; }
    QAction *action(const QString &id) const; // "open", "undo", ...; objectName "action_" + id
    TableModel *tableModel(TableKind kind) const;
    QChart *chart(ChartKind kind) const;
    HeadlineCards *headline() const { return mCards; }
    AssumptionPanel *assumptionPanel() const { return mPanel; }
    // The range and the accelerant on the cards belong to the current scenario.
    bool uncertaintyCurrent() const;
    bool backtestCurrent() const;
    // Monte Carlo, sensitivity and back-test all belong to the current scenario.
    bool extrasCurrent() const { return uncertaintyCurrent() && backtestCurrent(); }
    // Delay between the last change and starting the worker (a drag starts it once).
    void setUncertaintyDelay(int ms);
    // Samples and seed of the Monte Carlo (Edit > Monte Carlo Settings): kept as preferences and
    // used from then on by the range, the fan, the histogram and the exports; reruns the worker.
    void setMonteCarloSettings(int samples, std::uint64_t seed);
    ExportOptions exportOptions() const;

    // Compare: pin the current scenario (Ctrl+Shift+P) and keep exploring; the headline, the
    // charts, the tables and the exports show both. The pin is saved with the scenario.
    void pinCurrent();
    void unpin();
    bool hasPin() const { return pinnedResult() != nullptr; }
    const ff::Result *pinnedResult() const;
    // The presentation's takeaway sentence (what a box under the budget runs and when).
    QString takeaway() const;
    // What one presentation page shows (ChartFactory::kinds() then ForecastTables::kinds()).
    QString slideTakeaway(int slide) const;

    // Presentation mode (F11).
    Presenter *presenter() const { return mPresenter; }
    WhatIfStrip *whatIfStrip() const { return mStrip; }
    bool isPresenting() const;
    void setPresenting(bool on);
    // View > Theme; stored in the settings.
    void setTheme(ThemeChoice choice);
    ThemeChoice theme() const { return mTheme; }
    // The style charts in the window are drawn with now (theme, presentation).
    ChartStyle chartStyle() const;

    // Help: non-modal windows (tests close them).
    ModelDialog *showModelHelp();
    DataSourcesDialog *showDataSources();
    QMessageBox *showAbout();

    // --- User data (issue 17; defined in mainwindow_userdata.cpp): imports on top of the shipped
    // data, File > Import, View > This Machine, the imports panel of Help > Data Sources.
    UserDataStore *userData() const { return mUserData.get(); }
    ImportDialog *showImport(const QString &file = {});
    MachineView *showMachine();

    // Recovery of an autosaved what-if found at start (non-blocking: a bar above the cards).
    bool recoveryOffered() const;
    bool restoreAutosave();
    void discardAutosave();

    // Messages go to message boxes unless a handler is set (tests capture them instead of blocking).
    using MessageHandler = std::function<void(QMessageBox::Icon icon, const QString &title, const QString &text)>;
    using QuestionHandler = std::function<QMessageBox::StandardButton(const QString &title, const QString &text)>;
    void setMessageHandler(MessageHandler handler) { mMessageHandler = std::move(handler); }
    // The data directory is not the one the app ships (--data or FF_DATA_DIR): the status bar names
    // it ("Data: DIR") instead of saying "shipped".
    void setBaseDataName(const QString &name);
    void setQuestionHandler(QuestionHandler handler) { mQuestionHandler = std::move(handler); }

signals:
    // The headline cards, charts and tables show the current scenario.
    void redrawn();
    // The Monte Carlo range, the sensitivity or the back-test arrived for the current scenario.
    void uncertaintyUpdated();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void connectActions();
    void createMenus();
    void createCentralWidget();
    // The central widget's panels, top to bottom (mainwindow_panels.cpp).
    QFrame *createRecoveryBar(QWidget *central);
    QWidget *createSlideHeader(QWidget *central);
    void createChartTabs();
    QChart *makeChart(ChartKind kind);
    static QString staleSuffix(); // a chart's title while its uncertainty is being recomputed
    void buildNextHiddenChart();
    void createTableTabs();
    WhatIfStrip *createWhatIfStrip(QWidget *central);
    void createAssumptionsDock();
    void installPanel();
    void bindDocument();
    void connectSession();
    void loadPresets();
    void readSettings();
    void writeSettings() const;

    void showResult();
    void showHeadline();
    void showMonteCarlo();
    void showSensitivity();
    void updateExtraViews(Extras which);
    void markStale();
    void restyleCharts();
    void pinnedChanged(const QString &error);
    void showTables(); // the tables of the Result (not those of the extras)
    void updateCharts(bool withExtras);
    // Only the chart on screen is redrawn on a change (a drag step paints one chart, not ten); the
    // others are marked and redrawn when they are shown or asked for (chart()).
    void refreshChart(int kind);
    void refreshIfStale(int kind) const;
    void setDragging(bool dragging);
    void updateTitle();
    void setTakeaway(const QString &text);
    void fitTakeaway();
    void updateRecentMenu();
    void offerRecovery();

    void newTriggered();
    void openTriggered();
    bool saveTriggered();
    bool saveAsTriggered();
    void openDataTriggered();
    void exportChartTriggered();
    void copyChartTriggered();
    void exportTableTriggered();
    void exportReportTriggered();
    void resetToDefaults();
    void monteCarloSettingsTriggered();
    QString lastMonteCarloRun() const; // "5,000 samples, seed 1, in 0.12 s" (empty before the first)

    bool maybeSave();
    void showMessage(QMessageBox::Icon icon, const QString &title, const QString &text);
    QMessageBox::StandardButton ask(const QString &title, const QString &text);
    QString askSavePath(const QString &title, const QString &suggestedName, const QString &filter, const QString &suffix);
    bool writeTextFile(const QString &path, const std::string &text, QString *error);
    ChartKind currentChart() const;
    TableKind currentTable() const;

    // User data hooks (mainwindow_userdata.cpp).
    void createUserDataHooks();
    void userDataChanged();
    // "Data: shipped + 1 import (file)" in the status bar's data label: what the window shows now.
    QString dataInUse() const;
    void addImportsPanel(QDialog *sourcesDialog);
    bool installEngine(std::shared_ptr<const ff::Engine> engine, const QString &absolute, bool askToSave);

    std::unique_ptr<UserDataStore> mUserData; // the shipped data and the user's imports; the session's engine comes from it
    ForecastSession *mSession = nullptr;
    WindowActions *mActions = nullptr;

    QMenu *mRecentMenu = nullptr;
    QMenu *mPresetMenu = nullptr;
    QDockWidget *mDock = nullptr;
    QScrollArea *mPanelScroll = nullptr;
    AssumptionPanel *mPanel = nullptr;
    HeadlineCards *mCards = nullptr;
    QSplitter *mSplitter = nullptr;
    QTabWidget *mChartTabs = nullptr;
    QTabWidget *mTableTabs = nullptr;
    QHash<int, ChartView *> mChartViews;     // by ChartKind
    mutable QSet<int> mStaleCharts;          // charts changed while hidden (ChartKind), redrawn when shown
    QHash<int, TableModel *> mTableModels;   // by TableKind
    QLabel *mComputeLabel = nullptr;
    QLabel *mUncertaintyLabel = nullptr;
    QLabel *mDataLabel = nullptr; // the data in use (shipped, imports)
    QString mBaseDataName;        // empty: the shipped data (setBaseDataName)
    QFrame *mRecoveryBar = nullptr;
    QLabel *mRecoveryLabel = nullptr;
    WhatIfStrip *mStrip = nullptr;
    Presenter *mPresenter = nullptr;
    QWidget *mSlideHeader = nullptr;
    QLabel *mSlideTitle = nullptr;
    QLabel *mSlidePage = nullptr;
    QLabel *mTakeaway = nullptr;
    class QToolBar *mToolBar = nullptr;
    bool mDragging = false;
    bool mBuildingCharts = false;            // the hidden charts are being made, one per turn
    Autosaver *mAutosaver = nullptr;
    ThemeChoice mTheme = ThemeChoice::System;
    bool mApplyingTheme = false;
    QPointer<ModelDialog> mModelDialog;
    QPointer<DataSourcesDialog> mSourcesDialog;
    QPointer<QMessageBox> mAboutBox;
    QPointer<ImportDialog> mImportDialog;
    QPointer<MachineView> mMachineView;

    MessageHandler mMessageHandler;
    QuestionHandler mQuestionHandler;
};

} // namespace ffui

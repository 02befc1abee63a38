#pragma once
// The explorer window: assumptions on the left; headline cards, charts and tables on the right.
// It binds widgets to the model and holds no forecasting logic: every number shown comes from
// ff::Engine::compute, and the range and accelerant from ff::runMonteCarlo / ff::sensitivity on a worker.
#include <QHash>
#include <QMainWindow>
#include <QMessageBox>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "chartexporter.h"
#include "chartfactory.h"
#include "forecast.h"
#include "montecarlo.h"
#include "tablemodel.h"

QT_BEGIN_NAMESPACE
class QAction;
class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;
class QTimer;
QT_END_NAMESPACE

namespace ffui {

class AssumptionPanel;
class ChartView;
class HeadlineCards;
class ScenarioDocument;
class UncertaintyRunner;

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

    // Sets an assumption as its slider would (undoable, merged like a drag) and redraws before
    // returning; redrawn() is emitted on the way. A benchmark can time this call.
    bool setAssumption(const QString &name, double value);
    double assumption(const QString &name) const;
    bool setTargetModel(const QString &model);

    const ff::Engine &engine() const { return *mEngine; }
    const ff::Result &result() const { return mResult; }
    ScenarioDocument *document() const { return mDocument.get(); }
    UncertaintyRunner *uncertaintyRunner() const { return mRunner.get(); }
    QAction *action(const QString &id) const; // "open", "undo", ...; objectName "action_" + id
    TableModel *tableModel(TableKind kind) const;
    QChart *chart(ChartKind kind) const;
    HeadlineCards *headline() const { return mCards; }
    // The range and the accelerant on the cards belong to the current scenario.
    bool uncertaintyCurrent() const { return mMonteCarlo.has_value() && mSensitivityCurrent; }
    // Delay between the last change and starting the worker (a drag starts it once).
    void setUncertaintyDelay(int ms);
    ExportOptions exportOptions() const;

    // Messages go to message boxes unless a handler is set (tests capture them instead of blocking).
    using MessageHandler = std::function<void(QMessageBox::Icon icon, const QString &title, const QString &text)>;
    using QuestionHandler = std::function<QMessageBox::StandardButton(const QString &title, const QString &text)>;
    void setMessageHandler(MessageHandler handler) { mMessageHandler = std::move(handler); }
    void setQuestionHandler(QuestionHandler handler) { mQuestionHandler = std::move(handler); }

signals:
    // The headline cards, charts and tables show the current scenario.
    void redrawn();
    // The Monte Carlo range or the sensitivity arrived for the current scenario.
    void uncertaintyUpdated();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    QAction *addAction(const QString &id, const QString &text, const QList<QKeySequence> &shortcuts, const QString &tip);
    void createMenus();
    void createCentralWidget();
    void createAssumptionsDock();
    void loadPresets();
    void readSettings();
    void writeSettings() const;

    void recompute();
    void showHeadline();
    void showMonteCarlo(quint64 generation, const ff::MonteCarloResult &mc);
    void showSensitivity(quint64 generation, const std::vector<ff::SensitivityRow> &rows);
    void updateTitle();
    void updateRecentMenu();

    void newTriggered();
    void openTriggered();
    bool saveTriggered();
    bool saveAsTriggered();
    void exportChartTriggered();
    void copyChartTriggered();
    void exportTableTriggered();
    void exportReportTriggered();
    void resetToDefaults();
    void aboutTriggered();

    bool maybeSave();
    void showMessage(QMessageBox::Icon icon, const QString &title, const QString &text);
    QMessageBox::StandardButton ask(const QString &title, const QString &text);
    QString askSavePath(const QString &title, const QString &suggestedName, const QString &filter, const QString &suffix);
    bool writeTextFile(const QString &path, const std::string &text, QString *error);
    ChartKind currentChart() const;
    TableKind currentTable() const;

    QString mDataDir;
    std::shared_ptr<const ff::Engine> mEngine;
    ff::Result mResult;
    std::unique_ptr<ScenarioDocument> mDocument;
    std::unique_ptr<UncertaintyRunner> mRunner;
    std::optional<ff::MonteCarloResult> mMonteCarlo; // for the current scenario only
    std::vector<ff::SensitivityRow> mSensitivity;
    bool mSensitivityCurrent = false;

    QHash<QString, QAction *> mActions;
    QMenu *mRecentMenu = nullptr;
    QMenu *mPresetMenu = nullptr;
    AssumptionPanel *mPanel = nullptr;
    HeadlineCards *mCards = nullptr;
    QSplitter *mSplitter = nullptr;
    QTabWidget *mChartTabs = nullptr;
    QTabWidget *mTableTabs = nullptr;
    QHash<int, ChartView *> mChartViews;     // by ChartKind
    QHash<int, TableModel *> mTableModels;   // by TableKind
    QLabel *mComputeLabel = nullptr;
    QLabel *mUncertaintyLabel = nullptr;
    QTimer *mUncertaintyTimer = nullptr;

    MessageHandler mMessageHandler;
    QuestionHandler mQuestionHandler;
};

} // namespace ffui

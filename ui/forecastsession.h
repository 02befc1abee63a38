#pragma once
// One forecast being explored, below the widgets: the engine of the data in use, the scenario
// document (values, file, undo), the result of the scenario, the pinned comparison and the
// extras (Monte Carlo, sensitivity, back-test, claims) the worker delivers for it.
// A change of the document recomputes the result and emits computed(); the worker's deliveries
// emit their own signals. The window draws from what this holds; tests drive it without one.
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include "solver/forecast.h"
#include "forecastextras.h"
#include "report/report.h"

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

namespace ffui {

class ScenarioDocument;
class UncertaintyRunner;

class ForecastSession : public QObject
{
    Q_OBJECT
public:
    // `engine` comes from the data loader (see dataloader.h); `dataDir` is where it was read.
    ForecastSession(std::shared_ptr<const ff::Engine> engine, const QString &dataDir, QObject *parent = nullptr);
    ~ForecastSession() override; // stops the worker before the engine and the document go

    const ff::Engine &engine() const { return *mEngine; }
    std::shared_ptr<const ff::Engine> enginePtr() const { return mEngine; }
    QString dataDirectory() const { return mDataDir; }
    ScenarioDocument *document() const { return mDocument.get(); }
    UncertaintyRunner *runner() const { return mRunner.get(); }

    // The result of the scenario as last computed: during a drag only the headline and the parts on
    // screen (setShownParts; result().parts says which), else every part.
    const ff::Result &result() const { return mResult; }
    // Every part of it, the missing ones computed now if a drag left them out (exports, dialogs).
    const ff::Result &completeResult() const;
    // result() when it has `parts` (ResultPart), completeResult() otherwise.
    const ff::Result &resultWith(unsigned parts) const
    {
        return (mResult.parts & parts) == parts ? mResult : completeResult();
    }
    double lastComputeMs() const { return mComputeMs; }
    // The extras last delivered; isCurrent() says which belong to the scenario shown.
    const ff::ReportExtras &extras() const { return mExtras; }
    bool isCurrent(Extras needs) const;
    bool uncertaintyCurrent() const { return mMonteCarloCurrent && mSensitivityCurrent; }
    bool backtestCurrent() const { return mBacktestCurrent; }
    QString backtestError() const { return mBacktestError; }
    QString claimsError() const { return mClaimsError; }
    // The extras `needs` asks for, for the current scenario: the worker's when current, computed now otherwise.
    ff::ReportExtras extrasFor(Extras needs) const;

    // The pinned scenario's result (null: nothing pinned, or it could not be computed).
    const ff::Result *pinnedResult() const { return mPinnedResult.get(); }
    const std::shared_ptr<const ff::Result> &pinnedResultShared() const { return mPinnedResult; }

    // Why the engine cannot forecast `s` (empty: it can), worded for a message.
    QString cannotForecast(const ff::Scenario &s) const;

    // The worker's Monte Carlo settings. A change marks the range stale and reruns it; returns
    // whether anything changed.
    bool setMonteCarloSettings(int samples, std::uint64_t seed);
    int samples() const { return mSamples; }
    std::uint64_t seed() const { return mSeed; }
    // Delay between the last change and starting the worker's sensitivity, back-test and full
    // Monte Carlo (a drag starts them once it settles).
    void setUncertaintyDelay(int ms);
    // A slider is held (a drag): each change also restarts the Monte Carlo range at once, with
    // dragSamples() samples (at most samples()), so the range follows the drag; the full run
    // follows when the changes settle. Set by the window on press and release.
    // While held, each change computes only the headline and the parts on screen (setShownParts);
    // the release computes the rest (no computed(): the scenario is the same; the window shows the
    // parts it left out). Returns whether it computed them.
    bool setInteracting(bool interacting);
    // What the window shows besides the headline (ResultPart): computed on each change of a drag.
    // `fan`: the Fan chart is on screen (the drag's quick range then draws the fan too).
    void setShownParts(unsigned parts, bool fan)
    {
        mShownParts = parts;
        mFanShown = fan;
    }
    bool isInteracting() const { return mInteracting; }
    void setDragSamples(int samples) { mDragSamples = samples; }
    int dragSamples() const { return mDragSamples; }
    // The range shown is a drag's quick one (fewer samples): shown, but not current (isCurrent()
    // is false for the Monte Carlo, so exports compute the full run).
    bool monteCarloProvisional() const { return mMonteCarloProvisional; }

    // Recomputes the result of the document's scenario. On success emits computed() and restarts
    // the worker; on failure keeps the previous result and emits computeFailed().
    bool recompute();

    // A preset applied to the scenario (undoable): it keeps the chosen target and date unless it
    // names its own. False, with *error, when it cannot be read or forecast; nothing changes then.
    bool applyPreset(const QString &path, QString *error, QStringList *notes = nullptr);

    // Other data: a new engine, document and worker; the scenario (carried over by the caller)
    // becomes the clean, unmodified state. dataAboutToChange() is emitted while the old document
    // still exists, dataChanged() once the new one is in place and before its first result.
    void replaceData(std::shared_ptr<const ff::Engine> engine, const QString &dataDir, const ff::Scenario &scenario,
        const QString &undoText);

    // Other data under the same document (a user data step: an import, its undo or redo): a new
    // engine and worker, the scenario carried over by the caller, and the undo history kept (scenario
    // steps and data steps are one history; a step the new data refuses is dropped and its text
    // added to *droppedSteps). The same signals as replaceData().
    void rebindData(std::shared_ptr<const ff::Engine> engine, const QString &dataDir, const ff::Scenario &scenario,
        QStringList *droppedSteps);

signals:
    // The result of the current scenario is new; the extras are no longer current.
    void computed();
    void computeFailed(const QString &error);
    // The worker delivered for the current scenario (isCurrent() now says so for that part).
    void monteCarloUpdated();
    void sensitivityUpdated();
    void backtestUpdated();
    // The Monte Carlo settings changed: the range shown is stale until the worker delivers.
    void monteCarloStale();
    // The pin changed: pinnedResult() is the new one (error: why it could not be computed).
    void pinnedChanged(const QString &error);
    void dataAboutToChange();
    void dataChanged();
    void busyChanged(bool busy);

private:
    void createRunner();
    // What replaceData and rebindData share: the worker and the timer stopped, the engine and its
    // folder swapped, every result of the old data (and the pin) forgotten. Whether a pin was dropped.
    bool swapEngine(std::shared_ptr<const ff::Engine> engine, const QString &dataDir);
    void connectDocument();
    void refreshClaims();
    void updatePinned();
    void startWorker();

    QString mDataDir;
    std::shared_ptr<const ff::Engine> mEngine;
    std::unique_ptr<ScenarioDocument> mDocument;
    std::unique_ptr<UncertaintyRunner> mRunner;
    QTimer *mUncertaintyTimer = nullptr;
    int mSamples = ff::kDefaultSamples;
    std::uint64_t mSeed = 1;

    ff::Result mResult;
    mutable std::optional<ff::Result> mComplete; // completeResult() of a partial mResult
    unsigned mShownParts = ff::PartAll;
    bool mFanShown = true;
    double mComputeMs = 0;
    std::shared_ptr<const ff::Result> mPinnedResult;
    ff::ReportExtras mExtras; // the last delivered; see the flags for which belong to the scenario
    bool mMonteCarloCurrent = false;
    bool mMonteCarloProvisional = false;
    bool mInteracting = false;
    // 500 samples with the fan: ~40 ms of one core on this machine (forecast-bench), P10/P90
    // within a month or two of the full run's.
    int mDragSamples = 500;
    bool mSensitivityCurrent = false;
    bool mBacktestCurrent = false;
    QString mBacktestError;
    QString mClaimsError;
};

} // namespace ffui

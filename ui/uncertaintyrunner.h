#pragma once
// Runs the sensitivity sweep, the back-test and the Monte Carlo range and fan for a scenario on a
// worker thread (in that order: the quick ones first).
// A new request cancels the one running (through the model's cancel flag); results of any
// request but the newest are dropped, so a slider drag never shows a stale range.
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <vector>

#include "data/assumptions.h"
#include "uncertainty/backtest.h"
#include "report/extras.h"
#include "uncertainty/montecarlo.h"

namespace ff {
class Engine;
}

namespace ffui {

class UncertaintyRunner : public QObject {
    Q_OBJECT
public:
    explicit UncertaintyRunner(std::shared_ptr<const ff::Engine> engine, QObject *parent = nullptr);
    ~UncertaintyRunner() override; // cancels and waits for the worker

    void setSamples(int samples) { mSamples = samples; }
    int samples() const { return mSamples; }
    void setSeed(std::uint64_t seed) { mSeed = seed; }
    std::uint64_t seed() const { return mSeed; }

    // Starts work for `scenario`, cancelling earlier work. Returns the request's generation.
    quint64 request(const ff::Scenario &scenario);
    // The Monte Carlo range alone with `samples` samples, cancelling earlier work: a drag step's
    // range, started at each change so it follows the drag (sensitivity and back-test wait until
    // the drag settles). The fixed target's range only (the moving bar waits for the full run), with
    // the fan when `fan` (the Fan chart is on screen). Provisional when `samples` is below samples().
    quint64 requestRange(const ff::Scenario &scenario, int samples, bool fan = true);
    // The sensitivity, back-test and full range after a drag settles: like request(), but a quick
    // range still running for the same scenario finishes first (it is not cancelled) and is shown.
    quint64 requestAfterRange(const ff::Scenario &scenario);
    // Results of this generation are shown: the newest request's, or the quick range it let finish.
    bool accepts(quint64 generation) const { return generation == mGeneration || (generation && generation == mKept); }
    // The request of `generation` is a range alone with fewer samples than samples() (a drag's quick range).
    bool isProvisional(quint64 generation) const { return generation == mKept || (generation == mGeneration && mProvisional); }
    void cancel();
    quint64 generation() const { return mGeneration; }
    bool isBusy() const { return mPending > 0; }
    // Waits until the worker is idle (tests, shutdown).
    bool waitForIdle(int msecs = -1);

signals:
    // Emitted on the GUI thread, only for the newest request.
    void monteCarloReady(quint64 generation, const ff::MonteCarloResult &result);
    void sensitivityReady(quint64 generation, const std::vector<ff::SensitivityRow> &rows);
    // `error` says why the back-test is empty for this data (empty when it ran).
    void backtestReady(quint64 generation, const std::vector<ff::BacktestRow> &rows, const std::vector<ff::CeilingRow> &ceiling,
                       const QString &error);
    void busyChanged(bool busy);

private:
    void finishedOne();
    quint64 startFull(const ff::Scenario &scenario, bool keepRange);
    enum class Quick { No, WithFan, NoFan }; // a quick range (requestRange), with the fan or not
    quint64 start(const ff::Scenario &scenario, ff::Extras what, int samples, bool keepRange = false, Quick quick = Quick::No);

    std::shared_ptr<const ff::Engine> mEngine;
    QThreadPool mPool;
    std::shared_ptr<std::atomic<bool>> mCancel;
    quint64 mGeneration = 0;
    int mSamples = ff::kDefaultSamples;
    std::uint64_t mSeed = 1;
    int mPending = 0; // requests started and not yet reported back (GUI thread only)
    bool mProvisional = false; // the newest request is a quick range
    quint64 mKept = 0;         // a quick range left to finish by the request after it (0: none)
    std::shared_ptr<std::atomic<bool>> mKeptCancel;
};

} // namespace ffui

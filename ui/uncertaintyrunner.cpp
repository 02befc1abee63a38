#include "uncertaintyrunner.h"

#include <QMetaObject>

#include <algorithm>

#include "solver/forecast.h"
#include "report/extras.h"

namespace ffui {

UncertaintyRunner::UncertaintyRunner(std::shared_ptr<const ff::Engine> engine, QObject *parent)
    : QObject(parent), mEngine(std::move(engine))
{
    mPool.setMaxThreadCount(1); // leave the other cores to the GUI thread and the rest of the machine
    mPool.setObjectName(QStringLiteral("uncertaintyPool"));
}

UncertaintyRunner::~UncertaintyRunner()
{
    cancel();
    mPool.waitForDone();
}

void UncertaintyRunner::cancel()
{
    if (mCancel)
        mCancel->store(true);
    if (mKeptCancel)
        mKeptCancel->store(true);
    mKeptCancel.reset();
    mKept = 0;
    ++mGeneration; // whatever is still in flight is now stale
}

bool UncertaintyRunner::waitForIdle(int msecs) { return mPool.waitForDone(msecs); }

quint64 UncertaintyRunner::request(const ff::Scenario &scenario) { return startFull(scenario, false); }

quint64 UncertaintyRunner::requestAfterRange(const ff::Scenario &scenario) { return startFull(scenario, true); }

quint64 UncertaintyRunner::startFull(const ff::Scenario &scenario, bool keepRange)
{
    // The same sequence as the report (model/report/extras.h), without the claims (the window audits them
    // once per data set) and the rolling back-test (a report table).
    ff::Extras what = ff::Extra::Sensitivity | ff::Extra::Backtest;
    if (mSamples > 0)
        what |= ff::Extra::MonteCarlo;
    return start(scenario, what, mSamples, keepRange);
}

quint64 UncertaintyRunner::requestRange(const ff::Scenario &scenario, int samples, bool fan)
{
    return start(scenario, ff::Extra::MonteCarlo, std::max(1, samples), false, fan ? Quick::WithFan : Quick::NoFan);
}

quint64 UncertaintyRunner::start(const ff::Scenario &scenario, ff::Extras what, int samples, bool keepRange, Quick quick)
{
    // The pool runs one job at a time: a quick range left running finishes before this one starts.
    if (keepRange && mProvisional && mCancel && !mCancel->load()) {
        mKept = mGeneration;
        mKeptCancel = mCancel;
        ++mGeneration;
    } else {
        cancel();
    }
    mProvisional = !(what & ff::Extra::Sensitivity) && samples < mSamples;
    const quint64 generation = mGeneration;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    mCancel = flag;
    if (mPending++ == 0)
        emit busyChanged(true);
    // The destructor waits for the pool, so `this` outlives the job; results are queued to the GUI
    // thread and dropped there unless they belong to the newest request.
    mPool.start([this, engine = mEngine, scenario, flag, generation, what, samples, seed = mSeed, quick] {
        try {
            ff::ExtrasRequest req;
            req.what = what;
            req.samples = samples;
            req.seed = seed;
            req.quickRange = quick != Quick::No;
            req.fan = quick != Quick::NoFan;
            req.cancel = flag.get();
            ff::ExtrasProgress progress;
            progress.sensitivity = [this, generation, &flag](const std::vector<ff::SensitivityRow> &rows) {
                if (!flag->load())
                    QMetaObject::invokeMethod(this, [this, generation, rows] {
                        if (generation == mGeneration)
                            emit sensitivityReady(generation, rows);
                    }, Qt::QueuedConnection);
            };
            progress.backtest = [this, generation, &flag](const std::vector<ff::BacktestRow> &rows,
                                                          const std::vector<ff::CeilingRow> &ceiling, const std::string &why) {
                const QString error = QString::fromStdString(why);
                if (!flag->load())
                    QMetaObject::invokeMethod(this, [this, generation, rows, ceiling, error] {
                        if (generation == mGeneration)
                            emit backtestReady(generation, rows, ceiling, error);
                    }, Qt::QueuedConnection);
            };
            progress.monteCarlo = [this, generation, &flag](const ff::MonteCarloResult &mc) {
                if (!flag->load())
                    QMetaObject::invokeMethod(this, [this, generation, mc] {
                        if (accepts(generation))
                            emit monteCarloReady(generation, mc);
                    }, Qt::QueuedConnection);
            };
            ff::ReportExtras out;
            if (!flag->load())
                ff::runExtras(*engine, scenario, req, out, nullptr, &progress, false);
        } catch (const std::exception &) {
            // A scenario the model rejects has no range; the deterministic view reports the error.
        }
        QMetaObject::invokeMethod(this, &UncertaintyRunner::finishedOne, Qt::QueuedConnection);
    });
    return generation;
}

void UncertaintyRunner::finishedOne()
{
    if (mPending > 0 && --mPending == 0)
        emit busyChanged(false);
}

} // namespace ffui

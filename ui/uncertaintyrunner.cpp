#include "uncertaintyrunner.h"

#include <QMetaObject>

#include "forecast.h"
#include "forecastextras.h"

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
    ++mGeneration; // whatever is still in flight is now stale
}

bool UncertaintyRunner::waitForIdle(int msecs) { return mPool.waitForDone(msecs); }

quint64 UncertaintyRunner::request(const ff::Scenario &scenario)
{
    cancel();
    const quint64 generation = mGeneration;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    mCancel = flag;
    if (mPending++ == 0)
        emit busyChanged(true);
    // The destructor waits for the pool, so `this` outlives the job; results are queued to the GUI
    // thread and dropped there unless they belong to the newest request.
    mPool.start([this, engine = mEngine, scenario, flag, generation, samples = mSamples, seed = mSeed] {
        try {
            if (!flag->load()) {
                bool completed = false;
                const std::vector<ff::SensitivityRow> rows = ff::sensitivity(*engine, scenario, flag.get(), &completed);
                if (completed && !flag->load())
                    QMetaObject::invokeMethod(this, [this, generation, rows] {
                        if (generation == mGeneration)
                            emit sensitivityReady(generation, rows);
                    }, Qt::QueuedConnection);
            }
            if (!flag->load()) {
                std::vector<ff::BacktestRow> rows;
                std::vector<ff::CeilingRow> ceiling;
                QString error;
                computeBacktest(*engine, scenario, rows, ceiling, &error);
                if (!flag->load())
                    QMetaObject::invokeMethod(this, [this, generation, rows, ceiling, error] {
                        if (generation == mGeneration)
                            emit backtestReady(generation, rows, ceiling, error);
                    }, Qt::QueuedConnection);
            }
            if (!flag->load() && samples > 0) {
                const ff::MonteCarloResult mc = ff::runMonteCarlo(*engine, scenario, samples, seed, flag.get(), true);
                if (!mc.cancelled && !flag->load())
                    QMetaObject::invokeMethod(this, [this, generation, mc] {
                        if (generation == mGeneration)
                            emit monteCarloReady(generation, mc);
                    }, Qt::QueuedConnection);
            }
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

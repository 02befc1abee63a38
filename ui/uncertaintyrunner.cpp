#include "uncertaintyrunner.h"

#include <QMetaObject>

#include "forecast.h"
#include "extras.h"

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
            // The same sequence as the report (model/extras.h), without the claims (the window
            // audits them once per data set) and the rolling back-test (a report table).
            ff::ExtrasRequest req;
            req.what = ff::Extra::Sensitivity | ff::Extra::Backtest;
            if (samples > 0)
                req.what |= ff::Extra::MonteCarlo;
            req.samples = samples;
            req.seed = seed;
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
                        if (generation == mGeneration)
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

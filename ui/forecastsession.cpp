#include "forecastsession.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <utility>

#include "data/assumptions.h"
#include "dataloader.h"
#include "solver/forecastable.h"
#include "qtstrings.h"
#include "scenariodocument.h"
#include "core/timeutil.h"
#include "uncertaintyrunner.h"

namespace ffui {

ForecastSession::ForecastSession(std::shared_ptr<const ff::Engine> engine, const QString &dataDir, QObject *parent)
    : QObject(parent)
    , mDataDir(dataDir)
    , mEngine(std::move(engine))
{
    mDocument = std::make_unique<ScenarioDocument>(mEngine->data());
    mUncertaintyTimer = new QTimer(this);
    mUncertaintyTimer->setSingleShot(true);
    mUncertaintyTimer->setInterval(150);
    connect(mUncertaintyTimer, &QTimer::timeout, this, [this] { mRunner->requestAfterRange(mDocument->scenario()); });
    createRunner();
    mResult = mEngine->compute(mDocument->scenario()); // the charts are built from a real result
    refreshClaims();
    connectDocument();
}

ForecastSession::~ForecastSession()
{
    // The worker holds its own reference to the engine; stop it before the document goes.
    mRunner.reset();
}

void ForecastSession::createRunner()
{
    mRunner = std::make_unique<UncertaintyRunner>(mEngine);
    mRunner->setSamples(mSamples);
    mRunner->setSeed(mSeed);
    connect(mRunner.get(), &UncertaintyRunner::busyChanged, this, &ForecastSession::busyChanged);
    connect(mRunner.get(), &UncertaintyRunner::monteCarloReady, this,
        [this](quint64 generation, const ff::MonteCarloResult &mc) {
            if (!mRunner->accepts(generation))
                return;
            mExtras.monteCarlo = mc;
            mMonteCarloProvisional = mRunner->isProvisional(generation);
            mMonteCarloCurrent = !mMonteCarloProvisional;
            emit monteCarloUpdated();
        });
    connect(mRunner.get(), &UncertaintyRunner::sensitivityReady, this,
        [this](quint64 generation, const std::vector<ff::SensitivityRow> &rows) {
            if (generation != mRunner->generation())
                return;
            mExtras.sensitivity = rows;
            mSensitivityCurrent = true;
            emit sensitivityUpdated();
        });
    connect(mRunner.get(), &UncertaintyRunner::backtestReady, this,
        [this](quint64 generation, const std::vector<ff::BacktestRow> &rows, const std::vector<ff::CeilingRow> &ceiling,
            const QString &error) {
            if (generation != mRunner->generation())
                return;
            mExtras.backtest = rows;
            mExtras.ceiling = ceiling;
            mBacktestError = error;
            mBacktestCurrent = true;
            emit backtestUpdated();
        });
}

void ForecastSession::connectDocument()
{
    // A file the engine cannot forecast is refused at the door, so the session never holds a
    // scenario it cannot show.
    mDocument->setLoadCheck([this](const ff::Scenario &s) { return cannotForecast(s); });
    connect(mDocument.get(), &ScenarioDocument::changed, this, &ForecastSession::recompute);
    connect(mDocument.get(), &ScenarioDocument::pinnedChanged, this, &ForecastSession::updatePinned);
}

void ForecastSession::refreshClaims()
{
    // The claims audit depends on the data only (the page's claims are about the default scenario).
    mClaimsError.clear();
    mExtras.claims = ffui::computeClaims(*mEngine, &mClaimsError);
    mExtras.calibration = mEngine->calibration();
}

QString ForecastSession::cannotForecast(const ff::Scenario &s) const
{
    const std::string why = ff::forecastProblem(*mEngine, s);
    if (why.empty())
        return {};
    return s.asOf ? tr("as_of %1: %2").arg(qs(ff::formatMonth(*s.asOf)), qs(why)) : qs(why);
}

bool ForecastSession::isCurrent(Extras needs) const
{
    return (!(needs & Extra::MonteCarlo) || mMonteCarloCurrent) &&
        (!(needs & Extra::Sensitivity) || mSensitivityCurrent) && (!(needs & Extra::Backtest) || mBacktestCurrent);
}

ff::ReportExtras ForecastSession::extrasFor(Extras needs) const
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

bool ForecastSession::setMonteCarloSettings(int samples, std::uint64_t seed)
{
    if (samples == mSamples && seed == mSeed)
        return false;
    mSamples = samples;
    mSeed = seed;
    mRunner->setSamples(samples);
    mRunner->setSeed(seed);
    // The range, fan and histogram were drawn with the old settings: draw them again.
    mMonteCarloCurrent = mMonteCarloProvisional = false;
    mRunner->cancel();
    emit monteCarloStale();
    mUncertaintyTimer->start();
    return true;
}

void ForecastSession::setUncertaintyDelay(int ms)
{
    mUncertaintyTimer->setInterval(ms);
}

bool ForecastSession::setInteracting(bool interacting)
{
    mInteracting = interacting;
    if (interacting || mResult.parts == ff::PartAll)
        return false;
    // The drag computed only what was on screen: the rest now, for the same scenario (the range
    // already running for it goes on; the quiet timer started by the last change still runs).
    try {
        mResult = ff::Result(completeResult());
    } catch (const std::exception &e) {
        emit computeFailed(qs(e.what()));
        return false;
    }
    mComplete.reset();
    return true;
}

const ff::Result &ForecastSession::completeResult() const
{
    if (mResult.parts == ff::PartAll)
        return mResult;
    if (!mComplete) // mResult's own scenario (it was computed without error), every part
        mComplete = mEngine->compute(mResult.scenario);
    return *mComplete;
}

bool ForecastSession::recompute()
{
    QElapsedTimer timer;
    timer.start();
    try {
        ff::Scenario named = mDocument->scenario();
        named.name = mDocument->label().toStdString(); // captions, legends and exports tell it by its changes
        // A drag step computes the headline and what is on screen; the release the rest.
        mResult = mEngine->compute(named, mInteracting ? mShownParts : unsigned(ff::PartAll));
        mComplete.reset();
    } catch (const std::exception &e) {
        emit computeFailed(qs(e.what()));
        return false;
    }
    mComputeMs = timer.nsecsElapsed() / 1e6;
    // The range, the accelerant and the back-test are recomputed on the worker; until then they
    // belong to an earlier scenario.
    mMonteCarloCurrent = mSensitivityCurrent = mBacktestCurrent = false;
    mMonteCarloProvisional = false;
    // During a drag the range restarts at once for this value (the quick count); the rest, and the
    // full count, after the quiet delay.
    if (mInteracting && mSamples > 0)
        mRunner->requestRange(mDocument->scenario(), std::min(mSamples, mDragSamples), mFanShown);
    else
        mRunner->cancel();
    mUncertaintyTimer->start();
    emit computed();
    return true;
}

void ForecastSession::updatePinned()
{
    QString error;
    mPinnedResult.reset();
    if (const auto &pinned = mDocument->pinned()) {
        try {
            mPinnedResult = std::make_shared<const ff::Result>(mEngine->compute(*pinned));
        } catch (const std::exception &e) {
            error = qs(e.what());
        }
    }
    mExtras.compare = mPinnedResult;
    recompute();
    emit pinnedChanged(error);
}

bool ForecastSession::applyPreset(const QString &path, QString *error, QStringList *notes)
{
    ff::Scenario s;
    std::vector<std::string> noted; // a retired assumption migrated, an unknown key: said, not silent
    try {
        s = ff::loadScenarioFile(mEngine->data(), path.toStdString(), nullptr, &noted);
    } catch (const std::exception &e) {
        *error = tr("The preset could not be loaded:\n%1").arg(qs(e.what()));
        return false;
    }
    mDocument->addOrigin(s); // its name stays while nothing changes; after a change, the changes name it
    // A preset is about assumptions: it keeps the chosen target and date unless it names its own.
    if (s.targetModel.empty())
        s.targetModel = mDocument->scenario().targetModel;
    if (!s.asOf)
        s.asOf = mDocument->scenario().asOf;
    const QString why = cannotForecast(s);
    if (!why.isEmpty()) {
        *error = tr("The preset %1 cannot be forecast with the current target and date:\n%2").arg(qs(s.name), why);
        return false;
    }
    mDocument->replaceScenario(s, tr("Apply preset %1").arg(qs(s.name)));
    if (notes)
        for (const auto &n : noted)
            notes->append(qs(n));
    return true;
}

bool ForecastSession::swapEngine(std::shared_ptr<const ff::Engine> engine, const QString &dataDir)
{
    mRunner.reset();
    mUncertaintyTimer->stop();
    emit dataAboutToChange();
    // A drag's partial result is completed by the engine that computed it, not by the new one.
    if (mResult.parts != ff::PartAll)
        mResult = ff::Result(completeResult());
    mComplete.reset();
    mEngine = std::move(engine);
    mDataDir = dataDir;
    createRunner();
    mExtras = ff::ReportExtras{};
    // A provisional range of the old data is no range of the new one either.
    mMonteCarloCurrent = mMonteCarloProvisional = mSensitivityCurrent = mBacktestCurrent = false;
    mBacktestError.clear();
    // No pin survives (a pin of the old data would not compare like with like).
    const bool hadPin = mPinnedResult != nullptr;
    mPinnedResult.reset();
    refreshClaims();
    return hadPin;
}

void ForecastSession::replaceData(std::shared_ptr<const ff::Engine> engine, const QString &dataDir,
    const ff::Scenario &scenario, const QString &undoText)
{
    // The old engine stays alive until the old document, its views and the worker are gone.
    const std::shared_ptr<const ff::Engine> old = mEngine;
    const bool hadPin = swapEngine(std::move(engine), dataDir);
    auto document = std::make_unique<ScenarioDocument>(mEngine->data());
    mDocument.swap(document);
    connectDocument();
    emit dataChanged();
    document.reset();
    mDocument->replaceScenario(scenario, undoText);
    mDocument->undoStack()->clear();
    mDocument->markClean();
    recompute();
    if (hadPin)
        emit pinnedChanged({});
}

void ForecastSession::rebindData(std::shared_ptr<const ff::Engine> engine, const QString &dataDir,
    const ff::Scenario &scenario, QStringList *droppedSteps)
{
    // The old engine stays alive until the views have moved to the new data.
    const std::shared_ptr<const ff::Engine> old = mEngine;
    const bool hadPin = swapEngine(std::move(engine), dataDir);
    // A step fits when the new data keeps every choice in it and can forecast it.
    const QStringList dropped = mDocument->rebind(mEngine->data(), scenario, [this](const ff::Scenario &s) {
        QStringList changed;
        const ff::Scenario carried = DataLoader::carry(*mEngine, s, &changed);
        return changed.isEmpty() && cannotForecast(carried).isEmpty();
    });
    if (droppedSteps)
        *droppedSteps = dropped;
    emit dataChanged();
    recompute();
    if (hadPin)
        emit pinnedChanged({});
}

} // namespace ffui

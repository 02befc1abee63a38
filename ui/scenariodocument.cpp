#include "scenariodocument.h"

#include <QFileInfo>

#include <cmath>
#include <limits>

#include "qtstrings.h"
#include "changescenariocommand.h"
#include "report/compare.h"
#include "outputfile.h"
#include "core/timeutil.h"

namespace ffui {

ScenarioDocument::ScenarioDocument(const ff::DataSet &data, QObject *parent) : QObject(parent), mData(&data)
{
    mScenario.name = defaultScenarioName().toStdString();
    mSaved = mScenario;
}

namespace {
// The same forecast and name: every value (defaults filled in), the target and the date.
bool equivalent(const ff::DataSet &d, const ff::Scenario &a, const ff::Scenario &b)
{
    if (a.name != b.name || a.asOf.has_value() != b.asOf.has_value() || (a.asOf && std::fabs(*a.asOf - *b.asOf) > 1e-9))
        return false;
    const std::string &def = d.settings.defaultTarget;
    if ((a.targetModel.empty() ? def : a.targetModel) != (b.targetModel.empty() ? def : b.targetModel))
        return false;
    const std::vector<double> va = ff::assumptionValues(d, a), vb = ff::assumptionValues(d, b);
    for (std::size_t i = 0; i < va.size() && i < vb.size(); ++i)
        if (std::fabs(va[i] - vb[i]) > 1e-12 * std::max(1.0, std::fabs(vb[i])))
            return false;
    return va.size() == vb.size();
}
} // namespace

bool ScenarioDocument::sameAsSaved() const
{
    if (!equivalent(*mData, mScenario, mSaved) || mPinned.has_value() != mSavedPinned.has_value())
        return false;
    return !mPinned || equivalent(*mData, *mPinned, *mSavedPinned);
}

void ScenarioDocument::refreshModified()
{
    const bool modified = !sameAsSaved();
    if (modified == mModified)
        return;
    mModified = modified;
    emit modifiedChanged(modified);
}

void ScenarioDocument::markClean()
{
    mSaved = mScenario;
    mSavedPinned = mPinned;
    mUndo.setClean();
    refreshModified();
}

QStringList ScenarioDocument::rebind(const ff::DataSet &data, const ff::Scenario &carried,
                                     const std::function<bool(const ff::Scenario &)> &fits)
{
    mData = &data;
    mScenario = carried;
    mPinned.reset(); // computed on the old data: gone, as a new document would have none
    QStringList dropped;
    for (int i = 0; i < mUndo.count(); ++i) {
        const auto *step = dynamic_cast<const ChangeScenarioCommand *>(mUndo.command(i));
        if (!step || step->isObsolete() || step->fits(fits))
            continue;
        dropped << step->text();
        // The stack owns its commands and hands them out const; an obsolete one is skipped and deleted
        // when undo or redo reaches it.
        const_cast<ChangeScenarioCommand *>(step)->drop(tr("%1 (dropped: the data in use refuses it)").arg(step->text()));
    }
    refreshModified();
    return dropped;
}

void ScenarioDocument::setPinned(const std::optional<ff::Scenario> &pinned)
{
    mPinned = pinned;
    emit pinnedChanged();
    refreshModified();
}

QString ScenarioDocument::defaultScenarioName() { return tr("Base case"); }

void ScenarioDocument::addOrigin(const ff::Scenario &origin) { mOrigins[origin.name] = origin; }

ff::Scenario ScenarioDocument::origin() const
{
    const auto it = mOrigins.find(mScenario.name);
    if (it != mOrigins.end())
        return it->second;
    ff::Scenario defaults; // a name never registered: the defaults under it
    defaults.name = mScenario.name;
    return defaults;
}

QString ScenarioDocument::label() const { return qs(ff::scenarioLabel(*mData, mScenario, origin())); }

double ScenarioDocument::value(const QString &name) const
{
    const std::string n = name.toStdString();
    const auto it = mScenario.values.find(n);
    if (it != mScenario.values.end())
        return it->second;
    const ff::AssumptionDef *a = mData->assumption(n);
    return a ? a->value : std::numeric_limits<double>::quiet_NaN();
}

QString ScenarioDocument::targetModel() const
{
    return qs(mScenario.targetModel.empty() ? mData->settings.defaultTarget : mScenario.targetModel);
}

bool ScenarioDocument::setAssumption(const QString &name, double value, QString *error)
{
    const std::string n = name.toStdString();
    const ff::AssumptionDef *a = mData->assumption(n);
    if (!a) {
        if (error)
            *error = tr("unknown assumption \"%1\"").arg(name);
        return false;
    }
    if (const std::string bad = ff::checkAssumptionValue(*a, value); !bad.empty()) {
        if (error)
            *error = qs(bad);
        return false;
    }
    ff::Scenario after = mScenario;
    // Only what differs from the default is kept, so a reset slider leaves no trace in the scenario.
    const double def = ff::defaultValue(*mData, mScenario, *a); // the target's speed follows the target
    if (std::fabs(value - def) <= 1e-12 * std::max(1.0, std::fabs(def)))
        after.values.erase(n);
    else
        after.values[n] = value;
    if (after == mScenario)
        return true;
    mUndo.push(new ChangeScenarioCommand(this, mScenario, after, tr("Set %1").arg(qs(a->label)), name,
                                         mSession));
    return true;
}

bool ScenarioDocument::setTargetModel(const QString &model, QString *error)
{
    const ff::FrontierModel *m = mData->frontier(model.toStdString());
    if (!m || !m->scored) {
        if (error)
            *error = tr("\"%1\" is not a scored frontier model in the data").arg(model);
        return false;
    }
    if (model == targetModel())
        return true;
    ff::Scenario after = mScenario;
    after.targetModel = model.toStdString();
    endInteraction();
    mUndo.push(new ChangeScenarioCommand(this, mScenario, after, tr("Set target model to %1").arg(model)));
    return true;
}

bool ScenarioDocument::setYardstick(ff::Yardstick yardstick, QString *error)
{
    if (yardstick == mScenario.yardstick)
        return true;
    ff::Scenario after = mScenario;
    after.yardstick = yardstick;
    // Data with too few scores on this yardstick cannot fit its law: refused here, so the session
    // never holds a choice it cannot show (the views would keep the previous answer under it).
    if (mLoadCheck) {
        const QString why = mLoadCheck(after);
        if (!why.isEmpty()) {
            if (error)
                *error = tr("The data cannot forecast on %1: %2").arg(qs(ff::yardstickLabel(yardstick)), why);
            return false;
        }
    }
    endInteraction();
    mUndo.push(new ChangeScenarioCommand(this, mScenario, after,
                                         tr("Set yardstick to %1").arg(qs(ff::yardstickLabel(yardstick)))));
    return true;
}

bool ScenarioDocument::setAsOf(std::optional<double> asOf, QString *error)
{
    const ff::FrontierModel *target = mData->frontier(targetModel().toStdString());
    const double when = asOf.value_or(ff::latestAsOf());
    if (target && target->released > when + 1e-9) {
        if (error)
            *error = tr("%1 was released in %2, after %3: pick a later date or a target released by then.")
                         .arg(targetModel(), qs(ff::formatMonth(target->released)),
                              qs(ff::formatMonth(when)));
        return false;
    }
    if (asOf.has_value() == mScenario.asOf.has_value() && (!asOf || std::fabs(*asOf - *mScenario.asOf) < 1e-9))
        return true;
    ff::Scenario after = mScenario;
    after.asOf = asOf;
    endInteraction();
    mUndo.push(new ChangeScenarioCommand(this, mScenario, after,
                                         asOf ? tr("Forecast as of %1").arg(qs(ff::formatMonth(*asOf)))
                                              : tr("Forecast from the latest data")));
    return true;
}

void ScenarioDocument::replaceScenario(const ff::Scenario &s, const QString &undoText)
{
    endInteraction();
    if (s == mScenario)
        return;
    mUndo.push(new ChangeScenarioCommand(this, mScenario, s, undoText));
}

void ScenarioDocument::apply(const ff::Scenario &s)
{
    mScenario = s;
    refreshModified();
    emit changed();
}

void ScenarioDocument::setFilePath(const QString &path)
{
    if (path == mFilePath)
        return;
    mFilePath = path;
    emit filePathChanged(path);
}

QString ScenarioDocument::displayName() const
{
    return mFilePath.isEmpty() ? tr("Untitled") : QFileInfo(mFilePath).fileName();
}

void ScenarioDocument::newScenario()
{
    ff::Scenario s;
    s.name = defaultScenarioName().toStdString();
    mUndo.clear();
    setFilePath(QString());
    const bool hadPin = mPinned.has_value();
    mPinned.reset();
    mScenario = s;
    markClean();
    if (hadPin)
        emit pinnedChanged();
    emit changed();
    endInteraction();
}

bool ScenarioDocument::load(const QString &path, QString *error, QStringList *warnings)
{
    ff::Scenario s;
    std::optional<ff::Scenario> pinned;
    std::vector<std::string> noted;
    try {
        s = ff::loadScenarioFile(*mData, QFileInfo(path).absoluteFilePath().toStdString(), &pinned, &noted);
    } catch (const std::exception &e) {
        if (error)
            *error = qs(e.what());
        return false;
    }
    if (mLoadCheck) {
        QString why = mLoadCheck(s);
        if (why.isEmpty() && pinned) {
            why = mLoadCheck(*pinned);
            if (!why.isEmpty())
                why = tr("compare: %1").arg(why);
        }
        if (!why.isEmpty()) {
            if (error)
                *error = QStringLiteral("%1: %2").arg(QFileInfo(path).absoluteFilePath(), why);
            return false;
        }
    }
    if (warnings)
        for (const auto &w : noted)
            warnings->append(qs(w));
    mUndo.clear();
    setFilePath(QFileInfo(path).absoluteFilePath());
    mScenario = s;
    addOrigin(s);
    mPinned = pinned;
    markClean();
    emit pinnedChanged();
    emit changed();
    endInteraction();
    return true;
}

bool ScenarioDocument::save(const QString &path, QString *error)
{
    // Saved to a new file, a changed scenario takes the name of its changes, not the preset's it came
    // from; saved over its own file, it keeps its name.
    ff::Scenario named = mScenario;
    if (QFileInfo(path).absoluteFilePath() != mFilePath)
        named.name = label().toStdString();
    const std::string text = ff::scenarioToJson(*mData, named, mPinned ? &*mPinned : nullptr);
    QString why;
    if (!OutputFile::write(path, text, &why)) {
        if (error)
            *error = tr("Could not save %1: %2").arg(path, why);
        return false;
    }
    setFilePath(QFileInfo(path).absoluteFilePath());
    if (named.name != mScenario.name) {
        mScenario.name = named.name;
        emit changed();
    }
    addOrigin(mScenario);
    markClean();
    endInteraction();
    return true;
}

} // namespace ffui

#pragma once
// The scenario being explored: its values, the file it came from and its undo history.
// Every edit goes through an undoable command; files reset the history.
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUndoStack>

#include <functional>
#include <map>
#include <optional>

#include "data/assumptions.h"
#include "data/dataset.h"

namespace ffui {

class ScenarioDocument : public QObject {
    Q_OBJECT
public:
    explicit ScenarioDocument(const ff::DataSet &data, QObject *parent = nullptr);

    const ff::DataSet &data() const { return *mData; }
    const ff::Scenario &scenario() const { return mScenario; }
    // The value the model uses: the scenario's override or the default. Unknown names give NaN.
    double value(const QString &name) const;
    QString targetModel() const; // the data's default target when the scenario names none
    QUndoStack *undoStack() { return &mUndo; }

    // Undoable edits. Changes of the same assumption merge until endInteraction(), so a slider drag
    // is one undo step. Returns false (and says why) for a value outside the allowed range.
    bool setAssumption(const QString &name, double value, QString *error = nullptr);
    bool setTargetModel(const QString &model, QString *error = nullptr);
    // What Sonnet-class quality is measured by ("general" or "coding"); undoable. Refused (with
    // *error) when the check (setLoadCheck) says the data cannot forecast on it (too few scores).
    bool setYardstick(ff::Yardstick yardstick, QString *error = nullptr);
    // The date the forecast is made from; nullopt: the newest data. Refused (with *error) when the
    // target was released after it. Undoable.
    bool setAsOf(std::optional<double> asOf, QString *error = nullptr);
    void replaceScenario(const ff::Scenario &s, const QString &undoText); // presets, reset to defaults
    // Other data under the same document (an import, its undo or redo): the scenario becomes
    // `carried` (no step of its own: the data step is the step), the pin goes (it was computed on the
    // old data) and the undo history stays. A scenario step whose values `fits` refuses is dropped
    // (made obsolete: undo and redo skip it); their texts are returned for a note. Emits nothing:
    // the caller recomputes once the views are on the new data.
    QStringList rebind(const ff::DataSet &data, const ff::Scenario &carried, const std::function<bool(const ff::Scenario &)> &fits);
    void endInteraction() { ++mSession; }

    // Files: not undoable. A failed load or save leaves the document as it was.
    // `check` (if set) is asked before a loaded scenario or another yardstick is taken: an empty answer accepts it, any
    // other text is the reason it cannot be forecast (an as-of the data cannot be fitted at, a
    // target released after it), and the load fails with it.
    void setLoadCheck(std::function<QString(const ff::Scenario &)> check) { mLoadCheck = std::move(check); }
    void newScenario();
    // warnings (when not null) receives what the file reader noted (unknown keys, an old file's
    // "coding" read as coding_verified).
    bool load(const QString &path, QString *error, QStringList *warnings = nullptr);
    bool save(const QString &path, QString *error);
    QString filePath() const { return mFilePath; }
    QString displayName() const; // file name, or "Untitled"
    // Differs from the file (or, untitled, from the defaults): values, target, date or pin. An edit
    // that brings the scenario back (Reset to Defaults on a default file, a drag back) is clean again.
    bool isModified() const { return mModified; }
    // What is on disk now (after a save, a load or New): the reference isModified() compares with.
    void markClean();

    // Compare: a scenario pinned to compare the current one with. Saved in the scenario file (its
    // "compare" object) and read back by load(); pinning or unpinning modifies the document.
    const std::optional<ff::Scenario> &pinned() const { return mPinned; }
    void setPinned(const std::optional<ff::Scenario> &pinned);

    static QString defaultScenarioName();

    // Names: the scenario this one came from, found by its name (the preset applied, the file opened
    // or saved, else the defaults under that name), and the name a reader tells it by: the origin's
    // name while nothing changed, else the changed assumptions (model/report/compare.h scenarioLabel).
    void addOrigin(const ff::Scenario &origin);
    ff::Scenario origin() const;
    QString label() const;

signals:
    void changed(); // the scenario's values, target or name changed
    void filePathChanged(const QString &path);
    void pinnedChanged();
    void modifiedChanged(bool modified);

private:
    friend class ChangeScenarioCommand;
    void apply(const ff::Scenario &s);
    void setFilePath(const QString &path);
    void refreshModified();
    bool sameAsSaved() const;

    const ff::DataSet *mData;
    std::function<QString(const ff::Scenario &)> mLoadCheck;
    ff::Scenario mScenario;
    QString mFilePath;
    QUndoStack mUndo;
    int mSession = 0;
    std::optional<ff::Scenario> mPinned;
    ff::Scenario mSaved;
    std::optional<ff::Scenario> mSavedPinned;
    std::map<std::string, ff::Scenario> mOrigins; // by name
    bool mModified = false;
};

} // namespace ffui

#pragma once
// Where the user data layer (model/files/userdata.h) lives and how it changes: the folder is
// $FF_DATA_HOME when set (tests), else the platform's app data folder (QStandardPaths); the file is
// replaced atomically (OutputFile: QSaveFile), so a failed write leaves the previous layer.
//
// One writer at a time: every change (an import, "Use shipped data only", removing an import, an
// undo or a redo) takes the layer's lock (userdatafile.h), re-reads the file, applies itself to
// what it read (an import made meanwhile by the command line is kept: merged, and said so) and
// writes. Steps are QUndoStack commands that work by import id, so undoing an import removes that
// import and nothing another program added. A change of the file made elsewhere (a file watcher)
// is read back at once and said so (externalChange).
#include <QObject>
#include <QPointer>
#include <QUndoStack>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "files/userdata.h"
#include "userdatafile.h"

QT_BEGIN_NAMESPACE
class QFileSystemWatcher;
class QUndoStack;
QT_END_NAMESPACE

namespace ff {
class Engine;
}

namespace ffui {

class UserDataStore : public QObject {
    Q_OBJECT
public:
    // Loads the shipped data with the layer of `home` on top; a broken layer is refused (layerError())
    // and the shipped data loads alone. A broken shipped directory throws ff::DataError.
    UserDataStore(const QString &shippedDir, const QString &home, QObject *parent = nullptr);
    ~UserDataStore() override;

    std::shared_ptr<const ff::Engine> engine() const { return mEngine; }
    const ff::UserLayer &layer() const { return mLayer; }
    QString home() const { return mHome; }
    QString layerFile() const;
    QString shippedDir() const { return mShippedDir; }
    // Why the layer found at start (or read back after a change elsewhere) was refused (empty: it was not).
    QString layerError() const { return mLayerError; }
    // Where the steps go: the store's own stack, or the one set by setUndoStack() while it exists.
    QUndoStack *undoStack() const { return mShared ? mShared.data() : mUndo; }
    // The window's one undo history (its scenario document's stack): data steps are pushed there,
    // so Edit > Undo undoes an import. Null: back to the store's own stack.
    void setUndoStack(QUndoStack *stack) { mShared = stack; }
    // The refitted calibration's cache in the data home (what the command line uses too).
    const ff::CalibrationCache &calibrationCache() const { return mCache; }

    // One undoable step each; false with *error when refused (nothing changes then).
    bool addImport(const ff::UserImport &import, const QString &what, QString *error,
                   std::shared_ptr<const ff::Engine> engineHint = nullptr, const ff::UserLayer *hintLayer = nullptr);
    bool removeImport(const std::string &id, const QString &what, QString *error);
    bool setShippedOnly(bool on, const QString &what, QString *error);
    // The whole layer replaced by `next` (undo puts the previous one back).
    bool change(const ff::UserLayer &next, const QString &what, QString *error);

    // Reads the file again; when it changed since this store last read or wrote it, takes it on and
    // emits externalChange. Called by the file watcher; public for tests.
    void reloadFromDisk();

    // The same layer on another shipped directory (File > Open Data Directory). Throws ff::DataError.
    std::shared_ptr<const ff::Engine> engineFor(const QString &shippedDir) const;
    void setShippedDir(const QString &dir, std::shared_ptr<const ff::Engine> engine);

    // A layer change as a function of the layer on disk (the re-read under the lock).
    using Op = std::function<ff::UserLayer(const ff::UserLayer &)>;
    // Applies `op` under the lock: re-read, op, check (the data and the forecast accept it), write.
    // *merged: the file had changed since this store last saw it.
    bool apply(const Op &op, QString *error, bool *merged = nullptr);

signals:
    // The layer changed (a step, an undo, a redo, a change elsewhere): engine() is the new one.
    void changed();
    // A change made elsewhere was read back, or merged into a step: what to tell the user.
    void externalChange(const QString &message);

private:
    bool push(Op redo, Op undo, const QString &what, QString *error);
    std::shared_ptr<const ff::Engine> engineForLayer(const ff::UserLayer &layer, const std::string &text);
    void watch();

    QString mShippedDir, mHome, mLayerError;
    ff::UserLayer mLayer;
    std::optional<std::string> mSeenText; // the file's text as this store last read or wrote it (nullopt: no file)
    std::shared_ptr<const ff::Engine> mEngine;
    std::map<std::size_t, std::pair<std::string, std::shared_ptr<const ff::Engine>>> mEngines; // by the layer text's hash (a few)
    ff::CalibrationCache mCache;
    QUndoStack *mUndo = nullptr;
    QPointer<QUndoStack> mShared;
    QFileSystemWatcher *mWatcher = nullptr;
};

} // namespace ffui

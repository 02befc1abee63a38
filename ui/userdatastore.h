#pragma once
// Where the user data layer (model/userdata.h) lives and how it changes: the folder is
// $FF_DATA_HOME when set (tests), else the platform's app data folder (QStandardPaths); the file is
// replaced atomically (OutputFile: QSaveFile), so a failed write leaves the previous layer. Every
// change (an import, "Use shipped data only", removing an import) is one step of the store's
// QUndoStack, and undoing it puts back the previous file byte for byte (or removes it).
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <string>

#include "userdata.h"
#include "userdatafile.h"

QT_BEGIN_NAMESPACE
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
    // Why the layer found at start was refused (empty: it was not).
    QString layerError() const { return mLayerError; }
    QUndoStack *undoStack() const { return mUndo; }

    // Validates `next` (the data and the forecast accept it), then pushes it as one undoable step
    // named `what`. False with *error when refused; nothing changes then.
    bool change(const ff::UserLayer &next, const QString &what, QString *error);
    // The same layer on another shipped directory (File > Open Data Directory). Throws ff::DataError.
    std::shared_ptr<const ff::Engine> engineFor(const QString &shippedDir) const;
    void setShippedDir(const QString &dir, std::shared_ptr<const ff::Engine> engine);

signals:
    // The layer changed (a step, an undo or a redo): engine() is the new one.
    void changed();

private:
    friend class LayerCommand;
    // Puts a state in place: the file's text (nullopt: no file) and its engine.
    bool setState(const ff::UserLayer &layer, const std::optional<std::string> &text, std::shared_ptr<const ff::Engine> engine,
                  QString *error);
    std::optional<std::string> currentText() const;

    QString mShippedDir, mHome, mLayerError;
    ff::UserLayer mLayer;
    std::shared_ptr<const ff::Engine> mEngine;
    QUndoStack *mUndo = nullptr;
};

} // namespace ffui

#include "userdatastore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QUndoCommand>
#include <QUndoStack>

#include "forecast.h"
#include "outputfile.h"
#include "qtstrings.h"

namespace ffui {

// One change of the layer: both states with their file text and engine, so undo and redo put back
// exactly what was there.
class LayerCommand : public QUndoCommand {
public:
    struct State {
        ff::UserLayer layer;
        std::optional<std::string> text;
        std::shared_ptr<const ff::Engine> engine;
    };
    LayerCommand(UserDataStore *store, State before, State after, const QString &what)
        : QUndoCommand(what), mStore(store), mBefore(std::move(before)), mAfter(std::move(after))
    {
    }
    void redo() override { mStore->setState(mAfter.layer, mAfter.text, mAfter.engine, nullptr); }
    void undo() override { mStore->setState(mBefore.layer, mBefore.text, mBefore.engine, nullptr); }

private:
    UserDataStore *mStore;
    State mBefore, mAfter;
};

UserDataStore::UserDataStore(const QString &shippedDir, const QString &home, QObject *parent)
    : QObject(parent), mShippedDir(QDir(shippedDir).absolutePath()), mHome(home), mUndo(new QUndoStack(this))
{
    mUndo->setObjectName(QStringLiteral("userDataUndoStack"));
    const ff::LayeredData ld = ff::loadLayeredData(mShippedDir.toStdString(), mHome.toStdString());
    mEngine = ld.engine;
    mLayer = ld.layer;
    mLayerError = qs(ld.layerError);
}

UserDataStore::~UserDataStore() = default;

QString UserDataStore::layerFile() const { return qs(ff::userLayerPath(mHome.toStdString())); }

std::optional<std::string> UserDataStore::currentText() const
{
    QFile f(layerFile());
    if (!f.exists())
        return std::nullopt;
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return f.readAll().toStdString();
}

bool UserDataStore::change(const ff::UserLayer &next, const QString &what, QString *error)
{
    if (!mLayerError.isEmpty()) {
        if (error)
            *error = tr("%1 was refused at start and is kept as it is; correct or remove it first.\n\n%2")
                         .arg(QDir::toNativeSeparators(layerFile()), mLayerError);
        return false;
    }
    std::shared_ptr<const ff::Engine> engine;
    try {
        engine = ff::layeredData(mShippedDir.toStdString(), mHome.toStdString(), next).engine;
    } catch (const std::exception &e) {
        if (error)
            *error = qs(e.what());
        return false;
    }
    LayerCommand::State before{mLayer, currentText(), mEngine};
    LayerCommand::State after{next, ff::userLayerText(next), engine};
    // The file is written before the step is pushed: a failed write refuses the step.
    QString writeError;
    if (!writeUserLayer(mHome, next, &writeError)) {
        if (error)
            *error = writeError;
        return false;
    }
    mUndo->push(new LayerCommand(this, std::move(before), std::move(after), what)); // redo() sets the same state again: cheap
    return true;
}

bool UserDataStore::setState(const ff::UserLayer &layer, const std::optional<std::string> &text, std::shared_ptr<const ff::Engine> engine,
                             QString *error)
{
    QString err;
    bool ok = true;
    if (text) {
        if (currentText() != text) {
            QDir().mkpath(mHome);
            ok = OutputFile::write(layerFile(), *text, &err);
        }
    } else if (QFile::exists(layerFile())) {
        ok = QFile::remove(layerFile());
        err = tr("%1: cannot remove the file").arg(QDir::toNativeSeparators(layerFile()));
    }
    if (!ok && error)
        *error = err;
    if (!ok)
        qWarning("%s", qPrintable(err));
    mLayer = layer;
    mEngine = std::move(engine);
    emit changed();
    return ok;
}

std::shared_ptr<const ff::Engine> UserDataStore::engineFor(const QString &shippedDir) const
{
    if (!mLayerError.isEmpty())
        return ff::layeredData(QDir(shippedDir).absolutePath().toStdString(), std::string(), ff::UserLayer{}).engine;
    return ff::layeredData(QDir(shippedDir).absolutePath().toStdString(), mHome.toStdString(), mLayer).engine;
}

void UserDataStore::setShippedDir(const QString &dir, std::shared_ptr<const ff::Engine> engine)
{
    mShippedDir = QDir(dir).absolutePath();
    mEngine = std::move(engine);
    mUndo->clear(); // the steps' engines belong to the old directory
}

} // namespace ffui

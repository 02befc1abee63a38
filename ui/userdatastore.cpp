#include "userdatastore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileSystemWatcher>
#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

#include "solver/forecast.h"
#include "outputfile.h"
#include "qtstrings.h"

namespace ffui {

// One change of the layer, as operations on whatever the file holds when it runs (by import id):
// undo and redo re-read the file under the lock and apply themselves to it.
class LayerCommand : public QUndoCommand {
public:
    LayerCommand(UserDataStore *store, UserDataStore::Op redo, UserDataStore::Op undo, const QString &what)
        : QUndoCommand(what), mStore(store), mRedo(std::move(redo)), mUndo(std::move(undo))
    {
    }
    void redo() override
    {
        if (mFirst) { // applied by push() already (a failure there refuses the step)
            mFirst = false;
            return;
        }
        run(mRedo);
    }
    void undo() override { run(mUndo); }

private:
    void run(const UserDataStore::Op &op)
    {
        QString error;
        if (!mStore->apply(op, &error)) {
            qWarning("%s", qPrintable(error));
            emit mStore->externalChange(QCoreApplication::translate("ffui::UserDataStore", "Imported data not changed: %1").arg(error));
        }
    }
    UserDataStore *mStore;
    UserDataStore::Op mRedo, mUndo;
    bool mFirst = true;
};

UserDataStore::UserDataStore(const QString &shippedDir, const QString &home, QObject *parent)
    : QObject(parent), mShippedDir(QDir(shippedDir).absolutePath()), mHome(home), mCache(ffui::calibrationCache(home)), mUndo(new QUndoStack(this))
{
    mUndo->setObjectName(QStringLiteral("userDataUndoStack"));
    mSeenText = readUserLayerText(mHome);
    const ff::LayeredData ld = ff::loadLayeredData(mShippedDir.toStdString(), mHome.toStdString(), &mCache);
    mEngine = ld.engine;
    mLayer = ld.layer;
    mLayerError = qs(ld.layerError);
    watch();
}

UserDataStore::~UserDataStore() = default;

QString UserDataStore::layerFile() const { return qs(ff::userLayerPath(mHome.toStdString())); }

void UserDataStore::watch()
{
    if (mHome.isEmpty())
        return;
    if (!mWatcher) {
        mWatcher = new QFileSystemWatcher(this);
        // The file is replaced by a rename: the folder's change is what is seen.
        connect(mWatcher, &QFileSystemWatcher::directoryChanged, this, [this] { reloadFromDisk(); });
        connect(mWatcher, &QFileSystemWatcher::fileChanged, this, [this] { reloadFromDisk(); });
    }
    if (QDir(mHome).exists() && !mWatcher->directories().contains(mHome))
        mWatcher->addPath(mHome);
    if (QFile::exists(layerFile()) && !mWatcher->files().contains(layerFile()))
        mWatcher->addPath(layerFile());
}

std::shared_ptr<const ff::Engine> UserDataStore::engineForLayer(const ff::UserLayer &layer, const std::string &text)
{
    const std::size_t h = std::hash<std::string>()(text);
    if (auto it = mEngines.find(h); it != mEngines.end() && it->second.first == text)
        return it->second.second;
    auto engine = ff::layeredData(mShippedDir.toStdString(), mHome.toStdString(), layer, &mCache).engine;
    if (mEngines.size() >= 4)
        mEngines.erase(mEngines.begin());
    mEngines[h] = {text, engine};
    return engine;
}

bool UserDataStore::apply(const Op &op, QString *error, bool *merged)
{
    if (!mLayerError.isEmpty()) {
        if (error)
            *error = tr("%1 was refused at start and is kept as it is; correct or remove it first.\n\n%2")
                         .arg(QDir::toNativeSeparators(layerFile()), mLayerError);
        return false;
    }
    UserLayerLock lock(mHome);
    if (!lock.lock(error, 30000))
        return false;
    const std::optional<std::string> diskText = readUserLayerText(mHome);
    ff::UserLayer disk;
    try {
        disk = diskText ? ff::parseUserLayer(*diskText, layerFile().toStdString()) : ff::UserLayer{};
    } catch (const ff::DataError &e) {
        if (error)
            *error = tr("%1 was changed elsewhere and cannot be read; it is kept as it is.\n\n%2").arg(QDir::toNativeSeparators(layerFile()), qs(e.what()));
        return false;
    }
    const bool external = diskText != mSeenText;
    ff::UserLayer next;
    std::string text;
    std::shared_ptr<const ff::Engine> engine;
    try {
        next = op(disk);
        text = ff::checkedUserLayerText(next, layerFile().toStdString());
        engine = engineForLayer(next, text);
    } catch (const std::exception &e) {
        if (error)
            *error = qs(ff::printable(e.what()));
        return false;
    }
    // No imports left and nothing to remember: no file (as before the first import).
    const bool noFile = next.imports.empty() && !next.useShippedOnly;
    if (noFile ? !removeUserLayer(mHome, error) : (diskText != text && !writeUserLayer(mHome, next, error)))
        return false;
    mSeenText = noFile ? std::nullopt : std::optional<std::string>(text);
    lock.unlock();
    if (merged)
        *merged = external;
    mLayer = next;
    mEngine = engine;
    watch();
    emit changed();
    if (external)
        emit externalChange(tr("The imported data had been changed by another program; the change is kept and merged with this one."));
    return true;
}

bool UserDataStore::push(Op redo, Op undo, const QString &what, QString *error)
{
    if (!apply(redo, error))
        return false;
    undoStack()->push(new LayerCommand(this, std::move(redo), std::move(undo), what));
    return true;
}

bool UserDataStore::addImport(const ff::UserImport &import, const QString &what, QString *error, std::shared_ptr<const ff::Engine> engineHint,
                              const ff::UserLayer *hintLayer)
{
    if (engineHint && hintLayer) {
        // The preview's engine for the same layer: no second refit when nothing changed meanwhile.
        try {
            const std::string text = ff::userLayerText(*hintLayer);
            mEngines[std::hash<std::string>()(text)] = {text, engineHint};
        } catch (const std::exception &) {
        }
    }
    // The id is fixed by the first run (unique in the layer it joins); undo removes that id, redo puts it back.
    auto id = std::make_shared<std::string>();
    auto added = std::make_shared<ff::UserImport>(import);
    Op redo = [id, added](const ff::UserLayer &l) {
        if (!id->empty() && l.find(*id))
            return l;
        ff::UserLayer n = ff::withImport(l, *added);
        if (id->empty()) {
            *id = n.imports.back().id;
            *added = n.imports.back();
        } else {
            n.imports.back().id = *id; // the same import again
        }
        return n;
    };
    Op undo = [id](const ff::UserLayer &l) { return ff::withoutImport(l, *id); };
    return push(redo, undo, what, error);
}

bool UserDataStore::removeImport(const std::string &id, const QString &what, QString *error)
{
    const ff::UserImport *u = mLayer.find(id);
    if (!u) {
        if (error)
            *error = tr("no import \"%1\"").arg(qs(id));
        return false;
    }
    const ff::UserImport removed = *u;
    const std::size_t at = static_cast<std::size_t>(u - mLayer.imports.data());
    Op redo = [id](const ff::UserLayer &l) { return ff::withoutImport(l, id); };
    Op undo = [removed, at](const ff::UserLayer &l) {
        if (l.find(removed.id))
            return l;
        ff::UserLayer n = l;
        n.imports.insert(n.imports.begin() + static_cast<std::ptrdiff_t>(std::min(at, n.imports.size())), removed);
        return n;
    };
    return push(redo, undo, what, error);
}

bool UserDataStore::setShippedOnly(bool on, const QString &what, QString *error)
{
    const bool before = mLayer.useShippedOnly;
    return push([on](const ff::UserLayer &l) { return ff::withShippedOnly(l, on); },
                [before](const ff::UserLayer &l) { return ff::withShippedOnly(l, before); }, what, error);
}

bool UserDataStore::change(const ff::UserLayer &next, const QString &what, QString *error)
{
    const ff::UserLayer before = mLayer;
    return push([next](const ff::UserLayer &) { return next; }, [before](const ff::UserLayer &) { return before; }, what, error);
}

void UserDataStore::reloadFromDisk()
{
    watch(); // a replaced file is a new file to watch
    const std::optional<std::string> text = readUserLayerText(mHome);
    if (text == mSeenText)
        return;
    mSeenText = text;
    try {
        const ff::UserLayer layer = text ? ff::parseUserLayer(*text, layerFile().toStdString()) : ff::UserLayer{};
        const auto engine = engineForLayer(layer, ff::userLayerText(layer));
        mLayer = layer;
        mEngine = engine;
        mLayerError.clear();
    } catch (const std::exception &e) {
        // Kept as it is: the window goes on with what it had, and says why.
        emit externalChange(tr("The imported data was changed by another program and is refused (the window keeps what it had): %1")
                                .arg(qs(ff::printable(e.what()))));
        return;
    }
    emit changed();
    emit externalChange(tr("The imported data was changed by another program and read again: %n import(s).", nullptr,
                           static_cast<int>(mLayer.imports.size())));
}

std::shared_ptr<const ff::Engine> UserDataStore::engineFor(const QString &shippedDir) const
{
    if (!mLayerError.isEmpty())
        return ff::layeredData(QDir(shippedDir).absolutePath().toStdString(), std::string(), ff::UserLayer{}).engine;
    return ff::layeredData(QDir(shippedDir).absolutePath().toStdString(), mHome.toStdString(), mLayer, &mCache).engine;
}

void UserDataStore::setShippedDir(const QString &dir, std::shared_ptr<const ff::Engine> engine)
{
    mShippedDir = QDir(dir).absolutePath();
    mEngine = std::move(engine);
    mEngines.clear();
    undoStack()->clear(); // the steps were checked on the old directory
}

} // namespace ffui

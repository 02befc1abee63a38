#include "userdatafile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>

#include "outputfile.h"
#include "qtstrings.h"

namespace ffui {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("ffui::UserDataStore", s); }
QString layerPath(const QString &home) { return qs(ff::userLayerPath(home.toStdString())); }
} // namespace

QString defaultDataHome()
{
    const QByteArray env = qgetenv("FF_DATA_HOME");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

UserLayerLock::UserLayerLock(const QString &home) : mHome(home) {}

UserLayerLock::~UserLayerLock() = default;

bool UserLayerLock::lock(QString *error, int timeoutMs)
{
    if (mLock && mLock->isLocked())
        return true;
    if (mHome.isEmpty()) {
        if (error)
            *error = tr("no user data folder");
        return false;
    }
    if (!QDir().mkpath(mHome)) {
        if (error)
            *error = tr("%1: cannot create the folder").arg(QDir::toNativeSeparators(mHome));
        return false;
    }
    mLock = std::make_unique<QLockFile>(layerPath(mHome) + QStringLiteral(".lock"));
    // A writer holds it for the length of one import (a refit: seconds); a lock left by a killed
    // program is taken over once its process is gone (QLockFile checks the pid) or after 10 minutes.
    mLock->setStaleLockTime(10 * 60 * 1000);
    if (mLock->tryLock(timeoutMs))
        return true;
    if (error) {
        qint64 pid = 0;
        QString host, app;
        const QString path = QDir::toNativeSeparators(layerPath(mHome) + QStringLiteral(".lock"));
        if (mLock->error() == QLockFile::LockFailedError && mLock->getLockInfo(&pid, &host, &app))
            *error = tr("%1: another program (%2, process %3) is changing the imported data; try again when it is done")
                         .arg(path, app)
                         .arg(pid);
        else
            *error = tr("%1: cannot take the lock of the imported data (%2)")
                         .arg(path, mLock->error() == QLockFile::PermissionError ? tr("no permission to write in the folder") : tr("lock error"));
    }
    return false;
}

void UserLayerLock::unlock()
{
    if (mLock)
        mLock->unlock();
}

bool UserLayerLock::isLocked() const { return mLock && mLock->isLocked(); }

std::optional<std::string> readUserLayerText(const QString &home)
{
    QFile f(layerPath(home));
    if (!f.exists() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    return f.readAll().toStdString();
}

namespace {
// A layer file without write permission is the user's choice: refused, not replaced (root could).
bool refuseReadOnly(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.exists())
        return false;
    // The mode's bits (WriteUser is "this user may write", always true for root).
    const QFileDevice::Permissions w = QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    if (info.isFile() && !(info.permissions() & w)) {
        if (error)
            *error = tr("%1: the file is read-only; nothing was written (make it writable to change the imported data)")
                         .arg(QDir::toNativeSeparators(path));
        return true;
    }
    return false;
}
} // namespace

bool writeUserLayer(const QString &home, const ff::UserLayer &layer, QString *error)
{
    if (home.isEmpty()) {
        if (error)
            *error = tr("no user data folder");
        return false;
    }
    if (!QDir().mkpath(home)) {
        if (error)
            *error = tr("%1: cannot create the folder").arg(QDir::toNativeSeparators(home));
        return false;
    }
    const QString path = layerPath(home);
    if (refuseReadOnly(path, error))
        return false;
    std::string text;
    try {
        text = ff::checkedUserLayerText(layer, path.toStdString());
    } catch (const ff::DataError &e) {
        if (error)
            *error = qs(ff::printable(e.what()));
        return false;
    }
    return OutputFile::write(path, text, error);
}

bool removeUserLayer(const QString &home, QString *error)
{
    const QString path = layerPath(home);
    if (!QFile::exists(path))
        return true;
    if (refuseReadOnly(path, error))
        return false;
    if (!QFile::remove(path)) {
        if (error)
            *error = tr("%1: cannot remove the file").arg(QDir::toNativeSeparators(path));
        return false;
    }
    return true;
}

bool updateUserLayer(const QString &home, const std::function<std::optional<ff::UserLayer>(const ff::UserLayer &)> &change, QString *error,
                     ff::UserLayer *written)
{
    UserLayerLock lock(home);
    if (!lock.lock(error))
        return false;
    ff::UserLayer current;
    std::optional<ff::UserLayer> next;
    try {
        current = ff::loadUserLayer(home.toStdString());
        next = change(current);
    } catch (const ff::DataError &e) {
        if (error)
            *error = qs(ff::printable(e.what()));
        return false;
    }
    if (!next) {
        if (written)
            *written = current;
        return true;
    }
    if (!writeUserLayer(home, *next, error))
        return false;
    if (written)
        *written = *next;
    return true;
}

ff::CalibrationCache calibrationCache(const QString &home)
{
    ff::CalibrationCache c;
    if (home.isEmpty())
        return c;
    const QString path = QDir(home).filePath(QString::fromLatin1(ff::kCalibrationCacheFile));
    c.read = [path]() -> std::optional<std::string> {
        if (!QFile::exists(path))
            return std::nullopt;
        return ff::readFileCapped(QFile::encodeName(path).toStdString(), 16u << 20);
    };
    c.write = [home, path](const std::string &text) {
        if (QDir().mkpath(home))
            OutputFile::write(path, text, nullptr);
    };
    return c;
}

} // namespace ffui

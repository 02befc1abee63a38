#include "outputfile.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ffui {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("OutputFile", text); }
} // namespace

OutputFile::OutputFile(const QString &path) : mPath(path), mSave(path) {}

bool OutputFile::open()
{
    mError.clear();
    const QFileInfo info(mPath); // follows symbolic links
    if (info.exists() && !info.isFile()) {
        if (info.isDir()) {
            mError = tr("it is a directory");
            return false;
        }
        // Non-blocking: a FIFO without a reader fails at once (ENXIO) instead of hanging.
        const int fd = ::open(QFile::encodeName(mPath).constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) {
            const int e = errno;
            mError = e == ENXIO ? tr("it is a pipe that no program is reading") : QString::fromLocal8Bit(std::strerror(e));
            return false;
        }
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
            ::close(fd);
            mError = tr("it is not a regular file, a pipe or a device");
            return false;
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        if (!mDirect.open(fd, QIODevice::WriteOnly | QIODevice::Unbuffered, QFileDevice::AutoCloseHandle)) {
            ::close(fd);
            mError = mDirect.errorString();
            return false;
        }
        mDirectMode = true;
        return true;
    }
    mReplacing = info.exists() && info.isFile();
    if (mReplacing)
        mKeepPermissions = info.permissions();
    if (!mSave.open(QIODevice::WriteOnly)) {
        mError = mSave.errorString();
        return false;
    }
    return true;
}

QIODevice *OutputFile::device() { return mDirectMode ? static_cast<QIODevice *>(&mDirect) : &mSave; }

bool OutputFile::commit()
{
    if (mDirectMode) {
        const bool ok = mDirect.error() == QFileDevice::NoError && mDirect.flush();
        if (!ok)
            mError = mDirect.errorString();
        mDirect.close();
        return ok;
    }
    // Flush first and check: QSaveFile::commit() (Qt 6.4) ignores a failure of the final flush
    // of its buffer and renames the truncated temporary over the old file (seen with a file size
    // limit: a 1.5 KB scenario saved as its first 64 bytes).
    if (!mSave.flush()) {
        mError = mSave.errorString();
        mSave.cancelWriting();
        return false;
    }
    // The replacement takes the replaced file's permissions (QSaveFile's temporary file has the
    // umask's: a 0444 or 0600 file would come back 0644).
    if (mReplacing)
        mSave.setPermissions(mKeepPermissions);
    if (!mSave.commit()) {
        mError = mSave.errorString();
        return false;
    }
    return true;
}

void OutputFile::cancel()
{
    if (mDirectMode)
        mDirect.close();
    else
        mSave.cancelWriting();
}

bool OutputFile::write(const QString &path, const QByteArray &bytes, QString *error)
{
    OutputFile f(path);
    if (!f.open() || f.device()->write(bytes) != bytes.size() || !f.commit()) {
        if (f.mError.isEmpty())
            f.mError = f.device()->errorString();
        f.cancel();
        if (error)
            *error = f.mError;
        return false;
    }
    return true;
}

bool OutputFile::write(const QString &path, const std::string &bytes, QString *error)
{
    return write(path, QByteArray::fromRawData(bytes.data(), static_cast<qsizetype>(bytes.size())), error);
}

} // namespace ffui

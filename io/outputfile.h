#pragma once
// Where every save and export writes. A new or regular file is written atomically (QSaveFile: a
// failed write leaves the old bytes in place). An existing target that is not a regular file is
// never replaced by a rename: a FIFO or a character device (/dev/null, a terminal, a pipe that a
// program reads) is written directly; a directory, a socket or a FIFO nobody reads is refused.
// A replaced regular file keeps its permissions.
#include <QFile>
#include <QSaveFile>
#include <QString>

#include <string>

namespace ffui {

class OutputFile {
public:
    explicit OutputFile(const QString &path);
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    bool open();             // false: see errorString()
    QIODevice *device();     // valid after a successful open()
    bool commit();           // the bytes are in place (atomic for a regular file)
    void cancel();           // a regular file keeps its old content
    bool isDirect() const { return mDirectMode; }
    QString errorString() const { return mError; }

    // open + write + commit; on failure *error says why and names the path.
    static bool write(const QString &path, const QByteArray &bytes, QString *error);
    static bool write(const QString &path, const std::string &bytes, QString *error);

private:
    QString mPath;
    QSaveFile mSave;
    QFile mDirect;
    bool mDirectMode = false;
    QString mError;
    QFileDevice::Permissions mKeepPermissions; // a replaced regular file's (0: a new file)
    bool mReplacing = false;
};

} // namespace ffui

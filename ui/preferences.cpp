#include "preferences.h"

#include <QDir>
#include <QFileInfo>

namespace ffui::prefs {

void addRecentFile(const QString &path)
{
    const QString abs = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles.get();
    files.removeAll(abs);
    files.prepend(abs);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    recentFiles.set(files);
    lastDirectory.set(QFileInfo(abs).absolutePath());
}

QStringList existingRecentFiles()
{
    QStringList out;
    for (const QString &f : recentFiles.get())
        if (QFileInfo::exists(f))
            out << f;
    return out;
}

QString lastDirectoryOrHome()
{
    const QString dir = lastDirectory.get();
    return !dir.isEmpty() && QFileInfo(dir).isDir() ? dir : QDir::homePath();
}

} // namespace ffui::prefs

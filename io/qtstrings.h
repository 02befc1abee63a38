#pragma once
// The text conversions every ui/ file needs: the model speaks std::string (UTF-8), the widgets
// QString. One definition, so no file keeps a copy of its own.
#include <QDir>
#include <QString>

#include <string>

namespace ffui {

// UTF-8 text from the model as a QString.
inline QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

// A path as the platform writes it, for messages.
inline QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace ffui

#pragma once
// The model speaks std::string (UTF-8); the window QString. One conversion for every ui file.
#include <QString>

#include <string>

namespace ffui {

inline QString qs(const std::string &s) { return QString::fromStdString(s); }

} // namespace ffui

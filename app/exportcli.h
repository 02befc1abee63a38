#pragma once
// `frontier-forecast export`: charts (PNG, SVG), tables (CSV) and the report (Markdown) without a window.
#include <QStringList>

namespace ffapp {

// arguments[0] is the program, arguments[1] "export". Returns the exit status: 0 done, 1 an error in
// the data or while writing, 2 a usage error (an unknown chart lists the valid names on stderr).
int runExport(const QStringList &arguments);

} // namespace ffapp

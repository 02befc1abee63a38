#pragma once
// `frontier-forecast export`: charts (PNG, SVG), tables (CSV) and the report (Markdown) without a window.
#include <QCommandLineOption>
#include <QStringList>

#include <memory>

#include "solver/forecast.h"

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

namespace ffapp {

// arguments[0] is the program, arguments[1] "export". Returns the exit status: 0 done, 1 an error in
// the data or while writing, 2 a usage error (an unknown chart lists the valid names on stderr).
int runExport(const QStringList &arguments);

} // namespace ffapp

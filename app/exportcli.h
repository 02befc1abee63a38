#pragma once
// `frontier-forecast export`: charts (PNG, SVG), tables (CSV) and the report (Markdown) without a window.
#include <QCommandLineOption>
#include <QStringList>

#include <memory>

#include "forecast.h"

QT_BEGIN_NAMESPACE
class QCommandLineParser;
QT_END_NAMESPACE

namespace ffapp {

// arguments[0] is the program, arguments[1] "export". Returns the exit status: 0 done, 1 an error in
// the data or while writing, 2 a usage error (an unknown chart lists the valid names on stderr).
int runExport(const QStringList &arguments);

// --compare FILE: a second scenario to compare with (report, export).
QCommandLineOption compareOption();
// The scenario to compare with, computed: --compare FILE, or the "compare" object saved in the
// --scenario file (the window's pin); null when neither. Bad files throw ff::DataError.
std::shared_ptr<const ff::Result> compareFrom(const QCommandLineParser &p, const ff::Engine &engine);

} // namespace ffapp

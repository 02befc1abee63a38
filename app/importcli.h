#pragma once
// `frontier-forecast import llama-bench|index|model|prices|part FILE`: rows into the user data layer
// (userlayer.h), never into the shipped data.
#include <QStringList>

namespace ffapp {

int runImport(const QStringList &arguments);

} // namespace ffapp

#pragma once
// Data loading for the window: a data directory becomes an engine, a directory is chosen, and a
// scenario is carried over to new data (the decision of what still fits is the model's,
// ff::carryScenario; this words it).
#include <QString>
#include <QStringList>

#include <memory>

#include "data/assumptions.h"

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace ff {
class Engine;
}

namespace ffui {

namespace DataLoader {

// The one place a data directory becomes an engine. Throws ff::DataError (naming the file and
// field) or another std::exception on bad data.
std::shared_ptr<const ff::Engine> load(const QString &dir);
// The same without throwing: null, with *error naming the file and field.
std::shared_ptr<const ff::Engine> load(const QString &dir, QString *error);

// Asks for a data directory, starting at `current`; empty when cancelled.
QString choose(QWidget *parent, const QString &current);

// `from` on the data of `to`: what still fits is kept; *dropped lists what was set to the new
// data's defaults, worded for a message.
ff::Scenario carry(const ff::Engine &to, const ff::Scenario &from, QStringList *dropped);

} // namespace DataLoader

} // namespace ffui

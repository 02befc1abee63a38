#pragma once
// What each presentation page (and each page of the deck) shows, in one sentence with its numbers:
// the reading of that chart or table, not the answer again (the cards carry the answer).
#include <QString>

#include "chartfactory.h"
#include "tablemodel.h"

namespace ffui {

class ForecastSession;

namespace SlideTakeaway {
QString forChart(const ForecastSession &session, ChartKind kind);
QString forTable(const ForecastSession &session, TableKind kind);
} // namespace SlideTakeaway

} // namespace ffui

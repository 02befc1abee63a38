#pragma once
// What each presentation page (and each page of the deck) shows, in one sentence with its numbers:
// the reading of that chart or table, not the answer again (the cards carry the answer).
#include <QString>

#include "chartfactory.h"
#include "tablemodel.h"

namespace ffui {

namespace SlideTakeaway {
QString forChart(const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &extras, ChartKind kind);
QString forTable(const ff::Result &r, const ff::ReportExtras &extras, TableKind kind);
} // namespace SlideTakeaway

} // namespace ffui

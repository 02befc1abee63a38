#pragma once
// The declarative tables of data/'s records (model/data/schema.h): what the loader reads and what
// data/README.md documents, from one place. calibration.json's tables are in calibrationschemas.h,
// user-data.json's in userdata.h, and the README's list of them all in schemadocs.h.
#include <string>
#include <vector>

#include "data/assumptions.h"
#include "data/crosswalk.h"
#include "data/dataset.h"
#include "data/schema.h"

namespace ff {

const std::vector<schema::Field<HardwarePart>> &hardwarePartSchema();
const std::vector<schema::Field<Measurement>> &measurementSchema();
// models.json: the quality index (read into the DataSet) and a row of open_models and of frontier_models.
const std::vector<schema::Field<DataSet>> &qualityIndexSchema();
const std::vector<schema::Field<OpenModel>> &openModelSchema();
const std::vector<schema::Field<FrontierModel>> &frontierModelSchema();

// quantization.json: the file's top level (read into the DataSet) and a level.
const std::vector<schema::Field<DataSet>> &quantizationSchema();
const std::vector<schema::Field<QuantLevel>> &quantLevelSchema();
// crosswalk.json (model/data/crosswalk.cpp): its inputs and one of their rows.
const std::vector<schema::Field<CrosswalkInputs>> &crosswalkInputsSchema();
const std::vector<schema::Field<CrosswalkRow>> &crosswalkRowSchema();

// assumptions.json: a slider, the settings block and its roadmap entry (model/data/dataset.cpp reads them).
const std::vector<schema::Field<AssumptionDef>> &assumptionSchema();
const std::vector<schema::Field<Settings>> &settingsSchema();
const std::vector<schema::Field<Settings::Roadmap>> &roadmapSchema();
// trends.json: a published figure.
const std::vector<schema::Field<TrendFigure>> &trendSchema();
// prices.json (model/data/prices.cpp; a user layer's price rows too): a RAM price, a part's entry, one of its
// prices and a product line.
const std::vector<schema::Field<PriceObservation>> &ramObservationSchema();
const std::vector<schema::Field<PriceSeries>> &partPricesSchema();
const std::vector<schema::Field<PriceObservation>> &priceObservationSchema();
const std::vector<schema::Field<ProductLine>> &productLineSchema();
// A saved scenario file (model/data/assumptions.cpp reads and writes it).
const std::vector<schema::Field<Scenario>> &scenarioSchema();

} // namespace ff

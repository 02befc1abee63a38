#pragma once
// The declarative tables of data/'s records (model/schema.h): what the loader reads and what
// data/README.md documents, from one place.
#include <string>
#include <vector>

#include "assumptions.h"
#include "calibration.h"
#include "dataset.h"
#include "schema.h"
#include "userdata.h"

namespace ff {

const std::vector<schema::Field<HardwarePart>> &hardwarePartSchema();
const std::vector<schema::Field<Measurement>> &measurementSchema();
// models.json: the quality index (read into the DataSet) and a row of open_models and of frontier_models.
const std::vector<schema::Field<DataSet>> &qualityIndexSchema();
const std::vector<schema::Field<OpenModel>> &openModelSchema();
const std::vector<schema::Field<FrontierModel>> &frontierModelSchema();
// user-data.json (model/userdata.cpp): the file, an import and a model update of an index import.
const std::vector<schema::Field<UserLayer>> &userLayerSchema();
const std::vector<schema::Field<UserImport>> &userImportSchema();
const std::vector<schema::Field<ModelUpdate>> &modelUpdateSchema();

// calibration.json's row tables (read by calibrationio.cpp and written by it from the same tables).
// An error table keyed by a family or a source, with or without the flat rule's columns.
const std::vector<schema::Field<ErrorStats>> &errorStatsSchema(bool bySource, bool withFlatRule);
const std::vector<schema::Field<DecodeCvStats>> &decodeCvSchema();
const std::vector<schema::Field<KvGenerationFit>> &kvGenerationSchema();
const std::vector<schema::Field<PrefillGenerationFit>> &prefillGenerationSchema();
const std::vector<schema::Field<PrefillFamilyFit>> &prefillFamilySchema();

// assumptions.json: a slider, the settings block and its roadmap entry (model/dataset.cpp reads them).
const std::vector<schema::Field<AssumptionDef>> &assumptionSchema();
const std::vector<schema::Field<Settings>> &settingsSchema();
const std::vector<schema::Field<Settings::Roadmap>> &roadmapSchema();
// trends.json: a published figure.
const std::vector<schema::Field<TrendFigure>> &trendSchema();
// prices.json (model/prices.cpp; a user layer's price rows too): a RAM price, a part's entry, one of its
// prices and a product line.
const std::vector<schema::Field<PriceObservation>> &ramObservationSchema();
const std::vector<schema::Field<PriceSeries>> &partPricesSchema();
const std::vector<schema::Field<PriceObservation>> &priceObservationSchema();
const std::vector<schema::Field<ProductLine>> &productLineSchema();
// A saved scenario file (model/assumptions.cpp reads and writes it).
const std::vector<schema::Field<Scenario>> &scenarioSchema();

// Every table the README documents: the file, the record's path in it and the table as Markdown.
struct SchemaDoc {
    std::string file;
    std::string record;
    std::string markdown;
};
std::vector<SchemaDoc> schemaDocs();

// The README with every generated block (between "<!-- schema FILE RECORD -->" and "<!-- /schema -->")
// replaced by its current table; `missing` names the tables the README has no block for.
std::string withSchemaTables(const std::string &readme, std::vector<std::string> &missing);

} // namespace ff

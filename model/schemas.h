#pragma once
// The declarative tables of data/'s records (model/schema.h): what the loader reads and what
// data/README.md documents, from one place.
#include <string>
#include <vector>

#include "dataset.h"
#include "schema.h"

namespace ff {

const std::vector<schema::Field<HardwarePart>> &hardwarePartSchema();
const std::vector<schema::Field<Measurement>> &measurementSchema();

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

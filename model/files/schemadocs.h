#pragma once
// The tables data/README.md documents, from every layer's declarative tables (schemas.h,
// calibrationschemas.h, userdata.h), and the README with its generated blocks made current.
#include <string>
#include <vector>

namespace ff {

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

#pragma once
// Internal to the importers (importers.cpp and import_*.cpp): the text helpers they share. Not part
// of the model's interface; ui/ and app/ use importers.h.
#include <optional>
#include <string>
#include <vector>

#include "files/importers.h"

namespace ff::importutil {

std::string lower(std::string s);
std::string trim(const std::string &s);
std::string baseName(const std::string &path);
// A number as a reader writes it (no "-0", nothing after it, finite); nullopt otherwise.
std::optional<double> number(const std::string &s);
// A range bound or a value as a reader writes it: 0.001, 1000000000, 1e-06 (never 0.000000).
std::string fmtNum(double x);
// The 1-based line of the first byte that is not UTF-8 (0: the text is UTF-8).
int firstBadUtf8Line(const std::string &s);
// Why a text the importer would store cannot be stored (empty: it can).
std::string textProblem(const std::string &v);
// A CSV header with a column named twice: the first repeated name and its two positions.
bool duplicateColumn(const std::vector<std::string> &head, std::string &name, std::size_t &a, std::size_t &b);
std::string fmt(double x, int digits);
std::string fmtSigned(double x, int digits);
// YYYY-MM-DD of a fractional year (the inverse of parseDate for a full date).
std::string formatDate(double t);
// Words of a name for matching: lower case, split at anything but letters, digits and '.'.
std::vector<std::string> tokens(const std::string &s);
// A device name without vendor and brand words: "NVIDIA GeForce RTX 4090" -> "rtx4090".
std::string deviceKey(const std::string &s);
// Line numbers of the top-level objects of a JSON array.
std::vector<int> arrayObjectLines(const std::string &text);
// A CSV import's header names no column twice; else the problem (its two positions, then `tail`)
// is added and the answer is false.
bool duplicateColumnOk(const std::vector<std::string> &head, const std::string &tail, std::vector<ImportProblem> &errors);
// Every cell of a CSV import is UTF-8; else the first bad cell's problem (its column's name, trimmed
// or as written) is added and the answer is false.
bool cellsUtf8(const std::vector<CsvRecord> &recs, bool trimNames, std::vector<ImportProblem> &errors);
// "$1,234" (rounded to the dollar).
std::string usdText(double x);

} // namespace ff::importutil

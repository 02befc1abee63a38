#pragma once
// Importers for the user data layer (model/files/userdata.h): llama.cpp's llama-bench output (JSON,
// JSONL, CSV), Epoch AI's Capabilities Index CSV export, dated prices (CSV) and buyable parts (CSV). Each reads a file's text into a
// preview: what would be added or changed, and every problem with its line and field. Nothing is
// merged unless the whole preview is valid.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "files/userdata.h"

namespace ff {

class Engine;

// A file's parameter count and the catalog model it is matched to (--model, or by name) agree
// within this share, or the row is refused with both figures.
constexpr double kParamsMatchTolerance = 0.03;

struct ImportProblem {
    int line = 0;       // 1-based line of the file (0: the whole file)
    std::string field;  // column or field name
    std::string message;
    std::string text(const std::string &file) const; // "FILE:LINE: FIELD: message"
};

// One llama-bench result as it would become a measurement.
struct BenchRow {
    int line = 0;
    std::string testLabel;   // "pp512", "tg128 @ d4096"
    bool decode = false;
    double nPrompt = 0, nGen = 0, nDepth = 0;
    double tokensPerS = 0, stddev = 0;
    std::string device;      // gpu_info (or cpu_info) as written
    std::string hardware;    // catalog part (or the new device's name)
    bool newHardware = false;
    int gpus = 1;
    std::string modelFile, modelType;
    std::string model;       // catalog model name, or the name given to a new one
    bool newModel = false;
    std::string matchedBy;   // how the model was matched
    double paramsTotalB = 0, paramsActiveB = 0, bitsPerWeight = 0;
    std::string build;       // "8cf427ff (5163)"
};

// The user's answers for what the file does not say.
struct LlamaBenchOptions {
    std::string hardware;      // a catalog part for every row (when gpu_info does not name one)
    double bandwidthGbps = 0;  // or a new device: its peak bandwidth (GB/s) and memory (GB)
    double memoryGb = 0;
    bool unified = false;      // the new device is a unified-memory system
    std::string model;         // a catalog model for every row
    std::string today;         // YYYY-MM-DD: the import's date
};

struct ImportPreview {
    std::string kind;   // "llama-bench", "index", "model", "prices" or "part"
    std::string file;
    std::string format; // json, jsonl, csv
    std::vector<ImportProblem> errors;
    std::vector<std::string> notes;   // matches made, rows skipped, what will not be fitted
    bool valid() const { return errors.empty() && import.rowCount() > 0; }
    // llama-bench
    std::vector<BenchRow> rows;
    int prefillRows = 0, decodeRows = 0, skippedRows = 0;
    // index
    int rowsRead = 0;
    std::vector<std::string> newModels;     // "Name (open|frontier, score S, released D)"
    std::vector<std::string> changedScores; // "Name: S0 -> S1"
    std::vector<std::string> changedDates;  // "Name: D0 -> D1" (with updateDates)
    std::vector<std::string> keptDates;     // the index dates a release differently; the catalog's sourced date is kept
    std::vector<std::string> unmatched;     // "line N: Model (why)"
    std::vector<std::string> unchanged;
    std::vector<std::string> waiting;       // open models added without parameter counts: waiting for `import model`
    // prices, part: each row as it will be added ("line 2: RTX 5090 street 2026-03-10 $1,899 (source)")
    std::vector<std::string> listed;
    UserImport import; // what would be added (id left for withImport)
};

// RFC 4180 CSV: quoted fields with "" escapes and newlines inside quotes, LF or CRLF. Each record
// with the line it starts on. A quote left open is a problem at the line it opened.
struct CsvRecord {
    int line = 0;
    std::vector<std::string> cells;
};
std::vector<CsvRecord> parseCsv(const std::string &text, std::vector<ImportProblem> &problems);

ImportPreview previewLlamaBench(const DataSet &d, const std::string &text, const std::string &file, const LlamaBenchOptions &o);
// Scores of catalog models are updated; their release dates only with updateDates (the catalog's
// dates are curated: the index often dates an announcement, the catalog the public weights).
// Rows not in the catalog released after the data's newest date become new models.
ImportPreview previewIndex(const DataSet &d, const std::string &text, const std::string &file, const std::string &today,
                           bool updateDates = false);

// A source a reader can open: an http(s) URL with a host (text may follow after a space), or
// "owner/repo path @commit" (github.com/ optional; the commit 7-40 hex digits); never a private
// index's identifier ("file id", "corpus") or "as recalled". Empty when it is one, else why not.
std::string publicAddressProblem(const std::string &source);

// Dated prices of parts of the data, one a line (CSV with a header row): part, date (YYYY-MM-DD or
// YYYY-MM, not after today, not before the part's release), usd (1 to 1,000,000), kind (launch,
// street or used, as prices.json names them), source (a public address). A part must be sold in the
// data (a launch price). A row repeated in the file (part, date and kind) or already in the data
// (the same price too) is refused.
ImportPreview previewPrices(const DataSet &d, const std::string &text, const std::string &file, const std::string &today);
// Buyable parts, one a line (CSV with a header row), with hardware.json's fields: name, kind (gpu or
// unified), family, released, launch_price_usd, memory_gb, bandwidth_gbps, prefill_tops,
// prefill_tops_kind, arch_family, source; optional full_name, vendor, fp16_tflops,
// fp16_tflops_kind, new_supply_ended. Within hardware.json's ranges and kMaxParts.
ImportPreview previewPart(const DataSet &d, const std::string &text, const std::string &file, const std::string &today);

// What an import changes: the calibration and the default answer before and after, and how far the
// imported runs are from the calibrated prediction (before and after the refit).
struct RowCheck {
    int line = 0;
    std::string label;        // "RTX 4080 / Qwen2.5-Coder-7B tg128"
    bool decode = true;
    bool fitted = false;      // the refit used it
    double measured = 0;
    double predictedBefore = 0, predictedAfter = 0; // 0: no prediction (device without a compute figure)
};
struct ImportImpact {
    Calibration before, after;
    std::vector<RowCheck> rows;
    double medianErrorBeforePct = 0, medianErrorAfterPct = 0; // |predicted/measured - 1| over rows with a prediction
    std::string taskBefore, taskAfter, fullBefore, fullAfter; // "projected 2027-08 (RTX 5090)"
    double taskYearBefore = 0, taskYearAfter = 0;
    std::string lawBefore, lawAfter;
    int openModelsBefore = 0, openModelsAfter = 0, frontierBefore = 0, frontierAfter = 0, measurementsBefore = 0, measurementsAfter = 0;
    int partsBefore = 0, partsAfter = 0;
    // Imported prices and parts as the market sees them: one card's box (one card, or the unified
    // system) priced at each imported observation's date (and a new part's release), before -> after.
    std::vector<std::string> market;
};
// `origin`: the import's origin (its rows in `after` carry it).
ImportImpact assessImport(const Engine &before, const Engine &after, const std::string &origin, const std::vector<BenchRow> &rows);

std::string previewText(const ImportPreview &p, const ImportImpact *impact, bool dryRun);
nlohmann::ordered_json previewJson(const ImportPreview &p, const ImportImpact *impact, bool dryRun);

} // namespace ff

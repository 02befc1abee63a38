// The CSV importers of the market: dated prices (import prices) and buyable parts (import part).
#include "files/importers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "data/assumptions.h"
#include "physics/calibration.h"
#include "core/clock.h"
#include "solver/forecast.h"
#include "report/report.h"
#include "data/schemas.h"
#include "core/timeutil.h"

#include "files/importutil.h"

namespace ff {

using nlohmann::json;
using namespace importutil;

namespace {

// A CSV file of the prices or part importer: its header (lower-cased names) and records.
struct CsvTable {
    std::map<std::string, std::size_t> col;
    std::vector<CsvRecord> rows; // without the header
};

// Reads `text` as a CSV with the required columns (and only them or the optional ones). False with
// the problems in pv.errors when the file as a whole cannot be read.
bool readTable(ImportPreview &pv, const std::string &text, const std::string &formatWords, const std::vector<std::string> &required,
               const std::vector<std::string> &optional, CsvTable &t)
{
    const auto problem = [&](int line, const std::string &field, const std::string &msg) { pv.errors.push_back({line, field, msg}); };
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        problem(0, "", "the file is empty");
        return false;
    }
    if (text[first] == '[' || text[first] == '{') {
        problem(1, "", "this is JSON; expected " + formatWords);
        return false;
    }
    if (const int bad = firstBadUtf8Line(text)) {
        problem(bad, "", "not UTF-8 text");
        return false;
    }
    const auto recs = parseCsv(text, pv.errors);
    if (!pv.errors.empty())
        return false;
    if (recs.empty()) {
        problem(0, "", "the file is empty");
        return false;
    }
    const auto &head = recs.front().cells;
    if (!duplicateColumnOk(head, "", pv.errors))
        return false;
    for (std::size_t i = 0; i < head.size(); ++i) {
        const std::string name = lower(trim(head[i]));
        if (std::find(required.begin(), required.end(), name) == required.end() && std::find(optional.begin(), optional.end(), name) == optional.end()) {
            std::string known;
            for (const auto &k : required)
                known += (known.empty() ? "" : ", ") + k;
            for (const auto &k : optional)
                known += ", " + k + " (optional)";
            problem(1, layerSafeText(trim(head[i])), "unknown column; expected " + formatWords + " with the columns " + known);
            continue;
        }
        t.col[name] = i;
    }
    for (const auto &need : required)
        if (!t.col.count(need))
            problem(1, need, "missing column (" + formatWords + ")");
    if (!pv.errors.empty())
        return false;
    if (recs.size() < 2) {
        problem(1, "", "a header and no rows");
        return false;
    }
    if (recs.size() - 1 > kMaxLayerRows) {
        problem(0, "", std::to_string(recs.size() - 1) + " rows, more than the " + std::to_string(kMaxLayerRows) + " one import may have");
        return false;
    }
    t.rows.assign(recs.begin() + 1, recs.end());
    for (const auto &r : t.rows)
        if (r.cells.size() != head.size())
            problem(r.line, "", std::to_string(r.cells.size()) + " cells where the header has " + std::to_string(head.size()));
    return pv.errors.empty();
}

// A date of a CSV cell: YYYY-MM-DD or YYYY-MM, a calendar date in 1990..today. Empty `why` when it is one.
std::optional<double> csvDate(const std::string &text, const std::string &today, std::string &why)
{
    const std::string t = trim(text);
    const bool shape = (t.size() == 7 || t.size() == 10) && t[4] == '-' && (t.size() == 7 || t[7] == '-');
    const auto day = shape ? normalizeDay(t) : std::nullopt;
    const auto v = day ? parseDate(t) : std::nullopt;
    if (!v || *v < 1990 || *v > 2100) {
        why = "expected a date YYYY-MM-DD or YYYY-MM (1990 or later), got \"" + printable(t) + "\"";
        return std::nullopt;
    }
    const std::string firstDay = t.size() == 7 ? t + "-01" : t;
    if (!today.empty() && firstDay > today) {
        why = t + " is after today (" + today + "): a price or a release cannot be in the future";
        return std::nullopt;
    }
    why.clear();
    return v;
}

// A number of a CSV cell within [lo, hi]. Empty `why` when it is one.
std::optional<double> csvNumber(const std::string &text, double lo, double hi, const std::string &what, std::string &why)
{
    const std::string t = trim(text);
    const auto v = number(t);
    if (!v) {
        why = "expected " + what + " (a number), got \"" + printable(t) + "\"";
        return std::nullopt;
    }
    if (*v <= 0 && lo > 0) {
        why = "expected " + what + " above 0, got " + printable(t);
        return std::nullopt;
    }
    if (*v < lo || *v > hi) {
        why = "expected " + what + " from " + fmtNum(lo) + " to " + fmtNum(hi) + ", got " + printable(t);
        return std::nullopt;
    }
    why.clear();
    return v;
}

const char *const kPricesFormat = "the prices CSV (part, date, usd, kind, source; optional range_low_usd, range_high_usd, new_supply_ended)";
const char *const kPartFormat = "the part CSV (name, kind, family, released, launch_price_usd, memory_gb, bandwidth_gbps, prefill_tops, "
                                "prefill_tops_kind, arch_family, source)";

void resetImport(ImportPreview &pv, const std::string &kind, const std::string &file, const std::string &today)
{
    pv.import = UserImport{};
    pv.import.kind = kind;
    pv.import.file = file;
    pv.import.date = today;
}

} // namespace

namespace {

// A price row's checked fields.
struct PriceRow {
    std::string name;
    const HardwarePart *part = nullptr;
    std::optional<double> date, usd;
    std::optional<PriceKind> kind;
    std::optional<double> low, high; // the range the page gives (prices.json range_usd), usd its low end or within it
    std::optional<double> ended;     // the part's new supply ended then (prices.json new_supply_ended), on the row's source
};

// The optional end of the part's new supply: a date up to today, not before the part's release. False: refused.
bool priceSupplyEnd(const CsvTable &t, const CsvRecord &r, const std::string &today, ImportPreview &pv, PriceRow &row)
{
    const std::string text = t.col.count("new_supply_ended") ? trim(r.cells[t.col.at("new_supply_ended")]) : std::string();
    if (text.empty())
        return true;
    std::string why;
    row.ended = csvDate(text, today, why);
    if (!row.ended) {
        pv.errors.push_back({r.line, "new_supply_ended", why});
        return false;
    }
    if (row.part && *row.ended < row.part->released - 1e-9) {
        pv.errors.push_back({r.line, "new_supply_ended", text + " is before the part's release (" + formatDate(row.part->released) + ")"});
        row.ended.reset();
        return false;
    }
    return true;
}

// The optional range of a price row (both ends or neither; the price within it). False: refused.
bool priceRange(const CsvTable &t, const CsvRecord &r, ImportPreview &pv, PriceRow &row)
{
    const auto cell = [&](const char *c) { return t.col.count(c) ? trim(r.cells[t.col.at(c)]) : std::string(); };
    const std::string lo = cell("range_low_usd"), hi = cell("range_high_usd");
    if (lo.empty() && hi.empty())
        return true;
    const auto problem = [&](const char *field, const std::string &msg) { pv.errors.push_back({r.line, field, msg}); };
    if (lo.empty() || hi.empty()) {
        problem(lo.empty() ? "range_low_usd" : "range_high_usd", "empty: a range needs both ends (range_low_usd and range_high_usd), or neither");
        return false;
    }
    std::string why;
    bool ok = true;
    row.low = csvNumber(lo, 1, 1e6, "the range's low end in US dollars", why);
    if (!row.low) {
        problem("range_low_usd", why);
        ok = false;
    }
    row.high = csvNumber(hi, 1, 1e6, "the range's high end in US dollars", why);
    if (!row.high) {
        problem("range_high_usd", why);
        ok = false;
    }
    if (!ok)
        return false;
    if (*row.low > *row.high) {
        problem("range_high_usd", hi + " is below the range's low end (" + lo + ")");
        return false;
    }
    if (row.usd && (*row.usd < *row.low - 0.005 || *row.usd > *row.high + 0.005)) {
        problem("usd", fmtNum(*row.usd) + " is outside its range " + lo + " to " + hi + " (the price taken is the low end, the buyer's price, or one within the range)");
        return false;
    }
    return true;
}

// Every check of a price row, each problem recorded (false: the row is refused).
bool priceRowFields(const DataSet &d, const CsvTable &t, const CsvRecord &r, const std::string &today, ImportPreview &pv, PriceRow &row)
{
    const auto problem = [&](int line, const std::string &field, const std::string &msg) { pv.errors.push_back({line, field, msg}); };
    const auto cell = [&](const char *c) { return trim(r.cells[t.col.at(c)]); };
    bool ok = true;
    for (const char *c : {"part", "date", "usd", "kind", "source"})
        if (const std::string why = textProblem(cell(c)); !why.empty()) {
            problem(r.line, c, why);
            ok = false;
        }
    if (!ok)
        return false;
    std::string why;
    const std::string name = row.name = cell("part");
    const auto it = std::find_if(d.parts.begin(), d.parts.end(), [&](const HardwarePart &p) { return p.name == name; });
    const HardwarePart *part = row.part = it == d.parts.end() ? nullptr : &*it;
    if (!part) {
        const auto near = std::find_if(d.parts.begin(), d.parts.end(), [&](const HardwarePart &p) { return lower(p.name) == lower(name); });
        problem(r.line, "part", "\"" + name + "\" is not a part of the data" +
                                    (near != d.parts.end() ? " (did you mean \"" + near->name + "\"?)" : std::string(" (`import part` adds one)")));
        ok = false;
    } else if (!part->priceUsd) {
        problem(r.line, "part", "\"" + name + "\" is not sold in the data (no launch price): its prices would not reach the market");
        ok = false;
    }
    row.date = csvDate(cell("date"), today, why);
    if (!row.date) {
        problem(r.line, "date", why);
        ok = false;
    } else if (part && *row.date < part->released - 1e-9) {
        problem(r.line, "date", cell("date") + " is before the part's release (" + formatDate(part->released) + ")");
        ok = false;
    }
    row.usd = csvNumber(cell("usd"), 1, 1e6, "a price in US dollars", why);
    if (!row.usd) {
        problem(r.line, "usd", why);
        ok = false;
    }
    const std::string kindText = lower(cell("kind"));
    for (PriceKind k : {PriceKind::Launch, PriceKind::Street, PriceKind::Used})
        if (kindText == priceKindName(k))
            row.kind = k;
    if (!row.kind) {
        problem(r.line, "kind", "unknown kind \"" + cell("kind") + "\": expected launch, street or used (as prices.json names them)");
        ok = false;
    }
    if (const std::string bad = publicAddressProblem(cell("source")); !bad.empty()) {
        problem(r.line, "source", bad);
        ok = false;
    }
    const bool range = priceRange(t, r, pv, row);
    return priceSupplyEnd(t, r, today, pv, row) && range && ok;
}

} // namespace

ImportPreview previewPrices(const DataSet &d, const std::string &text, const std::string &file, const std::string &today)
{
    ImportPreview pv;
    pv.kind = "prices";
    pv.file = file;
    pv.format = "csv";
    resetImport(pv, "prices", file, today);
    CsvTable t;
    if (!readTable(pv, text, kPricesFormat, {"part", "date", "usd", "kind", "source"}, {"range_low_usd", "range_high_usd", "new_supply_ended"}, t))
        return pv;
    const auto problem = [&](int line, const std::string &field, const std::string &msg) { pv.errors.push_back({line, field, msg}); };
    struct Seen {
        int line;
        double t;
        PriceKind kind;
    };
    std::map<std::string, std::vector<Seen>> seen;
    std::vector<std::string> order;
    std::map<std::string, json> rowsByPart;
    std::map<std::string, int> endLine; // the line that gave a part's end of new supply
    for (const CsvRecord &r : t.rows) {
        ++pv.rowsRead;
        PriceRow row;
        if (!priceRowFields(d, t, r, today, pv, row))
            continue;
        const auto cell = [&](const char *c) { return trim(r.cells[t.col.at(c)]); };
        const std::string &name = row.name;
        const double date = *row.date, usd = *row.usd;
        const PriceKind kind = *row.kind;
        // Duplicates: in the file (part, date and kind), and in the data (the same price too).
        auto &mine = seen[name];
        const auto again = std::find_if(mine.begin(), mine.end(), [&](const Seen &x) { return std::fabs(x.t - date) < 1e-9 && x.kind == kind; });
        if (again != mine.end()) {
            problem(r.line, "date", "duplicate: line " + std::to_string(again->line) + " has a " + priceKindName(kind) + " price of " + name + " on " +
                                        cell("date") + " too (keep one: on one date the lowest counts)");
            continue;
        }
        const PriceSeries &series = d.prices.parts[static_cast<std::size_t>(row.part - d.parts.data())];
        const auto inData = std::find_if(series.obs.begin(), series.obs.end(), [&](const PriceObservation &o) {
            return std::fabs(o.t - date) < 1e-9 && o.kind == kind && std::fabs(o.usd - usd) < 0.005;
        });
        if (inData != series.obs.end()) {
            problem(r.line, "usd", "duplicate: the data has this " + std::string(priceKindName(kind)) + " price of " + name + " on " + cell("date") +
                                       " already (" + (inData->origin.empty() ? std::string("shipped") : inData->origin) + ")");
            continue;
        }
        if (row.ended && endLine.count(name) && std::fabs(*parseDate(rowsByPart[name].value("new_supply_ended", "")) - *row.ended) > 1e-9) {
            problem(r.line, "new_supply_ended", cell("new_supply_ended") + ": line " + std::to_string(endLine[name]) + " gives " +
                                                    rowsByPart[name].value("new_supply_ended", "") + " for " + name + " (a part's new supply ends once)");
            continue;
        }
        mine.push_back({r.line, date, kind});
        if (!rowsByPart.count(name)) {
            order.push_back(name);
            rowsByPart[name] = {{"part", name}, {"observations", json::array()}};
        }
        if (row.ended && !endLine.count(name)) {
            // As prices.json records it; it replaces an end the data had (the reader takes the layer's).
            endLine[name] = r.line;
            rowsByPart[name]["new_supply_ended"] = cell("new_supply_ended");
            rowsByPart[name]["new_supply_ended_source"] = cell("source");
        }
        json ob = {{"date", cell("date")}, {"usd", usd}, {"kind", priceKindName(kind)}, {"source", cell("source")}};
        if (row.low)
            ob["range_usd"] = {*row.low, *row.high}; // as prices.json keeps a page's range beside the price taken
        rowsByPart[name]["observations"].push_back(ob);
        pv.listed.push_back("line " + std::to_string(r.line) + ": " + name + " " + priceKindName(kind) + " " + cell("date") + " " + usdText(usd) +
                            (row.low ? " (range " + usdText(*row.low) + " to " + usdText(*row.high) + ")" : std::string()) +
                            (row.ended ? ", sold new until " + cell("new_supply_ended") : std::string()) + " (" + cell("source") + ")");
    }
    if (!pv.errors.empty()) {
        resetImport(pv, "prices", file, today);
        pv.listed.clear();
        return pv;
    }
    for (const auto &n : order)
        pv.import.prices.push_back(rowsByPart[n]);
    return pv;
}

namespace {

// The free-text notes a hardware.json part carries beside its figures.
const char *const kPartNotes[] = {"notes", "released_note", "launch_price_usd_note", "bandwidth_note", "fp16_tflops_note", "prefill_tops_note"};

// A part row's checked fields.
struct PartRow {
    std::string name, kind, family, topsKind, arch;
    std::optional<double> released, price, memory, bandwidth, tops, tflops, ended;
};

std::string joined(const std::set<std::string> &s)
{
    std::string o;
    for (const auto &x : s)
        o += (o.empty() ? "" : ", ") + x;
    return o;
}

// The rows of `import part`: every field checked (each problem recorded, none hiding another), then
// the row as hardware.json writes it and what joining its line means.
class PartImport
{
public:
    PartImport(const DataSet &d, const CsvTable &t, const std::string &today, ImportPreview &pv) : mD(d), mT(t), mToday(today), mPv(pv)
    {
        // The compute kinds the data knows (a figure of another kind has no achieved share to scale it by).
        for (const auto &p : d.parts) {
            if (!p.prefillTopsKind.empty())
                mTopsKinds.insert(p.prefillTopsKind);
            if (!p.tflopsKind.empty())
                mTflopsKinds.insert(p.tflopsKind);
        }
    }

    void add(const CsvRecord &r)
    {
        ++mPv.rowsRead;
        bool ok = true;
        for (const auto &[c, i] : mT.col)
            if (const std::string why = textProblem(trim(r.cells[i])); !why.empty()) {
                problem(r.line, c, why);
                ok = false;
            }
        if (!ok)
            return;
        PartRow row;
        const bool a = identity(r, row);
        const bool b = figures(r, row);
        const bool c = optionalFields(r, row);
        if (!(a && b && c))
            return;
        if (mD.parts.size() + mPv.import.parts.size() + 1 > kMaxParts) {
            problem(r.line, "name", "the data would hold more than " + std::to_string(kMaxParts) + " parts (the catalog's cap)");
            return;
        }
        store(r, row);
    }

private:
    void problem(int line, const std::string &field, const std::string &msg) { mPv.errors.push_back({line, field, msg}); }
    std::string cell(const CsvRecord &r, const char *c) const { return mT.col.count(c) ? trim(r.cells[mT.col.at(c)]) : std::string(); }
    bool identity(const CsvRecord &r, PartRow &row);
    bool figures(const CsvRecord &r, PartRow &row);
    bool optionalFields(const CsvRecord &r, PartRow &row);
    void store(const CsvRecord &r, const PartRow &row);

    const DataSet &mD;
    const CsvTable &mT;
    const std::string &mToday;
    ImportPreview &mPv;
    std::set<std::string> mTopsKinds, mTflopsKinds;
    std::map<std::string, int> mNames;
};

// Name (new to the data and the file), system kind and family.
bool PartImport::identity(const CsvRecord &r, PartRow &row)
{
    bool ok = true;
    const std::string name = row.name = cell(r, "name");
    if (name.empty()) {
        problem(r.line, "name", "empty");
        ok = false;
    } else if (mD.part(name) || std::any_of(mD.parts.begin(), mD.parts.end(), [&](const HardwarePart &p) { return lower(p.name) == lower(name); })) {
        problem(r.line, "name", "\"" + name + "\" is already a part of the data");
        ok = false;
    } else if (mNames.count(lower(name))) {
        problem(r.line, "name", "duplicate: line " + std::to_string(mNames[lower(name)]) + " adds \"" + name + "\" too");
        ok = false;
    } else {
        mNames[lower(name)] = r.line;
    }
    row.kind = lower(cell(r, "kind"));
    if (row.kind != "gpu" && row.kind != "unified") {
        problem(r.line, "kind", "unknown system kind \"" + cell(r, "kind") + "\": expected gpu (a card in a PC) or unified (a whole unified-memory system)");
        ok = false;
    }
    row.family = cell(r, "family");
    if (row.family.empty()) {
        problem(r.line, "family", "empty: the product line the part belongs to (hardware.json's family; a new name starts a line that is not projected)");
        ok = false;
    }
    return ok;
}

// Release, launch price, memory, bandwidth and the prefill compute figure with its kind and architecture.
bool PartImport::figures(const CsvRecord &r, PartRow &row)
{
    bool ok = true;
    std::string why;
    const auto check = [&](std::optional<double> &v, std::optional<double> got, const char *field) {
        v = got;
        if (!v) {
            problem(r.line, field, why);
            ok = false;
        }
    };
    check(row.released, csvDate(cell(r, "released"), mToday, why), "released");
    // The ranges are hardware.json's (model/data/schemas.cpp): an imported part is what the catalog accepts.
    const auto number = [&](const char *field, const char *what) {
        const auto &f = schema::field(hardwarePartSchema(), field);
        return csvNumber(cell(r, field), f.lo, f.hi, what, why);
    };
    check(row.price, number("launch_price_usd", "a launch price in US dollars"), "launch_price_usd");
    check(row.memory, number("memory_gb", "memory in GB"), "memory_gb");
    check(row.bandwidth, number("bandwidth_gbps", "peak memory bandwidth in GB/s"), "bandwidth_gbps");
    check(row.tops, number("prefill_tops", "the dense compute figure prefill uses (TOPS or TFLOPS)"), "prefill_tops");
    row.topsKind = cell(r, "prefill_tops_kind");
    if (!mTopsKinds.count(row.topsKind)) {
        problem(r.line, "prefill_tops_kind", "unknown compute kind \"" + row.topsKind + "\": expected one the data has (" + joined(mTopsKinds) + ")");
        ok = false;
    }
    row.arch = cell(r, "arch_family");
    if (row.arch.empty()) {
        problem(r.line, "arch_family", "empty: the architecture family whose fitted prefill rate applies (Ada, Blackwell, RDNA4, Apple M4, ...)");
        ok = false;
    }
    return ok;
}

// The FP16 figure with its kind, the end of new supply, and the source.
bool PartImport::optionalFields(const CsvRecord &r, PartRow &row)
{
    bool ok = true;
    std::string why;
    if (!cell(r, "fp16_tflops").empty()) {
        const auto &f = schema::field(hardwarePartSchema(), "fp16_tflops");
        row.tflops = csvNumber(cell(r, "fp16_tflops"), f.lo, f.hi, "dense FP16 TFLOPS", why);
        if (!row.tflops) {
            problem(r.line, "fp16_tflops", why);
            ok = false;
        } else if (!mTflopsKinds.count(cell(r, "fp16_tflops_kind"))) {
            problem(r.line, "fp16_tflops_kind", "unknown FP16 figure kind \"" + cell(r, "fp16_tflops_kind") + "\": expected one the data has (" +
                                                    joined(mTflopsKinds) + ")");
            ok = false;
        }
    } else if (!cell(r, "fp16_tflops_kind").empty()) {
        problem(r.line, "fp16_tflops_kind", "a kind without an fp16_tflops figure");
        ok = false;
    }
    if (!cell(r, "new_supply_ended").empty()) {
        row.ended = csvDate(cell(r, "new_supply_ended"), mToday, why);
        if (!row.ended) {
            problem(r.line, "new_supply_ended", why);
            ok = false;
        } else if (row.released && *row.ended < *row.released) {
            problem(r.line, "new_supply_ended", cell(r, "new_supply_ended") + " is before the part's release (" + cell(r, "released") + ")");
            ok = false;
        }
    }
    if (const std::string bad = publicAddressProblem(cell(r, "source")); !bad.empty()) {
        problem(r.line, "source", bad);
        ok = false;
    }
    if (!cell(r, "prefill_tops_source").empty())
        if (const std::string bad = publicAddressProblem(cell(r, "prefill_tops_source")); !bad.empty()) {
            problem(r.line, "prefill_tops_source", bad);
            ok = false;
        }
    return ok;
}

void PartImport::store(const CsvRecord &r, const PartRow &row)
{
    const std::string &name = row.name, &kind = row.kind, &family = row.family;
    const auto &tflops = row.tflops;
    json j = {{"name", name},
              {"full_name", cell(r, "full_name").empty() ? name : cell(r, "full_name")},
              {"vendor", cell(r, "vendor")},
              {"kind", kind},
              {"family", family},
              {"released", cell(r, "released")},
              {"launch_price_usd", *row.price},
              {"memory_gb", *row.memory},
              {"bandwidth_gbps", *row.bandwidth},
              {"fp16_tflops", tflops ? json(*tflops) : json(nullptr)},
              {"fp16_tflops_kind", tflops ? json(cell(r, "fp16_tflops_kind")) : json(nullptr)},
              {"arch_family", row.arch},
              {"prefill_tops", *row.tops},
              {"prefill_tops_kind", row.topsKind},
              {"prefill_tops_source", cell(r, "prefill_tops_source").empty() ? cell(r, "source") : cell(r, "prefill_tops_source")},
              {"measured_device_only", false},
              {"source", cell(r, "source")}};
    // hardware.json's notes: the row's, and each figure's (how it was read, a range and its reason).
    for (const char *note : kPartNotes)
        if (!cell(r, note).empty())
            j[note] = cell(r, note);
    mPv.import.parts.push_back(j);
    if (row.ended)
        mPv.import.prices.push_back({{"part", name},
                                     {"new_supply_ended", cell(r, "new_supply_ended")},
                                     {"new_supply_ended_source", cell(r, "source")},
                                     {"observations", json::array()}});
    mPv.listed.push_back("line " + std::to_string(r.line) + ": " + name + " (" + kind + ", family " + family + ", released " + cell(r, "released") + ", " +
                         usdText(*row.price) + " at launch, " + fmtNum(*row.memory) + " GB, " + fmtNum(*row.bandwidth) + " GB/s, " + fmtNum(*row.tops) +
                         " " + row.topsKind + " (" + row.arch + ")" +
                         (tflops ? ", FP16 " + fmtNum(*tflops) + " TFLOPS " + cell(r, "fp16_tflops_kind") : std::string()) +
                         (row.ended ? ", sold new until " + cell(r, "new_supply_ended") : std::string()) + ") (" + cell(r, "source") + ")");
    const ProductLine *pl = mD.prices.line(family);
    const bool known = std::any_of(mD.parts.begin(), mD.parts.end(), [&](const HardwarePart &p) { return p.family == family; });
    if (!known)
        mPv.notes.push_back(name + ": \"" + family + "\" is a family the data does not have: no product line, so no successors are projected from it");
    else if (pl && pl->status == LineStatus::Continues)
        mPv.notes.push_back(name + ": joins the line " + family + ", which continues: its projected successors start from the line's newest priced part");
    else if (pl)
        mPv.notes.push_back(name + ": joins the line " + family + " (" + lineStatusName(pl->status) + "): no successors are projected from it");
    else
        mPv.notes.push_back(name + ": joins the family " + family + ", which has no line status in prices.json: not projected");
}

} // namespace

ImportPreview previewPart(const DataSet &d, const std::string &text, const std::string &file, const std::string &today)
{
    ImportPreview pv;
    pv.kind = "part";
    pv.file = file;
    pv.format = "csv";
    resetImport(pv, "part", file, today);
    CsvTable t;
    const std::vector<std::string> required = {"name", "kind", "family", "released", "launch_price_usd", "memory_gb", "bandwidth_gbps",
                                               "prefill_tops", "prefill_tops_kind", "arch_family", "source"};
    std::vector<std::string> optional = {"full_name", "vendor", "fp16_tflops", "fp16_tflops_kind", "new_supply_ended", "prefill_tops_source"};
    optional.insert(optional.end(), std::begin(kPartNotes), std::end(kPartNotes));
    if (!readTable(pv, text, kPartFormat, required, optional, t))
        return pv;
    PartImport rows(d, t, today, pv);
    for (const CsvRecord &r : t.rows)
        rows.add(r);
    if (!pv.errors.empty()) {
        resetImport(pv, "part", file, today);
        pv.listed.clear();
        pv.notes.clear();
    }
    return pv;
}

} // namespace ff

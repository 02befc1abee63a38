#include "files/importers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "data/assumptions.h"
#include "data/jsonread.h" // hasControlCharacters
#include "physics/calibration.h"
#include "core/clock.h"
#include "solver/forecast.h"
#include "report/report.h"
#include "core/timeutil.h"

#include "files/importutil.h"

// What the importers share: the problem text, the CSV reader, the source check and the helpers of
// importutil.h; and what an import changes (assessImport) with the preview's text and JSON. The
// importers themselves: import_llamabench.cpp, import_index.cpp, import_csv.cpp (prices, parts).

namespace ff {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

namespace importutil {

std::string lower(std::string s)
{
    for (char &c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string baseName(const std::string &path)
{
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<double> number(const std::string &s)
{
    const std::string t = trim(s);
    if (t.empty())
        return std::nullopt;
    double v = 0;
    const auto r = std::from_chars(t.data(), t.data() + t.size(), v);
    if (r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(v))
        return std::nullopt;
    if (v == 0 && std::signbit(v))
        return std::nullopt; // "-0": no measurement or score is written so
    return v;
}

// A range bound or a value as a reader writes it: 0.001, 1000000000, 1e-06 (never 0.000000).
std::string fmtNum(double x)
{
    char buf[32];
    if (x == std::floor(x) && std::fabs(x) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", x);
    else
        std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
}

// The 1-based line of the first byte that is not UTF-8 (0: the text is UTF-8).
int firstBadUtf8Line(const std::string &s)
{
    if (isUtf8(s))
        return 0;
    int line = 1;
    std::size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t len = utf8SequenceAt(s, i);
        const bool ok = len > 0;
        if (!ok)
            return line;
        if (c == '\n')
            ++line;
        i += len;
    }
    return line;
}

// Why a text the importer would store cannot be stored (empty: it can): the layer's reader refuses
// control characters, and every stored field has a length bound.
std::string textProblem(const std::string &v)
{
    if (!isUtf8(v))
        return "not UTF-8 text";
    if (hasControlCharacters(v, false))
        return "control characters are not allowed in text: \"" + printable(v) + "\"";
    if (v.size() > kMaxLayerText)
        return std::to_string(v.size()) + " characters, more than the " + std::to_string(kMaxLayerText) + " a stored text may have";
    return {};
}

// A CSV header with a column named twice: the first repeated name and its two positions.
bool duplicateColumn(const std::vector<std::string> &head, std::string &name, std::size_t &a, std::size_t &b)
{
    for (std::size_t i = 0; i < head.size(); ++i)
        for (std::size_t j = i + 1; j < head.size(); ++j)
            if (trim(head[i]) == trim(head[j]) && !trim(head[i]).empty()) {
                name = trim(head[i]);
                a = i + 1;
                b = j + 1;
                return true;
            }
    return false;
}

bool duplicateColumnOk(const std::vector<std::string> &head, const std::string &tail, std::vector<ImportProblem> &errors)
{
    std::string dup;
    std::size_t a = 0, b = 0;
    if (!duplicateColumn(head, dup, a, b))
        return true;
    errors.push_back({1, layerSafeText(dup), "the column appears twice in the header (columns " + std::to_string(a) + " and " + std::to_string(b) + ")" + tail});
    return false;
}

bool cellsUtf8(const std::vector<CsvRecord> &recs, bool trimNames, std::vector<ImportProblem> &errors)
{
    const auto &head = recs.front().cells;
    for (const auto &rec : recs)
        for (std::size_t c = 0; c < rec.cells.size(); ++c)
            if (!isUtf8(rec.cells[c])) {
                errors.push_back({rec.line, c < head.size() ? layerSafeText(trimNames ? trim(head[c]) : head[c]) : std::string(), "not UTF-8 text"});
                return false;
            }
    return true;
}

std::string fmt(double x, int digits)
{
    return fmtFixed(x, digits);
}

std::string fmtSigned(double x, int digits)
{
    return (x >= 0 ? "+" : "") + fmtFixed(x, digits);
}

// YYYY-MM-DD of a fractional year (the inverse of parseDate for a full date).
std::string formatDate(double t)
{
    const int year = static_cast<int>(std::floor(t));
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    int doy = static_cast<int>(std::lround((t - year) * (leap ? 366.0 : 365.0)));
    const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = 0;
    while (month < 11 && doy >= days[month])
        doy -= days[month++];
    char buf[32]; // room for any int year, month and day (-Wformat-truncation)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month + 1, std::min(doy, days[month] - 1) + 1);
    return buf;
}

// Words of a name for matching: lower case, split at anything but letters, digits and '.'.
std::vector<std::string> tokens(const std::string &s)
{
    std::vector<std::string> out;
    std::string cur;
    for (char ch : lower(s)) {
        if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.') {
            cur += ch;
        } else if (!cur.empty()) {
            out.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

// A device name without vendor and brand words: "NVIDIA GeForce RTX 4090" -> "rtx4090".
std::string deviceKey(const std::string &s)
{
    static const std::set<std::string> brand = {"nvidia", "geforce", "amd", "radeon", "apple", "intel", "graphics", "(tm)", "(r)", "gpu"};
    std::string out;
    for (const auto &t : tokens(s))
        if (!brand.count(t))
            for (char c : t)
                if (c != '.')
                    out += c;
    return out;
}

// Line numbers of the top-level objects of a JSON array.
std::vector<int> arrayObjectLines(const std::string &text)
{
    std::vector<int> lines;
    int line = 1, depth = 0;
    bool inString = false, escape = false;
    for (char c : text) {
        if (c == '\n')
            ++line;
        if (inString) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            if (depth == 1 && c == '{')
                lines.push_back(line);
            ++depth;
        } else if (c == ']' || c == '}')
            --depth;
    }
    return lines;
}

std::string usdText(double x)
{
    const long long v = std::llround(x);
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-$" : "$") + out;
}

} // namespace importutil

using namespace importutil;

std::string ImportProblem::text(const std::string &file) const
{
    std::string s = printable(file);
    if (line > 0)
        s += ":" + std::to_string(line);
    if (!field.empty())
        s += ": " + printable(field);
    return s + ": " + printable(message);
}

std::vector<CsvRecord> parseCsv(const std::string &text, std::vector<ImportProblem> &problems)
{
    std::vector<CsvRecord> out;
    CsvRecord rec;
    std::string cell;
    bool quoted = false, any = false;
    int line = 1, quoteLine = 0;
    std::size_t i = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        i = 3; // a byte-order mark (Excel writes one)
    rec.line = 1;
    const auto endRecord = [&] {
        rec.cells.push_back(cell);
        cell.clear();
        if (any || rec.cells.size() > 1 || !rec.cells.front().empty())
            out.push_back(rec);
        rec = CsvRecord{};
        any = false;
    };
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                cell += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
            quoteLine = line;
        } else if (c == ',') {
            rec.cells.push_back(cell);
            cell.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            endRecord();
            ++line;
            rec.line = line;
        } else {
            cell += c;
        }
    }
    if (quoted)
        problems.push_back({quoteLine, "", "a quoted field is never closed"});
    else if (!cell.empty() || !rec.cells.empty())
        endRecord();
    return out;
}

// ---------------------------------------------------------------------------------------------
// Sources of imported rows

std::string publicAddressProblem(const std::string &source)
{
    const std::string s = trim(source);
    if (s.empty())
        return "empty: every row needs a public address where its figure can be read";
    const std::string l = lower(s);
    for (const char *bad : {"file id", "corpus", "as recalled", "search index"})
        if (l.find(bad) != std::string::npos)
            return "\"" + printable(s) + "\" names a private index or memory (\"" + bad + "\"), not a public address";
    const auto urlEnd = s.find_first_of(" \t");
    const std::string first = s.substr(0, urlEnd);
    for (const char *scheme : {"https://", "http://"}) {
        const std::string sch = scheme;
        if (lower(first).compare(0, sch.size(), sch) != 0)
            continue;
        const std::string rest = first.substr(sch.size());
        const std::string host = rest.substr(0, rest.find_first_of("/?#"));
        const bool hostChars = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':';
        });
        if (!hostChars || host.find('.') == std::string::npos || host.front() == '.' || host.back() == '.')
            return "\"" + printable(first) + "\" is not a web address with a host (https://host/page)";
        return {};
    }
    // owner/repo path @commit
    static const std::regex repo(R"(^(github\.com/)?[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]* \S.*@[0-9a-fA-F]{7,40}\b.*$)");
    if (std::regex_match(s, repo))
        return {};
    return "\"" + printable(s) + "\" is not a public address: expected a URL (https://...) or owner/repo path @commit";
}

// ---------------------------------------------------------------------------------------------
// Impact

namespace {
std::string answerText(const ParityResult &p)
{
    if (!p.reached)
        return "not reached";
    std::string s = parityKindName(p.kind);
    if (p.kind != ParityKind::Implied)
        s += " " + formatMonth(p.year);
    else if (p.lawYear > 0)
        s += ", the law's month " + formatMonth(p.lawYear);
    if (!p.box.empty())
        s += " (" + p.box + ")";
    return s;
}

// One card's box (one card, or the unified system) of `part` as the market prices it at t (0: not offered).
double oneBoxPrice(const DataSet &d, const std::string &part, double t)
{
    const Params p = resolveParams(d, assumptionValues(d, Scenario{}));
    const double asOf = std::max(latestAsOf(), t);
    // A budget no box exceeds: the price is asked, not whether the default budget reaches it.
    const std::vector<Box> boxes = buildBoxes(d, p, {}, asOf, 1e7, d.settings.horizonYear, BoxList::Unsorted);
    for (const Box &b : boxes)
        if (b.catalogPart && b.catalogPart->name == part && b.gpus == 1)
            return t + 1e-9 < b.released ? 0.0 : b.priceDetail(t, false).totalUsd;
    return 0;
}

std::vector<std::string> marketEffects(const DataSet &before, const DataSet &after, const std::string &origin)
{
    std::vector<std::string> out;
    const auto usd = [](double v) { return v > 0 ? usdText(v) : std::string("not offered"); };
    for (std::size_t i = 0; i < after.parts.size() && i < after.prices.parts.size(); ++i) {
        const HardwarePart &part = after.parts[i];
        if (part.origin == origin && part.priceUsd)
            out.push_back(part.name + " (new part): one " + (part.kind == PartKind::Gpu ? "card's box" : "system") + " at its release " +
                          formatDate(part.released) + " costs " + usd(oneBoxPrice(after, part.name, part.released)));
        for (const PriceObservation &o : after.prices.parts[i].obs) {
            if (o.origin != origin || (o.kind == PriceKind::Launch && part.origin == origin))
                continue;
            const double b = oneBoxPrice(before, part.name, o.t), a = oneBoxPrice(after, part.name, o.t);
            out.push_back(part.name + " " + priceKindName(o.kind) + " " + formatMonth(o.t) + " " + usdText(o.usd) + ": one " +
                          (part.kind == PartKind::Gpu ? "card's box" : "system") + " in " + formatMonth(o.t) + " costs " + usd(b) + " -> " + usd(a) +
                          (std::fabs(a - b) < 0.5 ? " (unchanged: a lower price on that date counts)" : ""));
        }
    }
    return out;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
} // namespace

ImportImpact assessImport(const Engine &before, const Engine &after, const std::string &origin, const std::vector<BenchRow> &rows)
{
    ImportImpact x;
    x.before = before.calibration();
    x.after = after.calibration();
    const Result rb = before.compute(Scenario{}), ra = after.compute(Scenario{});
    x.taskBefore = answerText(rb.task);
    x.taskAfter = answerText(ra.task);
    x.fullBefore = answerText(rb.full);
    x.fullAfter = answerText(ra.full);
    x.taskYearBefore = rb.task.year;
    x.taskYearAfter = ra.task.year;
    const auto law = [](const QualityLaw &l) { return "quality = " + fmtFixed(l.a, 1) + " + " + fmtFixed(l.b, 2) + " log2 Deff + " + fmtFixed(l.c, 2) + " (t - t0)"; };
    x.lawBefore = law(rb.law);
    x.lawAfter = law(ra.law);
    x.openModelsBefore = static_cast<int>(before.data().openModels.size());
    x.openModelsAfter = static_cast<int>(after.data().openModels.size());
    x.frontierBefore = static_cast<int>(before.data().frontierModels.size());
    x.frontierAfter = static_cast<int>(after.data().frontierModels.size());
    x.measurementsBefore = static_cast<int>(before.data().measurements.size());
    x.measurementsAfter = static_cast<int>(after.data().measurements.size());
    x.partsBefore = static_cast<int>(before.data().parts.size());
    x.partsAfter = static_cast<int>(after.data().parts.size());
    x.market = marketEffects(before.data(), after.data(), origin);
    if (rows.empty())
        return x;
    // The imported rows as the calibration sees them (in `after`, with the import's origin).
    const std::vector<CalibrationRow> cr = calibrationRows(after.data(), x.after.inputs);
    std::vector<double> errBefore, errAfter;
    std::size_t k = 0;
    for (const auto &r : cr) {
        if (r.m->origin != origin)
            continue;
        RowCheck c;
        if (k < rows.size()) {
            c.line = rows[k].line;
            c.label = rows[k].hardware + " / " + rows[k].model + " " + rows[k].testLabel;
        }
        ++k;
        c.decode = r.m->decode;
        c.fitted = r.m->decode ? r.fitted : r.prefillFitted;
        c.measured = r.m->tokensPerS;
        if (r.m->decode) {
            c.predictedBefore = predictDecode(x.before, r);
            c.predictedAfter = predictDecode(x.after, r);
        } else if (r.prefillTops && r.promptTokens > 0) {
            c.predictedBefore = predictPrefill(x.before, r);
            c.predictedAfter = predictPrefill(x.after, r);
        }
        if (c.predictedBefore > 0 && std::isfinite(c.predictedBefore)) {
            errBefore.push_back(std::fabs(c.predictedBefore / c.measured - 1) * 100);
            errAfter.push_back(std::fabs(c.predictedAfter / c.measured - 1) * 100);
        }
        x.rows.push_back(c);
    }
    x.medianErrorBeforePct = median(errBefore);
    x.medianErrorAfterPct = median(errAfter);
    return x;
}

std::string previewText(const ImportPreview &p, const ImportImpact *impact, bool dryRun)
{
    std::string out;
    out += (p.kind == "index"    ? "Capabilities Index import: "
            : p.kind == "model"  ? "Model import: "
            : p.kind == "prices" ? "Prices import: "
            : p.kind == "part"   ? "Part import: "
                                 : "llama-bench import: ") + printable(p.file) +
           (p.format.empty() ? "" : " (" + p.format + ")") + "\n";
    if (!p.errors.empty()) {
        out += "Refused: nothing was merged. " + std::to_string(p.errors.size()) + " problem" + (p.errors.size() > 1 ? "s" : "") + ":\n";
        for (const auto &e : p.errors)
            out += "  " + e.text(p.file) + "\n";
        // A config read whole and refused for its options (name, date, source) still shows what was counted.
        if (p.kind == "model" && !p.notes.empty()) {
            out += "Read from the config (not imported):\n";
            for (const auto &n : p.notes)
                out += "  " + printable(n) + "\n";
        }
        return out;
    }
    if (p.kind == "model") {
        // Each figure with how it was computed (modelimport.cpp), then the row it adds.
        for (const auto &n : p.notes)
            out += "  " + printable(n) + "\n";
        for (const auto &n : p.newModels)
            out += "New model: " + printable(n) + "\n";
    } else if (p.kind == "prices" || p.kind == "part") {
        out += "Rows read: " + std::to_string(p.rowsRead) + "; " + (p.kind == "prices" ? "price observations " : "new parts ") +
               std::to_string(p.listed.size()) + "\n";
        for (const auto &s : p.listed)
            out += "  " + printable(s) + "\n";
        for (const auto &n : p.notes)
            out += "  " + printable(n) + "\n";
    } else if (p.kind == "llama-bench") {
        out += "Rows: " + std::to_string(p.prefillRows) + " prefill (pp), " + std::to_string(p.decodeRows) + " decode (tg)" +
               (p.skippedRows ? ", " + std::to_string(p.skippedRows) + " skipped" : "") + "\n";
        for (const auto &n : p.notes)
            out += "  " + printable(n) + "\n";
    } else {
        out += "Rows read: " + std::to_string(p.rowsRead) + "; changed scores " + std::to_string(p.changedScores.size()) + ", changed release dates " +
               std::to_string(p.changedDates.size()) + ", new models " + std::to_string(p.newModels.size()) + ", unchanged " +
               std::to_string(p.unchanged.size()) + ", not matched " + std::to_string(p.unmatched.size()) + "\n";
        const auto list = [&](const char *title, const std::vector<std::string> &v) {
            if (v.empty())
                return;
            out += std::string(title) + ":\n";
            for (const auto &s : v)
                out += "  " + printable(s) + "\n";
        };
        list("New models", p.newModels);
        list("Open models waiting for `import model CONFIG.json --name NAME --released DATE --source URL` (it completes them)", p.waiting);
        list("Changed scores", p.changedScores);
        list("Changed release dates", p.changedDates);
        list("Release dates that differ (the catalog's sourced dates are kept; --update-dates takes the index's)", p.keptDates);
        list("Rows it could not match", p.unmatched);
    }
    if (impact) {
        const ImportImpact &x = *impact;
        if (!x.rows.empty()) {
            out += "Imported runs against the calibrated prediction (tokens/s; before the refit -> after):\n";
            for (const auto &r : x.rows) {
                out += "  line " + std::to_string(r.line) + " " + printable(r.label) + ": measured " + fmtFixed(r.measured, 1);
                if (r.predictedBefore > 0 && std::isfinite(r.predictedBefore))
                    out += ", predicted " + fmtFixed(r.predictedBefore, 1) + " (" + fmtSigned(100 * (r.predictedBefore / r.measured - 1), 0) + "%) -> " +
                           fmtFixed(r.predictedAfter, 1) + " (" + fmtSigned(100 * (r.predictedAfter / r.measured - 1), 0) + "%)";
                else
                    out += ", no prediction (the device has no sourced compute figure)";
                out += r.fitted ? "; fitted\n" : "; not fitted (kept as a measurement)\n";
            }
            out += "  median error " + fmtFixed(x.medianErrorBeforePct, 1) + "% before the refit, " + fmtFixed(x.medianErrorAfterPct, 1) + "% after\n";
            out += "Calibration: decode rows " + std::to_string(x.before.n) + " -> " + std::to_string(x.after.n) + ", weights at x" +
                   fmtFixed(x.before.bandwidthEfficiency, 4) + " -> x" + fmtFixed(x.after.bandwidthEfficiency, 4) + " of peak bandwidth, KV at x" +
                   fmtFixed(x.before.kvEfficiency, 4) + " -> x" + fmtFixed(x.after.kvEfficiency, 4) + ", fixed " +
                   fmtFixed(1000 * x.before.fixedSecondsGpu, 3) + " -> " + fmtFixed(1000 * x.after.fixedSecondsGpu, 3) + " ms/token (GPU); prefill rows " +
                   std::to_string(x.before.prefillN) + " -> " + std::to_string(x.after.prefillN) + ", pooled compute share x" +
                   fmtFixed(x.before.computeEfficiency, 4) + " -> x" + fmtFixed(x.after.computeEfficiency, 4) + "\n";
            // A family of one run refits its own fixed time only (calibration.h DecodeFamilyFit).
            for (const auto &f : x.after.decodeFamilies)
                if (x.before.decodeFamilyFixedSeconds(f.family) != f.fixedSeconds)
                    out += "  " + printable(f.family) + ": one run, fitted on its own (not in the shared constants): fixed " +
                           fmtFixed(1000 * f.fixedSeconds, 3) + " ms/token for its parts" +
                           (f.fixedSeconds > 0 ? "" : " (at the floor: the run is faster than the shared terms allow with no fixed time)") + "\n";
        }
        if (!x.market.empty()) {
            out += "Market (as the forecast prices it; before -> after):\n";
            for (const auto &m : x.market)
                out += "  " + printable(m) + "\n";
        }
        out += "Catalog: parts " + std::to_string(x.partsBefore) + " -> " + std::to_string(x.partsAfter) + ", open models " + std::to_string(x.openModelsBefore) + " -> " + std::to_string(x.openModelsAfter) + ", frontier models " +
               std::to_string(x.frontierBefore) + " -> " + std::to_string(x.frontierAfter) + ", measurements " + std::to_string(x.measurementsBefore) +
               " -> " + std::to_string(x.measurementsAfter) + "\n";
        out += "Quality law: " + x.lawBefore + " -> " + x.lawAfter + "\n";
        out += "Default answer, task-level: " + x.taskBefore + " -> " + x.taskAfter + "\n";
        out += "Default answer, full product: " + x.fullBefore + " -> " + x.fullAfter + "\n";
    }
    out += dryRun ? "Dry run: nothing was written.\n" : "";
    return out;
}

ojson previewJson(const ImportPreview &p, const ImportImpact *impact, bool dryRun)
{
    ojson j;
    j["kind"] = p.kind;
    j["file"] = layerSafeText(p.file);
    j["format"] = p.format;
    j["valid"] = p.valid();
    j["dry_run"] = dryRun;
    j["errors"] = ojson::array();
    for (const auto &e : p.errors)
        j["errors"].push_back({{"line", e.line}, {"field", e.field}, {"message", e.message}});
    j["notes"] = p.notes;
    if (p.kind == "model") {
        j["new_models"] = p.newModels;
        if (!p.import.openModels.empty())
            j["row"] = p.import.openModels.front();
    } else if (p.kind == "prices" || p.kind == "part") {
        j["rows_read"] = p.rowsRead;
        j["rows"] = p.listed;
    } else if (p.kind == "llama-bench") {
        j["prefill_rows"] = p.prefillRows;
        j["decode_rows"] = p.decodeRows;
        j["skipped_rows"] = p.skippedRows;
    } else {
        j["rows_read"] = p.rowsRead;
        j["new_models"] = p.newModels;
        j["changed_scores"] = p.changedScores;
        j["changed_dates"] = p.changedDates;
        j["kept_dates"] = p.keptDates;
        j["unmatched"] = p.unmatched;
        j["waiting_for_import_model"] = p.waiting;
        j["unchanged"] = p.unchanged.size();
    }
    if (impact) {
        const ImportImpact &x = *impact;
        ojson rows = ojson::array();
        for (const auto &r : x.rows)
            rows.push_back({{"line", r.line},
                            {"label", r.label},
                            {"test", r.decode ? "decode" : "prefill"},
                            {"fitted", r.fitted},
                            {"measured_tokens_per_s", r.measured},
                            {"predicted_before", r.predictedBefore > 0 && std::isfinite(r.predictedBefore) ? ojson(r.predictedBefore) : ojson(nullptr)},
                            {"predicted_after", r.predictedAfter > 0 && std::isfinite(r.predictedAfter) ? ojson(r.predictedAfter) : ojson(nullptr)}});
        j["runs"] = rows;
        j["median_error_before_pct"] = x.medianErrorBeforePct;
        j["median_error_after_pct"] = x.medianErrorAfterPct;
        j["calibration"] = {{"decode_rows", {x.before.n, x.after.n}},
                            {"bandwidth_efficiency", {x.before.bandwidthEfficiency, x.after.bandwidthEfficiency}},
                            {"kv_efficiency", {x.before.kvEfficiency, x.after.kvEfficiency}},
                            {"fixed_seconds_gpu", {x.before.fixedSecondsGpu, x.after.fixedSecondsGpu}},
                            {"families_fitted_on_their_own", [&] {
                                 ojson a = ojson::array();
                                 for (const auto &f : x.after.decodeFamilies)
                                     a.push_back({{"family", f.family}, {"kind", f.kind}, {"runs", f.n}, {"fixed_seconds_per_token", f.fixedSeconds}});
                                 return a;
                             }()},
                            {"prefill_rows", {x.before.prefillN, x.after.prefillN}},
                            {"compute_efficiency", {x.before.computeEfficiency, x.after.computeEfficiency}}};
        j["market"] = x.market;
        j["parts"] = {x.partsBefore, x.partsAfter};
        j["task_parity"] = {{"before", x.taskBefore}, {"after", x.taskAfter}};
        j["full_parity"] = {{"before", x.fullBefore}, {"after", x.fullAfter}};
        j["quality_law"] = {{"before", x.lawBefore}, {"after", x.lawAfter}};
    }
    return j;
}

} // namespace ff

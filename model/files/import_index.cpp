// The Capabilities Index importer: Epoch AI's CSV export to new models and changed scores.
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
#include "physics/calibration.h"
#include "core/clock.h"
#include "solver/forecast.h"
#include "report/report.h"
#include "core/timeutil.h"

#include "files/importutil.h"

namespace ff {

using nlohmann::json;
using namespace importutil;

namespace {
// One scored row of an index export, kept until every row is read.
struct IndexRow {
    int line = 0;
    std::string version, modelName;
    double score = 0;
    std::string scoreText;
    std::optional<double> date;
    std::string dateText, source;
};

// A catalog row an index row can update.
struct Target {
    std::string name;
    bool frontier;
    std::optional<double> quality;
    double released;
};

// Rows matched to a catalog model: the rows naming the version the catalog cites, and the rows
// matching only by display name.
struct Matched {
    const Target *target = nullptr;
    std::vector<IndexRow> exact, byName;
    std::size_t order = 0; // first row of the file that matched it (the preview's order)
};

class IndexImport
{
public:
    IndexImport(const DataSet &d, const std::string &file, const std::string &today, bool updateDates, ImportPreview &pv)
        : mD(d), mFile(file), mToday(today), mUpdateDates(updateDates), mPv(pv), mNewest(d.newestDate())
    {
        for (const auto &m : d.openModels)
            index(m.name, false, m.quality, m.released, m.source);
        for (const auto &m : d.frontierModels)
            index(m.name, true, m.scored ? std::optional<double>(m.quality) : std::nullopt, m.released, m.source);
    }

    // The export's header and records; false with the problems in the preview.
    bool readTable(const std::string &text);
    // Every row, then the matches: decided after every row is read, so the row order of the file
    // never matters (an exact version row wins over any display-name match, and display-name matches
    // that disagree on the score are refused).
    void readRows()
    {
        for (std::size_t k = 1; k < mRecs.size(); ++k)
            readRow(k, mRecs[k]);
        resolve();
    }

private:
    void problem(int line, const std::string &field, const std::string &msg) { mPv.errors.push_back({line, field, msg}); }
    // Catalog rows by the index row named in their source ("row 'claude-3-opus-20240229' (Model name 'Claude 3 Opus'").
    void index(const std::string &name, bool frontier, std::optional<double> q, double released, const std::string &source);
    std::string cell(const CsvRecord &r, const char *c) const { return trim(r.cells[mCol.at(c)]); }
    // The row's checked fields (false: refused or noted, nothing to match).
    bool rowFields(const CsvRecord &r, IndexRow &row);
    void readRow(std::size_t k, const CsvRecord &r);
    void newModel(const CsvRecord &r, const IndexRow &row, const std::string &label);
    void resolve();
    void resolveOne(const Matched &m);

    const DataSet &mD;
    const std::string &mFile, &mToday;
    const bool mUpdateDates;
    ImportPreview &mPv;
    const double mNewest;
    std::vector<CsvRecord> mRecs;
    std::map<std::string, std::size_t> mCol;
    std::map<std::string, Target> mByVersion, mByModelName;
    std::map<std::string, Matched> mMatched;
    std::set<std::string> mDone; // names of new models
    std::set<std::string> mSeenVersions;
};

bool IndexImport::readTable(const std::string &text)
{
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        problem(0, "", "the file is empty");
        return false;
    }
    if (text[first] == '[' || text[first] == '{') {
        problem(1, "", "this is JSON; expected the Capabilities Index CSV export (columns Model version, ECI Score, Release date, ...)");
        return false;
    }
    mRecs = parseCsv(text, mPv.errors);
    if (!mPv.errors.empty())
        return false;
    if (mRecs.empty()) {
        problem(0, "", "the file is empty");
        return false;
    }
    const auto &head = mRecs.front().cells;
    if (!duplicateColumnOk(head, "; keep one (which one holds the value is not known)", mPv.errors) || !cellsUtf8(mRecs, true, mPv.errors))
        return false;
    for (std::size_t i = 0; i < head.size(); ++i)
        mCol[trim(head[i])] = i;
    for (const char *need : {"Model version", "ECI Score", "Release date", "Organization", "Model accessibility", "Model name"})
        if (!mCol.count(need)) {
            problem(1, need, "missing column (the Epoch Capabilities Index CSV has Model version, ECI Score, Release date, Organization, "
                             "Model accessibility, Model name, ...)");
        }
    return mPv.errors.empty();
}

void IndexImport::index(const std::string &name, bool frontier, std::optional<double> q, double released, const std::string &source)
{
    Target t{name, frontier, q, released};
    const auto grab = [&](const std::string &tag, std::map<std::string, Target> &into) {
        std::size_t p = 0;
        while ((p = source.find(tag, p)) != std::string::npos) {
            p += tag.size();
            const auto e = source.find('\'', p);
            if (e == std::string::npos)
                break;
            into.emplace(lower(source.substr(p, e - p)), t);
        }
    };
    grab("row '", mByVersion);
    grab("Model name '", mByModelName);
    mByModelName.emplace(lower(name), t);
}

bool IndexImport::rowFields(const CsvRecord &r, IndexRow &row)
{
    for (const char *c : {"Model version", "Model name", "Organization", "Model accessibility", "ECI Score", "Release date"}) {
        const std::string why = textProblem(cell(r, c));
        if (!why.empty()) {
            problem(r.line, c, why);
            return false;
        }
    }
    row.line = r.line;
    row.version = cell(r, "Model version");
    row.modelName = cell(r, "Model name");
    if (row.version.empty()) {
        problem(r.line, "Model version", "empty");
        return false;
    }
    if (!mSeenVersions.insert(lower(row.version)).second) {
        problem(r.line, "Model version", "duplicate row: \"" + row.version + "\" appears earlier in the file");
        return false;
    }
    row.scoreText = cell(r, "ECI Score");
    std::optional<double> score;
    if (!row.scoreText.empty()) {
        score = number(row.scoreText);
        if (!score || *score < 0 || *score > 1000) {
            problem(r.line, "ECI Score", "expected a score (a number 0-1000), got \"" + printable(row.scoreText) + "\"");
            return false;
        }
    }
    row.dateText = cell(r, "Release date");
    row.date = parseDate(row.dateText);
    const std::string &dateText = row.dateText;
    if (!dateText.empty() && (!row.date || *row.date < 1990 || *row.date > 2100)) {
        problem(r.line, "Release date", "expected YYYY-MM-DD, got \"" + printable(dateText) + "\"");
        return false;
    }
    // The shipped data's rule: nothing is released after today (a date in the future would move
    // the as-of date and every answer with it).
    const std::string firstDay = dateText.size() == 4 ? dateText + "-01-01" : dateText.size() == 7 ? dateText + "-01" : dateText;
    if (row.date && !mToday.empty() && firstDay > mToday) {
        problem(r.line, "Release date", dateText + " is after today (" + mToday + "): a row cannot be released in the future");
        return false;
    }
    if (!score) {
        const std::string label = row.version + (row.modelName.empty() ? "" : " (" + row.modelName + ")");
        mPv.unmatched.push_back("line " + std::to_string(r.line) + ": " + label + ": no score in this export");
        return false;
    }
    row.score = *score;
    row.source = "Epoch Capabilities Index export " + layerSafeText(baseName(mFile)) + " line " + std::to_string(r.line) + " row '" + row.version +
                 "' (Model name '" + row.modelName + "', score " + row.scoreText + "), imported by the user on " + mToday;
    return true;
}

void IndexImport::readRow(std::size_t k, const CsvRecord &r)
{
    const auto &head = mRecs.front().cells;
    if (r.cells.size() != head.size()) {
        problem(r.line, "", std::to_string(r.cells.size()) + " cells where the header has " + std::to_string(head.size()));
        return;
    }
    ++mPv.rowsRead;
    IndexRow row;
    if (!rowFields(r, row))
        return;
    const Target *t = nullptr;
    bool exact = false;
    if (auto it = mByVersion.find(lower(row.version)); it != mByVersion.end()) {
        t = &it->second;
        exact = true;
    } else if (auto it2 = mByModelName.find(lower(row.modelName)); !row.modelName.empty() && it2 != mByModelName.end()) {
        t = &it2->second;
    }
    if (t) {
        Matched &m = mMatched[t->name];
        if (!m.target) {
            m.target = t;
            m.order = k;
        }
        (exact ? m.exact : m.byName).push_back(row);
        return;
    }
    newModel(r, row, row.version + (row.modelName.empty() ? "" : " (" + row.modelName + ")"));
}

// Not in the catalog: released since the data (what the import is for) becomes a new model; an older
// row the catalog chose to leave out stays out.
void IndexImport::newModel(const CsvRecord &r, const IndexRow &row, const std::string &label)
{
    const std::string &dateText = row.dateText;
    if (!row.date) {
        mPv.unmatched.push_back("line " + std::to_string(r.line) + ": " + label + ": not in the catalog and no release date");
        return;
    }
    const bool open = lower(cell(r, "Model accessibility")).find("open weights") != std::string::npos;
    // An older open model the catalog lacks is taken (the law wants every open model); an older
    // frontier row is left out (the catalog's frontier is curated: previews, superseded versions).
    if (*row.date <= mNewest && !open) {
        mPv.unmatched.push_back("line " + std::to_string(r.line) + ": " + label + ": not in the catalog, a frontier model released " + dateText +
                                ", before the data's newest date " + formatMonth(mNewest) + " (left out)");
        return;
    }
    const std::string name = row.modelName.empty() ? row.version : row.modelName;
    if (mD.openModel(name) || mD.frontier(name) || !mDone.insert(name).second) {
        mPv.unmatched.push_back("line " + std::to_string(r.line) + ": " + label + ": its name is already taken");
        return;
    }
    const double score = row.score;
    if (open) {
        mPv.import.openModels.push_back({{"name", name},
                                         {"organization", cell(r, "Organization")},
                                         {"released", dateText},
                                         {"params_total_b", nullptr},
                                         {"params_active_b", nullptr},
                                         {"params_note", "the index export gives no parameter count: left out of the quality law and the runs until one is added"},
                                         {"quality", score},
                                         {"source", row.source}});
    } else {
        mPv.import.frontierModels.push_back(
            {{"name", name}, {"organization", cell(r, "Organization")}, {"released", dateText}, {"quality", score}, {"source", row.source}});
    }
    mPv.newModels.push_back(name + " (" + (open ? "open weights" : "frontier") + ", score " + fmt(score, 2) + ", released " + dateText +
                            (open ? "; waiting for `import model`" : "") + ")");
    if (open)
        mPv.waiting.push_back(name + " (released " + dateText + ", score " + fmt(score, 2) +
                              "): waiting for `import model` (the index gives no parameter counts; until then it is out of the quality law and the runs)");
}

void IndexImport::resolve()
{
    std::vector<const Matched *> targets;
    for (const auto &[name, m] : mMatched)
        targets.push_back(&m);
    std::sort(targets.begin(), targets.end(), [](const Matched *x, const Matched *y) { return x->order < y->order; });
    for (const Matched *m : targets)
        resolveOne(*m);
}

void IndexImport::resolveOne(const Matched &m)
{
    const Target *t = m.target;
    const std::vector<IndexRow> &use = m.exact.empty() ? m.byName : m.exact;
    // The rows taken must agree on the score (Epoch's version rows of one model share it).
    const auto disagree = std::find_if(use.begin(), use.end(), [&](const IndexRow &x) { return std::fabs(x.score - use.front().score) >= 0.005; });
    if (disagree != use.end()) {
        problem(disagree->line, "ECI Score",
                "\"" + disagree->version + "\" (score " + disagree->scoreText + ") and \"" + use.front().version + "\" (line " +
                    std::to_string(use.front().line) + ", score " + use.front().scoreText + ") both match " + t->name +
                    (m.exact.empty() ? " by its display name \"" + use.front().modelName + "\"" : " by version") +
                    " and disagree on the score; neither is taken (keep the row of the version the catalog cites)");
        return;
    }
    if (!m.exact.empty())
        for (const IndexRow &x : m.byName)
            mPv.unmatched.push_back("line " + std::to_string(x.line) + ": " + x.version + " (" + x.modelName + "): another version of " + t->name +
                                    "; the row the catalog cites (\"" + m.exact.front().version + "\", line " + std::to_string(m.exact.front().line) +
                                    ") is used");
    const IndexRow &row = use.front();
    ModelUpdate up;
    up.name = t->name;
    up.frontier = t->frontier;
    up.source = row.source;
    if (!t->quality || std::fabs(*t->quality - row.score) >= 0.005) {
        up.quality = row.score;
        up.previousQuality = t->quality;
        mPv.changedScores.push_back(t->name + ": " + (t->quality ? fmt(*t->quality, 2) : std::string("unscored")) + " -> " + fmt(row.score, 2));
    }
    if (row.date && std::fabs(*row.date - t->released) > 1.5 / 365.25) {
        if (mUpdateDates) {
            up.released = row.dateText;
            up.previousReleased = formatDate(t->released);
            mPv.changedDates.push_back(t->name + ": " + formatDate(t->released) + " -> " + row.dateText);
        } else {
            mPv.keptDates.push_back(t->name + ": the index says " + row.dateText + ", the catalog " + formatDate(t->released) + " (kept)");
        }
    }
    if (up.quality || up.released)
        mPv.import.updates.push_back(std::move(up));
    else
        mPv.unchanged.push_back(t->name);
}
} // namespace

ImportPreview previewIndex(const DataSet &d, const std::string &text, const std::string &file, const std::string &today, bool updateDates)
{
    ImportPreview pv;
    pv.kind = "index";
    pv.file = file;
    pv.format = "csv";
    pv.import.kind = "index";
    pv.import.file = file;
    pv.import.date = today;
    IndexImport imp(d, file, today, updateDates, pv);
    if (!imp.readTable(text))
        return pv;
    imp.readRows();
    if (!pv.errors.empty()) {
        pv.import = UserImport{};
        pv.import.kind = "index";
        pv.import.file = file;
        pv.import.date = today;
    }
    return pv;
}

} // namespace ff

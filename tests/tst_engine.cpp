// The engine as a whole, on the fixture data (tests/fixture): a warm engine (its caches filled by
// earlier answers) answers like a fresh one, a reused solver workspace like a fresh one, and every
// assumption moves some output.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>

#include "solver/forecast.h"
#include "report/report.h"
#include "testutil.h"
#include "files/loaddata.h"

using namespace ff;

namespace {

const DataSet &fixture()
{
    static const DataSet d = loadDataSet(fftest::fixtureDir());
    return d;
}

nlohmann::ordered_json seriesJson(const std::vector<Series> &all)
{
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto &s : all)
        a.push_back({{"name", s.name}, {"unit", s.unit}, {"role", s.role}, {"stepped", s.stepped}, {"x", s.x}, {"y", s.y},
                     {"labels", s.labels}, {"restarts", s.restarts}});
    return a;
}

// Everything a Result shows: the report's JSON (headline, evidence, per-target, yardsticks, tables)
// and what only the window draws (the chart series, the fitted paces, the warnings).
nlohmann::ordered_json everything(const Engine &e, const Result &r)
{
    nlohmann::ordered_json j = reportJson(e, r);
    j.erase("data_directory");
    j["series"] = {{"trends", seriesJson(r.trends)}, {"crossing", seriesJson(r.crossing)}, {"timeline", seriesJson(r.timeline)}};
    j["fitted_doubling_years"] = {r.fittedBandwidthDoublingYears, r.fittedMemoryDoublingYears, r.fittedComputeDoublingYears,
                                  r.fittedDensityDoublingYears};
    j["current_lag_years"] = r.currentLagYears;
    j["warnings"] = r.warnings;
    return j;
}

// The first place two JSON trees differ ("" when they are equal).
std::string firstDifference(const nlohmann::ordered_json &a, const nlohmann::ordered_json &b, const std::string &path = "")
{
    if (a.type() != b.type() || (!a.is_structured() && a != b))
        return path + ": " + a.dump() + " vs " + b.dump();
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!b.contains(it.key()))
                return path + "." + it.key() + ": missing";
            const std::string d = firstDifference(it.value(), b[it.key()], path + "." + it.key());
            if (!d.empty())
                return d;
        }
        return a.size() == b.size() ? std::string() : path + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " keys";
    }
    if (a.is_array()) {
        if (a.size() != b.size())
            return path + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " entries";
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string d = firstDifference(a[i], b[i], path + "[" + std::to_string(i) + "]");
            if (!d.empty())
                return d;
        }
    }
    return {};
}

std::string describe(const Scenario &s)
{
    std::string out = "target '" + s.targetModel + "'";
    for (const auto &[k, v] : s.values)
        out += ", " + k + "=" + std::to_string(v);
    return out;
}

// A value for the assumption other than `now`: its minimum, maximum, default or a draw in between
// (whole where the assumption is one).
double anotherValue(const AssumptionDef &a, double now, std::mt19937_64 &rng)
{
    for (int tries = 0; tries < 20; ++tries) {
        const int k = std::uniform_int_distribution<int>(0, 3)(rng);
        double v = k == 0 ? a.min : k == 1 ? a.max : k == 2 ? a.value
                                                            : a.min + std::uniform_real_distribution<double>(0, 1)(rng) * (a.max - a.min);
        if (a.integer)
            v = std::round(v);
        if (v != now)
            return v;
    }
    return now;
}

// Assumptions that move nothing in the fixture's default scenario: why, and the scenario in which
// they must move something (so an entry cannot outlive its reason).
struct Inert {
    std::string why;
    std::map<std::string, double> enabledBy;
};
const std::map<std::string, Inert> &inertInDefault()
{
    static const std::map<std::string, Inert> inert = {
        {"distill_breakthrough_deff_b",
         {"the breakthrough is off by default (distill_breakthrough_year 2045 is the horizon), so its size has "
          "nothing to act on",
          {{"distill_breakthrough_year", 2027}}}},
    };
    return inert;
}

// Whether moving `name` to its minimum or its maximum from `base` changes anything a Result shows.
bool movesSomething(const Engine &e, const AssumptionDef &a, const std::map<std::string, double> &base)
{
    Scenario s0;
    s0.values = base;
    const nlohmann::ordered_json before = everything(e, e.compute(s0));
    for (double v : {a.min, a.max}) {
        Scenario s = s0;
        s.values[a.name] = v;
        if (s.values == s0.values || (!base.count(a.name) && v == a.value))
            continue;
        if (everything(e, e.compute(s)) != before)
            return true;
    }
    return false;
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT
private slots:
    // Random walks over every slider (one changed per step, in a shuffled order, so each is moved
    // many times while the others stay put: a cache that does not see it returns the previous
    // step's answer), and the target now and then. After each step the warm engine must answer
    // exactly like a fresh engine on the same data. (The as-of date and the yardstick key the
    // contexts, not the market; they stay at their defaults here.)
    void warmEngineEqualsFreshEngine()
    {
        const DataSet &d = fixture();
        const Engine warm(d);
        std::vector<const FrontierModel *> targets;
        for (const auto &m : d.frontierModels)
            if (m.scored && m.released <= warm.defaultAsOf())
                targets.push_back(&m);
        QVERIFY(!targets.empty());
        std::mt19937_64 rng(20261205);
        std::vector<std::size_t> order(d.assumptions.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        Scenario s;
        int steps = 0;
        for (int round = 0; round < 6; ++round) {
            std::shuffle(order.begin(), order.end(), rng);
            for (std::size_t i : order) {
                const AssumptionDef &a = d.assumptions[i];
                const auto it = s.values.find(a.name);
                s.values[a.name] = anotherValue(a, it == s.values.end() ? a.value : it->second, rng);
                if (std::uniform_int_distribution<int>(0, 9)(rng) == 0)
                    s.targetModel = targets[std::uniform_int_distribution<std::size_t>(0, targets.size() - 1)(rng)]->name;
                const Result w = warm.compute(s);
                const Engine fresh(d);
                const Result f = fresh.compute(s);
                const std::string diff = firstDifference(everything(warm, w), everything(fresh, f));
                QVERIFY2(diff.empty(), qPrintable(QStringLiteral("step %1, after moving %2: warm and fresh differ at %3 (%4)")
                                                      .arg(steps)
                                                      .arg(QString::fromStdString(a.name), QString::fromStdString(diff),
                                                           QString::fromStdString(describe(s)))));
                ++steps;
            }
        }
        QVERIFY(steps >= 6 * static_cast<int>(d.assumptions.size()));
    }

    // A drag step computes only the headline and the visible part (Engine::compute(s, parts)). Over
    // a random walk of every slider, each partial compute must equal the full compute on what it
    // fills, and leave the rest empty (a part the window would show stale is never half-filled).
    void partsEqualTheFullCompute()
    {
        const DataSet &d = fixture();
        const Engine engine(d);
        std::mt19937_64 rng(20261207);
        const std::vector<unsigned> masks = {PartHeadline, PartTargets, PartScenarios, PartBudgets, PartSeries,
                                             PartYardsticks, PartScenarios | PartSeries};
        // The full result with the parts `mask` leaves out emptied, as a partial compute leaves them.
        const auto keepOnly = [](Result r, unsigned mask) {
            if (mask & PartYardsticks)
                mask |= PartTargets;
            if (!(mask & PartTargets))
                r.perTarget.clear();
            if (!(mask & PartScenarios))
                r.scenarios.clear();
            if (!(mask & PartBudgets))
                r.budgets.clear();
            if (!(mask & PartSeries)) {
                r.trends.clear();
                r.crossing.clear();
                r.timeline.clear();
            }
            if (!(mask & PartYardsticks)) {
                r.byYardstick.clear();
                r.contextTrend = LineFit{};
            }
            r.parts = mask;
            return r;
        };
        Scenario s;
        int steps = 0, headlineMoves = 0;
        std::string lastHeadline;
        for (int round = 0; round < 3; ++round) {
            for (const AssumptionDef &a : d.assumptions) {
                const auto it = s.values.find(a.name);
                s.values[a.name] = anotherValue(a, it == s.values.end() ? a.value : it->second, rng);
                const Result full = engine.compute(s);
                QCOMPARE(full.parts, unsigned(PartAll));
                for (unsigned mask : masks) {
                    const Result part = engine.compute(s, mask);
                    const std::string diff = firstDifference(everything(engine, part), everything(engine, keepOnly(full, mask)));
                    QVERIFY2(diff.empty(), qPrintable(QStringLiteral("step %1, parts %2, after moving %3: differ at %4 (%5)")
                                                          .arg(steps)
                                                          .arg(mask)
                                                          .arg(QString::fromStdString(a.name), QString::fromStdString(diff),
                                                               QString::fromStdString(describe(s)))));
                    QCOMPARE(part.parts, mask & PartYardsticks ? mask | PartTargets : mask);
                }
                const std::string headline = std::to_string(full.task.year) + "/" + std::to_string(full.full.year);
                headlineMoves += headline != lastHeadline;
                lastHeadline = headline;
                ++steps;
            }
        }
        // The walk moved the answer (else equal answers would prove little).
        QVERIFY2(headlineMoves >= 5, qPrintable(QString::number(headlineMoves)));
    }

    // One solver workspace reused over a walk of the sliders the roofline's efficiency terms read
    // (the workspace keeps those terms for the last parameters, as the Monte Carlo reuses it per
    // sample), with the rest of a sample's draws moved too: every solve must equal one with a fresh
    // workspace, and each of those sliders must move some answer (else the walk proves nothing).
    void warmWorkspaceEqualsFreshWorkspace()
    {
        const DataSet &d = fixture();
        const Engine engine(d);
        const auto ctx = engine.context(engine.defaultAsOf());
        const FrontierModel &tgt = engine.target(Scenario{}, *ctx);
        std::vector<double> years;
        for (double y = std::floor(ctx->asOf) + 1; y <= d.settings.horizonYear + 1e-9; y += 1)
            years.push_back(y);
        const std::vector<std::string> effSliders = {"runtime_overhead_gb", "bandwidth_efficiency", "compute_efficiency"};
        const std::vector<std::string> others = {"host_base_usd", "kv_compression", "speculative_gain"};
        std::mt19937_64 rng(20261206);
        SolverWorkspace warm;
        Scenario s;
        std::map<std::string, int> moved; // slider -> steps where moving it changed an answer
        std::string previous;
        for (int step = 0; step < 60; ++step) {
            const std::string &name = effSliders[static_cast<std::size_t>(step) % effSliders.size()];
            const AssumptionDef *a = d.assumption(name);
            QVERIFY2(a, name.c_str());
            const auto it = s.values.find(name);
            s.values[name] = anotherValue(*a, it == s.values.end() ? a->value : it->second, rng);
            if (step % 4 == 3) { // now and then another draw as well, keeping the efficiency terms
                const AssumptionDef *o = d.assumption(others[static_cast<std::size_t>(step / 4) % others.size()]);
                QVERIFY(o);
                const auto jt = s.values.find(o->name);
                s.values[o->name] = anotherValue(*o, jt == s.values.end() ? o->value : jt->second, rng);
            }
            const Params p = resolveParams(d, assumptionValues(d, s));
            const auto answer = [&](const Engine::Solve &r) {
                std::string out = std::to_string(r.task.reached) + " " + std::to_string(r.task.year) + " " +
                                  std::to_string(r.full.reached) + " " + std::to_string(r.full.year);
                for (double q : r.localQuality)
                    out += " " + std::to_string(q);
                return out;
            };
            const std::string w = answer(engine.solve(warm, *ctx, p, tgt.quality, tgt.released, p.budgetUsd, true, &years));
            SolverWorkspace fresh;
            const std::string f = answer(engine.solve(fresh, *ctx, p, tgt.quality, tgt.released, p.budgetUsd, true, &years));
            QVERIFY2(w == f, qPrintable(QStringLiteral("step %1, after moving %2: warm %3, fresh %4")
                                            .arg(step)
                                            .arg(QString::fromStdString(name), QString::fromStdString(w), QString::fromStdString(f))));
            if (step % 4 != 3 && step > 0 && f != previous)
                ++moved[name];
            previous = f;
        }
        for (const std::string &name : effSliders)
            QVERIFY2(moved[name] > 0, qPrintable(QStringLiteral("moving %1 never changed an answer").arg(QString::fromStdString(name))));
    }

    // Each assumption, moved to its minimum and to its maximum from the default scenario, changes
    // some output (the report's JSON, the chart series, the warnings) on one side at least, or is on
    // the inert list with the reason.
    void everyAssumptionMovesSomeOutput()
    {
        const DataSet &d = fixture();
        const Engine e(d);
        QStringList dead;
        for (const auto &a : d.assumptions) {
            const bool moves = movesSomething(e, a, {});
            const auto listed = inertInDefault().find(a.name);
            if (listed == inertInDefault().end()) {
                if (!moves)
                    dead << QString::fromStdString(a.name) + QStringLiteral(" moves no output between its minimum and maximum");
                continue;
            }
            if (moves)
                dead << QString::fromStdString(a.name) + QStringLiteral(" moves an output but is listed as inert");
            else if (!movesSomething(e, a, listed->second.enabledBy))
                dead << QString::fromStdString(a.name) + QStringLiteral(" is listed as inert because ") +
                            QString::fromStdString(listed->second.why) + QStringLiteral(", but moves nothing where that does not hold");
        }
        for (const auto &[name, why] : inertInDefault())
            QVERIFY2(d.assumption(name), name.c_str());
        QVERIFY2(dead.isEmpty(), qPrintable(dead.join(QStringLiteral("; "))));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"

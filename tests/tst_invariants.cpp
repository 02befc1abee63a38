// Invariants over the whole parameter space: thousands of random assumption sets inside the
// allowed ranges, plus every range edge. No NaN or inf anywhere, no speed above its roofline,
// monotone parity, and "not reached" reported as such.
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

#include "solver/forecast.h"
#include "report/report.h"
#include "physics/roofline.h"
#include "testutil.h"

using namespace ff;

namespace {
const double kInf = std::numeric_limits<double>::infinity();

// On the fixture (tests/fixture): the invariants hold whatever the data.
const Engine &engine()
{
    static const DataSet d = loadDataSet(fftest::fixtureDir());
    static const Engine e(d);
    return e;
}

// Walks a JSON tree; returns the path of the first non-finite number, or empty.
std::string firstNonFinite(const nlohmann::ordered_json &j, const std::string &path = "")
{
    if (j.is_number_float() && !std::isfinite(j.get<double>()))
        return path.empty() ? "(root)" : path;
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) {
            const auto p = firstNonFinite(it.value(), path + "." + it.key());
            if (!p.empty())
                return p;
        }
    if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) {
            const auto p = firstNonFinite(j[i], path + "[" + std::to_string(i) + "]");
            if (!p.empty())
                return p;
        }
    return {};
}

Scenario randomScenario(std::mt19937_64 &rng, bool edges) { return fftest::randomScenario(engine(), rng, edges); }

double yearOf(const ParityResult &p) { return p.reached ? p.year : kInf; }
// The month to compare when an assumption moves. An implied answer's month is the law's, in the past
// of the evidence and never seen; when the move turns it into an observed one (a real model now runs
// on a real box, with its own later month), the evidence got stronger, not the date later: what must
// not move later then is the law's month.
std::pair<double, double> comparable(const ParityResult &before, const ParityResult &after)
{
    if (before.reached && after.reached && before.kind == ParityKind::Implied && after.kind == ParityKind::Observed)
        return {before.lawYear, after.lawYear};
    return {yearOf(before), yearOf(after)};
}
} // namespace

class TestInvariants : public QObject {
    Q_OBJECT
private slots:
    void noNonFiniteAnywhere_data()
    {
        QTest::addColumn<bool>("edges");
        QTest::addColumn<int>("count");
        QTest::newRow("random inside the allowed ranges") << false << 1500;
        QTest::newRow("range edges") << true << 500;
    }
    void noNonFiniteAnywhere()
    {
        QFETCH(bool, edges);
        QFETCH(int, count);
#ifdef FF_SANITIZED
        count /= 3; // the same walk's first third: memory errors, not coverage, are what that build looks for
#endif
        std::mt19937_64 rng(edges ? 2 : 1);
        const double horizon = engine().data().settings.horizonYear;
        for (int i = 0; i < count; ++i) {
            const Scenario s = randomScenario(rng, edges);
            const Result r = engine().compute(s);
            const auto j = reportJson(engine(), r);
            const std::string bad = firstNonFinite(j);
            QVERIFY2(bad.empty(), (bad + " in sample " + std::to_string(i)).c_str());
            for (const auto *p : {&r.task, &r.full}) {
                if (p->reached) {
                    QVERIFY(p->year <= horizon && p->year >= 2000);
                } else {
                    QVERIFY(j["parity"]["task_level"]["year"].is_null() || r.task.reached);
                    QCOMPARE(QString::fromStdString(yearText(*p)), QStringLiteral("not within the horizon"));
                }
            }
            QVERIFY(yearOf(r.task) <= yearOf(r.full)); // the full product needs everything the task level does
            for (const auto &row : r.scenarios)
                QVERIFY(std::isfinite(row.localQuality) && row.targetSpeedTokensPerS >= 0);
            for (const auto &ser : r.trends)
                for (double y : ser.y)
                    QVERIFY(std::isfinite(y) && y > 0);
        }
    }

    void monteCarloSolverMatchesTheReport_data()
    {
        QTest::addColumn<bool>("edges");
        QTest::addColumn<double>("asOf");
        QTest::newRow("random points") << false << 0.0;
        QTest::newRow("range edges") << true << 0.0;
        QTest::newRow("hindcast 2025-07") << false << 2025.5;
    }

    void monteCarloSolverMatchesTheReport()
    {
        // The Monte Carlo's solver searches an unsorted market best-first, skips boxes by bounds and
        // dominance, looks a few years ahead first and starts from the last winner; the report scans
        // the pruned, sorted market. Both must give the same parity years everywhere.
        QFETCH(bool, edges);
        QFETCH(double, asOf);
        std::mt19937_64 rng(edges ? 6 : 5);
        const DataSet &d = engine().data();
        int compared = 0;
        for (int i = 0; i < 400; ++i) {
            Scenario s = randomScenario(rng, edges);
            if (asOf > 0) {
                s.asOf = asOf;
                const FrontierModel *t = d.frontier(s.targetModel);
                if (t->released > asOf)
                    continue;
            }
            const Result r = engine().compute(s);
            const auto ctx = engine().context(r.asOf);
            Params p = resolveParams(d, assumptionValues(d, s));
            // The moving bar with the scenario's drift, then the fixed target (the drift at 0).
            const Engine::Solve moving = engine().solve(*ctx, p, r.targetQuality, r.targetReleased, p.budgetUsd, true);
            QVERIFY2(yearOf(moving.task) == yearOf(r.movingTask) && yearOf(moving.full) == yearOf(r.movingFull),
                     qPrintable(QStringLiteral("moving bar: task %1 vs %2, full %3 vs %4 (sample %5)")
                                    .arg(yearOf(moving.task)).arg(yearOf(r.movingTask)).arg(yearOf(moving.full)).arg(yearOf(r.movingFull)).arg(i)));
            p.targetDriftPerYear = 0;
            const Engine::Solve solved = engine().solve(*ctx, p, r.targetQuality, r.targetReleased, p.budgetUsd, true);
            QVERIFY2(yearOf(solved.task) == yearOf(r.task),
                     qPrintable(QStringLiteral("task %1 vs %2 (sample %3)").arg(yearOf(solved.task)).arg(yearOf(r.task)).arg(i)));
            QVERIFY2(yearOf(solved.full) == yearOf(r.full),
                     qPrintable(QStringLiteral("full %1 vs %2 (sample %3)").arg(yearOf(solved.full)).arg(yearOf(r.full)).arg(i)));
            ++compared;
        }
        QVERIFY(compared > 100);
    }

    void monotoneEverywhere()
    {
        // At random points of the space, moving one assumption the helpful way never delays parity.
        const struct {
            const char *name;
            double factor; // multiply the value by this (clamped to the allowed range)
        } moves[] = {{"budget_usd", 2.0},
                     {"bandwidth_per_dollar_doubling_years", 0.5},
                     {"memory_per_dollar_doubling_years", 0.5},
                     {"compute_per_dollar_doubling_years", 0.5},
                     {"density_doubling_years", 0.5},
                     {"max_sparsity", 2.0},
                     {"kv_compression", 2.0},
                     {"speculative_gain", 1.5},
                     {"target_drift_per_year", 0.5}};
        // (quality_offset_points is additive: checked in tst_forecast's monotone rows)
        std::mt19937_64 rng(3);
        const DataSet &d = engine().data();
        for (int i = 0; i < 150; ++i) {
            const Scenario base = randomScenario(rng, false);
            const Result r0 = engine().compute(base);
            for (const auto &m : moves) {
                Scenario s = base;
                const AssumptionDef *a = d.assumption(m.name);
                s.values[m.name] = std::clamp(base.values.at(m.name) * m.factor, a->min, a->max);
                const Result r1 = engine().compute(s);
                const auto task = comparable(r0.task, r1.task), full = comparable(r0.full, r1.full);
                QVERIFY2(task.second <= task.first + 1e-9,
                         qPrintable(QStringLiteral("%1 task %2 -> %3 (sample %4)").arg(m.name).arg(task.first).arg(task.second).arg(i)));
                QVERIFY2(full.second <= full.first + 1e-9,
                         qPrintable(QStringLiteral("%1 full %2 -> %3 (sample %4)").arg(m.name).arg(full.first).arg(full.second).arg(i)));
            }
        }
    }

    void decodeNeverAboveRoofline()
    {
        // Random boxes and models: the reported speed never exceeds peak bandwidth / bytes per token.
        std::mt19937_64 rng(4);
        std::uniform_real_distribution<double> U(0, 1);
        const auto logU = [&](double lo, double hi) { return lo * std::pow(hi / lo, U(rng)); };
        for (int i = 0; i < 20000; ++i) {
            BoxSpec box;
            box.vramGb = logU(4, 512);
            box.bandwidthGbps = logU(50, 8000);
            box.ramGb = U(rng) < 0.5 ? 0 : logU(16, 1024);
            box.ramBandwidthGbps = logU(20, 400);
            box.tflops = logU(1, 2000);
            ModelShape m;
            m.paramsTotalB = logU(0.5, 2000);
            m.paramsActiveB = m.paramsTotalB * logU(0.01, 1);
            m.bitsPerWeight = logU(2, 16);
            m.kvBytesPerToken = logU(1000, 500000);
            Efficiency e;
            e.bandwidth = logU(0.2, 1);
            e.compute = logU(0.05, 1);
            e.overheadGb = logU(0.1, 4);
            const double ctx = logU(1, 1e6);
            const Estimate est = estimate(box, m, ctx, e);
            if (!est.fits)
                continue;
            const double bytesPerToken = m.paramsActiveB * m.bitsPerWeight / 8 + ctx * m.kvBytesPerToken / 1e9;
            QVERIFY(std::isfinite(est.decodeTokensPerS));
            QVERIFY(est.decodeTokensPerS <= est.decodeBoundTokensPerS * (1 + 1e-12));
            QVERIFY(est.decodeBoundTokensPerS <= std::max(box.bandwidthGbps, box.ramGb > 0 ? box.ramBandwidthGbps : 0.0) / bytesPerToken * (1 + 1e-9));
            QVERIFY(est.memoryGb <= box.vramGb + box.ramGb + 1e-9);
            if (est.prefillTokensPerS > 0)
                QVERIFY(est.prefillTokensPerS <= box.tflops * 1e12 / (2 * m.paramsActiveB * 1e9) * (1 + 1e-12));
        }
    }
};

QTEST_GUILESS_MAIN(TestInvariants)
#include "tst_invariants.moc"

// The fast parity search against a brute-force oracle: every box, every month, from the start of
// the law's evidence to the horizon, asking the solver's own test (Engine::runsAt). The fast search
// (best-first with size bounds, pruned box lists, the last winner tried first) must find the same
// first month, on the default scenario and on random draws of every assumption, for the task level
// and the full product, on the pruned box list and on the unpruned one.
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

#include "assumptions.h"
#include "forecast.h"
#include "market.h"
#include "testutil.h"
#include "timeutil.h"

using namespace ff;

namespace {
const double kInf = std::numeric_limits<double>::infinity();

// The first month (on the month grid, from `start`) in which any box passes the solver's test.
double bruteForceMonth(const Engine &e, const Context &ctx, const Params &p, const std::vector<Box> &boxes,
                       double targetQuality, double start, ParityMode mode)
{
    const double horizon = e.data().settings.horizonYear;
    start = std::max(start, ctx.lawStart);
    double first = floorToMonth(start);
    if (first + 1e-9 < start)
        first += 1.0 / 12;
    for (int k = 0;; ++k) {
        const double m = floorToMonth(first + (k + 0.5) / 12.0); // the month as the solver writes it
        if (m > horizon + 1e-9)
            return kInf;
        for (const Box &b : boxes)
            if (b.availableFrom <= m && e.runsAt(ctx, p, b, targetQuality, m, mode))
                return m;
    }
}

struct Case {
    std::string what;
    double fast = kInf, oracle = kInf;
};

// Fast and brute-force first months for a scenario: task level, then the full product from the
// task level's month; on the pruned list and the unpruned one.
std::vector<Case> compare(const Engine &e, const Scenario &s, SolverWorkspace &ws)
{
    const DataSet &d = e.data();
    const double asOf = s.asOf.value_or(e.defaultAsOf());
    const auto ctx = e.context(asOf, s.yardstick);
    const Params p = resolveParams(d, assumptionValues(d, s));
    const FrontierModel &tgt = e.target(s, *ctx);
    const double horizon = d.settings.horizonYear;
    const auto proj = e.projectedParts(s);
    std::vector<Case> out;
    for (BoxList list : {BoxList::Pruned, BoxList::Unsorted}) {
        const std::vector<Box> boxes = buildBoxes(d, p, proj, asOf, p.budgetUsd, horizon, list);
        const std::string name = list == BoxList::Pruned ? "pruned" : "unpruned";
        Case task{"task level, " + name};
        task.fast = e.firstLawMonth(*ctx, p, ws, boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
        task.oracle = bruteForceMonth(e, *ctx, p, boxes, tgt.quality, tgt.released, ParityMode::TaskLevel);
        out.push_back(task);
        if (std::isfinite(task.oracle)) {
            Case full{"full product, " + name};
            const double start = std::max(tgt.released, task.oracle);
            full.fast = e.firstLawMonth(*ctx, p, ws, boxes, tgt.quality, start, ParityMode::FullProduct);
            full.oracle = bruteForceMonth(e, *ctx, p, boxes, tgt.quality, start, ParityMode::FullProduct);
            out.push_back(full);
        }
    }
    return out;
}

QString describe(const Case &c)
{
    const auto y = [](double v) { return std::isfinite(v) ? QString::fromStdString(formatMonth(v)) : QStringLiteral("none"); };
    return QStringLiteral("%1: fast %2, brute force %3").arg(QString::fromStdString(c.what), y(c.fast), y(c.oracle));
}
} // namespace

class TestOracle : public QObject {
    Q_OBJECT
private slots:
    void fastSearchMatchesBruteForce_data()
    {
        QTest::addColumn<int>("seed"); // 0: the default scenario
        QTest::addColumn<bool>("fixture"); // the hand-made data set (tests/fixture) instead of data/
        QTest::newRow("default") << 0 << false;
        // Every third draw puts each assumption at its minimum, maximum or default (edges): a bar that
        // rises faster than models shrink, a KV law that grows, boxes that arrive on a month's first day.
        for (int i = 1; i <= 300; ++i)
            QTest::newRow(qPrintable(QStringLiteral("random %1").arg(i))) << i << false;
        QTest::newRow("fixture default") << 0 << true;
        for (int i = 1; i <= 60; ++i)
            QTest::newRow(qPrintable(QStringLiteral("fixture random %1").arg(i))) << i << true;
    }
    void fastSearchMatchesBruteForce()
    {
        QFETCH(int, seed);
        QFETCH(bool, fixture);
        static const Engine fixtureEngine(loadDataSet(fftest::fixtureDir()));
        const Engine &e = fixture ? fixtureEngine : fftest::shippedEngine();
        Scenario s;
        if (seed > 0) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(seed) * 7919);
            s = fftest::randomScenario(e, rng, seed % 3 == 0);
        }
        // One workspace for both lists and modes: the last winner it remembers must not change an answer.
        SolverWorkspace ws;
        for (const Case &c : compare(e, s, ws)) {
            const bool same = (!std::isfinite(c.fast) && !std::isfinite(c.oracle)) || std::fabs(c.fast - c.oracle) < 1e-6;
            QVERIFY2(same, qPrintable(describe(c)));
        }
    }
};

QTEST_GUILESS_MAIN(TestOracle)
#include "tst_oracle.moc"

// The fast parity search against a brute-force oracle: every box, every month, from the start of
// the law's evidence to the horizon, asking the solver's own test (Engine::runsAt). The fast search
// (best-first with size bounds, pruned box lists, the last winner tried first) must find the same
// first month, on the default scenario and on random draws of every assumption, for the task level
// and the full product, on the pruned box list and on the unpruned one; and where affordability has
// gaps (a box under budget in separate windows), planted on the unpruned list.
#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>

#include "data/assumptions.h"
#include "solver/forecast.h"
#include "market/market.h"
#include "testutil.h"
#include "core/timeutil.h"
#include "files/loaddata.h"

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
            if (b.affordableAt(m) && e.runsAt(ctx, p, b, targetQuality, m, mode))
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

// Plants a gap in the affordability of the boxes that could answer in `month`: each box affordable
// then is made over budget from two months before it to `gapMonths` after, so the search must look
// past the gap (another box, or the same one in its next window). Returns the planted boxes' labels.
std::vector<std::string> plantGaps(std::vector<Box> &boxes, double month, int gapMonths)
{
    std::vector<std::string> out;
    for (Box &b : boxes) {
        if (!b.affordableAt(month))
            continue;
        const double gapFrom = month - 2.0 / 12, gapTo = month + gapMonths / 12.0;
        std::array<AffordableWindow, kMaxWindows> w{};
        int n = 0;
        for (int k = 0; k < b.nWindows && n < kMaxWindows; ++k) {
            const AffordableWindow x = b.windows[static_cast<std::size_t>(k)];
            if (x.from < gapFrom && n < kMaxWindows)
                w[static_cast<std::size_t>(n++)] = {x.from, std::min(x.to, gapFrom - 1e-6)};
            if (x.to > gapTo && n < kMaxWindows)
                w[static_cast<std::size_t>(n++)] = {std::max(x.from, gapTo + 1e-6), x.to};
        }
        b.windows = w;
        b.nWindows = n;
        if (n > 0)
            b.availableFrom = w[0].from;
        out.push_back(b.label());
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

    // Affordability with gaps: the boxes affordable in the answer's month are made over budget around
    // it (a DRAM spike, a price rise), some for a few months, some for years. The fast search must find
    // what the brute force finds, month by month, on the task level and the full product.
    void searchHandlesAffordabilityGaps_data()
    {
        QTest::addColumn<int>("gapMonths");
        QTest::addColumn<int>("seed");
        for (int gap : {3, 14, 40})
            for (int seed : {0, 3, 7, 11})
                QTest::newRow(qPrintable(QStringLiteral("gap %1 months, seed %2").arg(gap).arg(seed))) << gap << seed;
    }
    void searchHandlesAffordabilityGaps()
    {
        QFETCH(int, gapMonths);
        QFETCH(int, seed);
        const Engine &e = fftest::shippedEngine();
        Scenario s;
        if (seed > 0) {
            std::mt19937_64 rng(static_cast<std::uint64_t>(seed) * 7919);
            s = fftest::randomScenario(e, rng);
        }
        const DataSet &d = e.data();
        const double asOf = s.asOf.value_or(e.defaultAsOf());
        const auto ctx = e.context(asOf, s.yardstick);
        const Params p = resolveParams(d, assumptionValues(d, s));
        const FrontierModel &tgt = e.target(s, *ctx);
        const auto proj = e.projectedParts(s);
        const std::vector<Box> boxes = buildBoxes(d, p, proj, asOf, p.budgetUsd, d.settings.horizonYear, BoxList::Unsorted);
        SolverWorkspace ws;
        int asked = 0;
        for (ParityMode mode : {ParityMode::TaskLevel, ParityMode::FullProduct}) {
            const double before = e.firstLawMonth(*ctx, p, ws, boxes, tgt.quality, tgt.released, mode);
            if (!std::isfinite(before))
                continue;
            std::vector<Box> gapped = boxes;
            const auto planted = plantGaps(gapped, before, gapMonths);
            QVERIFY(!planted.empty());
            int split = 0; // boxes left with two windows around the gap
            for (const Box &b : gapped) {
                QVERIFY2(!b.affordableAt(before), b.label().c_str()); // the gap is there
                split += b.nWindows > 1;
            }
            Case c{mode == ParityMode::TaskLevel ? "task level, gapped" : "full product, gapped"};
            c.fast = e.firstLawMonth(*ctx, p, ws, gapped, tgt.quality, tgt.released, mode);
            c.oracle = bruteForceMonth(e, *ctx, p, gapped, tgt.quality, tgt.released, mode);
            const bool same = (!std::isfinite(c.fast) && !std::isfinite(c.oracle)) || std::fabs(c.fast - c.oracle) < 1e-6;
            QVERIFY2(same, qPrintable(describe(c) + QStringLiteral(" (%1 boxes planted, %2 split)").arg(planted.size()).arg(split)));
            // Every box that could answer then is over budget then, so the answer moves later.
            QVERIFY2(c.oracle > before + 1e-9, qPrintable(describe(c)));
            ++asked;
        }
        QVERIFY2(asked > 0, "no answer to plant a gap around");
    }
};

QTEST_GUILESS_MAIN(TestOracle)
#include "tst_oracle.moc"

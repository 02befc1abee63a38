// The solver: default answer, monotonicity in every direction the brief names, hindcast,
// observed vs projected parity, and Monte Carlo reproducibility and spread.
#include <QtTest>

#include <cmath>
#include <limits>

#include "data/crosswalk.h"
#include "solver/forecast.h"
#include "uncertainty/montecarlo.h"
#include "report/report.h"
#include "files/loaddata.h"

using namespace ff;

namespace {
const double kInf = std::numeric_limits<double>::infinity();
double yearOf(const ParityResult &p) { return p.reached ? p.year : kInf; }

const Engine &engine()
{
    static const Engine e(loadDataSet(FF_SOURCE_DATA_DIR));
    return e;
}

Result run(std::initializer_list<std::pair<const char *, double>> values, const std::string &target = "Claude Sonnet 4.6")
{
    Scenario s;
    s.targetModel = target;
    for (const auto &[k, v] : values)
        s.values[k] = v;
    return engine().compute(s);
}
} // namespace

class TestForecast : public QObject {
    Q_OBJECT
private slots:
    // Every budget-table cell is one configuration (issue 31, item 3): a model's run on another box
    // than the row's names that box, so a row never reads as if one box did what another does.
    void budgetRowCellsNameTheirBox()
    {
        const Result r = engine().compute(Scenario{});
        const Table t = budgetTable(r);
        QCOMPARE(t.rows.size(), r.budgets.size());
        int elsewhere = 0;
        for (std::size_t i = 0; i < r.budgets.size(); ++i) {
            const BudgetRow &b = r.budgets[i];
            const std::pair<const CatalogRun *, std::size_t> cells[] = {{&b.atApiSpeed, 2}, {&b.largestFit, 3}};
            for (const auto &[run, column] : cells) {
                if (!run->found)
                    continue;
                QVERIFY(!run->box.empty());
                const std::string &cell = t.rows[i][column];
                if (run->box != b.box) {
                    ++elsewhere;
                    QVERIFY2(cell.find(" on " + run->box) != std::string::npos, cell.c_str());
                } else {
                    QVERIFY2(cell.find(" on ") == std::string::npos, cell.c_str());
                }
            }
        }
        // The shipped data has such rows (the $5,000 budget's best run at API speed is on a Mac
        // Studio, its box an RTX 5090): without them this test would check nothing.
        QVERIFY(elsewhere > 0);
    }
    // Issue 25, item 3: a derived score is labelled wherever it shows. Every answer, budget cell and
    // reverse-table row that rests on a model whose score the crosswalk derived says so, in its
    // text and its JSON; an answer on an index score does not.
    void derivedScoresAreLabelled()
    {
        // The shipped crosswalk is not applied by default (inputs.apply): apply it here.
        DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        QVERIFY(d.crosswalk);
        applyCrosswalk(d, *d.crosswalk);
        const Engine applied(d);
        const auto engine = [&]() -> const Engine & { return applied; };
        int derivedSeen = 0;
        for (const char *target : {"Claude Sonnet 4", "Claude Sonnet 4.5", "Claude Sonnet 4.6"}) {
            Scenario s;
            s.targetModel = target;
            const Result r = engine().compute(s);
            const auto isDerived = [&](const std::string &name) {
                const OpenModel *m = engine().data().openModel(name);
                return m && m->qualityDerived;
            };
            for (const BudgetRow &b : r.budgets) {
                for (const ParityResult *p : {&b.task, &b.full}) {
                    if (p->kind != ParityKind::Observed)
                        continue;
                    QCOMPARE(p->derivedScore, isDerived(p->model));
                    const std::string text = yearText(*p);
                    QCOMPARE(text.find("observed (derived score)") != std::string::npos, isDerived(p->model));
                    derivedSeen += p->derivedScore;
                }
                if (b.atApiSpeed.found) {
                    QCOMPARE(b.atApiSpeed.derived, isDerived(b.atApiSpeed.model));
                    const std::string cell = budgetTable(r).rows[static_cast<std::size_t>(&b - r.budgets.data())][2];
                    QCOMPARE(cell.find("derived score") != std::string::npos, b.atApiSpeed.derived);
                }
            }
        }
        // The shipped catalog has observed answers on derived scores (else this checks nothing).
        QVERIFY(derivedSeen > 0);
        ParityResult p;
        p.reached = p.alreadyReached = true;
        p.kind = ParityKind::Observed;
        p.year = 2026.25;
        p.derivedScore = true;
        QCOMPARE(QString::fromStdString(yearText(p)), QStringLiteral("observed (derived score) 2026-04"));
        p.derivedScore = false;
        QCOMPARE(QString::fromStdString(yearText(p)), QStringLiteral("observed 2026-04"));
    }
    void defaultReport()
    {
        const Result r = engine().compute(Scenario{});
        QCOMPARE(QString::fromStdString(r.targetModel), QStringLiteral("Claude Sonnet 4"));
        QVERIFY(r.task.reached);
        QVERIFY(r.full.reached);
        QVERIFY(r.task.year <= r.full.year);
        QVERIFY(!bottleneckText(r.task.heldBack).empty());
        QVERIFY(!bottleneckText(r.full.heldBack).empty());
        QCOMPARE(r.scenarios.size(), engine().data().settings.scenarioYears.size());
        QCOMPARE(r.budgets.size(), engine().data().settings.budgetsUsd.size());
        QVERIFY(r.reverse.size() >= 2);
        QVERIFY(r.reverse.front().run.found);
        QVERIFY(r.currentLagYears >= 0 && r.currentLagYears < 5);
        QVERIFY(r.perTarget.size() >= 3);
        // The fitted law is sane: quality grows with size and time.
        QVERIFY(r.law.b > 0 && r.law.c > 0 && r.law.r2 > 0.5);
        for (const auto &s : r.trends)
            for (double y : s.y)
                QVERIFY(std::isfinite(y) && y > 0);
    }

    // A box is priced with the host RAM it needs: among the RAM tiers of the same cards that run the
    // same model (a tie), the cheaper; the table says which tier it priced.
    void scenarioBoxesNameAndPriceTheirRamTier()
    {
        const Result r = run({});                          // tiers 128, 64, 32 GB (ramTiers)
        const Result smaller = run({{"host_ram_gb", 64}}); // tiers 64, 32: no 128 GB box to pick
        QCOMPARE(r.scenarios.size(), smaller.scenarios.size());
        const Table table = scenarioTable(r);
        int gpuRows = 0, ties = 0;
        for (std::size_t i = 0; i < r.scenarios.size(); ++i) {
            const ScenarioRow &a = r.scenarios[i], &b = smaller.scenarios[i];
            if (a.hostRamGb > 0) {
                ++gpuRows;
                const std::string cell = table.rows[i][1];
                QVERIFY2(cell.find(" with " + fmtFixed(a.hostRamGb, 0) + " GB RAM") != std::string::npos, cell.c_str());
            }
            // Where a smaller tier runs the same size on the same cards, the 128 GB tier is not bought.
            if (a.hostRamGb > 0 && a.box == b.box && a.localDeffB == b.localDeffB) {
                ++ties;
                QVERIFY2(a.hostRamGb <= b.hostRamGb, a.box.c_str());
                QVERIFY2(a.boxCostUsd <= b.boxCostUsd + 1e-6, a.box.c_str());
            }
        }
        qInfo("%d GPU rows, %d that a 64 GB top tier runs the same", gpuRows, ties);
        QVERIFY(gpuRows > 0 && ties > 0);
    }

    void observedPastProjectedFuture()
    {
        // GPT-4 (2023) is matched by open models that ran on affordable boxes before today: observed.
        const Result old = run({}, "GPT-4");
        QVERIFY(old.task.reached);
        QVERIFY(old.task.alreadyReached);
        QVERIFY(!old.task.model.empty());
        QVERIFY(old.task.year <= old.asOf);
        // Sonnet 4.6 is not matched today: projected, strictly after as-of.
        const Result r = run({});
        QVERIFY(!r.task.alreadyReached);
        QVERIFY(r.task.year > r.asOf);
        QVERIFY(r.task.model.empty());
    }

    void monotone_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("worse");
        QTest::addColumn<double>("better");
        // Whether the move must bring some Sonnet-class answer strictly earlier (below); false only
        // where the default answers are held by something else, with the reason in the row's name.
        QTest::addColumn<bool>("strict");
        QTest::newRow("more budget") << "budget_usd" << 3000.0 << 10000.0 << true;
        QTest::newRow("faster bandwidth/$ (the default answers sit on catalog parts and the roadmap entry, whose bandwidth is its ratio, not the pace)") << "bandwidth_per_dollar_doubling_years" << 20.0 << 4.1 << false;
        QTest::newRow("faster memory/$ (with issue 27's decode constants no default answer sits on memory: never later, not required earlier)") << "memory_per_dollar_doubling_years" << 25.0 << 4.0 << false;
        QTest::newRow("faster compute/$") << "compute_per_dollar_doubling_years" << 3.13 << 1.54 << true;
        QTest::newRow("faster distillation") << "density_doubling_years" << 2.0 << 0.5 << true;
        QTest::newRow("models above the law") << "quality_offset_points" << -5.0 << 5.0 << true;
        QTest::newRow("earlier breakthrough") << "distill_breakthrough_year" << 2045.0 << 2027.0 << true;
        QTest::newRow("more sparsity (not what binds the default answers)") << "max_sparsity" << 8.0 << 48.0 << false;
        QTest::newRow("KV compression") << "kv_compression" << 1.0 << 4.0 << true;
        QTest::newRow("speculative decoding") << "speculative_gain" << 1.0 << 2.0 << true;
        QTest::newRow("bigger next generation") << "roadmap_next_memory_gb" << 48.0 << 96.0 << true;
        QTest::newRow("earlier next generation") << "roadmap_next_year" << 2030.0 << 2027.0 << true;
        QTest::newRow("more cards (two cards within $5,000 come no earlier than the one-card answers)") << "max_gpus" << 1.0 << 2.0 << false;
        QTest::newRow("lower speed target") << "target_tokens_per_s" << 100.0 << 30.0 << true;
    }
    void monotone()
    {
        QFETCH(QString, name);
        QFETCH(double, worse);
        QFETCH(double, better);
        QFETCH(bool, strict);
        // Never later for any target at either level; and strictly earlier for one at least: each
        // row's move relieves what binds some Sonnet-class answer (an answer already observed, or held
        // by another bound, may stay put), so a slider whose input the engine stops seeing fails here.
        bool earlier = false;
        for (const char *target : {"Claude Sonnet 4", "Claude Sonnet 4.5", "Claude Sonnet 4.6"}) {
            const Result w = run({{name.toUtf8().constData(), worse}}, target);
            const Result b = run({{name.toUtf8().constData(), better}}, target);
            QVERIFY2(yearOf(b.task) <= yearOf(w.task) + 1e-9,
                     qPrintable(QStringLiteral("%1 task: %2 vs %3").arg(target).arg(yearOf(b.task)).arg(yearOf(w.task))));
            QVERIFY2(yearOf(b.full) <= yearOf(w.full) + 1e-9,
                     qPrintable(QStringLiteral("%1 full: %2 vs %3").arg(target).arg(yearOf(b.full)).arg(yearOf(w.full))));
            earlier = earlier || yearOf(b.task) < yearOf(w.task) - 1e-9 || yearOf(b.full) < yearOf(w.full) - 1e-9;
        }
        if (strict)
            QVERIFY2(earlier, qPrintable(name + QStringLiteral(": no Sonnet-class parity year moved earlier at either level")));
    }

    void higherTargetNeverEarlier()
    {
        double prevTask = -kInf, prevFull = -kInf;
        for (const char *t : {"Claude Sonnet 4", "Claude Sonnet 4.5", "Claude Sonnet 4.6"}) {
            const Result r = run({}, t);
            QVERIFY(yearOf(r.task) >= prevTask);
            QVERIFY(yearOf(r.full) >= prevFull);
            prevTask = yearOf(r.task);
            prevFull = yearOf(r.full);
        }
        // A bar that moves faster never advances parity either (checked in monotone), and a huge one
        // puts parity beyond the horizon, reported as not reached rather than as a number.
        // (the moving bar: the fixed target holds today's bar whatever the drift)
        const Result r = run({{"target_drift_per_year", 15.0}, {"density_doubling_years", 6.0}});
        QVERIFY(!r.movingTask.reached);
        QCOMPARE(QString::fromStdString(yearText(r.movingTask)), QStringLiteral("not within the horizon"));
    }

    void qualityScatterMatchesTheFit()
    {
        // The sampled scatter of future models around the law is the fit's own residual spread.
        const auto ctx = engine().context(engine().defaultAsOf());
        const AssumptionDef *a = engine().data().assumption("quality_offset_points");
        QVERIFY(a);
        QVERIFY2(std::fabs(a->high - 1.2816 * ctx->law.residualSd) < 0.2, qPrintable(QString::number(ctx->law.residualSd)));
        QVERIFY(std::fabs(a->low + a->high) < 1e-9);
    }

    void requiredSizeFallsWithTime()
    {
        const auto ctx = engine().context(engine().defaultAsOf());
        Params p = resolveParams(engine().data(), assumptionValues(engine().data(), Scenario{}));
        p.targetDriftPerYear = 0; // the fixed target
        const double a = engine().requiredDeff(*ctx, p, 150, 2027), b = engine().requiredDeff(*ctx, p, 150, 2029);
        // Halves every density doubling time (default 1 year): two years -> a quarter (or the floor).
        QVERIFY(std::fabs(b / a - 0.25) < 1e-9 || std::fabs(b - ctx->minFittedDeffB) < 1e-9);
        QVERIFY(b >= ctx->minFittedDeffB);
    }

    void hindcastRestrictsCatalogs()
    {
        Scenario s;
        s.asOf = 2024.5;
        s.targetModel = "Claude 3.5 Sonnet (Jun 2024)";
        const Result r = engine().compute(s);
        const auto ctxNow = engine().context(engine().defaultAsOf());
        QVERIFY(r.law.n < ctxNow->law.n);
        for (const auto &row : r.reverse) {
            if (!row.run.found)
                continue;
            const OpenModel *m = engine().data().openModel(row.run.model);
            QVERIFY(m && m->released <= 2024.5);
        }
        // A target released after as-of cannot be used.
        s.targetModel = "Claude Sonnet 4";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, engine().compute(s));
    }

    void reportJsonHasStableKeys()
    {
        const Result r = engine().compute(Scenario{});
        const auto j = reportJson(engine(), r);
        QVERIFY(j.at("parity").at("task_level").contains("year"));
        QVERIFY(j.at("parity").at("full_product").at("bottleneck").is_string());
        QVERIFY(j.at("reverse").at("lag_years").is_number());
        QVERIFY(j.at("scenarios").at(0).at("year").is_number());
        QVERIFY(j.at("budgets").at(0).at("budget_usd").is_number());
    }

    void monteCarloReproducible()
    {
        Scenario s;
        s.targetModel = "Claude Sonnet 4.6";
        const auto a = runMonteCarlo(engine(), s, 400, 7), b = runMonteCarlo(engine(), s, 400, 7);
        QCOMPARE(a.task.p10, b.task.p10);
        QCOMPARE(a.task.p50, b.task.p50);
        QCOMPARE(a.full.p90, b.full.p90);
        QCOMPARE(a.task.histogramCounts, b.task.histogramCounts);
        QVERIFY(a.task.p10 <= a.task.p50 && a.task.p50 <= a.task.p90);
        QVERIFY(a.full.p10 <= a.full.p50 && a.full.p50 <= a.full.p90);
        QVERIFY(a.task.p90 > a.task.p10); // the ranges are not empty
        const auto c = runMonteCarlo(engine(), s, 400, 8);
        QVERIFY(c.task.histogramCounts != a.task.histogramCounts || c.task.p50 != a.task.p50);
    }

    void quickRangeEqualsTheFixedTargetsRange()
    {
        // A drag's quick range leaves the moving bar out (and the fan when it is not on screen): the
        // fixed target's figures are those of the whole run from the same seed, sample by sample,
        // and the moving bar's distributions are empty and said to be.
        Scenario s;
        const auto whole = runMonteCarlo(engine(), s, 200, 11, nullptr, true);
        const auto quick = runMonteCarlo(engine(), s, 200, 11, nullptr, false, false, 1, false);
        QVERIFY(whole.movingSolved);
        QVERIFY(!quick.movingSolved);
        QVERIFY(quick.task.years == whole.task.years);
        QVERIFY(quick.full.years == whole.full.years);
        QCOMPARE(quick.task.p50, whole.task.p50);
        QCOMPARE(quick.full.p90, whole.full.p90);
        QCOMPARE(quick.full.observed, whole.full.observed);
        QVERIFY(quick.movingTask.years.empty() && quick.movingFull.years.empty());
        QVERIFY(quick.fanYears.empty());
        // The whole run's moving bar differs from the fixed target (else leaving it out proves nothing).
        QVERIFY(whole.movingFull.years != whole.full.years);
    }

    void threadsGiveTheSameRange()
    {
        // The same seed gives the same figures on one, two or three threads: every sample's year
        // (all four questions), the kinds counted, the quantiles and the fan. With the moving bar
        // (drift sampled) and the fan, as the window runs it.
        Scenario s;
        const auto one = runMonteCarlo(engine(), s, 300, 7, nullptr, true, false, 1);
        QVERIFY(!one.cancelled);
        for (int threads : {2, 3}) {
            const auto many = runMonteCarlo(engine(), s, 300, 7, nullptr, true, false, threads);
            QVERIFY(!many.cancelled);
            const auto same = [&](const Distribution &a, const Distribution &b, const char *what) {
                QVERIFY2(a.years == b.years, qPrintable(QStringLiteral("%1: sample years differ on %2 threads").arg(QLatin1String(what)).arg(threads)));
                QCOMPARE(a.observed, b.observed);
                QCOMPARE(a.implied, b.implied);
                QCOMPARE(a.projected, b.projected);
                QCOMPARE(a.p10, b.p10);
                QCOMPARE(a.p50, b.p50);
                QCOMPARE(a.p90, b.p90);
                QCOMPARE(a.histogramCounts, b.histogramCounts);
            };
            same(one.task, many.task, "task");
            same(one.full, many.full, "full");
            same(one.movingTask, many.movingTask, "movingTask");
            same(one.movingFull, many.movingFull, "movingFull");
            QCOMPARE(one.fanYears, many.fanYears);
            QCOMPARE(one.fanP10, many.fanP10);
            QCOMPARE(one.fanP50, many.fanP50);
            QCOMPARE(one.fanP90, many.fanP90);
        }
        QCOMPARE(int(one.task.years.size()), 300);
        // A real range, not one year 300 times (the default's task level is observed: its full product varies).
        QVERIFY(one.full.years.front() < one.full.years.back());
        QVERIFY(one.fanP90.back() > one.fanP10.back());
    }

    void fanIsOrdered()
    {
        Scenario s;
        const auto mc = runMonteCarlo(engine(), s, 300, 5, nullptr, true);
        QVERIFY(mc.fanYears.size() >= 10);
        for (std::size_t i = 0; i < mc.fanYears.size(); ++i) {
            QVERIFY(mc.fanP10[i] <= mc.fanP50[i] && mc.fanP50[i] <= mc.fanP90[i]);
            if (i > 0) // hardware and models only improve: the median never falls
                QVERIFY(mc.fanP50[i] >= mc.fanP50[i - 1]);
        }
        QVERIFY(mc.fanP90.back() > mc.fanP10.back());
    }

    void collapsedRangesLeaveOnlyTheLawsOwnSpread()
    {
        // With every assumption's range collapsed the spread that is left is the quality law's own
        // (its fitted coefficients' covariance): the deterministic answer lies inside it and the
        // tornado has that one row.
        DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        for (auto &a : d.assumptions)
            a.low = a.high = a.value;
        const Engine e(d);
        Scenario s;
        s.targetModel = "Claude Sonnet 4.6";
        const Result r = e.compute(s);
        const auto mc = runMonteCarlo(e, s, 400, 3);
        QVERIFY(mc.task.p10 < mc.task.p90);
        QVERIFY(mc.task.p10 <= r.task.year && r.task.year <= mc.task.p90);
        const auto rows = sensitivity(e, s);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(rows.front().name), QString::fromLatin1(kLawFitRow));
        QVERIFY(rows.front().swing > 0);
    }

    void widerRangeNeverNarrower()
    {
        DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        for (auto &a : d.assumptions)
            if (a.name != "density_doubling_years")
                a.low = a.high = a.value;
        Scenario s;
        s.targetModel = "Claude Sonnet 4.6";
        double prevSpread = -1;
        for (double widen : {1.0, 1.5, 2.0}) {
            DataSet w = d;
            for (auto &a : w.assumptions)
                if (a.name == "density_doubling_years") {
                    a.low = a.value / (1.2 * widen);
                    a.high = std::min(a.max, a.value * 1.2 * widen);
                }
            const auto mc = runMonteCarlo(Engine(w), s, 300, 11);
            const double spread = mc.task.p90 - mc.task.p10;
            QVERIFY2(spread >= prevSpread - 1e-9, qPrintable(QStringLiteral("%1 < %2").arg(spread).arg(prevSpread)));
            prevSpread = spread;
        }
        QVERIFY(prevSpread > 0);
    }

    void tornadoNamesAnAccelerant()
    {
        Scenario s;
        s.targetModel = "Claude Sonnet 4.6";
        const auto rows = sensitivity(engine(), s);
        QVERIFY(rows.size() >= 5);
        for (std::size_t i = 1; i < rows.size(); ++i)
            QVERIFY(rows[i - 1].swing >= rows[i].swing);
        QVERIFY(rows.front().swing > 0);
    }
};

QTEST_GUILESS_MAIN(TestForecast)
#include "tst_forecast.moc"

// Honest parity: every answer is observed, implied or projected; the answer rests on the evidence,
// so moving as-of with the same evidence moves nothing; the Monte Carlo samples the law's own fit
// and does not pile up at the end of the data.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

#include "testutil.h"
#include <limits>

#include "solver/forecast.h"
#include "uncertainty/backtest.h"
#include "uncertainty/montecarlo.h"
#include "report/report.h"
#include "core/timeutil.h"
#include "files/loaddata.h"

using namespace ff;

namespace {
const DataSet &shipped()
{
    static const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
    return d;
}

// The shipped data as it stood at `cut`: every catalog row and price observation after it is gone.
DataSet cutAt(double cut) { return cutData(shipped(), cut); }

QString describe(const ParityResult &p)
{
    return QStringLiteral("%1 %2").arg(parityKindName(p.kind)).arg(p.reached ? QString::fromStdString(formatMonth(p.year)) : QStringLiteral("-"));
}
} // namespace

class TestParity : public QObject {
    Q_OBJECT
private slots:
    // With the catalogs cut at one date, as-of at that date and one, two and three months later gives
    // the same kind and year for every answer (task level, full product, every Sonnet generation, every
    // budget row), and the same Monte Carlo quantiles. The old solver projected from the month after
    // as-of, so its answer moved with as-of month by month.
    void asOfInvariance_data()
    {
        QTest::addColumn<QString>("cut");
        QTest::addColumn<QString>("target");
        QTest::newRow("2025-07 Claude 3.5 Sonnet") << "2025-07" << "Claude 3.5 Sonnet (Jun 2024)";
        QTest::newRow("2025-10 Sonnet 4") << "2025-10" << "Claude Sonnet 4";
        QTest::newRow("2026-02 Sonnet 4") << "2026-02" << "Claude Sonnet 4";
        QTest::newRow("shipped Sonnet 4.5") << "" << "Claude Sonnet 4.5";
    }
    void asOfInvariance()
    {
        QFETCH(QString, cut);
        QFETCH(QString, target);
        const double cutDate = cut.isEmpty() ? 0.0 : *parseDate(cut.toStdString());
        const Engine e(cut.isEmpty() ? shipped() : cutAt(cutDate));
        // As-of at the cut (a hindcast of the cut catalog), or for the shipped data at today's month.
        const double at = cut.isEmpty() ? e.defaultAsOf() : cutDate;
        Scenario s;
        s.targetModel = target.toStdString();
        s.asOf = at;
        const Result base = e.compute(s);
        const MonteCarloResult mc0 = runMonteCarlo(e, s, 300, 7);
        QVERIFY(base.task.kind != ParityKind::NotReached || base.full.kind == ParityKind::NotReached);
        for (int k = 1; k <= 3; ++k) {
            s.asOf = at + k / 12.0;
            const Result r = e.compute(s);
            // The same month; the kind changes only where as-of has passed a projected month (it is then
            // due by the law, not a projection).
            const auto same = [&](const ParityResult &a, const ParityResult &b, const char *what) {
                const bool kindOk = a.kind == b.kind || (b.kind == ParityKind::Projected && a.kind == ParityKind::Implied &&
                                                         a.year <= *s.asOf + 1e-9);
                QVERIFY2(kindOk && a.year == b.year,
                         qPrintable(QStringLiteral("%1 at as-of +%2 months: %3, at the cut: %4")
                                        .arg(QLatin1String(what)).arg(k).arg(describe(a), describe(b))));
            };
            // The roadmap entry is new knowledge at its known-since date: when as-of crosses it, the answers
            // without the entry are the ones that must equal the answers at the cut.
            if (r.roadmapKnown != base.roadmapKnown) {
                QVERIFY(r.roadmapKnown && !base.roadmapKnown);
                same(r.taskWithoutRoadmap, base.task, "task level (without the roadmap entry known since)");
                same(r.fullWithoutRoadmap, base.full, "full product (without the roadmap entry known since)");
                continue;
            }
            same(r.task, base.task, "task level");
            same(r.full, base.full, "full product");
            QCOMPARE(r.perTarget.size(), base.perTarget.size());
            for (std::size_t i = 0; i < r.perTarget.size(); ++i) {
                same(r.perTarget[i].task, base.perTarget[i].task, r.perTarget[i].target.c_str());
                same(r.perTarget[i].full, base.perTarget[i].full, r.perTarget[i].target.c_str());
            }
            for (std::size_t i = 0; i < r.budgets.size(); ++i)
                same(r.budgets[i].task, base.budgets[i].task, "budget row");
            // The quantiles of every sample are the same; only where the samples are split into past
            // and future moves with as-of.
            const MonteCarloResult mc = runMonteCarlo(e, s, 300, 7);
            for (double q : {0.1, 0.5, 0.9})
                QCOMPARE(sampleQuantile(mc.task.years, q), sampleQuantile(mc0.task.years, q));
            QCOMPARE(sampleQuantile(mc.full.years, 0.5), sampleQuantile(mc0.full.years, 0.5));
        }
    }

    // What each kind promises.
    void kindsMeanWhatTheySay()
    {
        const Engine e(shipped());
        for (const char *target : {"Claude Sonnet 4", "Claude Sonnet 4.5", "Claude Sonnet 4.6", "GPT-4"}) {
            for (double budget : {2000.0, 5000.0, 10000.0, 50000.0}) {
                Scenario s;
                s.targetModel = target;
                s.values["budget_usd"] = budget;
                const Result r = e.compute(s);
                for (const ParityResult *p : {&r.task, &r.full}) {
                    const QString where = QStringLiteral("%1 at $%2: %3").arg(QLatin1String(target)).arg(budget).arg(describe(*p));
                    switch (p->kind) {
                    case ParityKind::Observed:
                        QVERIFY2(!p->model.empty() && p->alreadyReached && p->year <= r.asOf + 1e-9, qPrintable(where));
                        break;
                    case ParityKind::Implied: // due by the law at or before as-of, not observed
                        QVERIFY2(p->model.empty() && !p->alreadyReached && p->year <= r.asOf + 1e-9 && p->asOf == r.asOf,
                                 qPrintable(where));
                        break;
                    case ParityKind::Projected: // only after as-of
                        QVERIFY2(p->model.empty() && p->year > r.asOf + 1e-9 && p->year > p->evidenceEnd, qPrintable(where));
                        break;
                    case ParityKind::NotReached:
                        QVERIFY2(!p->reached, qPrintable(where));
                        break;
                    }
                    QCOMPARE(p->reached, p->kind != ParityKind::NotReached);
                }
                // The full product includes the task level, so it comes no earlier.
                if (r.full.reached)
                    QVERIFY(r.task.reached && r.task.year <= r.full.year);
            }
        }
        // GPT-4 at $5,000 happened with real models: the answer says so and names them.
        Scenario s;
        s.targetModel = "GPT-4";
        const Result r = e.compute(s);
        QCOMPARE(r.task.kind, ParityKind::Observed);
    }

    // The end of the evidence is the newest scored open release the law is fitted on, not as-of.
    void projectionStartsAtTheEvidence()
    {
        const Engine e(shipped());
        const auto ctx = e.context(e.defaultAsOf());
        double newest = 0;
        for (const auto &m : shipped().openModels)
            if (m.quality && m.paramsTotalB > 0 && m.released <= e.defaultAsOf())
                newest = std::max(newest, m.released);
        QCOMPARE(ctx->evidenceEnd, newest);
        QVERIFY(ctx->evidenceEnd < e.defaultAsOf()); // the shipped data: scores end before the catalogs do
        // The law's pace pivots there: the fitted pace before, the slider's after.
        const Params p = resolveParams(shipped(), assumptionValues(shipped(), Scenario{}));
        const double q0 = e.lawQuality(*ctx, p, 10, ctx->evidenceEnd);
        QVERIFY(std::fabs(e.lawQuality(*ctx, p, 10, ctx->evidenceEnd - 0.5) - (q0 - 0.5 * ctx->law.c)) < 1e-9);
        QVERIFY(std::fabs(e.lawQuality(*ctx, p, 10, ctx->evidenceEnd + 0.5) - (q0 + 0.5 * ctx->law.b / p.densityDoublingYears)) < 1e-9);
    }

    // The Monte Carlo draws the law's coefficients from the fit's covariance: the sample covariance of
    // the draws matches the fit's, and widening it (more scatter) widens the range.
    void lawCoefficientsAreSampled()
    {
        const Engine e(shipped());
        const QualityLaw &law = e.context(e.defaultAsOf())->law;
        QVERIFY(law.cov[4] > 0 && law.cov[0] > 0 && law.cov[8] > 0);
        std::mt19937_64 rng(3);
        std::normal_distribution<double> N(0, 1);
        const int n = 20000;
        double sb = 0, sbb = 0, sbc = 0, sc = 0;
        for (int i = 0; i < n; ++i) {
            Params p;
            const double z0 = N(rng), z1 = N(rng), z2 = N(rng);
            drawLawCoefficients(law, z0, z1, z2, p);
            sb += p.lawDeltaB;
            sc += p.lawDeltaC;
            sbb += p.lawDeltaB * p.lawDeltaB;
            sbc += p.lawDeltaB * p.lawDeltaC;
        }
        const double varB = sbb / n - (sb / n) * (sb / n), covBC = sbc / n - (sb / n) * (sc / n);
        QVERIFY2(std::fabs(varB / law.cov[4] - 1) < 0.05, qPrintable(QString::number(varB / law.cov[4])));
        QVERIFY2(std::fabs(covBC / law.cov[5] - 1) < 0.1, qPrintable(QString::number(covBC / law.cov[5])));
    }

    // No pile-up at the end of the data: the old solver put most samples in the first month it could
    // project (the month after as-of). Now no single month holds more than a fifth of the samples
    // unless they are observed.
    void noSpikeAtTheDataBoundary()
    {
        const Engine e(shipped());
        for (const char *target : {"Claude Sonnet 4", "Claude Sonnet 4.5"}) {
            Scenario s;
            s.targetModel = target;
            const Result r = e.compute(s);
            if (r.task.kind == ParityKind::Observed)
                continue;
            const MonteCarloResult mc = runMonteCarlo(e, s, 2000, 11);
            QVERIFY(mc.task.projected + mc.task.implied > 1000);
            // P10 and P90 at least half a year apart: the range comes from the evidence.
            QVERIFY2(mc.task.p90 - mc.task.p10 >= 0.5, qPrintable(QStringLiteral("%1: P10 %2 P90 %3").arg(QLatin1String(target)).arg(mc.task.p10).arg(mc.task.p90)));
            QVERIFY2(!(mc.task.p10 == mc.task.p50), target);
        }
    }

    // Ties go to the box a person would buy: no box of the pruned market reaches parity in the same
    // month as the named one for less money.
    void cheapestBoxWinsTies()
    {
        const Engine e(shipped());
        Scenario s;
        s.values["budget_usd"] = 10000;
        for (const char *target : {"Claude Sonnet 4", "Claude 3.5 Sonnet (Jun 2024)"}) {
            s.targetModel = target;
            const Result r = e.compute(s);
            QVERIFY(r.task.reached);
            // Re-solve with the budget just under the named box's cost at parity: if a cheaper box
            // reached parity in the same month, parity would stay in that month.
            const Params p = resolveParams(shipped(), assumptionValues(shipped(), s));
            const auto proj = e.projectedParts(s);
            const auto boxes = buildBoxes(shipped(), p, proj, r.asOf, p.budgetUsd, shipped().settings.horizonYear);
            const Box *named = nullptr;
            for (const Box &b : boxes)
                if (b.label() == r.task.box)
                    named = &b;
            QVERIFY2(named, r.task.box.c_str());
            const double cost = named->purchase(r.task.year).totalUsd;
            Scenario cheaper = s;
            cheaper.values["budget_usd"] = std::floor(cost) - 1;
            const Result c = e.compute(cheaper);
            // (The same box may come in under the lower budget too: bought earlier, when it was cheaper.)
            QVERIFY2(!(c.task.reached && c.task.year == r.task.year && c.task.box != r.task.box),
                     qPrintable(QStringLiteral("%1: %2 ($%3) named, but %4 reaches parity in the same month for less")
                                    .arg(QLatin1String(target), QString::fromStdString(r.task.box)).arg(cost)
                                    .arg(QString::fromStdString(c.task.box))));
        }
    }

    // A law answer names a month in which its box runs the needed size at API speed: the default
    // and random scenarios (as tst_gui's chart check draws them), task level and full product. A box
    // that arrives mid-month while a drifting bar rises past what it runs passed the test only
    // between the grid's months, and the solver used to round that moment up to a month it fails in.
    void theNamedBoxRunsTheNeedInTheParityMonth()
    {
        const Engine e(shipped());
        const std::vector<Scenario> scenarios = fftest::checkedScenarios(e); // testutil.h
        int checked = 0;
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            const Result r = e.compute(scenarios[i]);
            for (const ParityResult *pr : {&r.task, &r.full}) {
                if (!pr->reached || pr->kind == ParityKind::Observed)
                    continue;
                ++checked;
                QVERIFY2(std::fabs(pr->year * 12 - std::round(pr->year * 12)) < 1e-6, qPrintable(describe(*pr)));
                QVERIFY2(pr->achievedDeffB >= pr->requiredDeffB * (1 - 1e-9),
                         qPrintable(QStringLiteral("scenario %1: %2 on %3 runs %4B at speed, the target needs %5B")
                                        .arg(i).arg(describe(*pr), QString::fromStdString(pr->box))
                                        .arg(pr->achievedDeffB).arg(pr->requiredDeffB)));
            }
        }
        QVERIFY(checked > 10);
    }

    // The headline's text leads with the kind and shows months only where the range earns them.
    void answerTextPrecision()
    {
        ParityResult p;
        p.reached = true;
        p.kind = ParityKind::Projected;
        p.year = *parseDate("2027-03");
        p.evidenceEnd = *parseDate("2026-01");
        Distribution wide;
        wide.samples = 100;
        wide.future = 100;
        wide.p10 = 2026.2;
        wide.p50 = 2027.2;
        wide.p90 = 2029.4;
        QCOMPARE(QString::fromStdString(answerText(p, &wide, 2045)), QStringLiteral("projected 2027, 80% between 2026 and 2029"));
        Distribution narrow = wide;
        narrow.p10 = *parseDate("2027-01");
        narrow.p90 = *parseDate("2027-08");
        QCOMPARE(QString::fromStdString(answerText(p, &narrow, 2045)),
                 QStringLiteral("projected 2027-03, 80% between 2027-01 and 2027-08"));
        // The share already due comes first, then the range of the rest.
        Distribution split = wide;
        split.due = 54;
        split.shareDue = 0.54;
        split.future = 46;
        split.p10 = *parseDate("2026-05");
        split.p90 = *parseDate("2027-03");
        QCOMPARE(QString::fromStdString(answerText(p, &split, 2045)),
                 QStringLiteral("projected 2027-03; 54% of samples: due by the law, not yet seen; otherwise 80% between 2026-05 and 2027-03"));
        // The precision of a given (earlier) range wins over the new one's: no month/year flip.
        QCOMPARE(QString::fromStdString(cardText(p, &narrow, 2045, &wide)), QStringLiteral("2027"));
        QCOMPARE(QString::fromStdString(cardText(p, nullptr, 2045, &narrow)), QStringLiteral("2027-03"));
        p.kind = ParityKind::Implied;
        p.year = *parseDate("2025-07");
        const QString implied = QString::fromStdString(answerText(p, nullptr, 2045));
        QCOMPARE(implied, QStringLiteral("due by the law since 2025-07, not observed"));
    }

    // A range only from enough future samples (kMinFutureSamples, montecarlo.h): below the floor the
    // answer, the card and the report say how few there are. Claude Sonnet 4.5 on the default
    // scenario has a handful of future samples of 5,000 (the rest observed); it printed
    // "otherwise 80% between 2028 and 2029" from 2 of them.
    void tooFewFutureSamplesGiveNoRange()
    {
        ParityResult p;
        p.reached = true;
        p.kind = ParityKind::Observed;
        p.year = *parseDate("2026-02");
        Distribution few;
        few.samples = 5000;
        few.alreadyObserved = 4998;
        few.shareObserved = 0.9996;
        few.future = 2;
        few.p10 = 2028.1;
        few.p50 = 2028.7;
        few.p90 = 2029.3;
        const QString answer = QString::fromStdString(answerText(p, &few, 2045));
        QCOMPARE(answer, QStringLiteral("observed 2026-02; >99% of samples: observed; otherwise too few future samples for a range (2 of 5000)"));
        const QString card = QString::fromStdString(cardRangeText(p.kind, few, 2045, monthPrecision(&few)));
        QVERIFY2(card.contains(QStringLiteral("2\u00a0future samples, too\u00a0few for a\u00a0range")) && !card.contains(QStringLiteral("2028")),
                 qPrintable(card));
        QVERIFY(!hasFutureRange(few));
        // At the floor the range is given.
        Distribution enough = few;
        enough.future = kMinFutureSamples;
        QVERIFY(hasFutureRange(enough));
        QVERIFY(QString::fromStdString(answerText(p, &enough, 2045)).endsWith(QStringLiteral("otherwise 80% between 2028 and 2029")));

        // The shipped data: the report's task-level line for Sonnet 4.5 (the CLI's samples and seed).
        const Engine e(shipped());
        Scenario s;
        s.targetModel = "Claude Sonnet 4.5";
        const Result r = e.compute(s);
        ReportExtras x;
        x.monteCarlo = runMonteCarlo(e, s, kDefaultSamples, 1);
        const Distribution &d = x.monteCarlo->task;
        QVERIFY2(d.future > 0 && d.future < kMinFutureSamples,
                 qPrintable(QStringLiteral("the test needs a handful of future samples; has %1").arg(d.future)));
        const QString text = QString::fromStdString(reportText(e, r, x));
        QString line;
        for (const QString &l : text.split(QLatin1Char('\n')))
            if (l.trimmed().startsWith(QStringLiteral("Task-level parity:")))
                line = l;
        QVERIFY2(line.contains(QStringLiteral("too few future samples for a range (%1 of %2)").arg(d.future).arg(d.samples)), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("80% ")), qPrintable(line));
        QVERIFY2(line.contains(QStringLiteral("median of the future samples n/a: %1 of them").arg(d.future)), qPrintable(line));
    }

    // Past and future kept apart: the range of every answer (default and 24 random scenarios, both
    // questions) is recomputed here from the raw samples: the samples at or before as-of are the
    // shares already due (or observed), the quantiles are those of the rest. A P10 clamped to as-of
    // does not pass. No projected answer lies at or before as-of, and no P10 either.
    void futureRangeFromTheRawSamples()
    {
        const Engine e(shipped());
        const std::vector<Scenario> scenarios = fftest::checkedScenarios(e);
        int withDue = 0;
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            const Result r = e.compute(scenarios[i]);
            for (const ParityResult *p : {&r.task, &r.full, &r.movingTask, &r.movingFull})
                if (p->kind == ParityKind::Projected)
                    QVERIFY2(p->year > r.asOf + 1e-9 && p->year > p->evidenceEnd,
                             qPrintable(QStringLiteral("scenario %1: %2 as of %3").arg(i).arg(describe(*p)).arg(r.asOf)));
            const MonteCarloResult mc = runMonteCarlo(e, scenarios[i], 300, 5 + i);
            for (const Distribution *d : {&mc.task, &mc.full, &mc.movingTask, &mc.movingFull}) {
                const QString where = QStringLiteral("scenario %1: P10 %2 P50 %3 P90 %4 due %5 as of %6")
                                          .arg(i).arg(d->p10).arg(d->p50).arg(d->p90).arg(d->shareDue).arg(r.asOf);
                QCOMPARE(int(d->years.size()), d->samples);
                std::vector<double> future;
                int past = 0;
                for (double y : d->years)
                    (y <= r.asOf + 1e-9 ? (void)++past : future.push_back(y));
                QCOMPARE(d->due + d->alreadyObserved, past);
                QCOMPARE(d->due, d->implied); // a sample due by the law is one whose answer is implied
                QCOMPARE(d->future, int(future.size()));
                QVERIFY2(std::fabs(d->shareDue - double(d->due) / d->samples) < 1e-12, qPrintable(where));
                withDue += d->due > 0;
                if (future.empty()) {
                    QVERIFY2(std::isnan(d->p10), qPrintable(where));
                    continue;
                }
                std::sort(future.begin(), future.end());
                const auto same = [](double a, double b) { return a == b || (std::isinf(a) && std::isinf(b)); };
                QVERIFY2(same(d->p10, sampleQuantile(future, 0.1)), qPrintable(where));
                QVERIFY2(same(d->p50, sampleQuantile(future, 0.5)), qPrintable(where));
                QVERIFY2(same(d->p90, sampleQuantile(future, 0.9)), qPrintable(where));
                QVERIFY2(d->p10 > r.asOf, qPrintable(where));
            }
        }
        QVERIFY(withDue > 0); // the scenarios exercise the split
    }

    // Two questions: the fixed target never depends on the drift of the hosted bar (same seed, drift 0,
    // default or 3: the same samples and the same answers); the moving bar does.
    void driftNeverWidensTheFixedTarget()
    {
        const Engine e(shipped());
        Scenario still;
        still.values[kDriftAssumption] = 0;
        Scenario moving;
        moving.values[kDriftAssumption] = 3;
        const Result r0 = e.compute(still), rd = e.compute(Scenario{}), r3 = e.compute(moving);
        for (const Result *r : {&rd, &r3}) {
            QVERIFY2(r->task.kind == r0.task.kind && r->task.year == r0.task.year, qPrintable(describe(r->task)));
            QVERIFY2(r->full.kind == r0.full.kind && r->full.year == r0.full.year, qPrintable(describe(r->full)));
        }
        const MonteCarloResult m0 = runMonteCarlo(e, still, 500, 3), md = runMonteCarlo(e, Scenario{}, 500, 3);
        QVERIFY(m0.task.years == md.task.years);
        QVERIFY(m0.full.years == md.full.years);
        QCOMPARE(m0.task.p10, md.task.p10);
        QCOMPARE(m0.full.p90, md.full.p90);
        // The moving bar: with drift 0 its point is the fixed target's; with the drift sampled it is later.
        QVERIFY2(md.movingFull.p50 > md.full.p50, qPrintable(QStringLiteral("%1 vs %2").arg(md.movingFull.p50).arg(md.full.p50)));
        // The bar moves from the end of the evidence on: a fixed-target month up to a month after it
        // leaves the moving bar no later (the default full product, due by the law since the month
        // after the evidence ends); one years later (Sonnet 4.6's) is strictly later under a drift.
        const auto later = [](const ParityResult &a, const ParityResult &b) { return !a.reached || (b.reached && a.year > b.year); };
        const auto notEarlier = [](const ParityResult &a, const ParityResult &b) { return !a.reached || (b.reached && a.year >= b.year); };
        QVERIFY2(notEarlier(r3.movingFull, r0.full), qPrintable(describe(r3.movingFull)));
        QVERIFY2(notEarlier(r3.movingTask, r0.task), qPrintable(describe(r3.movingTask)));
        QVERIFY2(r0.movingFull.year == r0.full.year && r0.movingFull.kind == r0.full.kind, qPrintable(describe(r0.movingFull)));
        still.targetModel = moving.targetModel = "Claude Sonnet 4.6";
        const Result f0 = e.compute(still), f3 = e.compute(moving);
        QVERIFY2(f0.full.reached && f0.full.year > f0.full.evidenceEnd + 1.0, qPrintable(describe(f0.full)));
        QVERIFY2(later(f3.movingFull, f0.full), qPrintable(describe(f3.movingFull)));
        QVERIFY2(f3.full.year == f0.full.year, qPrintable(describe(f3.full)));
    }

    // The roadmap entry applies the same way at any as-of on or after its known-since date, whatever
    // later data exist: a frontier row released after as-of that nothing else uses moves no answer.
    void anUnrelatedLaterRowMovesNothing()
    {
        const Engine e(shipped());
        DataSet more = shipped();
        FrontierModel extra = more.frontierModels.front();
        extra.name = "Unrelated later frontier row";
        extra.sonnetClass = false;
        // As of 2026-04 (after the entry's known-since date), with a row released in 2026-06: before
        // today (the default as-of), so the engine has data after the as-of and it is a hindcast.
        const double asOf = *parseDate("2026-04");
        extra.released = asOf + 2.0 / 12;
        QVERIFY(extra.released < e.defaultAsOf());
        more.frontierModels.push_back(extra);
        const Engine e2(std::move(more));
        for (const char *target : {"Claude Sonnet 4", "Claude Sonnet 4.5", "Claude Sonnet 4.6"}) {
            Scenario s;
            s.targetModel = target;
            s.asOf = asOf;
            const Result a = e.compute(s), b = e2.compute(s);
            const auto same = [&](const ParityResult &x, const ParityResult &y, const char *what) {
                QVERIFY2(x.kind == y.kind && x.year == y.year && x.box == y.box,
                         qPrintable(QStringLiteral("%1 %2: %3 on %4 without the row, %5 on %6 with it")
                                        .arg(QLatin1String(target), QLatin1String(what), describe(x), QString::fromStdString(x.box),
                                             describe(y), QString::fromStdString(y.box))));
            };
            same(a.task, b.task, "task level");
            same(a.full, b.full, "full product");
            same(a.movingTask, b.movingTask, "task level, moving bar");
            same(a.movingFull, b.movingFull, "full product, moving bar");
        }
    }

    // A roadmap entry moved by one year moves every answer that rests on it and no other. An answer that
    // rests on it but is held by the law (its month after the ship date) stays where it is while the
    // entry's line still ships in time: it is then on the entry or a generation projected from it.
    void theRoadmapMovesOnlyWhatRestsOnIt()
    {
        const Engine e(shipped());
        const AssumptionDef *year = shipped().assumption("roadmap_next_year");
        QVERIFY(year);
        int rests = 0, free = 0, movedAny = 0, overtaken = 0;
        // The newest part of the roadmap's line: the base its trend generations are named after.
        std::string lineBase;
        double newest = -1;
        for (const auto &part : shipped().parts)
            if (part.family == "nvidia-geforce-flagship" && part.priceUsd && part.released > newest) {
                newest = part.released;
                lineBase = part.name;
            }
        QVERIFY(!lineBase.empty());
        // On the entry or a generation projected from it.
        const auto onLine = [&](const ParityResult &x) {
            return x.box.find("roadmap") != std::string::npos || x.box.find(lineBase + " successor") != std::string::npos;
        };
        for (const char *target : {"Claude Sonnet 4", "Claude Sonnet 4.5", "Claude Sonnet 4.6"}) {
            for (double budget : {2000.0, 5000.0, 10000.0}) {
                Scenario s;
                s.targetModel = target;
                s.values["budget_usd"] = budget;
                const Result a = e.compute(s);
                s.values["roadmap_next_year"] = year->value + 1;
                const Result b = e.compute(s);
                QVERIFY(a.roadmapKnown);
                const std::pair<const ParityResult *, const ParityResult *> answers[] = {
                    {&a.task, &a.taskWithoutRoadmap}, {&a.full, &a.fullWithoutRoadmap},
                    {&a.movingTask, &a.movingTaskWithoutRoadmap}, {&a.movingFull, &a.movingFullWithoutRoadmap}};
                const ParityResult *moved[] = {&b.task, &b.full, &b.movingTask, &b.movingFull};
                for (int k = 0; k < 4; ++k) {
                    const ParityResult &with = *answers[k].first, &later = *moved[k];
                    const bool changed = later.kind != with.kind || later.year != with.year;
                    const QString where = QStringLiteral("%1 at $%2, answer %3: %4, with the entry a year later %5")
                                              .arg(QLatin1String(target)).arg(budget).arg(k).arg(describe(with), describe(later));
                    if (restsOnRoadmap(with, *answers[k].second)) {
                        ++rests;
                        movedAny += changed;
                        // Or it stays where another line's box sets it: the entry held its own line
                        // back (without the entry the answer is earlier), and a later entry holds it
                        // back further, so the next-best line's date stands.
                        const ParityResult &without = *answers[k].second;
                        const bool heldBack = without.reached && (!with.reached || without.year < with.year);
                        QVERIFY2(changed || (onLine(later) && later.year >= year->value + 1 - 1e-9) || (heldBack && !onLine(later)),
                                 qPrintable(where + QStringLiteral(" on ") + QString::fromStdString(later.box)));
                    } else {
                        // Generations after the entry are projected from it (its line's schedule), so
                        // the entry's line can overtake an answer on another box: that answer may then
                        // come earlier, on the entry's line, never later and never on another box.
                        ++free;
                        QVERIFY2(!changed || (onLine(later) && later.reached && (!with.reached || later.year < with.year)),
                                 qPrintable(where + QStringLiteral(" on ") + QString::fromStdString(later.box)));
                        overtaken += changed;
                    }
                }
            }
        }
        QVERIFY(rests > 0 && free > 0 && movedAny > 0);
        QVERIFY(overtaken < free); // most answers off the entry do not move at all
    }

    // A back-test origin before the entry's known-since date does not see it; any as-of after does.
    void theRoadmapIsKnownFromItsDate()
    {
        const Engine e(shipped());
        const double known = shipped().settings.roadmap.knownSince;
        const auto hasEntry = [&](double asOf) {
            Scenario s;
            s.asOf = asOf;
            const auto parts = e.projectedParts(s);
            return std::any_of(parts.begin(), parts.end(), [](const ProjectedPart &p) { return p.explicitRoadmap; });
        };
        QVERIFY(!hasEntry(known - 1.0 / 12));
        QVERIFY(hasEntry(known));
        QVERIFY(hasEntry(e.defaultAsOf()));
    }
};

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"

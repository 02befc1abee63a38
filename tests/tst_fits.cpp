// Fits recover known parameters from synthetic data. Tolerances stated per check.
#include <QtTest>
#include <QFile>

#include <cmath>
#include <random>

#include "data/crosswalk.h"
#include "data/dataset.h"
#include "data/fits.h"
#include "data/jsonread.h"
#include "core/timeutil.h"
#include "files/loaddata.h"

using namespace ff;

class TestFits : public QObject {
    Q_OBJECT
private slots:
    void doublingTime_data()
    {
        QTest::addColumn<double>("doubling");
        QTest::addColumn<double>("noise");
        QTest::newRow("2.1 y exact") << 2.1 << 0.0;
        QTest::newRow("8.6 y noisy") << 8.6 << 0.05;
        QTest::newRow("0.5 y noisy") << 0.5 << 0.05;
    }
    void doublingTime()
    {
        QFETCH(double, doubling);
        QFETCH(double, noise);
        std::mt19937 rng(7);
        std::normal_distribution<double> n(0, noise);
        std::vector<double> t, y;
        for (int i = 0; i < 60; ++i) {
            const double ti = 2016 + i * 0.15;
            t.push_back(ti);
            y.push_back(3.0 * std::exp2((ti - 2020) / doubling) * std::exp2(noise > 0 ? n(rng) : 0.0));
        }
        const LineFit f = fitLog2Trend(t, y, 2025);
        QVERIFY(f.ok);
        QCOMPARE(f.n, 60);
        // within 3% of the truth (noise of 0.05 doublings per point over 9 years)
        QVERIFY2(std::fabs(f.doublingYears() - doubling) < 0.03 * doubling, qPrintable(QString::number(f.doublingYears())));
        if (noise == 0)
            QVERIFY(f.r2 > 0.999999);
    }

    void flatTrendHasNoDoubling()
    {
        const LineFit f = fitLog2Trend({2020, 2021, 2022, 2023}, {1, 1, 1, 1}, 2025);
        QVERIFY(std::isinf(f.doublingYears()));
    }

    void qualityLawRecovered()
    {
        // Q = 100 + 5 log2(Deff) + 4 (t - 2025), MoE models with alpha 0.5.
        std::vector<OpenModel> ms;
        const double pts[][3] = {{7, 7, 2023.5}, {70, 70, 2023.7}, {13, 13, 2024.1}, {47, 13, 2024.0},
                                 {671, 37, 2025.0}, {117, 5.1, 2025.6}, {30, 3.3, 2025.3}, {405, 405, 2024.5}};
        for (const auto &p : pts) {
            OpenModel m;
            m.name = std::to_string(ms.size());
            m.paramsTotalB = p[0];
            m.paramsActiveB = p[1];
            m.released = p[2];
            m.quality = 100 + 5 * std::log2(deff(p[1], p[0], 0.5)) + 4 * (p[2] - 2025);
            ms.push_back(m);
        }
        const QualityLaw q = fitQualityLaw(ms, 2030, 2025, 0.5);
        QVERIFY(std::fabs(q.a - 100) < 1e-6);
        QVERIFY(std::fabs(q.b - 5) < 1e-6);
        QVERIFY(std::fabs(q.c - 4) < 1e-6);
        QVERIFY(std::fabs(q.densityDoublingYears() - 1.25) < 1e-6);
        // A hindcast sees fewer points and still fits them.
        QVERIFY(fitQualityLaw(ms, 2025.1, 2025, 0.5).n < q.n);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, fitQualityLaw(ms, 2023.9, 2025, 0.5));
    }

    void kvLawRecovered()
    {
        // ln kv = ln 20000 + 0.45 ln Deff - 0.4 (t - 2025): size and date recovered exactly.
        std::vector<OpenModel> ms;
        int i = 0;
        for (double d : {1.0, 8.0, 30.0, 70.0, 200.0, 400.0}) {
            OpenModel m;
            m.name = std::to_string(d);
            m.paramsTotalB = m.paramsActiveB = d;
            m.released = 2023 + 0.5 * i++;
            m.kvBytesPerToken = 20000 * std::pow(d, 0.45) * std::exp(-0.4 * (m.released - 2025));
            ms.push_back(m);
        }
        const KvLaw k = fitKvLaw(ms, 2026, 0.5);
        QVERIFY(std::fabs(k.gamma - 0.45) < 1e-9);
        QVERIFY(std::fabs(k.perYear + 0.4) < 1e-9);
        QVERIFY(std::fabs(k.ref - 20000) < 1e-6 * 20000);
        QVERIFY(std::fabs(k.bytesPerToken(64, 2027) - 20000 * std::pow(64, 0.45) * std::exp(-0.8)) < 1e-6 * k.bytesPerToken(64, 2027));
        QVERIFY(std::fabs(k.halvingYears() - std::log(2.0) / 0.4) < 1e-9);
        // A cache that shrinks with size is not physical: size leaves the law and the date is refitted.
        for (auto &m : ms)
            m.kvBytesPerToken = 20000 * std::pow(m.paramsTotalB, -0.2) * std::exp(-0.4 * (m.released - 2025));
        const KvLaw f = fitKvLaw(ms, 2026, 0.5);
        QCOMPARE(f.gamma, 0.0);
        QVERIFY(f.perYear < 0);
    }

    void dates()
    {
        QCOMPARE(*parseDate("2025-01-01"), 2025.0);
        QVERIFY(std::fabs(*parseDate("2025-07") - (2025 + (181 + 15.5) / 365.0)) < 1e-12);
        QVERIFY(!parseDate("2025-13"));
        QVERIFY(!parseDate("2025-02-30"));
        QVERIFY(!parseDate("abcd"));
        QCOMPARE(QString::fromStdString(formatMonth(2030.0)), QStringLiteral("2030-01"));
        QCOMPARE(QString::fromStdString(formatMonth(2030.5)), QStringLiteral("2030-07"));
        QCOMPARE(floorToMonth(2030.99), 2030 + 11 / 12.0);
    }

    // Issue 25, item 3: the score crosswalk and the weight of a derived score in the quality law.
    // A planted linear relation ECI = 95 + 60 x1 + 20 x2 is recovered (noise-free: to 1e-9; with
    // noise of sd 1: within 3 standard errors of the planted values), and each leave-one-out residual
    // is the point's distance from a fit without it, computed here by refitting on the others.
    void plantedRelationRecovered()
    {
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> u1(0.2, 0.9), u2(0.02, 0.45);
        std::normal_distribution<double> noise(0, 1.0);
        std::vector<double> x1, x2, exact, noisy;
        for (int i = 0; i < 40; ++i) {
            x1.push_back(u1(rng));
            x2.push_back(u2(rng));
            exact.push_back(95 + 60 * x1.back() + 20 * x2.back());
            noisy.push_back(exact.back() + noise(rng));
        }
        const CrosswalkFit f = fitCrosswalkPoints(x1, x2, exact);
        QVERIFY(std::fabs(f.a - 95) < 1e-9 && std::fabs(f.b - 60) < 1e-9 && std::fabs(f.c - 20) < 1e-9);
        for (double r : f.loo)
            QVERIFY(std::fabs(r) < 1e-9);
        const CrosswalkFit g = fitCrosswalkPoints(x1, x2, noisy);
        QVERIFY2(std::fabs(g.b - 60) < 8 && std::fabs(g.c - 20) < 15, qPrintable(QStringLiteral("b %1 c %2").arg(g.b).arg(g.c)));
        QVERIFY(std::fabs(g.residualSd - 1.0) < 0.35);
        QCOMPARE(g.loo.size(), noisy.size());
        // Leave-one-out by hand for three points: fit on the other 39, predict the left-out one.
        for (std::size_t k : {std::size_t(0), std::size_t(17), std::size_t(39)}) {
            std::vector<double> a1 = x1, a2 = x2, ay = noisy;
            a1.erase(a1.begin() + static_cast<long>(k));
            a2.erase(a2.begin() + static_cast<long>(k));
            ay.erase(ay.begin() + static_cast<long>(k));
            const CrosswalkFit h = fitCrosswalkPoints(a1, a2, ay);
            const double byHand = noisy[k] - (h.a + h.b * x1[k] + h.c * x2[k]);
            QVERIFY2(std::fabs(g.loo[k] - byHand) < 1e-9, qPrintable(QStringLiteral("point %1: %2 vs %3").arg(k).arg(g.loo[k]).arg(byHand)));
            // Left out, a point is predicted worse than when it is in the fit.
            QVERIFY(std::fabs(g.loo[k]) >= std::fabs(noisy[k] - g.fitted[k]) - 1e-12);
        }
        // An outlier shows in its leave-one-out residual more than in the in-sample one.
        noisy[5] += 12;
        const CrosswalkFit o = fitCrosswalkPoints(x1, x2, noisy);
        QVERIFY(o.loo[5] > 11 && o.loo[5] > noisy[5] - o.fitted[5]);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, fitCrosswalkPoints({0.1, 0.2}, {0.1, 0.2}, {1, 2}));
    }

    // The shipped data/crosswalk.json is what the fitter writes from the shipped catalogs (a stale
    // file fails here: regenerate with frontier-forecast-calibrate --data data --crosswalk
    // data/crosswalk.json), the fit uses no derived score, and every derived score is applied to its
    // open model with the variance of its size band, labelled derived.
    void shippedCrosswalkIsCurrent()
    {
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        QVERIFY(d.crosswalk);
        const std::string file = std::string(FF_SOURCE_DATA_DIR) + "/crosswalk.json";
        const Crosswalk cw = fitCrosswalk(d, parseCrosswalkInputs(readJsonFile(file), file));
        QFile f(QString::fromStdString(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(QByteArray::fromStdString(crosswalkText(cw)) == f.readAll(),
                 "data/crosswalk.json is stale: frontier-forecast-calibrate --data data --crosswalk data/crosswalk.json");
        QVERIFY(cw.n >= 30);
        for (const auto &p : cw.points) {
            const OpenModel *m = d.openModel(p.name);
            QVERIFY2(!m || !m->qualityDerived, p.name.c_str());
        }
        // Shipped applied (inputs.apply true): the catalog as loaded carries every derived score, the
        // same as applying the fit to the catalog read without it.
        QCOMPARE(cw.inputs.apply, true);
        int loadedDerived = 0;
        for (const auto &m : d.openModels)
            loadedDerived += m.qualityDerived;
        QCOMPARE(loadedDerived, static_cast<int>(cw.derived.size()));
        DataSet applied = d;
        applyCrosswalk(applied, cw);
        // The size bias shows: bands by total parameters, each with its leave-one-out error.
        QVERIFY(cw.bands.size() >= 3);
        QVERIFY(!cw.derived.empty());
        int small = 0;
        for (const auto &dv : cw.derived) {
            const OpenModel *m = applied.openModel(dv.name);
            QVERIFY2(m && m->qualityDerived && m->quality, dv.name.c_str());
            QVERIFY(std::fabs(*m->quality - dv.score) < 1e-3);
            QVERIFY(std::fabs(m->qualityVariance - dv.sd * dv.sd) < 1e-9 && dv.sd > 0);
            small += m->paramsTotalB <= 40;
        }
        QVERIFY(small >= 5);
        // No open model up to 250B total that the crosswalk's source has is left without a score.
        for (const auto &m : applied.openModels)
            if (m.paramsTotalB > 0 && m.paramsTotalB <= 250 && !m.quality)
                for (const auto &r : cw.inputs.rows)
                    QVERIFY2(r.name != m.name, m.name.c_str());
    }

    // The size bias stays corrected (issue 25, item 3): the uncorrected crosswalk over-rated open
    // models up to 40B (leave-one-out mean -2.9 points). With the size term chosen by leave-one-out,
    // no band of 5 or more fitted models is off by 2 points or more on average, the small band's
    // error shrinks, the term chosen has the least leave-one-out error of the candidates (the first,
    // "none", being the uncorrected fit), and a derived small model is marked down by d x s.
    void crosswalkSizeBiasCorrected()
    {
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        QVERIFY(d.crosswalk);
        const Crosswalk &cw = *d.crosswalk;
        for (const auto &b : cw.bands)
            if (b.n >= 5)
                QVERIFY2(std::fabs(b.meanResidual) < 2.0, qPrintable(QStringLiteral("band \"%1\" (n %2): leave-one-out mean %3 points")
                                                                        .arg(QString::fromStdString(b.label))
                                                                        .arg(b.n)
                                                                        .arg(b.meanResidual)));
        QVERIFY(cw.candidates.size() >= 2);
        QCOMPARE(cw.candidates.front().term, CrosswalkSizeTerm::None);
        for (const auto &c : cw.candidates)
            QVERIFY2(cw.looRms <= c.looRms + 1e-12, crosswalkSizeTermName(c.term).c_str());
        const auto small = [](const std::vector<CrosswalkBand> &bands) {
            for (const auto &b : bands)
                if (b.label == "open, up to 40B total")
                    return b;
            return CrosswalkBand{};
        };
        const CrosswalkBand before = small(cw.candidates.front().bands), after = small(cw.bands);
        QVERIFY(before.n >= 5 && after.n == before.n);
        QVERIFY2(after.rmsResidual < before.rmsResidual,
                 qPrintable(QStringLiteral("small band rms %1 -> %2").arg(before.rmsResidual).arg(after.rmsResidual)));
        // The term enters every derived score: a model below the edge sits d x s off the uncorrected law.
        QVERIFY(cw.sizeTerm != CrosswalkSizeTerm::None && cw.d < 0);
        for (const auto &dv : cw.derived) {
            const CrosswalkRow *row = nullptr;
            for (const auto &r : cw.inputs.rows)
                if (r.name == dv.name)
                    row = &r;
            QVERIFY(row);
            QVERIFY(std::fabs(dv.score - (cw.a + cw.b * row->gpqa + cw.c * row->hle + cw.d * dv.sizeValue)) < 1e-9);
            const OpenModel *m = d.openModel(dv.name);
            QVERIFY(m && std::fabs(dv.sizeValue - crosswalkSizeValue(cw.sizeTerm, cw.edgeB, m->paramsTotalB, m->paramsActiveB)) < 1e-12);
        }
    }

    // The size term itself: s is 0 at and above the edge (and for an unknown size), one per halving
    // below it; a planted law with a size penalty of 3 points per halving below 40B is recovered with
    // the third regressor and missed without it (the small models' residuals then carry it).
    void crosswalkSizeTermRecovered()
    {
        QCOMPARE(crosswalkSizeValue(CrosswalkSizeTerm::BelowEdgeTotal, 40, 80, 10), 0.0);
        QCOMPARE(crosswalkSizeValue(CrosswalkSizeTerm::BelowEdgeTotal, 40, 10, 10), 2.0);
        QCOMPARE(crosswalkSizeValue(CrosswalkSizeTerm::BelowEdgeActive, 40, 80, 5), 3.0);
        QCOMPARE(crosswalkSizeValue(CrosswalkSizeTerm::BelowEdgeEffective, 40, 40, 10), 1.0);
        QCOMPARE(crosswalkSizeValue(CrosswalkSizeTerm::SmallBand, 40, 40, 40), 1.0);
        QCOMPARE(crosswalkSizeValue(CrosswalkSizeTerm::SmallBand, 40, 41, 4), 0.0);
        QCOMPARE(crosswalkSizeValue(CrosswalkSizeTerm::BelowEdgeActive, 40, 0, 0), 0.0);
        std::mt19937 rng(5);
        std::uniform_real_distribution<double> u1(0.2, 0.9), u2(0.02, 0.45), lsize(1, 9);
        std::vector<double> x1, x2, x3, y;
        for (int i = 0; i < 40; ++i) {
            x1.push_back(u1(rng));
            x2.push_back(u2(rng));
            x3.push_back(crosswalkSizeValue(CrosswalkSizeTerm::BelowEdgeTotal, 40, std::pow(2.0, lsize(rng)), 0));
            y.push_back(95 + 60 * x1.back() + 20 * x2.back() - 3 * x3.back());
        }
        const CrosswalkFit f = fitCrosswalkPoints(x1, x2, x3, y);
        QVERIFY2(std::fabs(f.d + 3) < 1e-9 && std::fabs(f.b - 60) < 1e-9, qPrintable(QStringLiteral("d %1").arg(f.d)));
        const CrosswalkFit g = fitCrosswalkPoints(x1, x2, y);
        double small = 0;
        int n = 0;
        for (std::size_t i = 0; i < y.size(); ++i)
            if (x3[i] > 1) {
                small += g.loo[i];
                ++n;
            }
        QVERIFY(n >= 5 && small / n < -1.0);
    }

    // A derived score's variance weighs it down in the quality law: a planted law Q = 100 + 4 log2 D
    // + 2 (t - 2025) with one point 15 points off. Given as an index score it pulls the size slope;
    // given with a variance of 15^2 the fit stays near the planted law, and the coefficients'
    // covariance (what the Monte Carlo samples) is wider than if that point were exact.
    void derivedVarianceWeighsThePoint()
    {
        std::vector<LawPoint> pts;
        for (int i = 0; i < 24; ++i) {
            const double D = std::pow(2.0, 1 + i % 8), t = 2023 + 0.15 * i;
            pts.push_back({D, t, 100 + 4 * std::log2(D) + 2 * (t - 2025) + ((i % 3) - 1) * 0.3, 0});
        }
        pts.push_back({2, 2026.5, 100 + 4 + 2 * 1.5 + 15, 0});
        const QualityLaw plain = fitLaw(pts, 2025, 0.5);
        pts.back().var = 15 * 15;
        const QualityLaw weighted = fitLaw(pts, 2025, 0.5);
        QVERIFY2(std::fabs(weighted.b - 4) < std::fabs(plain.b - 4) / 3,
                 qPrintable(QStringLiteral("plain b %1, weighted b %2").arg(plain.b).arg(weighted.b)));
        QVERIFY(std::fabs(weighted.b - 4) < 0.15);
        pts.back().q -= 15; // now on the law
        pts.back().var = 0;
        const QualityLaw exact = fitLaw(pts, 2025, 0.5);
        pts.back().var = 15 * 15;
        const QualityLaw uncertain = fitLaw(pts, 2025, 0.5);
        QVERIFY(uncertain.se(1) > exact.se(1));
    }
};

QTEST_GUILESS_MAIN(TestFits)
#include "tst_fits.moc"

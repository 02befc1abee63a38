// Fits recover known parameters from synthetic data. Tolerances stated per check.
#include <QtTest>

#include <cmath>
#include <random>

#include "fits.h"
#include "timeutil.h"

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
};

QTEST_GUILESS_MAIN(TestFits)
#include "tst_fits.moc"

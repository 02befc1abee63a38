// Roofline formulas against hand-worked figures. Tolerance: relative 1e-3 unless stated.
#include <QtTest>

#include <cmath>
#include <random>

#include "physics/roofline.h"

using namespace ff;

namespace {
bool near(double a, double b, double rel = 1e-3) { return std::fabs(a - b) <= rel * std::max(std::fabs(b), 1e-12); }
Efficiency eff(double bw, double c, double ovh)
{
    Efficiency e;
    e.bandwidth = bw;
    e.compute = c;
    e.overheadGb = ovh;
    return e;
}
} // namespace

class TestRoofline : public QObject {
    Q_OBJECT
private slots:
    void decode_data()
    {
        QTest::addColumn<double>("bw");
        QTest::addColumn<double>("vram");
        QTest::addColumn<double>("pt");
        QTest::addColumn<double>("bits");
        QTest::addColumn<double>("ctx");
        QTest::addColumn<double>("kv");
        QTest::addColumn<double>("boundTps");
        // 8B at 4.85 bpw = 4.85 GB per token; 1008 / 4.85 = 207.84
        QTest::newRow("4090 8B Q4 empty context") << 1008.0 << 24.0 << 8.0 << 4.85 << 0.0 << 0.0 << 207.835;
        // KV: 32768 * 131072 B = 4.295 GB more per token: 1008 / 9.145 = 110.22
        QTest::newRow("4090 8B Q4 32k context") << 1008.0 << 24.0 << 8.0 << 4.85 << 32768.0 << 131072.0 << 110.224;
        // 70B at 8.5 bpw on 128 GB unified, 273 GB/s: 74.375 GB per token -> 3.6706
        QTest::newRow("Spark 70B Q8") << 273.0 << 128.0 << 70.0 << 8.5 << 0.0 << 0.0 << 3.67059;
    }
    void decode()
    {
        QFETCH(double, bw);
        QFETCH(double, vram);
        QFETCH(double, pt);
        QFETCH(double, bits);
        QFETCH(double, ctx);
        QFETCH(double, kv);
        QFETCH(double, boundTps);
        BoxSpec box;
        box.bandwidthGbps = bw;
        box.vramGb = vram;
        ModelShape m{pt, pt, bits, kv};
        const Estimate e = estimate(box, m, ctx, eff(0.65, 0.4, 1.0));
        QVERIFY(e.fits);
        QVERIFY2(near(e.decodeBoundTokensPerS, boundTps), qPrintable(QString::number(e.decodeBoundTokensPerS)));
        QVERIFY(near(e.decodeTokensPerS, 0.65 * boundTps));
        QVERIFY(e.decodeTokensPerS <= e.decodeBoundTokensPerS);
    }

    void offloadSumsTimeOverMemories()
    {
        // 70B at 4.85 bpw = 42.4375 GB; 24 GB card minus 1.5 GB overhead keeps 22.5 GB, 19.9375 GB go to RAM.
        BoxSpec box;
        box.vramGb = 24;
        box.bandwidthGbps = 1008;
        box.ramGb = 128;
        box.ramBandwidthGbps = 80;
        ModelShape m{70, 70, 4.85, 0};
        const Estimate e = estimate(box, m, 0, eff(1.0, 1.0, 1.5));
        QVERIFY(e.fits);
        QVERIFY(near(e.offloadGb, 19.9375));
        // per token: 22.5 GB / 1008 + 19.9375 GB / 80 = 0.0223214 + 0.2492188 s
        QVERIFY(near(e.decodeBoundTokensPerS, 1.0 / (22.5 / 1008 + 19.9375 / 80)));
        // Without RAM it does not fit.
        box.ramGb = 0;
        QVERIFY(!estimate(box, m, 0, eff(1.0, 1.0, 1.5)).fits);
    }

    void kvMustFitInFastMemory()
    {
        BoxSpec box;
        box.vramGb = 8;
        box.bandwidthGbps = 500;
        box.ramGb = 256;
        box.ramBandwidthGbps = 80;
        ModelShape m{1, 1, 16, 327680}; // Llama-3-70B-like KV: 200k tokens = 65.5 GB
        const Estimate e = estimate(box, m, 200000, eff(1, 1, 1));
        QVERIFY(!e.fits);
        QVERIFY(*e.why != 0);
    }

    // Attention FLOPs grow with the square of the prompt: a prompt twice as long takes more than
    // twice as long, and at 100k tokens the attention is a large share for a mid-size model.
    void prefillGrowsFasterThanLinearWithContext()
    {
        BoxSpec box;
        box.vramGb = 1e6;
        box.bandwidthGbps = 1000;
        box.tflops = 500;
        box.peakTflops = 800;
        ModelShape m{32, 32, 4.5, 0};
        Efficiency e = eff(0.8, 0.3, 0);
        e.attentionEfficiency = 0.8;
        e.attentionLawCoef = 7000;
        e.attentionLawExp = 1.05;
        const double t25 = prefillSeconds(box, m, 25000, 0, e), t50 = prefillSeconds(box, m, 50000, 0, e),
                     t100 = prefillSeconds(box, m, 100000, 0, e);
        QVERIFY(t50 > 2.0 * t25 * (1 + 1e-6));
        QVERIFY(t100 > 2.0 * t50 * (1 + 1e-6));
        const PrefillFlops f = prefillFlops(m, 100000, 0, e);
        QVERIFY(f.attention > 0.3 * f.weights);
        // Without the attention term it is linear.
        e.attentionLawCoef = 0;
        QVERIFY(std::fabs(prefillSeconds(box, m, 100000, 0, e) - 4 * prefillSeconds(box, m, 25000, 0, e)) <
                1e-9 * prefillSeconds(box, m, 100000, 0, e));
        // Estimate's time to first token is that of the whole context.
        e.attentionLawCoef = 7000;
        const Estimate est = estimate(box, m, 100000, e);
        QVERIFY(std::fabs(est.ttftSeconds - t100) < 1e-9 * t100);
        QVERIFY(est.prefillTokensPerS <= est.prefillBoundTokensPerS * (1 + 1e-12));
    }

    // The solver's prefill bound and the estimate agree: asked for the largest model that
    // prefills a prompt in exactly the time estimate gives a model, maxShape returns that model.
    void solverPrefillBoundMatchesEstimate_data()
    {
        QTest::addColumn<double>("pa");
        QTest::addColumn<double>("pt");
        QTest::addColumn<double>("prompt");
        QTest::addColumn<double>("peak");
        QTest::newRow("dense 32B, 100k") << 32.0 << 32.0 << 100000.0 << 0.0;
        QTest::newRow("MoE 5B of 117B, 100k") << 5.1 << 116.8 << 100000.0 << 0.0;
        QTest::newRow("dense 14B, 8k, peak-capped") << 14.0 << 14.0 << 8000.0 << 150.0;
    }
    void solverPrefillBoundMatchesEstimate()
    {
        QFETCH(double, pa);
        QFETCH(double, pt);
        QFETCH(double, prompt);
        QFETCH(double, peak);
        BoxSpec box;
        box.vramGb = 1e6;
        box.bandwidthGbps = 1e6;
        box.tflops = 500;
        box.peakTflops = peak;
        Efficiency e = eff(0.8, 0.4, 0);
        e.attentionEfficiency = 0.7;
        e.attentionLawCoef = 7000;
        e.attentionLawExp = 1.05;
        const ModelShape m{pt, pa, 4.5, 0};
        const double ttft = estimate(box, m, prompt, e).ttftSeconds;
        QVERIFY(ttft > 0 && std::isfinite(ttft));
        e.attentionWidth = attentionWidth(m, e); // the solver counts the attention of the model asked about
        const ShapeLimit s = ff::maxShape(box, 4.5, 0, 0, 1e-3, pt / pa, 0.5, e, prompt, ttft);
        QVERIFY2(std::fabs(s.paramsActiveB - pa) < 1e-6 * pa, qPrintable(QString::number(s.paramsActiveB)));
        QVERIFY(std::fabs(s.paramsTotalB - pt) < 1e-6 * pt);
        QCOMPARE(s.binding, Binding::Compute);
    }

    void prefillIsComputeBound()
    {
        BoxSpec box;
        box.vramGb = 24;
        box.bandwidthGbps = 1008;
        box.tflops = 165;
        ModelShape m{8, 8, 4.85, 0};
        const Estimate e = estimate(box, m, 0, eff(0.65, 0.4, 1));
        QVERIFY(near(e.prefillBoundTokensPerS, 165e12 / 16e9)); // 10312.5
        QVERIFY(near(e.prefillTokensPerS, 0.4 * 10312.5));
        box.tflops = 0;
        QCOMPARE(estimate(box, m, 0, eff(0.65, 0.4, 1)).prefillTokensPerS, 0.0);
    }

    void maxShape_data()
    {
        QTest::addColumn<double>("sparsity");
        QTest::addColumn<double>("deff");
        QTest::addColumn<int>("binding");
        // 128 GB, 273 GB/s, 4 bits (0.5 GB per B), 50 tok/s, ideal efficiency, no KV or overhead:
        // Pa <= 0.02 s * 273 / 0.5 = 10.92 B; Pt <= 256 B by memory.
        // s = 24: Pt = min(256, 262.08) = 256 -> Deff = sqrt(10.92 * 256) = 52.873 (memory binds)
        QTest::newRow("memory binds") << 24.0 << std::sqrt(10.92 * 256) << int(Binding::Memory);
        // s = 8: Pt = 87.36 -> Deff = sqrt(10.92 * 87.36) = 30.886 (bandwidth binds)
        QTest::newRow("bandwidth binds") << 8.0 << std::sqrt(10.92 * 87.36) << int(Binding::Bandwidth);
    }
    void maxShape()
    {
        QFETCH(double, sparsity);
        QFETCH(double, deff);
        QFETCH(int, binding);
        BoxSpec box;
        box.vramGb = 128;
        box.bandwidthGbps = 273;
        const ShapeLimit s = ff::maxShape(box, 4, 0, 0, 50, sparsity, 0.5, eff(1, 1, 0));
        QVERIFY2(near(s.deffB, deff), qPrintable(QString::number(s.deffB)));
        QCOMPARE(int(s.binding), binding);
    }

    void maxShapeRespectsItsOwnRoofline()
    {
        // Whatever shape the solver picks must fit and decode at the asked speed on the same box.
        const Efficiency e = eff(0.6, 0.4, 1.5);
        for (double ram : {0.0, 64.0, 256.0})
            for (double tps : {10.0, 30.0, 52.0, 120.0})
                for (double s : {1.0, 8.0, 32.0}) {
                    BoxSpec box;
                    box.vramGb = 24;
                    box.bandwidthGbps = 1008;
                    box.ramGb = ram;
                    box.ramBandwidthGbps = 90;
                    box.tflops = 165;
                    const ShapeLimit lim = ff::maxShape(box, 4.85, 32768, 100000, tps, s, 0.5, e);
                    if (lim.deffB <= 0)
                        continue;
                    const Estimate est = estimate(box, ModelShape{lim.paramsTotalB, lim.paramsActiveB, 4.85, 100000}, 32768, e);
                    QVERIFY2(est.fits, qPrintable(QStringLiteral("ram %1 tps %2 s %3").arg(ram).arg(tps).arg(s)));
                    QVERIFY2(est.decodeTokensPerS >= tps * (1 - 1e-6),
                             qPrintable(QStringLiteral("%1 < %2").arg(est.decodeTokensPerS).arg(tps)));
                    QVERIFY(lim.paramsTotalB <= s * lim.paramsActiveB * (1 + 1e-9));
                }
    }

    void maxShapeIsTheBestFeasibleShape()
    {
        // An oracle that knows nothing of maxShape's candidate shapes: on a fine grid of totals, the
        // most active parameters estimate() and prefillSeconds() accept (bisection; an MoE shape and
        // a dense one separately, since the MoE cost makes feasibility jump at kMoeActiveShare).
        // maxShape must reach the grid's best, and more host RAM must never give a smaller model
        // (the month-only lists drop a smaller RAM tier on that promise). Random boxes with a
        // time-to-first-token cap, where the best shape can sit where the compute cap meets the
        // offload bandwidth.
        std::mt19937_64 rng(20261207);
        const auto U = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
        int capped = 0;
        for (int n = 0; n < 200; ++n) {
            Efficiency e = eff(U(0.5, 0.95), U(0.3, 0.6), U(0.5, 3));
            e.kinds[0].fixedSeconds = U(0, 0.003);
            e.kinds[0].moeSeconds = n % 2 ? U(0, 0.003) : 0.0;
            e.hostCpuTflops = n % 3 ? U(0.5, 4) : 0.0;
            BoxSpec box;
            box.vramGb = U(8, 200);
            box.bandwidthGbps = U(200, 3000);
            box.ramBandwidthGbps = U(40, 800);
            box.tflops = U(20, 400);
            const double tps = U(5, 60), s = U(1, 40), bits = 4.5;
            const double prompt = U(1e4, 2e6), ttftMax = U(10, 600);
            const auto oracle = [&](const BoxSpec &b) {
                double best = 0;
                const double top = (b.vramGb + b.ramGb) / (bits / 8);
                for (int i = 0; i <= 2000; ++i) {
                    const double x = i == 2000 ? top * (1 - 1e-9) : 0.01 * std::pow(top / 0.01, i / 2000.0);
                    const auto ok = [&](double pa) {
                        const ModelShape m{x, pa, bits, 0};
                        const Estimate est = estimate(b, m, 0, e);
                        return est.fits && est.decodeTokensPerS >= tps && prefillSeconds(b, m, prompt, 0, e) <= ttftMax;
                    };
                    const auto most = [&](double lo, double hi) { // largest feasible pa in [lo, hi], or 0
                        if (!(hi > lo) || !ok(lo))
                            return 0.0;
                        if (ok(hi))
                            return hi;
                        for (int k = 0; k < 60; ++k)
                            (ok((lo + hi) / 2) ? lo : hi) = (lo + hi) / 2;
                        return lo;
                    };
                    const double dense = most(kMoeActiveShare * x, x);
                    const double moe = most(x / s, kMoeActiveShare * x * (1 - 1e-12));
                    best = std::max(best, std::sqrt(std::max(dense, moe) * x));
                }
                return best;
            };
            double previous = 0;
            for (double ram : {0.0, 64.0, 256.0, 1024.0}) {
                box.ramGb = ram;
                const ShapeLimit lim = ff::maxShape(box, bits, 0, 0, tps, s, 0.5, e, prompt, ttftMax);
                const double want = oracle(box);
                const QString where = QStringLiteral("case %1, ram %2: maxShape %3, oracle %4, before %5")
                                          .arg(n).arg(ram).arg(lim.deffB).arg(want).arg(previous);
                QVERIFY2(lim.deffB >= want * (1 - 2e-3), qPrintable(where));
                QVERIFY2(lim.deffB >= previous * (1 - 1e-9), qPrintable(where));
                previous = lim.deffB;
                capped += lim.binding == Binding::Compute && lim.offloadGb > 0;
            }
        }
        QVERIFY2(capped > 10, qPrintable(QString::number(capped))); // the crossing is exercised
    }

    void offloadHelpsSparseModels()
    {
        // With RAM, a sparse model can exceed the card's memory and still be fast.
        BoxSpec box;
        box.vramGb = 24;
        box.bandwidthGbps = 1008;
        box.ramBandwidthGbps = 90;
        const Efficiency e = eff(1, 1, 0);
        const double noRam = ff::maxShape(box, 4, 0, 0, 20, 32, 0.5, e).deffB;
        box.ramGb = 128;
        const double withRam = ff::maxShape(box, 4, 0, 0, 20, 32, 0.5, e).deffB;
        QVERIFY2(withRam > noRam, qPrintable(QStringLiteral("%1 vs %2").arg(withRam).arg(noRam)));
    }

    void sizeScalesAsOneOverBits()
    {
        // The solver relies on this: every limit but the prefill bound scales as 1/bits, so the best
        // quantization level is the same on every box. Checked with and without offload.
        const Efficiency e = eff(0.65, 0.4, 1.5);
        for (double ram : {0.0, 128.0}) {
            BoxSpec box;
            box.vramGb = 32;
            box.bandwidthGbps = 1792;
            box.ramGb = ram;
            box.ramBandwidthGbps = 90;
            const double d4 = ff::maxShape(box, 4, 32768, 150000, 52, 24, 0.5, e).deffB;
            const double d8 = ff::maxShape(box, 8, 32768, 150000, 52, 24, 0.5, e).deffB;
            const double d16 = ff::maxShape(box, 16, 32768, 150000, 52, 24, 0.4, e).deffB;
            const double d2 = ff::maxShape(box, 2, 32768, 150000, 52, 24, 0.4, e).deffB;
            QVERIFY(d4 > 0);
            QVERIFY2(near(d4, 2 * d8, 1e-9), qPrintable(QStringLiteral("%1 vs %2").arg(d4).arg(d8)));
            QVERIFY(near(d2, 8 * d16, 1e-9));
        }
    }

    void timeToFirstTokenCapsActiveParams()
    {
        BoxSpec box;
        box.vramGb = 1000;
        box.bandwidthGbps = 100000;
        box.tflops = 100;
        // Pa <= 0.5 * 100e12 * 30 s / (2 * 1e5 tokens * 1e9) = 7.5 B
        const ShapeLimit s = ff::maxShape(box, 16, 0, 0, 1, 1, 0.5, eff(1, 0.5, 0), 100000, 30);
        QVERIFY(near(s.paramsActiveB, 7.5));
        QCOMPARE(int(s.binding), int(Binding::Compute));
        box.tflops = 0; // unknown FLOPS: the full product cannot be shown to work
        QCOMPARE(ff::maxShape(box, 16, 0, 0, 1, 1, 0.5, eff(1, 0.5, 0), 100000, 30).deffB, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestRoofline)
#include "tst_roofline.moc"

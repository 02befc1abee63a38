// The calibrated terms where the solver uses them: the roofline (ff::estimate) on hand-made figures,
// maxShape and estimate agreeing with every calibrated term on, the 1/bits scaling the solver
// relies on, and the sliders keeping control of the calibrated shares. (Split from tst_calibration,
// which checks the fit itself.)
#include <QtTest>

#include <cmath>

#include "physics/calibration.h"
#include "calibrationfixture.h"
#include "data/dataset.h"
#include "report/estimate.h"
#include "solver/forecast.h"

using namespace ff;

class TestCalibrationRoofline : public QObject {
    Q_OBJECT
private slots:
    void roofline_data()
    {
        QTest::addColumn<double>("ctx");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<bool>("unified");
        QTest::addColumn<double>("expected");
        // W = 8 x 4.85 / 8 = 4.85 GB at 0.9 x 1000 GB/s = 5.3889 ms; fixed 2 ms: 135.38 tok/s.
        QTest::newRow("weights + fixed") << 0.0 << 1 << false << 1.0 / (4.85 / 900.0 + 0.002);
        // KV 1000 tokens x 1 MB = 1 GB at 0.5 x 1000 GB/s = 2 ms more.
        QTest::newRow("with KV") << 1000.0 << 1 << false << 1.0 / (4.85 / 900.0 + 0.002 + 0.002);
        // Three cards in a layer split: two hand-offs of 0.25 ms.
        QTest::newRow("3 GPUs") << 0.0 << 3 << false << 1.0 / (4.85 / 900.0 + 0.002 + 0.0005);
        // Unified system: its own fixed time (5 ms), no hand-off.
        QTest::newRow("unified") << 0.0 << 1 << true << 1.0 / (4.85 / 900.0 + 0.005);
    }
    void roofline()
    {
        QFETCH(double, ctx);
        QFETCH(int, gpus);
        QFETCH(bool, unified);
        QFETCH(double, expected);
        Efficiency e;
        e.bandwidth = 0.9;
        e.kvBandwidth = 0.5;
        e.overheadGb = 0;
        e.kinds[int(SystemKind::Gpu)].fixedSeconds = 0.002;
        e.kinds[int(SystemKind::Unified)].fixedSeconds = 0.005;
        e.secondsPerExtraGpu = 0.00025;
        BoxSpec box;
        box.vramGb = 100;
        box.bandwidthGbps = 1000;
        box.gpus = gpus;
        box.unified = unified;
        box.kind = unified ? SystemKind::Unified : SystemKind::Gpu;
        const Estimate est = estimate(box, ModelShape{8, 8, 4.85, 1e6}, ctx, e);
        QVERIFY(est.fits);
        QVERIFY2(nearRel(est.decodeTokensPerS, expected, 1e-9), qPrintable(QString::number(est.decodeTokensPerS)));
        QVERIFY(nearRel(est.decodeBoundTokensPerS, 1000.0 / (4.85 + ctx * 1e6 / 1e9), 1e-9));
    }

    // maxShape and estimate agree: the largest shape at a speed decodes at exactly that speed
    // when bandwidth binds, with every calibrated term on.
    void maxShapeRoundTrip_data()
    {
        QTest::addColumn<double>("vram");
        QTest::addColumn<double>("ram");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<bool>("unified");
        QTest::newRow("one 4090-like card") << 24.0 << 0.0 << 1 << false;
        QTest::newRow("two cards") << 48.0 << 0.0 << 2 << false;
        QTest::newRow("unified 128 GB") << 96.0 << 0.0 << 1 << true;
        QTest::newRow("card + RAM offload") << 24.0 << 128.0 << 1 << false;
    }
    void maxShapeRoundTrip()
    {
        QFETCH(double, vram);
        QFETCH(double, ram);
        QFETCH(int, gpus);
        QFETCH(bool, unified);
        const Efficiency e = calibratedEfficiency(shipped(), 1.5);
        BoxSpec box;
        box.vramGb = vram;
        box.ramGb = ram;
        box.ramBandwidthGbps = 90;
        box.bandwidthGbps = unified ? 273 : 1008;
        box.gpus = gpus;
        box.unified = unified;
        box.kind = unified ? SystemKind::Unified : SystemKind::Gpu;
        box.tflops = unified ? 100 : 400; // the decode arithmetic term is on too
        QVERIFY(e.computeSecondsPerB(box) > 0 && e.moeSeconds(box) > 0 && e.offloadComputeSecondsPerB() > 0);
        const double tps = unified ? 20 : 52;
        for (double sparsity : {1.0, 24.0}) {
            const ShapeLimit s = maxShape(box, 4.818, 32768, 150000, tps, sparsity, 0.5, e);
            QVERIFY(s.deffB > 0);
            const Estimate est = estimate(box, ModelShape{s.paramsTotalB, s.paramsActiveB, 4.818, 150000}, 32768, e);
            QVERIFY(est.fits);
            QVERIFY2(est.decodeTokensPerS >= tps * (1 - 1e-6), qPrintable(QString::number(est.decodeTokensPerS)));
            if (s.binding == Binding::Bandwidth)
                QVERIFY2(nearRel(est.decodeTokensPerS, tps, 1e-6), qPrintable(QString::number(est.decodeTokensPerS)));
        }
    }

    // The invariant of tst_roofline sizeScalesAsOneOverBits, with the calibrated terms on: the fixed
    // time, the MoE cost, the kind's weight share and the KV share do not depend on bits, so every
    // limit but the prefill bound scales as 1/bits. The decode arithmetic terms (per active parameter,
    // whatever its bits) do not scale: they are off here (box.tflops 0, no host CPU limit), and the
    // solver's choice of quantization level treats them as this scaling does (model/README.md).
    void sizeScalesAsOneOverBits_data()
    {
        QTest::addColumn<double>("ram");
        QTest::addColumn<int>("gpus");
        QTest::addColumn<bool>("unified");
        QTest::newRow("card") << 0.0 << 1 << false;
        QTest::newRow("card + RAM") << 128.0 << 1 << false;
        QTest::newRow("two cards + RAM") << 128.0 << 2 << false;
        QTest::newRow("unified") << 0.0 << 1 << true;
    }
    void sizeScalesAsOneOverBits()
    {
        QFETCH(double, ram);
        QFETCH(int, gpus);
        QFETCH(bool, unified);
        Efficiency e = calibratedEfficiency(shipped(), 1.5);
        e.hostCpuTflops = 0;
        BoxSpec box;
        box.vramGb = 32 * gpus;
        box.bandwidthGbps = 1792;
        box.ramGb = ram;
        box.ramBandwidthGbps = 90;
        box.gpus = gpus;
        box.unified = unified;
        box.kind = unified ? SystemKind::Apple : SystemKind::Gpu;
        const double d4 = maxShape(box, 4, 32768, 150000, 52, 24, 0.5, e).deffB;
        const double d8 = maxShape(box, 8, 32768, 150000, 52, 24, 0.5, e).deffB;
        const double d2 = maxShape(box, 2, 32768, 150000, 52, 24, 0.4, e).deffB;
        const double d16 = maxShape(box, 16, 32768, 150000, 52, 24, 0.4, e).deffB;
        QVERIFY(d4 > 0);
        QVERIFY2(nearRel(d4, 2 * d8, 1e-9), qPrintable(QStringLiteral("%1 vs %2").arg(d4).arg(d8)));
        QVERIFY(nearRel(d2, 8 * d16, 1e-9));
    }

    void fixedTimeAloneCanBind()
    {
        // Faster than 1 / fixed time: nothing runs, and the binding says bandwidth, not KV.
        Efficiency e;
        e.kinds[int(SystemKind::Gpu)].fixedSeconds = 0.01;
        BoxSpec box;
        box.vramGb = 24;
        box.bandwidthGbps = 1000;
        const ShapeLimit s = maxShape(box, 4, 0, 0, 200, 1, 0.5, e);
        QCOMPARE(s.deffB, 0.0);
        QCOMPARE(int(s.binding), int(Binding::Bandwidth));
    }

    void sliderScalesKvShare()
    {
        // The engine's sliders keep control; the KV share moves in proportion, capped at 1.
        Params p = resolveParams(data(), assumptionValues(data(), Scenario{}));
        const Calibration &c = shipped();
        p.bandwidthEfficiency = c.bandwidthEfficiency;
        Efficiency e = calibratedEfficiency(c, p);
        QVERIFY(nearRel(e.kvBandwidth, c.kvEfficiency, 1e-12));
        QVERIFY(nearRel(e.kinds[int(SystemKind::Gpu)].fixedSeconds, c.fixedSecondsGpu, 1e-12));
        QCOMPARE(e.overheadGb, p.runtimeOverheadGb);
        p.bandwidthEfficiency = c.bandwidthEfficiency / 2;
        e = calibratedEfficiency(c, p);
        QVERIFY(nearRel(e.kvBandwidth, c.kvEfficiency / 2, 1e-12));
        p.bandwidthEfficiency = 1.0;
        QVERIFY(calibratedEfficiency(c, p).kvBandwidth <= 1.0);
    }
};

QTEST_GUILESS_MAIN(TestCalibrationRoofline)
#include "tst_calibration_roofline.moc"

// The calibrated speed model: data/calibration.json is what a refit of data/measurements.json
// gives (relative tolerance 1e-4 on constants: the file keeps 6 significant digits; 0.01
// percentage points on error statistics), the constants are physical, no prediction beats the
// bandwidth roofline, and the roofline applies the new terms without breaking the 1/bits scaling
// the solver relies on.
//
// FF_WRITE_CALIBRATION=<path to data/calibration.json> tst_calibration rewrites the file from its
// inputs section (then the drift checks pass by construction).
#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "calibration.h"
#include "claims.h"
#include "dataset.h"
#include "forecast.h"

using namespace ff;

namespace {
bool nearRel(double a, double b, double rel) { return std::fabs(a - b) <= rel * std::max(std::fabs(b), 1e-12); }

const DataSet &data()
{
    static const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
    return d;
}
const Calibration &shipped()
{
    static const Calibration c = loadCalibration(FF_SOURCE_DATA_DIR);
    return c;
}
const Calibration &refit()
{
    static const Calibration c = fitCalibration(data(), shipped().inputs);
    return c;
}
} // namespace

class TestCalibration : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (const char *out = std::getenv("FF_WRITE_CALIBRATION")) {
            const CalibrationInputs in = parseCalibrationInputs(readJsonFile(out), "calibration.json");
            const Calibration c = fitCalibration(loadDataSet(FF_SOURCE_DATA_DIR), in);
            std::ofstream f(out);
            f << calibrationJson(c).dump(2) << "\n";
            QVERIFY(f.good());
        }
    }

    void constantsMatchRefit_data()
    {
        QTest::addColumn<double>("file");
        QTest::addColumn<double>("fitted");
        const Calibration &s = shipped(), &f = refit();
        QTest::newRow("bandwidth_efficiency") << s.bandwidthEfficiency << f.bandwidthEfficiency;
        QTest::newRow("kv_efficiency") << s.kvEfficiency << f.kvEfficiency;
        QTest::newRow("fixed_seconds_per_token_gpu") << s.fixedSecondsGpu << f.fixedSecondsGpu;
        QTest::newRow("fixed_seconds_per_token_unified") << s.fixedSecondsUnified << f.fixedSecondsUnified;
        QTest::newRow("seconds_per_extra_gpu") << s.secondsPerExtraGpu << f.secondsPerExtraGpu;
        QTest::newRow("compute_efficiency") << s.computeEfficiency << f.computeEfficiency;
        QTest::newRow("r2") << s.r2Log << f.r2Log;
        QTest::newRow("n") << double(s.n) << double(f.n);
        QTest::newRow("excluded") << double(s.excluded) << double(f.excluded);
        for (std::size_t i = 0; i < s.kvByGeneration.size() && i < f.kvByGeneration.size(); ++i)
            QTest::newRow(("kv " + s.kvByGeneration[i].generation).c_str()) << s.kvByGeneration[i].efficiency
                                                                             << f.kvByGeneration[i].efficiency;
        QTest::newRow("attention_efficiency") << s.attentionEfficiency << f.attentionEfficiency;
        QTest::newRow("attention law coef") << s.attentionLaw.coef << f.attentionLaw.coef;
        QTest::newRow("attention law exponent") << s.attentionLaw.exponent << f.attentionLaw.exponent;
        QTest::newRow("prefill n") << double(s.prefillN) << double(f.prefillN);
        for (std::size_t i = 0; i < s.prefillFamilies.size() && i < f.prefillFamilies.size(); ++i)
            QTest::newRow(("prefill " + s.prefillFamilies[i].family).c_str()) << s.prefillFamilies[i].efficiency
                                                                               << f.prefillFamilies[i].efficiency;
        for (std::size_t i = 0; i < s.prefillGenerations.size() && i < f.prefillGenerations.size(); ++i)
            QTest::newRow(("prefill scale " + s.prefillGenerations[i].generation).c_str()) << s.prefillGenerations[i].scale
                                                                                          << f.prefillGenerations[i].scale;
    }
    void constantsMatchRefit()
    {
        QFETCH(double, file);
        QFETCH(double, fitted);
        QVERIFY2(nearRel(file, fitted, 1e-4), qPrintable(QStringLiteral("file %1, refit %2: data/calibration.json has drifted "
                                                                         "(regenerate with FF_WRITE_CALIBRATION)").arg(file, 0, 'g', 8).arg(fitted, 0, 'g', 8)));
    }

    void errorTableMatchesRefit()
    {
        const Calibration &s = shipped(), &f = refit();
        QCOMPARE(s.decodeErrors.size(), f.decodeErrors.size());
        QCOMPARE(s.kvByGeneration.size(), f.kvByGeneration.size());
        QCOMPARE(s.prefillFamilies.size(), f.prefillFamilies.size());
        for (std::size_t i = 0; i < s.prefillFamilies.size(); ++i) {
            const PrefillFamilyFit &a = s.prefillFamilies[i], &b = f.prefillFamilies[i];
            QCOMPARE(QString::fromStdString(a.family), QString::fromStdString(b.family));
            QCOMPARE(a.n, b.n);
            for (auto [x, y] : {std::pair{a.medianApe, b.medianApe}, {a.p90Ape, b.p90Ape}, {a.cvMedianApe, b.cvMedianApe},
                                {a.cvP90Ape, b.cvP90Ape}})
                QVERIFY2(std::fabs(x - y) <= 0.01, qPrintable(QString::fromStdString(a.family)));
        }
        for (auto [x, y] : {std::pair{s.prefillCvMedianApe, f.prefillCvMedianApe}, {s.prefillCvP90Ape, f.prefillCvP90Ape}})
            QVERIFY(std::fabs(x - y) <= 0.01);
        QCOMPARE(s.decodeCvErrors.size(), f.decodeCvErrors.size());
        for (std::size_t i = 0; i < s.decodeCvErrors.size(); ++i) {
            QCOMPARE(QString::fromStdString(s.decodeCvErrors[i].family), QString::fromStdString(f.decodeCvErrors[i].family));
            QVERIFY(std::fabs(s.decodeCvErrors[i].medianApe - f.decodeCvErrors[i].medianApe) <= 0.01);
            QVERIFY(std::fabs(s.decodeCvErrors[i].p90Ape - f.decodeCvErrors[i].p90Ape) <= 0.01);
        }
        for (std::size_t i = 0; i < s.decodeErrors.size(); ++i) {
            const ErrorStats &a = s.decodeErrors[i], &b = f.decodeErrors[i];
            QCOMPARE(QString::fromStdString(a.family), QString::fromStdString(b.family));
            QCOMPARE(a.n, b.n);
            for (auto [x, y] : {std::pair{a.medianApe, b.medianApe}, {a.p90Ape, b.p90Ape}, {a.flatMedianApe, b.flatMedianApe},
                                {a.flatP90Ape, b.flatP90Ape}})
                QVERIFY2(std::fabs(x - y) <= 0.01, qPrintable(QString::fromStdString(a.family)));
        }
    }

    // Prefill: fitted on single-device prompts, each family's rate shown in and out of sample.
    // The cross-validated error is the honest one (a family never measured gets the fallback);
    // these bounds are today's figures with a margin, so a change that loses accuracy fails here.
    // Decode, cross-validated by leaving each architecture family out: the error that counts for a
    // part never measured. Today's figures with a margin.
    void decodeCrossValidatedErrorIsBounded()
    {
        const Calibration &c = shipped();
        QVERIFY(c.decodeCvErrors.size() >= 5);
        QVERIFY2(c.decodeCvErrors.front().medianApe < 12, qPrintable(QString::number(c.decodeCvErrors.front().medianApe)));
        QVERIFY2(c.decodeCvErrors.front().p90Ape < 32, qPrintable(QString::number(c.decodeCvErrors.front().p90Ape)));
        QCOMPARE(c.decodeCvErrors.front().n, c.n);
    }

    void prefillLawIsAccurate()
    {
        const Calibration &c = shipped();
        QVERIFY(c.prefillN >= 150);
        QVERIFY2(c.prefillMedianApe < 15, qPrintable(QString::number(c.prefillMedianApe)));
        QVERIFY2(c.prefillCvMedianApe < 35, qPrintable(QString::number(c.prefillCvMedianApe)));
        QVERIFY2(c.prefillCvP90Ape < 70, qPrintable(QString::number(c.prefillCvP90Ape)));
        QVERIFY(c.prefillFamilies.size() >= 5);
        for (const auto &f : c.prefillFamilies) {
            QVERIFY2(f.efficiency > 0 && f.efficiency <= 1.0, f.family.c_str()); // below the part's peak
            QVERIFY2(f.cvEfficiency > 0 && std::isfinite(f.cvMedianApe), f.family.c_str());
        }
        QVERIFY(c.attentionEfficiency > 0 && c.attentionEfficiency <= 1.0);
        QVERIFY(c.attentionLaw.coef > 0 && c.attentionLaw.exponent > 0);
    }

    // No part prefills above its compute roofline, at the default share and with the slider at its
    // maximum; a part without a sourced figure has no prefill rate (and says so in a note).
    void noPartPrefillAboveItsRoofline()
    {
        const Engine engine(loadDataSet(FF_SOURCE_DATA_DIR));
        const DataSet &d = engine.data();
        const Params def = resolveParams(d, assumptionValues(d, Scenario{}));
        for (double slider : {def.computeEfficiency, 1.0}) {
            Params p = def;
            p.computeEfficiency = slider;
            const Efficiency eff = calibratedEfficiency(engine.calibration(), p);
            for (const auto &part : d.parts) {
                if (!part.prefillTops) {
                    QCOMPARE(part.prefillTflops, 0.0);
                    continue;
                }
                QVERIFY2(part.prefillTflops > 0, part.name.c_str());
                BoxSpec box = catalogBoxSpec(part, 1, p);
                const ModelShape m{8, 8, 4.5, 0};
                const Estimate e = estimate(box, m, 0, eff);
                QVERIFY2(e.prefillTokensPerS > 0 && e.prefillTokensPerS <= e.prefillBoundTokensPerS * (1 + 1e-9), part.name.c_str());
                // The solver's view of the same box (no peak known to the market): still below the peak.
                box.peakTflops = 0;
                QVERIFY2(eff.compute * box.tflops <= *part.prefillTops * (1 + 1e-9), part.name.c_str());
            }
        }
    }

    // A measured decode above its bandwidth roofline means a wrong peak in hardware.json (a figure
    // too low, or a row on another device): every fitted row must sit at or below it.
    void measuredDecodeNotAboveRoofline()
    {
        for (const auto &r : calibrationRows(data(), shipped().inputs)) {
            if (!r.fitted)
                continue;
            QVERIFY2(r.m->tokensPerS <= decodeRoofline(r) * 1.0001,
                     qPrintable(QString::fromStdString(r.m->hardware + " " + r.m->model + ": measured above the roofline")));
        }
    }

    // Every part's prefill figure has a rate: its family's fit, or the stated fallback.
    void everyPrefillFigureHasAFamilyRate()
    {
        const Calibration &c = shipped();
        for (const auto &part : data().parts) {
            if (!part.prefillTops)
                continue;
            std::string fallback;
            const double e = c.prefillEfficiency(part.archFamily, part.prefillTopsKind, &fallback);
            QVERIFY2(e > 0 && e <= 1.0, part.name.c_str());
            bool fitted = false;
            for (const auto &f : c.prefillFamilies)
                fitted = fitted || f.family == part.archFamily;
            QCOMPARE(fallback.empty(), fitted);
        }
    }

    void constantsArePhysical()
    {
        const Calibration &c = shipped();
        QVERIFY(c.bandwidthEfficiency > 0.3 && c.bandwidthEfficiency <= 1.0);
        QVERIFY(c.kvEfficiency > 0 && c.kvEfficiency <= 1.0);
        for (const auto &g : c.kvByGeneration)
            QVERIFY(g.n == 0 || (g.efficiency > 0 && g.efficiency <= 1.0));
        QVERIFY(c.fixedSecondsGpu >= 0 && c.fixedSecondsGpu < 0.02);
        QVERIFY(c.fixedSecondsUnified >= 0 && c.fixedSecondsUnified < 0.05);
        QVERIFY(c.secondsPerExtraGpu >= 0 && c.secondsPerExtraGpu < 0.01);
        QVERIFY(c.computeEfficiency > 0 && c.computeEfficiency <= 1.0);
        QVERIFY(c.r2Log > 0.9);
        QVERIFY(c.n > 300);
    }

    // The point of calibrating: better than the plain rule, overall and on NVIDIA cards; the
    // overall median under 10 % (the aim). A change that loses this fails here.
    void beatsFlatRule()
    {
        const Calibration &c = shipped();
        QVERIFY(!c.decodeErrors.empty());
        const ErrorStats &all = c.decodeErrors.front();
        QCOMPARE(QString::fromStdString(all.family), QStringLiteral("overall"));
        QCOMPARE(all.n, c.n);
        QVERIFY2(all.medianApe < 10.0, qPrintable(QString::number(all.medianApe)));
        QVERIFY(all.medianApe < 0.5 * all.flatMedianApe);
        QVERIFY(all.p90Ape < all.flatP90Ape);
        for (const auto &e : c.decodeErrors)
            if (e.family == "NVIDIA GPUs")
                QVERIFY(e.medianApe < e.flatMedianApe && e.p90Ape < e.flatP90Ape);
    }

    void predictionsNeverExceedRoofline()
    {
        const auto rows = calibrationRows(data(), shipped().inputs);
        int checked = 0;
        for (const auto &r : rows) {
            if (!r.m->decode || !r.hasKv)
                continue;
            const double p = predictDecode(shipped(), r);
            const double roof = decodeRoofline(r);
            QVERIFY2(p > 0 && p <= roof * (1 + 1e-12),
                     qPrintable(QStringLiteral("%1 on %2: %3 > roofline %4").arg(QString::fromStdString(r.m->model),
                                                                                  QString::fromStdString(r.m->hardware)).arg(p).arg(roof)));
            // The roofline ff::estimate reports for the row is the same bound.
            const Estimate e = estimate(rowBox(r), rowShape(r), r.m->contextDepth, calibratedEfficiency(shipped(), 0.0));
            QVERIFY(nearRel(e.decodeBoundTokensPerS, roof, 1e-9));
            QVERIFY(e.decodeTokensPerS <= e.decodeBoundTokensPerS);
            ++checked;
        }
        QVERIFY(checked > 400);
    }

    void everyMeasuredModelHasKv()
    {
        // No measured model is left out of the KV term: each has a sourced architecture.
        for (const auto &r : calibrationRows(data(), shipped().inputs))
            QVERIFY2(r.hasKv, r.m->model.c_str());
    }

    void kvArchitecturesMatchModelCatalog()
    {
        // Where a measured model is in models.json, the split (growing + windowed) adds up to its
        // kv_bytes_per_token there.
        int matched = 0;
        for (const auto &k : shipped().inputs.kv) {
            QVERIFY(!k.source.empty());
            QVERIFY(k.windowBytesPerToken == 0 || k.windowTokens > 0);
            if (const OpenModel *m = data().openModel(k.model); m && m->kvBytesPerToken) {
                QVERIFY2(nearRel(k.growingBytesPerToken + k.windowBytesPerToken, *m->kvBytesPerToken, 1e-9), k.model.c_str());
                ++matched;
            }
        }
        QVERIFY(matched >= 4); // Llama 3 8B/70B, gpt-oss-20b/120b
    }

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
        e.fixedSecondsPerToken = 0.002;
        e.unifiedFixedSecondsPerToken = 0.005;
        e.secondsPerExtraGpu = 0.00025;
        BoxSpec box;
        box.vramGb = 100;
        box.bandwidthGbps = 1000;
        box.gpus = gpus;
        box.unified = unified;
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
    // time and the KV share do not depend on bits, so every limit but the prefill bound scales as 1/bits.
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
        const Efficiency e = calibratedEfficiency(shipped(), 1.5);
        BoxSpec box;
        box.vramGb = 32 * gpus;
        box.bandwidthGbps = 1792;
        box.ramGb = ram;
        box.ramBandwidthGbps = 90;
        box.gpus = gpus;
        box.unified = unified;
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
        e.fixedSecondsPerToken = 0.01;
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
        QVERIFY(nearRel(e.fixedSecondsPerToken, c.fixedSecondsGpu, 1e-12));
        QCOMPARE(e.overheadGb, p.runtimeOverheadGb);
        p.bandwidthEfficiency = c.bandwidthEfficiency / 2;
        e = calibratedEfficiency(c, p);
        QVERIFY(nearRel(e.kvBandwidth, c.kvEfficiency / 2, 1e-12));
        p.bandwidthEfficiency = 1.0;
        QVERIFY(calibratedEfficiency(c, p).kvBandwidth <= 1.0);
    }

    void loaderNamesFileAndField_data()
    {
        QTest::addColumn<QString>("path");   // JSON pointer of the field to break
        QTest::addColumn<QString>("value");  // replacement JSON
        QTest::addColumn<QString>("field");  // expected in the error
        QTest::newRow("efficiency above 1") << "/decode/bandwidth_efficiency" << "1.5" << "decode.bandwidth_efficiency";
        QTest::newRow("missing fixed time") << "/decode/fixed_seconds_per_token_gpu" << "null" << "decode.fixed_seconds_per_token_gpu";
        QTest::newRow("kv as text") << "/inputs/kv_architectures/0/growing_bytes_per_token" << "\"many\""
                                    << "inputs.kv_architectures[0].growing_bytes_per_token";
        QTest::newRow("bad generation date") << "/inputs/software_generations/1/date" << "\"2026-13\""
                                             << "inputs.software_generations[1].date";
        QTest::newRow("wrong format") << "/format" << "\"something\"" << "format";
    }
    void loaderNamesFileAndField()
    {
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(QString, field);
        nlohmann::json j = readJsonFile(std::string(FF_SOURCE_DATA_DIR) + "/calibration.json");
        j[nlohmann::json::json_pointer(path.toStdString())] = nlohmann::json::parse(value.toStdString());
        try {
            parseCalibration(j, "calibration.json");
            QFAIL("no error");
        } catch (const DataError &e) {
            QCOMPARE(QString::fromStdString(e.file()), QStringLiteral("calibration.json"));
            QVERIFY2(QString::fromStdString(e.field()) == field, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestCalibration)
#include "tst_calibration.moc"

// Loading data/: the shipped files load; each kind of bad input names the file and the field.
#include <QtTest>

#include <QFile>
#include <QTemporaryDir>

#include <fstream>

#include <nlohmann/json.hpp>

#include "assumptions.h"
#include "dataset.h"

using namespace ff;
using nlohmann::json;

namespace {
json readJson(const QString &path)
{
    std::ifstream in(path.toStdString());
    return json::parse(in);
}
void writeText(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}
} // namespace

class TestData : public QObject {
    Q_OBJECT
    QTemporaryDir mDir;

    // Copies data/ to a fresh temp dir and returns its path.
    QString freshCopy()
    {
        const QString dir = mDir.path() + QStringLiteral("/d%1").arg(mCopies++);
        QDir().mkpath(dir);
        for (const char *f : {"hardware.json", "models.json", "quantization.json", "measurements.json", "trends.json", "assumptions.json", "prices.json"})
            QFile::copy(QStringLiteral(FF_SOURCE_DATA_DIR "/") + f, dir + "/" + f);
        return dir;
    }
    int mCopies = 0;

private slots:
    void shippedDataLoads()
    {
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        QVERIFY(d.parts.size() >= 20);
        QVERIFY(d.openModels.size() >= 20);
        QVERIFY(d.frontierModels.size() >= 10);
        QVERIFY(d.measurements.size() >= 100);
        QVERIFY2(d.warnings.empty(), d.warnings.empty() ? "" : d.warnings.front().c_str());
        for (const auto &p : d.parts)
            QVERIFY2(!p.source.empty(), p.name.c_str());
        for (const auto &a : d.assumptions) {
            QVERIFY2(!a.source.empty() && !a.rangeReason.empty(), a.name.c_str());
            QVERIFY(a.low <= a.value && a.value <= a.high);
        }
        // Every parameter the model reads is in the file.
        QVERIFY(resolveParams(d, assumptionValues(d, Scenario{})).budgetUsd > 0);
        // Sonnet-class targets are present and scored.
        int sonnets = 0;
        for (const auto &m : d.frontierModels)
            sonnets += m.sonnetClass && m.scored;
        QVERIFY(sonnets >= 3);
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("pointer"); // JSON pointer to change ("" = replace the whole file)
        QTest::addColumn<QByteArray>("newValue"); // JSON text, or raw bytes when pointer is ""
        QTest::addColumn<QString>("expectField");
        QTest::addColumn<QString>("expectText");
        QTest::newRow("negative price") << "hardware.json" << "/parts/0/launch_price_usd" << QByteArray("-5") << "parts[0].launch_price_usd" << "out of range";
        QTest::newRow("wrong type") << "hardware.json" << "/parts/1/memory_gb" << QByteArray("\"lots\"") << "parts[1].memory_gb" << "expected a number";
        QTest::newRow("missing field") << "hardware.json" << "/parts/2/bandwidth_gbps" << QByteArray("DELETE") << "parts[2].bandwidth_gbps" << "missing";
        QTest::newRow("bad date") << "hardware.json" << "/parts/0/released" << QByteArray("\"2022-13-01\"") << "parts[0].released" << "expected a date";
        QTest::newRow("bad kind") << "hardware.json" << "/parts/0/kind" << QByteArray("\"tpu\"") << "parts[0].kind" << "gpu";
        QTest::newRow("empty catalog") << "hardware.json" << "/parts" << QByteArray("[]") << "parts" << "non-empty";
        QTest::newRow("duplicate name") << "hardware.json" << "/parts/1/name" << QByteArray("\"RTX 4090\"") << "name" << "duplicate";
        QTest::newRow("active > total") << "models.json" << "/open_models/0/params_active_b" << QByteArray("1e5") << "params_active_b" << "exceed";
        QTest::newRow("no source") << "models.json" << "/frontier_models/0/source" << QByteArray("\"\"") << "frontier_models[0].source" << "source";
        QTest::newRow("default outside range") << "assumptions.json" << "/assumptions/0/value" << QByteArray("1000") << "assumptions[0].value" << "outside";
        QTest::newRow("unknown target") << "assumptions.json" << "/settings/default_target" << QByteArray("\"Claude 9\"") << "settings.default_target" << "not a frontier model";
        QTest::newRow("unknown quant level") << "assumptions.json" << "/settings/quant_levels/0" << QByteArray("\"Q9_Z\"") << "settings.quant_levels[0]" << "not a level";
        QTest::newRow("random bytes") << "models.json" << "" << QByteArray("\x01\x02garbage{{{") << "" << "not valid JSON";
        QTest::newRow("not UTF-8") << "trends.json" << "" << QByteArray("{\"trends\": [\"\xff\xfe\"]}") << "" << "not UTF-8";
        QTest::newRow("number overflow") << "hardware.json" << "" << QByteArray("{\"parts\": [1e99999]}") << "" << "not valid JSON";
        QTest::newRow("NaN literal") << "quantization.json" << "" << QByteArray("{\"levels\": [NaN]}") << "" << "not valid JSON";
    }
    void badInput()
    {
        QFETCH(QString, file);
        QFETCH(QString, pointer);
        QFETCH(QByteArray, newValue);
        QFETCH(QString, expectField);
        QFETCH(QString, expectText);
        const QString dir = freshCopy();
        const QString path = dir + "/" + file;
        if (pointer.isEmpty()) {
            writeText(path, newValue);
        } else {
            json j = readJson(path);
            const json::json_pointer ptr(pointer.toStdString());
            if (newValue == "DELETE")
                j.at(ptr.parent_pointer()).erase(ptr.back());
            else
                j[ptr] = json::parse(newValue.toStdString());
            writeText(path, QByteArray::fromStdString(j.dump(1)));
        }
        try {
            loadDataSet(dir.toStdString());
            QFAIL("bad input was accepted");
        } catch (const DataError &e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(file), qPrintable(msg));
            QVERIFY2(QString::fromStdString(e.field()).contains(expectField), qPrintable(msg));
            QVERIFY2(msg.contains(expectText), qPrintable(msg));
        }
    }

    void hugeFileIsRefused()
    {
        const QString dir = freshCopy();
        QFile f(dir + "/trends.json");
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        const QByteArray chunk(1 << 20, ' ');
        for (int i = 0; i < 17; ++i)
            f.write(chunk);
        f.close();
        try {
            loadDataSet(dir.toStdString());
            QFAIL("a 17 MiB file was accepted");
        } catch (const DataError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("limit"), e.what());
        }
    }

    void unknownFieldWarns()
    {
        const QString dir = freshCopy();
        json j = readJson(dir + "/hardware.json");
        j["parts"][0]["colour"] = "green";
        writeText(dir + "/hardware.json", QByteArray::fromStdString(j.dump()));
        const DataSet d = loadDataSet(dir.toStdString());
        QCOMPARE(d.warnings.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(d.warnings[0]).contains("parts[*].colour"));
    }

    void scenarioRoundTrip()
    {
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        Scenario s;
        s.name = "Round trip";
        s.targetModel = "Claude Sonnet 4.5";
        applySetting(d, s, "budget_usd=7500");
        applySetting(d, s, "max_sparsity=40");
        applySetting(d, s, "as_of=2025-06");
        const Scenario back = scenarioFromJson(d, scenarioToJson(d, s), "mem.json");
        QCOMPARE(back.name, s.name);
        QCOMPARE(back.targetModel, s.targetModel);
        QVERIFY(back.asOf && std::fabs(*back.asOf - *s.asOf) < 0.05);
        QCOMPARE(assumptionValues(d, back), assumptionValues(d, s));
    }

    void badSettings_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("expect");
        QTest::newRow("unknown name lists names") << "warp_drive=1" << "valid names";
        QTest::newRow("out of range shows range") << "budget_usd=1" << "allowed range";
        QTest::newRow("not a number") << "budget_usd=lots" << "expected a number";
        QTest::newRow("nan") << "budget_usd=nan" << "finite";
        QTest::newRow("no equals") << "budget_usd" << "NAME=VALUE";
        QTest::newRow("unknown target") << "target_model=HAL 9000" << "valid models";
        QTest::newRow("bad date") << "as_of=yesterday" << "YYYY-MM";
        QTest::newRow("future as_of") << "as_of=2031-01" << "newest date in the data";
        QTest::newRow("fractional integer") << "max_gpus=1.5" << "whole number";
    }
    void badSettings()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, expect);
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        Scenario s;
        try {
            applySetting(d, s, assignment.toStdString());
            QFAIL("accepted");
        } catch (const std::invalid_argument &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expect), e.what());
        }
        QVERIFY(s.values.empty());
    }

    void badScenarioFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expect");
        QTest::newRow("wrong format") << QByteArray("{\"format\":\"x\",\"version\":1}") << "format";
        QTest::newRow("unknown assumption") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":1,\"values\":{\"foo\":1}}") << "values.foo";
        QTest::newRow("out of range") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":1,\"values\":{\"budget_usd\":-1}}") << "values.budget_usd";
        QTest::newRow("string value") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":1,\"values\":{\"budget_usd\":\"5k\"}}") << "expected a number";
        QTest::newRow("truncated") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"vers") << "not valid JSON";
        // Found by fuzz_scenario: a number too large for a double escaped as an uncaught exception.
        QTest::newRow("number overflow") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":6E663333}") << "not valid JSON";
        QTest::newRow("future version") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":2}") << "version";
    }
    void badScenarioFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expect);
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        try {
            scenarioFromJson(d, content.toStdString(), "colleague.json");
            QFAIL("accepted");
        } catch (const DataError &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("colleague.json"), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(expect), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestData)
#include "tst_data.moc"

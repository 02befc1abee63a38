// Loading data/: the shipped files load; each kind of bad input names the file and the field.
#include <QtTest>

#include <QFile>
#include <QTemporaryDir>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "data/assumptions.h"
#include "core/clock.h"
#include "data/crosswalk.h"
#include "data/dataset.h"
#include "core/timeutil.h"
#include "files/loaddata.h"
#include "physics/calibration.h"
#include "uncertainty/claims.h"

#include <regex>

using namespace ff;
using nlohmann::json;

namespace {
// A reader can open it: a URL, a host with a path (huggingface.co/..., qwenlm.github.io/...), a
// GitHub repository (owner/repo, with the path and commit beside it), or an arXiv number.
// A URL, a host/path, an arXiv number, `owner/repo path @commit` (a GitHub file at a commit), or a
// derivation from another file of data/ (whose rows carry their own public sources).
bool hasPublicAddress(const std::string &s)
{
    static const std::regex re(R"((https?://\S+)|(github\.com/[\w.-]+/[\w.-]+)|(\b[\w-]+(\.[\w-]+)*\.(com|org|io|ai|net|dev|co|de|it|ch|uk|fr|jp|cn|info|tech|media|pub|news)/\S*)|(arXiv[: ]?\d{4}\.\d{4,5})|(\b[\w.-]+/[\w.-]+ [\w./ -]*@[0-9a-f]{7,40}\b)|(\b(hardware|models|prices|measurements|assumptions|release_dates)\.json\b))",
                               std::regex::icase);
    return std::regex_search(s, re);
}
// Words that cite what no reader can open: a private search index, a local copy, memory.
std::string privateToken(const std::string &s)
{
    static const std::regex re(R"(file id|\bcorpus\b|corpora|repository not named|repo name not shown|as recalled|stored index|index id|data-sources|consumer_platforms_sourced|consumer_catalog_compiled)",
                               std::regex::icase);
    std::smatch m;
    return std::regex_search(s, m, re) ? m.str() : std::string();
}
// Every "source" (and "*_source") string under j, with its path.
void sources(const json &j, const std::string &path, std::vector<std::tuple<std::string, std::string, std::string>> &out)
{
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string &k = it.key();
            const bool isSource = k == "source" || (k.size() > 7 && k.compare(k.size() - 7, 7, "_source") == 0);
            if (isSource && it->is_string())
                out.emplace_back(path + "." + k, k, it->get<std::string>());
            else
                sources(*it, path + "." + k, out);
        }
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            sources(j[i], path + "[" + std::to_string(i) + "]", out);
    }
}

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

// The columns of badInput and badOptionalFiles.
void addBadFileColumns()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("pointer"); // JSON pointer to change ("" = replace the whole file)
    QTest::addColumn<QByteArray>("newValue"); // JSON text, or raw bytes when pointer is ""
    QTest::addColumn<QString>("expectField");
    QTest::addColumn<QString>("expectText");
}
// Writes the row's change into DIR/file: the whole file, a value at the pointer, or DELETE.
void applyBadFileRow(const QString &dir)
{
    QFETCH(QString, file);
    QFETCH(QString, pointer);
    QFETCH(QByteArray, newValue);
    const QString path = dir + "/" + file;
    if (pointer.isEmpty()) {
        writeText(path, newValue);
        return;
    }
    json j = readJson(path);
    const json::json_pointer ptr(pointer.toStdString());
    if (newValue == "DELETE")
        j.at(ptr.parent_pointer()).erase(ptr.back());
    else
        j[ptr] = json::parse(newValue.toStdString());
    writeText(path, QByteArray::fromStdString(j.dump(1)));
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

    // Issue 25: every catalog source is a public address a reader can open, and no source string
    // (source or *_source) in any data file cites a private index, a local copy or memory.
    void sourcesArePublic()
    {
        int checked = 0;
        QStringList failures;
        for (const char *f : {"models.json", "hardware.json", "measurements.json", "prices.json", "release_dates.json",
                              "assumptions.json", "trends.json", "claims.json", "calibration.json", "catalog_changes.json"}) {
            const bool catalog = std::string(f) == "models.json" || std::string(f) == "hardware.json" ||
                                 std::string(f) == "measurements.json" || std::string(f) == "prices.json" ||
                                 std::string(f) == "release_dates.json";
            std::vector<std::tuple<std::string, std::string, std::string>> all;
            sources(readJson(QStringLiteral(FF_SOURCE_DATA_DIR "/") + f), "", all);
            for (const auto &[path, key, text] : all) {
                ++checked;
                const std::string token = privateToken(text);
                if (!token.empty())
                    failures << QString::fromStdString(std::string(f) + path + ": cites \"" + token + "\": " + text.substr(0, 120));
                else if (catalog && key == "source" && !hasPublicAddress(text))
                    failures << QString::fromStdString(std::string(f) + path + ": no public address: " + text.substr(0, 120));
            }
        }
        QVERIFY(checked > 1000);
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 sources:\n").arg(failures.size()) + failures.mid(0, 10).join(QLatin1Char('\n'))));
        // The check itself: what it must refuse and accept.
        QVERIFY(!privateToken("values read from code-corpus file id 123").empty());
        QVERIFY(!hasPublicAddress("third-party notes table"));
        QVERIFY(hasPublicAddress("github.com/ggml-org/llama.cpp discussions #15013"));
        QVERIFY(hasPublicAddress("Llama 2 paper (arXiv 2307.09288)"));
    }

    // Issue 25, item 1: the open models added in round 10 are in the catalog with their sizes, their
    // release by downloadable weights, and sources a reader can open: a public address, the weights'
    // Hugging Face repository, and for counts that conflict between pages the conflict and the choice.
    // The crosswalk's score source (data/crosswalk.json) names its public address too.
    void newOpenModelsHavePublicSources()
    {
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        const char *added[] = {"Qwen3.5-122B-A10B", "Qwen3.5-35B-A3B", "Qwen3.5-27B", "Qwen3.6-35B-A3B", "Qwen3.6-27B",
                               "DeepSeek-V4-Pro", "DeepSeek-V4-Flash", "Kimi K2.6", "GLM-5.1", "MiniMax-M3"};
        const json models = readJson(QStringLiteral(FF_SOURCE_DATA_DIR "/models.json"));
        for (const char *name : added) {
            const OpenModel *m = d.openModel(name);
            QVERIFY2(m, name);
            QVERIFY2(m->paramsTotalB > 0 && m->paramsActiveB > 0 && m->paramsActiveB <= m->paramsTotalB, name);
            QVERIFY2(m->released > 2026.0 && m->released < 2026.5, name);
            QVERIFY2(m->contextLimitTokens, name);
            QVERIFY2(hasPublicAddress(m->source) && privateToken(m->source).empty(), name);
            QVERIFY2(m->source.find("huggingface.co/") != std::string::npos, name);
            // Two pages at least: the index and one more public page.
            std::size_t urls = 0;
            for (std::size_t at = m->source.find("https://"); at != std::string::npos; at = m->source.find("https://", at + 1))
                ++urls;
            QVERIFY2(urls >= 2, name);
            for (const auto &row : models.at("open_models"))
                if (row.at("name") == name) {
                    QVERIFY2(row.contains("released_note") && row.at("released_note").get<std::string>().find("weights") != std::string::npos, name);
                    if (row.contains("params_note")) // conflicting counts: both named, the choice said
                        QVERIFY2(m->source.find("conflict") != std::string::npos && m->source.find("is used") != std::string::npos, name);
                }
        }
        QVERIFY(d.openModel("MiniMax-M3")->source.find("229.9B") != std::string::npos); // the other count, recorded
        QVERIFY(d.crosswalk);
        QVERIFY(hasPublicAddress(d.crosswalk->inputs.index) && privateToken(d.crosswalk->inputs.index).empty());
    }

    // Issue 25: "today" is one clock (FF_TODAY, pinned by the test environment), the latest as-of is
    // its month, and a malformed value is refused naming the variable.
    void clockIsInjectable()
    {
        const QByteArray saved = qgetenv("FF_TODAY");
        qputenv("FF_TODAY", "2026-12-05");
        QCOMPARE(todayYear(), *parseDate("2026-12-05"));
        QCOMPARE(formatMonth(latestAsOf()), std::string("2026-12"));
        qputenv("FF_TODAY", "2025-07");
        QCOMPARE(formatMonth(latestAsOf()), std::string("2025-07"));
        qputenv("FF_TODAY", "yesterday");
        try {
            todayYear();
            QFAIL("a malformed FF_TODAY was accepted");
        } catch (const std::runtime_error &e) {
            QVERIFY2(std::string(e.what()).find("FF_TODAY") != std::string::npos, e.what());
        }
        qunsetenv("FF_TODAY");
        const double sys = todayYear(); // the system date: some day after this code was written
        QVERIFY(sys > 2026.9);
        qputenv("FF_TODAY", saved);
    }

    // Issue 25: a preview that is not generally available is listed apart, never the frontier.
    void previewIsNotFrontier()
    {
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        QVERIFY(!d.frontier("Claude Mythos"));
        QCOMPARE(d.previewModels.size(), std::size_t(1));
        QCOMPARE(d.previewModels.front().name, std::string("Claude Mythos"));
        // A preview dated after everything else does not set the newest date.
        json m = readJson(QStringLiteral(FF_SOURCE_DATA_DIR "/models.json"));
        for (auto &f : m["frontier_models"])
            if (f["name"] == "Claude Mythos")
                f["released"] = "2030-01";
        DataSet late;
        parseModels(m, "models.json", late);
        QVERIFY(late.newestDate() < 2030);
        // A preview without its note is refused, naming the field.
        for (auto &f : m["frontier_models"])
            if (f["name"] == "Claude Mythos")
                f.erase("availability_note");
        DataSet x;
        try {
            parseModels(m, "models.json", x);
            QFAIL("a preview without availability_note was accepted");
        } catch (const DataError &e) {
            QVERIFY2(std::string(e.what()).find("availability_note") != std::string::npos, e.what());
        }
    }

    void badInput_data()
    {
        addBadFileColumns();
        QTest::newRow("negative price") << "hardware.json" << "/parts/0/launch_price_usd" << QByteArray("-5") << "parts[0].launch_price_usd" << "out of range";
        QTest::newRow("wrong type") << "hardware.json" << "/parts/1/memory_gb" << QByteArray("\"lots\"") << "parts[1].memory_gb" << "expected a number";
        QTest::newRow("missing field") << "hardware.json" << "/parts/2/bandwidth_gbps" << QByteArray("DELETE") << "parts[2].bandwidth_gbps" << "missing";
        QTest::newRow("bad date") << "hardware.json" << "/parts/0/released" << QByteArray("\"2022-13-01\"") << "parts[0].released" << "expected a date";
        QTest::newRow("bad kind") << "hardware.json" << "/parts/0/kind" << QByteArray("\"tpu\"") << "parts[0].kind" << "gpu";
        // Fields the loader keeps for provenance only are still checked against their schema type.
        QTest::newRow("provenance field of the wrong type") << "measurements.json" << "/measurements/0/stddev" << QByteArray("\"noisy\"") << "measurements[0].stddev" << "expected a number";
        QTest::newRow("measurement test kind") << "measurements.json" << "/measurements/0/test" << QByteArray("\"train\"") << "measurements[0].test" << "\"decode\" or \"prefill\"";
        QTest::newRow("empty part name") << "hardware.json" << "/parts/0/name" << QByteArray("\"\"") << "parts[0].name" << "non-empty name";
        QTest::newRow("part source empty") << "hardware.json" << "/parts/0/source" << QByteArray("\"\"") << "parts[0].source" << "needs a source";
        QTest::newRow("empty catalog") << "hardware.json" << "/parts" << QByteArray("[]") << "parts" << "non-empty";
        QTest::newRow("duplicate name") << "hardware.json" << "/parts/1/name" << QByteArray("\"RTX 4090\"") << "name" << "duplicate";
        QTest::newRow("active > total") << "models.json" << "/open_models/0/params_active_b" << QByteArray("1e5") << "params_active_b" << "exceed";
        QTest::newRow("no source") << "models.json" << "/frontier_models/0/source" << QByteArray("\"\"") << "frontier_models[0].source" << "source";
        QTest::newRow("default outside range") << "assumptions.json" << "/assumptions/0/value" << QByteArray("1000") << "assumptions[0].value" << "outside";
        QTest::newRow("unknown target") << "assumptions.json" << "/settings/default_target" << QByteArray("\"Claude 9\"") << "settings.default_target" << "not a frontier model";
        QTest::newRow("unknown quant level") << "assumptions.json" << "/settings/quant_levels/0" << QByteArray("\"Q9_Z\"") << "settings.quant_levels[0]" << "not a level";
        // The input files' schemas (model/data/schemas_inputs.cpp): a field kept for a reader is still of its type.
        QTest::newRow("trend interval not text") << "trends.json" << "/trends/0/interval" << QByteArray("5") << "trends[0].interval" << "expected a string";
        QTest::newRow("RAM kit price not a number") << "prices.json" << "/ram_usd_per_gb/observations/0/kit_usd" << QByteArray("\"lots\"") << "ram_usd_per_gb.observations[0].kit_usd" << "expected a number";
        QTest::newRow("RAM price kind") << "prices.json" << "/ram_usd_per_gb/observations/0/kind" << QByteArray("\"resale\"") << "ram_usd_per_gb.observations[0].kind" << "\"launch\", \"street\" or \"used\"";
        QTest::newRow("roadmap reason not text") << "assumptions.json" << "/settings/roadmap/known_since_reason" << QByteArray("[1]") << "settings.roadmap.known_since_reason" << "expected a string";
        QTest::newRow("assumption distribution") << "assumptions.json" << "/assumptions/0/distribution" << QByteArray("\"gamma\"") << "assumptions[0].distribution" << "lognormal, normal, uniform or triangular";
        // quantization.json's schema (model/data/schemas.cpp): its provenance columns are numbers and text.
        QTest::newRow("quant level size not a number") << "quantization.json" << "/levels/0/size_gib" << QByteArray("\"big\"") << "levels[0].size_gib" << "expected a number";
        QTest::newRow("quantization metric not text") << "quantization.json" << "/metric" << QByteArray("5") << "metric" << "expected a string";
        QTest::newRow("quant level bits out of range") << "quantization.json" << "/levels/0/bits_per_weight" << QByteArray("40") << "levels[0].bits_per_weight" << "out of range";
        QTest::newRow("assumption flag not a flag") << "assumptions.json" << "/assumptions/0/sampled" << QByteArray("\"no\"") << "assumptions[0].sampled" << "true or false";
        QTest::newRow("random bytes") << "models.json" << "" << QByteArray("\x01\x02garbage{{{") << "" << "not valid JSON";
        QTest::newRow("not UTF-8") << "trends.json" << "" << QByteArray("{\"trends\": [\"\xff\xfe\"]}") << "" << "not UTF-8";
        QTest::newRow("number overflow") << "hardware.json" << "" << QByteArray("{\"parts\": [1e99999]}") << "" << "not valid JSON";
        QTest::newRow("NaN literal") << "quantization.json" << "" << QByteArray("{\"levels\": [NaN]}") << "" << "not valid JSON";
    }
    void badInput()
    {
        QFETCH(QString, file);
        QFETCH(QString, expectField);
        QFETCH(QString, expectText);
        const QString dir = freshCopy();
        applyBadFileRow(dir);
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

    // The files read beside the catalogs (economics.json, crosswalk.json, claims.json,
    // catalog_changes.json) through their schemas: a bad field names the file and the field.
    void badOptionalFiles_data()
    {
        addBadFileColumns();
        QTest::newRow("idle power not a number") << "economics.json" << "/part_power/0/idle_w" << QByteArray("\"low\"") << "part_power[0].idle_w" << "expected a number";
        QTest::newRow("active days beyond a year") << "economics.json" << "/profiles/0/active_days_per_year" << QByteArray("400") << "profiles[0].active_days_per_year" << "out of range";
        QTest::newRow("API price without source") << "economics.json" << "/api_prices/0/source" << QByteArray("\"\"") << "api_prices[0].source" << "every price needs a source";
        QTest::newRow("API price date") << "economics.json" << "/api_prices/0/date" << QByteArray("\"soon\"") << "api_prices[0].date" << "expected a date";
        QTest::newRow("crosswalk score above 1") << "crosswalk.json" << "/inputs/rows/0/hle" << QByteArray("2") << "inputs.rows[0].hle" << "out of range";
        QTest::newRow("crosswalk apply not a flag") << "crosswalk.json" << "/inputs/apply" << QByteArray("\"yes\"") << "inputs.apply" << "true or false";
        QTest::newRow("crosswalk source empty") << "crosswalk.json" << "/inputs/index" << QByteArray("\"\"") << "inputs.index" << "public address";
        QTest::newRow("claim direction") << "claims.json" << "/claims/0/better" << QByteArray("\"sideways\"") << "claims[0].better" << "\"higher\" or \"lower\"";
        QTest::newRow("claim tolerance") << "claims.json" << "/claims/0/tolerance_fraction" << QByteArray("20") << "claims[0].tolerance_fraction" << "out of range";
        QTest::newRow("claim range upside down") << "claims.json" << "/claims/0/claimed_high" << QByteArray("-1e8") << "claims[0].claimed_high" << "below claimed_low";
        QTest::newRow("change without source") << "catalog_changes.json" << "/changes/0/source" << QByteArray("\"\"") << "changes[0].source" << "every change needs a source";
        QTest::newRow("change round not text") << "catalog_changes.json" << "/changes/0/round" << QByteArray("5") << "changes[0].round" << "expected a string";
    }
    void badOptionalFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, expectField);
        QFETCH(QString, expectText);
        const QString dir = freshCopy();
        for (const char *f : {"economics.json", "crosswalk.json", "claims.json", "catalog_changes.json", "calibration.json"})
            QVERIFY(QFile::copy(QStringLiteral(FF_SOURCE_DATA_DIR "/") + f, dir + "/" + f));
        applyBadFileRow(dir);
        try {
            const DataSet d = loadDataSet(dir.toStdString()); // economics.json and crosswalk.json
            loadClaims(d);
            loadCatalogChanges(dir.toStdString());
            QFAIL("bad input was accepted");
        } catch (const DataError &e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(file), qPrintable(msg));
            QCOMPARE(QString::fromStdString(e.field()), expectField);
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
        QTest::newRow("future as_of") << "as_of=2031-01" << "today's month";
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
        QTest::newRow("future version") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":3}") << "version";
        // The scenario's schema: its documented fields are of their type.
        QTest::newRow("description not text") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":2,\"description\":5}") << "colleague.json: description: expected a string";
        QTest::newRow("name not text") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":2,\"name\":[]}") << "colleague.json: name: expected a string";
        // A retired assumption is migrated, but its value must still be a number.
        QTest::newRow("retired name, string value") << QByteArray("{\"format\":\"frontier-forecast-scenario\",\"version\":1,\"values\":{\"host_cost_usd\":\"cheap\"}}") << "values.host_cost_usd: expected a number";
    }

    // A scenario saved before an assumption was renamed or removed still loads: the renamed one is
    // converted into its replacement, the removed one dropped, each with a note naming the file and field.
    void retiredAssumptionsMigrate()
    {
        const DataSet d = loadDataSet(FF_SOURCE_DATA_DIR);
        const std::string old = R"({"format": "frontier-forecast-scenario", "version": 1, "name": "2025",
            "values": {"street_price_halflife_years": 8, "host_cost_usd": 2000, "budget_usd": 6000}})";
        std::vector<std::string> notes;
        const Scenario s = scenarioFromJson(d, old, "old.json", nullptr, &notes);
        QCOMPARE(s.values.count("street_price_halflife_years"), std::size_t(0));
        QCOMPARE(s.values.count("host_cost_usd"), std::size_t(0));
        QCOMPARE(s.values.at("budget_usd"), 6000.0);
        // Halving every 8 years is a yearly change of 2^(-1/8) - 1.
        QVERIFY(std::fabs(s.values.at("street_price_trend_pct_per_year") - 100 * (std::pow(2.0, -1.0 / 8) - 1)) < 1e-12);
        QCOMPARE(s.values.count("host_base_usd") + s.values.count("host_per_card_usd"), std::size_t(0));
        QCOMPARE(notes.size(), std::size_t(2));
        std::string all;
        for (const auto &n : notes)
            all += n + "\n";
        QVERIFY2(all.find("old.json: values.street_price_halflife_years: renamed") != std::string::npos, all.c_str());
        QVERIFY2(all.find("old.json: values.host_cost_usd: no longer an assumption") != std::string::npos, all.c_str());
        // Saved again, the file has the current names only and loads without a note.
        const std::string saved = scenarioToJson(d, s);
        QVERIFY(saved.find("halflife") == std::string::npos && saved.find("host_cost_usd") == std::string::npos);
        notes.clear();
        QCOMPARE(assumptionValues(d, scenarioFromJson(d, saved, "saved.json", nullptr, &notes)), assumptionValues(d, s));
        QVERIFY(notes.empty());
        // A file that sets the replacement itself keeps its own value.
        const std::string both = R"({"format": "frontier-forecast-scenario", "version": 2,
            "values": {"street_price_halflife_years": 8, "street_price_trend_pct_per_year": -20}})";
        notes.clear();
        QCOMPARE(scenarioFromJson(d, both, "both.json", nullptr, &notes).values.at("street_price_trend_pct_per_year"), -20.0);
        QVERIFY(notes.size() == 1 && notes[0].find("the file sets street_price_trend_pct_per_year itself") != std::string::npos);
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

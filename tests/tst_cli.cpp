// The command line end to end: JSON contracts, error messages and exit codes.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace {
struct Run {
    int code = -1;
    QByteArray out, err;
};
Run app(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(FF_APP_PATH), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void reportJson()
    {
        const Run r = app({"report", "--format", "json", "--samples", "300", "--seed", "5"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        const QJsonObject task = j["parity"].toObject()["task_level"].toObject();
        const QJsonObject full = j["parity"].toObject()["full_product"].toObject();
        QVERIFY(task["year"].isDouble() || task["year"].isNull());
        QVERIFY(full["year"].isDouble() || full["year"].isNull());
        QVERIFY(task["bottleneck"].isString());
        QVERIFY(full["bottleneck"].isString());
        QVERIFY(task.contains("p10") && task.contains("p50") && task.contains("p90"));
        QVERIFY(j["reverse"].toObject()["lag_years"].isDouble());
        QVERIFY(j["scenarios"].toArray().first().toObject()["year"].isDouble());
        QVERIFY(j["budgets"].toArray().first().toObject()["budget_usd"].isDouble());
        const QJsonArray sens = j["sensitivity"].toArray();
        QVERIFY(!sens.isEmpty());
        QVERIFY(sens.first().toObject().contains("low_year") && sens.first().toObject().contains("high_year"));
        // The same seed gives the same output.
        QCOMPARE(app({"report", "--format", "json", "--samples", "300", "--seed", "5"}).out, r.out);
    }

    void reportTextAndMarkdown()
    {
        const Run t = app({"report", "--samples", "0"});
        QCOMPARE(t.code, 0);
        QVERIFY(t.out.contains("Task-level parity"));
        const Run m = app({"report", "--samples", "0", "--format", "markdown"});
        QCOMPARE(m.code, 0);
        QVERIFY(m.out.startsWith("# "));
        QVERIFY(m.out.contains("|---|"));
    }

    void setMovesTheAnswer()
    {
        const auto year = [](const QStringList &sets) {
            QStringList args{"report", "--format", "json", "--samples", "0", "--set", "target_model=Claude Sonnet 4.6"};
            for (const auto &s : sets)
                args << "--set" << s;
            const Run r = app(args);
            return QJsonDocument::fromJson(r.out).object()["parity"].toObject()["task_level"].toObject()["year"].toDouble();
        };
        QVERIFY(year({"budget_usd=20000"}) <= year({"budget_usd=2000"}));
        QVERIFY(year({"density_doubling_years=0.5"}) < year({"density_doubling_years=3"}));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expect");
        QTest::newRow("unknown assumption") << QStringList{"report", "--set", "warp=1"} << 2 << "valid names";
        QTest::newRow("out of range") << QStringList{"report", "--set", "budget_usd=1"} << 2 << "allowed range";
        QTest::newRow("bad format") << QStringList{"report", "--format", "xml"} << 2 << "--format";
        QTest::newRow("bad as-of") << QStringList{"report", "--as-of", "2025-14"} << 2 << "YYYY-MM";
        QTest::newRow("missing scenario") << QStringList{"report", "--scenario", "/nonexistent/s.json"} << 1 << "/nonexistent/s.json";
        QTest::newRow("missing --bits") << QStringList{"estimate", "--bandwidth", "1000", "--memory", "24", "--params-total", "8"} << 2 << "--bits";
        QTest::newRow("negative bandwidth") << QStringList{"estimate", "--bandwidth", "-1", "--memory", "24", "--params-total", "8", "--bits", "4"} << 2 << "--bandwidth";
        QTest::newRow("active above total") << QStringList{"estimate", "--bandwidth", "1000", "--memory", "24", "--params-total", "8", "--params-active", "9", "--bits", "4"} << 2 << "params-active";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command";
        QTest::newRow("bad data dir") << QStringList{"report", "--data", "/nonexistent"} << 1 << "data";
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, expect);
        const Run r = app(args);
        QCOMPARE(r.code, code);
        QVERIFY2(QString::fromUtf8(r.err).contains(expect), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void corruptDataFileNamed()
    {
        QTemporaryDir dir;
        for (const char *f : {"hardware.json", "models.json", "quantization.json", "measurements.json", "trends.json", "assumptions.json"})
            QVERIFY(QFile::copy(QStringLiteral(FF_SOURCE_DATA_DIR "/") + f, dir.path() + "/" + f));
        QFile h(dir.path() + "/models.json");
        QVERIFY(h.open(QIODevice::WriteOnly | QIODevice::Truncate));
        h.write("{ \"open_models\": [ ");
        h.close();
        const Run r = app({"report", "--data", dir.path()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("models.json") && r.err.contains("not valid JSON"), r.err.constData());
    }

    void assumptionsJson()
    {
        const Run r = app({"assumptions", "--format", "json"});
        QCOMPARE(r.code, 0);
        const QJsonArray a = QJsonDocument::fromJson(r.out).array();
        QVERIFY(a.size() >= 20);
        for (const auto &v : a) {
            const QJsonObject o = v.toObject();
            for (const char *k : {"name", "value", "low", "high", "unit", "source"})
                QVERIFY2(o.contains(k), k);
            QVERIFY(o["low"].toDouble() <= o["value"].toDouble() && o["value"].toDouble() <= o["high"].toDouble());
        }
    }

    void estimateJson()
    {
        // 8B dense at 4.85 bits: 4.85 GB per token; roofline 1008 / 4.85 = 207.8 tok/s.
        const Run r = app({"estimate", "--bandwidth", "1008", "--memory", "24", "--tflops", "165", "--params-total", "8",
                           "--bits", "4.85", "--context", "0", "--format", "json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(r.out).object();
        QVERIFY(j["fits"].toBool());
        QVERIFY(std::fabs(j["decode_bound_tokens_per_s"].toDouble() - 1008 / 4.85) < 0.01);
        QVERIFY(std::fabs(j["decode_tokens_per_s"].toDouble() - j["bandwidth_efficiency"].toDouble() * 1008 / 4.85) < 0.01);
        QVERIFY(j["decode_tokens_per_s"].toDouble() <= j["decode_bound_tokens_per_s"].toDouble());
        QVERIFY(std::fabs(j["memory_gb"].toDouble() - (4.85 + 1.5)) < 0.01);
        QVERIFY(j["prefill_tokens_per_s"].toDouble() > 0);
        // 120B dense does not fit in 24 GB without RAM.
        const Run big = app({"estimate", "--bandwidth", "1008", "--memory", "24", "--params-total", "120", "--bits", "4",
                             "--format", "json"});
        QCOMPARE(big.code, 0);
        QVERIFY(!QJsonDocument::fromJson(big.out).object()["fits"].toBool());
    }

    void helpAndVersion()
    {
        const Run v = app({"--version"});
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.contains("frontier-forecast"));
        const Run h = app({"report", "--help"});
        QCOMPARE(h.code, 0);
        QVERIFY(h.out.contains("--set"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

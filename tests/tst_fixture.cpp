// The hand-made fixture data set (tests/fixture): an Engine made from memory, and the report's
// JSON against its golden copy (tests/fixture/golden/, regenerated as tests/fixture/README.md says).
#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "physics/calibration.h"
#include "solver/forecast.h"
#include "report/report.h"
#include "testutil.h"
#include "files/loaddata.h"

using namespace ff;

namespace {
// Differences between two JSON trees (numbers within a relative 1e-9; "seconds" are wall time, the
// data directory a path).
void diff(const nlohmann::json &a, const nlohmann::json &b, const std::string &path, std::vector<std::string> &out)
{
    // Nor is where the data was read from an answer: the golden file holds the path of the
    // checkout that wrote it, and the suite runs in other checkouts too.
    if (out.size() > 20 || (path.size() >= 8 && path.compare(path.size() - 8, 8, ".seconds") == 0) || path == ".data_directory")
        return;
    if (a.is_number() && b.is_number()) {
        const double x = a.get<double>(), y = b.get<double>();
        if (!(x == y || std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y))))
            out.push_back(path + ": " + a.dump() + " -> " + b.dump());
    } else if (a.type() != b.type()) {
        out.push_back(path + ": " + a.dump() + " -> " + b.dump());
    } else if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!b.contains(it.key()))
                out.push_back(path + "." + it.key() + ": missing");
            else
                diff(it.value(), b[it.key()], path + "." + it.key(), out);
        for (auto it = b.begin(); it != b.end(); ++it)
            if (!a.contains(it.key()))
                out.push_back(path + "." + it.key() + ": new");
    } else if (a.is_array()) {
        if (a.size() != b.size())
            out.push_back(path + ": " + std::to_string(a.size()) + " -> " + std::to_string(b.size()) + " entries");
        for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
            diff(a[i], b[i], path + "[" + std::to_string(i) + "]", out);
    } else if (a != b) {
        out.push_back(path + ": " + a.dump() + " -> " + b.dump());
    }
}
} // namespace

class TestFixture : public QObject {
    Q_OBJECT
private slots:
    void engineFromMemoryReadsNoFile()
    {
        const DataSet loaded = loadDataSet(fftest::fixtureDir());
        QVERIFY(loaded.calibration);
        // The same data and calibration, with a directory that does not exist: no constructor may
        // reach for a file.
        DataSet d = loaded;
        d.directory = "/nonexistent/frontier-forecast-fixture";
        d.calibration.reset();
        const Engine fromMemory(d, *loaded.calibration);
        const Engine fromFiles(loaded);
        const Result a = fromMemory.compute(Scenario{}), b = fromFiles.compute(Scenario{});
        QVERIFY(a.task.reached);
        QCOMPARE(a.task.year, b.task.year);
        QCOMPARE(a.task.box, b.task.box);
        QCOMPARE(a.full.year, b.full.year);
        // Without a calibration the one-argument constructor says which file is missing.
        try {
            const Engine none(d);
            QFAIL("an engine was made without a calibration");
        } catch (const DataError &e) {
            QVERIFY2(QByteArray(e.what()).contains("calibration.json"), e.what());
        }
    }

    // One date format rule: the JSON's `text` is the headline's own words, month or year alike (a projected
    // date whose range spans a year or more is the year in both, never "2028-01" in one and "2028" in the other).
    void jsonTextIsTheHeadlinesWords()
    {
        const QStringList common{QStringLiteral("--data"), QString::fromStdString(fftest::fixtureDir()),
                                 QStringLiteral("--samples"), QStringLiteral("200"), QStringLiteral("--seed"), QStringLiteral("1")};
        const fftest::Run text = fftest::runApp(QStringList{QStringLiteral("report")} + common);
        const fftest::Run json = fftest::runApp(QStringList{QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("json")} + common);
        QVERIFY2(text.code == 0 && json.code == 0, text.err.constData());
        const nlohmann::json p = nlohmann::json::parse(json.out.toStdString())["parity"];
        for (const char *which : {"task_level", "full_product"}) {
            const std::string label = std::string(which) == "task_level" ? "Task-level parity: " : "Full-product parity: ";
            const std::string words = p[which]["text"].get<std::string>();
            QVERIFY2(text.out.contains(QByteArray::fromStdString("  " + label + words + ";")) ||
                         text.out.contains(QByteArray::fromStdString("  " + label + words + ",")),
                     (label + "'" + words + "' is not the headline's words:\n" + text.out.left(4000).toStdString()).c_str());
        }
    }

    void reportMatchesGolden()
    {
        const fftest::Run r = fftest::runApp({QStringLiteral("report"), QStringLiteral("--data"),
                                              QString::fromStdString(fftest::fixtureDir()), QStringLiteral("--format"),
                                              QStringLiteral("json"), QStringLiteral("--samples"), QStringLiteral("200"),
                                              QStringLiteral("--seed"), QStringLiteral("1")});
        QVERIFY2(r.code == 0, r.err.constData());
        const std::string golden = fftest::fixtureDir() + "/golden/report.json";
        if (qEnvironmentVariableIsSet("FF_WRITE_GOLDEN")) {
            QVERIFY(fftest::writeFile(QString::fromStdString(golden), r.out));
            QSKIP("golden file written");
        }
        std::ifstream in(golden);
        QVERIFY2(in, ("no golden file " + golden + "; see tests/fixture/README.md").c_str());
        const nlohmann::json want = nlohmann::json::parse(in), got = nlohmann::json::parse(r.out.toStdString());
        std::vector<std::string> out;
        diff(want, got, "", out);
        std::string all;
        for (const auto &s : out)
            all += "\n  " + s;
        QVERIFY2(out.empty(), ("the fixture's report moved (if meant, regenerate the golden file):" + all).c_str());
    }
};

QTEST_GUILESS_MAIN(TestFixture)
#include "tst_fixture.moc"

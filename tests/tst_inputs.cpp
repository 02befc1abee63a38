// Hostile input end to end: nesting, special files, scale, locale, control characters, command-line
// conventions and crafted assumptions. Each case gives a message and an exit status like any other
// bad input (1 for a bad file, 2 for a usage error); nothing hangs, crashes or is replaced.
#include <QtTest>

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <fstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "data/assumptions.h"
#include "data/dataset.h"
#include "report/report.h"
#include "core/timeutil.h"
#include "files/loaddata.h"

using nlohmann::json;

namespace {
struct Run {
    int code = -1;
    QByteArray out, err;
};
Run app(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 60000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FF_APP_PATH), args);
    if (!p.waitForFinished(timeoutMs)) { // a hang is a failure, not a stuck test run
        p.kill();
        p.waitForFinished();
        return {-2, p.readAllStandardOutput(), "timed out (hung)"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

json dataFile(const char *name)
{
    std::ifstream in(std::string(FF_SOURCE_DATA_DIR) + "/" + name);
    return json::parse(in);
}

// A copy of data/ in `dir` with one file replaced by `bytes` (or by what `make` creates there).
void copyData(const QString &dir)
{
    for (const char *f : {"hardware.json", "models.json", "quantization.json", "measurements.json", "trends.json",
                          "assumptions.json", "calibration.json", "claims.json", "prices.json"})
        QFile::copy(QStringLiteral(FF_SOURCE_DATA_DIR "/") + QLatin1String(f), dir + QLatin1Char('/') + QLatin1String(f));
}

QByteArray deeplyNested(int levels)
{
    return "{\"format\": \"frontier-forecast-scenario\", \"version\": 1, \"name\": " + QByteArray(levels, '[') +
           QByteArray(levels, ']') + "}";
}
} // namespace

class TestInputs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(mDir.isValid()); }

    // ---- 1. nesting ----
    void deepNestingIsRefused_data()
    {
        QTest::addColumn<QString>("via");
        QTest::newRow("report --scenario") << "cli-scenario";
        QTest::newRow("data file (models.json)") << "cli-data";
        QTest::newRow("loadScenarioFile (File > Open, presets, autosave Restore)") << "loadScenarioFile";
        QTest::newRow("scenarioFromJson") << "scenarioFromJson";
    }
    void deepNestingIsRefused()
    {
        QFETCH(QString, via);
        const QByteArray deep = deeplyNested(70000); // about 140 KB
        const QString path = mDir.filePath(QStringLiteral("deep.json"));
        writeFile(path, deep);
        if (via == QLatin1String("cli-scenario") || via == QLatin1String("cli-data")) {
            QStringList args{"report", "--samples", "0"};
            if (via == QLatin1String("cli-scenario")) {
                args << "--scenario" << path;
            } else {
                QTemporaryDir data;
                copyData(data.path());
                writeFile(data.filePath(QStringLiteral("models.json")), deep);
                args << "--data" << data.path();
                const Run r = app(args);
                QCOMPARE(r.code, 1);
                QVERIFY2(r.err.contains("models.json") && r.err.contains("nested deeper than"), r.err.constData());
                return;
            }
            const Run r = app(args);
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("deep.json") && r.err.contains("nested deeper than"), r.err.constData());
            QVERIFY(r.out.isEmpty());
            return;
        }
        const ff::DataSet d = ff::loadDataSet(FF_SOURCE_DATA_DIR);
        try {
            if (via == QLatin1String("loadScenarioFile"))
                ff::loadScenarioFile(d, path.toStdString());
            else
                ff::scenarioFromJson(d, deep.toStdString(), "pasted.json");
            QFAIL("a 70,000-level document was accepted");
        } catch (const ff::DataError &e) {
            QVERIFY2(QByteArray(e.what()).contains("nested deeper than"), e.what());
        }
        // As deep as the limit allows still parses.
        const std::string ok = std::string(ff::kMaxJsonDepth - 1, '[') + std::string(ff::kMaxJsonDepth - 1, ']');
        QVERIFY(ff::parseJsonText(ok, "ok.json").is_array());
    }

    void duplicateKeysAreRefused()
    {
        const ff::DataSet d = ff::loadDataSet(FF_SOURCE_DATA_DIR);
        const std::string text = R"({"format": "frontier-forecast-scenario", "version": 1,
            "values": {"budget_usd": 3000, "budget_usd": 9000}})";
        try {
            ff::scenarioFromJson(d, text, "twice.json");
            QFAIL("a duplicate key was accepted");
        } catch (const ff::DataError &e) {
            QVERIFY2(QByteArray(e.what()).contains("twice.json: budget_usd: this key appears twice"), e.what());
        }
        // The same key in two different objects is fine.
        QVERIFY(ff::parseJsonText(R"({"a": {"x": 1}, "b": {"x": 2}})", "ok.json").is_object());
    }

    // ---- 4. FIFOs, pipes, /proc, directories ----
    void specialFilesAsInput_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expect");
        QTest::newRow("FIFO as scenario") << "fifo" << "not a regular file";
        QTest::newRow("directory as scenario") << "dir" << "is a directory";
        QTest::newRow("pipe as scenario (<(...))") << "pipe" << "not a regular file";
        QTest::newRow("FIFO as data file") << "fifo-data" << "not a regular file";
        QTest::newRow("directory as data file") << "dir-data" << "is a directory";
    }
    void specialFilesAsInput()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expect);
        QTemporaryDir tmp;
        QStringList args{"report", "--samples", "0"};
        QString named;
        int pipeFds[2] = {-1, -1};
        if (kind == QLatin1String("fifo") || kind == QLatin1String("dir")) {
            named = tmp.filePath(QStringLiteral("s.json"));
            QVERIFY(kind == QLatin1String("fifo") ? ::mkfifo(QFile::encodeName(named).constData(), 0600) == 0
                                                  : QDir().mkdir(named));
            args << "--scenario" << named;
        } else if (kind == QLatin1String("pipe")) {
            // What bash's <(...) hands over: /dev/fd/N of a pipe (here inherited by the child).
            QVERIFY(::pipe(pipeFds) == 0);
            const QByteArray text = "{\"format\": \"frontier-forecast-scenario\", \"version\": 1}";
            QVERIFY(::write(pipeFds[1], text.constData(), static_cast<size_t>(text.size())) == text.size());
            ::close(pipeFds[1]);
            named = QStringLiteral("/dev/fd/%1").arg(pipeFds[0]);
            args << "--scenario" << named;
        } else {
            copyData(tmp.path());
            named = tmp.filePath(QStringLiteral("trends.json"));
            QFile::remove(named);
            QVERIFY(kind == QLatin1String("fifo-data") ? ::mkfifo(QFile::encodeName(named).constData(), 0600) == 0
                                                       : QDir().mkdir(named));
            args << "--data" << tmp.path();
        }
        const Run r = app(args);
        if (pipeFds[0] >= 0)
            ::close(pipeFds[0]);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(expect.toUtf8()) && r.err.contains(QFileInfo(named).fileName().toUtf8()), r.err.constData());
        QVERIFY2(!r.err.contains("KiB"), r.err.constData()); // no size made up from a directory
    }

    void procFilesAreReadWhole()
    {
        // /proc reports a size of 0: the content is read (up to the cap), not taken as empty.
        const std::string status = ff::readFileCapped("/proc/self/status", 1u << 20);
        QVERIFY2(status.find("Name:") != std::string::npos, status.c_str());
        try {
            ff::readFileCapped("/proc/self/status", 16);
            QFAIL("the size cap was not applied while reading");
        } catch (const ff::DataError &e) {
            QVERIFY2(QByteArray(e.what()).contains("limit"), e.what());
        }
    }

    // ---- 2. --out never replaces a special file ----
    void outToSpecialFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("expect");
        QTest::newRow("/dev/null") << "devnull" << 0 << "";
        QTest::newRow("FIFO with a reader") << "fifo-reader" << 0 << "";
        QTest::newRow("FIFO without a reader") << "fifo" << 1 << "no program is reading";
        QTest::newRow("directory") << "dir" << 1 << "directory";
    }
    void outToSpecialFiles()
    {
#ifndef FF_TEST_WITH_GUI
        QSKIP("--out belongs to `export`, which needs FF_BUILD_GUI=ON (the GUI build runs this)");
#endif
        QFETCH(QString, kind);
        QFETCH(int, code);
        QFETCH(QString, expect);
        QTemporaryDir tmp;
        QString target = tmp.filePath(QStringLiteral("out.csv"));
        int reader = -1;
        if (kind == QLatin1String("devnull")) {
            // A private null device: were the behaviour ever broken, a test run as root must not
            // replace the machine's /dev/null (it happened once while checking this test). Without
            // root, mknod fails and /dev/null is safe to use: only root may rename into /dev.
            target = tmp.filePath(QStringLiteral("null"));
            if (::mknod(QFile::encodeName(target).constData(), S_IFCHR | 0666, makedev(1, 3)) != 0)
                target = QStringLiteral("/dev/null");
        } else if (kind == QLatin1String("dir")) {
            QVERIFY(QDir().mkdir(target));
        } else {
            QVERIFY(::mkfifo(QFile::encodeName(target).constData(), 0600) == 0);
            if (kind == QLatin1String("fifo-reader"))
                reader = ::open(QFile::encodeName(target).constData(), O_RDONLY | O_NONBLOCK);
        }
        struct stat before {};
        QVERIFY(::stat(QFile::encodeName(target).constData(), &before) == 0);
        const Run r = app({"export", "--table", "scenario", "--samples", "0", "--out", target});
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(expect.toUtf8()), r.err.constData());
        struct stat after {};
        QVERIFY(::stat(QFile::encodeName(target).constData(), &after) == 0);
        // The same file: not replaced by a renamed temporary.
        QCOMPARE(after.st_ino, before.st_ino);
        QCOMPARE(after.st_mode & S_IFMT, before.st_mode & S_IFMT);
        if (reader >= 0) {
            char buf[4096];
            const ssize_t n = ::read(reader, buf, sizeof buf);
            ::close(reader);
            QVERIFY(n > 0);
            QVERIFY(QByteArray(buf, static_cast<int>(n)).contains(','));
        }
        // Nothing else appeared beside the target (no temporary file left).
        const QStringList left = QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
        QVERIFY2(left.isEmpty() || left == QStringList{QFileInfo(target).fileName()}, qPrintable(left.join(QLatin1Char(' '))));
    }

    // ---- 8. command-line conventions ----
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expect");
        QTest::newRow("unknown option") << QStringList{"report", "--frobnicate"} << "frobnicate";
        QTest::newRow("missing option value") << QStringList{"report", "--seed"} << "seed";
        QTest::newRow("extra positional") << QStringList{"report", "extra"} << "unexpected argument \"extra\"";
#ifdef FF_TEST_WITH_GUI
        QTest::newRow("extra positional, export") << QStringList{"export", "--list", "more"} << "unexpected argument \"more\"";
#else
        QTest::newRow("export, headless") << QStringList{"export", "--list"} << "needs a build with FF_BUILD_GUI=ON";
        QTest::newRow("no command, headless") << QStringList{} << "this build has no window";
#endif
        QTest::newRow("fractional samples") << QStringList{"report", "--samples", "1.5"} << "whole number";
        QTest::newRow("fractional seed") << QStringList{"report", "--seed", "1.7"} << "whole number";
        QTest::newRow("fractional gpus") << QStringList{"estimate", "--hardware", "RTX 4090", "--model", "gpt-oss-120b", "--gpus", "1.5"} << "whole number";
        QTest::newRow("samples above the bound") << QStringList{"report", "--samples", "100001"} << "--samples: 100001 is outside [0, 100000]";
        QTest::newRow("hex in --set") << QStringList{"report", "--set", "budget_usd=0x1388"} << "plain decimal";
        QTest::newRow("decimal comma in --set") << QStringList{"report", "--set", "budget_usd=5000,5"} << "plain decimal";
        QTest::newRow("unknown option, window") << QStringList{"--frobnicate"} << "frobnicate";
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expect);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run r = app(args, env);
        QCOMPARE(r.code, 2); // as the README says for every usage error
        QVERIFY2(r.err.contains(expect.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void asOfRangeIsTheRealOne()
    {
        const Run r = app({"report", "--samples", "0", "--as-of", "2016-01"});
        QCOMPARE(r.code, 2);
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("supports, (\\d{4}-\\d{2}) to (\\d{4}-\\d{2})")).match(QString::fromUtf8(r.err));
        QVERIFY2(m.hasMatch(), r.err.constData());
        const QString first = m.captured(1);
        QVERIFY2(first != QLatin1String("2016-01"), r.err.constData());
        // The stated first month works and the month before it does not.
        const Run ok = app({"report", "--samples", "0", "--as-of", first});
        QVERIFY2(ok.code == 0, ok.err.constData());
        const double t = *ff::parseDate(first.toStdString());
        const Run before = app({"report", "--samples", "0", "--as-of", QString::fromStdString(ff::formatMonth(t - 1.0 / 12))});
        QCOMPARE(before.code, 2);
        QVERIFY(before.err.contains(first.toUtf8()));
    }

    // ---- 6. locale ----
    void decimalCommaLocaleChangesNothing()
    {
        // A German locale compiled into a private directory (no root needed; dev.sh installs `locales`).
        QVERIFY2(QFile::exists(QStringLiteral("/usr/share/i18n/locales/de_DE")), "install the locales package (dev.sh does)");
        const QString locpath = mDir.filePath(QStringLiteral("locales"));
        QDir().mkpath(locpath);
        QProcess def;
        def.start(QStringLiteral("localedef"), {"-i", "de_DE", "-f", "UTF-8", locpath + QStringLiteral("/de_DE.UTF-8")});
        QVERIFY(def.waitForFinished(120000));
        QProcessEnvironment de = QProcessEnvironment::systemEnvironment();
        de.insert(QStringLiteral("LOCPATH"), locpath);
        de.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
        de.insert(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8"));
        de.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // The locale is really active: printf writes a decimal comma under it.
        QProcess probe;
        probe.setProcessEnvironment(de);
        probe.start(QStringLiteral("/usr/bin/printf"), {"%.1f", "1,5"});
        QVERIFY(probe.waitForFinished());
        QCOMPARE(probe.readAllStandardOutput(), QByteArray("1,5"));
        QProcessEnvironment c = de;
        c.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
        c.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        QList<QStringList> commands = {
            {"report", "--format", "json", "--samples", "200", "--set", "budget_usd=5000.5"},
            {"report", "--samples", "0", "--set", "density_doubling_years=1.5"},
            {"assumptions", "--format", "json"},
        };
#ifdef FF_TEST_WITH_GUI
        commands.append({{"export", "--table", "scenario", "--samples", "0", "--out", "-"},
                         {"export", "--table", "budget", "--samples", "0", "--out", "-"}});
#endif
        for (const QStringList &args : commands) {
            const Run inC = app(args, c);
            const Run inDe = app(args, de);
            QVERIFY2(inC.code == 0, inC.err.constData());
            QVERIFY2(inDe.code == 0, inDe.err.constData());
            QCOMPARE(inDe.out, inC.out); // byte for byte: "150.6", "8.50 bits", never "150,6"
        }
        // 0,5 is refused under either locale.
        QCOMPARE(app({"report", "--set", "density_doubling_years=1,5"}, de).code, 2);
    }

    // ---- 7. output hygiene ----
    void controlCharactersNeverReachTheTerminal_data()
    {
        QTest::addColumn<QByteArray>("scenario");
        QTest::addColumn<QByteArray>("expect");
        QTest::newRow("escape in the name") << QByteArray(R"({"format": "frontier-forecast-scenario", "version": 1, "name": "\u001b[2J\u001b]0;pwned\u0007"})")
                                            << QByteArray("name: control characters are not allowed");
        // A C1 control (U+009B, the one-byte CSI) in a text value, not only in a key.
        QTest::newRow("C1 control in the name") << QByteArray("{\"format\": \"frontier-forecast-scenario\", \"version\": 1, \"name\": \"x\xc2\x9b" "2J\"}")
                                                << QByteArray("name: control characters are not allowed in text: \"x\\x9B2J\"");
        QTest::newRow("NUL in a key") << QByteArray(R"({"format": "frontier-forecast-scenario", "version": 1, "values": {"bud\u0000get_usd": 1}})")
                                      << QByteArray("values.bud\\x00get_usd: unknown assumption");
        QTest::newRow("C1 control in a key") << QByteArray("{\"format\": \"frontier-forecast-scenario\", \"version\": 1, \"values\": {\"x\xc2\x9b" "1m\": 1}}")
                                             << QByteArray("values.x\\x9B1m: unknown assumption");
    }
    void controlCharactersNeverReachTheTerminal()
    {
        QFETCH(QByteArray, scenario);
        QFETCH(QByteArray, expect);
        const QString path = mDir.filePath(QStringLiteral("controls.json"));
        writeFile(path, scenario);
        const Run r = app({"report", "--samples", "0", "--scenario", path});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(expect), r.err.constData());
        for (char ch : r.err)
            QVERIFY2(static_cast<unsigned char>(ch) >= 0x20 || ch == '\n', r.err.toHex().constData());
        QVERIFY(!r.err.contains("\xc2\x9b"));
    }

    void csvCellsCannotBeFormulas_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("written");
        QTest::newRow("=") << "=HYPERLINK(\"x\")" << "\"'=HYPERLINK(\"\"x\"\")\"";
        QTest::newRow("+") << "+cmd" << "'+cmd";
        QTest::newRow("-") << "-2+3" << "'-2+3";
        QTest::newRow("@") << "@SUM(A1)" << "'@SUM(A1)";
        QTest::newRow("tab") << "\tx" << "'\tx";
        QTest::newRow("negative number stays a number") << "-0.5" << "-0.5";
        QTest::newRow("plain text") << "RTX 4090" << "RTX 4090";
    }
    void csvCellsCannotBeFormulas()
    {
        QFETCH(QString, cell);
        QFETCH(QString, written);
        ff::Table t;
        t.header = {"h"};
        t.rows = {{cell.toStdString()}};
        QCOMPARE(QString::fromStdString(ff::tableCsv(t)), QStringLiteral("h\n") + written + QStringLiteral("\n"));
    }

    // ---- 9. crafted assumptions.json; 5. scale ----
    void modelLimitsAreChecked_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("key");
        QTest::addColumn<double>("value");
        QTest::newRow("cadence 0 years") << "generation_cadence_years" << "min" << 0.0;
        QTest::newRow("1e9 cards") << "max_gpus" << "max" << 1e9;
        QTest::newRow("budget -1e300") << "budget_usd" << "min" << -1e300;
        QTest::newRow("doubling 0 years") << "density_doubling_years" << "min" << 0.0;
    }
    void modelLimitsAreChecked()
    {
        QFETCH(QString, name);
        QFETCH(QString, key);
        QFETCH(double, value);
        json j = dataFile("assumptions.json");
        std::size_t index = 0;
        for (std::size_t i = 0; i < j["assumptions"].size(); ++i)
            if (j["assumptions"][i]["name"] == name.toStdString())
                index = i;
        auto &a = j["assumptions"][index];
        a[key.toStdString()] = value;
        if (key == QLatin1String("min"))
            a["low"] = a["value"];
        ff::DataSet d;
        try {
            ff::parseAssumptions(j, "assumptions.json", d);
            QFAIL("a range the model cannot compute with was accepted");
        } catch (const ff::DataError &e) {
            const QString field = QStringLiteral("assumptions[%1].%2").arg(index).arg(key);
            QCOMPARE(QString::fromStdString(e.file()), QStringLiteral("assumptions.json"));
            QCOMPARE(QString::fromStdString(e.field()), field);
            QVERIFY2(QByteArray(e.what()).contains("model"), e.what());
        }
    }

    void catalogSizesAreBounded_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("count");
        QTest::newRow("100,000 budgets") << "assumptions.json" << "settings.budgets_usd" << 100000;
        QTest::newRow("100,000 parts") << "hardware.json" << "parts" << 100000;
        QTest::newRow("65,537 parts") << "hardware.json" << "parts" << 65537;
    }
    void catalogSizesAreBounded()
    {
        QFETCH(QString, file);
        QFETCH(QString, field);
        QFETCH(int, count);
        json j = dataFile(file.toUtf8().constData());
        ff::DataSet d;
        try {
            if (file == QLatin1String("hardware.json")) {
                json parts = json::array();
                for (int i = 0; i < count; ++i) {
                    json p = j["parts"][static_cast<std::size_t>(i) % j["parts"].size()];
                    p["name"] = "part " + std::to_string(i);
                    parts.push_back(p);
                }
                j["parts"] = parts;
                ff::parseHardware(j, "hardware.json", d);
            } else {
                json budgets = json::array();
                for (int i = 0; i < count; ++i)
                    budgets.push_back(1000 + i);
                j["settings"]["budgets_usd"] = budgets;
                ff::parseAssumptions(j, "assumptions.json", d);
            }
            QFAIL("an oversized catalog was accepted");
        } catch (const ff::DataError &e) {
            QCOMPARE(QString::fromStdString(e.field()), field);
            QVERIFY2(QByteArray(e.what()).contains("more than the"), e.what());
        }
    }

    void partsAtTheBoundStillWork()
    {
        // kMaxParts parts load and forecast (the bound is usable, not just a refusal).
        QTemporaryDir tmp;
        copyData(tmp.path());
        json j = dataFile("hardware.json");
        json parts = j["parts"];
        for (std::size_t i = parts.size(); i < ff::kMaxParts; ++i) {
            json p = j["parts"][i % j["parts"].size()];
            p["name"] = "part " + std::to_string(i);
            p["memory_gb"] = p["memory_gb"].get<double>() * (1 + 1e-4 * static_cast<double>(i)); // distinct specs
            parts.push_back(p);
        }
        j["parts"] = parts;
        writeFile(tmp.filePath(QStringLiteral("hardware.json")), QByteArray::fromStdString(j.dump()));
        // About 25 s in a release build (the back-test rebuilds the catalog's boxes at every bar) and
        // 60 s of CPU in the sanitizer build, 90 s wall beside a second suite: the hang guard is wider
        // here than for the one-second runs above.
        const Run r = app({"report", "--samples", "20", "--data", tmp.path(), "--format", "json"},
                          QProcessEnvironment::systemEnvironment(), 240000);
        QVERIFY2(r.code == 0, r.err.constData());
    }

private:
    QTemporaryDir mDir;
};

QTEST_GUILESS_MAIN(TestInputs)
#include "tst_inputs.moc"

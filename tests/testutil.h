#pragma once
// What the test suites share: the shipped data and its engine (loaded once per process), the
// fixture data set (tests/fixture), running the command line, writing and reading files, and
// random scenarios inside the assumptions' allowed ranges.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <cmath>
#include <fstream>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "solver/forecast.h"
#include "files/loaddata.h"

namespace fftest {

// The shipped data (data/) and an engine on it, made once per test process.
inline const ff::DataSet &shippedData()
{
    static const ff::DataSet d = ff::loadDataSet(FF_SOURCE_DATA_DIR);
    return d;
}
inline const ff::Engine &shippedEngine()
{
    static const ff::Engine e(shippedData());
    return e;
}

// The small hand-made data set in tests/fixture (see tests/fixture/README.md).
inline std::string fixtureDir() { return FF_TEST_DATA_DIR; }

// One run of the command line (FF_APP_PATH): exit status and both streams.
struct Run {
    int code = -1;
    QByteArray out, err;
};
inline Run runApp(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(FF_APP_PATH), args);
    Run r;
    if (!p.waitForFinished(600000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A JSON file of the shipped data, parsed.
inline nlohmann::json shippedJson(const std::string &name)
{
    std::ifstream in(std::string(FF_SOURCE_DATA_DIR) + "/" + name);
    return nlohmann::json::parse(in);
}

// A copy of the shipped data/ (its JSON files and presets) in `dir`, to break or change in a test.
inline QString copyShippedData(const QString &dir)
{
    QDir().mkpath(dir + QStringLiteral("/presets"));
    const QDir src(QStringLiteral(FF_SOURCE_DATA_DIR));
    for (const QString &f : src.entryList({QStringLiteral("*.json")}, QDir::Files))
        QFile::copy(src.filePath(f), dir + QLatin1Char('/') + f);
    const QDir presets(src.filePath(QStringLiteral("presets")));
    for (const QString &f : presets.entryList({QStringLiteral("*.json")}, QDir::Files))
        QFile::copy(presets.filePath(f), dir + QStringLiteral("/presets/") + f);
    return dir;
}

// The scenarios the chart and parity checks share: the default, then 24 with every sampled
// assumption drawn inside its P10-P90 range and the budget log-uniform over its allowed range
// (a fixed seed, so a failure names a scenario that can be rerun).
inline std::vector<ff::Scenario> checkedScenarios(const ff::Engine &engine)
{
    std::mt19937 rng(20261130);
    std::vector<ff::Scenario> scenarios(1);
    for (int i = 0; i < 24; ++i) {
        ff::Scenario s;
        for (const auto &a : engine.data().assumptions) {
            if (a.name == "budget_usd")
                s.values[a.name] = std::round(a.min * std::pow(a.max / a.min, std::uniform_real_distribution<double>(0, 1)(rng)));
            else if (a.sampled && a.high > a.low)
                s.values[a.name] = std::uniform_real_distribution<double>(a.low, a.high)(rng);
        }
        scenarios.push_back(s);
    }
    return scenarios;
}

// A scenario with every assumption drawn inside its allowed range (log-uniform for log-normal
// ones, whole numbers where the assumption is one), or, with `edges`, each at its minimum, maximum
// or default; the target is any scored frontier model released by the data's as-of date.
inline ff::Scenario randomScenario(const ff::Engine &engine, std::mt19937_64 &rng, bool edges = false)
{
    const ff::DataSet &d = engine.data();
    ff::Scenario s;
    std::uniform_real_distribution<double> U(0, 1);
    std::uniform_int_distribution<int> pick(0, 2);
    for (const auto &a : d.assumptions) {
        double v;
        if (edges) {
            const int k = pick(rng);
            v = k == 0 ? a.min : k == 1 ? a.max : a.value;
        } else if (a.distribution == "lognormal" && a.min > 0) {
            v = a.min * std::pow(a.max / a.min, U(rng));
        } else {
            v = a.min + U(rng) * (a.max - a.min);
        }
        if (a.integer)
            v = std::round(v);
        s.values[a.name] = v;
    }
    std::vector<const ff::FrontierModel *> targets;
    for (const auto &m : d.frontierModels)
        if (m.scored && m.released <= engine.defaultAsOf())
            targets.push_back(&m);
    if (!targets.empty())
        s.targetModel = targets[std::uniform_int_distribution<std::size_t>(0, targets.size() - 1)(rng)]->name;
    return s;
}

} // namespace fftest

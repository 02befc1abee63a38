// The pieces the window is wired from, driven without it: the forecast session (engine, document,
// result, worker), data loading with its carry-over, the presets list and the actions. Every
// result is compared with ff::Engine::compute for the same scenario; no figure is typed in.
#include <QAction>
#include <QActionGroup>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QWidget>
#include <QtTest>

#include <fstream>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "testutil.h"
#include "dataloader.h"
#include "solver/forecast.h"
#include "solver/forecastable.h"
#include "forecastsession.h"
#include "data/presets.h"
#include "scenariodocument.h"
#include "core/timeutil.h"
#include "uncertaintyrunner.h"
#include "windowactions.h"

using namespace ffui;

namespace {

const QString kData = QStringLiteral(FF_SOURCE_DATA_DIR);

// The answer a session shows is the engine's for the document's scenario.
bool sameAnswer(const ff::Result &a, const ff::Result &b)
{
    return a.task.kind == b.task.kind && a.task.year == b.task.year && a.full.kind == b.full.kind &&
        a.full.year == b.full.year && a.budgetUsd == b.budgetUsd && a.targetModel == b.targetModel && a.asOf == b.asOf;
}

// A value inside an assumption's allowed range, different from the current one.
double otherValue(const ff::AssumptionDef &a, double current)
{
    const double v = a.min + (a.max - a.min) * 0.3;
    return v == current ? a.min + (a.max - a.min) * 0.6 : v;
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void changingAValueRecomputesAndEmits();
    void undoRestoresExactly();
    void yardstickWithoutScoresIsRefused();
    void workerDeliversForTheCurrentScenarioOnly();
    void failedDataLoadKeepsThePreviousState_data();
    void failedDataLoadKeepsThePreviousState();
    void replacingDataCarriesTheScenarioAndDropsThePin();
    void carryDropsWhatTheNewDataCannotTake();
    void asOfChoicesAreTheFittableDates();
    void presetsAreListedInMenuOrder();
    void presetKeepsTargetAndDateUnlessItNamesThem();
    void actionsHaveIdsAndOneShortcutEach();
    void undoActionsFollowTheStack();

private:
    QString copyData(const QString &name) const;

    QTemporaryDir mFiles;
    std::unique_ptr<ForecastSession> mSession;
};

void TestSession::init()
{
    QVERIFY(mFiles.isValid());
    mSession = std::make_unique<ForecastSession>(DataLoader::load(kData), QDir(kData).absolutePath());
    mSession->setUncertaintyDelay(60 * 60 * 1000); // the worker only where a test asks for it
}

void TestSession::cleanup()
{
    mSession.reset();
}

QString TestSession::copyData(const QString &name) const
{
    return fftest::copyShippedData(mFiles.filePath(name)); // testutil.h
}

void TestSession::changingAValueRecomputesAndEmits()
{
    QSignalSpy computed(mSession.get(), &ForecastSession::computed);
    const ff::AssumptionDef *budget = mSession->engine().data().assumption("budget_usd");
    QVERIFY(budget);
    const double v = otherValue(*budget, mSession->result().budgetUsd);
    QVERIFY(mSession->document()->setAssumption(QStringLiteral("budget_usd"), v));
    QCOMPARE(computed.count(), 1);
    QCOMPARE(mSession->result().budgetUsd, v);
    QVERIFY(sameAnswer(mSession->result(), mSession->engine().compute(mSession->document()->scenario())));
    // The worker's extras belonged to the scenario before.
    QVERIFY(!mSession->uncertaintyCurrent());
    QVERIFY(!mSession->backtestCurrent());

    // A value the document refuses changes nothing and computes nothing.
    QString error;
    QVERIFY(!mSession->document()->setAssumption(QStringLiteral("budget_usd"), budget->max * 10, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(computed.count(), 1);
    QCOMPARE(mSession->result().budgetUsd, v);
}

void TestSession::undoRestoresExactly()
{
    ScenarioDocument *doc = mSession->document();
    const ff::Scenario before = doc->scenario();
    const ff::Result resultBefore = mSession->result();
    const ff::DataSet &data = mSession->engine().data();
    // Three kinds of edit: two values (one dragged through several positions), the yardstick, the date.
    const ff::AssumptionDef *a = data.assumption("budget_usd");
    const ff::AssumptionDef *b = data.assumption("max_sparsity");
    QVERIFY(a && b);
    for (double k : {0.2, 0.4, 0.6})
        QVERIFY(doc->setAssumption(QStringLiteral("budget_usd"), a->min + (a->max - a->min) * k));
    doc->endInteraction();
    QVERIFY(
        doc->setAssumption(QStringLiteral("max_sparsity"), otherValue(*b, doc->value(QStringLiteral("max_sparsity")))));
    doc->endInteraction();
    QVERIFY(doc->setYardstick(ff::Yardstick::CodingVerified)); // the default Sonnet target has a score there
    const std::vector<double> dates = ff::fittableAsOfDates(mSession->engine());
    QVERIFY(dates.size() >= 2);
    QVERIFY(doc->setAsOf(dates[dates.size() - 2]));
    QVERIFY(!(doc->scenario() == before));
    QVERIFY(doc->isModified());

    QUndoStack *undo = doc->undoStack();
    QCOMPARE(undo->count(), 4); // the drag is one step
    while (undo->canUndo())
        undo->undo();
    QVERIFY(doc->scenario() == before);
    QVERIFY(!doc->isModified());
    QVERIFY(sameAnswer(mSession->result(), resultBefore));
    // And redo brings back exactly what was undone.
    while (undo->canRedo())
        undo->redo();
    QCOMPARE(doc->value(QStringLiteral("budget_usd")), a->min + (a->max - a->min) * 0.6);
    QCOMPARE(doc->scenario().yardstick, ff::Yardstick::CodingVerified);
    QVERIFY(sameAnswer(mSession->result(), mSession->engine().compute(doc->scenario())));
}

void TestSession::yardstickWithoutScoresIsRefused()
{
    // The fixture has no coding scores: a session on it cannot fit a coding law, so the document
    // refuses the yardstick (with the reason) instead of holding a choice the views cannot show.
    ForecastSession session(DataLoader::load(QStringLiteral(FF_TEST_DATA_DIR)), QStringLiteral(FF_TEST_DATA_DIR));
    session.setUncertaintyDelay(60 * 60 * 1000);
    ScenarioDocument *doc = session.document();
    const ff::Scenario before = doc->scenario();
    QSignalSpy computed(&session, &ForecastSession::computed);
    QSignalSpy failed(&session, &ForecastSession::computeFailed);
    QString error;
    QVERIFY(!doc->setYardstick(ff::Yardstick::CodingVerified, &error));
    QVERIFY2(error.contains(QStringLiteral("too few scored open models")), qPrintable(error));
    QVERIFY(doc->scenario() == before);
    QCOMPARE(doc->undoStack()->count(), 0);
    QVERIFY(!doc->isModified());
    QCOMPARE(computed.count(), 0);
    QCOMPARE(failed.count(), 0);
    QVERIFY(sameAnswer(session.result(), session.engine().compute(before)));
}

void TestSession::workerDeliversForTheCurrentScenarioOnly()
{
    QVERIFY(mSession->setMonteCarloSettings(200, 7));
    QVERIFY(!mSession->setMonteCarloSettings(200, 7)); // the same settings change nothing
    mSession->setUncertaintyDelay(0);
    QSignalSpy mc(mSession.get(), &ForecastSession::monteCarloUpdated);
    QVERIFY(mSession->recompute());
    QTRY_VERIFY_WITH_TIMEOUT(mSession->uncertaintyCurrent() && mSession->backtestCurrent(), 120000);
    QCOMPARE(mc.count(), 1);
    QCOMPARE(mSession->extras().monteCarlo->seed, std::uint64_t(7));
    QCOMPARE(mSession->extras().monteCarlo->task.samples, 200);
    // What the window exports when current is the worker's own result; the same call now agrees.
    const ff::ReportExtras now = mSession->extrasFor(Extra::MonteCarlo);
    QCOMPARE(now.monteCarlo->task.p50, mSession->extras().monteCarlo->task.p50);

    // A change: the extras are stale at once, and a delivery for the old scenario is dropped.
    const quint64 old = mSession->runner()->generation();
    QVERIFY(mSession->document()->setAssumption(QStringLiteral("budget_usd"), 4000));
    QVERIFY(!mSession->uncertaintyCurrent());
    QVERIFY(mSession->runner()->generation() != old);
    emit mSession->runner()->monteCarloReady(old, *mSession->extras().monteCarlo);
    QVERIFY(!mSession->isCurrent(Extra::MonteCarlo));
    QTRY_VERIFY_WITH_TIMEOUT(mSession->uncertaintyCurrent(), 120000);
    // Settings changed: only the Monte Carlo goes stale.
    QVERIFY(mSession->setMonteCarloSettings(300, 7));
    QVERIFY(!mSession->isCurrent(Extra::MonteCarlo));
    QVERIFY(mSession->isCurrent(Extra::Sensitivity));
    QTRY_VERIFY_WITH_TIMEOUT(mSession->isCurrent(Extra::MonteCarlo), 120000);
    QCOMPARE(mSession->extras().monteCarlo->task.samples, 300);
}

void TestSession::failedDataLoadKeepsThePreviousState_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("field");
    QTest::newRow("not json") << QStringLiteral("hardware.json") << QByteArray("{ nope") << QString();
    QTest::newRow("missing file") << QStringLiteral("models.json") << QByteArray("DELETE") << QString();
    QTest::newRow("bad field") << QStringLiteral("assumptions.json") << QByteArray("FIELD")
                               << QStringLiteral("assumptions[0].value");
}

void TestSession::failedDataLoadKeepsThePreviousState()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QFETCH(QString, field);
    const QString dir = copyData(QStringLiteral("bad-") +
        QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
    const QString path = dir + QLatin1Char('/') + file;
    if (content == "DELETE") {
        QVERIFY(QFile::remove(path));
    } else if (content == "FIELD") {
        std::ifstream in(path.toStdString());
        nlohmann::json j = nlohmann::json::parse(in);
        j["assumptions"][0]["value"] = "a string";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray::fromStdString(j.dump(1)));
    } else {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
    }
    QVERIFY(mSession->document()->setAssumption(QStringLiteral("budget_usd"), 3000));
    const ff::Engine *engine = &mSession->engine();
    const ff::Scenario scenario = mSession->document()->scenario();
    const ff::Result result = mSession->result();
    QSignalSpy changed(mSession.get(), &ForecastSession::dataChanged);

    QString error;
    QVERIFY(!DataLoader::load(dir, &error));
    QVERIFY2(error.contains(file), qPrintable(error));
    if (!field.isEmpty())
        QVERIFY2(error.contains(field), qPrintable(error));
    // Nothing was handed to the session: it shows what it showed.
    QCOMPARE(&mSession->engine(), engine);
    QCOMPARE(mSession->dataDirectory(), QDir(kData).absolutePath());
    QVERIFY(mSession->document()->scenario() == scenario);
    QVERIFY(sameAnswer(mSession->result(), result));
    QCOMPARE(changed.count(), 0);
}

void TestSession::replacingDataCarriesTheScenarioAndDropsThePin()
{
    ScenarioDocument *oldDoc = mSession->document();
    QVERIFY(oldDoc->setAssumption(QStringLiteral("budget_usd"), 3000));
    oldDoc->setPinned(oldDoc->scenario());
    QVERIFY(mSession->pinnedResult());
    const QString dir = copyData(QStringLiteral("good"));
    QString error;
    const auto engine = DataLoader::load(dir, &error);
    QVERIFY2(engine, qPrintable(error));
    QStringList dropped;
    const ff::Scenario carried = DataLoader::carry(*engine, oldDoc->scenario(), &dropped);
    QVERIFY2(dropped.isEmpty(), qPrintable(dropped.join(QLatin1Char(','))));

    QSignalSpy about(mSession.get(), &ForecastSession::dataAboutToChange);
    QSignalSpy changed(mSession.get(), &ForecastSession::dataChanged);
    QSignalSpy pinned(mSession.get(), &ForecastSession::pinnedChanged);
    mSession->replaceData(engine, dir, carried, QStringLiteral("Open data directory"));
    QCOMPARE(about.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(&mSession->engine(), engine.get());
    QCOMPARE(mSession->dataDirectory(), dir);
    QVERIFY(mSession->document() != oldDoc);
    QCOMPARE(mSession->document()->value(QStringLiteral("budget_usd")), 3000.0);
    QVERIFY(!mSession->document()->isModified());
    QCOMPARE(mSession->document()->undoStack()->count(), 0);
    // The new document has no pin, and the session shows none.
    QVERIFY(!mSession->document()->pinned());
    QVERIFY(!mSession->pinnedResult());
    QVERIFY(!mSession->extras().compare);
    QCOMPARE(pinned.count(), 1);
    QVERIFY(sameAnswer(mSession->result(), engine->compute(mSession->document()->scenario())));
    // The new document drives the session.
    QSignalSpy computed(mSession.get(), &ForecastSession::computed);
    QVERIFY(mSession->document()->setAssumption(QStringLiteral("budget_usd"), 4000));
    QCOMPARE(computed.count(), 1);
    QCOMPARE(mSession->result().budgetUsd, 4000.0);
}

void TestSession::carryDropsWhatTheNewDataCannotTake()
{
    const ff::Engine &engine = mSession->engine();
    ff::Scenario s;
    s.name = "Mine";
    s.values["budget_usd"] = 3000;
    s.values["no_such_assumption"] = 1;
    s.targetModel = "No Such Model";
    s.asOf = 2016.0; // before the data can fit anything
    QVERIFY(!ff::forecastProblem(engine, s).empty());
    QStringList dropped;
    const ff::Scenario carried = DataLoader::carry(engine, s, &dropped);
    QCOMPARE(carried.name, s.name);
    QCOMPARE(carried.values.size(), std::size_t(1));
    QCOMPARE(carried.values.at("budget_usd"), 3000.0);
    QVERIFY(carried.targetModel.empty());
    QVERIFY(!carried.asOf);
    QCOMPARE(dropped.size(), 3);
    QVERIFY(dropped.contains(QStringLiteral("no_such_assumption")));
    QVERIFY2(dropped.join(QLatin1Char(',')).contains(QStringLiteral("No Such Model")),
        qPrintable(dropped.join(QLatin1Char(','))));
    QVERIFY2(
        dropped.join(QLatin1Char(',')).contains(QStringLiteral("2016-01")), qPrintable(dropped.join(QLatin1Char(','))));
    QVERIFY(ff::forecastProblem(engine, carried).empty());

    // What fits is kept: a fittable hindcast date and a scored target.
    ff::Scenario fits;
    const std::vector<double> dates = ff::fittableAsOfDates(engine);
    QVERIFY(dates.size() >= 2);
    fits.asOf = dates[dates.size() - 2]; // after the default target's release
    fits.targetModel = engine.data().settings.defaultTarget;
    dropped.clear();
    const ff::Scenario same = DataLoader::carry(engine, fits, &dropped);
    QVERIFY2(dropped.isEmpty(), qPrintable(dropped.join(QLatin1Char(','))));
    QVERIFY(same == fits);
}

void TestSession::asOfChoicesAreTheFittableDates()
{
    const ff::Engine &engine = mSession->engine();
    const std::vector<double> dates = ff::fittableAsOfDates(engine, 2023.0, 0.25);
    QVERIFY(!dates.empty());
    QCOMPARE(dates.back(), engine.defaultAsOf());
    // Every date offered can be fitted; every quarter left out cannot.
    std::set<long> offered;
    for (double t : dates) {
        QVERIFY_THROWS_NO_EXCEPTION(engine.context(t));
        offered.insert(std::lround(t * 4));
    }
    int leftOut = 0;
    for (double t = 2023.0; t < engine.defaultAsOf() - 1e-6; t += 0.25) {
        if (offered.count(std::lround(t * 4)))
            continue;
        ++leftOut;
        QVERIFY_THROWS_EXCEPTION(std::exception, engine.context(t));
    }
    // The shipped data has too few scored models at the start of 2023 (the reason for the list).
    QVERIFY(leftOut > 0);
}

void TestSession::presetsAreListedInMenuOrder()
{
    const QString dir = copyData(QStringLiteral("presets"));
    // Two more: one by file name after the page's three, one unreadable.
    {
        QFile f(dir + QStringLiteral("/presets/aardvark.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            R"({"format":"frontier-forecast-scenario","version":1,"name":"An aardvark","description":"Sorted by file name","values":{}})");
    }
    {
        QFile f(dir + QStringLiteral("/presets/broken.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ \"name\": ");
    }
    const std::vector<ff::PresetInfo> presets = ff::listPresets(dir.toStdString());
    QStringList ids;
    for (const ff::PresetInfo &p : presets)
        ids << QString::fromStdString(p.id);
    QCOMPARE(ids,
        (QStringList{QStringLiteral("base"), QStringLiteral("upside"), QStringLiteral("downside"),
            QStringLiteral("aardvark"), QStringLiteral("broken")}));
    // Names and descriptions are the files' own (read with the model's JSON reader).
    for (const ff::PresetInfo &p : presets) {
        if (p.id == "broken") {
            QCOMPARE(p.name, p.id);
            QVERIFY2(p.error.find("broken.json") != std::string::npos, p.error.c_str());
            continue;
        }
        QVERIFY2(p.error.empty(), p.error.c_str());
        std::ifstream in(p.path);
        const nlohmann::json j = nlohmann::json::parse(in);
        QVERIFY2(p.name == j.at("name").get<std::string>(), (p.id + ": " + p.name).c_str());
        QCOMPARE(p.description, j.at("description").get<std::string>());
    }
    // No folder: no presets, no error.
    QVERIFY(ff::listPresets(mFiles.filePath(QStringLiteral("nowhere")).toStdString()).empty());
}

void TestSession::presetKeepsTargetAndDateUnlessItNamesThem()
{
    ScenarioDocument *doc = mSession->document();
    const std::vector<double> dates = ff::fittableAsOfDates(mSession->engine());
    QVERIFY(doc->setAsOf(dates[dates.size() - 2]));
    const ff::Scenario before = doc->scenario();
    const std::vector<ff::PresetInfo> presets = ff::listPresets(kData.toStdString());
    QVERIFY(!presets.empty());
    const ff::PresetInfo *upside = nullptr;
    for (const ff::PresetInfo &p : presets)
        if (p.id == "upside")
            upside = &p;
    QVERIFY(upside);
    QString error;
    QVERIFY2(mSession->applyPreset(QString::fromStdString(upside->path), &error), qPrintable(error));
    const ff::Scenario file = ff::loadScenarioFile(mSession->engine().data(), upside->path);
    QCOMPARE(doc->scenario().values, file.values);
    QCOMPARE(doc->scenario().asOf, file.asOf ? file.asOf : before.asOf);
    QCOMPARE(doc->scenario().targetModel, file.targetModel.empty() ? before.targetModel : file.targetModel);
    QVERIFY(sameAnswer(mSession->result(), mSession->engine().compute(doc->scenario())));
    // One undo step back to where it was.
    doc->undoStack()->undo();
    QVERIFY(doc->scenario() == before);

    // A preset that cannot be read changes nothing and says why.
    const QString bad = mFiles.filePath(QStringLiteral("bad-preset.json"));
    {
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"frontier-forecast-scenario","version":1,"name":"Bad","values":{"budget_usd":"lots"}})");
    }
    error.clear();
    QVERIFY(!mSession->applyPreset(bad, &error));
    QVERIFY2(error.contains(QStringLiteral("budget_usd")), qPrintable(error));
    QVERIFY(doc->scenario() == before);

    // A preset saved by an earlier version applies, its retired name migrated and said in the notes.
    const QString old = mFiles.filePath(QStringLiteral("old-preset.json"));
    {
        QFile f(old);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"frontier-forecast-scenario","version":1,"name":"Old","values":{"street_price_halflife_years":8}})");
    }
    QStringList notes;
    QVERIFY2(mSession->applyPreset(old, &error, &notes), qPrintable(error));
    QVERIFY(doc->scenario().values.count("street_price_trend_pct_per_year"));
    QVERIFY2(notes.join(QLatin1Char('\n')).contains(QStringLiteral("values.street_price_halflife_years: renamed")), qPrintable(notes.join(QLatin1Char('\n'))));
}

void TestSession::actionsHaveIdsAndOneShortcutEach()
{
    QWidget window;
    WindowActions actions(&window);
    const QStringList ids = {QStringLiteral("new"), QStringLiteral("open"), QStringLiteral("save"),
        QStringLiteral("saveAs"), QStringLiteral("undo"), QStringLiteral("redo"), QStringLiteral("pin"),
        QStringLiteral("presentation"), QStringLiteral("exportChart"), QStringLiteral("quit"),
        QStringLiteral("modelHelp")};
    for (const QString &id : ids) {
        QAction *a = actions.action(id);
        QVERIFY2(a, qPrintable(id));
        QCOMPARE(a->objectName(), QStringLiteral("action_") + id);
        QVERIFY(window.actions().contains(a)); // shortcuts work with the menu bar hidden
    }
    QCOMPARE(actions.action(QStringLiteral("save"))->shortcuts(), QKeySequence::keyBindings(QKeySequence::Save));
    QVERIFY(actions.action(QStringLiteral("presentation"))->shortcuts().contains(QKeySequence(Qt::Key_F11)));
    // No key does two things.
    std::set<QString> seen;
    for (QAction *a : window.actions())
        for (const QKeySequence &k : a->shortcuts())
            QVERIFY2(seen.insert(k.toString()).second,
                qPrintable(k.toString() + QStringLiteral(" twice, on ") + a->objectName()));
    QCOMPARE(actions.themeGroup()->actions().size(), 3);

    // The slide keys (arrows, Esc) only while presenting.
    QAction *next = actions.action(QStringLiteral("presentNext"));
    QVERIFY(!next->isEnabled());
    actions.setPresenting(true);
    QVERIFY(next->isEnabled());
    QVERIFY(actions.action(QStringLiteral("presentation"))->isChecked());
    actions.setPresenting(false);
    QVERIFY(!next->isEnabled());

    // Other data's presets go with their prefix, and only they.
    actions.add(QStringLiteral("preset_base"), QStringLiteral("Base"), {}, {});
    actions.removeAll(QStringLiteral("preset_"));
    QVERIFY(!actions.action(QStringLiteral("preset_base")));
    QVERIFY(actions.action(QStringLiteral("pin")));
}

void TestSession::undoActionsFollowTheStack()
{
    QWidget window;
    WindowActions actions(&window);
    ScenarioDocument *doc = mSession->document();
    const ff::Scenario before = doc->scenario();
    actions.bindUndoStack(doc->undoStack());
    QAction *undo = actions.action(QStringLiteral("undo"));
    QAction *redo = actions.action(QStringLiteral("redo"));
    QVERIFY(!undo->isEnabled());
    QVERIFY(doc->setAssumption(QStringLiteral("budget_usd"), 3000));
    QVERIFY(undo->isEnabled());
    QVERIFY2(undo->text().startsWith(QStringLiteral("&Undo ")), qPrintable(undo->text()));
    undo->trigger();
    QVERIFY(doc->scenario() == before);
    QVERIFY(!undo->isEnabled());
    QVERIFY(redo->isEnabled());
    redo->trigger();
    QCOMPARE(doc->value(QStringLiteral("budget_usd")), 3000.0);
    // Bound to another document's stack (other data): it drives that one only.
    ScenarioDocument other(mSession->engine().data());
    QVERIFY(other.setAssumption(QStringLiteral("budget_usd"), 4000));
    actions.bindUndoStack(other.undoStack());
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QVERIFY(other.scenario() == before);
    QCOMPARE(doc->value(QStringLiteral("budget_usd")), 3000.0);
    // Unbound (the document is going away): nothing to undo.
    actions.bindUndoStack(nullptr);
    QVERIFY(!undo->isEnabled());
    QVERIFY(!redo->isEnabled());
}

QTEST_MAIN(TestSession)
#include "tst_session.moc"

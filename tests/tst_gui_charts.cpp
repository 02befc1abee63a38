// The window's charts as a user sees them: every chart drawn from the model's numbers, the
// uncertainty from the worker, the pinned scenario beside the current one, axes during a drag.
// Offscreen, with a temporary settings file (tests/guifixture.h).
#include <QAbstractButton>
#include <QAction>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QCheckBox>
#include <QClipboard>
#include <QSpinBox>
#include <QChart>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QHeaderView>
#include <QLegend>
#include <QLegendMarker>
#include <QLogValueAxis>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QValueAxis>
#include <QXYSeries>
#include <QtTest>
#include <QDialogButtonBox>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>

#include <QScrollArea>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>
#include <memory>
#include <random>

#include "testutil.h"

#include "filesizelimit.h"
#include "assumptionpanel.h"
#include "uncertainty/backtest.h"
#include "uncertainty/claims.h"
#include "report/compare.h"
#include "exportdialog.h"
#include "solver/forecast.h"
#include "forecastextras.h"
#include "forecastsession.h"
#include "headlinecards.h"
#include "chartfit.h"
#include "chartparts.h"
#include "chartview.h"
#include "mainwindow.h"
#include "uncertainty/montecarlo.h"
#include "report/report.h"
#include "scenariodocument.h"
#include "tablemodel.h"
#include "core/timeutil.h"
#include "montecarlodialog.h"
#include "preferences.h"
#include "uncertaintyrunner.h"

#include "guifixture.h"

using namespace ffui;
using ffui::Extra;

class TestGuiCharts : public QObject, private GuiFixture {
    Q_OBJECT

private slots:
    void initTestCase() { initCase("tst_gui_charts"); }
    void init() { openWindow(); }
    void cleanup() { closeWindow(); }

    void uncertaintyArrivesFromTheWorker();
    void accelerantCardShowsTheYearsThatMove_data();
    void accelerantCardShowsTheYearsThatMove();
    void uncertaintyChartsShowTheModelsNumbers();
    void monteCarloSettingsRedrawTheRangeAndPersist();
    void tornadoFallsBackToFullProduct();
    void staleUncertaintyIsDropped();
    void chartsHaveSeriesAndTitles();
    void chartsAgreeWithTheHeadline();
    void timelineNeverBridgesAGap();
    void compareShowsWhatChangedAndThePinnedDate();
    void budgetIsOnTopOnALogScaleInDollars();
    void hiddenChartsCatchUpWhenShown();
    void hiddenChartsAreMadeAfterTheFirstPaint();
};

void TestGuiCharts::uncertaintyArrivesFromTheWorker()
{
    mWindow->setUncertaintyDelay(0);
    mWindow->setAssumption(QStringLiteral("budget_usd"), 2500);
    // The deterministic years at once; the ranges and the accelerant when the worker delivers them.
    const ff::Result expected = computeWith({{"budget_usd", 2500}});
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), expected.task), qPrintable(headline(HeadlineCards::TaskYear)));
    QVERIFY2(showsAnswer(headline(HeadlineCards::FullYear), expected.full), qPrintable(headline(HeadlineCards::FullYear)));
    QVERIFY2(range(HeadlineCards::TaskYear).contains(QStringLiteral("computing")), qPrintable(range(HeadlineCards::TaskYear)));
    QVERIFY2(range(HeadlineCards::FullYear).contains(QStringLiteral("computing")), qPrintable(range(HeadlineCards::FullYear)));
    QCOMPARE(headline(HeadlineCards::Accelerant), QStringLiteral("\u2026"));
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);

    // The same numbers the model gives for this scenario and seed, with the fan (as the worker asks).
    const ff::Scenario s = mWindow->document()->scenario();
    const ff::MonteCarloResult mc = ff::runMonteCarlo(*mEngine, s, mWindow->uncertaintyRunner()->samples(), 1, nullptr, true);
    QVERIFY(!mc.fanYears.empty());
    const auto year = [&](double t) {
        return std::isfinite(t) ? QString::fromStdString(ff::formatMonth(t)).left(4) : QStringLiteral("after");
    };
    for (const auto &[card, d] : {std::pair{HeadlineCards::TaskYear, mc.task}, std::pair{HeadlineCards::FullYear, mc.full}}) {
        const QString text = range(card);
        // The kind of answer first, then the range.
        const ff::Result now = mEngine->compute(s);
        const auto &answer = card == HeadlineCards::TaskYear ? now.task : now.full;
        // The range is the model's short form of the report's words (one date format rule): the kind,
        // the share already due, then the rest; the tooltip carries the report's sentence.
        const QString words = QString::fromStdString(ff::cardRangeText(answer.kind, d, mEngine->data().settings.horizonYear, ff::monthPrecision(&d), answer.derivedScore));
        QCOMPARE(text, words);
        QVERIFY2(text.contains(year(d.p10)), qPrintable(text));
        QVERIFY2(text.contains(year(d.p90)), qPrintable(text));
    }
    // The fan the window holds is the model's.
    QVERIFY(mWindow->extras().monteCarlo.has_value());
    QCOMPARE(mWindow->extras().monteCarlo->fanYears, mc.fanYears);
    QCOMPARE(mWindow->extras().monteCarlo->fanP50, mc.fanP50);
    const auto rows = ff::sensitivity(*mEngine, s);
    const auto order = ff::rankSensitivity(rows, mEngine->data().settings.horizonYear);
    if (!order.empty())
        QCOMPARE(headline(HeadlineCards::Accelerant), QString::fromStdString(rows[order.front()].label));
    else
        QVERIFY(headline(HeadlineCards::Accelerant) != QStringLiteral("\u2026"));
}

void TestGuiCharts::accelerantCardShowsTheYearsThatMove_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("value");
    QTest::newRow("defaults") << QString() << 0.0;
    QTest::newRow("budget $2,500") << QStringLiteral("budget_usd") << 2500.0;
    QTest::newRow("budget $12,000") << QStringLiteral("budget_usd") << 12000.0;
}

void TestGuiCharts::accelerantCardShowsTheYearsThatMove()
{
    QFETCH(QString, name);
    QFETCH(double, value);
    mWindow->setUncertaintyDelay(0);
    if (!name.isEmpty())
        QVERIFY(mWindow->setAssumption(name, value));
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    const auto rows = ff::sensitivity(*mEngine, mWindow->document()->scenario());
    QVERIFY(!rows.empty());
    // The accelerant is the tornado's top bar: one ranking for both.
    const auto order = ff::rankSensitivity(rows, mEngine->data().settings.horizonYear);
    QVERIFY(!order.empty());
    const ff::SensitivityRow &top = rows[order.front()];
    QCOMPARE(headline(HeadlineCards::Accelerant), QString::fromStdString(top.label));
    auto *bars = qobject_cast<QHorizontalBarSeries *>(mWindow->chart(ChartKind::Tornado)->series().value(0));
    QVERIFY(bars);
    auto *categories = qobject_cast<QBarCategoryAxis *>(mWindow->chart(ChartKind::Tornado)->axes(Qt::Vertical).value(0));
    QVERIFY(categories && !categories->categories().isEmpty());
    // (The chart is fitted to its tab as it would be shown: at this window's width the bar's name
    // may lose its value and a trailing qualifier in parentheses, ChartFit::fitBarNames.)
    const QString topBar = categories->categories().last().section(QStringLiteral(": "), 0, 0);
    const QString label = QString::fromStdString(top.label);
    QVERIFY2(label == topBar || label.startsWith(topBar + QStringLiteral(" (")), qPrintable(categories->categories().last()));
    const QString detail = mWindow->headline()->detail(HeadlineCards::Accelerant);
    const auto month = [](double t) { return std::isfinite(t) ? QString::fromStdString(ff::formatMonth(t)) : QStringLiteral("after"); };
    // The swing adds task-level and full-product moves: the card must not present it as task-level years.
    QVERIFY2(!detail.contains(QStringLiteral("by %1 years").arg(QString::fromStdString(ff::fmtFixed(top.swing, 1)))), qPrintable(detail));
    const bool taskMoves = month(top.lowYear) != month(top.highYear);
    const bool fullMoves = month(top.fullLowYear) != month(top.fullHighYear);
    QVERIFY(taskMoves || fullMoves);
    if (fullMoves) {
        QVERIFY2(detail.contains(QStringLiteral("Full product: %1").arg(month(top.fullLowYear))), qPrintable(detail));
        QVERIFY2(detail.contains(month(top.fullHighYear)), qPrintable(detail));
    }
    if (taskMoves) {
        QVERIFY2(detail.contains(QStringLiteral("Task-level: %1").arg(month(top.lowYear))), qPrintable(detail));
        QVERIFY2(detail.contains(month(top.highYear)), qPrintable(detail));
    } else {
        QVERIFY2(detail.contains(QStringLiteral("Task-level stays %1").arg(month(top.lowYear))), qPrintable(detail));
    }
}

void TestGuiCharts::monteCarloSettingsRedrawTheRangeAndPersist()
{
    // The dialog: named controls, clamped values, defaults restored by its button.
    {
        MonteCarloDialog dialog(50, 0, QString());
        QCOMPARE(dialog.samples(), MonteCarloDialog::kMinSamples);
        QCOMPARE(dialog.seed(), std::uint64_t(1));
        QVERIFY(!dialog.samplesBox()->accessibleName().isEmpty());
        QVERIFY(!dialog.seedBox()->accessibleName().isEmpty());
        dialog.samplesBox()->setValue(1234);
        dialog.seedBox()->setValue(99);
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        buttons->button(QDialogButtonBox::RestoreDefaults)->click();
        QCOMPARE(dialog.samples(), ff::kDefaultSamples);
        QCOMPARE(dialog.seed(), std::uint64_t(1));
    }
    QVERIFY(mWindow->action(QStringLiteral("monteCarloSettings")));

    // New settings rerun the worker; the range is the model's for those samples and that seed.
    mWindow->setUncertaintyDelay(0);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    mWindow->setMonteCarloSettings(1500, 7);
    QVERIFY(!mWindow->uncertaintyCurrent());
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    const ff::Scenario s = mWindow->document()->scenario();
    const ff::MonteCarloResult mc = ff::runMonteCarlo(*mEngine, s, 1500, 7, nullptr, true);
    QVERIFY(mWindow->extras().monteCarlo.has_value());
    const ff::MonteCarloResult &got = *mWindow->extras().monteCarlo;
    QCOMPARE(got.task.samples, 1500);
    QCOMPARE(got.seed, std::uint64_t(7));
    QCOMPARE(got.task.p90, mc.task.p90);
    QCOMPARE(got.full.p90, mc.full.p90);
    QCOMPARE(got.fanP50, mc.fanP50);
    auto *status = mWindow->findChild<QLabel *>(QStringLiteral("uncertaintyLabel"));
    QVERIFY(status);
    QTRY_VERIFY2(status->text().contains(QStringLiteral("1,500 samples, seed 7, in ")), qPrintable(status->text()));

    // Kept for the next start.
    mWindow.reset();
    mWindow = std::make_unique<MainWindow>(QStringLiteral(FF_SOURCE_DATA_DIR));
    QCOMPARE(mWindow->uncertaintyRunner()->samples(), 1500);
    QCOMPARE(mWindow->uncertaintyRunner()->seed(), std::uint64_t(7));
    mWindow->setMonteCarloSettings(ff::kDefaultSamples, 1); // leave the defaults for the other tests
    QCOMPARE(prefs::monteCarloSamples.get(), ff::kDefaultSamples);
}

void TestGuiCharts::uncertaintyChartsShowTheModelsNumbers()
{
    mWindow->setUncertaintyDelay(0);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3000));
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->extrasCurrent(), 120000);
    const ff::Scenario s = mWindow->document()->scenario();
    const ff::MonteCarloResult mc = ff::runMonteCarlo(*mEngine, s, mWindow->uncertaintyRunner()->samples(), 1, nullptr, true);

    // Fan: a band from P10 to P90 and the median line, over the model's years.
    QChart *fan = mWindow->chart(ChartKind::Fan);
    QVERIFY(!fan->title().contains(QStringLiteral("updating")));
    QAreaSeries *band = nullptr;
    for (QAbstractSeries *x : fan->series())
        if (auto *a = qobject_cast<QAreaSeries *>(x))
            band = a;
    QVERIFY(band);
    QCOMPARE(band->upperSeries()->count(), qsizetype(mc.fanYears.size()));
    for (std::size_t i = 0; i < mc.fanYears.size(); ++i) {
        QCOMPARE(band->upperSeries()->at(qsizetype(i)), QPointF(mc.fanYears[i], mc.fanP90[i]));
        QCOMPARE(band->lowerSeries()->at(qsizetype(i)), QPointF(mc.fanYears[i], mc.fanP10[i]));
    }
    QStringList names;
    for (QAbstractSeries *x : fan->series())
        names << x->name();
    const ff::Result r = mEngine->compute(s);
    for (const ff::Series &series : r.timeline)
        if (series.role == "target" || series.role == "frontier")
            QVERIFY2(names.contains(QString::fromStdString(series.name)), qPrintable(names.join(QStringLiteral(", "))));

    // Histogram: task-level and full product as bars, shares of the samples.
    QChart *hist = mWindow->chart(ChartKind::Histogram);
    auto *bars = qobject_cast<QBarSeries *>(hist->series().value(0));
    QVERIFY(bars);
    QCOMPARE(bars->count(), 2);
    for (int i = 0; i < 2; ++i) {
        const ff::Distribution &d = i == 0 ? mc.task : mc.full;
        double total = 0;
        for (int k = 0; k < bars->barSets()[i]->count(); ++k)
            total += bars->barSets()[i]->at(k);
        QVERIFY2(std::fabs(total - 100.0) < 1e-6, qPrintable(QString::number(total)));
        // The first year's bar is the model's count for that year.
        if (!d.histogramYears.empty()) {
            auto *axis = qobject_cast<QBarCategoryAxis *>(hist->axes(Qt::Horizontal).value(0));
            QVERIFY(axis);
            const int at = int(axis->categories().indexOf(QString::number(int(d.histogramYears.front()))));
            QVERIFY(at >= 0);
            QCOMPARE(bars->barSets()[i]->at(at), 100.0 * d.histogramCounts.front() / d.samples);
        }
    }

    // Tornado: ranked, the biggest mover on top, around the base year.
    QChart *tornado = mWindow->chart(ChartKind::Tornado);
    auto *hbars = qobject_cast<QHorizontalBarSeries *>(tornado->series().value(0));
    QVERIFY(hbars);
    auto *cats = qobject_cast<QBarCategoryAxis *>(tornado->axes(Qt::Vertical).value(0));
    QVERIFY(cats && cats->count() > 0);
    const auto rows = ff::sensitivity(*mEngine, s);
    bool taskMoves = false;
    for (const auto &r : rows)
        taskMoves = taskMoves || r.lowYear != r.highYear;
    QCOMPARE(tornado->title().contains(QStringLiteral("full-product")), !taskMoves);
    // The top category (the last one on a horizontal axis) moves the shown parity at least as far as any other.
    const auto swingOf = [&](int k) { return std::fabs(hbars->barSets()[1]->at(k) - hbars->barSets()[0]->at(k)); };
    for (int k = 0; k + 1 < cats->count(); ++k)
        QVERIFY(swingOf(cats->count() - 1) >= swingOf(k) - 1e-9);

    // Back-test: one "said then" line per bar, its points the model's predictions.
    const auto backtest = mWindow->extras().backtest;
    QVERIFY(!backtest.empty());
    QChart *bt = mWindow->chart(ChartKind::Backtest);
    int predicted = 0;
    for (QAbstractSeries *x : bt->series())
        if (x->name().endsWith(QStringLiteral("said then")))
            predicted += int(static_cast<QXYSeries *>(x)->count());
    int expectedPoints = 0;
    for (const auto &b : backtest)
        expectedPoints += b.predictedReached ? 1 : 0;
    QCOMPARE(predicted, expectedPoints);
    ff::BacktestSpec spec = ff::defaultBacktestSpec();
    spec.base = s;
    const auto fresh = ff::backtest(*mEngine, spec);
    QCOMPARE(backtest.size(), fresh.size());
    for (std::size_t i = 0; i < fresh.size(); ++i)
        QCOMPARE(backtest[i].predictedYear, fresh[i].predictedYear);
    // The tables of the back-test and the ceiling history show the same rows.
    QCOMPARE(mWindow->tableModel(TableKind::Backtest)->rowCount(), int(fresh.size()));
    QCOMPARE(mWindow->tableModel(TableKind::Ceiling)->rowCount(), int(ff::ceilingHistory(*mEngine, spec).size()));

    // A change marks them as updating until the worker is back.
    mWindow->setUncertaintyDelay(60000);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3500));
    // (Hidden charts are marked when they are shown or asked for: chart() gives them as shown.)
    QVERIFY(mWindow->chart(ChartKind::Fan)->title().contains(QStringLiteral("updating")));
    QVERIFY(mWindow->chart(ChartKind::Tornado)->title().contains(QStringLiteral("updating")));
}

void TestGuiCharts::tornadoFallsBackToFullProduct()
{
    const ff::Scenario s;
    const ff::Result r = mEngine->compute(s);
    ff::ReportExtras x;
    x.sensitivity = ff::sensitivity(*mEngine, s);
    QVERIFY(!x.sensitivity.empty());
    // Task-level moves for one row: the tornado shows task-level parity.
    ff::ReportExtras taskMoves = x;
    for (auto &row : taskMoves.sensitivity)
        row.lowYear = row.highYear = r.task.year;
    taskMoves.sensitivity.front().highYear = r.task.year + 1;
    std::unique_ptr<QChart> a(ChartFactory::create(ChartKind::Tornado, *mEngine, r, taskMoves));
    QVERIFY2(a->title().contains(QStringLiteral("task-level")), qPrintable(a->title()));
    QVERIFY(a->axes(Qt::Horizontal).value(0)->titleText().startsWith(QStringLiteral("Task-level")));
    // No task-level swing at all: full-product years, and the chart says which.
    ff::ReportExtras fullOnly = x;
    for (auto &row : fullOnly.sensitivity) {
        row.lowYear = row.highYear = r.task.year;
        row.fullLowYear = row.fullHighYear = r.full.year; // only the first row moves
    }
    fullOnly.sensitivity.front().fullLowYear = r.full.year - 0.5;
    fullOnly.sensitivity.front().fullHighYear = r.full.year + 2;
    std::unique_ptr<QChart> b(ChartFactory::create(ChartKind::Tornado, *mEngine, r, fullOnly));
    QVERIFY2(b->title().contains(QStringLiteral("full-product")), qPrintable(b->title()));
    QVERIFY(b->axes(Qt::Horizontal).value(0)->titleText().startsWith(QStringLiteral("Full-product")));
    auto *bars = qobject_cast<QHorizontalBarSeries *>(b->series().value(0));
    QVERIFY(bars);
    auto *cats = qobject_cast<QBarCategoryAxis *>(b->axes(Qt::Vertical).value(0));
    const int top = int(cats->count()) - 1;
    QVERIFY(cats->at(top).startsWith(QString::fromStdString(fullOnly.sensitivity.front().label)));
    QCOMPARE(bars->barSets()[0]->at(top), -0.5); // relative to the base year
    QCOMPARE(bars->barSets()[1]->at(top), 2.0);
}

void TestGuiCharts::staleUncertaintyIsDropped()
{
    // Let the window's own first request finish, so only ours are in flight.
    mWindow->setUncertaintyDelay(0);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    UncertaintyRunner *runner = mWindow->uncertaintyRunner();
    QSignalSpy mc(runner, &UncertaintyRunner::monteCarloReady);
    QSignalSpy sens(runner, &UncertaintyRunner::sensitivityReady);
    ff::Scenario a, b;
    a.values["budget_usd"] = 2000;
    b.values["budget_usd"] = 8000;
    runner->request(a);
    const quint64 newest = runner->request(b); // cancels the first
    QVERIFY(runner->waitForIdle(120000));
    QTRY_VERIFY_WITH_TIMEOUT(!runner->isBusy(), 10000);
    for (const auto &args : mc)
        QCOMPARE(args.at(0).value<quint64>(), newest);
    for (const auto &args : sens)
        QCOMPARE(args.at(0).value<quint64>(), newest);
    QCOMPARE(sens.size(), 1);
}

void TestGuiCharts::chartsHaveSeriesAndTitles()
{
    mWindow->setUncertaintyDelay(0);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->extrasCurrent(), 120000);
    for (ChartKind k : ChartFactory::kinds()) {
        QChart *c = mWindow->chart(k);
        QVERIFY(c);
        QVERIFY(!c->title().isEmpty());
        // The legend is drawn by the view under the plot (Qt's own would cut its labels to one row).
        auto *view = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(k));
        QVERIFY(view && !view->legendEntries().isEmpty() && !view->legendRect().isEmpty());
        QVERIFY(!c->series().isEmpty());
        int points = 0;
        for (QAbstractSeries *s : c->series()) {
            if (auto *xy = qobject_cast<QXYSeries *>(s))
                points += int(xy->count());
            else if (auto *area = qobject_cast<QAreaSeries *>(s))
                points += int(area->upperSeries()->count());
            else if (auto *bars = qobject_cast<QAbstractBarSeries *>(s))
                for (const QBarSet *set : bars->barSets())
                    points += int(set->count());
        }
        const int needed = k == ChartKind::Tornado ? 2 : 10; // one assumption may be all that moves parity
        QVERIFY2(points >= needed, qPrintable(ChartFactory::id(k)));
        // Hidden tabs are fitted at their tab's size too (they are made after the first paint at the
        // stack's size): the tick labels keep 11 pt or more, the names beside horizontal bars at least
        // the 70% of the style's 12 pt that ChartFit::fitBarNames may shrink them to.
        for (QAbstractAxis *a : c->axes()) {
            QVERIFY2(!a->titleText().isEmpty(), qPrintable(ChartFactory::id(k)));
            const bool barNames = qobject_cast<QBarCategoryAxis *>(a) && a->orientation() == Qt::Vertical;
            QVERIFY2(a->labelsFont().pointSizeF() >= (barNames ? 12 * 0.7 - 0.01 : 11),
                     qPrintable(ChartFactory::id(k) + QStringLiteral(": %1 pt").arg(a->labelsFont().pointSizeF())));
        }
    }
    // The trends chart has a log Y axis.
    QVERIFY(qobject_cast<QLogValueAxis *>(mWindow->chart(ChartKind::Trends)->axes(Qt::Vertical).value(0)));
}

namespace {
// The value a drawn line has at x (steps hold their value; NaN before its first point).
double valueAt(const QList<QPointF> &pts, double x)
{
    double v = std::numeric_limits<double>::quiet_NaN();
    for (const QPointF &p : pts)
        if (p.x() <= x + 1e-9)
            v = p.y();
    return v;
}
const ChartFactory::DrawnSeries *seriesNamed(const QList<ChartFactory::DrawnSeries> &all, const QString &prefix)
{
    for (const auto &s : all)
        if (s.name.startsWith(prefix) || s.name.contains(prefix))
            return &s;
    return nullptr;
}
// Every drawn piece of a series (a line broken at a gap is drawn as several pieces of one name),
// as one list of points in order; `pieces` counts them. Each piece is checked to bridge no gap.
ChartFactory::DrawnSeries joinedPieces(const QList<ChartFactory::DrawnSeries> &all, const QString &prefix, int &pieces, double maxStep)
{
    ChartFactory::DrawnSeries out;
    pieces = 0;
    for (const auto &s : all)
        if (s.name.contains(prefix) && !s.points.isEmpty()) {
            out.name = s.name;
            for (qsizetype k = 1; k < s.points.size(); ++k)
                if (s.points[k].x() - s.points[k - 1].x() > maxStep)
                    pieces = -1000; // a gap drawn over
            out.points += s.points;
            ++pieces;
        }
    return out;
}
} // namespace

void TestGuiCharts::chartsAgreeWithTheHeadline()
{
    // The default scenario and random ones (every sampled assumption uniform between its P10 and
    // P90, the budget log-uniform over its range): where the drawn lines cross is where the headline
    // says parity is, to the month.
    // Each also for Sonnet 4.6: with the derived scores the default target is observed in most of
    // them, and the crossing is drawn for answers still to come.
    std::vector<ff::Scenario> scenarios = fftest::checkedScenarios(*mEngine); // testutil.h
    for (std::size_t i = 0, n = scenarios.size(); i < n; ++i) {
        ff::Scenario s = scenarios[i];
        s.targetModel = "Claude Sonnet 4.6";
        scenarios.push_back(s);
    }
    int projected = 0, broken = 0;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const ff::Result r = mEngine->compute(scenarios[i]);
        const QString where = QStringLiteral("scenario %1, parity %2").arg(i).arg(QString::fromStdString(ff::yearText(r.task)));
        const auto crossing = ChartFactory::drawnSeries(ChartKind::Crossing, *mEngine, r);
        const auto timeline = ChartFactory::drawnSeries(ChartKind::Timeline, *mEngine, r);
        const auto *need = seriesNamed(crossing, QStringLiteral("needs"));
        const auto *offer = seriesNamed(crossing, QStringLiteral("runs at API speed"));
        // The law's line, one piece per stretch with a box under the budget: never drawn across a gap.
        int pieces = 0;
        const ChartFactory::DrawnSeries joined = joinedPieces(timeline, QStringLiteral("(by the law)"), pieces, 1.5 / 12);
        QVERIFY2(pieces >= 0, qPrintable(where + QStringLiteral(": the law's line bridges months without an affordable box")));
        const ff::Series *modelLocal = chartparts::byRole(r.timeline, "local_projected");
        QVERIFY(modelLocal);
        QCOMPARE(pieces, modelLocal->x.empty() ? 0 : int(modelLocal->restarts.size()) + 1);
        broken += pieces > 1;
        const auto *local = &joined; // empty when no month has an affordable box
        const auto *target = seriesNamed(timeline, QStringLiteral("Target"));
        const auto *observed = seriesNamed(timeline, QStringLiteral("(observed)"));
        QVERIFY2(need && offer && local && target && observed, qPrintable(where));
        // The law's lines start no earlier than its evidence (nor more than a year before the answer or today).
        const double lawStart = std::ceil(r.law.firstRelease * 12 - 1e-6) / 12;
        QVERIFY2(!need->points.isEmpty() && need->points.front().x() >= lawStart - 1e-9, qPrintable(where));
        QVERIFY2(local->points.isEmpty() || local->points.front().x() >= lawStart - 1e-9, qPrintable(where));
        QVERIFY2(observed->points.isEmpty() || observed->points.back().x() <= r.asOf + 1e-9, qPrintable(where));
        // A today line at as-of on both.
        QVERIFY2(seriesNamed(crossing, QStringLiteral("Today")) && seriesNamed(timeline, QStringLiteral("Today")), qPrintable(where));
        const double axisEnd = need->points.back().x();
        const auto firstCrossing = [&](const ChartFactory::DrawnSeries &above, const ChartFactory::DrawnSeries &below) {
            for (const QPointF &p : below.points) {
                const double v = valueAt(above.points, p.x());
                if (std::isfinite(v) && v >= p.y() * (1 - 1e-9))
                    return p.x();
            }
            return std::numeric_limits<double>::infinity();
        };
        if (r.task.reached && !r.task.alreadyReached) {
            ++projected;
            const double cross = firstCrossing(*offer, *need);
            QVERIFY2(std::fabs(cross - r.task.year) <= 1.0 / 12 + 1e-6,
                     qPrintable(where + QStringLiteral(": need and offer cross at %1").arg(cross)));
            const double line = firstCrossing(*local, *target);
            QVERIFY2(std::fabs(line - r.task.year) <= 1.0 / 12 + 1e-6,
                     qPrintable(where + QStringLiteral(": local meets the target at %1").arg(line)));
            // The marker is drawn where the headline says.
            const auto *marker = seriesNamed(crossing, QStringLiteral("parity ("));
            QVERIFY2(marker && !marker->points.isEmpty() && std::fabs(marker->points.front().x() - r.task.year) < 1e-9, qPrintable(where));
        } else if (!r.task.reached) {
            const double cross = firstCrossing(*offer, *need);
            QVERIFY2(!std::isfinite(cross) || cross > axisEnd - 1e-9,
                     qPrintable(where + QStringLiteral(": a crossing is drawn at %1 (need %2, offer %3, as of %4, breakthrough %5) but parity is not reached")
                                            .arg(cross)
                                            .arg(valueAt(need->points, cross))
                                            .arg(valueAt(offer->points, cross))
                                            .arg(r.asOf)
                                            .arg(scenarios[i].values.count("distill_breakthrough_year") ? scenarios[i].values.at("distill_breakthrough_year") : -1)
                                            + QStringLiteral(" drift %1 sparsity %2 kv %3 budget %4 need+1m %5 offer+1m %6")
                                                  .arg(scenarios[i].values.count("target_drift_per_year") ? scenarios[i].values.at("target_drift_per_year") : -1)
                                                  .arg(scenarios[i].values.count("max_sparsity") ? scenarios[i].values.at("max_sparsity") : -1)
                                                  .arg(scenarios[i].values.count("kv_compression") ? scenarios[i].values.at("kv_compression") : -1)
                                                  .arg(r.budgetUsd)
                                                  .arg(valueAt(need->points, cross + 1.0 / 12))
                                                  .arg(valueAt(offer->points, cross + 1.0 / 12))));
        } else {
            // Observed: the catalog's best local run is at the bar today, and the drawn line steps onto
            // the target in the month the headline names (when that month is on the chart).
            QVERIFY2(!observed->points.isEmpty() && observed->points.back().y() >= valueAt(target->points, r.asOf) - 1e-6,
                     qPrintable(where));
            if (r.task.kind == ff::ParityKind::Observed && r.task.year > observed->points.front().x() + 1e-9) {
                double step = std::numeric_limits<double>::infinity(); // the first drawn point at the bar
                for (const QPointF &p : observed->points)
                    if (p.y() >= valueAt(target->points, p.x()) * (1 - 1e-9)) {
                        step = p.x();
                        break;
                    }
                QVERIFY2(step >= r.task.year - 1e-9 && step < r.task.year + 1.0 / 12,
                         qPrintable(where + QStringLiteral(": the observed line meets the target at %1").arg(step)));
            }
        }
    }
    QVERIFY(projected >= 5); // the random scenarios exercise the projected case
    qInfo("%d of %zu scenarios draw the law's line in pieces (months without an affordable box)", broken, scenarios.size());
}

void TestGuiCharts::timelineNeverBridgesAGap()
{
    // A result whose law line the model breaks (Series::restarts): drawn as two pieces of one legend
    // entry, and no drawn segment spans the months between them.
    ff::Result r = mEngine->compute(ff::Scenario{});
    ff::Series *local = nullptr;
    for (ff::Series &s : r.timeline)
        if (s.role == "local_projected")
            local = &s;
    QVERIFY(local && local->x.size() > 24);
    const std::size_t cut = local->x.size() / 3, resume = cut + 6; // six months without an affordable box
    const double gapFrom = local->x[cut - 1], gapTo = local->x[resume];
    local->x.erase(local->x.begin() + long(cut), local->x.begin() + long(resume));
    local->y.erase(local->y.begin() + long(cut), local->y.begin() + long(resume));
    local->restarts = {cut};
    const auto drawn = ChartFactory::drawnSeries(ChartKind::Timeline, *mEngine, r);
    QList<ChartFactory::DrawnSeries> pieces;
    for (const auto &d : drawn)
        if (d.name == QString::fromStdString(local->name))
            pieces << d;
    QCOMPARE(pieces.size(), 2);
    QVERIFY(pieces[0].legend && !pieces[1].legend); // named once
    QCOMPARE(pieces[0].points.back().x(), gapFrom);
    QCOMPARE(pieces[1].points.front().x(), gapTo);
    QCOMPARE(pieces[0].points.size() + pieces[1].points.size(), qsizetype(local->x.size()));
}

void TestGuiCharts::compareShowsWhatChangedAndThePinnedDate()
{
    // Issue 31, item 5: pin the defaults, switch the target to Sonnet 4.5.
    // Which later Sonnet flips a year's verdict depends on the data: the first that flips one is taken.
    QString sonnet45 = QStringLiteral("Claude Sonnet 4.5");
    mWindow->action(QStringLiteral("pin"))->trigger();
    QVERIFY(mWindow->hasPin());
    QVERIFY(mWindow->setTargetModel(sonnet45));
    const ff::Result *pinned = mWindow->pinnedResult();
    QVERIFY(pinned);
    const auto flips = [&] {
        for (std::size_t i = 0; i < mWindow->result().scenarios.size() && i < pinned->scenarios.size(); ++i)
            if (mWindow->result().scenarios[i].verdict != pinned->scenarios[i].verdict)
                return true;
        return false;
    };
    if (!flips()) {
        sonnet45 = QStringLiteral("Claude Sonnet 4.6");
        QVERIFY(mWindow->setTargetModel(sonnet45));
        pinned = mWindow->pinnedResult();
    }
    // Two names: the pin keeps the preset's, the change is named by what changed.
    QCOMPARE(QString::fromStdString(pinned->scenario.name), QStringLiteral("Base case"));
    QCOMPARE(QString::fromStdString(mWindow->result().scenario.name), QStringLiteral("Target ") + sonnet45);
    // The scenario table: the verdict cells that changed differ from the pinned ones, and say so.
    TableModel *scenario = mWindow->tableModel(TableKind::Scenario);
    const ff::Table &t = scenario->table();
    int verdict = -1;
    for (int c = 0; c < scenario->columnCount(); ++c)
        if (scenario->headerData(c, Qt::Horizontal).toString() == QLatin1String("Verdict"))
            verdict = c;
    QVERIFY(verdict >= 0);
    const int difference = scenario->columnCount() - 1;
    QCOMPARE(scenario->headerData(difference, Qt::Horizontal).toString(), QStringLiteral("Difference"));
    int changedVerdicts = 0;
    for (int r = 0; r < scenario->rowCount(); ++r) {
        const bool changed = mWindow->result().scenarios[std::size_t(r)].verdict != pinned->scenarios[std::size_t(r)].verdict;
        QCOMPARE(scenario->differsFromPinned(r, verdict), changed);
        const QString diff = scenario->data(scenario->index(r, difference)).toString();
        QVERIFY2(!diff.isEmpty() && diff != QLatin1String("same"), qPrintable(diff));
        if (changed) {
            ++changedVerdicts;
            QVERIFY2(diff.startsWith(QLatin1String("verdict ")), qPrintable(diff));
            QCOMPARE(scenario->data(scenario->index(r, verdict), TableModel::PinnedRole).toString(),
                     QString::fromStdString(ff::verdictText(pinned->scenarios[std::size_t(r)].verdict)));
            QVERIFY(scenario->data(scenario->index(r, verdict), Qt::FontRole).value<QFont>().bold());
        }
    }
    QVERIFY(changedVerdicts > 0);
    QCOMPARE(t.rows.size(), std::size_t(scenario->rowCount()));
    // On screen the verdict, the pinned verdict and the difference come right after the year.
    auto *view = mWindow->findChild<QTableView *>(QStringLiteral("table_scenario"));
    QVERIFY(view);
    QCOMPARE(view->horizontalHeader()->visualIndex(verdict), 1);
    QCOMPARE(view->horizontalHeader()->visualIndex(difference - 1), 2);
    QCOMPARE(view->horizontalHeader()->visualIndex(difference), 3);
    // The crossing chart: a line at the pinned parity date, in the pinned style, named for the pin.
    QVERIFY(pinned->task.reached);
    QChart *crossing = mWindow->chart(ChartKind::Crossing);
    QLineSeries *marker = nullptr, *today = nullptr;
    for (QAbstractSeries *series : crossing->series()) {
        if (series->name().startsWith(QStringLiteral("Pinned: Base case: task-level parity")))
            marker = qobject_cast<QLineSeries *>(series);
        if (series->name().startsWith(QStringLiteral("Today")))
            today = qobject_cast<QLineSeries *>(series);
    }
    QVERIFY(marker && today);
    QCOMPARE(marker->count(), 2);
    QCOMPARE(marker->at(0).x(), pinned->task.year);
    QCOMPARE(marker->at(1).x(), pinned->task.year);
    QVERIFY(marker->name().contains(QString::fromStdString(ff::formatMonth(pinned->task.year))));
    QVERIFY(marker->pen().color() != today->pen().color());
    QVERIFY(marker->pen().style() != today->pen().style());
    // Every pinned series on the crossing chart is told apart from Today the same way.
    for (QAbstractSeries *series : crossing->series())
        if (series->name().startsWith(QStringLiteral("Pinned: "))) {
            auto *line = qobject_cast<QXYSeries *>(series);
            QVERIFY(line);
            QCOMPARE(line->pen().color(), marker->pen().color());
        }
    // In the legend.
    bool inLegend = false;
    for (const LegendEntry &e : ChartFit::legendEntries(crossing))
        inLegend = inLegend || e.label == marker->name();
    QVERIFY(inLegend);
}

void TestGuiCharts::budgetIsOnTopOnALogScaleInDollars()
{
    const ff::AssumptionDef *budget = mEngine->data().assumption("budget_usd");
    const SliderScale scale = SliderScale::forAssumption(*budget);
    QVERIFY(scale.log && scale.money);
    // The middle of the slider is the geometric middle of the range, shown as money.
    QCOMPARE(scale.fromSlider(SliderScale::kSteps / 2), std::round(std::sqrt(budget->min * budget->max) / 100) * 100);
    QCOMPARE(scale.text(5000, QStringLiteral("USD")), QStringLiteral("$5,000"));
    QCOMPARE(SliderScale::forAssumption(*mEngine->data().assumption("roadmap_next_year")).text(2028, QStringLiteral("year")),
             QStringLiteral("2028-01"));
    // In the Target group, right under the target model.
    auto *group = mWindow->findChild<QWidget *>(QStringLiteral("group_target"));
    QVERIFY(group && group->findChild<QSlider *>(QStringLiteral("slider_budget_usd")));
    auto *spin = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_budget_usd"));
    QVERIFY(spin->text().startsWith(QLatin1Char('$')));
    auto *year = mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_roadmap_next_year"));
    QCOMPARE(year->text(), QStringLiteral("2028-01"));
}

void TestGuiCharts::hiddenChartsCatchUpWhenShown()
{
    // A change redraws only the chart on screen (issue 30); a chart that was hidden meanwhile shows
    // the model's current lines the moment its tab is chosen, without asking chart() for it.
    auto *tabs = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    auto *trends = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Trends));
    auto *crossing = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Crossing));
    QVERIFY(tabs && trends && crossing);
    tabs->setCurrentWidget(trends);
    const auto drawn = [&](const QString &prefix) {
        for (QAbstractSeries *s : crossing->chart()->series())
            if (auto *xy = qobject_cast<QXYSeries *>(s); xy && (xy->name().startsWith(prefix) || xy->name().contains(prefix)))
                return xy->points();
        return QList<QPointF>{};
    };
    const QList<QPointF> before = drawn(QStringLiteral("runs at API speed"));
    QVERIFY(!before.isEmpty());
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 2000));
    tabs->setCurrentWidget(crossing);
    const auto model = ChartFactory::drawnSeries(ChartKind::Crossing, *mEngine, mWindow->result());
    const auto *offer = seriesNamed(model, QStringLiteral("runs at API speed"));
    QVERIFY(offer);
    const QList<QPointF> after = drawn(QStringLiteral("runs at API speed"));
    QVERIFY(after != before); // the budget moved the line
    QCOMPARE(after, offer->points);
}

void TestGuiCharts::hiddenChartsAreMadeAfterTheFirstPaint()
{
    // Launch paints the chart on screen without waiting for the hidden ones (issue 30, item 6): a
    // window not yet shown has made only its current tab's (the first result draws it), one asked
    // for is made then with the scenario as it is by then, the rest one per turn after the first
    // paint.
    closeWindow();
    openWindow(false);
    const QList<ChartView *> views = mWindow->findChildren<ChartView *>();
    QCOMPARE(views.size(), ChartFactory::kinds().size());
    auto *tabs = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    auto *shown = qobject_cast<ChartView *>(tabs->currentWidget());
    QVERIFY(shown);
    for (const ChartView *v : views)
        QVERIFY2(v->isBuilt() == (v == shown), qPrintable(v->objectName()));
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 2000));
    auto *crossing = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Crossing));
    QVERIFY(crossing && !crossing->isBuilt());
    QList<QPointF> drawn;
    for (QAbstractSeries *s : crossing->chart()->series())
        if (auto *xy = qobject_cast<QXYSeries *>(s); xy && xy->name().contains(QStringLiteral("runs at API speed")))
            drawn = xy->points();
    QVERIFY(crossing->isBuilt());
    const auto model = ChartFactory::drawnSeries(ChartKind::Crossing, *mEngine, mWindow->result());
    const auto *offer = seriesNamed(model, QStringLiteral("runs at API speed"));
    QVERIFY(offer && !drawn.isEmpty());
    QCOMPARE(drawn, offer->points);
    int made = 0;
    for (const ChartView *v : views)
        made += v->isBuilt();
    QCOMPARE(made, 2);

    // While a slider is held no hidden chart is made (no turn of the drag waits for one); released,
    // they all are.
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_budget_usd"));
    QVERIFY(slider);
    slider->setSliderDown(true);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
    QCOMPARE(tabs->currentWidget(), shown);
    const auto countMade = [&] {
        return int(std::count_if(views.cbegin(), views.cend(), [](const ChartView *v) { return v->isBuilt(); }));
    };
    QTest::qWait(300);
    QCOMPARE(countMade(), 2);
    slider->setSliderDown(false);
    QTRY_COMPARE(countMade(), int(views.size()));
    // Made hidden after the window was laid out, each is fitted at its tab's size (the stack's),
    // not at the view's minimum (the one made before the window was shown is fitted when shown).
    for (const ChartView *v : views)
        if (v != crossing)
            QVERIFY2(v->size() == shown->size(), qPrintable(v->objectName()));
}

QTEST_MAIN(TestGuiCharts)
#include "tst_gui_charts.moc"

// The window during a drag (split from tst_gui_charts): the axes hold still while the slider is
// held, the Trends chart shows one set of year labels through a budget drag, and a range from too
// few future samples is said as such on the card and in the report.
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

class TestGuiDrag : public QObject, private GuiFixture {
    Q_OBJECT

private slots:
    void initTestCase() { initCase("tst_gui_drag"); }
    void init() { openWindow(); }
    void cleanup() { closeWindow(); }

    void axesHoldStillDuringADrag();
    void trendsShowOneSetOfYearLabelsThroughABudgetDrag();
    void cardAndReportSayTooFewFutureSamples();
    void aDragComputesWhatIsShownAndTheReleaseTheRest();
};

void TestGuiDrag::axesHoldStillDuringADrag()
{
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_budget_usd"));
    QVERIFY(slider);
    // On screen: a hidden chart is not redrawn during a drag at all.
    auto *tabs = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    auto *timeline = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Timeline));
    QVERIFY(timeline);
    tabs->setCurrentWidget(timeline);
    QChart *chart = mWindow->chart(ChartKind::Timeline);
    auto *x = qobject_cast<QValueAxis *>(chart->axes(Qt::Horizontal).value(0));
    QVERIFY(x);
    const double before = x->max();
    // A press starts a drag: from then until the release the axes keep their range.
    emit slider->sliderPressed();
    slider->setValue(slider->minimum());
    QCOMPARE(x->max(), before);
    std::unique_ptr<QChart> fresh(ChartFactory::create(ChartKind::Timeline, *mEngine, mWindow->result()));
    const double fitted = qobject_cast<QValueAxis *>(fresh->axes(Qt::Horizontal).value(0))->max();
    QVERIFY2(fitted != before, "the test needs a budget that moves the axis");
    emit slider->sliderReleased();
    // The release refits them to what is shown.
    QVERIFY(!ChartFactory::axesFrozen(chart));
    QCOMPARE(x->max(), fitted);
}

namespace {
// What the Trends chart's x axis shows as text now: every visible year label in the view's scene,
// with where it is drawn. (Texts of four digits from 1900 to 2199: the tick labels of a year axis;
// the log y axis of the Trends chart reaches 1000 at most.)
struct YearLabel {
    int year;
    QRectF rect;
};
QList<YearLabel> visibleYearLabels(ChartView *view)
{
    QList<YearLabel> out;
    static const QRegularExpression yearPattern(QStringLiteral("^(19|20|21)\\d\\d$"));
    for (QGraphicsItem *item : view->scene()->items()) {
        auto *text = dynamic_cast<QGraphicsTextItem *>(item);
        if (!text || !text->isVisible() || !yearPattern.match(text->toPlainText()).hasMatch())
            continue;
        out.append(YearLabel{text->toPlainText().toInt(), text->sceneBoundingRect()});
    }
    return out;
}

// Empty when the labels are one set that the axis' range and ticks account for, else what is wrong.
QString yearLabelProblem(ChartView *view, const QValueAxis *x)
{
    const QList<YearLabel> labels = visibleYearLabels(view);
    // The ticks the axis draws: every interval from the anchor, within its range.
    const double first = x->tickAnchor() + std::ceil((x->min() - x->tickAnchor()) / x->tickInterval() - 1e-9) * x->tickInterval();
    const int ticks = int(std::floor((x->max() - first) / x->tickInterval() + 1e-9)) + 1;
    QStringList shown;
    for (const YearLabel &l : labels)
        shown << QString::number(l.year);
    const QString where = QStringLiteral(" (axis %1..%2 every %3; labels %4)")
                              .arg(x->min())
                              .arg(x->max())
                              .arg(x->tickInterval())
                              .arg(shown.join(QLatin1Char(' ')));
    if (labels.size() != ticks)
        return QStringLiteral("%1 year labels for %2 ticks").arg(labels.size()).arg(ticks) + where;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (labels[i].year < x->min() || labels[i].year > x->max())
            return QStringLiteral("label %1 outside the axis").arg(labels[i].year) + where;
        for (qsizetype j = i + 1; j < labels.size(); ++j)
            if (labels[i].rect.intersects(labels[j].rect))
                return QStringLiteral("labels %1 and %2 overlap").arg(labels[i].year).arg(labels[j].year) + where;
    }
    return {};
}
} // namespace

void TestGuiDrag::trendsShowOneSetOfYearLabelsThroughABudgetDrag()
{
    // gui-bench's budget drag (10 % to 90 % of the slider, 30 steps) on the Trends chart at the
    // projector size. A step that changes the chart's shape (a series more or less) rebuilt it:
    // Qt Charts leaves a removed axis's labels on screen until the event loop deletes its element
    // later, so 2-3 sets of year labels were drawn at once. Checked after processEvents() alone,
    // as a paint at that moment sees the scene (QTest::qWait would delete them first).
    mWindow->resize(1280, 720);
    auto *tabs = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    auto *trends = mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Trends));
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_budget_usd"));
    QVERIFY(tabs && trends && slider);
    tabs->setCurrentWidget(trends);
    QTest::qWait(1);
    QChart *chart = trends->chart();
    const auto xAxis = [chart] { return qobject_cast<QValueAxis *>(chart->axes(Qt::Horizontal).value(0)); };
    QPointer<QValueAxis> x = xAxis();
    QVERIFY(x);
    QCOMPARE(chart->axes(Qt::Horizontal).size(), 1);
    QString problem = yearLabelProblem(trends, x);
    QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("before the drag: ") + problem));
    const double min = x->min(), max = x->max();
    const int lo = slider->minimum() + (slider->maximum() - slider->minimum()) / 10;
    const int hi = slider->maximum() - (slider->maximum() - slider->minimum()) / 10;
    const int steps = 30;
    int rebuilt = 0;
    QList<QAbstractSeries *> seriesBefore = chart->series();
    slider->setSliderDown(true);
    for (int i = 0; i < steps; ++i) {
        slider->setSliderPosition(lo + (hi - lo) * i / (steps - 1));
        QCoreApplication::processEvents();
        if (chart->series() != seriesBefore)
            ++rebuilt;
        seriesBefore = chart->series();
        const QString step = QStringLiteral("drag step %1 ($%2): ").arg(i).arg(mWindow->assumption(QStringLiteral("budget_usd")));
        QCOMPARE(chart->axes(Qt::Horizontal).size(), 1);
        QVERIFY(xAxis());
        problem = yearLabelProblem(trends, xAxis());
        QVERIFY2(problem.isEmpty(), qPrintable(step + problem));
        // The same x axis, holding still through the drag.
        QVERIFY2(xAxis() == x.data(), qPrintable(step + QStringLiteral("the x axis was made anew")));
        QCOMPARE(x->min(), min);
        QCOMPARE(x->max(), max);
    }
    slider->setSliderDown(false);
    QCoreApplication::processEvents();
    QVERIFY2(rebuilt > 0, "the test needs a drag that changes the chart's series");
    QVERIFY(xAxis() == x.data());
    problem = yearLabelProblem(trends, x);
    QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("after the release: ") + problem));
}

void TestGuiDrag::cardAndReportSayTooFewFutureSamples()
{
    // Claude Sonnet 4.5 on the default scenario: a handful of its 5,000 samples lie after as-of (the
    // rest observed), fewer than the model's floor for a range; the card and the report say so with
    // the same count, and neither shows a P10-P90 span.
    auto *combo = mWindow->findChild<QComboBox *>(QStringLiteral("targetModelCombo"));
    QVERIFY(combo);
    const int index = combo->findData(QStringLiteral("Claude Sonnet 4.5"));
    QVERIFY(index >= 0);
    mWindow->setUncertaintyDelay(0);
    combo->setCurrentIndex(index);
    emit combo->activated(index);
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->uncertaintyCurrent(), 120000);
    const ff::Distribution &d = mWindow->session()->extras().monteCarlo->task;
    QVERIFY2(d.future > 0 && !ff::hasFutureRange(d), qPrintable(QStringLiteral("the test needs a handful of future samples; has %1").arg(d.future)));
    const QString card = mWindow->findChild<QLabel *>(QStringLiteral("headlineRange_") + HeadlineCards::id(HeadlineCards::TaskYear))->text();
    QVERIFY2(card.contains(QStringLiteral("%1\u00a0future samples, too\u00a0few for a\u00a0range").arg(d.future)), qPrintable(card));
    QVERIFY2(!card.contains(QStringLiteral("P10")) && !card.contains(QStringLiteral("\u2013")), qPrintable(card));
    const QString report = QString::fromStdString(ff::reportText(*mEngine, mWindow->result(), mWindow->session()->extras()));
    QVERIFY2(report.contains(QStringLiteral("Task-level parity: ")) &&
                 report.contains(QStringLiteral("too few future samples for a range (%1 of %2)").arg(d.future).arg(d.samples)),
             qPrintable(report.left(3000)));
}

QTEST_MAIN(TestGuiDrag)
#include "tst_gui_drag.moc"

namespace {
// Every point of every series of a chart, by series name (what it draws).
QMap<QString, QList<QPointF>> seriesPoints(QChart *chart)
{
    QMap<QString, QList<QPointF>> out;
    for (QAbstractSeries *s : chart->series())
        if (auto *xy = qobject_cast<QXYSeries *>(s))
            out[s->name()] += xy->points();
    return out;
}
// A table model's cells, row by row.
QStringList cells(const TableModel *m)
{
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r)
        for (int c = 0; c < m->columnCount(); ++c)
            out << m->data(m->index(r, c), Qt::DisplayRole).toString();
    return out;
}
QStringList cells(const ff::Table &t)
{
    QStringList out;
    for (const auto &row : t.rows)
        for (const auto &cell : row)
            out << QString::fromStdString(cell);
    return out;
}
} // namespace

void TestGuiDrag::aDragComputesWhatIsShownAndTheReleaseTheRest()
{
    // While a slider is held, each change computes the headline and what is on screen (here the
    // Trends chart and the scenario table): those equal a full compute of the same scenario; a table
    // not on screen keeps its rows. The release computes the rest and every table shows it.
    auto *charts = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    auto *tables = mWindow->findChild<QTabWidget *>(QStringLiteral("tableTabs"));
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_target_tokens_per_s"));
    QVERIFY(charts && tables && slider);
    charts->setCurrentWidget(mWindow->findChild<ChartView *>(QStringLiteral("chart_") + ChartFactory::id(ChartKind::Trends)));
    tables->setCurrentIndex(int(ForecastTables::kinds().indexOf(TableKind::Scenario)));
    TableModel *budget = mWindow->tableModel(TableKind::Budget);
    TableModel *scenario = mWindow->tableModel(TableKind::Scenario);
    const QStringList budgetBefore = cells(budget);
    emit slider->sliderPressed();
    slider->setValue(slider->minimum() + (slider->maximum() - slider->minimum()) / 5);
    const ff::Result &shown = mWindow->session()->result();
    QCOMPARE(shown.parts, unsigned(ff::PartSeries | ff::PartScenarios));
    QVERIFY(shown.budgets.empty() && shown.perTarget.empty() && shown.byYardstick.empty());
    const ff::Result full = mEngine->compute(mWindow->session()->document()->scenario());
    QCOMPARE(shown.task.year, full.task.year);
    QCOMPARE(shown.full.year, full.full.year);
    // On screen: what a full compute draws and tabulates.
    std::unique_ptr<QChart> fresh(ChartFactory::create(ChartKind::Trends, *mEngine, full));
    QCOMPARE(seriesPoints(mWindow->chart(ChartKind::Trends)), seriesPoints(fresh.get()));
    QCOMPARE(cells(scenario), cells(ForecastTables::table(TableKind::Scenario, full)));
    // Off screen: the budget table still shows the value before the drag (and the new one differs).
    QCOMPARE(cells(budget), budgetBefore);
    const QStringList budgetAfter = cells(ForecastTables::table(TableKind::Budget, full));
    QVERIFY2(budgetAfter != budgetBefore, "the test needs a speed that moves the budget table");
    // An export mid-drag reads every part (computed for it), without changing what is shown.
    QCOMPARE(int(mWindow->result().budgets.size()), int(full.budgets.size()));
    QCOMPARE(mWindow->session()->result().parts, unsigned(ff::PartSeries | ff::PartScenarios));
    emit slider->sliderReleased();
    QCOMPARE(mWindow->session()->result().parts, unsigned(ff::PartAll));
    QCOMPARE(cells(budget), budgetAfter);
    QCOMPARE(cells(mWindow->tableModel(TableKind::Targets)), cells(ForecastTables::table(TableKind::Targets, full)));
}

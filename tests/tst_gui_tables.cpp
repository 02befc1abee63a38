// The window's tables and exports: report cells, verdict colours and changed-cell highlights; chart,
// table and clipboard exports and the export dialog. Offscreen, with a temporary settings file
// (tests/guifixture.h).
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
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QValueAxis>
#include <QXYSeries>
#include <QtTest>
#include <QDialogButtonBox>
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

#include "celldelegate.h"
#include "guifixture.h"

using namespace ffui;
using ffui::Extra;

class TestGuiTables : public QObject, private GuiFixture {
    Q_OBJECT

private slots:
    void initTestCase() { initCase("tst_gui_tables"); }
    void init() { openWindow(); }
    void cleanup() { closeWindow(); }

    void claimsTableColoursTheVerdict();
    void changedCellsAreHighlightedThenFade();
    void tablesShowReportCells();
    void exportsFromTheWindow();
    void copyChartPutsAnImageOnTheClipboard();
    void exportDialogReturnsTheChosenOptions();
    void cellsDrawAsQtDrawsThemFromTextLaidOutOnce();
};

void TestGuiTables::claimsTableColoursTheVerdict()
{
    TableModel *m = mWindow->tableModel(TableKind::Claims);
    QVERIFY(m);
    const auto claims = ff::auditClaims(*mEngine, mEngine->calibration(), ff::loadClaims(mEngine->data()));
    QVERIFY(!claims.empty());
    const ff::Table t = ff::claimsTable(claims);
    QCOMPARE(m->rowCount(), int(t.rows.size()));
    const int verdict = ForecastTables::verdictColumn(TableKind::Claims);
    QVERIFY(verdict >= 0);
    QCOMPARE(m->headerData(verdict, Qt::Horizontal).toString(), QStringLiteral("Verdict"));
    QSet<QString> seen;
    for (int r = 0; r < m->rowCount(); ++r) {
        for (int c = 0; c < m->columnCount(); ++c)
            QCOMPARE(m->data(m->index(r, c)).toString(), QString::fromStdString(t.rows[std::size_t(r)][std::size_t(c)]));
        const QString v = m->data(m->index(r, verdict)).toString();
        seen << v;
        const QVariant bg = m->data(m->index(r, verdict), Qt::BackgroundRole);
        QVERIFY2(bg.isValid(), qPrintable(v));
        QCOMPARE(bg.value<QColor>(), verdictColor(v));
        QVERIFY(!m->data(m->index(r, 0), Qt::BackgroundRole).isValid()); // only the verdict is coloured
    }
    // Different verdicts get different colours.
    QVERIFY(seen.size() >= 2);
    QSet<QRgb> colours;
    for (const QString &v : seen)
        colours << verdictColor(v).rgb();
    QCOMPARE(colours.size(), seen.size());
    // The claims are about the data, not the scenario: a slider leaves them as they are.
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 9000));
    QCOMPARE(m->rowCount(), int(t.rows.size()));
}

void TestGuiTables::changedCellsAreHighlightedThenFade()
{
    TableModel *model = mWindow->tableModel(TableKind::Scenario);
    QVERIFY(model);
    QCOMPARE(model->highlightedCount(), 0);
    mWindow->setAssumption(QStringLiteral("target_tokens_per_s"), 200);
    QVERIFY(model->highlightedCount() > 0);
    bool found = false;
    for (int r = 0; r < model->rowCount() && !found; ++r)
        for (int c = 0; c < model->columnCount() && !found; ++c)
            if (model->highlight(r, c) > 0) {
                found = true;
                QVERIFY(model->data(model->index(r, c), Qt::BackgroundRole).isValid());
            }
    QVERIFY(found);
    QTRY_COMPARE_WITH_TIMEOUT(model->highlightedCount(), 0, model->highlightDuration() + 3000);
    for (int r = 0; r < model->rowCount(); ++r)
        QVERIFY(!model->data(model->index(r, 0), Qt::BackgroundRole).isValid());
}

void TestGuiTables::tablesShowReportCells()
{
    mWindow->setUncertaintyDelay(0);
    mWindow->setAssumption(QStringLiteral("budget_usd"), 7000);
    const ff::Result expected = computeWith({{"budget_usd", 7000}});
    // The back-test tables arrive from the worker; the claims are there from the start.
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->backtestCurrent(), 120000);
    ff::ReportExtras extras;
    ffui::ExtrasRequest request;
    request.what = Extra::Backtest | Extra::Claims;
    QVERIFY(ffui::computeExtras(*mEngine, mWindow->document()->scenario(), request, extras));
    for (TableKind k : ForecastTables::kinds()) {
        const ff::Table t = ForecastTables::table(k, expected, extras);
        QVERIFY2(!t.rows.empty(), qPrintable(ForecastTables::id(k)));
        TableModel *m = mWindow->tableModel(k);
        QCOMPARE(m->rowCount(), int(t.rows.size()));
        QCOMPARE(m->columnCount(), int(t.header.size()));
        for (int c = 0; c < m->columnCount(); ++c)
            QCOMPARE(m->headerData(c, Qt::Horizontal).toString(), QString::fromStdString(t.header[std::size_t(c)]));
        for (int r = 0; r < m->rowCount(); ++r)
            for (int c = 0; c < m->columnCount(); ++c)
                QCOMPARE(m->data(m->index(r, c)).toString(), QString::fromStdString(t.rows[std::size_t(r)][std::size_t(c)]));
    }
}

void TestGuiTables::exportsFromTheWindow()
{
    ExportOptions o;
    o.size = QSize(640, 360);
    o.scale = 2;
    const QString png = tempPath(QStringLiteral("window-chart.png"));
    QVERIFY(mWindow->exportChart(ChartKind::Timeline, png, o));
    QImage image(png);
    QCOMPARE(image.size(), QSize(1280, 720));
    const QString csv = tempPath(QStringLiteral("budget.csv"));
    QVERIFY(mWindow->exportTable(TableKind::Budget, csv));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().toStdString(), ff::tableCsv(ff::budgetTable(computeWith({}))));
    const QString md = tempPath(QStringLiteral("report.md"));
    QVERIFY(mWindow->exportReport(md));
    QFile r(md);
    QVERIFY(r.open(QIODevice::ReadOnly));
    QVERIFY(r.readAll().startsWith("# Frontier Forecast"));
    QVERIFY(!mWindow->exportChart(ChartKind::Timeline, tempPath(QStringLiteral("chart.gif")), o));
    QCOMPARE(mMessages.size(), 1);

    // The uncertainty charts export before the worker is done: the same model calls, made there and then.
    mWindow->setUncertaintyDelay(60000);
    QVERIFY(mWindow->setAssumption(QStringLiteral("budget_usd"), 3300));
    QVERIFY(!mWindow->uncertaintyCurrent());
    ExportOptions one;
    one.size = QSize(640, 360);
    ffui::ExtrasRequest request;
    request.what = Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest;
    request.samples = mWindow->uncertaintyRunner()->samples();
    ff::ReportExtras x;
    QVERIFY(ffui::computeExtras(*mEngine, mWindow->document()->scenario(), request, x));
    const ff::Result now = mWindow->result();
    for (ChartKind k : {ChartKind::Fan, ChartKind::Histogram, ChartKind::Tornado, ChartKind::Backtest}) {
        const QString path = tempPath(ChartFactory::id(k) + QStringLiteral(".png"));
        QVERIFY(mWindow->exportChart(k, path, one));
        const QImage expected = ChartExporter(*mEngine, now, x).render(k, one);
        QCOMPARE(QImage(path).convertToFormat(QImage::Format_RGB32), expected.convertToFormat(QImage::Format_RGB32));
    }
    QVERIFY(!mWindow->uncertaintyCurrent()); // the window's own state is the worker's to set
    // The claims table exports as CSV as well.
    QVERIFY(mWindow->exportTable(TableKind::Claims, tempPath(QStringLiteral("claims.csv"))));
    QFile claims(tempPath(QStringLiteral("claims.csv")));
    QVERIFY(claims.open(QIODevice::ReadOnly));
    QVERIFY(claims.readAll().startsWith("Claim,Claimed,Computed"));
}

void TestGuiTables::copyChartPutsAnImageOnTheClipboard()
{
    auto *tabs = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    tabs->setCurrentIndex(int(ChartFactory::kinds().indexOf(ChartKind::Crossing)));
    QGuiApplication::clipboard()->clear();
    mWindow->action(QStringLiteral("copyChart"))->trigger();
    const QImage image = QGuiApplication::clipboard()->image();
    QVERIFY(!image.isNull());
    const QWidget *view = tabs->currentWidget();
    const QSize expected = view->size().expandedTo(QSize(ExportOptions::kMinSide, ExportOptions::kMinSide)) * view->devicePixelRatioF();
    QCOMPARE(image.size(), expected);
}

void TestGuiTables::exportDialogReturnsTheChosenOptions()
{
    ExportOptions o;
    o.size = QSize(1280, 720);
    o.scale = 2;
    o.caption = false;
    ExportDialog dialog(ChartKind::Hardware, o, ChartExporter::Format::Svg, mWindow.get());
    QCOMPARE(dialog.chart(), ChartKind::Hardware);
    QCOMPARE(dialog.format(), ChartExporter::Format::Svg);
    QCOMPARE(dialog.options().size, QSize(1280, 720));
    QCOMPARE(dialog.options().scale, qreal(2));
    QVERIFY(!dialog.options().caption);
    auto *preset = dialog.findChild<QComboBox *>(QStringLiteral("exportSizePresetCombo"));
    QVERIFY(preset);
    QCOMPARE(preset->itemData(preset->currentIndex()).toSize(), QSize(1280, 720));
    emit preset->activated(0); // the first preset: Full HD
    QCOMPARE(dialog.options().size, QSize(1920, 1080));
    dialog.findChild<QSpinBox *>(QStringLiteral("exportWidthSpin"))->setValue(1000);
    QCOMPARE(dialog.options().size, QSize(1000, 1080));
    QVERIFY(!preset->itemData(preset->currentIndex()).toSize().isValid()); // "Custom"
    dialog.findChild<QCheckBox *>(QStringLiteral("exportCaptionCheck"))->setChecked(true);
    QVERIFY(dialog.options().caption);
    // Exports are light unless asked.
    auto *dark = dialog.findChild<QCheckBox *>(QStringLiteral("exportDarkCheck"));
    QVERIFY(dark && !dark->isChecked());
    QVERIFY(!dialog.options().dark);
    dark->setChecked(true);
    QVERIFY(dialog.options().dark);
    // Every chart can be picked, the uncertainty and back-test ones included.
    auto *charts = dialog.findChild<QComboBox *>(QStringLiteral("exportChartCombo"));
    QCOMPARE(charts->count(), int(ChartFactory::kinds().size()));
}

namespace {
// The bounding box of the dark pixels (text) inside `area`, and how many there are.
std::pair<QRect, int> ink(const QImage &image, const QRect &area)
{
    QRect box;
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            if (qGray(image.pixel(x, y)) < 128) {
                box |= QRect(x, y, 1, 1);
                ++n;
            }
    return {box, n};
}
} // namespace

void TestGuiTables::cellsDrawAsQtDrawsThemFromTextLaidOutOnce()
{
    // The tables draw a cell's text from a layout made once per text, font and width (CellDelegate,
    // issue 30): the same ink as Qt's own delegate, elided alike when the column is narrow, a bold
    // cell bold, wrapped text and text of two lines left to Qt, and a cell's new text the moment it
    // changes.
    QStandardItemModel model(2, 2);
    model.setItem(0, 0, new QStandardItem(QStringLiteral("RTX 5090 with 32 GB RAM ($4,025)")));
    model.setItem(0, 1, new QStandardItem(QStringLiteral("2027-03")));
    model.setItem(1, 0, new QStandardItem(QStringLiteral("none by 2040")));
    auto *bold = new QStandardItem(QStringLiteral("2031-06"));
    QFont boldFont;
    boldFont.setBold(true);
    bold->setFont(boldFont);
    model.setItem(1, 1, bold);
    QStyledItemDelegate qts;
    ffui::CellDelegate ours;
    const auto render = [&](QAbstractItemDelegate *delegate, int firstWidth, bool wrap = false) {
        QTableView view;
        view.setModel(&model);
        view.setItemDelegate(delegate);
        view.setWordWrap(wrap);
        view.setShowGrid(false);
        view.setFrameShape(QFrame::NoFrame);
        view.verticalHeader()->hide();
        view.horizontalHeader()->hide();
        view.setColumnWidth(0, firstWidth);
        view.setColumnWidth(1, 90);
        view.resize(firstWidth + 120, 100);
        QImage image = view.grab().toImage();
        QList<QRect> cells;
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c) {
                const QRect rect = view.visualRect(model.index(r, c));
                cells << QRect(rect.topLeft() * image.devicePixelRatio(), rect.size() * image.devicePixelRatio());
            }
        return std::make_pair(image, cells);
    };
    for (int width : {320, 110}) { // wide enough, then the first column elided
        const auto [qtImage, cells] = render(&qts, width);
        const auto [ourImage, ourCells] = render(&ours, width);
        QCOMPARE(ourCells, cells);
        for (const QRect &cell : cells) {
            const auto [qtBox, qtInk] = ink(qtImage, cell);
            const auto [ourBox, ourInk] = ink(ourImage, cell);
            const QString where = QStringLiteral("width %1, cell at %2,%3").arg(width).arg(cell.x()).arg(cell.y());
            QVERIFY2(qtInk > 0 && std::abs(ourInk - qtInk) <= qtInk / 10 + 2,
                     qPrintable(where + QStringLiteral(": %1 dark pixels, Qt %2").arg(ourInk).arg(qtInk)));
            const int tol = int(std::ceil(2 * qtImage.devicePixelRatio()));
            QVERIFY2(std::abs(ourBox.left() - qtBox.left()) <= tol && std::abs(ourBox.right() - qtBox.right()) <= tol &&
                         std::abs(ourBox.top() - qtBox.top()) <= tol && std::abs(ourBox.bottom() - qtBox.bottom()) <= tol,
                     qPrintable(where));
        }
    }
    // Wrapped (as the tables are when presenting), a cell is Qt's to draw: the same pixels.
    QCOMPARE(render(&ours, 110, true).first, render(&qts, 110, true).first);
    // Text of two lines is Qt's to draw too: the same pixels.
    QStandardItemModel lines(1, 1);
    lines.setItem(0, 0, new QStandardItem(QStringLiteral("first line\nsecond line")));
    const auto renderLines = [&](QAbstractItemDelegate *delegate) {
        QTableView view;
        view.setModel(&lines);
        view.setItemDelegate(delegate);
        view.setWordWrap(false);
        view.verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        view.setColumnWidth(0, 70); // narrow: Qt elides each line
        view.resize(140, 100);
        return view.grab().toImage();
    };
    QCOMPARE(renderLines(&ours), renderLines(&qts));
    // Changed text is drawn at once (the layout is kept per text), and the old text again as before.
    const QImage first = render(&ours, 320).first;
    model.item(0, 1)->setText(QStringLiteral("2029-11"));
    const QImage changed = render(&ours, 320).first;
    QVERIFY(changed != first);
    model.item(0, 1)->setText(QStringLiteral("2027-03"));
    QCOMPARE(render(&ours, 320).first, first);
}

QTEST_MAIN(TestGuiTables)
#include "tst_gui_tables.moc"

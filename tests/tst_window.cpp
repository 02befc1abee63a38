// The window beyond exploring: presentation mode, themes, help, window sizes from a small laptop to a
// 4K screen, and keyboard/accessibility order (autosave and recovery, bad data and failed saves:
// tst_window_files, on the same fixture, windowfixture.h). Offscreen, with temporary settings and
// application data; widgets found by objectName.
#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QDir>
#include <QLockFile>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "testutil.h"
#include "assumptionpanel.h"
#include "autosaver.h"
#include "chartfactory.h"
#include "solver/forecast.h"
#include "headlinecards.h"
#include "helpdialogs.h"
#include "mainwindow.h"
#include "preferences.h"
#include "presenter.h"
#include "report/report.h"
#include "scenariodocument.h"
#include "theme.h"
#include "core/timeutil.h"
#include "whatifstrip.h"
#include "windowfixture.h"

using namespace ffui;

namespace {

// WCAG contrast ratio of two colours (1 to 21).
double contrast(const QColor &a, const QColor &b)
{
    const auto lum = [](const QColor &c) {
        const auto ch = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF());
    };
    const double la = lum(a), lb = lum(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool isAncestor(const QWidget *ancestor, const QWidget *w)
{
    for (; w; w = w->parentWidget())
        if (w == ancestor)
            return true;
    return false;
}

} // namespace

class TestWindow : public QObject, public WindowFixture {
    Q_OBJECT

private slots:
    void initTestCase() { initCase("tst_window"); }
    void cleanupTestCase() { cleanupCase(); }
    void init() { openWindow(); }
    void cleanup() { closeWindow(); }

    void presentationModeTogglesAndPages();
    void whatIfStripDrivesTheForecast();
    void themesFollowTheSettingAndStayLegible_data();
    void themesFollowTheSettingAndStayLegible();
    void exportsStayLightInTheDarkTheme();
    void modelHelpShowsTheModelDocument();
    void modelDocumentIsFoundWhereItIsInstalled();
    void dataSourcesListEverySource();
    void aboutNamesTheVersion();
    void presentationFitsTheRoom_data();
    void presentationFitsTheRoom();
    void windowFitsCommonScreens_data();
    void windowFitsCommonScreens();
    void assumptionPanelFocusChainIsNamedAndOrdered();
    void everyFocusableControlHasAName();

};

// ---- presentation mode ----

void TestWindow::presentationModeTogglesAndPages()
{
    showActive();
    QAction *present = mWindow->action(QStringLiteral("presentation"));
    QVERIFY(present);
    QVERIFY(present->shortcuts().contains(QKeySequence(Qt::Key_F11)));
    auto *viewMenu = mWindow->menuBar()->findChild<QMenu *>(QStringLiteral("menu_view"));
    QVERIFY(viewMenu && viewMenu->actions().contains(present));
    auto *charts = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    auto *tables = mWindow->findChild<QTabWidget *>(QStringLiteral("tableTabs"));
    auto *dock = mWindow->findChild<QDockWidget *>(QStringLiteral("assumptionsDock"));
    auto *strip = mWindow->findChild<WhatIfStrip *>(QStringLiteral("whatIfStrip"));
    QVERIFY(charts && tables && dock && strip);
    charts->setCurrentIndex(0);
    const qreal normalTitle = mWindow->chart(ChartKind::Trends)->titleFont().pointSizeF();
    const qreal normalCard = mWindow->findChild<QLabel *>(QStringLiteral("headline_taskYear"))->font().pointSizeF();
    QVERIFY(dock->isVisible() && !strip->isVisible());

    QTest::keyClick(mWindow.get(), Qt::Key_F11);
    QVERIFY(mWindow->isPresenting());
    QTRY_VERIFY(mWindow->windowState() & Qt::WindowFullScreen);
    QVERIFY(!dock->isVisible());
    QVERIFY(!mWindow->menuBar()->isVisible());
    QVERIFY(mWindow->headline()->isVisible());
    QVERIFY(strip->isVisible());
    QVERIFY(charts->isVisible() && !tables->isVisible());
    QVERIFY(!charts->tabBar()->isVisible());
    QCOMPARE(mWindow->presenter()->slide(), 0);
    // Large type on the cards and the charts.
    QVERIFY(mWindow->findChild<QLabel *>(QStringLiteral("headline_taskYear"))->font().pointSizeF() > normalCard * 1.3);
    QVERIFY(mWindow->chart(ChartKind::Trends)->titleFont().pointSizeF() > normalTitle * 1.3);

    // Paging: Right / Page Down forward, Left / Page Up back, never past either end.
    QTest::keyClick(mWindow.get(), Qt::Key_Right);
    QCOMPARE(mWindow->presenter()->slide(), 1);
    QCOMPARE(charts->currentIndex(), 1);
    QTest::keyClick(mWindow.get(), Qt::Key_PageDown);
    QCOMPARE(mWindow->presenter()->slide(), 2);
    QTest::keyClick(mWindow.get(), Qt::Key_Left);
    QCOMPARE(mWindow->presenter()->slide(), 1);
    QTest::keyClick(mWindow.get(), Qt::Key_PageUp);
    QTest::keyClick(mWindow.get(), Qt::Key_PageUp);
    QCOMPARE(mWindow->presenter()->slide(), 0);
    // One screen per chart, then one per table.
    const int slides = mWindow->presenter()->slideCount();
    QCOMPARE(slides, charts->count() + tables->count());
    for (int i = 0; i < slides + 2; ++i)
        QTest::keyClick(mWindow.get(), Qt::Key_Right);
    QCOMPARE(mWindow->presenter()->slide(), slides - 1);
    // Page numbers: a digit jumps to that page; two digits within a second to page 10 and on.
    QTest::keyClick(mWindow.get(), Qt::Key_3);
    QCOMPARE(mWindow->presenter()->slide(), 2);
    QTest::keyClick(mWindow.get(), Qt::Key_1);
    QTest::keyClick(mWindow.get(), Qt::Key_2);
    QCOMPARE(mWindow->presenter()->slide(), std::min(12, slides) - 1);
    QVERIFY(slides >= 12); // the two-digit case is tested, not skipped
    QTest::keyClick(mWindow.get(), Qt::Key_End);
    QCOMPARE(mWindow->presenter()->slide(), slides - 1);
    QVERIFY(tables->isVisible() && !charts->isVisible());
    QCOMPARE(tables->currentIndex(), tables->count() - 1);
    auto *page = strip->findChild<QLabel *>(QStringLiteral("presentationPage"));
    QVERIFY(page->text().contains(QStringLiteral("%1 of %2").arg(slides).arg(slides)));
    // The table's type is larger too.
    QVERIFY(tables->currentWidget()->font().pointSizeF() > QApplication::font().pointSizeF() * 1.3);

    // Esc leaves and puts everything back.
    QTest::keyClick(mWindow.get(), Qt::Key_Escape);
    QVERIFY(!mWindow->isPresenting());
    QTRY_VERIFY(!(mWindow->windowState() & Qt::WindowFullScreen));
    QVERIFY(dock->isVisible());
    QVERIFY(mWindow->menuBar()->isVisible());
    QVERIFY(charts->isVisible() && tables->isVisible());
    QVERIFY(charts->tabBar()->isVisible());
    QVERIFY(!strip->isVisible());
    QCOMPARE(mWindow->chart(ChartKind::Trends)->titleFont().pointSizeF(), normalTitle);
    QCOMPARE(mWindow->findChild<QLabel *>(QStringLiteral("headline_taskYear"))->font().pointSizeF(), normalCard);
    // Outside presentation the arrows are not taken from the widgets.
    QVERIFY(!mWindow->action(QStringLiteral("presentNext"))->isEnabled());
    // F11 goes in and out again.
    QTest::keyClick(mWindow.get(), Qt::Key_F11);
    QVERIFY(mWindow->isPresenting());
    QTest::keyClick(mWindow.get(), Qt::Key_F11);
    QVERIFY(!mWindow->isPresenting());
}

void TestWindow::whatIfStripDrivesTheForecast()
{
    showActive();
    mWindow->setPresenting(true);
    auto *strip = mWindow->whatIfStrip();
    // The default picks, then the presenter's own choice, kept in the settings.
    QCOMPARE(strip->chosen(), prefs::presentationAssumptions.defaultValue());
    auto *combo = strip->findChild<QComboBox *>(QStringLiteral("whatIfCombo_0"));
    auto *slider = strip->findChild<QSlider *>(QStringLiteral("whatIfSlider_0"));
    QVERIFY(combo && slider);
    const int budget = combo->findData(QStringLiteral("budget_usd"));
    QVERIFY(budget >= 0);
    combo->setCurrentIndex(budget);
    emit combo->activated(budget);
    QCOMPARE(strip->chosen().value(0), QStringLiteral("budget_usd"));
    QCOMPARE(prefs::presentationAssumptions.get().value(0), QStringLiteral("budget_usd"));
    auto *second = strip->findChild<QComboBox *>(QStringLiteral("whatIfCombo_1"));
    const int none = second->findData(QString());
    second->setCurrentIndex(none);
    emit second->activated(none);
    QVERIFY(!strip->findChild<QSlider *>(QStringLiteral("whatIfSlider_1"))->isVisibleTo(strip)); // one slider is enough

    // Moving it is a what-if: the headline follows the model, the panel shows the same value.
    const QString before = headline(HeadlineCards::TaskYear);
    slider->setValue(slider->minimum() + (slider->maximum() - slider->minimum()) / 50);
    const double value = mWindow->assumption(QStringLiteral("budget_usd"));
    QVERIFY(value < 2000);
    ff::Scenario s;
    s.values["budget_usd"] = value;
    QVERIFY2(showsAnswer(headline(HeadlineCards::TaskYear), mEngine->compute(s).task), qPrintable(headline(HeadlineCards::TaskYear)));
    QVERIFY(headline(HeadlineCards::TaskYear) != before);
    QCOMPARE(mWindow->findChild<QDoubleSpinBox *>(QStringLiteral("spin_budget_usd"))->value(), value);
    QVERIFY(strip->findChild<QLabel *>(QStringLiteral("whatIfValue_0"))->text().contains(QString::number(value, 'f', 0)));
    // Undo (Ctrl+Z works with the menu bar hidden) brings the strip back too.
    QTest::keyClick(mWindow.get(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(mWindow->assumption(QStringLiteral("budget_usd")), mEngine->data().assumption("budget_usd")->value);
    QCOMPARE(slider->value(), SliderScale::forAssumption(*mEngine->data().assumption("budget_usd"))
                                  .toSlider(mEngine->data().assumption("budget_usd")->value));

    // With the strip's slider focused, the arrows still page.
    slider->setFocus();
    const int position = slider->value();
    const int slide = mWindow->presenter()->slide();
    QTest::keyClick(mWindow.get(), Qt::Key_Right);
    QCOMPARE(mWindow->presenter()->slide(), slide + 1);
    QCOMPARE(slider->value(), position);
}

// ---- themes ----

void TestWindow::themesFollowTheSettingAndStayLegible_data()
{
    QTest::addColumn<int>("choice");
    QTest::addColumn<bool>("dark");
    QTest::addColumn<bool>("presenting");
    QTest::newRow("light") << int(ThemeChoice::Light) << false << false;
    QTest::newRow("dark") << int(ThemeChoice::Dark) << true << false;
    QTest::newRow("dark, presenting") << int(ThemeChoice::Dark) << true << true;
    QTest::newRow("light, presenting") << int(ThemeChoice::Light) << false << true;
}

void TestWindow::themesFollowTheSettingAndStayLegible()
{
    QFETCH(int, choice);
    QFETCH(bool, dark);
    QFETCH(bool, presenting);
    // System is the default and follows the palette the application started with.
    QCOMPARE(mWindow->theme(), ThemeChoice::System);
    QVERIFY(mWindow->action(QStringLiteral("theme_system"))->isChecked());
    const auto id = Theme::id(static_cast<ThemeChoice>(choice));
    mWindow->action(QStringLiteral("theme_") + id)->trigger();
    QCOMPARE(prefs::theme.get(), id);
    QCOMPARE(Theme::isDark(), dark);
    QVERIFY(mWindow->action(QStringLiteral("theme_") + id)->isChecked());
    QVERIFY(!mWindow->action(QStringLiteral("theme_system"))->isChecked());
    mWindow->setPresenting(presenting);

    // Legible on a projector: strong contrast for chart titles, axis labels, tables and cards.
    const QPalette pal = QApplication::palette();
    QVERIFY(contrast(pal.color(QPalette::Text), pal.color(QPalette::Base)) >= 7);
    QVERIFY(contrast(pal.color(QPalette::WindowText), pal.color(QPalette::Window)) >= 7);
    QVERIFY(contrast(pal.color(QPalette::PlaceholderText), pal.color(QPalette::Base)) >= 4.5); // card titles
    for (ChartKind k : ChartFactory::kinds()) {
        QChart *c = mWindow->chart(k);
        const QColor bg = c->backgroundBrush().color();
        QCOMPARE(bg.lightness() < 80, dark);
        QVERIFY2(contrast(c->titleBrush().color(), bg) >= 7, qPrintable(ChartFactory::id(k)));
        for (QAbstractAxis *a : c->axes())
            QVERIFY2(contrast(a->labelsBrush().color(), bg) >= 7, qPrintable(ChartFactory::id(k)));
        QVERIFY(contrast(c->legend()->labelColor(), bg) >= 7);
        if (presenting)
            QVERIFY(c->titleFont().pointSizeF() >= 20);
    }
    // The chart style the window reports is what the charts show.
    QCOMPARE(mWindow->chartStyle().dark, dark);

    // The choice is remembered: a new window starts with it.
    mWindow->setPresenting(false);
    mWindow->close();
    mWindow = std::make_unique<MainWindow>(QStringLiteral(FF_TEST_DATA_DIR));
    QCOMPARE(mWindow->theme(), static_cast<ThemeChoice>(choice));
    QCOMPARE(Theme::isDark(), dark);
    QCOMPARE(mWindow->chart(ChartKind::Timeline)->backgroundBrush().color().lightness() < 80, dark);

    // Back to System: the start-up palette again.
    mWindow->setTheme(ThemeChoice::System);
    QVERIFY(!Theme::isDark());
}

void TestWindow::exportsStayLightInTheDarkTheme()
{
    mWindow->setTheme(ThemeChoice::Dark);
    ExportOptions o;
    o.size = QSize(600, 400);
    const QString path = mFiles.filePath(QStringLiteral("dark-window.png"));
    QVERIFY(mWindow->exportChart(ChartKind::Timeline, path, o));
    const QImage image(path);
    QCOMPARE(QColor(image.pixel(2, 2)), QColor(Qt::white));
    // Asked for, a dark export is dark.
    o.dark = true;
    QVERIFY(mWindow->exportChart(ChartKind::Timeline, path, o));
    QVERIFY(QColor(QImage(path).pixel(2, 2)).lightness() < 60);
}

// ---- help ----

void TestWindow::modelHelpShowsTheModelDocument()
{
    // The document is found beside the data directory (<data>/../model/README.md): the shipped data's,
    // as the installed program finds MODEL.md beside its data; the fixture has no document beside it.
    closeWindow();
    mWindow = std::make_unique<MainWindow>(QStringLiteral(FF_SOURCE_DATA_DIR));
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
    QAction *a = mWindow->action(QStringLiteral("modelHelp"));
    QVERIFY(a);
    auto *help = mWindow->menuBar()->findChild<QMenu *>(QStringLiteral("menu_help"));
    QVERIFY(help->actions().contains(a));
    a->trigger();
    auto *dialog = mWindow->findChild<ModelDialog *>(QStringLiteral("modelDialog"));
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(!dialog->isModal());
    // From the source tree: <data>/../model/README.md, rendered from Markdown (headings become blocks, no '#').
    QCOMPARE(QFileInfo(dialog->path()).canonicalFilePath(),
             QFileInfo(QStringLiteral(FF_SOURCE_DATA_DIR "/../model/README.md")).canonicalFilePath());
    const QString text = dialog->browser()->toPlainText();
    QVERIFY2(text.startsWith(QStringLiteral("The model")), qPrintable(text.left(80)));
    QVERIFY(text.contains(QStringLiteral("Quality")));
    QVERIFY(!text.contains(QStringLiteral("## ")));
    QVERIFY(dialog->browser()->document()->toHtml().contains(QStringLiteral("<h1")));
    dialog->close();
}

void TestWindow::modelDocumentIsFoundWhereItIsInstalled()
{
    // Installed: <prefix>/share/frontier-forecast/{data/, MODEL.md}. It wins over a source-tree README.
    const QString share = mFiles.filePath(QStringLiteral("share/frontier-forecast"));
    QDir().mkpath(share + QStringLiteral("/data"));
    QDir().mkpath(share + QStringLiteral("/model"));
    QFile readme(share + QStringLiteral("/model/README.md"));
    QVERIFY(readme.open(QIODevice::WriteOnly));
    readme.write("# Source tree\n");
    readme.close();
    QCOMPARE(ModelDialog::locate(share + QStringLiteral("/data")), QDir::cleanPath(share + QStringLiteral("/model/README.md")));
    QFile installed(share + QStringLiteral("/MODEL.md"));
    QVERIFY(installed.open(QIODevice::WriteOnly));
    installed.write("# Installed model\n\nThe equations.\n");
    installed.close();
    QCOMPARE(ModelDialog::locate(share + QStringLiteral("/data")), QDir::cleanPath(share + QStringLiteral("/MODEL.md")));
    ModelDialog dialog(share + QStringLiteral("/data"));
    QVERIFY(dialog.browser()->toPlainText().startsWith(QStringLiteral("Installed model")));
    // Neither: the dialog says where it looked.
    const QString empty = mFiles.filePath(QStringLiteral("nowhere/data"));
    QDir().mkpath(empty);
    QVERIFY(ModelDialog::locate(empty).isEmpty());
    ModelDialog missing(empty);
    QVERIFY(missing.browser()->toPlainText().contains(QStringLiteral("not found")));
    QVERIFY(missing.browser()->toPlainText().contains(QStringLiteral("MODEL.md")));
}

void TestWindow::dataSourcesListEverySource()
{
    mWindow->action(QStringLiteral("dataSources"))->trigger();
    auto *dialog = mWindow->findChild<DataSourcesDialog *>(QStringLiteral("dataSourcesDialog"));
    QVERIFY(dialog && dialog->isVisible());
    const ff::DataSet &d = mEngine->data();
    const int entries = int(d.parts.size() + d.openModels.size() + d.frontierModels.size() + d.quantLevels.size() +
                            d.measurements.size() + d.trends.size() + d.assumptions.size() + d.prices.ramUsdPerGb.obs.size()) + 2 +
                      [&] {
                          int n = 0; // street and used prices (a launch price is its part's row)
                          for (const auto &s : d.prices.parts)
                              for (const auto &o : s.obs)
                                  n += o.kind != ff::PriceKind::Launch;
                          return n;
                      }();
    QCOMPARE(dialog->visibleRows(), entries);
    QAbstractItemModel *m = dialog->view()->model();
    QCOMPARE(m->columnCount(), 4); // kind, name, source, origin (shipped or imported: tst_import)
    QCOMPARE(m->index(0, 3).data().toString(), QStringLiteral("shipped"));
    // Every catalog entry's and every assumption's source is there, next to its name.
    QSet<QString> rows;
    for (int r = 0; r < m->rowCount(); ++r)
        rows << m->index(r, 1).data().toString() + QLatin1Char('|') + m->index(r, 2).data().toString();
    for (const auto &p : d.parts)
        QVERIFY2(rows.contains(QString::fromStdString(p.name + "|" + p.source)), p.name.c_str());
    for (const auto &a : d.assumptions)
        QVERIFY2(rows.contains(QString::fromStdString(a.label + "|" + a.source)), a.name.c_str());
    for (const auto &f : d.frontierModels)
        QVERIFY2(rows.contains(QString::fromStdString(f.name + "|" + f.source)), f.name.c_str());
    // Searchable: the filter narrows to matching rows, in any column, ignoring case.
    auto *filter = dialog->findChild<QLineEdit *>(QStringLiteral("sourcesFilter"));
    QVERIFY(filter && !filter->accessibleName().isEmpty());
    QTest::keyClicks(filter, QStringLiteral("fixture gpu 2022"));
    QVERIFY(dialog->visibleRows() >= 1);
    QVERIFY(dialog->visibleRows() < entries);
    for (int r = 0; r < m->rowCount(); ++r) {
        const QString row = m->index(r, 0).data().toString() + m->index(r, 1).data().toString() + m->index(r, 2).data().toString();
        QVERIFY2(row.contains(QStringLiteral("Fixture GPU 2022"), Qt::CaseInsensitive), qPrintable(row));
    }
    dialog->setFilter(QStringLiteral("no such source anywhere"));
    QCOMPARE(dialog->visibleRows(), 0);
    dialog->close();
}

void TestWindow::aboutNamesTheVersion()
{
    mWindow->action(QStringLiteral("about"))->trigger();
    auto *box = mWindow->findChild<QMessageBox *>(QStringLiteral("aboutBox"));
    QVERIFY(box && box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("9.8.7")));
    QVERIFY(box->text().contains(QStringLiteral(QT_VERSION_STR)));
    QVERIFY(QApplication::activeModalWidget() != box || box->windowModality() != Qt::ApplicationModal);
    box->close();
}

// ---- sizes and accessibility ----

void TestWindow::presentationFitsTheRoom_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x720 projector") << QSize(1280, 720);
    QTest::newRow("1366x768 projector") << QSize(1366, 768);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestWindow::presentationFitsTheRoom()
{
    QFETCH(QSize, size);
    auto *strip = mWindow->findChild<WhatIfStrip *>(QStringLiteral("whatIfStrip"));
    QVERIFY(strip);
    mWindow->setPresenting(true);
    QTRY_VERIFY(mWindow->windowState() & Qt::WindowFullScreen);
    // What presenting needs fits the screen, and on a screen that size every card and the strip are in
    // view. (The offscreen screen has one size: the window is given the projector's size by hand. The
    // takeaway wraps, so what presenting needs is measured at the projector's width.)
    mWindow->setWindowState(Qt::WindowNoState);
    mWindow->resize(size);
    QTRY_COMPARE(mWindow->size(), size);
    QApplication::processEvents();
    QCOMPARE(mWindow->size(), size);
    QVERIFY2(mWindow->minimumSizeHint().width() <= size.width() && mWindow->minimumSizeHint().height() <= size.height(),
             qPrintable(QStringLiteral("minimum %1x%2").arg(mWindow->minimumSizeHint().width()).arg(mWindow->minimumSizeHint().height())));
    const auto inView = [&](QWidget *w) {
        return w->isVisible() && mWindow->rect().contains(QRect(w->mapTo(mWindow.get(), QPoint(0, 0)), w->size()));
    };
    for (int c = 0; c < HeadlineCards::CardCount; ++c)
        QVERIFY2(inView(mWindow->headline()->cardFrame(HeadlineCards::Card(c))), qPrintable(HeadlineCards::id(HeadlineCards::Card(c))));
    QVERIFY(inView(strip));
    for (QSlider *slider : strip->findChildren<QSlider *>())
        if (slider->isVisible())
            QVERIFY2(inView(slider) && slider->width() >= 60, qPrintable(slider->objectName()));
    // The slide leads with its title and the takeaway sentence, computed from the forecast.
    auto *title = mWindow->findChild<QLabel *>(QStringLiteral("slideTitle"));
    auto *takeaway = mWindow->findChild<QLabel *>(QStringLiteral("takeaway"));
    QVERIFY(title && takeaway && inView(title) && inView(takeaway));
    // Each page its own takeaway: what that page shows (the crossing page: the budget and the date).
    QCOMPARE(takeaway->text(), mWindow->slideTakeaway(mWindow->presenter()->slide()));
    mWindow->presenter()->setSlide(1);
    QApplication::processEvents();
    QCOMPARE(takeaway->text(), mWindow->slideTakeaway(1));
    QVERIFY(takeaway->text().contains(QString::fromStdString(ff::fmtUsd(mWindow->result().budgetUsd))));
    QVERIFY(takeaway->text().contains(QString::fromStdString(ff::formatMonth(mWindow->result().task.year))));
    // The chart keeps most of the height.
    auto *charts = mWindow->findChild<QWidget *>(QStringLiteral("chartTabs"));
    QVERIFY2(inView(charts) && charts->height() >= size.height() * 0.45, qPrintable(QString::number(charts->height())));
    // A table page: large, titled, the table filling the page.
    auto *tables = mWindow->findChild<QTabWidget *>(QStringLiteral("tableTabs"));
    mWindow->presenter()->setSlide(mWindow->presenter()->slideCount() - tables->count());
    QApplication::processEvents();
    QCOMPARE(mWindow->size(), size);
    QVERIFY2(inView(tables) && tables->height() >= size.height() * 0.45,
             qPrintable(QStringLiteral("tables %1x%2 at %3,%4 visible %5, window %6x%7, screen %8x%9")
                            .arg(tables->width()).arg(tables->height())
                            .arg(tables->mapTo(mWindow.get(), QPoint(0, 0)).x()).arg(tables->mapTo(mWindow.get(), QPoint(0, 0)).y())
                            .arg(tables->isVisible())
                            .arg(mWindow->width()).arg(mWindow->height())
                            .arg(size.width()).arg(size.height())));
    QCOMPARE(title->text(), tables->tabText(0).remove(QLatin1Char('&')));
    mWindow->setPresenting(false);
}

void TestWindow::windowFitsCommonScreens_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1366x768 laptop") << QSize(1366, 768);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
    QTest::newRow("3840x2160") << QSize(3840, 2160);
}

void TestWindow::windowFitsCommonScreens()
{
    QFETCH(QSize, size);
    // What the window needs is no more than the screen.
    QVERIFY2(mWindow->minimumSizeHint().width() <= size.width() && mWindow->minimumSizeHint().height() <= size.height(),
             qPrintable(QStringLiteral("minimum %1x%2").arg(mWindow->minimumSizeHint().width()).arg(mWindow->minimumSizeHint().height())));
    mWindow->showNormal();
    mWindow->resize(size);
    QTRY_COMPARE(mWindow->size(), size);
    QApplication::processEvents();
    const QRect window = mWindow->rect();
    // The headline is in view and every card's text fits its label.
    HeadlineCards *cards = mWindow->headline();
    QVERIFY(cards->isVisible());
    QVERIFY(window.contains(QRect(cards->mapTo(mWindow.get(), QPoint(0, 0)), cards->size())));
    for (int c = 0; c < HeadlineCards::CardCount; ++c) {
        const QString id = HeadlineCards::id(HeadlineCards::Card(c));
        for (const QString &name : {QStringLiteral("headline_"), QStringLiteral("headlineDetail_"), QStringLiteral("headlineTitle_")}) {
            auto *label = cards->findChild<QLabel *>(name + id);
            QVERIFY(label && label->isVisible());
            const int needed = label->wordWrap() ? label->heightForWidth(label->width()) : label->sizeHint().height();
            QVERIFY2(label->height() >= needed - 1,
                     qPrintable(QStringLiteral("%1: %2 px for %3 px of text (%4)").arg(label->objectName()).arg(label->height()).arg(needed).arg(label->text())));
            QVERIFY2(label->width() >= label->minimumSizeHint().width() - 1, qPrintable(label->objectName()));
        }
    }
    // No control is squeezed below its minimum or pushed out of its parent.
    for (QWidget *w : mWindow->findChildren<QWidget *>()) {
        if (!w->isVisible() || w->window() != mWindow.get() || !w->parentWidget() || qobject_cast<QMenu *>(w) ||
            w->objectName().startsWith(QLatin1String("qt_")))
            continue; // Qt's own parts (dock title buttons, viewports) are drawn by the style
        if (qobject_cast<QAbstractItemView *>(w->parentWidget()) || qobject_cast<QAbstractScrollArea *>(w->parentWidget()) ||
            qobject_cast<QScrollBar *>(w))
            continue; // an item view's headers, viewport and scroll bars size with the view
        if (isAncestor(mWindow->findChild<QWidget *>(QStringLiteral("assumptionsScroll")), w) &&
            w != mWindow->findChild<QWidget *>(QStringLiteral("assumptionsScroll")))
            continue; // the panel scrolls; checked below
        const QSize min = w->minimumSizeHint();
        if (min.isValid() && w->sizePolicy().horizontalPolicy() != QSizePolicy::Ignored)
            QVERIFY2(w->width() >= min.width() - 1 && w->height() >= std::min(min.height(), 200) - 1,
                     qPrintable(QStringLiteral("%1 (%2) is %3x%4, needs %5x%6")
                                    .arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()))
                                    .arg(w->width()).arg(w->height()).arg(min.width()).arg(min.height())));
    }
    for (const QString &name : {QStringLiteral("chartTabs"), QStringLiteral("tableTabs"), QStringLiteral("assumptionsScroll")}) {
        auto *w = mWindow->findChild<QWidget *>(name);
        QVERIFY(w->isVisible());
        QVERIFY2(window.contains(QRect(w->mapTo(mWindow.get(), QPoint(0, 0)), w->size())), qPrintable(name));
    }
    // The charts get a useful share of the screen; the panel's rows are as wide as the panel.
    auto *charts = mWindow->findChild<QWidget *>(QStringLiteral("chartTabs"));
    QVERIFY(charts->width() >= size.width() / 2 && charts->height() >= size.height() / 3);
    auto *scroll = mWindow->findChild<QWidget *>(QStringLiteral("assumptionsScroll"));
    auto *slider = mWindow->findChild<QSlider *>(QStringLiteral("slider_budget_usd"));
    QVERIFY(slider->width() >= 100);
    QVERIFY(slider->mapTo(scroll, QPoint(slider->width(), 0)).x() <= scroll->width());
}

void TestWindow::assumptionPanelFocusChainIsNamedAndOrdered()
{
    AssumptionPanel *panel = mWindow->assumptionPanel();
    QWidget *first = panel->firstControl();
    QVERIFY(first);
    QStringList order;
    QWidget *w = first;
    int guard = 0;
    do {
        if (isAncestor(panel, w) && (w->focusPolicy() & Qt::TabFocus) && !w->focusProxy() && w->isEnabledTo(panel)) {
            QVERIFY2(!w->accessibleName().isEmpty(),
                     qPrintable(QStringLiteral("%1 (%2)").arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()))));
            order << w->objectName();
        }
        w = w->nextInFocusChain();
    } while (w != first && ++guard < 10000);
    QVERIFY(guard < 10000);
    // The target first, then the budget (the question's own number), then each assumption's slider,
    // spin box and reset in the data's order.
    QCOMPARE(order.value(0), QStringLiteral("targetModelCombo"));
    int at = 0;
    QStringList names{QStringLiteral("budget_usd")};
    for (const auto &a : mEngine->data().assumptions)
        if (a.name != "budget_usd")
            names << QString::fromStdString(a.name);
    for (const QString &n : names) {
        const int s = int(order.indexOf(QStringLiteral("slider_") + n)), p = int(order.indexOf(QStringLiteral("spin_") + n));
        QVERIFY2(s > at && p == s + 1, qPrintable(n));
        const int r = int(order.indexOf(QStringLiteral("reset_") + n));
        if (r >= 0) // a reset button is in the chain only while it can do something
            QCOMPARE(r, p + 1);
        at = std::max(p, r);
    }
    // Tab from the last control leaves the panel for the charts.
    QWidget *after = panel->lastControl()->nextInFocusChain();
    while (after && !(after->focusPolicy() & Qt::TabFocus))
        after = after->nextInFocusChain();
    QVERIFY(after && !isAncestor(panel, after));
}

void TestWindow::everyFocusableControlHasAName()
{
    mWindow->setPresenting(true); // the strip's controls count too
    for (QWidget *w : mWindow->findChildren<QWidget *>()) {
        if (!(w->focusPolicy() & Qt::TabFocus) || w->focusProxy() || w->window() != mWindow.get())
            continue;
        // Parts of a composite control speak through it (a spin box's editor, a tab widget's bar, a view's scroll bars).
        QWidget *p = w->parentWidget();
        if (qobject_cast<QTabBar *>(w) && qobject_cast<QTabWidget *>(p) && !p->accessibleName().isEmpty())
            continue;
        if (qobject_cast<QAbstractSpinBox *>(p) || qobject_cast<QComboBox *>(p))
            continue;
        if (w->objectName().startsWith(QLatin1String("qt_")))
            continue; // Qt's own internals (scroll area viewports, tab scroll buttons)
        QVERIFY2(!w->accessibleName().isEmpty() || (!w->objectName().isEmpty() && qobject_cast<QAbstractButton *>(w) &&
                                                         !static_cast<QAbstractButton *>(w)->text().isEmpty()),
                 qPrintable(QStringLiteral("%1 (%2)").arg(w->objectName(), QString::fromLatin1(w->metaObject()->className()))));
    }
}

QTEST_MAIN(TestWindow)
#include "tst_window.moc"

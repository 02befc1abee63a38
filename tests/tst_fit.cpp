// Nothing cut, at the sizes a presenter meets (issue 31): the window at its first-launch size on a
// 1280x720 screen (every chart tab) and every presentation page at 1280x720 and 1920x1080.
// Text is measured, not trusted: a label's lines as drawn against its rectangle (font metrics), a
// table's decisive cells against their columns, a chart's scene searched for an ellipsis and its
// title, axis titles and legend entries measured against the space they have. Turning elision off
// does not pass: the text then spills past its rectangle, which the widths catch.
// FF_SHOT_DIR=<dir> saves every page checked as a PNG (the screenshots of the note).
#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QDir>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QtTest>

#include <memory>

#include "chartview.h"
#include "helpdialogs.h"
#include "headlinecards.h"
#include "mainwindow.h"
#include "presenter.h"

using namespace ffui;

namespace {

QStringList htmlLines(const QString &text) { return text.split(QStringLiteral("<br>")); }

// Events handled as the event loop would: layouts, and the chart items a restyle replaced deleted.
void settle()
{
    QApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QApplication::processEvents();
}

QString plainOf(const QGraphicsItem *item)
{
    if (const auto *t = dynamic_cast<const QGraphicsTextItem *>(item))
        return t->toPlainText();
    if (const auto *s = dynamic_cast<const QGraphicsSimpleTextItem *>(item))
        return s->text();
    return {};
}

} // namespace

class TestFit : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void firstLaunchAt1280x720();
    void presentationPages_data();
    void presentationPages();
    void elidedTextIsCaught();
    void dataSourcesAt1280x720();

private:
    // Each returns the problems found (empty: everything fits).
    QStringList checkCards() const;
    QStringList checkLabel(const QLabel *label) const;
    QStringList checkChart(ChartView *view) const;
    QStringList checkTable(QTableView *view) const;
    void shot(const QString &name) const;

    QTemporaryDir mSettingsDir;
    std::unique_ptr<MainWindow> mWindow;
};

void TestFit::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FrontierForecastTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_fit-%1").arg(QCoreApplication::applicationPid()));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, mSettingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, mSettingsDir.path());
    QSettings().clear();
    // FF_FIT_DATA=fixture (ctest's tst_fit_fixture): the same checks on tests/fixture's labels.
    const bool fixture = qEnvironmentVariable("FF_FIT_DATA") == QLatin1String("fixture");
    mWindow = std::make_unique<MainWindow>(fixture ? QStringLiteral(FF_TEST_DATA_DIR) : QStringLiteral(FF_SOURCE_DATA_DIR));
    mWindow->setMessageHandler([](QMessageBox::Icon, const QString &, const QString &) {});
    mWindow->setQuestionHandler([](const QString &, const QString &) { return QMessageBox::Discard; });
    mWindow->setUncertaintyDelay(0);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
    // The cards' ranges, the fan, histogram and tornado need the worker's extras.
    QTRY_VERIFY_WITH_TIMEOUT(mWindow->extrasCurrent(), 240000);
}

void TestFit::cleanupTestCase()
{
    if (mWindow) {
        mWindow->setPresenting(false);
        mWindow->close();
    }
    mWindow.reset();
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

void TestFit::shot(const QString &name) const
{
    const QString dir = qEnvironmentVariable("FF_SHOT_DIR");
    if (!dir.isEmpty())
        mWindow->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

QStringList TestFit::checkLabel(const QLabel *label) const
{
    QStringList bad;
    if (!label || !label->isVisible() || label->text().isEmpty())
        return bad;
    const QFontMetricsF fm(label->font());
    const QRect r = label->contentsRect();
    if (label->wordWrap()) {
        const QRectF need = fm.boundingRect(QRectF(0, 0, r.width(), 1e6), Qt::TextWordWrap, label->text());
        if (need.height() > r.height() + 1 || need.width() > r.width() + 1)
            bad << QStringLiteral("%1: \"%2\" needs %3x%4, has %5x%6")
                       .arg(label->objectName(), label->text())
                       .arg(need.width()).arg(need.height()).arg(r.width()).arg(r.height());
    } else if (fm.horizontalAdvance(label->text()) > r.width() + 1) {
        bad << QStringLiteral("%1: \"%2\" needs %3 px, has %4").arg(label->objectName(), label->text()).arg(fm.horizontalAdvance(label->text())).arg(r.width());
    }
    return bad;
}

QStringList TestFit::checkCards() const
{
    // The value, the kind and range and the title of every card: the lines as drawn hold the whole
    // text, and each is no wider than the label in the font it is drawn in.
    QStringList bad;
    HeadlineCards *cards = mWindow->headline();
    for (int c = 0; c < HeadlineCards::CardCount; ++c) {
        const QString id = HeadlineCards::id(HeadlineCards::Card(c));
        for (const QString &name : {QStringLiteral("headlineTitle_"), QStringLiteral("headline_"), QStringLiteral("headlineRange_")}) {
            auto *label = cards->findChild<QLabel *>(name + id);
            if (!label || label->text().isEmpty())
                continue;
            label->repaint();
            const QStringList lines = label->property("ffShownLines").toStringList();
            const QFont font = label->property("ffShownFont").value<QFont>();
            const QFontMetricsF fm(font);
            if (lines.join(QLatin1Char(' ')).simplified() != label->text().simplified()) // no-break spaces as spaces
                bad << QStringLiteral("%1 shows \"%2\" of \"%3\"").arg(label->objectName(), lines.join(QLatin1Char('|')), label->text());
            for (const QString &l : lines)
                if (fm.horizontalAdvance(l) > label->width() + 0.5)
                    bad << QStringLiteral("%1: \"%2\" is %3 px wide in a %4 px label").arg(label->objectName(), l).arg(fm.horizontalAdvance(l)).arg(label->width());
            if (lines.size() * fm.lineSpacing() > label->height() + 1)
                bad << QStringLiteral("%1: %2 lines in %3 px").arg(label->objectName()).arg(lines.size()).arg(label->height());
            if (font.pointSizeF() > 0 && font.pointSizeF() < QApplication::font().pointSizeF() * 0.8 * mWindow->presenter()->fontScale())
                bad << QStringLiteral("%1: shrunk to %2 pt").arg(label->objectName()).arg(font.pointSizeF());
        }
    }
    return bad;
}

QStringList TestFit::checkChart(ChartView *view) const
{
    QStringList bad;
    QChart *chart = view->chart();
    const QString id = view->objectName();
    const QRectF plot = chart->plotArea();
    if (plot.width() < 100 || plot.height() < 60)
        bad << QStringLiteral("%1: the plot is only %2x%3").arg(id).arg(plot.width()).arg(plot.height());
    // No text item of the scene is cut.
    QList<QRectF> labels;
    QStringList texts;
    for (QGraphicsItem *item : view->scene()->items()) {
        const QString text = plainOf(item);
        if (text.trimmed().isEmpty() || !item->isVisible())
            continue;
        if (text.contains(QStringLiteral("...")) || text.contains(QChar(0x2026)))
            bad << QStringLiteral("%1: \"%2\" is cut").arg(id, text);
        // The ink: inside the text item's own margin, from the capitals' top to the baseline (a
        // label's box includes the ascent above its digits and the descent below them).
        QFont f;
        if (const auto *t = dynamic_cast<const QGraphicsTextItem *>(item))
            f = t->font();
        const QFontMetricsF ifm(f);
        const qreal top = ifm.ascent() - ifm.capHeight();
        QRectF ink = item->sceneBoundingRect().adjusted(4, 4, -4, -4);
        if (item->rotation() == 0)
            ink.adjust(0, top, 0, -ifm.descent());
        labels << ink;
        texts << text;
    }
    // Tick labels (and titles) never run into each other.
    for (qsizetype i = 0; i < labels.size(); ++i)
        for (qsizetype j = i + 1; j < labels.size(); ++j)
            if (labels[i].intersects(labels[j]) && labels[i].intersected(labels[j]).width() > 2 && labels[i].intersected(labels[j]).height() > 3)
                bad << QStringLiteral("%1: \"%2\" and \"%3\" overlap").arg(id, texts[i], texts[j]);
    // The title's lines fit the chart's width, each axis title the plot's side.
    const QFontMetricsF tfm(chart->titleFont());
    for (const QString &line : htmlLines(chart->title()))
        if (tfm.horizontalAdvance(line) > view->width() - 20)
            bad << QStringLiteral("%1: the title line \"%2\" is %3 px wide in a %4 px chart").arg(id, line).arg(tfm.horizontalAdvance(line)).arg(view->width());
    for (QAbstractAxis *axis : chart->axes()) {
        const QFontMetricsF afm(axis->titleFont());
        const qreal side = axis->orientation() == Qt::Horizontal ? plot.width() : plot.height();
        for (const QString &line : htmlLines(axis->titleText()))
            if (afm.horizontalAdvance(line) > side + 8)
                bad << QStringLiteral("%1: the axis title \"%2\" is %3 px for a %4 px side").arg(id, line).arg(afm.horizontalAdvance(line)).arg(side);
    }
    // The legend: under the plot, inside the view, every entry as wide as its label needs.
    if (view->legendRect().top() < plot.bottom())
        bad << QStringLiteral("%1: the legend is not under the plot").arg(id);
    const QList<QRectF> boxes = view->legendBoxes();
    for (qsizetype i = 0; i < boxes.size(); ++i) {
        const LegendEntry &e = view->legendEntries()[i];
        if (boxes[i].width() + 0.5 < ChartFit::legendEntryWidth(e, view->legendFont(), view->viewport()))
            bad << QStringLiteral("%1: the legend entry \"%2\" is cut").arg(id, e.label);
        if (!QRectF(view->rect()).contains(boxes[i]))
            bad << QStringLiteral("%1: the legend entry \"%2\" is outside the chart").arg(id, e.label);
    }
    return bad;
}

QStringList TestFit::checkTable(QTableView *view) const
{
    // Every column shown is wide enough for its header and cells, and lies inside the view (nothing
    // hidden off to the side).
    QStringList bad;
    auto *model = view->model();
    const QFontMetricsF fm(view->font());
    const QFontMetricsF hfm(view->horizontalHeader()->font());
    const int pad = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) * 2 + 2;
    const int visible = view->viewport()->width();
    int shown = 0;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (view->isColumnHidden(c))
            continue;
        ++shown;
        const QString header = model->headerData(c, Qt::Horizontal).toString();
        const int x = view->columnViewportPosition(c), w = view->columnWidth(c);
        if (x < 0 || x + w > visible + 1)
            bad << QStringLiteral("%1: column \"%2\" at %3..%4 is outside the %5 px view").arg(view->objectName(), header).arg(x).arg(x + w).arg(visible);
        if (hfm.horizontalAdvance(header) + pad > w + 1)
            bad << QStringLiteral("%1: header \"%2\" needs %3 px, has %4").arg(view->objectName(), header).arg(hfm.horizontalAdvance(header) + pad).arg(w);
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString text = model->index(r, c).data().toString();
            const int h = view->rowHeight(r);
            if (view->wordWrap()) {
                const QRectF need = fm.boundingRect(QRectF(0, 0, w - pad, 1e6), Qt::TextWordWrap, text);
                if (need.width() > w - pad + 1 || need.height() > h + 1)
                    bad << QStringLiteral("%1: \"%2\" needs %3x%4 in a %5x%6 cell").arg(view->objectName(), text).arg(need.width()).arg(need.height()).arg(w).arg(h);
            } else if (fm.horizontalAdvance(text) + pad > w + 1) {
                bad << QStringLiteral("%1: \"%2\" needs %3 px, has %4").arg(view->objectName(), text).arg(fm.horizontalAdvance(text) + pad).arg(w);
            }
        }
    }
    if (shown == 0)
        bad << QStringLiteral("%1: no column shown").arg(view->objectName());
    return bad;
}

void TestFit::firstLaunchAt1280x720()
{
    // What the window does on a first launch (MainWindow::readSettings): 95% of a 1280x720 screen.
    mWindow->setPresenting(false);
    mWindow->showNormal();
    const QSize size = QSize(1680, 1020).boundedTo(QSize(1280, 720) * 0.95);
    mWindow->resize(size);
    QTRY_COMPARE(mWindow->size(), size);
    QApplication::processEvents();
    auto *charts = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    QStringList bad = checkCards();
    for (int i = 0; i < charts->count(); ++i) {
        charts->setCurrentIndex(i);
        settle();
        auto *view = qobject_cast<ChartView *>(charts->currentWidget());
        QVERIFY(view);
        bad << checkChart(view);
        shot(QStringLiteral("window-1216x684-%1").arg(view->objectName()));
    }
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
}

void TestFit::presentationPages_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x720") << QSize(1280, 720);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void TestFit::presentationPages()
{
    QFETCH(QSize, size);
    mWindow->setPresenting(false);
    settle();
    mWindow->setPresenting(true);
    QTRY_VERIFY(mWindow->windowState() & Qt::WindowFullScreen);
    if (qEnvironmentVariableIsSet("FF_DEBUG_FIT"))
        for (QWidget *w : mWindow->findChildren<QWidget *>())
            if (w->isVisible() && w->minimumSizeHint().height() > 40 && !w->objectName().isEmpty() && !w->objectName().startsWith(QLatin1String("qt_")))
                qDebug() << w->objectName() << w->minimumSizeHint() << w->minimumSize() << w->size() << mWindow->minimumSizeHint();
    // The offscreen screen has one size: the projector's is given by hand, with its type scale.
    mWindow->setWindowState(Qt::WindowNoState);
    mWindow->resize(size);
    QTRY_COMPARE(mWindow->size(), size);
    mWindow->presenter()->setFontScale(Presenter::fontScaleFor(size));
    settle();
    Presenter *p = mWindow->presenter();
    QStringList bad;
    QStringList takeaways;
    for (int i = 0; i < p->slideCount(); ++i) {
        p->setSlide(i);
        settle();
        QCOMPARE(mWindow->size(), size);
        bad << checkCards();
        for (const char *name : {"slideTitle", "slidePage", "takeaway"})
            bad << checkLabel(mWindow->findChild<QLabel *>(QLatin1String(name)));
        takeaways << mWindow->findChild<QLabel *>(QStringLiteral("takeaway"))->text();
        QWidget *page = p->slideWidget(i);
        if (auto *view = qobject_cast<ChartView *>(page))
            bad << checkChart(view);
        else if (auto *table = qobject_cast<QTableView *>(page))
            bad << checkTable(table);
        shot(QStringLiteral("present-%1x%2-%3-%4").arg(size.width()).arg(size.height()).arg(i + 1, 2, 10, QLatin1Char('0')).arg(page->objectName()));
    }
    // Each page says what it shows: no two pages share a takeaway.
    takeaways.removeDuplicates();
    QCOMPARE(takeaways.size(), p->slideCount());
    mWindow->setPresenting(false);
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
}

void TestFit::elidedTextIsCaught()
{
    // The checks themselves: a chart title and a card range too long for their space are reported,
    // whether Qt cuts them with an ellipsis or not.
    mWindow->setPresenting(false);
    mWindow->showNormal();
    mWindow->resize(QSize(1216, 684));
    settle();
    auto *charts = mWindow->findChild<QTabWidget *>(QStringLiteral("chartTabs"));
    charts->setCurrentIndex(0);
    QApplication::processEvents();
    auto *view = qobject_cast<ChartView *>(charts->currentWidget());
    const QString title = view->chart()->title();
    view->chart()->setTitle(QString(400, QLatin1Char('W'))); // one word: it cannot take a second line
    QApplication::processEvents();
    QVERIFY(!checkChart(view).isEmpty());
    view->chart()->setTitle(title);
    view->chartUpdated();
    QApplication::processEvents();
    QVERIFY2(checkChart(view).isEmpty(), qPrintable(checkChart(view).join(QLatin1Char('\n'))));
    mWindow->headline()->setRange(HeadlineCards::TaskYear, QString(300, QLatin1Char('x')));
    QVERIFY(!checkCards().isEmpty());
}

QTEST_MAIN(TestFit)
void TestFit::dataSourcesAt1280x720()
{
    // Help > Data Sources on a 1280x720 screen: the dialog opens inside the screen's available
    // area, its columns inside the table, and a search narrows the rows (shot for a look).
    DataSourcesDialog *dialog = mWindow->showDataSources();
    QVERIFY(dialog);
    dialog->resize(DataSourcesDialog::sizeFor(QSize(1280, 720)));
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY2(dialog->width() <= 1280 * 0.95 + 1 && dialog->height() <= 720 * 0.95 + 1,
             qPrintable(QStringLiteral("%1x%2").arg(dialog->width()).arg(dialog->height())));
    auto *table = dialog->findChild<QTableView *>(QStringLiteral("sourcesTable"));
    QVERIFY(table);
    QApplication::processEvents();
    QStringList bad;
    const int visible = table->viewport()->width();
    for (int c = 0; c < table->model()->columnCount(); ++c) {
        const int x = table->columnViewportPosition(c), w = table->columnWidth(c);
        if (x < 0 || x + w > visible + 1 || w < 60)
            bad << QStringLiteral("column %1 at %2..%3 of %4").arg(c).arg(x).arg(x + w).arg(visible);
    }
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    const QString dir = qEnvironmentVariable("FF_SHOT_DIR");
    if (!dir.isEmpty())
        dialog->grab().save(QDir(dir).filePath(QStringLiteral("data-sources-%1x%2.png").arg(dialog->width()).arg(dialog->height())));
    auto *filter = dialog->findChild<QLineEdit *>(QStringLiteral("sourcesFilter"));
    QVERIFY(filter);
    const int all = table->model()->rowCount();
    filter->setText(QStringLiteral("P40"));
    QVERIFY(table->model()->rowCount() > 0 && table->model()->rowCount() < all);
    if (!dir.isEmpty())
        dialog->grab().save(QDir(dir).filePath(QStringLiteral("data-sources-filtered.png")));
    dialog->close();
}

#include "tst_fit.moc"

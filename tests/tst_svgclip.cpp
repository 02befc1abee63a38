// SVG exports clip like the PNGs (issue 31, item 6): each chart's SVG rendered by a second renderer
// (rsvg-convert, Debian's librsvg2-bin) against Qt's own PNG of the same chart, outside the plot area.
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>

#include "chartexporter.h"
#include "chartfactory.h"
#include "solver/forecast.h"
#include "forecastextras.h"
#include "report/report.h"
#include "files/loaddata.h"

using namespace ffui;

Q_DECLARE_METATYPE(ffui::ChartKind)

class TestSvgClip : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void svgClipsLikePng_data();
    void svgClipsLikePng();

private:
    QTemporaryDir mDir;
    std::unique_ptr<ff::Engine> mEngine;
    ff::Result mBase;
    ff::ReportExtras mExtras; // the fan, tornado and back-test need more than the Result
};

void TestSvgClip::initTestCase()
{
    QVERIFY(mDir.isValid());
    mEngine = std::make_unique<ff::Engine>(ff::loadDataSet(FF_TEST_DATA_DIR));
    ff::Scenario s;
    s.name = "Base case";
    mBase = mEngine->compute(s);
    ffui::ExtrasRequest all;
    all.what = Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest | Extra::Claims;
    QVERIFY(ffui::computeExtras(*mEngine, s, all, mExtras));
    QVERIFY(mExtras.monteCarlo && !mExtras.monteCarlo->fanYears.empty());
}

void TestSvgClip::svgClipsLikePng_data()
{
    QTest::addColumn<ChartKind>("kind");
    QTest::addColumn<bool>("dark");
    for (ChartKind k : ChartFactory::kinds())
        QTest::newRow(ChartFactory::id(k).toLatin1()) << k << false;
    QTest::newRow("fan dark") << ChartKind::Fan << true;
}

// Qt 6.4's SVG writer drops clip paths; a second renderer (rsvg-convert, what other programs use)
// then draws series past the plot area (the fan band, lines past the last year) to the image edge.
// Outside the plot area the SVG rendered by rsvg-convert must look like Qt's own PNG of the chart:
// a pixel of the SVG's rendering counts as stray when no pixel of the PNG within 2 px has its colour
// (within 48 per channel): text set by another renderer moves by a pixel, a series drawn where the
// PNG has background does not.
void TestSvgClip::svgClipsLikePng()
{
    QFETCH(ChartKind, kind);
    QFETCH(bool, dark);
    const QString rsvg = QStandardPaths::findExecutable(QStringLiteral("rsvg-convert"));
    if (rsvg.isEmpty())
        QFAIL("rsvg-convert is not installed: this test renders the SVG exports with a second renderer. "
              "Install the Debian package librsvg2-bin (./dev.sh test installs it).");
    ExportOptions o;
    o.size = QSize(1280, 720);
    o.dark = dark;
    ChartExporter exporter(*mEngine, mBase, mExtras);
    const QString id = ChartFactory::id(kind) + (dark ? QStringLiteral("-dark") : QString());
    const QString svgPath = mDir.filePath(id + QStringLiteral(".svg"));
    QVERIFY2(exporter.exportToFile(kind, svgPath, o), qPrintable(exporter.errorString()));
    // The source-and-date line travels in the SVG as text another renderer draws.
    QFile svgFile(svgPath);
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    const QByteArray svgText = svgFile.readAll();
    for (const char *part : {"data as of ", "evidence to ", "Frontier Forecast "})
        QVERIFY2(svgText.contains(part), part);
    QImage qt = exporter.render(kind, o).convertToFormat(QImage::Format_RGB32);
    QImage probe(o.size, QImage::Format_RGB32);
    QPainter probePainter(&probe);
    const QRectF plot = exporter.paint(probePainter, kind, o);
    probePainter.end();
    QVERIFY2(plot.width() > 100 && plot.height() > 100, qPrintable(QStringLiteral("plot area %1x%2").arg(plot.width()).arg(plot.height())));
    const QString pngPath = mDir.filePath(id + QStringLiteral(".rsvg.png"));
    QProcess p;
    p.start(rsvg, {QStringLiteral("-w"), QString::number(o.size.width()), QStringLiteral("-h"), QString::number(o.size.height()),
                   QStringLiteral("-b"), dark ? QStringLiteral("#1e1f22") : QStringLiteral("white"), QStringLiteral("-o"), pngPath, svgPath});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAllStandardError().constData());
    QImage other(pngPath);
    QVERIFY2(!other.isNull(), qPrintable(pngPath));
    other = other.convertToFormat(QImage::Format_RGB32);
    QCOMPARE(other.size(), qt.size());
    if (const QByteArray shots = qgetenv("FF_SHOTS_DIR"); !shots.isEmpty()) {
        other.save(QString::fromLocal8Bit(shots) + QLatin1Char('/') + id + QStringLiteral(".rsvg.png"));
        qt.save(QString::fromLocal8Bit(shots) + QLatin1Char('/') + id + QStringLiteral(".qt.png"));
    }
    const QRect inside = plot.adjusted(-3, -3, 3, 3).toAlignedRect();
    const auto near = [](QRgb a, QRgb b) {
        return std::abs(qRed(a) - qRed(b)) <= 48 && std::abs(qGreen(a) - qGreen(b)) <= 48 && std::abs(qBlue(a) - qBlue(b)) <= 48;
    };
    // Text is grey on both renderers; a series has its colour.
    const auto coloured = [](QRgb c) { return std::max({qRed(c), qGreen(c), qBlue(c)}) - std::min({qRed(c), qGreen(c), qBlue(c)}) > 40; };
    int stray = 0, outside = 0, colouredStray = 0;
    QRect firstStray;
    for (int y = 0; y < qt.height(); ++y) {
        for (int x = 0; x < qt.width(); ++x) {
            if (inside.contains(x, y))
                continue;
            ++outside;
            const QRgb c = other.pixel(x, y);
            bool matched = false;
            for (int dy = -2; dy <= 2 && !matched; ++dy)
                for (int dx = -2; dx <= 2 && !matched; ++dx)
                    if (qt.valid(x + dx, y + dy) && near(c, qt.pixel(x + dx, y + dy)))
                        matched = true;
            if (!matched && coloured(c))
                ++colouredStray;
            if (!matched) {
                firstStray = firstStray.isNull() ? QRect(x, y, 1, 1) : firstStray.united(QRect(x, y, 1, 1));
                ++stray;
            }
        }
    }
    qInfo("%s: %d of %d pixels outside the plot area differ from Qt's PNG, %d in colour (in %d,%d %dx%d)", qPrintable(id), stray, outside, colouredStray,
          firstStray.x(), firstStray.y(), firstStray.width(), firstStray.height());
    // Text set by another renderer (pango's glyphs vs Qt's) leaves about a thousand grey pixels and
    // almost none in colour; a series past the plot (main's export before clipping): 184 to 16,438 in
    // colour. A grey series running out would show in the total.
    const QString where = QStringLiteral("within %1,%2 %3x%4: the SVG draws outside the plot area what the PNG clips")
                              .arg(firstStray.x())
                              .arg(firstStray.y())
                              .arg(firstStray.width())
                              .arg(firstStray.height());
    QVERIFY2(colouredStray <= 20, qPrintable(QStringLiteral("%1 coloured pixels outside the plot area differ (allowed 20), ").arg(colouredStray) + where));
    QVERIFY2(stray <= outside / 250, qPrintable(QStringLiteral("%1 pixels outside the plot area differ (allowed %2), ").arg(stray).arg(outside / 250) + where));
}

QTEST_MAIN(TestSvgClip)
#include "tst_svgclip.moc"

// Chart, table and report export: the exporter class on a QBuffer (PNG header and size, SVG size,
// view box and title) and the `frontier-forecast export` command line through QProcess.
#include <QBuffer>
#include <QAbstractAxis>
#include <QImageReader>
#include <QChart>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QJsonDocument>
#include "core/timeutil.h"
#include <QJsonObject>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <memory>

#include "chartexporter.h"
#include "filesizelimit.h"
#include "chartfactory.h"
#include "solver/forecast.h"
#include "forecastextras.h"
#include "report/report.h"
#include "tablemodel.h"
#include "files/loaddata.h"

using namespace ffui;
using ffui::Extra;

Q_DECLARE_METATYPE(ffui::ChartKind)

class TestExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void png_data();
    void png();
    void svg_data();
    void svg();
    void captionCanBeTurnedOff();
    void captionNamesScenarioAndChangedAssumptions();
    void badOptionsAndDevicesAreReported();
    void fileExportIsAtomic();
    void highDpiExportIsCrisp_data();
    void highDpiExportIsCrisp();
    void darkExportOnlyWhenAsked();
    void chartsWithoutTheirExtrasSaySo();
    void exportsAreSlideReady();
    void cliNamesAreTheTabNames();
    void cliCompare();

    void cliList();
    void cliUnknownChart();
    void cliChartPng();
    void cliUncertaintyCharts_data();
    void cliUncertaintyCharts();
    void cliChartSvgWithScenarioAndSet();
    void cliTable_data();
    void cliTable();
    void cliUnknownTable();
    void cliReport();
    void cliDeckIsOnePdf();
    void cliUsageErrors_data();
    void cliUsageErrors();

private:
    struct Run {
        int exitCode = -1;
        QByteArray out, err;
    };
    Run run(const QStringList &args) const;
    static QSizeF svgSizePx(const QByteArray &svg, QRectF *viewBox, QString *title);
    static int nonWhitePixels(const QImage &img, const QRect &area);
    static double sharpness(const QImage &img);
    static QRect inkBox(const QImage &img);

    QTemporaryDir mDir;
    std::unique_ptr<ff::Engine> mEngine;
    ff::Result mBase;
    ff::ReportExtras mExtras; // everything the charts need beyond the Result, for the base case
};

void TestExport::initTestCase()
{
    QVERIFY(mDir.isValid());
    mEngine = std::make_unique<ff::Engine>(ff::loadDataSet(FF_SOURCE_DATA_DIR));
    // The exports' source line names the program's version: this process says the same as the command line.
    QProcess version;
    version.start(QStringLiteral(FF_APP_PATH), {QStringLiteral("--version")});
    QVERIFY(version.waitForFinished(60000));
    QCoreApplication::setApplicationVersion(QString::fromUtf8(version.readAllStandardOutput()).trimmed().section(QLatin1Char(' '), -1));
    ff::Scenario s;
    s.name = "Base case";
    mBase = mEngine->compute(s);
    ffui::ExtrasRequest all;
    all.what = Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest | Extra::Claims;
    QVERIFY(ffui::computeExtras(*mEngine, s, all, mExtras));
    QVERIFY(mExtras.monteCarlo && !mExtras.monteCarlo->fanYears.empty());
    QVERIFY(!mExtras.sensitivity.empty());
    QVERIFY(!mExtras.backtest.empty());
    QVERIFY(!mExtras.claims.empty());
}

TestExport::Run TestExport::run(const QStringList &args) const
{
    QProcess p;
    p.setProgram(QStringLiteral(FF_APP_PATH));
    p.setArguments(QStringList{QStringLiteral("export")} + args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("FF_DATA_DIR"), QStringLiteral(FF_SOURCE_DATA_DIR));
    p.setProcessEnvironment(env);
    p.start();
    Run r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// The SVG's size in pixels (QSvgGenerator writes millimetres at its resolution), its view box and title.
QSizeF TestExport::svgSizePx(const QByteArray &svg, QRectF *viewBox, QString *title)
{
    QXmlStreamReader xml(svg);
    QSizeF size;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("svg")) {
            const auto attr = xml.attributes();
            const auto px = [](QString v) {
                if (v.endsWith(QLatin1String("mm")))
                    return v.chopped(2).toDouble() / 25.4 * QImage(1, 1, QImage::Format_ARGB32).logicalDpiX();
                if (v.endsWith(QLatin1String("px")))
                    v.chop(2);
                return v.toDouble();
            };
            size = QSizeF(px(attr.value(QLatin1String("width")).toString()), px(attr.value(QLatin1String("height")).toString()));
            const QStringList vb = attr.value(QLatin1String("viewBox")).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (vb.size() == 4)
                *viewBox = QRectF(vb[0].toDouble(), vb[1].toDouble(), vb[2].toDouble(), vb[3].toDouble());
        } else if (xml.name() == QLatin1String("title") && title->isEmpty()) {
            *title = xml.readElementText();
        }
    }
    if (xml.hasError())
        return {};
    return size;
}

int TestExport::nonWhitePixels(const QImage &img, const QRect &area)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); y += 2)
        for (int x = area.left(); x <= area.right(); x += 2)
            if ((img.pixel(x, y) & 0xFFFFFF) != 0xFFFFFF)
                ++n;
    return n;
}

void TestExport::png_data()
{
    QTest::addColumn<ChartKind>("kind");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<qreal>("scale");
    for (ChartKind k : ChartFactory::kinds()) {
        const QByteArray id = ChartFactory::id(k).toLatin1();
        QTest::newRow(id + " 1920x1080 @1x") << k << QSize(1920, 1080) << qreal(1);
        QTest::newRow(id + " 800x450 @2x") << k << QSize(800, 450) << qreal(2);
    }
    QTest::newRow("trends 640x480 @3x") << ChartKind::Trends << QSize(640, 480) << qreal(3);
}

void TestExport::png()
{
    QFETCH(ChartKind, kind);
    QFETCH(QSize, size);
    QFETCH(qreal, scale);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    ChartExporter exporter(*mEngine, mBase, mExtras);
    ExportOptions o;
    o.size = size;
    o.scale = scale;
    QVERIFY2(exporter.writePng(kind, &buffer, o), qPrintable(exporter.errorString()));
    const QByteArray data = buffer.data();
    QVERIFY(data.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)));
    QImage image;
    QVERIFY(image.loadFromData(data, "PNG"));
    QCOMPARE(image.size(), QSize(qRound(size.width() * scale), qRound(size.height() * scale)));
    QCOMPARE(image.text(QStringLiteral("Title")), ChartFactory::title(kind));
    // Something was drawn: the plot area is not blank.
    const QRect middle(image.width() / 4, image.height() / 4, image.width() / 2, image.height() / 2);
    QVERIFY(nonWhitePixels(image, middle) > 200);
}

void TestExport::svg_data()
{
    QTest::addColumn<ChartKind>("kind");
    QTest::addColumn<QSize>("size");
    for (ChartKind k : ChartFactory::kinds())
        QTest::newRow(ChartFactory::id(k).toLatin1()) << k << QSize(1280, 720);
    QTest::newRow("crossing square") << ChartKind::Crossing << QSize(900, 900);
}

void TestExport::svg()
{
    QFETCH(ChartKind, kind);
    QFETCH(QSize, size);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    ChartExporter exporter(*mEngine, mBase, mExtras);
    ExportOptions o;
    o.size = size;
    QVERIFY2(exporter.writeSvg(kind, &buffer, o), qPrintable(exporter.errorString()));
    const QByteArray data = buffer.data();
    QSvgRenderer renderer(data);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBoxF(), QRectF(QPointF(0, 0), QSizeF(size)));
    QRectF viewBox;
    QString title;
    const QSizeF px = svgSizePx(data, &viewBox, &title);
    QCOMPARE(viewBox, QRectF(QPointF(0, 0), QSizeF(size)));
    QVERIFY2(std::fabs(px.width() - size.width()) < 0.5 && std::fabs(px.height() - size.height()) < 0.5,
             qPrintable(QStringLiteral("%1 x %2").arg(px.width()).arg(px.height())));
    QCOMPARE(title, ChartFactory::title(kind));
    QVERIFY(data.contains("<desc>")); // the caption travels as the description too
    // It renders to something visible.
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    renderer.render(&painter);
    painter.end();
    QVERIFY(nonWhitePixels(image, QRect(QPoint(0, 0), size)) > 500);
}

void TestExport::captionCanBeTurnedOff()
{
    ChartExporter exporter(*mEngine, mBase);
    ExportOptions with, without;
    with.size = without.size = QSize(1000, 600);
    without.caption = false;
    const QImage a = exporter.render(ChartKind::Timeline, with);
    const QImage b = exporter.render(ChartKind::Timeline, without);
    QCOMPARE(a.size(), b.size());
    QVERIFY(a != b);
    // The caption is the bottom band, under the legend: with it the bottom rows hold more text
    // (the caption runs the width; the legend's last row need not).
    const QRect band(0, a.height() - 24, a.width(), 24);
    QVERIFY(nonWhitePixels(a, band) > 0);
    QVERIFY(nonWhitePixels(a, band) != nonWhitePixels(b, band));
}

void TestExport::captionNamesScenarioAndChangedAssumptions()
{
    ff::Scenario s;
    s.name = "My what-if";
    const ff::AssumptionDef *kv = mEngine->data().assumption("kv_compression");
    s.values["kv_compression"] = (kv->value + kv->max) / 2; // anything but the default
    const ff::Result r = mEngine->compute(s);
    const QString caption = ChartExporter::captionText(*mEngine, r);
    QVERIFY2(caption.contains(QStringLiteral("My what-if")), qPrintable(caption));
    QVERIFY(caption.contains(QString::fromStdString(mEngine->data().assumption("kv_compression")->label)));
    QVERIFY(caption.contains(QString::fromStdString(r.targetModel)));
    QVERIFY(ChartExporter::captionText(*mEngine, mBase).contains(QStringLiteral("defaults")));
}

void TestExport::badOptionsAndDevicesAreReported()
{
    ChartExporter exporter(*mEngine, mBase);
    ExportOptions tiny;
    tiny.size = QSize(10, 10);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(!exporter.writePng(ChartKind::Trends, &buffer, tiny));
    QVERIFY(exporter.errorString().contains(QStringLiteral("size")));
    QVERIFY(!exporter.writeSvg(ChartKind::Trends, &buffer, tiny));

    ExportOptions scale;
    scale.scale = 10;
    QVERIFY(!exporter.writePng(ChartKind::Trends, &buffer, scale));
    QVERIFY(exporter.errorString().contains(QStringLiteral("scale")));

    QBuffer closed;
    QVERIFY(!exporter.writePng(ChartKind::Trends, &closed, ExportOptions{}));
    QVERIFY(!exporter.errorString().isEmpty());
    QBuffer readOnly;
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    QVERIFY(!exporter.writeSvg(ChartKind::Trends, &readOnly, ExportOptions{}));
    QVERIFY(!exporter.errorString().isEmpty());
}

void TestExport::fileExportIsAtomic()
{
    ChartExporter exporter(*mEngine, mBase);
    ExportOptions o;
    o.size = QSize(400, 300);
    const QString path = mDir.filePath(QStringLiteral("atomic.png"));
    QVERIFY(exporter.exportToFile(ChartKind::Hardware, path, o));
    QCOMPARE(QImage(path).size(), QSize(400, 300));
    // A write that fails part way (the disk is full, here: a file size limit, which stops root
    // too) leaves the earlier file as it was and no temporary file behind.
    QFile before(path);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray old = before.readAll();
    before.close();
    QVERIFY(old.size() > 2048);
    {
        const FileSizeLimit limit(1024);
        QVERIFY(limit.ok());
        QVERIFY(!exporter.exportToFile(ChartKind::Trends, path, o)); // another chart: other bytes
    }
    QVERIFY2(exporter.errorString().contains(path), qPrintable(exporter.errorString()));
    QFile after(path);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), old);
    QCOMPARE(QDir(mDir.path()).entryList({QStringLiteral("atomic.png*")}, QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("atomic.png")});
    // Unknown suffix and a missing directory are reported with the path.
    QVERIFY(!exporter.exportToFile(ChartKind::Hardware, mDir.filePath(QStringLiteral("chart.bmp")), o));
    QVERIFY(exporter.errorString().contains(QStringLiteral("chart.bmp")));
    const QString missing = mDir.filePath(QStringLiteral("missing/chart.svg"));
    QVERIFY(!exporter.exportToFile(ChartKind::Hardware, missing, o));
    QVERIFY(exporter.errorString().contains(missing));
}

// Mean absolute Laplacian of the grey levels: high for crisp edges, low for an image scaled up from fewer pixels.
double TestExport::sharpness(const QImage &img)
{
    const QImage g = img.convertToFormat(QImage::Format_Grayscale8);
    double sum = 0;
    long n = 0;
    for (int y = 1; y + 1 < g.height(); ++y) {
        const uchar *up = g.constScanLine(y - 1), *row = g.constScanLine(y), *down = g.constScanLine(y + 1);
        for (int x = 1; x + 1 < g.width(); ++x) {
            sum += std::abs(4 * row[x] - row[x - 1] - row[x + 1] - up[x] - down[x]);
            ++n;
        }
    }
    return n ? sum / n : 0;
}

// The smallest rectangle holding every non-white pixel.
QRect TestExport::inkBox(const QImage &img)
{
    int left = img.width(), top = img.height(), right = -1, bottom = -1;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            if ((img.pixel(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
    return QRect(QPoint(left, top), QPoint(right, bottom));
}

void TestExport::highDpiExportIsCrisp_data()
{
    QTest::addColumn<ChartKind>("kind");
    QTest::addColumn<qreal>("scale");
    QTest::newRow("timeline 2x") << ChartKind::Timeline << qreal(2);
    QTest::newRow("timeline 3x") << ChartKind::Timeline << qreal(3);
    QTest::newRow("histogram 2x") << ChartKind::Histogram << qreal(2);
    QTest::newRow("tornado 3x") << ChartKind::Tornado << qreal(3);
}

void TestExport::highDpiExportIsCrisp()
{
    QFETCH(ChartKind, kind);
    QFETCH(qreal, scale);
    ChartExporter exporter(*mEngine, mBase, mExtras);
    ExportOptions one, hi;
    one.size = hi.size = QSize(800, 450);
    hi.scale = scale;
    const QImage a = exporter.render(kind, one);
    const QImage b = exporter.render(kind, hi);
    // Pixels for the scale, laid out at the logical size (the device pixel ratio carries the scale).
    QCOMPARE(b.size(), one.size * scale);
    QCOMPARE(b.devicePixelRatio(), scale);
    QCOMPARE(b.deviceIndependentSize(), QSizeF(one.size));
    // The same layout: the ink covers the same logical area (within a pixel or two of rounding).
    const QRect boxA = inkBox(a), boxB = inkBox(b);
    QVERIFY2(std::abs(boxB.left() / scale - boxA.left()) <= 2 && std::abs(boxB.right() / scale - boxA.right()) <= 2 &&
                 std::abs(boxB.top() / scale - boxA.top()) <= 2 && std::abs(boxB.bottom() / scale - boxA.bottom()) <= 2,
             qPrintable(QStringLiteral("1x ink %1,%2 %3x%4; %5x ink %6,%7 %8x%9")
                            .arg(boxA.x()).arg(boxA.y()).arg(boxA.width()).arg(boxA.height())
                            .arg(scale).arg(boxB.x()).arg(boxB.y()).arg(boxB.width()).arg(boxB.height())));
    // Crisp: drawn at full resolution, not the 1x image scaled up (which would be as soft as this).
    QImage softened = a.scaled(b.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const double crisp = sharpness(b), soft = sharpness(softened);
    QVERIFY2(crisp > soft * 1.3, qPrintable(QStringLiteral("sharpness %1 vs upscaled %2").arg(crisp).arg(soft)));
}

void TestExport::darkExportOnlyWhenAsked()
{
    ChartExporter exporter(*mEngine, mBase, mExtras);
    ExportOptions light, dark;
    light.size = dark.size = QSize(600, 400);
    dark.dark = true;
    const QImage a = exporter.render(ChartKind::Trends, light);
    const QImage b = exporter.render(ChartKind::Trends, dark);
    QCOMPARE(QColor(a.pixel(3, 3)), QColor(Qt::white)); // the default is light
    QVERIFY(QColor(b.pixel(3, 3)).lightness() < 60);
    // Text is light on the dark page: bright pixels exist where the light export has dark ones.
    int bright = 0;
    for (int y = 0; y < b.height(); y += 2)
        for (int x = 0; x < b.width(); x += 2)
            bright += QColor(b.pixel(x, y)).lightness() > 200;
    QVERIFY(bright > 200);
}

void TestExport::chartsWithoutTheirExtrasSaySo()
{
    for (ChartKind k : ChartFactory::kinds()) {
        if (ChartFactory::needs(k) == Extra::None)
            continue;
        std::unique_ptr<QChart> c(ChartFactory::create(k, *mEngine, mBase));
        QVERIFY2(c->title().startsWith(ChartFactory::title(k)) && c->title().length() > ChartFactory::title(k).length(),
                 qPrintable(c->title()));
        std::unique_ptr<QChart> full(ChartFactory::create(k, *mEngine, mBase, mExtras));
        QVERIFY2(!full->title().contains(QStringLiteral("no ")), qPrintable(full->title()));
    }
}

void TestExport::cliUncertaintyCharts_data()
{
    QTest::addColumn<QString>("name");
    for (ChartKind k : ChartFactory::kinds())
        if (ChartFactory::needs(k) != Extra::None)
            QTest::newRow(ChartFactory::id(k).toLatin1()) << ChartFactory::id(k);
}

void TestExport::cliUncertaintyCharts()
{
    QFETCH(QString, name);
    const QString out = mDir.filePath(name + QStringLiteral(".png"));
    const Run r = run({QStringLiteral("--chart"), name, QStringLiteral("--out"), out, QStringLiteral("--size"), QStringLiteral("960x540"),
                       QStringLiteral("--samples"), QStringLiteral("500")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(out);
    QCOMPARE(image.size(), QSize(960, 540));
    // The same picture as the exporter draws in-process from the model's numbers for the same seed.
    ff::Scenario s;
    s.name = "Base case";
    ffui::ExtrasRequest request;
    request.what = ChartFactory::needs(*ChartFactory::fromId(name));
    request.samples = 500;
    ff::ReportExtras x;
    QVERIFY(ffui::computeExtras(*mEngine, s, request, x));
    ExportOptions o;
    o.size = QSize(960, 540);
    const QImage expected = ChartExporter(*mEngine, mBase, x).render(*ChartFactory::fromId(name), o);
    QCOMPARE(image.convertToFormat(QImage::Format_RGB32), expected.convertToFormat(QImage::Format_RGB32));
    // Without samples there is nothing to draw a fan or a histogram from.
    if (request.what & Extra::MonteCarlo) {
        const Run none = run({QStringLiteral("--chart"), name, QStringLiteral("--out"), mDir.filePath(QStringLiteral("none.png")),
                              QStringLiteral("--samples"), QStringLiteral("0")});
        QCOMPARE(none.exitCode, 2);
        QVERIFY(!QFile::exists(mDir.filePath(QStringLiteral("none.png"))));
    }
}

void TestExport::cliList()
{
    const Run r = run({QStringLiteral("--list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts), ChartFactory::ids());
}

void TestExport::cliUnknownChart()
{
    const Run r = run({QStringLiteral("--chart"), QStringLiteral("pie"), QStringLiteral("--out"), mDir.filePath(QStringLiteral("pie.png"))});
    QCOMPARE(r.exitCode, 2);
    const QString err = QString::fromUtf8(r.err);
    QVERIFY2(err.contains(QStringLiteral("pie")), qPrintable(err));
    for (const QString &id : ChartFactory::ids())
        QVERIFY2(err.contains(id), qPrintable(err));
    QVERIFY(!QFile::exists(mDir.filePath(QStringLiteral("pie.png"))));
}

void TestExport::cliChartPng()
{
    const QString out = mDir.filePath(QStringLiteral("cli crossing.png"));
    const Run r = run({QStringLiteral("--chart"), QStringLiteral("crossing"), QStringLiteral("--out"), out, QStringLiteral("--size"),
                       QStringLiteral("800x450"), QStringLiteral("--scale"), QStringLiteral("2")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));
    QCOMPARE(QImage(out).size(), QSize(1600, 900));
}

void TestExport::cliChartSvgWithScenarioAndSet()
{
    const QString out = mDir.filePath(QStringLiteral("hardware.svg"));
    const Run r = run({QStringLiteral("--chart"), QStringLiteral("hardware"), QStringLiteral("--out"), out, QStringLiteral("--size"),
                       QStringLiteral("1000x600"), QStringLiteral("--scenario"),
                       QStringLiteral(FF_SOURCE_DATA_DIR "/presets/upside.json"), QStringLiteral("--set"),
                       QStringLiteral("budget_usd=3000"), QStringLiteral("--no-caption")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray data = f.readAll();
    QVERIFY(QSvgRenderer(data).isValid());
    QRectF viewBox;
    QString title;
    svgSizePx(data, &viewBox, &title);
    QCOMPARE(viewBox, QRectF(0, 0, 1000, 600));
    QVERIFY(data.contains("Earlier upside")); // the description names the scenario even without a caption
}

void TestExport::cliTable_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &id : ForecastTables::ids())
        QTest::newRow(id.toLatin1()) << id;
}

void TestExport::cliTable()
{
    QFETCH(QString, name);
    const QString out = mDir.filePath(name + QStringLiteral(".csv"));
    const Run r = run({QStringLiteral("--table"), name, QStringLiteral("--out"), out, QStringLiteral("--set"), QStringLiteral("budget_usd=7000")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    ff::Scenario s;
    s.name = "Base case";
    s.values["budget_usd"] = 7000;
    const ff::Result expected = mEngine->compute(s);
    ffui::ExtrasRequest request;
    request.what = ForecastTables::needs(*ForecastTables::fromId(name));
    ff::ReportExtras x;
    QVERIFY(ffui::computeExtras(*mEngine, s, request, x));
    const ff::Table t = ForecastTables::table(*ForecastTables::fromId(name), expected, x);
    QVERIFY(!t.rows.empty());
    QCOMPARE(f.readAll().toStdString(), ff::tableCsv(t));
}

void TestExport::cliUnknownTable()
{
    const Run r = run({QStringLiteral("--table"), QStringLiteral("nope"), QStringLiteral("--out"), mDir.filePath(QStringLiteral("x.csv"))});
    QCOMPARE(r.exitCode, 2);
    for (const QString &id : ForecastTables::ids())
        QVERIFY(QString::fromUtf8(r.err).contains(id));
}

void TestExport::cliReport()
{
    const QString out = mDir.filePath(QStringLiteral("report.md"));
    const Run r = run({QStringLiteral("--report"), QStringLiteral("--samples"), QStringLiteral("0"), QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    // What `frontier-forecast report` prints without samples: back-test, ceiling history, claims, calibration.
    ff::ReportExtras x;
    ffui::ExtrasRequest request;
    request.what = Extra::Backtest | Extra::Claims;
    QVERIFY(ffui::computeExtras(*mEngine, ff::Scenario{}, request, x));
    const QByteArray text = f.readAll();
    QCOMPARE(text.toStdString(), ff::reportMarkdown(*mEngine, mBase, x));
    QVERIFY(text.contains("Rolling back-test"));
    QVERIFY(text.contains("Claims audit"));
}

void TestExport::cliDeckIsOnePdf()
{
    // One PDF: a title page, a page per chart and per table, an appendix; the title page's answer is
    // the one `report --format json` gives (the same scenario, the same seed).
    const QString out = mDir.filePath(QStringLiteral("deck.pdf"));
    const Run r = run({QStringLiteral("--deck"), out, QStringLiteral("--samples"), QStringLiteral("300")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray pdf = f.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));
    static const QRegularExpression pageObject(QStringLiteral("/Type\\s*/Page(?![s\\w])"));
    const int pages = int(QString::fromLatin1(pdf).count(pageObject));
    QCOMPARE(pages, int(ffui::ChartFactory::kinds().size() + ffui::ForecastTables::kinds().size()) + 2);
    // The document's title carries the title page's answer (UTF-16BE in a literal string).
    const qsizetype at = pdf.indexOf("/Title (");
    QVERIFY(at >= 0);
    QByteArray raw = pdf.mid(at + 8, pdf.indexOf(")\n", at) - at - 8);
    raw.replace("\\(", "(").replace("\\)", ")").replace("\\\\", "\\");
    QVERIFY(raw.startsWith("\xfe\xff"));
    QString title;
    for (qsizetype i = 2; i + 1 < raw.size(); i += 2)
        title += QChar(char16_t((uchar(raw[i]) << 8) | uchar(raw[i + 1])));
    QProcess report;
    report.setProgram(QStringLiteral(FF_APP_PATH));
    report.setArguments({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--samples"), QStringLiteral("300")});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("FF_DATA_DIR"), QStringLiteral(FF_SOURCE_DATA_DIR));
    report.setProcessEnvironment(env);
    report.start();
    QVERIFY(report.waitForFinished(120000) && report.exitCode() == 0);
    const QJsonObject task = QJsonDocument::fromJson(report.readAllStandardOutput()).object()[QStringLiteral("parity")].toObject()[QStringLiteral("task_level")].toObject();
    const QString answer = task[QStringLiteral("text")].toString();
    QVERIFY2(!task.isEmpty() && title.endsWith(QStringLiteral("task-level parity ") + answer), qPrintable(title + QStringLiteral(" / ") + answer));
    // A chart export carries the same source-and-date line under its caption.
    const QString svg = mDir.filePath(QStringLiteral("source.svg"));
    QVERIFY(run({QStringLiteral("--chart"), QStringLiteral("crossing"), QStringLiteral("--out"), svg}).exitCode == 0);
    QFile s(svg);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(s.readAll());
    QVERIFY2(text.contains(QStringLiteral("data as of %1").arg(QString::fromStdString(ff::formatMonth(mBase.asOf)))) &&
                 text.contains(QStringLiteral("evidence to %1").arg(QString::fromStdString(ff::formatMonth(mBase.task.evidenceEnd)))),
             "no source-and-date line in the SVG");
}

void TestExport::cliUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    const QString png = mDir.filePath(QStringLiteral("u.png"));
    QTest::newRow("nothing to export") << QStringList{QStringLiteral("--out"), png};
    QTest::newRow("no output") << QStringList{QStringLiteral("--chart"), QStringLiteral("trends")};
    QTest::newRow("bad size") << QStringList{QStringLiteral("--chart"), QStringLiteral("trends"), QStringLiteral("--out"), png,
                                             QStringLiteral("--size"), QStringLiteral("big")};
    QTest::newRow("tiny size") << QStringList{QStringLiteral("--chart"), QStringLiteral("trends"), QStringLiteral("--out"), png,
                                              QStringLiteral("--size"), QStringLiteral("20x20")};
    QTest::newRow("bad scale") << QStringList{QStringLiteral("--chart"), QStringLiteral("trends"), QStringLiteral("--out"), png,
                                              QStringLiteral("--scale"), QStringLiteral("9")};
    QTest::newRow("bad suffix") << QStringList{QStringLiteral("--chart"), QStringLiteral("trends"), QStringLiteral("--out"),
                                               mDir.filePath(QStringLiteral("u.jpg"))};
    QTest::newRow("bad theme") << QStringList{QStringLiteral("--chart"), QStringLiteral("trends"), QStringLiteral("--out"), png,
                                              QStringLiteral("--theme"), QStringLiteral("purple")};
    QTest::newRow("bad --set") << QStringList{QStringLiteral("--chart"), QStringLiteral("trends"), QStringLiteral("--out"), png,
                                              QStringLiteral("--set"), QStringLiteral("budget_usd=1")};
}

void TestExport::cliUsageErrors()
{
    QFETCH(QStringList, args);
    const Run r = run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!r.err.isEmpty());
    QVERIFY(!QFile::exists(mDir.filePath(QStringLiteral("u.png"))));
}

void TestExport::exportsAreSlideReady()
{
    // At 1920x1080 (1x): tick labels and the legend at least 24 px, lines at least 3 px.
    const ChartStyle st = ChartStyle::forSize(QSize(1920, 1080));
    QVERIFY(st.pixels);
    QVERIFY(st.axisLabelPt >= 24 && st.legendPt >= 24 && st.lineWidth >= 3);
    std::unique_ptr<QChart> chart(ChartFactory::create(ChartKind::Timeline, *mEngine, mBase, st));
    for (QAbstractAxis *a : chart->axes())
        QVERIFY2(a->labelsFont().pixelSize() >= 24, qPrintable(QString::number(a->labelsFont().pixelSize())));
    // The legend goes under the plot: the plot keeps the full width.
    ExportOptions o;
    const QImage image = ChartExporter(*mEngine, mBase).render(ChartKind::Timeline, o);
    QVERIFY(!image.isNull());
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    ChartExporter exporter(*mEngine, mBase);
    QVERIFY(exporter.writeSvg(ChartKind::Timeline, &buffer, o));
    const QByteArray svg = buffer.data();
    // Text in a generic family any viewer resolves, never the toolkit's "Sans Serif" alias.
    QVERIFY(svg.contains("font-family=\"sans-serif\""));
    QVERIFY(!svg.contains("font-family=\"Sans Serif\""));
    // Grammar: one year is "1 year".
    ff::Scenario s;
    s.values["generation_cadence_years"] = 1;
    const QString caption = ChartExporter::captionText(*mEngine, mEngine->compute(s));
    QVERIFY2(!caption.contains(QStringLiteral(" 1 years")), qPrintable(caption));
    QVERIFY2(caption.contains(QStringLiteral(" 1 year")), qPrintable(caption));
}

void TestExport::cliNamesAreTheTabNames()
{
    // The command line's chart names are the tabs' names; the old ones still work.
    for (ChartKind k : ChartFactory::kinds())
        QCOMPARE(ChartFactory::id(k), ChartFactory::tabTitle(k).toLower().replace(QLatin1Char(' '), QLatin1Char('-')));
    QCOMPARE(ChartFactory::fromId(QStringLiteral("timeline")), std::optional<ChartKind>(ChartKind::Timeline));
    QCOMPARE(ChartFactory::fromId(QStringLiteral("Local vs frontier")), std::optional<ChartKind>(ChartKind::Timeline));
    QCOMPARE(ChartFactory::fromId(QStringLiteral("backtest")), std::optional<ChartKind>(ChartKind::Backtest));
    const QString out = mDir.filePath(QStringLiteral("alias.png"));
    const Run r = run({QStringLiteral("--chart"), QStringLiteral("timeline"), QStringLiteral("--out"), out, QStringLiteral("--size"),
                       QStringLiteral("640x360")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(QFile::exists(out));
}

void TestExport::cliCompare()
{
    // A scenario to compare with: the report says both answers and the difference, the caption too.
    const QString other = mDir.filePath(QStringLiteral("other.json"));
    {
        ff::Scenario s;
        s.name = "Rich";
        s.values["budget_usd"] = 20000;
        QFile f(other);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(ff::scenarioToJson(mEngine->data(), s)));
    }
    const QString md = mDir.filePath(QStringLiteral("compare.md"));
    Run r = run({QStringLiteral("--report"), QStringLiteral("--out"), md, QStringLiteral("--samples"), QStringLiteral("0"),
                 QStringLiteral("--compare"), other});
    QCOMPARE(r.exitCode, 0);
    QFile f(md);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    ff::Scenario rich;
    rich.name = "Rich";
    rich.values["budget_usd"] = 20000;
    const ff::Result richR = mEngine->compute(rich);
    QVERIFY2(text.contains(QStringLiteral("Compared with \"Rich\"")), qPrintable(text.left(2000)));
    QVERIFY(text.contains(QString::fromStdString(ff::parityDifferenceText(mBase.task, richR.task))));
    const QString png = mDir.filePath(QStringLiteral("compare.png"));
    r = run({QStringLiteral("--chart"), QStringLiteral("local-vs-frontier"), QStringLiteral("--out"), png, QStringLiteral("--compare"), other});
    QCOMPARE(r.exitCode, 0);
    QImageReader reader(png);
    QVERIFY(reader.text(QStringLiteral("Description")).contains(QStringLiteral("compared with pinned \"Rich\"")));
    // The JSON report carries both answers and their difference.
    ff::ReportExtras x;
    x.compare = std::make_shared<const ff::Result>(richR);
    const auto j = ff::reportJson(*mEngine, mBase, x);
    QVERIFY(j.contains("compare"));
    QCOMPARE(j["compare"]["scenario"].get<std::string>(), std::string("Rich"));
    const auto months = ff::parityDifferenceMonths(mBase.task, richR.task);
    if (months)
        QCOMPARE(j["compare"]["difference_months"]["task_level"].get<int>(), *months);
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"

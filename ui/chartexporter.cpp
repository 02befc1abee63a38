#include "chartexporter.h"
#include "chartfit.h"
#include "clippingdevice.h"
#include "qtstrings.h"

#include <QAreaLegendMarker>
#include <QAreaSeries>
#include <QBarLegendMarker>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QScatterSeries>
#include <QXYLegendMarker>
#include <QXYSeries>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QImageWriter>
#include <QPainter>
#include <QSvgGenerator>

#include <cmath>

#include "qtstrings.h"
#include "solver/forecast.h"
#include "outputfile.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("ffui::ChartExporter", text); }

// The resolution text is laid out with: chart items measure text with the default (screen) DPI, so
// every target uses the same one and nothing measured in one DPI is drawn in another.
int layoutDpi()
{
    static const int dpi = QImage(1, 1, QImage::Format_ARGB32).logicalDpiX();
    return dpi;
}

QString number(double v) { return QString::number(v, 'g', 4); }

// "1 year", "2 years": a unit in the plural drops its s for exactly one.
QString withUnit(double v, const QString &unit)
{
    QString u = unit;
    if (std::fabs(v - 1) < 1e-12 && u.endsWith(QLatin1String("years")))
        u.chop(1);
    return QStringLiteral("%1 %2").arg(number(v), u).trimmed();
}

} // namespace

QString ExportOptions::validate() const
{
    if (size.width() < kMinSide || size.height() < kMinSide || size.width() > kMaxSide || size.height() > kMaxSide)
        return tr("the size must be between %1 and %2 pixels on each side, got %3x%4")
            .arg(kMinSide)
            .arg(kMaxSide)
            .arg(size.width())
            .arg(size.height());
    if (!(scale >= 0.5 && scale <= kMaxScale))
        return tr("the scale must be between 0.5 and %1, got %2").arg(kMaxScale).arg(scale);
    if (size.width() * scale > kMaxSide * 2 || size.height() * scale > kMaxSide * 2)
        return tr("the image would be larger than %1 pixels on a side").arg(kMaxSide * 2);
    return {};
}

ChartExporter::ChartExporter(const ff::Engine &engine, const ff::Result &result, ff::ReportExtras extras)
    : mEngine(engine), mResult(result), mExtras(std::move(extras))
{
}

bool ChartExporter::fail(const QString &message)
{
    mError = message;
    return false;
}

std::optional<ChartExporter::Format> ChartExporter::formatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return Format::Png;
    if (suffix == QLatin1String("svg"))
        return Format::Svg;
    return std::nullopt;
}

QString ChartExporter::captionText(const ff::Engine &engine, const ff::Result &r, const ff::Result *pinned,
                                   const ff::Distribution *precision)
{
    const ff::DataSet &d = engine.data();
    QStringList parts;
    parts << tr("Frontier Forecast: %1").arg(qs(r.scenario.name));
    parts << tr("target %1").arg(qs(r.targetModel));
    parts << tr("budget %1").arg(qs(ff::fmtUsd(r.budgetUsd)));
    parts << tr("as of %1").arg(qs(ff::formatMonth(r.asOf)));
    parts << tr("task-level parity %1").arg(qs(ff::yearText(r.task, precision)));
    if (pinned)
        parts << tr("compared with pinned \"%1\": %2 (%3)")
                     .arg(qs(pinned->scenario.name), qs(ff::yearText(pinned->task)), qs(ff::parityDifferenceText(r.task, pinned->task)));
    // The assumptions that moved the answer most often, then everything that differs from the defaults.
    static const char *const key[] = {"density_doubling_years", "bandwidth_per_dollar_doubling_years",
                                      "target_tokens_per_s"};
    const std::vector<double> values = ff::assumptionValues(d, r.scenario);
    QStringList shown, changed;
    for (std::size_t i = 0; i < d.assumptions.size(); ++i) {
        const ff::AssumptionDef &a = d.assumptions[i];
        const bool isKey = std::find(std::begin(key), std::end(key), a.name) != std::end(key);
        const bool differs = std::fabs(values[i] - a.value) > 1e-9 * std::max(1.0, std::fabs(a.value));
        if (a.name == "budget_usd" || (!isKey && !differs))
            continue;
        const QString text = tr("%1 %2").arg(qs(a.label), withUnit(values[i], qs(a.unit)));
        (differs ? changed : shown) << text;
    }
    parts << shown;
    if (changed.isEmpty())
        parts << tr("all other assumptions at their defaults");
    else
        parts << tr("changed: %1").arg(changed.join(QStringLiteral("; ")));
    return parts.join(QStringLiteral(" | "));
}

QString ChartExporter::sourceLine(const ff::Engine &engine, const ff::Result &r)
{
    return tr("Frontier Forecast %1 | data as of %2 | evidence to %3 | data: %4")
        .arg(QCoreApplication::applicationVersion().isEmpty() ? tr("(no version)") : QCoreApplication::applicationVersion(),
             qs(ff::formatMonth(r.asOf)), qs(ff::formatMonth(r.task.evidenceEnd)), QFileInfo(qs(engine.data().directory)).fileName());
}

QRectF ChartExporter::paint(QPainter &painter, ChartKind kind, const ExportOptions &o) const
{
    const QRectF page(QPointF(0, 0), QSizeF(o.size));
    ChartStyle style = ChartStyle::forSize(o.size);
    style.dark = o.dark;
    // An SVG names the painter's font on every element: the generic family, not the toolkit's alias.
    QFont base;
    base.setFamily(QStringLiteral("sans-serif"));
    base.setPixelSize(std::max(1, qRound(style.legendPt)));
    painter.setFont(base);
    painter.fillRect(page, o.dark ? QColor(0x1E, 0x1F, 0x22) : QColor(Qt::white));
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);

    QRectF chartRect = page;
    QRectF captionRect;
    QString caption;
    QFont captionFont;
    captionFont.setFamily(QStringLiteral("sans-serif"));
    if (o.caption) {
        caption = captionText(mEngine, mResult, mPinned, mExtras.monteCarlo ? &mExtras.monteCarlo->task : nullptr) + QLatin1Char('\n') + sourceLine(mEngine, mResult);
        captionFont.setPixelSize(std::max(1, qRound(style.legendPt * 0.75)));
        const qreal margin = style.legendPt * 1.2;
        const QFontMetricsF fm(captionFont, painter.device());
        const QRectF text = fm.boundingRect(QRectF(0, 0, page.width() - 2 * margin, page.height()),
                                            Qt::TextWordWrap | Qt::AlignLeft, caption);
        const qreal h = text.height() + margin;
        chartRect.setHeight(page.height() - h);
        captionRect = QRectF(margin, chartRect.bottom(), page.width() - 2 * margin, h - margin / 2);
    }

    // The chart lives in a scene of its own: no window or view is needed.
    QGraphicsScene scene;
    QChart *chart = ChartFactory::create(kind, mEngine, mResult, mExtras, style, mPinned);
    scene.addItem(chart); // the scene owns it
    chart->setMargins(QMargins(int(style.legendPt), int(style.legendPt / 2), int(style.legendPt), 0));
    // The legend goes under the plot in as many rows as it needs, so the plot keeps the full width.
    const QList<LegendEntry> entries = ChartFit::legendEntries(chart);
    chart->legend()->setVisible(false);
    QFont legendFont;
    legendFont.setFamily(QStringLiteral("sans-serif"));
    legendFont.setPixelSize(std::max(1, qRound(style.legendPt)));
    const qreal margin = style.legendPt;
    const qreal legendH = ChartFit::layoutLegend(entries, legendFont, painter.device(), chartRect.width() - 2 * margin, nullptr);
    const QRectF legendRect(chartRect.left() + margin, chartRect.bottom() - legendH, chartRect.width() - 2 * margin, legendH);
    chartRect.setHeight(chartRect.height() - legendH);
    chart->setGeometry(QRectF(QPointF(0, 0), chartRect.size()));
    scene.setSceneRect(QRectF(QPointF(0, 0), chartRect.size()));
    ChartFit::fitTitle(chart, chartRect.width());
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        if (!ChartFit::fitAxes(chart))
            break;
    }
    scene.render(&painter, chartRect, scene.sceneRect(), Qt::IgnoreAspectRatio);
    // The scene is drawn at its own size: scene coordinates are page coordinates moved by chartRect's corner.
    const QRectF plotArea = chart->mapRectToScene(chart->plotArea()).translated(chartRect.topLeft());
    ChartFit::drawLegend(painter, entries, legendFont, legendRect, o.dark ? QColor(0xEE, 0xEE, 0xEE) : QColor(0x22, 0x22, 0x22));

    if (o.caption) {
        painter.setFont(captionFont);
        painter.setPen(o.dark ? QColor(0xCC, 0xCC, 0xCC) : QColor(0x44, 0x44, 0x44));
        painter.drawText(captionRect, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, caption);
    }
    return plotArea;
}

QImage ChartExporter::render(ChartKind kind, const ExportOptions &o) const
{
    const QSize pixels(qRound(o.size.width() * o.scale), qRound(o.size.height() * o.scale));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return image;
    const int dpm = qRound(layoutDpi() / 0.0254);
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    image.setDevicePixelRatio(o.scale); // the painter works in logical pixels, the image keeps every device pixel
    image.fill(o.dark ? QColor(0x1E, 0x1F, 0x22) : QColor(Qt::white));
    QPainter painter(&image);
    paint(painter, kind, o);
    painter.end();
    return image;
}

bool ChartExporter::writePng(ChartKind kind, QIODevice *device, const ExportOptions &o)
{
    mError.clear();
    if (const QString bad = o.validate(); !bad.isEmpty())
        return fail(bad);
    if (!device || !device->isWritable())
        return fail(tr("the output is not open for writing"));
    const QImage image = render(kind, o);
    if (image.isNull())
        return fail(tr("not enough memory for a %1x%2 image").arg(o.size.width() * o.scale).arg(o.size.height() * o.scale));
    QImageWriter writer(device, "png");
    writer.setText(QStringLiteral("Title"), ChartFactory::title(kind));
    writer.setText(QStringLiteral("Description"), captionText(mEngine, mResult, mPinned, mExtras.monteCarlo ? &mExtras.monteCarlo->task : nullptr));
    writer.setText(QStringLiteral("Software"), QStringLiteral("Frontier Forecast"));
    if (!writer.write(image))
        return fail(tr("could not write the PNG: %1").arg(writer.errorString()));
    return true;
}

bool ChartExporter::writeSvg(ChartKind kind, QIODevice *device, const ExportOptions &o)
{
    mError.clear();
    if (const QString bad = o.validate(); !bad.isEmpty())
        return fail(bad);
    if (!device || !device->isWritable())
        return fail(tr("the output is not open for writing"));
    QSvgGenerator svg;
    svg.setOutputDevice(device);
    svg.setSize(o.size);
    svg.setViewBox(QRect(QPoint(0, 0), o.size));
    svg.setResolution(layoutDpi());
    svg.setTitle(ChartFactory::title(kind));
    svg.setDescription(captionText(mEngine, mResult, mPinned, mExtras.monteCarlo ? &mExtras.monteCarlo->task : nullptr));
    QPainter out;
    if (!out.begin(&svg))
        return fail(tr("could not start painting the SVG"));
    {
        // Qt 6.4's SVG writer drops clips: the chart is painted through a device that cuts every
        // primitive at the painter's clip first (a series past its plot area stops at the plot's edge).
        ClippingDevice clipping(&out);
        QPainter painter;
        if (!painter.begin(&clipping))
            return fail(tr("could not start painting the SVG"));
        paint(painter, kind, o);
        painter.end();
    }
    if (!out.end())
        return fail(tr("could not finish the SVG"));
    return true;
}

bool ChartExporter::exportToFile(ChartKind kind, const QString &path, const ExportOptions &o)
{
    mError.clear();
    const auto format = formatForPath(path);
    if (!format)
        return fail(tr("%1: the file name must end in .png or .svg").arg(path));
    if (const QString bad = o.validate(); !bad.isEmpty())
        return fail(bad);
    OutputFile file(path); // atomic for a file; a pipe or device is written, not replaced
    if (!file.open())
        return fail(tr("could not write %1: %2").arg(path, file.errorString()));
    const bool ok = *format == Format::Png ? writePng(kind, file.device(), o) : writeSvg(kind, file.device(), o);
    if (!ok) {
        file.cancel();
        mError = tr("could not write %1: %2").arg(path, mError);
        return false;
    }
    if (!file.commit())
        return fail(tr("could not write %1: %2").arg(path, file.errorString()));
    return true;
}

} // namespace ffui

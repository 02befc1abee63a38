#pragma once
// Renders a chart offscreen from a forecast Result and writes it as PNG or SVG to any QIODevice or
// file. One paint routine serves every format, the clipboard and the command line.
#include <QImage>
#include <QRectF>
#include <QSize>
#include <QString>

#include <optional>

#include "chartfactory.h"
#include "report/report.h"

QT_BEGIN_NAMESPACE
class QIODevice;
class QPainter;
QT_END_NAMESPACE

namespace ffui {

struct ExportOptions {
    QSize size{1920, 1080}; // logical size: the SVG's size and view box; the PNG has size * scale pixels
    qreal scale = 1;        // 1, 2, 3: pixel density of the PNG
    bool caption = true;    // a line under the chart with the scenario and its key assumptions
    bool dark = false;      // light text on a dark background (exports are light unless asked)

    static constexpr int kMinSide = 200;
    static constexpr int kMaxSide = 8192;
    static constexpr qreal kMaxScale = 4;
    // Empty when the options can be rendered; otherwise what is wrong.
    QString validate() const;
};

class ChartExporter {
public:
    enum class Format { Png, Svg };

    // `extras` feeds the charts that need more than the Result (see ChartFactory::needs); it is copied.
    ChartExporter(const ff::Engine &engine, const ff::Result &result, ff::ReportExtras extras = {});

    // size * scale pixels with a device pixel ratio of `scale`: the chart is laid out at the logical
    // size and drawn at the full resolution (crisp text and lines at 2x and 3x).
    QImage render(ChartKind kind, const ExportOptions &options) const;
    bool writePng(ChartKind kind, QIODevice *device, const ExportOptions &options);
    bool writeSvg(ChartKind kind, QIODevice *device, const ExportOptions &options);
    // Writes atomically (QSaveFile): an error leaves any old file as it was. The suffix picks the format.
    bool exportToFile(ChartKind kind, const QString &path, const ExportOptions &options);
    QString errorString() const { return mError; }

    static std::optional<Format> formatForPath(const QString &path);
    // "Frontier Forecast: <scenario> | target ... | budget ... | <changed assumptions>"
    // `precision` (the Monte Carlo's task range, when known) applies the one date format rule to the answer.
    static QString captionText(const ff::Engine &engine, const ff::Result &r, const ff::Result *pinned = nullptr,
                               const ff::Distribution *precision = nullptr);
    // Where the figures come from and when: "Frontier Forecast 1.2.3 | data as of 2026-04 | evidence
    // to 2026-02 | data: <dir>", under the caption of every chart export and on every deck page.
    static QString sourceLine(const ff::Engine &engine, const ff::Result &r);
    // Overlays a pinned scenario (compare) on the charts that show it; the caption says both answers.
    void setPinned(const ff::Result *pinned) { mPinned = pinned; }

    // The one paint routine, on any painter (the deck draws charts into its PDF pages with it).
    // Returns the plot area (where the series are clipped) in the page's logical coordinates.
    QRectF paint(QPainter &painter, ChartKind kind, const ExportOptions &options) const;

private:
    bool fail(const QString &message);

    const ff::Engine &mEngine;
    const ff::Result &mResult;
    ff::ReportExtras mExtras;
    const ff::Result *mPinned = nullptr;
    QString mError;
};

} // namespace ffui

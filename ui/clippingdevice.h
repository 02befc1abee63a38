#pragma once
// A paint device that applies the painter's clip to the geometry itself and hands what is left to a
// painter on another device. Qt 6.4's QSvgGenerator writes no clip paths (clipping came with its
// SVG 1.1 mode in Qt 6.5), so a chart series that runs past its plot area (the fan band, a line past
// the last year) ran to the image edge in every other SVG renderer. Painting the chart through this
// device cuts those primitives at the clip before they reach the SVG: strokes stay strokes (the
// polylines are cut at the clip rectangle), fills are intersected with the clip, text and images
// wholly outside the clip are left out.
#include <QPaintDevice>
#include <QPaintEngine>
#include <QPainterPath>
#include <QTransform>

#include <memory>

QT_BEGIN_NAMESPACE
class QPainter;
QT_END_NAMESPACE

namespace ffui {

class ClippingEngine;

class ClippingDevice : public QPaintDevice {
public:
    // `out` is active on the target (e.g. a QSvgGenerator) and outlives this device; the target's
    // metrics (size, resolution) are this device's.
    explicit ClippingDevice(QPainter *out);
    ~ClippingDevice() override;
    QPaintEngine *paintEngine() const override;

protected:
    int metric(PaintDeviceMetric metric) const override;

private:
    QPainter *mOut;
    std::unique_ptr<ClippingEngine> mEngine;
};

class ClippingEngine : public QPaintEngine {
public:
    explicit ClippingEngine(QPainter *out);
    bool begin(QPaintDevice *) override { return true; }
    bool end() override { return true; }
    Type type() const override { return QPaintEngine::User; }
    void updateState(const QPaintEngineState &state) override;
    void drawPath(const QPainterPath &path) override;
    void drawPolygon(const QPointF *points, int pointCount, PolygonDrawMode mode) override;
    void drawPoints(const QPointF *points, int pointCount) override;
    void drawPixmap(const QRectF &r, const QPixmap &pm, const QRectF &sr) override;
    void drawImage(const QRectF &r, const QImage &image, const QRectF &sr, Qt::ImageConversionFlags flags) override;
    void drawTextItem(const QPointF &p, const QTextItem &textItem) override;

    // The polylines of `path` (curves flattened) cut at `rect`: the parts inside, as open subpaths.
    static QPainterPath clipStroke(const QPainterPath &path, const QRectF &rect);

private:
    // The clip in the current logical coordinates; false when nothing is clipped.
    bool logicalClip(QPainterPath *clip) const;
    void drawClipped(const QPainterPath &path, bool fill);

    QPainter *mOut;
    bool mClipped = false;
    QPainterPath mDeviceClip; // the clip in device coordinates (the painter's clip under its transform)
    QTransform mTransform;
};

} // namespace ffui

#include "clippingdevice.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <QPixmap>
#include <QPolygonF>
#include <QTextItem>

#include <vector>

namespace ffui {

namespace {

// What the SVG engine claims (qsvggenerator.cpp), so QPainter hands this engine what it handed that one.
QPaintEngine::PaintEngineFeatures svgLikeFeatures()
{
    return QPaintEngine::PaintEngineFeatures(QPaintEngine::AllFeatures & ~QPaintEngine::PatternBrush &
                                             ~QPaintEngine::PerspectiveTransform & ~QPaintEngine::ConicalGradientFill &
                                             ~QPaintEngine::PorterDuff);
}

// Liang-Barsky: the part of the segment a-b inside `r`; false when none is.
bool clipSegment(QPointF a, QPointF b, const QRectF &r, QPointF *outA, QPointF *outB, bool *startsInside, bool *endsInside)
{
    const qreal dx = b.x() - a.x(), dy = b.y() - a.y();
    qreal t0 = 0, t1 = 1;
    const qreal p[4] = {-dx, dx, -dy, dy};
    const qreal q[4] = {a.x() - r.left(), r.right() - a.x(), a.y() - r.top(), r.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false; // parallel to this edge and outside it
            continue;
        }
        const qreal t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    *startsInside = t0 == 0;
    *endsInside = t1 == 1;
    *outA = *startsInside ? a : QPointF(a.x() + t0 * dx, a.y() + t0 * dy);
    *outB = *endsInside ? b : QPointF(a.x() + t1 * dx, a.y() + t1 * dy);
    return true;
}

} // namespace

ClippingDevice::ClippingDevice(QPainter *out) : mOut(out), mEngine(std::make_unique<ClippingEngine>(out)) {}

ClippingDevice::~ClippingDevice() = default;

QPaintEngine *ClippingDevice::paintEngine() const { return mEngine.get(); }

int ClippingDevice::metric(PaintDeviceMetric m) const
{
    const QPaintDevice *d = mOut->device();
    switch (m) {
    case PdmWidth: return d->width();
    case PdmHeight: return d->height();
    case PdmWidthMM: return d->widthMM();
    case PdmHeightMM: return d->heightMM();
    case PdmNumColors: return d->colorCount();
    case PdmDepth: return d->depth();
    case PdmDpiX: return d->logicalDpiX();
    case PdmDpiY: return d->logicalDpiY();
    case PdmPhysicalDpiX: return d->physicalDpiX();
    case PdmPhysicalDpiY: return d->physicalDpiY();
    case PdmDevicePixelRatio: return qRound(d->devicePixelRatio());
    case PdmDevicePixelRatioScaled: return qRound(d->devicePixelRatio() * devicePixelRatioFScale());
    }
    return QPaintDevice::metric(m);
}

ClippingEngine::ClippingEngine(QPainter *out) : QPaintEngine(svgLikeFeatures()), mOut(out) {}

void ClippingEngine::updateState(const QPaintEngineState &s)
{
    const DirtyFlags f = s.state();
    if (f & DirtyPen)
        mOut->setPen(s.pen());
    if (f & DirtyBrush)
        mOut->setBrush(s.brush());
    if (f & DirtyBrushOrigin)
        mOut->setBrushOrigin(s.brushOrigin());
    if (f & DirtyFont)
        mOut->setFont(s.font());
    if (f & DirtyBackground)
        mOut->setBackground(s.backgroundBrush());
    if (f & DirtyBackgroundMode)
        mOut->setBackgroundMode(s.backgroundMode());
    if (f & DirtyTransform) {
        mTransform = s.transform();
        mOut->setTransform(mTransform);
    }
    if (f & DirtyHints) {
        mOut->setRenderHints(mOut->renderHints(), false);
        mOut->setRenderHints(s.renderHints(), true);
    }
    if (f & DirtyCompositionMode)
        mOut->setCompositionMode(s.compositionMode());
    if (f & DirtyOpacity)
        mOut->setOpacity(s.opacity());
    if (f & (DirtyClipPath | DirtyClipRegion | DirtyClipEnabled)) {
        // The painter keeps the clip however it was set (rectangle, region, path, combined); asked
        // for it as a path in today's coordinates, mapped to the device so a later transform does not move it.
        const QPainter *p = painter();
        mClipped = p && p->hasClipping();
        mDeviceClip = mClipped ? p->combinedTransform().map(p->clipPath()) : QPainterPath();
    }
}

bool ClippingEngine::logicalClip(QPainterPath *clip) const
{
    if (!mClipped)
        return false;
    bool invertible = false;
    const QTransform inverse = mTransform.inverted(&invertible);
    *clip = invertible ? inverse.map(mDeviceClip) : QPainterPath();
    return true;
}

QPainterPath ClippingEngine::clipStroke(const QPainterPath &path, const QRectF &rect)
{
    QPainterPath out;
    for (const QPolygonF &poly : path.toSubpathPolygons()) {
        bool open = false; // the last segment ended inside: the next one that starts inside goes on from it
        for (int i = 1; i < poly.size(); ++i) {
            QPointF a, b;
            bool startsInside = false, endsInside = false;
            if (!clipSegment(poly[i - 1], poly[i], rect, &a, &b, &startsInside, &endsInside)) {
                open = false;
                continue;
            }
            if (!open || !startsInside)
                out.moveTo(a);
            out.lineTo(b);
            open = endsInside;
        }
    }
    return out;
}

void ClippingEngine::drawClipped(const QPainterPath &path, bool fill)
{
    QPainterPath clip;
    const bool clipped = logicalClip(&clip);
    if (!clipped || clip.contains(path.controlPointRect())) {
        if (fill) {
            mOut->drawPath(path);
        } else {
            mOut->save();
            mOut->setBrush(Qt::NoBrush);
            mOut->drawPath(path);
            mOut->restore();
        }
        return;
    }
    if (clip.isEmpty())
        return;
    const QPen pen = mOut->pen();
    mOut->save();
    if (fill && mOut->brush().style() != Qt::NoBrush) {
        mOut->setPen(Qt::NoPen);
        mOut->drawPath(path.intersected(clip));
    }
    if (pen.style() != Qt::NoPen) {
        mOut->setPen(pen);
        // A rectangle (what a chart clips to) keeps the stroke a stroke: the polyline is cut at its
        // edges. Any other clip: the stroke's outline, intersected, filled with the pen's brush.
        const QRectF box = clip.boundingRect();
        QPainterPath boxPath;
        boxPath.addRect(box);
        if (boxPath.subtracted(clip).boundingRect().isEmpty()) {
            mOut->setBrush(Qt::NoBrush);
            mOut->drawPath(clipStroke(path, box));
        } else {
            QPainterPathStroker stroker(pen);
            mOut->setPen(Qt::NoPen);
            mOut->setBrush(pen.brush());
            mOut->drawPath(stroker.createStroke(path).intersected(clip));
        }
    }
    mOut->restore();
}

void ClippingEngine::drawPath(const QPainterPath &path) { drawClipped(path, true); }

void ClippingEngine::drawPolygon(const QPointF *points, int pointCount, PolygonDrawMode mode)
{
    if (pointCount <= 0)
        return;
    QPainterPath path;
    path.moveTo(points[0]);
    for (int i = 1; i < pointCount; ++i)
        path.lineTo(points[i]);
    QPainterPath clip;
    if (!logicalClip(&clip) || clip.contains(path.controlPointRect())) {
        // Unclipped: the SVG gets the polyline or polygon element it always got.
        if (mode == PolylineMode)
            mOut->drawPolyline(points, pointCount);
        else
            mOut->drawPolygon(points, pointCount, mode == WindingMode ? Qt::WindingFill : Qt::OddEvenFill);
        return;
    }
    if (mode != PolylineMode) {
        path.closeSubpath();
        path.setFillRule(mode == WindingMode ? Qt::WindingFill : Qt::OddEvenFill);
    }
    drawClipped(path, mode != PolylineMode);
}

void ClippingEngine::drawPoints(const QPointF *points, int pointCount)
{
    QPainterPath clip;
    if (!logicalClip(&clip)) {
        mOut->drawPoints(points, pointCount);
        return;
    }
    std::vector<QPointF> inside;
    for (int i = 0; i < pointCount; ++i)
        if (clip.contains(points[i]))
            inside.push_back(points[i]);
    if (!inside.empty())
        mOut->drawPoints(inside.data(), static_cast<int>(inside.size()));
}

void ClippingEngine::drawPixmap(const QRectF &r, const QPixmap &pm, const QRectF &sr)
{
    QPainterPath clip;
    if (logicalClip(&clip) && !clip.intersects(r))
        return;
    mOut->drawPixmap(r, pm, sr);
}

void ClippingEngine::drawImage(const QRectF &r, const QImage &image, const QRectF &sr, Qt::ImageConversionFlags flags)
{
    QPainterPath clip;
    if (logicalClip(&clip) && !clip.intersects(r))
        return;
    mOut->drawImage(r, image, sr, flags);
}

void ClippingEngine::drawTextItem(const QPointF &p, const QTextItem &textItem)
{
    QPainterPath clip;
    if (logicalClip(&clip)) {
        const QRectF box = QFontMetricsF(textItem.font()).boundingRect(textItem.text()).translated(p);
        if (!clip.intersects(box))
            return;
    }
    mOut->drawTextItem(p, textItem);
}

} // namespace ffui

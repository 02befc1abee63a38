#pragma once
// A chart in the window: the legend under the plot in as many rows as it needs (as the exports
// draw it), the title and axis titles fitted to the space, tick labels that never run together,
// and scatter points named on hover.
#include <QChartView>
#include <QFont>
#include <QList>
#include <QRectF>

#include "chartfit.h"

namespace ffui {

class ChartView : public QChartView {
    Q_OBJECT
public:
    explicit ChartView(QChart *chart, QWidget *parent = nullptr);
    // Call after the chart's series, titles or fonts may have changed.
    void chartUpdated();
    // The legend as drawn (view coordinates): its entries, their boxes and font (tests measure them).
    const QList<LegendEntry> &legendEntries() const { return mEntries; }
    QList<QRectF> legendBoxes() const;
    QRectF legendRect() const { return mLegendRect; }
    QFont legendFont() const { return mLegendFont; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    void refit();
    void cacheStillParts();
    void pointHovered(const QPointF &point, bool state);

    QList<LegendEntry> mEntries;
    QRectF mLegendRect;
    QFont mLegendFont;
    bool mFitting = false;
};

} // namespace ffui

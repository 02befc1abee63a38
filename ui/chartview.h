#pragma once
// A chart in the window: the legend under the plot in as many rows as it needs (as the exports
// draw it), the title and axis titles fitted to the space, tick labels that never run together,
// and scatter points named on hover.
#include <QChartView>
#include <QFont>
#include <QList>
#include <QRectF>

#include <functional>

#include "chartfit.h"

namespace ffui {

class ChartView : public QChartView {
    Q_OBJECT
public:
    explicit ChartView(QChart *chart, QWidget *parent = nullptr);
    // A view whose chart is made the first time it is needed: shown, asked for with chart(), or
    // build() called (the window builds its hidden charts after its first paint, issue 30 item 6).
    using Builder = std::function<QChart *()>;
    explicit ChartView(Builder builder, QWidget *parent = nullptr);
    // The chart, made first if it was still waiting (hides QChartView::chart, which would give the
    // empty stand-in).
    QChart *chart() const;
    bool isBuilt() const { return !mBuilder; }
    void build();
    // Call after the chart's series, titles or fonts may have changed.
    void chartUpdated();
    // The legend as drawn (view coordinates): its entries, their boxes and font (tests measure them).
    const QList<LegendEntry> &legendEntries() const { return mEntries; }
    QList<QRectF> legendBoxes() const;
    QRectF legendRect() const { return mLegendRect; }
    QFont legendFont() const { return mLegendFont; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

signals:
    // Once, at the end of the view's first paint.
    void firstPainted();

private:
    void refit();
    void cacheStillParts();
    void pointHovered(const QPointF &point, bool state);

    QList<LegendEntry> mEntries;
    QRectF mLegendRect;
    QFont mLegendFont;
    bool mFitting = false;
    bool mPainted = false;
    Builder mBuilder;
};

} // namespace ffui

#include "chartview.h"

#include <QCursor>
#include <QScatterSeries>
#include <QToolTip>

#include "chartfactory.h"

namespace ffui {

ChartView::ChartView(QChart *chart, QWidget *parent) : QChartView(chart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    // A chart changes as a whole (new series, axes, fonts when presenting): repaint all of it, so no
    // piece of an earlier layout is left on screen after a resize or a restyle.
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    setMinimumSize(400, 260);
    chartUpdated();
}

void ChartView::chartUpdated()
{
    for (QAbstractSeries *s : chart()->series())
        if (auto *scatter = qobject_cast<QScatterSeries *>(s))
            connect(scatter, &QScatterSeries::hovered, this, &ChartView::pointHovered, Qt::UniqueConnection);
    ChartFactory::fitLegend(chart(), width());
}

void ChartView::resizeEvent(QResizeEvent *event)
{
    ChartFactory::fitLegend(chart(), event->size().width());
    QChartView::resizeEvent(event);
}

void ChartView::pointHovered(const QPointF &point, bool state)
{
    auto *series = qobject_cast<QXYSeries *>(sender());
    if (!series || !state) {
        QToolTip::hideText();
        return;
    }
    const QStringList names = series->property(ChartFactory::kPointNamesProperty).toStringList();
    const QList<QPointF> pts = series->points();
    for (qsizetype i = 0; i < pts.size() && i < names.size(); ++i)
        if (pts[i] == point) {
            QToolTip::showText(QCursor::pos(), names[i], this);
            return;
        }
}

} // namespace ffui

#pragma once
// A chart in the window: keeps the legend fitting the width and names scatter points on hover.
#include <QChartView>

namespace ffui {

class ChartView : public QChartView {
    Q_OBJECT
public:
    explicit ChartView(QChart *chart, QWidget *parent = nullptr);
    // Call after the chart's series may have been replaced.
    void chartUpdated();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void pointHovered(const QPointF &point, bool state);
};

} // namespace ffui

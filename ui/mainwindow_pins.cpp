// MainWindow's pin for comparison (Edit > Pin for Comparison): pinning the current scenario,
// unpinning, and redrawing the charts and tables when the pin changes.
#include "mainwindow.h"

#include <QStatusBar>

#include "chartview.h"
#include "forecastsession.h"
#include "qtstrings.h"
#include "scenariodocument.h"
#include "windowactions.h"

namespace ffui {

void MainWindow::pinCurrent()
{
    ff::Scenario s = mSession->document()->scenario();
    s.name = mSession->document()->label().toStdString(); // the pin keeps the name of what it was
    if (s.name.empty())
        s.name = tr("Pinned").toStdString();
    mSession->document()->setPinned(s);
    statusBar()->showMessage(tr("Pinned \u201c%1\u201d: keep exploring, the charts and tables compare with it").arg(qs(s.name)), 5000);
}

void MainWindow::unpin()
{
    mSession->document()->setPinned(std::nullopt);
    statusBar()->showMessage(tr("Comparison removed"), 3000);
}

void MainWindow::pinnedChanged(const QString &error)
{
    if (!error.isEmpty())
        showMessage(QMessageBox::Warning, tr("Compare"), tr("The pinned scenario could not be computed:\n%1").arg(error));
    mActions->setPinned(hasPin());
    // The charts change shape (the pinned series come and go): rebuild them all.
    for (ChartView *view : std::as_const(mChartViews))
        if (view->isBuilt()) // one made later draws the pin as it is made
            ChartFactory::setStyle(view->chart(), ChartFactory::style(view->chart()));
    updateCharts(true);
    for (auto it = mTableModels.cbegin(); it != mTableModels.cend(); ++it)
        if (ForecastTables::needs(static_cast<TableKind>(it.key())) != Extra::None)
            it.value()->setForecast(static_cast<TableKind>(it.key()), result(), extras());
}

} // namespace ffui

#include "presenter.h"

#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>

#include <algorithm>

#include "headlinecards.h"
#include "whatifstrip.h"

namespace ffui {

namespace {
void setTableFontScale(QTabWidget *tables, qreal scale)
{
    QFont f = QApplication::font();
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * scale);
    for (int i = 0; i < tables->count(); ++i)
        if (auto *view = qobject_cast<QTableView *>(tables->widget(i))) {
            view->setFont(f);
            view->horizontalHeader()->setFont(f);
            view->resizeColumnsToContents();
            view->resizeRowsToContents();
        }
}
} // namespace

Presenter::Presenter(const Parts &parts, QObject *parent) : QObject(parent), mParts(parts) {}

int Presenter::slideCount() const { return mParts.charts->count() + mParts.tables->count(); }

QWidget *Presenter::slideWidget(int index) const
{
    if (index < 0 || index >= slideCount())
        return nullptr;
    return index < mParts.charts->count() ? mParts.charts->widget(index) : mParts.tables->widget(index - mParts.charts->count());
}

QString Presenter::slideTitle(int index) const
{
    if (index < 0 || index >= slideCount())
        return {};
    return index < mParts.charts->count() ? mParts.charts->tabText(index).remove(QLatin1Char('&'))
                                          : mParts.tables->tabText(index - mParts.charts->count()).remove(QLatin1Char('&'));
}

void Presenter::setActive(bool active)
{
    if (active == mActive)
        return;
    QMainWindow *w = mParts.window;
    if (active) {
        mWasFullScreen = w->isFullScreen();
        mWasMaximized = w->isMaximized();
        mGeometry = w->saveGeometry();
        mDockWasVisible = mParts.assumptions && mParts.assumptions->isVisible();
        mMenuWasVisible = w->menuBar()->isVisible();
        mStatusWasVisible = w->statusBar()->isVisible();
        // Start on what the presenter was looking at.
        mSlide = mParts.charts->isVisible() || !mParts.tables->isVisible() ? mParts.charts->currentIndex()
                                                                          : mParts.charts->count() + mParts.tables->currentIndex();
        mActive = true;
        if (mParts.assumptions)
            mParts.assumptions->hide();
        w->menuBar()->hide();
        w->statusBar()->hide();
        mParts.charts->tabBar()->hide();
        mParts.tables->tabBar()->hide();
        mParts.cards->setScale(kFontScale);
        mParts.strip->setScale(kFontScale);
        mParts.strip->show();
        setTableFontScale(mParts.tables, kFontScale);
        w->showFullScreen();
        showSlide();
    } else {
        mActive = false;
        mParts.strip->hide();
        mParts.charts->tabBar()->show();
        mParts.tables->tabBar()->show();
        mParts.charts->show();
        mParts.tables->show();
        mParts.cards->setScale(1);
        setTableFontScale(mParts.tables, 1);
        w->menuBar()->setVisible(mMenuWasVisible);
        w->statusBar()->setVisible(mStatusWasVisible);
        if (mParts.assumptions)
            mParts.assumptions->setVisible(mDockWasVisible);
        if (!mWasFullScreen) {
            if (mWasMaximized)
                w->showMaximized();
            else
                w->showNormal();
            w->restoreGeometry(mGeometry);
        }
    }
    emit activeChanged(mActive);
}

void Presenter::setSlide(int index)
{
    const int n = slideCount();
    if (n == 0)
        return;
    index = std::clamp(index, 0, n - 1);
    if (index == mSlide && (!mActive || slideWidget(index)->isVisible()))
        return;
    mSlide = index;
    if (mActive)
        showSlide();
    emit slideChanged(mSlide);
}

void Presenter::showSlide()
{
    const int charts = mParts.charts->count();
    const bool chart = mSlide < charts;
    if (chart)
        mParts.charts->setCurrentIndex(mSlide);
    else
        mParts.tables->setCurrentIndex(mSlide - charts);
    mParts.charts->setVisible(chart);
    mParts.tables->setVisible(!chart);
    mParts.strip->setPageText(tr("%1 (%2 of %3)  \u2190 \u2192 page, Esc leaves").arg(slideTitle(mSlide)).arg(mSlide + 1).arg(slideCount()));
}

} // namespace ffui

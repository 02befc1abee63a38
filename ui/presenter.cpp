#include "presenter.h"

#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QScreen>
#include <QSplitter>
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

qreal Presenter::fontScaleFor(const QSize &screen)
{
    const qreal k = std::min(screen.width() / 1280.0, screen.height() / 720.0);
    return std::clamp(1.45 * k, 1.45, 2.9);
}

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
        if (auto *splitter = qobject_cast<QSplitter *>(mParts.tables->parentWidget()))
            mSplitterState = splitter->saveState();
        if (mParts.assumptions)
            mParts.assumptions->hide();
        w->menuBar()->hide();
        w->statusBar()->hide();
        mParts.charts->tabBar()->hide();
        mParts.tables->tabBar()->hide();
        const QScreen *screen = w->screen();
        mScale = fontScaleFor(screen ? screen->size() : QSize(1280, 720));
        mParts.cards->setScale(mScale);
        mParts.strip->setScale(mScale);
        mParts.strip->show();
        if (mParts.header) {
            QFont f = QApplication::font();
            const qreal pt = f.pointSizeF() > 0 ? f.pointSizeF() : 10;
            f.setPointSizeF(pt * mScale * 1.15);
            f.setBold(true);
            mParts.title->setFont(f);
            f.setBold(false);
            f.setPointSizeF(pt * mScale * 0.8);
            mParts.page->setFont(f);
            mParts.header->show();
        }
        setTableFontScale(mParts.tables, mScale);
        w->showFullScreen();
        showSlide();
    } else {
        mActive = false;
        mParts.strip->hide();
        if (mParts.header)
            mParts.header->hide();
        mParts.charts->tabBar()->show();
        mParts.tables->tabBar()->show();
        mParts.charts->show();
        mParts.tables->show();
        if (auto *splitter = qobject_cast<QSplitter *>(mParts.tables->parentWidget()))
            splitter->restoreState(mSplitterState);
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
    // The page shown takes the whole height (a table page is not the strip it is while exploring).
    if (auto *splitter = qobject_cast<QSplitter *>(mParts.tables->parentWidget())) {
        const int total = std::max(1, splitter->height());
        splitter->setSizes(chart ? QList<int>{total, 0} : QList<int>{0, total});
    }
    const QString page = tr("%1 of %2  \u2190 \u2192 page, Esc leaves").arg(mSlide + 1).arg(slideCount());
    mParts.strip->setPageText(tr("%1 (%2)").arg(slideTitle(mSlide), page));
    if (mParts.header) {
        mParts.title->setText(slideTitle(mSlide));
        mParts.page->setText(page);
    }
    if (!chart)
        if (auto *view = qobject_cast<QTableView *>(mParts.tables->currentWidget())) {
            view->resizeColumnsToContents();
            view->resizeRowsToContents();
        }
}

} // namespace ffui

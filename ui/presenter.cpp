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
#include <QLayout>
#include <QScrollBar>
#include <QStyle>

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
        mParts.strip->show();
        if (mParts.header)
            mParts.header->show();
        applyScale();
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
        // Every column back, rows one line high.
        for (int i = 0; i < mParts.tables->count(); ++i)
            if (auto *view = qobject_cast<QTableView *>(mParts.tables->widget(i))) {
                for (int c = 0; c < view->model()->columnCount(); ++c)
                    view->setColumnHidden(c, false);
                view->setWordWrap(false);
                view->resizeColumnsToContents();
                view->resizeRowsToContents();
            }
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

void Presenter::applyScale()
{
    mParts.cards->setScale(mScale);
    mParts.strip->setScale(mScale);
    if (mParts.header) {
        QFont f = QApplication::font();
        const qreal pt = f.pointSizeF() > 0 ? f.pointSizeF() : 10;
        f.setPointSizeF(pt * mScale * 1.15);
        f.setBold(true);
        mParts.title->setFont(f);
        f.setBold(false);
        f.setPointSizeF(pt * mScale * 0.8);
        mParts.page->setFont(f);
    }
    setTableFontScale(mParts.tables, mScale * 1.2); // a table page shows its few decisive columns large
}

void Presenter::setFontScale(qreal scale)
{
    if (!mActive || scale == mScale)
        return;
    mScale = scale;
    applyScale();
    showSlide();
    emit fontScaleChanged();
}

bool Presenter::isDecisiveColumn(const QString &header, int column)
{
    // The row's name, then what decides: verdicts, parity dates, the comparison, the box and the
    // numbers a verdict rests on. The rest stays one key (A) away.
    if (column == 0)
        return true;
    static const char *const words[] = {"verdict", "parity", "pinned", "difference", "box", "quality", "speed", "lag",
                                        "claimed", "computed", "predicted", "actual", "error"};
    for (const char *w : words)
        if (header.contains(QLatin1String(w), Qt::CaseInsensitive))
            return true;
    return false;
}

void Presenter::setAllColumns(bool all)
{
    mAllColumns = all;
    if (mActive)
        showSlide();
}

void Presenter::fitTable(QTableView *view) const
{
    // The columns shown, as wide as their text; when they are wider than the page together, the
    // widest ones give way and their cells wrap (rows grow), so nothing is off to the side.
    QAbstractItemModel *model = view->model();
    // Compared with a pin, the decisive columns are fewer: the row's name, its verdict or parity, the
    // pinned one and the difference (the changed cells are tinted; A shows them all).
    bool comparing = false;
    for (int c = 0; c < model->columnCount(); ++c)
        comparing = comparing || model->headerData(c, Qt::Horizontal).toString() == QLatin1String("Difference");
    static const char *const compareWords[] = {"verdict", "task-level parity", "pinned", "difference", "best local option"};
    const auto decisive = [&](const QString &header, int c) {
        if (!comparing)
            return isDecisiveColumn(header, c);
        if (c == 0)
            return true;
        for (const char *w : compareWords)
            if (header.contains(QLatin1String(w), Qt::CaseInsensitive))
                return true;
        return false;
    };
    for (int c = 0; c < model->columnCount(); ++c)
        view->setColumnHidden(c, !mAllColumns && !decisive(model->headerData(c, Qt::Horizontal).toString(), c));
    view->setWordWrap(true);
    view->horizontalHeader()->setStretchLastSection(false);
    view->resizeColumnsToContents();
    // Room for a vertical scroll bar (wrapped rows may need one) whether or not one shows yet.
    const int bar = view->verticalScrollBar()->isVisible() ? 0 : view->style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, view);
    const int avail = view->viewport()->width() - bar - 2;
    QList<int> shown;
    int total = 0;
    for (int c = 0; c < model->columnCount(); ++c)
        if (!view->isColumnHidden(c)) {
            shown << c;
            total += view->columnWidth(c);
        }
    const QFontMetrics hfm(view->horizontalHeader()->font());
    const int pad = 12;
    for (int guard = 0; total > avail && guard < 100; ++guard) {
        int widest = -1;
        for (int c : shown)
            if (widest < 0 || view->columnWidth(c) > view->columnWidth(widest))
                widest = c;
        // Never narrower than its header's longest word or a fifth of the page.
        int least = avail / 5;
        for (const QString &word : model->headerData(widest, Qt::Horizontal).toString().split(QLatin1Char(' ')))
            least = std::max(least, hfm.horizontalAdvance(word) + pad);
        const int w = std::max(least, view->columnWidth(widest) - (total - avail));
        if (w >= view->columnWidth(widest))
            break;
        total -= view->columnWidth(widest) - w;
        view->setColumnWidth(widest, w);
    }
    view->horizontalHeader()->setStretchLastSection(true);
    view->resizeRowsToContents();
    view->horizontalScrollBar()->setValue(0);
}

void Presenter::typeDigit(int digit)
{
    const bool continues = mTyped > 0 && mTypedClock.isValid() && mTypedClock.elapsed() < 1000 && mTyped * 10 + digit <= slideCount();
    mTyped = continues ? mTyped * 10 + digit : digit;
    mTypedClock.start();
    if (mTyped >= 1)
        setSlide(mTyped - 1);
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
    const QString page = chart ? tr("%1 of %2  \u2190 \u2192 Home End page, Esc leaves").arg(mSlide + 1).arg(slideCount())
                               : tr("%1 of %2  \u2190 \u2192 Home End page, A %3 columns, Esc leaves")
                                     .arg(mSlide + 1)
                                     .arg(slideCount())
                                     .arg(mAllColumns ? tr("fewer") : tr("all"));
    mParts.strip->setPageText(tr("%1 (%2)").arg(slideTitle(mSlide), page));
    if (mParts.header) {
        mParts.title->setText(slideTitle(mSlide));
        mParts.page->setText(page);
    }
    if (!chart)
        if (auto *view = qobject_cast<QTableView *>(mParts.tables->currentWidget())) {
            // The page has its final size before the columns are fitted to it.
            if (QLayout *l = mParts.window->centralWidget()->layout())
                l->activate();
            fitTable(view);
        }
}

} // namespace ffui

// MainWindow's panels: the central widget (the recovery bar, the presentation's slide header and
// takeaway, the headline cards, the chart and table tabs, the what-if strip) and the assumptions dock.
#include "mainwindow.h"

#include <QDockWidget>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

#include "assumptionpanel.h"
#include "celldelegate.h"
#include "chartview.h"
#include "solver/forecastable.h"
#include "forecastsession.h"
#include "headlinecards.h"
#include "headlinetext.h"
#include "preferences.h"
#include "presenter.h"
#include "qtstrings.h"
#include "scenariodocument.h"
#include "slidetakeaway.h"
#include "whatifstrip.h"
#include "windowactions.h"

namespace ffui {

namespace {

// A wrapped label whose height the window sets from its text and width (MainWindow::fitTakeaway)
// rather than by the layouts' height-for-width.
class TakeawayLabel : public QLabel {
public:
    using QLabel::QLabel;
    bool hasHeightForWidth() const override { return false; }
    QSize sizeHint() const override { return {100, minimumHeight()}; }
    QSize minimumSizeHint() const override { return {0, minimumHeight()}; }
};

} // namespace

void MainWindow::createCentralWidget()
{
    auto *central = new QWidget(this);
    central->setObjectName(QStringLiteral("central"));
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->addWidget(createRecoveryBar(central));
    layout->addWidget(createSlideHeader(central));

    mCards = new HeadlineCards(central);
    mCards->setObjectName(QStringLiteral("headlineCards"));
    layout->addWidget(mCards);

    mSplitter = new QSplitter(Qt::Vertical, central);
    mSplitter->setObjectName(QStringLiteral("mainSplitter"));
    mSplitter->setChildrenCollapsible(false);
    createChartTabs();
    createTableTabs();
    mSplitter->setStretchFactor(0, 3);
    mSplitter->setStretchFactor(1, 1);
    layout->addWidget(mSplitter, 1);

    layout->addWidget(createWhatIfStrip(central));
    setCentralWidget(central);
    // The claims audit is known from the start; the back-test arrives from the worker.
    tableModel(TableKind::Claims)->setTable(ForecastTables::table(TableKind::Claims, result(), extras()));
}

QFrame *MainWindow::createRecoveryBar(QWidget *central)
{
    // Offered at start when an autosaved what-if is found; it never blocks.
    mRecoveryBar = new QFrame(central);
    mRecoveryBar->setObjectName(QStringLiteral("recoveryBar"));
    mRecoveryBar->setFrameShape(QFrame::StyledPanel);
    mRecoveryBar->setAutoFillBackground(true);
    mRecoveryBar->setBackgroundRole(QPalette::ToolTipBase);
    auto *bar = new QHBoxLayout(mRecoveryBar);
    bar->setContentsMargins(10, 4, 10, 4);
    mRecoveryLabel = new QLabel(mRecoveryBar);
    mRecoveryLabel->setObjectName(QStringLiteral("recoveryLabel"));
    mRecoveryLabel->setForegroundRole(QPalette::ToolTipText);
    mRecoveryLabel->setWordWrap(true);
    auto *restore = new QPushButton(tr("&Restore"), mRecoveryBar);
    restore->setObjectName(QStringLiteral("recoveryRestoreButton"));
    restore->setAccessibleName(tr("Restore the unsaved changes"));
    auto *discard = new QPushButton(tr("D&iscard"), mRecoveryBar);
    discard->setObjectName(QStringLiteral("recoveryDiscardButton"));
    discard->setAccessibleName(tr("Discard the unsaved changes"));
    bar->addWidget(mRecoveryLabel, 1);
    bar->addWidget(restore);
    bar->addWidget(discard);
    connect(restore, &QPushButton::clicked, this, &MainWindow::restoreAutosave);
    connect(discard, &QPushButton::clicked, this, &MainWindow::discardAutosave);
    mRecoveryBar->hide();
    return mRecoveryBar;
}

QWidget *MainWindow::createSlideHeader(QWidget *central)
{
    // Presentation: the slide's title and page, then the takeaway sentence (hidden while exploring).
    mSlideHeader = new QWidget(central);
    mSlideHeader->setObjectName(QStringLiteral("slideHeader"));
    auto *headerLayout = new QVBoxLayout(mSlideHeader);
    headerLayout->setContentsMargins(2, 0, 2, 2);
    headerLayout->setSpacing(0);
    auto *titleRow = new QHBoxLayout;
    mSlideTitle = new QLabel(mSlideHeader);
    mSlideTitle->setObjectName(QStringLiteral("slideTitle"));
    mSlidePage = new QLabel(mSlideHeader);
    mSlidePage->setObjectName(QStringLiteral("slidePage"));
    mSlidePage->setForegroundRole(QPalette::PlaceholderText);
    titleRow->addWidget(mSlideTitle, 1);
    titleRow->addWidget(mSlidePage);
    headerLayout->addLayout(titleRow);
    mTakeaway = new TakeawayLabel(mSlideHeader);
    mTakeaway->setObjectName(QStringLiteral("takeaway"));
    mTakeaway->setAccessibleName(tr("Takeaway"));
    mTakeaway->setWordWrap(true);
    mTakeaway->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    mTakeaway->installEventFilter(this); // its height follows its wrapped text (eventFilter)
    headerLayout->addWidget(mTakeaway);
    mSlideHeader->hide();
    return mSlideHeader;
}

void MainWindow::createChartTabs()
{
    mChartTabs = new QTabWidget(mSplitter);
    mChartTabs->setObjectName(QStringLiteral("chartTabs"));
    mChartTabs->setAccessibleName(tr("Charts"));
    mChartTabs->setUsesScrollButtons(true);
    mChartTabs->setDocumentMode(true);
    // Each chart is made when it is first needed (shown, asked for or exported), and the hidden
    // ones one per event-loop turn after the window's first paint: launch paints the headline and
    // the chart on screen without waiting for eight charts no one sees yet (issue 30, item 6).
    for (ChartKind k : ChartFactory::kinds()) {
        auto *view = new ChartView([this, k] { return makeChart(k); }, mChartTabs);
        connect(view, &ChartView::firstPainted, this, [this] {
            if (!mBuildingCharts) {
                mBuildingCharts = true;
                QTimer::singleShot(0, this, &MainWindow::buildNextHiddenChart);
            }
        });
        view->setObjectName(QStringLiteral("chart_") + ChartFactory::id(k));
        view->setAccessibleName(ChartFactory::title(k));
        mChartViews.insert(static_cast<int>(k), view);
        mChartTabs->addTab(view, ChartFactory::tabTitle(k));
    }
    // A chart that changed while hidden is redrawn as it is shown.
    connect(mChartTabs, &QTabWidget::currentChanged, this, [this](int) {
        for (auto it = mChartViews.cbegin(); it != mChartViews.cend(); ++it)
            if (it.value() == mChartTabs->currentWidget())
                refreshIfStale(it.key());
    });
}

QChart *MainWindow::makeChart(ChartKind kind)
{
    // As refreshChart would draw it now: the parts it shows, the pin, the stale mark, frozen axes.
    const auto key = static_cast<int>(kind);
    mStaleCharts.remove(key);
    const ff::Result &r = mSession->resultWith(ChartFactory::parts(kind));
    QChart *c = ChartFactory::create(kind, engine(), r, extras(), chartStyle(), pinnedResult());
    const Extras needs = ChartFactory::needs(kind);
    if (needs != Extra::None && !mSession->isCurrent(needs))
        c->setTitle(c->title() + staleSuffix());
    if (mDragging)
        ChartFactory::setAxesFrozen(c, true);
    return c;
}

void MainWindow::buildNextHiddenChart()
{
    if (mDragging) { // a slider is held: no turn of the drag waits for a chart no one sees
        QTimer::singleShot(100, this, &MainWindow::buildNextHiddenChart);
        return;
    }
    for (ChartView *view : std::as_const(mChartViews))
        if (!view->isBuilt()) {
            view->build();
            QTimer::singleShot(0, this, &MainWindow::buildNextHiddenChart);
            return;
        }
}

void MainWindow::createTableTabs()
{
    mTableTabs = new QTabWidget(mSplitter);
    mTableTabs->setObjectName(QStringLiteral("tableTabs"));
    mTableTabs->setAccessibleName(tr("Tables"));
    mTableTabs->setUsesScrollButtons(true);
    mTableTabs->setDocumentMode(true);
    for (TableKind k : ForecastTables::kinds()) {
        auto *model = new TableModel(this);
        model->setObjectName(QStringLiteral("tableModel_") + ForecastTables::id(k));
        model->setVerdictColumn(ForecastTables::verdictColumn(k));
        auto *view = new QTableView(mTableTabs);
        view->setObjectName(QStringLiteral("table_") + ForecastTables::id(k));
        view->setAccessibleName(ForecastTables::tabTitle(k));
        view->setModel(model);
        view->setItemDelegate(new CellDelegate(view));
        view->setWordWrap(false);
        view->setAlternatingRowColors(true);
        view->setSelectionBehavior(QAbstractItemView::SelectItems);
        view->verticalHeader()->setVisible(false);
        view->horizontalHeader()->setStretchLastSection(true);
        view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        // Compared with a pin, the deciding column, the pinned one and the difference come right after
        // the row's name on screen (the model's order, and so the CSV's, stays): never off to the side.
        const auto compareFirst = [view, model] {
            QHeaderView *h = view->horizontalHeader();
            const int n = model->columnCount();
            for (int l = 0; l < n; ++l)
                if (h->visualIndex(l) != l)
                    h->moveSection(h->visualIndex(l), l);
            if (n < 4 || model->headerData(n - 1, Qt::Horizontal).toString() != QLatin1String("Difference"))
                return;
            const QString what = model->headerData(n - 2, Qt::Horizontal).toString().section(QStringLiteral(": "), 1);
            int visual = 1;
            for (int l = 1; l < n - 2; ++l)
                if (model->headerData(l, Qt::Horizontal).toString().compare(what, Qt::CaseInsensitive) == 0)
                    h->moveSection(h->visualIndex(l), visual++);
            h->moveSection(h->visualIndex(n - 2), visual++);
            h->moveSection(h->visualIndex(n - 1), visual);
        };
        connect(model, &QAbstractItemModel::modelReset, view, compareFirst);
        connect(model, &QAbstractItemModel::headerDataChanged, view, compareFirst);
        mTableModels.insert(static_cast<int>(k), model);
        mTableTabs->addTab(view, ForecastTables::tabTitle(k));
    }
    // Every table is sized when it is shown (a hidden one was never measured), not on every change.
    connect(mTableTabs, &QTabWidget::currentChanged, this, [this](int) {
        if (auto *view = qobject_cast<QTableView *>(mTableTabs->currentWidget()))
            view->resizeColumnsToContents();
    });
}

WhatIfStrip *MainWindow::createWhatIfStrip(QWidget *central)
{
    mStrip = new WhatIfStrip(engine().data(), central);
    mStrip->hide();
    connect(mStrip, &WhatIfStrip::assumptionEdited, this, [this](const QString &name, double v) { setAssumption(name, v); });
    connect(mStrip, &WhatIfStrip::interactionFinished, this, [this] {
        mSession->document()->endInteraction();
        setDragging(false);
    });
    connect(mStrip, &WhatIfStrip::interactionStarted, this, [this] { setDragging(true); });
    connect(mStrip, &WhatIfStrip::chosenChanged, this, [](const QStringList &names) { prefs::presentationAssumptions.set(names); });
    return mStrip;
}

void MainWindow::createAssumptionsDock()
{
    mDock = new QDockWidget(tr("Assumptions"), this);
    mDock->setObjectName(QStringLiteral("assumptionsDock"));
    mDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    mPanelScroll = new QScrollArea(mDock);
    mPanelScroll->setObjectName(QStringLiteral("assumptionsScroll"));
    mPanelScroll->setAccessibleName(tr("Assumptions"));
    mPanelScroll->setWidgetResizable(true);
    mPanelScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    installPanel();
    mDock->setWidget(mPanelScroll);
    addDockWidget(Qt::LeftDockWidgetArea, mDock);
    QAction *toggle = mDock->toggleViewAction();
    toggle->setObjectName(QStringLiteral("action_showAssumptions"));
    toggle->setText(tr("&Assumptions"));
    toggle->setShortcut(QKeySequence(QStringLiteral("Ctrl+1")));
    toggle->setStatusTip(tr("Show or hide the assumptions panel"));
    mActions->insert(QStringLiteral("showAssumptions"), toggle);
}

void MainWindow::installPanel()
{
    // A panel for the data in use (another data directory brings other assumptions).
    auto *panel = new AssumptionPanel(engine().data(), mPanelScroll);
    panel->setObjectName(QStringLiteral("assumptionPanel"));
    QWidget *old = mPanelScroll->takeWidget();
    mPanelScroll->setWidget(panel);
    delete old;
    mPanel = panel;
    mPanelScroll->setMinimumWidth(std::clamp(mPanel->sizeHint().width() + 24, 320, 420));
    connect(mPanel, &AssumptionPanel::assumptionEdited, this, [this](const QString &name, double v) {
        QString error;
        if (!mSession->document()->setAssumption(name, v, &error))
            showMessage(QMessageBox::Warning, tr("Assumption"), error);
    });
    connect(mPanel, &AssumptionPanel::targetEdited, this, &MainWindow::setTargetModel);
    connect(mPanel, &AssumptionPanel::yardstickEdited, this, [this](ff::Yardstick y) {
        QString error;
        if (!mSession->document()->setYardstick(y, &error)) {
            mPanel->showScenario(mSession->document()->scenario()); // the combo back on the scenario's yardstick
            showMessage(QMessageBox::Warning, tr("Yardstick"), error);
        }
    });
    connect(mPanel, &AssumptionPanel::asOfEdited, this, [this](double asOf) { setAsOf(asOf); });
    connect(mPanel, &AssumptionPanel::interactionFinished, this, [this] {
        mSession->document()->endInteraction();
        setDragging(false);
    });
    connect(mPanel, &AssumptionPanel::interactionStarted, this, [this] { setDragging(true); });
    // Every quarter from 2023 to the newest data that the data can be fitted at (too few scored
    // models before), then the newest data itself.
    const std::vector<double> asOfChoices = ff::fittableAsOfDates(engine());
    mPanel->setAsOfChoices(asOfChoices);
    QWidget::setTabOrder(mPanel->lastControl(), mChartTabs);
    QWidget::setTabOrder(mChartTabs, mTableTabs);
}

// ---- the takeaway (presentation) ----

QString MainWindow::takeaway() const { return HeadlineText::takeaway(*mSession); }

void MainWindow::setTakeaway(const QString &text)
{
    mTakeaway->setText(text);
    fitTakeaway();
}

void MainWindow::fitTakeaway()
{
    // As many lines high as the text needs at the width it has (or will have once shown: hidden,
    // it may still have its first, tiny size).
    const int w = std::max(mTakeaway->width(), centralWidget()->width() - 24) - 2;
    if (w < 200)
        return; // not laid out yet
    const int h = QFontMetrics(mTakeaway->font()).boundingRect(QRect(0, 0, std::max(1, w), 100000), Qt::TextWordWrap, mTakeaway->text()).height() + 4;
    if (mTakeaway->minimumHeight() != h)
        mTakeaway->setMinimumHeight(h);
}

QString MainWindow::slideTakeaway(int slide) const
{
    const int charts = mChartTabs->count();
    if (slide < 0 || slide >= charts + mTableTabs->count())
        return {};
    QString text = slide < charts ? SlideTakeaway::forChart(engine(), result(), extras(), ChartFactory::kinds().value(slide))
                                  : SlideTakeaway::forTable(result(), extras(), ForecastTables::kinds().value(slide - charts));
    if (const ff::Result *pinned = pinnedResult())
        text += QLatin1Char(' ') + tr("Pinned \u201c%1\u201d: task-level %2 (now %3).")
                                       .arg(qs(pinned->scenario.name), qs(ff::yearText(pinned->task)),
                                            qs(ff::parityDifferenceText(result().task, pinned->task)));
    return text;
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // The takeaway wraps: as many lines high as its text needs at its width, never cut.
    if (watched == mTakeaway && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange))
        fitTakeaway();
    return QMainWindow::eventFilter(watched, event);
}

} // namespace ffui

// MainWindow's menus and actions: what each action does, the menus and toolbar that hold them,
// the File menu's handlers and exports, and the Help menu's windows. The rest of the window is in
// mainwindow.cpp, its panels in mainwindow_panels.cpp, the pin in mainwindow_pins.cpp.
#include "mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

#include "chartexporter.h"
#include "dataloader.h"
#include "deckwriter.h"
#include "exportdialog.h"
#include "forecastsession.h"
#include "helpdialogs.h"
#include "preferences.h"
#include "presenter.h"
#include "report/report.h"
#include "scenariodocument.h"
#include "windowactions.h"

namespace ffui {

// ---- actions and menus ----

void MainWindow::connectActions()
{
    // What each action does (WindowActions makes them, with their ids and shortcuts).
    const auto on = [this](const char *id, auto slot) { connect(action(QLatin1String(id)), &QAction::triggered, this, slot); };
    on("new", &MainWindow::newTriggered);
    on("open", &MainWindow::openTriggered);
    on("save", &MainWindow::saveTriggered);
    on("saveAs", &MainWindow::saveAsTriggered);
    on("openData", &MainWindow::openDataTriggered);
    on("clearRecent", [this] {
        prefs::recentFiles.set({});
        updateRecentMenu();
    });
    on("exportChart", &MainWindow::exportChartTriggered);
    on("copyChart", &MainWindow::copyChartTriggered);
    on("exportTable", &MainWindow::exportTableTriggered);
    on("exportReport", &MainWindow::exportReportTriggered);
    on("exportDeck", [this] {
        const QString path = askSavePath(tr("Export Deck"), QStringLiteral("deck.pdf"), tr("PDF documents (*.pdf)"), QStringLiteral("pdf"));
        if (!path.isEmpty())
            exportDeck(path);
    });
    connect(action(QStringLiteral("captionToggle")), &QAction::toggled, this, [](bool on) { prefs::exportCaption.set(on); });
    on("quit", &QWidget::close);
    on("resetDefaults", &MainWindow::resetToDefaults);
    on("pin", [this](bool on) {
        if (on)
            pinCurrent();
        else
            unpin();
    });
    on("monteCarloSettings", &MainWindow::monteCarloSettingsTriggered);
    on("presentation", [this](bool on) { setPresenting(on); });
    on("presentNext", [this] { mPresenter->next(); });
    on("presentPrevious", [this] { mPresenter->previous(); });
    on("presentExit", [this] { setPresenting(false); });
    on("presentFirst", [this] { mPresenter->first(); });
    on("presentLast", [this] { mPresenter->last(); });
    on("presentGoTo", [this] {
        bool ok = false;
        const int n = mPresenter->slideCount();
        const int page = QInputDialog::getInt(this, tr("Go to Page"), tr("Page (1 to %1):").arg(n), mPresenter->slide() + 1, 1, n, 1, &ok);
        if (ok)
            mPresenter->setSlide(page - 1);
    });
    for (int digit = 0; digit <= 9; ++digit)
        connect(action(QStringLiteral("presentDigit%1").arg(digit)), &QAction::triggered, this,
                [this, digit] { mPresenter->typeDigit(digit); });
    on("presentColumns", [this](bool all) { mPresenter->setAllColumns(all); });
    for (QAction *a : mActions->themeGroup()->actions()) {
        const ThemeChoice choice = Theme::fromId(a->data().toString());
        connect(a, &QAction::triggered, this, [this, choice] { setTheme(choice); });
    }
    on("modelHelp", &MainWindow::showModelHelp);
    on("dataSources", &MainWindow::showDataSources);
    on("about", &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menu_file"));
    file->addAction(action(QStringLiteral("new")));
    file->addAction(action(QStringLiteral("open")));
    mRecentMenu = file->addMenu(tr("Open &Recent"));
    mRecentMenu->setObjectName(QStringLiteral("menu_recent"));
    file->addAction(action(QStringLiteral("save")));
    file->addAction(action(QStringLiteral("saveAs")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("openData")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("exportChart")));
    file->addAction(action(QStringLiteral("copyChart")));
    file->addAction(action(QStringLiteral("exportTable")));
    file->addAction(action(QStringLiteral("exportReport")));
    file->addAction(action(QStringLiteral("exportDeck")));
    file->addAction(action(QStringLiteral("captionToggle")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menu_edit"));
    edit->addAction(action(QStringLiteral("undo")));
    edit->addAction(action(QStringLiteral("redo")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("resetDefaults")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("pin")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("monteCarloSettings")));

    mToolBar = addToolBar(tr("Main"));
    mToolBar->setObjectName(QStringLiteral("mainToolBar"));
    mToolBar->setMovable(false);
    mToolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // The buttons keep one short text each, so they stay where they are while the menus' texts change
    // ("Undo Set Budget", "Unpin the Comparison"); the full text is in the tooltip.
    const auto steady = [this](const QString &id, const QString &text) {
        QAction *real = action(id);
        auto *button = new QAction(text, this);
        button->setObjectName(QStringLiteral("toolbar_") + id);
        button->setCheckable(real->isCheckable());
        const auto sync = [real, button] {
            button->setEnabled(real->isEnabled());
            button->setChecked(real->isChecked());
            button->setToolTip(QString(real->text()).remove(QLatin1Char('&')));
        };
        sync();
        connect(real, &QAction::changed, button, sync);
        connect(real, &QAction::toggled, button, sync);
        connect(button, &QAction::triggered, real, [real, sync] {
            real->trigger();
            sync();
        });
        mToolBar->addAction(button);
    };
    steady(QStringLiteral("undo"), tr("Undo"));
    steady(QStringLiteral("redo"), tr("Redo"));
    mToolBar->addSeparator();
    steady(QStringLiteral("pin"), tr("Pin for Comparison"));
    steady(QStringLiteral("presentation"), tr("Presentation Mode"));

    mPresetMenu = menuBar()->addMenu(tr("&Presets"));
    mPresetMenu->setObjectName(QStringLiteral("menu_presets"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menu_view"));
    view->addAction(action(QStringLiteral("showAssumptions")));
    view->addAction(action(QStringLiteral("presentation")));
    // The presentation's keys, where a presenter looks for them (enabled while presenting).
    QMenu *keys = view->addMenu(tr("Presentation &Keys"));
    keys->setObjectName(QStringLiteral("menu_presentationKeys"));
    for (const char *id : {"presentNext", "presentPrevious", "presentFirst", "presentLast", "presentGoTo", "presentColumns", "presentExit"})
        keys->addAction(action(QLatin1String(id)));
    QMenu *theme = view->addMenu(tr("&Theme"));
    theme->setObjectName(QStringLiteral("menu_theme"));
    theme->addActions(mActions->themeGroup()->actions());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menu_help"));
    help->addAction(action(QStringLiteral("modelHelp")));
    help->addAction(action(QStringLiteral("dataSources")));
    help->addSeparator();
    help->addAction(action(QStringLiteral("about")));
}

void MainWindow::updateRecentMenu()
{
    mRecentMenu->clear();
    const QStringList files = prefs::existingRecentFiles();
    for (int i = 0; i < files.size(); ++i) {
        QAction *a = mRecentMenu->addAction(tr("&%1 %2").arg(i + 1).arg(QFileInfo(files[i]).fileName()));
        a->setObjectName(QStringLiteral("action_recent_%1").arg(i));
        a->setData(files[i]);
        a->setStatusTip(QDir::toNativeSeparators(files[i]));
        const QString path = files[i];
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openScenario(path);
        });
    }
    mRecentMenu->addSeparator();
    mRecentMenu->addAction(action(QStringLiteral("clearRecent")));
    mRecentMenu->setEnabled(true);
    action(QStringLiteral("clearRecent"))->setEnabled(!files.isEmpty());
}

// ---- help ----

ModelDialog *MainWindow::showModelHelp()
{
    if (!mModelDialog) {
        mModelDialog = new ModelDialog(dataDirectory(), this);
        mModelDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    mModelDialog->show();
    mModelDialog->raise();
    return mModelDialog;
}

DataSourcesDialog *MainWindow::showDataSources()
{
    if (!mSourcesDialog) {
        mSourcesDialog = new DataSourcesDialog(engine().data(), this);
        addImportsPanel(mSourcesDialog); // mainwindow_userdata.cpp
        mSourcesDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    mSourcesDialog->show();
    mSourcesDialog->raise();
    return mSourcesDialog;
}

QMessageBox *MainWindow::showAbout()
{
    if (!mAboutBox) {
        const QString version = QCoreApplication::applicationVersion().isEmpty() ? tr("(development build)")
                                                                                : QCoreApplication::applicationVersion();
        mAboutBox = new QMessageBox(QMessageBox::Information, tr("About Frontier Forecast"),
                                    tr("<p><b>Frontier Forecast %1</b></p><p>When can a personal box under a budget run a Claude "
                                       "Sonnet-class model at hosted-API speed? Every number comes from the catalogs in %2 and the "
                                       "assumptions on the left; hover over a slider for its source, or see Help &gt; Data Sources.</p>"
                                       "<p>Built with Qt %3, running on Qt %4.</p>")
                                        .arg(version.toHtmlEscaped(), QDir::toNativeSeparators(dataDirectory()).toHtmlEscaped(),
                                             QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())),
                                    QMessageBox::Ok, this);
        mAboutBox->setObjectName(QStringLiteral("aboutBox"));
        mAboutBox->setAttribute(Qt::WA_DeleteOnClose);
    }
    mAboutBox->open();
    return mAboutBox;
}

// ---- exports ----

ExportOptions MainWindow::exportOptions() const
{
    ExportOptions o;
    o.size = prefs::exportSize.get();
    o.scale = prefs::exportScale.get();
    o.caption = action(QStringLiteral("captionToggle"))->isChecked();
    if (!o.validate().isEmpty())
        o = ExportOptions{};
    return o;
}

bool MainWindow::exportChart(ChartKind kind, const QString &path, const ExportOptions &options)
{
    ChartExporter exporter(engine(), result(), mSession->extrasFor(ChartFactory::needs(kind)));
    exporter.setPinned(pinnedResult());
    if (!exporter.exportToFile(kind, path, options)) {
        showMessage(QMessageBox::Critical, tr("Export Chart"), exporter.errorString());
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::exportTable(TableKind kind, const QString &path)
{
    QString error;
    if (!writeTextFile(path, ff::tableCsv(ForecastTables::table(kind, result(), mSession->extrasFor(ForecastTables::needs(kind)))), &error)) {
        showMessage(QMessageBox::Critical, tr("Export Table"), error);
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::exportDeck(const QString &path)
{
    // Every chart and table: the extras as far as the worker has them (a stale part says so in its title).
    DeckWriter writer(engine(), result(), mSession->extrasFor(Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest | Extra::Claims));
    if (!writer.write(path)) {
        showMessage(QMessageBox::Critical, tr("Export Deck"), writer.errorString());
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

bool MainWindow::exportReport(const QString &path)
{
    const ff::ReportExtras extras = mSession->extrasFor(Extra::MonteCarlo | Extra::Sensitivity | Extra::Backtest);
    QString error;
    if (!writeTextFile(path, ff::reportMarkdown(engine(), result(), extras), &error)) {
        showMessage(QMessageBox::Critical, tr("Export Report"), error);
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 4000);
    return true;
}

// ---- action handlers ----

void MainWindow::newTriggered()
{
    if (maybeSave())
        newScenario();
}

void MainWindow::openTriggered()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), prefs::lastDirectoryOrHome(),
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty())
        openScenario(path);
}

bool MainWindow::saveTriggered()
{
    if (mSession->document()->filePath().isEmpty())
        return saveAsTriggered();
    return saveScenario(mSession->document()->filePath());
}

bool MainWindow::saveAsTriggered()
{
    const QString suggested =
        mSession->document()->filePath().isEmpty() ? QString(mSession->document()->label()).replace(QLatin1Char('/'), QLatin1Char('-')) + QStringLiteral(".json") : QFileInfo(mSession->document()->filePath()).fileName();
    const QString path = askSavePath(tr("Save Scenario As"), suggested, tr("Scenarios (*.json)"), QStringLiteral("json"));
    return !path.isEmpty() && saveScenario(path);
}

void MainWindow::openDataTriggered()
{
    const QString dir = DataLoader::choose(this, dataDirectory());
    if (!dir.isEmpty())
        openDataDirectory(dir);
}

QString MainWindow::askSavePath(const QString &title, const QString &suggestedName, const QString &filter, const QString &suffix)
{
    QString path = QFileDialog::getSaveFileName(this, title, QDir(prefs::lastDirectoryOrHome()).filePath(suggestedName), filter);
    if (path.isEmpty())
        return path;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    prefs::lastDirectory.set(QFileInfo(path).absolutePath());
    return path;
}

void MainWindow::exportChartTriggered()
{
    const ExportOptions defaults = exportOptions();
    ExportDialog dialog(currentChart(), defaults, ChartExporter::Format::Png, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExportOptions options = dialog.options();
    prefs::exportSize.set(options.size);
    prefs::exportScale.set(options.scale);
    action(QStringLiteral("captionToggle"))->setChecked(options.caption);
    const bool svg = dialog.format() == ChartExporter::Format::Svg;
    const QString suffix = svg ? QStringLiteral("svg") : QStringLiteral("png");
    const QString path = askSavePath(tr("Export Chart"), ChartFactory::id(dialog.chart()) + QLatin1Char('.') + suffix,
                                     svg ? tr("SVG drawings (*.svg)") : tr("PNG images (*.png)"), suffix);
    if (!path.isEmpty())
        exportChart(dialog.chart(), path, options);
}

void MainWindow::copyChartTriggered()
{
    const ChartKind kind = currentChart();
    ExportOptions o;
    const QWidget *view = mChartTabs->currentWidget();
    o.size = view->size().expandedTo(QSize(ExportOptions::kMinSide, ExportOptions::kMinSide));
    o.scale = view->devicePixelRatioF();
    o.caption = action(QStringLiteral("captionToggle"))->isChecked();
    ChartExporter exporter(engine(), result(), mSession->extrasFor(ChartFactory::needs(kind)));
    exporter.setPinned(pinnedResult());
    const QImage image = exporter.render(kind, o);
    QGuiApplication::clipboard()->setImage(image);
    statusBar()->showMessage(tr("Copied the %1 chart (%2 x %3 pixels)").arg(ChartFactory::tabTitle(kind)).arg(image.width()).arg(image.height()),
                             4000);
}

void MainWindow::exportTableTriggered()
{
    const TableKind kind = currentTable();
    const QString path = askSavePath(tr("Export Table"), ForecastTables::id(kind) + QStringLiteral(".csv"),
                                     tr("CSV files (*.csv)"), QStringLiteral("csv"));
    if (!path.isEmpty())
        exportTable(kind, path);
}

void MainWindow::exportReportTriggered()
{
    const QString path = askSavePath(tr("Export Report"), QStringLiteral("report.md"), tr("Markdown files (*.md)"), QStringLiteral("md"));
    if (!path.isEmpty())
        exportReport(path);
}

void MainWindow::resetToDefaults()
{
    ff::Scenario s;
    s.name = mSession->document()->scenario().name;
    s.asOf = mSession->document()->scenario().asOf;
    mSession->document()->replaceScenario(s, tr("Reset to defaults"));
}

} // namespace ffui

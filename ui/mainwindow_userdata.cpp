// MainWindow's user data hooks (issue 17), kept apart from the rest of the window: File > Import,
// View > This Machine, the imports panel of Help > Data Sources, and the engine swap when the
// user data changes (an import, "Use shipped data only", removing an import, undo, redo).
#include "mainwindow.h"

#include <algorithm>

#include <QAction>
#include <QDialog>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include "dataloader.h"
#include "helpdialogs.h"
#include "qtstrings.h"
#include "importdialog.h"
#include "machineview.h"
#include "scenariodocument.h"
#include "userdatadialog.h"
#include "userdatastore.h"
#include "windowactions.h"
#include "forecastsession.h"

namespace ffui {

void MainWindow::createUserDataHooks()
{
    QAction *import = mActions->add(QStringLiteral("import"), tr("&Import\u2026"), {QKeySequence(tr("Ctrl+I"))},
                                tr("Import a llama-bench run or a Capabilities Index export, with a preview of what changes"));
    connect(import, &QAction::triggered, this, [this] { showImport(); });
    QAction *machine = mActions->add(QStringLiteral("thisMachine"), tr("This &Machine"), {QKeySequence(tr("Ctrl+M"))},
                                 tr("What the box in front of you runs at API speed today, and what to buy"));
    connect(machine, &QAction::triggered, this, [this] { showMachine(); });
    if (QMenu *file = menuBar()->findChild<QMenu *>(QStringLiteral("menu_file"))) {
        // After File > Open Data Directory.
        const QList<QAction *> actions = file->actions();
        const int at = actions.indexOf(action(QStringLiteral("openData")));
        file->insertAction(at >= 0 && at + 1 < actions.size() ? actions.at(at + 1) : nullptr, import);
    }
    if (QMenu *view = menuBar()->findChild<QMenu *>(QStringLiteral("menu_view")))
        view->addAction(machine);
    connect(mUserData.get(), &UserDataStore::changed, this, &MainWindow::userDataChanged);
    mDataLabel = new QLabel(dataInUse(), this);
    mDataLabel->setObjectName(QStringLiteral("dataLabel"));
    mDataLabel->setAccessibleName(tr("Data in use"));
    statusBar()->addPermanentWidget(mDataLabel);
    // A change made elsewhere (the command line's import) read back or merged: said in the status bar.
    connect(mUserData.get(), &UserDataStore::externalChange, this, [this](const QString &message) { statusBar()->showMessage(message, 15000); });
    connect(this, &MainWindow::redrawn, this, [this] {
        if (mMachineView && mMachineView->isVisible())
            mMachineView->setForecast(mSession->enginePtr(), mSession->document()->scenario(), result());
    });
    if (!mUserData->layerError().isEmpty()) {
        // Said once the window is up: the shipped data is shown, the user's file is left as it is.
        const QString text = tr("The imported data in %1 was refused; the window shows the shipped data alone. "
                                "The file is kept as it is: correct or remove it.\n\n%2")
                                 .arg(QDir::toNativeSeparators(mUserData->layerFile()), mUserData->layerError());
        QTimer::singleShot(0, this, [this, text] { showMessage(QMessageBox::Warning, tr("Imported Data"), text); });
    }
}

QString MainWindow::dataInUse() const
{
    const ff::UserLayer &layer = mUserData->layer();
    const QString base = mBaseDataName.isEmpty() ? tr("shipped") : mBaseDataName;
    if (layer.useShippedOnly)
        return tr("Data: %1 only (imports set aside)").arg(base);
    if (layer.imports.empty())
        return tr("Data: %1").arg(base);
    QStringList names;
    for (const ff::UserImport &u : layer.imports)
        names << QFileInfo(qs(u.file)).fileName();
    const int n = static_cast<int>(names.size());
    const QString shown = n <= 2 ? names.join(QStringLiteral(", ")) : tr("%1, %2 and %3 more").arg(names[n - 1], names[n - 2]).arg(n - 2);
    return n == 1 ? tr("Data: %1 + 1 import (%2)").arg(base, shown) : tr("Data: %1 + %2 imports (%3)").arg(base, QString::number(n), shown);
}

void MainWindow::setBaseDataName(const QString &name)
{
    mBaseDataName = name;
    userDataChanged();
}

void MainWindow::userDataChanged()
{
    if (mDataLabel) {
        mDataLabel->setText(dataInUse());
        QStringList origins;
        for (const ff::UserImport &u : mUserData->layer().imports)
            origins << qs(u.origin());
        mDataLabel->setToolTip(origins.isEmpty() ? (mBaseDataName.isEmpty() ? tr("The shipped data alone") : tr("The data in %1 alone").arg(mBaseDataName))
                                                 : origins.join(QLatin1Char('\n')));
    }
    const std::shared_ptr<const ff::Engine> engine = mUserData->engine();
    if (engine == mSession->enginePtr())
        return;
    // Help > Data Sources shows the old data's rows: replaced by one on the new data (deleted later:
    // the click that changed the data may come from its own panel).
    const bool sourcesOpen = mSourcesDialog && mSourcesDialog->isVisible();
    if (mSourcesDialog) {
        mSourcesDialog->hide();
        mSourcesDialog->deleteLater();
        mSourcesDialog = nullptr;
    }
    // The same document on the new data: the scenario's undo history survives, and this data step
    // is in it (Edit > Undo). What the new data refuses is said once.
    QStringList droppedChoices, droppedSteps;
    const ff::Scenario scenario = DataLoader::carry(*engine, mSession->document()->scenario(), &droppedChoices);
    mSession->rebindData(engine, dataDirectory(), scenario, &droppedSteps);
    updateTitle();
    updateExtraViews(Extra::Claims);
    statusBar()->showMessage(dataInUse(), 6000);
    QStringList notes;
    if (!droppedChoices.isEmpty())
        notes << tr("These choices do not fit the data now in use and were set to its defaults: %1.").arg(droppedChoices.join(QStringLiteral(", ")));
    if (!droppedSteps.isEmpty())
        notes << tr("These undo steps do not fit the data now in use and were dropped from the undo history: %1.")
                     .arg(droppedSteps.join(QStringLiteral(", ")));
    if (!notes.isEmpty())
        showMessage(QMessageBox::Information, tr("Imported Data"), notes.join(QStringLiteral("\n\n")));
    if (sourcesOpen)
        showDataSources(); // reopened on the new data (the origins changed)
    if (mMachineView && mMachineView->isVisible())
        mMachineView->setForecast(mSession->enginePtr(), mSession->document()->scenario(), result());
}

void MainWindow::addImportsPanel(QDialog *sourcesDialog)
{
    auto *layout = qobject_cast<QVBoxLayout *>(sourcesDialog->layout());
    if (!layout)
        return;
    // Above the Close button.
    layout->insertWidget(std::max(0, layout->count() - 1), new UserDataPanel(mUserData.get(), sourcesDialog));
}

ImportDialog *MainWindow::showImport(const QString &file)
{
    if (!mImportDialog) {
        mImportDialog = new ImportDialog(mUserData.get(), this);
        mImportDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    if (!file.isEmpty())
        mImportDialog->loadFile(file);
    mImportDialog->show();
    mImportDialog->raise();
    return mImportDialog;
}

MachineView *MainWindow::showMachine()
{
    if (!mMachineView) {
        mMachineView = new MachineView(this);
        mMachineView->setWindowFlag(Qt::Window);
        mMachineView->setWindowTitle(tr("This Machine"));
        mMachineView->setAttribute(Qt::WA_DeleteOnClose);
    }
    mMachineView->setForecast(mSession->enginePtr(), mSession->document()->scenario(), result());
    if (!mMachineView->isVisible()) {
        // As tall as its answer needs (every wrapped line whole, a few table rows), within the screen:
        // at 420 px the wrapped lines were cut to their first line on a 1280x720 screen.
        const QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 720);
        const int w = std::min(1100, avail.width() - 40);
        const QSize hint = mMachineView->sizeHint();
        const int h = std::min(avail.height() - 60, std::max(560, mMachineView->heightForWidth(w) > 0 ? mMachineView->heightForWidth(w) : hint.height()));
        mMachineView->resize(w, h);
    }
    mMachineView->show();
    mMachineView->raise();
    return mMachineView;
}

} // namespace ffui

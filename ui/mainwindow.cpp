#include "mainwindow.h"

#include <QFontDatabase>
#include <QMessageBox>
#include <QPlainTextEdit>

#include "report.h"

namespace ffui {

MainWindow::MainWindow(const QString &dataDir, QWidget *parent) : QMainWindow(parent)
{
    mEngine = std::make_unique<ff::Engine>(ff::loadDataSet(dataDir.toStdString()));
    mScenario.name = tr("Base case").toStdString();
    mReport = new QPlainTextEdit(this);
    mReport->setObjectName(QStringLiteral("reportView"));
    mReport->setReadOnly(true);
    mReport->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mReport->setAccessibleName(tr("Forecast report"));
    setCentralWidget(mReport);
    setWindowTitle(tr("Frontier Forecast"));
    resize(1200, 800);
    recompute();
}

MainWindow::~MainWindow() = default;

bool MainWindow::openScenario(const QString &path)
{
    try {
        mScenario = ff::loadScenarioFile(mEngine->data(), path.toStdString());
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Open scenario"), QString::fromStdString(e.what()));
        return false;
    }
    recompute();
    return true;
}

void MainWindow::recompute()
{
    const ff::Result r = mEngine->compute(mScenario);
    mReport->setPlainText(QString::fromStdString(ff::reportText(*mEngine, r)));
}

} // namespace ffui

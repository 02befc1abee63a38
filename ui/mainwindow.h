#pragma once
// The main window: shows the forecast for the current scenario.
#include <QMainWindow>

#include <memory>

#include "forecast.h"

class QPlainTextEdit;

namespace ffui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Loads the data directory; throws ff::DataError on bad data.
    explicit MainWindow(const QString &dataDir, QWidget *parent = nullptr);
    ~MainWindow() override;

    bool openScenario(const QString &path);

private:
    void recompute();

    std::unique_ptr<ff::Engine> mEngine;
    ff::Scenario mScenario;
    QPlainTextEdit *mReport = nullptr;
};

} // namespace ffui

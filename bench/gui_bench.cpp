// gui-bench: times the real window's redraw during a slider drag. Builds the MainWindow on the
// shipped data, moves one assumption through 100 slider positions with MainWindow::setAssumption
// (merged like a drag) and times each value change until redrawn() (headline, charts and tables
// updated). Also reports the paint that follows. Prints JSON. A benchmark, not a test.
#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <nlohmann/json.hpp>

#include "assumptionpanel.h"
#include "autosaver.h"
#include "mainwindow.h"
#include "scenariodocument.h"

namespace {
double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
} // namespace

int main(int argc, char **argv)
{
    // No display needed: render offscreen unless the caller chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FrontierForecastBench"));
    QCoreApplication::setApplicationName(QStringLiteral("gui-bench"));
    // Settings and autosave copies go to throwaway places, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());

    QString dataDir = QStringLiteral(FF_SOURCE_DATA_DIR);
    QString name = QStringLiteral("bandwidth_per_dollar_doubling_years");
    int steps = 100;
    for (int i = 1; i < argc; ++i) {
        const QString a = QString::fromLocal8Bit(argv[i]);
        if (a == QLatin1String("--data") && i + 1 < argc)
            dataDir = QString::fromLocal8Bit(argv[++i]);
        else if (a == QLatin1String("--assumption") && i + 1 < argc)
            name = QString::fromLocal8Bit(argv[++i]);
        else if (a == QLatin1String("--steps") && i + 1 < argc)
            steps = std::max(2, std::atoi(argv[++i]));
    }

    ffui::MainWindow window(dataDir);
    window.autosaver()->setInterval(0);
    window.resize(1920, 1080);
    window.show();
    QCoreApplication::processEvents();
    const ff::AssumptionDef *def = window.engine().data().assumption(name.toStdString());
    if (!def) {
        std::fprintf(stderr, "gui-bench: unknown assumption \"%s\"\n", qPrintable(name));
        return 2;
    }
    // The positions a drag passes through: 10 % to 90 % of the slider, one position per step.
    const ffui::SliderScale scale = ffui::SliderScale::forAssumption(*def);
    const int lo = scale.sliderMinimum() + (scale.sliderMaximum() - scale.sliderMinimum()) / 10;
    const int hi = scale.sliderMaximum() - (scale.sliderMaximum() - scale.sliderMinimum()) / 10;

    QElapsedTimer clock;
    clock.start();
    qint64 changedAt = 0, redrawnAt = -1;
    QObject::connect(&window, &ffui::MainWindow::redrawn, [&] { redrawnAt = clock.nsecsElapsed(); });
    std::vector<double> redraw, paint;
    int missed = 0;
    for (int i = 0; i < steps; ++i) {
        int pos = lo + static_cast<int>(static_cast<long long>(hi - lo) * i / (steps - 1));
        double v = scale.fromSlider(pos);
        // Neighbouring positions can round to one value: move on until the value changes, as a drag would.
        while (v == window.assumption(name) && pos < scale.sliderMaximum())
            v = scale.fromSlider(++pos);
        redrawnAt = -1;
        changedAt = clock.nsecsElapsed();
        window.setAssumption(name, v);
        if (redrawnAt < 0) {
            ++missed;
            continue;
        }
        redraw.push_back((redrawnAt - changedAt) / 1e6);
        // What the user sees next: the window repaints (offscreen: into its backing store).
        const qint64 p0 = clock.nsecsElapsed();
        QCoreApplication::processEvents();
        paint.push_back((clock.nsecsElapsed() - p0) / 1e6);
    }
    window.document()->endInteraction();

    nlohmann::ordered_json j;
    j["redraw_ms_median"] = median(redraw);
    j["redraw_ms_max"] = redraw.empty() ? 0.0 : *std::max_element(redraw.begin(), redraw.end());
    j["steps"] = static_cast<int>(redraw.size());
    j["assumption"] = name.toStdString();
    j["paint_ms_median"] = median(paint);
    j["paint_ms_max"] = paint.empty() ? 0.0 : *std::max_element(paint.begin(), paint.end());
    j["platform"] = QGuiApplication::platformName().toStdString();
    if (missed)
        j["steps_without_redraw"] = missed;
    std::printf("%s\n", j.dump(2).c_str());
    window.setQuestionHandler([](const QString &, const QString &) { return QMessageBox::Discard; });
    return missed ? 1 : 0;
}

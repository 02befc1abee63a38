// gui-bench: the real window through a slider drag, timed to what the user sees.
// For each main slider (benchparts.h) the slider itself is dragged as a mouse drag signals it:
// sliderPressed, then one position after another (sliderMoved and valueChanged), sliderReleased.
// After each value change the event loop runs to quiescence (no paint for --quiet ms) and the
// step's figure is the time from the value change to the end of the LAST paint it caused (every
// widget and chart repainted into the backing store; the Monte Carlo range's own repaint, when the
// worker delivers, is not the value's and is timed apart). After the release the bench waits for
// the range: last value change to the end of the paint that shows the worker's range.
// `--startup`: also main() entry to the first painted headline cards (data, engine, window).
// Prints JSON with the commit it was built from. A benchmark, not a test.
#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "autosaver.h"
#include "bench_commit.h"
#include "benchparts.h"
#include "forecastsession.h"
#include "headlinecards.h"
#include "mainwindow.h"
#include "scenariodocument.h"
#include "uncertaintyrunner.h"

namespace {
QElapsedTimer gClock;

// This thread's CPU time (ns): what the GUI thread itself spent, whatever else the machine ran.
qint64 cpuNow()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// Every event the window is painted by passes here: the end of each paint (the window's update
// request, the widgets' paint events inside it) is noted.
class BenchApp : public QApplication {
public:
    using QApplication::QApplication;
    qint64 lastPaintEnd = -1;  // ns on gClock
    bool deliveredSince = false; // the worker delivered since the last value change
    qint64 valuePaintEnd = -1; // the last paint before any delivery of the worker
    qint64 valuePaintCpu = -1; // the GUI thread's CPU time then
    qint64 rangeDelivered = -1; // the first range the worker delivered since the last value change
    qint64 rangePaintEnd = -1;  // the end of the window's first repaint after it (the one that shows it)
    QObject *watched = nullptr; // first paint of this widget: the start-up figure
    qint64 watchedPainted = -1;

    bool notify(QObject *receiver, QEvent *e) override
    {
        const QEvent::Type t = e->type();
        const bool paint = t == QEvent::Paint || t == QEvent::UpdateRequest;
        const bool result = QApplication::notify(receiver, e);
        if (paint) {
            lastPaintEnd = gClock.nsecsElapsed();
            if (!deliveredSince) {
                valuePaintEnd = lastPaintEnd;
                valuePaintCpu = cpuNow();
            }
            // The backing store's repaint (an UpdateRequest: every dirty widget, cards and chart, in
            // one pass) that shows the range; later paints (the release's refit, the label of the
            // full run starting 150 ms on) are not the range's.
            if (rangeDelivered >= 0 && rangePaintEnd < 0 && t == QEvent::UpdateRequest)
                rangePaintEnd = lastPaintEnd;
            if (receiver == watched && watchedPainted < 0)
                watchedPainted = lastPaintEnd;
        }
        return result;
    }
};

// Runs the event loop until nothing has been painted for `quietMs` (and at least that long).
void runToQuiescence(BenchApp &app, int quietMs)
{
    const qint64 start = gClock.nsecsElapsed();
    for (;;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        const qint64 now = gClock.nsecsElapsed();
        if ((now - std::max(start, app.lastPaintEnd)) / 1'000'000 >= quietMs)
            return;
        QThread::usleep(200);
    }
}

// Timings in milliseconds: median, spread and largest (benchparts.h).
nlohmann::ordered_json spread(std::vector<double> v) { return ffbench::spread(std::move(v), "ms"); }

// One step of a drag: the value change and everything it causes, to quiescence. Not inlined, so
// that callgrind counts it alone: valgrind --tool=callgrind --toggle-collect='*ff_gui_step*' build/bench/gui-bench
// --samples 20 (the GUI thread's instructions per step, stable on a loaded machine).
__attribute__((noinline)) void ff_gui_step(BenchApp &app, ffui::MainWindow &window, const QString &name, QSlider *slider, int pos,
                                           double before, int quietMs)
{
    slider->setSliderPosition(pos); // sliderMoved + valueChanged, as the mouse would
    // Neighbouring positions can round to one value: move on until the value changes, as a drag would.
    while (window.assumption(name) == before && pos < slider->maximum())
        slider->setSliderPosition(++pos);
    runToQuiescence(app, quietMs);
}

// One slider dragged as the mouse would; false when the window has no such slider.
struct SliderFigures {
    std::vector<double> stepMs, stepCpuMs;
    double rangeMs = -1, fullMs = -1;
    int missed = 0;
};
bool dragSlider(BenchApp &app, ffui::MainWindow &window, const QString &name, int steps, int quietMs, int rangeTimeoutMs,
                SliderFigures &f)
{
    const ff::AssumptionDef *def = window.engine().data().assumption(name.toStdString());
    auto *slider = window.findChild<QSlider *>(QStringLiteral("slider_") + name);
    if (!def || !slider) {
        std::fprintf(stderr, "gui-bench: no slider for \"%s\"\n", qPrintable(name));
        return false;
    }
    // The positions a drag passes through: 10 % to 90 % of the slider, one position per step.
    const int lo = slider->minimum() + (slider->maximum() - slider->minimum()) / 10;
    const int hi = slider->maximum() - (slider->maximum() - slider->minimum()) / 10;
    std::vector<double> stepMs, stepCpuMs;
    slider->setSliderDown(true); // sliderPressed: the window knows a drag is on
    runToQuiescence(app, quietMs);
    qint64 lastChange = 0;
    for (int i = 0; i < steps; ++i) {
        const double before = window.assumption(name);
        int pos = lo + static_cast<int>(static_cast<long long>(hi - lo) * i / (steps - 1));
        app.deliveredSince = false;
        app.valuePaintEnd = -1;
        app.rangeDelivered = app.rangePaintEnd = -1;
        lastChange = gClock.nsecsElapsed();
        const qint64 cpuAtChange = cpuNow();
        ff_gui_step(app, window, name, slider, pos, before, quietMs);
        if (app.valuePaintEnd < 0) {
            ++f.missed;
            continue;
        }
        stepMs.push_back((app.valuePaintEnd - lastChange) / 1e6);
        // (includes the GUI thread's few us per pass of the quiescence loop)
        stepCpuMs.push_back((app.valuePaintCpu - cpuAtChange) / 1e6);
    }
    // The release; then the first range for the last value (the worker's delivery, whichever
    // count it ran) and the paint that shows it; then the full run (all extras current).
    slider->setSliderDown(false);
    const auto waitFor = [&](const std::function<bool()> &done) {
        const qint64 waitStart = gClock.nsecsElapsed();
        while (!done() && (gClock.nsecsElapsed() - waitStart) / 1'000'000 < rangeTimeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            QThread::usleep(200);
        }
        return done();
    };
    double rangeMs = -1, fullMs = -1;
    if (waitFor([&] { return app.rangeDelivered >= 0; })) {
        runToQuiescence(app, quietMs);
        rangeMs = (std::max(app.rangeDelivered, app.rangePaintEnd) - lastChange) / 1e6;
        f.rangeMs = rangeMs;
    }
    if (waitFor([&] { return window.extrasCurrent(); })) {
        fullMs = (gClock.nsecsElapsed() - lastChange) / 1e6;
        f.fullMs = fullMs;
    }
    window.session()->runner()->waitForIdle();
    runToQuiescence(app, quietMs);
    f.stepMs = stepMs;
    f.stepCpuMs = stepCpuMs;
    return true;
}

// The figures over every slider.
void summarize(nlohmann::ordered_json &j, const std::vector<double> &steps, const std::vector<double> &cpu,
               const std::vector<double> &range, const std::vector<double> &full)
{
    const nlohmann::ordered_json all = spread(steps);
    j["value_to_paint_ms_median"] = all.value("median_ms", 0.0);
    j["value_to_paint"] = all;
    // The GUI thread's own CPU time for the same steps: the figure a loaded machine disturbs least.
    j["value_to_paint_gui_cpu"] = spread(cpu);
    // Last value change of a drag to the range on screen (the worker's first delivery for it and
    // its paint), and to every extra current (sensitivity, back-test, the full-count range).
    j["range_after_last_change"] = spread(range);
    j["all_extras_after_last_change"] = spread(full);
}

} // namespace

// The command line: --data DIR, --assumption NAME (repeatable: those sliders instead of the main
// ones), --steps N, --samples N (the Monte Carlo's count; default the window's), --size WxH,
// --screenshots PREFIX (the window grabbed after each slider's drag has settled), --quiet MS.
struct BenchOptions {
    QString dataDir = QStringLiteral(FF_SOURCE_DATA_DIR);
    QStringList names;
    int steps = 30, quietMs = 40, rangeTimeoutMs = 60000, samples = -1;
    QSize size{1920, 1080};
    QString screenshots;
};
BenchOptions parseOptions(int argc, char **argv)
{
    BenchOptions o;
    for (int i = 1; i < argc; ++i) {
        const QString a = QString::fromLocal8Bit(argv[i]);
        if (a == QLatin1String("--data") && i + 1 < argc)
            o.dataDir = QString::fromLocal8Bit(argv[++i]);
        else if (a == QLatin1String("--assumption") && i + 1 < argc)
            o.names << QString::fromLocal8Bit(argv[++i]);
        else if (a == QLatin1String("--steps") && i + 1 < argc)
            o.steps = std::max(2, std::atoi(argv[++i]));
        else if (a == QLatin1String("--samples") && i + 1 < argc)
            o.samples = std::max(1, std::atoi(argv[++i]));
        else if (a == QLatin1String("--size") && i + 1 < argc) {
            const QStringList wh = QString::fromLocal8Bit(argv[++i]).split(QLatin1Char('x'));
            if (wh.size() == 2)
                o.size = QSize(wh[0].toInt(), wh[1].toInt());
        } else if (a == QLatin1String("--screenshots") && i + 1 < argc)
            o.screenshots = QString::fromLocal8Bit(argv[++i]);
        else if (a == QLatin1String("--quiet") && i + 1 < argc)
            o.quietMs = std::max(5, std::atoi(argv[++i]));
    }
    return o;
}

int main(int argc, char **argv)
{
    gClock.start();
    // No display needed: render offscreen unless the caller chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    BenchApp app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FrontierForecastBench"));
    QCoreApplication::setApplicationName(QStringLiteral("gui-bench"));
    // Settings and autosave copies go to throwaway places, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settings.path());

    const BenchOptions opt = parseOptions(argc, argv);
    QString dataDir = opt.dataDir;
    QStringList names = opt.names;
    const int steps = opt.steps, quietMs = opt.quietMs, rangeTimeoutMs = opt.rangeTimeoutMs, samples = opt.samples;
    const QSize size = opt.size;
    const QString screenshots = opt.screenshots;
    if (names.isEmpty())
        for (const std::string &n : ffbench::mainSliders())
            names << QString::fromStdString(n);

    nlohmann::ordered_json j;
    j["commit"] = FF_BENCH_COMMIT;
    j["build_type"] = FF_BENCH_BUILD_TYPE;
    j["load_average_at_start"] = ffbench::loadAverage();

    const qint64 beforeWindow = gClock.nsecsElapsed();
    ffui::MainWindow window(dataDir);
    window.autosaver()->setInterval(0);
    window.resize(size);
    app.watched = window.headline();
    if (samples > 0)
        window.session()->setMonteCarloSettings(samples, window.session()->seed());
    window.show();
    runToQuiescence(app, quietMs);
    // main() entry (before QApplication) to the first paint of the headline cards.
    j["startup_to_headline_painted_ms"] = app.watchedPainted < 0 ? -1.0 : app.watchedPainted / 1e6;
    j["window_to_headline_painted_ms"] = app.watchedPainted < 0 ? -1.0 : (app.watchedPainted - beforeWindow) / 1e6;
    // The first range (the worker's, after start-up) before the drags begin.
    window.session()->runner()->waitForIdle();
    runToQuiescence(app, quietMs);

    QObject::connect(window.session(), &ffui::ForecastSession::monteCarloUpdated, [&] {
        app.deliveredSince = true;
        if (app.rangeDelivered < 0)
            app.rangeDelivered = gClock.nsecsElapsed();
    });
    QObject::connect(window.session(), &ffui::ForecastSession::sensitivityUpdated, [&] { app.deliveredSince = true; });
    QObject::connect(window.session(), &ffui::ForecastSession::backtestUpdated, [&] { app.deliveredSince = true; });

    std::vector<double> allSteps, allCpu, allRange, allFull;
    nlohmann::ordered_json per;
    int missed = 0;
    for (const QString &name : std::as_const(names)) {
        SliderFigures f;
        if (!dragSlider(app, window, name, steps, quietMs, rangeTimeoutMs, f))
            return 2;
        missed += f.missed;
        if (!screenshots.isEmpty())
            window.grab().save(screenshots + name + QStringLiteral(".png"));
        if (f.rangeMs >= 0)
            allRange.push_back(f.rangeMs);
        if (f.fullMs >= 0)
            allFull.push_back(f.fullMs);
        allSteps.insert(allSteps.end(), f.stepMs.begin(), f.stepMs.end());
        allCpu.insert(allCpu.end(), f.stepCpuMs.begin(), f.stepCpuMs.end());
        nlohmann::ordered_json s = spread(f.stepMs);
        per[name.toStdString()] = {{"value_to_paint_ms_median", s.value("median_ms", 0.0)},
                                   {"value_to_paint", s},
                                   {"value_to_paint_gui_cpu", spread(f.stepCpuMs)},
                                   {"range_after_last_change_ms", f.rangeMs},
                                   {"all_extras_after_last_change_ms", f.fullMs}};
    }
    summarize(j, allSteps, allCpu, allRange, allFull);
    j["per_slider"] = per;
    j["steps_per_slider"] = steps;
    j["quiet_ms"] = quietMs;
    j["platform"] = QGuiApplication::platformName().toStdString();
    j["load_average_at_end"] = ffbench::loadAverage();
    if (missed)
        j["steps_without_paint"] = missed;
    std::printf("%s\n", j.dump(2).c_str());
    window.document()->endInteraction();
    window.setQuestionHandler([](const QString &, const QString &) { return QMessageBox::Discard; });
    return missed ? 1 : 0;
}

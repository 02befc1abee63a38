#pragma once
// The assumptions panel: the target model, then one slider and spin box per assumption of the data,
// grouped as in data/assumptions.json, each with its default, unit, range and source in a tooltip.
#include <QString>
#include <QWidget>

#include <vector>

#include "data/assumptions.h"
#include "data/dataset.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QToolButton;
QT_END_NAMESPACE

namespace ffui {

// Maps an assumption's allowed range onto slider positions: linear, or logarithmic for log-normal
// assumptions; whole numbers step by one.
struct SliderScale {
    double min = 0, max = 1;
    bool log = false;
    bool integer = false;
    bool money = false; // USD: "$5,000"
    bool month = false; // a date in years: "2028-01", steps of a month
    int decimals = 2;
    static constexpr int kSteps = 1000;

    // Log-normal assumptions and ranges over more than 1.5 decades (the budget, contexts) are
    // logarithmic; money, dates and whole numbers are shown as such.
    static SliderScale forAssumption(const ff::AssumptionDef &a);
    // The value as the panel and the what-if strip show it, with its unit.
    QString text(double value, const QString &unit) const;
    int sliderMinimum() const;
    int sliderMaximum() const;
    int toSlider(double value) const;
    double fromSlider(int position) const; // rounded to `decimals`, within [min, max]
};

class AssumptionPanel : public QWidget {
    Q_OBJECT
public:
    explicit AssumptionPanel(const ff::DataSet &data, QWidget *parent = nullptr);

    // Shows a scenario's values without emitting any edit signal.
    void showScenario(const ff::Scenario &scenario);
    // The dates the forecast can be made from (the data can be fitted there), oldest first; the
    // last is the newest data ("latest").
    void setAsOfChoices(const std::vector<double> &dates);
    QComboBox *asOfCombo() const { return mAsOf; }
    QWidget *firstControl() const;
    QWidget *lastControl() const;

signals:
    void assumptionEdited(const QString &name, double value);
    // A slider was pressed: a drag begins (the charts keep their axes until it ends).
    void interactionStarted();
    void targetEdited(const QString &model);
    void yardstickEdited(ff::Yardstick yardstick);
    // A date from setAsOfChoices; the newest means "the latest data" (no as-of in the scenario).
    void asOfEdited(double asOf);
    // A slider was released or a spin box finished editing: the next edit is a new undo step.
    void interactionFinished();

private:
    struct Row {
        const ff::AssumptionDef *def = nullptr;
        SliderScale scale;
        QLabel *label = nullptr;
        QSlider *slider = nullptr;
        QDoubleSpinBox *spin = nullptr;
        QToolButton *reset = nullptr;
        double shownDefault = 0; // the default in the scenario shown (the target's speed follows the target)
    };
    QWidget *createRow(Row &row, QWidget *parent);
    void addRow(const ff::AssumptionDef &a, QWidget *parent, QLayout *layout);
    void showValue(Row &row, double value);

    const ff::DataSet &mData;
    QComboBox *mTarget = nullptr;
    QComboBox *mYardstick = nullptr;
    QComboBox *mAsOf = nullptr;
    std::vector<Row> mRows;
    ff::Scenario mShown; // the scenario last shown (defaults that follow the target are read from it)
};

} // namespace ffui

#pragma once
// The strip kept on screen while presenting: one or two assumptions the presenter picked, each with
// a slider for live what-ifs, and the slide position. Edits go through the same path as the panel.
#include <QFrame>
#include <QStringList>

#include <vector>

#include "assumptionpanel.h"
#include "data/dataset.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QSlider;
QT_END_NAMESPACE

namespace ffui {

class WhatIfStrip : public QFrame {
    Q_OBJECT
public:
    static constexpr int kSlots = 2;

    explicit WhatIfStrip(const ff::DataSet &data, QWidget *parent = nullptr);

    // Other data (another data directory): the choices are rebuilt, the names kept where they exist.
    void setData(const ff::DataSet &data);
    // The assumption names shown (an empty name leaves a slot unused; the first slot always has one).
    void setChosen(const QStringList &names);
    QStringList chosen() const;
    // Shows a scenario's values without emitting any edit signal.
    void showScenario(const ff::Scenario &scenario);
    void setPageText(const QString &text);
    // Font sizes relative to the application font.
    void setScale(qreal scale);

signals:
    void assumptionEdited(const QString &name, double value);
    void interactionFinished();
    void interactionStarted();
    void chosenChanged(const QStringList &names);

private:
    struct Slot {
        QComboBox *combo = nullptr;
        QSlider *slider = nullptr;
        QLabel *value = nullptr;
        const ff::AssumptionDef *def = nullptr;
        SliderScale scale;
    };
    void choose(int slot, const QString &name);
    void showValue(Slot &s, double value);

    void fillCombos();

    const ff::DataSet *mData;
    ff::Scenario mScenario;
    std::vector<Slot> mSlots;
    QLabel *mPage = nullptr;
};

} // namespace ffui

#include "whatifstrip.h"
#include "qtstrings.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>

#include "qtstrings.h"
#include "inputguard.h"

namespace ffui {

WhatIfStrip::WhatIfStrip(const ff::DataSet &data, QWidget *parent) : QFrame(parent), mData(&data)
{
    setObjectName(QStringLiteral("whatIfStrip"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(10, 4, 10, 4);
    row->setSpacing(10);
    auto *title = new QLabel(tr("What if:"), this);
    title->setObjectName(QStringLiteral("whatIfTitle"));
    row->addWidget(title);
    mSlots.resize(kSlots);
    for (int i = 0; i < kSlots; ++i) {
        Slot &s = mSlots[static_cast<std::size_t>(i)];
        s.combo = new QComboBox(this);
        s.combo->setObjectName(QStringLiteral("whatIfCombo_%1").arg(i));
        s.combo->setAccessibleName(tr("Assumption %1 kept on screen").arg(i + 1));
        s.combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        s.combo->setMinimumContentsLength(12);
        s.slider = new QSlider(Qt::Horizontal, this);
        s.slider->setObjectName(QStringLiteral("whatIfSlider_%1").arg(i));
        s.slider->setMinimumWidth(90);
        s.value = new QLabel(this);
        s.value->setObjectName(QStringLiteral("whatIfValue_%1").arg(i));
        s.value->setMinimumWidth(s.value->fontMetrics().horizontalAdvance(QStringLiteral("000.0 tokens/s")));
        s.value->setBuddy(s.slider);
        row->addWidget(s.combo);
        row->addWidget(s.slider, 1);
        row->addWidget(s.value);
        connect(s.combo, &QComboBox::activated, this, [this, i](int index) {
            choose(i, mSlots[static_cast<std::size_t>(i)].combo->itemData(index).toString());
            emit chosenChanged(chosen());
        });
        connect(s.slider, &QSlider::valueChanged, this, [this, i](int pos) {
            Slot &slot = mSlots[static_cast<std::size_t>(i)];
            if (!slot.def)
                return;
            const double v = slot.scale.fromSlider(pos);
            slot.value->setText(slot.scale.text(v, qs(slot.def->unit)));
            emit assumptionEdited(qs(slot.def->name), v);
        });
        connect(s.slider, &QSlider::sliderPressed, this, &WhatIfStrip::interactionStarted);
        connect(s.slider, &QSlider::sliderReleased, this, &WhatIfStrip::interactionFinished);
    }
    mPage = new QLabel(this);
    mPage->setObjectName(QStringLiteral("presentationPage"));
    mPage->setAccessibleName(tr("Slide"));
    row->addWidget(mPage);
    mPage->hide(); // the page is named in the presentation's header; the text stays for assistive tools
    fillCombos();
    setChosen({});
    InputGuard::install(this);
}

void WhatIfStrip::fillCombos()
{
    for (int i = 0; i < kSlots; ++i) {
        QComboBox *combo = mSlots[static_cast<std::size_t>(i)].combo;
        const QSignalBlocker block(combo);
        combo->clear();
        if (i > 0)
            combo->addItem(tr("(none)"), QString());
        for (const auto &a : mData->assumptions)
            combo->addItem(qs(a.label), qs(a.name));
    }
}

void WhatIfStrip::setData(const ff::DataSet &data)
{
    const QStringList names = chosen();
    for (Slot &s : mSlots)
        s.def = nullptr;
    mData = &data;
    mScenario = ff::Scenario{};
    fillCombos();
    setChosen(names);
}

void WhatIfStrip::choose(int slot, const QString &name)
{
    Slot &s = mSlots[static_cast<std::size_t>(slot)];
    s.def = name.isEmpty() ? nullptr : mData->assumption(name.toStdString());
    if (slot == 0 && !s.def && !mData->assumptions.empty())
        s.def = &mData->assumptions.front();
    const QSignalBlocker block(s.combo);
    s.combo->setCurrentIndex(std::max(0, s.combo->findData(s.def ? qs(s.def->name) : QString())));
    s.slider->setVisible(s.def != nullptr);
    s.value->setVisible(s.def != nullptr);
    if (s.def) {
        s.scale = SliderScale::forAssumption(*s.def);
        const QSignalBlocker b(s.slider);
        s.slider->setRange(s.scale.sliderMinimum(), s.scale.sliderMaximum());
        // In front of a room a key press must visibly move the answer: 2% of the range per arrow
        // (the panel's 0.1% is for fine tuning at a desk), 10% per Page Up/Down.
        s.slider->setSingleStep(s.scale.integer ? 1 : SliderScale::kSteps / 50);
        s.slider->setPageStep(s.scale.integer ? 1 : SliderScale::kSteps / 10);
        s.slider->setAccessibleName(tr("%1 slider").arg(qs(s.def->label)));
        s.slider->setToolTip(qs(s.def->label));
        const auto it = mScenario.values.find(s.def->name);
        showValue(s, it == mScenario.values.end() ? s.def->value : it->second);
    }
}

void WhatIfStrip::setChosen(const QStringList &names)
{
    for (int i = 0; i < kSlots; ++i)
        choose(i, names.value(i));
}

QStringList WhatIfStrip::chosen() const
{
    QStringList out;
    for (const Slot &s : mSlots)
        out << (s.def ? qs(s.def->name) : QString());
    return out;
}

void WhatIfStrip::showValue(Slot &s, double value)
{
    const QSignalBlocker block(s.slider);
    if (!s.slider->isSliderDown())
        s.slider->setValue(s.scale.toSlider(value));
    s.value->setText(s.scale.text(value, qs(s.def->unit)));
}

void WhatIfStrip::showScenario(const ff::Scenario &scenario)
{
    mScenario = scenario;
    for (Slot &s : mSlots) {
        if (!s.def)
            continue;
        const auto it = scenario.values.find(s.def->name);
        showValue(s, it == scenario.values.end() ? s.def->value : it->second);
    }
}

void WhatIfStrip::setPageText(const QString &text) { mPage->setText(text); }

void WhatIfStrip::setScale(qreal scale)
{
    QFont f = QApplication::font();
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * scale);
    setFont(f);
}

} // namespace ffui

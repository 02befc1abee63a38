#include "assumptionpanel.h"
#include "qtstrings.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "qtstrings.h"
#include "inputguard.h"
#include "core/timeutil.h"

namespace ffui {

namespace {


// Enough decimals to show the default, the uncertainty range and a 1/1000 slider step of the range.
int decimalsFor(const ff::AssumptionDef &a)
{
    if (a.integer)
        return 0;
    const double span = a.max - a.min;
    int d = std::clamp(2 - static_cast<int>(std::floor(std::log10(span > 0 ? span : 1.0))), 0, 3);
    for (double v : {a.value, a.low, a.high})
        for (int k = d; k <= 3; ++k)
            if (std::fabs(v * std::pow(10.0, k) - std::round(v * std::pow(10.0, k))) < 1e-6) {
                d = std::max(d, k);
                break;
            }
    return d;
}

// A 1, 2 or 5 times a power of ten near `raw`, no finer than the decimals shown.
double niceStep(double raw, int decimals)
{
    const double finest = std::pow(10.0, -decimals);
    if (!(raw > finest))
        return finest;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}


QString tooltipFor(const ff::AssumptionDef &a, const SliderScale &scale)
{
    const QString unit = qs(a.unit);
    const auto v = [&](double x) { return scale.text(x, unit).toHtmlEscaped(); };
    QString t = QStringLiteral("<p><b>%1</b></p>").arg(qs(a.label).toHtmlEscaped());
    if (!a.description.empty())
        t += QStringLiteral("<p>%1</p>").arg(qs(a.description).toHtmlEscaped());
    t += QStringLiteral("<p>") + AssumptionPanel::tr("Default: %1. Allowed: %2 to %3.").arg(v(a.value), v(a.min), v(a.max));
    if (a.sampled)
        t += QStringLiteral("<br>") + AssumptionPanel::tr("Uncertainty range (P10 to P90, %1): %2 to %3.")
                                          .arg(qs(a.distribution), v(a.low), v(a.high));
    t += QStringLiteral("</p>");
    if (!a.rangeReason.empty())
        t += QStringLiteral("<p>") + AssumptionPanel::tr("Why this range: %1").arg(qs(a.rangeReason).toHtmlEscaped()) +
             QStringLiteral("</p>");
    if (!a.source.empty())
        t += QStringLiteral("<p>") + AssumptionPanel::tr("Source: %1").arg(qs(a.source).toHtmlEscaped()) + QStringLiteral("</p>");
    return t;
}

bool nearlyEqual(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

} // namespace

SliderScale SliderScale::forAssumption(const ff::AssumptionDef &a)
{
    SliderScale s;
    s.min = a.min;
    s.max = a.max;
    s.integer = a.integer;
    s.log = (a.distribution == "lognormal" || a.max >= 30 * a.min) && a.min > 0 && a.max > a.min && !a.integer;
    s.money = a.unit == "USD";
    s.month = a.unit == "year";
    s.decimals = s.month ? 4 : decimalsFor(a);
    return s;
}

QString SliderScale::text(double value, const QString &unit) const
{
    if (month)
        return qs(ff::formatMonth(value));
    if (money)
        return QStringLiteral("$%L1").arg(value, 0, 'f', 0);
    if (integer || decimals == 0)
        return QStringLiteral("%L1 %2").arg(value, 0, 'f', 0).arg(unit).trimmed();
    return QStringLiteral("%1 %2").arg(QString::number(value, 'f', decimals), unit).trimmed();
}

namespace {
// A date in years shown as YYYY-MM (one date format everywhere), stepping a month.
class MonthSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double v) const override { return qs(ff::formatMonth(v)); }
    double valueFromText(const QString &text) const override
    {
        const QStringList p = text.trimmed().split(QLatin1Char('-'));
        const int y = p.value(0).toInt(), m = std::clamp(p.value(1, QStringLiteral("1")).toInt(), 1, 12);
        return y + (m - 1) / 12.0;
    }
    QValidator::State validate(QString &input, int &) const override
    {
        static const QRegularExpression full(QStringLiteral("^\\s*\\d{4}-(0[1-9]|1[0-2])\\s*$"));
        static const QRegularExpression partial(QStringLiteral("^\\s*\\d{0,4}(-\\d{0,2})?\\s*$"));
        if (full.match(input).hasMatch()) {
            const double v = valueFromText(input);
            return v >= minimum() - 1e-9 && v <= maximum() + 1e-9 ? QValidator::Acceptable : QValidator::Intermediate;
        }
        return partial.match(input).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
    }
};
} // namespace

int SliderScale::sliderMinimum() const { return integer ? static_cast<int>(std::ceil(min)) : 0; }

int SliderScale::sliderMaximum() const { return integer ? static_cast<int>(std::floor(max)) : kSteps; }

int SliderScale::toSlider(double value) const
{
    if (integer)
        return std::clamp(static_cast<int>(std::lround(value)), sliderMinimum(), sliderMaximum());
    if (!(max > min))
        return 0;
    const double f = log ? std::log(value / min) / std::log(max / min) : (value - min) / (max - min);
    return std::clamp(static_cast<int>(std::lround(f * kSteps)), 0, kSteps);
}

double SliderScale::fromSlider(int position) const
{
    if (integer)
        return std::clamp(static_cast<double>(position), min, max);
    const double f = static_cast<double>(position) / kSteps;
    double v = log ? min * std::pow(max / min, f) : min + (max - min) * f;
    if (month) {
        v = std::round(v * 12) / 12; // a whole month
    } else if (log && v > 0) {
        // Round numbers on a log scale: two significant digits for money ($2,100, not $2,134), three otherwise.
        const double mag = std::pow(10.0, std::floor(std::log10(v)) - (money ? 1 : 2));
        v = std::round(v / mag) * mag;
        const double p = std::pow(10.0, decimals);
        v = std::round(v * p) / p;
    } else {
        const double p = std::pow(10.0, decimals);
        v = std::round(v * p) / p;
    }
    return std::clamp(v, min, max);
}

AssumptionPanel::AssumptionPanel(const ff::DataSet &data, QWidget *parent) : QWidget(parent), mData(data)
{
    auto *layout = new QVBoxLayout(this);

    auto *targetBox = new QGroupBox(tr("Target"), this);
    targetBox->setObjectName(QStringLiteral("group_target"));
    auto *form = new QFormLayout(targetBox);
    mTarget = new QComboBox(targetBox);
    mTarget->setObjectName(QStringLiteral("targetModelCombo"));
    mTarget->setAccessibleName(tr("Target model"));
    mTarget->setToolTip(tr("The hosted model local hardware has to match. Sonnet-class models first, then every "
                           "frontier model with a quality score."));
    std::vector<const ff::FrontierModel *> sonnet, others;
    for (const auto &m : data.frontierModels)
        if (m.scored)
            (m.sonnetClass ? sonnet : others).push_back(&m);
    const auto byDate = [](const ff::FrontierModel *a, const ff::FrontierModel *b) { return a->released < b->released; };
    std::stable_sort(sonnet.begin(), sonnet.end(), byDate);
    std::stable_sort(others.begin(), others.end(), byDate);
    for (const auto *m : sonnet)
        mTarget->addItem(qs(m->name), qs(m->name));
    if (!sonnet.empty() && !others.empty())
        mTarget->insertSeparator(mTarget->count());
    for (const auto *m : others)
        mTarget->addItem(qs(m->name), qs(m->name));
    auto *targetLabel = new QLabel(tr("&Model:"), targetBox);
    targetLabel->setBuddy(mTarget);
    form->addRow(targetLabel, mTarget);
    mYardstick = new QComboBox(targetBox);
    mYardstick->setObjectName(QStringLiteral("yardstickCombo"));
    mYardstick->setAccessibleName(tr("Yardstick"));
    mYardstick->setToolTip(tr("What Sonnet-class quality is measured by: general ability (the Epoch Capabilities Index) "
                              "or coding agents (SWE-rebench: one scaffold, fresh tasks of one window; secondary: "
                              "SWE-bench Verified, contaminated, independent runs preferred to vendor claims). "
                              "Each has its own fitted quality law; the report shows all three."));
    for (ff::Yardstick y : ff::allYardsticks())
        mYardstick->addItem(y == ff::Yardstick::Coding           ? tr("Coding agents (SWE-rebench)")
                            : y == ff::Yardstick::CodingVerified ? tr("Coding agents, secondary (SWE-bench Verified)")
                                                                 : tr("General ability (Epoch Capabilities Index)"),
                            static_cast<int>(y));
    auto *yardstickLabel = new QLabel(tr("&Yardstick:"), targetBox);
    yardstickLabel->setBuddy(mYardstick);
    form->addRow(yardstickLabel, mYardstick);
    connect(mYardstick, &QComboBox::activated, this,
            [this](int index) { emit yardstickEdited(static_cast<ff::Yardstick>(mYardstick->itemData(index).toInt())); });
    mAsOf = new QComboBox(targetBox);
    mAsOf->setObjectName(QStringLiteral("asOfCombo"));
    mAsOf->setAccessibleName(tr("As of"));
    mAsOf->setToolTip(tr("Make the forecast as it could have been made on this date: every catalog is cut to what "
                         "was known then and every fit is redone (a hindcast). The target must have been released by then."));
    auto *asOfLabel = new QLabel(tr("&As of:"), targetBox);
    asOfLabel->setBuddy(mAsOf);
    form->addRow(asOfLabel, mAsOf);
    layout->addWidget(targetBox);
    connect(mTarget, &QComboBox::activated, this, [this](int index) {
        const QString name = mTarget->itemData(index).toString();
        if (!name.isEmpty())
            emit targetEdited(name);
    });
    connect(mAsOf, &QComboBox::activated, this, [this](int index) { emit asOfEdited(mAsOf->itemData(index).toDouble()); });

    mRows.reserve(data.assumptions.size());
    // The budget is the question's own number: it sits with the target, at the top.
    static const char *const kFirst[] = {"budget_usd"};
    auto *targetRows = new QVBoxLayout;
    targetRows->setSpacing(2);
    form->addRow(targetRows);
    for (const char *name : kFirst)
        if (const ff::AssumptionDef *a = data.assumption(name))
            addRow(*a, targetBox, targetRows);
    QGroupBox *group = nullptr;
    QVBoxLayout *groupLayout = nullptr;
    std::string groupName;
    for (const auto &a : data.assumptions) {
        if (std::find(std::begin(kFirst), std::end(kFirst), a.name) != std::end(kFirst))
            continue;
        if (!group || a.group != groupName) {
            groupName = a.group;
            group = new QGroupBox(qs(a.group), this);
            group->setObjectName(QStringLiteral("group_") + qs(a.group).toLower().replace(QLatin1Char(' '), QLatin1Char('_')));
            groupLayout = new QVBoxLayout(group);
            groupLayout->setSpacing(2);
            layout->addWidget(group);
        }
        addRow(a, group, groupLayout);
    }
    layout->addStretch(1);
    // The wheel scrolls the panel; only a control with the focus takes it. Undo stays the scenario's.
    InputGuard::install(this);
}

void AssumptionPanel::addRow(const ff::AssumptionDef &a, QWidget *parent, QLayout *layout)
{
    Row row;
    row.def = &a;
    row.shownDefault = a.value;
    row.scale = SliderScale::forAssumption(a);
    layout->addWidget(createRow(row, parent));
    mRows.push_back(row);
}

QWidget *AssumptionPanel::createRow(Row &row, QWidget *parent)
{
    const ff::AssumptionDef &a = *row.def;
    const QString name = qs(a.name);
    const QString label = qs(a.label);
    const QString tip = tooltipFor(a, row.scale);

    auto *w = new QWidget(parent);
    w->setObjectName(QStringLiteral("row_") + name);
    auto *grid = new QGridLayout(w);
    grid->setContentsMargins(0, 4, 0, 2);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(1);

    // "Next consumer generation: year" needs no "(year)".
    const bool unitInLabel = a.unit.empty() || label.endsWith(qs(a.unit), Qt::CaseInsensitive) || a.unit == "USD";
    // A unit with its own parentheses ("B params (dense-equiv.)") follows "in", never nested brackets.
    const QString unit = qs(a.unit);
    row.label = new QLabel(unitInLabel ? label : unit.contains(QLatin1Char('(')) ? tr("%1 in %2").arg(label, unit) : tr("%1 (%2)").arg(label, unit), w);
    row.label->setObjectName(QStringLiteral("label_") + name);
    row.label->setWordWrap(true);
    row.label->setToolTip(tip);

    row.slider = new QSlider(Qt::Horizontal, w);
    row.slider->setObjectName(QStringLiteral("slider_") + name);
    row.slider->setAccessibleName(tr("%1 slider").arg(label));
    row.slider->setRange(row.scale.sliderMinimum(), row.scale.sliderMaximum());
    row.slider->setSingleStep(1);
    row.slider->setPageStep(row.scale.integer ? 1 : SliderScale::kSteps / 20);
    row.slider->setToolTip(tip);
    row.slider->setMinimumWidth(120);

    row.spin = row.scale.month ? new MonthSpinBox(w) : new QDoubleSpinBox(w);
    row.spin->setObjectName(QStringLiteral("spin_") + name);
    row.spin->setAccessibleName(label);
    row.spin->setDecimals(row.scale.decimals);
    row.spin->setRange(a.min, a.max);
    row.spin->setSingleStep(row.scale.integer ? 1.0 : row.scale.month ? 1.0 / 12 : niceStep((a.max - a.min) / 100, row.scale.decimals));
    if (row.scale.money) {
        row.spin->setPrefix(QStringLiteral("$"));
        row.spin->setGroupSeparatorShown(true);
        row.spin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    }
    row.spin->setKeyboardTracking(false);
    row.spin->setToolTip(tip);
    row.spin->setMinimumWidth(row.spin->fontMetrics().horizontalAdvance(row.spin->prefix() + row.spin->textFromValue(a.max)) + 40);
    row.label->setBuddy(row.spin);

    row.reset = new QToolButton(w);
    row.reset->setObjectName(QStringLiteral("reset_") + name);
    row.reset->setText(tr("Default"));
    row.reset->setAccessibleName(tr("Reset %1 to its default").arg(label));
    row.reset->setToolTip(tr("Reset to the default, %1").arg(row.scale.text(a.value, qs(a.unit))));
    row.reset->setAutoRaise(true);

    grid->addWidget(row.label, 0, 0, 1, 3);
    grid->addWidget(row.slider, 1, 0);
    grid->addWidget(row.spin, 1, 1);
    grid->addWidget(row.reset, 1, 2);
    grid->setColumnStretch(0, 1);

    QSlider *slider = row.slider;
    QDoubleSpinBox *spin = row.spin;
    const SliderScale scale = row.scale;
    const double def = a.value;
    connect(slider, &QSlider::valueChanged, this, [this, name, spin, scale](int pos) {
        const double v = scale.fromSlider(pos);
        {
            const QSignalBlocker block(spin);
            spin->setValue(v);
        }
        emit assumptionEdited(name, v);
    });
    connect(spin, &QDoubleSpinBox::valueChanged, this, [this, name, slider, scale](double v) {
        {
            const QSignalBlocker block(slider);
            slider->setValue(scale.toSlider(v));
        }
        emit assumptionEdited(name, v);
    });
    connect(slider, &QSlider::sliderPressed, this, &AssumptionPanel::interactionStarted);
    connect(slider, &QSlider::sliderReleased, this, &AssumptionPanel::interactionFinished);
    connect(spin, &QDoubleSpinBox::editingFinished, this, &AssumptionPanel::interactionFinished);
    connect(row.reset, &QToolButton::clicked, this, [this, name, def] {
        emit interactionFinished();
        // The default in the scenario shown: the target's measured speed follows the target.
        const ff::AssumptionDef *a = mData.assumption(name.toStdString());
        emit assumptionEdited(name, a ? ff::defaultValue(mData, mShown, *a) : def);
        emit interactionFinished();
    });
    return w;
}

void AssumptionPanel::showValue(Row &row, double value)
{
    {
        const QSignalBlocker b1(row.slider);
        const QSignalBlocker b2(row.spin);
        // The slider is moved only when its position is wrong, so a drag is never fought.
        if (row.slider->value() != row.scale.toSlider(value) && !row.slider->isSliderDown())
            row.slider->setValue(row.scale.toSlider(value));
        if (!nearlyEqual(row.spin->value(), value))
            row.spin->setValue(value);
    }
    const bool modified = !nearlyEqual(value, row.shownDefault);
    row.reset->setEnabled(modified);
    QFont f = row.label->font();
    if (f.bold() != modified) {
        f.setBold(modified);
        row.label->setFont(f);
    }
}

void AssumptionPanel::showScenario(const ff::Scenario &scenario)
{
    mShown = scenario;
    for (Row &row : mRows) {
        const auto it = scenario.values.find(row.def->name);
        row.shownDefault = ff::defaultValue(mData, scenario, *row.def);
        showValue(row, it == scenario.values.end() ? row.shownDefault : it->second);
    }
    const QString target = qs(scenario.targetModel.empty() ? mData.settings.defaultTarget : scenario.targetModel);
    const int i = mTarget->findData(target);
    const QSignalBlocker block(mTarget);
    mTarget->setCurrentIndex(i);
    {
        const QSignalBlocker blockYardstick(mYardstick);
        mYardstick->setCurrentIndex(mYardstick->findData(static_cast<int>(scenario.yardstick)));
    }
    if (mAsOf->count() > 0) {
        // The latest data unless the scenario names a date; a date between choices shows the one before it.
        const double asOf = scenario.asOf.value_or(mAsOf->itemData(mAsOf->count() - 1).toDouble());
        int k = 0;
        for (int j = 0; j < mAsOf->count(); ++j)
            if (mAsOf->itemData(j).toDouble() <= asOf + 1e-6)
                k = j;
        const QSignalBlocker blockAsOf(mAsOf);
        mAsOf->setCurrentIndex(k);
    }
}

void AssumptionPanel::setAsOfChoices(const std::vector<double> &dates)
{
    const QSignalBlocker block(mAsOf);
    mAsOf->clear();
    for (std::size_t i = 0; i < dates.size(); ++i) {
        const QString month = qs(ff::formatMonth(dates[i]));
        mAsOf->addItem(i + 1 == dates.size() ? tr("%1 (latest data)").arg(month) : month, dates[i]);
    }
    mAsOf->setCurrentIndex(mAsOf->count() - 1);
}

QWidget *AssumptionPanel::firstControl() const { return mTarget; }

QWidget *AssumptionPanel::lastControl() const
{
    return mRows.empty() ? static_cast<QWidget *>(mTarget) : static_cast<QWidget *>(mRows.back().reset);
}

} // namespace ffui

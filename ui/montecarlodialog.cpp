#include "montecarlodialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

#include "uncertainty/montecarlo.h"

namespace ffui {

MonteCarloDialog::MonteCarloDialog(int samples, std::uint64_t seed, const QString &lastRun, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Monte Carlo Settings"));
    setObjectName(QStringLiteral("monteCarloDialog"));
    setMinimumWidth(420);

    auto *intro = new QLabel(tr("Every uncertain assumption is drawn from its range once per sample; the parity "
                                "ranges, the fan and the histogram come from these samples. The same seed gives "
                                "the same figures."),
                             this);
    intro->setWordWrap(true);

    mSamples = new QSpinBox(this);
    mSamples->setObjectName(QStringLiteral("monteCarloSamples"));
    mSamples->setRange(kMinSamples, kMaxSamples);
    mSamples->setSingleStep(1000);
    mSamples->setGroupSeparatorShown(true);
    mSamples->setValue(std::clamp(samples, kMinSamples, kMaxSamples));
    mSamples->setAccessibleName(tr("Monte Carlo samples"));
    mSamples->setToolTip(tr("More samples give steadier ranges and take longer (default %L1).").arg(ff::kDefaultSamples));

    mSeed = new QSpinBox(this);
    mSeed->setObjectName(QStringLiteral("monteCarloSeed"));
    mSeed->setRange(1, std::numeric_limits<int>::max());
    mSeed->setValue(static_cast<int>(std::clamp<std::uint64_t>(seed, 1, std::numeric_limits<int>::max())));
    mSeed->setAccessibleName(tr("Monte Carlo seed"));
    mSeed->setToolTip(tr("The random stream: change it to see how much the ranges move by chance."));

    auto *last = new QLabel(lastRun.isEmpty() ? tr("No run has finished yet.") : tr("Last run: %1.").arg(lastRun), this);
    last->setObjectName(QStringLiteral("monteCarloLastRun"));
    last->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Samples:"), mSamples);
    form->addRow(tr("S&eed:"), mSeed);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        mSamples->setValue(ff::kDefaultSamples);
        mSeed->setValue(1);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(last);
    layout->addWidget(buttons);
}

int MonteCarloDialog::samples() const { return mSamples->value(); }

std::uint64_t MonteCarloDialog::seed() const { return static_cast<std::uint64_t>(mSeed->value()); }

} // namespace ffui

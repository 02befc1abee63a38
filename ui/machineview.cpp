#include "machineview.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QHeaderView>
#include <QKeyEvent>
#include <QKeySequence>
#include <QShortcut>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

#include "machinedetect.h"
#include "qtstrings.h"
#include "report/report.h"
#include "core/timeutil.h"

namespace ffui {

namespace {

QLabel *valueLabel(const QString &name, QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}
} // namespace

MachineView::MachineView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("machineView"));
    setAccessibleName(tr("This machine"));

    QHBoxLayout *pick = createPicker();
    QFrame *card = createCard();
    QLabel *tableTitle = createTable();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(pick);
    layout->addWidget(mStatus);
    layout->addWidget(card);
    layout->addWidget(tableTitle);
    layout->addWidget(mTable, 1);
    addCloseButton(layout);
    connectControls();
}

QHBoxLayout *MachineView::createPicker()
{
    mPart = new QComboBox(this);
    mPart->setObjectName(QStringLiteral("machinePart"));
    mPart->setAccessibleName(tr("Catalog part"));
    mPart->setMinimumContentsLength(22);
    mGpus = new QSpinBox(this);
    mGpus->setObjectName(QStringLiteral("machineGpus"));
    mGpus->setAccessibleName(tr("Cards"));
    mGpus->setRange(1, 16);
    mGpus->setSuffix(tr(" card(s)"));
    mRam = new QSpinBox(this);
    mRam->setObjectName(QStringLiteral("machineRam"));
    mRam->setAccessibleName(tr("System RAM in GB"));
    mRam->setRange(0, 65536);
    mRam->setSuffix(tr(" GB RAM"));
    mRam->setSpecialValueText(tr("default RAM"));
    mDescribe = new QLineEdit(this);
    mDescribe->setObjectName(QStringLiteral("machineDescribe"));
    mDescribe->setAccessibleName(tr("Describe the box"));
    mDescribe->setPlaceholderText(tr("or describe it: RTX 4090 + 64 GB"));
    mDescribe->setClearButtonEnabled(true);
    mDetect = new QPushButton(tr("&Detect This Machine"), this);
    mDetect->setObjectName(QStringLiteral("machineDetect"));
    mDetect->setToolTip(tr("Ask nvidia-smi, /sys/class/drm, lspci and /proc/meminfo what is in this computer"));
    mStatus = valueLabel(QStringLiteral("machineStatus"), this);

    auto *pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Box:"), this));
    pick->addWidget(mPart, 2);
    pick->addWidget(mGpus);
    pick->addWidget(mRam);
    pick->addWidget(mDescribe, 2);
    pick->addWidget(mDetect);
    return pick;
}

QFrame *MachineView::createCard()
{
    mHeadline = valueLabel(QStringLiteral("machineHeadline"), this);
    QFont big = mHeadline->font();
    big.setPointSizeF(big.pointSizeF() * 1.7);
    big.setBold(true);
    mHeadline->setFont(big);
    mSubline = valueLabel(QStringLiteral("machineSubline"), this);
    mProgress = new QProgressBar(this);
    mProgress->setObjectName(QStringLiteral("machineProgress"));
    mProgress->setAccessibleName(tr("Quality of the best model this box runs at API speed against the target's"));
    mProgress->setRange(0, 100);
    mProgress->setTextVisible(true);
    mProgress->setMinimumHeight(28);
    mRuns = valueLabel(QStringLiteral("machineRuns"), this);
    mFits = valueLabel(QStringLiteral("machineFits"), this);
    mGap = valueLabel(QStringLiteral("machineGap"), this);
    mFrontier = valueLabel(QStringLiteral("machineFrontier"), this);
    mLaw = valueLabel(QStringLiteral("machineLaw"), this);
    mPurchase = valueLabel(QStringLiteral("machinePurchase"), this);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    form->addRow(tr("This box, at API speed today:"), mRuns);
    form->addRow(tr("This box, at any speed:"), mFits);
    form->addRow(tr("This box, from the target:"), mGap);
    form->addRow(tr("This box, frontier equivalent:"), mFrontier);
    form->addRow(tr("This box, with no purchase:"), mLaw);
    form->addRow(tr("The best purchase under the budget:"), mPurchase);
    form->setVerticalSpacing(10);
    auto *card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    auto *cardLayout = new QVBoxLayout(card);
    cardLayout->setSpacing(10);
    cardLayout->addWidget(mHeadline);
    cardLayout->addWidget(mSubline);
    cardLayout->addWidget(mProgress);
    cardLayout->addLayout(form);
    QFont body = card->font();
    body.setPointSizeF(body.pointSizeF() * 1.15);
    for (QLabel *l : card->findChildren<QLabel *>())
        if (l != mHeadline)
            l->setFont(body);
    return card;
}

QLabel *MachineView::createTable()
{
    mTable = new QTableWidget(0, 7, this);
    mTable->setObjectName(QStringLiteral("machineRunsTable"));
    mTable->setAccessibleName(tr("Catalog models on this box"));
    mTable->setHorizontalHeaderLabels({tr("Model"), tr("Precision"), tr("Quality"), tr("Tokens/s"), tr("Memory GB (weights + KV + overhead)"), tr("Fit"), tr("At API speed")});
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->verticalHeader()->setVisible(false);
    mTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    mTable->setAlternatingRowColors(true);
    // At least four rows of the table in view, whatever the card above takes.
    mTable->setMinimumHeight(mTable->horizontalHeader()->sizeHint().height() + 4 * mTable->verticalHeader()->defaultSectionSize() + 4);
    auto *tableTitle = new QLabel(tr("Every catalog model on this box, best first (its fastest precision at API speed, else its best; \"tight\": under 10% of the memory left):"), this);
    return tableTitle;
}

void MachineView::addCloseButton(QVBoxLayout *layout)
{
    // Closed like any other window: a Close button, Esc and the platform's Close key (Ctrl+W).
    mClose = new QPushButton(tr("Close"), this);
    mClose->setObjectName(QStringLiteral("machineClose"));
    mClose->setAccessibleName(tr("Close This Machine"));
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(mClose);
    layout->addLayout(buttons);
    connect(mClose, &QPushButton::clicked, this, &QWidget::close);
    for (const QKeySequence &key : {QKeySequence(Qt::Key_Escape), QKeySequence(QKeySequence::Close)}) {
        auto *shortcut = new QShortcut(key, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &QWidget::close);
    }
}

void MachineView::connectControls()
{
    const auto fromControls = [this] {
        if (mUpdating || mPart->currentIndex() < 0)
            return;
        QString d = (mGpus->value() > 1 ? QStringLiteral("%1x ").arg(mGpus->value()) : QString()) + mPart->currentText();
        if (mRam->value() > 0 && mRam->isEnabled())
            d += QStringLiteral(" + %1 GB").arg(mRam->value());
        setBox(d);
    };
    connect(mPart, &QComboBox::currentIndexChanged, this, fromControls);
    connect(mGpus, &QSpinBox::valueChanged, this, fromControls);
    connect(mRam, &QSpinBox::valueChanged, this, fromControls);
    connect(mDescribe, &QLineEdit::returnPressed, this, [this] { setBox(mDescribe->text()); });
    connect(mDetect, &QPushButton::clicked, this, &MachineView::detect);
}

void MachineView::fillParts()
{
    mUpdating = true;
    const QString current = mPart->currentText();
    mPart->clear();
    for (const auto &p : mEngine->data().parts)
        mPart->addItem(qs(p.name));
    const int i = mPart->findText(mHaveSpec ? qs(mSpec.part) : current);
    mPart->setCurrentIndex(i);
    mUpdating = false;
}

void MachineView::setForecast(std::shared_ptr<const ff::Engine> engine, const ff::Scenario &s, const ff::Result &r)
{
    const bool newData = engine != mEngine;
    mEngine = std::move(engine);
    mScenario = s;
    mResult = std::make_shared<const ff::Result>(r);
    if (newData) {
        if (mHaveSpec && !mEngine->data().part(mSpec.part))
            mHaveSpec = false; // an imported device that is gone
        fillParts();
        if (!mHaveSpec) {
            // Start from the box of the budget's answer (a real catalog part), one card, default RAM.
            const ff::HardwarePart *p = nullptr;
            for (const auto &part : mEngine->data().parts)
                if (!p && !r.task.box.empty() && r.task.box.find(part.name) != std::string::npos && !part.measuredOnly)
                    p = &part;
            if (!p && !mEngine->data().parts.empty())
                p = &mEngine->data().parts.front();
            if (p) {
                mSpec = ff::parseBoxDescription(mEngine->data(), p->name);
                mHaveSpec = true;
            }
        }
    }
    mStale = true;
    if (isVisible())
        refresh();
}

bool MachineView::setBox(const QString &description)
{
    if (!mEngine)
        return false;
    try {
        mSpec = ff::parseBoxDescription(mEngine->data(), description.toStdString());
    } catch (const std::invalid_argument &e) {
        mStatus->setText(tr("Not a box of the catalog: %1").arg(qs(e.what())));
        return false;
    }
    mHaveSpec = true;
    mStatus->setText(mSpec.notes.empty() ? QString() : qs(mSpec.notes.front()));
    mStale = true;
    refresh();
    return true;
}

bool MachineView::detect()
{
    if (!mEngine)
        return false;
    try {
        mSpec = ff::detectMachine(mEngine->data());
    } catch (const std::invalid_argument &e) {
        mStatus->setText(tr("Detection: %1").arg(qs(e.what())));
        return false;
    }
    mHaveSpec = true;
    QStringList notes;
    for (const auto &n : mSpec.notes)
        notes << qs(n);
    mStatus->setText(tr("Detected: %1").arg(notes.join(QStringLiteral("; "))));
    mStale = true;
    refresh();
    return true;
}

QString MachineView::boxDescription() const { return mHaveSpec ? qs(mSpec.label) : QString(); }
QString MachineView::statusText() const { return mStatus->text(); }

void MachineView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (mStale)
        refresh();
}

void MachineView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape || event->matches(QKeySequence::Close)) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

void MachineView::refresh()
{
    if (!mEngine || !mResult || !mHaveSpec)
        return;
    try {
        mReport = ff::analyseMachine(*mEngine, mScenario, mSpec, mResult.get());
    } catch (const std::exception &e) {
        mStatus->setText(tr("Cannot analyse %1: %2").arg(qs(mSpec.label), qs(e.what())));
        return;
    }
    mStale = false;
    // The controls follow the box (without coming back here).
    mUpdating = true;
    mPart->setCurrentIndex(mPart->findText(qs(mSpec.part)));
    mGpus->setValue(mSpec.gpus);
    const ff::HardwarePart *part = mEngine->data().part(mSpec.part);
    const bool unified = part && part->kind == ff::PartKind::Unified;
    mGpus->setEnabled(!unified);
    mRam->setEnabled(!unified);
    mRam->setValue(mSpec.ramGb ? static_cast<int>(std::lround(*mSpec.ramGb)) : 0);
    mUpdating = false;

    const ff::MachineReport &r = mReport;
    const QLocale loc;
    const auto num = [&](double x, int d) { return loc.toString(x, 'f', d); };
    const auto run = [&](const ff::MachineRun &x) {
        return tr("%1 %2: %3 tokens/s (roofline %4), %5 of %6 GB%7")
            .arg(qs(x.model), qs(x.quant), num(x.decodeTokensPerS, 1), num(x.decodeBoundTokensPerS, 1), num(x.memoryGb, 1), num(x.capacityGb, 0),
                 x.offloadGb > 0 ? tr(", %1 GB in host RAM").arg(num(x.offloadGb, 1)) : QString());
    };
    const QString unit = qs(r.qualityUnit);
    if (r.atApiSpeed.found)
        mHeadline->setText(tr("%1 runs %2 at API speed today").arg(qs(r.spec.label), qs(r.atApiSpeed.model)));
    else
        mHeadline->setText(tr("%1 runs no catalog model at API speed today").arg(qs(r.spec.label)));
    mRuns->setText(r.atApiSpeed.found ? run(r.atApiSpeed) + tr(" \u2014 %1 %2 at %3 tokens/s and a %4k context")
                                                               .arg(num(r.atApiSpeed.quality, 1), unit, num(r.targetTokensPerS, 0), num(r.contextTokens / 1000, 0))
                                      : tr("nothing reaches %1 tokens/s with a %2k context").arg(num(r.targetTokensPerS, 0), num(r.contextTokens / 1000, 0)));
    mSubline->setText(r.atApiSpeed.found
                          ? tr("%1 tokens/s with a %2k context, %3 %4 (%5 %4 below %6)")
                                .arg(num(r.atApiSpeed.decodeTokensPerS, 1), num(r.contextTokens / 1000, 0), num(r.atApiSpeed.quality, 1), unit,
                                     num(std::max(0.0, r.gapPoints), 1), qs(r.target))
                          : tr("Nothing in the catalog reaches %1 tokens/s on it").arg(num(r.targetTokensPerS, 0)));
    std::vector<const ff::MachineRun *> rows;
    for (const auto &x : r.runs)
        rows.push_back(&x);
    for (const auto &x : r.tooBig)
        rows.push_back(&x);
    mTable->setRowCount(static_cast<int>(rows.size()));
    for (int i = 0; i < static_cast<int>(rows.size()); ++i) {
        const ff::MachineRun &x = *rows[static_cast<std::size_t>(i)];
        const bool fits = x.fit != ff::FitLevel::DoesNotFit;
        const bool fast = fits && x.decodeTokensPerS >= r.targetTokensPerS;
        const QString memory = tr("%1 = %2 + %3 + %4 of %5").arg(num(x.memoryGb, 1), num(x.weightsGb, 1), num(x.kvGb, 1), num(x.overheadGb, 1), num(x.capacityGb, 0));
        const QString fit = x.fit == ff::FitLevel::Runs ? tr("runs") : x.fit == ff::FitLevel::Tight ? tr("tight") : tr("does not fit");
        const QStringList cells = {qs(x.model), qs(x.quant), num(x.quality, 1), fits ? num(x.decodeTokensPerS, 1) : QStringLiteral("\u2014"),
                                   memory + (x.offloadGb > 0 ? tr(" (%1 in RAM)").arg(num(x.offloadGb, 1)) : QString()), fit,
                                   fast ? tr("yes") : tr("no")};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c >= 2 && c <= 4)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            mTable->setItem(i, c, item);
        }
    }
    mTable->resizeColumnsToContents();
    mTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    // What the catalog's best model at API speed on this box reaches against the target's quality.
    mProgress->setValue(static_cast<int>(std::lround(100 * r.qualityShare)));
    mProgress->setFormat(r.atApiSpeed.found ? tr("This box: %1 reaches %2 of %3's %4 %5: %p%")
                                                  .arg(qs(r.atApiSpeed.model), num(r.atApiSpeed.quality, 1), qs(r.target), num(r.targetQuality, 1), unit)
                                            : tr("This box: no catalog model at API speed; %1 scores %2 %3: %p%")
                                                  .arg(qs(r.target), num(r.targetQuality, 1), unit));
    mFits->setText(r.largestFit.found ? run(r.largestFit) + tr(" \u2014 %1 %2").arg(num(r.largestFit.quality, 1), unit) : tr("no catalog model fits"));
    mGap->setText(r.atApiSpeed.found ? (r.gapPoints > 0 ? tr("%1 %2 below %3 (%4 %2)").arg(num(r.gapPoints, 1), unit, qs(r.target), num(r.targetQuality, 1))
                                                        : tr("at or above %1 (%2 %3)").arg(qs(r.target), num(r.targetQuality, 1), unit))
                                     : tr("the target is %1 (%2 %3)").arg(qs(r.target), num(r.targetQuality, 1), unit));
    mFrontier->setText(r.matchesFrontier.empty() ? tr("below every scored frontier model")
                                                 : tr("%1 (released %2): %3 behind the frontier")
                                                       .arg(qs(r.matchesFrontier), qs(ff::formatMonth(r.matchesFrontierYear)), qs(ff::yearsText(r.lagYears, 1))));
    const double horizon = mEngine->data().settings.horizonYear;
    mLaw->setText(tr("runs %1 B dense-equivalent at API speed; the target needs %2 B today; %3")
                      .arg(num(r.runsDeffB, 1), num(r.needsDeffB, 1),
                           r.reachesByLaw ? (r.lawDue ? tr("by the law this box is due in the target's class since %1, not observed (no purchase)")
                                                      : tr("this box reaches the target's class in %1 by the law (projected, with no purchase)"))
                                                .arg(qs(ff::dateText(r.lawYear, true, horizon)))
                                          : tr("this box does not reach the target's class before %1").arg(qs(ff::dateText(horizon, false, horizon)))));
    const ff::ParityResult &b = r.purchase;
    const QString price = b.boxPrice ? tr("%1 of %2").arg(qs(ff::fmtUsd(b.boxPrice->totalUsd)), qs(ff::fmtUsd(r.budgetUsd))) : qs(ff::fmtUsd(r.budgetUsd));
    // The headline's answer, in the headline's words (the same function the cards use).
    const QString when = tr("parity %1 (the headline's answer)").arg(qs(ff::yearText(b)));
    mPurchase->setText(!b.reached ? tr("no box within %1 before the horizon").arg(qs(ff::fmtUsd(r.budgetUsd)))
                                  : tr("%1 (%2): %3").arg(qs(b.box), price, when));
}

} // namespace ffui

#include "exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>

namespace ffui {

namespace {
struct SizePreset {
    const char *name;
    int w, h;
};
const SizePreset kPresets[] = {
    {QT_TRANSLATE_NOOP("ffui::ExportDialog", "Slide, Full HD (1920 x 1080)"), 1920, 1080},
    {QT_TRANSLATE_NOOP("ffui::ExportDialog", "Slide, HD (1280 x 720)"), 1280, 720},
    {QT_TRANSLATE_NOOP("ffui::ExportDialog", "Document (1200 x 800)"), 1200, 800},
    {QT_TRANSLATE_NOOP("ffui::ExportDialog", "Square (1080 x 1080)"), 1080, 1080},
};
} // namespace

ExportDialog::ExportDialog(ChartKind chart, const ExportOptions &options, ChartExporter::Format format, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Chart"));
    auto *form = new QFormLayout;
    addChartRows(form, chart, format);
    addSizeRows(form);
    addLookRows(form, options);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export\u2026"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    showSize(options.size);
    connectControls();
}

void ExportDialog::addChartRows(QFormLayout *form, ChartKind chart, ChartExporter::Format format)
{
    mChart = new QComboBox(this);
    mChart->setObjectName(QStringLiteral("exportChartCombo"));
    mChart->setAccessibleName(tr("Chart"));
    for (ChartKind k : ChartFactory::kinds())
        mChart->addItem(ChartFactory::tabTitle(k), static_cast<int>(k));
    mChart->setCurrentIndex(mChart->findData(static_cast<int>(chart)));
    form->addRow(tr("&Chart:"), mChart);

    mFormat = new QComboBox(this);
    mFormat->setObjectName(QStringLiteral("exportFormatCombo"));
    mFormat->setAccessibleName(tr("Format"));
    mFormat->addItem(tr("PNG image"), static_cast<int>(ChartExporter::Format::Png));
    mFormat->addItem(tr("SVG drawing"), static_cast<int>(ChartExporter::Format::Svg));
    mFormat->setCurrentIndex(mFormat->findData(static_cast<int>(format)));
    form->addRow(tr("&Format:"), mFormat);
}

void ExportDialog::addSizeRows(QFormLayout *form)
{
    mPreset = new QComboBox(this);
    mPreset->setObjectName(QStringLiteral("exportSizePresetCombo"));
    mPreset->setAccessibleName(tr("Size preset"));
    for (const SizePreset &p : kPresets)
        mPreset->addItem(tr(p.name), QSize(p.w, p.h));
    mPreset->addItem(tr("Custom"));
    form->addRow(tr("&Size:"), mPreset);

    mWidth = new QSpinBox(this);
    mWidth->setObjectName(QStringLiteral("exportWidthSpin"));
    mWidth->setAccessibleName(tr("Width"));
    mWidth->setRange(ExportOptions::kMinSide, ExportOptions::kMaxSide);
    mWidth->setSuffix(tr(" px"));
    mHeight = new QSpinBox(this);
    mHeight->setObjectName(QStringLiteral("exportHeightSpin"));
    mHeight->setAccessibleName(tr("Height"));
    mHeight->setRange(ExportOptions::kMinSide, ExportOptions::kMaxSide);
    mHeight->setSuffix(tr(" px"));
    auto *dims = new QHBoxLayout;
    dims->addWidget(mWidth);
    dims->addWidget(new QLabel(QStringLiteral("\u00d7"), this));
    dims->addWidget(mHeight);
    auto *dimsLabel = new QLabel(tr("&Width and height:"), this);
    dimsLabel->setBuddy(mWidth);
    form->addRow(dimsLabel, dims);
}

void ExportDialog::addLookRows(QFormLayout *form, const ExportOptions &options)
{
    mScale = new QComboBox(this);
    mScale->setObjectName(QStringLiteral("exportScaleCombo"));
    mScale->setAccessibleName(tr("Pixel scale"));
    for (int s : {1, 2, 3})
        mScale->addItem(tr("%1x").arg(s), s);
    mScale->setCurrentIndex(std::max(0, mScale->findData(qRound(options.scale))));
    form->addRow(tr("Pi&xel scale:"), mScale);

    mCaption = new QCheckBox(tr("Caption with the scenario and key assumptions"), this);
    mCaption->setObjectName(QStringLiteral("exportCaptionCheck"));
    mCaption->setChecked(options.caption);
    form->addRow(QString(), mCaption);

    mDark = new QCheckBox(tr("Dark background (for dark slides; exports are light otherwise)"), this);
    mDark->setObjectName(QStringLiteral("exportDarkCheck"));
    mDark->setChecked(options.dark);
    form->addRow(QString(), mDark);

    mSummary = new QLabel(this);
    mSummary->setObjectName(QStringLiteral("exportSummary"));
    form->addRow(QString(), mSummary);
}

void ExportDialog::showSize(const QSize &size)
{
    mWidth->setValue(size.width());
    mHeight->setValue(size.height());
    int preset = mPreset->count() - 1;
    for (int i = 0; i < mPreset->count() - 1; ++i)
        if (mPreset->itemData(i).toSize() == size)
            preset = i;
    mPreset->setCurrentIndex(preset);
}

void ExportDialog::connectControls()
{
    connect(mPreset, &QComboBox::activated, this, &ExportDialog::presetChosen);
    const auto custom = [this] {
        const QSize now(mWidth->value(), mHeight->value());
        int match = mPreset->count() - 1;
        for (int i = 0; i < mPreset->count() - 1; ++i)
            if (mPreset->itemData(i).toSize() == now)
                match = i;
        const QSignalBlocker b(mPreset);
        mPreset->setCurrentIndex(match);
        refresh();
    };
    connect(mWidth, &QSpinBox::valueChanged, this, custom);
    connect(mHeight, &QSpinBox::valueChanged, this, custom);
    connect(mFormat, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(mScale, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    refresh();
}

void ExportDialog::presetChosen(int index)
{
    const QSize s = mPreset->itemData(index).toSize();
    if (!s.isValid())
        return;
    const QSignalBlocker b1(mWidth), b2(mHeight);
    mWidth->setValue(s.width());
    mHeight->setValue(s.height());
    refresh();
}

void ExportDialog::refresh()
{
    const bool png = format() == ChartExporter::Format::Png;
    mScale->setEnabled(png);
    const ExportOptions o = options();
    mSummary->setText(png ? tr("The image will be %1 x %2 pixels.").arg(qRound(o.size.width() * o.scale)).arg(qRound(o.size.height() * o.scale))
                          : tr("The drawing will be %1 x %2 units (vector).").arg(o.size.width()).arg(o.size.height()));
}

ChartKind ExportDialog::chart() const { return static_cast<ChartKind>(mChart->currentData().toInt()); }

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    o.size = QSize(mWidth->value(), mHeight->value());
    o.scale = mScale->currentData().toInt();
    o.caption = mCaption->isChecked();
    o.dark = mDark->isChecked();
    return o;
}

ChartExporter::Format ExportDialog::format() const
{
    return static_cast<ChartExporter::Format>(mFormat->currentData().toInt());
}

} // namespace ffui

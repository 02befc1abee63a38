#pragma once
// Asks which chart to export and how: format, size (with common presets), pixel scale and caption.
#include <QDialog>

#include "chartexporter.h"
#include "chartfactory.h"

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
QT_END_NAMESPACE

namespace ffui {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(ChartKind chart, const ExportOptions &options, ChartExporter::Format format, QWidget *parent = nullptr);

    ChartKind chart() const;
    ExportOptions options() const;
    ChartExporter::Format format() const;

private:
    void presetChosen(int index);
    void refresh();

    QComboBox *mChart = nullptr;
    QComboBox *mFormat = nullptr;
    QComboBox *mPreset = nullptr;
    QSpinBox *mWidth = nullptr;
    QSpinBox *mHeight = nullptr;
    QComboBox *mScale = nullptr;
    QCheckBox *mCaption = nullptr;
    QCheckBox *mDark = nullptr;
    QLabel *mSummary = nullptr;
};

} // namespace ffui

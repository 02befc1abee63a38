#pragma once
// Asks which chart to export and how: format, size (with common presets), pixel scale and caption.
#include <QDialog>

#include "chartexporter.h"
#include "chartfactory.h"

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QFormLayout;
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
    // The form's rows, top to bottom: which chart in which format, its size, how it looks.
    void addChartRows(QFormLayout *form, ChartKind chart, ChartExporter::Format format);
    void addSizeRows(QFormLayout *form);
    void addLookRows(QFormLayout *form, const ExportOptions &options);
    void showSize(const QSize &size); // in the spin boxes, and its preset (else Custom)
    void connectControls();           // what editing does, then the summary
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

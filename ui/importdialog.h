#pragma once
// File > Import: a llama-bench run (JSON, JSONL, CSV) or a Capabilities Index CSV, previewed (rows,
// matches, what the calibration and the default answer become, every problem with its line and
// field) before anything is merged; Import is one undoable step of the user data (UserDataStore).
#include <QDialog>

#include "importers.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
QT_END_NAMESPACE

namespace ffui {

class UserDataStore;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(UserDataStore *store, QWidget *parent = nullptr);

    // Reads and previews a file; kind "llama-bench", "index" or empty (from the content).
    bool loadFile(const QString &path, const QString &kind = {});
    // The llama-bench part every row ran on, when gpu_info names none (empty: from gpu_info).
    void setHardware(const QString &part);
    const ff::ImportPreview &preview() const { return mPreview; }
    QString previewText() const;
    bool canImport() const;
    // Merges the previewed import (one undoable step). False with *error when refused.
    bool importNow(QString *error = nullptr);

private:
    void browse();
    void updatePreview();

    UserDataStore *mStore;
    QString mPath, mText;
    ff::ImportPreview mPreview;
    QLineEdit *mFile = nullptr;
    QComboBox *mKind = nullptr;
    QComboBox *mHardware = nullptr;
    QPlainTextEdit *mView = nullptr;
    QLabel *mSummary = nullptr;
    QPushButton *mImport = nullptr;
};

} // namespace ffui

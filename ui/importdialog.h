#pragma once
// File > Import: a llama-bench run (JSON, JSONL, CSV), a Capabilities Index CSV, a prices CSV, a
// parts CSV or a Hugging Face config.json (a new open model: name, release, score and source typed
// in fields, as `import model` takes them as options), previewed (rows,
// matches, what the calibration and the default answer become, every problem with its line and
// field) before anything is merged; Import is one undoable step of the user data (UserDataStore).
#include <QDialog>

#include <memory>
#include <string>

#include "files/importers.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QThread;
class QTimer;
QT_END_NAMESPACE

namespace ffui {

class UserDataStore;

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(UserDataStore *store, QWidget *parent = nullptr);

    // Reads and previews a file; kind "llama-bench", "index", "prices", "part", "model" or empty (from the content).
    bool loadFile(const QString &path, const QString &kind = {});
    // The llama-bench part every row ran on, when gpu_info names none (empty: from gpu_info).
    void setHardware(const QString &part);
    const ff::ImportPreview &preview() const { return mPreview; }
    QString previewText() const;
    // The preview is valid and its refit (off the GUI thread) is done.
    bool canImport() const;
    // The refit of the preview is running (a progress indicator shows it).
    bool isRefitting() const { return mWorker != nullptr; }
    // Waits for the refit (tests, importNow). False when it did not end within ms.
    bool waitForPreview(int ms = 120000);
    // Merges the previewed import (one undoable step). False with *error when refused.
    bool importNow(QString *error = nullptr);

private:
    void browse();
    void updatePreview();
    void showKindFields();
    void createModelFields();
    void fieldEdited();
    void refitDone(int generation, const QString &text, std::shared_ptr<const ff::Engine> after, const ff::UserLayer &next, const QString &error);

    UserDataStore *mStore;
    QString mPath;
    std::string mBytes; // the file as read: bytes, not text (a byte that is not UTF-8 is the importer's to name)
    ff::ImportPreview mPreview;
    QLineEdit *mFile = nullptr;
    QComboBox *mKind = nullptr;
    QComboBox *mHardware = nullptr;
    QFormLayout *mForm = nullptr;
    // `import model`'s options (shown for a config.json): edits preview again after a short pause.
    QLineEdit *mModelName = nullptr;
    QLineEdit *mModelReleased = nullptr;
    QLineEdit *mModelScore = nullptr;
    QLineEdit *mModelSource = nullptr;
    QTimer *mFieldTimer = nullptr;
    QPlainTextEdit *mView = nullptr;
    QLabel *mSummary = nullptr;
    QPushButton *mImport = nullptr;
    QProgressBar *mProgress = nullptr;
    QThread *mWorker = nullptr;       // the running refit
    int mGeneration = 0;              // a newer preview makes an older refit's result stale
    bool mImpactDone = false;
    std::shared_ptr<const ff::Engine> mAfter; // the refitted engine of the previewed layer
    ff::UserLayer mAfterLayer;
};

} // namespace ffui

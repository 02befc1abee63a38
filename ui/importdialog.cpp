#include "importdialog.h"

#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "qtstrings.h"
#include "forecast.h"
#include "userdatastore.h"

namespace ffui {

ImportDialog::ImportDialog(UserDataStore *store, QWidget *parent) : QDialog(parent), mStore(store)
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import Data"));
    mFile = new QLineEdit(this);
    mFile->setObjectName(QStringLiteral("importFile"));
    mFile->setAccessibleName(tr("File to import"));
    mFile->setReadOnly(true);
    auto *browseButton = new QPushButton(tr("&Choose\u2026"), this);
    browseButton->setObjectName(QStringLiteral("importBrowse"));
    mKind = new QComboBox(this);
    mKind->setObjectName(QStringLiteral("importKind"));
    mKind->setAccessibleName(tr("Kind of file"));
    mKind->addItem(tr("llama-bench run (JSON, JSONL, CSV)"), QStringLiteral("llama-bench"));
    mKind->addItem(tr("Epoch Capabilities Index (CSV)"), QStringLiteral("index"));
    mHardware = new QComboBox(this);
    mHardware->setObjectName(QStringLiteral("importHardware"));
    mHardware->setAccessibleName(tr("Hardware of the run"));
    mHardware->addItem(tr("From gpu_info"), QString());
    for (const auto &p : mStore->engine()->data().parts)
        mHardware->addItem(qs(p.name), qs(p.name));
    mView = new QPlainTextEdit(this);
    mView->setObjectName(QStringLiteral("importPreview"));
    mView->setAccessibleName(tr("What will change"));
    mView->setReadOnly(true);
    mView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mView->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    mSummary = new QLabel(this);
    mSummary->setObjectName(QStringLiteral("importSummary"));
    mSummary->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    mImport = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    mImport->setObjectName(QStringLiteral("importButton"));
    mImport->setEnabled(false);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(mFile, 1);
    fileRow->addWidget(browseButton);
    auto *form = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Kind:"), mKind);
    form->addRow(tr("llama-bench hardware:"), mHardware);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Imported rows go to %1, on top of the shipped data (which is never changed). "
                                "Nothing is merged unless the whole file is valid; Help > Data Sources lists, undoes and removes imports.")
                                 .arg(QDir::toNativeSeparators(mStore->layerFile())),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(mView, 1);
    layout->addWidget(mSummary);
    layout->addWidget(buttons);
    resize(980, 640);

    browseButton->setFocus(); // with no file yet, choosing one is the first thing to do
    connect(browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(mKind, &QComboBox::currentIndexChanged, this, &ImportDialog::updatePreview);
    connect(mHardware, &QComboBox::currentIndexChanged, this, &ImportDialog::updatePreview);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(mImport, &QPushButton::clicked, this, [this] {
        QString error;
        if (importNow(&error))
            accept();
        else
            mSummary->setText(tr("Not imported: %1").arg(error));
    });
}

void ImportDialog::browse()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Data"), QString(),
                                                      tr("llama-bench or index files (*.json *.jsonl *.csv);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

bool ImportDialog::loadFile(const QString &path, const QString &kind)
{
    mPath = path;
    mFile->setText(QDir::toNativeSeparators(path));
    try {
        mText = qs(ff::readFileCapped(path.toStdString(), 16u << 20));
    } catch (const ff::DataError &e) {
        mText.clear();
        mPreview = ff::ImportPreview{};
        mView->setPlainText(qs(e.what()));
        mSummary->setText(tr("The file cannot be read."));
        mImport->setEnabled(false);
        return false;
    }
    QString k = kind;
    if (k.isEmpty())
        k = mText.left(400).contains(QLatin1String("ECI Score")) ? QStringLiteral("index") : QStringLiteral("llama-bench");
    const bool blocked = mKind->blockSignals(true);
    mKind->setCurrentIndex(mKind->findData(k));
    mKind->blockSignals(blocked);
    updatePreview();
    return canImport();
}

void ImportDialog::setHardware(const QString &part)
{
    mHardware->setCurrentIndex(std::max(0, mHardware->findData(part)));
}

void ImportDialog::updatePreview()
{
    if (mPath.isEmpty())
        return;
    const bool bench = mKind->currentData().toString() == QLatin1String("llama-bench");
    mHardware->setEnabled(bench);
    const std::string today = QDate::currentDate().toString(Qt::ISODate).toStdString();
    const auto engine = mStore->engine();
    if (bench) {
        ff::LlamaBenchOptions o;
        o.today = today;
        o.hardware = mHardware->currentData().toString().toStdString();
        mPreview = ff::previewLlamaBench(engine->data(), mText.toStdString(), mPath.toStdString(), o);
    } else {
        mPreview = ff::previewIndex(engine->data(), mText.toStdString(), mPath.toStdString(), today);
    }
    std::string text;
    if (mPreview.valid()) {
        // What it does to the calibration and the default answer: the layer with it, computed now.
        const ff::UserLayer next = ff::withImport(mStore->layer(), mPreview.import);
        try {
            const auto after = ff::layeredData(mStore->shippedDir().toStdString(), mStore->home().toStdString(), next).engine;
            const ff::ImportImpact impact = ff::assessImport(*engine, *after, next.imports.back().origin(), mPreview.rows);
            text = ff::previewText(mPreview, &impact, false);
        } catch (const std::exception &e) {
            mPreview.errors.push_back({0, "", std::string("the data refuses the import: ") + e.what()});
            text = ff::previewText(mPreview, nullptr, false);
        }
    } else {
        text = ff::previewText(mPreview, nullptr, false);
    }
    mView->setPlainText(qs(text));
    mSummary->setText(canImport() ? tr("Import adds %n row(s) as one step you can undo.", nullptr, static_cast<int>(mPreview.import.rowCount()))
                                  : tr("Nothing can be imported: see the problems above (line and field)."));
    mImport->setEnabled(canImport());
}

QString ImportDialog::previewText() const { return mView->toPlainText(); }

bool ImportDialog::canImport() const { return mPreview.valid(); }

bool ImportDialog::importNow(QString *error)
{
    if (!canImport()) {
        if (error)
            *error = tr("the preview has problems");
        return false;
    }
    return mStore->change(ff::withImport(mStore->layer(), mPreview.import),
                          tr("Import %1").arg(QFileInfo(mPath).fileName()), error);
}

} // namespace ffui

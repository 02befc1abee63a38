#include "importdialog.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QPointer>
#include <QProgressBar>
#include <QThread>
#include <QTimer>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <limits>

#include "core/clock.h"
#include "qtstrings.h"
#include "solver/forecast.h"
#include "files/modelimport.h"
#include "userdatastore.h"

namespace ffui {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("ffui::ImportDialog", text); }

// The model words its problems for the command line ("pass --hardware NAME"); in the window the same
// choice is the "llama-bench hardware" box above the preview.
QString windowWords(QString text)
{
    const QString box = tr("choose the part in \"llama-bench hardware\" above");
    text.replace(QStringLiteral("pass --hardware NAME, or describe a new device with --bandwidth GBPS --memory GB"),
                 tr("%1 (a device the catalog lacks needs its bandwidth and memory: the command line's import takes "
                    "them as --bandwidth GBPS --memory GB)")
                     .arg(box));
    text.replace(QStringLiteral("pass --hardware NAME to name the part"), box);
    text.replace(QStringLiteral("pass --hardware NAME for the part that sets the speed"), tr("%1: the part that sets the speed").arg(box));
    text.replace(QStringLiteral(" (--hardware)"), tr(" (chosen in \"llama-bench hardware\")"));
    // import model's options are the fields under "Kind" here.
    text.replace(QStringLiteral("give --released YYYY-MM"), tr("fill in \"Released\" (YYYY-MM)"));
    text.replace(QStringLiteral("give --source URL"), tr("fill in \"Source\""));
    text.replace(QStringLiteral("give --name"), tr("fill in \"Name\""));
    text.replace(QStringLiteral(": --name: "), tr(": Name: "));
    text.replace(QStringLiteral(": --released: "), tr(": Released: "));
    text.replace(QStringLiteral(": --score: "), tr(": Score: "));
    text.replace(QStringLiteral(": --source: "), tr(": Source: "));
    text.replace(QStringLiteral("`import model CONFIG.json --name NAME --released DATE --source URL` (it completes them)"),
                 tr("their config.json (Kind \"Hugging Face config.json\" here completes them)"));
    return text;
}

// A Hugging Face config.json (an object with the shapes) rather than a llama-bench run (an array,
// or JSONL objects with llama-bench's build fields).
bool looksLikeModelConfig(const std::string &bytes)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(bytes));
    if (!doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    return !o.contains(QLatin1String("build_commit")) &&
           (o.contains(QLatin1String("architectures")) || o.contains(QLatin1String("num_hidden_layers")) || o.contains(QLatin1String("text_config")));
}

} // namespace

// The fields of a new open model (import model): what config.json does not say.
void ImportDialog::createModelFields()
{
    const auto field = [this](const char *object, const QString &accessible, const QString &placeholder) {
        auto *e = new QLineEdit(this);
        e->setObjectName(QLatin1String(object));
        e->setAccessibleName(accessible);
        e->setPlaceholderText(placeholder);
        connect(e, &QLineEdit::textEdited, this, &ImportDialog::fieldEdited);
        return e;
    };
    mModelName = field("importModelName", tr("Name of the new model"), tr("default: the config's _name_or_path"));
    mModelReleased = field("importModelReleased", tr("Release date of the public weights"), tr("YYYY-MM (public weights), required"));
    mModelScore = field("importModelScore", tr("General quality score"), tr("optional: Epoch Capabilities Index score"));
    mModelSource = field("importModelSource", tr("Source of the config"),
                         tr("required: a public address of this config.json, e.g. https://huggingface.co/ORG/MODEL/blob/main/config.json"));
}

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
    mKind->addItem(tr("Prices: part, date, usd, kind, source; optional range, new-supply end (CSV)"), QStringLiteral("prices"));
    mKind->addItem(tr("Buyable parts: hardware.json's fields (CSV)"), QStringLiteral("part"));
    mKind->addItem(tr("Hugging Face config.json: a new open model"), QStringLiteral("model"));
    mHardware = new QComboBox(this);
    mHardware->setObjectName(QStringLiteral("importHardware"));
    mHardware->setAccessibleName(tr("Hardware of the run"));
    mHardware->addItem(tr("From gpu_info"), QString());
    for (const auto &p : mStore->engine()->data().parts)
        mHardware->addItem(qs(p.name), qs(p.name));
    createModelFields();
    mFieldTimer = new QTimer(this);
    mFieldTimer->setSingleShot(true);
    mFieldTimer->setInterval(400); // typing does not start a refit per key
    connect(mFieldTimer, &QTimer::timeout, this, &ImportDialog::updatePreview);
    mView = new QPlainTextEdit(this);
    mView->setObjectName(QStringLiteral("importPreview"));
    mView->setAccessibleName(tr("What will change"));
    mView->setReadOnly(true);
    mView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    mView->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    mSummary = new QLabel(this);
    mSummary->setObjectName(QStringLiteral("importSummary"));
    mSummary->setWordWrap(true);
    mProgress = new QProgressBar(this);
    mProgress->setObjectName(QStringLiteral("importProgress"));
    mProgress->setAccessibleName(tr("Refitting the calibration"));
    mProgress->setRange(0, 0); // busy: the fit gives no fraction
    mProgress->setTextVisible(false);
    mProgress->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    mImport = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    mImport->setObjectName(QStringLiteral("importButton"));
    mImport->setEnabled(false);

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(mFile, 1);
    fileRow->addWidget(browseButton);
    auto *form = mForm = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Kind:"), mKind);
    form->addRow(tr("llama-bench hardware:"), mHardware);
    form->addRow(tr("&Name:"), mModelName);
    form->addRow(tr("&Released:"), mModelReleased);
    form->addRow(tr("Sc&ore:"), mModelScore);
    form->addRow(tr("&Source:"), mModelSource);
    showKindFields();
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Imported rows go to %1, on top of the shipped data (which is never changed). "
                                "Nothing is merged unless the whole file is valid. Edit > Undo undoes the import; "
                                "Help > Data Sources lists and removes imports.")
                                 .arg(QDir::toNativeSeparators(mStore->layerFile())),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(mView, 1);
    layout->addWidget(mSummary);
    layout->addWidget(mProgress);
    layout->addWidget(buttons);
    resize(980, 640);

    browseButton->setFocus(); // with no file yet, choosing one is the first thing to do
    connect(browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(mKind, &QComboBox::currentIndexChanged, this, &ImportDialog::showKindFields);
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
                                                      tr("llama-bench, index, prices, part or config.json files (*.json *.jsonl *.csv);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

bool ImportDialog::loadFile(const QString &path, const QString &kind)
{
    mPath = path;
    mFile->setText(QDir::toNativeSeparators(path));
    try {
        mBytes = ff::readFileCapped(QFile::encodeName(path).toStdString(), ff::kMaxImportFileBytes);
    } catch (const ff::DataError &e) {
        mBytes.clear();
        mPreview = ff::ImportPreview{};
        mView->setPlainText(qs(e.what()));
        mSummary->setText(tr("The file cannot be read."));
        mImport->setEnabled(false);
        return false;
    }
    QString k = kind;
    if (k.isEmpty()) {
        // From the header: the index export's "ECI Score", a part file's "bandwidth_gbps", a prices file's "usd" column.
        const QString head = QString::fromStdString(mBytes.substr(0, mBytes.find('\n'))).trimmed().toLower();
        const QStringList cols = head.split(QLatin1Char(','));
        if (mBytes.substr(0, 400).find("ECI Score") != std::string::npos)
            k = QStringLiteral("index");
        else if (cols.contains(QStringLiteral("bandwidth_gbps")))
            k = QStringLiteral("part");
        else if (cols.contains(QStringLiteral("usd")) && cols.contains(QStringLiteral("part")))
            k = QStringLiteral("prices");
        else if (looksLikeModelConfig(mBytes))
            k = QStringLiteral("model");
        else
            k = QStringLiteral("llama-bench");
    }
    const bool blocked = mKind->blockSignals(true);
    mKind->setCurrentIndex(mKind->findData(k));
    mKind->blockSignals(blocked);
    showKindFields();
    updatePreview();
    return canImport();
}

void ImportDialog::setHardware(const QString &part)
{
    mHardware->setCurrentIndex(std::max(0, mHardware->findData(part)));
}

// The model's fields only with a config.json, the hardware box only with a llama-bench run.
void ImportDialog::showKindFields()
{
    const bool model = mKind->currentData().toString() == QLatin1String("model");
    for (QWidget *w : {static_cast<QWidget *>(mModelName), static_cast<QWidget *>(mModelReleased), static_cast<QWidget *>(mModelScore),
                       static_cast<QWidget *>(mModelSource)})
        mForm->setRowVisible(w, model);
    mForm->setRowVisible(mHardware, !model);
}

void ImportDialog::fieldEdited()
{
    if (!mPath.isEmpty())
        mFieldTimer->start();
}

void ImportDialog::updatePreview()
{
    mFieldTimer->stop();
    if (mPath.isEmpty())
        return;
    const bool bench = mKind->currentData().toString() == QLatin1String("llama-bench");
    mHardware->setEnabled(bench);
    const std::string today = ff::today();
    const auto engine = mStore->engine();
    const std::string &text = mBytes, path = QFile::encodeName(mPath).toStdString();
    const QString kind = mKind->currentData().toString();
    if (bench) {
        ff::LlamaBenchOptions o;
        o.today = today;
        o.hardware = mHardware->currentData().toString().toStdString();
        mPreview = ff::previewLlamaBench(engine->data(), text, path, o);
    } else if (kind == QLatin1String("prices")) {
        mPreview = ff::previewPrices(engine->data(), text, path, today);
    } else if (kind == QLatin1String("part")) {
        mPreview = ff::previewPart(engine->data(), text, path, today);
    } else if (kind == QLatin1String("model")) {
        // The same options the command line's `import model` takes, from the fields.
        ff::ModelImportOptions o;
        o.today = today;
        o.name = mModelName->text().trimmed().toStdString();
        o.released = mModelReleased->text().trimmed().toStdString();
        o.source = mModelSource->text().trimmed().toStdString();
        if (const QString s = mModelScore->text().trimmed(); !s.isEmpty()) {
            bool ok = false;
            const double v = QLocale::c().toDouble(s, &ok);
            o.score = ok ? v : QLocale().toDouble(s, &ok);
            if (!ok)
                o.score = std::numeric_limits<double>::quiet_NaN(); // not a number: the importer refuses it, naming the field
        }
        mPreview = ff::previewModelConfig(engine->data(), text, path, o);
    } else {
        mPreview = ff::previewIndex(engine->data(), text, path, today);
    }
    ++mGeneration;
    mImpactDone = false;
    mAfter.reset();
    mView->setPlainText(windowWords(qs(ff::previewText(mPreview, nullptr, false))));
    if (!mPreview.valid()) {
        mProgress->hide();
        mSummary->setText(tr("Nothing can be imported: see the problems above (line and field)."));
        mImport->setEnabled(false);
        return;
    }
    // What it does to the calibration and the default answer: the layer with it, refitted off the
    // GUI thread (seconds with thousands of rows); the window stays responsive meanwhile.
    mImport->setEnabled(false);
    mProgress->show();
    mSummary->setText(tr("Refitting the calibration with the imported rows\u2026"));
    const ff::UserLayer next = ff::withImport(mStore->layer(), mPreview.import);
    const ff::ImportPreview pv = mPreview;
    const std::string shipped = mStore->shippedDir().toStdString(), home = mStore->home().toStdString();
    const ff::CalibrationCache cache = mStore->calibrationCache();
    const int generation = mGeneration;
    QPointer<ImportDialog> self(this);
    QThread *worker = QThread::create([=] {
        QString out, error;
        std::shared_ptr<const ff::Engine> after;
        try {
            after = ff::layeredData(shipped, home, next, &cache).engine;
            const ff::ImportImpact impact = ff::assessImport(*engine, *after, next.imports.back().origin(), pv.rows);
            out = windowWords(qs(ff::previewText(pv, &impact, false)));
        } catch (const std::exception &e) {
            error = qs(e.what());
        }
        QMetaObject::invokeMethod(qApp, [self, generation, out, after, next, error] {
            if (self)
                self->refitDone(generation, out, after, next, error);
        }, Qt::QueuedConnection);
    });
    if (mWorker) // an older refit: it finishes on its own, its result is stale
        connect(mWorker, &QThread::finished, mWorker, &QObject::deleteLater);
    mWorker = worker;
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, worker] {
        if (mWorker == worker)
            mWorker = nullptr;
        if (!mWorker)
            mProgress->hide();
    });
    worker->start();
}

void ImportDialog::refitDone(int generation, const QString &text, std::shared_ptr<const ff::Engine> after, const ff::UserLayer &next,
                             const QString &error)
{
    if (generation != mGeneration)
        return;
    mImpactDone = true;
    if (!error.isEmpty()) {
        mPreview.errors.push_back({0, "", "the data refuses the import: " + error.toStdString()});
        mView->setPlainText(windowWords(qs(ff::previewText(mPreview, nullptr, false))));
    } else {
        mAfter = std::move(after);
        mAfterLayer = next;
        mView->setPlainText(text);
    }
    mSummary->setText(canImport() ? tr("Import adds %n row(s) as one step you can undo.", nullptr, static_cast<int>(mPreview.import.rowCount()))
                                  : tr("Nothing can be imported: see the problems above (line and field)."));
    mImport->setEnabled(canImport());
}

bool ImportDialog::waitForPreview(int ms)
{
    if (mFieldTimer->isActive()) // an edit not previewed yet
        updatePreview();
    QElapsedTimer t;
    t.start();
    while ((mWorker || (mPreview.valid() && !mImpactDone)) && t.elapsed() < ms) {
        if (mWorker)
            mWorker->wait(QDeadlineTimer(50));
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    return !mWorker && (!mPreview.valid() || mImpactDone);
}

QString ImportDialog::previewText() const { return mView->toPlainText(); }

bool ImportDialog::canImport() const { return mPreview.valid() && mImpactDone && mAfter; }

bool ImportDialog::importNow(QString *error)
{
    waitForPreview();
    if (!canImport()) {
        if (error)
            *error = tr("the preview has problems");
        return false;
    }
    // Under the lock the layer is read again: an import made meanwhile elsewhere is kept (merged).
    return mStore->addImport(mPreview.import, tr("Import %1").arg(QFileInfo(mPath).fileName()), error, mAfter, &mAfterLayer);
}

} // namespace ffui

#include "autosaver.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>

#include "outputfile.h"
#include "scenariodocument.h"

namespace ffui {

namespace {
QString lockPath(const QString &copy) { return copy + QStringLiteral(".lock"); }
} // namespace

Autosaver::Autosaver(QObject *parent, const QString &directory)
    : QObject(parent), mDirectory(directory.isEmpty() ? defaultDirectory() : directory)
{
    mTimer.setSingleShot(true);
    mTimer.setInterval(mInterval);
    connect(&mTimer, &QTimer::timeout, this, [this] { saveNow(); });
    QDir().mkpath(mDirectory);
    // A name of our own: the first free autosave-<pid>-<n>.json whose lock we get.
    for (int n = 1; n < 1000; ++n) {
        const QString candidate = QDir(mDirectory).filePath(
            QStringLiteral("autosave-%1-%2.json").arg(QCoreApplication::applicationPid()).arg(n));
        if (QFileInfo::exists(candidate))
            continue; // a dead process with our pid left it: an orphan, not ours
        auto lock = std::make_unique<QLockFile>(lockPath(candidate));
        lock->setStaleLockTime(0); // stale only when its process is gone, never by age
        if (lock->tryLock(0)) {
            mPath = candidate;
            mLock = std::move(lock);
            break;
        }
    }
    if (mPath.isEmpty()) // no lock to be had (a read-only directory): saveNow reports the failure
        mPath = QDir(mDirectory).filePath(QStringLiteral("autosave-%1.json").arg(QCoreApplication::applicationPid()));
}

Autosaver::~Autosaver() = default; // the locks go; a copy left behind is an orphan for the next start

QString Autosaver::defaultDirectory() { return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation); }

void Autosaver::setInterval(int ms)
{
    mInterval = ms;
    if (ms <= 0)
        mTimer.stop();
    else
        mTimer.setInterval(ms);
}

void Autosaver::setDocument(ScenarioDocument *document)
{
    disconnect(mChanged);
    disconnect(mModified);
    mTimer.stop();
    mDocument = document;
    if (!document)
        return;
    mChanged = connect(document, &ScenarioDocument::changed, this, &Autosaver::documentChanged);
    mModified = connect(document, &ScenarioDocument::modifiedChanged, this, &Autosaver::documentChanged);
}

void Autosaver::setPaused(bool paused)
{
    mPaused = paused;
    if (paused)
        mTimer.stop();
    else
        documentChanged();
}

void Autosaver::documentChanged()
{
    if (mPaused || mInterval <= 0 || !mDocument)
        return;
    if (!mDocument->isModified()) {
        mTimer.stop();
        discard(); // back at the saved state: nothing to recover
        return;
    }
    // A drag keeps changing the scenario: write at most once per interval, not once per step.
    if (!mTimer.isActive())
        mTimer.start();
}

bool Autosaver::hasCopy() const { return QFileInfo(mPath).isFile(); }

bool Autosaver::saveNow(QString *error)
{
    if (!mDocument)
        return false;
    const std::string text = ff::scenarioToJson(mDocument->data(), mDocument->scenario());
    QDir().mkpath(QFileInfo(mPath).absolutePath());
    QString why;
    if (!OutputFile::write(mPath, text, &why)) {
        const QString message = tr("Could not keep a copy of the unsaved changes in %1: %2").arg(QDir::toNativeSeparators(mPath), why);
        if (error)
            *error = message;
        emit failed(message);
        return false;
    }
    emit saved(mPath);
    return true;
}

void Autosaver::discard()
{
    mTimer.stop();
    if (QFileInfo(mPath).isFile())
        QFile::remove(mPath);
}

QString Autosaver::claimOrphan()
{
    releaseOrphan(false);
    const QDir dir(mDirectory);
    // autosave.json is where versions before per-instance copies kept theirs.
    const QFileInfoList copies = dir.entryInfoList({QStringLiteral("autosave*.json")}, QDir::Files, QDir::Time);
    for (const QFileInfo &copy : copies) { // newest first
        const QString path = copy.absoluteFilePath();
        if (path == QFileInfo(mPath).absoluteFilePath() || !copy.isFile())
            continue;
        auto lock = std::make_unique<QLockFile>(lockPath(path));
        lock->setStaleLockTime(0);
        if (!lock->tryLock(0))
            continue; // its window is still open (or another one has it on offer)
        mOrphan = path;
        mOrphanLock = std::move(lock);
        return mOrphan;
    }
    return {};
}

void Autosaver::releaseOrphan(bool remove)
{
    if (remove && !mOrphan.isEmpty() && QFileInfo(mOrphan).isFile())
        QFile::remove(mOrphan);
    mOrphanLock.reset();
    mOrphan.clear();
}

} // namespace ffui

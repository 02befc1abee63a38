#include "autosaver.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include "scenariodocument.h"

namespace ffui {

Autosaver::Autosaver(QObject *parent) : QObject(parent), mPath(defaultPath())
{
    mTimer.setSingleShot(true);
    mTimer.setInterval(mInterval);
    connect(&mTimer, &QTimer::timeout, this, [this] { saveNow(); });
}

QString Autosaver::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("autosave.json"));
}

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

bool Autosaver::hasCopy() const { return QFileInfo::exists(mPath); }

bool Autosaver::saveNow(QString *error)
{
    if (!mDocument)
        return false;
    const std::string text = ff::scenarioToJson(mDocument->data(), mDocument->scenario());
    QDir().mkpath(QFileInfo(mPath).absolutePath());
    QSaveFile file(mPath);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !file.commit()) {
        const QString message = tr("Could not keep a copy of the unsaved changes in %1: %2")
                                    .arg(QDir::toNativeSeparators(mPath), file.errorString());
        file.cancelWriting();
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
    if (QFileInfo::exists(mPath))
        QFile::remove(mPath);
}

} // namespace ffui

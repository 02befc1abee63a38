#pragma once
// Keeps an unsaved what-if safe: a few seconds after a change to a modified scenario it is written
// (atomically, QSaveFile) to a file of this running instance in the application data directory;
// saving, discarding or going back to the saved state removes the copy. Each instance holds a
// QLockFile on its copy, so two windows never share or delete each other's copy: on start, only
// copies whose owner is gone (it crashed or was killed) are offered for recovery.
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>

QT_BEGIN_NAMESPACE
class QLockFile;
QT_END_NAMESPACE

namespace ffui {

class ScenarioDocument;

class Autosaver : public QObject {
    Q_OBJECT
public:
    // Copies live in `directory` (default: <AppDataLocation>); this instance's is
    // autosave-<pid>-<n>.json, locked by autosave-<pid>-<n>.json.lock while it runs.
    explicit Autosaver(QObject *parent = nullptr, const QString &directory = QString());
    ~Autosaver() override;

    static QString defaultDirectory();
    QString directory() const { return mDirectory; }
    void setPath(const QString &path) { mPath = path; } // for tests: where saveNow writes
    QString path() const { return mPath; }
    // Delay after a change before writing (milliseconds); 0 turns autosaving off.
    void setInterval(int ms);
    int interval() const { return mInterval; }
    // The document watched (it may be replaced when other data is loaded).
    void setDocument(ScenarioDocument *document);
    // While paused, nothing is written or removed.
    void setPaused(bool paused);
    bool isPaused() const { return mPaused; }

    bool hasCopy() const; // this instance's copy exists (a regular file at path())
    bool saveNow(QString *error = nullptr);
    void discard(); // removes this instance's copy

    // Recovery: the newest copy in the directory whose owner is no longer running (regular files
    // only), now locked by this instance so that no other window offers it too; empty if none.
    QString claimOrphan();
    QString orphan() const { return mOrphan; }
    // Lets go of the claimed copy; `remove` deletes it (restored or discarded).
    void releaseOrphan(bool remove);
    bool isPending() const { return mTimer.isActive(); }

signals:
    void saved(const QString &path);
    void failed(const QString &error);

private:
    void documentChanged();

    QPointer<ScenarioDocument> mDocument;
    QString mDirectory;
    QString mPath;
    std::unique_ptr<QLockFile> mLock;       // on mPath
    QString mOrphan;
    std::unique_ptr<QLockFile> mOrphanLock; // on mOrphan while it is on offer
    QTimer mTimer;
    int mInterval = 3000;
    bool mPaused = false;
    QMetaObject::Connection mChanged, mModified;
};

} // namespace ffui

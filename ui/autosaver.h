#pragma once
// Keeps an unsaved what-if safe: a few seconds after a change to a modified scenario it is written
// (atomically, QSaveFile) to the application data directory; saving, discarding or going back to
// the saved state removes the copy. On the next start the window offers to restore it.
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

namespace ffui {

class ScenarioDocument;

class Autosaver : public QObject {
    Q_OBJECT
public:
    explicit Autosaver(QObject *parent = nullptr);

    // <AppDataLocation>/autosave.json
    static QString defaultPath();
    void setPath(const QString &path) { mPath = path; }
    QString path() const { return mPath; }
    // Delay after a change before writing (milliseconds); 0 turns autosaving off.
    void setInterval(int ms);
    int interval() const { return mInterval; }
    // The document watched (it may be replaced when other data is loaded).
    void setDocument(ScenarioDocument *document);
    // While paused (a recovery is on offer), nothing is written or removed.
    void setPaused(bool paused);
    bool isPaused() const { return mPaused; }

    bool hasCopy() const; // a copy exists at path()
    bool saveNow(QString *error = nullptr);
    void discard(); // removes the copy
    bool isPending() const { return mTimer.isActive(); }

signals:
    void saved(const QString &path);
    void failed(const QString &error);

private:
    void documentChanged();

    QPointer<ScenarioDocument> mDocument;
    QString mPath;
    QTimer mTimer;
    int mInterval = 3000;
    bool mPaused = false;
    QMetaObject::Connection mChanged, mModified;
};

} // namespace ffui

#pragma once
// Where the user data layer (model/files/userdata.h) lives and how its file is written: Qt Core only,
// so the headless command line (`import`, `report --data-home`) shares it with the window.
//
// One writer at a time: every write takes the layer's lock (a QLockFile beside the file), re-reads
// the file under it, applies its change to what it read, checks the text with the reader and
// replaces the file atomically (QSaveFile), keeping its permissions. A read-only layer is refused,
// never replaced.
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "files/userdata.h"

QT_BEGIN_NAMESPACE
class QLockFile;
QT_END_NAMESPACE

namespace ffui {

// $FF_DATA_HOME, else QStandardPaths::AppDataLocation.
QString defaultDataHome();

// The layer's lock (home/user-data.json.lock), held from lock() until destruction or unlock().
class UserLayerLock {
public:
    explicit UserLayerLock(const QString &home);
    ~UserLayerLock();
    UserLayerLock(const UserLayerLock &) = delete;
    UserLayerLock &operator=(const UserLayerLock &) = delete;
    // Creates the folder and waits up to timeoutMs for another writer; false with *error naming
    // the lock file (and the program holding it) when it cannot be taken.
    bool lock(QString *error, int timeoutMs = 120000);
    void unlock();
    bool isLocked() const;

private:
    QString mHome;
    std::unique_ptr<QLockFile> mLock;
};

// The layer's file text now (nullopt: no file). Read without the lock: a reader sees the old or the
// new file, never a part (the writer renames).
std::optional<std::string> readUserLayerText(const QString &home);

// Writes the layer (checked by the reader first: ff::checkedUserLayerText) to home/user-data.json.
// The caller holds the lock. On failure *error says why and names the file; nothing changed.
bool writeUserLayer(const QString &home, const ff::UserLayer &layer, QString *error);
// Removes the file (the layer is back to no imports). The caller holds the lock.
bool removeUserLayer(const QString &home, QString *error);

// Takes the lock, re-reads the layer, asks `change` for the next one (nullopt: nothing to write;
// a thrown ff::DataError refuses with its message), writes it and returns what was written (in
// *written when given). The re-read layer refused by the reader refuses the change.
bool updateUserLayer(const QString &home, const std::function<std::optional<ff::UserLayer>(const ff::UserLayer &)> &change,
                     QString *error, ff::UserLayer *written = nullptr);

// The refitted calibration's cache in the data home (ff::kCalibrationCacheFile), written atomically.
ff::CalibrationCache calibrationCache(const QString &home);

} // namespace ffui

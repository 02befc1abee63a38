#include "userdatafile.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include "outputfile.h"
#include "qtstrings.h"

namespace ffui {

QString defaultDataHome()
{
    const QByteArray env = qgetenv("FF_DATA_HOME");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

bool writeUserLayer(const QString &home, const ff::UserLayer &layer, QString *error)
{
    if (home.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("ffui::UserDataStore", "no user data folder");
        return false;
    }
    if (!QDir().mkpath(home)) {
        if (error)
            *error = QCoreApplication::translate("ffui::UserDataStore", "%1: cannot create the folder").arg(QDir::toNativeSeparators(home));
        return false;
    }
    return OutputFile::write(qs(ff::userLayerPath(home.toStdString())), ff::userLayerText(layer), error);
}

} // namespace ffui

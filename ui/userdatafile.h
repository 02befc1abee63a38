#pragma once
// Where the user data layer (model/userdata.h) lives and how its file is written: Qt Core only,
// so the headless command line (`import`, `report --data-home`) shares it with the window.
#include <QString>

#include "userdata.h"

namespace ffui {

// $FF_DATA_HOME, else QStandardPaths::AppDataLocation.
QString defaultDataHome();
// Writes the layer's text to home/user-data.json (creating the folder). On failure *error names the file.
bool writeUserLayer(const QString &home, const ff::UserLayer &layer, QString *error);

} // namespace ffui

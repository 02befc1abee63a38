#pragma once
// Every persistent setting in one place: a typed key with its default, stored with QSettings.
// Tests point QSettings at a temporary location before creating the window.
#include <QByteArray>
#include <QSettings>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVariant>

#include "uncertainty/montecarlo.h"

namespace ffui {

template <typename T>
class Preference {
public:
    Preference(const char *key, T defaultValue) : mKey(key), mDefault(std::move(defaultValue)) {}

    T get() const
    {
        const QVariant v = QSettings().value(QLatin1String(mKey));
        return v.isValid() && v.canConvert<T>() ? v.value<T>() : mDefault;
    }
    void set(const T &value) const { QSettings().setValue(QLatin1String(mKey), QVariant::fromValue(value)); }
    T defaultValue() const { return mDefault; }
    QString key() const { return QLatin1String(mKey); }

private:
    const char *mKey;
    T mDefault;
};

namespace prefs {
inline const Preference<QByteArray> windowGeometry{"window/geometry", {}};
inline const Preference<QByteArray> windowState{"window/state", {}}; // docks and toolbars
inline const Preference<QByteArray> splitterState{"window/splitter", {}};
inline const Preference<int> chartTab{"window/chartTab", 0};
inline const Preference<int> tableTab{"window/tableTab", 0};
inline const Preference<QString> lastDirectory{"files/lastDirectory", {}};
inline const Preference<QStringList> recentFiles{"files/recent", {}};
inline const Preference<bool> exportCaption{"export/caption", true};
inline const Preference<QSize> exportSize{"export/size", QSize(1920, 1080)};
inline const Preference<double> exportScale{"export/scale", 1.0};
inline const Preference<QString> theme{"view/theme", QStringLiteral("system")}; // system | light | dark
// The assumptions kept on screen while presenting (one or two names).
inline const Preference<QStringList> presentationAssumptions{
    "presentation/assumptions", {QStringLiteral("density_doubling_years"), QStringLiteral("budget_usd")}};
inline const Preference<int> presentationSlide{"presentation/slide", 0};
inline const Preference<int> monteCarloSamples{"uncertainty/samples", ff::kDefaultSamples};
inline const Preference<int> monteCarloSeed{"uncertainty/seed", 1};

constexpr int kMaxRecentFiles = 8;

// Puts `path` first in the recent files, without duplicates, at most kMaxRecentFiles.
void addRecentFile(const QString &path);
// The recent files that still exist.
QStringList existingRecentFiles();
// The directory of the last file opened or saved (the home directory at first).
QString lastDirectoryOrHome();
} // namespace prefs

} // namespace ffui

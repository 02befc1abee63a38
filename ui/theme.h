#pragma once
// The window's light and dark themes. "System" follows the palette the platform gave the
// application at start; Light and Dark set a Fusion palette that reads well on a projector.
#include <QPalette>
#include <QString>
#include <QStringList>

namespace ffui {

enum class ThemeChoice { System, Light, Dark };

class Theme {
public:
    static QStringList ids(); // "system", "light", "dark" (the settings values)
    static QString id(ThemeChoice choice);
    static ThemeChoice fromId(const QString &id); // System for anything unknown

    // Applies a choice to the whole application (palette; Fusion style for Light and Dark).
    static void apply(ThemeChoice choice);
    static ThemeChoice current();
    // Whether the palette in use is dark (text lighter than the window).
    static bool isDark();
    static bool isDark(const QPalette &palette);

    static QPalette lightPalette();
    static QPalette darkPalette();
};

} // namespace ffui

#include "theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace ffui {

namespace {
struct State {
    bool captured = false;
    QPalette systemPalette;
    QString systemStyle;
    ThemeChoice current = ThemeChoice::System;
    bool applied = false; // a choice other than the start-up System has been applied
};

State &state()
{
    static State s;
    return s;
}

void capture()
{
    State &s = state();
    if (s.captured || !qApp)
        return;
    s.systemPalette = QApplication::palette();
    s.systemStyle = QApplication::style() ? QApplication::style()->name() : QString();
    s.captured = true;
}

void setStyleNamed(const QString &name)
{
    if (name.isEmpty() || !QApplication::style() || QApplication::style()->name().compare(name, Qt::CaseInsensitive) == 0)
        return;
    if (QStyle *style = QStyleFactory::create(name))
        QApplication::setStyle(style);
}
} // namespace

QStringList Theme::ids() { return {QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}; }

QString Theme::id(ThemeChoice choice) { return ids().value(static_cast<int>(choice)); }

ThemeChoice Theme::fromId(const QString &id)
{
    const qsizetype i = ids().indexOf(id);
    return i < 0 ? ThemeChoice::System : static_cast<ThemeChoice>(i);
}

QPalette Theme::lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xF4, 0xF4, 0xF4));
    p.setColor(QPalette::WindowText, QColor(0x11, 0x11, 0x11));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xEE, 0xF1, 0xF5));
    p.setColor(QPalette::Text, QColor(0x11, 0x11, 0x11));
    p.setColor(QPalette::Button, QColor(0xEC, 0xEC, 0xEC));
    p.setColor(QPalette::ButtonText, QColor(0x11, 0x11, 0x11));
    p.setColor(QPalette::ToolTipBase, QColor(0xFF, 0xFF, 0xE6));
    p.setColor(QPalette::ToolTipText, QColor(0x11, 0x11, 0x11));
    p.setColor(QPalette::PlaceholderText, QColor(0x5A, 0x5A, 0x5A));
    p.setColor(QPalette::Highlight, QColor(0x00, 0x72, 0xB2));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x00, 0x5A, 0x9C));
    p.setColor(QPalette::Mid, QColor(0xB0, 0xB0, 0xB0));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x90, 0x90, 0x90));
    return p;
}

QPalette Theme::darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x25, 0x26, 0x29));
    p.setColor(QPalette::WindowText, QColor(0xEE, 0xEE, 0xEE));
    p.setColor(QPalette::Base, QColor(0x1B, 0x1C, 0x1F));
    p.setColor(QPalette::AlternateBase, QColor(0x2A, 0x2C, 0x30));
    p.setColor(QPalette::Text, QColor(0xEE, 0xEE, 0xEE));
    p.setColor(QPalette::Button, QColor(0x33, 0x35, 0x39));
    p.setColor(QPalette::ButtonText, QColor(0xEE, 0xEE, 0xEE));
    p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x35, 0x39));
    p.setColor(QPalette::ToolTipText, QColor(0xEE, 0xEE, 0xEE));
    p.setColor(QPalette::PlaceholderText, QColor(0xB4, 0xB4, 0xB4));
    p.setColor(QPalette::Highlight, QColor(0x56, 0xB4, 0xE9));
    p.setColor(QPalette::HighlightedText, QColor(0x11, 0x11, 0x11));
    p.setColor(QPalette::Link, QColor(0x8C, 0xCB, 0xF2));
    p.setColor(QPalette::Light, QColor(0x4A, 0x4C, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x3A, 0x3C, 0x40));
    p.setColor(QPalette::Mid, QColor(0x2E, 0x30, 0x33));
    p.setColor(QPalette::Dark, QColor(0x15, 0x16, 0x18));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

void Theme::apply(ThemeChoice choice)
{
    capture();
    State &s = state();
    if (choice == s.current && (choice != ThemeChoice::System || !s.applied))
        return; // nothing to change (and no relayout of every window)
    s.current = choice;
    s.applied = true;
    switch (choice) {
    case ThemeChoice::System:
        setStyleNamed(s.systemStyle);
        QApplication::setPalette(s.systemPalette);
        break;
    case ThemeChoice::Light:
        setStyleNamed(QStringLiteral("Fusion"));
        QApplication::setPalette(lightPalette());
        break;
    case ThemeChoice::Dark:
        setStyleNamed(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
        break;
    }
}

ThemeChoice Theme::current() { return state().current; }

bool Theme::isDark(const QPalette &palette)
{
    return palette.color(QPalette::WindowText).lightness() > palette.color(QPalette::Window).lightness();
}

bool Theme::isDark() { return isDark(QApplication::palette()); }

} // namespace ffui

#pragma once
// Presentation mode: full screen, the assumptions folded away, large fonts, one chart or table per
// screen paged with the keyboard, the headline and a what-if strip always in view. It rearranges
// the window's own widgets (nothing is duplicated) and puts everything back on leaving.
#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QSize>
#include <QString>

QT_BEGIN_NAMESPACE
class QDockWidget;
class QLabel;
class QMainWindow;
class QTabWidget;
class QTableView;
class QWidget;
QT_END_NAMESPACE

namespace ffui {

class HeadlineCards;
class WhatIfStrip;

class Presenter : public QObject {
    Q_OBJECT
public:
    struct Parts {
        QMainWindow *window = nullptr;
        QDockWidget *assumptions = nullptr;
        QTabWidget *charts = nullptr;
        QTabWidget *tables = nullptr;
        HeadlineCards *cards = nullptr;
        WhatIfStrip *strip = nullptr;
        QWidget *header = nullptr;   // the slide's title and takeaway, shown only while presenting
        QLabel *title = nullptr;
        QLabel *page = nullptr;
    };
    // Type scaled to the screen: 1.45x the window's at 1280x720 (and below), about 2.2x at 1920x1080.
    static qreal fontScaleFor(const QSize &screen);
    // The scale in use (1 outside presentation).
    qreal fontScale() const { return mActive ? mScale : 1.0; }

    Presenter(const Parts &parts, QObject *parent = nullptr);

    // A type scale other than the screen's (a test gives the window a projector's size by hand).
    void setFontScale(qreal scale);
    // Table pages show their decisive columns (first, verdict, parity, pinned, difference) large;
    // A shows every column and back.
    void setAllColumns(bool all);
    bool allColumns() const { return mAllColumns; }
    static bool isDecisiveColumn(const QString &header, int column);

    bool isActive() const { return mActive; }
    void setActive(bool active);
    // Slides: every chart tab, then every table tab.
    int slideCount() const;
    int slide() const { return mSlide; }
    void setSlide(int index);
    void next() { setSlide(mSlide + 1); }
    void first() { setSlide(0); }
    void last() { setSlide(slideCount() - 1); }
    void previous() { setSlide(mSlide - 1); }
    // Page numbers to jump: a digit goes to that page at once; a second digit within a second makes
    // a two-digit number ("1" then "2": page 12). Pages count from 1, as the strip shows them.
    void typeDigit(int digit);
    QString slideTitle(int index) const;
    // The widget shown on a slide.
    QWidget *slideWidget(int index) const;
    void setAssumptions(QDockWidget *dock) { mParts.assumptions = dock; }

signals:
    void activeChanged(bool active);
    void slideChanged(int index);
    void fontScaleChanged();

private:
    void showSlide();
    void applyScale();
    void fitTable(QTableView *view) const;

    Parts mParts;
    bool mActive = false;
    qreal mScale = 1.5;
    int mSlide = 0;
    bool mAllColumns = false;
    int mTyped = 0;             // the page number typed so far
    QElapsedTimer mTypedClock;  // since its last digit
    // What leaving restores.
    bool mWasFullScreen = false;
    bool mWasMaximized = false;
    bool mDockWasVisible = true;
    bool mMenuWasVisible = true;
    bool mStatusWasVisible = true;
    QByteArray mGeometry;
    QByteArray mSplitterState;
};

} // namespace ffui

#pragma once
// The row of headline cards above the charts: a short title, a large value, an optional range line
// (the Monte Carlo P10 to P90, when the worker has delivered it) and a line of detail.
#include <QString>
#include <QWidget>

#include <array>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace ffui {

class HeadlineCards : public QWidget {
    Q_OBJECT
public:
    enum Card { TaskYear, FullYear, Lag, Bottleneck, Accelerant, Economics, CardCount };

    explicit HeadlineCards(QWidget *parent = nullptr);

    void setCard(Card card, const QString &value, const QString &detail, const QString &toolTip = {});
    // The line under the value (empty hides it).
    void setRange(Card card, const QString &text, const QString &toolTip = {});
    // The big text alone (the Monte Carlo's range decides how precise a date may be).
    void setValue(Card card, const QString &value);
    QString value(Card card) const;
    QString range(Card card) const;
    QString detail(Card card) const;
    QWidget *cardFrame(Card card) const { return mCards[static_cast<std::size_t>(card)].frame; }
    static QString id(Card card); // objectName suffix: "taskYear", ...
    // Font sizes relative to the application font (1 in the window, larger when presenting).
    void setScale(qreal scale);
    qreal scale() const { return mScale; }

private:
    struct Widgets {
        QWidget *frame = nullptr;
        QLabel *title = nullptr;
        QLabel *value = nullptr;
        QLabel *range = nullptr;
        QLabel *detail = nullptr;
        QString toolTip;
    };
    bool eventFilter(QObject *watched, QEvent *event) override;
    void describe(Card card);
    void applyFonts();
    void fixHeight();

    std::array<Widgets, CardCount> mCards;
    qreal mScale = 1;
};

} // namespace ffui

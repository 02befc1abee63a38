#pragma once
// The row of headline cards above the charts: a short title, a large value and a line of detail.
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
    enum Card { TaskYear, FullYear, Lag, Bottleneck, Accelerant, Range, CardCount };

    explicit HeadlineCards(QWidget *parent = nullptr);

    void setCard(Card card, const QString &value, const QString &detail, const QString &toolTip = {});
    QString value(Card card) const;
    QString detail(Card card) const;
    static QString id(Card card); // objectName suffix: "taskYear", ...

private:
    struct Widgets {
        QWidget *frame = nullptr;
        QLabel *title = nullptr;
        QLabel *value = nullptr;
        QLabel *detail = nullptr;
    };
    std::array<Widgets, CardCount> mCards;
};

} // namespace ffui

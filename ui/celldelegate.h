#pragma once
// Table cells drawn with their text laid out once: Qt's item delegate shapes each cell's text on
// every paint (and once more to size it), about a seventh of a drag step's time; a cell whose
// text, font and width are unchanged is drawn from a QStaticText made the first time.
#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace ffui {

class CellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    mutable QHash<QString, QStaticText> mCache;
};

} // namespace ffui

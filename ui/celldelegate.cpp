#include "celldelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>

namespace ffui {

void CellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem o = option;
    initStyleOption(&o, index);
    // What this does not draw goes to Qt's own delegate: icons, check boxes, text not aligned left
    // and centred vertically, right-to-left text, wrapped text (the tables wrap when presenting) and
    // text of more than one line.
    if (!o.icon.isNull() || (o.features & (QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::WrapText)) ||
        (o.displayAlignment & (Qt::AlignHCenter | Qt::AlignRight)) ||
        (o.displayAlignment & Qt::AlignVertical_Mask) != Qt::AlignVCenter || o.direction == Qt::RightToLeft ||
        o.text.contains(QLatin1Char('\n')) || o.text.contains(QChar::LineSeparator)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QString text = o.text;
    o.text.clear();
    const QWidget *w = o.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &o, painter, w); // background, selection, focus
    if (text.isEmpty())
        return;
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, w) + 1;
    const QRect r = o.rect.adjusted(margin, 0, -margin, 0);
    // Everything the laid-out text depends on: the text, the width it is elided to, how, and the font.
    const QString key = text + QChar(0x1f) + QString::number(r.width()) + QChar(0x1f) + QString::number(int(o.textElideMode)) +
                        QChar(0x1f) + o.font.key();
    auto it = mCache.find(key);
    if (it == mCache.end()) {
        if (mCache.size() > 4096)
            mCache.clear();
        const QFontMetrics fm(o.font);
        QStaticText st(fm.elidedText(text, o.textElideMode, r.width()));
        st.setTextFormat(Qt::PlainText);
        st.prepare(QTransform(), o.font);
        it = mCache.insert(key, st);
    }
    const QPalette::ColorGroup cg = !(o.state & QStyle::State_Enabled) ? QPalette::Disabled
                                    : (o.state & QStyle::State_Active) ? QPalette::Normal : QPalette::Inactive;
    painter->save();
    painter->setPen(o.palette.color(cg, (o.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(o.font);
    const QSizeF size = it->size();
    painter->setClipRect(o.rect);
    painter->drawStaticText(QPointF(r.left(), r.top() + (r.height() - size.height()) / 2.0), *it);
    painter->restore();
}

} // namespace ffui

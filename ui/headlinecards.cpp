#include "headlinecards.h"

#include <QApplication>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace ffui {

QString HeadlineCards::id(Card card)
{
    switch (card) {
    case TaskYear:
        return QStringLiteral("taskYear");
    case FullYear:
        return QStringLiteral("fullYear");
    case Lag:
        return QStringLiteral("lag");
    case Bottleneck:
        return QStringLiteral("bottleneck");
    case Accelerant:
        return QStringLiteral("accelerant");
    case CardCount:
        break;
    }
    return {};
}

HeadlineCards::HeadlineCards(QWidget *parent) : QWidget(parent)
{
    const QString titles[CardCount] = {tr("Task-level parity"), tr("Full-product parity"), tr("Current lag"), tr("Bottleneck"),
                                       tr("Biggest accelerant")};
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    for (int i = 0; i < CardCount; ++i) {
        Widgets &c = mCards[static_cast<std::size_t>(i)];
        auto *frame = new QFrame(this);
        frame->setObjectName(QStringLiteral("card_") + id(Card(i)));
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setAutoFillBackground(true);
        frame->setBackgroundRole(QPalette::Base);
        frame->setAccessibleName(titles[i]);
        auto *v = new QVBoxLayout(frame);
        v->setContentsMargins(10, 6, 10, 8);
        v->setSpacing(2);
        c.frame = frame;
        c.title = new QLabel(titles[i], frame);
        c.title->setObjectName(QStringLiteral("headlineTitle_") + id(Card(i)));
        c.title->setForegroundRole(QPalette::PlaceholderText);
        c.value = new QLabel(QStringLiteral("\u2026"), frame);
        c.value->setObjectName(QStringLiteral("headline_") + id(Card(i)));
        c.value->setAccessibleName(titles[i]);
        c.value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        c.value->setWordWrap(true);
        c.range = new QLabel(frame);
        c.range->setObjectName(QStringLiteral("headlineRange_") + id(Card(i)));
        c.range->setAccessibleName(tr("%1, uncertainty range").arg(titles[i]));
        c.range->setWordWrap(true);
        c.range->setVisible(false);
        c.detail = new QLabel(frame);
        c.detail->setObjectName(QStringLiteral("headlineDetail_") + id(Card(i)));
        c.detail->setWordWrap(true);
        c.detail->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        v->addWidget(c.title);
        v->addWidget(c.value);
        v->addWidget(c.range);
        v->addWidget(c.detail, 1);
        row->addWidget(frame, 1);
    }
    applyFonts();
}

void HeadlineCards::applyFonts()
{
    const QFont base = QApplication::font();
    const qreal pt = base.pointSizeF() > 0 ? base.pointSizeF() : 10;
    for (Widgets &c : mCards) {
        QFont tf = base;
        tf.setPointSizeF(pt * mScale);
        tf.setBold(true);
        c.title->setFont(tf);
        QFont vf = base;
        vf.setPointSizeF(pt * 1.6 * mScale);
        vf.setBold(true);
        c.value->setFont(vf);
        QFont rf = base;
        rf.setPointSizeF(pt * 1.05 * mScale);
        rf.setBold(true);
        c.range->setFont(rf);
        QFont df = base;
        df.setPointSizeF(pt * mScale);
        c.detail->setFont(df);
    }
}

void HeadlineCards::setScale(qreal scale)
{
    if (scale == mScale)
        return;
    mScale = scale;
    applyFonts();
}

void HeadlineCards::setCard(Card card, const QString &value, const QString &detail, const QString &toolTip)
{
    Widgets &c = mCards[static_cast<std::size_t>(card)];
    c.value->setText(value);
    c.detail->setText(detail);
    c.frame->setToolTip(toolTip.isEmpty() ? detail : toolTip);
    c.value->setAccessibleDescription(detail);
}

void HeadlineCards::setRange(Card card, const QString &text, const QString &toolTip)
{
    Widgets &c = mCards[static_cast<std::size_t>(card)];
    c.range->setText(text);
    c.range->setToolTip(toolTip);
    c.range->setAccessibleDescription(toolTip);
    c.range->setVisible(!text.isEmpty());
}

QString HeadlineCards::value(Card card) const { return mCards[static_cast<std::size_t>(card)].value->text(); }

QString HeadlineCards::range(Card card) const { return mCards[static_cast<std::size_t>(card)].range->text(); }

QString HeadlineCards::detail(Card card) const { return mCards[static_cast<std::size_t>(card)].detail->text(); }

} // namespace ffui

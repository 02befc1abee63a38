#include "headlinecards.h"

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
    case Range:
        return QStringLiteral("range");
    case CardCount:
        break;
    }
    return {};
}

HeadlineCards::HeadlineCards(QWidget *parent) : QWidget(parent)
{
    const QString titles[CardCount] = {tr("Task-level parity"), tr("Full-product parity"), tr("Current lag"),
                                       tr("Bottleneck"),        tr("Biggest accelerant"),  tr("P10 to P90 range")};
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    for (int i = 0; i < CardCount; ++i) {
        Widgets &c = mCards[static_cast<std::size_t>(i)];
        auto *frame = new QFrame(this);
        frame->setObjectName(QStringLiteral("card_") + id(Card(i)));
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setAutoFillBackground(true);
        QPalette pal = frame->palette();
        pal.setColor(QPalette::Window, pal.color(QPalette::Base));
        frame->setPalette(pal);
        frame->setAccessibleName(titles[i]);
        auto *v = new QVBoxLayout(frame);
        v->setContentsMargins(10, 6, 10, 8);
        v->setSpacing(2);
        c.frame = frame;
        c.title = new QLabel(titles[i], frame);
        c.title->setObjectName(QStringLiteral("headlineTitle_") + id(Card(i)));
        QFont tf = c.title->font();
        tf.setBold(true);
        c.title->setFont(tf);
        QPalette tp = c.title->palette();
        tp.setColor(QPalette::WindowText, tp.color(QPalette::PlaceholderText));
        c.title->setPalette(tp);
        c.value = new QLabel(QStringLiteral("\u2026"), frame);
        c.value->setObjectName(QStringLiteral("headline_") + id(Card(i)));
        c.value->setAccessibleName(titles[i]);
        c.value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        c.value->setWordWrap(true);
        QFont vf = c.value->font();
        vf.setPointSizeF(vf.pointSizeF() * 1.6);
        vf.setBold(true);
        c.value->setFont(vf);
        c.detail = new QLabel(frame);
        c.detail->setObjectName(QStringLiteral("headlineDetail_") + id(Card(i)));
        c.detail->setWordWrap(true);
        c.detail->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        v->addWidget(c.title);
        v->addWidget(c.value);
        v->addWidget(c.detail, 1);
        row->addWidget(frame, 1);
    }
}

void HeadlineCards::setCard(Card card, const QString &value, const QString &detail, const QString &toolTip)
{
    Widgets &c = mCards[static_cast<std::size_t>(card)];
    c.value->setText(value);
    c.detail->setText(detail);
    c.frame->setToolTip(toolTip.isEmpty() ? detail : toolTip);
    c.value->setAccessibleDescription(detail);
}

QString HeadlineCards::value(Card card) const { return mCards[static_cast<std::size_t>(card)].value->text(); }

QString HeadlineCards::detail(Card card) const { return mCards[static_cast<std::size_t>(card)].detail->text(); }

} // namespace ffui

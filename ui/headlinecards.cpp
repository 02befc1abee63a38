#include "headlinecards.h"

#include <QApplication>

#include <algorithm>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QTextLayout>
#include <QVBoxLayout>

namespace ffui {

namespace {
// A label of at most `lines` lines: longer text is cut with an ellipsis (the whole text is in the
// tooltip), so a card keeps its height whatever it says and the charts below never move.
class ElidedLabel : public QLabel {
public:
    ElidedLabel(const QString &text, int lines, QWidget *parent) : QLabel(text, parent), mLines(lines)
    {
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        setMinimumWidth(0);
    }
    QSize sizeHint() const override { return {fontMetrics().averageCharWidth() * 12, mLines * fontMetrics().lineSpacing()}; }
    QSize minimumSizeHint() const override { return {0, sizeHint().height()}; }
    // Whether the whole text fits in the lines it has.
    bool elided() const { return layoutText(nullptr); }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setPen(palette().color(foregroundRole()));
        p.setFont(font());
        layoutText(&p);
    }
    void changeEvent(QEvent *e) override
    {
        QLabel::changeEvent(e);
        if (e->type() == QEvent::FontChange)
            updateGeometry();
    }

private:
    bool layoutText(QPainter *p) const
    {
        const QString t = text();
        const QFontMetrics fm(font());
        const int w = std::max(1, width());
        QTextLayout layout(t, font());
        layout.beginLayout();
        QList<QTextLine> lines;
        bool cut = false;
        while (true) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(w);
            if (lines.size() == mLines) {
                cut = true;
                break;
            }
            lines.append(line);
        }
        layout.endLayout();
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QTextLine &line = lines[i];
            const int y = int(i) * fm.lineSpacing();
            const bool last = i + 1 == lines.size();
            const QString rest = t.mid(line.textStart());
            if (last && (cut || fm.horizontalAdvance(rest.trimmed()) > w)) {
                cut = true;
                if (p)
                    p->drawText(QPoint(0, y + fm.ascent()), fm.elidedText(rest.simplified(), Qt::ElideRight, w));
            } else if (p) {
                p->drawText(QPoint(0, y + fm.ascent()), t.mid(line.textStart(), line.textLength()).trimmed());
            }
        }
        return cut;
    }
    int mLines;
};
} // namespace

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
    case Economics:
        return QStringLiteral("economics");
    case CardCount:
        break;
    }
    return {};
}

HeadlineCards::HeadlineCards(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    const QString titles[CardCount] = {tr("Task-level parity"), tr("Full-product parity"), tr("Current lag"), tr("Bottleneck"),
                                       tr("Biggest accelerant"), tr("Pays back (vs the API)")};
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
        c.title = new ElidedLabel(titles[i], 1, frame);
        c.title->setObjectName(QStringLiteral("headlineTitle_") + id(Card(i)));
        c.title->setForegroundRole(QPalette::PlaceholderText);
        c.value = new ElidedLabel(QStringLiteral("\u2026"), 1, frame);
        c.value->setObjectName(QStringLiteral("headline_") + id(Card(i)));
        c.value->setAccessibleName(titles[i]);
        c.range = new ElidedLabel(QString(), 1, frame);
        c.range->setObjectName(QStringLiteral("headlineRange_") + id(Card(i)));
        c.range->setAccessibleName(tr("%1, uncertainty range").arg(titles[i]));
        c.detail = new ElidedLabel(QString(), 2, frame);
        c.detail->setObjectName(QStringLiteral("headlineDetail_") + id(Card(i)));
        v->addWidget(c.title);
        v->addWidget(c.value);
        v->addWidget(c.range); // always there (empty until the range arrives): the height never changes
        v->addWidget(c.detail);
        v->addStretch(1);
        frame->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
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
    fixHeight();
}

void HeadlineCards::fixHeight()
{
    // Title, value, range and two lines of detail, whatever the text: a card never grows or shrinks.
    const Widgets &c = mCards[0];
    const QMargins m = c.frame->layout()->contentsMargins();
    const int spacing = c.frame->layout()->spacing();
    const int h = QFontMetrics(c.title->font()).lineSpacing() + QFontMetrics(c.value->font()).lineSpacing() +
                  QFontMetrics(c.range->font()).lineSpacing() + 2 * QFontMetrics(c.detail->font()).lineSpacing() +
                  3 * spacing + m.top() + m.bottom() + 2 * static_cast<const QFrame *>(c.frame)->frameWidth();
    for (Widgets &w : mCards)
        w.frame->setFixedHeight(h);
    setFixedHeight(h);
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
    c.toolTip = toolTip.isEmpty() ? detail : toolTip;
    c.frame->setToolTip(QStringLiteral("%1: %2\n%3").arg(c.title->text(), value, c.toolTip).trimmed());
    c.value->setAccessibleDescription(detail);
}

void HeadlineCards::setValue(Card card, const QString &value)
{
    Widgets &c = mCards[static_cast<std::size_t>(card)];
    c.value->setText(value);
    c.frame->setToolTip(QStringLiteral("%1: %2\n%3").arg(c.title->text(), value, c.toolTip).trimmed());
}

void HeadlineCards::setRange(Card card, const QString &text, const QString &toolTip)
{
    Widgets &c = mCards[static_cast<std::size_t>(card)];
    c.range->setText(text);
    c.range->setToolTip(toolTip);
    c.range->setAccessibleDescription(toolTip);
}

QString HeadlineCards::value(Card card) const { return mCards[static_cast<std::size_t>(card)].value->text(); }

QString HeadlineCards::range(Card card) const { return mCards[static_cast<std::size_t>(card)].range->text(); }

QString HeadlineCards::detail(Card card) const { return mCards[static_cast<std::size_t>(card)].detail->text(); }

} // namespace ffui

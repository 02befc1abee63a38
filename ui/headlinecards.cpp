#include "headlinecards.h"

#include <QApplication>

#include <algorithm>
#include <cmath>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace ffui {

namespace {
// A label of a fixed height: the text is drawn in the label's font on as many lines as the height
// holds; a label with a smaller font allowed (setMinimumFont) first shrinks the text step by step
// to keep it on one line, then wraps it at the smaller size. Only text that fits nowhere is cut with
// an ellipsis (the whole text is in the card's tooltip and accessible description). The lines as
// drawn and their font are kept (shownLines, shownFont) so a test can measure them.
class ElidedLabel : public QLabel {
public:
    ElidedLabel(const QString &text, int lines, QWidget *parent) : QLabel(text, parent), mLines(lines)
    {
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        setMinimumWidth(0);
    }
    QSize sizeHint() const override
    {
        // Fractional line spacing, rounded up: at large sizes the integer one loses a pixel a line.
        int h = int(std::ceil(mLines * QFontMetricsF(font()).lineSpacing()));
        if (mMinScale < 1)
            h = std::max(h, int(std::ceil(2 * QFontMetricsF(scaledFont(mMinScale)).lineSpacing())));
        return {fontMetrics().averageCharWidth() * 12, h};
    }
    QSize minimumSizeHint() const override { return {0, sizeHint().height()}; }
    void setLines(int lines)
    {
        if (lines == mLines)
            return;
        mLines = lines;
        updateGeometry();
        update();
    }
    // The text may shrink to `scale` times the label's font (1: never shrinks).
    void setMinimumScale(qreal scale)
    {
        mMinScale = scale;
        updateGeometry();
    }
    // Whether the whole text fits in the lines it has.
    bool elided() const
    {
        QStringList lines;
        QFont f;
        return fit(&lines, &f);
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QStringList lines;
        QFont f;
        const bool cut = fit(&lines, &f);
        setProperty("ffShownLines", lines);
        setProperty("ffShownFont", f);
        setProperty("ffElided", cut);
        QPainter p(this);
        p.setPen(palette().color(foregroundRole()));
        p.setFont(f);
        const QFontMetrics fm(f);
        for (qsizetype i = 0; i < lines.size(); ++i)
            p.drawText(QPoint(0, int(i) * fm.lineSpacing() + fm.ascent()), lines[i]);
    }
    void changeEvent(QEvent *e) override
    {
        QLabel::changeEvent(e);
        if (e->type() == QEvent::FontChange)
            updateGeometry();
    }
    void resizeEvent(QResizeEvent *e) override
    {
        QLabel::resizeEvent(e);
        QStringList lines;
        QFont f;
        setProperty("ffElided", fit(&lines, &f));
        setProperty("ffShownLines", lines);
        setProperty("ffShownFont", f);
    }

private:
    QFont scaledFont(qreal k) const
    {
        QFont f = font();
        if (f.pointSizeF() > 0)
            f.setPointSizeF(f.pointSizeF() * k);
        else if (f.pixelSize() > 0)
            f.setPixelSize(std::max(1, qRound(f.pixelSize() * k)));
        return f;
    }
    // Lays the text out in `f` within the label's width and at most `maxLines` lines; false if it
    // does not all fit (then `lines` ends with an elided line).
    bool layoutIn(const QFont &f, int maxLines, QStringList *lines) const
    {
        // Greedy wrapping at spaces only ("P10\u2013P90" and "2025\u2013after 2045" stay whole).
        lines->clear();
        const QFontMetrics fm(f);
        const int w = std::max(1, width());
        // (Not simplified(): that turns the no-break spaces that hold a phrase together into breaks.)
        QString plain = text();
        plain.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\t'), QLatin1Char(' '));
        const QStringList words = plain.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QStringList all;
        QString line;
        for (const QString &word : words) {
            const QString next = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
            if (!line.isEmpty() && fm.horizontalAdvance(next) > w) {
                all << line;
                line = word;
            } else {
                line = next;
            }
        }
        if (!line.isEmpty())
            all << line;
        bool whole = all.size() <= maxLines;
        for (const QString &l : std::as_const(all))
            if (fm.horizontalAdvance(l) > w)
                whole = false;
        *lines = all.mid(0, maxLines);
        if (!whole && !lines->isEmpty()) {
            // The rest of the text on the last line, cut to the width.
            const qsizetype last = lines->size() - 1;
            (*lines)[last] = fm.elidedText(QStringList(all.mid(last)).join(QLatin1Char(' ')), Qt::ElideRight, w);
        }
        return whole;
    }
    // The lines to draw and their font; true when the text had to be cut.
    bool fit(QStringList *lines, QFont *f) const
    {
        const int h = std::max(1, height());
        const auto linesIn = [h](const QFont &font) { return std::max(1, h / std::max(1, QFontMetrics(font).lineSpacing())); };
        *f = font();
        const bool whole = layoutIn(*f, std::min(mLines, linesIn(*f)), lines);
        if (whole || mMinScale >= 1)
            return !whole;
        // Smaller, in the lines it has, down to the smallest size allowed; then wrapped at the smallest size.
        for (qreal k = 0.92; k > mMinScale; k -= 0.08) {
            *f = scaledFont(k);
            if (layoutIn(*f, std::min(mLines, linesIn(*f)), lines))
                return false;
        }
        *f = scaledFont(mMinScale);
        return !layoutIn(*f, linesIn(*f), lines);
    }
    int mLines;
    qreal mMinScale = 1;
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
    // Short titles: six cards share the width beside the assumptions at 1280x720; the accessible
    // name (and the tooltip) carries the whole one.
    const QString titles[CardCount] = {tr("Task-level parity"), tr("Full-product parity"), tr("Current lag"), tr("Bottleneck"),
                                       tr("Biggest accelerant"), tr("Pays back (vs the API)")};
    const QString shortTitles[CardCount] = {tr("Task level"), tr("Full product"), tr("Lag today"), tr("Bottleneck"),
                                            tr("Accelerant"), tr("Pays back")};
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
        // A card takes the keyboard focus (Tab), so a screen reader reads its whole text.
        frame->setFocusPolicy(Qt::StrongFocus);
        frame->installEventFilter(this);
        auto *v = new QVBoxLayout(frame);
        v->setContentsMargins(10, 6, 10, 8);
        v->setSpacing(2);
        c.frame = frame;
        c.title = new ElidedLabel(shortTitles[i], 1, frame);
        c.title->setAccessibleName(titles[i]);
        c.title->setObjectName(QStringLiteral("headlineTitle_") + id(Card(i)));
        c.title->setForegroundRole(QPalette::PlaceholderText);
        auto *value = new ElidedLabel(QStringLiteral("\u2026"), 1, frame);
        value->setMinimumScale(0.52); // a long name (a bottleneck, an assumption) shrinks, then takes two lines
        c.value = value;
        c.value->setObjectName(QStringLiteral("headline_") + id(Card(i)));
        c.value->setAccessibleName(titles[i]);
        auto *range = new ElidedLabel(QString(), 3, frame); // kind and range: three lines, never cut at 1280x720
        range->setMinimumScale(0.85);
        c.range = range;
        c.range->setObjectName(QStringLiteral("headlineRange_") + id(Card(i)));
        c.range->setAccessibleName(tr("%1, uncertainty range").arg(titles[i]));
        c.detail = new ElidedLabel(QString(), 1, frame); // one line: the tooltip and description have it all
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
    // Title, value, three lines of kind and range and one of detail, whatever the text: a card never
    // grows or shrinks. Six cards share 1280 pixels beside the assumptions, so the answer's kind and
    // range get the lines and the detail (whole in the tooltip and description) gets one.
    const Widgets &c = mCards[0];
    const QMargins m = c.frame->layout()->contentsMargins();
    const int spacing = c.frame->layout()->spacing();
    const int h = c.title->sizeHint().height() + c.value->sizeHint().height() + c.range->sizeHint().height() +
                  c.detail->sizeHint().height() + 3 * spacing + m.top() + m.bottom() +
                  2 * static_cast<const QFrame *>(c.frame)->frameWidth();
    for (Widgets &w : mCards)
        w.frame->setFixedHeight(h);
    setFixedHeight(h);
}

bool HeadlineCards::eventFilter(QObject *watched, QEvent *event)
{
    // A focused card says so with a highlighted frame.
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
        if (auto *frame = qobject_cast<QFrame *>(watched)) {
            const bool in = event->type() == QEvent::FocusIn;
            frame->setFrameShape(in ? QFrame::Box : QFrame::StyledPanel);
            QPalette pal = frame->palette();
            pal.setColor(QPalette::WindowText, in ? palette().color(QPalette::Highlight) : palette().color(QPalette::WindowText));
            frame->setPalette(pal);
        }
    return QWidget::eventFilter(watched, event);
}

void HeadlineCards::describe(Card card)
{
    // Everything the card says, for a screen reader and the tooltip.
    Widgets &c = mCards[static_cast<std::size_t>(card)];
    QStringList parts{c.value->text()};
    if (!c.range->text().isEmpty())
        parts << c.range->text();
    if (!c.toolTip.isEmpty())
        parts << c.toolTip;
    c.frame->setAccessibleDescription(parts.join(QStringLiteral(". ")));
    c.frame->setToolTip(QStringLiteral("%1: %2").arg(c.title->accessibleName(), parts.join(QLatin1Char('\n'))).trimmed());
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
    c.value->setAccessibleDescription(detail);
    describe(card);
}

void HeadlineCards::setValue(Card card, const QString &value)
{
    Widgets &c = mCards[static_cast<std::size_t>(card)];
    c.value->setText(value);
    describe(card);
}

void HeadlineCards::setRange(Card card, const QString &text, const QString &toolTip)
{
    Widgets &c = mCards[static_cast<std::size_t>(card)];
    c.range->setText(text);
    c.range->setToolTip(toolTip);
    c.range->setAccessibleDescription(toolTip);
    describe(card);
}

QString HeadlineCards::value(Card card) const { return mCards[static_cast<std::size_t>(card)].value->text(); }

QString HeadlineCards::range(Card card) const { return mCards[static_cast<std::size_t>(card)].range->text(); }

QString HeadlineCards::detail(Card card) const { return mCards[static_cast<std::size_t>(card)].detail->text(); }

} // namespace ffui

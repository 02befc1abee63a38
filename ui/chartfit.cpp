#include "chartfit.h"

#include <QAbstractAxis>
#include <QAreaLegendMarker>
#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarLegendMarker>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>
#include <QPainter>
#include <QScatterSeries>
#include <QValueAxis>
#include <QXYLegendMarker>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

#include "chartfactory.h"

namespace ffui::ChartFit {

namespace {
const char kTitleBase[] = "ffFitTitleBase";       // the axis title's own size (points or pixels)
const char kBaseInterval[] = "ffFitBaseInterval"; // the spec's tick interval
const char kFittedInterval[] = "ffFitInterval";   // the interval this file set
const char kLabelsBase[] = "ffFitLabelsBase";     // the tick labels' own size
const char kCategories[] = "ffFitCategories";     // every label of a category axis, with its value

qreal sizeOf(const QFont &f) { return f.pointSizeF() > 0 ? f.pointSizeF() : f.pixelSize(); }

QFont withSize(QFont f, qreal size)
{
    if (f.pointSizeF() > 0)
        f.setPointSizeF(size);
    else
        f.setPixelSize(std::max(1, qRound(size)));
    return f;
}

// "a b c d" split into two lines of about equal width, at a space.
QString twoLines(const QString &text, const QFontMetricsF &fm)
{
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() < 2)
        return text;
    const qreal total = fm.horizontalAdvance(text);
    QString first;
    int i = 0;
    for (; i < words.size() - 1; ++i) {
        const QString next = first.isEmpty() ? words[i] : first + QLatin1Char(' ') + words[i];
        if (!first.isEmpty() && fm.horizontalAdvance(next) > total / 2)
            break;
        first = next;
    }
    return first + QStringLiteral("<br>") + words.mid(i).join(QLatin1Char(' '));
}

// Greedy wrapping at spaces into lines no wider than `width`, joined with <br>.
QString wrapped(const QString &text, const QFontMetricsF &fm, qreal width)
{
    QStringList lines;
    QString line;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString next = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (!line.isEmpty() && fm.horizontalAdvance(next) > width) {
            lines << line;
            line = word;
        } else {
            line = next;
        }
    }
    if (!line.isEmpty())
        lines << line;
    return lines.join(QStringLiteral("<br>"));
}

QString plain(QString text) { return text.replace(QStringLiteral("<br>"), QStringLiteral(" ")); }
} // namespace

QList<LegendEntry> legendEntries(QChart *chart)
{
    QList<LegendEntry> out;
    for (QLegendMarker *m : chart->legend()->markers()) {
        const QVariant shown = m->series() ? m->series()->property(ChartFactory::kLegendShownProperty) : QVariant();
        if ((shown.isValid() && !shown.toBool()) || m->label().trimmed().isEmpty())
            continue;
        LegendEntry e;
        e.label = m->label();
        e.pen = m->pen();
        e.brush = m->brush();
        if (auto *bar = qobject_cast<QBarLegendMarker *>(m)) {
            e.shape = LegendEntry::Box;
            e.brush = bar->barset()->brush();
            e.pen = bar->barset()->pen();
        } else if (auto *area = qobject_cast<QAreaLegendMarker *>(m)) {
            e.shape = LegendEntry::Box;
            e.brush = area->series()->brush();
            e.pen = area->series()->pen();
        } else if (auto *xy = qobject_cast<QXYLegendMarker *>(m)) {
            if (auto *sc = qobject_cast<QScatterSeries *>(xy->series())) {
                e.shape = LegendEntry::Point;
                e.brush = sc->brush();
                e.pen = sc->pen();
            } else {
                e.shape = LegendEntry::Line;
                e.pen = static_cast<QXYSeries *>(xy->series())->pen();
            }
        }
        out.append(e);
    }
    return out;
}

qreal legendEntryWidth(const LegendEntry &entry, const QFont &font, QPaintDevice *device)
{
    const QFontMetricsF fm(font, device);
    return fm.height() * 1.8 + fm.height() * 0.4 + fm.horizontalAdvance(entry.label) + 1;
}

qreal layoutLegend(const QList<LegendEntry> &entries, const QFont &font, QPaintDevice *device, qreal width, QList<QRectF> *rects)
{
    const QFontMetricsF fm(font, device);
    const qreal spacing = fm.height() * 1.2;
    qreal x = 0, y = 0;
    for (const LegendEntry &e : entries) {
        const qreal w = std::min(width, legendEntryWidth(e, font, device));
        if (x > 0 && x + w > width) {
            x = 0;
            y += fm.height() * 1.25;
        }
        if (rects)
            rects->append(QRectF(x, y, w, fm.height()));
        x += w + spacing;
    }
    return entries.isEmpty() ? 0 : y + fm.height() * 1.25;
}

void drawLegend(QPainter &painter, const QList<LegendEntry> &entries, const QFont &font, const QRectF &area, const QColor &text)
{
    QList<QRectF> rects;
    layoutLegend(entries, font, painter.device(), area.width(), &rects);
    const QFontMetricsF fm(font, painter.device());
    const qreal swatch = fm.height() * 1.8, gap = fm.height() * 0.4;
    painter.save();
    painter.setFont(font);
    for (qsizetype i = 0; i < entries.size() && i < rects.size(); ++i) {
        const LegendEntry &e = entries[i];
        const QRectF r = rects[i].translated(area.topLeft());
        const QRectF sw(r.left(), r.top(), swatch, r.height());
        switch (e.shape) {
        case LegendEntry::Line:
            painter.setPen(e.pen);
            painter.drawLine(QPointF(sw.left(), sw.center().y()), QPointF(sw.right(), sw.center().y()));
            break;
        case LegendEntry::Point: {
            painter.setPen(e.pen);
            painter.setBrush(e.brush);
            const qreal d = r.height() * 0.6;
            painter.drawEllipse(QRectF(sw.center().x() - d / 2, sw.center().y() - d / 2, d, d));
            break;
        }
        case LegendEntry::Box:
            painter.setPen(e.pen);
            painter.setBrush(e.brush);
            painter.drawRect(QRectF(sw.left(), sw.top() + r.height() * 0.2, sw.width(), r.height() * 0.6));
            break;
        }
        painter.setPen(text);
        painter.drawText(QRectF(sw.right() + gap, r.top(), r.width() - swatch - gap + 1, r.height()), Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(e.label, Qt::ElideRight, r.width() - swatch - gap + 1));
    }
    painter.restore();
}

void fitTitle(QChart *chart, qreal width)
{
    const QString title = plain(chart->title());
    const QFontMetricsF fm(chart->titleFont());
    const QMargins m = chart->margins();
    const qreal avail = width - m.left() - m.right() - fm.height(); // the title item's own margins
    QString fitted = title;
    if (fm.horizontalAdvance(title) > avail) {
        fitted = twoLines(title, fm);
        for (const QString &line : fitted.split(QStringLiteral("<br>")))
            if (fm.horizontalAdvance(line) > avail)
                fitted = wrapped(title, fm, avail);
    }
    if (fitted != chart->title())
        chart->setTitle(fitted);
}

namespace {

// The axis title: its own size while it fits the plot's side, smaller down to the tick labels'
// size, then on two lines.
bool fitAxisTitle(QAbstractAxis *axis, bool horizontal, qreal side)
{
    if (axis->titleText().isEmpty())
        return false;
    bool changed = false;
    QVariant base = axis->property(kTitleBase);
    if (!base.isValid()) {
        base = sizeOf(axis->titleFont());
        axis->setProperty(kTitleBase, base);
    }
    const qreal full = base.toReal(), least = std::min(full, sizeOf(axis->labelsFont()) * 0.8);
    const QString text = plain(axis->titleText());
    // The largest size at which the title fits the side in one line (a horizontal axis) or
    // at most three (a vertical one, whose lines stack sideways); at the smallest size, as
    // many lines as it takes.
    const int maxLines = horizontal ? 1 : 3;
    const auto fits = [&](qreal sz, QString *out) {
        const QFontMetricsF m(withSize(axis->titleFont(), sz));
        const QString w = m.horizontalAdvance(text) > side - 8 ? wrapped(text, m, side - 8) : text;
        const QStringList lines = w.split(QStringLiteral("<br>"));
        *out = w;
        if (lines.size() > maxLines)
            return false;
        for (const QString &l : lines)
            if (m.horizontalAdvance(l) > side - 8)
                return false;
        return true;
    };
    qreal size = full;
    QString shown;
    while (!fits(size, &shown) && size > least)
        size = std::max(least, size * 0.92);
    const QFont f = withSize(axis->titleFont(), size);
    if (std::fabs(sizeOf(axis->titleFont()) - size) > 0.01) {
        axis->setTitleFont(f);
        changed = true;
    }
    if (shown != axis->titleText()) {
        axis->setTitleText(shown);
        changed = true;
    }
    return changed;
}

// Labels at values (a relative axis labelled in years): keep every k-th until neighbours stand
// apart. The full set is kept on the axis, so a wider chart gets its labels back.
bool fitCategoryAxis(QCategoryAxis *cat, bool horizontal, qreal side, const QFontMetricsF &fm, qreal gap)
{
    QVariantList all = cat->property(kCategories).toList();
    QStringList known;
    for (const QVariant &v : all)
        known << v.toList().value(0).toString();
    for (const QString &l : cat->categoriesLabels())
        if (!known.contains(l)) { // new labels (an update): they are the full set now
            all.clear();
            for (const QString &c : cat->categoriesLabels())
                all << QVariant(QVariantList{c, cat->endValue(c)});
            cat->setProperty(kCategories, all);
            break;
        }
    const qreal span = cat->max() - cat->min();
    if (all.size() < 2 || span <= 0)
        return false;
    const auto collide = [&](const QVariantList &shown) {
        for (qsizetype i = 1; i < shown.size(); ++i) {
            const QVariantList a = shown[i - 1].toList(), b = shown[i].toList();
            const qreal d = (b.value(1).toDouble() - a.value(1).toDouble()) / span * side;
            const qreal need = horizontal ? (fm.horizontalAdvance(a.value(0).toString()) + fm.horizontalAdvance(b.value(0).toString())) / 2 + gap
                                          : fm.height() + gap / 2;
            if (d < need)
                return true;
        }
        return false;
    };
    QVariantList keep = all;
    for (int k = 2; collide(keep) && k <= all.size(); ++k) {
        keep.clear();
        for (qsizetype i = 0; i < all.size(); i += k)
            keep << all[i];
    }
    QStringList want;
    for (const QVariant &v : keep)
        want << v.toList().value(0).toString();
    if (want == cat->categoriesLabels())
        return false;
    for (const QString &l : cat->categoriesLabels())
        cat->remove(l);
    for (const QVariant &v : keep)
        cat->append(v.toList().value(0).toString(), v.toList().value(1).toDouble());
    return true;
}

// Long names beside horizontal bars (a tornado): Qt gives the axis a share of the chart and one
// line per bar, and cuts the rest. Smaller type first, then the name without its P10 / P90
// values, then smaller still, until the widest name takes at most 30% of the chart's width; last,
// the name without a trailing qualifier in parentheses.
bool fitBarNames(QChart *chart, QBarCategoryAxis *bars)
{
    const qreal most = chart->size().width() * 0.3;
    if (chart->size().width() < 300)
        return false; // not laid out yet
    bool changed = false;
    QVariant base = bars->property(kLabelsBase);
    if (!base.isValid()) {
        base = sizeOf(bars->labelsFont());
        bars->setProperty(kLabelsBase, base);
    }
    const auto widest = [&](const QFont &f, bool names) {
        qreal w = 0;
        for (const QString &c : bars->categories()) {
            const QString text = names ? c.section(QStringLiteral(": "), 0, 0) : c;
            w = std::max(w, QFontMetricsF(f).horizontalAdvance(text));
        }
        return w;
    };
    qreal size = base.toReal();
    const qreal least = size * 0.85;
    while (size > least && widest(withSize(bars->labelsFont(), size), false) > most)
        size = std::max(least, size * 0.95);
    const bool names = widest(withSize(bars->labelsFont(), size), false) > most;
    if (names)
        while (size > base.toReal() * 0.7 && widest(withSize(bars->labelsFont(), size), true) > most)
            size = std::max(base.toReal() * 0.7, size * 0.95);
    if (std::fabs(sizeOf(bars->labelsFont()) - size) > 0.01) {
        bars->setLabelsFont(withSize(bars->labelsFont(), size));
        changed = true;
    }
    // Still too wide at the smallest type: each name that is, without a trailing qualifier in
    // parentheses ("Achieved share of peak bandwidth (weights)"), unless two bars would then read
    // the same.
    const QFontMetricsF fm(withSize(bars->labelsFont(), size));
    if (names)
        for (const QString &c : bars->categories()) {
            QString name = c.section(QStringLiteral(": "), 0, 0);
            if (fm.horizontalAdvance(name) > most && name.endsWith(QLatin1Char(')')) && name.lastIndexOf(QLatin1String(" (")) > 0)
                name = name.left(name.lastIndexOf(QLatin1String(" (")));
            if (name != c && !bars->categories().contains(name)) {
                bars->replace(c, name);
                changed = true;
            }
        }
    return changed;
}

// Bar categories: names beside horizontal bars fitted (fitBarNames); one label per vertical bar,
// upright when they do not fit side by side.
bool fitBarCategoryAxis(QChart *chart, QBarCategoryAxis *bars, bool horizontal, qreal side, const QFontMetricsF &fm, qreal gap)
{
    if (!horizontal)
        return fitBarNames(chart, bars);
    qreal widest = 0;
    for (const QString &c : bars->categories())
        widest = std::max(widest, fm.horizontalAdvance(c));
    const int angle = bars->count() * (widest + gap) > side ? -90 : 0;
    if (bars->labelsAngle() == angle)
        return false;
    bars->setLabelsAngle(angle);
    return true;
}

// A value axis (years or values): a label every interval; twice, five or ten times as far apart
// until they fit.
bool fitValueAxis(QValueAxis *v, bool horizontal, qreal side, const QFontMetricsF &fm, qreal gap)
{
    if (v->tickType() != QValueAxis::TicksDynamic || v->tickInterval() <= 0)
        return false;
    if (!v->property(kFittedInterval).isValid() || v->property(kFittedInterval).toDouble() != v->tickInterval())
        v->setProperty(kBaseInterval, v->tickInterval());
    const double baseStep = v->property(kBaseInterval).toDouble();
    const int digits = int(std::max(QString::number(v->min(), 'f', 0).size(), QString::number(v->max(), 'f', 0).size())) +
                       (v->labelFormat().contains(QLatin1String(".1f")) ? 2 : 0);
    const qreal label = horizontal ? fm.horizontalAdvance(QString(digits, QLatin1Char('0'))) + gap : fm.height() + gap / 2;
    const double span = v->max() - v->min();
    double step = baseStep;
    for (double k : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0}) {
        step = baseStep * k;
        if (span / step * label <= side)
            break;
    }
    bool changed = false;
    if (step != v->tickInterval()) {
        v->setTickInterval(step);
        changed = true;
    }
    v->setProperty(kFittedInterval, step);
    return changed;
}

} // namespace

bool fitAxes(QChart *chart)
{
    const QRectF plot = chart->plotArea();
    if (plot.width() < 10 || plot.height() < 10 || chart->size().width() < 300)
        return false; // not laid out yet (a hidden tab)
    bool changed = false;
    for (QAbstractAxis *axis : chart->axes()) {
        const bool horizontal = axis->orientation() == Qt::Horizontal;
        const qreal side = horizontal ? plot.width() : plot.height();
        if (fitAxisTitle(axis, horizontal, side))
            changed = true;
        const QFontMetricsF fm(axis->labelsFont());
        const qreal gap = fm.height() * 0.8;
        bool fitted = false;
        if (auto *cat = qobject_cast<QCategoryAxis *>(axis))
            fitted = fitCategoryAxis(cat, horizontal, side, fm, gap);
        else if (auto *bars = qobject_cast<QBarCategoryAxis *>(axis))
            fitted = fitBarCategoryAxis(chart, bars, horizontal, side, fm, gap);
        else if (auto *v = qobject_cast<QValueAxis *>(axis))
            fitted = fitValueAxis(v, horizontal, side, fm, gap);
        if (fitted)
            changed = true;
    }
    return changed;
}

void forgetFit(QAbstractAxis *axis)
{
    for (const char *name : {kTitleBase, kBaseInterval, kFittedInterval, kLabelsBase, kCategories})
        axis->setProperty(name, QVariant());
}

} // namespace ffui::ChartFit

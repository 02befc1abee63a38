#include "deckwriter.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

#include "chartexporter.h"
#include "chartfactory.h"
#include "forecast.h"
#include "qtstrings.h"
#include "slidetakeaway.h"
#include "tablemodel.h"
#include "timeutil.h"

namespace ffui {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("ffui::DeckWriter", text); }

// The page in logical units (1280x720, 16:9); the writer maps them to points.
constexpr int kW = 1280, kH = 720, kMargin = 40;

QFont font(qreal px, bool bold = false)
{
    QFont f;
    f.setFamily(QStringLiteral("sans-serif"));
    f.setPixelSize(std::max(1, qRound(px)));
    f.setBold(bold);
    return f;
}

// Draws wrapped text from the top of `r`; returns the height used.
qreal text(QPainter &p, const QRectF &r, const QString &s, const QFont &f, const QColor &c = QColor(0x22, 0x22, 0x22))
{
    p.setFont(f);
    p.setPen(c);
    const QRectF used = p.boundingRect(r, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, s);
    p.drawText(r, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, s);
    return used.height();
}
} // namespace

DeckWriter::DeckWriter(const ff::Engine &engine, const ff::Result &result, ff::ReportExtras extras)
    : mEngine(engine), mResult(result), mExtras(std::move(extras))
{
}

QString DeckWriter::sourceLine(const ff::Engine &engine, const ff::Result &r) { return ChartExporter::sourceLine(engine, r); }

QString DeckWriter::answer() const
{
    // The headline's words and the one date format rule (the year when the range spans a year or more).
    return qs(ff::yearText(mResult.task, mExtras.monteCarlo ? &mExtras.monteCarlo->task : nullptr));
}

QString DeckWriter::range() const
{
    if (!mExtras.monteCarlo)
        return tr("no Monte Carlo range (0 samples)");
    // The report's sentence for the range (the share already due, then the P10-P90 of the future date).
    const ff::Distribution &d = mExtras.monteCarlo->task;
    const double horizon = mEngine.data().settings.horizonYear;
    return tr("%1 (%L2 samples)").arg(qs(ff::rangeText(d, horizon, ff::monthPrecision(&d)))).arg(d.samples);
}

QStringList DeckWriter::pageTitles() const
{
    QStringList out{tr("Frontier Forecast")};
    for (ChartKind k : ChartFactory::kinds())
        out << ChartFactory::tabTitle(k);
    for (TableKind k : ForecastTables::kinds())
        out << ForecastTables::tabTitle(k);
    out << tr("Appendix: assumptions and sources");
    return out;
}

bool DeckWriter::write(const QString &path)
{
    mError.clear();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        mError = tr("could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    {
        QPdfWriter pdf(&file);
        // The title page's answer in the document's title too (a test reads it back).
        pdf.setTitle(tr("Frontier Forecast: %1: task-level parity %2").arg(qs(mResult.scenario.name), answer()));
        pdf.setCreator(QStringLiteral("Frontier Forecast"));
        pdf.setPageSize(QPageSize(QSizeF(kW * 0.75, kH * 0.75), QPageSize::Point, QStringLiteral("Slide 16:9")));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(96);
        QPainter p;
        if (!p.begin(&pdf)) {
            mError = tr("could not start the PDF");
            file.cancelWriting();
            return false;
        }
        // Logical 1280x720 on whatever the device's pixels are.
        const qreal k = std::min(pdf.width() / qreal(kW), pdf.height() / qreal(kH));
        const QString source = sourceLine(mEngine, mResult);
        const QStringList titles = pageTitles();
        int page = 0;
        const auto begin = [&](const QString &title) {
            if (page > 0)
                pdf.newPage();
            ++page;
            p.resetTransform();
            p.scale(k, k);
            p.fillRect(QRectF(0, 0, kW, kH), Qt::white);
            text(p, QRectF(kMargin, 24, kW - 2 * kMargin, 40), title, font(26, true));
            // The source-and-date line and the page number on every page.
            text(p, QRectF(kMargin, kH - 28, kW - 2 * kMargin - 80, 20), source, font(12), QColor(0x55, 0x55, 0x55));
            p.setFont(font(12));
            p.drawText(QRectF(kW - kMargin - 80, kH - 28, 80, 20), Qt::AlignRight, tr("%1 / %2").arg(page).arg(titles.size()));
        };

        // Title page: the answer, its kind and range, the question.
        begin(titles[0]);
        qreal y = 110;
        y += text(p, QRectF(kMargin, y, kW - 2 * kMargin, 80),
                  tr("When can a %1 box run a %2-class model at hosted-API speed?").arg(qs(ff::fmtUsd(mResult.budgetUsd)), qs(mResult.targetModel)),
                  font(24)) + 30;
        y += text(p, QRectF(kMargin, y, kW - 2 * kMargin, 90), tr("Task-level parity: %1").arg(answer()), font(48, true)) + 10;
        y += text(p, QRectF(kMargin, y, kW - 2 * kMargin, 40), range(), font(26, true)) + 16;
        y += text(p, QRectF(kMargin, y, kW - 2 * kMargin, 40), tr("Full-product parity: %1").arg(qs(ff::yearText(mResult.full, mExtras.monteCarlo ? &mExtras.monteCarlo->full : nullptr))), font(24)) + 16;
        const ff::MonteCarloResult *mc = mExtras.monteCarlo ? &*mExtras.monteCarlo : nullptr;
        text(p, QRectF(kMargin, y, kW - 2 * kMargin, kH - y - 60),
             qs(ff::takeawayText(mResult, mc, mEngine.data().settings.horizonYear)), font(20));

        // A page per chart: its takeaway above, the chart as the exports draw it (vector).
        ChartExporter exporter(mEngine, mResult, mExtras);
        exporter.setPinned(mExtras.compare.get());
        int i = 1;
        for (ChartKind kind : ChartFactory::kinds()) {
            begin(titles[i++]);
            const qreal h = text(p, QRectF(kMargin, 64, kW - 2 * kMargin, 60), SlideTakeaway::forChart(mEngine, mResult, mExtras, kind), font(17));
            const QRectF area(kMargin, 64 + h + 8, kW - 2 * kMargin, kH - 64 - h - 8 - 40);
            ExportOptions o;
            o.size = QSize(1920, int(1920 * area.height() / area.width()));
            o.caption = false;
            p.save();
            p.translate(area.topLeft());
            p.scale(area.width() / o.size.width(), area.height() / o.size.height());
            exporter.paint(p, kind, o);
            p.restore();
        }
        // A page per table: its takeaway, then the table (cells wrapped in their columns).
        for (TableKind kind : ForecastTables::kinds()) {
            begin(titles[i++]);
            qreal ty = 64 + text(p, QRectF(kMargin, 64, kW - 2 * kMargin, 60), SlideTakeaway::forTable(mResult, mExtras, kind), font(17)) + 12;
            const ff::Table t = ForecastTables::table(kind, mResult, mExtras);
            const int cols = int(t.header.size());
            if (cols == 0)
                continue;
            // Columns in proportion to their longest cell, none narrower than a tenth of the page.
            std::vector<qreal> want(std::size_t(cols), 0);
            const QFont cell = font(t.rows.size() > 12 ? 11 : 13), head = font(t.rows.size() > 12 ? 11 : 13, true);
            const QFontMetricsF fm(cell, p.device());
            for (int c = 0; c < cols; ++c) {
                want[std::size_t(c)] = fm.horizontalAdvance(qs(t.header[std::size_t(c)]));
                for (const auto &row : t.rows)
                    if (std::size_t(c) < row.size())
                        want[std::size_t(c)] = std::max(want[std::size_t(c)], fm.horizontalAdvance(qs(row[std::size_t(c)])));
            }
            qreal total = 0;
            for (qreal &w : want) {
                w = std::max(w + 12, (kW - 2.0 * kMargin) / 10);
                total += w;
            }
            const qreal scale = std::min(1.0, (kW - 2.0 * kMargin) / total);
            const auto rowOut = [&](const std::vector<std::string> &cells, const QFont &f, bool shade) {
                qreal x = kMargin, rh = 0;
                for (int c = 0; c < cols; ++c) {
                    const QRectF r(x + 4, ty + 2, want[std::size_t(c)] * scale - 8, 200);
                    rh = std::max(rh, p.boundingRect(r, Qt::TextWordWrap, std::size_t(c) < cells.size() ? qs(cells[std::size_t(c)]) : QString()).height());
                    x += want[std::size_t(c)] * scale;
                }
                if (ty + rh + 4 > kH - 40)
                    return false;
                if (shade)
                    p.fillRect(QRectF(kMargin, ty, kW - 2 * kMargin, rh + 4), QColor(0xEE, 0xF2, 0xF8));
                x = kMargin;
                for (int c = 0; c < cols; ++c) {
                    text(p, QRectF(x + 4, ty + 2, want[std::size_t(c)] * scale - 8, rh), std::size_t(c) < cells.size() ? qs(cells[std::size_t(c)]) : QString(), f);
                    x += want[std::size_t(c)] * scale;
                }
                ty += rh + 4;
                return true;
            };
            p.setFont(head);
            rowOut(t.header, head, false);
            p.setPen(QColor(0x88, 0x88, 0x88));
            p.drawLine(QPointF(kMargin, ty), QPointF(kW - kMargin, ty));
            int shown = 0;
            bool odd = false;
            for (const auto &row : t.rows) {
                p.setFont(cell);
                if (!rowOut(row, cell, odd))
                    break;
                odd = !odd;
                ++shown;
            }
            if (shown < int(t.rows.size()))
                text(p, QRectF(kMargin, kH - 52, kW - 2 * kMargin, 20),
                     tr("%1 of %2 rows shown; the whole table: File > Export Table or `export --table %3`.")
                         .arg(shown).arg(t.rows.size()).arg(ForecastTables::id(kind)),
                     font(12), QColor(0x55, 0x55, 0x55));
        }
        // Appendix: every assumption, its value in this scenario, its range and its source.
        begin(titles.last());
        const ff::DataSet &d = mEngine.data();
        const std::vector<double> values = ff::assumptionValues(d, mResult.scenario);
        QStringList lines;
        for (std::size_t a = 0; a < d.assumptions.size(); ++a) {
            const ff::AssumptionDef &def = d.assumptions[a];
            lines << tr("%1: %2 %3 (range %4 to %5). Source: %6")
                         .arg(qs(def.label))
                         .arg(values[a], 0, 'g', 4)
                         .arg(qs(def.unit))
                         .arg(def.low, 0, 'g', 4)
                         .arg(def.high, 0, 'g', 4)
                         .arg(qs(def.source));
        }
        lines << tr("Catalogs, measurements and their sources: Help > Data Sources, or `frontier-forecast assumptions`.");
        // Two columns of small type; what does not fit is named.
        const QFont small = font(8.5);
        const qreal colW = (kW - 2.0 * kMargin - 20) / 2;
        qreal ay = 64, ax = kMargin;
        int written = 0;
        for (const QString &l : lines) {
            p.setFont(small);
            const qreal h = p.boundingRect(QRectF(0, 0, colW, 400), Qt::TextWordWrap, l).height();
            if (ay + h > kH - 40) {
                if (ax > kMargin)
                    break;
                ax += colW + 20;
                ay = 64;
            }
            text(p, QRectF(ax, ay, colW, h), l, small);
            ay += h + 2;
            ++written;
        }
        if (written < lines.size())
            text(p, QRectF(kMargin, kH - 48, kW - 2 * kMargin, 16),
                 tr("%1 more: `frontier-forecast assumptions` lists them all with their sources.").arg(lines.size() - written), font(11));
        if (!p.end()) {
            mError = tr("could not finish the PDF");
            file.cancelWriting();
            return false;
        }
    }
    if (!file.commit()) {
        mError = tr("could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace ffui

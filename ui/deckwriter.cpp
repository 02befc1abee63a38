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
#include "solver/forecast.h"
#include "qtstrings.h"
#include "slidetakeaway.h"
#include "tablemodel.h"
#include "core/timeutil.h"

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

// Each column's width on the page: in proportion to its longest cell, none narrower than a tenth of
// the page, all of them shrunk together to fit the page.
std::vector<qreal> columnWidths(const ff::Table &t, const QFontMetricsF &fm)
{
    const std::size_t cols = t.header.size();
    std::vector<qreal> want(cols, 0);
    for (std::size_t c = 0; c < cols; ++c) {
        want[c] = fm.horizontalAdvance(qs(t.header[c]));
        for (const auto &row : t.rows)
            if (c < row.size())
                want[c] = std::max(want[c], fm.horizontalAdvance(qs(row[c])));
    }
    qreal total = 0;
    for (qreal &w : want) {
        w = std::max(w + 12, (kW - 2.0 * kMargin) / 10);
        total += w;
    }
    const qreal scale = std::min(1.0, (kW - 2.0 * kMargin) / total);
    for (qreal &w : want)
        w = w * scale;
    return want;
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

// One deck being painted: the page frame every page shares (title, source line, page number) and
// each kind of page, in the logical 1280x720 units.
class DeckWriter::Pages {
public:
    Pages(const DeckWriter &deck, QPdfWriter &pdf, QPainter &p)
        : mDeck(deck), mPdf(pdf), mP(p),
          // Logical 1280x720 on whatever the device's pixels are.
          mK(std::min(pdf.width() / qreal(kW), pdf.height() / qreal(kH))), mSource(sourceLine(deck.mEngine, deck.mResult)),
          mTitles(deck.pageTitles())
    {
    }
    void titlePage();
    void chartPages();
    void tablePage(TableKind kind);
    void appendix();

private:
    void begin();

    const DeckWriter &mDeck;
    QPdfWriter &mPdf;
    QPainter &mP;
    const qreal mK;
    const QString mSource;
    const QStringList mTitles;
    int mPage = 0;
};

// A new page with the next title, the source-and-date line and the page number.
void DeckWriter::Pages::begin()
{
    const QString &title = mTitles[mPage];
    if (mPage > 0)
        mPdf.newPage();
    ++mPage;
    mP.resetTransform();
    mP.scale(mK, mK);
    mP.fillRect(QRectF(0, 0, kW, kH), Qt::white);
    text(mP, QRectF(kMargin, 24, kW - 2 * kMargin, 40), title, font(26, true));
    // The source-and-date line and the page number on every page.
    text(mP, QRectF(kMargin, kH - 28, kW - 2 * kMargin - 80, 20), mSource, font(12), QColor(0x55, 0x55, 0x55));
    mP.setFont(font(12));
    mP.drawText(QRectF(kW - kMargin - 80, kH - 28, 80, 20), Qt::AlignRight, tr("%1 / %2").arg(mPage).arg(mTitles.size()));
}

// Title page: the answer, its kind and range, the question.
void DeckWriter::Pages::titlePage()
{
    const ff::Result &r = mDeck.mResult;
    const ff::ReportExtras &x = mDeck.mExtras;
    begin();
    qreal y = 110;
    y += text(mP, QRectF(kMargin, y, kW - 2 * kMargin, 80),
              tr("When can a %1 box run a %2-class model at hosted-API speed?").arg(qs(ff::fmtUsd(r.budgetUsd)), qs(r.targetModel)),
              font(24)) + 30;
    y += text(mP, QRectF(kMargin, y, kW - 2 * kMargin, 90), tr("Task-level parity: %1").arg(mDeck.answer()), font(48, true)) + 10;
    y += text(mP, QRectF(kMargin, y, kW - 2 * kMargin, 40), mDeck.range(), font(26, true)) + 16;
    y += text(mP, QRectF(kMargin, y, kW - 2 * kMargin, 40), tr("Full-product parity: %1").arg(qs(ff::yearText(r.full, x.monteCarlo ? &x.monteCarlo->full : nullptr))), font(24)) + 16;
    const ff::MonteCarloResult *mc = x.monteCarlo ? &*x.monteCarlo : nullptr;
    text(mP, QRectF(kMargin, y, kW - 2 * kMargin, kH - y - 60),
         qs(ff::takeawayText(r, mc, mDeck.mEngine.data().settings.horizonYear)), font(20));
}

// A page per chart: its takeaway above, the chart as the exports draw it (vector).
void DeckWriter::Pages::chartPages()
{
    ChartExporter exporter(mDeck.mEngine, mDeck.mResult, mDeck.mExtras);
    exporter.setPinned(mDeck.mExtras.compare.get());
    for (ChartKind kind : ChartFactory::kinds()) {
        begin();
        const qreal h = text(mP, QRectF(kMargin, 64, kW - 2 * kMargin, 60), SlideTakeaway::forChart(mDeck.mEngine, mDeck.mResult, mDeck.mExtras, kind), font(17));
        const QRectF area(kMargin, 64 + h + 8, kW - 2 * kMargin, kH - 64 - h - 8 - 40);
        ExportOptions o;
        o.size = QSize(1920, int(1920 * area.height() / area.width()));
        o.caption = false;
        mP.save();
        mP.translate(area.topLeft());
        mP.scale(area.width() / o.size.width(), area.height() / o.size.height());
        exporter.paint(mP, kind, o);
        mP.restore();
    }
}

// A page per table: its takeaway, then the table (cells wrapped in their columns) and, when it does
// not fit, how many rows were left out.
void DeckWriter::Pages::tablePage(TableKind kind)
{
    begin();
    qreal ty = 64 + text(mP, QRectF(kMargin, 64, kW - 2 * kMargin, 60), SlideTakeaway::forTable(mDeck.mResult, mDeck.mExtras, kind), font(17)) + 12;
    const ff::Table t = ForecastTables::table(kind, mDeck.mResult, mDeck.mExtras);
    const int cols = int(t.header.size());
    if (cols == 0)
        return;
    const QFont cell = font(t.rows.size() > 12 ? 11 : 13), head = font(t.rows.size() > 12 ? 11 : 13, true);
    const std::vector<qreal> width = columnWidths(t, QFontMetricsF(cell, mP.device()));
    // One row, as high as its tallest cell; false (nothing drawn) when it would not fit on the page.
    const auto rowOut = [&](const std::vector<std::string> &cells, const QFont &f, bool shade) {
        qreal x = kMargin, rh = 0;
        for (int c = 0; c < cols; ++c) {
            const QRectF r(x + 4, ty + 2, width[std::size_t(c)] - 8, 200);
            rh = std::max(rh, mP.boundingRect(r, Qt::TextWordWrap, std::size_t(c) < cells.size() ? qs(cells[std::size_t(c)]) : QString()).height());
            x += width[std::size_t(c)];
        }
        if (ty + rh + 4 > kH - 40)
            return false;
        if (shade)
            mP.fillRect(QRectF(kMargin, ty, kW - 2 * kMargin, rh + 4), QColor(0xEE, 0xF2, 0xF8));
        x = kMargin;
        for (int c = 0; c < cols; ++c) {
            text(mP, QRectF(x + 4, ty + 2, width[std::size_t(c)] - 8, rh), std::size_t(c) < cells.size() ? qs(cells[std::size_t(c)]) : QString(), f);
            x += width[std::size_t(c)];
        }
        ty += rh + 4;
        return true;
    };
    mP.setFont(head);
    rowOut(t.header, head, false);
    mP.setPen(QColor(0x88, 0x88, 0x88));
    mP.drawLine(QPointF(kMargin, ty), QPointF(kW - kMargin, ty));
    int shown = 0;
    bool odd = false;
    for (const auto &row : t.rows) {
        mP.setFont(cell);
        if (!rowOut(row, cell, odd))
            break;
        odd = !odd;
        ++shown;
    }
    if (shown < int(t.rows.size()))
        text(mP, QRectF(kMargin, kH - 52, kW - 2 * kMargin, 20),
             tr("%1 of %2 rows shown; the whole table: File > Export Table or `export --table %3`.")
                 .arg(shown).arg(t.rows.size()).arg(ForecastTables::id(kind)),
             font(12), QColor(0x55, 0x55, 0x55));
}

// Appendix: every assumption, its value in this scenario, its range and its source, in two columns
// of small type; what does not fit is named.
void DeckWriter::Pages::appendix()
{
    begin();
    const ff::DataSet &d = mDeck.mEngine.data();
    const std::vector<double> values = ff::assumptionValues(d, mDeck.mResult.scenario);
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
    const QFont small = font(8.5);
    const qreal colW = (kW - 2.0 * kMargin - 20) / 2;
    qreal ay = 64, ax = kMargin;
    int written = 0;
    for (const QString &l : lines) {
        mP.setFont(small);
        const qreal h = mP.boundingRect(QRectF(0, 0, colW, 400), Qt::TextWordWrap, l).height();
        if (ay + h > kH - 40) {
            if (ax > kMargin)
                break;
            ax += colW + 20;
            ay = 64;
        }
        text(mP, QRectF(ax, ay, colW, h), l, small);
        ay += h + 2;
        ++written;
    }
    if (written < lines.size())
        text(mP, QRectF(kMargin, kH - 48, kW - 2 * kMargin, 16),
             tr("%1 more: `frontier-forecast assumptions` lists them all with their sources.").arg(lines.size() - written), font(11));
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
        // The pages in pageTitles()' order.
        Pages pages(*this, pdf, p);
        pages.titlePage();
        pages.chartPages();
        for (TableKind kind : ForecastTables::kinds())
            pages.tablePage(kind);
        pages.appendix();
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

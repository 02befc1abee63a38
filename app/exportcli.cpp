#include "exportcli.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include "chartexporter.h"
#include "deckwriter.h"
#include "chartfactory.h"
#include "solver/forecast.h"
#include "report/extras.h"
#include "uncertainty/montecarlo.h"
#include "options.h"
#include "outputfile.h"
#include "report/report.h"
#include "tablemodel.h"

namespace ffapp {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("export", text); }

QString validNames(const QStringList &names)
{
    QString out;
    for (const QString &n : names)
        out += QStringLiteral("\n  ") + n;
    return out;
}

QSize parseSize(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{1,5})[xX](\\d{1,5})$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        throw UsageError(QStringLiteral("--size: expected WIDTHxHEIGHT such as 1920x1080, got \"%1\"").arg(text).toStdString());
    return QSize(m.captured(1).toInt(), m.captured(2).toInt());
}

void writeText(const QString &path, const std::string &text)
{
    if (path == QLatin1String("-")) {
        writeOut(text);
        return;
    }
    QString why;
    if (!ffui::OutputFile::write(path, text, &why))
        throw std::runtime_error(QStringLiteral("could not write %1: %2").arg(path, why).toStdString());
}

// The command's help and options.
void addExportOptions(QCommandLineParser &p)
{
    p.setApplicationDescription(tr("Export a chart (PNG or SVG), a table (CSV) or the whole report (Markdown)."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("export"), tr("The sub-command."));
    p.addOptions({
        {QStringLiteral("list"), tr("Print the chart names, one per line.")},
        {QStringLiteral("chart"), tr("The chart to export: %1.").arg(ffui::ChartFactory::ids().join(QStringLiteral(", "))),
         QStringLiteral("NAME")},
        {QStringLiteral("table"), tr("The table to export as CSV: %1.").arg(ffui::ForecastTables::ids().join(QStringLiteral(", "))),
         QStringLiteral("NAME")},
        {QStringLiteral("report"), tr("Export the whole report as Markdown.")},
        {QStringLiteral("deck"), tr("Export the whole deck as one PDF: the answer, every chart and table with its takeaway, "
                                    "the assumptions and sources."),
         QStringLiteral("FILE.pdf")},
        {QStringLiteral("out"), tr("Write to FILE: .png or .svg for a chart, .csv for a table, .md for the report; - is stdout for text."),
         QStringLiteral("FILE")},
        {QStringLiteral("size"), tr("Chart size in logical pixels (the SVG's size, the PNG's before --scale)."), QStringLiteral("WxH"),
         QStringLiteral("1920x1080")},
        {QStringLiteral("scale"), tr("Pixels per logical pixel in a PNG, e.g. 1, 2 or 3."), QStringLiteral("S"), QStringLiteral("1")},
        {QStringLiteral("no-caption"), tr("Leave out the caption naming the scenario and its key assumptions.")},
        {QStringLiteral("theme"), tr("Chart colours: light (the default) or dark."), QStringLiteral("THEME"), QStringLiteral("light")},
    });
    p.addOptions(monteCarloOptions(
        tr("Monte Carlo samples for the fan and histogram charts and the report's ranges (0: none in the report).")));
    p.addOptions(scenarioOptions());
    p.addOption(compareOption());
    p.addOption(dataOption());
}

// What to export and where, checked before the data is read.
struct ExportArgs {
    std::optional<ffui::ChartKind> chart;
    std::optional<ffui::TableKind> table;
    QString deck; // the PDF, when --deck
    QString out;  // the file (or - for stdout)
    ffui::ExportOptions options; // a chart's
};

// -1 when `a` holds what to export; otherwise the exit status (an unknown chart or table lists the
// valid names on stderr). Usage errors throw.
int exportArgs(const QCommandLineParser &p, ExportArgs &a)
{
    const int what = int(p.isSet(QStringLiteral("chart"))) + int(p.isSet(QStringLiteral("table"))) + int(p.isSet(QStringLiteral("report"))) +
                     int(p.isSet(QStringLiteral("deck")));
    if (what != 1)
        throw UsageError("give exactly one of --chart NAME, --table NAME, --report or --deck FILE.pdf (or --list)");
    a.deck = p.value(QStringLiteral("deck"));
    if (p.isSet(QStringLiteral("deck")) && !a.deck.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        throw UsageError(QStringLiteral("--deck: the deck is written as .pdf, got \"%1\"").arg(a.deck).toStdString());
    if (p.isSet(QStringLiteral("chart"))) {
        a.chart = ffui::ChartFactory::fromId(p.value(QStringLiteral("chart")));
        if (!a.chart) {
            err() << "frontier-forecast export: unknown chart \"" << p.value(QStringLiteral("chart")) << "\"; valid charts:"
                  << validNames(ffui::ChartFactory::ids()) << Qt::endl;
            return 2;
        }
    }
    if (p.isSet(QStringLiteral("table"))) {
        a.table = ffui::ForecastTables::fromId(p.value(QStringLiteral("table")));
        if (!a.table) {
            err() << "frontier-forecast export: unknown table \"" << p.value(QStringLiteral("table")) << "\"; valid tables:"
                  << validNames(ffui::ForecastTables::ids()) << Qt::endl;
            return 2;
        }
    }
    a.out = p.isSet(QStringLiteral("deck")) ? a.deck : p.value(QStringLiteral("out"));
    if (a.out.isEmpty())
        throw UsageError("--out FILE is required");
    if (a.chart) {
        ffui::ExportOptions &options = a.options;
        if (!ffui::ChartExporter::formatForPath(a.out))
            throw UsageError(QStringLiteral("--out: a chart is written as .png or .svg, got \"%1\"").arg(a.out).toStdString());
        options.size = parseSize(p.value(QStringLiteral("size")));
        options.scale = numberOption(p, QStringLiteral("scale"), 0.5, ffui::ExportOptions::kMaxScale);
        options.caption = !p.isSet(QStringLiteral("no-caption"));
        const QString theme = p.value(QStringLiteral("theme"));
        if (theme != QLatin1String("light") && theme != QLatin1String("dark"))
            throw UsageError(QStringLiteral("--theme: expected light or dark, got \"%1\"").arg(theme).toStdString());
        options.dark = theme == QLatin1String("dark");
        if (const QString bad = options.validate(); !bad.isEmpty())
            throw UsageError(bad.toStdString());
    }
    return -1;
}

// What the chart or table needs beyond the forecast, from the same model calls as the window's
// worker (same seed: the same numbers).
ff::Extras extrasFor(const ExportArgs &a, int samples)
{
    if (a.chart)
        return ffui::ChartFactory::needs(*a.chart);
    if (a.table)
        return ffui::ForecastTables::needs(*a.table);
    ff::Extras what = ff::reportExtras(samples); // the report: everything `frontier-forecast report` prints
    if (!a.deck.isEmpty()) { // and every chart and table
        for (ffui::ChartKind k : ffui::ChartFactory::kinds())
            what |= ffui::ChartFactory::needs(k);
        for (ffui::TableKind k : ffui::ForecastTables::kinds())
            what |= ffui::ForecastTables::needs(k);
    }
    return what;
}

// Writes what `a` names; the exit status.
int writeExport(const ExportArgs &a, const ff::Engine &engine, const ff::Result &r, const ff::ReportExtras &x)
{
    if (a.chart) {
        ffui::ChartExporter exporter(engine, r, x);
        exporter.setPinned(x.compare.get());
        if (!exporter.exportToFile(*a.chart, a.out, a.options)) {
            err() << "frontier-forecast export: " << exporter.errorString() << Qt::endl;
            return 1;
        }
        return 0;
    }
    if (a.table) {
        writeText(a.out, ff::tableCsv(ffui::ForecastTables::table(*a.table, r, x)));
        return 0;
    }
    if (!a.deck.isEmpty()) {
        ffui::DeckWriter writer(engine, r, x);
        if (!writer.write(a.deck)) {
            err() << "frontier-forecast export: " << writer.errorString() << Qt::endl;
            return 1;
        }
        return 0;
    }
    writeText(a.out, ff::reportMarkdown(engine, r, x));
    return 0;
}

} // namespace

int runExport(const QStringList &arguments)
{
    QCommandLineParser p;
    addExportOptions(p);
    parseArguments(p, arguments);
    if (p.isSet(QStringLiteral("list"))) {
        writeOut(ffui::ChartFactory::ids().join(QLatin1Char('\n')).toStdString() + "\n");
        return 0;
    }
    ExportArgs a;
    if (const int status = exportArgs(p, a); status >= 0)
        return status;
    ff::ExtrasRequest request = monteCarloRequest(p);
    const ff::DataSet d = loadData(p);
    const ff::Scenario s = scenarioFrom(p, d);
    const ff::Engine engine(d);
    checkAsOf(p, engine, s);
    const ff::Result r = engine.compute(s);
    request.what = extrasFor(a, request.samples);
    if ((request.what & ff::Extra::MonteCarlo) && request.samples <= 0)
        throw UsageError(QStringLiteral("--samples: the %1 chart needs at least one Monte Carlo sample")
                             .arg(p.value(QStringLiteral("chart")))
                             .toStdString());
    ff::ReportExtras x = computeExtrasWarning(engine, s, request);
    x.compare = compareFrom(p, engine);
    return writeExport(a, engine, r, x);
}

} // namespace ffapp

#include "exportcli.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>

#include "chartexporter.h"
#include "deckwriter.h"
#include "chartfactory.h"
#include "forecast.h"
#include "extras.h"
#include "montecarlo.h"
#include "options.h"
#include "outputfile.h"
#include "report.h"
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

} // namespace

int runExport(const QStringList &arguments)
{
    QCommandLineParser p;
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
    parseArguments(p, arguments);

    if (p.isSet(QStringLiteral("list"))) {
        writeOut(ffui::ChartFactory::ids().join(QLatin1Char('\n')).toStdString() + "\n");
        return 0;
    }
    const int what = int(p.isSet(QStringLiteral("chart"))) + int(p.isSet(QStringLiteral("table"))) + int(p.isSet(QStringLiteral("report"))) +
                     int(p.isSet(QStringLiteral("deck")));
    if (what != 1)
        throw UsageError("give exactly one of --chart NAME, --table NAME, --report or --deck FILE.pdf (or --list)");
    const QString deck = p.value(QStringLiteral("deck"));
    if (p.isSet(QStringLiteral("deck")) && !deck.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        throw UsageError(QStringLiteral("--deck: the deck is written as .pdf, got \"%1\"").arg(deck).toStdString());
    std::optional<ffui::ChartKind> chart;
    std::optional<ffui::TableKind> table;
    if (p.isSet(QStringLiteral("chart"))) {
        chart = ffui::ChartFactory::fromId(p.value(QStringLiteral("chart")));
        if (!chart) {
            err() << "frontier-forecast export: unknown chart \"" << p.value(QStringLiteral("chart")) << "\"; valid charts:"
                  << validNames(ffui::ChartFactory::ids()) << Qt::endl;
            return 2;
        }
    }
    if (p.isSet(QStringLiteral("table"))) {
        table = ffui::ForecastTables::fromId(p.value(QStringLiteral("table")));
        if (!table) {
            err() << "frontier-forecast export: unknown table \"" << p.value(QStringLiteral("table")) << "\"; valid tables:"
                  << validNames(ffui::ForecastTables::ids()) << Qt::endl;
            return 2;
        }
    }
    const QString out = p.isSet(QStringLiteral("deck")) ? deck : p.value(QStringLiteral("out"));
    if (out.isEmpty())
        throw UsageError("--out FILE is required");
    ffui::ExportOptions options;
    if (chart) {
        if (!ffui::ChartExporter::formatForPath(out))
            throw UsageError(QStringLiteral("--out: a chart is written as .png or .svg, got \"%1\"").arg(out).toStdString());
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
    ff::ExtrasRequest request = monteCarloRequest(p);

    const ff::DataSet d = loadData(p);
    const ff::Scenario s = scenarioFrom(p, d);
    const ff::Engine engine(d);
    checkAsOf(p, engine, s);
    const ff::Result r = engine.compute(s);
    // What the chart or table needs beyond the forecast, from the same model calls as the window's
    // worker (same seed: the same numbers).
    if (chart)
        request.what = ffui::ChartFactory::needs(*chart);
    else if (table)
        request.what = ffui::ForecastTables::needs(*table);
    else if (!deck.isEmpty()) { // every chart and table
        request.what = ff::reportExtras(request.samples);
        for (ffui::ChartKind k : ffui::ChartFactory::kinds())
            request.what |= ffui::ChartFactory::needs(k);
        for (ffui::TableKind k : ffui::ForecastTables::kinds())
            request.what |= ffui::ForecastTables::needs(k);
    } else // the report: everything `frontier-forecast report` prints
        request.what = ff::reportExtras(request.samples);
    if ((request.what & ff::Extra::MonteCarlo) && request.samples <= 0)
        throw UsageError(QStringLiteral("--samples: the %1 chart needs at least one Monte Carlo sample")
                             .arg(p.value(QStringLiteral("chart")))
                             .toStdString());
    ff::ReportExtras x = computeExtrasWarning(engine, s, request);
    x.compare = compareFrom(p, engine);
    if (chart) {
        ffui::ChartExporter exporter(engine, r, x);
        exporter.setPinned(x.compare.get());
        if (!exporter.exportToFile(*chart, out, options)) {
            err() << "frontier-forecast export: " << exporter.errorString() << Qt::endl;
            return 1;
        }
        return 0;
    }
    if (table) {
        writeText(out, ff::tableCsv(ffui::ForecastTables::table(*table, r, x)));
        return 0;
    }
    if (!deck.isEmpty()) {
        ffui::DeckWriter writer(engine, r, x);
        if (!writer.write(deck)) {
            err() << "frontier-forecast export: " << writer.errorString() << Qt::endl;
            return 1;
        }
        return 0;
    }
    writeText(out, ff::reportMarkdown(engine, r, x));
    return 0;
}

} // namespace ffapp

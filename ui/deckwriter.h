#pragma once
// The whole deck in one PDF (File > Export Deck, `export --deck FILE.pdf`): a title page with the
// answer, its kind and range; one page per chart and per table, each with its takeaway; an
// appendix of the assumptions and their sources. Every page carries the source-and-date line.
// Qt's own PDF writer, vector charts (the exports' paint routine).
#include <QString>
#include <QStringList>

#include "report/report.h"

namespace ff {
class Engine;
struct Result;
} // namespace ff

namespace ffui {

class DeckWriter {
public:
    DeckWriter(const ff::Engine &engine, const ff::Result &result, ff::ReportExtras extras);
    // Writes atomically (QSaveFile); false with errorString() on failure.
    bool write(const QString &path);
    QString errorString() const { return mError; }

    // What the pages say (for tests and the caller): the title page's answer ("projected 2026-03"),
    // its range line and every page's title, in order.
    QString answer() const;
    QString range() const;
    QStringList pageTitles() const;
    // "Frontier Forecast 1.2.3 | data as of 2026-04 | evidence to 2026-02 | data: <dir>"
    static QString sourceLine(const ff::Engine &engine, const ff::Result &r);

private:
    class Pages; // the painting of each page (deckwriter.cpp)

    const ff::Engine &mEngine;
    const ff::Result &mResult;
    ff::ReportExtras mExtras;
    QString mError;
};

} // namespace ffui

#pragma once
// The forecast's tables (cell strings from report.h) as Qt item models. A cell whose text changed
// since the previous result is highlighted for a moment, so a presenter can show what a slider moved.
#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QList>
#include <QTimer>

#include <optional>
#include <vector>

#include "report/compare.h"
#include "forecastextras.h"
#include "report/report.h"

namespace ffui {

enum class TableKind { Scenario, Budget, Reverse, Targets, Claims, Backtest, Ceiling };

// The tables by name: one list for the window, the CSV export and the command line.
struct ForecastTables {
    static QList<TableKind> kinds();
    static QString id(TableKind kind); // "scenario", "budget", "reverse", "targets", "claims", "backtest", "ceiling"
    static QString tabTitle(TableKind kind);
    static std::optional<TableKind> fromId(const QString &id);
    static QStringList ids();
    // What a table needs beyond the Result (Extra::None: the Result alone).
    static Extras needs(TableKind kind);
    // The parts of the Result it shows besides the headline (ff::ResultPart).
    static unsigned parts(TableKind kind);
    static ff::Table table(TableKind kind, const ff::Result &r, const ff::ReportExtras &extras = {});
    // With a pinned scenario (extras.compare): the table compared with it (model/report/compare.h), for the
    // tables that compare (scenario, budget, reverse, per target); nullopt otherwise.
    static std::optional<ff::ComparedTable> compared(TableKind kind, const ff::Result &r, const ff::ReportExtras &extras = {});
    // The column holding a verdict to colour (-1: none).
    static int verdictColumn(TableKind kind);
};

// The colour a verdict cell gets (consistent, optimistic, pessimistic, not checkable); invalid for
// other text. Light tints with dark text, legible in both themes and on a projector.
QColor verdictColor(const QString &verdict);

class TableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        HighlightRole = Qt::UserRole + 1, // qreal: 1 just changed, fading to 0
        PinnedRole,                       // QString: the pinned scenario's text where this cell differs from it, else empty
    };

    // Cells of this column are coloured by verdictColor() (-1: none).
    void setVerdictColumn(int column) { mVerdictColumn = column; }
    int verdictColumn() const { return mVerdictColumn; }

    explicit TableModel(QObject *parent = nullptr);

    void setTable(const ff::Table &table);
    // The table of `kind` for this result; with a pin, compared with it: the cells that differ from
    // the pinned scenario are bold on a tint and their tooltip says what the pinned one had.
    void setForecast(TableKind kind, const ff::Result &r, const ff::ReportExtras &extras);
    bool differsFromPinned(int row, int column) const;
    const ff::Table &table() const { return mTable; }

    // How long a changed cell stays highlighted (milliseconds).
    void setHighlightDuration(int ms) { mDurationMs = ms; }
    int highlightDuration() const { return mDurationMs; }
    qreal highlight(int row, int column) const;
    int highlightedCount() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void fade();
    std::size_t cell(int row, int column) const;

    ff::Table mTable;
    std::vector<std::vector<std::string>> mPinnedText; // per cell: the pinned scenario's text where it differs
    std::vector<std::string> mDifferenceFull;           // per row: every change (the Difference cell's tooltip)
    int mDifferenceColumn = -1;
    std::vector<qint64> mChangedAt; // per cell: when its text last changed (ms on mClock), -1 never
    QElapsedTimer mClock;
    QTimer mFadeTimer;
    int mDurationMs = 2000;
    int mVerdictColumn = -1;
};

} // namespace ffui
